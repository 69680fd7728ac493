"""BM25 search over the passages, with region preference and a score comparable across questions.

Score: BM25 (bm25s, Lucene variant) of a passage divided by the most any passage could score for this
question, the sum of the question's word weights (idf). A question word no document uses counts with the
weight of the rarest word, so 沈阳 or 2023年 in a question lowers every score instead of being ignored.
The result is the share of the question a passage covers, in [0, 1], and one threshold serves every
question (calibrated by scripts/evaluate_passages.py).

Regions: a question about a city (the ``region`` argument, else a region named in the text) is answered
from that city, its province and national documents only; a passage of another region may still be listed
by :meth:`PassageIndex.search` after them, never first and never as :meth:`PassageIndex.best`.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from bot import paths
from bot.passages.config import PassageConfig, load_config
from bot.passages.corpus import Passage, build_passages
from bot.passages.tokens import Tokenizer

K1, B = 1.2, 0.75
MAX_QUERY_CHARS = 200  # longer than any question: a pasted text is not a question to answer by a quote
PARENT_FACTOR = 0.95  # a province's passage counts this much of a city's, the country's this squared
LEXICON_FILE = paths.REPO_ROOT / "data" / "lexicon" / "vocabulary.yml"
DOMAIN_DICT = paths.JIEBA_DICT_DIR / "domain_dict.txt"


@dataclass(frozen=True, slots=True)
class PassageHit:
    passage: Passage
    score: float  # share of the question the passage covers, times the region preference; in [0, 1]
    region_match: bool  # of the question's region or one of its parents (True when no region applies)
    confident: bool  # score at or above the calibrated threshold and region_match


def fingerprint(seeds_dir: Path, policy_dir: Path) -> str:
    """Hash of everything the index is built from: a changed document or boundary map rebuilds it."""
    digest = hashlib.sha256()
    files = [*sorted(seeds_dir.glob("*.txt")), policy_dir / "passages.yml", policy_dir / "documents.yml",
             policy_dir / "regions.yml", DOMAIN_DICT, LEXICON_FILE]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def _normalise_question(text: str) -> str:
    """The assistant's own normaliser (Traditional → Simplified, full-width, numerals, typos of terms)."""
    from bot.text.normalize import normalize  # imported late: it loads OpenCC and the spelling corrector

    return normalize(text).text


class PassageIndex:
    """Passages of the seed documents and a BM25 index over them; build with :meth:`load`."""

    _cache: dict[tuple[Path, Path], PassageIndex] = {}  # noqa: RUF012 - one index per data location
    _lock = threading.Lock()

    def __init__(self, passages: list[Passage], config: PassageConfig, tokenizer: Tokenizer, key: str):
        self.passages = passages
        self.config = config
        self.threshold = config.threshold
        self.fingerprint = key
        self._tokenizer = tokenizer
        corpus = [tokenizer.tokens(f"{p.heading} {p.search_text}") for p in passages]
        self._bm25 = bm25s.BM25(k1=K1, b=B, method="lucene")
        self._bm25.index(corpus, show_progress=False)
        document_frequency: dict[str, int] = {}
        for tokens in corpus:
            for token in set(tokens):
                document_frequency[token] = document_frequency.get(token, 0) + 1
        self._df = document_frequency
        self._regions = np.array([p.region for p in passages])
        self._asked_only = np.array([p.excluded_unless_asked for p in passages])
        names = [(name, region.id) for region in config.regions.values() if region.parent for name in region.names]
        names += [(city, "") for city in config.other_cities]  # a city the data does not cover: region ""
        self._region_names = sorted(names, key=lambda item: -len(item[0]))

    @classmethod
    def load(cls, seeds_dir: Path | None = None, policy_dir: Path | None = None) -> PassageIndex:
        """The index of these seeds and this policy data, built on first use and again when they change."""
        seeds_dir = seeds_dir or paths.SEEDS_DIR
        policy_dir = policy_dir or paths.POLICY_DATA_DIR
        key = fingerprint(seeds_dir, policy_dir)
        with cls._lock:
            cached = cls._cache.get((seeds_dir, policy_dir))
            if cached is not None and cached.fingerprint == key:
                return cached
            started = time.perf_counter()
            config = load_config(policy_dir, LEXICON_FILE)
            passages = build_passages(seeds_dir, config)
            extra_words = [name for region in config.regions.values() for name in region.names]
            index = cls(passages, config, Tokenizer(DOMAIN_DICT, config.synonyms, extra_words), key)
            index.build_seconds = time.perf_counter() - started
            cls._cache[(seeds_dir, policy_dir)] = index
            return index

    build_seconds: float = 0.0

    # -- question analysis -------------------------------------------------------------------------------

    def regions_named(self, text: str) -> list[str]:
        """Regions named in ``text`` ('' for a city the data does not cover), longest name first."""
        found: list[str] = []
        for name, region in self._region_names:
            if name in text:
                found.append(region)
                text = text.replace(name, " ")
        return found

    def _strip_region_names(self, text: str) -> str:
        for name, _ in self._region_names:
            text = text.replace(name, " ")
        return text

    def _allowed_regions(self, text: str, region: str | None) -> dict[str, float] | None:
        """Region → preference factor for the passages the question may be answered from (None: any)."""
        if region:
            chains = [self.config.region_chain(region)]
        else:
            named = self.regions_named(text)
            if not named:
                return None
            chains = [self.config.region_chain(r) if r else ["national"] for r in named]
        allowed: dict[str, float] = {}
        for chain in chains:
            for distance, region_id in enumerate(chain):
                allowed[region_id] = max(allowed.get(region_id, 0.0), PARENT_FACTOR ** distance)
        return allowed

    def _idf(self, token: str) -> float:
        n = len(self.passages)
        df = self._df.get(token, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _coverage(self, terms: list[tuple[str, ...]]) -> np.ndarray:
        """Per passage, the idf-weighted share of the question's terms it contains, in [0, 1).

        A term counts by the best of its synonyms: BM25 of that word divided by its idf is its saturating
        frequency part, 1/(1+k1) for one occurrence in a passage of average length, approaching 1 for many.
        A term no passage contains weighs as the rarest word and is never matched.
        """
        matched = np.zeros(len(self.passages))
        total_weight = 0.0
        for alternatives in terms:
            known = [word for word in alternatives if word in self._bm25.vocab_dict]
            weight = max((self._idf(word) for word in known), default=self._idf(""))
            total_weight += weight
            if known:
                part = np.max([self._bm25.get_scores([word]) / self._idf(word) for word in known], axis=0)
                matched += weight * part
        return matched / total_weight if total_weight else matched

    # -- search --------------------------------------------------------------------------------------------

    def search(self, text: str, region: str | None = None, limit: int = 3) -> list[PassageHit]:
        """The best passages for a question, those of its region (and parents) first."""
        if not text or not text.strip() or len(text) > MAX_QUERY_CHARS or limit <= 0:
            return []
        question = _normalise_question(text)
        terms = self._tokenizer.terms(self._strip_region_names(question))
        if not terms:
            return []
        scores = self._coverage(terms)
        if not any(word in question for word in self.config.asked_words):
            scores[self._asked_only] = 0.0
        allowed = self._allowed_regions(question, region)
        if allowed is None:
            factor = np.ones(len(self.passages))
            matches = np.ones(len(self.passages), dtype=bool)
        else:
            factor = np.array([allowed.get(r, 1.0) for r in self._regions])
            matches = np.array([r in allowed for r in self._regions])
        ranked = scores * factor
        candidates = np.flatnonzero(scores > 0)
        order = candidates[np.lexsort((-ranked[candidates], ~matches[candidates]))]  # region first, then score
        hits = []
        for i in order[:limit]:
            score = float(min(ranked[i], 1.0))
            hits.append(PassageHit(self.passages[i], score, bool(matches[i]),
                                   bool(matches[i]) and score >= self.threshold))
        return hits

    def best(self, text: str, region: str | None = None) -> PassageHit | None:
        """The passage that answers the question, or None when none does confidently."""
        hits = self.search(text, region=region, limit=1)
        return hits[0] if hits and hits[0].confident else None
