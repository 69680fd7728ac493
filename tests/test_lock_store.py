"""The conversation lock of the production profile (bot/ops/lock_store.py) on this machine's Redis: two
stores stand for two Rasa instances. One turn of a conversation at a time across both, waiting never blocks
the event loop, a turn that waits too long gets LockError (the channel's busy reply), a lock outlives no
crashed holder, Redis unreachable is an error, and Rasa builds the store from endpoints.production.yml."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import time
import uuid

import pytest
import redis.exceptions
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import read_endpoint_config

from bot.ops import lock_store as module
from bot.ops.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.services
HOST, PORT = os.environ.get("REDIS_HOST", "127.0.0.1"), int(os.environ.get("REDIS_PORT", "6379"))


def _reachable() -> bool:
    try:
        with socket.create_connection((HOST, PORT), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def redis_running() -> None:
    if not _reachable():
        pytest.skip(f"Redis {HOST}:{PORT} not reachable (it runs as a service on this machine)")


def store(**kwargs) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(host=HOST, port=PORT, db=1, key_prefix="shebaotest", **kwargs)


def conversation() -> str:
    return f"lock-{uuid.uuid4().hex[:8]}"


def test_one_turn_at_a_time_across_two_instances() -> None:
    """40 turns of one conversation, spread over two stores, each reading, yielding and writing a shared
    counter: with mutual exclusion no increment is lost and no two turns ever overlap."""
    first, second, sender = store(), store(), conversation()
    state = {"count": 0, "inside": 0, "most_inside": 0}

    async def turn(lock_store: AtomicRedisLockStore) -> None:
        async with lock_store.lock(sender):
            state["inside"] += 1
            state["most_inside"] = max(state["most_inside"], state["inside"])
            seen = state["count"]
            await asyncio.sleep(0.002)
            state["count"] = seen + 1
            state["inside"] -= 1

    async def run() -> None:
        await asyncio.gather(*(turn(first if n % 2 else second) for n in range(40)))
        assert await first.get_lock(sender) is None  # released

    asyncio.run(run())
    assert state == {"count": 40, "inside": 0, "most_inside": 1}


def test_one_heartbeat_per_instance_however_many_first_turns() -> None:
    lock_store = store()

    async def run() -> int:
        async def turn(n: int) -> None:
            async with lock_store.lock(f"{conversation()}-{n}"):
                await asyncio.sleep(0.01)

        await asyncio.gather(*(turn(n) for n in range(20)))
        beating = [task for task in asyncio.all_tasks() if "_keep_beating" in repr(task.get_coro())]
        assert await lock_store.redis.exists(lock_store._alive_key(lock_store.owner))
        return len(beating)

    assert asyncio.run(run()) == 1


def test_waiting_for_a_lock_leaves_the_event_loop_free() -> None:
    lock_store, sender = store(), conversation()
    ticks: list[float] = []

    async def holder() -> None:
        async with lock_store.lock(sender):
            await asyncio.sleep(0.5)

    async def ticker() -> None:
        for _ in range(10):
            ticks.append(time.monotonic())
            await asyncio.sleep(0.05)

    async def waiter() -> None:
        await asyncio.sleep(0.05)
        async with lock_store.lock(sender):
            pass

    async def run() -> None:
        await asyncio.gather(holder(), waiter(), ticker())

    asyncio.run(run())
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) == 10 and max(gaps) < 0.3, gaps


def test_a_turn_that_waits_past_the_limit_gets_lock_error() -> None:
    lock_store, sender = store(wait_seconds=0.3), conversation()

    async def run() -> None:
        async with lock_store.lock(sender):
            with pytest.raises(LockError, match=r"within 0\.3 s"):
                async with lock_store.lock(sender):
                    pass

    asyncio.run(run())


def test_the_lock_lives_the_configured_lifetime(monkeypatch) -> None:
    monkeypatch.setenv("TICKET_LOCK_LIFETIME", "0.4")
    lock_store, sender = store(wait_seconds=2), conversation()
    assert lock_store.lifetime == 0.4
    monkeypatch.setenv("TICKET_LOCK_LIFETIME", "abc")
    assert module.lifetime_from_environment() == module.DEFAULT_LIFETIME
    monkeypatch.delenv("TICKET_LOCK_LIFETIME")
    assert module.lifetime_from_environment() == module.DEFAULT_LIFETIME > 70  # above the worst-case turn

    async def run() -> float:
        ttl = 0
        async with lock_store.lock(sender):
            ttl = await lock_store.redis.pttl(lock_store._key(sender))
        return ttl

    assert 0 < asyncio.run(run()) <= 400


def test_a_lock_held_by_a_killed_instance_is_released_without_waiting_its_lifetime() -> None:
    """The holder's heartbeat expired (its process is gone): a waiter deletes that lock and goes on, long
    before the lifetime of 120 s."""
    sender = conversation()
    dead, alive = store(), store(wait_seconds=5)

    async def run() -> float:
        key = dead._key(sender)
        await dead.redis.set(key, f"{dead.owner}/x".encode(), px=120_000)  # no heartbeat of dead's
        started = time.monotonic()
        async with alive.lock(sender) as lock:
            assert await lock.owned()
        return time.monotonic() - started

    assert asyncio.run(run()) < 1.0


def test_a_live_holder_is_not_taken_over() -> None:
    sender = conversation()
    holder, waiter = store(), store(wait_seconds=0.5)

    async def run() -> None:
        async with holder.lock(sender):
            with pytest.raises(LockError):
                async with waiter.lock(sender):
                    pass
            assert (await holder.get_lock(sender)).decode().startswith(holder.owner)

    asyncio.run(run())


def test_redis_unreachable_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    lock_store = AtomicRedisLockStore(host="127.0.0.1", port=port, socket_timeout=0.5)

    async def run() -> None:
        with pytest.raises(redis.exceptions.ConnectionError):
            await lock_store.get_lock("anyone")
        with pytest.raises(redis.exceptions.ConnectionError):
            async with lock_store.lock("anyone"):
                pass

    asyncio.run(run())


def test_rasa_builds_it_from_the_production_endpoints(monkeypatch) -> None:
    for key, value in {
        "ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook",
        "DB_HOST": "127.0.0.1",
        "DB_PORT": "5432",
        "DB_NAME": "test",
        "DB_USER": "postgres",
        "DB_PASSWORD": "",
        "REDIS_HOST": HOST,
        "REDIS_PORT": str(PORT),
        "REDIS_DB": "1",
    }.items():
        monkeypatch.setenv(key, value)
    config = read_endpoint_config("endpoints.production.yml", "lock_store")
    lock_store = LockStore.create(config)
    assert isinstance(lock_store, AtomicRedisLockStore)
    assert lock_store.prefix == "shebao:lock:" and lock_store.wait_seconds == module.DEFAULT_WAIT
    assert asyncio.run(lock_store.get_lock("nobody")) is None
