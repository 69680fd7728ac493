"""The durable tracker store (bot/ops/tracker_store.py) on a temporary SQLite database: it retries a
failing database, and when the database stays down it ends the turn instead of answering from an empty
tracker or keeping the turn in memory (which Rasa's FailSafeTrackerStore would do)."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.events import UserUttered
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


def test_a_short_outage_is_retried(store: DurableSQLTrackerStore, monkeypatch) -> None:
    real_save, calls = SQLTrackerStore.save, []

    async def flaky(self, tracker):
        calls.append(1)
        if len(calls) < 3:
            raise sa.exc.OperationalError("INSERT", {}, ConnectionError("server closed the connection"))
        await real_save(self, tracker)

    monkeypatch.setattr(SQLTrackerStore, "save", flaky)
    asyncio.run(store.save(tracker("u2", "失业金怎么领")))
    assert len(calls) == 3
    assert asyncio.run(store.retrieve("u2")) is not None


def test_a_long_outage_ends_the_turn_even_inside_rasas_fail_safe_wrapper(store: DurableSQLTrackerStore,
                                                                         monkeypatch) -> None:
    async def down(self, *args):
        raise sa.exc.OperationalError("SELECT", {}, ConnectionError("connection refused"))

    monkeypatch.setattr(SQLTrackerStore, "save", down)
    monkeypatch.setattr(SQLTrackerStore, "retrieve", down)
    wrapped = FailSafeTrackerStore(store)  # what Rasa's agent puts around every tracker store
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(wrapped.save(tracker("u3", "你好")))
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(wrapped.retrieve("u3"))
