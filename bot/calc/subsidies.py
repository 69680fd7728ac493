"""Skill, education and professional-title subsidy eligibility (the documents give conditions, no amounts)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from bot.calc.context import Calculation, InvalidInput, flag, run, to_date, to_int, verdict
from bot.calc.result import Condition, Result
from bot.kb.store import PolicyStore
from bot.kb.units import format_date

KINDS = {"skill": "技能提升补贴", "education": "学历提升补贴", "title": "职称提升补贴"}
_MONTHS_KEY = {
    "skill": "skill_subsidy.min_ui_contribution_months",
    "education": "education_subsidy.min_ui_contribution_months",
    "title": "title_subsidy.min_ui_contribution_months",
}


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _certificate(store, region, kind, ui_months, certificate_date, application_date, degree_only, on, today):
    if kind not in KINDS:
        raise InvalidInput("请说明是技能提升补贴、学历提升补贴还是职称提升补贴。")
    months = to_int(ui_months, "累计缴纳失业保险费的月数", maximum=1200) if ui_months is not None else None
    issued = to_date(certificate_date, "证书核发日期") if certificate_date is not None else None
    applied = to_date(application_date, "申请日期") if application_date is not None else None
    degree_only = flag(degree_only, "是否只取得学位证书")
    primary = _MONTHS_KEY[kind]
    calc = Calculation(store, f"{kind}_subsidy", region, on or applied, today, primary_key=primary)
    result = calc.result
    minimum = calc.get(primary).value
    result.conditions = [
        Condition(
            f"累计缴纳失业保险费满{minimum}个月",
            None if months is None else months >= minimum,
            "您未说明缴费月数" if months is None else f"您已缴纳{months}个月",
        )
    ]
    if kind in ("education", "title"):
        window = calc.get("certificate_subsidy.application_window_months").value
        if issued is not None and applied is not None:
            deadline = _add_months(issued, window)
            result.conditions.append(
                Condition(
                    f"自证书核发之日起{window}个月内申请",
                    issued <= applied <= deadline,
                    f"证书{format_date(issued)}核发，{format_date(applied)}申请（最晚{format_date(deadline)}）",
                )
            )
        else:
            result.conditions.append(
                Condition(f"自证书核发之日起{window}个月内申请", None, "您未说明证书核发日期和申请日期")
            )
        if kind == "education":
            result.conditions.append(
                Condition(
                    "取得大学专科及以上学历证书（只有学位证书不享受）",
                    None if degree_only is None else not degree_only,
                    "" if degree_only is not None else "您未说明证书类型",
                )
            )
        else:
            result.conditions.append(
                Condition("证书属于《部分专业技术人员职业资格与职称对应表》所列", None, "请对照对应表确认")
            )
        # the document's words (津人社办发〔2020〕84号 二、（二）), quoted rather than retold
        result.steps.append(
            "由用人单位为职工申请；“证书核发之日”：“证书上同时存在多个日期，按最后一个日期核定。"
            "日期截止到月未到日的，按最后一天核定”"
        )
    else:
        result.steps.append("由参保单位经办人通过平台为符合条件的职工申领")
    result.eligible = verdict(result.conditions)
    result.notes.append(f"{KINDS[kind]}的具体金额文件未载，请向当地失业保险经办机构咨询。")
    result.offices = calc.offices_for("skill_subsidy")
    return calc.finish()


def certificate_subsidy(
    store: PolicyStore,
    region: str | None,
    kind: str,
    ui_months: Any = None,
    certificate_date: Any = None,
    application_date: Any = None,
    degree_only: bool | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Result:
    """Eligibility for the skill (Changchun), education or title (Tianjin) subsidy."""
    return run(
        f"{kind}_subsidy",
        _certificate,
        store,
        region,
        kind,
        ui_months,
        certificate_date,
        application_date,
        degree_only,
        on,
        today,
    )
