"""First lines of yes/no and amount questions: conditions met when claiming do not make a 视情况, an
employer asking whether it must still pay gets 不用/要交, the wage a period's base is set from, a year the
data lacks for a covered place, and the increase a notice gives for every bracket."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.composer import _reduction_yes_no
from bot.answers.turn import Turn
from bot.calc.result import Figure, Result
from bot.dialogue.planner import Planner
from bot.dialogue.state import ConversationState
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 30)


def ask(planner: Planner, lexicon: Lexicon, text: str, intent: str):
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    turn = Turn(text=normalized, entities=entities, today=TODAY)
    return planner.question(intent, turn, ConversationState()).reply


def first_line(reply) -> str:
    return reply.text.splitlines()[0]


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
            "不一定",
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
    assert first_line(reply).startswith("按2020年的文件：一般不会"), reply.text
    # a later year written out is not the documents' year: no 2020 short answer first
    written = ask(
        planner, lexicon, "北京的单位，2023年2月的社保因为疫情晚交了二十来天，会收滞纳金吗", "ask_late_fee"
    )
    assert "一般不会" not in first_line(written), written.text


def test_declaring_the_contribution_wage_after_the_deadline(planner, lexicon) -> None:
    late = ask(planner, lexicon, "北京企业的五险一金缴费工资准备8月再申报，可以吗", "ask_policy_faq")
    assert "不能" in first_line(late) and "7月25日" in first_line(late), late.text
    early = ask(planner, lexicon, "北京企业的五险一金缴费工资7月10日前申报完，可以吗", "ask_policy_faq")
    assert not first_line(early).startswith(("不能", "按2020年的文件：不能")), early.text
