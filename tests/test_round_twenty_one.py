"""Round twenty-one: a story told before the question (an uncovered topic in the background while a figure
the documents hold is asked), a payment on a base told read as a general question, the time left of a claim
(还有四个月才到期) that is no contribution record, the document's own words asked for (给我看下原文), a
later question answered by the article the whole message matches, amounts worked out with a count after a
noun (三名女工怀着孕) or a deadline inside the phrase (忘了在7月25日前申报), the month's price subsidy,
the bank deduction agreement of 乌海, and uncovered topics (医保划入个人账户的比例)."""

from __future__ import annotations

import pytest

from bot.answers.computations import Calculator
from bot.calc import lookup
from bot.calc.result import NOT_COVERED
from bot.dialogue.state import ConversationState
from bot.text.roles import CLAIM, CONTRIBUTION, duration_role
from tests.asking import ask, first_line, turn_of, turn_read_as


def _read_as(planner, lexicon, text: str, aspect: str, intent: str):
    return planner.question(intent, turn_read_as(lexicon, text, aspect, intent), ConversationState()).reply


# -- the story told before the question ------------------------------------------------------------------
def test_an_uncovered_topic_in_the_story_leaves_the_figure_asked(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "天津的，去年厂里有人工伤了，工伤待遇听说跟全市职工月平均工资挂钩。2020年公布的月平均工资是多少？",
        "ask_average_wage",
    )
    assert "6323" in reply.text and "津人社局发〔2020〕12号" in reply.text, reply.text
    assert "没有涉及" not in reply.text


@pytest.mark.parametrize(
    "text",
    [
        # the topic in the clause that asks: still not covered, whatever figure the story names
        "天津的，厂里贴出了月平均工资。我的生育津贴是不是就按这个算？",
        "北京的，社平工资我查到了。那退休以后每月养老金能拿多少？",
    ],
)
def test_an_uncovered_topic_asked_about_is_still_not_covered(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, "ask_average_wage")
    assert "没有涉及" in reply.text and "12333" in reply.text, reply.text


def test_the_medical_account_share_is_an_uncovered_topic(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津上班的，医保每月扣的钱有多少打到个人账户里？", "ask_contribution")
    assert "没有涉及" in first_line(reply) and "个人账户" in first_line(reply), reply.text
    assert "12333" in reply.text


def test_a_rate_not_covered_names_each_place_with_its_insurances(store) -> None:
    """北京 has rates of other insurances: "没有北京的…；收录的地区：北京" would contradict itself."""
    result = lookup.rates(store, "beijing", "medical")
    assert result.status == NOT_COVERED
    assert "没有收录北京医疗保险的缴费比例" in result.message, result.message
    assert "长春（养老保险、失业保险）" in result.message


# -- a payment on a base told -----------------------------------------------------------------------------
def test_a_payment_on_a_base_told_is_the_contribution_even_read_as_general(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春的大型企业，职工2020年4月缴费基数是五千，单位那部分养老保险实际交多少钱？",
        "ask_policy_faq",
    )
    assert "400元" in first_line(reply), reply.text  # 5000 × 16% halved for large enterprises


def test_a_base_told_without_a_payment_asked_stays_general(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春职工缴费基数是五千的话，这个基数是怎么定出来的", "ask_policy_faq")
    assert reply is not None and reply.topic.startswith(("faq:", "passage:")), reply.text


# -- the time left of a claim -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "length", "role"),
    [
        ("还有四个月才到期", "四个月", CLAIM),
        ("失业金还剩2个月就领完了", "2个月", CLAIM),
        ("交了4个月才到期", "4个月", CONTRIBUTION),  # the contributing verb decides first
    ],
)
def test_the_time_left_before_a_claim_ends_is_no_record(text, length, role) -> None:
    start = text.index(length)
    assert duration_role(text, start, start + len(length)) == role


def test_the_subsidy_while_drawing_the_benefit_reads_no_record_from_the_time_left(planner, lexicon) -> None:
    reply = _read_as(
        planner,
        lexicon,
        "北京的，我失业金还在领，还有三个月到期，失业补助金能同时领吗",
        "eligibility",
        "ask_unemployment_subsidy",
    )
    assert first_line(reply).startswith("不能"), reply.text
    assert "0.25年" not in reply.text and "您参保" not in reply.text, reply.text


# -- the document's own words asked for -------------------------------------------------------------------
def test_the_words_of_the_document_asked_give_the_passage_alone(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京以个人身份存档的，2020年度基数过了申报期没报，会怎么定？把文件原文发我看看",
    )
    assert reply.text.startswith("文件中与您的问题有关的原文"), reply.text
    assert "京人社保字〔2020〕68号" in reply.text and "上一年度" in reply.text
    assert "110%" not in reply.text  # the employers' rule is not what was asked


# -- a later question answered by the article of the whole message ----------------------------------------
def test_a_later_question_gets_the_article_the_message_matches(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京社保卡补办选了快递，进度打哪个电话能查？补卡这段时间去医院看病怎么办？",
        "ask_phone",
    )
    assert "96102" in reply.text and "领卡证明" in reply.text, reply.text


# -- amounts worked out -------------------------------------------------------------------------------------
def test_a_count_before_a_noun_and_the_pregnancy_word(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津厂子2020年破产，两名女职工正怀着孕，生育保险费要预留多少")
    assert "60394" in first_line(reply), reply.text


def test_a_deadline_inside_the_forgotten_declaration(store, lexicon) -> None:
    turn = turn_of(lexicon, "北京公司忘了在截止日前申报2020年度缴费工资，上月缴费额是两万，缴费工资定多少")
    assert any("22000元" in line for line in Calculator(store).lines(turn))


def test_the_price_subsidy_of_a_month_with_no_months_told(store, lexicon) -> None:
    turn = turn_of(lexicon, "价格临时补贴我们这原来每月五十元，2020年翻倍以后每月多少")
    lines = Calculator(store).lines(turn)
    assert any("每月50元提高到100元" in line for line in lines), lines


# -- the bank deduction agreement of 乌海 -------------------------------------------------------------------
def test_the_bank_deduction_question_gets_wuhais_agreement_article(planner, lexicon) -> None:
    reply = _read_as(
        planner, lexicon, "乌海灵活就业的，社保能不能签个协议让银行代扣", "eligibility", "ask_contribution"
    )
    assert "代扣代缴协议" in reply.text and "乌海政发〔2020〕17号" in reply.text, reply.text
    assert "月工资" not in reply.text


def test_a_catch_up_cost_in_wuhai_is_not_the_deduction_article(planner, lexicon) -> None:
    reply = _read_as(
        planner, lexicon, "乌海的，我要交2020年5月的社保，工资4000交多少", "amount", "ask_contribution"
    )
    assert "代扣代缴协议" not in reply.text, reply.text


@pytest.mark.parametrize("text", ["", "？？？", "原文"])
def test_bad_input_under_these_routes_gets_a_reply(planner, lexicon, text) -> None:
    plan = planner.question("ask_policy_faq", turn_of(lexicon, text), ConversationState())
    assert plan.reply is not None or plan.questionnaire is not None


# -- set_bc: sums over staff, months and the claim; the dates and counts of the story -----------------------
def test_nobody_laid_off_is_no_headcount(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春商场经营困难，1个人都没裁，参保职工20人，假设当地月人均失业保险金1500元，困难企业稳岗返还能拿多少",
        "ask_job_retention",
    )
    assert "180000" in reply.text, reply.text  # 6 × 1500 × 20
    assert "不能多于职工总数" not in reply.text


def test_the_months_of_a_claim_after_the_13th_keep_the_record_told(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "我在北京交了18年失业保险，2019年被公司裁了，从2019年9月开始领失业金。第13个月起每月多少？"
        "第13到第16个月这4个月一共能领多少？",
        "ask_unemployment_benefit",
    )
    assert "7264" in reply.text and "4×1816" in reply.text, reply.text
    assert "0.33年" not in reply.text


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("2019年底从老家来北京打工，2020年5月被辞了，失业补助金每月多少", "2020-05-01"),
        ("2019年月平均工资6800，2020年3月个人养老扣多少", "2020-03-01"),
        ("2019年7月开始领失业金，2020年7月标准调了以后每月多少", "2020-07-01"),
        ("我是2019年12月毕业的，2020年3月正式入职", "2020-03-01"),  # round seventeen's reading stands
    ],
)
def test_dates_of_the_story_are_not_the_date_asked(lexicon, text: str, as_of: str) -> None:
    period = turn_of(lexicon, text).period()
    assert period is not None and period["date_from"] == as_of, period


def test_staff_total_of_the_insurance_named_gives_both_shares(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春一家餐馆，参保10人，2020年1月每人基数5000。失业保险单位每人交多少，10个人一共交多少？",
        "ask_contribution",
    )
    assert "失业保险单位缴费每月一共350元（每人35元）" in reply.text, reply.text


def test_a_later_question_keeps_the_staff_and_average_told_before(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春的大型企业，参保职工100人，2020年3月人均缴费基数5000。养老和失业单位缴费减半后每人交多少？"
        "全公司这个月一共少交多少？",
        "ask_reduction",
    )
    assert "41750元（100人，每人417.5元）" in reply.text, reply.text  # (5000 × 16% + 5000 × 0.7%) halved


def test_a_base_told_for_a_year_without_limits_and_the_months_listed(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春的公司，2019年3月和2019年8月两个月没给员工交单位养老，缴费基数都是4000元，分别补多少？加起来多少？",
        "ask_contribution",
    )
    assert "2019年3月800元" in reply.text and "2019年8月640元" in reply.text and "合计1440元" in reply.text, (
        reply.text
    )
    assert "未核对" in reply.text  # the limits of 2019 are not held: said so


def test_the_price_subsidy_over_months_partly_in_force(store, lexicon) -> None:
    turn = turn_of(lexicon, "2020年领失业金，价格临时补贴原来每月50元，2020年4月到7月这4个月补贴一共多少")
    lines = Calculator(store).lines(turn)
    assert any("3×100+1×50=350元" in line for line in lines), lines


def test_the_subsidy_total_from_the_local_benefit_told(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "外省小城的，失业金领完了，我们这儿失业保险金每月1800元，失业补助金最多领多少，一共多少",
        "ask_unemployment_subsidy",
    )
    assert "1440元" in reply.text and "8640元" in reply.text, reply.text
    assert "北京标准" not in reply.text  # the asker's own benefit is told: Beijing's is no example for them


def test_a_cap_asked_of_the_base_is_answered_yes(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年5月工资3万，个人缴费基数是不是有封顶？", "ask_contribution_base")
    assert first_line(reply).startswith("是，缴费基数有上限"), reply.text
    assert "13835" in first_line(reply)


def test_a_late_fee_set_aside_leaves_the_contribution(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春的小店，2020年1月工资3000，单位养老保险那个月应该交多少？滞纳金先不管",
        "ask_late_fee",
    )
    assert "480元" in reply.text and "滞纳金比例" not in reply.text, reply.text


def test_one_amount_told_twice_is_no_list_of_wages(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春的，2019年月平均工资6000，所以2020年基数就按6000。请分别算一下2020年3月个人养老、个人失业各扣多少",
        "ask_contribution",
    )
    assert "按2人" not in reply.text and "480元" in reply.text, reply.text


def test_an_annuitys_limit_is_not_a_bases(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春的公司 打算给员工搞企业年金 单位缴费有没有上限", "ask_policy_faq")
    assert "没有涉及" in reply.text and "13835" not in reply.text, reply.text


# -- set_bc/bd: spoken years, delays, a rule's month, an employer told, the documents' article after all ----
@pytest.mark.parametrize(
    ("spoken", "written"),
    [("二零年那个补助金", "2020年那个补助金"), ("一九年的工资", "2019年的工资"), ("二〇年3月", "2020年3月")],
)
def test_a_year_said_digit_by_digit_is_a_year(spoken: str, written: str) -> None:
    from bot.text.normalize import normalize

    assert normalize(spoken).text == written


@pytest.mark.parametrize(
    ("said", "read"),
    [("交了二十年", "交了20年"), ("干了二三年", "干了二三年")],  # twenty; two or three
)
def test_lengths_of_time_stay_lengths(said: str, read: str) -> None:
    from bot.text.normalize import normalize

    assert normalize(said).text == read


def test_a_delay_before_claiming_is_no_record(lexicon) -> None:
    turn = turn_of(lexicon, "长春的，2020年1月被解除合同，因为疫情一拖就三个多月没去申领失业金")
    assert turn.years() is None, turn.entities


def test_a_month_a_rule_applies_from_makes_the_job_end_a_fact(lexicon) -> None:
    period = turn_of(lexicon, "北京的，2020年4月被公司裁了，按7月以后的新标准每月领多少").period()
    assert period is not None and period["date_from"] == "2020-07-01", period


def test_an_employer_told_as_a_property_company_asks_about_social_insurance(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "我们是长春的物业公司，员工增减员和缴费工资申报能在网上哪个平台办")
    assert not reply.topic.startswith("out_of_scope"), reply.text
    assert "公共服务平台" in reply.text


def test_the_article_the_documents_answer_a_several_question_message_with(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春的单位，职工下个月退休。退休申报在哪办？他的业务档案最后要移交到哪？")
    assert "档案管理中心" in reply.text and "没有涉及" not in reply.text, reply.text


def test_a_new_employers_registration_in_its_own_words(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春这边公司刚注册完，社会保险登记要另外去办吗")
    assert "营业执照" in reply.text and "30日" in reply.text, reply.text


def test_the_subsidy_wanted_after_the_benefit_ran_out(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京的，失业金早就领完了，现在想申请失业补助金，到哪里申请？",
        "ask_unemployment_benefit",
    )
    assert "失业补助金" in first_line(reply) and "法定退休年龄" not in reply.text, reply.text


@pytest.mark.parametrize(
    ("text", "covered"),
    [("养老保险总共得交够几年，退休了才能按月领钱", False), ("失业保险交满几年能领失业金", True)],
)
def test_the_pensions_minimum_years_in_two_clauses(planner, lexicon, text: str, covered: bool) -> None:
    reply = ask(planner, lexicon, text)
    assert (reply.topic == "not_covered:pension_contribution_years") is not covered, reply.text


def test_a_neighbouring_words_article_leaves_the_other_question_answered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京的单位，住房公积金缴存比例在什么范围？2020年度缴费工资申报最晚哪天")
    assert "12%" in reply.text and "7月25日" in reply.text, reply.text


# -- set_be/bf: words nearest the question, a dismissed neighbour, a heading before the questions ----------
def test_the_topic_word_nearest_the_question_is_what_is_asked(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京 生育保险 产检 报销多少")
    assert reply.topic == "not_covered:maternity" and "没有涉及" in first_line(reply), reply.text


def test_a_pension_rise_asked_across_a_space(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年 退休工人养老金 涨了多少", "ask_unemployment_benefit")
    assert reply.topic == "not_covered:pension_amount", reply.text


def test_a_dismissed_neighbouring_word_leaves_the_uncovered_topic(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "员工下班途中出了交通事故，工伤认定要在多少天内申请")
    assert reply.topic == "not_covered:work_injury_benefits", reply.text


def test_the_medical_account_named_before_its_share(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津职工医疗保险个人账户的划入比例是多少", "ask_contribution_rate")
    assert reply.topic == "not_covered:medical_personal_account", reply.text


@pytest.mark.parametrize(
    "text",
    [
        "您好，我是北京一家公司的人事。员工被裁员，失业保险交了12年，失业登记办了，每月能领多少失业金？",
    ],
)
def test_a_greeting_or_heading_before_the_question_is_background(planner, lexicon, text: str) -> None:
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert "1870" in first_line(reply), reply.text
    assert "没有找到依据" not in reply.text
