"""What a paragraph's spans tell: its footnote markers, italic opening words, printed label, heading look."""

from __future__ import annotations

import re
from typing import Optional

from pipeline.clean import italic_offsets, plain
from pipeline.model import Block, Span


def marker_offsets(spans: list[Span]) -> list[list]:
    """Gives [marker, offset] pairs: each footnote marker and the place in ``plain(spans)`` it follows."""
    out: list[list] = []
    text = ""
    for s in spans:
        if s.marker:
            done = re.sub(r"\s+", " ", text).lstrip()
            offset = len(done.rstrip())
            out.extend([m, offset] for m in re.split(r"[,\s]+", s.text.strip()) if m)
        else:
            text += s.text
    total = len(plain(spans))
    return [[m, min(o, total)] for m, o in out]


def italic_runs(spans: list[Span]) -> list[list[int]]:
    """Gives the [start, end] offsets in ``plain(spans)`` of every run printed in italics.

    Footnote markers are left out as ``plain`` leaves them out (see ``italic_offsets`` for how runs are cut)."""
    flags: list = []  # per character of plain(spans): True italic, False roman, None a space
    for s in spans:
        if s.marker:
            continue
        for ch in s.text:
            if ch.isspace():
                if flags and flags[-1] is not None:
                    flags.append(None)  # a space: its style is settled by its neighbours
            else:
                flags.append(s.italic)
    while flags and flags[-1] is None:
        flags.pop()
    return italic_offsets(flags, plain(spans))


def markers(spans: list[Span]) -> list[str]:
    """Gives the footnote markers carried by spans, in order."""
    out = []
    for s in spans:
        if s.marker:
            out.extend(m for m in re.split(r"[,\s]+", s.text.strip()) if m)
    return out


def leading_italic(spans: list[Span]) -> Optional[str]:
    """Gives the italic opening words of a paragraph, or None when it opens in roman."""
    words = ""
    for s in spans:
        if s.marker:
            continue
        if not s.italic:
            if s.text.strip():
                break
            words += s.text
            continue
        words += s.text
    words = re.sub(r"\s+", " ", words).strip().rstrip(",;:")
    return words or None


def strip_prefix(spans: list[Span], pattern: re.Pattern) -> list[Span]:
    """Gives spans with a leading number or label ("1. ", "(a) ") removed."""
    out = [Span(s.text, s.italic, s.bold, s.marker) for s in spans]
    text = "".join(s.text for s in out if not s.marker)
    m = pattern.match(text.lstrip())
    if not m:
        return out
    cut = len(text) - len(text.lstrip()) + m.end()
    rest = []
    for s in out:
        if s.marker or cut <= 0:
            rest.append(s)
            continue
        if len(s.text) <= cut:
            cut -= len(s.text)
            continue
        s.text = s.text[cut:]
        cut = 0
        rest.append(s)
    return rest


def all_bold(block: Block) -> bool:
    """Tells whether every word of a block (markers aside) is bold."""
    return all(s.bold for s in block.spans if s.text.strip() and not s.marker)


def all_italic(block: Block) -> bool:
    """Tells whether every word of a block (markers aside) is italic."""
    return all(s.italic for s in block.spans if s.text.strip() and not s.marker)


def is_heading(block: Block, text: str) -> bool:
    """Tells whether a block is a heading: all bold ("Reporting:"), centred, or a short italic line ("Reporting")."""
    if text.endswith((",", ";")) or len(text) > 400:
        return False
    if all_bold(block):
        return True
    short = not text.endswith((".", ":")) and len(text) < 160
    return short and (block.centred or all_italic(block) and len(text) < 100 and text[:1].isupper())
