"""Correct pinyin-input typos of domain terms: 社报 → 社保, 失业经 → 失业金, 稳刚返还 → 稳岗返还.

People type Chinese with a pinyin keyboard, so their typos are characters that sound alike. A window of
the text is replaced by a domain term (from the jieba domain dictionary, i.e. from the data) when

* its toneless pinyin equals the term's, allowing the usual fuzzy-pinyin pairs (in/ing, en/eng, an/ang,
  z/zh, c/ch, s/sh),
* it differs from the term in exactly one character,
* the window is not itself a word jieba knows (实业 stays 实业; only non-words are corrected), nor two
  such words (失业单位 stays 失业单位: 养老、失业单位缴费 is no 事业单位),
* the changed character is not part of a known word crossing the window's edge (北京失业 keeps its 失,
  because 失业 continues past 北京失; 北京月 keeps its 京, because 北京 starts before 京月), and it is not
  one of the very common characters (是, 和, 上, 在…) that are far more often meant than mistyped.

Replacements keep the length, so the normaliser's offset map stays exact.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin, pinyin

from bot import paths

# variant spellings of the domain (缴费/交费), magnitudes, and 差 of 离退休还差 / 差不到一年 (not 查):
# never typos
MEANT = set("缴交万千百亿差")
COMMON_CHAR_FREQUENCY = 100_000  # jieba frequency above which a character is taken as meant (是 796991)
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"))
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))


def fuzzy(syllable: str) -> str:
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    for long, short in _FUZZY_FINALS:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    return syllable


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


class TermCorrector:
    def __init__(self, terms: Iterable[str], known_words: set[str] | dict[str, int]):
        self.known = known_words
        self.index: dict[tuple[str, ...], str | None] = {}
        for term in terms:
            if len(term) < 2 or not _is_cjk(term):
                continue
            key = tuple(fuzzy(p) for p in lazy_pinyin(term, style=Style.NORMAL))
            self.index[key] = (
                None if key in self.index and self.index[key] != term else term
            )  # ambiguous: skip
        self.terms = {t for t in self.index.values() if t}
        self.lengths = sorted({len(t) for t in self.terms}, reverse=True)

    def corrections(self, text: str) -> list[tuple[int, str]]:
        """(position, replacement) pairs, non-overlapping, left to right."""
        if not self.terms or not text:
            return []
        # a non-Chinese run gives one item per character (a list, which pypinyin accepts though its stub
        # says str), so the syllables stay aligned with the text
        one_per_char: Any = list
        syllables = [fuzzy(p) for p in lazy_pinyin(text, style=Style.NORMAL, errors=one_per_char)]
        if len(syllables) != len(text):
            return []
        found, position = [], 0
        while position < len(text):
            for length in self.lengths:
                window = text[position : position + length]
                if len(window) < length or not _is_cjk(window):
                    continue
                term = self._term_for(window, syllables[position : position + length])
                if (
                    term
                    and term != window
                    and sum(a != b for a, b in zip(term, window, strict=True)) == 1
                    and window not in self.known
                    and window not in self.terms
                    and not self._two_words(window)
                    and self._plausible(text, position, length, term)
                ):
                    found.append((position, term))
                    position += length - 1
                    break
            position += 1
        return found

    def _term_for(self, window: str, syllables: list[str]) -> str | None:
        """The term this window's sound is, read as in context or with one of its characters that the term
        has too read another way: pypinyin reads 还 of 稳岗反还 as hai (no word holds it), while the term
        稳岗返还 has huan. The character read otherwise is never the mistyped one (才 is also read zai, but
        才申请 is no 再申请)."""
        term = self.index.get(tuple(syllables))
        if term is not None:
            return term
        for position, char in enumerate(window):
            for other in _readings(char):
                if other != syllables[position]:
                    term = self.index.get((*syllables[:position], other, *syllables[position + 1 :]))
                    if term is not None and term[position] == char:
                        return term
        return None

    def _two_words(self, window: str) -> bool:
        """The window is two known words of two characters or more (养老、失业|单位缴费 is no 事业单位
        mistyped: 失业 and 单位 are both words); a typo leaves a piece that is no word (失业|经,
        稳|刚|返还)."""
        return any(
            window[:cut] in self.known and window[cut:] in self.known for cut in range(2, len(window) - 1)
        )

    def _plausible(self, text: str, start: int, length: int, term: str) -> bool:
        changed = start + next(
            i for i, (a, b) in enumerate(zip(term, text[start : start + length], strict=True)) if a != b
        )
        if (
            self.known.get(text[changed], 0) > COMMON_CHAR_FREQUENCY
            if isinstance(self.known, dict)
            else False
        ):
            return False
        if text[changed] in MEANT:
            return False
        end = start + length
        for begin in range(max(0, changed - 4), changed + 1):  # a known word through the changed char
            for stop in range(changed + 1, min(len(text), begin + 6) + 1):  # that crosses the window's edge
                if stop - begin >= 2 and (begin < start or stop > end) and text[begin:stop] in self.known:
                    return False
        return True


@lru_cache(maxsize=4096)
def _readings(char: str) -> tuple[str, ...]:
    """Every toneless, fuzzy reading of a character with more than one (还: hai, huan); () otherwise."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True)
    readings = tuple(dict.fromkeys(fuzzy(r) for r in found[0])) if found else ()
    return readings if len(readings) > 1 else ()


@lru_cache(maxsize=1)
def default_corrector() -> TermCorrector:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    terms = []
    for path in sorted(paths.JIEBA_DICT_DIR.glob("*.txt")):
        terms += [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return TermCorrector(terms, jieba.dt.FREQ)
