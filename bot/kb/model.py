"""Plain domain objects of the knowledge base, shared by the loader, the store and the calculator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """A source document: every value, article and office cites one."""

    id: str
    number: str  # 文号, e.g. 长社保〔2020〕1号; "无文号" when the document carries none
    title: str
    issuer: str
    issued: dt.date | None  # None when the seed text carries no date (then ``date_note`` says so)
    region: str
    seed_file: str
    date_note: str = ""
    period_quote: str = ""  # the document's own words on when it applies (本通知从2020年7月起执行)

    def citation(self, section: str = "") -> str:
        """Chinese citation: 《title》（number，issuer，date）section."""
        issued = (
            f"{self.issued.year}年{self.issued.month}月{self.issued.day}日" if self.issued else self.date_note
        )
        parts = [p for p in (self.number if self.number != "无文号" else "", self.issuer, issued) if p]
        text = f"《{self.title}》（{'，'.join(parts)}）"
        return f"{text}{section}" if section else text

    def short_citation(self, section: str = "") -> str:
        """Compact form for chat replies: 长社保〔2020〕1号 二、第5条 (the title when there is no number)."""
        head = self.number.split("（")[0] if not self.number.startswith("无文号") else f"《{self.title}》"
        return f"{head} {section}".strip()


@dataclass(frozen=True, slots=True)
class Source:
    document: str
    section: str
    quote: str
    quote_value: str = ""  # the words in ``quote`` that state the value when they are not digits (万分之五…)


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: str
    short_name: str
    level: str  # country / province / municipality / city
    parent: str | None
    aliases: tuple[str, ...] = ()
    area_code: str = ""


# How a value's period is bounded. A start is a date or NOT_STATED (the documents restate an older rule
# without dating it: the value applies to every date up to its end). An end is a date, OPEN (the document
# sets a start and no end: the rule stands until a later value replaces it), NOT_STATED (the document
# states no end: the value still applies after its start, and replies say "文件未规定"), or STANDARD_YEAR
# (the value is the standard of one year the document names: dates after that year are not covered).
DATE = "date"
OPEN = "open"
NOT_STATED = "not_stated"
STANDARD_YEAR = "standard_year"
START_KINDS = (DATE, NOT_STATED)
END_KINDS = (DATE, OPEN, NOT_STATED, STANDARD_YEAR)


@dataclass(frozen=True, slots=True)
class ParameterValue:
    key: str
    region: str
    effective_from: dt.date | None  # None: the start is not stated (``start`` is NOT_STATED)
    effective_to: dt.date | None  # None: no end date (``end`` says open, not stated or standard year)
    value: Any
    source: Source
    note: str = ""
    start: str = DATE
    end: str = DATE
    standard_year: int | None = None  # the year whose standard this is ("2020年度…缴费基数标准")
    standard_quote: str = ""  # the words of the document that name that year
    period_quote: str = ""  # the document's words stating the period when ``source.quote`` does not
    #                         (one passage a line when the start and the end are stated apart)
    period_document: str = ""  # the document of ``period_quote`` when it is not the value's own

    def __post_init__(self) -> None:
        # values built in code (tests, the store) may leave the kinds at their defaults
        if self.effective_from is None and self.start == DATE:
            object.__setattr__(self, "start", NOT_STATED)
        if self.effective_to is None and self.end == DATE:
            object.__setattr__(self, "end", STANDARD_YEAR if self.standard_year else OPEN)

    @property
    def first_day(self) -> dt.date:
        """The first day the value covers (the earliest date there is when the start is not stated)."""
        return self.effective_from or dt.date.min

    @property
    def standard_limit(self) -> dt.date | None:
        """Last day a standard-year value covers: its year's end, at the latest a year after its start."""
        if self.standard_year is None:
            return None
        year_end = dt.date(self.standard_year, 12, 31)
        start = self.effective_from
        if start is None or start.year != self.standard_year or (start.month, start.day) == (1, 1):
            return year_end
        # a contribution year that starts in July runs to the next June: at most a year from its start
        return dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1) if start.day == 1 else year_end

    @property
    def last_day(self) -> dt.date | None:
        """The last day the value covers; None when it covers every later date (open or end not stated)."""
        if self.effective_to is not None:
            return self.effective_to
        return self.standard_limit

    def covers(self, day: dt.date) -> bool:
        last = self.last_day
        return self.first_day <= day and (last is None or day <= last)


@dataclass(frozen=True, slots=True)
class Parameter:
    key: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...] = ()


@dataclass(frozen=True, slots=True)
class FaqArticle:
    id: str
    title: str
    region: str
    answer: str
    source: Source
    keywords: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Office:
    id: str
    name: str
    region: str
    phone: str  # exactly as printed in the source (local number without area code)
    kind: str  # hotline / branch / department / center
    source: Source
    full_name: str = ""
    district: str = ""
    aliases: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    note: str = ""
    places: tuple[str, ...] = ()  # district and office names recognised as the `office` entity
    # What the project infers and the documents do not state (an alias the document never uses, what a number
    # is for): the aliases or places inferred, and the note a reply relying on them shows.
    inferred: tuple[str, ...] = ()
    inference: str = ""


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label: str
    words: tuple[str, ...] = ()  # what users type for it


@dataclass(slots=True)
class KnowledgeBase:
    documents: dict[str, Document] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    faq: dict[str, FaqArticle] = field(default_factory=dict)
    offices: dict[str, Office] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    # project conventions the documents do not state (rounding…), as the data words them for replies
    conventions: dict[str, str] = field(default_factory=dict)
