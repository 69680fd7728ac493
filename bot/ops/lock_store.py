"""The conversation lock of the production profile: one turn of a conversation at a time, across instances.

Rasa's ``RedisLockStore`` keeps a ticket queue as one JSON value that every instance reads, changes and writes
back in separate steps (two instances can draw the same ticket and run two turns of one conversation at
once), calls Redis synchronously from the event loop (a slow Redis stalls every conversation of the
instance), waits for the queue without a limit of its own and lets a lock live 60 s. This store, configured
in ``endpoints.production.yml`` (Rasa builds it with ``endpoint_config=``), replaces it with:

* **redis-py's own lock** (:class:`redis.asyncio.lock.Lock`): acquired by one ``SET key token NX PX``,
  released and checked by Lua scripts comparing the token, so only the holder can release it. Every call
  is asynchronous (``redis.asyncio``): waiting for a lock polls with ``asyncio.sleep`` and never blocks the
  event loop.
* **a lifetime above the worst-case turn**: ``TICKET_LOCK_LIFETIME`` seconds (Rasa's variable; default
  :data:`DEFAULT_LIFETIME`). A turn reads the tracker (retried up to the tracker store's
  ``retry_seconds``, 10), runs at most Rasa's 10 predicted actions, each action-server call cut at
  ``BOT_ACTION_TIMEOUT`` seconds (5, :mod:`bot.ops.patches.action_timeout`), and saves (10): 70 s at
  worst, so a lock never expires under a live turn.
* **a wait limit**: a turn that cannot get its conversation's lock within ``wait_seconds`` (endpoint key,
  default :data:`DEFAULT_WAIT`) raises :class:`rasa.core.lock_store.LockError`, and the channel replies
  with the busy text (nothing of that turn is processed or stored).
* **crashed holders released early**: each instance keeps a heartbeat key alive (every
  :data:`HEARTBEAT_EVERY` s, expiring after :data:`HEARTBEAT_TTL` s) and writes its id into each lock's
  token. A waiter that finds the lock held by an instance whose heartbeat has expired (it was killed)
  deletes that lock, if it still holds the same token (one Lua compare-and-delete), instead of waiting out
  the lifetime: a killed instance blocks its users' conversations for seconds, not minutes.

``get_lock`` is a coroutine here (the holder's token or ``None``); the readiness check awaits it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
from rasa.core.lock_store import LockError, LockStore
from redis.asyncio.lock import Lock
from redis.exceptions import LockError as RedisLockError

logger = logging.getLogger(__name__)

DEFAULT_LIFETIME = 120.0  # seconds; above the worst-case turn (70 s, see the module docstring)
DEFAULT_WAIT = 15.0  # seconds a turn waits for its conversation's lock before the busy reply
HEARTBEAT_EVERY = 2.0
HEARTBEAT_TTL = 10.0
POLL = 0.05  # seconds between attempts while waiting

# delete a lock only if it still holds the token the waiter saw (the crashed holder's)
_COMPARE_AND_DELETE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


def lifetime_from_environment() -> float:
    """``TICKET_LOCK_LIFETIME`` (seconds, the variable Rasa reads) or :data:`DEFAULT_LIFETIME`."""
    value = os.environ.get("TICKET_LOCK_LIFETIME", "").strip()
    try:
        lifetime = float(value) if value else DEFAULT_LIFETIME
    except ValueError:
        logger.warning("TICKET_LOCK_LIFETIME=%r is not a number; using %s s", value, DEFAULT_LIFETIME)
        return DEFAULT_LIFETIME
    return lifetime if lifetime > 0 else DEFAULT_LIFETIME


class AtomicRedisLockStore(LockStore):
    """Per-conversation locks in Redis (``SET NX PX``), awaited without blocking the event loop."""

    def __init__(
        self,
        endpoint_config: Any = None,
        *,
        host: str = "localhost",
        port: int = 6379,
        db: int = 1,
        password: str | None = None,
        key_prefix: str = "shebao",
        wait_seconds: float = DEFAULT_WAIT,
        socket_timeout: float = 2.0,
        lifetime: float | None = None,
    ) -> None:
        if endpoint_config is not None:  # Rasa: LockStore.create(EndpointConfig(type=this class, ...))
            settings = dict(endpoint_config.kwargs)
            host = endpoint_config.url or host
            port = int(settings.get("port") or port)
            db = int(settings.get("db") or db)
            password = settings.get("password") or password
            key_prefix = str(settings.get("key_prefix") or key_prefix)
            wait_seconds = float(settings.get("wait_seconds") or wait_seconds)
            socket_timeout = float(settings.get("socket_timeout") or socket_timeout)
        self.redis = aioredis.Redis(
            host=host,
            port=int(port),
            db=int(db),
            password=password or None,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
        )
        self.prefix = f"{key_prefix}:lock:"
        self.lifetime = lifetime or lifetime_from_environment()
        self.wait_seconds = float(wait_seconds)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._compare_and_delete = self.redis.register_script(_COMPARE_AND_DELETE)
        self._heartbeat: asyncio.Task | None = None
        self._first_beat: asyncio.Future | None = None  # the heartbeat task's first beat
        super().__init__()

    # --- keys ----------------------------------------------------------------------------------------------

    def _key(self, conversation_id: str) -> str:
        return self.prefix + conversation_id

    def _alive_key(self, owner: str) -> str:
        return f"{self.prefix}alive:{owner}"

    # --- heartbeat -----------------------------------------------------------------------------------------

    async def _beat(self) -> None:
        await self.redis.set(self._alive_key(self.owner), b"1", px=int(HEARTBEAT_TTL * 1000))

    async def _keep_beating(self, first: asyncio.Future) -> None:
        try:
            await self._beat()
        except (
            Exception
        ) as error:  # Redis unreachable: the turns waiting for this beat fail, the next retries
            first.set_exception(error)
            return
        first.set_result(None)
        while True:
            await asyncio.sleep(HEARTBEAT_EVERY)
            try:
                await self._beat()
            except Exception as error:  # Redis away for a moment: the next beat tries again
                logger.warning("lock_store.heartbeat.failed error=%s", type(error).__name__)

    async def _ensure_heartbeat(self) -> None:
        """This instance's heartbeat exists before any of its tokens is published: one beating task per
        instance, started by the first turn, whose first beat every turn awaits."""
        if self._heartbeat is None or self._heartbeat.done():
            loop = asyncio.get_running_loop()
            self._first_beat = loop.create_future()
            self._heartbeat = loop.create_task(self._keep_beating(self._first_beat))
        assert self._first_beat is not None
        await asyncio.shield(self._first_beat)

    async def _holder_is_dead(self, token: bytes) -> bool:
        owner = token.decode("utf-8", "replace").rsplit("/", 1)[0]
        return not await self.redis.exists(self._alive_key(owner))

    # --- Rasa's lock store API -----------------------------------------------------------------------------

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float | None = None,
        wait_time_in_seconds: float | None = None,
    ) -> AsyncIterator[Lock]:
        """Hold ``conversation_id``'s lock for the body; :class:`LockError` after the wait limit.

        Rasa passes its own lifetime (``TICKET_LOCK_LIFETIME`` or 60 s) and poll interval positionally
        only from its API endpoints; this store's lifetime and wait limit apply either way, the longer
        lifetime winning.
        """
        await self._ensure_heartbeat()
        lifetime = max(self.lifetime, float(lock_lifetime or 0))
        key = self._key(conversation_id)
        lock = Lock(self.redis, key, timeout=lifetime, sleep=POLL, blocking=False, thread_local=False)
        token = f"{self.owner}/{uuid.uuid4().hex}".encode()
        deadline = time.monotonic() + self.wait_seconds
        while not await lock.acquire(blocking=False, token=token):
            holder = await self.redis.get(key)
            if holder is not None and await self._holder_is_dead(holder):
                if await self._compare_and_delete(keys=[key], args=[holder]):
                    logger.warning(
                        "lock_store.released_dead_holder conversation=%s holder=%s",
                        conversation_id,
                        holder.decode("utf-8", "replace"),
                    )
                continue
            if time.monotonic() >= deadline:
                raise LockError(
                    f"Could not acquire lock for conversation_id '{conversation_id}' "
                    f"within {self.wait_seconds:g} s."
                )
            await asyncio.sleep(POLL)
        try:
            yield lock
        finally:
            try:
                await lock.release()
            except RedisLockError:  # expired under the turn (longer than the lifetime) or taken over
                logger.error(
                    "lock_store.lost conversation=%s lifetime=%s: the turn outlived its lock",
                    conversation_id,
                    lifetime,
                )

    async def get_lock(self, conversation_id: str) -> bytes | None:
        """The token of the turn holding ``conversation_id``'s lock, or ``None`` (a coroutine here)."""
        return await self.redis.get(self._key(conversation_id))

    async def delete_lock(self, conversation_id: str) -> None:
        await self.redis.delete(self._key(conversation_id))

    def save_lock(self, lock: Any) -> None:
        raise NotImplementedError("AtomicRedisLockStore has no ticket locks: use lock()")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = 0) -> int:
        raise NotImplementedError("AtomicRedisLockStore has no ticket locks: use lock()")
