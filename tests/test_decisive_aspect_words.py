"""Words that name the asked aspect beyond doubt (审批流程, 咋申请) keep the word lists' procedure reading
where the trained aspect classifier reads conditions, eligibility or an amount."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answers import aspects as A
from bot.answers.aspects import SubQuestion
from bot.answers.composer import _takes_model_aspect
from bot.dialogue.state import ConversationState
from tests.asking import turn_of


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("请问攀枝花市级参保企业申请社保缓缴，审批流程是怎样的？", A.CONDITIONS),
        ("省里把我们划成大型企业了，实际是中型，咋申请改过来", A.ELIGIBILITY),
        ("领失业金要带什么材料", A.AMOUNT),
    ],
)
def test_a_decisive_procedure_word_keeps_the_procedure_reading(text, model) -> None:
    question = SubQuestion(text, A.aspect_of(text), None, 0, len(text))
    assert question.aspect == A.PROCEDURE
    assert not _takes_model_aspect(question, model)


def test_the_model_still_decides_without_such_a_word() -> None:
    text = "灵活就业的缴费基数在哪个范围选"
    question = SubQuestion(text, A.aspect_of(text), None, 0, len(text))
    assert _takes_model_aspect(question, A.AMOUNT)
    timed = "申请流程走完要多久"  # a duration reading is not overruled
    assert _takes_model_aspect(SubQuestion(timed, A.PROCEDURE, None, 0, len(timed)), A.DURATION)


def test_the_approval_steps_are_answered_though_the_classifier_read_conditions(planner, lexicon) -> None:
    text = "请问攀枝花市级参保企业申请社保缓缴，审批流程是怎样的？"
    turn = turn_of(lexicon, text)
    # as the NLU reads it: every question of the message read as conditions
    read = [{"text": q.text, "aspect": A.CONDITIONS, "topic": q.topic} for q in A.split_questions(turn.text)]
    turn = dataclasses.replace(turn, asked=read)
    reply = planner.question("ask_deferral", turn, ConversationState()).reply
    assert reply is not None and "初审" in reply.text, reply.text  # the approval steps of the article
    assert "攀枝花" in reply.text


def test_definition_words_keep_the_definition_reading() -> None:
    from bot.answers.aspects import SubQuestion
    from bot.answers.composer import _takes_model_aspect

    asked = SubQuestion("啥叫全口径城镇单位就业人员平均工资?", "definition", None)
    assert not _takes_model_aspect(asked, "amount")
    plain = SubQuestion("全口径平均工资是多少?", "amount", None)
    assert _takes_model_aspect(plain, "amount")


def test_what_a_topic_is_gets_its_answer_not_a_silence(planner, lexicon) -> None:
    from tests.asking import ask

    reply = ask(planner, lexicon, "什么是稳岗返还", "ask_job_retention")
    assert "没有规定" not in reply.text.splitlines()[0] and "稳岗返还" in reply.text, reply.text


def test_timing_words_keep_the_deadline_reading() -> None:
    from bot.answers.aspects import SubQuestion
    from bot.answers.composer import _takes_model_aspect

    cycle = SubQuestion("长春职工缴费基数上下限是按什么周期核定的,", "deadline", None)
    assert not _takes_model_aspect(cycle, "amount")
    assert _takes_model_aspect(SubQuestion("上下限是多少,", "amount", None), "amount")


def test_the_base_cycle_is_answered_by_its_article(planner, lexicon) -> None:
    from tests.asking import ask

    reply = ask(planner, lexicon, "长春职工缴费基数上下限是按什么周期核定的，每年几月换？", "ask_base_limits")
    assert reply.topic == "faq:cc_base_rules" and "7月1日" in reply.text, reply.text
