"""Seed text (PDF extraction) → paragraphs, and the numbering that makes a paragraph a heading.

The seeds break lines mid-sentence and separate every line by a blank one, so blank lines say nothing.
Two kinds of extraction:

* marked (002, 003): the extraction marks each paragraph end (a trailing space or U+FFFD, a line opening
  with an ideographic space); those marks are trusted and a line ending in 。 is not an end by itself
  (the line width often falls just after a full stop).
* unmarked (000, 001, 004): a paragraph ends at a sentence end (。；：？！) and after a short heading line
  (一、指导思想), and a Markdown heading (# …) is a paragraph of its own.

In both, a paragraph also starts before a numbered heading (一、 （一） 1. 第X条) and around table rows
(tab-separated cells, name + phone number). Spaces the extraction put next to Chinese characters
(2020 年 6月) are removed; spaces inside Latin text stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_NUMERAL = "一二三四五六七八九十百"
CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。？！、：；（）《》“”〔〕【】「」"

LEVEL1 = re.compile(rf"^([{CN_NUMERAL}]+)[、．.]\s*")  # 一、
LEVEL2 = re.compile(rf"^[（(]([{CN_NUMERAL}]+)[）)]\s*")  # （一）
LEVEL3 = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*|^[（(](\d{1,2})[）)]\s*")  # 1.  1、  （1）
ARTICLE = re.compile(rf"^第([{CN_NUMERAL}]+)条\s*")  # 第五条
PAGE_MARK = re.compile(r"^第\s*\d+\s*页\s*共\s*\d+\s*页$")
TABLE_ROW = re.compile(r"\t|^\S+\s+\d{6,}$|^\d{5,}$")  # cells split by tabs; 待遇稽核处 89323019; 9612333
MARKDOWN = re.compile(r"^#+\s*|\*\*|^<|>$")
SENTENCE_END = tuple("。；：？！;:?!")
HEADING_MAX_CHARS = 40  # a numbered line this short that ends early is a heading, not a wrapped body line
MARKED_SHARE = 0.2  # the share of lines carrying an end mark above which the extraction marks paragraphs
_CLAUSE_MARK = re.compile(r"[，,。；;]")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}])[ \t\u3000]+|[ \t\u3000]+(?=[{CJK}{CJK_PUNCT}])")
_SPACES = re.compile(r"[ \t\u3000]+")
_CELL_SPLIT = re.compile(rf"\t+|\s{{2,}}|(?<=[{CJK}])\s+(?=\d)")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    start: int  # offset in the seed text of its first line
    table_row: bool = False


def tidy_spaces(text: str) -> str:
    """Remove the spaces the extraction put next to Chinese text, collapse the rest."""
    return _SPACES.sub(" ", _SPACE_NEAR_CJK.sub("", text)).strip()


def tidy_row(line: str) -> str:
    """A table row: cells kept apart by one space, each cell tidied."""
    return " ".join(tidy_spaces(cell) for cell in _CELL_SPLIT.split(line.strip()) if cell.strip())


def numbering(text: str) -> tuple[str, str] | None:
    """(level, number) of a paragraph opening with a heading number: ('1', '三'), ('2', '一'), ('3', '5')."""
    for level, pattern in (("1", LEVEL1), ("2", LEVEL2), ("article", ARTICLE), ("3", LEVEL3)):
        if match := pattern.match(text):
            return level, next(group for group in match.groups() if group)
    return None


def is_heading_line(text: str) -> bool:
    """A short numbered line with no clause inside it: 一、指导思想, （一）落实参保缴费政策。, 1．…是多少？

    A line with a comma or a full stop inside is the first line of a numbered paragraph that the PDF
    broke early (12. 对符合条件的企业返还稳岗补贴。生产经营活动符合国), not a heading.
    """
    if numbering(text) is None or len(text) > HEADING_MAX_CHARS:
        return False
    return not _CLAUSE_MARK.search(text[:-1])


def _ends_paragraph(raw_line: str) -> bool:
    """The extraction marks the end: trailing whitespace (002) or U+FFFD (003)."""
    return raw_line != raw_line.rstrip(" \t\u3000\r") or raw_line.rstrip().endswith("\ufffd")


def _is_marked(lines: list[str]) -> bool:
    """Whether this extraction marks paragraph ends (see the module docstring)."""
    content = [line for line in lines if line.strip()]
    marked = sum(1 for line in content if _ends_paragraph(line) or line.startswith("\u3000"))
    return bool(content) and marked >= MARKED_SHARE * len(content)


def paragraphs(raw: str, breaks: set[int] | frozenset[int] = frozenset()) -> list[Paragraph]:
    """Join the seed's lines into paragraphs (see the module docstring); a line starting at an offset in
    ``breaks`` (where the boundary map starts a document) always opens a paragraph."""
    result: list[Paragraph] = []
    buffer: list[str] = []
    buffer_start = 0
    previous_raw = ""
    previous_markdown = False

    def flush() -> None:
        if buffer:
            result.append(Paragraph(tidy_spaces("".join(buffer)), buffer_start))
            buffer.clear()

    lines = raw.split("\n")
    marked = _is_marked(lines)
    offset = 0
    for raw_line in lines:
        line_start, offset = offset, offset + len(raw_line) + 1
        opens_paragraph = raw_line.startswith("\u3000")
        markdown_heading = raw_line.lstrip().startswith("#")  # a whole paragraph on its own line
        line = MARKDOWN.sub("", raw_line.replace("\ufffd", "").strip(" \t\u3000\r"))
        if not line or PAGE_MARK.match(line):
            continue
        if TABLE_ROW.search(line):
            flush()
            result.append(Paragraph(tidy_row(line), line_start, table_row=True))
            previous_raw = ""
            continue
        previous = "".join(buffer)
        if buffer and (
            line_start in breaks
            or numbering(line) is not None
            or (marked and (_ends_paragraph(previous_raw) or opens_paragraph))
            or (
                not marked
                and (
                    previous.endswith(SENTENCE_END)
                    or markdown_heading
                    or previous_markdown
                    or is_heading_line(tidy_spaces(previous))
                )
            )
        ):
            flush()
        if not buffer:
            buffer_start = line_start
        buffer.append(line)
        previous_raw, previous_markdown = raw_line, markdown_heading
    flush()
    return result


_SENTENCE = re.compile(r"[^。；？！]*[。；？！]?[”」）]?")


def split_long(text: str, limit: int) -> list[str]:
    """Cut a paragraph longer than ``limit`` at sentence ends (at commas only for one overlong sentence)."""
    if len(text) <= limit:
        return [text]
    sentences = [s for s in _SENTENCE.findall(text) if s]
    pieces: list[str] = []
    for sentence in sentences:
        while len(sentence) > limit:  # one sentence longer than the limit: cut at its last comma in range
            cut = max(sentence.rfind("，", 0, limit), sentence.rfind("、", 0, limit))
            cut = cut + 1 if cut > 0 else limit
            pieces.append(sentence[:cut])
            sentence = sentence[cut:]
        pieces.append(sentence)
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + len(piece) <= limit:
            chunks[-1] += piece
        else:
            chunks.append(piece)
    return chunks
