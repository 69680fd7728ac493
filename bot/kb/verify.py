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
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from bot.kb.model import (
    DATE,
    NOT_STATED,
    OPEN,
    STANDARD_YEAR,
    Document,
    KnowledgeBase,
    ParameterValue,
    Source,
)
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
        if unit == "text":  # 2019年: the words themselves, as the document writes them
            return squash(str(value)) in squash(source.quote_value)
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


_ANNEX_ROW = re.compile(r"^(\d{4}) ?(?:\((\d{1,2})[—\-–](\d{1,2})\))?\t")  # a row of a table, tab-separated


def _bound_patterns(day: dt.date, side: str, start_year: int | None = None) -> list[str]:
    """Regular expressions for how a document writes the first or the last day of a period.

    Stricter than :func:`date_forms`: "2020年7月" states a start only when no day or 底 follows it, so
    "2020年6月底" is never read as 1 June nor "2020年7月1日起" as 1 January.
    """
    y, m, d = day.year, day.month, day.day
    patterns = [f"{y}年{m}月{d}日", f"(?<![\\d年]){m}月{d}日"]
    if side == "from" and d == 1:
        patterns.append(f"{y}年{m}月(?![\\d底])")
        if m == 1:
            patterns += [f"{y}年(?![\\d底末])", f"{y}年度"]
    if side == "to" and d == calendar.monthrange(y, m)[1]:
        patterns += [
            f"{y}年{m}月底",
            f"(?<![\\d年]){m}月底",
            f"[至到]{m}月(?!\\d)",
            f"[至到]{y}年{m}月(?![\\d])",
        ]
        patterns.append(f"{y}年{m}月(?=前|止|以前)")
        if start_year is not None and y == start_year + 1:
            patterns.append(f"至次年{m}月(?!\\d)")
        if m == 12:
            patterns += [f"{y}年内", f"{y}年底", f"{y}年末", f"{y}年(?![\\d底末])"]
    return patterns


def states_bound(text: str, day: dt.date, side: str, start_year: int | None = None) -> bool:
    """Whether ``text`` writes ``day`` as the start (``side="from"``) or the end (``"to"``) of a period."""
    squashed = squash(text)
    return any(re.search(pattern, squashed) for pattern in _bound_patterns(day, side, start_year))


def _annex_row_bound(text: str, side: str) -> dt.date | None:
    """The bound an annex table row states by its label: "2016 (1—4)\t…" is January to April 2016."""
    match = _ANNEX_ROW.match(text)
    if not match:
        return None
    year = int(match.group(1))
    first, last = (int(match.group(2)), int(match.group(3))) if match.group(2) else (1, 12)
    if side == "from":
        return dt.date(year, first, 1)
    return dt.date(year, last, calendar.monthrange(year, last)[1])


@dataclass(frozen=True)
class BoundBasis:
    """Where one bound of one value comes from: a quote of its document, or why it has no date."""

    key: str
    region: str
    side: str  # from / to
    kind: str  # quote, document_period, document_date, annex_row, open, not_stated, standard_year, missing
    day: dt.date | None
    basis: str  # the quote (or the Chinese reason) the bound comes from

    def __str__(self) -> str:
        day = self.day.isoformat() if self.day else "-"
        return f"{self.key}\t{self.region}\t{self.side}\t{day}\t{self.kind}\t{self.basis}"


def _seed_has_date(kb: KnowledgeBase, seeds_dir: Path, document: Document) -> bool:
    if document.issued is None:
        return False
    path = seeds_dir / document.seed_file
    return path.is_file() and any(form in _seed_text(path) for form in _full_date_forms(document.issued))


def _full_date_forms(day: dt.date) -> set[str]:
    forms = {f"{day.year}年{day.month}月{day.day}日"}
    numerals = "〇一二三四五六七八九"
    year = "".join(numerals[int(c)] for c in str(day.year))
    forms |= {f"{year}年{m}月{d}日" for m in _chinese_number(day.month) for d in _chinese_number(day.day)}
    forms |= {f"{year}年{m}月{d}日" for m in _chinese_number(day.month) for d in _day_numerals(day.day)}
    return forms


def _day_numerals(n: int) -> list[str]:
    tens, ones = divmod(n, 10)
    if tens >= 2:
        return [_CN_DIGITS[tens] + "十" + (_CN_DIGITS[ones] if ones else "")]
    return _chinese_number(n)


def bound_basis(kb: KnowledgeBase, seeds_dir: Path, value: ParameterValue, side: str) -> BoundBasis:
    """The basis of the start (``side="from"``) or the end (``"to"``) of one value."""
    document = kb.documents[value.source.document]
    kind = value.start if side == "from" else value.end
    day = value.effective_from if side == "from" else value.effective_to

    def basis(kind_: str, text: str, when: dt.date | None = day) -> BoundBasis:
        return BoundBasis(value.key, value.region, side, kind_, when, text)

    if kind == NOT_STATED:
        return basis(NOT_STATED, "文件未规定" + ("起始日期" if side == "from" else "截止日期"))
    if kind == OPEN:
        return basis(OPEN, "文件未设截止日期（持续适用，直至后续取值取代）")
    if kind == STANDARD_YEAR:
        return basis(STANDARD_YEAR, f"{value.standard_year}年度标准：{value.standard_quote}", value.last_day)
    assert day is not None and kind == DATE
    start_year = value.effective_from.year if value.effective_from else None
    for text in (*value.period_quote.splitlines(), value.source.quote):
        if text and states_bound(text, day, side, start_year):
            return basis("quote", text)
    if document.period_quote and states_bound(document.period_quote, day, side, start_year):
        return basis("document_period", document.period_quote)
    for text in (*value.period_quote.splitlines(), value.source.quote):
        if _annex_row_bound(text, side) == day:
            return basis("annex_row", text.split("\t")[0])
    successors = [
        v.effective_from
        for v in kb.parameters[value.key].values
        if v.region == value.region and v.effective_from is not None and v.effective_from > day
    ]
    if side == "to" and successors and min(successors) == day + dt.timedelta(days=1):
        # the day before the next value's stated start: "由1542元调整到1652元…自2020年7月1日起执行"
        following = day + dt.timedelta(days=1)
        for text in (*value.period_quote.splitlines(), value.source.quote):
            if text and states_bound(text, following, "from"):
                return basis("day_before_next", text)
    if side == "from" and day == document.issued and _seed_has_date(kb, seeds_dir, document):
        return basis(
            "document_date", f"文件成文日期{day.year}年{day.month}月{day.day}日（文件未另定起始日期）"
        )
    return basis("missing", "文件中找不到这个日期")


def bound_bases(kb: KnowledgeBase, seeds_dir: Path) -> list[BoundBasis]:
    """Both bounds of every value, each with the words it comes from (or open / not stated / missing)."""
    return [
        bound_basis(kb, seeds_dir, value, side)
        for parameter in kb.parameters.values()
        for value in parameter.values
        for side in ("from", "to")
    ]


def _check_period_quotes(kb: KnowledgeBase, seeds_dir: Path) -> list[str]:
    problems: list[str] = []
    for document in kb.documents.values():
        if document.period_quote:
            problems += check_source(
                kb,
                seeds_dir,
                Source(document.id, "", document.period_quote),
                f"document {document.id} period",
            )
    for parameter in kb.parameters.values():
        for value in parameter.values:
            label = f"{parameter.key}[{value.region} {value.effective_from or 'not stated'}]"
            period_document = value.period_document or value.source.document
            for what, document_id, text in (
                *(("period_quote", period_document, line) for line in value.period_quote.splitlines()),
                ("standard_year", value.source.document, value.standard_quote),
            ):
                if text:
                    problems += check_source(kb, seeds_dir, Source(document_id, "", text), f"{label} {what}")
            if value.standard_year and f"{value.standard_year}年" not in squash(value.standard_quote):
                problems.append(f"{label}: standard_year quote does not name {value.standard_year}年")
    for item in bound_bases(kb, seeds_dir):
        if item.kind == "missing":
            problems.append(
                f"{item.key}[{item.region}] effective_{item.side} {item.day}: no quote of its document "
                "states this date (give period_quote, or write not_stated / open)"
            )
    return problems


def verify_against_seeds(kb: KnowledgeBase, seeds_dir: Path) -> list[str]:
    """Every problem found; an empty list means every quote and value was found in its document."""
    problems: list[str] = []
    for parameter in kb.parameters.values():
        for index, value in enumerate(parameter.values):
            label = f"{parameter.key}[{value.region} {value.effective_from or 'not stated'}]"
            found = check_source(kb, seeds_dir, value.source, label)
            problems += found
            if not found and not _value_in_quote(value.value, parameter.unit, value.source):
                problems.append(
                    f"{label} (#{index}): value {value.value!r} not found in its quote {value.source.quote!r}"
                )
    problems += _check_period_quotes(kb, seeds_dir)
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
