"""The training data keeps its conventions, and the Rasa project validates cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import paths
from scripts.check_nlu_data import check, read_examples

ROOT = paths.REPO_ROOT
TRAINING = sorted(p for p in (ROOT / "data" / "nlu").glob("*.yml") if p.name != "lookups.yml")


def test_training_examples_follow_the_conventions() -> None:
    # normalised text, annotations equal to what the extractor finds, spans aligned to jieba tokens, no duplicates
    assert check(TRAINING) == []


def test_at_least_20_examples_per_intent() -> None:
    counts: dict[str, int] = {}
    for path in TRAINING:
        for example in read_examples(path):
            counts[example.intent] = counts.get(example.intent, 0) + 1
    domain_intents = [line.strip()[2:] for line in (ROOT / "domain.yml").read_text(encoding="utf-8").split("entities:")[0].splitlines()
                      if line.strip().startswith("- ")]
    assert set(domain_intents) == set(counts), set(domain_intents) ^ set(counts)
    assert min(counts.values()) >= 20, counts


@pytest.mark.parametrize("script", ["build_nlu_resources.py", "build_questionnaires.py", "build_questionnaire_stories.py"])
def test_generated_files_are_up_to_date(script: str) -> None:
    result = subprocess.run([sys.executable, f"scripts/{script}", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_held_out_sets_share_nothing_with_training() -> None:
    from bot.text.normalize import normalize

    trained = {example.text for path in TRAINING for example in read_examples(path)}
    held = [normalize(e.text).text for e in read_examples(ROOT / "tests" / "nlu_heldout.yml")]
    questions = yaml.safe_load((ROOT / "tests" / "e2e_questions.yml").read_text(encoding="utf-8"))
    held += [normalize(q["question"]).text for q in questions]
    assert len(held) > 300
    overlap = sorted(set(held) & trained)
    assert not overlap, overlap


@pytest.mark.slow
def test_rasa_data_validate_fail_on_warnings() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings", "--domain", "domain.yml",
         "--data", "data/nlu", "data/rules"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.model
@pytest.mark.parametrize("stories", ["tests/test_stories.yml", "tests/test_questionnaire_stories.yml"])
def test_test_stories_pass(tmp_path: Path, stories: str) -> None:
    from tests.rasa_harness import ensure_model

    model = ensure_model()
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--stories", stories, "--model", str(model),
         "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    failed = (tmp_path / "failed_test_stories.yml").read_text(encoding="utf-8")
    assert "None of the test stories failed" in failed, failed
