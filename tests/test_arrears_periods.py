"""Dates that say which arrears (补缴以前欠的…2011年7月以后的部分 / 2011年6月底以前的) are no "as of"
date: the question is answered under today's rule for those arrears, never "2011 is not covered"."""

from __future__ import annotations

import pytest

from bot.text.roles import PERIOD_AS_OF, PERIOD_SUBJECT, period_role
from tests.asking import ask


def _role(text: str, date: str) -> str:
    start = text.index(date)
    return period_role(text, start, start + len(date))


@pytest.mark.parametrize(
    ("text", "date", "role"),
    [
        ("天津单位补缴以前欠的养老保险，2011年7月以后的部分滞纳金怎么收", "2011年7月", PERIOD_SUBJECT),
        ("补缴以前欠的养老保险，2011年6月底以前的又怎么算", "2011年6月", PERIOD_SUBJECT),
        ("补缴2011年7月以后欠的养老保险", "2011年7月", PERIOD_SUBJECT),
        ("2021年7月以后北京的失业金标准是多少", "2021年7月", PERIOD_AS_OF),  # no arrears named
        ("2020年7月以后的基数上限多少", "2020年7月", PERIOD_AS_OF),
    ],
)
def test_period_roles(text, date, role) -> None:
    assert _role(text, date) == role


def test_both_arrears_questions_are_answered_by_tianjins_rule(planner, lexicon) -> None:
    text = "天津单位补缴以前欠的养老保险，2011年7月以后的部分滞纳金怎么收？2011年6月底以前的又怎么算"
    reply = ask(planner, lexicon, text, "ask_late_fee")
    assert "没有收录2011年" not in reply.text, reply.text
    assert "万分之五" in reply.text and "5265" in reply.text
    assert "津人社局发〔2020〕12号" in reply.text


def test_a_plain_late_fee_question_keeps_the_rate_table(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津滞纳金比例是多少", "ask_late_fee")
    assert reply.topic == "ask_late_fee", reply.text


@pytest.mark.parametrize("text", ["补缴以前的，以后的", "2011年以后", "补缴" + "2011年7月以后" * 100])
def test_odd_arrears_questions_get_a_reply(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, "ask_late_fee")
    assert reply is None or reply.text.strip()


def test_a_year_the_data_lacks_holds_for_the_second_question_too(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京2022年的失业保险金标准出来了吗，一个月多少", "ask_unemployment_benefit"
    )
    assert "2022年" in reply.text and "1816" not in reply.text, reply.text


def test_a_late_fee_to_compute_stays_with_the_calculator(planner, lexicon) -> None:
    text = "天津2020年9月，公司欠缴养老保险3000元，晚了20天，滞纳金多少"
    reply = ask(planner, lexicon, text, "ask_late_fee")
    assert reply.topic == "ask_late_fee" and "30元" in reply.text, reply.text
