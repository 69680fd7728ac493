"""Round sixteen: a passage is given as the answer only at the answer threshold (chosen by cross-validation
for at most 2% confident wrong passages on questions it was not chosen on); one scoring between the quote
threshold and it is quoted as the nearest text, saying it may not answer the question, with the line."""

from __future__ import annotations

import copy

import pytest

from bot.answers.composer import UNSURE_PASSAGE_CLOSE, UNSURE_PASSAGE_LEAD, Composer
from bot.answers.service import Answerer
from bot.passages import PassageIndex
from tests.asking import turn_of

QUESTION = "长春失业了超过60天还能领失业金吗"


@pytest.fixture(scope="module")
def index() -> PassageIndex:
    return PassageIndex.load()


def _with_thresholds(index: PassageIndex, quote: float, answer: float) -> PassageIndex:
    changed = copy.copy(index)
    changed.threshold, changed.answer_threshold = quote, answer
    return changed


def _score(index: PassageIndex) -> float:
    return index.search(QUESTION, "changchun", limit=1)[0].score


def test_the_thresholds_are_both_read_and_ordered(index) -> None:
    assert 0 < index.threshold <= index.answer_threshold < 1


def test_a_passage_at_the_answer_threshold_is_the_answer(store, lexicon, index) -> None:
    score = _score(index)
    composer = Composer(Answerer(store), passages=_with_thresholds(index, score - 0.02, score - 0.01))
    reply = composer.passage(turn_of(lexicon, QUESTION))
    assert reply is not None and reply.text.startswith("文件原文（长春市"), reply and reply.text
    assert UNSURE_PASSAGE_LEAD not in reply.text


def test_a_passage_under_the_answer_threshold_is_quoted_as_the_nearest_text(store, lexicon, index) -> None:
    score = _score(index)
    composer = Composer(Answerer(store), passages=_with_thresholds(index, score - 0.01, score + 0.01))
    reply = composer.passage(turn_of(lexicon, QUESTION))
    assert reply is not None, "a passage over the quote threshold is quoted"
    lines = reply.text.splitlines()
    assert lines[0] == UNSURE_PASSAGE_LEAD and lines[1].startswith("文件原文（长春市")
    assert lines[-1].startswith(UNSURE_PASSAGE_CLOSE.split("{")[0]) and "9612333" in lines[-1]
    assert reply.topic.startswith("passage:")


def test_a_passage_under_the_quote_threshold_is_not_quoted(store, lexicon, index) -> None:
    score = _score(index)
    composer = Composer(Answerer(store), passages=_with_thresholds(index, score + 0.01, score + 0.02))
    assert composer.passage(turn_of(lexicon, QUESTION)) is None


@pytest.mark.parametrize("text", ["", "   ", "？？？", "长春" * 400])
def test_bad_input_never_gets_a_passage_or_an_error(store, lexicon, index, text: str) -> None:
    composer = Composer(Answerer(store), passages=index)
    assert composer.passage(turn_of(lexicon, text)) is None
