"""Tracker-snapshot unit tests for every custom action (no Rasa server, no model).

Each test builds the tracker the action would see (the normalised text, the entities the NLU extracts, the
slots) and checks the messages and events the action returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, conversation
from bot.answers.turn import Turn
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch) -> None:
    monkeypatch.setenv("BOT_TODAY", TODAY.isoformat())


def tracker(
    lexicon: Lexicon, text: str, intent: str, slots: dict[str, Any] | None = None, **extra: Any
) -> Tracker:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, TODAY)]
    latest = {
        "text": normalized,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities,
        **extra,
    }
    base = {"city": None, "enterprise_type": None, "pending": None, "answer_topic": None, "handoff": None}
    for entity in entities:  # the domain's from_entity mappings fill these before the action runs
        if entity["entity"] in ("city", "enterprise_type"):
            base[entity["entity"]] = entity["value"]
    return Tracker("tester", base | (slots or {}), latest, [], False, None, {}, "action_listen")


def run(action, track: Tracker) -> tuple[str, list[dict], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, track, {})
    text = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    buttons = [b for m in dispatcher.messages for b in (m.get("buttons") or [])]
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return text, buttons, slots


def test_base_limits_with_city(lexicon) -> None:
    text, _, slots = run(
        answers.ActionBaseLimits(), tracker(lexicon, "长春社保缴费基数上限多少", "ask_base_limits")
    )
    assert (
        "13835元/月" in text
        and "2767元/月" in text
        and "长社保〔2020〕1号" in text
        and "2020年6月30日" in text
    )
    assert slots["pending"] is None and slots["city"] == "changchun"


def test_base_limits_asks_for_city_and_resumes(lexicon) -> None:
    text, buttons, slots = run(
        answers.ActionBaseLimits(), tracker(lexicon, "缴费基数上限多少", "ask_base_limits")
    )
    assert "哪个城市" in text and {b["title"] for b in buttons} == {"长春", "上海", "天津"}
    pending = slots["pending"]
    assert pending["intent"] == "ask_base_limits" and pending["asked"] == "city"
    text, _, slots = run(
        conversation.ActionInform(), tracker(lexicon, "天津", "inform", {"pending": pending})
    )
    assert "18969元/月" in text and "3364元/月" in text and slots["pending"] is None


def test_resume_from_button_payload_entities(lexicon) -> None:
    pending = {"intent": "ask_base_limits", "entities": [], "asked": "city", "text": "缴费基数上限多少"}
    track = Tracker(
        "t",
        {"city": "shanghai", "pending": pending},
        {
            "text": '/inform{"city":"shanghai"}',
            "intent": {"name": "inform"},
            "entities": [{"entity": "city", "value": "shanghai"}],
        },
        [],
        False,
        None,
        {},
        "",
    )
    text, _, _ = run(conversation.ActionInform(), track)
    assert "28017元/月" in text


def test_contribution_base(lexicon) -> None:
    text, _, _ = run(
        answers.ActionContributionBase(),
        tracker(lexicon, "上海月薪3000缴费基数按多少算", "ask_contribution_base"),
    )
    assert "4927元/月" in text and "按下限" in text


def test_contribution_base_asks_for_wage(lexicon) -> None:
    text, _, slots = run(
        answers.ActionContributionBase(), tracker(lexicon, "天津缴费基数怎么算", "ask_contribution_base")
    )
    assert "月工资" in text and slots["pending"]["asked"] == "money"
    text, _, _ = run(
        conversation.ActionInform(),
        tracker(lexicon, "两万块", "inform", {"pending": slots["pending"], "city": "tianjin"}),
    )
    assert "18969元" in text


def test_contribution_with_reduction(lexicon) -> None:
    text, _, _ = run(
        answers.ActionContribution(),
        tracker(lexicon, "長春大型企業2020年5月，月薪八千，單位和個人各交多少", "ask_contribution"),
    )
    assert "640元" in text and "28元" in text and "人社部发〔2020〕49号" in text


def test_contribution_remembers_city_slot(lexicon) -> None:
    text, _, _ = run(
        answers.ActionContribution(),
        tracker(lexicon, "月薪5000交多少", "ask_contribution", {"city": "changchun"}),
    )
    assert "400元" in text  # 8% of 5000, employee pension


def test_rates(lexicon) -> None:
    text, _, _ = run(
        answers.ActionContributionRate(),
        tracker(lexicon, "长春2017年养老保险单位缴费比例", "ask_contribution_rate"),
    )
    assert "20%" in text and "长社保〔2020〕1号" in text
    text, _, _ = run(
        answers.ActionContributionRate(), tracker(lexicon, "工伤保险费率降了多少", "ask_contribution_rate")
    )
    assert "20%" in text and "0.8%" in text and "京人社发〔2020〕4号" in text


def test_average_wage_with_severance_cap(lexicon) -> None:
    text, _, _ = run(answers.ActionAverageWage(), tracker(lexicon, "北京2019年平均工资", "ask_average_wage"))
    assert "140581元/年" in text and "11715元/月" in text and "35145元/月" in text


def test_late_fee(lexicon) -> None:
    text, _, _ = run(
        answers.ActionLateFee(), tracker(lexicon, "天津欠缴3000元晚了20天滞纳金多少", "ask_late_fee")
    )
    assert "30元" in text and "津人社局发〔2020〕12号" in text
    text, _, _ = run(answers.ActionLateFee(), tracker(lexicon, "滞纳金怎么算", "ask_late_fee"))
    assert "0.05%" in text and "资料中只有天津" in text


def test_flexible(lexicon) -> None:
    text, _, _ = run(
        answers.ActionFlexibleEmployment(), tracker(lexicon, "长春灵活就业怎么交", "ask_flexible_employment")
    )
    assert "14" in text and "553.4元" in text


def test_flexible_worker_naming_an_amount_chooses_a_base(lexicon) -> None:
    question = "我在长春做灵活就业，2020年3月想选5000元那一档，养老保险每月交多少"
    text, _, _ = run(answers.ActionContribution(), tracker(lexicon, question, "ask_contribution"))
    assert "养老保险每月缴费：1000元" in text and "单位缴费" not in text


def test_unemployment_benefit(lexicon) -> None:
    text, _, _ = run(
        answers.ActionUnemploymentBenefit(),
        tracker(lexicon, "北京交了七年失业保险，被辞退了，能领多少", "ask_unemployment_benefit"),
    )
    assert "1843元/月" in text and "✔ 非因本人意愿" in text
    text, _, _ = run(
        answers.ActionUnemploymentBenefit(),
        tracker(lexicon, "失业金一个月多少钱", "ask_unemployment_benefit"),
    )
    assert "1816" in text and "1925" in text and "资料中只有北京" in text


def test_unemployment_subsidy(lexicon) -> None:
    text, _, _ = run(
        answers.ActionUnemploymentSubsidy(),
        tracker(lexicon, "北京失业金领完了还没找到工作，有补助吗，交了3年", "ask_unemployment_subsidy"),
    )
    assert "1408元/月" in text and "8448元" in text


def test_procedure_question_about_a_benefit_gets_the_article_and_no_questionnaire(lexicon) -> None:
    # "我" starts the questionnaire for a figure question; a procedure question gets the article
    text, buttons, slots = run(
        answers.ActionUnemploymentSubsidy(),
        tracker(lexicon, "我想领失业补助金，要准备啥材料", "ask_unemployment_subsidy"),
    )
    assert "社会保障卡或身份证件" in text and "人社部发〔2020〕40号" in text
    assert slots["answer_topic"] == "faq:unemployment_claim_documents" and slots.get("start_form") is None
    assert not any("逐项测算" in b["title"] for b in buttons)


def test_migrant_subsidy(lexicon) -> None:
    text, _, _ = run(
        answers.ActionMigrantSubsidy(), tracker(lexicon, "北京农民工临时生活补助多少", "ask_migrant_subsidy")
    )
    assert "880元/月" in text and "2640元" in text and "一次性" not in text.split("\n")[0]


def test_skill_subsidy(lexicon) -> None:
    text, _, _ = run(
        answers.ActionSkillSubsidy(),
        tracker(lexicon, "交了40个月失业保险，拿到大专学历证书能领补贴吗", "ask_skill_subsidy"),
    )
    assert "学历提升补贴" in text and "36个月" in text and "津人社办发〔2020〕84号" in text


def test_job_retention(lexicon) -> None:
    text, _, _ = run(
        answers.ActionJobRetention(),
        tracker(lexicon, "我们公司25人，裁了3个人，去年交了失业保险费12000元，能返多少", "ask_job_retention"),
    )
    assert "6000元" in text and "12%" in text and "0431-82538970" in text


def test_reduction_asks_enterprise_type(lexicon) -> None:
    text, buttons, slots = run(
        answers.ActionReduction(), tracker(lexicon, "长春2020年9月社保减免吗", "ask_reduction")
    )
    assert "哪类单位" in text and buttons[0]["payload"] == '/inform{"enterprise_type":"sme"}'
    text, _, _ = run(
        conversation.ActionInform(),
        tracker(lexicon, "小微企业", "inform", {"pending": slots["pending"], "city": "changchun"}),
    )
    assert "免征" in text and "人社部发〔2020〕49号" in text


def test_deferral(lexicon) -> None:
    text, _, _ = run(
        answers.ActionDeferral(), tracker(lexicon, "长春公司经营困难，社保能缓缴几个月", "ask_deferral")
    )
    assert "6个月" in text and "免收滞纳金" in text
    text, _, _ = run(
        answers.ActionDeferral(), tracker(lexicon, "灵活就业2020年养老保险交不起能缓缴吗", "ask_deferral")
    )
    assert "2021年12月31日" in text


def test_faq(lexicon) -> None:
    text, _, _ = run(
        answers.ActionPolicyFaq(), tracker(lexicon, "外国员工在长春要交社保吗", "ask_policy_faq")
    )
    assert "德国" in text and "长社保〔2020〕1号" in text
    text, _, slots = run(answers.ActionPolicyFaq(), tracker(lexicon, "社保怎么样", "ask_policy_faq"))
    assert (
        "没有涉及" in text and slots["handoff"] == "hotline_12333"
    )  # a social-insurance question not covered


def test_phone(lexicon) -> None:
    text, _, slots = run(answers.ActionPhone(), tracker(lexicon, "净月分局电话多少", "ask_phone"))
    assert "0431-82538085" in text and slots["handoff"] == "cc_jingyue"
    text, _, _ = run(
        answers.ActionPhone(), tracker(lexicon, "失业金找哪个部门", "ask_phone", {"city": "changchun"})
    )
    assert "失业保险管理处：0431-82538970" in text
    text, buttons, slots = run(answers.ActionPhone(), tracker(lexicon, "社保电话多少", "ask_phone"))
    assert "哪个城市" in text and buttons and slots["pending"]["intent"] == "ask_phone"
    text, _, _ = run(answers.ActionPhone(), tracker(lexicon, "公积金电话", "ask_phone"))
    assert "010-12329" in text


def test_human(lexicon) -> None:
    text, _, slots = run(
        answers.ActionHumanHandoff(), tracker(lexicon, "转人工", "ask_human", {"city": "changchun"})
    )
    assert "9612333" in text and slots["handoff"] == "cc_hotline"


def test_fallback_and_empty_input(lexicon) -> None:
    text, _, _ = run(conversation.ActionFallback(), tracker(lexicon, "嗯嗯嗯", "nlu_fallback"))
    assert "没有理解" in text and "12333" in text
    text, _, _ = run(
        conversation.ActionFallback(), tracker(lexicon, "😀😀", "nlu_fallback", empty_input=True)
    )
    assert "还没有输入" in text


def test_out_of_scope_never_states_a_figure(lexicon) -> None:
    text, _, _ = run(conversation.ActionOutOfScope(), tracker(lexicon, "明天北京下雨吗", "out_of_scope"))
    assert "超出了我的服务范围" in text
    digits = "".join(ch if ch.isdigit() else " " for ch in text).split()
    assert set(digits) <= {"12333"}, digits


def test_inform_without_pending(lexicon) -> None:
    text, _, _ = run(conversation.ActionInform(), tracker(lexicon, "长春", "inform"))
    assert "请问您想了解什么" in text


def test_capabilities(lexicon) -> None:
    text, _, _ = run(conversation.ActionCapabilities(), tracker(lexicon, "你能干什么", "bot_capabilities"))
    assert "缴费基数" in text


def test_uncovered_city(lexicon) -> None:
    text, _, _ = run(answers.ActionBaseLimits(), tracker(lexicon, "广州缴费基数上限", "ask_base_limits"))
    assert "暂未收录“广州”" in text and "12333" in text


def test_inform_that_asks_a_question_gets_the_faq_article(lexicon) -> None:
    """A long question full of places and person types can read as a bare value; it still gets its answer."""
    text, _, _ = run(
        conversation.ActionInform(),
        tracker(lexicon, "我是北京的应届毕业生,打算做灵活就业,社保补贴能享受几年", "inform"),
    )
    assert (
        "最长不超过3年的灵活就业社会保险补贴" in text
        and "京人社毕发〔2020〕5号" in text
        and "请问您想了解什么" not in text
    )


@pytest.mark.parametrize("value", ["长春", "我们是小微企业", "北京个体户", "月薪8000"])
def test_inform_with_only_a_value_asks_what_to_know(lexicon, value) -> None:
    text, _, _ = run(conversation.ActionInform(), tracker(lexicon, value, "inform"))
    assert "请问您想了解什么" in text and "【" not in text


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("失业金能领吗", True),
        ("每月交多少", True),
        ("补贴最长享受几年", True),
        ("去哪办?", True),
        ("长春", False),
        ("我们是小微企业", False),
        ("月薪8000", False),
        ("交了7年", False),
        ("单位那部分还用不用交啊", True),  # A-not-A, any verb
        ("这几年一直没啥收入", False),  # 这几 / 没啥 state facts
        ("请问北京的", True),
    ],
)
def test_a_turn_knows_whether_it_asks_something(text, asks) -> None:
    assert Turn(text=text).asks_question() is asks


def test_a_failing_turn_gets_a_polite_reply_not_silence(lexicon, monkeypatch) -> None:
    """Whatever goes wrong while answering, the user is told so and given the hotline; the error is logged."""
    from actions import base

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(base.planner(), "question", broken)
    monkeypatch.setattr(base.planner(), "fallback", broken)
    text, _, slots = run(answers.ActionBaseLimits(), tracker(lexicon, "长春缴费基数上限", "ask_base_limits"))
    assert text == base.SORRY and slots["handoff"] == "hotline_12333" and slots["answer_topic"] == "error"
    text, _, _ = run(conversation.ActionFallback(), tracker(lexicon, "啊啊啊", "nlu_fallback"))
    assert "12333" in text and "Traceback" not in text
