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
BENEFIT_12_YEARS = ("北京交了12年失业保险，失业金一个月发多少", "ask_unemployment_benefit")


@pytest.mark.parametrize(
    ("document", "phrase", "asked", "shown", "left_out"),
    [
        # the interpretation's list of every tier beside the tier worked out (1870)
        (
            "bj_ui_2020_8",
            "（二）累计缴费时间满5年不满10年的，失业保险金月发放标准为1843元；（三）",
            BENEFIT_12_YEARS,
            "1870",
            ["1843", "1925"],
        ),
        # a rate table's other years beside the year asked (2018: 20%, not 2019's 16%)
        (
            "cc_2020_1",
            "2019 (5—12)",
            ("长春2018年养老保险单位缴费比例是多少", "ask_contribution_rate"),
            "20%",
            ["16%"],
        ),
        # the one-off allowance of contract farm workers shares no figure with the tiers: not their table
        ("bj_ui_2020_8", "农民合同制工人一次性生活补助费标准", BENEFIT_12_YEARS, "1652元", []),
    ],
)
def test_a_tables_other_rows_are_left_out_and_other_passages_shown(
    store, lexicon, planner, index, document, phrase, asked, shown, left_out
) -> None:
    text = _related(store, lexicon, planner, _passage(index, document, phrase), *asked)
    assert shown in text and not [figure for figure in left_out if figure in text], text


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


# -- set_t's failures, mended in general --------------------------------------------------------------------
def test_the_tier_worked_out_says_what_it_becomes_from_the_13th_month(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京失业保险交了7年，每个月能领多少", "ask_unemployment_benefit")
    assert reply is not None and "1843元" in reply.text and "从第13个月起一律按1816元发放" in reply.text
    # a tier asked for the 13th month on is that amount, said once
    later = ask(planner, lexicon, "北京交了7年失业保险，第14个月领多少", "ask_unemployment_benefit")
    assert later is not None and later.text.count("从第13个月起一律按1816元发放") == 1


@pytest.mark.parametrize(
    ("cited", "label", "held"),
    [
        ("解读四、涉及范围、一、（一）至（五）", "一、（四）", True),
        ("解读四、涉及范围、一、（一）至（五）", "一、（六）", False),
        ("二、（一）至（三）", "一、（二）", False),
        ("一、（二）", "一、（二）", True),
        ("一、（一）至（五）", "三、", False),
        ("", "一、（一）", False),
    ],
)
def test_a_citation_of_a_run_of_items_holds_each_of_them(cited, label, held) -> None:
    from bot.answers.composer import _cites

    assert _cites(cited, label) is held


@pytest.mark.parametrize(
    "text",
    ["公司一直拖欠加班费，周末加班的加班费按几倍工资算？", "家里的狗咬伤了邻居，宠物责任险在哪买，能赔多少"],
)
def test_overtime_pay_and_liability_insurance_are_not_social_insurance(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.topic.startswith("out_of_scope:"), reply.text
    assert "不属于社保" in reply.text and "元" not in reply.text


def test_overtime_pay_in_a_contribution_question_is_still_social_insurance(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "加班费算不算社保缴费基数")
    assert reply is not None and not reply.topic.startswith("out_of_scope"), reply.text


def test_the_certificate_date_rule_is_quoted_as_the_document_has_it(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津申请职称提升补贴，证书上有两个日期，按哪个算", "ask_skill_subsidy")
    assert reply is not None and "证书上同时存在多个日期，按最后一个日期核定" in reply.text


def test_a_degree_without_the_diploma_after_several_words_is_no(planner, lexicon) -> None:
    text = "天津这边，我拿到了本科的学位证，但是毕业证（学历证书）因为一些原因还没拿到，学历提升补贴能申请吗"
    reply = ask(planner, lexicon, text, "ask_skill_subsidy")
    assert reply is not None and reply.text.startswith("不能"), reply.text
    both = ask(planner, lexicon, "天津毕业证和学位证都没拿到，学历提升补贴能申请吗", "ask_skill_subsidy")
    assert both is not None and not both.text.startswith("不能。不符合：取得大学专科"), both.text


def test_a_start_with_the_place_between_is_the_start(lexicon) -> None:
    turn = turn_of(lexicon, "我是农民工，2019年10月份在北京的工地开始上的保险，干了7个月就没活了")
    start = turn.start_told()
    assert start is not None and str(start["date_from"]).startswith("2019-10")


def test_whether_the_fee_is_not_charged_is_answered_yes(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春企业缓缴批下来了，缓缴这几个月是不是就不收滞纳金了？", "ask_deferral")
    assert reply is not None and reply.text.startswith("是，"), reply.text
    plain = ask(planner, lexicon, "长春企业缓缴期间要交滞纳金吗", "ask_deferral")
    assert plain is not None and plain.text.startswith("不用，"), plain.text


def test_people_of_a_place_working_in_another_ask_about_the_other(lexicon) -> None:
    turn = turn_of(lexicon, "台湾同胞在长春一家公司上班，台湾那边的劳保一直保留着，他在长春可以不交养老吗")
    assert turn.region == "changchun"
    assert turn_of(lexicon, "上海员工的缴费基数上限是多少").region == "shanghai"


# -- set_q's failures, read this round ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "长春那个社保返钱，一般能返多少？政策到啥时候为止？",
        "长春的小公司，失业保险才交了8个月，能申请社保返钱不？",
    ],
)
def test_the_refund_to_employers_asked_in_everyday_words(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.topic == "ask_job_retention", reply.text
    assert "50%" in reply.text


def test_a_question_opening_a_conversation_read_as_a_value_is_its_topics_question(planner, lexicon) -> None:
    from bot.dialogue.state import ConversationState

    turn = turn_of(lexicon, "北京2020年下半年失业，失业保险交了3年，一个月领多少")
    plan = planner.value(turn, ConversationState())
    assert plan.reply is not None and plan.reply.topic == "ask_unemployment_benefit", plan.reply
    assert "1816元" in plan.reply.text.splitlines()[0]


def test_after_an_answer_a_value_goes_on_with_the_topic_asked_before(planner, lexicon) -> None:
    from bot.dialogue.state import ConversationState

    first = planner.question(
        "ask_unemployment_subsidy", turn_of(lexicon, "失业补助金能领几个月？"), ConversationState()
    )
    assert first.reply is not None
    state = ConversationState(last=first.reply.context)
    turn = turn_of(lexicon, "我在北京，2020年失业的，失业保险才交了八个月，一个月能拿多少")
    plan = planner.value(turn, state)
    assert plan.reply is not None and "880元" in plan.reply.text, plan.reply.text


def test_a_type_and_a_place_the_asker_denies_are_not_read(planner, lexicon) -> None:
    text = "我们是大型国企（不是机关事业单位，也不在湖北），2020年8月份的单位社保还能减半征收吗"
    turn = turn_of(lexicon, text)
    assert [e.get("value") for e in turn.all("enterprise_type")] == ["large"]
    assert turn.region != "hubei"
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert reply is not None and reply.text.startswith("不能") and "6月底" in reply.text.splitlines()[0]
    # a place and a type named plainly are read as before
    assert turn_of(lexicon, "公司不在北京，在天津，交社保基数多少").region == "tianjin"
    assert turn_of(lexicon, "湖北的大型企业2020年减免到几月").region == "hubei"
