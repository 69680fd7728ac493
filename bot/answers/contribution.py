"""Answers about contributions: base limits, a wage's base, monthly contributions, rates, average wages,
late fees and flexible employment (bot/calc/contribution.py, bot/calc/lookup.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from bot.answers.aspects import asking_clauses
from bot.answers.base import AnswererBase
from bot.answers.render import render_result
from bot.answers.reply import Reply
from bot.answers.turn import CLAUSE_MARKS, TOTAL_WORDS, Turn
from bot.calc import contribution, employer, lookup
from bot.calc.result import NOT_COVERED, OK, Figure, Result
from bot.kb.units import format_number

# a question about the average wage the contribution base is set from (核基数用的平均工资)
BASE_WORDS = ("基数",)
# 单位养老保险 / 个人的失业保险: the share written onto the insurance's name
SHARE_OF_INSURANCE = {
    "employer": re.compile(r"单位(?:的|那部分|那块|缴的|交的)?(?:养老|失业)"),
    "employee": re.compile(r"个人(?:的|那部分|那块|缴的|交的)?(?:养老|失业)"),
}


def _share_of_the_insurance(text: str) -> str | None:
    """给一个老员工交单位养老…员工找上门: the share the insurance is named with (单位养老), when the people
    named (员工) leave the share unread."""
    found = [party for party, words in SHARE_OF_INSURANCE.items() if words.search(text)]
    return found[0] if len(found) == 1 else None


# 缴费基数都是5000元 / 按6000的基数: the base itself told (not a wage the limits would cap)
BASE_AMOUNT_TOLD = re.compile(r"基数(?:都是|是|为|按|核定为|都按)?\d|按\d+(?:\.\d+)?元?的?(?:缴费)?基数")


# 公务员医疗补助 / 职工医保: schemes of their own, whose people are no household of the residents' scheme
OTHER_MEDICAL_SCHEMES = ("公务员医疗补助", "职工医保", "职工基本医疗")


# the state's share of the residents' scheme asked (财政补助 / 国家补), not the asker's contribution
FISCAL_WORDS = ("财政", "国家补", "政府补", "国家给", "政府给")


class ContributionAnswers(AnswererBase):
    """Contribution questions."""

    # -- contribution questions --------------------------------------------------------------------
    def base_limits(self, turn: Turn) -> Reply:
        if not turn.region:
            return self._ask_city(
                "ask_base_limits", turn, ("contribution_base.upper_limit",), "缴费基数上下限"
            )
        result = self._with_dates(
            turn, lambda on: contribution.base_limits(self.store, turn.region, on, turn.today)
        )
        reply = self._reply(result, "缴费基数上下限", turn)
        asked = _asked_limit(turn, result) if result.status == OK and reply.pending is None else None
        if asked:
            reply.text = f"{asked}\n{reply.text}"
        return reply

    def contribution_base(self, turn: Turn) -> Reply:
        if not turn.region:
            return self._ask_city(
                "ask_contribution_base", turn, ("contribution_base.upper_limit",), "缴费基数"
            )
        if turn.money is None:
            return self._ask(
                "ask_contribution_base",
                turn,
                "money",
                "请告诉我您的月工资（上年度月平均工资，税前），例如：8000。",
                [],
            )
        result = self._with_dates(
            turn,
            lambda on: contribution.contribution_base(self.store, turn.region, turn.money, on, turn.today),
        )
        return self._reply(result, "缴费基数", turn, figures=["base", "lower", "upper"])

    def contribution(self, turn: Turn) -> Reply:
        if turn.value("person_type") == "flexible" and turn.enterprise is None:
            return self.flexible(
                turn
            )  # a flexible worker's amount is a chosen base, not a wage: the tiers answer it
        if not turn.region:
            return self._ask_city("ask_contribution", turn, ("contribution_base.upper_limit",), "社保缴费")
        wage = turn.money
        if wage is None and turn.says(*AT_THE_FLOOR):
            # 长春2020年上半年按最低基数交，养老保险个人每月扣多少: the base is the floor in force then
            floor = self._with_dates(
                turn,
                lambda on: lookup.lookup(
                    self.store, "contribution_base.lower_limit", turn.region, on, turn.today
                ),
            )
            if floor.status == OK and "value" in floor.figures:
                wage = float(floor.figure("value"))
        if wage is None:
            return self._ask(
                "ask_contribution", turn, "money", "请告诉我月工资（税前）是多少，例如：8000。", []
            )
        unit_total = turn.names_unit_total()
        # 我个人每月扣多少: the employee's amounts only — the employer's beside them read as what one pays
        employee_only = turn.asks_employee_share_only() and not unit_total
        result = self._with_dates(
            turn,
            lambda on: contribution.monthly_contributions(
                self.store,
                turn.region,
                wage,
                turn.enterprise,
                on,
                turn.today,
                unit_total=unit_total,
                employee_only=employee_only,
            ),
        )
        base_told = BASE_AMOUNT_TOLD.search(turn.text) is not None and not unit_total
        if result.status == NOT_COVERED and base_told:
            # 长春2019年4月，缴费基数都是5000: the base the asker was assessed at, with the rates then (the
            # limits of that year are not held, and not needed with the base told)
            told = self._with_dates(
                turn,
                lambda on: contribution.monthly_contributions(
                    self.store, turn.region, wage, turn.enterprise, on, turn.today, base_told=True
                ),
            )
            result = told if told.status == OK else result
        names = [
            "base",
            "pension_employer",
            "pension_employee",
            "unemployment_employer",
            "unemployment_employee",
            "employer_total",
            "employee_total",
        ]
        if employee_only:
            names = [n for n in names if n not in EMPLOYER_FIGURES]
        reply = self._reply(result, "每月社保缴费", turn, figures=names)
        if result.status == OK and "employer_total" in result.figures:
            total = (
                self._listed_months_total(turn, wage, base_told)
                or self._span_total(turn, wage, base_told)
                or self._listed_wages_total(turn, result, employee_only)
                or self._asked_total(turn, result, wage)
                or _asked_share(turn, result)
            )
            if total:
                reply.text = f"{total}\n{reply.text}"
        if turn.money is None and result.status == OK:  # the floor stood for the wage: say so first
            reply.text = f"按缴费基数下限{format_number(wage)}元/月计算：\n{reply.text}"
        return reply

    def _listed_months_total(self, turn: Turn, wage: float, base_told: bool) -> str | None:
        """一个是2019年4月，一个是2019年6月，基数都是5000…分别补多少？加起来多少: each month's amount at the
        rates then in force (which may differ: 长春 cut the pension rate in May 2019), added up."""
        months = [
            e
            for e in turn.all("period")
            if e.get("granularity") == "month" and e.get("explicit_year") and e.get("date_from")
        ]
        days = list(dict.fromkeys(dt.date.fromisoformat(str(e["date_from"])) for e in months))
        if len(days) < 2 or not turn.says(*LISTED_WORDS, *TOTAL_WORDS):
            return None
        named = turn.insurances_named()
        insurance = turn.value("insurance_type") or (next(iter(named)) if len(named) == 1 else None)
        party = turn.party() or _share_of_the_insurance(turn.text)
        name = (
            f"{insurance}_{party}"
            if insurance in contribution.INSURANCES and party in ("employer", "employee")
            else ""
        )
        parts: list[tuple[dt.date, Figure]] = []
        for day in days:
            each = contribution.monthly_contributions(
                self.store, turn.region, wage, turn.enterprise, day, turn.today, base_told=base_told
            )
            key = name or "employer_total"
            if each.status != OK or key not in each.figures:
                return None
            parts.append((day, each.figures[key]))
        label = parts[0][1].label if name else "单位每月合计"
        listed = "，".join(f"{d.year}年{d.month}月{format_number(float(f.value))}元" for d, f in parts)
        total = sum(float(f.value) for _, f in parts)
        told = "缴费基数" if base_told else "月工资"
        added = format_number(round(total, 2))
        return f"按{told}{format_number(wage)}元计算，{label}：{listed}，合计{added}元。"

    def _span_total(self, turn: Turn, wage: float, base_told: bool) -> str | None:
        """2020年上半年我的缴费基数是5000…1到6月这半年，我个人一共被扣了多少养老和失业: each month of the
        span at the rates then in force, added up (the share asked: one insurance's, one party's, or both)."""
        if not turn.says(*TOTAL_WORDS):
            return None
        spans = [
            e
            for e in turn.all("period")
            if e.get("granularity") in ("half_year", "months", "quarter")
            and e.get("explicit_year")
            and e.get("date_from")
            and e.get("date_to")
        ]
        if not spans:
            return None
        start = dt.date.fromisoformat(str(spans[0]["date_from"]))
        end = dt.date.fromisoformat(str(spans[0]["date_to"]))
        days = [dt.date(y, m, 1) for y in range(start.year, end.year + 1) for m in range(1, 13)]
        days = [d for d in days if start <= d <= end]
        if len(days) < 2:
            return None
        named = turn.insurances_named()
        insurance = turn.value("insurance_type") if len(named) <= 1 else None
        insurance = insurance or (next(iter(named)) if len(named) == 1 else None)
        party = turn.party()
        if insurance in contribution.INSURANCES and party in ("employer", "employee"):
            keys = [f"{insurance}_{party}"]
        elif party in ("employer", "employee"):
            keys = [f"{party}_total"]
        else:
            keys = ["employer_total", "employee_total"]
        amounts = []
        for day in days:
            each = contribution.monthly_contributions(
                self.store, turn.region, wage, turn.enterprise, day, turn.today, base_told=base_told
            )
            if each.status != OK or any(key not in each.figures for key in keys):
                return None
            amounts.append(sum(Decimal(str(each.figure(key))) for key in keys))
        label = "单位和个人" if len(keys) == 2 else f"{contribution_label(keys[0])}"
        told = "缴费基数" if base_told else "月工资"
        span = f"{start.year}年{start.month}月至{end.month}月共{len(days)}个月"
        if len(set(amounts)) == 1:
            each_month = f"每月{format_number(amounts[0])}元"
        else:
            each_month = "各月" + "、".join(format_number(a) for a in amounts) + "元"
        total = format_number(sum(amounts))
        return f"按{told}{format_number(wage)}元计算，{span}，{label}{each_month}，合计{total}元。"

    def _listed_wages_total(self, turn: Turn, result: Result, employee_only: bool) -> str | None:
        """5个人工资分别3000、3500、4000、4千5、6000…个人养老合计代扣多少: each wage's contribution (its base
        set by the limits on its own), added up — the figure asked (an insurance and a share, a share's
        total, or both shares)."""
        wages = turn.amounts()
        if (
            len(wages) < 2
            # 月平均工资6800，所以基数就按6800: one amount told twice, no list of wages
            or (len(set(wages)) < 2 and not any(n >= 2 for n in turn.people()))
            or not (turn.says(*LISTED_WORDS) or EACH_ONE_TOLD.search(turn.text))
            or not turn.says(*TOTAL_WORDS, "代扣多少", "扣多少")
        ):
            return None
        insurance, party = turn.value("insurance_type"), turn.party()
        if insurance in ("pension", "unemployment") and party in ("employer", "employee"):
            name = f"{insurance}_{party}"
        elif party in ("employer", "employee"):
            name = f"{party}_total"
        else:
            name = ""
        parts: list[float] = []
        for wage in wages:
            each = contribution.monthly_contributions(
                self.store,
                turn.region,
                wage,
                turn.enterprise,
                result.as_of,
                turn.today,
                employee_only=employee_only,
            )
            if each.status != OK:
                return None
            if name:
                if name not in each.figures:
                    return None
                parts.append(float(each.figure(name)))
            elif "employer_total" in each.figures and "employee_total" in each.figures:
                parts.append(float(each.figure("employer_total")) + float(each.figure("employee_total")))
            else:
                return None
        label = result.figures[name].label if name in result.figures else "单位和个人缴费"
        listed = "、".join(format_number(w) for w in wages)
        added = "+".join(format_number(round(p, 2)) for p in parts)
        return (
            f"按{len(wages)}人月工资分别{listed}元计算（每人的缴费基数按上下限分别核定）：{label}一共"
            f"{format_number(round(sum(parts), 2))}元（{added}）。"
        )

    def _asked_total(self, turn: Turn, result: Result, wage: float) -> str | None:
        """A sum the question asks for, worked out from the amounts computed: what N staff on the same wage
        save in a month (8个服务员每人4千…一共能省多少), what they cost together, or employer and employee
        together (单位跟个人一共要交多少)."""
        employer_total = float(result.figure("employer_total"))
        employee_total = float(result.figure("employee_total"))
        staff = [n for n in turn.people() if n >= 2]
        each = bool(staff) and turn.states(*SAME_WAGE_WORDS)  # 每人 told before the question too
        saving = turn.says(*SAVING_WORDS)
        if each and saving and turn.enterprise:
            statutory = contribution.monthly_contributions(
                self.store, turn.region, wage, None, result.as_of, turn.today
            )
            if statutory.status != OK or "employer_total" not in statutory.figures:
                return None
            waived = float(statutory.figure("employer_total")) - employer_total
            if waived <= 0:
                return None
            return (
                f"按{staff[0]}人、每人月工资{format_number(wage)}元计算，单位每月一共减免"
                f"{format_number(round(waived * staff[0], 2))}元（每人{format_number(round(waived, 2))}元）。"
            )
        if not turn.says(*TOTAL_WORDS):
            return None
        insurance, party = turn.value("insurance_type"), turn.party()
        one = f"{insurance}_{party}"
        if each and one in result.figures:
            # 30个员工，平均工资六千，单位那部分失业保险一共交多少: that one share, for all of them
            share = float(result.figure(one))
            return (
                f"按{staff[0]}人、每人月工资{format_number(wage)}元计算：{result.figures[one].label}每月一共"
                f"{format_number(round(share * staff[0], 2))}元（每人{format_number(share)}元）。"
            )
        if each and f"{insurance}_employer" in result.figures and f"{insurance}_employee" in result.figures:
            # 失业保险：单位每人交多少、20个人单位一共交多少？个人每人扣多少: the insurance named, both shares
            shares = [result.figures[f"{insurance}_{side}"] for side in ("employer", "employee")]
            return (
                f"按{staff[0]}人、每人月工资{format_number(wage)}元计算："
                + "；".join(
                    f"{figure.label}每月一共{format_number(round(float(figure.value) * staff[0], 2))}元"
                    f"（每人{format_number(float(figure.value))}元）"
                    for figure in shares
                )
                + "。"
            )
        if each:
            return (
                f"按{staff[0]}人、每人月工资{format_number(wage)}元计算：单位每月一共缴纳"
                f"{format_number(round(employer_total * staff[0], 2))}元，个人部分一共"
                f"{format_number(round(employee_total * staff[0], 2))}元。"
            )
        if turn.names_both_shares():
            both = round(employer_total + employee_total, 2)
            return (
                f"单位和个人每月一共缴纳{format_number(both)}元（单位{format_number(employer_total)}元、"
                f"个人{format_number(employee_total)}元）。"
            )
        return None

    def resident_household_total(self, turn: Turn) -> str | None:
        """我家三口都交居民医保…一共要交多少: the residents' scheme's personal contribution per person times
        the people counted, with the document's own caveat that each area may set its own standard. None
        when no count of two or more, or no total, is asked."""
        staff = [n for n in turn.household() if n >= 2]
        if not staff or not turn.says(*TOTAL_WORDS, "全家") or turn.says(*OTHER_MEDICAL_SCHEMES):
            return None
        # 我家3口人一年一共要多交多少: the rise of the personal contribution, not the contribution
        # (村里说今年又涨了…一家五口一年一共要交多少: the rise told, the total asked)
        totals = [c for c in asking_clauses(turn.text) if any(w in c for w in (*TOTAL_WORDS, "全家"))]
        rise = any(w in c for c in totals for w in ("多交", "涨", "提高", "增加", "多了", "多出"))
        # 财政一年至少一共补多少: the state's subsidy per person (不低于550元), not what each one pays
        fiscal = any(w in c for c in totals for w in FISCAL_WORDS)
        if fiscal:
            key = "resident_medical.fiscal_subsidy_" + ("increase" if rise else "min")
        else:
            key = "resident_medical.personal_contribution" + ("_increase" if rise else "")
        result = lookup.lookup(self.store, key, "national")
        if result.status != OK or "value" not in result.figures:
            return None
        each = float(result.figure("value"))
        source = result.citations[0].short if result.citations else ""
        if fiscal:
            what = "新增" if rise else "不低于"
            return (
                f"按{source}，城乡居民医保人均财政补助{what}每人每年{format_number(each)}元，{staff[0]}人一共每年"
                f"{what}{format_number(round(each * staff[0], 2))}元。"
            )
        if rise:
            return (
                f"按{source}，个人缴费标准原则上同步提高{format_number(each)}元，{staff[0]}人一共每年多交"
                f"{format_number(round(each * staff[0], 2))}元"
                "（各统筹地区可合理确定具体标准，以当地公布的为准）。"
            )
        return (
            f"按{source}的个人缴费标准（原则上每人每年{format_number(each)}元）计算，{staff[0]}人一共每年"
            f"{format_number(round(each * staff[0], 2))}元"
            "（各统筹地区可合理确定具体标准，以当地公布的为准）。"
        )

    def rates(self, turn: Turn) -> Reply:
        insurance = turn.value("insurance_type")
        if not turn.region:
            only = self._only_region(("rate.work_injury.cut",)) if insurance == "work_injury" else None
            if only is None:
                return self._ask_city(
                    "ask_contribution_rate",
                    turn,
                    ("rate.pension.employer", "rate.work_injury.cut"),
                    "缴费比例",
                )
            turn.city = only

        def run(on: dt.date | None) -> Result:
            return lookup.rates(self.store, turn.region, insurance, on, turn.today)

        party = turn.party()
        wanted = _party_figures(insurance, party)
        party_name = PARTY_NAMES[party or ""]
        if wanted is None and turn.names_both_shares():
            # 单位和个人各交多少比例: each share on its own (the 2020 (1—6) row; later only the sum)
            wanted = _party_figures(insurance, "employer")
            party_name = "单位和个人"
        elif wanted is None and insurance in (None, "pension") and turn.value("person_type") == "flexible":
            # 灵活就业的…缴费比例是多少: the rate a flexible worker pays, not an employer's and its staff's
            wanted, party_name = ["pension_flexible"], "灵活就业人员"
        dates, flag = self._dates(turn)
        notes: list[str] = []
        if wanted is None or flag == "year?":
            result = self._with_dates(turn, run)
        else:
            result, notes = _party_rates(run, dates, wanted, party_name)
        if result.status == NOT_COVERED:
            hit = self._faq_hit(turn)
            # an article on another insurance (城乡居民医保 for 上海养老保险比例) answers nothing asked
            named = lookup.INSURANCE_NAMES.get(insurance or "", "")
            if hit is not None and (not named or named[:2] in hit.text):
                return hit
        figures = None
        if party_name == "单位和个人" and result.status == OK:
            shown = [*(wanted or []), *(_party_figures(insurance, "employee") or [])]
            figures = [f for f in result.figures if f in shown or f.endswith("_total")]
        elif wanted is not None and result.status == OK:
            figures = [f for f in wanted if f in result.figures] or [
                f for f in result.figures if f.endswith("_total")
            ]
        result.notes[:0] = notes + _range_note(turn, result)
        return self._reply(result, "缴费比例", turn, figures=figures)

    def average_wage(self, turn: Turn) -> Reply:
        if not turn.region:
            return self._ask_city("ask_average_wage", turn, ("average_wage.annual",), "平均工资")
        period = turn.period()
        year = (
            dt.date.fromisoformat(period["date_from"]).year
            if period and period.get("explicit_year", True)
            else None
        )
        result = lookup.average_wage(self.store, turn.region, year, turn.today)
        if result.status == NOT_COVERED and period and turn.says(*BASE_WORDS):
            # 2020年上半年核基数用的平均工资: the wage the base is set from in that period (长春 2020年1—6月:
            # the 2018 provincial wage), which is no statistical year's figure of 2020
            used = self._wage_used_for_base(turn, dt.date.fromisoformat(period["date_from"]))
            if used is not None:
                return used
        # 2020年度的平均工资 names the statistical year itself: not covered, and no other year's figure
        if result.status == NOT_COVERED and year is not None and f"{year}年度" not in turn.text:
            published = self._published_that_year(turn, year)
            if published is not None:
                return published
        reply = self._reply(result, "平均工资", turn)
        if result.status == OK and self._region_id(turn.region) == "beijing":
            severance = lookup.lookup(self.store, "severance.cap_monthly", "beijing", today=turn.today)
            if severance.status == OK:
                reply.text += "\n" + render_result(severance, "经济补偿封顶基数")
        return reply

    def _published_that_year(self, turn: Turn, year: int) -> Reply | None:
        """天津2020社平工资是多少: no statistical year 2020 in the data, but the figure a document issued in
        2020 published (2019年度, 津人社局发〔2020〕12号) is the one people call that year's — given as such,
        naming the year it is of. Never a figure of a document not dated in the year asked."""
        earlier = lookup.average_wage(self.store, turn.region, year - 1, turn.today)
        if earlier.status != OK or not earlier.citations:
            return None
        document = self.store.document(earlier.citations[0].document)
        if document.issued is None or document.issued.year != year:
            return None
        reply = self._reply(earlier, "平均工资", turn)
        reply.text = (
            f"文件没有{year}年度的平均工资；{year}年公布的是{year - 1}年度的"
            f"（{document.short_citation()}，{document.issued.year}年{document.issued.month}月"
            f"{document.issued.day}日）：\n{reply.text}"
        )
        return reply

    def _wage_used_for_base(self, turn: Turn, on: dt.date) -> Reply | None:
        """The average wages the base limits of ``on`` are set from (contribution_base.reference_wage_*),
        or None when the data holds none for that date."""
        region = self._region_id(turn.region)
        annual = lookup.lookup(self.store, "contribution_base.reference_wage_annual", region, on, turn.today)
        monthly = lookup.lookup(
            self.store, "contribution_base.reference_wage_monthly", region, on, turn.today
        )
        found = [r for r in (annual, monthly) if r.status == OK]
        if not found:
            return None
        result = found[0]
        if len(found) == 2:
            result.figures = {
                "annual": Figure(
                    "核定缴费基数所用的年平均工资", annual.figures["value"].value, "yuan_per_year"
                ),
                "monthly": Figure(
                    "核定缴费基数所用的月平均工资", monthly.figures["value"].value, "yuan_per_month"
                ),
            }
            result.steps += [s for s in monthly.steps if s not in result.steps]
            result.citations += [c for c in monthly.citations if c not in result.citations]
        return self._reply(result, "核定缴费基数所用的平均工资", turn)

    def late_fee(self, turn: Turn) -> Reply:
        region, prefix = self._region_or_only(turn, ("late_fee.daily_rate",))
        amount, days = turn.money, turn.days()
        if amount is None or days is None:
            result = lookup.lookup(self.store, "late_fee.daily_rate", region, today=turn.today)
            reply = self._reply(result, "滞纳金", turn)
            split = arrears_by_date(self.store, result, turn)
            if split is not None:
                reply.text = f"{split}\n{reply.text}"
            if result.status == OK:
                reply.text += "\n告诉我欠缴金额和天数（例如“欠缴3000元，晚了20天”），我可以帮您算出滞纳金。"
                reply.text += "\n经批准缓缴的，缓缴期间免收滞纳金（人社部发〔2020〕49号）。"
            reply.text = prefix + reply.text
            return reply
        deferred = True if turn.says("缓缴") else None
        result = self._with_dates(
            turn,
            lambda on: employer.late_fee(self.store, region, amount, days, deferred, None, on, turn.today),
        )
        reply = self._reply(result, "滞纳金", turn)
        reply.text = prefix + reply.text
        return reply

    def flexible(self, turn: Turn) -> Reply:
        if not turn.region:
            return self._ask_city(
                "ask_flexible_employment",
                turn,
                ("flexible.tier_count", "flexible.pension_base_lower"),
                "灵活就业缴费标准",
            )

        def run(on: dt.date | None) -> Result:
            return contribution.flexible_options(self.store, turn.region, turn.money, on, turn.today)

        result = self._with_dates(turn, run)
        unstated = self._flexible_insurance_unstated(turn, result)
        if unstated is not None:
            return unstated
        halves = self._both_halves(turn, run)
        if halves is not None:
            return halves
        reply = self._reply(result, "灵活就业缴费", turn)
        year = _flexible_year_total(turn, result)
        if year:
            reply.text = f"{year}\n{reply.text}"
        return reply

    def _flexible_insurance_unstated(self, turn: Turn, result: Result) -> Reply | None:
        """长春灵活就业人员交职工医保一个月多少: an insurance the place's flexible-employment rules leave out
        (长春's state the pension only; 天津's the medical base too) — the documents say nothing of it, and
        the pension's figures are no answer to it."""
        insurance = turn.value("insurance_type")
        name = FLEXIBLE_INSURANCE_NAMES.get(str(insurance))
        if name is None or result.status != OK or any(k.startswith(str(insurance)) for k in result.figures):
            return None
        region = self._region_id(turn.region)
        place = self.store.region(region).name if region else ""
        text = (
            f"文件没有规定{place}灵活就业人员{name}的缴费标准：我收录的2020年政策文件只规定了{place}灵活就业人员"
            f"基本养老保险的缴费。\n建议咨询{self._hotline_text(region)}。"
        )
        office = self.directory.hotline(region)
        return Reply(text, handoff=office.id, topic="ask_flexible_employment:silent")

    def _both_halves(self, turn: Turn, run: Callable[[dt.date | None], Result]) -> Reply | None:
        """长春个体户2020年交社保: a whole year asked where the half-year decides which year's average wage
        the tiers use (长社保〔2020〕1号 二、第6条) and the data has the amounts of one half only: that half's
        card, then what the documents say of the other half — not the half without figures alone."""
        period = turn.period()
        if period is None or period.get("granularity") != "year":
            return None
        start = dt.date.fromisoformat(period["date_from"])
        end = dt.date.fromisoformat(period["date_to"])
        first, second = run(start), run(min(end, turn.today))
        if first.status != OK or second.status != OK or set(first.figures) == set(second.figures):
            return None
        full, other = (first, second) if len(first.figures) > len(second.figures) else (second, first)
        half = "上半年" if full is first else "下半年"
        said = [s for s in other.steps if "半年" in s] + [n for n in other.notes if "数额文件未给出" in n]
        if not said:
            return None
        reply = self._reply(full, "灵活就业缴费", turn)
        other_half = "；".join(line.rstrip("。") for line in said)
        reply.text += f"\n以上是{start.year}年{half}缴费的标准；另外半年：{other_half}。"
        return reply


PARTY_NAMES = {"employee": "个人", "employer": "单位", "": ""}
EMPLOYER_FIGURES = ("pension_employer", "unemployment_employer", "employer_total")


# 最低按多少交 / 封顶是多少: the one limit a question names
FLOOR_ASKED = re.compile(r"下限|最低|最少|保底|兜底")
CAP_ASKED = re.compile(r"上限|最高|封顶|顶格|最多")
BOTH_LIMITS = re.compile(r"上下限|上线下线|最高最低|最低最高")


def _asked_limit(turn: Turn, result: Result) -> str | None:
    """天津社保基数最低是多少: the floor, said before the table of both limits; None when the question names
    both limits or neither."""
    if BOTH_LIMITS.search(turn.text):
        return None
    floor, cap = bool(FLOOR_ASKED.search(turn.text)), bool(CAP_ASKED.search(turn.text))
    if floor == cap:
        return None
    figure = result.figures.get("lower" if floor else "upper")
    return f"{figure.label}：{figure.text}。" if figure is not None else None


def _asked_share(turn: Turn, result: Result) -> str | None:
    """The one amount a question names (个人养老扣多少 → the employee's pension contribution), said before the
    table of every share; None when the question names neither a share nor an insurance the table holds."""
    insurance = turn.value("insurance_type")
    party = turn.party()
    if insurance not in (None, "pension", "unemployment") or (insurance is None and party is None):
        return None
    parties = (party,) if party else ("employer", "employee")
    if {"pension", "unemployment"} <= turn.insurances_named() and party:
        insurance = None  # 个人养老加失业两项合起来: the share's total of both
    names = [f"{insurance}_{who}" for who in parties] if insurance else [f"{party}_total"]
    figures = [result.figures[name] for name in names if name in result.figures]
    if len(figures) != len(names):
        return None
    return (
        "；".join(
            f"{figure.label}：{figure.text}" if "每月" in figure.label else f"{figure.label}每月{figure.text}"
            for figure in figures
        )
        + "。"
    )


def _party_figures(insurance: str | None, party: str | None) -> list[str] | None:
    """The rate figures of one party (unemployment_employee…); None when the question names no party."""
    if party is None or insurance not in (None, "pension", "unemployment"):
        return None
    return [f"{name}_{party}" for name in ((insurance,) if insurance else ("pension", "unemployment"))]


def _party_rates(
    run: Callable[[dt.date | None], Result], dates: list[dt.date | None], wanted: list[str], party: str
) -> tuple[Result, list[str]]:
    """The rates on the first of ``dates`` that has the party's own rate (2020年 → the 2020 (1—6) row of
    Annex 1, since from July 2020 Changchun gives only the combined rate), and a note for the part of the
    period asked that has only the combined rate."""
    results = [run(day) for day in dates]
    found = [r for r in results if r.status == OK]
    if not found:
        return results[0], []
    best = next((r for r in found if any(f in r.figures for f in wanted)), found[0])
    totals = [f for r in found for name, f in r.figures.items() if name.endswith("_total")]
    if not totals:
        return best, []
    combined = f"{totals[0].label}为{totals[0].text}，没有分别规定{party}的缴费比例。"
    if not any(f in best.figures for f in wanted):
        return best, [f"文件在该期间只规定{combined}"]
    if best.period_to is None:
        return best, []
    following = best.period_to + dt.timedelta(days=1)
    after = run(following)  # the party's row ends: is only the combined rate given from the next day on?
    if after.status == OK and not any(f in after.figures for f in wanted):
        return best, [f"{following.year}年{following.month}月{following.day}日起，文件只规定{combined}"]
    return best, []


def _range_note(turn: Turn, result: Result) -> list[str]:
    """2019年3-6月 spans two rows of a table: say the answer is the first row's and where the next starts."""
    period = turn.period()
    if not period or period.get("granularity") != "months" or result.status != OK or result.period_to is None:
        return []
    end = dt.date.fromisoformat(period["date_to"])
    if result.period_to >= end:
        return []
    following = result.period_to + dt.timedelta(days=1)
    return [
        f"以上为{result.period_text}的比例；所问期间内{following.year}年{following.month}月起比例不同，请单独询问该月份。"
    ]


CLAUSE_MARK = re.compile(f"[{re.escape(CLAUSE_MARKS)}]")  # the clause ends Turn reads


# a late-fee question about an approved deferral: the deferral's exemption answers it, not the daily rate
# 按最低基数交 / 按下限交: the contribution on the base floor, whatever the wage
def _flexible_year_total(turn: Turn, result: Result) -> str | None:
    """长春灵活就业选最低那档，全年养老一共要交多少: the tier's monthly pension times 12 (the documents have
    the whole year's contribution paid at once); the lowest and highest tiers when none is named."""
    if result.status != OK or "pension_min" not in result.figures or not turn.says(*WHOLE_YEAR_WORDS):
        return None
    low, high = float(result.figure("pension_min")), float(result.figure("pension_max"))
    if turn.says("最高档", "最高那档", "最高的档", "顶格"):
        return f"按最高档计算，全年养老保险12个月共{_twelve(high)}元（每月{format_number(high)}元×12）。"
    if turn.says(*AT_THE_FLOOR, "最低那档", "最低的档", "最低一档", "最低档次"):
        return f"按最低档计算，全年养老保险12个月共{_twelve(low)}元（每月{format_number(low)}元×12）。"
    return (
        f"全年养老保险12个月共{_twelve(low)}元（最低档，每月{format_number(low)}元）至"
        f"{_twelve(high)}元（最高档，每月{format_number(high)}元）。"
    )


def _twelve(monthly: float) -> str:
    return format_number(round(monthly * 12, 2))


# 全年 / 一年一共 / 一整年: the whole year's amount asked
WHOLE_YEAR_WORDS = ("全年", "一年一共", "一年总共", "一整年", "一年要交多少", "一年交多少", "一年得交多少")
AT_THE_FLOOR = ("最低基数", "基数下限", "按下限", "最低档", "保底基数", "最低缴费基数", "按最低标准交")
DEFERRAL_WORDS = ("缓缴", "缓交", "暂缓", "延缓", "延期缴", "批准")
ASKS_EXEMPTION = re.compile(r"(?:能|可以|会|是不是)(?:不能)?免|免不免|免吗|免掉|免收吗|免除吗")
ASKS_LEAVE_NOT_TO_PAY = re.compile(r"(?:可以|能|可不可以|能不能)不(?:交|缴|付|收)")
# 是不是就不收滞纳金了 / 就不用交滞纳金了吧: whether it is not charged — 是
ASKS_NOT_CHARGED = re.compile(
    r"是不是(?:就|都)?不(?:用|再)?(?:收|交|缴|付)|就不(?:用|再)?(?:收|交|缴|付).{0,6}了(?:吧|吗|对吧)"
)


def late_fee_first_line(store: Any, result: Result, turn: Turn) -> str | None:
    """The first line of 要交滞纳金吗 answered with a late-fee rule whose steps mention the deferral's
    exemption. A question about an approved deferral (缓缴期间) → 不用, the exemption. Otherwise the
    exemption does not apply (补缴2015年欠的养老保险): 要, with the document's own sentence on the daily
    rate; arrears named before the rule's date (2009年欠的) are not charged by the day but revalued
    (保值系数), which the document says instead. None when the result is no place's late-fee rate."""
    if any(word in turn.text for word in DEFERRAL_WORDS):
        step = next((s for s in result.steps if "免收滞纳金" in s), None)
        # 能免滞纳金吗 asks for the exemption (能); 可以不交滞纳金吗 for leave not to pay (可以); 是不是就不收
        # 滞纳金了 whether it is not charged (是); 要交滞纳金吗 for the fee (不用)
        if ASKS_EXEMPTION.search(turn.text):
            yes = "能"
        elif ASKS_LEAVE_NOT_TO_PAY.search(turn.text):
            yes = "可以"
        elif ASKS_NOT_CHARGED.search(turn.text):
            yes = "是"
        else:
            yes = "不用"
        return f"{yes}，{step}。" if step else None
    figure = result.figures.get("value")
    if result.status != OK or figure is None or figure.unit != "ratio" or "滞纳金" not in figure.label:
        return None
    on = result.as_of or turn.today
    rate = store.value("late_fee.daily_rate", result.region, on) if result.region else None
    if rate is None or not rate.source.quote or not result.region:
        return None
    place = "" if result.region == "national" else store.region(result.region).short_name
    earlier, _ = _arrears_told(store, result.region, turn, on)
    if earlier:
        revalued = _preservation_rule(store, result.region, on)
        if revalued is None:
            return None
        return f"不按日加收滞纳金。{place}规定“{revalued.source.quote}”。"
    return f"要。{place}规定“{rate.source.quote}”；只有经批准缓缴的，缓缴期间才免收滞纳金。"


def _arrears_told(store: Any, region: str, turn: Turn, on: dt.date) -> tuple[list[str], list[str]]:
    """The arrears the question names by year (2010年欠的, 2015年欠的), split by the date from which the
    place charges a daily late fee: (owed before it, owed from it on), as the question writes them."""
    since = store.value("late_fee.arrears_since", region, on)
    if since is None or not isinstance(since.value, dt.date):
        return [], []
    earlier: list[str] = []
    later: list[str] = []
    for entity in turn.all("period"):
        end_at = entity.get("end")
        # 2015年欠的 / 2015年和2010年欠的: arrears said after the date, in its clause
        after = CLAUSE_MARK.split(turn.text[end_at : end_at + 12])[0] if isinstance(end_at, int) else ""
        owed = "欠" in after and entity.get("usage") == "subject"
        if owed and "date_from" in entity:
            before = dt.date.fromisoformat(entity["date_from"]) < since.value
            (earlier if before else later).append(str(entity.get("original") or entity.get("value")))
    return earlier, later


def _preservation_rule(store: Any, region: str, on: dt.date) -> Any:
    """The rule for arrears older than the late fee (天津: 按照5265元标准计算保值系数), with its quote."""
    revalued = store.value("arrears.preservation_wage", region, on) or store.latest(
        "arrears.preservation_wage", region
    )
    return revalued if revalued is not None and revalued.source.quote else None


def arrears_by_date(store: Any, result: Result, turn: Turn) -> str | None:
    """天津2015年欠的怎么算？2010年欠的呢: arrears named on both sides of the date the daily late fee starts
    from (or before it only) — each told its rule, first; None when none is named before that date."""
    if result.status != OK or not result.region:
        return None
    on = result.as_of or turn.today
    earlier, later = _arrears_told(store, result.region, turn, on)
    rate = store.value("late_fee.daily_rate", result.region, on)
    revalued = _preservation_rule(store, result.region, on)
    if not earlier or revalued is None or rate is None or not rate.source.quote:
        return None
    document = store.document(revalued.source.document).short_citation(revalued.source.section)
    lines = [f"{'、'.join(earlier)}欠缴的：不按日加收滞纳金，“{revalued.source.quote}”（{document}）。"]
    if later:
        lines.insert(0, f"{'、'.join(later)}欠缴的：“{rate.source.quote}”。")
    return "\n".join(lines)


# insurances a flexible worker may ask about besides the pension, as a reply names them
FLEXIBLE_INSURANCE_NAMES = {
    "medical": "职工医保",
    "unemployment": "失业保险",
    "work_injury": "工伤保险",
    "maternity": "生育保险",
}


# 一共 / 加起来 / 合计: a sum asked for
# 工资分别3000、3500 / 各是: several wages, one a person
def contribution_label(key: str) -> str:
    """个人缴费 / 单位缴费 for a party's total; the insurance's share for one insurance (pension_employee)."""
    insurance, _, party = key.partition("_")
    if insurance in ("employer", "employee"):
        return f"{PARTY_NAMES[insurance]}缴费"
    return f"{lookup.INSURANCE_NAMES.get(insurance, insurance)}{PARTY_NAMES.get(party, '')}缴费"


LISTED_WORDS = ("分别", "各是", "各自是", "依次是")
# 一个工资3k，一个5.2k / 一个3000一个5200: each of two people's wage told in turn
EACH_ONE_TOLD = re.compile(r"[一1]个(?:人)?(?:工资|月薪|基数)?(?:是)?\d+[^，,。？?]{0,6}[，,]?[一1]个")
# 每人工资都是4千 / 工资都一样: every one of the staff counted earns the wage told
SAME_WAGE_WORDS = (
    "每人",
    "每个人",
    "每个员工",
    "每名",
    "都是",
    "都按",
    "人均",
    "一样",
    "平均工资",
    "平均每人",
    "平均月薪",
)
# 能省下多少 / 减免了多少: the reduction asked for, not the amount due
SAVING_WORDS = (
    "省下",
    "省了",
    "省多少",
    "能省",
    "少交多少",
    "少交了",
    "减免了多少",
    "减免多少",
    "免了多少",
    "免掉多少",
)
