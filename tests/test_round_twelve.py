"""Round twelve: mends from the blind set set_y, each a general rule (a month asked within a year told,
the months of a reduction asked again for another employer, a length the documents do not set, a voluntary
leaver's other benefit, arrears on both sides of the late fee's date, a general question naming a topic,
the year of a document's number)."""

from __future__ import annotations

import pytest

from bot.answers.aspects import asks_question, split_questions, topic_of
from bot.dialogue.state import ConversationState
from bot.passages import PassageIndex
from tests.asking import ask, first_line, turn_of

BENEFIT = "ask_unemployment_benefit"


@pytest.fixture(scope="module")
def passages() -> PassageIndex:
    return PassageIndex.load()


def _after(planner, lexicon, intent: str, first: str) -> ConversationState:
    opened = planner.question(intent, turn_of(lexicon, first), ConversationState())
    assert opened.reply is not None and opened.reply.context is not None, opened
    return ConversationState(last=opened.reply.context, last_topic=opened.reply.recorded_topic)


# -- the date asked --------------------------------------------------------------------------------
def test_a_month_within_the_year_told_is_the_date_asked(lexicon) -> None:
    text = "同事说大企业2020年一整年都减半收，是这样吗？我们是天津的大型国企，问的是2020年9月"
    turn = turn_of(lexicon, text)
    period = turn.period()
    assert period is not None and str(period["date_from"]).startswith("2020-09"), period


def test_a_year_alone_stays_the_date_asked(lexicon) -> None:
    period = turn_of(lexicon, "天津大型企业2020年单位养老是减半吗").period()
    assert period is not None and period["date_from"] == "2020-01-01" and period["date_to"] == "2020-12-31"


def test_a_belief_about_the_whole_year_is_denied_for_the_month_asked(planner, lexicon) -> None:
    text = (
        "同事说大企业2020年一整年社保单位部分都减半收，是这样吗？"
        "我们是天津的大型国企，问的是2020年9月那个月的"
    )
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert reply is not None and first_line(reply).startswith(("不能", "不是")), reply.text
    assert "2020年6月底" in reply.text


# -- reductions: how long, asked again for another employer ----------------------------------------
@pytest.mark.parametrize("text", ["我们是上海的中小企业，2020年社保单位部分免到几月", "单位部分减到几月份啊"])
def test_until_when_the_unit_part_is_waived_names_reductions(text) -> None:
    assert topic_of(text) == "ask_reduction"


def test_another_employer_type_after_until_when_gets_its_months_first(planner, lexicon) -> None:
    state = _after(planner, lexicon, "ask_reduction", "我们是上海的中小企业，2020年社保单位部分免到几月")
    plan = planner.value(turn_of(lexicon, "那大型企业呢"), state)
    assert plan.reply is not None, plan
    assert first_line(plan.reply).startswith("大型企业的阶段性减免：2020年2月至2020年6月底"), plan.reply.text
    assert "上海" in plan.reply.text and "长春" not in plan.reply.text


def test_a_length_the_documents_do_not_set_is_said_with_the_date_they_do(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2020年缓缴社保最长能缓几个月", "ask_deferral")
    assert reply is not None
    assert first_line(reply) == "文件没有规定最长月数，只规定了缓缴最晚至2020年12月31日（2020年12月底）。"


def test_a_length_the_documents_set_is_still_given_first(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年缓缴社保最长能缓几个月", "ask_deferral")
    assert reply is not None and first_line(reply) == "缓缴最长月数：6个月。", reply.text


# -- a voluntary leaver: no benefit, but the subsidy of 2020 ---------------------------------------
def test_a_voluntary_leaver_in_2020_is_pointed_to_the_subsidy(planner, lexicon) -> None:
    text = "同事说自己辞职也能领失业金，是真的吗？我在北京交了两年半社保，2020年9月是我自己提的离职"
    reply = ask(planner, lexicon, text, BENEFIT)
    assert reply is not None and first_line(reply).startswith("不能"), reply.text
    assert "另有失业补助金（最长6个月" in reply.text
    assert "1408" not in reply.text and "1816" not in reply.text  # no amount beside 不能


def test_a_voluntary_leaver_after_2020_is_not_pointed_to_an_ended_subsidy(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春的，2021年3月自己辞职的，交了5年能领失业金吗", BENEFIT)
    assert reply is not None and first_line(reply).startswith("不能"), reply.text
    assert "失业补助金" not in reply.text


def test_an_involuntary_leaver_is_not_told_of_the_subsidy(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京2020年9月被公司裁了，交了5年，能领失业金吗", BENEFIT)
    assert reply is not None and "另有失业补助金" not in reply.text, reply.text


# -- a short answer of a document without a number -------------------------------------------------
def test_putting_off_to_the_end_of_march_is_yes_and_names_no_missing_number(planner, lexicon) -> None:
    text = "北京开公司的，2020年1月、2月的社保因为疫情一直没顾上交，能拖到3月底再交吗？"
    reply = ask(planner, lexicon, text)
    assert reply is not None and first_line(reply).startswith("可以"), reply.text
    assert "无文号" not in reply.text


# -- a general question that names a topic ---------------------------------------------------------
def test_a_general_procedure_question_naming_a_topic_gets_that_topics_article(planner, lexicon) -> None:
    text = "长春的，2020年7月被单位辞退了，个人失业待遇咋申报？"
    reply = ask(planner, lexicon, text, "ask_policy_faq")
    assert reply is not None and reply.topic == "faq:cc_personal_wechat", reply.text
    assert "小程序" in reply.text and "社区" in reply.text


# -- late fees: arrears before and after the date of the daily fee ---------------------------------
def test_arrears_before_the_daily_fee_are_told_their_own_rule(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2010年欠的养老保险补缴怎么算", "ask_late_fee")
    assert reply is not None
    assert first_line(reply).startswith("2010年欠缴的：不按日加收滞纳金"), reply.text
    assert "5265" in first_line(reply) and "津人社局发〔2020〕12号" in first_line(reply)


def test_arrears_on_both_sides_are_each_told_their_rule(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津补缴养老保险，2015年和2010年欠的滞纳金各怎么算", "ask_late_fee")
    assert reply is not None
    lines = reply.text.splitlines()
    assert lines[0].startswith("2015年欠缴的：") and "万分之五" in lines[0], reply.text
    assert lines[1].startswith("2010年欠缴的：") and "5265" in lines[1]


def test_arrears_after_the_date_keep_the_rate_card(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2015年欠的养老保险滞纳金怎么算", "ask_late_fee")
    assert reply is not None and reply.text.startswith("【天津·滞纳金】"), reply.text


# -- passages: a document's number names its year; a retirement word that is background ------------
def test_a_year_in_the_documents_number_counts_as_named(passages) -> None:
    hits = passages.search("天津的厂子2020年下半年要裁25个人，需要提前跟谁说明情况", "tianjin", limit=1)
    assert hits and hits[0].passage.document_id == "tj_2020_91"
    assert hits[0].passage.section.label == "四、（二）"
    unyeared = passages.search("天津的厂子下半年要裁25个人，需要提前跟谁说明情况", "tianjin", limit=1)
    assert abs(hits[0].score - unyeared[0].score) < 0.1, (hits[0].score, unyeared[0].score)


def test_archives_after_retirement_are_the_changchun_passage_not_uncovered(planner, lexicon) -> None:
    text = "长春，老职工2020年退休手续办完了，单位手里那些社保业务档案要交到哪去"
    reply = ask(planner, lexicon, text)
    # the passage, or (round twenty-one: the retirement topic's unless_faq) the article that rests on it
    assert reply is not None and reply.topic in ("passage:cc_2020_1", "faq:cc_archive_upload"), reply.text
    assert "社会保险档案管理中心" in reply.text


def test_retirement_procedure_alone_is_still_not_covered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春男职工多大岁数能办退休")
    assert reply is not None and reply.topic.startswith("not_covered"), reply.text


# -- bad input through the new readings ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("欠的滞纳金怎么算", "ask_late_fee"),
        ("天津13年欠的又怎么算？", "ask_late_fee"),
        ("那个单位部分免到几月" * 300, "ask_reduction"),
        ("问的是2020年13月那个月的", "ask_reduction"),
        ("<b>最长能缓几个月</b>", "ask_deferral"),
        ("", "ask_policy_faq"),
        ("自己辞职的，交了-3年", BENEFIT),
    ],
)
def test_bad_input_through_the_new_readings_gets_a_reply(planner, lexicon, text, intent) -> None:
    plan = planner.question(intent, turn_of(lexicon, text), ConversationState())
    assert plan.reply is not None or plan.form is not None
    if plan.reply is not None:
        assert plan.reply.text.strip()


# -- a follow-up pointing with 呢, then asking with 也 -----------------------------------------------
def test_ne_then_ye_is_one_question() -> None:
    questions = split_questions("那交医保的缴费基数呢，也能自己选吗？")
    assert len(questions) == 1 and questions[0].aspect == "eligibility", questions


def test_two_questions_with_their_own_topics_stay_two() -> None:
    questions = split_questions("北京失业金一个月多少钱？失业补助金呢，也是这么多吗？")
    assert len(questions) == 2, questions


def test_the_medical_base_after_a_flexible_workers_answer_is_that_answers(planner, lexicon) -> None:
    state = _after(
        planner, lexicon, "ask_flexible_employment", "天津的灵活就业人员交养老保险，缴费基数可以自己选吗？"
    )
    then = turn_of(lexicon, "那交医保的缴费基数呢，也能自己选吗？")
    plan = planner.question("ask_flexible_employment", then, state)
    assert plan.reply is not None and plan.reply.topic == "ask_flexible_employment", plan
    assert first_line(plan.reply).startswith("不能") and "3364" in first_line(plan.reply), plan.reply.text


def test_choosing_the_pension_base_gives_its_limits(planner, lexicon) -> None:
    text = "天津的灵活就业人员交养老保险，缴费基数可以自己选吗？"
    reply = ask(planner, lexicon, text, "ask_flexible_employment")
    assert reply is not None and "3364" in reply.text and "18969" in reply.text, reply.text
    over = ask(planner, lexicon, "天津灵活就业自己交养老，能不能选2万当缴费基数", "ask_flexible_employment")
    assert over is not None and first_line(over).startswith("不能"), over.text


# -- another province, none in particular ----------------------------------------------------------
def test_other_provinces_after_hubei_get_the_national_rule(planner, lexicon) -> None:
    text = "我们是湖北省的一家大型企业，2020年5月三项社保单位缴费是减半还是免征？要是换成别的省的大型企业呢？"
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert reply is not None and first_line(reply).startswith("是全免"), reply.text
    second = reply.text.split("关于“要是换成别的省的大型企业呢", 1)
    assert len(second) == 2 and "减半征收" in second[1] and "【全国" in second[1], reply.text


# -- a subject announced, nothing asked ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "intent", "subject"),
    [
        ("你好呀，我想咨询一下自己交社保的事情", "ask_contribution", "自己交社保"),
        ("我想问一下社保的事", "ask_policy_faq", "社保"),
        ("想了解一下长春交社保这块", "ask_contribution", "长春交社保"),
    ],
)
def test_a_subject_announced_is_asked_about(planner, lexicon, text, intent, subject) -> None:
    plan = planner.question(intent, turn_of(lexicon, text), ConversationState())
    assert plan.questionnaire is None and plan.reply is not None, plan
    assert plan.reply.topic == "announced"
    assert first_line(plan.reply) == f"好的，请问您具体想了解“{subject}”的哪方面？可以直接把问题发给我。"


@pytest.mark.parametrize(
    "text", ["我想咨询一下失业金能领多少的事", "想问一下北京交了5年失业金的事情", "想问问失业金的事"]
)
def test_a_question_or_a_case_told_with_the_subject_is_answered(planner, lexicon, text) -> None:
    plan = planner.question(BENEFIT, turn_of(lexicon, text), ConversationState())
    assert plan.reply is None or plan.reply.topic != "announced", plan


# -- a rule's period is no record ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["天津申请职称提升补贴，12个月的申请期从哪个日期开始算", "外籍员工3个月内提供参保证明，从哪天算起"],
)
def test_a_rules_period_is_not_the_askers_record(lexicon, text) -> None:
    turn = turn_of(lexicon, text)
    assert turn.months() is None and turn.years() is None, turn.entities


def test_a_record_told_beside_a_rules_period_is_still_read(lexicon) -> None:
    turn = turn_of(lexicon, "失业保险交了40个月，职称证书12个月的申请期过了吗")
    assert turn.months() == 40, turn.entities


# -- a year not covered ends there -----------------------------------------------------------------
def test_a_year_not_covered_gets_no_passage_with_2020_figures(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "上海今年的社保基数上限是多少？", "ask_base_limits")
    assert reply is not None and "原文" not in reply.text and "657" not in reply.text, reply.text
    assert "2026" in first_line(reply)


def test_a_covered_year_the_data_lacks_still_gets_its_passage(planner, lexicon) -> None:
    text = "上海人才引进里说的“上年度城镇单位就业人员平均工资”，2020年7月以后按多少算？"
    reply = ask(planner, lexicon, text)
    assert reply is not None and "9339" in reply.text, reply.text


# -- numbers said aloud: a digit after 万 or 千 ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019年实际交了失业保险费2万4", "2019年实际交了失业保险费24000"),
        ("工资1万2，交了3年", "工资12000,交了3年"),
        ("3万5千", "35000"),
        ("1万3千5", "13500"),
        ("12万3千4百", "123400"),
        ("3千5", "3500"),
        ("2万四", "24000"),
        ("1万2一个月", "12000每个月"),
        ("工资1万 2020年交了3年", "工资10000 2020年交了3年"),
        ("1万", "10000"),
        ("2.5万", "25000"),
        ("工资1w2，长春每月交多少社保", "工资12000,长春每月交多少社保"),
        ("月薪8k5", "月薪8500"),
        ("8k", "8000"),
    ],
)
def test_a_digit_after_wan_or_qian_is_the_next_place_down(text, expected) -> None:
    from bot.text.normalize import normalize

    assert normalize(text).text == expected


def test_the_job_retention_refund_of_2_wan_4_is_half_of_24000(planner, lexicon) -> None:
    text = "长春小微企业，条件都符合，2019年实际交了失业保险费2万4，2020年稳岗返还能返多少钱"
    reply = ask(planner, lexicon, text, "ask_job_retention")
    assert reply is not None and "稳岗返还金额：12000元" in reply.text, reply.text
    assert "100002" not in reply.text


# -- people told, a person told before, a form's topic -------------------------------------------------------
def test_a_few_people_hired_is_told_not_asked() -> None:
    text = "攀枝花2020年减免社保那段时间，公司新招了几个人要增员，参保资料一时凑不齐咋办"
    questions = split_questions(text)
    assert len(questions) == 1 and questions[0].aspect == "procedure", questions


def test_how_many_to_hire_is_still_asked() -> None:
    assert asks_question("公司要招几个人才能拿补贴")


def test_a_flexible_worker_told_before_gets_the_catch_up_date(planner, lexicon) -> None:
    state = _after(planner, lexicon, "ask_deferral", "听说灵活就业人员2020年的养老保险可以缓交")
    plan = planner.question("ask_deferral", turn_of(lexicon, "那这个缓交的钱最晚啥时候得补上"), state)
    assert plan.reply is not None and "2021年12月31日" in first_line(plan.reply), plan.reply


def test_an_employers_deferral_is_silent_on_the_catch_up_date_unless_the_asker_is_a_flexible_worker() -> None:
    from bot.answers.composer import AspectRouting

    silence = AspectRouting.load().silent["ask_deferral"]["deadline"]
    assert silence.applies("缓缴的社保费最晚什么时候补缴")
    assert not silence.applies("缓缴的社保费最晚什么时候补缴", "flexible")
    assert silence.applies("缓缴的社保费最晚什么时候补缴", "migrant")
    assert not silence.applies("缓缴最晚到什么时候", None)  # no catch-up word: not what is left open


def test_the_benefit_run_out_inside_the_subsidy_questionnaire_is_the_subsidy(planner, lexicon) -> None:
    state = ConversationState(active_form="unemployment_subsidy_form")
    turn = turn_of(lexicon, "我2020年6月失业金就领完了，到现在也没找着工作，能领吗")
    plan = planner.question(BENEFIT, turn, state)
    assert plan.reply is not None and plan.reply.topic.startswith("ask_unemployment_subsidy"), plan.reply


def test_the_benefit_run_out_after_the_subsidys_answer_is_the_subsidy(planner, lexicon) -> None:
    state = _after(planner, lexicon, "ask_unemployment_subsidy", "北京的失业补助金")
    turn = turn_of(lexicon, "我2020年6月失业金就领完了，到现在也没找着工作，能领吗")
    plan = planner.question(BENEFIT, turn, state)
    assert plan.reply is not None and first_line(plan.reply).startswith("可以"), plan.reply
    assert "失业补助金" in plan.reply.text


# -- the end of a year; about so many ------------------------------------------------------------------
def test_the_end_of_a_year_is_its_last_month(lexicon) -> None:
    period = turn_of(lexicon, "2020年底被裁的").period()
    assert period is not None and str(period["date_from"]).startswith("2020-12"), period


def test_the_end_of_a_two_digit_year_is_no_length_of_years(lexicon) -> None:
    # 20年底失业的，交了5年: a point told (no date read, as for 19年底就开工了), never twenty years paid
    turn = turn_of(lexicon, "20年底失业的，交了5年")
    assert turn.years() == 5 and not [e for e in turn.entities if e.get("value") == "20年"], turn.entities


def test_twenty_years_paid_is_still_a_record(lexicon) -> None:
    assert turn_of(lexicon, "交了20年").years() == 20


@pytest.mark.parametrize("text", ["工资七八千", "月薪两三万块", "交了三四年"])
def test_about_so_many_is_no_figure(lexicon, text) -> None:
    turn = turn_of(lexicon, text)
    assert turn.money is None and turn.years() is None, turn.entities
    assert "78000" not in turn.text and "23000" not in turn.text


# -- a gap in contributions; an employer closed, as people say it -------------------------------------
@pytest.mark.parametrize("text", ["社保断了两个月有影响吗", "社保断交了半年，以后还能补吗"])
def test_a_gap_in_contributions_is_not_covered(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, "ask_deferral")
    assert reply is not None and reply.topic == "not_covered:contribution_gap", reply.text
    assert "12333" in reply.text and "元" not in reply.text


def test_wuhais_reminder_to_people_with_a_gap_is_its_article(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "在乌海养老保险断交了几个月，会有人提醒吗？拖久了还能补吗")
    assert reply is not None and reply.topic == "faq:wh_interrupted_contributions", reply.text


@pytest.mark.parametrize(
    "text", ["在天津干了三年，厂子倒了能领失业金吗", "公司关门了，北京交了5年，能领失业金吗"]
)
def test_an_employer_closed_is_leaving_involuntarily(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, BENEFIT)
    assert reply is not None and first_line(reply).startswith("可以"), reply.text


def test_a_hukou_from_elsewhere_keeps_the_place_named(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "我在北京上班交了3年，被公司裁了。外地户口能领失业金吗？", BENEFIT)
    assert reply is not None and "北京" in reply.text and "【全国" not in reply.text, reply.text
