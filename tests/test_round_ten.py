"""Round ten: passages found through example questions, and what the replies do with the passages now found
(a table's other rows left out, an article of the same document first, an age asked for)."""

from __future__ import annotations

import pytest

from bot.answers.composer import Composer
from bot.answers.service import Answerer
from bot.passages import PassageHit, PassageIndex
from tests.asking import ask, turn_of


@pytest.fixture(scope="module")
def index() -> PassageIndex:
    return PassageIndex.load()


class OneBest:
    """A passage index whose confident answer to every question is the passage given."""

    threshold = 0.5

    def __init__(self, passage):
        self.passage = passage

    def best(self, text: str, region: str | None = None) -> PassageHit:
        return PassageHit(self.passage, 0.9, True, True)

    def search(self, text: str, region: str | None = None, limit: int = 3) -> list[PassageHit]:
        return [self.best(text, region)]

    def supplement(self, text: str, reply_text: str, region: str | None = None) -> None:
        return None


def _passage(index: PassageIndex, document: str, phrase: str):
    return next(p for p in index.passages if p.document_id == document and phrase in p.text)


def _related(store, lexicon, planner, passage, text: str, intent: str) -> str:
    reply = ask(planner, lexicon, text, intent)
    assert reply is not None and reply.result is not None, text
    composer = Composer(Answerer(store), passages=OneBest(passage))
    return composer._with_related_passage(reply, turn_of(lexicon, text)).text


# -- a table's other rows ----------------------------------------------------------------------------------
def test_the_interpretations_list_of_every_tier_is_not_shown_beside_the_tier_worked_out(
    store, lexicon, planner, index
) -> None:
    every_tier = _passage(
        index, "bj_ui_2020_8", "（二）累计缴费时间满5年不满10年的，失业保险金月发放标准为1843元；（三）"
    )
    text = _related(
        store,
        lexicon,
        planner,
        every_tier,
        "北京交了12年失业保险，失业金一个月发多少",
        "ask_unemployment_benefit",
    )
    assert "1870" in text and "1843" not in text and "1925" not in text


def test_a_rate_tables_other_years_are_not_shown_beside_the_year_asked(
    store, lexicon, planner, index
) -> None:
    table = _passage(index, "cc_2020_1", "2019 (5—12)")
    text = _related(
        store, lexicon, planner, table, "长春2018年养老保险单位缴费比例是多少", "ask_contribution_rate"
    )
    assert "20%" in text and "16%" not in text


def test_a_passage_of_the_same_document_on_something_else_is_still_shown(
    store, lexicon, planner, index
) -> None:
    # the one-off allowance of contract farm workers shares no figure with the benefit tiers: not their table
    other = _passage(index, "bj_ui_2020_8", "农民合同制工人一次性生活补助费标准")
    text = _related(
        store, lexicon, planner, other, "北京交了12年失业保险，失业金一个月发多少", "ask_unemployment_benefit"
    )
    assert "1652元" in text


# -- an article of the passage's own document --------------------------------------------------------------
def test_an_article_of_the_passages_document_answers_and_quotes_it(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京每年的缴费工资要申报吗")
    assert reply is not None and reply.topic == "faq:bj_wage_declaration"
    assert "文件原文（北京市 京人社保字〔2020〕68号" in reply.text


def test_a_passage_of_another_document_than_the_articles_still_answers(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春失业了超过60天还能申请失业金吗")
    assert reply is not None and "不受60日限制" in reply.text


# -- an age asked ------------------------------------------------------------------------------------------
def test_an_age_asked_needs_an_age_in_the_passage(index) -> None:
    assert index.best("长春男职工一般多大岁数退休", "changchun") is None
    hits = index.search("失业金领完了离退休还差不到一年，多大岁数能一直领", limit=3)
    assert all("岁" in hit.passage.text or hit.score < index.threshold for hit in hits)


@pytest.mark.parametrize("text", ["多大岁数", "几岁", "？？多少岁", "岁" * 300])
def test_age_questions_without_a_subject_get_nothing_and_no_error(index, text) -> None:
    assert index.best(text) is None
