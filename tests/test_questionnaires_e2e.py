"""Every questionnaire end to end through the trained model and the action server, replies checked.

Scenarios (tests/questionnaire_scenarios.yml): happy path, the same answers typed in Traditional characters,
one-shot, invalid answers (re-asked with an example, the hotline offered after two), a digression answered
before the form asks again, why, cancel, restart and a follow-up that changes one answer.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from opencc import OpenCC

pytestmark = pytest.mark.model

SCENARIOS = yaml.safe_load(
    (Path(__file__).parent / "questionnaire_scenarios.yml").read_text(encoding="utf-8")
)
FORMS = sorted(SCENARIOS)
_senders = itertools.count()


def sender(name: str) -> str:
    return f"q-{name}-{next(_senders)}"


def play(assistant, who: str, texts: list[str]) -> list[str]:
    return [assistant.reply(text, who) for text in texts]


def happy_texts(spec: dict, traditional: bool = False) -> list[str]:
    convert = OpenCC("s2t").convert if traditional else (lambda text: text)
    return [convert(spec["start"]["text"]), *(convert(a["text"]) for a in spec["answers"])]


@pytest.mark.parametrize("form", FORMS)
def test_happy_path(assistant, form) -> None:
    spec = SCENARIOS[form]
    replies = play(assistant, sender(form), happy_texts(spec))
    for words in spec["verdict_says"]:
        assert str(words) in replies[-1], f"{words!r} missing from the verdict:\n{replies[-1]}"
    assert "测算结果" in replies[-1]


@pytest.mark.parametrize("form", FORMS)
def test_happy_path_in_traditional_characters(assistant, form) -> None:
    spec = SCENARIOS[form]
    replies = play(assistant, sender(form), happy_texts(spec, traditional=True))
    for words in spec["verdict_says"]:
        assert str(words) in replies[-1], f"{words!r} missing from the verdict:\n{replies[-1]}"


@pytest.mark.parametrize("form", FORMS)
def test_one_shot(assistant, form) -> None:
    spec = SCENARIOS[form]["one_shot"]
    reply = assistant.reply(spec["text"], sender(form))
    for words in spec["says"]:
        assert str(words) in reply, f"{words!r} missing:\n{reply}"
    assert "？（" not in reply.splitlines()[-1], f"a one-shot question should not be asked anything:\n{reply}"


def _until(spec: dict, slot: str) -> list[str]:
    index = [a["slot"] for a in spec["answers"]].index(slot)
    return [spec["start"]["text"], *(a["text"] for a in spec["answers"][:index])]


@pytest.mark.parametrize("form", FORMS)
def test_invalid_answers_are_re_asked_then_hotline_offered(assistant, form) -> None:
    spec = SCENARIOS[form]
    who = sender(form)
    question = spec["invalid"]["slot"]
    play(assistant, who, _until(spec, question))
    first, second = play(assistant, who, spec["invalid"]["texts"])
    assert ("没能识别" in first and "例如" in first) or "（" in first, first
    assert "取消" in second and ("12333" in second or "9612333" in second), second
    answers = [a["text"] for a in spec["answers"]]
    rest = answers[[a["slot"] for a in spec["answers"]].index(question) :]
    replies = play(assistant, who, rest)
    assert "测算结果" in replies[-1], replies[-1]


@pytest.mark.parametrize("form", FORMS)
def test_digression_is_answered_and_the_form_resumes(assistant, form) -> None:
    spec = SCENARIOS[form]
    who = sender(form)
    digression = spec["digression"]
    asked = play(assistant, who, _until(spec, digression["slot"]))[-1]
    reply = assistant.reply(digression["text"], who)
    for words in digression["says"]:
        assert str(words) in reply, f"{words!r} missing from the digression answer:\n{reply}"
    assert asked.splitlines()[-1] in reply, f"the pending question is not asked again:\n{reply}"


@pytest.mark.parametrize("form", FORMS)
def test_why_explains_the_question(assistant, form) -> None:
    spec = SCENARIOS[form]
    who = sender(form)
    play(assistant, who, _until(spec, spec["why"]["slot"]))
    reply = assistant.reply("为什么要问这个", who)
    assert "问这个是因为" in reply and "？" in reply, reply


@pytest.mark.parametrize("form", FORMS)
def test_cancel_stops_the_questionnaire(assistant, form) -> None:
    spec = SCENARIOS[form]
    who = sender(form)
    play(assistant, who, [spec["start"]["text"], spec["answers"][0]["text"]])
    assert "已取消" in assistant.reply("算了不问了", who)
    assert "测算结果" not in assistant.reply(spec["answers"][1]["text"], who)


@pytest.mark.parametrize("form", FORMS)
def test_restart_asks_again_from_the_first_question(assistant, form) -> None:
    spec = SCENARIOS[form]
    who = sender(form)
    first_question = play(assistant, who, [spec["start"]["text"]])[-1].splitlines()[-1]
    assistant.reply(spec["answers"][0]["text"], who)
    reply = assistant.reply("重新开始", who)
    assert "从头开始" in reply
    replies = play(assistant, who, [a["text"] for a in spec["answers"]])
    assert "测算结果" in replies[-1], replies[-1]
    assert first_question, first_question


@pytest.mark.parametrize("form", FORMS)
def test_follow_up_changes_one_answer(assistant, form) -> None:
    spec = SCENARIOS[form]
    who = sender(form)
    play(assistant, who, happy_texts(spec))
    reply = assistant.reply(spec["follow_up"]["text"], who)
    for words in spec["follow_up"]["says"]:
        assert str(words) in reply, f"{words!r} missing from the follow-up:\n{reply}"


def test_buttons_for_closed_questions(assistant) -> None:
    who = sender("buttons")
    messages = assistant.ask("我能领失业金吗", who)
    assert any(b["title"] == "北京" for m in messages for b in m.get("buttons") or [])
    messages = assistant.ask("北京", who) + assistant.ask("7年", who)
    assert any(b["payload"] == "是" for m in messages for b in m.get("buttons") or [])
