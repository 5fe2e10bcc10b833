"""Shared fixtures: where the shared corpus is, and converted corpus documents (cached per session)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PDFS = SHARED / "corpus" / "pdfs"
OTHER = SHARED / "corpus" / "other"
SAMPLE = ROOT / "input" / "A_RES_65_232.pdf"

_cache: dict = {}


def corpus_pdf(name: str) -> Path:
    """Gives the path of a corpus PDF, skipping the test when the shared corpus is absent."""
    path = PDFS / name
    if not PDFS.is_dir():
        pytest.skip(f"shared corpus not found at {PDFS} (tests that need it are skipped)")
    assert path.exists(), f"{name} is not in the corpus"
    return path


def segmented(path: Path):
    """Gives the Resolution for a PDF, converted once per test session."""
    from pipeline.build import convert
    if path not in _cache:
        _cache[path] = convert(path)
    return _cache[path]


@pytest.fixture
def corpus():
    return corpus_pdf
