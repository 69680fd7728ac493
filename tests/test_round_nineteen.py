"""Round nineteen: 今年 asked of a year's standard is a year the documents do not hold (no 2020
figure, no questionnaire quoting it); 失业单位 is no 事业单位 mistyped; delays and approximate lengths are no
contribution records (拖了两个多月 / 七八个月); a record from the dates told (2020年2月开始交…10月被
辞退); statements that only look like questions (有几个编外聘用的 / 停了几个月。); short answers for
platform workers' registration, 港澳台 flexible workers and a flexible worker's catch-up; uncovered topics
(异地就医, 断缴的影响, 个人养老金) and the covered end of a transfer; 缓到什么时候 as the deferral's own
question; a tag question after a short answer."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answers.aspects import split_questions
from bot.answers.scope import out_of_scope_topic
from bot.dialogue.state import ConversationState
from bot.text.normalize import normalize
from tests.asking import ask, first_line, turn_of


# -- 今年 asked of one year's standard ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["今年北京失业金发放标准是多少？", "北京失业金今年每个月发多少？我爸交了二十多年了，上个月刚被单位辞退"],
)
def test_this_years_standard_is_not_covered(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert "没有收录2026年" in first_line(reply), reply.text
    assert "1816" not in reply.text and "1925" not in reply.text and "12333" in reply.text
    assert "北京2020年度的标准" in reply.text  # which year's standard the documents do hold


def test_this_years_standard_with_a_record_starts_no_questionnaire(planner, lexicon) -> None:
    turn = turn_of(lexicon, "今年北京失业金一个月能拿多少？我交了6年社保，上个月刚被优化")
    plan = planner.question("ask_unemployment_benefit", turn, ConversationState())
    assert plan.questionnaire is None and plan.reply is not None
    assert "没有收录2026年" in first_line(plan.reply) and "1843" not in plan.reply.text, plan.reply.text


def test_now_still_gets_the_latest_standard_with_its_year(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京现在失业金一个月多少", intent="ask_unemployment_benefit")
    assert "1816" in reply.text and "2020年度" in reply.text, reply.text


def test_a_rate_asked_for_this_year_is_still_read_as_now(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京工伤保险费率今年降了多少？", intent="ask_contribution_rate")
    assert "20%" in reply.text and "没有收录2026年" not in reply.text, reply.text


# -- 失业单位 is no typo --------------------------------------------------------------------------------
def test_two_words_are_not_corrected_into_one_term() -> None:
    assert normalize("2020年5月的养老、失业单位缴费还能减半吗").text.count("失业单位") == 1
    assert normalize("失业经能领几个月").text == "失业金能领几个月"
    assert normalize("稳刚返还怎么申请").text == "稳岗返还怎么申请"


def test_a_large_enterprise_asking_about_unemployment_contributions_is_no_institution(
    planner, lexicon
) -> None:
    text = (
        "我们是长春一家大型制造企业，1200多号人。长春文件写的减"
        "半只到4月，那2020年5月的养老、失业单位缴费还能减半吗"
    )
    reply = ask(planner, lexicon, text, intent="ask_reduction")
    assert "机关事业单位" not in first_line(reply) and "减半" in reply.text, reply.text


# -- delays, approximate lengths and dates -----------------------------------------------------------
def test_a_delay_before_applying_is_no_record(lexicon) -> None:
    turn = turn_of(lexicon, "长春的，厂子黄了，疫情封着拖了两个多月才去申请失业金，过了六十天了还给办不")
    assert turn.years() is None and turn.months() is None


def test_a_late_fees_days_are_still_read(planner, lexicon) -> None:
    text = "天津一家公司，欠了员工2019年的养老保险费一万块，2020年8月才去补缴，按晚了30天算，滞纳金得交多少"
    reply = ask(planner, lexicon, text, intent="ask_late_fee")
    assert "150" in reply.text, reply.text


def test_the_sixty_day_limit_lifted_in_changchun(planner, lexicon) -> None:
    text = "长春的 2020年开春厂子黄了 正赶上疫情封着出不去门 拖了两个多月才去申请失业金 过了六十天了还给办不"
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")
    assert first_line(reply).startswith("可以") and "60日" in reply.text, reply.text


def test_an_approximate_record_of_months_reads_as_its_lower_bound(lexicon) -> None:
    assert turn_of(lexicon, "社保只交了七八个月公司就黄了").years() == pytest.approx(7 / 12, abs=0.001)
    assert turn_of(lexicon, "社保交了三四年了").years() is None  # may straddle a tier: no figure


def test_an_approximate_time_since_an_event_is_no_record(lexicon) -> None:
    assert turn_of(lexicon, "失业七八个月了").years() is None
    assert turn_of(lexicon, "交了七八").years() is None  # no unit: nothing to read


def test_a_short_record_told_approximately_gets_the_lower_subsidy(planner, lexicon) -> None:
    text = (
        "刚毕业那年在北京一家公司上班，社保只交了七八个月公司就黄了"
        "，2020年11月听说有个失业补助金，像我这种能领多少一个月"
    )
    reply = ask(planner, lexicon, text, intent="ask_unemployment_subsidy")
    assert "880" in reply.text and "1408" not in reply.text, reply.text


def test_a_record_from_the_dates_told(planner, lexicon) -> None:
    text = "北京的失业补助金，我是2020年2月才开始交社保的，10月就被辞退了，能领多少"
    reply = ask(planner, lexicon, text, intent="ask_unemployment_subsidy")
    assert "880" in reply.text and "1408" not in reply.text, reply.text


def test_my_case_after_the_subsidy_answer_is_put_to_it(planner, lexicon) -> None:
    first = ask(planner, lexicon, "北京的失业补助金多少钱一个月", intent="ask_unemployment_subsidy")
    state = ConversationState(last=first.context, last_topic=first.topic)
    plan = planner.fallback(turn_of(lexicon, "我在北京才交了8个月社保，能拿多少"), state)
    assert plan.reply is not None and "880" in plan.reply.text and "1408" not in plan.reply.text


# -- statements that look like questions ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "攀枝花的事业单位，有几个编外聘用的参加的是企业养老，2020年他们的单位部分能享受减免吗",
        "灵活就业自己交养老，交不起就停了几个月。这几个月后来还能补上吗？",
    ],
)
def test_a_few_told_is_no_question(text) -> None:
    assert len(split_questions(normalize(text).text)) == 1


def test_how_many_months_stopped_is_still_asked() -> None:
    questions = split_questions("社保停了几个月？还能补吗")
    assert len(questions) == 2


# -- short answers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "intent", "first"),
    [
        ("天津跑外卖的，跟平台没签劳动合同，能不能自己去办就业登记？", "ask_policy_faq", "可以"),
        (
            "我是香港人，在長春做自由職業（靈活就業），辦了居住證，可以自己參加職工養老保險嗎？",
            "ask_policy_faq",
            "可以",
        ),
        ("2020年灵活就业自己交养老，交不起就停了几个月，这几个月后来还能补上吗？", "ask_policy_faq", "可以"),
        (
            "攀枝花的事业单位，有几个编外聘用的参加的是企业养老，2020年他们的单位部分能享受减免吗",
            "ask_reduction",
            "不能",
        ),
        ("领失业补助金的那半年，会不会把我以前交社保的年头给核减掉", "ask_unemployment_subsidy", "不会"),
    ],
)
def test_yes_no_questions_answered_first(planner, lexicon, text, intent, first) -> None:
    reply = ask(planner, lexicon, text, intent=intent)
    assert first_line(reply).startswith(first), reply.text


def test_a_tag_question_repeating_the_first_is_answered_once(planner, lexicon) -> None:
    text = "领失业补助金的那半年 会不会把我以前交社保的年头给核减掉 村里有人说领了补助年限就少了 是不是真的"
    reply = ask(planner, lexicon, text, intent="ask_unemployment_subsidy")
    assert reply.text.count("不会。") == 1, reply.text


def test_a_legality_tag_after_a_short_answer_does_not_contradict_it(planner, lexicon) -> None:
    text = (
        "我们厂老板说2020年国家把社保给免了 所以工资里个人那份社保也不扣了 干脆啥也不交了 "
        "工资条上社保一栏全空着 这么弄合法吗"
    )
    turn = turn_of(lexicon, text)
    cut = turn.text.index("工资条")
    asked = [  # as the parse reads it: a yes/no, then a legality tag naming no topic of its own
        {"text": turn.text[:cut], "aspect": "eligibility", "topic": "ask_contribution"},
        {"text": turn.text[cut:], "aspect": "legality", "topic": None},
    ]
    turn = dataclasses.replace(turn, asked=asked)
    reply = planner.question("ask_contribution", turn, ConversationState()).reply
    assert reply is not None and first_line(reply).startswith("不是") and "个人缴费" in reply.text, reply
    assert "文件没有规定这一做法是否合法" not in reply.text


# -- uncovered topics -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("老家医保，人在北京看病，异地就医备案怎么弄", "not_covered:medical_reimbursement"),
        ("毕业后换工作中间断了四五个月社保，断缴对以后有啥影响啊", "not_covered:contribution_gap"),
        ("银行一直推销个人养老金账户，开了之后钱可以随时取出来吗？", "not_covered:private_pension"),
        ("养老保险到底最少要交够多少年，退休的时候才能按月领钱", "not_covered:pension_contribution_years"),
    ],
)
def test_uncovered_topics_are_named(planner, lexicon, text, topic) -> None:
    reply = ask(planner, lexicon, text)
    assert reply.topic == topic and "没有涉及" in first_line(reply) and "12333" in reply.text, reply.text


def test_the_unemployment_record_is_no_pension_minimum(planner, lexicon) -> None:
    text = "北京失业保险交满15年不满20年的，2020年7月后每个月发多少"
    assert out_of_scope_topic(text).id == "pension_contribution_years"  # its words, but…
    reply = ask(planner, lexicon, text, intent="ask_unemployment_benefit")  # …the benefit's record
    assert "1897" in reply.text and not reply.topic.startswith("not_covered"), reply.text


def test_a_transfer_names_the_covered_ends_line(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "要从长春调去大连工作了，养老保险关系怎么转过去？")
    assert "大连" in first_line(reply) and "没有涉及" in first_line(reply), reply.text
    assert "9612333" in reply.text


def test_a_follow_up_the_last_article_answers_is_not_an_uncovered_topic(planner, lexicon) -> None:
    first = ask(planner, lexicon, "2020年居民医保个人交多少")
    state = ConversationState(last=first.context, last_topic=first.topic)
    reply = planner.question("ask_policy_faq", turn_of(lexicon, "那住院能报销多少"), state).reply
    assert reply is not None and "70%" in reply.text, reply


# -- routing words ------------------------------------------------------------------------------------
def test_how_long_a_deferral_runs_is_the_national_rule(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "受疫情影响特别困难的企业，社保费可以一直缓到什么时候？", intent="ask_deferral"
    )
    assert "2020年12月31日" in first_line(reply) and "哪个城市" not in reply.text, reply.text


def test_an_insurance_in_short_form_is_recognised(lexicon) -> None:
    turn = turn_of(lexicon, "长春上班，工资5千，失业险个人扣多少")
    assert turn.value("insurance_type") == "unemployment"


# -- bad input --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["今年？？？", "七八个月", "拖了", "有几个", "从长春转到", "今年度"])
def test_fragments_get_a_reply_without_error(planner, lexicon, text) -> None:
    plan = planner.question("ask_unemployment_benefit", turn_of(lexicon, text), ConversationState())
    assert plan.reply is not None or plan.questionnaire is not None


# -- later in the round: a yes/no without 吗, who approves, undated rules, follow-ups ------------------
def test_a_verb_not_verb_question_is_a_question_of_its_own() -> None:
    questions = split_questions(
        "天津单位补缴欠的养老保险滞纳金按天怎么算？要是疫情期间批了缓缴，还收不收滞纳金"
    )
    assert len(questions) == 2 and questions[1].aspect == "eligibility"


def test_both_the_fee_and_the_deferral_are_answered(planner, lexicon) -> None:
    text = "天津单位补缴欠的养老保险滞纳金按天怎么算？要是疫情期间批了缓缴，还收不收滞纳金"
    reply = ask(planner, lexicon, text, intent="ask_late_fee")
    assert "0.05%" in reply.text and "免收滞纳金" in reply.text, reply.text


@pytest.mark.parametrize(
    "text",
    [
        "攀枝花县里的一家企业想申请社保缓缴，困难认定要经过哪些部门，最后谁批？",
        "攀枝花的企业想申请缓缴社保，文件里说的“生产经营严重困难企业”到底怎么认定？",
    ],
)
def test_who_approves_a_deferral_is_the_places_article(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, intent="ask_deferral")
    assert reply.topic == "faq:pzh_deferral_procedure", reply.text
    assert "市人社局" in reply.text and "财政" in reply.text


def test_an_undated_rule_asked_for_a_later_year_is_still_stated(planner, lexicon) -> None:
    text = (
        "天津一家公司（2021年），老板说要裁人。裁多少人以上必须提前跟工会或者全体员工说明、还要报人社部门？"
    )
    reply = ask(planner, lexicon, text)
    assert "20人" in reply.text and "10%" in reply.text and "没有收录2021年" not in reply.text, reply.text


def test_a_figure_of_a_later_year_is_still_not_covered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京2023年失业金标准是多少", intent="ask_unemployment_benefit")
    assert "没有收录2023年" in first_line(reply) and "1816" not in reply.text, reply.text


def test_a_question_read_as_a_value_can_be_followed_up(planner, lexicon) -> None:
    first = planner.value(turn_of(lexicon, "居民医保个人一年交多少"), ConversationState()).reply
    assert first is not None and first.context is not None, first
    state = ConversationState(last=first.context, last_topic=first.topic)
    reply = planner.value(turn_of(lexicon, "2020年的"), state).reply
    assert reply is not None and "280" in reply.text, reply


def test_the_own_share_in_a_month_names_the_contribution() -> None:
    from bot.answers.aspects import topic_of

    assert topic_of("我自己那份养老保险1个月扣多少钱啊") == "ask_contribution"


@pytest.mark.parametrize(
    "turns",
    [
        ["上海灵活就业的2020年养老保险能先不交吗", "那以后补交基数按啥定"],
        ["灵活就业2020年的养老保险没交上，还能补吗", "补的时候缴费基数咋定"],
    ],
)
def test_the_base_of_a_flexible_workers_catch_up(planner, lexicon, turns) -> None:
    first = ask(planner, lexicon, turns[0], intent="ask_flexible_employment")
    state = ConversationState(last=first.context, last_topic=first.topic)
    plan = planner.question("ask_contribution_base", turn_of(lexicon, turns[1]), state)
    assert plan.reply is not None and "上下限" in plan.reply.text, plan.reply


def test_a_place_after_a_question_naming_none_completes_it(planner, lexicon) -> None:
    first = ask(planner, lexicon, "失业补助金能领几个月", intent="ask_unemployment_subsidy")
    state = ConversationState(last=first.context, last_topic=first.topic)
    plan = planner.fallback(turn_of(lexicon, "我在北京，社保交了两年，每个月能拿多少"), state)
    assert plan.reply is not None and "1408" in plan.reply.text, plan.reply


# -- amounts and the last mends of the round ------------------------------------------------------------
def test_a_base_told_and_the_employers_pension_asked_gets_the_reduced_contribution(planner, lexicon) -> None:
    text = "长春一家大型企业，2020年3月有个员工缴费基数6000，单位这块养老保险实际要交多少？不是说减半嘛"
    reply = ask(planner, lexicon, text, intent="ask_contribution")
    assert "480" in first_line(reply) and "缴费基数上下限" not in first_line(reply), reply.text


def test_a_citys_limit_asked_as_a_general_question_gets_the_citys_figure(planner, lexicon) -> None:
    text = (
        "我是长春这边一个小公司管工资的，我现在在对以前的账，"
        "那个2020年1月到6月长春的缴费基数下限到底是多少钱来着？"
    )
    reply = ask(planner, lexicon, text)
    assert "2767" in first_line(reply), reply.text


def test_the_national_floor_article_still_answers_the_national_question(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年社保缴费基数下限会涨吗")
    assert reply.topic == "faq:base_floor_2019", reply.topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "长春的，我是九几年国企的老职工，那时候个人不交钱，视同缴费年限是怎么认定的？",
            "pension_contribution_years",
        ),
        ("北京的，我是在职职工医保，去医院看门诊，报销的起付线是多少？", "medical_reimbursement"),
        (
            "我四十五岁才开始自己交养老，到退休的时候是不是必须交满多少年才能按月领？",
            "pension_contribution_years",
        ),
    ],
)
def test_more_uncovered_topics(planner, lexicon, text, topic) -> None:
    reply = ask(planner, lexicon, text)
    assert reply.topic == f"not_covered:{topic}" and "没有涉及" in first_line(reply), reply.text


def test_a_decade_told_is_no_question() -> None:
    assert len(split_questions("我是九几年国企的老职工，视同缴费年限是怎么认定的？")) == 1


def test_whether_a_treaty_was_signed_is_a_second_question(planner, lexicon) -> None:
    text = "长春社保咨询热线是多少？我们公司有日本员工，中国和日本签了社保协定没有"
    assert len(split_questions(normalize(text).text)) == 2
    reply = ask(planner, lexicon, text, intent="ask_phone")
    assert "9612333" in reply.text and "日本" in reply.text.split("关于", 1)[-1], reply.text
