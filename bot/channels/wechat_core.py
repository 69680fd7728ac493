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
* answers subscribe events with a welcome and a menu; custom-menu ``CLICK`` keys as the question or
  questionnaire the menu file maps them to (an unknown key gets the help menu), ``VIEW`` and other events
  with nothing; voice messages as the text WeChat recognised ("您说的是：……" first; empty recognition
  gets a request to type or retry); other messages with a polite "text only" notice;
* hands the user to a live agent (official account, ``WECHAT_KF_TRANSFER`` on, within service hours):
  a request for a person ("转人工", or the 转人工客服 option the assistant offers after repeated failure) is
  recognised here, before any turn is queued, because the transfer exists only as the passive reply. A
  short notice is pushed first, the reply is ``transfer_customer_service``, and a turn ``/ask_human``
  with the transfer in its metadata marks the conversation as handed to an agent. While the user waits
  for an agent their messages get a waiting notice, never a second transfer. Outside the hours the
  request is answered by the assistant (the phone line) after a sentence giving the hours.

A mini-program cannot reply passively: its turns are in push mode from the start.

Across instances (Redis configured) the claim of a message, the passive reply given, the numbered options
and replayed nonces are shared through :mod:`bot.channels.wechat_state`: a retry reaching another instance
while the first computes gets ``success``, after a passive reply the same reply.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.channels import UNAVAILABLE_TEXT
from bot.channels.wechat_kf import (
    TRANSFER_PAYLOAD,
    WAITING,
    WITH_AGENT,
    ServiceHours,
    TransferRequests,
    TransferStore,
    describe_transfer,
)
from bot.channels.wechat_menu import Menu
from bot.channels.wechat_protocol import (
    KF_CLOSED_TEXT,
    MENU_UNKNOWN_TEXT,
    TRANSFER_NOTICE,
    UNSUPPORTED_TEXT,
    VOICE_ECHO,
    VOICE_EMPTY_TEXT,
    WAITING_TEXT,
    Incoming,
    Option,
    OptionMemory,
    OptionStore,
    WeChatConfig,
    render_messages,
    render_welcome,
    split_text,
)
from bot.channels.wechat_state import InProcessState, WeChatState
from bot.ops import TrackerStoreUnavailable
from bot.ops.pii import mask_pii

logger = logging.getLogger(__name__)

# (sender id, text, metadata) -> Rasa's bot messages
Answerer = Callable[[str, str, dict[str, Any]], Awaitable[list[dict[str, Any]]]]

WELCOME_EVENTS = {"subscribe", "user_enter_tempsession"}  # official account / mini-program
AGENT_EVENTS = {"kf_create_session", "kf_switch_session"}  # an agent took (or passed on) the session
NOTICE_WAIT = 1.5  # seconds the transfer reply waits for the notice push (it must arrive first)


@dataclass(frozen=True)
class Transfer:
    """The passive reply that hands the user to the live agents (to ``kf_account`` when set)."""

    kf_account: str = ""


@dataclass
class LiveAgents:
    """What the core needs for live-agent transfer: the hours, the requests, the per-user state."""

    hours: ServiceHours
    requests: TransferRequests
    states: TransferStore
    account: str = ""

    def is_open(self) -> bool:
        return self.hours.is_open()

    def closed_text(self) -> str:
        return KF_CLOSED_TEXT.format(hours=f"（{self.hours.description}）" if self.hours.description else "")


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
    transfer: Transfer | None = None  # the passive reply is the live-agent transfer
    notice: asyncio.Future | None = None  # the push of the transfer notice (sent before the reply)
    key: tuple[str, str] = ("", "")  # the message's dedup key (sender, message id)


class RecentTurns:
    """The turns of recent messages by (sender, message key), so that WeChat's retries join the turn
    already started; finished turns expire after ``ttl`` seconds, and at most ``max_turns`` are kept."""

    def __init__(self, ttl: float, max_turns: int = 10_000):
        self.ttl = ttl
        self.max_turns = max_turns
        self._turns: OrderedDict[tuple[str, str], Turn] = OrderedDict()

    def get(self, key: tuple[str, str]) -> Turn | None:
        return self._turns.get(key)

    def add(self, key: tuple[str, str], turn: Turn) -> None:
        now = turn.created
        while self._turns:  # expire old turns (oldest first); keep unfinished ones unless over the bound
            oldest_key, oldest = next(iter(self._turns.items()))
            expired = now - oldest.created > self.ttl and oldest.ready.is_set()
            if not expired and len(self._turns) < self.max_turns:
                break
            del self._turns[oldest_key]
        self._turns[key] = turn

    def discard(self, key: tuple[str, str]) -> None:
        self._turns.pop(key, None)

    def __len__(self) -> int:
        return len(self._turns)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._turns)

    def values(self) -> Iterator[Turn]:
        return iter(self._turns.values())


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
        menu: Menu | None = None,
        agents: LiveAgents | None = None,
        options: OptionStore | None = None,
        state: WeChatState | None = None,
    ):
        self.config = config
        self.answer = answer
        self.sender = sender
        self.channel = channel
        self.passive = passive
        self.menu = menu
        self.agents = agents if passive else None  # the transfer is a passive reply only
        self.options: OptionStore = options or OptionMemory(config.options_ttl)
        self.state: WeChatState = state or InProcessState(self.options)
        self.app = config.app_id or channel  # the application in shared keys
        self.turns = RecentTurns(config.dedup_ttl, max_turns)
        self._tasks: set[asyncio.Task] = set()

    def sender_id(self, openid: str) -> str:
        """The Rasa conversation id of a WeChat user (channel-qualified, so channels never share one)."""
        return f"{self.channel}:{openid}"

    async def handle(self, incoming: Incoming) -> str | Transfer | None:
        """The passive reply for this delivery (a text or the transfer), or None to answer ``success``."""
        key = incoming.dedup_key
        turn = self.turns.get(key)
        if turn is None:
            turn = Turn(created=time.monotonic(), push=not self.passive, key=key)
            self.turns.add(key, turn)  # this process's retries join it from now on
            claim = await self.state.claim(self.app, key, self.config.dedup_ttl)
            if not claim.first:  # another instance has (or had) this message
                logger.info("%s.retry.shared sender=%s key=%s", self.channel, incoming.from_user, key[1])
                self._forget(turn)
                return Transfer(claim.transfer) if claim.transfer is not None else claim.reply
            if not await self._start(turn, incoming):
                self._forget(turn)
                return None
        else:
            logger.info("%s.retry sender=%s key=%s", self.channel, incoming.from_user, key[1])
        if not turn.push and not turn.ready.is_set():
            waiter = asyncio.ensure_future(turn.ready.wait())
            done, _ = await asyncio.wait({waiter}, timeout=self.config.reply_budget)
            if not done:
                waiter.cancel()
        if turn.transfer is not None:
            if turn.notice is not None and not turn.notice.done():  # the notice first, briefly awaited
                await asyncio.wait({turn.notice}, timeout=NOTICE_WAIT)
            return turn.transfer
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

    def _forget(self, turn: Turn) -> None:
        """A delivery this process does not answer: its local retries answer ``success`` at once."""
        turn.push = True
        turn.ready.set()
        self.turns.discard(turn.key)

    async def _start(self, turn: Turn, incoming: Incoming) -> bool:
        """Start the turn of a claimed message; False when it needs no reply (an ignored event)."""
        openid = incoming.from_user
        sender = self.sender_id(openid)
        kind = incoming.msg_type
        if kind == "event":
            return await self._event(turn, incoming)
        elif kind not in ("text", "voice"):
            logger.info("%s.unsupported sender=%s type=%s", self.channel, openid, kind)
            await self._finish(turn, openid, UNSUPPORTED_TEXT, [])
        elif kind == "voice" and not incoming.recognition:
            logger.info("%s.voice.unrecognised sender=%s", self.channel, openid)
            await self._finish(turn, openid, VOICE_EMPTY_TEXT, [])
        elif self._waiting_for_agent(sender):
            logger.info("%s.kf.waiting sender=%s", self.channel, openid)
            await self._finish(turn, openid, WAITING_TEXT, [])
        else:
            said = incoming.content if kind == "text" else incoming.recognition
            echo = VOICE_ECHO.format(text=mask_pii(said)) if kind == "voice" else ""
            text = await self.state.resolve_option(sender, said)
            prefix = [echo] if echo else []
            if self.agents is not None and self.agents.requests.asks_for_agent(text):
                if self.agents.is_open():
                    reason = "option" if text != said else "asked"
                    await self._transfer(turn, incoming, reason, said)
                    return True
                prefix.append(self.agents.closed_text())
                text = TRANSFER_PAYLOAD  # the assistant gives the phone line
            source = "voice" if kind == "voice" else "text"
            self._spawn(self._ask(turn, openid, text, self._metadata(incoming, source), "\n".join(prefix)))
        return True

    async def _event(self, turn: Turn, incoming: Incoming) -> bool:
        """Handle an event; False when it needs no reply (answered ``success``, not remembered)."""
        openid, event = incoming.from_user, incoming.event
        sender = self.sender_id(openid)
        if event in WELCOME_EVENTS:
            await self._finish(turn, openid, *render_welcome())
            return True
        if event == "click" and self.menu is not None:
            if self._waiting_for_agent(sender):
                await self._finish(turn, openid, WAITING_TEXT, [])
                return True
            button = self.menu.action_for(incoming.event_key)
            if button is None:
                logger.warning(
                    "%s.menu.unknown_key sender=%s key=%r", self.channel, openid, incoming.event_key
                )
                await self._finish(turn, openid, *render_welcome(MENU_UNKNOWN_TEXT))
                return True
            metadata = self._metadata(incoming, "menu")
            metadata["wechat"]["menu_key"] = button.key
            self._spawn(self._ask(turn, openid, button.payload, metadata))
            return True
        if self.agents is not None and event in AGENT_EVENTS:
            self.agents.states.set(sender, WITH_AGENT)
            logger.info("%s.kf.%s sender=%s", self.channel, event, openid)
        elif self.agents is not None and event == "kf_close_session":
            self.agents.states.clear(sender)
            logger.info("%s.kf.closed sender=%s", self.channel, openid)
        else:
            logger.info("%s.event.ignored sender=%s event=%s", self.channel, openid, event)
        return False

    def _waiting_for_agent(self, sender: str) -> bool:
        return self.agents is not None and self.agents.states.get(sender) in (WAITING, WITH_AGENT)

    def _metadata(self, incoming: Incoming, source: str) -> dict[str, Any]:
        wechat: dict[str, Any] = {
            "channel": self.channel,
            "openid": incoming.from_user,
            "msg_id": incoming.msg_id,
            "to_user": incoming.to_user,
            "source": source,
        }
        if self.agents is not None:  # the assistant offers 转人工客服 only when it can be done now
            wechat["kf"] = "open" if self.agents.is_open() else "closed"
        return {"wechat": wechat}

    async def _transfer(self, turn: Turn, incoming: Incoming, reason: str, said: str) -> None:
        """Hand the user to the live agents: notice, transfer reply, and the turn that records it."""
        assert self.agents is not None
        openid = incoming.from_user
        sender = self.sender_id(openid)
        turn.transfer = Transfer(self.agents.account)
        turn.notice = asyncio.ensure_future(self.sender.send_text(openid, TRANSFER_NOTICE))
        self.agents.states.set(sender, WAITING)
        metadata = self._metadata(incoming, "text" if incoming.msg_type == "text" else "voice")
        metadata["wechat"]["transfer"] = dict(describe_transfer(reason, mask_pii(said), self.agents.account))
        self._spawn(self._record(sender, TRANSFER_PAYLOAD, metadata))
        turn.ready.set()
        logger.info("%s.kf.transfer sender=%s reason=%s", self.channel, openid, reason)
        await self.state.remember_options(sender, [])
        await self.state.settle(self.app, turn.key, transfer=self.agents.account)

    async def _record(self, sender: str, text: str, metadata: dict[str, Any]) -> None:
        """A turn whose answer nobody sees (the transfer's mark in the conversation)."""
        try:
            await self.answer(sender, text, metadata)
        except (asyncio.CancelledError, TrackerStoreUnavailable) as error:
            logger.error("%s.record.%s sender=%s", self.channel, type(error).__name__, sender)
        except Exception:
            logger.exception("%s.record.failure sender=%s", self.channel, sender)

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _ask(
        self, turn: Turn, openid: str, text: str, metadata: dict[str, Any], prefix: str = ""
    ) -> None:
        sender = self.sender_id(openid)
        try:
            messages = await self.answer(sender, text, metadata)
            reply, options = render_messages(messages)
            if not reply:  # e.g. the action server is down: Rasa logs it and says nothing
                logger.error("%s.answer.empty sender=%s", self.channel, sender)
                reply = UNAVAILABLE_TEXT
            if prefix:
                reply = f"{prefix}\n{reply}"
        except (asyncio.CancelledError, TrackerStoreUnavailable) as error:  # BaseExceptions: not caught below
            logger.error("%s.answer.%s sender=%s", self.channel, type(error).__name__, sender)
            reply, options = UNAVAILABLE_TEXT, []
        except Exception:
            logger.exception("%s.answer.failure sender=%s", self.channel, sender)
            reply, options = UNAVAILABLE_TEXT, []
        await self._finish(turn, openid, reply, options)

    async def _finish(self, turn: Turn, openid: str, text: str, options: list[Option]) -> None:
        """Record the answer of a turn; push it when the turn is (or must be) in push mode, else share the
        passive reply so that a retry reaching another instance gets it too."""
        await self.state.remember_options(self.sender_id(openid), options)
        turn.pieces = split_text(text, self.config.text_limit_bytes) if text else []
        if len(turn.pieces) > 1:
            turn.push = True  # a passive reply is a single message: push all pieces, in order
        turn.ready.set()
        if turn.push and turn.pieces:
            self._spawn(self._push(turn, openid))
        elif turn.pieces:
            await self.state.settle(self.app, turn.key, reply=turn.pieces[0])

    async def _push(self, turn: Turn, openid: str) -> None:
        for piece in turn.pieces:
            if not await self.sender.send_text(openid, piece):
                break
            turn.pushed += 1
        logger.info("%s.pushed sender=%s pieces=%d/%d", self.channel, openid, turn.pushed, len(turn.pieces))

    async def drain(self) -> None:
        """Wait for the turns still being processed or pushed (used at shutdown and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
