"""Deflection analytics over Rasa's SQL tracker store: ``python -m bot.ops.analytics``. No Rasa import.

Reads the ``events`` table that Rasa 3.6's ``SQLTrackerStore`` writes (columns ``id, sender_id, type_name,
timestamp, intent_name, action_name, data``; ``data`` is the JSON of the event) from any SQLAlchemy URL
(SQLite ``var/trackers.sqlite`` by default, as in ``endpoints.yml``; PostgreSQL works the same), with
portable SQL only, and writes a weekly report: CSV files (UTF-8 with BOM, for Excel), two PNG charts
(``bot.ops.charts``) and one self-contained HTML page with the charts embedded (``bot.ops.report_html``).

Definitions (every count is over the events inside the date range, after the channel filter):

* **Conversation**: a ``sender_id`` with at least one ``user`` event in the range. Events of senders with
  no user message in the range (a lone session start) are ignored; bot messages are counted only for
  conversations. A conversation is dated by its first user message in the range (``daily.csv``). The
  slot events of ``action_session_start`` (slots carried over into a new session) repeat old values and
  are not counted as replies.
* **Fallback message**: a ``user`` event whose ``parse_data`` intent is ``nlu_fallback`` (the
  FallbackClassifier, and the guard for empty input) or ``out_of_scope``, or a user message answered by
  ``action_fallback``, ``action_out_of_scope`` or Rasa's ``action_default_fallback`` (the actions run
  between it and the next user message). Fallback rate = fallback messages / user messages.
  *Unanswered messages* are the texts of the fallback messages (already PII-masked by the channels),
  grouped after NFKC, case folding and removing whitespace, shown in their most frequent spelling.
* **Hand-off**: the action ``action_human_handoff``, a ``slot`` event ``handoff`` with a non-null value,
  or a live-agent transfer (a user message with intent ``transfer_to_agent``, or the slot
  ``handed_to_agent`` set to true). The assistant sets ``handoff`` on every reply (``actions/base.py``):
  the id of the office or hotline the reply routes the user to (``bot/answers/service.py``: human
  hand-off, phone-number answers, "not covered" results, FAQ misses and non-empty fallbacks give a line),
  null otherwise. Hand-offs by office count each (user turn, office) pair once; a hand-off action with no
  office is listed as ``unknown``. Office names come from the policy store, else the id.
* **Contained conversation** (the old definition): a conversation with no fallback message and no
  hand-off at any point in the range. Containment = contained conversations / conversations.
* **Not-covered reply**: a reply whose ``answer_topic`` slot starts with ``not_covered`` (a social-insurance
  topic, place or year the documents do not cover: "not covered, call this line") or ``out_of_scope`` (a
  neighbouring domain), counted once per (user turn, topic) in ``not_covered.csv``.
* **Honest containment**: as containment, but a conversation with any not-covered reply also counts as
  handed off, whether or not the reply set ``handoff``: an honest "the documents do not cover this" is not
  a question the assistant resolved.
* **Answer**: a user turn whose reply answered a question: it set the ``answered`` slot (the feedback
  code's record of a rateable answer), or it set ``answer_topic`` (not one of ``NON_ANSWER_TOPICS``: the
  fallback, an error, capabilities, a questionnaire start, the phone line for 人工, a generic
  out-of-scope reply) and asked no ``pending`` question back; never a fallback, feedback or transfer turn.
  Its intent is, in order: the feedback slot's ``intent`` (when rated), the ``answered`` or
  ``last_answer`` slot's intent, the ``answer_topic``'s head when it is an intent (``ask_…``; ``faq:`` and
  ``passage:`` are ``ask_policy_faq``), else the message's intent. Its documents: every document its
  reply cites (the ``依据：`` / ``号码来源：`` lines, a quoted passage's ``文件原文（…`` source) and the one
  the ``answered`` or feedback slot names; ``(no document)`` when none. An answer counts for each.
* **Rating**: a user message with intent ``feedback`` (web buttons, WeChat options 1/2) rates the latest
  answer before it in the conversation: the rating of the ``feedback`` slot set after it
  (``{"rating", "intent", "aspect", "document"}``; JSON text accepted), else its ``rating`` entity. A later
  rating of the same answer replaces the earlier one. A rating with no answer before it is *feedback on
  nothing* (``orphan_feedback``); one after an answer with neither a valid slot nor entity is
  ``malformed_feedback``; both are left out of the rates. Helpful / unhelpful rates are over the rated
  answers.
* **Repeated question**: an answer whose user message is followed, within the next ``REPEAT_WINDOW`` (3)
  user turns (feedback and transfer messages not counted), by a message with the same intent and the same
  entity values (after NFKC, case folding, spaces removed) that is not a fallback.
* **Feedback-based containment**: as honest containment, and no answer rated unhelpful and no repeated
  question in the conversation. The three rates are reported side by side, the old one first
  (``summary.csv``, the printed summary, ``daily.csv``, the charts, the HTML page).
* **Per intent / per document** (``answers_by_intent.csv``, ``answers_by_document.csv``): answers, rated,
  helpful, unhelpful, their rates, hand-offs (answers that routed to a line or were followed by an agent
  transfer before the next answer) and repeated answers.
* **Worst-rated answer types** (``worst_rated.csv``): (intent, aspect) pairs with at least one unhelpful
  rating, by unhelpful share then count, the first ten, each with up to three distinct questions rated
  unhelpful, PII-masked again with ``bot.ops.pii.mask_pii``.

Date range: ``--since``/``--until`` are inclusive calendar days in ``--tz`` (default Asia/Shanghai), which
is also the zone of the daily buckets. ``--channel`` keeps conversations with a user message from that
input channel (``rest`` — also used by the web chat —, ``wechat``, ``wechat_mini``…). Rows whose ``data``
is not a JSON object are skipped and counted in ``skipped_rows``. The charts need a font with Chinese
glyphs (``--font``, else found; ``--ascii-labels`` draws ids without one); without any the report stops
with exit code 2 and says what to install.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from bot import paths
from bot.ops import csv_safe
from bot.ops.pii import mask_pii

TABLE = "events"
COLUMNS = ("id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
EVENT_TYPES = ("user", "bot", "action", "slot")
FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
FALLBACK_ACTIONS = frozenset({"action_fallback", "action_out_of_scope", "action_default_fallback"})
HANDOFF_ACTION = "action_human_handoff"
SESSION_START_ACTION = "action_session_start"
HANDOFF_SLOT = "handoff"
TOPIC_SLOT = "answer_topic"
NOT_COVERED_PREFIXES = ("not_covered", "out_of_scope")  # answer_topic of a reply that says "not covered here"
FEEDBACK_INTENT = "feedback"  # the rating buttons / numbered options (channels), entity ``rating``
FEEDBACK_SLOT = "feedback"  # {"rating", "intent", "aspect", "document"} set after the feedback message
RATING_ENTITY = "rating"
HELPFUL, UNHELPFUL = "helpful", "unhelpful"
RATINGS = (HELPFUL, UNHELPFUL)
TRANSFER_INTENT = "transfer_to_agent"  # a live-agent transfer (WeChat customer service)
TRANSFER_SLOT = "handed_to_agent"
PENDING_SLOT = "pending"  # a question asked back (a value is missing): the reply is a prompt, not an answer
LAST_ANSWER_SLOT = "last_answer"
ANSWERED_SLOT = "answered"  # {intent, aspect, document, topic} of an answer that can be rated (feedback)
# answer_topic values of replies that answer nothing a user could rate (as bot/dialogue/feedback.py's
# NOT_RATED_TOPICS / NOT_RATED_GENERIC): fallback, error, capabilities, a questionnaire start, a value
# without a question, a subject announced without a question, the phone line for "人工", a generic
# out-of-scope reply
NON_ANSWER_TOPICS = frozenset(
    {
        "fallback",
        "error",
        "capabilities",
        "start_questionnaire",
        "inform_without_question",
        "announced",
        "ask_human",
        "out_of_scope",
    }
)
FAQ_INTENT = "ask_policy_faq"  # answer_topic faq:<id> / passage:<document> are answers of this intent
REPEAT_WINDOW = 3  # the same question asked again within this many user turns
# the documents a reply cites: its 依据 / 号码来源 lines (bot/answers/render.py), by number or 《title》
SOURCE_LINE_RE = re.compile(r"^\s*(?:依据|号码来源)[:：](.*)$", re.MULTILINE)
PASSAGE_LINE_RE = re.compile(r"^\s*文件原文（(.*)$", re.MULTILINE)  # a quoted passage: its document first
DOCUMENT_RE = re.compile(r"《[^《》\n]{2,80}》|[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号")
NO_DOCUMENT = "(no document)"
NO_ASPECT = ""
MAX_LABEL = 80  # longer intent / aspect / document labels are truncated
EXAMPLES_PER_TYPE = 3
UNKNOWN_OFFICE = "unknown"
NO_INTENT = "(none)"
EMPTY_TEXT = "(empty)"
DEFAULT_TZ = "Asia/Shanghai"
DEFAULT_OUT = paths.REPO_ROOT / "reports" / "analytics"
CSV_FILES = (
    "summary.csv",
    "intents.csv",
    "unanswered.csv",
    "handoffs.csv",
    "daily.csv",
    "not_covered.csv",
    "answers_by_intent.csv",
    "answers_by_document.csv",
    "worst_rated.csv",
)
CHART_FILES = ("deflection.png", "feedback.png")
HTML_FILE = "report.html"


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
    contained_feedback: int = 0

    @property
    def containment_rate(self) -> float | None:
        return self.contained / self.conversations if self.conversations else None

    @property
    def honest_containment_rate(self) -> float | None:
        return self.contained_honest / self.conversations if self.conversations else None

    @property
    def feedback_containment_rate(self) -> float | None:
        return self.contained_feedback / self.conversations if self.conversations else None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class AnswerStats:
    """Answers of one intent or one document, with their ratings and hand-offs."""

    key: str  # the intent, or the document number / 《title》 (NO_DOCUMENT when the reply cites none)
    answers: int = 0
    helpful: int = 0
    unhelpful: int = 0
    handoffs: int = 0  # answers that routed the user to a phone line or were followed by an agent transfer
    repeated: int = 0  # answers whose question was asked again within REPEAT_WINDOW turns

    @property
    def rated(self) -> int:
        return self.helpful + self.unhelpful

    @property
    def helpful_rate(self) -> float | None:  # over the rated answers
        return _share(self.helpful, self.rated)

    @property
    def unhelpful_rate(self) -> float | None:
        return _share(self.unhelpful, self.rated)

    @property
    def handoff_rate(self) -> float | None:  # over all answers
        return _share(self.handoffs, self.answers)


@dataclass
class RatedType:
    """An answer type (intent and aspect) with at least one "没帮助" rating, and examples of its questions."""

    intent: str
    aspect: str  # NO_ASPECT when the feedback names none
    helpful: int = 0
    unhelpful: int = 0
    examples: list[str] = field(default_factory=list)  # questions rated unhelpful, PII-masked, distinct

    @property
    def rated(self) -> int:
        return self.helpful + self.unhelpful

    @property
    def unhelpful_rate(self) -> float:
        return self.unhelpful / self.rated if self.rated else 0.0


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
    # feedback-based containment (issue 19): ratings, agent transfers, repeated questions
    feedback_contained_conversations: int = 0  # honest containment, no "没帮助", no transfer, no repeat
    unhelpful_conversations: int = 0  # with at least one answer rated unhelpful
    repeat_conversations: int = 0  # with a question asked again within REPEAT_WINDOW turns
    transfer_conversations: int = 0  # with a live-agent transfer
    rated_conversations: int = 0  # with at least one rating
    answers: int = 0  # replies that answered a question (not prompts, fallbacks, errors)
    helpful_ratings: int = 0  # ratings attached to an answer (the last rating of an answer counts)
    unhelpful_ratings: int = 0
    orphan_feedback: int = 0  # ratings with no answer before them in the conversation ("feedback on nothing")
    malformed_feedback: int = 0  # feedback messages with neither a valid slot nor a valid rating entity
    by_intent: list[AnswerStats] = field(default_factory=list)  # most answers first
    by_document: list[AnswerStats] = field(default_factory=list)  # most answers first
    worst_rated: list[RatedType] = field(default_factory=list)  # worst first (see :func:`_worst_rated`)

    @property
    def containment_rate(self) -> float | None:
        return self.contained_conversations / self.conversations if self.conversations else None

    @property
    def honest_containment_rate(self) -> float | None:
        return self.honest_contained_conversations / self.conversations if self.conversations else None

    @property
    def fallback_rate(self) -> float | None:
        return self.fallback_messages / self.user_messages if self.user_messages else None

    @property
    def feedback_containment_rate(self) -> float | None:
        return _share(self.feedback_contained_conversations, self.conversations)

    @property
    def rated_answers(self) -> int:
        return self.helpful_ratings + self.unhelpful_ratings

    @property
    def helpful_rate(self) -> float | None:
        return _share(self.helpful_ratings, self.rated_answers)

    @property
    def unhelpful_rate(self) -> float | None:
        return _share(self.unhelpful_ratings, self.rated_answers)

    @property
    def rating_coverage(self) -> float | None:  # share of answers that were rated
        return _share(self.rated_answers, self.answers)

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


def _label(value: Any) -> str | None:
    """A usable label (intent, aspect, document) from untrusted data: a non-empty string, else None."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:MAX_LABEL] or None


def _entities(parse: Any) -> tuple[tuple[str, str], ...]:
    """The (entity, value) pairs of a parse, sorted: what "the same values" compares."""
    found = parse.get("entities") if isinstance(parse, dict) else None
    pairs = set()
    for entity in found if isinstance(found, list) else ():
        if isinstance(entity, dict) and entity.get("entity"):
            pairs.add((str(entity["entity"]), _text_key(str(entity.get("value", "")))))
    return tuple(sorted(pairs))


def _slot_object(value: Any) -> dict[str, Any] | None:
    """A slot value that should be an object: the object, or its JSON text parsed; else None."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _cited_documents(texts: Iterable[str]) -> tuple[str, ...]:
    """The documents a reply cites (its 依据 / 号码来源 lines, a quoted passage's source), each once."""
    found: dict[str, None] = {}
    for text in texts:
        for line in PASSAGE_LINE_RE.findall(text):
            found.update(dict.fromkeys(DOCUMENT_RE.findall(line)[:1]))
        for line in SOURCE_LINE_RE.findall(text):
            found.update(dict.fromkeys(DOCUMENT_RE.findall(line)))
    return tuple(found)


@dataclass
class _Message:
    text: str
    intent: str
    channel: str | None
    fallback: bool
    offices: set[str] = field(default_factory=set)
    handoff_action: bool = False
    not_covered: set[str] = field(default_factory=set)  # not-covered answer_topic values of its replies
    entities: tuple[tuple[str, str], ...] = ()
    rating_entity: str | None = None  # the rating entity of a feedback message
    feedback: dict[str, Any] | None = None  # the feedback slot set after it (None: absent or not an object)
    feedback_slot_seen: bool = False
    transfer: bool = False  # a live-agent transfer: intent transfer_to_agent or slot handed_to_agent true
    topic: str | None = None  # the last non-null answer_topic its replies set
    prompt: bool = False  # a reply asked back for a missing value (slot pending set)
    answered_intent: str | None = None  # slot last_answer's intent, when its replies set it
    answered: dict[str, Any] | None = None  # slot answered (an answer that can be rated), when set
    replies: list[str] = field(default_factory=list)  # the bot's texts

    @property
    def is_feedback(self) -> bool:
        return self.intent == FEEDBACK_INTENT

    @property
    def is_answer(self) -> bool:
        """A reply that answered a question: a topic set, not a fallback, prompt, feedback or transfer."""
        if self.fallback or self.is_feedback or self.transfer:
            return False
        if self.answered is not None:
            return True
        return not self.prompt and self.topic is not None and self.topic not in NON_ANSWER_TOPICS

    def answer_intent(self) -> str:
        """The intent the reply answered: last_answer's, the topic's head when it names an intent (a
        follow-up such as 那长春呢 is ``inform`` but answers the previous question), else the message's."""
        for named in ((self.answered or {}).get("intent"), self.answered_intent):
            if _label(named):
                return str(_label(named))
        head = (self.topic or "").split(":", 1)[0]
        if head.startswith("ask_"):
            return head
        if head in ("faq", "passage"):
            return FAQ_INTENT
        return self.intent


@dataclass
class _Conversation:
    sender_id: str
    messages: list[_Message] = field(default_factory=list)
    first_user_ts: float | None = None
    bot_messages: int = 0
    fallback: bool = False
    handoff: bool = False
    transfer: bool = False  # a transfer before the first user message in range
    pre_offices: set[str] = field(default_factory=set)  # hand-offs before the first user message in range
    pre_not_covered: set[str] = field(default_factory=set)  # likewise not-covered replies
    carrying_over: bool = False  # after action_session_start until the next user message

    def add(self, row: _Row) -> None:
        current = self.messages[-1] if self.messages else None
        if row.type_name == "user":
            parse = row.data.get("parse_data")
            intent = parse.get("intent") if isinstance(parse, dict) else None
            name = _label(intent.get("name") if isinstance(intent, dict) else None)
            name = name or _label(row.intent_name) or NO_INTENT
            text = row.data.get("text")
            channel = row.data.get("input_channel")
            entities = _entities(parse)
            rating = next((value for entity, value in entities if entity == RATING_ENTITY), None)
            self.messages.append(
                _Message(
                    "" if text is None else str(text),
                    name,
                    str(channel) if channel else None,
                    name in FALLBACK_INTENTS,
                    entities=entities,
                    rating_entity=rating,
                    transfer=name == TRANSFER_INTENT,
                )
            )
            if self.first_user_ts is None:
                self.first_user_ts = row.timestamp
            self.carrying_over = False
        elif row.type_name == "bot":
            self.bot_messages += 1
            if current is not None and isinstance(row.data.get("text"), str):
                current.replies.append(row.data["text"])
        elif row.type_name == "action":
            action = row.action_name or row.data.get("name")
            if action == SESSION_START_ACTION:
                self.carrying_over = True  # its slot events repeat old values (slot carry-over)
            elif action in FALLBACK_ACTIONS:
                if current is not None:
                    current.fallback = True
                else:
                    self.fallback = True
            elif action == HANDOFF_ACTION:
                if current is not None:
                    current.handoff_action = True
                else:
                    self.handoff = True
        elif row.type_name == "slot" and not self.carrying_over:
            self._slot(current, row.data.get("name"), row.data.get("value"))

    def _slot(self, current: _Message | None, name: Any, value: Any) -> None:
        if name == HANDOFF_SLOT and value is not None:
            (current.offices if current is not None else self.pre_offices).add(str(value))
        elif name == TRANSFER_SLOT and value is True:
            if current is not None:
                current.transfer = True
            else:
                self.transfer = True
        elif current is None:
            if name == TOPIC_SLOT and str(value or "").startswith(NOT_COVERED_PREFIXES):
                self.pre_not_covered.add(str(value))
        elif name == TOPIC_SLOT and value is not None:
            current.topic = str(value)
            if current.topic.startswith(NOT_COVERED_PREFIXES):
                current.not_covered.add(current.topic)
        elif name == PENDING_SLOT and value is not None:
            current.prompt = True
        elif name == LAST_ANSWER_SLOT:
            last = _slot_object(value)
            current.answered_intent = _label(last.get("intent")) if last else None
        elif name == ANSWERED_SLOT:
            current.answered = _slot_object(value)
        elif name == FEEDBACK_SLOT and value is not None:
            current.feedback_slot_seen = True
            current.feedback = _slot_object(value)

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


@dataclass
class _Answer:
    message: _Message
    intent: str
    documents: tuple[str, ...]
    aspect: str = NO_ASPECT
    rating: str | None = None
    handoff: bool = False  # routed to a phone line, or followed by an agent transfer
    repeated: bool = False

    def add_document(self, document: str | None) -> None:
        """A document the answer rests on, named by a slot (first, when its reply does not cite it)."""
        if document and document not in self.documents:
            self.documents = (document, *self.documents)


@dataclass
class _Assessment:
    """A conversation's answers with their ratings, and what the feedback-based definition needs."""

    answers: list[_Answer] = field(default_factory=list)
    transfer: bool = False
    orphan_feedback: int = 0
    malformed_feedback: int = 0

    @property
    def unhelpful(self) -> bool:
        return any(a.rating == UNHELPFUL for a in self.answers)

    @property
    def repeated(self) -> bool:
        return any(a.repeated for a in self.answers)

    @property
    def rated(self) -> bool:
        return any(a.rating for a in self.answers)


def _rating_of(message: _Message) -> tuple[str | None, dict[str, Any]]:
    """The rating of a feedback message and the slot's details: the slot's rating, else the entity's."""
    slot = message.feedback or {}
    rating = slot.get("rating")
    if rating not in RATINGS:
        rating = message.rating_entity if message.rating_entity in RATINGS else None
    return rating, slot


def _assess(conversation: _Conversation) -> _Assessment:
    """Answers, the ratings given to them and repeated questions, in the order of the conversation.

    A rating goes to the latest answer before it (a later rating of the same answer replaces it); the
    feedback slot's intent, aspect and document, when valid, say what that answer was. A transfer is a
    hand-off of the latest answer before it."""
    result = _Assessment(transfer=conversation.transfer)
    last: _Answer | None = None
    questions: list[tuple[_Message, _Answer | None]] = []  # messages that are not feedback or transfers
    for message in conversation.messages:
        if message.is_feedback:
            rating, slot = _rating_of(message)
            if last is None:
                result.orphan_feedback += 1
            elif rating is None:
                result.malformed_feedback += 1
            else:
                last.rating = rating
                last.intent = _label(slot.get("intent")) or last.intent
                last.aspect = _label(slot.get("aspect")) or last.aspect
                last.add_document(_label(slot.get("document")))
            if message.transfer and last is not None:
                last.handoff = True
            result.transfer |= message.transfer
            continue
        if message.transfer:
            result.transfer = True
            if last is not None:
                last.handoff = True
            continue
        answer = None
        if message.is_answer:
            answer = _Answer(message, message.answer_intent(), _cited_documents(message.replies))
            named = message.answered or {}
            answer.aspect = _label(named.get("aspect")) or NO_ASPECT
            answer.add_document(_label(named.get("document")))
            answer.handoff = bool(message.offices) or message.handoff_action
            result.answers.append(answer)
            last = answer
        questions.append((message, answer))
    for index, (_, answer) in enumerate(questions):  # the same question again within REPEAT_WINDOW turns
        if answer is None:
            continue
        asked = answer.message
        answer.repeated = any(
            later.intent == asked.intent and later.entities == asked.entities and not later.fallback
            for later, _ in questions[index + 1 : index + 1 + REPEAT_WINDOW]
        )
    return result


def _worst_rated(types: Mapping[tuple[str, str], RatedType], n: int = 10) -> list[RatedType]:
    """Answer types with at least one "没帮助": highest unhelpful share first, then most unhelpful ratings."""
    with_unhelpful = [t for t in types.values() if t.unhelpful]
    return sorted(with_unhelpful, key=lambda t: (-t.unhelpful_rate, -t.unhelpful, t.intent, t.aspect))[:n]


def _stats_rows(stats: Mapping[str, AnswerStats]) -> list[AnswerStats]:
    return sorted(stats.values(), key=lambda s: (-s.answers, -s.rated, s.key))


def _count_answers(
    answers: Iterable[_Answer],
    report: DeflectionReport,
    by_intent: dict[str, AnswerStats],
    by_document: dict[str, AnswerStats],
    rated_types: dict[tuple[str, str], RatedType],
) -> None:
    for answer in answers:
        report.answers += 1
        report.helpful_ratings += answer.rating == HELPFUL
        report.unhelpful_ratings += answer.rating == UNHELPFUL
        keyed = [by_intent.setdefault(answer.intent, AnswerStats(answer.intent))]
        keyed += [by_document.setdefault(d, AnswerStats(d)) for d in answer.documents or (NO_DOCUMENT,)]
        for stats in keyed:
            stats.answers += 1
            stats.helpful += answer.rating == HELPFUL
            stats.unhelpful += answer.rating == UNHELPFUL
            stats.handoffs += answer.handoff
            stats.repeated += answer.repeated
        if answer.rating is None:
            continue
        rated = rated_types.setdefault(
            (answer.intent, answer.aspect), RatedType(answer.intent, answer.aspect)
        )
        rated.helpful += answer.rating == HELPFUL
        rated.unhelpful += answer.rating == UNHELPFUL
        example = mask_pii(" ".join(answer.message.text.split()))
        if answer.rating == UNHELPFUL and example and len(rated.examples) < EXAMPLES_PER_TYPE:
            if _text_key(example) not in {_text_key(e) for e in rated.examples}:
                rated.examples.append(example)


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
    # conversations, contained, contained honestly, contained by the feedback-based definition
    daily: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_intent: dict[str, AnswerStats] = {}
    by_document: dict[str, AnswerStats] = {}
    rated_types: dict[tuple[str, str], RatedType] = {}
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
            assessment = _assess(conversation)
            fallback = conversation.fallback or any(m.fallback for m in messages)
            handoff = conversation.handoff or bool(offices) or assessment.transfer
            contained = not fallback and not handoff
            not_covered = conversation.not_covered_topics()
            contained_honest = contained and not not_covered
            contained_feedback = contained_honest and not assessment.unhelpful and not assessment.repeated
            report.feedback_contained_conversations += contained_feedback
            report.unhelpful_conversations += assessment.unhelpful
            report.repeat_conversations += assessment.repeated
            report.transfer_conversations += assessment.transfer
            report.rated_conversations += assessment.rated
            report.orphan_feedback += assessment.orphan_feedback
            report.malformed_feedback += assessment.malformed_feedback
            _count_answers(assessment.answers, report, by_intent, by_document, rated_types)
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
                daily[day][3] += contained_feedback
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
    report.by_intent = _stats_rows(by_intent)
    report.by_document = _stats_rows(by_document)
    report.worst_rated = _worst_rated(rated_types)
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
    """The summary, the three containment definitions side by side (old first)."""
    return [
        ("source", report.source),
        ("since", report.since.isoformat() if report.since else ""),
        ("until", report.until.isoformat() if report.until else ""),
        ("timezone", report.timezone),
        ("channel", report.channel or "all"),
        ("conversations", report.conversations),
        ("contained_conversations", report.contained_conversations),  # previous definition
        ("contained_conversations_honest", report.honest_contained_conversations),
        ("contained_conversations_feedback", report.feedback_contained_conversations),
        ("containment_rate", _rate(report.containment_rate)),
        ("containment_rate_honest", _rate(report.honest_containment_rate)),
        ("containment_rate_feedback", _rate(report.feedback_containment_rate)),
        ("fallback_conversations", report.fallback_conversations),
        ("handoff_conversations", report.handoff_conversations),
        ("transfer_conversations", report.transfer_conversations),
        ("not_covered_conversations", report.not_covered_conversations),
        ("not_covered_replies", report.not_covered_replies),
        ("unhelpful_conversations", report.unhelpful_conversations),
        ("repeat_conversations", report.repeat_conversations),
        ("rated_conversations", report.rated_conversations),
        ("answers", report.answers),
        ("rated_answers", report.rated_answers),
        ("rating_coverage", _rate(report.rating_coverage)),
        ("helpful_ratings", report.helpful_ratings),
        ("unhelpful_ratings", report.unhelpful_ratings),
        ("helpful_rate", _rate(report.helpful_rate)),
        ("unhelpful_rate", _rate(report.unhelpful_rate)),
        ("orphan_feedback", report.orphan_feedback),
        ("malformed_feedback", report.malformed_feedback),
        ("user_messages", report.user_messages),
        ("bot_messages", report.bot_messages),
        ("fallback_messages", report.fallback_messages),
        ("fallback_rate", _rate(report.fallback_rate)),
        ("skipped_rows", report.skipped_rows),
        *((f"channel:{name}", count) for name, count in report.channels.items()),
    ]


STATS_HEADER = (
    "answers",
    "rated",
    "helpful",
    "unhelpful",
    "helpful_rate",
    "unhelpful_rate",
    "handoffs",
    "handoff_rate",
    "repeated",
)


def _stats_row(stats: AnswerStats) -> list[Any]:
    return [
        stats.key,
        stats.answers,
        stats.rated,
        stats.helpful,
        stats.unhelpful,
        _rate(stats.helpful_rate),
        _rate(stats.unhelpful_rate),
        stats.handoffs,
        _rate(stats.handoff_rate),
        stats.repeated,
    ]


@dataclass(frozen=True)
class ReportFiles:
    out_dir: Path
    csv: dict[str, Path]
    charts: list[Path]
    html: Path
    cjk_font: Path | None  # None: the charts use ASCII labels (intent names, office ids)

    @property
    def chart(self) -> Path:
        return self.charts[0]


def write_csvs(report: DeflectionReport, out: Path) -> dict[str, Path]:
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
            "contained_feedback",
            "containment_rate_feedback",
        ),
        (
            (
                d.day.isoformat(),
                d.conversations,
                d.contained,
                _rate(d.containment_rate),
                d.contained_honest,
                _rate(d.honest_containment_rate),
                d.contained_feedback,
                _rate(d.feedback_containment_rate),
            )
            for d in report.daily
        ),
    )
    _write_csv(
        files["not_covered.csv"],
        ("answer_topic", "replies", "conversations"),
        ((t.topic, t.replies, t.conversations) for t in report.not_covered),
    )
    _write_csv(files["answers_by_intent.csv"], ("intent", *STATS_HEADER), map(_stats_row, report.by_intent))
    _write_csv(
        files["answers_by_document.csv"], ("document", *STATS_HEADER), map(_stats_row, report.by_document)
    )
    _write_csv(
        files["worst_rated.csv"],
        (
            "rank",
            "intent",
            "aspect",
            "rated",
            "helpful",
            "unhelpful",
            "unhelpful_rate",
            *(f"example_{i + 1}" for i in range(EXAMPLES_PER_TYPE)),
        ),
        (
            [
                rank,
                t.intent,
                t.aspect,
                t.rated,
                t.helpful,
                t.unhelpful,
                _rate(t.unhelpful_rate),
                *(t.examples + [""] * EXAMPLES_PER_TYPE)[:EXAMPLES_PER_TYPE],
            ]
            for rank, t in enumerate(report.worst_rated, 1)
        ),
    )
    return files


def write_report(
    report: DeflectionReport, out_dir: str | Path, top: int = 10, font: Path | str | bool | None = True
) -> ReportFiles:
    """Write the CSV files, the charts (PNG) and the weekly HTML page (charts embedded) into ``out_dir``.

    ``font``: True finds a CJK font and raises :class:`AnalyticsError` when none is installed; a path uses
    that font file; False/None draws ASCII labels."""
    from bot.ops import charts as charts_module
    from bot.ops.report_html import write_html

    try:
        cjk_font = charts_module.require_cjk_font(None if font is True else font) if font else None
    except charts_module.FontMissingError as error:
        raise AnalyticsError(str(error)) from error
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = write_csvs(report, out)
    charts = charts_module.build_charts(report, top=top, font=cjk_font)
    images: list[tuple[charts_module.Chart, bytes]] = []
    for chart in charts:
        png = chart.png()
        (out / chart.name).write_bytes(png)
        images.append((chart, png))
    html = write_html(report, out / HTML_FILE, images, files)
    return ReportFiles(out, files, [out / chart.name for chart in charts], html, cjk_font)


def _ascii(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii")


def render_text(report: DeflectionReport, top: int = 5, files: ReportFiles | None = None) -> str:
    """A short plain-text (Markdown) summary without Chinese, for the terminal."""
    period = f"{report.since or 'start'} to {report.until or 'end'} ({report.timezone})"
    lines = [
        f"# Deflection report: {period}, channel {report.channel or 'all'}",
        "",
        f"- conversations: {report.conversations} (contained {report.contained_conversations}, "
        f"with fallback {report.fallback_conversations}, handed off {report.handoff_conversations}, "
        f"transferred to an agent {report.transfer_conversations})",
        f"- containment: {_percent(report.containment_rate)} (no fallback, no hand-off) | "
        f"honest: {_percent(report.honest_containment_rate)} (not-covered replies count as hand-offs; "
        f"{report.not_covered_conversations} conversations, {report.not_covered_replies} replies) | "
        f"feedback-based: {_percent(report.feedback_containment_rate)} (and no answer rated unhelpful, "
        f"no question asked again; {report.unhelpful_conversations} conversations with an unhelpful "
        f"rating, {report.repeat_conversations} with a repeated question)",
        f"- answers: {report.answers}, rated {report.rated_answers} ({_percent(report.rating_coverage)}): "
        f"helpful {_percent(report.helpful_rate)}, unhelpful {_percent(report.unhelpful_rate)}; "
        f"feedback on nothing {report.orphan_feedback}, malformed feedback {report.malformed_feedback}",
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
    if report.worst_rated:
        lines.append(
            "- worst-rated answer types: "
            + ", ".join(
                f"{_ascii(t.intent)}{'/' + _ascii(t.aspect) if t.aspect else ''} {t.unhelpful}/{t.rated}"
                for t in report.worst_rated[:top]
            )
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
        names = [*files.csv, *(chart.name for chart in files.charts), files.html.name]
        lines += [
            "",
            f"Files in {_ascii(str(files.out_dir))}: {', '.join(names)}"
            + ("" if files.cjk_font else " (ASCII labels: no CJK font used)"),
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
        "--top", type=int, default=10, help="intents and offices shown in the charts (default 10)"
    )
    fonts = parser.add_mutually_exclusive_group()
    fonts.add_argument("--font", help="font file with Chinese glyphs for the charts (default: found)")
    fonts.add_argument(
        "--ascii-labels", action="store_true", help="draw the charts without a CJK font (ids as labels)"
    )
    args = parser.parse_args(argv)
    if args.since and args.until and args.since > args.until:
        parser.error(f"--since {args.since} is after --until {args.until}")
    if args.top < 1:
        parser.error("--top must be at least 1")
    try:
        ZoneInfo(args.tz)
    except (ValueError, KeyError) as error:
        parser.error(f"unknown time zone {args.tz!r}: {error}")
    try:
        report = analyze(args.db, args.since, args.until, args.channel, args.tz, args.schema)
        files = write_report(
            report, args.out, top=args.top, font=False if args.ascii_labels else args.font or True
        )
    except AnalyticsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(render_text(report, files=files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
