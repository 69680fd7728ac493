"""Answers to employers: 稳岗返还, the 2020 reductions and deferral (bot/calc/employer.py)."""

from __future__ import annotations

from bot.answers.base import ENTERPRISE_BUTTONS, AnswererBase
from bot.answers.reply import Reply
from bot.answers.turn import Turn
from bot.calc import contribution, employer


class EmployerAnswers(AnswererBase):
    """Employer questions."""

    def job_retention(self, turn: Turn) -> Reply:
        region, prefix = self._region_or_only(turn, ("job_retention.refund_ratio",))
        counts = turn.people()
        headcount = counts[0] if counts else None
        laid_off = counts[1] if len(counts) > 1 else None
        if laid_off is None and headcount is not None and turn.no_layoffs():
            laid_off = 0
        size = turn.enterprise if turn.enterprise in ("sme", "large") else None
        result = employer.job_retention_refund(
            self.store,
            region,
            turn.months(),
            headcount,
            laid_off,
            size,
            turn.money,
            None,
            True if turn.says("困难") else None,
            None,
            None,
            None,
            today=turn.today,
        )
        reply = self._reply(result, "稳岗返还", turn)
        reply.text = prefix + reply.text
        return reply

    # -- employer rules ----------------------------------------------------------------------------
    def reduction(self, turn: Turn) -> Reply:
        if not turn.enterprise:
            return self._ask(
                "ask_reduction",
                turn,
                "enterprise_type",
                "请问是哪类单位？2020年的减免政策按单位类型区分。",
                ENTERPRISE_BUTTONS,
            )
        region = turn.region or "national"
        result = self._with_dates(
            turn, lambda on: contribution.reductions(self.store, region, turn.enterprise, on, turn.today)
        )
        reply = self._reply(result, "社保费阶段性减免", turn)
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
