"""Single-parameter answers: any key for a region and date, and average wages by statistical year."""

from __future__ import annotations

import datetime as dt

from bot.calc.context import Calculation, InvalidInput, NotCovered, run
from bot.calc.result import Result
from bot.kb.store import PolicyStore


def _lookup(store, key, region, on, today) -> Result:
    if key not in store.kb.parameters:
        raise InvalidInput(f"没有名为“{key}”的参数。")
    parameter = store.parameter(key)
    calc = Calculation(store, "lookup", region, on, today, primary_key=key)
    value = calc.get(key)
    calc.result.add_figure("value", parameter.description, value.value, parameter.unit)
    worded = value.source.quote_value
    if worded and parameter.unit == "ratio" and not any(ch.isdigit() for ch in worded):
        # 0.05% is the document's 万分之五: its own words too, as people quote it
        calc.result.steps.append(f"文件原文写作“{value.source.quote_value}”：“{value.source.quote}”")
    if value.note:
        calc.result.steps.append(value.note)
    return calc.finish()


def lookup(
    store: PolicyStore, key: str, region: str | None, on: dt.date | None = None, today: dt.date | None = None
) -> Result:
    """The value of one parameter in force for the region on ``on`` (latest when no date is given)."""
    return run("lookup", _lookup, store, key, region, on, today)


def _average_wage(store, region, year, today) -> Result:
    on = None
    if year is not None:
        if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
            raise InvalidInput(f"年份“{year}”无效，请写成2019这样的四位数年份。")
        on = dt.date(year, 6, 30)
    calc = Calculation(store, "average_wage", region, on, today, primary_key="average_wage.annual")
    annual = calc.get("average_wage.annual")
    result = calc.result
    start = annual.first_day  # an average wage is dated by its statistical year
    result.add_figure("annual", f"{start.year}年度平均工资", annual.value, "yuan_per_year")
    monthly = calc.get("average_wage.monthly", required=False, on=start)
    if monthly is not None:
        result.add_figure("monthly", f"{start.year}年度月平均工资", monthly.value, "yuan_per_month")
    if annual.note:
        result.steps.append(f"统计口径：{annual.note}")
    result.as_of = start
    return calc.finish()


def average_wage(
    store: PolicyStore, region: str | None, year: int | None = None, today: dt.date | None = None
) -> Result:
    """Published average wage of a region for a statistical year (latest when no year is given)."""
    return run("average_wage", _average_wage, store, region, year, today)


RATE_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "pension": (
        ("rate.pension.employer", "基本养老保险单位缴费比例"),
        ("rate.pension.employee", "基本养老保险个人缴费比例"),
        ("rate.pension.flexible", "个体工商户、灵活就业人员养老保险缴费比例"),
    ),
    "unemployment": (
        ("rate.unemployment.employer", "失业保险单位缴费比例"),
        ("rate.unemployment.employee", "失业保险个人缴费比例"),
        ("rate.unemployment.total", "失业保险单位和个人缴费比例之和"),
    ),
    "work_injury": (
        ("rate.work_injury.cut", "一类至八类行业工伤保险费率在现行费率基础上下调"),
        ("rate.work_injury.project", "按项目参保的施工企业工伤保险费率"),
    ),
}
INSURANCE_NAMES = {
    "pension": "养老保险",
    "unemployment": "失业保险",
    "work_injury": "工伤保险",
    "medical": "医疗保险",
    "maternity": "生育保险",
    "housing_fund": "住房公积金",
}


def _rates(store, region, insurance, on, today) -> Result:
    if insurance is not None and insurance not in INSURANCE_NAMES:
        raise InvalidInput(f"险种“{insurance}”无法识别。")
    wanted = [insurance] if insurance else list(RATE_KEYS)
    keys = [pair for name in wanted for pair in RATE_KEYS.get(name, ())]
    probe = Calculation(store, "rates", region, None, today)
    primary = next((key for key, _ in keys if store.latest(key, probe.region.id) is not None), None)
    if primary is None:
        what = INSURANCE_NAMES[insurance] if insurance else "各险种"
        # 北京医疗保险的比例: 北京 is itself a place with rates (of other insurances), so each place is
        # named with the insurances it has — "没有北京的…；收录的地区：北京" would read as a contradiction
        covered: dict[str, list[str]] = {}
        for name, pairs in RATE_KEYS.items():
            for region_id in sorted({v.region for key, _ in pairs for v in store.coverage(key)}):
                covered.setdefault(region_id, []).append(INSURANCE_NAMES[name])
        names = "；".join(f"{store.region(r).short_name}（{'、'.join(covered[r])}）" for r in sorted(covered))
        raise NotCovered(
            f"资料中没有收录{probe.region.short_name}{what}的缴费比例。目前收录的缴费比例：{names}。"
        )
    calc = Calculation(store, "rates", region, on, today, primary_key=primary)
    for key, label in keys:
        value = calc.get(key, required=False)
        if value is not None:
            calc.result.add_figure(key.removeprefix("rate.").replace(".", "_"), label, value.value, "ratio")
    if not calc.result.figures:
        calc.get(primary)  # raises NotCovered naming the period that is covered
    return calc.finish()


def rates(
    store: PolicyStore,
    region: str | None,
    insurance: str | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """Contribution rates of one insurance (or all with data) in force for the region on ``on``."""
    return run("rates", _rates, store, region, insurance, on, today)
