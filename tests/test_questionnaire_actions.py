"""Tracker-snapshot unit tests for the questionnaire validators and actions (actions/questionnaires.py).

No Rasa server and no model: each test builds the tracker the form would see mid-questionnaire (active
loop, requested slot, the normalised message and its intent) and checks the slots and messages returned.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import questionnaires as q
from actions.base import start_events
from bot.dialogue.plan import QuestionnaireStart
from bot.questionnaires.definitions import QUESTIONNAIRES, all_slots
from bot.text.normalize import normalize
from tests.rasa_harness import ROOT

TODAY = dt.date(2026, 11, 22)
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
VALIDATORS = {cls().name(): cls for cls in q.VALIDATIONS}


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch) -> None:
    monkeypatch.setenv("BOT_TODAY", TODAY.isoformat())


def form_tracker(
    form: str | None,
    requested: str | None,
    text: str = "",
    intent: str = "inform",
    slots: dict[str, Any] | None = None,
    confidence: float = 0.95,
) -> Tracker:
    values = {slot: None for slot in all_slots()} | {
        "requested_slot": requested,
        q.FORM: form,
        q.INVALID: None,
    }
    values |= slots or {}
    latest = {
        "text": normalize(text).text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
    }
    return Tracker("tester", values, latest, [], False, None, {"name": form} if form else {}, "action_listen")


def extract(form: str, slot: str, text: str, intent: str = "inform", **kwargs: Any) -> dict[str, Any]:
    validator = VALIDATORS[f"validate_{form}"]()
    method = getattr(validator, f"extract_{slot}")
    return asyncio.run(
        method(CollectingDispatcher(), form_tracker(form, slot, text, intent, **kwargs), DOMAIN)
    )


def validate(
    form: str, slot: str, value: Any, slots: dict[str, Any] | None = None
) -> tuple[dict[str, Any], str]:
    validator = VALIDATORS[f"validate_{form}"]()
    dispatcher = CollectingDispatcher()
    result = asyncio.run(
        getattr(validator, f"validate_{slot}")(
            value, dispatcher, form_tracker(form, slot, slots=slots), DOMAIN
        )
    )
    return result, "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_every_form_has_a_validator_and_every_slot_an_ask_action() -> None:
    assert set(VALIDATORS) == {f"validate_{form}" for form in QUESTIONNAIRES}
    asks = {cls().name() for cls in q.ASKS}
    assert asks == {f"action_ask_{slot}" for slot in all_slots()}
    assert set(DOMAIN["forms"]) == set(QUESTIONNAIRES)


@pytest.mark.parametrize(
    ("slot", "text", "intent", "value"),
    [
        ("q_city", "北京", "inform", "beijing"),
        ("q_city", "我在長春", "inform", "changchun"),
        ("q_years", "交了七年", "inform", 7),
        ("q_years", "7年", "inform", 7),
        ("q_years", "十八个月", "inform", 1.5),
        ("q_years", "一年半", "inform", 1.5),
        ("q_involuntary", "是的", "affirm", True),
        ("q_involuntary", "被辞退的", "affirm", True),
        ("q_involuntary", "我是主动辞职的", "deny", False),
        ("q_registered", "没有", "deny", False),
        ("q_registered", "不清楚", "inform", "unknown"),
    ],
)
def test_unemployment_answers_in_many_forms(slot: str, text: str, intent: str, value: Any) -> None:
    assert extract("unemployment_benefit_form", slot, text, intent) == {slot: value}


@pytest.mark.parametrize(
    ("slot", "text", "value"),
    [
        ("q_laid_off", "没裁员", 0),
        ("q_laid_off", "裁了三个人", 3),
        ("q_headcount", "２５人", 25),
        ("q_last_year_paid", "1.2万", 12000),
        ("q_last_year_paid", "一万二千元", 12000),
        ("q_ui_months", "3年", 36),
    ],
)
def test_job_retention_answers(slot: str, text: str, value: Any) -> None:
    intent = "deny" if text == "没裁员" else "inform"
    assert extract("job_retention_form", slot, text, intent) == {slot: value}


def test_an_unparsable_answer_is_marked_invalid() -> None:
    result = extract("unemployment_benefit_form", "q_years", "abc")
    marked = result["q_years"]
    assert isinstance(marked, dict) and marked["error"]


def test_another_question_is_left_to_the_digression_rules() -> None:
    assert extract("unemployment_benefit_form", "q_involuntary", "净月分局电话多少", "ask_phone") == {}


@pytest.mark.parametrize("intent", ["ask_why", "cancel", "start_over"])
def test_control_intents_are_not_answers(intent: str) -> None:
    assert extract("unemployment_benefit_form", "q_years", "为什么要问这个", intent) == {}


def test_extraction_only_for_the_requested_slot() -> None:
    validator = VALIDATORS["validate_unemployment_benefit_form"]()
    tracker = form_tracker("unemployment_benefit_form", "q_city", "交了7年")
    assert asyncio.run(validator.extract_q_years(CollectingDispatcher(), tracker, DOMAIN)) == {}


def test_invalid_answer_is_re_asked_with_an_example_then_hotline_offered() -> None:
    form, bad = "unemployment_benefit_form", {q._INVALID_MARK: "abc", "error": "请告诉我缴费年限。"}
    result, text = validate(form, "q_years", bad)
    assert result == {"q_years": None, q.INVALID: {"q_years": 1}}
    assert "没能识别" in text and "例如：7年" in text and "12333" not in text
    result, text = validate(form, "q_years", bad, slots={q.INVALID: {"q_years": 1}, "q_city": "beijing"})
    assert result[q.INVALID] == {"q_years": 2}
    assert "取消" in text and "12333" in text


def test_city_is_stored_as_region_id() -> None:
    result, _ = validate("unemployment_benefit_form", "q_city", "北京")
    assert result == {"q_city": "beijing"}


def test_required_slots_follow_the_answers() -> None:
    validator = VALIDATORS["validate_unemployment_subsidy_form"]()
    tracker = form_tracker(
        "unemployment_subsidy_form", "q_years", slots={"q_city": "beijing", "q_migrant": True, "q_years": 0.5}
    )
    slots = asyncio.run(validator.required_slots([], CollectingDispatcher(), tracker, DOMAIN))
    assert "q_insured_since" in slots and "q_benefit_expired" not in slots


def run(action, tracker: Tracker) -> tuple[str, list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, DOMAIN)
    text = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    return text, [b for m in dispatcher.messages for b in (m.get("buttons") or [])], events


def test_ask_action_shows_prompt_example_and_buttons() -> None:
    ask = next(cls for cls in q.ASKS if cls.slot == "q_involuntary")()
    text, buttons, events = run(ask, form_tracker("unemployment_benefit_form", "q_involuntary"))
    assert "非因本人意愿" in text and "回答“是”或“否”" in text
    assert [b["payload"] for b in buttons] == ["是", "否"] and events == []


def start_benefit_form(tracker: Tracker) -> list[dict[str, Any]]:
    """The events that start the unemployment-benefit questionnaire from this tracker's message."""
    form = "unemployment_benefit_form"
    prefilled = q.planner().questionnaires.prefill(form, q.turn_from_tracker(tracker))
    return start_events(QuestionnaireStart(form, prefilled), CollectingDispatcher())


def test_start_prefills_from_the_first_message() -> None:
    tracker = form_tracker(
        None, None, "我在北京交了7年失业保险，被辞退了，能领失业金吗", "ask_unemployment_benefit"
    )
    tracker.latest_message["entities"] = [
        {"entity": "city", "value": "beijing"},
        {"entity": "duration", "value": {"years": 7}},
    ]
    events = start_benefit_form(tracker)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots[q.START] == "unemployment_benefit_form"
    assert slots["q_city"] == "beijing"


def test_verdict_cites_the_documents() -> None:
    slots = {"q_city": "beijing", "q_years": 7, "q_involuntary": True, "q_registered": True}
    text, _, _ = run(
        q.ActionQuestionnaireVerdict(),
        form_tracker(None, None, slots=slots | {q.FORM: "unemployment_benefit_form"}),
    )
    assert "符合条件" in text and "1843元/月" in text and "京人社发〔2020〕8号" in text


def test_verdict_lists_an_unmet_condition_with_the_users_value() -> None:
    slots = {"q_city": "beijing", "q_years": 7, "q_involuntary": False, "q_registered": True}
    text, _, _ = run(
        q.ActionQuestionnaireVerdict(),
        form_tracker(None, None, slots=slots | {q.FORM: "unemployment_benefit_form"}),
    )
    assert "不符合" in text


def test_explain_question() -> None:
    text, _, _ = run(q.ActionExplainQuestion(), form_tracker("unemployment_benefit_form", "q_involuntary"))
    assert text.startswith("问这个是因为") and "主动辞职" in text
    text, _, _ = run(q.ActionExplainQuestion(), form_tracker(None, None))
    assert "测算时" in text


def test_cancel_clears_the_form() -> None:
    text, _, events = run(
        q.ActionCancelQuestionnaire(),
        form_tracker("unemployment_benefit_form", "q_years", slots={"q_city": "beijing"}),
    )
    assert "已取消失业保险金测算" in text
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert {"event": "slot", "timestamp": None, "name": "q_city", "value": None} in events
    text, _, _ = run(q.ActionCancelQuestionnaire(), form_tracker(None, None))
    assert "没有进行中的测算" in text


def test_restart_keeps_only_what_the_first_message_said() -> None:
    slots = {"q_city": "beijing", "q_years": 7, q.PREFILL: {"q_city": "beijing"}}
    text, _, events = run(
        q.ActionRestartQuestionnaire(), form_tracker("unemployment_benefit_form", "q_registered", slots=slots)
    )
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert "从头开始" in text and values["q_city"] == "beijing" and values["q_years"] is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("我在北京交了7年失业保险，被辞退了，能领失业金吗", 7.0),
        ("長春這邊失業後兩個多月了，失業金還能申請嗎", None),
        ("离职后3个月才去登记，能领失业金吗", None),
    ],
)
def test_time_since_losing_the_job_is_not_a_contribution_record(
    store, text: str, years: float | None
) -> None:
    """失业后2个多月 says when, not how long the user paid: the questionnaire must still ask."""
    from bot.text.entities import Lexicon, extract

    normalized = normalize(text).text
    tracker = form_tracker(None, None, text, "ask_unemployment_benefit")
    tracker.latest_message["entities"] = [
        e.as_rasa() for e in extract(normalized, Lexicon.from_store(store), TODAY)
    ]
    events = start_benefit_form(tracker)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots.get("q_years") == years


def test_one_answer_fills_the_later_questions_it_settles() -> None:
    """公司裁员把我裁了，失业登记也办好了 answers 'involuntary?' and also 'registered?'."""
    slots = extract(
        "unemployment_benefit_form",
        "q_involuntary",
        "公司裁员把我裁了，失业登记也办好了",
        slots={"q_city": "beijing", "q_years": 12},
    )
    assert slots == {"q_involuntary": True, "q_registered": True}


def test_the_amount_comes_as_soon_as_city_and_years_are_known() -> None:
    result, text = validate("unemployment_benefit_form", "q_years", 6, slots={"q_city": "beijing"})
    assert result == {"q_years": 6}
    assert "1843元/月" in text and "京人社发〔2020〕8号" in text and "非因本人意愿" in text
    _, early = validate("unemployment_benefit_form", "q_city", "北京")
    assert "元/月" not in early  # the years are not known yet: no figure
    _, ineligible = validate("unemployment_benefit_form", "q_years", 0.5, slots={"q_city": "beijing"})
    assert "元/月" not in ineligible  # under a year of contributions: no amount to promise


# -- an answer that already fails a condition ends the questions (round eight) ------------------------------
def required_now(form: str, slots: dict[str, Any]) -> list[str]:
    validator = VALIDATORS[f"validate_{form}"]()
    return asyncio.run(
        validator.required_slots([], CollectingDispatcher(), form_tracker(form, None, slots=slots), DOMAIN)
    )


@pytest.mark.parametrize(
    "form, slots",
    [
        ("unemployment_benefit_form", {"q_city": "beijing", "q_years": 5, "q_involuntary": False}),
        ("skill_subsidy_form", {"q_city": "tianjin", "q_kind": "education", "q_ui_months": 24}),
    ],
)
def test_an_answer_that_fails_a_condition_asks_nothing_more(form: str, slots: dict[str, Any]) -> None:
    needed = required_now(form, slots)
    assert needed, "the answered questions stay required (the form is complete)"
    assert all(slots.get(slot) is not None for slot in needed), needed


def test_answers_that_fail_nothing_still_ask_the_rest() -> None:
    needed = required_now(
        "unemployment_benefit_form", {"q_city": "beijing", "q_years": 5, "q_involuntary": True}
    )
    assert "q_registered" in needed


def test_the_verdict_of_a_failed_condition_says_no_first_and_names_it() -> None:
    slots = {"q_city": "tianjin", "q_kind": "education", "q_ui_months": 24}
    text, _, _ = run(
        q.ActionQuestionnaireVerdict(), form_tracker(None, None, slots=slots | {q.FORM: "skill_subsidy_form"})
    )
    assert text.startswith("不能。不符合：累计缴纳失业保险费满36个月"), text[:80]


@pytest.mark.parametrize("years", ["abc", -5, {"bad": "value"}, 10**9])
def test_answers_that_are_no_values_never_end_the_questions_early_or_crash(years: Any) -> None:
    needed = required_now("unemployment_benefit_form", {"q_city": "beijing", "q_years": years})
    assert "q_involuntary" in needed or "q_registered" in needed


# -- round nine: an answer to another question, told unasked ----------------------------------------------
def test_leaving_of_ones_own_accord_asks_no_more_whether_the_benefit_was_drawn() -> None:
    slots = {"q_city": "beijing", "q_migrant": False, "q_years": 1.5, "q_involuntary": False}
    needed = required_now("unemployment_subsidy_form", slots)
    assert "q_benefit_expired" not in needed
    assert "q_involuntary" in needed  # told unasked, kept (not dropped as a slot no question needs)


def test_being_dismissed_is_no_answer_to_whether_the_benefit_was_drawn() -> None:
    slots = extract(
        "unemployment_subsidy_form",
        "q_benefit_expired",
        "被辞退的",
        slots={"q_city": "beijing", "q_migrant": False, "q_years": 3},
    )
    assert slots == {"q_involuntary": True}  # that answer kept; 领完了吗 is asked again


@pytest.mark.parametrize("text", ["已经领完了", "是，被辞退的，早领完了"])
def test_a_yes_with_its_own_words_still_answers_the_question(text: str) -> None:
    slots = extract(
        "unemployment_subsidy_form",
        "q_benefit_expired",
        text,
        slots={"q_city": "beijing", "q_migrant": False, "q_years": 3},
    )
    assert slots.get("q_benefit_expired") is True


def test_facts_told_while_the_city_is_asked_that_meet_the_national_conditions_are_said_so(lexicon) -> None:
    from tests.asking import turn_of

    validator = VALIDATORS["validate_unemployment_benefit_form"]()
    dispatcher = CollectingDispatcher()
    text = "在单位干了两年多一直交着失业保险 今年公司直接倒闭了 失业登记我也去办了 现在天天在找工作"
    tracker = form_tracker("unemployment_benefit_form", "q_city", text)
    tracker.latest_message["entities"] = turn_of(lexicon, text).entities  # as the NLU hands them over
    slots = asyncio.run(validator.extract_q_city(dispatcher, tracker, DOMAIN))
    assert slots.get("q_involuntary") is True and slots.get("q_registered") is True and "q_city" not in slots
    said = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert "符合国家规定的失业保险金领取条件" in said and "人社部发〔2020〕40号" in said


def test_facts_that_do_not_settle_the_conditions_say_nothing_yet() -> None:
    validator = VALIDATORS["validate_unemployment_benefit_form"]()
    dispatcher = CollectingDispatcher()
    tracker = form_tracker("unemployment_benefit_form", "q_city", "交了两年多，公司倒闭了")
    asyncio.run(validator.extract_q_city(dispatcher, tracker, DOMAIN))
    assert not dispatcher.messages  # 失业登记 not told: nothing settled, the city is asked again
