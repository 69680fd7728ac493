"""Follow-ups that go on with the last question or the running questionnaire: a condition of a subsidy
(失业保险要交够多久才能申请), the catch-up base after a deferral answer, a procedure question asked in the
middle of the benefit questionnaire."""

from __future__ import annotations

import dataclasses

import pytest

from bot.dialogue.planner import INTENT_FOR_FORM
from bot.dialogue.state import ConversationState
from tests.asking import turn_of


def _after(planner, lexicon, intent: str, text: str) -> ConversationState:
    plan = planner.question(intent, turn_of(lexicon, text), ConversationState())
    return ConversationState(last=plan.reply.context)


def test_a_condition_of_the_subsidy_asked_next(planner, lexicon) -> None:
    state = _after(planner, lexicon, "ask_skill_subsidy", "天津有个学历提升补贴听说过没")
    text = "刚拿了本科毕业证，失业保险要交够多久才能申请"
    plan = planner.question("ask_policy_faq", turn_of(lexicon, text), state)
    assert plan.reply is not None and "36个月" in plan.reply.text, plan.reply
    assert not plan.reply.topic.startswith("not_covered")


def test_the_catch_up_base_after_a_deferral_answer(planner, lexicon) -> None:
    state = _after(planner, lexicon, "ask_deferral", "灵活就业的今年养老交不起了咋办")
    text = "那以后补的话，基数咋定，能自己选吗"
    plan = planner.question("ask_flexible_employment", turn_of(lexicon, text), state)
    assert plan.reply is not None and plan.reply.pending is None, plan.reply
    assert "上下限范围内自主选择" in plan.reply.text


def test_a_long_message_not_covered_by_the_last_answer_is_its_own_question(planner, lexicon) -> None:
    state = _after(planner, lexicon, "ask_average_wage", "上海统计局公布的2019年城镇单位平均工资多少")
    text = "那人才引进政策里用的上年度平均工资参考水平是多少"
    plan = planner.question("ask_average_wage", turn_of(lexicon, text), state)
    assert plan.reply is not None and "9339" in plan.reply.text, plan.reply.text


def test_a_procedure_question_inside_the_benefit_questionnaire(planner, lexicon) -> None:
    form = next(f for f, intent in INTENT_FOR_FORM.items() if intent == "ask_unemployment_benefit")
    turn = dataclasses.replace(turn_of(lexicon, "要去哪申请，还非得跑社保局吗"), city="changchun")
    plan = planner.question("ask_policy_faq", turn, ConversationState(active_form=form))
    assert plan.reply is not None and plan.reply.topic.startswith("faq:"), plan.reply
    assert "申领" in plan.reply.text and not plan.reply.topic.endswith(":silent")


@pytest.mark.parametrize("text", ["", "？", "那" * 40, "<b>才能申请</b>"])
def test_odd_follow_ups_get_a_reply(planner, lexicon, text) -> None:
    state = _after(planner, lexicon, "ask_skill_subsidy", "天津有个学历提升补贴听说过没")
    plan = planner.question("ask_policy_faq", turn_of(lexicon, text), state)
    assert plan.reply is None or isinstance(plan.reply.text, str)


def test_a_social_insurance_question_read_as_out_of_scope_gets_its_article(planner, lexicon) -> None:
    text = "乌海有没有地方能帮我估算一下退休以后养老金大概多少"
    plan = planner.out_of_scope(turn_of(lexicon, text), ConversationState())
    assert plan.reply.topic == "faq:wh_pension_estimate", plan.reply.text
    assert planner.out_of_scope(turn_of(lexicon, "交强险多少钱")).reply.topic.startswith("out_of_scope")


def test_a_question_of_only_common_words_gets_no_passage(planner, lexicon) -> None:
    from bot.passages.index import PassageIndex

    hits = PassageIndex.load().search("你好,在吗,社保交了吗", limit=1)
    assert hits and not hits[0].confident  # 社保 / 交 are in most passages: none answers it in particular
    plan = planner.out_of_scope(turn_of(lexicon, "你好，在吗，社保交了吗"), ConversationState())
    assert not plan.reply.topic.startswith("passage:"), plan.reply.text
