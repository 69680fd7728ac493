"""Answers to single-turn questions: one function per intent, turning a :class:`Turn` into a :class:`Reply`.

Pure Python (no Rasa): the custom actions only build the Turn from the tracker and send the Reply. When a
needed value is missing, the reply asks for it (with buttons where the choices are few) and carries a
``pending`` record so the next message ("长春") completes the question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.answers.render import render_faq, render_listing, render_offices, render_result
from bot.answers.reply import Reply
from bot.answers.turn import Turn
from bot.calc import benefits, contribution, employer, lookup, subsidies
from bot.calc.result import NOT_COVERED, OK, Result
from bot.dialogue.registry import QUESTION_INTENTS
from bot.dialogue.state import PendingQuestion
from bot.directory import Directory
from bot.faq import FaqIndex, FaqRouting
from bot.kb.model import FaqArticle
from bot.kb.store import PolicyStore

CAPABILITIES = (
    "我是社保小助手，可以回答：\n"
    "• 缴费基数上下限、按工资核定缴费基数、每月单位和个人缴费金额\n"
    "• 缴费比例、社会平均工资、滞纳金\n"
    "• 失业保险金、失业补助金、农民工生活补助\n"
    "• 稳岗返还、技能/学历/职称提升补贴\n"
    "• 2020年社保费减免、缓缴、灵活就业缴费\n"
    "• 社保办事流程问答，以及各经办机构、热线电话\n"
    "资料来自2020年北京、上海、天津、长春等地和国家的政策文件，每个数字都会注明文件号和适用期间。"
)
EXAMPLES = "您可以这样问：“长春月薪8000每月社保交多少”“北京交了7年失业保险能领多少失业金”“净月分局电话多少”。"

ENTERPRISE_BUTTONS = [
    ("中小微企业", "sme"),
    ("大型企业", "large"),
    ("社会组织", "social_org"),
    ("以单位方式参保的个体工商户", "individual_business_unit"),
    ("机关事业单位", "institution"),
]


class Answerer:
    def __init__(self, store: PolicyStore):
        self.store = store
        self.directory = Directory(store)
        self.faq = FaqIndex(store)
        self.routing = FaqRouting.load()
        self.handlers: dict[str, Callable[[Turn], Reply]] = {
            intent: getattr(self, str(spec.handler)) for intent, spec in QUESTION_INTENTS.items()
        }

    # -- entry points ------------------------------------------------------------------------------
    def answer(self, intent: str, turn: Turn) -> Reply:
        handler = self.handlers.get(intent)
        if handler is None:
            return self.fallback(turn)
        reply = self.procedure_faq(intent, turn) or handler(turn)
        reply.topic = reply.topic or intent
        return reply

    def resume(self, pending: PendingQuestion, turn: Turn) -> Reply:
        """Answer the pending question with what the user just gave (merged over what was known)."""
        new_kinds = {e.get("entity") for e in turn.entities}
        kept = [e for e in pending.entities if e.get("entity") not in new_kinds]
        offset = len(pending.text) + 1 if pending.text else 0  # the new words follow the question's
        shifted = [
            {**e, "start": e["start"] + offset, "end": int(e.get("end", e["start"])) + offset}
            if isinstance(e.get("start"), int)
            else e
            for e in turn.entities
        ]
        merged = Turn(
            text=f"{pending.text} {turn.text}".strip(),
            entities=kept + shifted,
            city=turn.city,
            enterprise_type=turn.enterprise_type,
            today=turn.today,
        )
        return self.answer(pending.intent, merged)

    # -- shared pieces -----------------------------------------------------------------------------
    def _hotline_text(self, region: str | None) -> str:
        region_id = self._region_id(region)
        listing = self.directory.listing(self.directory.hotline(region_id))
        return listing.text

    def _region_id(self, region: str | None) -> str | None:
        found = self.store.find_region(region) if region else None
        return found.id if found else None

    def _ask(
        self, intent: str, turn: Turn, asked: str, question: str, buttons: list[tuple[str, str]]
    ) -> Reply:
        payload_entity = {"city": "city", "enterprise_type": "enterprise_type"}.get(asked)
        rendered = [
            {
                "title": title,
                "payload": f'/inform{{"{payload_entity}":"{value}"}}' if payload_entity else title,
            }
            for title, value in buttons
        ]
        return Reply(question, rendered, pending=PendingQuestion(intent, turn.entities, asked, turn.text))

    def _ask_city(self, intent: str, turn: Turn, keys: tuple[str, ...], what: str) -> Reply:
        regions = []
        for key in keys:
            for region in self.store.regions_with(key):
                if region.level != "country" and region not in regions:
                    regions.append(region)
        names = "、".join(r.short_name for r in regions)
        question = f"请问您想查询哪个城市的{what}？目前收录了{names}的数据。"
        return self._ask(intent, turn, "city", question, [(r.short_name, r.id) for r in regions])

    def _only_region(self, keys: tuple[str, ...]) -> str | None:
        regions = {r.id for key in keys for r in self.store.regions_with(key) if r.level != "country"}
        return regions.pop() if len(regions) == 1 else None

    def _region_or_only(self, turn: Turn, keys: tuple[str, ...]) -> tuple[str | None, str]:
        """The user's city, or the one city the data has for ``keys`` (with a line saying so)."""
        if turn.region:
            return turn.region, ""
        only = self._only_region(keys)
        if only is None:
            return None, ""
        name = self.store.region(only).short_name
        return only, f"（您未说明城市，资料中只有{name}的相关规定，以下按{name}答复。）\n"

    def _dates(self, turn: Turn) -> tuple[list[dt.date | None], str]:
        """Dates to try for the period the user named (none: the default "as of"), and a note."""
        period = turn.period()
        if period is None:
            return [None], ""
        start, end = dt.date.fromisoformat(period["date_from"]), dt.date.fromisoformat(period["date_to"])
        if period.get("granularity") == "year":
            return [min(end, turn.today), start], ""
        if not period.get("explicit_year", True):
            return [start], "year?"
        return [start], ""

    def _with_dates(
        self, turn: Turn, run: Callable[[dt.date | None], Result], primary_key: str | None = None
    ) -> Result:
        """Run a calculation on the user's period; a month without a year: the data's latest such month."""
        dates, flag = self._dates(turn)
        if flag == "year?":
            default = run(None)
            month = dates[0]
            if default.as_of is not None and month is not None:
                year = default.as_of.year
                dated = run(dt.date(year, month.month, min(month.day, 28)))
                dated.notes.insert(0, f"您未说明年份，以下按资料中的{year}年{month.month}月答复。")
                return dated
            return default
        result = None
        for day in dates:
            result = run(day)
            if result.status == OK:
                return result
        assert result is not None
        return result

    def _reply(
        self, result: Result, title: str, turn: Turn, figures: list[str] | None = None, topic: str = ""
    ) -> Reply:
        hotline = self.directory.listing(
            self.directory.hotline(result.region or self._region_id(turn.region))
        )
        text = render_result(result, title, hotline=hotline, figures=figures)
        handoff = None
        if result.status == OK and result.offices and result.offices != ["hotline_12333"]:
            offices = [self.store.office(o) for o in result.offices if o in self.store.kb.offices]
            if offices:
                text += "\n" + render_offices(self.directory, offices[:2], "咨询办理：")
        elif result.status != OK:
            handoff = hotline.office.id
        return Reply(text, result=result, handoff=handoff, topic=topic)

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

    # -- benefits ----------------------------------------------------------------------------------
    def unemployment_benefit(self, turn: Turn) -> Reply:
        region, prefix = self._region_or_only(turn, ("unemployment.benefit_monthly_by_years",))
        reply = self._unemployment_benefit(turn, region)
        reply.text = prefix + reply.text if reply.result is None or reply.result.status == OK else reply.text
        return reply

    def _unemployment_benefit(self, turn: Turn, region: str | None) -> Reply:
        years = turn.years()
        if years is None:
            if region is None:
                return self._ask_city(
                    "ask_unemployment_benefit", turn, ("unemployment.benefit_monthly_by_years",), "失业保险金"
                )
            schedule = lookup.lookup(
                self.store, "unemployment.benefit_monthly_by_years", region, today=turn.today
            )
            if schedule.status != OK:
                result = benefits.unemployment_benefit(
                    self.store,
                    region,
                    None,
                    turn.ordinal_month(),
                    turn.involuntary(),
                    turn.registered(),
                    today=turn.today,
                )
                reply = self._reply(result, "失业保险金领取条件", turn, figures=[])
                reply.text += "\n告诉我累计缴费年限（例如“交了7年”），我可以帮您逐条核对。"
                return reply
            reply = self._reply(schedule, "失业保险金标准", turn)
            later = lookup.lookup(self.store, "unemployment.benefit_from_month_13", region, today=turn.today)
            if later.status == OK:
                reply.text += f"\n• 从第13个月起一律按{later.figures['value'].text}发放"
            reply.text += (
                "\n领取条件：参保缴费满1年、非因本人意愿中断就业、已办理失业登记并有求职要求。"
                "告诉我缴费年限可帮您核算。"
            )
            return reply
        result = self._with_dates(
            turn,
            lambda on: benefits.unemployment_benefit(
                self.store,
                region or turn.region,
                years,
                turn.ordinal_month(),
                turn.involuntary(),
                turn.registered(),
                None,
                on,
                turn.today,
            ),
        )
        if result.status == OK or region:
            return self._reply(result, "失业保险金", turn)
        return self._ask_city(
            "ask_unemployment_benefit", turn, ("unemployment.benefit_monthly_by_years",), "失业保险金"
        )

    def unemployment_subsidy(self, turn: Turn) -> Reply:
        region = turn.region or "national"
        expired = True if turn.says("领完", "期满", "到期了", "领满") else None
        voluntary = {True: False, False: True, None: None}[turn.involuntary()]
        result = self._with_dates(
            turn,
            lambda on: benefits.unemployment_subsidy(
                self.store, region, turn.years(), expired, voluntary, turn.reemployed(), on, turn.today
            ),
        )
        reply = self._reply(result, "失业补助金", turn)
        if not turn.region and result.status == OK:
            beijing = benefits.unemployment_subsidy(self.store, "beijing", None, today=turn.today)
            if beijing.status == OK:
                reply.text += (
                    "\n北京标准："
                    + "；".join(
                        f"{f.label}{f.text}" for k, f in beijing.figures.items() if k.startswith("monthly")
                    )
                    + "（京人社发〔2020〕8号）"
                )
        return reply

    def migrant_subsidy(self, turn: Turn) -> Reply:
        region = turn.region or "national"
        parts = []
        both = turn.says("一次性") and turn.says("临时")  # 一次性生活补助和临时生活补助有什么区别: both
        if both or not turn.says("一次性"):
            period = turn.period()
            result = benefits.temporary_living_allowance(
                self.store,
                region,
                True,
                period["date_from"] if period else None,
                turn.months(),
                today=turn.today,
            )
            parts.append(self._reply(result, "农民工临时生活补助", turn))
        if both or not turn.says("临时"):
            paid = (
                False
                if turn.says(
                    "个人不缴",
                    "个人没交",
                    "个人不交",
                    "单位交",
                    "一分没交",
                    "自己没交",
                    "自己不交",
                    "自己没缴",
                    "个人一分",
                )
                else None
            )
            result = benefits.one_time_living_allowance(
                self.store, region, turn.years(), paid, today=turn.today
            )
            parts.append(self._reply(result, "农民工一次性生活补助", turn))
        merged = parts[0]
        for extra in parts[1:]:
            merged.text += "\n\n" + extra.text
        return merged

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

    def skill_subsidy(self, turn: Turn) -> Reply:
        kind = "education" if turn.says("学历") else "title" if turn.says("职称") else "skill"
        key = {
            "skill": "skill_subsidy.min_ui_contribution_months",
            "education": "education_subsidy.min_ui_contribution_months",
            "title": "title_subsidy.min_ui_contribution_months",
        }[kind]
        region, prefix = self._region_or_only(turn, (key,))
        degree_only = (
            True
            if turn.says(
                "只有学位证",
                "只拿到学位证",
                "没有学历证",
                "没有毕业证",
                "只有学位",
                "只拿到了学位证",
                "只拿了学位证",
                "毕业证没拿到",
                "没拿到毕业证",
            )
            else None
        )
        result = subsidies.certificate_subsidy(
            self.store, region, kind, turn.months(), degree_only=degree_only, today=turn.today
        )
        titles = {"skill": "技能提升补贴", "education": "学历提升补贴", "title": "职称提升补贴"}
        reply = self._reply(result, titles[kind], turn)
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
        difficulty = True if turn.says("困难", "亏损", "停产", "经营不下去") else None
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

    # -- FAQ, directory, people --------------------------------------------------------------------
    def procedure_faq(self, intent: str, turn: Turn) -> Reply | None:
        """The FAQ article for a procedure question about one topic (领失业补助金要带什么材料), else None.

        The NLU labels a question by its topic; this decides between the topic's figures and an article
        (data/policy/faq_routing.yml), so the classifier never has to tell 多少钱 from 带什么材料.
        """
        allowed = self.routing.article_ids(intent)
        if not allowed or not self.routing.is_procedure(turn.text):
            return None
        hits = self.faq.search(turn.text, self._region_id(turn.region), limit=len(self.faq.articles))
        hit = next((h for h in hits if h.article.id in allowed), None)
        return self._faq_reply(hit.article) if hit else None

    def question_faq(self, turn: Turn) -> Reply | None:
        """The FAQ article for a question the NLU took for a bare value (inform), else None.

        A long question full of places and person types (我是北京高校2020届毕业生…补贴最多能享受几年) can read
        like a value to the classifier; if it asks something and an article matches, that article is the
        answer. A bare value (长春, 我们是小微企业) asks nothing and still gets "what would you like to know".
        """
        return self._faq_hit(turn) if turn.asks_question() else None

    def _faq_hit(self, turn: Turn) -> Reply | None:
        hits = self.faq.search(turn.text, self._region_id(turn.region))
        return self._faq_reply(hits[0].article) if hits else None

    def _faq_reply(self, article: FaqArticle) -> Reply:
        text = render_faq(self.store, article)
        offices = [self.store.office(o) for o in article.offices[:1] if o in self.store.kb.offices]
        if offices:
            text += "\n" + render_offices(self.directory, offices, "咨询电话：")
        return Reply(text, topic=f"faq:{article.id}")

    def policy_faq(self, turn: Turn) -> Reply:
        hit = self._faq_hit(turn)
        if hit is not None:
            return hit
        hotline = self._hotline_text(turn.region)
        return Reply(
            f"抱歉，这个问题我的资料里没有找到依据，不能随意答复。建议咨询{hotline}。\n{EXAMPLES}",
            handoff=self.directory.hotline(self._region_id(turn.region)).id,
            topic="faq:none",
        )

    def phone(self, turn: Turn) -> Reply:
        region = self._region_id(turn.region)
        office_id = turn.value("office")
        if office_id and office_id in self.store.kb.offices:
            office = self.store.office(office_id)
            offices = self.directory.route(office.region, None, None)
            offices = [office] + [o for o in offices if o.id != office.id]
            return Reply(render_offices(self.directory, offices), handoff=office.id, topic="ask_phone")
        named = [o for o in self.directory.find(turn.text, region) if o.kind == "hotline"]
        topics = self.directory.topics_in(turn.text)
        topic = topics[0] if topics else None
        if region is None and not named:
            national = self.directory.route(None, None, topic) if topic else []
            if national and national[0].region == "national" and national[0].id != "hotline_12333":
                return Reply(
                    render_offices(self.directory, national), handoff=national[0].id, topic="ask_phone"
                )
            if turn.value("city"):  # a city the data does not cover
                text = (
                    f"暂未收录{turn.value('city')}的经办机构电话。可拨打全国统一的"
                    f"{render_listing(self.directory.listing(self.store.office('hotline_12333')))}咨询当地社保。"
                )
                return Reply(text, handoff="hotline_12333", topic="ask_phone")
            return self._ask(
                "ask_phone",
                turn,
                "city",
                "请问您在哪个城市？我查一下对应的经办机构电话。",
                [
                    (r.short_name, r.id)
                    for r in self.store.kb.regions.values()
                    if any(o.region == r.id for o in self.store.offices())
                ]
                + [("其他城市", "national")],
            )
        offices = named or self.directory.route(region, None, topic)
        return Reply(render_offices(self.directory, offices), handoff=offices[0].id, topic="ask_phone")

    def human(self, turn: Turn) -> Reply:
        region = self._region_id(turn.region)
        hotline = self.directory.listing(self.directory.hotline(region))
        text = f"我是社保小助手（智能客服），不是人工坐席。需要人工服务请拨打{hotline.text}。"
        if region is None:
            changchun = self.directory.listing(self.store.office("cc_hotline"))
            text += f"\n长春的朋友也可拨打{changchun.text}。"
        text += "\n您也可以继续问我，我会尽力给出带文件依据的答复。"
        return Reply(text, handoff=hotline.office.id, topic="ask_human")

    def fallback(self, turn: Turn, empty: bool = False) -> Reply:
        hotline = self._hotline_text(turn.region)
        if empty:
            text = f"您好像还没有输入问题。{EXAMPLES}"
        else:
            text = f"抱歉，我没有理解您的问题。{EXAMPLES}\n如需人工服务，请拨打{hotline}。"
        return Reply(
            text,
            handoff=None if empty else self.directory.hotline(self._region_id(turn.region)).id,
            topic="fallback",
        )

    def out_of_scope(self, turn: Turn) -> Reply:
        hotline = self._hotline_text(turn.region)
        text = (
            "抱歉，这个问题超出了我的服务范围，我只能回答社会保险相关的问题，"
            "例如缴费基数、缴费金额、失业金、稳岗返还、减免缓缴和经办机构电话。"
            f"\n社保问题也可以咨询{hotline}。"
        )
        return Reply(text, topic="out_of_scope")

    def capabilities(self) -> Reply:
        return Reply(f"{CAPABILITIES}\n{EXAMPLES}", topic="capabilities")
