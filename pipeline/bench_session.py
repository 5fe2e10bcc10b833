"""A whole session benchmarked as users run it: ``resbrief build`` of a folder with two jobs, JSON only and with
full packs (every format, and the collection outputs a build writes), then an immediate re-run with nothing
changed, each against pdfplumber's bare parse of the same PDFs (every page opened and its characters read, with
pdfminer as shipped, in as many processes) timed in the same run; with the peak memory of the largest process of
each build (``make bench-session``)."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.bench import bare_parse
from pipeline.config import ALL_FORMATS

MIB = 1024  # ru_maxrss is in KiB on Linux


def _bare(paths: list[str], jobs: int) -> tuple[float, int]:
    """Gives (seconds, pages) of the bare parse of ``paths`` in ``jobs`` processes."""
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pages = sum(pool.map(bare_parse, paths, chunksize=1))
    return time.perf_counter() - start, pages


_MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:], "
    "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
)


def timed_build(folder: Path, out: Path, formats: str, jobs: int, *options: str) -> tuple[float, float, int]:
    """Gives (seconds, peak MiB of its largest process, exit status) of one ``resbrief build`` with ``options``."""
    command = [sys.executable, "-m", "pipeline", "build", str(folder), "-o", str(out), "--formats", formats]
    command += ["--jobs", str(jobs), *options]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    seconds, rss, status = done.stdout.split()
    return float(seconds), int(rss) / MIB, int(status)


def run(folder: Path, jobs: int = 2, full: bool = True) -> list[dict]:
    """Gives one row per run: what was built, seconds, seconds a page, ratio to the bare parse, peak MiB."""
    paths = sorted(str(p) for p in folder.iterdir() if p.suffix.lower() == ".pdf")
    rows = []
    with tempfile.TemporaryDirectory(prefix="resbrief-bench-") as tmp:
        bare_seconds, pages = _bare(paths, jobs)
        rows.append({"run": f"pdfplumber bare parse ({jobs} processes)", "seconds": bare_seconds, "peak_mib": None})
        plan = [("json", "JSON only")] + ([(",".join(ALL_FORMATS), "full packs")] if full else [])
        for formats, what in plan:
            out = Path(tmp) / formats.replace(",", "-")
            seconds, peak, status = timed_build(folder, out, formats, jobs)
            rows.append({"run": f"build, {what}", "seconds": seconds, "peak_mib": peak, "status": status})
            seconds, peak, status = timed_build(folder, out, formats, jobs)
            rows.append({"run": f"re-run, {what}, nothing changed", "seconds": seconds, "peak_mib": peak})
            rows[-1]["status"] = status
    for row in rows:
        row["pages"] = pages
        row["files"] = len(paths)
        row["seconds_per_page"] = row["seconds"] / max(pages, 1)
        row["ratio_to_bare"] = row["seconds"] / bare_seconds if bare_seconds else None
    return rows


def format_rows(rows: list[dict]) -> str:
    """Gives the rows as a text table."""
    head = rows[0]
    lines = [
        f"{head['files']} PDFs, {head['pages']} pages; seconds are wall-clock on this machine (note its load)",
        f"{'run':<42}{'seconds':>9}{'ms/page':>9}{'x bare':>8}{'peak MiB':>10}",
    ]
    for r in rows:
        peak = f"{r['peak_mib']:.0f}" if r["peak_mib"] is not None else "-"
        lines.append(
            f"{r['run']:<42}{r['seconds']:>9.1f}{1000 * r['seconds_per_page']:>9.1f}{r['ratio_to_bare']:>8.2f}"
            f"{peak:>10}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Runs the session benchmark and prints its table; gives the exit status."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench_session", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json-only", action="store_true", help="leave out the full packs")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    rows = run(args.folder, args.jobs, full=not args.json_only)
    print(format_rows(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(r.get("status", 0) == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
