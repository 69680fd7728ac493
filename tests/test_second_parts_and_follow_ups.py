"""Parts of a message or a conversation that go on with what came before: a second question that names
nothing of its own after a "not covered" first one, a benefit's amount asked with 交了两年 in it, facts told
in other words (单位给交的, 我自己没掏过钱), a follow-up the classifier read as out of scope, and 单位那部分
养老失业还要交吗 with the insurances named in between."""

from __future__ import annotations

import pytest

from bot.answers.aspects import topic_of, topics_in
from bot.dialogue.state import ConversationState
from tests.asking import ask, turn_of


def test_a_second_question_on_a_year_not_covered_gets_no_other_years_figure(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2023年度职工平均工资公布了吗？是多少", "ask_average_wage")
    assert "2023" in reply.text and "没有收录" in reply.text
    assert "6323" not in reply.text and "75876" not in reply.text and "关于" not in reply.text


def test_a_second_question_of_its_own_topic_is_still_answered(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "天津2023年度平均工资是多少？另外灵活就业的养老保险能缓缴吗", "ask_average_wage"
    )
    assert "2023" in reply.text and "关于“" in reply.text and "灵活就业" in reply.text.split("关于“", 1)[1]


@pytest.mark.parametrize(
    "text",
    [
        "俺们厂在湖北，算大型企业，2020年上半年单位那部分养老失业工伤是全免的吗？",
        "今年2月到6月单位那部分养老失业还要交吗",
        "单位那块的养老失业还要交吗",
    ],
)
def test_the_employers_part_with_the_insurances_between_is_a_reduction(text: str) -> None:
    assert topic_of(text) == "ask_reduction" and topics_in(text) == ["ask_reduction"]


@pytest.mark.parametrize("text", ["单位缴费部分是多少", "单位的养老保险交多少", "单位那部分", ""])
def test_the_employers_part_alone_is_no_reduction(text: str) -> None:
    assert topic_of(text) != "ask_reduction"


def test_the_reduction_asked_with_the_insurances_between(planner, lexicon) -> None:
    text = "俺们厂在湖北，算大型企业，2020年上半年单位那部分养老失业工伤是全免的吗？"
    reply = planner.fallback(turn_of(lexicon, text), ConversationState()).reply  # not understood by the NLU
    assert reply.topic == "ask_reduction", reply.text
    assert reply.text.startswith("是") and "免征" in reply.text and "2020年6月30日" in reply.text


def test_what_one_receives_after_a_subsidy_answer_is_that_subsidy(planner, lexicon) -> None:
    first = planner.question(
        "ask_unemployment_subsidy", turn_of(lexicon, "失业补助金能领几个月"), ConversationState()
    )
    state = ConversationState(last=first.reply.context)
    plan = planner.question(
        "ask_contribution", turn_of(lexicon, "我在北京，社保交了两年，每个月能拿多少"), state
    )
    assert plan.questionnaire is None and plan.reply is not None
    assert plan.reply.topic == "ask_unemployment_subsidy" and "1408" in plan.reply.text, plan.reply.text


def test_what_one_pays_after_a_benefit_answer_is_still_a_contribution(planner, lexicon) -> None:
    first = planner.question(
        "ask_unemployment_benefit", turn_of(lexicon, "失业金能领多少"), ConversationState()
    )
    state = ConversationState(last=first.reply.context)
    plan = planner.question("ask_contribution", turn_of(lexicon, "我在北京，每个月社保要交多少"), state)
    assert plan.reply is None or plan.reply.topic != "ask_unemployment_benefit"


def test_facts_of_a_migrant_worker_in_other_words(planner, lexicon) -> None:
    first = planner.question(
        "ask_migrant_subsidy", turn_of(lexicon, "农民工没活干了有啥补贴没"), ConversationState()
    )
    state = ConversationState(last=first.reply.context)
    told = turn_of(lexicon, "单位给交的失业保险，我自己没掏过钱，连着干了一年半")
    plan = planner.question("ask_contribution", told, state)
    assert plan.reply is not None and plan.reply.topic == "ask_migrant_subsidy", plan.reply
    assert "您未说明个人是否缴费" not in plan.reply.text


def _after_deferral(planner, lexicon) -> ConversationState:
    first = planner.question(
        "ask_deferral", turn_of(lexicon, "灵活就业人员2020年养老保险能暂缓交吗"), ConversationState()
    )
    return ConversationState(last=first.reply.context)


def test_a_follow_up_read_as_out_of_scope_goes_on(planner, lexicon) -> None:
    plan = planner.out_of_scope(turn_of(lexicon, "那欠下的啥时候补"), _after_deferral(planner, lexicon))
    assert plan.reply is not None and "2021年12月31日" in plan.reply.text, plan.reply.text


@pytest.mark.parametrize("text", ["那你会唱歌吗", "那明天天气怎么样", "那车险呢", ""])
def test_small_talk_after_an_answer_stays_out_of_scope(planner, lexicon, text: str) -> None:
    plan = planner.out_of_scope(turn_of(lexicon, text), _after_deferral(planner, lexicon))
    assert plan.reply is not None and "2021年12月31日" not in plan.reply.text
    assert plan.reply.topic.startswith("out_of_scope"), plan.reply.topic
