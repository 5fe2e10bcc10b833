"""Shared fixtures: where the shared corpus is, and converted corpus documents (cached per session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PDFS = SHARED / "corpus" / "pdfs"
OTHER = SHARED / "corpus" / "other"
SAMPLE = ROOT / "input" / "A_RES_65_232.pdf"

_cache: dict = {}
_errors: dict = {}  # path -> (message, kind) of a PDF that does not convert


def corpus_pdf(name: str) -> Path:
    """Gives the path of a corpus PDF, skipping the test when the shared corpus is absent."""
    path = PDFS / name
    if not PDFS.is_dir():
        pytest.skip(f"shared corpus not found at {PDFS} (tests that need it are skipped)")
    assert path.exists(), f"{name} is not in the corpus"
    return path


def segmented(path: Path):
    """Gives the Resolution for a PDF, converted once per test session."""
    from pipeline.batch import convert
    from pipeline.errors import ConversionError

    if path in _errors:
        raise ConversionError(*_errors[path])
    if path not in _cache:
        _cache[path] = convert(path)
    return _cache[path]


def _converted(path: Path) -> tuple:
    """Gives (Resolution, None) or (None, (message, kind)) for a PDF: what a worker process sends back."""
    from pipeline.batch import convert
    from pipeline.errors import ConversionError

    try:
        return convert(path), None
    except ConversionError as exc:
        return None, (str(exc), exc.kind)


def segmented_all(paths: list[Path]) -> None:
    """Converts the PDFs not converted yet this session in two processes, so that :func:`segmented` has them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    todo = [p for p in paths if p not in _cache and p not in _errors]
    if not todo:
        return
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        for path, (res, error) in zip(todo, pool.map(_converted, todo)):
            if error is None:
                _cache[path] = res
            else:
                _errors[path] = error


@pytest.fixture
def corpus():
    return corpus_pdf


# --- strict runs: RESBRIEF_REQUIRE_ALL=1 (set by .ci/run) turns every skip into a failure ------------


def require_all() -> bool:
    """Tells whether this run must not skip anything (the shared corpus and every reader must be there)."""
    return os.environ.get("RESBRIEF_REQUIRE_ALL", "").strip().lower() not in ("", "0", "false", "no")


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason.removeprefix("Skipped: ")


def _fail_instead_of_skip(report) -> None:
    if require_all() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but RESBRIEF_REQUIRE_ALL=1 forbids skipping: {_skip_reason(report)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_instead_of_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_instead_of_skip(outcome.get_result())  # a module-level importorskip or skip
