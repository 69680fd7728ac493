"""Bad calculator input always gives a clear Chinese message: never an exception, never a guess."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.calc import benefits, contribution, employer, lookup, subsidies
from bot.calc.result import INVALID, NOT_COVERED, OK
from tests.conftest import TODAY

CALLS = {
    "base": lambda s, **kw: contribution.contribution_base(
        s, kw.pop("region", "长春"), kw.pop("value", 8000), **kw
    ),
    "contribution": lambda s, **kw: contribution.monthly_contributions(
        s, kw.pop("region", "长春"), kw.pop("value", 8000), "sme", **kw
    ),
    "late_fee": lambda s, **kw: employer.late_fee(
        s, kw.pop("region", "天津"), kw.pop("value", 1000), 10, **kw
    ),
    "benefit": lambda s, **kw: benefits.unemployment_benefit(
        s, kw.pop("region", "北京"), kw.pop("value", 5), **kw
    ),
    "subsidy": lambda s, **kw: benefits.unemployment_subsidy(
        s, kw.pop("region", "北京"), kw.pop("value", 2), **kw
    ),
    "retention": lambda s, **kw: employer.job_retention_refund(
        s, kw.pop("region", "长春"), kw.pop("value", 24), **kw
    ),
    "certificate": lambda s, **kw: subsidies.certificate_subsidy(
        s, kw.pop("region", "天津"), "education", kw.pop("value", 40), **kw
    ),
    "one_time": lambda s, **kw: benefits.one_time_living_allowance(
        s, kw.pop("region", "北京"), kw.pop("value", 2), **kw
    ),
}
BAD_VALUES = [-1, "abc", [], {}, True, float("nan"), float("inf"), "1e999", 10**12, object()]
REQUIRED = ("base", "contribution", "late_fee")  # the rest take None as "the user did not say"


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("bad", BAD_VALUES, ids=repr)
def test_bad_numbers_are_invalid_not_crashes(store, name, bad) -> None:
    result = CALLS[name](store, value=bad, today=TODAY)
    assert result.status == INVALID, (name, bad, result.status, result.message)
    assert result.message and not result.figures


@pytest.mark.parametrize("name", sorted(CALLS))
def test_missing_value(store, name) -> None:
    result = CALLS[name](store, value=None, today=TODAY)
    if name in REQUIRED:
        assert result.status == INVALID and result.message
    else:  # an open condition, never a crash and never a verdict of "eligible"
        assert result.status == OK and result.eligible is not True, result.as_dict()
        assert any(c.met is None for c in result.conditions)


@pytest.mark.parametrize("name", ["base", "contribution", "late_fee"])
def test_zero_amount_is_invalid(store, name) -> None:
    result = CALLS[name](store, value=0, today=TODAY)
    assert result.status == INVALID and "大于0" in result.message


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("region", ["广州", "Paris", "", None, 42])
def test_unknown_or_missing_city(store, name, region) -> None:
    result = CALLS[name](store, region=region, today=TODAY)
    assert result.status in (NOT_COVERED, INVALID), result.as_dict()
    assert result.message
    if region in ("广州", "Paris"):
        assert "暂未收录" in result.message and "北京" in result.message  # says what is covered


@pytest.mark.parametrize("day", [dt.date(1999, 1, 1), dt.date(2035, 1, 1)])
def test_date_outside_coverage_is_not_covered(store, day) -> None:
    result = contribution.contribution_base(store, "长春", 8000, on=day, today=TODAY)
    assert result.status == NOT_COVERED
    assert "2020年1月1日" in result.message  # says which period is covered


def test_wrong_date_type(store) -> None:
    result = contribution.contribution_base(store, "长春", 8000, on="去年", today=TODAY)
    assert result.status == INVALID and "日期" in result.message


def test_absurd_wage(store) -> None:
    result = contribution.contribution_base(store, "长春", 99_999_999, on=dt.date(2020, 3, 1), today=TODAY)
    assert result.status == INVALID and "超出了合理范围" in result.message


def test_numeric_text_is_accepted(store) -> None:
    result = contribution.contribution_base(store, "长春", " 8,000元 ", on=dt.date(2020, 3, 1), today=TODAY)
    assert result.status == OK and result.figure("base") == 8000


def test_fractional_years_and_months(store) -> None:
    assert benefits.unemployment_benefit(store, "北京", "7.5", today=TODAY).figure("monthly_amount") == 1843
    assert employer.job_retention_refund(store, "长春", "12.5", today=TODAY).status == INVALID


def test_unknown_parameter_key(store) -> None:
    result = lookup.lookup(store, "no.such.key", "北京", today=TODAY)
    assert result.status == INVALID and "no.such.key" in result.message


def test_bad_yes_no(store) -> None:
    result = benefits.unemployment_benefit(store, "北京", 5, involuntary="maybe", today=TODAY)
    assert result.status == INVALID and "是" in result.message


def test_bad_year_for_average_wage(store) -> None:
    assert lookup.average_wage(store, "北京", year=20190, today=TODAY).status == INVALID
    assert lookup.average_wage(store, "北京", year="2019", today=TODAY).status == INVALID
