"""Round fifteen (set_ae and a citizen's two questions): another benefit asked after a refusal, months told
without a year, dates that tell a record rather than the date asked, head counts told roughly, the line to
call when the data has no amount, follow-ups after a rate answer and after a questionnaire's verdict."""

from __future__ import annotations

import pytest

from bot.answers.turn import Turn
from bot.dialogue.state import ConversationState, LastAnswer
from bot.text.normalize import normalize
from tests.asking import ask, first_line, turn_of, turn_read_as


def _played(planner, lexicon, turns: list[tuple[str, str]]):
    """(intent or "inform", text) turns in one conversation, bare values answered as the NLU's inform."""
    state, plan = ConversationState(), None
    for intent, text in turns:
        turn = turn_of(lexicon, text)
        plan = planner.value(turn, state) if intent == "inform" else planner.question(intent, turn, state)
        reply = plan.reply
        if reply is not None:
            state = ConversationState(pending=reply.pending, last=reply.context or state.last)
    return plan


# -- the subsidy for someone the benefit refuses ------------------------------------------------------------
def test_a_voluntary_leaver_refused_the_benefit_hears_of_the_subsidy_with_its_open_condition(
    planner, lexicon
) -> None:
    reply = ask(planner, lexicon, "北京干了三年，自己辞的职，失业金能领吗？", "ask_unemployment_benefit")
    assert reply is not None
    assert first_line(reply).startswith("不能")
    assert "如果还满足目前仍处于失业状态" in reply.text and "失业补助金" in reply.text
    assert "1408" in reply.text and "京人社发〔2020〕8号" in reply.text


def test_still_unemployed_told_makes_the_subsidy_line_a_plain_yes(planner, lexicon) -> None:
    text = "北京干了三年，自己辞的职，现在还没找到工作，失业金能领吗？"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None
    assert "符合失业补助金的条件" in reply.text and "如果还满足" not in reply.text


def test_a_laid_off_worker_hears_no_subsidy_line(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京交了三年，被公司辞退了，失业金能领吗", "ask_unemployment_benefit")
    assert reply is not None
    assert "失业补助金" not in reply.text


def test_if_not_what_else_in_the_same_message_is_answered_by_the_subsidy(planner, lexicon) -> None:
    text = "北京干了三年，自己辞的职，失业金能领吗？要是不能，还有别的补助没？"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    assert reply is not None
    assert first_line(reply).startswith("不能")
    second = reply.text.split("关于", 1)[1]
    assert "【北京·失业补助金】" in second and "1408" in second


def test_what_else_asked_next_keeps_the_facts_told_before(planner, lexicon) -> None:
    plan = _played(
        planner,
        lexicon,
        [
            ("ask_unemployment_benefit", "北京干了三年，自己辞的职，失业金能领吗"),
            ("ask_unemployment_subsidy", "那还有别的补助没"),
        ],
    )
    assert plan is not None and plan.reply is not None
    assert "【北京·失业补助金】" in plan.reply.text
    assert "因本人原因离职" in plan.reply.text and "1408" in plan.reply.text


# -- months told without a year: the documents' year ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("我们是长春的小微企业，五月份养老保险单位交的那部分能免吗", "是"),
        ("我们是长春的大型企业，八月份单位缴费还能减半吗", "不"),
    ],
)
def test_a_month_without_a_year_is_the_documents_year(planner, lexicon, text, first) -> None:
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert reply is not None
    assert first_line(reply).startswith(first), reply.text
    assert "您未说明年份，以下按资料中的2020年" in reply.text


def test_a_year_written_after_the_documents_stays_not_covered_or_ended(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "我们是长春的小微企业，2026年5月养老保险单位部分能免吗", "ask_reduction")
    assert reply is not None
    assert not first_line(reply).startswith(("是", "可以"))


# -- dates that tell the record -----------------------------------------------------------------------------
def test_a_job_started_last_year_is_no_date_asked(planner, lexicon) -> None:
    text = "北京 我去年入职的 交了一年零三个月社保 后来自己辞职了 一直没找着工作 失业补助金一个月多少钱"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    assert reply is not None
    assert "1408" in reply.text and "没有收录" not in first_line(reply)


def test_a_start_with_its_year_written_still_dates_the_question(lexicon) -> None:
    turn = turn_of(lexicon, "我2020年3月入职的，能领临时生活补助吗")
    period = turn.period()
    assert period is not None and period["date_from"].startswith("2020-03")


def test_the_year_of_a_wage_statistic_read_as_a_basis_is_no_date_asked(lexicon) -> None:
    turn = turn_of(lexicon, "长春灵活就业下半年缴费，是不是按2019年的全省平均工资来选档次")
    period = turn.period()
    assert period is None or not period["date_from"].startswith("2019")


# -- head counts, employers described, years to retirement ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "count"), [("长春的 二十来个人", 20), ("公司十来个人", 10), ("一共15个人", 15)]
)
def test_a_head_count_told_roughly_is_read(lexicon, text, count) -> None:
    assert turn_of(lexicon, text).people() == [count]


def test_more_than_a_count_is_no_count(lexicon) -> None:
    assert turn_of(lexicon, "公司三十多个人").people() == []


def test_an_individual_business_with_employees_is_insured_as_a_unit(lexicon) -> None:
    assert turn_of(lexicon, "有雇工的 按单位参保的").value("enterprise_type") == "individual_business_unit"


@pytest.mark.parametrize("text", ["离退休也就剩十个月了", "离退休就剩10个月", "离退休还剩下10个月"])
def test_months_left_to_retirement_told_in_several_ways(lexicon, text) -> None:
    years = turn_of(lexicon, text).years_to_retirement()
    assert years is not None and 0.8 < years < 0.9


def test_the_extension_to_retirement_is_a_yes_for_someone_near_it(planner, lexicon) -> None:
    text = "长春的 我失业金下个月就领完了 工作还是没着落 然后我离退休也就剩十个月了 还能接着领吗"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None
    assert first_line(reply).startswith("可以")


# -- lines to call ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("city", "line"), [("上海", "12333"), ("长春", "9612333")])
def test_no_amount_in_the_data_names_the_line_that_knows_it(planner, lexicon, city, line) -> None:
    reply = ask(planner, lexicon, f"{city}失业金一个月多少钱", "ask_unemployment_benefit")
    assert reply is not None
    assert line in first_line(reply)


def test_a_retirees_question_gets_the_retirees_centre(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "我爸是长春企业退休的 想问问退休待遇上的事 打哪个电话能问着", "ask_phone")
    assert reply is not None
    assert "82538061" in reply.text


def test_several_years_paid_told_is_no_question_of_its_own(planner, lexicon) -> None:
    text = "我在长春交了几年社保 现在要回老家了 能不能把社保退了 把钱一次性取出来"
    reply = ask(planner, lexicon, text, "ask_policy_faq")
    assert reply is not None
    assert "没有涉及" in first_line(reply) and "退保" in reply.text
    assert "期限" not in reply.text


# -- follow-ups ---------------------------------------------------------------------------------------------
def _rates_answered(lexicon) -> LastAnswer:
    text = "长春失业保险费率现在是多少"
    return LastAnswer(intent="ask_contribution_rate", entities=turn_of(lexicon, text).entities, text=text)


def test_each_ones_share_after_the_rates_is_the_rates_again(planner, lexicon) -> None:
    last = _rates_answered(lexicon)
    state = ConversationState(last=last)
    plan = planner.question("ask_contribution", turn_of(lexicon, "单位和个人各交多少"), state)
    assert plan.questionnaire is None
    assert plan.reply is not None and "0.7%" in plan.reply.text and "0.3%" in plan.reply.text


def test_where_to_apply_after_a_questionnaires_verdict_is_its_topics_procedure(planner, lexicon) -> None:
    last = LastAnswer(form="skill_subsidy_form", slots={"q_months": 14, "q_certificate": "skill"})
    plan = planner.out_of_scope(turn_of(lexicon, "那去哪办"), ConversationState(last=last))
    assert plan.reply is not None
    assert "超出了我的服务范围" not in plan.reply.text
    assert "平台" in plan.reply.text or "经办" in plan.reply.text


# -- bad input on the new paths ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "，，，", "别的", "还有别的补助没" * 30, "二十来个人" * 50])
def test_odd_messages_after_a_benefit_answer_get_a_reply(planner, lexicon, text) -> None:
    last = LastAnswer(intent="ask_unemployment_benefit", entities=[], text="北京自己辞职能领失业金吗")
    plan = planner.question("ask_unemployment_subsidy", turn_of(lexicon, text), ConversationState(last=last))
    assert plan.reply is not None or plan.questionnaire is not None


def test_normalising_a_rough_count_keeps_the_text_readable() -> None:
    assert normalize("大概二十来个人吧").text == "大概20来个人吧"
    assert isinstance(Turn(text="二十来个人").text, str)


# -- a yes/no question completed over several messages -------------------------------------------------------
def test_a_month_told_after_the_type_answers_the_yes_or_no_for_it(planner, lexicon) -> None:
    plan = _played(
        planner,
        lexicon,
        [
            ("ask_reduction", "社保能减免吗"),
            ("inform", "我们是长春的一家社会团体"),
            ("inform", "想问三月份的"),
        ],
    )
    assert plan is not None and plan.reply is not None
    assert first_line(plan.reply).startswith("是"), plan.reply.text
    assert "社会组织" in plan.reply.text


def test_an_individual_business_with_employees_is_told_yes_by_the_rule_then_in_its_city(
    planner, lexicon
) -> None:
    turns = [("ask_reduction", "个体户交社保能减免不"), ("inform", "有雇工的 按单位参保的")]
    plan = _played(planner, lexicon, turns)
    assert plan is not None and plan.reply is not None
    assert first_line(plan.reply).startswith("可以") and "参照企业办法" in plan.reply.text
    plan = _played(planner, lexicon, [*turns, ("inform", "长春")])
    assert plan is not None and plan.reply is not None
    assert first_line(plan.reply).startswith("可以") and "【长春·社保费阶段性减免】" in plan.reply.text


# -- a time limit asked, a case told after a figure the data lacks -------------------------------------------
def test_a_time_limit_to_apply_within_is_a_deadline_not_a_duration() -> None:
    from bot.answers.aspects import aspect_of

    assert aspect_of("失业金是不是离职以后多少天以内必须去申请") == "deadline"
    assert aspect_of("网上申请后多少天到账") == "duration"


def test_the_application_time_limit_gets_changchuns_article(planner, lexicon) -> None:
    text = "长春 我上个月被辞退的 失业金是不是离职以后多少天以内必须去申请 过了还能申请吗"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None
    assert "60日" in reply.text and "长社保〔2020〕1号" in reply.text


def test_a_case_told_after_a_missing_figure_gets_the_places_article(planner, lexicon) -> None:
    plan = _played(
        planner,
        lexicon,
        [
            ("ask_late_fee", "滞纳金是怎么算的"),
            ("inform", "北京"),
            ("ask_policy_faq", "疫情那会儿一月二月的社保没按时交 三月中旬才补上的"),
        ],
    )
    assert plan is not None and plan.reply is not None
    assert "3月底" in plan.reply.text and "滞纳金" in plan.reply.text


def test_a_place_alone_after_a_missing_figure_stays_not_covered(planner, lexicon) -> None:
    plan = _played(planner, lexicon, [("ask_late_fee", "滞纳金是怎么算的"), ("inform", "北京")])
    assert plan is not None and plan.reply is not None
    assert "没有收录北京" in first_line(plan.reply)


# -- questions the documents do not cover, asked as citizens ask them ----------------------------------------
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("城乡居民养老保险一年交多少钱", "城乡居民养老保险"),
        ("我妈农村的，居民养老保险每年交多少档次", "城乡居民养老保险"),
        ("我老婆没工作，能跟着我交社保吗", "家属"),
    ],
)
def test_uncovered_topics_are_named_not_calculated(planner, lexicon, text, topic) -> None:
    plan = planner.question("ask_contribution", turn_of(lexicon, text), ConversationState())
    assert plan.questionnaire is None and plan.reply is not None
    assert "没有涉及" in first_line(plan.reply) and topic in plan.reply.text
    assert "12333" in plan.reply.text


def test_beijings_online_residents_pension_and_wuhais_catch_up_stay_answered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "乌海60多岁没参保的老人，城乡居民养老保险能补缴吗")
    assert reply is not None and "没有涉及" not in reply.text


def test_where_to_claim_is_a_procedure_question(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "我在北京上班户口在老家，失业了在哪领失业金", "ask_unemployment_benefit")
    assert reply is not None
    assert "1816" not in reply.text and ("申领" in reply.text or "经办" in reply.text)


@pytest.mark.parametrize(
    ("text", "intent", "named"),
    [
        ("失业金每个月几号发", "ask_unemployment_benefit", "发放日期"),
        ("灵活就业缓缴的养老保险以后补交要交利息吗", "ask_deferral", "利息"),
        ("社保每个月几号扣", "ask_contribution", "扣款日期"),
    ],
)
def test_a_date_or_interest_the_documents_do_not_set_is_named(planner, lexicon, text, intent, named) -> None:
    reply = ask(planner, lexicon, text, intent)
    assert reply is not None
    assert "没有涉及" in first_line(reply) and named in first_line(reply)


@pytest.mark.parametrize(
    ("text", "intent"),
    [("领失业金期间医保谁给交", "ask_unemployment_benefit"), ("失业期间医保怎么办 谁给交", "ask_policy_faq")],
)
def test_who_pays_the_medical_insurance_of_the_unemployed(planner, lexicon, text, intent) -> None:
    reply = ask(planner, lexicon, text, intent)
    assert reply is not None
    assert "代缴基本医疗保险费" in reply.text and "人社部发〔2020〕40号" in reply.text
    assert "1816" not in reply.text


# -- set_af: migrant workers' allowances, relative years told, facts told in words ---------------------------
def test_the_allowance_the_facts_qualify_for_leads(planner, lexicon) -> None:
    text = (
        "我在工地上干活，失业保险是单位给交的，我自己一分钱没出过，连着干了一年半，"
        "2020年工程完了就没活了，能领点啥补助不"
    )
    reply = ask(planner, lexicon, text, "ask_migrant_subsidy")
    assert reply is not None
    assert first_line(reply).startswith("可以"), reply.text
    assert reply.text.index("一次性生活补助") < reply.text.index("临时生活补助")
    assert "临时生活补助不适用" in reply.text


def test_an_allowance_ruled_out_shows_no_amount(planner, lexicon) -> None:
    text = "在北京工地干了两年，个人没交过钱，单位给交的，2020年9月没的活，农民工能领啥"
    reply = ask(planner, lexicon, text, "ask_migrant_subsidy")
    assert reply is not None
    assert "1652" in reply.text and "880" not in reply.text.split("相关文件原文")[0]


def test_facts_told_in_words_stay_for_the_next_follow_up(planner, lexicon) -> None:
    plan = _played(
        planner,
        lexicon,
        [
            ("ask_migrant_subsidy", "农民工失业了能领啥"),
            ("inform", "在北京，工地干了两年，个人没交过钱，单位给交的"),
            ("inform", "2020年9月没的活"),
        ],
    )
    assert plan is not None and plan.reply is not None
    assert "您未说明个人是否缴费" not in plan.reply.text and "1652" in plan.reply.text


@pytest.mark.parametrize(
    "text",
    ["我儿子去年大学毕业到现在还没找着工作，能申请失业补助金吗", "今年3月份自己辞的职，能领失业补助金吗"],
)
def test_a_relative_year_told_in_a_statement_dates_no_question(lexicon, text) -> None:
    assert turn_of(lexicon, text).period() is None


def test_a_relative_year_in_the_asking_clause_still_dates_it(lexicon) -> None:
    period = turn_of(lexicon, "长春今年的缴费基数上限是多少").period()
    assert period is not None and period["date_from"].startswith("2026")


def test_a_general_follow_up_naming_what_the_last_answer_covers_goes_on_with_it(planner, lexicon) -> None:
    plan = _played(
        planner,
        lexicon,
        [
            ("ask_deferral", "灵活就业的 今年养老保险实在交不起 能先停一停吗"),
            ("ask_policy_faq", "那以后补交的话 基数怎么定 要在什么时候之前补上"),
        ],
    )
    assert plan is not None and plan.reply is not None
    assert "2021" in plan.reply.text and "上下限" in plan.reply.text and "长春" not in plan.reply.text


def test_in_addition_inside_a_clause_joins_no_second_question() -> None:
    from bot.answers.aspects import split_questions

    text = "长春的公司,2020年批下来缓交养老和失业了,缓交这段时间是不是还得另外交滞纳金?"
    assert len(split_questions(text)) == 1
    assert len(split_questions("失业金能领多久?另外,稳岗返还怎么申请?")) == 2


@pytest.mark.parametrize("intent", ["ask_deferral", "ask_late_fee"])
def test_a_late_fee_during_an_approved_deferral_is_waived(planner, lexicon, intent) -> None:
    text = "长春的公司，2020年批下来缓交养老和失业了，缓交这段时间是不是还得另外交滞纳金？"
    plan = planner.question(intent, turn_of(lexicon, text), ConversationState())
    assert plan.reply is not None
    assert first_line(plan.reply).startswith("不用") and "免收滞纳金" in plan.reply.text


def test_the_contribution_at_the_base_floor_needs_no_wage(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "长春2020年上半年按最低基数交，养老保险个人每月扣多少钱？", "ask_contribution"
    )
    assert reply is not None and reply.pending is None
    assert first_line(reply).startswith("按缴费基数下限2767元/月计算") and "221.36" in reply.text


def test_the_extension_to_retirement_depends_on_the_place_when_none_is_named(planner, lexicon) -> None:
    text = "我爸失业金快领完了，还没找到活，他离法定退休还有一年半左右，能不能一直领到退休？"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply is not None
    assert (
        first_line(reply).startswith("视情况")
        and "上海" in first_line(reply)
        and "不足2年" in first_line(reply)
    )
    placed = ask(planner, lexicon, "长春的，" + text, "ask_unemployment_benefit")
    assert placed is not None and first_line(placed).startswith("不能")


def test_a_relative_year_told_as_the_value_asked_still_dates_the_question(lexicon) -> None:
    period = turn_of(lexicon, "想问下社保缴费基数上限是多少 长春 今年上半年的").period()
    assert period is not None and period["date_from"].startswith("2026")


def test_a_value_read_as_a_question_still_completes_a_yes_no_question(planner, lexicon) -> None:
    first = planner.question("ask_reduction", turn_of(lexicon, "个体户交社保能减免不"), ConversationState())
    assert first.reply is not None and first.reply.pending is not None
    state = ConversationState(pending=first.reply.pending, last=first.reply.context)
    plan = planner.question("ask_policy_faq", turn_of(lexicon, "有雇工的 按单位参保的"), state)
    assert plan.reply is not None and first_line(plan.reply).startswith("可以")
    assert plan.reply.context is not None and "个体户交社保能减免不" in plan.reply.context.text


def test_a_wage_told_after_the_rates_asks_the_amounts(planner, lexicon) -> None:
    turn = turn_of(lexicon, "工资5000，单位和个人各交多少")
    plan = planner.question("ask_contribution", turn, ConversationState(last=_rates_answered(lexicon)))
    assert plan.reply is None or "【长春·缴费比例】" not in plan.reply.text
    assert plan.questionnaire is not None and plan.questionnaire.prefilled.get("q_wage") == 5000


def test_a_belief_about_the_year_a_tier_is_read_from_is_confirmed_by_the_answers_own_line(
    planner, lexicon
) -> None:
    text = "長春這邊靈活就業 我打算下半年才去繳費 那是不是按2019年的全省平均工資來選檔次啊"
    reply = ask(planner, lexicon, text, "ask_flexible_employment")
    assert reply is not None
    assert first_line(reply).startswith("是，") and "按2019年全省全口径平均工资" in first_line(reply)
    other_half = ask(planner, lexicon, text.replace("下半年才去", "上半年去"), "ask_flexible_employment")
    assert other_half is not None and not first_line(other_half).startswith("是")


def test_who_pays_the_medical_insurance_read_as_a_yes_no_still_gets_its_article(planner, lexicon) -> None:
    text = "领失业金期间医保谁给交"
    turn = turn_read_as(lexicon, text, "eligibility", "ask_unemployment_benefit")
    plan = planner.question("ask_unemployment_benefit", turn, ConversationState())
    assert plan.reply is not None and "代缴基本医疗保险费" in plan.reply.text
