"""Parse a user's answer to one questionnaire question, however it is typed.

Each parser takes the normalised text (Chinese numerals already digits, Traditional already Simplified)
and returns a :class:`Parsed` value or a Chinese explanation of what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.text.entities import Lexicon, extract

if TYPE_CHECKING:
    from bot.questionnaires.definitions import Questionnaire

UNKNOWN = "unknown"  # the user does not know: the condition stays open in the verdict

YES_WORDS = (
    "是的",
    "是",
    "对的",
    "对",
    "有",
    "嗯",
    "好的",
    "可以",
    "没错",
    "当然",
    "肯定",
    "办了",
    "办过",
    "已经办",
    "领完了",
    "领完",
    "领满",
    "符合",
    "yes",
    "y",
    "ok",
    "确定",
    "被辞退",
    "被裁",
    "合同到期",
    "单位交",
    "经营困难",
    "亏损",
    "发不出",
    "行",
)
NO_WORDS = (
    "不是",
    "不对",
    "没有",
    "没",
    "无",
    "否",
    "不",
    "没办",
    "还没",
    "没裁员",
    "不裁员",
    "没有裁员",
    "no",
    "n",
    "不符合",
    "主动辞职",
    "自己辞职",
    "我辞职",
    "自己交",
    "个人交",
    "还在领",
    "还没领完",
    "找到了",
    "不困难",
    "正常",
)
UNKNOWN_WORDS = (
    "不知道",
    "不清楚",
    "不确定",
    "不太清楚",
    "说不准",
    "不了解",
    "忘了",
    "不记得",
    "跳过",
    "不好说",
)
# phrases whose meaning the yes/no word inside would reverse (还没领完 is "no", 没找到工作 is "yes" to 仍失业)
NO_OVERRIDES = ("还没领完", "没领完", "还在领")


# 不好意思打错了，是交了14年 / 说错了，应该是天津: an earlier answer corrected, not an answer to this question
CORRECTED = re.compile(r"[打写说输填记弄搞]错了|更正一下|纠正一下|应该是|不对[，,]?是")


def corrects_earlier(text: str) -> bool:
    return CORRECTED.search(text) is not None


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def parse_yes_no(text: str, yes_words: tuple[str, ...] = (), no_words: tuple[str, ...] = ()) -> Parsed:
    """是的 / 对 / 有 / 没有 / 不是 / 没裁员 / 不知道 … → True / False / 'unknown'."""
    clean = re.sub(r"[\s,.!?。，！？~…]+", "", text.lower())
    if not clean:
        return Parsed(error="请回答“是”或“否”。")
    if any(word in clean for word in UNKNOWN_WORDS):
        return Parsed(UNKNOWN)
    if any(word in clean for word in (*no_words, *NO_OVERRIDES)):
        return Parsed(False)
    if any(word in clean for word in yes_words):
        return Parsed(True)
    phrases = [w for w in (*YES_WORDS, *NO_WORDS) if len(w) >= 2 and w in clean]
    if phrases:  # the longest phrase decides: 已经领完了 → 领完了 (yes), 还没找到工作 → 还没 (no)
        return Parsed(max(phrases, key=len) in YES_WORDS)
    for word in sorted((*YES_WORDS, *NO_WORDS), key=len, reverse=True):
        if clean.startswith(word) or clean == word:
            return Parsed(word in YES_WORDS)
    if any(word in clean for word in ("没", "不", "无")):
        return Parsed(False)
    return Parsed(error="请回答“是”或“否”（不确定可以回答“不知道”）。")


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


RETIREMENT_BEFORE = re.compile(r"退休[^，,。；;0-9]{0,6}$")  # 离退休还差 / 距退休不到 right before a length


FORGOTTEN = re.compile(r"记不清|记不得|不记得|忘了|想不起|不太清楚|不清楚|不知道")


def parse_years(text: str, lexicon: Lexicon) -> Parsed:
    """7年 / 7 / 半年 / 18个月 / 不满1年 → years (float)."""
    for entity in extract(text, lexicon):
        if RETIREMENT_BEFORE.search(text[: entity.start]):
            continue  # 离退休还差10个月: how far from retirement, not a contribution record
        if entity.entity == "duration" and "years" in entity.extra and not entity.extra.get("ordinal"):
            years = float(entity.extra["years"])
            if re.search(r"(不满|不足|不到|没满|未满)\s*" + re.escape(entity.text), text):
                years = max(0.0, years - 0.01)
            return _bounded(years, 0, 60, "年数")
    numbers = _numbers(text)
    if len(numbers) == 1 and not re.search(r"[元块万千]", text) and "退休" not in text:
        return _bounded(numbers[0], 0, 60, "年数")
    if FORGOTTEN.search(text):  # 交了很久了记不清: an estimate is enough to work the answer out
        return Parsed(error="记不清确切年数的话，说个大概也可以，例如“大概5年”。")
    return Parsed(error="请告诉我年数，例如“7年”或“18个月”。")


def parse_months(text: str, lexicon: Lexicon) -> Parsed:
    """24个月 / 2年 / 24 → months (int)."""
    for entity in extract(text, lexicon):
        if entity.entity == "duration" and "months" in entity.extra and not entity.extra.get("ordinal"):
            return _bounded(round(float(entity.extra["months"])), 0, 720, "月数")
    numbers = _numbers(text)
    if len(numbers) == 1 and not re.search(r"[元块万千年]", text):
        return _bounded(round(numbers[0]), 0, 720, "月数")
    return Parsed(error="请告诉我月数，例如“24个月”或“2年”。")


def parse_money(text: str, lexicon: Lexicon) -> Parsed:
    """8000 / 8000元 / 1.2万 (normalised to 12000) → yuan (float)."""
    money = [e for e in extract(text, lexicon) if e.entity == "money"]
    numbers = [float(e.extra["amount"]) for e in money] or _numbers(text)
    if len(numbers) != 1:
        return Parsed(error="请告诉我一个金额，例如“8000元”或“1.2万”。")
    if numbers[0] <= 0:
        return Parsed(error="金额应当大于0，请重新输入，例如“8000元”。")
    if numbers[0] > 10_000_000:
        return Parsed(error="这个金额超出了合理范围，请核对后重新输入。")
    return Parsed(numbers[0])


def parse_count(text: str, lexicon: Lexicon) -> Parsed:
    """25人 / 25 / 没裁员 (0) → a whole number of people."""
    if re.search(r"(没|不|未|零)(有)?(裁|辞退|减员)", text) or text.strip() in {"没有", "0", "无", "零"}:
        return Parsed(0)
    people = [e for e in extract(text, lexicon) if e.entity == "people"]
    numbers = [float(e.extra["count"]) for e in people] or _numbers(text)
    if len(numbers) != 1 or numbers[0] != int(numbers[0]):
        return Parsed(error="请告诉我人数（整数），例如“25人”。")
    return _bounded(int(numbers[0]), 0, 1_000_000, "人数")


def parse_date(text: str, lexicon: Lexicon, today: dt.date) -> Parsed:
    """2020年1月15日 / 2020-01-15 / 2020年1月 (the month's last day, as the documents count) → ISO date."""
    if text.strip() in {"今天", "现在", "马上"}:
        return Parsed(today.isoformat())
    for entity in extract(text, lexicon, today):
        if entity.entity == "period" and entity.extra.get("granularity") in ("day", "month"):
            day = (
                entity.extra["date_to"]
                if entity.extra["granularity"] == "month"
                else entity.extra["date_from"]
            )
            return Parsed(day)
    return Parsed(error="请告诉我日期，例如“2020年1月15日”。")


def parse_city(text: str, lexicon: Lexicon) -> Parsed:
    cities = [e for e in extract(text, lexicon) if e.entity == "city"]
    if not cities:
        return Parsed(error="请告诉我城市名称，例如“北京”或“长春”。")
    return Parsed(cities[0].value)


def parse_choice(
    text: str, choices: tuple[tuple[str, str, tuple[str, ...]], ...], lexicon: Lexicon
) -> Parsed:
    """Pick one of ``choices`` (title, value, words) by value, number, title or one of its words."""
    clean = text.strip()
    for index, (title, value, words) in enumerate(choices, start=1):
        if clean in (value, title, str(index)) or any(word in clean for word in (title, *words)):
            return Parsed(value)
    for entity in extract(clean, lexicon):
        if entity.entity in ("enterprise_type", "person_type") and entity.value in {v for _, v, _ in choices}:
            return Parsed(entity.value)
    titles = "、".join(title for title, _, _ in choices)
    return Parsed(error=f"请从以下选项中选择：{titles}。")


def _bounded(value: float, low: float, high: float, what: str) -> Parsed:
    if not low <= value <= high:
        return Parsed(error=f"{what}应在{low:g}到{high:g}之间，请重新输入。")
    return Parsed(value)


def only_another_answer(text: str, own: tuple[tuple[str, ...], tuple[str, ...]], others: list[str]) -> bool:
    """被辞退的 to 您是否已经领完失业保险金: the yes or no is read from words that answer another question of
    the questionnaire (``others``: their yes and no words), and without them nothing answers this one
    (``own``: its yes and no words). The message answers that other question, not this one."""
    found = [word for word in others if word in text]
    if not found:
        return False
    rest = text
    for word in sorted(found, key=len, reverse=True):
        rest = rest.replace(word, "")
    return not parse_yes_no(rest, *own).ok


def answers_another_question(
    questionnaire: Questionnaire, slot: str, text: str, later: dict[str, Any]
) -> bool:
    """A yes/no answer to ``slot`` read only from the words that answer the questions ``later`` holds
    (被辞退的 to 领完失业保险金了吗 settles 非本人意愿, not 领完): that answer is kept, this question asked
    again."""
    question = questionnaire.question(slot)
    if question.kind != "yes_no" or not later:
        return False
    theirs = [
        word
        for other in questionnaire.questions
        if other.slot in later
        for word in (*other.yes_words, *other.no_words)
    ]
    return only_another_answer(text, (question.yes_words, question.no_words), theirs)
