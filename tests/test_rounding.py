"""Rounding (issue #16 item 4): each amount from the exact product, rounded once to the fen, half up.

No document states a rounding rule; the convention is stated in the data (documents.yml ``conventions``)
and in every reply that shows amounts. Statutory, waived and due amounts shown together add up as printed,
and totals are the sums of the amounts printed — on every reduction path.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from bot.answers.render import render_result
from bot.calc.contribution import flexible_options, monthly_contributions
from bot.kb.store import PolicyStore
from tests.conftest import TODAY

CENT = Decimal("0.01")
RATES_2020 = {
    "pension": (Decimal("0.16"), Decimal("0.08")),
    "unemployment": (Decimal("0.007"), Decimal("0.003")),
}


def fen(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# (enterprise type, date, share waived of pension and unemployment), typed from the documents:
# 长社保〔2020〕1号 三、第9-10条 (Feb–Apr halved, Feb–Jun exempt),
# 人社部发〔2020〕49号 一 (large enterprises halved to June)
PATHS = [
    ("sme", dt.date(2020, 3, 1), Decimal(1)),
    ("individual_business_unit", dt.date(2020, 6, 1), Decimal(1)),
    ("large", dt.date(2020, 3, 1), Decimal("0.5")),  # Changchun's own notice
    ("large", dt.date(2020, 5, 15), Decimal("0.5")),  # the national extension
    ("social_org", dt.date(2020, 4, 1), Decimal("0.5")),
    ("large", dt.date(2020, 1, 15), Decimal(0)),  # before the reductions
    ("sme", dt.date(2020, 1, 15), Decimal(0)),
    ("institution", dt.date(2020, 3, 1), Decimal(0)),  # not in the reductions
    (None, dt.date(2020, 3, 1), Decimal(0)),  # type not said: shown unreduced
]
WAGES = ["2767", "13835", "20000", "1000", "6543.21", "8888.88", "12345.67"]


@pytest.mark.parametrize(("enterprise_type", "on", "share"), PATHS)
@pytest.mark.parametrize("wage", WAGES)
def test_every_reduction_path_rounds_once_and_adds_up(
    store: PolicyStore, enterprise_type: str | None, on: dt.date, share: Decimal, wage: str
) -> None:
    result = monthly_contributions(store, "长春", wage, enterprise_type, on=on, today=TODAY)
    assert result.ok, result.message
    base = Decimal(str(result.figure("base")))
    employer_total = employee_total = Decimal(0)
    for insurance, (employer_rate, employee_rate) in RATES_2020.items():
        exact = base * employer_rate
        due = result.figure(f"{insurance}_employer")
        assert due == fen(exact * (1 - share)), (insurance, exact, due)
        assert result.figure(f"{insurance}_employee") == fen(base * employee_rate)
        employer_total += due
        employee_total += result.figure(f"{insurance}_employee")
    assert result.figure("employer_total") == employer_total  # the sum of the amounts as printed
    assert result.figure("employee_total") == employee_total
    for step in result.steps:
        for total, waived, paid in re.findall(r"（([\d.]+) = ([\d.]+) \+ ([\d.]+)）", step):
            assert Decimal(total) == Decimal(waived) + Decimal(paid), step
    assert any("只四舍五入到分一次" in note for note in result.notes)


def test_the_large_employer_at_the_cap_in_may(store: PolicyStore) -> None:
    result = monthly_contributions(store, "长春", 20000, "large", on=dt.date(2020, 5, 15), today=TODAY)
    assert result.figure("unemployment_employer") == Decimal("48.42")  # 48.4225, not 96.85 ÷ 2 = 48.425
    text = render_result(result, "每月社保缴费")
    assert "13835元 × 0.7% = 96.845元，四舍五入为96.85元" in text
    assert "13835元 × 0.7% × 50% = 48.4225元，四舍五入为48.42元" in text
    assert "减免48.43元（96.85 = 48.43 + 48.42）" in text
    assert "文件没有规定舍入规则" in text


def test_the_large_employer_at_the_floor_in_march(store: PolicyStore) -> None:
    result = monthly_contributions(store, "长春", 1000, "large", on=dt.date(2020, 3, 1), today=TODAY)
    assert result.figure("unemployment_employer") == Decimal("9.68")  # 2767 × 0.7% × 50% = 9.6845
    assert "减免9.69元（19.37 = 9.69 + 9.68）" in render_result(result, "每月社保缴费")


def test_flexible_year_is_twelve_printed_months(store: PolicyStore) -> None:
    # 5555.57 × 20% = 1111.114 → 1111.11 a month; the year is 12 × 1111.11 = 13333.32 as printed
    result = flexible_options(store, "长春", chosen_base="5555.57", on=dt.date(2020, 3, 1), today=TODAY)
    assert result.ok, result.message
    assert result.figure("pension_monthly") == Decimal("1111.11")
    assert result.figure("pension_annual") == Decimal("13333.32")
    assert "全年 1111.11元 × 12 = 13333.32元" in render_result(result, "灵活就业缴费")


def test_the_convention_is_in_the_data(store: PolicyStore) -> None:
    text = store.kb.conventions["rounding"]
    assert "文件没有规定舍入规则" in text and "48.4225" in text
