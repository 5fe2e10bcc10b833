"""Deliberate small bugs, one at a time: does the test suite notice each of them?

For every mutant (a file, an exact piece of its text, what replaces it) the
source tree is copied into a temporary folder, that one replacement is made,
and pytest runs there on the selected test files with ``-x``.  The copy's own
``pipeline`` package is what gets imported: pytest runs with the copy as its
working folder and first on PYTHONPATH, and a small plugin checks, once the
tests are collected, that ``pipeline`` was loaded from the copy (an editable
install of the original tree must not answer instead).  ``../shared`` of the
copy is a link to the original's, so the corpus tests run as they do at home.

    python tools/mutants.py                       # every mutant against the default test files
    python tools/mutants.py --only calls-lt month-plus-one
    python tools/mutants.py --tests tests/test_rules.py
    python tools/mutants.py --tests-from main --tests tests    # the old suite (git ref) against them
    python tools/mutants.py --together --tests-from main --tests tests   # all mutants in one copy

A mutant is "killed" when a test fails; the first failing test is named.
The run exits 1 when a mutant survives, and 2 when a mutation's text is not
found exactly once (it would otherwise be a silent no-op) or the unmutated
copy does not pass (a kill would then mean nothing).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("pipeline", "templates", "tests", "tools", "input", "pyproject.toml", "Makefile")
DEFAULT_TESTS = ("tests/test_rules.py", "tests/test_cli.py", "tests/test_invariants.py")


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    old: str
    new: str
    why: str


MUTANTS = [
    Mutant(
        "calls-lt",
        "pipeline/segment/footnotes.py",
        "before = [i for i in free if found[i][1] <= page]",
        "before = [i for i in free if found[i][1] < page]",
        "a note no longer answers a call printed on its own page",
    ),
    Mutant(
        "calls-last",
        "pipeline/segment/footnotes.py",
        "key=lambda i: (found[i][1], -i))",
        "key=lambda i: (found[i][1], i))",
        "a note answers the last call on the nearest page instead of the first",
    ),
    Mutant(
        "heading-note-anchor",
        "pipeline/segment/paragraphs.py",
        "where.add(m, ids[id(target)], target.block.page)",
        "where.add(m, h.before, target.block.page)",
        "a note printed on a heading is anchored at the heading's index, which names no paragraph",
    ),
    Mutant(
        "offset-past-end",
        "pipeline/segment/spans.py",
        "return [[m, min(o, total)] for m, o in out]",
        "return [[m, o + 1] for m, o in out]",
        "marker offsets one character late, past the end of a paragraph that ends with its marker",
    ),
    Mutant(
        "hyphen-kept",
        "pipeline/clean.py",
        "    return not (joined in vocabulary and hyphened not in vocabulary)",
        "    return True",
        "every line-end hyphen is kept ('recom-mendation')",
    ),
    Mutant(
        "month-plus-one",
        "pipeline/annotate/due.py",
        "y, m = divmod(d.month - 1 + months, 12)",
        "y, m = divmod(d.month + months, 12)",
        "a month too many: five months from 29 May gives 29 November",
    ),
    Mutant(
        "docx-control-chars",
        "pipeline/render/docx.py",
        "    return without_unsafe(text)",
        "    return text",
        "control characters go into the Word file",
    ),
    Mutant(
        "hash-of-name",
        "pipeline/batch/document.py",
        "    return {f.name: sha256_file(f) for f in sorted(folder.iterdir()) if f.is_file()}",
        "    return {f.name: hashlib.sha256(f.name.encode()).hexdigest()"
        " for f in sorted(folder.iterdir()) if f.is_file()}",
        "report.json's artifact digests are of the file names",
    ),
    Mutant(
        "hash-of-name-up-to-date",
        "pipeline/batch/runner.py",
        "    artifacts = {f.name: sha256_file(f) for f in sorted(folder.iterdir()) if f.is_file()}",
        "    artifacts = {f.name: __import__('hashlib').sha256(f.name.encode()).hexdigest()"
        " for f in sorted(folder.iterdir()) if f.is_file()}",
        "an up-to-date pack's digests are of the file names",
    ),
    Mutant(
        "merge-all-converted",
        "pipeline/batch/report.py",
        '    ok = sum(e["status"] == "ok" for e in entries)',
        "    ok = len(entries)",
        "a merged report counts every input as converted",
    ),
    Mutant(
        "timeout-zero-kills",
        "pipeline/batch/runner.py",
        "if timeout <= 0 or self.asking_since is not None:",
        "if timeout < 0 or self.asking_since is not None:",
        "--timeout 0 kills every child at once instead of meaning no limit",
    ),
    Mutant(
        "in-process-ignored",
        "pipeline/cli.py",
        "isolate=not args.in_process,",
        "isolate=True,",
        "--in-process still forks a child per document",
    ),
    Mutant(
        "unknown-format-accepted",
        "pipeline/cli.py",
        "    if unknown:\n        raise SystemExit",
        "    if False:\n        raise SystemExit",
        "an unknown --formats value is not refused up front",
    ),
]

GUARD = """
import os, sys
from pathlib import Path

def pytest_collection_finish(session):
    import pytest
    import pipeline
    want = Path(os.environ["MUTANT_TREE"]).resolve() / "pipeline"
    got = Path(pipeline.__file__).resolve().parent
    if got != want:
        pytest.exit(f"mutants: pipeline imported from {got}, not from the mutated copy {want}", returncode=3)
"""


class MutationError(Exception):
    pass


def apply(tree: Path, mutant: Mutant) -> None:
    """Makes the mutant's one replacement in ``tree``; refuses unless its text is there exactly once."""
    path = tree / mutant.file
    if not path.is_file():
        raise MutationError(f"{mutant.name}: {mutant.file} does not exist (moved? update MUTANTS)")
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.old)
    if count != 1:
        raise MutationError(
            f"{mutant.name}: the text to replace is found {count} times in {mutant.file}, not once: {mutant.old!r}"
        )
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")


def copy_tree(source: Path, into: Path, tests_from: str | None) -> Path:
    """Copies the project into ``into/project`` beside a link ``into/shared``; gives the copy."""
    tree = into / "project"
    tree.mkdir(parents=True)
    for name in COPIED:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            shutil.copy2(src, tree / name)
    shared = source.parent / "shared"
    if shared.exists():
        (into / "shared").symlink_to(shared.resolve())
    if tests_from:
        shutil.rmtree(tree / "tests")
        archive = subprocess.run(
            ["git", "-C", str(source), "archive", tests_from, "tests"], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    guard = into / "guard"
    guard.mkdir()
    (guard / "mutant_guard.py").write_text(GUARD)
    return tree


def run_pytest(tree: Path, tests: list[str], python: str, timeout: float) -> tuple[int, list[str], str]:
    """Runs pytest -x in the copy; gives (exit status, failing test ids, output tail)."""
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(tree), str(tree.parent / "guard")]),
        MUTANT_TREE=str(tree),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.setdefault("RESBRIEF_REQUIRE_ALL", "1")  # a skip must not pass for a survival
    junit = tree.parent / "junit.xml"
    command = [
        python,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "mutant_guard",
        f"--junitxml={junit}",
        *tests,
    ]
    try:
        run = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, [f"(timed out after {timeout:g} s)"], ""
    failing = []
    if junit.exists():
        for case in ET.parse(junit).getroot().iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failing.append(f"{case.get('classname')}::{case.get('name')}")
    tail = "\n".join((run.stdout + run.stderr).strip().splitlines()[-15:])
    if "not from the mutated copy" in run.stdout + run.stderr:
        raise MutationError(tail)
    return run.returncode, failing, tail


def check_import(tree: Path, python: str) -> None:
    """Makes sure a plain ``import pipeline`` in the copy (as its subprocesses do) loads the copy."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    got = subprocess.run(
        [python, "-c", "import pipeline; print(pipeline.__file__)"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if Path(got).resolve().parent != (tree / "pipeline").resolve():
        raise MutationError(f"import pipeline in the copy gives {got}, not the copy's own package")


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except MutationError as exc:
        print(f"mutants: {exc}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tests", nargs="+", default=list(DEFAULT_TESTS), help="test files or folders to run")
    p.add_argument("--only", nargs="+", metavar="NAME", help="run only these mutants")
    p.add_argument("--tests-from", metavar="GIT_REF", help="take tests/ from this git ref (the old suite)")
    p.add_argument("--together", action="store_true", help="apply all chosen mutants in one copy")
    p.add_argument("--no-baseline", action="store_true", help="skip the run on the unmutated copy")
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed per pytest run")
    p.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = p.parse_args(argv)

    chosen = MUTANTS
    if args.only:
        unknown = set(args.only) - {m.name for m in MUTANTS}
        if unknown:
            p.error(f"no such mutant: {', '.join(sorted(unknown))}")
        chosen = [m for m in MUTANTS if m.name in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.name:<26} {m.file:<26} {m.why}")
        return 0
    # every mutation must apply to the tree as it is now, before anything runs
    with tempfile.TemporaryDirectory(prefix="mutants-check-") as tmp:
        for m in chosen:
            target = Path(tmp) / m.name / m.file
            target.parent.mkdir(parents=True, exist_ok=True)
            if (ROOT / m.file).is_file():
                shutil.copy2(ROOT / m.file, target)
            try:
                apply(Path(tmp) / m.name, m)
            except MutationError as exc:
                print(f"mutants: {exc}", file=sys.stderr)
                return 2

    groups = [("+".join(m.name for m in chosen), chosen)] if args.together else [(m.name, [m]) for m in chosen]
    source = f"tests from {args.tests_from}" if args.tests_from else "tests of the working tree"
    print(f"mutants: {len(groups)} run(s) of pytest -x {' '.join(args.tests)} ({source})", flush=True)
    if not args.no_baseline:
        with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
            tree = copy_tree(ROOT, Path(tmp), args.tests_from)
            check_import(tree, args.python)
            start = time.monotonic()
            status, failing, tail = run_pytest(tree, args.tests, args.python, args.timeout)
            if status != 0:
                print(f"mutants: the unmutated copy does not pass ({failing or status}):\n{tail}", file=sys.stderr)
                return 2
            print(f"baseline: passes ({time.monotonic() - start:.0f} s)", flush=True)
    survivors = []
    for name, mutants in groups:
        with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
            tree = copy_tree(ROOT, Path(tmp), args.tests_from)
            for m in mutants:
                apply(tree, m)
            check_import(tree, args.python)
            start = time.monotonic()
            status, failing, tail = run_pytest(tree, args.tests, args.python, args.timeout)
            took = time.monotonic() - start
        if status == 0:
            survivors.append(name)
            print(f"SURVIVED {name} ({took:.0f} s)", flush=True)
        elif failing:
            print(f"killed   {name} by {failing[0]} ({took:.0f} s)", flush=True)
        else:
            print(f"mutants: {name}: pytest exit status {status} without a failing test:\n{tail}", file=sys.stderr)
            return 2
    if survivors:
        print(f"mutants: {len(survivors)} of {len(groups)} survived: {', '.join(survivors)}")
        return 1
    print(f"mutants: all {len(groups)} killed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
