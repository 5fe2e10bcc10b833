"""DOCX brief: the same design as the HTML, built with python-docx.

python-docx has no footnote API, so the footnotes part (word/footnotes.xml,
its relationship and content type) is written here.  Wording comes from
labels.json; the bytes are fixed for a given input (core dates from the
document, ZIP entries in a fixed order with fixed timestamps).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part as OpcPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from pipeline.config import Config
from pipeline.errors import without_unsafe
from pipeline.model import Resolution
from pipeline.render.view import (
    AnnexView,
    BriefView,
    HeadingView,
    NoteView,
    ParaView,
    PartView,
    Run,
    build_view,
    fixed_datetime,
    iter_paragraphs,
    load_labels,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
SERIF = "Liberation Serif"
MONO = "Liberation Mono"
ACCENT = RGBColor(0x1D, 0x4F, 0x7C)
MUTED = RGBColor(0x4D, 0x4D, 0x4D)
INDENT = Mm(10)
MARGIN = Mm(22)
TEXT_WIDTH = Mm(210 - 2 * 22)
TABLE_WIDTH = TEXT_WIDTH - Mm(4)  # Word draws cell padding outside a table's first column: keep it inside
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Schema order of the w:pPr children (ECMA-376 CT_PPr).
PPR_ORDER = tuple(
    "w:" + t
    for t in (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
        "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
        "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr "
        "sectPr pPrChange"
    ).split()
)


def xml_safe(text: str) -> str:
    """Gives the text without the control characters XML cannot hold, nor direction overrides."""
    return without_unsafe(text)


# --- styles --------------------------------------------------------------------


def _set_font(style, name: str) -> None:
    """Sets a style's font on every script slot and drops theme font links."""
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{slot}"), name)
    for slot in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        rfonts.attrib.pop(qn(f"w:{slot}"), None)


def _add_in_order(ppr, node) -> None:
    """Inserts a pPr child where the schema wants it (Word rejects misordered XML)."""
    tag = next(t for t in PPR_ORDER if qn(t) == node.tag)
    ppr.insert_element_before(node, *PPR_ORDER[PPR_ORDER.index(tag) + 1 :])


def _outline_level(style, level: int) -> None:
    node = OxmlElement("w:outlineLvl")
    node.set(qn("w:val"), str(level))
    _add_in_order(style.element.get_or_add_pPr(), node)


def _bottom_rule(style, colour: str = str(ACCENT), size: int = 12, space: int = 12) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", colour)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    _add_in_order(style.element.get_or_add_pPr(), borders)


def _paragraph_style(doc, name: str, size: float, *, base: str = "Normal", style_id=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.font.size = Pt(size)
    if style_id:
        style.element.set(qn("w:styleId"), style_id)
    return style


def _language(doc, language: str) -> None:
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    rpr.append(lang)


def _heading_styles(doc, several_parts: bool) -> None:
    """Looks by role: pack section (Summary, Annotated text, Appendix), part title,
    section label (Preamble...), heading inside the text."""
    section_level = 3 if several_parts else 2
    for level in (1, 2, 3, 4, 5):
        h = doc.styles[f"Heading {level}"]
        _set_font(h, SERIF)
        h.font.bold = True
        h.font.italic = False
        h.paragraph_format.space_after = Pt(6)
        h.paragraph_format.keep_with_next = True
        if level == 1:  # Summary, Annotated text, Appendix
            h.font.size, h.font.color.rgb, h.font.all_caps = Pt(13), RGBColor(0x1B, 0x1B, 0x1B), False
            h.paragraph_format.space_before = Pt(0)
            h.paragraph_format.page_break_before = False  # the text follows the contents: no half-empty pages
            _bottom_rule(h, size=8, space=2)
        elif level < section_level:  # part title
            h.font.size, h.font.color.rgb = Pt(14), RGBColor(0x1B, 0x1B, 0x1B)
            h.paragraph_format.space_before = Pt(6)
        elif level == section_level:  # section label
            h.font.size, h.font.color.rgb, h.font.all_caps = Pt(10), ACCENT, True
            h.paragraph_format.space_before = Pt(10)
            _bottom_rule(h, colour="B9C3CC", size=4, space=1)
        else:  # heading inside the text
            h.font.size, h.font.color.rgb = Pt(11.5), RGBColor(0x1B, 0x1B, 0x1B)
            h.paragraph_format.space_before = Pt(12)
            h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _remember_style_ids(doc) -> None:
    """Makes the document look up a style's id by name once: python-docx finds it by scanning every style for the
    default of its type on each assignment (8.5 of 12.4 s of the DOCX of A/RES/79/1)."""
    part, ids = doc.part, {}
    find = part.get_style_id

    def get_style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return find(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in ids:
            ids[key] = find(style_or_name, style_type)
        return ids[key]

    part.get_style_id = get_style_id


def setup_styles(doc, view: BriefView) -> None:
    """Defines the named styles of the brief (fonts, sizes, indents, colours)."""
    _remember_style_ids(doc)
    normal = doc.styles["Normal"]
    _set_font(normal, SERIF)
    normal.font.size = Pt(10)  # the UN's printed body size
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.0
    _language(doc, view.language)

    _heading_styles(doc, view.several_parts)

    kicker = _paragraph_style(doc, "Brief Kicker", 9.5)
    kicker.font.all_caps = True
    kicker.font.color.rgb = MUTED
    kicker.paragraph_format.space_before = Pt(0)
    symbol = _paragraph_style(doc, "Document Symbol", 15)
    symbol.font.bold = True
    symbol.font.color.rgb = ACCENT
    symbol.paragraph_format.space_after = Pt(4)
    title = _paragraph_style(doc, "Resolution Title", 13)
    title.font.bold = True
    title.paragraph_format.space_after = Pt(6)
    title.paragraph_format.keep_with_next = True
    _outline_level(title, 0)
    _bottom_rule(title)

    _paragraph_style(doc, "Cover Label", 10).font.color.rgb = MUTED
    _paragraph_style(doc, "Cover Value", 10)
    for name in ("Cover Label", "Cover Value"):
        doc.styles[name].paragraph_format.space_after = Pt(3)
        doc.styles[name].paragraph_format.space_before = Pt(3)

    enact = _paragraph_style(doc, "Enacting Formula", 10)
    enact.paragraph_format.first_line_indent = INDENT
    enact.paragraph_format.space_before = Pt(6)
    for name in ("Preambular Paragraph", "Operative Paragraph"):
        s = _paragraph_style(doc, name, 10)
        s.paragraph_format.first_line_indent = INDENT
        s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        s.paragraph_format.tab_stops.add_tab_stop(INDENT * 2)
    annex_text = _paragraph_style(doc, "Annex Text", 10)  # an unlabelled annex paragraph
    annex_text.paragraph_format.first_line_indent = INDENT
    annex_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    annex_para = _paragraph_style(doc, "Annex Paragraph", 10)  # label hanging in the margin
    annex_para.paragraph_format.left_indent = INDENT
    annex_para.paragraph_format.first_line_indent = -INDENT
    annex_para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    annex_para.paragraph_format.tab_stops.add_tab_stop(INDENT)
    sub = _paragraph_style(doc, "Subparagraph", 10)
    sub.paragraph_format.left_indent = INDENT * 2
    sub.paragraph_format.first_line_indent = -INDENT
    sub.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    note = _paragraph_style(doc, "footnote text", 8, style_id="FootnoteText")
    note.paragraph_format.space_after = Pt(2)
    note.paragraph_format.line_spacing = 1.0
    note.paragraph_format.left_indent = Mm(7)
    note.paragraph_format.first_line_indent = -Mm(7)
    for name, style_id, kind in (
        ("annotation reference", "CommentReference", WD_STYLE_TYPE.CHARACTER),  # Word's comments name these
        ("annotation text", "CommentText", WD_STYLE_TYPE.PARAGRAPH),
    ):
        if name not in [st.name for st in doc.styles]:
            doc.styles.add_style(name, kind).element.set(qn("w:styleId"), style_id)
    ref = doc.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    ref.element.set(qn("w:styleId"), "FootnoteReference")
    ref.font.superscript = True
    loose = _paragraph_style(doc, "Note List", 8, base="footnote text")
    loose.font.size = Pt(8)

    muted = _paragraph_style(doc, "Colophon", 8.5)
    muted.font.color.rgb = MUTED
    muted.paragraph_format.space_before = Pt(4)
    running = _paragraph_style(doc, "Running Head", 8)
    running.font.color.rgb = MUTED
    running.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _set_font(doc.styles["List Bullet"], SERIF)
    doc.styles["List Bullet"].paragraph_format.space_after = Pt(2)  # a list's lines close together, as printed
    cell = _paragraph_style(doc, "Table Text", 9)
    cell.paragraph_format.space_after = Pt(1)
    cell.paragraph_format.line_spacing = 1.0
    gap = _paragraph_style(doc, "Table Gap", 5)  # the paragraph Word needs after a table: a small gap, not a line
    gap.paragraph_format.space_after = Pt(0)
    gap.paragraph_format.line_spacing = 1.0
    head = _paragraph_style(doc, "Table Heading", 8.5, base="Table Text")
    head.font.bold = True
    head.font.color.rgb = MUTED
    small = _paragraph_style(doc, "Summary Note", 9.5)
    small.font.color.rgb = MUTED
    toc = _paragraph_style(doc, "TOC Entry", 11)
    toc.paragraph_format.space_after = Pt(2)
    hyperlink = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = ACCENT
    hyperlink.font.underline = True


# --- footnotes part ------------------------------------------------------------


@dataclass
class Footnotes:
    """The Word footnotes collected while the body is written.

    When the cited markers run 1, 2, 3... Word's own numbering prints them;
    otherwise each reference carries the document's marker as a custom mark.
    """

    separator: str = ","
    notes: list[tuple[int, str, list]] = field(default_factory=list)  # number, marker, runs of its text
    runs: list = field(default_factory=list)

    def cite_all(self, paragraph, notes: list[NoteView]) -> None:
        """Adds the footnote references a paragraph carries, separated like '2,3'."""
        for i, note in enumerate(notes):
            if i:
                paragraph.add_run(self.separator).font.superscript = True
            self.cite(paragraph, note)

    def cite(self, paragraph, note: NoteView) -> None:
        """Adds a footnote reference to the end of a paragraph (a repeated call of a
        note that another paragraph carries is a superscript mark, not a second note)."""
        if note.repeat:
            run = paragraph.add_run(xml_safe(note.marker))
            run.style = "footnote reference"
            return
        number = len(self.notes) + 1
        self.notes.append((number, note.marker, note.runs or [Run(note.text)]))
        run = paragraph.add_run()
        run.style = "footnote reference"
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:customMarkFollows"), "1")
        ref.set(qn("w:id"), str(number))
        run._r.append(ref)
        text = OxmlElement("w:t")
        text.text = xml_safe(note.marker)
        run._r.append(text)
        self.runs.append(run._r)

    @property
    def start(self) -> int | None:
        """Gives k when the cited markers run k, k+1, k+2... in citation order, else None."""
        markers = [m.strip() for _, m, _ in self.notes]
        if not markers or not markers[0].isdigit():
            return None
        k = int(markers[0])
        return k if k >= 1 and markers == [str(k + i) for i in range(len(markers))] else None

    @property
    def auto_numbered(self) -> bool:
        """Gives True when Word's own numbering (starting at :attr:`start`) prints the markers.

        Auto-numbered footnotes are read the same by Word and LibreOffice; a custom
        mark is written into the note by Word but added a second time by LibreOffice
        ("4848"), so custom marks are kept for documents whose markers do not run on.
        """
        return self.start is not None

    def _use_auto_numbers(self) -> None:
        for r in self.runs:
            r.find(qn("w:footnoteReference")).attrib.pop(qn("w:customMarkFollows"))
            r.remove(r.find(qn("w:t")))

    def xml(self) -> bytes:
        """Gives word/footnotes.xml: separators, then one footnote per citation."""
        w = f"{{{W_NS}}}"
        root = etree.Element(w + "footnotes", nsmap={"w": W_NS})
        for number, kind, mark in (
            (-1, "separator", "separator"),
            (0, "continuationSeparator", "continuationSeparator"),
        ):
            fn = etree.SubElement(root, w + "footnote", {w + "type": kind, w + "id": str(number)})
            p = etree.SubElement(fn, w + "p")
            ppr = etree.SubElement(p, w + "pPr")
            etree.SubElement(ppr, w + "spacing", {w + "after": "0", w + "line": "240", w + "lineRule": "auto"})
            etree.SubElement(etree.SubElement(p, w + "r"), w + mark)
        for number, _marker, runs in self.notes:
            fn = etree.SubElement(root, w + "footnote", {w + "id": str(number)})
            p = etree.SubElement(fn, w + "p")
            ppr = etree.SubElement(p, w + "pPr")
            etree.SubElement(ppr, w + "pStyle", {w + "val": "FootnoteText"})
            r = etree.SubElement(p, w + "r")
            rpr = etree.SubElement(r, w + "rPr")
            etree.SubElement(rpr, w + "rStyle", {w + "val": "FootnoteReference"})
            # The mark in the note itself is always Word's footnoteRef: with a custom
            # mark LibreOffice prints that mark there, and a literal copy would
            # print it twice ("4848").
            etree.SubElement(r, w + "footnoteRef")
            etree.SubElement(etree.SubElement(p, w + "r"), w + "tab")
            for run in runs:
                if not run.text:
                    continue
                r = etree.SubElement(p, w + "r")
                if run.italic:
                    etree.SubElement(etree.SubElement(r, w + "rPr"), w + "i")
                t = etree.SubElement(r, w + "t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
                t.text = xml_safe(run.text)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def attach(self, doc) -> None:
        """Adds the footnotes part to the package and declares it in the settings."""
        if self.auto_numbered:
            self._use_auto_numbers()
        part = OpcPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, self.xml(), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
        settings = doc.settings.element
        pr = OxmlElement("w:footnotePr")
        start = self.start
        if start and start != 1:
            for holder in (pr, _section_footnote_pr(doc)):
                node = OxmlElement("w:numStart")
                node.set(qn("w:val"), str(start))
                holder.append(node)
        for number in ("-1", "0"):
            ref = OxmlElement("w:footnote")
            ref.set(qn("w:id"), number)
            pr.append(ref)
        tab_stop = settings.find(qn("w:defaultTabStop"))
        if tab_stop is not None:  # justified text needs hyphenation, as in the PDF
            tab_stop.addnext(OxmlElement("w:autoHyphenation"))
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(pr)
        else:
            settings.append(pr)


def _section_footnote_pr(doc):
    """Gives the w:footnotePr of the last section (numbering is read from the section)."""
    sect = doc.sections[-1]._sectPr
    pr = sect.find(qn("w:footnotePr"))
    if pr is None:
        pr = OxmlElement("w:footnotePr")
        after = [qn("w:headerReference"), qn("w:footerReference")]
        last = None
        for child in sect:
            if child.tag in after:
                last = child
        if last is not None:
            last.addnext(pr)
        else:
            sect.insert(0, pr)
    return pr


# --- links, bookmarks, comments, tables -------------------------------------------


def bookmark_name(anchor: str) -> str:
    """Gives a Word bookmark name for an element id (letters, digits, underscores)."""
    return ("b_" + re.sub(r"[^A-Za-z0-9_]", "_", anchor))[:40]


@dataclass
class Extras:
    """What the body writer keeps across paragraphs: bookmark ids, the fixed date."""

    stamp: object
    author: str
    initials: str
    next_bookmark: int = 0

    def bookmark(self, paragraph, anchor: str) -> None:
        """Puts a bookmark around the whole paragraph (internal links point at it)."""
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.next_bookmark))
        start.set(qn("w:name"), bookmark_name(anchor))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.next_bookmark))
        self.next_bookmark += 1
        ppr = paragraph._p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(end)

    def comment(self, doc, runs: list, text: str) -> None:
        """Anchors a Word comment on the runs, with a fixed date."""
        if not runs:
            return
        c = doc.add_comment(runs, text=xml_safe(text), author=self.author, initials=self.initials)
        c._comment_elm.date = self.stamp


def add_link(paragraph, text: str, *, anchor: str | None = None, url: str | None = None) -> None:
    """Adds an internal (bookmark) or external (https) hyperlink run."""
    link = OxmlElement("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), bookmark_name(anchor))
    elif url:
        rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    rpr.append(style)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = xml_safe(text)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_links(paragraph, links: list) -> None:
    """Adds internal links, comma-separated, to a Word paragraph."""
    for i, link in enumerate(links):
        if i:
            paragraph.add_run(", ")
        add_link(paragraph, link.label, anchor=link.anchor)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    trpr.append(node)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def _fixed_layout(table, widths: list) -> None:
    """Gives a table a fixed layout as wide as its columns, starting at the text's left edge (never past the
    margins: the cell padding is taken inside the columns); the table properties stay in schema order."""
    table.autofit = False  # w:tblLayout fixed
    tblpr = table._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.insert(0, width)
    width.set(qn("w:w"), str(int(sum(widths) / 635)))
    width.set(qn("w:type"), "dxa")
    if tblpr.find(qn("w:tblInd")) is None:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), "0")
        indent.set(qn("w:type"), "dxa")
        later = [tblpr.find(qn(t)) for t in ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")]
        later = [e for e in later if e is not None]
        if later:
            later[0].addprevious(indent)
        else:
            tblpr.append(indent)
    for column, width in zip(table.columns, widths):
        column.width = width


def link_cell(where) -> object:
    """Gives a table cell that links to a paragraph, or an empty cell when there is none."""
    return (lambda para: add_link(para, where.label, anchor=where.anchor)) if where else ""


def add_table(doc, headers: list[str], rows: list[list], widths: list, header: bool = True) -> None:
    """A table inside the margins with a repeated header row; a cell is a string or a callable(paragraph)."""
    scale = min(1.0, TABLE_WIDTH / sum(widths))
    widths = [int(w * scale) for w in widths]
    table = doc.add_table(rows=1 if header else 0, cols=len(headers))
    table.style = doc.styles["Table Grid"] if "Table Grid" in [s.name for s in doc.styles] else None
    _fixed_layout(table, widths)
    if header:
        head = table.rows[0]
        _repeat_header(head)
        for cell, text, width in zip(head.cells, headers, widths):
            cell.width = width
            cell.paragraphs[0].style = "Table Heading"
            cell.paragraphs[0].add_run(text)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, value, width) in enumerate(zip(cells, values, widths)):
            cell.width = width
            para = cell.paragraphs[0]
            para.style = "Table Text"
            if callable(value):
                value(para)
            elif value:
                run = para.add_run(xml_safe(str(value)))
                run.bold = i == 0
    doc.add_paragraph(style="Table Gap")


# --- body ----------------------------------------------------------------------


def _field(paragraph, instruction: str) -> None:
    node = OxmlElement("w:fldSimple")
    node.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    node.append(run)
    paragraph._p.append(node)


def page_setup(doc, view: BriefView) -> None:
    """A4 pages, a cover without furniture, then the symbol and 'page x of y'."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.left_margin = section.right_margin = MARGIN
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    head.style = "Running Head"
    head.add_run(xml_safe(view.symbol or ""))
    head.add_run("\t" + view.labels["brief"]).font.all_caps = True
    foot = section.footer.paragraphs[0]
    foot.style = "Running Head"
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for token in re.split(r"(\{page\}|\{pages\})", view.labels["page_of"]):
        if token == "{page}":
            _field(foot, "PAGE")
        elif token == "{pages}":
            _field(foot, "NUMPAGES")
        elif token:
            foot.add_run(token)


def write_cover(doc, view: BriefView, notes: Footnotes) -> None:
    """The head of page 1: kicker, symbol, title and, for an untitled resolution, who adopted it when."""
    doc.add_paragraph(view.labels["brief"], style="Brief Kicker")
    if view.symbol:
        doc.add_paragraph(xml_safe(view.symbol), style="Document Symbol")
    title = doc.add_paragraph(xml_safe(view.title), style="Resolution Title")
    notes.cite_all(title, view.title_notes)
    if view.subtitle:
        doc.add_paragraph(xml_safe(view.subtitle), style="Summary Note")


def write_details(doc, view: BriefView) -> None:
    """The document's details (symbol, dates, meeting, source file and its SHA-256), for the appendix."""
    doc.add_heading(view.labels["cover"], level=2)
    table = doc.add_table(rows=0, cols=2)
    widths = (Mm(45), TABLE_WIDTH - Mm(45))
    _fixed_layout(table, widths)
    for row in view.cover:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = widths
        cells[0].paragraphs[0].style = "Cover Label"
        cells[0].paragraphs[0].add_run(row.label)
        for i, value in enumerate(row.values):
            p = cells[1].paragraphs[0] if i == 0 else cells[1].add_paragraph()
            p.style = "Cover Value"
            run = p.add_run(xml_safe(value))
            if row.key == "sha256":
                run.font.name = MONO
                run.font.size = Pt(8)
    for cell in (c for r in table.rows for c in r.cells):  # the table whole on one page, with the line under it
        for para in cell.paragraphs:
            para.paragraph_format.keep_with_next = True
    doc.add_paragraph(view.labels["footer"], style="Colophon")  # what the pack is not, under what names its source


def write_onepage(doc, view: BriefView) -> None:
    """The one-page brief: what the text does, Chapter VII, history, sponsors, vote, asks, dates, budget."""
    o, O, cols = view.onepage, view.labels["onepage"], view.labels["columns"]
    label = 3 if view.several_parts else 2  # the section label's look, whatever the parts
    doc.add_heading(O["heading"], level=1).paragraph_format.page_break_before = False  # on page 1, under the title
    doc.add_paragraph(xml_safe(o.structure)).runs[0].bold = True
    if o.does:
        doc.add_heading(O["does"], level=label)
        for line in o.does:
            para = doc.add_paragraph(xml_safe(line.text) + " ", style="List Bullet")
            if line.where:
                add_link(para, line.where.label, anchor=line.where.anchor)
    facts = []
    if o.chapter_vii:
        facts.append((O["chapter_vii"], o.chapter_vii))
    history = ([O["predecessor_line"].format(symbol=o.predecessor)] if o.predecessor else []) + o.changes
    if history:
        facts.append((O["predecessor"], "\n".join(history)))
    if o.sponsors:
        facts.append((O["sponsors"], ", ".join(o.sponsors)))
    facts.append((O["vote"], o.vote))
    add_table(doc, ["", ""], [[k, v] for k, v in facts], [Mm(35), Mm(131)], header=False)
    if o.asks:
        doc.add_heading(O["asks"], level=label)
        rows = [
            [
                a.actor,
                a.action,
                "; ".join(a.due) or view.labels["due_not_stated"],
                link_cell(a.where),
            ]
            for a in o.asks
        ]
        add_table(
            doc, [cols["actor"], cols["action"], cols["due"], cols["paragraph"]], rows, [Mm(32), Mm(76), Mm(30), Mm(28)]
        )  # the paragraph column holds "1/CP.21 OP11" on one line
        if o.more_asks:
            doc.add_paragraph(O["more_asks"].format(n=o.more_asks), style="Summary Note")
    if o.dates:
        doc.add_heading(O["dates"], level=label)
        rows = [
            [
                c.date,
                c.kind,
                c.actor,
                link_cell(c.where),
            ]
            for c in o.dates
        ]
        add_table(
            doc,
            [cols["date"], cols["date_kind"], cols["date_who"], cols["paragraph"]],
            rows,
            [Mm(34), Mm(28), Mm(76), Mm(28)],
        )
        if o.more_dates:
            doc.add_paragraph(O["more_dates"].format(n=o.more_dates), style="Summary Note")
    if o.budget:
        doc.add_heading(O["budget_heading"], level=label)
        for line in o.budget:
            doc.add_paragraph(xml_safe(line.text), style="List Bullet")


def _fld_char(paragraph, kind: str) -> None:
    run = OxmlElement("w:r")
    node = OxmlElement("w:fldChar")
    node.set(qn("w:fldCharType"), kind)
    run.append(node)
    paragraph._p.append(run)


def toc_entries(view: BriefView) -> list[tuple[int, str]]:
    """Gives the (level, text) headings the table of contents lists before Word updates it."""
    labels = view.labels["sections"]
    out = [(1, view.labels["onepage"]["heading"]), (1, labels["text"])]
    for part in view.parts:
        if part.heading:
            out.append((2, part.heading))
        elif part.preamble or part.operative or part.annexes:
            if part.preamble:
                out.append((2, labels["preamble"]))
            if part.operative:
                out.append((2, labels["operative"]))
            if part.annexes:
                out.append((2, labels["annexes"]))
                out.extend((3, a.toc) for a in part.annexes)
    out.append((1, labels["appendix"]))
    return out


def write_toc(doc, view: BriefView) -> None:
    """The contents: every heading of levels 1-3, written out at build time (no field to update)."""
    heading = doc.add_paragraph(view.labels["contents"], style="Brief Kicker")
    heading.paragraph_format.space_before = Pt(0)
    heading.paragraph_format.keep_with_next = True  # never alone at a page foot, away from its entries
    entries = toc_entries(view)
    for i, (level, text) in enumerate(entries):
        para = doc.add_paragraph(style="TOC Entry")
        para.paragraph_format.left_indent = Mm(6) * (level - 1)
        para.paragraph_format.keep_with_next = i < len(entries) - 1  # the list stays on one page
        para.add_run(xml_safe(text))


def write_summary(doc, view: BriefView, ex: Extras) -> None:
    """The summary page: counts, key asks, reports, the dated list, actions by force, references, warnings."""
    labels = view.labels
    sections, cols = labels["sections"], labels["columns"]
    s, o = view.summary, view.onepage
    write_details(doc, view)
    doc.add_heading(sections["counts"], level=2)
    add_table(doc, [cols["item"], cols["count"]], [[c.label, str(c.value)] for c in s.counts], [Mm(70), Mm(30)])
    write_changes(doc, view)
    if not s.has_annotations:
        doc.add_paragraph(labels["no_annotations"], style="Summary Note")
    else:
        if s.further_asks or s.more_asks:
            doc.add_heading(sections["further_asks"], level=2)
        if s.further_asks:
            doc.add_paragraph(labels["formats"]["further_asks"].format(n=len(o.asks)), style="Summary Note")
            rows = []
            for a in s.further_asks:
                where = a.where
                rows.append(
                    [
                        a.actor,
                        a.verb,
                        a.action + (f" ({a.budget})" if a.budget else ""),
                        "; ".join(a.due) or labels["not_due"],
                        link_cell(where),
                    ]
                )
            add_table(
                doc,
                [cols["actor"], cols["verb"], cols["action"], cols["due"], cols["paragraph"]],
                rows,
                [Mm(30), Mm(30), Mm(58), Mm(32), Mm(16)],
            )
        if s.more_asks:
            doc.add_paragraph(labels["formats"]["more_asks"].format(n=s.more_asks), style="Summary Note")
        if s.reports:
            doc.add_heading(sections["reports"], level=2)
            rows = []
            for r in s.reports:
                where = r.where
                rows.append(
                    [
                        r.actor,
                        r.verb,
                        r.action,
                        r.to or "",
                        "; ".join(r.due) or labels["due_not_stated"],
                        link_cell(where),
                    ]
                )
            add_table(
                doc,
                [
                    cols["report_actor"],
                    cols["verb"],
                    cols["report_task"],
                    cols["report_to"],
                    cols["report_due"],
                    cols["paragraph"],
                ],
                rows,
                [Mm(26), Mm(30), Mm(42), Mm(22), Mm(30), Mm(16)],
            )
        if s.calendar and o.more_dates:
            doc.add_heading(sections["calendar"], level=2)
            rows = [
                [
                    c.date,
                    c.kind,
                    c.actor,
                    c.verb,
                    c.action,
                    link_cell(c.where),
                ]
                for c in s.calendar
            ]
            add_table(
                doc,
                [
                    cols["date"],
                    cols["date_kind"],
                    cols["date_who"],
                    cols["verb"],
                    cols["date_what"],
                    cols["paragraph"],
                ],
                rows,
                [Mm(28), Mm(24), Mm(26), Mm(30), Mm(42), Mm(16)],
            )
        if s.by_force:
            doc.add_heading(sections["by_force"], level=2)
            add_table(
                doc,
                [cols["class"], cols["force"], cols["count"]],
                [[r.label, "" if r.force is None else str(r.force), str(r.count)] for r in s.by_force],
                [Mm(50), Mm(20), Mm(25)],
            )
            doc.add_paragraph(labels["force_note"], style="Summary Note")
    doc.add_heading(sections["warnings"], level=2)
    if s.warnings:
        doc.add_paragraph(labels["warnings_intro"])
        for warning in s.warnings:
            doc.add_paragraph(xml_safe(warning), style="List Bullet")
    else:
        doc.add_paragraph(labels["no_warnings"])


def write_changes(doc, view: BriefView) -> None:
    """What changed since each earlier text the pack is compared with: counts, asks, verbs, deadlines."""
    c = view.labels["comparison"]
    sections, cols = c["sections"], c["columns"]
    for ch in view.changes:
        doc.add_heading(xml_safe(ch.heading), level=2)
        doc.add_paragraph(xml_safe(ch.intro))
        if ch.file:
            doc.add_paragraph(
                xml_safe(view.labels["comparison_in_pack"]["files"].format(file=ch.file)), style="Summary Note"
            )
        for _, label, n in ch.rows.headline:
            doc.add_paragraph(f"{n} {label}", style="List Bullet")
        for key, rows, headers, widths in (
            ("new_asks", ch.rows.new_asks, ["actor", "task", "due", "paragraph"], (36, 82, 30, 18)),
            ("dropped_asks", ch.rows.dropped_asks, ["actor", "task", "due", "was"], (36, 82, 30, 18)),
            ("verbs", ch.rows.verbs, ["paragraph", "verb_old", "verb_new", "change"], (22, 56, 56, 32)),
            (
                "deadlines",
                ch.rows.deadlines,
                ["actor", "task", "due_old", "due_new", "change", "paragraph"],
                (26, 60, 28, 28, 14, 14),
            ),
        ):
            if rows:
                doc.add_heading(sections[key], level=3)
                add_table(doc, [cols[h] for h in headers], [r.cells for r in rows], [Mm(w) for w in widths])


def write_appendix(doc, view: BriefView, ex: Extras) -> None:
    """References with links, the footnotes no paragraph cites, the index of actors."""
    labels = view.labels
    sections, cols = labels["sections"], labels["columns"]
    doc.add_heading(sections["appendix"], level=1)
    write_summary(doc, view, ex)
    if view.references:
        doc.add_heading(sections["references"], level=2)
        rows = []
        for r in view.references:

            def first(para, r=r):
                ex.bookmark(para, r.key)
                if r.url:
                    add_link(para, r.symbol, url=r.url)
                else:
                    para.add_run(xml_safe(r.symbol))
                if r.date:
                    para.add_run(f" ({r.date})")

            rows.append([first, r.kind, lambda para, r=r: add_links(para, r.cited_in)])
        add_table(doc, [cols["document"], cols["kind"], cols["cited_in"]], rows, [Mm(62), Mm(28), Mm(76)])
    loose = [(part, part.loose_notes) for part in view.parts if part.loose_notes]
    if loose:
        doc.add_heading(sections["footnotes"], level=2)
        for part, notes in loose:
            if part.heading and view.several_parts:
                doc.add_heading(xml_safe(part.heading), level=3)
            for note in notes:
                add_styled(doc.add_paragraph(xml_safe(f"{note.marker}\t"), style="Note List"), note.runs, note.text)
    write_note_table(doc, view)
    if view.actors:
        doc.add_heading(sections["actors"], level=2)
        add_table(
            doc,
            [cols["actor"], cols["paragraphs"]],
            [[a.name, lambda para, a=a: add_links(para, a.cited_in)] for a in view.actors],
            [Mm(60), Mm(106)],
        )


def write_note_table(doc, view: BriefView) -> None:
    """Every margin note as a table row beside its paragraph's name: the notes a printout keeps (Word prints
    comments only when asked)."""
    labels = view.labels
    rows = []
    for part in view.parts:
        items = list(iter_paragraphs(part.items)) + [i for a in part.annexes for i in a.items]
        for p in items:
            lines = [a.line for a in getattr(p, "annotations", []) if a.line]
            if getattr(p, "refs", None):
                lines.append(doc_refs_line(p, doc))
            if lines:
                rows.append([p.label, "\n".join(lines)])
    if rows:
        doc.add_heading(labels["sections"]["margin_notes"], level=2)
        add_table(doc, [labels["columns"]["paragraph"], labels["columns"]["note"]], rows, [Mm(22), Mm(144)])


def write_paragraph(doc, p: ParaView, notes: Footnotes, ex: Extras) -> None:
    """One paragraph: number or label, the text in runs (italic opening words, each
    footnote reference where its marker was printed), a comment for each annotation
    anchored on the words it explains; then its sub-paragraphs."""
    style = {"pp": "Preambular Paragraph", "op": "Operative Paragraph", "sub": "Subparagraph"}[p.kind]
    if p.change_note:
        doc.add_paragraph(xml_safe(p.change_note), style="Summary Note").paragraph_format.keep_with_next = True
    para = doc.add_paragraph(style=style)
    if p.kind == "sub" and p.depth > 1:
        para.paragraph_format.left_indent = INDENT * (p.depth + 1)
    if p.number:
        para.add_run(xml_safe(p.number) + "\t")
    _commented_runs(doc, para, p, notes, ex)
    for sub in p.subs:
        write_paragraph(doc, sub, notes, ex)


def _commented_runs(doc, para, p: ParaView, notes: Footnotes, ex: Extras) -> None:
    """The text in runs (italic opening words, footnote references where printed), bookmarked,
    with a comment for each annotation anchored on the words it explains."""
    # A comment never spans a footnote reference: LibreOffice then mixes up the
    # footnotes' texts.  Runs are grouped into stretches between references.
    marked: dict[str, list] = {}
    stretches: list[list] = [[]]
    for r in p.runs:
        if r.text:
            run = para.add_run(xml_safe(r.text))
            if r.italic:
                run.italic = True
            stretches[-1].append(run)
            for key in r.marks:
                marked.setdefault(key, []).append((len(stretches) - 1, run))
        if r.notes:
            notes.cite_all(para, r.notes)
            stretches.append([])
    ex.bookmark(para, p.anchor)
    first = next((st for st in stretches if st), [])
    for a in p.annotations:
        runs = marked.get(a.key)
        anchor = [run for i, run in runs if i == runs[0][0]] if runs else first[:1]
        ex.comment(doc, anchor, a.line)
    if p.refs and first:
        ex.comment(doc, first, doc_refs_line(p, doc))


def add_styled(paragraph, runs: list, text: str):
    """Gives the paragraph with a text added in runs, italic where the source prints it (``text`` alone
    when there are no runs)."""
    for r in runs or [Run(text)]:
        if r.text:
            paragraph.add_run(xml_safe(r.text)).italic = r.italic or None
    return paragraph


def doc_refs_line(p: ParaView, doc) -> str:
    """Gives the symbols a paragraph cites, comma-separated."""
    return ", ".join(r.symbol for r in p.refs)


def write_items(doc, items: list, level: int, notes: Footnotes, ex: Extras) -> None:
    """Paragraphs in order, with the headings printed inside the text."""
    for item in items:
        if isinstance(item, HeadingView):
            notes.cite_all(add_styled(doc.add_heading(level=min(level, 6)), item.runs, item.text), item.notes)
        else:
            write_paragraph(doc, item, notes, ex)


def write_part(doc, part: PartView, level: int, labels: dict, notes: Footnotes, ex: Extras) -> None:
    """One resolution or decision: heading, enacting formula, sections."""
    sections = labels["sections"]
    if part.heading:
        heading = doc.add_heading(xml_safe(part.heading), level=level - 1)
        notes.cite_all(heading, part.heading_notes)
    for key, items in (("preamble", part.preamble), ("operative", part.operative)):
        if items:
            doc.add_heading(sections[key], level=level)
        if key == "preamble" and part.enacting_formula:
            add_styled(doc.add_paragraph(style="Enacting Formula"), part.enacting_runs, part.enacting_formula)
        write_items(doc, items, level + 1, notes, ex)
    write_items(doc, part.text, level + 1, notes, ex)  # a sectioned resolution, in reading order
    if part.annexes:
        doc.add_heading(sections["annexes"], level=level)  # on the page the text ends on: no half-empty pages
        for annex in part.annexes:
            write_annex(doc, annex, level + 1, notes, ex)


def _write_runs(para, p: ParaView, notes: Footnotes) -> None:
    """The label, then the text in runs with each footnote reference where its marker was printed."""
    if p.number:
        para.add_run(xml_safe(p.number) + ("\t" if p.kind == "ap" else " "))
    for r in p.runs:
        if r.text:
            para.add_run(xml_safe(r.text)).italic = r.italic or None
        if r.notes:
            notes.cite_all(para, r.notes)


def write_annex(doc, annex: AnnexView, level: int, notes: Footnotes, ex: Extras) -> None:
    """One annex: its heading line and title as a Word heading (navigation pane), its own
    headings one level down, its paragraphs with their printed labels hanging and a comment
    for each annotation, as in the body."""
    heading = doc.add_heading(level=min(level, 6))
    heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
    heading.paragraph_format.space_before = Pt(12)
    number = heading.add_run(xml_safe(annex.heading))
    number.font.size, number.font.color.rgb = Pt(12), ACCENT
    if annex.title:
        heading.add_run().add_break()
        heading.add_run(xml_safe(annex.title)).font.size = Pt(14)
    notes.cite_all(heading, annex.notes)
    ex.bookmark(heading, annex.anchor)
    for p in annex.items:
        if p.kind == "ah":
            para = doc.add_heading(level=min(level + 1, 6))
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT
        elif p.number:
            para = doc.add_paragraph(style="Annex Paragraph")
            if p.depth:
                para.paragraph_format.left_indent = INDENT * (p.depth + 1)
                para.paragraph_format.tab_stops.add_tab_stop(INDENT * (p.depth + 1))
        else:
            para = doc.add_paragraph(style="Annex Text")
        if p.annotations or p.refs:
            if p.number:
                para.add_run(xml_safe(p.number) + "\t")
            _commented_runs(doc, para, p, notes, ex)
        else:
            _write_runs(para, p, notes)
            ex.bookmark(para, p.anchor)


def write_body(doc, view: BriefView, notes: Footnotes, ex: Extras) -> None:
    """Every part in turn, then the appendix (details and colophon, summary, references, notes, actors)."""
    doc.add_heading(view.labels["sections"]["text"], level=1)
    level = 3 if view.several_parts else 2
    for part in view.parts:  # one after another, as the PDF has them: no page ends half empty before a part
        write_part(doc, part, level, view.labels, notes, ex)
    write_appendix(doc, view, ex)


# --- package -------------------------------------------------------------------

COMMENT_TAGS = ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference", "w:comment")


def shift_comment_ids(doc, offset: int) -> None:
    """Numbers the comments after the footnotes: LibreOffice mixes up a comment and a
    footnote that share an id (a footnote then shows another note's text)."""
    try:
        comments = doc.part.part_related_by(RT.COMMENTS)
    except KeyError:  # no comments: nothing to renumber
        return
    roots = [doc.element, comments.element]
    for root in roots:
        for tag in COMMENT_TAGS:
            for node in root.iter(qn(tag)):
                node.set(qn("w:id"), str(int(node.get(qn("w:id"))) + offset))


PROPERTY_LIMIT = 255  # characters a Word core property holds


def set_properties(doc, view: BriefView, resolution: Resolution) -> None:
    """Core properties with fixed dates taken from the document, not from the clock."""
    props = doc.core_properties
    stamp = fixed_datetime(view.date)
    props.title = xml_safe(view.title)[:PROPERTY_LIMIT]  # Word's limit (metadata_warnings says when it cuts)
    props.subject = xml_safe(view.symbol or "")[:PROPERTY_LIMIT]
    props.keywords = xml_safe(view.symbol or "")[:PROPERTY_LIMIT]
    props.category = resolution.document_type or ""
    props.author = f"resbrief {view.version}"
    props.last_modified_by = f"resbrief {view.version}"
    props.comments = ""
    props.language = view.language
    props.revision = 1
    props.created = props.modified = stamp
    for rel_id, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del doc.part.package.rels[rel_id]
    for part in doc.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = part.blob.replace(b"Microsoft Macintosh Word", b"resbrief")


def normalise_zip(data: bytes) -> bytes:
    """Gives the ZIP rewritten with fixed timestamps and a fixed entry order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", not n.startswith("_rels/"), n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()


def _drop_styles_with_effects(doc) -> None:
    """Leaves out the template's stylesWithEffects part: Word 2010's copy of styles.xml, which would no longer
    match the styles the brief defines (Word may then call the file unreadable)."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)


def docx_bytes(resolution: Resolution, config: Config, extras: dict | None = None) -> bytes:
    """Gives the DOCX bytes of the brief (same input, same bytes)."""
    view = build_view(resolution, load_labels(Path(config.templates)), extras)
    doc = docx.Document()
    _drop_styles_with_effects(doc)
    setup_styles(doc, view)
    page_setup(doc, view)
    notes = Footnotes(separator=view.labels["note_separator"])
    ex = Extras(
        stamp=fixed_datetime(view.date),
        author=view.labels["annotation_author"],
        initials=view.labels["annotation_initials"],
    )
    write_cover(doc, view, notes)
    write_onepage(doc, view)
    if view.contents:
        write_toc(doc, view)
    write_body(doc, view, notes, ex)
    notes.attach(doc)
    shift_comment_ids(doc, len(notes.notes) + 1)
    set_properties(doc, view, resolution)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def write_docx(resolution: Resolution, path: Path, config: Config, extras: dict | None = None) -> Path:
    """Gives the path of the written ``brief.docx``."""
    path.write_bytes(docx_bytes(resolution, config, extras))
    return path
