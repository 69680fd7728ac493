"""Dated, cited parameter lookups for one calculation, and input checks with polite Chinese messages.

A calculation works "as of" one date. When the user names a date (a year, a month) that date is used and
a value that does not cover it is *not covered*. When the user names none, the date is today; if the data
has nothing in force today, the calculation uses the last date the data covers and says so, with the age
of the data, instead of guessing what applies now.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal, overload

from bot.calc.result import INVALID, NOT_COVERED, Citation, Condition, Result
from bot.kb.model import NOT_STATED, STANDARD_YEAR, ParameterValue, Region
from bot.kb.store import PolicyStore
from bot.kb.units import format_date, format_number

CENT = Decimal("0.01")
MAX_MONTHLY_AMOUNT = Decimal(10_000_000)  # 一千万元/月: beyond this an input is a typo, not a wage


class NotCovered(Exception):
    """A needed value is missing for the region and date; carries the Chinese explanation."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(Exception):
    """The user's input cannot be used; carries the polite Chinese explanation."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


ROUNDED = "四舍五入"  # a step that shows an amount rounded to the fen (bot.calc.contribution._product)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(
    value: Any, what: str, *, allow_zero: bool = False, maximum: Decimal = MAX_MONTHLY_AMOUNT
) -> Decimal:
    """A positive amount from a number or numeric text; :class:`InvalidInput` otherwise."""
    if isinstance(value, bool) or value is None:
        raise InvalidInput(f"请提供{what}的具体金额（数字），例如 8000。")
    try:
        amount = Decimal(str(value).strip().replace(",", "").removesuffix("元"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"“{value}”不是有效的{what}，请用数字表示，例如 8000。") from None
    if not amount.is_finite():
        raise InvalidInput(f"“{value}”不是有效的{what}，请用数字表示，例如 8000。")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise InvalidInput(f"{what}应当大于0，您提供的是{value}。")
    if amount > maximum:
        raise InvalidInput(f"{what}{value}元超出了合理范围，请核对后重新输入。")
    return amount


def to_int(value: Any, what: str, *, minimum: int = 0, maximum: int = 1000) -> int:
    if isinstance(value, bool) or value is None:
        raise InvalidInput(f"请提供{what}（整数）。")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"“{value}”不是有效的{what}，请用数字表示。") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise InvalidInput(f"{what}应为整数，您提供的是{value}。")
    if not minimum <= number <= maximum:
        raise InvalidInput(f"{what}应在{minimum}到{maximum}之间，您提供的是{value}。")
    return int(number)


def to_number(value: Any, what: str, *, minimum: float = 0, maximum: float = 100) -> Decimal:
    """A non-negative number such as years of contributions (may have a fraction: 7.5年)."""
    if isinstance(value, bool) or value is None:
        raise InvalidInput(f"请提供{what}（数字）。")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"“{value}”不是有效的{what}，请用数字表示。") from None
    if not number.is_finite() or not Decimal(str(minimum)) <= number <= Decimal(str(maximum)):
        raise InvalidInput(f"{what}应在{minimum:g}到{maximum:g}之间，您提供的是{value}。")
    return number


def flag(value: Any, what: str) -> bool | None:
    """A yes/no answer (None: not said)."""
    if value is None or isinstance(value, bool):
        return value
    raise InvalidInput(f"{what}请回答“是”或“否”。")


def verdict(conditions: list[Condition]) -> bool | None:
    """Eligible when every condition is met, not eligible when one is unmet, open otherwise."""
    if any(c.met is False for c in conditions):
        return False
    if all(c.met is True for c in conditions):
        return True
    return None


def yuan(amount: Decimal | int | float) -> str:
    return f"{format_number(amount)}元"


def to_date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInput(f"“{value}”不是有效的{what}，请写成 2020-06-01 这样的日期。")


def span_text(value: ParameterValue) -> str:
    """A value's period in Chinese: 2020年7月1日起的2020年度标准, 起始日期文件未规定…"""
    start = f"{format_date(value.effective_from)}起" if value.effective_from else "（起始日期文件未规定）"
    if value.effective_to is not None:
        return f"{start}至{format_date(value.effective_to)}"
    if value.end == STANDARD_YEAR:
        return f"{start}的{value.standard_year}年度标准"
    if value.end == NOT_STATED:
        return f"{start}（截止日期文件未规定）"
    return start


class Calculation:
    """One calculation's lookups: resolves the region and the as-of date, records citations and period."""

    def __init__(
        self,
        store: PolicyStore,
        topic: str,
        region: str | None,
        on: dt.date | None = None,
        today: dt.date | None = None,
        primary_key: str | tuple[str, ...] | None = None,
    ):
        self.store = store
        self._rounding_kept = False  # an amount shown was rounded (note_rounding with its exact value)
        self.today = today or dt.date.today()
        self.result = Result(topic=topic)
        self.explicit_date = on is not None
        self.region = self._resolve_region(region)
        self.result.region = self.region.id
        self.result.region_name = self.region.name
        if isinstance(primary_key, tuple):  # the first key the region has a value of decides the date
            primary_key = next((k for k in primary_key if store.latest(k, self.region.id)), primary_key[0])
        self.on = self._resolve_date(on, primary_key)
        self.result.as_of = self.on

    # -- resolution -----------------------------------------------------------------------------------------
    def _resolve_region(self, region: str | None) -> Region:
        if region is None or (isinstance(region, str) and not region.strip()):
            raise InvalidInput("请告诉我您所在的城市，例如：北京、上海、天津、长春。")
        if not isinstance(region, str):
            raise InvalidInput("城市名称应为文字，例如：北京、上海、天津、长春。")
        found = self.store.find_region(region)
        if found is None:
            raise NotCovered(f"暂未收录“{region}”的政策资料。{self.coverage_sentence()}")
        return found

    def _resolve_date(self, on: dt.date | None, primary_key: str | None) -> dt.date:
        if on is not None:
            if not isinstance(on, dt.date):
                on = to_date(on, "日期")
            return on
        if primary_key is None:
            return self.today
        if self.store.value(primary_key, self.region.id, self.today) is not None:
            return self.today
        latest = self.store.latest(primary_key, self.region.id)
        if latest is None or latest.first_day > self.today:
            return self.today  # the lookup below reports what is not covered
        day = latest.last_day or self.today
        if latest.end == STANDARD_YEAR:
            place = "" if self.region.level == "country" else self.region.short_name
            self.result.notes.append(
                f"文件给出的是{place}{latest.standard_year}年度的标准，没有规定之后年度的标准；以下是"
                f"{latest.standard_year}年度标准，不是现行标准，当前标准请咨询当地社保经办机构或12333。"
            )
            return day
        self.result.notes.append(
            f"资料中{'' if self.region.level == 'country' else self.region.short_name}的最新数据执行至"
            f"{format_date(day)}，之后的标准本助手未收录，以下按{format_date(day)}的标准答复；"
            "当前标准请咨询当地社保经办机构或12333。"
        )
        return day

    @property
    def place(self) -> str:
        """How replies name the region: 长春, or 当地 for national rules."""
        return "当地" if self.region.level == "country" else self.region.short_name

    def coverage_sentence(self, key: str | None = None) -> str:
        if key:
            values = self.store.coverage(key)
            if values:
                spans = "；".join(f"{self.store.region(v.region).short_name}{span_text(v)}" for v in values)
                return f"目前收录的范围：{spans}。"
        names = "、".join(
            r.short_name
            for r in self.store.kb.regions.values()
            if r.level != "country" and self._has_data(r.id)
        )
        return f"目前收录了{names}以及国家层面的2020年社保政策。"

    def _has_data(self, region_id: str) -> bool:
        return any(v.region == region_id for p in self.store.kb.parameters.values() for v in p.values)

    # -- lookups --------------------------------------------------------------------------------------------
    @overload
    def get(
        self, key: str, *, required: Literal[True] = True, on: dt.date | None = None, fallback: bool = True
    ) -> ParameterValue: ...

    @overload
    def get(
        self, key: str, *, required: bool, on: dt.date | None = None, fallback: bool = True
    ) -> ParameterValue | None: ...

    def get(
        self, key: str, *, required: bool = True, on: dt.date | None = None, fallback: bool = True
    ) -> ParameterValue | None:
        """The value of ``key`` in force on the calculation's date; cited and folded into the period.

        ``fallback=False`` looks in the region itself only, for rules a city sets for itself.
        """
        day = on or self.on
        lookup = self.store.value if fallback else self.store.value_in_region
        value = lookup(key, self.region.id, day)
        if value is None:
            if not required:
                return None
            description = self.store.parameter(key).description if key in self.store.kb.parameters else key
            past = self.store.past_standard(key, self.region.id, day) if fallback else None
            if past is not None:
                raise NotCovered(self.past_standard_sentence(past, day, description))
            raise NotCovered(
                f"资料中没有收录{self.region.short_name}{format_date(day)}适用的“{description}”。"
                f"{self.coverage_sentence(key)}"
            )
        self.cite(value)
        return value

    def past_standard_note(self, key: str) -> str | None:
        """The "文件给出的是2020年度…" sentence when only an earlier year's standard exists."""
        if key not in self.store.kb.parameters or self.store.value(key, self.region.id, self.on) is not None:
            return None
        past = self.store.past_standard(key, self.region.id, self.on)
        if past is None:
            return self._later_standard_note(key)
        self.result.year_not_covered = self.on.year
        return self.past_standard_sentence(past, self.on, self.store.parameter(key).description)

    def _later_standard_note(self, key: str) -> str | None:
        """Asked for a year before the documents' (2016年北京失业金，交了3年): the place's standard starts
        later — name it and its start, give no figure (an earlier year's is not the documents')."""
        later = [
            v
            for level in self.store.region_chain(self.region.id)
            for v in self.store.kb.parameters[key].values
            if v.region == level.id and v.first_day.year > self.on.year
        ]
        if not later:
            return None
        first = min(later, key=lambda v: v.first_day)
        self.result.year_not_covered = self.on.year
        document = self.store.document(first.source.document)
        place = "" if first.region == "national" else self.store.region(first.region).short_name
        description = re.sub(r"（[^）]*）", "", self.store.parameter(key).description)
        year = self.on.year
        return (
            f"资料中没有收录{year}年{place}的“{description}”：文件给出的是{place}{format_date(first.first_day)}起"
            f"执行的标准（{document.short_citation(first.source.section)}），文件没有规定{year}年的标准，"
            f"不能拿之后的数字代替。{year}年的标准请咨询当地社保经办机构或12333。"
        )

    def past_standard_sentence(self, value: ParameterValue, day: dt.date, description: str) -> str:
        """Asked for a year after the documents' standard year: name that year's standard, give no figure."""
        document = self.store.document(value.source.document)
        place = "" if value.region == "national" else self.store.region(value.region).short_name
        since = f"，{format_date(value.effective_from)}起执行" if value.effective_from else ""
        description = re.sub(r"（[^）]*）", "", description)  # the parenthetical explanations of the data
        return (
            f"资料中没有收录{day.year}年{place}的“{description}”：文件给出的是{place}{value.standard_year}年度的"
            f"标准（{document.short_citation(value.source.section)}{since}），文件没有规定{day.year}年的标准，"
            f"不能拿{value.standard_year}年度的数字代替。{day.year}年的标准请咨询当地社保经办机构或12333。"
        )

    def cite(self, value: ParameterValue) -> None:
        document = self.store.document(value.source.document)
        self.result.add_citation(
            Citation(
                document.id,
                document.number,
                document.citation(value.source.section),
                document.short_citation(value.source.section),
            )
        )
        self.result.narrow_to(value)
        self._note_age(document)
        if value.start == NOT_STATED and value.note and value.note not in self.result.notes:
            self.result.notes.append(value.note)  # e.g. "人社部发〔2020〕40号重申的领取条件…未载其起始日期"
        if value.end == NOT_STATED and self.on.year > (document.issued or dt.date(2020, 12, 31)).year:
            note = (
                f"文件未规定“{self.store.parameter(value.key).description}”的截止日期，"
                f"{self.on.year}年是否仍然适用请向当地社保经办机构核实。"
            )
            if note not in self.result.notes:
                self.result.notes.append(note)

    def nearest(self, key: str) -> ParameterValue | None:
        """The value of ``key`` closest in time to the calculation's date when none is in force on it.

        Used to say *why* nothing applies ("减半政策执行至2020年6月30日"), citing the document that ends it.
        """
        parameter = self.store.kb.parameters.get(key)
        if parameter is None:
            return None
        for level in self.store.region_chain(self.region.id):
            values = [v for v in parameter.values if v.region == level.id]
            before = [v for v in values if v.last_day is not None and v.last_day < self.on]
            if before:
                return max(before, key=lambda v: v.last_day or dt.date.min)  # never None here
            after = [v for v in values if v.first_day > self.on]
            if after:
                return min(after, key=lambda v: v.first_day)
        return None

    def cite_document(self, document_id: str, section: str) -> None:
        document = self.store.document(document_id)
        self.result.add_citation(
            Citation(
                document.id, document.number, document.citation(section), document.short_citation(section)
            )
        )
        self._note_age(document)

    def _note_age(self, document) -> None:
        issued = document.issued or dt.date(2020, 12, 31)  # undated seeds are all 2020 documents
        years = (self.today - issued).days // 365
        if years >= 1 and not any(note.startswith("数据来源于") for note in self.result.notes):
            self.result.notes.append(
                f"数据来源于{issued.year}年的政策文件（距今已超过{years}年），此后如有调整以当地最新规定为准。"
            )

    def decimal(self, key: str, **kwargs: Any) -> Decimal:
        value = self.get(key, **kwargs)
        assert value is not None
        return Decimal(str(value.value))

    def note_rounding(self, exact: Decimal | None = None, rounded: Decimal | None = None) -> None:
        """State the rounding convention (the documents state none) once, in the data's wording; with the
        ``exact`` amount and the ``rounded`` one shown, only when they differ (a refund of 18000元 rounds
        nothing). Without them, the steps decide at finish() (a step showing 四舍五入为…)."""
        if exact is not None and rounded is not None:
            if exact == rounded:
                return
            self._rounding_kept = True
        text = self.store.kb.conventions.get("rounding")
        if text and text not in self.result.notes:
            self.result.notes.append(text)

    def offices_for(self, topic: str) -> list[str]:
        """Offices of the region serving ``topic``; the national 12333 where the region has none."""
        found = [o.id for o in self.store.offices() if o.region == self.region.id and topic in o.topics]
        return found or ["hotline_12333"]

    # -- outcome --------------------------------------------------------------------------------------------
    def finish(self) -> Result:
        rounding = self.store.kb.conventions.get("rounding")
        if (
            rounding in self.result.notes
            and not self._rounding_kept
            and not any(ROUNDED in step for step in self.result.steps)
        ):
            # 工资5000元，失业保险个人15元: no amount was rounded — the convention (and its example figure,
            # 48.4225元, of no one's case) would only stand beside the figures asked for
            self.result.notes.remove(rounding)
        return self.result


def failed(topic: str, status: str, message: str, region: str | None = None) -> Result:
    result = Result(topic=topic, status=status, message=message)
    result.region = region
    return result


def run(topic: str, body, *args: Any, **kwargs: Any) -> Result:
    """Run a calculation body, turning missing data and bad input into a polite result, never a crash."""
    try:
        return body(*args, **kwargs)
    except NotCovered as exc:
        return failed(topic, NOT_COVERED, exc.message)
    except InvalidInput as exc:
        return failed(topic, INVALID, exc.message)
