"""Round eleven: mends from the blind sets set_u and set_v, each a general rule (dates of a record told, a
state told with 呢, a change asked at a time, a benefit drawn beside another, facts that name a
neighbouring domain, an answer corrected mid-questionnaire)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.aspects import asks_question, split_questions
from bot.dialogue.state import ConversationState
from bot.questionnaires.answers import corrects_earlier
from tests.asking import ask, first_line, turn_of

BENEFIT = "ask_unemployment_benefit"


# -- the start of a record is not the date asked about ---------------------------------------------
def test_the_start_of_contributions_is_not_the_date_asked_about(lexicon) -> None:
    turn = turn_of(lexicon, "北京的，2019年11月开始交的社保，到2020年9月自己不干了，失业补助金一个月能拿多少")
    period = turn.period()
    assert period is not None and str(period["date_from"]).startswith("2020-09")
    assert str(turn.start_told()["date_from"]).startswith("2019-11")


def test_a_start_told_alone_is_still_the_date_read(lexicon) -> None:
    turn = turn_of(lexicon, "2019年12月进厂开始交社保，能领临时生活补助吗")
    period = turn.period()
    assert period is not None and str(period["date_from"]).startswith("2019-12")


def test_the_subsidy_of_a_record_under_a_year_is_given_for_the_date_the_job_ended(planner, lexicon) -> None:
    text = "北京的，2019年11月开始交的社保，到2020年9月自己不干了，前后交了不到一年，失业补助金一个月能拿多少"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    assert reply is not None and "880" in reply.text, reply.text
    assert "没有收录北京2019年11月" not in reply.text


# -- 呢 of a state told -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["我爸在北京领失业金呢", "我老公现在每个月领着失业金呢", "他还在上班呢"])
def test_a_state_going_on_told_with_ne_asks_nothing(text) -> None:
    assert not asks_question(text)


@pytest.mark.parametrize(
    "text", ["那要是在天津领呢", "那北京呢", "小微企业3月份呢", "我在长春上班呢，能领吗"]
)
def test_a_follow_on_with_ne_still_asks(text) -> None:
    assert asks_question(text)


def test_a_message_opening_with_a_state_told_is_one_question(lexicon) -> None:
    turn = turn_of(lexicon, "我老公在北京现在每个月领着失业金呢 能不能再把失业补助金也申请上")
    assert len(split_questions(turn.text)) == 1


# -- a change asked at a time ----------------------------------------------------------------------
def _asked_as_amount(planner, lexicon, text: str):
    """The reply under the classifier's reading of the question as an amount one, as Rasa hands it over."""
    turn = dataclasses.replace(
        turn_of(lexicon, text), asked=[{"text": text, "aspect": "amount", "topic": BENEFIT}]
    )
    return planner.question(BENEFIT, turn, ConversationState()).reply


def test_whether_the_amount_goes_down_from_the_13th_month_is_yes(planner, lexicon) -> None:
    text = "我爸在北京领失业金呢 社保交了十六年 现在每月一千八百九十七 听人说领到第十三个月就降了 是真的吗"
    reply = _asked_as_amount(planner, lexicon, text)
    assert reply is not None and first_line(reply).startswith("是，"), reply.text
    assert "1816" in first_line(reply)


def test_whether_it_goes_up_from_the_13th_month_is_no(planner, lexicon) -> None:
    reply = _asked_as_amount(planner, lexicon, "北京失业金交了16年，现在每月1897，第13个月开始是不是还会涨")
    assert reply is not None and first_line(reply).startswith("不是，"), reply.text


def test_an_amount_for_the_13th_month_without_a_change_asked_is_still_denied(planner, lexicon) -> None:
    reply = _asked_as_amount(planner, lexicon, "北京交了12年失业保险，第13个月开始是不是还按1870发")
    assert reply is not None and first_line(reply).startswith("不是，"), reply.text
    assert "1816" in first_line(reply)


def test_a_second_question_on_the_13th_month_gets_the_line_worked_out(planner, lexicon) -> None:
    text = "问下北京失业金 交了十二年社保的话一个月多少 领到第十三个月以后又是多少"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None and "1870" in reply.text and "1816" in reply.text, reply.text
    assert "1843" not in reply.text and "1897" not in reply.text


# -- not eligible: no amount -----------------------------------------------------------------------
def test_a_voluntary_leaver_is_told_no_without_the_amount(planner, lexicon) -> None:
    text = "我在北京上班，2020年9月份自己提的辞职，之前失业保险交了六年多，这种能领失业保险金不"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None and reply.text.startswith("不能"), reply.text
    assert "1843" not in reply.text and "不列月发放标准" in reply.text


def test_the_subsidy_beside_the_benefit_is_no_without_a_second_verdict(planner, lexicon) -> None:
    text = "我老公在北京现在每个月领着失业金呢 能不能再把失业补助金也申请上 两样一块儿领"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    assert reply is not None and reply.text.startswith("不能"), reply.text
    assert "视情况" not in reply.text


# -- facts that name another domain, and domains that are not social insurance ---------------------
def test_a_rural_registration_told_in_a_benefit_question_is_a_fact(planner, lexicon) -> None:
    text = (
        "我是农村户口 在北京工地上干活 2019年十月单位才给上的保险 2020年六月没活了被辞了 "
        "能领那个临时生活补助吗"
    )
    reply = ask(planner, lexicon, text, "ask_migrant_subsidy")
    assert reply is not None and not reply.topic.startswith("out_of_scope"), reply.text
    assert "880" in reply.text


def test_moving_a_registration_is_still_a_hukou_question(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "农村户口怎么迁到城里")
    assert reply is not None and reply.topic == "out_of_scope:hukou", reply.text


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("我爸八十了 想送他去养老院 长春的公办养老院一个月大概收多少钱", "out_of_scope:elderly_care"),
        ("我老公在香港打工 他的強積金可以提前取出來嗎 要什麼條件", "out_of_scope:hong_kong_macao_schemes"),
        ("香港的强制性公积金怎么查", "out_of_scope:hong_kong_macao_schemes"),
    ],
)
def test_care_homes_and_hong_kongs_mpf_are_not_social_insurance(planner, lexicon, text, topic) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.topic == topic, reply.text
    assert "不属于社保" in reply.text and "元" not in reply.text


# -- a figure stated in words to be confirmed ------------------------------------------------------
def test_a_percentage_in_words_is_confirmed_by_the_article(planner, lexicon) -> None:
    text = (
        "北京的公司 人事忘了报2020年的五险一金缴费工资 已经过了七月二十五号了 "
        "是不是就按上个月缴费额的百分之一百一十来定了"
    )
    reply = ask(planner, lexicon, text)
    assert reply is not None and first_line(reply).startswith("是，"), reply.text
    assert "110%" in first_line(reply)


# -- an answer corrected mid-questionnaire ---------------------------------------------------------
@pytest.mark.parametrize("text", ["不好意思打错了，是交了14年", "说错了，应该是天津", "不对，是8年"])
def test_a_correction_is_recognised(text) -> None:
    assert corrects_earlier(text)


@pytest.mark.parametrize("text", ["是", "不是", "对的", "没有办"])
def test_a_plain_answer_is_no_correction(text) -> None:
    assert not corrects_earlier(text)


def test_a_corrected_earlier_answer_is_changed_and_the_question_asked_again(lexicon) -> None:
    from tests.test_questionnaire_actions import VALIDATORS, form_tracker

    form = "unemployment_benefit_form"
    told = form_tracker(
        form, "q_involuntary", "不好意思打错了，是交了14年", slots={"q_city": "beijing", "q_years": 4.0}
    )
    message = {**told.latest_message, "entities": turn_of(lexicon, "不好意思打错了，是交了14年").entities}
    tracker = Tracker("tester", told.slots, message, [], False, None, {"name": form}, "action_listen")
    dispatcher = CollectingDispatcher()
    extract = VALIDATORS[f"validate_{form}"]().extract_q_involuntary
    result = asyncio.run(extract(dispatcher, tracker, {}))
    assert result.get("q_years") == 14 and "q_involuntary" not in result, result
    assert any("更正" in (m.get("text") or "") for m in dispatcher.messages)
