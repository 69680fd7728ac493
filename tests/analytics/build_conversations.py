"""Build tests/analytics/conversations.json: a recorded week of conversations as Rasa tracker events.

The user turns below were written by us in the style of real citizens' messages (Simplified Chinese, some
terse, some repeated, some rated). The assistant's replies, topics, hand-offs and prompts are the real
planner's (``bot.dialogue.planner`` over the policy store), so every figure and document number in them
comes from the seeds; the rating question after each answer, the ``answered`` record, the replies to
ratings and the ``feedback`` / ``failures`` slots are the real feedback code's (``bot/dialogue/feedback.py``,
as ``actions/base.py`` and ``actions/conversation.py`` apply it; WeChat with 客服 open). A rating is the
user event (intent ``feedback``, entity ``rating``) then the slot ``feedback``; a live-agent transfer is a
user event with intent ``transfer_to_agent`` then the slot ``handed_to_agent`` true (and ``handoff``
``wechat_kf``), with no reply from the assistant: the channel answers with the transfer itself.
Rebuild after changing the turns or the answers:

    .venv/bin/python tests/analytics/build_conversations.py

The JSON maps sender ids to lists of event dicts (``Event.as_dict()``), loaded by the tests and by
``scripts/analytics_sample.py`` into a tracker store with Rasa's own ``SQLTrackerStore``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OUT = Path(__file__).with_name("conversations.json")
SH = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 11, 18)
PAYLOAD = {"helpful": '/feedback{"rating": "helpful"}', "unhelpful": '/feedback{"rating": "unhelpful"}'}
WECHAT_OPTION = {"helpful": "1", "unhelpful": "2"}
GREETING = "您好！我是社保小助手，可以帮您查询社保缴费、失业保险、补贴等政策。"
C = {"entity": "city"}


def city(name: str) -> dict[str, str]:
    return {**C, "value": name}


def money(amount: str) -> dict[str, str]:
    return {"entity": "money", "value": amount}


# (sender, channel, day of November 2026, hour, minute, steps); a step is
#   ("ask", text, intent, entities[, aspect])  a question answered by the planner
#   ("value", text, entities)                   a value for the question asked back, or a follow-up
#   ("rate", rating)                            feedback on the last answer (web buttons / WeChat 1·2)
#   ("transfer", text)                          a live-agent transfer request (WeChat)
#   ("fallback", text)                          a message the classifier did not understand
#   ("chat", text, intent, action, reply)       greetings and thanks
CONVERSATIONS: list[tuple[str, str, int, int, int, list[tuple[Any, ...]]]] = [
    ("rest:3f9a01", "rest", 16, 9, 12, [
        ("ask", "长春今年社保缴费基数上下限是多少", "ask_base_limits", [city("长春")], "amount"),
        ("rate", "helpful"),
        ("chat", "好的谢谢", "thank", "utter_thank", "不客气，祝您生活愉快！"),
    ]),
    ("wechat:oQx7_k2LmP", "wechat", 16, 10, 3, [
        ("ask", "失业金一个月能领多少钱", "ask_unemployment_benefit", [city("长春")], "amount"),
        ("rate", "unhelpful"),
        ("ask", "我问的是失业金一个月多少钱", "ask_unemployment_benefit", [city("长春")], "amount"),
        ("transfer", "转人工"),
    ]),
    ("rest:77c2e4", "rest", 16, 14, 40, [
        ("ask", "灵活就业人员社保怎么交，长春的", "ask_flexible_employment", [city("长春")], "amount"),
    ]),
    ("wechat:oQx7_a81VdE", "wechat", 16, 20, 15, [
        ("ask", "净月分局电话多少", "ask_phone", [{"entity": "office", "value": "净月"}], "contact"),
        ("value", "长春", [city("长春")]),
        ("rate", "helpful"),
    ]),
    ("rest:b0d417", "rest", 17, 8, 55, [
        ("fallback", "那个我单位没给我交的咋整"),
        ("ask", "单位不给交社保怎么办", "ask_policy_faq", [], "procedure"),
        ("rate", "unhelpful"),
    ]),
    ("rest:c61a9e", "rest", 17, 11, 20, [
        ("ask", "上海月薪8000社保每月交多少", "ask_contribution", [city("上海"), money("8000")], "amount"),
        ("rate", "unhelpful"),
    ]),
    ("wechat:oQx7_Zp03Kq", "wechat", 17, 15, 2, [
        ("ask", "长春社保滞纳金怎么算", "ask_late_fee", [city("长春")], "amount"),
        ("ask", "长春社保滞纳金怎么算啊", "ask_late_fee", [city("长春")], "amount"),
    ]),
    ("rest:e2290b", "rest", 17, 19, 48, [
        ("chat", "你好", "greet", "utter_greet", GREETING),
        ("ask", "稳岗返还怎么申请", "ask_job_retention", [city("长春")], "procedure"),
        ("rate", "helpful"),
    ]),
    ("wechat:oQx7_Mm4TtY", "wechat", 18, 9, 30, [
        ("rate", "helpful"),
        ("ask", "长春2020年社保费减免到什么时候", "ask_reduction", [city("长春")], "deadline"),
    ]),
    ("rest:41f8c3", "rest", 18, 10, 10, [
        ("ask", "企业可以缓缴社保吗", "ask_deferral", [], "eligibility"),
        ("rate", "helpful"),
    ]),
    ("rest:9ad6f0", "rest", 18, 13, 25, [
        ("ask", "失业补助金谁能领", "ask_unemployment_subsidy", [], "eligibility"),
        ("rate", "unhelpful"),
        ("ask", "失业补助金什么人可以领", "ask_unemployment_subsidy", [], "eligibility"),
        ("rate", "unhelpful"),
    ]),
    ("wechat:oQx7_Qe9HbW", "wechat", 18, 16, 45, [
        ("ask", "技能提升补贴能领多少", "ask_skill_subsidy", [city("长春")], "amount"),
    ]),
    ("wechat:oQx7_Lw2NcR", "wechat", 18, 21, 5, [
        ("fallback", "嗯嗯"),
        ("fallback", "？？"),
        ("transfer", "人工服务"),
    ]),
    ("rest:5e71aa", "rest", 19, 9, 0, [
        ("ask", "北京2019年社平工资是多少", "ask_average_wage", [city("北京")], "amount"),
        ("rate", "helpful"),
    ]),
    ("rest:0c3b58", "rest", 19, 10, 42, [
        ("ask", "长春月薪5000个人每月交多少社保", "ask_contribution", [city("长春"), money("5000")],
         "amount"),
        ("rate", "unhelpful"),
        ("value", "那月薪6000呢", [money("6000")]),
        ("rate", "helpful"),
    ]),
    ("wechat:oQx7_Ht6UaS", "wechat", 19, 14, 18, [
        ("ask", "农民工失业了有补贴吗", "ask_migrant_subsidy", [], "eligibility"),
        ("rate", "unhelpful"),
        ("transfer", "找客服"),
    ]),
    ("rest:d8e2f6", "rest", 19, 17, 33, [
        ("ask", "失业金能领几个月", "ask_unemployment_benefit", [city("长春")], "duration"),
        ("rate", "unhelpful"),
    ]),
    ("rest:a4c90d", "rest", 20, 9, 7, [
        ("ask", "天津社保缴费基数上下限", "ask_base_limits", [city("天津")], "amount"),
    ]),
    ("wechat:oQx7_Fr8JkD", "wechat", 20, 11, 51, [
        ("ask", "长春失业保险费率是多少", "ask_contribution_rate", [city("长春")], "amount"),
        ("rate", "helpful"),
        ("chat", "谢谢", "thank", "utter_thank", "不客气，祝您生活愉快！"),
    ]),
    ("rest:17be35", "rest", 20, 15, 26, [
        ("ask", "广州的社保缴费基数是多少", "ask_contribution_base", [city("广州")], "amount"),
        ("rate", "unhelpful"),
    ]),
    ("rest:f3a611", "rest", 20, 20, 40, [
        ("ask", "长春稳岗返还能返多少", "ask_job_retention", [city("长春")], "amount"),
        ("rate", "helpful"),
    ]),
    ("wechat:oQx7_Vb1XsG", "wechat", 21, 10, 14, [
        ("ask", "失业金一个月多少", "ask_unemployment_benefit", [city("长春")], "amount"),
        ("rate", "unhelpful"),
    ]),
    ("rest:6b2d7c", "rest", 21, 16, 2, [
        ("ask", "我手机13912345678，帮我查下失业金能领多少", "ask_unemployment_benefit", [city("长春")],
         "amount"),
        ("rate", "unhelpful"),
    ]),
    ("rest:82e0f1", "rest", 22, 9, 50, [
        ("ask", "长春灵活就业社保交多少", "ask_flexible_employment", [city("长春")], "amount"),
        ("rate", "helpful"),
    ]),
    ("wechat:oQx7_Dn5YpC", "wechat", 22, 14, 36, [
        ("ask", "社保断交了有什么影响", "ask_policy_faq", [], "definition"),
    ]),
    ("rest:2a9f4e", "rest", 22, 19, 12, [
        ("ask", "长春社保缴费基数上限", "ask_base_limits", [city("长春")], "amount"),
        ("ask", "那下限呢", "ask_base_limits", [city("长春")], "amount"),
    ]),
]  # fmt: skip


def build() -> dict[str, list[dict[str, Any]]]:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

    from bot.answers.service import Answerer
    from bot.answers.turn import Turn
    from bot.dialogue import feedback as F
    from bot.dialogue.planner import Planner
    from bot.dialogue.state import Answered, ConversationState, Failures
    from bot.kb.store import default_store

    store = default_store()
    numbers = tuple(d.number for d in store.kb.documents.values() if "〔" in d.number)
    answerer = Answerer(store)
    planner = Planner(answerer)
    result: dict[str, list[dict[str, Any]]] = {}
    for sender, channel, day, hour, minute, steps in CONVERSATIONS:
        t = dt.datetime(2026, 11, day, hour, minute, tzinfo=SH).timestamp()
        events: list[Any] = [
            ActionExecuted("action_session_start", timestamp=t),
            SessionStarted(timestamp=t),
            ActionExecuted("action_listen", timestamp=t),
        ]
        state = ConversationState()
        answered: Answered | None = None  # slot answered: the last answer that can be rated
        failures = Failures()
        kf_open = {"wechat": {"kf": "open"}} if channel == "wechat" else None  # 客服 on, within hours

        def user(text: str, intent: str, entities: list[dict[str, Any]], at: float, events=events) -> None:
            parse = {"text": text, "intent": {"name": intent, "confidence": 0.93}, "entities": entities}
            events.append(
                UserUttered(text, parse["intent"], entities, parse, timestamp=at, input_channel=channel)  # noqa: B023
            )

        def bot(action: str, texts: list[tuple[str, list[dict[str, str]]]], slots: list[tuple[str, Any]],
                at: float, events=events) -> None:  # fmt: skip
            events.append(ActionExecuted(action, timestamp=at))
            events.extend(
                BotUttered(text, {"buttons": buttons or None}, timestamp=at) for text, buttons in texts
            )
            events.extend(SlotSet(name, value, timestamp=at) for name, value in slots)
            events.append(ActionExecuted("action_listen", timestamp=at))

        for step in steps:
            t += 47
            kind = step[0]
            if kind in ("ask", "value", "fallback"):
                text = step[1]
                entities = step[3] if kind == "ask" else step[2] if kind == "value" else []
                turn = Turn(text=text, entities=entities, today=TODAY)
                if kind == "ask":
                    intent, action = step[2], "action_" + step[2].removeprefix("ask_")
                    plan = planner.question(intent, turn, state)
                elif kind == "value":
                    intent, action = "inform", "action_inform"
                    plan = planner.value(turn, state)
                else:
                    intent, action = "nlu_fallback", "action_fallback"
                    plan = planner.fallback(turn, state)
                reply = plan.reply
                assert reply is not None, step
                user(text, intent, entities, t)
                # as actions/base.py's send and rating_events do
                before = failures
                if reply.topic == "fallback":
                    failures = F.after_fallback(failures)
                    F.offer_agent_after_fallbacks(reply, failures, transfer_available=kf_open is not None)
                else:
                    failures = F.after_answer(failures)
                    F.offer_agent_when_not_covered(reply, transfer_available=kf_open is not None)
                texts = [(reply.text, reply.buttons)]
                slots: list[tuple[str, Any]] = [
                    ("pending", reply.pending.to_slot() if reply.pending else None),
                    ("answer_topic", reply.topic or None),
                    ("handoff", reply.handoff),
                ]
                if reply.context is not None:
                    slots.append(("last_answer", reply.context.to_slot()))
                if F.is_rateable(reply):
                    aspect = step[4] if kind == "ask" and len(step) > 4 else None
                    answered = F.answered_record(reply, intent, aspect, numbers)
                    slots.append(("answered", answered.to_slot()))
                    texts.append((F.QUESTION, list(F.FEEDBACK_BUTTONS)))
                if failures != before:
                    slots.append(("failures", failures.to_slot()))
                bot(action, texts, slots, t + 1.5)
                state = ConversationState(pending=reply.pending, last=reply.context or state.last)
            elif kind == "rate":
                rating = step[1]
                text = WECHAT_OPTION[rating] if channel == "wechat" else PAYLOAD[rating]
                user(text, "feedback", [{"entity": "rating", "value": rating}], t)
                outcome = F.after_rating(
                    rating,
                    answered,
                    failures,
                    transfer_available=kf_open is not None,
                    hotline=answerer._hotline_text("changchun"),
                )
                slots = [("feedback", outcome.feedback)] if outcome.feedback is not None else []
                if outcome.clear_answered:
                    slots.append(("answered", None))
                    answered = None
                if outcome.failures != failures:
                    slots.append(("failures", outcome.failures.to_slot()))
                    failures = outcome.failures
                bot("action_feedback", [(outcome.reply.text, outcome.reply.buttons)], slots, t + 0.5)
            elif kind == "transfer":  # the channel's transfer: no reply from the assistant
                user(step[1], "transfer_to_agent", [], t)
                bot(
                    "action_human_handoff", [], [("handed_to_agent", True), ("handoff", "wechat_kf")], t + 0.5
                )
            elif kind == "chat":
                _, text, intent, action, reply_text = step
                user(text, intent, [], t)
                bot(action, [(reply_text, [])], [], t + 0.5)
        result[sender] = [event.as_dict() for event in events]
    return result


def main() -> None:
    conversations = build()
    OUT.write_text(json.dumps(conversations, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(conversations)} conversations")


if __name__ == "__main__":
    main()
