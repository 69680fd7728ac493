"""Pure WeChat logic without Rasa: configuration, authentication, parsing, rendering, splitting, options,
the once-per-message core (with a fake answerer) and the API client (against the fake WeChat API).

wechatpy plays the WeChat side: it signs queries, encrypts messages and parses our replies."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
import xmltodict
import yaml
from wechatpy.crypto import WeChatCrypto
from wechatpy.parser import parse_message
from wechatpy.utils import WeChatSigner

from bot.channels import UNAVAILABLE_TEXT
from bot.channels.wechat_api import WeChatClient
from bot.channels.wechat_core import WeChatCore
from bot.channels.wechat_protocol import (
    OPTIONS_HEADER,
    UNSUPPORTED_TEXT,
    VOICE_EMPTY_TEXT,
    WELCOME_MENU,
    Incoming,
    Option,
    OptionMemory,
    ProtocolError,
    SignedQuery,
    WeChatConfig,
    check_body_size,
    encrypt_reply,
    parse_json,
    parse_xml,
    read_json_message,
    read_xml_message,
    render_messages,
    render_text_reply,
    render_welcome,
    split_text,
    verify_query,
)
from tests.channel_harness import AES_KEY, FakeWeChatApi

TOKEN = "unit-token"
APP_ID = "wx-unit-app"
PLAIN = WeChatConfig(token=TOKEN, app_id=APP_ID, app_secret="s")
SAFE = WeChatConfig(token=TOKEN, app_id=APP_ID, app_secret="s", aes_key=AES_KEY)


def sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def query(
    token: str = TOKEN, timestamp: int | None = None, nonce: str = "n0nce", **extra: str
) -> SignedQuery:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return SignedQuery.from_args(
        {"signature": sign(token, stamp, nonce), "timestamp": stamp, "nonce": nonce, **extra}
    )


def text_xml(content: str, openid: str = "o-user", msg_id: str = "1001") -> str:
    return (
        f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
        f"</FromUserName><CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def encrypted_query(crypto: WeChatCrypto, plain: str, nonce: str = "n0nce") -> tuple[SignedQuery, bytes, str]:
    """What WeChat sends in safe mode: the envelope body and the query with msg_signature."""
    stamp = str(int(time.time()))
    envelope = xmltodict.parse(crypto.encrypt_message(plain, nonce, stamp))["xml"]
    body = (
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName>"
        f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    )
    q = SignedQuery.from_args(
        {
            "signature": sign(TOKEN, stamp, nonce),
            "timestamp": stamp,
            "nonce": nonce,
            "encrypt_type": "aes",
            "msg_signature": envelope["MsgSignature"],
        }
    )
    return q, body.encode(), envelope["Encrypt"]


# --- configuration ---------------------------------------------------------------------------------------


def test_credentials_register_the_channels() -> None:
    credentials = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / "credentials.yml").read_text("utf-8")
    )
    assert {
        "bot.channels.wechat.WeChatInput",
        "bot.channels.wechat.WeChatMiniInput",
        "bot.channels.web.WebChatInput",
        "bot.channels.rest.SafeRestInput",
        "bot.channels.health.HealthInput",
    } <= set(credentials)


def test_config_from_env_defaults_and_values() -> None:
    config = WeChatConfig.from_env(env={"WECHAT_TOKEN": " t ", "WECHAT_APPID": "a", "WECHAT_APPSECRET": "s"})
    assert (config.token, config.app_id, config.enabled, config.encrypted) == ("t", "a", True, False)
    assert config.api_base == "https://api.weixin.qq.com" and config.reply_budget == 4.0
    assert config.max_clock_skew == 300 and config.text_limit_bytes == 2048
    config = WeChatConfig.from_env(
        env={
            "WECHAT_API_BASE": "http://127.0.0.1:9/",
            "WECHAT_REPLY_BUDGET": "0.05",
            "WECHAT_MAX_CLOCK_SKEW": "60",
            "WECHAT_AES_KEY": AES_KEY,
            "WECHAT_APPID": "a",
        }
    )
    assert (
        config.api_base == "http://127.0.0.1:9"
        and config.reply_budget == 0.05
        and config.max_clock_skew == 60
    )
    assert config.encrypted and not config.enabled  # no token: disabled
    mini = WeChatConfig.from_env(
        "WECHAT_MINI_", env={"WECHAT_MINI_TOKEN": "m", "WECHAT_TOKEN": "t", "WECHAT_MAX_CLOCK_SKEW": "99"}
    )
    assert mini.token == "m" and mini.max_clock_skew == 99


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WECHAT_REPLY_BUDGET": "five"}, "not a number"),
        ({"WECHAT_REPLY_BUDGET": "6"}, "between"),  # WeChat gives up after 5 s
        ({"WECHAT_TEXT_LIMIT_BYTES": "4096"}, "between"),
        ({"WECHAT_AES_KEY": "short", "WECHAT_APPID": "a"}, "43-character"),
        ({"WECHAT_AES_KEY": AES_KEY}, "APPID is empty"),
    ],
)
def test_config_rejects_bad_values(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WeChatConfig.from_env(env=env)


# --- authentication --------------------------------------------------------------------------------------


def test_verify_query_accepts_a_signed_fresh_query() -> None:
    verify_query(PLAIN, query())
    verify_query(PLAIN, query(timestamp=int(time.time()) - 299))


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: query(token="other-token"), "bad signature"),
        (lambda: query(timestamp=int(time.time()) - 301), "window"),
        (lambda: query(timestamp=int(time.time()) + 3600), "window"),
        (lambda: SignedQuery.from_args({"timestamp": "1", "nonce": "x"}), "missing"),
        (
            lambda: SignedQuery.from_args(
                {"signature": sign(TOKEN, "abc", "n"), "timestamp": "abc", "nonce": "n"}
            ),
            "not an integer",
        ),
    ],
)
def test_verify_query_refuses(make, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason) as error:
        verify_query(PLAIN, make())
    assert error.value.status == 403


def test_clock_skew_window_is_configurable() -> None:
    strict = WeChatConfig(token=TOKEN, max_clock_skew=10)
    with pytest.raises(ProtocolError):
        verify_query(strict, query(timestamp=int(time.time()) - 30))


def test_body_size_limits() -> None:
    small = WeChatConfig(token=TOKEN, max_body_bytes=1024)
    assert check_body_size(small, b"<xml/>") == b"<xml/>"
    for body, declared in ((b"x" * 1025, None), (b"<xml/>", "999999")):
        with pytest.raises(ProtocolError) as error:
            check_body_size(small, body, declared)
        assert error.value.status == 413
    with pytest.raises(ProtocolError) as error:
        check_body_size(small, b"  ")
    assert error.value.status == 400


# --- parsing ---------------------------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]><xml><Content>&c;</Content></xml>'
)
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>'
DTD_ONLY = '<!DOCTYPE xml SYSTEM "http://example.com/x.dtd"><xml><Content>hi</Content></xml>'


def test_parse_xml_reads_top_level_fields() -> None:
    fields = parse_xml(text_xml("长春缴费基数上限"))
    assert (
        fields["Content"] == "长春缴费基数上限" and fields["MsgType"] == "text" and fields["MsgId"] == "1001"
    )


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL, DTD_ONLY])
def test_parse_xml_refuses_dtds_and_entities(xml: str) -> None:
    with pytest.raises(
        ProtocolError, match=r"forbidden XML construct: (DTDForbidden|EntitiesForbidden)"
    ) as error:
        parse_xml(xml)
    assert error.value.status == 400


@pytest.mark.parametrize("xml", ["<xml><Content>", "not xml", "<html><Content>x</Content></html>"])
def test_parse_xml_refuses_malformed(xml: str) -> None:
    with pytest.raises(ProtocolError) as error:
        parse_xml(xml)
    assert error.value.status == 400


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b"\xff\xfe", b'"text"'])
def test_parse_json_refuses_malformed(raw: bytes) -> None:
    with pytest.raises(ProtocolError) as error:
        parse_json(raw)
    assert error.value.status == 400


def test_incoming_requires_sender_and_type() -> None:
    with pytest.raises(ProtocolError):
        Incoming.from_fields({"MsgType": "text", "Content": "x"})
    with pytest.raises(ProtocolError):
        Incoming.from_fields({"FromUserName": "o" * 200, "MsgType": "text"})


def test_dedup_key_uses_msg_id_or_event_time() -> None:
    message = Incoming.from_fields({"FromUserName": "o1", "MsgType": "text", "MsgId": 42, "CreateTime": 1})
    event = Incoming.from_fields(
        {"FromUserName": "o1", "MsgType": "event", "Event": "subscribe", "CreateTime": 7}
    )
    assert message.dedup_key == ("o1", "msg:42") and event.dedup_key == ("o1", "event:7:subscribe:")
    click = Incoming.from_fields(
        {"FromUserName": "o1", "MsgType": "event", "Event": "CLICK", "EventKey": "失业金", "CreateTime": 1}
    )
    assert click.dedup_key == ("o1", "event:1:click:失业金")  # two clicks in one second are two events


def test_read_plaintext_message() -> None:
    incoming = read_xml_message(PLAIN, query(), text_xml("你好", msg_id="77").encode())
    assert (incoming.from_user, incoming.to_user, incoming.msg_type, incoming.content, incoming.msg_id) == (
        "o-user",
        "gh_account",
        "text",
        "你好",
        "77",
    )


def test_read_safe_mode_message() -> None:
    q, body, _ = encrypted_query(SAFE.crypto(), text_xml("上海缴费基数"))
    assert read_xml_message(SAFE, q, body).content == "上海缴费基数"


def test_compatible_mode_trusts_only_the_encrypted_copy() -> None:
    q, _, encrypted = encrypted_query(SAFE.crypto(), text_xml("真实问题"))
    forged_plain = text_xml("伪造的明文")
    body = forged_plain.replace("</xml>", f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>")
    assert read_xml_message(SAFE, q, body.encode()).content == "真实问题"
    # without an AES key, compatible mode is read from its plaintext copy
    assert read_xml_message(PLAIN, q, body.encode()).content == "伪造的明文"


def test_safe_mode_refusals() -> None:
    q, body, _ = encrypted_query(SAFE.crypto(), text_xml("x"))
    tampered = SignedQuery(q.signature, q.timestamp, q.nonce, encrypt_type="aes", msg_signature="0" * 40)
    with pytest.raises(ProtocolError, match="bad msg_signature") as error:
        read_xml_message(SAFE, tampered, body)
    assert error.value.status == 403
    other_app = WeChatCrypto(TOKEN, AES_KEY, "wx-other-app")
    q2, body2, _ = encrypted_query(other_app, text_xml("x"))
    with pytest.raises(ProtocolError, match="another app id") as error:
        read_xml_message(SAFE, q2, body2)
    assert error.value.status == 403
    with pytest.raises(ProtocolError, match="safe mode") as error:  # no downgrade to plaintext
        read_xml_message(SAFE, query(), text_xml("x").encode())
    assert error.value.status == 403
    with pytest.raises(ProtocolError, match="not set") as error:
        read_xml_message(PLAIN, q, body)
    assert error.value.status == 400


def test_read_mini_program_json_plain_and_encrypted() -> None:
    message = (
        '{"ToUserName":"gh_mini","FromUserName":"o-mini","CreateTime":1700000000,"MsgType":"text",'
        '"Content":"失业金怎么领","MsgId":123}'
    )
    incoming = read_json_message(PLAIN, query(), message.encode())
    assert (incoming.from_user, incoming.content, incoming.msg_id) == ("o-mini", "失业金怎么领", "123")
    q, _, encrypted = encrypted_query(SAFE.crypto(), message)
    body = f'{{"ToUserName":"gh_mini","Encrypt":"{encrypted}"}}'.encode()
    assert read_json_message(SAFE, q, body).content == "失业金怎么领"


# --- rendering -------------------------------------------------------------------------------------------


def test_text_reply_parses_back_with_wechatpy() -> None:
    incoming = Incoming.from_fields(parse_xml(text_xml("x", openid="o-abc")))
    tricky = "上限28017元/月 ]]> <b>&amp;</b>\n第二行"
    reply = parse_message(render_text_reply(incoming, tricky))
    assert reply.type == "text" and reply.content == tricky
    assert reply.source == "gh_account" and reply.target == "o-abc"


def test_encrypted_reply_decrypts_with_wechatpy() -> None:
    incoming = Incoming.from_fields(parse_xml(text_xml("x")))
    xml = render_text_reply(incoming, "答复")
    envelope = encrypt_reply(SAFE, xml, "nonce-1")
    fields = xmltodict.parse(envelope)["xml"]
    decrypted = SAFE.crypto().decrypt_message(
        envelope, fields["MsgSignature"], fields["TimeStamp"], "nonce-1"
    )
    assert parse_message(decrypted).content == "答复"


def test_render_messages_numbers_buttons_across_messages() -> None:
    text, options = render_messages(
        [
            {
                "text": "请问哪个城市？",
                "buttons": [
                    {"title": "长春", "payload": '/inform{"city":"changchun"}'},
                    {"title": "上海", "payload": '/inform{"city":"shanghai"}'},
                ],
            },
            {"text": "或者：", "buttons": [{"title": "天津"}]},
            {"image": "https://example.com/a.png"},
        ]
    )
    assert text == (
        "请问哪个城市？\n\n"
        + OPTIONS_HEADER
        + "\n1. 长春\n2. 上海\n\n或者：\n\n"
        + OPTIONS_HEADER
        + "\n3. 天津\n\nhttps://example.com/a.png"
    )
    assert options == [
        Option("长春", '/inform{"city":"changchun"}'),
        Option("上海", '/inform{"city":"shanghai"}'),
        Option("天津", "天津"),
    ]


def test_welcome_has_a_numbered_menu() -> None:
    text, options = render_welcome()
    assert text.startswith("欢迎关注社保小助手") and f"{len(WELCOME_MENU)}. {WELCOME_MENU[-1][0]}" in text
    assert [o.payload for o in options] == [question for _, question in WELCOME_MENU]


def test_split_text_on_line_boundaries_under_the_byte_limit() -> None:
    lines = [f"第{i}行：缴费基数上限28017元/月，下限4927元/月。" for i in range(200)]
    text = "\n".join(lines)
    pieces = split_text(text, 2048)
    assert len(pieces) > 1 and all(len(p.encode()) <= 2048 for p in pieces)
    assert "\n".join(pieces) == text  # every cut is at a line end
    assert all(p.split("\n")[0] in lines for p in pieces)
    assert split_text("短消息") == ["短消息"] and split_text("") == [] and split_text("\n\n") == []


def test_split_text_cuts_an_over_long_line_between_characters() -> None:
    line = "社保" * 2000  # 12000 bytes, no line break
    pieces = split_text(f"标题\n{line}\n结尾", 2048)
    assert (
        all(len(p.encode()) <= 2048 for p in pieces)
        and "".join(pieces).replace("\n", "") == f"标题{line}结尾"
    )
    assert pieces[0] == "标题" and pieces[-1].endswith("结尾")


def test_option_memory_resolves_numbers_and_titles() -> None:
    memory = OptionMemory(ttl=60)
    memory.remember("u1", [Option("长春", "/a"), Option("上海", "/b")], now=100)
    assert memory.resolve("u1", "2", now=110) == "/b"
    assert memory.resolve("u1", " １ ", now=110) == "/a"  # full-width digit
    assert memory.resolve("u1", "上海", now=110) == "/b"
    assert memory.resolve("u1", "3", now=110) == "3"  # out of range: unchanged
    assert memory.resolve("u2", "1", now=110) == "1"  # another sender
    assert memory.resolve("u1", "1", now=161) == "1"  # expired
    memory.remember("u1", [Option("长春", "/a")], now=200)
    memory.remember("u1", [], now=201)  # an answer without buttons forgets them
    assert memory.resolve("u1", "1", now=202) == "1"


def test_option_memory_is_bounded() -> None:
    memory = OptionMemory(ttl=60, max_senders=3)
    for i in range(5):
        memory.remember(f"u{i}", [Option("x", f"/p{i}")], now=0)
    assert memory.resolve("u0", "1", now=1) == "1" and memory.resolve("u4", "1", now=1) == "/p4"


# --- the core, with a fake answerer ----------------------------------------------------------------------


class FakeSender:
    def __init__(self, fail: bool = False):
        self.sent: list[tuple[str, str]] = []
        self.fail = fail

    async def send_text(self, openid: str, text: str) -> bool:
        self.sent.append((openid, text))
        return not self.fail


class FakeAnswerer:
    def __init__(self, delay: float = 0.0, messages: list[dict[str, Any]] | None = None, error: bool = False):
        self.calls: list[tuple[str, str]] = []
        self.delay, self.error = delay, error
        self.messages = messages if messages is not None else [{"text": "上限28017元/月"}]

    async def __call__(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        self.calls.append((sender, text))
        await asyncio.sleep(self.delay)
        if self.error:
            raise RuntimeError("boom")
        return self.messages


def incoming(
    content: str = "上海缴费基数上限",
    msg_id: str = "1",
    msg_type: str = "text",
    event: str = "",
    openid: str = "o1",
) -> Incoming:
    return Incoming.from_fields(
        {
            "ToUserName": "gh",
            "FromUserName": openid,
            "CreateTime": "1700000000",
            "MsgType": msg_type,
            "Content": content,
            "MsgId": msg_id,
            "Event": event,
        }
    )


def core(
    answerer: FakeAnswerer, sender: FakeSender, budget: float = 1.0, passive: bool = True, limit: int = 2048
) -> WeChatCore:
    config = WeChatConfig(token="t", reply_budget=budget, text_limit_bytes=limit)
    return WeChatCore(config, answerer, sender, channel="wechat", passive=passive)


def test_fast_answer_is_passive_and_a_retry_gets_the_same_answer() -> None:
    async def scenario() -> None:
        answerer, sender = FakeAnswerer(), FakeSender()
        c = core(answerer, sender)
        assert await c.handle(incoming()) == "上限28017元/月"
        assert await c.handle(incoming()) == "上限28017元/月"
        await c.drain()
        assert answerer.calls == [("wechat:o1", "上海缴费基数上限")] and sender.sent == []

    asyncio.run(scenario())


def test_slow_answer_is_processed_once_and_pushed_once() -> None:
    async def scenario() -> None:
        answerer, sender = FakeAnswerer(delay=0.3), FakeSender()
        c = core(answerer, sender, budget=0.05)
        first = await c.handle(incoming())
        retries = await asyncio.gather(c.handle(incoming()), c.handle(incoming()))
        assert first is None and retries == [None, None]
        await c.drain()
        assert await c.handle(incoming()) is None  # a late retry: still `success`, no second push
        await c.drain()
        assert len(answerer.calls) == 1 and sender.sent == [("o1", "上限28017元/月")]

    asyncio.run(scenario())


def test_retry_waiting_while_the_answer_arrives_gets_it_passively() -> None:
    async def scenario() -> None:
        answerer, sender = FakeAnswerer(delay=0.2), FakeSender()
        c = core(answerer, sender, budget=1.0)
        first, retry = await asyncio.gather(c.handle(incoming()), c.handle(incoming()))
        await c.drain()
        assert first == retry == "上限28017元/月" and len(answerer.calls) == 1 and sender.sent == []

    asyncio.run(scenario())


def test_different_messages_are_different_turns() -> None:
    async def scenario() -> None:
        answerer, sender = FakeAnswerer(), FakeSender()
        c = core(answerer, sender)
        await c.handle(incoming(msg_id="1"))
        await c.handle(incoming(msg_id="2"))
        await c.handle(incoming(msg_id="1", openid="o2"))  # same MsgId, another sender
        assert len(answerer.calls) == 3

    asyncio.run(scenario())


def test_long_answer_is_pushed_in_pieces_in_order() -> None:
    async def scenario() -> None:
        long_text = "\n".join(f"第{i}条：说明文字说明文字说明文字" for i in range(60))
        answerer, sender = FakeAnswerer(messages=[{"text": long_text}]), FakeSender()
        c = core(answerer, sender, limit=300)
        assert await c.handle(incoming()) is None
        await c.drain()
        pieces = [text for _, text in sender.sent]
        assert (
            len(pieces) > 3 and all(len(p.encode()) <= 300 for p in pieces) and "\n".join(pieces) == long_text
        )

    asyncio.run(scenario())


def test_push_stops_after_a_refused_piece() -> None:
    async def scenario() -> None:
        long_text = "\n".join("一行说明文字" * 5 for _ in range(20))
        sender = FakeSender(fail=True)
        c = core(FakeAnswerer(messages=[{"text": long_text}]), sender, limit=200)
        await c.handle(incoming())
        await c.drain()
        assert len(sender.sent) == 1

    asyncio.run(scenario())


def test_failure_gives_the_sorry_text() -> None:
    async def scenario() -> None:
        c = core(FakeAnswerer(error=True), FakeSender())
        assert await c.handle(incoming()) == UNAVAILABLE_TEXT

    asyncio.run(scenario())


def test_no_message_from_rasa_gives_the_sorry_text() -> None:
    async def scenario() -> None:  # Rasa answers nothing when an action fails (action server down)
        c = core(FakeAnswerer(messages=[]), FakeSender())
        assert await c.handle(incoming()) == UNAVAILABLE_TEXT

    asyncio.run(scenario())


def test_buttons_then_a_number_sends_the_payload() -> None:
    async def scenario() -> None:
        buttons = [
            {
                "text": "哪个城市？",
                "buttons": [
                    {"title": "长春", "payload": '/inform{"city":"changchun"}'},
                    {"title": "上海", "payload": '/inform{"city":"shanghai"}'},
                ],
            }
        ]
        answerer = FakeAnswerer(messages=buttons)
        c = core(answerer, FakeSender())
        reply = await c.handle(incoming("缴费基数上限", msg_id="1"))
        assert reply == f"哪个城市？\n\n{OPTIONS_HEADER}\n1. 长春\n2. 上海"
        await c.handle(incoming("2", msg_id="2"))
        await c.handle(incoming("2", msg_id="3", openid="o-other"))  # no options for another sender
        assert [text for _, text in answerer.calls] == ["缴费基数上限", '/inform{"city":"shanghai"}', "2"]

    asyncio.run(scenario())


def test_subscribe_welcome_menu_and_other_messages() -> None:
    async def scenario() -> None:
        answerer = FakeAnswerer()
        c = core(answerer, FakeSender(), budget=0.0)  # static replies are ready at once, even with no budget
        welcome = await c.handle(incoming(msg_type="event", event="subscribe", msg_id=""))
        assert welcome == render_welcome()[0]
        await c.handle(incoming("1", msg_id="9"))
        assert answerer.calls == [("wechat:o1", WELCOME_MENU[0][1])]
        for kind in ("image", "video", "shortvideo", "location", "link", "file"):
            assert await c.handle(incoming(msg_type=kind, msg_id=f"m-{kind}")) == UNSUPPORTED_TEXT
        # a voice message without recognised text (speech recognition off, or nothing understood)
        assert await c.handle(incoming(msg_type="voice", msg_id="m-voice")) == VOICE_EMPTY_TEXT
        assert await c.handle(incoming(msg_type="event", event="unsubscribe", msg_id="")) is None
        assert len(answerer.calls) == 1

    asyncio.run(scenario())


def test_mini_program_pushes_everything() -> None:
    async def scenario() -> None:
        answerer, sender = FakeAnswerer(), FakeSender()
        c = core(answerer, sender, passive=False)
        assert await c.handle(incoming()) is None
        assert await c.handle(incoming(msg_type="image", msg_id="2")) is None
        assert await c.handle(incoming(msg_type="event", event="user_enter_tempsession", msg_id="")) is None
        assert await c.handle(incoming()) is None  # retry
        await c.drain()
        texts = [text for _, text in sender.sent]
        assert sorted(texts) == sorted(["上限28017元/月", UNSUPPORTED_TEXT, render_welcome()[0]])
        assert len(answerer.calls) == 1

    asyncio.run(scenario())


def test_turns_are_forgotten_after_the_ttl() -> None:
    async def scenario() -> None:
        answerer = FakeAnswerer()
        c = WeChatCore(WeChatConfig(token="t", dedup_ttl=30), answerer, FakeSender(), channel="wechat")
        for i in range(3):
            await c.handle(incoming(msg_id=str(i)))
        next(iter(c.turns.values())).created -= 31  # message "0" is now older than the TTL
        await c.handle(incoming(msg_id="3"))
        assert [key[1] for key in c.turns] == ["msg:1", "msg:2", "msg:3"]
        await c.handle(incoming(msg_id="0"))  # forgotten: processed again
        assert len(answerer.calls) == 5

    asyncio.run(scenario())


def test_turns_are_bounded() -> None:
    async def scenario() -> None:
        c = WeChatCore(WeChatConfig(token="t"), FakeAnswerer(), FakeSender(), channel="wechat", max_turns=5)
        for i in range(8):
            await c.handle(incoming(msg_id=str(i)))
        assert [key[1] for key in c.turns] == [f"msg:{i}" for i in range(3, 8)]

    asyncio.run(scenario())


# --- the API client against the fake WeChat API ----------------------------------------------------------


@pytest.fixture(scope="module")
def fake_api():
    api = FakeWeChatApi().start()
    yield api
    api.stop()


def test_client_caches_the_token_and_fetches_it_once_under_concurrency(fake_api) -> None:
    async def scenario() -> list[bool]:
        client = WeChatClient(fake_api.url, "wx-plain-app", "plain-secret")
        try:
            results = await asyncio.gather(*(client.send_text("o-cache", f"消息{i}") for i in range(5)))
            results.append(await client.send_text("o-cache", "再来一条"))
            return results
        finally:
            await client.close()

    before = fake_api.tokens_for("wx-plain-app")
    assert asyncio.run(scenario()) == [True] * 6
    assert fake_api.tokens_for("wx-plain-app") == before + 1
    assert sorted(fake_api.delivered("o-cache")) == sorted([f"消息{i}" for i in range(5)] + ["再来一条"])
    raw = [attempt.raw for attempt in fake_api.attempts("o-cache")]  # the five sends arrive in any order
    assert any("消息0".encode() in body for body in raw)  # UTF-8, not \\u escapes


def test_client_refreshes_an_expired_token_and_retries_once(fake_api) -> None:
    async def scenario() -> tuple[bool, bool]:
        client = WeChatClient(fake_api.url, "wx-plain-app", "plain-secret")
        try:
            first = await client.send_text("o-refresh", "第一条")
            fake_api.expire_tokens()  # WeChat answers 40001 to the cached token
            return first, await client.send_text("o-refresh", "第二条")
        finally:
            await client.close()

    before = fake_api.tokens_for("wx-plain-app")
    assert asyncio.run(scenario()) == (True, True)
    attempts = fake_api.attempts("o-refresh")
    assert [p.errcode for p in attempts] == [0, 40001, 0] and attempts[1].token != attempts[2].token
    assert fake_api.tokens_for("wx-plain-app") == before + 2


def test_client_gives_up_on_48_hour_window_and_persistent_token_errors(fake_api) -> None:
    fake_api.errors_for["o-silent"] = 45015
    fake_api.errors_for["o-stubborn"] = 40001

    async def scenario() -> tuple[bool, bool]:
        client = WeChatClient(fake_api.url, "wx-plain-app", "plain-secret")
        try:
            return await client.send_text("o-silent", "x"), await client.send_text("o-stubborn", "y")
        finally:
            await client.close()

    assert asyncio.run(scenario()) == (False, False)
    assert len(fake_api.attempts("o-silent")) == 1  # 45015: not retried
    assert len(fake_api.attempts("o-stubborn")) == 2  # token error: one refresh, one retry, then give up


def test_client_reports_bad_credentials_without_raising(fake_api) -> None:
    async def scenario() -> bool:
        client = WeChatClient(fake_api.url, "wx-plain-app", "wrong-secret")
        try:
            return await client.send_text("o-badcred", "x")
        finally:
            await client.close()

    assert asyncio.run(scenario()) is False and fake_api.attempts("o-badcred") == []


def test_client_survives_an_unreachable_api() -> None:
    from tests.rasa_harness import free_port

    async def scenario() -> bool:
        client = WeChatClient(f"http://127.0.0.1:{free_port()}", "a", "s", timeout=2)
        try:
            return await client.send_text("o", "x")
        finally:
            await client.close()

    assert asyncio.run(scenario()) is False
