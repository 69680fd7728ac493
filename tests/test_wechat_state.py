"""Shared WeChat state (bot/channels/wechat_state.py): message claims, numbered options, nonces and the access
token in the real Redis of this machine (a unique key prefix per test, deleted afterwards), the in-process
fallback, and Redis unreachable (the state fails open, nothing raises)."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from typing import Any

import pytest
import redis.asyncio as aioredis

from bot.channels.wechat_api import WeChatClient
from bot.channels.wechat_core import WeChatCore
from bot.channels.wechat_protocol import Incoming, Option, OptionMemory, WeChatConfig
from bot.channels.wechat_state import FIRST, InProcessState, RedisState, state_from_env
from tests.channel_harness import FakeWeChatApi

HOST = os.environ.get("REDIS_HOST", "127.0.0.1")
PORT = int(os.environ.get("REDIS_PORT", "6379"))
DB = 15  # a database of its own: nothing else on this machine uses it


def _reachable() -> bool:
    try:
        socket.create_connection((HOST, PORT), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def redis_running() -> None:
    if not _reachable():
        pytest.skip(f"Redis {HOST}:{PORT} not reachable (it runs as a service on this machine)")


def client(port: int = PORT) -> aioredis.Redis:
    return aioredis.Redis(host=HOST, port=port, db=DB, socket_timeout=1, socket_connect_timeout=1)


async def cleanup(prefix: str) -> None:
    redis = client()
    keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
    if keys:
        await redis.delete(*keys)
    await redis.close()


def run(scenario: Any) -> None:
    """Run ``scenario(prefix)`` with a fresh key prefix, deleting its keys afterwards."""
    prefix = f"test-wechat-{uuid.uuid4().hex[:10]}"

    async def wrapped() -> None:
        try:
            await scenario(prefix)
        finally:
            await cleanup(prefix)

    asyncio.run(wrapped())


def shared(prefix: str, options_ttl: float = 1800.0) -> RedisState:
    return RedisState(client(), prefix=prefix, options_ttl=options_ttl)


class Answerer:
    """Rasa stand-in: records every turn, answers after ``delay`` seconds with two buttons."""

    def __init__(self, delay: float = 0.05):
        self.delay = delay
        self.calls: list[tuple[str, str]] = []

    async def __call__(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        self.calls.append((sender, text))
        await asyncio.sleep(self.delay)
        buttons = [
            {"title": "长春", "payload": "长春缴费基数上限"},
            {"title": "吉林", "payload": "吉林缴费基数上限"},
        ]
        return [{"text": f"答：{text}", "buttons": buttons}]


class Sender:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send_text(self, openid: str, text: str) -> bool:
        self.sent.append((openid, text))
        return True


def message(msg_id: str, content: str = "缴费基数上限是多少", openid: str = "o-state") -> Incoming:
    return Incoming.from_fields(
        {
            "ToUserName": "gh",
            "FromUserName": openid,
            "CreateTime": "1700000000",
            "MsgType": "text",
            "Content": content,
            "MsgId": msg_id,
        }
    )


def instance(prefix: str, answerer: Answerer, sender: Sender, budget: float = 2.0) -> WeChatCore:
    config = WeChatConfig(token="t", app_id="wx-state", reply_budget=budget)
    return WeChatCore(config, answerer, sender, channel="wechat", state=shared(prefix))


# --- claims ----------------------------------------------------------------------------------------------


def test_a_message_is_claimed_once_and_a_later_claim_gets_the_stored_reply() -> None:
    async def scenario(prefix: str) -> None:
        one, two = shared(prefix), shared(prefix)
        key = ("o1", "msg:1001")
        results = await asyncio.gather(*(s.claim("wx", key, 30) for s in (one, two, one, two)))
        assert sum(result.first for result in results) == 1
        assert all(r.reply is None and r.transfer is None for r in results if not r.first)
        await one.settle("wx", key, reply="上限28017元/月")
        again = await two.claim("wx", key, 30)
        assert (again.first, again.reply) == (False, "上限28017元/月")
        ttl = await one.redis.pttl(f"{prefix}:msg:wx:o1:1001")
        assert 0 < ttl <= 30_000  # the reply keeps the claim's expiry
        await one.settle("wx", ("o1", "msg:never-claimed"), reply="x")  # no claim: nothing stored
        assert await one.redis.get(f"{prefix}:msg:wx:o1:never-claimed") is None
        await one.settle("wx", ("o2", "event:1700000000:subscribe:"), transfer="")
        assert (await two.claim("wx", ("o2", "event:1700000000:subscribe:"), 30)).first
        await one.close()
        await two.close()

    run(scenario)


def test_two_instances_get_the_same_message_one_answer_one_stored_turn() -> None:
    async def scenario(prefix: str) -> None:
        answerer, sender = Answerer(delay=0.2), Sender()
        a, b = instance(prefix, answerer, sender), instance(prefix, answerer, sender)
        # WeChat's first delivery and a retry reaching the other instance while the first computes
        # (which of the two claims the message first is up to the event loop: either order is right)
        replies = await asyncio.gather(a.handle(message("2001")), b.handle(message("2001")))
        assert len(answerer.calls) == 1
        first = "答：缴费基数上限是多少\n\n回复数字选择：\n1. 长春\n2. 吉林"
        assert sorted(replies, key=str) == sorted([first, None], key=str)  # the other one gets `success`
        # a retry after the passive reply gets the same reply, on either instance
        assert await b.handle(message("2001")) == first
        assert await a.handle(message("2001")) == first
        await asyncio.gather(a.drain(), b.drain())
        assert len(answerer.calls) == 1 and sender.sent == []
        # the numbered options are shared: "2" on the other instance is the second button
        await b.handle(message("2002", content="2"))
        assert answerer.calls[-1] == ("wechat:o-state", "吉林缴费基数上限")
        await a.handle(message("2003", content="１"))  # full-width digit, the first instance
        assert answerer.calls[-1] == ("wechat:o-state", "长春缴费基数上限")
        await asyncio.gather(a.drain(), b.drain())
        await a.state.close()
        await b.state.close()

    run(scenario)


def test_a_slow_answer_is_pushed_once_and_retries_anywhere_get_success() -> None:
    async def scenario(prefix: str) -> None:
        answerer, sender = Answerer(delay=0.4), Sender()
        a = instance(prefix, answerer, sender, budget=0.1)
        b = instance(prefix, answerer, sender, budget=0.1)
        assert await a.handle(message("3001")) is None  # over the budget: `success`, pushed later
        assert await b.handle(message("3001")) is None
        await asyncio.gather(a.drain(), b.drain())
        assert await b.handle(message("3001")) is None  # pushed answers are not repeated passively
        assert len(answerer.calls) == 1
        assert [text for _, text in sender.sent] == [
            "答：缴费基数上限是多少\n\n回复数字选择：\n1. 长春\n2. 吉林"
        ]
        await a.state.close()
        await b.state.close()

    run(scenario)


# --- options -------------------------------------------------------------------------------------------


def test_options_follow_option_memory_rules_and_expire() -> None:
    async def scenario(prefix: str) -> None:
        one, two = shared(prefix, options_ttl=1), shared(prefix, options_ttl=1)
        options = [Option("长春", "长春缴费基数上限"), Option("吉林", "吉林缴费基数上限")]
        await one.remember_options("wechat:o1", options)
        assert await two.resolve_option("wechat:o1", "2") == "吉林缴费基数上限"
        assert await two.resolve_option("wechat:o1", "长春") == "长春缴费基数上限"
        assert await two.resolve_option("wechat:o1", "3") == "3"  # no third option
        assert await two.resolve_option("wechat:o9", "1") == "1"  # another sender
        await two.remember_options("wechat:o1", [])  # an answer without options forgets them
        assert await one.resolve_option("wechat:o1", "1") == "1"
        await one.remember_options("wechat:o1", options)
        await asyncio.sleep(1.2)
        assert await two.resolve_option("wechat:o1", "1") == "1"  # expired after options_ttl
        await one.redis.set(f"{prefix}:options:wechat:o2", b"not json")
        assert await one.resolve_option("wechat:o2", "1") == "1"  # a damaged value is ignored
        await one.close()
        await two.close()

    run(scenario)


# --- nonces ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["redis", "in-process"])
def test_a_nonce_comes_again_only_with_the_same_message(kind: str) -> None:
    async def scenario(prefix: str) -> None:
        import time

        state = shared(prefix) if kind == "redis" else InProcessState(OptionMemory(60))
        stamp = str(int(time.time()))
        assert await state.fresh_nonce("wx", "n1", stamp, "o1|msg:1", 300)
        assert await state.fresh_nonce("wx", "n1", stamp, "o1|msg:1", 300)  # WeChat's retry
        assert not await state.fresh_nonce("wx", "n1", stamp, "o1|msg:2", 300)  # replayed, another body
        assert await state.fresh_nonce("wx", "n1", str(int(stamp) + 1), "o1|msg:2", 300)
        assert await state.fresh_nonce("wx", "n2", stamp, "o1|msg:2", 300)
        if isinstance(state, RedisState):
            ttl = await state.redis.pttl(f"{prefix}:nonce:wx:n1:{stamp}")
            assert 299_000 <= ttl <= 302_000  # until the timestamp leaves the window
            old = str(int(time.time()) - 290)
            await state.fresh_nonce("wx", "n3", old, "o1|msg:3", 300)
            assert 0 < await state.redis.pttl(f"{prefix}:nonce:wx:n3:{old}") <= 12_000
        await state.close()

    run(scenario)


# --- access token ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fake_api():
    api = FakeWeChatApi().start()
    yield api
    api.stop()


def test_one_token_refresher_across_instances_and_a_rejected_token_is_forgotten_by_all(fake_api) -> None:
    async def scenario(prefix: str) -> None:
        states = [shared(prefix), shared(prefix)]
        clients = [WeChatClient(fake_api.url, "wx-plain-app", "plain-secret", tokens=s) for s in states]
        before = fake_api.tokens_for("wx-plain-app")
        try:
            sends = [c.send_text("o-token", f"消息{i}") for i in range(4) for c in clients]
            assert all(await asyncio.gather(*sends))
            assert fake_api.tokens_for("wx-plain-app") - before == 1  # one fetch for both instances
            fake_api.expire_tokens("wx-plain-app")  # WeChat retires it (40001)
            assert all(await asyncio.gather(*(c.send_text("o-token", "过期后") for c in clients)))
            assert fake_api.tokens_for("wx-plain-app") - before == 2  # one new token, shared again
            assert await clients[0].access_token() == await clients[1].access_token()
        finally:
            for c, s in zip(clients, states, strict=True):
                await c.close()
                await s.close()

    run(scenario)


# --- Redis unreachable and configuration -----------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_redis_down_fails_open_and_the_token_falls_back_to_the_process_cache(fake_api, caplog) -> None:
    async def scenario() -> None:
        down = RedisState(client(_closed_port()), prefix="test-wechat-down")
        assert await down.claim("wx", ("o1", "msg:1"), 30) == FIRST
        await down.settle("wx", ("o1", "msg:1"), reply="x")  # logged, not raised
        await down.remember_options("wechat:o1", [Option("长春", "长春缴费基数上限")])
        assert await down.resolve_option("wechat:o1", "1") == "1"
        assert await down.fresh_nonce("wx", "n", "1700000000", "o1|msg:1", 300)
        api_client = WeChatClient(fake_api.url, "wx-mini-app", "mini-secret", tokens=down)
        try:
            assert await api_client.send_text("o-down", "Redis 不可用时也能推送")
        finally:
            await api_client.close()
        answerer, sender = Answerer(), Sender()
        core = WeChatCore(WeChatConfig(token="t"), answerer, sender, channel="wechat", state=down)
        reply = await core.handle(message("9001"))
        assert isinstance(reply, str) and reply.startswith("答：")  # answered, as a single instance
        await down.close()

    asyncio.run(scenario())
    assert "wechat.state.unavailable op=claim" in caplog.text
    assert "wechat.token.shared_unavailable" in caplog.text


def test_state_from_env_picks_redis_only_when_configured() -> None:
    async def scenario() -> None:
        memory = OptionMemory(60)
        assert isinstance(state_from_env(memory, 60, env={}), InProcessState)
        for env in (
            {"REDIS_HOST": HOST, "REDIS_PORT": str(PORT)},
            {"REDIS_URL": f"redis://{HOST}:{PORT}/{DB}"},
        ):
            state = state_from_env(memory, 60, env=env)
            assert isinstance(state, RedisState)
            assert await state.redis.ping()
            await state.close()
        with pytest.raises(ValueError, match="REDIS_PORT"):
            state_from_env(memory, 60, env={"REDIS_HOST": HOST, "REDIS_PORT": "six"})

    asyncio.run(scenario())


# --- through the channel (a real `rasa run`, in-process state) -------------------------------------------


@pytest.fixture(scope="module")
def plain_server():
    from tests import channel_harness

    session = channel_harness.acquire()
    yield session.servers["plain"]
    channel_harness.release()


def test_a_signed_query_replayed_with_another_message_is_refused(plain_server) -> None:
    from tests.test_wechat_channel import message_xml, passive_text, post, signed

    openid = f"o-replay-{uuid.uuid4().hex[:8]}"
    query = signed(plain_server.env["WECHAT_TOKEN"])
    image = message_xml(openid, "image", "5001", PicUrl="http://mmbiz.qpic.cn/x.jpg", MediaId="m1")
    first = passive_text(*post(plain_server, "wechat", query, image))
    assert first.startswith("抱歉，目前只支持文字消息")
    assert passive_text(*post(plain_server, "wechat", query, image)) == first  # WeChat's retry: same reply
    forged = message_xml(openid, "text", "5002", Content="长春缴费基数上限是多少")
    status, body = post(plain_server, "wechat", query, forged)
    assert status == 403 and b"nonce" in body
    fresh = signed(plain_server.env["WECHAT_TOKEN"])  # the same message under a new nonce: accepted
    assert post(plain_server, "wechat", fresh, image)[0] == 200
