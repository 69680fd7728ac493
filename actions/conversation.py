"""Conversation actions: a bare value, capabilities, fallback, out of scope. Each asks the planner."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import answer_safely, answerer, planner, send, state_from_tracker, turn_from_tracker


class ActionInform(Action):
    """The user gave a value: answer the question that was waiting for it, or ask what they want to know."""

    def name(self) -> str:
        return "action_inform"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return answer_safely(
            dispatcher, lambda: planner().value(turn_from_tracker(tracker), state_from_tracker(tracker))
        )


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
        )


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return answer_safely(dispatcher, lambda: planner().out_of_scope(turn_from_tracker(tracker)))
