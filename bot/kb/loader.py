"""Read the policy data files (YAML) into a validated :class:`KnowledgeBase`.

Every problem is collected as a :class:`DataIssue` naming the file and the key, so a bureau editor who
changes a figure sees all mistakes at once; :func:`load_knowledge_base` raises :class:`DataError` with
the list when there is any.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.kb.model import (
    DATE,
    NOT_STATED,
    OPEN,
    STANDARD_YEAR,
    Document,
    FaqArticle,
    KnowledgeBase,
    Office,
    Parameter,
    ParameterValue,
    Region,
    Source,
    Topic,
)
from bot.kb.units import check_value

try:  # the C loader is ~10x faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Base  # type: ignore[assignment]


class _Loader(_Base):
    """Safe loader that leaves dates as text, so a bad date gets our message instead of a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}

REGION_LEVELS = {"country", "province", "municipality", "city"}
OFFICE_KINDS = {"hotline", "branch", "department", "center"}


@dataclass(frozen=True)
class DataIssue:
    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}"


class DataError(ValueError):
    """The policy data is invalid; ``issues`` lists every problem found."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        listing = "\n".join(f"  - {issue}" for issue in issues)
        super().__init__(f"{len(issues)} problem(s) in the policy data:\n{listing}")


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.issues: list[DataIssue] = []

    def add(self, path: Path, key: str, message: str) -> None:
        try:
            name = str(path.relative_to(self.root))
        except ValueError:
            name = str(path)
        self.issues.append(DataIssue(name, key, message))


def _read_yaml(path: Path, errors: _Collector) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)
    except yaml.YAMLError as exc:
        errors.add(path, "-", f"not valid YAML: {exc}")
    except OSError as exc:
        errors.add(path, "-", f"cannot read: {exc}")
    return None


def _texts(raw: Any) -> tuple[str, ...]:
    """A YAML list as text items (an unquoted 12333 reads as a number)."""
    return tuple(str(item) for item in raw or ())


def _as_date(raw: Any, path: Path, key: str, field_name: str, errors: _Collector) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    errors.add(path, key, f"{field_name} {raw!r} is not a date (write YYYY-MM-DD)")
    return None


def _require(mapping: dict, fields: tuple[str, ...], path: Path, key: str, errors: _Collector) -> bool:
    missing = [name for name in fields if mapping.get(name) in (None, "")]
    for name in missing:
        errors.add(path, key, f"missing required field {name!r}")
    return not missing


def _source(raw: Any, path: Path, key: str, kb: KnowledgeBase, errors: _Collector) -> Source | None:
    if not isinstance(raw, dict):
        errors.add(path, key, "missing citation: every entry needs source: {document, section, quote}")
        return None
    if not _require(raw, ("document", "section", "quote"), path, f"{key}.source", errors):
        return None
    if raw["document"] not in kb.documents:
        errors.add(path, f"{key}.source", f"unknown document {raw['document']!r} (see documents.yml)")
        return None
    return Source(
        document=str(raw["document"]),
        section=str(raw["section"]),
        quote=str(raw["quote"]),
        quote_value=str(raw.get("quote_value", "")),
    )


def _load_documents(path: Path, kb: KnowledgeBase, errors: _Collector) -> None:
    data = _read_yaml(path, errors) or {}
    conventions = data.get("conventions") or {}
    if not isinstance(conventions, dict):
        errors.add(path, "conventions", "conventions maps a name to its Chinese wording")
    else:
        for name, text in conventions.items():
            if not isinstance(text, str) or not text.strip():
                errors.add(path, f"conventions.{name}", "a convention needs its Chinese wording")
            else:
                kb.conventions[str(name)] = " ".join(text.split())
    for doc_id, raw in (data.get("documents") or {}).items():
        if not isinstance(raw, dict) or not _require(
            raw, ("number", "title", "issuer", "region", "seed_file"), path, doc_id, errors
        ):
            continue
        issued = None
        if raw.get("issued") is not None:
            issued = _as_date(raw["issued"], path, doc_id, "issued", errors)
        elif not raw.get("date_note"):
            errors.add(path, doc_id, "issued date missing: give 'issued' or say why in 'date_note'")
        kb.documents[doc_id] = Document(
            id=doc_id,
            number=str(raw["number"]),
            title=str(raw["title"]),
            issuer=str(raw["issuer"]),
            issued=issued,
            region=str(raw["region"]),
            seed_file=str(raw["seed_file"]),
            date_note=str(raw.get("date_note", "")),
            period_quote=str(raw.get("period_quote", "") or ""),
        )


def _load_regions(path: Path, kb: KnowledgeBase, errors: _Collector) -> None:
    data = _read_yaml(path, errors) or {}
    for region_id, raw in (data.get("regions") or {}).items():
        if not isinstance(raw, dict) or not _require(raw, ("name", "level"), path, region_id, errors):
            continue
        if raw["level"] not in REGION_LEVELS:
            errors.add(path, region_id, f"level {raw['level']!r} is not one of {sorted(REGION_LEVELS)}")
        kb.regions[region_id] = Region(
            id=region_id,
            name=str(raw["name"]),
            short_name=str(raw.get("short_name", raw["name"])),
            level=str(raw["level"]),
            parent=raw.get("parent"),
            aliases=_texts(raw.get("aliases")),
            area_code=str(raw.get("area_code", "")),
        )
    for region in kb.regions.values():
        if region.parent is not None and region.parent not in kb.regions:
            errors.add(path, region.id, f"unknown parent region {region.parent!r}")
    for doc in kb.documents.values():
        if doc.region not in kb.regions:
            errors.add(path, doc.id, f"document region {doc.region!r} is not in regions.yml")


def _load_parameter_file(path: Path, kb: KnowledgeBase, errors: _Collector) -> None:
    data = _read_yaml(path, errors)
    if data is None:
        return
    if not isinstance(data, dict):
        errors.add(path, "-", "a parameter file maps parameter keys to their definitions")
        return
    for key, raw in data.items():
        if key in kb.parameters:
            errors.add(path, key, "parameter defined twice (keys are unique across all files)")
            continue
        if not isinstance(raw, dict) or not _require(
            raw, ("description", "unit", "values"), path, key, errors
        ):
            continue
        values: list[ParameterValue] = []
        for index, entry in enumerate(raw["values"] or ()):
            entry_key = f"{key}[{index}]"
            if not isinstance(entry, dict):
                errors.add(
                    path, entry_key, "each value is a mapping with region, effective_from, value, source"
                )
                continue
            if not _require(entry, ("region", "effective_from"), path, entry_key, errors):
                continue
            if "value" not in entry:
                errors.add(path, entry_key, "missing required field 'value'")
                continue
            if entry["region"] not in kb.regions:
                errors.add(path, entry_key, f"unknown region {entry['region']!r} (see regions.yml)")
                continue
            bounds = _bounds(entry, path, entry_key, errors)
            if bounds is None:
                continue
            start, end, start_kind, end_kind, year, year_quote = bounds
            value = entry["value"]
            if raw["unit"] == "date":
                value = _as_date(value, path, entry_key, "value", errors)
                if value is None:
                    continue
            problem = check_value(str(raw["unit"]), value)
            if problem:
                errors.add(path, entry_key, problem)
                continue
            source = _source(entry.get("source"), path, entry_key, kb, errors)
            if source is None:
                continue
            period_document = str(entry.get("period_document", "") or "")
            if period_document and period_document not in kb.documents:
                errors.add(
                    path, entry_key, f"unknown period_document {period_document!r} (see documents.yml)"
                )
                continue
            values.append(
                ParameterValue(
                    key=key,
                    region=str(entry["region"]),
                    effective_from=start,
                    effective_to=end,
                    value=tuple(value) if isinstance(value, list) else value,
                    source=source,
                    note=str(entry.get("note", "")),
                    start=start_kind,
                    end=end_kind,
                    standard_year=year,
                    standard_quote=year_quote,
                    period_quote=_period_quote(entry.get("period_quote")),
                    period_document=period_document,
                )
            )
        _check_overlaps(path, key, values, errors)
        kb.parameters[key] = Parameter(
            key=key, description=str(raw["description"]), unit=str(raw["unit"]), values=tuple(values)
        )


def _period_quote(raw: Any) -> str:
    """``period_quote`` is one passage or a list of them (start and end stated apart): kept one a line."""
    if isinstance(raw, list):
        return "\n".join(str(item) for item in raw if item)
    return str(raw or "")


_Bounds = tuple[dt.date | None, dt.date | None, str, str, int | None, str]


def _bounds(entry: dict, path: Path, key: str, errors: _Collector) -> _Bounds | None:
    """The period of one value: its start and end with their kinds, and the standard year if any.

    ``effective_from`` is a date or ``not_stated``; ``effective_to`` is a date, ``open`` or ``not_stated``,
    or is left out when ``standard_year: {year, quote}`` names the one year the value is the standard of.
    """
    raw_start, raw_end, raw_year = (
        entry.get("effective_from"),
        entry.get("effective_to"),
        entry.get("standard_year"),
    )
    start: dt.date | None = None
    start_kind = DATE
    if raw_start == NOT_STATED:
        start_kind = NOT_STATED
    else:
        start = _as_date(raw_start, path, key, "effective_from", errors)
        if start is None:
            return None
    year: int | None = None
    year_quote = ""
    if raw_year is not None:
        if (
            not isinstance(raw_year, dict)
            or isinstance(raw_year.get("year"), bool)
            or not isinstance(raw_year.get("year"), int)
            or not str(raw_year.get("quote") or "").strip()
        ):
            errors.add(path, key, "standard_year must be {year: 2020, quote: <the words naming the year>}")
            return None
        year, year_quote = int(raw_year["year"]), str(raw_year["quote"])
        if "effective_to" in entry:
            errors.add(path, key, "a standard-year value has no effective_to: the year bounds it")
            return None
        if start is not None and start.year > year:
            errors.add(path, key, f"effective_from {start} is after its standard year {year}")
            return None
        return start, None, start_kind, STANDARD_YEAR, year, year_quote
    if raw_end is None:
        errors.add(
            path,
            key,
            "effective_to missing: give the end date, 'open' (the document sets no end), 'not_stated' "
            "(the document states none) or standard_year",
        )
        return None
    end: dt.date | None = None
    end_kind = DATE
    if raw_end in (OPEN, NOT_STATED):
        end_kind = str(raw_end)
    else:
        end = _as_date(raw_end, path, key, "effective_to", errors)
        if end is None:
            return None
        if start is not None and end < start:
            errors.add(path, key, f"effective_to {end} is before effective_from {start}")
            return None
    return start, end, start_kind, end_kind, year, year_quote


def _check_overlaps(path: Path, key: str, values: list[ParameterValue], errors: _Collector) -> None:
    by_region: dict[str, list[ParameterValue]] = {}
    for value in values:
        by_region.setdefault(value.region, []).append(value)
    for region, items in by_region.items():
        items.sort(key=lambda v: v.first_day)
        for earlier, later in itertools.pairwise(items):
            if earlier.last_day is None or earlier.last_day >= later.first_day:
                errors.add(
                    path,
                    key,
                    f"overlapping ranges for region {region!r}: {_span(earlier)} and {_span(later)}",
                )


def _span(value: ParameterValue) -> str:
    return f"{value.effective_from or 'not stated'}..{value.last_day or value.end}"


def _load_faq_file(path: Path, kb: KnowledgeBase, errors: _Collector) -> None:
    data = _read_yaml(path, errors)
    for raw in (data or {}).get("articles") or ():
        article_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
        if not isinstance(raw, dict) or not _require(
            raw, ("id", "title", "region", "answer"), path, article_id, errors
        ):
            continue
        if article_id in kb.faq:
            errors.add(path, article_id, "FAQ article id used twice")
            continue
        if raw["region"] not in kb.regions:
            errors.add(path, article_id, f"unknown region {raw['region']!r}")
            continue
        source = _source(raw.get("source"), path, article_id, kb, errors)
        if source is None:
            continue
        start = (
            _as_date(raw["effective_from"], path, article_id, "effective_from", errors)
            if raw.get("effective_from")
            else None
        )
        end = (
            _as_date(raw["effective_to"], path, article_id, "effective_to", errors)
            if raw.get("effective_to")
            else None
        )
        kb.faq[article_id] = FaqArticle(
            id=article_id,
            title=str(raw["title"]),
            region=str(raw["region"]),
            answer=str(raw["answer"]).strip(),
            source=source,
            keywords=_texts(raw.get("keywords")),
            questions=_texts(raw.get("questions")),
            offices=_texts(raw.get("offices")),
            effective_from=start,
            effective_to=end,
        )


def _load_directory_file(path: Path, kb: KnowledgeBase, errors: _Collector) -> None:
    data = _read_yaml(path, errors) or {}
    for topic_id, raw in (data.get("topics") or {}).items():
        if not isinstance(raw, dict) or not raw.get("label"):
            errors.add(path, str(topic_id), "a topic needs {label: ..., words: [...]}")
            continue
        kb.topics[str(topic_id)] = Topic(str(topic_id), str(raw["label"]), _texts(raw.get("words")))
    for raw in data.get("offices") or ():
        office_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
        if not isinstance(raw, dict) or not _require(
            raw, ("id", "name", "region", "phone", "kind"), path, office_id, errors
        ):
            continue
        if office_id in kb.offices:
            errors.add(path, office_id, "office id used twice")
            continue
        if raw["region"] not in kb.regions:
            errors.add(path, office_id, f"unknown region {raw['region']!r}")
            continue
        if raw["kind"] not in OFFICE_KINDS:
            errors.add(path, office_id, f"kind {raw['kind']!r} is not one of {sorted(OFFICE_KINDS)}")
            continue
        phone = str(raw["phone"])
        if not phone.replace("-", "").isdigit():
            errors.add(path, office_id, f"phone {phone!r} must be digits (with an optional area-code dash)")
            continue
        source = _source(raw.get("source"), path, office_id, kb, errors)
        if source is None:
            continue
        inferred = raw.get("inferred") or {}
        if inferred and (not isinstance(inferred, dict) or not str(inferred.get("note") or "").strip()):
            errors.add(
                path, office_id, "inferred needs {aliases: [...], note: what the documents do not state}"
            )
            continue
        inferred_names = _texts(inferred.get("aliases"))
        named = _texts(raw.get("aliases")) + _texts(raw.get("places"))
        unknown = [a for a in inferred_names if a not in named]
        if unknown:
            errors.add(path, office_id, f"inferred aliases {unknown} are not among its aliases or places")
            continue
        kb.offices[office_id] = Office(
            id=office_id,
            name=str(raw["name"]),
            region=str(raw["region"]),
            phone=phone,
            kind=str(raw["kind"]),
            source=source,
            full_name=str(raw.get("full_name", "")),
            district=str(raw.get("district", "")),
            aliases=_texts(raw.get("aliases")),
            topics=_texts(raw.get("topics")),
            note=str(raw.get("note", "")),
            places=_texts(raw.get("places")),
            inferred=inferred_names,
            inference=str(inferred.get("note") or "").strip(),
        )


def _check_references(root: Path, kb: KnowledgeBase, errors: _Collector) -> None:
    for office in kb.offices.values():
        for topic in office.topics:
            if topic not in kb.topics:
                errors.add(
                    root / "directory", office.id, f"unknown topic {topic!r} (declare it under topics:)"
                )
    for article in kb.faq.values():
        for office_id in article.offices:
            if office_id not in kb.offices:
                errors.add(root / "faq", article.id, f"unknown office {office_id!r}")


def load_knowledge_base(root: Path) -> KnowledgeBase:
    """Load and validate every data file under ``root``; raise :class:`DataError` on any problem."""
    errors = _Collector(root)
    kb = KnowledgeBase()
    if not root.is_dir():
        raise DataError([DataIssue(str(root), "-", "policy data directory does not exist")])
    _load_documents(root / "documents.yml", kb, errors)
    _load_regions(root / "regions.yml", kb, errors)
    for path in sorted((root / "parameters").glob("*.yml")):
        _load_parameter_file(path, kb, errors)
    for path in sorted((root / "faq").glob("*.yml")):
        _load_faq_file(path, kb, errors)
    for path in sorted((root / "directory").glob("*.yml")):
        _load_directory_file(path, kb, errors)
    _check_references(root, kb, errors)
    if errors.issues:
        raise DataError(errors.issues)
    return kb


def data_files(root: Path) -> list[Path]:
    """Every file the knowledge base is built from (for staleness hashes)."""
    return sorted(p for p in root.rglob("*.yml") if p.is_file())
