"""Converting files and batches: each PDF to ``OUT/<name>/`` with its artifacts, and a report.

Every document is written into a temporary folder beside its final place and
renamed into place only when all its artifacts exist, so ``OUT`` never holds
a half-written pack.  A file that cannot be converted gets a one-line error;
the batch goes on with the others.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from .clean import clean
from .config import Config
from .errors import ConversionError
from .extract import extract
from .model import Resolution, to_json
from .segment import segment

JSON_NAME = "resolution.json"
ARTIFACT_NAMES = {"json": JSON_NAME, "html": "brief.html", "pdf": "brief.pdf", "docx": "brief.docx"}


@dataclass
class Outcome:
    """What became of one input file."""
    input: str
    status: str                      # "ok" or "error"
    message: str
    kind: str = "ok"
    output: Optional[str] = None     # folder name under OUT
    artifacts: dict[str, str] = field(default_factory=dict)   # file name -> sha256
    seconds: float = 0.0


def output_name(symbol: Optional[str], fallback: str) -> str:
    """Gives a safe folder name for a document: its symbol with "/" as "_" ("A/RES/78/229" gives "A_RES_78_229")."""
    raw = symbol or fallback
    raw = raw.replace("/", "_").replace(" ", "_")
    raw = re.sub(r"[()]", "", raw)
    raw = re.sub(r"[^A-Za-z0-9._-]", "_", raw)
    raw = re.sub(r"_+", "_", raw).strip("._-")
    return raw[:120] or "document"


def sha256_file(path: Path) -> str:
    """Gives the sha256 hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inputs_of(paths: Iterable[Path]) -> list[Path]:
    """Gives the PDF files named, with folders expanded to the PDFs they hold, sorted."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() == ".pdf"))
        else:
            files.append(p)
    return files


def convert(path: Path, config: Config = Config()) -> Resolution:
    """Gives the Resolution a PDF holds (extract, clean, segment), or raises ConversionError."""
    return segment(clean(extract(path, config)))


def write_pack(res: Resolution, folder: Path, config: Config) -> dict[str, str]:
    """Writes resolution.json and the briefing pack into folder; gives each file's sha256."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / JSON_NAME).write_text(to_json(res), encoding="utf-8")
    rendered = [f for f in config.formats if f != "json"]
    if rendered:
        from .render import render   # imported late: WeasyPrint is slow to load
        render(res, folder, config)
    return {f.name: sha256_file(f) for f in sorted(folder.iterdir()) if f.is_file()}


def _place(tmp: Path, final: Path) -> None:
    """Moves a finished pack into place, replacing an older one without a moment of half-state."""
    if final.exists():
        old = final.with_name(f".old-{final.name}-{os.getpid()}")
        os.rename(final, old)
        os.rename(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, final)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def convert_one(path: Path, out: Path, config: Config, claimed: set[str] | None = None) -> Outcome:
    """Converts one file into ``out/<name>/`` and gives its outcome; never raises for a bad file."""
    start = time.monotonic()
    path = Path(path)
    tmp = None
    use_alarm = config.timeout_seconds > 0 and hasattr(signal, "SIGALRM")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, config.timeout_seconds)
    try:
        res = convert(path, config)
        name = output_name(res.symbol, path.stem)
        if claimed is not None:
            base, n = name, 2
            while name in claimed:
                name = f"{base}-{n}"
                n += 1
            if name != base:
                res.warnings.append(f"another input has the symbol {res.symbol}: written to {name}")
            claimed.add(name)
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-", dir=out))
        os.chmod(tmp, 0o777 & ~_umask())   # mkdtemp makes 0700; a pack is as readable as any file
        artifacts = write_pack(res, tmp, config)
        _place(tmp, out / name)
        tmp = None
        summary = (f"{len(res.preamble)} preambular, {len(res.operative)} operative, "
                   f"{len(res.footnotes)} footnotes")
        return Outcome(str(path), "ok", summary, "ok", name, artifacts, time.monotonic() - start)
    except ConversionError as exc:
        return Outcome(str(path), "error", str(exc), exc.kind, seconds=time.monotonic() - start)
    except _Timeout:
        return Outcome(str(path), "error",
                       f"{path.name}: took longer than the limit of {config.timeout_seconds:g} s",
                       "timeout", seconds=time.monotonic() - start)
    except MemoryError:
        return Outcome(str(path), "error", f"{path.name}: ran out of memory", "memory",
                       seconds=time.monotonic() - start)
    except Exception as exc:   # a bug: reported for this file, the batch goes on
        if config.debug:
            raise
        return Outcome(str(path), "error",
                       f"{path.name}: internal error ({type(exc).__name__}: {exc}); rerun with --debug",
                       "internal", seconds=time.monotonic() - start)
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _worker(args):
    path, out, config = args
    return convert_one(path, out, config)


def build(paths: Iterable[Path], out: Path, config: Config = Config(),
          on_outcome: Callable[[Outcome, int, int], None] | None = None,
          report: Path | None = None) -> list[Outcome]:
    """Converts every input into ``out`` and writes the report (``out/report.json`` unless told); gives the outcomes."""
    files = inputs_of(paths)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    outcomes: list[Outcome] = []
    if config.jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=config.jobs) as pool:
            for outcome in pool.map(_worker, [(f, out, config) for f in files]):
                outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome, len(outcomes), len(files))
        outcomes = _settle_names(outcomes, out)
    else:
        claimed: set[str] = set()
        for f in files:
            outcome = convert_one(f, out, config, claimed)
            outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome, len(outcomes), len(files))
    write_report(outcomes, report or out / "report.json")
    return outcomes


def _settle_names(outcomes: list[Outcome], out: Path) -> list[Outcome]:
    """Flags inputs that parallel workers wrote to the same folder (the last one won)."""
    seen: dict[str, Outcome] = {}
    for o in outcomes:
        if o.output and o.output in seen:
            first = seen[o.output]
            first.status, first.kind = "error", "duplicate-symbol"
            first.message = (f"{Path(first.input).name}: same symbol as {Path(o.input).name}; "
                             f"its pack was replaced, rerun without --jobs to keep both")
            first.output, first.artifacts = None, {}
        if o.output:
            seen[o.output] = o
    return outcomes


def report_dict(outcomes: list[Outcome]) -> dict:
    """Gives the batch report: every input's status, message and artifact digests, and totals."""
    ok = sum(o.status == "ok" for o in outcomes)
    return {
        "summary": {"inputs": len(outcomes), "converted": ok, "failed": len(outcomes) - ok},
        "inputs": [{"input": o.input, "status": o.status, "kind": o.kind, "message": o.message,
                    "output": o.output, "artifacts": o.artifacts} for o in outcomes],
    }


def write_report(outcomes: list[Outcome], path: Path) -> None:
    """Writes the batch report as JSON, atomically."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(report_dict(outcomes), ensure_ascii=False, indent=2) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)


def merge_reports(paths: Iterable[Path], target: Path) -> dict:
    """Writes one report that lists the inputs of several reports (one per ``make`` target); gives it."""
    entries = []
    for path in sorted(Path(p) for p in paths):
        entries.extend(json.loads(path.read_text(encoding="utf-8"))["inputs"])
    entries.sort(key=lambda e: e["input"])
    ok = sum(e["status"] == "ok" for e in entries)
    merged = {"summary": {"inputs": len(entries), "converted": ok, "failed": len(entries) - ok},
              "inputs": entries}
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return merged
