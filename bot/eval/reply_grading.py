"""Grading of one reply-quality case (rules of ``tests/reply_quality/README.md``).

Given a case and what the assistant did on its last turn (the bot's messages, the NLU intent, the
``answer_topic`` slot), :func:`grade` returns good / partial / bad with every reason found:

* **bad**: a ``must_not`` string present, a figure (amount or rate) where ``no_figures`` forbids one, the
  wrong topic, or the case could not be played (an error);
* **partial**: right topic and nothing forbidden, but a ``must`` item or the ``first_line`` condition missing;
* **good**: everything met.

The reply is converted to Simplified characters (OpenCC) before matching, so a Traditional reply is held
to the same strings; the case's strings are matched as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import yaml
from opencc import OpenCC

from bot import paths
from bot.eval.reply_cases import Case

GOOD, PARTIAL, BAD = "good", "partial", "bad"
VERDICTS = (GOOD, PARTIAL, BAD)
QUOTED_PASSAGE = "文件原文（"  # how bot.passages.render_passage introduces a quoted passage
PASSAGE_TOPIC = "passage"
FAQ_INTENT = "ask_policy_faq"  # an answer_topic "faq:<article>" is an answer of this intent
FALLBACK_INTENT = "nlu_fallback"  # also an acceptable reading of an out_of_scope question
OUT_OF_SCOPE = "out_of_scope"
NOT_COVERED_TOPIC = "not_covered"  # a social-insurance topic, place or year the data does not cover

# An amount or a rate: a number followed by 元 (1816元, 1,816.50 元, 1.2万元, 2000多元) or by a percent or
# per-mille sign (0.5-1%), or a Chinese fraction (万分之五, 百分之八十). A bare number — a phone number
# (12333, 0431-…) or a year (2020年) — never counts: only a number with such a unit does (元旦 is no unit).
_NUMBER = r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?"
_GAP = r"[ \t\u3000]*"  # spaces within a line, never a line break
FIGURE = re.compile(
    rf"{_NUMBER}{_GAP}(?:[万千亿]|多|余)*{_GAP}元(?![旦月宵])|{_NUMBER}{_GAP}[%％‰]|[万千百]分之[\d.零〇一二两三四五六七八九十百点]*"
)


@dataclass(frozen=True)
class RunOutcome:
    """What the assistant did on the case's last turn."""

    replies: tuple[str, ...] = ()  # the text of each bot message
    intent: str | None = None  # NLU intent of the last user message
    answer_topic: str | None = None  # the slot after the last turn
    error: str | None = None  # the case could not be played

    @property
    def text(self) -> str:
        return "\n".join(self.replies)


@dataclass(frozen=True)
class Grade:
    verdict: str  # GOOD, PARTIAL or BAD
    reasons: tuple[str, ...]  # empty when good


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


NEGATIONS = "不没未非"  # 不能 / 不符合 / 没有 / 未… deny what the word after them affirms


def says_affirmed(line: str, wanted: str) -> bool:
    """``wanted`` in ``line``, not only as the tail of its negation: 能 is not said by 不能, nor 符合 by
    不符合, nor 是 by 不是 (a first line that says no does not answer yes). A wanted string that is itself
    a negation (不能) is matched as written."""
    start = line.find(wanted)
    while start != -1:
        if wanted[0] in NEGATIONS or start == 0 or line[start - 1] not in NEGATIONS:
            return True
        start = line.find(wanted, start + 1)
    return False


def first_line(text: str) -> str:
    """The first non-blank line of a reply."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def figures(text: str) -> list[str]:
    """The amounts and rates in ``text``, as written."""
    return [match.group(0) for match in FIGURE.finditer(text)]


ROUTING_SECTIONS = ("articles", "aspects", "confident")  # faq_routing.yml: the articles a topic answers with


@lru_cache(maxsize=1)
def routed_topics() -> dict[str, frozenset[str]]:
    """FAQ article id -> the topic intents ``faq_routing.yml`` answers with it: the product's own statement
    that the article answers those topics' questions."""
    routing = yaml.safe_load((paths.POLICY_DATA_DIR / "faq_routing.yml").read_text(encoding="utf-8")) or {}
    found: dict[str, set[str]] = {}
    for section in ROUTING_SECTIONS:
        for intent, listed in (routing.get(section) or {}).items():
            groups = listed.values() if isinstance(listed, dict) else [listed]
            for articles in groups:
                for article in articles or ():
                    found.setdefault(str(article), set()).add(str(intent))
    return {article: frozenset(intents) for article, intents in found.items()}


def topics_of(intent: str | None, answer_topic: str | None, reply: str = "") -> set[str]:
    """The topics a turn counts as: its intent and its answer_topic's head (``faq`` as the FAQ intent);
    an ``nlu_fallback`` also counts as ``out_of_scope``; ``not_covered:<intent>`` (a calculation the data
    does not cover) counts as both; ``faq:<article>`` also counts as every topic ``faq_routing.yml`` answers
    with that article. An article whose reply quotes its document's
    passage (``文件原文（…）``) also counts as ``passage``: the user reads the same cited text."""
    found = {intent} if intent else set()
    if answer_topic:
        head = answer_topic.split(":", 1)[0]
        if head in ("faq", "passage"):  # an article or a quoted passage answers a policy question
            found.add(FAQ_INTENT)
        if head != "faq":
            found.add(head)
        elif QUOTED_PASSAGE in reply:
            found.add(PASSAGE_TOPIC)
        rest = answer_topic.split(":", 1)[1] if ":" in answer_topic else ""
        if head == "faq":
            found |= routed_topics().get(rest, frozenset())  # an article the topic is routed to
        if head == NOT_COVERED_TOPIC and rest.startswith("ask_"):
            found.add(rest)  # not_covered:ask_late_fee: a late-fee answer saying the data does not cover it
    if FALLBACK_INTENT in found:
        found.add(OUT_OF_SCOPE)
    return found


def _quote(strings: Iterable[str]) -> str:
    return " / ".join(f"「{s}」" for s in strings)


def grade(case: Case, outcome: RunOutcome) -> Grade:
    if outcome.error:
        return Grade(BAD, (f"error: {outcome.error}",))
    reply = to_simplified(outcome.text)
    bad: list[str] = []
    partial: list[str] = []
    if not topics_of(outcome.intent, outcome.answer_topic, reply) & set(case.topics):
        bad.append(
            f"wrong topic: intent {outcome.intent or '(none)'}, answer_topic "
            f"{outcome.answer_topic or '(none)'}; expected {', '.join(case.topics)}"
        )
    present = [s for s in case.must_not if s in reply]
    if present:
        bad.append(f"must_not present: {_quote(present)}")
    if case.no_figures:
        found = figures(reply)
        if found:
            bad.append(f"figure where none belongs: {_quote(found)}")
    for alternatives in case.must:
        if not any(s in reply for s in alternatives):
            label = "must missing" if len(alternatives) == 1 else "must missing (any of)"
            partial.append(f"{label}: {_quote(alternatives)}")
    if case.first_line and not any(says_affirmed(first_line(reply), s) for s in case.first_line):
        partial.append(f"first line lacks the {case.aspect} answer (any of {_quote(case.first_line)})")
    if bad:
        return Grade(BAD, (*bad, *partial))
    return Grade(PARTIAL, tuple(partial)) if partial else Grade(GOOD, ())


def verdict_counts(verdicts: Sequence[str]) -> dict[str, int]:
    return {verdict: sum(v == verdict for v in verdicts) for verdict in VERDICTS}
