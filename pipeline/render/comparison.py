"""The comparison of two texts as comparison.html and comparison.pdf, and its marks in a briefing pack.

:func:`comparison_view` turns a :class:`~pipeline.compare.comparison.Comparison`
into the view the writers walk: the two sides, the counts, what the changes
mean, and every paragraph with its words cut into lines of equal, inserted
and deleted runs.  ``comparison.html.j2`` lays it out (``<ins>`` and
``<del>``, underlined and struck through, each announced to screen readers
by a hidden label, so nothing rests on colour alone); the PDF is that page
laid out by WeasyPrint, as the packs are.  The tables of what changed come
from :mod:`pipeline.render.changes`.  Wording comes from the ``comparison``
entry of labels.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from markupsafe import Markup

from pipeline import __version__
from pipeline.compare.comparison import Comparison, ParagraphChange, comparison_json
from pipeline.config import Config
from pipeline.render.changes import MeaningRows, Row, element_id, link_rows, meaning_rows
from pipeline.render.html import _stylesheet, inline_css, make_environment
from pipeline.render.pdf import archival_pdf
from pipeline.render.view import FALLBACK_DATE, fixed_datetime, format_date, load_labels

TEMPLATE = "comparison.html.j2"
CSS = "comparison.css"
OUTPUT_NAMES = {
    "json": "comparison.json",
    "html": "comparison.html",
    "pdf": "comparison.pdf",
    "docx": "comparison.docx",
}


@dataclass
class Piece:
    """A run of one line of a paragraph: its op ("equal", "insert", "delete"), words, and whether it is a label."""

    op: str
    text: str
    label: bool = False


@dataclass
class ParagraphView:
    """One paragraph of the comparison: its label, status words, notes and its text as lines of pieces."""

    key: str  # element id
    kind: str
    status: str
    label: str  # "OP5"
    status_word: str  # "modified"
    notes: list[str]  # "was OP4", "moved", "split from OP7", "62% of words kept"
    lines: list[list[Piece]]
    moved: bool = False
    number: str = ""  # the number or label printed before the words ("5.", "(a)", a footnote's marker)


@dataclass
class ComparisonView:
    """Everything comparison.html, .pdf and .docx show, in reading order."""

    labels: dict
    language: str
    symbol: str  # the later text's symbol (running head)
    title: str
    relation: str
    sides: list[tuple[str, list[tuple[str, str]]]]  # (heading, [(label, value)])
    counts: list[tuple[str, str, int]]  # (key, label, count)
    rows: MeaningRows
    amendment: list[Row]
    amendment_note: Optional[str]
    sections: list[tuple[str, str, list[ParagraphView]]]  # (kind, heading, paragraphs)
    warnings: list[str]
    date: str
    version: str = __version__
    author: str = "resbrief"
    several_parts: bool = False  # the DOCX styles of the packs ask for it


def printed_number(p: ParagraphChange, labels: dict) -> str:
    """Gives the number printed before a paragraph's words: the later text's, the earlier one's for a deleted one."""
    number = p.new_number if p.new else p.old_number
    if not number:
        return ""
    if p.kind == "operative":
        return labels["formats"]["operative_number"].format(number=number)
    return str(number)


def _lines(p: ParagraphChange) -> list[list[Piece]]:
    """Cuts a paragraph's runs into printed lines (a sub-paragraph starts a line)."""
    if p.status == "modified":
        runs = [(c.op, c.text, c.label) for c in p.changes]
    else:
        op = {"added": "insert", "removed": "delete"}.get(p.status, "equal")
        runs = [(op, p.text, False)]
    lines: list[list[Piece]] = [[]]
    for op, text, label in runs:
        for k, chunk in enumerate(text.split("\n")):
            if k:
                lines.append([])
            if chunk:
                lines[-1].append(Piece(op, chunk, label))
    return [line for line in lines if line] or [[Piece("equal", "")]]


def _notes(p: ParagraphChange, labels: dict, names: dict) -> list[str]:
    f = labels["comparison"]["formats"]
    out = []
    old_label, new_label = names["old"].get(p.old or ""), names["new"].get(p.new or "")
    if p.old and p.new and old_label != new_label:
        out.append(f["was"].format(label=old_label))
    if p.moved:
        out.append(labels["comparison"]["statuses"]["moved"])
    if p.split_from:
        out.append(f["split_from"].format(label=names["old"].get(p.split_from, p.split_from)))
    if p.merged_into:
        out.append(f["merged_into"].format(label=names["new"].get(p.merged_into, p.merged_into)))
    if len(p.merged) > 1:
        out.append(f["merged"].format(labels=", ".join(names["old"].get(m, m) for m in p.merged)))
    if p.status == "modified" and p.similarity is not None:
        out.append(f["similarity"].format(n=round(100 * p.similarity)))
    return out


def _anchor(p: ParagraphChange) -> str:
    return element_id("c-n-", p.new) if p.new else element_id("c-o-", p.old or "")


def _amendment(c: Comparison, labels: dict) -> tuple[list[Row], Optional[str]]:
    L = labels["comparison"]
    rows, note = [], None
    if not c.amendment:
        return rows, note
    for i in c.amendment.get("instructions") or []:
        status = L["instruction_statuses"].get(i["status"], i["status"])
        applied = i.get("target") and i["status"] != "not applied"
        where = L["formats"]["applied_to"].format(target=i["target"]) if applied else ""
        rows.append(
            Row([L["formats"]["instruction"].format(number=i["number"]), i["text"], status, where, i.get("note") or ""])
        )
    if c.amendment.get("amends"):
        note = L["formats"]["amends"].format(symbol=c.amendment.get("symbol"), target=c.amendment["amends"])
        if c.amendment["amends"] != c.amendment.get("draft"):
            note += " " + L["formats"]["applied_draft"].format(draft=c.amendment.get("draft"))
    return rows, note


def comparison_view(c: Comparison, labels: dict) -> ComparisonView:
    """Gives the format-neutral view of a comparison."""
    L = labels["comparison"]
    rows = meaning_rows(c, labels)
    names = rows.names
    anchors: dict[str, dict[str, str]] = {"old": {}, "new": {}}
    sections: dict[str, list[ParagraphView]] = {}
    for p in c.paragraphs:
        for side, pid in (("old", p.old), ("new", p.new)):
            if pid:
                anchors[side][pid] = _anchor(p)
        label = names["new"].get(p.new or "") or names["old"].get(p.old or "") or ""
        sections.setdefault(p.kind, []).append(
            ParagraphView(
                key=_anchor(p),
                kind=p.kind,
                status=p.status,
                label=label,
                status_word=L["statuses"][p.status],
                notes=_notes(p, labels, names),
                lines=_lines(p),
                moved=p.moved,
                number=printed_number(p, labels),
            )
        )
    link_rows(rows, anchors)
    amendment, note = _amendment(c, labels)
    if c.relation == "amendment" and c.amendment:
        title = L["title_amendment"].format(old=c.old.symbol or "", amendment=c.amendment.get("symbol") or "")
    else:
        title = L["title"].format(old=c.old.symbol or "", new=c.new.symbol or "")
    date = next((d for d in (c.new.date_adopted, c.new.date_issued, c.old.date_adopted, c.old.date_issued) if d), None)
    fixed = ("unchanged", "modified", "added", "removed")
    counts = [(k, L["counts"][k], n) for k, n in c.summary.items() if k in L["counts"] and (n or k in fixed)]
    return ComparisonView(
        labels=labels,
        language=labels.get("language", "en"),
        symbol=c.new.symbol or "",
        title=title,
        relation=L["relations"].get(c.relation, L["relations"]["versions"]),
        sides=[(L["old"], _side_rows(c.old, labels)), (L["new"], _side_rows(c.new, labels))],
        counts=counts,
        rows=rows,
        amendment=amendment,
        amendment_note=note,
        sections=[
            (k, L["sections"][k], sections[k]) for k in ("preamble", "operative", "annex", "footnote") if k in sections
        ],
        warnings=list(c.warnings),
        date=date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else FALLBACK_DATE,
        author=L["change_author"],
    )


def _side_rows(side, labels: dict) -> list[tuple[str, str]]:
    names = labels["comparison"]["side_rows"]
    months = labels["months"]
    values = [
        ("symbol", side.symbol),
        ("title", side.title),
        ("document_type", side.document_type),
        ("date_adopted", format_date(side.date_adopted, months)),
        ("date_issued", format_date(side.date_issued, months)),
        ("file", side.file),
    ]
    return [(names[k], str(v)) for k, v in values if v]


# --- HTML and PDF ----------------------------------------------------------------------------


def comparison_stylesheet(view: ComparisonView, config: Config, paged: bool = False) -> Markup:
    """Gives the comparison's CSS: the brief's (with its paged media for the PDF), then comparison.css."""
    env = make_environment(Path(config.templates), config.custom_templates)
    running = {**view.labels, "brief": view.labels["comparison"]["kicker"]}  # the running head names the comparison
    return _stylesheet(env, running, paged) + inline_css(env.get_template(CSS).render(labels=view.labels))


def _comparison_page(view: ComparisonView, config: Config, paged: bool, css: str) -> str:
    env = make_environment(Path(config.templates), config.custom_templates)
    return env.get_template(TEMPLATE).render(v=view, labels=view.labels, css=css, paged=paged)


def comparison_html(c: Comparison, config: Config, paged: bool = False) -> str:
    """Gives the HTML text of the comparison (``paged`` for the PDF's layout), its stylesheet inlined."""
    view = comparison_view(c, load_labels(Path(config.templates)))
    return _comparison_page(view, config, paged, comparison_stylesheet(view, config, paged))


def write_comparison_html(c: Comparison, path: Path, config: Config) -> Path:
    """Gives the path of the written comparison.html (UTF-8, LF line ends)."""
    path.write_text(comparison_html(c, config), encoding="utf-8", newline="\n")
    return path


def comparison_pdf(c: Comparison, config: Config) -> bytes:
    """Gives the PDF bytes of the comparison (same input, same bytes), laid out by WeasyPrint as the packs are:
    PDF/A-3b, tagged, PDF/UA-1, with comparison.json attached."""
    view = comparison_view(c, load_labels(Path(config.templates)))
    data = comparison_json(c).encode("utf-8")
    return archival_pdf(
        _comparison_page(view, config, True, css=""),
        comparison_stylesheet(view, config, paged=True),
        config,
        data,
        fixed_date(view),
        name=OUTPUT_NAMES["json"],
        description="The comparison as data (resbrief JSON)",
        relationship="Data",
    )


def write_comparison_pdf(c: Comparison, path: Path, config: Config) -> Path:
    """Gives the path of the written comparison.pdf."""
    path.write_bytes(comparison_pdf(c, config))
    return path


def fixed_date(view: ComparisonView):
    """Gives the fixed time stamped into the files and the tracked changes: midnight UTC of the later text's date."""
    return fixed_datetime(view.date)
