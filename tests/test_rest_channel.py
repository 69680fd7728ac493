"""The REST channel (bot/channels/rest.py): request validation as a unit, then through a real ``rasa run``
server (tests/channel_harness.py): malformed bodies get a 4xx and never a 500, sender ids stay in their own
namespace (no client can write into a WeChat user's conversation), and personal numbers in messages reach
neither the tracker store nor the server log."""

from __future__ import annotations

import json
import random

import pytest

from bot.channels.rest import RequestError, conversation_id, parse_body
from tests import channel_harness
from tests.channel_harness import RasaServer, http
from tests.test_pii import make_card, make_id

GOOD = json.dumps({"sender": "u1", "message": "长春缴费基数上限"}).encode()

MALFORMED = [
    (b"", 400),
    (b"   ", 400),
    (b"{not json", 400),
    (b"\xff\xfe{}", 400),
    (b"[1, 2, 3]", 400),
    (b'"just a string"', 400),
    (json.dumps({"message": "你好"}).encode(), 400),
    (json.dumps({"sender": "", "message": "你好"}).encode(), 400),
    (json.dumps({"sender": True, "message": "你好"}).encode(), 400),
    (json.dumps({"sender": None, "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "x" * 500, "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "x" * 65, "message": "你好"}).encode(), 400),
    # another channel's namespace, or a shape of our own namespaces: refused
    (json.dumps({"sender": "wechat:oAbCdEfGhIjKlMnOpQrStUvWxYz0", "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "wechat_mini:o123", "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "rest:u1", "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "web-12345", "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "web-" + "A" * 24, "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "用户一", "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "u1\nFAKE LOG LINE", "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "../../etc/passwd", "message": "你好"}).encode(), 400),
    (json.dumps({"sender": "u1"}).encode(), 400),
    (json.dumps({"sender": "u1", "message": ["你好"]}).encode(), 400),
    (json.dumps({"sender": "u1", "message": "你好", "metadata": "x"}).encode(), 400),
    (b"[" * 50_000 + b"]" * 50_000, 413),
    (b"[" * 30_000 + b"]" * 30_000, 400),  # nested beyond the JSON parser's recursion limit
    (json.dumps({"sender": "u1", "message": "长" * 30_000}).encode(), 413),
]


def test_a_good_body_is_parsed() -> None:
    assert parse_body(GOOD) == ("u1", "长春缴费基数上限", None)
    # a numeric sender id is accepted as its string, as Rasa's own REST channel does
    assert parse_body(json.dumps({"sender": 42, "message": "你好"}).encode())[0] == "42"
    assert parse_body(json.dumps({"sender": " u-1.x_Y ", "message": "你好"}).encode())[0] == "u-1.x_Y"


def test_senders_live_in_their_own_namespace() -> None:
    assert conversation_id("u1") == "rest:u1"
    assert conversation_id("deploy-ab12-c01") == "rest:deploy-ab12-c01"
    web = "web-" + "0123456789abcdef01234567"
    assert conversation_id(web) == "web:0123456789abcdef01234567"
    # no accepted sender id maps to another channel's conversation
    for sender in ("u1", "42", web, "a" * 64, "wechat", "wechat_mini", "web"):
        parse_body(json.dumps({"sender": sender, "message": "你好"}).encode())
        assert conversation_id(sender).split(":", 1)[0] in {"rest", "web"}


@pytest.mark.parametrize(("raw", "status"), MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_bodies_are_refused_with_a_reason(raw: bytes, status: int) -> None:
    with pytest.raises(RequestError) as error:
        parse_body(raw)
    assert error.value.status == status and error.value.message


@pytest.fixture(scope="module")
def server() -> RasaServer:
    session = channel_harness.acquire()
    yield session.servers["plain"]
    channel_harness.release()


def post(server: RasaServer, raw: bytes) -> tuple[int, bytes]:
    return http("POST", f"{server.url}/webhooks/rest/webhook", raw, {"Content-Type": "application/json"})


@pytest.mark.model
def test_malformed_requests_get_4xx_and_the_server_keeps_answering(server: RasaServer) -> None:
    for raw, status in MALFORMED:
        got, body = post(server, raw)
        assert got == status, (raw[:60], got, body[:200])
    got, body = post(server, GOOD)
    assert got == 200 and "13835" in body.decode("utf-8")


def _personal_messages(count: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(7)
    messages = []
    for index in range(count):
        card = make_card(16 + index % 4, rng)
        number = make_id(seq=f"{index:03d}", birth=f"19{60 + index % 40}0{1 + index % 9}1{index % 10}")
        phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        templates = [
            f"我的身份证号是{number}，手机{phone}，银行卡{card}，帮我查下失业金",
            f"身份证 {number[:6]} {number[6:14]} {number[14:]} 电话+86 {phone[:3]}-{phone[3:7]}-{phone[7:]} "
            f"卡号{card}",
            f"长春月薪8000每月社保交多少？我电话{phone}，"
            f"卡{' '.join(card[i : i + 4] for i in range(0, len(card), 4))}，证件{number}",
        ]
        messages.append((templates[index % 3], [number, phone, card]))
    return messages


@pytest.mark.model
def test_personal_numbers_reach_neither_tracker_nor_log(server: RasaServer) -> None:
    messages = _personal_messages(100)
    senders = [f"pii-{index}" for index in range(len(messages))]
    for sender, (text, _) in zip(senders, messages, strict=True):
        status, body = post(
            server, json.dumps({"sender": sender, "message": text, "metadata": {"note": text}}).encode()
        )
        assert status == 200 and json.loads(body), body[:200]
    stored = json.dumps(
        [server.user_events(conversation_id(sender)) for sender in senders], ensure_ascii=False
    )
    log = server.log_text()
    assert "已隐藏" in stored  # the masked messages are there, as masked text
    for _, secrets in messages:
        for secret in secrets:
            assert secret not in stored, secret
            assert secret not in log, secret


@pytest.mark.model
def test_liveness_and_readiness(server: RasaServer) -> None:
    assert http("GET", f"{server.url}/webhooks/health/live") == (200, b'{"status":"alive"}')
    # every check passed (model, tracker store, lock store, action server); only the status is public
    assert http("GET", f"{server.url}/webhooks/health/ready") == (200, b'{"status":"ready"}')


@pytest.mark.model
def test_no_client_can_write_into_another_channels_conversation(server: RasaServer) -> None:
    victim = "wechat:o-victim-openid"
    for sender in (victim, "wechat_mini:o-victim-openid", "rest:u1", "web:0123456789abcdef01234567"):
        status, body = post(server, json.dumps({"sender": sender, "message": "长春缴费基数上限"}).encode())
        assert status == 400 and b"sender" in body, (sender, status, body)
    assert server.user_events(victim) == []
    # an accepted id is stored in the REST namespace; the reply names the id the client sent
    sender = f"ns-check-{random.randrange(10**9)}"
    status, body = post(server, json.dumps({"sender": sender, "message": "长春缴费基数上限"}).encode())
    assert status == 200 and {m["recipient_id"] for m in json.loads(body)} == {sender}
    assert [e["text"] for e in server.user_events(f"rest:{sender}")] == ["长春缴费基数上限"]
    assert server.user_events(sender) == []


class _FakeAgent:
    def __init__(
        self, tracker_error: Exception | None = None, action_url: str = "http://127.0.0.1:9/webhook"
    ):
        from types import SimpleNamespace

        async def retrieve(sender: str):
            if tracker_error:
                raise tracker_error

        self.tracker_store = SimpleNamespace(retrieve=retrieve)
        self.lock_store = SimpleNamespace(get_lock=lambda sender: None)
        self.action_endpoint = SimpleNamespace(url=action_url)

    def is_ready(self) -> bool:
        return True


def test_readiness_names_each_failing_dependency() -> None:
    import asyncio

    from bot.channels.health import readiness

    ok, checks = asyncio.run(readiness(_FakeAgent(ConnectionError("database is down"))))
    assert not ok
    assert checks["tracker_store"] == {"ok": False, "error": "ConnectionError: database is down"}
    assert checks["lock_store"]["ok"] and not checks["action_server"]["ok"]  # nothing listens on port 9
    assert asyncio.run(readiness(None)) == (False, {"model": {"ok": False, "error": "no model loaded"}})
