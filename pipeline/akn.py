"""Reads Akoma Ntoso (the UN's AKN4UN XML, or resbrief's own ``resolution.akn.xml``) into a resolution.

A reader beside the segment stage: :func:`read_akn` gives a plain dict with the
contract's keys (the ground truth of :mod:`pipeline.evaluate`), and
:func:`read_resolution` the ``Resolution`` the annotate and render stages take,
so a pack can be made from the UN's XML.  The file is parsed with lxml without
entity expansion, DTDs or network access; a document that declares entities,
or is not well-formed Akoma Ntoso, is one ``ConversionError`` line.
Decisions on irregular structures:

* paragraphs in ``mainBody`` that hold a ``heading``/``subheading``, that are
  styled as headings (class ``H1``/``H23``/``H4``...) or whose text is all bold
  with no number ("Action 1. ...") become ``headings`` (``before`` = id of the
  next operative paragraph); ``part``/``section``/``chapter``/``hcontainer``
  wrappers are walked through, their num + heading also become headings;
* every other ``mainBody`` paragraph is operative, numbered or not (80/5
  "Adopts ...", S/RES/2770 "Decides ..." have no number); the text of a
  declaration printed in the body (79/1, the Pact) stays operative;
* ``attachments`` become ``annexes`` shaped as :mod:`pipeline.annex` makes
  them (heading, number, title, flat headings and paragraphs with their
  labels); an attachment that holds "Annex I" and "Annex II" (79/1) is split
  at the second heading; a footnote in an annex has ``paragraph`` =
  ``annexN.pK`` (``annexN`` on its heading or title);
* a list's ``wrapUp`` is kept as ``wrap_up`` on the paragraph.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from pathlib import Path
from typing import Optional

from lxml import etree as ET

from pipeline.clean import italic_offsets
from pipeline.errors import ConversionError, path_text
from pipeline.model import Resolution, resolution_from_dict
from pipeline.segment.annexes import HEAD as ANNEX_HEAD
from pipeline.segment.annexes import LABEL as ANNEX_LABEL
from pipeline.segment.annexes import split_heading
from pipeline.segment.paragraphs import verb_form

NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
LANGS = {
    "eng": "en",
    "ara": "ar",
    "zho": "zh",
    "chi": "zh",
    "fra": "fr",
    "fre": "fr",
    "rus": "ru",
    "spa": "es",
    "deu": "de",
    "ger": "de",
    "und": None,
}
WRAPPERS = {"part", "section", "chapter", "hcontainer", "title", "subsection", "division"}
REF_HOSTS = ("undocs.org", "docs.un.org")
STARS = re.compile(r"\*[*\s]*")


def _tag(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _plain(el: Optional[ET.Element]) -> str:
    return _ws("".join(el.itertext())) if el is not None else ""


def _find(el: ET.Element, name: str) -> Optional[ET.Element]:
    return el.find(f".//{NS}{name}")


class _Sink:
    """Collects footnotes and references met while reading text, with their anchor."""

    def __init__(self) -> None:
        self.footnotes: list[dict] = []
        self.references: list[dict] = []
        self.anchor: Optional[str] = None
        self.lifted: list[dict] = []  # headings mis-nested as list points (79/1)
        self.attachment = 0  # the attachment being read
        self.offsets: list[list] = []  # [marker, offset] of the calls in the text read last
        self.italic: list[list] = []  # [start, end] of the italic runs in the text read last

    def note(self, el: ET.Element) -> str:
        marker = el.get("marker")
        marker = str(len(self.footnotes) + 1) if marker is None else marker
        text, italic = _styled(el)
        self.footnotes.append({"marker": marker, "text": text, "paragraph": self.anchor, "italic": italic})
        for a in el.iter():
            self.link(a, footnote=marker)
        return marker

    def link(self, el: ET.Element, footnote: Optional[str] = None) -> None:
        href = el.get("href") or ""
        if _tag(el) not in ("a", "ref") or not any(h in href for h in REF_HOSTS):
            return
        self.references.append(
            {"symbol": reference_symbol(href), "url": href, "paragraph": self.anchor, "footnote": footnote}
        )


def reference_symbol(url: str) -> str:
    """Gives the document symbol that an undocs.org / docs.un.org link points to."""
    path = urllib.parse.unquote(urllib.parse.urlparse(url).path).strip("/")
    path = re.sub(r"^(?:[a-z]{2}/)", "", path)
    return path.replace("(", " (").replace("  ", " ").strip()


CALL = "\ue000"  # stands where a footnote is called while a text is read; taken out by _unmark


ITALIC_ON, ITALIC_OFF = "\ue001", "\ue002"  # stand where an italic span opens and closes; taken out by _unmark


def _unmark(text: str) -> tuple[str, list[int], list[list[int]]]:
    """Gives ``text`` without its CALL and italic characters (and the space doubled where one stood), the offsets of
    its calls and the [start, end] runs of its italics."""
    out: list[str] = []
    offsets: list[int] = []
    slanted: list[bool] = []
    depth = 0
    for ch in text:
        if ch == CALL:
            offsets.append(len(out))
        elif ch in (ITALIC_ON, ITALIC_OFF):
            depth = max(0, depth + (1 if ch == ITALIC_ON else -1))
        elif not (ch == " " and (not out or out[-1] == " ")):
            out.append(ch)
            slanted.append(depth > 0)
    plain = "".join(out).rstrip(" ")
    style = [None if ch.isspace() else flag for ch, flag in zip(plain, slanted)]
    return plain, [min(o, len(plain)) for o in offsets], italic_offsets(style, plain)


def _is_italic(el: ET.Element) -> bool:
    """Tells an italic run: a ``span class="italic"`` as the UN marks them, or an ``i``."""
    return _tag(el) == "i" or (_tag(el) == "span" and "italic" in (el.get("class") or "").split())


def _marked(el: ET.Element) -> str:
    """Gives the text of ``el`` with ITALIC_ON and ITALIC_OFF around its italic runs, and nothing else done."""
    inner = (el.text or "") + "".join(_marked(c) + (c.tail or "") for c in el if isinstance(c.tag, str))
    return ITALIC_ON + inner + ITALIC_OFF if _is_italic(el) else inner


def _styled(el: Optional[ET.Element]) -> tuple[str, list[list[int]]]:
    """Gives the text of an element as ``_plain`` gives it, and the [start, end] runs of its italics."""
    if el is None:
        return "", []
    text, _, italic = _unmark(_ws(_marked(el)))
    return text, italic


def _text(el: ET.Element, sink: _Sink, markers: list[str]) -> str:
    """Text of ``el`` with footnote markers left out (collected into ``markers``, a CALL where each stood)."""
    parts = [el.text or ""]
    for child in el:
        t = _tag(child)
        if t == "authorialNote":
            markers.append(sink.note(child))
            parts.append(CALL)
        elif t == "noteRef" and child.get("marker"):  # a second call of a note placed already
            markers.append(child.get("marker"))
            parts.append(CALL)
        else:
            sink.link(child)
            inner = _text(child, sink, markers)
            parts.append(ITALIC_ON + inner + ITALIC_OFF if _is_italic(child) else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _lead(p: Optional[ET.Element]) -> Optional[str]:
    """The italic opening words of a paragraph, or None when it does not open in italics."""
    if p is None or (p.text or "").strip():
        return None
    words: list[str] = []
    for child in p:
        if _tag(child) != "span" or "italic" not in (child.get("class") or ""):
            break
        words.append("".join(child.itertext()))
        if (child.tail or "").strip():
            break
    lead = _ws(" ".join(words)) if words else ""
    return lead.rstrip(",;:") or None


def _first_p(el: Optional[ET.Element]) -> Optional[ET.Element]:
    ps = [] if el is None else _paras(el)
    return ps[0] if ps else None


def _paras(el: ET.Element) -> list[ET.Element]:
    """The ``p`` elements of a block, not those inside footnotes or other ``p``s."""
    out: list[ET.Element] = []
    for child in el:
        t = _tag(child)
        if t == "p":
            out.append(child)
        elif t != "authorialNote":
            out.extend(_paras(child))
    return out


def _block_text(el: Optional[ET.Element], sink: _Sink, markers: list[str]) -> str:
    """Gives the text of a block (its ``p``s joined); ``sink.offsets`` gets [marker, offset] of each call in it."""
    sink.offsets, sink.italic = [], []
    if el is None:
        return ""
    ps = [el] if _tag(el) == "p" else _paras(el) or [el]
    start = len(markers)
    text, offsets, sink.italic = _unmark(_ws(" ".join(_text(p, sink, markers) for p in ps)))
    sink.offsets = [[m, o] for m, o in zip(markers[start:], offsets)]
    return text


def _label_key(label: str, index: int) -> str:
    key = re.sub(r"[^0-9A-Za-z]", "", label)
    return key or str(index)


def _points(lst: ET.Element, parent_id: str, sink: _Sink) -> list[dict]:
    """Sub-paragraphs of a ``list``/``sublist``: points, nested sublists, nested lists."""
    out: list[dict] = []
    for child in lst:
        t = _tag(child)
        if t == "point" and _all_bold(child.find(NS + "content")):
            sink.lifted.append(_heading_entry(child))
        elif t == "point":
            out.append(_point(child, parent_id, len(out) + 1, sink))
        elif t == "sublist" and out:
            out[-1]["subparagraphs"].extend(_points(child, out[-1]["id"], sink))
        elif t == "sublist":
            out.extend(_points(child, parent_id, sink))
    return out


def _list_and_body(el: ET.Element) -> tuple[Optional[ET.Element], Optional[ET.Element]]:
    """Gives a paragraph's list of lettered items (None without one) and the element holding its own words: the
    list's intro when it has items, else its content."""
    lst = el.find(NS + "list")
    return lst, (lst.find(NS + "intro") if lst is not None else el.find(NS + "content"))


def _point(el: ET.Element, parent_id: str, index: int, sink: _Sink) -> dict:
    label = _plain(el.find(NS + "num"))
    sid = f"{parent_id}.{_label_key(label, index)}"
    sink.anchor = sid
    markers: list[str] = []
    inner, body = _list_and_body(el)
    sub = {
        "id": sid,
        "label": label,
        "text": _block_text(body, sink, markers),
        "subparagraphs": [],
        "footnotes": markers,
        "marker_offsets": sink.offsets,
        "italic": sink.italic,
    }
    if inner is not None:
        sub["subparagraphs"] = _points(inner, sid, sink)
    return sub


def _all_bold(content: Optional[ET.Element]) -> bool:
    """True when every word of ``content`` sits in bold spans (a heading in disguise)."""
    if content is None:
        return False
    spans = list(content.iter(NS + "span"))
    loose = "".join((p.text or "") + "".join(s.tail or "" for s in p) for p in content.iter(NS + "p"))
    return bool(spans) and all("bold" in (s.get("class") or "") for s in spans) and not loose.strip()


def _is_heading(par: ET.Element) -> bool:
    kids = {_tag(c) for c in par}
    if kids & {"heading", "subheading"}:
        return True
    if re.match(r"H\d", par.get("class") or "") and "list" not in kids:
        return True
    return "num" not in kids and _all_bold(par.find(NS + "content"))


def _operative(par: ET.Element, index: int, sink: _Sink) -> dict:
    oid = f"op{index}"
    sink.anchor = oid
    num = _plain(par.find(NS + "num")).rstrip(".") or None
    markers: list[str] = []
    lst, body = _list_and_body(par)
    op = {
        "id": oid,
        "number": num,
        "verb": _lead(_first_p(body)),
        "text": _block_text(body, sink, markers),
        "subparagraphs": [],
        "footnotes": markers,
        "marker_offsets": sink.offsets,
        "italic": sink.italic,
    }
    if lst is not None:
        op["subparagraphs"] = _points(lst, oid, sink)
        wrap = lst.find(NS + "wrapUp")
        if wrap is not None:
            sink.anchor = oid
            op["wrap_up"] = _block_text(wrap, sink, markers)
    return op


def _body_items(el: ET.Element) -> list[tuple[str, ET.Element]]:
    """Flattens ``mainBody`` into ("section"|"heading"|"recital"|"para", element), walking wrappers.

    A ``section`` opens a part of a sectioned resolution; its ``crossHeading``s that refer to the preamble are
    that part's preambular paragraphs; other wrappers' num + heading become headings."""
    items: list[tuple[str, ET.Element]] = []
    for child in el:
        t = _tag(child)
        if t == "section":
            items.append(("section", child))
            items.extend(_body_items(child))
        elif t in WRAPPERS:
            head = " ".join(x for x in (_plain(child.find(NS + "num")), _plain(child.find(NS + "heading"))) if x)
            if head:
                items.append(("heading", child))
            items.extend(_body_items(child))
        elif t == "crossHeading" and child.get("refersTo") == "#preamble":
            items.append(("recital", child))
        elif t == "paragraph":
            items.append(("heading" if _is_heading(child) else "para", child))
    return items


def _heading_entry(el: ET.Element) -> dict:
    """Gives a heading's text (its number, heading and words) and its italic runs."""
    if _tag(el) in WRAPPERS:
        parts = [el.find(NS + "num"), el.find(NS + "heading")]
    else:
        parts = [c for c in el if _tag(c) in ("num", "heading", "subheading", "content", "p")]
    words = [w for w in (_ws(_marked(p)) for p in parts if p is not None) if _unmark(w)[0]]
    text, _, italic = _unmark(" ".join(words))
    return {"text": text, "italic": italic}


def _entry(el: ET.Element) -> dict:
    """Gives an element's text and italic runs as a pending heading."""
    text, italic = _styled(el)
    return {"text": text, "italic": italic}


def _section_head(el: ET.Element) -> tuple[Optional[str], Optional[str]]:
    """Gives a ``section``'s number ("IV", printed alone or inside a ``p``) and its title (its subheading)."""
    num = el.find(NS + "num")
    if num is None:
        num = next((p.find(NS + "num") for p in el.findall(NS + "p") if p.find(NS + "num") is not None), None)
    title = el.find(NS + "subheading")
    if title is None:
        title = el.find(NS + "heading")
    return (_plain(num).rstrip(".") or None), (_plain(title) or None)


class _Body:
    """Reads the preambles and main bodies of a statement in printed order into paragraphs, headings and sections.

    A sectioned resolution (the Fifth Committee's "I", "II" ...) comes as ``section``s whose preambular paragraphs
    are ``crossHeading``s, or as several ``preamble``/``mainBody`` pairs.  Ids run on across the parts (pp1 ...,
    op1 ...); a part opens at each ``section``, and where preambular paragraphs follow operative ones after a
    heading (an outcome document adopted by the resolution)."""

    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        self.formula: Optional[str] = None
        self.formula_italic: list[list[int]] = []
        self.preamble: list[dict] = []
        self.operative: list[dict] = []
        self.headings: list[dict] = []
        self.sections: list[dict] = []
        self.pending: list[dict] = []  # headings (text, italic runs) waiting for the paragraph they introduce
        self.sectioned = False

    def _section(self, heading: Optional[str], title: Optional[str]) -> None:
        if not self.sections and (self.preamble or self.operative):
            self.sections.append(self._new(None, None))
            self.sections[-1]["preamble"] = [p["id"] for p in self.preamble]
            self.sections[-1]["operative"] = [o["id"] for o in self.operative]
        self.sections.append(self._new(heading, title))

    def _new(self, heading: Optional[str], title: Optional[str]) -> dict:
        return {"id": f"s{len(self.sections) + 1}", "heading": heading, "title": title, "preamble": [], "operative": []}

    def _place(self, kind: str, pid: str) -> None:
        self.headings.extend({"text": h["text"], "before": pid, "italic": h["italic"]} for h in self.pending)
        self.pending = []
        if self.sections:
            self.sections[-1][kind].append(pid)

    def recital(self, el: ET.Element, as_p: bool = False) -> None:
        """Reads one preambular paragraph (a ``container``, ``p`` or ``crossHeading``), or a heading dressed as one."""
        pid = f"pp{len(self.preamble) + 1}"
        self.sink.anchor = pid
        if _all_bold(el) and not _lead(_first_p(el) if not as_p else el):
            self.pending.append(_entry(el))  # a heading among preambular paragraphs (S/RES/2776 (2025))
            for note in el.iter(NS + "authorialNote"):
                self.sink.note(note)
            return
        markers: list[str] = []
        text = _block_text(el, self.sink, markers)
        if not text:
            return
        if STARS.fullmatch(text):
            self.pending.append({"text": text, "italic": []})  # "* * *" parts the text as a heading does
            return
        current = self.sections[-1]["operative"] if self.sections else self.operative
        if current and self.pending and not self.sectioned:
            self._section(None, " ".join(h["text"] for h in self.pending))
        lead = _lead(el if as_p else _first_p(el))
        self.preamble.append(
            {
                "id": pid,
                "lead": lead,
                "text": text,
                "footnotes": markers,
                "marker_offsets": self.sink.offsets,
                "italic": self.sink.italic,
            }
        )
        self._place("preamble", pid)

    def read_preamble(self, pre: ET.Element) -> None:
        """Reads a ``preamble``: the enacting formula, then preambular paragraphs and headings among them."""
        for child in pre:
            t = _tag(child)
            if t == "formula" and self.formula is None and not self.preamble:
                self.formula, self.formula_italic = _styled(child)
            elif t in ("container", "p", "block", "recitals", "recital"):
                self.recital(child, as_p=t == "p")

    def read_main_body(self, body: ET.Element) -> None:
        """Reads a ``mainBody``: sections, headings, operative paragraphs and their lists."""
        for kind, el in _body_items(body):
            if kind == "section":
                self.sectioned = True
                number, title = _section_head(el)
                self._section(number, title)
                self.pending.append({"text": " ".join(x for x in (number, title) if x), "italic": []})
                continue
            if kind == "recital":
                self.recital(el, as_p=True)
                continue
            text = _plain(el.find(NS + "content"))
            if kind == "heading" or STARS.fullmatch(text):  # "* * *" parts a text as headings do
                self.sink.anchor = f"op{len(self.operative) + 1}"
                for note in el.iter(NS + "authorialNote"):
                    self.sink.note(note)
                self.pending.append(_heading_entry(el))
                continue
            label = _plain(el.find(NS + "num"))
            if self.operative and re.fullmatch(r"\([a-z]{1,4}\)", label):
                # a lettered item marked up as a paragraph of its own (S/RES/2776, after 48.)
                prev = self.operative[-1]
                prev["subparagraphs"].append(_point(el, prev["id"], len(prev["subparagraphs"]) + 1, self.sink))
                continue
            content = el.find(NS + "content")
            if not label and content is not None and text.endswith(",") and not verb_form(_lead(_first_p(content))):
                self.recital(content)  # a preambular paragraph marked up in the body ("Aiming to ...,")
                continue
            self.operative.append(_operative(el, len(self.operative) + 1, self.sink))
            self._place("operative", self.operative[-1]["id"])
            self.pending = self.sink.lifted
            self.sink.lifted = []

    def finish(self) -> None:
        """Places the headings left after the last paragraph."""
        self.headings.extend({"text": h["text"], "before": "end", "italic": h["italic"]} for h in self.pending)
        self.pending = []
        self.sections = [s for s in self.sections if s["preamble"] or s["operative"] or s["heading"] or s["title"]]


def _items(el: ET.Element, sink: _Sink, out: list[dict], prefix: list[str]) -> None:
    """Appends the printed items of an attachment: headings, paragraphs (with num), table rows."""
    for child in el:
        t = _tag(child)
        if t == "meta":
            continue
        if t == "num":
            prefix.append(_plain(child))
            continue
        if t not in ("tr", "p", "heading", "subheading"):
            _items(child, sink, out, prefix)
            continue
        sink.anchor = f"item{sink.attachment}.{len(out)}"  # unique across attachments, mapped to ids below
        markers: list[str] = []
        if t == "tr":
            text = _ws(" ".join(_text(c, sink, markers) for c in child))
        else:
            text = _ws(_text(child, sink, markers))
        label = prefix[0] if prefix else None
        prefix.clear()
        if not label and t != "tr":
            m = ANNEX_LABEL.match(text.replace(ITALIC_ON, "").replace(ITALIC_OFF, ""))
            label, text = (m.group(1), _after(text, m.end())) if m else (None, text)
        text, offsets, italic = _unmark(text)
        if text or label:
            out.append(
                {
                    "kind": "heading" if t in ("heading", "subheading") else "paragraph",
                    "label": label,
                    "text": text,
                    "footnotes": markers,
                    "marker_offsets": [[m, o] for m, o in zip(markers, offsets)] if t != "tr" else [],
                    "italic": italic,
                    "anchor": sink.anchor,
                }
            )


def _after(text: str, n: int) -> str:
    """Gives ``text`` after its first ``n`` characters, italic marks not counted (an italic run cut there reopens)."""
    seen, depth = 0, 0
    for i, ch in enumerate(text):
        if seen == n:
            return ITALIC_ON * depth + text[i:]
        if ch in (ITALIC_ON, ITALIC_OFF):
            depth = max(0, depth + (1 if ch == ITALIC_ON else -1))
        else:
            seen += 1
    return ""


def _annexes(doc: ET.Element, sink: _Sink) -> list[dict]:
    """Gives the annexes of the attachments, an attachment split at each "Annex II" heading inside it."""
    annexes: list[dict] = []
    moved: dict[str, str] = {}
    for att in doc.iter(NS + "attachment"):
        items: list[dict] = []
        sink.attachment += 1
        _items(att, sink, items, [])
        current = None
        for item in items:
            head = item["kind"] == "heading" and not item["label"] and ANNEX_HEAD.match(item["text"])
            if current is None or (head and (current["paragraphs"] or current["heading"])):
                current = {
                    "id": f"annex{len(annexes) + 1}",
                    "heading": None,
                    "number": None,
                    "title": None,
                    "paragraphs": [],
                    "footnotes": [],
                }
                annexes.append(current)
            if head and not current["heading"]:
                current["heading"], current["number"], current["title"] = split_heading(item["text"])
            elif (
                item["kind"] == "heading"
                and not item["label"]
                and current["title"] is None
                and not current["paragraphs"]
            ):
                current["title"] = item["text"]
            else:
                pid = f"{current['id']}.p{len(current['paragraphs']) + 1}"
                moved[item["anchor"]] = pid
                current["paragraphs"].append(
                    {
                        "id": pid,
                        "kind": item["kind"],
                        "label": item["label"],
                        "text": item["text"],
                        "footnotes": item["footnotes"],
                        "marker_offsets": item["marker_offsets"],
                        "italic": item["italic"],
                    }
                )
                continue
            moved[item["anchor"]] = current["id"]
            current["footnotes"] += item["footnotes"]
    for entry in sink.footnotes + sink.references:
        if entry["paragraph"] in moved:
            entry["paragraph"] = moved[entry["paragraph"]]
    for annex in annexes:
        annex["heading"] = annex["heading"] or "Annex"
    return annexes


# --- metadata ----------------------------------------------------------------


def _by_ref(el: Optional[ET.Element], tag: str, ref: str) -> Optional[ET.Element]:
    if el is None:
        return None
    for x in el.iter(NS + tag):
        if x.get("refersTo") == ref:
            return x
    return None


def _agenda(cover: ET.Element) -> list[dict]:
    items = []
    for x in cover.iter(NS + "inline"):
        if x.get("name") == "agenda item":
            number = x.get("title") or re.sub(r"(?i)^agenda items?\s*", "", _plain(x))
            items.append({"number": number, "title": None})
        elif x.get("name") == "agenda item name" and items:
            items[-1]["title"] = _plain(x)
    return items


def _adopted_on(cover: ET.Element) -> Optional[dict]:
    prop = _find(cover, "docProponent")
    if prop is None:
        return None
    text = _plain(prop)
    m = re.search(r"on the report of the (.+?) \((?=[A-Z]/)", text)
    doc = _plain(_find(prop, "inline")) or None
    para = None
    if doc and ", para" in doc:
        doc, para = doc.split(", para", 1)
        para = para.lstrip("s.").strip()
    return {"body": m.group(1) if m else None, "document": doc, "paragraph": para}


def _sponsors(preface: Optional[ET.Element]) -> list[str]:
    t = _by_ref(preface, "docTitle", "sponsors")
    if t is None:
        return []
    named = [_plain(o) for o in t.iter(NS + "organization")]
    if named:  # each sponsor marked up (resbrief's files): names holding "and" stay whole
        return named
    text = re.sub(r":\s*draft resolution\s*$", "", _plain(t))
    head, _, last = text.rpartition(" and ")
    names = (head.split(", ") + [last]) if head else [text]
    return [n.strip() for n in names if n.strip()]


def _meta(doc: ET.Element) -> dict:
    cover = doc.find(NS + "coverPage")
    cover = cover if cover is not None else ET.Element("coverPage")
    preface, concl = doc.find(NS + "preface"), doc.find(NS + "conclusions")
    lang = doc.find(f".//{NS}FRBRExpression/{NS}FRBRlanguage")
    symbol = _plain(_find(cover, "docNumber")) or None
    issued = _by_ref(cover, "docDate", "#dateOfIssuance")
    adopted = _by_ref(concl, "docDate", "#adoptionDate")
    if adopted is None:
        adopted = _by_ref(cover, "docDate", "#adoptionDate")
    meeting = _by_ref(concl, "location", "#adoptionMeeting")
    if meeting is None:
        meeting = next((x for x in cover.iter(NS + "inline") if x.get("name") == "adoptionMeeting"), None)
    session = _find(cover, "session")
    number = _plain(_find(preface, "docNumber")).rstrip(".") if preface is not None else ""
    resnum = _by_ref(cover, "docTitle", "#resolutionNumber")
    if not number and resnum is not None:
        number = re.sub(r"(?i)^resolution\s+", "", _plain(resnum))
    title = _by_ref(preface, "docTitle", "#resolutionTitle")
    status = _plain(_find(cover, "docStatus"))
    name = doc.get("name") or ""
    return {
        "symbol": symbol,
        "body": _plain(_by_ref(cover, "docAuthority", "#issuingBody")) or None,
        "document_type": re.sub(r"(?<=[a-z])([A-Z])", lambda m: " " + m.group(1).lower(), name) or None,
        "language": LANGS.get(lang.get("language"), lang.get("language")) if lang is not None else None,
        "session_number": int(session.get("value"))
        if session is not None and (session.get("value") or "").isdigit()
        else None,
        "agenda_items": _agenda(cover),
        "distribution": status.split(":", 1)[-1].strip() or None,
        "date_issued": issued.get("date") if issued is not None else None,
        "date_adopted": adopted.get("date") if adopted is not None else None,
        "meeting": _plain(meeting) or None,
        "adopted_on": _adopted_on(cover),
        "number": number or None,
        "title": _plain(title) or None,
        "sponsors": _sponsors(preface),
    }


def _statement(root: ET.Element) -> ET.Element:
    for child in root:
        if _tag(child) not in ("", "meta", "components"):
            return child
    return root


def _parser() -> ET.XMLParser:
    """Gives an XML parser that expands no entity, loads no DTD, fetches nothing and refuses a huge tree."""
    return ET.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_pis=True, remove_comments=True
    )


def parse_akn(data: bytes, name: str = "the file"):
    """Gives the root element of Akoma Ntoso bytes, or raises ConversionError (one line) for bad XML: not
    well-formed, declaring entities or a DTD, or whose root is not ``akomaNtoso``."""
    try:
        tree = ET.fromstring(data, _parser()).getroottree()
    except ET.XMLSyntaxError as exc:
        raise ConversionError(f"{name}: not well-formed XML ({exc})", "bad-xml") from None
    if tree.docinfo.internalDTD is not None or tree.docinfo.system_url or tree.docinfo.public_id:
        raise ConversionError(f"{name}: XML with a DOCTYPE is refused (entities are not expanded)", "bad-xml")
    root = tree.getroot()
    if root.tag != NS + "akomaNtoso":
        raise ConversionError(f"{name}: not Akoma Ntoso 3.0 (the root is {_tag(root) or root.tag})", "bad-xml")
    return root


def _document(root):
    """Gives the statement of an ``akomaNtoso`` root (the first component of a document collection)."""
    doc = _statement(root)
    if _tag(doc) == "documentCollection":
        first = next(iter(doc.iter(NS + "statement")), None)
        return first if first is not None else doc
    return doc


def read_akn(path, data: Optional[bytes] = None) -> dict:
    """Gives the dict shaped like ``resolution.json`` that an Akoma Ntoso file describes (ConversionError when
    it is not Akoma Ntoso); a document collection gives one ``parts`` entry per component."""
    path = Path(path)
    data = path.read_bytes() if data is None else data
    root = parse_akn(data, path_text(path.name))
    components = (
        [s for s in _statement(root).iter(NS + "statement")] if _tag(_statement(root)) == "documentCollection" else []
    )
    if components:
        out = _read_statement(components[0], path.name, data)
        whole = _collection_meta(_statement(root))
        parts = [_read_statement(c, path.name, data) for c in components]
        out.update(whole)
        for k in ("preamble", "operative", "footnotes", "headings", "sections", "annexes", "references"):
            out[k] = []
        out["number"] = out["title"] = out["enacting_formula"] = None
        out["enacting_italic"] = []
        out["parts"] = [_part(p) for p in parts]
        out["references"] = [dict(r, part=i) for i, p in enumerate(parts) for r in p["references"]]
        shared = _Sink()
        preface = _statement(root).find(NS + "preface")
        for note in preface.iter(NS + "authorialNote") if preface is not None else []:
            shared.note(note)  # notes of the whole document: no paragraph calls them
        out["footnotes"] = shared.footnotes
        out["furniture"] = _furniture(_statement(root))
        out["references"] += shared.references
        return out
    return _read_statement(_document(root), path.name, data)


def _read_statement(doc, name: str, data: bytes) -> dict:
    """Gives the dict of one statement (a resolution or decision) of an Akoma Ntoso file."""
    sink = _Sink()
    out = _meta(doc)
    preface = doc.find(NS + "preface")
    sink.anchor = "title"
    for note in preface.iter(NS + "authorialNote") if preface is not None else []:
        sink.note(note)
    body = _Body(sink)
    for child in doc:
        if _tag(child) == "preamble":
            body.read_preamble(child)
        elif _tag(child) == "mainBody":
            body.read_main_body(child)
    body.finish()
    out.update(
        enacting_formula=body.formula,
        enacting_italic=body.formula_italic,
        preamble=body.preamble,
        operative=body.operative,
        headings=body.headings,
        sections=body.sections,
    )
    out["annexes"] = _annexes(doc, sink)
    out.update(
        footnotes=sink.footnotes,
        references=sink.references,
        parts=[],
        furniture=_furniture(doc),
        source={"file": name, "sha256": hashlib.sha256(data).hexdigest(), "pages": 0},
        warnings=[],
    )
    return out


def _furniture(doc) -> Optional[dict]:
    """Gives the page furniture the meta names: the job number of the first page's footer (``docketNumber``)."""
    meta = doc.find(NS + "meta")
    job = _plain(meta.find(f".//{NS}docketNumber")) if meta is not None else ""
    return {"job_number": job} if job else None


PART_KEYS = (
    "number",
    "title",
    "enacting_formula",
    "enacting_italic",
    "preamble",
    "operative",
    "footnotes",
    "headings",
    "sections",
    "annexes",
    "meeting",
    "date_adopted",
)


def _part(d: dict) -> dict:
    return {k: d.get(k) for k in PART_KEYS}


def _collection_meta(coll) -> dict:
    """Gives the cover metadata of a document collection (symbol, dates, session, meeting) as a statement's are read."""
    return {k: v for k, v in _meta(coll).items() if k not in ("number", "title", "sponsors")}


def read_resolution(path, data: Optional[bytes] = None) -> Resolution:
    """Gives the Resolution an Akoma Ntoso file holds (text, footnotes, annexes, cover metadata), without
    ``references`` or ``annotations``: the annotate stage finds them; ConversionError when it is not Akoma Ntoso."""
    d = read_akn(path, data)
    d["references"] = []
    return resolution_from_dict(d)


def akn_language(path) -> Optional[str]:
    """Gives the two-letter language of an AKN file, from FRBRlanguage or the file suffix."""
    try:
        for _, el in ET.iterparse(str(path), resolve_entities=False, no_network=True, load_dtd=False):
            if _tag(el) == "FRBRlanguage":
                return LANGS.get(el.get("language"), el.get("language"))
    except ET.XMLSyntaxError:
        pass
    m = re.search(r"([ACEFRSG])\.xml$", str(path))
    return {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es", "G": "de"}.get(m.group(1)) if m else None
