"""The web chat page in Debian's Chromium (Playwright, phone viewport) against a real ``rasa run`` server:
two questions, one answered through a quick-reply button, the typing indicator, the 有帮助 / 没帮助 rating
of the answer (recorded in the tracker), a screenshot in reports/webchat.png. Chromium comes from
``apt-get install -y chromium`` (never ``playwright install``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.channels.rest import conversation_id
from tests import channel_harness
from tests.channel_harness import RasaServer, http

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPORTS = Path(__file__).resolve().parent.parent / "reports"

pytestmark = [
    pytest.mark.model,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing: apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def server():
    session = channel_harness.acquire()
    yield session.servers["plain"]
    channel_harness.release()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


def test_page_and_assets_are_served_with_safe_headers(server: RasaServer) -> None:
    status, body = http("GET", f"{server.url}/webhooks/web/")
    assert status == 200 and "社保小助手" in body.decode() and b"chat.js" in body
    for name in ("chat.js", "chat.css"):
        assert http("GET", f"{server.url}/webhooks/web/{name}")[0] == 200
    assert http("GET", f"{server.url}/webhooks/web/..%2F..%2Fcredentials.yml")[0] == 404
    assert http("GET", f"{server.url}/webhooks/web/secret.txt")[0] == 404


def test_web_chat_two_questions_with_a_button(server: RasaServer, browser) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    held = []  # REST calls held back so the typing indicator can be observed
    page.route("**/webhooks/rest/webhook", lambda route: held.append(route))
    try:
        page.goto(f"{server.url}/webhooks/web")  # redirected to /webhooks/web/
        assert page.url.endswith("/webhooks/web/")
        expect(page.locator(".bar .title")).to_have_text("社保小助手")
        expect(page.locator("[data-role=bot-message]").first).to_contain_text("您好！我是社保小助手")

        # question 1: the bot asks for the city with buttons, while waiting the typing indicator shows
        page.fill("#input", "缴费基数上限是多少")
        page.click("#send")
        expect(page.locator("[data-role=user-message] .bubble").last).to_have_text("缴费基数上限是多少")
        expect(page.locator("[data-role=typing]")).to_be_visible()
        page.wait_for_function("() => true")  # let Playwright dispatch the route handler
        while not held:
            page.wait_for_timeout(20)
        request = held.pop()
        assert json.loads(request.request.post_data)["message"] == "缴费基数上限是多少"
        request.continue_()
        page.unroute("**/webhooks/rest/webhook")
        expect(page.locator("[data-role=typing]")).to_have_count(0)
        bot_messages = page.locator("[data-role=bot-message]")
        expect(bot_messages).to_have_count(2)  # the greeting and the question for the city
        asking = bot_messages.nth(1)
        expect(asking).to_contain_text("哪个城市")
        expect(asking.locator(".quick-reply")).to_have_text(["长春", "上海", "天津"])
        expect(page.locator("[data-role=feedback]")).to_have_count(0)  # a question asked back is not rated

        # question 2: a click on 上海 sends its payload and shows its title
        asking.get_by_role("button", name="上海").click()
        expect(page.locator("[data-role=user-message] .bubble").last).to_have_text("上海")
        expect(bot_messages).to_have_count(3)
        answer = bot_messages.nth(2)
        expect(answer).to_contain_text("28017")
        expect(answer).to_contain_text("上海")
        expect(asking.locator(".quick-reply").first).to_be_disabled()

        # the answer can be rated: 有帮助 / 没帮助 under it; 没帮助 gives the next steps and is recorded
        feedback = page.locator("[data-role=feedback]")
        expect(feedback).to_have_count(1)
        expect(feedback.locator(".feedback-question")).to_have_text("这个回答对您有帮助吗？")
        expect(feedback.locator(".feedback-button")).to_have_text(["有帮助", "没帮助"])
        feedback.get_by_role("button", name="没帮助").click()
        expect(page.locator("[data-role=user-message] .bubble").last).to_have_text("没帮助")
        expect(bot_messages).to_have_count(4)
        expect(bot_messages.nth(3)).to_contain_text("换个说法")
        expect(bot_messages.nth(3)).to_contain_text("12333")
        expect(bot_messages.nth(3).locator(".quick-reply")).to_have_count(0)  # no live agent on the web
        expect(feedback.locator(".feedback-button").first).to_be_disabled()
        sender = page.evaluate("window.localStorage.getItem('shebao-web-sender')")
        rated = [
            e["value"]
            for e in server.events(conversation_id(sender))  # web-<hex> is stored as web:<hex>
            if e.get("event") == "slot" and e["name"] == "feedback"
        ]
        assert (
            len(rated) == 1 and rated[0]["rating"] == "unhelpful" and rated[0]["intent"] == "ask_base_limits"
        )

        # phone layout: nothing wider than the screen, composer visible at the bottom
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        box = page.locator("#composer").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844 + 1
        REPORTS.mkdir(exist_ok=True)
        page.screenshot(path=str(REPORTS / "webchat.png"))
        assert (REPORTS / "webchat.png").stat().st_size > 10_000
        assert errors == []
    finally:
        context.close()


def test_network_failure_shows_a_chinese_error(server: RasaServer, browser) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{server.url}/webhooks/web/")
        page.route("**/webhooks/rest/webhook", lambda route: route.abort())
        page.fill("#input", "你好")
        page.click("#send")
        expect(page.locator(".bubble.error")).to_contain_text("网络异常")
        expect(page.locator("[data-role=typing]")).to_have_count(0)
    finally:
        context.close()
