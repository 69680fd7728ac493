"""Round fourteen: the length of time a passage must hold for 多久 is a count (6个月, 30日, 3年), not a
calendar year every 2020 notice names; one reading of "the asking clause" for the yes/no form and for the
aspect of a question."""

from __future__ import annotations

import pytest

from bot.answers.aspects import asking_clause, aspect_of, split_questions
from bot.answers.composer import WORDING_ASKED, yes_no_form
from bot.answers.turn import without_position
from bot.dialogue.state import ConversationState, LastAnswer
from bot.passages.index import DURATION
from tests.asking import ask, first_line, turn_of


@pytest.mark.parametrize(
    "text", ["在业务办结的6个月内", "于30日内", "最长不超过3年", "7个工作日内办结", "2020年2月至6月"]
)
def test_a_length_of_time_answers_how_long(text) -> None:
    assert DURATION.search(text), text


@pytest.mark.parametrize("text", ["2020年", "2019年度社会平均工资", "自2019年12月起", "6月30日前"])
def test_a_calendar_year_or_a_day_is_no_length_of_time(text) -> None:
    assert not DURATION.search(text), text


@pytest.mark.parametrize(
    ("text", "clauses", "asking"),
    [
        ("还免么，会计说下半年就恢复交了", ["还免么", "会计说下半年就恢复交了"], 0),
        ("我在长春上班，能领吗", ["我在长春上班", "能领吗"], 1),
        ("我在长春上班", ["我在长春上班"], None),
        ("", [], None),
        ("，，。", [], None),
    ],
)
def test_the_asking_clause_is_the_last_one_that_asks(text, clauses, asking) -> None:
    assert asking_clause(text) == (clauses, asking)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("还免么，会计说下半年就恢复交了", True),
        ("失业金一个月多少钱，我交了三年", False),
        ("我在长春上班", False),
        ("", False),
    ],
)
def test_the_yes_no_form_reads_the_asking_clause(text, expected) -> None:
    assert yes_no_form(text) is expected


# -- a statistical year named: not covered, and no other year's figure --------------------------------------
def test_a_statistical_year_named_is_not_covered_with_no_other_years_figure(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2020年度的全市职工平均工资公布了吗？是多少", "ask_average_wage")
    assert reply is not None
    assert "没有收录" in first_line(reply) and "6323" not in reply.text and "75876" not in reply.text


def test_the_average_wage_a_years_document_published_is_still_given_for_that_year(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2020社平工资是多少", "ask_average_wage")
    assert reply is not None and "2019年度" in reply.text and "6323" in reply.text


# -- 想问问 announces the subject of the question that follows -------------------------------------------
def test_wanting_to_ask_about_a_subject_announces_the_question_after_it() -> None:
    questions = split_questions("想问问稳岗返还，能返多少")
    assert [q.text for q in questions] == ["想问问稳岗返还，能返多少"]


def test_wanting_to_ask_a_question_is_still_that_question() -> None:
    assert [q.aspect for q in split_questions("想问问能领多少")] == ["amount"]


# -- 今年 told before is no year chosen when carried into a later question ---------------------------------
def test_a_relative_date_carried_without_its_words_is_marked() -> None:
    text = "长春的，今年裁了3个"
    start = text.index("今年")
    entity = {"entity": "period", "value": "2026年", "start": start, "end": start + 2}
    assert without_position(entity, text) == {"entity": "period", "value": "2026年", "relative": True}
    written = "长春的，2020年裁了3个"
    entity = {"entity": "period", "value": "2020年", "start": start, "end": start + 5}
    assert "relative" not in without_position(entity, written)
    assert "relative" not in without_position({"entity": "period", "value": "2020年"}, "")


def test_how_much_after_the_job_retention_answer_with_this_year_told_is_answered(planner, lexicon) -> None:
    """能返多少 after 长春的，公司28个人，今年裁了3个: the job-retention answer again, not "2026年 is not
    covered"."""
    told = turn_of(lexicon, "长春的，公司现在28个人，今年裁了3个")
    last = LastAnswer(
        intent="ask_job_retention",
        entities=[without_position(e, told.text) for e in told.entities],
        text="想问问稳岗返还",
    )
    plan = planner.out_of_scope(turn_of(lexicon, "能返多少？"), ConversationState(last=last))
    assert plan.reply is not None and plan.reply.topic == "ask_job_retention", plan.reply
    assert "50%" in plan.reply.text and "2026年" not in plan.reply.text


@pytest.mark.parametrize("text", ["", "   ", "？？？", "能返多少" * 60])
def test_bad_input_after_an_answer_gets_a_reply(planner, lexicon, text) -> None:
    last = LastAnswer(intent="ask_job_retention", entities=[], text="想问问稳岗返还")
    plan = planner.out_of_scope(turn_of(lexicon, text), ConversationState(last=last))
    assert plan.reply is not None and plan.reply.text.strip()


# -- 啥 asks as 什么 where no word of the lists is found as written ----------------------------------------
@pytest.mark.parametrize("text", ["天津的学历提升补贴，啥人能领？", "啥人可以申请稳岗返还"])
def test_who_may_claim_written_with_sha_asks_the_conditions(text) -> None:
    assert aspect_of(text) == "conditions"


# -- the documents' own words asked for ---------------------------------------------------------------
def test_the_documents_words_asked_after_a_calculated_answer_are_quoted(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "攀枝花这边说只有“生产经营严重困难”的企业才能缓缴，这个严重困难到底怎么认定？文件原话咋说的",
        "ask_deferral",
    )
    assert reply is not None and "文件原文" in reply.text and "持续亏损" in reply.text, reply


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("文件原话咋说的", True),
        ("原文是怎么写的", True),
        ("通知里怎么说的", True),
        ("严重困难到底怎么认定", False),
        ("文件有没有规定", False),
    ],
)
def test_the_documents_words_are_asked_for_by_these_words(text, asked) -> None:
    assert bool(WORDING_ASKED.search(text)) is asked


# -- a country on the article's list: depends on the conditions the list comes with ---------------------
def test_a_country_on_the_list_gets_depends_with_its_conditions(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "长春的外企，招了个韩国籍员工，工作证已经办下来了。他在韩国那边有社保，在我们这儿还要交全套社保吗？",
    )
    assert reply is not None and reply.topic == "faq:cc_foreign_employees", reply
    line = first_line(reply)
    assert line.startswith("视情况") and "韩国" in line and "3个月内" in line and "协议之外" in line


def test_a_country_off_the_list_still_gets_no(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春公司招了个美国员工，能按协定免缴社保吗")
    assert reply is not None and first_line(reply).startswith("不能") and "没有美国" in first_line(reply)


# -- layoffs in Tianjin: the article on registration and layoff reports ---------------------------------
def test_a_layoff_procedure_in_tianjin_gets_the_article_not_silence(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津我们厂效益差，准备裁二十多个人，需要走什么流程")
    assert reply is not None and reply.topic == "faq:tj_layoff_report", reply
    assert "提前30日" in reply.text


# -- an article setting several times: the clause on the thing asked first ---------------------------------
@pytest.mark.parametrize(
    ("text", "expected", "article"),
    [
        ("天津这边员工离职了，单位得在多少天之内去办退工备案？", "15日内", "faq:tj_exit_filing"),
        (
            "天津续签劳动合同以后多少天内备案",
            "续订变更劳动合同的，30日内备案",
            "faq:tj_employment_registration",
        ),
    ],
)
def test_the_time_of_the_thing_asked_leads_an_article_setting_several(
    planner, lexicon, text, expected, article
) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.topic == article, reply
    assert expected in first_line(reply)


# -- the benefit refused, the subsidy's conditions met by the facts told ----------------------------------
def test_a_voluntary_leaver_refused_the_benefit_is_told_of_the_subsidy(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "在北京干了3年，上个月自己辞职了，到现在还没找着工作，能领失业金吗？",
        "ask_unemployment_benefit",
    )
    assert reply is not None and first_line(reply).startswith("不能"), reply
    assert "符合失业补助金的条件" in reply.text and "1408元" in reply.text
    assert "2020年3月1日至2020年12月31日" in reply.text  # the subsidy's own period, a 2020 measure


def test_no_subsidy_is_offered_where_its_conditions_are_not_met(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "在上海干了3年，上个月自己辞职了，能领失业金吗", "ask_unemployment_benefit")
    assert reply is not None and "符合失业补助金的条件" not in reply.text


# -- an employer that says so is not asked whether it pays as an individual -------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("我们公司想申请缓缴社保", False), ("单位准备申请缓缴", False), ("我是灵活就业的，想缓缴", True)],
)
def test_an_employer_speaking_of_itself_is_no_flexible_worker(planner, lexicon, text, expected) -> None:
    slots = planner.questionnaires.prefill("deferral_form", turn_of(lexicon, text))
    assert slots.get("q_flexible") is expected


def test_nothing_is_assumed_when_the_asker_says_neither(planner, lexicon) -> None:
    assert "q_flexible" not in planner.questionnaires.prefill("deferral_form", turn_of(lexicon, "想申请缓缴"))


# -- 五十来个人 is a number of people, not 个人 ----------------------------------------------------------
def test_about_fifty_people_is_no_question_about_individuals(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "上海中型企业，五十来个人，我们公司的社保能减免吗", "ask_reduction")
    assert reply is not None and first_line(reply).startswith("不能"), reply
    assert "12月底" in first_line(reply) and "职工个人缴费照常缴纳（" not in first_line(reply)


# -- a yes/no question resumed with the value it waited for: its answer first ------------------------------
def test_a_yes_no_question_resumed_with_the_employer_type_answers_first(planner, lexicon) -> None:
    state = ConversationState()
    first = planner.question("ask_reduction", turn_of(lexicon, "我们公司的社保能减免吗"), state).reply
    assert first is not None and first.pending is not None
    state = ConversationState(pending=first.pending, last=first.context)
    second = planner.value(turn_of(lexicon, "上海的"), state).reply
    assert second is not None and second.pending is not None
    state = ConversationState(pending=second.pending, last=second.context)
    third = planner.value(turn_of(lexicon, "中型企业，五十来个人"), state).reply
    assert third is not None and first_line(third).startswith("不能") and "12月底" in first_line(third)


@pytest.mark.parametrize("text", ["", "？？？", "啊" * 300])
def test_bad_input_while_a_question_waits_gets_a_reply(planner, lexicon, text) -> None:
    first = planner.question(
        "ask_reduction", turn_of(lexicon, "我们公司的社保能减免吗"), ConversationState()
    ).reply
    assert first is not None and first.pending is not None
    plan = planner.value(turn_of(lexicon, text), ConversationState(pending=first.pending, last=first.context))
    assert plan.reply is not None and plan.reply.text.strip()


# -- set_ad: mends ---------------------------------------------------------------------------------------
def test_panzhihua_employers_still_withhold_the_employees_share(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "攀枝花的小公司，社保减免那几个月，能不能干脆不扣员工个人那部分了？",
        "ask_reduction",
    )
    assert reply is not None and first_line(reply).startswith("不能") and "代扣代缴" in first_line(reply)


def test_elsewhere_the_employees_share_is_still_the_national_rule(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "上海的公司，员工个人那部分社保也能一起免吗", "ask_reduction")
    assert reply is not None and "代扣代缴" not in reply.text and "单位缴费部分" in first_line(reply)


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("公司想给员工统一办手机卡，电信有没有企业套餐优惠？", "telecom"),
        ("我56了，想给自己买份商业养老保险，哪家划算？", "commercial_insurance"),
    ],
)
def test_telecom_plans_and_commercial_pensions_are_not_social_insurance(
    planner, lexicon, text, domain
) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.topic == f"out_of_scope:{domain}", reply
    assert "不属于社保" in first_line(reply)


def test_telecom_fraud_is_no_telecom_business(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "电信诈骗冒充社保局怎么办")
    assert reply is not None and reply.topic != "out_of_scope:telecom"


def test_a_general_reading_gives_way_to_the_topic_whose_rule_settles_it(planner, lexicon) -> None:
    """長春…員工個人那部分…也能一起免嗎 read as a general question (a passage that says no yes or no): the
    reduction's rule answers it — the employees' share is not waived."""
    reply = ask(planner, lexicon, "長春的公司，員工個人那部分社保也能一起免嗎？")
    assert reply is not None and reply.topic == "ask_reduction", reply
    assert first_line(reply).startswith("不是") and "个人缴费照常缴纳" in first_line(reply)


def test_a_yes_no_aside_in_the_benefit_questionnaire_gets_the_rule(planner, lexicon) -> None:
    state = ConversationState(active_form="unemployment_benefit_form", last_form="unemployment_benefit_form")
    reply = planner.aside(turn_of(lexicon, "长春的，离法定退休不到一年，还能接着领吗？"), state)
    assert reply is not None and reply.text.startswith("可以") and "人社部发〔2020〕40号" in reply.text


@pytest.mark.parametrize("text", ["交了很久了记不清", "能领多少", "？？"])
def test_no_aside_for_what_is_no_yes_or_no_the_rules_settle(planner, lexicon, text) -> None:
    state = ConversationState(active_form="unemployment_benefit_form", last_form="unemployment_benefit_form")
    assert planner.aside(turn_of(lexicon, text), state) is None


def test_institutions_are_told_no_with_the_rule_that_excludes_them(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "事业单位能享受社保费减免不", "ask_reduction")
    assert reply is not None and first_line(reply).startswith("不能，机关事业单位不在减免范围")
    assert "人社部发〔2020〕49号" in reply.text and "文件未明确" not in reply.text


# -- the residents' medical scheme is no wage-based contribution -------------------------------------------
@pytest.mark.parametrize("text", ["居民医保个人一年交多少", "2020年城乡居民医保个人要交多少钱"])
def test_the_residents_medical_contribution_is_the_national_article(planner, lexicon, text) -> None:
    reply = planner.question("ask_contribution", turn_of(lexicon, text), ConversationState()).reply
    assert reply is not None and reply.topic == "faq:resident_medical_2020", reply
    assert "280元" in reply.text and "月工资" not in reply.text


def test_an_employees_contribution_still_asks_the_wage(planner, lexicon) -> None:
    reply = planner.question(
        "ask_contribution", turn_of(lexicon, "长春职工医保一个月交多少"), ConversationState()
    ).reply
    assert reply is not None and reply.pending is not None and reply.topic != "faq:resident_medical_2020"


# -- two years compared: each year in turn ----------------------------------------------------------------
def test_two_years_compared_are_answered_each_in_turn(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春单位养老缴费比例，2019年和2020年一样吗？", "ask_contribution_rate")
    assert reply is not None and reply.text.startswith("两者的规定分别如下"), reply
    assert "① 2019年" in reply.text and "② 2020年" in reply.text
    assert "2019(5—12)" in reply.text and "2020(1—6)" in reply.text


def test_one_year_compared_with_nothing_named_is_no_two_sided_answer(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春单位养老缴费比例2020年有什么不一样", "ask_contribution_rate")
    assert reply is not None and "两者的规定分别如下" not in reply.text


# -- a rule's yes or no over a silence read for a misread aspect -------------------------------------------
def test_a_short_answer_is_not_followed_by_a_silence_it_contradicts(planner, lexicon) -> None:
    turn = turn_of(lexicon, "长春的公司，员工个人那部分社保也能一起免吗？")
    reply = planner.composer.answer_one("ask_reduction", turn, "procedure")  # the aspect the model read
    assert reply.text.startswith("不是") and "文件没有规定" not in reply.text, reply.text
    assert "9612333" in reply.text and not reply.topic.endswith(":silent")
