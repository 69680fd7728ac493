"""Checks of the reply-quality set itself (tests/reply_quality/*.yml, format in its README.md): every file
parses, ids are unique, fields, categories, aspects and topics are the allowed ones, each category has the
README's minimum number of cases, and no user turn is a training example — the set stays apart from the
training data. No model needed."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from bot.eval.reply_cases import CATEGORY_MINIMUMS, Case, CaseSet, category_shortfalls, read_set
from bot.text.normalize import normalize
from scripts.check_nlu_data import read_examples
from scripts.evaluate_replies import domain_intents

ROOT = Path(__file__).resolve().parent.parent
SET_DIR = ROOT / "tests" / "reply_quality"
EXPECTED_FILES = ("set_a.yml", "set_b.yml")  # the two halves being written; minimums apply once both exist
_SPACE = re.compile(r"\s+")


@cache
def case_set() -> CaseSet:
    return read_set(SET_DIR, domain_intents())


_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def comparable(text: str) -> str:
    """``text`` without punctuation, symbols or whitespace, full-width folded and lower-cased: two messages
    that differ only in those are the same message."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _DECIMAL_POINT.sub("点", folded)  # 交了1.5年 is not 交了15年
    return "".join(ch for ch in _SPACE.sub("", folded) if unicodedata.category(ch)[0] not in "PSZC")


@cache
def training_texts() -> dict[str, str]:
    """Comparable form of every training example -> the example (data/nlu/*.yml)."""
    examples = [e for path in sorted((ROOT / "data" / "nlu").glob("*.yml")) for e in read_examples(path)]
    return {comparable(e.text): f"{e.file} ({e.intent}): {e.text}" for e in examples}


def test_comparable():
    assert (
        comparable("主动辞职了，还能领失业金吗？ ")
        == comparable("主动辞职了还能领失业金吗")
        == "主动辞职了还能领失业金吗"
    )
    assert comparable("ＡＰＰ怎么 办理~~") == comparable("app怎么办理") and comparable("！？…") == ""


def test_every_file_parses_with_valid_cases():
    """A file present must be well formed even while the set is incomplete: unique ids, required fields,
    allowed categories, aspects and topics (domain.yml intents or out_of_scope / not_covered / passage)."""
    problems = [str(problem) for problem in case_set().problems]
    assert not problems, f"{len(problems)} problem(s) in tests/reply_quality:\n" + "\n".join(problems)


def test_category_minimums():
    missing = [name for name in EXPECTED_FILES if not (SET_DIR / name).is_file()]
    if missing:
        pytest.skip(
            f"the set is incomplete: {', '.join(missing)} not written yet, so the README's category "
            "minimums are not checked"
        )
    shortfalls = category_shortfalls(case_set().cases)
    assert not shortfalls, "categories under the README's minimum: " + ", ".join(
        f"{category} {n}/{minimum}" for category, (n, minimum) in shortfalls.items()
    )
    assert set(CATEGORY_MINIMUMS) <= {case.category for case in case_set().cases}


BARE_VALUE_CHARS = 4


def training_leaks(cases: list[Case], training: dict[str, str]) -> list[str]:
    """The turns equal to a training example, as written or as the assistant's normaliser hands them to the
    model (Traditional → Simplified, Chinese numerals → digits, typos corrected), ignoring punctuation and
    whitespace."""
    leaks = []
    for case in cases:
        for turn in case.turns:
            if len(case.turns) > 1 and len(comparable(turn)) <= BARE_VALUE_CHARS:
                # a conversation turn that only gives a value or greets (北京, 你好) has no other wording
                continue
            for form, label in ((turn, "as written"), (normalize(turn).text, "after normalisation")):
                example = training.get(comparable(form))
                if example:
                    leaks.append(f"{case.source} {case.id} 「{turn}」 ({label}) = {example}")
                    break
    return leaks


def test_training_leaks_are_found():
    example = next(iter(training_texts().values()))
    text = example.split(": ", 1)[1]
    case = Case("yn-1", "yes_no", ("greet",), "eligibility", ("一个新问题", f" {text}？"), source="x.yml")
    assert training_leaks([case], training_texts()) == [f"x.yml yn-1 「 {text}？」 (as written) = {example}"]
    traditional = Case("yn-2", "yes_no", ("greet",), "eligibility", ("失業金能領幾個月",), source="x.yml")
    assert training_leaks([traditional], {comparable("失业金能领几个月"): "e"}) == [
        "x.yml yn-2 「失業金能領幾個月」 (after normalisation) = e"
    ]


def test_a_decimal_is_not_a_longer_number():
    # 交了一年半 is normalised to 交了1.5年, which is not the training example 交了15年
    assert comparable("交了1.5年") != comparable("交了15年")
    assert comparable("交了15年。") == comparable("交了15年")


def test_no_turn_is_a_training_example():
    leaks = training_leaks(case_set().cases, training_texts())
    assert not leaks, f"{len(leaks)} case turn(s) equal a training example:\n" + "\n".join(leaks)
