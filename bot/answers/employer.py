"""Answers to employers: 稳岗返还, the 2020 reductions and deferral (bot/calc/employer.py)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from bot.answers.base import ENTERPRISE_BUTTONS, AnswererBase
from bot.answers.contribution import SAME_WAGE_WORDS, SAVING_WORDS
from bot.answers.reply import Reply
from bot.answers.turn import TOTAL_WORDS, Turn
from bot.calc import contribution, employer
from bot.calc.result import OK, Result
from bot.kb.store import PolicyStore
from bot.kb.units import format_number

# the employers the job-retention refund leaves out (去产能、“僵尸”及失信企业), told of the asker's own
EXCLUDED_TOLD = re.compile(r"失信|僵尸|去产能|黑名单")
NOT_EXCLUDED = re.compile(
    r"(?:不是|不属于|没有?上|没进|没被列入?|未被列入?)[^，。,；;？?]{0,4}(?:失信|僵尸|去产能|黑名单)"
)
# 当地月人均失业金按1450算 / 月人均失业保险金是: the hardship formula's local average benefit
AVERAGE_BENEFIT_WORDS = ("月人均失业金", "月人均失业保险金", "人均失业金", "人均失业保险金")
# 上年度交了失业保险费8000 / 去年实际缴纳失业保险费: the contributions paid, the ordinary refund's base
PAID_LAST_YEAR_WORDS = ("失业保险费", "上年度实际缴纳", "去年交了", "去年缴了", "上年度缴纳")


class EmployerAnswers(AnswererBase):
    """Employer questions."""

    def job_retention(self, turn: Turn) -> Reply:
        region, prefix = self._region_or_only(turn, ("job_retention.refund_ratio",))
        counts = turn.staff_counts()  # (1个人没裁 counts nobody)
        headcount = counts[0] if counts else None
        laid_off = counts[1] if len(counts) > 1 else None
        if laid_off is None and headcount is not None and turn.no_layoffs():
            laid_off = 0
        size = turn.enterprise or enterprise_size(turn.text)
        size = size if size in ("sme", "large") else None
        # 假设当地月人均失业金按1450算: the local average benefit of the hardship formula, not the
        # contributions paid last year (the other amount a message may tell)
        average_benefit = turn.amount_after(AVERAGE_BENEFIT_WORDS)
        paid = turn.money if average_benefit is None else turn.amount_after(PAID_LAST_YEAR_WORDS)
        hardship = True if turn.says("困难") else None
        # 公司上了失信名单了，还中不 / 僵尸企业能领吗: an excluded employer told (不是失信企业: not)
        excluded = (
            False
            if NOT_EXCLUDED.search(turn.facts_text)
            else True
            if EXCLUDED_TOLD.search(turn.facts_text)
            else None
        )
        result = employer.job_retention_refund(
            self.store,
            region,
            turn.months(),
            headcount,
            laid_off,
            size,
            paid,
            None,
            hardship,
            excluded,
            average_benefit,
            headcount if hardship and average_benefit is not None else None,
            today=turn.today,
        )
        reply = self._reply(result, "稳岗返还", turn)
        reply.text = prefix + reply.text
        return reply

    # -- employer rules ----------------------------------------------------------------------------
    def reduction(self, turn: Turn) -> Reply:
        size = turn.enterprise or enterprise_size(turn.text)
        if not size:
            return self._ask(
                "ask_reduction",
                turn,
                "enterprise_type",
                "请问是哪类单位？2020年的减免政策按单位类型区分。",
                ENTERPRISE_BUTTONS,
            )
        region = turn.region or "national"
        result = self._with_dates(
            turn, lambda on: contribution.reductions(self.store, region, size, on, turn.today)
        )
        months = span_months(turn)
        if months and result.status == OK:
            # 2020年上半年能全免吗: a span of months is answered by its most favourable month (湖北's large
            # enterprises: 免征 from February), not by its first day (January, before any reduction began)
            found = [contribution.reductions(self.store, region, size, day, turn.today) for day in months]
            # the answer for the default day first: it stands unless a month waives more
            result = max([result, *(r for r in found if r.status == OK)], key=_waived)
        reply = self._reply(result, "社保费阶段性减免", turn)
        if result.status == OK and turn.region:
            saved = reduction_saving(self.store, turn, turn.region, size, result)
            if saved:
                reply.text = f"{saved}\n{reply.text}"
        if not turn.region:
            reply.text += "\n（以上为国家规定；告诉我城市可查看当地规定，如长春、上海。）"
        return reply

    def deferral(self, turn: Turn) -> Reply:
        region = turn.region or "national"
        flexible = turn.value("person_type") == "flexible" or None
        difficulty = True if turn.says("困难", "亏损", "亏了", "亏本", "停产", "经营不下去") else None
        no_wages = (
            True if turn.says("发不出工资", "发不起工资", "最低工资", "只发生活费", "工资都发不出") else None
        )
        requested = turn.requested_months()
        losses = None if requested is not None else turn.months()
        result = self._with_dates(
            turn,
            lambda on: employer.deferral_eligibility(
                self.store,
                region,
                turn.enterprise,
                difficulty,
                losses,
                no_wages,
                requested,
                flexible,
                on,
                turn.today,
            ),
        )
        return self._reply(result, "灵活就业人员暂缓缴费" if flexible else "企业缓缴社保费", turn)


# 养老 / 工伤 … in a question, as the documents' list of deferrable insurances names them
INSURANCE_WORDS = {
    "pension": "养老",
    "unemployment": "失业",
    "work_injury": "工伤",
    "medical": "医疗",
    "maternity": "生育",
}


def deferred_insurances(result: Result, turn: Turn) -> str | None:
    """工伤保险也能一起缓缴吗 / 医保能缓缴吗: the insurances the question names against the place's list of
    deferrable ones — 可以 (with the condition the deferral rests on) when all are in it, 不能 when none is.
    None when the question names no insurance, the list is not known, or the facts already rule the
    enterprise out (its verdict answers first)."""
    if result.status != OK or result.eligible is False or "insurances" not in result.figures:
        return None
    listed = [str(name) for name in result.figure("insurances") or ()]
    named = list(dict.fromkeys(str(e.get("value")) for e in turn.all("insurance_type")))
    words = [INSURANCE_WORDS[n] for n in named if n in INSURANCE_WORDS]
    if not listed or not words or len(words) != len(named):
        return None
    place = "" if result.region in (None, "national") else result.region_name.removesuffix("市")
    inside = [w for w in words if any(w in name for name in listed)]
    allowed = f"{place}可申请缓缴的险种是{'、'.join(listed)}"
    if len(inside) == len(words):
        open_ = [c.label for c in result.conditions if c.met is not True]
        condition = f"，条件是{'、'.join(open_)}" if open_ else ""
        return f"可以。{allowed}{condition}，须按规定程序报批。"
    if not inside:
        return f"不能。{allowed}，不包括{'、'.join(w + '保险' for w in words)}。"
    outside = [w + "保险" for w in words if w not in inside]
    return f"{'、'.join(w + '保险' for w in inside)}可以，{'、'.join(outside)}不能：{allowed}。"


# 大型制造企业 / 小型餐饮公司 / 中型物流企业: the size said before the trade, which the lexicon's fixed
# names (大型企业, 小微企业) miss; the questionnaire's size words (questionnaires/definitions.py) decide it
SIZE_BEFORE_TRADE = re.compile(r"(大型|中小微|小微|中小|中型|小型|微型)[\u4e00-\u9fff]{0,4}?(?:企业|公司|厂)")
SIZES = {"大型": "large"}


def enterprise_size(text: str) -> str | None:
    """The enterprise type a size word before the trade names (大型制造企业 → large), or None."""
    match = SIZE_BEFORE_TRADE.search(text or "")
    if match is None:
        return None
    return SIZES.get(match.group(1), "sme")


def span_months(turn: Turn) -> list:
    """The first day of each month of a span the question names with its year (2020年上半年, 2020年3-6月,
    2020年), or [] for one month, one day or no date."""
    import datetime as dt

    period = turn.period()
    if not period or not period.get("explicit_year") or period.get("granularity") in ("month", "day"):
        return []
    try:
        start = dt.date.fromisoformat(str(period["date_from"]))
        end = dt.date.fromisoformat(str(period["date_to"]))
    except (KeyError, ValueError):
        return []
    days: list[dt.date] = []
    day = start.replace(day=1)
    while day <= end and len(days) < 24:
        days.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return days if len(days) > 1 else []


def _waived(result: Result) -> float:
    """The largest share of the employer contribution a reduction result waives."""
    return max(
        (float(f.value) for k, f in result.figures.items() if k.endswith("_share") and f.unit == "ratio"),
        default=0.0,
    )


def monthly_saving(
    store: PolicyStore,
    region: str,
    wage: float,
    size: str,
    on: dt.date,
    unit_total: bool = False,
    figure: str = "employer_total",
) -> Decimal | None:
    """What the reduction in force on ``on`` takes off one employee's employer contributions in a month
    (``unit_total``: all the staff's, ``wage`` being the sum of their bases): the statutory amounts less the
    reduced ones (pension and unemployment, the rates the data holds; ``figure``: one insurance's only)."""
    statutory = contribution.monthly_contributions(store, region, wage, None, on, unit_total=unit_total)
    reduced = contribution.monthly_contributions(store, region, wage, size, on, unit_total=unit_total)
    if OK != statutory.status or OK != reduced.status or figure not in reduced.figures:
        return None
    return Decimal(str(statutory.figure(figure))) - Decimal(str(reduced.figure(figure)))


def reduction_saving(store: PolicyStore, turn: Turn, region: str, size: str, result: Result) -> str | None:
    """一个月能省多少 with a wage told: what the reduction saves the employer, for the staff counted when
    every one earns that wage (十个员工每人四千). With no date asked and the reduction over by today, the
    saving of each run of months it applied in, after saying that it no longer applies."""
    wage = turn.money
    if wage is None or not turn.says(*SAVING_WORDS):
        return None
    unit_total = turn.names_unit_total()
    counts = turn.people()
    # (人均 may be told before the question that asks the total: the message's facts)
    staff = (
        counts[0] if counts and (counts[0] == 1 or turn.states(*SAME_WAGE_WORDS)) and not unit_total else 1
    )

    def amounts(saving: Decimal) -> str:
        total = f"{format_number(float(saving * staff))}元"
        return f"{total}（{staff}人，每人{format_number(float(saving))}元）" if staff > 1 else total

    if unit_total:
        wage_told = f"按全单位职工缴费基数之和{format_number(wage)}元计算"
    else:
        wage_told = f"按{'每人' if staff > 1 else ''}月工资{format_number(wage)}元计算"
    # 单位的养老保险总共免了多少: that one insurance's employer share (养老和失业 named: both)
    insurances = turn.insurances_told()
    only = next(iter(insurances)) if len(insurances) == 1 else ""
    figure = SAVED_FIGURE.get(only, "employer_total")
    named = contribution.INSURANCES.get(only, "") if figure != "employer_total" else ""
    now = (
        monthly_saving(store, region, wage, size, result.as_of, unit_total, figure) if result.as_of else None
    )
    months = span_months(turn)
    if now is not None and now > 0 and months and turn.says(*TOTAL_WORDS):
        # 2020年2月到6月这五个月…总共免了多少: each month's saving, added up
        savings = [monthly_saving(store, region, wage, size, day, unit_total, figure) for day in months]
        if all(saving is not None for saving in savings):
            total = sum((saving for saving in savings if saving is not None), Decimal(0))
            span = f"{months[0].year}年{months[0].month}月至{months[-1].month}月"
            return f"{wage_told}，{span}共{len(months)}个月，单位{named}一共少交{amounts(total)}。"
    if now is not None and now > 0:
        return f"{wage_told}，单位{named}每月少交{amounts(now)}。"
    if turn.all("period") or _waived(result) > 0:
        return None  # a date asked, and nothing (or nothing the rates hold) reduced then: the table says so
    runs: list[list] = []  # [first month, last month, saving]
    unpriced: list[int] = []  # months reduced whose rates the data does not hold (长春 after June 2020)
    for year, month in TIMELINE_MONTHS:
        day = dt.date(year, month, 15)
        saving = monthly_saving(store, region, wage, size, day, unit_total)
        if saving is None:
            reduced = contribution.reductions(store, region, size, on=day)
            if reduced.status == OK and _waived(reduced) > 0:
                unpriced.append(month)
            continue
        if runs and runs[-1][2] == saving and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month, saving])
    spans = [
        f"{TIMELINE_MONTHS[0][0]}年{first}月至{last}月每月少交{amounts(saving)}"
        if first != last
        else f"{TIMELINE_MONTHS[0][0]}年{first}月少交{amounts(saving)}"
        for first, last, saving in runs
        if saving > 0
    ]
    if not spans:
        return None
    unpriced_note = (
        f"；{TIMELINE_MONTHS[0][0]}年{unpriced[0]}月至{unpriced[-1]}月也在减免期内，但资料中没有当地这几个月的"
        "费率，无法计算金额"
        if unpriced
        else ""
    )
    return (
        f"现在已不在阶段性减免期内，单位缴费不再减免。减免执行期间，{wage_told}：{'；'.join(spans)}"
        f"{unpriced_note}。"
    )


# the employer's share of one insurance, when the saving of that one is asked (单位的养老保险免了多少)
SAVED_FIGURE = {"pension": "pension_employer", "unemployment": "unemployment_employer"}

# the months a reduction's timeline is read over: the documents' reductions all fall in 2020 (the national
# extension runs to the end of 2020; 湖北's exemption likewise)
TIMELINE_MONTHS = [(2020, month) for month in range(1, 13)]


def reduction_timeline(store: PolicyStore, region: str, enterprise_type: str) -> str | None:
    """减半征收到几月份为止: the months of 2020 in which an employer type's contributions were reduced, as one
    line per run of equal treatment (2020年2月至6月减半征收…), with the documents of each run. None when
    nothing was reduced or the documents leave the type's treatment open."""
    runs: list[list] = []  # [first month, last month, treatment, citations]
    for year, month in TIMELINE_MONTHS:
        result = contribution.reductions(store, region, enterprise_type, on=dt.date(year, month, 15))
        if result.status != OK:
            return None
        shares = tuple(
            result.figures[f"{insurance}_share"].value
            for insurance in contribution.INSURANCES
            if f"{insurance}_share" in result.figures
        )
        if any(not isinstance(share, Decimal) for share in shares):
            return None  # 文件未明确: no timeline to state
        sources = [c.short for c in result.citations]
        if runs and runs[-1][2] == shares:
            runs[-1][1] = (year, month)
            runs[-1][3] += [s for s in sources if s not in runs[-1][3]]
        else:
            runs.append([(year, month), (year, month), shares, sources])
    reduced = [run for run in runs if any(share > 0 for share in run[2])]
    if not reduced:
        return None
    parts = []
    for first, last, shares, sources in reduced:
        # 延长执行到2020年6月底: months, as the documents write these periods
        span = f"{first[0]}年{first[1]}月至{last[0]}年{last[1]}月底"
        treatment = "、".join(
            f"{name}{contribution.share_text(share)}"
            for name, share in zip(contribution.INSURANCES.values(), shares, strict=True)
        )
        if len(set(shares)) == 1:
            treatment = f"三项单位缴费{contribution.share_text(shares[0])}"
        parts.append(f"{span}：{treatment}（{'；'.join(sources)}）")
    last_month = reduced[-1][1]
    after = (
        f"；{last_month[0]}年{last_month[1] + 1}月起不再减免"
        if last_month[1] < 12 and runs[-1][1] != last_month
        else ""
    )
    return f"{contribution.ENTERPRISE_TYPES[enterprise_type]}的阶段性减免：" + "；".join(parts) + after + "。"
