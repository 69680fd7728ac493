"""Word lists with patterns (bot/answers/wordmatch.py): plain words and ``re:`` entries found alike, and a
malformed pattern in a bureau's edit of answering.yml named when the list is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answers import wordmatch
from bot.answers.aspects import Vocabulary


def test_plain_words_and_patterns() -> None:
    assert wordmatch.spans("单位那部分养老失业还要交吗", "re:单位那部分.{0,6}还要交") == [(0, 12)]
    assert wordmatch.find("多少交", "少交") == 1 and wordmatch.find("多少交", "re:(?<!多)少交") == -1
    assert wordmatch.find("", "re:.+") == -1 and wordmatch.spans("", "失业金") == []


@pytest.mark.parametrize("bad", ["re:(", "re:[", "re:(?<=a+)b"])
def test_a_malformed_pattern_is_named_on_load(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "answering.yml"
    path.write_text(f'topics:\n  ask_reduction: [减免, "{bad}"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="does not compile"):
        Vocabulary.load(path)


def test_every_pattern_of_the_data_compiles() -> None:
    vocabulary = Vocabulary.load()  # raises on a malformed entry
    assert any(wordmatch.is_pattern(w) for _, words in vocabulary.topics for w in words)
