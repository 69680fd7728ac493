"""The reply that quotes a passage: its citation on the first line, then the passage verbatim in “”."""

from __future__ import annotations

from bot.passages.corpus import Passage
from bot.passages.index import PassageHit

NO_DATE = "原文未载日期"


def citation(passage: Passage) -> str:
    """长春市 长社保〔2020〕1号《关于2020年度社会保险经办服务有关问题的通知》第三部分第13条: the place of a
    local document first unless its title names it (a notice of 我市 names no city); the title alone when
    the document has no number."""
    document = passage.document
    number = document.number.split("（")[0]  # 京人社发〔2020〕8号（汇编所载文号…） → its number only
    name = f"《{document.title}》" if number.startswith("无文号") else f"{number}《{document.title}》"
    place = passage.place
    if place[:2] in document.title:  # 《2019年北京市法人单位从业人员平均工资公布》 names it already
        place = ""
    elif place and not name.startswith("《"):
        place += " "
    return place + name + passage.section.reading


def issued_text(passage: Passage) -> str:
    issued = passage.issued
    return f"{issued.year}年{issued.month}月{issued.day}日" if issued else NO_DATE


def render_passage(hit: PassageHit | Passage) -> str:
    """文件原文（<citation>，<date>）： then “<the passage as it stands in the document>”."""
    passage = hit.passage if isinstance(hit, PassageHit) else hit
    return f"文件原文（{citation(passage)}，{issued_text(passage)}）：\n“{passage.text}”"
