"""Colloquial dates in the entity extractor (bot/text/entities.py): two-digit years (19年3月 is March 2019,
not 19 years and a month of this year) and periods bounded by 以前 / 以后 (2020年7月以前 is the last day
before July 2020), read through the consumers' own accessor (Turn.period) and the calculators they feed."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.turn import Turn
from bot.calc import benefits
from bot.kb.store import PolicyStore
from bot.text.entities import Entity, Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def lexicon(store: PolicyStore) -> Lexicon:
    return Lexicon.from_store(store)


def found(lexicon: Lexicon, text: str, kind: str) -> list[Entity]:
    return [e for e in extract(normalize(text).text, lexicon, TODAY) if e.entity == kind]


def turn(lexicon: Lexicon, text: str) -> Turn:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    return Turn(text=normalized, entities=entities, today=TODAY)


# -- two-digit years ----------


@pytest.mark.parametrize(
    ("text", "written", "date_from", "date_to", "granularity"),
    [
        ("19年3月开始参保的，一共交了8个月", "19年3月", "2019-03-01", "2019-03-31", "month"),
        ("20年7月以后北京的失业金多少", "20年7月", "2020-07-01", "2020-07-31", "month"),
        ("天津20年7月份的社保基数", "20年7月份", "2020-07-01", "2020-07-31", "month"),
        ("上海19年3-6月的缴费比例", "19年3-6月", "2019-03-01", "2019-06-30", "months"),
        ("19年下半年的社保基数", "19年下半年", "2019-07-01", "2019-12-31", "half_year"),
        ("20年2月15日离职的", "20年2月15日", "2020-02-15", "2020-02-15", "day"),
        ("我是99年3月参加工作的", "99年3月", "1999-03-01", "1999-03-31", "month"),
    ],
)
def test_a_two_digit_year_before_a_month_is_that_month(
    lexicon: Lexicon, text: str, written: str, date_from: str, date_to: str, granularity: str
) -> None:
    periods = found(lexicon, text, "period")
    assert [p.text for p in periods] == [written], periods
    assert periods[0].extra["date_from"] == date_from and periods[0].extra["date_to"] == date_to
    assert periods[0].extra["granularity"] == granularity and periods[0].extra["explicit_year"] is True
    assert not any(d.text.startswith(written[:2]) for d in found(lexicon, text, "duration")), text


def test_the_record_after_a_two_digit_date_stays_a_record(lexicon: Lexicon) -> None:
    text = "19年3月开始参保的，一共交了8个月"
    assert [(d.text, d.extra["months"]) for d in found(lexicon, text, "duration")] == [("8个月", 8)]
    assert turn(lexicon, text).months() == 8
    assert turn(lexicon, text).years() == pytest.approx(0.6667)  # not 19 years
    assert turn(lexicon, text).period()["date_from"] == "2019-03-01"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("19年的基数是多少", 2019),
        ("20年社平工资多少", 2020),
        ("天津19年度社平工资", 2019),
        ("北京19年的缴费基数上限", 2019),
        ("20年的最低工资标准", 2020),
    ],
)
def test_a_two_digit_year_of_a_yearly_figure_is_that_year(lexicon: Lexicon, text: str, year: int) -> None:
    periods = found(lexicon, text, "period")
    assert len(periods) == 1, periods
    assert periods[0].extra["date_from"] == f"{year}-01-01" and periods[0].extra["granularity"] == "year"
    assert found(lexicon, text, "duration") == []


@pytest.mark.parametrize(
    ("text", "written", "months", "usage"),
    [
        ("交了19年", "19年", 228, "contribution"),
        ("缴费满20年", "20年", 240, "contribution"),
        ("工作了15年了", "15年", 180, "contribution"),
        ("交了19年的社保，退休能拿多少", "19年", 228, "contribution"),  # 的社保 after, 交了 before
        ("满20年的基数怎么算", "20年", 240, "unknown"),  # a length word before
        ("我有20年的工龄", "20年", 240, "unknown"),  # 的工龄 is no yearly figure
        ("失业保险交了15年以上", "15年", 180, "contribution"),
        ("不满19年能领多久", "19年", 228, "unknown"),
        ("32年的基数", "32年", 384, "unknown"),  # a year after next year is no date
    ],
)
def test_real_lengths_of_time_stay_durations(
    lexicon: Lexicon, text: str, written: str, months: int, usage: str
) -> None:
    durations = found(lexicon, text, "duration")
    assert [(d.text, d.extra["months"], d.extra["usage"]) for d in durations] == [(written, months, usage)]
    assert found(lexicon, text, "period") == []


def test_years_and_months_of_contribution_are_one_length(lexicon: Lexicon) -> None:
    # 10年3个月 is 123 months (before round eight it was read as 10年 and 3个月, the months lost)
    text = "失业保险交了10年3个月"
    assert [(d.text, d.extra["months"]) for d in found(lexicon, text, "duration")] == [("10年3个月", 123)]
    assert found(lexicon, text, "period") == []
    assert turn(lexicon, text).years() == 10.25
    assert turn(lexicon, text).months() == 123


def test_a_record_verb_before_a_two_digit_year_and_month_keeps_the_years(lexicon: Lexicon) -> None:
    # 交了15年6月: years of contribution as before (the month stays the month it was read as)
    durations = found(lexicon, "交了15年6月", "duration")
    assert [(d.text, d.extra["usage"]) for d in durations] == [("15年", "contribution")]
    assert all(p.extra["explicit_year"] is False for p in found(lexicon, "交了15年6月", "period"))


def test_a_point_of_a_two_digit_year_is_not_the_date_asked(lexicon: Lexicon) -> None:
    # 19年底就开工了: a fact of the case; the answers would take a period for the date the question asks
    assert found(lexicon, "攀枝花，项目是19年底就开工了，这个能享受减免吗", "period") == []


def test_four_digit_years_are_read_as_before(lexicon: Lexicon) -> None:
    periods = found(lexicon, "2019年3月开始参保的", "period")
    assert [(p.text, p.extra["date_from"], p.extra["granularity"]) for p in periods] == [
        ("2019年3月", "2019-03-01", "month")
    ]


# -- periods bounded by 以前 / 以后 ----------


@pytest.mark.parametrize(
    ("text", "day", "named"),
    [
        ("北京农民合同制工人的一次性生活补助费2020年7月以前是多少", "2020-06-30", "2020年7月"),
        ("2020年6月以前的社保基数", "2020-05-31", "2020年6月"),
        ("2020年7月之前北京失业金多少", "2020-06-30", "2020年7月"),
        ("2020年7月前的缴费比例", "2020-06-30", "2020年7月"),
        ("2020年7月1日前的标准", "2020-06-30", "2020年7月1日"),
        ("2020年以前的社平工资", "2019-12-31", "2020年"),
        ("20年7月以前是多少", "2020-06-30", "2020年7月"),
    ],
)
def test_a_date_before_a_period_is_the_last_day_before_it(
    lexicon: Lexicon, text: str, day: str, named: str
) -> None:
    (period,) = found(lexicon, text, "period")
    assert period.extra["usage"] == "as_of" and period.extra["bound"] == "before"
    assert period.extra["named"] == named
    assert (period.extra["date_from"], period.extra["date_to"], period.extra["granularity"]) == (
        day,
        day,
        "day",
    )
    asked = turn(lexicon, text).period()
    assert asked is not None and asked["date_from"] == day and asked["date_to"] == day


@pytest.mark.parametrize(
    ("text", "date_from", "date_to"),
    [
        ("2020年7月以后北京的失业金多少", "2020-07-01", "2020-07-31"),
        ("上海2020年7月起社保基数上限", "2020-07-01", "2020-07-31"),
        ("2020年7月之后的标准", "2020-07-01", "2020-07-31"),
        ("20年7月以后北京的失业金多少", "2020-07-01", "2020-07-31"),
    ],
)
def test_a_date_from_a_period_on_starts_with_it(
    lexicon: Lexicon, text: str, date_from: str, date_to: str
) -> None:
    (period,) = found(lexicon, text, "period")
    assert period.extra["bound"] == "from" and period.extra["granularity"] == "month"
    asked = turn(lexicon, text).period()
    assert asked is not None and (asked["date_from"], asked["date_to"]) == (date_from, date_to)


def test_before_and_after_july_give_the_figures_in_force_then(lexicon: Lexicon, store: PolicyStore) -> None:
    # 京人社发〔2020〕8号: 一次性生活补助费标准由1542元调整到1652元, from 2020-07-01
    amounts = {}
    for when in ("2020年7月以前", "2020年7月以后"):
        asked = turn(lexicon, f"北京一次性生活补助{when}是多少").period()
        assert asked is not None
        result = benefits.one_time_living_allowance(
            store, "beijing", 2, False, dt.date.fromisoformat(asked["date_from"]), TODAY
        )
        amounts[when] = result.figures["amount"].value
    assert amounts == {"2020年7月以前": 1542, "2020年7月以后": 1652}


@pytest.mark.parametrize(
    ("text", "date_from"),
    [
        ("2011年7月以前欠的养老保险滞纳金怎么算", "2011-07-01"),
        ("补缴2011年7月之前的", "2011-07-01"),
        ("2011年以前欠的那部分呢", "2011-01-01"),
    ],
)
def test_arrears_before_a_period_stay_the_period_itself(lexicon: Lexicon, text: str, date_from: str) -> None:
    (period,) = found(lexicon, text, "period")
    assert period.extra["usage"] == "subject" and period.extra["date_from"] == date_from
    assert "bound" not in period.extra
    assert turn(lexicon, text).period() is None  # the subject is no date to look figures up for


@pytest.mark.parametrize("text", ["2020年7月前后的基数", "2020年前三季度的工资"])
def test_before_that_is_part_of_another_word_is_no_bound(lexicon: Lexicon, text: str) -> None:
    (period,) = found(lexicon, text, "period")
    assert "bound" not in period.extra and period.extra["granularity"] in ("month", "year")


def test_a_month_without_year_before_is_flagged_without_year(lexicon: Lexicon) -> None:
    (period,) = found(lexicon, "7月以前呢", "period")
    assert period.extra["date_from"] == "2026-06-30" and period.extra["explicit_year"] is False


# -- bad input ----------


@pytest.mark.parametrize(
    "text", ["", "年", "0年0月", "99年13月", "00年0月", "19年0月", "20年2月30日", "年月", "19年"]
)
def test_bad_dates_are_no_periods(lexicon: Lexicon, text: str) -> None:
    assert found(lexicon, text, "period") == [], text


def test_bad_input_keeps_its_numbers_as_lengths(lexicon: Lexicon) -> None:
    assert [d.text for d in found(lexicon, "0年0月", "duration")] == ["0年"]
    assert [d.text for d in found(lexicon, "99年13月", "duration")] == ["99年", "13月"]
    assert found(lexicon, "", "duration") == [] and found(lexicon, "年", "duration") == []
