"""Load benchmark at scale (`make bench`): the assistant against a stock Rasa 3.6 bot, in one invocation.

Setups, measured in turn on this machine (127.0.0.1 only); 1 and 2 are up side by side, the others each
started and stopped on their own:

1. **stock**: the `rasa init` example bot (its own config: DIET, TED, memoization, rules, and TensorFlow's
   default threads), `rasa run`, in-memory tracker store; the baseline. Its model is trained once and kept
   in models/stock/.
2. **ours, 1 instance**: the default profile as `make run` starts it (SQLite tracker store).
3. **ours, 1 instance behind nginx** and 4. **ours, 2 instances behind nginx**: the production profile
   (PostgreSQL tracker store, Redis lock store; scripts/deploy_local.py).

Each setup is loaded with an aiohttp generator at concurrency 1, 10 and 50 (bounded: the mix is played a
fixed number of times), recording throughput and p50/p95/p99 reply times, then the peak resident memory of
every process. Written between the `scale` markers of docs/benchmarks.md.

Throughput here varies between runs by more than the ratio the deployment issue asks about (the two cores
are virtual and slow each other down), so the stock bot and ours (1 and 2) are also compared **paired**:
with both servers up, a stock run and one of ours at concurrency 10 alternate several times, and the
report gives every pair's ratio and their median. Slow drifts of the machine then hit both sides alike.

The stock bot's TED policy builds its TensorFlow graph when the model loads: its first answer comes one to
two minutes after `rasa run` starts on this machine. `make bench` runs this script after bench_assistant.py
(about 13 minutes in all).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench_assistant import ENV, conversations, first_answer, load, memory_kib, write
from scripts.deploy_local import Deployment, free_port

ROOT = Path(__file__).resolve().parent.parent
STOCK_DIR = ROOT / "models" / "stock"
BEGIN, END = "<!-- scale: begin -->", "<!-- scale: end -->"
STOCK_MIX = [
    ["hello", "I am feeling sad", "yes"],
    ["hi there", "great", "bye"],
    ["are you a bot?", "goodbye"],
    ["good morning", "very bad", "no"],
    ["hey", "I am happy", "see you"],
]


def stock_model() -> Path:
    """The `rasa init` example bot, trained once (Rasa's default config and data, no download)."""
    existing = sorted((STOCK_DIR / "models").glob("*.tar.gz")) if STOCK_DIR.is_dir() else []
    if existing:
        return existing[-1]
    shutil.rmtree(STOCK_DIR, ignore_errors=True)
    STOCK_DIR.mkdir(parents=True)  # rasa init wants the folder to exist
    subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
        cwd=ROOT,
        env=dict(os.environ, **ENV),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return sorted((STOCK_DIR / "models").glob("*.tar.gz"))[-1]


STOCK_ENV = {
    key: value for key, value in ENV.items() if not key.startswith("TF_")
}  # TensorFlow's own threads


class StockServer:
    """`rasa run` of the stock bot with its own defaults (REST channel from its credentials.yml, TensorFlow's
    default thread pools: thread settings are part of what ours tunes)."""

    def __init__(self, workdir: Path):
        self.port, self.workdir = free_port(), workdir
        self.url = f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        with (self.workdir / "stock.log").open("wb") as log:
            self.processes["rasa (stock)"] = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "rasa",
                    "run",
                    "--model",
                    str(stock_model()),
                    "--port",
                    str(self.port),
                ],
                cwd=STOCK_DIR,
                env=dict(os.environ, **STOCK_ENV),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
            process.wait(timeout=30)


def measure(
    name: str,
    url: str,
    processes: dict[str, subprocess.Popen],
    mix: list[list[str]],
    levels: list[int],
    rounds: int,
) -> dict:
    asyncio.run(load(url, mix, 1, 1))  # warm-up: every path of the mix once, not counted
    runs = []
    for concurrency in levels:
        result = asyncio.run(load(url, mix, concurrency, rounds))
        print(
            f"{name}, concurrency {concurrency}: {result['messages']} messages, {result['throughput']:.1f} "
            f"msg/s, median {result['median']:.0f} ms, p99 {result['p99']:.0f} ms",
            flush=True,
        )
        runs.append(result)
    memory = {
        label: memory_kib(process.pid)[1] for label, process in processes.items() if process.poll() is None
    }
    return {"name": name, "runs": runs, "memory": memory}


def bench_stock_and_ours(
    workdir: Path, levels: list[int], rounds: int, mix: list[list[str]], pairs: int
) -> tuple[dict, dict, list[tuple[float, float]]]:
    """The stock bot and ours (1 instance, as `make run`), each on its own levels, then paired at concurrency
    10: both servers stay up, and a stock run and one of ours alternate ``pairs`` times."""
    from scripts.bench_assistant import Servers
    from scripts.model import model_path

    stock, ours = StockServer(workdir), Servers(model_path(), workdir)
    started = time.perf_counter()
    stock.start()
    ours.start()
    try:
        # TED builds its TensorFlow graph at load: one to two minutes on this machine
        cold = asyncio.run(first_answer(stock.url, stock.processes, started, "hello", limit=900))
        print(f"stock bot: first answer after {cold:.0f} s", flush=True)
        # the limit counts from ``started``, which the stock bot's slow load has used up: give ours the same
        asyncio.run(first_answer(ours.url, ours.processes, started, limit=900))
        stock_result = measure(
            "stock rasa init bot", stock.url, stock.processes, STOCK_MIX * 10, levels, rounds
        )
        ours_result = measure(
            "ours, 1 instance (SQLite, as make run)", ours.url, ours.processes, mix, levels, rounds
        )
        paired = []
        for _ in range(pairs):
            theirs = asyncio.run(load(stock.url, STOCK_MIX * 10, 10, rounds))["throughput"]
            mine = asyncio.run(load(ours.url, mix, 10, rounds))["throughput"]
            print(
                f"paired at concurrency 10: stock {theirs:.1f}, ours {mine:.1f} msg/s ({mine / theirs:.2f}×)",
                flush=True,
            )
            paired.append((theirs, mine))
        return stock_result, ours_result, paired
    finally:
        try:
            stock.stop()
        finally:
            ours.stop()  # even when the stock bot does not stop in time


def bench_ours_deployed(instances: int, levels: list[int], rounds: int, mix: list[list[str]]) -> dict:
    deployment = Deployment(instances=instances, port=free_port(), env={"BOT_TODAY": "2026-11-22"})
    try:
        deployment.start()
        processes = {
            ("nginx" if name == "nginx" else "action server" if name == "actions" else f"rasa {name[4:]}"): p
            for name, p in deployment.processes.items()
        }
        name = f"ours, {instances} instance{'s' if instances > 1 else ''} behind nginx (PostgreSQL + Redis)"
        return measure(name, f"{deployment.url}/webhooks/rest/webhook", processes, mix, levels, rounds)
    finally:
        deployment.stop()


def run_at(result: dict | None, concurrency: int) -> dict | None:
    return (
        next((run for run in result["runs"] if run["concurrency"] == concurrency), None) if result else None
    )


def paired_lines(paired: list[tuple[float, float]]) -> list[str]:
    if not paired:
        return []
    ratios_ = [mine / theirs for theirs, mine in paired]
    runs = ", ".join(f"{theirs:.1f} / {mine:.1f} ({mine / theirs:.2f}×)" for theirs, mine in paired)
    return [
        "",
        "**Paired at concurrency 10** (both servers up, stock and ours alternating; stock / ours msg/s): "
        f"{runs}. Median ratio **{statistics.median(ratios_):.2f}×** (goal ≥ 1.5×), range "
        f"{min(ratios_):.2f}–{max(ratios_):.2f}×.",
    ]


def ratios(results: list[dict], levels: list[int]) -> list[str]:
    """The goals of the deployment issue, and what the second instance changed, from this run's figures."""
    by_prefix = {
        prefix: next((r for r in results if r["name"].startswith(prefix)), None)
        for prefix in ("stock", "ours, 1 instance (", "ours, 1 instance behind", "ours, 2 instances")
    }
    stock, ours, one, two = by_prefix.values()
    lines = [""]
    if stock and ours and 10 in levels:
        lines.append(
            f"- Throughput at concurrency 10, ours (1 instance, as `make run`) / stock: "
            f"**{run_at(ours, 10)['throughput'] / run_at(stock, 10)['throughput']:.2f}×** (goal ≥ 1.5×)."
        )
    if stock and two and 10 in levels:
        lines.append(
            f"- Throughput at concurrency 10, ours (2 instances behind nginx) / stock (1 instance): "
            f"{run_at(two, 10)['throughput'] / run_at(stock, 10)['throughput']:.2f}×."
        )
    if ours and 1 in levels:
        lines.append(
            f"- Single-user median, ours (1 instance): **{run_at(ours, 1)['median']:.0f} ms** (goal ≤ 40 ms)."
        )
    best50 = min(
        (r for r in (ours, one, two) if r and run_at(r, 50)), key=lambda r: run_at(r, 50)["p99"], default=None
    )
    if best50:
        lines.append(
            f"- p99 at concurrency 50, best setup ({best50['name']}): **{run_at(best50, 50)['p99']:.0f} ms** "
            "(goal ≤ 1000 ms)."
        )
    if one and two:
        gains = ", ".join(
            f"concurrency {c}: {run_at(one, c)['throughput']:.1f} → {run_at(two, c)['throughput']:.1f} msg/s "
            f"({run_at(two, c)['throughput'] / run_at(one, c)['throughput']:.2f}×), p99 "
            f"{run_at(one, c)['p99']:.0f} → {run_at(two, c)['p99']:.0f} ms"
            for c in levels
        )
        lines += [
            "",
            f"**A second instance** (both behind nginx, PostgreSQL + Redis): {gains}.",
            "",
            "Why: a Rasa server answers on one Python event loop, so one instance uses at most one core for "
            "its NLU, rule policy and tracker work. A second instance gains only what the second core has "
            "left: on this 2-core machine that core also runs the action server, nginx, PostgreSQL, Redis "
            "and the load generator, so the gain above is what remained of it (and a single user gains "
            "nothing: each message is still handled by one process, and the extra hop through nginx costs a "
            "little). On a machine with more cores, throughput should grow roughly with the number of "
            "instances, one per core left after the action server and the databases, until PostgreSQL or "
            "the action server becomes the bottleneck (then run more action servers); each instance adds "
            "its own copy of the model in memory (the table below).",
        ]
    return lines


def report(results: list[dict], levels: list[int], paired: list[tuple[float, float]]) -> str:
    lines = [
        BEGIN,
        "## At scale: the assistant against a stock Rasa 3.6 bot (`scripts/bench_scale.py`)",
        "",
        f"One invocation on this machine ({os.cpu_count()} cores), every setup loaded in turn with the same "
        "generator (aiohttp, 127.0.0.1). Our mix: the held-out questions and the questionnaires turn by turn "
        "(calculator, directory, FAQ, form turns); the stock bot: its own greet/mood/bot-challenge turns, "
        "with TensorFlow's default threads (ours: one thread per pool).",
        "",
        "| setup | concurrency | msg/s | p50 (ms) | p95 (ms) | p99 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for run in result["runs"]:
            lines.append(
                f"| {result['name']} | {run['concurrency']} | {run['throughput']:.1f} | {run['median']:.0f} "
                f"| {run['p95']:.0f} | {run['p99']:.0f} |"
            )
    lines += ratios(results, levels)
    lines += paired_lines(paired)
    lines += [
        "",
        "Peak resident memory (VmHWM) of every process:",
        "",
        "| setup | process | peak (MiB) |",
        "|---|---|---:|",
    ]
    for result in results:
        lines += [
            f"| {result['name']} | {label} | {kib / 1024:.0f} |" for label, kib in result["memory"].items()
        ]
    return "\n".join([*lines, END]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument(
        "--rounds", type=int, default=3, help="times the mix is played per level (longer runs vary less)"
    )
    parser.add_argument("--pairs", type=int, default=5, help="alternating stock/ours runs at concurrency 10")
    parser.add_argument("--skip-deployed", action="store_true", help="no PostgreSQL/Redis/nginx setups")
    args = parser.parse_args()
    mix = conversations()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as workdir:
        stock, ours, paired = bench_stock_and_ours(Path(workdir), args.levels, args.rounds, mix, args.pairs)
        results += [stock, ours]
    if not args.skip_deployed:
        for instances in (1, 2):
            results.append(bench_ours_deployed(instances, args.levels, args.rounds, mix))
    section = report(results, args.levels, paired)
    write(section, BEGIN, END)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
