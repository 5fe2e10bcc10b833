"""The segment stage's entry: a cleaned document becomes a Resolution, or a clear refusal.

Cover metadata (symbol, body, session, agenda items, dates), the numbered
title, the enacting formula, preambular paragraphs with their italic opening
words, operative paragraphs with number, verb and nested sub-paragraphs,
footnotes tied to the paragraph whose words carry their markers, headings,
annexes and the adoption meeting.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Optional

from pipeline.clean import plain
from pipeline.errors import ConversionError
from pipeline.model import Block, Cleaned, Footnote, Resolution, Span
from pipeline.segment import cover as cover_mod
from pipeline.segment.footnotes import Calls, notes_of, publication_notes
from pipeline.segment.paragraphs import ENACTING, OPERATIVE, enacting_index, fill
from pipeline.segment.parts import part_head, part_starts, parts_of
from pipeline.segment.spans import italic_runs, leading_italic


def amendment_start(blocks: list[Block]) -> Optional[int]:
    """Gives the index of the last cover block of an amendment (its text follows)."""
    for i, block in enumerate(blocks):
        if re.search(r"\bamendments? to\b", plain(block.spans)):
            j = i
            while j + 1 < len(blocks) and cover_mod.is_bold(blocks[j + 1]):
                j += 1
            return j
    return None


def unprinted_formula(blocks: list[Block]) -> Optional[int]:
    """Gives the index of the numbered title of a resolution printed without its enacting formula, or None.

    A text is a resolution by its other marks: a cover saying "Resolution adopted by ...", a bold numbered title
    ("78/225. Enhancing ..."), a first paragraph opening in italics and numbered operative paragraphs after it."""
    adopted = next((i for i, b in enumerate(blocks[:20]) if re.match(r"^Resolution adopted by ", plain(b.spans))), None)
    if adopted is None:
        return None
    for i in range(adopted + 1, min(adopted + 6, len(blocks) - 1)):
        if cover_mod.is_bold(blocks[i]) and cover_mod.NUMBERED_TITLE.match(plain(blocks[i].spans)):
            opens = leading_italic(blocks[i + 1].spans) and not cover_mod.is_bold(blocks[i + 1])
            numbered = any(OPERATIVE.match(plain(b.spans)) for b in blocks[i + 2 :])
            return i if opens and numbered else None
    return None


def formula_apart(blocks: list[Block]) -> list[Block]:
    """Gives the blocks with an enacting formula printed as the first line of a longer block set apart: it is a
    line of its own ("Генеральная Ассамблея," over the first preambular paragraph of a tightly set scan)."""
    out = []
    for block in blocks:
        text = block.text
        cut = next((c for c in block.line_starts if 0 < c < len(text)), None)
        first = text[:cut].strip() if cut else ""
        # the formula's line ends in its comma; a formula over two lines ("... to the Paris" | "Agreement,") stays
        if cut is None or not first.endswith(",") or not ENACTING.match(first) or cover_mod.is_bold(block):
            out.append(block)
            continue
        head, tail = split_spans(block.spans, cut)
        out.append(dataclasses.replace(block, spans=head, x1=block.x0, line_starts=[0]))
        rest = [c - cut for c in block.line_starts if c >= cut]
        out.append(dataclasses.replace(block, spans=tail, line_starts=rest))
    return out


def split_spans(spans: list[Span], cut: int) -> tuple[list[Span], list[Span]]:
    """Gives the spans before and after an offset in their text (markers left out of the count)."""
    head: list[Span] = []
    tail: list[Span] = []
    seen = 0
    for s in spans:
        if s.marker:
            (head if seen <= cut and not tail else tail).append(s)
            continue
        if seen + len(s.text) <= cut:
            head.append(s)
        elif seen >= cut:
            tail.append(s)
        else:
            k = cut - seen
            head.append(dataclasses.replace(s, text=s.text[:k]))
            tail.append(dataclasses.replace(s, text=s.text[k:]))
        seen += len(s.text)
    return head, tail


def segment(doc: Cleaned) -> Resolution:
    """Gives the Resolution that a cleaned document holds, or raises ConversionError when it holds none."""
    blocks = formula_apart(doc.blocks)
    name = doc.source.file
    if not blocks and not doc.footnotes:
        raise ConversionError(f"{name}: image-only PDF: no text layer (run OCR first)", "no-text")
    res = Resolution(source=doc.source, furniture=doc.furniture, warnings=list(doc.warnings))
    starts = part_starts(blocks)
    if len(starts) >= 1 and (len(starts) > 1 or starts[0] > 0 and part_head(blocks[starts[0]])[0][0].isdigit()):
        cover_mod.read_cover(blocks[: starts[0]], res)
        res.parts = parts_of(doc, blocks, starts)
        res.document_type = res.document_type or "decision"
        claimed = {(f.marker, f.text) for p in res.parts for f in p.footnotes}
        res.footnotes = [f for f in notes_of(doc, Calls()) if (f.marker, f.text) not in claimed]
        warn(res, [f for p in res.parts for f in p.footnotes] + res.footnotes, any(p.operative for p in res.parts))
        return res
    start = enacting_index(blocks)
    unprinted = start is None and unprinted_formula(blocks)
    if unprinted:
        start = unprinted  # the body follows the numbered title
    head = blocks[: start + 1] if unprinted else blocks[:start] if start is not None else blocks[:12]
    cover_mod.read_cover(head, res)
    if start is not None and res.document_type is None and cover_mod.committee_report(head):
        raise ConversionError(
            f"{res.symbol or name} is a committee report that recommends draft resolutions, not a resolution",
            "not-resolution",
        )
    amendment = start is None and res.document_type == "amendment"
    if amendment:
        start = amendment_start(blocks)
    if start is None:
        raise ConversionError(cover_mod.not_a_resolution(res, blocks, name), "not-resolution")
    if unprinted:
        res.warnings.append(
            "the enacting formula is not printed: read as a resolution by its cover, numbered title, "
            "preambular opening words and numbered operative paragraphs"
        )
    elif not amendment:
        res.enacting_formula = plain(blocks[start].spans)
        res.enacting_italic = italic_runs(blocks[start].spans)
    where = fill(res, blocks[start + 1 :], cover_mod.title_spans(head), amendment)
    res.footnotes = notes_of(doc, where)
    res.furniture = dataclasses.replace(doc.furniture, publication_notes=publication_notes(doc, where))
    warn(res, res.footnotes, bool(res.operative))
    return res


def warn(res: Resolution, notes: list[Footnote], has_operative: bool) -> None:
    """Adds warnings for notes whose call was not found and for a text without operative paragraphs."""
    for note in notes:
        if note.paragraph is None:
            res.warnings.append(f"footnote {note.marker or '?'}: its marker was not found in the text")
    if not has_operative:
        res.warnings.append("no operative paragraphs found")
