"""The Rasa speed-ups (bot/ops/patches/, one module each) give exactly what Rasa's own code gives.

The bootstrap, the switches and the fallbacks are tested in tests/test_patches.py."""

from __future__ import annotations

import copy
import gc
import json
import re
import tarfile
from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    Event,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.nlu.training_data.message import Message

from bot.ops import patches
from bot.ops.patches import (
    action_response_validation,
    diet_numpy,
    event_classes,
    featurizer_combine,
    graph_runner,
    rule_index,
    slot_copy,
)
from bot.ops.patches.base import Fallback

VALID_EVENTS = [
    SlotSet("q_city", "changchun").as_dict(),
    SlotSet("q_invalid", {"q_years": 1}).as_dict(),
    SlotSet("x", None).as_dict(),
    ActiveLoop("unemployment_benefit_form").as_dict(),
    ActiveLoop(None).as_dict(),
    FollowupAction("action_listen").as_dict(),
    BotUttered("你好", {"buttons": [{"title": "是", "payload": "是"}]}).as_dict(),
    Restarted().as_dict(),
    AllSlotsReset().as_dict(),
    SessionStarted().as_dict(),
    ActionExecuted("action_phone").as_dict(),
    UserUttered("长春", {"name": "inform", "confidence": 0.9}).as_dict(),
    {"event": "slot", "name": "city", "value": "北京"},
]


@pytest.fixture(autouse=True)
def _patches_left_as_they_were():
    """Tests here switch the patches on and off; the rest of the suite finds them as they were."""
    installed = {patch: patch.installed for patch in (entry.load() for entry in patches.PATCHES)}
    yield
    for patch, was_installed in installed.items():
        (patch.install if was_installed else patch.uninstall)()


def responses() -> list[dict]:
    valid = [
        {"events": [], "responses": []},
        {"events": VALID_EVENTS, "responses": [{"text": "好的"}]},
        {"events": [SlotSet(f"s{i}", i).as_dict() for i in range(40)], "responses": []},
    ]
    invalid = [
        {"events": [{"event": "slot"}]},  # a slot without its name
        {"events": [{"event": "no_such_event"}]},
        {"events": [{"name": "q_city"}]},  # no event name
        {"events": ["slot"]},
        {"events": [{"event": "active_loop", "name": 3}]},
        {"events": [{"event": 5, "name": "x"}]},
        {"events": [{**SlotSet("a", 1).as_dict(), "timestamp": "yesterday"}]},
        {"events": "slot"},
        {"events": [*VALID_EVENTS, {"event": "followup"}]},
        {"responses": "text"},
    ]
    return valid + invalid


@pytest.mark.parametrize("response", responses())
def test_action_responses_are_judged_as_by_jsonschema(response) -> None:
    validators = action_response_validation.response_validators()
    assert validators.is_valid(response) == validators.full.is_valid(response)


def test_an_invalid_action_response_raises_rasas_error() -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action_response_validation.validate_action_result(
            RemoteAction("action_x", None), {"events": [{"event": "slot"}]}
        )
    assert action_response_validation.validate_action_result(RemoteAction("action_x", None), responses()[1])


def test_every_event_schema_is_reached_by_its_name() -> None:
    schema = RemoteAction.action_response_format_spec()
    names = {
        branch["properties"]["event"]["const"] for branch in schema["properties"]["events"]["items"]["oneOf"]
    }
    assert names == set(action_response_validation.response_validators().by_event)


@pytest.fixture(scope="module")
def rule_lookups() -> dict[str, dict[str, str]]:
    """The rule keys of the shipped model."""
    from tests.rasa_harness import ensure_model

    with tarfile.open(ensure_model()) as archive:
        member = next(
            m for m in archive.getmembers() if m.name.endswith("train_RulePolicy0/rule_policy.json")
        )
        return json.load(archive.extractfile(member))["lookup"]


def conversations(lookup: dict[str, str]) -> list[list[dict]]:
    """Every rule's own states, and variants a rule must not match: another previous action, a conversation
    start, a slot or loop changed, and the states of two rules joined."""
    keys = list(lookup)
    result = []
    for index, key in enumerate(keys):
        states = json.loads(key)
        result.append(states)
        other = json.loads(keys[(index + 7) % len(keys)])
        result.append(other[:-1] + states[-1:])
        result.append(states[:-1] + other[-1:])
        changed = copy.deepcopy(states)
        changed[-1]["prev_action"] = {"action_name": "action_listen"}
        result.append(changed)
        started = copy.deepcopy(states)
        started[-1].pop("prev_action", None)
        result.append(started)
        looped = copy.deepcopy(states)
        looped[-1]["active_loop"] = {"name": "contribution_form"}
        looped[-1].setdefault("slots", {})["start_form"] = (1.0,)
        result.append(looped)
    return result


@pytest.mark.parametrize("table", ["rules", "rules_for_loop_unhappy_path"])
def test_rule_lookup_finds_the_keys_rasa_finds(rule_lookups, table) -> None:
    lookup = rule_lookups[table]
    policy = RulePolicy.__new__(RulePolicy)  # the lookup methods use no policy state
    checked = matched = 0
    for states in conversations(lookup):
        expected = rule_index.PATCH.rasa_code(policy, lookup, states)
        assert rule_index.get_possible_keys(policy, lookup, states) == expected, states
        checked, matched = checked + 1, matched + bool(expected)
    assert checked > 500 and matched > checked // 10  # the comparison covered hits, not only misses


def test_event_classes_are_resolved_as_by_rasa() -> None:
    original = event_classes.PATCH.rasa_code
    for name in ("slot", "user", "bot", "action", "active_loop", "session_started", "restart", "followup"):
        assert event_classes.resolve_by_type(name) is original(name)
        assert event_classes.resolve_by_type(name) is original(name)  # remembered
    assert event_classes.resolve_by_type("topic") is None
    assert event_classes.resolve_by_type("nonsense", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        event_classes.resolve_by_type("nonsense")


def test_install_and_uninstall() -> None:
    rule_index.install()
    event_classes.install()
    try:
        assert RulePolicy._get_possible_keys is rule_index.get_possible_keys
        assert Event.resolve_by_type("slot") is SlotSet
        assert Event.from_parameters({"event": "slot", "name": "a", "value": 1}) == SlotSet("a", 1)
    finally:
        patches.uninstall_all()
    assert RulePolicy._get_possible_keys is rule_index.PATCH.rasa_code
    assert Message._combine_features is featurizer_combine.PATCH.rasa_code
    assert DIETClassifier._predict is diet_numpy.PATCH.rasa_code


def test_the_model_loaded_without_tracing_its_training_step_predicts_the_same(assistant) -> None:
    """The assistant fixture's model was loaded by the speed-up; load it again as Rasa does and compare."""
    import yaml
    from rasa.core.agent import Agent

    from tests.rasa_harness import ensure_model

    heldout = yaml.safe_load(open("tests/nlu_heldout.yml", encoding="utf-8"))["nlu"]
    lines = [line.strip()[2:] for block in heldout for line in block["examples"].splitlines() if line.strip()]
    messages = [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line) for line in lines[::5]]  # entity marks removed
    patches.uninstall_all()
    try:
        as_rasa_loads = Agent.load(str(ensure_model()))
    finally:
        patches.install_all()
    assert len(messages) > 40
    for text in messages:
        ours = assistant.parse(text)
        theirs = assistant.loop.run_until_complete(as_rasa_loads.parse_message(text))
        names = [i["name"] for i in ours["intent_ranking"]]
        assert names == [i["name"] for i in theirs["intent_ranking"]], text
        for mine, reference in zip(ours["intent_ranking"], theirs["intent_ranking"], strict=True):
            assert mine["confidence"] == pytest.approx(reference["confidence"], abs=1e-6), text


def _slots() -> list:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.slots import AnySlot, BooleanSlot, CategoricalSlot, FloatSlot, ListSlot, TextSlot

    slots = list(Domain.load("domain.yml").slots)
    extra = [
        TextSlot("t", [], initial_value="长春"),
        FloatSlot("f", [], max_value=5.0),
        BooleanSlot("b", []),
        ListSlot("l", [], initial_value=["a"]),
        CategoricalSlot("c", [], values=["x", "y"]),
        AnySlot("a", []),
    ]
    for slot in extra:
        slot.value = slot.initial_value
    return slots + extra


def test_a_slot_is_copied_as_copy_copy_copies_it() -> None:
    from rasa.shared.core.slots import Slot

    slots = _slots()
    assert len(slots) > 40
    slot_copy.uninstall()
    assert "__copy__" not in Slot.__dict__
    theirs = [copy.copy(slot) for slot in slots]
    slot_copy.install()
    try:
        ours = [copy.copy(slot) for slot in slots]
    finally:
        slot_copy.uninstall()
    for slot, mine, reference in zip(slots, ours, theirs, strict=True):
        assert type(mine) is type(reference) is type(slot)
        assert mine is not slot and mine.__dict__ == reference.__dict__ == slot.__dict__
        mine.value = "changed"  # a copy of its own: setting its value leaves the original alone
        assert slot.value != "changed"


def _features(kind: str, rows: int, seed: int):
    import numpy as np
    import scipy.sparse
    from rasa.shared.nlu.training_data.features import Features

    generator = np.random.default_rng(seed)
    width = int(generator.integers(3, 9))
    if kind == "dense":
        return Features(generator.random((rows, width)), "sequence", "text", f"dense{seed}")
    matrix = scipy.sparse.random(rows, width, density=0.3, format="coo", random_state=seed)
    return Features(matrix, "sentence", "text", f"sparse{seed}")


@pytest.mark.parametrize("kind", ["sparse", "dense"])
@pytest.mark.parametrize("count", [1, 2, 3])
def test_features_are_combined_as_by_rasa(kind: str, count: int) -> None:
    features = [_features(kind, 4, seed) for seed in range(count)]
    before = [(f.features.copy(), f.origin) for f in features]
    original = featurizer_combine.PATCH.rasa_code
    reference = original(features, ["a", "b"])
    mine = featurizer_combine.combine_features(features, ["a", "b"])
    assert type(mine.features) is type(reference.features)
    dense = (lambda m: m) if kind == "dense" else (lambda m: m.toarray())
    assert (dense(mine.features) == dense(reference.features)).all()
    assert (mine.type, mine.attribute, mine.origin) == (reference.type, reference.attribute, reference.origin)
    assert mine.fingerprint() == reference.fingerprint()
    for feature, (matrix, origin) in zip(features, before, strict=True):  # the inputs are left as they were
        assert (dense(feature.features) == dense(matrix)).all() and feature.origin == origin
    if kind == "sparse":
        assert (mine.features.row == reference.features.row).all()
        assert (mine.features.col == reference.features.col).all()


def test_features_that_do_not_match_raise_rasas_error() -> None:
    features = [_features("sparse", 4, 1), _features("sparse", 5, 2)]
    with pytest.raises(ValueError, match="sequence dimensions do not match"):
        featurizer_combine.PATCH.rasa_code(features, [])
    with pytest.raises(ValueError, match="sequence dimensions do not match"):
        featurizer_combine.combine_features(features, [])
    assert featurizer_combine.combine_features([], []) is None


def _messages_for_diet() -> list[str]:
    """Every held-out message, every fourth training example, and bad input."""
    import yaml

    texts = []
    for path, step in (
        ("tests/nlu_heldout.yml", 1),
        *((str(p), 4) for p in sorted(Path("data/nlu").glob("*.yml"))),
    ):
        blocks = yaml.safe_load(open(path, encoding="utf-8")).get("nlu", [])
        lines = [
            line.strip()[2:]
            for block in blocks
            if "intent" in block
            for line in block["examples"].splitlines()
            if line.strip()
        ]
        texts += [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line) for line in lines[::step]]
    return [
        *texts,
        "",
        "   ",
        "😀😀😀",
        "？？？！！",
        "社保" * 2500,
        "社保\x00\x07基数\x1b多少",
        "what is 社保 base",
    ]


def _rankings(assistant, texts: list[str]) -> list[list[tuple[str, float]]]:
    return [
        [(i["name"], i["confidence"]) for i in assistant.parse(text).get("intent_ranking", [])]
        for text in texts
    ]


def test_diet_intent_scores_are_rasas(assistant) -> None:
    texts = _messages_for_diet()
    assert len(texts) > 900
    diet_numpy.install()
    ours = _rankings(assistant, texts)
    diet_numpy.uninstall()
    theirs = _rankings(assistant, texts)
    for text, mine, reference in zip(texts, ours, theirs, strict=True):
        assert [name for name, _ in mine] == [name for name, _ in reference], text
        for (_, a), (_, b) in zip(mine, reference, strict=True):
            assert a == pytest.approx(b, abs=1e-5), text


def test_diet_runs_rasas_own_code_for_diagnostics(assistant, monkeypatch) -> None:
    diet_numpy.install()
    calls = []
    original = diet_numpy.PATCH.rasa_code
    monkeypatch.setattr(
        diet_numpy.PATCH, "original", lambda self, message: calls.append(1) or original(self, message)
    )
    assistant.parse("长春缴费基数上限是多少")
    assert not calls  # the fast path answered
    diet = next(o for o in gc.get_objects() if isinstance(o, DIETClassifier))
    monkeypatch.setattr(diet._execution_context, "should_add_diagnostic_data", True)
    assistant.parse("长春缴费基数上限是多少")
    assert calls  # diagnostics (rasa test, interactive) come from Rasa's own code


def test_numpy_blas_runs_on_one_thread_once_installed() -> None:
    from threadpoolctl import threadpool_info

    diet_numpy.install()
    blas = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and set(blas) == {1}  # NumPy's and SciPy's own OpenBLAS alike


def test_a_graph_is_evaluated_as_dask_evaluates_it() -> None:
    import dask

    calls: list[str] = []

    def node(name: str):
        def run(*inputs):
            calls.append(name)
            return (name, inputs)

        return run

    graph = {
        "__message__": ("__message__", ["mutable", "input"]),
        "__tracker__": ("__tracker__", {"a": 1}),
        "tokens": (node("tokens"), "__message__"),
        "features": (node("features"), "tokens", "not a key"),
        "intent": (node("intent"), "features", "tokens"),
        "policy": (node("policy"), "intent", "__tracker__"),
        "unused": (node("unused"), "tokens"),
    }
    for targets in (["policy"], ["intent", "policy"], ["features"], ["__message__", "tokens"]):
        calls.clear()
        ours = graph_runner.evaluate(graph, targets)
        ran = list(calls)
        calls.clear()
        assert ours == list(dask.get(graph, targets)), targets
        assert sorted(ran) == sorted(calls) and len(ran) == len(set(ran)), targets  # each needed node once


def test_graph_errors_are_rasas(assistant) -> None:
    from rasa.engine.exceptions import GraphRunError

    runner = assistant.agent.processor.graph_runner
    node = next(iter(runner._instantiated_nodes.values()))
    schema_node = runner._graph_schema.nodes[node._node_name]
    failing = {"runtime": RuntimeError("boom"), "other": ValueError("bad")}
    for kind, error in failing.items():
        original = node.__class__.__call__

        def fail(self, *args, _error=error, _original=original):
            if self is node:
                raise _error
            return _original(self, *args)

        node.__class__.__call__ = fail
        try:
            for run in (graph_runner.PATCH.rasa_code, graph_runner.run_graph):
                expected = GraphRunError if kind == "runtime" else ValueError
                with pytest.raises(expected):
                    run(
                        runner,
                        inputs={name: "x" for name in schema_node.needs.values() if name.startswith("__")},
                        targets=[node._node_name],
                    )
        finally:
            node.__class__.__call__ = original


def test_conversations_run_as_with_dask(assistant) -> None:
    import yaml
    from rasa.engine.runner.dask import DaskGraphRunner

    scenarios = yaml.safe_load(open("tests/questionnaire_scenarios.yml", encoding="utf-8"))
    conversations = [
        [spec["start"]["text"], *(a["text"] for a in spec["answers"])] for spec in scenarios.values()
    ]
    conversations += [["长春缴费基数上限是多少"], ["净月分局电话多少", "谢谢"], ["", "😀", "你好"]]
    replies = {}
    for label, run in (("ours", graph_runner.run_graph), ("dask", graph_runner.PATCH.rasa_code)):
        DaskGraphRunner.run = run
        replies[label] = [
            [
                [
                    {k: v for k, v in m.items() if k != "recipient_id"}  # the senders differ
                    for m in assistant.ask(text, f"graph-{label}-{i}")
                ]
                for text in turns
            ]
            for i, turns in enumerate(conversations)
        ]
        replies[label + " parse"] = [assistant.parse(turns[0]) for turns in conversations]
    graph_runner.uninstall()
    assert replies["ours"] == replies["dask"]
    assert replies["ours parse"] == replies["dask parse"]
    assert any("1843元/月" in m.get("text", "") for turns in replies["ours"] for turn in turns for m in turn)


def test_diet_with_other_layers_runs_rasas_own_code(assistant, monkeypatch) -> None:
    diet = next(o for o in gc.get_objects() if isinstance(o, DIETClassifier) and o.model is not None)
    assert diet_numpy.fast_path(diet) is not None  # the shipped model: the fast path

    def other_layers(self, classifier):
        raise ValueError("unexpected feed-forward layers")

    monkeypatch.setattr(diet_numpy.DietIntentScores, "__init__", other_layers)
    monkeypatch.setattr(diet_numpy.PATCH, "fallback", Fallback("diet_numpy"))  # its one warning: this test's
    assert diet_numpy.fast_path(diet) is None  # no crash: Rasa's own code answers
