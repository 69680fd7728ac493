"""Conversation actions: a bare value, capabilities, fallback, out of scope, feedback. Each asks the planner
(feedback: bot/dialogue/feedback.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import answer_safely, answerer, planner, send, state_from_tracker, turn_from_tracker
from bot.dialogue import feedback as F
from bot.dialogue import slots as S
from bot.dialogue.registry import QUESTION_INTENTS
from bot.dialogue.state import Answered, Failures


class ActionInform(Action):
    """The user gave a value: answer the question that was waiting for it, or ask what they want to know."""

    def name(self) -> str:
        return "action_inform"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        runner_up = next(
            (
                (str(r["name"]), float(r.get("confidence") or 0.0))
                for r in ranking
                if isinstance(r, dict) and r.get("name") in QUESTION_INTENTS
            ),
            None,
        )
        events = answer_safely(
            dispatcher,
            lambda: planner().value(turn_from_tracker(tracker), state_from_tracker(tracker), runner_up),
            tracker,
        )
        return events + form_to_run(events)


def form_to_run(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """长春这边员工个人养老保险是怎么扣的，帮我算一个 read as a value (inform) and answered as the question it
    ranks next: the questionnaire it starts runs now. The rules start a form only after a question intent's
    action, so after action_inform the form is named as the next action (else its intro would be said and
    no question asked)."""
    started = [e for e in events if e.get("event") == "slot" and e.get("name") == S.START_FORM]
    form = started[-1].get("value") if started else None
    return [FollowupAction(str(form))] if form else []


class ActionCapabilities(Action):
    def name(self) -> str:
        return "action_capabilities"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return send(dispatcher, answerer().capabilities())


class ActionFallback(Action):
    """Not understood (low confidence, empty input): what the assistant can do, and the hotline."""

    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        empty = bool((tracker.latest_message or {}).get("empty_input"))
        return answer_safely(
            dispatcher,
            lambda: planner().fallback(turn_from_tracker(tracker), state_from_tracker(tracker), empty=empty),
            tracker,
        )


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return answer_safely(
            dispatcher,
            lambda: planner().out_of_scope(turn_from_tracker(tracker), state_from_tracker(tracker)),
            tracker,
        )


class ActionFeedback(Action):
    """A rating of the last answer: the slot ``feedback`` first, then the reply (bot/dialogue/feedback.py)."""

    def name(self) -> str:
        return "action_feedback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        failures = Failures.from_slot(tracker.get_slot(S.FAILURES))
        outcome = F.after_rating(
            F.rating_of(message.get("entities") or [], str(message.get("text") or "")),
            Answered.from_slot(tracker.get_slot(S.ANSWERED)),
            failures,
            transfer_available=F.transfer_available(message.get("metadata")),
            hotline=answerer()._hotline_text(tracker.get_slot(S.CITY)),
        )
        events: list[dict[str, Any]] = []
        if outcome.feedback is not None:
            events.append(SlotSet(S.FEEDBACK, outcome.feedback))
        dispatcher.utter_message(text=outcome.reply.text, buttons=outcome.reply.buttons or None)
        if outcome.clear_answered:
            events.append(SlotSet(S.ANSWERED, None))
        if outcome.failures != failures:
            events.append(SlotSet(S.FAILURES, outcome.failures.to_slot()))
        return events
