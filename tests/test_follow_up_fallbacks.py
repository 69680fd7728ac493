"""Follow-ups the NLU does not understand or reads as bare values (the planner without Rasa): a question
after facts told without one, a message while a question waits for a place, facts told right after a
question; and bad input on these routes (empty, only punctuation, very long)."""

from __future__ import annotations

import datetime as dt

from bot.answers.turn import Turn
from bot.dialogue.state import ConversationState, LastAnswer, PendingQuestion
from bot.text.entities import extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)


def turn(lexicon, text: str) -> Turn:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    return Turn(text=normalized, entities=entities, today=TODAY)


def told(planner, lexicon, *messages: str) -> ConversationState:
    """The state after facts told as bare values, one message after another."""
    state = ConversationState()
    for message in messages:
        plan = planner.value(turn(lexicon, message), state)
        assert plan.reply is not None and plan.reply.topic == "inform_without_question"
        state = ConversationState(last=LastAnswer.from_slot(plan.reply.context.to_slot()))
    return state


def test_a_question_not_understood_after_facts_is_the_facts_question(planner, lexicon) -> None:
    state = told(planner, lexicon, "我是开网店的个体户，没雇人", "今年养老保险交不上了，2020年的")
    plan = planner.fallback(turn(lexicon, "那以后还能补交吗"), state)
    assert plan.reply is not None and "2021年底" in plan.reply.text, plan.reply.topic
    assert plan.reply.topic in ("ask_flexible_employment", "ask_deferral")
    state = told(planner, lexicon, "我是农民工，单位从来没扣过我个人的失业保险")
    plan = planner.fallback(turn(lexicon, "在厂里干了三年被辞退了，有啥补助能领"), state)
    assert plan.reply is not None and "一次性生活补助" in plan.reply.text
    # no facts told before: the message alone names no person, no topic of theirs is answered
    alone = planner.fallback(turn(lexicon, "那以后还能补交吗"), ConversationState())
    assert alone.reply is not None and alone.reply.topic not in ("ask_flexible_employment", "ask_deferral")


def test_a_message_not_understood_while_a_place_is_asked_is_about_that_question(planner, lexicon) -> None:
    asked = planner.question(
        "ask_base_limits", turn(lexicon, "2020年社保缴费基数下限是不是又提高了"), ConversationState()
    )
    assert asked.reply is not None and asked.reply.pending is not None
    state = ConversationState(pending=asked.reply.pending, last=asked.reply.context)
    plan = planner.fallback(turn(lexicon, "我问的是国家的规定"), state)
    assert plan.reply is not None and "2019" in plan.reply.text, plan.reply.text
    assert plan.reply.context is not None and plan.reply.context.intent == "ask_base_limits"
    # a place not understood otherwise is still the answer to the question
    plan = planner.fallback(turn(lexicon, "上海的"), state)
    assert plan.reply is not None and plan.reply.pending is None and "上海" in plan.reply.text


def test_facts_told_after_a_question_complete_it(planner, lexicon) -> None:
    asked = planner.question(
        "ask_policy_faq", turn(lexicon, "公司招了外籍员工，要给他交社保吗"), ConversationState()
    )
    assert asked.reply is not None and asked.reply.context is not None
    state = ConversationState(last=asked.reply.context)
    plan = planner.value(turn(lexicon, "是日本人，在长春工作，日本国内交着保险"), state)
    assert plan.reply is not None and plan.reply.topic.startswith("faq:"), plan.reply.topic
    assert "3个月" in plan.reply.text
    assert plan.reply.context is not None and "日本人" in plan.reply.context.text


def test_bad_input_on_the_follow_up_routes(planner, lexicon) -> None:
    facts = told(planner, lexicon, "我是个体户，没雇人")
    asked = planner.question(
        "ask_base_limits", turn(lexicon, "2020年社保缴费基数下限多少"), ConversationState()
    )
    waiting = ConversationState(pending=asked.reply.pending, last=asked.reply.context)
    article = planner.question("ask_policy_faq", turn(lexicon, "外国员工也要交社保吗"), ConversationState())
    after_article = ConversationState(last=article.reply.context)
    long = "那以后还能补上吗" * 250  # 2,000 characters
    for state in (facts, waiting, after_article):
        for text in ("", "   ", "？？？", "。。。！！", long):
            t = turn(lexicon, text)
            for plan in (
                planner.fallback(t, state),
                planner.fallback(t, state, empty=True),
                planner.value(t, state),
            ):
                assert plan.reply is not None or plan.questionnaire is not None
                if plan.reply is not None:
                    assert plan.reply.text.strip()
    # none of the new routes take them
    assert planner._after_facts(turn(lexicon, long), facts) is None
    assert planner._about_pending(turn(lexicon, ""), waiting) is None
    assert planner._about_pending(turn(lexicon, long), waiting) is None
    assert planner._completes_last(turn(lexicon, "？？？"), after_article) is None
    assert planner._completes_last(turn(lexicon, "韩国人，在长春上班" * 30), after_article) is None
    # a pending question with no words of its own (an old slot): nothing to join
    bare = ConversationState(pending=PendingQuestion("ask_base_limits", [], "city", ""))
    assert planner._about_pending(turn(lexicon, "全国的"), bare) is None
