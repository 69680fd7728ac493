"""Live-agent transfer (客服) for the WeChat official account: service hours, requests, transfer state.

No Rasa, no network. Data files (a bureau edits them, docs/channels.md):

* ``data/wechat/service_hours.yml`` (``WECHAT_KF_HOURS_FILE``): time zone, weekly hours, holidays and 调休
  working days, and the sentence said outside the hours — :class:`ServiceHours`;
* ``data/wechat/kf.yml`` (``WECHAT_KF_FILE``): the messages that ask for a person — :class:`TransferRequests`.

:class:`TransferStates` remembers, per user, that a transfer was made and whether an agent took the
session (``kf_create_session``) or closed it (``kf_close_session``): while the user waits in the queue
their messages still reach the webhook and get a short waiting notice, never a second transfer. It is an
in-process store behind the small :class:`TransferStore` interface (a shared store can replace it).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.paths import REPO_ROOT as ROOT

HOURS_FILE = ROOT / "data" / "wechat" / "service_hours.yml"
REQUESTS_FILE = ROOT / "data" / "wechat" / "kf.yml"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)  # spaces and punctuation (CJK characters are \w)

TRANSFER_PAYLOAD = "/ask_human"  # the payload of the "转人工客服" option (bot/dialogue/feedback.py)


class DataFileError(ValueError):
    """A data file of the WeChat channel is missing or malformed (the message names file and field)."""


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DataFileError(f"{path}: cannot be read ({error.strerror})") from None
    except (yaml.YAMLError, ValueError) as error:  # a date such as 2026-13-01 fails in the parser
        raise DataFileError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: must be a mapping")
    return data


# --- service hours ---------------------------------------------------------------------------------------


def _ranges(path: Path, where: str, raw: Any) -> tuple[tuple[dt.time, dt.time], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise DataFileError(f"{path}: {where} must be a list of 'HH:MM-HH:MM'")
    ranges = []
    for item in raw:
        match = _RANGE.match(str(item).strip())
        if not match:
            raise DataFileError(f"{path}: {where}: {item!r} is not 'HH:MM-HH:MM'")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            start, end = dt.time(h1, m1), (dt.time(h2, m2) if (h2, m2) != (24, 0) else dt.time.max)
        except ValueError:
            raise DataFileError(f"{path}: {where}: {item!r} is not a valid time range") from None
        if start >= end:
            raise DataFileError(f"{path}: {where}: {item!r} ends before it starts")
        ranges.append((start, end))
    return tuple(ranges)


def _dates(path: Path, where: str, raw: Any) -> frozenset[dt.date]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list):
        raise DataFileError(f"{path}: {where} must be a list of dates (YYYY-MM-DD)")
    dates = set()
    for item in raw:
        if isinstance(item, dt.date):
            dates.add(item)
            continue
        try:
            dates.add(dt.date.fromisoformat(str(item)))
        except ValueError:
            raise DataFileError(f"{path}: {where}: {item!r} is not a date (YYYY-MM-DD)") from None
    return frozenset(dates)


@dataclass(frozen=True)
class ServiceHours:
    """When live agents answer: weekly hours, holidays (closed) and 调休 working days (open)."""

    timezone: ZoneInfo
    weekly: dict[int, tuple[tuple[dt.time, dt.time], ...]]  # weekday 0 = Monday
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    workday_hours: tuple[tuple[dt.time, dt.time], ...] = ()
    description: str = ""
    example: bool = False

    @classmethod
    def load(cls, path: Path = HOURS_FILE) -> ServiceHours:
        data = _load(path)
        try:
            zone = ZoneInfo(str(data.get("timezone") or "Asia/Shanghai"))
        except (ZoneInfoNotFoundError, ValueError):
            raise DataFileError(f"{path}: timezone {data.get('timezone')!r} is unknown") from None
        weekly_raw = data.get("weekly")
        if not isinstance(weekly_raw, dict) or set(weekly_raw) - set(DAYS):
            raise DataFileError(f"{path}: weekly must map {', '.join(DAYS)} to time ranges")
        weekly = {i: _ranges(path, f"weekly.{day}", weekly_raw.get(day)) for i, day in enumerate(DAYS)}
        holidays = _dates(path, "holidays", data.get("holidays"))
        workdays = _dates(path, "workdays", data.get("workdays"))
        if holidays & workdays:
            raise DataFileError(f"{path}: {sorted(holidays & workdays)[0]} is both a holiday and a workday")
        hours = data.get("workday_hours")
        return cls(
            zone,
            weekly,
            holidays,
            workdays,
            _ranges(path, "workday_hours", hours) if hours is not None else weekly[0],
            str(data.get("description") or "").strip(),
            bool(data.get("example", False)),
        )

    def ranges_on(self, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        if day in self.holidays:
            return ()
        if day in self.workdays:
            return self.workday_hours
        return self.weekly.get(day.weekday(), ())

    def is_open(self, when: dt.datetime | None = None) -> bool:
        """Whether agents answer at ``when`` (an aware datetime; default now), in the file's time zone."""
        local = (when or dt.datetime.now(dt.timezone.utc)).astimezone(self.timezone)
        moment = local.time().replace(tzinfo=None)
        return any(start <= moment < end for start, end in self.ranges_on(local.date()))


# --- transfer requests -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferRequests:
    """The messages that ask for a live agent (``data/wechat/kf.yml``)."""

    exact: frozenset[str]
    contains: tuple[str, ...]
    max_chars: int = 12

    @classmethod
    def load(cls, path: Path = REQUESTS_FILE) -> TransferRequests:
        data = _load(path)
        words: dict[str, list[str]] = {}
        for name in ("exact", "contains"):
            raw = data.get(name) or []
            if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
                raise DataFileError(f"{path}: {name} must be a list of phrases")
            words[name] = [_compact(w) for w in raw]
        max_chars = data.get("max_chars", 12)
        if not isinstance(max_chars, int) or not 1 <= max_chars <= 100:
            raise DataFileError(f"{path}: max_chars must be a whole number from 1 to 100")
        return cls(frozenset(words["exact"]), tuple(words["contains"]), max_chars)

    def asks_for_agent(self, text: str) -> bool:
        """Whether ``text`` (as typed, or the payload of the 转人工客服 option) asks for a person."""
        if text.strip() == TRANSFER_PAYLOAD:
            return True
        compact = _compact(text)
        if not compact:
            return False
        if compact in self.exact:
            return True
        return len(compact) <= self.max_chars and any(word in compact for word in self.contains)


def _compact(text: str) -> str:
    return _NOISE.sub("", text.lower())


# --- transfer state --------------------------------------------------------------------------------------

WAITING = "waiting"  # transferred, no agent has taken the session yet (the user is in the queue)
WITH_AGENT = "with_agent"  # an agent took the session (kf_create_session)


class TransferStore(Protocol):
    """Per-user transfer state; the in-process :class:`TransferStates` or a shared store."""

    def get(self, sender: str, now: float | None = None) -> str | None: ...

    def set(self, sender: str, state: str, now: float | None = None) -> None: ...

    def clear(self, sender: str) -> None: ...


@dataclass
class TransferStates:
    """In-process :class:`TransferStore`: a state expires ``ttl`` seconds after it was last set."""

    ttl: float
    max_senders: int = 10_000
    _states: OrderedDict[str, tuple[float, str]] = field(default_factory=OrderedDict)

    def get(self, sender: str, now: float | None = None) -> str | None:
        entry = self._states.get(sender)
        if entry is None:
            return None
        if (time.monotonic() if now is None else now) - entry[0] > self.ttl:
            del self._states[sender]
            return None
        return entry[1]

    def set(self, sender: str, state: str, now: float | None = None) -> None:
        self._states.pop(sender, None)
        self._states[sender] = (time.monotonic() if now is None else now, state)
        while len(self._states) > self.max_senders:
            self._states.popitem(last=False)

    def clear(self, sender: str) -> None:
        self._states.pop(sender, None)


def describe_transfer(reason: str, text: str, account: str) -> Mapping[str, Any]:
    """The transfer as recorded in the message metadata (``{"wechat": {"transfer": ...}}``)."""
    return {"reason": reason, "text": text, "kf_account": account or None}
