"""Processes killed under supervisord: the service keeps answering and the killed process comes back.

Two Rasa instances under supervisord behind nginx (scripts/deploy_local.py).

1. **An instance killed under load**: ``--concurrency`` conversations (default 8) send ``--requests``
   messages in all (default 1,000) through nginx; after ``--kill-after`` of them (default 200) instance 0
   gets SIGKILL. A request fails when it gets no answer (an HTTP error, no connection, a timeout) or the
   busy text. Measured: the failures, and the seconds from the kill until the instance (restarted by
   supervisord) answers ``/webhooks/health/ready`` and until nginx sends it traffic again.
2. **The action server killed**: SIGKILL; the next message's reply (the busy text, and how fast), then the
   seconds until supervisord's restart answers ``/health`` and a message is answered again.

    .venv/bin/python scripts/fault_kill.py [--requests 1000] [--concurrency 8]

Prints the figures and writes them into docs/benchmarks.md (the `fault_kill` part of the `faults` section).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.deploy_local import Deployment, free_port, get
from scripts.fault_common import check_services, pick_model, say, stamp, write_part

MIX = [
    "长春缴费基数上限是多少",
    "净月分局电话多少",
    "北京失业金一个月多少",
    "外国员工要交社保吗",
    "稳岗返还怎么算",
    "谢谢",
]
BACK_LIMIT = 180.0  # seconds the scripts waits for a killed process to come back


def wait_until(predicate, limit: float = BACK_LIMIT, every: float = 0.25) -> float | None:
    """Seconds until ``predicate()`` holds, or ``None`` after ``limit``."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if predicate():
            return time.monotonic() - started
        time.sleep(every)
    return None


def in_nginx_pool(deployment: Deployment, index: int) -> bool:
    upstreams = (deployment.workdir / "upstreams.conf").read_text(encoding="utf-8")
    line = next(line for line in upstreams.splitlines() if f":{deployment.rasa_ports[index]} " in line)
    return " down" not in line


def instance_killed(deployment: Deployment, requests: int, concurrency: int, kill_after: int) -> dict:
    prefix = f"kill-{uuid.uuid4().hex[:8]}-"
    outcomes: Counter = Counter()
    done = 0
    killed_at: list[float] = []
    during_outage: Counter = Counter()

    issued = 0
    back: dict[str, float] = {}  # seconds from the kill until ready, and until back in nginx's pool

    def watch() -> None:
        """From the kill on, every 0.25 s: is instance 0 ready, is it back in nginx's pool?"""
        while len(back) < 2 and time.monotonic() - killed_at[0] < BACK_LIMIT:
            if "ready" not in back and deployment.ready(0):
                back["ready"] = time.monotonic() - killed_at[0]
            if "ready" in back and "pool" not in back and in_nginx_pool(deployment, 0):
                back["pool"] = time.monotonic() - killed_at[0]
            time.sleep(0.25)

    watcher = threading.Thread(target=watch, daemon=True)

    async def worker(session: aiohttp.ClientSession, n: int) -> None:
        nonlocal done, issued
        turn = 0
        while issued < requests:
            issued += 1
            text = f"{MIX[(n + turn) % len(MIX)]}（第{turn + 1}句）"
            outcome = await say(session, deployment.url, f"{prefix}w{n}-{turn // 20}", text)
            outcomes[outcome] += 1
            if killed_at and not in_nginx_pool(deployment, 0):
                during_outage[outcome] += 1
            done += 1
            turn += 1
            if done == kill_after and not killed_at:
                deployment.kill("rasa0")
                killed_at.append(time.monotonic())
                watcher.start()
                print(f"instance 0 killed after {done} requests", flush=True)

    async def run_all() -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            await asyncio.gather(*(worker(session, n) for n in range(concurrency)))

    started = time.monotonic()
    asyncio.run(run_all())
    seconds = time.monotonic() - started
    watcher.join(timeout=BACK_LIMIT)
    total = sum(outcomes.values())
    return {
        "requests": total,
        "answered": outcomes["answered"],
        "busy": outcomes["busy"],
        "failed": outcomes["failed"],
        "failure_rate": (outcomes["busy"] + outcomes["failed"]) / total,
        "answered_while_out": during_outage["answered"],
        "ready_after": back.get("ready"),
        "rejoined_after": back.get("pool"),
        "seconds": seconds,
    }


def action_server_killed(deployment: Deployment) -> dict:
    sender = f"kill-actions-{uuid.uuid4().hex[:8]}"

    async def ask(text: str) -> tuple[str, float]:
        started = time.perf_counter()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            outcome = await say(session, deployment.url, sender, text)
        return outcome, time.perf_counter() - started

    before = asyncio.run(ask("长春缴费基数上限是多少"))[0]
    deployment.kill("actions")
    killed = time.monotonic()
    outcome, reply_seconds = asyncio.run(ask("净月分局电话多少"))
    health = f"http://127.0.0.1:{deployment.action_port}/health"
    up = wait_until(lambda: get(health)[0] == 200)
    health_after = None if up is None else time.monotonic() - killed
    answered = wait_until(lambda: asyncio.run(ask("北京失业金一个月多少"))[0] == "answered", every=1.0)
    return {
        "before": before,
        "reply_while_down": outcome,
        "reply_seconds": reply_seconds,
        "health_after": health_after,
        "answering_after": None if answered is None else time.monotonic() - killed,
    }


def seconds(value: float | None) -> str:
    return "not within the limit" if value is None else f"{value:.1f} s"


def report(kill: dict, actions: dict, concurrency: int, kill_after: int, model: str) -> str:
    rate = kill["failure_rate"] * 100
    ready = kill["ready_after"]
    back = actions["answering_after"]
    actions_met = actions["reply_while_down"] == "busy" and back is not None and back <= 60
    return "\n".join(
        [
            "### Processes killed (`scripts/fault_kill.py`)",
            "",
            f"{stamp()}, model `{model}`, 2 instances behind nginx under supervisord.",
            "",
            f"**An instance killed under load**: {concurrency} conversations at once, {kill['requests']} "
            f"requests through nginx, instance 0 SIGKILLed after {kill_after}.",
            "",
            "| requests | answered | busy text | failed (HTTP error, no answer) | failure rate | "
            "answered while instance 0 was out | instance 0 ready after the kill | back in nginx's pool |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {kill['requests']} | {kill['answered']} | {kill['busy']} | {kill['failed']} | {rate:.1f}% | "
            f"{kill['answered_while_out']} | {seconds(ready)} | {seconds(kill['rejoined_after'])} |",
            "",
            f"Goal: ≤ 2% of requests fail, the instance back and ready within 60 s: "
            f"**{'met' if rate <= 2 and ready is not None and ready <= 60 else 'not met'}**.",
            "",
            f"**The action server killed** (SIGKILL): the next message got "
            f"{'the busy text' if actions['reply_while_down'] == 'busy' else actions['reply_while_down']} "
            f"in {actions['reply_seconds']:.2f} s; supervisord restarted it: its /health answered "
            f"{seconds(actions['health_after'])} after the kill, and messages were answered again after "
            f"{seconds(back)}. Goal: busy reply, back within 60 s: "
            f"**{'met' if actions_met else 'not met'}**.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--kill-after", type=int, default=200)
    parser.add_argument("--model", help="model archive (default: the current one, else the newest)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    check_services()
    model = pick_model(args.model)
    deployment = Deployment(instances=2, port=free_port(), model=model, env={"BOT_TODAY": "2026-11-22"})
    try:
        deployment.start(timeout=300)
        print(f"2 instances ready behind nginx {deployment.url} (logs {deployment.workdir})", flush=True)
        kill = instance_killed(deployment, args.requests, args.concurrency, args.kill_after)
        print(f"instance killed: {kill}", flush=True)
        deployment.wait_ready(300)
        actions = action_server_killed(deployment)
        print(f"action server killed: {actions}", flush=True)
    finally:
        deployment.stop()
    text = report(kill, actions, args.concurrency, args.kill_after, model.name)
    print(text)
    if not args.no_write:
        write_part("fault_kill", text)
    ok = kill["failure_rate"] <= 0.02 and (kill["ready_after"] or 999) <= 60
    return (
        0 if ok and actions["reply_while_down"] == "busy" and (actions["answering_after"] or 999) <= 60 else 1
    )


if __name__ == "__main__":
    sys.exit(main())
