"""Scoring predicted ``resolution.json`` files against the UN's AKN4UN XML.

Truth comes from :func:`pipeline.akn.read_akn`; each document is
scored field by field (:mod:`pipeline.evaluate.scoring`) and by its cited
documents (:mod:`pipeline.evaluate.references`), then macro-averaged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional

from pipeline.akn import akn_language, read_akn
from pipeline.errors import ConversionError
from pipeline.evaluate.references import collapse_split_links, score_references
from pipeline.evaluate.scoring import footnote_scores, meta_value, paragraph_id_map, paragraph_scores, symbol_key

META_FIELDS = (
    "symbol",
    "session_number",
    "agenda_items",
    "date_adopted",
    "date_issued",
    "meeting",
    "title",
    "enacting_formula",
)
TEXT_FIELDS = (
    "preamble_count",
    "operative_count",
    "preamble_text",
    "preamble_lead",
    "operative_text",
    "operative_verb",
    "operative_number",
    "subparagraph_labels",
    "subparagraph_text",
    "text_similarity",
    "section_count",
    "section_paragraphs",
    "annex_text",
    "annex_labels",
    "footnote_markers",
    "footnote_text",
    "footnote_paragraph",
)
REFERENCE_FIELDS = ("reference_precision", "reference_recall")
FIELDS = META_FIELDS + TEXT_FIELDS + REFERENCE_FIELDS
UNBENCH_FIELDS = (
    "enacting_formula",
    "preamble_count",
    "operative_count",
    "preamble_text",
    "operative_text",
    "operative_number",
    "subparagraph_labels",
    "subparagraph_text",
)
COLUMNS = (
    ("meta", META_FIELDS),
    ("pp#", ("preamble_count",)),
    ("op#", ("operative_count",)),
    ("pp txt", ("preamble_text",)),
    ("lead", ("preamble_lead",)),
    ("op txt", ("operative_text",)),
    ("verb", ("operative_verb",)),
    ("op no", ("operative_number",)),
    ("sub lbl", ("subparagraph_labels",)),
    ("sub txt", ("subparagraph_text",)),
    ("chars", ("text_similarity",)),
    ("sec#", ("section_count",)),
    ("sec", ("section_paragraphs",)),
    ("anx txt", ("annex_text",)),
    ("anx lbl", ("annex_labels",)),
    ("fn mk", ("footnote_markers",)),
    ("fn txt", ("footnote_text",)),
    ("fn par", ("footnote_paragraph",)),
    ("ref P", ("reference_precision",)),
    ("ref R", ("reference_recall",)),
)


def evaluate_pair(pred: dict, truth: dict, fields: Iterable[str] = FIELDS) -> dict:
    """Gives per-field scores in [0, 1] (None = not applicable) of ``pred`` against ``truth``."""
    fields = tuple(fields)
    scores: dict = {}
    for f in META_FIELDS:
        want = meta_value(truth, f)
        scores[f] = None if want is None else float(meta_value(pred, f) == want)
    para, id_map = paragraph_scores(pred, truth)
    scores.update(para)
    scores.update(footnote_scores(pred, truth, id_map))
    scores.update(_reference_scores(pred, truth, id_map))
    return {f: scores[f] for f in fields}


def _reference_scores(pred: dict, truth: dict, id_map: Optional[dict] = None) -> dict:
    """Scores cited documents against the undocs.org links of the truth, by symbol and paragraph."""
    if not truth.get("references") or "references" not in pred:
        return {"reference_precision": None, "reference_recall": None, "reference_counts": None}
    links = collapse_split_links(truth)
    if not links:
        return {"reference_precision": None, "reference_recall": None, "reference_counts": None}
    if id_map is None:
        id_map = paragraph_id_map(pred, truth)
    s = score_references(pred.get("references") or [], links, id_map)
    return {
        "reference_precision": s["precision"],
        "reference_recall": s["recall"],
        "reference_counts": (s["matched"], s["predicted"], s["truth"]),
    }


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


def read_prediction(f: Path) -> Optional[dict]:
    """Gives the resolution dict of a prediction file: a resolution.json, or an Akoma Ntoso file read back."""
    try:
        if f.name.lower().endswith(".xml"):
            return read_akn(f)
        return json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError, ConversionError):
        return None


def load_predictions(pred: Path, akn: bool = False) -> dict[str, tuple[Path, dict]]:
    """Gives {symbol key: (path, dict)} for a resolution.json or a directory of outputs; with ``akn``, their
    resolution.akn.xml files (or any .xml file named) read back instead."""
    if akn:
        files = [pred] if pred.is_file() else sorted(pred.rglob("*.akn.xml"))
    else:
        files = [pred] if pred.is_file() else sorted(pred.rglob("resolution.json")) or sorted(pred.glob("*.json"))
    out: dict[str, tuple[Path, dict]] = {}
    for f in files:
        d = read_prediction(f)
        if isinstance(d, dict):
            for key in (symbol_key(d.get("symbol")), symbol_key(f.parent.name)):
                if key:
                    out.setdefault(key, (f, d))
    return out


def _inputs_of_report(pred: Path) -> set[str]:
    """Gives the symbol keys of the inputs a build's report.json lists, converted or not (a failure is a miss)."""
    try:
        report = json.loads((pred / "report.json").read_text(encoding="utf-8")) if pred.is_dir() else {}
    except (OSError, ValueError):
        return set()
    return {symbol_key(Path(i.get("input") or "").stem) for i in report.get("inputs", []) if isinstance(i, dict)}


def truth_files(truth: Path, lang: Optional[str] = "en") -> list[Path]:
    """Gives the AKN files under ``truth`` (or ``truth`` itself) in language ``lang`` (None = all)."""
    files = [truth] if truth.is_file() else sorted(truth.rglob("*.xml"))
    return [f for f in files if lang is None or akn_language(f) == lang]


def score_rows(pairs: list[tuple[str, Optional[tuple[Path, dict]], dict]], fields) -> list[dict]:
    """Gives one report row per (name, prediction or None, truth): scores, overall, citation counts."""
    rows = []
    for name, found, truth in pairs:
        scores = evaluate_pair(found[1], truth, fields) if found else _zero(truth, fields)
        counts = (
            _reference_scores(found[1], truth)["reference_counts"]
            if found and "reference_precision" in fields
            else None
        )
        scores["overall"] = overall(scores)
        scores["reference_counts"] = counts
        rows.append(
            {
                "document": name,
                "prediction": str(found[0]) if found else None,
                "missing": found is None,
                "scores": scores,
            }
        )
    return rows


def evaluate_dirs(pred_dir, truth_root, lang: Optional[str] = "en", present: bool = False, akn: bool = False) -> dict:
    """Gives a report scoring every truth AKN document against its prediction; with ``present`` only those the
    predictions' folder tried (a resolution.json, or an input its report.json lists: a failure scores 0); with
    ``akn`` the predictions are the folder's resolution.akn.xml files."""
    preds = load_predictions(Path(pred_dir), akn)
    attempted = set(preds) | _inputs_of_report(Path(pred_dir))
    pairs = []
    for f in truth_files(Path(truth_root), lang):
        truth = read_akn(f)
        name = truth.get("symbol") or f.stem
        if lang is None:
            name = f"{name} [{truth.get('language')}]"
        key = symbol_key(truth.get("symbol"))
        if key in attempted or not present:
            pairs.append((name, preds.get(key), truth))
    rows = score_rows(pairs, FIELDS)
    return {
        "kind": "akn",
        "fields": list(FIELDS),
        "documents": rows,
        "aggregate": aggregate(rows, FIELDS),
        "missing": [r["document"] for r in rows if r["missing"]],
    }


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
    body = [
        [r["document"] + (" (missing)" if r["missing"] else "")] + _cells(r["scores"], fields)
        for r in report["documents"]
    ]
    body.append([f"MACRO AVG ({len(report['documents'])})"] + _cells(report["aggregate"], fields))
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    rule = "-" * len(line(head))
    return "\n".join([line(head), rule] + [line(r) for r in body[:-1]] + [rule, line(body[-1])])
