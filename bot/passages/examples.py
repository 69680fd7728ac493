"""Questions a passage answers, as users ask them (data/policy/passage_questions.yml): the bridge between
the words people type (被裁了, 咋办, 公司) and the words the documents use (解除劳动合同, 用人单位).

Lexical retrieval finds a passage by the words it shares with a question; a citizen's question often
shares few. Each passage may list questions it answers, written by the team in users' style (the
"doc2query" expansion of document retrieval, written instead of generated). A user's question is compared
with every example question: the idf-weighted Dice overlap of their words (synonyms of passages.yml count
as one word), and a passage scores its best example. The index blends this with its own relevance.

An entry names its passage by document and a verbatim quote from it (spaces and line breaks ignored), so
the examples stay attached when passages are re-cut; a quote that no passage, or more than one, of that
document holds is an error naming the entry.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bot.kb.verify import squash
from bot.passages.corpus import Passage
from bot.passages.tokens import Tokenizer

EXAMPLES_FILE = "passage_questions.yml"
# A resemblance this weak is chance (两个问题都问社保) and counts nothing; above it, the share of the way
# to 1. Chosen on the calibration half of tests/passages/retrieval.yml (0, 0.2, 0.3, 0.4 tried).
RESEMBLANCE_FLOOR = 0.2


@dataclass(frozen=True, slots=True)
class ExampleEntry:
    document: str
    quote: str
    questions: tuple[str, ...]


class ExampleError(ValueError):
    """passage_questions.yml names a passage that cannot be found; ``issues`` lists every problem."""

    def __init__(self, issues: list[str]):
        self.issues = issues
        super().__init__("problem(s) in passage_questions.yml:\n" + "\n".join(f"  - {i}" for i in issues))


def read_examples(policy_dir: Path) -> list[ExampleEntry]:
    """The entries of passage_questions.yml ([] when the file does not exist)."""
    path = policy_dir / EXAMPLES_FILE
    if not path.exists():
        return []
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ExampleError([f"cannot read: {exc}"]) from exc
    entries, issues = [], []
    for index, item in enumerate(raw.get("passages") or ()):
        if not isinstance(item, dict) or not item.get("document") or not item.get("quote"):
            issues.append(f"passages[{index}]: needs document and quote")
            continue
        questions = item.get("questions") or []
        if not isinstance(questions, list) or not all(isinstance(q, str) and q.strip() for q in questions):
            issues.append(f"passages[{index}] ({item['document']}): questions must be a list of texts")
            continue
        entries.append(ExampleEntry(str(item["document"]), str(item["quote"]), tuple(questions)))
    if issues:
        raise ExampleError(issues)
    return entries


def attach(entries: Sequence[ExampleEntry], passages: Sequence[Passage]) -> list[tuple[int, str]]:
    """(passage position, question) for every example; raises naming every entry whose quote is in no
    passage of its document, or in passages that differ."""
    squashed = [squash(p.text) for p in passages]
    pairs, issues = [], []
    for index, entry in enumerate(entries):
        quote = squash(entry.quote)
        found = [
            i
            for i, (passage, text) in enumerate(zip(passages, squashed, strict=True))
            if passage.document_id == entry.document and quote in text
        ]
        # a quote that is a whole passage names it, even where a longer passage repeats it
        found = [i for i in found if squashed[i] == quote] or found
        # a passage printed twice (a notice's table repeated in its interpretation) gets the examples twice
        if len({squashed[i] for i in found}) != 1:
            what = "no passage" if not found else f"{len(found)} different passages"
            issues.append(f"passages[{index}]: {entry.document} {entry.quote!r} is in {what}")
            continue
        pairs += [(i, question) for i in found for question in entry.questions]
    if issues:
        raise ExampleError(issues)
    return pairs


class ExampleMatcher:
    """Scores every passage by the example question most like a user's question."""

    def __init__(self, tokenizer: Tokenizer, pairs: Sequence[tuple[int, str]], passage_count: int):
        self._tokenizer = tokenizer
        self._passage_count = passage_count
        self._owner = np.array([position for position, _ in pairs], dtype=int)
        keyed = [self._keys(question) for _, question in pairs]
        frequency: dict[str, int] = {}
        for keys in keyed:
            for key in keys:
                frequency[key] = frequency.get(key, 0) + 1
        n = max(len(pairs), 1)
        self._idf = {key: math.log(1 + (n - df + 0.5) / (df + 0.5)) for key, df in frequency.items()}
        self._unknown = math.log(1 + (n - 0.5) / 1.5)  # a word no example uses: as rare as one used once
        self._postings: dict[str, list[int]] = {}
        for row, keys in enumerate(keyed):
            for key in keys:
                self._postings.setdefault(key, []).append(row)
        self._size = np.array([sum(self._idf[key] for key in keys) for keys in keyed], dtype=float)

    def __len__(self) -> int:
        return len(self._owner)

    def _keys(self, text: str) -> set[str]:
        return {self._tokenizer.synonym_key(token) for token in self._tokenizer.tokens(text)}

    def scores(self, question: str) -> np.ndarray:
        """Per passage: the best Dice overlap (idf-weighted) of the question's words with one of its
        examples, above RESEMBLANCE_FLOOR and rescaled to [0, 1]; 0 for a passage without examples."""
        best = np.zeros(self._passage_count)
        keys = self._keys(question)
        if not keys or not len(self._owner):
            return best
        overlap = np.zeros(len(self._owner))
        own_size = 0.0
        for key in keys:
            weight = self._idf.get(key, self._unknown)
            own_size += weight
            overlap[self._postings.get(key, [])] += weight
        dice = 2 * overlap / (own_size + self._size)
        dice = np.clip((dice - RESEMBLANCE_FLOOR) / (1 - RESEMBLANCE_FLOOR), 0, None)
        np.maximum.at(best, self._owner, dice)
        return best
