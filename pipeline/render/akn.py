"""resolution.akn.xml: the Resolution as Akoma Ntoso 3.0, marked up the way the UN's own AKN4UN files are.

``statement`` (a document of several decisions: a ``documentCollection`` of
them) with FRBR identification from the symbol and dates; the cover page
(symbol, issuing body, distribution, date of issue, session, agenda items,
adoption line, the report adopted on); the ``preface`` with the number and
title; the ``preamble`` with the enacting formula and one ``container`` per
preambular paragraph, named by its italic opening words; the ``mainBody``
with one ``paragraph`` per operative paragraph (``num``, the italic verb,
lettered items as ``list``/``point``), ``section`` for each part of a
sectioned resolution, headings as ``subheading``; each footnote an
``authorialNote`` at the exact place its call is printed; each citation the
annotator found a ``ref`` to undocs.org; each annex an ``attachment``; the
adoption meeting and date in the ``conclusions``.  UN extensions are in the
``akn4un`` namespace the UN uses.  The bytes depend only on the Resolution.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

from lxml import etree

from pipeline.akn import NS
from pipeline.config import DEFAULT_TEMPLATES, Config
from pipeline.errors import without_unsafe
from pipeline.lexicon.dates import MONTHS
from pipeline.lexicon.numbers import ORDINAL_TENS, ORDINAL_UNITS, TENS
from pipeline.model import Annex, Footnote, Heading, OperativeParagraph, Part, Resolution, Subparagraph

AKN = NS.strip("{}")
AKN4UN = "http://un.org/akn4un"
NSMAP = {None: AKN, "akn4un": AKN4UN}
LANG3 = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara", "zh": "zho", "de": "deu"}
ACTORS = {
    "General Assembly": "unga",
    "Security Council": "unsc",
    "Economic and Social Council": "unecosoc",
    "Human Rights Council": "unhrc",
}
DOC_NAMES = {"resolution": "resolution", "draft resolution": "draftResolution", "decision": "decision"}
UNKNOWN_DATE = "0001-01-01"  # FRBR needs a date; the UN's own files write this one for a date not known
MONTH_NAMES = {number: name.capitalize() for name, number in MONTHS.items() if len(name) > 3}


def _el(parent, tag: str, text: Optional[str] = None, **attrs):
    """Gives a new AKN element under ``parent`` with ``text`` (made safe for a page) and attributes (None left out)."""
    el = etree.SubElement(
        parent, f"{{{AKN}}}{tag}", {k: without_unsafe(str(v)) for k, v in attrs.items() if v is not None}
    )
    if text:
        el.text = without_unsafe(text)
    return el


def _wording(config: Config) -> dict:
    path = Path(config.templates) / "akn.json"
    if not path.is_file():
        path = DEFAULT_TEMPLATES / "akn.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _printed_date(iso: str, language: Optional[str]) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not m or language not in (None, "en") or int(m.group(2)) not in MONTH_NAMES:
        return iso
    return f"{int(m.group(3))} {MONTH_NAMES[int(m.group(2))]} {m.group(1)}"


def _ordinal(n: int) -> Optional[str]:
    """Gives the English ordinal word of 1 to 99 as the UN prints a session ("seventy-eighth"), else None."""
    units = {v: k for k, v in ORDINAL_UNITS.items()}
    if n in units:
        return units[n]
    tens = {v: k for k, v in ORDINAL_TENS.items()} if n % 10 == 0 else {v: k for k, v in TENS.items()}
    if not 20 <= n < 100:
        return None
    return tens[n] if n % 10 == 0 else f"{tens[n - n % 10]}-{units[n % 10]}"


# --- text with its italic opening words, citations and footnote calls -------------------------------------------


class _Notes:
    """The footnotes of a resolution or part, handed out once each by marker, and the citations to link."""

    def __init__(self, footnotes: list[Footnote], references: list[dict], prefix: str) -> None:
        self.left = list(footnotes)
        self.references = references
        self.prefix = prefix
        self.count = 0
        self.headings = 0
        self.written: dict[str, str] = {}  # marker -> eId of its note

    def take(self, marker: str, paragraph: Optional[str]) -> Optional[Footnote]:
        """Gives the note ``marker`` that ``paragraph`` calls (else the first left with that marker), once."""
        found = next((f for f in self.left if f.marker == marker and f.paragraph == paragraph), None)
        found = found or next((f for f in self.left if f.marker == marker), None)
        if found is not None:
            self.left.remove(found)
        return found

    def citations(self, paragraph: Optional[str], footnote: Optional[str] = None) -> list[str]:
        """Gives the printed words of each linked citation in ``paragraph`` (or in its note ``footnote``), in order."""
        return [
            r
            for r in self.references
            if r.get("url") and r.get("paragraph") == paragraph and r.get("footnote") == footnote and r.get("text")
        ]


def _spans(text: str, italic: list, refs: list[dict], calls: list[int]) -> list[tuple[int, int, str, str]]:
    """Gives the marked-up runs of ``text``: (start, end, "italic" or "ref", url), in order and never overlapping;
    a citation is found where its printed words stand, after the one before it, outside the italics and never
    across a footnote call."""
    runs: list[tuple[int, int, str, str]] = [
        (int(a), int(b), "italic", "") for a, b in italic if 0 <= int(a) < int(b) <= len(text)
    ]
    cursor = 0
    for ref in refs:
        at = text.find(ref["text"], cursor)
        at = at if at >= 0 else text.find(ref["text"])  # listed out of order: the first free place
        while at >= 0:
            end = at + len(ref["text"])
            clash = any(s < end and at < e for s, e, _, _ in runs) or any(at < c < end for c in calls)
            if not clash:
                break
            at = text.find(ref["text"], at + 1)
        if at < 0:
            continue
        runs.append((at, end, "ref", ref["url"]))
        cursor = end
    return sorted(runs)


def _inline(parent, text: str, italic: list, refs: list[dict], calls: list[tuple[int, object]]) -> None:
    """Fills ``parent`` with ``text``: each italic run as a ``span class="italic"`` (as the UN's own files mark
    them), citations as ``ref``, and at each call's offset the element its maker gives (an ``authorialNote``):
    before a run that starts there, after one that ends there."""
    pending = sorted(((min(max(o, 0), len(text)), i, make) for i, (o, make) in enumerate(calls)), key=lambda c: c[:2])
    runs = _spans(text, italic, refs, [o for o, _, _ in pending])

    def put(box, words: str) -> None:
        words = without_unsafe(words)
        if not words:
            return
        if len(box):
            box[-1].tail = (box[-1].tail or "") + words
        else:
            box.text = (box.text or "") + words

    def emit(box, start: int, end: int, inclusive: bool) -> None:
        pos = start
        while pending and (pending[0][0] < end or (inclusive and pending[0][0] == end)):
            at = max(pending[0][0], pos)
            put(box, text[pos:at])
            pending.pop(0)[2](box)
            pos = at
        put(box, text[pos:end])

    pos = 0
    for start, end, kind, url in runs:
        emit(parent, pos, start, True)
        run = _el(parent, "span", **{"class": "italic"}) if kind == "italic" else _el(parent, "ref", href=url)
        emit(run, start, end, False)
        pos = end
    emit(parent, pos, len(text), True)


def _note_maker(notes: _Notes, marker: str, paragraph: Optional[str]):
    """Gives the function that places footnote ``marker`` of ``paragraph`` under an element: its ``authorialNote``,
    or a ``noteRef`` when the note was placed already (a second call of it) or was never found."""

    def make(under):
        note = notes.take(marker, paragraph)
        if note is None:
            return _el(
                under, "noteRef", marker=marker, href=f"#{notes.written.get(marker, notes.prefix + 'fn_missing')}"
            )
        notes.count += 1
        eid = f"{notes.prefix}fn_{notes.count}"
        notes.written.setdefault(marker, eid)
        el = _el(under, "authorialNote", marker=marker, placement="bottom", eId=eid)
        _inline(_el(el, "p"), note.text, note.italic, notes.citations(note.paragraph, note.marker), [])
        return el

    return make


def _calls(item, notes: _Notes, pid: str) -> list[tuple[int, object]]:
    """Gives (offset, note maker) for every footnote an item calls: at its printed offset, else at the end."""
    offsets = [list(x) for x in getattr(item, "marker_offsets", []) or []]
    out = []
    for marker in item.footnotes or []:
        found = next((x for x in offsets if x[0] == marker), None)
        if found is not None:
            offsets.remove(found)
        out.append((found[1] if found is not None else len(item.text), _note_maker(notes, marker, pid)))
    return out


def _p(parent, item, notes: _Notes, pid: str):
    p = _el(parent, "p")
    _inline(p, item.text, item.italic, notes.citations(pid), _calls(item, notes, pid))
    return p


# --- the parts of a statement --------------------------------------------------------------------------------


def _heading(parent, heading: Heading, notes: _Notes, pid: str, in_preamble: bool) -> None:
    """Writes a heading inside the text: a bold ``container`` in the preamble, a ``subheading`` in the body."""
    calls = [(len(heading.text), _note_maker(notes, m, pid)) for m in heading.footnotes]
    notes.headings += 1
    eid = f"{notes.prefix}heading_{notes.headings}"
    if in_preamble:
        box = _el(parent, "container", name="heading", eId=eid)
        span = _el(_el(box, "p"), "span", **{"class": "bold"})
        _inline(span, heading.text, heading.italic, [], calls)
    else:
        par = _el(parent, "paragraph", eId=eid, **{"class": "H23"})
        _inline(_el(par, "subheading"), heading.text, heading.italic, [], calls)


def _points(parent, subs: list[Subparagraph], notes: _Notes) -> None:
    for sub in subs:
        point = _el(parent, "point", eId=f"{notes.prefix}{sub.id}")
        _el(point, "num", sub.label)
        if sub.subparagraphs:
            inner = _el(point, "list", eId=f"{notes.prefix}{sub.id}_list")
            _p(_el(inner, "intro"), sub, notes, sub.id)
            _points(inner, sub.subparagraphs, notes)
        else:
            _p(_el(point, "content"), sub, notes, sub.id)


def _operative(parent, op: OperativeParagraph, notes: _Notes) -> None:
    par = _el(parent, "paragraph", eId=f"{notes.prefix}{op.id}")
    if op.number:
        _el(par, "num", f"{op.number}.")
    if op.subparagraphs:
        lst = _el(par, "list", eId=f"{notes.prefix}{op.id}_list")
        _p(_el(lst, "intro"), op, notes, op.id)
        _points(lst, op.subparagraphs, notes)
    else:
        _p(_el(par, "content"), op, notes, op.id)


def _section_heads(holder) -> set[tuple[str, str]]:
    """Gives (paragraph id, heading text) of the headings that are the heads of sections (written as ``section``)."""
    heads = set()
    for s in holder.sections:
        first = (s.preamble or s.operative or [None])[0]
        for text in (s.heading, s.title, " ".join(x for x in (s.heading, s.title) if x)):
            if first and text:
                heads.add((first, text))
                heads.add((first, f"{s.heading}. {s.title}"))
    return heads


def _body(statement, holder, notes: _Notes) -> None:
    """Writes the preamble and main body of a resolution or part: paragraphs, headings and sections in order."""
    heads = _section_heads(holder)
    before: dict[str, list[Heading]] = {}
    for h in holder.headings:
        if (h.before, h.text) not in heads:
            before.setdefault(h.before, []).append(h)
    pre = _el(statement, "preamble")
    if holder.enacting_formula:
        formula = _el(_el(pre, "formula", name="enactingFormula"), "p")
        _inline(formula, holder.enacting_formula, holder.enacting_italic, [], [])
    main = _el(statement, "mainBody")
    sections = {}
    for s in holder.sections:
        for pid in s.preamble + s.operative:
            sections[pid] = s
    opened = {}  # section id -> its element
    ops = {o.id: o for o in holder.operative}

    def where(pid: str, kind: str):
        s = sections.get(pid)
        if s is None or (s is holder.sections[0] and not s.heading and not s.title):
            return pre if kind == "pp" else main
        if s.id not in opened:
            el = _el(main, "section", eId=f"{notes.prefix}{s.id}")
            if s.heading:
                _el(el, "num", s.heading)
            if s.title:
                _el(el, "subheading", s.title)
            opened[s.id] = el
        return opened[s.id]

    pps = {p.id: p for p in holder.preamble}
    order = [pid for x in holder.sections for pid in x.preamble + x.operative]
    order += [p.id for p in holder.preamble + holder.operative if p.id not in set(order)]
    for pid in order:  # reading order: section by section, each its preamble then its operative part
        if pid in pps:
            pp = pps[pid]
            box = where(pp.id, "pp")
            for h in before.pop(pp.id, []):
                _heading(box, h, notes, pp.id, box is pre)
            if box is pre:
                el = _el(box, "container", name=pp.lead or "preamble", eId=f"{notes.prefix}{pp.id}")
                _p(el, pp, notes, pp.id)
            else:
                el = _el(box, "crossHeading", refersTo="#preamble", eId=f"{notes.prefix}{pp.id}")
                _inline(el, pp.text, pp.italic, notes.citations(pp.id), _calls(pp, notes, pp.id))
        elif pid in ops:
            box = where(pid, "op")
            for h in before.pop(pid, []):
                _heading(box, h, notes, pid, False)
            _operative(box, ops[pid], notes)
    for hs in before.values():  # after the last paragraph ("end"), or before a paragraph not found
        for h in hs:
            _heading(main, h, notes, f"op{len(holder.operative) + 1}", False)
    if not len(pre):
        statement.remove(pre)
    if not len(main):
        _el(main, "p")  # the schema wants a body; a document without paragraphs has an empty one


def _annex(parent, annex: Annex, notes: _Notes, frbr: dict) -> None:
    doc = _el(_el(parent, "attachment", eId=f"{notes.prefix}{annex.id}"), "doc", name="annex")
    _identification(_el(doc, "meta"), frbr, annex.id)
    main = _el(doc, "mainBody")
    head = _el(main, "paragraph", eId=f"{notes.prefix}{annex.id}_heading", **{"class": "H23"})
    calls = [(len(annex.heading), _note_maker(notes, m, annex.id)) for m in annex.footnotes]
    if annex.title:
        _el(head, "subheading", annex.heading)
        title = _el(main, "paragraph", eId=f"{notes.prefix}{annex.id}_title", **{"class": "H23"})
        _inline(_el(title, "subheading"), annex.title, [], [], [(len(annex.title), c) for _, c in calls])
    else:
        _inline(_el(head, "subheading"), annex.heading, [], [], calls)
    for p in annex.paragraphs:
        par = _el(main, "paragraph", eId=f"{notes.prefix}{p.id}")
        if p.label:
            _el(par, "num", p.label)
        if p.kind == "heading":
            _inline(_el(par, "subheading"), p.text, p.italic, notes.citations(p.id), _calls(p, notes, p.id))
        else:
            _p(_el(par, "content"), p, notes, p.id)


# --- metadata -----------------------------------------------------------------------------------------------


def _frbr(res: Resolution, part: Optional[Part] = None) -> dict:
    """Gives the FRBR names of a resolution (or one of its parts): work, expression and manifestation URIs, dates."""
    actor = ACTORS.get(res.body or "", "un")
    number = (part.number if part else None) or res.number or res.symbol or "document"
    number = re.sub(r"[^0-9A-Za-z.]+", "-", number).strip("-") or "document"
    adopted = (part.date_adopted if part else None) or res.date_adopted
    work = f"/akn/un/statement/deliberation/{actor}/{adopted or ''}/{number}/"
    lang = LANG3.get(res.language or "", res.language or "und")
    return {
        "work": work,
        "expression": f"{work}{lang}@/",
        "language": lang,
        "actor": actor,
        "adopted": adopted or res.date_issued or UNKNOWN_DATE,
        "adopted_name": "adoption" if adopted else ("publication" if res.date_issued else "unknown"),
        "issued": res.date_issued or adopted or UNKNOWN_DATE,
    }


def _identification(meta, frbr: dict, component: str = "") -> None:
    ident = _el(meta, "identification", source="#resbrief")
    w = _el(ident, "FRBRWork")
    _el(w, "FRBRthis", value=f"{frbr['work']}!main/{component}")
    _el(w, "FRBRuri", value=frbr["work"])
    _el(w, "FRBRdate", date=frbr["adopted"], name=frbr["adopted_name"])
    _el(w, "FRBRauthor", href=f"#{frbr['actor']}", **{"as": "#author"})
    _el(w, "FRBRcountry", value="un")
    e = _el(ident, "FRBRExpression")
    _el(e, "FRBRthis", value=f"{frbr['expression'][:-1]}!main/{component}")
    _el(e, "FRBRuri", value=frbr["expression"])
    _el(e, "FRBRdate", date=frbr["issued"], name="publication")
    _el(e, "FRBRauthor", href=f"#{frbr['actor']}", **{"as": "#issuer"})
    _el(e, "FRBRlanguage", language=frbr["language"])
    m = _el(ident, "FRBRManifestation")
    _el(m, "FRBRthis", value=f"{frbr['expression']}!main{'/' + component if component else ''}.xml")
    _el(m, "FRBRuri", value=f"{frbr['expression'].rstrip('/')}.xml")
    _el(m, "FRBRdate", date=frbr["issued"], name="markup")
    _el(m, "FRBRauthor", href="#resbrief", **{"as": "#editor"})


def _references(meta, res: Resolution, frbr: dict) -> None:
    refs = _el(meta, "references", source="#resbrief")
    _el(refs, "TLCOrganization", eId="resbrief", href="/akn/ontology/organization/resbrief", showAs="resbrief")
    _el(
        refs,
        "TLCOrganization",
        eId=frbr["actor"],
        href=f"/akn/ontology/organization/un/{frbr['actor']}",
        showAs=res.body or "United Nations",
    )
    for eid, kind, show in (
        ("publisher", "TLCRole", "Publisher"),
        ("issuingBody", "TLCRole", "Issuing body"),
        ("author", "TLCRole", "Author"),
        ("issuer", "TLCRole", "Issuer"),
        ("editor", "TLCRole", "Editor"),
        ("symbol", "TLCConcept", "Symbol"),
        ("dateOfIssuance", "TLCConcept", "Date of issuance"),
        ("adoptionDate", "TLCConcept", "Date of adoption"),
        ("adoptionMeeting", "TLCConcept", "Adoption meeting"),
        ("resolutionTitle", "TLCConcept", "Resolution title"),
        ("resolutionNumber", "TLCConcept", "Resolution number"),
        ("generalDistribution", "TLCConcept", "Distribution"),
        ("session", "TLCConcept", "Session"),
        ("proponent", "TLCConcept", "Report adopted on"),
        ("sponsors", "TLCConcept", "Sponsors"),
        ("adoption", "TLCEvent", "Adoption"),
        ("preamble", "TLCConcept", "Preamble"),
        ("publicationJobNumber", "TLCConcept", "Job number"),
    ):
        _el(refs, kind, eId=eid, href=f"/akn/ontology/concept/un/{eid}", showAs=show)


def _presentation(meta, res: Resolution) -> None:
    """Writes the first page's footer as the UN's files do (``akn4un:footerFirstPage``): the job number."""
    job = res.furniture.job_number if res.furniture else None
    if not job:
        return
    box = _el(meta, "presentation", source="#resbrief")
    footer = etree.SubElement(box, f"{{{AKN4UN}}}footerFirstPage")
    code = etree.SubElement(etree.SubElement(footer, f"{{{AKN4UN}}}footerFirstPageLeft"), f"{{{AKN4UN}}}internalCode")
    _el(code, "docketNumber", job, refersTo="#publicationJobNumber")


def _cover(parent, res: Resolution, words: dict) -> None:
    cover = _el(parent, "coverPage")
    _el(_el(cover, "p"), "docAuthority", words["publisher"], refersTo="#publisher")
    if res.symbol:
        _el(_el(cover, "p"), "docNumber", res.symbol, refersTo="#symbol")
    if res.body:
        _el(_el(cover, "p"), "docAuthority", res.body, refersTo="#issuingBody")
    if res.distribution:
        status = words["distribution"].format(distribution=res.distribution)
        _el(_el(cover, "p"), "docStatus", status, refersTo="#generalDistribution")
    if res.date_issued:
        text = _printed_date(res.date_issued, res.language)
        _el(_el(cover, "p"), "docDate", text, date=res.date_issued, refersTo="#dateOfIssuance")
    if res.session_number is not None:
        ordinal = _ordinal(res.session_number) if res.language in (None, "en") else None
        text = words["session_words"].format(ordinal=ordinal.capitalize()) if ordinal else None
        text = text or words["session"].format(n=res.session_number)
        _el(_el(cover, "p"), "session", text, value=res.session_number, refersTo="#session")
    for item in res.agenda_items:
        _el(
            _el(cover, "p"),
            "inline",
            words["agenda_item"].format(number=item.number),
            name="agenda item",
            title=item.number,
        )
        if item.title:
            _el(_el(cover, "p"), "inline", item.title, name="agenda item name")
    if res.number and res.body == "Security Council":
        _el(
            _el(cover, "p"),
            "docTitle",
            words["resolution_number"].format(number=res.number),
            refersTo="#resolutionNumber",
        )
    elif res.date_adopted and res.body and res.document_type == "resolution":
        text = words["adopted_ga"].format(body=res.body, date=_printed_date(res.date_adopted, res.language))
        _el(_el(cover, "p"), "docTitle", text)
    on = res.adopted_on
    if on and (on.body or on.document):
        prop = _el(
            _el(cover, "p"), "docProponent", words["adopted_on"].format(body=on.body or ""), refersTo="#proponent"
        )
        if on.document:
            doc = words["adopted_on_document"] if on.paragraph else "{document}"
            _el(prop, "inline", doc.format(document=on.document, paragraph=on.paragraph), name="originating document")
        prop[-1].tail = words["adopted_on_end"] if len(prop) else None
        if not len(prop):
            prop.text += words["adopted_on_end"]


def _preface(parent, holder, notes: _Notes, sponsors: list[str]) -> None:
    if not (holder.number or holder.title or sponsors):
        return
    p = _el(_el(parent, "preface"), "p")
    if holder.number:
        _el(p, "docNumber", f"{holder.number}.")
    if holder.title:
        _el(p, "docTitle", holder.title, refersTo="#resolutionTitle")
    if sponsors:
        names = _el(p, "docTitle", refersTo="sponsors")
        for i, name in enumerate(sponsors):
            _el(names, "organization", name, refersTo="#sponsor").tail = (
                ", " if i < len(sponsors) - 2 else " and " if i == len(sponsors) - 2 else None
            )
    for f in [f for f in notes.left if f.paragraph == "title"]:
        _note_maker(notes, f.marker, "title")(p)


def _conclusions(parent, meeting: Optional[str], adopted: Optional[str], language: Optional[str]) -> None:
    if not (meeting or adopted):
        return
    event = _el(_el(_el(parent, "conclusions"), "p"), "event", refersTo="#adoption")
    if meeting:
        _el(event, "location", meeting, refersTo="#adoptionMeeting")
    if meeting and adopted:
        _el(event, "eol")
    if adopted:
        _el(event, "docDate", _printed_date(adopted, language), date=adopted, refersTo="#adoptionDate")


def _statement(parent, res: Resolution, holder, references: list[dict], words: dict, prefix: str, frbr: dict):
    """Writes one statement: meta, cover (the document's own, not a part's), preface, text, conclusions, annexes."""
    name = DOC_NAMES.get(res.document_type or "", res.document_type or "resolution")
    statement = _el(parent, "statement", name=re.sub(r"\s+(\w)", lambda m: m.group(1).upper(), name))
    meta = _el(statement, "meta")
    _identification(meta, frbr)
    if holder is res:  # a decision of a collection refers to the collection's references
        _references(meta, res, frbr)
        _presentation(meta, res)
        _cover(statement, res, words)
    notes = _Notes(holder.footnotes, references, prefix)
    _preface(statement, holder, notes, res.sponsors if holder is res else [])
    _body(statement, holder, notes)
    _conclusions(statement, holder.meeting, holder.date_adopted, res.language)
    if holder.annexes:
        attachments = _el(statement, "attachments")
        for annex in holder.annexes:
            _annex(attachments, annex, notes, frbr)
    left = list(notes.left)
    if left:  # notes no paragraph calls: at the end of the text, in printed order
        box = statement.find(f"{{{AKN}}}mainBody")
        p = _el(box, "paragraph", eId=f"{prefix}notes", **{"class": "H23"})
        sub = _el(p, "subheading")
        for f in left:
            _note_maker(notes, f.marker, f.paragraph)(sub)
    return statement


def akn_bytes(res: Resolution, config: Config = Config()) -> bytes:
    """Gives resolution.akn.xml's bytes: the Resolution as Akoma Ntoso 3.0 (AKN4UN conventions), UTF-8."""
    words = _wording(config)
    root = etree.Element(f"{{{AKN}}}akomaNtoso", nsmap=NSMAP)
    if res.source is not None:
        root.append(
            etree.Comment(
                " " + words["comment"].format(file=res.source.file, sha256=res.source.sha256).replace("--", "- -") + " "
            )
        )
    refs = list(res.references or [])
    if res.parts:
        coll = _el(root, "documentCollection", name="decisions")
        meta = _el(coll, "meta")
        frbr = _frbr(res)
        _identification(meta, frbr)
        _references(meta, res, frbr)
        _presentation(meta, res)
        _cover(coll, res, words)
        if res.footnotes:  # notes of the whole document, not of one decision
            notes = _Notes(res.footnotes, [r for r in refs if r.get("part") is None], "")
            p = _el(_el(coll, "preface"), "p")
            for f in res.footnotes:
                _note_maker(notes, f.marker, f.paragraph)(p)
        body = _el(coll, "collectionBody")
        for i, part in enumerate(res.parts, 1):
            own = [r for r in refs if r.get("part") == i - 1]  # "part" indexes ``parts`` from 0
            comp = _el(body, "component", eId=f"part{i}")
            _statement(comp, res, part, own, words, f"part{i}__", _frbr(res, part))
        _conclusions(coll, res.meeting, res.date_adopted, res.language)
    else:
        _statement(root, res, res, refs, words, "", _frbr(res))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_akn(res: Resolution, path: Path, config: Config = Config()) -> Path:
    """Writes resolution.akn.xml for a Resolution and gives its path."""
    path.write_bytes(akn_bytes(res, config))
    return path
