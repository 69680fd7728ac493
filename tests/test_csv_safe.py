"""CSV exports (bot/ops/csv_safe.py and the analytics report's writer): personal numbers masked a second
time, cells a spreadsheet would run as formulas defused, numbers kept as numbers. No Rasa, no model."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from bot.ops import analytics
from bot.ops.csv_safe import safe_cell, write_csv
from bot.ops.pii import CARD_MASK, ID_MASK, PHONE_MASK
from tests.test_pii import make_card, make_id


def read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://example.com","点我")', '\'=HYPERLINK("http://example.com","点我")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),  # leading spaces do not hide a formula
        ("＝1+1", "'＝1+1"),  # full-width forms too
        ("失业金怎么领", "失业金怎么领"),
        ("a=b", "a=b"),  # only the first character matters
        ("", ""),
    ],
)
def test_formula_cells_are_defused(cell: str, expected: str) -> None:
    assert safe_cell(cell) == expected


def test_numbers_stay_numbers_and_text_is_masked_again() -> None:
    assert safe_cell(-5) == -5 and safe_cell(0.25) == 0.25 and safe_cell(None) is None and safe_cell(True)
    number = make_id()
    assert safe_cell(f"身份证{number}") == f"身份证{ID_MASK}"
    assert safe_cell("-电话138 1234 5678") == f"'-电话{PHONE_MASK}"  # masked, then defused


def test_write_csv_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(
        path, ["text", "count"], [["=1+1", 3], ["卡号6222 0212 3456 7890 128", -1], ['你好,"世界"\n', 0]]
    )
    rows = read(path)
    assert rows[0] == ["text", "count"]
    assert rows[1] == ["'=1+1", "3"]
    assert rows[2][1] == "-1"
    assert rows[3] == ['你好,"世界"\n', "0"]  # the csv module quotes separators, quotes and line breaks


def test_the_analytics_export_writes_safe_cells(tmp_path: Path) -> None:
    """``unanswered.csv`` and every other report file go through the same writer."""
    number, card = make_id(), make_card(19, random.Random(3), prefix="622202")
    path = tmp_path / "unanswered.csv"
    analytics._write_csv(
        path,
        ("text", "messages", "conversations"),
        [
            (f"=我的身份证{number[:6]} {number[6:14]} {number[14:]}", 2, 1),
            ("@帮我查 幺三八幺二三四五六七八", 1, 1),
            ("银行卡 " + "  ".join(card[i : i + 4] for i in range(0, 19, 4)), 1, 1),
            ("月薪8000交多少", 5, 4),
        ],
    )
    rows = read(path)
    assert rows[1] == [f"'=我的身份证{ID_MASK}", "2", "1"]
    assert rows[2] == [f"'@帮我查 {PHONE_MASK}", "1", "1"]
    assert rows[3] == [f"银行卡 {CARD_MASK}", "1", "1"]
    assert rows[4] == ["月薪8000交多少", "5", "4"]
