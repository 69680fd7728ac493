"""The REST channel (bot/channels/rest.py): request validation as a unit, then through a real ``rasa run``
server (tests/channel_harness.py): malformed bodies get a 4xx and never a 500, and personal numbers in
messages reach neither the tracker store nor the server log."""

from __future__ import annotations

import json
import random

import pytest

from bot.channels.rest import RequestError, parse_body
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
    stored = json.dumps([server.user_events(sender) for sender in senders], ensure_ascii=False)
    log = server.log_text()
    assert "已隐藏" in stored  # the masked messages are there, as masked text
    for _, secrets in messages:
        for secret in secrets:
            assert secret not in stored, secret
            assert secret not in log, secret


@pytest.mark.model
def test_liveness_and_readiness(server: RasaServer) -> None:
    assert http("GET", f"{server.url}/webhooks/health/live") == (200, b'{"status":"alive"}')
    status, body = http("GET", f"{server.url}/webhooks/health/ready")
    report = json.loads(body)
    assert status == 200 and report["status"] == "ready", report
    assert {name for name, check in report["checks"].items() if check["ok"]} == {
        "model",
        "tracker_store",
        "lock_store",
        "action_server",
    }


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
