"""RESBRIEF_REQUIRE_ALL=1 (.ci/run sets it) makes every skip a failure that says why.

The hook in conftest.py is run on a small throw-away suite with the real
conftest: a call to pytest.skip, an importorskip, a skipif mark, an xfail (which
stays an expected failure) and a module skipped as a whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

TESTS = """
import pytest

def test_skip():
    pytest.skip("no reader here")

def test_importorskip():
    pytest.importorskip("no_such_module_resbrief", reason="no such module")

@pytest.mark.skipif(True, reason="marked away")
def test_marked():
    pass

@pytest.mark.xfail(strict=True, reason="a known bug")
def test_known_bug():
    assert False

def test_fine():
    pass
"""

MODULE_SKIP = """
import pytest
pytest.importorskip("no_such_module_resbrief", reason="module needs a missing package")

def test_never_runs():
    pass
"""


def _suite(tmp_path: Path, **files: str) -> Path:
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    for name, text in files.items():
        (tmp_path / f"{name}.py").write_text(text)
    return tmp_path


def _pytest(folder: Path, strict: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "RESBRIEF_REQUIRE_ALL"}
    if strict is not None:
        env["RESBRIEF_REQUIRE_ALL"] = strict
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("strict", [None, "", "0"])
def test_without_the_variable_skips_are_skips(strict, tmp_path):
    run = _pytest(_suite(tmp_path, test_few=TESTS), strict)
    assert run.returncode == 0, run.stdout
    assert "1 passed, 3 skipped, 1 xfailed" in run.stdout
    assert "no reader here" in run.stdout  # -rs names each skip


@pytest.mark.parametrize("strict", ["1", "yes"])
def test_with_the_variable_every_skip_fails_and_says_why(strict, tmp_path):
    run = _pytest(_suite(tmp_path, test_few=TESTS), strict)
    assert run.returncode == 1, run.stdout
    # a skip mark acts at setup, so it shows as an error; the others as failures
    assert "2 failed, 1 passed, 1 xfailed, 1 error" in run.stdout
    for reason in ("no reader here", "no such module", "marked away"):
        assert f"RESBRIEF_REQUIRE_ALL=1 forbids skipping: {reason}" in run.stdout, reason


def test_with_the_variable_a_module_skipped_whole_fails(tmp_path):
    folder = _suite(tmp_path, test_module=MODULE_SKIP, test_other="def test_fine():\n    pass\n")
    assert _pytest(folder, None).returncode == 0
    run = _pytest(folder, "1")
    assert run.returncode != 0, run.stdout
    assert "forbids skipping: module needs a missing package" in run.stdout
