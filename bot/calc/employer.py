"""Employer-side calculations: 稳岗返还, deferral eligibility, and late fees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import cn2an

from bot.calc.context import Calculation, InvalidInput, flag, money, run, to_decimal, to_int, verdict, yuan
from bot.calc.contribution import ENTERPRISE_TYPES
from bot.calc.result import Condition, Result
from bot.kb.store import PolicyStore
from bot.kb.units import format_date, format_number

MAX_ANNUAL_AMOUNT = Decimal(10_000_000_000)  # 一百亿元: an annual premium beyond this is a typo


# -- 稳岗返还 ---------------------------------------------------------------------------------------------
def _job_retention(
    store,
    region,
    contribution_months,
    headcount,
    laid_off,
    enterprise_size,
    last_year_ui_paid,
    industry_compliant,
    hardship,
    excluded,
    local_avg_benefit,
    insured_employees,
    on,
    today,
):
    months = (
        to_int(contribution_months, "已足额缴纳失业保险费的月数", maximum=1200)
        if contribution_months is not None
        else None
    )
    staff = to_int(headcount, "参保职工总数", minimum=1, maximum=1_000_000) if headcount is not None else None
    layoffs = to_int(laid_off, "裁员人数", maximum=1_000_000) if laid_off is not None else None
    if staff is not None and layoffs is not None and layoffs > staff:
        raise InvalidInput(f"裁员人数（{layoffs}人）不能多于职工总数（{staff}人），请核对。")
    if enterprise_size not in (None, "sme", "large"):
        raise InvalidInput("企业规模请说明是“中小微企业”还是“大型企业”。")
    industry_compliant, hardship, excluded = (
        flag(industry_compliant, "是否符合产业结构调整和环保政策"),
        flag(hardship, "是否经营困难但恢复有望"),
        flag(excluded, "是否属于去产能、“僵尸”或失信企业"),
    )
    calc = Calculation(store, "job_retention", region, on, today, primary_key="job_retention.refund_ratio")
    result = calc.result
    min_months = calc.get("job_retention.min_contribution_months").value
    small = calc.get("job_retention.small_enterprise_max_headcount").value
    small_rate = calc.decimal("job_retention.small_enterprise_max_layoff_rate")
    ratio = calc.decimal("job_retention.refund_ratio")
    end = calc.get("job_retention.end_date").value
    layoff_rule = _layoff_condition(staff, layoffs, enterprise_size, small, small_rate)
    result.conditions = [
        Condition(
            "生产经营活动符合国家及所在区域产业结构调整和环保政策",
            industry_compliant,
            "" if industry_compliant is not None else "您未说明",
        ),
        Condition(
            f"参加失业保险并足额缴纳失业保险费{min_months}个月以上",
            None if months is None else months >= min_months,
            "您未说明缴费月数" if months is None else f"您已缴纳{months}个月",
        ),
        layoff_rule,
    ]
    result.eligible = verdict(result.conditions)
    result.add_figure("refund_ratio", "返还比例（上年度实际缴纳失业保险费）", ratio, "ratio")
    if last_year_ui_paid is not None:
        paid = to_decimal(last_year_ui_paid, "上年度实际缴纳的失业保险费", maximum=MAX_ANNUAL_AMOUNT)
        refund = money(paid * ratio)
        calc.note_rounding(paid * ratio, refund)
        result.add_figure("last_year_paid", "上年度实际缴纳失业保险费", paid, "yuan")
        result.add_figure("refund", "稳岗返还金额", refund, "yuan")
        result.steps.append(
            f"返还金额 = 上年度实际缴纳失业保险费{yuan(paid)} × {format_number(ratio * 100)}% = "
            f"{yuan(refund)}"
        )
    else:
        result.steps.append(
            f"返还标准为企业上年度实际缴纳失业保险费的{format_number(ratio * 100)}%"
            "（告诉我上年度缴了多少即可算出金额）"
        )
    if hardship:
        _hardship_formula(calc, excluded, local_avg_benefit, insured_employees, layoff_rule)
        if excluded:
            # 经营困难，想申请困难企业那种返还，可上了失信名单: the route asked for excludes the employer
            result.eligible = False
    result.steps.append(f"政策实施期限至{format_date(end)}")
    result.offices = calc.offices_for("job_retention")
    return calc.finish()


def _layoff_condition(staff, layoffs, enterprise_size, small, small_rate) -> Condition:
    small_rule = f"{small}人（含）以下企业裁员率不超过{format_number(small_rate * 100)}%"
    if staff is None or layoffs is None:
        # the threshold the documents set is shown while the numbers are missing (要满足啥条件)
        if staff is not None and staff <= small:
            return Condition(small_rule, None, "您未说明裁员人数")
        missing = "裁员人数" if staff is not None else "职工人数和裁员人数"
        return Condition("坚持不裁员或少裁员", None, f"您未说明{missing}；文件规定{small_rule}")
    rate = Decimal(layoffs) / Decimal(staff)
    detail = f"您的职工{staff}人、裁员{layoffs}人，裁员率{format_number(rate * 100)}%"
    if staff <= small:
        return Condition(small_rule, rate <= small_rate, detail)
    if layoffs == 0:
        return Condition("坚持不裁员或少裁员", True, detail)
    if enterprise_size == "sme":
        return Condition(
            "中小微企业裁员率不超过上年度全国城镇调查失业率控制目标",
            None,
            detail + "；该控制目标的数值文件未给出，请向失业保险管理处确认",
        )
    return Condition(
        "坚持不裁员或少裁员", None, detail + "；“少裁员”的具体标准文件未给出，请向失业保险管理处确认"
    )


def _hardship_formula(calc: Calculation, excluded, local_avg_benefit, insured_employees, layoff_rule) -> None:
    result = calc.result
    months = calc.get("job_retention.hardship_months").value
    result.conditions.append(
        Condition(
            "不属于去产能、“僵尸”及失信企业",
            None if excluded is None else not excluded,
            "" if excluded is not None else "您未说明",
        )
    )
    if local_avg_benefit is None or insured_employees is None:
        result.steps.append(
            f"经营困难企业可按“{months}个月 × 当地月人均失业保险金 × 参保职工人数”申请返还；"
            "当地月人均失业保险金资料中未收录，请向失业保险管理处查询后告诉我"
        )
        return
    benefit = to_decimal(local_avg_benefit, "当地月人均失业保险金")
    employees = to_int(insured_employees, "参保职工人数", minimum=1, maximum=1_000_000)
    amount = money(benefit * months * employees)
    calc.note_rounding(benefit * months * employees, amount)
    result.add_figure("hardship_refund", "困难企业稳岗返还金额", amount, "yuan")
    result.steps.append(f"困难企业返还 = {months}个月 × {yuan(benefit)} × {employees}人 = {yuan(amount)}")
    result.eligible = verdict(result.conditions[1:])


def job_retention_refund(
    store: PolicyStore,
    region: str | None,
    contribution_months: Any = None,
    headcount: Any = None,
    laid_off: Any = None,
    enterprise_size: str | None = None,
    last_year_ui_paid: Any = None,
    industry_compliant: bool | None = None,
    hardship: bool | None = None,
    excluded: bool | None = None,
    local_avg_benefit: Any = None,
    insured_employees: Any = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """稳岗返还: each condition with the user's value, and the amount under both formulas."""
    return run(
        "job_retention",
        _job_retention,
        store,
        region,
        contribution_months,
        headcount,
        laid_off,
        enterprise_size,
        last_year_ui_paid,
        industry_compliant,
        hardship,
        excluded,
        local_avg_benefit,
        insured_employees,
        on,
        today,
    )


# -- 缓缴 ---------------------------------------------------------------------------------------------------
def _deferral(
    store,
    region,
    enterprise_type,
    severe_difficulty,
    loss_months,
    cannot_pay_minimum_wage,
    months_requested,
    flexible_worker,
    on,
    today,
):
    if enterprise_type is not None and enterprise_type not in ENTERPRISE_TYPES:
        raise InvalidInput(
            "单位类型无法识别，请从以下类型中选择：" + "、".join(ENTERPRISE_TYPES.values()) + "。"
        )
    severe_difficulty = flag(severe_difficulty, "是否受疫情影响生产经营出现严重困难")
    cannot_pay_minimum_wage = flag(cannot_pay_minimum_wage, "是否无力支付职工最低工资")
    flexible_worker = flag(flexible_worker, "是否以个人身份参保的灵活就业人员")
    losses = to_int(loss_months, "连续亏损月数", maximum=600) if loss_months is not None else None
    requested = (
        to_int(months_requested, "申请缓缴月数", minimum=1, maximum=120)
        if months_requested is not None
        else None
    )
    calc = Calculation(store, "deferral", region, on, today, primary_key="deferral.end_date")
    result = calc.result
    if flexible_worker:
        allowed = calc.get("deferral.flexible_pension_allowed")
        deadline = calc.get("deferral.flexible_catch_up_deadline")
        result.eligible = bool(allowed.value)
        result.conditions = [
            Condition("以个人身份参加企业职工基本养老保险、2020年缴费确有困难", True, "您是灵活就业人员")
        ]
        quote = deadline.source.quote
        if quote and "补缴" in quote:
            # the rule as the document words it (可于2021年底前进行补缴), with what the data note adds
            extra = [part for part in (deadline.note or "").split("，") if part and part not in quote]
            result.steps.append(
                f"可自愿暂缓缴纳2020年基本养老保险费，文件规定：“{quote}”"
                + "".join(f"；{part}" for part in extra)
            )
        else:
            result.steps.append(
                f"可自愿暂缓缴纳2020年基本养老保险费，并可于{format_date(deadline.value)}前补缴，"
                # the base the months are paid on later, as the place's document words it (data note)
                + (deadline.note or "缴费年限累计计算")
            )
        result.add_figure("catch_up_deadline", "补缴截止日期", deadline.value, "date")
        result.offices = calc.offices_for("flexible_employment")
        return calc.finish()
    end = calc.get("deferral.end_date")
    result.add_figure("end_date", "缓缴最晚至", end.value, "date")
    result.conditions = [
        Condition(
            "受疫情影响生产经营出现严重困难",
            severe_difficulty,
            "" if severe_difficulty is not None else "您未说明",
        )
    ]
    criteria = calc.get("deferral.severe_difficulty_criteria", required=False)
    if criteria is not None:  # how the place decides what "严重困难" is (攀枝花: 持续亏损, 停产、半停产…)
        result.steps.append(
            f"生产经营严重困难企业的认定标准：因受疫情影响，{'，'.join(criteria.value)}的企业"
        )
    min_loss = calc.get("deferral.min_loss_months", required=False)
    if min_loss is not None:
        result.conditions.append(
            Condition(
                f"连续{min_loss.value}个月以上累计亏损",
                None if losses is None else losses >= min_loss.value,
                f"您连续亏损{losses}个月" if losses is not None else "您未说明亏损月数",
            )
        )
        result.conditions.append(
            Condition(
                "无力支付职工最低工资或无法正常生产经营仅为职工发放生活费",
                cannot_pay_minimum_wage,
                "" if cannot_pay_minimum_wage is not None else "您未说明",
            )
        )
    max_months = calc.get("deferral.max_months", required=False)
    if max_months is not None:
        result.add_figure("max_months", "缓缴最长月数", max_months.value, "months")
        if requested is not None:
            result.conditions.append(
                Condition(
                    f"缓缴期限不超过{max_months.value}个月",
                    requested <= max_months.value,
                    f"您申请缓缴{requested}个月",
                )
            )
    insurances = calc.get("deferral.insurances", required=False)
    if insurances is not None:
        result.add_figure("insurances", "可缓缴险种", insurances.value, "list")
        result.steps.append(f"可缓缴{'、'.join(insurances.value)}")
    if enterprise_type == "institution":
        result.steps.append("参加企业职工基本养老保险的事业单位也可按规定申请")
    waived = calc.get("deferral.late_fee_waived", required=False)
    if waived is not None and waived.value:
        result.steps.append("缓缴期间免收滞纳金")
    result.steps.append(f"缓缴最晚至{format_date(end.value)}，须按规定程序报批后实施")
    result.eligible = verdict(result.conditions)
    result.offices = calc.offices_for("enterprise_contribution")
    return calc.finish()


def deferral_eligibility(
    store: PolicyStore,
    region: str | None,
    enterprise_type: str | None = None,
    severe_difficulty: bool | None = None,
    loss_months: Any = None,
    cannot_pay_minimum_wage: bool | None = None,
    months_requested: Any = None,
    flexible_worker: bool | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """Whether an enterprise (or flexible worker) may defer 2020 contributions, how long, which insurances."""
    return run(
        "deferral",
        _deferral,
        store,
        region,
        enterprise_type,
        severe_difficulty,
        loss_months,
        cannot_pay_minimum_wage,
        months_requested,
        flexible_worker,
        on,
        today,
    )


# -- 滞纳金 -------------------------------------------------------------------------------------------------
def _late_fee(store, region, amount, days, deferred, arrears_since, on, today):
    owed = to_decimal(amount, "欠缴金额", maximum=MAX_ANNUAL_AMOUNT)
    day_count = to_int(days, "欠缴天数", minimum=1, maximum=36500)
    deferred = flag(deferred, "是否经批准缓缴")
    calc = Calculation(store, "late_fee", region, on, today, primary_key="late_fee.daily_rate")
    result = calc.result
    rate = calc.decimal("late_fee.daily_rate")
    since = calc.get("late_fee.arrears_since").value
    if arrears_since is not None:
        start = arrears_since if isinstance(arrears_since, dt.date) else None
        if start is None:
            raise InvalidInput("欠缴起始日期请写成 2020-06-01 这样的日期。")
        if start < since:
            result.steps.append(
                f"{format_date(since)}以前的欠缴不按日加收滞纳金，而是按保值系数计算补缴金额；该计算资料中只有标准工资，请咨询经办机构"
            )
            calc.get("arrears.preservation_wage")
            result.eligible = None
            return calc.finish()
    result.add_figure("amount", "欠缴金额", owed, "yuan")
    result.add_figure("days", "欠缴天数", day_count, "days")
    result.add_figure("daily_rate", "滞纳金日比例", rate, "ratio")
    if deferred:
        waived = calc.get("deferral.late_fee_waived", required=False)
        if waived is not None and waived.value:
            result.add_figure("late_fee", "滞纳金", Decimal(0), "yuan")
            result.steps.append("经批准缓缴的，缓缴期间免收滞纳金，滞纳金为0元")
            return calc.finish()
        result.notes.append("资料中没有该日期适用的“缓缴期间免收滞纳金”规定，以下按常规计算。")
    fee = money(owed * rate * day_count)
    calc.note_rounding(owed * rate * day_count, fee)
    result.add_figure("late_fee", "滞纳金", fee, "yuan")
    result.steps.append(
        f"滞纳金 = 欠缴金额{yuan(owed)} × 每日{per_ten_thousand(rate)} × {day_count}天 = {yuan(fee)}"
    )
    return calc.finish()


def per_ten_thousand(rate: Decimal) -> str:
    """0.0005 -> 万分之五, as the documents word a daily late-fee rate (people quote those words)."""
    return f"万分之{cn2an.an2cn(format_number(rate * 10000))}"


def late_fee(
    store: PolicyStore,
    region: str | None,
    amount: Any,
    days: Any,
    deferred: bool | None = None,
    arrears_since: dt.date | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """Late fee on arrears: amount × daily rate × days, waived during an approved deferral."""
    return run("late_fee", _late_fee, store, region, amount, days, deferred, arrears_since, on, today)
