"""The turn gate (bot/ops/admission.py): a few turns at a time, the others in arrival order, in a bounded
queue (a full queue, a sender with a turn already waiting, or a wait beyond the limit get the busy reply
without the turn being processed)."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.agent import Agent

from bot.channels import UNAVAILABLE_TEXT
from bot.ops import admission
from bot.ops.admission import TurnGate, TurnRefused


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


# --- bounds -------------------------------------------------------------------------------------------------


async def _hold(gate: TurnGate, sender: str | None, release: asyncio.Event) -> None:
    await gate.acquire(sender)
    try:
        await release.wait()
    finally:
        gate.release(sender)


def test_the_queue_is_bounded() -> None:
    async def scenario() -> list[str]:
        gate, release = TurnGate(1, max_waiting=2), asyncio.Event()
        tasks = [asyncio.create_task(_hold(gate, f"u{n}", release)) for n in range(3)]  # 1 in, 2 waiting
        await asyncio.sleep(0.01)
        with pytest.raises(TurnRefused) as refused:
            await gate.acquire("u9")
        release.set()
        await asyncio.gather(*tasks)
        assert gate.active == 0 and not gate.waiting and not gate.in_gate
        return [refused.value.reason]

    assert asyncio.run(scenario()) == ["queue_full"]


def test_one_waiting_turn_per_sender() -> None:
    async def scenario() -> TurnGate:
        gate, release = TurnGate(1, max_waiting=50), asyncio.Event()
        holder = asyncio.create_task(_hold(gate, "other", release))
        first = asyncio.create_task(_hold(gate, "tapper", release))  # waits behind the holder
        await asyncio.sleep(0.01)
        with pytest.raises(TurnRefused, match="sender_busy"):  # a second waiting turn of the same sender
            await gate.acquire("tapper")
        third = asyncio.create_task(_hold(gate, "third", release))  # other senders still queue
        await asyncio.sleep(0.01)
        assert len(gate.waiting) == 2
        release.set()
        await asyncio.gather(holder, first, third)
        return gate

    gate = asyncio.run(scenario())
    assert gate.active == 0 and not gate.waiting and not gate.in_gate and not gate.waiting_senders


def test_a_burst_of_one_sender_does_not_fill_the_turn_slots() -> None:
    async def scenario() -> list[str]:
        gate, release = TurnGate(4, max_waiting=50), asyncio.Event()
        held = [asyncio.create_task(_hold(gate, "tapper", release)) for _ in range(2)]
        await asyncio.sleep(0.01)
        outcomes = []
        for _ in range(3):
            try:
                await gate.acquire("tapper")
                outcomes.append("in")
            except TurnRefused as refusal:
                outcomes.append(refusal.reason)
        await gate.acquire("someone else")  # two slots are still free for others
        gate.release("someone else")
        release.set()
        await asyncio.gather(*held)
        assert gate.active == 0 and not gate.in_gate and not gate.waiting_senders
        return outcomes

    assert asyncio.run(scenario()) == ["sender_busy"] * 3


def test_a_turn_waits_no_longer_than_the_limit() -> None:
    async def scenario() -> tuple[str, float, TurnGate]:
        gate, release = TurnGate(1, max_wait=0.2), asyncio.Event()
        holder = asyncio.create_task(_hold(gate, "slow", release))
        await asyncio.sleep(0.01)
        started = asyncio.get_running_loop().time()
        with pytest.raises(TurnRefused) as refused:
            await gate.acquire("patient")
        waited = asyncio.get_running_loop().time() - started
        release.set()
        await holder
        return refused.value.reason, waited, gate

    reason, waited, gate = asyncio.run(scenario())
    assert reason == "wait_limit" and 0.15 < waited < 2
    assert gate.active == 0 and not gate.waiting and not gate.in_gate and not gate.waiting_senders


class _Collector:
    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    async def send_text_message(self, recipient_id: str, text: str) -> None:
        self.messages.append((recipient_id, text))


class _Message:
    def __init__(self, sender_id: str) -> None:
        self.sender_id = sender_id
        self.output_channel = _Collector()


def test_a_refused_turn_gets_the_busy_reply_and_is_not_processed() -> None:
    async def scenario() -> tuple[list[str], list[_Message]]:
        processed: list[str] = []
        release = asyncio.Event()

        async def original(agent: object, message: _Message) -> list[str]:
            processed.append(message.sender_id)
            await release.wait()
            return ["answered"]

        handle = admission._gated(original, TurnGate(1, max_waiting=5))
        messages = [_Message("rest:tap") for _ in range(3)]  # a triple tap
        tasks = [asyncio.create_task(handle(object(), message)) for message in messages]
        await asyncio.sleep(0.05)
        release.set()
        results = await asyncio.gather(*tasks)
        assert results == [["answered"], ["answered"], None]
        return processed, messages

    processed, messages = asyncio.run(scenario())
    assert processed == ["rest:tap", "rest:tap"]  # the third was never processed...
    assert [m.output_channel.messages for m in messages] == [[], [], [("rest:tap", UNAVAILABLE_TEXT)]]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, (100, 15.0)),
        ({"BOT_MAX_WAITING_TURNS": "7", "BOT_MAX_TURN_WAIT": "2.5"}, (7, 2.5)),
        ({"BOT_MAX_WAITING_TURNS": "x", "BOT_MAX_TURN_WAIT": "0"}, (100, None)),
    ],
)
def test_the_bounds_come_from_the_environment(monkeypatch, env: dict[str, str], expected: tuple) -> None:
    for key in ("BOT_MAX_WAITING_TURNS", "BOT_MAX_TURN_WAIT"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    gate = admission.gate_from_environment(4)
    assert (gate.limit, gate.max_waiting, gate.max_wait) == (4, *expected)
