"""The dialogue planner: given one turn and the conversation state, decide what to do.

Every route the assistant takes for a user message is decided here, in pure Python (the tests run it
without Rasa): answer the question (aspect first, ``bot.answers.composer``), ask for a missing value and
resume when it comes, re-answer the last question with one value changed (那北京呢), start a questionnaire
for a personal question with facts missing, redo a questionnaire's verdict with a changed value, answer a
question asked in the middle of a questionnaire, and the replies to values, fallbacks and off-topic
messages. The Rasa actions (``actions/``) only read the tracker into a ``Turn`` and a
``ConversationState``, call one method here and apply the ``Plan``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from bot.answers import aspects, short_answers
from bot.answers.composer import Composer, asked_questions, is_not_covered
from bot.answers.reply import Reply
from bot.answers.service import Answerer
from bot.answers.turn import Turn, shift_entities
from bot.dialogue.plan import Plan, QuestionnaireStart
from bot.dialogue.registry import FOLLOW_UP_INTENTS
from bot.dialogue.state import ConversationState, LastAnswer
from bot.questionnaires.definitions import BY_INTENT as FORM_FOR_INTENT
from bot.questionnaires.definitions import QUESTIONNAIRES
from bot.questionnaires.verdicts import Questionnaires

MISREAD_MIN_CHARS = 8  # 为什么 / 取消吧 / 重新来 are control words; a longer question is a question
CONTINUATION_MAX_CHARS = 16  # 折合每个月呢 / 那个人那部分呢: longer messages are questions of their own


class Planner:
    def __init__(self, answerer: Answerer, composer: Composer | None = None):
        self.answerer = answerer
        self.questionnaires = Questionnaires(answerer)
        self.composer = composer or Composer(answerer)

    # -- a question under a topic intent -----------------------------------------------------------
    def question(self, intent: str, turn: Turn, state: ConversationState) -> Plan:
        can_start_form = intent in FORM_FOR_INTENT
        if state.active_form:  # a question in the middle of a questionnaire: answer it, start nothing new
            return Plan.say(self.composer.answer(intent, turn), no_questionnaire=can_start_form)
        pending = state.pending
        if (
            pending is not None
            and intent != pending.intent
            and not turn.asks_question()
            and any(e.get("entity") == pending.asked for e in turn.entities)
        ):  # 天津的，单位交的 after "which city?": the answer to it, whatever topic it mentions
            return Plan.say(self.answerer.resume(pending, turn), no_questionnaire=can_start_form)
        if (
            not turn.asks_question()
            and state.last is not None
            and state.last.intent
            and not state.last.form
            and _same_family(intent, state.last.intent)
        ):
            # 北京的，交了两年，失业金领完了 after a 失业补助金 answer: facts for that question, not a new one
            told = self.follow_up(turn, state, always=True)
            if told is not None:
                told.no_questionnaire = can_start_form
                return told
        scope = self.composer.scope_reply(turn)
        if scope is not None:  # not social insurance, or not covered: say so, and that ends it
            if (
                scope.topic == "not_covered:place" and intent in FOLLOW_UP_INTENTS
            ):  # 那北京呢 can still follow
                scope.context = LastAnswer(intent=intent, entities=turn.entities, text=turn.text)
            return Plan.say(scope, no_questionnaire=can_start_form)
        # two questions or more: the composer answers each of them, a procedure question included
        questions = asked_questions(turn)
        several = len(questions) > 1
        asks_procedure = not questions or questions[0].aspect in (aspects.PROCEDURE, None)
        article = None if several or not asks_procedure else self.answerer.procedure_faq(intent, turn)
        if article is not None:  # 领失业补助金要带什么材料: the FAQ article, no figures and no questionnaire
            article = self.composer.lead_with_short_answer(article, intent, turn)  # 要先办失业登记吗: 不需要
            if questions and questions[0].aspect in (aspects.DURATION, aspects.DEADLINE):
                article = self.composer.no_time_stated(article, turn)  # 网上申请后多少天到账: not stated
            return Plan.say(self.composer.cite(article, turn), no_questionnaire=can_start_form)
        follow = self.follow_up(turn, state, intent=intent)
        if follow is not None:  # 那如果缓缴8个月呢: the previous question again with this change
            follow.no_questionnaire = can_start_form
            return follow
        form = self.questionnaires.should_start(intent, turn)
        reply = self.composer.answer(intent, turn, scope_checked=True)
        if form and not is_not_covered(reply) and self._answers_with_form(reply):
            prefilled = self.questionnaires.prefill(form, turn)
            if self.questionnaires.missing(form, prefilled):
                # a personal question with facts missing: show what is known, then ask for the rest
                shown = reply if reply.pending is None else None
                return Plan(
                    reply=shown, questionnaire=QuestionnaireStart(form, prefilled, QUESTIONNAIRES[form].intro)
                )
            return Plan(questionnaire=QuestionnaireStart(form, prefilled))  # every fact given: the verdict
        if (
            intent in FOLLOW_UP_INTENTS
            and reply.context is None
            and not reply.topic.startswith("out_of_scope")
        ):
            reply.context = LastAnswer(intent=intent, entities=turn.entities, text=turn.text)
        if can_start_form and reply.pending is None and not is_not_covered(reply):
            reply.buttons = [
                *reply.buttons,
                {
                    "title": "按我的情况逐项测算",
                    "payload": f'/start_questionnaire{{"questionnaire":"{FORM_FOR_INTENT[intent]}"}}',
                },
            ]
        return Plan.say(reply, no_questionnaire=can_start_form)

    @staticmethod
    def _answers_with_form(reply: Reply) -> bool:
        """A yes/no answered from the facts given, or an article, needs no questionnaire after it."""
        if reply.topic.startswith(("faq:", "passage:")) or reply.topic.endswith(":silent"):
            return False
        return not reply.text.startswith(("可以。", "不能。")) and not short_answers.is_short_answer(
            reply.text
        )

    # -- a bare value, a fallback, an off-topic message --------------------------------------------
    def value(self, turn: Turn, state: ConversationState) -> Plan:
        """The user gave a value (长春, 8000): complete the waiting question, re-ask the last one, or ask."""
        if state.pending is not None:
            return Plan.say(self.answerer.resume(state.pending, turn))
        follow = self.follow_up(turn, state, always=True) or self.continuation(turn, state)
        if follow is not None:
            return follow
        if turn.asks_question():  # a question the classifier took for a bare value
            reply = (
                self.composer.scope_reply(turn)
                or self.answerer.question_faq(turn)
                or self.composer.passage(turn)
            )
            if reply is not None:
                return Plan.say(reply)
        noted = "、".join(str(e.get("original") or e.get("value")) for e in turn.entities) or turn.text
        reply = self.answerer.capabilities()
        reply.text = f"收到：{noted}。请问您想了解什么？\n{reply.text}"
        reply.topic = "inform_without_question"
        return Plan.say(reply)

    def fallback(self, turn: Turn, state: ConversationState, empty: bool = False) -> Plan:
        """Not understood: a follow-up the classifier missed, a topic out of scope, or the hotline."""
        if not empty:
            follow = self.follow_up(turn, state) or self.continuation(turn, state)
            if follow is not None:
                return follow
            if turn.asks_question():
                reply = (
                    self.composer.scope_reply(turn)
                    or self.answerer.question_faq(turn)
                    or self.composer.passage(turn)
                    or self.composer.unanswered(turn)
                )
                if reply is not None:
                    return Plan.say(reply)
        return Plan.say(self.answerer.fallback(turn, empty=empty))

    def out_of_scope(self, turn: Turn) -> Plan:
        scope = self.composer.scope_reply(turn) or self.composer.unanswered(turn)
        return Plan.say(scope if scope is not None else self.answerer.out_of_scope(turn))

    def misread(self, turn: Turn, state: ConversationState) -> Plan | None:
        """A question taken for a control word (取消, 为什么, 重新开始) outside a questionnaire: a follow-up,
        a topic out of scope or an unanswered social-insurance question gets its answer instead."""
        if state.active_form or len(turn.text) < MISREAD_MIN_CHARS or not turn.asks_question():
            return None
        follow = self.follow_up(turn, state, always=True)
        if follow is not None:
            return follow
        reply = (
            self.composer.scope_reply(turn)
            or self.answerer.question_faq(turn)
            or self.composer.passage(turn)
            or self.composer.unanswered(turn)
        )
        return Plan.say(reply) if reply is not None else None

    # -- follow-ups --------------------------------------------------------------------------------
    def follow_up(
        self, turn: Turn, state: ConversationState, always: bool = False, intent: str | None = None
    ) -> Plan | None:
        """Re-answer the last question with the values this message changes (那北京呢, 如果工资是一万呢).

        ``always``: the message is a bare value (inform), so any entity is a change; otherwise the message
        must read like a follow-up and, for a one-turn answer, ask the same kind of question.
        """
        last = state.last
        if last is None or not turn.entities or not (always or turn.looks_like_follow_up()):
            return None
        if last.form:
            if intent is None or FORM_FOR_INTENT.get(intent) == last.form or always:
                return Plan.say(self.redo_verdict(last, turn))
            return None
        if last.intent and (always or intent in (None, last.intent)):
            from bot.dialogue.state import PendingQuestion

            reply = self.answerer.resume(PendingQuestion(last.intent, last.entities, "", last.text), turn)
            changed = {x.get("entity") for x in turn.entities}
            reply.context = LastAnswer(
                intent=last.intent,
                entities=turn.entities + [e for e in last.entities if e.get("entity") not in changed],
            )
            return Plan.say(reply)
        return None

    def continuation(self, turn: Turn, state: ConversationState) -> Plan | None:
        """折合每个月呢 / 那个人部分呢 after a question: no value changes, the same question goes on. Answered
        as the last question with this message added to it, under the last question's topic."""
        last = state.last
        text = turn.text.strip()
        if (
            last is None
            or not last.intent
            or last.form
            or not last.text
            or len(text) > CONTINUATION_MAX_CHARS
            or not turn.looks_like_follow_up()
        ):
            return None
        shifted = shift_entities(turn.entities, len(last.text) + 1)  # after the last question and "，"
        combined = dataclasses.replace(turn, text=f"{last.text}，{text}", entities=[*last.entities, *shifted])
        reply = self.composer.answer(last.intent, combined)
        if reply.topic.startswith(("not_covered", "out_of_scope")) or reply.topic == "faq:none":
            return None
        reply.context = LastAnswer(intent=last.intent, entities=combined.entities, text=combined.text)
        return Plan.say(reply)

    def redo_verdict(self, last: LastAnswer, turn: Turn) -> Reply:
        form = str(last.form)
        changed = self.questionnaires.prefill(form, turn)
        slots = {**last.slots, **{k: v for k, v in changed.items() if k in QUESTIONNAIRES[form].slots}}
        reply = self.questionnaires.verdict(form, slots, turn.today)
        changes = "、".join(str(e.get("original") or e.get("value")) for e in turn.entities)
        reply.text = f"按“{changes}”重新测算：\n{reply.text}"
        reply.context = LastAnswer(form=form, slots=slots)
        return reply

    # -- questionnaires ----------------------------------------------------------------------------
    def start_questionnaire(self, turn: Turn, state: ConversationState) -> Plan:
        """帮我逐项测算, or the button under an answer: the questionnaire named, or the last question's."""
        form = turn.value("questionnaire")
        if form not in QUESTIONNAIRES and state.last is not None:
            form = state.last.form or FORM_FOR_INTENT.get(state.last.intent or "")
        if form not in QUESTIONNAIRES:
            names = "、".join(q.title for q in QUESTIONNAIRES.values())
            text = f"可以帮您测算：{names}。请先告诉我您想了解哪一项，例如“我能领失业金吗”。"
            return Plan(reply=Reply(text, topic="start_questionnaire"), no_questionnaire=True)
        form = str(form)
        prefilled = self.questionnaires.prefill(form, turn)
        intro = QUESTIONNAIRES[form].intro if self.questionnaires.missing(form, prefilled) else None
        return Plan(questionnaire=QuestionnaireStart(form, prefilled, intro))

    def verdict(self, form: str, slots: dict[str, Any], today: dt.date) -> Plan:
        reply = self.questionnaires.verdict(form, slots, today)
        reply.context = LastAnswer(form=form, slots=slots)
        return Plan.say(reply)


# Topics a user moves between while telling one situation (失业补助金 → "失业金已经领完了"): facts given after
# one of them complete that question rather than start the other.
TOPIC_FAMILIES = (
    frozenset({"ask_unemployment_benefit", "ask_unemployment_subsidy", "ask_migrant_subsidy"}),
    frozenset({"ask_contribution", "ask_contribution_base", "ask_base_limits"}),
    frozenset({"ask_reduction", "ask_deferral"}),
)


def _same_family(intent: str, other: str) -> bool:
    return intent == other or any(intent in family and other in family for family in TOPIC_FAMILIES)
