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

from pipeline.clean import plain
from pipeline.model import Annex, AnnexParagraph, Block
from pipeline.segment.footnotes import Calls
from pipeline.segment.spans import (
    all_bold,
    is_heading,
    italic_runs,
    leading_italic,
    marker_offsets,
    markers,
    strip_prefix,
)

WORD = r"(?i:annex|appendix|attachment|anexo|annexe|apéndice|appendice)"
HEAD = re.compile(
    rf"^(?P<heading>{WORD}"
    r"(?:\s+(?P<number>[IVXLC]+|[A-Z]|\d{1,3}))?)\b"
    r"\s*(?:[–—:-]\s*)?(?P<title>.*)$"
)
LABEL = re.compile(
    r"^(\d{1,3}\.(?:\d{1,3}\.?)?|\((?:[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)\.?"
    r"|[IVXL]{1,6}\.|[A-Z]\.|[a-z]\)|[•–])\s+"
)


def opens_annex(block: Block) -> bool:
    """Tells whether a block is an annex heading: "Annex I ..." bold or centred and short, or "ANNEX II" alone."""
    text = plain(block.spans)
    m = HEAD.match(text.rstrip("*"))
    alone = m is not None and not m.group("title")
    return m is not None and ((block.centred or all_bold(block)) and len(text) < 300 or alone)


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
    return AnnexParagraph(
        id=pid,
        kind=kind,
        label=m.group(1) if m else None,
        text=plain(spans),
        footnotes=markers(spans),
        marker_offsets=marker_offsets(spans),
        lead=leading_italic(spans) if kind == "paragraph" else None,
        italic=italic_runs(spans),
    )


def build_annexes(blocks: list[Block], where: Calls) -> list[Annex]:
    """Gives the annexes in ``blocks`` (the first opens one), recording in ``where`` which id carries each marker."""
    annexes: list[Annex] = []
    for block in blocks:
        text = plain(block.spans)
        if not text:
            continue
        if opens_annex(block) or not annexes:
            star = re.search(r"\*{1,3}$", text)  # "Anexo I*": a note called by an asterisk at text size
            heading, number, title = split_heading(text.rstrip("*").rstrip())
            annexes.append(Annex(id=f"annex{len(annexes) + 1}", heading=heading, number=number, title=title))
            found = markers(block.spans) + ([star.group(0)] if star else [])
        elif (
            annexes[-1].title is None
            and not annexes[-1].paragraphs
            and is_heading(block, text)
            and not LABEL.match(text)
        ):
            annexes[-1].title = text
            found = markers(block.spans)
        else:
            annex = annexes[-1]
            annex.paragraphs.append(annex_paragraph(block, f"{annex.id}.p{len(annex.paragraphs) + 1}"))
            for m in annex.paragraphs[-1].footnotes:
                where.add(m, annex.paragraphs[-1].id, block.page)
            continue
        annexes[-1].footnotes += found
        for m in found:
            where.add(m, annexes[-1].id, block.page)
    return annexes
