"""Run the OpenFisca-style YAML cases in tests/policy_cases/ and check every parameter key is exercised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answers.render import render_result
from bot.calc import lookup
from bot.calc.result import Result
from bot.kb.model import ParameterValue
from bot.kb.store import PolicyStore
from bot.policy.cli import CALCULATIONS
from tests.conftest import TODAY

CASES_DIR = Path(__file__).parent / "policy_cases"
FUNCTIONS = {name: spec[0] for name, spec in CALCULATIONS.items()}


class RecordingStore(PolicyStore):
    """A store that remembers which keys returned a value (to prove every key is exercised)."""

    used: set[str]

    def __init__(self, kb):
        super().__init__(kb)
        self.used = set()

    def value(self, key, region, on):
        found = super().value(key, region, on)
        if found is not None:
            self.used.add(key)
        return found

    def value_in_region(self, key, region, on):
        found = super().value_in_region(key, region, on)
        if found is not None:
            self.used.add(key)
        return found


def _load_cases() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        for index, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            cases.append((f"{path.stem}[{index}] {case['name']}", case))
    return cases


CASES = _load_cases()


@pytest.fixture(scope="module")
def recording(store) -> RecordingStore:
    return RecordingStore(store.kb)


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float, Decimal)):
        return abs(Decimal(str(actual)) - Decimal(str(expected))) < Decimal("0.001")
    if isinstance(expected, list):
        return list(actual) == expected
    return actual == expected


def _region_value(store: PolicyStore, key: str, region: str, on: dt.date) -> ParameterValue | None:
    return store.value(key, region, on)


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_case(case: dict, recording: RecordingStore) -> None:
    assert case.get("name"), "every case has a name"
    if "lookups" in case or "lookup" in case:
        _check_lookups(case, recording)
    else:
        _check_calculation(case, recording)


def _check_lookups(case: dict, store: RecordingStore) -> None:
    on = case.get("date", TODAY)
    if "lookup" in case:
        expected = case["expect"]
        if isinstance(expected, dict):
            result = lookup.lookup(store, case["lookup"], case["region"], on=on, today=TODAY)
            assert result.status == expected.get("status", "ok"), result.message
            text = render_result(result, "参数")
            for words in expected.get("says") or ():
                assert words in text, f"{words!r} not in reply:\n{text}"
            for words in expected.get("period") or ():
                assert words in result.period_text, f"{words!r} not in period {result.period_text!r}"
            if "value" in expected:
                assert _same(result.figure("value"), expected["value"]), result.figure("value")
            return
        pairs = {case["lookup"]: expected}
    else:
        pairs = case["lookups"]
    for key, expected in pairs.items():
        assert key in store.kb.parameters, f"unknown key {key}"
        value = _region_value(store, key, case["region"], on)
        assert value is not None, f"{key}: no value for {case['region']} on {on}"
        assert _same(value.value, expected), f"{key}: data says {value.value!r}, document says {expected!r}"


def _check_calculation(case: dict, store: RecordingStore) -> None:
    function = FUNCTIONS[case["calc"]]
    arguments = dict(case.get("input") or {})
    region = arguments.pop("region", None)
    if "date" in arguments:
        arguments["on"] = arguments.pop("date")  # YAML 1.1 reads a bare `on` key as True, hence `date`
    result: Result = function(store, region, **arguments, today=TODAY)
    expected = case["expect"]
    assert result.status == expected.get("status", "ok"), result.message or result.as_dict()
    if "eligible" in expected:
        assert result.eligible is expected["eligible"], result.as_dict()["conditions"]
    for name, value in (expected.get("figures") or {}).items():
        assert name in result.figures, f"figure {name} missing; have {list(result.figures)}"
        assert _same(result.figure(name), value), (
            f"{name}: computed {result.figure(name)!r}, expected {value!r}"
        )
    if "conditions" in expected:
        assert [c.met for c in result.conditions] == expected["conditions"], result.as_dict()["conditions"]
    for number in expected.get("cites") or ():
        assert any(number in c.number for c in result.citations), (
            f"{number} not cited: {[c.number for c in result.citations]}"
        )
    text = render_result(result, case["calc"])
    for words in expected.get("says") or ():
        assert words in text, f"{words!r} not in reply:\n{text}"
    if result.ok and result.figures:
        assert result.citations, "a figure without a citation"
        assert result.period_text, "a figure without an effective period"


def test_at_least_80_cases() -> None:
    assert len(CASES) >= 80, len(CASES)


def test_every_parameter_key_is_exercised(store: PolicyStore) -> None:
    probe = RecordingStore(store.kb)
    for _, case in CASES:
        try:
            test_case(case, probe)
        except AssertionError:
            pass  # failures are reported by test_case itself
    unused = sorted(set(store.kb.parameters) - probe.used)
    assert not unused, f"parameter keys no case exercises: {unused}"
