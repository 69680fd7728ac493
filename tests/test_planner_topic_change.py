"""Multi-turn: a follow-up the NLU reads under another topic, a follow-up that names a new value or a new
sub-item, and the passage of the documents quoted with a follow-up's answer (the planner without Rasa).

Each test builds the Turn the NLU would give (normalised text, extracted entities; the trained aspect
where a route depends on it) and the state the last answer left, and checks what the planner says.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.turn import Turn
from bot.dialogue.plan import Plan
from bot.dialogue.planner import Planner
from bot.dialogue.registry import CONTINUED_INTENTS, FOLLOW_UP_INTENTS
from bot.dialogue.state import ConversationState, LastAnswer
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)


def turn(lexicon: Lexicon, text: str, aspect: str | None = None, **slots) -> Turn:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    asked = [{"text": normalized, "aspect": aspect, "topic": None}] if aspect else []
    return Turn(text=normalized, entities=entities, today=TODAY, asked=asked, **slots)


def after(planner: Planner, lexicon: Lexicon, intent: str, text: str) -> ConversationState:
    """The state the answer to ``text`` leaves for the next message."""
    first = planner.question(intent, turn(lexicon, text), ConversationState())
    assert first.reply is not None and first.reply.context is not None, first
    return ConversationState(last=first.reply.context)


def said(plan: Plan | None) -> str:
    assert plan is not None and plan.reply is not None
    return plan.reply.text


# -- a follow-up under a topic the last answer covers ----------------------------------------------
def test_a_base_follow_up_after_a_flexible_employment_answer_stays_with_it(planner, lexicon) -> None:
    state = after(
        planner, lexicon, "ask_flexible_employment", "我在天津打零工自己交养老，基数最低最高能选到哪"
    )
    plan = planner.question("ask_contribution_base", turn(lexicon, "那医疗保险的基数呢"), state)
    assert plan.reply is not None and plan.reply.topic == "ask_flexible_employment"
    assert "3364" in plan.reply.text and plan.questionnaire is None
    assert plan.reply.context is not None and plan.reply.context.intent == "ask_flexible_employment"


def test_a_condition_put_to_the_last_question_stays_with_it(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_flexible_employment", "在长春以灵活就业交社保，档次是怎么分的")
    plan = planner.question("ask_average_wage", turn(lexicon, "下半年才交的话，按哪年的平均工资定档"), state)
    assert plan.reply is not None and plan.reply.topic == "ask_flexible_employment"
    assert "2019" in plan.reply.text


def test_a_new_question_on_the_covered_topic_is_answered_as_asked(planner, lexicon) -> None:
    state = after(
        planner, lexicon, "ask_flexible_employment", "我在天津打零工自己交养老，基数最低最高能选到哪"
    )
    # not a follow-up: a whole question of its own on the base limits
    plan = planner.question("ask_base_limits", turn(lexicon, "北京职工社保缴费基数上限是多少"), state)
    assert plan.reply is not None and plan.reply.topic != "ask_flexible_employment"
    # a follow-up that names another kind of person is not the flexible worker's question
    other = planner.question("ask_contribution_base", turn(lexicon, "那农民工的基数呢"), state)
    assert other.reply is None or other.reply.topic != "ask_flexible_employment"


def test_a_topic_the_last_answer_does_not_cover_is_not_kept(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_base_limits", "天津社保缴费基数上限多少")
    # base limits → flexible employment is a move to another topic, not the base limits again
    plan = planner.question("ask_flexible_employment", turn(lexicon, "那灵活就业的呢"), state)
    assert plan.reply is None or plan.reply.topic != "ask_base_limits"


# -- a short question the classifier put under a topic its words do not name -----------------------
def test_an_unsure_reading_of_a_short_question_goes_on_with_the_last_article(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_policy_faq", "城乡居民医保2020年度一个人要掏多少钱")
    assert state.last is not None and state.last.intent == "ask_policy_faq"
    plan = planner.question(
        "ask_migrant_subsidy", turn(lexicon, "国家财政补助每人多少", aspect="amount"), state, confidence=0.33
    )
    text = said(plan)
    assert plan.reply.topic.startswith("faq:") and "550" in text and "农民工" not in text
    heading = text.splitlines()[0]
    assert heading.startswith("【") and text.count(heading) == 1  # one answer, not the article twice


def test_a_sure_reading_or_a_named_topic_is_answered_as_read(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_policy_faq", "城乡居民医保2020年度一个人要掏多少钱")
    question = turn(lexicon, "国家财政补助每人多少", aspect="amount")
    for confidence in (0.9, None):  # a confident classifier, or no confidence known (a button, a test)
        plan = planner.question("ask_migrant_subsidy", question, state, confidence=confidence)
        assert plan.reply is None or not plan.reply.topic.startswith("faq:resident_medical")
    named = planner.question(
        "ask_unemployment_benefit", turn(lexicon, "失业金能领多少"), state, confidence=0.3
    )
    assert named.reply is None or not named.reply.topic.startswith("faq:resident_medical")
    placed = planner.question(
        "ask_migrant_subsidy", turn(lexicon, "北京的补助每人多少"), state, confidence=0.3
    )  # a place named: a question of its own
    assert placed.reply is None or not placed.reply.topic.startswith("faq:resident_medical")


def test_an_article_is_remembered_but_not_re_asked_with_a_changed_value(planner, lexicon) -> None:
    assert "ask_policy_faq" in CONTINUED_INTENTS and "ask_policy_faq" not in FOLLOW_UP_INTENTS
    assert FOLLOW_UP_INTENTS <= CONTINUED_INTENTS and "ask_human" not in CONTINUED_INTENTS
    state = after(planner, lexicon, "ask_policy_faq", "城乡居民医保2020年度一个人要掏多少钱")
    plan = planner.value(turn(lexicon, "北京"), state)
    assert plan.reply is not None and plan.reply.topic == "inform_without_question"


# -- a follow-up naming a new place, sub-item or date ----------------------------------------------
def test_a_follow_up_with_its_own_sub_item_is_answered_as_it_stands(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_skill_subsidy", "天津申请学历提升补贴，失业保险得累计交够多少个月")
    plan = planner.question(
        "ask_skill_subsidy", turn(lexicon, "那长春那边的技能提升补贴要交够多久", aspect="duration"), state
    )
    text = said(plan)
    assert "12个月" in text and "长社保〔2020〕1号" in text and "学历提升补贴" not in text


def test_a_whole_follow_up_keeps_the_values_it_does_not_change(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_unemployment_benefit", "北京失业金交了3年的领多少")
    plan = planner.question("ask_unemployment_benefit", turn(lexicon, "那天津的失业金领多少呢"), state)
    direct = planner.question(
        "ask_unemployment_benefit", turn(lexicon, "天津失业金交了3年的领多少"), ConversationState()
    )
    figures = [line for line in said(direct).splitlines() if line.startswith("•")]
    assert figures and all(line in said(plan) for line in figures)  # the 3 years still count
    assert plan.reply.context is not None and {e["entity"] for e in plan.reply.context.entities} >= {
        "city",
        "duration",
    }


def test_a_follow_up_quotes_the_passage_that_holds_what_it_asks(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_late_fee", "天津补缴养老保险有滞纳金吗")
    plan = planner.value(turn(lexicon, "2011年以前欠的那部分呢"), state)
    assert "5265" in said(plan) and "津人社局发〔2020〕12号" in said(plan)
    state = after(
        planner, lexicon, "ask_migrant_subsidy", "北京农民合同制工人的一次性生活补助费，现在标准多少"
    )
    earlier = planner.value(turn(lexicon, "那2020年7月以前是多少"), state)
    assert "1542" in said(earlier)


def test_a_changed_place_quotes_that_places_passage(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_late_fee", "天津补缴养老保险有滞纳金吗")
    plan = planner.value(turn(lexicon, "那北京呢"), state)
    assert "5265" not in said(plan)  # Tianjin's rule is not quoted for Beijing


def test_a_which_kinds_question_answers_without_a_questionnaire_and_can_be_followed(planner, lexicon) -> None:
    # the trained classifier reads 能缓哪几种 as a conditions question: the answer, no questionnaire
    first = planner.question(
        "ask_deferral",
        turn(lexicon, "攀枝花企业缓缴社保能缓哪几种", aspect="conditions"),
        ConversationState(),
    )
    assert first.questionnaire is None and first.no_questionnaire and "工伤保险" in said(first)
    assert first.reply.context is not None
    plan = planner.value(turn(lexicon, "那长春呢"), ConversationState(last=first.reply.context))
    assert "长社保〔2020〕1号" in said(plan) and "失业保险" in said(plan)
    # an amount question with facts missing still starts it
    personal = planner.question(
        "ask_job_retention", turn(lexicon, "我们公司能拿到多少稳岗返还", aspect="amount"), ConversationState()
    )
    assert personal.questionnaire is not None


# -- bad input ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "？？", "😀😀", "那呢"])
def test_bad_input_after_an_answer_never_raises(planner, lexicon, text: str) -> None:
    state = after(
        planner, lexicon, "ask_flexible_employment", "我在天津打零工自己交养老，基数最低最高能选到哪"
    )
    message = turn(lexicon, text)
    for plan in (
        planner.question("ask_contribution_base", message, state, confidence=0.1),
        planner.value(message, state),
        planner.fallback(message, state, empty=not text.strip()),
    ):
        assert plan.reply is not None or plan.questionnaire is not None
    if not text.strip():
        assert planner.same_question("ask_contribution_base", message, state, confidence=0.1) is None
        assert planner.continuation(message, state, any_wording=True) is None


def test_a_follow_up_with_nothing_before_it_is_a_question_of_its_own(planner, lexicon) -> None:
    empty = ConversationState()
    for text in ("那医疗保险的基数呢", "国家财政补助每人多少", "2011年以前欠的那部分呢"):
        message = turn(lexicon, text)
        assert planner.same_question("ask_contribution_base", message, empty, confidence=0.1) is None
        assert planner.follow_up(message, empty) is None
        assert planner.continuation(message, empty, any_wording=True) is None
    plan = planner.question(
        "ask_contribution_base", turn(lexicon, "那医疗保险的基数呢"), empty, confidence=0.1
    )
    assert plan.reply is not None
    # a remembered verdict is not a one-turn question to go on with
    verdict = ConversationState(last=LastAnswer(form="deferral_form", slots={"q_city": "changchun"}))
    assert planner.same_question("ask_average_wage", turn(lexicon, "下半年才交的话呢"), verdict) is None
