"""Routes of the answer composer and the FAQ search for questions whose answer is one sentence of a document:
an article routed for the topic gives way to a much stronger match of the place asked; of two close articles,
the one matching a keyword of its own comes first; a passage of the named place's own documents just under
the threshold answers instead of "not covered"."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.composer import NEAR_PASSAGE_MARGIN_SHARE, NEAR_PASSAGE_MIN_SHARE, Composer
from bot.answers.service import Answerer
from bot.faq import FaqIndex
from bot.passages import PassageIndex
from bot.passages.index import PassageHit
from tests.asking import ask
from tests.asking import turn_of as make_turn

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def faq(store) -> FaqIndex:
    return FaqIndex(store)


# -- an article routed for the topic and aspect, or a much stronger match ------------------------------------


def test_a_much_stronger_article_of_the_place_beats_the_routed_one(planner, lexicon) -> None:
    # 手续 makes it a procedure question, whose routed article is the list of claim documents
    text = "北京一次性领失业金的手续我上个月已经办完了，现在每档涨了钱，要补差额吗"
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert reply.topic == "faq:bj_lump_sum_no_backpay", reply.text
    assert "不再补发" in reply.text


def test_a_real_procedure_question_keeps_its_routed_article(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京领失业保险金要带哪些材料和手续", intent="ask_unemployment_benefit")
    assert reply.topic == "faq:unemployment_claim_documents", reply.text


# -- two close articles: the one with a keyword of its own ---------------------------------------------------


def test_the_article_matching_a_keyword_of_its_own_comes_first(faq) -> None:
    # 城乡居民养老保险 is in both of 乌海's pension articles; 低保 only in the government-paid one
    hits = faq.search("乌海低保对象的城乡居民养老保险谁来出钱", "wuhai")
    assert hits[0].article.id == "wh_government_paid", hits


def test_a_places_own_article_is_not_put_behind_a_national_one(faq) -> None:
    hits = faq.search("天津办失业登记要是材料造假了会怎样", "tianjin")
    assert hits[0].article.id == "tj_unemployment_registration", hits


def test_a_date_keyword_is_the_articles_own(faq) -> None:
    # 2月 is also in the card article's text (2020年2月3日), as a value: the deadline article stays first
    hits = faq.search("北京1、2月份的社保晚到3月才交，员工看病会受影响吗", "beijing")
    assert hits[0].article.id == "bj_epidemic_deadline", hits


@pytest.mark.parametrize("text", ["", "   ", "？？？", "乌海" * 100])
def test_bad_input_to_the_faq_search_never_raises(faq, text: str) -> None:
    assert isinstance(faq.search(text, "wuhai"), list)


# -- a passage of the named place just under the threshold ---------------------------------------------------


def test_a_named_places_own_passage_answers_instead_of_not_covered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "乌海平时会不会办一些社保知识进社区的宣传活动")
    assert reply.topic == "passage:wh_2020_17", reply.text
    assert reply.text.startswith("文件中与您的问题有关的原文") and "社保知识进社区" in reply.text
    assert "没有涉及" not in reply.text


def test_without_a_place_no_local_passage_is_quoted(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "平时会不会办一些社保知识进社区的宣传活动")
    assert not reply.topic.startswith("passage:"), reply.text


class StubIndex:
    """A passage index whose search returns the hits given (to test near_passage's rule alone)."""

    threshold = 0.5  # near_passage's bars are shares of it

    def __init__(self, hits: list[PassageHit]):
        self.hits = hits

    def search(self, text: str, region: str | None = None, limit: int = 3) -> list[PassageHit]:
        return self.hits[:limit]


@pytest.fixture(scope="module")
def wuhai_passages() -> list:
    index = PassageIndex.load()
    local = [p for p in index.passages if p.region == "wuhai"]
    national = [p for p in index.passages if p.region == "national"]
    return [local[0], local[1], national[0]]


NEAR_PASSAGE_MIN_SCORE = NEAR_PASSAGE_MIN_SHARE * StubIndex.threshold
NEAR_PASSAGE_MARGIN = NEAR_PASSAGE_MARGIN_SHARE * StubIndex.threshold


def near(store, lexicon, hits: list[PassageHit], text: str = "乌海这边参保宣传都搞过什么活动"):
    composer = Composer(Answerer(store), passages=StubIndex(hits))
    return composer.near_passage(make_turn(lexicon, text))


def test_near_passage_takes_one_clear_local_candidate(store, lexicon, wuhai_passages) -> None:
    first, second, _ = wuhai_passages
    score = NEAR_PASSAGE_MIN_SCORE + 0.02
    hits = [
        PassageHit(first, score, True, False),
        PassageHit(second, score - NEAR_PASSAGE_MARGIN - 0.01, True, False),
    ]
    reply = near(store, lexicon, hits)
    assert reply is not None and reply.topic == "passage:wh_2020_17"
    assert first.text[:20] in reply.text


def test_near_passage_refuses_close_candidates(store, lexicon, wuhai_passages) -> None:
    first, second, _ = wuhai_passages
    score = NEAR_PASSAGE_MIN_SCORE + 0.05
    hits = [PassageHit(first, score, True, False), PassageHit(second, score - 0.02, True, False)]
    assert near(store, lexicon, hits) is None


def test_near_passage_refuses_a_low_score(store, lexicon, wuhai_passages) -> None:
    first, _, _ = wuhai_passages
    assert near(store, lexicon, [PassageHit(first, NEAR_PASSAGE_MIN_SCORE - 0.01, True, False)]) is None


def test_near_passage_refuses_a_national_passage(store, lexicon, wuhai_passages) -> None:
    _, _, national = wuhai_passages
    assert near(store, lexicon, [PassageHit(national, NEAR_PASSAGE_MIN_SCORE + 0.1, True, False)]) is None


def test_near_passage_refuses_a_question_without_a_place(store, lexicon, wuhai_passages) -> None:
    first, _, _ = wuhai_passages
    hits = [PassageHit(first, 0.58, True, False)]
    assert near(store, lexicon, hits, text="参保宣传都搞过什么活动啊，有没有") is None


@pytest.mark.parametrize("text", ["", "   ", "乌海？？？", "乌海" * 100, "乌海😀😀😀😀😀😀😀😀"])
@pytest.mark.parametrize("intent", ["ask_policy_faq", "ask_unemployment_benefit"])
def test_bad_input_on_the_passage_routes_never_raises(planner, lexicon, text: str, intent: str) -> None:
    reply = ask(planner, lexicon, text, intent=intent)
    assert reply is not None and reply.text
