"""What changed, as rows a reader scans: verbs, asks, deadlines, footnotes; shared by the comparison and the pack.

:func:`meaning_rows` turns a comparison's ``meaning`` into table rows with
each paragraph's short name ("OP5") and its id on its side, so that the
comparison page links to its own paragraphs and a briefing pack to its own
(:func:`pack_changes`).  Only structure is decided here; the words come from
the ``comparison`` and ``comparison_in_pack`` entries of labels.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from pipeline.compare.comparison import Comparison, ParagraphChange
from pipeline.compare.meaning import headline
from pipeline.render.annotations import shorten


@dataclass
class Row:
    """A row of a table: its cells as text, and the paragraph it names (its id, and which text it is in)."""

    cells: list[str]
    paragraph: Optional[str] = None
    side: str = "new"
    link: Optional[str] = None  # element id of that paragraph where the row is shown
    at: int = -1  # the cell that names the paragraph (the link goes there)


@dataclass
class MeaningRows:
    """The tables of what changed, and the short name of every paragraph of both texts."""

    headline: list[tuple[str, str, int]]
    verbs: list[Row]
    actions: list[Row]  # actions added to or dropped from a paragraph both texts have
    new_asks: list[Row]
    dropped_asks: list[Row]
    deadlines: list[Row]
    footnotes: list[Row]
    references_added: list[str]
    references_removed: list[str]
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # side -> id -> "OP5"


def paragraph_label(kind: str, pid: Optional[str], number: Optional[str], labels: dict) -> str:
    """Gives a paragraph's short name: "PP3", "OP5", "Annex item 3.", "Footnote 12" (with a part's prefix)."""
    if not pid:
        return ""
    prefix, _, local = pid.rpartition("/")
    refs, f = labels["paragraph_labels"], labels["comparison"]["formats"]
    if kind == "preamble":
        text = refs["pp"].format(n=local.removeprefix("pp"))
    elif kind == "operative":
        text = refs["op"].format(n=number or local.removeprefix("op"))
    elif kind == "footnote":
        text = f["footnote"].format(marker=number or local.removeprefix("fn"))
    elif "." in local:
        text = f["annex_item"].format(label=number or local.split(".p")[-1])
    else:
        text = f["annex_heading"].format(label=local.removeprefix("annex"))
    return f"{prefix} {text}" if prefix else text


def names_of(paragraphs: list[ParagraphChange], labels: dict) -> dict[str, dict[str, str]]:
    """Gives {"old": {id: short name}, "new": {id: short name}} of every paragraph compared."""
    names: dict[str, dict[str, str]] = {"old": {}, "new": {}}
    for p in paragraphs:
        for side, pid, number in (("old", p.old, p.old_number), ("new", p.new, p.new_number)):
            if pid:
                names[side][pid] = paragraph_label(p.kind, pid, number, labels)
    return names


def due_text(due: list[dict], labels: dict) -> str:
    """Gives when something is due as printed ("at its eightieth session"), or the sign for "not stated"."""
    texts = []
    for d in due:
        text = d.get("text") or (labels["formats"]["due_session"].format(n=d["session"]) if d.get("session") else "")
        text = text or d.get("date") or ""
        if text and text not in texts:
            texts.append(text)
    return "; ".join(texts) or labels["comparison"]["not_due"]


def _asks(asks: list[dict], side: str, names: dict, labels: dict) -> list[Row]:
    """One row per task of a paragraph, its actors joined ("Member States; UNODC")."""
    rows: dict[tuple, Row] = {}
    for a in asks:
        key = (a["paragraph"], a["kind"], a["task"])
        if key in rows:
            rows[key].cells[0] += "; " + a["actor"]
            continue
        where = names[side].get(a["paragraph"], a["paragraph"])
        rows[key] = Row([a["actor"], shorten(a["task"]), due_text(a["due"], labels), where], a["paragraph"], side)
    return list(rows.values())


def _verb(verb: str, force: Optional[int], labels: dict) -> str:
    return labels["comparison"]["formats"]["verb"].format(verb=verb, force=force) if force else verb


def meaning_rows(c: Comparison, labels: dict) -> MeaningRows:
    """Gives the tables of what a comparison's changes mean, in the order of the later text."""
    L = labels["comparison"]
    names = names_of(c.paragraphs, labels)
    m = c.meaning or {}
    verbs = [
        Row(
            [
                names["new"].get(v["new"], v["new"]),
                _verb(v["old_verb"], v["old_force"], labels),
                _verb(v["new_verb"], v["new_force"], labels),
                L["verb_changes"][v["change"]],
            ],
            v["new"],
            at=0,
        )
        for v in m.get("verbs") or []
    ]
    deadlines: dict[tuple, Row] = {}
    for d in m.get("deadlines") or []:
        key = (d["new"], d["task"], d["change"])
        if key in deadlines:
            deadlines[key].cells[0] += "; " + d["actor"]
            continue
        deadlines[key] = Row(
            [
                d["actor"],
                shorten(d["task"]),
                due_text(d["old_due"], labels),
                due_text(d["new_due"], labels),
                L["deadline_changes"][d["change"]],
                names["new"].get(d["new"], d["new"]),
            ],
            d["new"],
        )
    actions = []
    for side, key in (("new", "added"), ("old", "dropped")):
        for a in (m.get("actions") or {}).get(key) or []:
            where = names[side].get(a["paragraph"], a["paragraph"])
            actors = "; ".join(a.get("addressees") or []) or L["not_due"]
            change = L["action_changes"][key]
            actions.append(
                Row([where, _verb(a["verb"], a["force"], labels), actors, change], a["paragraph"], side, at=0)
            )
    notes = m.get("footnotes") or {}
    footnotes = [
        Row([names["new"].get(x["new"], x["new"]), L["statuses"]["modified"]], x["new"])
        for x in notes.get("modified") or []
    ]
    footnotes += [Row([names["new"].get(x, x), L["statuses"]["added"]], x) for x in notes.get("added") or []]
    footnotes += [Row([names["old"].get(x, x), L["statuses"]["removed"]], x, "old") for x in notes.get("removed") or []]
    refs = m.get("references") or {}
    return MeaningRows(
        headline=[(k, L["headline"][k], n) for k, n in headline(m).items()],
        verbs=verbs,
        actions=actions,
        new_asks=_asks((m.get("asks") or {}).get("added") or [], "new", names, labels),
        dropped_asks=_asks((m.get("asks") or {}).get("dropped") or [], "old", names, labels),
        deadlines=list(deadlines.values()),
        footnotes=footnotes,
        references_added=[r["symbol"] for r in refs.get("added") or []],
        references_removed=[r["symbol"] for r in refs.get("removed") or []],
        names=names,
    )


def link_rows(rows: MeaningRows, anchors: dict[str, dict[str, str]]) -> None:
    """Sets each row's link to the element id of the paragraph it names ({side: {id: element id}})."""
    for row in [*rows.verbs, *rows.actions, *rows.new_asks, *rows.dropped_asks, *rows.deadlines, *rows.footnotes]:
        row.link = anchors.get(row.side, {}).get(row.paragraph or "")


# --- in a briefing pack --------------------------------------------------------------------------


@dataclass
class PackChanges:
    """What a briefing pack shows of a comparison with an earlier text (its predecessor, or its draft)."""

    symbol: str
    relation: str
    heading: str
    intro: str
    rows: MeaningRows
    marks: dict[str, str] = field(default_factory=dict)  # later text's paragraph id -> "modified" / "added"
    file: Optional[str] = None  # the comparison's files beside the pack, without extension ("comparison-A_RES_78_229")


def pack_changes(c: Comparison, labels: dict) -> PackChanges:
    """Gives the summary-page section and the paragraph marks of a comparison with an earlier text."""
    P = labels["comparison_in_pack"]
    symbol = c.old.symbol or c.old.file or ""
    counts = {k: c.summary.get(k, 0) for k in ("unchanged", "modified", "added", "removed")}
    rows = meaning_rows(c, labels)
    rows.headline = [h for h in rows.headline if h[2]]
    heading = P["headings"].get(c.relation, P["headings"]["versions"]).format(symbol=symbol)
    return PackChanges(
        symbol=symbol,
        relation=c.relation,
        heading=heading,
        intro=P["intro"].format(symbol=symbol, **counts),
        rows=rows,
        marks={p.new: p.status for p in c.paragraphs if p.new and p.status in ("modified", "added")},
    )


def element_id(prefix: str, pid: str) -> str:
    """Gives a safe element id for a paragraph id ("c-n-op5")."""
    return prefix + re.sub(r"[^A-Za-z0-9_-]", "-", pid)


def attach_changes(comparisons: list, files: list, find, labels: dict) -> list[PackChanges]:
    """Gives the pack's sections of what changed, marks the paragraphs the first comparison found modified or
    new (``para.change``, ``para.change_note``), and links every row to the pack's paragraph.

    ``files`` names each comparison's files beside the pack (or is empty); ``find(part index, paragraph id)``
    gives the pack's paragraph view (-1: the document's own text).
    """
    out = []
    for k, c in enumerate(comparisons):
        if not isinstance(c, Comparison):
            continue
        changes = pack_changes(c, labels)
        changes.file = str(files[k]) if k < len(files) and files[k] else None
        for row in [*changes.rows.verbs, *changes.rows.new_asks, *changes.rows.deadlines, *changes.rows.footnotes]:
            para = _find(find, row.paragraph) if row.side == "new" else None
            row.link = para.anchor if para is not None else None
        out.append(changes)
    if out:
        first = out[0]
        for pid, status in first.marks.items():
            para = _find(find, pid)
            if para is not None:
                para.change = status
                para.change_note = labels["comparison_in_pack"]["marks"][status].format(symbol=first.symbol)
    return out


def _find(find, pid: Optional[str]):
    if not pid:
        return None
    prefix, _, local = pid.rpartition("/")
    m = re.fullmatch(r"part(\d+)", prefix)
    return find(int(m.group(1)) - 1 if m else -1, local)
