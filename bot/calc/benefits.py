"""Unemployment insurance benefit, 失业补助金, and the migrant workers' living allowances (2020)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from bot.calc.context import Calculation, flag, run, to_date, to_int, to_number, verdict, yuan
from bot.calc.result import Condition, Result
from bot.kb.store import PolicyStore
from bot.kb.units import format_date, format_number


def _years(value: Decimal) -> str:
    return f"{format_number(value)}年"


def _time_to_retirement(years: Decimal) -> str:
    """您距退休还有1.5年, or 不到2年 for a length told as an upper bound (不到两年 is read as 1.99)."""
    if (years * 100) % 100 == 99:
        return f"您距退休不到{_years(years + Decimal('0.01'))}"
    return f"您距退休还有{_years(years)}"


# -- 失业保险金 -------------------------------------------------------------------------------------------
def _benefit(
    store,
    region,
    contribution_years,
    month_of_receipt,
    involuntary,
    registered,
    years_to_retirement,
    on,
    today,
):
    years = (
        to_number(contribution_years, "累计缴费年限", maximum=60) if contribution_years is not None else None
    )
    month = (
        to_int(month_of_receipt, "领取月份（第几个月）", minimum=1, maximum=60)
        if month_of_receipt is not None
        else 1
    )
    to_retirement = (
        to_number(years_to_retirement, "距法定退休年龄的年数", maximum=60)
        if years_to_retirement is not None
        else None
    )
    involuntary, registered = (
        flag(involuntary, "是否非因本人意愿中断就业"),
        flag(registered, "是否已办理失业登记"),
    )
    calc = Calculation(
        store, "unemployment_benefit", region, on, today, primary_key="unemployment.benefit_monthly_by_years"
    )
    result = calc.result
    minimum = calc.decimal("unemployment.min_contribution_years")
    result.conditions = [
        Condition(
            f"参保缴费满{_years(minimum)}",
            None if years is None else years >= minimum,
            "您未说明累计缴费年限" if years is None else f"您累计缴费{_years(years)}",
        ),
        Condition(
            "非因本人意愿中断就业（如被辞退、合同到期不续签）",
            involuntary,
            "" if involuntary is not None else "您未说明离职原因",
        ),
        Condition(
            "已办理失业登记并有求职要求",
            registered,
            "" if registered is not None else "您未说明是否已办理失业登记",
        ),
    ]
    result.eligible = verdict(result.conditions)
    if years is not None:
        result.add_figure("contribution_years", "累计缴费年限", float(years), "years")
    schedule = calc.get("unemployment.benefit_monthly_by_years", required=False)
    if involuntary is False and schedule is not None:
        # 自己辞职，交了6年能领吗: a monthly amount beside 不符合 reads as what they would get
        result.steps.append("本人意愿离职不符合领取条件，因此不列月发放标准")
        # 自己辞职的能领吗: in 2020 insured people who do not qualify have the subsidy instead (人社部发
        # 〔2020〕40号 三) — named, with its own document (its period is not folded into this card's)
        subsidy = store.value("unemployment_subsidy.max_months", calc.region.id, calc.on)
        if subsidy is not None:
            document = store.document(subsidy.source.document)
            result.steps.append(
                f"不符合领取失业保险金条件的参保失业人员另有失业补助金（最长{format_number(subsidy.value)}个月，"
                f"{document.short_citation(subsidy.source.section)}），条件和标准可以问我“失业补助金”"
            )
    elif schedule is not None and years is not None and years >= minimum:
        rows = sorted(schedule.value, key=lambda row: row["min"])
        tier = max((row for row in rows if years >= Decimal(str(row["min"]))), key=lambda row: row["min"])
        amount = Decimal(str(tier["value"]))
        tier_index = rows.index(tier)
        upper = rows[tier_index + 1]["min"] if tier_index + 1 < len(rows) else None
        span = f"满{format_number(tier['min'])}年" + (f"不满{format_number(upper)}年" if upper else "以上")
        if month >= 13:
            # 第15个月按多少发: the tier's amount is no longer the one paid — named without its figure
            later = calc.get("unemployment.benefit_from_month_13")
            amount = Decimal(str(later.value))
            result.steps.append(f"累计缴费{_years(years)}，属于“{span}”档（该档标准只适用于前12个月）")
            result.steps.append(f"您问的是第{month}个月：从第13个月起一律按{yuan(amount)}发放")
        else:
            result.steps.append(f"累计缴费{_years(years)}，属于“{span}”档，月发放标准{yuan(amount)}")
            # the tier's amount holds for the first 12 months only: where the place sets one amount from
            # the 13th month on (北京 1816元), the reply says so beside the tier, else read as for good
            from_13th = calc.get("unemployment.benefit_from_month_13", required=False)
            if from_13th is not None and Decimal(str(from_13th.value)) != amount:
                result.steps.append(
                    f"领满12个月后，从第13个月起一律按{yuan(Decimal(str(from_13th.value)))}发放"
                )
        result.add_figure("monthly_amount", "失业保险金月标准", amount, "yuan_per_month")
    elif schedule is None:
        result.notes.append(
            calc.past_standard_note("unemployment.benefit_monthly_by_years")
            or f"资料中没有{calc.place}的失业保险金发放标准，金额请咨询当地失业保险经办机构。"
        )
    if years is not None and years < minimum:
        result.steps.append(
            f"缴费不满{_years(minimum)}，不能领取失业保险金；2020年3月至12月期间可了解失业补助金"
        )
    extension = calc.get("unemployment.extension_years_before_retirement", required=False)
    if extension is not None:
        limit = Decimal(str(extension.value))
        result.add_figure("extension_years", "可续发至退休的年限条件", float(limit), "years")
        text = f"领取期满仍未就业且距法定退休年龄不足{_years(limit)}的，可继续领取至法定退休年龄"
        if extension.note:  # 长春: 续发期间按规定继续为领金人员代缴医疗保险费
            text += f"（{extension.note}）"
        if to_retirement is not None:
            text += (
                "——您符合这一条件"
                if to_retirement < limit
                else "——" + _time_to_retirement(to_retirement) + "，不适用"
            )
        result.steps.append(text)
    result.notes.append("各档领取期限文件未载，请向当地失业保险经办机构确认。")
    result.offices = calc.offices_for("unemployment")
    return calc.finish()


def unemployment_benefit(
    store: PolicyStore,
    region: str | None,
    contribution_years: Any,
    month_of_receipt: Any = None,
    involuntary: bool | None = None,
    registered: bool | None = None,
    years_to_retirement: Any = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """Eligibility for 失业保险金 and its monthly amount by contribution years and month of receipt."""
    return run(
        "unemployment_benefit",
        _benefit,
        store,
        region,
        contribution_years,
        month_of_receipt,
        involuntary,
        registered,
        years_to_retirement,
        on,
        today,
    )


# -- 失业补助金 -------------------------------------------------------------------------------------------
def _subsidy(store, region, insured_years, benefit_expired, left_voluntarily, reemployed, on, today):
    years = to_number(insured_years, "参保缴费年限", maximum=60) if insured_years is not None else None
    benefit_expired = flag(benefit_expired, "失业保险金是否已领取期满")
    left_voluntarily = flag(left_voluntarily, "是否因本人原因离职")
    reemployed = flag(reemployed, "是否已重新就业")
    calc = Calculation(
        store, "unemployment_subsidy", region, on, today, primary_key="unemployment_subsidy.max_months"
    )
    result = calc.result
    months = calc.get("unemployment_subsidy.max_months")
    minimum = calc.decimal("unemployment.min_contribution_years")
    if years is None and benefit_expired:
        years = minimum  # having drawn 失业保险金 means at least the minimum contribution period
        result.steps.append(f"已领过失业保险金，说明参保缴费已满{_years(minimum)}")
    qualifies_for_benefit = years is not None and years >= minimum and left_voluntarily is False
    if benefit_expired:
        route = Condition("领取失业保险金期满仍未就业", True, "您已领满失业保险金")
    elif years is not None and years < minimum:
        route = Condition(
            f"参保失业但不符合领取失业保险金条件（缴费不满{_years(minimum)}）", True, f"您参保{_years(years)}"
        )
    elif left_voluntarily:
        insured = f"您参保{_years(years)}、" if years is not None else "您"
        route = Condition(
            "参保失业但不符合领取失业保险金条件（因本人原因离职）", True, f"{insured}因本人原因离职"
        )
    elif qualifies_for_benefit:
        route = Condition(
            "领取失业保险金期满仍未就业，或参保失业但不符合领取失业保险金条件",
            False,
            f"您缴费已满{_years(minimum)}且非本人原因离职，应先申领失业保险金",
        )
    else:
        route = Condition(
            "领取失业保险金期满仍未就业，或参保失业但不符合领取失业保险金条件",
            None,
            "您未说明离职原因或失业保险金是否已领满",
        )
    result.conditions = [
        route,
        Condition(
            "目前仍处于失业状态（未重新就业）",
            None if reemployed is None else not reemployed,
            "" if reemployed is not None else "您未说明是否已重新就业",
        ),
    ]
    result.eligible = verdict(result.conditions)
    result.add_figure("max_months", "最长领取月数", months.value, "months")
    high = calc.get("unemployment_subsidy.monthly_insured_1y_plus", required=False)
    low = calc.get("unemployment_subsidy.monthly_insured_under_1y", required=False)
    if high is not None and low is not None and years is None:
        for name, label, value in (
            ("monthly_insured_1y_plus", f"参保缴费满{_years(minimum)}的月标准", high),
            ("monthly_insured_under_1y", f"参保缴费不足{_years(minimum)}的月标准", low),
        ):
            result.add_figure(name, label, Decimal(str(value.value)), "yuan_per_month")
        result.steps.append(f"按月发放，最长{months.value}个月（告诉我参保年限可算出您的标准）")
    elif high is not None and low is not None and years is not None:
        monthly = Decimal(str(high.value if years >= minimum else low.value))
        result.add_figure("monthly_amount", "失业补助金月标准", monthly, "yuan_per_month")
        result.add_figure("max_total", "最多可领合计", monthly * months.value, "yuan")
        result.steps.append(
            f"参保缴费{'满' if years >= minimum else '不足'}{_years(minimum)}，标准{yuan(monthly)}/月，"
            f"最长{months.value}个月，合计最多{yuan(monthly * months.value)}"
        )
    else:
        ratio = calc.get("unemployment_subsidy.max_ratio_of_benefit")
        result.add_figure("max_ratio", "不超过当地失业保险金的比例", ratio.value, "ratio")
        result.steps.append(
            f"标准不超过当地失业保险金的{format_number(Decimal(str(ratio.value)) * 100)}%，按月发放，"
            f"最长{months.value}个月；{calc.place}的具体金额资料中未收录"
        )
    until = calc.get("unemployment_subsidy.payment_until", required=False)
    if until is not None:
        result.steps.append(f"按申领时间，实际发放最长可至{format_date(until.value)}")
    result.steps.append("领取期间不同时享受失业保险金、代缴医疗保险费；领取期限不核减参保缴费年限")
    result.offices = calc.offices_for("unemployment")
    return calc.finish()


def unemployment_subsidy(
    store: PolicyStore,
    region: str | None,
    insured_years: Any = None,
    benefit_expired: bool | None = None,
    left_voluntarily: bool | None = None,
    reemployed: bool | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """Eligibility for 失业补助金 (2020-03 to 2020-12) and its amount and duration."""
    return run(
        "unemployment_subsidy",
        _subsidy,
        store,
        region,
        insured_years,
        benefit_expired,
        left_voluntarily,
        reemployed,
        on,
        today,
    )


# -- 农民工临时生活补助 / 一次性生活补助 ---------------------------------------------------------------------
def _temporary(store, region, is_migrant_worker, insured_since, insured_months, on, today):
    is_migrant_worker = flag(is_migrant_worker, "是否为农民工（农民合同制工人）")
    since = to_date(insured_since, "参保开始日期") if insured_since is not None else None
    months_insured = (
        to_int(insured_months, "累计参保月数", maximum=600) if insured_months is not None else None
    )
    calc = Calculation(
        store, "temporary_allowance", region, on, today, primary_key="migrant.temporary_allowance_max_months"
    )
    result = calc.result
    cutoff = calc.get("migrant.temporary_allowance_insured_since").value
    max_years = calc.decimal("migrant.temporary_allowance_max_insured_years")
    max_months = calc.get("migrant.temporary_allowance_max_months").value
    result.conditions = [
        Condition(
            "失业农民工（农民合同制工人）",
            is_migrant_worker,
            "" if is_migrant_worker is not None else "您未说明身份",
        ),
        Condition(
            f"{format_date(cutoff)}之后参保",
            None if since is None else since >= cutoff,
            f"您自{format_date(since)}参保" if since else "您未说明参保开始时间",
        ),
        Condition(
            f"累计参保不满{_years(max_years)}",
            None if months_insured is None else months_insured < max_years * 12,
            f"您累计参保{months_insured}个月" if months_insured is not None else "您未说明累计参保时间",
        ),
    ]
    result.eligible = verdict(result.conditions)
    result.add_figure("max_months", "最长发放月数", max_months, "months")
    monthly = calc.get("migrant.temporary_allowance_monthly", required=False)
    if monthly is not None:
        amount = Decimal(str(monthly.value))
        result.add_figure("monthly_amount", "临时生活补助月标准", amount, "yuan_per_month")
        result.add_figure("max_total", "最多可领合计", amount * max_months, "yuan")
        result.steps.append(f"每月{yuan(amount)}，最长{max_months}个月，合计最多{yuan(amount * max_months)}")
    else:
        result.steps.append(
            f"参照参保地城市低保标准按月发放，最长{max_months}个月；{calc.place}的低保标准资料中未收录"
        )
    until = calc.get("migrant.temporary_allowance_payment_until", required=False)
    if until is not None:
        result.steps.append(f"按申领时间，实际发放最长可至{format_date(until.value)}")
    result.steps.append("只能申领一次，不与失业补助金等其他失业保险待遇同时享受")
    result.offices = calc.offices_for("unemployment")
    return calc.finish()


def temporary_living_allowance(
    store: PolicyStore,
    region: str | None,
    is_migrant_worker: bool | None = True,
    insured_since: Any = None,
    insured_months: Any = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """临时生活补助 for migrant workers insured after 2019-01-01 for less than a year (2020-05 to 2020-12)."""
    return run(
        "temporary_allowance",
        _temporary,
        store,
        region,
        is_migrant_worker,
        insured_since,
        insured_months,
        on,
        today,
    )


def _one_time(store, region, continuous_work_years, paid_personally, on, today):
    years = (
        to_number(continuous_work_years, "连续工作年限", maximum=60)
        if continuous_work_years is not None
        else None
    )
    paid_personally = flag(paid_personally, "个人是否缴纳失业保险费")
    calc = Calculation(
        store, "one_time_allowance", region, on, today, primary_key="migrant.one_time_allowance"
    )
    result = calc.result
    minimum = calc.decimal("migrant.one_time_allowance_min_work_years")
    result.conditions = [
        Condition(
            "参保单位招用、个人不缴费的失业农民工",
            None if paid_personally is None else not paid_personally,
            "" if paid_personally is not None else "您未说明个人是否缴费",
        ),
        Condition(
            f"连续工作满{_years(minimum)}",
            None if years is None else years >= minimum,
            "您未说明连续工作年限" if years is None else f"您连续工作{_years(years)}",
        ),
    ]
    result.eligible = verdict(result.conditions)
    amount = calc.get("migrant.one_time_allowance", required=False)
    if amount is not None:
        result.add_figure("amount", "一次性生活补助", Decimal(str(amount.value)), "yuan")
        result.steps.append(f"{calc.place}农民合同制工人一次性生活补助标准为{yuan(amount.value)}")
    else:
        result.notes.append(f"资料中没有{calc.place}的一次性生活补助金额，请咨询当地失业保险经办机构。")
    if paid_personally:
        result.steps.append("与城镇职工同等参保缴费的失业农民工，按参保地规定领取失业保险金或失业补助金")
    result.offices = calc.offices_for("unemployment")
    return calc.finish()


def standard_change(store: PolicyStore, key: str, region: str, on: dt.date) -> str | None:
    """比调整前多了多少: the standard in force on ``on`` and the one it replaced, as the documents state them
    (该标准由1542元调整到1652元（增加110元），2020年7月1日起执行); None when it replaced none."""
    value = store.value(key, region, on)
    before = _value_before(store, key, value) if value is not None else None
    if value is None or before is None:
        return None
    rise = Decimal(str(value.value)) - Decimal(str(before.value))
    change = "增加" if rise >= 0 else "减少"
    cited = store.document(value.source.document).short_citation(value.source.section)
    return (
        f"该标准由{yuan(before.value)}调整到{yuan(value.value)}（{change}{yuan(abs(rise))}），"
        f"{format_date(value.first_day)}起执行（{cited}）。"
    )


def _value_before(store: PolicyStore, key: str, value: Any) -> Any:
    """The value of the same place that ended the day before ``value`` took over (None when none did)."""
    if value.effective_from is None:
        return None
    return next(
        (
            v
            for v in store.coverage(key)
            if v.region == value.region and v.effective_to == value.effective_from - dt.timedelta(days=1)
        ),
        None,
    )


def one_time_living_allowance(
    store: PolicyStore,
    region: str | None,
    continuous_work_years: Any = None,
    paid_personally: bool | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """一次性生活补助 for migrant workers whose employer paid and who worked continuously for a year."""
    return run(
        "one_time_allowance", _one_time, store, region, continuous_work_years, paid_personally, on, today
    )


def price_subsidy(
    store: PolicyStore, region: str | None, on: dt.date | None = None, today: dt.date | None = None
) -> Result:
    """The 2020-03..06 doubling of the temporary price subsidy for benefit recipients."""

    def body() -> Result:
        calc = Calculation(store, "price_subsidy", region, on, today, primary_key="price_subsidy.multiplier")
        value = calc.get("price_subsidy.multiplier")
        assert value.effective_to is not None  # the doubling was for March to June 2020
        calc.result.add_figure("multiplier", "价格临时补贴倍数", value.value, "multiplier")
        calc.result.steps.append(
            f"{format_date(value.first_day)}至{format_date(value.effective_to)}，"
            "对领取失业保险金和失业补助金人员发放的价格临时补贴"
            f"在原标准基础上提高{format_number(value.value - 1)}倍"
            f"（即原标准的{format_number(value.value)}倍）；原标准金额资料中未收录"
        )
        return calc.finish()

    return run("price_subsidy", body)
