"""A case told inside a running questionnaire that is not the value it waits for (快领完了还没找到工作，离退休
还差10个月 while it asks the years paid): the article of that case answers, the question is asked again;
a mistyped value still gets "没能识别"; a national article answers for a city with no article of its own."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import questionnaires as q
from bot.dialogue.state import ConversationState
from tests.asking import ask, turn_of
from tests.test_questionnaire_actions import DOMAIN, VALIDATORS, form_tracker

BENEFIT_FORM = "unemployment_benefit_form"
RAN_OUT = "快领完了还没找到工作，离退休还差10个月"


def validate_years(text: str, slots: dict | None = None) -> tuple[dict, str]:
    validator = VALIDATORS[f"validate_{BENEFIT_FORM}"]()
    dispatcher = CollectingDispatcher()
    bad = extract_years(text, "inform").get("q_years") or {q._INVALID_MARK: text, "error": ""}
    tracker = form_tracker(BENEFIT_FORM, "q_years", text, slots=slots)
    result = asyncio.run(validator.validate_q_years(bad, dispatcher, tracker, DOMAIN))
    return result, "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_a_case_of_the_topic_gets_its_article_and_the_question_again() -> None:
    result, text = validate_years(RAN_OUT, slots={"q_city": "beijing"})
    assert "法定退休年龄" in text and "没能识别" not in text, text
    assert result == {"q_years": None, "answer_topic": "faq:older_unemployed_extension"}  # not counted


@pytest.mark.parametrize("text", ["好多好多", "abc", "交了很多很多", "", "年" * 300])
def test_a_value_not_understood_is_still_re_asked(text: str) -> None:
    result, reply = validate_years(text)
    assert "没能识别" in reply, reply
    assert result["q_years"] is None and result[q.INVALID] == {"q_years": 1}


def test_the_aside_needs_a_running_questionnaire(planner, lexicon) -> None:
    assert planner.aside(turn_of(lexicon, RAN_OUT), ConversationState()) is None
    running = ConversationState(active_form=BENEFIT_FORM)
    assert planner.aside(turn_of(lexicon, "10个月"), running) is None  # too short to be a case
    found = planner.aside(turn_of(lexicon, RAN_OUT), running)
    assert found is not None and found.topic == "faq:older_unemployed_extension"


def test_a_national_article_answers_for_a_city_without_its_own(planner, lexicon) -> None:
    beijing = dataclasses.replace(turn_of(lexicon, RAN_OUT), city="beijing")
    reply = planner.question("ask_unemployment_benefit", beijing, ConversationState()).reply
    assert reply is not None and reply.topic == "faq:older_unemployed_extension", reply.text
    shanghai = ask(planner, lexicon, "上海失业金领完了还没找到工作咋办", "ask_unemployment_benefit")
    assert shanghai.topic == "faq:sh_older_unemployed"  # the city's own rule where it has one


@pytest.mark.parametrize("text", ["交了很久了记不清", "不记得了", "这个我忘了"])
def test_a_forgotten_record_is_asked_for_an_estimate(text: str) -> None:
    assert extract_years(text, "out_of_scope")["q_years"][q._INVALID_MARK] == text
    result, reply = validate_years(text)
    assert "大概" in reply and result["q_years"] is None


def test_another_domain_inside_a_questionnaire_is_still_out_of_scope() -> None:
    assert extract_years("帮我查下车险多少钱", "out_of_scope") == {}  # the out-of-scope rule answers it
    assert extract_years("你们是机器人吗", "out_of_scope") == {}  # a question: not an answer


def extract_years(text: str, intent: str) -> dict:
    validator = VALIDATORS[f"validate_{BENEFIT_FORM}"]()
    tracker = form_tracker(BENEFIT_FORM, "q_years", text, intent)
    return asyncio.run(validator.extract_q_years(CollectingDispatcher(), tracker, DOMAIN))
