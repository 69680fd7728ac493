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


def test_a_short_follow_on_the_article_answers_is_said_once(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "领失业金的价格临时补贴提高了多少？是哪几个月的？", "ask_unemployment_benefit"
    )
    assert reply.topic == "faq:price_subsidy_doubled", reply.text
    assert "2020年3月至6月" in reply.text and "提高1倍" in reply.text and "关于“" not in reply.text
    assert "110元" not in reply.text  # the benefit's own raise is another fact


def test_a_follow_on_the_article_does_not_answer_is_answered_on_its_own(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年的失业补助金哪些人可以领？标准大概多少", "ask_unemployment_subsidy")
    assert "关于“标准大概多少”" in reply.text and "80%" in reply.text, reply.text


def test_a_record_just_under_a_year_in_the_second_question(planner, lexicon) -> None:
    text = "北京失业补助金，参保交满一年的每月给多少？没交满一年的又是多少？"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    first, _, second = reply.text.partition("关于“")
    assert "1408" in first and "880" in second, reply.text


def test_a_definition_of_the_full_caliber_wage(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "啥叫全口径城镇单位就业人员平均工资？跟平时说的平均工资有啥不一样",
        "ask_average_wage",
    )
    assert reply.topic == "faq:sh_full_caliber_average_wage", reply.text
    assert "私营" in reply.text and "加权" in reply.text and "请问您想查询哪个城市" not in reply.text


def test_facts_not_understood_are_kept_for_the_question_after(planner, lexicon) -> None:
    told = turn_of(lexicon, "我是农民工，在北京工地上干了8个月，单位给上了社保，现在工地停了")
    plan = planner.fallback(told, ConversationState())
    assert plan.reply is not None and plan.reply.context is not None, plan.reply
    state = ConversationState(last=plan.reply.context)
    after = planner.question("ask_migrant_subsidy", turn_of(lexicon, "我能领点啥补助不"), state)
    shown = after.reply.text if after.reply is not None else ""
    assert "您累计参保8个月" in shown, shown


def test_an_article_found_for_a_question_not_understood_quotes_its_document(planner, lexicon) -> None:
    plan = planner.fallback(
        turn_of(lexicon, "乌海这边煤矿、冶金企业的工人，尘肺病这块工伤保险有什么说法"), ConversationState()
    )
    assert plan.reply is not None and plan.reply.topic.startswith("faq:")
    assert "文件原文" in plan.reply.text and "乌海政发〔2020〕17号" in plan.reply.text


def test_each_share_and_the_end_of_the_lower_rate(planner, lexicon) -> None:
    text = "长春企业2020年头半年交失业保险，公司那头和职工那头各按几个点？这个低费率能用到哪一年"
    reply = ask(planner, lexicon, text, "ask_contribution_rate")
    assert "0.7%" in reply.text and "0.3%" in reply.text and "2021年4月30日" in reply.text, reply.text


def test_when_a_policy_ends_is_answered_in_the_second_question(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春失业保险单位和个人各交几个点？这个降费率的政策到什么时候",
        "ask_contribution_rate",
    )
    assert "关于“这个降费率的政策到什么时候”" in reply.text and "2021年4月30日" in reply.text, reply.text


def test_a_base_question_the_deferral_answer_speaks_of_asks_no_city(planner, lexicon) -> None:
    text = "灵活就业2020年暂缓交养老的话，最晚什么时候补上？补的时候基数怎么定"
    reply = ask(planner, lexicon, text, "ask_deferral")
    assert "2021年12月31日" in reply.text and "哪个城市" not in reply.text, reply.text


@pytest.mark.parametrize(("text", "first_month"), [("2020年头半年", 1), ("2020年后半年", 7), ("前半年", 1)])
def test_halves_of_the_year_in_everyday_words(lexicon, text: str, first_month: int) -> None:
    import datetime as dt

    from bot.text.entities import extract

    found = [e for e in extract(text, lexicon, dt.date(2026, 11, 30)) if e.entity == "period"]
    assert found and int(found[0].extra["date_from"][5:7]) == first_month


def test_a_yes_no_follow_up_with_a_new_value_gets_its_verdict_first(planner, lexicon) -> None:
    asked = turn_of(lexicon, "天津学历提升补贴怎么领")
    first = planner.question("ask_skill_subsidy", asked, ConversationState())
    state = ConversationState(last=first.reply.context)
    plan = planner.follow_up(turn_of(lexicon, "我失业保险才交了两年，能领吗"), state, always=True)
    assert plan is not None and plan.reply is not None
    assert plan.reply.text.startswith("不能。不符合：累计缴纳失业保险费满36个月"), plan.reply.text
    told = planner.follow_up(turn_of(lexicon, "交了两年"), state, always=True)  # no question: no verdict line
    assert told is not None and not told.reply.text.startswith("不能")


def test_a_later_year_in_a_follow_up_is_not_covered(planner, lexicon) -> None:
    first = planner.question(
        "ask_base_limits", turn_of(lexicon, "上海2020年社保基数上限多少"), ConversationState()
    )
    plan = planner.value(turn_of(lexicon, "那2021年的呢"), ConversationState(last=first.reply.context))
    assert plan.reply is not None and plan.reply.topic == "not_covered:year", plan.reply.text
    assert "2021" in plan.reply.text and "28017" not in plan.reply.text
    other = planner.value(turn_of(lexicon, "那天津呢"), ConversationState(last=first.reply.context))
    assert "3364" in other.reply.text  # another place, same year: answered


def test_a_question_on_what_a_covered_citys_document_says(planner, lexicon) -> None:
    text = "攀枝花文件里说的“生产经营严重困难企业”具体是啥标准？原文咋写的"
    plan = planner.out_of_scope(turn_of(lexicon, text))
    assert plan.reply is not None and "停产、半停产" in plan.reply.text, plan.reply.text


def test_a_follow_up_on_when_the_standard_starts(planner, lexicon) -> None:
    first = planner.question(
        "ask_unemployment_benefit", turn_of(lexicon, "北京失业金的标准是不是调了"), ConversationState()
    )
    plan = planner.out_of_scope(
        turn_of(lexicon, "新标准从哪天开始执行的？"), ConversationState(last=first.reply.context)
    )
    assert plan.reply is not None and "2020年7月" in plan.reply.text, plan.reply.text


@pytest.mark.parametrize(
    ("text", "uncovered"),
    [
        ("我明年就退休了，社保一共交了25年，退休以后养老金一个月大概能拿多少？", True),
        ("长春企业退休职工的养老金今年每个月涨多少", True),
        ("乌海有没有地方能帮我估算一下退休以后养老金大概多少", False),  # 乌海's 测算 service
        ("养老保险单位缴费比例调整了吗", False),
    ],
)
def test_the_pension_with_words_between(text: str, uncovered: bool) -> None:
    from bot.answers.scope import out_of_scope_topic

    topic = out_of_scope_topic(text)
    assert (topic is not None and topic.id == "pension_amount") == uncovered


def test_no_unrelated_passage_after_the_one_that_answers(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京的失业补助金在哪申请啊？必须跑现场吗，网上能办不")
    assert "北京人社" in reply.text and "公积金" not in reply.text, reply.text


def test_some_months_unpaid_is_told_not_asked(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "灵活就业的，2020年有几个月养老保险没交上，最晚啥时候之前补都行？",
        "ask_flexible_employment",
    )
    assert "2021年底" in reply.text and "哪个城市" not in reply.text, reply.text


def test_a_foreign_employee_paying_at_home(planner, lexicon) -> None:
    text = (
        "我们公司在长春，新招了个日本籍工程师，他在日本那边一直交着社保，我们这边的养老保险能不能给他免了？"
    )
    reply = ask(planner, lexicon, text)
    assert reply.topic == "faq:cc_foreign_employees" and "3个月内" in reply.text, reply.text


def test_until_when_in_everyday_words(planner, lexicon) -> None:
    text = "长春失业保险现在单位和个人各交百分之几？这个降费率的政策执行到啥时候？"
    assert "2021年4月30日" in ask(planner, lexicon, text, "ask_contribution_rate").text


@pytest.mark.parametrize(
    "text", ["算了上海的不问了，长春2020年上半年的上限是多少", "上海的先不管了，长春2020年上半年上限多少"]
)
def test_a_place_taken_back_is_not_asked_about(planner, lexicon, text: str) -> None:
    reply = ask(planner, lexicon, text, "ask_base_limits")
    assert "13835" in reply.text and "上海" not in reply.text.splitlines()[0], reply.text


def test_a_general_follow_up_goes_on_with_the_article(planner, lexicon) -> None:
    first = planner.question(
        "ask_policy_faq",
        turn_of(lexicon, "我们公司在北京，想问下五险一金缴费工资申报的事"),
        ConversationState(),
    )
    state = ConversationState(last=first.reply.context)
    plan = planner.question("ask_policy_faq", turn_of(lexicon, "要是没按时申报会怎么样"), state)
    assert plan.reply is not None and "110%" in plan.reply.text, plan.reply.text


@pytest.mark.parametrize(
    "text",
    [
        "北京高校2020届毕业的，没去公司，现在在网上平台接单做设计，算灵活就业吧，这种社保有没有补贴？",
        "北京今年毕业的大学生，不打算上班想做自由职业，社保有补贴吗？能补几年",
    ],
)
def test_beijing_graduates_working_flexibly_get_their_subsidy(planner, lexicon, text: str) -> None:
    reply = ask(planner, lexicon, text)
    assert reply.topic == "faq:bj_graduate_flexible_subsidy" and "3年" in reply.text, reply.text
    assert "京人社毕发〔2020〕5号" in reply.text


def test_a_place_corrected_after_an_answer_not_understood(planner, lexicon) -> None:
    first = planner.question(
        "ask_average_wage", turn_of(lexicon, "帮我查下北京的平均工资"), ConversationState()
    )
    plan = planner.fallback(
        turn_of(lexicon, "哦不对不对，我要问的是天津的"), ConversationState(last=first.reply.context)
    )
    assert plan.reply is not None and "6323" in plan.reply.text, plan.reply.text
