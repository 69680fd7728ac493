"""The production topology on this machine's PostgreSQL and Redis (scripts/deploy_local.py, under
supervisord): two Rasa instances on endpoints.production.yml, one action server, nginx in front.

* a conversation alternating between the two instances keeps its state (a questionnaire in progress);
* 50 concurrent conversations of 20 turns, each turn sent to the other instance than the last, lose and
  reorder no event: the user events stored in PostgreSQL equal what was sent, in order;
* the same message sent three times at once to both instances and nginx (a double tap, two devices): every
  send answered or refused with the busy text, every answered one stored once, in order (the Redis lock);
* faults: the action server killed (a polite answer with the hotline within 2 s, then the conversation goes
  on), Redis unreachable (not ready, the busy text, nothing half-stored), PostgreSQL restarted (no
  acknowledged turn lost).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid

import aiohttp
import pytest
import sqlalchemy as sa

from bot.channels import UNAVAILABLE_TEXT
from scripts.deploy_local import NGINX, SERVICES, Deployment, free_port, get

pytestmark = [pytest.mark.services, pytest.mark.model]
RUN = uuid.uuid4().hex[:8]  # this run's senders: the shared database may hold other runs' conversations


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _service(key: str) -> str:
    return os.environ.get(key, SERVICES[key])


@pytest.fixture(scope="module")
def deployment():
    for host, port in (
        (_service("DB_HOST"), _service("DB_PORT")),
        (_service("REDIS_HOST"), _service("REDIS_PORT")),
    ):
        if not _reachable(host, int(port)):
            pytest.skip(f"{host}:{port} not reachable (PostgreSQL and Redis run as services on this machine)")
    if not shutil.which(NGINX):
        pytest.skip("nginx missing (make test installs it from Debian)")
    deployment = Deployment(instances=2, port=free_port(), env={"BOT_TODAY": "2026-11-22"})
    try:
        yield deployment.start()
    finally:
        deployment.stop()


@pytest.fixture(scope="module")
def events_table():
    url = (
        f"postgresql+psycopg2://{_service('DB_USER')}:{_service('DB_PASSWORD')}@{_service('DB_HOST')}:"
        f"{_service('DB_PORT')}/{_service('DB_NAME')}"
    )
    engine = sa.create_engine(url, future=True, pool_pre_ping=True)  # survives the PostgreSQL restart test
    yield engine
    engine.dispose()


def _stored(engine: sa.engine.Engine, sender: str, type_name: str) -> list[dict]:
    """The events of ``sender``'s conversation (stored as ``rest:<sender>`` by the REST channel)."""
    query = sa.text(
        "SELECT data FROM events WHERE sender_id IN (:sender, :namespaced) AND type_name = :type ORDER BY id"
    )
    with engine.connect() as connection:
        rows = connection.execute(
            query, {"sender": sender, "namespaced": f"rest:{sender}", "type": type_name}
        )
        return [json.loads(row.data) for row in rows]


def user_texts(engine: sa.engine.Engine, sender: str) -> list[str]:
    return [event["text"] for event in _stored(engine, sender, "user")]


def slots(engine: sa.engine.Engine, sender: str) -> dict[str, object]:
    return {event["name"]: event["value"] for event in _stored(engine, sender, "slot")}


async def say(session: aiohttp.ClientSession, base: str, sender: str, text: str) -> str:
    async with session.post(
        f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}
    ) as reply:
        assert reply.status == 200, await reply.text()
        return "\n".join(m.get("text", "") for m in await reply.json())


def test_both_instances_are_ready_behind_nginx(deployment: Deployment) -> None:
    async def check() -> list[int]:
        async with aiohttp.ClientSession() as session:
            statuses = []
            for url in [*deployment.urls, deployment.url]:
                async with session.get(f"{url}/webhooks/health/ready") as reply:
                    statuses.append(reply.status)
            async with session.get(f"{deployment.url}/status") as reply:  # the HTTP API is not exposed
                statuses.append(reply.status)
            return statuses

    assert asyncio.run(check()) == [200, 200, 200, 404]


def test_every_process_of_the_deployment_listens_on_loopback_only(deployment: Deployment) -> None:
    from tests.test_doors import listening

    ports = [*deployment.rasa_ports, deployment.action_port, deployment.port]
    assert {port: listening(port) for port in ports} == {port: {"127.0.0.1"} for port in ports}


def test_a_questionnaire_alternating_between_instances_keeps_its_state(
    deployment: Deployment, events_table
) -> None:
    sender = f"deploy-{RUN}-form"
    turns = ["我能领失业金吗", "北京", "交了七年", "是的，被辞退的", "已经办了"]

    async def talk() -> list[str]:
        async with aiohttp.ClientSession() as session:
            return [
                await say(session, deployment.urls[index % 2], sender, text)
                for index, text in enumerate(turns)
            ]

    replies = asyncio.run(talk())
    assert "哪个城市" in replies[0]
    assert "多少年" in replies[1]  # instance 1 knew the form was asking for the city
    assert "1843元/月" in replies[-1] and "符合条件" in replies[-1]
    stored = slots(events_table, sender)
    assert stored["q_city"] == "beijing" and stored["q_years"] == 7 and stored["q_involuntary"] is True
    assert user_texts(events_table, sender) == turns


def test_50_concurrent_conversations_of_20_turns_lose_and_reorder_nothing(
    deployment: Deployment, events_table
) -> None:
    mix = [
        "你好",
        "长春缴费基数上限是多少",
        "净月分局电话多少",
        "天津2020年8月缴费基数上限",
        "谢谢",
        "外国员工要交社保吗",
        "北京失业金一个月多少",
        "稳岗返还怎么算",
        "社保卡丢了怎么补",
        "再见",
    ]
    conversations = {
        f"deploy-{RUN}-c{n:02d}": [f"{mix[(n + turn) % len(mix)]}（第{turn + 1}句）" for turn in range(20)]
        for n in range(50)
    }

    async def converse(session: aiohttp.ClientSession, sender: str, texts: list[str], first: int) -> int:
        answered = 0
        for turn, text in enumerate(texts):
            answered += bool(await say(session, deployment.urls[(first + turn) % 2], sender, text))
        return answered

    async def run_all() -> list[int]:
        connector = aiohttp.TCPConnector(limit=100)
        async with aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=300)
        ) as session:
            return await asyncio.gather(
                *(
                    converse(session, sender, texts, index)
                    for index, (sender, texts) in enumerate(conversations.items())
                )
            )

    answered = asyncio.run(run_all())
    assert answered == [20] * 50  # every turn got an answer
    for sender, texts in conversations.items():
        assert user_texts(events_table, sender) == texts, sender


def test_simultaneous_sends_of_one_sender_on_two_instances_are_stored_once_each_in_order(
    deployment: Deployment, events_table
) -> None:
    """10 senders, 4 turns each; every turn sent 3 times at once, to instance 0, instance 1 and nginx."""
    turns = ["长春缴费基数上限是多少", "净月分局电话多少", "北京失业金一个月多少", "谢谢"]
    senders = [f"deploy-{RUN}-triple{n}" for n in range(10)]

    async def send(session: aiohttp.ClientSession, base: str, sender: str, text: str) -> tuple[str, bool]:
        return text, await say(session, base, sender, text) != UNAVAILABLE_TEXT

    async def converse(session: aiohttp.ClientSession, sender: str) -> list[str]:
        answered = []  # in the order the turns were answered
        for text in turns:
            copies = [send(session, base, sender, text) for base in [*deployment.urls, deployment.url]]
            for result in asyncio.as_completed(copies):
                text_, ok = await result
                answered += [text_] if ok else []
        return answered

    async def run_all() -> list[list[str]]:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
            return await asyncio.gather(*(converse(session, sender) for sender in senders))

    for sender, answered in zip(senders, asyncio.run(run_all()), strict=True):
        assert len(answered) >= len(turns), (sender, answered)  # refusals are the exception
        assert user_texts(events_table, sender) == answered, sender  # none lost, none twice, in order


# --- faults ------------------------------------------------------------------------------------------------


def _ask_timed(base: str, sender: str, text: str) -> tuple[int, str, float]:
    async def once() -> tuple[int, str, float]:
        started = time.perf_counter()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            async with session.post(
                f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}
            ) as reply:
                body = await reply.json() if reply.status == 200 else []
                return reply.status, "\n".join(m.get("text", "") for m in body), time.perf_counter() - started

    return asyncio.run(once())


def test_action_server_killed_gets_a_polite_reply_and_the_conversation_continues(
    deployment: Deployment, events_table
) -> None:
    sender = f"deploy-{RUN}-actions-down"
    assert "13835" in _ask_timed(deployment.url, sender, "长春缴费基数上限是多少")[1]
    deployment.stop_process("actions", signal.SIGKILL)
    try:
        status, text, seconds = _ask_timed(deployment.url, sender, "天津2020年8月缴费基数上限")
        assert status == 200 and text == UNAVAILABLE_TEXT and "12333" in text
        assert seconds < 2.0
    finally:
        deployment.wait_ready()  # supervisord restarts it on the same port
    status, text, _ = _ask_timed(deployment.url, sender, "天津2020年8月缴费基数上限")
    assert status == 200 and text != UNAVAILABLE_TEXT
    status, text, _ = _ask_timed(deployment.url, sender, "净月分局电话多少")
    assert status == 200 and "0431-82538085" in text  # answered by the restarted action server
    assert user_texts(events_table, sender) == [
        "长春缴费基数上限是多少",
        "天津2020年8月缴费基数上限",
        "天津2020年8月缴费基数上限",
        "净月分局电话多少",
    ]


def test_redis_down_is_a_clear_error_and_not_ready(events_table) -> None:
    """An instance whose lock store is unreachable answers every turn with the busy text and the hotline
    (it cannot serialise a conversation's turns safely, so it processes none) and reports itself not
    ready, naming the lock store, so the load balancer takes it out."""
    broken = Deployment(instances=1, env={"REDIS_PORT": str(free_port()), "BOT_TODAY": "2026-11-22"})
    broken.start(wait=False)
    try:
        deadline = time.monotonic() + 180
        while get(f"{broken.urls[0]}/webhooks/health/live")[0] != 200:
            assert time.monotonic() < deadline and broken.processes["rasa0"].poll() is None, broken.log(
                "rasa0"
            )[-3000:]
            time.sleep(0.5)
        status, body = get(f"{broken.urls[0]}/webhooks/health/ready")
        assert (status, json.loads(body)) == (503, {"status": "not ready"})  # no details to the public...
        # ...but logged; the process writes its log in its own time: the lines may land after the reply
        logged = time.monotonic() + 10
        log = broken.log("rasa0")
        while "health.not_ready" not in log and time.monotonic() < logged:
            time.sleep(0.2)
            log = broken.log("rasa0")
        assert "health.not_ready" in log and "lock_store" in log and "ConnectionError" in log
        sender = f"deploy-{RUN}-redis-down"
        status, text, _ = _ask_timed(broken.urls[0], sender, "长春缴费基数上限是多少")
        assert status == 200 and text == UNAVAILABLE_TEXT
        assert user_texts(events_table, sender) == []  # nothing half-processed
    finally:
        broken.stop()


def test_postgresql_restart_loses_no_acknowledged_turn(deployment: Deployment, events_table) -> None:
    """Turns keep coming while PostgreSQL restarts: every turn that got a real answer is in the store."""
    if os.geteuid() != 0 or not shutil.which("pg_ctlcluster"):
        pytest.skip("restarting PostgreSQL needs root and pg_ctlcluster")
    cluster = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout.split()
    version, name = cluster[0], cluster[1]
    sender = f"deploy-{RUN}-pg-restart"
    acknowledged: list[str] = []
    restart = threading.Thread(
        target=subprocess.run,
        args=(["pg_ctlcluster", version, name, "restart"],),
        kwargs={"check": True, "capture_output": True},
    )
    for turn in range(40):
        if turn == 5:
            restart.start()
        text = f"长春缴费基数上限是多少（第{turn + 1}次）"
        status, reply, _ = _ask_timed(deployment.urls[turn % 2], sender, text)
        if status == 200 and "13835" in reply:
            acknowledged.append(text)
        time.sleep(0.1)
    restart.join(timeout=60)
    assert len(acknowledged) >= 30  # the service came back
    stored = user_texts(events_table, sender)
    assert [text for text in stored if text in acknowledged] == acknowledged  # none lost, none reordered
