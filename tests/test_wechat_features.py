"""Live-agent transfer, voice, custom menu and feedback options in the WeChat core (no Rasa, no network):
the data files (service hours, transfer requests, menu) and the core with a fake answerer and sender.
The end-to-end runs through a real Rasa server are in tests/test_wechat_channel.py."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import xmltodict

from bot.channels.wechat_core import LiveAgents, Transfer, WeChatCore
from bot.channels.wechat_kf import (
    HOURS_FILE,
    REQUESTS_FILE,
    DataFileError,
    ServiceHours,
    TransferRequests,
    TransferStates,
)
from bot.channels.wechat_menu import MENU_FILE, Menu
from bot.channels.wechat_protocol import (
    MENU_UNKNOWN_TEXT,
    TRANSFER_NOTICE,
    VOICE_EMPTY_TEXT,
    WAITING_TEXT,
    Incoming,
    WeChatConfig,
    encrypt_reply,
    render_messages,
    render_transfer_reply,
)
from bot.dialogue.feedback import FEEDBACK_BUTTONS, QUESTION, TRANSFER_BUTTON

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "wechat_fixtures"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


# --- service hours ---------------------------------------------------------------------------------------


def at(day: str, clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI)


def test_service_hours_weekly_holidays_and_adjusted_workdays() -> None:
    hours = ServiceHours.load(FIXTURES / "hours_office.yml")
    assert hours.is_open(at("2026-11-23", "09:00"))  # a Monday, opening minute
    assert not hours.is_open(at("2026-11-23", "08:59"))
    assert not hours.is_open(at("2026-11-23", "12:00"))  # the end is exclusive: lunch
    assert hours.is_open(at("2026-11-23", "16:59")) and not hours.is_open(at("2026-11-23", "17:00"))
    assert not hours.is_open(at("2026-11-22", "10:00"))  # Sunday
    assert not hours.is_open(at("2026-10-01", "10:00"))  # a holiday on a Thursday
    assert hours.is_open(at("2026-10-10", "10:00"))  # 调休: a Saturday worked, morning hours only
    assert not hours.is_open(at("2026-10-10", "14:00"))
    # the hours are Beijing time whatever the server's zone: 01:30 UTC is 09:30 in Shanghai
    assert hours.is_open(dt.datetime(2026, 11, 23, 1, 30, tzinfo=dt.timezone.utc))
    assert hours.description == "测试：工作日" and not hours.example


def test_the_shipped_hours_file_is_marked_as_an_example() -> None:
    hours = ServiceHours.load(HOURS_FILE)
    text = HOURS_FILE.read_text(encoding="utf-8")
    assert hours.example and "EXAMPLE VALUES" in text and hours.timezone.key == "Asia/Shanghai"
    assert ServiceHours.load(FIXTURES / "hours_always_open.yml").is_open()
    assert not ServiceHours.load(FIXTURES / "hours_never_open.yml").is_open()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("weekly: {monday: ['9:00-8:00']}", "ends before it starts"),
        ("weekly: {monday: ['nine to five']}", "is not 'HH:MM-HH:MM'"),
        ("weekly: {monday: ['25:00-26:00']}", "not a valid time range"),
        ("weekly: {funday: []}", "weekly must map"),
        ("weekly: {monday: []}\nholidays: [2026-13-01]", "month must be in 1..12"),
        ("weekly: {monday: []}\nholidays: ['1 October']", "is not a date"),
        ("weekly: {monday: []}\nholidays: [2026-10-01]\nworkdays: [2026-10-01]", "both a holiday"),
        ("timezone: Mars/Olympus\nweekly: {monday: []}", "timezone"),
        ("[1, 2]", "must be a mapping"),
        ("weekly: {monday: [", "not valid YAML"),
    ],
)
def test_bad_hours_files_are_refused_with_the_reason(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "hours.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        ServiceHours.load(path)
    with pytest.raises(DataFileError, match="cannot be read"):
        ServiceHours.load(tmp_path / "missing.yml")


# --- transfer requests -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("转人工", True),
        ("人工", True),
        ("帮我转人工！", True),
        ("找 客服", True),
        ("我要人工服务", True),
        ("/ask_human", True),  # the 转人工客服 option
        ("人工服务的电话是多少啊我想打过去问问", False),  # a question, longer than max_chars
        ("你好", False),
        ("", False),
        ("！！！", False),
    ],
)
def test_transfer_requests(text: str, expected: bool) -> None:
    assert TransferRequests.load(REQUESTS_FILE).asks_for_agent(text) is expected


def test_bad_transfer_request_file(tmp_path: Path) -> None:
    path = tmp_path / "kf.yml"
    path.write_text("exact: 转人工\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="exact must be a list"):
        TransferRequests.load(path)
    path.write_text("exact: [转人工]\nmax_chars: 0\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="max_chars"):
        TransferRequests.load(path)


def test_transfer_states_expire() -> None:
    states = TransferStates(ttl=60)
    states.set("u", "waiting", now=100.0)
    assert states.get("u", now=150.0) == "waiting" and states.get("u", now=161.0) is None
    states.set("u", "with_agent", now=200.0)
    states.clear("u")
    assert states.get("u", now=201.0) is None


# --- menu ------------------------------------------------------------------------------------------------


def test_menu_file_maps_keys_and_gives_the_api_json() -> None:
    menu = Menu.load(MENU_FILE)
    assert menu.action_for("查缴费基数").payload == "缴费基数上下限是多少"
    assert menu.action_for("失业金测算").payload == (
        '/start_questionnaire{"questionnaire":"unemployment_benefit_form"}'
    )
    assert menu.action_for("找经办机构电话") is not None and menu.action_for("没有这个键") is None
    body = json.loads(menu.api_json())
    assert len(body["button"]) <= 3 and all(len(b["sub_button"]) <= 5 for b in body["button"])
    clicks = [s for b in body["button"] for s in b["sub_button"]]
    assert {s["type"] for s in clicks} == {"click"} and all(set(s) == {"type", "name", "key"} for s in clicks)


def test_menu_script_prints_the_json() -> None:
    out = subprocess.run(
        [sys.executable, "scripts/wechat_menu.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == json.loads(Menu.load(MENU_FILE).api_json()) and "查缴费基数" in out
    bad = subprocess.run(
        [sys.executable, "scripts/wechat_menu.py", "--file", "no/such/menu.yml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "cannot be read" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    ("buttons", "message"),
    [
        ("[]", "1 to 3 buttons"),
        ("[{name: a, type: click, key: k}]", "either a question or a questionnaire"),
        ("[{name: a, type: click, key: k, questionnaire: nope_form}]", "is not one of"),
        ("[{name: a, type: view, url: 'ftp://x'}]", "http"),
        ("[{name: a, type: scancode_push, key: k}]", "click or view"),
        ("[{name: 一二三四五六, type: click, key: k, question: q}]", "name must be"),
        (
            "[{name: a, type: click, key: k, question: q}, {name: b, type: click, key: k, question: r}]",
            "twice",
        ),
        ("[{name: a, sub_buttons: [{name: b, sub_buttons: []}]}]", "cannot have sub-buttons"),
    ],
)
def test_bad_menus_are_refused(tmp_path: Path, buttons: str, message: str) -> None:
    path = tmp_path / "menu.yml"
    path.write_text(f"buttons: {buttons}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        Menu.load(path)


# --- rendering -------------------------------------------------------------------------------------------


def test_feedback_buttons_render_as_one_short_line_numbered_after_the_answer_options() -> None:
    messages = [
        {"text": "答案", "buttons": [{"title": "按我的情况逐项测算", "payload": "/start_questionnaire"}]},
        {"text": QUESTION, "buttons": list(FEEDBACK_BUTTONS)},
    ]
    text, options = render_messages(messages)
    assert text.endswith(f"{QUESTION}（回复 2 有帮助，3 没帮助）")
    assert [o.payload for o in options][1:] == [b["payload"] for b in FEEDBACK_BUTTONS]


def test_transfer_reply_xml_with_and_without_an_agent_account() -> None:
    message = Incoming.from_fields({"ToUserName": "gh_x", "FromUserName": "o1", "MsgType": "text"})
    plain = xmltodict.parse(render_transfer_reply(message, now=1700000000))["xml"]
    assert plain["MsgType"] == "transfer_customer_service" and plain["ToUserName"] == "o1"
    assert plain["FromUserName"] == "gh_x" and "TransInfo" not in plain
    named = xmltodict.parse(render_transfer_reply(message, "kf2001@gh_x"))["xml"]
    assert named["TransInfo"]["KfAccount"] == "kf2001@gh_x"
    key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    config = WeChatConfig(token="t", app_id="wx1", aes_key=key)
    sealed = encrypt_reply(config, render_transfer_reply(message, "kf2001@gh_x"), "nonce")
    assert "transfer_customer_service" not in sealed and "<Encrypt>" in sealed


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WECHAT_KF_TRANSFER": "maybe"}, "on or off"),
        ({"WECHAT_KF_ACCOUNT": "<kf>"}, "agent account"),
        ({"WECHAT_KF_WAIT_TTL": "1"}, "between"),
    ],
)
def test_bad_transfer_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WeChatConfig.from_env("WECHAT_", {"WECHAT_TOKEN": "t", **env})
    assert WeChatConfig.from_env("WECHAT_", {"WECHAT_KF_TRANSFER": "on"}).kf_transfer


# --- the core --------------------------------------------------------------------------------------------


class Sender:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send_text(self, openid: str, text: str) -> bool:
        self.sent.append((openid, text))
        return True


class Answerer:
    def __init__(self, messages: list[dict[str, Any]] | None = None) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        self.messages = messages if messages is not None else [{"text": "上限28017元/月"}]

    async def __call__(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        self.calls.append((sender, text, metadata))
        return self.messages


def make_core(
    answerer: Answerer, sender: Sender, hours: str | None = "hours_always_open.yml", passive: bool = True
) -> WeChatCore:
    agents = None
    if hours:
        agents = LiveAgents(
            ServiceHours.load(FIXTURES / hours),
            TransferRequests.load(REQUESTS_FILE),
            TransferStates(ttl=1800),
            "kf2001@gh_x",
        )
    return WeChatCore(
        WeChatConfig(token="t", reply_budget=1.0),
        answerer,
        sender,
        channel="wechat",
        passive=passive,
        menu=Menu.load(MENU_FILE),
        agents=agents,
    )


_ids = iter(range(10**6))


def message(msg_type: str = "text", openid: str = "o1", **fields: str) -> Incoming:
    base = {"ToUserName": "gh", "FromUserName": openid, "CreateTime": str(1700000000 + next(_ids))}
    if msg_type != "event":
        base["MsgId"] = str(next(_ids))
    return Incoming.from_fields({**base, "MsgType": msg_type, **fields})


def test_voice_is_answered_as_the_recognised_text_with_an_echo_and_masking() -> None:
    async def scenario() -> None:
        answerer, sender = Answerer(), Sender()
        c = make_core(answerer, sender, hours=None)
        said = "我的手机号13912345678，上海缴费基数上限是多少"
        reply = await c.handle(message("voice", MediaId="m", Format="amr", Recognition=said))
        assert isinstance(reply, str) and reply.startswith("您说的是：“我的手机号") and "28017" in reply
        assert "13912345678" not in reply and reply.split("\n")[1] == "上限28017元/月"
        assert answerer.calls[0][1] == said  # masked by the Rasa channel before Rasa stores it
        assert answerer.calls[0][2]["wechat"]["source"] == "voice"
        assert await c.handle(message("voice", MediaId="m", Recognition="  ")) == VOICE_EMPTY_TEXT
        assert len(answerer.calls) == 1

    asyncio.run(scenario())


def test_menu_clicks_views_and_unknown_keys() -> None:
    async def scenario() -> None:
        answerer, sender = Answerer(), Sender()
        c = make_core(answerer, sender, hours=None)
        assert await c.handle(message("event", Event="CLICK", EventKey="查缴费基数")) == "上限28017元/月"
        assert await c.handle(message("event", Event="CLICK", EventKey="失业金测算")) == "上限28017元/月"
        assert [text for _, text, _ in answerer.calls] == [
            "缴费基数上下限是多少",
            '/start_questionnaire{"questionnaire":"unemployment_benefit_form"}',
        ]
        assert answerer.calls[0][2]["wechat"]["menu_key"] == "查缴费基数"
        assert await c.handle(message("event", Event="VIEW", EventKey="https://x.example/")) is None
        unknown = await c.handle(message("event", Event="CLICK", EventKey="旧菜单的键"))
        assert isinstance(unknown, str) and unknown.startswith(MENU_UNKNOWN_TEXT)
        assert await c.handle(message("event", Event="CLICK", EventKey="")) == unknown
        await c.handle(message(Content="1"))  # the help menu's numbers work
        assert answerer.calls[-1][1] == "缴费基数上限是多少" and len(answerer.calls) == 3

    asyncio.run(scenario())


def test_transfer_within_hours_then_waiting_notices_then_closed_by_the_agent() -> None:
    async def scenario() -> None:
        answerer, sender = Answerer(), Sender()
        c = make_core(answerer, sender)
        first = message(Content="转人工")
        assert await c.handle(first) == Transfer("kf2001@gh_x")
        assert sender.sent == [("o1", TRANSFER_NOTICE)]  # the notice is pushed before the reply
        assert await c.handle(first) == Transfer("kf2001@gh_x")  # WeChat's retry: same reply, one notice
        await c.drain()
        assert len(sender.sent) == 1 and len(answerer.calls) == 1
        _, text, metadata = answerer.calls[0]
        assert text == "/ask_human"
        assert metadata["wechat"]["transfer"] == {
            "reason": "asked",
            "text": "转人工",
            "kf_account": "kf2001@gh_x",
        }
        # still in the queue: a waiting notice, never a second transfer
        assert await c.handle(message(Content="转人工")) == WAITING_TEXT
        assert await c.handle(message(Content="怎么还没人")) == WAITING_TEXT
        assert await c.handle(message("event", Event="kf_create_session", KfAccount="kf2001@gh_x")) is None
        assert await c.handle(message(Content="你好")) == WAITING_TEXT
        assert await c.handle(message("event", Event="kf_close_session", KfAccount="kf2001@gh_x")) is None
        assert await c.handle(message(Content="你好")) == "上限28017元/月"  # the assistant again
        assert len(answerer.calls) == 2 and len(sender.sent) == 1

    asyncio.run(scenario())


def test_transfer_option_offered_by_the_assistant() -> None:
    async def scenario() -> None:
        answerer = Answerer([{"text": "抱歉，我没有理解。", "buttons": [TRANSFER_BUTTON]}])
        sender = Sender()
        c = make_core(answerer, sender)
        reply = await c.handle(message(Content="啊啊啊"))
        assert isinstance(reply, str) and "1. 转人工客服" in reply
        assert answerer.calls[0][2]["wechat"]["kf"] == "open"  # the assistant knows it may offer a person
        assert await c.handle(message(Content="1")) == Transfer("kf2001@gh_x")
        await c.drain()
        assert answerer.calls[-1][2]["wechat"]["transfer"]["reason"] == "option"

    asyncio.run(scenario())


def test_outside_hours_the_request_gets_the_hours_and_the_phone_line() -> None:
    async def scenario() -> None:
        answerer, sender = Answerer([{"text": "需要人工服务请拨打12333。"}]), Sender()
        c = make_core(answerer, sender, hours="hours_never_open.yml")
        reply = await c.handle(message(Content="转人工"))
        assert reply == "现在不是人工客服的服务时间（测试：从不开放）。\n需要人工服务请拨打12333。"
        assert answerer.calls[0][1] == "/ask_human" and answerer.calls[0][2]["wechat"]["kf"] == "closed"
        assert "transfer" not in answerer.calls[0][2]["wechat"] and sender.sent == []

    asyncio.run(scenario())


def test_no_transfer_when_off_or_on_the_mini_program() -> None:
    async def scenario() -> None:
        for core in (
            make_core(Answerer(), Sender(), hours=None),
            make_core(Answerer(), Sender(), passive=False),
        ):
            assert not isinstance(await core.handle(message(Content="转人工")), Transfer)
            await core.drain()
            assert core.answer.calls[0][1] == "转人工"  # type: ignore[attr-defined]
            assert "kf" not in core.answer.calls[0][2]["wechat"]  # type: ignore[attr-defined]

    asyncio.run(scenario())


def test_feedback_numbers_are_resolved_before_the_classifier() -> None:
    async def scenario() -> None:
        answerer = Answerer(
            [{"text": "上限28017元/月"}, {"text": QUESTION, "buttons": list(FEEDBACK_BUTTONS)}]
        )
        c = make_core(answerer, Sender(), hours=None)
        reply = await c.handle(message(Content="上海缴费基数上限"))
        assert isinstance(reply, str) and reply.endswith("（回复 1 有帮助，2 没帮助）")
        await c.handle(message(Content="2"))
        assert answerer.calls[-1][1] == '/feedback{"rating":"unhelpful"}'
        await c.handle(message(Content="有帮助"))  # the title works too
        assert answerer.calls[-1][1] == '/feedback{"rating":"helpful"}'

    asyncio.run(scenario())
