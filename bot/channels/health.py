"""Liveness and readiness of a Rasa instance, for a load balancer or an orchestrator.

* ``GET /webhooks/health/live``: the process answers (200).
* ``GET /webhooks/health/ready``: 200 only when this instance can serve a turn: the model is loaded and the
  tracker store, the lock store and the action server all answer within a second each; otherwise 503 with
  the failing check named. Each check touches its service the cheapest way that proves it works (a
  tracker read and a lock read for one reserved id, the action server's own ``/health``).

The action server's liveness is its own ``GET /health`` (rasa-sdk).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

PROBE_ID = "__health_probe__"  # a conversation id no user has: reading it changes nothing
CHECK_TIMEOUT = 1.0


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


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "health"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        module = inspect.getmodule(self)
        health = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @health.route("/live", methods=["GET"])
        async def live(request: Request) -> HTTPResponse:
            return response.json({"status": "alive"})

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            ok, checks = await readiness(getattr(request.app.ctx, "agent", None))
            return response.json(
                {"status": "ready" if ok else "not ready", "checks": checks}, status=200 if ok else 503
            )

        return health
