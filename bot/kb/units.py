"""Units of parameter values: what type each takes and how it reads in Chinese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

# unit -> (python types accepted, Chinese suffix used when displaying)
UNITS: dict[str, tuple[tuple[type, ...], str]] = {
    "yuan": ((int, float), "元"),
    "yuan_per_month": ((int, float), "元/月"),
    "yuan_per_year": ((int, float), "元/年"),
    "yuan_per_person_year": ((int, float), "元/人/年"),
    "yuan_100m": ((int, float), "亿元"),
    "ratio": ((int, float), ""),  # a fraction, shown as a percentage
    "multiplier": ((int, float), "倍"),
    "percentage_points": ((int, float), "个百分点"),
    "years": ((int, float), "年"),
    "months": ((int,), "个月"),
    "days": ((int,), "日"),
    "working_days": ((int,), "个工作日"),
    "minutes": ((int,), "分钟"),
    "people": ((int,), "人"),
    "count": ((int,), "项"),
    "age": ((int,), "周岁"),
    "date": ((dt.date,), ""),
    "flag": ((bool,), ""),
    "list": ((list, tuple), ""),
    "text": ((str,), ""),
    # a schedule by a threshold: [{min: 1, value: 1816}, {min: 5, value: 1843}] (min inclusive, ascending)
    "brackets_yuan_per_month": ((list, tuple), "元/月"),
}


def _is_instance(value: Any, types: tuple[type, ...]) -> bool:
    """isinstance that leaves ``value`` Any for the checks below (a tuple of types narrows it to object)."""
    return isinstance(value, types)


def check_value(unit: str, value: Any) -> str | None:
    """Return an error message when ``value`` does not fit ``unit``, else None."""
    if unit not in UNITS:
        return f"unknown unit {unit!r} (known: {', '.join(sorted(UNITS))})"
    types, _ = UNITS[unit]
    if isinstance(value, bool) and bool not in types:
        return f"value {value!r} is a yes/no flag but unit {unit!r} needs a number"
    if not _is_instance(value, types) or isinstance(value, dt.datetime):
        return f"value {value!r} does not fit unit {unit!r}"
    if unit == "ratio" and not 0 <= value <= 5:
        return f"ratio {value!r} must lie between 0 and 5 (write 16% as 0.16 and 300% as 3)"
    if unit == "list" and not all(isinstance(item, str) for item in value):
        return "a list value holds text items only"
    if unit.startswith("brackets"):
        return _check_brackets(value)
    if types[0] in (int, float) and not isinstance(value, bool) and value < 0:
        return f"value {value!r} must not be negative"
    return None


def _check_brackets(value: Any) -> str | None:
    previous = None
    for row in value:
        if not isinstance(row, dict) or set(row) != {"min", "value"}:
            return "each bracket is a mapping {min: threshold, value: amount}"
        if not all(isinstance(row[k], (int, float)) and not isinstance(row[k], bool) for k in row):
            return "bracket thresholds and amounts are numbers"
        if previous is not None and row["min"] <= previous:
            return "bracket thresholds must increase"
        previous = row["min"]
    return None if value else "a bracket schedule needs at least one row"


def format_number(value: float | int | Decimal, digits: int = 2) -> str:
    """12,345.60 → '12345.6'; whole numbers without decimals."""
    quantized = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits))
    text = f"{quantized:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_value(value: Any, unit: str) -> str:
    """Chinese rendering of a value: 13835元/月, 16%, 6个月, 2020年12月31日, 是/否."""
    if unit == "ratio":
        return f"{format_number(Decimal(str(value)) * 100, 4)}%"
    if unit == "date":
        return format_date(value)
    if unit == "flag":
        return "是" if value else "否"
    if unit == "list":
        return "、".join(value)
    if unit == "text":
        return str(value)
    if unit.startswith("brackets"):
        suffix = UNITS[unit][1]
        # a bracket's ``min`` is years of contributions (the one bracketed figure: benefit by years)
        return "；".join(
            f"满{format_number(row['min'])}年起{format_number(row['value'])}{suffix}" for row in value
        )
    return f"{format_number(value)}{UNITS[unit][1]}"
