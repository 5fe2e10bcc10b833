"""comparison.docx: the comparison as a Word document whose changes are real tracked changes.

Every inserted run is a ``w:ins`` and every deleted run a ``w:del`` (its words
in ``w:delText``), by the author "resbrief" (labels.json) and dated from the
later text (its adoption or issue date, at midnight UTC), so the bytes stay
the same for the same input.  Word's Review pane and LibreOffice's Manage
Changes list each change and can accept or reject it: accepting them all
leaves the later text, rejecting them all the earlier one.  A paragraph's
number (or label) is printed before its words as the later text numbers it
(the earlier one for a deleted paragraph); the line above each paragraph
says what happened to it ("OP5 · modified · was OP4 · moved").  The styles
are the briefing pack's (:func:`pipeline.render.docx.setup_styles`).
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pipeline.compare.comparison import Comparison
from pipeline.config import Config
from pipeline.render.changes import Row
from pipeline.render.comparison import ComparisonView, ParagraphView, comparison_view, fixed_date
from pipeline.render.docx import add_table, normalise_zip, page_setup, set_properties, setup_styles, xml_safe
from pipeline.render.view import load_labels

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TEXT_STYLE = "Compared Text"
STATUS_STYLE = "Change Status"


class Revisions:
    """Numbers the tracked changes and stamps each with the author and the fixed date."""

    def __init__(self, author: str, date: str):
        self.author, self.date, self.next_id = author, date, 1

    def mark(self, tag: str):
        """Gives a new ``w:ins`` or ``w:del`` element with its id, author and date."""
        node = OxmlElement(tag)
        node.set(qn("w:id"), str(self.next_id))
        node.set(qn("w:author"), self.author)
        node.set(qn("w:date"), self.date)
        self.next_id += 1
        return node


def _run(text: str, deleted: bool, bold: bool = False):
    """Gives a ``w:r`` holding the text, line breaks as ``w:br`` (``w:delText`` when deleted)."""
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    for k, chunk in enumerate(text.split("\n")):
        if k:
            run.append(OxmlElement("w:br"))
        if chunk:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.text = xml_safe(chunk)
            t.set(XML_SPACE, "preserve")
            run.append(t)
    return run


def add_tracked(paragraph, op: str, text: str, revisions: Revisions, bold: bool = False) -> None:
    """Appends a run to a Word paragraph: plain for equal words, inside ``w:ins`` or ``w:del`` otherwise."""
    if not text:
        return
    if op == "equal":
        paragraph._p.append(_run(text, False, bold))
        return
    holder = revisions.mark("w:ins" if op == "insert" else "w:del")
    holder.append(_run(text, op == "delete", bold))
    paragraph._p.append(holder)


def _styles(doc) -> None:
    text = doc.styles.add_style(TEXT_STYLE, 1)
    text.base_style = doc.styles["Normal"]
    text.font.size = Pt(11.5)
    text.paragraph_format.space_after = Pt(10)
    text.paragraph_format.left_indent = Mm(4)
    status = doc.styles.add_style(STATUS_STYLE, 1)
    status.base_style = doc.styles["Normal"]
    status.font.size = Pt(8.5)
    status.font.color.rgb = docx.shared.RGBColor(0x4D, 0x4D, 0x4D)
    status.paragraph_format.space_after = Pt(1)
    status.paragraph_format.keep_with_next = True


def _number(p: ParagraphView) -> str:
    return p.number + "\t" if p.number else ""


def write_paragraph(doc, p: ParagraphView, revisions: Revisions) -> None:
    """The line saying what happened to a paragraph, then its words with their tracked changes."""
    status = doc.add_paragraph(style=STATUS_STYLE)
    status.add_run(xml_safe(p.label)).bold = True
    status.add_run(xml_safe(" · " + " · ".join([p.status_word, *p.notes])))
    para = doc.add_paragraph(style=TEXT_STYLE)
    whole = {"added": "insert", "removed": "delete"}.get(p.status)
    add_tracked(para, whole or "equal", _number(p), revisions)
    for k, line in enumerate(p.lines):
        for piece in line:
            text = ("\n" if k and piece is line[0] else "") + piece.text
            add_tracked(para, piece.op, text, revisions)


def _table(doc, headers: list[str], rows: list[Row], widths_mm: list[int]) -> None:
    add_table(doc, headers, [r.cells for r in rows], [Mm(w) for w in widths_mm])


def write_summary(doc, v: ComparisonView) -> None:
    """Counts, what the changes mean, the amendment's instructions, points to check."""
    L = v.labels["comparison"]
    S, C = L["sections"], L["columns"]
    doc.add_heading(S["summary"], level=1)
    doc.add_heading(S["counts"], level=2)
    add_table(doc, ["", ""], [[label, str(n)] for _, label, n in v.counts], [Mm(70), Mm(30)])
    doc.add_heading(S["meaning"], level=2)
    for _, label, n in v.rows.headline:
        doc.add_paragraph(f"{n} {label}", style="List Bullet")
    if v.amendment:
        doc.add_heading(S["amendment"], level=2)
        if v.amendment_note:
            doc.add_paragraph(xml_safe(v.amendment_note))
        _table(doc, ["", C["task"], C["status"], C["where"], C["note"]], v.amendment, [20, 62, 20, 26, 38])
    for key, rows, headers, widths in (
        ("verbs", v.rows.verbs, [C["paragraph"], C["verb_old"], C["verb_new"], C["change"]], [22, 56, 56, 32]),
        ("actions", v.rows.actions, [C["paragraph"], C["verb"], C["actors"], C["change"]], [22, 56, 62, 26]),
        ("new_asks", v.rows.new_asks, [C["actor"], C["task"], C["due"], C["paragraph"]], [36, 82, 30, 18]),
        ("dropped_asks", v.rows.dropped_asks, [C["actor"], C["task"], C["due"], C["paragraph"]], [36, 82, 30, 18]),
        (
            "deadlines",
            v.rows.deadlines,
            [C["actor"], C["task"], C["due_old"], C["due_new"], C["change"], C["paragraph"]],
            [26, 60, 28, 28, 14, 14],
        ),
    ):
        doc.add_heading(S[key], level=2)
        if rows:
            _table(doc, headers, rows, widths)
        else:
            doc.add_paragraph(L["none"])
    doc.add_heading(S["references"], level=2)
    if v.rows.references_added or v.rows.references_removed:
        for label, symbols in (
            (L["headline"]["references_added"], v.rows.references_added),
            (L["headline"]["references_removed"], v.rows.references_removed),
        ):
            if symbols:
                para = doc.add_paragraph()
                para.add_run(label + ": ").bold = True
                para.add_run(xml_safe(", ".join(symbols)))
    else:
        doc.add_paragraph(L["none"])
    if v.rows.footnotes:
        doc.add_heading(S["footnotes"], level=2)
        _table(doc, [C["paragraph"], C["change"]], v.rows.footnotes, [60, 60])
    if v.warnings:
        doc.add_heading(S["warnings"], level=2)
        for w in v.warnings:
            doc.add_paragraph(xml_safe(w), style="List Bullet")


def docx_bytes(c: Comparison, config: Config) -> bytes:
    """Gives the bytes of comparison.docx (same input, same bytes)."""
    v = comparison_view(c, load_labels(Path(config.templates)))
    L = v.labels["comparison"]
    doc = docx.Document()
    setup_styles(doc, v)
    _styles(doc)
    page_setup(doc, _running(v))
    doc.add_paragraph(L["kicker"], style="Brief Kicker")
    if v.symbol:
        doc.add_paragraph(xml_safe(v.symbol), style="Document Symbol")
    doc.add_paragraph(xml_safe(v.title), style="Resolution Title")
    doc.add_paragraph(xml_safe(v.relation))
    for heading, rows in v.sides:
        doc.add_heading(xml_safe(heading), level=2)
        add_table(doc, ["", ""], [[label, value] for label, value in rows], [Mm(40), Mm(126)])
    write_summary(doc, v)
    doc.add_heading(L["sections"]["text"], level=1)
    doc.add_paragraph(L["legend_docx"], style="Summary Note")
    revisions = Revisions(v.author, fixed_date(v).strftime("%Y-%m-%dT%H:%M:%SZ"))
    for _, heading, paragraphs in v.sections:
        doc.add_heading(xml_safe(heading), level=2)
        for p in paragraphs:
            write_paragraph(doc, p, revisions)
    doc.add_paragraph(L["footer"], style="Colophon")
    set_properties(doc, v, c.new)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def _running(v: ComparisonView) -> ComparisonView:
    """The view with the running head naming the comparison instead of the briefing note."""
    return dataclasses.replace(v, labels={**v.labels, "brief": v.labels["comparison"]["kicker"]})


def write_comparison_docx(c: Comparison, path: Path, config: Config) -> Path:
    """Gives the path of the written comparison.docx."""
    path.write_bytes(docx_bytes(c, config))
    return path
