"""Scoring cited documents against the undocs.org links of the UN's AKN4UN XML.

A citation counts when its symbol and the paragraph that cites it match a
link of the truth (a sub-paragraph maps through its paragraph); a lettered
resolution ("53/77 D") whose truth link drops the letter still counts.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from typing import Optional

from pipeline.evaluate.scoring import map_anchor


def symbol_norm(symbol_or_url: Optional[str]) -> str:
    """Gives a comparable form of a symbol or undocs/docs.un.org link: upper case, no spaces."""
    s = urllib.parse.unquote(symbol_or_url or "")
    s = re.sub(r"^https?://(?:www\.)?(?:undocs\.org|docs\.un\.org)/(?:[a-z]{2}/)?", "", s)
    s = re.sub(r"\s+", "", s).upper().replace("–", "-")
    return s.rstrip(".")


def _unlettered(key: str) -> str:
    return re.sub(r"^(A/RES/\d+/\d+)[A-Z](?:-[A-Z])?$", r"\1", key)


def _multiset_hits(pred: list, truth: list) -> int:
    p, t = Counter(pred), Counter(truth)
    return sum(min(n, t[k]) for k, n in p.items())


def score_references(pred_refs: list[dict], truth_refs: list[dict], id_map: Optional[dict] = None) -> dict:
    """Gives precision/recall of linked citations against truth links, by (symbol, paragraph) and by symbol alone."""
    id_map = id_map or {}
    pred = [r for r in pred_refs if r.get("url")]
    p_keys = [(symbol_norm(r["symbol"]), map_anchor(r.get("paragraph"), id_map)) for r in pred]
    t_keys = [(symbol_norm(r.get("url") or r.get("symbol")), r.get("paragraph")) for r in truth_refs]
    hits = _multiset_hits(p_keys, t_keys)
    sym_hits = _multiset_hits([k[0] for k in p_keys], [k[0] for k in t_keys])
    # a lettered resolution ("53/77 D") whose truth link drops the letter (A/RES/53/77) still counts
    loose_p = Counter((_unlettered(a), b) for a, b in (Counter(p_keys) - Counter(t_keys)).elements())
    loose_t = Counter((_unlettered(a), b) for a, b in (Counter(t_keys) - Counter(p_keys)).elements())
    lettered = sum((loose_p & loose_t).values())
    hits += lettered
    sym_hits += lettered
    ratio = lambda a, b: (a / b) if b else None  # noqa: E731
    extra = Counter(p_keys) - Counter(t_keys)
    missed = Counter(t_keys) - Counter(p_keys)
    return {
        "predicted": len(pred),
        "truth": len(truth_refs),
        "matched": hits,
        "matched_unlettered": lettered,
        "precision": ratio(hits, len(pred)),
        "recall": ratio(hits, len(truth_refs)),
        "matched_symbol": sym_hits,
        "precision_symbol": ratio(sym_hits, len(pred)),
        "recall_symbol": ratio(sym_hits, len(truth_refs)),
        "extra": sorted(extra.elements(), key=str),
        "missed": sorted(missed.elements(), key=str),
    }


def collapse_split_links(truth: dict) -> list[dict]:
    """Gives the truth links with AKN split-link repeats removed (one citation marked up as several links)."""
    texts = {p["id"]: p.get("text") or "" for p in truth.get("preamble", []) + truth.get("operative", [])}
    for op in truth.get("operative", []):
        stack = list(op.get("subparagraphs", []))
        while stack:
            sub = stack.pop()
            texts[sub["id"]] = sub.get("text") or ""
            stack.extend(sub.get("subparagraphs", []))
    notes = {f.get("marker"): f.get("text") or "" for f in truth.get("footnotes", [])}
    out: list[dict] = []
    run = 0
    for r in truth.get("references", []):
        key = (symbol_norm(r.get("url")), r.get("paragraph"), r.get("footnote"))
        prev = out[-1] if out else None
        same = prev is not None and (symbol_norm(prev.get("url")), prev.get("paragraph"), prev.get("footnote")) == key
        run = run + 1 if same else 1
        where = notes.get(r.get("footnote"), "") if r.get("footnote") else texts.get(r.get("paragraph"), "")
        number = re.sub(r"^[A-Z]+/(?:[A-Z]+/)*(?:RES/|PRST/)?", "", r.get("symbol") or "").split(" (")[0]
        printed = max(1, len(re.findall(re.escape(number), where))) if number and where else run
        if run <= printed:
            out.append(r)
    return out
