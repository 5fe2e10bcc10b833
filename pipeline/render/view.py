"""The format-neutral view of a resolution that every renderer lays out.

The HTML, PDF and DOCX renderers all walk the same :class:`BriefView`, so the
three outputs share one design: cover rows, parts, paragraphs in order, the
footnotes each paragraph carries.  Wording comes from ``labels.json`` in the
templates folder; this module only decides structure.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional, Union

from pipeline import __version__
from pipeline.config import DEFAULT_TEMPLATES
from pipeline.model import (
    Annex,
    AnnexParagraph,
    Footnote,
    Heading,
    OperativeParagraph,
    Part,
    PreambularParagraph,
    Resolution,
    Subparagraph,
)
from pipeline.render.annotations import (
    ActorEntry,
    AnnotationView,
    CountRow,
    RefLink,
    RefView,
    SummaryView,
    _dict,
    _list,
    _str,
    action_view,
    actions_by_part,
    calendar_rows,
    force_rows,
    key_asks,
    mandates_by_part,
    report_rows,
    safe_url,
)
from pipeline.render.changes import PackChanges, attach_changes
from pipeline.render.onepage import OnePage, one_page

LABELS_FILE = "labels.json"
FALLBACK_DATE = "1980-01-01"  # earliest date a ZIP file can hold
TITLE_ANCHOR = "title"  # footnotes[].paragraph value for the title


# --- view types --------------------------------------------------------------


@dataclass
class NoteView:
    """One footnote: its printed marker, text, unique key and whether a paragraph cites it."""

    key: str
    marker: str
    text: str
    anchored: bool = False
    repeat: bool = False  # a later call of a note already called elsewhere
    runs: list["Run"] = field(default_factory=list)  # the text cut where the italics begin and end


@dataclass
class Run:
    """A slice of a paragraph's text: italic or not, the footnote calls printed after it,
    and the keys of the annotations whose words it holds."""

    text: str
    italic: bool = False
    notes: list["NoteView"] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    opening: bool = False  # italic opening words (a preambular lead, an operative verb)


@dataclass
class ParaView:
    """A paragraph or sub-paragraph: number/label, italic opening words, the rest, notes."""

    kind: str  # "pp", "op", "sub"; in annexes "ah" (heading) or "ap" (paragraph)
    id: str
    number: str  # "1." / "(a)" / "" for preambular paragraphs; an annex item's printed label
    emph: str  # italic lead or verb ("" if none)
    rest: str  # text after the italic words
    notes: list[NoteView] = field(default_factory=list)
    subs: list["ParaView"] = field(default_factory=list)
    depth: int = 0
    anchor: str = ""  # element id, unique across parts
    offsets: list = field(default_factory=list)  # [marker, offset in text] from the segmenter
    italic: list = field(default_factory=list)  # [start, end] of each italic run in text
    label: str = ""  # short name used in cross references: "OP3 (a)"
    annotations: list[AnnotationView] = field(default_factory=list)
    refs: list["RefView"] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)  # the text cut at italics, notes, annotations
    cites: list[str] = field(default_factory=list)  # every marker the paragraph's words carry
    change: str = ""  # "modified" or "added" since the earlier text the pack is compared with
    change_note: str = ""  # "Modified since A/RES/78/229"

    @property
    def text(self) -> str:
        return self.emph + self.rest


@dataclass
class HeadingView:
    """A heading printed inside the text, before the paragraph it introduces."""

    text: str
    kind: str = "heading"
    notes: list = field(default_factory=list)  # calls printed on the heading
    runs: list[Run] = field(default_factory=list)  # its text cut where the italics begin and end


Item = Union[ParaView, HeadingView]


@dataclass
class AnnexView:
    """An annex: its heading line ("Annex I"), title, the notes called on them, and its
    headings ("ah") and paragraphs ("ap") in printed order."""

    id: str  # "annex1"
    anchor: str  # element id, unique across parts: "d-annex1"
    heading: str  # "Annex I"
    title: Optional[str]
    toc: str  # "Annex I — Global Digital Compact"
    notes: list[NoteView] = field(default_factory=list)
    items: list[ParaView] = field(default_factory=list)


@dataclass
class PartView:
    """One resolution or decision of the document, with its own text and notes."""

    key: str
    heading: Optional[str]  # None for the document's own (only) text
    heading_notes: list[NoteView]
    enacting_formula: Optional[str]
    preamble: list[Item]
    operative: list[Item]
    notes: list[NoteView]
    annexes: list[AnnexView] = field(default_factory=list)
    number: Optional[str] = None  # the decision's number in a document of several ("1/CMA.3")
    enacting_runs: list[Run] = field(default_factory=list)  # the enacting formula cut at its italics
    # a sectioned resolution's text in reading order: each section's heading, preamble and operative paragraphs
    # (its preamble and operative lists are then empty)
    text: list[Item] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        """Gives the part's headings and paragraphs: preamble, operative part and sectioned text."""
        return self.preamble + self.operative + self.text

    @property
    def loose_notes(self) -> list[NoteView]:
        """Gives the notes no paragraph cites (printed only in the notes list)."""
        return [n for n in self.notes if not n.anchored]


@dataclass
class CoverRow:
    """A label and its value lines on the cover."""

    key: str
    label: str
    values: list[str]


@dataclass
class BriefView:
    """Everything a renderer needs, in reading order."""

    language: str
    ui_language: str
    symbol: Optional[str]
    title: str
    title_notes: list[NoteView]
    cover: list[CoverRow]
    parts: list[PartView]
    warnings: list[str]
    labels: dict
    date: str  # ISO date used for fixed file timestamps
    version: str
    summary: Optional[SummaryView] = None
    references: list[RefView] = field(default_factory=list)
    actors: list[ActorEntry] = field(default_factory=list)
    changes: list[PackChanges] = field(default_factory=list)  # what changed since earlier texts (extras "comparisons")
    body: Optional[str] = None
    document_type: Optional[str] = None
    sponsors: list[str] = field(default_factory=list)
    contents: bool = True  # a contents list: not for a one-page text, whose pack is its brief and one page more
    subtitle: Optional[str] = None  # under the title: "Adopted by the Security Council at its 9836th meeting, on ..."
    onepage: Optional[OnePage] = None  # the one-page brief that opens the pack

    @property
    def several_parts(self) -> bool:
        """Gives True when the document holds several resolutions or decisions."""
        return sum(1 for p in self.parts if p.heading is not None) > 0

    @property
    def all_notes(self) -> list[NoteView]:
        """Gives every footnote of the document in order."""
        return [n for p in self.parts for n in p.notes]


# --- labels ------------------------------------------------------------------


def load_labels(templates: Path) -> dict:
    """Gives the wording: the default labels overlaid with the templates folder's own."""
    labels = json.loads((DEFAULT_TEMPLATES / LABELS_FILE).read_text(encoding="utf-8"))
    custom = Path(templates) / LABELS_FILE
    if custom.resolve() != (DEFAULT_TEMPLATES / LABELS_FILE).resolve() and custom.is_file():
        _deep_update(labels, json.loads(custom.read_text(encoding="utf-8")))
    return labels


def _deep_update(base: dict, extra: dict) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_update(base[key], value)
        else:
            base[key] = value


def _fmt(labels: dict, name: str, **values: object) -> str:
    return labels["formats"][name].format(**values)


# --- small pure helpers ------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def format_date(iso: Optional[str], months: list[str]) -> Optional[str]:
    """Gives '19 December 2023' for '2023-12-19' (the input unchanged if not ISO)."""
    if not iso:
        return None
    m = _ISO_DATE.match(iso)
    if not m or not 1 <= int(m[2]) <= 12:
        return iso
    return f"{int(m[3])} {months[int(m[2]) - 1]} {m[1]}"


def fixed_datetime(iso_date: str) -> datetime:
    """Gives midnight UTC of an ISO date, the fixed time stamped into the files."""
    return datetime.fromisoformat(iso_date).replace(tzinfo=timezone.utc)


def document_date(res: Resolution) -> str:
    """Gives the ISO date that stands for the document (adoption, else issue, else fixed)."""
    for value in (res.date_adopted, res.date_issued):
        if value and _ISO_DATE.match(value):
            return value
    return FALLBACK_DATE


def split_opening(text: str, opening: Optional[str]) -> tuple[str, str]:
    """Gives (italic opening words, rest) when the text starts with them, else ('', text)."""
    if opening and text.startswith(opening):
        return opening, text[len(opening) :]
    return "", text


def _capitalise(value: str) -> str:
    return value[:1].upper() + value[1:]


# --- cover -------------------------------------------------------------------


def cover_rows(res: Resolution, labels: dict) -> list[CoverRow]:
    """Gives the cover's label/value rows, skipping what the document lacks."""
    names = labels["cover_rows"]
    months = labels["months"]
    rows: list[tuple[str, list[Optional[str]]]] = [
        ("symbol", [res.symbol]),
        ("body", [res.body]),
        ("document_type", [_capitalise(res.document_type) if res.document_type else None]),
        ("session", [_fmt(labels, "session", n=res.session_number) if res.session_number is not None else None]),
        ("agenda_items", [_agenda_item(a.number, a.title, labels) for a in res.agenda_items]),
        ("date_adopted", [format_date(res.date_adopted, months)]),
        ("meeting", [res.meeting]),
        ("adopted_on", [_adopted_on(res, labels)]),
        ("date_issued", [format_date(res.date_issued, months)]),
        ("distribution", [res.distribution]),
        ("sponsors", list(res.sponsors)),
        ("source", [_fmt(labels, "source", file=res.source.file, pages=res.source.pages) if res.source else None]),
        ("ocr", [_ocr(res, labels)]),
        ("sha256", [res.source.sha256 if res.source else None]),
        ("generator", [_fmt(labels, "generator", version=__version__)]),
    ]
    out = []
    for key, values in rows:
        kept = [v for v in values if v]
        if kept:
            out.append(CoverRow(key=key, label=names[key], values=kept))
    return out


def _ocr(res: Resolution, labels: dict) -> Optional[str]:
    """Gives the cover's line saying the text was read by OCR, with Tesseract's mean confidence, or None."""
    ocr = res.source.ocr if res.source else None
    if not isinstance(ocr, dict):
        return None
    pages = ", ".join(str(p) for p in ocr.get("pages") or [])
    return _fmt(
        labels,
        "ocr",
        engine=ocr.get("engine"),
        language=ocr.get("language"),
        pages=pages,
        confidence=ocr.get("confidence"),
    )


def _agenda_item(number: str, title: Optional[str], labels: dict) -> str:
    return _fmt(labels, "agenda_item", number=number, title=title) if title else number


def _adopted_on(res: Resolution, labels: dict) -> Optional[str]:
    a = res.adopted_on
    if not a or not (a.body or a.document):
        return None
    if not a.document:
        return a.body
    name = "adopted_on" if a.paragraph else "adopted_on_no_paragraph"
    return _fmt(labels, name, body=a.body or "", document=a.document, paragraph=a.paragraph).strip()


# --- text --------------------------------------------------------------------


def _notes_by_paragraph(
    footnotes: list[Footnote], key: str, known_ids: set[str]
) -> tuple[list[NoteView], dict[str, list[NoteView]]]:
    """Gives every note in order, and the notes keyed by the paragraph that cites them."""
    notes, cited = [], {}
    for i, f in enumerate(footnotes, start=1):
        anchored = f.paragraph is not None and (f.paragraph in known_ids or f.paragraph == TITLE_ANCHOR)
        note = NoteView(
            key=f"{key}-{i}", marker=f.marker, text=f.text, anchored=anchored, runs=text_runs(f.text, f.italic)
        )
        notes.append(note)
        if anchored:
            cited.setdefault(f.paragraph, []).append(note)
    return notes, cited


def _sub_ids(subs: list[Subparagraph]) -> set[str]:
    ids = set()
    for s in subs:
        ids.add(s.id)
        ids |= _sub_ids(s.subparagraphs)
    return ids


def _paragraph_ids(part: Part) -> set[str]:
    ids = {p.id for p in part.preamble}
    for o in part.operative:
        ids.add(o.id)
        ids |= _sub_ids(o.subparagraphs)
    for a in part.annexes:
        ids.add(a.id)
        ids |= {p.id for p in a.paragraphs}
    return ids


def _sub_view(s: Subparagraph, cited: dict, depth: int) -> ParaView:
    return ParaView(
        kind="sub",
        id=s.id,
        number=s.label,
        emph="",
        rest=s.text,
        notes=cited.get(s.id, []),
        depth=depth,
        offsets=list(s.marker_offsets or []),
        italic=list(s.italic or []),
        cites=list(s.footnotes or []),
        subs=[_sub_view(c, cited, depth + 1) for c in s.subparagraphs],
    )


def _pp_view(p: PreambularParagraph, cited: dict) -> ParaView:
    emph, rest = split_opening(p.text, p.lead)
    return ParaView(
        kind="pp",
        id=p.id,
        number="",
        emph=emph,
        rest=rest,
        notes=cited.get(p.id, []),
        offsets=list(p.marker_offsets or []),
        italic=list(p.italic or []),
        cites=list(p.footnotes or []),
    )


def _op_view(o: OperativeParagraph, cited: dict, labels: dict) -> ParaView:
    emph, rest = split_opening(o.text, o.verb)
    number = _fmt(labels, "operative_number", number=o.number) if o.number else ""
    return ParaView(
        kind="op",
        id=o.id,
        number=number,
        emph=emph,
        rest=rest,
        notes=cited.get(o.id, []),
        offsets=list(o.marker_offsets or []),
        italic=list(o.italic or []),
        cites=list(o.footnotes or []),
        subs=[_sub_view(s, cited, 1) for s in o.subparagraphs],
    )


# Printed labels by how deep they usually sit: "1." or "I." or "A.", then "(a)", then "(i)".
_LABEL_RANKS = (
    (re.compile(r"^(?:\d{1,3}\.(?:\d{1,3}\.?)?|[IVXLC]{1,6}\.|[A-Z]\.)$"), 0),
    (re.compile(r"^(?:\([a-z]{1,2}\)|[a-z]\)|\([A-Z]\)|\(\d{1,2}\))$"), 1),
    (re.compile(r"^\([ivxlc]{1,6}\)$"), 2),
)


def _label_rank(label: str, last_letter: Optional[str]) -> int:
    """Gives how deep a printed label usually sits: 0 "1.", 1 "(a)", 2 "(i)", 3 a bullet.
    "(i)" right after "(h)" is a letter, not a roman numeral."""
    single = re.fullmatch(r"\(([a-z])\)", label)
    if single and last_letter and ord(single.group(1)) == ord(last_letter) + 1:
        return 1
    for pattern, rank in reversed(_LABEL_RANKS):
        if pattern.match(label):
            return rank
    return 3


def annex_depths(items: list[AnnexParagraph]) -> list[int]:
    """Gives each annex item's indent: how many kinds of label printed above it since the last
    heading sit higher ("(a)" under "1." is 1; "(a)" alone is 0)."""
    depths, seen, last_letter = [], set(), None
    for item in items:
        if item.kind == "heading":
            seen, last_letter = set(), None
            depths.append(0)
            continue
        if not item.label:
            depths.append(0)
            continue
        rank = _label_rank(item.label, last_letter)
        m = re.fullmatch(r"\(([a-z])\)", item.label)
        if rank == 1:
            last_letter = m.group(1) if m else last_letter
        elif rank == 0:
            last_letter = None
        seen.add(rank)
        depths.append(sum(1 for r in seen if r < rank))
    return depths


def _annex_item_view(p: AnnexParagraph, cited: dict, depth: int) -> ParaView:
    emph, rest = split_opening(p.text, p.lead)
    return ParaView(
        kind="ah" if p.kind == "heading" else "ap",
        id=p.id,
        number=p.label or "",
        emph=emph,
        rest=rest,
        notes=cited.get(p.id, []),
        depth=depth,
        offsets=list(p.marker_offsets or []),
        italic=list(p.italic or []),
        cites=list(p.footnotes or []),
    )


def annex_view(annex: Annex, key: str, cited: dict, labels: dict) -> AnnexView:
    """Gives the view of one annex: heading line, title, calls on them, items with anchors and labels."""
    name = annex.heading
    toc = _fmt(labels, "annex_toc", heading=name, title=annex.title) if annex.title else name
    items = [_annex_item_view(p, cited, d) for p, d in zip(annex.paragraphs, annex_depths(annex.paragraphs))]
    n = 0
    above: list[str] = []  # the labels of the items this one is under: "48", then "(b)" under it
    for item in items:
        item.anchor = f"{key}-{item.id.replace('.', '-')}"
        number = own = re.sub(r"\.$", "", item.number)
        n += item.kind == "ap"
        if item.kind == "ah":
            above.clear()  # a heading starts afresh
        if own and item.kind == "ap":
            del above[item.depth :]
            # a lettered item says which paragraph it is in ("Annex I, para. 48 (b)", not one of many "(b)")
            number = " ".join([*above, own]) if len(above) == item.depth else own
            above.append(own)
        item.label = (
            _fmt(labels, "annex_paragraph", annex=name, label=number)
            if number
            else _fmt(labels, "annex_unlabelled", annex=name, n=max(n, 1))
        )
    return AnnexView(
        id=annex.id,
        anchor=f"{key}-{annex.id}",
        heading=name,
        title=annex.title,
        toc=toc,
        notes=cited.get(annex.id, []),
        items=items,
    )


def _with_headings(items: list[ParaView], headings: dict[str, list[Heading]]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        for h in headings.pop(item.id, []):
            own = [n for n in item.notes if n.marker in h.footnotes and n.marker not in item.cites]
            item.notes = [n for n in item.notes if n not in own]
            out.append(HeadingView(text=h.text, notes=own, runs=text_runs(h.text, h.italic)))
        out.append(item)
    return out


def _set_anchors(items: list, key: str, labels: dict, parent: str = "") -> None:
    """Gives each paragraph its element id and its short label ("PP3", "OP2 (a)")."""
    refs = labels["paragraph_labels"]
    pp = 0
    for item in items:
        if isinstance(item, ParaView):
            item.anchor = f"{key}-{item.id}"
            if item.kind == "pp":
                pp += 1
                item.label = refs["pp"].format(n=pp)
            elif item.kind == "op":
                number = re.sub(r"\.$", "", item.number) or item.id.removeprefix("op")  # unnumbered: its place
                item.label = refs["op"].format(n=number)
            else:
                item.label = refs["sub"].format(parent=parent, label=item.number)
            _set_anchors(item.subs, key, labels, item.label)


def iter_paragraphs(items: list):
    """Gives every paragraph and sub-paragraph of a list of items, in reading order."""
    for item in items:
        if isinstance(item, ParaView):
            yield item
            yield from iter_paragraphs(item.subs)


def _add_repeats(items: list, notes: list[NoteView]) -> None:
    """A paragraph that calls a note another paragraph carries (the same treaty cited
    again) gets a repeated call: a link to the note, not a second note."""
    by_marker: dict[str, NoteView] = {}
    for n in notes:
        if n.anchored:
            by_marker.setdefault(n.marker.strip(), n)
    for p in iter_paragraphs(items):
        own = {n.marker.strip() for n in p.notes}
        for marker in p.cites:
            note = by_marker.get(str(marker).strip())
            if note is not None and str(marker).strip() not in own:
                p.notes.append(dataclasses.replace(note, repeat=True))
                own.add(str(marker).strip())


def make_runs(p: ParaView) -> list[Run]:
    """Cuts the paragraph text where its italic runs begin and end (its opening words when the
    segmenter gave none), where each footnote marker was printed (``marker_offsets``; the end of
    the text when unknown) and where the words an annotation explains begin and end."""
    text = p.text
    n = len(text)
    queue: dict[str, list[int]] = {}
    for pair in p.offsets:
        try:
            marker, offset = str(pair[0]).strip(), int(pair[1])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= offset <= n:
            queue.setdefault(marker, []).append(offset)
    at: dict[int, list[NoteView]] = {}
    for note in p.notes:
        spots = queue.get(note.marker.strip())
        offset = spots.pop(0) if spots else n
        at.setdefault(offset, []).append(note)
    marks = [(a.span[0], min(a.span[1], n), a.key) for a in p.annotations if a.span and a.span[0] < n]
    return text_runs(text, p.italic, at, marks, opening=len(p.emph))


def text_runs(
    text: str,
    italic: list,
    calls: Optional[dict[int, list[NoteView]]] = None,
    marks: list[tuple[int, int, str]] = (),
    opening: int = 0,
) -> list[Run]:
    """Gives a text cut into runs at every offset that matters: where each italic run begins and
    ends, where footnote calls are printed (``calls``: offset -> notes; calls past the end go to the
    last run) and where annotated words (``marks``: start, end, key) begin and end.  A run within the
    first ``opening`` characters holds the italic opening words."""
    n = len(text)
    at = dict(calls or {})
    spans = [(a, b) for a, b in italic if 0 <= a < b <= n]
    cuts = sorted({0, n, *at, *(x for span in spans for x in span), *(m[0] for m in marks), *(m[1] for m in marks)})
    cuts = [c for c in cuts if 0 <= c <= n]
    runs = [Run(text="", notes=at.pop(0))] if 0 in at and n else []
    for a, b in zip(cuts, cuts[1:]):
        slanted = any(s <= a and b <= e for s, e in spans)
        runs.append(
            Run(
                text=text[a:b],
                italic=slanted,
                notes=at.pop(b, []),
                marks=[k for s, e, k in marks if s <= a and b <= e],
                opening=slanted and b <= opening,
            )
        )
    if not runs:
        runs.append(Run(text=text))
    leftover = [note for offset in sorted(at) for note in at[offset]]
    runs[-1].notes.extend(leftover)
    return runs


def part_view(part: Part, key: str, heading: Optional[str], labels: dict) -> PartView:
    """Gives the view of one part: paragraphs in order with headings and cited notes."""
    notes, cited = _notes_by_paragraph(part.footnotes, key, _paragraph_ids(part))
    pending: dict[str, list[Heading]] = {}
    for h in part.headings:
        pending.setdefault(h.before, []).append(h)
    preamble = _with_headings([_pp_view(p, cited) for p in part.preamble], pending)
    operative = _with_headings([_op_view(o, cited, labels) for o in part.operative], pending)
    # A heading whose paragraph is missing still has to be printed once.
    operative.extend(HeadingView(text=h.text, runs=text_runs(h.text, h.italic)) for hs in pending.values() for h in hs)
    _set_anchors(preamble + operative, key, labels)
    annexes = [annex_view(a, key, cited, labels) for a in part.annexes]
    _add_repeats(preamble + operative + [i for a in annexes for i in a.items], notes)
    text = _in_sections(preamble + operative, part.sections) if len(part.sections) > 1 else []
    return PartView(
        key=key,
        heading=heading,
        heading_notes=cited.get(TITLE_ANCHOR, []),
        enacting_formula=part.enacting_formula,
        enacting_runs=text_runs(part.enacting_formula or "", part.enacting_italic),
        preamble=[] if text else preamble,
        operative=[] if text else operative,
        notes=notes,
        annexes=annexes,
        text=text,
    )


def _in_sections(items: list[Item], sections: list) -> list[Item]:
    """Gives the items in the order of the sections: each section's headings, then its preambular and its
    operative paragraphs, as a sectioned resolution prints them."""
    bundles: dict[str, list[Item]] = {}
    order: list[str] = []
    waiting: list[Item] = []
    for item in items:
        waiting.append(item)
        if not isinstance(item, HeadingView):
            bundles[item.id], waiting = waiting, []
            order.append(item.id)
    wanted = [pid for s in sections for pid in s.preamble + s.operative if pid in bundles]
    placed = set(wanted)
    wanted += [pid for pid in order if pid not in placed]
    return [i for pid in dict.fromkeys(wanted) for i in bundles[pid]] + waiting


def _own_part(res: Resolution) -> Part:
    return Part(
        number=res.number,
        title=res.title,
        enacting_formula=res.enacting_formula,
        enacting_italic=res.enacting_italic,
        preamble=res.preamble,
        operative=res.operative,
        footnotes=res.footnotes,
        headings=res.headings,
        annexes=res.annexes,
        sections=res.sections,
    )


def _has_text(part: Part) -> bool:
    return bool(
        part.enacting_formula or part.preamble or part.operative or part.footnotes or part.headings or part.annexes
    )


def _subtitle(res: Resolution, labels: dict) -> Optional[str]:
    """Gives the line printed under an untitled resolution's heading: who adopted it, at which meeting, when."""
    if res.title or not (res.body and res.meeting and res.date_adopted):
        return None
    when = format_date(res.date_adopted, labels["months"])
    return _fmt(labels, "adopted_at", body=res.body, meeting=res.meeting, date=when)


def _structure_line(view: BriefView, counted: dict[str, int], labels: dict) -> str:
    """Gives the brief's first line: what kind of text, of which body, with how many paragraphs and annexes."""
    words = labels["onepage"]
    kind = _capitalise(view.document_type or words["text"])
    what = words["kind_of_body"].format(kind=kind, body=view.body) if view.body else kind
    pieces = []
    several = [p for p in view.parts if p.heading is not None]
    if several:
        pieces.append(_counted(len(several), words["units"]["parts"]))
    for key in ("preamble", "operative", "annexes"):
        if counted.get(key) or key == "operative":
            pieces.append(_counted(counted.get(key, 0), words["units"][key]))
    return words["structure"].format(what=what, counts=", ".join(pieces))


def _counted(n: int, units: list[str]) -> str:
    return f"{n} {units[0] if n == 1 else units[1]}"


def numbered_title(number: Optional[str], title: Optional[str], labels: dict) -> Optional[str]:
    """Gives '78/229. Title' when both are known, else whichever is known."""
    if number and title:
        return _fmt(labels, "title", number=number, title=title)
    return title or number


def build_view(res: Resolution, labels: dict, extras: Optional[dict] = None) -> BriefView:
    """Gives the format-neutral view of a resolution, ready for any renderer.

    ``extras`` is the annotator's ``{"references": [...], "annotations": {...}}``
    (either key may be missing); without it the summary holds counts and warnings.
    ``extras["comparisons"]``, when given, lists comparisons with earlier texts
    (:class:`~pipeline.compare.comparison.Comparison`), shown on the summary page.
    """
    own = part_view(_own_part(res), "d", None, labels)
    parts = [own] if (_has_text(_own_part(res)) or not res.parts) else []
    title_notes = own.heading_notes
    own.heading_notes = []
    for i, p in enumerate(res.parts, start=1):
        heading = numbered_title(p.number, p.title, labels) or _fmt(labels, "part_fallback", n=i)
        parts.append(part_view(p, f"p{i}", heading, labels))
        parts[-1].number = p.number
    title = numbered_title(res.number, res.title, labels)
    if not res.title and res.number:  # a Security Council resolution has no title: "Resolution 2768 (2025)"
        title = _fmt(labels, "untitled_resolution", number=res.number)
    title = title or res.symbol or ""
    view = BriefView(
        language=res.language or labels.get("language", "en"),
        ui_language=labels.get("language", "en"),
        symbol=res.symbol,
        title=title,
        title_notes=title_notes,
        cover=cover_rows(res, labels),
        parts=parts,
        warnings=list(res.warnings),
        labels=labels,
        date=document_date(res),
        version=__version__,
        body=res.body,
        document_type=res.document_type,
        sponsors=list(res.sponsors),
        subtitle=_subtitle(res, labels),
        contents=not (res.source and res.source.pages == 1 and len(parts) <= 1),
    )
    add_extras(view, _dict(extras), own_rendered=bool(parts and parts[0].key == "d"))
    return view


# --- extras: annotations, references, summary ----------------------------------------


def _part_for(view: BriefView, index: int, own_rendered: bool) -> Optional[PartView]:
    """Gives the part an annotator index points at (-1: the document's own text)."""
    if index < 0:
        return view.parts[0] if own_rendered else None
    wanted = f"p{index + 1}"
    return next((p for p in view.parts if p.key == wanted), None)


def _paragraph_index(part: Optional[PartView]) -> dict[str, ParaView]:
    if part is None:
        return {}
    return {p.id: p for p in [*iter_paragraphs(part.items), *annex_items(part)]}


def _annex_index(part: Optional[PartView]) -> dict[str, RefLink]:
    """Gives a link to each annex ("annex1") and annex item ("annex1.p3") of a part, by id."""
    if part is None:
        return {}
    out = {}
    for a in part.annexes:
        out[a.id] = RefLink(a.heading, a.anchor)
        out.update((i.id, RefLink(i.label, i.anchor)) for i in a.items)
    return out


def annex_items(part: PartView) -> list[ParaView]:
    """Gives every heading and paragraph of a part's annexes, in order."""
    return [i for a in part.annexes for i in a.items]


def add_extras(view: BriefView, extras: dict, own_rendered: bool) -> None:
    """Hangs annotations and references on the paragraphs, then builds the summary,
    the list of references and the index of actors; finally cuts every paragraph into runs."""
    labels = view.labels
    annotations = _dict(extras.get("annotations"))
    indexes = {i: _paragraph_index(_part_for(view, i, own_rendered)) for i in range(-1, len(view.parts))}
    indexes.setdefault(-1, {})
    first_index = indexes[-1] or next((ix for ix in indexes.values() if ix), {})
    # Annex paragraphs carry annotations like the body's; a reference to a whole annex links to it.
    annex_links = {i: _annex_index(_part_for(view, i, own_rendered)) for i in range(-1, len(view.parts))}

    def find(index: int, pid: Optional[str]) -> Optional[ParaView]:
        if not pid:
            return None
        table = indexes.get(index) or {}
        return table.get(str(pid)) or (first_index.get(str(pid)) if index < 0 else None)

    def link(index: int, para: Optional[ParaView]) -> Optional[RefLink]:
        """A link to an annotated paragraph; in a document of several decisions its label names the
        decision ("1/CMA.3 OP18")."""
        if para is None:
            return None
        part = _part_for(view, index, own_rendered) if index >= 0 else None
        label = (
            _fmt(labels, "decision_paragraph", number=part.number, label=para.label)
            if part and part.number
            else para.label
        )
        return RefLink(label, para.anchor)

    all_actions: list[dict] = []
    flat_actions: list[tuple[dict, Optional[RefLink]]] = []
    flat_mandates = []
    tops = []  # each mandate (and an amendment's instruction) with its top-level paragraph, for the one-page brief
    actors: dict[str, list[RefLink]] = {}

    def index_actor(name: Optional[str], where: Optional[RefLink]) -> None:
        if name and where:
            links = actors.setdefault(name, [])
            if all(w.anchor != where.anchor for w in links):
                links.append(where)

    for index, actions in actions_by_part(annotations):
        for i, a in enumerate(actions):
            all_actions.append(a)
            para = find(index, a.get("paragraph"))
            where = link(index, para)
            flat_actions.append((a, where))
            if a.get("class") == "amend":  # what an amendment does is its instructions
                top = find(index, str(a.get("paragraph") or "").split(".")[0])
                tops.append(({"type": "amendment"}, top, link(index, top)))
            key = f"ann-{para.anchor if para else 'x'}-{i + 1}"
            av = action_view(a, key, labels)
            if av.cls in ("unknown", "amend") and not (av.actors or av.due or av.budget):
                para = None  # words the annotator could not read as an act ("We are at a time of ..."): no note
            if para is not None:
                para.annotations.append(av)
            for name in av.actors:
                index_actor(name, where)
    for index, mandates in mandates_by_part(annotations):
        for m in mandates:
            flat_mandates.append((m, link(index, find(index, m.get("paragraph")))))
            top = find(index, str(m.get("paragraph") or "").split(".")[0])
            tops.append((m, top, link(index, top)))
    for m, where in flat_mandates:
        if not m.get("self"):  # the adopting body's own acts are not asks of it
            index_actor(_str(m.get("actor")), where)

    # References: one entry per cited document, in order of first citation.
    refs: dict[str, RefView] = {}
    for r in _list(extras.get("references")):
        if not isinstance(r, dict):
            continue
        symbol = _str(r.get("symbol")) or _str(r.get("text"))
        if not symbol:
            continue
        ref = refs.get(symbol)
        if ref is None:
            ref = refs[symbol] = RefView(
                key=f"ref-{len(refs) + 1}",
                symbol=symbol,
                kind=_str(r.get("kind")) or "",
                text=_str(r.get("text")) or symbol,
                url=safe_url(r.get("url")),
                date=_str(r.get("date")),
            )
        part_index = r.get("part") if isinstance(r.get("part"), int) else -1
        para = find(part_index, r.get("paragraph"))
        if para is not None:
            if all(c.anchor != para.anchor for c in ref.cited_in):
                ref.cited_in.append(RefLink(para.label, para.anchor))
            if ref not in para.refs:
                para.refs.append(ref)
        else:
            in_annex = (annex_links.get(part_index) or {}).get(str(r.get("paragraph")))
            if in_annex is not None and all(c.anchor != in_annex.anchor for c in ref.cited_in):
                ref.cited_in.append(in_annex)
    view.references = list(refs.values())
    view.actors = [
        ActorEntry(name=n, cited_in=links) for n, links in sorted(actors.items(), key=lambda kv: kv[0].casefold())
    ]

    asks, more = key_asks(flat_mandates, flat_actions, labels)
    summary = _dict(annotations.get("summary"))
    summary_reports = []
    for r in _list(summary.get("reports")):
        if isinstance(r, dict):
            summary_reports.append((r, link(-1, find(-1, r.get("paragraph")))))
    reports = report_rows(flat_mandates, summary_reports, labels)
    dated = []
    for e in _list(summary.get("calendar")):
        if isinstance(e, dict):
            index = e.get("part") if isinstance(e.get("part"), int) else -1
            dated.append((e, link(index, find(index, e.get("paragraph")))))
    calendar = calendar_rows(dated, labels)
    latest = _str(summary.get("latest_predecessor"))
    warnings = list(view.warnings)
    warnings += [w for w in (_str(x) for x in _list(annotations.get("warnings"))) if w and w not in warnings]
    paragraphs = [p for part in view.parts for p in iter_paragraphs(part.items)]
    counted = {
        "preamble": sum(1 for p in paragraphs if p.kind == "pp"),
        "operative": sum(1 for p in paragraphs if p.kind == "op"),
        "annexes": sum(len(part.annexes) for part in view.parts),
        "footnotes": len(view.all_notes),
        "references": len(view.references),
        "actions": len(all_actions),
    }
    counts = [CountRow(k, labels["counts"][k], v) for k, v in counted.items() if v or k in ("preamble", "operative")]
    view.summary = SummaryView(
        counts=counts,
        key_asks=asks,
        more_asks=more,
        by_force=force_rows(annotations, all_actions, labels),
        binding=sum(1 for a in all_actions if a.get("binding")),
        latest_predecessor=refs.get(latest) if latest else None,
        has_annotations=bool(annotations),
        has_references=bool(view.references),
        warnings=warnings,
        reports=reports,
        calendar=calendar,
    )
    view.warnings = warnings
    view.changes = attach_changes(_list(extras.get("comparisons")), _list(extras.get("comparison_files")), find, labels)
    view.onepage = one_page(
        structure=_structure_line(view, counted, labels),
        mandates=tops,
        actions=flat_actions,
        annotations=annotations,
        asks=asks,
        more_asks=more,
        calendar=calendar,
        predecessor=latest,
        changes=[f"{c.heading}: {c.intro}" for c in view.changes],
        sponsors=view.sponsors,
        security_council=view.body == "Security Council",
        labels=labels,
    )
    view.summary.further_asks = asks[len(view.onepage.asks) :]  # the appendix lists what the brief had no room for
    for p in paragraphs + [i for part in view.parts for i in annex_items(part)]:
        p.runs = make_runs(p)
