"""Scoring one predicted resolution against its truth, field by field.

Paragraphs are aligned in order with :class:`difflib.SequenceMatcher` on
normalised texts, so a split or merged paragraph costs one paragraph, not
every one after it: a list score is ``matched / max(len(pred), len(truth))``.
A score is ``None`` when it does not apply (the truth lacks the field, or
both lists are empty).  Texts are compared after normalising whitespace,
quotes and dashes and removing footnote markers.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Optional

TYPOGRAPHY = str.maketrans(  # quote, dash and space variants, and soft hyphens, read as the plain ones
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "‑": "-",
        "‐": "-",
        "−": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u00ad": None,
    }
)
_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")


# --- normalising ---------------------------------------------------------------


def normalise(text: Optional[str], markers: Iterable[str] = ()) -> str:
    """Gives ``text`` with whitespace, quotes and dashes normalised and footnote markers removed."""
    if not text:
        return ""
    text = _SUPERSCRIPTS.sub("", text.translate(TYPOGRAPHY))
    for m in markers:
        text = re.sub(rf"(?<=[^\s\d]){re.escape(m)}(?=\s|$)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def symbol_key(symbol: Optional[str]) -> str:
    """Gives the file-name form of a symbol: ``S/RES/2768 (2025)`` -> ``S_RES_2768_2025``."""
    if not symbol:
        return ""
    symbol = re.sub(r"-(?:EN|FR|ES|RU|AR|ZH|DE)$", "", symbol.strip(), flags=re.I)
    return re.sub(r"[^0-9A-Za-z.]+", "_", symbol.upper()).strip("_")


def _label(label: Optional[str]) -> str:
    return re.sub(r"[\s().]", "", label or "").lower()


def _agenda(items: list) -> list[str]:
    return sorted(re.sub(r"\s+", "", str(a.get("number") if isinstance(a, dict) else a)) for a in items or [])


def meta_value(d: dict, field: str):
    """Gives the comparable value of a metadata field of a resolution dict (None when absent)."""
    v = d.get(field)
    if field == "symbol":
        return symbol_key(v) or None
    if field == "agenda_items":
        return _agenda(v) or None
    if field == "session_number":
        return int(v) if v not in (None, "") else None
    if field in ("meeting", "title", "enacting_formula"):
        return normalise(v).lower().rstrip(" ,") or None
    return v or None


# --- alignment -------------------------------------------------------------------


def align(pred: list[str], truth: list[str]) -> tuple[int, list[tuple[int, int]]]:
    """Gives (exact matches, aligned index pairs) of two sequences in order; replaced runs pair by position."""
    sm = difflib.SequenceMatcher(None, pred, truth, autojunk=False)
    exact, pairs = 0, []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            exact += i2 - i1
        if op in ("equal", "replace"):
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
    return exact, pairs


def _ratio(hits: int, pred: list, truth: list) -> Optional[float]:
    n = max(len(pred), len(truth))
    return None if n == 0 else hits / n


def _count(pred: list, truth: list) -> float:
    return 1.0 if len(pred) == len(truth) else 0.0


def _field_hits(pred: list[dict], truth: list[dict], pairs, key: str, norm) -> int:
    return sum(1 for i, j in pairs if norm(pred[i].get(key)) == norm(truth[j].get(key)))


def _texts(paras: list[dict]) -> list[str]:
    return [normalise(p.get("text"), p.get("footnotes") or ()) for p in paras]


def _lead_norm(v: Optional[str]) -> str:
    return normalise(v).rstrip(",;:")


def flatten_subparagraphs(operative: list[dict]) -> list[dict]:
    """Gives all sub-paragraphs in reading order; a list's ``wrap_up`` joins the last one."""
    out: list[dict] = []

    def walk(subs: list[dict]) -> None:
        for s in subs or []:
            out.append({"label": s.get("label"), "text": s.get("text"), "footnotes": s.get("footnotes")})
            walk(s.get("subparagraphs"))

    for op in operative:
        start = len(out)
        walk(op.get("subparagraphs"))
        if op.get("wrap_up") and len(out) > start:
            out[-1]["text"] = f"{out[-1]['text']} {op['wrap_up']}"
    return out


def flatten_annexes(annexes: list[dict]) -> list[dict]:
    """Gives each annex's heading line ("Annex I Global Digital Compact") and then its paragraphs, in order."""
    out: list[dict] = []
    for a in annexes:
        if not isinstance(a, dict):
            continue
        head = " ".join(x for x in (a.get("heading"), a.get("title")) if x)
        out.append({"id": a.get("id"), "label": None, "text": head, "footnotes": a.get("footnotes")})
        out.extend(a.get("paragraphs") or [])
    return out


# --- scoring -----------------------------------------------------------------------


def _matching_chars(a: str, b: str) -> int:
    """Gives how many characters two texts share in order (difflib's matching blocks)."""
    if a == b:
        return len(a)
    return sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def text_similarity(pred_texts: list[str], truth_texts: list[str], pairs) -> Optional[float]:
    """Gives the character similarity of two texts paragraph by paragraph: 2 x shared characters / all characters,
    the shared ones counted within the paragraphs aligned in order (a lost paragraph shares none)."""
    total = sum(map(len, pred_texts)) + sum(map(len, truth_texts))
    if not total:
        return None
    shared = sum(_matching_chars(pred_texts[i], truth_texts[j]) for i, j in pairs)
    return 2 * shared / total


def section_scores(pred: dict, truth: dict) -> dict:
    """Gives the section scores: the number of sections, and the share of sections in order whose heading and
    counts of preambular and operative paragraphs are those of the truth."""
    p, t = pred.get("sections") or [], truth.get("sections") or []
    if not p and not t:
        return {"section_count": None, "section_paragraphs": None}

    def shape(x: dict) -> tuple:
        return _label(x.get("heading")), len(x.get("preamble") or []), len(x.get("operative") or [])

    right = sum(1 for a, b in zip(p, t) if shape(a) == shape(b))
    return {"section_count": _count(p, t), "section_paragraphs": _ratio(right, p, t)}


def paragraph_scores(pred: dict, truth: dict) -> tuple[dict, dict]:
    """Gives (scores of the paragraph fields, {predicted id: truth id} of the paragraphs aligned)."""
    scores: dict = section_scores(pred, truth)
    id_map: dict = {}
    body_pred: list[str] = []
    body_truth: list[str] = []
    body_pairs: list[tuple[int, int]] = []

    def body(pt: list[str], tt: list[str], pairs) -> None:
        body_pairs.extend((i + len(body_pred), j + len(body_truth)) for i, j in pairs)
        body_pred.extend(pt)
        body_truth.extend(tt)

    for kind, key, extra in (("preamble", "pp", "lead"), ("operative", "op", "verb")):
        p, t = pred.get(kind) or [], truth.get(kind) or []
        exact, pairs = align(_texts(p), _texts(t))
        body(_texts(p), _texts(t), pairs)
        scores[f"{kind}_count"] = _count(p, t)
        scores[f"{kind}_text"] = _ratio(exact, p, t)
        name = f"{kind}_{'lead' if extra == 'lead' else 'verb'}"
        scores[name] = _ratio(_field_hits(p, t, pairs, extra, _lead_norm), p, t)
        if kind == "operative":
            scores["operative_number"] = _ratio(_field_hits(p, t, pairs, "number", _label), p, t)
        id_map.update({p[i].get("id") or f"{key}{i + 1}": t[j].get("id") or f"{key}{j + 1}" for i, j in pairs})
    ps, ts = flatten_subparagraphs(pred.get("operative") or []), flatten_subparagraphs(truth.get("operative") or [])
    exact, pairs = align(_texts(ps), _texts(ts))
    body(_texts(ps), _texts(ts), pairs)
    scores["text_similarity"] = text_similarity(body_pred, body_truth, body_pairs)
    scores["subparagraph_text"] = _ratio(exact, ps, ts)
    scores["subparagraph_labels"] = _ratio(_field_hits(ps, ts, pairs, "label", _label), ps, ts)
    pa, ta = flatten_annexes(pred.get("annexes") or []), flatten_annexes(truth.get("annexes") or [])
    exact, pairs = align(_texts(pa), _texts(ta))
    scores["annex_text"] = _ratio(exact, pa, ta)
    scores["annex_labels"] = _ratio(_field_hits(pa, ta, pairs, "label", _label), pa, ta)
    id_map.update({pa[i]["id"]: ta[j]["id"] for i, j in pairs})
    return scores, id_map


def map_anchor(anchor: Optional[str], id_map: dict) -> Optional[str]:
    """Gives the truth id of a predicted paragraph id (a sub-paragraph "op3.a" maps through "op3")."""
    if not anchor or anchor in id_map:
        return id_map.get(anchor, anchor)
    head, dot, rest = anchor.partition(".")
    return id_map.get(head, head) + dot + rest


def footnote_scores(pred: dict, truth: dict, id_map: dict) -> dict:
    """Gives the footnote marker, text and anchor scores of a prediction against its truth."""
    p, t = pred.get("footnotes") or [], truth.get("footnotes") or []
    m_exact, _ = align([str(f.get("marker")) for f in p], [str(f.get("marker")) for f in t])
    x_exact, _ = align([normalise(f.get("text")) for f in p], [normalise(f.get("text")) for f in t])
    by_marker = {str(f.get("marker")): f for f in t}
    anchored = sum(
        1
        for f in p
        if str(f.get("marker")) in by_marker
        and map_anchor(f.get("paragraph"), id_map) == by_marker[str(f.get("marker"))].get("paragraph")
    )
    return {
        "footnote_markers": _ratio(m_exact, p, t),
        "footnote_text": _ratio(x_exact, p, t),
        "footnote_paragraph": _ratio(anchored, p, t),
    }


def paragraph_id_map(pred: dict, truth: dict) -> dict:
    """Gives {predicted paragraph id: truth paragraph id} of the paragraphs and annex items aligned in order."""
    return paragraph_scores(pred, truth)[1]
