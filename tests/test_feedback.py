"""Feedback on answers, repeated failure and the live-agent mark, in the actions (tracker snapshots, no Rasa
server) and the pure rules of bot/dialogue/feedback.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, conversation
from bot.answers.reply import Reply
from bot.dialogue import feedback as F
from bot.dialogue.state import Answered, Failures, PendingQuestion
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)
OPEN = {"wechat": {"channel": "wechat", "openid": "o1", "kf": "open"}}
RATING = {
    "helpful": [{"entity": "rating", "value": "helpful"}],
    "unhelpful": [{"entity": "rating", "value": "unhelpful"}],
}


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch) -> None:
    monkeypatch.setenv("BOT_TODAY", TODAY.isoformat())


def tracker(
    lexicon: Lexicon,
    text: str,
    intent: str,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    **extra: Any,
) -> Tracker:
    normalized = normalize(text).text
    found = entities if entities is not None else [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": found, **extra}
    base = {"city": None, "enterprise_type": None, "pending": None, "answered": None, "failures": None}
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("tester", base | (slots or {}), latest, [], False, None, loop, "action_listen")


def run(action, track: Tracker) -> tuple[list[dict], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, track, {})
    return dispatcher.messages, events


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_an_answer_is_followed_by_the_rating_question_and_remembered(lexicon) -> None:
    messages, events = run(
        answers.ActionBaseLimits(),
        tracker(lexicon, "长春社保缴费基数上限多少", "ask_base_limits", aspect="amount"),
    )
    assert "13835" in messages[0]["text"]
    assert messages[-1]["text"] == F.QUESTION
    assert [b["payload"] for b in messages[-1]["buttons"]] == [
        '/feedback{"rating":"helpful"}',
        '/feedback{"rating":"unhelpful"}',
    ]
    answered = slots_of(events)["answered"]
    assert answered == {
        "intent": "ask_base_limits",
        "aspect": "amount",
        "document": "长社保〔2020〕1号",
        "topic": answered["topic"],
    }


def test_a_question_asked_back_or_in_a_questionnaire_is_not_rated(lexicon) -> None:
    messages, events = run(
        answers.ActionBaseLimits(), tracker(lexicon, "缴费基数上限多少", "ask_base_limits")
    )
    assert "哪个城市" in messages[0]["text"] and all(m.get("text") != F.QUESTION for m in messages)
    assert "answered" not in slots_of(events)
    messages, events = run(
        answers.ActionBaseLimits(),
        tracker(lexicon, "长春缴费基数上限多少", "ask_base_limits", active_loop="contribution_form"),
    )
    assert all(m.get("text") != F.QUESTION for m in messages) and "answered" not in slots_of(events)


@pytest.mark.parametrize("rating", ["helpful", "unhelpful"])
def test_a_rating_sets_the_feedback_slot_first_and_forgets_the_answer(lexicon, rating: str) -> None:
    answered = Answered("ask_base_limits", "amount", "长社保〔2020〕1号", "ask_base_limits").to_slot()
    messages, events = run(
        conversation.ActionFeedback(),
        tracker(
            lexicon, f'/feedback{{"rating":"{rating}"}}', "feedback", {"answered": answered}, RATING[rating]
        ),
    )
    assert events[0]["name"] == "feedback" and events[0]["value"] == {
        "rating": rating,
        "intent": "ask_base_limits",
        "aspect": "amount",
        "document": "长社保〔2020〕1号",
    }
    assert slots_of(events)["answered"] is None
    text = messages[0]["text"]
    if rating == "helpful":
        assert "感谢您的评价" in text and not messages[0].get("buttons")
    else:  # the next steps: rephrase, the office line; no live agent outside WeChat
        assert "换个说法" in text and "12333" in text and not messages[0].get("buttons")
        assert slots_of(events)["failures"] == {"fallback": 0, "unhelpful": 1}


def test_feedback_on_nothing_gets_a_polite_reply_and_no_slot(lexicon) -> None:
    messages, events = run(
        conversation.ActionFeedback(),
        tracker(lexicon, '/feedback{"rating":"unhelpful"}', "feedback", entities=RATING["unhelpful"]),
    )
    assert "还没有可以评价的回答" in messages[0]["text"] and "feedback" not in slots_of(events)
    assert all(e.get("name") not in ("handoff", "answer_topic") for e in events)  # not a fallback or hand-off


def test_a_typed_rating_is_read_from_its_words(lexicon) -> None:
    answered = Answered("ask_phone", None, None, "ask_phone").to_slot()
    _, events = run(
        conversation.ActionFeedback(),
        tracker(lexicon, "这个回答没有帮助", "feedback", {"answered": answered}, entities=[]),
    )
    assert slots_of(events)["feedback"]["rating"] == "unhelpful"


def test_two_unhelpful_in_a_row_offer_a_live_agent_where_the_channel_can_transfer(lexicon) -> None:
    answered = Answered("ask_contribution", "amount", None, "ask_contribution").to_slot()
    slots = {"answered": answered, "failures": {"fallback": 0, "unhelpful": 1}}
    messages, events = run(
        conversation.ActionFeedback(),
        tracker(lexicon, "x", "feedback", slots, RATING["unhelpful"], metadata=OPEN),
    )
    assert messages[0]["text"].startswith("抱歉，连续几次都没能帮到您")
    assert messages[0]["buttons"] == [F.TRANSFER_BUTTON] and "12333" in messages[0]["text"]
    # a helpful rating ends the row
    _, events = run(
        conversation.ActionFeedback(),
        tracker(lexicon, "x", "feedback", slots, RATING["helpful"], metadata=OPEN),
    )
    assert slots_of(events)["failures"] == {"fallback": 0, "unhelpful": 0}


def test_two_fallbacks_in_a_row_offer_a_live_agent(lexicon) -> None:
    messages, events = run(
        conversation.ActionFallback(), tracker(lexicon, "嗯嗯嗯", "nlu_fallback", metadata=OPEN)
    )
    assert not messages[0].get("buttons") and slots_of(events)["failures"] == {"fallback": 1, "unhelpful": 0}
    assert all(m.get("text") != F.QUESTION for m in messages)  # a fallback is not an answer to rate
    second = tracker(
        lexicon, "哦哦哦", "nlu_fallback", {"failures": {"fallback": 1, "unhelpful": 0}}, metadata=OPEN
    )
    messages, events = run(conversation.ActionFallback(), second)
    assert messages[0]["buttons"] == [F.TRANSFER_BUTTON] and "转人工客服" in messages[0]["text"]
    # the web chat (no transfer): the fallback keeps the phone line, no transfer option
    messages, _ = run(
        conversation.ActionFallback(),
        tracker(lexicon, "哦哦哦", "nlu_fallback", {"failures": {"fallback": 1, "unhelpful": 0}}),
    )
    assert not messages[0].get("buttons") and "12333" in messages[0]["text"]
    # an answer ends the row
    _, events = run(
        answers.ActionBaseLimits(),
        tracker(
            lexicon, "天津缴费基数上限多少", "ask_base_limits", {"failures": {"fallback": 1, "unhelpful": 0}}
        ),
    )
    assert slots_of(events)["failures"] == {"fallback": 0, "unhelpful": 0}


def test_a_not_covered_answer_offers_a_live_agent_on_wechat_only(lexicon) -> None:
    question = "长沙缴费基数上限多少"
    messages, _ = run(
        answers.ActionBaseLimits(), tracker(lexicon, question, "ask_base_limits", metadata=OPEN)
    )
    assert "长沙" in messages[0]["text"] and F.TRANSFER_BUTTON in messages[0]["buttons"]
    assert messages[-1]["text"] == F.QUESTION  # still an answer that can be rated
    messages, _ = run(answers.ActionBaseLimits(), tracker(lexicon, question, "ask_base_limits"))
    assert F.TRANSFER_BUTTON not in (messages[0].get("buttons") or [])


def test_a_transfer_made_by_the_channel_is_marked_and_ask_human_elsewhere_gives_the_phone(lexicon) -> None:
    transfer = {
        "wechat": {**OPEN["wechat"], "transfer": {"reason": "asked", "text": "转人工", "kf_account": None}}
    }
    messages, events = run(
        answers.ActionHumanHandoff(), tracker(lexicon, "/ask_human", "ask_human", metadata=transfer)
    )
    assert messages == [] and slots_of(events)["handed_to_agent"] is True
    assert slots_of(events)["handoff"] == "wechat_kf"
    messages, events = run(answers.ActionHumanHandoff(), tracker(lexicon, "转人工", "ask_human"))
    assert "12333" in messages[0]["text"] and "handed_to_agent" not in slots_of(events)


# --- the pure rules --------------------------------------------------------------------------------------


def test_rateable_replies() -> None:
    assert F.is_rateable(Reply("上限13835元", topic="ask_base_limits"))
    assert F.is_rateable(Reply("暂未收录长沙", topic="not_covered:place"))
    assert not F.is_rateable(Reply("请问哪个城市？", pending=PendingQuestion("ask_base_limits")))
    assert not F.is_rateable(Reply("没有理解", topic="fallback"))
    assert not F.is_rateable(Reply("我是社保小助手", topic="capabilities"))
    assert not F.is_rateable(Reply("超出范围", topic="out_of_scope"))
    assert not F.is_rateable(Reply("上限13835元", topic="ask_base_limits"), in_questionnaire=True)


def test_answered_record_and_the_document_cited() -> None:
    reply = Reply("依据：人社部发〔2020〕49号、长社保〔2020〕1号", topic="ask_reduction:verdict")
    record = F.answered_record(reply, "affirm", None, ["长社保〔2020〕1号", "人社部发〔2020〕49号"])
    assert record == Answered("ask_reduction", None, "人社部发〔2020〕49号", "ask_reduction:verdict")
    assert (
        F.answered_record(Reply("没有文件号", topic="faq:x"), "ask_policy_faq", "procedure").document is None
    )


def test_failures_slot_is_robust_to_bad_values() -> None:
    assert Failures.from_slot(None) == Failures() == Failures.from_slot({"fallback": -1, "unhelpful": "2"})
    assert Answered.from_slot({"intent": ""}) is None and Answered.from_slot("x") is None
