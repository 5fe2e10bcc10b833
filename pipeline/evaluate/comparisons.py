"""Scoring comparisons (``resbrief eval-compare``): our alignment of two versions against a gold alignment.

The gold alignment is made from the UN's AKN4UN XML of both texts, by the
rule of issue 12: paragraphs of the same kind (preamble, operative; an
operative paragraph with its sub-paragraphs) whose texts are identical after
normalising whitespace, quotes and dashes are unchanged; then the most
similar remaining pairs of the same kind, best first, whose word-sequence
similarity (difflib's ratio over the words) is at least one half are
modified; the rest are added or removed.

Our comparison is made from the PDFs of both texts (or their
``resolution.json``), and its paragraph ids are mapped to the XML's by the
evaluator's paragraph alignment (:func:`~pipeline.evaluate.scoring.paragraph_id_map`).
Scores: the share of the new text's paragraphs given the right status and
counterpart; precision and recall of unchanged pairs, modified pairs, added
and removed paragraphs; how many moved paragraphs (off the longest run of
pairs in order) got the right counterpart.  The same scores are given for a
baseline that works like the UN's undifferent tool: it walks the new text
paragraph by paragraph and takes the next old paragraph whose Levenshtein
similarity exceeds 0.8, run on the XML's own texts.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import difflib
import json
import sys
import time
from pathlib import Path
from typing import Optional

from pipeline.akn import akn_language, read_akn
from pipeline.evaluate.scoring import normalise, paragraph_id_map

KINDS = ("preamble", "operative")
HALF = 0.5
UNDIFFERENT_THRESHOLD = 0.8


# --- the texts compared ------------------------------------------------------------


def _sub_texts(subs: list[dict]) -> list[str]:
    out = []
    for s in subs or []:
        out.append(s.get("text") or "")
        out.extend(_sub_texts(s.get("subparagraphs")))
    return out


def paragraphs_of(doc: dict) -> list[tuple[str, str, str]]:
    """Gives (kind, id, normalised text) of each preambular and operative paragraph (with its sub-paragraphs)."""
    out = [("preamble", p["id"], normalise(p.get("text"))) for p in doc.get("preamble") or []]
    for o in doc.get("operative") or []:
        words = [o.get("text") or "", *_sub_texts(o.get("subparagraphs")), o.get("wrap_up") or ""]
        out.append(("operative", o["id"], normalise(" ".join(w for w in words if w))))
    return out


def word_similarity(a: str, b: str) -> float:
    """Gives difflib's ratio of the two texts' word sequences."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


# --- the gold rule -----------------------------------------------------------------------


def _places(paragraphs: list[tuple[str, str, str]]) -> list[float]:
    """Gives each paragraph's place among those of its kind, from 0 to 1 (ties between equal pairs go to the nearer)."""
    total = {k: sum(1 for p in paragraphs if p[0] == k) for k in KINDS}
    seen = {k: 0 for k in KINDS}
    out = []
    for kind, _, _ in paragraphs:
        out.append(seen[kind] / max(total[kind], 1))
        seen[kind] += 1
    return out


def gold_alignment(old: dict, new: dict) -> list[tuple[str, Optional[str], Optional[str]]]:
    """Gives (status, old id, new id) for every paragraph of both texts by the gold rule."""
    a, b = paragraphs_of(old), paragraphs_of(new)
    pairs: dict[int, tuple[str, int]] = {}
    used: set[int] = set()
    for j, (kind, _, text) in enumerate(b):
        for i, (kind_a, _, text_a) in enumerate(a):
            if i not in used and kind_a == kind and text_a == text:
                pairs[j] = ("unchanged", i)
                used.add(i)
                break
    place_a, place_b = _places(a), _places(b)
    candidates = []
    for j, (kind, _, text) in enumerate(b):
        if j in pairs:
            continue
        for i, (kind_a, _, text_a) in enumerate(a):
            if i in used or kind_a != kind:
                continue
            r = word_similarity(text_a, text)
            if r >= HALF:
                candidates.append((-r, abs(place_a[i] - place_b[j]), j, i))
    for _, _, j, i in sorted(candidates):
        if j not in pairs and i not in used:
            pairs[j] = ("modified", i)
            used.add(i)
    out: list[tuple[str, Optional[str], Optional[str]]] = []
    for j, (_, nid, _) in enumerate(b):
        status, i = pairs.get(j, ("added", None))
        out.append((status, a[i][1] if i is not None else None, nid))
    out += [("removed", a[i][1], None) for i in range(len(a)) if i not in used]
    return out


# --- the baseline: undifferent's walk ---------------------------------------------------------


def levenshtein(a: str, b: str) -> int:
    """Gives the edit distance of two strings (insertions, deletions, substitutions), bit-parallel (Myers 1999)."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for k, ch in enumerate(b):
        peq[ch] = peq.get(ch, 0) | (1 << k)
    pv, mv, score, top = (1 << m) - 1, 0, m, 1 << (m - 1)
    mask = (1 << m) - 1
    for ch in a:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def levenshtein_similarity(a: str, b: str) -> float:
    """Gives undifferent's similarity: (len a + len b - distance) / (len a + len b)."""
    total = len(a) + len(b)
    return 1.0 if total == 0 else (total - levenshtein(a, b)) / total


def undifferent_alignment(old: dict, new: dict) -> list[tuple[str, Optional[str], Optional[str]]]:
    """Gives (status, old id, new id) as undifferent pairs lines: the next old one above 0.8 similarity, else added."""
    a, b = paragraphs_of(old), paragraphs_of(new)
    used: set[int] = set()
    last = -1
    out: list[tuple[str, Optional[str], Optional[str]]] = []
    for _, nid, text in b:
        found = None
        for i in range(last + 1, len(a)):
            if i not in used and levenshtein_similarity(a[i][2], text) > UNDIFFERENT_THRESHOLD:
                found = i
                break
        if found is None:
            out.append(("added", None, nid))
            continue
        for i in range(last + 1, found):  # the old lines walked past are shown as removed
            used.add(i)
        used.add(found)
        last = found
        out.append(("unchanged" if a[found][2] == text else "modified", a[found][1], nid))
    walked = {o for s, o, _ in out if o}
    out += [("removed", a[i][1], None) for i in range(len(a)) if a[i][1] not in walked]
    return out


# --- scores ------------------------------------------------------------------------------------


def _moved(alignment) -> set[str]:
    """Gives the new ids of the gold pairs that are off the longest run of pairs kept in order, kind by kind."""
    out: set[str] = set()
    for kind in ("pp", "op"):
        pairs = [(n, o) for s, o, n in alignment if o and n and n.startswith(kind)]
        seq = [int(o[len(kind) :]) for _, o in pairs]
        tails: list[int] = []
        ends: list[int] = []
        back = [-1] * len(seq)
        for k, x in enumerate(seq):
            p = bisect.bisect_left(tails, x)
            if p == len(tails):
                tails.append(x)
                ends.append(k)
            else:
                tails[p], ends[p] = x, k
            back[k] = ends[p - 1] if p else -1
        keep, k = set(), ends[-1] if ends else -1
        while k >= 0:
            keep.add(k)
            k = back[k]
        out |= {pairs[k][0] for k in range(len(pairs)) if k not in keep}
    return out


def score(predicted, gold) -> dict:
    """Gives the counts behind every score of one pair (status + counterpart, P/R of each status, moves)."""
    by_new = {n: (s, o) for s, o, n in predicted if n}
    counts: dict = {"new_paragraphs": 0, "right": 0}
    for s, o, n in gold:
        if n:
            counts["new_paragraphs"] += 1
            counts["right"] += by_new.get(n) == (s, o)
    moved = _moved(gold)
    counts["moved"] = len(moved)
    counts["moved_right"] = sum(1 for s, o, n in gold if n in moved and by_new.get(n) == (s, o))
    for status in ("unchanged", "modified"):
        want = {(o, n) for s, o, n in gold if s == status}
        got = {(o, n) for s, o, n in predicted if s == status}
        counts[status] = (len(want & got), len(got), len(want))
    for status, side in (("added", 2), ("removed", 1)):
        want = {x[side] for x in gold if x[0] == status}
        got = {x[side] for x in predicted if x[0] == status}
        counts[status] = (len(want & got), len(got), len(want))
    return counts


def pooled(rows: list[dict]) -> dict:
    """Gives the counts of several pairs added together."""
    total: dict = {}
    for r in rows:
        for k, v in r.items():
            if isinstance(v, tuple):
                total[k] = tuple(a + b for a, b in zip(total.get(k, (0, 0, 0)), v))
            elif isinstance(v, (int, float)):
                total[k] = total.get(k, 0) + v
    return total


def figures(counts: dict) -> dict:
    """Gives the scores (per cent) of one pair's or the pooled counts."""

    def pct(a: int, b: int) -> Optional[float]:
        return None if b == 0 else round(100 * a / b, 1)

    out = {"status_and_counterpart": pct(counts["right"], counts["new_paragraphs"])}
    for status in ("unchanged", "modified", "added", "removed"):
        hit, got, want = counts[status]
        out[f"{status}_precision"] = pct(hit, got)
        out[f"{status}_recall"] = pct(hit, want)
    out["moved_right"] = f"{counts['moved_right']}/{counts['moved']}"
    return out


# --- our comparison in the XML's ids ---------------------------------------------------------------


def predicted_alignment(comparison: dict, old_pred: dict, new_pred: dict, old_xml: dict, new_xml: dict):
    """Gives our comparison's (status, old id, new id) of preambular and operative paragraphs, in the XML's ids."""
    old_map, new_map = paragraph_id_map(old_pred, old_xml), paragraph_id_map(new_pred, new_xml)
    out = []
    for p in comparison["paragraphs"]:
        if p["kind"] not in KINDS:
            continue
        old = old_map.get(p["old"], f"?{p['old']}") if p["old"] else None
        new = new_map.get(p["new"], f"?{p['new']}") if p["new"] else None
        out.append((p["status"], old, new))
    return out


def _xml(path: Path) -> Path:
    if path.is_dir():
        english = [f for f in sorted(path.glob("*.xml")) if akn_language(f) == "en"]
        if not english:
            raise FileNotFoundError(f"no English AKN file in {path}")
        return english[0]
    return path


def series_pairs(series: Path) -> list[dict]:
    """Gives the pairs of ``manifest.tsv`` that have the UN's XML on both sides, paths resolved."""
    rows = []
    with open(series / "manifest.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row.get("old_xml", "-") == "-" or row.get("new_xml", "-") == "-":
                continue
            rows.append(
                {
                    "old": row["old"],
                    "new": row["new"],
                    "kind": row["kind"],
                    "old_pdf": (series / row["old_pdf"]).resolve(),
                    "new_pdf": (series / row["new_pdf"]).resolve(),
                    "old_xml": _xml((series / row["old_xml"]).resolve()),
                    "new_xml": _xml((series / row["new_xml"]).resolve()),
                }
            )
    return rows


def _resolution(pdf: Path, pred: Optional[Path], name: str):
    """Gives (Resolution, seconds to read it): from ``pred/<name>/resolution.json`` when given, else from the PDF."""
    from pipeline.batch import convert
    from pipeline.model import resolution_from_dict

    start = time.perf_counter()
    if pred is not None and (pred / name / "resolution.json").is_file():
        res = resolution_from_dict(json.loads((pred / name / "resolution.json").read_text(encoding="utf-8")))
    else:
        res = convert(pdf)
    return res, time.perf_counter() - start


def evaluate_series(series: Path, pred: Optional[Path] = None) -> dict:
    """Gives the report of every pair with XML on both sides: our scores, the baseline's, times."""
    from pipeline.compare import compare, comparison_dict
    from pipeline.model import to_dict

    rows = []
    for pair in series_pairs(series):
        old_xml, new_xml = read_akn(pair["old_xml"]), read_akn(pair["new_xml"])
        old, t_old = _resolution(pair["old_pdf"], pred, pair["old"])
        new, t_new = _resolution(pair["new_pdf"], pred, pair["new"])
        start = time.perf_counter()
        comparison = comparison_dict(compare(old, new))
        t_compare = time.perf_counter() - start
        gold = gold_alignment(old_xml, new_xml)
        ours = predicted_alignment(comparison, to_dict(old), to_dict(new), old_xml, new_xml)
        start = time.perf_counter()
        baseline = undifferent_alignment(old_xml, new_xml)
        t_baseline = time.perf_counter() - start
        rows.append(
            {
                "pair": f"{pair['old']} -> {pair['new']}",
                "kind": pair["kind"],
                "ours": score(ours, gold),
                "baseline": score(baseline, gold),
                "seconds": {
                    "read_old": round(t_old, 3),
                    "read_new": round(t_new, 3),
                    "compare": round(t_compare, 3),
                    "baseline": round(t_baseline, 3),
                },
                "wrong": [
                    {"gold": list(g), "ours": list(next((o for o in ours if o[2] == g[2] and g[2]), ("-", "-", "-")))}
                    for g in gold
                    if g[2] and g not in ours
                ][:40],
            }
        )
    return {
        "kind": "comparison",
        "pairs": rows,
        "ours": figures(pooled([r["ours"] for r in rows])) if rows else {},
        "baseline": figures(pooled([r["baseline"] for r in rows])) if rows else {},
    }


def format_report(report: dict) -> str:
    """Gives a plain-text table: each pair (ours, then the baseline), pooled figures, times."""
    cols = ["status+cp", "unch P", "unch R", "mod P", "mod R", "add P", "add R", "rem P", "rem R", "moved"]
    keys = [
        "status_and_counterpart",
        "unchanged_precision",
        "unchanged_recall",
        "modified_precision",
        "modified_recall",
        "added_precision",
        "added_recall",
        "removed_precision",
        "removed_recall",
        "moved_right",
    ]

    def cells(f: dict) -> list[str]:
        return ["-" if f.get(k) is None else str(f.get(k)) for k in keys]

    lines = [["pair", "who", *cols, "n", "s compare", "s read"]]
    for r in report["pairs"]:
        for who in ("ours", "baseline"):
            t = r["seconds"]
            lines.append(
                [
                    r["pair"] if who == "ours" else "",
                    who,
                    *cells(figures(r[who])),
                    str(r[who]["new_paragraphs"]),
                    f"{t['compare']:.2f}" if who == "ours" else f"{t['baseline']:.2f}",
                    f"{t['read_old'] + t['read_new']:.1f}" if who == "ours" else "",
                ]
            )
    n = sum(r["ours"]["new_paragraphs"] for r in report["pairs"])
    for who in ("ours", "baseline"):
        lines.append(
            [
                f"POOLED ({len(report['pairs'])} pairs)" if who == "ours" else "",
                who,
                *cells(report[who]),
                str(n),
                "",
                "",
            ]
        )
    widths = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    text = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(l, widths))) for l in lines]
    text.insert(1, "-" * len(text[0]))
    text.insert(len(text) - 2, "-" * len(text[0]))
    return "\n".join(text)


def main(argv: Optional[list[str]] = None) -> int:
    """Command line: ``SERIES [--pred DIR] [--json OUT]``; prints the table and gives 0."""
    ap = argparse.ArgumentParser(
        prog="resbrief eval-compare",
        description="Scores comparisons of the pairs in a series folder against the gold alignment of the UN's XML.",
    )
    ap.add_argument("series", type=Path, nargs="?", default=Path("../shared/corpus/series"))
    ap.add_argument("--pred", type=Path, help="a build folder of <name>/resolution.json (else the PDFs are converted)")
    ap.add_argument("--json", type=Path, dest="json_out", help="also write the report as JSON here")
    args = ap.parse_args(argv)
    if not (args.series / "manifest.tsv").is_file():
        print(f"resbrief eval-compare: no manifest.tsv in {args.series}", file=sys.stderr)
        return 1
    report = evaluate_series(args.series, args.pred)
    print(format_report(report))
    if args.json_out:
        args.json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0
