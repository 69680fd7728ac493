"""Follow-ups after an answer (the planner without Rasa): a place named after an article, facts told
before the question, a short topic-less question that was not understood, an acknowledgement before a
follow-up, the deferral's back-payment base, and a city's own hotline after the national one."""

from __future__ import annotations

import datetime as dt

from bot.answers.turn import Turn
from bot.dialogue.state import ConversationState, LastAnswer
from bot.text.entities import extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)


def turn(lexicon, text: str) -> Turn:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    return Turn(text=normalized, entities=entities, today=TODAY)


def after(planner, lexicon, intent: str, text: str) -> ConversationState:
    plan = planner.question(intent, turn(lexicon, text), ConversationState())
    return ConversationState(last=plan.reply.context)


def test_a_place_named_after_an_article_answers_it_there(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_policy_faq", "医护人员因工作感染新冠肺炎，工伤怎么认定")
    plan = planner.value(turn(lexicon, "在北京"), state)
    assert plan.reply is not None and plan.reply.topic.startswith("faq:"), plan.reply.topic
    assert "绿色通道" in plan.reply.text
    # a value that is no place, or a place after a question that named one: not this route
    assert planner._placed(turn(lexicon, "8000"), state) is None
    placed = after(planner, lexicon, "ask_policy_faq", "北京五险一金缴费工资什么时候申报")
    assert planner._placed(turn(lexicon, "上海的"), placed) is None


def test_facts_told_before_the_question_are_its_facts(planner, lexicon) -> None:
    told = planner.value(turn(lexicon, "我是农民工，在北京干了7个月活，现在没活干了"), ConversationState())
    assert told.reply is not None and told.reply.context is not None and told.reply.context.intent is None
    state = ConversationState(last=LastAnswer.from_slot(told.reply.context.to_slot()))
    plan = planner.question("ask_migrant_subsidy", turn(lexicon, "有什么补助能领"), state)
    assert plan.reply is not None and "880" in plan.reply.text
    assert "1652" not in plan.reply.text and "一次性生活补助不适用" in plan.reply.text
    # nothing told: no facts kept
    assert LastAnswer.from_slot({"intent": None, "entities": []}) is None


def test_a_short_question_not_understood_goes_on_with_the_article(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_policy_faq", "北京五险一金缴费工资什么时候申报")
    plan = planner.fallback(turn(lexicon, "晚了没申报怎么办"), state)
    assert plan.reply is not None and "110%" in plan.reply.text
    # a long message is a question of its own
    long = turn(lexicon, "晚了没申报怎么办，会不会影响我以后领养老金和医保报销呢")
    assert planner._goes_on(long, state) is None


def test_an_acknowledgement_before_a_follow_up_keeps_the_person(planner, lexicon) -> None:
    assert turn(lexicon, "嗯，那缓缴以后什么时候补").looks_like_follow_up()
    assert not turn(lexicon, "好的").looks_like_follow_up()
    state = after(planner, lexicon, "ask_deferral", "上海自由职业者2020年养老保险能暂缓交吗")
    plan = planner.question("ask_deferral", turn(lexicon, "嗯，那缓缴以后什么时候补"), state)
    assert plan.reply is not None and "2021年" in plan.reply.text
    state = ConversationState(last=plan.reply.context)
    base = planner.question("ask_contribution_base", turn(lexicon, "补交的时候基数怎么定"), state)
    assert base.reply is not None and base.reply.topic == "ask_deferral"
    assert "2021年" in base.reply.text


def test_the_city_hotline_comes_with_the_national_one(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_phone", "打12333有人接吗")
    plan = planner.value(turn(lexicon, "长春"), state)
    assert plan.reply is not None and "9612333" in plan.reply.text and "12333" in plan.reply.text
    beijing = planner.question("ask_phone", turn(lexicon, "北京打12333可以吗"), ConversationState())
    assert beijing.reply is not None and "9612333" not in beijing.reply.text


def _read(text: str, intent: str) -> str:
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import QuestionAnalyzer

    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.7}})
    QuestionAnalyzer().process([message])
    return message.get(INTENT)["name"]


def test_a_question_or_a_fact_read_as_yes_or_no_is_not_one() -> None:
    assert _read("要是错过了时间没交会怎么样", "deny") == "nlu_fallback"  # a question, no topic word
    assert _read("店里没请人，只有我一个", "deny") == "inform"  # facts in clauses of their own
    assert _read("天津的技能提升补贴我能领不", "deny") == "ask_skill_subsidy"  # …领不 asks
    # short yes and no stay what they are
    assert _read("不用了，谢谢", "deny") == "deny"
    assert _read("是的", "affirm") == "affirm"
    assert _read("不是吗", "deny") == "deny"


def test_facts_told_in_words_only_are_kept_for_the_question(planner, lexicon) -> None:
    first = planner.value(turn(lexicon, "我是个体户"), ConversationState())
    state = ConversationState(last=first.reply.context)
    second = planner.value(turn(lexicon, "店里没请人，只有我一个"), state)
    assert second.reply is not None and second.reply.context is not None
    assert "没请人" in second.reply.context.text and second.reply.context.intent is None
    # after an answer, words without a question do not replace it
    answered = after(planner, lexicon, "ask_deferral", "上海自由职业者2020年养老保险能暂缓交吗")
    plan = planner.value(turn(lexicon, "店里没请人，只有我一个"), answered)
    assert plan.reply is None or plan.reply.context is None or plan.reply.context.intent is not None


def test_time_to_retirement_is_no_contribution_record(lexicon) -> None:
    from bot.questionnaires.answers import parse_years

    assert not parse_years("马上领完了，离退休还差8个月", lexicon).ok
    assert parse_years("交了6年，离退休还有2年", lexicon).value == 6.0
    assert parse_years("9个月", lexicon).value == 0.75


def test_a_follow_up_after_an_uncovered_year_asks_about_the_year_held(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_deferral", "自由职业者今年养老保险能暂缓交吗")
    assert state.last is not None and not any(e.get("entity") == "period" for e in state.last.entities)
    plan = planner.question("ask_deferral", turn(lexicon, "那暂缓了以后什么时候补"), state)
    assert plan.reply is not None and "2021年12月31日" in plan.reply.text
    assert "上下限范围内自主选择" in plan.reply.text  # the base of the back payment, the data's note
    # a covered year stays with the follow-up
    held = after(planner, lexicon, "ask_deferral", "自由职业者2020年养老保险能暂缓交吗")
    assert held.last is not None and any(e.get("entity") == "period" for e in held.last.entities)


def test_the_employees_after_a_flexible_question_are_asked_about(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_contribution_rate", "长春今年自由职业者养老保险交几个点")
    plan = planner.fallback(turn(lexicon, "那公司员工的呢"), state)
    assert plan.reply is not None and plan.reply.topic == "ask_contribution_rate"
    assert "16%" in plan.reply.text and "8%" in plan.reply.text
    # 单位职工 names people, not the employer's share; 单位缴费 still does
    assert turn(lexicon, "单位职工养老比例").party() is None
    assert turn(lexicon, "单位职工养老单位缴费比例").party() == "employer"


def test_time_left_to_retirement_is_no_contribution_length(lexicon) -> None:
    assert turn(lexicon, "离退休还差8个月").years() is None
    assert turn(lexicon, "离退休还差8个月").years_to_retirement() is not None
    assert turn(lexicon, "交了4年，距退休不到1年").years() == 4.0


def test_a_social_insurance_question_opened_with_a_greeting_is_no_greeting() -> None:
    assert _read("你好，老板说社保要停交几个月，这样可以吗", "greet") == "ask_policy_faq"
    assert _read("谢谢你，那单位不给交社保我该找谁", "thank") != "thank"  # a topic word may decide it
    # greetings and thanks that ask nothing about social insurance stay what they are
    assert _read("你好，在吗", "greet") == "greet"
    assert _read("好的谢谢你啊", "thank") == "thank"
    assert _read("你好，今天天气怎么样", "greet") == "greet"


def test_a_social_insurance_question_read_as_about_the_assistant_is_a_question() -> None:
    assert _read("北京单位疫情时候交社保，除了银行扣款还能用什么方式", "bot_capabilities") == "ask_policy_faq"
    # questions about the assistant itself stay what they are
    assert _read("你能回答哪些社保问题", "bot_capabilities") == "bot_capabilities"
    assert _read("社保小助手能查什么", "bot_capabilities") == "bot_capabilities"
    assert _read("能做什么", "bot_capabilities") == "bot_capabilities"
