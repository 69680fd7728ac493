"""A first-come-first-served gate in front of Rasa's turns: at most a few in progress, the rest queued.

Rasa answers every request as soon as it arrives, and each turn gives way at every await (the action
server call, the lock store), going to the back of the event loop's queue behind every other turn in
progress. With 50 users waiting, a turn with three awaits is therefore served three times behind all of
them: the mean reply time is what Little's law says (users ÷ throughput), but the slowest turns take
several times longer. Behind this gate at most ``limit`` turns are in progress (enough to keep the CPU busy
while one waits for the action server) and the others wait their turn in arrival order, so each reply
takes about the queue's length, not a multiple of it. It changes when a turn runs, never what it does.

Installed at start-up by the Rasa patch bootstrap (:mod:`bot.ops.patches`, patch ``turn_admission``: every
conversational turn goes through ``Agent.handle_message``); ``BOT_MAX_CONCURRENT_TURNS`` sets the limit (0
turns the gate off), and ``BOT_RASA_PATCHES=off`` leaves it out with the other patches.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.agent import Agent

DEFAULT_LIMIT = 4
_ORIGINAL_HANDLE_MESSAGE = Agent.handle_message


class TurnGate:
    """At most ``limit`` holders at once; waiters enter strictly in arrival order (a leaving holder hands
    its place to the first waiter, so a newcomer cannot overtake the queue)."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("a gate needs room for at least one turn")
        self.limit = limit
        self.active = 0
        self.waiting: collections.deque[asyncio.Future[None]] = collections.deque()

    async def __aenter__(self) -> TurnGate:
        if self.active < self.limit and not self.waiting:
            self.active += 1
            return self
        place = asyncio.get_running_loop().create_future()
        self.waiting.append(place)
        try:
            await place  # handed over by a leaving holder: ``active`` already counts us
        except asyncio.CancelledError:
            if place.done() and not place.cancelled():
                self._leave()  # the place was handed to us just before the cancel: pass it on
            else:
                self.waiting.remove(place)
            raise
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self._leave()

    def _leave(self) -> None:
        while self.waiting:
            place = self.waiting.popleft()
            if not place.done():
                place.set_result(None)
                return
        self.active -= 1


def limit_from_environment() -> int:
    value = os.environ.get("BOT_MAX_CONCURRENT_TURNS", "").strip()
    try:
        return max(0, int(value)) if value else DEFAULT_LIMIT
    except ValueError:
        return DEFAULT_LIMIT


def _gated(handle_message: Callable[..., Awaitable[Any]], gate: TurnGate) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(handle_message)
    async def handle_message_in_turn(self: Agent, *args: Any, **kwargs: Any) -> Any:
        async with gate:
            return await handle_message(self, *args, **kwargs)

    handle_message_in_turn.gate = gate  # type: ignore[attr-defined]
    return handle_message_in_turn


def install(limit: int | None = None) -> None:
    """Put ``Agent.handle_message`` behind a gate (one per process); ``limit`` 0 removes it."""
    limit = limit_from_environment() if limit is None else limit
    Agent.handle_message = (
        _gated(_ORIGINAL_HANDLE_MESSAGE, TurnGate(limit)) if limit else _ORIGINAL_HANDLE_MESSAGE
    )


def uninstall() -> None:
    Agent.handle_message = _ORIGINAL_HANDLE_MESSAGE
