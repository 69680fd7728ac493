"""Round eight of answering what people ask (the planner without Rasa): corrections read as another
intent, the period a question is about kept apart from the date it applies to, follow-ups on the figures
of an answer; with bad input on the new routes."""

from __future__ import annotations

import pytest

from bot.dialogue.state import ConversationState
from tests.asking import turn_of


def after(planner, lexicon, intent: str, first: str) -> ConversationState:
    plan = planner.question(intent, turn_of(lexicon, first), ConversationState())
    assert plan.reply is not None and plan.reply.context is not None
    return ConversationState(last=plan.reply.context)


# -- corrections ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["不对不对，我要问上海的", "打错了 应该是上海", "写错了，上海"])
def test_a_correction_read_as_a_questionnaire_request_asks_the_last_question_again(
    planner, lexicon, text
) -> None:
    state = after(planner, lexicon, "ask_base_limits", "天津2020年社保缴费基数上下限是多少")
    plan = planner.start_questionnaire(turn_of(lexicon, text), state)
    assert plan.reply is not None and plan.reply.topic == "ask_base_limits"
    assert "28017" in plan.reply.text and "18969" not in plan.reply.text


def test_a_questionnaire_request_still_starts_the_questionnaire(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_unemployment_benefit", "北京失业金多少钱")
    plan = planner.start_questionnaire(turn_of(lexicon, "帮我逐项测算"), state)
    assert plan.questionnaire is not None and plan.questionnaire.form == "unemployment_benefit_form"


@pytest.mark.parametrize("text", ["不对", "不对不对，我要问", "应该是？？？", ""])
def test_a_correction_naming_nothing_never_crashes(planner, lexicon, text) -> None:
    state = after(planner, lexicon, "ask_base_limits", "天津2020年社保缴费基数上下限是多少")
    plan = planner.start_questionnaire(turn_of(lexicon, text), state)
    assert plan.reply is not None or plan.questionnaire is not None


# -- the period a question is about -------------------------------------------------------------------
def test_arrears_named_before_their_year_are_of_that_year_not_asked_for_it(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_late_fee", "天津公司补缴以前欠的养老保险要交滞纳金吗")
    plan = planner.value(turn_of(lexicon, "欠的是2015年的"), state)
    assert plan.reply is not None and not plan.reply.topic.startswith("not_covered")
    assert "万分之五" in plan.reply.text or "0.05%" in plan.reply.text


# -- facts in words that decide an open condition -----------------------------------------------------
def test_words_that_decide_an_open_condition_answer_the_last_question(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_skill_subsidy", "天津学历提升补贴申请要啥条件")
    plan = planner.value(turn_of(lexicon, "我只拿到了学位证，学历证书还没有"), state)
    assert plan.reply is not None and plan.reply.topic.startswith("ask_skill_subsidy")
    assert plan.reply.text.startswith("不能"), plan.reply.text[:60]
    assert "学历证书" in plan.reply.text.splitlines()[0]


@pytest.mark.parametrize("text", ["好的我知道了", "嗯嗯", "。。。", "学位证"])
def test_words_that_decide_nothing_are_not_an_answer_again(planner, lexicon, text) -> None:
    state = after(planner, lexicon, "ask_skill_subsidy", "天津学历提升补贴申请要啥条件")
    plan = planner.value(turn_of(lexicon, text), state)
    assert plan.reply is not None
    assert not plan.reply.text.startswith(("不能", "可以")), plan.reply.text[:60]


# -- a value told after a yes/no question ------------------------------------------------------------------
@pytest.mark.parametrize(
    "first, value, expected",
    [
        ("主动辞职能领失业金吗", "北京", "不能"),
        ("领完失业金了还没找到工作，离退休还差一年半，还能接着领不", "人在上海这边", "可以"),
        ("失业金领到期了还没上班，离退休不到一年，还能继续领吗", "我在长春交的社保", "可以"),
    ],
)
def test_a_value_after_a_yes_no_question_answers_it_again_with_yes_or_no(
    planner, lexicon, first, value, expected
) -> None:
    state = after(planner, lexicon, "ask_unemployment_benefit", first)
    plan = planner.value(turn_of(lexicon, value), state)
    assert plan.reply is not None and plan.reply.text.startswith(expected), plan.reply.text[:80]
    assert plan.reply.context is not None and plan.reply.context.text == turn_of(lexicon, first).text


def test_the_shanghai_extension_is_two_years_not_the_national_one(planner, lexicon) -> None:
    state = after(
        planner,
        lexicon,
        "ask_unemployment_benefit",
        "领完失业金了还没找到工作，离退休还差一年半，还能接着领不",
    )
    plan = planner.value(turn_of(lexicon, "人在上海这边"), state)
    assert plan.reply is not None and "不足2年" in plan.reply.text.splitlines()[0]


@pytest.mark.parametrize("text", ["涨了多少 哪几个月", "提高了多少"])
def test_aspects_of_the_last_answer_read_as_out_of_scope_go_on_with_it(planner, lexicon, text) -> None:
    state = after(planner, lexicon, "ask_unemployment_benefit", "2020年领失业金的人那个价格临时补贴有没有涨")
    plan = planner.out_of_scope(turn_of(lexicon, text), state)
    assert plan.reply is not None and plan.reply.topic == "faq:price_subsidy_doubled"


def test_a_rise_in_another_domain_stays_out_of_scope(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_unemployment_benefit", "北京失业金多少")
    plan = planner.out_of_scope(turn_of(lexicon, "股票涨了多少"), state)
    assert plan.reply is not None and plan.reply.topic.startswith("out_of_scope")


# -- the benefit asked before stays asked ------------------------------------------------------------------
def test_a_question_naming_no_benefit_stays_with_the_benefit_asked_before(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_unemployment_subsidy", "失业补助金能领几个月？")
    plan = planner.question(
        "ask_unemployment_benefit",
        turn_of(lexicon, "我在北京，2020年失业的，失业保险才交了八个月，一个月能拿多少"),
        state,
    )
    assert plan.reply is not None and plan.reply.topic.startswith("ask_unemployment_subsidy")
    assert "880" in plan.reply.text


def test_a_benefit_named_is_the_benefit_asked(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_unemployment_subsidy", "失业补助金能领几个月？")
    plan = planner.question("ask_unemployment_benefit", turn_of(lexicon, "那失业金呢，北京的"), state)
    assert plan.reply is not None and plan.reply.topic.startswith("ask_unemployment_benefit")


# -- whom to turn to, answered by the place's article ------------------------------------------------------
def test_whom_to_turn_to_on_a_matter_an_article_answers_gets_the_article(planner, lexicon) -> None:
    reply = planner.question(
        "ask_phone",
        turn_of(lexicon, "攀枝花企业对划型结果有异议该找哪个部门，要提供些什么"),
        ConversationState(),
    ).reply
    assert reply is not None and reply.topic == "faq:enterprise_size_dispute"
    assert "社会保险事务中心" in reply.text and "书面证明" in reply.text


@pytest.mark.parametrize("text", ["长春社保局电话多少", "长春稳岗返还咨询电话", "北京失业金找哪个部门"])
def test_a_number_asked_for_is_still_the_number(planner, lexicon, text) -> None:
    reply = planner.question("ask_phone", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and reply.topic == "ask_phone" and "☎" in reply.text


# -- readings of words --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, months",
    [("交了一年零两个月失业保险", 14), ("交了1年2个月", 14), ("缴费两年又三个月", 27)],
)
def test_years_and_months_are_one_length_of_time(lexicon, text, months) -> None:
    durations = turn_of(lexicon, text).all("duration")
    assert [d.get("months") for d in durations] == [months]


@pytest.mark.parametrize(
    "text, region", [("来京务工人员失业了能领补助吗", "beijing"), ("在沪上班的社保基数", "shanghai")]
)
def test_the_short_names_of_beijing_and_shanghai_are_those_cities(lexicon, text, region) -> None:
    assert turn_of(lexicon, text).value("city") == region


def test_a_self_employed_business_insured_as_a_unit_is_that_employer_type(lexicon) -> None:
    turn = turn_of(lexicon, "上海个体工商户按单位参保的，2020年下半年工伤保险单位部分是不是也免")
    assert turn.value("enterprise_type") == "individual_business_unit"


def test_institutions_asked_about_reductions_get_the_rule_not_another_article(planner, lexicon) -> None:
    reply = planner.question(
        "ask_reduction", turn_of(lexicon, "机关事业单位2020年也享受社保单位缴费减免吗"), ConversationState()
    ).reply
    assert reply is not None and reply.text.startswith("不"), reply.text[:60]


# -- facts told, read as another question --------------------------------------------------------------------
@pytest.mark.parametrize(
    "intent, first, told, expected",
    [
        (
            "ask_unemployment_benefit",
            "失业金领到期了还没上班，离退休不到一年，还能继续领吗",
            "我在长春交的社保",
            "长春",
        ),
        (
            "ask_unemployment_subsidy",
            "2020年北京那个失业补助金是怎么回事，什么人能领",
            "我只交了8个月社保就没工作了",
            "880",
        ),
    ],
)
def test_facts_read_as_a_general_question_complete_the_last_one(
    planner, lexicon, intent, first, told, expected
):
    state = after(planner, lexicon, intent, first)
    plan = planner.question("ask_policy_faq", turn_of(lexicon, told), state)
    assert plan.reply is not None and plan.reply.topic.startswith(intent)
    assert expected in plan.reply.text


def test_a_general_question_after_an_answer_is_still_answered_as_asked(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_unemployment_benefit", "北京失业金多少")
    plan = planner.question("ask_policy_faq", turn_of(lexicon, "社保卡丢了"), state)
    assert plan.reply is not None and not plan.reply.topic.startswith("ask_unemployment_benefit")


def test_a_business_insured_as_a_unit_after_a_reduction_answer_asks_the_reduction(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_reduction", "上海2020年中小微企业社保单位部分免到几月")
    plan = planner.question("ask_flexible_employment", turn_of(lexicon, "那按单位参保的个体户呢"), state)
    assert plan.reply is not None and plan.reply.topic.startswith("ask_reduction")
    assert "以单位方式参保的个体工商户" in plan.reply.text and "免征" in plan.reply.text


# -- facts after a conditions question ----------------------------------------------------------------
def test_facts_after_a_conditions_question_that_decide_it_say_so_first(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_deferral", "长春企业申请社保缓缴要满足啥条件？")
    plan = planner.value(turn_of(lexicon, "我们2020年就亏了两个月，工资倒还发得出来"), state)
    assert plan.reply is not None and plan.reply.text.startswith("不能"), plan.reply.text[:60]
    assert "3个月" in plan.reply.text.splitlines()[0]


def test_facts_that_leave_conditions_open_give_no_yes_or_no(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_unemployment_benefit", "北京领失业金要什么条件")
    plan = planner.value(turn_of(lexicon, "交了3年，被公司裁了"), state)
    assert plan.reply is not None and not plan.reply.text.startswith(("不能", "可以")), plan.reply.text[:60]


# -- a benefit drawn before ---------------------------------------------------------------------------
def test_a_benefit_drawn_in_a_period_is_a_fact_not_the_date_asked(planner, lexicon) -> None:
    text = "2020年上半年在北京领过几个月失业补助金，年底又失业了，还能再申请一回吗？"
    reply = planner.question("ask_unemployment_subsidy", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and not reply.topic.startswith("not_covered")
    assert reply.text.startswith("不能") and "一次" in reply.text.splitlines()[0]


def test_how_many_months_is_still_asked_when_it_is_asked(planner, lexicon) -> None:
    reply = planner.question(
        "ask_unemployment_subsidy", turn_of(lexicon, "北京失业补助金能领几个月"), ConversationState()
    ).reply
    assert reply is not None and "6个月" in reply.text


def test_a_revoked_licence_allows_only_arrears_and_leavers(planner, lexicon) -> None:
    reply = planner.question(
        "ask_policy_faq",
        turn_of(lexicon, "长春我们公司营业执照被吊销了，还能在社保办别的业务吗"),
        ConversationState(),
    ).reply
    assert reply is not None and reply.text.startswith("不能")
    assert "欠费补缴" in reply.text.splitlines()[0]


# -- two questions parted by a space -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "天津2019年社平工资是多少 2020年缴费基数上限是不是它的三倍",
            "天津2019年社平工资是多少,2020年缴费基数上限是不是它的3倍",
        ),
        ("能领吗 ?", "能领吗?"),
        ("北京 2020年社保基数", "北京2020年社保基数"),
    ],
)
def test_a_space_after_a_question_parts_it_from_the_next(text, expected) -> None:
    from bot.text.normalize import normalize

    assert normalize(text).text == expected


def test_both_questions_parted_by_a_space_are_answered(planner, lexicon) -> None:
    text = "天津2019年社平工资是多少 2020年缴费基数上限是不是就是它的三倍"
    reply = planner.question("ask_base_limits", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and "6323" in reply.text and "18969" in reply.text


# -- readings of a case ---------------------------------------------------------------------------------
def test_a_length_told_wins_over_dates_that_disagree_with_it(planner, lexicon) -> None:
    text = (
        "我是外地来京的农民工，2019年10月进的工地单位给上的保险，今年5月没活了被辞退，"
        "前后加起来不到一年，能领临时生活补助吗"
    )
    reply = planner.question("ask_migrant_subsidy", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and "79个月" not in reply.text
    assert reply.text.startswith("可以"), reply.text[:60]


def test_dates_that_agree_with_an_upper_bound_still_count(planner, lexicon) -> None:
    text = "北京农民工，2019年12月进厂开始交社保，2020年7月被辞了，不到一年，能领临时生活补助吗"
    reply = planner.question("ask_migrant_subsidy", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and "7个月" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "天津的，在职读的研，学位证拿到了但是毕业证没给，这样能申请学历提升补贴么？",
        "天津学历提升补贴，学历证书还没有，只有学位证，能申请吗",
        "天津学历提升补贴，我没拿到毕业证能申请吗",
    ],
)
def test_a_degree_without_the_graduation_certificate_gets_no_education_subsidy(
    planner, lexicon, text
) -> None:
    reply = planner.question("ask_skill_subsidy", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and reply.text.startswith("不能"), reply.text[:60]


def test_the_half_year_of_a_flexible_contribution_names_its_average_wage_year(planner, lexicon) -> None:
    text = "长春灵活就业2020年下半年交社保怎么选档"
    reply = planner.question("ask_flexible_employment", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and "2020年下半年缴费的，按2019年全省全口径平均工资" in reply.text
    assert "2019年全省全口径平均工资的数额文件未给出" in reply.text


# -- an article on another scheme ----------------------------------------------------------------------------
def test_an_article_on_another_scheme_gives_way(planner, lexicon) -> None:
    text = "北京中小微企业2020年招了应届毕业生，以工代训补贴最长能补几个月"
    reply = planner.question("ask_policy_faq", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and reply.topic != "faq:bj_graduate_flexible_subsidy"
    assert "6个月" in reply.text and "以工代训" in reply.text


def test_an_article_naming_the_scheme_asked_still_answers(store) -> None:
    from bot.faq import FaqIndex

    hits = FaqIndex(store).search("北京失业补助金能领几次", "beijing")
    assert hits and hits[0].article.id == "bj_subsidy_once"


# -- first lines ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "intent, text, start",
    [
        (
            "ask_reduction",
            "攀枝花的工地，1月20号就开工了，工伤保险一次性交完了，这个能按减免政策退点钱回来不",
            "不能",
        ),
        (
            "ask_policy_faq",
            "香港人在长春上班，香港那边一直参加着当地的社保，这边单位能不能不给他交养老和失业？",
            "可以",
        ),
        ("ask_deferral", "公司批下来缓缴社保了，缓缴这段时间能免滞纳金吗？", "能，"),
        ("ask_deferral", "缓缴期间要交滞纳金吗", "不用，"),
    ],
)
def test_first_lines_answer_the_question_as_it_is_put(planner, lexicon, intent, text, start) -> None:
    reply = planner.question(intent, turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and reply.text.startswith(start), reply.text[:60]


def test_a_date_after_january_is_no_project_started_before_february(planner, lexicon) -> None:
    text = "攀枝花的工地，11月20号才开工，工伤保险能按减免政策退点钱回来不"
    reply = planner.question("ask_reduction", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and "2020年2月1日前已缴纳工伤保险费并开工" not in reply.text.splitlines()[0]


def test_is_the_employers_part_also_waived_names_the_reduction() -> None:
    from bot.answers.aspects import topic_of

    assert topic_of("上海个体工商户按单位参保的,2020年下半年工伤保险单位部分是不是也免") == "ask_reduction"


# -- the figure before a change ------------------------------------------------------------------------------
def test_the_figure_before_the_change_is_the_one_of_the_day_before(planner, lexicon) -> None:
    text = "北京农民合同制工人的一次性生活补助，2020年7月调整以后是多少？调之前是多少"
    reply = planner.question("ask_migrant_subsidy", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and "1652" in reply.text and "1542" in reply.text
    assert "临时生活补助月标准" not in reply.text, "the second question is about the same allowance"


@pytest.mark.parametrize("text", ["北京农民工一次性生活补助之前是多少", "调之前是多少"])
def test_before_without_a_date_named_never_crashes(planner, lexicon, text) -> None:
    reply = planner.question("ask_migrant_subsidy", turn_of(lexicon, text), ConversationState()).reply
    assert reply is None or reply.text


# -- another person's case -----------------------------------------------------------------------------------
def test_another_persons_case_in_the_same_message_is_answered_too(planner, lexicon) -> None:
    text = "北京的，我交了3年失业保险2020年9月被裁了失业金每月多少？我老婆才交了8个月也被辞退了她能领啥"
    reply = planner.question("ask_unemployment_benefit", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and "1816" in reply.text and "880" in reply.text


def test_another_person_is_named_by_kin_or_pronoun_not_inside_other_words() -> None:
    from bot.answers.aspects import OTHER_PERSON, split_questions

    assert len(split_questions("失业金多少？我老婆能领吗")) == 2
    assert OTHER_PERSON.search("其他人也能领吗") is None


# -- the same case asked in more detail ----------------------------------------------------------------------
def test_a_narrower_question_on_the_same_topic_keeps_the_case(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_contribution", "我在长春交社保，2020年6月月工资8000")
    plan = planner.question("ask_contribution", turn_of(lexicon, "个人养老保险每月要交多少"), state)
    assert plan.reply is not None and "640" in plan.reply.text and "长春" in plan.reply.text


def test_a_same_topic_question_naming_another_place_is_that_place(planner, lexicon) -> None:
    state = after(planner, lexicon, "ask_base_limits", "上海社保基数上下限")
    plan = planner.question("ask_base_limits", turn_of(lexicon, "天津的呢"), state)
    assert plan.reply is not None and "18969" in plan.reply.text and "28017" not in plan.reply.text
