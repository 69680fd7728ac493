"""Round fourteen: the length of time a passage must hold for 多久 is a count (6个月, 30日, 3年), not a
calendar year every 2020 notice names; one reading of "the asking clause" for the yes/no form and for the
aspect of a question."""

from __future__ import annotations

import pytest

from bot.answers.aspects import asking_clause
from bot.answers.composer import yes_no_form
from bot.passages.index import DURATION


@pytest.mark.parametrize(
    "text", ["在业务办结的6个月内", "于30日内", "最长不超过3年", "7个工作日内办结", "2020年2月至6月"]
)
def test_a_length_of_time_answers_how_long(text) -> None:
    assert DURATION.search(text), text


@pytest.mark.parametrize("text", ["2020年", "2019年度社会平均工资", "自2019年12月起", "6月30日前"])
def test_a_calendar_year_or_a_day_is_no_length_of_time(text) -> None:
    assert not DURATION.search(text), text


@pytest.mark.parametrize(
    ("text", "clauses", "asking"),
    [
        ("还免么，会计说下半年就恢复交了", ["还免么", "会计说下半年就恢复交了"], 0),
        ("我在长春上班，能领吗", ["我在长春上班", "能领吗"], 1),
        ("我在长春上班", ["我在长春上班"], None),
        ("", [], None),
        ("，，。", [], None),
    ],
)
def test_the_asking_clause_is_the_last_one_that_asks(text, clauses, asking) -> None:
    assert asking_clause(text) == (clauses, asking)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("还免么，会计说下半年就恢复交了", True),
        ("失业金一个月多少钱，我交了三年", False),
        ("我在长春上班", False),
        ("", False),
    ],
)
def test_the_yes_no_form_reads_the_asking_clause(text, expected) -> None:
    assert yes_no_form(text) is expected
