"""Short yes/no answers (data/policy/short_answers.yml): grounded in the documents, and said first.

The questions below are ours, written for this test in the style of users; they are not in the
reply-quality sets.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from bot import paths
from bot.answers import short_answers
from bot.answers.service import Answerer
from bot.answers.turn import Turn
from bot.dialogue.planner import Planner
from bot.dialogue.registry import INTENTS
from bot.dialogue.state import ConversationState
from bot.passages import PassageIndex
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def documents_text() -> dict[str, str]:
    by_document: dict[str, list[str]] = {}
    for passage in PassageIndex.load().passages:
        by_document.setdefault(passage.document_id, []).append(passage.text)
    return {doc: _compact("".join(texts)) for doc, texts in by_document.items()}


def test_every_short_answer_rests_on_a_quote_of_its_document(documents_text) -> None:
    entries = short_answers.load()
    assert len(entries) >= 20
    for entry in entries:
        assert entry.document in documents_text, entry.document
        for quote in entry.quotes:
            assert _compact(quote) in documents_text[entry.document], (entry.document, quote)
            # the answer quotes what it relies on (the quote, or its first clause, appears in it)
            assert any(_compact(part) in _compact(entry.answer) for part in re.split(r"[，,。；]", quote)), (
                quote
            )


def test_every_short_answer_names_known_topics_and_regions(store) -> None:
    regions = yaml.safe_load((paths.POLICY_DATA_DIR / "regions.yml").read_text(encoding="utf-8"))["regions"]
    articles = {article.id for article in Answerer(store).faq.articles}
    intents = {spec.intent for spec in INTENTS}
    documents = yaml.safe_load((paths.POLICY_DATA_DIR / "documents.yml").read_text(encoding="utf-8"))
    for entry in short_answers.load():
        assert entry.when, entry.answer
        assert short_answers.already_answered(entry.answer), entry.answer  # it is a yes/no answer
        for region in entry.regions:
            assert region in regions
        for topic in entry.topics:
            kind, _, name = topic.partition(":")
            if kind == "faq":
                assert name in articles, topic
            elif kind == "passage":
                assert name in documents["documents"], topic
            else:
                assert topic in intents, topic


def reply_to(planner: Planner, lexicon: Lexicon, intent: str, text: str) -> str:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    plan = planner.question(
        intent, Turn(text=normalized, entities=entities, today=TODAY), ConversationState()
    )
    assert plan.reply is not None
    return plan.reply.text


@pytest.mark.parametrize(
    ("intent", "question", "first", "quoted"),
    [
        (
            "ask_unemployment_subsidy",
            "北京这个失业补助金，申请前要不要先去街道办失业登记啊",
            "不需要",
            "无需办理失业登记",
        ),
        (
            "ask_unemployment_subsidy",
            "领失业补助金的这半年算不算进我的缴费年限里，会不会被扣掉",
            "不会",
            "不核减",
        ),
        ("ask_reduction", "疫情那年社保减免，我们员工自己工资里扣的那份也免了吗", "不是", "单位缴费部分"),
        (
            "ask_deferral",
            "我是個體戶沒雇人，以個人身份交養老，2020年能不能緩一緩再交？",
            "可以",
            "缴费年限累计计算",
        ),
        (
            "ask_unemployment_benefit",
            "申请失业金是不是一定要原单位给开离职证明？",
            "不是，不需要",
            "可不提供",
        ),
        ("ask_reduction", "攀枝花事业单位里不在编的合同工，单位交的养老能不能减免", "不能", "不在编聘用"),
        (
            "ask_reduction",
            "攀枝花的工地去年12月就开工了，工伤保险早交了，减免能退钱吗",
            "不能",
            "不属于减免范围",
        ),
        (
            "ask_policy_faq",
            "我台湾过来的，在台湾一直有参加劳保没断，到长春的公司上班可以不用交养老吗",
            "可以",
            "不参加基本养老保险和失业保险",
        ),
        ("ask_skill_subsidy", "天津职称证书拿到了但是网站上一直查不到，补贴还能申请吗", "可以", "预登记"),
        (
            "ask_policy_faq",
            "户口是外地的，在乌海做灵活就业，能不能参加企业职工养老保险",
            "能",
            "取消户籍限制",
        ),
    ],
)
def test_yes_no_question_answered_first(planner, lexicon, intent, question, first, quoted) -> None:
    text = reply_to(planner, lexicon, intent, question)
    assert text.splitlines()[0].startswith(first), text
    assert quoted in text


def test_short_answer_needs_the_region_it_was_written_for(planner, lexicon) -> None:
    # Beijing's "only once" rule is not said of another city's subsidy
    text = reply_to(planner, lexicon, "ask_unemployment_subsidy", "天津的失业补助金领过一次了还能再领吗")
    assert "只能申领享受一次" not in text.splitlines()[0]


def test_not_a_yes_no_question_gets_no_short_answer(planner, lexicon) -> None:
    text = reply_to(planner, lexicon, "ask_unemployment_subsidy", "北京失业补助金每个月发多少钱")
    assert not text.startswith(("不需要", "不能", "不会"))


def test_policy_qa_passage_leads_with_its_own_answer() -> None:
    passage = (
        "文件原文（某文件政策问答第八部分）：\n“八、可否办理？\n答：可以。劳动者……直接为其办理就业登记手续。”"
    )
    first = short_answers.first_line_for(("passage:none",), "能不能办", None, passage)
    assert first is not None and first.startswith("可以")
    assert short_answers.first_line_for(("passage:none",), "能不能办", None, "没有答复的文字") is None


@pytest.mark.parametrize("question", ["", "？？？", "😀😀", "吗" * 500])
def test_bad_input_gives_no_short_answer_and_no_error(question) -> None:
    assert short_answers.first_line_for(("faq:none", "ask_reduction"), question, None) is None


def test_another_citys_article_never_answers_for_this_city(store) -> None:
    # a Wuhai question about new construction sites must not get Shanghai's work-injury article
    faq = Answerer(store).faq
    hits = faq.search("乌海新开工的工地，工伤保险减免能延长吗", region="wuhai", min_score=0.0, limit=10)
    assert all(hit.article.region in ("wuhai", "inner_mongolia", "national") for hit in hits)
    assert any(
        hit.article.region == "shanghai"
        for hit in faq.search("新开工的工地，工伤保险减免能延长吗", min_score=0.0, limit=10)
    )


def test_time_since_leaving_is_no_contribution_record(planner, lexicon) -> None:
    # 离职都过去三个多月了: how long ago, not how long insured, so no "不符合：缴费满1年"
    text = reply_to(
        planner,
        lexicon,
        "ask_unemployment_benefit",
        "在长春被辞退，疫情封在老家，离职都过去三个多月了，失业金还能申请吗",
    )
    assert text.startswith("可以申请") and "不受60日限制" in text.splitlines()[0]
    assert "不符合：参保缴费满1年" not in text


def test_a_question_no_article_answers_gets_the_passage_holding_its_words(planner, lexicon) -> None:
    text = reply_to(
        planner, lexicon, "ask_policy_faq", "北京这边单位缴社保，除了让银行扣款，能用汇款的方式交吗"
    )
    assert "银行汇款方式" in text and "没有找到依据" not in text


def test_a_question_naming_no_place_prefers_the_national_article(store) -> None:
    faq = Answerer(store).faq
    hits = faq.search(
        "个体户没雇人，以个人身份交的养老保险，2020年能不能缓一缓再交", None, limit=1, min_score=0.0
    )
    assert hits and hits[0].article.region == "national"


def test_a_city_without_the_figure_gets_its_own_article(planner, lexicon) -> None:
    text = reply_to(planner, lexicon, "ask_flexible_employment", "外地户口在乌海跑外卖，能按灵活就业交养老吗")
    assert "取消户籍限制" in text and "没有收录" not in text.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "澳门居民来长春工作，澳门那边的保险一直交着，这边还用交社保吗",
        "我老家在石家庄，现在长春上班，灵活就业社保怎么交",
    ],
)
def test_where_the_asker_comes_from_is_not_the_place_asked(planner, lexicon, question) -> None:
    text = reply_to(planner, lexicon, "ask_policy_faq", question)
    assert "暂未收录" not in text.splitlines()[0]


def test_an_uncovered_place_asked_about_is_still_not_covered(planner, lexicon) -> None:
    text = reply_to(planner, lexicon, "ask_policy_faq", "澳门的社保怎么交，长春的呢")
    assert "暂未收录“澳门”" in text.splitlines()[0]


def test_a_figure_the_question_names_is_confirmed(planner, lexicon) -> None:
    text = reply_to(planner, lexicon, "ask_base_limits", "天津2020年7月以后社保缴费基数下限还是3364元吗")
    assert text.startswith("是，") and "3364" in text.splitlines()[0]
    other = reply_to(planner, lexicon, "ask_base_limits", "天津2020年7月以后社保缴费基数下限是3000元吗")
    assert not other.startswith("是")  # a figure it is not is never confirmed


def test_facts_that_decide_get_the_verdict_first_even_asked_with_ba(planner, lexicon) -> None:
    text = reply_to(
        planner,
        lexicon,
        "ask_unemployment_benefit",
        "北京的，被公司辞退了，交了三年失业保险，失业登记也办了，能领失业金吧",
    )
    assert text.startswith("可以")


def test_a_time_the_documents_do_not_set_is_said_to_be_not_set(planner, lexicon) -> None:
    text = reply_to(
        planner, lexicon, "ask_unemployment_subsidy", "北京失业补助金网上交了申请，大概几个工作日能到账"
    )
    assert re.match(r"文件没有规定\w*这一时限", text), text[:40]
    assert text.startswith("文件没有规定失业补助金这一时限")  # the topic asked about is named


def test_a_wage_the_user_gives_is_never_confirmed_as_a_figure(planner, lexicon) -> None:
    text = reply_to(
        planner, lexicon, "ask_contribution_base", "长春2020年4月，我工资两千，社保能按两千的基数交吗"
    )
    assert text.startswith("不能") and not text.startswith("是")


def test_a_yes_no_read_as_an_amount_still_gets_a_decided_verdict(planner, lexicon) -> None:
    from bot.answers.composer import Composer

    composer = planner.composer
    normalized = normalize("长春2020年5月，工资才1800，能按1800的基数交社保吗").text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    asked = [
        {"text": normalized, "aspect": "amount", "topic": "ask_contribution_base"}
    ]  # the model's reading
    reply = composer.answer(
        "ask_contribution_base", Turn(text=normalized, entities=entities, today=TODAY, asked=asked)
    )
    assert reply.text.startswith("不能") and isinstance(composer, Composer)


def test_an_employers_loss_is_no_question_about_contribution_years(planner, lexicon) -> None:
    text = reply_to(
        planner, lexicon, "ask_deferral", "长春的小饭店，2020年受疫情影响亏了两个月，能缓缴社保吗"
    )
    assert "缴费年限累计计算" not in text.splitlines()[0]


@pytest.mark.parametrize(
    ("intent", "question", "said"),
    [
        ("ask_job_retention", "长春稳岗返还报上去以后要多久才能到公司账上", True),
        ("ask_policy_faq", "天津办失业登记提交以后几个工作日能办好", False),  # 7个工作日内办结: stated
    ],
)
def test_how_long_handling_takes_is_said_to_be_unstated_unless_it_is(
    planner, lexicon, intent, question, said
) -> None:
    text = reply_to(planner, lexicon, intent, question)
    assert bool(re.match(r"文件没有规定\w*这一时限", text)) is said


def test_two_places_in_one_question_get_both_answers(planner, lexicon) -> None:
    text = reply_to(planner, lexicon, "ask_base_limits", "上海和天津的社保缴费基数上限分别是多少")
    assert "28017" in text and "18969" in text


def test_a_province_beside_its_city_is_one_place(planner, lexicon) -> None:
    text = reply_to(planner, lexicon, "ask_average_wage", "长春用的吉林省全口径平均工资2018年是多少")
    assert "两者的规定分别如下" not in text and "55339" in text


def test_a_topic_the_documents_do_not_treat_still_gets_the_passage_holding_the_question(
    planner, lexicon
) -> None:
    text = reply_to(
        planner, lexicon, "ask_policy_faq", "天津我们公司要破产了，厂里怀孕的女职工生育保险怎么办"
    )
    assert "已怀孕女职工" in text and "没有涉及" not in text.splitlines()[0]
    # nothing in the documents: still said so (天津生完孩子生育津贴能领多少钱 now gets the related passage on
    # the maternity base of the unemployed instead: a known limit, docs/answering.md)
    for question in ("天津生孩子的生育津贴怎么算", "天津产假有多少天"):
        plain = reply_to(planner, lexicon, "ask_policy_faq", question)
        assert "没有涉及" in plain.splitlines()[0], plain


def test_a_remembered_place_does_not_exclude_the_only_article(store) -> None:
    # 长春 only remembered from an earlier turn: Beijing's card article still answers, marked as Beijing's
    faq = Answerer(store).faq
    hits = faq.search("社保卡丢了怎么补", "changchun", limit=1)
    assert hits and hits[0].article.id == "bj_card_replacement"
    assert not faq.search("长春社保卡丢了怎么补", "changchun", limit=1, min_score=0.0) or all(
        hit.article.region in ("changchun", "jilin", "national")
        for hit in faq.search("长春社保卡丢了怎么补", "changchun", limit=5, min_score=0.0)
    )
