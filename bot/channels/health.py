"""Liveness and readiness of a Rasa instance, for a load balancer or an orchestrator, and the drain of
pending work at shutdown.

* ``GET /webhooks/health/live``: the process answers (200).
* ``GET /webhooks/health/ready``: 200 ``{"status": "ready"}`` only when this instance can serve a turn: the
  model is loaded and the tracker store, the lock store and the action server all answer within a second
  each; otherwise 503 ``{"status": "not ready"}``. Each check touches its service the cheapest way that
  proves it works (a tracker read and a lock read for one reserved id, the action server's own
  ``/health``). The public answer is only that status: which check failed and why (exception texts name
  hosts, ports and database users) goes to the log (``health.not_ready``), once per change.
* **Shutdown**: before the server stops, every channel with pending work (the WeChat channels' answers
  still being computed or pushed, ``channel.core.drain()``) gets up to ``BOT_DRAIN_SECONDS`` (default 8)
  to finish it; meanwhile readiness answers 503 so a balancer sends no new traffic. Whatever is still
  pending after the limit is logged and dropped. A supervisor's stop timeout must exceed this limit
  (supervisord ``stopwaitsecs``, Kubernetes ``terminationGracePeriodSeconds``).

The action server's liveness is its own ``GET /health`` (rasa-sdk).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

PROBE_ID = "__health_probe__"  # a conversation id no user has: reading it changes nothing
CHECK_TIMEOUT = 1.0
DEFAULT_DRAIN_SECONDS = 8.0


async def _timed(check: Awaitable[Any]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check, CHECK_TIMEOUT)
        return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    except Exception as error:  # any failure of a dependency makes the instance not ready
        return {"ok": False, "error": f"{type(error).__name__}: {error}"[:200] or type(error).__name__}


async def _action_server(url: str) -> None:
    health = url.rsplit("/webhook", 1)[0] + "/health"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=CHECK_TIMEOUT)) as session:
        async with session.get(health) as reply:
            if reply.status != 200:
                raise RuntimeError(f"HTTP {reply.status}")


async def _lock_store(lock_store: Any) -> None:
    result = lock_store.get_lock(PROBE_ID)
    if inspect.isawaitable(result):
        await result


async def readiness(agent: Any) -> tuple[bool, dict[str, Any]]:
    """(ready, checks) for the agent of this instance."""
    if agent is None or not agent.is_ready():
        return False, {"model": {"ok": False, "error": "no model loaded"}}
    checks: dict[str, Any] = {"model": {"ok": True}}
    checks["tracker_store"] = await _timed(agent.tracker_store.retrieve(PROBE_ID))
    checks["lock_store"] = await _timed(_lock_store(agent.lock_store))
    if agent.action_endpoint is not None:
        checks["action_server"] = await _timed(_action_server(agent.action_endpoint.url))
    return all(check["ok"] for check in checks.values()), checks


def drain_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("BOT_DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS)))
    except ValueError:
        return DEFAULT_DRAIN_SECONDS


def _drain_of(channel: Any) -> Callable[[], Awaitable[Any]] | None:
    """The coroutine function that finishes a channel's pending work (``channel.core.drain``), if any."""
    for owner in (channel, getattr(channel, "core", None)):
        drain = getattr(owner, "drain", None)
        if drain is not None and inspect.iscoroutinefunction(drain):
            return drain
    return None


async def drain_channels(channels: list[Any], timeout: float) -> bool:
    """Let every channel finish its pending work, for at most ``timeout`` seconds in all; False if cut."""
    drains = [drain for drain in map(_drain_of, channels) if drain is not None]
    if not drains:
        return True
    started = time.monotonic()
    try:
        await asyncio.wait_for(asyncio.gather(*(drain() for drain in drains)), timeout)
    except asyncio.TimeoutError:
        logger.warning("health.drain.cut after %.1f s: pending answers dropped", time.monotonic() - started)
        return False
    logger.info("health.drain.done in %.2f s", time.monotonic() - started)
    return True


class HealthInput(InputChannel):
    def __init__(self) -> None:
        self.draining = False
        self._last_report: str | None = None

    @classmethod
    def name(cls) -> str:
        return "health"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    async def ready_status(self, agent: Any) -> tuple[int, dict[str, str]]:
        """(HTTP status, public body) of the readiness probe; the details go to the log."""
        if self.draining:
            ok, checks = False, {"shutdown": {"ok": False, "error": "draining pending answers"}}
        else:
            ok, checks = await readiness(agent)
        report = json.dumps({name: check for name, check in checks.items() if not check["ok"]})
        if not ok and report != self._last_report:
            logger.warning("health.not_ready %s", report)
        elif ok and self._last_report not in (None, "{}"):
            logger.info("health.ready again")
        self._last_report = report
        return (200, {"status": "ready"}) if ok else (503, {"status": "not ready"})

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        module = inspect.getmodule(self)
        health = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @health.route("/live", methods=["GET"])
        async def live(request: Request) -> HTTPResponse:
            return response.json({"status": "alive"})

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            status, body = await self.ready_status(getattr(request.app.ctx, "agent", None))
            return response.json(body, status=status)

        @health.listener("before_server_stop")
        async def drain(app: Any, _loop: Any) -> None:
            self.draining = True
            await drain_channels(list(getattr(app.ctx, "input_channels", []) or []), drain_seconds())

        return health
