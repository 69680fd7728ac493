"""What the fault scripts (scripts/fault_double_send.py, scripts/fault_kill.py) share: the model they deploy,
the services check, one REST turn, the user turns stored in PostgreSQL, and their section of
docs/benchmarks.md (between the `faults` markers; the other sections are the benchmarks' own).

All traffic goes to 127.0.0.1, bounded in count and time.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import aiohttp
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.channels import UNAVAILABLE_TEXT
from scripts.bench_assistant import write
from scripts.deploy_local import ROOT, SERVICES
from scripts.model import model_path

BEGIN, END = "<!-- faults: begin -->", "<!-- faults: end -->"
PART_BEGIN = "<!-- {name}: begin -->"
PART_END = "<!-- {name}: end -->"


def service(key: str) -> str:
    return os.environ.get(key, SERVICES[key])


def check_services() -> None:
    for host, port in (
        (service("DB_HOST"), service("DB_PORT")),
        (service("REDIS_HOST"), service("REDIS_PORT")),
    ):
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
        except OSError as error:
            raise SystemExit(
                f"{host}:{port} not reachable ({error}): PostgreSQL and Redis must run"
            ) from None


def pick_model(given: str | None) -> Path:
    """The given model, else the current one (`make model`), else the newest trained one (said so)."""
    if given:
        return Path(given)
    current = model_path()
    if current.is_file():
        return current
    trained = sorted((ROOT / "models").glob("model-*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not trained:
        raise SystemExit("no trained model: run `make model` first")
    print(f"the current model {current.name} is not trained; using the newest one, {trained[-1].name}")
    return trained[-1]


def engine() -> sa.engine.Engine:
    url = (
        f"postgresql+psycopg2://{service('DB_USER')}:{service('DB_PASSWORD')}@{service('DB_HOST')}:"
        f"{service('DB_PORT')}/{service('DB_NAME')}"
    )
    return sa.create_engine(url, future=True, pool_pre_ping=True)


def stored_user_texts(db: sa.engine.Engine, prefix: str) -> dict[str, list[str]]:
    """The user texts stored for every sender starting with ``prefix``, in storage order, by sender id as the
    client sent it (the REST channel stores its conversations under a namespace, ``rest:<sender>``)."""
    import json

    query = sa.text(
        "SELECT sender_id, data FROM events WHERE sender_id LIKE :pattern AND type_name = 'user' ORDER BY id"
    )
    texts: dict[str, list[str]] = {}
    with db.connect() as connection:
        for row in connection.execute(query, {"pattern": f"%{prefix}%"}):
            sender = prefix + row.sender_id.partition(prefix)[2]
            texts.setdefault(sender, []).append(json.loads(row.data)["text"])
    return texts


async def say(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> str:
    """``answered``, ``busy`` (the busy text), or ``failed`` (an HTTP error, no connection, a timeout)."""
    try:
        async with session.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as reply:
            if reply.status != 200:
                return "failed"
            body = await reply.json()
    except (aiohttp.ClientError, TimeoutError, OSError):
        return "failed"
    texts = [message.get("text", "") for message in body if isinstance(message, dict)]
    return "busy" if texts == [UNAVAILABLE_TEXT] else "answered" if texts else "failed"


def write_part(name: str, body: str) -> None:
    """Put one script's figures in its place inside the `faults` section of docs/benchmarks.md."""
    from scripts.bench_assistant import REPORT

    begin, end = PART_BEGIN.format(name=name), PART_END.format(name=name)
    text = REPORT.read_text(encoding="utf-8")
    section = text.partition(BEGIN)[2].partition(END)[0] if BEGIN in text else ""
    if not section.strip():
        section = (
            "\n## Faults: two instances under supervisord behind nginx (`scripts/fault_*.py`)\n\n"
            "PostgreSQL tracker store, Redis lock store (bot/ops/lock_store.py), the local topology of "
            "`scripts/deploy_local.py`; each part is written by its script.\n"
        )
    part = f"{begin}\n{body.strip()}\n{end}"
    if begin in section:
        head, _, rest = section.partition(begin)
        section = head + part + rest.partition(end)[2]
    else:
        section = section.rstrip("\n") + "\n\n" + part + "\n"
    write(f"{BEGIN}{section.rstrip()}\n{END}\n", BEGIN, END)


def stamp() -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
