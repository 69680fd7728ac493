"""Round twenty-one: a story told before the question (an uncovered topic in the background while a figure
the documents hold is asked), a payment on a base told read as a general question, the time left of a claim
(还有四个月才到期) that is no contribution record, the document's own words asked for (给我看下原文), a
later question answered by the article the whole message matches, amounts worked out with a count after a
noun (三名女工怀着孕) or a deadline inside the phrase (忘了在7月25日前申报), the month's price subsidy,
the bank deduction agreement of 乌海, and uncovered topics (医保划入个人账户的比例)."""

from __future__ import annotations

import pytest

from bot.answers.computations import Calculator
from bot.calc import lookup
from bot.calc.result import NOT_COVERED
from bot.dialogue.state import ConversationState
from bot.text.roles import CLAIM, CONTRIBUTION, duration_role
from tests.asking import ask, first_line, turn_of, turn_read_as


def _read_as(planner, lexicon, text: str, aspect: str, intent: str):
    return planner.question(intent, turn_read_as(lexicon, text, aspect, intent), ConversationState()).reply


# -- the story told before the question ------------------------------------------------------------------
def test_an_uncovered_topic_in_the_story_leaves_the_figure_asked(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "天津的，去年厂里有人工伤了，工伤待遇听说跟全市职工月平均工资挂钩。2020年公布的月平均工资是多少？",
        "ask_average_wage",
    )
    assert "6323" in reply.text and "津人社局发〔2020〕12号" in reply.text, reply.text
    assert "没有涉及" not in reply.text


@pytest.mark.parametrize(
    "text",
    [
        # the topic in the clause that asks: still not covered, whatever figure the story names
        "天津的，厂里贴出了月平均工资。我的生育津贴是不是就按这个算？",
        "北京的，社平工资我查到了。那退休以后每月养老金能拿多少？",
    ],
)
def test_an_uncovered_topic_asked_about_is_still_not_covered(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, "ask_average_wage")
    assert "没有涉及" in reply.text and "12333" in reply.text, reply.text


def test_the_medical_account_share_is_an_uncovered_topic(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津上班的，医保每月扣的钱有多少打到个人账户里？", "ask_contribution")
    assert "没有涉及" in first_line(reply) and "个人账户" in first_line(reply), reply.text
    assert "12333" in reply.text


def test_a_rate_not_covered_names_each_place_with_its_insurances(store) -> None:
    """北京 has rates of other insurances: "没有北京的…；收录的地区：北京" would contradict itself."""
    result = lookup.rates(store, "beijing", "medical")
    assert result.status == NOT_COVERED
    assert "没有收录北京医疗保险的缴费比例" in result.message, result.message
    assert "长春（养老保险、失业保险）" in result.message


# -- a payment on a base told -----------------------------------------------------------------------------
def test_a_payment_on_a_base_told_is_the_contribution_even_read_as_general(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春的大型企业，职工2020年4月缴费基数是五千，单位那部分养老保险实际交多少钱？",
        "ask_policy_faq",
    )
    assert "400元" in first_line(reply), reply.text  # 5000 × 16% halved for large enterprises


def test_a_base_told_without_a_payment_asked_stays_general(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春职工缴费基数是五千的话，这个基数是怎么定出来的", "ask_policy_faq")
    assert reply is not None and reply.topic.startswith(("faq:", "passage:")), reply.text


# -- the time left of a claim -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "length", "role"),
    [
        ("还有四个月才到期", "四个月", CLAIM),
        ("失业金还剩2个月就领完了", "2个月", CLAIM),
        ("交了4个月才到期", "4个月", CONTRIBUTION),  # the contributing verb decides first
    ],
)
def test_the_time_left_before_a_claim_ends_is_no_record(text, length, role) -> None:
    start = text.index(length)
    assert duration_role(text, start, start + len(length)) == role


def test_the_subsidy_while_drawing_the_benefit_reads_no_record_from_the_time_left(planner, lexicon) -> None:
    reply = _read_as(
        planner,
        lexicon,
        "北京的，我失业金还在领，还有三个月到期，失业补助金能同时领吗",
        "eligibility",
        "ask_unemployment_subsidy",
    )
    assert first_line(reply).startswith("不能"), reply.text
    assert "0.25年" not in reply.text and "您参保" not in reply.text, reply.text


# -- the document's own words asked for -------------------------------------------------------------------
def test_the_words_of_the_document_asked_give_the_passage_alone(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京以个人身份存档的，2020年度基数过了申报期没报，会怎么定？把文件原文发我看看",
    )
    assert reply.text.startswith("文件中与您的问题有关的原文"), reply.text
    assert "京人社保字〔2020〕68号" in reply.text and "上一年度" in reply.text
    assert "110%" not in reply.text  # the employers' rule is not what was asked


# -- a later question answered by the article of the whole message ----------------------------------------
def test_a_later_question_gets_the_article_the_message_matches(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京社保卡补办选了快递，进度打哪个电话能查？补卡这段时间去医院看病怎么办？",
        "ask_phone",
    )
    assert "96102" in reply.text and "领卡证明" in reply.text, reply.text


# -- amounts worked out -------------------------------------------------------------------------------------
def test_a_count_before_a_noun_and_the_pregnancy_word(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津厂子2020年破产，两名女职工正怀着孕，生育保险费要预留多少")
    assert "60394" in first_line(reply), reply.text


def test_a_deadline_inside_the_forgotten_declaration(store, lexicon) -> None:
    turn = turn_of(lexicon, "北京公司忘了在截止日前申报2020年度缴费工资，上月缴费额是两万，缴费工资定多少")
    assert any("22000元" in line for line in Calculator(store).lines(turn))


def test_the_price_subsidy_of_a_month_with_no_months_told(store, lexicon) -> None:
    turn = turn_of(lexicon, "价格临时补贴我们这原来每月五十元，2020年翻倍以后每月多少")
    lines = Calculator(store).lines(turn)
    assert any("每月50元提高到100元" in line for line in lines), lines


# -- the bank deduction agreement of 乌海 -------------------------------------------------------------------
def test_the_bank_deduction_question_gets_wuhais_agreement_article(planner, lexicon) -> None:
    reply = _read_as(
        planner, lexicon, "乌海灵活就业的，社保能不能签个协议让银行代扣", "eligibility", "ask_contribution"
    )
    assert "代扣代缴协议" in reply.text and "乌海政发〔2020〕17号" in reply.text, reply.text
    assert "月工资" not in reply.text


def test_a_catch_up_cost_in_wuhai_is_not_the_deduction_article(planner, lexicon) -> None:
    reply = _read_as(
        planner, lexicon, "乌海的，我要交2020年5月的社保，工资4000交多少", "amount", "ask_contribution"
    )
    assert "代扣代缴协议" not in reply.text, reply.text


@pytest.mark.parametrize("text", ["", "？？？", "原文"])
def test_bad_input_under_these_routes_gets_a_reply(planner, lexicon, text) -> None:
    plan = planner.question("ask_policy_faq", turn_of(lexicon, text), ConversationState())
    assert plan.reply is not None or plan.questionnaire is not None
