"""What a question asks: its aspect (amount, duration, yes/no…), its topic, and its sub-questions.

The NLU decides a message's topic (the intent); a topic alone does not say whether the user wants the
figure, a yes or no, how long, or what to bring. This module reads that from the words of the question
(data/policy/answering.yml, editable without retraining) and splits a message holding two questions
(北京失业金多少？能领几个月) so that each gets its own answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import paths

AMOUNT = "amount"
DURATION = "duration"
ELIGIBILITY = "eligibility"
CONDITIONS = "conditions"
PROCEDURE = "procedure"
DEADLINE = "deadline"
CONTACT = "contact"
COMPARISON = "comparison"
DEFINITION = "definition"
LEGALITY = "legality"
ASPECTS = (AMOUNT, DURATION, ELIGIBILITY, CONDITIONS, PROCEDURE, DEADLINE, CONTACT, COMPARISON, DEFINITION,
           LEGALITY)

QUESTION_MARKS = ("?", "吗", "么", "嘛", "呢", "多少", "几", "怎么", "如何", "哪", "啥", "什么", "能否", "是否",
                  "能不能", "可不可以", "有没有", "求解答", "请问", "想问", "咨询")
MIN_QUESTION_CHARS = 3  # a piece shorter than this (好的？) is not a question of its own


@dataclass(frozen=True)
class AspectRule:
    aspect: str
    words: tuple[str, ...]
    weak: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    aspect_rules: tuple[AspectRule, ...]
    topics: tuple[tuple[str, tuple[str, ...]], ...]
    joiners: tuple[str, ...]
    raw: dict[str, Any]

    @classmethod
    def load(cls, path: Path | None = None) -> Vocabulary:
        raw = yaml.safe_load((path or paths.POLICY_DATA_DIR / "answering.yml").read_text(encoding="utf-8")) or {}
        rules = []
        for entry in raw.get("aspects") or []:
            if entry["aspect"] not in ASPECTS:
                raise ValueError(f"answering.yml: unknown aspect {entry['aspect']!r}")
            rules.append(AspectRule(entry["aspect"], tuple(str(w) for w in entry.get("words") or ()),
                                    tuple(str(w) for w in entry.get("weak") or ())))
        topics = tuple((str(intent), tuple(str(w) for w in words)) for intent, words in (raw.get("topics") or {}).items())
        return cls(tuple(rules), topics, tuple(str(w) for w in raw.get("question_joiners") or ()), raw)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


def _contains(text: str, word: str) -> bool:
    if word.endswith("?"):  # 不? / 没?: the word at the end of a question (可以领不?)
        stem = word[:-1]
        return bool(re.search(re.escape(stem) + r"[?。!]*$", text))
    return word in text


def aspect_of(text: str, vocab: Vocabulary | None = None) -> str | None:
    """The aspect a question asks about, or None when its words do not say (a bare topic: 失业金)."""
    vocab = vocab or vocabulary()
    weak_hit = None
    for rule in vocab.aspect_rules:
        if any(_contains(text, word) for word in rule.words):
            return rule.aspect
        if weak_hit is None and any(_contains(text, word) for word in rule.weak):
            weak_hit = rule.aspect
            continue
    return weak_hit


def topic_of(text: str, vocab: Vocabulary | None = None) -> str | None:
    """The topic intent a question's words name (失业补助金 → ask_unemployment_subsidy), or None."""
    vocab = vocab or vocabulary()
    best: tuple[int, int, str] | None = None  # earliest mention wins; at one position, the longer word
    for order, (intent, words) in enumerate(vocab.topics):
        for word in words:
            position = text.find(word)
            if position >= 0:
                key = (position, -len(word) * 100 + order, intent)
                if best is None or key < best:
                    best = key
    return best[2] if best else None


def asks_question(text: str) -> bool:
    return any(mark in text for mark in QUESTION_MARKS)


@dataclass(frozen=True)
class SubQuestion:
    text: str
    aspect: str | None
    topic: str | None  # from the words; the first question's topic is the NLU intent when it has none


def split_questions(text: str, vocab: Vocabulary | None = None) -> list[SubQuestion]:
    """The questions of one message, in order: split at punctuation and joiners (另外, 还有…).

    Pieces that ask nothing (a greeting, context such as 我在长春上班) are joined to the question that
    follows them, so every sub-question keeps the facts stated before it.
    """
    vocab = vocab or vocabulary()
    cleaned = text.strip()
    if not cleaned:
        return []
    pattern = "|".join(re.escape(j) for j in sorted(vocab.joiners, key=len, reverse=True))
    marked = re.sub(r"([?？;；。!！,，])", r"\1\n", cleaned)
    if pattern:
        marked = re.sub(f"({pattern})", r"\n\1", marked)
    pieces = [p.strip(" ,，") for p in marked.split("\n") if p.strip(" ,，?;；。!")]
    questions: list[str] = []
    context = ""
    for piece in pieces:
        if asks_question(piece) and len(piece) >= MIN_QUESTION_CHARS:
            questions.append(context + piece)
            context = ""
        else:
            context += piece.rstrip("?？;；。!！,，") + "，"
    if context and questions:
        questions[-1] += "，" + context.rstrip("，")
    if not questions:
        questions = [cleaned]
    return [SubQuestion(q, aspect_of(q, vocab), topic_of(q, vocab)) for q in questions]


def analyse(text: str, intent: str | None = None) -> dict[str, Any]:
    """The analysis the NLU component adds to the parse: the message's aspect and its sub-questions."""
    questions = split_questions(text)
    first = questions[0] if questions else None
    return {
        "aspect": first.aspect if first else None,
        "questions": [
            {"text": q.text, "aspect": q.aspect, "topic": (intent if i == 0 and intent else q.topic)}
            for i, q in enumerate(questions)
        ],
    }
