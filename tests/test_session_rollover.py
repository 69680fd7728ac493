"""A new session after a number of user turns (bot/ops/patches/session_rollover.py) and the slots it carries
over (session_carry_over.py): when a session rolls over and when it must not, the carried slots equal
Rasa's own carry-over, and the answers across the boundary (a follow-up, a questionnaire that spans it) are
the answers of the same conversation without a rollover."""

from __future__ import annotations

import itertools
import logging
import time
from types import SimpleNamespace

import pytest
from rasa.core.actions.action import ActionSessionStart
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain, SessionConfig
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops import patches
from bot.ops.patches import session_carry_over, session_rollover
from bot.ops.patches.base import Fallback

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
slots:
  city: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  pending: {type: any, influence_conversation: false, mappings: [{type: custom}]}
  last_answer: {type: any, influence_conversation: false, mappings: [{type: custom}]}
forms:
  unemployment_benefit_form: {required_slots: [city]}
session_config: {session_expiration_time: 60, carry_over_slots_to_new_session: true}
"""
)
_senders = itertools.count()


@pytest.fixture(autouse=True)
def _rollover_patches(monkeypatch):
    """Both patches installed for each test (and left as they were), the switch unset."""
    monkeypatch.delenv(session_rollover.SWITCH, raising=False)
    was = {patch: patch.installed for patch in (session_carry_over.PATCH, session_rollover.PATCH)}
    for patch in was:
        patch.install()
    yield
    for patch, installed in was.items():
        if not installed:
            patch.uninstall()


def tracker(*events, domain: Domain = DOMAIN) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(f"unit-{next(_senders)}", list(events), domain.slots)


def turns(count: int, start: float | None = None) -> list:
    """``count`` user turns, each answered and setting slots, as a conversation's events (one second apart,
    from ``start``; by default ending now, so that Rasa's idle rule does not end the session)."""
    start = time.time() - count if start is None else start
    events: list = []
    for i in range(count):
        t = start + i
        events += [
            UserUttered(f"第{i}个问题", {"name": "ask_contribution"}, timestamp=t),
            ActionExecuted("action_contribution", timestamp=t),
            SlotSet("city", "changchun" if i % 2 else "beijing", timestamp=t),
            SlotSet("last_answer", {"intent": "ask_contribution", "entities": [], "n": i}, timestamp=t),
            SlotSet("pending", None, timestamp=t),
            ActionExecuted("action_listen", timestamp=t),
        ]
    return events


def processor(config: SessionConfig | None = None) -> MessageProcessor:
    """What the rollover reads of a processor: its domain's session config."""
    proc = MessageProcessor.__new__(MessageProcessor)
    proc.domain = SimpleNamespace(session_config=config or DOMAIN.session_config)
    return proc


# --- when a session is full --------------------------------------------------------------------------


def test_the_turn_limit_comes_from_the_environment(monkeypatch, caplog) -> None:
    monkeypatch.setattr(session_rollover, "_warned", set())
    assert session_rollover.max_turns() == session_rollover.DEFAULT_MAX_TURNS
    monkeypatch.setenv(session_rollover.SWITCH, "7")
    assert session_rollover.max_turns() == 7
    monkeypatch.setenv(session_rollover.SWITCH, "0")
    assert session_rollover.max_turns() == 0
    for bad in ("二十", "-3", "1.5"):
        monkeypatch.setenv(session_rollover.SWITCH, bad)
        with caplog.at_level(logging.WARNING, logger=session_rollover.__name__):
            assert session_rollover.max_turns() == session_rollover.DEFAULT_MAX_TURNS
            assert session_rollover.max_turns() == session_rollover.DEFAULT_MAX_TURNS
    warnings = [r for r in caplog.records if r.name == session_rollover.__name__]
    assert len(warnings) == 3  # once per bad value, not once per turn


def test_turns_are_counted_from_the_latest_session_start_or_restart() -> None:
    assert session_rollover.turns_in_session(tracker(*turns(4))) == 4
    events = [*turns(5), ActionExecuted("action_session_start"), SessionStarted(), *turns(2)]
    assert session_rollover.turns_in_session(tracker(*events)) == 2
    assert session_rollover.turns_in_session(tracker(*turns(5), Restarted(), *turns(1))) == 1
    assert session_rollover.turns_in_session(tracker()) == 0


def test_a_session_is_full_at_the_limit_and_not_before(monkeypatch) -> None:
    monkeypatch.setenv(session_rollover.SWITCH, "3")
    assert not MessageProcessor._has_session_expired(processor(), tracker(*turns(2)))
    assert MessageProcessor._has_session_expired(processor(), tracker(*turns(3)))
    monkeypatch.setenv(session_rollover.SWITCH, "0")  # switched off: only idle time ends a session
    assert not MessageProcessor._has_session_expired(processor(), tracker(*turns(30)))


def test_no_rollover_inside_a_questionnaire(monkeypatch) -> None:
    monkeypatch.setenv(session_rollover.SWITCH, "3")
    in_form = tracker(*turns(5), ActiveLoop("unemployment_benefit_form"))
    assert in_form.active_loop_name == "unemployment_benefit_form"
    assert not MessageProcessor._has_session_expired(processor(), in_form)
    ended = tracker(*turns(5), ActiveLoop("unemployment_benefit_form"), ActiveLoop(None))
    assert MessageProcessor._has_session_expired(processor(), ended)  # the first turn after the form


@pytest.mark.parametrize(
    "config",
    [SessionConfig(60, carry_over_slots=False), SessionConfig(0, carry_over_slots=True)],
    ids=["slots-not-carried", "sessions-off"],
)
def test_no_rollover_that_would_forget_the_conversation(monkeypatch, config) -> None:
    monkeypatch.setenv(session_rollover.SWITCH, "3")
    assert not MessageProcessor._has_session_expired(processor(config), tracker(*turns(10)))


def test_no_rollover_without_the_bounded_carry_over(monkeypatch) -> None:
    """Rasa's carry-over copies every slot event: sessions would start longer each time."""
    monkeypatch.setenv(session_rollover.SWITCH, "3")
    session_carry_over.PATCH.uninstall()
    assert not MessageProcessor._has_session_expired(processor(), tracker(*turns(10)))


def test_rasas_idle_rule_still_ends_a_session(monkeypatch) -> None:
    monkeypatch.setenv(session_rollover.SWITCH, "50")
    old = tracker(*turns(2, start=1.0))  # the last message in 1970: long idle
    assert MessageProcessor._has_session_expired(processor(), old)


def test_a_failing_count_falls_back_on_rasas_rule(monkeypatch, caplog) -> None:
    monkeypatch.setattr(session_rollover.PATCH, "fallback", Fallback("session_rollover"))
    monkeypatch.setattr(session_rollover, "turns_in_session", lambda tracker: 1 / 0)
    caplog.set_level(logging.WARNING, logger="bot.ops.patches")
    assert not MessageProcessor._has_session_expired(processor(), tracker(*turns(30)))
    assert MessageProcessor._has_session_expired(processor(), tracker(*turns(2, start=1.0)))
    assert session_rollover.PATCH.fallback.failures == 2
    assert len([r for r in caplog.records if r.name == "bot.ops.patches"]) == 1


# --- what a new session carries over ------------------------------------------------------------------


def test_the_carried_slots_are_rasas_with_one_event_each() -> None:
    """Three sessions in a row: the slots after each start equal Rasa's, the carried events stay few."""
    ours, rasas = tracker(*turns(12)), tracker(*turns(12))
    for session in range(3):
        carried = ActionSessionStart._slot_set_events_from_tracker(ours)
        rasa_carried = session_carry_over.PATCH.rasa_code(rasas)
        assert len(carried) == 3 and len(rasa_carried) >= 36 * (session + 1)
        ours.update_with_events([SessionStarted(), *carried, *turns(12)], DOMAIN)
        rasas.update_with_events([SessionStarted(), *rasa_carried, *turns(12)], DOMAIN)
        assert ours.current_slot_values() == rasas.current_slot_values()
    fresh = tracker(SessionStarted(), *ActionSessionStart._slot_set_events_from_tracker(ours))
    assert fresh.current_slot_values() == ours.current_slot_values()


def test_slot_events_keep_their_last_value_and_metadata() -> None:
    events = [
        SlotSet("city", "beijing", metadata={"by": "first"}),
        SlotSet("pending", {"intent": "ask_contribution"}),
        SlotSet("city", "changchun", metadata={"by": "last"}),
        SlotSet("pending", None),
    ]
    carried = ActionSessionStart._slot_set_events_from_tracker(tracker(*events))
    assert [(e.key, e.value, e.metadata) for e in carried] == [
        ("city", "changchun", {"by": "last"}),
        ("pending", None, {}),
    ]


def test_the_carry_over_falls_back_on_rasas_copy(monkeypatch, caplog) -> None:
    monkeypatch.setattr(session_carry_over.PATCH, "fallback", Fallback("session_carry_over"))
    broken = tracker(*turns(2))
    monkeypatch.setattr(broken, "applied_events", lambda: [SlotSet("city", "beijing"), 42])
    rasa_answer = [SlotSet("city", "beijing")]
    monkeypatch.setattr(session_carry_over.PATCH, "original", staticmethod(lambda t: rasa_answer))
    caplog.set_level(logging.WARNING, logger="bot.ops.patches")
    assert session_carry_over.latest_slot_events(broken) == [SlotSet("city", "beijing")]
    assert session_carry_over.PATCH.fallback.failures == 0  # 42 is no SlotSet: skipped, not an error
    monkeypatch.setattr(broken, "applied_events", lambda: 1 / 0)
    assert session_carry_over.latest_slot_events(broken) is rasa_answer
    assert session_carry_over.PATCH.fallback.failures == 1


def test_the_switch_off_leaves_rasas_sessions(monkeypatch) -> None:
    monkeypatch.setenv(patches.SWITCH, "off")
    report, saved = (
        patches._report,
        {p: p.installed for p in (session_rollover.PATCH, session_carry_over.PATCH)},
    )
    patches.uninstall_all()
    try:
        assert patches.install_all().installed == []
        assert MessageProcessor._has_session_expired is session_rollover.PATCH.rasa_code
        assert (
            ActionSessionStart.__dict__["_slot_set_events_from_tracker"] is session_carry_over.PATCH.original
        )
    finally:
        patches.uninstall_all()
        monkeypatch.delenv(patches.SWITCH)
        patches._report = None
        if report is not None:
            patches.install_all()
        for patch, installed in saved.items():
            if installed:
                patch.install()


# --- answers across the boundary, through the trained assistant ---------------------------------------


@pytest.fixture
def sql_assistant(assistant, monkeypatch, tmp_path):
    """The trained assistant on the production read path: the SQL tracker store of endpoints.yml
    (bot/ops/tracker_store.py) on a scratch SQLite file. (Rasa's in-memory store of the harness keeps only
    the latest session of a conversation, so it cannot show the sessions.)"""
    from bot.ops.tracker_store import DurableSQLTrackerStore

    store = DurableSQLTrackerStore(
        domain=assistant.agent.domain, dialect="sqlite", db=str(tmp_path / "trackers.sqlite")
    )
    monkeypatch.setattr(assistant.agent, "tracker_store", store)
    monkeypatch.setattr(assistant.agent.processor, "tracker_store", store)
    return assistant


def play(assistant, texts: list[str], max_turns: int, monkeypatch) -> tuple[list[str], str]:
    monkeypatch.setenv(session_rollover.SWITCH, str(max_turns))
    sender = f"rollover-{max_turns}-{next(_senders)}"
    return [assistant.reply(text, sender) for text in texts], sender


def stored(assistant, sender: str) -> tuple[DialogueStateTracker, DialogueStateTracker]:
    """(the latest session as a turn reads it, the whole conversation) from the tracker store."""
    store = assistant.agent.tracker_store
    latest = assistant.loop.run_until_complete(store.retrieve(sender))
    return latest, assistant.loop.run_until_complete(store.retrieve_full_tracker(sender))


def sessions(assistant, sender: str) -> int:
    return sum(isinstance(event, SessionStarted) for event in stored(assistant, sender)[1].events)


@pytest.mark.model
def test_a_follow_up_across_the_rollover_is_answered_as_without_it(sql_assistant, monkeypatch) -> None:
    texts = [
        "你好",
        "社保卡丢了怎么补",
        "长春月薪8000每月社保交多少",
        "那北京呢",  # the first turn of the second session: the last question re-asked for Beijing
        "如果工资是一万呢",
        "天津缴费基数上限是多少",
        "那长春呢",  # the first turn of the third session: Tianjin's question re-asked for Changchun
    ]
    rolled, sender = play(sql_assistant, texts, 3, monkeypatch)
    latest, full = stored(sql_assistant, sender)
    assert sum(isinstance(e, SessionStarted) for e in full.events) == 3
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["那长春呢"]
    assert sum(isinstance(e, UserUttered) for e in full.events) == len(texts)  # nothing lost
    whole, reference = play(sql_assistant, texts, 0, monkeypatch)
    assert sessions(sql_assistant, reference) == 1
    assert rolled == whole and all(rolled)
    assert "没有收录北京" in rolled[3]  # Beijing is asked about, and its figures are not in the documents
    assert "长春" in rolled[6] and "13835元/月" in rolled[6] and "天津" not in rolled[6]
    fresh, _ = play(sql_assistant, ["那长春呢"], 3, monkeypatch)  # without the carried context
    assert "13835元/月" not in fresh[0]


@pytest.mark.model
def test_a_questionnaire_that_spans_the_limit_is_not_cut(sql_assistant, monkeypatch) -> None:
    texts = [
        "我能领失业金吗",
        "北京",
        "交了七年",  # the limit is reached here, inside the questionnaire
        "被辞退的",
        "已经办了",  # the verdict: the questionnaire ends
        "那如果交了十二年呢",  # the first turn after it starts a new session, and follows up the verdict
    ]
    monkeypatch.setenv(session_rollover.SWITCH, "3")
    sender = f"rollover-form-{next(_senders)}"
    replies = []
    for i, text in enumerate(texts):
        replies.append(sql_assistant.reply(text, sender))
        assert sessions(sql_assistant, sender) == (1 if i < 5 else 2), (i, text)
    whole, _ = play(sql_assistant, texts, 0, monkeypatch)
    assert replies == whole
    assert "符合条件" in replies[4] and "1843元/月" in replies[4]
    assert "1870元/月" in replies[5]
