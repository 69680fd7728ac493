"""The weekly HTML page of the deflection report: one self-contained file beside the CSVs.

The charts are embedded as base64 PNG ``data:`` URIs and the styles are inline: the page loads nothing
else (no script, font, stylesheet or image from anywhere), so it can be mailed or opened offline. Every
text from the tracker store (questions, intents, document numbers) is HTML-escaped; questions are
PII-masked by the analysis already. The three containment definitions are shown side by side, the old one
first, with what each counts.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.ops.analytics import AnswerStats, DeflectionReport
    from bot.ops.charts import Chart

STYLE = """
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 24px auto; max-width: 1280px; padding: 0 16px; color: #222; line-height: 1.5; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #ddd; }
.meta { color: #555; font-size: 14px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 10px 14px; min-width: 180px; flex: 1; }
.card .value { font-size: 28px; font-weight: bold; } .card .label { font-size: 14px; color: #444; }
.card.new { border: 2px solid #54A24B; background: #F3FAF2; }
.definition { font-size: 13px; color: #555; }
img { max-width: 100%; height: auto; border: 1px solid #eee; margin: 8px 0; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; } th { background: #f4f4f4; }
.empty { color: #888; font-style: italic; }
"""


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _table(
    header: Sequence[tuple[str, bool]], rows: Iterable[Sequence[Any]], empty: str, table_id: str
) -> str:
    """An HTML table; ``header`` gives (title, numeric) per column."""
    body = [
        "<tr>"
        + "".join(f'<td class="num">{escape(str(v))}</td>' if num else f"<td>{escape(str(v))}</td>"
                  for v, (_, num) in zip(row, header, strict=True))
        + "</tr>"
        for row in rows
    ]  # fmt: skip
    if not body:
        return f'<p class="empty" id="{table_id}">{escape(empty)}</p>'
    head = "".join(
        f'<th class="num">{escape(t)}</th>' if num else f"<th>{escape(t)}</th>" for t, num in header
    )
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _card(card_id: str, value: str, label: str, definition: str, new: bool = False) -> str:
    return (
        f'<div class="card{" new" if new else ""}" id="{card_id}">'
        f'<div class="value">{escape(value)}</div><div class="label">{escape(label)}</div>'
        f'<div class="definition">{escape(definition)}</div></div>'
    )


def _stats_rows(rows: Iterable[AnswerStats]) -> list[list[Any]]:
    return [
        [
            s.key,
            s.answers,
            s.rated,
            _percent(s.helpful_rate),
            _percent(s.unhelpful_rate),
            s.handoffs,
            s.repeated,
        ]
        for s in rows
    ]


STATS_HEADER = (
    ("答复数 answers", True),
    ("已评价 rated", True),
    ("有帮助 helpful", True),
    ("没帮助 unhelpful", True),
    ("转接 hand-offs", True),
    ("重复提问 asked again", True),
)


def render_html(
    report: DeflectionReport,
    images: Sequence[tuple[Chart, bytes]],
    csv_files: Mapping[str, Path] | None = None,
    generated: dt.datetime | None = None,
) -> str:
    """The page as a string (see the module docstring)."""
    period = f"{report.since or '—'} 至 {report.until or '—'}"
    generated = generated or dt.datetime.now(dt.timezone.utc)
    cards = "".join(
        [
            _card("conversations", str(report.conversations), "会话数 conversations", "有用户消息的会话"),
            _card(
                "containment-old",
                _percent(report.containment_rate),
                "自助解决率（原定义） containment, old definition",
                f"无兜底回复、无转接：{report.contained_conversations} 个会话",
            ),
            _card(
                "containment-honest",
                _percent(report.honest_containment_rate),
                "自助解决率（含“未收录”） honest containment",
                f"另把“资料未收录”的答复算作转接：{report.honest_contained_conversations} 个会话",
            ),
            _card(
                "containment-feedback",
                _percent(report.feedback_containment_rate),
                "自助解决率（按评价） feedback-based containment",
                "另要求：没有答复被评“没帮助”，没有转人工，三轮内没有重复同一问题："
                f"{report.feedback_contained_conversations} 个会话",
                new=True,
            ),
        ]
    )
    rating_cards = "".join(
        [
            _card("answers", str(report.answers), "答复数 answers", "回答了问题的答复（不含追问、兜底）"),
            _card(
                "rated",
                f"{report.rated_answers}（{_percent(report.rating_coverage)}）",
                "已评价 rated answers",
                "用户点了“有帮助/没帮助”的答复",
            ),
            _card("helpful-rate", _percent(report.helpful_rate), "有帮助 helpful", "占已评价答复"),
            _card("unhelpful-rate", _percent(report.unhelpful_rate), "没帮助 unhelpful", "占已评价答复"),
            _card(
                "fallback-rate",
                _percent(report.fallback_rate),
                "兜底率 fallback rate",
                f"{report.fallback_messages} / {report.user_messages} 条用户消息",
            ),
            _card(
                "transfers",
                str(report.transfer_conversations),
                "转人工客服 agent transfers",
                f"转接热线/经办机构的会话：{report.handoff_conversations}",
            ),
        ]
    )
    charts = "".join(
        f'<figure><img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" '
        f'alt="{escape(chart.alt)}" id="chart-{escape(chart.name.removesuffix(".png"))}"></figure>'
        for chart, png in images
    )
    worst = _table(
        (
            ("意图 intent", False),
            ("方面 aspect", False),
            ("已评价 rated", True),
            ("没帮助 unhelpful", True),
            ("比例 share", True),
            ("例句（已脱敏） examples, masked", False),
        ),
        (
            [t.intent, t.aspect or "—", t.rated, t.unhelpful, _percent(t.unhelpful_rate), " ｜ ".join(t.examples)]  # noqa: E501
            for t in report.worst_rated
        ),
        "本期没有被评为“没帮助”的答复。 No answer was rated unhelpful.",
        "worst-rated",
    )  # fmt: skip
    by_intent = _table(
        (("意图 intent", False), *STATS_HEADER),
        _stats_rows(report.by_intent),
        "本期没有答复。 No answers.",
        "by-intent",
    )
    by_document = _table(
        (("文件 document", False), *STATS_HEADER),
        _stats_rows(report.by_document),
        "本期没有答复。 No answers.",
        "by-document",
    )
    unanswered = _table(
        (("用户消息 message", False), ("次数 times", True), ("会话 conversations", True)),
        ([u.text, u.count, u.conversations] for u in report.top_unanswered(10)),
        "本期没有未能理解的消息。 No unanswered messages.",
        "unanswered",
    )
    offices = _table(
        (("机构 office", False), ("转接 hand-offs", True), ("会话 conversations", True)),
        ([o.office_name, o.handoffs, o.conversations] for o in report.handoffs[:10]),
        "本期没有转接。 No hand-offs.",
        "handoffs",
    )
    links = " · ".join(
        f'<a href="{escape(path.name)}">{escape(path.name)}</a>' for path in (csv_files or {}).values()
    )
    notes = []
    if report.orphan_feedback or report.malformed_feedback or report.skipped_rows:
        notes.append(
            f"没有对应答复的评价 feedback on nothing: {report.orphan_feedback}；"
            f"无法识别的评价 malformed feedback: {report.malformed_feedback}；"
            f"跳过的记录 skipped rows: {report.skipped_rows}"
        )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>社保小助手 热线分流周报 {escape(period)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>社保小助手 热线分流周报 <span lang="en">Weekly deflection report</span></h1>
<p class="meta" id="period">{escape(period)}（{escape(report.timezone)}）· 渠道 channel:
{escape(report.channel or "全部 all")} · 数据 source: {escape(report.source)} ·
生成 generated {escape(generated.strftime("%Y-%m-%d %H:%M UTC"))}</p>
<h2>自助解决率 Containment</h2>
<div class="cards">{cards}</div>
<p class="definition">三种口径并列：原定义只看兜底与转接；
按评价的口径另外排除被评“没帮助”、转人工客服和重复提问的会话。
The old definition is kept beside the new one so that the change is visible.</p>
<h2>答复评价 Answer ratings</h2>
<div class="cards">{rating_cards}</div>
{"".join(f'<p class="definition">{escape(note)}</p>' for note in notes)}
<h2>图表 Charts</h2>
{charts}
<h2>“没帮助”比例最高的十类答复 Ten worst-rated answer types</h2>
{worst}
<h2>按意图 By intent</h2>
{by_intent}
<h2>按文件 By document cited</h2>
{by_document}
<h2>未能理解的消息（前十） Unanswered messages, top 10</h2>
{unanswered}
<h2>转接热线/经办机构（前十） Hand-offs by office, top 10</h2>
{offices}
<p class="meta">CSV: {links}</p>
</body>
</html>
"""


def write_html(
    report: DeflectionReport,
    path: Path,
    images: Sequence[tuple[Chart, bytes]],
    csv_files: Mapping[str, Path] | None = None,
) -> Path:
    path.write_text(render_html(report, images, csv_files), encoding="utf-8")
    return path
