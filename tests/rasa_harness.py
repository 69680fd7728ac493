"""Run the trained assistant in-process for tests: the Rasa agent in this process, the action server as a
subprocess (Rasa 3.6 always calls actions over HTTP). The model is the one `scripts/model.py` keeps,
trained once per change of its inputs."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from scripts.deploy_local import free_port  # re-exported for the test harnesses

ROOT = Path(__file__).resolve().parent.parent


def ensure_model() -> Path:
    output = subprocess.run(
        [sys.executable, "scripts/model.py"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return ROOT / output.stdout.strip().splitlines()[-1]


def start_action_server(env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=dict(os.environ, **(env or {})),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):
                return process, f"{url}/webhook"
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("action server exited") from None
            time.sleep(0.25)
    process.kill()
    raise RuntimeError("action server did not start")


class Assistant:
    """The trained agent with an in-memory tracker store."""

    def __init__(self, model: Path, action_url: str):
        import logging

        from rasa.core.agent import Agent
        from rasa.utils.endpoints import EndpointConfig
        from rasa.utils.log_utils import configure_structlog

        for name in ("rasa", "rasa_sdk", "root", ""):
            logging.getLogger(name).setLevel(logging.WARNING)
        configure_structlog(logging.WARNING)  # Rasa's structured debug lines would print every slot
        from bot.ops import patches

        patches.install_all()  # as bot.ops.rasa_main does before `rasa run`
        self.loop = asyncio.new_event_loop()
        self.agent = Agent.load(str(model), action_endpoint=EndpointConfig(action_url))

    def ask(self, text: str, sender: str = "tester") -> list[dict[str, Any]]:
        return self.loop.run_until_complete(self.agent.handle_text(text, sender_id=sender)) or []

    def reply(self, text: str, sender: str = "tester") -> str:
        return "\n".join(m.get("text", "") for m in self.ask(text, sender))

    def parse(self, text: str) -> dict[str, Any]:
        return self.loop.run_until_complete(self.agent.parse_message(text))
