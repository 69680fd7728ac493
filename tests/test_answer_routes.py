"""Routes of the answer composer added for questions that touch a neighbouring domain or a topic the
calculators do not hold: when a covered place's own document speaks of it, its passage; otherwise the
polite "not social insurance" or "not covered" with the line, never a nearby figure."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.turn import Turn
from bot.dialogue.state import ConversationState
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize
from tests.asking import ask

TODAY = dt.date(2026, 11, 30)


def test_a_covered_citys_document_on_the_neighbouring_word_is_quoted(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京单位用社保企业版软件申报工资，住房公积金的基数是不是也在里面一起报")
    assert reply.topic == "passage:bj_2020_68", reply.text
    assert "只能申报五项社会保险费" in reply.text and "京人社保字〔2020〕68号" in reply.text
    assert "不属于社保" not in reply.text
    assert "010-12329" in reply.text and reply.handoff == "bj_housing_fund"  # the fund's own line still


def test_a_loan_question_the_graduates_notice_answers(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京应届毕业生自己创业，办创业担保贷款还需不需要反担保人")
    assert reply.topic.startswith("passage:") and "取消反担保" in reply.text, reply.text
    assert "不属于社保" not in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "天津住房公积金的缴存基数下限是多少",  # the domain in general: no passage holds it
        "失业期间住房公积金还能不能自己续交",  # no place named: no city's document can be meant
        "长春买房贷款利率现在是多少",
        "北京信用卡逾期了疫情期间能不能减免",
    ],
)
def test_the_neighbouring_domain_in_general_stays_out_of_scope(planner, lexicon, text: str) -> None:
    reply = ask(planner, lexicon, text)
    assert reply.topic.startswith("out_of_scope"), reply.text
    assert "不属于社保" in reply.text.splitlines()[0]


def test_a_deferred_housing_fund_question_gets_the_beijing_article(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京公司疫情期间困难，公积金可以先缓缴一段时间吗", intent="ask_deferral")
    assert reply.topic == "faq:bj_housing_fund_ratio", reply.text
    assert "2/3" in reply.text


@pytest.mark.parametrize("text", ["", "   ", "公积金", "北京公积金？？？？？？", "公积金" * 100])
def test_bad_input_on_the_neighbour_route_never_raises(planner, lexicon, text: str) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is not None and reply.text


def test_a_keyword_matches_with_the_person_it_is_done_to(planner, lexicon) -> None:
    # the article's keyword is 不给交社保; the question says who is not given it
    reply = ask(planner, lexicon, "乌海这边老板一直不给我们交社保，违法吗，会受什么处罚")
    assert reply.topic == "faq:wh_enforcement_blacklist", reply.text
    assert "黑名单" in reply.text and "乌海政发〔2020〕17号" in reply.text


def test_whether_an_arrangement_is_lawful_is_not_covered(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "单位说社保就别上了，每个月多给我发八百块现金，这样合不合法", "ask_contribution"
    )
    first = reply.text.splitlines()[0]
    assert first.startswith("文件没有规定") and "是否合法" in first, reply.text
    assert reply.topic == "not_covered:legality" and "12333" in reply.text
    assert "元" not in reply.text and "%" not in reply.text  # no figure of the contribution rules


def test_legality_words_outweigh_the_models_amount_reading(lexicon) -> None:
    from bot.answers.composer import asked_questions

    normalized = normalize("公司按最低基数给我交社保，这样合法吗").text
    turn = Turn(text=normalized, entities=[], today=TODAY, asked=[{"text": normalized, "aspect": "amount"}])
    assert [q.aspect for q in asked_questions(turn)] == ["legality"]


@pytest.mark.parametrize(
    "text",
    [
        "我失业金早就领完了，到现在也没上班，能领失业补助金吗",
        "失业金领到头了还是没找着活儿，失业补助金能领吗",
    ],
)
def test_still_unemployed_said_in_other_words(text: str) -> None:
    assert Turn(text=normalize(text).text).reemployed() is False


def test_still_not_is_no_alternative_question() -> None:
    from bot.answers.aspects import split_questions

    text = "长春的，失业金领到头了还是没找着活儿，我离退休就差10个月了，失业金还能接着发吗"
    assert len(split_questions(text)) == 1
    assert len(split_questions("天津失业保险是单位交还是个人交？")) == 1  # an alternative question still asks
    assert split_questions("养老保险交还是不交，有什么区别")[0].text.startswith("养老保险交还是不交")


def test_a_neighbouring_domains_figure_is_never_a_passage(planner, lexicon) -> None:
    # Changchun's notice names 最低工资 (employers unable to pay it may defer): no figure of it
    reply = ask(planner, lexicon, "长春的最低工资标准现在一个月是多少钱", "nlu_fallback")
    assert reply.topic.startswith("out_of_scope") and "不属于社保" in reply.text.splitlines()[0]


def test_when_a_policy_applies_is_answered_first(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "失业农民工那个临时生活补助，政策是从哪段时间执行到哪段时间的",
        "ask_migrant_subsidy",
    )
    first = reply.text.splitlines()[0]
    assert first.startswith("这项规定的执行期间是2020年5月至12月"), reply.text
    assert "2020年5月1日至2020年12月31日" in first


def test_period_wording_for_open_and_partial_months() -> None:
    from bot.answers.composer import _month_or_day, _period_span

    assert _period_span(dt.date(2020, 2, 1), dt.date(2020, 6, 30)) == "2020年2月至6月"
    assert _period_span(dt.date(2020, 5, 1), dt.date(2021, 4, 30)) == "2020年5月至2021年4月"
    assert _period_span(dt.date(2020, 5, 29), dt.date(2020, 12, 31)) == "2020年5月29日至2020年12月31日"
    assert _month_or_day(dt.date(2019, 12, 1)) == "2019年12月"


def test_no_period_line_without_a_period_or_for_another_question(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春社保经办机构的电话是多少", "ask_phone")
    assert "执行期间" not in reply.text.splitlines()[0]
    reply = ask(planner, lexicon, "哪段时间执行的", "ask_policy_faq")  # no rule named: nothing to date
    assert reply is not None and not reply.text.startswith("这项规定的执行期间")


def test_the_second_question_keeps_the_facts_stated_before_it(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "我在长春被公司裁员了，失业保险交了五年，失业登记也办好了，能领失业金吗？一个月大概发多少",
        "ask_unemployment_benefit",
    )
    # the amount answer says nothing the eligibility answer does not, so it is said once; the facts hold
    assert "您累计缴费5年" in reply.text and "您未说明" not in reply.text, reply.text
    from bot.answers.composer import _sub_turn, asked_questions

    turn = _value_turn(
        lexicon, "我在长春被公司裁员了，失业保险交了五年，失业登记也办好了，能领失业金吗？一个月大概发多少"
    )
    second = _sub_turn(turn, asked_questions(turn)[1])
    assert second.years() == 5 and second.registered() is True and second.involuntary() is True


def test_a_month_without_a_year_takes_the_year_the_message_named(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "长春的大型企业2020年4月养老单位部分减半吗？那中小微企业4月份呢", "ask_reduction"
    )
    second = reply.text.split("关于“", 1)[1]
    assert "免征" in second and "没有收录" not in second, reply.text
    assert "2026年" not in second


def test_sub_question_facts_never_leak_backwards() -> None:
    from bot.answers.composer import _sub_turn, asked_questions

    text = normalize("北京失业金一个月多少？另外我交了3年能领几个月").text
    turn = Turn(text=text, entities=[], today=TODAY)
    first, second = asked_questions(turn)
    assert _sub_turn(turn, first).background == ""
    assert _sub_turn(turn, second).background.startswith("北京失业金")


def test_a_general_question_the_documents_leave_open_names_its_topic(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春的稳岗返还在网上申报以后，一般要多少天钱才能到公司账上")
    assert reply.text.startswith("文件没有规定"), reply.text
    # the topic named in the first line; then what the documents do say (the online declaration, or the
    # topic's own rule)
    assert "稳岗返还" in reply.text.splitlines()[0]
    assert reply.topic.startswith("ask_job_retention") or reply.topic == "faq:cc_online_services"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("社保卡弄丢了，去哪里补办，要多久能拿到新卡", "社保卡的补办"),
        ("想打印一份自己的社保缴费明细，在哪里能弄", "缴费记录"),
        ("我们单位有企业年金，个人那部分是怎么交的", "企业年金"),
        ("长护险一个月要交多少钱", "长期护理保险"),
        ("退休以后每个月领养老金大概能拿多少", "养老金"),
    ],
)
def test_uncovered_social_insurance_topics_are_named(planner, lexicon, text: str, named: str) -> None:
    reply = ask(planner, lexicon, text)
    assert reply.topic.startswith("not_covered:"), reply.text
    first = reply.text.splitlines()[0]
    assert "没有涉及" in first and named in first and "12333" in reply.text
    assert "超出了我的服务范围" not in reply.text


def test_a_covered_question_with_an_uncovered_word_is_still_answered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京疫情期间社保卡丢了，补换卡怎么办理")
    assert reply.topic == "faq:bj_card_replacement", reply.text
    reply = ask(planner, lexicon, "我是外籍员工，在长春上班，免缴社保要交的参保证明有期限吗")
    assert not reply.topic.startswith("not_covered"), reply.text


def test_an_uncovered_topic_is_not_answered_by_a_passage_that_does_not_name_it(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "社保查询怎么操作，想看看自己交了几年")
    assert reply.topic == "not_covered:contribution_record", reply.text


def test_a_passage_that_answers_replaces_a_reply_that_only_asks_a_value(planner, lexicon) -> None:
    # the reduction table would ask which employer type; the passage on 公益性岗位 answers without it
    reply = ask(planner, lexicon, "上海社保减免那阵子，公益性岗位的社会保险补贴怎么计算", "ask_reduction")
    assert reply.topic == "passage:sh_2020_10", reply.text
    assert "按照原比例计算" in reply.text and reply.pending is None


@pytest.mark.parametrize(
    "text",
    [
        "今年个税年度汇算我还能退税吗，大概退多少",
        "网购的东西商家不给退货，打12315有用吗",
        "身份证丢了去哪补办身份证，要多少钱",
        "新车上牌要去车管所还是4S店能代办",
    ],
)
def test_more_neighbouring_domains_get_no_figure(planner, lexicon, text: str) -> None:
    reply = ask(planner, lexicon, text)
    first = reply.text.splitlines()[0]
    assert "元" not in reply.text and "%" not in reply.text, reply.text
    assert reply.topic.startswith(("out_of_scope", "not_covered")) or "不属于社保" in first, reply.text


def test_a_neighbour_word_as_context_does_not_make_a_social_insurance_question_out_of_scope(
    planner, lexicon
) -> None:
    reply = ask(
        planner, lexicon, "最近炒股亏了不少，灵活就业的养老保险2020年能不能先缓一缓再交", "ask_deferral"
    )
    assert not reply.topic.startswith("out_of_scope"), reply.text
    assert "不属于社保" not in reply.text


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("北京农民合同制工人一次性生活补助，2020年7月以前发多少", "1542元"),
        ("北京农民合同制工人一次性生活补助2020年8月发多少", "1652元"),
    ],
)
def test_the_one_time_allowance_of_the_date_asked(planner, lexicon, text: str, figure: str) -> None:
    reply = ask(planner, lexicon, text, "ask_migrant_subsidy")
    assert figure in reply.text and "没有收录" not in reply.text, reply.text


def _value_turn(lexicon: Lexicon, text: str) -> Turn:
    normalized = normalize(text).text
    return Turn(
        text=normalized, entities=[e.as_rasa() for e in extract(normalized, lexicon, TODAY)], today=TODAY
    )


def test_a_question_read_as_a_bare_value_goes_to_the_runner_up_question_intent(planner, lexicon) -> None:
    turn = _value_turn(lexicon, "我们是长春的中小微企业，2020年5月养老保险单位那块还用不用交")
    plan = planner.value(turn, ConversationState(), runner_up=("ask_reduction", 0.35))
    assert plan.reply is not None and plan.reply.topic == "ask_reduction", plan.reply
    assert "免征" in plan.reply.text


@pytest.mark.parametrize(
    ("text", "runner_up"),
    [
        ("长春，中小微企业", ("ask_reduction", 0.4)),  # a bare value: no question, nothing to answer
        ("我们是长春的企业，还用不用交", ("ask_reduction", 0.1)),  # too unsure a runner-up
        ("我们是长春的企业，还用不用交", ("greet", 0.6)),  # not a question intent
        ("", None),
    ],
)
def test_no_runner_up_route_without_a_question_or_a_likely_intent(planner, lexicon, text, runner_up) -> None:
    plan = planner.value(_value_turn(lexicon, text), ConversationState(), runner_up=runner_up)
    assert plan.reply is not None and plan.reply.topic != "ask_reduction", plan.reply.text


def test_a_question_read_as_out_of_scope_that_names_a_topic_is_answered(planner, lexicon) -> None:
    plan = planner.out_of_scope(
        _value_turn(lexicon, "后天去办失业经的手续，需要带些什么证件啊"), ConversationState()
    )
    assert plan.reply is not None and not plan.reply.topic.startswith(("out_of_scope", "not_covered")), (
        plan.reply
    )
    assert "身份证" in plan.reply.text or "社会保障卡" in plan.reply.text


@pytest.mark.parametrize(
    "text",
    ["领失业金的那张银行卡被冻结了，钱取不出来怎么办", "今天天气怎么样", "失业金", ""],
)
def test_the_topic_route_keeps_neighbours_and_non_questions_apart(planner, lexicon, text: str) -> None:
    plan = planner.out_of_scope(_value_turn(lexicon, text), ConversationState())
    assert plan.reply is not None and plan.reply.text
    if "银行卡" in text:
        assert plan.reply.topic == "out_of_scope:banking"
    if text in ("失业金", ""):  # no question asked: nothing is answered under a topic
        assert not plan.reply.topic.startswith("ask_")


@pytest.mark.parametrize(
    ("intent", "text", "first"),
    [
        ("ask_contribution_rate", "北京的工伤保险费率2020年是不是往下调了", "是，"),
        ("ask_base_limits", "天津2020年下半年职工缴费基数下限有没有调高", "不是，"),
    ],
)
def test_whether_a_figure_changed_is_answered_first(planner, lexicon, intent, text, first) -> None:
    reply = ask(planner, lexicon, text, intent)
    assert reply.text.splitlines()[0].startswith(first), reply.text


def test_no_change_answer_without_a_change_question(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京2020年工伤保险费率是多少", "ask_contribution_rate")
    assert not reply.text.startswith(("是，", "不是，")), reply.text


@pytest.mark.parametrize(
    ("text", "laid_off"), [("公司裁掉了4个人", 4), ("裁掉了5个", 5), ("前阵子辞退了3个", 3)]
)
def test_layoffs_said_with_a_result_word(lexicon, text: str, laid_off: int) -> None:
    assert _value_turn(lexicon, text).layoffs() == laid_off


def test_a_layoff_rate_over_the_limit_answers_no(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "长春的公司一共15个人，去年裁掉了4个，还能申请稳岗返还吗", "ask_job_retention"
    )
    assert reply.text.startswith("不能"), reply.text
    assert "20%" in reply.text.splitlines()[0]


def test_certificate_and_application_dates_decide_the_12_month_limit(planner, lexicon) -> None:
    late = ask(
        planner,
        lexicon,
        "天津的，学历证书2019年5月发的，2020年8月才去申请学历提升补贴，还行吗",
        "ask_skill_subsidy",
    )
    assert late.text.startswith("不能"), late.text
    assert "12个月内" in late.text.splitlines()[0]
    in_time = _value_turn(lexicon, "职称证书2020年3月拿到的，2020年6月申请")
    assert in_time.certificate_date() == dt.date(2020, 3, 31)
    assert in_time.application_date() == dt.date(2020, 6, 1)
    assert _value_turn(lexicon, "2020年6月的基数是多少").certificate_date() is None


def test_under_a_year_of_contributions_points_to_the_subsidy_with_its_figure(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京的，社保才交了8个月，2020年9月被公司辞退了，失业金能领吗",
        "ask_unemployment_benefit",
    )
    assert reply.text.startswith("不能"), reply.text
    assert "失业补助金" in reply.text and "880元/月" in reply.text
    enough = ask(
        planner, lexicon, "北京的，交了3年，2020年9月被辞退了，失业金能领吗", "ask_unemployment_benefit"
    )
    assert "可以了解失业补助金" not in enough.text


def test_an_uncovered_topic_in_an_uncovered_place_or_year_names_both(planner, lexicon) -> None:
    place = ask(planner, lexicon, "石家庄生孩子的生育津贴能领多少")
    first = place.text.splitlines()[0]
    assert "暂未收录“石家庄”" in first and "没有涉及" in first and "生育保险" in first, place.text
    year = ask(planner, lexicon, "2023年企业退休人员养老金涨了多少")
    first = year.text.splitlines()[0]
    assert "没有涉及养老金" in first and "2023年" in first, year.text
    assert "元" not in year.text


def test_a_neighbour_word_in_a_question_a_passage_answers_confidently(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "上海创业担保贷款要吸纳多少比例的本市户籍劳动者才够条件", "ask_contribution_rate"
    )
    assert reply.topic.startswith("passage:sh_2020_10"), reply.text
    assert "15%" in reply.text and "不属于社保" not in reply.text


def test_a_social_insurance_question_read_as_a_bare_value_takes_the_general_route(planner, lexicon) -> None:
    plan = planner.value(
        _value_turn(lexicon, "乌海那边全民参保到2020年底要做到什么程度"), ConversationState()
    )
    assert plan.reply is not None and plan.reply.topic != "inform_without_question", plan.reply.text
    assert "收到：" not in plan.reply.text
    bare = planner.value(_value_turn(lexicon, "乌海，参保"), ConversationState())
    assert bare.reply is not None and bare.reply.topic == "inform_without_question"


def test_a_silence_gives_way_to_a_question_the_figures_answer(planner, lexicon) -> None:
    months = ask(planner, lexicon, "北京交了6年失业保险，失业金能领多少个月", "ask_unemployment_benefit")
    assert months.text.startswith("文件没有规定"), months.text  # the months by contribution years: silent
    extension = ask(
        planner, lexicon, "上海失业金领满了，离退休差几年以内可以一直领下去", "ask_unemployment_benefit"
    )
    assert not extension.text.startswith("文件没有规定"), extension.text
    assert "2年" in extension.text


@pytest.mark.parametrize("text", ["我被公司裁了", "去年被单位辞退了", "被老板开除了", "被原单位给裁了"])
def test_laid_off_said_with_who_did_it(lexicon, text: str) -> None:
    assert _value_turn(lexicon, text).involuntary() is True


def test_a_second_question_the_first_answer_already_holds_is_not_answered_twice(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京2020年工伤保险费率是不是降了？降了多少", "ask_contribution_rate")
    assert reply.text.startswith("是，"), reply.text
    assert reply.text.count("【北京·缴费比例】") == 1


def test_two_questions_one_article_answers_is_said_once(planner, lexicon) -> None:
    """Both clauses find the same article: the reply holds it once, not under a second heading."""
    reply = ask(planner, lexicon, "乌海这边社保断缴了两个月，社保局会提醒我吗？过了期限还能补吗")
    assert reply.topic == "faq:wh_interrupted_contributions", reply.text
    assert reply.text.count("【乌海社保断缴了会提醒吗") == 1, reply.text
    assert "乌海政发〔2020〕17号" in reply.text


@pytest.mark.parametrize(
    ("text", "echoed"),
    [
        ("我们单位给交了企业年金，人走了这笔钱能提出来吗", "企业年金"),  # not "withdrawing contributions"
        ("想办个病退，身体实在扛不住了", "病退"),
        ("医保断缴了半年，补上以后啥时候能正常用", "医保断缴"),
    ],
)
def test_an_uncovered_topic_names_what_the_user_asked_about(planner, lexicon, text: str, echoed: str) -> None:
    reply = ask(planner, lexicon, text)
    assert reply.topic.startswith("not_covered:"), reply.text
    first = reply.text.splitlines()[0]
    assert "没有涉及" in first and echoed in first, reply.text


def test_an_uncovered_topic_word_that_is_partly_the_question_is_not_echoed() -> None:
    from bot.answers.scope import out_of_scope_topic

    topic = out_of_scope_topic("住院能报销多少")
    assert topic is not None and topic.id == "medical_reimbursement"
    assert topic.asked_as("住院能报销多少") == topic.name  # 能报销 / 住院能报 are half question words
    assert topic.asked_as("异地就医怎么备案") == "“异地就医”（职工医保报销比例和报销办法）"
    assert topic.asked_as("") == topic.name  # nothing said: the plain name


def test_a_general_question_a_passage_answers_is_not_called_silent(planner, lexicon) -> None:
    """A when-question of no known topic: the passage that holds the date, not "文件没有规定"."""
    reply = ask(planner, lexicon, "养老保险基金省级统收统支是哪年要完成的？文件里有说法吗")
    assert reply.topic == "passage:mohrss_2020_49", reply.text
    assert "2020年底前" in reply.text and "人社部发〔2020〕49号" in reply.text


def test_an_article_gets_the_passage_of_its_places_other_document(planner, lexicon) -> None:
    """The article cites the notice; the interpretation issued with it holds the answer: quoted too."""
    reply = ask(planner, lexicon, "北京合并申报五险一金，工资有零头，系统会怎么处理")
    assert "四舍五入" in reply.text and "文件原文" in reply.text, reply.text


def test_a_neighbouring_domains_line_is_only_given_for_its_own_place(planner, lexicon) -> None:
    shanghai = ask(planner, lexicon, "上海住房公积金装修能不能提取")
    assert shanghai.topic == "out_of_scope:housing_fund" and "不属于社保" in shanghai.text
    assert "12329" not in shanghai.text and shanghai.handoff is None  # Beijing's fund line, not Shanghai's
    beijing = ask(planner, lexicon, "北京公积金贷款额度最高多少")
    assert "010-12329" in beijing.text and beijing.handoff == "bj_housing_fund"


def test_taiwans_own_health_card_is_out_of_scope_even_for_someone_working_on_the_mainland(
    planner, lexicon
) -> None:
    reply = ask(planner, lexicon, "我是台湾人在大陆上班，回台湾看牙齿健保卡能刷吗")
    assert reply.topic == "out_of_scope:taiwan_labor_insurance", reply.text
    assert "不属于社保" in reply.text.splitlines()[0]


@pytest.mark.parametrize("intent", ["ask_deferral", "ask_flexible_employment"])
def test_the_first_question_keeps_its_own_topic_when_the_classifier_read_the_second(
    planner, lexicon, intent: str
) -> None:
    """基数上限 asked first, 缓缴 second: the classifier's intent is the second's; the first still gets
    the limits (not a request for a wage, nor a questionnaire)."""
    reply = ask(planner, lexicon, "上海2020年下半年缴费基数上限是多少？另外灵活就业的养老能不能缓缴", intent)
    assert reply is not None
    # the cap asked first (its own line), then the table of both limits
    lines = reply.text.splitlines()
    assert lines[:2] == ["缴费基数上限：28017元/月。", "【上海·缴费基数上下限】"], reply.text
    assert "关于“另外灵活就业的养老能不能缓缴”" in reply.text


def test_a_general_question_keeps_its_article_when_a_clause_names_a_topic(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京1月2月的社保费能晚交到几月？晚交期间待遇受不受影响")
    assert reply.topic.startswith("faq:"), reply.text
    assert "3月底" in reply.text


def test_when_a_rate_cut_ends_is_the_date_the_document_sets(planner, lexicon) -> None:
    """The figures shown run to 2020-06-30 (the split by payer); the rate cut itself to 2021-04-30."""
    reply = ask(planner, lexicon, "长春失业保险费率降低的政策能用到哪年？", "ask_contribution_rate")
    first = reply.text.splitlines()[0]
    assert "2021年4月30日" in first and "长社保〔2020〕1号" in first, reply.text
    two = ask(planner, lexicon, "长春失业保险单位个人各交几个点？降费率什么时候结束", "ask_contribution_rate")
    assert two.text.count("2021年4月30日") >= 1 and "0.7%" in two.text, two.text
    # a place with no such date in the documents gets no invented one
    none = ask(planner, lexicon, "乌海降费率什么时候结束", "ask_contribution_rate")
    assert "2021年4月30日" not in none.text, none.text


def test_when_an_employers_deferred_contributions_must_be_paid_back_is_not_stated(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春的公司缓缴了半年社保，到时候最晚哪天前得补交上", "ask_deferral")
    assert reply.text.startswith("文件没有规定企业缓缴的社会保险费"), reply.text
    assert "9612333" in reply.text  # Changchun's own line
    # how long the deferral itself may run is a figure the documents give, not a silence
    until = ask(planner, lexicon, "长春企业社保缓缴最晚能缓到什么时候", "ask_deferral")
    assert "2020年12月31日" in until.text and not until.text.startswith("文件没有规定"), until.text
    # an individual's deferred pension has its date: 2021年底
    person = ask(planner, lexicon, "灵活就业人员2020年缓缴的养老保险最晚什么时候补缴", "ask_deferral")
    assert "2021年12月31日" in person.text, person.text


def test_a_silence_entry_reads_its_words() -> None:
    from bot.answers.composer import Silence, _silence

    entry = _silence({"what": "补缴期限", "when": ["补缴"], "unless": ["灵活就业"]})
    assert entry == Silence("补缴期限", ("灵活就业",), ("补缴",))
    assert entry.applies("企业缓缴的什么时候补缴") and not entry.applies("缓缴到什么时候")
    assert not entry.applies("灵活就业的什么时候补缴")
    assert _silence("领取期限").applies("随便什么问题")


def test_a_month_without_a_year_is_the_documents_month_the_data_covers(planner, lexicon) -> None:
    """上海's 2020 standard runs from July 2020 to June 2021: 7月 without a year is July 2020, said so."""
    reply = ask(planner, lexicon, "上海7月份以后缴费基数上限调成多少了", "ask_base_limits")
    assert "28017" in reply.text and "您未说明年份，以下按资料中的2020年7月答复" in reply.text, reply.text
    assert "没有收录" not in reply.text.splitlines()[0]
    # a year said outright stays the user's year
    later = ask(planner, lexicon, "上海2023年7月以后缴费基数上限多少", "ask_base_limits")
    assert "28017" not in later.text.splitlines()[0] and "2023" in later.text.splitlines()[0], later.text


def test_an_out_of_scope_question_beside_a_social_insurance_one_leaves_it_answered(planner, lexicon) -> None:
    text = "交强险一年多少钱？另外北京失业保险金每个月发多少"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply.text.startswith("这个问题不属于社保政策"), reply.text
    assert "1816" in reply.text  # the second question is still answered
    # both out of scope: one reply for the message
    both = ask(planner, lexicon, "交强险一年多少钱？个税起征点是多少", "out_of_scope")
    assert both.topic.startswith("out_of_scope") and "关于“" not in both.text, both.text


def test_a_housing_fund_rate_cut_question_in_beijing_gets_the_beijing_article(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京的企业困难，住房公积金最低能降到几个点")
    assert reply.topic == "faq:bj_housing_fund_ratio", reply.text


def test_an_article_on_something_else_than_the_topic_comes_before_its_silence(planner, lexicon) -> None:
    """The benefit's months are a silence of the documents; a question on the price subsidy paid with the
    benefit is about that subsidy, which an article answers."""
    text = "领失业金期间那个物价补贴翻倍，是2020年哪几个月的事"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply.topic == "faq:price_subsidy_doubled", reply.text
    assert "2020年3月至6月" in reply.text
    silent = ask(planner, lexicon, "交了6年失业保险能领几个月失业金", "ask_unemployment_benefit")
    assert silent.text.startswith("文件没有规定"), silent.text


def test_a_yes_no_reduction_question_of_an_unstated_employer_type_depends_on_it(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春的公司，2020年8月单位那份养老保险还要不要交", "ask_reduction")
    assert reply.text.startswith("视情况：要看是哪类单位"), reply.text
    assert "中小微企业" in reply.text and "大型企业" in reply.text
    plain = ask(planner, lexicon, "长春企业2020年社保减免是怎么规定的", "ask_reduction")
    assert not plain.text.startswith("视情况"), plain.text  # not a yes/no question: the table alone


def test_the_benefit_brackets_read_as_years_without_field_names(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京失业金每个月发多少", "ask_unemployment_benefit")
    assert "满1年起1816元/月；满5年起1843元/月" in reply.text, reply.text
    assert "min" not in reply.text
