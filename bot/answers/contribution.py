"""Answers about contributions: base limits, a wage's base, monthly contributions, rates, average wages,
late fees and flexible employment (bot/calc/contribution.py, bot/calc/lookup.py)."""

from __future__ import annotations

import datetime as dt

from bot.answers.base import AnswererBase
from bot.answers.render import render_result
from bot.answers.reply import Reply
from bot.answers.turn import Turn
from bot.calc import contribution, employer, lookup
from bot.calc.result import NOT_COVERED, OK


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
        return self._reply(result, "缴费基数上下限", turn)

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
        if turn.money is None:
            return self._ask(
                "ask_contribution", turn, "money", "请告诉我月工资（税前）是多少，例如：8000。", []
            )
        result = self._with_dates(
            turn,
            lambda on: contribution.monthly_contributions(
                self.store, turn.region, turn.money, turn.enterprise, on, turn.today
            ),
        )
        names = [
            "base",
            "pension_employer",
            "pension_employee",
            "unemployment_employer",
            "unemployment_employee",
            "employer_total",
            "employee_total",
        ]
        return self._reply(result, "每月社保缴费", turn, figures=names)

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
        result = self._with_dates(
            turn, lambda on: lookup.rates(self.store, turn.region, insurance, on, turn.today)
        )
        if result.status == NOT_COVERED:
            hit = self._faq_hit(turn)
            if hit is not None:
                return hit
        return self._reply(result, "缴费比例", turn)

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
        reply = self._reply(result, "平均工资", turn)
        if result.status == OK and self._region_id(turn.region) == "beijing":
            severance = lookup.lookup(self.store, "severance.cap_monthly", "beijing", today=turn.today)
            if severance.status == OK:
                reply.text += "\n" + render_result(severance, "经济补偿封顶基数")
        return reply

    def late_fee(self, turn: Turn) -> Reply:
        region, prefix = self._region_or_only(turn, ("late_fee.daily_rate",))
        amount, days = turn.money, turn.days()
        if amount is None or days is None:
            result = lookup.lookup(self.store, "late_fee.daily_rate", region, today=turn.today)
            reply = self._reply(result, "滞纳金", turn)
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
        result = self._with_dates(
            turn,
            lambda on: contribution.flexible_options(self.store, turn.region, turn.money, on, turn.today),
        )
        return self._reply(result, "灵活就业缴费", turn)
