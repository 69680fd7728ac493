"""Masking of personal numbers in user messages before they reach Rasa (tracker store, logs), and again on
every export (:mod:`bot.ops.csv_safe`). No Rasa import.

How a number is found, whatever way it is typed:

* **Digits** are ASCII, full-width or any other Unicode decimal digit, or Chinese numerals read digit
  by digit (``〇零一二三四五六七八九``, ``幺`` for 1, ``两`` for 2, the financial ``壹贰叁…``). A
  Chinese-numeral group never joins an Arabic one (``8000一个月`` is 8000).
* **Groups** are runs of digits; invisible format characters (zero-width space, joiners, BOM, bidi marks,
  soft hyphen) inside a group are skipped, so ``1381​2345678`` is one group.
* **Chains** are groups separated by at most three separator characters: spaces of any width, dashes,
  dots, underscores, slashes, brackets (``138 1234 5678``, ``1381  234 5678``, ``(138)1234-5678``,
  ``2201.0219.8506.1212.3X``). Commas, 、 and line breaks end a chain (they separate list items).

Within a chain, the longest run of whole groups (at most 12 of them) that is one of these is masked, left
to right:

1. **ID card** (GB 11643-1999): 17 digits + digit or X whose digits 7-14 are a birth date of 1900-2099:
   with a valid check character → ``[身份证号已隐藏]``; with a wrong one (a mistyped ID) typed with
   separators → ``[号码已隐藏]`` (typed as one run it is caught by rule 4).
2. **Mobile**: 11 digits ``1[3-9]…``, optionally after +86 / 86 / 0086 and a superfluous trunk ``0``
   (``+86 0138…``), in any grouping → ``[手机号已隐藏]``.
3. **Bank card**: 16-19 digits passing the Luhn check, typed as one run, in groups of 4 (the last one
   shorter), or as 6 + the rest (``622202 1234567890123``) → ``[银行卡号已隐藏]``, unless every 4-digit
   group is a year (``2019 2020 2021 2022``) or every group a round amount (``8000 9000 1000 1200``).
   Other groupings and numbers failing Luhn are kept: a list of four amounts is ordinary text.
4. Any other single group of 15 or more digits (optionally ending in X) → ``[银行卡号已隐藏]`` when it has
   16-19 digits and passes Luhn, else ``[号码已隐藏]``: such a run is almost always personal (a mistyped
   ID, an old 15-digit ID, an account number) and no number the bot uses is that long.

A run of groups with a year, a month and a day or another year (``1999.1.1``, ``1999.12-2000.1``) is a
date or a period, never a mobile or a card. Everything else is kept as typed: wages and amounts (``8000``,
``13835.5``), dates and periods (``2020.05.01-2020.12.31``), years, office phones (``0431-82538085``,
``010-12329``, ``9612333``, 12333). Offsets are those of the original text, and the rest of the text is
returned untouched. The masks contain no digits, so masking is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

ID_MASK = "[身份证号已隐藏]"
PHONE_MASK = "[手机号已隐藏]"
CARD_MASK = "[银行卡号已隐藏]"
NUMBER_MASK = "[号码已隐藏]"

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

CHINESE_DIGITS = {
    **dict.fromkeys("〇零○", "0"),
    **dict.fromkeys("一幺壹", "1"),
    **dict.fromkeys("二两貳贰", "2"),
    **dict.fromkeys("三叁參", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
SEPARATORS = frozenset(" \t\u00a0\u3000-_/\\.()[]（）［］【】·・．－＿／＼﹣‐‑‒–—―−")
MAX_SEPARATOR_RUN = 3  # "1381 - 234" or double spaces join; more is a gap between numbers
MAX_NUMBER_DIGITS = 19  # the longest number a rule recognises (a bank card); "0086 0" + 11 is 16
MIN_NUMBER_DIGITS = 11  # the shortest: a mobile
MAX_GROUPS = 12  # a number typed in more pieces is not recognised (and work stays linear in the text)
LONG_RUN_DIGITS = 15
MOBILE_RE = re.compile(r"(?:0086|86)?0?(1[3-9][0-9]{9})")
ANY_DIGIT_RE = re.compile(r"[\d〇零○一幺壹二两貳贰三叁參四肆五伍六陆陸七柒八捌九玖]")  # else nothing to do

# character kinds
_ARABIC, _CHINESE, _CHECK, _SEPARATOR, _IGNORED, _OTHER = range(6)


@lru_cache(maxsize=8192)
def _kind(char: str) -> tuple[int, str]:
    """(kind, digit) of a character; digit is the ASCII digit it stands for, or ``X`` for a check char."""
    if "0" <= char <= "9":
        return _ARABIC, char
    if char in CHINESE_DIGITS:
        return _CHINESE, CHINESE_DIGITS[char]
    if char in "Xx" or char in "Ｘｘ":
        return _CHECK, "X"
    if char in SEPARATORS:
        return _SEPARATOR, ""
    if char.isdecimal():  # full-width and other scripts' digits ("²" and "①" are not decimal)
        return _ARABIC, str(unicodedata.decimal(char))
    category = unicodedata.category(char)
    if category == "Cf":  # zero-width space and joiners, BOM, bidi marks, soft hyphen
        return _IGNORED, ""
    if category == "Zs":  # any other space
        return _SEPARATOR, ""
    if category == "Pd":  # any other dash
        return _SEPARATOR, ""
    return _OTHER, ""


@dataclass
class _Group:
    start: int  # offsets in the original text; end is exclusive
    end: int
    digits: str  # ASCII digits, possibly ending in "X"


def _chains(text: str) -> list[list[_Group]]:
    """The chains of digit groups in ``text`` (see the module docstring)."""
    chains: list[list[_Group]] = []
    chain: list[_Group] = []
    group: _Group | None = None
    group_kind = -1
    gap = 0  # separator characters since the last group

    def close_group() -> None:
        nonlocal group
        if group is not None:
            chain.append(group)
            group = None

    def close_chain() -> None:
        nonlocal chain
        close_group()
        if chain:
            chains.append(chain)
            chain = []

    for index, char in enumerate(text):
        kind, digit = _kind(char)
        if kind in (_ARABIC, _CHINESE):
            if group is not None and kind == group_kind and not group.digits.endswith("X"):
                group.digits += digit
                group.end = index + 1
                continue
            if group is not None or (chain and kind != group_kind):  # digits of another kind: a new chain
                close_chain()
            group, group_kind, gap = _Group(index, index + 1, digit), kind, 0
        elif kind == _CHECK and group is not None and not group.digits.endswith("X"):
            group.digits += "X"  # a check character ends its group; the chain decides if it belongs
            group.end = index + 1
        elif kind == _CHECK and group is None and chain and not chain[-1].digits.endswith("X"):
            group, gap = _Group(index, index + 1, "X"), 0  # "220102 19850612 123 X"
        elif kind == _IGNORED:
            continue
        elif (kind == _SEPARATOR and chain) or (kind == _SEPARATOR and group is not None):
            close_group()
            gap += 1
            if gap > MAX_SEPARATOR_RUN:
                close_chain()
        else:
            close_chain()
    close_chain()
    return chains


def id_checksum_ok(number: str) -> bool:
    """GB 11643-1999 check character of an 18-character ID number (17 ASCII digits + digit/X)."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check of an ASCII digit string, as used by bank card numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _plausible_birth(number: str) -> bool:
    """An ID's area code does not start with 0 and its digits 7-14 are a date of 1900-2099."""
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    return number[0] != "0" and 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def _is_year_or_amount_list(groups: list[str]) -> bool:
    """``2019 2020 2021 2022`` or ``8000 9000 1000 1200``: years, or round amounts, not a card."""
    fours = [group for group in groups if len(group) == 4]
    years = len(fours) >= 2 and all(1900 <= int(group) <= 2099 for group in fours)
    return years or all(group.endswith("00") for group in groups)


def _is_year(group: str) -> bool:
    return len(group) == 4 and 1900 <= int(group) <= 2099


def _has_date(groups: list[str]) -> bool:
    """A year and a month followed by a day or another year (``1999.1.1``, ``2020.12-2021.1``): part of a
    date or a period, not of a phone or a card."""
    for index in range(len(groups) - 2):
        year, month, after = groups[index : index + 3]
        if _is_year(year) and len(month) <= 2 and 1 <= int(month) <= 12:
            if _is_year(after) or (len(after) <= 2 and 1 <= int(after) <= 31):
                return True
    return False


def _card_grouping(sizes: list[int]) -> bool:
    """One run, groups of 4 with a shorter last group, or 6 + the rest."""
    if len(sizes) == 1:
        return True
    if all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4:
        return True
    return len(sizes) == 2 and sizes[0] == 6


def _classify(groups: list[_Group], number: str) -> str | None:
    """The mask for a run of whole groups (``number``: their digits) that is one number, or None."""
    if "X" in number[:-1]:
        return None
    separated = len(groups) > 1
    if len(number) == 18 and number[:17].isdigit() and _plausible_birth(number):
        if id_checksum_ok(number):
            return ID_MASK
        if separated:
            return NUMBER_MASK
    if not number.isdigit():
        return None
    mobile = MOBILE_RE.fullmatch(number) is not None
    card = (
        not mobile
        and 16 <= len(number) <= MAX_NUMBER_DIGITS
        and _card_grouping([len(group.digits) for group in groups])
        and luhn_ok(number)
    )
    if not (mobile or card):
        return None
    digits = [group.digits for group in groups]
    if separated and (_has_date(digits) or (card and _is_year_or_amount_list(digits))):
        return None
    return PHONE_MASK if mobile else CARD_MASK


def _spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for chain in _chains(text):
        joined = "".join(group.digits for group in chain)
        offsets = [0]
        for group in chain:
            offsets.append(offsets[-1] + len(group.digits))
        position = 0
        while position < len(chain):
            found = None
            last = position
            while (
                last < len(chain)
                and last - position < MAX_GROUPS
                and offsets[last + 1] - offsets[position] <= MAX_NUMBER_DIGITS
            ):
                last += 1
            for end in range(last, position, -1):  # the longest run of groups first
                if offsets[end] - offsets[position] < MIN_NUMBER_DIGITS:
                    break
                mask = _classify(chain[position:end], joined[offsets[position] : offsets[end]])
                if mask:
                    found = (end, mask)
                    break
            group = chain[position]
            if found is None:
                run = group.digits
                if len(run) >= LONG_RUN_DIGITS:
                    card = run.isdigit() and 16 <= len(run) <= MAX_NUMBER_DIGITS and luhn_ok(run)
                    spans.append((group.start, group.end, CARD_MASK if card else NUMBER_MASK))
                position += 1
                continue
            end, mask = found
            spans.append((_prefix_start(text, group.start, chain[end - 1].end), chain[end - 1].end, mask))
            position = end
    return spans


def _prefix_start(text: str, start: int, end: int) -> int:
    """Include a "+" (+86) and an opening bracket whose closing one is inside the masked span."""
    if start and text[start - 1] in "+＋":
        start -= 1
    if start and text[start - 1] in "(（" and any(char in ")）" for char in text[start:end]):
        start -= 1
    return start


def mask_pii(text: str) -> str:
    """``text`` with ID card, mobile and bank card numbers (and other 15+ digit runs) replaced by masks."""
    if not text or not ANY_DIGIT_RE.search(text):
        return text
    spans = _spans(text)
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end, mask in spans:  # in text order, never overlapping
        pieces += [text[position:start], mask]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def mask_pii_in_obj(value: Any) -> Any:
    """A copy of ``value`` with :func:`mask_pii` applied to every string (dict keys too) in nested data.

    Tuples come back as lists (JSON has no tuples); other values are returned as they are. Iterative, so
    deeply nested metadata cannot exhaust the stack; a container seen twice (or a cycle) is copied once.
    """
    if isinstance(value, str):
        return mask_pii(value)
    if not isinstance(value, dict | list | tuple):
        return value
    copies: dict[int, Any] = {}
    pending: list[tuple[Any, Any]] = []

    def copy_of(item: Any) -> Any:
        if isinstance(item, str):
            return mask_pii(item)
        if not isinstance(item, dict | list | tuple):
            return item
        if id(item) not in copies:
            copies[id(item)] = {} if isinstance(item, dict) else []
            pending.append((item, copies[id(item)]))
        return copies[id(item)]

    root = copy_of(value)
    while pending:
        source, target = pending.pop()
        if isinstance(source, dict):
            for key, item in source.items():
                target[mask_pii(key) if isinstance(key, str) else key] = copy_of(item)
        else:
            target.extend(copy_of(item) for item in source)
    return root
