"""The body of a resolution: the enacting formula, preambular and operative paragraphs, sub-paragraphs, headings.

Preambular paragraphs open with italic words; operative paragraphs carry a
number and an italic verb; sub-paragraphs ("(a)", "(i)", "(A)", "(1)", "•")
nest by the kind of their labels.  Ids are given in reading order
(``pp1``, ``op3``, ``op3.a``), and every footnote call is recorded where it
is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from pipeline.clean import plain
from pipeline.model import Block, Heading, OperativeParagraph, PreambularParagraph, Section, Span, Subparagraph
from pipeline.segment import cover as cover_mod
from pipeline.segment.annexes import build_annexes, opens_annex
from pipeline.segment.footnotes import Calls
from pipeline.segment.spans import is_heading, italic_runs, leading_italic, marker_offsets, markers, strip_prefix

ENACTING = re.compile(
    r"^(?:(The|La|El|Le|Les)\s+[^;.]{3,300}?(Assembly|Council|Conference|Commission|Committee|Meeting|"
    r"Parties|Board|Protocol|Agreement|Asamblea|Consejo|Conferencia|París|Partes|Assemblée|Conseil)"
    r"|(?:Генеральная Ассамблея|Совет Безопасности|Экономический и Социальный Совет|Совет по правам человека))"
    r"[^,;.]{0,80},?$"
)
OPERATIVE = re.compile(r"^(\d{1,3})\.\s+")
UNDOTTED = re.compile(r"^(\d{1,3})\s+(?=[A-Z])")  # "11 Condemns": a number printed without its point
SUBPARA = re.compile(r"^(?:\(([a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)|([•\-–])|([a-z]|[ivx]{1,5})\))\s+")
ROMAN = re.compile(r"^[ivxlc]+$")


@dataclass
class _Para:
    """A paragraph under construction, before ids are given."""

    block: Block
    spans: list[Span]
    kind: str  # preamble, operative, sub
    number: Optional[str] = None
    label: Optional[str] = None
    printed: Optional[str] = None  # the label as printed: "(a)", "a)", "•"
    children: list["_Para"] = field(default_factory=list)


def _label_kind(label: str, stack: list[tuple[str, "_Para"]]) -> str:
    """Gives the kind of a sub-paragraph label: alpha (a), roman (i), upper (A) or digit (1)."""
    if not label.isalnum():
        return "bullet"
    if label.isdigit():
        return "digit"
    if label.isupper():
        return "upper"
    if ROMAN.match(label):
        alpha = next((p.label for k, p in reversed(stack) if k == "alpha"), None)
        if alpha and len(label) == 1 and len(alpha) == 1 and ord(label) == ord(alpha) + 1:
            return "alpha"  # (i) after (h), (v) after (u), (x) after (w)
        if label == "i" or any(k == "roman" for k, _ in stack):
            return "roman"
    return "alpha"


def _nest(subs: list[_Para]) -> list[_Para]:
    """Gives sub-paragraphs nested by the kind of their labels: (a) > (i) > (A) > (1)."""
    roots: list[_Para] = []
    stack: list[tuple[str, _Para]] = []
    for sub in subs:
        kind = _label_kind(sub.label or "", stack)
        if kind in [k for k, _ in stack]:
            while stack[-1][0] != kind:
                stack.pop()
            stack.pop()
        if stack:
            stack[-1][1].children.append(sub)
        else:
            roots.append(sub)
        stack.append((kind, sub))
    return roots


def classify(
    blocks: list[Block], amendment: bool = False
) -> tuple[list[_Para], list[Heading], list[Block], list[Block], list[tuple[int, list[Block]]]]:
    """Gives the paragraphs, headings, annex blocks, closing blocks and sections of the body.

    A section is (index of its first paragraph, the heading blocks printed before it)."""
    paras: list[_Para] = []
    headings: list[Heading] = []
    pending_headings: list[Block] = []
    groups: list[tuple[int, list[Block]]] = []  # every heading group and the paragraph it introduces
    sections: list[tuple[int, list[Block]]] = []
    annex: list[Block] = []
    closing: list[Block] = []
    in_annex = False
    seen_operative = amendment
    for block in blocks:
        text = plain(block.spans)
        if not text:
            continue
        if pending_headings and not in_annex and _opens_section(paras, sections, pending_headings, block, text):
            if not sections:
                sections.extend(_first_sections(groups, pending_headings))
            sections.append((len(paras), list(pending_headings)))
            seen_operative = amendment
            if not OPERATIVE.match(text):
                # a part's first paragraph: an unnumbered operative one ("Approves resources ...;", "Recalls ...,")
                # or its preamble, even where that opens in roman ("We, the Ministers ...,")
                kind = "operative" if verb_form(leading_italic(block.spans)) else "preamble"
                seen_operative = seen_operative or kind == "operative"
                paras.append(_Para(block, list(block.spans), kind))
                groups.append((len(paras) - 1, pending_headings))
                for heading in pending_headings:
                    headings.append(_heading(heading, len(paras) - 1))
                pending_headings = []
                continue
        if cover_mod.is_closing(text):
            closing.append(block)  # also after an annex (UNFCCC decisions end "12th plenary meeting")
            continue
        if in_annex:
            annex.append(block)
            continue
        if opens_annex(block):
            in_annex = True
            annex.append(block)
            continue
        m_op = OPERATIVE.match(text)
        if m_op and _in_numbered_list(paras, block, int(m_op.group(1))):
            m = m_op
            paras.append(
                _Para(block, strip_prefix(block.spans, OPERATIVE), "sub", label=m.group(1), printed=m.group(0).strip())
            )
        elif m_op or _undotted_number(paras, block):
            seen_operative = True
            pattern = OPERATIVE if m_op else UNDOTTED
            paras.append(
                _Para(block, strip_prefix(block.spans, pattern), "operative", number=pattern.match(text).group(1))
            )
        elif SUBPARA.match(text) and paras:
            m = SUBPARA.match(text)
            paras.append(
                _Para(
                    block,
                    strip_prefix(block.spans, SUBPARA),
                    "sub",
                    label=m.group(1) or m.group(2) or m.group(3),
                    printed=m.group(0).strip(),
                )
            )
        elif is_heading(block, text):
            pending_headings.append(block)
            continue
        elif amendment and paras:
            _continue(paras[-1], block)  # an amendment's quoted words belong to its instruction
            continue
        elif amendment or (not seen_operative and is_unnumbered_operative(block, text)):
            seen_operative = True
            paras.append(_Para(block, list(block.spans), "operative"))
        elif paras and (not _opens_paragraph(block) or seen_operative):
            _continue(paras[-1], block)  # quoted text or a paragraph split across a page
            last = paras[-1]
            if not seen_operative and last.kind == "preamble" and is_unnumbered_operative(last, plain(last.spans)):
                last.kind, seen_operative = "operative", True  # an unnumbered operative one over several blocks
            continue
        else:
            paras.append(_Para(block, list(block.spans), "preamble"))
        if pending_headings:
            groups.append((len(paras) - 1, pending_headings))
        for heading in pending_headings:
            headings.append(_heading(heading, len(paras) - 1))
        pending_headings = []
    return paras, headings, annex, closing, sections


SECTION_LABEL = re.compile(r"^([IVXLC]{1,7}|[A-Z])\.?$")


def section_label(block: Block) -> Optional[str]:
    """Gives the number or letter that heads a section ("I", "XXVI", "B") when the heading's first line is one."""
    text = block.text
    cuts = [c for c in block.line_starts if 0 < c < len(text)] + [len(text)]
    first = text[: cuts[0]].strip()
    m = SECTION_LABEL.match(first) or re.match(r"^([IVXLC]{1,7}|[A-Z])\.\s", first)
    return m.group(1) if m else None


def _roman(label: str) -> Optional[int]:
    """Gives the value of a Roman numeral ("XXVI" gives 26), or None."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not re.fullmatch(r"[IVXLC]+", label):
        return None
    total = 0
    for a, b in zip(label, label[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def _follows(label: Optional[str], previous: Optional[str]) -> bool:
    """Tells whether a section label comes next after another in its series: "VIII" after "VII", "B" after "A"."""
    if not label or not previous:
        return False
    r, q = _roman(label), _roman(previous)
    if r is not None and q is not None and r == q + 1:
        return True
    return len(label) == 1 and len(previous) == 1 and ord(label) == ord(previous) + 1


def _opens_section(
    paras: list[_Para], sections: list[tuple[int, list[Block]]], pending: list[Block], block: Block, text: str
) -> bool:
    """Tells whether the headings before ``block`` open a new part of a sectioned resolution.

    They do when operative paragraphs came before them in the current part and what follows them starts a part
    afresh: preambular paragraphs again (a comma-ended paragraph right after the heading), operative numbering
    restarting at 1, or, once the text has sections, a heading numbered next after the last section's."""
    start = sections[-1][0] if sections else 0
    ops = [p for p in paras[start:] if p.kind == "operative"]
    if not ops:
        return False
    m = OPERATIVE.match(text)
    if m:
        return m.group(1) == "1" and any(p.number for p in ops)
    if text.endswith(",") and not SUBPARA.match(text):
        return True
    last = next((group for _, group in reversed(sections) if group), [])
    return bool(last) and _follows(section_label(pending[0]), section_label(last[0]))


def _first_sections(groups: list[tuple[int, list[Block]]], pending: list[Block]) -> list[tuple[int, list[Block]]]:
    """Gives the sections before the first one found: the part whose heading the new one's follows ("I" before
    "II"), and the resolution's own paragraphs before that part, if any."""
    label = section_label(pending[0])
    for index, group in groups:
        if _follows(label, section_label(group[0])):
            return [(index, group)] if index == 0 else [(0, []), (index, group)]
    return [(0, groups[0][1] if groups and groups[0][0] == 0 else [])]


def _undotted_number(paras: list[_Para], block: Block) -> bool:
    """Tells a paragraph number printed without its point ("11 Condemns" after 10) by sequence and italic verb."""
    m = UNDOTTED.match(plain(block.spans))
    ops = [p for p in paras if p.kind == "operative" and p.number and p.number.isdigit()]
    return bool(
        m and ops and int(m.group(1)) == int(ops[-1].number) + 1 and leading_italic(strip_prefix(block.spans, UNDOTTED))
    )


def _in_numbered_list(paras: list[_Para], block: Block, number: int) -> bool:
    """Tells an indented "1." list inside an operative paragraph ("... towards the following:") from the next paragraph."""
    ops = [p for p in paras if p.kind == "operative"]
    if not ops or not ops[-1].number or block.x0 <= ops[-1].block.x0 + 4:
        return False
    last = paras[-1]
    if number == 1:
        return plain(last.spans).endswith(":")
    return last.kind == "sub" and last.label == str(number - 1)


def is_unnumbered_operative(block: Block | _Para, text: str) -> bool:
    """Tells whether an unnumbered paragraph is operative: a verb such as "Adopts", ending in ; . or :."""
    return text.endswith((".", ";", ":")) and verb_form(leading_italic(block.spans))


def verb_form(lead: Optional[str]) -> bool:
    """Tells whether italic opening words start with an operative verb ("Adopts", "Recalls"), not a participle."""
    if not lead:
        return False
    first = lead.split()[0].lower()
    if re.match(r"[а-яё]", first):  # Russian: "постановляет", "просит"; not the gerunds "считая", "получив"
        return first.endswith(("ет", "ит", "ют", "ят"))
    return first.endswith("s") and not first.endswith(("ss", "ous", "ing"))


def _opens_paragraph(block: Block) -> bool:
    return leading_italic(block.spans) is not None


def _heading(block: Block, before: int) -> Heading:
    """Gives a heading printed before the paragraph at index ``before``."""
    return Heading(
        text=plain(block.spans), before=str(before), footnotes=markers(block.spans), italic=italic_runs(block.spans)
    )


def _continue(para: _Para, block: Block) -> None:
    para.spans = para.spans + [Span(" ")] + list(block.spans)


def _group(paras: list[_Para]) -> tuple[list[_Para], list[_Para]]:
    """Gives preambular and operative paragraphs, sub-paragraphs nested under their operative one."""
    preamble, operative = [], []
    subs: list[_Para] = []

    def flush():
        if operative and subs:
            operative[-1].children = _nest(subs)
        subs.clear()

    for p in paras:
        if p.kind == "operative":
            flush()
            operative.append(p)
        elif p.kind == "sub":
            if operative:
                subs.append(p)
            elif preamble:
                _continue(preamble[-1], p.block)
        else:
            preamble.append(p)
    flush()
    return preamble, operative


def _sub(p: _Para, parent_id: str, where: Calls, index: int = 1) -> Subparagraph:
    sid = f"{parent_id}.{p.label}" if p.label.isalnum() else f"{parent_id}.{index}"
    for m in markers(p.spans):
        where.add(m, sid, p.block.page)
    return Subparagraph(
        id=sid,
        label=p.printed or f"({p.label})",
        text=plain(p.spans),
        subparagraphs=[_sub(c, sid, where, i) for i, c in enumerate(p.children, 1)],
        footnotes=markers(p.spans),
        marker_offsets=marker_offsets(p.spans),
        italic=italic_runs(p.spans),
    )


def build_text(paras: list[_Para], headings: list[Heading], where: Calls, sections=()):
    """Gives preamble, operative paragraphs, headings and sections with ids, recording where markers fall."""
    preamble_p, operative_p = _group(paras)
    ids: dict[int, str] = {}

    def claim(p: _Para, pid: str) -> str:
        ids[id(p)] = pid
        for m in markers(p.spans):
            where.add(m, pid, p.block.page)
        return pid

    preamble = [
        PreambularParagraph(
            id=claim(p, f"pp{i}"),
            lead=leading_italic(p.spans),
            text=plain(p.spans),
            footnotes=markers(p.spans),
            marker_offsets=marker_offsets(p.spans),
            italic=italic_runs(p.spans),
        )
        for i, p in enumerate(preamble_p, 1)
    ]
    operative = []
    for i, p in enumerate(operative_p, 1):
        oid = claim(p, f"op{i}")
        operative.append(
            OperativeParagraph(
                id=oid,
                number=p.number,
                verb=leading_italic(p.spans),
                text=plain(p.spans),
                subparagraphs=[_sub(c, oid, where, i) for i, c in enumerate(p.children, 1)],
                footnotes=markers(p.spans),
                marker_offsets=marker_offsets(p.spans),
                italic=italic_runs(p.spans),
            )
        )
    resolved = []
    for h in headings:
        target = paras[int(h.before)]
        if id(target) in ids:
            resolved.append(Heading(text=h.text, before=ids[id(target)], footnotes=h.footnotes, italic=h.italic))
            for m in h.footnotes:  # a heading's note belongs to the paragraph it introduces
                where.add(m, ids[id(target)], target.block.page)
    return preamble, operative, resolved, _sections(paras, sections, ids)


def _sections(paras: list[_Para], sections, ids: dict[int, str]) -> list[Section]:
    """Gives each section with its heading, title and the ids of its own paragraphs."""
    out = []
    bounds = [start for start, _ in sections] + [len(paras)]
    for k, (start, group) in enumerate(sections):
        own = [ids[id(p)] for p in paras[start : bounds[k + 1]] if id(p) in ids]
        text = " ".join(plain(b.spans) for b in group)
        label = section_label(group[0]) if group else None
        title = re.sub(rf"^{re.escape(label)}\.?\s*", "", text) if label else text
        out.append(
            Section(
                id=f"s{len(out) + 1}",
                heading=label,
                title=title or None,
                preamble=[i for i in own if i.startswith("pp")],
                operative=[i for i in own if i.startswith("op")],
            )
        )
    return [s for s in out if s.preamble or s.operative or s.heading or s.title]


def enacting_index(blocks: list[Block]) -> Optional[int]:
    """Gives the index of the block that is the enacting formula ("The General Assembly,"), or None."""
    for i, block in enumerate(blocks):
        text = plain(block.spans)
        if ENACTING.match(text) and len(text) < 400 and not cover_mod.is_bold(block):
            return i
    return None


def fill(target, blocks: list[Block], title_spans: list[Span], amendment: bool = False) -> Calls:
    """Fills a Resolution or Part with the paragraphs of the blocks after its enacting formula.

    Gives where each footnote call was found."""
    paras, headings, annex, closing, sections = classify(blocks, amendment)
    where = Calls()
    for m in markers(title_spans):
        where.add(m, "title", 1)
    target.preamble, target.operative, target.headings, target.sections = build_text(paras, headings, where, sections)
    target.annexes = build_annexes(annex, where)
    cover_mod.read_closing(closing, target)
    return where
