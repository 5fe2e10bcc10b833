"""Scores Security Council drafts against the UNBench clean texts (silver truth).

UNBench ``Content`` is hard-wrapped body text with no paragraph marks, so the
paragraphs are rebuilt heuristically: a numbered line opens an operative
paragraph, "(a)" a sub-paragraph, and a capitalised participle after a line
ending in punctuation opens a preambular paragraph.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

from pipeline.evaluate import UNBENCH_FIELDS, _rows, aggregate, load_predictions, symbol_key


_OP = re.compile(r"^(\d+)\.\s*(.*)$")
_SUB = re.compile(r"^(\((?:[a-z]{1,2}|[ivxl]+)\))\s*(.*)$")
_PREAMBLE_WORDS = ("acting", "noting", "recalling", "reaffirming", "welcoming", "expressing",
                   "recognizing", "stressing", "emphasizing", "determining", "underlining",
                   "taking", "bearing", "having", "mindful", "deeply", "gravely", "concerned",
                   "affirming", "condemning", "reiterating", "underscoring", "commending", "deploring",
                   "convinced", "alarmed", "determined", "aware", "guided", "encouraged",
                   "disturbed", "appalled", "seriously", "further", "also")


def _starts_preamble(line: str, prev: str) -> bool:
    first = line.split(" ", 1)[0].lower().strip(",")
    return (prev.rstrip().endswith((",", ";", ":", "."))
            and line[:1].isupper() and (first.endswith("ing") or first in _PREAMBLE_WORDS))



def unbench_truth(content: str) -> dict:
    """Rebuilds formula, preamble and operative paragraphs from a UNBench ``Content`` text."""
    lines = [ln.strip() for ln in content.splitlines() if ln.strip()]
    formula = lines.pop(0) if lines and lines[0].lower().startswith("the security council") else None
    pre: list[dict] = []
    ops: list[dict] = []
    current: Optional[dict] = None
    prev = formula or ""
    for line in lines:
        m_op, m_sub = _OP.match(line), _SUB.match(line)
        if m_op and ops and int(m_op.group(1)) <= int(ops[-1]["number"] or 0):
            break                                   # numbering restarts: an annex follows
        if m_op:
            current = {"number": m_op.group(1), "text": m_op.group(2), "subparagraphs": []}
            ops.append(current)
        elif m_sub and ops:
            current = {"label": m_sub.group(1), "text": m_sub.group(2), "subparagraphs": []}
            ops[-1]["subparagraphs"].append(current)
        elif not ops and (current is None or _starts_preamble(line, prev)):
            current = {"text": line}
            pre.append(current)
        else:
            current["text"] = f"{current['text']} {line}"
        prev = line
    for i, p in enumerate(pre, 1):
        p.update(id=f"pp{i}", lead=None, footnotes=[])
    for i, o in enumerate(ops, 1):
        o.update(id=f"op{i}", verb=None, footnotes=[])
    return {"enacting_formula": formula, "preamble": pre, "operative": ops, "footnotes": []}


def _strip_number(pred: dict) -> dict:
    """Gives ``pred`` with operative texts that start with their own number stripped of it."""
    ops = [dict(o, text=re.sub(rf"^{re.escape(str(o.get('number')))}\.\s*", "", o.get("text") or ""))
           for o in pred.get("operative") or []]
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
    rows = _rows(pairs, UNBENCH_FIELDS)
    return {"kind": "unbench", "fields": list(UNBENCH_FIELDS), "documents": rows,
            "aggregate": aggregate(rows, UNBENCH_FIELDS), "missing": [r["document"] for r in rows if r["missing"]]}
