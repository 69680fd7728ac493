"""WeChat retries across instances: each message stored and answered once, whichever instance a retry reaches.

Two Rasa instances under supervisord behind nginx (scripts/deploy_local.py), the official-account channel on
(plaintext, test credentials) and WeChat's server API played by the fake of tests/channel_harness.py (token
and customer-service pushes, recorded). ``--messages`` messages (default 50), each from its own user, each
delivered ``3`` times through nginx as WeChat does when it gets no answer in time: the first two copies
0.2 s apart (the retry reaches an instance while the answer is being computed), the third after both were
answered (a retry after the answer). At most ``--concurrency`` messages at once (default 10); everything
goes to 127.0.0.1 and each request is cut at 30 s.

Then PostgreSQL's events table is read: the user turns stored per MsgId (0 stored twice, 0 missing), and the
answers given: the passive replies (all copies of one message must carry the same text) and the pushes
the fake API accepted. Every stored turn is an answer computed and sent; a message is *answered once*
when it was stored once and got a passive reply (the same text for every copy) and no push, or the push
(possibly in pieces) and no passive reply.

    .venv/bin/python scripts/fault_wechat_retries.py [--messages 50] [--concurrency 10]

Prints the figures and writes them into docs/benchmarks.md (the `fault_wechat_retries` part of the
`faults` section).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import aiohttp
import sqlalchemy as sa
from defusedxml.ElementTree import fromstring
from wechatpy.utils import WeChatSigner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.deploy_local import Deployment, free_port
from scripts.fault_common import check_services, engine, pick_model, stamp, write_part
from tests.channel_harness import FakeWeChatApi

TOKEN, APP_ID, SECRET = "fault-token", "wx-plain-app", "plain-secret"  # known to the fake API
COPIES = 3
QUESTIONS = [
    "长春缴费基数上限是多少",
    "北京交了7年失业保险能领多少失业金",
    "稳岗返还怎么申请",
    "净月分局电话多少",
    "外国员工要交社保吗",
    "天津2020年8月缴费基数上限",
    "社保卡丢了怎么补",
    "你好",
    "谢谢",
    "减免缓缴政策到什么时候",
]


def signed_query() -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:16]
    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, nonce)
    return {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}


def xml_message(openid: str, msg_id: str, text: str) -> bytes:
    return (
        f"<xml><ToUserName><![CDATA[gh_fault]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    ).encode()


async def deliver(session: aiohttp.ClientSession, url: str, query: dict[str, str], body: bytes) -> str:
    """The passive reply's text, ``success``, or ``failed:<why>``."""
    try:
        async with session.post(f"{url}/webhooks/wechat/webhook", params=query, data=body) as reply:
            raw = await reply.read()
            if reply.status != 200:
                return f"failed:{reply.status}"
    except (aiohttp.ClientError, TimeoutError, OSError) as error:
        return f"failed:{type(error).__name__}"
    if raw.strip() == b"success":
        return "success"
    try:
        content = fromstring(raw).findtext("Content")
    except Exception:  # not the XML of a passive reply
        return "failed:body"
    return content if content is not None else "failed:no Content"


async def one_message(
    session: aiohttp.ClientSession, url: str, openid: str, msg_id: str, text: str
) -> list[str]:
    query, body = signed_query(), xml_message(openid, msg_id, text)  # a retry repeats the same request

    async def later(delay: float) -> str:
        await asyncio.sleep(delay)
        return await deliver(session, url, query, body)

    first_two = await asyncio.gather(later(0.0), later(0.2))
    return [*first_two, await deliver(session, url, query, body)]


def stored_turns(db: sa.engine.Engine, prefix: str) -> Counter:
    """User turns stored per (sender, MsgId) for the senders of this run."""
    query = sa.text("SELECT sender_id, data FROM events WHERE sender_id LIKE :pattern AND type_name = 'user'")
    counts: Counter = Counter()
    with db.connect() as connection:
        for row in connection.execute(query, {"pattern": f"wechat:{prefix}%"}):
            counts[(row.sender_id.partition(":")[2], json.loads(row.data).get("message_id"))] += 1
    return counts


def run(url: str, api: FakeWeChatApi, messages: int, concurrency: int) -> dict:
    prefix = f"fault-{uuid.uuid4().hex[:8]}-"
    plan = [
        (f"{prefix}u{n:02d}", str(7_000_000_000 + n), QUESTIONS[n % len(QUESTIONS)]) for n in range(messages)
    ]

    async def run_all() -> list[list[str]]:
        gate = asyncio.Semaphore(concurrency)
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as session:

            async def bounded(openid: str, msg_id: str, text: str) -> list[str]:
                async with gate:
                    return await one_message(session, url, openid, msg_id, text)

            return await asyncio.gather(*(bounded(*item) for item in plan))

    started = time.perf_counter()
    replies = asyncio.run(run_all())
    seconds = time.perf_counter() - started
    settle = time.monotonic() + 30  # pushes of slow answers still under way
    last, quiet_since = -1, time.monotonic()
    while time.monotonic() < settle:
        count = len(api.pushes)
        if count != last:
            last, quiet_since = count, time.monotonic()
        elif time.monotonic() - quiet_since > 3:
            break
        time.sleep(0.5)
    stored = stored_turns(engine(), prefix)
    figures: Counter = Counter()
    for (openid, msg_id, _), copies in zip(plan, replies, strict=True):
        turns = stored.get((openid, msg_id), 0)
        figures["stored once"] += turns == 1
        figures["stored twice or more"] += turns > 1
        figures["missing"] += turns == 0
        passive = [c for c in copies if c != "success" and not c.startswith("failed:")]
        pushes = len(api.delivered(openid))
        figures["failed deliveries"] += sum(c.startswith("failed:") for c in copies)
        figures["success"] += copies.count("success")
        figures["passive replies"] += len(passive)
        figures["passive reply differs"] += len(set(passive)) > 1
        # every stored turn is an answer computed and sent (passively or pushed): answered once means one
        # stored turn and either passive replies (the same text to each copy) or the push (maybe in pieces)
        once = turns == 1 and bool(passive) != bool(pushes)
        figures["answered passively"] += once and bool(passive)
        figures["answered by push"] += once and bool(pushes)
        figures["answered twice"] += turns > 1 or (bool(passive) and bool(pushes))
        figures["not answered"] += not passive and not pushes
        figures["pushes"] += pushes
    figures["messages"] = messages
    figures["deliveries"] = messages * COPIES
    figures["seconds"] = round(seconds)
    return dict(figures)


def report(figures: dict, model: str, shared_retries: int, tokens: int, concurrency: int) -> str:
    f = figures
    answered_once = f["answered passively"] + f["answered by push"]
    goal = (
        f["stored once"] == f["messages"]
        and not f["stored twice or more"]
        and not f["missing"]
        and answered_once == f["messages"]
        and not f["answered twice"]
        and not f["passive reply differs"]
    )
    return "\n".join(
        [
            "### WeChat retries across instances (`scripts/fault_wechat_retries.py`)",
            "",
            f"{stamp()}, model `{model}`, 2 instances behind nginx, WeChat state in Redis "
            "(bot/channels/wechat_state.py), the fake WeChat API of tests/channel_harness.py. "
            f"{f['messages']} messages, each from its own user and delivered {COPIES} times through nginx "
            "(two copies 0.2 s apart, the third after both were answered), "
            f"at most {concurrency} at once: "
            f"{f['deliveries']} deliveries in {f['seconds']} s.",
            "",
            "| figure | count |",
            "|---|---:|",
            f"| MsgIds stored as exactly one user turn | {f['stored once']} |",
            f"| MsgIds stored twice or more | {f['stored twice or more']} |",
            f"| MsgIds missing from the tracker store | {f['missing']} |",
            f"| messages answered once: passively | {f['answered passively']} |",
            f"| messages answered once: by push | {f['answered by push']} |",
            f"| messages answered more than once (computed twice, or a push and a passive reply) | "
            f"{f['answered twice']} |",
            f"| messages not answered | {f['not answered']} |",
            f"| passive replies (a retry after the answer gets the same text) | {f['passive replies']} |",
            f"| messages whose copies got different replies | {f['passive reply differs']} |",
            f"| deliveries answered `success` | {f['success']} |",
            f"| deliveries failed (HTTP error, timeout) | {f['failed deliveries']} |",
            f"| retries answered from Redis by the instance that had not claimed the message | "
            f"{shared_retries} |",
            f"| access tokens fetched by the 2 instances | {tokens} |",
            "",
            f"Goal: each message stored once and answered once: **{'met' if goal else 'not met'}**.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--model", help="model archive (default: the current one, else the newest)")
    args = parser.parse_args()
    if not 1 <= args.messages <= 500 or not 1 <= args.concurrency <= 50:
        parser.error("--messages must be 1..500 and --concurrency 1..50 (bounded local traffic)")
    check_services()
    model = pick_model(args.model)
    api = FakeWeChatApi().start()
    env = {
        "BOT_TODAY": "2026-11-22",
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_APPID": APP_ID,
        "WECHAT_APPSECRET": SECRET,
        "WECHAT_AES_KEY": "",
        "WECHAT_API_BASE": api.url,
        "WECHAT_KF_TRANSFER": "off",
        "WECHAT_MINI_TOKEN": "",
    }
    deployment = Deployment(instances=2, port=free_port(), model=model, env=env)
    try:
        print(f"starting 2 instances behind nginx (model {model.name}) …", flush=True)
        deployment.start()
        figures = run(deployment.url, api, args.messages, args.concurrency)
        logs = "".join(deployment.log(f"rasa{index}") for index in range(deployment.instances))
        shared_retries = logs.count("wechat.retry.shared")
        tokens = api.tokens_for(APP_ID)
    finally:
        deployment.stop()
        api.stop()
    text = report(figures, model.name, shared_retries, tokens, args.concurrency)
    print(text)
    write_part("fault_wechat_retries", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
