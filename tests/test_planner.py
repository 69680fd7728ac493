"""The dialogue planner without Rasa: every route a user message can take, and the aspect-first answers.

Each test builds the Turn the NLU would give (normalised text, extracted entities) and the conversation
state, and checks the Plan: what is said first, what is remembered, whether a questionnaire starts.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers import aspects
from bot.answers.turn import Turn
from bot.dialogue.plan import Plan
from bot.dialogue.registry import DIGRESSIONS, FOLLOW_UP_INTENTS, INTENTS, QUESTION_INTENTS
from bot.dialogue.state import ConversationState, LastAnswer, PendingQuestion
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)


def turn(lexicon: Lexicon, text: str, **slots) -> Turn:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    return Turn(text=normalized, entities=entities, today=TODAY, **slots)


def first_line(plan: Plan) -> str:
    assert plan.reply is not None
    return plan.reply.text.splitlines()[0]


# -- routes (what AnswerAction.run, follow_up and the verdict redo did in the actions) -------------
def test_question_answered_and_remembered_for_a_follow_up(planner, lexicon) -> None:
    plan = planner.question("ask_base_limits", turn(lexicon, "长春社保缴费基数上限多少"), ConversationState())
    assert "13835元/月" in plan.reply.text and plan.questionnaire is None
    assert plan.reply.context == LastAnswer(
        intent="ask_base_limits", entities=plan.reply.context.entities, text=plan.reply.context.text
    )
    follow = planner.question(
        "ask_base_limits", turn(lexicon, "那天津呢"), ConversationState(last=plan.reply.context)
    )
    assert "18969元/月" in follow.reply.text


def test_missing_city_is_asked_then_resumed(planner, lexicon) -> None:
    plan = planner.question("ask_base_limits", turn(lexicon, "缴费基数上限多少"), ConversationState())
    pending = plan.reply.pending
    assert isinstance(pending, PendingQuestion) and pending.asked == "city"
    resumed = planner.value(
        turn(lexicon, "天津"), ConversationState(pending=PendingQuestion.from_slot(pending.to_slot()))
    )
    assert "18969元/月" in resumed.reply.text and resumed.reply.pending is None


def test_mid_questionnaire_question_starts_nothing(planner, lexicon) -> None:
    plan = planner.question(
        "ask_unemployment_benefit",
        turn(lexicon, "我能领失业金吗"),
        ConversationState(active_form="deferral_form"),
    )
    assert plan.questionnaire is None and plan.no_questionnaire


def test_personal_question_with_facts_missing_starts_the_questionnaire(planner, lexicon) -> None:
    plan = planner.question(
        "ask_job_retention", turn(lexicon, "我们公司能拿到多少稳岗返还"), ConversationState()
    )
    assert plan.questionnaire is not None and plan.questionnaire.form == "job_retention_form"
    assert plan.questionnaire.intro


def test_procedure_question_gets_the_article(planner, lexicon) -> None:
    plan = planner.question(
        "ask_unemployment_subsidy", turn(lexicon, "领失业补助金要带什么材料"), ConversationState()
    )
    assert (
        plan.reply.topic.startswith("faq:") and "社会保障卡" in plan.reply.text and plan.questionnaire is None
    )


def test_verdict_redone_with_a_changed_value(planner, lexicon) -> None:
    slots = {"q_city": "beijing", "q_years": 7, "q_involuntary": True, "q_registered": True}
    last = LastAnswer(form="unemployment_benefit_form", slots=slots)
    plan = planner.question(
        "ask_unemployment_benefit", turn(lexicon, "那如果交了12年呢"), ConversationState(last=last)
    )
    assert plan.reply.text.startswith("按“") and "1870元/月" in plan.reply.text
    assert (
        plan.reply.context.form == "unemployment_benefit_form" and plan.reply.context.slots["q_years"] == 12
    )


def test_value_without_a_question_asks_what_is_wanted(planner, lexicon) -> None:
    plan = planner.value(turn(lexicon, "长春"), ConversationState())
    assert plan.reply.text.startswith("收到：") and plan.reply.topic == "inform_without_question"


def test_start_questionnaire_from_the_last_answer(planner, lexicon) -> None:
    state = ConversationState(last=LastAnswer(intent="ask_deferral", entities=[]))
    plan = planner.start_questionnaire(turn(lexicon, "帮我逐项测算"), state)
    assert plan.questionnaire is not None and plan.questionnaire.form == "deferral_form"
    unknown = planner.start_questionnaire(turn(lexicon, "帮我逐项测算"), ConversationState())
    assert unknown.questionnaire is None and "可以帮您测算" in unknown.reply.text


def test_fallback_and_empty_input(planner, lexicon) -> None:
    assert "没有理解" in planner.fallback(turn(lexicon, "啊啊啊啊"), ConversationState()).reply.text
    assert "还没有输入" in planner.fallback(turn(lexicon, ""), ConversationState(), empty=True).reply.text


# -- the asked aspect ------------------------------------------------------------------------------
def test_yes_no_answered_first(planner, lexicon) -> None:
    plan = planner.question(
        "ask_unemployment_benefit", turn(lexicon, "北京主动辞职能领失业金吗"), ConversationState()
    )
    assert first_line(plan).startswith("不能") and "非因本人意愿" in first_line(plan)
    assert plan.questionnaire is None and "1816" not in plan.reply.text


def test_conditions_listed_not_the_amount_table(planner, lexicon) -> None:
    plan = planner.question(
        "ask_unemployment_benefit", turn(lexicon, "领失业金要满足哪些条件"), ConversationState()
    )
    assert first_line(plan).startswith("需要同时满足的条件") and "失业登记" in first_line(plan)
    assert "1925" not in plan.reply.text


def test_duration_the_documents_do_not_state(planner, lexicon) -> None:
    plan = planner.question(
        "ask_unemployment_benefit", turn(lexicon, "交了4年失业保险能领几个月"), ConversationState()
    )
    assert first_line(plan).startswith("文件没有规定") and "12333" in plan.reply.text
    assert "1816" not in plan.reply.text and plan.reply.handoff


def test_comparison(planner, lexicon) -> None:
    plan = planner.question(
        "ask_unemployment_benefit", turn(lexicon, "失业金和失业补助金有什么区别"), ConversationState()
    )
    assert (
        "失业补助金" in plan.reply.text
        and "80%" in plan.reply.text
        and "人社部发〔2020〕40号" in plan.reply.text
    )


def test_two_questions_both_answered(planner, lexicon) -> None:
    plan = planner.question(
        "ask_base_limits", turn(lexicon, "长春缴费基数上限多少？另外天津的滞纳金怎么算"), ConversationState()
    )
    assert "13835元/月" in plan.reply.text and "0.05%" in plan.reply.text


def test_neighbouring_domain_gets_no_figure(planner, lexicon) -> None:
    plan = planner.question(
        "ask_late_fee", turn(lexicon, "个人所得税晚交了滞纳金怎么算"), ConversationState()
    )
    assert "不属于社保" in first_line(plan) and "0.05%" not in plan.reply.text
    assert plan.reply.topic.startswith("out_of_scope") and plan.questionnaire is None


def test_uncovered_topic_names_it_and_gives_the_line(planner, lexicon) -> None:
    plan = planner.question(
        "ask_contribution", turn(lexicon, "长春退休了养老金能领多少"), ConversationState()
    )
    assert "没有涉及" in first_line(plan) and "养老金" in first_line(plan) and "9612333" in plan.reply.text
    assert "超出了我的服务范围" not in plan.reply.text and plan.reply.topic.startswith("not_covered")


def test_faq_listed_under_unless_faq_is_still_answered(planner, lexicon) -> None:
    plan = planner.question(
        "ask_policy_faq", turn(lexicon, "北京住房公积金缴存比例是多少"), ConversationState()
    )
    assert "不属于社保" not in plan.reply.text and plan.reply.topic.startswith("faq:")


def test_out_of_scope_intent_uses_the_scope_lists(planner, lexicon) -> None:
    plan = planner.out_of_scope(turn(lexicon, "交强险一年多少钱"))
    assert "不属于社保" in first_line(plan) and "车险" in first_line(plan)
    generic = planner.out_of_scope(turn(lexicon, "今天天气怎么样"))
    assert "超出了我的服务范围" in generic.reply.text


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("交了4年失业保险能领几个月", aspects.DURATION),
        ("主动辞职能领失业金吗", aspects.ELIGIBILITY),
        ("领失业金要满足哪些条件", aspects.CONDITIONS),
        ("稳岗返还要准备哪些材料", aspects.PROCEDURE),
        ("失业金和失业补助金有什么区别", aspects.COMPARISON),
        ("长春基数上限多少", aspects.AMOUNT),
        ("能帮我查一下长春基数上限吗", aspects.AMOUNT),
        ("缓缴最晚到什么时候", aspects.DEADLINE),
        ("净月分局电话多少", aspects.CONTACT),
        ("什么是稳岗返还", aspects.DEFINITION),
        ("单位不给交社保合法吗", aspects.LEGALITY),
        ("失业金", None),
    ],
)
def test_aspect_of(text: str, aspect: str | None) -> None:
    assert aspects.aspect_of(text) == aspect


def test_split_questions_keeps_context_with_the_question() -> None:
    questions = aspects.split_questions("我在长春上班。被辞退了，能领失业金吗?另外稳岗返还怎么申请")
    assert [q.aspect for q in questions] == [aspects.ELIGIBILITY, aspects.PROCEDURE]
    assert questions[0].text.startswith("我在长春上班") and questions[1].topic == "ask_job_retention"
    assert len(aspects.split_questions("你好，请问长春基数上限多少，谢谢")) == 1
    assert aspects.split_questions("") == []


def test_a_negated_question_word_states_a_fact() -> None:
    # 没啥收入 / 没多少钱 tell the situation: the message is one question, the one at its end
    questions = aspects.split_questions("打零工的，这一年都没啥收入，手里也没多少钱，养老保险能缓一缓再交吗")
    assert len(questions) == 1 and questions[0].aspect == aspects.ELIGIBILITY
    assert not aspects.asks_question("这个月没什么活干")
    assert len(aspects.split_questions("领补助金的那几个月，社保还要自己交吗")) == 1
    assert aspects.asks_question("失业金能领多少")


# -- the registry ----------------------------------------------------------------------------------
def test_registry_drives_handlers_and_sets(planner) -> None:
    assert set(planner.answerer.handlers) == set(QUESTION_INTENTS)
    assert FOLLOW_UP_INTENTS <= set(QUESTION_INTENTS)
    assert len({spec.intent for spec in INTENTS}) == len(INTENTS)
    assert DIGRESSIONS["ask_phone"] == "action_phone"


# -- not covered: places, years, topics ------------------------------------------------------------
def test_uncovered_place_is_said_at_once_and_can_be_followed(planner, lexicon) -> None:
    plan = planner.question("ask_base_limits", turn(lexicon, "长沙社保缴费基数上限多少"), ConversationState())
    assert (
        "暂未收录“长沙”" in first_line(plan) and "13835" not in plan.reply.text and plan.questionnaire is None
    )
    assert plan.reply.handoff == "hotline_12333"
    follow = planner.value(turn(lexicon, "那北京呢"), ConversationState(last=plan.reply.context))
    assert "北京" in follow.reply.text and "长沙" not in follow.reply.text.splitlines()[0]


def test_a_later_year_is_not_given_the_2020_figures(planner, lexicon) -> None:
    plan = planner.question(
        "ask_base_limits", turn(lexicon, "天津2023年社保缴费基数上下限"), ConversationState()
    )
    assert (
        "没有收录2023年" in first_line(plan)
        and "18969" not in plan.reply.text
        and "3364" not in plan.reply.text
    )
    relative = planner.question(
        "ask_job_retention",
        turn(lexicon, "我们公司25人，裁了3个人，去年交了失业保险费12000元，能返多少"),
        ConversationState(),
    )
    assert "6000元" in relative.reply.text  # 去年 is relative to today, not a year outside the data


def test_an_earlier_year_the_data_lacks(planner, lexicon) -> None:
    plan = planner.question(
        "ask_average_wage", turn(lexicon, "吉林省2016年的全口径平均工资是多少"), ConversationState()
    )
    reply = plan.reply.text
    assert "2016" in reply and ("没有收录" in reply or "资料中没有" in reply)


def test_unanswered_social_insurance_question_is_not_covered_not_out_of_service(planner, lexicon) -> None:
    plan = planner.fallback(turn(lexicon, "养老保险个人账户里的钱家里人能不能拿到呢"), ConversationState())
    assert (
        "没有涉及" in first_line(plan)
        and "超出了我的服务范围" not in plan.reply.text
        and "12333" in plan.reply.text
    )


def test_question_misread_as_a_control_word(planner, lexicon) -> None:
    plan = planner.misread(turn(lexicon, "以前交的社保钱能不能全部退出来"), ConversationState())
    assert plan is not None and "没有涉及" in first_line(plan)
    assert planner.misread(turn(lexicon, "取消"), ConversationState()) is None
    assert (
        planner.misread(turn(lexicon, "为什么要问这个呢"), ConversationState(active_form="deferral_form"))
        is None
    )


# -- yes / no from the facts stated ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("intent", "text", "first"),
    [
        ("ask_reduction", "我们是小微企业，2020年10月养老保险单位部分是不是免了", "是"),
        ("ask_reduction", "我们是湖北的大型企业，2020年4月三项社保单位部分是按减半交吗", "不是"),
        ("ask_reduction", "大型企业的社保单位部分减半，2020年8月还有吗", "不能"),
        ("ask_contribution_base", "长春2020年4月我工资两千，社保能按两千的基数交吗", "不能"),
        ("ask_unemployment_benefit", "长春失业金领完了，离退休还有一年半，能不能一直领到退休", "不能"),
        ("ask_unemployment_benefit", "上海的失业金领满了，离退休还有一年半，还能继续发吗", "可以"),
        ("ask_deferral", "长春的企业申请社保缓缴，能一口气缓八个月吗", "不能"),
        ("ask_deferral", "公司2020年批了缓缴社保，缓缴期间要另外算滞纳金吗", "不用"),
        ("ask_flexible_employment", "天津灵活就业，2020年9月想按两万的基数交养老保险，可以吗", "不能"),
    ],
)
def test_yes_no_first_line(planner, lexicon, intent: str, text: str, first: str) -> None:
    assert first_line(planner.question(intent, turn(lexicon, text), ConversationState())).startswith(first)


def test_reduction_without_a_type_lists_every_type_and_asks(planner, lexicon) -> None:
    plan = planner.question(
        "ask_reduction", turn(lexicon, "2020年社保减免，职工个人那部分是不是也免了"), ConversationState()
    )
    text = plan.reply.text
    assert "中小微企业：三项单位缴费免征" in text and "大型企业：三项单位缴费减半" in text
    assert (
        "职工个人缴费照常缴纳" in text and plan.reply.pending is not None and "人社部发〔2020〕49号" in text
    )


# -- passages --------------------------------------------------------------------------------------
def test_passage_quoted_with_its_citation(planner, lexicon) -> None:
    reply = planner.composer.passage(turn(lexicon, "北京疫情期间1月2月的社保费征收期延长到什么时候"))
    assert reply is not None and reply.text.startswith("文件原文（") and "“" in reply.text
    assert reply.topic.startswith("passage:")


@pytest.mark.parametrize(
    "text", ["", "   ", "🙂🙂", "？？？", "hello what is this", "社" * 5000, "社保怎么样"]
)
def test_bad_input_never_raises_and_gives_no_passage(planner, lexicon, text: str) -> None:
    assert planner.composer.passage(turn(lexicon, text)) is None
    plan = planner.question("ask_policy_faq", turn(lexicon, text), ConversationState())
    assert plan.reply is not None and plan.reply.text
    assert planner.fallback(turn(lexicon, text), ConversationState()).reply.text


def test_neighbour_reply_names_the_documented_line(planner, lexicon) -> None:
    plan = planner.question(
        "ask_policy_faq", turn(lexicon, "失业了住房公积金能取出来吗"), ConversationState()
    )
    assert (
        "不属于社保" in first_line(plan)
        and "010-12329" in plan.reply.text
        and plan.reply.handoff == "bj_housing_fund"
    )


def test_a_date_that_is_a_fact_of_the_case_is_not_the_date_asked(planner, lexicon) -> None:
    question = "北京农民工2019年5月开始参保、交了8个月后失业，2020年7月能领多少临时生活补助"
    plan = planner.question("ask_migrant_subsidy", turn(lexicon, question), ConversationState())
    assert "880" in plan.reply.text and "没有收录2019年" not in plan.reply.text


def test_a_procedure_question_beside_an_amount_question_does_not_drop_the_amount(planner, lexicon) -> None:
    text = "我在北京干了6年，上个月被公司裁了，失业登记也办了，失业金一个月能领多少？另外要带什么材料？"
    plan = planner.question("ask_unemployment_benefit", turn(lexicon, text), ConversationState())
    assert "1843元/月" in plan.reply.text and "社会保障卡" in plan.reply.text


def test_losses_said_colloquially_count_as_difficulty(planner, lexicon) -> None:
    text = "我们是长春的小饭店，疫情亏了5个月，发不出工资了，社保能不能缓缴？"
    plan = planner.question("ask_deferral", turn(lexicon, text), ConversationState())
    assert first_line(plan).startswith("可以") and "6个月" in plan.reply.text


def test_a_continuation_without_a_value_goes_on_with_the_last_question(planner, lexicon) -> None:
    first = planner.question(
        "ask_average_wage", turn(lexicon, "天津2019年度职工平均工资一年多少"), ConversationState()
    )
    state = ConversationState(last=first.reply.context)
    plan = planner.value(turn(lexicon, "按月算呢"), state)  # the classifier took it for a bare value
    assert plan.reply is not None and plan.reply.topic == "ask_average_wage"
    assert "6323" in plan.reply.text and "请问您想了解什么" not in plan.reply.text
    # with nothing asked before, it stays a bare value; a long message is a question of its own
    assert planner.continuation(turn(lexicon, "按月算呢"), ConversationState()) is None
    long_text = "那如果我是在北京上班的灵活就业人员交社保的话呢"
    assert planner.continuation(turn(lexicon, long_text), state) is None


def test_the_value_asked_for_completes_the_waiting_question_whatever_else_it_mentions(
    planner, lexicon
) -> None:
    first = planner.question("ask_base_limits", turn(lexicon, "社保缴费基数上限是多少"), ConversationState())
    assert first.reply is not None and first.reply.pending is not None and first.reply.pending.asked == "city"
    state = ConversationState(pending=first.reply.pending)
    # the classifier reads 失业保险 in the answer and says ask_contribution_rate
    plan = planner.question("ask_contribution_rate", turn(lexicon, "天津的，单位交失业保险那种"), state)
    assert plan.reply is not None and "18969" in plan.reply.text


def test_facts_after_an_answer_complete_that_question(planner, lexicon) -> None:
    first = planner.question(
        "ask_unemployment_subsidy", turn(lexicon, "失业补助金每月发多少"), ConversationState()
    )
    state = ConversationState(last=first.reply.context)
    told = turn(lexicon, "北京的，交了两年社保，失业金早就领完了，一直没找到活")
    plan = planner.question("ask_unemployment_benefit", told, state)  # 失业金 read as the topic
    assert plan.reply is not None and "失业补助金" in plan.reply.text and "1408" in plan.reply.text
    # a new question is a new question
    asked = planner.question("ask_unemployment_benefit", turn(lexicon, "北京失业金能领多少钱"), state)
    assert asked.reply is None or "1408" not in asked.reply.text
    # facts about another topic start that topic
    limits = planner.question("ask_base_limits", turn(lexicon, "北京社保基数上限多少"), ConversationState())
    moved = planner.question(
        "ask_unemployment_benefit",
        turn(lexicon, "我在天津被辞退了，交了三年失业保险"),
        ConversationState(last=limits.reply.context),
    )
    assert moved.questionnaire is not None or "失业" in (moved.reply.text if moved.reply else "")


def test_a_year_the_data_lacks_is_not_answered_with_another_years_passage(planner, lexicon) -> None:
    plan = planner.question(
        "ask_base_limits", turn(lexicon, "麻烦查一下天津2019年度社保基数最高多少"), ConversationState()
    )
    assert plan.reply is not None and "18969" not in plan.reply.text and "没有收录" in plan.reply.text


def test_the_trained_aspect_of_the_parse_decides_when_the_split_agrees(planner, lexicon) -> None:
    from bot.answers.composer import asked_questions

    text = "北京失业补助金多少钱"
    parsed = turn(lexicon, text)
    assert asked_questions(parsed)[0].aspect == aspects.AMOUNT  # the word lists without a parse
    parsed.asked = [{"text": text, "aspect": "procedure", "topic": "ask_unemployment_subsidy"}]
    assert asked_questions(parsed)[0].aspect == aspects.PROCEDURE
    parsed.asked = [{"text": text, "aspect": None, "topic": None}]  # the model saw no aspect: words decide
    assert asked_questions(parsed)[0].aspect == aspects.AMOUNT
    no_word = turn(
        lexicon, "我是灵活就业，想自己交社保怎么交"
    )  # no aspect word: a model's procedure is not taken
    no_word.asked = [{"text": no_word.text, "aspect": "procedure", "topic": "ask_flexible_employment"}]
    assert asked_questions(no_word)[0].aspect is None
    parsed.asked = [{"text": "a", "aspect": "procedure"}, {"text": "b", "aspect": "amount"}]  # split differs
    assert asked_questions(parsed)[0].aspect == aspects.AMOUNT


def test_a_by_the_way_question_on_another_topic_is_a_question_of_its_own() -> None:
    questions = aspects.split_questions("长春2020年缴费基数上下限多少?另外顺便问一下2019年长春的社会平均工资")
    assert [q.topic for q in questions] == ["ask_base_limits", "ask_average_wage"]
    # a clause with no aspect word on the same topic still continues the question before it
    assert len(aspects.split_questions("长春2020年缴费基数上下限多少?基数上限那个")) == 1


def test_whether_one_has_to_is_a_yes_no_question() -> None:
    questions = aspects.split_questions("北京失业补助金一个月多少钱?需不需要先去做失业登记")
    assert [q.aspect for q in questions] == ["amount", "eligibility"]


def test_asking_to_ask_announces_the_question_that_follows() -> None:
    questions = aspects.split_questions("北京失业金多少?顺便问一下我是打零工的,养老能晚点交吗")
    assert len(questions) == 2 and questions[1].text.startswith("顺便问一下我是打零工的")
    assert questions[1].aspect == "eligibility"


def test_a_tag_question_asks_about_the_statement_before_it() -> None:
    """停几个月 states how long (几 = a few); 这样可以吗 asks whether that is allowed."""
    questions = aspects.split_questions("老板说社保要停几个月,这样可以吗")
    assert len(questions) == 1 and questions[0].aspect == "eligibility"
    assert aspects.split_questions("公司只按最低基数交,这样合法吗")[0].aspect == "legality"
    assert aspects.split_questions("失业金能领几个月")[0].aspect == "duration"  # no tag: as before


@pytest.mark.parametrize(
    "text",
    [
        "这样可以吗",
        "问一下",
        "顺便问一下",
        "，，，这样合法吗",
        "   ",
        "社保 " * 2000,
        "<script>问一下</script> 这样可以吗",
    ],
)
def test_tags_announcements_and_spaces_never_break_the_split(text: str) -> None:
    """Bad input on the new splitting rules: a bare tag or announcement, spaces, a huge or hostile text."""
    questions = aspects.split_questions(normalize(text).text)
    assert all(q.text.strip() for q in questions)
    assert all(q.aspect in (None, *aspects.ASPECTS) for q in questions)
