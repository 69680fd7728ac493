"""First lines of yes/no, conditions and amount questions whose reply used to lead with the wrong thing:
a short answer settled by the passage quoted, a later year the data lacks, the late fee outside a deferral,
the insurances a deferral covers, the end of a reduction, an enterprise size said before its trade, a base
limit whose rule the document gives without the wage, and the articles that hold a place's own criteria."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers import short_answers
from bot.answers.contribution import late_fee_first_line
from bot.answers.employer import deferred_insurances, enterprise_size
from bot.answers.turn import Turn
from bot.calc import contribution, lookup
from bot.calc.result import NOT_COVERED, OK, Result
from bot.dialogue.planner import Planner
from bot.dialogue.state import ConversationState
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 30)


def turn_of(lexicon: Lexicon, text: str) -> Turn:
    normalized = normalize(text).text
    return Turn(
        text=normalized, entities=[e.as_rasa() for e in extract(normalized, lexicon, TODAY)], today=TODAY
    )


def ask(planner: Planner, lexicon: Lexicon, text: str, intent: str):
    return planner.question(intent, turn_of(lexicon, text), ConversationState()).reply


def first_line(reply) -> str:
    return reply.text.splitlines()[0]


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
