"""A SQL tracker store that keeps every acknowledged turn through a database restart.

Rasa wraps every tracker store in ``FailSafeTrackerStore``: when the database fails it *reads* an empty
tracker (the conversation's state is silently lost) and *saves* into process memory (the turn is
answered but never stored). During a PostgreSQL restart both happen. This store, used by the production
profile (``endpoints.production.yml``), instead:

* checks pooled connections before use (``pool_pre_ping``), so connections broken by a restart are
  replaced instead of failing the first query after it;
* retries a read or a save for up to ``retry_seconds`` (a restart takes a second or two);
* when the database is still unavailable, raises :class:`TrackerStoreUnavailable`, which derives from
  ``BaseException`` precisely so that Rasa's ``except Exception`` fallbacks cannot swallow it: the turn
  ends with no answer saved nowhere, and the channel replies with the busy text and the hotline
  (``bot.channels.UNAVAILABLE_TEXT``). A user never gets an answer whose turn is not in the database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops import TrackerStoreUnavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")


class DurableSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, retry_seconds: float = 10.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_seconds = float(retry_seconds)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(str(url)))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrying(self, what: str, operation: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.1
        while True:
            try:
                return await operation()
            except sa.exc.SQLAlchemyError as error:
                if time.monotonic() + delay > deadline:
                    logger.error("tracker_store.%s.unavailable error=%s", what, error.__class__.__name__)
                    raise TrackerStoreUnavailable(f"tracker store {what} failed: {error}") from error
                logger.warning("tracker_store.%s.retry error=%s", what, error.__class__.__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._retrying("retrieve", lambda: super(DurableSQLTrackerStore, self).retrieve(sender_id))

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._retrying("retrieve",
                                    lambda: super(DurableSQLTrackerStore, self).retrieve_full_tracker(sender_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._retrying("save", lambda: super(DurableSQLTrackerStore, self).save(tracker))
