"""Masking of personal numbers in user messages before they reach Rasa (tracker store, logs). No Rasa import.

Rules, applied in this order to digits that are not part of a longer digit run:

1. ID card (GB 11643-1999): 17 digits + digit or X/x, plain or grouped 6-8-4 with spaces or hyphens.
   Valid checksum → ``[身份证号已隐藏]``. A grouped 6-8-4 number with a wrong checksum → ``[号码已隐藏]``
   (the grouping alone says "ID"); a plain one with a wrong checksum goes on to rules 2 and 4.
2. Bank card: 16-19 digits grouped by 4 (4-4-4-4, last group 1-3 digits more) passing the Luhn check →
   ``[银行卡号已隐藏]``, unless every group is a year (``2019 2020 2021 2022``). A grouped number failing
   Luhn is kept: four 4-digit amounts in a row are ordinary text.
3. Mobile: 11 digits ``1[3-9]…``, optionally after +86 / 86 / 0086, plain or grouped 3-4-4
   → ``[手机号已隐藏]``.
4. Any other plain run of 15 or more digits (optionally ending in X/x) → ``[银行卡号已隐藏]`` when it has
   16-19 digits and passes Luhn, else ``[号码已隐藏]``: such a run is almost always personal (a mistyped ID,
   an old 15-digit ID, an account number) and no number the bot uses is that long.

Shorter numbers (wages, years, office phones such as 0431-82538085, 9612333, 12333) are kept as typed.
Full-width digits and separators are recognised (NFKC, per character, so offsets stay aligned); the
rest of the text is returned untouched. The masks contain no digits, so masking is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

ID_MASK = "[身份证号已隐藏]"
PHONE_MASK = "[手机号已隐藏]"
CARD_MASK = "[银行卡号已隐藏]"
NUMBER_MASK = "[号码已隐藏]"

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# Patterns run on the detection copy of the text (ASCII digits, "+", "-", " ", "X"/"x" normalised).
# (?<![0-9]) / (?![0-9]) keep a pattern from matching inside a longer digit run.
ID_RE = re.compile(r"(?<![0-9])([0-9]{6})([ -]?)([0-9]{8})([ -]?)([0-9]{3}[0-9Xx])(?![0-9])")
CARD_GROUPED_RE = re.compile(r"(?<![0-9])[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?(?![0-9])")
PHONE_RE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])")
LONG_RUN_RE = re.compile(r"(?<![0-9])[0-9]{15,}[Xx]?(?![0-9])")
ANY_DIGIT_RE = re.compile(r"\d")  # Unicode digits: a text without any needs no work


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


@lru_cache(maxsize=4096)
def _detection_char(char: str) -> str:
    """The ASCII character a non-ASCII one stands for in a number (``８`` → ``8``, ``－`` → ``-``)."""
    normal = unicodedata.normalize("NFKC", char)
    if len(normal) != 1:
        return char  # keep a 1:1 mapping so match offsets are offsets in the original text
    if "0" <= normal <= "9":
        return normal if char.isdecimal() else char  # "²" or "①" are not digits typed in a number
    return normal if normal in "+- Xx" else char


def _detection_text(text: str) -> str:
    return text if text.isascii() else "".join(map(_detection_char, text))


def _is_year_list(groups: list[str]) -> bool:
    return all(len(group) != 4 or 1900 <= int(group) <= 2099 for group in groups)


def mask_pii(text: str) -> str:
    """``text`` with ID card, mobile and bank card numbers (and other 15+ digit runs) replaced by masks."""
    if not text or not ANY_DIGIT_RE.search(text):
        return text
    norm = _detection_text(text)
    taken = bytearray(len(norm))  # 1 where a mask already covers the character
    spans: list[tuple[int, int, str]] = []

    def claim(match: re.Match[str], mask: str) -> None:
        start, end = match.span()
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            spans.append((start, end, mask))

    for match in ID_RE.finditer(norm):
        digits = match.group(1) + match.group(3) + match.group(5)
        if id_checksum_ok(digits):
            claim(match, ID_MASK)
        elif match.group(2) or match.group(4):
            claim(match, NUMBER_MASK)
    for match in CARD_GROUPED_RE.finditer(norm):
        groups = re.split(r"[ -]", match.group())
        if luhn_ok("".join(groups)) and not _is_year_list(groups):
            claim(match, CARD_MASK)
    for match in PHONE_RE.finditer(norm):
        claim(match, PHONE_MASK)
    for match in LONG_RUN_RE.finditer(norm):
        run = match.group()
        claim(match, CARD_MASK if run.isdigit() and 16 <= len(run) <= 19 and luhn_ok(run) else NUMBER_MASK)

    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end, mask in sorted(spans):
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
