"""Questionnaire forms: slot extraction and validation, questions with buttons, verdict, why/cancel/restart.

The forms are Rasa forms (``<name>_form``) with custom slot mappings. ``extract_<slot>`` decides whether
the user's message answers the pending question: a message that parses as an answer is one; a question
about something else (a FAQ, a phone number, "为什么要问这个", "取消") is not, so the form rejects it and the
digression rules answer it before the form asks again. ``validate_<slot>`` re-asks with an example after an
invalid answer and offers the hotline after two.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import (
    answer_safely,
    answerer,
    apply_plan,
    planner,
    state_from_tracker,
    today,
    turn_from_tracker,
)
from bot.answers.turn import Turn
from bot.dialogue import slots as S
from bot.questionnaires.answers import (
    UNKNOWN,
    Parsed,
    answers_another_question,
    corrects_earlier,
    parse_choice,
    parse_city,
    parse_count,
    parse_date,
    parse_money,
    parse_months,
    parse_years,
    parse_yes_no,
)
from bot.questionnaires.definitions import QUESTIONNAIRES, Question, all_slots, required
from bot.questionnaires.verdicts import PREVIEWS
from bot.text.entities import Lexicon

FORM, START, INVALID, PREFILL, LAST = S.FORM, S.START_FORM, S.INVALID, S.PREFILL, S.LAST_ANSWER
CONTROL_INTENTS = {"cancel", "start_over", "ask_why"}
ANSWER_INTENTS = {"inform", "affirm", "deny", "nlu_fallback"}
_INVALID_MARK = "__invalid__"
TOLD_WITH_A_QUESTION = 2  # answers to this many of the questions make a message that also asks an answer
CITY_ONLY_MAX_CHARS = 8  # 长春的 / 在北京交的: a message that names only a city answers the city question

_lexicon: Lexicon | None = None


def lexicon() -> Lexicon:
    global _lexicon
    if _lexicon is None:
        _lexicon = Lexicon.from_store(answerer().store)
    return _lexicon


def parse_answer(question: Question, text: str) -> Parsed:
    kind = question.kind
    if kind == "yes_no":
        return parse_yes_no(text, question.yes_words, question.no_words)
    if kind == "city":
        return parse_city(text, lexicon())
    if kind == "years":
        return parse_years(text, lexicon())
    if kind == "months":
        return parse_months(text, lexicon())
    if kind == "money":
        if any(word in text for word in ("不知道", "不清楚", "不确定")):
            return Parsed(UNKNOWN)
        return parse_money(text, lexicon())
    if kind == "count":
        return parse_count(text, lexicon())
    if kind == "date":
        return parse_date(text, lexicon(), today())
    if kind == "choice":
        return parse_choice(text, question.choices, lexicon())
    raise ValueError(f"unknown question kind {kind}")


def slot_values(tracker: Tracker) -> dict[str, Any]:
    """The questionnaires' answers so far; an answer not understood (marked for its validator, which asks
    again) is no answer yet — the rules that weigh the answers never see the marker."""
    values = {slot: tracker.get_slot(slot) for slot in all_slots()}
    return {slot: None if _not_understood(value) else value for slot, value in values.items()}


def _not_understood(value: Any) -> bool:
    return isinstance(value, dict) and _INVALID_MARK in value


def _question_for(slot: str, form: str | None = None) -> Question:
    """The question asking ``slot`` in ``form`` (slots such as q_city are shared, their wording is not)."""
    if form in QUESTIONNAIRES and slot in QUESTIONNAIRES[form].slots:
        return QUESTIONNAIRES[form].question(slot)
    for questionnaire in QUESTIONNAIRES.values():
        if slot in questionnaire.slots:
            return questionnaire.question(slot)
    raise KeyError(slot)


def _extractor(slot: str):
    async def extract(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != slot or tracker.active_loop_name != self.form:
            return {}
        message = tracker.latest_message or {}
        text = str(message.get("text") or "")
        intent = (message.get("intent") or {}).get("name")
        confidence = float((message.get("intent") or {}).get("confidence") or 0)
        if intent in CONTROL_INTENTS and confidence >= 0.5:
            return {}  # why / cancel / restart: handled by the rules, the form then asks again or stops
        parsed = parse_answer(self.questionnaire.question(slot), text)
        # 公司裁员把我裁了，失业登记也办好了: one answer can settle the questions after it too
        turn = turn_from_tracker(tracker)
        others = planner().questionnaires.prefill(self.form, turn)
        later = {
            k: v
            for k, v in others.items()
            if k != slot and k in self.questionnaire.slots and tracker.get_slot(k) is None
        }
        corrected = {
            k: v
            for k, v in others.items()
            if k != slot and k in self.questionnaire.slots and tracker.get_slot(k) not in (None, v)
        }
        if corrected and corrects_earlier(text):
            # 不好意思打错了，是交了14年 (asked 是不是非因本人意愿): the earlier answer changed, this
            # question asked again
            dispatcher.utter_message(text=f"好的，已按“{text.strip()}”更正。")
            return {**corrected, **later}
        if parsed.ok and answers_another_question(self.questionnaire, slot, text, later):
            return later  # 被辞退的 to 领完失业保险金了吗: that answer kept, this question asked again
        if parsed.ok:
            return {slot: parsed.value, **later}
        # 2020年一个都没裁，2019年缴了8万，大概能返多少: two of the questionnaire's answers told, and its own
        # question asked again — answers, not another question
        told = later and (not turn.asks_question() or len(later) >= TOLD_WITH_A_QUESTION)
        if told and not (later.keys() == {"q_city"} and len(text) > CITY_ONLY_MAX_CHARS):
            # 公司28个人，1个都没裁，去年交了4万: other questions' answers, not this one's — kept, and the
            # question asked again (a long message naming only a city is another question)
            if slot == "q_city":  # the conditions they settle, when the national rules decide them
                met = planner().questionnaires.national_conditions_met(
                    self.form, {**slot_values(tracker), **later}, today()
                )
                if met:
                    dispatcher.utter_message(text=met)
            return later
        if intent in ANSWER_INTENTS or text.startswith("/inform") or _misread_answer(intent, turn):
            return {slot: {_INVALID_MARK: text, "error": parsed.error}}
        return {}  # another question: answered by a digression rule, then the form resumes

    return extract


def _misread_answer(intent: str | None, turn: Turn) -> bool:
    """交了很久了记不清 read as out of scope while a question waits: no other domain named and nothing
    asked — an answer not understood (asked again), not "超出了我的服务范围"."""
    return (
        intent == "out_of_scope" and not turn.asks_question() and planner().composer.scope_reply(turn) is None
    )


def _validator(slot: str):
    async def validate(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        question = self.questionnaire.question(slot)
        if isinstance(value, dict) and _INVALID_MARK in value:
            aside = planner().aside(turn_from_tracker(tracker), state_from_tracker(tracker))
            if (
                aside is not None
            ):  # a case of the topic, not the value asked: its answer, then the question again
                dispatcher.utter_message(text=aside.text)
                return {slot: None, S.ANSWER_TOPIC: aside.topic}
            counts = dict(tracker.get_slot(INVALID) or {})
            counts[slot] = counts.get(slot, 0) + 1
            text = f"抱歉，没能识别您的回答。{value.get('error') or ''}（{question.example}）"
            if counts[slot] >= 2:
                hotline = answerer()._hotline_text(tracker.get_slot("q_city") or tracker.get_slot("city"))
                text += f"\n如果不方便回答，可以回复“取消”结束测算，或拨打{hotline}人工咨询。"
            dispatcher.utter_message(text=text)
            return {slot: None, INVALID: counts}
        if value is None:
            return {slot: None}
        if question.kind == "city" and isinstance(value, str):
            region = answerer().store.find_region(value)
            value = region.id if region else value
        if slot in PREVIEWS.get(self.form, ((), ()))[0]:  # the amount once the values deciding it are known
            known = {**slot_values(tracker), slot: value}
            preview = planner().questionnaires.preview(self.form, known, today())
            if preview and all(m.get("text") != preview for m in dispatcher.messages):
                dispatcher.utter_message(text=preview)
        return {slot: value}

    return validate


class QuestionnaireValidation(FormValidationAction):
    form = ""

    @property
    def questionnaire(self):
        return QUESTIONNAIRES[self.form]

    def name(self) -> str:
        return f"validate_{self.form}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        values = slot_values(tracker)
        needed = required(self.questionnaire, values)
        if any(values.get(slot) is None for slot in needed) and planner().questionnaires.settled_no(
            self.form, values, today()
        ):
            # an answer already fails a condition: the verdict (不符合, naming it) now, no more questions
            return [slot for slot in needed if values.get(slot) is not None]
        return needed


def _make_validation(form: str) -> type[QuestionnaireValidation]:
    methods: dict[str, Any] = {"form": form}
    for slot in QUESTIONNAIRES[form].slots:
        methods[f"extract_{slot}"] = _extractor(slot)
        methods[f"validate_{slot}"] = _validator(slot)
    return type(f"Validate{form.title().replace('_', '')}", (QuestionnaireValidation,), methods)


class AskQuestion(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        question = _question_for(self.slot, tracker.active_loop_name or tracker.get_slot(FORM))
        buttons = [{"title": title, "payload": answer} for title, answer in question.buttons]
        dispatcher.utter_message(text=f"{question.prompt}（{question.example}）", buttons=buttons or None)
        return []


VALIDATIONS = [_make_validation(form) for form in QUESTIONNAIRES]
ASKS = [type(f"Ask{slot.title().replace('_', '')}", (AskQuestion,), {"slot": slot}) for slot in all_slots()]
globals().update(
    {cls.__name__: cls for cls in (*VALIDATIONS, *ASKS)}
)  # rasa_sdk discovers module-level classes


class ActionStartQuestionnaire(Action):
    """Start a questionnaire on request ("帮我逐项测算" or the button under an answer)."""

    def name(self) -> str:
        return "action_start_questionnaire"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return answer_safely(
            dispatcher,
            lambda: planner().start_questionnaire(turn_from_tracker(tracker), state_from_tracker(tracker)),
        )


class ActionQuestionnaireVerdict(Action):
    def name(self) -> str:
        return "action_questionnaire_verdict"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        form = tracker.get_slot(FORM)
        if form not in QUESTIONNAIRES:
            return []
        return answer_safely(
            dispatcher, lambda: planner().verdict(form, slot_values(tracker), today()), tracker
        )


class ActionExplainQuestion(Action):
    """为什么要问这个: say why the pending question matters."""

    def name(self) -> str:
        return "action_explain_question"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slot = tracker.get_slot("requested_slot")
        if tracker.active_loop_name and slot:
            dispatcher.utter_message(
                text=f"问这个是因为：{_question_for(slot, tracker.active_loop_name).why}"
            )
            return []
        misread = planner().misread(turn_from_tracker(tracker), state_from_tracker(tracker))
        if misread is not None:  # a question the classifier took for "why"
            return apply_plan(dispatcher, misread)
        dispatcher.utter_message(text="我只在测算时才会追问具体情况，每个问题都对应政策文件里的一项条件。")
        return []


class ActionCancelQuestionnaire(Action):
    def name(self) -> str:
        return "action_cancel_questionnaire"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if not tracker.active_loop_name:
            misread = planner().misread(turn_from_tracker(tracker), state_from_tracker(tracker))
            if misread is not None:  # a question the classifier took for "cancel" (以前交的能退出来吗)
                return apply_plan(dispatcher, misread)
            dispatcher.utter_message(text="好的。目前没有进行中的测算，有其他问题可以直接问我。")
            return [SlotSet(S.PENDING, None)]
        title = (
            QUESTIONNAIRES[tracker.active_loop_name].title
            if tracker.active_loop_name in QUESTIONNAIRES
            else "测算"
        )
        dispatcher.utter_message(text=f"好的，已取消{title}。还有其他问题可以继续问我。")
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet(INVALID, None),
            *[SlotSet(slot, None) for slot in all_slots()],
        ]


class ActionRestartQuestionnaire(Action):
    def name(self) -> str:
        return "action_restart_questionnaire"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        form = tracker.active_loop_name
        if form not in QUESTIONNAIRES:
            misread = planner().misread(turn_from_tracker(tracker), state_from_tracker(tracker))
            if misread is not None:
                return apply_plan(dispatcher, misread)
            dispatcher.utter_message(text="好的，我们重新开始。请问您想了解什么？")
            return [SlotSet(S.PENDING, None), SlotSet(LAST, None)]
        dispatcher.utter_message(text="好的，我们从头开始。")
        prefilled = tracker.get_slot(PREFILL) or {}
        return [
            SlotSet("requested_slot", None),
            SlotSet(INVALID, None),
            SlotSet(FORM, form),
            *[SlotSet(slot, prefilled.get(slot)) for slot in all_slots()],
        ]
