"""The web chat page, served by the running assistant at ``/webhooks/web/``.

A static WeChat-style page (``bot/web/``) that talks to the REST channel (``/webhooks/rest/webhook``):
chat bubbles, quick-reply buttons from the bot's ``buttons``, a typing indicator. This channel only
serves the files; it receives no messages itself.
"""

from __future__ import annotations

import inspect
import mimetypes
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
FILES = ("index.html", "chat.css", "chat.js")  # the only files served: no path from the URL reaches the disk
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


class WebChatInput(InputChannel):
    """Serves the web chat page; messages go to the REST channel."""

    @classmethod
    def name(cls) -> str:
        return "web"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        module = inspect.getmodule(self)
        page = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        def serve(name: str) -> HTTPResponse:
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return response.raw(
                (WEB_DIR / name).read_bytes(),
                content_type=f"{content_type}; charset=utf-8",
                headers=SECURITY_HEADERS,
            )

        @page.route("/", methods=["GET"])
        async def index(request: Request) -> HTTPResponse:
            if not request.path.endswith("/"):  # relative URLs in the page need the trailing slash
                return response.redirect(f"{request.path}/")
            return serve("index.html")

        @page.route("/<name:str>", methods=["GET"])
        async def asset(request: Request, name: str) -> HTTPResponse:
            if name == "":  # sanic routes ".../web/" here (non-strict slashes)
                return serve("index.html")
            if name not in FILES:
                return response.json({"error": "not found"}, status=404)
            return serve(name)

        return page
