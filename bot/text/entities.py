"""Deterministic entity extraction on normalised text, with typed, canonical values.

Entity types: city, office, enterprise_type, insurance_type, person_type (lexicon words, longest match),
money, duration, period, people (numbers with their units, by regular expressions). Matches never overlap:
the longest wins, then the earliest. Each entity carries ``value`` (canonical text: a region id, an office
id, ``sme``, ``8000``, ``7年``, ``2020年5月``…) plus typed fields the actions use (``amount``, ``months``,
``date_from``/``date_to``, ``count``).

Cities: any province-level or prefecture-level division of China (bot/text/places.py). A place the policy
data covers has its region id of data/policy/regions.yml as value (长春 → ``changchun``); any other has its
standard full name (长沙 → ``长沙市``). Both carry ``covered`` (true/false), ``level``, ``province`` and
``adcode``. Periods and durations carry a ``role`` (bot/text/roles.py): a period is the ``as_of`` date of
the question or its ``subject`` (2011年以来的欠费); a duration is a ``contribution`` record, a benefit
``claim``, time ``elapsed`` since an event, or ``unknown``. A year right before a city or a topic word is
a period (2021天津缴费基数: 2021 and 天津, not 2021 days).

Two-digit years (19年 for 2019): a two-digit year directly followed by a month (19年3月, 20年7月份, 19年3-6月,
19年下半年) is that month of 20xx (19xx for 90-99), unless a contribution or claim verb or a length word
comes before it (交了15年6月, 满19年3月: years of a record, read as before). A two-digit year alone is a
year only with 度 (19年度) or a word of a yearly figure after it (19年的基数, 20年社平工资, 19年的缴费基数),
and again no record verb or length word before it; anything else (交了19年, 缴费满20年, 工作了15年了,
19年以上) stays a length of time, as does a point of a year (19年底就开工了: more often a fact of the case
than the date asked, which the answers would read as the question's date). Years after next year
(32年的基数) are no date.

A period followed by 以前 / 之前 / 前 that is the question's date (not the subject: 2011年7月以前欠的 stays
the month, as the late-fee rules read it) is the last day before it: 2020年7月以前 → 2020-06-30
(``date_from`` = ``date_to``, granularity ``day``, ``bound`` ``before``, ``named`` the period as written).
A period followed by 以后 / 之后 / 起 / 开始 keeps its own dates, whose start is the date from which it
holds, and carries ``bound`` ``from``.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.kb.store import PolicyStore
from bot.text import roles
from bot.text.places import Gazetteer, Place, PlaceMatch

VOCABULARY_FILE = paths.REPO_ROOT / "data" / "lexicon" / "vocabulary.yml"
LEXICON_TYPES = ("city", "office", "enterprise_type", "insurance_type", "person_type")
NOT_ENTITY = "_none"  # phrases that contain an entity word but are not that entity (失业保险金, 一汽大众)

_YEAR = r"(?:19|20)\d\d"
_RANGE_SEP = r"(?:-|—|–|~|至|到)"
_PERIOD = re.compile(
    rf"(?P<iso>{_YEAR}-\d{{1,2}}-\d{{1,2}})"
    rf"|(?P<ryear>{_YEAR})年(?:度)?(?P<rfrom>\d{{1,2}})(?:月(?:份)?)?{_RANGE_SEP}(?P<rto>\d{{1,2}})月(?:份)?"
    rf"|(?P<year>{_YEAR})(?:年(?:度)?|(?=[上下头前后]半年))(?:(?P<half>上半年|下半年|头半年|前半年|后半年)|(?P<month>\d{{1,2}})月(?:份)?(?:(?P<day>\d{{1,2}})[日号])?|(?P<ending>底|末))?"
    rf"|(?P<rel>今年|去年|明年)(?:(?P<rhalf>上半年|下半年|头半年|前半年|后半年)|(?P<rmonth>\d{{1,2}})月(?:份)?)?"
    rf"|(?<![\d.第-])(?P<bmonth>\d{{1,2}})月(?:份)?(?:(?P<bday>\d{{1,2}})[日号])?"
    rf"|(?P<bhalf>上半年|下半年|头半年|前半年|后半年)"
)
# 19年3月 / 20年7月份 / 19年3-6月 / 19年下半年 / 19年度 / 19年: a two-digit year, read by its context
_SHORT_YEAR = r"(?<![\d.])\d\d"
_SHORT_PERIOD = re.compile(
    rf"(?P<ryear>{_SHORT_YEAR})年(?:度)?(?P<rfrom>\d{{1,2}})(?:月(?:份)?)?{_RANGE_SEP}(?P<rto>\d{{1,2}})月(?:份)?"
    rf"|(?P<year>{_SHORT_YEAR})年(?P<yearly>度)?"
    rf"(?:(?P<half>上半年|下半年|头半年|前半年|后半年)|(?P<month>\d{{1,2}})月(?:份)?(?:(?P<day>\d{{1,2}})[日号])?)?"
)
# after a two-digit year alone: the figure of a year (19年的基数, 20年社平工资)
_YEARLY_AFTER = re.compile(
    r"(?:的)?(?:缴费|社保|社会保险|养老保险|职工)?(?:基数|标准|社平|社会平均工资|平均工资|最低工资|费率|政策|"
    r"上下限|上限|下限)"
)
# before a two-digit year: a length word, so 满19年3月 / 不到20年 are years of a record
_LENGTH_BEFORE = re.compile(
    r"(?:满|超过|不满|不足|不到|没满|未满|少于|将近|快|累计|总共|一共|共|连续|第|多少|几)\s*$"
)
# after a period that is the question's date: before it (2020年7月以前) or from it on (2020年7月以后)
_BEFORE_AFTER = re.compile(r"(?:以前|之前|前(?![后面期夕天\d一二两三四五六七八九十几个]))")
_FROM_AFTER = re.compile(r"(?:以后|之后|起|开始)")
# 20年底 / 19年末 is the end of a year (told as a fact of the case), never a length of twenty years
_DURATION = re.compile(
    r"(?P<ordinal>第)?(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>个多月|个月|多年|年(?![底末])|月|天)(?!份)|(?P<half>半年)"
)
# 1年零2个月 / 两年又三个月 (normalised to digits): one length of time, not a year and then two months
_YEARS_AND_MONTHS = re.compile(r"(?<![\d.])(?P<y>\d{1,2})\s*年(?:零|又|加)?\s*(?P<m>\d{1,2})\s*个多?月")
# A bare year (2021天津缴费基数, 2021社保基数) is a period when a city or one of these words follows it.
_BARE_YEAR = re.compile(r"(?<![\d.])(?P<year>20[1-3]\d)(?![\d.])")
_BARE_YEARS = range(2015, 2036)
_TOPIC_AFTER = re.compile(
    r"(?:的|年度)?(?:社保|社会保险|缴费|基数|失业|养老|医保|医疗|工伤|生育|公积金|最低工资|平均工资|社平|工资标准|"
    r"标准|政策|待遇|费率|补贴|补助|稳岗|上限|下限|灵活就业)"
)
_PEOPLE = re.compile(
    # 二十来个人 / 六百多号人: about that many (the number told is the count the rules read)
    r"(?P<n>\d+)\s*[来多余]?(?:个人(?!民)|号人|人(?!民)|名员工|名职工|名|"
    # 8个服务员 / 三十多个工人: staff counted by what they do
    r"个(?=员工|职工|工人|服务员|伙计|店员|厨师|学徒|司机|保洁|保安|营业员|收银员))|(?<=裁了|裁掉|辞退|裁员|开除|掉了|退了)(?P<m>\d+)\s*个"
)
# 我工资3500个人养老保险扣多少 (the space between them dropped): a wage of four digits or more right before
# 个人 and an insurance or a share — the individual's part, not 3,500 people
_A_WAGE_BEFORE_ITS_SHARE = re.compile(
    r"\d{4,}\s*个人(?:的)?(?:养老|医疗|医保|失业|工伤|生育|社保|缴费|部分|那块|那部分|扣|交|缴|账户|比例|承担)"
)
# 不满1年 / 没交满1年 / 缴费不够1年: just under the length named
_BELOW_BEFORE = re.compile(r"(不满|不足|不到|没满|未满|没到|少于|不够|[没未不](?:交|缴)(?:满|够|到))\s*$")
_MONEY = re.compile(r"(?P<n>\d+(?:\.\d+)?)(?P<unit>\s*(?:元|块钱|块))?")
_NOT_MONEY_AFTER = re.compile(r"人(?!民)|[年月日号个名天岁%倍项档字次页分米里斤度周遍楼层路室期届位本张条码]")
_MONEY_CONTEXT = re.compile(
    r"(工资|月薪|薪水|薪资|收入|基数|欠缴|欠了|欠费|金额|到手|税前|税后|挣|赚|拿|补缴|缴费额|缴了|交了|申报|保费|失业保险费|一个月|每月|月入|底薪)(?:大概|大约|约|是|为|有|差不多|在|能有|才)?\s*$"
)


@dataclass(slots=True)
class Entity:
    entity: str
    start: int
    end: int
    value: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_rasa(self) -> dict[str, Any]:
        return {
            **self.extra,
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "value": self.value,
        }


class Lexicon:
    """Phrase → (entity type, canonical value), from the policy data and the vocabulary file, plus the
    places of China (``gazetteer``) and the place each region of the policy data is (``regions``)."""

    def __init__(
        self,
        phrases: dict[str, tuple[str, str]],
        phones: set[str],
        gazetteer: Gazetteer | None = None,
        regions: dict[str, Place | None] | None = None,
        reserved: Iterable[str] = (),
    ):
        self.phrases = phrases
        self.max_length = max((len(p) for p in phrases), default=1)
        self.phones = phones
        self.gazetteer = gazetteer or Gazetteer(())
        self.regions = regions or {}
        self.covered_names = {place.name: region for region, place in self.regions.items() if place}
        # other_cities of the vocabulary are left to the gazetteer, which knows their names and their context
        self.deferred = {
            phrase
            for phrase, (kind, value) in phrases.items()
            if kind == "city" and value not in self.regions and self.gazetteer.place(phrase)
        }
        # names the gazetteer leaves alone: the lexicon's, and the offices' aliases (朝阳 is a district of
        # Changchun and of Beijing before it is 朝阳市 of Liaoning, which 朝阳市 or 辽宁朝阳市 still name)
        self.owned = (set(phrases) - self.deferred) | set(reserved)

    @classmethod
    def from_store(cls, store: PolicyStore, vocabulary_file: Path = VOCABULARY_FILE) -> Lexicon:
        vocabulary = yaml.safe_load(vocabulary_file.read_text(encoding="utf-8"))
        phrases: dict[str, tuple[str, str]] = {}
        for phrase in vocabulary.get("not_entities", ()):
            phrases[str(phrase)] = (NOT_ENTITY, "")
        for kind in ("enterprise_type", "insurance_type", "person_type"):
            for canonical, words in vocabulary[kind].items():
                for word in words:
                    phrases[str(word)] = (kind, canonical)
        for city in vocabulary.get("other_cities", ()):
            phrases[str(city)] = ("city", str(city))
        for region in store.kb.regions.values():
            if region.level == "country":
                continue
            for name in {region.name, region.short_name, *region.aliases}:
                phrases[name] = ("city", region.id)
        for office in store.offices():
            for place in office.places:
                phrases[place] = ("office", office.id)
        phones = {office.phone.replace("-", "") for office in store.offices()} | {
            office.phone.split("-")[-1] for office in store.offices()
        }
        gazetteer = Gazetteer.load()
        regions = {r.id: gazetteer.place(r.name) for r in store.kb.regions.values() if r.level != "country"}
        office_aliases = {alias for office in store.offices() for alias in office.aliases}
        return cls(phrases, phones, gazetteer, regions, office_aliases)

    def terms(self, kind: str) -> list[str]:
        return sorted((p for p, (k, _) in self.phrases.items() if k == kind), key=lambda p: (-len(p), p))


def _candidate_lexicon(text: str, lexicon: Lexicon) -> list[Entity]:
    found = []
    for start in range(len(text)):
        for length in range(min(lexicon.max_length, len(text) - start), 0, -1):
            phrase = text[start : start + length]
            hit = lexicon.phrases.get(phrase)
            if hit and phrase.isdigit() and _inside_a_number(text, start, start + length):
                continue  # "520" (slang) is a phrase of its own, not the digits of 工资5200
            if hit:
                if phrase in lexicon.deferred:
                    break  # the gazetteer decides (长沙 → 长沙市; 白山 only where it names the city)
                kind, value = hit
                extra = _place_extra(lexicon.regions.get(value), True) if kind == "city" else {}
                found.append(Entity(kind, start, start + length, value, phrase, extra))
                break
    return found


def _inside_a_number(text: str, start: int, end: int) -> bool:
    """The span is part of a longer number (a digit or decimal point right before or after it)."""
    return (start > 0 and (text[start - 1].isdigit() or text[start - 1] == ".")) or (
        end < len(text) and (text[end].isdigit() or text[end] == ".")
    )


def _candidate_places(text: str, lexicon: Lexicon) -> list[Entity]:
    return [_place_entity(match, lexicon) for match in lexicon.gazetteer.find(text, skip=lexicon.owned)]


def _place_entity(match: PlaceMatch, lexicon: Lexicon) -> Entity:
    region = lexicon.covered_names.get(match.place.name)
    value = region or match.place.name
    return Entity(
        "city", match.start, match.end, value, match.text, _place_extra(match.place, region is not None)
    )


def _place_extra(place: Place | None, covered: bool) -> dict[str, Any]:
    if place is None:
        return {"covered": covered}
    return {"covered": covered, "level": place.level, "province": place.province, "adcode": place.adcode}


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _full_year(text: str, today: dt.date) -> int | None:
    """2020 → 2020; 19 → 2019, 98 → 1998; a two-digit year after next year (35) is no year."""
    number = int(text)
    if len(text) == 4:
        return number
    if 2000 + number <= today.year + 1:
        return 2000 + number
    return 1900 + number if number >= 90 else None


def _short_year_is_date(match: re.Match[str], today: dt.date) -> bool:
    """Whether the two-digit year of ``match`` (of _SHORT_PERIOD) names a year, not a length of time."""
    text, start = match.string, match.start()
    if _full_year(match.group("ryear") or match.group("year"), today) is None:
        return False
    if _LENGTH_BEFORE.search(text, 0, start) or _BELOW_BEFORE.search(text, 0, start):
        return False  # 满19年3月, 不到20年: the length of a record
    if roles.duration_role(text, start, start + 3) in (roles.CONTRIBUTION, roles.CLAIM):
        return False  # 交了15年6月, 工作了19年的: years of contribution
    if any(match.group(g) for g in ("ryear", "half", "month", "yearly")):
        return True  # 19年3月, 19年3-6月, 19年下半年, 19年度
    return bool(_YEARLY_AFTER.match(text, match.end()))  # 19年的基数, 20年社平工资


def _period(match: re.Match[str], today: dt.date) -> Entity | None:
    groups = match.groupdict()
    try:
        if groups.get("iso"):
            day = dt.date.fromisoformat(
                "-".join(f"{int(p):02d}" if i else p for i, p in enumerate(groups["iso"].split("-")))
            )
            return _date_entity(match, day, day, "day")
        if groups["ryear"]:  # 2016年1-4月, 2016年1月至4月: the months of one year (a row of a table)
            in_year, first, last = (
                _full_year(groups["ryear"], today),
                int(groups["rfrom"]),
                int(groups["rto"]),
            )
            if in_year is None or not 1 <= first < last <= 12:
                return None
            start, end = dt.date(in_year, first, 1), dt.date(in_year, last, _last_day(in_year, last))
            return _date_entity(match, start, end, "months")
        year = _full_year(groups["year"], today) if groups["year"] else None
        if groups["year"] and year is None:
            return None
        relative = groups.get("rel")
        if relative:
            year = today.year + {"今年": 0, "去年": -1, "明年": 1}[relative]
        half = groups["half"] or groups.get("rhalf") or groups.get("bhalf")
        # 2020年底 / 20年末: the year's last month
        month = (
            groups["month"]
            or groups.get("rmonth")
            or groups.get("bmonth")
            or ("12" if groups.get("ending") else None)
        )
        day_of_month = groups["day"] or groups.get("bday")
        named_year = bool(groups["year"] or relative)
        if year is None:
            year = today.year  # no year named: this year, flagged with explicit_year=False
        if half:
            start, end = (
                (dt.date(year, 1, 1), dt.date(year, 6, 30))
                if half in ("上半年", "头半年", "前半年")
                else (dt.date(year, 7, 1), dt.date(year, 12, 31))
            )
            return _date_entity(match, start, end, "half_year", explicit_year=named_year)
        if month:
            m = int(month)
            if not 1 <= m <= 12:
                return None
            if day_of_month:
                d = dt.date(year, m, int(day_of_month))
                return _date_entity(match, d, d, "day", explicit_year=named_year)
            return _date_entity(
                match,
                dt.date(year, m, 1),
                dt.date(year, m, _last_day(year, m)),
                "month",
                explicit_year=named_year,
            )
        return _date_entity(match, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    except ValueError:
        return None


def _date_entity(
    match: re.Match[str], start: dt.date, end: dt.date, granularity: str, explicit_year: bool = True
) -> Entity:
    labels = {
        "year": f"{start.year}年",
        "half_year": f"{start.year}年{'上' if start.month == 1 else '下'}半年",
        "month": f"{start.year}年{start.month}月",
        "months": f"{start.year}年{start.month}月至{end.month}月",
        "day": f"{start.year}年{start.month}月{start.day}日",
    }
    usage = roles.period_role(match.string, match.start(), match.end())
    extra: dict[str, Any] = {"explicit_year": explicit_year, "usage": usage}
    if usage == roles.PERIOD_AS_OF and _BEFORE_AFTER.match(match.string, match.end()):
        # 2020年7月以前是多少: the figures in force on the last day before the period
        day = start - dt.timedelta(days=1)
        extra["bound"], extra["named"] = "before", labels[granularity]
        return Entity(
            "period",
            match.start(),
            match.end(),
            f"{day.year}年{day.month}月{day.day}日",
            match.group(0),
            {"date_from": day.isoformat(), "date_to": day.isoformat(), "granularity": "day", **extra},
        )
    if usage == roles.PERIOD_AS_OF and _FROM_AFTER.match(match.string, match.end()):
        extra["bound"] = "from"  # 2020年7月以后: from the period's first day on
    return Entity(
        "period",
        match.start(),
        match.end(),
        labels[granularity],
        match.group(0),
        {"date_from": start.isoformat(), "date_to": end.isoformat(), "granularity": granularity, **extra},
    )


def _bare_years(text: str, place_starts: set[int]) -> list[Entity]:
    """2021天津缴费基数, 2021社保基数: a year without 年 right before a city or a topic word."""
    found = []
    for match in _BARE_YEAR.finditer(text):
        year = int(match.group("year"))
        if year not in _BARE_YEARS or _MONEY_CONTEXT.search(text, 0, match.start()):
            continue  # 工资2030社保交多少: an amount
        if match.end() in place_starts or _TOPIC_AFTER.match(text, match.end()):
            found.append(_date_entity(match, dt.date(year, 1, 1), dt.date(year, 12, 31), "year"))
    return found


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value == int(value) else value


def _duration(match: re.Match[str]) -> Entity:
    role = roles.duration_role(match.string, match.start(), match.end())
    if match.group("half"):
        return Entity(
            "duration",
            match.start(),
            match.end(),
            "6个月",
            match.group(0),
            {"months": 6, "years": 0.5, "usage": role},
        )
    n = float(match.group("n"))
    unit = match.group("unit")
    if unit == "天":
        return Entity(
            "duration",
            match.start(),
            match.end(),
            f"{match.group('n')}天",
            match.group(0),
            {"days": _number(match.group("n")), "usage": role},
        )
    in_years = unit in ("年", "多年")
    months = n * 12 if in_years else n
    value = f"{match.group('n')}年" if in_years else f"{match.group('n')}个月"
    extra = {"months": _number(str(months)), "years": _number(str(round(months / 12, 4))), "usage": role}
    if unit == "多年":
        # 20多年: at least 20 years, fewer than 30 (10多年: 10 to 19, 3多年 as said: 3 to 3.99) — the
        # lower bound is read; `years_below` lets a bracketed figure see a range that straddles a bracket
        extra["years_below"] = _number(str(n + (10 if n >= 10 and n % 10 == 0 else 1)))
    if match.group("ordinal"):
        extra["ordinal"] = True
    if _BELOW_BEFORE.search(match.string[: match.start()]):
        extra["below"] = True  # 不满1年: strictly less than the stated length
    return Entity("duration", match.start(), match.end(), value, match.group(0), extra)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _years_and_months(match: re.Match[str]) -> Entity:
    """1年零2个月: 14 months, read in its sentence like any length of time."""
    months = int(match.group("y")) * 12 + int(match.group("m"))
    extra: dict[str, Any] = {
        "months": months,
        "years": _number(str(round(months / 12, 4))),
        "usage": roles.duration_role(match.string, match.start(), match.end()),
    }
    if _BELOW_BEFORE.search(match.string[: match.start()]):
        extra["below"] = True
    return Entity("duration", match.start(), match.end(), f"{months}个月", match.group(0), extra)


def extract(text: str, lexicon: Lexicon, today: dt.date | None = None) -> list[Entity]:
    """All entities in normalised ``text``, non-overlapping, in order of position."""
    today = today or dt.date.today()
    candidates = _candidate_lexicon(text, lexicon) + _candidate_places(text, lexicon)
    place_starts = {e.start for e in candidates if e.entity in ("city", "office")}
    for match in _PERIOD.finditer(text):
        entity = _period(match, today)
        if entity:
            candidates.append(entity)
    candidates += _bare_years(text, place_starts)
    short_years = []  # spans of two-digit years read as dates (19年3月, 19年的基数)
    for match in _SHORT_PERIOD.finditer(text):
        entity = _period(match, today) if _short_year_is_date(match, today) else None
        if entity:
            candidates.append(entity)
            short_years.append((entity.start, entity.end))
    compound = [m for m in _YEARS_AND_MONTHS.finditer(text) if not _inside(m.start(), short_years)]
    candidates += [_years_and_months(m) for m in compound]
    for match in _DURATION.finditer(text):
        if any(m.start() <= match.start() < m.end() for m in compound):
            continue  # the year or the months of 1年零2个月
        if re.fullmatch(rf"{_YEAR}年", match.group(0)):
            continue  # 2020年 is a period
        if any(start <= match.start() < end for start, end in short_years):
            continue  # 19年3月: the year of a date, no length of time
        if match.group("unit") == "月" and not match.group("ordinal") and float(match.group("n")) <= 12:
            continue  # 5月 is a month of the year
        if match.group("unit") and match.start("unit") in place_starts:
            continue  # 2021天津: the 天 begins a city
        if roles.is_question_unit(text, match.start(), match.end()):
            continue  # 多少钱一个月, 一个月多少, 一年大概多少钱: "per month / per year", not a length of time
        candidates.append(_duration(match))
    for match in _PEOPLE.finditer(text):
        n = match.group("n") or match.group("m")
        if _A_WAGE_BEFORE_ITS_SHARE.match(text, match.start()):
            continue  # 工资3500个人养老扣多少: a wage, then the individual's share (个人) asked about
        candidates.append(Entity("people", match.start(), match.end(), n, match.group(0), {"count": int(n)}))
    taken = _in_the_year_written(_choose(candidates), today)
    for match in _MONEY.finditer(text):
        number = match.group("n")
        start, end = match.start(), match.end("n")
        if any(e.start < end and start < e.end for e in taken):
            continue
        after = text[match.end() : match.end() + 2]
        is_money = bool(match.group("unit")) or bool(_MONEY_CONTEXT.search(text[:start]))
        bare = (
            "." not in number
            and 3 <= len(number) <= 7
            and not re.match(r"[年月日号个人名天岁%倍项档]", after)
        )
        if number in lexicon.phones or (re.fullmatch(_YEAR, number) and after.startswith(("年",))):
            continue
        if is_money or bare:
            taken.append(Entity("money", start, end, number, number, {"amount": _number(number)}))
    return sorted((e for e in taken if e.entity != NOT_ENTITY), key=lambda e: e.start)


def _in_the_year_written(entities: list[Entity], today: dt.date) -> list[Entity]:
    """长社保1号文写的是免2到6月，那2020年7月以后还免吗: a month written without its year, in a message that
    writes a year (not 今年 / 去年) for another date, is in that year (the nearest written), not today's."""
    written = [
        e
        for e in entities
        if e.entity == "period" and e.extra.get("explicit_year") and not _RELATIVE_YEAR.search(e.text)
    ]
    if not written:
        return entities
    result = []
    for entity in entities:
        if (
            entity.entity != "period"
            or entity.extra.get("explicit_year", True)
            or entity.extra.get("bound") == "before"
            or entity.extra.get("granularity") not in ("month", "day")
        ):
            result.append(entity)
            continue
        year = int(min(written, key=lambda e: abs(e.start - entity.start)).extra["date_from"][:4])
        result.append(_moved_to_year(entity, year))
    return result


_RELATIVE_YEAR = re.compile(r"今年|去年|明年|前年")


def _moved_to_year(entity: Entity, year: int) -> Entity:
    start = dt.date.fromisoformat(entity.extra["date_from"])
    end = dt.date.fromisoformat(entity.extra["date_to"])
    whole_month = end.day == _last_day(end.year, end.month)
    new_start = dt.date(year, start.month, min(start.day, _last_day(year, start.month)))
    new_end = dt.date(year, end.month, _last_day(year, end.month) if whole_month else end.day)
    value = entity.value.replace(f"{start.year}年", f"{year}年", 1)
    extra = {
        **entity.extra,
        "date_from": new_start.isoformat(),
        "date_to": new_end.isoformat(),
        "explicit_year": True,
    }
    return dataclasses.replace(entity, value=value, extra=extra)


def _choose(candidates: list[Entity]) -> list[Entity]:
    chosen: list[Entity] = []
    for entity in sorted(candidates, key=lambda e: (-(e.end - e.start), e.start)):
        if all(entity.end <= other.start or entity.start >= other.end for other in chosen):
            chosen.append(entity)
    return chosen
