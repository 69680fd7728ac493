"""Search over the passages: which one answers a question, with a score comparable across questions.

Relevance of a passage to a question, in [0, 1]: the idf-weighted share of the question's words it holds
(coverage), blended with the same share counted by BM25's saturating term frequency (bm25s, Lucene
variant), so that of two passages holding the same words the one about them ranks first. A word matches by
itself or a synonym of passages.yml; a word no passage holds weighs as the rarest word and matches nothing,
so 年金 or 个税 in a question lowers every score instead of being ignored. A word found only in the headings
a passage sits under counts HEADING_CREDIT of its weight, a word inside the question's word (年龄 of 退休年龄)
at most PART_CREDIT. One threshold then serves every question (calibrated by scripts/evaluate_passages.py,
stored in passages.yml).

A passage that opens with the question it answers (the 政策问答 parts) gains by the share of the user's
words that question holds (QUESTION_WEIGHT); the question's resemblance to the example questions written for
a passage (passage_questions.yml, bot/passages/examples.py) is blended in with EXAMPLE_WEIGHT; a word asking
for forms or papers (材料, 表) matches a clause naming a form (FORM). The score is lowered when a passage is
unlikely to answer what is asked: a question asking how much, how long or when whose best-matching clause
states no such figure; a year the passage does not name.

Regions: a question about a city (the ``region`` argument, else a region named in the text) is answered
from that city (factor 1), its province (PARENT_FACTOR) and national documents (PARENT_FACTOR²) only; a
passage of another region may still be listed by :meth:`PassageIndex.search` after them, never first and
never as :meth:`PassageIndex.best`. A question naming a city the data does not cover may be answered by a
national passage only, with OTHER_CITY_FACTOR; a question naming no region prefers national passages.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from bot import paths
from bot.kb.verify import squash
from bot.passages.config import PassageConfig, load_config
from bot.passages.corpus import Passage, build_passages
from bot.passages.examples import EXAMPLES_FILE, ExampleMatcher, attach, read_examples
from bot.passages.tokens import Term, Tokenizer, canonical_text

K1, B = 1.2, 0.75
MAX_QUERY_CHARS = 200  # longer than any question: a pasted text is not a question to answer by a quote
PARENT_FACTOR = 0.7  # a province's passage counts this much of a city's, the country's this squared
FREQUENCY_WEIGHT = 0.5  # relevance = coverage + this × bm25 share (both in [0, 1]), rescaled to [0, 1]
ANSWER_TYPE_FACTOR = 0.7  # a passage without the figure the question asks for (元, 个月, a date)
YEAR_FACTOR = 0.5  # a passage that does not name the year the question names
OTHER_CITY_FACTOR = 0.8  # a national passage for a city the data does not cover: its local rules may differ
LOCAL_FACTOR = 0.85  # no region named: a local passage counts this much of a national one (it may not apply)
# relevance = (that + this × the share of the question's characters and character pairs a passage holds)
# rescaled: 错 of 填错 meets 错误, 联系 of 联系不上 meets 无法取得联系, where no word of theirs meets
CHAR_WEIGHT = 0.2
HEADING_CREDIT = 0.6  # a question word found only in the headings a passage sits under counts this much
PART_CREDIT = 0.6  # most a word inside a question's word counts for (年龄 in 退休年龄), of the whole word
YEAR = re.compile(r"(?:19|20)\d{2}(?=年)")
DOCUMENT_YEAR = re.compile(r"(?<=〔)(?:19|20)\d{2}(?=〕)")  # 津人社办发〔2020〕91号: a document of 2020
# a question confidently answered by a passage names at least one word this rare (idf; in about one passage
# in eleven or fewer): 社保 / 交 alone are in most of them
MIN_SPECIFIC_IDF = 2.0
SHORTLIST = 30  # passages whose clauses are checked against what the question asks
# supplement(): a question word this rare (in 12 passages or fewer, however many there are, and so are its
# synonyms) names something specific
SUPPLEMENT_MAX_DF = 12
SUPPLEMENT_SHARE = 0.6  # share of those words (by weight) one passage must hold
# and the passage's own relevance to the whole question, as a share of the threshold (0.3 when it was 0.62)
SUPPLEMENT_MIN_SHARE = 0.48
SUPPLEMENT_CANDIDATES = 5
# rare in the documents but no subject of a question (只能银行扣款吗, 能不能直接汇款)
SUPPLEMENT_IGNORED = frozenset(
    {"不能", "只能", "直接", "过去", "这边", "那边", "还能", "一直", "原来", "之前", "以后"}
)
CLAUSE = re.compile(r"[^，。；？！,;\n]+[，。；？！,;]?")
# holding(): the first characters of a quote are looked for (a long quote may run on into the next passage)
QUOTE_PREFIX = 25
# A passage of a question-and-answer part opens with the question it answers (四、劳动者自主创业…如何办理
# 就业登记？ / 问：…？): the share of the user's words found in that question closes QUESTION_WEIGHT times it
# of the gap between the relevance and 1, so of passages holding the same words the one asked about comes
# first (十四、《就业创业证》由谁保管？ before 十三、…如何申领？ for 就业创业证谁保管).
OPENING_QUESTION = re.compile(r"^(?:问[：:])?([^\n]{4,120}[？?])\s*(?:\n|$)")
QUESTION_WEIGHT = 0.3
# relevance = (that + this × the best Dice overlap of the question with one of the passage's example
# questions, passage_questions.yml) rescaled to [0, 1]: the words users type that the documents do not
EXAMPLE_WEIGHT = 0.5
# A question asking which forms or papers to hand in (要交什么表, 带什么材料) is answered by a clause naming
# a form (《…登记表》, 《…花名册》): such a clause holds the word FORM, which these words of a question match.
FORM = "〈表格〉"
FORM_NAMED = re.compile(r"《[^》]{0,40}(?:表|名册|清单|申请书)》|身份证件|证明材料")
FORM_ASKED = frozenset({"材料", "表", "表格", "资料", "证件"})
# a count of months, years or days, or a period from one month to another; not a calendar year (2020年,
# 2019年度) or a day of a date (3月1日), which every 2020 notice names. A length of time may also stand in the
# clause before the one holding the question's words (在业务办结的6个月内，需将相关资料扫描上传).
DURATION = re.compile(
    r"(?<!\d)\d{1,3}\s*(?:个月|年(?!度)|天|周岁|个?工作日)|(?<![\d月])\d{1,3}\s*日"
    r"|[一二三四五六七八九十]+(?:个月|年|日|天|个?工作日)|\d月(?:份)?\s*(?:至|到|—|－|-)"
)
ANSWER_TYPES = (  # (the question asks …, the answer has …); the first that applies
    (re.compile(r"多少钱|多少元|几块|多少块"), re.compile(r"\d\s*元")),
    (
        re.compile(r"[交缴领发拿补降涨调]了?到?多少|标准是多少|基数是多少|上限是多少|下限是多少"),
        re.compile(r"\d\s*元|\d%"),
    ),
    (re.compile(r"百分之几|百分之多少|百分比|比例是多少|比例多少"), re.compile(r"\d\s*%|百分之")),
    (re.compile(r"多久|多长时间|几个月|几年|几天|多少天|多少个月|多少年"), DURATION),
    (
        re.compile(r"什么时候|啥时候|哪天|哪一天|几月|哪个月|哪年|何时|截止|到期|到几|延到|延长到|最晚"),
        re.compile(r"\d\s*[年月日](?!度)|月底|年底"),
    ),
    (re.compile(r"多大岁数|多大年纪|多少岁|几岁"), re.compile(r"\d\s*周?岁|[一二三四五六七八九十]+周?岁")),
    (re.compile(r"多少|几"), re.compile(r"\d|[一二两三四五六七八九十百千万]")),
)
LEXICON_FILE = paths.REPO_ROOT / "data" / "lexicon" / "vocabulary.yml"
DOMAIN_DICT = paths.JIEBA_DICT_DIR / "domain_dict.txt"


@dataclass(frozen=True, slots=True)
class PassageHit:
    """A passage found for a question."""

    passage: Passage
    score: float  # relevance times the region preference and the answer checks; in [0, 1]
    region_match: bool  # of the question's region or one of its parents (True when no region applies)
    confident: bool  # score at or above the calibrated threshold and region_match


def fingerprint(seeds_dir: Path, policy_dir: Path) -> str:
    """Hash of everything the index is built from: a changed document or boundary map rebuilds it."""
    digest = hashlib.sha256()
    files = [
        *sorted(seeds_dir.glob("*.txt")),
        policy_dir / "passages.yml",
        policy_dir / EXAMPLES_FILE,
        policy_dir / "documents.yml",
        policy_dir / "regions.yml",
        DOMAIN_DICT,
        LEXICON_FILE,
    ]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def _normalise_question(text: str) -> str:
    """The assistant's own normaliser (Traditional → Simplified, full-width, numerals, typos of terms)."""
    from bot.text.normalize import normalize  # imported late: it loads OpenCC and the spelling corrector

    # No spelling correction here: it reads 养老失业单位缴费 as 养老事业单位缴费 (失业 → 事业).
    return normalize(text, correct_spelling=False).text


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+|[0-9a-z]+")


def _grams(text: str) -> list[str]:
    """Characters and adjacent pairs of characters within runs of Chinese characters (or of digits)."""
    grams: list[str] = []
    for run in _CJK_RUN.findall(text):
        grams += list(run) if not run[0].isascii() else [run]
        grams += [run[i : i + 2] for i in range(len(run) - 1)] if not run[0].isascii() else []
    return grams


class PassageIndex:
    """Passages of the seed documents and a BM25 index over them; build with :meth:`load`."""

    _cache: dict[tuple[Path, Path], PassageIndex] = {}  # noqa: RUF012 - one index per data location
    _lock = threading.Lock()

    def __init__(
        self,
        passages: list[Passage],
        config: PassageConfig,
        tokenizer: Tokenizer,
        key: str,
        examples: list[tuple[int, str]] | None = None,
    ):
        self.passages = passages
        self._position = {passage.id: i for i, passage in enumerate(passages)}
        self.config = config
        self.threshold = config.threshold
        self.answer_threshold = config.answer_threshold
        self.fingerprint = key
        self._tokenizer = tokenizer
        # each passage as the knowledge base's quote check reads text (holding() finds an article's source)
        self._squashed = [squash(p.text) for p in passages]
        # clause by clause (jieba cuts at punctuation anyway), so the answer checks can look at the clauses
        # that match the question best
        clause_texts = [CLAUSE.findall(canonical_text(p.search_text)) for p in passages]
        clause_tokens = [
            [
                [*tokenizer.canonical_tokens(clause), *([FORM] if FORM_NAMED.search(clause) else [])]
                for clause in texts
            ]
            for texts in clause_texts
        ]
        openings = [OPENING_QUESTION.match(canonical_text(p.search_text)) for p in passages]
        self._asked_in: dict[str, list[int]] = {}  # word → the passages whose opening question holds it
        for i, opening in enumerate(openings):
            for token in set(tokenizer.canonical_tokens(opening.group(1))) if opening else ():
                self._asked_in.setdefault(token, []).append(i)
        self._clauses: list[list[tuple[str, frozenset[str]]]] = [
            [(text, frozenset(tokens)) for text, tokens in zip(texts, token_lists, strict=True)]
            for texts, token_lists in zip(clause_texts, clause_tokens, strict=True)
        ]
        by_heading = {heading: tokenizer.tokens(heading) for heading in {p.heading for p in passages}}
        heading_tokens = [by_heading[p.heading] for p in passages]
        corpus = [
            heading + [token for tokens in clauses for token in tokens]
            for heading, clauses in zip(heading_tokens, clause_tokens, strict=True)
        ]
        # the passages whose own text (not only their headings) holds a word: see HEADING_CREDIT
        in_text: dict[str, list[int]] = {}
        for i, passage_clauses in enumerate(clause_tokens):
            for token in {token for clause in passage_clauses for token in clause}:
                in_text.setdefault(token, []).append(i)
        self._in_text = in_text
        self._bm25 = bm25s.BM25(k1=K1, b=B, method="lucene")
        self._bm25.index(corpus, show_progress=False)
        document_frequency: dict[str, int] = {}
        for tokens in corpus:
            for token in set(tokens):
                document_frequency[token] = document_frequency.get(token, 0) + 1
        self._df = document_frequency
        # a question word no passage uses weighs as the rarest word of the passages
        self._unknown_weight = max((self._idf(token) for token in document_frequency), default=1.0)
        # character channel (CHAR_WEIGHT): the passages holding each character and pair of characters
        self._char_postings: dict[str, list[int]] = {}
        for i, passage in enumerate(passages):
            for gram in set(_grams(canonical_text(f"{passage.heading}\n{passage.search_text}"))):
                self._char_postings.setdefault(gram, []).append(i)
        self._regions = np.array([p.region for p in passages])
        self._asked_only = np.array([p.excluded_unless_asked for p in passages])
        names = [
            (name, region.id) for region in config.regions.values() if region.parent for name in region.names
        ]
        names += [(city, "") for city in config.other_cities]  # a city the data does not cover: region ""
        self._region_names = sorted(names, key=lambda item: -len(item[0]))
        self.example_questions = list(examples or ())  # (passage position, question)
        self._examples = ExampleMatcher(
            tokenizer,
            [(i, self._strip_region_names(_normalise_question(q))) for i, q in self.example_questions],
            len(passages),
        )

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
            examples = attach(read_examples(policy_dir), passages)
            tokenizer = Tokenizer(DOMAIN_DICT, config.synonyms, extra_words)
            index = cls(passages, config, tokenizer, key, examples)
            index.build_seconds = time.perf_counter() - started
            cls._cache[(seeds_dir, policy_dir)] = index
            return index

    build_seconds: float = 0.0

    def names(self, word: str, text: str) -> bool:
        """``text`` says ``word`` or one of its synonyms (公司 in a text saying 单位)."""
        said = canonical_text(text)
        return any(alternative in said for alternative in self._tokenizer.alternatives(word))

    @classmethod
    def preload(cls, seeds_dir: Path | None = None, policy_dir: Path | None = None) -> threading.Thread:
        """Build the index in a background thread (at start-up), so the first question does not wait;
        :meth:`load` called meanwhile waits for this build instead of starting another."""
        thread = threading.Thread(
            target=cls.load, args=(seeds_dir, policy_dir), name="passage-index", daemon=True
        )
        thread.start()
        return thread

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
            chains = [self.config.region_chain(r) if r else [] for r in named]
        allowed: dict[str, float] = {}
        for chain in chains:
            for distance, region_id in enumerate(chain):
                allowed[region_id] = max(allowed.get(region_id, 0.0), PARENT_FACTOR**distance)
        if "national" not in allowed:  # a city the data does not cover: only national rules may apply
            allowed["national"] = OTHER_CITY_FACTOR
        return allowed

    def _idf(self, token: str) -> float:
        """Lucene idf, as bm25s computes it; a word no passage contains gets the highest."""
        n = len(self.passages)
        df = self._df.get(token, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _frequency_part(self, word: str) -> np.ndarray:
        """BM25 of one word over its idf: its saturating frequency part per passage, 0 where it is absent."""
        return np.asarray(self._bm25.get_scores([word]), dtype=float) / self._idf(word)

    def _weights(self, terms: list[Term]) -> list[float]:
        """A term weighs as the idf of the commonest way of saying it (领 / 领取 / 申领 weigh as 领取); a
        word no passage uses weighs as a rare word, so it lowers every passage's score."""
        return [
            min(
                (self._idf(word) for word in term.alternatives if word in self._bm25.vocab_dict),
                default=self._unknown_weight,
            )
            for term in terms
        ]

    def _match(self, terms: list[Term], weights: list[float]) -> tuple[np.ndarray, np.ndarray]:
        """(coverage, bm25) per passage, both the weighted share of the question's words, in [0, 1].

        coverage counts a word as present or not; bm25 counts its saturating frequency part (1/(1+k1) for
        one occurrence in a passage of average length). A word matches by itself or a synonym; a word of
        the passage inside it (失业补助金 → 补助金) matches for the share of its idf.
        """
        coverage = np.zeros(len(self.passages))
        frequency = np.zeros(len(self.passages))
        for term, weight in zip(terms, weights, strict=True):
            candidates = [(word, 1.0) for word in term.alternatives if word in self._bm25.vocab_dict] + [
                (part, min(PART_CREDIT, self._idf(part) / weight))
                for part in term.parts
                if part in self._bm25.vocab_dict
            ]
            if not candidates:
                continue
            parts = np.array([credit * self._frequency_part(word) for word, credit in candidates])
            present = np.full(parts.shape, HEADING_CREDIT)  # found in the headings only …
            for row, (word, _) in enumerate(candidates):
                present[row, self._in_text.get(word, [])] = 1.0  # … or in the passage's own text
            credits = np.array([credit for _, credit in candidates])[:, None]
            frequency += weight * parts.max(axis=0)
            coverage += weight * (credits * present * (parts > 0)).max(axis=0)
        total = sum(weights)
        return (coverage / total, frequency / total) if total else (coverage, frequency)

    def _char_match(self, question: str) -> np.ndarray:
        """Per passage: the idf-weighted share of the question's characters and character pairs (of its
        kept words, stop and question words removed) that the passage holds: 错 of 填错 meets 错误."""
        words = self._tokenizer.kept_words(self._strip_region_names(question))
        n = len(self.passages)
        score = np.zeros(n)
        total = 0.0
        for gram in {gram for word in words for gram in _grams(word)}:
            rows = self._char_postings.get(gram, [])
            idf = math.log(1 + (n - len(rows) + 0.5) / (len(rows) + 0.5))
            total += idf
            score[rows] += idf
        return score / total if total else score

    def _question_match(self, terms: list[Term], weights: list[float]) -> np.ndarray:
        """Per passage: the weighted share of the question's words found in the question the passage opens
        with (0 for a passage that opens with none); a word inside a question's word counts as in _match."""
        share = np.zeros(len(self.passages))
        for term, weight in zip(terms, weights, strict=True):
            found = np.zeros(len(self.passages))
            for word in term.alternatives:
                found[self._asked_in.get(word, [])] = 1.0
            for part in term.parts:
                if part in self._asked_in and part in self._bm25.vocab_dict:
                    credit = min(PART_CREDIT, self._idf(part) / weight)
                    rows = self._asked_in[part]
                    found[rows] = np.maximum(found[rows], credit)
            share += weight * found
        total = sum(weights)
        return share / total if total else share

    def _answer_factor(
        self, question: str, terms: list[Term], weights: list[float], passages: np.ndarray
    ) -> np.ndarray:
        """For the given passages: 1, or less when a passage is unlikely to answer what is asked.

        * answer type: a question asking how much, how long or when needs that figure in the clause that
          holds most of its words (or the clause after it);
        * year: a passage that does not name the year the question names (nor does its document's title or
          number) is about another year.
        """
        factor = np.ones(len(passages))
        answer = next((answer for asks, answer in ANSWER_TYPES if asks.search(question)), None)
        words = [set(term.alternatives) | set(term.parts) for term in terms]
        years = set(YEAR.findall(question))
        for position, i in enumerate(passages):
            clauses = self._clauses[i]
            if answer is not None and clauses:
                matched = [
                    sum(weight for found, weight in zip(words, weights, strict=True) if found & tokens)
                    for _, tokens in clauses
                ]
                top = max(matched)
                best = [k for k, value in enumerate(matched) if value >= top - 1e-9]
                before = 1 if answer is DURATION else 0
                if not any(
                    answer.search("".join(text for text, _ in clauses[max(k - before, 0) : k + 2]))
                    for k in best
                ):
                    factor[position] *= ANSWER_TYPE_FACTOR
            passage = self.passages[i]
            # the document's title or number names its year too (关于2020年度社会保险经办服务有关问题的通知)
            named = f"{passage.title}{passage.heading}{passage.search_text}"
            if years and not years <= {*YEAR.findall(named), *DOCUMENT_YEAR.findall(passage.number)}:
                factor[position] *= YEAR_FACTOR
        return factor

    # -- search --------------------------------------------------------------------------------------------

    def _terms(self, question: str) -> list[Term]:
        """The question's words; a word asking for forms or papers (材料, 表) also matches a named form."""
        terms = self._tokenizer.terms(
            self._strip_region_names(question), known=self._bm25.vocab_dict.__contains__
        )
        return [
            Term(term.word, (*term.synonyms, FORM), term.parts) if term.word in FORM_ASKED else term
            for term in terms
        ]

    def search(self, text: str, region: str | None = None, limit: int = 3) -> list[PassageHit]:
        """The best passages for a question, those of its region (and parents) first."""
        if not text or not text.strip() or len(text) > MAX_QUERY_CHARS or limit <= 0:
            return []
        question = _normalise_question(text)
        terms = self._terms(question)
        if not terms:
            return []
        weights = self._weights(terms)
        coverage, frequency = self._match(terms, weights)
        relevance = (coverage + FREQUENCY_WEIGHT * frequency) / (1 + FREQUENCY_WEIGHT)
        relevance = (relevance + CHAR_WEIGHT * self._char_match(question)) / (1 + CHAR_WEIGHT)
        relevance += QUESTION_WEIGHT * self._question_match(terms, weights) * (1 - relevance)
        if len(self._examples):
            examples = self._examples.scores(self._strip_region_names(question))
            relevance = (relevance + EXAMPLE_WEIGHT * examples) / (1 + EXAMPLE_WEIGHT)
        if not any(word in question for word in self.config.asked_words):
            relevance[self._asked_only] = 0.0
        allowed = self._allowed_regions(question, region)
        if allowed is None:  # national documents apply to everyone, a local one may not
            factor = np.where(self._regions == "national", 1.0, LOCAL_FACTOR)
            matches = np.ones(len(self.passages), dtype=bool)
        else:
            factor = np.array([allowed.get(r, 1.0) for r in self._regions])
            matches = np.array([r in allowed for r in self._regions])
        ranked = relevance * factor
        candidates = np.flatnonzero(relevance > 0)
        # the answer checks read clauses: only for the passages that could come first (region first)
        shortlist = candidates[np.lexsort((-ranked[candidates], ~matches[candidates]))][:SHORTLIST]
        ranked[shortlist] *= self._answer_factor(question, terms, weights, shortlist)
        order = shortlist[np.lexsort((-ranked[shortlist], ~matches[shortlist]))]
        # 社保交了吗: words every passage uses cover a question with nothing else in it; such a question is
        # answered by no passage in particular, however high the score
        known = [w for term, w in zip(terms, weights, strict=True) if term.word in self._bm25.vocab_dict]
        specific = max(known, default=0.0) >= MIN_SPECIFIC_IDF
        hits = []
        for i in order[:limit]:
            score = float(min(ranked[i], 1.0))
            confident = bool(matches[i]) and score >= self.threshold and specific
            hits.append(PassageHit(self.passages[i], score, bool(matches[i]), confident))
        return hits

    def supplement(self, text: str, reply_text: str, region: str | None = None) -> PassageHit | None:
        """A passage holding what a question asks beyond a reply (公益性岗位 in a question the reduction table
        answered): the question's rare words that the reply lacks, most of them found in one passage of the
        question's region. None when the reply already has them or no passage does."""
        if not text or not text.strip() or len(text) > MAX_QUERY_CHARS:
            return None
        question = _normalise_question(text)
        terms = self._tokenizer.terms(
            self._strip_region_names(question), known=self._bm25.vocab_dict.__contains__
        )
        reply_tokens = set(self._tokenizer.canonical_tokens(canonical_text(reply_text)))
        missing = [
            (set(term.alternatives) | set(term.parts), weight)
            for term, weight in zip(terms, self._weights(terms), strict=True)
            if max(self._df.get(word, 0) for word in term.alternatives) <= SUPPLEMENT_MAX_DF
            and len(term.word) >= 2
            and term.word in self._bm25.vocab_dict
            and term.word not in SUPPLEMENT_IGNORED
            and not set(term.alternatives) & reply_tokens
            and term.word not in reply_text
        ]
        if not missing:
            return None
        wanted = sum(weight for _, weight in missing)
        for hit in self.search(text, region=region, limit=SUPPLEMENT_CANDIDATES):
            if (
                not hit.region_match
                or hit.score < SUPPLEMENT_MIN_SHARE * self.threshold
                or hit.passage.text[:40] in reply_text
            ):
                continue
            tokens = frozenset().union(*(t for _, t in self._clauses[self._position[hit.passage.id]]))
            found = sum(weight for words, weight in missing if words & tokens)
            if found >= SUPPLEMENT_SHARE * wanted:
                return hit
        return None

    def holding(self, document_id: str, quote: str) -> Passage | None:
        """The passage of a document that holds a quote (an FAQ article's source), read as the knowledge
        base's seed check reads it (bot.kb.verify.squash); None when no passage or more than one holds its
        start."""
        start = squash(quote)[:QUOTE_PREFIX]
        if not start:
            return None
        found = [
            passage
            for passage, text in zip(self.passages, self._squashed, strict=True)
            if passage.document_id == document_id and start in text
        ]
        return found[0] if len(found) == 1 else None

    def best(self, text: str, region: str | None = None) -> PassageHit | None:
        """The passage that answers the question, or None when none does confidently."""
        hits = self.search(text, region=region, limit=1)
        return hits[0] if hits and hits[0].confident else None
