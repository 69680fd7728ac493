"""Double taps on two instances: nothing lost, nothing stored twice, each sender's turns in order.

Two Rasa instances under supervisord behind nginx (scripts/deploy_local.py). Each run: ``--conversations``
conversations (default 30) of 20 turns at once, all through nginx; every fifth turn is sent three times at
once (a user tapping send repeatedly, or two devices). Each send is answered, or refused with the busy text
(its conversation's lock not free within the wait limit; counted apart). Then PostgreSQL's events table is
read: an answered turn missing, a turn stored more often than answered, or a sender's turns stored in
another order than answered is a failure. ``--runs`` runs (default 5) on one deployment, new senders each.

    .venv/bin/python scripts/fault_double_send.py [--runs 5] [--conversations 30]

Prints the figures and writes them into docs/benchmarks.md (the `fault_double_send` part of the `faults`
section).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.deploy_local import Deployment, free_port
from scripts.fault_common import (
    check_services,
    engine,
    pick_model,
    say,
    stamp,
    stored_user_texts,
    write_part,
)

TURNS = 20
REPEAT_EVERY = 5  # every fifth turn is sent three times at once
COPIES = 3
MIX = [
    "你好",
    "长春缴费基数上限是多少",
    "净月分局电话多少",
    "天津2020年8月缴费基数上限",
    "谢谢",
    "外国员工要交社保吗",
    "北京失业金一个月多少",
    "稳岗返还怎么算",
    "社保卡丢了怎么补",
    "再见",
]


async def conversation(session: aiohttp.ClientSession, url: str, sender: str, n: int) -> tuple[list, Counter]:
    """The texts answered, in the order they were answered, and the count of each outcome."""
    answered: list[str] = []
    outcomes: Counter = Counter()
    for turn in range(TURNS):
        text = f"{MIX[(n + turn) % len(MIX)]}（第{turn + 1}句）"
        copies = COPIES if (turn + 1) % REPEAT_EVERY == 0 else 1
        for result in asyncio.as_completed([say(session, url, sender, text) for _ in range(copies)]):
            outcome = await result
            outcomes[outcome] += 1
            if outcome == "answered":
                answered.append(text)
    return answered, outcomes


def check(answered: list[str], stored: list[str]) -> tuple[int, int, bool]:
    """(answered turns missing, turns stored more often than answered, stored in the answered order)."""
    said, kept = Counter(answered), Counter(stored)
    missing = sum(max(0, said[text] - kept[text]) for text in said)
    doubled = sum(max(0, kept[text] - said[text]) for text in kept)
    return missing, doubled, stored == answered


def one_run(url: str, db, conversations: int) -> dict:
    prefix = f"fault-{uuid.uuid4().hex[:8]}-"
    senders = [f"{prefix}c{n:02d}" for n in range(conversations)]

    async def run_all() -> list[tuple[list, Counter]]:
        connector = aiohttp.TCPConnector(limit=200)
        timeout = aiohttp.ClientTimeout(total=90)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            return await asyncio.gather(*(conversation(session, url, s, n) for n, s in enumerate(senders)))

    started = time.perf_counter()
    results = asyncio.run(run_all())
    seconds = time.perf_counter() - started
    stored = stored_user_texts(db, prefix)
    totals: Counter = Counter()
    missing = doubled = out_of_order = 0
    for sender, (answered, outcomes) in zip(senders, results, strict=True):
        totals += outcomes
        lost, twice, in_order = check(answered, stored.get(sender, []))
        missing, doubled, out_of_order = missing + lost, doubled + twice, out_of_order + (not in_order)
    return {
        "sends": sum(totals.values()),
        "answered": totals["answered"],
        "busy": totals["busy"],
        "failed": totals["failed"],
        "missing": missing,
        "doubled": doubled,
        "out_of_order": out_of_order,
        "seconds": seconds,
    }


def refusals(deployment: Deployment) -> dict[str, int]:
    """Why sends were refused, from the instances' logs: the admission gate (one waiting turn per sender,
    bot/ops/admission.py) or the conversation lock not free within its wait limit."""
    logs = "".join(deployment.log(f"rasa{index}") for index in range(deployment.instances))
    return {
        "admission": logs.count("admission.refused"),
        "lock wait": logs.count("Could not acquire lock for conversation_id"),
    }


def report(runs: list[dict], conversations: int, model: str, why: dict[str, int]) -> str:
    lines = [
        "### Double taps (`scripts/fault_double_send.py`)",
        "",
        f"{stamp()}, model `{model}`, 2 instances behind nginx. Each run: {conversations} conversations of "
        f"{TURNS} turns at once, every {REPEAT_EVERY}th turn sent {COPIES} times at once "
        f"({conversations * (TURNS + (COPIES - 1) * (TURNS // REPEAT_EVERY))} sends), new senders each run; "
        "then the user turns stored in PostgreSQL are compared with the answers.",
        "",
        "| run | sends | answered | busy (refused) | failed | answered turns missing | stored more than "
        "answered | senders out of order | seconds |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for index, run in enumerate(runs, 1):
        lines.append(
            f"| {index} | {run['sends']} | {run['answered']} | {run['busy']} | {run['failed']} | "
            f"{run['missing']} | {run['doubled']} | {run['out_of_order']} | {run['seconds']:.0f} |"
        )
    clean = all(not (r["missing"] or r["doubled"] or r["out_of_order"]) for r in runs)
    lines += [
        "",
        f"Goal: 0 answered turns missing, 0 stored twice, order preserved, in 5 runs: "
        f"**{'met' if clean and len(runs) >= 5 else 'not met'}** ({len(runs)} run(s)). A refused send "
        "(the busy text) is not an answered turn.",
        "",
        f"Refusals by cause, all runs (the instances' logs): {why['admission']} by the admission gate (one "
        f"waiting turn per sender: the third copy of a triple send while the first runs), "
        f"{why['lock wait']} by the lock's wait limit.",
    ]
    if conversations < 30:
        lines.append(f"Reduced to {conversations} conversations per run (the goal's figure is 30).")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--conversations", type=int, default=30)
    parser.add_argument("--model", help="model archive (default: the current one, else the newest)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    check_services()
    model = pick_model(args.model)
    deployment = Deployment(instances=2, port=free_port(), model=model, env={"BOT_TODAY": "2026-11-22"})
    db = engine()
    runs = []
    try:
        deployment.start(timeout=300)
        print(f"2 instances ready behind nginx {deployment.url} (logs {deployment.workdir})", flush=True)
        for index in range(args.runs):
            run = one_run(deployment.url, db, args.conversations)
            print(f"run {index + 1}: {run}", flush=True)
            runs.append(run)
    finally:
        deployment.stop()
        db.dispose()
    text = report(runs, args.conversations, model.name, refusals(deployment))
    print(text)
    if not args.no_write:
        write_part("fault_double_send", text)
    return 0 if all(not (r["missing"] or r["doubled"] or r["out_of_order"]) for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
