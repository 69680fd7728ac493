"""Round seventeen: amounts asked inside longer questions — the one share a question names said first, the
wage told before a later question used by it, what a 2020 reduction saved an employer (also when asked
today, after it ended), a household's residents' medical contributions; another benefit asked after the
first (还有啥能领的) as a question of its own; everyday words for deferral, paying alone and a bill's share
paid back; 上线下线 typed for 上限下限."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.answers.aspects import PROCEDURE, split_questions
from bot.calc.employer import per_ten_thousand
from bot.dialogue.state import ConversationState
from tests.asking import ask, first_line, turn_of

IN_2020 = dt.date(2020, 5, 20)  # a day inside the reductions, for questions that name no date


def test_the_daily_late_fee_rate_in_the_documents_words(planner, lexicon) -> None:
    assert per_ten_thousand(Decimal("0.0005")) == "万分之五"
    reply = ask(planner, lexicon, "天津单位欠了三万养老保险费，晚交十天滞纳金多少", intent="ask_late_fee")
    assert "每日万分之五" in reply.text and "150元" in reply.text, reply.text


def test_a_share_of_a_bill_paid_back_is_not_a_contribution_rate(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春在职的医保住院看病能报百分之几啊", intent="ask_contribution_rate")
    assert "没有涉及" in first_line(reply) and "报销" in first_line(reply), reply.text
    assert "9612333" in reply.text and "%" not in reply.text


def test_the_share_a_question_names_comes_first(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年3月份工资五千二，个人养老每月扣多少", intent="ask_contribution")
    assert first_line(reply) == "基本养老保险个人缴费每月416元。", reply.text
    reply = ask(planner, lexicon, "长春2020年3月份工资五千二，失业保险交多少", intent="ask_contribution")
    assert first_line(reply) == "失业保险单位缴费每月36.4元；失业保险个人缴费每月15.6元。", reply.text
    reply = ask(planner, lexicon, "长春2020年3月份工资五千二，个人每月交多少社保", intent="ask_contribution")
    assert first_line(reply) == "个人每月合计：431.6元。", reply.text


def test_no_share_line_where_the_question_names_none(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年3月份工资五千二，社保交多少", intent="ask_contribution")
    assert first_line(reply).startswith("【长春·每月社保缴费】"), reply.text


def test_the_wage_told_before_holds_for_a_later_question(planner, lexicon) -> None:
    text = "我们在长春，出纳月薪两万，2020年上半年基数按多少核定？他个人养老扣多少"
    reply = ask(planner, lexicon, text, intent="ask_contribution")
    assert "13835" in first_line(reply), reply.text
    later = reply.text.split("关于“他个人养老扣多少”：\n", 1)
    assert len(later) == 2 and later[1].startswith("基本养老保险个人缴费每月1106.8元"), reply.text


@pytest.mark.parametrize(
    ("text", "saving"),
    [
        ("长春的小微企业，8个员工工资都是五千，单位社保免了能省多少", "6680元（8人，每人835元）"),
        ("长春一家大型企业，职工月工资四千，减半那阵子单位每月少交多少", "2020年2月至6月每月少交334元"),
    ],
)
def test_what_a_reduction_saved_when_asked_after_it_ended(planner, lexicon, text: str, saving: str) -> None:
    reply = ask(planner, lexicon, text, intent="ask_reduction")
    assert first_line(reply).startswith("现在已不在阶段性减免期内"), reply.text
    assert saving in first_line(reply), reply.text


def test_what_a_reduction_saves_on_a_date_inside_it(planner, lexicon) -> None:
    text = "长春小微企业，2020年4月有个员工工资五千，单位那块能省多少"
    assert (
        first_line(ask(planner, lexicon, text, intent="ask_reduction"))
        == "按月工资5000元计算，单位每月少交835元。"
    )


def test_the_months_without_rates_are_named_not_priced(planner, lexicon) -> None:
    text = "长春中小企业，员工每人工资四千，单位社保免征的话一个月能省多少"
    line = first_line(ask(planner, lexicon, text, intent="ask_reduction"))
    assert "2020年7月至12月也在减免期内" in line and "无法计算金额" in line, line


@pytest.mark.parametrize(
    "text",
    [
        "长春小微企业，2020年4月单位那块免了多少",  # no wage: the shares, no sum
        "长春小微企业，2020年9月员工工资五千，单位能省多少",  # reduced then, but no rates in the data
        "长春大型企业，2020年8月员工工资五千，单位能省多少",  # nothing reduced on the date asked
    ],
)
def test_no_saving_line_without_what_decides_it(planner, lexicon, text: str) -> None:
    reply = ask(planner, lexicon, text, intent="ask_reduction")
    assert "少交" not in first_line(reply), reply.text


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("我们一家三口交城乡居民医保，2020年三个人一共交多少钱", "3人一共每年840元"),
        ("爸妈加我和老婆4个人都是居民医保，2020年合计要交多少", "4人一共每年1120元"),
    ],
)
def test_a_households_residents_medical_contributions(planner, lexicon, text: str, total: str) -> None:
    reply = ask(planner, lexicon, text)
    assert total in first_line(reply) and "医保发〔2020〕24号" in first_line(reply), reply.text
    assert "各统筹地区可合理确定具体标准" in first_line(reply)


def test_one_persons_residents_medical_contribution_has_no_sum(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "城乡居民医保2020年个人一年交多少")
    assert "一共每年" not in reply.text and "280元" in reply.text, reply.text


def test_another_benefit_asked_after_the_first_is_its_own_question(planner, lexicon) -> None:
    text = "北京的，被裁员了，失业保险交了四年，失业金一个月多少？领完了要是还没上班，还有什么可以领的"
    assert len(split_questions(text)) == 2
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert "1816" in first_line(reply), reply.text
    assert "失业补助金" in reply.text and "1408" in reply.text, reply.text


def test_not_paying_for_now_is_a_deferral(planner, lexicon) -> None:
    text = "我是自己交社保的灵活就业人员，2020年没活干，养老能先停一停吗？停了以后什么时候补"
    reply = ask(planner, lexicon, text, intent="ask_deferral")
    assert first_line(reply).startswith("可以"), reply.text
    assert "2021年底" in reply.text and "灵活就业缴费标准" not in reply.text


def test_paying_alone_asks_the_flexible_rules(planner, lexicon) -> None:
    text = "我在天津打零工，自己交社保，2020年9月养老保险基数在多少之间选"
    reply = ask(planner, lexicon, text, intent="ask_contribution_base")
    assert "3364" in reply.text and "18969" in reply.text, reply.text


def test_limits_typed_with_their_homophone(planner, lexicon) -> None:
    text = "长春2020年上半年社保基数上线下线是多少？个人养老交百分之几"
    assert split_questions(text)[0].aspect != PROCEDURE
    reply = ask(planner, lexicon, text, intent="ask_contribution_rate")
    assert "13835" in reply.text and "2767" in reply.text and "8%" in reply.text, reply.text
    assert split_questions("线下办理要带什么")[0].aspect == PROCEDURE


@pytest.mark.parametrize(
    "text",
    [
        "长春小微企业，0个员工工资都是五千，单位能省多少",
        "长春小微企业，员工工资都是负五千，单位能省多少",
        "长春小微企业，一万个员工工资都是九千九百九十九万，单位能省多少",
        "我们家0个人交居民医保，一共交多少",
        "居民医保一家子99999人一共交多少",
        "个人养老扣多少？？？个人养老扣多少？",
    ],
)
def test_odd_values_never_break_the_new_lines(planner, lexicon, text: str) -> None:
    for intent in ("ask_reduction", "ask_policy_faq", "ask_contribution"):
        reply = ask(planner, lexicon, text, intent=intent)
        assert reply is None or (reply.text.strip() and "Traceback" not in reply.text)


# -- set_aj: the employer's base for all its staff, uncovered topics, channels, retirement, housing fund --
def test_the_employers_base_for_all_its_staff_is_not_capped(planner, lexicon) -> None:
    text = "长春一家大型企业，2020年3月全公司职工的缴费基数加在一起是二十万，单位养老这个月要交多少"
    reply = ask(planner, lexicon, text, intent="ask_contribution_base")
    assert first_line(reply) == "基本养老保险单位缴费每月16000元。", reply.text
    assert "200000元" in reply.text and "核定缴费基数：13835" not in reply.text


def test_what_a_reduction_saves_on_the_employers_base(planner, lexicon) -> None:
    text = "长春小微企业，2020年5月单位职工缴费基数合计八万，养老失业免征的话这个月能省多少"
    reply = ask(planner, lexicon, text, intent="ask_contribution")
    assert first_line(reply) == "按全单位职工缴费基数之和80000元计算，单位每月少交13360元。", reply.text


def test_one_wage_is_still_capped(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年3月我工资两万，单位养老交多少", intent="ask_contribution")
    assert "13835" in reply.text and "2213.6" in reply.text, reply.text


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("退伍军人问一下，部队服役那八年算不算社保的缴费年限", "not_covered:military_service"),
        ("农村老人交城乡居民养老保险，缴费档次一共分几档", "not_covered:resident_pension_tiers"),
    ],
)
def test_uncovered_topics_of_round_seventeen(planner, lexicon, text: str, topic: str) -> None:
    reply = ask(planner, lexicon, text)
    assert reply.topic == topic and "没有涉及" in first_line(reply), reply.text
    assert "12333" in reply.text


def test_enlisting_while_on_the_subsidy_is_covered(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "领失业补助金的时候应征入伍当兵去了，补助金还发不发",
        intent="ask_unemployment_subsidy",
    )
    assert not reply.topic.startswith("not_covered"), reply.text


def test_applying_on_the_phone_is_a_procedure_question(planner, lexicon) -> None:
    text = "在长春，被单位辞退了，领失业金能在手机上申请不？"
    assert split_questions(text)[0].aspect == PROCEDURE
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert reply.topic == "faq:cc_personal_wechat" and "微信公众号" in reply.text, reply.text


def test_the_asking_clause_finds_the_article_not_the_situation(planner, lexicon) -> None:
    text = "北京的，失业金领完了还没找到活，失业补助金在哪儿申请"
    reply = ask(planner, lexicon, text, intent="ask_unemployment_subsidy")
    assert reply.topic == "faq:bj_subsidy_application", reply.text


@pytest.mark.parametrize(
    "question",
    [
        "长春的，失业金领满了也没找着工作，还能领啥",  # answered with the subsidy
        "长春的，失业金领满了也没找着工作，咋办",  # answered with the article on both
    ],
)
def test_retirement_told_after_the_benefit_ran_out_asks_the_benefit(planner, lexicon, question: str) -> None:
    first = planner.question(
        "ask_unemployment_benefit", turn_of(lexicon, question), ConversationState()
    ).reply
    assert first is not None and first.context is not None, first and first.text
    state = ConversationState(last=first.context, last_topic=first.topic)
    reply = planner.value(turn_of(lexicon, "我还有半年就到法定退休年龄了"), state).reply
    assert reply is not None and reply.topic == "ask_unemployment_benefit", reply and reply.text
    assert "距法定退休年龄不足1年的，可继续领取至法定退休年龄" in reply.text, reply.text


def test_the_housing_fund_goes_on_in_the_next_question(planner, lexicon) -> None:
    first = ask(planner, lexicon, "北京的单位，2020年住房公积金缴存比例能定多少")
    assert first.topic == "faq:bj_housing_fund_ratio", first.text
    state = ConversationState(last=first.context, last_topic=first.topic)
    text = "公司今年经营很困难，比例能不能往下调"
    reply = planner.question("ask_contribution_rate", turn_of(lexicon, text), state).reply
    assert reply is not None and reply.topic == "faq:bj_housing_fund_ratio", reply and reply.text
    assert "1%—4%" in reply.text


@pytest.mark.parametrize("amount", ["0", "负十万", "九千九百九十九亿"])
def test_odd_employer_bases_never_break(planner, lexicon, amount: str) -> None:
    text = f"长春大型企业，2020年3月全单位缴费基数合计{amount}元，单位养老交多少，能省多少"
    for intent in ("ask_contribution", "ask_reduction"):
        reply = ask(planner, lexicon, text, intent=intent)
        assert reply is None or (reply.text.strip() and "Traceback" not in reply.text)


def test_the_extensions_own_note_is_said(planner, lexicon) -> None:
    text = "长春的，失业金快领完了，离退休还有八个月，能不能接着领"
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert "续发期间按规定继续为领金人员代缴医疗保险费" in reply.text, reply.text


def test_the_housing_fund_goes_on_after_a_passage_too(planner, lexicon) -> None:
    first = ask(planner, lexicon, "北京单位交住房公积金的比例可以自己定吗")
    assert first.context is not None, first.topic
    state = ConversationState(last=first.context, last_topic=first.topic)
    reply = planner.question("ask_reduction", turn_of(lexicon, "2020年单位困难想少交点行吗"), state).reply
    assert reply is not None and reply.topic == "faq:bj_housing_fund_ratio", reply and reply.text


def test_the_2020_critical_illness_changes_are_covered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年大病保险的支付比例提到多少了", intent="ask_contribution_rate")
    assert reply.topic == "faq:resident_medical_2020" and "60%" in reply.text, reply.text


# -- set_ak: Taiwan's own scheme, the documents' silence as committed, dates of the case, uncovered cities --
def test_taiwans_own_scheme_asked_is_out_of_scope_but_kept_as_a_fact_is_the_changchun_rule(
    planner, lexicon
) -> None:
    asked = ask(planner, lexicon, "我是台湾人在长春上班，台湾那边的劳保该怎么接着交，劳保年金以后怎么领")
    assert asked.topic == "out_of_scope:taiwan_labor_insurance", asked.text
    kept = ask(planner, lexicon, "台湾同事在长春上班，台湾那边的劳保一直保留着，这边的养老保险还用交吗")
    assert kept.topic == "faq:cc_hmt_residents", kept.text


def test_an_amount_the_documents_leave_open_is_worded_as_committed(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年失业金一个月能发多少钱", intent="ask_unemployment_benefit")
    line = first_line(reply)
    assert line.startswith("文件没有规定长春的失业保险金发放标准") and "没有收录" in line, line
    assert "9612333" in line


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("2019年10月在北京入职，2020年6月就被辞退了，失业补助金一个月多少", "2020-06-01"),
        ("我2018年毕业在北京上班，2020年4月自己辞职了，补助金能领几个月", "2020-04-01"),
        ("单位欠了2019年的养老保险费，2020年8月才去补缴，滞纳金多少", "2020-08-01"),
        ("2019年被裁以后一直领失业金，2020年8月领完了，补助金能领几个月", None),
    ],
)
def test_the_date_asked_among_the_dates_of_the_case(lexicon, text: str, as_of: str | None) -> None:
    period = turn_of(lexicon, text).period()
    assert (period["date_from"] if period else None) == as_of, period


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("成都的失业补助金最长能领几个月", "ask_unemployment_subsidy", "6个月"),
        ("宜昌的大型企业2020年单位社保减免到几月份", "ask_reduction", "湖北省"),
        ("东莞的农民工临时生活补助最多能给几个月", "ask_migrant_subsidy", "3个月"),
        ("在广州被辞退了，领失业金要带什么材料", "ask_unemployment_benefit", "社会保障卡"),
    ],
)
def test_a_city_the_data_lacks_gets_the_rules_set_for_every_place(
    planner, lexicon, text: str, intent: str, expected: str
) -> None:
    reply = planner.question(intent, turn_of(lexicon, text), ConversationState()).reply
    line = first_line(reply) if reply is not None else ""
    assert "本地的规定" in line and ("未收录" in line or "没有收录" in line), reply
    assert expected in reply.text, reply.text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("宜昌失业金一个月能领多少", "ask_unemployment_benefit"),
        ("成都2020年社保缴费基数上限多少", "ask_base_limits"),
    ],
)
def test_a_figure_each_place_sets_stays_not_covered(planner, lexicon, text: str, intent: str) -> None:
    reply = planner.question(intent, turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and reply.topic == "not_covered:place", reply and reply.text


def test_the_months_a_reduction_ran_for_a_size_told_with_the_trade(planner, lexicon) -> None:
    text = "长春的大型物流企业，2020年单位缴费减半征收减到几月份"
    line = first_line(ask(planner, lexicon, text, intent="ask_reduction"))
    assert line.startswith("大型企业的阶段性减免：2020年2月至2020年6月底"), line


def test_paying_alone_stopped_in_2020_finds_the_deferral_article(planner, lexicon) -> None:
    text = "我是自由职业，以个人身份交养老，2020年手头紧停交了几个月，最晚什么时候前得补上"
    reply = ask(planner, lexicon, text)
    assert "2021年底" in reply.text and "京人社毕发" not in reply.text, reply.text


@pytest.mark.parametrize(
    ("text", "extension"),
    [
        ("帮我妈问一下，她失业金领完了还没找到活，还能接着领吗", True),
        ("在北京干了5年，上个月自己辞职了，还没找着工作，能领失业金吗", False),
    ],
)
def test_continuing_after_the_benefit_ran_out_gets_the_extension_article(
    planner, lexicon, text: str, extension: bool
) -> None:
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert (reply.topic == "faq:older_unemployed_extension") is extension, reply.text


def test_facts_read_as_a_request_for_the_questionnaire_complete_the_last_question(planner, lexicon) -> None:
    first = ask(planner, lexicon, "2020年毕业的大学生，在北京跑平台接单，算灵活就业，社保有补贴没")
    state = ConversationState(last=first.context, last_topic=first.topic)
    plan = planner.start_questionnaire(turn_of(lexicon, "毕业离校三个月以后开始接的单，头一份活"), state)
    assert plan.questionnaire is None and plan.reply is not None, plan
    assert "3年" in plan.reply.text, plan.reply.text
    asked = planner.start_questionnaire(turn_of(lexicon, "北京，帮我测算一下"), state)
    assert (
        asked.reply is None or asked.reply.topic == "start_questionnaire" or asked.questionnaire is not None
    )


# -- set_al: settling in a city, Taiwan's old-age payment, a year's pay, funeral grants, flexible medical --
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("2020年从北京的大学毕业，想在北京落户，积分要多少分", "out_of_scope:hukou"),
        ("之前在长春上班，现在回台湾了，劳保老年给付怎么申请", "out_of_scope:taiwan_labor_insurance"),
        ("领失业金期间去世了，家属能领的丧葬补助金是多少钱", "not_covered:funeral_grant"),
        ("职工医保看门诊，自己先掏多少钱才开始报销", "not_covered:medical_reimbursement"),
    ],
)
def test_scope_of_round_seventeens_last_set(planner, lexicon, text: str, topic: str) -> None:
    assert ask(planner, lexicon, text).topic == topic


def test_a_flexible_workers_medical_insurance_the_documents_leave_out(planner, lexicon) -> None:
    text = "长春灵活就业，自己交职工医保，2020年5月一个月交多少"
    reply = ask(planner, lexicon, text, intent="ask_flexible_employment")
    assert first_line(reply).startswith("文件没有规定长春市灵活就业人员职工医保的缴费标准"), reply.text
    assert "9612333" in reply.text and "2767" not in reply.text
    tianjin = ask(planner, lexicon, "天津灵活就业2020年8月职工医保基数多少", intent="ask_flexible_employment")
    assert "3364" in tianjin.text, tianjin.text


def test_the_year_of_a_monthly_pay_told_is_no_date_asked(lexicon) -> None:
    period = turn_of(lexicon, "合伙人2019年月薪三万多，2020年8月开始交社保，基数最高按多少").period()
    assert period is not None and period["date_from"] == "2020-08-01", period


def test_an_eligible_verdict_starts_no_other_questionnaire(planner, lexicon) -> None:
    text = (
        "我是北京工地上的农民合同制工人，单位交失业保险我个人不交，干了三年，"
        "2020年9月合同到期没续，一次性生活补助给多少"
    )
    plan = planner.question("ask_migrant_subsidy", turn_of(lexicon, text), ConversationState())
    assert plan.questionnaire is None and plan.reply is not None and "1652" in plan.reply.text, plan


def test_the_employers_base_with_a_reduction_named_asks_what_is_paid(planner, lexicon) -> None:
    text = "长春大型企业，2020年5月单位养老的缴费基数加起来十万，这个月单位实际要交多少？有减免吗"
    reply = ask(planner, lexicon, text, intent="ask_reduction")
    assert first_line(reply) == "基本养老保险单位缴费每月8000元。", reply.text


# -- set_am: a wage before 个人 with the space dropped, the employee's part alone, two routed answers --------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("长春 2020年3月 我工资三千五 个人养老保险要扣多少钱", [("money", "3500")]),
        ("公司10个人交社保一共多少", [("people", "10")]),
        ("厂里1200个人，每人工资四千", [("people", "1200"), ("money", "4000")]),
    ],
)
def test_a_wage_before_the_individuals_share_is_no_headcount(lexicon, text: str, expected) -> None:
    found = [(e["entity"], str(e["value"])) for e in turn_of(lexicon, text).entities]
    assert [f for f in found if f[0] in ("money", "people")] == expected, found


def test_the_employees_part_alone_when_only_it_is_asked(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年4月工资四千五，失业保险个人扣多少", intent="ask_contribution")
    assert first_line(reply) == "失业保险个人缴费每月13.5元。", reply.text
    assert "31.5" not in reply.text and "单位" not in reply.text.split("依据")[0], reply.text
    both = ask(planner, lexicon, "长春2020年4月工资四千五，单位和个人各交多少", intent="ask_contribution")
    assert "31.5" in both.text and "13.5" in both.text, both.text


def test_the_end_of_changchuns_rate_cut_is_its_articles(planner, lexicon) -> None:
    text = "长春失业保险那个加起来百分之一的降费率延续到哪天"
    reply = ask(planner, lexicon, text, intent="ask_contribution_rate")
    assert "2021年4月30日" in first_line(reply), reply.text


def test_paying_januarys_contributions_in_march_in_beijing_is_allowed(planner, lexicon) -> None:
    text = "北京公司2020年1月2月的社保能不能等到3月份再交"
    assert first_line(ask(planner, lexicon, text, intent="ask_late_fee")).startswith("可以"), text


@pytest.mark.parametrize("wage", [-5000, 0, "五千", None, 10**15])
def test_the_employee_only_steps_take_bad_wages_politely(store, wage) -> None:
    from bot.calc import contribution

    result = contribution.monthly_contributions(
        store, "changchun", wage, None, dt.date(2020, 4, 1), employee_only=True
    )
    assert result.status == "invalid" and result.message and not result.steps, result
