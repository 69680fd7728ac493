"""WeChat input channels for Rasa: the official account (XML) and the mini-program customer service (JSON).

``/webhooks/wechat/webhook`` (official account) and ``/webhooks/wechat_mini/webhook`` (mini-program):

* ``GET``: URL verification (``signature``, ``timestamp``, ``nonce``, ``echostr``) → ``echostr``;
* ``POST``: a message or event. The body size (413), the URL signature and timestamp window (403) are
  checked before anything is parsed; XML is parsed with defusedxml (400 on DTDs/entities), encrypted
  messages are authenticated by ``msg_signature`` and decrypted (403 / 400).

Protocol rules are in :mod:`bot.channels.wechat_protocol`, the once-per-message processing, the
5-second budget and the customer-service push in :mod:`bot.channels.wechat_core`, the WeChat API client
in :mod:`bot.channels.wechat_api`. Configuration: environment variables, see
:class:`bot.channels.wechat_protocol.WeChatConfig` and docs/channels.md ("Configuring WeChat").
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.wechat_api import WeChatClient
from bot.channels.wechat_core import LiveAgents, Transfer, WeChatCore
from bot.channels.wechat_kf import HOURS_FILE, REQUESTS_FILE, ServiceHours, TransferRequests, TransferStates
from bot.channels.wechat_menu import MENU_FILE, Menu
from bot.channels.wechat_protocol import (
    SUCCESS,
    Incoming,
    OptionMemory,
    ProtocolError,
    SignedQuery,
    WeChatConfig,
    check_body_size,
    encrypt_reply,
    read_json_message,
    read_xml_message,
    render_text_reply,
    render_transfer_reply,
    verify_query,
)
from bot.channels.wechat_state import RedisState, state_from_env
from bot.ops.pii import mask_pii

logger = logging.getLogger(__name__)


class WeChatInput(InputChannel):
    """Official-account messages: passive replies within the budget, customer-service pushes after it."""

    env_prefix = "WECHAT_"
    passive = True  # an official account can answer in the HTTP response

    def __init__(self, config: WeChatConfig):
        self.config = config
        self.core: WeChatCore | None = None
        self.client: WeChatClient | None = None

    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        config = WeChatConfig.from_env(cls.env_prefix)
        if not config.enabled:
            logger.warning(
                "%s channel disabled: %sTOKEN is not set (its webhook answers 503)",
                cls.name(),
                cls.env_prefix,
            )
        return cls(config)

    def read_message(self, query: SignedQuery, body: bytes) -> Incoming:
        return read_xml_message(self.config, query, body)

    def reply(self, incoming: Incoming, query: SignedQuery, text: str | Transfer | None) -> HTTPResponse:
        if text is None:
            return response.text(SUCCESS)
        if isinstance(text, Transfer):
            xml = render_transfer_reply(incoming, text.kf_account)
        else:
            xml = render_text_reply(incoming, text)
        if self.config.encrypted:
            xml = encrypt_reply(self.config, xml, query.nonce)
        return response.text(xml, content_type="application/xml; charset=utf-8")

    def build_core(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> WeChatCore:
        channel = self.name()

        async def answer(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
            collector = CollectingOutputChannel()
            message_id = (metadata.get("wechat") or {}).get("msg_id") or None
            # personal numbers masked before Rasa stores or logs the text; the metadata is ours (ids only,
            # and the 64-bit MsgId is a long digit run that masking would destroy)
            await on_new_message(
                UserMessage(
                    mask_pii(text),
                    collector,
                    sender,
                    input_channel=channel,
                    message_id=message_id,
                    metadata=metadata,
                )
            )
            return collector.messages

        # shared by the instances when Redis is configured (the production profile), else in-process
        state = state_from_env(OptionMemory(self.config.options_ttl), self.config.options_ttl)
        tokens = state if isinstance(state, RedisState) else None
        self.client = WeChatClient(
            self.config.api_base, self.config.app_id, self.config.app_secret, tokens=tokens
        )
        return WeChatCore(
            self.config,
            answer,
            self.client,
            channel=channel,
            passive=self.passive,
            menu=self.load_menu(),
            agents=self.load_agents(),
            state=state,
        )

    def load_menu(self) -> Menu | None:
        """The custom menu (official account only; data/wechat/menu.yml or WECHAT_MENU_FILE)."""
        if not self.passive:
            return None
        return Menu.load(Path(self.config.menu_file) if self.config.menu_file else MENU_FILE)

    def load_agents(self) -> LiveAgents | None:
        """Live-agent transfer when WECHAT_KF_TRANSFER is on (official account only)."""
        if not (self.passive and self.config.kf_transfer):
            return None
        hours = ServiceHours.load(
            Path(self.config.kf_hours_file) if self.config.kf_hours_file else HOURS_FILE
        )
        if hours.example:
            logger.warning(
                "%s: the service hours file still holds the EXAMPLE values (example: true): "
                "replace them with the real hours and holidays",
                self.name(),
            )
        requests = TransferRequests.load(Path(self.config.kf_file) if self.config.kf_file else REQUESTS_FILE)
        return LiveAgents(hours, requests, TransferStates(self.config.kf_wait_ttl), self.config.kf_account)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)
        core = self.core = self.build_core(on_new_message)
        channel = self.name()

        def refuse(request: Request, error: ProtocolError) -> HTTPResponse:
            logger.warning(
                "%s.refused status=%s reason=%s ip=%s", channel, error.status, error.reason, request.ip
            )
            return response.json({"error": error.reason}, status=error.status)

        def disabled() -> HTTPResponse:
            return response.json(
                {"error": f"{channel} channel not configured ({self.env_prefix}TOKEN)"}, status=503
            )

        @webhook.listener("after_server_stop")
        async def close_client(*_: Any) -> None:
            if self.client is not None:
                await self.client.close()
            if self.core is not None:
                await self.core.state.close()

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok", "enabled": self.config.enabled})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.config.enabled:
                return disabled()
            query = SignedQuery.from_args(request.args)
            try:
                verify_query(self.config, query)
            except ProtocolError as error:
                return refuse(request, error)
            if not query.echostr:
                return response.json({"error": "missing echostr"}, status=400)
            return response.text(query.echostr)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.config.enabled:
                return disabled()
            query = SignedQuery.from_args(request.args)
            try:
                body = check_body_size(self.config, request.body, request.headers.get("content-length"))
                verify_query(self.config, query)
                incoming = self.read_message(query, body)
                # the signature covers token, timestamp and nonce, not the body: a signed query may come
                # again only with the same message (WeChat's retry), never with another one
                if not await core.state.fresh_nonce(
                    core.app,
                    query.nonce,
                    query.timestamp,
                    "|".join(incoming.dedup_key),
                    self.config.max_clock_skew,
                ):
                    raise ProtocolError(403, "nonce already used for another message")
            except ProtocolError as error:
                return refuse(request, error)
            try:
                text = await core.handle(incoming)
                return self.reply(incoming, query, text)
            except Exception:  # never a 500: WeChat would retry and show the user an error notice
                logger.exception("%s.failure sender=%s", channel, incoming.from_user)
                return response.text(SUCCESS)

        return webhook


class WeChatMiniInput(WeChatInput):
    """Mini-program customer-service messages (JSON data format): every answer is pushed."""

    env_prefix = "WECHAT_MINI_"
    passive = False  # the mini-program customer service has no passive text reply

    @classmethod
    def name(cls) -> str:
        return "wechat_mini"

    def read_message(self, query: SignedQuery, body: bytes) -> Incoming:
        return read_json_message(self.config, query, body)

    def reply(self, incoming: Incoming, query: SignedQuery, text: str | Transfer | None) -> HTTPResponse:
        return response.text(SUCCESS)
