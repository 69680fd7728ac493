"""Dates in a message that names several: a month without its year takes the year written beside it
(免2到6月，那2020年7月以后还免吗), the date of the clause that asks is the one answered, a relative
year (今年) is not preferred over a written one; and a time told is no time asked (社保交了三年多，能去
领失业金不)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.aspects import SubQuestion, topic_of
from bot.answers.composer import _takes_model_aspect
from bot.text.entities import extract
from tests.asking import ask, turn_of

NOW = dt.date(2026, 11, 30)
QUOTED_THEN_ASKED = "长春的小微企业，长社保1号文写的是免2到6月，那2020年7月以后还免吗，到底免到啥时候"


def periods(lexicon, text: str) -> list[str]:
    return [e.value for e in extract(text, lexicon, NOW) if e.entity == "period"]


def test_a_month_without_year_takes_the_year_written_beside_it(lexicon) -> None:
    assert periods(lexicon, "免2到6月，那2020年7月以后还免吗") == ["2020年6月", "2020年7月"]
    assert periods(lexicon, "2019年交了，3月还要交吗") == ["2019年", "2019年3月"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年3月还要交吗", ["2026年3月"]),  # no year written: today's
        ("去年12月欠的，今年3月还要交吗", ["2025年12月", "2026年3月"]),  # relative years are no written ones
        ("3月", ["2026年3月"]),
        ("", []),
    ],
)
def test_without_a_written_year_months_stay_in_this_year(lexicon, text: str, expected: list[str]) -> None:
    assert periods(lexicon, text) == expected


def test_the_date_of_the_asking_clause_is_answered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, QUOTED_THEN_ASKED, "ask_reduction")
    assert reply.text.startswith("是"), reply.text
    assert "2020年12月31日" in reply.text and "2026" not in reply.text


def test_a_relative_year_in_the_asking_clause_does_not_replace_a_written_date(lexicon) -> None:
    turn = turn_of(lexicon, "长春2020年5月的时候能领失业补助金，今年还能领吗")
    assert turn.period()["date_from"].startswith("2020-05")


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("我在北京交了3年，2019年12月失业金就领完了，到现在还没找到工作，能领失业补助金吗", None),  # ran out
        ("2019年底我自己辞的职，听说2020年出了个失业补助金，我能申请吗", "2020"),  # the job's end beside
        ("2019年在北京离职，经济补偿的封顶基数是多少", "2019"),  # the job's end alone is the date
        ("证书上的日期是2020年3月，职称提升补贴能申请吗", None),  # a certificate's date
    ],
)
def test_events_of_the_case_are_not_the_date_asked(lexicon, text: str, asked: str | None) -> None:
    period = turn_of(lexicon, text).period()
    assert (period["date_from"][:4] if period else None) == asked


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("最低按多少交", None),
        ("我们是上千人的大厂，7月份单位社保还能按一半交么", "ask_reduction"),
        ("能少交点吗", "ask_reduction"),
    ],
)
def test_words_of_paying_less(text: str, topic: str | None) -> None:
    assert topic_of(text) == topic


def test_a_time_told_is_no_time_asked() -> None:
    told = SubQuestion("社保交了3年多,这种情况能去领失业金不?", "eligibility", None)
    assert not _takes_model_aspect(told, "duration")
    asked = SubQuestion("社保交了3年多,能领几个月?", "duration", None)
    assert _takes_model_aspect(asked, "deadline")
    unread = SubQuestion("单位要给几个员工变更一下通讯地址,", None, None)
    assert _takes_model_aspect(unread, "deadline")  # no reading of its own: the classifier's stands


@pytest.mark.parametrize(
    "text",
    [
        "上个月是我自己跟老板提的离职，实在干不下去了，社保交了三年多，这种情况能去领失业金不？",
        "我申请离职了，交了5年失业保险，能领失业金吗",
    ],
)
def test_a_resignation_in_other_words_is_answered_no(planner, lexicon, text: str) -> None:
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply.text.startswith("不能"), reply.text
    assert "非因本人意愿" in reply.text
