"""Is a question about what the documents cover? Neighbouring domains and uncovered social-insurance topics.

Two lists in data/policy/answering.yml: ``neighbour_domains`` are not social insurance at all (car
insurance, taxes, telecom…): the reply is a polite "not social insurance" with no policy figure.
``uncovered_topics`` are social insurance the five 2020 documents do not treat (retirement, pension
amounts, maternity…): the reply names the topic, says the documents do not cover it and gives the hotline.
A question that an FAQ article listed under ``unless_faq`` answers is in scope after all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot import paths
from bot.answers import wordmatch

# a topic word that is partly the question (能报销, 几号扣, 怎么转过去) is not echoed as the thing asked about
_QUESTION_PARTS = ("能", "怎么", "多少", "几", "什么", "可以", "算不算", "是不是", "哪天", "多大", "百分之")
NEIGHBOUR = "neighbour"
UNCOVERED = "uncovered"


@dataclass(frozen=True)
class ScopeTopic:
    id: str
    name: str
    words: tuple[str, ...]
    kind: str  # NEIGHBOUR or UNCOVERED
    line: str | None = None  # a directory office that answers it, when the documents print one
    unless_faq: tuple[
        str, ...
    ] = ()  # FAQ articles that answer it after all, when ``unless_words`` are present
    unless_words: tuple[str, ...] = ()  # words that make the question one the documents do answer
    # words that always make it a question of the documents (退休年龄 beside 失业金: the extension to it)
    in_scope_words: tuple[str, ...] = ()
    # words that name the topic beyond doubt, whatever ``unless_words`` are there too (台湾那边的劳保 from a
    # Taiwan resident working in 长春: Taiwan's scheme, not the mainland's)
    always_words: tuple[str, ...] = ()
    # a passage answers it only when it names one of the words asked (异地就医备案 is not answered by a
    # passage on seeing a doctor with the card's receipt, which is "related" by its other words)
    passage_names_word: bool = False
    # what no document states, so no passage may stand in for it (多少岁退休: no document gives an age)
    no_passage_words: tuple[str, ...] = ()

    def unless_applies(self, text: str) -> bool:
        """The question holds an ``unless_words`` word and none of ``always_words``."""
        return any(word in text for word in self.unless_words) and not any(
            word in text for word in self.always_words
        )

    def first_match(self, text: str) -> int | None:
        """Where the earliest of this topic's words stands in ``text`` (None when none is there)."""
        found = [position for word in self.words if (position := wordmatch.find(text, word)) >= 0]
        return min(found) if found else None

    def asked_as(self, text: str) -> str:
        """The topic's name, led by the user's own word when the name does not hold it (病退 → “病退”
        （退休年龄和退休手续）): the reply says which thing asked about the documents do not cover."""
        found = [word for word in self.words if not wordmatch.is_pattern(word) and word in text]
        # 多少岁退休: a fragment (岁退休) of a longer word matched is not what was said, even when the longer
        # one is left out below for holding the question (多少)
        found = [word for word in found if not any(word != longer and word in longer for longer in found)]
        said = [
            word
            for word in found
            if word not in self.name
            and not (len(word) > 2 and word[:-1] in self.name)  # 养老金涨: the name says 养老金
            and not any(q in word for q in _QUESTION_PARTS)
        ]
        if not said:
            return self.name
        said.sort(key=text.find)
        return f"“{'、'.join(said[:2])}”（{self.name}）"


@lru_cache(maxsize=4)
def scope_topics(path: Path | None = None) -> tuple[ScopeTopic, ...]:
    raw = yaml.safe_load((path or paths.POLICY_DATA_DIR / "answering.yml").read_text(encoding="utf-8")) or {}
    topics = []
    for kind, key in ((NEIGHBOUR, "neighbour_domains"), (UNCOVERED, "uncovered_topics")):
        for entry in raw.get(key) or []:
            topics.append(
                ScopeTopic(
                    str(entry["id"]),
                    str(entry["name"]),
                    tuple(str(w) for w in entry["words"]),
                    kind,
                    entry.get("line"),
                    tuple(entry.get("unless_faq") or ()),
                    tuple(str(w) for w in entry.get("unless_words") or ()),
                    tuple(str(w) for w in entry.get("in_scope_words") or ()),
                    tuple(str(w) for w in entry.get("always_words") or ()),
                    bool(entry.get("passage_names_word", False)),
                    tuple(str(w) for w in entry.get("no_passage_words") or ()),
                )
            )
            wordmatch.check(topics[-1].words)
    return tuple(topics)


# 要是这期间开始领退休金了，补助金还接着发吗: a clause stating a condition, up to its comma
CONDITION_CLAUSE = re.compile(r"(?:要是|如果|假如|假设|万一|若是)[^，,。；;？?！!]{1,24}[，,]")

# …，补助金还接着发吗 / 还能继续领吗 / 会停发吗: whether a benefit already drawn goes on
STILL_PAID = re.compile(
    r"还(?:会|能|可以)?(?:接着|继续)?(?:发|领|给|拿|享受)|(?:接着|继续)(?:发|领|给|拿|享受)|停发|会停"
)


def _without_conditions(text: str) -> str:
    """The question without the clauses stating a condition, when what is left still names a covered
    topic (补助金还接着发吗): an uncovered topic inside the condition (退休金) is not what is asked."""
    from bot.answers.aspects import topic_of  # late: aspects reads the vocabulary this module is beside

    rest = CONDITION_CLAUSE.sub("，", text)
    asks_on = topic_of(rest) or social_insurance_word(rest) or STILL_PAID.search(rest)
    return rest if rest != text and asks_on else text


def out_of_scope_topic(text: str) -> ScopeTopic | None:
    """The neighbouring domain or uncovered topic a question is about: neighbouring domains first, then
    the topic whose word comes first in the question (我们公司有企业年金，离职了能取出来吗 is about the
    annuity, not about withdrawing contributions), the one listed first on a tie. An uncovered topic named
    only in a condition of a question about a covered one is none (see _without_conditions)."""
    asked = _without_conditions(text)
    for kind in (NEIGHBOUR, UNCOVERED):
        text = asked if kind == UNCOVERED else text
        matches = [
            (position, order, topic)
            for order, topic in enumerate(scope_topics())
            if topic.kind == kind
            and (position := topic.first_match(text)) is not None
            # 上班途中出了交通事故…工伤认定: a neighbouring word its unless words dismiss leaves the
            # question to the other topics (the uncovered work injury), not to no topic at all
            and not (kind == NEIGHBOUR and topic.unless_applies(text) and not topic.unless_faq)
        ]
        if matches:
            return min(matches, key=lambda match: match[:2])[2]
    return None


@lru_cache(maxsize=4)
def social_insurance_words(path: Path | None = None) -> tuple[str, ...]:
    raw = yaml.safe_load((path or paths.POLICY_DATA_DIR / "answering.yml").read_text(encoding="utf-8")) or {}
    return tuple(str(w) for w in raw.get("social_insurance_words") or ())


def social_insurance_word(text: str) -> str | None:
    """The first social-insurance word of a message (养老, 医保…): an unanswered question that has one is
    a social-insurance question the documents do not cover, never "outside my service"."""
    found = [(text.find(w), -len(w), w) for w in social_insurance_words() if w in text]
    return min(found)[2] if found else None
