"""Multi-turn facts and questionnaire previews (the planner and questionnaires without Rasa): a follow-up
naming the last question's topic keeps its person and place, facts told after an answer that the
classifier did not understand complete it, the amount is shown once the values deciding it are known,
and a named diploma asks about the education subsidy."""

from __future__ import annotations

import datetime as dt

from bot.answers.turn import Turn
from bot.dialogue.state import ConversationState
from bot.text.entities import extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)


def turn(lexicon, text: str) -> Turn:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    return Turn(text=normalized, entities=entities, today=TODAY)


def told(planner, lexicon, intent: str, *values: str) -> ConversationState:
    plan = planner.question(intent, turn(lexicon, values[0]), ConversationState())
    state = ConversationState(last=plan.reply.context)
    for value in values[1:]:
        plan = planner.value(turn(lexicon, value), state)
        state = ConversationState(last=plan.reply.context)
    return state


def test_a_follow_up_naming_the_last_topic_keeps_its_person_and_place(planner, lexicon) -> None:
    state = told(planner, lexicon, "ask_deferral", "个体户养老保险能不能暂缓交", "上海的")
    assert state.last is not None and state.last.text  # the first question's words stay with it
    question = turn(lexicon, "那暂缓以后哪天之前要补上？补缴按什么基数")
    for intent in ("ask_contribution_base", "ask_deferral"):
        plan = planner.question(intent, question, state)
        assert plan.reply is not None and plan.reply.topic == "ask_deferral", intent
        assert "灵活就业人员暂缓缴费" in plan.reply.text and "2021年12月31日" in plan.reply.text


def test_a_follow_up_naming_another_person_or_a_procedure_is_not_kept(planner, lexicon) -> None:
    state = told(planner, lexicon, "ask_deferral", "个体户养老保险能不能暂缓交", "上海的")
    other = planner.question("ask_deferral", turn(lexicon, "那农民工暂缓缴费以后怎么补"), state)
    assert other.reply is None or "灵活就业人员暂缓缴费" not in other.reply.text
    assert planner.same_question("ask_deferral", turn(lexicon, "那暂缓要带什么材料"), state) is None


def test_facts_the_classifier_did_not_understand_complete_the_last_question(planner, lexicon) -> None:
    state = told(planner, lexicon, "ask_unemployment_subsidy", "失业补助金一个月多少", "在北京")
    plan = planner.fallback(turn(lexicon, "社保才缴了7个月公司就把我开了"), state)
    assert plan.reply is not None and plan.reply.topic == "ask_unemployment_subsidy"
    assert "880" in plan.reply.text and "1408" not in plan.reply.text.split("依据")[0].split("• ")[-1]
    # nothing told: still the hotline fallback
    empty = planner.fallback(turn(lexicon, "嗯嗯嗯哦哦"), state)
    assert empty.reply is not None and empty.reply.topic == "fallback"


def test_the_amount_is_previewed_once_the_values_deciding_it_are_known(planner) -> None:
    q = planner.questionnaires
    paid = q.preview(
        "job_retention_form",
        {"q_city": "changchun", "q_headcount": 12, "q_laid_off": 0, "q_last_year_paid": 10000},
        TODAY,
    )
    assert paid is not None and "5000元" in paid and "50%" in paid and "长社保〔2020〕1号" in paid
    assert "能否享受还要看" in paid  # the conditions still open are named
    migrant = q.preview(
        "unemployment_subsidy_form",
        {"q_city": "beijing", "q_years": 0.5, "q_migrant": True, "q_insured_since": "2019-06-01"},
        TODAY,
    )
    assert migrant is not None and "880" in migrant and "3个月" in migrant
    # the deciding values missing or unknown: no preview
    assert q.preview("job_retention_form", {"q_city": "changchun", "q_headcount": 12}, TODAY) is None
    assert q.preview("job_retention_form", {"q_last_year_paid": "unknown"}, TODAY) is None
    assert q.preview("unemployment_subsidy_form", {"q_city": "beijing"}, TODAY) is None
    assert q.preview("deferral_form", {"q_city": "changchun"}, TODAY) is None


def test_a_diploma_named_asks_about_the_education_subsidy(planner, lexicon) -> None:
    reply = planner.answerer.answer(
        "ask_skill_subsidy", turn(lexicon, "天津失业保险交了40个月，大专毕业证能申请补贴吗")
    )
    assert "学历提升补贴" in reply.text and "36个月" in reply.text
    skill = planner.answerer.answer("ask_skill_subsidy", turn(lexicon, "长春技能提升补贴要交满多久"))
    assert "学历提升补贴" not in skill.text


def test_no_layoffs_read_with_a_number_word(lexicon) -> None:
    assert turn(lexicon, "单位20个人，一个都没裁").no_layoffs()
    assert not turn(lexicon, "单位20个人，裁了3个").no_layoffs()
