"""The nginx configuration of the local deployment (deploy/local/nginx.conf.in, rendered by
scripts/deploy_local.py) in front of a stub upstream: per-client rate limits on the REST webhook and the web
chat (429 beyond a burst, one client's burst not limiting another), none on WeChat's signed webhooks nor for
loopback clients without X-Forwarded-For (health checks, benchmarks), Rasa's HTTP API not exposed, bodies
over 64 KiB refused. Traffic stays on 127.0.0.1; no Rasa, no model."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from aiohttp import web

from scripts.deploy_local import NGINX, TEMPLATES, free_port, render

BURST = 20  # limit_req burst of the template


def _stub_upstream() -> tuple[int, asyncio.AbstractEventLoop]:
    """A server answering 200 to everything, standing in for the Rasa instances."""

    async def ok(request: web.Request) -> web.Response:
        return web.json_response({"path": request.path})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", ok)
    port, loop, started = free_port(), asyncio.new_event_loop(), threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    assert started.wait(10)
    return port, loop


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory):
    if not shutil.which(NGINX):
        pytest.skip("nginx missing (make test installs it from Debian)")
    workdir: Path = tmp_path_factory.mktemp("nginx")
    upstream, loop = _stub_upstream()
    port = free_port()
    values = {"DIR": str(workdir), "PORT": str(port)}
    conf = workdir / "nginx.conf"
    conf.write_text(
        render(
            (TEMPLATES / "nginx.conf.in").read_text(encoding="utf-8"), values, "deploy/local/nginx.conf.in"
        ),
        encoding="utf-8",
    )
    (workdir / "upstreams.conf").write_text(f"server 127.0.0.1:{upstream};\n", encoding="utf-8")
    process = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while get(f"{url}/webhooks/health/live")[0] != 200:
        assert process.poll() is None, (workdir / "nginx-error.log").read_text()
        assert time.monotonic() < deadline, "nginx did not start"
        time.sleep(0.1)
    yield url
    process.send_signal(signal.SIGQUIT)
    process.wait(10)
    loop.call_soon_threadsafe(loop.stop)


def get(url: str, client: str | None = None, data: bytes | None = None) -> tuple[int, bytes]:
    headers = {"X-Forwarded-For": client} if client else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def burst(url: str, count: int, client: str | None = None) -> Counter[int]:
    return Counter(get(url, client)[0] for _ in range(count))


def test_a_client_beyond_its_burst_gets_429_and_others_are_served(proxy: str) -> None:
    statuses = burst(f"{proxy}/webhooks/rest/", 2 * BURST, client="203.0.113.7")
    assert statuses[200] >= BURST and statuses[429] >= BURST // 2, statuses  # 5 r/s refill during the run
    assert get(f"{proxy}/webhooks/rest/", client="203.0.113.8")[0] == 200  # another client is not limited
    assert burst(f"{proxy}/webhooks/web/", 5, client="203.0.113.7")[429] >= 1  # same client, web chat too


def test_wechat_and_loopback_are_not_rate_limited(proxy: str) -> None:
    assert burst(f"{proxy}/webhooks/wechat/", 2 * BURST, client="203.0.113.9") == {200: 2 * BURST}
    assert burst(f"{proxy}/webhooks/rest/", 2 * BURST) == {200: 2 * BURST}  # health checks, benchmarks
    assert burst(f"{proxy}/webhooks/health/ready", 2 * BURST, client="203.0.113.10") == {200: 2 * BURST}


def test_only_the_channels_are_public_and_bodies_are_bounded(proxy: str) -> None:
    for path in ("/status", "/conversations/rest:u1/tracker", "/model", "/"):
        assert get(f"{proxy}{path}")[0] == 404, path
    assert get(f"{proxy}/webhooks/wechat/webhook", data=b"x" * (65 * 1024))[0] == 413
