"""The plain data types that pass between the stages.

PDF bytes -> ``Extracted`` (pages of characters) -> ``Cleaned`` (body lines,
footnotes, page furniture) -> ``Resolution`` -> artifacts.  Every type is a
dataclass that turns into JSON with :func:`to_json` and back with the
matching ``from_dict``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Optional

# --- extract -----------------------------------------------------------------


@dataclass
class Char:
    """One printed character with its font, size and position (points, top-down)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    italic: bool = False
    bold: bool = False


@dataclass
class Rule:
    """A horizontal line drawn on the page (the rule above footnotes, for one)."""

    x0: float
    x1: float
    top: float


@dataclass
class Page:
    """One page: its size, its characters and its horizontal rules."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: int = 0
    shapes: int = 0  # vector paths that are not rules: drawings, or text drawn as outlines


@dataclass
class Source:
    """Where a document came from: file name, sha256 of its bytes, page count."""

    file: str
    sha256: str
    pages: int
    ocr: Optional[dict] = None  # pages read by OCR: engine, language, pages, mean word confidence


@dataclass
class Extracted:
    """The extract stage's result: every page's characters."""

    source: Source
    pages: list[Page] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # pages read by their content (broken boxes, rotation)


# --- clean -------------------------------------------------------------------


@dataclass
class Span:
    """A run of text in one style; ``marker`` is a superscript footnote marker."""

    text: str
    italic: bool = False
    bold: bool = False
    marker: bool = False


@dataclass
class Line:
    """A printed line of body text."""

    page: int
    top: float
    x0: float
    x1: float
    size: float
    spans: list[Span] = field(default_factory=list)
    font: str = ""
    cells: int = 1  # how many column runs share its printed line: 3 or more is a table row

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans if not s.marker)


@dataclass
class Block:
    """A paragraph of body text, rejoined across lines and pages."""

    page: int
    x0: float  # indent of the first line
    size: float
    spans: list[Span] = field(default_factory=list)
    centred: bool = False
    x1: float = 0.0  # right end of the last line
    line_starts: list[int] = field(default_factory=list)  # offsets in ``text`` where printed lines begin

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans if not s.marker)


@dataclass
class Note:
    """A footnote as printed at a page foot, joined when it runs onto the next page."""

    marker: str
    text: str
    page: int
    italic: list[list] = field(default_factory=list)  # [start, end] of each run printed in italics, in text


@dataclass
class Furniture:
    """Page furniture recognised and removed from the text, kept as metadata."""

    job_number: Optional[str] = None
    barcode: Optional[str] = None
    running_headers: list[str] = field(default_factory=list)
    page_numbers: list[str] = field(default_factory=list)
    removed_lines: int = 0
    publication_notes: list[str] = field(default_factory=list)  # "* Reissued for technical reasons ..."


@dataclass
class Cleaned:
    """The clean stage's result: body paragraphs, footnotes and furniture."""

    source: Source
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Note] = field(default_factory=list)
    furniture: Furniture = field(default_factory=Furniture)
    warnings: list[str] = field(default_factory=list)


# --- segment -----------------------------------------------------------------


@dataclass
class AgendaItem:
    """An agenda item as printed on the cover: number and title."""

    number: str
    title: Optional[str] = None


@dataclass
class AdoptedOn:
    """The report a GA resolution was adopted on: committee, document, paragraph."""

    body: Optional[str] = None
    document: Optional[str] = None
    paragraph: Optional[str] = None


@dataclass
class Subparagraph:
    """A lettered or numbered sub-paragraph ((a), (i)) with its own sub-paragraphs."""

    id: str
    label: str
    text: str
    subparagraphs: list["Subparagraph"] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    marker_offsets: list[list] = field(default_factory=list)  # [marker, offset in text]
    italic: list[list] = field(default_factory=list)  # [start, end] of each run printed in italics, in text


@dataclass
class PreambularParagraph:
    """A preambular paragraph and its italic opening words."""

    id: str
    lead: Optional[str]
    text: str
    footnotes: list[str] = field(default_factory=list)
    marker_offsets: list[list] = field(default_factory=list)  # [marker, offset in text]
    italic: list[list] = field(default_factory=list)  # [start, end] of each run printed in italics, in text


@dataclass
class OperativeParagraph:
    """A numbered operative paragraph: number, italic verb, text and sub-paragraphs."""

    id: str
    number: Optional[str]
    verb: Optional[str]
    text: str
    subparagraphs: list[Subparagraph] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    marker_offsets: list[list] = field(default_factory=list)  # [marker, offset in text]
    italic: list[list] = field(default_factory=list)  # [start, end] of each run printed in italics, in text


@dataclass
class Footnote:
    """A footnote tied to the paragraph whose words carry its marker."""

    marker: str
    text: str
    paragraph: Optional[str]
    italic: list[list] = field(default_factory=list)  # [start, end] of each run printed in italics, in text


@dataclass
class Heading:
    """A heading inside the text (a section title such as "I. Introduction")."""

    text: str
    before: str  # id of the paragraph it precedes
    footnotes: list[str] = field(default_factory=list)  # markers printed on it
    italic: list[list] = field(default_factory=list)  # [start, end] of each run printed in italics, in text


@dataclass
class Section:
    """A part of a sectioned resolution ("I", "II" of a budget text): its heading, title and its own paragraphs.

    The paragraphs stay in the resolution's ``preamble`` and ``operative`` lists in reading order; a section names
    the ids of those that are its own."""

    id: str  # s1
    heading: Optional[str]  # "I", "A"; None when the part has only a title or nothing printed before it
    title: Optional[str]  # "Enterprise resource planning project, Umoja"
    preamble: list[str] = field(default_factory=list)  # ids of its preambular paragraphs
    operative: list[str] = field(default_factory=list)  # ids of its operative paragraphs


@dataclass
class AnnexParagraph:
    """A heading or paragraph of an annex, with its label as printed ("1.", "(a)", "I.")."""

    id: str  # annex1.p3
    kind: str  # "heading" or "paragraph"
    label: Optional[str]
    text: str
    footnotes: list[str] = field(default_factory=list)
    marker_offsets: list[list] = field(default_factory=list)  # [marker, offset in text]
    italic: list[list] = field(default_factory=list)  # [start, end] of each run printed in italics, in text
    lead: Optional[str] = None  # italic opening words ("Reaffirming", "Recognizing also")


@dataclass
class Annex:
    """An annex: its heading ("Annex I"), number, title and paragraphs in printed order."""

    id: str  # annex1
    heading: str
    number: Optional[str]  # "I", "A", "2"; None for a lone "Annex"
    title: Optional[str]
    paragraphs: list[AnnexParagraph] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # markers on the heading or title


@dataclass
class Part:
    """One resolution or decision inside a document that holds several."""

    number: Optional[str] = None
    title: Optional[str] = None
    enacting_formula: Optional[str] = None
    enacting_italic: list[list] = field(default_factory=list)  # [start, end] of its italic runs
    preamble: list[PreambularParagraph] = field(default_factory=list)
    operative: list[OperativeParagraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    meeting: Optional[str] = None
    date_adopted: Optional[str] = None


@dataclass
class Resolution:
    """A resolution (or draft, or decision document) with its metadata and text."""

    symbol: Optional[str] = None
    body: Optional[str] = None
    document_type: Optional[str] = None
    language: Optional[str] = None
    session_number: Optional[int] = None
    agenda_items: list[AgendaItem] = field(default_factory=list)
    distribution: Optional[str] = None
    date_issued: Optional[str] = None
    date_adopted: Optional[str] = None
    meeting: Optional[str] = None
    adopted_on: Optional[AdoptedOn] = None
    number: Optional[str] = None
    title: Optional[str] = None
    enacting_formula: Optional[str] = None
    enacting_italic: list[list] = field(default_factory=list)  # [start, end] of its italic runs
    preamble: list[PreambularParagraph] = field(default_factory=list)
    operative: list[OperativeParagraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    amends: Optional[str] = None  # an amendment: the symbol of the draft it amends, as its cover names it
    parts: list[Part] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)  # cited resolutions and documents
    annotations: Optional[dict] = None  # actions, addressees, mandates, summary
    furniture: Optional[Furniture] = None
    source: Optional[Source] = None
    warnings: list[str] = field(default_factory=list)


# --- JSON --------------------------------------------------------------------


def to_dict(obj: Any) -> Any:
    """Gives a JSON-ready dict of any model object."""
    return dataclasses.asdict(obj)


def to_json(obj: Any) -> str:
    """Gives the canonical JSON text of any model object (stable key order)."""
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=2) + "\n"


def _runs(d: dict, key: str = "italic", opening: Optional[str] = None, text_key: str = "text") -> list[list]:
    """Gives the [start, end] italic runs an entry of resolution.json holds under ``key``; for an entry written
    before italics were kept (no such key), its italic opening words as printed (``opening``), if any."""
    if key in d:
        return [[int(a), int(b)] for a, b in d[key]]
    text = d.get(text_key) or ""
    return [[0, len(opening)]] if opening and text.startswith(opening) else []


def _sub(d: dict) -> Subparagraph:
    return Subparagraph(
        id=d["id"],
        label=d["label"],
        text=d["text"],
        subparagraphs=[_sub(s) for s in d.get("subparagraphs", [])],
        footnotes=list(d.get("footnotes", [])),
        marker_offsets=[list(x) for x in d.get("marker_offsets", [])],
        italic=_runs(d),
    )


def annex_from_dict(d: dict) -> Annex:
    """Gives the Annex that an ``annexes`` entry of resolution.json describes."""
    return Annex(
        id=d["id"],
        heading=d["heading"],
        number=d.get("number"),
        title=d.get("title"),
        paragraphs=[
            AnnexParagraph(
                id=p["id"],
                kind=p["kind"],
                label=p.get("label"),
                text=p["text"],
                footnotes=list(p.get("footnotes", [])),
                marker_offsets=[list(x) for x in p.get("marker_offsets", [])],
                lead=p.get("lead"),
                italic=_runs(p, opening=p.get("lead")),
            )
            for p in d.get("paragraphs", [])
        ],
        footnotes=list(d.get("footnotes", [])),
    )


def _text_fields(d: dict) -> dict:
    return dict(
        number=d.get("number"),
        title=d.get("title"),
        enacting_formula=d.get("enacting_formula"),
        enacting_italic=_runs(
            d, "enacting_italic", (d.get("enacting_formula") or "").rstrip(",:; "), text_key="enacting_formula"
        ),
        preamble=[
            PreambularParagraph(
                id=p["id"],
                lead=p.get("lead"),
                text=p["text"],
                footnotes=list(p.get("footnotes", [])),
                marker_offsets=[list(x) for x in p.get("marker_offsets", [])],
                italic=_runs(p, opening=p.get("lead")),
            )
            for p in d.get("preamble", [])
        ],
        operative=[
            OperativeParagraph(
                id=o["id"],
                number=o.get("number"),
                verb=o.get("verb"),
                text=o["text"],
                subparagraphs=[_sub(s) for s in o.get("subparagraphs", [])],
                footnotes=list(o.get("footnotes", [])),
                marker_offsets=[list(x) for x in o.get("marker_offsets", [])],
                italic=_runs(o, opening=o.get("verb")),
            )
            for o in d.get("operative", [])
        ],
        footnotes=[
            Footnote(marker=f["marker"], text=f["text"], paragraph=f.get("paragraph"), italic=_runs(f))
            for f in d.get("footnotes", [])
        ],
        headings=[
            Heading(text=h["text"], before=h["before"], footnotes=list(h.get("footnotes", [])), italic=_runs(h))
            for h in d.get("headings", [])
        ],
        sections=[
            Section(
                id=x["id"],
                heading=x.get("heading"),
                title=x.get("title"),
                preamble=list(x.get("preamble", [])),
                operative=list(x.get("operative", [])),
            )
            for x in d.get("sections", [])
        ],
        annexes=[annex_from_dict(a) for a in d.get("annexes", [])],
    )


def resolution_from_dict(d: dict) -> Resolution:
    """Gives the Resolution that a ``resolution.json`` dict describes."""
    return Resolution(
        symbol=d.get("symbol"),
        body=d.get("body"),
        document_type=d.get("document_type"),
        language=d.get("language"),
        session_number=d.get("session_number"),
        agenda_items=[AgendaItem(**a) for a in d.get("agenda_items", [])],
        distribution=d.get("distribution"),
        date_issued=d.get("date_issued"),
        date_adopted=d.get("date_adopted"),
        meeting=d.get("meeting"),
        adopted_on=AdoptedOn(**d["adopted_on"]) if d.get("adopted_on") else None,
        sponsors=list(d.get("sponsors", [])),
        amends=d.get("amends"),
        parts=[
            Part(meeting=p.get("meeting"), date_adopted=p.get("date_adopted"), **_text_fields(p))
            for p in d.get("parts", [])
        ],
        references=list(d.get("references", [])),
        annotations=d.get("annotations"),
        furniture=Furniture(**d["furniture"]) if d.get("furniture") else None,
        source=Source(**d["source"]) if d.get("source") else None,
        warnings=list(d.get("warnings", [])),
        **_text_fields(d),
    )
