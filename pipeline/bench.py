"""Per-stage timings over a folder of PDFs: seconds per page for extract, OCR (per page read), clean, segment (with
annotate) and render; beside them, in the same run over the same files, pdfplumber's own bare parse (open every
page, read its characters) and the ratios of resbrief's JSON and full packs to it."""

from __future__ import annotations

import json
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pipeline.annotate import annotated
from pipeline.batch import inputs_of
from pipeline.clean import clean
from pipeline.config import Config
from pipeline.errors import ConversionError
from pipeline.extract import extract
from pipeline.ocr import read_scans
from pipeline.segment import segment

STAGES = ("extract", "ocr", "clean", "segment", "json", "html", "pdf", "docx", "akn", "ics")
JSON_STAGES = ("extract", "ocr", "clean", "segment", "json")  # what resolution.json alone costs


def bare_parse(path: Path | str) -> int:
    """Gives the pages of a PDF after pdfplumber opened each and read its characters, with pdfminer as shipped
    (not the extract stage's faster content reader, which importing the pipeline installs): the baseline."""
    import pdfplumber

    from pipeline import content

    with content.as_shipped(), pdfplumber.open(path) as pdf:
        pages = 0
        for page in pdf.pages:
            page.chars  # noqa: B018 - reading them is the work measured
            page.close()
            pages += 1
    return pages


def bare_parse_seconds(path: Path) -> float:
    """Gives the seconds of pdfplumber's bare parse of a PDF (:func:`bare_parse`); 0 for a file it cannot read."""
    t = time.perf_counter()
    try:
        bare_parse(path)
    except Exception:  # a file pdfplumber cannot read has no baseline
        return 0.0
    return time.perf_counter() - t


def time_file(path: Path, config: Config) -> dict:
    """Gives the seconds each stage took on one PDF, its page count and its outcome."""
    row = {"file": path.name, "pages": 0, "status": "ok", "pdfplumber": bare_parse_seconds(path)}
    t = time.perf_counter()
    try:
        doc = extract(path, replace(config, ocr="never"))
        row["pages"] = doc.source.pages
        row["extract"] = time.perf_counter() - t
        t = time.perf_counter()
        doc = read_scans(path.read_bytes(), doc, config)
        if doc.source.ocr:
            row["ocr"] = time.perf_counter() - t
            row["ocr_pages"] = len(doc.source.ocr["pages"])
        t = time.perf_counter()
        cleaned = clean(doc)
        row["clean"] = time.perf_counter() - t
        t = time.perf_counter()
        res = annotated(segment(cleaned))
        row["segment"] = time.perf_counter() - t
    except ConversionError as exc:
        row["status"] = exc.kind
        return row
    from pipeline.model import to_json

    t = time.perf_counter()
    text = to_json(res)
    row["json"] = time.perf_counter() - t
    rendered = [f for f in config.formats if f != "json"]
    if rendered:
        from pipeline.render import render

        with tempfile.TemporaryDirectory() as tmp:
            for fmt in rendered:
                t = time.perf_counter()
                render(res, Path(tmp), replace(config, formats=(fmt,)))
                row[fmt] = time.perf_counter() - t
    del text
    return row


def summarise(rows: list[dict]) -> dict:
    """Gives totals per stage: seconds, seconds per page, and the files and pages counted."""
    done = [r for r in rows if r["status"] == "ok"]
    pages = sum(r["pages"] for r in done)
    out = {"files": len(rows), "converted": len(done), "pages": pages, "stages": {}}
    for stage in STAGES:
        timed = [r[stage] for r in done if stage in r]
        if timed:
            total = sum(timed)
            counted = sum(r.get("ocr_pages", 0) for r in done) if stage == "ocr" else pages  # OCR: pages it read
            out["stages"][stage] = {
                "seconds": round(total, 3),
                "seconds_per_page": round(total / max(counted, 1), 4),
                "slowest_file_seconds": round(max(timed), 3),
            }
            if stage == "ocr":
                out["stages"][stage]["pages"] = counted
    base = sum(r["pdfplumber"] for r in done)
    json_s = sum(r.get(st, 0.0) for r in done for st in JSON_STAGES)
    pack_s = sum(r.get(st, 0.0) for r in done for st in STAGES)
    text = [r for r in done if "ocr" not in r]  # read from their text layer: the work pdfplumber's parse does
    text_base = sum(r["pdfplumber"] for r in text)
    text_json = sum(r.get(st, 0.0) for r in text for st in JSON_STAGES)
    out["baseline"] = {
        "pdfplumber_seconds": round(base, 3),
        "json_seconds": round(json_s, 3),
        "pack_seconds": round(pack_s, 3),
        "json_ratio": round(json_s / base, 2) if base else None,
        "pack_ratio": round(pack_s / base, 2) if base else None,
        "ocr_files": len(done) - len(text),
        "text_layer_files": len(text),
        "text_layer_pdfplumber_seconds": round(text_base, 3),
        "text_layer_json_seconds": round(text_json, 3),
        "text_layer_json_ratio": round(text_json / text_base, 2) if text_base else None,
    }
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def format_table(summary: dict) -> str:
    """Gives the benchmark summary as a text table."""
    lines = [
        f"{summary['converted']} of {summary['files']} files converted, {summary['pages']} pages; "
        f"peak memory {summary['peak_rss_mib']} MiB",
        f"{'stage':<10}{'seconds':>10}{'s/page':>10}{'slowest file s':>16}",
    ]
    total = 0.0
    for stage, s in summary["stages"].items():
        total += s["seconds"]
        lines.append(
            f"{stage:<10}{s['seconds']:>10.2f}{s['seconds_per_page']:>10.4f}{s['slowest_file_seconds']:>16.2f}"
            + (f"   (per page read by OCR: {s['pages']} pages)" if stage == "ocr" else "")
        )
    pages = max(summary["pages"], 1)
    lines.append(f"{'total':<10}{total:>10.2f}{total / pages:>10.4f}")
    lines += baseline_lines(summary.get("baseline") or {}, pages)
    return "\n".join(lines)


def baseline_lines(b: dict, pages: int) -> list[str]:
    """Gives the side-by-side lines: pdfplumber's bare parse, resbrief's JSON and full pack, and their ratios."""
    if not b.get("pdfplumber_seconds"):
        return []
    rows = [
        ("pdfplumber (open every page, read its chars)", b["pdfplumber_seconds"], None),
        ("resbrief resolution.json", b["json_seconds"], b["json_ratio"]),
        ("resbrief full pack (json and every format)", b["pack_seconds"], b["pack_ratio"]),
    ]
    out = ["", f"{'same files, same run':<46}{'seconds':>10}{'ms/page':>10}{'x pdfplumber':>14}"]
    for name, seconds, ratio in rows:
        shown = f"{ratio:>14.2f}" if ratio is not None else f"{'1.00':>14}"
        out.append(f"{name:<46}{seconds:>10.2f}{seconds * 1000 / pages:>10.1f}{shown}")
    if b.get("ocr_files") and b.get("text_layer_json_ratio") is not None:
        ratio = b["text_layer_json_ratio"]
        out.append(
            f"resolution.json of the {b['text_layer_files']} files read from their text layer (scans read by OCR "
            f"left out of both): {b['text_layer_json_seconds']:.2f} s against pdfplumber's "
            f"{b['text_layer_pdfplumber_seconds']:.2f} s, {ratio:.2f} x"
        )
    return out


def main(inputs: list[Path], config: Config, json_out: Path | None = None) -> int:
    """Runs the benchmark over the inputs and prints the table; gives the exit status."""
    rows = []
    for path in inputs_of(inputs):
        rows.append(time_file(path, config))
    summary = summarise(rows)
    print(format_table(summary))
    if json_out:
        json_out.write_text(json.dumps({"summary": summary, "files": rows}, indent=2) + "\n")
    return 0
