"""Turn calculator results, directory listings and FAQ articles into short Chinese chat replies.

Every reply that states a figure ends with its source (document number and section) and the period it
applies to; not-covered and invalid results say so plainly and point to a hotline instead of guessing.
"""

from __future__ import annotations

from bot.calc.result import INVALID, NOT_COVERED, Citation, Result
from bot.directory import Directory, Listing
from bot.kb.model import FaqArticle
from bot.kb.store import PolicyStore
from bot.kb.units import format_date

MET = {True: "✔", False: "✘", None: "？"}


def sources_line(citations: list[Citation]) -> str:
    """依据：长社保〔2020〕1号 二、第5条、附件1；人社部发〔2020〕49号 一 — one entry per document."""
    grouped: dict[str, list[str]] = {}
    for citation in citations:
        head, _, section = citation.short.partition(" ")
        sections = grouped.setdefault(head, [])
        if section and section not in sections:
            sections.append(section)
    parts = [f"{head} {'、'.join(sections)}".strip() for head, sections in grouped.items()]
    return "依据：" + "；".join(parts)


def render_result(
    result: Result, title: str, hotline: Listing | None = None, figures: list[str] | None = None
) -> str:
    """A calculator result as a chat reply: heading, figures, reasoning, verdict, source, period, notes."""
    if result.status in (NOT_COVERED, INVALID):
        text = result.message
        if result.status == NOT_COVERED and hotline is not None:
            text += f"\n如需进一步咨询，可拨打{hotline.text}。"
        return text
    lines = [f"【{result.region_name.removesuffix('市')}·{title}】" if result.region_name else f"【{title}】"]
    if result.eligible is not None or result.conditions:
        verdict = {True: "符合条件", False: "不符合条件", None: "还需确认以下条件"}[result.eligible]
        lines.append(f"结论：{verdict}")
        lines += [
            f"{MET[c.met]} {c.label}" + (f"（{c.detail}）" if c.detail else "") for c in result.conditions
        ]
    names = figures if figures is not None else list(result.figures)
    for name in names:
        if name in result.figures:
            figure = result.figures[name]
            lines.append(f"• {figure.label}：{figure.text}")
    lines += [f"· {step}" for step in result.steps]
    if result.citations:
        lines.append(sources_line(result.citations))
    if result.period_text:
        lines.append(f"适用期间：{result.period_text}")
    lines += [f"提示：{note}" for note in result.notes]
    return "\n".join(lines)


def render_listing(listing: Listing) -> str:
    return listing.text


def render_offices(directory: Directory, offices: list, intro: str = "") -> str:
    listings = [directory.listing(office) for office in offices]
    lines = [intro] if intro else []
    lines += [f"☎ {render_listing(listing)}" for listing in listings]
    documents = []
    for listing in listings:
        document = directory.store.document(listing.office.source.document)
        entry = document.short_citation(listing.office.source.section)
        if entry not in documents:
            documents.append(entry)
    lines.append("号码来源：" + "；".join(documents))
    return "\n".join(lines)


def office_notes(directory: Directory, offices: list, text: str, region: str | None) -> list[str]:
    """What a phone answer must add about its numbers: how the document uses a number printed only in
    passing (96102, 12345), and what is inferred rather than stated (an alias the user typed that the
    documents never use, 12333 given outside Beijing)."""
    lines = []
    for alias, office in directory.inferred_in(text, offices):
        lines.append(f"注意：您说的“{alias}”，{office.inference}。")
    for office in offices:
        if office.note and office.kind == "hotline" and office.id != "hotline_12333":
            lines.append(f"说明：{office.note}。")
        if office.id == "hotline_12333" and region != "beijing" and office.inference:
            if not any(office.inference in line for line in lines):
                lines.append(f"说明：{office.inference}。")
    return lines


def render_faq(store: PolicyStore, article: FaqArticle) -> str:
    document = store.document(article.source.document)
    lines = [
        f"【{article.title}】",
        article.answer,
        f"依据：{document.short_citation(article.source.section)}",
    ]
    when = document.issued or article.effective_from
    if when:
        lines.append(f"文件日期：{format_date(when)}" if document.issued else f"适用自：{format_date(when)}")
    elif document.date_note:
        lines.append(f"文件日期：{document.date_note}")
    region = store.region(article.region)
    if region.level != "country":
        lines.append(f"提示：以上为{region.short_name}的规定，其他地区请以当地政策为准。")
    return "\n".join(lines)
