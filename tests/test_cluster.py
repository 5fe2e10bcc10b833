"""Batches on a Dask cluster give the packs and the report a local batch gives, byte for byte.

The batch mixes the project's sample, real documents (a successor pair, so
the client also compares versions), a second copy of the sample (the same
symbol: its pack goes to ``-2`` with a warning) and a truncated PDF; and,
with a time limit, a runaway document (a resolution of 3,000 operative
paragraphs, far slower than the limit allows): each fails alone with the one-line message a local batch
gives it.  Everything runs on 127.0.0.1, without a dashboard.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from badfiles import many_paragraphs, truncated
from conftest import ROOT, SAMPLE, SHARED

DASK = Path(sys.executable).with_name("dask")
TIMEOUT = "15"  # seconds: the sample's JSON takes one or two, the runaway document's several times the limit (2 cores)


def resbrief(*args, timeout: float = 900, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def _lines(run: subprocess.CompletedProcess, out: Path) -> list[str]:
    """The lines a build printed, in any order, its output folder written OUT."""
    return sorted(run.stderr.replace(str(out), "OUT").splitlines())


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    real = [SHARED / "corpus" / "series" / "pdfs" / f"A_RES_{n}-EN.pdf" for n in ("78_241", "79_62")]
    if not all(p.is_file() for p in real):
        pytest.skip(f"shared corpus not found at {SHARED} (the cluster tests need its series)")
    folder = tmp_path_factory.mktemp("inputs")
    for path in [SAMPLE, *real]:
        shutil.copy(path, folder / path.name)
    shutil.copy(SAMPLE, folder / "A_RES_65_232-copy.pdf")
    (folder / "B_truncated.pdf").write_bytes(truncated(0.5))
    return folder


@pytest.fixture(scope="module")
def runaway(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("runaway") / "C_runaway.pdf"
    path.write_bytes(many_paragraphs(9000))
    return path


def test_a_batch_on_a_two_worker_local_cluster_is_byte_identical_to_a_local_run(inputs, tmp_path):
    options = ["--formats", "json,html", "--jobs", "2"]
    local = resbrief("build", inputs, "-o", tmp_path / "local", *options)
    cluster = resbrief("build", inputs, "-o", tmp_path / "cluster", *options, "--scheduler", "local")
    assert local.returncode == cluster.returncode == 1, cluster.stderr
    assert _files(tmp_path / "cluster") == _files(tmp_path / "local")
    assert _lines(cluster, tmp_path / "cluster") == _lines(local, tmp_path / "local")
    report = json.loads((tmp_path / "cluster" / "report.json").read_text(encoding="utf-8"))
    outcomes = {Path(e["input"]).name: (e["kind"], e["output"]) for e in report["inputs"]}
    assert outcomes == {
        "A_RES_65_232-copy.pdf": ("ok", "A_RES_65_232"),  # named first: "-" sorts before "."
        "A_RES_65_232.pdf": ("ok", "A_RES_65_232-2"),
        "A_RES_78_241-EN.pdf": ("ok", "A_RES_78_241"),
        "A_RES_79_62-EN.pdf": ("ok", "A_RES_79_62"),
        "B_truncated.pdf": ("damaged", None),
    }
    assert "compared A_RES_79_62 with A_RES_78_241 (successor)" in cluster.stderr.splitlines()
    assert (tmp_path / "cluster" / "A_RES_79_62" / "comparison-A_RES_78_241.html").is_file()


def test_a_runaway_document_fails_alone_on_the_cluster_as_it_does_locally(runaway, tmp_path):
    options = ["--formats", "json", "--jobs", "2", "--timeout", TIMEOUT]
    with ThreadPoolExecutor(2) as pool:  # both wait out the time limit: side by side, not one after the other
        local = pool.submit(resbrief, "build", SAMPLE, runaway, "-o", tmp_path / "local", *options)
        cluster = pool.submit(
            resbrief, "build", SAMPLE, runaway, "-o", tmp_path / "cluster", *options, "--scheduler", "local"
        )
        local, cluster = local.result(), cluster.result()
    assert local.returncode == cluster.returncode == 1, cluster.stderr
    assert _files(tmp_path / "cluster") == _files(tmp_path / "local")
    line = f"FAIL C_runaway.pdf: took longer than the time limit of {TIMEOUT} s (--timeout)"
    assert line in cluster.stderr.splitlines() and line in local.stderr.splitlines()
    assert (tmp_path / "cluster" / "A_RES_65_232" / "resolution.json").is_file()


def test_an_unreachable_scheduler_is_one_line_and_no_work(inputs, tmp_path):
    with socket.socket() as s:  # a port on loopback that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    quick = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"}  # Dask's own setting; 30 s by default
    run = resbrief("build", SAMPLE, "-o", tmp_path, "--scheduler", f"tcp://127.0.0.1:{port}", timeout=120, env=quick)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"resbrief: cannot reach the Dask scheduler tcp://127.0.0.1:{port}")
    assert not (tmp_path / "A_RES_65_232").exists()


def _start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def _worker_pid(nanny: int) -> int | None:
    """The worker process a nanny started (its child running Python), or None."""
    import psutil

    try:
        children = [c for c in psutil.Process(nanny).children() if "spawn_main" in " ".join(c.cmdline())]
    except psutil.NoSuchProcess:
        return None
    return children[0].pid if children else None  # not multiprocessing's resource tracker


def test_a_worker_that_dies_fails_its_document_alone_and_is_replaced(inputs, runaway, tmp_path):
    """A scheduler and a worker started as the README says; the worker killed while it converts the runaway
    document: that document gets one line, the others convert, and the nanny starts a new worker."""
    if not DASK.is_file():
        pytest.skip("the dask command is not installed in this environment")
    env = {
        **os.environ,
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0",
        "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0",
    }
    file = tmp_path / "scheduler.json"
    scheduler = _start(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(file)],
        env,
    )
    worker = None
    try:
        for _ in range(600):
            if file.is_file() and file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(file.read_text())["address"]
        worker = _start(
            [
                str(DASK),
                "worker",
                address,
                "--nworkers",
                "1",
                "--nthreads",
                "1",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
            ],
            env,
        )
        batch = inputs.parent / "dies"
        batch.mkdir(exist_ok=True)
        shutil.copy(SAMPLE, batch / SAMPLE.name)
        shutil.copy(runaway, batch / "C_runaway.pdf")
        shutil.copy(inputs / "A_RES_78_241-EN.pdf", batch / "D_after.pdf")
        build = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "build", str(batch), "-o", str(tmp_path / "out"), "--formats", "json"]
            + ["--scheduler", address],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        first = build.stderr.readline()
        while first and not first.startswith(("ok", "FAIL")):
            first = build.stderr.readline()
        assert first.startswith("ok   A_RES_65_232.pdf"), first  # placed first: the runaway one is on the worker
        time.sleep(2)
        killed = _worker_pid(worker.pid)
        assert killed is not None
        os.kill(killed, signal.SIGKILL)
        rest = build.communicate(timeout=600)[1]
        assert build.returncode == 1, rest
        lines = rest.splitlines()
        assert "FAIL C_runaway.pdf: its worker died converting it (KilledWorker); rerun to try again" in lines
        assert any(line.startswith("ok   D_after.pdf -> A_RES_78_241") for line in lines), rest
        replaced = _worker_pid(worker.pid)
        assert replaced is not None and replaced != killed
    finally:
        if worker is not None:
            _stop(worker)
        _stop(scheduler)
