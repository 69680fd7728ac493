"""Start the production topology on this machine: one action server, N stateless Rasa instances on the
production profile (endpoints.production.yml: PostgreSQL tracker store, Redis lock store) and nginx in
front, round-robin over the instances. Ctrl-C stops everything.

    .venv/bin/python scripts/deploy_local.py --instances 2 --port 8080

Connection settings come from the environment (defaults: this machine's services): DB_HOST, DB_PORT,
DB_NAME, DB_USER, DB_PASSWORD, REDIS_HOST, REDIS_PORT, REDIS_DB. The tests and the benchmark use the
:class:`Deployment` class directly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.model import model_path

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVICES = {
    "DB_HOST": "127.0.0.1",
    "DB_PORT": "5432",
    "DB_NAME": "test",
    "DB_USER": "postgres",
    "DB_PASSWORD": "",
    "REDIS_HOST": "127.0.0.1",
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
}
RUNTIME = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "PYTHONHASHSEED": "0",
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}
NGINX_CONF = """daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
    client_max_body_size 64k;
    upstream rasa {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        # only the channels are public; Rasa's HTTP API (no authentication) stays behind the proxy
        location /webhooks/ {{
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 30s;
            proxy_next_upstream error timeout;
        }}
        location / {{ return 404; }}
    }}
}}
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


@dataclass
class Deployment:
    instances: int = 2
    port: int | None = None  # nginx; None: no nginx
    model: Path = field(default_factory=model_path)
    env: dict[str, str] = field(default_factory=dict)
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="deploy-")))
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    rasa_ports: list[int] = field(default_factory=list)
    action_port: int = 0

    @property
    def urls(self) -> list[str]:
        """Each Rasa instance's base URL."""
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    @property
    def url(self) -> str:
        """The public entry: nginx when it runs, else the first instance."""
        return f"http://127.0.0.1:{self.port}" if self.port else self.urls[0]

    def environment(self) -> dict[str, str]:
        base = {key: os.environ.get(key, value) for key, value in SERVICES.items()}
        return {
            **os.environ,
            **RUNTIME,
            **base,
            **self.env,
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.action_port}/webhook",
        }

    def _spawn(self, name: str, command: list[str]) -> None:
        with (self.workdir / f"{name}.log").open("wb") as log:
            self.processes[name] = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start_action_server(self) -> None:
        self.action_port = self.action_port or free_port()
        self._spawn(
            "actions",
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
        )

    def start_instance(self, index: int) -> None:
        port = self.rasa_ports[index]
        self._spawn(
            f"rasa{index}",
            [
                sys.executable,
                "-m",
                "bot.ops.rasa_main",
                "run",  # with our patches
                "--model",
                str(self.model),
                "--port",
                str(port),
                "--endpoints",
                "endpoints.production.yml",
                "--credentials",
                "credentials.yml",
            ],
        )

    def start(self, timeout: float = 180.0) -> Deployment:
        if not self.model.is_file():
            raise RuntimeError(f"no model {self.model}: run `make model` first")
        self.rasa_ports = self.rasa_ports or [free_port() for _ in range(self.instances)]
        self.start_action_server()
        for index in range(self.instances):
            self.start_instance(index)
        if self.port:
            servers = "\n".join(
                f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in self.rasa_ports
            )
            conf = self.workdir / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(dir=self.workdir, servers=servers, port=self.port), encoding="utf-8"
            )
            self._spawn("nginx", [NGINX, "-c", str(conf), "-p", str(self.workdir)])
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        pending = [f"{url}/webhooks/health/ready" for url in self.urls]
        while pending and time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited:\n{self.log(name)[-3000:]}")
            pending = [url for url in pending if get(url)[0] != 200]
            time.sleep(0.3)
        if pending:
            raise RuntimeError(f"not ready after {timeout:.0f} s: {pending}")
        if self.port:
            while get(f"{self.url}/webhooks/health/live")[0] != 200:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"nginx not answering:\n{self.log('nginx')}")
                time.sleep(0.2)

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    def stop_process(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        for name in sorted(self.processes, key=lambda n: n != "nginx"):  # the proxy first, then the instances
            self.stop_process(name, signal.SIGQUIT if name == "nginx" else signal.SIGTERM)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx port (0: no nginx)")
    args = parser.parse_args()
    deployment = Deployment(instances=args.instances, port=args.port or None, workdir=ROOT / "var" / "deploy")
    deployment.workdir.mkdir(parents=True, exist_ok=True)
    try:
        deployment.start()
        print(f"社保小助手: {args.instances} Rasa instance(s) {deployment.urls}, ", end="")
        print(f"action server :{deployment.action_port}")
        print(f"  public entry: {deployment.url}/webhooks/rest/webhook   ", end="")
        print(f"(web chat {deployment.url}/webhooks/web/)")
        print(f"  readiness:    {deployment.urls[0]}/webhooks/health/ready   logs: {deployment.workdir}")
        print("Press Ctrl-C to stop.")
        while all(process.poll() is None for process in deployment.processes.values()):
            time.sleep(1)
        print("a process exited; see the logs")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        deployment.stop()


if __name__ == "__main__":
    sys.exit(main())
