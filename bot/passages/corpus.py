"""Seed files + boundary map → passages, each attributed to its own document, part and section."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.kb.model import Document
from bot.passages.config import OcrFix, PassageConfig, PassageConfigError, Segment
from bot.passages.text import CJK, Paragraph, is_heading_line, numbering, paragraphs, split_long

MAX_PASSAGE_CHARS = 400  # a quote a user reads on a phone; longer paragraphs are cut at sentence ends
# a numbered item with its sub-items is one passage when together they stay this short (_with_sections)
SECTION_PASSAGE_CHARS = MAX_PASSAGE_CHARS
SMALL_PASSAGE_CHARS = 120  # a passage this short takes the next paragraph of its section along
JOINED_PASSAGE_CHARS = 300  # …and so does any passage when both together stay this short
HEADING_SENTENCE_CHARS = 40  # a numbered paragraph's first sentence this short is also its heading
PREAMBLE_SLACK = 80  # a paragraph holding the title or number and little else is the document's masthead
LIST_INTRO_ENDS = ("：", ":")  # a numbered item ending so announces the list of its sub-items that follows
OCR_MARK = "〔原文误作“{wrong}”〕"
LEVEL_ORDER = {"1": 1, "2": 2, "3": 3, "article": 3}
_OCR_MARK = re.compile(r"〔原文误作“[^”]*”〕")
_HAS_CJK = re.compile(f"[{CJK}]")
_COMPACT_DROP = re.compile(r"[\s#*\ufffd]")
_COMPACT_KEEP = re.compile(r"[^\s#*\ufffd]+")


@dataclass(frozen=True, slots=True)
class Section:
    """Where a passage sits: part (政策解读, 附件2), 三、 （一） 5 or 第五条."""

    part: str = ""
    level1: str = ""
    level2: str = ""
    level3: str = ""
    article: str = ""

    @property
    def label(self) -> str:
        """Compact label in the knowledge base's style: 三、第9条, 四、（一）3, 第五条."""
        parts = [f"{self.level1}、" if self.level1 else "", f"（{self.level2}）" if self.level2 else ""]
        if self.level3:
            parts.append(self.level3 if self.level2 else f"第{self.level3}条")
        if self.article:
            parts.append(f"第{self.article}条")
        return "".join(parts)

    @property
    def reading(self) -> str:
        """As a reply names it: 第三部分第9条, 第四部分（一）第3项, 附件2."""
        parts = [
            self.part,
            f"第{self.level1}部分" if self.level1 else "",
            f"（{self.level2}）" if self.level2 else "",
        ]
        if self.level3:
            parts.append(f"第{self.level3}项" if self.level2 else f"第{self.level3}条")
        if self.article:
            parts.append(f"第{self.article}条")
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    document: Document
    section: Section
    heading: str  # the headings it sits under, e.g. 三、关于阶段性“减、免、缓、返、降”社会保险单位缴费
    text: str  # the quote: line breaks joined, OCR corrections marked
    seed_file: str
    start: int  # offset in the seed file
    undated: bool = False  # a part without a date of its own (a 政策解读)
    excluded_unless_asked: bool = False
    place: str = ""  # the region's name for a local document (北京市), "" for a national one

    @property
    def document_id(self) -> str:
        return self.document.id

    @property
    def number(self) -> str:
        return self.document.number

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def issuer(self) -> str:
        return self.document.issuer

    @property
    def issued(self) -> dt.date | None:
        """The document's date, None for a part that carries no date of its own (a 政策解读)."""
        return None if self.undated else self.document.issued

    @property
    def region(self) -> str:
        return self.document.region

    @property
    def search_text(self) -> str:
        """The text indexed: corrections applied without their marks."""
        return _OCR_MARK.sub("", self.text)


@dataclass
class _Cursor:
    """Numbering state while walking one segment's paragraphs."""

    section: Section
    headings: dict[str, str] = field(default_factory=dict)

    def enter(self, level: str, number: str, *, heading: str) -> None:
        s = self.section
        if level == "1":
            self.section = Section(s.part, level1=number)
            self.headings = {"1": heading}
        elif level == "2":
            self.section = Section(s.part, s.level1, level2=number)
            self.headings = {"1": self.headings.get("1", ""), "2": heading}
        elif level == "3":
            self.section = Section(s.part, s.level1, s.level2, level3=number)
            self.headings = {k: v for k, v in self.headings.items() if k != "3"} | {"3": heading}
        else:  # article
            self.section = Section(s.part, s.level1, s.level2, article=number)
            self.headings = {k: v for k, v in self.headings.items() if k != "3"}

    @property
    def heading(self) -> str:
        return " ".join(text for text in self.headings.values() if text)


def compact_index(raw: str) -> tuple[str, list[int]]:
    """The seed without whitespace or markup, and for each of its characters the offset in ``raw``."""
    pieces: list[str] = []
    offsets: list[int] = []
    for run in _COMPACT_KEEP.finditer(raw):
        pieces.append(run.group())
        offsets.extend(range(run.start(), run.end()))
    return "".join(pieces), offsets


def anchor_offsets(raw: str, segments: list[Segment]) -> tuple[list[int], list[str]]:
    """Offset in ``raw`` of each segment's anchor, and the problems (missing, repeated, out of order)."""
    compact, offsets = compact_index(raw)
    found: list[int] = []
    problems: list[str] = []
    for segment in segments:
        anchor = _COMPACT_DROP.sub("", segment.anchor)
        count = compact.count(anchor)
        if count != 1:
            problems.append(
                f"anchor of {segment.document} {segment.part}".strip() + f" occurs {count} times: {anchor}"
            )
            found.append(found[-1] if found else 0)
            continue
        position = offsets[compact.index(anchor)]
        if found and position <= found[-1]:
            problems.append(f"anchor of {segment.document} {segment.part}".strip() + " is out of order")
        found.append(position)
    if found and _HAS_CJK.search(raw[: found[0]]):
        problems.append("text before the first anchor belongs to no document")
    return found, problems


def _apply_fixes(text: str, fixes: list[OcrFix], applied: dict[OcrFix, int]) -> str:
    for fix in fixes:
        pattern = r"\s*".join(map(re.escape, _COMPACT_DROP.sub("", fix.context)))
        match = re.search(pattern, text)
        if not match:
            continue
        wrong = re.compile(r"\s*" + re.escape(fix.wrong) + r"\s*")
        corrected = wrong.sub(fix.right + OCR_MARK.format(wrong=fix.wrong), match.group(), count=1)
        text = text[: match.start()] + corrected + text[match.end() :]
        applied[fix] = applied.get(fix, 0) + 1
    return text


def _is_masthead(text: str, document: Document) -> bool:
    """Title, number, addressees, signatures and dates: no sentence to quote."""
    compact = _COMPACT_DROP.sub("", text)
    number = document.number.split("（")[0]
    sentence = any(mark in compact for mark in "，。；？！")
    names_document = document.title in compact or (number != "无文号" and number in compact)
    if names_document and "。" not in compact and len(compact) <= len(document.title) + PREAMBLE_SLACK:
        return True  # 乌海市人民政府文件乌海政发〔2020〕17号…的实施意见各区人民政府，…：
    if compact.startswith("来源：") or (compact.startswith("附件") and len(compact) <= PREAMBLE_SLACK):
        return True  # the source line under a reprint; the list of annexes
    if compact.startswith("各") and compact.endswith("：") and len(compact) <= 100:
        return True
    return not sentence and "：" not in compact and len(compact) <= 60


@dataclass
class _Draft:
    section: Section
    heading: str
    text: str
    start: int
    table: bool = False
    lead: str = ""  # the numbered title lines (（一）学历提升补贴) between the previous passage and this one


def _heading_of(text: str, level: str) -> str:
    """The heading a numbered paragraph gives its section: the whole line, or its first short sentence."""
    if is_heading_line(text):
        return text
    first = re.match(r"[^。？]*[。？]", text)
    if first and level in ("1", "2") and len(first.group()) <= HEADING_SENTENCE_CHARS:
        return first.group()  # 一、充分认识做好失业人员生活保障的重要意义。扩大…
    return ""


def _segment_passages(
    segment: Segment,
    document: Document,
    paras: list[Paragraph],
    fixes: list[OcrFix],
    applied: dict[OcrFix, int],
) -> list[_Draft]:
    """The passages of one segment, in order.

    A numbered title (一、指导思想) only names the section of what follows; a numbered question
    (十五、…如何申请补发？) is quoted with its answer; tables are quoted whole, with their caption and note.
    """
    cursor = _Cursor(Section(segment.part))
    out: list[_Draft] = []
    question = ""  # a question heading waiting for its answer
    title: _Draft | None = None  # a numbered line ending in 。 that may be a title (if items follow)
    title_level = ""
    lead: list[str] = []  # title lines not quoted as passages, waiting for the next passage
    for para in paras:
        if not _HAS_CJK.search(para.text) and not para.table_row:
            continue
        text = _apply_fixes(para.text, fixes, applied)
        last = out[-1] if out else None
        if para.table_row:
            joins = last is not None and (
                last.table or (last.section == cursor.section and len(last.text) < SMALL_PASSAGE_CHARS)
            )
            if last is not None and joins and len(last.text) + len(text) < MAX_PASSAGE_CHARS:
                last.text += "\n" + text
                last.table = True
            else:
                out.append(_Draft(cursor.section, cursor.heading, text, para.start, table=True))
            continue
        numbered = numbering(text)
        if numbered and title is not None and LEVEL_ORDER[numbered[0]] > LEVEL_ORDER[title_level]:
            # （四）加大监察执法力度。 followed by its items 1. 2.: a title, not a passage
            out = [draft for draft in out if draft is not title]
            lead.append(title.lead + "\n" + title.text if title.lead else title.text)
        title = None
        if numbered:
            cursor.enter(*numbered, heading=_heading_of(text, numbered[0]))
            if is_heading_line(text) and not text.endswith(("。", "；")):
                question = text if text.endswith(("？", "?")) else ""
                if not question:
                    lead.append(text)
                continue
        elif (
            last is not None
            and last.table
            and len(text) < SMALL_PASSAGE_CHARS
            and (len(last.text) + len(text) < MAX_PASSAGE_CHARS)
        ):  # the line under a table: its note
            last.text += "\n" + text
            continue
        elif _is_masthead(text, document):
            continue
        if question:
            text, question = f"{question}\n{text}", ""
        for piece in split_long(text, MAX_PASSAGE_CHARS):
            last = out[-1] if out else None
            if (
                last is not None
                and not numbered
                and not last.table
                and last.section == cursor.section
                and (
                    len(last.text) < SMALL_PASSAGE_CHARS
                    or len(last.text) + len(piece) <= JOINED_PASSAGE_CHARS
                )
                and len(last.text) + len(piece) <= MAX_PASSAGE_CHARS
            ):
                last.text += "\n" + piece
            else:
                out.append(_Draft(cursor.section, cursor.heading, piece, para.start, lead="\n".join(lead)))
                lead = []
            if numbered and is_heading_line(text):
                title, title_level = out[-1], numbered[0]
            numbered = None  # the pieces after the first continue the same item
    return out


def _nested(child: Section, parent: Section) -> bool:
    """``child`` is a sub-item of the numbered item ``parent`` (一、（二）1 of 一、（二）)."""
    return (
        bool(parent.label)
        and child.part == parent.part
        and child.label != parent.label
        and child.label.startswith(parent.label)
    )


def _with_lists(drafts: list[_Draft]) -> list[_Draft]:
    """A numbered item announcing a list (…通过以下任意一种方式：) quoted with the whole list when together
    they stay within MAX_PASSAGE_CHARS: the list is what answers (which ways, which forms), and a quote of
    the announcement alone or of one item alone answers only part of it. A list too long is left as it is."""
    out: list[_Draft] = []
    position = 0
    while position < len(drafts):
        draft = drafts[position]
        position += 1
        if draft.table or not draft.text.rstrip().endswith(LIST_INTRO_ENDS):
            out.append(draft)
            continue
        end = position
        while end < len(drafts) and not drafts[end].table and _nested(drafts[end].section, draft.section):
            end += 1
        items = drafts[position:end]
        text = "\n".join([draft.text, *(item.text for item in items)])
        if items and len(text) <= MAX_PASSAGE_CHARS:
            out.append(_Draft(draft.section, draft.heading, text, draft.start))
            position = end
        else:
            out.append(draft)
    return out


def _with_sections(drafts: list[_Draft], limit: int) -> list[_Draft]:
    """A numbered item quoted whole, with its continuation and its sub-items (and their title lines), when
    together they stay within ``limit``: the largest such item, from the top level down. An item cut into
    pieces loses its context (一、…可自证书核发之日起12个月内 above （一）1．取得…学历证书), and a short
    item alone (16 characters) answers less than its item."""
    out: list[_Draft] = []
    position = 0
    while position < len(drafts):
        draft = drafts[position]
        end = position + 1
        if not draft.table and draft.section.label:
            while (
                end < len(drafts)
                and not drafts[end].table
                and (drafts[end].section == draft.section or _nested(drafts[end].section, draft.section))
            ):
                end += 1
        group = drafts[position:end]
        text = "\n".join([draft.text, *(f"{d.lead}\n{d.text}" if d.lead else d.text for d in group[1:])])
        if len(group) > 1 and len(text) <= limit:
            out.append(_Draft(draft.section, draft.heading, text, draft.start, lead=draft.lead))
            position = end
        else:
            out.append(draft)
            position += 1
    return out


def _place(config: PassageConfig, region: str) -> str:
    """The name a quote's citation gives the place of a local document (北京市); "" for a national one."""
    info = config.regions.get(region)
    return info.names[0] if info is not None and info.parent else ""


def build_passages(seeds_dir: Path, config: PassageConfig) -> list[Passage]:
    """Every passage of every seed file named in the boundary map, in seed order."""
    passages: list[Passage] = []
    problems: list[str] = []
    applied: dict[OcrFix, int] = {}
    counters: dict[str, int] = {}
    for seed, segments in sorted(config.segments.items()):
        path = seeds_dir / seed
        if not path.exists():
            problems.append(f"seed file {seed} is missing from {seeds_dir}")
            continue
        raw = path.read_text(encoding="utf-8")
        starts, anchor_problems = anchor_offsets(raw, segments)
        problems += [f"{seed}: {problem}" for problem in anchor_problems]
        line_starts = sorted({raw.rfind("\n", 0, offset) + 1 for offset in starts})
        paras = paragraphs(raw, breaks=set(line_starts))
        fixes = [fix for fix in config.ocr_fixes if fix.seed == seed]
        for index, segment in enumerate(segments):
            begin = raw.rfind("\n", 0, starts[index]) + 1
            end = raw.rfind("\n", 0, starts[index + 1]) + 1 if index + 1 < len(starts) else len(raw) + 1
            own = [para for para in paras if begin <= para.start < end]
            document = config.documents[segment.document]
            drafts = _with_lists(_segment_passages(segment, document, own, fixes, applied))
            drafts = _with_sections(drafts, SECTION_PASSAGE_CHARS)
            for draft in drafts:
                counters[document.id] = counters.get(document.id, 0) + 1
                passages.append(
                    Passage(
                        id=f"{document.id}:{counters[document.id]}",
                        document=document,
                        section=draft.section,
                        heading=draft.heading,
                        text=draft.text,
                        seed_file=seed,
                        start=draft.start,
                        undated=segment.undated,
                        excluded_unless_asked=segment.excluded_unless_asked,
                        place=_place(config, document.region),
                    )
                )
    for fix in config.ocr_fixes:
        if applied.get(fix, 0) != 1:
            problems.append(
                f"ocr fix {fix.context!r} applied {applied.get(fix, 0)} times in {fix.seed} (expected once)"
            )
    if problems:
        raise PassageConfigError(problems)
    return passages
