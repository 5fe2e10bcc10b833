"""Two versions of a text compared: the alignment, the redline and the meaning put together.

:func:`compare` takes two :class:`~pipeline.model.Resolution` (a resolution
and its successor, a draft and the text adopted from it, two revisions) and
gives the :class:`~pipeline.compare.comparison.Comparison`; when the new one
is an amendment, the amendment is applied to the old text first and the
comparison shows the amended draft (:mod:`pipeline.compare.amendments`).
"""

from __future__ import annotations

from typing import Optional

from pipeline import __version__
from pipeline.compare.align import Pair, align
from pipeline.compare.amendments import apply_amendment
from pipeline.compare.annotations import reading_of
from pipeline.compare.comparison import KINDS, STATUSES, Comparison, ParagraphChange, Side
from pipeline.compare.meaning import meaning
from pipeline.compare.redline import pieces_text, unit_redline
from pipeline.compare.units import units_of
from pipeline.model import Resolution


def side_of(res: Resolution) -> Side:
    """Gives the description of one side: symbol, dates, title, document type, session, source file."""
    return Side(
        symbol=res.symbol,
        date_adopted=res.date_adopted,
        date_issued=res.date_issued,
        title=res.title,
        document_type=res.document_type,
        session_number=res.session_number,
        file=res.source.file if res.source else None,
        sha256=res.source.sha256 if res.source else None,
    )


def relation_of(old: Resolution, new: Resolution) -> str:
    """Gives how two texts relate: "successor", "draft->adopted", "revision", "amendment" or "versions"."""
    drafts = ("draft resolution", "draft decision")
    if new.document_type == "amendment":
        return "amendment"
    if old.document_type in drafts and new.document_type in ("resolution", "decision"):
        return "draft->adopted"
    if old.document_type in drafts and new.document_type in drafts:
        return "revision"
    if (old.session_number or 0) < (new.session_number or 0) and old.document_type == new.document_type:
        return "successor"
    return "versions"


def _entry(p: Pair) -> ParagraphChange:
    unit = p.new or p.old
    entry = ParagraphChange(
        status=p.status,
        kind=unit.kind,
        old=p.old.id if p.old else None,
        new=p.new.id if p.new else None,
        old_number=p.old.number if p.old else None,
        new_number=p.new.number if p.new else None,
        moved=p.moved,
        similarity=p.similarity,
        text=pieces_text(unit.pieces),
        split_from=p.split_from.id if p.split_from else None,
        merged_into=p.merged_into.id if p.merged_into else None,
        merged=[u.id for u in p.merged],
    )
    if p.status == "modified":
        entry.changes = unit_redline(p.merged or [p.old], p.new)
    return entry


def _counts(entries: list[ParagraphChange]) -> dict:
    counts = {s: sum(1 for e in entries if e.status == s) for s in STATUSES}
    counts["moved"] = sum(1 for e in entries if e.moved)
    counts["split"] = sum(1 for e in entries if e.split_from)
    counts["merged"] = sum(1 for e in entries if e.merged_into)
    return counts


def compare(old: Resolution, new: Resolution, relation: Optional[str] = None) -> Comparison:
    """Gives the comparison of two versions of a text (an amendment as ``new`` is first applied to ``old``)."""
    amendment = None
    if new.document_type == "amendment":
        amended, amendment = apply_amendment(old, new)
        result = compare(old, amended, relation or "amendment")
        result.amendment = amendment
        result.warnings += [i["note"] for i in amendment["instructions"] if i["status"] != "applied"]
        return result
    pairs = align(units_of(old), units_of(new))
    entries = [_entry(p) for p in pairs]
    body = [e for e in entries if e.kind != "footnote"]
    warnings = []
    for name, res in (("old", old), ("new", new)):
        if not res.operative and not any(p.operative for p in res.parts):
            warnings.append(f"the {name} text ({res.symbol or 'no symbol'}) has no operative paragraphs")
    return Comparison(
        old=side_of(old),
        new=side_of(new),
        relation=relation or relation_of(old, new),
        paragraphs=entries,
        summary=_counts(body),
        by_kind={k: _counts([e for e in entries if e.kind == k]) for k in KINDS if any(e.kind == k for e in entries)},
        meaning=meaning(pairs, reading_of(old), reading_of(new)),
        warnings=warnings,
        generator=f"resbrief {__version__}",
    )
