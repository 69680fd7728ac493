"""The weekly HTML page of the deflection report in Debian's Chromium (Playwright; never `playwright
install`): the report of the recorded week (tests/analytics/conversations.json) is opened from its file,
the key figures are visible, both charts have loaded, nothing is fetched from anywhere else, and the
full-page screenshot is not blank. The screenshot is saved in the test's temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ops import analytics, charts
from scripts.analytics_sample import load_fixture

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing: apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> analytics.DeflectionReport:
    if charts.find_cjk_font() is None:
        pytest.skip("no CJK font installed (make packages installs fonts-wqy-microhei)")
    scratch = tmp_path_factory.mktemp("report")
    load_fixture(scratch / "trackers.sqlite")
    since, until = analytics_week()
    return analytics.analyze(
        f"sqlite:///{scratch / 'trackers.sqlite'}",
        since,
        until,
        office_names={
            "cc_hotline": "长春市社会保险咨询热线",
            "hotline_12333": "人力资源和社会保障咨询电话12333",
        },
    )


@pytest.fixture(scope="module")
def page_file(recorded, tmp_path_factory) -> Path:
    return analytics.write_report(recorded, tmp_path_factory.mktemp("out")).html


def analytics_week():
    import datetime as dt

    return dt.date(2026, 11, 16), dt.date(2026, 11, 22)


def test_report_page_in_chromium(recorded, page_file: Path, tmp_path: Path) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: requested.append(request.url))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")

            assert page.title().startswith("社保小助手 热线分流周报")
            figures = {
                "#conversations": "26",
                "#containment-old": "69.2%",
                "#containment-honest": "69.2%",
                "#containment-feedback": "46.2%",
                "#helpful-rate": "47.4%",
                "#unhelpful-rate": "52.6%",
            }
            for selector, value in figures.items():
                card = page.locator(selector)
                assert card.is_visible(), selector
                assert card.locator(".value").inner_text() == value, selector
            # the old and the new definition side by side, on the same row
            old_box = page.locator("#containment-old").bounding_box()
            new_box = page.locator("#containment-feedback").bounding_box()
            assert (
                old_box and new_box and abs(old_box["y"] - new_box["y"]) < 1 and new_box["x"] > old_box["x"]
            )

            worst = page.locator("#worst-rated tbody tr")
            assert worst.count() == 6 and "ask_unemployment_benefit" in worst.first.inner_text()
            assert "[手机号已隐藏]" in page.locator("#worst-rated").inner_text()
            assert page.locator("#by-intent tbody tr").count() == len(recorded.by_intent)
            assert page.locator("#by-document tbody tr").count() == len(recorded.by_document)
            assert page.locator("#by-document").is_visible()

            images = page.locator("img")
            assert images.count() == 2
            for index in range(images.count()):
                image = images.nth(index)
                image.scroll_into_view_if_needed()
                assert image.is_visible()
                natural = image.evaluate("i => [i.complete, i.naturalWidth, i.naturalHeight]")
                assert natural == [True, 1650, 704]  # the PNGs at the size written, decoded

            shot = tmp_path / "analytics-report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()

    assert all(url.startswith(("file://", "data:")) for url in requested), requested
    with Image.open(shot) as picture:
        assert picture.width == 1280 and picture.height > 2000
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 100  # text, bars and cards, not a blank page
        darkest, lightest = picture.convert("L").getextrema()
        assert isinstance(darkest, int) and isinstance(lightest, int)
        assert darkest < 60 and lightest > 240  # dark text on a light page
