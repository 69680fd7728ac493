"""Issue #16, items 5–8: inferences flagged, FAQ wording held to the documents, rates and periods as asked,
and the facts that were missing, each reached by a question in a real user's style.

Each question goes through the planner (no Rasa) under the intent the trained NLU gives it; the reply must
carry the quoted words of the document and its number, and must not carry what the document does not say.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot import paths
from bot.answers.service import Answerer
from bot.answers.turn import Turn
from bot.dialogue.planner import Planner
from bot.dialogue.state import ConversationState
from bot.kb.store import PolicyStore
from bot.kb.verify import squash
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def planner(store: PolicyStore) -> Planner:
    return Planner(Answerer(store))


@pytest.fixture(scope="module")
def lexicon(store: PolicyStore) -> Lexicon:
    return Lexicon.from_store(store)


def ask(planner: Planner, lexicon: Lexicon, intent: str, text: str):
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    plan = planner.question(
        intent, Turn(text=normalized, entities=entities, today=TODAY), ConversationState()
    )
    assert plan.reply is not None
    return plan.reply


def check(reply, says: list[str], never: list[str]) -> None:
    for words in says:
        assert words in reply.text, (words, reply.text)
    for words in never:
        assert words not in reply.text, (words, reply.text)


# -- 5. inferences flagged --------------------------------------------------------------------------------


INFERRED = {
    "cc_xinqu": {"高新", "高新区"},
    "cc_yiqi": {"汽开区", "汽车开发区"},
    "cc_jingyue": {"经开", "经开区", "经济开发区", "经济技术开发区"},
    "hotline_12345": {"市长热线", "投诉热线", "政府热线", "便民热线"},
    "bj_card_96102": {"社保卡电话"},
}


def test_aliases_not_in_the_documents_are_marked_inferred(store: PolicyStore) -> None:
    for office_id, aliases in INFERRED.items():
        office = store.office(office_id)
        assert set(office.inferred) == aliases and office.inference, office_id
    for office in store.offices():
        document = store.document(office.source.document)
        seed = squash((paths.SEEDS_DIR / document.seed_file).read_text(encoding="utf-8"))
        for alias in office.inferred:  # 高新 only as part of 钒钛高新区 (Panzhihua), in another document
            assert squash(alias) not in seed, (office.id, alias)


@pytest.mark.parametrize(
    ("question", "number", "alias"),
    [
        ("长春高新区的社保分局电话是多少", "0431-88678350", "高新区"),
        ("汽开区社保局电话多少啊", "0431-88688908", "汽开区"),
        ("长春经开区社保在哪个分局，电话呢", "0431-82538085", "经开区"),
    ],
)
def test_a_reply_found_by_an_inferred_alias_says_so(planner, lexicon, question, number, alias) -> None:
    reply = ask(planner, lexicon, "ask_phone", question)
    check(reply, [number, f"您说的“{alias}”", "推断", "文件未载明", "长社保〔2020〕1号 附件2"], [])


def test_a_district_the_document_names_needs_no_such_note(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_phone", "长春净月分局电话多少")
    check(reply, ["0431-82538085"], ["推断"])


def test_12345_is_beijings_complaint_channel_not_a_national_line(planner, lexicon, store) -> None:
    assert store.office("hotline_12345").region == "beijing"
    beijing = ask(planner, lexicon, "ask_phone", "北京公司不给交社保，想投诉打哪个电话")
    check(beijing, ["12345", "转来的社保投诉举报案件"], ["政务服务便民热线", "全国"])
    shanghai = ask(planner, lexicon, "ask_phone", "上海单位不给交社保，投诉打啥电话")
    check(shanghai, ["12333", "推断"], ["12345"])


def test_96102_is_named_for_what_the_notice_says(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_phone", "北京补办的社保卡寄出来了，进度打什么电话查")
    check(reply, ["96102", "也可以通过96102查询快递进度"], ["社保卡服务电话"])


def test_12333_for_a_city_without_numbers_is_flagged_as_inferred(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_phone", "天津社保咨询电话多少")
    check(reply, ["12333", "只在北京市的通知中提到12333", "推断"], ["全国统一"])


def test_both_addresses_of_the_changchun_platform_with_their_places(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_policy_faq", "长春社保网上平台的网址是啥")
    check(reply, ["https://www.ccsb.org.cn/", "https://www.ccsbix.org.cn/", "正文第1条", "附件2"], [])


# -- 6. FAQ wording no more than the document ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("intent", "question", "article", "says", "never"),
    [
        (
            "ask_unemployment_benefit",
            "失业金现在能在网上申领吗",
            "unemployment_claim_documents",
            ["人力资源社会保障部建立领取失业保险金、失业补助金全国线上申领入口", "人社部发〔2020〕40号"],
            ["已建立"],
        ),
        (
            "ask_policy_faq",
            "2020年城乡居民医保贫困户住院报销有照顾吗",
            "resident_medical_2020",
            ["脱贫攻坚期内农村建档立卡贫困人口起付线较普通参保居民降低一半", "医保发〔2020〕24号"],
            [],
        ),
        (
            "ask_policy_faq",
            "香港人在长春做个体户能参加养老保险吗",
            "cc_hmt_residents",
            ["符合在长春参加城乡居民基本养老保险条件的港澳台居民", "长社保〔2020〕1号"],
            ["符合条件的港澳台居民"],
        ),
        (
            "ask_policy_faq",
            "送外卖的在乌海能自己交社保吗",
            "wh_new_economy_workers",
            [
                "积极支持未建立稳定劳动关系的新业态从业人员以个人身份参加社会保险",
                "探索",
                "乌海政发〔2020〕17号",
            ],
            ["（乌海市规定）支持"],
        ),
        (
            "ask_policy_faq",
            "北京应届生先上岗再考证，试用期考不到证会怎样",
            "bj_graduates",
            [
                "先上岗的高校毕业生在试用期内未取得相应职业资格的，应当依法解除聘用合同",
                "京人社毕发〔2020〕5号",
            ],
            [],
        ),
        (
            "ask_policy_faq",
            "乌海公司不给员工交社保会怎么处理",
            "wh_enforcement_blacklist",
            ["黑名单", "文件没有写明投诉举报的电话或渠道", "乌海政发〔2020〕17号"],
            ["12345"],
        ),
    ],
)
def test_faq_wording_says_what_the_document_says(
    planner, lexicon, intent, question, article, says, never
) -> None:
    reply = ask(planner, lexicon, intent, question)
    assert reply.topic == f"faq:{article}", reply.text
    check(reply, says, never)


def test_quoted_words_in_faq_answers_stand_in_their_document(store: PolicyStore) -> None:
    import re

    from bot.kb.verify import squash as sq

    for article in store.faq_articles():
        seed = sq((paths.SEEDS_DIR / store.document(article.source.document).seed_file).read_text("utf-8"))
        for quoted in re.findall(r"“([^“”]{12,})”", article.answer):
            assert sq(quoted) in seed, (article.id, quoted)


# -- 7. rates and periods as asked ---------------------------------------------------------------------------


def test_one_partys_rate_not_the_combined_one(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_contribution_rate", "长春2020年失业保险个人缴费比例是多少")
    check(
        reply,
        [
            "失业保险个人缴费比例：0.3%",
            "附件1 2020(1—6)行",
            "2020年7月1日起，文件只规定失业保险单位和个人缴费比例之和为1%",
        ],
        ["失业保险单位缴费比例"],
    )
    undated = ask(planner, lexicon, "ask_contribution_rate", "长春失业保险个人交多少比例")
    check(undated, ["失业保险个人缴费比例：0.3%", "2020年7月1日起，文件只规定"], ["• 失业保险单位缴费比例"])
    employer = ask(planner, lexicon, "ask_contribution_rate", "长春2019年失业保险单位交多少比例")
    check(employer, ["失业保险单位缴费比例：0.7%"], ["• 失业保险个人缴费比例"])


def test_only_the_combined_rate_where_the_document_gives_no_split(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_contribution_rate", "长春2021年3月失业保险个人交多少比例")
    check(reply, ["1%", "没有分别规定个人的缴费比例", "长社保〔2020〕1号 三、第13条"], ["没有收录2021年"])


def test_a_month_range_selects_its_row_of_annex_1(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_contribution_rate", "长春2016年1-4月失业保险单位缴费比例是多少")
    check(reply, ["失业保险单位缴费比例：1.5%", "2016(1—4)行", "2016年4月30日"], ["2016(5—12)"])
    spanning = ask(planner, lexicon, "ask_contribution_rate", "长春2019年3至6月养老保险单位缴费比例")
    check(spanning, ["20%", "2019年5月起比例不同"], [])


def test_arrears_of_an_earlier_period_get_the_rule_in_force_now(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_late_fee", "天津补缴2011年7月以后欠缴的养老保险，滞纳金咋算")
    check(reply, ["0.05%", "津人社局发〔2020〕12号"], ["没有收录2011年", "资料中没有收录"])


def test_period_readings(lexicon) -> None:
    months = [e for e in extract("长春2016年1-4月失业保险", lexicon, TODAY) if e.entity == "period"]
    assert [(e.extra["date_from"], e.extra["date_to"], e.extra["granularity"]) for e in months] == [
        ("2016-01-01", "2016-04-30", "months")
    ]
    arrears = [e for e in extract("补缴2011年7月以后欠缴的养老保险", lexicon, TODAY) if e.entity == "period"]
    assert [e.extra["usage"] for e in arrears] == ["subject"]
    turn = Turn(text="补缴2011年7月以后欠缴的养老保险", entities=[e.as_rasa() for e in arrears], today=TODAY)
    assert turn.period() is None  # the arrears are the subject, not the date the rules are looked up for


def test_a_place_of_origin_is_not_the_city_asked_about(lexicon) -> None:
    text = normalize("湖北籍2020届毕业生在北京有求职创业补贴吗").text
    turn = Turn(text=text, entities=[e.as_rasa() for e in extract(text, lexicon, TODAY)], today=TODAY)
    assert turn.region == "beijing"


# -- 8. facts that were missing, each reached by a realistic question ---------------------------------------


@pytest.mark.parametrize(
    ("intent", "question", "article", "says"),
    [
        ("ask_unemployment_subsidy", "北京失业补助金能领几次？", "bj_subsidy_once", ["只能申领享受一次"]),
        (
            "ask_unemployment_subsidy",
            "北京的失业补助金领过一回了，还能再申请吗",
            "bj_subsidy_once",
            ["只能申领享受一次"],
        ),
        (
            "ask_unemployment_subsidy",
            "领北京失业补助金要先办失业登记吗",
            "bj_subsidy_once",
            ["无需办理失业登记"],
        ),
        (
            "ask_unemployment_subsidy",
            "我之前领过北京的失业补助金，还能再领吗",
            "bj_subsidy_once",
            ["不办理失业保险关系转出（转入）"],
        ),
        (
            "ask_unemployment_benefit",
            "北京2020年7月前我一次性领了失业金，涨的110能补给我吗",
            "bj_lump_sum_no_backpay",
            ["对已经办理了领取一次性失业保险金手续的人员，不再补发", "京人社发〔2020〕8号"],
        ),
        (
            "ask_policy_faq",
            "农民工讨薪申请法律援助要审查经济困难吗",
            "legal_aid_no_means_test",
            ["申请支付劳动报酬、工伤赔偿的农民工，免予经济困难审查", "人社部发〔2020〕52号"],
        ),
        (
            "ask_policy_faq",
            "我有居住证，在这边交居民医保，政府补贴和本地人一样吗",
            "resident_medical_residence_permit",
            ["对持居住证参保的参保人，各级财政按当地居民相同标准给予补助"],
        ),
        (
            "ask_reduction",
            "上海今年新开工的工地，工伤保险费减免到什么时候",
            "sh_work_injury_new_projects",
            ["执行期限参照上述规定一并延长", "2020年12月底"],
        ),
        (
            "ask_policy_faq",
            "上海公司招本市户籍应届毕业生有社保补贴吗",
            "sh_graduate_hiring_subsidy",
            ["离校2年内首次就业的高校毕业生的用人单位，按照规定给予社会保险补贴", "沪府规〔2020〕10号"],
        ),
        (
            "ask_policy_faq",
            "上海返乡创业有没有一次性创业补贴",
            "sh_returnee_startup_subsidy",
            ["正常经营1年以上的，各区可给予一次性创业补贴"],
        ),
        (
            "ask_migrant_subsidy",
            "上海失业了家里生活困难，有什么救助",
            "sh_hardship_assistance",
            ["纳入最低生活保障、临时救助等社会救助范围"],
        ),
        (
            "ask_policy_faq",
            "湖北籍2020届毕业生在北京有求职创业补贴吗",
            "bj_hubei_graduates",
            ["将湖北籍2020年北京地区高校毕业生纳入一次性求职创业补贴发放范围"],
        ),
        (
            "ask_policy_faq",
            "湖北籍在上海读大学今年毕业，有一次性求职补贴吗",
            "sh_hubei_graduates",
            ["对湖北籍2020届本市高校毕业生，给予一次性求职创业补贴"],
        ),
        (
            "ask_skill_subsidy",
            "北京毕业生考了职业技能等级证书，有补贴吗",
            "bj_graduate_skill_subsidy",
            ["可按规定申请享受个人技能提升补贴", "京人社毕发〔2020〕5号"],
        ),
        (
            "ask_policy_faq",
            "北京五险一金合并申报需要满足什么条件",
            "bj_merged_declaration_conditions",
            ["统一社会信用代码一致", "已缴至2020年6月"],
        ),
        (
            "ask_policy_faq",
            "北京单位新招的员工五险一金缴费工资怎么报",
            "bj_merged_declaration_conditions",
            ["可通过“e窗通”平台直接办理"],
        ),
        (
            "ask_policy_faq",
            "乌海煤矿工人要纳入工伤保险吗",
            "wh_pneumoconiosis_industries",
            ["将尘肺病重点行业职工依法纳入工伤保险保障范围"],
        ),
        (
            "ask_policy_faq",
            "乌海社保断缴了会提醒我吗",
            "wh_interrupted_contributions",
            ["对中断缴费人员，主动提醒其在当期缴费年度内尽快核定缴费"],
        ),
        ("ask_policy_faq", "乌海能签代扣协议自动扣社保吗", "wh_interrupted_contributions", ["代扣代缴协议"]),
        (
            "ask_deferral",
            "北京1月2月的社保还能再延期交吗",
            "bj_epidemic_deadline",
            ["可根据疫情情况继续放宽时限要求并向社会通告"],
        ),
        (
            "ask_policy_faq",
            "上海阶段性降低工伤保险费率，延到什么时候结束",
            "sh_rate_cut_extension",
            ["政策实施期限延长至2021年4月30日", "沪府规〔2020〕10号"],
        ),
        (
            "ask_policy_faq",
            "北京疫情期间办社保还要交原件吗",
            "bj_no_originals",
            ["原则上不再收取参保单位提供的原件"],
        ),
        (
            "ask_reduction",
            "有雇工的个体户以单位方式参保，能享受减免吗",
            "individual_business_unit_reduction",
            ["继续参照企业办法享受单位缴费减免和缓缴政策", "人社部发〔2020〕49号"],
        ),
        (
            "ask_policy_faq",
            "德国人在长春工作可以免交养老保险吗",
            "cc_foreign_employees",
            ["10个国家", "3个月内提供协议国出具的参保证明"],
        ),
    ],
)
def test_a_missing_fact_is_reached_with_its_quote(planner, lexicon, intent, question, article, says) -> None:
    reply = ask(planner, lexicon, intent, question)
    assert reply.topic == f"faq:{article}", reply.text
    check(reply, [*says, "依据："], [])


def test_a_national_article_does_not_displace_a_citys_own_figures(planner, lexicon) -> None:
    """长春 has its own reduction for individual businesses insured as units: the calculator answers it."""
    reply = ask(planner, lexicon, "ask_reduction", "长春有雇工的个体户以单位方式参保，2020年3月能免吗")
    assert not reply.topic.startswith("faq:"), reply.text


def test_a_tianjin_question_on_re_employment_without_filing_gets_the_document(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "ask_policy_faq", "天津原单位没给我办退工备案，新单位能办就业登记吗")
    check(reply, ["可不办理退工备案", "津人社办发〔2020〕91号"], [])
