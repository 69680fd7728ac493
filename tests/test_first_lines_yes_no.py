"""First lines of yes/no, conditions and amount questions whose reply used to lead with the wrong thing:
a short answer settled by the passage quoted, a later year the data lacks, the late fee outside a deferral,
the insurances a deferral covers, the end of a reduction, an enterprise size said before its trade, a base
limit whose rule the document gives without the wage, and the articles that hold a place's own criteria."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers import short_answers
from bot.answers.composer import _reduction_yes_no
from bot.answers.contribution import late_fee_first_line
from bot.answers.employer import deferred_insurances, enterprise_size
from bot.calc import contribution, lookup
from bot.calc.result import NOT_COVERED, OK, Figure, Result
from tests.asking import ask, first_line, turn_of

TODAY = dt.date(2026, 11, 30)


# -- a short answer whose quote the reply holds ------------------------------------------------------------
def test_a_short_answer_applies_to_the_passage_that_holds_its_quote() -> None:
    quoted = "文件原文：“2020年2月1日前已缴纳工伤保险费并开工的工程建设项目，不属于减免范围。”"
    question = "我们工地去年年底开工，工伤保险当时就交了，能退吗"
    answer = short_answers.first_line_for(
        ("passage:pzh_2020_reduction", "ask_policy_faq"), question, "panzhihua", quoted
    )
    assert answer is not None and answer.startswith("不能")
    # the same question with a reply that does not quote the sentence: nothing settles it
    assert (
        short_answers.first_line_for(
            ("passage:pzh_2020_reduction", "ask_policy_faq"), question, "panzhihua", ""
        )
        is None
    )
    # the region still decides
    assert short_answers.first_line_for(("passage:x", "ask_policy_faq"), question, "beijing", quoted) is None


def test_a_project_started_before_february_is_not_refunded(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "攀枝花有个工地项目2019年12月开工，工伤保险那时就交了，这个还能退吗",
        "ask_policy_faq",
    )
    assert first_line(reply).startswith("不能"), reply.text
    assert "不属于减免范围" in reply.text


# -- a later year the documents do not cover ---------------------------------------------------------------
def test_a_later_year_leads_with_not_covered_not_the_2020_short_answer(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "上海2023年打零工的灵活就业人员还能暂缓缴养老保险吗", "ask_deferral")
    assert "没有收录" in first_line(reply) and "2023" in first_line(reply), reply.text
    assert not reply.text.startswith("可以")


def test_the_2020_question_still_gets_the_short_answer(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "上海灵活就业2020年交不起养老保险能暂缓吗", "ask_deferral")
    assert reply.text.startswith("可以"), reply.text


# -- late fees: the deferral's exemption only for a deferral -------------------------------------------------
def late_fee_rate(store) -> Result:
    return lookup.lookup(store, "late_fee.daily_rate", "tianjin", today=TODAY)


def test_arrears_outside_a_deferral_pay_the_daily_rate(store, lexicon) -> None:
    line = late_fee_first_line(
        store, late_fee_rate(store), turn_of(lexicon, "天津单位补缴2016年欠的养老保险，要交滞纳金吗")
    )
    assert line is not None and line.startswith("要") and "万分之五" in line


def test_an_approved_deferral_pays_none(store, lexicon) -> None:
    line = late_fee_first_line(
        store, late_fee_rate(store), turn_of(lexicon, "天津经批准缓缴的社保，补缴时要交滞纳金吗")
    )
    assert line is not None and line.startswith("不用")


def test_arrears_before_the_rule_are_revalued_not_charged_by_the_day(store, lexicon) -> None:
    line = late_fee_first_line(
        store, late_fee_rate(store), turn_of(lexicon, "天津补缴2008年欠的养老保险要交滞纳金吗")
    )
    assert line is not None and line.startswith("不按日加收") and "保值系数" in line


def test_late_fee_line_needs_a_late_fee_rate(store, lexicon) -> None:
    other = Result(topic="lookup", status=OK, region="tianjin")
    assert late_fee_first_line(store, other, turn_of(lexicon, "天津补缴欠费要交滞纳金吗")) is None
    failed = lookup.lookup(store, "late_fee.daily_rate", "beijing", today=TODAY)
    assert failed.status == NOT_COVERED
    assert late_fee_first_line(store, failed, turn_of(lexicon, "北京补缴2016年欠费要交滞纳金吗")) is None


def test_the_reply_to_arrears_leads_with_the_rate(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津企业补缴2017年漏交的养老保险欠费，还要不要交滞纳金？", "ask_late_fee")
    assert first_line(reply).startswith("要") and "万分之五" in first_line(reply), reply.text


# -- the insurances a deferral covers ---------------------------------------------------------------------
def test_an_insurance_on_the_list_can_be_deferred(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "攀枝花企业受疫情影响，失业保险能不能也缓缴？", "ask_deferral")
    first = first_line(reply)
    assert first.startswith("可以") and "失业保险" in first and "严重困难" in first, reply.text


def test_an_insurance_off_the_list_cannot(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春的企业，医疗保险可以申请缓缴吗", "ask_deferral")
    assert first_line(reply).startswith("不能") and "医疗保险" in first_line(reply), reply.text


def test_no_insurance_named_leaves_the_verdict(store, lexicon) -> None:
    from bot.calc import employer

    result = employer.deferral_eligibility(store, "panzhihua", today=TODAY)
    assert deferred_insurances(result, turn_of(lexicon, "攀枝花企业能缓缴社保吗")) is None
    assert deferred_insurances(Result(topic="deferral"), turn_of(lexicon, "工伤保险能缓缴吗")) is None


# -- the end of a reduction, and the size said before the trade ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("我们是一家大型物流企业", "large"),
        ("小型餐饮公司", "sme"),
        ("中型机械厂", "sme"),
        ("大型活动", None),
        ("", None),
        (None, None),
    ],
)
def test_enterprise_size_before_the_trade(text, size) -> None:
    assert enterprise_size(text) == size


def test_a_large_enterprise_after_june_is_told_the_end(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津一家大型建筑企业，2020年9月单位社保还能减半交吗", "ask_reduction")
    first = first_line(reply)
    assert first.startswith("不能") and "6月底" in first, reply.text


def test_the_reduction_still_running_is_confirmed(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京的大型企业2020年5月单位缴费能减半吗", "ask_reduction")
    assert first_line(reply).startswith("是"), reply.text


# -- a limit whose rule the document gives without the wage -------------------------------------------------
def test_changchun_limits_after_june_are_not_set_in_yuan(store) -> None:
    result = contribution.base_limits(store, "changchun", dt.date(2020, 10, 1), TODAY)
    assert result.status == NOT_COVERED
    assert result.message.startswith("文件没有规定") and "2019年度" in result.message
    assert "13835" not in result.message and "2767" not in result.message
    # the first half of 2020 still has its figures
    assert contribution.base_limits(store, "changchun", dt.date(2020, 3, 1), TODAY).status == OK


# -- a place's own criteria and the online claim ------------------------------------------------------------
def test_beijing_subsidy_conditions_are_beijings(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京的失业补助金申请条件有哪些", "ask_unemployment_subsidy")
    assert reply.topic == "faq:bj_subsidy_conditions", reply.text
    assert "本人原因" in reply.text and "期满" in reply.text


def test_panzhihua_serious_difficulty_criteria(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "攀枝花的企业要满足哪些条件才算生产经营严重困难，才能缓缴", "ask_deferral")
    assert "持续亏损" in reply.text and "停产" in reply.text, reply.text


def test_beijing_residents_pension_claim_online(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京城乡居民养老待遇申领可以在网上办理吗", "ask_policy_faq")
    assert reply.topic == "faq:bj_resident_pension_online" and "北京通" in reply.text, reply.text


def test_a_pension_amount_stays_not_covered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京城乡居民养老金每月能领多少", "ask_policy_faq")
    assert reply.topic == "not_covered:pension_amount", reply.text


def test_another_citys_online_pension_claim_gets_no_beijing_article(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "上海养老金领取能在网上办吗", "ask_policy_faq")
    assert reply.topic != "faq:bj_resident_pension_online" and "北京通" not in reply.text, reply.text


def test_the_deferral_states_the_places_criteria(store) -> None:
    from bot.calc import employer

    steps = employer.deferral_eligibility(store, "panzhihua", today=TODAY).steps
    assert any("认定标准" in s and "持续亏损" in s and "半停产" in s for s in steps)
    # a place whose documents give none says none (长春 sets months of losses instead)
    assert not any(
        "认定标准" in s for s in employer.deferral_eligibility(store, "changchun", today=TODAY).steps
    )


def test_a_span_of_months_is_answered_by_its_most_favourable_month(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "湖北大型企业2020年上半年单位缴费能全免吗", "ask_reduction")
    assert first_line(reply).startswith("是") and "免征" in first_line(reply), reply.text


@pytest.mark.parametrize(
    ("text", "count"),
    [("2020年上半年", 6), ("2020年3月", 0), ("2020年", 12), ("没有日期", 0)],
)
def test_span_months(lexicon, text: str, count: int) -> None:
    from bot.answers.employer import span_months

    assert len(span_months(turn_of(lexicon, f"北京大型企业{text}能减半吗"))) == count


# -- claim-time conditions, whether an employer must still pay, bases, uncovered years, increases -------


def test_laid_off_with_a_whole_department_can_claim(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "在北京上班，厂里效益不好把我们一车间全裁了，失业保险缴了4年，可以领失业金吗",
        "ask_unemployment_benefit",
    )
    assert first_line(reply).startswith("可以"), reply.text
    assert "失业登记" in first_line(reply)  # what is still done when claiming is named


def test_leaving_of_ones_own_will_still_cannot_claim(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京的，我自己辞职的，交了4年失业保险，可以领失业金吗", "ask_unemployment_benefit"
    )
    assert first_line(reply).startswith("不能"), reply.text


def test_an_open_substantive_condition_stays_it_depends(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京的，失业保险缴了4年，可以领失业金吗", "ask_unemployment_benefit")
    assert first_line(reply).startswith("视情况"), reply.text


def test_subsidy_after_a_short_insured_spell(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京的，参保才八个月就被单位辞退了，失业补助金能不能领", "ask_unemployment_subsidy"
    )
    assert first_line(reply).startswith("可以"), reply.text
    assert "880" in reply.text


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("我们是上海的小型企业，2020年9月工伤保险单位部分还要交吗", "不用"),
        ("上海的大型企业，2020年3月养老单位那部分还用交吗", "要交"),
    ],
)
def test_whether_the_employer_must_still_pay(planner, lexicon, text: str, start: str) -> None:
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert first_line(reply).startswith(start), reply.text


def test_reduction_yes_no_without_shares_is_none() -> None:
    assert _reduction_yes_no(Result(topic="reductions"), "单位那块还用交吗") is None
    result = Result(topic="reductions")
    result.figures["pension_share"] = Figure("基本养老保险单位缴费减免比例", 0.5, "ratio")
    assert _reduction_yes_no(result, "还用交吗").startswith("要交")
    assert _reduction_yes_no(result, "是不是减半").startswith("是")


def test_the_wage_a_periods_base_is_set_from(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年1到6月份核定缴费基数用的社平工资是多少", "ask_average_wage")
    assert "4612" in reply.text and "55339" in reply.text, reply.text
    # no base asked about: the statistical year's wage, which the data lacks, and no base wage offered
    plain = ask(planner, lexicon, "长春2020年的社平工资是多少", "ask_average_wage")
    assert "4612" not in plain.text and "没有收录" in plain.text


def test_a_year_the_data_lacks_for_a_covered_place(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "上海2017年度职工平均工资多少钱", "ask_average_wage")
    assert reply.topic == "not_covered:year", reply.text
    assert "2017" in first_line(reply) and "上海2019年" in reply.text
    covered = ask(planner, lexicon, "上海2019年度职工平均工资多少钱", "ask_average_wage")
    assert covered.topic == "ask_average_wage" and "114962" in covered.text


def test_the_increase_of_every_bracket(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京的失业保险金标准提高了多少", "ask_unemployment_benefit")
    assert "每档增加110元" in first_line(reply), reply.text
    other = ask(planner, lexicon, "天津的失业保险金标准提高了多少", "ask_unemployment_benefit")
    assert "每档增加" not in other.text


@pytest.mark.parametrize(
    ("text", "intent", "start"),
    [
        ("减免社保以后，我们员工工资单里扣的失业保险也不扣了吗", "ask_reduction", "不是"),
        (
            "长春的企业聘了一名台湾居民，他在台湾一直参保，我们必须给他交养老保险吗",
            "ask_policy_faq",
            "视情况",
        ),
        ("北京补办社保卡能用快递邮寄吗", "ask_policy_faq", "可以"),
    ],
)
def test_short_answers_of_the_documents(planner, lexicon, text: str, intent: str, start: str) -> None:
    reply = ask(planner, lexicon, text, intent)
    assert first_line(reply).startswith(start), reply.text


def test_a_year_only_inferred_from_today_gets_the_documents_short_answer(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京的单位，今年2月的社保因为疫情晚交了二十来天，会收滞纳金吗", "ask_late_fee"
    )
    # the document that gives the answer named, since the reply under it cites nothing for this year
    assert first_line(reply).startswith("按2020年的文件（"), reply.text
    assert "）：视情况" in first_line(reply), reply.text
    # a later year written out is not the documents' year: no 2020 short answer first
    written = ask(
        planner, lexicon, "北京的单位，2023年2月的社保因为疫情晚交了二十来天，会收滞纳金吗", "ask_late_fee"
    )
    assert "视情况" not in first_line(written), written.text


def test_declaring_the_contribution_wage_after_the_deadline(planner, lexicon) -> None:
    late = ask(planner, lexicon, "北京企业的五险一金缴费工资准备8月再申报，可以吗", "ask_policy_faq")
    assert "不能" in first_line(late) and "7月25日" in first_line(late), late.text
    early = ask(planner, lexicon, "北京企业的五险一金缴费工资7月10日前申报完，可以吗", "ask_policy_faq")
    assert not first_line(early).startswith("不能") and "：不能" not in first_line(early), early.text
