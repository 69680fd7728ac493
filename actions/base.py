"""Shared adapter between Rasa actions and the pure-Python answerer in ``bot.answers``."""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.service import Answerer, Reply
from bot.answers.turn import Turn
from bot.kb.store import default_store
from bot.questionnaires.definitions import BY_INTENT as QUESTIONNAIRE_INTENTS

PENDING = "pending"
HANDOFF = "handoff"
TOPIC = "answer_topic"
LAST = "last_answer"
START = "start_form"
RECOMPUTABLE = {
    "ask_base_limits", "ask_contribution_base", "ask_contribution", "ask_contribution_rate", "ask_average_wage",
    "ask_late_fee", "ask_unemployment_benefit", "ask_unemployment_subsidy", "ask_migrant_subsidy", "ask_job_retention",
    "ask_skill_subsidy", "ask_reduction", "ask_deferral", "ask_flexible_employment",
}


@lru_cache(maxsize=1)
def answerer() -> Answerer:
    """One answerer per action-server process (the policy store is loaded once)."""
    return Answerer(default_store())


def today() -> dt.date:
    """Today's date; ``BOT_TODAY`` (YYYY-MM-DD) pins it for tests and demonstrations."""
    pinned = os.environ.get("BOT_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def turn_from_tracker(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    return Turn(
        text=str(message.get("text") or ""),
        entities=list(message.get("entities") or []),
        city=tracker.get_slot("city"),
        enterprise_type=tracker.get_slot("enterprise_type"),
        today=today(),
    )


def send(dispatcher: CollectingDispatcher, reply: Reply) -> list[dict[str, Any]]:
    """Utter the reply and record what happened in slots (pending question, hand-off, topic)."""
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)
    events = [SlotSet(PENDING, reply.pending), SlotSet(TOPIC, reply.topic or None), SlotSet(HANDOFF, reply.handoff)]
    if reply.context is not None:
        events.append(SlotSet(LAST, reply.context))
    if reply.result is not None and reply.result.region not in (None, "national") and reply.result.status == "ok":
        events.append(SlotSet("city", reply.result.region))
    return events


class AnswerAction(Action):
    """Answers one intent through ``Answerer.answer``; subclasses set ``intent`` and ``action``."""

    intent = ""
    action = ""

    def name(self) -> str:
        return self.action

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        from actions.questionnaires import questionnaires, start_events

        turn = turn_from_tracker(tracker)
        no_form = [SlotSet(START, None)] if self.intent in QUESTIONNAIRE_INTENTS else []
        if tracker.active_loop_name:  # a question asked in the middle of a questionnaire: answer it, no new one
            return [*send(dispatcher, answerer().answer(self.intent, turn)), *no_form]
        from actions.conversation import follow_up

        article = answerer().procedure_faq(self.intent, turn)
        if article is not None:  # 领失业补助金要带什么材料: the FAQ article, no figures and no questionnaire
            return [*send(dispatcher, article), *no_form]
        events = follow_up(dispatcher, tracker, turn, intent=self.intent)
        if events is not None:  # 那如果缓缴8个月呢: the previous question again with this change
            return [*events, *no_form]
        form = questionnaires().should_start(self.intent, turn)
        reply = answerer().answer(self.intent, turn)
        if form and questionnaires().missing(form, questionnaires().prefill(form, turn)):
            # a personal question with facts missing: show what is known, then ask for the rest
            events = send(dispatcher, reply) if reply.pending is None else []
            return [*events, *start_events(form, turn, dispatcher)]
        if form:
            return start_events(form, turn, dispatcher)  # every fact given: straight to the verdict
        if self.intent in RECOMPUTABLE:  # a follow-up ("那北京呢") can change one value and ask again
            reply.context = {"intent": self.intent, "entities": turn.entities, "text": turn.text}
        if self.intent in QUESTIONNAIRE_INTENTS and reply.pending is None:
            reply.buttons = [*reply.buttons, {"title": "按我的情况逐项测算",
                                              "payload": f'/start_questionnaire{{"questionnaire":"{QUESTIONNAIRE_INTENTS[self.intent]}"}}'}]
        return [*send(dispatcher, reply), *no_form]
