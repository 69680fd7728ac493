"""Check the data against the seed texts: every quote must stand in its document, every value in its quote.

The seed texts are PDF extractions with line breaks and spaces in the middle of sentences, so both sides
are compared with all whitespace removed. A value is found in its quote in any of its usual written forms
(13835 / 13,835 / 13835.00, 16%, 2020年12月底, 三个月…) or, where the document words it (万分之五, 提高1倍,
2/3), through ``quote_value``, which is parsed back to a number and compared with the value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from bot.kb.model import KnowledgeBase, Source
from bot.kb.units import format_number

_SPACE = re.compile(r"[\s\u3000\ufffd]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_CN_DIGITS = "零一二三四五六七八九十"


def squash(text: str) -> str:
    """NFKC (full-width punctuation half-width); drop whitespace, extraction debris, thousands separators."""
    return _THOUSANDS.sub("", _SPACE.sub("", unicodedata.normalize("NFKC", text)))


@cache
def _seed_text(path: Path) -> str:
    return squash(path.read_text(encoding="utf-8"))


def _chinese_number(n: int) -> list[str]:
    if 0 <= n <= 10:
        return [_CN_DIGITS[n]] + (["两"] if n == 2 else [])
    if 10 < n < 20:
        return ["十" + _CN_DIGITS[n - 10]]
    if 20 <= n < 100:
        tens, ones = divmod(n, 10)
        return [_CN_DIGITS[tens] + "十" + (_CN_DIGITS[ones] if ones else "")]
    return []


def number_forms(value: float | int) -> set[str]:
    forms = {
        format_number(value),
        format_number(value, 0) if float(value).is_integer() else format_number(value),
    }
    if float(value).is_integer():
        n = int(value)
        forms |= {f"{n}.00", f"{n}.0", *_chinese_number(n)}
    return forms


def ratio_forms(value: float) -> set[str]:
    percent = format_number(Decimal(str(value)) * 100, 4)
    return {f"{percent}%", f"{percent}％", f"百分之{percent}"}


def date_forms(day: dt.date) -> set[str]:
    forms = {f"{day.year}年{day.month}月{day.day}日", f"{day.month}月{day.day}日", day.isoformat()}
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        forms |= {f"{day.year}年{day.month}月底", f"{day.year}年{day.month}月", f"{day.month}月底"}
        if day.month == 12:
            forms |= {f"{day.year}年内", f"{day.year}年底"}
    if day.day == 1:
        forms |= {f"{day.year}年{day.month}月", f"{day.year}年{day.month}月起"}
        if day.month == 1:
            forms |= {f"{day.year}年开始", f"{day.year}年"}
    return forms


def parse_quote_value(text: str) -> float | None:
    """Number stated in words: 万分之五 → 0.0005, 提高1倍 → 2, 2/3 → 0.667, 一半 → 0.5, 三个月 → 3."""
    text = text.strip()
    if match := re.fullmatch(r"万分之([一二三四五六七八九十\d]+)", text):
        return _to_int(match.group(1)) / 10000
    if match := re.fullmatch(r"提高(\d+)倍", text):
        return int(match.group(1)) + 1
    if match := re.fullmatch(r"(\d+)/(\d+)", text):
        return int(match.group(1)) / int(match.group(2))
    if text in {"一半", "减半"}:
        return 0.5
    if text in {"免征", "全免"}:
        return 1.0
    if match := re.fullmatch(r"(?:下调)?(\d+(?:\.\d+)?)%", text):
        return float(match.group(1)) / 100
    if match := re.fullmatch(r"([一二三四五六七八九十两\d]+)(?:个月|年|个|周岁|日)?", text):
        return _to_int(match.group(1))
    return None


def _to_int(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token == "两":
        return 2
    if token.startswith("十"):
        return 10 + (_CN_DIGITS.index(token[1]) if len(token) > 1 else 0)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _CN_DIGITS.index(tens) * 10 + (_CN_DIGITS.index(ones) if ones else 0)
    return _CN_DIGITS.index(token)


def value_forms(value: object, unit: str) -> set[str]:
    if unit == "date":
        return date_forms(value)  # type: ignore[arg-type]
    if unit == "ratio":
        return ratio_forms(value)  # type: ignore[arg-type]
    if isinstance(value, bool):
        return set()
    if isinstance(value, (int, float)):
        return number_forms(value)
    return set()


def check_source(kb: KnowledgeBase, seeds_dir: Path, source: Source, label: str) -> list[str]:
    """Problems with one citation: the document's seed file is missing or the quote is not in it."""
    document = kb.documents[source.document]
    path = seeds_dir / document.seed_file
    if not path.is_file():
        return [f"{label}: seed file {document.seed_file} not found in {seeds_dir}"]
    if squash(source.quote) not in _seed_text(path):
        return [f"{label}: quote not found in {document.seed_file} ({document.number}): {source.quote!r}"]
    return []


def _value_in_quote(value: Any, unit: str, source: Source) -> bool:
    quote = squash(source.quote)
    if source.quote_value:
        if squash(source.quote_value) not in quote:
            return False
        if unit in ("flag", "list") or unit.startswith("brackets"):
            return True
        parsed = parse_quote_value(source.quote_value)
        if unit == "date":
            return any(form in quote for form in date_forms(value))
        return parsed is not None and abs(parsed - float(value)) < 1e-3
    if unit == "list":
        return all(item in quote for item in value)
    if unit.startswith("brackets"):
        return all(any(form in quote for form in number_forms(row["value"])) for row in value)
    if unit == "flag":
        return False  # a yes/no rule must name the words that state it in quote_value
    return any(form in quote for form in value_forms(value, unit))


def verify_against_seeds(kb: KnowledgeBase, seeds_dir: Path) -> list[str]:
    """Every problem found; an empty list means every quote and value was found in its document."""
    problems: list[str] = []
    for parameter in kb.parameters.values():
        for index, value in enumerate(parameter.values):
            label = f"{parameter.key}[{value.region} {value.effective_from}]"
            found = check_source(kb, seeds_dir, value.source, label)
            problems += found
            if not found and not _value_in_quote(value.value, parameter.unit, value.source):
                problems.append(
                    f"{label} (#{index}): value {value.value!r} not found in its quote {value.source.quote!r}"
                )
    for article in kb.faq.values():
        problems += check_source(kb, seeds_dir, article.source, f"faq {article.id}")
    for office in kb.offices.values():
        label = f"office {office.id}"
        found = check_source(kb, seeds_dir, office.source, label)
        problems += found
        if not found and squash(office.phone) not in squash(office.source.quote):
            problems.append(f"{label}: phone {office.phone} not in its quote {office.source.quote!r}")
    return problems


def phone_numbers_in(texts: Iterable[str]) -> set[str]:
    """Phone-like numbers (5+ digits, or hotlines like 12333) printed in ``texts``."""
    found: set[str] = set()
    for text in texts:
        found.update(re.findall(r"(?<!\d)(?:0\d{2,3}-)?\d{5,8}(?!\d)", text))
    return found
