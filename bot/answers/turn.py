"""What one user turn says: its text, typed entities and the remembered context (city, enterprise type).

Entities come from the NLU (with typed extras such as ``amount`` or ``months``) or from button payloads
(value only); the accessors read both.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from bot import paths
from bot.answers.aspects import asks_question
from bot.text import roles
from bot.text.normalize import chinese_number
from bot.text.roles import CERTIFICATE_BEFORE  # 证书上的日期是2020年3月

CLAUSE_MARKS = "，,。？?！!；;"

INVOLUNTARY_WORDS = (
    "被辞退",
    "辞退",
    "被裁",
    "裁员",
    "开除",
    "解雇",
    "合同到期",
    "到期不续",
    "不续签",
    "倒闭",  # 公司倒闭 / 公司直接倒闭了 / 厂子倒闭了: the employer closed
    "厂子倒了",  # 厂子倒了 / 公司倒了 / 单位关门了: the same, as people say it
    "厂倒了",
    "公司倒了",
    "单位倒了",
    "关门了",
    "破产",
    "被炒",
    "被辞",
    "劝退",
    "被迫",
    "非本人意愿",
    "非因本人",
)
# 我户口在河北沧州: the place after it is where the hukou is — unless a kind of hukou comes before it
# (外地户口在乌海跑外卖: a hukou from elsewhere, and the place worked)
HUKOU_PLACE_BEFORE = re.compile(
    r"(?<!外地)(?<!外省)(?<!农村)(?<!城镇)(?<!本地)(?<!外市)(?<!非本市)户[口籍]在$"
)
# 不是我自己要走的 / 并非本人原因 / 又不是我辞的职: the words of leaving voluntarily, denied
NEGATED_VOLUNTARY = re.compile(
    r"(?:不是|并不是|并非|又不是|也不是)(?:我|本人)?(?:自己|主动|自愿)?"
    r"(?:要走|想走|辞职|辞的职|离职|提的|提出|走的|不干|个人原因|本人原因)"
)
VOLUNTARY_WORDS = (
    "主动辞职",
    "自己辞职",
    "我辞职",
    "辞职了",
    "本人原因",
    "自愿离职",
    "主动离职",
    "裸辞",
    "自己不干",
    "自己提的",
    "自己提出",
    "我提的",
    "主动提",
    "个人原因",
    "自己走的",
    "自己要走",
    "不想干了",
    "跳槽",
    "提的离职",
    "提了离职",
    "提离职",
    "提出离职",
    "申请离职",
    "辞的职",
    "辞了职",
    "自己辞",
    "自己离的职",
    "自己离职",
    "辞职",
)
# 2019年12月进厂开始交社保 / 2020年7月被辞了: the words after a date that make it a job's start or end
# 七八个月: two neighbouring numbers of months, "about" (kept as words by the normaliser)
APPROXIMATE_MONTHS = re.compile(r"(一|两|二|三|四|五|六|七|八)(二|三|四|五|六|七|八|九)个多?月")
STARTED_AFTER = re.compile(
    # 2019年10月份在北京的工地开始上的保险: where, between the date and the start
    # 2019年10月才在北京工地上参的保: 才 / 就 before the place as well as after it
    r"(?:份|底|初)?(?:就|才)?(?:在[^，。,；;\d]{1,8}?)?(?:以后|之后|后|起)?(?:就|才)?"
    r"(?:进(?:的)?(?:厂|工地|公司|单位)|入职|入的职|参保|参的保|开始|上的班)"
    # 2019年10月单位才给上的保险 / 公司给交上的社保: the employer started paying then
    # (2019年4月来北京才上的保险: where the asker came to, between the date and the start)
    r"|(?:份|底|初)?(?:(?:在|来|到)[^，。,；;\d]{1,8}?)?(?:单位|公司|厂里|老板)?(?:才|就)?(?:给|帮)?(?:我)?"
    r"(?:上的|上了|交上|缴上)(?:的)?(?:保险|社保|失业保险)"
)
# 2019年月平均工资是20000元: after a year, the wage of that year told with its amount
# 全员缴费基数合计十二万 / 全单位职工缴费基数加起来三十万 / 工资总额: the employer's base for all its staff
UNIT_TOTAL_BASE = re.compile(
    r"基数(?:的)?(?:合计|加起来|加一起|加在一起|之和|总和|总额|总数)|(?:全单位|全公司|全厂|全员|全体)[^，,。？?]{0,6}?基数"
    r"|工资总额"
)
WAGE_OF_YEAR = re.compile(
    r"(?:的)?(?:月平均|月均|平均|月)?(?:工资|月薪|薪水|收入)(?:也就|就|是|为|有|才|只有|大概|约)?\d"
)
# 不是机关事业单位 / 并非小微企业 / 也不属于社会组织: the type named is denied
DENIED_BEFORE = re.compile(r"(?:不是|并非|不属于|非)$")
PLACE_DENIED = re.compile(r"(?:不在|不是|并非|不属于)$")  # 也不在湖北: not the place asked about
# 毕业 / 辞的职 / 入职 / 没的活: something that happened, which a relative year told with it dates
EVENT_TOLD = re.compile(
    r"毕业|辞职|辞的职|离职|离的职|被辞|被裁|裁员|辞退|入职|入的职|进厂|进的厂|失业|没的活|没活了|不干了|参保|"
    r"开始交|退休了|合同到期|工程完"
)
AFTER_CHARS = 16  # how far after a date its start or end words are looked for
JOB_ENDED_AFTER = re.compile(
    r"(?:份|底|初)?(?:就|又|才)?(?:自己|主动)?(?:提的离职|提了离职|提离职|被辞|被裁|被开除|辞职|辞的职|离职|离的职|失业|下岗|不干|合同到期|厂子倒闭|公司倒闭"
    r"|没活|没了活|没工作|没了工作|工程完|活干完|停工|不用我)"
)
# 2018年毕业在北京上班: a graduation told, a fact of the case rather than the date asked about
GRADUATED_AFTER = re.compile(r"(?:份|底|初)?(?:大学|大专|本科|研究生|硕士)?毕业")
# 2020年8月才去补缴 / 2020年8月补交的话: when arrears are paid, the date a late fee is reckoned to
# 欠了一万块养老保险费（2019年的）/ 欠缴2019年的: arrears told
ARREARS_TOLD = re.compile(r"欠(?:了|缴|交|费|着)")
# 1962年2月出生 / 65年生的: a birth date, which says how old the asker is, never when the question applies
BORN_AFTER = re.compile(r"(?:份)?(?:出生|出世|生的|生人)")
# 失业金领到2020年8月就满了 / 2020年8月到期: the day a benefit runs out, when "what then" applies
RUNS_OUT_AFTER = re.compile(r"(?:份|底)?(?:就|才|也)?(?:满了|领满|领完|到期|期满|停发)")
PAID_AFTER = re.compile(r"(?:份|底|初)?(?:就|才|再)?(?:去)?(?:补缴|补交|补上|交上|缴上)")
# 我是农村户口的合同制工人 / 农村户口，在北京工地上干活: a rural registration working in town is what the
# documents call 农民合同制工人 (the lexicon's person type needs the word 农民工 or 农民合同制工人)
RURAL_WORKER = re.compile(
    r"(?:农村|农业)户口[^。？?]{0,14}?(?:工人|打工|务工|工地|干活|上班|进厂|工厂|厂里|合同制)"
)
# 用不用 / 交不交: an A-not-A question, whichever verb it is made of
A_NOT_A = re.compile(r"(\w)[不没]\1")


def to_number(value: Any) -> float | None:
    try:
        return float(str(value).strip().replace(",", ""))
    except (TypeError, ValueError):
        return None


def without_position(entity: dict[str, Any], text: str = "") -> dict[str, Any]:
    """An entity carried into a text that does not hold its words: no position to read them at. A date
    whose words in ``text`` write no number (今年裁了3个, 去年) is marked ``relative``: without its words, a
    later turn would take 2026年 for a year the asker chose."""
    carried = {k: v for k, v in entity.items() if k not in ("start", "end")}
    start, end = entity.get("start"), entity.get("end")
    if (
        entity.get("entity") == "city"
        and "original" not in carried
        and isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= len(text)
    ):
        carried["original"] = text[start:end]  # a place as written (天津, not tianjin), for a heading
    if (
        entity.get("entity") == "period"
        and isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= len(text)
        and not any(c.isdigit() for c in text[start:end])
    ):
        carried["relative"] = True
    return carried


CLAUSE_BREAK = re.compile(r"[，,。；;？?！!]")
ASKING_BETWEEN = re.compile(r"[能可还会吗呢要]")
PER_MONTH_AFTER_COMMA = re.compile(r"[，,](?:每月|每个月|一个月|1个月|一月|月)(?:是|为|有|拿|领)?")
# (给1个老员工交 / 有个员工: one person named, not the employee's share either)
# (10个人一共交多少: people counted, not 个人 the employee's share)
STAFF_COUNTED = re.compile(
    r"(?:\d+\s*[来多余]?|有|这|那)(?:个|名|位)?(?:老|新|女|男)?(?:员工|职工|工人)|\d+\s*[来多余]?个人"
)
# 1个人没裁 / 一个都没裁: a count that says nobody was laid off
NOBODY_LAID_OFF_AFTER = re.compile(r"(?:也|都)?(?:没|没有|未)(?:被)?裁")
# 一共要交多少 / 加起来多少: a total asked

# 每个月要扣多少 / 交几块钱: a payment asked about; PAYMENT_ASKED also counts one made up later (补交多少).
# The planner switches topics on PAY_ASKED only: 补缴多少 is as often the late fee or arrears as the payment.
_PAID_HOW_MUCH = r"[^，,。？?]{0,10}(?:多少|几)"
PAY_ASKED = re.compile(rf"(?:交|缴|扣){_PAID_HOW_MUCH}")
PAYMENT_ASKED = re.compile(rf"(?:交|缴|扣|补){_PAID_HOW_MUCH}")

TOTAL_WORDS = ("一共", "总共", "加起来", "合计", "加在一起", "总计", "共计")
# 养老和失业这两块: the insurances by their words (养老金, 失业金 and 失业补助金 are benefits)
INSURANCE_NAMED = {
    "pension": re.compile(r"养老(?!金)"),
    "unemployment": re.compile(r"失业(?!金|保险金|补助)"),
}
# 我在北京领失业金 / 在北京领着失业金 / 正在领失业保险金 / 领到第15个月 / 2020年9月开始领的: drawing the
# benefit (我在想能不能领失业金 is not)
RECEIVING_BENEFIT = re.compile(
    r"(?:(?<![能可想要])在|正在|已经在|一直在|现在在)[^，,。？?能可想要不]{0,4}?领(?:着|取)?失业(?:保险)?金"
    r"|领到第\d+个月|已经领了\d+个月"
    r"|(?:失业(?:保险)?金|月)(?:刚|才|就)?开始领的?(?!话)"
)
# 我家5口人 / 一家3口 / 5口之家: the members of a family
HOUSEHOLD_COUNT = re.compile(r"(\d+|[一二两三四五六七八九十]{1,2})\s*口(?:人|之家)?")
LAYOFF_WORDS = ("裁", "辞退", "减员", "开除")  # 裁了4个人 / 辞退3人: people laid off, not the headcount


def value_kind(entity: dict[str, Any], text: str) -> str:
    """What a value stands for, so that a later message replaces only a value of the same kind: people
    counted after 裁 (裁了4个人) are the ones laid off, not the headcount told before (一共25个人)."""
    kind = str(entity.get("entity"))
    start = entity.get("start")
    if kind == "people" and isinstance(start, int):
        if any(word in text[max(0, start - 3) : start] for word in LAYOFF_WORDS):
            return "people:laid_off"
    if kind == "duration" and (
        entity.get("ordinal") is True
        or (isinstance(start, int) and 0 < start <= len(text) and text[start - 1] in "第头首")
    ):
        return (
            "duration:ordinal"  # 那第13个月开始呢 after 我交了22年: which month of the claim, not the record
        )
    return kind


def shift_entities(entities: list[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    """Entities of a message placed after ``offset`` characters of earlier text (a waiting question, the
    last question), so their positions point into the combined text."""
    return [
        {**e, "start": e["start"] + offset, "end": int(e.get("end", e["start"])) + offset}
        if isinstance(e.get("start"), int)
        else e
        for e in entities
    ]


# 还没找到工作 / 到现在也没上班 / 一直没找着活儿 / 找不到工作: not working again (a 失业补助金 condition)
STILL_UNEMPLOYED = re.compile(
    r"没(?:有)?(?:再)?(?:找到|找着|找上)?(?:工作|上班|就业|活干|活儿|事做)|找不(?:到|着)(?:工作|活)|仍未就业|还在失业"
)


# after a date: the certificate was issued then (2019年3月发的), or the asker applies then
# (2020年6月才想起来申请)
CERTIFICATE_ISSUED = re.compile(
    r"(?:份|底|末)?(?:就|才|时)?(?:核发|颁发|发的|发下来|发证|拿到|拿的|取得|下来|下发|到手)"
)
DROPPED_AFTER = re.compile(r"的?(?:就|先|也)?(?:不问了|不用了|算了|不管了|不看了)")
APPLYING = re.compile(
    r"(?:份)?(?:才|再|就|去|准备|打算|想)?(?:想起来|想到)?(?:去)?(?:申请|申报|提交|去办|办理)"
)


# district names more than one covered city has (北京朝阳区 / 长春朝阳区): they name no city by themselves
SHARED_DISTRICT_NAMES = ("朝阳",)


@lru_cache(maxsize=1)
def _branch_regions() -> dict[str, str]:
    """Office id → region, for the district branch offices of the phone directory (its data files)."""
    regions: dict[str, str] = {}
    for path in sorted((paths.POLICY_DATA_DIR / "directory").glob("*.yml")):
        for office in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("offices") or ():
            if office.get("kind") == "branch" and office.get("district") and office.get("region"):
                regions[str(office["id"])] = str(office["region"])
    return regions


TO_RETIREMENT = re.compile(r"退休[^，,。；;0-9]{0,6}$")  # 离退休还差 / 距退休不到 right before a length
# 还有8个月就到法定退休年龄 / 1年后退休: a length right before the retirement it leads to
_LEADS_TO_RETIREMENT = r"(?:多|左右)?(?:就|才|后|以后)?(?:要|能|可以)?(?:到|满|办)?(?:法定)?退休"
RETIREMENT_AFTER = re.compile("^" + _LEADS_TO_RETIREMENT)
# 1年半 / 10个月 / 半年: a length of time to retirement (named groups, read by Turn.years_to_retirement)
_LENGTH_LEFT = r"(?:(?P<n>\d+(?:\.\d+)?)(?:个)?(?P<unit>年|月)(?P<half>半)?|(?P<half_year>半)年)"
YEARS_BEFORE_RETIREMENT = re.compile(r"(?P<about>不到|不足|差不多)?" + _LENGTH_LEFT + _LEADS_TO_RETIREMENT)
EMPLOYER_SHARE = ("单位", "公司", "老板", "企业缴", "企业交", "企业部分", "企业承担", "企业比例")
# people a place may qualify (香港员工, 台湾同胞): see Turn.names_people
PEOPLE_NOUNS = ("员工", "同事", "同胞", "雇员", "学生", "务工", "职员", "工人")
ASKERS_ORGANISATION = re.compile(
    r"(?:我们|咱们|我|咱|本)(?:公司|单位|企业|厂)"
    # 我是长春一家装修公司的出纳 / 老板让我算 / 怕被老板骂: the asker's workplace and boss, in the story
    r"|(?:我是|我在)[^，,。？?]{0,12}?(?:公司|单位|企业|厂)|老板(?:让|叫|问|说|要|骂)|被老板"
)
PEOPLE_OF_EMPLOYERS = re.compile(r"(?:用人单位|单位|公司|企业)(?:的)?(?:职工|员工|在职人员)")
# 好的，/ 嗯嗯，/ 明白了， before a follow-up: an acknowledgement of the last answer, not its words
ACKNOWLEDGED = re.compile(
    r"^(?:好的|好吧|好|嗯嗯|嗯|哦哦|哦|噢|明白了|明白|知道了|了解了|收到|谢谢|行)[,，.。!！~ ]+"
)
# 被公司裁了 / 被单位辞退 / 被老板开除了: laid off, with who did it between 被 and the verb
LAID_OFF_BY = re.compile(
    r"被(?:原|老)?(?:公司|单位|老板|厂里|厂子|企业|用人单位)(?:给)?(?:裁|辞退|开除|解雇|辞了|炒)"
    r"|把(?:我|我们|咱们)[^，。？！,?!]{0,6}?(?:裁|辞退|开除|解雇|辞了|炒)"  # 把我们整个部门裁了
)


# 12个月的申请期 / 3个月内提供 / 60日的期限: the length of a rule's period, said after the length
RULE_PERIOD_AFTER = re.compile(
    r"(?:的)?(?:申请期|申领期|期限|有效期|时限)|(?:以内|之内|内)(?:申请|申领|提供|提交|办理|办)"
)


@dataclass
class Turn:
    text: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    city: str | None = None  # remembered from earlier turns (slot) when this turn names none
    enterprise_type: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    # the NLU's reading of the message's questions (parse_data "questions": text, aspect, topic), from the
    # trained aspect classifier; empty when the turn was built without Rasa (the word lists decide then)
    asked: list[dict[str, Any]] = field(default_factory=list)
    # for one question of a several-question message: what the message said before it (我在长春被裁了，交了
    # 四年，失业登记也办了，能领吗？一个月发多少 → the second question's facts are the first one's)
    background: str = ""

    # -- entity access -----------------------------------------------------------------------------
    def all(self, kind: str) -> list[dict[str, Any]]:
        found = [e for e in self.entities if e.get("entity") == kind]
        if kind == "enterprise_type":
            found = [e for e in found if not self._denied(e)]
        return found

    def _denied(self, entity: dict[str, Any], before: re.Pattern[str] | None = None) -> bool:
        """大型国企（不是机关事业单位，也不在湖北）: a type the asker says the employer is not, a place it is
        not in."""
        start = entity.get("start")
        found = (
            (before or DENIED_BEFORE).search(self.text[max(0, start - 4) : start])
            if isinstance(start, int)
            else None
        )
        return found is not None

    def first(self, kind: str) -> dict[str, Any] | None:
        found = self.all(kind)
        return found[0] if found else None

    def value(self, kind: str) -> str | None:
        entity = self.first(kind)
        return str(entity["value"]) if entity and entity.get("value") not in (None, "") else None

    @property
    def region(self) -> str | None:
        """The place asked about: the first city named that is not a person's origin (湖北籍毕业生在北京 →
        北京; 台湾同胞在长春上班 → 长春), else the remembered one. A place named once as an origin stays one
        when named again (台湾过来的，在台湾参加了劳保，到长春上班 → 长春)."""
        cities = self.all("city")
        origins = {
            e.get("value")
            for e in cities
            if self.is_origin(e) or self.dropped(e) or self._denied(e, PLACE_DENIED)
        }
        # 台湾同胞在长春上班 / 公司在北京招了个香港员工: people of a place, with another place named
        origins |= {
            e.get("value")
            for e in cities
            if self.names_people(e) and any(o.get("value") != e.get("value") for o in cities)
        }
        for entity in cities:
            if entity.get("value") not in (None, "", *origins):
                return str(entity["value"])
        return self.district_region() or self.city

    def district_region(self) -> str | None:
        """我是南关区的 / 老公在一汽那边上班: a district whose branch office the directory lists names its
        city, unless another city has a district of that name (朝阳区 is Beijing's too)."""
        for entity in self.all("office"):
            region = _branch_regions().get(str(entity.get("value")))
            start, end = entity.get("start"), entity.get("end")
            said = self.text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
            if region is not None and said and not any(name in said for name in SHARED_DISTRICT_NAMES):
                return region
        return None

    def dropped(self, entity: dict[str, Any]) -> bool:
        """算了上海的不问了，长春…: a place the asker takes back."""
        end = entity.get("end")
        return isinstance(end, int) and DROPPED_AFTER.match(self.text, end) is not None

    def is_origin(self, entity: dict[str, Any]) -> bool:
        """湖北籍 / 香港人 / 台湾居民 / 老家在河南 / 台湾过来的: a place that says where a person comes from,
        not where the question applies."""
        end, start = entity.get("end"), entity.get("start")
        if not isinstance(end, int):
            return False
        after = self.text[end : end + 3]
        before = self.text[max(0, start - 3) : start] if isinstance(start, int) else ""
        inner = next((e for e in self.all("city") if e.get("start") == end), None)
        if inner is not None:  # 湖北孝感人: a province before its city says what the city says
            return self.is_origin(inner)
        return (
            # 台湾过来的 / 河南来的 / 甘肃农村出来的 / 安徽农村的
            after.startswith(("籍", "居民", "户口", "户籍", "过来", "来的", "农村", "出来"))
            or (after.startswith("人") and not after.startswith(("人社", "人力", "人民", "人员")))
            or before.endswith(("来自", "老家", "老家在", "出生在", "籍贯"))
            or (isinstance(start, int) and HUKOU_PLACE_BEFORE.search(self.text, 0, start) is not None)
        )  # 香港人 / 台湾居民 / 老家在湖北 (人社局 / 人力资源 is no origin)

    def names_people(self, entity: dict[str, Any]) -> bool:
        """香港员工 / 台湾同胞 / 外省务工人员: the place qualifies people. With another, covered place named
        (公司在北京招了个香港员工) it says where they come from; alone (上海员工的基数) it may be the place
        asked, so only :meth:`is_origin` decides then."""
        end = entity.get("end")
        return isinstance(end, int) and self.text[end : end + 3].startswith(PEOPLE_NOUNS)

    def names_unit_total(self) -> bool:
        """The amount told is the employer's base for all its staff together (基数加起来三十万), not a
        wage."""
        return self.money is not None and UNIT_TOTAL_BASE.search(self.text) is not None

    def party(self) -> str | None:
        """Whose share a rate question asks for: the employee's (个人缴费比例), the employer's (单位缴费比例),
        or None when both or neither are named."""
        employee, employer = self._shares()
        if employee == employer:
            return None
        return "employee" if employee else "employer"

    def names_both_shares(self) -> bool:
        """单位和个人各交多少比例: both shares asked for, each on its own."""
        return all(self._shares())

    def asks_employee_share_only(self) -> bool:
        """我个人每个月交多少: the employee's share named, the employer's not."""
        return self._shares() == (True, False)

    def _shares(self) -> tuple[bool, bool]:
        """Whether the employee's and the employer's share are named."""
        # 单位职工 / 公司员工 / 企业职工基本养老保险 name people or the insurance, not either share
        # 30个员工 / 8名职工: staff counted, not the employee's share
        unnamed = STAFF_COUNTED.sub("", PEOPLE_OF_EMPLOYERS.sub("", self.text))
        employee = any(
            w in unnamed
            for w in (
                "个人",
                "员工",
                "自己交",
                "自己缴",
                "工资里扣",
                "职工那",
                "职工自己",
                "职工的部分",
                # 我自己那份养老保险一个月扣多少钱: the asker's own share, deducted from the wage
                "自己那份",
                "自己的那份",
                "自己那部分",
                "我那份",
                "我那部分",
                "我的那部分",
                "扣我",
                "扣多少",
                "扣了多少",
            )
        )
        # 我们公司在长春…他个人养老扣多少: the asker's own company names who asks, not the employer's share —
        # unless no other share is named (我们公司要交多少)
        employer = any(w in ASKERS_ORGANISATION.sub("", unnamed) for w in EMPLOYER_SHARE) or (
            not employee and any(w in unnamed for w in EMPLOYER_SHARE)
        )
        if employee and "个体" in self.text and not self.says("个人缴费", "个人部分", "个人交", "个人比例"):
            employee = False  # 个体工商户 is not the employee's share
        return employee, employer

    @property
    def enterprise(self) -> str | None:
        return self.value("enterprise_type") or self.enterprise_type

    @property
    def money(self) -> float | None:
        entity = self.first("money")
        if entity is None:
            return None
        return to_number(entity.get("amount", entity.get("value")))

    def amount_after(self, words: tuple[str, ...], gap: int = 8) -> float | None:
        """The amount of money told just after one of ``words`` (单位缴费额是32000 / 月人均失业金按1450算),
        within ``gap`` characters and no clause break, else None."""
        for entity in self.all("money"):
            start = entity.get("start")
            if not isinstance(start, int):
                continue
            for word in words:
                at = self.text.rfind(word, 0, start)
                if at < 0 or start - (at + len(word)) > gap:
                    continue
                between = self.text[at + len(word) : start]
                # 失业保险金还能一块拿吗: 一块 (together) is no amount — nothing may ask in between;
                # 领失业保险金，每月1450: the amount per month told right after the comma is still its own
                if PER_MONTH_AFTER_COMMA.fullmatch(between) or (
                    not CLAUSE_BREAK.search(between) and not ASKING_BETWEEN.search(between)
                ):
                    return to_number(entity.get("amount", entity.get("value")))
        return None

    def amounts(self) -> list[float]:
        """Every amount of money the message names (按两千的基数, 还维持在4927吗), as numbers."""
        found = (to_number(e.get("amount", e.get("value"))) for e in self.all("money"))
        return [value for value in found if value is not None]

    def durations(self) -> list[dict[str, Any]]:
        """Lengths of time, except time elapsed since an event (失业后2个多月) and a claim period asked about
        (最多只能领24个月吗): neither is a contribution record."""
        return [
            # 头一年: the first year of a claim (an ordinal, but no month number: "first_of")
            {**self._duration(e), "ordinal": True, "first_of": True}
            if self._first_of(e)
            else self._duration(e)
            for e in self.all("duration")
            if not self._after_an_event(e)
            and not self._a_rules_period(e)
            and e.get("usage") not in ("claim", "elapsed")
        ]

    def approximate_record(self) -> dict[str, Any] | None:
        """社保只交了七八个月: a contribution record told as a pair of neighbouring numbers of months (the
        normaliser keeps them as words: they are no one figure), after a verb of contributing (交了, 缴了,
        参保). Both bounds are under a year, which is what decides the benefit or the subsidy: read as the
        lower one. 交了三四年 / 四五年 may straddle a tier (满5年) and stays unread."""
        for match in APPROXIMATE_MONTHS.finditer(self.text):
            if roles.duration_role(self.text, match.start(), match.end()) != roles.CONTRIBUTION:
                continue
            low = "一二三四五六七八九".index(match.group(1).replace("两", "二")) + 1
            return {"months": low, "years": round(low / 12, 4), "approximate": True}
        return None

    def _a_delay(self, entity: dict[str, Any]) -> bool:
        """拖了两个多月才去申请 / 耽误了一个月: a delay before applying, no contribution record (a late fee's
        days, 晚了30天, are read by the fee's own question)."""
        start = entity.get("start")
        # (一拖就两个多月了: a filler after the verb; the late fee's own question still reads its days)
        return isinstance(start, int) and bool(
            re.search(r"(?:拖|耽误|耽搁|晚|等)(?:了|就|都)+(?:快|有|已经|将近)?$", self.text[:start])
        )

    def _a_rules_period(self, entity: dict[str, Any]) -> bool:
        """12个月的申请期 / 3个月内 / 60日的期限: a period a rule sets (to apply, to provide papers), not a
        record of the asker's."""
        end = entity.get("end")
        if not isinstance(end, int) or entity.get("usage") == "contribution":
            return False
        return bool(RULE_PERIOD_AFTER.match(self.text[end:]))

    def _after_an_event(self, entity: dict[str, Any]) -> bool:
        start = entity.get("start")  # in the normalised text, which is the message text
        if not isinstance(start, int) or not 0 < start <= len(self.text):
            return False
        # 失业后2个月 / 离职都过去三个多月了 / 已经过了两个月: time since an event, no contribution record;
        # 离退休还差10个月: the time left to retirement, none either
        return (
            self.text[start - 1] in "后後"
            or bool(re.search(r"过(?:去|了)了?$", self.text[:start]))
            or bool(TO_RETIREMENT.search(self.text[:start]))
            or (isinstance(end := entity.get("end"), int) and bool(RETIREMENT_AFTER.match(self.text[end:])))
        )

    @staticmethod
    def _duration(entity: dict[str, Any]) -> dict[str, Any]:
        if "months" in entity or "days" in entity:
            return entity
        text = str(entity.get("value", ""))
        match = re.fullmatch(r"(第)?(\d+(?:\.\d+)?)\s*(年|个月|月|天)", text)
        if not match:
            return {}
        n = float(match.group(2))
        if match.group(3) == "天":
            return {"days": n}
        months = n * 12 if match.group(3) == "年" else n
        return {"months": months, "years": months / 12, "ordinal": bool(match.group(1))}

    def _first_of(self, entity: dict[str, Any]) -> bool:
        """头一年 / 首月: the first year or month of a claim, no length of time told."""
        start = entity.get("start")
        return (
            entity.get("entity") == "duration"
            and isinstance(start, int)
            and 0 < start <= len(self.text)
            and self.text[start - 1] in "头首"
            and bool(self._duration(entity))
        )

    def is_ordinal(self, entity: dict[str, Any]) -> bool:
        """头一年 / 第13个月: which year or month of a claim, no length of time told."""
        if entity.get("entity") != "duration":
            return False
        start = entity.get("start")
        after_di = isinstance(start, int) and 0 < start <= len(self.text) and self.text[start - 1] == "第"
        return self._first_of(entity) or after_di or bool(self._duration(entity).get("ordinal"))

    def changed_kinds(self) -> set[str]:
        """The kinds of value this message tells, which replace those told before it — not a year or month
        of a claim named as its place in time (头一年每个月能领多少 after 交了十二年多: the record stays)."""
        return {str(e.get("entity")) for e in self.entities if not self.is_ordinal(e)}

    def years(self) -> float | None:
        """A contribution length in years (the first non-ordinal duration); 不满1年 reads as just under 1;
        交了七八个月 as its lower bound."""
        for duration in self._lengths_told():
            years = float(duration["years"])
            return round(max(0.0, years - 0.01), 4) if duration.get("below") else round(years, 4)
        approximate = self.approximate_record()
        return float(approximate["years"]) if approximate else None

    def records(self) -> list[float]:
        """我交了3年，她交了12年 / 满5年和满20年: every contribution length told, in years, in order."""
        return [
            float(duration["years"])
            for duration in self._lengths_told()
            if duration.get("usage") == "contribution" or self._a_bracket_named(duration)
        ]

    def _lengths_told(self) -> list[dict[str, Any]]:
        """The lengths of time told in years or months, in order: no year or month of a claim (第13个月) and
        no delay before applying (拖了两个月)."""
        return [
            duration
            for duration in self.durations()
            if "years" in duration and not duration.get("ordinal") and not self._a_delay(duration)
        ]

    def _a_bracket_named(self, entity: dict[str, Any]) -> bool:
        """满5年和满20年差多少: a length that names a bracket of the record (满…), told without a verb."""
        start = entity.get("start")
        return isinstance(start, int) and 0 < start <= len(self.text) and self.text[start - 1] == "满"

    def years_below(self) -> float | None:
        """交了10多年: the bound under which "N多年" lies (20); None for a length told exactly."""
        for duration in self._lengths_told():
            below = duration.get("years_below")
            return float(below) if below is not None else None
        return None

    def years_insured(self) -> float | None:
        """The contribution record told (交了8个月), else the one the dates told span (2019年8月进的厂 干到
        2020年3月就停工了: from the start to the job's end), in years."""
        years = self.years()
        if years is None and (dated := self.months_between_dates()) is not None:
            return round(dated / 12, 2)
        return years

    def years_to_retirement(self) -> float | None:
        """离退休还有1年半 / 距退休不到1年: how far the user is from the statutory retirement age."""
        told = re.finditer(
            # 离60退休就差不到一年: the retirement age may stand between 离 and 退休
            r"(?:离|距|距离)(?:\d{2}岁?)?(?:法定)?退休(?:年龄)?(?:也|就|才)*(?:还有|还差|就差|只差|差|只有|只剩|就剩下?|还剩下?|剩下?|就)?"
            r"(?P<about>不到|不足|差不多)?" + _LENGTH_LEFT,
            self.facts_text,
        )
        # the last one told: 离退休不到2年 … 那长春呢？我离退休还差一年半
        match = next(reversed(list(told)), None)
        match = match or YEARS_BEFORE_RETIREMENT.search(self.facts_text)
        if not match:
            return None
        if match.group("half_year"):
            value = 0.5  # 还有半年就退休
        else:
            value = float(match.group("n")) / (12 if match.group("unit") == "月" else 1)
            value += 0.5 if match.group("half") else 0
        return round(value - 0.01, 4) if match.group("about") in ("不到", "不足") else value

    def certificate_date(self) -> dt.date | None:
        """毕业证是2019年3月发的 / 证书2020年1月才拿到: when a certificate was issued. A month stands for its
        last day, as the Tianjin notice counts a date given to the month."""
        entity = self._period_before(CERTIFICATE_ISSUED) or self._period_after(CERTIFICATE_BEFORE)
        return dt.date.fromisoformat(str(entity["date_to"])) if entity else None

    def application_date(self) -> dt.date | None:
        """2020年6月才想起来申请: when the asker applies (the first day of a month given to the month)."""
        entity = self._period_before(APPLYING)
        return dt.date.fromisoformat(str(entity["date_from"])) if entity else None

    def _period_before(self, words: re.Pattern[str]) -> dict[str, Any] | None:
        """The first period with a day or month followed closely by ``words``."""
        return self._dated(lambda start, end: words.match(self.text[end : end + 10]) is not None)

    def _period_after(self, words: re.Pattern[str]) -> dict[str, Any] | None:
        """The first period with a day or month that ``words`` closely precede (证书上的日期是2020年3月)."""
        return self._dated(lambda start, end: words.search(self.text[max(0, start - 12) : start]) is not None)

    def _dated(self, beside: Callable[[int, int], bool]) -> dict[str, Any] | None:
        """The first period with a day or month, its year written, whose span ``beside`` accepts."""
        for entity in self.all("period"):
            start, end = entity.get("start"), entity.get("end")
            if (
                isinstance(start, int)
                and isinstance(end, int)
                and entity.get("granularity") in ("month", "day")
                and entity.get("explicit_year", True)
                and "date_from" in entity
                and beside(start, end)
            ):
                return entity
        return None

    def requested_months(self) -> int | None:
        """缓8个月 / 能一口气缓8个月: the length of deferral asked for (not a record of losses)."""
        for entity in self.all("duration"):
            start = entity.get("start")
            if isinstance(start, int) and "缓" in self.text[max(0, start - 4) : start]:
                duration = self._duration(entity)
                if "months" in duration:
                    return round(float(duration["months"]))
        return None

    def length_is_below(self) -> bool:
        """The first length told is an upper bound (不到一年), not the length itself."""
        for duration in self.durations():
            if "months" in duration and not duration.get("ordinal"):
                return bool(duration.get("below"))
        return False

    def months(self) -> int | None:
        """A length in whole months; 不到一年 reads as 11 (just under the length named)."""
        for duration in self.durations():
            if "months" in duration and not duration.get("ordinal") and not self._a_delay(duration):
                months = round(float(duration["months"]))
                return max(0, months - 1) if duration.get("below") else months
        return None

    def start_told(self) -> dict[str, Any] | None:
        """The date a job or insurance started (2019年12月进厂 / 2020年3月开始交), when one is told."""
        return next((entity for entity in self.all("period") if self.dates_a_start(entity)), None)

    def months_between_dates(self) -> int | None:
        """2019年12月进厂开始交社保，2020年7月被辞了: the months from a start told (进厂, 入职, 参保) to
        a job's end told after it (被辞, 离职, 失业) — how long the person was insured, when no length
        is said."""
        start = end = None
        for entity in self.all("period"):
            position = entity.get("end")
            if not isinstance(position, int) or not entity.get("explicit_year", True):
                continue
            after = self.text[position : position + AFTER_CHARS]
            if start is None and STARTED_AFTER.match(after):
                start = entity
            elif start is not None and JOB_ENDED_AFTER.match(after):
                end = entity
                break
        if start is None or end is None:
            return None
        first, last = (dt.date.fromisoformat(str(e["date_from"])) for e in (start, end))
        months = (last.year - first.year) * 12 + last.month - first.month
        return months if months > 0 else None

    def claim_months(self) -> int | None:
        """要是领10个月 / 假如能领14个月: the months of benefit the asker counts on (not a record)."""
        for entity in self.all("duration"):
            start = entity.get("start")
            # 9到12月这四个月加起来一共能领多少 / 前三个月加起来一共能拿多少: the months named as "these" or
            # "the first", once a claim is told
            these = isinstance(start, int) and self.text[max(0, start - 1) : start] in ("这", "前")
            if (entity.get("usage") == "claim" or (these and self.receiving_benefit())) and not entity.get(
                "ordinal"
            ):
                months = self._duration(entity).get("months")
                if months is not None:
                    return round(float(months))
        return None

    def ordinal_month(self) -> int | None:
        for duration in self.durations():
            if duration.get("ordinal") and not duration.get("first_of") and "months" in duration:
                return round(float(duration["months"]))
        return None

    def days(self) -> int | None:
        for duration in self.durations():
            if "days" in duration:
                return int(duration["days"])
        return None

    def people(self) -> list[int]:
        counts = []
        for entity in self.all("people"):
            count = entity.get("count", entity.get("value"))
            number = to_number(count)
            if number is not None:
                counts.append(int(number))
        return counts

    def household(self) -> list[int]:
        """The people counted, a family's 5口人 / 一家3口 included (口 counts family members, not staff)."""
        counted = [
            int(float(number))
            for m in HOUSEHOLD_COUNT.finditer(self.text)
            if (number := chinese_number(m.group(1).replace("两", "二"))) is not None
        ]
        return self.people() + [n for n in counted if n not in self.people()]

    def no_layoffs(self) -> bool:
        """没裁员 / 一个没裁 / 零裁员: nobody was laid off."""
        return self.says(
            "没裁员",
            "不裁员",
            "没有裁员",
            "零裁员",
            "没裁人",
            "个没裁",
            "没裁过",
            "都没裁",
            "没有裁人",
            "人没裁",
            "个人也没裁",
            "没裁一个",
        )

    def staff_counts(self) -> list[int]:
        """The people counted, except a count of nobody laid off (1个人没裁 / 一个都没裁: no headcount)."""
        counts = []
        for entity in self.all("people"):
            end = int(entity.get("end", 0))
            if NOBODY_LAID_OFF_AFTER.match(self.text, end):
                continue
            number = to_number(entity.get("count", entity.get("value")))
            if number is not None:
                counts.append(int(number))
        return counts

    def layoffs(self) -> int | None:
        """People counted after 裁/辞退 (裁了6个, 辞退3人): the number laid off."""
        for entity in self.all("people"):
            before = self.text[max(0, int(entity.get("start", 0)) - 3) : int(entity.get("start", 0))]
            if any(word in before for word in LAYOFF_WORDS):
                number = to_number(entity.get("count", entity.get("value")))
                return int(number) if number is not None else None
        return None

    def period(self) -> dict[str, Any] | None:
        """The date asked about: the first period that is not the subject of the question (2011年7月以后欠缴的
        is the arrears asked about, answered under the rules in force now)."""
        # 2019年11月开始交的社保，到2020年9月不干了: the start of a job or of contributions is part of the
        # record told, not the date asked about (when another date is told)
        # 2019年月平均工资是20000元: the year of a wage told (the basis of a base), never the date asked about
        told = [e for e in self.all("period") if e.get("usage") != "subject" and not self.dates_a_wage(e)]
        # 我儿子去年大学毕业到现在还没找着工作，能申请失业补助金吗: 去年 / 今年 told in a clause that asks
        # nothing dates what happened, not the question (the year they stand for is the asker's, not the
        # documents')
        told = [e for e in told if not self._relative_told(e)]
        # 去年社保政策给公司省了多少钱…2020年2月到6月单位的养老和失业是免征的: a year written beside a
        # relative one (去年, 今年) of another year is the one meant — the asker counts 去年 from then
        written = {str(e.get("date_from", ""))[:4] for e in told if self._year_written(e)}
        if written:
            told = [
                e
                for e in told
                if self._year_written(e)
                or not e.get("explicit_year", True)
                or str(e.get("date_from", ""))[:4] in written
            ]
        # 欠了一万块养老保险费（2019年的），晚交了30天，滞纳金要多少: the year of the arrears told, not the
        # date asked (the fee accrues under the rules in force when it is paid)
        told = [e for e in told if not self.dates_arrears(e)]
        # (北京 我去年入职的…能领多少: a start told as 去年 / 今年 alone dates no question — the asker
        # means when the job began, not the year the figures are asked for)
        told = [e for e in told if not self._after_date(e, BORN_AFTER)]
        dates = [e for e in told if not self.dates_a_start(e) and not self._after_date(e, GRADUATED_AFTER)]
        # 2019年初厂子关了，失业金领到2020年8月就满了，还能继续领吗: the benefit's end dates the question
        dates = [e for e in dates if self._after_date(e, RUNS_OUT_AFTER)] or dates
        if not dates and told:
            # 2019年10月在北京入职，2020年6月就被辞退了…失业补助金能领多少: with only a start told besides,
            # the job's end (a fact of the case too) dates the question better than the start does
            ended = [
                e
                for e in self.all("period")
                if e.get("usage") == "subject"
                and self._after_date(e, JOB_ENDED_AFTER)
                # (2020年2月才开始交的，10月就被辞退了: 10月 in the year the message wrote)
                and (self._year_written(e) or e.get("explicit_year") is True)
            ]
            dates = ended or [e for e in told if self._year_written(e)]
        paid = [e for e in dates if self._after_date(e, PAID_AFTER)]
        if len(dates) > 1 and paid and "欠" in self.facts_text:
            # 欠了2019年的…2020年8月才去补缴: the day arrears are paid (not 2020年暂缓的…2021年再补缴: a
            # deferral's catch-up, whose rule is the deferral year's)
            dates = paid
        # 文件写的是免2到6月，那2020年7月以后还免吗: of several dates, the one in the clause that asks
        # (听说减半只到四月份，那五月六月还能减半不: months told without a year, the asked one too)
        asked = [
            e
            for e in dates
            if self._in_asking_clause(e) and (self._year_written(e) or e.get("explicit_year") is False)
        ]
        entity = next(iter(asked if len(dates) > 1 and asked else dates), None)
        if entity is None:
            return None
        if not (len(dates) > 1 and asked):
            # 大企业2020年一整年都减半吗？问的是2020年9月: a month within the year told is the date asked
            entity = next((e for e in dates if _within(e, entity)), entity)
        if "date_from" in entity:
            return entity
        match = re.fullmatch(r"(\d{4})年(?:(\d{1,2})月)?", str(entity.get("value", "")))
        if not match:
            return None
        year, month = int(match.group(1)), match.group(2)
        if month:
            start = dt.date(year, int(month), 1)
            end = dt.date(year, int(month), calendar.monthrange(year, int(month))[1])
            return {
                "date_from": start.isoformat(),
                "date_to": end.isoformat(),
                "granularity": "month",
                "explicit_year": True,
            }
        return {
            "date_from": f"{year}-01-01",
            "date_to": f"{year}-12-31",
            "granularity": "year",
            "explicit_year": True,
        }

    # -- words -------------------------------------------------------------------------------------
    def looks_like_follow_up(self) -> bool:
        """那北京呢 / 如果工资是一万呢 / 换成大型企业: changing one value of the previous question."""
        text = ACKNOWLEDGED.sub("", self.text.strip())  # 好的，那缓了以后…: the follow-up after the thanks
        return (
            text.startswith(("那", "如果", "要是", "换成", "改成", "假如"))
            or "如果" in text
            or text.endswith(("呢", "呢?", "的话"))
        )

    def dates_a_wage(self, entity: dict[str, Any]) -> bool:
        """2019年月平均工资是20000元 / 2019年工资才2500: the year of a wage told with its amount (a whole
        year: 2020年1月工资一万二 is the month asked about, paid on that wage)."""
        return entity.get("granularity", "year") == "year" and self._after_date(entity, WAGE_OF_YEAR)

    def _after_date(self, entity: dict[str, Any], words: re.Pattern[str]) -> bool:
        """The words right after the date match ``words`` (被辞退, 毕业, 才去补缴…)."""
        position = entity.get("end")
        return isinstance(position, int) and bool(words.match(self.text[position : position + AFTER_CHARS]))

    def dates_a_start(self, entity: dict[str, Any]) -> bool:
        """2019年11月开始交 / 2019年12月进厂: the date a job or contributions started."""
        return self._after_date(entity, STARTED_AFTER)

    def _relative_told(self, entity: dict[str, Any]) -> bool:
        """去年大学毕业 / 今年3月份自己辞的职: a relative year (no number written) dating something that
        happened, in a clause that asks nothing (今年上半年的 after 基数上限是多少 still dates it)."""
        if (
            not entity.get("explicit_year", True)
            or self._year_written(entity)
            or self._in_asking_clause(entity)
        ):
            return False
        clause = self._clause_of(entity)
        return clause is not None and EVENT_TOLD.search(clause) is not None

    def _year_written(self, entity: dict[str, Any]) -> bool:
        """2020年7月, not 今年 / 7月: a year the asker wrote (a relative one may mean the documents' year)."""
        start, end = entity.get("start"), entity.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            return False
        return bool(re.search(r"\d{2,4}年", self.text[start:end]))

    def _in_asking_clause(self, entity: dict[str, Any]) -> bool:
        """The entity is in a clause (between punctuation) that asks something; False without a position."""
        clause = self._clause_of(entity)
        return clause is not None and asks_question(clause)

    def dates_arrears(self, entity: dict[str, Any]) -> bool:
        """The period stands in a clause telling arrears (欠…) that asks nothing, and another clause asks."""
        clause = self._clause_of(entity)
        if clause is None or not ARREARS_TOLD.search(clause) or asks_question(clause):
            return False
        return asks_question(self.text.replace(clause, "，"))

    def _clause_of(self, entity: dict[str, Any]) -> str | None:
        """The clause (between punctuation, its closing mark included) the entity stands in; None without a
        position."""
        start = entity.get("start")
        if not isinstance(start, int) or not 0 <= start < len(self.text):
            return None
        before = max(self.text.rfind(mark, 0, start) for mark in CLAUSE_MARKS)
        ends = [i for i in (self.text.find(mark, start) for mark in CLAUSE_MARKS) if i >= 0]
        return self.text[before + 1 : min(ends) + 1 if ends else len(self.text)]

    def asks_question(self) -> bool:
        """吗 / 多少 / 几年 / 怎么…: the message asks something rather than only giving a value."""
        return asks_question(self.text) or bool(A_NOT_A.search(self.text))

    def says(self, *words: str) -> bool:
        return any(word in self.text for word in words)

    @property
    def facts_text(self) -> str:
        """Where the asker's facts are read: this question and what the message said before it."""
        return f"{self.background}{self.text}" if self.background else self.text

    def states(self, *words: str) -> bool:
        """A fact the asker states, in this question or earlier in the message."""
        return any(word in self.facts_text for word in words)

    def registered(self) -> bool | None:
        """Whether the user says they have done the 失业登记."""
        if self.states(
            "没办失业登记", "没有办失业登记", "还没登记", "没做失业登记", "没有失业登记", "没去登记", "没登记"
        ):
            return False
        if self.states(
            "已经办理失业登记",
            "办理了失业登记",
            "办了失业登记",
            "已办理失业登记",
            "已经登记",
            "做了失业登记",
            "已做失业登记",
        ):
            return True
        if "失业登记" in self.facts_text and self.states(
            "办好了", "办好", "办完", "登记好了", "登记了", "也办了", "已经办", "去办了", "办过了", "也去办"
        ):
            return True  # 失业登记我也在街道办好了
        return True if self.receiving_benefit() else None

    def reemployed(self) -> bool | None:
        if STILL_UNEMPLOYED.search(self.facts_text):
            return False
        if self.states("找到工作了", "已经上班", "重新就业了", "又上班了"):
            return True
        return None

    def migrant_worker(self) -> bool:
        """The asker is a migrant worker (农民工), by the lexicon's person type or a rural registration told
        with work in town."""
        return self.value("person_type") == "migrant" or RURAL_WORKER.search(self.facts_text) is not None

    def insurances_named(self) -> set[str]:
        """The contribution insurances a message names, as entities or as words (养老和失业这两块: 失业 alone
        is no entity; 失业金 is the benefit, not the insurance)."""
        named = {str(e.get("value")) for e in self.all("insurance_type")}
        return named | {kind for kind, words in INSURANCE_NAMED.items() if words.search(self.text)}

    def insurances_told(self) -> set[str]:
        """The insurances this question names, else those the message named before it (养老和失业单位缴费减半
        以后…？全公司这个月一共少交多少: both, for the later question too)."""
        own = {kind for kind, words in INSURANCE_NAMED.items() if words.search(self.text)}
        if own or not self.background:
            return self.insurances_named()
        return own | {kind for kind, words in INSURANCE_NAMED.items() if words.search(self.background)}

    def receiving_benefit(self) -> bool:
        """我在北京领失业金 / 2020年9月开始领的 / 领到第15个月: the asker already draws the benefit, so the
        office found its conditions met (not leaving of one's own will, registered as unemployed)."""
        return RECEIVING_BENEFIT.search(self.facts_text) is not None

    def involuntary(self) -> bool | None:
        if self.states("被迫", "被逼", "逼我辞职", "劝退"):
            return True  # 被迫辞职 is not leaving of one's own will
        if NEGATED_VOLUNTARY.search(self.facts_text):
            return True  # 不是我自己要走的: leaving of one's own will, denied
        if self.states(*VOLUNTARY_WORDS):
            return False
        if self.states(*INVOLUNTARY_WORDS) or LAID_OFF_BY.search(self.facts_text):
            return True
        return True if self.receiving_benefit() else None


def _within(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    """``inner`` is a shorter span of dates inside ``outer`` (2020年9月 inside 2020年)."""
    start, end, outer_start, outer_end = (
        str(e.get(key)) for e in (inner, outer) for key in ("date_from", "date_to")
    )
    if "None" in (start, end, outer_start, outer_end):
        return False
    return outer_start <= start and end <= outer_end and (start, end) != (outer_start, outer_end)
