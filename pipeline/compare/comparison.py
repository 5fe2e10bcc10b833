"""The comparison of two versions of a text, as data: what ``comparison.json`` holds.

A :class:`Comparison` names both sides, lists every paragraph of both in the
new text's reading order (each paragraph of the new text once, each paragraph
of the old text once) with its status, and says what the changes mean.  It
turns into JSON with :func:`comparison_dict` and back with
:func:`comparison_from_dict`; the contract is ``pipeline/comparison.schema.json``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Optional

STATUSES = ("unchanged", "modified", "added", "removed")
KINDS = ("preamble", "operative", "annex", "footnote")


@dataclass
class Side:
    """One of the two texts compared: its symbol, dates, title, kind and source file."""

    symbol: Optional[str]
    date_adopted: Optional[str] = None
    date_issued: Optional[str] = None
    title: Optional[str] = None
    document_type: Optional[str] = None
    session_number: Optional[int] = None
    file: Optional[str] = None
    sha256: Optional[str] = None


@dataclass
class Change:
    """A run of words that is the same in both texts ("equal"), only in the old ("delete") or only in the new ("insert").

    ``label`` marks a sub-paragraph's printed label ("(b)" become "(c)"), which
    the redline shows apart from the words.
    """

    op: str
    text: str
    label: bool = False


@dataclass
class ParagraphChange:
    """One paragraph's fate: its ids on each side (None where it has none), status and word-level changes.

    ``text`` is the paragraph as printed in the new text (in the old one for a
    removed paragraph), sub-paragraphs on lines of their own; ``changes`` turn
    the old text into the new one, word by word, for a modified paragraph.
    """

    status: str
    kind: str
    old: Optional[str]
    new: Optional[str]
    old_number: Optional[str] = None
    new_number: Optional[str] = None
    moved: bool = False
    similarity: Optional[float] = None
    text: str = ""
    changes: list[Change] = field(default_factory=list)
    split_from: Optional[str] = None  # an added paragraph made of words of this old paragraph
    merged_into: Optional[str] = None  # a removed paragraph whose words went into this new paragraph
    merged: list[str] = field(default_factory=list)  # the old paragraphs this new one was compared with


@dataclass
class Comparison:
    """Two versions of a text compared: both sides, every paragraph, the counts and what changed in substance.

    ``meaning`` holds verbs whose force changed, asks added and dropped, reports
    and deadlines added, dropped or moved, references added and removed,
    footnotes changed (see :mod:`pipeline.compare.meaning`); ``amendment`` is
    set when the new text is a draft with an amendment applied.
    """

    old: Side
    new: Side
    relation: str  # "successor", "draft->adopted", "revision", "amendment" or "versions"
    paragraphs: list[ParagraphChange] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=dict)
    meaning: dict = field(default_factory=dict)
    amendment: Optional[dict] = None
    warnings: list[str] = field(default_factory=list)
    generator: str = ""


def comparison_dict(c: Comparison) -> dict:
    """Gives the JSON-ready dict of a comparison (``label`` only on a change that is a label)."""
    d = dataclasses.asdict(c)
    for p in d["paragraphs"]:
        for ch in p["changes"]:
            if not ch["label"]:
                del ch["label"]
    return d


def comparison_json(c: Comparison) -> str:
    """Gives the canonical text of ``comparison.json`` (stable key order, UTF-8, final newline)."""
    return json.dumps(comparison_dict(c), ensure_ascii=False, indent=2) + "\n"


def _side(d: Any) -> Side:
    d = d if isinstance(d, dict) else {}
    return Side(**{f.name: d.get(f.name) for f in dataclasses.fields(Side)})


def comparison_from_dict(d: dict) -> Comparison:
    """Gives the Comparison that a ``comparison.json`` dict describes."""
    paragraphs = []
    for p in d.get("paragraphs", []):
        changes = [Change(op=c["op"], text=c["text"], label=bool(c.get("label"))) for c in p.get("changes", [])]
        fields = {f.name for f in dataclasses.fields(ParagraphChange)} - {"changes"}
        paragraphs.append(ParagraphChange(changes=changes, **{k: v for k, v in p.items() if k in fields}))
    return Comparison(
        old=_side(d.get("old")),
        new=_side(d.get("new")),
        relation=d.get("relation") or "versions",
        paragraphs=paragraphs,
        summary=dict(d.get("summary") or {}),
        by_kind=dict(d.get("by_kind") or {}),
        meaning=dict(d.get("meaning") or {}),
        amendment=d.get("amendment"),
        warnings=list(d.get("warnings") or []),
        generator=d.get("generator") or "",
    )


def old_text(changes: list[Change]) -> str:
    """Gives the old text a list of changes describes (every insertion rejected)."""
    return "".join(c.text for c in changes if c.op != "insert")


def new_text(changes: list[Change]) -> str:
    """Gives the new text a list of changes describes (every insertion accepted)."""
    return "".join(c.text for c in changes if c.op != "delete")
