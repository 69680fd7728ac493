"""Round thirteen: mends from the blind set set_aa, each a general rule (啥意思 asks what a term means, 么
ending a clause asks like 吗, a number of people is no 个人, a belief about the figure at a year named, time
since the job ended is no contribution record, a city's own online services, the average wage a year's
document published, one of two employers pointed to by its size, a company split into several employers
told, Guangdong's rate extension asked as a rate question)."""

from __future__ import annotations

import pytest

from bot.answers.aspects import aspect_of, split_questions
from bot.dialogue.state import ConversationState
from tests.asking import ask, first_line, turn_of

BENEFIT = "ask_unemployment_benefit"


# -- what is asked -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["这个全口径到底啥意思", "阶段性减免是啥含义"])
def test_what_a_term_means_is_a_definition(text) -> None:
    assert aspect_of(text) == "definition"


def test_a_definition_of_the_full_caliber_wage_is_its_article_not_which_city(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "老看到全口径城镇单位就业人员平均工资 这个全口径到底啥意思", "ask_average_wage"
    )
    assert reply is not None and reply.topic == "faq:sh_full_caliber_average_wage", reply
    assert "非私营" in reply.text and "加权" in reply.text


@pytest.mark.parametrize("text", ["单位部分还免么,会计说下半年就恢复交了", "还能领么"])
def test_me_ending_a_clause_asks_yes_or_no(text) -> None:
    assert aspect_of(text) == "eligibility"


@pytest.mark.parametrize("text", ["为什么", "要怎么弄", "那么多", "要么交要么不交"])
def test_me_of_other_words_asks_nothing_yes_or_no(text) -> None:
    assert aspect_of(text) != "eligibility"


def test_a_number_of_people_is_no_individual_and_the_reduction_goes_on(planner, lexicon) -> None:
    text = "天津的小微企业 20个人 2020年10月的养老失业工伤单位部分还免么 会计说下半年就恢复交了"
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert reply is not None and first_line(reply).startswith("是"), reply.text
    assert "免征" in reply.text and "人社部发〔2020〕49号" in reply.text


def test_the_individuals_part_is_still_denied(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "我们公司个人那部分2020年也免吗", "ask_reduction")
    assert reply is not None and first_line(reply).startswith("不是"), reply.text


def test_a_company_split_into_several_employers_is_told_not_asked() -> None:
    text = (
        "攀枝花的,我们以前跟着集团统一参保,今年拆成几个独立法人分别参保了,"
        "结果被划成大型企业,这个能申请改吗,找谁"
    )
    questions = split_questions(text)
    assert len(questions) == 1 and questions[0].aspect == "procedure", questions


def test_a_dispute_of_the_enterprise_size_gets_its_article(planner, lexicon) -> None:
    text = (
        "攀枝花的 我们以前跟着集团统一参保 今年拆成几个独立法人分别参保了 "
        "结果省里共享的企业划型把我们划成大型企业 享受不了免征 这个能申请改吗 找谁"
    )
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.topic == "faq:enterprise_size_dispute", reply
    assert "市统计局" in reply.text


# -- figures believed, time told ---------------------------------------------------------------------
def test_a_belief_about_the_figure_in_the_second_year_is_denied(planner, lexicon) -> None:
    text = "我同事说北京失业金交满20年的就一直按1925领 领到第二年也一样 是真的吗"
    reply = ask(planner, lexicon, text, BENEFIT)
    assert reply is not None and first_line(reply).startswith("不是"), reply.text
    assert "1816" in first_line(reply) and "第13个月" in first_line(reply)


def test_time_since_the_job_ended_is_no_contribution_record(lexicon) -> None:
    turn = turn_of(lexicon, "被辞退到现在两个多月了还能领失业金吗")
    durations = [e for e in turn.entities if e["entity"] == "duration"]
    assert durations and durations[0]["usage"] == "elapsed", durations


def test_a_late_claim_in_changchun_is_told_the_60_day_limit_was_lifted(planner, lexicon) -> None:
    text = (
        "长春的 去年12月底公司把我辞了 赶上疫情小区封了一直没出门 到现在两个多月了才想起来申请失业斤 "
        "还能领吗 不是说有60天的期限吗"
    )
    reply = ask(planner, lexicon, text, BENEFIT)
    assert reply is not None and first_line(reply).startswith("可以"), reply.text
    assert "60日" in reply.text and "长社保〔2020〕1号" in reply.text


# -- where and how -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["长春 失业了 失业金网上咋申请 不想跑大厅", "长春失业金在网上怎么申请"])
def test_claiming_online_in_changchun_names_its_wechat_services(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, BENEFIT)
    assert reply is not None and reply.topic in ("faq:cc_online_services", "faq:cc_personal_wechat"), reply
    assert "长春社会保险" in reply.text


def test_claiming_online_with_no_city_keeps_the_national_article(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "失业金网上咋申请", BENEFIT)
    assert reply is not None and reply.topic == "faq:unemployment_claim_documents", reply


def test_guangdongs_rate_extension_answers_a_rate_question(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "广东失业保险降费率延到哪天 那个浮动费率办法呢", "ask_contribution_rate")
    assert reply is not None and "2021年4月30日" in reply.text and "粤人社发〔2020〕70号" in reply.text


# -- the average wage of a year ----------------------------------------------------------------------
def test_a_years_average_wage_is_the_one_its_document_published(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2020社平工资是多少", "ask_average_wage")
    assert reply is not None and first_line(reply).startswith("文件没有2020年度的平均工资"), reply.text
    assert "2019年度" in first_line(reply) and "6323" in reply.text


@pytest.mark.parametrize(
    ("text", "unexpected"), [("天津2021年社平工资是多少", "6323"), ("北京2020年社平工资是多少", "2020年公布")]
)
def test_no_figure_for_a_year_no_document_of_that_year_published(planner, lexicon, text, unexpected) -> None:
    reply = ask(planner, lexicon, text, "ask_average_wage")
    assert reply is not None and unexpected not in reply.text, reply.text


def test_the_second_question_of_limits_and_wage_gets_the_published_wage(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2020社保缴费基数上下线多少 社平工资是多少", "ask_base_limits")
    assert reply is not None and all(f in reply.text for f in ("3364", "18969", "6323")), reply.text


# -- two employers -----------------------------------------------------------------------------------
def test_the_small_one_of_two_employers_gets_its_own_months(planner, lexicon) -> None:
    text = "长春 我们集团下面一家大型企业一家小微企业 2020年大的那家养老单位部分减半到几月 小的那家免征到几月"
    reply = ask(planner, lexicon, text, "ask_reduction")
    assert reply is not None and "6月底" in reply.text and "12月底" in reply.text, reply.text


# -- bad input ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["啥意思", "么么么", "小的那家免征到几月", "到现在两个多月了", "20个人"])
def test_fragments_get_a_reply_and_no_error(planner, lexicon, text) -> None:
    plan = planner.question("ask_policy_faq", turn_of(lexicon, text), ConversationState())
    assert plan.reply is None or plan.reply.text.strip(), plan


# -- a short question after an article ---------------------------------------------------------------
def _after_article(planner, lexicon, first: str) -> ConversationState:
    opened = planner.question("ask_policy_faq", turn_of(lexicon, first), ConversationState())
    assert opened.reply is not None and opened.reply.context is not None, opened
    return ConversationState(last=opened.reply.context, last_topic=opened.reply.recorded_topic)


def test_a_question_naming_no_subject_goes_on_with_the_housing_fund_article(planner, lexicon) -> None:
    state = _after_article(planner, lexicon, "北京公积金缴存比例范围")
    plan = planner.question("ask_policy_faq", turn_of(lexicon, "公司疫情期间困难 能降到多少"), state)
    assert plan.reply is not None and plan.reply.topic == "faq:bj_housing_fund_ratio", plan.reply
    assert "1%" in plan.reply.text and "4%" in plan.reply.text


def test_a_question_naming_its_own_subject_after_the_article_is_its_own(planner, lexicon) -> None:
    state = _after_article(planner, lexicon, "北京公积金缴存比例范围")
    plan = planner.question("ask_unemployment_benefit", turn_of(lexicon, "北京失业金一个月多少"), state)
    assert plan.reply is None or not plan.reply.topic.startswith("faq:bj_housing_fund"), plan.reply


@pytest.mark.parametrize(
    ("text", "asks_yes_or_no"),
    [
        ("还免么,会计说下半年就恢复交了", True),  # a statement told after the yes/no question
        ("能领吗,我交了3年", True),
        ("够不够", True),
        ("应该没问题吧", True),
        ("失业金能领几个月,我交了3年", False),
        ("会计说下半年就恢复交了", False),
    ],
)
def test_the_asking_clause_decides_whether_yes_or_no_is_asked(text, asks_yes_or_no) -> None:
    from bot.answers.composer import yes_no_form

    assert yes_no_form(text) is asks_yes_or_no


def test_a_neighbouring_domain_not_understood_after_an_answer_is_out_of_scope(planner, lexicon) -> None:
    opened = planner.question(
        "ask_base_limits", turn_of(lexicon, "长春2020年上半年社保基数下限多少"), ConversationState()
    )
    assert opened.reply is not None and opened.reply.context is not None
    state = ConversationState(last=opened.reply.context, last_topic=opened.reply.recorded_topic)
    plan = planner.fallback(turn_of(lexicon, "那长春最低工资标准是多少"), state)
    assert plan.reply is not None and plan.reply.topic.startswith("out_of_scope"), plan.reply
    assert "2767" not in plan.reply.text


@pytest.mark.parametrize("text", ["长春2020上半年社保基数下限多少", "2020下半年天津的基数"])
def test_a_year_without_nian_before_its_half_is_that_half(lexicon, text) -> None:
    turn = turn_of(lexicon, text)
    periods = [e for e in turn.entities if e["entity"] == "period"]
    assert len(periods) == 1 and periods[0]["date_from"].startswith("2020-"), periods
    assert not [e for e in turn.entities if e["entity"] == "money"], turn.entities


# -- set_ab: people telling their case ---------------------------------------------------------------
def test_leaving_voluntarily_denied_is_involuntary(planner, lexicon) -> None:
    text = (
        "我在北京一家机械厂干了22年，2020年6月厂子把我们一批老工人辞退了，不是我自己要走的，"
        "失业登记也办好了，我这情况能领失业保险金不？"
    )
    reply = ask(planner, lexicon, text, BENEFIT)
    assert reply is not None and first_line(reply).startswith("可以"), reply.text


def test_leaving_voluntarily_told_is_still_voluntary(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "不是被辞退的，是我自己辞职的，能领失业金吗", BENEFIT)
    assert reply is not None and first_line(reply).startswith("不能"), reply.text


@pytest.mark.parametrize(
    ("text", "place"), [("我是湖北孝感人，在北京上学", "湖北"), ("我是甘肃农村出来的，在西安上班", "甘肃")]
)
def test_where_the_asker_comes_from_is_an_origin(lexicon, text, place) -> None:
    turn = turn_of(lexicon, text)
    city = next(e for e in turn.all("city") if text[e["start"] : e["end"]].startswith(place))
    assert turn.is_origin(city), city


def test_the_place_of_work_is_the_uncovered_place_not_the_origin(planner, lexicon) -> None:
    text = "我是甘肃农村出来的，在西安一家工厂干了4年，2020年7月厂子倒闭了。在西安领失业金一个月能拿多少钱？"
    reply = ask(planner, lexicon, text, BENEFIT)
    assert reply is not None and "西安" in first_line(reply) and "甘肃" not in reply.text, reply.text


def test_a_migrant_from_an_uncovered_province_gets_the_national_rule_later_too(planner, lexicon) -> None:
    text = (
        "我是安徽农村的，在外地一家工厂干了3年，2020年6月厂子倒了。想问两件事：我这种能拿什么补助？"
        "还有我弟弟2019年10月才进厂参的保，干了半年也失业了，他能领啥、能领几个月？"
    )
    reply = ask(planner, lexicon, text, "ask_migrant_subsidy")
    assert reply is not None and "临时生活补助" in reply.text and "安徽" not in reply.text, reply.text


@pytest.mark.parametrize(
    ("text", "out_of_scope"),
    [
        ("我给长春一家小广告公司做账，公司裁了5个人，稳岗返还还能申请吗", False),
        ("稳岗返还收到了怎么做账", True),
    ],
)
def test_bookkeeping_asked_is_out_of_scope_but_told_is_not(text, out_of_scope) -> None:
    from bot.answers.scope import out_of_scope_topic

    topic = out_of_scope_topic(text)
    assert (topic is not None and topic.id == "tax") is out_of_scope, topic


@pytest.mark.parametrize(
    "text", ["天津落户需要连续交几个月社保？还要什么条件？", "宝宝刚出生，上户口是去派出所还是去社保局办啊"]
)
def test_settling_a_hukou_is_out_of_scope(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.topic.startswith("out_of_scope:hukou"), reply


def test_a_hukou_elsewhere_told_is_a_fact_of_the_unemployment_registration(planner, lexicon) -> None:
    text = "天津失业登记，我户口在河北沧州，可在天津住了十多年了，2020年9月被公司辞退，能在天津办吗"
    reply = ask(planner, lexicon, text)
    assert reply is not None and first_line(reply).startswith("可以"), reply.text
    assert "常住地" in reply.text and "沧州" not in first_line(reply)


def test_what_happens_to_an_employer_that_will_not_pay_in_wuhai(planner, lexicon) -> None:
    text = "在乌海，企业不依法参保、拒不缴费，会被怎么处理？"
    assert aspect_of(text) == "legality"
    reply = ask(planner, lexicon, text, "ask_contribution")
    assert reply is not None and "黑名单" in reply.text, reply.text


def test_the_day_school_ended_is_no_date_asked(planner, lexicon) -> None:
    text = (
        "我是2019年12月毕业的，2020年3月正式入职长春一家设计公司，按6500报的基数，"
        "每个月个人要扣多少养老保险、多少失业保险？"
    )
    reply = ask(planner, lexicon, text, "ask_contribution")
    assert reply is not None and "520" in reply.text and "19.5" in reply.text, reply.text


@pytest.mark.parametrize(
    "text",
    [
        "还是长春那家30人公司的会计。工资条上个人扣的养老是不是也跟着免了？",
        "我是韩国人，在长春上班。我想问：拿了韩国那边的参保证明，是不是五险就全都不用在中国交了？",
    ],
)
def test_again_and_i_want_to_ask_open_no_question_of_their_own(text) -> None:
    assert len(split_questions(text)) == 1, split_questions(text)


def test_which_office_handles_it_is_a_contact_question_answered_by_the_listing(planner, lexicon) -> None:
    text = (
        "我在长春开了个小修车铺，个体户，自己交灵活就业的养老保险，"
        "个体户参保这块，长春社保有专门管的部门吗？电话是多少？"
    )
    reply = ask(planner, lexicon, text, "ask_flexible_employment")
    assert reply is not None and "88673626" in reply.text, reply.text
    assert not first_line(reply).startswith("可以"), reply.text


def test_an_individual_business_insured_as_an_employer_in_changchun_is_waived(planner, lexicon) -> None:
    text = (
        "我在长春开了家麻辣烫店，是个体工商户，雇了两个服务员，是以单位的方式上的社保，单位缴费能不能也免？"
    )
    reply = ask(planner, lexicon, text)
    assert reply is not None and first_line(reply).startswith("可以"), reply.text


def test_the_asking_clause_decides_the_aspect_over_a_word_told_before_it(planner, lexicon) -> None:
    text = "现在要给日本那边报个材料，得写清楚当年的情况：上海2018年的社保缴费基数上限是多少？"
    assert split_questions(text)[0].aspect == "amount"
    reply = ask(planner, lexicon, text, "ask_base_limits")
    assert reply is not None and "2018" in first_line(reply) and reply.topic.startswith("not_covered"), reply


def test_how_arrears_of_two_years_are_paid_back_in_tianjin(planner, lexicon) -> None:
    text = (
        "天津的厂子，单位2010年有几个月、2018年有几个月的养老保险都没交上，这两段欠费补缴是一个算法吗？"
        "2010年欠的怎么算？"
    )
    reply = ask(planner, lexicon, text)
    assert reply is not None and "5265" in reply.text and "万分之五" in reply.text, reply.text
