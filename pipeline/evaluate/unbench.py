"""Scores Security Council drafts against the UNBench clean texts (silver truth).

UNBench ``Content`` is hard-wrapped body text with no paragraph marks, so the
paragraphs are rebuilt heuristically: a numbered line opens an operative
paragraph, "(a)" or "•" a sub-paragraph, and a capitalised participle after a line
ending in punctuation opens a preambular paragraph.  The texts also carry what
a clean text should not: page furniture, footnote blocks, section headings,
operative paragraphs run together on one line ("...; 10. Confirms ...") or
printed without their number, and annexes after the closing paragraph.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

from pipeline.annotate.verbs import verb_lexicon
from pipeline.clean import SUSPENDED
from pipeline.evaluate.documents import UNBENCH_FIELDS, aggregate, load_predictions, score_rows
from pipeline.evaluate.scoring import symbol_key

_OP = re.compile(r"^(\d+)\.\s*(.*)$")
_UNDOTTED = re.compile(r"^(\d{1,3})\s+([A-Z].*)$")  # "11     Condemns": printed without its point
_SUB = re.compile(r"^(\((?:[a-z]{1,2}|[ivxl]+)\)|•)\s*(.*)$")
_PREAMBLE_WORDS = (
    "acting",
    "noting",
    "recalling",
    "reaffirming",
    "welcoming",
    "expressing",
    "recognizing",
    "stressing",
    "emphasizing",
    "determining",
    "underlining",
    "taking",
    "bearing",
    "having",
    "mindful",
    "deeply",
    "gravely",
    "concerned",
    "affirming",
    "condemning",
    "reiterating",
    "underscoring",
    "commending",
    "deploring",
    "convinced",
    "alarmed",
    "determined",
    "aware",
    "guided",
    "encouraged",
    "disturbed",
    "appalled",
    "seriously",
    "further",
    "also",
)
_FURNITURE = re.compile(
    r"^(?:\d{2}-\d{5}\s*\(E\).*|.*\bPle[ae]se recycle\b.*|\*\d{7}\*|"
    r"S/\d{4}/\d+(?:/Rev\.\d+)?|\d{1,2}/\d{1,2})$"
)
_SEPARATOR = re.compile(r"^_{5,}$")
_HEADING = re.compile(r"^[A-Z][A-Za-z’' \-]{0,59}$")
_RUN_ON_HEADING = r"[A-Z][a-z]+(?: [a-z]+){0,4}"  # "Reporting and review" before "36. Calls"
_ENDS = (",", ";", ":", ".")
_MARKER_END = re.compile(r"(?<=[,;:.])\s+\d{1,2}$")
_CLOSING = re.compile(r"seized of (?:the|this) matter\.$")


def _body_lines(content: str) -> list[str]:
    """Gives the stripped non-empty lines of ``content`` without page furniture and footnote blocks."""
    out: list[str] = []
    in_notes = False
    for line in (ln.strip() for ln in content.splitlines()):
        if not line or _FURNITURE.match(line):
            continue
        if _SEPARATOR.match(line):
            in_notes = True
            continue
        if in_notes and not _opens(line):
            continue
        in_notes = False
        out.append(line)
    return out


def _split_run_on(lines: list[str]) -> list[str]:
    """Gives ``lines`` with operative paragraphs run on after a ";" ("...; 10. Confirms") and a first
    sub-paragraph run on after a colon on lines of their own, dropping a heading run on before a number."""
    out: list[str] = []
    last = 0
    for line in lines:
        m = _OP.match(line)
        if m and int(m.group(1)) == last + 1:
            last += 1
        while True:
            nxt = re.search(rf"(?<=[;.:])\s+(?:{_RUN_ON_HEADING}\s+)?(?={last + 1}\.\s+[A-Z])", line)
            if not nxt or last == 0:
                break
            out.append(line[: nxt.start()])
            line, last = line[nxt.end() :], last + 1
        out.extend(_split_first_sub(line))
    return out


def _split_first_sub(line: str) -> list[str]:
    """Gives ``line`` split before an "(a)" run on after a colon, unless "(b)" follows in the same line
    (an enumeration in running text: "resources to: (a) the protection ...; and (b) ensuring ...")."""
    if " (b) " in line:
        return [line]
    return re.split(r"(?<=:)\s+(?=\(a\)\s)", line, maxsplit=1)


def _ends_sentence(prev: str, marks: tuple[str, ...] = _ENDS) -> bool:
    """Tells whether ``prev`` ends in one of ``marks``, a footnote marker after it aside."""
    return _MARKER_END.sub("", prev.rstrip()).endswith(marks)


def _preamble_opening(line: str) -> bool:
    """Tells whether ``line`` starts with a preambular opening ("Noting", "Strongly condemning")."""
    words = [w.strip(",").lower() for w in line.split(" ", 2)[:2]]
    if not line[:1].isupper() or not words[0]:
        return False
    if words[0].endswith("ing") or words[0] in _PREAMBLE_WORDS:
        return True
    return words[0].endswith("ly") and len(words) > 1 and words[1].endswith(("ing", "ed"))


def _opens(line: str) -> bool:
    """Tells whether ``line`` can open a paragraph: a number, a sub-paragraph label or a preambular opening."""
    return bool(_OP.match(line) or _SUB.match(line) or _preamble_opening(line))


def _starts_preamble(line: str, prev: str) -> bool:
    """Tells whether ``line`` opens a preambular paragraph after the line ``prev``."""
    return _ends_sentence(prev) and _preamble_opening(line)


def _is_heading(lines: list[str], i: int, prev: str) -> bool:
    """Tells whether line ``i`` is a section heading ("Arms embargo") between two paragraphs."""
    j = i + 1
    while j < min(len(lines), i + 3) and _HEADING.match(lines[j]):
        j += 1  # a heading wrapped on two lines ("AMISOM" / "Priorities")
    nxt = lines[j] if j < len(lines) else ""
    return bool(_HEADING.match(lines[i]) and _ends_sentence(prev) and (_OP.match(nxt) or _preamble_opening(nxt)))


def _numbers_after(lines: list[str], i: int) -> list[int]:
    """Gives the numbers of the numbered lines after line ``i``."""
    return [int(m.group(1)) for m in map(_OP.match, lines[i + 1 :]) if m]


def _unnumbered_operative(lines: list[str], i: int, prev: str, last: int) -> bool:
    """Tells whether line ``i`` is an operative paragraph printed without its number ``last + 1``."""
    after = _numbers_after(lines, i)
    return (
        last > 0
        and bool(after)
        and after[0] == last + 2
        and _ends_sentence(prev, (";", ":", "."))
        and lines[i][:1].isupper()
        and bool(verb_lexicon()[1].match(lines[i]))
    )


def _join(left: str, right: str) -> str:
    """Gives two wrapped lines joined: straight on after a line-end hyphen ("police‑" + "contributing")."""
    if re.search(r"[A-Za-z][-\u2011]$", left) and not SUSPENDED.match(right):
        return left + right
    return f"{left} {right}"


def _tidy(text: str) -> str:
    """Gives a paragraph text without a footnote marker left at its end ("conflict, 1")."""
    return _MARKER_END.sub("", text)


def _undotted(line: str, last: int) -> bool:
    """Tells the next paragraph number printed without its point ("11 Condemns" after 10)."""
    m = _UNDOTTED.match(line)
    return bool(m) and int(m.group(1)) == last + 1


def unbench_truth(content: str) -> dict:
    """Rebuilds formula, preamble and operative paragraphs from a UNBench ``Content`` text."""
    lines = _split_run_on(_body_lines(content))
    formula = lines.pop(0) if lines and lines[0].lower().startswith("the security council") else None
    pre: list[dict] = []
    ops: list[dict] = []
    current: Optional[dict] = None
    prev = formula or ""
    for i, line in enumerate(lines):
        m_op, m_sub = _OP.match(line), _SUB.match(line)
        last = int(ops[-1]["number"]) if ops else 0
        if _is_heading(lines, i, prev):
            continue
        if m_op and ops and int(m_op.group(1)) <= last:
            if last + 1 not in _numbers_after(lines, i):
                break  # numbering restarts for good: an annex follows
            current = {"label": f"{m_op.group(1)}.", "text": m_op.group(2), "subparagraphs": []}
            ops[-1]["subparagraphs"].append(current)  # a numbered list inside a paragraph
        elif m_op or (ops and _undotted(line, last)):
            m = m_op or _UNDOTTED.match(line)
            current = {"number": m.group(1), "text": m.group(2), "subparagraphs": []}
            ops.append(current)
        elif ops and _CLOSING.search(ops[-1]["text"]) and current is ops[-1]:
            break  # text after the closing paragraph: an annex
        elif m_sub and ops:
            current = {"label": m_sub.group(1), "text": m_sub.group(2), "subparagraphs": []}
            ops[-1]["subparagraphs"].append(current)
        elif ops and _unnumbered_operative(lines, i, prev, last):
            current = {"number": str(last + 1), "text": line, "subparagraphs": []}
            ops.append(current)
        elif not ops and (current is None or _starts_preamble(line, prev)):
            current = {"text": line}
            pre.append(current)
        else:
            current["text"] = _join(current["text"], line)
        prev = line
    for i, p in enumerate(pre, 1):
        p.update(id=f"pp{i}", text=_tidy(p["text"]), lead=None, footnotes=[])
    for i, o in enumerate(ops, 1):
        o.update(id=f"op{i}", text=_tidy(o["text"]), verb=None, footnotes=[])
    return {"enacting_formula": formula, "preamble": pre, "operative": ops, "footnotes": []}


def _strip_number(pred: dict) -> dict:
    """Gives ``pred`` with operative texts that start with their own number stripped of it."""
    ops = [
        dict(o, text=re.sub(rf"^{re.escape(str(o.get('number')))}\.\s*", "", o.get("text") or ""))
        for o in pred.get("operative") or []
    ]
    return dict(pred, operative=ops)


def evaluate_unbench(pred_dir, unbench_dir) -> dict:
    """Gives a report scoring predictions of SC drafts against the UNBench clean texts."""
    preds = load_predictions(Path(pred_dir))
    pairs = []
    for f in sorted(Path(unbench_dir).rglob("*.json")):
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(d, dict) or "Content" not in d:
            continue
        symbol = symbol_key(f.stem).replace("_", "/")
        found = preds.get(symbol_key(f.stem))
        found = (found[0], _strip_number(found[1])) if found else None
        pairs.append((symbol, found, unbench_truth(d["Content"])))
    rows = score_rows(pairs, UNBENCH_FIELDS)
    return {
        "kind": "unbench",
        "fields": list(UNBENCH_FIELDS),
        "documents": rows,
        "aggregate": aggregate(rows, UNBENCH_FIELDS),
        "missing": [r["document"] for r in rows if r["missing"]],
    }
