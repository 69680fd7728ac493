"""CSV files that are safe to hand to a spreadsheet: personal numbers masked again, no cell run as a formula.

Every export goes through :func:`write_csv` (``python -m bot.ops.analytics`` writes ``unanswered.csv`` and
the other reports with it):

* **a second masking pass**: every text cell goes through :func:`bot.ops.pii.mask_pii` again. The
  channels mask messages before Rasa stores them, but a conversation stored before a masking rule existed,
  or written by another client of the tracker store, would otherwise leave the building as it is;
* **formula-safe cells** (OWASP "CSV injection"): a text cell whose first character, after any leading
  spaces, is ``=``, ``+``, ``-``, ``@`` (or their full-width forms), a tab or a carriage return gets a
  leading apostrophe, so Excel, LibreOffice and WPS show it as text instead of evaluating it
  (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``). Numbers (int, float, Decimal) are written as numbers:
  ``-5`` stays a number.

The file is UTF-8 with a BOM (Excel then reads it as UTF-8); quoting is the csv module's.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.ops.pii import mask_pii

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")


def safe_cell(value: Any) -> Any:
    """``value`` as it may go into a CSV cell: text masked and defused, numbers and None as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = mask_pii(value if isinstance(value, str) else str(value))
    stripped = text.lstrip(" \u3000\u00a0")
    if text[:1] in FORMULA_STARTS or stripped[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def write_csv(path: str | Path, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    """Write ``header`` and ``rows`` to ``path`` with every cell through :func:`safe_cell`."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(safe_row(header))
        writer.writerows(safe_row(row) for row in rows)
