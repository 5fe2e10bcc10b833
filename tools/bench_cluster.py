"""Times a batch on a local Dask cluster of two workers and of one against a local run, and checks the bytes.

    python tools/bench_cluster.py PDF_DIR [-o build/cluster] [--formats json]

Runs ``resbrief build`` three times into OUT/local (``--jobs 2``), OUT/two
(``--scheduler local --jobs 2``) and OUT/one (``--scheduler local --jobs 1``),
prints each wall time and the peak memory of its largest process (a worker's
conversion), the speed-up of two workers over one, and whether the two
cluster runs are byte-identical to the local one (every file, the report and
the collection outputs included).  The machine's load is printed with the
figures: on a shared machine they are ratios side by side, not absolutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from pipeline.bench_session import timed_build

RUNS = {  # jobs, then the other options
    "local": [2],
    "two": [2, "--scheduler", "local"],
    "one": [1, "--scheduler", "local"],
}


def files(folder: Path) -> dict[str, bytes]:
    """Gives every file under ``folder`` by its relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    """Runs the three builds and prints the figures; gives 0 when both cluster runs match the local one."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs", type=Path)
    p.add_argument("-o", "--out", type=Path, default=Path("build/cluster"))
    p.add_argument("--formats", default="json")
    args = p.parse_args(argv)
    shutil.rmtree(args.out, ignore_errors=True)
    seconds = {}
    for name, (jobs, *options) in RUNS.items():
        load = os.getloadavg()[0]
        seconds[name], peak, _ = timed_build(args.inputs, args.out / name, args.formats, jobs, *options)
        print(
            f"{name:>5}: {seconds[name]:7.1f} s  (resbrief build {' '.join(['--jobs', str(jobs), *options])}; "
            f"largest process {peak:.0f} MiB; load average {load:.1f})"
        )
    print(f"two workers over one: {seconds['one'] / seconds['two']:.2f}x")
    local = files(args.out / "local")
    same = {name: files(args.out / name) == local for name in ("two", "one")}
    for name, ok in same.items():
        print(f"{name}: {'byte-identical to' if ok else 'DIFFERS from'} the local run ({len(local)} files)")
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
