"""Shared fixtures. The policy store is built once per session from the data files."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from bot.kb.store import PolicyStore

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")  # no telemetry or error reports from tests

TODAY = dt.date(2026, 11, 22)  # fixed "today" so tests about data age do not drift


@pytest.fixture(scope="session")
def store() -> PolicyStore:
    return PolicyStore.from_data()


@pytest.fixture(scope="session")
def today() -> dt.date:
    return TODAY


@pytest.fixture(scope="module")
def planner(store):
    """The dialogue planner over the session's store (one per test module: no state carried across)."""
    from bot.answers.service import Answerer
    from bot.dialogue.planner import Planner

    return Planner(Answerer(store))


@pytest.fixture(scope="module")
def lexicon(store):
    """The entity lexicon of the session's store, for building turns as the NLU would."""
    from bot.text.entities import Lexicon

    return Lexicon.from_store(store)


@pytest.fixture(scope="session")
def assistant():
    """The trained assistant in-process (trains the model first if its inputs changed)."""
    import os

    from tests.rasa_harness import Assistant, ensure_model, start_action_server

    os.environ["BOT_TODAY"] = TODAY.isoformat()
    model = ensure_model()
    process, url = start_action_server({"BOT_TODAY": TODAY.isoformat()})
    try:
        yield Assistant(model, url)
    finally:
        process.terminate()
        process.wait(timeout=10)
