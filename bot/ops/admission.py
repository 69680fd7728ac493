"""A first-come-first-served gate in front of Rasa's turns: at most a few in progress, a bounded queue.

Rasa answers every request as soon as it arrives, and each turn gives way at every await (the action
server call, the lock store), going to the back of the event loop's queue behind every other turn in
progress. With 50 users waiting, a turn with three awaits is therefore served three times behind all of
them: the mean reply time is what Little's law says (users ÷ throughput), but the slowest turns take
several times longer. Behind this gate at most ``limit`` turns are in progress (enough to keep the CPU busy
while one waits for the action server) and the others wait their turn in arrival order, so each reply
takes about the queue's length, not a multiple of it. It changes when a turn runs, never what it does.

The queue is bounded so that a burst (or one abusive client) cannot pile up work without end. A turn is
refused, and gets the busy reply (``bot.channels.UNAVAILABLE_TEXT``: "系统暂时繁忙…12333") without being
processed or stored, when

* ``BOT_MAX_WAITING_TURNS`` turns (default 100) are already waiting;
* its sender already has a turn waiting, or two turns in the gate (one waiting turn per sender: a double
  or triple tap runs once or twice, never fills the turn slots);
* it has waited ``BOT_MAX_TURN_WAIT`` seconds (default 15) without getting a place.

Installed at start-up by the Rasa patch bootstrap (:mod:`bot.ops.patches`, patch ``turn_admission``: every
conversational turn goes through ``Agent.handle_message``); ``BOT_MAX_CONCURRENT_TURNS`` sets the limit (0
turns the gate off), and ``BOT_RASA_PATCHES=off`` leaves it out with the other patches.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.agent import Agent

from bot.channels import UNAVAILABLE_TEXT

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 4
DEFAULT_MAX_WAITING = 100
DEFAULT_MAX_WAIT = 15.0
PER_SENDER = 2  # turns of one sender in the gate (in progress or waiting), of which one may wait
_ORIGINAL_HANDLE_MESSAGE = Agent.handle_message


class TurnRefused(Exception):
    """The gate has no room for this turn; ``reason`` is one of ``queue_full``, ``sender_busy``,
    ``wait_limit``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class TurnGate:
    """At most ``limit`` holders at once; waiters enter strictly in arrival order (a leaving holder hands
    its place to the first waiter, so a newcomer cannot overtake the queue). At most ``max_waiting``
    waiters (None: no bound), each for at most ``max_wait`` seconds (None: no limit); per sender at most
    one waiting turn and ``PER_SENDER`` turns in all. Refusals raise :class:`TurnRefused`."""

    def __init__(self, limit: int, max_waiting: int | None = None, max_wait: float | None = None) -> None:
        if limit < 1:
            raise ValueError("a gate needs room for at least one turn")
        self.limit = limit
        self.max_waiting = max_waiting
        self.max_wait = max_wait
        self.active = 0
        self.waiting: collections.deque[asyncio.Future[None]] = collections.deque()
        self.in_gate: collections.Counter[str] = collections.Counter()  # per sender: in progress or waiting
        self.waiting_senders: collections.Counter[str] = collections.Counter()

    async def __aenter__(self) -> TurnGate:
        await self.acquire()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self.release()

    async def acquire(self, sender: str | None = None) -> None:
        """Wait for a place (in arrival order) or raise :class:`TurnRefused`."""
        if sender is not None and (self.waiting_senders[sender] or self.in_gate[sender] >= PER_SENDER):
            raise TurnRefused("sender_busy")
        if self.active < self.limit and not self.waiting:
            self.active += 1
            self._count(sender, 1)
            return
        if self.max_waiting is not None and len(self.waiting) >= self.max_waiting:
            raise TurnRefused("queue_full")
        place = asyncio.get_running_loop().create_future()
        self.waiting.append(place)
        self._count(sender, 1)
        if sender is not None:
            self.waiting_senders[sender] += 1
        try:
            # handed over by a leaving holder: ``active`` already counts us
            await asyncio.wait_for(asyncio.shield(place), self.max_wait)
        except asyncio.TimeoutError:
            if place.done() and not place.cancelled():
                return  # the place came just as the time ran out: take it
            place.cancel()
            self.waiting.remove(place)
            self._count(sender, -1)
            raise TurnRefused("wait_limit") from None
        except asyncio.CancelledError:
            if place.done() and not place.cancelled():
                self.release(sender)  # the place was handed to us just before the cancel: pass it on
            else:
                place.cancel()
                self.waiting.remove(place)
                self._count(sender, -1)
            raise
        finally:
            if sender is not None:
                self.waiting_senders[sender] -= 1
                if not self.waiting_senders[sender]:
                    del self.waiting_senders[sender]

    def release(self, sender: str | None = None) -> None:
        self._count(sender, -1)
        while self.waiting:
            place = self.waiting.popleft()
            if not place.done():
                place.set_result(None)
                return
        self.active -= 1

    def _count(self, sender: str | None, change: int) -> None:
        if sender is None:
            return
        self.in_gate[sender] += change
        if self.in_gate[sender] <= 0:
            del self.in_gate[sender]


def _from_environment(name: str, default: Any, kind: Callable[[str], Any]) -> Any:
    value = os.environ.get(name, "").strip()
    try:
        return max(kind("0"), kind(value)) if value else default
    except ValueError:
        return default


def limit_from_environment() -> int:
    return int(_from_environment("BOT_MAX_CONCURRENT_TURNS", DEFAULT_LIMIT, int))


def gate_from_environment(limit: int) -> TurnGate:
    """A gate of ``limit`` turns with the queue bound and wait limit of the environment."""
    return TurnGate(
        limit,
        max_waiting=int(_from_environment("BOT_MAX_WAITING_TURNS", DEFAULT_MAX_WAITING, int)),
        max_wait=float(_from_environment("BOT_MAX_TURN_WAIT", DEFAULT_MAX_WAIT, float)) or None,
    )


def _gated(handle_message: Callable[..., Awaitable[Any]], gate: TurnGate) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(handle_message)
    async def handle_message_in_turn(self: Agent, message: Any, *args: Any, **kwargs: Any) -> Any:
        sender = getattr(message, "sender_id", None)
        try:
            await gate.acquire(sender)
        except TurnRefused as refusal:
            logger.warning("admission.refused sender=%s reason=%s", sender, refusal.reason)
            output = getattr(message, "output_channel", None)
            if output is not None:  # the busy reply, through the message's own channel; nothing stored
                await output.send_text_message(sender, UNAVAILABLE_TEXT)
            return None
        try:
            return await handle_message(self, message, *args, **kwargs)
        finally:
            gate.release(sender)

    handle_message_in_turn.gate = gate  # type: ignore[attr-defined]
    return handle_message_in_turn


def install(limit: int | None = None) -> None:
    """Put ``Agent.handle_message`` behind a gate (one per process); ``limit`` 0 removes it."""
    limit = limit_from_environment() if limit is None else limit
    Agent.handle_message = (
        _gated(_ORIGINAL_HANDLE_MESSAGE, gate_from_environment(limit)) if limit else _ORIGINAL_HANDLE_MESSAGE
    )


def uninstall() -> None:
    Agent.handle_message = _ORIGINAL_HANDLE_MESSAGE
