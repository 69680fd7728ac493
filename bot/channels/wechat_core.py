"""The conversation core shared by the WeChat official account and the mini-program. No Rasa import.

WeChat waits 5 seconds for the HTTP answer to a message, then retries the same message (same MsgId) up
to three times. The core therefore:

* processes each (sender, MsgId) **once**: retries join the turn already started;
* waits for the answer up to ``reply_budget`` seconds (default 4 s). When it is ready in time, the answer
  is the passive reply, and a retry gets the same reply again. Otherwise the request gets ``success``
  at once, the turn switches to *push* mode, and the answer, when ready, is sent once through the
  customer-service API; retries of a pushed turn get ``success`` too;
* renders Rasa's messages for WeChat (buttons as numbered options, remembered per sender so that a
  reply of ``2`` becomes the second button's payload) and splits texts over the byte limit; an answer of
  several pieces is always pushed, in order;
* answers subscribe events with a welcome and a menu, other events with nothing, and messages that are
  not text with a polite "text only" notice.

A mini-program cannot reply passively: its turns are in push mode from the start.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.channels import UNAVAILABLE_TEXT
from bot.channels.wechat_protocol import (
    UNSUPPORTED_TEXT,
    Incoming,
    Option,
    OptionMemory,
    WeChatConfig,
    render_messages,
    render_welcome,
    split_text,
)
from bot.ops import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

# (sender id, text, metadata) -> Rasa's bot messages
Answerer = Callable[[str, str, dict[str, Any]], Awaitable[list[dict[str, Any]]]]

WELCOME_EVENTS = {"subscribe", "user_enter_tempsession"}  # official account / mini-program


class TextSender(Protocol):
    async def send_text(self, openid: str, text: str) -> bool: ...


@dataclass
class Turn:
    """One incoming message and its answer, shared by all deliveries (retries) of that message."""

    created: float
    push: bool  # the answer goes through the customer-service API (set once, never unset)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    pieces: list[str] = field(default_factory=list)
    pushed: int = 0  # pieces accepted by WeChat


class WeChatCore:
    """Message handling for one WeChat application; see the module docstring."""

    def __init__(
        self,
        config: WeChatConfig,
        answer: Answerer,
        sender: TextSender,
        *,
        channel: str,
        passive: bool = True,
        max_turns: int = 10_000,
    ):
        self.config = config
        self.answer = answer
        self.sender = sender
        self.channel = channel
        self.passive = passive
        self.max_turns = max_turns
        self.options = OptionMemory(config.options_ttl)
        self.turns: OrderedDict[tuple[str, str], Turn] = OrderedDict()
        self._tasks: set[asyncio.Task] = set()

    def sender_id(self, openid: str) -> str:
        """The Rasa conversation id of a WeChat user (channel-qualified, so channels never share one)."""
        return f"{self.channel}:{openid}"

    async def handle(self, incoming: Incoming) -> str | None:
        """The passive reply text for this delivery, or None to answer ``success``."""
        key = incoming.dedup_key
        turn = self.turns.get(key)
        if turn is None:
            turn = self._start(incoming)
            if turn is None:
                return None
        else:
            logger.info("%s.retry sender=%s key=%s", self.channel, incoming.from_user, key[1])
        if not turn.push and not turn.ready.is_set():
            waiter = asyncio.ensure_future(turn.ready.wait())
            done, _ = await asyncio.wait({waiter}, timeout=self.config.reply_budget)
            if not done:
                waiter.cancel()
        if turn.ready.is_set() and not turn.push:
            return turn.pieces[0] if turn.pieces else None
        if not turn.push:
            logger.info(
                "%s.slow sender=%s key=%s: answering success, pushing later",
                self.channel,
                incoming.from_user,
                key[1],
            )
        turn.push = True  # the process task pushes the answer once it is ready
        return None

    def _start(self, incoming: Incoming) -> Turn | None:
        sender = self.sender_id(incoming.from_user)
        turn = Turn(created=time.monotonic(), push=not self.passive)
        if incoming.msg_type == "text":
            text = self.options.resolve(sender, incoming.content)
            metadata = {
                "wechat": {
                    "channel": self.channel,
                    "openid": incoming.from_user,
                    "msg_id": incoming.msg_id,
                    "to_user": incoming.to_user,
                }
            }
            self._spawn(self._ask(turn, incoming.from_user, text, metadata))
        elif incoming.msg_type == "event":
            if incoming.event not in WELCOME_EVENTS:
                logger.info(
                    "%s.event.ignored sender=%s event=%s", self.channel, incoming.from_user, incoming.event
                )
                return None
            self._finish(turn, incoming.from_user, *render_welcome())
        else:
            logger.info(
                "%s.unsupported sender=%s type=%s", self.channel, incoming.from_user, incoming.msg_type
            )
            self._finish(turn, incoming.from_user, UNSUPPORTED_TEXT, [])
        self._remember(incoming.dedup_key, turn)
        return turn

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _ask(self, turn: Turn, openid: str, text: str, metadata: dict[str, Any]) -> None:
        sender = self.sender_id(openid)
        try:
            messages = await self.answer(sender, text, metadata)
            reply, options = render_messages(messages)
            if not reply:  # e.g. the action server is down: Rasa logs it and says nothing
                logger.error("%s.answer.empty sender=%s", self.channel, sender)
                reply = UNAVAILABLE_TEXT
        except (asyncio.CancelledError, TrackerStoreUnavailable) as error:  # BaseExceptions: not caught below
            logger.error("%s.answer.%s sender=%s", self.channel, type(error).__name__, sender)
            reply, options = UNAVAILABLE_TEXT, []
        except Exception:
            logger.exception("%s.answer.failure sender=%s", self.channel, sender)
            reply, options = UNAVAILABLE_TEXT, []
        self._finish(turn, openid, reply, options)

    def _finish(self, turn: Turn, openid: str, text: str, options: list[Option]) -> None:
        """Record the answer of a turn; push it when the turn is (or must be) in push mode."""
        self.options.remember(self.sender_id(openid), options)
        turn.pieces = split_text(text, self.config.text_limit_bytes) if text else []
        if len(turn.pieces) > 1:
            turn.push = True  # a passive reply is a single message: push all pieces, in order
        turn.ready.set()
        if turn.push and turn.pieces:
            self._spawn(self._push(turn, openid))

    async def _push(self, turn: Turn, openid: str) -> None:
        for piece in turn.pieces:
            if not await self.sender.send_text(openid, piece):
                break
            turn.pushed += 1
        logger.info("%s.pushed sender=%s pieces=%d/%d", self.channel, openid, turn.pushed, len(turn.pieces))

    def _remember(self, key: tuple[str, str], turn: Turn) -> None:
        now = turn.created
        while self.turns:  # expire old turns (oldest first); keep unfinished ones unless over the bound
            oldest_key, oldest = next(iter(self.turns.items()))
            expired = now - oldest.created > self.config.dedup_ttl and oldest.ready.is_set()
            if not expired and len(self.turns) < self.max_turns:
                break
            del self.turns[oldest_key]
        self.turns[key] = turn

    async def drain(self) -> None:
        """Wait for the turns still being processed or pushed (used at shutdown and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
