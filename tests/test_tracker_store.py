"""The durable tracker store (bot/ops/tracker_store.py) on a temporary SQLite database: it retries a
failing database, and when the database stays down it ends the turn instead of answering from an empty
tracker or keeping the turn in memory (which Rasa's FailSafeTrackerStore would do)."""

from __future__ import annotations

import asyncio
import json

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops import TrackerStoreUnavailable
from bot.ops.tracker_store import DurableSQLTrackerStore


@pytest.fixture
def store(tmp_path) -> DurableSQLTrackerStore:
    return DurableSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "trackers.sqlite"), retry_seconds=1.0)


def tracker(sender: str, *texts: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [UserUttered(text) for text in texts])


def test_saves_and_reads_like_rasas_store(store: DurableSQLTrackerStore) -> None:
    asyncio.run(store.save(tracker("u1", "你好", "长春缴费基数上限")))
    loaded = asyncio.run(store.retrieve("u1"))
    assert [e.text for e in loaded.events if isinstance(e, UserUttered)] == ["你好", "长春缴费基数上限"]
    assert store.engine.pool._pre_ping  # connections broken by a restart are replaced before use


def conversation(sender: str) -> DialogueStateTracker:
    """Two sessions with user, bot, action and slot events (the second session is the one retrieved)."""
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(timestamp=1.0),
        ActionExecuted("action_listen"),
        UserUttered("长春缴费基数上限", {"name": "ask_base_limits", "confidence": 0.9}, timestamp=2.0),
        SlotSet("city", "changchun", timestamp=3.0),
        BotUttered("上限 18,822 元", timestamp=4.0),
        ActionExecuted("action_session_start", timestamp=10.0),
        SessionStarted(timestamp=11.0),
        ActionExecuted("action_listen", timestamp=12.0),
        UserUttered("净月分局电话", {"name": "ask_phone", "confidence": 0.8}, timestamp=13.0),
        ActionExecuted("action_phone", timestamp=14.0),
        BotUttered("0431-82538085", timestamp=15.0),
    ]
    return DialogueStateTracker.from_events(sender, events)


def stored_rows(engine: sa.engine.Engine) -> list[tuple]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                sa.text(
                    "SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM events "
                    "ORDER BY id"
                )
            )
        ]


def test_stores_the_same_rows_and_reads_the_same_trackers_as_rasas_store(tmp_path) -> None:
    ours = DurableSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "ours.sqlite"))
    rasas = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "rasas.sqlite"))
    full = conversation("u")
    half = DialogueStateTracker.from_events("u", list(full.events)[:5])
    for store_ in (ours, rasas):
        store_.domain = Domain.from_dict(
            {"slots": {"city": {"type": "any", "mappings": [{"type": "custom"}]}}}
        )
        asyncio.run(store_.save(half))  # saved in two turns: only the new events are added the second time
        asyncio.run(store_.save(full))
    assert stored_rows(ours.engine) == stored_rows(rasas.engine)
    assert len(stored_rows(ours.engine)) == len(full.events)
    for method in ("retrieve", "retrieve_full_tracker"):
        mine, theirs = asyncio.run(getattr(ours, method)("u")), asyncio.run(getattr(rasas, method)("u"))
        assert (
            list(mine.events) == list(theirs.events)
            and mine.current_slot_values() == theirs.current_slot_values()
        )
    assert asyncio.run(ours.retrieve("nobody")) is None


def test_sqlite_keeps_a_write_ahead_log(store: DurableSQLTrackerStore) -> None:
    asyncio.run(store.save(tracker("u0", "你好")))
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_short_outage_is_retried(store: DurableSQLTrackerStore, monkeypatch) -> None:
    real_save, calls = DurableSQLTrackerStore._save, []

    async def flaky(self, tracker):
        calls.append(1)
        if len(calls) < 3:
            raise sa.exc.OperationalError("INSERT", {}, ConnectionError("server closed the connection"))
        await real_save(self, tracker)

    monkeypatch.setattr(DurableSQLTrackerStore, "_save", flaky)
    asyncio.run(store.save(tracker("u2", "失业金怎么领")))
    assert len(calls) == 3
    assert asyncio.run(store.retrieve("u2")) is not None


def test_a_long_outage_ends_the_turn_even_inside_rasas_fail_safe_wrapper(
    store: DurableSQLTrackerStore, monkeypatch
) -> None:
    async def down(self, *args):
        raise sa.exc.OperationalError("SELECT", {}, ConnectionError("connection refused"))

    monkeypatch.setattr(DurableSQLTrackerStore, "_save", down)
    monkeypatch.setattr(SQLTrackerStore, "retrieve", down)
    wrapped = FailSafeTrackerStore(store)  # what Rasa's agent puts around every tracker store
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(wrapped.save(tracker("u3", "你好")))
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(wrapped.retrieve("u3"))


def _domain() -> Domain:
    return Domain.from_dict({"slots": {"city": {"type": "any", "mappings": [{"type": "custom"}]}}})


def _turn(text: str) -> list:
    return [
        UserUttered(text),
        ActionExecuted("action_answer"),
        BotUttered(f"答：{text}"),
        ActionExecuted("action_listen"),
    ]


def test_overlapping_turns_each_store_their_own_events_once(store: DurableSQLTrackerStore) -> None:
    """Two turns of one conversation read the same tracker (their lock failed) and save one after the
    other: both turns' events are stored, none twice (Rasa's count-based append dropped the second turn's
    first events as many as the first turn had added)."""
    store.domain = _domain()
    asyncio.run(store.save(DialogueStateTracker.from_events("u4", _turn("你好"))))

    async def overlap() -> None:
        first, second = await store.retrieve("u4"), await store.retrieve("u4")
        for event in _turn("长春缴费基数上限"):
            first.update(event)
        for event in _turn("净月分局电话"):
            second.update(event)
        await store.save(first)
        await store.save(second)
        await store.save(second)  # saved again: nothing new, nothing doubled

    asyncio.run(overlap())
    texts = [row[5] for row in stored_rows(store.engine) if row[1] == "user"]
    assert [json.loads(data)["text"] for data in texts] == ["你好", "长春缴费基数上限", "净月分局电话"]
    assert len(stored_rows(store.engine)) == 12


def test_a_new_conversation_created_twice_at_once_stores_both_turns(store: DurableSQLTrackerStore) -> None:
    store.domain = _domain()

    async def two_first_turns() -> None:
        first = await store.get_or_create_tracker("u5", append_action_listen=False)
        second = await store.get_or_create_tracker("u5", append_action_listen=False)
        for tracker_, text in ((first, "你好"), (second, "在吗")):
            for event in _turn(text):
                tracker_.update(event)
        await store.save(second)
        await store.save(first)

    asyncio.run(two_first_turns())
    texts = [json.loads(row[5])["text"] for row in stored_rows(store.engine) if row[1] == "user"]
    assert texts == ["在吗", "你好"]


def test_a_tracker_built_elsewhere_appends_beyond_what_is_stored(store: DurableSQLTrackerStore) -> None:
    """No mark (a tracker this store did not read): Rasa's rule, the events beyond those stored."""
    store.domain = _domain()
    asyncio.run(store.save(DialogueStateTracker.from_events("u6", _turn("你好"))))
    asyncio.run(store.save(DialogueStateTracker.from_events("u6", _turn("你好") + _turn("谢谢"))))
    texts = [json.loads(row[5])["text"] for row in stored_rows(store.engine) if row[1] == "user"]
    assert texts == ["你好", "谢谢"]
