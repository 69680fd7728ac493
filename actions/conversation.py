"""Conversation management: completing a pending question, capabilities, fallback, out of scope."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import LAST, PENDING, answerer, send, turn_from_tracker
from bot.answers.service import Reply


class ActionInform(Action):
    """The user gave a value: answer the question that was waiting for it, or ask what they want to know."""

    def name(self) -> str:
        return "action_inform"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = turn_from_tracker(tracker)
        pending = tracker.get_slot(PENDING)
        if isinstance(pending, dict) and pending.get("intent"):
            return send(dispatcher, answerer().resume(pending, turn))
        events = follow_up(dispatcher, tracker, turn, always=True)
        if events is not None:
            return events
        article = answerer().question_faq(turn)
        if article is not None:
            return send(dispatcher, article)
        noted = "、".join(str(e.get("original") or e.get("value")) for e in turn.entities) or turn.text
        reply = answerer().capabilities()
        reply.text = f"收到：{noted}。请问您想了解什么？\n{reply.text}"
        reply.topic = "inform_without_question"
        return send(dispatcher, reply)


def follow_up(dispatcher: CollectingDispatcher, tracker: Tracker, turn, always: bool = False,
              intent: str | None = None) -> list[dict[str, Any]] | None:
    """Re-answer the last question with the values this message changes (那北京呢, 如果工资是一万呢).

    ``always``: the message is a bare value (inform), so any entity is a change; otherwise the message must
    read like a follow-up and, for a one-turn answer, ask the same kind of question.
    """
    last = tracker.get_slot(LAST)
    if not isinstance(last, dict) or not turn.entities or not (always or turn.looks_like_follow_up()):
        return None
    if last.get("form"):
        from bot.questionnaires.definitions import BY_INTENT

        if intent is None or BY_INTENT.get(intent) == last["form"] or always:
            return _redo_verdict(dispatcher, last, turn)
        return None
    if last.get("intent") and (always or intent in (None, last["intent"])):
        reply = answerer().resume({"intent": last["intent"], "entities": last.get("entities") or [],
                                   "text": last.get("text", "")}, turn)
        reply.context = {"intent": last["intent"], "entities": turn.entities + [
            e for e in last.get("entities") or [] if e.get("entity") not in {x.get("entity") for x in turn.entities}]}
        return send(dispatcher, reply)
    return None


def _redo_verdict(dispatcher: CollectingDispatcher, last: dict[str, Any], turn) -> list[dict[str, Any]]:
    from actions.questionnaires import questionnaires
    from bot.questionnaires.definitions import QUESTIONNAIRES

    form = last["form"]
    changed = questionnaires().prefill(form, turn)
    slots = {**(last.get("slots") or {}), **{k: v for k, v in changed.items() if k in QUESTIONNAIRES[form].slots}}
    reply = questionnaires().verdict(form, slots, turn.today)
    changes = "、".join(str(e.get("original") or e.get("value")) for e in turn.entities)
    reply.text = f"按“{changes}”重新测算：\n{reply.text}"
    reply.context = {"form": form, "slots": slots}
    return send(dispatcher, reply)


class ActionCapabilities(Action):
    def name(self) -> str:
        return "action_capabilities"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        return send(dispatcher, answerer().capabilities())


class ActionFallback(Action):
    """Did not understand (low confidence, empty input): say what the assistant can do and give the hotline."""

    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        empty = bool((tracker.latest_message or {}).get("empty_input"))
        turn = turn_from_tracker(tracker)
        events = None if empty else follow_up(dispatcher, tracker, turn)
        if events is not None:
            return events
        reply: Reply = answerer().fallback(turn, empty=empty)
        return send(dispatcher, reply)


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        return send(dispatcher, answerer().out_of_scope(turn_from_tracker(tracker)))
