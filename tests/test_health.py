"""Readiness and shutdown drain (bot/channels/health.py) without a server: the public readiness answer is
only a status (the failing check and its exception go to the log, once per change), and pending WeChat
answers are pushed before the server stops, within a time limit."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from types import SimpleNamespace
from typing import Any

import pytest

from bot.channels.health import HealthInput, drain_channels, drain_seconds
from bot.channels.wechat_core import WeChatCore
from bot.channels.wechat_protocol import Incoming, WeChatConfig


class FakeAgent:
    def __init__(self, tracker_error: Exception | None = None):
        async def retrieve(sender: str) -> None:
            if tracker_error:
                raise tracker_error

        self.tracker_store = SimpleNamespace(retrieve=retrieve)
        self.lock_store = SimpleNamespace(get_lock=lambda sender: None)
        self.action_endpoint = None

    def is_ready(self) -> bool:
        return True


SECRET = "OperationalError: could not connect to server db-internal.example:5432 as user shebao_admin"


def test_public_readiness_is_a_bare_status_and_the_details_go_to_the_log(caplog) -> None:
    health = HealthInput()
    caplog.set_level(logging.INFO, logger="bot.channels.health")
    status, body = asyncio.run(health.ready_status(FakeAgent(ConnectionError(SECRET))))
    assert (status, body) == (503, {"status": "not ready"})
    assert SECRET in caplog.text and "tracker_store" in caplog.text  # the operator sees why
    assert SECRET not in json.dumps(body)
    caplog.clear()
    asyncio.run(health.ready_status(FakeAgent(ConnectionError(SECRET))))
    assert "health.not_ready" not in caplog.text  # the same failure is logged once, not at every probe
    assert asyncio.run(health.ready_status(FakeAgent())) == (200, {"status": "ready"})
    assert "ready again" in caplog.text
    assert asyncio.run(health.ready_status(None)) == (503, {"status": "not ready"})


def test_readiness_is_503_while_draining() -> None:
    health = HealthInput()
    health.draining = True
    assert asyncio.run(health.ready_status(FakeAgent())) == (503, {"status": "not ready"})


def test_drain_limit_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("BOT_DRAIN_SECONDS", "2.5")
    assert drain_seconds() == 2.5
    monkeypatch.setenv("BOT_DRAIN_SECONDS", "soon")
    assert drain_seconds() == 8.0
    monkeypatch.delenv("BOT_DRAIN_SECONDS")
    assert drain_seconds() == 8.0


class Sender:
    def __init__(self, hang: bool = False):
        self.sent: list[tuple[str, str]] = []
        self.hang = hang

    async def send_text(self, openid: str, text: str) -> bool:
        if self.hang:
            await asyncio.sleep(60)
        self.sent.append((openid, text))
        return True


def _message(msg_id: str) -> Incoming:
    return Incoming.from_fields(
        {
            "ToUserName": "gh",
            "FromUserName": "o-drain",
            "CreateTime": "1700000000",
            "MsgType": "text",
            "Content": "长春缴费基数上限",
            "MsgId": msg_id,
        }
    )


def _mini_core(sender: Sender, delay: float) -> WeChatCore:
    async def answer(conversation: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        await asyncio.sleep(delay)  # Rasa still computing the answer when the stop signal arrives
        return [{"text": "上限13835元/月"}]

    # a mini-program: every answer is pushed after the request got "success"
    return WeChatCore(WeChatConfig(token="t"), answer, sender, channel="wechat_mini", passive=False)


def test_pending_pushes_are_sent_before_the_server_stops() -> None:
    async def scenario() -> tuple[bool, list[tuple[str, str]]]:
        sender = Sender()
        core = _mini_core(sender, delay=0.3)
        assert await core.handle(_message("m1")) is None  # "success" at once, the answer comes later
        assert sender.sent == []
        channels = [SimpleNamespace(), SimpleNamespace(core=core)]  # a channel without pending work too
        return await drain_channels(channels, timeout=5), sender.sent

    done, sent = asyncio.run(scenario())
    assert done and sent == [("o-drain", "上限13835元/月")]


def test_the_drain_is_cut_at_its_time_limit() -> None:
    async def scenario() -> tuple[bool, float]:
        core = _mini_core(Sender(hang=True), delay=0.0)
        await core.handle(_message("m2"))
        started = time.monotonic()
        done = await drain_channels([SimpleNamespace(core=core)], timeout=0.3)
        return done, time.monotonic() - started

    done, seconds = asyncio.run(scenario())
    assert not done and seconds < 3


@pytest.mark.parametrize("channels", [[], [SimpleNamespace(core=None)], [object()]])
def test_nothing_to_drain(channels: list[Any]) -> None:
    assert asyncio.run(drain_channels(channels, timeout=0.1))
