"""What every topic's answers share: the policy store and its indexes, asking for a missing value, the
user's region and dates, turning a calculator result into a reply, and the FAQ articles.

The answers themselves are split by topic along ``bot/calc/`` (``contribution``, ``benefits``, ``employer``,
``directory``); ``bot.answers.service.Answerer`` puts them together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.answers.render import render_faq, render_offices, render_result
from bot.answers.reply import Reply
from bot.answers.turn import Turn
from bot.calc.result import OK, Result
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


class AnswererBase:
    def __init__(self, store: PolicyStore):
        self.store = store
        self.directory = Directory(store)
        self.routing = FaqRouting.load()
        self.faq = FaqIndex(store, self.routing.schemes)
        issued = [d.issued for d in store.kb.documents.values() if d.issued]
        # the year of the newest document: a month told without a year is that year's (五月份能免吗)
        self.documents_year = max(issued).year if issued else dt.date.today().year

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
                # the latest year whose month the data covers: 上海7月 is July 2020 (the 2020 standard runs to
                # June 2021, so the latest as-of year, 2021, has no July figure)
                # 五月份养老能免吗 (the reductions' data runs on, at nothing, after 2020): a month told
                # without a year is not one after the documents' — their measures were for their own year
                years = [
                    y for y in (default.as_of.year, default.as_of.year - 1) if y <= self.documents_year + 1
                ] or [self.documents_year]
                tried = [(year, run(dt.date(year, month.month, min(month.day, 28)))) for year in years]
                # (农民工一次性生活补助 七月以后: July 2021 still meets the conditions, but the amount is
                # 2020's standard — the year whose month gives figures is the one meant)
                year, dated = next(
                    ((y, r) for y, r in tried if r.status == OK and r.figures),
                    next(((y, r) for y, r in tried if r.status == OK), tried[0]),
                )
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

    # -- FAQ articles ------------------------------------------------------------------------------
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
