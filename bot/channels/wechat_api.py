"""WeChat server API client (aiohttp): access token and customer-service text messages.

* ``GET /cgi-bin/token`` gives the access token; it is cached until shortly before it expires and
  refreshed under an :class:`asyncio.Lock`, so concurrent pushes fetch it once.
* ``POST /cgi-bin/message/custom/send?access_token=…`` sends a text. An expired or invalid token
  (errcode 40001, 40014, 42001) is refreshed and the send retried once; 45015 (the user has not written
  for 48 hours) and 45047 (too many messages for this user) are logged and given up, as is anything else.

With a shared token store (:class:`bot.channels.wechat_state.RedisState`, several instances) the token
lives in Redis: one instance at a time fetches it, the others read it, and a rejected token is forgotten
for all; when Redis is unreachable the client falls back to its own cache.

The same endpoint serves official accounts and mini-programs. No Rasa import.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import aiohttp
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

TOKEN_ERRORS = {40001, 40014, 42001}  # invalid credential / invalid token / token expired
OUT_OF_WINDOW = 45015  # "response out of time limit": the user last wrote more than 48 hours ago
TOO_MANY = 45047  # customer-service downlink limit reached for this user
REFRESH_MARGIN = 300.0  # refresh this many seconds before the announced expiry


class WeChatApiError(RuntimeError):
    def __init__(self, errcode: int, errmsg: str):
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class SharedTokens(Protocol):
    """A token store shared by instances (:class:`bot.channels.wechat_state.RedisState`)."""

    async def token(self, app_id: str, fetch: Callable[[], Awaitable[tuple[str, float]]]) -> str: ...

    async def drop_token(self, app_id: str, token: str) -> None: ...


class WeChatClient:
    """Access-token cache and customer-service sender for one app id."""

    def __init__(
        self,
        api_base: str,
        app_id: str,
        app_secret: str,
        timeout: float = 10.0,
        tokens: SharedTokens | None = None,
    ):
        self.api_base = api_base.rstrip("/")
        self.app_id = app_id
        self.app_secret = app_secret
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock: asyncio.Lock | None = None
        self.tokens = tokens

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def access_token(self) -> str:
        """The shared token (when shared), else the cached one, fetched (once, under the lock) when missing
        or about to expire."""
        if self.tokens is not None:
            try:
                return await self.tokens.token(self.app_id, self._fetch_token)
            except RedisError as error:  # the lock's LockError too
                logger.error(
                    "wechat.token.shared_unavailable appid=%s %s: using this process's cache",
                    self.app_id,
                    type(error).__name__,
                )
        if self._token and time.monotonic() < self._expires_at:
            return self._token
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._token and time.monotonic() < self._expires_at:  # fetched while we waited
                return self._token
            token, valid_for = await self._fetch_token()
            self._token = token
            self._expires_at = time.monotonic() + valid_for
            return self._token

    async def _fetch_token(self) -> tuple[str, float]:
        """A new token from WeChat and how long to use it (its lifetime minus the refresh margin)."""
        session = await self._http()
        params = {"grant_type": "client_credential", "appid": self.app_id, "secret": self.app_secret}
        async with session.get(f"{self.api_base}/cgi-bin/token", params=params) as answer:
            data = await answer.json(content_type=None)
        if not isinstance(data, dict) or not data.get("access_token"):
            errcode = int(data.get("errcode", -1)) if isinstance(data, dict) else -1
            raise WeChatApiError(
                errcode,
                str(data.get("errmsg", "no access_token"))
                if isinstance(data, dict)
                else "malformed token response",
            )
        expires_in = float(data.get("expires_in") or 7200)
        logger.info("wechat.token.refreshed appid=%s expires_in=%s", self.app_id, expires_in)
        return str(data["access_token"]), max(expires_in - REFRESH_MARGIN, expires_in / 2)

    def invalidate(self, token: str) -> None:
        """Forget ``token`` if it is still the cached one (a newer token is kept)."""
        if self._token == token:
            self._token = None
            self._expires_at = 0.0

    async def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        token = await self.access_token()
        session = await self._http()
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")  # WeChat shows \\u escapes literally
        async with session.post(
            f"{self.api_base}{path}",
            params={"access_token": token},
            data=body,
            headers={"Content-Type": "application/json; charset=utf-8"},
        ) as answer:
            data = await answer.json(content_type=None)
        data = data if isinstance(data, dict) else {"errcode": -1, "errmsg": "malformed response"}
        data["_token"] = token
        return data

    async def send_text(self, openid: str, text: str) -> bool:
        """Send one customer-service text; True when WeChat accepted it. Never raises."""
        payload = {"touser": openid, "msgtype": "text", "text": {"content": text}}
        try:
            for attempt in (1, 2):
                data = await self._post("/cgi-bin/message/custom/send", payload)
                errcode = int(data.get("errcode") or 0)
                if errcode == 0:
                    return True
                if errcode in TOKEN_ERRORS and attempt == 1:
                    logger.warning(
                        "wechat.send.token_rejected errcode=%s: refreshing and retrying once", errcode
                    )
                    self.invalidate(data["_token"])
                    if self.tokens is not None:
                        await self.tokens.drop_token(self.app_id, data["_token"])
                    continue
                if errcode == OUT_OF_WINDOW:
                    logger.warning(
                        "wechat.send.out_of_48h_window openid=%s errcode=45015: not delivered", openid
                    )
                elif errcode == TOO_MANY:
                    logger.warning("wechat.send.limit_reached openid=%s errcode=45047: not delivered", openid)
                else:
                    logger.error(
                        "wechat.send.failed openid=%s errcode=%s errmsg=%s",
                        openid,
                        errcode,
                        data.get("errmsg"),
                    )
                return False
        except WeChatApiError as error:
            logger.error("wechat.token.failed appid=%s %s", self.app_id, error)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.error("wechat.send.network_error openid=%s %s: %s", openid, type(error).__name__, error)
        return False
