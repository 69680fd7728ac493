"""Round eighteen: a second question about a topic the documents do not cover is answered on its own (the
first is not dropped); the topic asked, not the one told, decides whether a passage answers; new uncovered
topics and neighbouring domains; a place named after a "not covered" reply; 头一年 / 第二年 read as which year
of a claim, not a record; the asker's own share (我自己那份); districts naming their city; the extension to
retirement decided by the place's rule with the time left; 还有别的能领吗 as the subsidy; the year of arrears
told is not the date asked; Tianjin's registration, exit filing and layoff report as articles of their own."""

from __future__ import annotations

import dataclasses

import pytest

from actions.questionnaires import slot_values
from bot.answers.aspects import split_questions
from bot.answers.scope import out_of_scope_topic
from bot.dialogue.state import ConversationState
from tests.asking import ask, first_line, turn_of


# -- a second question on an uncovered topic ----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "天津社保基数最低是多少？顺带问一句女职工多大岁数退休",
        "北京交了三年失业险被辞退了，每个月能领多少失业金？另外生育津贴是咋算的",
        "北京失业金一个月多少，另外生育津贴咋算",
    ],
)
def test_a_later_question_on_an_uncovered_topic_is_a_question_of_its_own(text) -> None:
    assert len(split_questions(text)) == 2


def test_one_question_that_mentions_a_pension_stays_one() -> None:
    text = "我是开小卖部的个体户，养老保险最少要交满多少年，到退休以后才能按月领养老金？"
    assert len(split_questions(text)) == 1


def test_both_questions_are_answered_when_the_second_is_not_covered(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "天津社保基数最低是多少？顺带问一句女职工多大岁数退休", intent="ask_base_limits"
    )
    assert "3364" in reply.text and "没有涉及" in reply.text and "12333" in reply.text, reply.text
    reply = ask(
        planner,
        lexicon,
        "北京交了三年失业险被辞退了，每个月能领多少失业金？另外生育津贴是咋算的",
        intent="ask_unemployment_benefit",
    )
    assert "1816" in reply.text and "生育" in reply.text and "没有涉及" in reply.text, reply.text


# -- the topic asked, not the one told, decides a passage ---------------------------------------------
def test_an_allowance_asked_is_not_answered_by_a_passage_on_the_insurance_told(planner, lexicon) -> None:
    text = (
        "天津的，我老婆下个月预产期，她单位给交着生育保险。生育津贴是单位去申请还是个人去？大概能领多少天的"
    )
    reply = ask(planner, lexicon, text, intent="out_of_scope")
    assert first_line(reply).startswith("我收录的2020年政策文件没有涉及"), reply.text
    assert "3364" not in reply.text and "12333" in reply.text


# -- new uncovered topics and neighbouring domains ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("社保卡的密码输错三次锁了，去药店买药刷不了。这个在哪解锁、重置密码？", "social_security_card"),
        ("深圳那边的养老保险怎么转过来？", "transfer"),
        ("到时候退休是在哪个地方办、在哪领钱？", "retirement"),
        ("农村老人交的城乡居民养老，到了六十岁以后每月能领多少钱", "pension_amount"),
        ("听说营业执照每年要年报，不报会被列进经营异常名录，年报在哪报", "market_regulation"),
        ("开个卤味店除了营业执照还要办食品经营许可证吧？要去哪办", "market_regulation"),
        ("网上买的电饭锅坏了，商家不给退也不给换，打哪个电话投诉", "consumer_complaints"),
    ],
)
def test_new_topics_are_recognised(text, topic) -> None:
    found = out_of_scope_topic(text)
    assert found is not None and found.id == topic, found


def test_a_covered_question_naming_a_licence_is_not_market_regulation() -> None:
    assert out_of_scope_topic("企业取得营业执照后还要去社保登记吗") is None


def test_an_employer_that_is_a_property_company_asks_a_social_insurance_question(planner, lexicon) -> None:
    text = "我是长春一家物业公司新来的会计，社保这摊活归我了。换经办人得走啥手续，要填什么表、去哪个窗口办？"
    reply = ask(planner, lexicon, text, intent="ask_policy_faq")
    assert "信息变更申报表" in reply.text and "30日" in reply.text, reply.text
    assert "失业补助金" not in reply.text  # the form and window the article names answer the second clause


def test_a_licence_question_is_out_of_scope_without_figures(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "开五金店的个体户，营业执照年报在哪报，截止到几月份", intent="ask_policy_faq"
    )
    assert "不属于社保" in first_line(reply), reply.text


# -- a place named after "not covered" ----------------------------------------------------------------
def test_a_place_after_an_uncovered_topic_gives_that_places_line(planner, lexicon) -> None:
    first = ask(planner, lexicon, "以后退休了养老金能拿多少，是怎么算出来的", intent="ask_policy_faq")
    assert first.topic.startswith("not_covered:"), first.topic
    state = ConversationState(last=first.context, last_topic=first.topic)
    reply = planner.value(turn_of(lexicon, "我是在长春交的"), state).reply
    assert reply is not None and "没有涉及" in first_line(reply) and "9612333" in reply.text, reply


# -- which year of a claim ---------------------------------------------------------------------------
def test_the_first_year_of_a_claim_is_no_record(lexicon) -> None:
    turn = turn_of(lexicon, "失业保险交了十二年多，头一年每个月能领多少")
    assert turn.years() == 12
    assert "duration" not in turn_of(lexicon, "头一年每个月能领多少").changed_kinds()


def test_the_second_year_asked_after_the_first_gets_the_thirteenth_months_amount(planner, lexicon) -> None:
    text = "北京失业金，我缴了6年，2020年11月开始领，头一年每个月多少？第二年开始又是多少？"
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    first, _, second = reply.text.partition("第2年开始又是多少")
    assert "1843" in first and "1816元/月" in second and "1870" not in reply.text, reply.text


# -- the asker's own share ----------------------------------------------------------------------------
def test_my_own_share_is_the_employees(planner, lexicon) -> None:
    text = "我在长春一个饭店上班，2020年3月那会儿工资三千五，我自己那份养老保险一个月扣多少钱啊"
    reply = ask(planner, lexicon, text, intent="ask_contribution")
    assert first_line(reply) == "基本养老保险个人缴费每月280元。", reply.text
    assert "560" not in reply.text


# -- districts ---------------------------------------------------------------------------------------
def test_a_changchun_district_names_the_city(lexicon) -> None:
    assert turn_of(lexicon, "我是南关区的，问的是2020年上半年那阵").region == "changchun"
    assert turn_of(lexicon, "老公在一汽那边做技术，个人养老扣多少").region == "changchun"


def test_a_district_two_cities_have_names_none(lexicon) -> None:
    assert turn_of(lexicon, "我在朝阳区上班，社保最低交多少").region is None


def test_a_district_named_in_the_first_question_holds_for_the_second(planner, lexicon) -> None:
    text = "二道区社保分局电话多少？顺便问一句，2020年1到6月工资低于下限的按多少钱核定"
    reply = ask(planner, lexicon, text, intent="ask_phone")
    assert "88689285" in reply.text and "2767" in reply.text, reply.text


# -- the extension to retirement --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("我在上海，离法定退休还差一年半，能一直领到退休吗", "可以"),
        ("我在长春，离法定退休年龄还有一年半，能续发吗", "不能"),
    ],
)
def test_the_extension_is_decided_by_the_places_rule(planner, lexicon, text, starts) -> None:
    reply = planner.fallback(turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and first_line(reply).startswith(starts), reply


def test_eight_months_to_retirement_after_the_benefit_ran_out_gets_yes(planner, lexicon) -> None:
    text = "俺爸在长春，失业金2020年10月就领到头了，他离退休也就还差八个月，失业金还能接着给发吗"
    assert turn_of(lexicon, text).years_to_retirement() == pytest.approx(8 / 12)
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert first_line(reply).startswith("可以"), reply.text


# -- another benefit ---------------------------------------------------------------------------------
def test_something_else_to_receive_after_quitting_is_the_subsidy(planner, lexicon) -> None:
    text = "北京的，2020年8月我自己提的离职，社保交了两年多，听说主动辞职领不了失业金，那还有别的能领吗？"
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert first_line(reply).startswith("可以") and "失业补助金" in reply.text and "1408" in reply.text


def test_a_migrant_worker_told_earlier_asks_about_the_allowances(planner, lexicon) -> None:
    first = planner.value(
        turn_of(lexicon, "我是农民工，在北京一个工地干活，2019年10月才开始交社保"), ConversationState()
    ).reply
    state = ConversationState(last=first.context, last_topic=first.topic)
    second = planner.question(
        "ask_unemployment_benefit",
        turn_of(lexicon, "2020年6月工地停工我就失业了，社保加起来还不到一年"),
        state,
    ).reply
    state = ConversationState(last=second.context, last_topic=second.topic)
    # (the place named earlier is the tracker's city slot in a conversation)
    turn = dataclasses.replace(
        turn_of(lexicon, "像我这样能领什么补助？一个月多少，能领几个月"), city="beijing"
    )
    reply = planner.question("ask_migrant_subsidy", turn, state).reply
    assert "临时生活补助" in reply.text and "880" in reply.text and "3个月" in reply.text, reply.text


# -- the year of arrears told ------------------------------------------------------------------------
def test_the_year_of_arrears_told_is_not_the_date_asked(planner, lexicon) -> None:
    text = "天津的公司，欠了一万块养老保险费（2019年的），晚交了30天，滞纳金要多少？"
    assert turn_of(lexicon, text).period() is None
    reply = ask(planner, lexicon, text, intent="ask_late_fee")
    assert "150元" in reply.text and "没有收录2019年" not in reply.text, reply.text


# -- a city named twice -------------------------------------------------------------------------------
def test_a_city_named_twice_gets_its_provinces_rule(planner, lexicon) -> None:
    text = (
        "武汉的集团公司，本部是大型企业，2020年三项社保的单位部分是减半还是全免、执行到几月？"
        "下面还有个小微企业的子公司，也在武汉，它的免征又到什么时候"
    )
    reply = ask(planner, lexicon, text, intent="ask_reduction")
    assert "湖北" in reply.text and "免征" in reply.text and "暂未收录“武汉”" not in reply.text, reply.text


# -- Tianjin's articles ------------------------------------------------------------------------------
def test_the_exit_filing_gets_its_own_time_only(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "天津这边公司跟员工解除合同以后，退工备案得几天内弄完", intent="ask_policy_faq"
    )
    assert reply.topic == "faq:tj_exit_filing" and "15日内" in first_line(reply), reply.text
    assert "30日内" not in reply.text


# -- bad input ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["", "？？？", "头头头一年", "欠欠欠", "南关" * 200, "<script>第二年</script>"]
)
def test_odd_messages_get_a_reply_and_no_error(planner, lexicon, text) -> None:
    turn = turn_of(lexicon, text)
    assert isinstance(turn.changed_kinds(), set) and turn.period() is None
    assert turn.region in (None, "changchun")
    plan = planner.fallback(turn, ConversationState(), empty=not text.strip())
    assert plan.reply is not None and plan.reply.text.strip()


class _Tracker:
    def __init__(self, slots):
        self.slots = slots

    def get_slot(self, name):
        return self.slots.get(name)


def test_an_answer_not_understood_is_no_value_for_the_rules() -> None:
    marker = {"__invalid__": "2020年2月到5月一直亏，工人只发生活费", "error": "请从以下选项中选择"}
    values = slot_values(_Tracker({"q_enterprise_type": marker, "q_city": "changchun"}))
    assert values["q_enterprise_type"] is None and values["q_city"] == "changchun"


def test_dataclass_replace_keeps_a_turns_region(lexicon) -> None:
    turn = turn_of(lexicon, "我是南关区的")
    assert dataclasses.replace(turn, text=turn.text).region == "changchun"


# -- one limit asked: it comes first ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("天津社保基数最低是多少", "缴费基数下限：3364元/月。"),
        ("天津2020年7月以后社保基数封顶多少", "缴费基数上限：18969元/月。"),
    ],
)
def test_the_one_limit_asked_comes_first(planner, lexicon, text, first) -> None:
    reply = ask(planner, lexicon, text, intent="ask_base_limits")
    assert first_line(reply) == first, reply.text


def test_both_limits_asked_keep_the_table_first(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津社保基数上下限是多少", intent="ask_base_limits")
    assert first_line(reply).startswith("【天津·缴费基数上下限】"), reply.text


@pytest.mark.parametrize("text", ["最低最高最低", "封顶" * 300, "<b>下限</b>？？"])
def test_limit_words_without_a_place_ask_for_the_city(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, intent="ask_base_limits")
    assert reply is not None and "城市" in reply.text and "元/月" not in first_line(reply), reply.text
