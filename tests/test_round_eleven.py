"""Round eleven: mends from the blind sets set_u and set_v, each a general rule (dates of a record told, a
state told with 呢, a change asked at a time, a benefit drawn beside another, facts that name a
neighbouring domain, an answer corrected mid-questionnaire)."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.aspects import asks_question, split_questions
from bot.dialogue.state import ConversationState
from bot.questionnaires.answers import corrects_earlier
from tests.asking import ask, first_line, turn_of, turn_read_as

BENEFIT = "ask_unemployment_benefit"


# -- the start of a record is not the date asked about ---------------------------------------------
def test_the_start_of_contributions_is_not_the_date_asked_about(lexicon) -> None:
    turn = turn_of(lexicon, "北京的，2019年11月开始交的社保，到2020年9月自己不干了，失业补助金一个月能拿多少")
    period = turn.period()
    assert period is not None and str(period["date_from"]).startswith("2020-09")
    assert str(turn.start_told()["date_from"]).startswith("2019-11")


def test_a_start_told_alone_is_still_the_date_read(lexicon) -> None:
    turn = turn_of(lexicon, "2019年12月进厂开始交社保，能领临时生活补助吗")
    period = turn.period()
    assert period is not None and str(period["date_from"]).startswith("2019-12")


def test_the_subsidy_of_a_record_under_a_year_is_given_for_the_date_the_job_ended(planner, lexicon) -> None:
    text = "北京的，2019年11月开始交的社保，到2020年9月自己不干了，前后交了不到一年，失业补助金一个月能拿多少"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    assert reply is not None and "880" in reply.text, reply.text
    assert "没有收录北京2019年11月" not in reply.text


# -- 呢 of a state told -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["我爸在北京领失业金呢", "我老公现在每个月领着失业金呢", "他还在上班呢"])
def test_a_state_going_on_told_with_ne_asks_nothing(text) -> None:
    assert not asks_question(text)


@pytest.mark.parametrize(
    "text", ["那要是在天津领呢", "那北京呢", "小微企业3月份呢", "我在长春上班呢，能领吗"]
)
def test_a_follow_on_with_ne_still_asks(text) -> None:
    assert asks_question(text)


def test_a_message_opening_with_a_state_told_is_one_question(lexicon) -> None:
    turn = turn_of(lexicon, "我老公在北京现在每个月领着失业金呢 能不能再把失业补助金也申请上")
    assert len(split_questions(turn.text)) == 1


# -- a change asked at a time ----------------------------------------------------------------------
def _asked_as_amount(planner, lexicon, text: str):
    """The reply under the classifier's reading of the question as an amount one, as Rasa hands it over."""
    turn = turn_read_as(lexicon, text, "amount", BENEFIT)
    return planner.question(BENEFIT, turn, ConversationState()).reply


def test_whether_the_amount_goes_down_from_the_13th_month_is_yes(planner, lexicon) -> None:
    text = "我爸在北京领失业金呢 社保交了十六年 现在每月一千八百九十七 听人说领到第十三个月就降了 是真的吗"
    reply = _asked_as_amount(planner, lexicon, text)
    assert reply is not None and first_line(reply).startswith("是，"), reply.text
    assert "1816" in first_line(reply)


def test_whether_it_goes_up_from_the_13th_month_is_no(planner, lexicon) -> None:
    reply = _asked_as_amount(planner, lexicon, "北京失业金交了16年，现在每月1897，第13个月开始是不是还会涨")
    assert reply is not None and first_line(reply).startswith("不是，"), reply.text


def test_an_amount_for_the_13th_month_without_a_change_asked_is_still_denied(planner, lexicon) -> None:
    reply = _asked_as_amount(planner, lexicon, "北京交了12年失业保险，第13个月开始是不是还按1870发")
    assert reply is not None and first_line(reply).startswith("不是，"), reply.text
    assert "1816" in first_line(reply)


def test_a_second_question_on_the_13th_month_gets_the_line_worked_out(planner, lexicon) -> None:
    text = "问下北京失业金 交了十二年社保的话一个月多少 领到第十三个月以后又是多少"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None and "1870" in reply.text and "1816" in reply.text, reply.text
    assert "1843" not in reply.text and "1897" not in reply.text


# -- not eligible: no amount -----------------------------------------------------------------------
def test_a_voluntary_leaver_is_told_no_without_the_amount(planner, lexicon) -> None:
    text = "我在北京上班，2020年9月份自己提的辞职，之前失业保险交了六年多，这种能领失业保险金不"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None and reply.text.startswith("不能"), reply.text
    assert "1843" not in reply.text and "不列月发放标准" in reply.text


def test_the_subsidy_beside_the_benefit_is_no_without_a_second_verdict(planner, lexicon) -> None:
    text = "我老公在北京现在每个月领着失业金呢 能不能再把失业补助金也申请上 两样一块儿领"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    assert reply is not None and reply.text.startswith("不能"), reply.text
    assert "视情况" not in reply.text


# -- facts that name another domain, and domains that are not social insurance ---------------------
def test_a_rural_registration_told_in_a_benefit_question_is_a_fact(planner, lexicon) -> None:
    text = (
        "我是农村户口 在北京工地上干活 2019年十月单位才给上的保险 2020年六月没活了被辞了 "
        "能领那个临时生活补助吗"
    )
    reply = ask(planner, lexicon, text, "ask_migrant_subsidy")
    assert reply is not None and not reply.topic.startswith("out_of_scope"), reply.text
    assert "880" in reply.text


def test_moving_a_registration_is_still_a_hukou_question(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "农村户口怎么迁到城里")
    assert reply is not None and reply.topic == "out_of_scope:hukou", reply.text


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("我爸八十了 想送他去养老院 长春的公办养老院一个月大概收多少钱", "out_of_scope:elderly_care"),
        ("我老公在香港打工 他的強積金可以提前取出來嗎 要什麼條件", "out_of_scope:hong_kong_macao_schemes"),
        ("香港的强制性公积金怎么查", "out_of_scope:hong_kong_macao_schemes"),
    ],
)
def test_care_homes_and_hong_kongs_mpf_are_not_social_insurance(planner, lexicon, text, topic) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.topic == topic, reply.text
    assert "不属于社保" in reply.text and "元" not in reply.text


# -- a figure stated in words to be confirmed ------------------------------------------------------
def test_a_percentage_in_words_is_confirmed_by_the_article(planner, lexicon) -> None:
    text = (
        "北京的公司 人事忘了报2020年的五险一金缴费工资 已经过了七月二十五号了 "
        "是不是就按上个月缴费额的百分之一百一十来定了"
    )
    reply = ask(planner, lexicon, text)
    assert reply is not None and first_line(reply).startswith("是，"), reply.text
    assert "110%" in first_line(reply)


# -- an answer corrected mid-questionnaire ---------------------------------------------------------
@pytest.mark.parametrize("text", ["不好意思打错了，是交了14年", "说错了，应该是天津", "不对，是8年"])
def test_a_correction_is_recognised(text) -> None:
    assert corrects_earlier(text)


@pytest.mark.parametrize("text", ["是", "不是", "对的", "没有办"])
def test_a_plain_answer_is_no_correction(text) -> None:
    assert not corrects_earlier(text)


def test_a_corrected_earlier_answer_is_changed_and_the_question_asked_again(lexicon) -> None:
    from tests.test_questionnaire_actions import VALIDATORS

    form = "unemployment_benefit_form"
    tracker = _form_tracker_with_entities(
        lexicon, form, "q_involuntary", "不好意思打错了，是交了14年", {"q_city": "beijing", "q_years": 4.0}
    )
    dispatcher = CollectingDispatcher()
    extract = VALIDATORS[f"validate_{form}"]().extract_q_involuntary
    result = asyncio.run(extract(dispatcher, tracker, {}))
    assert result.get("q_years") == 14 and "q_involuntary" not in result, result
    assert any("更正" in (m.get("text") or "") for m in dispatcher.messages)


# -- a follow-up the last article answers -------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "intent", "then", "then_intent"),
    [
        (
            "灵活就业的，2020年养老保险交不起怎么办",
            "ask_flexible_employment",
            "那以后补交的时候基数怎么定",
            "ask_contribution_base",
        ),
        (
            "灵活就业的 今年养老保险实在交不起 能先停一停吗",
            "ask_deferral",
            "那以后补交的话 基数怎么定 要在什么时候之前补上",
            "ask_policy_faq",
        ),
    ],
)
def test_a_follow_up_the_last_article_answers_gets_that_article(
    planner, lexicon, first, intent, then, then_intent
) -> None:
    opened = planner.question(intent, turn_of(lexicon, first), ConversationState())
    assert opened.reply is not None and opened.reply.context is not None
    state = ConversationState(last=opened.reply.context, last_topic=opened.reply.recorded_topic)
    plan = planner.question(then_intent, turn_of(lexicon, then), state)
    # the deferral rule, as its article or (since round fifteen reads 今年 told in a statement as no date
    # asked, so the first answer is the deferral's card) as that card
    assert plan.reply is not None
    assert plan.reply.topic in ("faq:flexible_pension_deferral", "ask_deferral"), plan.reply.text
    assert "上下限" in plan.reply.text and "2021年底" in plan.reply.text


def test_a_follow_up_on_something_else_is_not_held_to_the_last_article(planner, lexicon) -> None:
    opened = planner.question(
        "ask_flexible_employment",
        turn_of(lexicon, "灵活就业的，2020年养老保险交不起怎么办"),
        ConversationState(),
    )
    state = ConversationState(last=opened.reply.context, last_topic=opened.reply.recorded_topic)
    plan = planner.question("ask_phone", turn_of(lexicon, "那长春社保电话是多少"), state)
    assert plan.reply is not None and plan.reply.topic != "faq:flexible_pension_deferral"


def test_a_follow_up_after_a_calculation_is_not_taken_to_an_article(planner, lexicon) -> None:
    """下限呢 after 长春2020年上半年社保缴费基数上限是多少 (the calculator's answer): the lower limit, not the
    national article on the base floor that the two questions together find."""
    first = turn_of(lexicon, "长春2020年上半年社保缴费基数上限是多少")
    opened = planner.question("ask_base_limits", first, ConversationState())
    state = ConversationState(last=opened.reply.context, last_topic=opened.reply.recorded_topic)
    plan = planner.question("ask_base_limits", turn_of(lexicon, "那下限呢"), state)
    assert plan.reply is not None and not plan.reply.topic.startswith("faq:"), plan.reply.text


# -- a local procedure, a country not listed, a count told ----------------------------------------------
def test_changchuns_deferral_procedure_is_its_own_article(planner, lexicon) -> None:
    text = "长春的企业疫情影响挺大，2020年想缓缴养老保险，申请流程是怎样的"
    reply = ask(planner, lexicon, text, "ask_deferral")
    assert reply is not None and reply.topic == "faq:cc_deferral_conditions", reply.text
    assert "吉政办明电〔2020〕12号" in reply.text and "报批" in reply.text


def test_a_country_the_article_does_not_list_is_no(planner, lexicon) -> None:
    text = "长春公司有个美国籍员工，2020年入职的，能按两国社保协定免缴养老保险吗"
    reply = ask(planner, lexicon, text)
    assert reply is not None and first_line(reply).startswith("不能"), reply.text
    assert "美国" in first_line(reply) and "德国" in first_line(reply)
    listed = ask(planner, lexicon, "长春公司有个德国籍员工，能按协定免缴养老保险吗")
    assert listed is not None and not first_line(listed).startswith("不能"), listed.text


def test_a_count_of_people_told_asks_no_amount() -> None:
    from bot.answers.aspects import aspect_of
    from bot.nlu.aspect_classifier import combine

    class SaysAmount:
        def predict(self, text: str) -> tuple[str, float]:
            return "amount", 0.99

    text = "攀枝花2020年减免社保那段时间,单位想把几个职工的缴费基数往上调,社保经办机构给不给办"
    assert aspect_of(text) != "amount"
    assert combine(text, SaysAmount(), "model_then_word") != "amount"
    assert combine("单位给几个职工交多少钱", SaysAmount(), "model_then_word") == "amount"


def test_a_follow_up_asking_what_the_article_does_not_say_is_its_own_question(planner, lexicon) -> None:
    opened = planner.question(
        "ask_flexible_employment",
        turn_of(lexicon, "长春个体户2020年交社保能选几个档次？"),
        ConversationState(),
    )
    assert opened.reply is not None
    state = ConversationState(last=opened.reply.context, last_topic=opened.reply.recorded_topic)
    plan = planner.question("ask_contribution_rate", turn_of(lexicon, "那养老保险的缴费比例是多少"), state)
    assert plan.reply is not None and not plan.reply.topic.startswith("faq:"), plan.reply.text
    assert "20%" in plan.reply.text


@pytest.mark.parametrize(
    ("text", "migrant"),
    [
        ("我是农村户口的合同制工人，2019年才在北京单位上班交的社保", True),
        ("农村户口，在北京工地上干活", True),
        ("我是农民工", True),
        ("农村户口怎么交医保", False),
        ("我在北京上班，交了两年社保", False),
    ],
)
def test_a_rural_registration_working_in_town_is_a_migrant_worker(lexicon, text, migrant) -> None:
    assert turn_of(lexicon, text).migrant_worker() is migrant


# -- a short answer over a reply that cites nothing of it -----------------------------------------------
def test_a_short_answer_names_its_document_when_the_reply_under_it_does_not(planner, lexicon) -> None:
    from bot.answers import short_answers

    text = "我是灵活就业的，2020年有几个月养老没交，打算2021年再接着交，之前交的年限会不会断了要重新算？"
    turn = turn_read_as(lexicon, text, "eligibility", "ask_flexible_employment")
    reply = planner.composer.answer("ask_flexible_employment", turn)
    first = first_line(reply)
    assert first.startswith("不影响缴费年限") and first.endswith("（人社部发〔2020〕49号）。"), reply.text
    assert short_answers.is_short_answer(reply.text)  # still a settled answer: no questionnaire after it


# -- a belief to confirm that the documents contradict ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "我们是长春的一家大型企业，会计跟我说从2020年5月开始养老保险单位那部分就不减半了，要按全额交，是这样吧？",
            "减半",
        ),
        ("中小微企业社保单位部分免征，到2020年6月底就结束了，没错吧？", "2020年6月30日以后单位缴费仍免征"),
    ],
)
def test_a_wrong_belief_about_the_reduction_is_denied(planner, lexicon, text, said) -> None:
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert reply is not None and first_line(reply).startswith("不是"), reply.text
    assert said in first_line(reply)


@pytest.mark.parametrize(
    "text",
    ["长春大型企业2020年5月养老保险单位部分是减半吗", "中小微企业社保单位部分免征到2020年12月底结束，对吗"],
)
def test_a_right_belief_about_the_reduction_is_still_yes(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert reply is not None and first_line(reply).startswith("是"), reply.text


def test_facts_that_fail_a_condition_outweigh_the_rules_yes(planner, lexicon) -> None:
    text = (
        "长春开小饭店的，以单位方式参保，疫情期间亏了两个月，员工工资还能照常发，能申请缓缴养老和失业保险吗？"
    )
    reply = ask(planner, lexicon, text, "ask_deferral")
    assert reply is not None and reply.text.startswith("不能"), reply.text
    assert "连续3个月以上累计亏损" in first_line(reply)


def test_a_late_certificate_claim_depends_on_why_it_was_late(planner, lexicon) -> None:
    text = (
        "天津这边，我的职称证书是2019年3月发的，一直拖着没去申请补贴，现在都二〇二〇年八月了，"
        "还能申请职称提升补贴吗？"
    )
    reply = ask(planner, lexicon, text, "ask_skill_subsidy")
    assert reply is not None and first_line(reply).startswith("视情况"), reply.text
    assert "12个月内" in first_line(reply) and "2020年12月31日" in first_line(reply)


def test_a_late_diploma_claim_is_no_the_extension_being_the_title_subsidys(planner, lexicon) -> None:
    text = "天津，我的大专毕业证是2019年3月发的，2020年6月才想起来申请学历提升补贴，还来得及吗"
    reply = ask(planner, lexicon, text, "ask_skill_subsidy")
    assert reply is not None and reply.text.startswith("不能"), reply.text
    assert "2020年12月31日" not in first_line(reply)


# -- a wage told with its year ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "base", "personal"),
    [
        (
            "长春的一名员工，2019年月平均工资是20000元，2020年3月他个人要交的养老保险费是多少？",
            "13835",
            "1106.8",
        ),
        (
            "长春的一名保洁员，2019年月平均工资是2000元，2020年5月她个人要缴的养老保险费是多少？",
            "2767",
            "221.36",
        ),
    ],
)
def test_a_wage_told_with_its_year_asks_the_contribution_on_it(
    planner, lexicon, text, base, personal
) -> None:
    reply = ask(planner, lexicon, text, "ask_average_wage")
    assert reply is not None and reply.topic.startswith("ask_contribution"), reply.text
    assert base in reply.text and personal in reply.text


def test_the_year_of_a_wage_told_is_not_the_date_asked_about(planner, lexicon) -> None:
    text = "长春2020年上半年，有个员工2019年月平均工资才2500元，他的缴费基数按多少核定？"
    reply = ask(planner, lexicon, text, "ask_contribution_base")
    assert reply is not None and "2767" in reply.text and "没有收录2019年" not in reply.text, reply.text
    assert turn_of(lexicon, "天津2019年月平均工资是多少").period() is not None  # a statistic's year stays


def test_the_average_wage_asked_is_still_the_average_wage(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2019年月平均工资是多少", "ask_average_wage")
    assert reply is not None and reply.topic == "ask_average_wage", reply.text


def _form_tracker_with_entities(lexicon, form: str, requested: str, text: str, slots: dict) -> Tracker:
    from tests.test_questionnaire_actions import form_tracker

    told = form_tracker(form, requested, text, slots=slots)
    message = {**told.latest_message, "entities": turn_of(lexicon, text).entities}
    return Tracker("tester", told.slots, message, [], False, None, {"name": form}, "action_listen")


def test_answers_told_with_the_questionnaires_own_question_are_kept(lexicon) -> None:
    from tests.test_questionnaire_actions import VALIDATORS

    form = "job_retention_form"
    text = (
        "我们一直足额缴失业保险好几年了，2020年一个人都没裁，2019年实际缴纳的失业保险费是8万元，"
        "大概能返多少？"
    )
    tracker = _form_tracker_with_entities(lexicon, form, "q_ui_months", text, {"q_city": "changchun"})
    result = asyncio.run(
        VALIDATORS[f"validate_{form}"]().extract_q_ui_months(CollectingDispatcher(), tracker, {})
    )
    assert result.get("q_last_year_paid") == 80000 and result.get("q_laid_off") == 0, result
    assert "q_ui_months" not in result  # 好几年 is no number of months: asked again


# -- an amount the asker was told, to confirm ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "北京的，累计交了16年失业保险，2020年9月被公司裁员了。同事说我每个月的失业金是1870元，是这个数吗？",
            "不是，按您说的情况失业保险金月标准为1897元/月。",
        ),
        (
            "北京的，累计交了16年失业保险，2020年9月被公司裁员了，每个月的失业金是1897元，对吗？",
            "是，失业保险金月标准为1897元/月。",
        ),
    ],
)
def test_an_amount_the_asker_was_told_is_checked_against_the_one_worked_out(
    planner, lexicon, text, first
) -> None:
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None and first_line(reply) == first, reply.text


def test_a_wage_told_beside_a_yes_no_is_no_belief(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京交了3年失业保险，工资8000元，是不是能领失业金", "ask_unemployment_benefit"
    )
    assert reply is not None and not first_line(reply).startswith(("是，", "不是，")), reply.text


# -- bad input through the new readings ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "打错了" * 2000,
        "<script>alert(1)</script>打错了，是交了",
        "到2020年13月底就结束了，对吗",
        "是这个数吗？" * 50,
    ],
)
def test_the_new_readings_take_bad_input_without_error(planner, lexicon, text) -> None:
    from bot.answers.composer import _believed_amounts, _end_claimed

    assert isinstance(corrects_earlier(text), bool)
    assert _end_claimed(text) is None
    assert _believed_amounts(text) == set()
    turn = turn_of(lexicon, text)
    assert not turn.migrant_worker() and turn.period() is None
    if text.strip():
        reply = ask(planner, lexicon, text, "ask_reduction")
        assert reply is None or reply.text  # a reply or a questionnaire, never an exception
