"""Text normalisation for Chinese user messages, keeping a map back to the original text.

Steps, in order: length cap, control characters, Traditional → Simplified (OpenCC), NFKC (full-width digits,
letters and punctuation to half-width), emoji and symbols removed, pinyin typos of domain terms corrected
(社报 → 社保, bot/text/spelling.py), whitespace collapsed (a comma between two Chinese words, removed
next to one character), repeated punctuation collapsed, numbers made digits (一万二 → 12000, 七年 → 7年,
1.2万 → 12000, 8k → 8000, 一年半 → 1.5年).

Every output character remembers the span of original characters it came from (``Normalized.spans``), so
an entity found at [start, end) in the normalised text maps back to the words the user typed
(``Normalized.original_slice``). Normalising twice changes nothing (idempotent).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import cn2an
from opencc import OpenCC

from bot.text.spelling import default_corrector

MAX_INPUT_CHARS = 1000  # only this much of a message is processed at all (a 5,000-character paste is cut)
MAX_OUTPUT_CHARS = 300  # normalised text handed to the NLU model

_CN_NUM = "零〇一二两三四五六七八九十百千万点"
# A Chinese numeral is converted when it carries a magnitude (一万二, 三千五) or stands before a unit;
# words such as 一汽, 二道区, 九台, 五险一金, 一次性 are left alone because no unit follows.
# 二十来个人: a head count told as "about twenty" is read as twenty (二十多个人 is more than twenty: no
# one number, and thresholds such as 30人以下 fall inside "三十多"); 二十多年 is converted (20多年): the
# entities read it as at least 20 years and at most 29, and a benefit bracket inside that range is asked
_UNIT_AFTER = (
    r"(?=(?:个月|个多月|多年|年|周岁|岁|元|块|月|日|号|天|人|名|个|倍|%|分钟|项|档|来(?:个人|人|名)))"
)
_CN_SPAN = re.compile(rf"[{_CN_NUM}]*[万千百][{_CN_NUM}]*|[{_CN_NUM}]+{_UNIT_AFTER}")
_REPEATED_PUNCT = re.compile(r"([!?,.;:。、~\-…])\1+")
# 亏了俩月 / 仨人: the spoken 俩 (两个) and 仨 (三个) before a unit; 俩月 is 2个月, not the month 2月
_SPOKEN_BEFORE_MONTHS = re.compile(r"([俩仨])(?=月)")
_SPOKEN_COUNT = re.compile(r"([俩仨])(?=个|年|人|天|次|家)")
_SPACE = re.compile(r"\s+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# not 长 春: one character; 2020年 之前参保 / 交了2年 后来: a number's unit counts as a word before the space
_SPACE_BETWEEN_CJK = re.compile(rf"(?:(?<=[{_CJK}]{{2}})|(?<=\d[年月岁天个]))\s+(?=[{_CJK}]{{2}})")
# 天津2019年社平工资是多少 2020年缴费基数上限…: after a question's last word a space ends that question
_SPACE_AFTER_QUESTION = re.compile(r"(?:(?<=多少)|(?<=[吗呢么啥]))\s+(?=[^\s?？,，。!！;；])")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}，。？！、：；）（])\s+|\s+(?=[{_CJK}，。？！、：；）（])")
_DIGIT_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*([万千wWkK])(?![a-zA-Z])")
# 2万4 / 1万3千5 / 3千5 / 2万四 / 1w2 / 8k5: digits after 万 or 千 (w, k) are the places below it (24000,
# 13500, 3500, 24000, 12000, 8500), a digit without its unit the next place down, as said aloud; not before
# a unit of its own (交了1万2个月 stays as written)
_NEXT_DIGIT = "[0-9一二两三四五六七八九]"
_DIGIT_WAN_AND_NEXT = re.compile(
    rf"(\d+)\s*([万千wWkK])((?:\s*{_NEXT_DIGIT}\s*[千百十])*(?:\s*{_NEXT_DIGIT})?)(?![\d.%％个年月日天岁号千百万a-zA-Z])"
)
# 七八千 / 两三万 / 三四个月: two neighbouring digits before a unit say "about", not a number of two digits
_APPROXIMATE = re.compile(r"^(?:一两|两三|二三|三四|四五|五六|六七|七八|八九)(?=[十百千万]|$)")
_PLACES = {"万": 10000, "w": 10000, "W": 10000, "千": 1000, "k": 1000, "K": 1000, "百": 100, "十": 10}
_YEAR_HALF = re.compile(r"(\d+)年半")
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "So", "Sk", "Mn", "Me"}


@lru_cache(maxsize=1)
def _opencc() -> OpenCC:
    return OpenCC("t2s")


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    original: str
    spans: tuple[tuple[int, int], ...]  # spans[i]: [start, end) in ``original`` of output character i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Span in the original text of the normalised characters [start, end)."""
        if not self.spans or start >= end:
            return (0, 0)
        return (self.spans[start][0], self.spans[end - 1][1])

    def original_slice(self, start: int, end: int) -> str:
        begin, finish = self.original_span(start, end)
        return self.original[begin:finish]

    @property
    def changed(self) -> bool:
        return self.text != self.original


class _Tracked:
    """A string whose characters each remember their original span."""

    def __init__(self, text: str):
        self.chars = list(text)
        self.spans = [(i, i + 1) for i in range(len(text))]

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def map_chars(self, function: Callable[[str], str]) -> None:
        """Replace each character by ``function(char)`` (0, 1 or more characters)."""
        chars, spans = [], []
        for char, span in zip(self.chars, self.spans, strict=True):
            for new in function(char):
                chars.append(new)
                spans.append(span)
        self.chars, self.spans = chars, spans

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> None:
        """Regex substitution; replacement characters take the span of the whole match."""
        text = self.text
        chars, spans, last = [], [], 0
        for match in pattern.finditer(text):
            new = replace(match)
            if new == match.group(0):
                continue
            chars += self.chars[last : match.start()]
            spans += self.spans[last : match.start()]
            if match.end() > match.start():
                covered = (self.spans[match.start()][0], self.spans[match.end() - 1][1])
            else:
                covered = self.spans[match.start()] if match.start() < len(self.spans) else (0, 0)
            chars += list(new)
            spans += [covered] * len(new)
            last = match.end()
        chars += self.chars[last:]
        spans += self.spans[last:]
        self.chars, self.spans = chars, spans


def _traditional_to_simplified(tracked: _Tracked) -> None:
    converted = _opencc().convert(tracked.text)
    if len(converted) == len(tracked.chars):
        tracked.chars = list(converted)
    else:  # a phrase changed length: convert character by character to keep the map exact
        tracked.map_chars(lambda char: _opencc().convert(char))


def _nfkc(char: str) -> str:
    return unicodedata.normalize("NFKC", char)


def _keep(char: str) -> str:
    if char in "\n\r\t":
        return " "
    return "" if unicodedata.category(char) in _DROP_CATEGORIES else char


def chinese_number(span: str) -> str | None:
    """一万二 → '12000', 七 → '7', 一点五万 → '15000'; None when ``span`` is not a number."""
    try:
        value = cn2an.cn2an(span, "smart")
    except (ValueError, KeyError, IndexError):
        value = None
        for suffix, factor in (("万", 10000), ("千", 1000)):
            if span.endswith(suffix) and len(span) > 1:
                head = chinese_number(span[:-1])
                if head is not None:
                    value = float(head) * factor
        if value is None:
            return None
    return _number_text(float(value))


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


# 二零年 / 一九年 / 二〇年: a year said digit by digit (twenty years is 二十年); not 一二年 or 二三年, which
# are "one or two" / "two or three" years
SPOKEN_YEARS = {
    f"{first}{second}": f"20{tens}{unit}"
    for first, tens, seconds in (("一", "1", "五六七八九"), ("二", "2", "零〇一二"))
    for second in seconds
    for unit in [str("零一二三四五六七八九".find(second.replace("〇", "零")))]
}


def _convert_chinese(match: re.Match[str]) -> str:
    span = match.group(0)
    if span in {"万", "千", "百", "点"} or span.startswith("点") or span.endswith("点"):
        return span
    if (
        span == "一"
        and match.start() > 0
        and match.string[match.start() - 1].isdigit()
        and match.string.startswith(("个月", "月", "年", "天"), match.end())
    ):
        return "每"  # 工资2000一个月: 2000 a month, not 20001个月
    if (
        span == "一"
        and match.string.startswith("块", match.end())
        and (
            match.string[match.start() - 1 : match.start()] in ("加", "在", "放", "凑", "合", "到")
            or match.string.startswith("块儿", match.end())
        )
    ):
        return span  # 加一块 / 放在一块儿: "together", no one yuan
    if span in SPOKEN_YEARS and match.string.startswith("年", match.end()):
        return SPOKEN_YEARS[span]  # 二零年那个补助金: the year 2020 said digit by digit, no 20 years
    if _APPROXIMATE.match(span):
        return span  # 七八千 / 三四年: "seven or eight thousand", no one figure (not 78000)
    converted = chinese_number(span)
    return converted if converted is not None else span


def _convert_magnitude_and_next(match: re.Match[str]) -> str:
    if not match.group(3).strip():
        return match.group(0)  # 1万 alone: _DIGIT_WAN's
    place = _PLACES[match.group(2)]
    value = int(match.group(1)) * place
    for digit, unit in re.findall(rf"({_NEXT_DIGIT})\s*([千百十]?)", match.group(3)):
        place = _PLACES[unit] if unit else place // 10  # 1万3千5: 5 is the place after 千
        value += int(_digit(digit)) * place
        if not unit:
            break
    return _number_text(value)


def _digit(character: str) -> str:
    """A digit, Arabic or Chinese (四 → 4, 两 → 2)."""
    return (
        character if character.isdigit() else str("零一二三四五六七八九".find(character.replace("两", "二")))
    )


def _convert_magnitude(match: re.Match[str]) -> str:
    factor = {"万": 10000, "w": 10000, "W": 10000, "千": 1000, "k": 1000, "K": 1000}[match.group(2)]
    return _number_text(float(match.group(1)) * factor)


def normalize(text: str | None, correct_spelling: bool = True) -> Normalized:
    """Normalise a user message (see the module docstring); never raises on any string."""
    original = (text or "")[:MAX_INPUT_CHARS]
    tracked = _Tracked(original)
    tracked.map_chars(_keep)
    _traditional_to_simplified(tracked)
    tracked.map_chars(_nfkc)
    tracked.map_chars(_keep)  # NFKC can reveal combining marks
    tracked.sub(_SPOKEN_BEFORE_MONTHS, lambda m: {"俩": "2个", "仨": "3个"}[m.group(1)])
    tracked.sub(_SPOKEN_COUNT, lambda m: {"俩": "2", "仨": "3"}[m.group(1)])
    tracked.sub(_CN_SPAN, _convert_chinese)
    tracked.sub(_DIGIT_WAN_AND_NEXT, _convert_magnitude_and_next)
    tracked.sub(_DIGIT_WAN, _convert_magnitude)
    if correct_spelling:  # after the numbers, so 1万交 is 10000交 before any typo check
        for position, term in default_corrector().corrections(tracked.text):
            tracked.chars[position : position + len(term)] = list(term)
    tracked.sub(_YEAR_HALF, lambda m: f"{m.group(1)}.5年")
    tracked.sub(_SPACE, lambda m: " ")
    # 社平工资多少 灵活就业基数怎么选: a space between two Chinese words parts clauses, as a comma would
    tracked.sub(_SPACE_BETWEEN_CJK, lambda m: ",")
    tracked.sub(_SPACE_AFTER_QUESTION, lambda m: ",")
    tracked.sub(_SPACE_NEAR_CJK, lambda m: "")
    tracked.sub(_REPEATED_PUNCT, lambda m: m.group(1))
    # trim
    while tracked.chars and tracked.chars[0] == " ":
        tracked.chars, tracked.spans = tracked.chars[1:], tracked.spans[1:]
    while tracked.chars and tracked.chars[-1] == " ":
        tracked.chars, tracked.spans = tracked.chars[:-1], tracked.spans[:-1]
    tracked.chars, tracked.spans = tracked.chars[:MAX_OUTPUT_CHARS], tracked.spans[:MAX_OUTPUT_CHARS]
    return Normalized(tracked.text, original, tuple(tracked.spans))


def has_content(text: str) -> bool:
    """True when the (normalised) text has a letter, digit or Chinese character to understand."""
    return any(char.isalnum() for char in text)
