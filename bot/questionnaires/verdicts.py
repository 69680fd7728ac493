"""Verdicts of the questionnaires, slots pre-filled from the first message, and when to start one.

A verdict is a calculator result rendered with every condition met or unmet (with the user's value),
the amount and duration, the citations, how to apply and the office to call.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.answers.aspects import AMOUNT, ELIGIBILITY, aspect_of
from bot.answers.reply import Reply
from bot.answers.service import Answerer
from bot.answers.turn import Turn
from bot.calc import benefits, contribution, employer, subsidies
from bot.calc.result import OK, Result
from bot.questionnaires.answers import UNKNOWN
from bot.questionnaires.definitions import BY_INTENT, QUESTIONNAIRES, required

# where the verdict's "how to apply" comes from: (region, FAQ article), most specific first
HOW_TO_APPLY: dict[str, tuple[tuple[str, str], ...]] = {
    "unemployment_benefit_form": (
        ("changchun", "cc_personal_wechat"),
        ("national", "unemployment_claim_documents"),
    ),
    "unemployment_subsidy_form": (
        ("beijing", "bj_subsidy_application"),
        ("national", "unemployment_claim_documents"),
    ),
    "job_retention_form": (("changchun", "cc_online_services"),),
    "skill_subsidy_form": (("changchun", "cc_online_services"), ("tianjin", "tj_certificate_check")),
    "deferral_form": (("panzhihua", "pzh_deferral_procedure"), ("national", "flexible_pension_deferral")),
    "contribution_form": (("changchun", "cc_base_rules"),),
    "flexible_form": (("changchun", "cc_personal_wechat"),),
}
# the amount shown before a questionnaire's last questions: (the slots that decide it, the figures shown,
# the first of them required)
PREVIEWS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "unemployment_benefit_form": (("q_city", "q_years"), ("monthly_amount",)),
    "unemployment_subsidy_form": (("q_city", "q_years"), ("monthly_amount", "max_months")),
    "job_retention_form": (("q_last_year_paid",), ("refund", "refund_ratio")),
}
# questionnaires whose national conditions can be checked before the city is known (the benefit's title)
NATIONAL_FIRST = {"unemployment_benefit_form": "失业保险金", "unemployment_subsidy_form": "失业补助金"}
# words by which a question is about the asker's own case, so a questionnaire helps
PERSONAL = (
    "我",
    "我们",
    "本人",
    "俺",
    "咱",
    "公司",
    "单位",
    "企业",
    "能领吗",
    "能不能",
    "可不可以",
    "可以领",
    "能拿",
    "符合",
    "帮我",
    "测算",
    "算一下",
    "算算",
    "资格",
    "够不够",
    "能申请",
)


# 我们公司想申请缓缴 / 单位准备… : an employer speaks of itself (not a flexible worker paying alone)
EMPLOYER_SPEAKING = re.compile(
    r"(?:我们|咱们|咱|我|本)(?:公司|单位|企业|厂|工厂)|(?:公司|单位|企业)(?:想|要|准备|打算)"
)


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value and value != UNKNOWN else None
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class Questionnaires:
    def __init__(self, answerer: Answerer):
        self.answerer = answerer
        self.store = answerer.store

    # -- starting --------------------------------------------------------------------------------------------
    def should_start(self, intent: str, turn: Turn) -> str | None:
        """The form to start for this question, or None to answer it in one turn."""
        form = BY_INTENT.get(intent)
        if form is None or not turn.says(*PERSONAL):
            return None
        if aspect_of(turn.text) not in (None, AMOUNT, ELIGIBILITY):
            return None  # 能缓哪几种 / 要带什么材料: answered as asked, no questionnaire
        if intent == "ask_contribution" and turn.money is not None and turn.region:
            return None  # fully specified: the one-turn answer is the verdict
        if intent == "ask_flexible_employment" and turn.region:
            return None
        return form

    def prefill(self, form: str, turn: Turn) -> dict[str, Any]:
        """Slots the first message already answers (entities and telling words)."""
        slots: dict[str, Any] = {}
        region = self.answerer._region_id(turn.region)
        if region or turn.value("city"):
            slots["q_city"] = region or turn.value("city")
        years, months = turn.years(), turn.months()
        involuntary = turn.involuntary()
        if form == "unemployment_benefit_form":
            if years is not None:
                slots["q_years"] = years
            if involuntary is not None:
                slots["q_involuntary"] = involuntary
            if turn.registered() is not None:
                slots["q_registered"] = turn.registered()
        elif form == "unemployment_subsidy_form":
            if turn.migrant_worker():
                slots["q_migrant"] = True
            insured = turn.years_insured()  # told, or spanned by the dates told
            if insured is not None:
                slots["q_years"] = insured
            started = turn.start_told()  # 2019年8月进的厂
            if started is not None and started.get("explicit_year", True):
                slots["q_insured_since"] = started["date_from"]
            if turn.says("领完", "期满", "领满"):
                slots["q_benefit_expired"] = True
            if involuntary is not None:
                slots["q_involuntary"] = involuntary
            if turn.reemployed() is not None:
                slots["q_reemployed"] = turn.reemployed()
            period = turn.period()
            if period and period.get("explicit_year", True) and turn.says("参保", "开始交", "入职"):
                slots["q_insured_since"] = period["date_from"]
        elif form == "job_retention_form":
            laid_off = turn.layoffs()
            counts = (
                [n for n in turn.people() if laid_off is None or n != laid_off]
                if laid_off is not None
                else turn.people()
            )
            if months is not None:
                slots["q_ui_months"] = months
            if counts:
                slots["q_headcount"] = counts[0]
            if laid_off is not None:
                slots["q_laid_off"] = laid_off
            elif turn.no_layoffs():
                slots["q_laid_off"] = 0
            elif len(counts) > 1:
                slots["q_laid_off"] = counts[1]
            if turn.money is not None:
                slots["q_last_year_paid"] = turn.money
            if turn.enterprise in ("sme", "large"):
                slots["q_enterprise_size"] = turn.enterprise
            if turn.says("符合环保", "符合产业", "符合政策", "符合国家"):
                slots["q_compliant"] = True
            if turn.says("经营正常", "不困难", "没有困难"):
                slots["q_hardship"] = False
            elif turn.says("经营困难", "困难但", "有困难"):
                slots["q_hardship"] = True
        elif form == "skill_subsidy_form":
            kind = (
                "education"
                if turn.says("学历")
                else "title"
                if turn.says("职称")
                else "skill"
                if turn.says("技能")
                else None
            )
            if kind:
                slots["q_kind"] = kind
            if months is not None:
                slots["q_ui_months"] = months
        elif form == "deferral_form":
            if turn.value("person_type") == "flexible":
                slots["q_flexible"] = True
            elif EMPLOYER_SPEAKING.search(turn.text):
                slots["q_flexible"] = False  # 我们公司想申请缓缴: an employer, told — not asked again
            if turn.enterprise:
                slots["q_enterprise_type"], slots["q_flexible"] = turn.enterprise, False
            if turn.says("困难", "亏损", "亏了", "亏本", "停产"):
                slots["q_severe"] = True
            if months is not None:
                slots["q_deferral_months" if turn.says("缓缴", "缓交", "暂缓") else "q_loss_months"] = months
        elif form == "contribution_form":
            period = turn.period()
            if period and period.get("explicit_year", True):
                slots["q_month"] = period["date_from"]
            if turn.money is not None:
                slots["q_wage"] = turn.money
            if turn.enterprise:
                slots["q_enterprise_type"] = turn.enterprise
            elif turn.asks_employee_share_only():
                # 我个人每个月交多少养老保险: the 2020 reductions are of the employer's share only, so the
                # employer type decides nothing asked (the verdict gives the standard employer share)
                slots["q_enterprise_type"] = UNKNOWN
        elif form == "flexible_form":
            period = turn.period()
            if period and period.get("explicit_year", True):
                slots["q_month"] = period["date_from"]
            if turn.money is not None:
                slots["q_chosen_base"] = turn.money
        return slots

    def missing(self, form: str, slots: dict[str, Any]) -> list[str]:
        return [slot for slot in required(QUESTIONNAIRES[form], slots) if slots.get(slot) is None]

    def settled_no(self, form: str, slots: dict[str, Any], today: dt.date) -> bool:
        """An answer already fails a condition (失业保险才交了两年 for a subsidy that needs 36 months): the
        verdict is "not eligible" whatever the questions left would get, so none of them is asked."""
        result = getattr(self, "_" + form.removesuffix("_form"))(slots, today)
        return result.status == OK and result.eligible is False

    # -- the conditions, before the place is known -----------------------------------------------------------
    def national_conditions_met(self, form: str, slots: dict[str, Any], today: dt.date) -> str | None:
        """在单位干了两年多…公司倒闭了…失业登记也办了 told while the city is asked: when the national rules'
        conditions are all met by what was told, say so before asking the city again (the amount, and any
        local rule, need the place)."""
        if form not in NATIONAL_FIRST or slots.get("q_city") is not None:
            return None
        result = getattr(self, "_" + form.removesuffix("_form"))({**slots, "q_city": "national"}, today)
        if result.status != OK or result.eligible is not True or not result.conditions:
            return None
        met = "、".join(c.label for c in result.conditions)
        source = "；".join(c.short for c in result.citations[:2])
        return (
            f"按您说的情况，符合国家规定的{NATIONAL_FIRST[form]}领取条件：{met}（{source}）。"
            "各地标准不同，告诉我参保城市可以核对当地规定并算出每月金额。"
        )

    # -- the amount before the last questions ----------------------------------------------------------------
    def preview(self, form: str, slots: dict[str, Any], today: dt.date) -> str | None:
        """The amount as soon as the values that decide it are known, with the conditions still open.

        A user who asked 我失业了能领多少钱 should not answer every eligibility question before hearing the
        figure: for 失业保险金 the city and the contribution years decide the amount, for 失业补助金 and the
        农民工 allowance the same, for 稳岗返还 last year's premiums (the refund ratio is the document's).
        """
        deciding, figures = PREVIEWS.get(form, ((), ()))
        if not deciding or any(slots.get(slot) in (None, UNKNOWN) for slot in deciding):
            return None
        result = getattr(self, "_" + form.removesuffix("_form"))(slots, today)
        if result.status != OK or result.eligible is False or figures[0] not in result.figures:
            return None
        open_ = [c.label for c in result.conditions if c.met is None]
        source = "；".join(c.short for c in result.citations[:2])
        if form == "unemployment_benefit_form":
            text = f"按您说的城市和缴费年限，失业保险金每月{result.figures[figures[0]].text}（{source}）。"
        else:
            shown = "，".join(
                f"{result.figures[name].label}{result.figures[name].text}"
                for name in figures
                if name in result.figures
            )
            text = f"按您说的情况，{shown}（{source}）。"
        if open_:
            verb = "享受" if form == "job_retention_form" else "领取"
            text += f"能否{verb}还要看：{'、'.join(open_)}，接下来确认一下。"
        return text

    # -- verdicts --------------------------------------------------------------------------------------------
    def verdict(self, form: str, slots: dict[str, Any], today: dt.date) -> Reply:
        questionnaire = QUESTIONNAIRES[form]
        result = getattr(self, "_" + form.removesuffix("_form"))(slots, today)
        turn = Turn(city=slots.get("q_city"), today=today)
        reply = self.answerer._reply(result, questionnaire.title, turn)
        if result.status == OK:
            reply.text = f"测算结果如下（可以接着问“如果…呢”改一个条件重新测算）：\n{reply.text}"
            failed = [c.label for c in result.conditions if c.met is False]
            if result.eligible is False and failed:
                # the answer first: which condition fails (the questions left were not asked, see settled_no)
                reply.text = f"不能。不符合：{'；'.join(failed)}。\n{reply.text}"
            how = self.how_to_apply(form, result.region)
            if how:
                reply.text += "\n" + how
            if result.offices in ([], ["hotline_12333"]):
                listing = self.answerer.directory.listing(self.answerer.directory.hotline(result.region))
                reply.text += f"\n咨询电话：{listing.text}"
        intent = next((i for i, f in BY_INTENT.items() if f == form), form)
        reply.topic = f"{intent}:verdict"  # the topic the verdict answers (analytics, evaluation)
        return reply

    def how_to_apply(self, form: str, region: str | None) -> str:
        """办理方式: the first sentence of the FAQ article on applying, for the region or nationally."""
        chain = [r.id for r in self.store.region_chain(region)] if region else ["national"]
        for region_id, article_id in HOW_TO_APPLY.get(form, ()):
            if region_id in chain and article_id in self.store.kb.faq:
                article = self.store.kb.faq[article_id]
                first = article.answer.split("\n")[0]
                source = self.store.document(article.source.document).short_citation(article.source.section)
                return f"办理方式：{first}（{source}）"
        return ""

    def _unemployment_benefit(self, s: dict[str, Any], today: dt.date) -> Result:
        return benefits.unemployment_benefit(
            self.store,
            s.get("q_city"),
            _number(s.get("q_years")),
            None,
            _flag(s.get("q_involuntary")),
            _flag(s.get("q_registered")),
            None,
            today=today,
        )

    def _unemployment_subsidy(self, s: dict[str, Any], today: dt.date) -> Result:
        years = _number(s.get("q_years"))
        if s.get("q_migrant") is True and years is not None and years < 1:
            months = round(years * 12)
            return benefits.temporary_living_allowance(
                self.store, s.get("q_city"), True, _date(s.get("q_insured_since")), months, today=today
            )
        involuntary = _flag(s.get("q_involuntary"))
        voluntary = None if involuntary is None else not involuntary
        reemployed = _flag(s.get("q_reemployed"))
        return benefits.unemployment_subsidy(
            self.store,
            s.get("q_city"),
            years,
            _flag(s.get("q_benefit_expired")),
            voluntary,
            reemployed,
            today=today,
        )

    def _job_retention(self, s: dict[str, Any], today: dt.date) -> Result:
        hardship = _flag(s.get("q_hardship"))
        return employer.job_retention_refund(
            self.store,
            s.get("q_city") or "changchun",
            _number(s.get("q_ui_months")),
            _number(s.get("q_headcount")),
            _number(s.get("q_laid_off")),
            s.get("q_enterprise_size") if s.get("q_enterprise_size") in ("sme", "large") else None,
            _number(s.get("q_last_year_paid")),
            _flag(s.get("q_compliant")),
            hardship,
            _flag(s.get("q_excluded")),
            _number(s.get("q_avg_benefit")),
            _number(s.get("q_headcount")) if hardship else None,
            today=today,
        )

    def _skill_subsidy(self, s: dict[str, Any], today: dt.date) -> Result:
        kind = s.get("q_kind") or "skill"
        region = s.get("q_city") or {"skill": "changchun"}.get(kind, "tianjin")
        return subsidies.certificate_subsidy(
            self.store,
            region,
            kind,
            _number(s.get("q_ui_months")),
            _date(s.get("q_cert_date")),
            _date(s.get("q_apply_date")),
            _flag(s.get("q_degree_only")),
            today=today,
        )

    def _deferral(self, s: dict[str, Any], today: dt.date) -> Result:
        enterprise = s.get("q_enterprise_type") if s.get("q_enterprise_type") not in (None, UNKNOWN) else None
        return employer.deferral_eligibility(
            self.store,
            s.get("q_city") or "national",
            enterprise,
            _flag(s.get("q_severe")),
            _number(s.get("q_loss_months")),
            _flag(s.get("q_no_min_wage")),
            _number(s.get("q_deferral_months")),
            _flag(s.get("q_flexible")),
            today=today,
        )

    def _contribution(self, s: dict[str, Any], today: dt.date) -> Result:
        enterprise = s.get("q_enterprise_type") if s.get("q_enterprise_type") not in (None, UNKNOWN) else None
        return contribution.monthly_contributions(
            self.store,
            s.get("q_city"),
            _number(s.get("q_wage")),
            enterprise,
            _date(s.get("q_month")),
            today=today,
        )

    def _flexible(self, s: dict[str, Any], today: dt.date) -> Result:
        return contribution.flexible_options(
            self.store, s.get("q_city"), _number(s.get("q_chosen_base")), _date(s.get("q_month")), today=today
        )
