"""Closed doors (issue #17 item 4): where Rasa and the action server listen, Rasa's HTTP API behind a token,
Sanic's request size, the public readiness answer.

* :func:`bot.ops.exposure.harden` as a unit: every default and every way to configure it;
* a ``make run`` stack started by scripts/run.sh itself (free ports, its own endpoints file, SQLite store,
  logs and token file in a temporary directory): its listening sockets read from /proc/net/tcp{,6} are on
  127.0.0.1 only, the API refuses requests without the token and with a wrong one and answers with the
  token run.sh generated (kept in a mode-600 file, never printed in full), a body over the limit gets 413
  before it is read, readiness says only "ready"; and a mini-program answer still being computed when
  the stack is stopped (Ctrl-C) is pushed before Rasa exits. All traffic goes to 127.0.0.1 (a fake WeChat
  API there too).
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.channels.rest import MAX_BODY_BYTES
from bot.channels.wechat_protocol import WeChatConfig
from bot.ops import exposure
from tests.channel_harness import FakeWeChatApi
from tests.rasa_harness import ROOT, ensure_model, free_port

MINI_TOKEN = "mini-token"

# --- exposure.harden -------------------------------------------------------------------------------------

RUN = ["run", "--model", "m.tar.gz", "--port", "5005"]


def test_rasa_binds_loopback_by_default_and_elsewhere_only_when_configured() -> None:
    assert exposure.harden(RUN, {})[-2:] == ["--interface", "127.0.0.1"]
    assert exposure.harden(RUN, {"RASA_INTERFACE": "0.0.0.0"})[-2:] == ["--interface", "0.0.0.0"]
    for explicit in (["-i", "10.0.0.5"], ["--interface", "10.0.0.5"], ["--interface=10.0.0.5"]):
        args = exposure.harden([*RUN, *explicit], {"RASA_INTERFACE": "0.0.0.0"})
        assert args == [*RUN, *explicit]  # an explicit choice is kept as it is


def _token(args: list[str]) -> str | None:
    """The token harden() added (``--auth-token=…``), or None."""
    added = [a for a in args if a.startswith("--auth-token=")]
    return added[0].removeprefix("--auth-token=") if added else None


def test_the_api_gets_the_environments_token_or_a_random_one() -> None:
    env = {"RASA_AUTH_TOKEN": "s3cret-token-from-env"}
    args = exposure.harden([*RUN, "--enable-api"], env)
    assert _token(args) == "s3cret-token-from-env"
    first = exposure.harden([*RUN, "--enable-api"], {})
    second = exposure.harden([*RUN, "--enable-api"], {})
    token = _token(first)
    assert token is not None and len(token) >= 40 and token != _token(second)  # random per run
    for own in (["--auth-token", "mine"], ["-t", "mine"], ["--jwt-secret", "k"], ["--auth-token=mine"]):
        added = exposure.harden([*RUN, "--enable-api", *own], env)[len(RUN) + 1 + len(own) :]
        assert not any(a.startswith("--auth-token") for a in added)
    assert _token(exposure.harden(RUN, env)) is None  # no API, no token needed


def test_a_token_beginning_with_a_dash_is_one_argument_rasa_can_read() -> None:
    """secrets.token_urlsafe begins with "-" one time in 64: ``-t -6f…`` made ``rasa run`` stop with
    "expected one argument" (seen in a CI run); ``--auth-token=-6f…`` is read as the token."""
    import argparse

    args = exposure.harden([*RUN, "--enable-api"], {"RASA_AUTH_TOKEN": "-6fXyz-token"})
    parser = argparse.ArgumentParser()
    parser.add_argument("-t", "--auth-token")
    parsed, _ = parser.parse_known_args([a for a in args if a.startswith("--auth-token")])
    assert parsed.auth_token == "-6fXyz-token"


def test_token_is_never_logged_in_full(caplog) -> None:
    caplog.set_level("INFO", logger="bot.ops.exposure")
    exposure.harden([*RUN, "--enable-api"], {"RASA_AUTH_TOKEN": "abcdefghijklmnopqrstuvwxyz"})
    assert "abcd…" in caplog.text and "abcdefghijklmnopqrstuvwxyz" not in caplog.text
    caplog.clear()
    args = exposure.harden([*RUN, "--enable-api"], {})
    token = _token(args)
    assert token is not None and "random token" in caplog.text and token not in caplog.text


def test_request_size_and_the_action_servers_bind() -> None:
    env: dict[str, str] = {}
    exposure.harden(RUN, env)
    assert env == {"SANIC_REQUEST_MAX_SIZE": str(exposure.REQUEST_MAX_BYTES)}
    assert exposure.REQUEST_MAX_BYTES == MAX_BODY_BYTES == WeChatConfig().max_body_bytes  # one limit
    env = {"SANIC_REQUEST_MAX_SIZE": "1000"}
    exposure.harden(["run", "actions"], env)
    assert env == {"SANIC_REQUEST_MAX_SIZE": "1000", "SANIC_HOST": "127.0.0.1"}
    assert exposure.harden(["--version"], {}) == ["--version"]


# --- a make run stack ------------------------------------------------------------------------------------

LISTEN = "0A"


def listening(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] == LISTEN and int(port_hex, 16) == port:
                found.add(_address(address))
    return found


def _address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    if len(raw) == 4:
        return ".".join(str(b) for b in raw[::-1])
    words = [raw[i : i + 4][::-1] for i in range(0, 16, 4)]  # /proc prints IPv6 as 4 little-endian words
    return ":".join(b"".join(words).hex()[i : i + 4] for i in range(0, 32, 4))


def request(url: str, data: bytes | None = None, method: str | None = None) -> tuple[int, bytes]:
    assert url.startswith("http://127.0.0.1:")  # test traffic stays on the loopback
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Stack:
    def __init__(self, tmp: Path, api: FakeWeChatApi) -> None:
        self.api = api
        self.rasa_port, self.action_port = free_port(), free_port()
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            "tracker_store:\n  type: bot.ops.tracker_store.DurableSQLTrackerStore\n"
            f'  dialect: "sqlite"\n  db: "{tmp / "trackers.sqlite"}"\n',
            encoding="utf-8",
        )
        self.token_file = tmp / "token"
        env = {
            key: value for key, value in os.environ.items() if key not in ("RASA_AUTH_TOKEN", "SANIC_HOST")
        }
        env.pop("RASA_INTERFACE", None)
        env.update(
            RASA_PORT=str(self.rasa_port),
            ACTION_PORT=str(self.action_port),
            ENDPOINTS=str(endpoints),
            LOG_DIR=str(tmp / "log"),
            TOKEN_FILE=str(self.token_file),
            BOT_TODAY="2026-11-22",
            WECHAT_TOKEN="",
            WECHAT_MINI_TOKEN=MINI_TOKEN,
            WECHAT_MINI_APPID="wx-mini-app",  # known to the fake API
            WECHAT_MINI_APPSECRET="mini-secret",
            WECHAT_API_BASE=api.url,
        )
        self.log_dir = tmp / "log"
        self.output: list[str] = []
        self.running = threading.Event()
        self.process = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            # Ctrl-C as at a terminal: a suite started in the background (cmd &) inherits SIGINT ignored,
            # and run.sh would then never hear the stop this test sends
            preexec_fn=_default_interrupt,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            if "is running" in line:
                self.running.set()

    def wait(self, timeout: float = 420) -> None:
        deadline = time.monotonic() + timeout
        while not self.running.wait(1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("run.sh did not start:\n" + "".join(self.output)[-3000:])
        time.sleep(1)  # the rest of the banner

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C: run.sh stops both servers
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory):
    ensure_model()  # trained first if stale, so run.sh finds it current
    api = FakeWeChatApi().start()
    running = Stack(tmp_path_factory.mktemp("run-stack"), api)
    try:
        running.wait()
        yield running
    finally:
        running.stop()
        api.stop()


@pytest.mark.model
@pytest.mark.slow
def test_make_run_listens_on_loopback_only(stack: Stack) -> None:
    assert listening(stack.rasa_port) == {"127.0.0.1"}
    assert listening(stack.action_port) == {"127.0.0.1"}


@pytest.mark.model
@pytest.mark.slow
def test_make_run_api_needs_the_token_and_the_token_is_never_printed(stack: Stack) -> None:
    token = stack.token_file.read_text().strip()
    assert len(token) >= 40 and stat.S_IMODE(stack.token_file.stat().st_mode) == 0o600
    printed = "".join(stack.output)
    assert token not in printed and f"token={token[:4]}…" in printed
    for path in ("/status", "/conversations/rest:someone/tracker", "/domain"):
        assert request(f"{stack.url}{path}")[0] == 401, path
        assert request(f"{stack.url}{path}?token=wrong-{token}")[0] == 401, path
    assert request(f"{stack.url}/model?token=wrong", b"{}", "PUT")[0] == 401  # no model replaced
    assert request(f"{stack.url}/model/train", b"{}", "POST")[0] == 401  # no training started
    status, body = request(f"{stack.url}/status?token={token}")
    assert status == 200 and "model_file" in json.loads(body)
    status, _ = request(f"{stack.url}/conversations/rest:someone/tracker?token={token}")
    assert status == 200


@pytest.mark.model
@pytest.mark.slow
def test_make_run_channels_answer_and_limits_hold(stack: Stack) -> None:
    assert request(f"{stack.url}/webhooks/health/ready") == (200, b'{"status":"ready"}')
    status, body = request(
        f"{stack.url}/webhooks/rest/webhook",
        json.dumps({"sender": "door-test", "message": "长春缴费基数上限"}).encode(),
    )
    assert status == 200 and "13835" in body.decode("utf-8")
    # Sanic refuses a body over the limit before reading it (Rasa's default would read 100 MB)
    status, _ = request(f"{stack.url}/webhooks/rest/webhook", b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}")
    assert status == 413
    status, _ = request(f"{stack.url}/webhooks/wechat/webhook", b"<xml>" + b"a" * (2 * MAX_BODY_BYTES))
    assert status == 413


@pytest.mark.model
@pytest.mark.slow
def test_stopping_the_stack_pushes_the_pending_answers_first(stack: Stack) -> None:
    """Last test of the module: it stops the stack. A mini-program message gets ``success`` at once and its
    answer is pushed when ready; Ctrl-C right after it must not lose that push."""
    from wechatpy.crypto import WeChatSigner

    openid, stamp, nonce = "o-door-drain", str(int(time.time())), f"n{time.time_ns()}"
    signer = WeChatSigner()
    signer.add_data(MINI_TOKEN, stamp, nonce)
    query = f"signature={signer.signature}&timestamp={stamp}&nonce={nonce}"
    message = {
        "ToUserName": "gh_mini",
        "FromUserName": openid,
        "CreateTime": int(stamp),
        "MsgType": "text",
        "Content": "长春缴费基数上限",
        "MsgId": time.time_ns() % 10**15,
    }
    status, body = request(
        f"{stack.url}/webhooks/wechat_mini/webhook?{query}", json.dumps(message, ensure_ascii=False).encode()
    )
    assert (status, body) == (200, b"success")
    stack.stop()  # at once: the answer is still being computed
    assert stack.process.returncode == 0
    pushed = stack.api.delivered(openid)
    assert pushed and "13835" in pushed[0], (pushed, (stack.log_dir / "rasa.log").read_text()[-3000:])
    assert "health.drain.done" in (stack.log_dir / "rasa.log").read_text()
