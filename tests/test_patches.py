"""The Rasa patch bootstrap (bot/ops/patches): the table, the version check, the switches, idempotence,
restoring Rasa's originals, the fallback of each fast path, the start-up log line, and one conversation
answered alike with the patches off and on. Each speed-up's equivalence with Rasa's own code is tested in
tests/test_rasa_speedups.py."""

from __future__ import annotations

import logging
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import rasa
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.slots import Slot, TextSlot
from rasa.utils.tensorflow.models import RasaModel

from bot.ops import patches
from bot.ops.patches import (
    action_response_validation,
    action_timeout,
    diet_numpy,
    event_classes,
    featurizer_combine,
    graph_runner,
    model_load,
    rule_index,
    session_carry_over,
    session_rollover,
    slot_copy,
)
from bot.ops.patches.base import ABSENT, Fallback, Patch

ROOT = Path(__file__).resolve().parent.parent
LOGGER = "bot.ops.patches"


def all_patches() -> list[Patch]:
    return [entry.load() for entry in patches.PATCHES]


@pytest.fixture(autouse=True)
def _patches_left_as_they_were(monkeypatch):
    """Every test starts from Rasa's own code with a clean environment, and the rest of the suite finds
    the patches as they were (the in-process assistant of other tests runs with them)."""
    installed = {patch: patch.installed for patch in all_patches()}
    report = patches._report
    for name in (patches.SWITCH, "BOT_MAX_CONCURRENT_TURNS"):
        monkeypatch.delenv(name, raising=False)
    patches.uninstall_all()
    yield
    monkeypatch.undo()  # the environment and the table as they were, for the gate's limit
    patches.uninstall_all()
    for patch, was_installed in installed.items():
        if was_installed:
            patch.install()
    patches._report = report


@pytest.fixture
def fresh_fallbacks(monkeypatch) -> None:
    """Each patch's fallback as if it never failed: its one warning is this test's."""
    for patch in all_patches():
        monkeypatch.setattr(patch, "fallback", Fallback(patch.name))


def records(caplog, level: int) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(LOGGER) and r.levelno == level]


# --- the table ----------------------------------------------------------------------------------------


def test_the_table_lists_every_patch_module_once_with_its_reason() -> None:
    modules = {m.name for m in pkgutil.iter_modules(patches.__path__)} - {"base"}
    names = [entry.name for entry in patches.PATCHES]
    assert sorted(names) == sorted(modules) and len(set(names)) == len(names)
    for entry, patch in zip(patches.PATCHES, all_patches(), strict=True):
        assert patch.name == entry.name and entry.reason and "\n" not in entry.reason
        assert patch.target.startswith("rasa.")  # what it replaces: module, class and attribute


def test_every_patch_fits_this_rasa() -> None:
    assert rasa.__version__ == patches.RASA_VERSION  # requirements.lock pins the Rasa they were written for
    assert {patch.name: patch.skip_reason() for patch in all_patches()} == {
        entry.name: None for entry in patches.PATCHES
    }


# --- the bootstrap ------------------------------------------------------------------------------------


def test_install_all_installs_every_patch_and_logs_one_line(caplog) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    report = patches.install_all()
    assert report.installed == [entry.name for entry in patches.PATCHES] and report.skipped == {}
    assert all(patch.installed for patch in all_patches())
    assert RulePolicy._get_possible_keys is rule_index.get_possible_keys
    [line] = records(caplog, logging.INFO)
    assert line.getMessage() == report.line()
    assert line.getMessage().startswith(f"Rasa {patches.RASA_VERSION} patches: installed action_response_")
    assert line.getMessage().endswith("turn_admission; skipped none")
    assert not records(caplog, logging.WARNING)


def test_install_all_is_idempotent(caplog) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    first = patches.install_all()
    in_place = {patch.name: patch.owner.__dict__[patch.attribute] for patch in all_patches()}
    assert patches.install_all() is first
    for patch in all_patches():
        patch.install()  # each patch alone too
    assert {patch.name: patch.owner.__dict__[patch.attribute] for patch in all_patches()} == in_place
    assert len(records(caplog, logging.INFO)) == 1  # the start-up line, once


def test_uninstall_all_restores_rasas_own_attributes() -> None:
    originals = {patch.name: patch.owner.__dict__.get(patch.attribute, ABSENT) for patch in all_patches()}
    assert originals["slot_copy"] is ABSENT  # Rasa has no Slot.__copy__: the patch adds one
    patches.install_all()
    assert all(patch.owner.__dict__[patch.attribute] is not originals[patch.name] for patch in all_patches())
    patches.uninstall_all()
    for patch in all_patches():
        assert patch.owner.__dict__.get(patch.attribute, ABSENT) is originals[patch.name], patch
        assert not patch.installed
    assert "__copy__" not in Slot.__dict__
    assert isinstance(RasaModel.__dict__["load"], classmethod)  # the descriptor, not only the function
    assert patches.install_all().installed  # and the bootstrap runs anew


def test_another_rasa_version_skips_the_speed_ups_with_a_warning(monkeypatch, caplog) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    report = patches.install_all()
    assert report.installed == ["turn_admission"]  # version-independent: it relies on nothing inside
    assert set(report.skipped) == {entry.name for entry in patches.PATCHES if entry.version_bound}
    assert set(report.skipped.values()) == {f"written for Rasa {patches.RASA_VERSION}"}
    assert RulePolicy._get_possible_keys is rule_index.PATCH.rasa_code
    [warning] = records(caplog, logging.WARNING)
    assert "Rasa 3.7.0 is installed" in warning.getMessage() and "Rasa 3.6.21" in warning.getMessage()
    [line] = records(caplog, logging.INFO)
    bound = ", ".join(entry.name for entry in patches.PATCHES if entry.version_bound)
    assert bound.startswith("action_response_validation, rule_index, model_load")  # in the table's order
    assert line.getMessage() == (
        f"Rasa 3.7.0 patches: installed turn_admission; skipped {bound} (written for Rasa 3.6.21)"
    )


@pytest.mark.parametrize("value", ["off", "OFF", "0", "false", "none"])
def test_the_switch_turns_every_patch_off(monkeypatch, value: str) -> None:
    monkeypatch.setenv(patches.SWITCH, value)
    report = patches.install_all()
    assert report.installed == [] and set(report.skipped.values()) == {f"{patches.SWITCH}={value}"}
    assert not any(patch.installed for patch in all_patches())
    assert Agent.handle_message is patches.turn_admission.PATCH.original  # the gate too


@pytest.mark.parametrize("value", ["", "on", "all"])
def test_the_switch_on_or_unset_installs_every_patch(monkeypatch, value: str) -> None:
    monkeypatch.setenv(patches.SWITCH, value)
    assert len(patches.install_all().installed) == len(patches.PATCHES)


def test_the_switch_leaves_out_named_patches(monkeypatch, caplog) -> None:
    monkeypatch.setenv(patches.SWITCH, "-diet_numpy, -graph_runner,-no_such_patch")
    report = patches.install_all()
    assert set(report.skipped) == {"diet_numpy", "graph_runner"}
    assert not diet_numpy.PATCH.installed and not graph_runner.PATCH.installed and rule_index.PATCH.installed
    [warning] = records(caplog, logging.WARNING)
    assert "'-no_such_patch'" in warning.getMessage()


def test_the_turn_gate_follows_its_own_limit(monkeypatch) -> None:
    monkeypatch.setenv("BOT_MAX_CONCURRENT_TURNS", "0")
    report = patches.install_all()
    assert report.skipped == {"turn_admission": "BOT_MAX_CONCURRENT_TURNS=0"}
    assert Agent.handle_message is patches.turn_admission.PATCH.original
    patches.uninstall_all()
    monkeypatch.setenv("BOT_MAX_CONCURRENT_TURNS", "2")
    patches.install_all()
    assert Agent.handle_message.gate.limit == 2


def _action_server_call(monkeypatch, delay: float, limit: str) -> tuple[object, float]:
    """One RemoteAction.run against a local action server answering after ``delay`` seconds: its result
    (or the exception it raised) and how long it took."""
    import asyncio
    import time

    from aiohttp import web
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setenv(action_timeout.VARIABLE, limit)

    async def webhook(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.json_response({"events": [], "responses": [{"text": "好的"}]})

    async def call() -> tuple[object, float]:
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        action = RemoteAction("action_x", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
        started = time.perf_counter()
        try:
            result: object = await action.run(
                CollectingOutputChannel(),
                TemplatedNaturalLanguageGenerator({}),
                DialogueStateTracker("u", []),
                Domain.empty(),
            )
        except Exception as error:
            result = error
        finally:
            elapsed = time.perf_counter() - started
            await runner.cleanup()
        return result, elapsed

    return asyncio.run(call())


def test_an_action_server_that_hangs_is_cut_after_the_limit(monkeypatch) -> None:
    from rasa.shared.exceptions import RasaException

    action_timeout.install()
    result, elapsed = _action_server_call(monkeypatch, delay=10, limit="0.5")
    assert isinstance(result, RasaException) and "within 0.5 s" in str(result), result
    assert elapsed < 5  # not Rasa's 300 s nor the server's 10 s
    result, _ = _action_server_call(monkeypatch, delay=0, limit="0.5")
    assert [event.as_dict()["text"] for event in result] == ["好的"]  # an answer in time is Rasa's


def test_the_action_limit_reads_its_variable(monkeypatch) -> None:
    for value, seconds in (("", 5.0), ("2.5", 2.5), ("abc", 5.0), ("0", 5.0), ("-3", 5.0)):
        monkeypatch.setenv(action_timeout.VARIABLE, value)
        assert action_timeout.timeout_from_environment() == seconds


def test_a_patch_whose_rasa_attributes_are_missing_is_skipped(monkeypatch) -> None:
    monkeypatch.setattr(rule_index.PATCH, "requires", ("_is_rule_applicable", "_no_such_method"))
    monkeypatch.setattr(patches, "PATCHES", [*patches.PATCHES, patches.Entry("no_such_module", "test")])
    report = patches.install_all()
    assert report.skipped["rule_index"] == "RulePolicy has no _no_such_method"
    assert report.skipped["no_such_module"].startswith("ModuleNotFoundError")
    assert RulePolicy._get_possible_keys is rule_index.PATCH.rasa_code
    assert graph_runner.PATCH.installed  # the others are installed all the same


def test_a_patch_that_would_add_what_rasa_defines_is_skipped(monkeypatch) -> None:
    monkeypatch.setattr(slot_copy.PATCH, "original", Slot.__init__)  # as if Rasa defined Slot.__copy__
    assert "is defined by this Rasa" in slot_copy.PATCH.skip_reason()


# --- falling back on Rasa's own code --------------------------------------------------------------------


def _raise(*args, **kwargs):
    raise RuntimeError("a changed Rasa internal")


def test_rule_lookup_falls_back_on_rasas_filter(monkeypatch, caplog, fresh_fallbacks) -> None:
    key = '[{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}]'
    lookup = {key: "utter_greet", key.replace("greet", "bye"): "utter_bye"}
    states = [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}]
    policy = RulePolicy.__new__(RulePolicy)
    expected = rule_index.PATCH.rasa_code(policy, lookup, states)
    assert len(expected) == 1
    monkeypatch.setattr(rule_index.RuleIndex, "candidates", _raise)
    assert rule_index.get_possible_keys(policy, lookup, states) == expected
    assert rule_index.get_possible_keys(policy, lookup, states) == expected
    [warning] = records(caplog, logging.WARNING)  # once, not per call
    assert "rule_index" in warning.getMessage() and "RuntimeError" in warning.getMessage()
    assert rule_index.PATCH.fallback.failures == 2


def test_the_rule_index_belongs_to_its_table_not_to_an_address() -> None:
    policy = RulePolicy.__new__(RulePolicy)
    state = {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}
    key = '[{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}]'
    first = {key: "utter_greet"}
    assert rule_index.get_possible_keys(policy, first, [state]) == {key}
    del first
    second = {key.replace("greet", "bye"): "utter_bye"}  # may well take the freed table's address
    assert rule_index.get_possible_keys(policy, second, [state]) == set()
    assert rule_index.get_possible_keys(policy, second, [{**state, "user": {"intent": "bye"}}]) == set(second)
    other_key = key.replace("greet", "thank")
    shrunk = {key: "utter_greet", other_key: "utter_thanks"}
    assert rule_index.index_for(policy, shrunk).size == 2
    del shrunk[other_key]  # changed in place, as RulePolicy prunes rules while training
    assert rule_index.index_for(policy, shrunk).size == 1
    assert len(policy.__dict__[rule_index.INDEXES_ATTRIBUTE]) <= rule_index.MAX_INDEXES


def test_response_validation_falls_back_on_jsonschema(monkeypatch, caplog, fresh_fallbacks) -> None:
    monkeypatch.setattr(action_response_validation.ResponseValidators, "is_valid", _raise)
    action = RemoteAction("action_x", None)
    assert action_response_validation.validate_action_result(action, {"events": [], "responses": []})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action_response_validation.validate_action_result(action, {"events": [{"event": "slot"}]})
    # one warning: the invalid response was Rasa's verdict, not a failure of the fast path
    assert len(records(caplog, logging.WARNING)) == 1


def test_a_slot_the_fast_copy_cannot_make_is_copied_as_copy_does(caplog, fresh_fallbacks) -> None:
    import copy

    class NamedSlot(TextSlot):  # needs its name to be created, as copy's protocol knows from __getnewargs__
        def __new__(cls, name: str, *args, **kwargs):
            return super().__new__(cls)

        def __getnewargs__(self):
            return (self.name,)

    slot = NamedSlot("city", [])
    slot.value = "长春"
    reference = copy.copy(slot)
    slot_copy.install()
    mine = copy.copy(slot)
    assert type(mine) is NamedSlot and mine.__dict__ == reference.__dict__ and mine is not slot
    assert len(records(caplog, logging.WARNING)) == 1


def test_combining_features_falls_back_on_rasas_code(monkeypatch, caplog, fresh_fallbacks) -> None:
    import numpy as np
    from rasa.shared.nlu.training_data.features import Features

    features = [
        Features(np.ones((2, 3)), "sequence", "text", "a"),
        Features(np.zeros((2, 2)), "sequence", "text", "b"),
    ]
    expected = featurizer_combine.PATCH.rasa_code(features, ["a", "b"])
    monkeypatch.setattr(featurizer_combine, "Features", _raise)
    combined = featurizer_combine.combine_features(features, ["a", "b"])
    assert (combined.features == expected.features).all() and combined.origin == expected.origin
    assert len(records(caplog, logging.WARNING)) == 1


def test_an_unreadable_event_name_gets_rasas_answer(caplog, fresh_fallbacks) -> None:
    with pytest.raises(ValueError, match="Unknown event name"):
        event_classes.resolve_by_type(["slot"])  # unhashable: Rasa's own error, not a TypeError of ours
    assert not records(caplog, logging.WARNING)


def test_the_session_patches_fall_back_on_rasas_code(monkeypatch, caplog, fresh_fallbacks) -> None:
    """More in tests/test_session_rollover.py (when a session rolls over, what it carries)."""
    from rasa.core.actions.action import ActionSessionStart
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    patches.install_all()
    tracker = DialogueStateTracker.from_events("fallback", [UserUttered("你好", timestamp=1.0)], [])
    monkeypatch.setattr(session_rollover, "turns_in_session", _raise)
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.domain = Domain.empty()  # sessions of 60 minutes, slots carried over
    caplog.set_level(logging.WARNING, logger=LOGGER)
    assert MessageProcessor._has_session_expired(processor, tracker)  # Rasa's idle rule: a 1970 message
    monkeypatch.setattr(tracker, "applied_events", _raise)
    monkeypatch.setattr(session_carry_over.PATCH, "original", staticmethod(lambda tracker: ["Rasa's"]))
    assert ActionSessionStart._slot_set_events_from_tracker(tracker) == ["Rasa's"]
    assert len(records(caplog, logging.WARNING)) == 2  # one per patch


def test_a_model_the_fast_load_fails_on_is_loaded_by_rasa(monkeypatch, caplog, fresh_fallbacks) -> None:
    monkeypatch.setattr(model_load, "_load_without_training_graph", _raise)
    monkeypatch.setattr(
        model_load.PATCH, "original", classmethod(lambda cls, *args, **kwargs: ("Rasa's", cls))
    )
    assert model_load.load_model(RasaModel, "weights", None) == ("Rasa's", RasaModel)
    assert len(records(caplog, logging.WARNING)) == 1


@pytest.mark.model
def test_diet_scores_fall_back_on_rasas_network(assistant, monkeypatch, caplog, fresh_fallbacks) -> None:
    texts = ["长春缴费基数上限是多少", "我能领失业金吗", "社保卡丢了怎么补"]
    diet_numpy.uninstall()
    expected = [assistant.parse(text)["intent_ranking"] for text in texts]
    diet_numpy.install()
    monkeypatch.setattr(diet_numpy.DietIntentScores, "scores", _raise)
    assert [assistant.parse(text)["intent_ranking"] for text in texts] == expected
    [warning] = records(caplog, logging.WARNING)
    assert "diet_numpy" in warning.getMessage() and diet_numpy.PATCH.fallback.failures == len(texts)


@pytest.mark.model
def test_graph_runs_fall_back_on_dask_but_node_errors_stay_rasas(
    assistant, monkeypatch, caplog, fresh_fallbacks
) -> None:
    graph_runner.uninstall()
    expected = assistant.parse("净月分局电话多少")
    graph_runner.install()
    monkeypatch.setattr(graph_runner, "evaluate", _raise)
    assert assistant.parse("净月分局电话多少") == expected
    assert len(records(caplog, logging.WARNING)) == 1
    monkeypatch.undo()  # the recursion again, and a node that fails: no fallback, no warning, its own error
    monkeypatch.setattr(graph_runner.PATCH, "fallback", Fallback("graph_runner"))
    runner = assistant.agent.processor.graph_runner
    dask_calls = []
    monkeypatch.setattr(graph_runner.PATCH, "original", lambda *args: dask_calls.append(args))
    node = next(iter(runner._instantiated_nodes.values()))
    monkeypatch.setattr(type(node), "__call__", _raise)
    with pytest.raises(Exception, match="Error running runner") as raised:
        runner.run(inputs={"__message__": "x", "__tracker__": "x"}, targets=[node._node_name])
    assert isinstance(raised.value.__cause__, RuntimeError) and not dask_calls
    assert graph_runner.PATCH.fallback.failures == 0


# --- the entry point -----------------------------------------------------------------------------------


def test_the_entry_point_logs_the_patches_then_runs_rasa() -> None:
    env = {key: value for key, value in os.environ.items() if key != patches.SWITCH}
    env.update(BOT_MAX_CONCURRENT_TURNS="0", TF_CPP_MIN_LOG_LEVEL="3", RASA_TELEMETRY_ENABLED="false")
    result = subprocess.run(
        [sys.executable, "-m", "bot.ops.rasa_main", "--version"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Rasa Version      :         3.6.21" in result.stdout  # Rasa's own command ran
    [line] = [line for line in result.stderr.splitlines() if " bot.ops.patches  - " in line]
    assert " INFO " in line
    last = [entry.name for entry in patches.PATCHES if entry.name != "turn_admission"][-1]
    assert line.endswith(f"{last}; skipped turn_admission (BOT_MAX_CONCURRENT_TURNS=0)")


# --- the same conversation with the patches off and on ------------------------------------------------

CONVERSATION = [
    "你好",
    "我能领失业金吗",  # the unemployment benefit questionnaire (tests/questionnaire_scenarios.yml)
    "北京",
    "很多年",  # an answer it cannot parse
    "交了七年",
    "净月分局电话多少",  # a digression
    "被辞退的",
    "已经办了",  # the verdict
    "那如果交了十二年呢",  # a follow-up
    "长春缴费基数上限是多少",
    "社保卡丢了怎么补",
    "😀",
    "谢谢",
]


@pytest.mark.model
def test_a_conversation_gets_the_same_replies_with_the_patches_off_and_on(assistant, monkeypatch) -> None:
    from tests.rasa_harness import ensure_model

    def converse(agent: Agent, sender: str) -> list[list[dict]]:
        return [
            [
                {k: v for k, v in message.items() if k != "recipient_id"}
                for message in assistant.loop.run_until_complete(agent.handle_text(text, sender_id=sender))
                or []
            ]
            for text in CONVERSATION
        ]

    monkeypatch.setenv(patches.SWITCH, "off")
    assert patches.install_all().installed == []
    as_shipped = Agent.load(str(ensure_model()), action_endpoint=assistant.agent.action_endpoint)
    off = converse(as_shipped, "patches-off")
    patches.uninstall_all()
    monkeypatch.delenv(patches.SWITCH)
    assert len(patches.install_all().installed) == len(patches.PATCHES)
    on = converse(assistant.agent, "patches-on")  # loaded by the harness with the patches (model_load too)
    assert off == on
    replies = "\n".join(m.get("text", "") for turn in on for m in turn)
    assert all(turn for turn in on)
    # 社保卡丢了怎么补 names no place: card replacement is not covered (Beijing's epidemic article needs 北京)
    for expected in ("没能识别", "0431-82538085", "1843元/月", "1870元/月", "13835元/月", "社保卡的补办"):
        assert expected in replies, expected
