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


@dataclass(frozen=True, slots=True)
class ParameterValue:
    key: str
    region: str
    effective_from: dt.date
    effective_to: dt.date | None  # None: open-ended (the document sets no end)
    value: Any
    source: Source
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


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
