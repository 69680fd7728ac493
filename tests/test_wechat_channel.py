"""The WeChat channels in a real ``rasa run`` server with the trained model, the action server and a fake
WeChat API (tests/channel_harness.py). wechatpy plays WeChat: it signs the queries, encrypts the safe-mode
messages and parses/decrypts our passive replies.

Server ``plain``: plaintext official account, 4 s budget (answers are passive), mini-program configured.
Server ``aes``: safe-mode official account, 0 s budget (every Rasa answer is pushed, however fast),
300-byte texts.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse

import pytest
import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.parser import parse_message
from wechatpy.utils import WeChatSigner

from bot.channels.wechat_protocol import (
    MENU_UNKNOWN_TEXT,
    OPTIONS_HEADER,
    TRANSFER_NOTICE,
    UNSUPPORTED_TEXT,
    VOICE_EMPTY_TEXT,
    WAITING_TEXT,
    WELCOME_MENU,
    render_messages,
)
from bot.dialogue.feedback import QUESTION
from bot.ops.pii import mask_pii
from tests import channel_harness
from tests.channel_harness import AES_KEY, KF_ACCOUNT, PROFILES, RasaServer, http, wait_until


@pytest.fixture(scope="module")
def servers():
    session = channel_harness.acquire()
    yield session
    channel_harness.release()


@pytest.fixture(scope="module")
def plain(servers) -> RasaServer:
    return servers.servers["plain"]


@pytest.fixture(scope="module")
def aes(servers) -> RasaServer:
    return servers.servers["aes"]


@pytest.fixture(scope="module")
def api(servers) -> channel_harness.FakeWeChatApi:
    return servers.api


_counter = iter(range(10**9))


def unique(prefix: str) -> str:
    return f"{prefix}-{int(time.time() * 1000)}-{next(_counter)}"


# --- the WeChat side -------------------------------------------------------------------------------------


def signed(
    token: str, timestamp: int | None = None, nonce: str | None = None, **extra: str
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or unique("nonce")
    signer = WeChatSigner()
    signer.add_data(token, stamp, nonce)
    return {"signature": signer.signature, "timestamp": stamp, "nonce": nonce, **extra}


def message_xml(openid: str, msg_type: str, msg_id: str | None = None, **fields: str) -> str:
    """An incoming message as WeChat's documentation shows it."""
    parts = [
        f"<ToUserName><![CDATA[gh_shebao]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>",
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>",
    ]
    parts += [f"<{name}><![CDATA[{value}]]></{name}>" for name, value in fields.items()]
    if msg_id:
        parts.append(f"<MsgId>{msg_id}</MsgId>")
    return "<xml>" + "".join(parts) + "</xml>"


NON_TEXT = {  # a voice message without Recognition: tests of voice below
    "image": {"PicUrl": "http://mmbiz.qpic.cn/x.jpg", "MediaId": "media_1"},
    "video": {"MediaId": "media_3", "ThumbMediaId": "thumb_3"},
    "shortvideo": {"MediaId": "media_4", "ThumbMediaId": "thumb_4"},
    "location": {"Location_X": "43.88", "Location_Y": "125.35", "Scale": "15", "Label": "长春市"},
    "link": {"Title": "标题", "Description": "描述", "Url": "http://example.com"},
}


def post(
    server: RasaServer,
    channel: str,
    params: dict[str, str],
    body: bytes | str,
    content_type: str = "text/xml",
) -> tuple[int, bytes]:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return http(
        "POST",
        f"{server.url}/webhooks/{channel}/webhook?{urllib.parse.urlencode(params)}",
        data,
        {"Content-Type": content_type},
    )


def post_plain(server: RasaServer, xml: str, **query: str) -> tuple[int, bytes]:
    return post(server, "wechat", signed(server.env["WECHAT_TOKEN"], **query), xml)


def passive_text(status: int, body: bytes) -> str:
    assert status == 200, body
    assert body != b"success", "expected a passive reply, got success"
    return parse_message(body.decode("utf-8")).content


def aes_crypto() -> WeChatCrypto:
    profile = PROFILES["aes"]
    return WeChatCrypto(profile["WECHAT_TOKEN"], AES_KEY, profile["WECHAT_APPID"])


def post_encrypted(
    server: RasaServer, xml: str, crypto: WeChatCrypto | None = None, compatible: bool = False
) -> tuple[int, bytes, str]:
    """A safe-mode (or compatible-mode) POST as WeChat sends it; returns status, body and the nonce."""
    crypto = crypto or aes_crypto()
    query = signed(server.env["WECHAT_TOKEN"])
    envelope = xmltodict.parse(crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))["xml"]
    encrypted = f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt>"
    body = (
        xml.replace("</xml>", encrypted + "</xml>")
        if compatible
        else f"<xml><ToUserName><![CDATA[gh_shebao]]></ToUserName>{encrypted}</xml>"
    )
    query.update(encrypt_type="aes", msg_signature=envelope["MsgSignature"])
    status, answer = post(server, "wechat", query, body)
    return status, answer, query["nonce"]


def decrypt_reply(body: bytes) -> str:
    envelope = xmltodict.parse(body.decode("utf-8"))["xml"]
    plain = aes_crypto().decrypt_message(
        body.decode("utf-8"), envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
    )
    return parse_message(plain).content


def rest_answer(server: RasaServer, text: str) -> str:
    """The same question through the REST channel, rendered as the WeChat channel renders answers."""
    status, body = http(
        "POST",
        f"{server.url}/webhooks/rest/webhook",
        json.dumps({"sender": unique("rest"), "message": text}).encode(),
    )
    assert status == 200
    return render_messages(json.loads(body))[0]


def settle(seconds: float = 0.7) -> None:
    """Give a wrongly scheduled extra push the time to show up before asserting there is none."""
    time.sleep(seconds)


pytestmark = pytest.mark.model


# --- URL verification ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "channel", "token_key"),
    [
        ("plain", "wechat", "WECHAT_TOKEN"),
        ("plain", "wechat_mini", "WECHAT_MINI_TOKEN"),
        ("aes", "wechat", "WECHAT_TOKEN"),
    ],
)
def test_url_verification(servers, profile: str, channel: str, token_key: str) -> None:
    server = servers.servers[profile]
    token = server.env[token_key]
    url = f"{server.url}/webhooks/{channel}/webhook?"
    assert http("GET", url + urllib.parse.urlencode(signed(token, echostr="echo-123"))) == (200, b"echo-123")
    assert http("GET", url + urllib.parse.urlencode(signed("wrong-token", echostr="echo-123")))[0] == 403
    stale = signed(token, timestamp=int(time.time()) - 3600, echostr="echo-123")
    assert http("GET", url + urllib.parse.urlencode(stale))[0] == 403


def test_unconfigured_mini_program_answers_503(aes) -> None:
    assert http("GET", f"{aes.url}/webhooks/wechat_mini/webhook?echostr=x")[0] == 503


# --- plaintext official account --------------------------------------------------------------------------


def test_text_message_gets_a_passive_answer(plain) -> None:
    openid = unique("o-text")
    status, body = post_plain(plain, message_xml(openid, "text", "5001", Content="上海缴费基数上限是多少"))
    reply = parse_message(body.decode("utf-8"))
    assert status == 200 and reply.type == "text" and reply.target == openid and reply.source == "gh_shebao"
    assert "28017" in reply.content
    assert [e["text"] for e in plain.user_events(f"wechat:{openid}")] == ["上海缴费基数上限是多少"]


def test_retry_of_an_answered_message_gets_the_same_answer_once_processed(plain, api) -> None:
    openid = unique("o-retry-fast")
    xml = message_xml(openid, "text", "6001", Content="天津缴费基数上限是多少")
    answers = [passive_text(*post_plain(plain, xml)) for _ in range(3)]
    assert "18969" in answers[0] and answers[0] == answers[1] == answers[2]
    assert len(plain.user_events(f"wechat:{openid}")) == 1 and api.attempts(openid) == []


def test_buttons_become_numbered_options_and_a_number_picks_one(plain) -> None:
    openid = unique("o-buttons")
    first = passive_text(
        *post_plain(plain, message_xml(openid, "text", "7001", Content="缴费基数上限是多少"))
    )
    assert "哪个城市" in first and f"{OPTIONS_HEADER}\n1. 长春\n2. 上海\n3. 天津" in first
    second = passive_text(*post_plain(plain, message_xml(openid, "text", "7002", Content="2")))
    assert "28017" in second and "上海" in second
    events = plain.user_events(f"wechat:{openid}")
    assert [e["text"] for e in events] == ["缴费基数上限是多少", '/inform{"city":"shanghai"}']


def test_subscribe_gets_the_welcome_menu_and_its_numbers_work(plain) -> None:
    openid = unique("o-subscribe")
    welcome = passive_text(*post_plain(plain, message_xml(openid, "event", Event="subscribe", EventKey="")))
    assert welcome.startswith("欢迎关注社保小助手")
    assert all(f"{i}. {title}" in welcome for i, (title, _) in enumerate(WELCOME_MENU, 1))
    assert plain.user_events(f"wechat:{openid}") == []  # the welcome needs no Rasa turn
    number = next(i for i, (_, question) in enumerate(WELCOME_MENU, 1) if question == "你能做什么")
    answer = passive_text(*post_plain(plain, message_xml(openid, "text", "8001", Content=str(number))))
    assert "我是社保小助手" in answer
    assert [e["text"] for e in plain.user_events(f"wechat:{openid}")] == ["你能做什么"]


@pytest.mark.parametrize("kind", sorted(NON_TEXT))
def test_non_text_messages_get_the_text_only_notice(plain, kind: str) -> None:
    openid = unique(f"o-{kind}")
    answer = passive_text(*post_plain(plain, message_xml(openid, kind, "9001", **NON_TEXT[kind])))
    assert answer == UNSUPPORTED_TEXT and "目前只支持文字消息" in answer
    assert plain.user_events(f"wechat:{openid}") == []


def test_other_events_get_success_and_nothing_else(plain, api) -> None:
    openid = unique("o-unsub")
    assert post_plain(plain, message_xml(openid, "event", Event="unsubscribe")) == (200, b"success")
    assert post_plain(plain, message_xml(openid, "event", Event="VIEW", EventKey="https://x.example/")) == (
        200,
        b"success",
    )
    assert plain.user_events(f"wechat:{openid}") == [] and api.attempts(openid) == []


# --- security --------------------------------------------------------------------------------------------


def assert_nothing_processed(
    server: RasaServer, api: channel_harness.FakeWeChatApi, openid: str, channel: str = "wechat"
) -> None:
    settle(0.3)
    assert server.user_events(f"{channel}:{openid}") == [] and api.attempts(openid) == []


def test_bad_signature_is_refused_and_nothing_processed(plain, api) -> None:
    openid = unique("o-badsig")
    xml = message_xml(openid, "text", "10001", Content="上海缴费基数上限是多少")
    status, _ = post(plain, "wechat", signed("not-the-token"), xml)
    assert status == 403
    query = signed(plain.env["WECHAT_TOKEN"])
    query["nonce"] += "-tampered"
    assert post(plain, "wechat", query, xml)[0] == 403
    assert post(plain, "wechat", {}, xml)[0] == 403
    assert_nothing_processed(plain, api, openid)


@pytest.mark.parametrize("offset", [-301, -3600, 3600])
def test_timestamp_outside_the_window_is_refused(plain, api, offset: int) -> None:
    openid = unique("o-stale")
    xml = message_xml(openid, "text", "11001", Content="你好")
    assert post_plain(plain, xml, timestamp=int(time.time()) + offset)[0] == 403
    assert_nothing_processed(plain, api, openid)


def test_oversized_body_is_refused(plain, api) -> None:
    openid = unique("o-big")
    xml = message_xml(openid, "text", "12001", Content="社" * 30_000)  # 90 kB > 64 kB
    status, body = post_plain(plain, xml)
    assert status == 413, body
    assert_nothing_processed(plain, api, openid)


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE xml SYSTEM "http://127.0.0.1:9/x.dtd">',
    ],
)
def test_xml_with_dtd_or_entities_is_refused(plain, api, prolog: str) -> None:
    openid = unique("o-dtd")
    xml = '<?xml version="1.0"?>' + prolog + message_xml(openid, "text", "13001", Content="&c;&x;")
    status, body = post_plain(plain, xml)
    assert status == 400 and b"forbidden XML construct" in body
    assert_nothing_processed(plain, api, openid)


def test_malformed_xml_is_refused(plain) -> None:
    assert post_plain(plain, "<xml><ToUserName>")[0] == 400
    assert post_plain(plain, "")[0] == 400


# --- mini-program ----------------------------------------------------------------------------------------


def mini_json(openid: str, msg_type: str, msg_id: int | None = None, **fields: object) -> str:
    message: dict[str, object] = {
        "ToUserName": "gh_mini",
        "FromUserName": openid,
        "CreateTime": int(time.time()),
        "MsgType": msg_type,
        **fields,
    }
    if msg_id is not None:
        message["MsgId"] = msg_id
    return json.dumps(message, ensure_ascii=False)


def post_mini(
    server: RasaServer, body: str | bytes, token: str | None = None, **query: str
) -> tuple[int, bytes]:
    return post(
        server,
        "wechat_mini",
        signed(token or server.env["WECHAT_MINI_TOKEN"], **query),
        body,
        "application/json",
    )


def test_mini_program_text_is_answered_by_customer_service_once(plain, api) -> None:
    openid = unique("o-mini")
    body = mini_json(openid, "text", 20001, Content="北京交了7年失业保险能领多少失业金")
    assert post_mini(plain, body) == (200, b"success")
    assert post_mini(plain, body) == (200, b"success")  # WeChat's retry
    delivered = wait_until(lambda: api.delivered(openid))
    settle()
    assert len(api.attempts(openid)) == 1 and "失业保险金" in delivered[0]
    assert api.attempts(openid)[0].token.startswith("TOKEN-wx-mini-app-")
    assert len(plain.user_events(f"wechat_mini:{openid}")) == 1


def test_mini_program_events_and_non_text(plain, api) -> None:
    openid = unique("o-mini-ev")
    assert post_mini(plain, mini_json(openid, "event", Event="user_enter_tempsession", SessionFrom="")) == (
        200,
        b"success",
    )
    assert post_mini(plain, mini_json(openid, "image", 20002, PicUrl="http://x/y.jpg", MediaId="m")) == (
        200,
        b"success",
    )
    delivered = wait_until(lambda: len(api.delivered(openid)) == 2 and api.delivered(openid))
    assert any(text.startswith("欢迎关注社保小助手") for text in delivered) and UNSUPPORTED_TEXT in delivered
    assert plain.user_events(f"wechat_mini:{openid}") == []


def test_mini_program_security(plain, api) -> None:
    openid = unique("o-mini-sec")
    good = mini_json(openid, "text", 20003, Content="你好")
    assert post_mini(plain, good, token="wrong-token")[0] == 403
    assert post_mini(plain, good, timestamp=int(time.time()) - 1000)[0] == 403
    assert post_mini(plain, good[:-3])[0] == 400  # malformed JSON
    assert post_mini(plain, "[1, 2, 3]")[0] == 400  # not an object
    assert post_mini(plain, b"\xff\xfe{}")[0] == 400  # not UTF-8
    assert post_mini(plain, json.dumps({"MsgType": "text", "Content": "x"}))[0] == 400  # no sender
    big = mini_json(openid, "text", 20004, Content="社" * 30_000)
    assert post_mini(plain, big)[0] == 413
    assert_nothing_processed(plain, api, openid, channel="wechat_mini")


def test_expired_token_is_refreshed_and_the_push_retried(plain, api) -> None:
    openid = unique("o-expired")
    tokens_before = api.tokens_for("wx-mini-app")
    assert post_mini(plain, mini_json(openid, "text", 21001, Content="你好")) == (200, b"success")
    wait_until(lambda: api.delivered(openid))
    api.expire_tokens("wx-mini-app")  # the cached token is now refused with 40001
    assert post_mini(plain, mini_json(openid, "text", 21002, Content="谢谢")) == (200, b"success")
    wait_until(lambda: len(api.delivered(openid)) == 2)
    settle()
    assert [p.errcode for p in api.attempts(openid)] == [0, 40001, 0]
    assert api.tokens_for("wx-mini-app") - tokens_before in (1, 2)  # at most the first fetch + one refresh
    assert api.attempts(openid)[1].token != api.attempts(openid)[2].token


def test_48_hour_window_error_is_logged_and_given_up(plain, api) -> None:
    openid = unique("o-48h")
    api.errors_for[openid] = 45015
    assert post_mini(plain, mini_json(openid, "text", 22001, Content="你好")) == (200, b"success")
    wait_until(lambda: api.attempts(openid))
    settle()
    assert len(api.attempts(openid)) == 1  # no retry
    assert wait_until(lambda: re.search(rf"{re.escape(openid)}.*45015", plain.log_text()))
    assert len(plain.user_events(f"wechat_mini:{openid}")) == 1


# --- safe mode (AES) with a tiny budget -------------------------------------------------------------------


def test_safe_mode_passive_replies_are_encrypted(aes, api) -> None:
    openid = unique("o-aes-static")
    status, body, _ = post_encrypted(aes, message_xml(openid, "image", "30001", **NON_TEXT["image"]))
    assert status == 200 and b"<Encrypt>" in body and "文字" not in body.decode()
    assert decrypt_reply(body) == UNSUPPORTED_TEXT
    # the welcome is longer than this server's 300-byte limit: answered `success`, pushed in pieces
    status, body, _ = post_encrypted(aes, message_xml(openid, "event", Event="subscribe"))
    assert (status, body) == (200, b"success")
    pieces = wait_until(lambda: len(api.delivered(openid)) >= 2 and api.delivered(openid))
    assert pieces[0].startswith("欢迎关注社保小助手") and all(len(p.encode()) <= 300 for p in pieces)
    assert f"{len(WELCOME_MENU)}. {WELCOME_MENU[-1][0]}" in pieces[-1]


def test_retried_slow_message_is_processed_once_and_pushed_once(aes, api) -> None:
    """WeChat delivers the same MsgId three times; the answer is not ready within the (zero) budget."""
    openid = unique("o-aes-retry")
    xml = message_xml(openid, "text", "31001", Content="长春社保经办机构电话")
    first = post_encrypted(aes, xml)
    retries: list[tuple[int, bytes, str]] = []
    threads = [threading.Thread(target=lambda: retries.append(post_encrypted(aes, xml))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [(status, body) for status, body, _ in [first, *retries]] == [(200, b"success")] * 3
    delivered = wait_until(lambda: api.delivered(openid))
    assert post_encrypted(aes, xml)[:2] == (200, b"success")  # a late retry, after the push
    settle()
    assert len(api.attempts(openid)) == 1 and "9612333" in delivered[0]
    events = aes.user_events(f"wechat:{openid}")
    assert len(events) == 1 and events[0]["text"] == "长春社保经办机构电话"


def test_long_answer_is_split_on_lines_under_the_limit(aes, plain, api) -> None:
    question = "长春大型企业2020年5月月薪8000单位和个人各交多少"
    openid = unique("o-aes-long")
    assert post_encrypted(aes, message_xml(openid, "text", "32001", Content=question))[:2] == (
        200,
        b"success",
    )
    expected = rest_answer(plain, question)
    assert len(expected.encode()) > 600
    wait_until(lambda: len("".join(api.delivered(openid)).encode()) >= len(expected.encode()) - 200)
    settle()
    pieces = api.delivered(openid)
    assert "".join("".join(pieces).split()) == "".join(expected.split()), (pieces, expected)
    assert len(pieces) >= 3 and all(len(p.encode()) <= 300 for p in pieces)
    lines = expected.split("\n")
    too_long = [line for line in lines if len(line.encode()) > 300]  # cut between characters, by design
    assert all(
        line in lines or any(line in long for long in too_long)
        for p in pieces
        for line in p.split("\n")
        if line
    ), (pieces, expected)


def test_compatible_mode_message_is_answered(aes, api) -> None:
    openid = unique("o-aes-compat")
    xml = message_xml(openid, "text", "33001", Content="天津缴费基数上限是多少")
    status, body, _ = post_encrypted(aes, xml, compatible=True)
    assert (status, body) == (200, b"success")
    assert "18969" in wait_until(lambda: api.delivered(openid))[0]


def test_safe_mode_security(aes, api) -> None:
    openid = unique("o-aes-sec")
    xml = message_xml(openid, "text", "34001", Content="你好")
    assert post_plain(aes, xml)[0] == 403  # plaintext request to a safe-mode channel: no downgrade
    other_app = WeChatCrypto(PROFILES["aes"]["WECHAT_TOKEN"], AES_KEY, "wx-someone-else")
    assert post_encrypted(aes, xml, crypto=other_app)[0] == 403
    query = signed(aes.env["WECHAT_TOKEN"])
    envelope = xmltodict.parse(aes_crypto().encrypt_message(xml, query["nonce"], query["timestamp"]))["xml"]
    query.update(encrypt_type="aes", msg_signature="0" * 40)
    body = f"<xml><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    assert post(aes, "wechat", query, body)[0] == 403  # bad msg_signature
    query["msg_signature"] = envelope["MsgSignature"]
    assert post(aes, "wechat", query, body.replace(envelope["Encrypt"][:8], "AAAAAAAA"))[0] == 403
    assert_nothing_processed(aes, api, openid)


# --- voice, menu, feedback, live-agent transfer (issue 19) -----------------------------------------------


def voice_xml(openid: str, msg_id: str, recognition: str | None) -> str:
    fields = {"MediaId": "media_v", "Format": "amr"}
    if recognition is not None:
        fields["Recognition"] = recognition
    return message_xml(openid, "voice", msg_id, **fields)


def slot_events(server: RasaServer, sender: str, name: str) -> list[object]:
    return [e["value"] for e in server.events(sender) if e.get("event") == "slot" and e.get("name") == name]


def test_voice_is_answered_as_its_recognised_text_with_an_echo_and_masking(plain) -> None:
    openid = unique("o-voice")
    answer = passive_text(*post_plain(plain, voice_xml(openid, "40001", "天津缴费基数上限是多少")))
    assert answer.startswith("您说的是：“天津缴费基数上限是多少”\n") and "18969" in answer
    said = "我身份证110101199003074518，上海缴费基数上限是多少"
    answer = passive_text(*post_plain(plain, voice_xml(openid, "40002", said)))
    assert answer.startswith(f"您说的是：“{mask_pii(said)}”\n") and "已隐藏]" in mask_pii(said)
    assert "110101199003074518" not in answer
    texts = [e["text"] for e in plain.user_events(f"wechat:{openid}")]
    assert texts[0] == "天津缴费基数上限是多少" and "110101199003074518" not in texts[1]
    assert passive_text(*post_plain(plain, voice_xml(openid, "40003", ""))) == VOICE_EMPTY_TEXT
    assert passive_text(*post_plain(plain, voice_xml(openid, "40004", None))) == VOICE_EMPTY_TEXT
    assert len(plain.user_events(f"wechat:{openid}")) == 2


def test_menu_click_starts_the_question_or_questionnaire_and_unknown_keys_get_the_help_menu(plain) -> None:
    openid = unique("o-menu")
    click = message_xml(openid, "event", Event="CLICK", EventKey="失业金测算")
    started = passive_text(*post_plain(plain, click))
    assert "失业保险金" in started and "取消" in started
    events = plain.user_events(f"wechat:{openid}")
    assert events[0]["text"] == '/start_questionnaire{"questionnaire":"unemployment_benefit_form"}'
    openid = unique("o-menu-q")
    answer = passive_text(
        *post_plain(plain, message_xml(openid, "event", Event="CLICK", EventKey="找经办机构电话"))
    )
    assert "哪个城市" in answer
    assert [e["text"] for e in plain.user_events(f"wechat:{openid}")] == ["社保经办机构电话是多少"]
    unknown = passive_text(*post_plain(plain, message_xml(openid, "event", Event="CLICK", EventKey="旧菜单")))
    assert unknown.startswith(MENU_UNKNOWN_TEXT) and f"1. {WELCOME_MENU[0][0]}" in unknown
    assert len(plain.user_events(f"wechat:{openid}")) == 1


def test_feedback_numbers_are_recorded_with_the_answer_and_unhelpful_offers_a_live_agent(plain, api) -> None:
    openid = unique("o-feedback")
    sender = f"wechat:{openid}"
    answer = passive_text(
        *post_plain(plain, message_xml(openid, "text", "41001", Content="上海缴费基数上限是多少"))
    )
    assert "28017" in answer and answer.endswith(f"{QUESTION}（回复 1 有帮助，2 没帮助）")
    reply = passive_text(*post_plain(plain, message_xml(openid, "text", "41002", Content="2")))
    assert "换个说法" in reply and "1. 转人工客服" in reply
    user = plain.user_events(sender)[-1]
    assert (
        user["text"] == '/feedback{"rating":"unhelpful"}'
        and user["parse_data"]["intent"]["name"] == "feedback"
    )
    assert [(e["entity"], e["value"]) for e in user["parse_data"]["entities"]] == [("rating", "unhelpful")]
    (feedback,) = slot_events(plain, sender, "feedback")
    assert feedback["rating"] == "unhelpful" and feedback["intent"] == "ask_base_limits"
    assert feedback["document"] and feedback["document"] in answer and "aspect" in feedback
    # the offered option transfers (the bot decided it; the channel does it before any turn is queued)
    status, body = post_plain(plain, message_xml(openid, "text", "41003", Content="1"))
    reply = xmltodict.parse(body.decode())["xml"]
    assert status == 200 and reply["MsgType"] == "transfer_customer_service"
    assert reply["TransInfo"]["KfAccount"] == KF_ACCOUNT and reply["ToUserName"] == openid
    assert api.delivered(openid) == [TRANSFER_NOTICE]
    wait_until(lambda: slot_events(plain, sender, "handed_to_agent") == [True])
    marker = plain.user_events(sender)[-1]
    assert marker["text"] == "/ask_human" and marker["metadata"]["wechat"]["transfer"]["reason"] == "option"


def test_feedback_on_nothing_is_polite_and_sets_no_slot(plain) -> None:
    openid = unique("o-feedback-none")
    status, body = http(
        "POST",
        f"{plain.url}/webhooks/rest/webhook",
        json.dumps({"sender": openid, "message": '/feedback{"rating":"helpful"}'}).encode(),
    )
    assert status == 200 and "还没有可以评价的回答" in json.loads(body)[0]["text"]
    assert slot_events(plain, openid, "feedback") == []


def test_transfer_request_then_waiting_notices_never_a_second_transfer(plain, api) -> None:
    openid = unique("o-kf")
    sender = f"wechat:{openid}"
    xml = message_xml(openid, "text", "42001", Content="转人工")
    status, body = post_plain(plain, xml)
    assert status == 200 and xmltodict.parse(body.decode())["xml"]["MsgType"] == "transfer_customer_service"
    retry = xmltodict.parse(post_plain(plain, xml)[1].decode())["xml"]  # WeChat's retry: the same transfer
    assert retry["MsgType"] == "transfer_customer_service" and retry["TransInfo"]["KfAccount"] == KF_ACCOUNT
    assert api.delivered(openid) == [TRANSFER_NOTICE]
    wait_until(lambda: slot_events(plain, sender, "handed_to_agent") == [True])
    transfer = plain.user_events(sender)[0]["metadata"]["wechat"]["transfer"]
    assert transfer == {"reason": "asked", "text": "转人工", "kf_account": KF_ACCOUNT}
    # waiting in the queue: a short notice, also for another request for a person
    for msg_id, text in (("42002", "怎么还没人"), ("42003", "人工客服")):
        assert (
            passive_text(*post_plain(plain, message_xml(openid, "text", msg_id, Content=text)))
            == WAITING_TEXT
        )
    event = message_xml(openid, "event", Event="kf_close_session", KfAccount=KF_ACCOUNT, CloseType="KF")
    assert post_plain(plain, event) == (200, b"success")
    answer = passive_text(
        *post_plain(plain, message_xml(openid, "text", "42004", Content="天津缴费基数上限是多少"))
    )
    assert "18969" in answer
    settle()
    assert api.delivered(openid) == [TRANSFER_NOTICE] and len(plain.user_events(sender)) == 2


def test_outside_service_hours_a_request_gets_the_hours_and_the_phone_line(aes, api) -> None:
    openid = unique("o-kf-closed")
    status, body, _ = post_encrypted(aes, message_xml(openid, "text", "43001", Content="转人工"))
    assert (status, body) == (200, b"success")  # this server's budget is 0 s: pushed
    text = wait_until(
        lambda: "12333" in "\n".join(api.delivered(openid)) and "\n".join(api.delivered(openid))
    )
    assert text.startswith("现在不是人工客服的服务时间（测试：从不开放）。") and "12333" in text
    assert "transfer_customer_service" not in text
    events = aes.user_events(f"wechat:{openid}")
    assert events[0]["text"] == "/ask_human" and "transfer" not in events[0]["metadata"]["wechat"]


def test_mini_program_keeps_the_phone_line(plain, api) -> None:
    openid = unique("o-mini-kf")
    assert post_mini(plain, mini_json(openid, "text", 44001, Content="转人工")) == (200, b"success")
    delivered = wait_until(lambda: api.delivered(openid))
    assert "12333" in delivered[0] and TRANSFER_NOTICE not in delivered
    assert slot_events(plain, f"wechat_mini:{openid}", "handed_to_agent") == []
