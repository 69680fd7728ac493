"""The result every calculation returns: figures, reasoning steps in Chinese, citations, period, verdict."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bot.kb.model import NOT_STATED, OPEN, STANDARD_YEAR, ParameterValue
from bot.kb.units import format_date, format_value

OK = "ok"
NOT_COVERED = "not_covered"  # the data does not cover this city, date or insurance: never a guess
INVALID = "invalid"  # the input itself is wrong (negative wage, unknown enterprise type…)


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: Any
    unit: str

    @property
    def text(self) -> str:
        value = float(self.value) if isinstance(self.value, Decimal) else self.value
        return format_value(value, self.unit)


@dataclass(frozen=True, slots=True)
class Citation:
    document: str
    number: str
    text: str  # full Chinese citation: 《title》（number，issuer，date）section
    short: str = ""  # chat form: number and section, or 《title》 and section when there is no number


@dataclass(frozen=True, slots=True)
class Condition:
    label: str  # the rule, in Chinese
    met: bool | None  # None: the user did not say / the documents leave it open
    detail: str = ""  # the user's value or why it is unknown


@dataclass(slots=True)
class Result:
    topic: str
    status: str = OK
    region: str | None = None
    region_name: str = ""
    as_of: dt.date | None = None
    figures: dict[str, Figure] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    conditions: list[Condition] = field(default_factory=list)
    eligible: bool | None = None
    message: str = ""
    notes: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    start_not_stated: bool = False  # a value used has no stated start (a rule the documents restate)
    end_kind: str = ""  # "", open (the document sets no end) or not_stated (the document states none)
    standard_year: int | None = None  # a value used is the standard of this one year
    year_not_covered: int | None = None  # the year asked, whose standard the documents do not give

    @property
    def ok(self) -> bool:
        return self.status == OK

    def figure(self, name: str) -> Any:
        return self.figures[name].value

    def add_figure(self, name: str, label: str, value: Any, unit: str) -> None:
        self.figures[name] = Figure(label, value, unit)

    def add_citation(self, citation: Citation) -> None:
        if citation not in self.citations:
            self.citations.append(citation)

    def narrow_period(self, start: dt.date | None, end: dt.date | None) -> None:
        """Intersect the result's effective period with a period (None: that side does not narrow it)."""
        if start is not None:
            self.period_from = start if self.period_from is None else max(self.period_from, start)
        if end is not None:
            self.period_to = end if self.period_to is None else min(self.period_to, end)

    def narrow_to(self, value: ParameterValue) -> None:
        """Intersect the period with a value's, keeping how its bounds are stated (not stated, open…)."""
        self.narrow_period(value.effective_from, value.effective_to)
        if value.start == NOT_STATED:
            self.start_not_stated = True
        if value.end == STANDARD_YEAR and value.standard_year is not None:
            self.standard_year = (
                value.standard_year
                if self.standard_year is None
                else min(self.standard_year, value.standard_year)
            )
        elif value.end == NOT_STATED:
            self.end_kind = NOT_STATED
        elif value.end == OPEN and not self.end_kind:
            self.end_kind = OPEN

    @property
    def period_text(self) -> str:
        """The period in Chinese: "文件未规定" for a bound no document states; a year's standard as such."""
        start, end = self.period_from, self.period_to
        if start is not None and end is not None:
            return f"{format_date(start)}至{format_date(end)}"
        if end is not None:
            return (
                f"起始日期文件未规定，执行至{format_date(end)}"
                if self.start_not_stated
                else f"{format_date(end)}以前"
            )
        if self.standard_year is not None:
            head = (
                f"{format_date(start)}起执行的"
                if start
                else ("起始日期文件未规定；" if self.start_not_stated else "")
            )
            return f"{head}{self.standard_year}年度标准（文件没有规定之后年度的标准）"
        if start is None:
            if not self.start_not_stated:
                return ""
            return "起始日期文件未规定，" + (
                "截止日期文件未规定" if self.end_kind == NOT_STATED else "文件未设截止日期"
            )
        if self.end_kind == NOT_STATED:
            return f"{format_date(start)}起，截止日期文件未规定"
        return f"{format_date(start)}起（文件未设截止日期）"

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (for the CLI and the actions' slots)."""
        return {
            "topic": self.topic,
            "status": self.status,
            "region": self.region,
            "region_name": self.region_name,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "figures": {
                k: {"label": f.label, "value": _plain(f.value), "text": f.text}
                for k, f in self.figures.items()
            },
            "steps": list(self.steps),
            "citations": [c.text for c in self.citations],
            "period": self.period_text,
            "standard_year": self.standard_year,
            "conditions": [{"label": c.label, "met": c.met, "detail": c.detail} for c in self.conditions],
            "eligible": self.eligible,
            "message": self.message,
            "notes": list(self.notes),
            "offices": list(self.offices),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
