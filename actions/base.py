"""Plumbing between Rasa and the dialogue planner (``bot.dialogue``): read the tracker, apply the plan.

No dialogue decision is taken here: ``turn_from_tracker`` and ``state_from_tracker`` read what the
planner needs, ``apply_plan`` turns its ``Plan`` into messages and events.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.reply import Reply
from bot.answers.service import Answerer
from bot.answers.turn import Turn
from bot.dialogue import feedback as F
from bot.dialogue import slots as S
from bot.dialogue.plan import Plan, QuestionnaireStart
from bot.dialogue.planner import Planner
from bot.dialogue.state import ConversationState, Failures, LastAnswer, PendingQuestion
from bot.kb.store import default_store
from bot.questionnaires.definitions import all_slots

LOG = logging.getLogger(__name__)
# said when answering a turn failed unexpectedly: the user gets a way forward, never silence or a trace
SORRY = "抱歉，这个问题我暂时没能答复，请换个说法再问一次；急需办理可拨打人力资源和社会保障咨询电话12333。"


@lru_cache(maxsize=1)
def answerer() -> Answerer:
    """One answerer per action-server process (the policy store is loaded once)."""
    return Answerer(default_store())


@lru_cache(maxsize=1)
def planner() -> Planner:
    return Planner(answerer())


def today() -> dt.date:
    """Today's date; ``BOT_TODAY`` (YYYY-MM-DD) pins it for tests and demonstrations."""
    pinned = os.environ.get("BOT_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def turn_from_tracker(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    return Turn(
        text=str(message.get("text") or ""),
        entities=list(message.get("entities") or []),
        city=tracker.get_slot(S.CITY),
        enterprise_type=tracker.get_slot(S.ENTERPRISE_TYPE),
        today=today(),
        asked=[q for q in message.get("questions") or [] if isinstance(q, dict)],
    )


def state_from_tracker(tracker: Tracker) -> ConversationState:
    return ConversationState(
        pending=PendingQuestion.from_slot(tracker.get_slot(S.PENDING)),
        last=LastAnswer.from_slot(tracker.get_slot(S.LAST_ANSWER)),
        active_form=tracker.active_loop_name,
        last_form=tracker.get_slot(S.FORM),
        requested_slot=tracker.get_slot(S.REQUESTED_SLOT),
        last_topic=tracker.get_slot(S.ANSWER_TOPIC),
    )


def send(
    dispatcher: CollectingDispatcher, reply: Reply, tracker: Tracker | None = None
) -> list[dict[str, Any]]:
    """Utter the reply and record what happened in slots (pending question, hand-off, topic).

    With the tracker: an answer is followed by the 有帮助 / 没帮助 question and remembered for the rating
    (slot ``answered``), and consecutive fallbacks are counted (slot ``failures``; the second offers a
    live agent where the channel can transfer). See bot/dialogue/feedback.py.
    """
    extra = rating_events(dispatcher, reply, tracker) if tracker is not None else []
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)
    events = [
        SlotSet(S.PENDING, reply.pending.to_slot() if reply.pending else None),
        SlotSet(S.ANSWER_TOPIC, reply.recorded_topic or None),
        SlotSet(S.HANDOFF, reply.handoff),
    ]
    if reply.context is not None:
        events.append(SlotSet(S.LAST_ANSWER, reply.context.to_slot()))
    if (
        reply.result is not None
        and reply.result.region not in (None, "national")
        and reply.result.status == "ok"
    ):
        events.append(SlotSet(S.CITY, reply.result.region))
    if tracker is not None and F.is_rateable(reply, in_questionnaire=bool(tracker.active_loop_name)):
        dispatcher.utter_message(text=F.QUESTION, buttons=list(F.FEEDBACK_BUTTONS))
    return events + extra


@lru_cache(maxsize=1)
def document_numbers() -> tuple[str, ...]:
    """The numbers of the source documents (for the document an answer cites)."""
    return tuple(d.number for d in answerer().store.kb.documents.values() if "〔" in d.number)


def rating_events(dispatcher: CollectingDispatcher, reply: Reply, tracker: Tracker) -> list[dict[str, Any]]:
    """Remember a rateable answer, count fallbacks in a row (offering a live agent at the second)."""
    message = tracker.latest_message or {}
    failures = Failures.from_slot(tracker.get_slot(S.FAILURES))
    events: list[dict[str, Any]] = []
    if reply.topic == "fallback" and not message.get("empty_input"):
        failures = F.after_fallback(failures)
        F.offer_agent_after_fallbacks(
            reply, failures, transfer_available=F.transfer_available(message.get("metadata"))
        )
    else:
        failures = F.after_answer(failures)
        F.offer_agent_when_not_covered(
            reply, transfer_available=F.transfer_available(message.get("metadata"))
        )
    if F.is_rateable(reply, in_questionnaire=bool(tracker.active_loop_name)):
        intent = (message.get("intent") or {}).get("name")
        aspect = message.get("aspect")
        record = F.answered_record(
            reply, intent, aspect if isinstance(aspect, str) else None, document_numbers()
        )
        events.append(SlotSet(S.ANSWERED, record.to_slot()))
    if failures != Failures.from_slot(tracker.get_slot(S.FAILURES)):
        events.append(SlotSet(S.FAILURES, failures.to_slot()))
    return events


def start_events(start: QuestionnaireStart, dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """Reset the questionnaire slots, pre-fill what the message says, and hand over to the form."""
    events: list[dict[str, Any]] = [SlotSet(slot, None) for slot in all_slots()]
    events += [
        SlotSet(S.FORM, start.form),
        SlotSet(S.INVALID, None),
        SlotSet(S.REQUESTED_SLOT, None),
        SlotSet(S.PREFILL, start.prefilled),
    ]
    events += [SlotSet(slot, value) for slot, value in start.prefilled.items()]
    if start.intro:
        dispatcher.utter_message(text=start.intro)
    return [*events, SlotSet(S.START_FORM, start.form)]  # the rules run the form next


def apply_plan(
    dispatcher: CollectingDispatcher, plan: Plan, tracker: Tracker | None = None
) -> list[dict[str, Any]]:
    events = send(dispatcher, plan.reply, tracker) if plan.reply is not None else []
    if plan.questionnaire is not None:
        events += start_events(plan.questionnaire, dispatcher)
    elif plan.no_questionnaire:
        events.append(SlotSet(S.START_FORM, None))
    return events


def answer_safely(
    dispatcher: CollectingDispatcher, make_plan: Callable[[], Plan | None], tracker: Tracker | None = None
) -> list[dict[str, Any]]:
    """Apply the plan of this turn; if building it fails, log the error and say so politely.

    With the tracker, answers are offered for rating and fallbacks counted (see :func:`send`)."""
    try:
        plan = make_plan()
        return apply_plan(dispatcher, plan, tracker) if plan is not None else []
    except Exception:
        LOG.exception("answering a turn failed")
        dispatcher.utter_message(text=SORRY)
        return [
            SlotSet(S.PENDING, None),
            SlotSet(S.ANSWER_TOPIC, "error"),
            SlotSet(S.HANDOFF, "hotline_12333"),
            SlotSet(S.START_FORM, None),
        ]


class AnswerAction(Action):
    """Answers one question intent through the planner (``actions/answers.py``: one per registry entry)."""

    intent = ""
    action = ""

    def name(self) -> str:
        return self.action

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        transfer = F.transfer_of((tracker.latest_message or {}).get("metadata"))
        if self.intent == "ask_human" and transfer is not None:
            # the WeChat channel already handed the user to a live agent and told them so: mark it
            LOG.info(
                "live-agent transfer recorded sender=%s reason=%s", tracker.sender_id, transfer.get("reason")
            )
            return [
                SlotSet(S.HANDED_TO_AGENT, True),
                SlotSet(S.HANDOFF, "wechat_kf"),
                SlotSet(S.PENDING, None),
            ]
        confidence = ((tracker.latest_message or {}).get("intent") or {}).get("confidence")
        return answer_safely(
            dispatcher,
            lambda: planner().question(
                self.intent,
                turn_from_tracker(tracker),
                state_from_tracker(tracker),
                confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
            ),
            tracker,
        )
