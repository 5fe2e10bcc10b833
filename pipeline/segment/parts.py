"""Documents that hold several decisions or resolutions (UNFCCC decision documents, ECOSOC and UNICEF compendia).

Each decision opens with a bold heading ("Decision 1/CP.21", "2025/9 Annual
report on ...") followed within a few lines by its enacting formula, and is
read like a resolution of its own.
"""

from __future__ import annotations

import re
from typing import Optional

from pipeline.clean import join_text, plain
from pipeline.model import Block, Cleaned, Part
from pipeline.segment import cover as cover_mod
from pipeline.segment.footnotes import notes_of
from pipeline.segment.paragraphs import enacting_index, fill
from pipeline.segment.spans import italic_runs

PART_HEAD = re.compile(
    r"^(?:(?:Decision|Resolution|Decisión|Resolución|Décision)\s+(\d+/[A-Z][A-Za-z.]*\d+|[A-Z]\.?)"
    r"|(\d{4}/\d{1,3}|\d{3,4}(?:\s?\([^)\s]{2,8}\)?)?)\.?\s+(?![a-zа-яё])(\S.*))$"
)  # "Decision 1/CP.21"; "2025/9 Annual report on ..."; "2758 (XXVI). Restoration of ..." (1971, as scanned);
# a title starts with a capital: "2025 session" over an ECOSOC draft's agenda item opens no part


def part_head(block: Block) -> Optional[tuple[str, Optional[str]]]:
    """Gives (number, title on the same line) when a block opens a decision or resolution."""
    m = PART_HEAD.match(plain(block.spans))
    if not m or not cover_mod.is_bold(block):
        return None
    return (m.group(1), None) if m.group(1) else (m.group(2), m.group(3))


def part_starts(blocks: list[Block]) -> list[int]:
    """Gives the indices of the headings that open each decision or resolution of a multi-part document."""
    starts = []
    for i, block in enumerate(blocks):
        if part_head(block):
            if enacting_index(blocks[i + 1 : i + 6]) is not None:
                starts.append(i)
    return starts


def parts_of(doc: Cleaned, blocks: list[Block], starts: list[int]) -> list[Part]:
    """Gives each decision or resolution of a multi-part document as a Part."""
    parts = []
    for k, first in enumerate(starts):
        last = starts[k + 1] if k + 1 < len(starts) else len(blocks)
        chunk = blocks[first:last]
        formula = enacting_index(chunk)
        head = chunk[1:formula]
        number, title = part_head(chunk[0])
        part = Part(number=number)
        titles = [b for b in head if cover_mod.is_bold(b)] if title is None else [chunk[0]]
        part.title = title or (plain(titles[0].spans) if titles else None)
        if title is not None:  # the title's further lines, set apart from the numbered one: "... прав Ки-" | "тайской"
            for block in head:
                if not cover_mod.is_bold(block):
                    break
                part.title = join_text(part.title, plain(block.spans))
        part.enacting_formula = plain(chunk[formula].spans)
        part.enacting_italic = italic_runs(chunk[formula].spans)
        where = fill(part, chunk[formula + 1 :], titles[0].spans if titles else [])
        end_page = blocks[last].page - (1 if blocks[last].page > chunk[0].page else 0) if last < len(blocks) else 10**6
        part.footnotes = [f for f in notes_of(doc, where, (chunk[0].page, end_page)) if f.paragraph]
        parts.append(part)
    return parts
