"""First lines of yes/no questions answered by an article or a table: a figure the question wants confirmed
(按上个月的110%，是真的吗), an article whose answer opens with 不能 under its title, a type of employer the
reductions leave out (事业单位), a month named without its year (7月份还能减半吗)."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answers.composer import _article_confirms, _figure_forms
from bot.answers.reply import Reply
from bot.dialogue.state import ConversationState
from tests.asking import ask, first_line, turn_of, turn_read_as


def test_a_stated_percentage_the_article_states_is_confirmed(planner, lexicon) -> None:
    text = "北京单位，2020年的缴费工资忘了报了，听说会按上个月的110%给定，是真的吗"
    reply = ask(planner, lexicon, text)
    assert first_line(reply).startswith("是，") and "110%" in first_line(reply), reply.text
    assert "京人社保字〔2020〕68号" in reply.text


def test_a_month_end_is_the_last_day_the_article_writes(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "广东这边降下来的失业保险费率，是不是延长到2021年4月底啦")
    assert first_line(reply).startswith("是，") and "2021年4月30日" in first_line(reply), reply.text


def test_a_figure_the_article_does_not_state_is_not_confirmed(lexicon) -> None:
    reply = Reply("【标题】\n未按时申报的，按单位上月缴费额的110%确定。\n依据：某文件", topic="faq:x")
    assert _article_confirms(reply, turn_of(lexicon, "是不是按120%核定的，真的吗")) is None
    negated = Reply("【标题】\n不再按110%确定。\n依据：某文件", topic="faq:x")
    assert _article_confirms(negated, turn_of(lexicon, "是不是按110%核定的，真的吗")) is None
    table = Reply("• 比例：110%\n依据：某文件", topic="ask_contribution_rate")
    assert _article_confirms(table, turn_of(lexicon, "是不是110%，真的吗")) is None


@pytest.mark.parametrize(
    ("figure", "form"),
    [("2021年4月底", "2021年4月30日"), ("2月底", "2月29日"), ("12月底", "12月31日"), ("15天内", "15日内")],
)
def test_figure_forms(figure, form) -> None:
    assert form in _figure_forms(figure)


def test_an_articles_no_comes_before_its_title(planner, lexicon) -> None:
    text = "北京我6月份已经办了领一次性失业保险金的手续，差额能补给我吗"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert first_line(reply).startswith("不能"), reply.text
    assert reply.text.splitlines()[1].startswith("【")  # the title follows, nothing is lost
    assert reply.text.count("不再补发") >= 1


def test_an_article_stays_whole_for_a_question_that_is_no_yes_no(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京之前办了一次性领取失业金的，7月涨的差额怎么处理", "ask_unemployment_benefit"
    )
    assert reply.topic == "faq:bj_lump_sum_no_backpay", reply.text
    assert first_line(reply).startswith("【"), reply.text  # a "how" question reads the article as written


def test_an_institution_is_told_no_first(planner, lexicon) -> None:
    text = "事业单位也能享受这次社保费减免吗？我们是区里的一个事业单位"
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert first_line(reply).startswith("不能") and "机关事业单位" in first_line(reply), reply.text


def test_a_month_without_its_year_is_the_documents_month_for_every_type(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "7月份单位社保还能按一半交么", "ask_reduction")
    assert "中小微企业：三项单位缴费免征" in reply.text, reply.text  # July 2020: SMEs still exempt
    assert "大型企业：三项单位缴费不减免" in reply.text


def test_a_big_factory_is_a_large_enterprise(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "我们是上千人的大厂，7月份单位社保还能按一半交么", "ask_reduction")
    assert first_line(reply).startswith("不能") and "6月底" in first_line(reply), reply.text


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("长春企业退休，交了28年，退休以后一个月养老金大概能拿多少", "not_covered:pension_amount"),
        ("上海居转户要社保交满几年，积分怎么算", "out_of_scope:hukou"),
    ],
)
def test_more_ways_of_naming_uncovered_topics(planner, lexicon, text, topic) -> None:
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply.topic == topic, reply.text
    assert "元" not in reply.text


@pytest.mark.parametrize("text", ["是真的吗", "110%？真的假的", "是不是" * 200, "2021年13月底是不是"])
def test_bad_confirmation_questions_get_a_reply(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is None or reply.text.strip()


def test_the_same_no_is_said_once(planner, lexicon) -> None:
    text = "攀枝花事业单位里不在编的合同工，交的是企业养老，这部分人的单位缴费能减免不"
    reply = ask(planner, lexicon, text, "ask_reduction")
    lines = reply.text.splitlines()
    assert lines[0].startswith("不能") and not lines[1].startswith("不能"), reply.text
    assert "不在减免范围" in lines[1]  # what the second line said stays


def test_an_article_reached_through_a_topics_exception_quotes_its_document(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京医院的护士因为工作感染了新冠，工伤待遇有没有什么快速通道？")
    assert reply.topic == "faq:bj_medical_staff_work_injury", reply.text
    assert "文件原文" in reply.text and "急事急办" in reply.text


def test_a_stated_rate_the_table_holds_is_confirmed(planner, lexicon) -> None:
    text = "北京按项目参保的建筑施工企业，2020年下半年工伤保险费率是不是统一按0.8%交？"
    reply = ask(planner, lexicon, text, "ask_contribution_rate")
    assert first_line(reply) == "是，按项目参保的施工企业工伤保险费率为0.8%。", reply.text
    other = ask(planner, lexicon, text.replace("0.8%", "1%"), "ask_contribution_rate")
    assert not first_line(other).startswith("是")  # a rate the table does not hold is not confirmed


def test_a_chosen_base_inside_the_range_is_allowed(planner, lexicon) -> None:
    text = "天津灵活就业自己交养老，能不能直接选最高那个18969当缴费基数？想着以后退休多拿点"
    reply = ask(planner, lexicon, text, "ask_flexible_employment")
    assert first_line(reply) == "可以，所选缴费基数为18969元/月。", reply.text
    outside = ask(
        planner, lexicon, "天津灵活就业自己交养老，能不能选2万当缴费基数", "ask_flexible_employment"
    )
    assert first_line(outside).startswith("不能")


def test_another_amount_for_the_time_named_is_denied(planner, lexicon) -> None:
    # the classifier's amount reading, as Rasa hands it to the planner
    text = "北京失业金第13个月开始是不是还按1870发"
    turn = turn_read_as(lexicon, text, "amount", "ask_unemployment_benefit")
    plan = planner.question("ask_unemployment_benefit", turn, ConversationState())
    assert plan.reply is not None and plan.questionnaire is None  # answered, no questionnaire after it
    assert first_line(plan.reply) == "不是，从第13个月起一律按1816元/月发放。", plan.reply.text
    same = dataclasses.replace(
        turn_of(lexicon, "北京失业金第13个月开始是不是按1816发"),
        asked=[
            {
                "text": "北京失业金第13个月开始是不是按1816发",
                "aspect": "amount",
                "topic": "ask_unemployment_benefit",
            }
        ],
    )
    reply = planner.question("ask_unemployment_benefit", same, ConversationState()).reply
    assert reply is not None and not first_line(reply).startswith("不是")
