"""The batch report: every input's status, message, output folder and artifact digests, written atomically."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional


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


def report_dict(outcomes: list[Outcome]) -> dict:
    """Gives the batch report: every input's status, message and artifact digests, and totals."""
    ok = sum(o.status == "ok" for o in outcomes)
    return {
        "summary": {"inputs": len(outcomes), "converted": ok, "failed": len(outcomes) - ok},
        "inputs": [
            {
                "input": o.input,
                "status": o.status,
                "kind": o.kind,
                "message": o.message,
                "output": o.output,
                "artifacts": o.artifacts,
                "sha256": o.sha256,
            }
            for o in outcomes
        ],
    }


def write_report(outcomes: list[Outcome], path: Path) -> None:
    """Writes the batch report as JSON, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(report_dict(outcomes), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def merge_reports(paths: Iterable[Path], target: Path) -> dict:
    """Writes one report that lists the inputs of several reports (one per ``make`` target); gives it."""
    entries = []
    for path in sorted(Path(p) for p in paths):
        entries.extend(json.loads(path.read_text(encoding="utf-8"))["inputs"])
    entries.sort(key=lambda e: e["input"])
    ok = sum(e["status"] == "ok" for e in entries)
    merged = {"summary": {"inputs": len(entries), "converted": ok, "failed": len(entries) - ok}, "inputs": entries}
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return merged
