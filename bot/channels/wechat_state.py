"""WeChat state shared by every instance of the channel: message claims, numbered options, replayed nonces and
the access token. No Rasa import.

Two implementations of :class:`WeChatState`:

* :class:`InProcessState` (``make run`` without Redis, and the unit tests): today's single-process
  behaviour. A message's retries are joined by the core's own :class:`~bot.channels.wechat_core.RecentTurns`
  before any claim is asked for, so a claim here is always the first; the options live in an
  :class:`~bot.channels.wechat_protocol.OptionMemory`; nonces in a bounded in-process table; the access
  token in the :class:`~bot.channels.wechat_api.WeChatClient`'s own cache.
* :class:`RedisState` (chosen by :func:`state_from_env` when ``REDIS_URL`` or ``REDIS_HOST`` is set, as
  the production profile and ``scripts/deploy_local.py`` do), through redis-py's asyncio client (never
  blocking the event loop):

  - **message claim**: ``SET wechat:msg:<app>:<openid>:<msgid> NX PX <dedup ttl>`` (events:
    ``wechat:event:<app>:<openid>:<create time>:<event>:<key>``). The instance whose ``SET`` succeeds
    processes the message; a retry reaching another instance gets what the key holds: the passive reply
    text once it was given (stored with the same expiry), the live-agent transfer, or nothing yet
    (the answer is still being computed, or was pushed): ``success``.
  - **numbered options** per sender: one JSON value with the options, expiring after ``options_ttl``
    (:class:`OptionMemory`'s semantics: the latest answer's options, an answer without options forgets
    them).
  - **nonce replay**: ``SET wechat:nonce:<app>:<nonce>:<timestamp> <message key> NX`` expiring when the
    timestamp leaves the accepted window (``WECHAT_MAX_CLOCK_SKEW``). The same signed query may come
    again only with the same message (WeChat's own retry, which the claim answers); a captured query
    replayed with another body is refused (403). The URL signature covers the token, timestamp and nonce,
    not the body, so this closes the window in which a captured URL could carry a forged message.
  - **access token**: ``wechat:token:<app>`` with the token's lifetime (minus the refresh margin); one
    refresher at a time across instances (redis-py's :class:`~redis.asyncio.lock.Lock`, ``SET NX PX``),
    the others wait for the lock and read the shared token. A token WeChat rejected is deleted only if it
    is still the shared one (compare-and-delete), so every instance fetches the next one through the lock.

**Redis unreachable** (or slower than ``socket_timeout``): the WeChat state fails open and says so in the
log (``wechat.state.unavailable``): a message is processed as if first (the conversation lock, also in
Redis, then answers the busy reply and ``/webhooks/health/ready`` already reports Redis down, so nginx takes
the instance out), numbered options are not resolved, a nonce is accepted (the signature and timestamp
checks still apply), and the token falls back to the client's in-process cache. Nothing raises into the
channel, so WeChat never gets a 500.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import redis.asyncio as aioredis
from redis.exceptions import LockError as RedisLockError
from redis.exceptions import RedisError

from bot.channels.wechat_protocol import Option, OptionMemory, OptionStore

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "wechat"
TOKEN_LOCK_SECONDS = 30.0  # the refresher's lock lifetime (the token request times out after 10 s)
TOKEN_WAIT_SECONDS = 15.0  # how long another instance waits for the refresher
PENDING = "pending"

# delete the shared token only if it is still the one WeChat rejected
_COMPARE_AND_DELETE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""

TokenFetch = Callable[[], Awaitable[tuple[str, float]]]  # -> (token, seconds it stays valid)


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming a message: ``first`` (process it), else what a retry answers."""

    first: bool
    reply: str | None = None  # the passive reply already given
    transfer: str | None = None  # the transfer already given (the agent account, "" for any)


FIRST = Claim(first=True)


class WeChatState(Protocol):
    async def claim(self, app: str, key: tuple[str, str], ttl: float) -> Claim: ...

    async def settle(
        self, app: str, key: tuple[str, str], *, reply: str | None = None, transfer: str | None = None
    ) -> None: ...

    async def remember_options(self, sender: str, options: list[Option]) -> None: ...

    async def resolve_option(self, sender: str, text: str) -> str: ...

    async def fresh_nonce(
        self, app: str, nonce: str, timestamp: str, message: str, window: float
    ) -> bool: ...

    async def close(self) -> None: ...


class InProcessState:
    """This process only (see the module docstring)."""

    def __init__(self, options: OptionStore, max_nonces: int = 100_000):
        self.options = options
        self.max_nonces = max_nonces
        self._nonces: OrderedDict[str, tuple[float, str]] = OrderedDict()  # key -> (expiry, message)

    async def claim(self, app: str, key: tuple[str, str], ttl: float) -> Claim:
        return FIRST  # the core's RecentTurns joined this process's retries already

    async def settle(
        self, app: str, key: tuple[str, str], *, reply: str | None = None, transfer: str | None = None
    ) -> None:
        return None  # the core's RecentTurns keeps the turn and its reply

    async def remember_options(self, sender: str, options: list[Option]) -> None:
        self.options.remember(sender, options)

    async def resolve_option(self, sender: str, text: str) -> str:
        return self.options.resolve(sender, text)

    async def fresh_nonce(self, app: str, nonce: str, timestamp: str, message: str, window: float) -> bool:
        now = time.time()
        while self._nonces:  # oldest first; entries are added in time order
            oldest_key, (expiry, _) = next(iter(self._nonces.items()))
            if expiry > now and len(self._nonces) < self.max_nonces:
                break
            del self._nonces[oldest_key]
        key = f"{app}:{nonce}:{timestamp}"
        seen = self._nonces.get(key)
        if seen is not None:
            return seen[1] == message
        self._nonces[key] = (now + _window_left(timestamp, window, now), message)
        return True

    async def close(self) -> None:
        return None


def _window_left(timestamp: str, window: float, now: float) -> float:
    """Seconds until a request stamped ``timestamp`` leaves the accepted window (at least 1)."""
    try:
        stamp = int(timestamp)
    except ValueError:
        return window
    return max(1.0, stamp + window - now + 1.0)


def _message_key(prefix: str, app: str, key: tuple[str, str]) -> str:
    openid, what = key
    kind, _, rest = what.partition(":")  # "msg:<MsgId>" or "event:<time>:<event>:<key>"
    return f"{prefix}:{kind}:{app}:{openid}:{rest}"


class RedisState:
    """Shared by every instance through one Redis (see the module docstring)."""

    def __init__(self, client: aioredis.Redis, *, prefix: str = DEFAULT_PREFIX, options_ttl: float = 1800.0):
        self.redis = client
        self.prefix = prefix
        self.options_ttl = options_ttl
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._compare_and_delete = client.register_script(_COMPARE_AND_DELETE)

    def _unavailable(self, what: str, error: Exception) -> None:
        logger.error("wechat.state.unavailable op=%s error=%s: %s", what, type(error).__name__, error)

    # --- messages ------------------------------------------------------------------------------------------

    async def claim(self, app: str, key: tuple[str, str], ttl: float) -> Claim:
        name = _message_key(self.prefix, app, key)
        raw = None
        try:
            for _ in range(2):  # a second SET only if the key expired between our SET and GET
                if await self.redis.set(name, json.dumps({PENDING: self.owner}), nx=True, px=int(ttl * 1000)):
                    return FIRST
                raw = await self.redis.get(name)
                if raw is not None:
                    break
        except RedisError as error:
            self._unavailable("claim", error)
            return FIRST
        try:
            value = json.loads(raw) if raw is not None else {}
        except ValueError:
            value = {}
        if not isinstance(value, dict):
            value = {}
        reply, transfer = value.get("reply"), value.get("transfer")
        return Claim(
            first=False,
            reply=reply if isinstance(reply, str) else None,
            transfer=transfer if isinstance(transfer, str) else None,
        )

    async def settle(
        self, app: str, key: tuple[str, str], *, reply: str | None = None, transfer: str | None = None
    ) -> None:
        value: dict[str, Any] = {"reply": reply} if reply is not None else {}
        if transfer is not None:
            value["transfer"] = transfer
        if not value:
            return
        try:  # only while the claim lives, with its expiry
            await self.redis.set(
                _message_key(self.prefix, app, key),
                json.dumps(value, ensure_ascii=False),
                xx=True,
                keepttl=True,
            )
        except RedisError as error:
            self._unavailable("settle", error)

    # --- numbered options ----------------------------------------------------------------------------------

    def _options_key(self, sender: str) -> str:
        return f"{self.prefix}:options:{sender}"

    async def remember_options(self, sender: str, options: list[Option]) -> None:
        try:
            if options:
                value = json.dumps([[o.title, o.payload] for o in options], ensure_ascii=False)
                await self.redis.set(self._options_key(sender), value, px=int(self.options_ttl * 1000))
            else:
                await self.redis.delete(self._options_key(sender))
        except RedisError as error:
            self._unavailable("remember_options", error)

    async def resolve_option(self, sender: str, text: str) -> str:
        try:
            raw = await self.redis.get(self._options_key(sender))
        except RedisError as error:
            self._unavailable("resolve_option", error)
            return text
        if raw is None:
            return text
        try:
            options = [Option(str(title), str(payload)) for title, payload in json.loads(raw)]
        except (ValueError, TypeError):
            logger.warning("wechat.state.bad_options sender=%s: ignored", sender)
            return text
        memory = OptionMemory(ttl=float("inf"))  # the same choice rules as in-process; Redis did the TTL
        memory.remember(sender, options)
        return memory.resolve(sender, text)

    # --- nonces --------------------------------------------------------------------------------------------

    async def fresh_nonce(self, app: str, nonce: str, timestamp: str, message: str, window: float) -> bool:
        name = f"{self.prefix}:nonce:{app}:{nonce}:{timestamp}"
        ttl_ms = int(_window_left(timestamp, window, time.time()) * 1000)
        try:
            if await self.redis.set(name, message, nx=True, px=ttl_ms):
                return True
            seen = await self.redis.get(name)
        except RedisError as error:
            self._unavailable("nonce", error)
            return True
        return seen is None or seen.decode("utf-8", "replace") == message

    # --- access token --------------------------------------------------------------------------------------

    def _token_key(self, app_id: str) -> str:
        return f"{self.prefix}:token:{app_id}"

    async def token(self, app_id: str, fetch: TokenFetch) -> str:
        """The shared token of ``app_id``; fetched by one instance at a time when missing. Raises
        :class:`RedisError` when Redis is unreachable (the client then uses its own cache)."""
        key = self._token_key(app_id)
        cached = await self.redis.get(key)
        if cached:
            return cached.decode()
        lock = self.redis.lock(
            f"{key}:refresh",
            timeout=TOKEN_LOCK_SECONDS,
            sleep=0.05,
            blocking_timeout=TOKEN_WAIT_SECONDS,
            thread_local=False,
        )
        if not await lock.acquire():
            raise RedisLockError(f"the token refresher of {app_id} held the lock over {TOKEN_WAIT_SECONDS} s")
        try:
            cached = await self.redis.get(key)  # fetched by another instance while we waited
            if cached:
                return cached.decode()
            token, valid_for = await fetch()
            await self.redis.set(key, token, px=max(1000, int(valid_for * 1000)))
            logger.info("wechat.token.shared appid=%s valid_for=%.0f s", app_id, valid_for)
            return token
        finally:
            try:
                await lock.release()
            except RedisLockError:
                logger.warning("wechat.token.lock_expired appid=%s", app_id)

    async def drop_token(self, app_id: str, token: str) -> None:
        """Forget the shared token WeChat rejected (a newer one is kept)."""
        try:
            await self._compare_and_delete(keys=[self._token_key(app_id)], args=[token])
        except RedisError as error:
            self._unavailable("drop_token", error)

    async def close(self) -> None:
        await self.redis.close()


def redis_from_env(env: Mapping[str, str] | None = None) -> aioredis.Redis | None:
    """The Redis of the production profile (the lock store's settings), or None when not configured.

    ``REDIS_URL`` (``redis://[:password@]host:port/db``) wins; else ``REDIS_HOST`` with ``REDIS_PORT``
    (6379), ``REDIS_DB`` (1, as endpoints.production.yml and scripts/deploy_local.py) and
    ``REDIS_PASSWORD``.
    """
    env = os.environ if env is None else env
    timeout = 2.0
    url = env.get("REDIS_URL", "").strip()
    if url:
        return aioredis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    host = env.get("REDIS_HOST", "").strip()
    if not host:
        return None
    try:
        port = int(env.get("REDIS_PORT", "").strip() or 6379)
        db = int(env.get("REDIS_DB", "").strip() or 1)
    except ValueError:
        raise ValueError("REDIS_PORT and REDIS_DB must be integers") from None
    return aioredis.Redis(
        host=host,
        port=port,
        db=db,
        password=env.get("REDIS_PASSWORD", "").strip() or None,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
    )


def state_from_env(
    options: OptionStore, options_ttl: float, env: Mapping[str, str] | None = None
) -> WeChatState:
    """:class:`RedisState` when Redis is configured (``REDIS_URL`` / ``REDIS_HOST``), else
    :class:`InProcessState` with ``options``. ``WECHAT_STATE_PREFIX`` changes the key prefix."""
    env = os.environ if env is None else env
    client = redis_from_env(env)
    if client is None:
        logger.info("wechat.state in-process (no REDIS_URL / REDIS_HOST)")
        return InProcessState(options)
    prefix = env.get("WECHAT_STATE_PREFIX", "").strip() or DEFAULT_PREFIX
    logger.info("wechat.state redis prefix=%s", prefix)
    return RedisState(client, prefix=prefix, options_ttl=options_ttl)
