"""Amounts worked out from a figure of the documents and a number the asker tells: 3个怀孕的女职工要预留多少
(the reserve per pregnant employee times 3), 上月缴费额3.2万按110%是多少, 当地失业金1650补助金最多多少.

The entries live in data/policy/computations.yml (which figure, the words that ask for it, the kind of
arithmetic); the figures themselves come from the policy store with their citation, looked up on the date the
question names. An entry applies only when everything it needs is in the message — the words, the count or
the amount told — so a figure is never multiplied by a number that means something else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.answers import wordmatch
from bot.answers.turn import TOTAL_WORDS, Turn
from bot.calc import lookup
from bot.calc.result import OK
from bot.kb.store import PolicyStore
from bot.kb.units import format_number, format_value

PER_PERSON, RATIO_OF_TOLD, RATE_CUT = "per_person", "ratio_of_told", "rate_cut"
KINDS = (PER_PERSON, RATIO_OF_TOLD, RATE_CUT)
# between the words naming what is told and its amount: 缴费额是 / 基数报的是 / 失业金标准是 (no clause break)
_GAP_TO_AMOUNT = 8
PERCENT_TOLD = re.compile(r"(\d+(?:\.\d+)?)\s*%")  # 0.6% / 15%: a percentage told


@dataclass(frozen=True)
class Worked:
    """One amount worked out: the sentence, the document's figure as written, and where it stands."""

    line: str
    figure: str  # the document's figure (30197 / 110%), to tell whether a reply already shows it
    quote: str  # the document's words stating it
    citation: str  # number and section
    period: str
    stands_alone: bool = False  # a per-person figure: the worked amount and the document's words answer it
    amount: Decimal | None = None  # (per_person) the total worked out, to add two groups' totals up


@dataclass(frozen=True)
class Computation:
    parameter: str
    region: str
    kind: str
    asked: tuple[tuple[str, ...], ...]
    line: str
    counted: tuple[str, ...] = ()
    not_counted: tuple[str, ...] = ()
    told_after: tuple[str, ...] = ()
    times_months: bool = False
    line_per_month: str = ""  # (times_months) the sentence when no months are told
    line_partly: str = ""  # (times_months) the sentence when only some of the months told are in force
    times_parameter: str = ""  # (ratio_of_told) a figure of the same region the result is multiplied by
    line_without_base: str = ""  # (rate_cut) the sentence when only the rate is told
    rate_after: tuple[str, ...] = ()  # (rate_cut) the rate used is the one told after one of these (原来)

    def asked_in(self, text: str) -> bool:
        # a word, or a ``re:`` pattern for a phrase with other words inside (忘了在7月25日前申报)
        return all(any(wordmatch.find(text, word) >= 0 for word in group) for group in self.asked)

    def count(self, text: str) -> int | None:
        """The people counted right before a ``counted`` word (3个怀孕的 / 15个在职职工 / 5口人)."""
        words = "|".join(re.escape(w) for w in self.counted)
        # 3个怀孕的 / 三名女工怀着孕: a short noun (女工, 职工) may stand between the count and the word
        # (not a list's 、: 在职的3个人、退休的2个人 counts 2 retirees, told after their word)
        for match in re.finditer(rf"(\d+)\s*(?:个|名|位|口)?[^\d，,。？?；;、]{{0,4}}?(?:{words})", text):
            after = text[match.start(1) : match.end() + 4]
            if any(word in after for word in self.not_counted):
                continue
            return int(match.group(1))
        after_word = re.search(rf"(?:{words})[的有是]{{0,2}}(\d+)\s*(?:个|名|位|口)?(?:人|名)", text)
        return int(after_word.group(1)) if after_word else None


def _strings(raw: Any) -> tuple[str, ...]:
    return tuple(str(word) for word in raw or ())


def _checked(words: tuple[str, ...]) -> tuple[str, ...]:
    wordmatch.check(words)  # a malformed re: pattern fails when the file is loaded, not mid-reply
    return words


def load(path: Path | None = None) -> tuple[Computation, ...]:
    raw = yaml.safe_load((path or paths.POLICY_DATA_DIR / "computations.yml").read_text(encoding="utf-8"))
    entries = []
    for entry in (raw or {}).get("computations") or ():
        kind = str(entry["kind"])
        if kind not in KINDS:
            raise ValueError(f"computations.yml: unknown kind {kind!r} of {entry.get('parameter')!r}")
        entries.append(
            Computation(
                parameter=str(entry["parameter"]),
                region=str(entry["region"]),
                kind=kind,
                asked=tuple(_checked(_strings(group)) for group in entry["asked"]),
                line=str(entry["line"]),
                counted=_strings(entry.get("counted")),
                not_counted=_strings(entry.get("not_counted")),
                told_after=_strings(entry.get("told_after")),
                times_months=bool(entry.get("times_months", False)),
                line_per_month=str(entry.get("line_per_month") or ""),
                line_partly=str(entry.get("line_partly") or ""),
                times_parameter=str(entry.get("times_parameter") or ""),
                line_without_base=str(entry.get("line_without_base") or ""),
                rate_after=_strings(entry.get("rate_after")),
            )
        )
    return tuple(entries)


@cache
def computations() -> tuple[Computation, ...]:
    return load()


def _days_asked(turn: Turn) -> list[dt.date | None]:
    """The first and last day of the period the question names, then of the other dates it tells
    (6月份的缴费额, 7月起按多少: the rule from July), or [None] (the latest figure) when it names none."""
    asked = turn.period()
    periods = [asked] if asked else []
    periods += [p for p in turn.all("period") if p is not asked]
    days: list[dt.date | None] = []
    for period in periods:
        for side in ("date_from", "date_to"):
            if period.get(side):
                days.append(dt.date.fromisoformat(str(period[side])))
    return list(dict.fromkeys(days)) or [None]


SPAN_JOIN = re.compile(r"\s*(?:到|至|-|~|—|－)\s*")  # 3月到8月 / 3-8月: two months joined as a span


def _month_range(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month) and len(months) < 36:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _within(day: dt.date | None, period: dict[str, Any]) -> bool:
    start, end = period.get("date_from"), period.get("date_to")
    if day is None or not start or not end:
        return False
    return dt.date.fromisoformat(str(start)) <= day <= dt.date.fromisoformat(str(end))


def _groups_added(found: list[Worked], turn: Turn) -> list[Worked]:
    """在职的3个人、退休的2个人…一年合计要交多少: two groups' per-person totals of one document, added up."""
    groups = [w for w in found if w.amount is not None]
    if len(groups) != 2 or groups[0].citation != groups[1].citation or not turn.says(*TOTAL_WORDS):
        return []
    first, second = groups
    assert first.amount is not None and second.amount is not None
    total = _yuan(first.amount + second.amount)
    line = f"两项合计{total}元（{_yuan(first.amount)}元+{_yuan(second.amount)}元）。"
    return [dataclasses.replace(first, line=line, quote="", amount=None)]


def _rate_told(entry: Computation, turn: Turn) -> Decimal | None:
    """原来工伤费率0.6%: the rate the asker had, told after one of the entry's words (a rate asked to be
    confirmed, 是不是统一按0.8%, is no rate to lower)."""
    for match in PERCENT_TOLD.finditer(turn.text):
        before = turn.text[max(0, match.start() - _GAP_TO_AMOUNT - 4) : match.start()]
        if any(word in before for word in entry.rate_after):
            return Decimal(match.group(1)) / 100
    return None


def _yuan(value: Decimal) -> str:
    return format_number(value)


def _percent(value: Decimal) -> str:
    return format_value(value, "ratio")


class Calculator:
    """The computed lines for a message, with the figures of one policy store."""

    def __init__(self, store: PolicyStore, entries: tuple[Computation, ...] | None = None):
        self.store = store
        self.entries = computations() if entries is None else entries

    def lines(self, turn: Turn) -> list[str]:
        """One sentence per entry the message asks for and gives the numbers of (empty when none)."""
        return [worked.line for worked in self.worked(turn)]

    def worked(self, turn: Turn) -> list[Worked]:
        found: list[Worked] = []
        for entry in self.entries:
            # a national figure holds for every place; a city's only for that city
            elsewhere = entry.region != "national" and turn.region not in (None, entry.region, "national")
            if not entry.asked_in(turn.text) or elsewhere:
                continue
            figure = self._figure(entry, turn)
            if figure is None:
                continue
            value, stated = figure
            line = self._line(entry, turn, value, stated.citation)
            if line and all(line != w.line for w in found):
                per_person = entry.kind == PER_PERSON
                amount = value * (entry.count(turn.text) or 0) if per_person else None
                found.append(dataclasses.replace(stated, line=line, stands_alone=per_person, amount=amount))
        return _groups_added(found, turn) + found  # the total asked first

    def _figure(self, entry: Computation, turn: Turn) -> tuple[Decimal, Worked] | None:
        """The entry's figure in force on the date asked, and how the document states it."""
        days = _days_asked(turn)
        # 2020年翻倍以后: a figure in force for part of the year asked (3月至6月) — its first day in it
        days += [
            v.first_day
            for v in self.store.coverage(entry.parameter)
            if v.region == entry.region and any(_within(v.first_day, p) for p in turn.all("period"))
        ]
        for on in dict.fromkeys(days):
            # 2020年 asked of a figure from 2020年7月: in force at the period's end if not at its start
            result = lookup.lookup(self.store, entry.parameter, entry.region, on, turn.today)
            if result.status != OK or "value" not in result.figures:
                continue
            value = (
                self.store.value(entry.parameter, entry.region, on)
                if on is not None
                else self.store.latest(entry.parameter, entry.region)
            )
            return Decimal(str(result.figure("value"))), Worked(
                line="",
                figure=result.figures["value"].text.removesuffix("元"),
                quote=value.source.quote if value is not None else "",
                citation=result.citations[0].short if result.citations else "",
                period=result.period_text,
            )
        return None

    def _times_figure(self, entry: Computation, turn: Turn) -> Decimal | None:
        """(ratio_of_told) the second figure the result is multiplied by for a total (失业补助金最长6个月)."""
        if not entry.times_parameter:
            return None
        times = dataclasses.replace(entry, parameter=entry.times_parameter)
        found = self._figure(times, turn)
        return found[0] if found is not None else None

    def _months_in_force(self, entry: Computation, turn: Turn, months: int) -> int | None:
        """Of the span of months the message names (3月到8月, as many months as it counts), how many fall in
        a period the entry's figure is in force; None when no such span is named."""
        periods = sorted(turn.all("period"), key=lambda e: int(e.get("start", 0)))
        values = [v for v in self.store.coverage(entry.parameter) if v.region == entry.region]
        # 2020年4月至7月 (one span) or 3月到8月 (two months joined)
        spans = [(p, p) for p in periods if p.get("granularity") == "months"]
        spans += [
            (first, last)
            for first, last in itertools.pairwise(periods)
            if SPAN_JOIN.fullmatch(turn.text[int(first.get("end", 0)) : int(last.get("start", 0))])
        ]
        for first, last in spans:
            start = dt.date.fromisoformat(str(first["date_from"]))
            end = dt.date.fromisoformat(str(last["date_to" if first is last else "date_from"]))
            span = [dt.date(y, m, 1) for y, m in _month_range(start, end)]
            if len(span) != months:
                continue
            return sum(
                1
                for day in span
                if any(v.first_day <= day and (v.last_day is None or day <= v.last_day) for v in values)
            )
        return None

    def _rate_only(self, entry: Computation, turn: Turn, value: Decimal, source: str) -> str | None:
        """原来工伤费率0.6%，下调以后按多少交: the rate lowered, no base told to apply it to."""
        old = _rate_told(entry, turn)
        if old is None:
            return None
        return entry.line_without_base.format(
            rate=_percent(old), figure=_percent(value), new_rate=_percent(old * (1 - value)), source=source
        )

    def _line(self, entry: Computation, turn: Turn, value: Decimal, source: str) -> str | None:
        if entry.kind == PER_PERSON:
            count = entry.count(turn.text)
            if count is None or count < 2:
                return None
            return entry.line.format(
                count=count, figure=_yuan(value), result=_yuan(value * count), source=source
            )
        told = turn.amount_after(entry.told_after, _GAP_TO_AMOUNT)
        if entry.kind == RATE_CUT and told is None and entry.line_without_base:
            return self._rate_only(entry, turn, value, source)
        if told is None or told <= 0:
            return None
        amount = Decimal(str(told))
        if entry.kind == RATIO_OF_TOLD:
            each = (amount * value).quantize(Decimal("0.01"))
            if entry.times_months:
                months = turn.months() or turn.claim_months()  # 这4个月一共: the months of the claim
                if not months:
                    # 每月能拿多少: no months told, the month's figure is the answer (when the entry says it)
                    return (
                        entry.line_per_month.format(told=_yuan(amount), each_month=_yuan(each), source=source)
                        or None
                    )
                inside = self._months_in_force(entry, turn, months)
                if inside is not None and inside < months and entry.line_partly:
                    # 3月到8月这6个月一共: only the months the figure is in force for (3月至6月) are raised
                    outside = months - inside
                    return entry.line_partly.format(
                        told=_yuan(amount),
                        each_month=_yuan(each),
                        months=months,
                        inside=inside,
                        outside=outside,
                        result=_yuan(each * inside + amount * outside),
                        source=source,
                    )
                return entry.line.format(
                    told=_yuan(amount),
                    each_month=_yuan(each),
                    months=months,
                    result=_yuan(each * months),
                    source=source,
                )
            times = self._times_figure(entry, turn)
            return entry.line.format(
                told=_yuan(amount),
                figure=_percent(value),
                result=_yuan(each),
                times=format_number(float(times)) if times is not None else "",
                total=_yuan(each * times) if times is not None else "",
                source=source,
            )
        old = _rate_told(entry, turn)
        if old is None:
            return None
        new = old * (1 - value)
        return entry.line.format(
            rate=_percent(old),
            figure=_percent(value),
            new_rate=_percent(new),
            told=_yuan(amount),
            result=_yuan((amount * new).quantize(Decimal("0.01"))),
            source=source,
        )
