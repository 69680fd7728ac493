"""The first line of a yes/no question answered from an article or a passage: 可以 / 不能 / 不需要 ….

A calculator gives a verdict (eligible or not) on the facts of a case; an FAQ article or a passage of the
documents gives none, so a question such as 领失业补助金要先办失业登记吗 used to get the article and no
"no". ``data/policy/short_answers.yml`` holds the short answers a bureau would give to the yes/no
questions its articles settle, each resting on a quote of the documents (tests check every quote is in the
seeds). Two sources, in order:

1. a short answer whose topic is the reply's (``faq:<id>``, ``passage:<document>``) or the question's
   intent — or whose quote the reply holds (the passage of its document, whatever the question was read
   as) —, whose region (when it names any) is the question's, and whose word groups all occur in the
   question;
2. a passage written as question and answer (政策问答: "答：可以。…"): its own first word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.answers import wordmatch

SHORT_ANSWERS_FILE = "short_answers.yml"
# words a first line may start with that already answer a yes/no question (tests/reply_quality/README.md)
POLARITY = (
    "可以",
    "能",
    "是",
    "需要",
    "不能",
    "不可以",
    "不是",
    "不会",
    "不需要",
    "不用",
    "无需",
    "不符合",
    "符合",
    "视情况",
    "一般不会",
    "不一定",
    "不影响",
)
# 政策问答 passages: "答：可以。" / "答：不能，…"
QA_ANSWER = re.compile(r"答[:：]\s*(可以|不可以|能|不能|是|不是|需要|不需要|不用|会|不会)[。，,；;]")


@dataclass(frozen=True)
class ShortAnswer:
    topics: tuple[str, ...]  # faq:<id>, passage:<document id> or an intent
    when: tuple[tuple[str, ...], ...]  # every group must have a word in the question
    unless: tuple[str, ...]  # none of these may be in the question
    regions: tuple[str, ...]  # the question's region must be one of these (empty: any)
    answer: str  # the first line
    document: str
    quotes: tuple[str, ...]

    def matches(
        self, topics: tuple[str, ...], question: str, region: str | None, reply_text: str = ""
    ) -> bool:
        if not any(t in self.topics for t in topics) and not self.quoted_in(reply_text):
            return False
        if self.regions and region not in self.regions:
            return False
        if any(word in question for word in self.unless):
            return False
        # a word may be a pattern (re:…, bot/answers/wordmatch.py): 1月20号 is a date before February
        return all(any(wordmatch.find(question, word) >= 0 for word in group) for group in self.when)

    def quoted_in(self, reply_text: str) -> bool:
        """The reply quotes the very sentence this answer rests on (the passage of its document that holds
        it), whatever topic the question was read under: the answer settles it as well."""
        return bool(reply_text) and any(quote and quote in reply_text for quote in self.quotes)


def _group(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        return (raw,)
    return tuple(str(word) for word in (raw or []))


def _words(raw: Any) -> tuple[str, ...]:
    """Words as the assistant's normaliser writes them in a question (一块 → 1块, 繁 → 简), and as written."""
    from bot.text.normalize import normalize  # late: loads OpenCC

    words = _group(raw)
    wordmatch.check(words)  # a malformed re: pattern fails when the file is loaded
    variants = [
        normalize(w, correct_spelling=spell).text
        for w in words
        if not wordmatch.is_pattern(w)  # a pattern is matched as written
        for spell in (False, True)
    ]
    return tuple(dict.fromkeys([*words, *variants]))


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> tuple[ShortAnswer, ...]:
    raw = yaml.safe_load((path or paths.POLICY_DATA_DIR / SHORT_ANSWERS_FILE).read_text(encoding="utf-8"))
    entries = []
    for item in (raw or {}).get("answers") or []:
        quotes = item.get("quote")
        entries.append(
            ShortAnswer(
                topics=_group(item.get("topics")),
                when=tuple(_words(g) for g in item.get("when") or []),
                unless=_words(item.get("unless")),
                regions=_group(item.get("regions")),
                answer=str(item["answer"]).strip(),
                document=str(item["document"]),
                quotes=_group(quotes),
            )
        )
    return tuple(entries)


def already_answered(first_line: str) -> bool:
    """The first line already starts with a yes/no answer."""
    return first_line.startswith(POLARITY)


def entry_for(
    topics: tuple[str, ...], question: str, region: str | None, reply_text: str = ""
) -> ShortAnswer | None:
    """The entry of short_answers.yml that settles a yes/no ``question`` answered under ``topics``."""
    return next((entry for entry in load() if entry.matches(topics, question, region, reply_text)), None)


def first_line_for(
    topics: tuple[str, ...], question: str, region: str | None, reply_text: str = ""
) -> str | None:
    """The short answer to a yes/no ``question`` answered under ``topics``, or None when none settles it."""
    entry = entry_for(topics, question, region, reply_text)
    if entry is not None:
        return in_the_form_asked(entry.answer, question)
    match = QA_ANSWER.search(reply_text)
    if match is not None and reply_text.startswith("文件原文") and not already_answered(reply_text):
        return f"{match.group(1)}。文件的政策问答对此的答复见下面的原文。"
    return quoted_qa_line(question, reply_text)


def quoted_qa_line(question: str, reply_text: str) -> str | None:
    """原来那家单位没给办退工，新公司能直接做就业登记吗 answered by the article on registration, with the
    document's own Q&A on exactly this quoted under it (答：可以。): that answer, as the first line."""
    quoted = reply_text.find("文件原文")
    match = QA_ANSWER.search(reply_text, quoted) if quoted > 0 else None
    if match is None or already_answered(reply_text) or not _asks_the_same(question, reply_text, match):
        return None
    return f"{match.group(1)}。文件的政策问答对此的答复见下面的原文。"


# the question of a quoted Q&A shares this share of its two-character words with the user's question
SAME_QUESTION_MIN_SHARE = 0.15
SAME_QUESTION_MIN_PAIRS = 3


def _asks_the_same(question: str, reply_text: str, answer: re.Match[str]) -> bool:
    """The quoted Q&A's question (the text before its 答：) asks what the user asks, by shared words."""
    opened = reply_text.rfind("“", 0, answer.start())
    asked = reply_text[opened + 1 : answer.start()]
    asked = asked[max(asked.rfind("、"), 0) :]  # 八、原用人单位… : the numbered question only

    def pairs(text: str) -> set[str]:
        return {text[i : i + 2] for i in range(len(text) - 1) if _cjk(text[i : i + 2])}

    theirs, ours = pairs(asked), pairs(question)
    shared = theirs & ours
    return (
        bool(theirs)
        and len(shared) >= SAME_QUESTION_MIN_PAIRS
        and len(shared) / len(theirs) >= SAME_QUESTION_MIN_SHARE
    )


def _cjk(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


# 是不是必须先办失业登记: asked "is it so?", answered 是 / 不是 before the answer's own 需要 / 不需要
IS_IT_ASKED = re.compile(r"是不是|是否|是必须")
FORM_ANSWERS = ("不是，", "是，")


def in_the_form_asked(answer: str, question: str) -> str:
    """不需要… to 是不是必须… is 不是，不需要…; 需要… is 是，需要…"""
    if IS_IT_ASKED.search(question):
        if answer.startswith(("不需要", "不用", "无需")):
            return FORM_ANSWERS[0] + answer
        if answer.startswith("需要"):
            return FORM_ANSWERS[1] + answer
    return answer


def is_short_answer(reply_text: str) -> bool:
    """The reply starts with a short answer of the data (the question is settled: no questionnaire)."""
    first = reply_text.split("\n", 1)[0]
    for form in FORM_ANSWERS:
        first = first.removeprefix(form)
    # …年限累计计算”。（人社部发〔2020〕49号）: the answer with the document it comes from
    return any(
        first == entry.answer or first.startswith(entry.answer.rstrip("。") + "（") for entry in load()
    )
