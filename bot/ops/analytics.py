"""Deflection analytics over Rasa's SQL tracker store: ``python -m bot.ops.analytics``. No Rasa import.

Reads the ``events`` table that Rasa 3.6's ``SQLTrackerStore`` writes (columns ``id, sender_id, type_name,
timestamp, intent_name, action_name, data``; ``data`` is the JSON of the event) from any SQLAlchemy URL
(SQLite ``var/trackers.sqlite`` by default, as in ``endpoints.yml``; PostgreSQL works the same), with
portable SQL only, and writes a weekly report: CSV files (UTF-8 with BOM, for Excel) and one PNG chart.

Definitions (every count is over the events inside the date range, after the channel filter):

* **Conversation**: a ``sender_id`` with at least one ``user`` event in the range. Events of senders with
  no user message in the range (a lone session start) are ignored; bot messages are counted only for
  conversations. A conversation is dated by its first user message in the range (``daily.csv``).
* **Fallback message**: a ``user`` event whose ``parse_data`` intent is ``nlu_fallback`` (the
  FallbackClassifier, and the guard for empty input) or ``out_of_scope``, or a user message answered by
  ``action_fallback``, ``action_out_of_scope`` or Rasa's ``action_default_fallback`` (the actions run
  between it and the next user message). Fallback rate = fallback messages / user messages.
  *Unanswered messages* are the texts of the fallback messages (already PII-masked by the channels),
  grouped after NFKC, case folding and removing whitespace, shown in their most frequent spelling.
* **Hand-off**: the action ``action_human_handoff``, or a ``slot`` event ``handoff`` with a non-null
  value. The assistant sets ``handoff`` on every reply (``actions/base.py``): the id of the office or
  hotline the reply routes the user to (``bot/answers/service.py``: human hand-off, phone-number answers,
  "not covered" results, FAQ misses and non-empty fallbacks give a line), null otherwise. Hand-offs by
  office count each (user turn, office) pair once; a hand-off action with no office is listed as
  ``unknown``. Office names come from the policy store (``bot.kb.store.default_store``), else the id.
* **Contained conversation**: a conversation with no fallback message and no hand-off at any point in
  the range. Containment = contained conversations / conversations.
* **Not-covered reply**: a reply whose ``answer_topic`` slot starts with ``not_covered`` (a social-insurance
  topic, place or year the documents do not cover: "not covered, call this line") or ``out_of_scope`` (a
  neighbouring domain), counted once per (user turn, topic) in ``not_covered.csv``.
* **Honest containment**: as containment, but a conversation with any not-covered reply also counts as
  handed off, whether or not the reply set ``handoff``: an honest "the documents do not cover this" is not
  a question the assistant resolved. Both rates are reported side by side (``summary.csv``, the printed
  summary, ``daily.csv``, the chart).

Date range: ``--since``/``--until`` are inclusive calendar days in ``--tz`` (default Asia/Shanghai), which
is also the zone of the daily buckets. ``--channel`` keeps conversations with a user message from that
input channel (``rest`` — also used by the web chat —, ``wechat``, ``wechat_mini``…). Rows whose ``data``
is not a JSON object are skipped and counted in ``skipped_rows``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from bot import paths
from bot.ops import csv_safe

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TABLE = "events"
COLUMNS = ("id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
EVENT_TYPES = ("user", "bot", "action", "slot")
FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
FALLBACK_ACTIONS = frozenset({"action_fallback", "action_out_of_scope", "action_default_fallback"})
HANDOFF_ACTION = "action_human_handoff"
HANDOFF_SLOT = "handoff"
TOPIC_SLOT = "answer_topic"
NOT_COVERED_PREFIXES = ("not_covered", "out_of_scope")  # answer_topic of a reply that says "not covered here"
UNKNOWN_OFFICE = "unknown"
NO_INTENT = "(none)"
EMPTY_TEXT = "(empty)"
DEFAULT_TZ = "Asia/Shanghai"
DEFAULT_OUT = paths.REPO_ROOT / "reports" / "analytics"
CJK_FONT_NAMES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
CSV_FILES = ("summary.csv", "intents.csv", "unanswered.csv", "handoffs.csv", "daily.csv", "not_covered.csv")
CHART_FILE = "deflection.png"
OFFICE_LABEL_WIDTH = 12  # characters per line of an office name on the chart


def default_db_url() -> str:
    """The SQLite tracker store of ``endpoints.yml`` (``var/trackers.sqlite``, relative to the repository)."""
    return f"sqlite:///{paths.VAR_DIR / 'trackers.sqlite'}"


class AnalyticsError(Exception):
    """The tracker store cannot be read (missing database or table, bad URL, connection refused)."""


# -- the report ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IntentCount:
    intent: str
    count: int


@dataclass(frozen=True)
class UnansweredMessage:
    text: str  # the most frequent spelling of the group
    count: int  # fallback messages in the group
    conversations: int  # distinct conversations that sent it


@dataclass(frozen=True)
class OfficeHandoffs:
    office_id: str
    office_name: str  # Chinese name from the policy store, the id when unknown
    handoffs: int  # (user turn, office) pairs
    conversations: int


@dataclass(frozen=True)
class NotCoveredTopic:
    topic: str  # the answer_topic value (not_covered:<topic>, out_of_scope:<domain>, out_of_scope…)
    replies: int  # (user turn, topic) pairs
    conversations: int


@dataclass(frozen=True)
class DailyStats:
    day: dt.date
    conversations: int
    contained: int
    contained_honest: int = 0

    @property
    def containment_rate(self) -> float | None:
        return self.contained / self.conversations if self.conversations else None

    @property
    def honest_containment_rate(self) -> float | None:
        return self.contained_honest / self.conversations if self.conversations else None


@dataclass
class DeflectionReport:
    source: str  # the database URL, password hidden
    since: dt.date | None
    until: dt.date | None
    channel: str | None
    timezone: str
    conversations: int = 0
    contained_conversations: int = 0  # no fallback, no hand-off
    honest_contained_conversations: int = 0  # and no not-covered reply
    fallback_conversations: int = 0
    handoff_conversations: int = 0
    not_covered_conversations: int = 0  # with at least one not-covered reply
    not_covered_replies: int = 0
    user_messages: int = 0
    bot_messages: int = 0
    fallback_messages: int = 0
    intents: list[IntentCount] = field(default_factory=list)  # every intent, most frequent first
    unanswered: list[UnansweredMessage] = field(default_factory=list)  # most frequent first
    handoffs: list[OfficeHandoffs] = field(default_factory=list)  # most frequent first
    not_covered: list[NotCoveredTopic] = field(default_factory=list)  # most frequent first
    daily: list[DailyStats] = field(default_factory=list)  # by day
    channels: dict[str, int] = field(default_factory=dict)  # conversations per input channel
    skipped_rows: int = 0  # rows whose data is not a JSON object

    @property
    def containment_rate(self) -> float | None:
        return self.contained_conversations / self.conversations if self.conversations else None

    @property
    def honest_containment_rate(self) -> float | None:
        return self.honest_contained_conversations / self.conversations if self.conversations else None

    @property
    def fallback_rate(self) -> float | None:
        return self.fallback_messages / self.user_messages if self.user_messages else None

    def top_intents(self, n: int = 10) -> list[IntentCount]:
        return self.intents[:n]

    def top_unanswered(self, n: int = 10) -> list[UnansweredMessage]:
        return self.unanswered[:n]


# -- reading the tracker store ---------------------------------------------------------------------
def _engine(db: str) -> Engine:
    """An engine for ``db`` (a URL or a SQLite file's path); a missing SQLite file is an error."""
    if "://" not in db:
        db = f"sqlite:///{Path(db).resolve()}"
    try:
        url = make_url(db)
    except ArgumentError as error:
        raise AnalyticsError(f"Invalid database URL: {db!r}.") from error
    if (
        url.get_backend_name() == "sqlite"
        and url.database not in (None, "", ":memory:")
        and not url.database.startswith("file:")
        and not Path(url.database).is_file()
    ):
        raise AnalyticsError(
            f"Tracker store database not found: {url.database} "
            "(start the assistant with `make run` to create it, or pass --db URL)."
        )
    try:
        return sa.create_engine(url, future=True)
    except (NoSuchModuleError, ImportError) as error:
        raise AnalyticsError(f"No database driver for {url.drivername!r}: {error}.") from error


def _events_table(engine: Engine, schema: str | None) -> sa.Table:
    """A minimal Core table for ``events`` after checking that it exists with the columns Rasa writes."""
    inspector = sa.inspect(engine)
    if not inspector.has_table(TABLE, schema=schema):
        where = f"schema {schema!r} of " if schema else ""
        raise AnalyticsError(
            f"No table {TABLE!r} in {where}{engine.url.render_as_string(hide_password=True)}: "
            "not a Rasa SQL tracker store, or no conversation has been stored yet."
        )
    present = {column["name"] for column in inspector.get_columns(TABLE, schema=schema)}
    missing = [name for name in COLUMNS if name not in present]
    if missing:
        raise AnalyticsError(
            f"Table {TABLE!r} lacks the column(s) {', '.join(missing)} of Rasa's SQLTrackerStore."
        )
    return sa.Table(
        TABLE,
        sa.MetaData(),
        sa.Column("id", sa.Integer),
        sa.Column("sender_id", sa.String(255)),
        sa.Column("type_name", sa.String(255)),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
        schema=schema,
    )


def _day_start(day: dt.date, tz: dt.tzinfo) -> float:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz).timestamp()


@dataclass
class _Row:
    id: int
    sender_id: str
    type_name: str
    timestamp: float | None
    intent_name: str | None
    action_name: str | None
    data: dict[str, Any]


def _rows(
    engine: Engine, table: sa.Table, start: float | None, end: float | None, skipped: list[int]
) -> Iterator[_Row]:
    """The events of interest by conversation and id, streamed; malformed rows counted in ``skipped``."""
    query = sa.select(*(table.c[name] for name in COLUMNS)).where(table.c.type_name.in_(EVENT_TYPES))
    if start is not None:
        query = query.where(table.c.timestamp >= start)
    if end is not None:
        query = query.where(table.c.timestamp < end)
    query = query.order_by(table.c.sender_id, table.c.id)
    with engine.connect() as connection:
        for row in connection.execution_options(stream_results=True).execute(query):
            try:
                data = json.loads(row.data) if row.data is not None else None
            except (TypeError, ValueError):
                data = None
            if not isinstance(data, dict) or row.sender_id is None:
                skipped[0] += 1
                continue
            yield _Row(
                row.id, row.sender_id, row.type_name, row.timestamp, row.intent_name, row.action_name, data
            )


# -- computing -------------------------------------------------------------------------------------
def _text_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())  # spaces mean nothing in Chinese


@dataclass
class _Message:
    text: str
    intent: str
    channel: str | None
    fallback: bool
    offices: set[str] = field(default_factory=set)
    handoff_action: bool = False
    not_covered: set[str] = field(default_factory=set)  # not-covered answer_topic values of its replies


@dataclass
class _Conversation:
    sender_id: str
    messages: list[_Message] = field(default_factory=list)
    first_user_ts: float | None = None
    bot_messages: int = 0
    fallback: bool = False
    handoff: bool = False
    pre_offices: set[str] = field(default_factory=set)  # hand-offs before the first user message in range
    pre_not_covered: set[str] = field(default_factory=set)  # likewise not-covered replies

    def add(self, row: _Row) -> None:
        current = self.messages[-1] if self.messages else None
        if row.type_name == "user":
            parse = row.data.get("parse_data")
            intent = parse.get("intent") if isinstance(parse, dict) else None
            name = intent.get("name") if isinstance(intent, dict) else None
            name = str(name or row.intent_name or NO_INTENT)
            text = row.data.get("text")
            channel = row.data.get("input_channel")
            self.messages.append(
                _Message(
                    "" if text is None else str(text),
                    name,
                    str(channel) if channel else None,
                    name in FALLBACK_INTENTS,
                )
            )
            if self.first_user_ts is None:
                self.first_user_ts = row.timestamp
        elif row.type_name == "bot":
            self.bot_messages += 1
        elif row.type_name == "action":
            action = row.action_name or row.data.get("name")
            if action in FALLBACK_ACTIONS:
                if current is not None:
                    current.fallback = True
                else:
                    self.fallback = True
            elif action == HANDOFF_ACTION:
                if current is not None:
                    current.handoff_action = True
                else:
                    self.handoff = True
        elif (
            row.type_name == "slot"
            and row.data.get("name") == HANDOFF_SLOT
            and row.data.get("value") is not None
        ):
            office = str(row.data["value"])
            (current.offices if current is not None else self.pre_offices).add(office)
        elif (
            row.type_name == "slot"
            and row.data.get("name") == TOPIC_SLOT
            and str(row.data.get("value") or "").startswith(NOT_COVERED_PREFIXES)
        ):
            topic = str(row.data["value"])
            (current.not_covered if current is not None else self.pre_not_covered).add(topic)

    def handoff_offices(self) -> list[str]:
        """One entry per (user turn, office) routing."""
        routed = list(self.pre_offices)
        for message in self.messages:
            routed.extend(sorted(message.offices))
            if message.handoff_action and not message.offices:
                routed.append(UNKNOWN_OFFICE)
        return routed

    def not_covered_topics(self) -> list[str]:
        """One entry per (user turn, topic) not-covered reply."""
        return [
            *sorted(self.pre_not_covered),
            *(t for message in self.messages for t in sorted(message.not_covered)),
        ]


@cache
def _store_office_name(office_id: str) -> str | None:
    try:
        from bot.kb.store import default_store

        return default_store().office(office_id).name
    except Exception:  # no store, unknown id: the id stands in
        return None


def _name_lookup(
    office_names: Mapping[str, str] | Callable[[str], str | None] | None,
) -> Callable[[str], str]:
    def lookup(office_id: str) -> str:
        if office_id == UNKNOWN_OFFICE:
            return office_id
        if office_names is None:
            name = _store_office_name(office_id)
        elif callable(office_names):
            try:
                name = office_names(office_id)
            except Exception:
                name = None
        else:
            name = office_names.get(office_id)
        return name or office_id

    return lookup


def _conversations(rows: Iterable[_Row]) -> Iterator[_Conversation]:
    conversation: _Conversation | None = None
    for row in rows:
        if conversation is None or row.sender_id != conversation.sender_id:
            if conversation is not None:
                yield conversation
            conversation = _Conversation(row.sender_id)
        conversation.add(row)
    if conversation is not None:
        yield conversation


def analyze(
    db: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    channel: str | None = None,
    tz: str = DEFAULT_TZ,
    schema: str | None = None,
    office_names: Mapping[str, str] | Callable[[str], str | None] | None = None,
) -> DeflectionReport:
    """Compute the deflection report; raises :class:`AnalyticsError` when the tracker store cannot be read.

    ``office_names`` maps an office id to its name (default: the policy store); ``schema`` is the
    PostgreSQL schema of the table when it is not on the search path."""
    if since and until and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    zone = ZoneInfo(tz)
    engine = _engine(db or default_db_url())
    name_of = _name_lookup(office_names)
    report = DeflectionReport(engine.url.render_as_string(hide_password=True), since, until, channel, tz)
    intents: Counter[str] = Counter()
    groups: dict[str, Counter[str]] = defaultdict(Counter)  # key -> spellings
    group_conversations: dict[str, set[str]] = defaultdict(set)
    office_routings: Counter[str] = Counter()
    office_conversations: Counter[str] = Counter()
    not_covered_replies: Counter[str] = Counter()
    not_covered_conversations: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    daily: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0])  # conversations, contained, honestly
    skipped = [0]
    try:
        table = _events_table(engine, schema)
        start = _day_start(since, zone) if since else None
        end = _day_start(until + dt.timedelta(days=1), zone) if until else None
        for conversation in _conversations(_rows(engine, table, start, end, skipped)):
            messages = conversation.messages
            if not messages:
                continue
            conversation_channels = {m.channel for m in messages if m.channel}
            if channel is not None and channel not in conversation_channels:
                continue
            offices = conversation.handoff_offices()
            fallback = conversation.fallback or any(m.fallback for m in messages)
            handoff = conversation.handoff or bool(offices)
            contained = not fallback and not handoff
            not_covered = conversation.not_covered_topics()
            contained_honest = contained and not not_covered
            report.conversations += 1
            report.contained_conversations += contained
            report.honest_contained_conversations += contained_honest
            report.fallback_conversations += fallback
            report.handoff_conversations += handoff
            report.not_covered_conversations += bool(not_covered)
            report.not_covered_replies += len(not_covered)
            not_covered_replies.update(not_covered)
            not_covered_conversations.update(set(not_covered))
            report.user_messages += len(messages)
            report.bot_messages += conversation.bot_messages
            channels.update(conversation_channels or {"unknown"})
            for message in messages:
                intents[message.intent] += 1
                if message.fallback:
                    report.fallback_messages += 1
                    key = _text_key(message.text)
                    groups[key][message.text.strip()] += 1
                    group_conversations[key].add(conversation.sender_id)
            office_routings.update(offices)
            office_conversations.update(set(offices))
            if conversation.first_user_ts is not None:
                day = dt.datetime.fromtimestamp(conversation.first_user_ts, zone).date()
                daily[day][0] += 1
                daily[day][1] += contained
                daily[day][2] += contained_honest
    except SQLAlchemyError as error:
        detail = error.orig if isinstance(error, DBAPIError) else error
        raise AnalyticsError(f"Cannot read the tracker store {report.source}: {detail}".strip()) from error
    finally:
        engine.dispose()
    report.skipped_rows = skipped[0]
    by_count = sorted(intents.items(), key=lambda i: (-i[1], i[0]))
    report.intents = [IntentCount(name, count) for name, count in by_count]
    unanswered = []
    for key, spellings in groups.items():
        text = max(spellings.items(), key=lambda s: s[1])[0] or EMPTY_TEXT  # first seen wins a tie
        unanswered.append(UnansweredMessage(text, sum(spellings.values()), len(group_conversations[key])))
    report.unanswered = sorted(unanswered, key=lambda u: (-u.count, -u.conversations, u.text))
    report.handoffs = [
        OfficeHandoffs(office, name_of(office), count, office_conversations[office])
        for office, count in sorted(office_routings.items(), key=lambda o: (-o[1], o[0]))
    ]
    report.not_covered = [
        NotCoveredTopic(topic, count, not_covered_conversations[topic])
        for topic, count in sorted(not_covered_replies.items(), key=lambda t: (-t[1], t[0]))
    ]
    report.daily = [DailyStats(day, *counts) for day, counts in sorted(daily.items())]
    report.channels = dict(sorted(channels.items(), key=lambda c: (-c[1], c[0])))
    return report


# -- output ----------------------------------------------------------------------------------------
def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    csv_safe.write_csv(path, header, rows)  # personal numbers masked again, no cell run as a formula


def summary_rows(report: DeflectionReport) -> list[tuple[str, Any]]:
    return [
        ("source", report.source),
        ("since", report.since.isoformat() if report.since else ""),
        ("until", report.until.isoformat() if report.until else ""),
        ("timezone", report.timezone),
        ("channel", report.channel or "all"),
        ("conversations", report.conversations),
        ("contained_conversations", report.contained_conversations),  # previous definition
        ("contained_conversations_honest", report.honest_contained_conversations),
        ("containment_rate", _rate(report.containment_rate)),
        ("containment_rate_honest", _rate(report.honest_containment_rate)),
        ("fallback_conversations", report.fallback_conversations),
        ("handoff_conversations", report.handoff_conversations),
        ("not_covered_conversations", report.not_covered_conversations),
        ("not_covered_replies", report.not_covered_replies),
        ("user_messages", report.user_messages),
        ("bot_messages", report.bot_messages),
        ("fallback_messages", report.fallback_messages),
        ("fallback_rate", _rate(report.fallback_rate)),
        ("skipped_rows", report.skipped_rows),
        *((f"channel:{name}", count) for name, count in report.channels.items()),
    ]


def find_cjk_font() -> Path | None:
    """A font file with Chinese glyphs known to matplotlib (or at a usual path), else None."""
    from matplotlib import font_manager

    by_name = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for name in CJK_FONT_NAMES:
        if name in by_name and Path(by_name[name]).is_file():
            return Path(by_name[name])
    for candidate in CJK_FONT_FILES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


@dataclass(frozen=True)
class ReportFiles:
    out_dir: Path
    csv: dict[str, Path]
    chart: Path
    cjk_font: Path | None  # None: the chart uses ASCII labels (intent names, office ids)


def _wrap(label: str, width: int = OFFICE_LABEL_WIDTH) -> str:
    """A long office name on several lines, so that its axis does not squeeze the bars and titles."""
    return "\n".join(label[i : i + width] for i in range(0, len(label), width)) or label


def build_chart(report: DeflectionReport, top: int = 10, font: Path | None = None) -> Figure:
    """The chart: daily conversations with both containment rates, top intents, hand-offs by office.

    Constrained layout keeps every title, label and legend inside the figure (tight_layout let the third
    title run past the right edge once the office names were long); titles are two lines, Chinese over
    English, and office names are wrapped."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    cjk = FontProperties(fname=str(font)) if font else None
    title_kw = {"fontproperties": FontProperties(fname=str(font), size="large")} if font else {}

    def title(zh: str, en: str) -> str:
        return f"{zh}\n{en}" if cjk else en

    figure = Figure(figsize=(15, 6), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    ax_daily, ax_intents, ax_offices = figure.subplots(1, 3, gridspec_kw={"width_ratios": [1.3, 1, 1]})
    text_kw = {"fontproperties": cjk} if cjk else {}

    def empty(ax: Any) -> None:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="grey")
        ax.set_xticks([])
        ax.set_yticks([])

    ax_daily.set_title(title("每日会话与自助解决率", "Daily conversations & containment"), **title_kw)
    if report.daily:
        labels = [d.day.strftime("%m-%d") for d in report.daily]
        positions = list(range(len(labels)))
        ax_daily.bar(
            positions, [d.conversations for d in report.daily], color="#4C78A8", label="conversations"
        )
        ax_daily.set_xticks(positions)
        crowded = len(labels) > 7
        ax_daily.set_xticklabels(labels, rotation=45 if crowded else 0, ha="right" if crowded else "center")
        ax_daily.set_ylabel("conversations")
        ax_daily.set_ylim(0, max(d.conversations for d in report.daily) * 1.1)
        ax_daily.yaxis.set_major_locator(MaxNLocator(integer=True))
        rate_axis = ax_daily.twinx()

        def rates(values: Iterable[float | None]) -> list[float]:
            return [float("nan") if value is None else value for value in values]

        rate_axis.plot(
            positions, rates(d.containment_rate for d in report.daily), color="#F58518", marker="o"
        )
        rate_axis.plot(
            positions,
            rates(d.honest_containment_rate for d in report.daily),
            color="#B279A2",
            marker="s",
            linestyle="--",
        )
        rate_axis.set_ylim(0, 1.1)
        rate_axis.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        rate_axis.yaxis.set_major_formatter(PercentFormatter(1.0))
        rate_axis.set_ylabel("containment rate")
        handles = ax_daily.get_legend_handles_labels()[0] + rate_axis.get_lines()
        ax_daily.legend(
            handles,
            ["conversations", "containment", "honest containment"],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncol=3,
            fontsize="small",
            frameon=False,
        )  # below the axis
    else:
        empty(ax_daily)

    ax_intents.set_title(title("热门意图", "Top intents"), **title_kw)
    intents = report.top_intents(top)
    if intents:
        ax_intents.barh([i.intent for i in intents][::-1], [i.count for i in intents][::-1], color="#54A24B")
        ax_intents.set_xlabel("user messages")
        ax_intents.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    else:
        empty(ax_intents)

    ax_offices.set_title(title("转接热线/经办机构", "Hand-offs by office"), **title_kw)
    offices = report.handoffs[:top]
    if offices:
        labels = [_wrap(o.office_name) if cjk else o.office_id for o in offices][::-1]
        ax_offices.barh(range(len(labels)), [o.handoffs for o in offices][::-1], color="#E45756")
        ax_offices.set_yticks(list(range(len(labels))))
        ax_offices.set_yticklabels(labels, **text_kw)
        ax_offices.set_xlabel("hand-offs")
        ax_offices.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    else:
        empty(ax_offices)

    period = f"{report.since or 'start'} .. {report.until or 'end'}"
    figure.suptitle(
        f"Deflection report {period} ({report.channel or 'all channels'}): "
        f"{report.conversations} conversations, containment {_percent(report.containment_rate)} "
        f"(honest {_percent(report.honest_containment_rate)}), "
        f"fallback rate {_percent(report.fallback_rate)}"
    )
    return figure


def write_chart(report: DeflectionReport, path: Path, top: int = 10, font: Path | None = None) -> None:
    """The chart of :func:`build_chart` as a PNG."""
    build_chart(report, top, font).savefig(path)


def write_report(
    report: DeflectionReport, out_dir: str | Path, top: int = 10, font: Path | bool | None = True
) -> ReportFiles:
    """Write the CSV files and the chart into ``out_dir``. ``font``: True finds a CJK font, False/None uses
    ASCII labels, a path uses that font file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {name: out / name for name in CSV_FILES}
    _write_csv(files["summary.csv"], ("metric", "value"), summary_rows(report))
    _write_csv(
        files["intents.csv"], ("intent", "user_messages"), ((i.intent, i.count) for i in report.intents)
    )
    _write_csv(
        files["unanswered.csv"],
        ("text", "messages", "conversations"),
        ((u.text, u.count, u.conversations) for u in report.unanswered),
    )
    _write_csv(
        files["handoffs.csv"],
        ("office_id", "office_name", "handoffs", "conversations"),
        ((o.office_id, o.office_name, o.handoffs, o.conversations) for o in report.handoffs),
    )
    _write_csv(
        files["daily.csv"],
        (
            "date",
            "conversations",
            "contained",
            "containment_rate",
            "contained_honest",
            "containment_rate_honest",
        ),
        (
            (
                d.day.isoformat(),
                d.conversations,
                d.contained,
                _rate(d.containment_rate),
                d.contained_honest,
                _rate(d.honest_containment_rate),
            )
            for d in report.daily
        ),
    )
    _write_csv(
        files["not_covered.csv"],
        ("answer_topic", "replies", "conversations"),
        ((t.topic, t.replies, t.conversations) for t in report.not_covered),
    )
    cjk_font = find_cjk_font() if font is True else (Path(font) if font else None)
    chart = out / CHART_FILE
    write_chart(report, chart, top=top, font=cjk_font)
    return ReportFiles(out, files, chart, cjk_font)


def _ascii(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii")


def render_text(report: DeflectionReport, top: int = 5, files: ReportFiles | None = None) -> str:
    """A short plain-text (Markdown) summary without Chinese, for the terminal."""
    period = f"{report.since or 'start'} to {report.until or 'end'} ({report.timezone})"
    lines = [
        f"# Deflection report: {period}, channel {report.channel or 'all'}",
        "",
        f"- conversations: {report.conversations} (contained {report.contained_conversations}, "
        f"with fallback {report.fallback_conversations}, handed off {report.handoff_conversations})",
        f"- containment: {_percent(report.containment_rate)} (no fallback, no hand-off) | "
        f"honest: {_percent(report.honest_containment_rate)} (not-covered replies count as hand-offs; "
        f"{report.not_covered_conversations} conversations, {report.not_covered_replies} replies)",
        f"- user messages: {report.user_messages}, bot messages: {report.bot_messages}",
        f"- fallback rate: {_percent(report.fallback_rate)} ({report.fallback_messages} messages, "
        f"{len(report.unanswered)} distinct texts in unanswered.csv)",
    ]
    if report.channels:
        lines.append("- channels: " + ", ".join(f"{_ascii(c)} {n}" for c, n in report.channels.items()))
    if report.intents:
        lines.append(
            "- top intents: " + ", ".join(f"{_ascii(i.intent)} {i.count}" for i in report.top_intents(top))
        )
    if report.handoffs:
        lines.append(
            "- hand-offs by office: "
            + ", ".join(f"{_ascii(o.office_id)} {o.handoffs}" for o in report.handoffs[:top])
        )
    if report.not_covered:
        lines.append(
            "- not-covered replies by topic: "
            + ", ".join(f"{_ascii(t.topic)} {t.replies}" for t in report.not_covered[:top])
        )
    if report.skipped_rows:
        lines.append(f"- skipped rows (malformed data): {report.skipped_rows}")
    if files is not None:
        lines += [
            "",
            f"Files in {_ascii(str(files.out_dir))}: {', '.join([*files.csv, files.chart.name])}"
            + ("" if files.cjk_font else " (no CJK font found: chart labels are ids)"),
        ]
    return "\n".join(lines)


# -- command line ----------------------------------------------------------------------------------
def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.ops.analytics", description="Deflection analytics over Rasa's SQL tracker store."
    )
    parser.add_argument(
        "--db",
        default=None,
        help="SQLAlchemy URL or SQLite file of the tracker store (default: var/trackers.sqlite)",
    )
    parser.add_argument("--since", type=_date, help="first day, inclusive (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, help="last day, inclusive (YYYY-MM-DD)")
    parser.add_argument(
        "--channel", help="only conversations from this input channel (rest, wechat, wechat_mini)"
    )
    parser.add_argument("--tz", default=DEFAULT_TZ, help=f"time zone of the days (default {DEFAULT_TZ})")
    parser.add_argument("--schema", help="PostgreSQL schema of the events table, if not on the search path")
    parser.add_argument(
        "--out", default=str(DEFAULT_OUT), help="output directory (default reports/analytics)"
    )
    parser.add_argument(
        "--top", type=int, default=10, help="intents and offices shown in the chart (default 10)"
    )
    args = parser.parse_args(argv)
    if args.since and args.until and args.since > args.until:
        parser.error(f"--since {args.since} is after --until {args.until}")
    try:
        ZoneInfo(args.tz)
    except (ValueError, KeyError) as error:
        parser.error(f"unknown time zone {args.tz!r}: {error}")
    try:
        report = analyze(args.db, args.since, args.until, args.channel, args.tz, args.schema)
    except AnalyticsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    files = write_report(report, args.out, top=args.top)
    print(render_text(report, files=files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
