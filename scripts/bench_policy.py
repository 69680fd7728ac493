"""Benchmark the policy store and calculator: store load time (goal ≤ 1 s) and median time of a lookup and
of each calculation (goal ≤ 1 ms). Prints the figures and writes docs/benchmarks-policy.md."""

from __future__ import annotations

import datetime as dt
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import paths
from bot.calc import benefits, contribution, employer, lookup, subsidies
from bot.directory import Directory
from bot.faq import FaqIndex
from bot.kb.store import PolicyStore, ensure_built

TODAY = dt.date(2026, 11, 22)
ON = dt.date(2020, 5, 15)


def median_ms(function: Callable[[], object], repeat: int = 2000) -> tuple[float, float]:
    for _ in range(50):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main() -> int:
    url = paths.policy_db_url()
    ensure_built(url, paths.POLICY_DATA_DIR)
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        store = PolicyStore.open(url=url, rebuild_if_stale=False)
        loads.append(time.perf_counter() - start)
    check_start = time.perf_counter()
    PolicyStore.open(url=url)  # includes hashing the data files to detect staleness
    open_with_check = time.perf_counter() - check_start
    directory, faq = Directory(store), FaqIndex(store)
    cases: dict[str, Callable[[], object]] = {
        "lookup (store.value)": lambda: store.value("contribution_base.upper_limit", "changchun", ON),
        "lookup (result with citation)": lambda: lookup.lookup(store, "contribution_base.upper_limit", "长春", on=ON, today=TODAY),
        "base_limits": lambda: contribution.base_limits(store, "长春", on=ON, today=TODAY),
        "contribution_base": lambda: contribution.contribution_base(store, "长春", 8000, on=ON, today=TODAY),
        "contribution (with reductions)": lambda: contribution.monthly_contributions(store, "长春", 8000, "large", on=ON, today=TODAY),
        "reductions": lambda: contribution.reductions(store, "长春", "sme", on=ON, today=TODAY),
        "flexible_options": lambda: contribution.flexible_options(store, "长春", on=ON, today=TODAY),
        "late_fee": lambda: employer.late_fee(store, "天津", 10000, 30, on=dt.date(2020, 8, 1), today=TODAY),
        "unemployment_benefit": lambda: benefits.unemployment_benefit(store, "北京", 7, involuntary=True, today=TODAY),
        "unemployment_subsidy": lambda: benefits.unemployment_subsidy(store, "北京", 3, benefit_expired=True, today=TODAY),
        "temporary_living_allowance": lambda: benefits.temporary_living_allowance(store, "北京", True, "2019-06-01", 8, today=TODAY),
        "one_time_living_allowance": lambda: benefits.one_time_living_allowance(store, "北京", 2, False, today=TODAY),
        "job_retention_refund": lambda: employer.job_retention_refund(store, "长春", 24, 25, 3, None, 12000, True, today=TODAY),
        "deferral_eligibility": lambda: employer.deferral_eligibility(store, "长春", "sme", True, 4, True, 5, today=TODAY),
        "certificate_subsidy": lambda: subsidies.certificate_subsidy(store, "天津", "education", 40, "2020-01-15", "2020-06-01", False, today=TODAY),
        "average_wage": lambda: lookup.average_wage(store, "北京", 2019, today=TODAY),
        "directory route": lambda: directory.route("changchun", "净月", "unemployment"),
        "faq search": lambda: faq.search("外国员工要交社保吗", "changchun"),
    }
    rows = [(name, *median_ms(function)) for name, function in cases.items()]
    load_median = statistics.median(loads)
    lines = [
        "# Policy store and calculator benchmark",
        "",
        f"Run {dt.datetime.now().isoformat(timespec='seconds')} on {platform.machine()}, Python {platform.python_version()}, "
        f"`python scripts/bench_policy.py` (median of 2000 calls after 50 warm-up calls).",
        "",
        f"- Store load from SQLite into memory: **{load_median * 1000:.1f} ms** median of 5 (goal ≤ 1 s)",
        f"- Store open including the staleness check (hash of the data files): {open_with_check * 1000:.1f} ms",
        "",
        "| operation | median (ms) | p99 (ms) | goal |",
        "|---|---:|---:|---|",
    ]
    lines += [f"| {name} | {median:.4f} | {p99:.4f} | ≤ 1 ms {'✔' if median <= 1 else '✘'} |" for name, median, p99 in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    target = paths.REPO_ROOT / "docs" / "benchmarks-policy.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"written to {target.relative_to(paths.REPO_ROOT)}")
    return 0 if load_median <= 1 and all(median <= 1 for _, median, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
