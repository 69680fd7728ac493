"""WeChat official-account and mini-program protocol: pure logic, no Rasa, no network.

* configuration from environment variables (:class:`WeChatConfig`);
* request authentication: URL signature, timestamp window, AES message signature and decryption
  (``wechatpy.utils.check_signature`` and ``wechatpy.crypto.WeChatCrypto``);
* parsing: XML with ``defusedxml`` (DTDs and entities rejected, never expanded), mini-program JSON;
* rendering: passive text replies (plaintext or encrypted), bot messages with buttons as numbered options,
  long texts split on line boundaries under WeChat's byte limit;
* :class:`OptionMemory`: the last numbered options shown to each sender, so that a reply of ``2`` becomes
  the payload of the second button.

Every rejection is a :class:`ProtocolError` carrying the HTTP status the channel should answer with.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply, TransferCustomerServiceReply
from wechatpy.utils import check_signature

DEFAULT_API_BASE = "https://api.weixin.qq.com"
WECHAT_TEXT_LIMIT_BYTES = 2048  # passive text reply and customer-service text message
SUCCESS = "success"  # the body WeChat expects when there is no passive reply

UNSUPPORTED_TEXT = "抱歉，目前只支持文字消息。请直接输入您的问题，例如：“长春缴费基数上限是多少”。"
OPTIONS_HEADER = "回复数字选择："
VOICE_EMPTY_TEXT = "抱歉，没有听清您的语音。请再说一次，或直接输入文字问题，例如：“长春缴费基数上限是多少”。"
VOICE_ECHO = "您说的是：“{text}”"
TRANSFER_NOTICE = "正在为您转接人工客服，请稍候。客服接入后会在这里直接回复您。"
WAITING_TEXT = "您已在排队等待人工客服，客服接入后会直接回复您，请稍候。"
KF_CLOSED_TEXT = "现在不是人工客服的服务时间{hours}。"
MENU_UNKNOWN_TEXT = "抱歉，这个菜单项暂时不可用。您可以直接输入问题，或回复数字："
FEEDBACK_PAYLOAD_PREFIX = "/feedback"
WELCOME_TEXT = (
    "欢迎关注社保小助手！我可以回答缴费基数、缴费金额、失业金、稳岗返还、减免缓缴和经办机构电话等问题，"
    "每个数字都注明文件依据。直接输入您的问题即可，也可以回复数字试试："
)
WELCOME_MENU: tuple[tuple[str, str], ...] = (
    ("缴费基数上下限", "缴费基数上限是多少"),
    ("每月社保缴费金额", "长春月薪8000每月社保交多少"),
    ("失业保险金", "北京交了7年失业保险能领多少失业金"),
    ("稳岗返还", "稳岗返还怎么申请"),
    ("我还能问什么", "你能做什么"),
)


class ProtocolError(Exception):
    """A request the channel must refuse, with the HTTP status to answer."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


# --- configuration ---------------------------------------------------------------------------------------


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if not low <= value <= high:
        raise ValueError(f"{name}={raw!r} must be between {low:g} and {high:g}")
    return value


def _switch(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in ("", "0", "off", "false", "no"):
        return False
    if raw in ("1", "on", "true", "yes"):
        return True
    raise ValueError(f"{name}={raw!r} must be on or off")


@dataclass(frozen=True)
class WeChatConfig:
    """Settings of one WeChat application (official account or mini-program).

    Credentials come from ``{prefix}TOKEN``, ``{prefix}APPID``, ``{prefix}APPSECRET``, ``{prefix}AES_KEY``
    (``WECHAT_`` for the official account, ``WECHAT_MINI_`` for the mini-program); the other settings are
    shared ``WECHAT_*`` variables. An empty token disables the channel; an empty AES key means plaintext
    mode (encrypted requests are then refused).
    """

    token: str = ""
    app_id: str = ""
    app_secret: str = ""
    aes_key: str = ""
    api_base: str = DEFAULT_API_BASE
    reply_budget: float = 4.0  # seconds to wait for the answer before replying `success` and pushing it
    max_clock_skew: float = 300.0  # seconds between the request's timestamp and our clock
    max_body_bytes: int = 64 * 1024
    text_limit_bytes: int = WECHAT_TEXT_LIMIT_BYTES
    dedup_ttl: float = 300.0  # how long a message id is remembered (WeChat retries within ~15 s)
    options_ttl: float = 1800.0  # how long numbered options stay valid for a sender
    kf_transfer: bool = False  # official account: hand users to live agents (客服) within service hours
    kf_account: str = ""  # the agent account to transfer to (kf2001@gh_…); empty: any agent
    kf_wait_ttl: float = 1800.0  # how long a transferred user's messages get the waiting notice
    kf_hours_file: str = ""  # service hours (default data/wechat/service_hours.yml)
    kf_file: str = ""  # the messages that ask for a person (default data/wechat/kf.yml)
    menu_file: str = ""  # the custom menu and its CLICK keys (default data/wechat/menu.yml)

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    @property
    def encrypted(self) -> bool:
        return bool(self.aes_key)

    @classmethod
    def from_env(cls, prefix: str = "WECHAT_", env: Mapping[str, str] | None = None) -> WeChatConfig:
        env = os.environ if env is None else env
        config = cls(
            token=env.get(f"{prefix}TOKEN", "").strip(),
            app_id=env.get(f"{prefix}APPID", "").strip(),
            app_secret=env.get(f"{prefix}APPSECRET", "").strip(),
            aes_key=env.get(f"{prefix}AES_KEY", "").strip(),
            api_base=(env.get("WECHAT_API_BASE", "").strip() or DEFAULT_API_BASE).rstrip("/"),
            reply_budget=_number(env, "WECHAT_REPLY_BUDGET", 4.0, 0.0, 4.5),
            max_clock_skew=_number(env, "WECHAT_MAX_CLOCK_SKEW", 300.0, 1.0, 86400.0),
            max_body_bytes=int(_number(env, "WECHAT_MAX_BODY_BYTES", 64 * 1024, 1024, 1024 * 1024)),
            text_limit_bytes=int(
                _number(env, "WECHAT_TEXT_LIMIT_BYTES", WECHAT_TEXT_LIMIT_BYTES, 64, WECHAT_TEXT_LIMIT_BYTES)
            ),
            dedup_ttl=_number(env, "WECHAT_DEDUP_TTL", 300.0, 30.0, 86400.0),
            options_ttl=_number(env, "WECHAT_OPTIONS_TTL", 1800.0, 1.0, 7 * 86400.0),
            kf_transfer=_switch(env, "WECHAT_KF_TRANSFER"),
            kf_account=env.get("WECHAT_KF_ACCOUNT", "").strip(),
            kf_wait_ttl=_number(env, "WECHAT_KF_WAIT_TTL", 1800.0, 10.0, 86400.0),
            kf_hours_file=env.get("WECHAT_KF_HOURS_FILE", "").strip(),
            kf_file=env.get("WECHAT_KF_FILE", "").strip(),
            menu_file=env.get("WECHAT_MENU_FILE", "").strip(),
        )
        if len(config.kf_account) > 64 or any(c in config.kf_account for c in "<>&"):
            raise ValueError("WECHAT_KF_ACCOUNT must be an agent account such as kf2001@gh_123456789abc")
        if config.aes_key:
            if not config.app_id:
                raise ValueError(
                    f"{prefix}AES_KEY is set but {prefix}APPID is empty: the safe mode needs both"
                )
            try:
                key = base64.b64decode(config.aes_key + "=", validate=True)
            except (binascii.Error, ValueError):
                key = b""
            if len(config.aes_key) != 43 or len(key) != 32:
                raise ValueError(
                    f"{prefix}AES_KEY must be the 43-character EncodingAESKey of the WeChat console"
                )
        return config

    def crypto(self) -> WeChatCrypto:
        return WeChatCrypto(self.token, self.aes_key, self.app_id)


# --- authentication --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedQuery:
    """The authentication parameters WeChat adds to the webhook URL."""

    signature: str
    timestamp: str
    nonce: str
    echostr: str = ""
    encrypt_type: str = "raw"
    msg_signature: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> SignedQuery:
        def get(name: str) -> str:
            value = args.get(name)
            if isinstance(
                value, list
            ):  # sanic's RequestParameters.get returns the first value; dicts of lists too
                value = value[0] if value else None
            return str(value) if value is not None else ""

        return cls(
            get("signature"),
            get("timestamp"),
            get("nonce"),
            get("echostr"),
            (get("encrypt_type") or "raw").lower(),
            get("msg_signature"),
        )

    @property
    def is_encrypted(self) -> bool:
        return self.encrypt_type == "aes"


def verify_query(config: WeChatConfig, query: SignedQuery, now: float | None = None) -> None:
    """Check the URL signature and the timestamp window; :class:`ProtocolError` 403 otherwise."""
    if not (query.signature and query.timestamp and query.nonce):
        raise ProtocolError(403, "missing signature, timestamp or nonce")
    try:
        stamp = int(query.timestamp)
    except ValueError:
        raise ProtocolError(403, "timestamp is not an integer") from None
    try:
        check_signature(config.token, query.signature, query.timestamp, query.nonce)
    except InvalidSignatureException:
        raise ProtocolError(403, "bad signature") from None
    now = time.time() if now is None else now
    if abs(now - stamp) > config.max_clock_skew:
        raise ProtocolError(403, f"timestamp outside the {config.max_clock_skew:g} s window")


def check_body_size(config: WeChatConfig, body: bytes | None, declared_length: str | None = None) -> bytes:
    """The body, or :class:`ProtocolError` 413 when larger than allowed (declared or actual), 400 if empty."""
    if declared_length and declared_length.isdigit() and int(declared_length) > config.max_body_bytes:
        raise ProtocolError(413, f"body larger than {config.max_body_bytes} bytes")
    if body is not None and len(body) > config.max_body_bytes:
        raise ProtocolError(413, f"body larger than {config.max_body_bytes} bytes")
    if not body or not body.strip():
        raise ProtocolError(400, "empty body")
    return body


# --- parsing ---------------------------------------------------------------------------------------------


def parse_xml(raw: bytes | str) -> dict[str, str]:
    """The top-level fields of a WeChat ``<xml>`` document. DTDs, entities and malformed XML give 400."""
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise ProtocolError(400, f"forbidden XML construct: {type(error).__name__}") from None
    except (ParseError, ValueError):
        raise ProtocolError(400, "malformed XML") from None
    if root.tag != "xml":
        raise ProtocolError(400, f"unexpected XML root <{root.tag}>")
    return {child.tag: (child.text or "").strip() if len(child) == 0 else "" for child in root}


def parse_json(raw: bytes | str) -> dict[str, Any]:
    """A mini-program JSON message (an object), or 400."""
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ProtocolError(400, "body is not valid UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError(400, "body must be a JSON object")
    return data


def decrypt(config: WeChatConfig, query: SignedQuery, encrypted: str) -> str:
    """The plaintext of an ``Encrypt`` field, after checking ``msg_signature`` (403) and the app id (403)."""
    if not config.encrypted:
        raise ProtocolError(400, "encrypted message but no AES key configured")
    if not query.msg_signature:
        raise ProtocolError(403, "missing msg_signature")
    if not encrypted:
        raise ProtocolError(400, "missing Encrypt field")
    try:
        return config.crypto().decrypt_message(
            {"Encrypt": encrypted}, query.msg_signature, query.timestamp, query.nonce
        )
    except InvalidSignatureException:
        raise ProtocolError(403, "bad msg_signature") from None
    except InvalidAppIdException:
        raise ProtocolError(403, "message encrypted for another app id") from None
    except Exception:  # bad base64, padding or length: wechatpy raises several types
        raise ProtocolError(400, "cannot decrypt the message") from None


@dataclass(frozen=True)
class Incoming:
    """One message or event from WeChat, whatever its wire format."""

    to_user: str  # the official account / mini-program
    from_user: str  # the user's openid
    create_time: str
    msg_type: str
    content: str = ""
    msg_id: str = ""
    event: str = ""
    fields: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def dedup_key(self) -> tuple[str, str]:
        """WeChat's retry key: MsgId for messages, CreateTime + event (+ key) for events (per sender)."""
        if self.msg_id:
            return self.from_user, f"msg:{self.msg_id}"
        return self.from_user, f"event:{self.create_time}:{self.event}:{self.event_key}"

    @property
    def event_key(self) -> str:
        value = self.fields.get("EventKey")
        return str(value).strip() if isinstance(value, (str, int)) else ""

    @property
    def recognition(self) -> str:
        """The text WeChat's speech recognition gave a voice message (empty when off or not understood)."""
        value = self.fields.get("Recognition")
        return str(value).strip() if isinstance(value, str) else ""

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> Incoming:
        def text(name: str) -> str:
            value = fields.get(name)
            if value is None or isinstance(value, (dict, list)):
                return ""
            return str(value).strip() if name != "Content" else str(value)

        incoming = cls(
            text("ToUserName"),
            text("FromUserName"),
            text("CreateTime"),
            text("MsgType").lower(),
            text("Content"),
            text("MsgId"),
            text("Event").lower(),
            dict(fields),
        )
        if not (incoming.from_user and incoming.msg_type):
            raise ProtocolError(400, "message without FromUserName or MsgType")
        if len(incoming.from_user) > 128 or len(incoming.to_user) > 128 or len(incoming.msg_id) > 64:
            raise ProtocolError(400, "implausibly long identifier")
        return incoming


def read_xml_message(config: WeChatConfig, query: SignedQuery, body: bytes) -> Incoming:
    """The message of an official-account POST in plaintext, compatible or safe mode.

    With an AES key only encrypted requests (``encrypt_type=aes``) are accepted, and in compatible mode
    the plaintext copy is ignored: only the authenticated, decrypted ``Encrypt`` field counts.
    """
    outer = parse_xml(body)
    if config.encrypted:
        if not query.is_encrypted:
            raise ProtocolError(403, "plaintext request but the channel is in safe mode (WECHAT_AES_KEY set)")
        return Incoming.from_fields(parse_xml(decrypt(config, query, outer.get("Encrypt", ""))))
    if query.is_encrypted and "Encrypt" in outer and "FromUserName" not in outer:
        raise ProtocolError(400, "safe-mode message but WECHAT_AES_KEY is not set")
    return Incoming.from_fields(outer)  # plaintext, or compatible mode read from its plaintext copy


def read_json_message(config: WeChatConfig, query: SignedQuery, body: bytes) -> Incoming:
    """The message of a mini-program customer-service POST (JSON data format), plain or encrypted."""
    data = parse_json(body)
    if config.encrypted:
        if not query.is_encrypted:
            raise ProtocolError(403, "plaintext request but the channel is in safe mode (AES key set)")
        encrypted = data.get("Encrypt")
        data = parse_json(decrypt(config, query, encrypted if isinstance(encrypted, str) else ""))
    elif query.is_encrypted and "Encrypt" in data and "FromUserName" not in data:
        raise ProtocolError(400, "encrypted message but no AES key configured")
    return Incoming.from_fields(data)


# --- rendering -------------------------------------------------------------------------------------------


def _cdata_safe(text: str) -> str:
    # A literal "]]>" would close the CDATA section wechatpy writes around the value.
    return text.replace("]]>", "]]]]><![CDATA[>")


def render_text_reply(incoming: Incoming, text: str, now: float | None = None) -> str:
    """The passive text reply XML to ``incoming`` (sender and recipient swapped)."""
    reply = TextReply(
        source=_cdata_safe(incoming.to_user),
        target=_cdata_safe(incoming.from_user),
        content=_cdata_safe(text),
        time=int(time.time() if now is None else now),
    )
    return reply.render()


def render_transfer_reply(incoming: Incoming, account: str = "", now: float | None = None) -> str:
    """The passive ``transfer_customer_service`` reply: hands the user to the live agents (客服), to
    ``account`` (``TransInfo/KfAccount``) when given."""
    reply = TransferCustomerServiceReply(
        source=_cdata_safe(incoming.to_user),
        target=_cdata_safe(incoming.from_user),
        time=int(time.time() if now is None else now),
    )
    xml = reply.render()
    if account:
        trans = f"<TransInfo><KfAccount><![CDATA[{_cdata_safe(account)}]]></KfAccount></TransInfo>"
        xml = xml.replace("</xml>", f"{trans}</xml>")
    return xml


def encrypt_reply(config: WeChatConfig, xml: str, nonce: str, now: float | None = None) -> str:
    """The safe-mode envelope (Encrypt, MsgSignature, TimeStamp, Nonce) of a reply."""
    return config.crypto().encrypt_message(xml, nonce, str(int(time.time() if now is None else now)))


@dataclass(frozen=True)
class Option:
    title: str
    payload: str


def render_messages(messages: Iterable[Mapping[str, Any]]) -> tuple[str, list[Option]]:
    """One text for WeChat from Rasa's bot messages, and the options its buttons became.

    Buttons are numbered across the whole answer ("回复数字选择：" then "1. 长春" …); images are given as
    their link; custom payloads with a ``text`` are shown as text.
    """
    parts: list[str] = []
    options: list[Option] = []
    for message in messages:
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            parts.append(text.strip())
        image = message.get("image")
        if isinstance(image, str) and image:
            parts.append(image)
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("text"), str):
            parts.append(custom["text"].strip())
        buttons = [b for b in message.get("buttons") or () if isinstance(b, dict) and b.get("title")]
        if buttons and all(str(b.get("payload") or "").startswith(FEEDBACK_PAYLOAD_PREFIX) for b in buttons):
            # the 有帮助 / 没帮助 question: one short line, numbered after the answer's own options
            choices = []
            for button in buttons:
                options.append(Option(str(button["title"]), str(button["payload"])))
                choices.append(f"{len(options)} {button['title']}")
            parts[-1] = f"{parts[-1]}（回复 {'，'.join(choices)}）" if parts else "，".join(choices)
        elif buttons:
            lines = [OPTIONS_HEADER]
            for button in buttons:
                options.append(Option(str(button["title"]), str(button.get("payload") or button["title"])))
                lines.append(f"{len(options)}. {button['title']}")
            parts.append("\n".join(lines))
    return "\n\n".join(p for p in parts if p), options


def render_welcome(intro: str = WELCOME_TEXT) -> tuple[str, list[Option]]:
    """The subscribe welcome (or the help menu): a greeting and a short numbered menu of example questions."""
    options = [Option(title, question) for title, question in WELCOME_MENU]
    menu = "\n".join(f"{i}. {o.title}" for i, o in enumerate(options, 1))
    return f"{intro}\n{menu}", options


def split_text(text: str, limit: int = WECHAT_TEXT_LIMIT_BYTES) -> list[str]:
    """``text`` in pieces of at most ``limit`` UTF-8 bytes, cut at line ends when possible.

    Lines are packed greedily; a single line longer than the limit is cut between characters. Empty
    pieces are dropped, so an empty text gives ``[]``.
    """
    if limit < 8:
        raise ValueError("limit too small")

    def size(s: str) -> int:
        return len(s.encode("utf-8"))

    pieces: list[str] = []
    current = ""
    for line in text.strip().split("\n"):
        while size(line) > limit:  # hard cut of an over-long line, character by character
            head, budget = [], limit
            for char in line:
                width = size(char)
                if width > budget:
                    break
                head.append(char)
                budget -= width
            if current:
                pieces.append(current)
                current = ""
            pieces.append("".join(head))
            line = line[len(head) :]
        candidate = f"{current}\n{line}" if current else line
        if size(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return [p.strip("\n") for p in pieces if p.strip()]


# --- numbered options ------------------------------------------------------------------------------------

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class OptionStore(Protocol):
    """The numbered options shown to each sender: the in-process :class:`OptionMemory` or a shared store."""

    def remember(self, sender: str, options: list[Option], now: float | None = None) -> None: ...

    def resolve(self, sender: str, text: str, now: float | None = None) -> str: ...


class OptionMemory:
    """In-process :class:`OptionStore`: the last options shown to each sender, valid for ``ttl`` seconds;
    bounded in size."""

    def __init__(self, ttl: float, max_senders: int = 10_000):
        self.ttl = ttl
        self.max_senders = max_senders
        self._options: OrderedDict[str, tuple[float, list[Option]]] = OrderedDict()

    def remember(self, sender: str, options: list[Option], now: float | None = None) -> None:
        """Store the options of the latest answer; an answer without options forgets the previous ones."""
        self._options.pop(sender, None)
        if options:
            self._options[sender] = (time.monotonic() if now is None else now, list(options))
            while len(self._options) > self.max_senders:
                self._options.popitem(last=False)

    def resolve(self, sender: str, text: str, now: float | None = None) -> str:
        """The payload the user chose by number (or by the exact title), else ``text`` unchanged."""
        entry = self._options.get(sender)
        if entry is None:
            return text
        stamp, options = entry
        if (time.monotonic() if now is None else now) - stamp > self.ttl:
            del self._options[sender]
            return text
        choice = text.strip().translate(_FULLWIDTH_DIGITS).rstrip(".。、")
        if choice.isdigit() and 1 <= int(choice) <= len(options):
            return options[int(choice) - 1].payload
        for option in options:
            if choice == option.title:
                return option.payload
        return text
