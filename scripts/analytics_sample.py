"""The deflection report on the recorded week of conversations (tests/analytics/conversations.json).

Loads the recorded tracker events into a fresh SQLite tracker store with Rasa's own ``SQLTrackerStore``
(the schema the assistant writes), then runs ``python -m bot.ops.analytics`` on it; the figures in
docs/analytics.md come from this run::

    .venv/bin/python scripts/analytics_sample.py [--out reports/analytics-sample] [--screenshot PNG]

``--screenshot`` also opens the HTML page in Debian's Chromium (Playwright, /usr/bin/chromium) and saves a
screenshot of its first screen (1280×1200: the figures and the first chart).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "tests" / "analytics" / "conversations.json"
CHROMIUM = Path("/usr/bin/chromium")


def load_fixture(db_path: Path, fixture: Path = FIXTURE) -> int:
    """Save the recorded conversations into a SQLite tracker store at ``db_path``; their number."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker

    recorded = json.loads(fixture.read_text(encoding="utf-8"))
    store = SQLTrackerStore(dialect="sqlite", db=str(db_path))

    async def save_all() -> None:
        for sender, events in recorded.items():
            parsed = [Event.from_parameters(event) for event in events]
            await store.save(DialogueStateTracker.from_events(sender, [e for e in parsed if e is not None]))

    asyncio.run(save_all())
    store.engine.dispose()
    return len(recorded)


def screenshot(html: Path, png: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1200})
        page.goto(html.resolve().as_uri())
        page.screenshot(path=str(png))  # the first screen: figures and the first chart
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "reports" / "analytics-sample"), help="output directory")
    parser.add_argument("--screenshot", help="also save a screenshot of the HTML page here (PNG)")
    args = parser.parse_args()
    from bot.ops import analytics

    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "trackers.sqlite"
        count = load_fixture(db)
        print(f"{count} recorded conversations loaded from {FIXTURE.relative_to(ROOT)}\n")
        code = analytics.main(
            ["--db", str(db), "--since", "2026-11-16", "--until", "2026-11-22", "--out", args.out]
        )
    if code == 0 and args.screenshot:
        screenshot(Path(args.out) / analytics.HTML_FILE, Path(args.screenshot))
        print(f"\nscreenshot: {args.screenshot}")
    return code


if __name__ == "__main__":
    sys.exit(main())
