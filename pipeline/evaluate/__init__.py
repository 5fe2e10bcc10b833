"""Accuracy: ``resbrief eval`` scores converted resolutions against ground truth.

One module per kind of truth: :mod:`~pipeline.evaluate.documents` (the UN's
AKN4UN XML, read by :mod:`~pipeline.akn`, scored field by field in
:mod:`~pipeline.evaluate.scoring` and :mod:`~pipeline.evaluate.references`)
and :mod:`~pipeline.evaluate.unbench` (clean texts of Security Council
drafts), and :mod:`~pipeline.evaluate.annotations` (what is asked of whom, by
when, against a hand-made annotation reference set such as
``../shared/annotations`` or ``tests/reference/annotations``).  A new evaluation is a module here with a function giving a report
like theirs, called from :func:`main`.  Evaluation reads the stages' output;
no stage imports it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from pipeline.akn import read_akn
from pipeline.evaluate.annotations import is_reference
from pipeline.evaluate.annotations import main as score_annotations
from pipeline.evaluate.documents import (
    FIELDS,
    aggregate,
    evaluate_dirs,
    format_table,
    read_prediction,
    score_rows,
    truth_files,
)
from pipeline.evaluate.unbench import evaluate_unbench


def main(argv: Optional[list[str]] = None) -> int:
    """Command line: ``PRED TRUTH [--json OUT] [--lang xx|all]``; prints the tables, returns 0.

    TRUTH is AKN4UN XML (a file, or a folder searched recursively) or an annotation reference set
    (a folder holding ``truth/*.jsonl``, scored by :mod:`pipeline.evaluate.annotations`).
    """
    ap = argparse.ArgumentParser(
        prog="resbrief eval", description="Scores resolution.json files against AKN4UN XML or annotation references."
    )
    ap.add_argument("pred", type=Path, help="a resolution.json or a directory of <name>/resolution.json")
    ap.add_argument(
        "truth", type=Path, help="an AKN .xml file, a directory searched recursively, or an annotation reference set"
    )
    ap.add_argument("--json", type=Path, dest="json_out", help="also write the report as JSON here")
    ap.add_argument("--lang", default="en", help="language of the truth files (default en; 'all' for every one)")
    ap.add_argument(
        "--present", action="store_true", help="score only the truth documents that have a prediction (a subset)"
    )
    ap.add_argument(
        "--akn",
        action="store_true",
        help="score PRED's resolution.akn.xml files (read back) instead of resolution.json",
    )
    args = ap.parse_args(argv)
    lang = None if args.lang == "all" else args.lang
    if is_reference(args.truth):
        return score_annotations(args.pred, args.truth, args.json_out)
    reports = []
    if args.truth.is_file() and args.pred.is_file():
        truth = read_akn(args.truth)
        rows = score_rows(
            [
                (
                    truth.get("symbol") or args.truth.stem,
                    (args.pred, read_prediction(args.pred) or {}),
                    truth,
                )
            ],
            FIELDS,
        )
        reports.append(
            {
                "kind": "akn",
                "fields": list(FIELDS),
                "documents": rows,
                "aggregate": aggregate(rows, FIELDS),
                "missing": [],
            }
        )
    else:
        if truth_files(args.truth, lang):
            reports.append(evaluate_dirs(args.pred, args.truth, lang, present=args.present, akn=args.akn))
        unbench = [args.truth] if args.truth.name.startswith("unbench") else sorted(args.truth.rglob("unbench*"))
        for u in (p for p in unbench if p.is_dir()):
            rep = evaluate_unbench(args.pred, u)
            if not args.present or len(rep["missing"]) < len(rep["documents"]):  # --present: none of them, none
                reports.append(rep)
    for rep in reports:
        title = "AKN4UN truth" if rep["kind"] == "akn" else "UNBench SC drafts"
        print(f"{title}: {len(rep['documents'])} documents, {len(rep['missing'])} without prediction")
        print(format_table(rep))
        counts = [r["scores"].get("reference_counts") for r in rep["documents"]]
        counts = [c for c in counts if c]
        if counts:
            hit, pred, want = (sum(c[i] for c in counts) for i in range(3))
            print(
                f"cited documents (all citations pooled): {hit} matched of {pred} found and {want} "
                f"in the truth; precision {100 * hit / max(pred, 1):.1f}%, recall {100 * hit / max(want, 1):.1f}%"
            )
        print()
    if not reports:
        print(f"no truth documents found under {args.truth}", file=sys.stderr)
    if args.json_out:
        out = reports[0] if len(reports) == 1 else {"reports": reports}
        args.json_out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
