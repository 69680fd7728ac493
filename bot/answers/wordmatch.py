"""Matching the word lists of data/policy/answering.yml: a plain word, or a pattern written ``re:…`` for a
phrase with other words inside it (单位那部分养老失业还要交吗, 养老金今年每个月涨多少)."""

from __future__ import annotations

import re
from functools import lru_cache

PATTERN_PREFIX = "re:"


def is_pattern(word: str) -> bool:
    return word.startswith(PATTERN_PREFIX)


@lru_cache(maxsize=512)
def _compiled(word: str) -> re.Pattern[str]:
    if not is_pattern(word):
        return re.compile(re.escape(word))
    try:
        return re.compile(word.removeprefix(PATTERN_PREFIX))
    except (
        re.error
    ) as error:  # a bureau's edit of answering.yml: say which entry, not a stack trace mid-reply
        raise ValueError(f"answering.yml: the pattern {word!r} does not compile ({error})") from error


def check(words: tuple[str, ...] | list[str]) -> None:
    """Compile every ``re:`` entry of a word list now, so a malformed one fails when the list is loaded."""
    for word in words:
        _compiled(word)


def spans(text: str, word: str) -> list[tuple[int, int]]:
    """Where ``word`` (a plain word or a ``re:`` pattern) stands in ``text``, in order."""
    return [(m.start(), m.end()) for m in _compiled(word).finditer(text)]


def find(text: str, word: str) -> int:
    """The first position of ``word`` in ``text``, -1 when it is not there (as str.find)."""
    if not is_pattern(word):
        return text.find(word)
    match = _compiled(word).search(text)
    return match.start() if match else -1
