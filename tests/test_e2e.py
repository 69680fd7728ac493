"""End to end through the trained model: questions phrased differently from the training data (kept in
tests/e2e_questions.yml, never trained on), checking the figures, document numbers and phone numbers in
the replies; and bad input (empty, emoji, huge, control characters, English) getting a polite reply."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.model

QUESTIONS = yaml.safe_load((Path(__file__).parent / "e2e_questions.yml").read_text(encoding="utf-8"))


def test_at_least_60_questions() -> None:
    assert len(QUESTIONS) >= 60


@pytest.mark.parametrize(
    "case", QUESTIONS, ids=[f"{i:03d} {c['question'][:24]}" for i, c in enumerate(QUESTIONS)]
)
def test_question(assistant, case) -> None:
    sender = f"e2e-{abs(hash(case['question']))}"
    reply = assistant.reply(case["question"], sender)
    assert reply, "no reply"
    for expected in case.get("expect") or ():
        assert str(expected) in reply, (
            f"{expected!r} missing from the reply to {case['question']!r}:\n{reply}"
        )
    if case.get("intent") == "out_of_scope":
        digits = "".join(ch if ch.isdigit() else " " for ch in reply).split()
        assert set(digits) <= {"12333", "9612333"}, f"an out-of-scope reply states a figure:\n{reply}"


BAD_INPUTS = {
    "empty": "",
    "spaces": "   \t  ",
    "emoji": "😀😀👍🙏",
    "punctuation": "？？？！！。。。",
    "huge": "社保" * 2500,
    "control": "\x00\x07\x1b[31m长春缴费基数\x1b[0m",
    "english": "hello, what is the social insurance base in Shanghai?",
    "mixed": "my 社保 base 上海 is 多少",
    "html": "<script>alert(1)</script>",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_polite_reply(assistant, name) -> None:
    reply = assistant.reply(BAD_INPUTS[name], f"bad-{name}")
    assert reply and "Traceback" not in reply and "Error" not in reply
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reply), reply  # answered in Chinese


def test_empty_message_reply(assistant) -> None:
    assert "还没有输入" in assistant.reply("", "empty-1")


def test_missing_city_is_asked_then_answered(assistant) -> None:
    first = assistant.ask("缴费基数上限是多少", "multi-1")
    assert "哪个城市" in first[0]["text"] and first[0].get("buttons")
    assert "28017" in assistant.reply("上海", "multi-1")


def test_button_payload_completes_the_question(assistant) -> None:
    first = assistant.ask("缴费基数上限是多少", "multi-2")
    payload = next(b["payload"] for b in first[0]["buttons"] if b["title"] == "天津")
    assert "18969" in assistant.reply(payload, "multi-2")
