"""Annexes: each one's heading ("Annex II"), number, title, and its headings and paragraphs in printed order.

An annex opens at a bold or centred line that starts with "Annex" (also
"Appendix", "Anexo", "Annexe"); the words after the number on that line, or
else the first unlabelled heading that follows, are its title.  Every later
block is one paragraph (or heading, when bold or centred) with its printed
label ("1.", "(a)", "I.", "A.") kept apart from its words.  Annex paragraphs
are kept flat: an annex may be a declaration, a table, a treaty or rules of
procedure, and their numbering schemes do not nest one way.
"""
from __future__ import annotations

import re
from typing import Optional

from .calls import Calls
from .clean import plain
from .model import Annex, AnnexParagraph, Block
from .spans import all_bold, is_heading, leading_italic, marker_offsets, markers, strip_prefix

ANNEX = re.compile(r"^(Annex|Appendix|Attachment|Anexo|Annexe|Apéndice|Appendice)(\s+[IVXL\d]+)?\b", re.I)
HEAD = re.compile(r"^(?P<heading>(?i:annex|appendix|attachment|anexo|annexe|apéndice|appendice)"
                  r"(?:\s+(?P<number>[IVXLC]+|[A-Z]|\d{1,3}))?)\b"
                  r"\s*(?:[–—:-]\s*)?(?P<title>.*)$")
LABEL = re.compile(r"^(\d{1,3}\.(?:\d{1,3}\.?)?|\((?:[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)\.?"
                   r"|[IVXL]{1,6}\.|[A-Z]\.|[a-z]\)|[•–])\s+")


def opens_annex(block: Block) -> bool:
    """Tells whether a block is an annex heading: "Annex I ..." bold or centred and short, or "ANNEX II" alone."""
    text = plain(block.spans)
    alone = re.fullmatch(r"(?i:annex|appendix|anexo|annexe|apéndice|appendice)(\s+[IVXLC]+|\s+\d{1,2})?\*{0,3}", text)
    return bool(ANNEX.match(text)) and ((block.centred or all_bold(block)) and len(text) < 300 or bool(alone))


def split_heading(text: str) -> tuple[str, Optional[str], Optional[str]]:
    """Gives (heading, number, title) of an annex heading line such as "Annex A – Items subject to ..."."""
    m = HEAD.match(text.strip())
    if not m:
        return text.strip(), None, None
    return m.group("heading"), m.group("number"), m.group("title").strip() or None


def annex_paragraph(block: Block, pid: str) -> AnnexParagraph:
    """Gives one block of annex text as a heading or paragraph with its printed label."""
    text = plain(block.spans)
    m = LABEL.match(text)
    spans = strip_prefix(block.spans, LABEL) if m else list(block.spans)
    kind = "heading" if is_heading(block, text) else "paragraph"
    return AnnexParagraph(id=pid, kind=kind, label=m.group(1) if m else None, text=plain(spans),
                          footnotes=markers(spans), marker_offsets=marker_offsets(spans),
                          lead=leading_italic(spans) if kind == "paragraph" else None)


def build_annexes(blocks: list[Block], where: Calls) -> list[Annex]:
    """Gives the annexes in ``blocks`` (the first opens one), recording in ``where`` which id carries each marker."""
    annexes: list[Annex] = []
    pages: dict[str, int] = {}      # id -> the page its text has reached
    starts: dict[str, int] = {}     # id -> the page it starts on
    for block in blocks:
        text = plain(block.spans)
        if not text:
            continue
        if opens_annex(block) or not annexes:
            star = re.search(r"\*{1,3}$", text)     # "Anexo I*": a note called by an asterisk at text size
            heading, number, title = split_heading(text.rstrip("*").rstrip())
            annex = Annex(id=f"annex{len(annexes) + 1}", heading=heading, number=number, title=title,
                          footnotes=markers(block.spans) + ([star.group(0)] if star else []))
            annexes.append(annex)
            starts[annex.id] = block.page
            continue
        annex = annexes[-1]
        last = annex.paragraphs[-1] if annex.paragraphs else None
        if (annex.title is None and last is None and is_heading(block, text) and not LABEL.match(text)):
            annex.title = text
            annex.footnotes += markers(block.spans)
            continue
        if (last is not None and last.kind == "paragraph" and block.page > pages[last.id]
                and not last.text.endswith((".", ";", ":", "!", "?")) and text[:1].islower()):
            more = annex_paragraph(block, last.id)    # a paragraph carried over a page
            last.marker_offsets += [[m, o + len(last.text) + 1] for m, o in more.marker_offsets]
            last.text = f"{last.text} {more.text}"
            last.footnotes += more.footnotes
            pages[last.id] = block.page
            continue
        para = annex_paragraph(block, f"{annex.id}.p{len(annex.paragraphs) + 1}")
        pages[para.id] = starts[para.id] = block.page
        annex.paragraphs.append(para)
    for annex in annexes:
        for m in annex.footnotes:
            where.add(m, annex.id, starts[annex.id])
        for p in annex.paragraphs:
            for m in p.footnotes:
                where.add(m, p.id, starts[p.id])
    return annexes
