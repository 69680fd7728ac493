"""Benchmark one long conversation: does a turn cost more the longer the conversation is?

Drives ONE conversation of ``--turns`` user messages (default 400) through the real Rasa agent in this
process (our patches installed, as ``python -m bot.ops.rasa_main`` does; the tracker store of endpoints.yml,
``DurableSQLTrackerStore``, on a fresh SQLite file) and the action server as a subprocess on 127.0.0.1.
The messages cycle through ten turns of a realistic exchange: a contribution question, two follow-ups
(那北京呢, 如果工资是一万呢), the unemployment-benefit questionnaire played to its verdict, a follow-up on the
verdict and a phone-number question, so every window of 50 turns holds the same mix.

The conversation is played twice, each time with a new sender on a new SQLite file:

* ``no rollover``: ``BOT_SESSION_MAX_TURNS=0``, a session ends only after idle time (Rasa's behaviour);
* ``rollover``: a new session every ``BOT_SESSION_MAX_TURNS`` user turns (default of
  :mod:`bot.ops.patches.session_rollover`, or ``--max-turns``), outside questionnaires.

Prints, for each, the median turn time of turns 1-50, 151-200 and 351-400 (50 turns each) as wall-clock
time and as CPU time (this process and the action server, which the load of a shared machine barely
moves), the ratio of the last window to the first ("turn 400 vs turn 10": the median of the 50 turns at
each end), and what a turn reads and ships at turns 10, 200 and 400 (events of the session, bytes of the
tracker an action receives, ms to read the session from the store); writes them into docs/benchmarks.md
(the section between the ``long-conversation`` markers). Loopback only, bounded: one conversation of
``--turns`` messages per run, each turn limited to 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench_assistant import ENV, write
from scripts.deploy_local import free_port

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- long-conversation: begin -->", "<!-- long-conversation: end -->"
CYCLE = [
    "长春月薪8000每月社保交多少",
    "那北京呢",
    "如果工资是一万呢",
    "我能领失业金吗",  # the unemployment-benefit questionnaire, four answers to its verdict
    "北京",
    "交了七年",
    "被辞退的",
    "已经办了",
    "那如果交了十二年呢",  # a follow-up on the verdict
    "净月分局电话多少",
]
WINDOWS = [(1, 50), (151, 200), (351, 400)]  # 1-based, inclusive: 50 turns each
CHECKPOINTS = (10, 200, 400)
TURN_LIMIT = 60.0  # seconds: a turn that takes longer stops the benchmark


def ensure_model() -> Path:
    """The model scripts/model.py keeps (trained first if its inputs changed)."""
    output = subprocess.run(
        [sys.executable, "scripts/model.py"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return ROOT / output.stdout.strip().splitlines()[-1]


def start_action_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=dict(os.environ, **ENV, SANIC_HOST="127.0.0.1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):
                return process, f"{url}/webhook"
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the action server exited") from None
            time.sleep(0.25)
    process.kill()
    raise RuntimeError("the action server did not start within 120 s")


@dataclass
class Run:
    label: str
    max_turns: int
    times: list[float] = field(default_factory=list)  # seconds per turn from message to replies, in order
    cpu: list[float] = field(default_factory=list)  # CPU seconds per turn: this process + the action server
    sessions: int = 0
    events: dict[int, int] = field(default_factory=dict)  # turn → events of the session read at that turn
    shipped: dict[int, int] = field(default_factory=dict)  # turn → bytes of the tracker an action receives
    read_ms: dict[int, float] = field(default_factory=dict)  # turn → ms to read the session from the store

    def window(self, first: int, last: int, cpu: bool = False) -> float:
        """Median ms of turns ``first``..``last`` (1-based, inclusive): wall-clock or CPU time."""
        return statistics.median((self.cpu if cpu else self.times)[first - 1 : last]) * 1000

    def ratio(self, cpu: bool = False) -> float:
        return self.window(*WINDOWS[-1], cpu=cpu) / self.window(*WINDOWS[0], cpu=cpu)

    def line(self, cpu: bool = False) -> str:
        first, middle, last = (self.window(*window, cpu=cpu) for window in WINDOWS)
        return (
            f"{first:.1f} ms (turns 1-50), {middle:.1f} ms (151-200), {last:.1f} ms (351-400), "
            f"turn 400 / turn 10 = {self.ratio(cpu):.2f}"
        )


def cpu_seconds(pid: int) -> float:
    """CPU time of this process (every thread) plus that of process ``pid`` (every thread, from the
    scheduler's nanosecond counters in /proc): what a turn costs, whatever else runs on the machine."""
    total = time.process_time()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):  # a thread that ended meanwhile
            continue
    return total


def indexed_store_class() -> type:
    """``DurableSQLTrackerStore`` with the change this benchmark proposes for bot/ops/tracker_store.py (not
    made there: that file belongs to another task; docs/sessions.md).

    The store reads a session as the events of the sender whose timestamp is at or after the latest
    ``session_started`` (``timestamp >= start OR start IS NULL``). With only Rasa's index on ``sender_id``
    the database visits every stored event of the sender to test its timestamp, twice a turn (the read,
    and the count before a save): a cost that grows with the whole conversation, sessions or not. Two
    indexes, (sender_id, type_name, timestamp) for the latest session start and (sender_id, timestamp) for
    the range, with the condition written as one range (``timestamp >= coalesce(start, -1e308)``, the same
    rows since every Rasa event has a timestamp), let it read only the latest session's rows.
    """
    import sqlalchemy as sa
    from rasa.shared.core.events import SessionStarted

    from bot.ops.tracker_store import DurableSQLTrackerStore

    class IndexedSessionStore(DurableSQLTrackerStore):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            with self.engine.begin() as connection:
                for name, columns in (
                    ("ix_events_sender_type_time", "sender_id, type_name, timestamp"),
                    ("ix_events_sender_time", "sender_id, timestamp"),
                ):
                    connection.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))
            events = self.SQLEvent.__table__
            sender = sa.bindparam("sender")
            start = (
                sa.select(sa.func.max(events.c.timestamp))
                .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
                .scalar_subquery()
            )
            in_session = sa.and_(
                events.c.sender_id == sender, events.c.timestamp >= sa.func.coalesce(start, -1e308)
            )
            self._session_events = sa.select(events.c.data).where(in_session).order_by(events.c.id)
            self._session_count = sa.select(sa.func.count()).select_from(events).where(in_session)

    return IndexedSessionStore


def play(
    model: Path,
    action_server: tuple[int, str],
    workdir: Path,
    label: str,
    max_turns: int,
    turns: int,
    indexed: bool,
) -> Run:
    """One conversation of ``turns`` messages with ``BOT_SESSION_MAX_TURNS=max_turns``."""
    from rasa.core.agent import Agent
    from rasa.shared.core.events import SessionStarted
    from rasa.shared.core.trackers import EventVerbosity
    from rasa.utils.endpoints import EndpointConfig

    from bot.ops.tracker_store import DurableSQLTrackerStore

    action_pid, action_url = action_server
    os.environ["BOT_SESSION_MAX_TURNS"] = str(max_turns)
    store_class = indexed_store_class() if indexed else DurableSQLTrackerStore
    db = workdir / f"{label.replace(' ', '-')}.sqlite"
    store = store_class(domain=None, dialect="sqlite", db=str(db))
    agent = Agent.load(str(model), action_endpoint=EndpointConfig(action_url), tracker_store=store)
    loop = asyncio.new_event_loop()
    run = Run(label, max_turns)
    try:
        for text in CYCLE[:3]:  # warm-up on another sender: caches, connections
            loop.run_until_complete(agent.handle_text(text, sender_id=f"warm-up-{label}"))
        sender = f"long-{label.replace(' ', '-')}"
        for turn in range(1, turns + 1):
            text = CYCLE[(turn - 1) % len(CYCLE)]
            cpu_started, started = cpu_seconds(action_pid), time.perf_counter()
            replies = loop.run_until_complete(
                asyncio.wait_for(agent.handle_text(text, sender_id=sender), TURN_LIMIT)
            )
            run.times.append(time.perf_counter() - started)
            run.cpu.append(cpu_seconds(action_pid) - cpu_started)
            if not replies:
                raise RuntimeError(f"turn {turn} ({text}) got no reply")
            if turn in CHECKPOINTS:  # outside the timing: what the next action call would receive
                read = time.perf_counter()
                tracker = loop.run_until_complete(agent.tracker_store.retrieve(sender))
                run.read_ms[turn] = (time.perf_counter() - read) * 1000
                run.events[turn] = len(tracker.events)
                run.shipped[turn] = len(json.dumps(tracker.current_state(EventVerbosity.ALL)).encode())
        full = loop.run_until_complete(agent.tracker_store.retrieve_full_tracker(sender))
        run.sessions = sum(isinstance(event, SessionStarted) for event in full.events)
    finally:
        loop.close()
    return run


def report(runs: list[Run], model: Path, turns: int) -> str:
    lines = [
        BEGIN,
        "## One long conversation (`scripts/bench_long_conversation.py`)",
        "",
        f"Machine: {os.cpu_count()} cores, shared with other work. Model `{model.name}`, the agent "
        "in-process with our patches, `DurableSQLTrackerStore` on a fresh SQLite file, the action server on "
        f"127.0.0.1. One conversation of {turns} user messages cycling through ten turns (a contribution "
        "question, 那北京呢, 如果工资是一万呢, the unemployment-benefit questionnaire to its verdict, a "
        "follow-up on it, a phone number). Each turn is measured from the message to the replies as "
        "wall-clock time and as CPU time (this process and the action server: what the turn costs, "
        "whatever else the shared machine runs). Medians of 50 turns each; turn 400 ÷ turn 10 is the median "
        "of turns 351–400 over that of turns 1–50.",
        "",
        "| run | sessions | turns 1–50 (ms) | 151–200 (ms) | 351–400 (ms) | turn 400 ÷ turn 10 | "
        "CPU 1–50 / 151–200 / 351–400 (ms) | CPU turn 400 ÷ turn 10 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        wall = [run.window(*window) for window in WINDOWS]
        cpu = [run.window(*window, cpu=True) for window in WINDOWS]
        lines.append(
            f"| {run.label} (`BOT_SESSION_MAX_TURNS={run.max_turns}`) | {run.sessions} | "
            + " | ".join(f"{ms:.1f}" for ms in wall)
            + f" | **{run.ratio():.2f}×** | {' / '.join(f'{ms:.1f}' for ms in cpu)} | "
            f"**{run.ratio(cpu=True):.2f}×** |"
        )
    lines += [
        "",
        "| run | events read at turn 10 / 200 / 400 | tracker sent to an action at turn 10 / 200 / 400 (KiB) "
        "| store read at turn 10 / 200 / 400 (ms) |",
        "|---|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.label} | {' / '.join(str(run.events.get(t, 0)) for t in CHECKPOINTS)} | "
            f"{' / '.join(f'{run.shipped.get(t, 0) / 1024:.0f}' for t in CHECKPOINTS)} | "
            f"{' / '.join(f'{run.read_ms.get(t, 0):.1f}' for t in CHECKPOINTS)} |"
        )
    rollover = next((run for run in runs if run.label == "rollover"), runs[-1])
    verdict = {True: "met", False: "not met"}
    lines += [
        "",
        "Goal: turn 400 costs ≤ 1.5× turn 10. With the rollover: CPU time "
        f"**{verdict[rollover.ratio(cpu=True) <= 1.5]}** ({rollover.ratio(cpu=True):.2f}×), wall-clock time "
        f"**{verdict[rollover.ratio() <= 1.5]}** ({rollover.ratio():.2f}×; it moves with the load of the "
        "shared machine during the run). *rollover, indexed store* is the rollover with the change to "
        "`bot/ops/tracker_store.py` that `docs/sessions.md` proposes (two indexes, the session read as one "
        "range), made in the benchmark only. Design, choices and limits: `docs/sessions.md`.",
        END,
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    from bot.ops.patches import session_rollover

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, default=400, help="user messages in the conversation (≥ 400)")
    parser.add_argument(
        "--max-turns",
        type=int,
        default=session_rollover.DEFAULT_MAX_TURNS,
        help="BOT_SESSION_MAX_TURNS of the rollover run",
    )
    parser.add_argument(
        "--model", type=Path, help="a trained model (default: the one scripts/model.py keeps)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if not 400 <= args.turns <= 2000:
        parser.error("--turns must be between 400 and 2000")
    os.environ.update(ENV)
    import logging

    from rasa.utils.log_utils import configure_structlog

    from bot.ops import patches

    for name in ("rasa", "rasa_sdk", "root", ""):
        logging.getLogger(name).setLevel(logging.WARNING)
    configure_structlog(logging.WARNING)
    patches.install_all()
    model = args.model or ensure_model()
    process, action_url = start_action_server()
    runs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-long-") as workdir:
            for label, max_turns, indexed in (
                ("no rollover", 0, False),
                ("rollover", args.max_turns, False),
                ("rollover, indexed store", args.max_turns, True),
            ):
                run = play(
                    model, (process.pid, action_url), Path(workdir), label, max_turns, args.turns, indexed
                )
                print(
                    f"{label} (BOT_SESSION_MAX_TURNS={max_turns}): {run.sessions} sessions; median turn "
                    f"{run.line()}; median CPU {run.line(cpu=True)}; events read {run.events}; "
                    f"bytes shipped {run.shipped}; store read ms "
                    f"{ {turn: round(ms, 1) for turn, ms in run.read_ms.items()} }"
                )
                runs.append(run)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    if not args.no_write:
        write(report(runs, model, args.turns), BEGIN, END)
        print("written to docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
