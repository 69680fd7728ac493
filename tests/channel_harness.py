"""Servers for the channel tests: a fake WeChat API and real ``rasa run`` servers with our channels.

* :class:`FakeWeChatApi`: an aiohttp server (own thread, free port) answering ``/cgi-bin/token`` and
  ``/cgi-bin/message/custom/send`` like WeChat, recording every call; tokens can be expired (→ 40001)
  and a user can be made to fail with an errcode (45015 …).
* :func:`acquire` / :func:`release`: the Rasa servers (``python -m bot.ops.rasa_main run --enable-api``: Rasa
  with our patches, as scripts/run.sh starts it, with temporary credentials and endpoints, in-memory
  tracker store) and the action server, started once per test session whichever test module asks first,
  stopped when the last user releases them.

Two profiles: ``plain`` (plaintext official account with the default 4 s budget, mini-program, web chat)
and ``aes`` (safe-mode official account with a 0 s budget, so every Rasa answer is "slow" and pushed,
and a 300-byte text limit, so answers are split).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.rasa_harness import ROOT, ensure_model, free_port, start_action_server

TODAY = "2026-11-22"  # same pinned "today" as tests/conftest.py
API_TOKEN = secrets.token_urlsafe(24)  # Rasa's HTTP API needs it (bot/ops/exposure.py); ?token=…
AES_KEY = (string.ascii_letters + string.digits)[:43]  # a valid 43-character EncodingAESKey
WECHAT_FIXTURES = Path(__file__).resolve().parent / "wechat_fixtures"  # service hours for the transfer tests
KF_ACCOUNT = "kf2001@gh_shebao"

APPS = {  # app id -> secret, known to the fake API
    "wx-plain-app": "plain-secret",
    "wx-mini-app": "mini-secret",
    "wx-aes-app": "aes-secret",
}
PROFILES: dict[str, dict[str, str]] = {
    "plain": {
        "WECHAT_TOKEN": "plain-token",
        "WECHAT_APPID": "wx-plain-app",
        "WECHAT_APPSECRET": "plain-secret",
        "WECHAT_AES_KEY": "",
        "WECHAT_MINI_TOKEN": "mini-token",
        "WECHAT_MINI_APPID": "wx-mini-app",
        "WECHAT_MINI_APPSECRET": "mini-secret",
        "WECHAT_MAX_CLOCK_SKEW": "300",
        "WECHAT_KF_TRANSFER": "on",  # live agents always on duty (fixture hours)
        "WECHAT_KF_ACCOUNT": KF_ACCOUNT,
        "WECHAT_KF_HOURS_FILE": str(WECHAT_FIXTURES / "hours_always_open.yml"),
    },
    "aes": {
        "WECHAT_TOKEN": "aes-token",
        "WECHAT_APPID": "wx-aes-app",
        "WECHAT_APPSECRET": "aes-secret",
        "WECHAT_AES_KEY": AES_KEY,
        "WECHAT_REPLY_BUDGET": "0",
        "WECHAT_TEXT_LIMIT_BYTES": "300",
        "WECHAT_MINI_TOKEN": "",
        "WECHAT_KF_TRANSFER": "on",  # live agents never on duty (fixture hours): the phone line
        "WECHAT_KF_HOURS_FILE": str(WECHAT_FIXTURES / "hours_never_open.yml"),
    },
}
CHANNELS = [
    "bot.channels.rest.SafeRestInput",
    "bot.channels.wechat.WeChatInput",
    "bot.channels.wechat.WeChatMiniInput",
    "bot.channels.web.WebChatInput",
    "bot.channels.health.HealthInput",
]


# --- fake WeChat API -------------------------------------------------------------------------------------


@dataclass
class Push:
    token: str
    touser: str
    content: str
    errcode: int
    raw: bytes


@dataclass
class FakeWeChatApi:
    token_calls: list[dict[str, str]] = field(default_factory=list)
    pushes: list[Push] = field(default_factory=list)
    errors_for: dict[str, int] = field(default_factory=dict)  # openid -> errcode every send to it gets
    valid_tokens: set[str] = field(default_factory=set)
    url: str = ""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None

    # recorded calls, thread-safe views
    def delivered(self, openid: str) -> list[str]:
        with self._lock:
            return [p.content for p in self.pushes if p.touser == openid and p.errcode == 0]

    def attempts(self, openid: str) -> list[Push]:
        with self._lock:
            return [p for p in self.pushes if p.touser == openid]

    def tokens_for(self, app_id: str) -> int:
        with self._lock:
            return sum(1 for call in self.token_calls if call.get("appid") == app_id)

    def expire_tokens(self, app_id: str | None = None) -> None:
        """Make WeChat refuse (40001) the tokens issued so far, for one app id or all."""
        with self._lock:
            prefix = f"TOKEN-{app_id}-" if app_id else "TOKEN-"
            self.valid_tokens = {t for t in self.valid_tokens if not t.startswith(prefix)}

    async def _token(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        with self._lock:
            self.token_calls.append(query)
            if query.get("grant_type") != "client_credential" or APPS.get(
                query.get("appid", "")
            ) != query.get("secret"):
                return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
            token = f"TOKEN-{query['appid']}-{len(self.token_calls)}"
            self.valid_tokens.add(token)
        return web.json_response({"access_token": token, "expires_in": 7200})

    async def _send(self, request: web.Request) -> web.Response:
        raw = await request.read()
        token = request.query.get("access_token", "")
        body = json.loads(raw.decode("utf-8"))
        touser, content = body.get("touser", ""), (body.get("text") or {}).get("content", "")
        with self._lock:
            if token not in self.valid_tokens:
                errcode = 40001
            elif body.get("msgtype") != "text" or not touser:
                errcode = 40008
            else:
                errcode = self.errors_for.get(touser, 0)
            self.pushes.append(Push(token, touser, content, errcode, raw))
        return web.json_response({"errcode": errcode, "errmsg": "ok" if errcode == 0 else "error"})

    def start(self) -> FakeWeChatApi:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._send)
        port = free_port()
        started = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", port).start())
            started.set()
            self._loop.run_forever()

        threading.Thread(target=serve, name="fake-wechat-api", daemon=True).start()
        if not started.wait(10):
            raise RuntimeError("fake WeChat API did not start")
        self.url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)


# --- Rasa servers ----------------------------------------------------------------------------------------


@dataclass
class RasaServer:
    profile: str
    url: str
    process: subprocess.Popen
    log: Path
    env: dict[str, str]

    def get(self, path: str) -> tuple[int, bytes]:
        """GET of a path of Rasa's HTTP API (the token added) or of a channel."""
        token = f"{'&' if '?' in path else '?'}token={API_TOKEN}" if not path.startswith("/webhooks/") else ""
        return http("GET", f"{self.url}{path}{token}")

    def user_events(self, sender: str) -> list[dict[str, Any]]:
        return [e for e in self.events(sender) if e.get("event") == "user"]

    def events(self, sender: str) -> list[dict[str, Any]]:
        status, body = self.get(f"/conversations/{urllib.parse.quote(sender, safe=':')}/tracker")
        assert status == 200, body
        return list(json.loads(body)["events"])

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def http(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until(condition: Callable[[], Any], timeout: float = 30.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


class _Session:
    def __init__(self) -> None:
        self.users = 0
        self.tmp = Path(tempfile.mkdtemp(prefix="channels-"))
        self.servers: dict[str, RasaServer] = {}
        self.actions: subprocess.Popen | None = None
        self.api = FakeWeChatApi().start()
        try:
            model = self._private_model()  # first: training may take minutes, or fail
            self.actions, action_url = start_action_server({"BOT_TODAY": TODAY})
            (self.tmp / "endpoints.yml").write_text(
                f'action_endpoint:\n  url: "{action_url}"\n', encoding="utf-8"
            )
            (self.tmp / "credentials.yml").write_text("".join(f"{c}:\n" for c in CHANNELS), encoding="utf-8")
            for profile in PROFILES:  # started together: loading the model is the slow part
                self.servers[profile] = self._spawn(profile, model)
            for server in self.servers.values():
                self._wait(server)
        except BaseException:
            self.close()
            raise

    def _private_model(self) -> Path:
        """A copy of the current model: scripts/model.py deletes superseded models, possibly while our
        servers are still loading theirs (other work in this repository retrains concurrently)."""
        for _ in range(3):
            try:
                return Path(shutil.copy(ensure_model(), self.tmp / "model.tar.gz"))
            except FileNotFoundError:
                continue
        raise RuntimeError("the model kept disappearing while being copied")

    def _spawn(self, profile: str, model: Path) -> RasaServer:
        port = free_port()
        env = {key: value for key, value in os.environ.items() if not key.startswith("WECHAT_")}
        env.update(
            PROFILES[profile],
            WECHAT_API_BASE=self.api.url,
            BOT_TODAY=TODAY,
            PYTHONHASHSEED="0",
            RASA_AUTH_TOKEN=API_TOKEN,
            TF_CPP_MIN_LOG_LEVEL="2",
        )
        log = self.tmp / f"rasa-{profile}.log"
        command = [
            sys.executable,
            "-m",
            "bot.ops.rasa_main",
            "run",
            "--model",
            str(model),
            "--enable-api",
            "--port",
            str(port),
            "--credentials",
            str(self.tmp / "credentials.yml"),
            "--endpoints",
            str(self.tmp / "endpoints.yml"),
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        return RasaServer(profile, f"http://127.0.0.1:{port}", process, log, env)

    def _wait(self, server: RasaServer) -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"rasa ({server.profile}) exited:\n{server.log_text()[-4000:]}")
            try:
                if http("GET", f"{server.url}/status?token={API_TOKEN}", timeout=2)[0] == 200:
                    # warm up the model so the first test's answer is not slowed by lazy initialisation
                    http(
                        "POST",
                        f"{server.url}/webhooks/rest/webhook",
                        json.dumps({"sender": "warm-up", "message": "你好"}).encode(),
                    )
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"rasa ({server.profile}) did not start:\n{server.log_text()[-4000:]}")

    def close(self) -> None:
        for server in self.servers.values():
            server.process.terminate()
        for server in self.servers.values():
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()
        self.servers.clear()
        if self.actions is not None:
            self.actions.terminate()
            try:
                self.actions.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.actions.kill()
        self.api.stop()
        if not os.environ.get("KEEP_CHANNEL_LOGS"):  # set it to keep the Rasa logs for debugging
            shutil.rmtree(self.tmp, ignore_errors=True)


_session: _Session | None = None
_session_lock = threading.Lock()


def acquire() -> _Session:
    """The shared servers (started on first use)."""
    global _session
    with _session_lock:
        if _session is None:
            _session = _Session()
        _session.users += 1
        return _session


def release() -> None:
    global _session
    with _session_lock:
        if _session is None:
            return
        _session.users -= 1
        if _session.users <= 0:
            _session.close()
            _session = None


@atexit.register
def _cleanup() -> None:  # safety net if a test run is interrupted
    global _session
    if _session is not None:
        _session.close()
        _session = None
