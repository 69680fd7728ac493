"""Feedback-based containment in the deflection report (issue 19 item 5), over tracker stores written by
Rasa's own ``SQLTrackerStore``: the recorded week of conversations (tests/analytics/conversations.json) and
small hand-made conversations for each rule and each kind of bad input (empty store, malformed feedback slot,
feedback on nothing, unknown intent, markup in a question)."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.ops import analytics
from bot.ops.analytics import analyze, write_report
from scripts.analytics_sample import load_fixture

SH = ZoneInfo("Asia/Shanghai")
WEEK = (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
NAMES = {"cc_hotline": "长春市社会保险咨询热线", "hotline_12333": "人力资源和社会保障咨询电话12333"}


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


# -- the recorded week -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def recorded_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("recorded") / "trackers.sqlite"
    load_fixture(path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def recorded(recorded_db):
    return analyze(recorded_db, *WEEK, office_names=NAMES)


def test_recorded_week_shows_feedback_containment_beside_the_old_definitions(recorded):
    assert recorded.conversations == 26
    # old: no fallback, no hand-off (phone lines, agent transfers); honest: not-covered replies too
    assert (recorded.contained_conversations, recorded.honest_contained_conversations) == (18, 18)
    # feedback-based: also no "没帮助", no question asked again within three turns
    assert recorded.feedback_contained_conversations == 12
    assert recorded.feedback_containment_rate == pytest.approx(12 / 26)
    assert recorded.unhelpful_conversations == 9 and recorded.repeat_conversations == 4
    assert recorded.transfer_conversations == 3
    assert (recorded.answers, recorded.helpful_ratings, recorded.unhelpful_ratings) == (28, 9, 10)
    assert recorded.orphan_feedback == 2  # a rating before any answer, a rating after a question asked back
    assert recorded.malformed_feedback == 0
    assert sum(d.contained_feedback for d in recorded.daily) == 12
    # the feedback messages are neither fallbacks nor unanswered messages
    assert recorded.fallback_messages == 3 and {u.text for u in recorded.unanswered} == {
        "那个我单位没给我交的咋整",
        "嗯嗯",
        "？？",
    }


def test_recorded_week_per_intent_and_document(recorded):
    by_intent = {s.key: s for s in recorded.by_intent}
    benefit = by_intent["ask_unemployment_benefit"]
    assert (benefit.answers, benefit.helpful, benefit.unhelpful, benefit.handoffs, benefit.repeated) == (
        5,
        0,
        4,
        2,
        1,
    )
    assert benefit.unhelpful_rate == 1.0 and benefit.helpful_rate == 0.0
    phone = by_intent["ask_phone"]  # answered after the city was asked back; its line is a hand-off
    assert (phone.answers, phone.helpful, phone.handoffs) == (1, 1, 1)
    assert by_intent["ask_late_fee"].rated == 0 and by_intent["ask_late_fee"].helpful_rate is None
    assert recorded.by_intent[0].key == "ask_unemployment_benefit"  # most answers first
    by_document = {s.key: s for s in recorded.by_document}
    changchun = by_document["长社保〔2020〕1号"]  # an answer counts for each document it cites
    assert (changchun.answers, changchun.helpful, changchun.unhelpful) == (16, 7, 4)
    assert by_document["人社部发〔2020〕40号"].unhelpful == 6
    assert by_document[analytics.NO_DOCUMENT].answers == 4  # not-covered and "documents are silent" replies


def test_recorded_week_worst_rated_types_with_masked_examples(recorded):
    worst = [(t.intent, t.aspect, t.unhelpful, t.rated) for t in recorded.worst_rated]
    assert worst[0] == ("ask_unemployment_benefit", "amount", 3, 3)
    assert worst[1] == ("ask_contribution", "amount", 2, 2)  # the follow-up rated helpful has no aspect
    order = [(-u / r, -u) for _, _, u, r in worst]
    assert order == sorted(order)  # highest unhelpful share first, then most unhelpful ratings
    assert len(worst) <= 10 and all(u > 0 for _, _, u, _ in worst)
    examples = recorded.worst_rated[0].examples
    assert "失业金一个月能领多少钱" in examples and len(examples) == 3
    assert any("[手机号已隐藏]" in e for e in examples)
    assert not any("13912345678" in e for t in recorded.worst_rated for e in t.examples)


def test_recorded_week_files(recorded, tmp_path):
    files = write_report(recorded, tmp_path, font=False)
    summary = dict(read_csv(files.csv["summary.csv"])[1:])
    names = [row[0] for row in read_csv(files.csv["summary.csv"])[1:]]
    assert names.index("containment_rate_feedback") == names.index("containment_rate_honest") + 1
    assert names.index("containment_rate_honest") == names.index("containment_rate") + 1
    assert summary["containment_rate"] == "0.6923" and summary["containment_rate_feedback"] == "0.4615"
    assert summary["orphan_feedback"] == "2" and summary["unhelpful_ratings"] == "10"
    intents = read_csv(files.csv["answers_by_intent.csv"])
    assert intents[0] == ["intent", *analytics.STATS_HEADER]
    assert intents[1][:5] == ["ask_unemployment_benefit", "5", "4", "0", "4"]
    documents = read_csv(files.csv["answers_by_document.csv"])
    assert documents[1][:2] == ["长社保〔2020〕1号", "16"]
    worst = read_csv(files.csv["worst_rated.csv"])
    assert worst[1][:7] == ["1", "ask_unemployment_benefit", "amount", "3", "0", "3", "1.0000"]
    assert "13912345678" not in files.csv["worst_rated.csv"].read_text(encoding="utf-8-sig")
    daily = read_csv(files.csv["daily.csv"])
    assert daily[0][-2:] == ["contained_feedback", "containment_rate_feedback"]
    assert [p.name for p in files.charts] == list(analytics.CHART_FILES) and files.html.name == "report.html"


# -- hand-made conversations -----------------------------------------------------------------------------
def ts(day: int, hour: int, minute: int = 0) -> float:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SH).timestamp()


class Chat:
    """Builds one conversation's events as the assistant and the channels record them."""

    def __init__(self, start: float, channel: str = "rest"):
        from rasa.shared.core.events import ActionExecuted, SessionStarted

        self.t = start
        self.channel = channel
        self.events: list[Any] = [
            ActionExecuted("action_session_start", timestamp=start),
            SessionStarted(timestamp=start),
            ActionExecuted("action_listen", timestamp=start),
        ]

    def _user(self, text: str, intent: Any, entities: list[dict[str, Any]] | None = None) -> None:
        from rasa.shared.core.events import UserUttered

        self.t += 30
        entities = entities or []
        parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities}
        self.events.append(
            UserUttered(text, parse["intent"], entities, parse, timestamp=self.t, input_channel=self.channel)
        )

    def _bot(self, action: str, text: str, **slots: Any) -> None:
        from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet

        self.events += [ActionExecuted(action, timestamp=self.t + 1), BotUttered(text, timestamp=self.t + 1)]
        self.events += [SlotSet(name, value, timestamp=self.t + 1) for name, value in slots.items()]
        self.events.append(ActionExecuted("action_listen", timestamp=self.t + 1))

    def ask(
        self,
        text: str,
        intent: Any = "ask_contribution",
        entities: list[dict[str, Any]] | None = None,
        reply: str = "【长春·每月社保缴费】…\n依据：长社保〔2020〕1号 二、第5条",
        topic: str | None = "",
        handoff: str | None = None,
        **slots: Any,
    ) -> Chat:
        if topic == "":  # the reply answers the intent asked
            topic = str(intent)
        self._user(text, intent, entities)
        self._bot("action_contribution", reply, pending=None, answer_topic=topic, handoff=handoff, **slots)
        return self

    def prompt(self, text: str, intent: str = "ask_contribution") -> Chat:
        self._user(text, intent)
        pending = {"intent": intent, "entities": [], "asked": "money", "text": text}
        self._bot(
            "action_contribution", "请告诉我您的月工资", pending=pending, answer_topic=intent, handoff=None
        )
        return self

    def rate(self, rating: str, slot: Any = "auto", entity: str | None = "auto", **details: Any) -> Chat:
        entities = (
            [] if entity is None else [{"entity": "rating", "value": rating if entity == "auto" else entity}]
        )
        self._user(f'/feedback{{"rating": "{rating}"}}', "feedback", entities)
        if slot == "auto":
            slot = {"rating": rating, "intent": None, "aspect": None, "document": None, **details}
        self._bot("action_feedback", "感谢您的评价！", **({} if slot is None else {"feedback": slot}))
        return self

    def transfer(self, text: str = "转人工") -> Chat:
        self._user(text, "transfer_to_agent")
        self._bot("action_transfer_to_agent", "正在为您转接人工客服，请稍候。", handed_to_agent=True)
        return self

    def fallback(self, text: str) -> Chat:
        self._user(text, "nlu_fallback")
        self._bot(
            "action_fallback", "抱歉，我没有理解您的问题。", answer_topic="fallback", handoff="hotline_12333"
        )
        return self

    def chat(self, text: str, intent: Any) -> Chat:
        self._user(text, intent)
        self._bot("utter_greet", "您好")
        return self


def save(path: Path, chats: dict[str, Chat]) -> str:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(dialect="sqlite", db=str(path))

    async def save_all() -> None:
        for sender, chat in chats.items():
            await store.save(DialogueStateTracker.from_events(sender, chat.events))

    asyncio.run(save_all())
    store.engine.dispose()
    return f"sqlite:///{path}"


def report_of(tmp_path: Path, **chats: Chat):
    return analyze(save(tmp_path / "t.sqlite", chats), office_names=NAMES)


CITY = [{"entity": "city", "value": "长春"}]


def test_unhelpful_rating_and_repeat_and_transfer_each_break_feedback_containment(tmp_path):
    report = report_of(
        tmp_path,
        good=Chat(ts(16, 9)).ask("长春月薪8000交多少", entities=CITY).rate("helpful"),
        unrated=Chat(ts(16, 10)).ask("长春月薪8000交多少", entities=CITY),
        bad=Chat(ts(16, 11)).ask("长春月薪8000交多少", entities=CITY).rate("unhelpful"),
        again=Chat(ts(16, 12))
        .ask("长春月薪8000交多少", entities=CITY)
        .ask("长春月薪8000到底交多少", entities=CITY),
        agent=Chat(ts(16, 13), "wechat").ask("失业金怎么领", "ask_unemployment_benefit").transfer(),
    )
    assert report.conversations == 5
    assert report.contained_conversations == report.honest_contained_conversations == 4  # the transfer
    assert report.feedback_contained_conversations == 2  # good, unrated
    assert (report.unhelpful_conversations, report.repeat_conversations, report.transfer_conversations) == (
        1,
        1,
        1,
    )
    by_intent = {s.key: s for s in report.by_intent}
    assert by_intent["ask_unemployment_benefit"].handoffs == 1  # the transfer after its answer
    assert by_intent["ask_contribution"].repeated == 1 and by_intent["ask_contribution"].answers == 5


def test_a_transfer_made_by_the_wechat_channel_through_ask_human(tmp_path):
    """The channel's transfer as the feedback code records it: the 转人工客服 option (intent ask_human) with
    the transfer in its metadata, answered by the slots handed_to_agent and handoff (no reply)."""
    from rasa.shared.core.events import ActionExecuted, SlotSet

    chat = Chat(ts(16, 9), "wechat").ask("失业金怎么领", "ask_unemployment_benefit").rate("unhelpful")
    chat._user("/ask_human", "ask_human")
    chat.events += [
        ActionExecuted("action_human_handoff", timestamp=chat.t + 1),
        SlotSet("handed_to_agent", True, timestamp=chat.t + 1),
        SlotSet("handoff", "wechat_kf", timestamp=chat.t + 1),
        SlotSet("pending", None, timestamp=chat.t + 1),
    ]
    report = report_of(tmp_path, chat=chat)
    assert report.transfer_conversations == 1 and report.answers == 1  # the transfer turn is no answer
    assert report.by_intent[0].handoffs == 1 and report.by_intent[0].unhelpful == 1
    assert [o.office_id for o in report.handoffs] == ["wechat_kf"]


def test_a_repeat_needs_the_same_intent_and_values_within_three_turns(tmp_path):
    beijing = [{"entity": "city", "value": "北京"}]
    report = report_of(
        tmp_path,
        other_city=Chat(ts(16, 9))
        .ask("长春社保交多少", entities=CITY)
        .ask("北京社保交多少", entities=beijing),
        other_intent=Chat(ts(16, 10))
        .ask("长春社保交多少", entities=CITY)
        .ask("长春失业金多少", "ask_unemployment_benefit", CITY),
        fourth_turn=Chat(ts(16, 11))
        .ask("长春社保交多少", entities=CITY)
        .chat("好的", "affirm")
        .chat("嗯", "affirm")
        .chat("还有", "affirm")
        .ask("长春社保交多少", entities=CITY),
        third_turn=Chat(ts(16, 12))
        .ask("长春社保交多少", entities=CITY)
        .chat("好的", "affirm")
        .rate("helpful")  # feedback is not a turn of the window
        .chat("嗯", "affirm")
        .ask("长春 社保交多少", entities=[{"entity": "city", "value": "长 春"}]),  # same value, other spacing
    )
    assert report.repeat_conversations == 1 and report.feedback_contained_conversations == 3


def test_feedback_on_nothing(tmp_path):
    report = report_of(
        tmp_path,
        first=Chat(ts(16, 9)).rate("unhelpful", slot=None),  # no answer before it
        after_prompt=Chat(ts(16, 10)).prompt("广州社保交多少").rate("unhelpful", slot=None),
        after_fallback=Chat(ts(16, 11)).fallback("嗯嗯").rate("helpful", slot=None),
        typed=Chat(ts(16, 12)).rate("unhelpful", slot=None, entity=None),  # "没帮助" typed, no entity
    )
    assert report.orphan_feedback == 4 and report.rated_answers == 0 and report.answers == 0
    assert report.malformed_feedback == 0 and report.unhelpful_conversations == 0 and report.worst_rated == []
    assert report.feedback_contained_conversations == 3  # the fallback conversation is not contained
    assert report.intents[0].intent == "feedback" and report.fallback_messages == 1
    assert report.helpful_rate is None and report.rating_coverage is None


@pytest.mark.parametrize(
    ("slot", "entity", "counted"),
    [
        ("helpful", "auto", "unhelpful"),  # a string slot: the entity's rating counts
        (["unhelpful"], "auto", "unhelpful"),
        ({"rating": "great"}, "auto", "unhelpful"),
        ({"rating": "helpful", "intent": 42}, None, "helpful"),  # the slot wins; a non-string intent ignored
        ('{"rating": "helpful"}', None, "helpful"),  # JSON text
        ({"rating": None}, None, None),  # neither: malformed
        ("garbage", "splendid", None),
    ],
)
def test_malformed_feedback_slot(tmp_path, slot, entity, counted):
    chat = Chat(ts(16, 9)).ask("长春社保交多少", entities=CITY).rate("unhelpful", slot=slot, entity=entity)
    report = report_of(tmp_path, chat=chat)
    assert report.malformed_feedback == (counted is None)
    assert (report.helpful_ratings, report.unhelpful_ratings) == (
        counted == "helpful",
        counted == "unhelpful",
    )
    assert [s.key for s in report.by_intent] == ["ask_contribution"]


def test_feedback_slot_names_what_was_answered_and_unknown_intents_are_kept(tmp_path):
    report = report_of(
        tmp_path,
        named=Chat(ts(16, 9))
        .ask(
            "失业金能领多久",
            "ask_unemployment_benefit",
            reply="文件没有规定",
            topic="ask_unemployment_benefit:silent",
        )
        .rate(
            "unhelpful", intent="ask_unemployment_benefit", aspect="duration", document="人社部发〔2020〕40号"
        ),
        unknown=Chat(ts(16, 10))
        .ask("养老金怎么算", "ask_pension_v2", reply="……", topic="ask_pension_v2")  # not in domain.yml
        .rate("unhelpful", intent="ask_pension_v2"),
        no_name=Chat(ts(16, 11)).ask("嗯？", None, reply="……", topic="out_of_scope:weather"),
        not_answers=Chat(ts(16, 14))
        .ask("你能做什么", "bot_capabilities", reply="我可以……", topic="capabilities")
        .ask("人工", "ask_human", reply="请拨打12333", topic="ask_human", handoff="hotline_12333")
        .ask("今天天气", "out_of_scope", reply="超出范围", topic="out_of_scope"),
        follow_up=Chat(ts(16, 12)).ask("那北京呢", "inform", reply="【北京】…", topic="ask_contribution"),
        answered_slot=Chat(ts(16, 13)).ask(
            "灵活就业怎么交",
            "ask_flexible_employment",
            reply="……",
            topic="faq:x",
            answered={
                "intent": "ask_flexible_employment",
                "aspect": "procedure",
                "document": "长社保〔2020〕1号",
            },
        ),
    )
    by_intent = {s.key: s for s in report.by_intent}
    assert set(by_intent) == {
        "ask_unemployment_benefit",
        "ask_pension_v2",
        analytics.NO_INTENT,
        "ask_contribution",
        "ask_flexible_employment",
    }
    assert by_intent["ask_pension_v2"].unhelpful == 1
    worst = {(t.intent, t.aspect) for t in report.worst_rated}
    assert worst == {("ask_unemployment_benefit", "duration"), ("ask_pension_v2", "")}
    assert {s.key for s in report.by_document} == {
        "人社部发〔2020〕40号",
        "长社保〔2020〕1号",
        analytics.NO_DOCUMENT,
    }


def test_slots_carried_into_a_new_session_are_not_new_replies(tmp_path):
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet

    chat = Chat(ts(16, 9)).ask("长春社保交多少", entities=CITY, handoff="cc_hotline").rate("helpful")
    t = chat.t + 7200
    chat.events += [
        ActionExecuted("action_session_start", timestamp=t),
        SessionStarted(timestamp=t),
        SlotSet("handoff", "cc_hotline", timestamp=t),
        SlotSet("feedback", {"rating": "unhelpful"}, timestamp=t),
        SlotSet("answer_topic", "not_covered:place", timestamp=t),
        ActionExecuted("action_listen", timestamp=t),
    ]
    chat.t = t
    chat.ask("谢谢", "thank", topic=None)
    report = report_of(tmp_path, chat=chat)
    assert (report.helpful_ratings, report.unhelpful_ratings, report.not_covered_replies) == (1, 0, 0)
    assert report.handoffs[0].handoffs == 1


def test_empty_store(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore

    path = tmp_path / "empty.sqlite"
    SQLTrackerStore(dialect="sqlite", db=str(path)).engine.dispose()
    report = analyze(f"sqlite:///{path}")
    assert report.feedback_containment_rate is None and report.answers == 0 and report.worst_rated == []
    files = write_report(report, tmp_path / "out", font=False)
    assert (
        read_csv(files.csv["worst_rated.csv"])[1:] == []
        and read_csv(files.csv["answers_by_intent.csv"])[1:] == []
    )
    page = files.html.read_text(encoding="utf-8")
    assert 'id="containment-feedback"' in page and "n/a" in page and "No answer was rated unhelpful" in page


def test_markup_in_questions_is_escaped_in_the_page(tmp_path):
    chat = Chat(ts(16, 9)).ask(
        "<script>alert(1)</script>长春社保交多少 身份证220102199003071234", entities=CITY
    )
    report = report_of(tmp_path, chat=chat.rate("unhelpful", intent="<b>x</b>"))
    page = write_report(report, tmp_path / "out", font=False).html.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "220102199003071234" not in page and "<script" not in page


def test_html_page_is_self_contained(recorded, tmp_path):
    import re

    files = write_report(recorded, tmp_path, font=False)
    page = files.html.read_text(encoding="utf-8")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sum(s.startswith("data:image/png;base64,") for s in sources) == 2
    assert all(
        s.startswith("data:") or (s.endswith(".csv") and "/" not in s) for s in sources
    )  # CSV links beside it
    assert "<link" not in page and "<script" not in page and "url(" not in page and "@import" not in page
    assert '<html lang="zh-CN">' in page and "46.2%" in page and "69.2%" in page
