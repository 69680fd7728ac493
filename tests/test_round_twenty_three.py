"""Round twenty-three: dates that say when a question applies (not a birth date; the day a benefit runs
out), a year before the documents' standard, a follow-up naming a month of the claim, a not-covered place
that ends the reply, a request to work something out, and answers the documents' own Q&A settles."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answers import short_answers
from bot.answers.turn import value_kind
from bot.dialogue.state import ConversationState
from tests.asking import ask, first_line, turn_of, turn_read_as


def follow(planner, lexicon, steps: list[tuple[str, str]]):
    """Play ``steps`` (intent, text) as one conversation; ``inform`` is a bare value. The last plan."""
    state, plan = ConversationState(), None
    for intent, text in steps:
        turn = turn_of(lexicon, text)
        plan = planner.value(turn, state) if intent == "inform" else planner.question(intent, turn, state)
        if plan.reply is not None and plan.reply.context is not None:
            state = ConversationState(last=plan.reply.context)
    return plan


# -- the date a question applies ---------------------------------------------------------------------------
def test_a_birth_date_and_a_closure_do_not_date_the_extension_question(planner, lexicon) -> None:
    text = (
        "我在上海一家纺织厂干了二十多年，2019年初厂子关了，失业金领到2020年8月就满了。我是男的，1962年2月出生，"
        "按60岁退休还差一年半。上海这边，我这种情况失业金还能继续领到退休吗？"
    )
    turn = turn_read_as(lexicon, text, "eligibility", "ask_unemployment_benefit")
    reply = planner.question("ask_unemployment_benefit", turn, ConversationState()).reply
    assert "不足2年" in reply.text and "沪府规〔2020〕10号" in reply.text, reply.text
    assert "不足1年的，可继续" not in reply.text


@pytest.mark.parametrize("born", ["1965年3月出生", "1965年3月生的", "65年生人"])
def test_a_birth_date_is_never_the_date_asked(lexicon, born) -> None:
    turn = turn_of(lexicon, f"我{born}，北京的，失业金一个月多少")
    period = turn.period()
    assert period is None or not str(period.get("date_from", "")).startswith("1965"), period


def test_a_month_without_a_year_takes_the_year_whose_figure_the_data_holds(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京这边 我是农民合同制工人 单位给交的失业险 干了一年多合同到期走了 "
        "七月以后领那个一次性生活补助是多少钱",
        "ask_migrant_subsidy",
    )
    assert "1652" in reply.text and "资料中没有北京的一次性生活补助金额" not in reply.text, reply.text
    assert "2020年7月" in reply.text


# -- a year before the documents' standard -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["2016年北京失业金标准是多少，累计交了3年", "北京2018年失业保险金一个月多少，我交了12年"]
)
def test_a_year_before_the_standard_is_not_covered_with_a_record_told(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    year = "2016" if "2016" in text else "2018"
    assert f"没有收录{year}年" in first_line(reply), reply.text
    for figure in ("1816", "1843", "1870", "1897", "1925"):
        assert figure not in reply.text


def test_the_documents_year_with_a_record_still_gives_the_figure(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京2020年8月失业金一个月多少，我交了12年", "ask_unemployment_benefit")
    assert "1870" in first_line(reply), reply.text


# -- follow-ups ----------------------------------------------------------------------------------------------
def test_a_month_of_the_claim_asked_next_keeps_the_record_told(planner, lexicon) -> None:
    plan = follow(
        planner,
        lexicon,
        [
            ("ask_unemployment_benefit", "北京失业金是怎么算的"),
            ("inform", "我交了22年"),
            ("inform", "那第13个月开始呢"),
        ],
    )
    assert "1816" in first_line(plan.reply), plan.reply.text
    assert "累计缴费22年" in plan.reply.text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("那第13个月开始呢", "duration:ordinal"), ("头一年呢", "duration:ordinal"), ("交了13个月", "duration")],
)
def test_a_month_of_the_claim_is_a_kind_of_its_own(lexicon, text, kind) -> None:
    turn = turn_of(lexicon, text)
    durations = turn.all("duration")
    assert durations and value_kind(durations[0], turn.text) == kind


@pytest.mark.parametrize(
    "entity",
    [{"entity": "duration"}, {"entity": "duration", "start": 99}, {"entity": "duration", "start": "x"}, {}],
)
def test_value_kind_of_an_odd_entity_never_crashes(entity) -> None:
    assert value_kind(entity, "那第13个月开始呢") in ("duration", "None")


def test_a_place_the_data_lacks_ends_the_follow_up_without_a_passage(planner, lexicon) -> None:
    plan = follow(
        planner,
        lexicon,
        [
            ("ask_flexible_employment", "长春灵活就业上半年交社保 是按哪年的平均工资定档次"),
            ("inform", "那沈阳呢"),
        ],
    )
    text = plan.reply.text
    assert "沈阳" in first_line(plan.reply) and "未收录" in first_line(plan.reply), text
    assert "文件原文" not in text and "14个" not in text and "60%" not in text


# -- a request to work something out ------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["想算下我在长春个人交的养老保险", "帮我算下长春的失业保险个人交多少"])
def test_a_request_to_work_out_a_contribution_is_a_question(planner, lexicon, text) -> None:
    plan = planner.value(turn_of(lexicon, text), ConversationState())
    if plan.questionnaire is not None:
        assert plan.questionnaire.form == "contribution_form"
    else:
        assert plan.reply is not None and plan.reply.topic != "inform_without_question", plan.reply.text


def test_a_wish_to_know_is_a_question() -> None:
    from bot.answers.aspects import asks_question

    assert asks_question("想知道长春的失业金")
    assert asks_question("想了解一下北京的稳岗返还")
    assert not asks_question("我在长春上班")


# -- answers from the documents' text ------------------------------------------------------------------------
def test_a_person_archived_in_beijing_is_told_where_to_declare_and_the_free_choice(planner, lexicon) -> None:
    turn = turn_read_as(
        lexicon,
        "我在北京是以个人身份存档交社保的 2020年度缴费基数上哪报 报多少我自己能定吗",
        "procedure",
        "ask_policy_faq",
    )
    reply = planner.question("ask_policy_faq", turn, ConversationState()).reply
    assert "政务服务中心" in reply.text and "自由选择" in reply.text, reply.text
    assert reply.topic == "faq:bj_wage_declaration"


def test_the_documents_own_q_and_a_settles_a_yes_no_question(planner, lexicon) -> None:
    turn = turn_read_as(
        lexicon,
        "天津这边，新员工原来那家单位一直没给他办退工，我们新公司能直接给他做就业登记吗",
        "eligibility",
        "ask_policy_faq",
    )
    reply = planner.question("ask_policy_faq", turn, ConversationState()).reply
    assert first_line(reply).startswith("可以"), reply.text
    assert "答：可以" in reply.text


QUOTED = (
    "【题】\n文件原文（天津）：\n“八、原用人单位没有为劳动者办理退工备案手续的，"
    "新的用人单位可否为劳动者办理就业登记？\n答：可以。”"
)


@pytest.mark.parametrize(
    ("question", "reply_text", "expected"),
    [
        (
            "新公司能直接给他做就业登记吗，原单位没办退工",
            QUOTED,
            "可以。文件的政策问答对此的答复见下面的原文。",
        ),
        ("北京失业金一个月多少", QUOTED, None),  # another question: the quoted Q&A does not settle it
        ("新公司能直接做就业登记吗", "可以，…\n" + QUOTED, None),  # already answered
        ("", QUOTED, None),
        ("能办就业登记吗", "", None),
        ("能办就业登记吗", "文件原文没有引号 答：可以。", None),
    ],
)
def test_a_quoted_q_and_a_answers_only_the_question_it_asks(question, reply_text, expected) -> None:
    assert short_answers.quoted_qa_line(question, reply_text) == expected


def test_a_subsidy_whose_amount_no_document_states_says_so_first(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津的学历提升补贴 我专升本拿到毕业证了 能补多少钱啊", "ask_skill_subsidy")
    assert first_line(reply).startswith("文件没有规定") and "学历提升补贴的具体金额" in first_line(reply)


def test_a_turn_with_no_kind_named_falls_back_to_the_skill_subsidy(planner, lexicon) -> None:
    turn = dataclasses.replace(turn_of(lexicon, "长春的补贴能补多少"), background="")
    reply = planner.question("ask_skill_subsidy", turn, ConversationState()).reply
    assert reply is not None and "技能提升补贴" in reply.text


# -- a neighbouring domain read as a request to be walked through ---------------------------------------
@pytest.mark.parametrize(
    "text", ["請問台灣勞保老年年金怎麼算？我爸快要退休了，想先估一下", "帮我算算车险一年多少钱"]
)
def test_a_neighbouring_domain_never_starts_a_questionnaire(planner, lexicon, text) -> None:
    plan = planner.start_questionnaire(turn_of(lexicon, text), ConversationState())
    assert plan.questionnaire is None and plan.reply is not None
    assert plan.reply.topic.startswith("out_of_scope"), plan.reply.text


@pytest.mark.parametrize("text", ["帮我逐项测算", "测算一下", ""])
def test_a_plain_request_still_offers_the_questionnaires(planner, lexicon, text) -> None:
    plan = planner.start_questionnaire(turn_of(lexicon, text), ConversationState())
    assert plan.questionnaire is not None or "可以帮您测算" in plan.reply.text


def test_amounts_that_round_nothing_state_no_rounding_convention(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "长春二零年上半年，工资五千，失业保险个人那部分一个月交多少钱", "ask_contribution"
    )
    assert "15元" in first_line(reply) and "舍入规则" not in reply.text, reply.text


def test_amounts_that_round_state_the_convention(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春2020年5月，大型企业，工资两万，单位每月交多少社保", "ask_contribution")
    assert "四舍五入为" in reply.text and "舍入规则" in reply.text, reply.text


# -- the office to report to, a scheme misread, the state's share ---------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "天津一家机械厂，一共150来号人，打算裁掉25个。要走啥程序？得向哪个部门报告",
        "天津裁员要找哪个部门",
    ],
)
def test_whom_to_report_a_layoff_to_is_the_article_not_the_directory(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text, "ask_phone")
    assert reply.topic == "faq:tj_layoff_report", reply.text
    assert "30日" in reply.text and "区人社部门" in reply.text


def test_a_number_asked_for_is_still_the_directory(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津裁员的事打哪个电话问", "ask_phone")
    assert "☎" in first_line(reply), reply.text


def test_a_scheme_named_against_the_intent_gets_its_article(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "失业人员那个价格临时补贴二零年是不是提高了，提高了多少，还有是哪几个月",
        "ask_skill_subsidy",
    )
    assert reply.topic == "faq:price_subsidy_doubled", reply.text
    assert "技能提升补贴" not in reply.text


def test_the_skill_subsidy_named_stays_the_skill_subsidy(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春技能提升补贴要交满多久失业保险", "ask_skill_subsidy")
    assert "技能提升补贴" in reply.text and "12个月" in reply.text, reply.text


def test_the_states_share_for_a_household_is_the_fiscal_subsidy(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "想问下2020年居民医保国家财政给每个人补助多少钱？我们家三口人，财政一年至少一共补多少",
        "ask_policy_faq",
    )
    assert "550" in reply.text and "1650" in reply.text, reply.text
    assert "840" not in reply.text


def test_a_households_own_contribution_is_still_the_personal_one(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "我们家三口人都交城乡居民医保，2020年一年一共要交多少", "ask_policy_faq")
    assert "840" in reply.text and "1650" not in reply.text, reply.text


# -- what a story tells beside the question -----------------------------------------------------------
def test_renting_told_as_where_one_lives_is_no_housing_question(planner, lexicon) -> None:
    turn = turn_read_as(
        lexicon,
        "天津失业登记咋办 俺户口不在天津 在这租房住好几年了 能在这边登不 网上能弄不",
        "procedure",
        "ask_policy_faq",
    )
    reply = planner.question("ask_policy_faq", turn, ConversationState()).reply
    assert not reply.topic.startswith("out_of_scope") and "常住地" in reply.text, reply.text


def test_a_rent_question_is_still_out_of_scope(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京租房一个月房租一般多少钱")
    assert reply.topic.startswith("out_of_scope"), reply.text


def test_the_start_of_a_record_is_not_the_year_asked(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "俺是农民合同制工 2019年4月来北京才上的保险 累计不到一年 现在没活干了 能领啥补助？一个月多少",
        "ask_migrant_subsidy",
    )
    assert "880" in first_line(reply) and "没有收录2019年" not in reply.text, reply.text


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("长春 俺们公司经营困难 想申请困难企业那种稳岗返还 可公司上了失信名单了 还中不", "不能"),
        ("长春的 我们不是失信企业 经营困难 稳岗返还能领吗", "视情况"),
    ],
)
def test_an_excluded_employer_told_decides_the_hardship_refund(planner, lexicon, text, verdict) -> None:
    turn = turn_read_as(lexicon, text, "eligibility", "ask_job_retention")
    reply = planner.question("ask_job_retention", turn, ConversationState()).reply
    assert first_line(reply).startswith(verdict), reply.text


@pytest.mark.parametrize(
    ("text", "document"),
    [
        ("听说企业养老保险基金要在全省统一收支了，国家说的是哪年底前弄好", "人社部发〔2020〕49号"),
        ("领着失业补助金呢 要是找着活了或者出国了 还能接着领不 啥情况给停", "人社部发〔2020〕40号"),
    ],
)
def test_colloquial_words_find_the_documents_sentence(planner, lexicon, text, document) -> None:
    hit = planner.composer.passages.best(turn_of(lexicon, text).text, None)
    assert hit is not None and hit.passage.document_id in ("mohrss_2020_49", "mohrss_2020_40"), hit
    reply = ask(planner, lexicon, text)
    assert document in reply.text and "原文" in reply.text, reply.text


def test_an_individual_paying_at_the_street_office_is_told_where_to_declare(planner, lexicon) -> None:
    turn = turn_read_as(
        lexicon,
        "北京 俺是在街道社保所自个儿交社保的 2020年度缴费基数上哪报 报晚了咋整",
        "procedure",
        "ask_policy_faq",
    )
    reply = planner.question("ask_policy_faq", turn, ConversationState()).reply
    assert reply.topic == "faq:bj_wage_declaration" and "7月25日" in reply.text, reply.text


# -- neighbouring and uncovered topics inside a social-insurance story -------------------------------------
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "在上海，怀孕三个月了，公司一直交着生育保险。产检花的钱能不能走生育保险报销？是不是要攒着发票一起去报",
            "not_covered:maternity",
        ),
        (
            "长春一家小饭店，疫情停业了好几个月。听说连续亏损、发不起最低工资的可以申请缓缴社保，"
            "那我得先知道长春现在的最低工资标准是多少钱一个月？",
            "out_of_scope:minimum_wage",
        ),
        (
            "我今年四十八了，现在在天津按灵活就业自己交。听人说养老保险必须交满十五年才能按月领养老金，"
            "这是真的吗？要是不够十五年咋办",
            "not_covered:pension_contribution_years",
        ),
        ("稳岗返还到账了要交个税吗", "out_of_scope:tax"),
    ],
)
def test_the_topic_asked_inside_a_story_decides_the_scope(planner, lexicon, text, topic) -> None:
    reply = planner.composer.scope_reply(turn_of(lexicon, text))
    assert reply is not None and reply.topic == topic, reply and reply.text


def test_deferral_for_those_who_cannot_pay_the_minimum_wage_is_still_answered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "发不起最低工资的企业能申请缓缴社保吗", "ask_deferral")
    assert not reply.topic.startswith("out_of_scope"), reply.text
