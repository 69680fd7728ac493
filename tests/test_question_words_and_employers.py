"""Question words that ask nothing (好几个月, 几十个工人, 有几个编外的人), questions that end open
(还收滞纳金不, 真的假的), a self-employed business with staff asking as an employer, and first lines drawn
from an article that waives the late fee."""

from __future__ import annotations

import pytest

from bot.answers.aspects import SELF_EMPLOYED_EMPLOYER, asks_question, split_questions, topic_of
from bot.dialogue.state import ConversationState
from bot.text.normalize import normalize
from tests.asking import ask, first_line, turn_of


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("疫情亏了好几个月", False),
        ("几十个工人一起讨薪", False),
        ("有几个编外聘的人交的是企业养老", False),
        ("灵活就业有几个档可以选", True),
        ("听说今年能少交一半，真的假的", True),
        ("要是申请缓缴还收滞纳金不", True),
        ("社保一直没", False),  # too short to be a question left open
    ],
)
def test_question_words(text, asks) -> None:
    assert asks_question(normalize(text).text) is asks


def test_facts_with_several_months_are_no_question_of_their_own() -> None:
    text = normalize("长春的小公司，疫情亏了好几个月，要是申请缓交社保，后面补的时候要不要算滞纳金呀").text
    assert len(split_questions(text)) == 1


def test_a_question_ending_open_is_split_from_the_one_before() -> None:
    text = normalize("个体户雇了3个人，按单位方式参的保，社保减免我们能享受吗？要是申请缓缴还收滞纳金不").text
    assert len(split_questions(text)) == 2


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("个体户雇了3个人，按单位方式参的保", True),
        ("开小饭馆的个体户，雇了3个服务员", True),
        ("我是个体户，没雇人", False),
        ("个体户没有雇工，自己交养老", False),
        ("个体工商户以单位方式参保", True),
    ],
)
def test_a_self_employed_business_with_staff(text, employer) -> None:
    assert bool(SELF_EMPLOYED_EMPLOYER.search(text)) is employer
    if employer:
        assert topic_of(text) != "ask_flexible_employment"


def test_an_employer_read_as_a_flexible_worker_is_answered_as_an_employer(planner, lexicon) -> None:
    text = "开小饭馆的个体户，雇了3个服务员，按单位方式给她们上的社保，单位那块能跟小微企业一样免交吗？"
    plan = planner.question("ask_flexible_employment", turn_of(lexicon, text), ConversationState())
    assert plan.reply is not None and plan.reply.pending is None, plan
    assert "参照企业办法" in plan.reply.text and first_line(plan.reply).startswith("可以")
    # the rule's end, said as a note on that yes, not as a second answer
    assert "\n不能" not in plan.reply.text and "注意：" in plan.reply.text


def test_both_questions_of_a_self_employed_employer(planner, lexicon) -> None:
    text = "个体户雇了3个人，按单位方式参的保，社保减免我们能享受吗？要是申请缓缴还收滞纳金不"
    reply = planner.question("ask_late_fee", turn_of(lexicon, text), ConversationState()).reply
    assert "参照企业办法" in reply.text and "免收滞纳金" in reply.text, reply.text
    assert "灵活就业" not in reply.text.split("关于", 1)[-1]  # the deferral asked is the employer's


def test_an_article_waiving_the_late_fee_answers_first(planner, lexicon) -> None:
    text = "长春的小公司，疫情亏了好几个月，要是申请缓交社保，后面补的时候要不要算滞纳金呀"
    reply = ask(planner, lexicon, text, "ask_late_fee")
    assert first_line(reply).startswith("不用") and "免收滞纳金" in first_line(reply), reply.text


@pytest.mark.parametrize(
    ("text", "article"),
    [
        (
            "攀枝花，现在社保减免期间想给新来的员工加保，资料一时凑不齐咋办",
            "faq:pzh_new_hires_during_reduction",
        ),
        (
            "攀枝花的企业在减免那段时间想把员工的缴费基数往上调，社保给不给办",
            "faq:pzh_raise_base_during_reduction",
        ),
        ("攀枝花 2月以后按原来标准多交的社保费 能退吗 怎么退", "faq:pzh_reduction_refund"),
        (
            "攀枝花的企业，减免社保那段时间新招了人，参保资料一时凑不齐，能先给办上吗？",
            "faq:pzh_new_hires_during_reduction",
        ),
        (
            "攀枝花的工地，1月20号就开工了，工伤保险一次性交完了，这个能按减免政策退点钱回来不",
            "faq:pzh_work_injury_new_projects",
        ),
    ],
)
def test_panzhihuas_processing_rules(planner, lexicon, text, article) -> None:
    assert ask(planner, lexicon, text, "ask_reduction").topic == article


@pytest.mark.parametrize(
    ("intent", "text", "article", "phrase"),
    [
        (
            "ask_reduction",
            "我们市里能不能自己再额外出点减免社保费的政策，国家允许吗",
            "faq:mohrss_no_local_policies",
            "不得自行出台其他减收增支政策",
        ),
        (
            "ask_policy_faq",
            "农民工被欠工资想申请法律援助，是不是得先证明自己家里困难",
            "faq:legal_aid_no_means_test",
            "免予经济困难审查",
        ),
        (
            "ask_contribution_base",
            "长春单位的缴费基数是按工资总额算，还是把每个人的基数加起来？",
            "faq:cc_base_rules",
            "职工缴费基数之和",
        ),
    ],
)
def test_rules_stated_in_the_documents_text(planner, lexicon, intent, text, article, phrase) -> None:
    reply = ask(planner, lexicon, text, intent)
    assert reply.topic == article and phrase in reply.text, reply.text


def test_a_wage_question_still_gets_the_calculator(planner, lexicon) -> None:
    assert (
        ask(planner, lexicon, "长春月薪8000缴费基数是多少", "ask_contribution_base").topic
        == "ask_contribution_base"
    )
