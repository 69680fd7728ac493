"""Benchmark the running assistant as `make run` starts it (`make bench`).

Starts the action server and `rasa run` with our patches (`python -m bot.ops.rasa_main run`, as
scripts/run.sh; REST channel, SQL tracker store on a fresh SQLite file, the shipped model), then measures:

* cold start: from launching both processes to the first answer of the REST webhook;
* reply time of `POST /webhooks/rest/webhook` for one user over a realistic mix: the held-out end-to-end
  questions (calculator, directory, FAQ, out-of-scope) and every questionnaire played turn by turn;
  median, p95, p99 and throughput, optionally at higher concurrency (`--concurrency 1 10`);
* resident memory (current and peak) of each process.

Prints the figures and writes them into docs/benchmarks.md (the section between the `assistant` markers).
Traffic goes to 127.0.0.1 only, and every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.deploy_local import free_port
from scripts.model import model_path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- assistant: begin -->", "<!-- assistant: end -->"
ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0", "RASA_TELEMETRY_ENABLED": "false",
       "TF_INTER_OP_PARALLELISM_THREADS": "1", "TF_INTRA_OP_PARALLELISM_THREADS": "1", "BOT_TODAY": "2026-11-22"}


def conversations() -> list[list[str]]:
    """The question mix: one conversation per held-out question, one per questionnaire path."""
    questions = yaml.safe_load((ROOT / "tests" / "e2e_questions.yml").read_text(encoding="utf-8"))
    mix = [[case["question"]] for case in questions]
    scenarios = yaml.safe_load((ROOT / "tests" / "questionnaire_scenarios.yml").read_text(encoding="utf-8"))
    for spec in scenarios.values():
        mix.append([spec["start"]["text"], *(answer["text"] for answer in spec["answers"])])
        if "follow_up" in spec:
            mix[-1].append(spec["follow_up"]["text"])
    return mix


def memory_kib(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a process in KiB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


class Servers:
    def __init__(self, model: Path, workdir: Path):
        self.model, self.workdir = model, workdir
        self.rasa_port, self.action_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"
        # the default profile of endpoints.yml, with its own SQLite file
        tracker_store = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))["tracker_store"]
        tracker_store["db"] = str(workdir / "trackers.sqlite")
        endpoints = {"action_endpoint": {"url": f"http://127.0.0.1:{self.action_port}/webhook"},
                     "tracker_store": tracker_store}
        (workdir / "endpoints.yml").write_text(yaml.safe_dump(endpoints), encoding="utf-8")
        (workdir / "credentials.yml").write_text("bot.channels.rest.SafeRestInput:\n", encoding="utf-8")
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        env = dict(os.environ, **ENV)
        logs = {name: open(self.workdir / f"{name}.log", "w") for name in ("actions", "rasa")}
        self.processes["action server"] = subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
            cwd=ROOT, env=env, stdout=logs["actions"], stderr=subprocess.STDOUT)
        self.processes["rasa"] = subprocess.Popen(
            [sys.executable, "-m", "bot.ops.rasa_main", "run", "--model", str(self.model),
             "--port", str(self.rasa_port), "--endpoints", str(self.workdir / "endpoints.yml"),
             "--credentials", str(self.workdir / "credentials.yml")],
            cwd=ROOT, env=env, stdout=logs["rasa"], stderr=subprocess.STDOUT)
        for log in logs.values():  # the children hold their own descriptors
            log.close()

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


async def ask(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> float:
    started = time.perf_counter()
    async with session.post(url, json={"sender": sender, "message": text}) as response:
        body = await response.read()
        if response.status != 200:
            raise RuntimeError(f"{response.status} {body[:200]!r} for {text!r}")
    return time.perf_counter() - started


async def first_answer(url: str, processes: dict[str, subprocess.Popen], started: float, text: str = "长春缴费基数上限是多少",
                       limit: float = 180.0) -> float:
    """Seconds from ``started`` to the first answer of the REST webhook at ``url``."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        while time.perf_counter() - started < limit:
            for name, process in processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited")
            try:
                await ask(session, url, "cold-start", text)
                return time.perf_counter() - started
            except (aiohttp.ClientError, RuntimeError, asyncio.TimeoutError):
                await asyncio.sleep(0.1)
    raise RuntimeError(f"no answer within {limit:.0f} s")


async def load(url: str, mix: list[list[str]], concurrency: int, rounds: int) -> dict[str, float]:
    """Each worker plays whole conversations until the queue is empty. Every conversation has a sender never
    used before, in this run or an earlier one: a reused sender would continue an old conversation (the
    PostgreSQL tracker store keeps them between runs), and longer trackers cost more per turn."""
    queue: asyncio.Queue[tuple[str, list[str]]] = asyncio.Queue()
    run = uuid.uuid4().hex[:12]
    for round_ in range(rounds):
        for index, turns in enumerate(mix):
            queue.put_nowait((f"bench-{run}-c{concurrency}-r{round_}-{index}", turns))
    times: list[float] = []

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            sender, turns = queue.get_nowait()
            for text in turns:
                times.append(await ask(session, url, sender, text))

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ordered = sorted(times)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"concurrency": concurrency, "messages": len(times), "throughput": len(times) / elapsed,
            "median": statistics.median(ordered) * 1000, "p95": at(0.95), "p99": at(0.99)}


def report(cold: float, runs: list[dict[str, float]], memory: dict[str, tuple[int, int]], n_conv: int,
           n_turns: int) -> str:
    lines = [BEGIN, "## The assistant (`scripts/bench_assistant.py`)", "",
             f"Machine: {os.cpu_count()} cores. Model `{model_path().name}`, REST channel, SQLite tracker store, "
             "action server on the same machine, TensorFlow limited to one thread per pool (as `make run`). "
             f"Question mix: {n_conv} conversations, {n_turns} messages (the held-out end-to-end questions and "
             "every questionnaire played turn by turn, with its follow-up); each conversation uses a new sender.", "",
             f"- **cold start** (launch of both processes → first REST answer): **{cold:.1f} s** (goal ≤ 15 s)", "",
             "| concurrency | messages | throughput (msg/s) | median (ms) | p95 (ms) | p99 (ms) |",
             "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['concurrency']} | {r['messages']} | {r['throughput']:.1f} | **{r['median']:.1f}** | {r['p95']:.1f} | "
              f"{r['p99']:.1f} |" for r in runs]
    lines += ["", "Single-user goal: median ≤ 50 ms.", "", "| process | resident memory now (MiB) | peak (MiB) |",
              "|---|---:|---:|"]
    lines += [f"| {name} | {now / 1024:.0f} | {peak / 1024:.0f} |" for name, (now, peak) in memory.items()]
    return "\n".join([*lines, END]) + "\n"


def write(section: str, begin: str = BEGIN, end: str = END) -> None:
    """Put ``section`` between its markers in docs/benchmarks.md (appended the first time)."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.is_file() else "# Benchmarks\n\nWritten by `make bench`.\n\n"
    if begin in text:
        head, _, rest = text.partition(begin)
        text = head + section + rest.partition(end)[2].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1])
    parser.add_argument("--rounds", type=int, default=2, help="times the whole mix is played per concurrency")
    args = parser.parse_args()
    model = model_path()
    if not model.is_file():
        print(f"no model {model.name}: run `make model` first", file=sys.stderr)
        return 1
    mix = conversations()
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        servers = Servers(model, Path(workdir))
        started = time.perf_counter()
        servers.start()
        try:
            cold = asyncio.run(first_answer(servers.url, servers.processes, started))
            print(f"cold start: {cold:.1f} s")
            asyncio.run(load(servers.url, mix[:10], 1, 1))  # warm-up, not counted
            runs = []
            for concurrency in args.concurrency:
                result = asyncio.run(load(servers.url, mix, concurrency, args.rounds))
                print("concurrency {concurrency}: {messages} messages, {throughput:.1f} msg/s, median {median:.1f} ms, "
                      "p95 {p95:.1f} ms, p99 {p99:.1f} ms".format(**result))
                runs.append(result)
            memory = {name: memory_kib(process.pid) for name, process in servers.processes.items()}
        finally:
            servers.stop()
    for name, (now, peak) in memory.items():
        print(f"{name}: resident {now / 1024:.0f} MiB, peak {peak / 1024:.0f} MiB")
    write(report(cold, runs, memory, len(mix), sum(len(turns) for turns in mix)))
    print(f"written to {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
