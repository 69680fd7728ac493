"""Command line for the policy knowledge base: ``python -m bot.policy <command>``.

Commands: build, validate, get, calc, directory, faq, bounds, expired, coverage.
``--json`` prints machine output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

from bot import paths
from bot.answers.render import render_faq, render_offices, render_result
from bot.calc import benefits, contribution, employer, lookup, subsidies
from bot.calc.result import Result
from bot.directory import Directory
from bot.faq import FaqIndex
from bot.kb.loader import DataError, load_knowledge_base
from bot.kb.model import NOT_STATED, OPEN, STANDARD_YEAR
from bot.kb.store import PolicyStore, build_store, data_hash
from bot.kb.units import format_date, format_value
from bot.kb.verify import bound_bases, verify_against_seeds

# name -> (function, Chinese title, {option: type}) — options map to the function's keyword arguments
CALCULATIONS: dict[str, tuple[Callable[..., Result], str, dict[str, type]]] = {
    "base_limits": (contribution.base_limits, "缴费基数上下限", {}),
    "contribution_base": (contribution.contribution_base, "缴费基数", {"wage": str}),
    "contribution": (
        contribution.monthly_contributions,
        "每月社保缴费",
        {"wage": str, "enterprise_type": str},
    ),
    "reductions": (contribution.reductions, "阶段性减免", {"enterprise_type": str}),
    "flexible": (contribution.flexible_options, "灵活就业缴费", {"chosen_base": str}),
    "late_fee": (employer.late_fee, "滞纳金", {"amount": str, "days": str, "deferred": bool}),
    "unemployment_benefit": (
        benefits.unemployment_benefit,
        "失业保险金",
        {
            "contribution_years": str,
            "month_of_receipt": str,
            "involuntary": bool,
            "registered": bool,
            "years_to_retirement": str,
        },
    ),
    "unemployment_subsidy": (
        benefits.unemployment_subsidy,
        "失业补助金",
        {"insured_years": str, "benefit_expired": bool, "left_voluntarily": bool, "reemployed": bool},
    ),
    "temporary_allowance": (
        benefits.temporary_living_allowance,
        "临时生活补助",
        {"is_migrant_worker": bool, "insured_since": str, "insured_months": str},
    ),
    "one_time_allowance": (
        benefits.one_time_living_allowance,
        "一次性生活补助",
        {"continuous_work_years": str, "paid_personally": bool},
    ),
    "job_retention": (
        employer.job_retention_refund,
        "稳岗返还",
        {
            "contribution_months": str,
            "headcount": str,
            "laid_off": str,
            "enterprise_size": str,
            "last_year_ui_paid": str,
            "industry_compliant": bool,
            "hardship": bool,
            "excluded": bool,
            "local_avg_benefit": str,
            "insured_employees": str,
        },
    ),
    "deferral": (
        employer.deferral_eligibility,
        "缓缴",
        {
            "enterprise_type": str,
            "severe_difficulty": bool,
            "loss_months": str,
            "cannot_pay_minimum_wage": bool,
            "months_requested": str,
            "flexible_worker": bool,
        },
    ),
    "rates": (lookup.rates, "缴费比例", {"insurance": str}),
    "average_wage": (lookup.average_wage, "平均工资", {"year": int}),
    "price_subsidy": (benefits.price_subsidy, "价格临时补贴", {}),
    "certificate_subsidy": (
        subsidies.certificate_subsidy,
        "技能/学历/职称提升补贴",
        {
            "kind": str,
            "ui_months": str,
            "certificate_date": str,
            "application_date": str,
            "degree_only": bool,
        },
    ),
}

YES = {"是", "yes", "y", "true", "1", "有", "对"}
NO = {"否", "no", "n", "false", "0", "没有", "不是"}


def _flag(text: str) -> bool:
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    raise argparse.ArgumentTypeError(f"请回答 是/否：{text}")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def _open_store(args: argparse.Namespace) -> PolicyStore:
    return PolicyStore.open(url=args.db, data_dir=args.data)


def cmd_build(args: argparse.Namespace) -> int:
    kb = load_knowledge_base(args.data)
    build_store(kb, args.db, data_hash(args.data))
    print(
        f"已写入 {args.db}：{len(kb.documents)} 份文件，{len(kb.parameters)} 个参数"
        f"（{sum(len(p.values) for p in kb.parameters.values())} 个取值），{len(kb.faq)} 篇问答，"
        f"{len(kb.offices)} 个电话"
    )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    kb = load_knowledge_base(args.data)
    problems = (
        verify_against_seeds(kb, args.seeds)
        if args.seeds.is_dir()
        else [f"seed folder not found: {args.seeds}"]
    )
    problems += _passage_problems(args.seeds, args.data) if args.seeds.is_dir() else []
    for problem in problems:
        print(problem)
    print("数据校验通过" if not problems else f"{len(problems)} 个问题")
    return 1 if problems else 0


def _passage_problems(seeds: Path, data: Path) -> list[str]:
    """Every problem of the passage index's data (passages.yml's boundary map, OCR fixes and synonyms;
    passage_questions.yml's quotes), found by building it as the assistant does."""
    from bot.passages import PassageIndex
    from bot.passages.config import PassageConfigError
    from bot.passages.examples import ExampleError

    try:
        PassageIndex.load(seeds, data)
    except (PassageConfigError, ExampleError) as exc:
        return [f"passages: {issue}" for issue in exc.issues]
    return []


def cmd_get(args: argparse.Namespace) -> int:
    result = lookup.lookup(_open_store(args), args.key, args.region, on=args.on)
    _print(args, result, "参数")
    return 0 if result.ok else 2


def cmd_calc(args: argparse.Namespace) -> int:
    function, title, options = CALCULATIONS[args.calculation]
    kwargs = {name: getattr(args, name) for name in options if getattr(args, name, None) is not None}
    if args.calculation != "average_wage":
        kwargs["on"] = args.on
    result = function(_open_store(args), args.region, **kwargs)
    _print(args, result, title)
    return 0 if result.ok else 2


def _print(args: argparse.Namespace, result: Result, title: str) -> None:
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_result(result, title))


def cmd_directory(args: argparse.Namespace) -> int:
    store = _open_store(args)
    directory = Directory(store)
    region = store.find_region(args.city) if args.city else None
    if args.city and region is None:
        print(f"暂未收录“{args.city}”。")
        return 2
    if args.search:
        offices = directory.find(args.search, region.id if region else None) or directory.route(
            region.id if region else None
        )
    else:
        offices = directory.route(region.id if region else None, args.district, args.topic)
    if args.json:
        print(
            json.dumps(
                [directory.listing(o).__dict__ | {"office": o.id} for o in offices],
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        print(render_offices(directory, offices))
    return 0


def cmd_faq(args: argparse.Namespace) -> int:
    store = _open_store(args)
    region = store.find_region(args.city) if args.city else None
    hits = FaqIndex(store).search(args.question, region.id if region else None)
    if not hits:
        print("没有找到相关问答。")
        return 2
    print(render_faq(store, hits[0].article))
    return 0


def cmd_bounds(args: argparse.Namespace) -> int:
    """Every start and end of every value with the words of its document it comes from."""
    kb = load_knowledge_base(args.data)
    bases = bound_bases(kb, args.seeds)
    for basis in bases:
        if args.key is None or basis.key == args.key:
            print(basis)
    missing = [b for b in bases if b.kind == "missing"]
    print(f"共{len(bases)}个起止日期，{len(missing)}个在文件中找不到依据")
    return 1 if missing else 0


def cmd_expired(args: argparse.Namespace) -> int:
    store = _open_store(args)
    ended = store.ended_without_successor(args.today)
    for value in ended:
        assert value.last_day is not None  # ended, so it has a last day
        parameter = store.parameter(value.key)
        until = (
            f"{value.standard_year}年度标准"
            if value.end == STANDARD_YEAR
            else f"止于{format_date(value.last_day)}"
        )
        print(
            f"{value.key}\t{store.region(value.region).short_name}\t{until}\t"
            f"{format_value(value.value, parameter.unit)}\t{parameter.description}"
        )
    print(f"共{len(ended)}个参数的执行期已结束且无后续取值（截至{format_date(args.today)}）")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    store = _open_store(args)
    if args.key not in store.kb.parameters:
        print(f"没有名为“{args.key}”的参数。")
        return 2
    parameter = store.parameter(args.key)
    print(f"{args.key}：{parameter.description}（{parameter.unit}）")
    for value in store.coverage(args.key):
        start = format_date(value.effective_from) if value.effective_from else "文件未规定"
        end = {
            OPEN: "（文件未设截止日期）",
            NOT_STATED: "文件未规定",
            STANDARD_YEAR: f"{value.standard_year}年度标准",
        }.get(value.end, format_date(value.effective_to) if value.effective_to else "")
        citation = store.document(value.source.document).short_citation(value.source.section)
        print(
            f"  {store.region(value.region).short_name}\t{start} 至 {end}\t"
            f"{format_value(value.value, parameter.unit)}\t{citation}"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot.policy", description="社保政策知识库、计算器与电话目录"
    )
    parser.add_argument("--data", type=Path, default=paths.POLICY_DATA_DIR, help="policy data folder")
    parser.add_argument("--db", default=paths.policy_db_url(), help="SQLAlchemy URL of the store")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="validate the data files and (re)build the SQL store")
    validate = sub.add_parser(
        "validate", help="validate the data and check every quote and value against the seeds"
    )
    validate.add_argument("--seeds", type=Path, default=paths.SEEDS_DIR)
    get = sub.add_parser("get", help="look up one parameter")
    get.add_argument("key")
    get.add_argument("--region", required=True)
    get.add_argument("--on", type=_date)
    calc = sub.add_parser("calc", help="run a calculation")
    calc.add_argument("calculation", choices=sorted(CALCULATIONS))
    calc.add_argument("--region", required=True)
    calc.add_argument("--on", type=_date)
    seen: set[str] = set()
    for _, _, options in CALCULATIONS.values():
        for name, kind in options.items():
            if name not in seen:
                seen.add(name)
                calc.add_argument(
                    f"--{name.replace('_', '-')}", dest=name, type=_flag if kind is bool else kind
                )
    directory = sub.add_parser("directory", help="find or route to an office")
    directory.add_argument("--city")
    directory.add_argument("--district")
    directory.add_argument("--topic")
    directory.add_argument("--search")
    faq = sub.add_parser("faq", help="answer a policy question from the FAQ articles")
    faq.add_argument("question")
    faq.add_argument("--city")
    bounds = sub.add_parser("bounds", help="every start and end of every value with the quote it comes from")
    bounds.add_argument("--seeds", type=Path, default=paths.SEEDS_DIR)
    bounds.add_argument("--key", help="only this parameter")
    expired = sub.add_parser("expired", help="parameters whose period has ended with no successor")
    expired.add_argument("--today", type=_date, default=dt.date.today())
    coverage = sub.add_parser("coverage", help="every region and period a parameter covers")
    coverage.add_argument("key")
    return parser


COMMANDS = {
    "build": cmd_build,
    "validate": cmd_validate,
    "get": cmd_get,
    "calc": cmd_calc,
    "directory": cmd_directory,
    "faq": cmd_faq,
    "bounds": cmd_bounds,
    "expired": cmd_expired,
    "coverage": cmd_coverage,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
