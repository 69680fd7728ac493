"""Contribution bases, monthly contributions with the 2020 reductions, and flexible-employment options."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bot.calc.context import Calculation, InvalidInput, NotCovered, money, run, to_decimal, yuan
from bot.calc.result import Result
from bot.kb.model import ParameterValue
from bot.kb.store import PolicyStore
from bot.kb.units import format_date, format_number

ENTERPRISE_TYPES = {
    "sme": "中小微企业",
    "large": "大型企业",
    "social_org": "民办非企业单位、社会团体等社会组织",
    "individual_business_unit": "以单位方式参保的个体工商户",
    "institution": "机关事业单位",
}
INSURANCES = {"pension": "基本养老保险", "unemployment": "失业保险", "work_injury": "工伤保险"}
REDUCIBLE = ("pension", "unemployment", "work_injury")


def _check_enterprise_type(enterprise_type: str | None) -> str | None:
    if enterprise_type is None or enterprise_type in ENTERPRISE_TYPES:
        return enterprise_type
    names = "、".join(ENTERPRISE_TYPES.values())
    raise InvalidInput(f"单位类型“{enterprise_type}”无法识别，请从以下类型中选择：{names}。")


# -- base limits ------------------------------------------------------------------------------------------
def _limits(calc: Calculation) -> tuple[Decimal, Decimal]:
    store, region = calc.store, calc.region.id
    if store.value("contribution_base.upper_limit", region, calc.on) is None:
        upper_past = store.past_standard("contribution_base.upper_limit", region, calc.on)
        lower_past = store.past_standard("contribution_base.lower_limit", region, calc.on)
        if upper_past is not None and lower_past is not None:
            # a year after the documents' standard: name both limits as that year's, no figure for now
            document = store.document(upper_past.source.document)
            since = f"，{format_date(upper_past.effective_from)}起执行" if upper_past.effective_from else ""
            place, year, standard = calc.region.short_name, calc.on.year, upper_past.standard_year
            raise NotCovered(
                f"资料中没有收录{year}年{place}的缴费基数上下限：文件给出的是{place}{standard}年度的缴费基数"
                f"标准（{document.short_citation(upper_past.source.section)}{since}），文件没有规定{year}年的"
                f"标准，不能拿{standard}年度的数字代替。{year}年的标准请咨询当地社保经办机构或12333。"
            )
        ratio = store.value("contribution_base.upper_ratio", region, calc.on)
        if (
            ratio is not None
            and store.value("contribution_base.reference_wage_annual", region, calc.on) is None
        ):
            # 长春 from 2020-07: the document sets the rule (300%/60% of the 2019 provincial average wage) but
            # not the wage, so no limit in yuan: say what it does set, never the earlier half-year's figures
            document = store.document(ratio.source.document)
            calc.cite(ratio)
            raise NotCovered(
                f"文件没有规定{calc.region.short_name}{format_date(ratio.effective_from or calc.on)}起"
                f"缴费基数上下限的具体金额：文件规定"
                f"“{ratio.source.quote}”（{document.short_citation(ratio.source.section)}），"
                f"但没有给出所用平均工资的数额，资料中也没有，所以算不出上下限的金额，也不能拿之前的标准代替。"
                f"具体金额请咨询当地社保经办机构。"
            )
    upper = calc.decimal("contribution_base.upper_limit")
    lower = calc.decimal("contribution_base.lower_limit")
    return lower, upper


def _base_limits(store: PolicyStore, region: str | None, on: dt.date | None, today: dt.date | None) -> Result:
    calc = Calculation(store, "base_limits", region, on, today, primary_key="contribution_base.upper_limit")
    lower, upper = _limits(calc)
    result = calc.result
    result.add_figure("upper", "缴费基数上限", upper, "yuan_per_month")
    result.add_figure("lower", "缴费基数下限", lower, "yuan_per_month")
    annual = calc.get("contribution_base.reference_wage_annual", required=False)
    upper_ratio = calc.get("contribution_base.upper_ratio", required=False)
    lower_ratio = calc.get("contribution_base.lower_ratio", required=False)
    if annual and upper_ratio and lower_ratio:
        wage = Decimal(str(annual.value))
        result.add_figure("reference_wage_annual", "核定所用年平均工资", wage, "yuan_per_year")
        result.steps.append(
            f"上限 = {yuan(wage)} × {format_number(Decimal(str(upper_ratio.value)) * 100)}% ÷ 12 ≈ "
            f"{yuan(upper)}/月；下限 = {yuan(wage)} × "
            f"{format_number(Decimal(str(lower_ratio.value)) * 100)}% ÷ 12 ≈ {yuan(lower)}/月"
        )
    monthly = calc.get("contribution_base.reference_wage_monthly", required=False)
    if monthly and not annual:
        result.add_figure(
            "reference_wage_monthly", "计算上限的参考月工资", Decimal(str(monthly.value)), "yuan_per_month"
        )
        if upper_ratio:
            result.steps.append(
                f"上限 = {yuan(Decimal(str(monthly.value)))} × "
                f"{format_number(Decimal(str(upper_ratio.value)) * 100)}% = {yuan(upper)}/月"
            )
        else:
            result.steps.append(
                f"以{yuan(Decimal(str(monthly.value)))}/月为参考水平，上限调整为{yuan(upper)}/月"
            )
    keep_floor = calc.get("contribution_base.keep_2019_floor", required=False, fallback=False)
    if keep_floor and keep_floor.value:
        result.steps.append("2020年缴费基数下限继续执行2019年的下限标准")
    result.steps.append(
        f"申报工资低于{yuan(lower)}的按{yuan(lower)}核定，高于{yuan(upper)}的按{yuan(upper)}核定"
    )
    return calc.finish()


def base_limits(
    store: PolicyStore, region: str | None, on: dt.date | None = None, today: dt.date | None = None
) -> Result:
    """Upper and lower limit of the monthly contribution base in force for the region on ``on``."""
    return run("base_limits", _base_limits, store, region, on, today)


def _clamp(calc: Calculation, wage: Decimal) -> Decimal:
    lower, upper = _limits(calc)
    result = calc.result
    result.add_figure("wage", "申报月工资", wage, "yuan_per_month")
    result.add_figure("lower", "缴费基数下限", lower, "yuan_per_month")
    result.add_figure("upper", "缴费基数上限", upper, "yuan_per_month")
    if wage < lower:
        base = lower
        result.steps.append(f"申报工资{yuan(wage)}低于下限{yuan(lower)}，按下限{yuan(lower)}核定缴费基数")
    elif wage > upper:
        base = upper
        result.steps.append(f"申报工资{yuan(wage)}高于上限{yuan(upper)}，按上限{yuan(upper)}核定缴费基数")
    else:
        base = wage
        result.steps.append(
            f"申报工资{yuan(wage)}介于下限{yuan(lower)}和上限{yuan(upper)}之间，按申报工资核定"
        )
    result.add_figure("base", "核定缴费基数", base, "yuan_per_month")
    return base


def _contribution_base(store, region, wage, on, today) -> Result:
    amount = to_decimal(wage, "月工资")
    calc = Calculation(
        store, "contribution_base", region, on, today, primary_key="contribution_base.upper_limit"
    )
    _clamp(calc, amount)
    return calc.finish()


def contribution_base(
    store: PolicyStore, region: str | None, wage: Any, on: dt.date | None = None, today: dt.date | None = None
) -> Result:
    """Monthly contribution base for a declared monthly wage: the wage clamped to the limits in force."""
    return run("contribution_base", _contribution_base, store, region, wage, on, today)


# -- reductions -------------------------------------------------------------------------------------------
def _reduction_share(calc: Calculation, enterprise_type: str, insurance: str) -> Decimal | None:
    """Share of the employer contribution waived, or None when the documents leave it open."""
    if enterprise_type == "institution":
        excluded = calc.get("reduction.institution.excluded", required=False)
        if excluded is not None:
            return Decimal(0)
        nearest = calc.nearest("reduction.institution.excluded")
        if nearest is None:
            return None
        # 事业单位能享受减免不, asked after 2020: never in the reduction, outside its period either — the rule
        # that excludes them is cited (no "文件未明确")
        calc.cite_document(nearest.source.document, nearest.source.section)
        return Decimal(0)
    key = f"reduction.{enterprise_type}.{insurance}"
    value = calc.get(key, required=False)
    if value is not None:
        return Decimal(str(value.value))
    if enterprise_type == "individual_business_unit" and calc.on.year == 2020:
        return None  # national rule: "参照企业办法" without saying which size
    nearest = calc.nearest(key)
    if nearest is None:
        return None
    _cite_outside(calc, nearest, INSURANCES[insurance])
    return Decimal(0)


def _cite_outside(calc: Calculation, value: ParameterValue, insurance_name: str) -> None:
    """Cite the document whose period ends before (or starts after) the date: that is why nothing applies."""
    document = calc.store.document(value.source.document)
    calc.cite_document(document.id, value.source.section)
    if value.effective_to is not None and value.effective_to < calc.on:
        calc.result.narrow_period(value.effective_to + dt.timedelta(days=1), None)
        calc.result.steps.append(
            f"{insurance_name}的阶段性{share_text(Decimal(str(value.value)))}政策执行至{format_date(value.effective_to)}，"
            f"{format_date(calc.on)}已不在减免期内"
        )
    else:
        before = value.first_day - dt.timedelta(days=1)
        calc.result.period_to = (
            before if calc.result.period_to is None else min(calc.result.period_to, before)
        )
        calc.result.steps.append(
            f"{insurance_name}的阶段性{share_text(Decimal(str(value.value)))}政策自{format_date(value.first_day)}起实施，"
            f"{format_date(calc.on)}尚未开始"
        )


def _product(exact: Decimal, rounded: Decimal) -> str:
    """An amount as computed: "96.845元，四舍五入为96.85元" when the exact product has more decimals."""
    if exact == rounded:
        return yuan(rounded)
    return f"{format_number(exact, 6)}元，四舍五入为{yuan(rounded)}"


def share_text(share: Decimal | None) -> str:
    if share is None:
        return "文件未明确"
    if share == 1:
        return "免征"
    if share == 0:
        return "不减免"
    if share == Decimal("0.5"):
        return "减半征收"
    return f"减免{format_number(share * 100)}%"


def _reductions(store, region, enterprise_type, on, today) -> Result:
    if enterprise_type is None:
        raise InvalidInput("请告诉我单位类型：" + "、".join(ENTERPRISE_TYPES.values()) + "。")
    _check_enterprise_type(enterprise_type)
    calc = Calculation(store, "reductions", region, on, today)
    result = calc.result
    result.add_figure("enterprise_type", "单位类型", ENTERPRISE_TYPES[enterprise_type], "text")
    for insurance, name in INSURANCES.items():
        share = _reduction_share(calc, enterprise_type, insurance)
        result.add_figure(
            f"{insurance}_share",
            f"{name}单位缴费减免比例",
            share if share is not None else "文件未明确",
            "ratio" if share is not None else "text",
        )
        result.steps.append(f"{name}单位缴费：{share_text(share)}")
    if enterprise_type == "individual_business_unit":
        rule = calc.get("reduction.individual_business_unit.follows_enterprise_rules", required=False)
        if rule is not None:
            result.steps.append("有雇工的个体工商户以单位方式参保的，参照企业办法享受减免和缓缴政策")
    if enterprise_type == "institution":
        result.steps.append("机关事业单位不在阶段性减免范围内")
    result.steps.append("减免的只是单位缴费部分，职工个人缴费照常缴纳")
    if not result.citations:
        result.notes.append(f"资料中未见{format_date(calc.on)}适用的阶段性减免政策。")
    return calc.finish()


def reductions(
    store: PolicyStore,
    region: str | None,
    enterprise_type: str | None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """2020 reductions of the employer share for an enterprise type, per insurance, in force on ``on``."""
    return run("reductions", _reductions, store, region, enterprise_type, on, today)


# -- monthly contributions ----------------------------------------------------------------------------------
def _monthly(
    store, region, wage, enterprise_type, on, today, unit_total=False, employee_only=False, base_told=False
) -> Result:
    amount = to_decimal(wage, "单位缴费基数合计" if unit_total else ("缴费基数" if base_told else "月工资"))
    _check_enterprise_type(enterprise_type)
    primary = "rate.pension.employer" if base_told else "contribution_base.upper_limit"
    calc = Calculation(store, "contribution", region, on, today, primary_key=primary)
    if base_told and not unit_total:
        base = amount
        calc.result.add_figure("base", "缴费基数（您说的）", base, "yuan_per_month")
        calc.result.steps.append(f"按您说的缴费基数{yuan(base)}计算")
        calc.result.notes.append("该时期的缴费基数上下限资料中未收录，未核对您说的基数是否在上下限之间。")
    elif unit_total:
        # the employer's base for all its staff together (全单位缴费基数加起来30万): each employee's base was
        # already set within the limits, so the sum is used as it is
        base = amount
        calc.result.add_figure("base", "单位缴费基数（职工缴费基数之和）", base, "yuan_per_month")
        calc.result.steps.append(f"按您说的全单位职工缴费基数之和{yuan(base)}计算")
    else:
        base = _clamp(calc, amount)
    result = calc.result
    employer_total = employee_total = Decimal(0)
    computed: list[str] = []
    for insurance in ("pension", "unemployment"):
        name = INSURANCES[insurance]
        employer = calc.get(f"rate.{insurance}.employer", required=False)
        employee = calc.get(f"rate.{insurance}.employee", required=False)
        if employer is None or employee is None:
            continue
        employer_rate, employee_rate = Decimal(str(employer.value)), Decimal(str(employee.value))
        share = _reduction_share(calc, enterprise_type, insurance) if enterprise_type else Decimal(0)
        # every amount from the exact product, rounded once to the fen; the waived part is the difference,
        # so statutory = waived + due as printed (13835 × 0.7% × 50% = 48.4225 → 48.42, not 96.85 ÷ 2)
        exact = base * employer_rate
        statutory = money(exact)
        due = money(exact * (1 - share)) if share is not None else statutory
        waived = statutory - due
        personal = money(base * employee_rate)
        result.add_figure(f"{insurance}_employer", f"{name}单位缴费", due, "yuan")
        employee_label = f"{name}职工个人缴费合计" if unit_total else f"{name}个人缴费"
        result.add_figure(f"{insurance}_employee", employee_label, personal, "yuan")
        employer_pct, employee_pct = format_number(employer_rate * 100), format_number(employee_rate * 100)
        line = f"{name}：单位 {yuan(base)} × {employer_pct}% = {_product(exact, statutory)}"
        if enterprise_type and share:
            if share == 1:
                line += f"，{share_text(share)}，应缴0元（减免{yuan(waived)}）"
            else:
                line += (
                    f"，{share_text(share)}：{yuan(base)} × {format_number(employer_rate * 100)}% × "
                    f"{format_number((1 - share) * 100)}% = {_product(exact * (1 - share), due)}，"
                    f"减免{yuan(waived)}（{format_number(statutory)} = {format_number(waived)} + "
                    f"{format_number(due)}）"
                )
        elif enterprise_type and share is None:
            line += "（减免政策文件未明确，暂按未减免列示）"
        employee_line = f"个人 {yuan(base)} × {employee_pct}% = {_product(base * employee_rate, personal)}"
        result.steps.append(f"{name}：{employee_line}" if employee_only else f"{line}；{employee_line}")
        employer_total += due
        employee_total += personal
        computed.append(name)
    if not computed:
        result.notes.append(
            f"资料中没有{calc.place}的缴费比例，只能给出缴费基数；具体缴费金额请咨询当地社保经办机构。"
        )
    else:
        calc.note_rounding()
        result.add_figure("employer_total", "单位每月合计", employer_total, "yuan")
        result.add_figure(
            "employee_total", "职工个人每月合计" if unit_total else "个人每月合计", employee_total, "yuan"
        )
        result.notes.append(f"以上只含{'、'.join(computed)}；医疗、工伤、生育保险的费率资料中未收录。")
        if enterprise_type is None and not employee_only:  # the note is on the employer's share
            result.notes.append(
                "未说明单位类型，以上单位缴费按未减免计算；2020年中小微企业、大型企业等可享受阶段性减免。"
            )
    return calc.finish()


def monthly_contributions(
    store: PolicyStore,
    region: str | None,
    wage: Any,
    enterprise_type: str | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
    unit_total: bool = False,
    employee_only: bool = False,
    base_told: bool = False,
) -> Result:
    """Base, then employer and employee amounts per insurance, with the enterprise type's 2020 reductions.
    ``unit_total``: ``wage`` is the sum of all the staff's bases (the employer's base), used as it is.
    ``employee_only``: the steps show the employee's half only (every figure is still computed).
    ``base_told``: ``wage`` is the contribution base the asker was assessed at, for a date whose limits the
    data lacks (长春2019年4月，缴费基数5000): used as it is, with the rates in force then."""
    return run(
        "contribution",
        _monthly,
        store,
        region,
        wage,
        enterprise_type,
        on,
        today,
        unit_total,
        employee_only,
        base_told,
    )


# -- flexible employment -------------------------------------------------------------------------------------
def _round_yuan(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _half_year_rule(calc: Calculation) -> str | None:
    """Which year's average wage the half-year of the date asked uses (长春: 上半年缴费的，按2018年…), as the
    dated list flexible.reference_wage_year words it; None where the documents set no such rule."""
    halves = calc.get("flexible.reference_wage_year", required=False)
    half = "上半年" if calc.on.month <= 6 else "下半年"
    return next((str(r) for r in (halves.value if halves else ()) if str(r).startswith(half)), None)


def _flexible(store, region, chosen_base, on, today) -> Result:
    keys = ("flexible.reference_wage_annual", "flexible.tier_count", "flexible.pension_base_lower")
    calc = Calculation(store, "flexible", region, on, today, primary_key=keys)
    result = calc.result
    found = False
    wage = calc.get("flexible.reference_wage_annual", required=False)
    tiers_only = calc.get("flexible.tier_count", required=False) if wage is None else None
    if tiers_only is not None:
        found = True
        result.add_figure("tier_count", "缴费档次数", tiers_only.value, "count")
        low_ratio = calc.decimal("flexible.base_lower_ratio")
        high_ratio = calc.decimal("flexible.base_upper_ratio")
        result.steps.append(
            f"可在全省全口径平均工资{format_number(low_ratio * 100)}%至"
            f"{format_number(high_ratio * 100)}%之间的{tiers_only.value}个档次中选择，缴纳全年社会保险费"
        )
        rule = _half_year_rule(calc)
        year = re.search(r"\d{4}年", rule) if rule else None
        if rule and year:
            # 下半年交的话按哪一年的平均工资算: the year is the document's, the amount is not
            result.steps.append(f"{calc.on.year}年{rule}选择档次")
            result.notes.append(f"{year.group(0)}全省全口径平均工资的数额文件未给出，无法算出具体档次金额。")
        else:
            result.notes.append("该时段所用的全省全口径平均工资数额文件未给出，无法算出具体档次金额。")
    if wage is not None:
        found = True
        annual = Decimal(str(wage.value))
        low_ratio = calc.decimal("flexible.base_lower_ratio")
        high_ratio = calc.decimal("flexible.base_upper_ratio")
        tiers = calc.get("flexible.tier_count")
        lower, upper = _round_yuan(annual * low_ratio / 12), _round_yuan(annual * high_ratio / 12)
        result.add_figure("base_lower", "可选缴费基数下限", lower, "yuan_per_month")
        result.add_figure("base_upper", "可选缴费基数上限", upper, "yuan_per_month")
        result.add_figure("tier_count", "缴费档次数", tiers.value, "count")
        result.steps.append(
            f"按全省全口径年平均工资{yuan(annual)}的{format_number(low_ratio * 100)}%至"
            f"{format_number(high_ratio * 100)}%（÷12约为每月{yuan(lower)}至{yuan(upper)}）之间的"
            f"{tiers.value}个档次中选择，缴纳全年社会保险费"
        )
        rule = _half_year_rule(calc)
        if rule:  # 上半年交按哪年的平均工资: the year the document names for this half-year, with its amount
            result.steps.append(f"{calc.on.year}年{rule}选择档次")
        rate = calc.get("rate.pension.flexible", required=False)
        if rate is not None:
            pension_rate = Decimal(str(rate.value))
            result.add_figure("pension_rate", "基本养老保险缴费比例", pension_rate, "ratio")
            result.add_figure("pension_min", "最低档养老保险每月缴费", money(lower * pension_rate), "yuan")
            result.add_figure("pension_max", "最高档养老保险每月缴费", money(upper * pension_rate), "yuan")
            result.steps.append(
                f"养老保险按{format_number(pension_rate * 100)}%缴纳："
                f"每月约{yuan(money(lower * pension_rate))}至{yuan(money(upper * pension_rate))}"
            )
            if chosen_base is not None:
                base = to_decimal(chosen_base, "缴费基数")
                if not lower <= base <= upper:
                    raise InvalidInput(
                        f"所选缴费基数{yuan(base)}不在可选范围{yuan(lower)}至{yuan(upper)}之间。"
                    )
                monthly = money(base * pension_rate)
                result.add_figure("chosen_base", "所选缴费基数", base, "yuan_per_month")
                result.add_figure("pension_monthly", "养老保险每月缴费", monthly, "yuan")
                # the year is twelve of the monthly amounts as printed, so the two shown together agree
                result.add_figure("pension_annual", "养老保险全年缴费", monthly * 12, "yuan")
                result.steps.append(
                    f"按{yuan(base)}缴费：每月{_product(base * pension_rate, monthly)}，"
                    f"全年 {yuan(monthly)} × 12 = {yuan(monthly * 12)}"
                )
                calc.note_rounding()
        result.steps.append("同一年度内缴费基数不变；各档次具体金额文件未列出")
    pension_low = calc.get("flexible.pension_base_lower", required=False)
    if pension_low is not None:
        found = True
        high = calc.decimal("flexible.pension_base_upper")
        low = Decimal(str(pension_low.value))
        result.add_figure("base_lower", "养老保险可选缴费基数下限", low, "yuan_per_month")
        result.add_figure("base_upper", "养老保险可选缴费基数上限", high, "yuan_per_month")
        result.steps.append(f"养老保险可在{yuan(low)}至{yuan(high)}之间选择缴费基数")
        medical = calc.get("flexible.medical_base", required=False)
        if medical is not None:
            result.add_figure(
                "medical_base", "医疗保险缴费基数", Decimal(str(medical.value)), "yuan_per_month"
            )
            result.steps.append(f"医疗保险缴费基数为{yuan(Decimal(str(medical.value)))}")
        if chosen_base is not None:
            base = to_decimal(chosen_base, "缴费基数")
            if not low <= base <= high:
                raise InvalidInput(f"所选缴费基数{yuan(base)}不在可选范围{yuan(low)}至{yuan(high)}之间。")
            result.add_figure("chosen_base", "所选缴费基数", base, "yuan_per_month")
        result.notes.append("资料中没有该市灵活就业人员的缴费比例，具体金额请咨询当地社保经办机构。")
    deferral = calc.get("deferral.flexible_pension_allowed", required=False)
    if deferral is not None and deferral.value:
        deadline = calc.get("deferral.flexible_catch_up_deadline", required=False)
        result.steps.append(
            "2020年缴纳基本养老保险费确有困难的，可自愿暂缓缴费"
            + (f"，并可于{format_date(deadline.value)}前补缴" if deadline else "")
        )
        found = True
    if not found:
        for key in ("flexible.pension_base_lower", "flexible.tier_count"):
            sentence = calc.past_standard_note(key)
            if sentence:
                raise NotCovered(sentence)  # the documents give an earlier year's standard, not this year's
        raise_not_covered(calc, "flexible.tier_count")
    return calc.finish()


def raise_not_covered(calc: Calculation, key: str) -> None:
    calc.get(key)  # raises NotCovered with the coverage sentence


def flexible_options(
    store: PolicyStore,
    region: str | None,
    chosen_base: Any = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """Options of individual businesses and flexible workers: base range, tiers, pension amounts, deferral."""
    return run("flexible", _flexible, store, region, chosen_base, on, today)
