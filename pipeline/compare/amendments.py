"""Amendments: the instructions of an amendment document read, and applied to the draft they amend.

An amendment says, paragraph by paragraph, what to change in a draft:

* "In operative paragraph 64, after “…” insert “…”" (also *before*; "at the end
  of …, add “…”"),
* "In the fifth preambular paragraph, replace “…” with “…”" (or *by*),
  "delete “…”",
* "Delete operative paragraph 7", "Replace operative paragraph 3 with: “…”",
* "Insert a new operative paragraph after operative paragraph 12: “…”".

The words an instruction quotes are looked for in the paragraph it names.
When they are not there (an amendment to a revised draft numbers paragraphs
as the revision does), the paragraph of the same kind that holds them is
used, the one nearest the number given when several do, and the instruction
says so in its ``note``.  An instruction whose words are in no paragraph is
not applied, and says why; nothing is guessed.
"""

from __future__ import annotations

import copy
import re
from typing import Optional

from pipeline.lexicon.numbers import ordinal
from pipeline.model import OperativeParagraph, PreambularParagraph, Resolution, Subparagraph

_SAME_LENGTH = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "‑": "-", "\u00a0": " "})
Q = r"[“\"](?P<{}>[^”\"]*)[”\"]"  # a quoted passage
ORDINAL = r"(?:[a-z]+-)?[a-z]*(?:first|second|third|th)"  # "fifth", "twenty-second"
_TARGET = re.compile(
    r"(?:(?P<kind2>preambular|operative)\s+paragraph\s+(?P<num>\d+)(?:\s*\((?P<sub>[a-z]{1,4})\))?"
    rf"|(?:the\s+)?(?P<ord>{ORDINAL})\s+(?P<kind1>preambular|operative)\s+paragraph)",
    re.I,
)
_WORDS = (
    (
        "after",
        re.compile(
            r"\bafter\s+(?:the\s+words?\s+)?"
            + Q.format("anchor")
            + r",?\s+(?:insert|add)\s+(?:the\s+words?\s+)?"
            + Q.format("text"),
            re.I,
        ),
    ),
    (
        "before",
        re.compile(
            r"\bbefore\s+(?:the\s+words?\s+)?"
            + Q.format("anchor")
            + r",?\s+(?:insert|add)\s+(?:the\s+words?\s+)?"
            + Q.format("text"),
            re.I,
        ),
    ),
    (
        "after",
        re.compile(
            r"\b(?:insert|add)\s+(?:the\s+words?\s+)?"
            + Q.format("text")
            + r"\s+after\s+(?:the\s+words?\s+)?"
            + Q.format("anchor"),
            re.I,
        ),
    ),
    (
        "replace",
        re.compile(
            r"\breplace\s+(?:the\s+words?\s+)?"
            + Q.format("anchor")
            + r"\s+(?:with|by)\s+(?:the\s+words?\s+)?"
            + Q.format("text"),
            re.I,
        ),
    ),
    ("delete", re.compile(r"\bdelete\s+(?:the\s+words?\s+)?" + Q.format("anchor"), re.I)),
    ("end", re.compile(r"\bat\s+the\s+end(?:\s+of\s+the\s+paragraph)?,?\s+(?:insert|add)\s+" + Q.format("text"), re.I)),
)
_DELETE_PARAGRAPH = re.compile(r"^\s*delete\s+(?:the\s+)?" + _TARGET.pattern + r"\s*[.;]?\s*$", re.I)
_REPLACE_PARAGRAPH = re.compile(
    r"^\s*replace\s+(?:the\s+)?" + _TARGET.pattern + r"\s+(?:with|by)\s+(?:the\s+following)?[^“\"]*" + Q.format("text"),
    re.I,
)
_NEW_PARAGRAPH = re.compile(
    r"(?:insert|add)\s+a\s+new\s+(?P<newkind>preambular|operative)\s+paragraph(?:\s+\d+)?,?\s+"
    r"(?P<where>after|before)\s+(?:the\s+)?(?:(?P<word>"
    + ORDINAL
    + r")\s+(?P<refkind1>preambular|operative)\s+paragraph"
    r"|(?P<refkind2>preambular|operative)\s+paragraph\s+(?P<at>\d+))[^“\"]*" + Q.format("text"),
    re.I,
)


def _search(text: str) -> str:
    return text.translate(_SAME_LENGTH)


def _paragraphs(res: Resolution, kind: str) -> list:
    return res.preamble if kind == "preambular" else res.operative


def _number_of(m: re.Match) -> tuple[str, Optional[int], Optional[str]]:
    """Gives (kind, number, sub-paragraph letter) an instruction's target names."""
    if m.group("kind2"):
        return m.group("kind2").lower(), int(m.group("num")), m.group("sub")
    return m.group("kind1").lower(), ordinal(m.group("ord").lower()), None


def _number(p) -> Optional[int]:
    value = getattr(p, "number", None)
    return int(value) if value and str(value).isdigit() else None


def _named(res: Resolution, kind: str, number: Optional[int]):
    paras = _paragraphs(res, kind)
    if number is None:
        return None
    if kind == "preambular":
        return paras[number - 1] if 0 < number <= len(paras) else None
    return next((p for p in paras if _number(p) == number), None)


def _holders(p) -> list:
    """Gives the paragraph and its sub-paragraphs, each holding some of its words."""
    out = [p]

    def walk(subs: list[Subparagraph]) -> None:
        for s in subs:
            out.append(s)
            walk(s.subparagraphs)

    walk(getattr(p, "subparagraphs", []) or [])
    return out


def _find(p, anchor: str):
    for h in _holders(p):
        at = _search(h.text).find(_search(anchor))
        if at >= 0:
            return h, at
    return None


def _label(kind: str, p, res: Resolution) -> str:
    if kind == "preambular":
        return f"preambular paragraph {res.preamble.index(p) + 1}"
    return f"operative paragraph {p.number or res.operative.index(p) + 1}"


def _locate(res: Resolution, kind: str, number: Optional[int], anchor: str, symbol: str) -> tuple:
    """Gives (paragraph, holder, offset, note) for the quoted words, or (None, None, None, why not)."""
    named = _named(res, kind, number)
    if named is not None:
        found = _find(named, anchor)
        if found:
            return named, found[0], found[1], ""
    holders = [(p, *f) for p in _paragraphs(res, kind) for f in [_find(p, anchor)] if f]
    given = f"{kind} paragraph {number}" if number else f"the {kind} paragraph named"
    if not holders:
        return None, None, None, f"“{anchor}” is not in {given} nor in any other {kind} paragraph of {symbol}"
    index = _paragraphs(res, kind).index
    place = (lambda p: _number(p) or index(p) + 1) if kind == "operative" else (lambda p: index(p) + 1)
    best = min(holders, key=lambda h: (abs(place(h[0]) - (number or 0)), place(h[0])))
    others = [_label(kind, h[0], res) for h in holders if h[0] is not best[0]]
    note = f"“{anchor}” is not in {given} of {symbol}; applied to {_label(kind, best[0], res)}, which holds it"
    if others:
        note += f" (nearest of {len(holders)}; also in {', '.join(others)})"
    return best[0], best[1], best[2], note


def _joined(before: str, text: str, after: str) -> str:
    """Gives the words with ``text`` put between ``before`` and ``after``, one space apart, punctuation kept close."""
    text = text.strip()
    left = before.rstrip()
    right = after.lstrip()
    glue_left = "" if not left or re.match(r"[,;:.)]", text) else " "
    glue_right = "" if not right or re.match(r"[,;:.)]", right) else " "
    return left + glue_left + text + glue_right + right


def _apply_words(holder, at: int, action: str, anchor: str, text: str) -> None:
    t = holder.text
    end = at + len(anchor)
    if action == "after":
        holder.text = _joined(t[:end], text, t[end:])
    elif action == "before":
        holder.text = _joined(t[:at], text, t[at:])
    elif action == "replace":
        holder.text = _joined(t[:at], text, t[end:])
    elif action == "delete":
        holder.text = _joined(t[:at], "", t[end:]).replace("  ", " ")
        holder.text = re.sub(r"\s+([,;:.])", r"\1", holder.text)


def _renumber(res: Resolution) -> None:
    """Numbers the paragraphs afresh after paragraphs were inserted or deleted, as the amended text prints them."""
    moved: dict[str, str] = {}
    for i, p in enumerate(res.preamble, start=1):
        moved[p.id], p.id = f"pp{i}", f"pp{i}"
    numbered = all(o.number is None or str(o.number).isdigit() for o in res.operative)
    for i, o in enumerate(res.operative, start=1):
        old = o.id
        o.id = f"op{i}"
        if old:
            moved[old] = o.id
            for s in _holders(o)[1:]:
                moved[s.id] = o.id + s.id[len(old) :] if s.id.startswith(old + ".") else s.id
                s.id = moved[s.id]
        if numbered:
            o.number = str(i)
    for f in res.footnotes:
        f.paragraph = moved.get(f.paragraph, f.paragraph)


def _new_paragraph(kind: str, text: str):
    if kind == "preambular":
        return PreambularParagraph(id="", lead=None, text=text.strip())
    return OperativeParagraph(id="", number=None, verb=None, text=text.strip())


def _instruction(res: Resolution, text: str, symbol: str) -> dict:
    """Applies one instruction to ``res`` (in place) and gives what was done."""
    out = {"text": text, "action": None, "target": None, "status": "not applied", "note": ""}
    m = _NEW_PARAGRAPH.search(text)
    if m:
        kind = m.group("newkind").lower()
        where_kind = (m.group("refkind1") or m.group("refkind2")).lower()
        number = int(m.group("at")) if m.group("at") else ordinal((m.group("word") or "").lower())
        named = _named(res, where_kind, number)
        out["action"] = "new paragraph"
        if named is None:
            out["note"] = f"{where_kind} paragraph {number} is not in {symbol}"
            return out
        paras = _paragraphs(res, kind)
        at = paras.index(named) + (1 if m.group("where").lower() == "after" else 0)
        paras.insert(at, _new_paragraph(kind, m.group("text")))
        out.update(target=_label(where_kind, named, res), status="applied")
        return out
    whole = _DELETE_PARAGRAPH.match(text) or _REPLACE_PARAGRAPH.match(text)
    if whole:
        kind, number, _ = _number_of(whole)
        named = _named(res, kind, number)
        out["action"] = "delete paragraph" if whole.re is _DELETE_PARAGRAPH else "replace paragraph"
        if named is None:
            out["note"] = f"{kind} paragraph {number} is not in {symbol}"
            return out
        out["target"] = _label(kind, named, res)
        paras = _paragraphs(res, kind)
        if whole.re is _DELETE_PARAGRAPH:
            paras.remove(named)
        else:
            paras[paras.index(named)] = _new_paragraph(kind, whole.group("text"))
        out["status"] = "applied"
        return out
    target = _TARGET.search(text)
    steps = sorted(
        ((m.start(), action, m) for action, pattern in _WORDS for m in pattern.finditer(text)), key=lambda s: s[0]
    )
    steps = [s for k, s in enumerate(steps) if not any(o[0] <= s[0] < o[2].end() for o in steps[:k])]
    if target is None or not steps:
        out["note"] = f"instruction not understood: {text[:120]}"
        return out
    kind, number, _ = _number_of(target)
    notes, done = [], 0
    for _, action, m in steps:
        out["action"] = action if out["action"] in (None, action) else "several"
        if action == "end":
            named = _named(res, kind, number)
            if named is None:
                notes.append(f"{kind} paragraph {number} is not in {symbol}")
                continue
            last = _holders(named)[-1]
            last.text = re.sub(r"[;.,]?$", "", last.text.rstrip()) + " " + m.group("text").strip()
            out["target"] = out["target"] or _label(kind, named, res)
            done += 1
            continue
        anchor = m.group("anchor")
        para, holder, at, note = _locate(res, kind, number, anchor, symbol)
        if note:
            notes.append(note)
        if para is None:
            continue
        _apply_words(holder, at, action, anchor, m.groupdict().get("text") or "")
        out["target"] = out["target"] or _label(kind, para, res)
        done += 1
    out["status"] = "applied" if done == len(steps) else ("partly applied" if done else "not applied")
    out["note"] = "; ".join(notes)
    return out


def instructions_of(amendment: Resolution) -> list[str]:
    """Gives the instructions of an amendment: its numbered paragraphs (or its only paragraph), in order."""
    paras = [o.text for o in amendment.operative] or [p.text for p in amendment.preamble]
    return [p for p in paras if p.strip()]


def apply_amendment(draft: Resolution, amendment: Resolution) -> tuple[Resolution, dict]:
    """Gives (the draft as amended, a report of each instruction: what, where, applied or not and why)."""
    amended = copy.deepcopy(draft)
    amended.annotations = None
    amended.references = []
    symbol = draft.symbol or "the draft"
    report = {
        "symbol": amendment.symbol,
        "amends": getattr(amendment, "amends", None),
        "sponsors": list(amendment.sponsors),
        "draft": draft.symbol,
        "instructions": [],
    }
    if report["amends"] and draft.symbol and report["amends"] != draft.symbol:
        report["note"] = f"{amendment.symbol} amends {report['amends']}; it is applied here to {draft.symbol}"
    for k, text in enumerate(instructions_of(amendment), start=1):
        entry = _instruction(amended, text, symbol)
        entry["number"] = str(k)
        report["instructions"].append(entry)
        if entry["status"] != "applied" and not entry["note"]:
            entry["note"] = f"instruction {k} of {amendment.symbol} could not be applied to {symbol}"
        elif entry["note"]:
            entry["note"] = f"instruction {k} of {amendment.symbol}: {entry['note']}"
    _renumber(amended)
    amended.warnings = [i["note"] for i in report["instructions"] if i["note"]]
    return amended, report
