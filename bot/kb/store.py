"""The policy store: the knowledge base written to SQL (SQLite by default) and read back into memory.

The YAML files are the editable truth; :func:`build_store` validates them and writes the tables;
:class:`PolicyStore` loads the tables once into in-memory indexes so a lookup costs microseconds.
``PolicyStore.open()`` rebuilds the tables first when the data files changed since the last build,
so a bureau that edits a figure only restarts the action server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot import paths
from bot.kb.loader import data_files, load_knowledge_base
from bot.kb.model import (
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
from bot.kb.tables import (
    Base,
    DocumentRow,
    FaqRow,
    MetaRow,
    OfficeRow,
    ParameterRow,
    ParameterValueRow,
    RegionRow,
    TopicRow,
)

SCHEMA_VERSION = "4"


def data_hash(root: Path) -> str:
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in data_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, future=True)


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def build_store(kb: KnowledgeBase, url: str, fingerprint: str) -> None:
    """Replace the store's content with ``kb`` in one transaction."""
    engine = _engine(url)
    Base.metadata.drop_all(
        engine
    )  # the store is derived data: rebuilding it whole also follows schema changes
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        session.add_all(
            DocumentRow(
                id=d.id,
                number=d.number,
                title=d.title,
                issuer=d.issuer,
                issued=d.issued,
                date_note=d.date_note,
                period_quote=d.period_quote,
                region=d.region,
                seed_file=d.seed_file,
            )
            for d in kb.documents.values()
        )
        session.add_all(
            RegionRow(
                id=r.id,
                name=r.name,
                short_name=r.short_name,
                level=r.level,
                parent=r.parent,
                aliases=list(r.aliases),
                area_code=r.area_code,
            )
            for r in kb.regions.values()
        )
        session.flush()
        for parameter in kb.parameters.values():
            session.add(
                ParameterRow(key=parameter.key, description=parameter.description, unit=parameter.unit)
            )
        session.flush()
        for parameter in kb.parameters.values():
            session.add_all(
                ParameterValueRow(
                    key=v.key,
                    region=v.region,
                    effective_from=v.effective_from,
                    effective_to=v.effective_to,
                    start=v.start,
                    end=v.end,
                    standard_year=v.standard_year,
                    standard_quote=v.standard_quote,
                    period_quote=v.period_quote,
                    period_document=v.period_document,
                    value=_json_value(v.value),
                    document=v.source.document,
                    section=v.source.section,
                    quote=v.source.quote,
                    quote_value=v.source.quote_value,
                    note=v.note,
                )
                for v in parameter.values
            )
        session.add_all(TopicRow(id=t.id, label=t.label, words=list(t.words)) for t in kb.topics.values())
        session.add_all(
            FaqRow(
                id=a.id,
                title=a.title,
                region=a.region,
                answer=a.answer,
                keywords=list(a.keywords),
                questions=list(a.questions),
                offices=list(a.offices),
                effective_from=a.effective_from,
                effective_to=a.effective_to,
                document=a.source.document,
                section=a.source.section,
                quote=a.source.quote,
            )
            for a in kb.faq.values()
        )
        session.add_all(
            OfficeRow(
                id=o.id,
                name=o.name,
                full_name=o.full_name,
                region=o.region,
                district=o.district,
                phone=o.phone,
                kind=o.kind,
                aliases=list(o.aliases),
                topics=list(o.topics),
                places=list(o.places),
                note=o.note,
                inferred=list(o.inferred),
                inference=o.inference,
                document=o.source.document,
                section=o.source.section,
                quote=o.source.quote,
            )
            for o in kb.offices.values()
        )
        session.add_all(
            [
                MetaRow(name="data_hash", value=fingerprint),
                *(MetaRow(name=f"convention.{name}", value=text) for name, text in kb.conventions.items()),
                MetaRow(
                    name="built_at", value=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
                ),
            ]
        )
    engine.dispose()


def _read_store(url: str) -> tuple[KnowledgeBase, dict[str, str]]:
    engine = _engine(url)
    kb = KnowledgeBase()
    with Session(engine) as session:
        meta = {row.name: row.value for row in session.scalars(select(MetaRow))}
        kb.conventions = {
            name.removeprefix("convention."): text
            for name, text in meta.items()
            if name.startswith("convention.")
        }
        for row in session.scalars(select(DocumentRow)):
            kb.documents[row.id] = Document(
                id=row.id,
                number=row.number,
                title=row.title,
                issuer=row.issuer,
                issued=row.issued,
                region=row.region,
                seed_file=row.seed_file,
                date_note=row.date_note,
                period_quote=row.period_quote,
            )
        for row in session.scalars(select(RegionRow)):
            kb.regions[row.id] = Region(
                id=row.id,
                name=row.name,
                short_name=row.short_name,
                level=row.level,
                parent=row.parent,
                aliases=tuple(row.aliases),
                area_code=row.area_code,
            )
        units: dict[str, ParameterRow] = {row.key: row for row in session.scalars(select(ParameterRow))}
        grouped: dict[str, list[ParameterValue]] = {key: [] for key in units}
        for row in session.scalars(select(ParameterValueRow).order_by(ParameterValueRow.id)):
            value = row.value
            if units[row.key].unit == "date":
                value = dt.date.fromisoformat(value)
            elif isinstance(value, list):
                value = tuple(value)
            grouped[row.key].append(
                ParameterValue(
                    key=row.key,
                    region=row.region,
                    effective_from=row.effective_from,
                    effective_to=row.effective_to,
                    value=value,
                    source=Source(row.document, row.section, row.quote, row.quote_value),
                    note=row.note,
                    start=row.start,
                    end=row.end,
                    standard_year=row.standard_year,
                    standard_quote=row.standard_quote,
                    period_quote=row.period_quote,
                    period_document=row.period_document,
                )
            )
        for key, row in units.items():
            kb.parameters[key] = Parameter(key, row.description, row.unit, tuple(grouped[key]))
        kb.topics = {
            row.id: Topic(row.id, row.label, tuple(row.words)) for row in session.scalars(select(TopicRow))
        }
        for row in session.scalars(select(FaqRow)):
            kb.faq[row.id] = FaqArticle(
                id=row.id,
                title=row.title,
                region=row.region,
                answer=row.answer,
                source=Source(row.document, row.section, row.quote),
                keywords=tuple(row.keywords),
                questions=tuple(row.questions),
                offices=tuple(row.offices),
                effective_from=row.effective_from,
                effective_to=row.effective_to,
            )
        for row in session.scalars(select(OfficeRow)):
            kb.offices[row.id] = Office(
                id=row.id,
                name=row.name,
                region=row.region,
                phone=row.phone,
                kind=row.kind,
                source=Source(row.document, row.section, row.quote),
                full_name=row.full_name,
                district=row.district,
                aliases=tuple(row.aliases),
                topics=tuple(row.topics),
                note=row.note,
                places=tuple(row.places),
                inferred=tuple(row.inferred),
                inference=row.inference,
            )
    engine.dispose()
    return kb, meta


class PolicyStore:
    """Read-only, in-memory view of the policy store with dated, region-aware lookups."""

    def __init__(self, kb: KnowledgeBase, meta: dict[str, str] | None = None):
        self.kb = kb
        self.meta = meta or {}
        self._by_alias: dict[str, str] = {}
        for region in kb.regions.values():
            for name in (region.name, region.short_name, *region.aliases):
                self._by_alias[name] = region.id
        self._chains = {rid: self._build_chain(rid) for rid in kb.regions}

    # -- opening -----------------------------------------------------------------------------------------
    @classmethod
    def open(
        cls, url: str | None = None, data_dir: Path | None = None, rebuild_if_stale: bool = True
    ) -> PolicyStore:
        """Open the SQL store, (re)building it from the data files first when it is missing or stale."""
        url = url or paths.policy_db_url()
        data_dir = data_dir or paths.POLICY_DATA_DIR
        if rebuild_if_stale:
            ensure_built(url, data_dir)
        kb, meta = _read_store(url)
        return cls(kb, meta)

    @classmethod
    def from_data(cls, data_dir: Path | None = None) -> PolicyStore:
        """Build straight from the YAML files, without SQL (used by validation and by tests)."""
        return cls(load_knowledge_base(data_dir or paths.POLICY_DATA_DIR))

    # -- regions -----------------------------------------------------------------------------------------
    def _build_chain(self, region_id: str) -> tuple[Region, ...]:
        chain: list[Region] = []
        current: str | None = region_id
        while current is not None and current in self.kb.regions and len(chain) < 8:
            chain.append(self.kb.regions[current])
            current = self.kb.regions[current].parent
        return tuple(chain)

    def region(self, region_id: str) -> Region:
        return self.kb.regions[region_id]

    def region_chain(self, region_id: str) -> tuple[Region, ...]:
        """The region, its province (if any) and the country, most specific first."""
        return self._chains.get(region_id, ())

    def find_region(self, text: str | None) -> Region | None:
        """Region named by ``text`` (id, full name, short name or alias), or None."""
        if not text:
            return None
        text = text.strip()
        if text in self.kb.regions:
            return self.kb.regions[text]
        region_id = self._by_alias.get(text)
        return self.kb.regions[region_id] if region_id else None

    # -- parameters --------------------------------------------------------------------------------------
    def parameter(self, key: str) -> Parameter:
        return self.kb.parameters[key]

    def value(self, key: str, region: str, on: dt.date) -> ParameterValue | None:
        """The value in force on ``on`` for ``region``: the most specific region that has one wins.

        A city's own document overrides the national rule while both are in force; where the city's value
        has ended (or it never had one) the national value applies. Later documents that amend earlier ones
        are modelled as consecutive date ranges of the same key and region.
        """
        parameter = self.kb.parameters.get(key)
        if parameter is None:
            return None
        for level in self.region_chain(region):
            for value in parameter.values:
                if value.region == level.id and value.covers(on):
                    return value
        return None

    def value_in_region(self, key: str, region: str, on: dt.date) -> ParameterValue | None:
        """Like :meth:`value` but without falling back to the province or the country."""
        parameter = self.kb.parameters.get(key)
        if parameter is None:
            return None
        return next((v for v in parameter.values if v.region == region and v.covers(on)), None)

    def past_standard(self, key: str, region: str, on: dt.date) -> ParameterValue | None:
        """The one-year standard the documents give for the region when ``on`` is after that year.

        Used to answer "文件给出的是2020年度标准，没有规定2022年的" instead of a bare "not covered".
        """
        parameter = self.kb.parameters.get(key)
        if parameter is None:
            return None
        for level in self.region_chain(region):
            past = [
                v
                for v in parameter.values
                if v.region == level.id
                and v.end == STANDARD_YEAR
                and v.last_day is not None
                and v.last_day < on
            ]
            if past:
                return max(past, key=lambda v: v.first_day)
        return None

    def latest(self, key: str, region: str) -> ParameterValue | None:
        """The most recently starting value for the region (or its parents): used when asked "now"."""
        parameter = self.kb.parameters.get(key)
        if parameter is None:
            return None
        for level in self.region_chain(region):
            candidates = [v for v in parameter.values if v.region == level.id]
            if candidates:
                return max(candidates, key=lambda v: v.first_day)
        return None

    def coverage(self, key: str) -> list[ParameterValue]:
        parameter = self.kb.parameters.get(key)
        return sorted(parameter.values, key=lambda v: (v.region, v.first_day)) if parameter else []

    def regions_with(self, key: str) -> list[Region]:
        seen: dict[str, Region] = {}
        for value in self.coverage(key):
            seen.setdefault(value.region, self.kb.regions[value.region])
        return list(seen.values())

    def ended_without_successor(self, today: dt.date) -> list[ParameterValue]:
        """Values whose period has ended and that no later value of the same key and region follows."""
        ended = []
        for parameter in self.kb.parameters.values():
            by_region: dict[str, list[ParameterValue]] = {}
            for value in parameter.values:
                by_region.setdefault(value.region, []).append(value)
            for values in by_region.values():
                last = max(values, key=lambda v: v.first_day)
                if last.last_day is not None and last.last_day < today:
                    ended.append(last)
        return sorted(ended, key=lambda v: (v.key, v.region))

    # -- documents, FAQ, offices -------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document:
        return self.kb.documents[doc_id]

    def cite(self, source: Source) -> str:
        return self.kb.documents[source.document].citation(source.section)

    def faq_articles(self) -> Iterable[FaqArticle]:
        return self.kb.faq.values()

    def offices(self) -> Iterable[Office]:
        return self.kb.offices.values()

    def office(self, office_id: str) -> Office:
        return self.kb.offices[office_id]


_lock = threading.Lock()
_default: PolicyStore | None = None


def ensure_built(url: str, data_dir: Path) -> bool:
    """Build the SQL store when it is missing or older than the data files; return True if it built."""
    fingerprint = data_hash(data_dir)
    try:
        current = _read_meta(url)
    except Exception:  # missing file or tables: build below
        current = {}
    if current.get("data_hash") == fingerprint:
        return False
    build_store(load_knowledge_base(data_dir), url, fingerprint)
    return True


def _read_meta(url: str) -> dict[str, str]:
    engine = _engine(url)
    try:
        with Session(engine) as session:
            return {row.name: row.value for row in session.scalars(select(MetaRow))}
    finally:
        engine.dispose()


def default_store() -> PolicyStore:
    """Process-wide store, opened on first use (thread-safe)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = PolicyStore.open()
    return _default


def reset_default_store() -> None:
    global _default
    with _lock:
        _default = None
