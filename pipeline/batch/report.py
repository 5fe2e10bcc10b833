"""The batch report: every input's status, message, output folder and artifact digests, written atomically."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from pipeline.errors import ConversionError, OutputError, one_line, path_text
from pipeline.extract import not_a_file, read_regular_file

MAX_REPORT_BYTES = 1 << 30  # a report of a million inputs is a few hundred MiB


@dataclass
class Outcome:
    """What became of one input file."""

    input: str
    status: str  # "ok" or "error"
    message: str
    kind: str = "ok"  # ok, up-to-date, or the error's kind
    output: Optional[str] = None  # folder name under OUT
    artifacts: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    seconds: float = 0.0
    sha256: Optional[str] = None  # of the input file
    warnings: list[str] = field(default_factory=list)  # the converted document's warnings


def report_dict(outcomes: list[Outcome]) -> dict:
    """Gives the batch report: every input's status, message and artifact digests, and totals.

    ``input`` is the path as given (a byte of a name that is not UTF-8 written ``\\xNN``), ``message`` one
    printable line; ``warnings`` is there when the document has any.
    """
    ok = sum(o.status == "ok" for o in outcomes)
    entries = []
    for o in outcomes:
        entry = {
            "input": path_text(o.input),
            "status": o.status,
            "kind": o.kind,
            "message": one_line(o.message),
            "output": o.output,
            "artifacts": o.artifacts,
            "sha256": o.sha256,
        }
        if o.warnings:
            entry["warnings"] = list(o.warnings)
        entries.append(entry)
    return {"summary": {"inputs": len(outcomes), "converted": ok, "failed": len(outcomes) - ok}, "inputs": entries}


def write_json(data: dict, path: Path) -> None:
    """Writes JSON to ``path`` atomically: the previous file stays whole and no temporary file is left when it
    cannot be written (a full disk, a read-only folder); raises OutputError saying so."""
    path = Path(path)
    what = not_a_file(path)
    if what:  # a rename would put a file in place of /dev/null (as root) or of a pipe
        raise OutputError(f"the report {one_line(path_text(path))} is {what}, not a file")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(text.encode("utf-8", "backslashreplace"))  # a stray lone surrogate becomes a JSON \u escape
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        kept = "; the previous one is kept" if path.is_file() else ""
        raise OutputError(f"cannot write the report {one_line(path_text(path))} ({exc.strerror}){kept}") from None


def write_report(outcomes: list[Outcome], path: Path) -> None:
    """Writes the batch report as JSON, atomically (see ``write_json``)."""
    write_json(report_dict(outcomes), path)


def merge_reports(paths: Iterable[Path], target: Path) -> dict:
    """Writes one report that lists the inputs of several reports (one per ``make`` target); gives it."""
    entries = []
    for path in sorted(Path(p) for p in paths):
        try:
            data = read_regular_file(path, MAX_REPORT_BYTES, "a report")
            entries.extend(json.loads(data.decode("utf-8"))["inputs"])
        except ConversionError as exc:
            why = str(exc).removeprefix(f"{path_text(path.name)}: ")
            raise ConversionError(f"{path_text(path)}: not a report resbrief can read ({why})", "bad-json") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise ConversionError(f"{path_text(path)}: not a report resbrief can read ({exc})", "bad-json") from None
    entries.sort(key=lambda e: e["input"])
    ok = sum(e["status"] == "ok" for e in entries)
    merged = {"summary": {"inputs": len(entries), "converted": ok, "failed": len(entries) - ok}, "inputs": entries}
    write_json(merged, Path(target))
    return merged
