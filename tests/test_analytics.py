"""Deflection analytics (bot/ops/analytics.py) over a tracker store written by Rasa's own SQLTrackerStore.

No model, no server: the trackers are built from events and saved with ``SQLTrackerStore.save`` into a
temporary SQLite file, so the analysis reads the real schema. The same checks run on PostgreSQL, in a scratch
database created on this machine's server (127.0.0.1:5432, trust auth) and dropped afterwards, or in the
database ``ANALYTICS_TEST_PG_URL`` names (its ``events`` table is replaced)."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import os
import sqlite3
import warnings
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.ops import analytics, charts
from bot.ops.analytics import AnalyticsError, analyze, main, write_report

SH = ZoneInfo("Asia/Shanghai")
SINCE, UNTIL = dt.date(2026, 11, 16), dt.date(2026, 11, 20)
FALLBACK_TEXT = "我想问一下那个东西怎么弄"


def ts(day: int, hour: int, minute: int = 0) -> float:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SH).timestamp()


def conversations() -> dict[str, list]:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

    def start(t: float) -> list:
        return [
            ActionExecuted("action_session_start", timestamp=t),
            SessionStarted(timestamp=t),
            ActionExecuted("action_listen", timestamp=t),
        ]

    def turn(
        t: float,
        text: str,
        intent: str,
        action: str,
        reply: str,
        channel: str = "rest",
        handoff: str | None = None,
        topic: str | None = None,
        slots: bool = True,
    ) -> list:
        events = [
            UserUttered(text, {"name": intent, "confidence": 0.9}, timestamp=t, input_channel=channel),
            ActionExecuted(action, timestamp=t + 1),
            BotUttered(reply, timestamp=t + 1),
        ]
        if slots:
            events += [
                SlotSet("answer_topic", topic, timestamp=t + 1),
                SlotSet("handoff", handoff, timestamp=t + 1),
            ]
        return [*events, ActionExecuted("action_listen", timestamp=t + 2)]

    return {
        # contained
        "rest:a1": [
            *start(ts(16, 10)),
            *turn(
                ts(16, 10),
                "长春月薪8000每月社保交多少",
                "ask_contribution",
                "action_contribution",
                "每月单位缴费…",
                topic="contribution",
            ),
        ],
        "rest:a2": [
            *start(ts(16, 11)),
            *turn(ts(16, 11), "你好", "greet", "utter_greet", "您好", slots=False),
            *turn(ts(16, 11, 5), "谢谢", "thanks", "utter_thanks", "不客气", slots=False),
        ],
        # fallback (the fallback reply gives the hotline, so it is also a hand-off);
        # 00:30 in Shanghai = day 16 in UTC
        "rest:f1": [
            *start(ts(17, 0, 30)),
            *turn(
                ts(17, 0, 30),
                FALLBACK_TEXT,
                "nlu_fallback",
                "action_fallback",
                "抱歉，我没有理解您的问题。",
                handoff="cc_hotline",
                topic="fallback",
            ),
        ],
        # the same text with other spacing, then an answered question
        "wechat:f2": [
            *start(ts(17, 10)),
            *turn(
                ts(17, 10),
                "我想问一下  那个东西怎么弄",
                "nlu_fallback",
                "action_fallback",
                "抱歉",
                channel="wechat",
                topic="fallback",
            ),
            *turn(
                ts(17, 10, 2),
                "长春社保怎么交",
                "ask_contribution",
                "action_contribution",
                "…",
                channel="wechat",
                topic="contribution",
            ),
        ],
        # hand-offs: a phone answer routing to an office, a human hand-off to the hotline, a legacy
        # action only
        "rest:h1": [
            *start(ts(18, 9)),
            *turn(
                ts(18, 9),
                "净月分局电话多少",
                "ask_phone",
                "action_phone",
                "经济净月分局 0431-82538085",
                handoff="cc_jingyue",
                topic="phone",
            ),
        ],
        "rest:h2": [
            *start(ts(18, 15)),
            *turn(
                ts(18, 15),
                "我要转人工",
                "ask_human",
                "action_human_handoff",
                "请拨打9612333",
                handoff="cc_hotline",
                topic="human",
            ),
        ],
        "rest:u1": [
            *start(ts(20, 8)),
            *turn(ts(20, 8), "转人工", "ask_human", "action_human_handoff", "请拨打9612333", slots=False),
        ],
        # out of scope (no hand-off), and a fallback seen only through the action
        "wechat:o1": [
            *start(ts(19, 9)),
            *turn(
                ts(19, 9),
                "帮我订一张机票",
                "out_of_scope",
                "action_out_of_scope",
                "超出服务范围",
                channel="wechat",
                topic="out_of_scope",
            ),
        ],
        "rest:d1": [
            *start(ts(19, 20)),
            *turn(ts(19, 20), "嗯嗯那个", "inform", "action_fallback", "抱歉", topic="fallback"),
        ],
        # honest replies: "not covered" with the national hotline, then an answer; a neighbouring domain twice
        # (no fallback, no hand-off: contained by the previous definition, not by the honest one)
        "rest:n1": [
            *start(ts(20, 10)),
            *turn(
                ts(20, 10),
                "上海的社保缴费基数是多少",
                "ask_contribution",
                "action_contribution",
                "暂未收录上海的数据，请拨打12333",
                handoff="hotline_12333",
                topic="not_covered:place",
            ),
            *turn(ts(20, 10, 3), "那长春呢", "inform", "action_contribution", "…", topic="ask_contribution"),
        ],
        "wechat:n2": [
            *start(ts(19, 11)),
            *turn(
                ts(19, 11),
                "交强险一年多少钱",
                "ask_policy_faq",
                "action_policy_faq",
                "这不属于社保",
                channel="wechat",
                topic="out_of_scope:motor_insurance",
            ),
            *turn(
                ts(19, 11, 2),
                "那商业车险呢",
                "ask_policy_faq",
                "action_policy_faq",
                "这也不属于社保",
                channel="wechat",
                topic="out_of_scope:motor_insurance",
            ),
        ],
        # before the range
        "rest:old": [
            *start(ts(10, 9)),
            *turn(
                ts(10, 9),
                FALLBACK_TEXT,
                "nlu_fallback",
                "action_fallback",
                "抱歉",
                handoff="cc_hotline",
                topic="fallback",
            ),
        ],
        # a session without any user message
        "rest:idle": start(ts(18, 12)),
    }


def save_trackers(db_url: str) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    store = (
        SQLTrackerStore(dialect="sqlite", db=db_url) if "://" not in db_url else SQLTrackerStore(host=db_url)
    )

    async def save_all() -> None:
        for sender, events in conversations().items():
            await store.save(DialogueStateTracker.from_events(sender, events))

    asyncio.run(save_all())
    store.engine.dispose()


def add_malformed_rows(db_url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}", future=True)
    with engine.begin() as connection:
        for data in ("{not json", "[1, 2]"):
            connection.execute(
                sa.text(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) "
                    "VALUES ('rest:bad', 'user', :t, 'greet', :d)"
                ),
                {"t": ts(18, 12), "d": data},
            )
    engine.dispose()


LOCAL_PG = "postgresql+psycopg2://postgres@127.0.0.1:5432"


def _local_pg() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def backends() -> list:
    pg = bool(os.environ.get("ANALYTICS_TEST_PG_URL")) or _local_pg()
    return [
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.skipif(not pg, reason="no PostgreSQL reachable")),
    ]


@contextmanager
def scratch_postgres_url():
    """The database ANALYTICS_TEST_PG_URL names, or a fresh one on the local server, dropped afterwards."""
    import uuid

    import sqlalchemy as sa

    if os.environ.get("ANALYTICS_TEST_PG_URL"):
        url = os.environ["ANALYTICS_TEST_PG_URL"]
        engine = sa.create_engine(url, future=True)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS events"))
        engine.dispose()
        yield url
        return
    name = f"analytics_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(f"{LOCAL_PG}/postgres", future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{LOCAL_PG}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=backends())
def tracker_db(request, tmp_path_factory):
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("trackers") / "trackers.sqlite"
        save_trackers(str(path))
        add_malformed_rows(str(path))
        yield f"sqlite:///{path}"
        return
    with scratch_postgres_url() as url:
        save_trackers(url)
        add_malformed_rows(url)
        yield url


@pytest.fixture(scope="module")
def names(store):
    return lambda office_id: store.office(office_id).name


@pytest.fixture(scope="module")
def week(tracker_db, names):
    return analyze(tracker_db, SINCE, UNTIL, office_names=names)


def read_csv(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_counts_and_rates(week):
    assert week.conversations == 11  # rest:old is before the range, rest:idle has no user message
    assert week.contained_conversations == 3  # rest:a1, rest:a2, wechat:n2 (out of scope, but no fallback)
    assert week.containment_rate == pytest.approx(3 / 11)
    assert week.honest_contained_conversations == 2  # n2's out-of-scope replies count as hand-offs
    assert week.honest_containment_rate == pytest.approx(2 / 11)
    assert week.user_messages == 15
    assert week.bot_messages == 15
    assert week.fallback_messages == 4  # f1, the first message of f2, o1 (out_of_scope), d1 (action_fallback)
    assert week.fallback_rate == pytest.approx(4 / 15)
    assert week.fallback_conversations == 4
    assert week.handoff_conversations == 5  # f1 (hotline given by the fallback), h1, h2, u1, n1
    assert week.not_covered_conversations == 3  # o1, n1, n2
    assert week.not_covered_replies == 4
    assert week.skipped_rows == 2
    assert week.channels == {"rest": 8, "wechat": 3}


def test_not_covered_replies(week):
    assert [(t.topic, t.replies, t.conversations) for t in week.not_covered] == [
        ("out_of_scope:motor_insurance", 2, 1),
        ("not_covered:place", 1, 1),
        ("out_of_scope", 1, 1),
    ]


def test_intents_unanswered_and_handoffs(week):
    assert [(i.intent, i.count) for i in week.intents] == [
        ("ask_contribution", 3),
        ("ask_human", 2),
        ("ask_policy_faq", 2),
        ("inform", 2),
        ("nlu_fallback", 2),
        ("ask_phone", 1),
        ("greet", 1),
        ("out_of_scope", 1),
        ("thanks", 1),
    ]
    assert [(u.text, u.count, u.conversations) for u in week.unanswered] == [
        (FALLBACK_TEXT, 2, 2),
        ("嗯嗯那个", 1, 1),
        ("帮我订一张机票", 1, 1),
    ]
    assert [(o.office_id, o.office_name, o.handoffs, o.conversations) for o in week.handoffs] == [
        ("cc_hotline", "长春市社会保险咨询热线", 2, 2),
        ("cc_jingyue", "经济净月分局", 1, 1),
        ("hotline_12333", "人力资源和社会保障咨询电话12333", 1, 1),
        ("unknown", "unknown", 1, 1),
    ]
    assert [(d.day.isoformat(), d.conversations, d.contained, d.contained_honest) for d in week.daily] == [
        ("2026-11-16", 2, 2, 2),
        ("2026-11-17", 2, 0, 0),
        ("2026-11-18", 2, 0, 0),
        ("2026-11-19", 3, 1, 0),
        ("2026-11-20", 2, 0, 0),
    ]


def test_unknown_office_name_falls_back_to_id(tracker_db):
    report = analyze(tracker_db, SINCE, UNTIL, office_names={"cc_hotline": "热线"})
    assert {o.office_id: o.office_name for o in report.handoffs} == {
        "cc_hotline": "热线",
        "cc_jingyue": "cc_jingyue",
        "hotline_12333": "hotline_12333",
        "unknown": "unknown",
    }


def test_date_and_channel_filters(tracker_db, names):
    everything = analyze(tracker_db, office_names=names)
    assert everything.conversations == 12
    assert everything.unanswered[0].count == 3  # rest:old too
    assert everything.daily[0].day == dt.date(2026, 11, 10)

    monday = analyze(tracker_db, SINCE, SINCE, office_names=names)
    assert (monday.conversations, monday.containment_rate, monday.fallback_rate) == (2, 1.0, 0.0)
    assert monday.unanswered == [] and monday.handoffs == []
    # 00:30 on the 17th in Shanghai is still the 16th in UTC
    assert analyze(tracker_db, SINCE, SINCE, tz="UTC", office_names=names).conversations == 3

    wechat = analyze(tracker_db, SINCE, UNTIL, channel="wechat", office_names=names)
    assert (wechat.conversations, wechat.user_messages, wechat.fallback_messages) == (3, 5, 2)
    assert (wechat.contained_conversations, wechat.honest_contained_conversations) == (1, 0)
    assert wechat.channels == {"wechat": 3} and wechat.not_covered_replies == 3
    assert analyze(tracker_db, channel="telegram", office_names=names).conversations == 0


def test_write_report(week, tmp_path):
    files = write_report(week, tmp_path / "out")
    assert read_csv(files.csv["intents.csv"])[:2] == [["intent", "user_messages"], ["ask_contribution", "3"]]
    assert read_csv(files.csv["unanswered.csv"]) == [
        ["text", "messages", "conversations"],
        [FALLBACK_TEXT, "2", "2"],
        ["嗯嗯那个", "1", "1"],
        ["帮我订一张机票", "1", "1"],
    ]
    assert read_csv(files.csv["handoffs.csv"])[1] == ["cc_hotline", "长春市社会保险咨询热线", "2", "2"]
    assert read_csv(files.csv["daily.csv"])[0] == [
        "date",
        "conversations",
        "contained",
        "containment_rate",
        "contained_honest",
        "containment_rate_honest",
        "contained_feedback",
        "containment_rate_feedback",
    ]
    assert read_csv(files.csv["daily.csv"])[1:5:3] == [
        ["2026-11-16", "2", "2", "1.0000", "2", "1.0000", "2", "1.0000"],
        ["2026-11-19", "3", "1", "0.3333", "0", "0.0000", "0", "0.0000"],
    ]
    assert read_csv(files.csv["not_covered.csv"]) == [
        ["answer_topic", "replies", "conversations"],
        ["out_of_scope:motor_insurance", "2", "1"],
        ["not_covered:place", "1", "1"],
        ["out_of_scope", "1", "1"],
    ]
    rows = read_csv(files.csv["summary.csv"])[1:]
    summary = dict(rows)
    assert summary["conversations"] == "11" and summary["containment_rate"] == "0.2727"
    assert summary["containment_rate_honest"] == "0.1818" and summary["contained_conversations_honest"] == "2"
    assert summary["not_covered_conversations"] == "3" and summary["not_covered_replies"] == "4"
    names = [name for name, _ in rows]  # the two definitions side by side
    assert names.index("containment_rate_honest") == names.index("containment_rate") + 1
    assert summary["fallback_rate"] == "0.2667" and summary["skipped_rows"] == "2"
    assert summary["since"] == "2026-11-16" and summary["channel:wechat"] == "3"
    for chart in files.charts:
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000
    assert files.cjk_font == charts.find_cjk_font()

    ascii_files = write_report(week, tmp_path / "ascii", font=False)  # no CJK font: ids as labels
    assert ascii_files.cjk_font is None and ascii_files.chart.stat().st_size > 10_000


def test_cli(tracker_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(
        analytics, "_store_office_name", lambda office_id: None
    )  # the policy store is not needed
    out = tmp_path / "cli"
    assert (
        main(["--db", tracker_db, "--since", "2026-11-16", "--until", "2026-11-20", "--out", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    assert printed.isascii()
    assert "conversations: 11" in printed and "fallback rate: 26.7%" in printed
    assert "containment: 27.3% (no fallback, no hand-off) | honest: 18.2%" in printed
    assert "not-covered replies by topic: out_of_scope:motor_insurance 2, not_covered:place 1" in printed
    assert "cc_hotline 2" in printed and "skipped rows (malformed data): 2" in printed
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*analytics.CSV_FILES, *analytics.CHART_FILES, analytics.HTML_FILE]
    )
    assert read_csv(out / "handoffs.csv")[2] == ["cc_jingyue", "cc_jingyue", "1", "1"]


def test_empty_table(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore

    path = tmp_path / "empty.sqlite"
    SQLTrackerStore(dialect="sqlite", db=str(path)).engine.dispose()  # creates the events table
    report = analyze(f"sqlite:///{path}")
    assert (report.conversations, report.user_messages, report.skipped_rows) == (0, 0, 0)
    assert report.containment_rate is None and report.fallback_rate is None
    assert report.intents == report.unanswered == report.handoffs == report.daily == []
    files = write_report(report, tmp_path / "out")
    assert read_csv(files.csv["unanswered.csv"]) == [["text", "messages", "conversations"]]
    assert read_csv(files.csv["not_covered.csv"]) == [["answer_topic", "replies", "conversations"]]
    summary = dict(read_csv(files.csv["summary.csv"])[1:])
    assert summary["containment_rate"] == summary["containment_rate_honest"] == ""
    assert all(chart.stat().st_size > 0 for chart in files.charts) and files.html.stat().st_size > 0
    assert "containment: n/a (no fallback, no hand-off) | honest: n/a" in analytics.render_text(report)


def test_missing_table_and_database(tmp_path, capsys):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE something (id INTEGER)")
    with pytest.raises(AnalyticsError, match="No table 'events'"):
        analyze(f"sqlite:///{other}")

    missing = tmp_path / "missing.sqlite"
    with pytest.raises(AnalyticsError, match="database not found"):
        analyze(f"sqlite:///{missing}")
    assert not missing.exists()  # not created by the attempt

    assert main(["--db", str(missing), "--out", str(tmp_path / "out")]) == 2
    assert "Tracker store database not found" in capsys.readouterr().err
    assert main(["--db", f"sqlite:///{other}", "--out", str(tmp_path / "out")]) == 2
    assert "No table 'events'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_table_with_other_columns(tmp_path):
    path = tmp_path / "wrong.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE events (id INTEGER, sender_id TEXT)")
    with pytest.raises(AnalyticsError, match="lacks the column"):
        analyze(f"sqlite:///{path}")


def test_bad_arguments(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--since", "2026-13-01"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        main(["--since", "2026-11-20", "--until", "2026-11-16"])


@pytest.fixture(scope="module")
def chart_db(tmp_path_factory):
    """A SQLite store of the same conversations for the chart tests (the backend does not matter there)."""
    path = tmp_path_factory.mktemp("charts") / "trackers.sqlite"
    save_trackers(str(path))
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def chart_week(chart_db, names):
    return analyze(chart_db, SINCE, UNTIL, office_names=names)


@pytest.fixture(scope="module")
def cjk_font():
    font = charts.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (make packages installs fonts-wqy-microhei)")
    return font


def long_labels(report):
    """The report with long office names, documents and answer types (the third title used to run past the
    right edge once office names were long)."""
    import dataclasses

    from bot.ops.analytics import AnswerStats, RatedType

    offices = [
        dataclasses.replace(
            o, office_name=f"吉林省社会保险事业管理局（省本级经办窗口{i}）", handoffs=1200 - i
        )
        for i, o in enumerate(report.handoffs)
    ]
    documents = [
        AnswerStats(
            f"《关于本市人社领域涉及2019年度城镇单位就业人员平均工资相关事项的说明{i}》", 90 - i, 40, 30
        )
        for i in range(10)
    ]
    worst = [
        RatedType(
            f"ask_unemployment_subsidy_for_migrant_workers_{i}", "eligibility", 1, 9, ["失业补助金谁能领"]
        )
        for i in range(10)
    ]
    intents = [AnswerStats(f"ask_contribution_base_with_a_long_name_{i}", 500 - i, 50, 20) for i in range(10)]
    return dataclasses.replace(
        report, handoffs=offices, by_document=documents, worst_rated=worst, by_intent=intents
    )


@pytest.mark.parametrize("cjk", [True, False], ids=["cjk-font", "ascii"])
@pytest.mark.parametrize(
    "build", [charts.build_deflection_chart, charts.build_feedback_chart], ids=["deflection", "feedback"]
)
def test_charts_keep_every_text_inside_and_legible(chart_week, cjk, build, request):
    """Every title, tick label, axis label, legend entry and bar label lies inside the figure at the size
    written, no two tick labels of an axis overlap, none is smaller than 7.5 pt; with short and long labels
    and with no data at all."""
    font = request.getfixturevalue("cjk_font") if cjk else None
    empty = analytics.DeflectionReport("sqlite://", None, None, None, "Asia/Shanghai")
    for report in (chart_week, long_labels(chart_week), empty):
        figure = build(report, font=font)
        checked = charts.legibility(figure)
        assert (checked.outside, checked.overlapping, checked.small) == ([], [], [])
        size = figure.get_size_inches() * figure.dpi
        assert tuple(size) == pytest.approx((1650, 704))


def test_legibility_check_finds_texts_outside_overlapping_and_small():
    """The check itself: a title past the right edge (the old third-chart bug), overlapping tick labels
    and tiny text are all reported."""
    figure = charts._new_figure((6, 3))
    ax = figure.subplots()
    ax.set_yticks([0, 0.02])
    ax.set_yticklabels(["a long first label", "a long second label"])
    ax.text(1.3, 0.5, "Hand-offs by office, a title past the edge", transform=ax.transAxes)
    ax.set_xlabel("tiny", fontsize=5)
    checked = charts.legibility(figure)
    assert checked.outside == ["Hand-offs by office, a title past the edge"]
    assert checked.overlapping == [("a long first label", "a long second label")]
    assert checked.small == ["tiny"] and not checked.ok


def test_chinese_labels_are_drawn_with_the_registered_cjk_font(chart_week, cjk_font):
    from matplotlib import font_manager
    from matplotlib.text import Text

    figure = charts.build_deflection_chart(chart_week, font=cjk_font)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "Glyph … missing from current font" fails
        figure.canvas.draw()
        charts.build_feedback_chart(chart_week, font=cjk_font).canvas.draw()
    family = charts.register_font(cjk_font)
    assert family in {entry.name for entry in font_manager.fontManager.ttflist}
    chinese = [t for t in figure.findobj(Text) if any("\u4e00" <= c <= "\u9fff" for c in t.get_text())]
    assert len(chinese) >= 4  # three titles and the office names
    for text in chinese:  # resolved to the CJK font file, not DejaVu's empty boxes
        assert Path(font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)) == cjk_font
    assert charts.has_cjk_glyphs(cjk_font) and not charts.has_cjk_glyphs(
        Path(font_manager.findfont("DejaVu Sans"))
    )


def test_missing_cjk_font_fails_clearly(chart_week, tmp_path, monkeypatch, capsys, chart_db):
    monkeypatch.setattr(charts, "_candidates", lambda: iter([Path(font_manager_default())]))
    charts.find_cjk_font.cache_clear()
    try:
        assert charts.find_cjk_font() is None  # DejaVu has no Chinese glyphs
        with pytest.raises(charts.FontMissingError, match="fonts-wqy-microhei"):
            charts.require_cjk_font()
        with pytest.raises(AnalyticsError, match="make packages"):
            write_report(chart_week, tmp_path / "out")
        assert not (tmp_path / "out").exists()
        monkeypatch.setattr(analytics, "_store_office_name", lambda office_id: None)
        args = ["--db", chart_db, "--out", str(tmp_path / "cli")]
        assert main(args) == 2 and "fonts-wqy-microhei" in capsys.readouterr().err
        assert main([*args, "--ascii-labels"]) == 0 and (tmp_path / "cli" / "report.html").is_file()
        assert main([*args, "--font", str(tmp_path / "nope.ttc")]) == 2
        assert "Font file not found" in capsys.readouterr().err
        assert main([*args, "--font", font_manager_default()]) == 2
        assert "no Chinese glyphs" in capsys.readouterr().err
    finally:
        charts.find_cjk_font.cache_clear()


def font_manager_default() -> str:
    from matplotlib import font_manager

    return font_manager.findfont("DejaVu Sans")
