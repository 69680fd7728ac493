"""Round twenty: amounts the asker wants worked out — a figure of the documents times the people
counted (孕期女工要预留多少, 驻津单位在职职工的公务员医疗补助, 一家五口的居民医保), a ratio or rate of the
documents applied to an amount told (上月缴费额的110%, 失业金的80%, 项目参保0.8%, 工伤费率下调20%) —
data/policy/computations.yml; a
benefit's total over the months told (the 13th month on at its own amount) and the month asked; several
wages added up; a flexible worker's whole year; facts implied by drawing the benefit; uncovered topics
(记账利率, 家庭共济); second questions split off by their own words (谁来批, 几个档次)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.answers.aspects import asks_question, split_questions, topic_of
from bot.answers.computations import RATIO_OF_TOLD, Calculator, Computation, load
from bot.answers.scope import out_of_scope_topic
from bot.dialogue.state import ConversationState
from tests.asking import ask, first_line, turn_of, turn_read_as


def _plan(planner, lexicon, text: str, intent: str = "ask_policy_faq"):
    return planner.question(intent, turn_of(lexicon, text), ConversationState())


def _read_as(planner, lexicon, text: str, aspect: str, intent: str):
    """The reply to ``text`` read by the NLU under ``intent`` with the asked ``aspect``."""
    return planner.question(intent, turn_read_as(lexicon, text, aspect, intent), ConversationState()).reply


# -- a figure of the documents times the people counted --------------------------------------------------
def test_the_maternity_reserve_for_several_pregnant_employees(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津的单位宣告破产了，厂里有4名孕期女工，生育保险费一共要预留多少")
    assert "120788" in first_line(reply) and "30197" in first_line(reply), reply.text
    assert "津人社局发〔2020〕12号" in reply.text


def test_civil_servant_medical_funding_counts_staff_and_retirees_apart(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "外地驻津单位有20名在职员工、8个退休的，公务员医疗补助筹资合计多少")
    assert "20人共13740元" in reply.text and "8人共25192元" in reply.text, reply.text


def test_a_per_person_figure_read_under_another_benefit_starts_no_questionnaire(planner, lexicon) -> None:
    """The NLU may read 驻津单位…筹资 as a migrant worker's allowance: the worked amount answers it, with the
    document's words, not that allowance's questionnaire."""
    plan = _plan(
        planner, lexicon, "我们是中央驻津单位，12个在职职工，公务员医疗补助一共筹多少", "ask_migrant_subsidy"
    )
    assert plan.questionnaire is None and plan.reply is not None
    assert "8244" in first_line(plan.reply) and "农民工" not in plan.reply.text, plan.reply.text
    assert plan.reply.topic == "ask_policy_faq" and "687元和3149元" in plan.reply.text


@pytest.mark.parametrize(
    "text",
    [
        "天津单位破产，有1名怀孕女职工，生育保险费预留多少",  # one person: the figure itself answers
        "上海的单位破产了，有3个怀孕的女职工，生育保险费预留多少",  # another city's reserve: not Tianjin's
        "天津单位破产，生育保险费预留标准是多少",  # no count told
    ],
)
def test_no_per_person_total_without_a_count_or_for_another_city(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text)
    assert "人共需预留" not in reply.text, reply.text


def test_a_household_counted_in_words(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年居民医保我们一家五口加起来交多少")
    assert "5人一共每年1400元" in first_line(reply), reply.text
    reply = ask(planner, lexicon, "城乡居民医保2020年个人交多少，我家两口人总共多少")
    assert "2人一共每年560元" in first_line(reply), reply.text


# -- a ratio or rate of the documents applied to an amount told --------------------------------------
@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        (
            "北京的单位2020年逾期申报缴费工资了，上月单位缴费额是25000元，7月起按多少确定",
            "ask_policy_faq",
            "25000元×110%=27500元",
        ),
        (
            "我们当地失业保险金是2000元一个月，2020年的失业补助金最多能发多少",
            "ask_unemployment_subsidy",
            "每月最多1600元",
        ),
        (
            "2020年的价格临时补贴我以前每月50元，3月到6月这4个月一共能拿多少",
            "ask_unemployment_benefit",
            "4个月共400元",
        ),
        (
            "北京按项目参保的施工企业，2020年8月一个项目工伤缴费基数20万，工伤保险交多少",
            "ask_policy_faq",
            "200000元×0.8%=1600元",
        ),
        (
            "北京的公司原先工伤费率是0.5%，2020年7月工伤缴费基数10万，降费后交多少",
            "ask_contribution",
            "0.5%×(1-20%)=0.4%，100000元×0.4%=400元",
        ),
    ],
)
def test_a_ratio_of_the_documents_applied_to_the_amount_told(
    planner, lexicon, text, intent, expected
) -> None:
    plan = _plan(planner, lexicon, text, intent)
    assert plan.questionnaire is None and plan.reply is not None, plan
    assert expected in first_line(plan.reply), plan.reply.text


def test_an_amount_told_of_something_else_is_not_taken(planner, lexicon) -> None:
    """A wage told beside the benefit question is no local benefit: 80% of it is not the subsidy's cap."""
    reply = ask(
        planner,
        lexicon,
        "我以前工资5000一个月，2020年被辞退了，失业补助金最多能发多少",
        "ask_unemployment_subsidy",
    )
    assert "4000" not in reply.text, reply.text


def test_no_ratio_outside_the_period_of_the_figure(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京按项目参保的施工企业，2022年工伤缴费基数20万，交多少工伤保险")
    assert "1600" not in reply.text, reply.text


def test_a_bad_entry_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "computations.yml"
    path.write_text(
        "computations:\n  - {parameter: x, region: beijing, kind: divide, asked: [[a]], line: b}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown kind"):
        load(path)


def test_an_entry_without_its_numbers_computes_nothing(store, lexicon) -> None:
    entry = Computation(
        parameter="wage_declaration.late_default_ratio",
        region="beijing",
        kind=RATIO_OF_TOLD,
        asked=(("缴费额",),),
        line="{told}×{figure}={result}",
        told_after=("缴费额",),
    )
    calculator = Calculator(store, (entry,))
    assert calculator.lines(turn_of(lexicon, "北京2020年上月缴费额是多少")) == []
    assert calculator.lines(turn_of(lexicon, "北京2020年7月，上月缴费额是0元")) == []
    assert calculator.lines(turn_of(lexicon, "北京2020年7月，上月缴费额是1000元")) == ["1000×110%=1100"]


# -- the benefit over the months told, and the month asked -----------------------------------------------
def test_a_benefit_total_over_the_months_told(planner, lexicon) -> None:
    plan = _plan(
        planner,
        lexicon,
        "北京失业金，缴费17年，2020年10月开始领的，如果领8个月，一共能拿多少",
        "ask_unemployment_benefit",
    )
    assert plan.questionnaire is None and plan.reply is not None
    assert "领8个月一共15176元（8×1897）" in first_line(plan.reply), plan.reply.text


def test_a_benefit_total_past_the_twelfth_month(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京，交了25年失业保险，2020年7月开始领，假设领16个月，总共多少钱",
        "ask_unemployment_benefit",
    )
    assert "一共30364元（12×1925+4×1816）" in first_line(reply), reply.text


def test_a_month_past_the_twelfth_gets_its_own_amount_only(planner, lexicon) -> None:
    plan = _plan(
        planner,
        lexicon,
        "我在北京领失业金，缴费21年，2020年9月领到第14个月了，这个月发多少",
        "ask_unemployment_benefit",
    )
    assert plan.questionnaire is None and plan.reply is not None
    assert "1816" in first_line(plan.reply) and "1925" not in plan.reply.text, plan.reply.text


def test_drawing_the_benefit_implies_its_conditions(lexicon) -> None:
    assert turn_of(lexicon, "我正在领失业金，北京交了10年").involuntary() is True
    assert turn_of(lexicon, "我正在领失业金，北京交了10年").registered() is True
    assert turn_of(lexicon, "我能领失业金吗，北京交了10年").involuntary() is None
    assert turn_of(lexicon, "我是自己辞职的，现在在领失业金吗").involuntary() is False


# -- several wages, a flexible worker's year, staff on the same base -------------------------------------
def test_several_wages_added_up(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春小店3个人，工资分别2500、3500、5000，2020年4月个人养老保险合计扣多少",
        "ask_contribution",
    )
    # 2500 is under the floor: 2767×8% = 221.36; 3500×8% = 280; 5000×8% = 400
    assert "一共901.36元（221.36+280+400）" in first_line(reply), reply.text


def test_a_flexible_workers_whole_year(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "长春个体户2020年上半年交，选最高档，全年养老一共交多少", "ask_flexible_employment"
    )
    assert "全年养老保险12个月共33204元" in first_line(reply), reply.text
    reply = ask(planner, lexicon, "长春灵活就业2020年上半年交养老，全年一共多少钱", "ask_flexible_employment")
    assert "6640.8元（最低档" in first_line(reply) and "33204元（最高档" in first_line(reply), reply.text


def test_staff_on_the_same_base_saving_under_a_reduction(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春小微企业，6个人基数都按3000报，2020年3月单位养老和失业一共能省多少",
        "ask_contribution_base",
    )
    assert "单位每月少交3006元" in first_line(reply), reply.text  # 6 × 3000 × (16% + 0.7%)


# -- uncovered topics, split questions, second questions ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("养老保险个人账户的记账利率今年是多少", "pension_account_interest"),
        ("医保个人账户里的钱能给我妈用吗，家庭共济怎么开通", "medical_personal_account"),
    ],
)
def test_uncovered_account_topics(text, topic) -> None:
    found = out_of_scope_topic(text)
    assert found is not None and found.id == topic


def test_a_second_question_of_its_own_words_is_split_off() -> None:
    questions = split_questions("攀枝花的企业哪几项社保能缓缴？最后由谁来批")
    assert [q.aspect for q in questions][-1] == "procedure" and len(questions) == 2
    questions = split_questions("长春个体分局电话多少？另外灵活就业能选几个档")
    assert len(questions) == 2 and questions[1].aspect == "amount"


def test_the_limits_asked_second_with_no_wage(planner, lexicon) -> None:
    turn = dataclasses.replace(
        turn_of(lexicon, "天津2019年的月平均工资是多少？还有2020年7月以后缴费基数最低多少"),
        asked=[
            {"text": "天津2019年的月平均工资是多少？", "aspect": "amount", "topic": "ask_average_wage"},
            {
                "text": "还有2020年7月以后缴费基数最低多少",
                "aspect": "amount",
                "topic": "ask_contribution_base",
            },
        ],
    )
    reply = planner.question("ask_average_wage", turn, ConversationState()).reply
    assert reply is not None and "3364" in reply.text and "月工资" not in reply.text, reply.text


def test_the_year_of_a_wage_told_is_not_the_date_asked(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "上海的钟点工2019年月收入也就3500，2020年11月交社保基数最低按多少",
        "ask_base_limits",
    )
    assert "4927" in first_line(reply) and "没有收录2019年" not in reply.text, reply.text


def test_paying_by_phone_in_changchun_gets_the_wechat_article(planner, lexicon) -> None:
    """A self-employed person's procedure question routes to the WeChat article as well as the tiers'."""
    text = "长春个体户每月的社保能在手机上缴吗，去哪操作"
    reply = _read_as(planner, lexicon, text, "procedure", "ask_flexible_employment")
    assert reply is not None and "微信小程序" in reply.text, reply.text


def test_bad_input_to_the_calculator_never_raises(store, lexicon) -> None:
    calculator = Calculator(store)
    for text in ["", "？？？", "预留 生育 怀孕", "公务员医疗补助 99999999999个在职", "工伤 费率 基数 %"]:
        assert isinstance(calculator.lines(turn_of(lexicon, text)), list)


def test_every_computation_names_a_figure_of_the_store(store) -> None:
    """A bureau's edit of computations.yml cannot name a figure the store lacks or a place it has none for."""
    for entry in load():
        values = store.coverage(entry.parameter)
        assert values, entry.parameter
        assert any(v.region == entry.region for v in values), (entry.parameter, entry.region)
        assert entry.asked and all(entry.asked), entry.parameter
        if entry.kind == "per_person":
            assert entry.counted, entry.parameter
        else:
            assert entry.told_after, entry.parameter


def test_a_per_person_standard_asked_under_another_benefit_gets_the_documents_words(planner, lexicon) -> None:
    text = "中央驻津单位退休人员公务员医疗补助的筹资标准一年多少"
    plan = _plan(planner, lexicon, text, "ask_migrant_subsidy")
    assert plan.questionnaire is None and plan.reply is not None
    assert "3149" in plan.reply.text and "农民工" not in plan.reply.text, plan.reply.text


def test_one_drawing_the_benefit_gets_the_change_confirmed_not_an_eligibility_yes(planner, lexicon) -> None:
    text = "我妈在北京领着失业金呢，每月1897，交了18年，听说领到第13个月就降了，是真的吗"
    reply = _read_as(planner, lexicon, text, "amount", "ask_unemployment_benefit")
    assert reply is not None and first_line(reply).startswith("是") and "1816" in first_line(reply), (
        reply.text
    )
    assert not first_line(reply).startswith("可以"), reply.text


def test_together_is_no_amount(lexicon) -> None:
    """失业保险金还能一块拿吗: 一块 (together) read as 1块 is no local benefit to take 80% of."""
    turn = turn_of(lexicon, "领失业补助金的时候失业保险金还能一块拿吗")
    assert turn.amount_after(("失业保险金",)) is None


def test_a_passage_read_as_a_bare_value_is_worked_out_too(planner, lexicon) -> None:
    plan = planner.value(
        turn_of(lexicon, "天津单位2020年底破产了，还有两名怀孕女职工，生育保险费预留多少"),
        ConversationState(),
    )
    assert plan.reply is not None and "60394" in first_line(plan.reply), plan.reply.text


@pytest.mark.parametrize(
    ("text", "drawing"),
    [
        ("我妈在北京领着失业金呢", True),
        ("2020年9月开始领的，一共能拿多少", True),
        ("我在想能不能领失业金", False),
        ("现在能领失业金吗", False),
    ],
)
def test_drawing_the_benefit_is_read_from_what_is_told(lexicon, text, drawing) -> None:
    assert turn_of(lexicon, text).receiving_benefit() is drawing


# -- second batch: what set_ay and set_az showed --------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("长春的公司营业执照吊销了，还能给职工办减员吗", "可以"),
        ("长春公司执照注销了，还能给新来的员工参保吗", "不能"),
        ("北京的单位疫情那会儿没按时给员工办参保登记，之后还能补办吗", "可以"),
    ],
)
def test_short_answers_for_what_a_closed_or_late_employer_may_still_do(planner, lexicon, text, start) -> None:
    reply = _read_as(planner, lexicon, text, "eligibility", "ask_policy_faq")
    assert reply is not None and first_line(reply).startswith(start), reply.text


def test_a_missed_declaration_in_other_words(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京的单位没赶上2020年缴费工资申报，6月单位缴费额是4万元，7月起按多少定")
    assert "40000元×110%=44000元" in first_line(reply), reply.text


def test_a_rate_cut_with_no_base_told_gives_the_new_rate(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京的公司工伤保险费率原来0.5%，2020年下调以后是多少", "ask_contribution_rate"
    )
    assert "0.5%×(1-20%)=0.4%" in first_line(reply), reply.text


def test_a_local_benefit_told_after_a_comma(planner, lexicon) -> None:
    text = "我在天津领失业保险金，每月1500元，2020年11月领完了，失业补助金最多多少"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    assert "每月最多1200元" in first_line(reply), reply.text


def test_these_months_of_a_claim_just_begun(planner, lexicon) -> None:
    text = "北京，失业保险交了12年，2020年10月刚开始领失业金，10到12月这三个月一共能领多少"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert "领3个月一共5610元（3×1870）" in first_line(reply), reply.text


def test_counted_staff_are_not_the_employees_share(planner, lexicon) -> None:
    text = "长春公司有20个员工，平均工资5000，2020年2月单位那部分养老保险一共多少"
    reply = ask(planner, lexicon, text, "ask_contribution")
    assert "20人" in first_line(reply) and "单位缴费每月一共16000元" in first_line(reply), reply.text


def test_help_asked_with_no_migrant_worker_told_is_the_insureds_subsidy(planner, lexicon) -> None:
    plan = _plan(planner, lexicon, "儿子在天津被辞退了，想问问有啥补助能领", "ask_migrant_subsidy")
    shown = plan.reply.text if plan.reply is not None else ""
    assert plan.questionnaire is not None or "失业补助金" in shown, plan
    assert "农民工" not in shown, shown


def test_a_retirement_age_is_not_answered_by_an_archives_passage(planner, lexicon) -> None:
    reply = planner.composer.scope_reply(turn_of(lexicon, "长春男职工多少岁退休"))
    assert reply is not None and reply.topic == "not_covered:retirement", reply.text
    assert "“岁退休”" not in reply.text and "9612333" in reply.text


def test_a_request_to_work_out_a_contribution_names_its_topic() -> None:
    assert asks_question("帮我算一下长春一个员工2020年5月的养老保险")
    assert topic_of("帮我算一下长春一个员工2020年5月的养老保险") == "ask_contribution"
    assert topic_of("帮我算一下北京的失业保险金") != "ask_contribution"


@pytest.mark.parametrize(
    ("text", "start"), [("北京公积金缴存比例能交到15%吗", "不能"), ("北京公积金比例能按8%交吗", "可以")]
)
def test_a_percentage_asked_against_the_range_the_documents_state(planner, lexicon, text, start) -> None:
    plan = _plan(planner, lexicon, text, "ask_contribution_rate")
    assert plan.reply is not None and first_line(plan.reply).startswith(start), plan.reply.text
    assert "5%至12%" in first_line(plan.reply)


def test_a_colleague_of_any_country_is_a_foreign_employee(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "英国同事在长春工作，他的社保可以不交吗")
    assert "外籍" in reply.text and "协定" in reply.text, reply.text


def test_paying_medical_insurance_after_retirement_is_not_covered(planner) -> None:
    found = out_of_scope_topic("我去年退休了，退休以后还要接着交医保吗")
    assert found is not None and found.id == "medical_insurance_employee"


def test_a_migrant_worker_told_before_keeps_the_allowance(planner, lexicon) -> None:
    """我是农民工… then 有啥补助能领不: the migrant allowance stays, however the second message reads."""
    from bot.dialogue.state import LastAnswer

    state = ConversationState(
        last=LastAnswer(intent=None, entities=[], text="我是农民工，在北京工地干了8个月")
    )
    plan = planner.question("ask_migrant_subsidy", turn_of(lexicon, "有啥补助能领不"), state)
    shown = plan.reply.text if plan.reply is not None else ""
    assert plan.questionnaire is not None or "农民工" in shown, plan


def test_a_percentage_within_a_second_range_the_documents_state(planner, lexicon) -> None:
    text = "北京的小公司疫情期间很困难，住房公积金缴存比例能不能降到2%"
    reply = _read_as(planner, lexicon, text, "eligibility", "ask_policy_faq")
    assert reply is not None and first_line(reply).startswith("可以") and "4%范围" in first_line(reply), (
        reply.text
    )


def test_the_employers_part_not_paid_asked_after_a_comma_is_the_reduction() -> None:
    assert (
        topic_of("成都……不对，长春的小公司2020年3月的养老保险单位缴费部分，是不是不用交") == "ask_reduction"
    )


def test_one_insurances_saving_over_the_months_named(planner, lexicon) -> None:
    text = "长春一家小型公司，一个员工月薪4000，2020年2月到5月单位的养老保险总共免了多少"
    reply = ask(planner, lexicon, text, "ask_reduction")
    # 4000 × 16% = 640 a month, exempt February to May: 4 × 640
    assert "2020年2月至5月共4个月，单位基本养老保险一共少交2560元" in first_line(reply), reply.text
    both = ask(
        planner, lexicon, "长春小微企业，员工月薪4000，2020年3月单位养老和失业一个月能省多少", "ask_reduction"
    )
    assert "单位每月少交668元" in first_line(both), both.text


def test_named_insurances_against_the_deferrable_list_under_a_conditions_reading(planner, lexicon) -> None:
    text = "攀枝花的厂子2020年特别困难，工伤保险费也能一起缓吗，还是只能缓养老和失业"
    reply = _read_as(planner, lexicon, text, "conditions", "ask_deferral")
    assert reply is not None and first_line(reply).startswith("可以") and "工伤保险" in first_line(reply)


def test_no_late_fee_for_an_epidemic_catch_up_is_a_yes(planner, lexicon) -> None:
    text = "北京单位疫情期间没按时给新员工参保，疫情过后补办可以不交滞纳金吗"
    reply = _read_as(planner, lexicon, text, "eligibility", "ask_policy_faq")
    assert reply is not None and first_line(reply).startswith("可以") and "三个月" in first_line(reply)


def test_a_saving_asked_of_a_contribution_is_the_reductions(planner, lexicon) -> None:
    text = "我在长春开了家小型餐饮公司，一个员工月薪4500，2020年3月到6月这四个月，单位的养老保险总共免了多少"
    reply = ask(planner, lexicon, text, "ask_contribution")
    assert "共4个月，单位基本养老保险一共少交2880元" in first_line(reply), reply.text  # 4 × 4500 × 16%


def test_the_askers_own_company_is_not_the_employers_share(planner, lexicon) -> None:
    text = "我们公司在长春，2020年5月新招的学徒工资才2000，他个人养老加失业两项一个月该扣几块钱"
    reply = ask(planner, lexicon, text, "ask_contribution")
    assert first_line(reply) == "个人每月合计：229.66元。", reply.text  # 2767 × (8% + 0.3%)
    assert turn_of(lexicon, "我们公司养老保险一个月要交多少").party() == "employer"


def test_the_insurances_record_then_its_payments_name_the_benefit() -> None:
    text = "北京，交了22年失业保险，2020年8月开始领，假如能领14个月，总共多少钱"
    assert topic_of(text) == "ask_unemployment_benefit"
    assert topic_of("失业保险费开始领了吗") is None  # the contribution, not the benefit
