"""The difference asked between two figures (天津和长春的基数下限差多少, 上限和下限差多少, 满5年和满20年
一个月差多少): worked out from the figures the answer already holds, never from a figure of its own. A line
is given only when the two figures asked are found without doubt (one figure of each side, or the two named
figures of one answer) and share a unit."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from bot.calc.result import OK, Figure, Result
from bot.kb.units import format_number, format_value

DIFFERENCE_ASKED = re.compile(
    r"差多少|差几|相差|差距|差了多少|差额|多多少|少多少|高多少|低多少|多出多少|多出来多少|多了多少|少了多少"
    r"|多几|少几|高出多少|差(?:个|了)?几百|差(?:个|了)?几千"
)
# a figure's label is matched by its last word (缴费基数下限 → 下限, 失业保险金月标准 → 标准)
_LABEL_TAIL = 2


def difference_asked(text: str) -> bool:
    return DIFFERENCE_ASKED.search(text) is not None


def _amount(figure: Figure, rates: bool = False) -> Decimal | None:
    """The figure as a number to subtract: an amount (or, with ``rates``, a rate as well)."""
    kinds = ("date", "flag", "list", "text") if rates else ("ratio", "date", "flag", "list", "text")
    if figure.unit in kinds or figure.unit.startswith("brackets"):
        return None
    try:
        return Decimal(str(figure.value))
    except (ArithmeticError, ValueError):
        return None


# 最高档和最低档差多少: the limits named by what they are
_SAME_AS = {"上限": ("最高", "封顶"), "下限": ("最低", "保底")}
# 一整年挣了6万 / 月薪一万二: whether the asker's own amount is a year's or a month's
_YEAR_TOLD = ("一年", "一整年", "全年", "年收入", "年薪", "年工资")
_MONTH_TOLD = ("月薪", "一个月", "每月", "每个月", "月工资", "1个月")


def _named_in(text: str, figure: Figure) -> bool:
    tail = figure.label[-_LABEL_TAIL:]
    return tail in text or any(word in text for word in _SAME_AS.get(tail, ()))


def _against_told(text: str, named: list[Figure], told: Decimal) -> str | None:
    """The asker's amount against the figure named, of the same span (a month's wage against the monthly
    average, a year's against the annual one)."""
    per_year = any(word in text for word in _YEAR_TOLD)
    per_month = any(word in text for word in _MONTH_TOLD)
    if per_year == per_month:
        return None  # neither or both: which figure the amount is measured by is not told
    unit = "yuan_per_year" if per_year else "yuan_per_month"
    figures = [f for f in named if f.unit == unit]
    if len(figures) != 1:
        return None
    figure = figures[0]
    amount = _amount(figure)
    if amount is None or told <= 0:
        return None
    gap = told - amount
    told_text = format_value(told, unit)
    if gap == 0:
        return f"您说的{told_text}与{figure.label}{figure.text}相同。"
    side = "高" if gap > 0 else "低"
    return f"您说的{told_text}比{figure.label}{figure.text}{side}{format_value(abs(gap), unit)}。"


def _words_named(text: str, figure: Figure) -> int:
    """How long an end of the figure's label the text writes (年平均工资: 平均工资 of 2019年度平均工资)."""
    label = figure.label
    return max((n for n in range(1, len(label) + 1) if label[-n:] in text), default=0)


def _best_named(text: str, keys: list[str], figures: dict[str, Figure]) -> str | None:
    """The figure the text names most fully; of two named as fully, the one with the plainer (shorter)
    label (年平均工资: 2019年度平均工资, not 2019年度月平均工资); None when that still leaves two."""
    ranked = sorted(keys, key=lambda k: (-_words_named(text, figures[k]), len(figures[k].label)))
    if len(ranked) > 1:
        first, second = figures[ranked[0]], figures[ranked[1]]
        if (_words_named(text, first), len(first.label)) == (_words_named(text, second), len(second.label)):
            return None
    return ranked[0] if ranked else None


def _line(first: tuple[str, Figure], second: tuple[str, Figure]) -> str | None:
    (first_name, a), (second_name, b) = first, second
    left, right = _amount(a), _amount(b)
    if left is None or right is None or a.unit != b.unit:
        return None
    difference = abs(left - right)
    if difference == 0:
        return f"两者相同（{first_name}{a.text}，{second_name}{b.text}）。"
    return f"两者相差{format_value(difference, a.unit)}（{first_name}{a.text}，{second_name}{b.text}）。"


def _rates_line(first: tuple[str, Figure], second: tuple[str, Figure], base: float | None) -> str:
    """2019年20%，2020年16%…缴费基数6000的话每月差多少: the rates' difference in points and, on the base
    told, in yuan."""
    (first_name, a), (second_name, b) = first, second
    points = abs(Decimal(str(a.value)) - Decimal(str(b.value)))
    if points == 0:
        return f"两者相同（{first_name}{a.text}，{second_name}{b.text}）。"
    line = f"两者相差{format_number(points * 100)}个百分点（{first_name}{a.text}，{second_name}{b.text}）"
    if base:
        amount = (Decimal(str(base)) * points).quantize(Decimal("0.01"))
        line += f"；按缴费基数{format_number(base)}元计算，每月相差{format_number(amount)}元"
    return line + "。"


def between_sides(
    text: str, sides: list[tuple[str, Result | None]], base: float | None = None, shown: tuple[str, ...] = ()
) -> str | None:
    """天津和长春的基数下限差多少: the figure both sides hold that the question names (or their only shared
    one), one from each side; of a rate, the points and, on a base told, the yuan."""
    if len(sides) != 2 or not difference_asked(text):
        return None
    results = [result for _, result in sides]
    if any(r is None or r.status != OK for r in results):
        return None
    first, second = results[0], results[1]
    assert first is not None and second is not None
    shared = [
        k for k in first.figures if k in second.figures and _amount(first.figures[k], rates=True) is not None
    ]
    # the figures the two answers show (a rates answer holds every rate of the place, shows the one asked)
    shown_both = [k for k in shared if all(f"{first.figures[k].label}：" in reply for reply in shown)]
    shared = shown_both if shown and shown_both else shared
    named = [k for k in shared if _named_in(text, first.figures[k])]
    key = _best_named(text, named, first.figures) if named else (shared[0] if len(shared) == 1 else None)
    if key is None:
        return None
    if first.figures[key].unit == "ratio" and second.figures[key].unit == "ratio":
        return _rates_line((sides[0][0], first.figures[key]), (sides[1][0], second.figures[key]), base)
    return _line((sides[0][0], first.figures[key]), (sides[1][0], second.figures[key]))


def within(text: str, result: Result | None, told: float | None = None) -> str | None:
    """天津的基数上限和下限差多少: the two figures of one answer the question names; or 我税前一个月9000…
    我比平均水平低多少: the asker's own amount against the one figure of the answer it is measured by."""
    if result is None or result.status != OK or not difference_asked(text):
        return None
    named: list[tuple[str, Any]] = [
        (k, f) for k, f in result.figures.items() if _named_in(text, f) and _amount(f) is not None
    ]
    against = _against_told(text, [f for _, f in named], Decimal(str(told))) if told is not None else None
    if against is not None:
        return against
    if len(named) != 2:
        return None
    (_, a), (_, b) = named
    return _line((a.label[-_LABEL_TAIL:], a), (b.label[-_LABEL_TAIL:], b))
