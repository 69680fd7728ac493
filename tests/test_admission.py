"""The turn gate (bot/ops/admission.py): a few turns at a time, the others in arrival order."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.agent import Agent

from bot.ops import admission
from bot.ops.admission import TurnGate


async def _turns(gate: TurnGate, count: int, hold: float = 0.01) -> tuple[list[int], int]:
    entered: list[int] = []
    inside = peak = 0

    async def turn(index: int) -> None:
        nonlocal inside, peak
        async with gate:
            entered.append(index)
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(hold)  # a turn awaiting the action server: others may run meanwhile
            inside -= 1

    tasks = []
    for index in range(count):
        tasks.append(asyncio.create_task(turn(index)))
        await asyncio.sleep(0)  # arrivals one after another
    await asyncio.gather(*tasks)
    return entered, peak


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_turns_enter_in_arrival_order_a_few_at_a_time(limit: int) -> None:
    gate = TurnGate(limit)
    entered, peak = asyncio.run(_turns(gate, 20))
    assert entered == list(range(20))
    assert peak == limit
    assert gate.active == 0 and not gate.waiting


def test_a_newcomer_cannot_overtake_the_queue() -> None:
    async def scenario() -> list[str]:
        gate, order = TurnGate(1), []
        release = asyncio.Event()

        async def holder() -> None:
            async with gate:
                order.append("holder")
                await release.wait()

        async def visitor(name: str) -> None:
            async with gate:
                order.append(name)

        first = asyncio.create_task(holder())
        await asyncio.sleep(0)
        queued = asyncio.create_task(visitor("queued"))
        await asyncio.sleep(0)
        release.set()  # the holder leaves and hands its place to "queued"...
        newcomer = asyncio.create_task(visitor("newcomer"))  # ...who must still go before this one
        await asyncio.gather(first, queued, newcomer)
        return order

    assert asyncio.run(scenario()) == ["holder", "queued", "newcomer"]


def test_a_waiter_that_gives_up_leaves_no_place_taken() -> None:
    async def scenario() -> TurnGate:
        gate = TurnGate(1)
        release = asyncio.Event()

        async def holder() -> None:
            async with gate:
                await release.wait()

        async def waiter() -> None:
            async with gate:
                pass

        first = asyncio.create_task(holder())
        await asyncio.sleep(0)
        impatient = asyncio.create_task(waiter())
        patient = asyncio.create_task(waiter())
        await asyncio.sleep(0)
        impatient.cancel()  # e.g. the client hung up
        release.set()
        await asyncio.wait_for(asyncio.gather(first, patient), 5)
        with pytest.raises(asyncio.CancelledError):
            await impatient
        return gate

    gate = asyncio.run(scenario())
    assert gate.active == 0 and not gate.waiting


def test_a_place_handed_over_just_before_a_cancel_is_passed_on() -> None:
    async def scenario() -> tuple[TurnGate, list[str]]:
        gate, order = TurnGate(1), []

        async def visitor(name: str) -> None:
            async with gate:
                order.append(name)

        await gate.__aenter__()  # this task holds the place
        unlucky = asyncio.create_task(visitor("unlucky"))
        after = asyncio.create_task(visitor("after"))
        await asyncio.sleep(0)  # both wait
        await gate.__aexit__(None, None, None)  # the place goes to "unlucky", which has not run yet...
        unlucky.cancel()  # ...and is cancelled before it does
        await asyncio.wait_for(after, 5)  # a lost place would leave it waiting for ever
        with pytest.raises(asyncio.CancelledError):
            await unlucky
        return gate, order

    gate, order = asyncio.run(scenario())
    assert order == ["after"]
    assert gate.active == 0 and not gate.waiting


def test_a_failing_turn_leaves_its_place() -> None:
    async def scenario() -> TurnGate:
        gate = TurnGate(1)

        async def failing() -> None:
            async with gate:
                raise RuntimeError("action server down")

        with pytest.raises(RuntimeError):
            await failing()
        await _turns(gate, 3)
        return gate

    assert asyncio.run(scenario()).active == 0


def test_the_gate_needs_room() -> None:
    with pytest.raises(ValueError):
        TurnGate(0)


@pytest.mark.parametrize(("value", "limit"), [("", 4), ("2", 2), ("0", 0), ("-3", 0), ("many", 4)])
def test_the_limit_comes_from_the_environment(monkeypatch, value: str, limit: int) -> None:
    monkeypatch.setenv("BOT_MAX_CONCURRENT_TURNS", value)
    assert admission.limit_from_environment() == limit


def test_install_puts_rasas_turns_behind_one_gate() -> None:
    before = Agent.handle_message
    try:
        admission.install(3)
        assert Agent.handle_message.gate.limit == 3
        assert Agent.handle_message.__wrapped__ is admission._ORIGINAL_HANDLE_MESSAGE
        admission.install(0)
        assert Agent.handle_message is admission._ORIGINAL_HANDLE_MESSAGE
    finally:
        Agent.handle_message = before
