"""FAQ retrieval: score articles against a question by keyword hits and character-bigram overlap.

Articles live in data files (data/policy/faq/), so a bureau adds or edits an answer without retraining
the NLU model: the model only decides that the user asks a policy question; this picks the article.
``FaqRouting`` (data/policy/faq_routing.yml) lets a topic intent answer a procedure question with one of its
articles, so questions are labelled by topic and the classifier never tells 多少钱 from 带什么材料.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot import paths
from bot.kb.model import FaqArticle
from bot.kb.store import PolicyStore

MIN_SCORE = 3.0  # below this no article is confident enough to answer (real matches score 6 and more)
# Question words say how something is asked, not what about: they never count as overlap (社保怎么样 shares
# 怎么 and 么样 with 什么样的企业算严重困难, and the rarer a bigram the more it would weigh).
QUESTION_BIGRAMS = frozenset(
    {"怎么", "么样", "怎样", "什么", "么办", "如何", "哪些", "哪里", "多少", "是否", "能否"}
)


# 缴 and 交 are written for each other (补缴 / 补交, 缴费 / 交费): read alike when matching
_SAME_CHARACTERS = str.maketrans({"缴": "交"})


def bigrams(text: str) -> Counter[str]:
    text = text.translate(_SAME_CHARACTERS)
    chars = [c for c in text if not c.isspace() and c not in "，。？！、,.?!：:；;“”\"'（）()"]
    grams = Counter(a + b for a, b in itertools.pairwise(chars))
    for gram in QUESTION_BIGRAMS & grams.keys():
        del grams[gram]
    return grams


# who a verb is done to, between the verb and its object (不给我们交社保, 帮员工办参保): keywords are written
# without it (不给交社保), so a question matches them with these words taken out as well as with them
PERSON_WORDS = re.compile(r"我们|咱们|我|员工|职工|工人|大家|他们|他|她")


def _without_persons(question: str) -> str:
    return PERSON_WORDS.sub("", question)


@lru_cache(maxsize=1)
def _foreigner() -> re.Pattern[str]:
    """美国同事 / 韩国籍工程师 / 英国人: a person of another country (answering.yml ``countries``)."""
    raw = yaml.safe_load((paths.POLICY_DATA_DIR / "answering.yml").read_text(encoding="utf-8")) or {}
    names = "|".join(re.escape(str(c)) for c in raw.get("countries") or ())
    return re.compile(
        rf"(?:{names})(?:籍|人|的同事|同事|员工|工程师|专家|小伙|姑娘|朋友)" if names else r"(?!)"
    )


def _with_nationality(question: str) -> str:
    """A person of a country named is a foreign national to the articles (外籍), whichever country it is —
    the articles name only some countries."""
    return f"{question} 外籍" if _foreigner().search(question) else question


# a question that names no place: another city's article counts this much of a national one
UNNAMED_PLACE_FACTOR = 0.85
# a place remembered from earlier turns, not named in this question: another city's article counts this much
REMEMBERED_PLACE_FACTOR = 0.6
# FaqIndex._distinctive_first: the runner-up may come first only when it scores this share of the best
RUNNER_UP_SHARE = 0.6
# an article that names none of the schemes the question names (以工代训补贴 asked, an article on the
# graduates' flexible-employment subsidy found by 毕业生 / 补贴 / 最长) counts this much: it is about
# another scheme; the schemes are listed in faq_routing.yml (``schemes``)
OTHER_SCHEME_FACTOR = 0.5


@dataclass(frozen=True, slots=True)
class FaqHit:
    article: FaqArticle
    score: float


class FaqIndex:
    def __init__(self, store: PolicyStore, schemes: tuple[str, ...] | None = None):
        """``schemes``: the scheme names of faq_routing.yml (read from it when not given)."""
        self.store = store
        self.articles = list(store.faq_articles())
        self._grams = [bigrams(" ".join((a.title, *a.questions, *a.keywords))) for a in self.articles]
        self._keywords = [tuple(k.translate(_SAME_CHARACTERS) for k in a.keywords) for a in self.articles]
        document_frequency: Counter[str] = Counter()
        for grams in self._grams:
            document_frequency.update(set(grams))
        total = len(self.articles) or 1
        self._idf = {g: math.log(1 + total / n) for g, n in document_frequency.items()}
        if schemes is None:
            schemes = FaqRouting.load().schemes
        self._schemes = tuple(s.translate(_SAME_CHARACTERS) for s in schemes)
        self._texts = [self._text(a).translate(_SAME_CHARACTERS) for a in self.articles]

    def _other_scheme(self, question: str, article_text: str) -> bool:
        """The question names a scheme (以工代训) and the article names none of the schemes it names."""
        named = [s for s in self._schemes if s in question]
        # a longer scheme name holds a shorter one (一次性生活补助 / 生活补助): the longest ones decide
        named = [s for s in named if not any(s != o and s in o for o in named)]
        return bool(named) and not any(s in article_text for s in named)

    def names_another_scheme(self, question: str, article: FaqArticle) -> bool:
        """The question names a scheme (失业保险费率) that the article does not (工伤保险费率 only)."""
        index = next((i for i, a in enumerate(self.articles) if a.id == article.id), None)
        if index is None:
            return False
        return self._other_scheme(question.translate(_SAME_CHARACTERS), self._texts[index])

    def _names(self, question: str, region_id: str) -> bool:
        """The question itself names the region (北京 / 北京市 / an alias), rather than an earlier turn."""
        region = self.store.kb.regions.get(region_id)
        if region is None:
            return False
        return any(name and name in question for name in (region.name, region.short_name, *region.aliases))

    def search(
        self, question: str, region: str | None = None, limit: int = 3, min_score: float = MIN_SCORE
    ) -> list[FaqHit]:
        """Best articles for ``question``; with a region, only its own articles and those of its province and
        the country (another city's rule is never given as this city's).

        ``min_score`` lower than MIN_SCORE serves a choice already narrowed to a few articles (the ones routed
        for a topic and an aspect), where the best of them is wanted even on a weak match."""
        question = _with_nationality(question.translate(_SAME_CHARACTERS))
        query = bigrams(question)
        bare = _without_persons(question)
        chain = {r.id for r in self.store.region_chain(region)} if region else set()
        named = bool(region) and self._names(question, str(region))
        hits = []
        for article, grams, keywords, text in zip(
            self.articles, self._grams, self._keywords, self._texts, strict=True
        ):
            overlap = sum(self._idf.get(g, 0.0) * min(n, grams[g]) for g, n in query.items() if g in grams)
            keyword = sum(1.5 + 0.3 * len(k) for k in keywords if k in question or k in bare)
            score = overlap / (1 + math.sqrt(len(query))) + keyword
            if self._other_scheme(question, text):
                score *= OTHER_SCHEME_FACTOR
            if region and article.region not in chain:
                if named:
                    continue  # another city's rule never answers for the city named (乌海 asked, 上海's rule)
                score *= REMEMBERED_PLACE_FACTOR  # the place is only remembered from earlier turns
            if not region and article.region != "national":
                score *= UNNAMED_PLACE_FACTOR  # no place named: a national rule applies, a local one may not
            if score > 0:
                hits.append(FaqHit(article, round(score, 3)))
        hits.sort(key=lambda hit: -hit.score)
        hits = self._distinctive_first(hits, question, bare)
        return [hit for hit in hits[:limit] if hit.score >= min_score]

    def _distinctive_first(self, hits: list[FaqHit], question: str, bare: str) -> list[FaqHit]:
        """The runner-up first when the best article matches only through keywords the runner-up's own text
        also holds (城乡居民养老保险, in both of 乌海's pension articles) while the runner-up matches one of
        its own (低保, never in the catch-up article): the question is about the runner-up's subject.
        Only between close scores (RUNNER_UP_SHARE) and articles of the same place."""
        if len(hits) < 2 or hits[1].score < RUNNER_UP_SHARE * hits[0].score:
            return hits
        first, second = hits[0], hits[1]
        if first.article.region != second.article.region:
            return hits  # a place's own article is never put behind a national one (or another place's)

        def distinctive(article: FaqArticle, other: FaqArticle) -> list[str]:
            # a date or figure keyword (2月) is the article's own even when the other's text has the same
            # characters as a value (2020年2月3日): values in an answer are not its subject
            text = self._text(other)
            return [
                k
                for k in article.keywords
                if (k in question or k in bare) and (k not in text or any(c.isdigit() for c in k))
            ]

        if not distinctive(first.article, second.article) and distinctive(second.article, first.article):
            return [second, first, *hits[2:]]
        return hits

    @staticmethod
    def _text(article: FaqArticle) -> str:
        return " ".join((article.title, article.answer, *article.questions, *article.keywords))


@dataclass(frozen=True)
class FaqRouting:
    """Which FAQ articles answer a procedure question under a topic intent (data/policy/faq_routing.yml)."""

    procedure_words: tuple[str, ...]
    articles: dict[str, tuple[str, ...]]
    schemes: tuple[str, ...] = ()  # names of schemes (以工代训…): FaqIndex's OTHER_SCHEME_FACTOR

    @classmethod
    def load(cls, path: Path | None = None) -> FaqRouting:
        raw = (
            yaml.safe_load((path or paths.POLICY_DATA_DIR / "faq_routing.yml").read_text(encoding="utf-8"))
            or {}
        )
        return cls(
            tuple(str(w) for w in raw.get("procedure_words") or ()),
            {str(k): tuple(str(a) for a in v) for k, v in (raw.get("articles") or {}).items()},
            tuple(str(s) for s in raw.get("schemes") or ()),
        )

    def is_procedure(self, question: str) -> bool:
        return any(word in question for word in self.procedure_words)

    def article_ids(self, intent: str) -> tuple[str, ...]:
        return self.articles.get(intent, ())
