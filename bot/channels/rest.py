"""REST channel that validates requests: a malformed body gets a clear 4xx, never a 500.

Drop-in for Rasa's ``rest`` channel (same name, same URL ``/webhooks/rest/webhook``, same response: a
JSON list of bot messages). Request body: ``{"sender": "...", "message": "...", "metadata": {...}}``.

**Sender ids have their own namespace and shape.** A client chooses its sender id, so it must never be
able to name another channel's conversation (``wechat:<openid>`` is a WeChat user's). The id must be 1-64
characters of ``A-Z a-z 0-9 _ . -`` (no ``:``, so no namespace of its own), and the conversation Rasa
stores is ``rest:<sender>``; the web chat page's ids (``web-`` + 24 hex digits, random per browser) become
``web:<hex>``, and any other ``web-…`` id is refused. The reply's ``recipient_id`` is the sender id the
client sent.
"""

from __future__ import annotations

import copy
import inspect
import json
import logging
import re
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import UNAVAILABLE_TEXT
from bot.ops import TrackerStoreUnavailable
from bot.ops.pii import mask_pii, mask_pii_in_obj

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 64
SENDER_RE = re.compile(rf"[A-Za-z0-9_.\-]{{1,{MAX_SENDER_CHARS}}}")
WEB_SENDER_RE = re.compile(r"web-([0-9a-f]{24})")  # bot/web/chat.js: "web-" + 12 random bytes in hex
REST_NAMESPACE, WEB_NAMESPACE = "rest", "web"


def conversation_id(sender: str) -> str:
    """The Rasa conversation id of a (validated) REST or web chat sender id."""
    web = WEB_SENDER_RE.fullmatch(sender)
    return f"{WEB_NAMESPACE}:{web.group(1)}" if web else f"{REST_NAMESPACE}:{sender}"


class RequestError(ValueError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_body(raw: bytes | None) -> tuple[str, str, dict[str, Any] | None]:
    """(sender, message, metadata) from a request body, or :class:`RequestError` with the HTTP status."""
    if raw is None or not raw.strip():
        raise RequestError(400, 'empty body: send JSON {"sender": "...", "message": "..."}')
    if len(raw) > MAX_BODY_BYTES:
        raise RequestError(413, f"body larger than {MAX_BODY_BYTES} bytes")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (
        UnicodeDecodeError,
        json.JSONDecodeError,
        RecursionError,
    ):  # RecursionError: absurdly nested arrays
        raise RequestError(400, "body is not valid UTF-8 JSON") from None
    if not isinstance(body, dict):
        raise RequestError(400, "body must be a JSON object")
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip():
        raise RequestError(400, "'sender' must be a non-empty string")
    sender = sender.strip()
    if not SENDER_RE.fullmatch(sender):
        raise RequestError(
            400, f"'sender' must be 1-{MAX_SENDER_CHARS} characters of A-Z, a-z, 0-9, '_', '.', '-'"
        )
    if sender.startswith("web-") and not WEB_SENDER_RE.fullmatch(sender):
        raise RequestError(400, "'sender' starting with 'web-' must be the web chat's own id")
    if message is None:
        raise RequestError(400, "'message' is missing")
    if not isinstance(message, str):
        raise RequestError(400, "'message' must be a string")
    if len(message) > MAX_MESSAGE_CHARS:
        raise RequestError(413, f"'message' longer than {MAX_MESSAGE_CHARS} characters")
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestError(400, "'metadata' must be a JSON object")
    return sender, message, metadata


class SafeRestInput(InputChannel):
    """Rasa's REST channel with request validation and a polite answer when processing fails."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def preprocess(self, text: str) -> str:
        """The text Rasa gets: personal numbers masked (:mod:`bot.ops.pii`); no tracker or log holds them."""
        return mask_pii(text)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = parse_body(request.body)
            except RequestError as error:
                return response.json({"error": error.message}, status=error.status)
            collector = CollectingOutputChannel()
            conversation = conversation_id(sender)
            try:
                await on_new_message(
                    UserMessage(
                        self.preprocess(text),
                        collector,
                        conversation,
                        input_channel=self.name(),
                        metadata=mask_pii_in_obj(metadata),
                    )  # client metadata is stored too
                )
            except (CancelledError, TrackerStoreUnavailable) as error:  # BaseExceptions: not caught below
                logger.error("rest.message.%s sender=%s", type(error).__name__, sender)
                return response.json([{"recipient_id": sender, "text": UNAVAILABLE_TEXT}])
            except Exception:
                logger.exception("rest.message.failure sender=%s", sender)
                return response.json([{"recipient_id": sender, "text": UNAVAILABLE_TEXT}])
            if not collector.messages:  # e.g. the action server is down: Rasa logs it and says nothing
                logger.error("rest.message.no_answer sender=%s", sender)
                return response.json([{"recipient_id": sender, "text": UNAVAILABLE_TEXT}])
            messages = copy.deepcopy(collector.messages)
            for message in messages:
                message["recipient_id"] = sender  # the client's own id, not the stored namespace
            return response.json(messages)

        return webhook
