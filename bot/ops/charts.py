"""Charts of the deflection report (``bot.ops.analytics``): PNG files and PNG bytes for the HTML page.

Legibility: every figure uses constrained layout, titles are two lines (Chinese over English), long labels
are wrapped, and :func:`texts_outside` / :func:`overlapping_labels` / :func:`small_texts` say which text
artists of a drawn figure leave the figure, overlap or are too small (the tests check all three at the
sizes written). Chinese labels need a CJK font: :func:`find_cjk_font` looks for one (matplotlib's font
list, ``fc-match``, the usual Debian paths; Debian's ``fonts-wqy-microhei``, installed by ``make
packages``), checks that it has Chinese glyphs, and :func:`register_font` adds it to matplotlib's font
manager; :func:`require_cjk_font` fails with a clear message when none is installed. Without a font the
charts can still be drawn with ASCII labels (ids), when asked for explicitly.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from bot.ops.analytics import AnswerStats, DeflectionReport

CJK_FONT_NAMES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
CJK_SAMPLE = "社保热线转接率"  # glyphs a font must have to label the charts
FONT_HINT = (
    "No font with Chinese glyphs found for the chart labels: install Debian's fonts-wqy-microhei "
    "(`make packages`, or apt-get install fonts-wqy-microhei), pass --font PATH, or --ascii-labels."
)
DPI = 110
MIN_FONT_POINTS = 7.5  # smallest text on a chart, in points at DPI
LABEL_COLUMNS = 26  # columns per line of a wrapped label (a Chinese character takes two)
MAX_LABEL_LINES = 2  # ten bars of three-line labels overlap at the size written
# a word of letters, digits and ASCII punctuation, a run of spaces, or any single other character
WRAP_TOKEN_RE = re.compile(r"[A-Za-z0-9_.\-()]+|\s+|.")
COLORS = {
    "conversations": "#4C78A8",
    "containment": "#F58518",
    "honest": "#B279A2",
    "feedback": "#54A24B",
    "intents": "#72B7B2",
    "offices": "#E45756",
    "helpful": "#54A24B",
    "unhelpful": "#E45756",
    "unrated": "#BAB0AC",
}


class FontMissingError(RuntimeError):
    """No CJK font is installed (see :data:`FONT_HINT`)."""


# -- the CJK font ----------------------------------------------------------------------------------------
def has_cjk_glyphs(path: Path | str) -> bool:
    """Whether the font file (TrueType/OpenType, collections too) has every glyph of :data:`CJK_SAMPLE`."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(char)) for char in CJK_SAMPLE)


def _fc_match(name: str) -> Path | None:
    """The file fontconfig picks for ``name`` with Simplified Chinese, if fontconfig is installed."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run(
            [fc_match, "-f", "%{file}", f"{name}:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found) if found else None


def _candidates() -> Iterator[Path]:
    from matplotlib import font_manager

    by_name = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for name in CJK_FONT_NAMES:
        if name in by_name:
            yield Path(by_name[name])
    for name in CJK_FONT_NAMES[:3]:
        found = _fc_match(name)
        if found is not None:
            yield found
    yield from map(Path, CJK_FONT_FILES)


@cache
def find_cjk_font() -> Path | None:
    """A font file with Chinese glyphs (matplotlib's list, fontconfig, the usual paths), else None."""
    for candidate in _candidates():
        if candidate.is_file() and has_cjk_glyphs(candidate):
            return candidate
    return None


def require_cjk_font(path: Path | str | None = None) -> Path:
    """``path`` (checked), else the font :func:`find_cjk_font` finds; :class:`FontMissingError` if none."""
    if path is not None:
        font = Path(path)
        if not font.is_file():
            raise FontMissingError(f"Font file not found: {font}.")
        if not has_cjk_glyphs(font):
            raise FontMissingError(f"The font {font} has no Chinese glyphs ({CJK_SAMPLE}).")
        return font
    found = find_cjk_font()
    if found is None:
        raise FontMissingError(FONT_HINT)
    return found


@cache
def register_font(path: Path) -> str:
    """Add the font file to matplotlib's font manager; its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(path)).get_name())


@contextmanager
def _style(font: Path | None) -> Iterator[None]:
    """Matplotlib settings of every chart: the registered CJK family first (DejaVu Sans for the rest)."""
    import matplotlib as mpl

    families = ([register_font(font)] if font else []) + ["DejaVu Sans"]
    with mpl.rc_context(
        {
            "font.family": families,  # concrete names: texts keep them after the context (drawn later)
            "font.size": 10,
            "axes.unicode_minus": False,  # the CJK fonts lack U+2212
            "axes.titlesize": 11,
        }
    ):
        yield


# -- legibility checks -----------------------------------------------------------------------------------
def drawn_texts(figure: Figure) -> tuple[Any, list[Text]]:
    """Draw the figure; the renderer and the non-empty text artists actually drawn (a tick label beyond
    the axis limits exists as an artist but is not drawn)."""
    from matplotlib.text import Text

    drawn: list[Text] = []
    original = Text.draw

    def recording(self: Text, renderer: Any) -> None:
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        original(self, renderer)

    Text.draw = recording
    try:
        figure.canvas.draw()
    finally:
        Text.draw = original
    return figure.canvas.get_renderer(), drawn


@dataclass(frozen=True)
class Legibility:
    """What a drawn figure does wrong: texts leaving it, overlapping labels, texts too small."""

    outside: list[str]
    overlapping: list[tuple[str, str]]
    small: list[str]

    @property
    def ok(self) -> bool:
        return not (self.outside or self.overlapping or self.small)


def legibility(figure: Figure, tolerance: float = 0.5, minimum: float = MIN_FONT_POINTS) -> Legibility:
    """Draw the figure at its size and check, from matplotlib's layout, every text artist drawn: its
    window extent inside the figure's bbox (``tolerance`` pixels), no two tick labels of one axis (nor two
    panel titles) overlapping, no text under ``minimum`` points."""
    renderer, texts = drawn_texts(figure)
    box = figure.bbox
    extents = {id(text): text.get_window_extent(renderer) for text in texts}
    outside = [
        text.get_text()
        for text in texts
        if extents[id(text)].x0 < box.x0 - tolerance
        or extents[id(text)].x1 > box.x1 + tolerance
        or extents[id(text)].y0 < box.y0 - tolerance
        or extents[id(text)].y1 > box.y1 + tolerance
    ]
    groups: list[list[Text]] = []
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            groups.append([t for t in axis.get_ticklabels() if id(t) in extents])
    groups.append([ax.title for ax in figure.axes if id(ax.title) in extents])
    overlapping = []
    for group in groups:
        for i, first in enumerate(group):
            a = extents[id(first)]
            for second in group[i + 1 :]:
                b = extents[id(second)]
                if a.overlaps(b) and a.width > 0 and b.width > 0:
                    overlapping.append((first.get_text(), second.get_text()))
    small = [text.get_text() for text in texts if text.get_fontsize() < minimum]
    return Legibility(outside, overlapping, small)


# -- the charts ------------------------------------------------------------------------------------------
def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _wrap(label: str, width: int = LABEL_COLUMNS, max_lines: int = MAX_LABEL_LINES) -> str:
    """A long label on at most ``max_lines`` lines of at most ``width`` columns (a Chinese character is
    two), broken between words and characters, so that its axis does not squeeze the bars and titles and
    ten labels do not overlap; a longer one ends with "…"."""
    lines: list[str] = []
    line = ""
    for token in WRAP_TOKEN_RE.findall(label):
        while _columns(token) > width:  # a word longer than a line
            cut = max(i for i in range(1, len(token) + 1) if _columns(token[:i]) <= width)
            if line.strip():
                lines.append(line.rstrip())
            lines.append(token[:cut])
            token, line = token[cut:], ""
        if line and _columns(line + token) > width:
            lines.append(line.rstrip())
            line = ""
        if line or not token.isspace():
            line += token
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:  # the full label is in the CSV files and on the HTML page
        last = lines[max_lines - 1]
        while last and _columns(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    return "\n".join(lines) or label


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


class _Titles:
    def __init__(self, cjk: bool):
        self.cjk = cjk

    def __call__(self, zh: str, en: str) -> str:
        return f"{zh}\n{en}" if self.cjk else en


def _empty(ax: Axes) -> None:
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="grey")
    ax.set_xticks([])
    ax.set_yticks([])


def _new_figure(size: tuple[float, float]) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _period(report: DeflectionReport) -> str:
    return f"{report.since or 'start'} .. {report.until or 'end'} ({report.channel or 'all channels'})"


def _barh(ax: Axes, labels: list[str], values: list[int], color: str) -> None:
    from matplotlib.ticker import MaxNLocator

    positions = list(range(len(labels)))
    ax.barh(positions, values[::-1], color=color)
    ax.set_yticks(positions)
    ax.set_yticklabels(labels[::-1])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))


def build_deflection_chart(report: DeflectionReport, top: int = 10, font: Path | None = None) -> Figure:
    """Daily conversations with the three containment rates, top intents, hand-offs by office.

    Constrained layout keeps every title, label and legend inside the figure (tight_layout let the third
    title run past the right edge once the office names were long)."""
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    title = _Titles(font is not None)
    with _style(font):
        figure = _new_figure((15, 6.4))
        ax_daily, ax_intents, ax_offices = figure.subplots(1, 3, gridspec_kw={"width_ratios": [1.3, 1, 1]})

        ax_daily.set_title(title("每日会话与自助解决率", "Daily conversations & containment"))
        if report.daily:
            labels = [d.day.strftime("%m-%d") for d in report.daily]
            positions = list(range(len(labels)))
            bars = ax_daily.bar(
                positions, [d.conversations for d in report.daily], color=COLORS["conversations"]
            )
            ax_daily.set_xticks(positions)
            crowded = len(labels) > 7
            ax_daily.set_xticklabels(
                labels, rotation=45 if crowded else 0, ha="right" if crowded else "center"
            )
            ax_daily.set_ylabel("conversations")
            ax_daily.set_ylim(0, max(d.conversations for d in report.daily) * 1.1)
            ax_daily.yaxis.set_major_locator(MaxNLocator(integer=True))
            rate_axis = ax_daily.twinx()

            def rates(values: Iterable[float | None]) -> list[float]:
                return [float("nan") if value is None else value for value in values]

            lines = [
                rate_axis.plot(
                    positions, rates(d.containment_rate for d in report.daily), color=COLORS["containment"],
                    marker="o", markersize=9, linewidth=3,
                )[0],  # drawn wider: the honest line often lies on it
                rate_axis.plot(
                    positions, rates(d.honest_containment_rate for d in report.daily), color=COLORS["honest"],
                    marker="s", linestyle="--",
                )[0],
                rate_axis.plot(
                    positions, rates(d.feedback_containment_rate for d in report.daily),
                    color=COLORS["feedback"], marker="^", linestyle="-.", linewidth=2,
                )[0],
            ]  # fmt: skip
            rate_axis.set_ylim(0, 1.1)
            rate_axis.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
            rate_axis.yaxis.set_major_formatter(PercentFormatter(1.0))
            rate_axis.set_ylabel("containment rate")
            ax_daily.legend(
                [bars, *lines],
                ["conversations", "containment (old)", "honest (not covered)", "feedback-based"],
                loc="upper center",
                bbox_to_anchor=(0.5, -0.1 if not crowded else -0.18),
                ncol=2,
                fontsize="small",
                frameon=False,
            )  # below the axis
        else:
            _empty(ax_daily)

        ax_intents.set_title(title("热门意图（用户消息数）", "Top intents (user messages)"))
        intents = report.top_intents(top)
        if intents:
            _barh(ax_intents, [i.intent for i in intents], [i.count for i in intents], COLORS["intents"])
            ax_intents.set_xlabel("user messages")
        else:
            _empty(ax_intents)

        ax_offices.set_title(title("转接热线/经办机构", "Hand-offs by office"))
        offices = report.handoffs[:top]
        if offices:
            labels = [_wrap(o.office_name) if font else o.office_id for o in offices]
            _barh(ax_offices, labels, [o.handoffs for o in offices], COLORS["offices"])
            ax_offices.set_xlabel("hand-offs")
        else:
            _empty(ax_offices)

        figure.suptitle(
            f"Deflection report {_period(report)}: {report.conversations} conversations\n"
            f"containment {_percent(report.containment_rate)} (old) | "
            f"honest {_percent(report.honest_containment_rate)} | "
            f"feedback-based {_percent(report.feedback_containment_rate)} | "
            f"fallback rate {_percent(report.fallback_rate)}"
        )
    return figure


def _ratings(ax: Axes, rows: list[AnswerStats], labels: list[str]) -> None:
    """Stacked horizontal bars: helpful, unhelpful and unrated answers per row."""
    from matplotlib.ticker import MaxNLocator

    positions = list(range(len(rows)))[::-1]
    helpful = [r.helpful for r in rows]
    unhelpful = [r.unhelpful for r in rows]
    unrated = [r.answers - r.rated for r in rows]
    ax.barh(positions, helpful, color=COLORS["helpful"], label="helpful")
    ax.barh(positions, unhelpful, left=helpful, color=COLORS["unhelpful"], label="unhelpful")
    ax.barh(
        positions,
        unrated,
        left=[h + u for h, u in zip(helpful, unhelpful, strict=True)],
        color=COLORS["unrated"],
        label="not rated",
    )
    ax.set_yticks(positions)
    ax.set_yticklabels(labels)
    ax.set_xlabel("answers")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize="small", frameon=False)


def build_feedback_chart(report: DeflectionReport, top: int = 10, font: Path | None = None) -> Figure:
    """Ratings of the answers by intent and by document, and the worst-rated answer types."""
    from matplotlib.ticker import PercentFormatter

    title = _Titles(font is not None)
    with _style(font):
        figure = _new_figure((15, 6.4))
        ax_intents, ax_documents, ax_worst = figure.subplots(1, 3)

        ax_intents.set_title(title("各意图答复的评价", "Ratings by intent"))
        rows = report.by_intent[:top]
        if rows:
            _ratings(ax_intents, rows, [r.key for r in rows])
        else:
            _empty(ax_intents)

        ax_documents.set_title(title("各文件答复的评价", "Ratings by document cited"))
        rows = report.by_document[:top]
        if rows:
            labels = [_wrap(r.key) if font else f"document {i + 1}" for i, r in enumerate(rows)]
            _ratings(ax_documents, rows, labels)
        else:
            _empty(ax_documents)

        ax_worst.set_title(title("“没帮助”比例最高的答复类型", "Worst-rated answer types"))
        worst = report.worst_rated[:top]
        if worst:
            labels = [_wrap(f"{t.intent} · {t.aspect}" if t.aspect else t.intent) for t in worst]
            positions = list(range(len(worst)))[::-1]
            ax_worst.barh(positions, [t.unhelpful_rate for t in worst], color=COLORS["unhelpful"])
            for position, rated in zip(positions, worst, strict=True):
                ax_worst.text(
                    0.02, position, f"{rated.unhelpful}/{rated.rated}", va="center", color="white",
                    fontsize="small", fontweight="bold",
                )  # fmt: skip
            ax_worst.set_yticks(positions)
            ax_worst.set_yticklabels(labels)
            ax_worst.set_xlim(0, 1)
            ax_worst.xaxis.set_major_formatter(PercentFormatter(1.0))
            ax_worst.set_xlabel("share rated unhelpful (unhelpful / rated)")
        else:
            _empty(ax_worst)

        figure.suptitle(
            f"Answer ratings {_period(report)}: {report.answers} answers, {report.rated_answers} rated "
            f"({_percent(report.rating_coverage)}); helpful {_percent(report.helpful_rate)}, "
            f"unhelpful {_percent(report.unhelpful_rate)}"
        )
    return figure


@dataclass(frozen=True)
class Chart:
    name: str  # file name
    alt: str  # text alternative (English)
    figure: Figure

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()


def build_charts(report: DeflectionReport, top: int = 10, font: Path | None = None) -> list[Chart]:
    return [
        Chart(
            "deflection.png",
            "Daily conversations with the three containment rates, top intents and hand-offs by office",
            build_deflection_chart(report, top, font),
        ),
        Chart(
            "feedback.png",
            "Answer ratings by intent and by document, and the worst-rated answer types",
            build_feedback_chart(report, top, font),
        ),
    ]
