"""The paragraphs of a resolution as the comparison sees them, and the text key that says two are the same.

A unit is a preambular paragraph, an operative paragraph with its
sub-paragraphs (a sub-paragraph belongs to its paragraph), an annex's title or
one of its headings and paragraphs, or a footnote.  The printed number of a
paragraph is kept apart from its words, so renumbering is no change; so are
footnote markers (the segmenter keeps them out of ``text``), line breaks, and
quote and dash variants (:func:`text_key`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from pipeline.model import Resolution, Subparagraph

_VARIANTS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u00ad": None,
        "\u200b": None,
    }
)


def text_key(text: str) -> str:
    """Gives the text with whitespace collapsed and quote and dash variants made plain: equal keys, same words."""
    return re.sub(r"\s+", " ", (text or "").translate(_VARIANTS)).strip()


@dataclass
class Unit:
    """One paragraph to compare: kind, id, printed number, and its pieces (label, words) in printed order.

    The first piece is the paragraph's own words (label None); each sub-paragraph
    follows as a piece with its printed label ("(a)").
    """

    kind: str  # "preamble", "operative", "annex", "footnote"
    id: str
    number: Optional[str]
    pieces: list[tuple[Optional[str], str]] = field(default_factory=list)
    depths: list[int] = field(default_factory=list)  # nesting of each piece: 0 for the paragraph's own words
    anchor: Optional[str] = None  # a footnote: the unit whose words call it

    @property
    def text(self) -> str:
        """Gives the paragraph as printed: its words, then each sub-paragraph on a line of its own."""
        out = []
        for label, words in self.pieces:
            out.append(f"{label} {words}" if label else words)
        return "\n".join(t for t in out if t)

    @property
    def key(self) -> str:
        """Gives the words of every piece without labels, normalised: two units with equal keys are unchanged."""
        return text_key(" ".join(words for _, words in self.pieces))

    @property
    def words(self) -> list[str]:
        """Gives the normalised words, for similarity."""
        return self.key.split()


def _subs(subs: list[Subparagraph], depth: int):
    for s in subs:
        yield s.label, s.text, depth
        yield from _subs(s.subparagraphs, depth + 1)


def _part_units(part, prefix: str) -> list[Unit]:
    units = []
    for p in part.preamble:
        units.append(Unit("preamble", prefix + p.id, None, [(None, p.text)], [0]))
    for o in part.operative:
        pieces, depths = [(None, o.text)], [0]
        for label, text, depth in _subs(o.subparagraphs, 1):
            pieces.append((label, text))
            depths.append(depth)
        units.append(Unit("operative", prefix + o.id, o.number, pieces, depths))
    for a in part.annexes:
        head = " ".join(x for x in (a.heading, a.title) if x)
        units.append(Unit("annex", prefix + a.id, None, [(None, head)], [0]))
        for p in a.paragraphs:
            units.append(Unit("annex", prefix + p.id, p.label, [(None, p.text)], [0]))
    seen: dict[str, int] = {}
    for f in part.footnotes:
        marker = re.sub(r"\W", "", f.marker or "") or "x"
        seen[marker] = seen.get(marker, 0) + 1
        fid = f"fn{marker}" if seen[marker] == 1 else f"fn{marker}-{seen[marker]}"
        anchor = prefix + paragraph_of(f.paragraph) if f.paragraph else None
        units.append(Unit("footnote", prefix + fid, f.marker, [(None, f.text)], [0], anchor))
    return units


def units_of(res: Resolution) -> list[Unit]:
    """Gives every unit of a resolution in printed order: preamble, operative, annexes, footnotes.

    A document of several resolutions or decisions gives those of each part too,
    their ids prefixed by the part ("part2/op3").
    """
    units = _part_units(res, "")
    for i, part in enumerate(res.parts, start=1):
        units.extend(_part_units(part, f"part{i}/"))
    return units


def paragraph_of(pid: Optional[str]) -> Optional[str]:
    """Gives the unit id a paragraph id belongs to: a sub-paragraph "op3.a" belongs to "op3"."""
    if not pid:
        return pid
    prefix, slash, local = pid.rpartition("/")
    if local.startswith("op") and "." in local:
        local = local.split(".", 1)[0]
    return prefix + slash + local
