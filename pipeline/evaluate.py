"""Scores predicted ``resolution.json`` dicts against ground truth.

Truth comes from the UN's AKN4UN XML (read by :func:`pipeline.akn.read_akn`) or
from the UNBench clean texts of Security Council drafts.  Paragraphs are
aligned in order with :class:`difflib.SequenceMatcher` on normalised texts, so
a split or merged paragraph costs one paragraph, not every one after it:
a list score is ``matched / max(len(pred), len(truth))``.  A score is ``None``
when it does not apply (the truth lacks the field, or both lists are empty).
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path
from typing import Iterable, Optional

from pipeline.akn import akn_language, read_akn

META_FIELDS = ("symbol", "session_number", "agenda_items", "date_adopted", "date_issued",
               "meeting", "title", "enacting_formula")
TEXT_FIELDS = ("preamble_count", "operative_count", "preamble_text", "preamble_lead",
               "operative_text", "operative_verb", "operative_number",
               "subparagraph_labels", "subparagraph_text",
               "annex_text", "annex_labels",
               "footnote_markers", "footnote_text", "footnote_paragraph")
REFERENCE_FIELDS = ("reference_precision", "reference_recall")
FIELDS = META_FIELDS + TEXT_FIELDS + REFERENCE_FIELDS
UNBENCH_FIELDS = ("enacting_formula", "preamble_count", "operative_count", "preamble_text",
                  "operative_text", "operative_number", "subparagraph_labels", "subparagraph_text")
COLUMNS = (("meta", META_FIELDS), ("pp#", ("preamble_count",)), ("op#", ("operative_count",)),
           ("pp txt", ("preamble_text",)), ("lead", ("preamble_lead",)),
           ("op txt", ("operative_text",)), ("verb", ("operative_verb",)),
           ("op no", ("operative_number",)), ("sub lbl", ("subparagraph_labels",)),
           ("sub txt", ("subparagraph_text",)), ("anx txt", ("annex_text",)), ("anx lbl", ("annex_labels",)),
           ("fn mk", ("footnote_markers",)),
           ("fn txt", ("footnote_text",)), ("fn par", ("footnote_paragraph",)),
           ("ref P", ("reference_precision",)), ("ref R", ("reference_recall",)))
_TRANS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'",
                        "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-",
                        "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u00ad": None})
_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")


# --- normalising ---------------------------------------------------------------

def normalise(text: Optional[str], markers: Iterable[str] = ()) -> str:
    """Gives ``text`` with whitespace, quotes and dashes normalised and footnote markers removed."""
    if not text:
        return ""
    text = _SUPERSCRIPTS.sub("", text.translate(_TRANS))
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
    return sorted(re.sub(r"\s+", "", str(a.get("number") if isinstance(a, dict) else a))
                  for a in items or [])


def _meta_value(d: dict, field: str):
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

def _paragraph_scores(pred: dict, truth: dict) -> tuple[dict, dict]:
    scores: dict = {}
    id_map: dict = {}
    for kind, key, extra in (("preamble", "pp", "lead"), ("operative", "op", "verb")):
        p, t = pred.get(kind) or [], truth.get(kind) or []
        exact, pairs = align(_texts(p), _texts(t))
        scores[f"{kind}_count"] = _count(p, t)
        scores[f"{kind}_text"] = _ratio(exact, p, t)
        name = f"{kind}_{'lead' if extra == 'lead' else 'verb'}"
        scores[name] = _ratio(_field_hits(p, t, pairs, extra, _lead_norm), p, t)
        if kind == "operative":
            scores["operative_number"] = _ratio(_field_hits(p, t, pairs, "number", _label), p, t)
        id_map.update({p[i].get("id") or f"{key}{i + 1}": t[j].get("id") or f"{key}{j + 1}"
                       for i, j in pairs})
    ps, ts = flatten_subparagraphs(pred.get("operative") or []), flatten_subparagraphs(truth.get("operative") or [])
    exact, pairs = align(_texts(ps), _texts(ts))
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


def _footnote_scores(pred: dict, truth: dict, id_map: dict) -> dict:
    p, t = pred.get("footnotes") or [], truth.get("footnotes") or []
    m_exact, _ = align([str(f.get("marker")) for f in p], [str(f.get("marker")) for f in t])
    x_exact, _ = align([normalise(f.get("text")) for f in p], [normalise(f.get("text")) for f in t])
    by_marker = {str(f.get("marker")): f for f in t}
    anchored = sum(1 for f in p if str(f.get("marker")) in by_marker
                   and map_anchor(f.get("paragraph"), id_map) == by_marker[str(f.get("marker"))].get("paragraph"))
    return {"footnote_markers": _ratio(m_exact, p, t), "footnote_text": _ratio(x_exact, p, t),
            "footnote_paragraph": _ratio(anchored, p, t)}


def paragraph_id_map(pred: dict, truth: dict) -> dict:
    """Gives {predicted paragraph id: truth paragraph id} of the paragraphs and annex items aligned in order."""
    return _paragraph_scores(pred, truth)[1]


def evaluate_pair(pred: dict, truth: dict, fields: Iterable[str] = FIELDS) -> dict:
    """Gives per-field scores in [0, 1] (None = not applicable) of ``pred`` against ``truth``."""
    fields = tuple(fields)
    scores: dict = {}
    for f in META_FIELDS:
        want = _meta_value(truth, f)
        scores[f] = None if want is None else float(_meta_value(pred, f) == want)
    para, id_map = _paragraph_scores(pred, truth)
    scores.update(para)
    scores.update(_footnote_scores(pred, truth, id_map))
    scores.update(_reference_scores(pred, truth, id_map))
    return {f: scores[f] for f in fields}


def _reference_scores(pred: dict, truth: dict, id_map: Optional[dict] = None) -> dict:
    """Scores cited documents against the undocs.org links of the truth, by symbol and paragraph."""
    from .references import collapse_split_links, score_references
    if not truth.get("references") or "references" not in pred:
        return {"reference_precision": None, "reference_recall": None, "reference_counts": None}
    links = collapse_split_links(truth)
    if not links:
        return {"reference_precision": None, "reference_recall": None, "reference_counts": None}
    if id_map is None:
        id_map = paragraph_id_map(pred, truth)
    s = score_references(pred.get("references") or [], links, id_map)
    return {"reference_precision": s["precision"], "reference_recall": s["recall"],
            "reference_counts": (s["matched"], s["predicted"], s["truth"])}


def overall(scores: dict) -> Optional[float]:
    """Gives the mean of the applicable scores of one document."""
    vals = [v for k, v in scores.items() if v is not None and k != "reference_counts"]
    return sum(vals) / len(vals) if vals else None


def _zero(truth: dict, fields: Iterable[str]) -> dict:
    """Scores of a missing prediction: 0 wherever the truth has something to score."""
    base = evaluate_pair({}, truth, fields)
    return {k: (None if v is None else 0.0) for k, v in base.items()}


def aggregate(rows: list[dict], fields: Iterable[str]) -> dict:
    """Gives the macro average of each field over the documents where it applies."""
    out = {}
    for f in list(fields) + ["overall"]:
        vals = [r["scores"][f] for r in rows if r["scores"].get(f) is not None]
        out[f] = sum(vals) / len(vals) if vals else None
    return out


# --- files -------------------------------------------------------------------------

def load_predictions(pred: Path) -> dict[str, tuple[Path, dict]]:
    """Gives {symbol key: (path, dict)} for a resolution.json or a directory of outputs."""
    files = [pred] if pred.is_file() else sorted(pred.rglob("resolution.json")) or sorted(pred.glob("*.json"))
    out: dict[str, tuple[Path, dict]] = {}
    for f in files:
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(d, dict):
            for key in (symbol_key(d.get("symbol")), symbol_key(f.parent.name)):
                if key:
                    out.setdefault(key, (f, d))
    return out


def truth_files(truth: Path, lang: Optional[str] = "en") -> list[Path]:
    """Gives the AKN files under ``truth`` (or ``truth`` itself) in language ``lang`` (None = all)."""
    files = [truth] if truth.is_file() else sorted(truth.rglob("*.xml"))
    return [f for f in files if lang is None or akn_language(f) == lang]


def _rows(pairs: list[tuple[str, Optional[tuple[Path, dict]], dict]], fields) -> list[dict]:
    rows = []
    for name, found, truth in pairs:
        scores = evaluate_pair(found[1], truth, fields) if found else _zero(truth, fields)
        counts = _reference_scores(found[1], truth)["reference_counts"] \
            if found and "reference_precision" in fields else None
        scores["overall"] = overall(scores)
        scores["reference_counts"] = counts
        rows.append({"document": name, "prediction": str(found[0]) if found else None,
                     "missing": found is None, "scores": scores})
    return rows


def evaluate_dirs(pred_dir, truth_root, lang: Optional[str] = "en") -> dict:
    """Gives a report scoring every truth AKN document against its prediction."""
    preds = load_predictions(Path(pred_dir))
    pairs = []
    for f in truth_files(Path(truth_root), lang):
        truth = read_akn(f)
        name = truth.get("symbol") or f.stem
        if lang is None:
            name = f"{name} [{truth.get('language')}]"
        pairs.append((name, preds.get(symbol_key(truth.get("symbol"))), truth))
    rows = _rows(pairs, FIELDS)
    return {"kind": "akn", "fields": list(FIELDS), "documents": rows,
            "aggregate": aggregate(rows, FIELDS), "missing": [r["document"] for r in rows if r["missing"]]}


# --- output ------------------------------------------------------------------------------

def _pct(v: Optional[float]) -> str:
    return "-" if v is None else f"{100 * v:.0f}"


def _cells(scores: dict, fields: Iterable[str]) -> list[str]:
    fields = set(fields)
    cells = []
    for _, group in COLUMNS:
        vals = [scores.get(f) for f in group if f in fields and scores.get(f) is not None]
        used = [f for f in group if f in fields]
        cells.append(_pct(sum(vals) / len(vals)) if vals else ("-" if used else ""))
    return cells + [_pct(scores.get("overall"))]


def format_table(report: dict) -> str:
    """Gives a plain-text table: one row per document (percentages), then the macro average."""
    fields = report.get("fields", FIELDS)
    head = ["document"] + [c for c, _ in COLUMNS] + ["all"]
    body = [[r["document"] + (" (missing)" if r["missing"] else "")] + _cells(r["scores"], fields)
            for r in report["documents"]]
    body.append([f"MACRO AVG ({len(report['documents'])})"] + _cells(report["aggregate"], fields))
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head))]
    line = lambda row: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
    rule = "-" * len(line(head))
    return "\n".join([line(head), rule] + [line(r) for r in body[:-1]] + [rule, line(body[-1])])


def main(argv: Optional[list[str]] = None) -> int:
    """Command line: ``PRED TRUTH [--json OUT] [--lang xx|all]``; prints the tables, returns 0."""
    ap = argparse.ArgumentParser(prog="resbrief eval", description=__doc__.splitlines()[0])
    ap.add_argument("pred", type=Path, help="a resolution.json or a directory of <name>/resolution.json")
    ap.add_argument("truth", type=Path, help="an AKN .xml file or a directory searched recursively")
    ap.add_argument("--json", type=Path, dest="json_out", help="also write the report as JSON here")
    ap.add_argument("--lang", default="en", help="language of the truth files (default en; 'all' for every one)")
    args = ap.parse_args(argv)
    lang = None if args.lang == "all" else args.lang
    from pipeline.unbench import evaluate_unbench
    reports = []
    if args.truth.is_file() and args.pred.is_file():
        truth = read_akn(args.truth)
        rows = _rows([(truth.get("symbol") or args.truth.stem,
                       (args.pred, json.loads(args.pred.read_text(encoding="utf-8"))), truth)], FIELDS)
        reports.append({"kind": "akn", "fields": list(FIELDS), "documents": rows,
                        "aggregate": aggregate(rows, FIELDS), "missing": []})
    else:
        if truth_files(args.truth, lang):
            reports.append(evaluate_dirs(args.pred, args.truth, lang))
        unbench = [args.truth] if args.truth.name.startswith("unbench") else sorted(args.truth.rglob("unbench*"))
        for u in (p for p in unbench if p.is_dir()):
            reports.append(evaluate_unbench(args.pred, u))
    for rep in reports:
        title = "AKN4UN truth" if rep["kind"] == "akn" else "UNBench SC drafts"
        print(f"{title}: {len(rep['documents'])} documents, {len(rep['missing'])} without prediction")
        print(format_table(rep))
        counts = [r["scores"].get("reference_counts") for r in rep["documents"]]
        counts = [c for c in counts if c]
        if counts:
            hit, pred, want = (sum(c[i] for c in counts) for i in range(3))
            print(f"cited documents (all citations pooled): {hit} matched of {pred} found and {want} "
                  f"in the truth; precision {100 * hit / max(pred, 1):.1f}%, recall {100 * hit / max(want, 1):.1f}%")
        print()
    if not reports:
        print(f"no truth documents found under {args.truth}", file=sys.stderr)
    if args.json_out:
        out = reports[0] if len(reports) == 1 else {"reports": reports}
        args.json_out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
