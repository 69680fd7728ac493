"""Round twenty-two: a contribution record told as "N多年" (二十多年: at least twenty years, fewer than
thirty), read as its lower bound unless the range reaches into the next bracket of the monthly amount."""

from __future__ import annotations

import pytest

from bot.dialogue.state import ConversationState
from bot.text.normalize import normalize
from tests.asking import ask, first_line, turn_of


# -- a record told as "N多年" ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "normalised"),
    [("交了二十多年", "交了20多年"), ("干了十多年", "干了10多年"), ("很多年了", "很多年了")],
)
def test_a_record_of_n_odd_years_is_written_in_digits(text, normalised) -> None:
    assert normalize(text).text == normalised


def test_twenty_odd_years_reads_as_the_top_bracket(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京的 失业保险我交了二十多年了 被裁了 一个月能领多少失业金",
        "ask_unemployment_benefit",
    )
    assert "1925" in first_line(reply), reply.text
    assert "满20年以上" in reply.text


def test_ten_odd_years_straddles_two_brackets(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京的，失业保险交了十多年，被公司辞退了，每月能领多少", "ask_unemployment_benefit"
    )
    assert "跨了不同档次" in first_line(reply) and "满10年" in first_line(reply), reply.text
    assert "1870" in reply.text and "1897" in reply.text  # both brackets the range reaches


def test_n_odd_years_is_still_a_record_for_a_threshold(lexicon) -> None:
    turn = turn_of(lexicon, "长春的，失业保险交了十多年，能领失业金吗")
    assert turn.years() == 10 and turn.years_below() == 20


def test_years_ago_is_no_record(lexicon) -> None:
    turn = turn_of(lexicon, "十多年前就参保了，现在能领失业金吗")
    assert turn.years() is None


# -- a difference or a total of two figures ----------------------------------------------------------------
def test_the_difference_of_two_places_lower_limits(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年天津和长春的社保缴费基数下限差多少", "ask_base_limits")
    assert first_line(reply) == "两者相差597元/月（天津3364元/月，长春2767元/月）。", reply.text


def test_the_difference_of_two_figures_of_one_answer(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2020年缴费基数上限和下限差多少", "ask_base_limits")
    assert first_line(reply) == "两者相差15605元/月（上限18969元/月，下限3364元/月）。", reply.text


def test_no_difference_line_when_none_is_asked(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年天津和长春的社保缴费基数下限分别是多少", "ask_base_limits")
    assert "相差" not in reply.text and "3364" in reply.text and "2767" in reply.text, reply.text


def test_the_difference_of_two_brackets(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京失业金满5年和满20年的一个月差多少钱", "ask_unemployment_benefit")
    assert first_line(reply) == "缴费5年按1843元/月，缴费20年按1925元/月，每月相差82元。", reply.text
    assert "京人社发〔2020〕8号" in reply.text


def test_two_peoples_benefits_added(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "我和我老婆都在北京被裁了，我失业保险交了3年，她交了12年，我们俩一个月一共能领多少失业金",
        "ask_unemployment_benefit",
    )
    assert "每月合计3686元" in first_line(reply), reply.text
    assert "1816" in first_line(reply) and "1870" in first_line(reply)


def test_one_record_below_a_year_gets_no_sum(planner, lexicon) -> None:
    """交了8个月: that record has no benefit; no total is made of it."""
    reply = ask(
        planner,
        lexicon,
        "北京的，我交了8个月失业保险，我老公交了6年，俩人一共能领多少失业金",
        "ask_unemployment_benefit",
    )
    assert "合计" not in first_line(reply), reply.text


@pytest.mark.parametrize("text", ["差多少", "两个差了多少钱", "上限比下限高多少"])
def test_difference_words(text) -> None:
    from bot.answers.differences import difference_asked

    assert difference_asked(text)


def test_bad_input_gets_no_difference_line(planner, lexicon) -> None:
    for text in ["差多少", "相差？？？", "满满满差多少"]:
        reply = ask(planner, lexicon, text, "ask_base_limits")
        assert reply is None or "相差" not in reply.text.splitlines()[0]


def test_a_difference_asked_after_the_figures_of_two_places(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "老板让我比一下天津和上海两地的用人成本：2020年7月以后，两地社保缴费基数的下限分别是多少，差多少钱一个月？",
        "ask_base_limits",
    )
    assert first_line(reply) == "两者相差1563元/月（天津3364元/月，上海4927元/月）。", reply.text
    assert "tianjin" not in reply.text and "shanghai" not in reply.text


def test_the_annual_wage_named_is_the_figure_subtracted(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "2019年上海和天津的职工年平均工资各是多少，两地相差多少？", "ask_average_wage"
    )
    assert first_line(reply) == "两者相差39086元/年（上海114962元/年，天津75876元/年）。", reply.text


# -- amounts over several people -------------------------------------------------------------------------
def test_two_groups_counted_after_their_words_are_added(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "我们是中央驻津单位，在职的3个人、退休的2个人参加公务员医疗补助，按2020年7月起的筹资标准一年合计要交多少？",
        "ask_contribution",
    )
    assert first_line(reply) == "两项合计8359元（2061元+6298元）。", reply.text
    assert "280" not in reply.text  # the residents' scheme is another scheme


def test_a_households_rise_of_the_residents_contribution(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "居民医保2020年个人缴费比上一年涨了多少？我家3口人一年一共要多交多少")
    assert "3人一共每年多交90元" in reply.text and "30元" in reply.text, reply.text


def test_two_migrant_workers_one_time_allowance(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "hr这边有两个农民合同制工人合同到期不续签了，北京的，2020年8月离职，一次性生活补助费两个人合计多少钱",
        "ask_migrant_subsidy",
    )
    assert "2人共3304元" in first_line(reply), reply.text


def test_the_allowance_it_replaced_is_named(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京农民合同制工人的一次性生活补助费，2020年7月调整以后比调整前多了多少钱？",
        "ask_migrant_subsidy",
    )
    assert first_line(reply).startswith("该标准由1542元调整到1652元（增加110元）"), reply.text
    # the standard it replaced only when the change is asked (1542 is no figure to pay now)
    plain = ask(planner, lexicon, "北京农民合同制工人的一次性生活补助费按多少钱发", "ask_migrant_subsidy")
    assert "1652" in plain.text and "1542" not in plain.text, plain.text


def test_each_ones_wage_told_in_turn_is_added_up(planner, lexicon) -> None:
    """老会计请产假了 is the story (no maternity question); 一个工资3k，一个5.2k is a list of two wages."""
    reply = ask(
        planner,
        lexicon,
        "我是长春一家装修公司的出纳，老会计请产假了，这个月工资表得我自己做。2020年4月，办公室两个文员一个工资3k，"
        "一个5.2k，都没超上下限，她俩个人养老保险加一块每个月一共扣多少钱？我怕算错了被老板骂",
        "ask_contribution",
    )
    assert "基本养老保险个人缴费一共656元（240+416）" in first_line(reply), reply.text


def test_together_is_no_yuan() -> None:
    assert normalize("两个人加一块多少").text == "2个人加一块多少"
    assert normalize("放在一块儿算").text == "放在一块儿算"
    assert normalize("一块钱").text == "1块钱"


def test_a_claims_total_is_not_counted_from_an_earlier_questions_month(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京的失业人员，累计缴费16年，2020年9月起领失业金。前12个月每月多少？第13到第18个月每月多少？这18个月加起来一共多少？",
        "ask_unemployment_benefit",
    )
    assert "33660元（12×1897+6×1816）" in reply.text, reply.text


# -- yes or no -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "intent", "first"),
    [
        # 是不是… answered in its own form (不是), then the rule's 不需要
        (
            "在北京，领失业补助金之前是不是必须先去办失业登记啊？",
            "ask_unemployment_subsidy",
            "不是，不需要。",
        ),
        # 领过几个月，… / 试了几天工 tell what happened; the question is the last clause
        (
            "在北京2020年7月开始领过几个月失业补助金，中间去一家公司试了几天工又没干成，12月份还能再申请一次失业补助金吗",
            "ask_unemployment_subsidy",
            "不能",
        ),
        # 失业险是厂里交的我个人没出钱: the employer paid, the worker did not
        (
            "我是农民工，在厂里干了一年半，失业险是厂里交的我个人没出钱，现在厂子不要我了，能领啥一次性的补助不",
            "ask_migrant_subsidy",
            "可以",
        ),
    ],
)
def test_yes_or_no_first(planner, lexicon, text, intent, first) -> None:
    reply = ask(planner, lexicon, text, intent)
    assert first_line(reply).startswith(first), reply.text


def test_the_subsidys_conditions_in_the_documents_words(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "国家2020年出的那个失业补助金，到底啥样的人能领？", "ask_unemployment_subsidy"
    )
    assert "期满仍未就业" in reply.text and "不符合领取失业保险金条件" in reply.text, reply.text


# -- neighbouring domains --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("上海居转户要几年？听说社保要交满好多个月，具体啥条件", "hukou"),
        ("个体户营业执照的年报忘了报，会不会罚款？在哪补报", "market_regulation"),
    ],
)
def test_neighbouring_domains(planner, lexicon, text, topic) -> None:
    reply = ask(planner, lexicon, text)
    assert reply.topic == f"out_of_scope:{topic}" and "不属于社保" in reply.text, reply.text


def test_a_revoked_employer_gets_no_other_business(planner, lexicon) -> None:
    """长春: after a licence is revoked only arrears and removals are handled — retirement is not asked about
    as a topic of its own here (the documents answer the employer's question)."""
    reply = ask(
        planner, lexicon, "長春的公司營業執照被吊銷了，還有個老員工到年紀了，社保局還能給他辦退休申報嗎？"
    )
    assert first_line(reply).startswith("不能") and "不予受理其他业务" in first_line(reply), reply.text
    removal = ask(planner, lexicon, "长春公司执照吊销了，还能给员工办减员吗")
    assert first_line(removal).startswith("可以"), removal.text


def test_the_lowest_base_asked_in_other_words_before_a_second_question(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "长春2020年上半年社保最低缴费基数多少？工资低的也按这个交吗", "ask_base_limits"
    )
    assert first_line(reply) == "缴费基数下限：2767元/月。", reply.text


def test_a_general_question_restated_with_the_facts_is_one_question(planner, lexicon) -> None:
    """老板要我写清楚去年…省了多少钱 asks in general what the next sentence asks with the facts; 去年 beside a
    written 2020年 is not 2025."""
    reply = ask(
        planner,
        lexicon,
        "年底做总结，老板非要我写清楚去年社保政策给公司省了多少钱。我们是长春一家小微企业，12个人，"
        "单位缴费基数合计4.8万/月。2020年2月到6月单位的养老和失业是免征的，这5个月单位一共省了多少钱？",
        "ask_reduction",
    )
    assert "单位一共少交40080元" in first_line(reply), reply.text
    assert "2025" not in reply.text


def test_a_saving_asked_in_a_contributions_words_is_the_reductions(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春，2020年3月，我们属于大型企业，有个员工按2767的下限交，单位的养老和失业都是减半，这一个人单位部分一个月省了多少钱",
        "ask_contribution",
    )
    assert reply.topic == "ask_reduction" and "少交" in first_line(reply), reply.text


def test_two_peoples_benefits_start_no_questionnaire(planner, lexicon) -> None:
    plan = planner.question(
        "ask_unemployment_benefit",
        turn_of(
            lexicon, "我跟我老公都在北京失业了 2020年9月 他交了22年 我交了3年 俩人失业金一个月加起来多少"
        ),
        ConversationState(),
    )
    assert plan.questionnaire is None and plan.reply is not None
    assert (
        first_line(plan.reply)
        == "缴费22年按1925元/月，缴费3年按1816元/月，每月合计3741元（各自须符合领取条件）。"
    )
    assert "1843" not in plan.reply.text  # the two brackets asked, not the whole table


def test_a_rise_told_in_the_story_leaves_the_total_asked(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "我们一家五口都参加的城乡居民医保，村里说今年又涨了。2020年居民医保个人缴费标准是每人每年多少？我们一家五口一年一共要交多少？",
    )
    assert "5人一共每年1400元" in reply.text, reply.text


# -- a questionnaire started from a value ----------------------------------------------------------------
def test_a_questionnaire_started_after_a_value_runs_at_once() -> None:
    """帮我算一个 read as inform: the rules start forms after question intents only, so the form is named as
    the next action (its first question follows the intro)."""
    from rasa_sdk.events import FollowupAction

    from actions.conversation import form_to_run
    from bot.dialogue import slots as S

    started = [{"event": "slot", "name": S.START_FORM, "value": "contribution_form"}]
    assert form_to_run(started) == [FollowupAction("contribution_form")]
    assert form_to_run([{"event": "slot", "name": S.START_FORM, "value": None}]) == []
    assert form_to_run([]) == []


def test_the_difference_of_two_years_rates_on_a_base_told(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春企业养老单位费率，2019年1到4月跟2020年上半年好像不一样吧？缴费基数6000的话单位部分每月差多少",
        "ask_contribution_rate",
    )
    assert first_line(reply) == (
        "两者相差4个百分点（2019年20%，2020年16%）；按缴费基数6000元计算，每月相差240元。"
    ), reply.text


def test_equal_figures_are_said_to_be_the_same(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春养老单位缴费比例2019年和2020年差多少", "ask_contribution_rate")
    assert first_line(reply) == "两者相同（2019年16%，2020年16%）。", reply.text


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "我在北京上班，税前一个月9000。想知道2019年北京平均工资一个月是多少，我比平均水平低多少钱？",
            "您说的9000元/月比2019年度月平均工资11715元/月低2715元/月。",
        ),
        (
            "天津的，我2019年一整年挣了6万。天津2019年职工年平均工资是多少？我离平均还差多少钱",
            "您说的60000元/年比2019年度平均工资75876元/年低15876元/年。",
        ),
    ],
)
def test_the_askers_own_amount_against_the_figure(planner, lexicon, text, line) -> None:
    reply = ask(planner, lexicon, text, "ask_average_wage")
    assert first_line(reply) == line, reply.text


def test_the_highest_and_lowest_are_the_limits(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "在天津做自由职业，没雇人。2020年下半年交养老，基数可以自己选是吧？最高档和最低档的基数差多少钱？",
        "ask_flexible_employment",
    )
    assert "两者相差15605元/月（上限18969元/月，下限3364元/月）" in reply.text, reply.text


def test_the_first_months_of_a_claim_added_up(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "我在北京累计交了22年失业保险，单位倒闭了，2020年9月开始领失业金。前三个月加起来一共能拿多少钱？",
        "ask_unemployment_benefit",
    )
    assert "领3个月一共5775元（3×1925）" in first_line(reply), reply.text


def test_a_span_of_months_added_up(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春上班的，2020年上半年我的缴费基数是5000。1到6月这半年，我个人一共被扣了多少养老和失业？",
        "ask_contribution",
    )
    assert (
        first_line(reply) == "按缴费基数5000元计算，2020年1月至6月共6个月，个人缴费每月415元，合计2490元。"
    ), reply.text


def test_a_payment_on_the_lower_limit_told_in_words(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春的，2020年1月，有个员工工资很低，缴费基数就按下限走。单位加个人的养老、失业，这个月一共要交多少？",
        "ask_base_limits",
    )
    assert "单位和个人每月一共缴纳691.75元" in reply.text, reply.text


def test_a_place_denied_in_a_later_question_is_asked_of_by_none(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "想问下失业补助金这个政策 标准最高是失业保险金的百分之多少 能领几个月 我不在北京 就说国家的规定就行",
        "ask_unemployment_subsidy",
    )
    assert "北京" not in first_line(reply) and "80%" in reply.text, reply.text


def test_a_rate_after_a_silent_answer_gets_no_other_insurances_rate(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春灵活就业的，想问医疗保险每个月要交多少钱？费率是多少",
        "ask_flexible_employment",
    )
    assert "文件没有规定" in first_line(reply) and "%" not in reply.text, reply.text


def test_a_procedure_after_a_silent_answer_is_still_answered(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春这边申领失业金一般得在多少天内去办？俺是因为疫情被隔离耽误了，超时了咋整",
        "ask_unemployment_benefit",
    )
    assert "60日" in reply.text, reply.text
