"""Hostile files, hostile names and a hostile machine: no traceback, nothing lost, nothing left running.

Every input named or found, whatever it is (a FIFO, ``/dev/zero``, a folder
named ``x.pdf``, a broken or looping link, a name that is not UTF-8 or that
carries a newline or a terminal escape, a 20 GiB sparse file), gets exactly
one printable line and one report entry with its kind; interruptions
(SIGHUP, Ctrl-C to the process group, a parent killed outright) stop
conversions and leave no half pack; output that cannot be written (a file in
the way, a read-only folder, a full disk) is one line and a non-zero status,
and the previous report stays whole.  The inputs come from
``tests/badfiles.py``; the last test runs one batch over all of them.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import badfiles
import pytest
from badfiles import CASES, ENTRIES, REBOXED, SAMPLE, SAMPLE_COUNTS
from conftest import ROOT

from pipeline import cli
from pipeline.batch import build
from pipeline.batch.limits import machine_jobs
from pipeline.collection import FILES as COLLECTION
from pipeline.config import Config

ROOTED = os.geteuid() == 0  # root reads and writes through permissions: those cases are made another way


def resbrief(*args, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def start(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, stderr=subprocess.PIPE, text=True, **kwargs
    )


def sample_copy(folder: Path, name: str, tag: str) -> Path:
    """The sample with a comment after %%EOF: the same resolution, other bytes."""
    path = folder / name
    path.write_bytes(SAMPLE.read_bytes() + f"\n% copy {tag}\n".encode())
    return path


def alive_with(marker: str) -> list[int]:
    """Gives the processes (not zombies) whose command line holds ``marker``: a batch's parent and children."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def gone(pids: list[int], seconds: float = 20) -> bool:
    """Waits until none of ``pids`` runs any more (a zombie has stopped running); tells whether they all went."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not [p for p in pids if _running(p)]:
            return True
        time.sleep(0.05)
    return False


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the batch ended before the moment the test needed"


def scratch(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".")) if out.exists() else []


def printable_lines(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    for line in lines:
        assert line.isprintable(), f"a raw control character in {line!r}"
    return lines


# --- names: one printable line each, never forged ------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.shown for e in ENTRIES])
def test_each_entry_gets_one_line_and_one_report_entry(entry, tmp_path):
    inputs = tmp_path / "in"
    made = badfiles.make_entries(inputs, only=entry.shown)
    out = tmp_path / "out"
    run = resbrief("build", inputs, "-o", out, "--formats", "json")
    assert "Traceback" not in run.stderr
    lines = printable_lines(run.stderr)
    assert len(lines) == 2, run.stderr  # its line and the summary: a newline in a name forges no line
    status = "ok  " if entry.kind == "ok" else "FAIL"
    assert lines[0].startswith(f"{status} {entry.shown}"), lines[0]
    assert entry.message in lines[0]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["inputs"] == 1
    (e,) = report["inputs"]
    assert (e["status"], e["kind"]) == ("ok" if entry.kind == "ok" else "error", entry.kind)
    assert entry.message in e["message"] and e["message"].isprintable()
    assert e["input"] == os.fsencode(made[entry.shown]).decode("utf-8", "backslashreplace")
    assert run.returncode == (0 if entry.kind == "ok" else 1)


def test_a_name_that_is_not_utf8_converts_and_its_pack_names_the_file_readably(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / os.fsdecode(b"r\xe9solution.pdf")).write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    run = resbrief("build", inputs, "-o", out, "--formats", "json,html")
    assert run.returncode == 0, run.stderr
    assert printable_lines(run.stderr)[0] == f"ok   r\\xe9solution.pdf -> A_RES_65_232: {SAMPLE_COUNTS}"
    data = json.loads((out / "A_RES_65_232" / "resolution.json").read_text(encoding="utf-8"))
    assert data["source"]["file"] == "r\\xe9solution.pdf"
    assert (out / "A_RES_65_232" / "brief.html").is_file()


# --- what cannot be opened, read or listed ---------------------------------------------------------------


def test_a_vanishing_file_is_reported_not_lost(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    first, second = sample_copy(inputs, "a.pdf", "a"), sample_copy(inputs, "b.pdf", "b")
    outcomes = build(
        [inputs], tmp_path / "out", Config(formats=("json",)), on_outcome=lambda o, d, t: second.unlink(missing_ok=True)
    )  # b.pdf is listed, then removed before its conversion opens it
    assert [(Path(o.input).name, o.kind, o.message) for o in outcomes] == [
        (first.name, "ok", SAMPLE_COUNTS),
        (second.name, "missing", "b.pdf: no such file or folder"),
    ]


def test_a_file_that_cannot_be_read_fails_alone(tmp_path, monkeypatch, capsys):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    if ROOTED:  # root opens any file: the refusal comes from the system call instead
        real = os.open

        def refuse(path, *args, **kwargs):
            if isinstance(path, (str, os.PathLike)) and Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
        status = cli.main(["build", str(locked), "-o", str(out), "--formats", "json", "--in-process"])
        stderr = capsys.readouterr().err
    else:
        locked.chmod(0)
        run = resbrief("build", locked, "-o", out, "--formats", "json")
        status, stderr = run.returncode, run.stderr
    assert status == 1
    assert stderr.splitlines()[0] == "FAIL locked.pdf: cannot read file (Permission denied)"
    (entry,) = json.loads((out / "report.json").read_text())["inputs"]
    assert entry["kind"] == "unreadable"


def test_a_folder_that_cannot_be_listed_is_an_input_with_its_line(tmp_path, monkeypatch, capsys):
    shut = tmp_path / "shut"
    shut.mkdir()
    sample_copy(shut, "inside.pdf", "x")
    good = sample_copy(tmp_path, "good.pdf", "g")
    out = tmp_path / "out"
    if ROOTED:
        real = os.scandir

        def refuse(path="."):
            if isinstance(path, (str, os.PathLike)) and Path(path) == shut:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", refuse)
        status = cli.main(["build", str(shut), str(good), "-o", str(out), "--formats", "json"])
        stderr = capsys.readouterr().err
    else:
        shut.chmod(0)
        run = resbrief("build", shut, good, "-o", out, "--formats", "json")
        status, stderr = run.returncode, run.stderr
        shut.chmod(0o755)
    assert status == 1
    assert f"FAIL {shut}: cannot list folder (Permission denied)" in stderr.splitlines()
    report = json.loads((out / "report.json").read_text())
    assert [(e["input"], e["kind"]) for e in report["inputs"]] == [(str(shut), "unreadable"), (str(good), "ok")]


def test_inputs_are_hashed_under_the_limits_when_packs_are_already_there(tmp_path):
    """A rerun first hashes every input to find the packs already up to date: in children, within limits, after
    the checks that keep a FIFO from hanging and a 20 GiB sparse file from being read."""
    out = tmp_path / "out"
    assert resbrief("build", SAMPLE, "-o", out, "--formats", "json").returncode == 0
    inputs = tmp_path / "in"
    inputs.mkdir()
    os.mkfifo(inputs / "pipe.pdf")
    with open(inputs / "sparse.pdf", "wb") as f:
        f.truncate(20 * 2**30)
    run = resbrief("build", SAMPLE, inputs, "/dev/zero", "-o", out, "--formats", "json", "--timeout", "5", timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    report = json.loads((out / "report.json").read_text())
    assert [(Path(e["input"]).name, e["kind"], e["message"]) for e in report["inputs"]] == [
        ("A_RES_65_232.pdf", "up-to-date", "up to date (already built from this file; --force rebuilds it)"),
        ("pipe.pdf", "not-a-file", "pipe.pdf: a named pipe (FIFO), not a PDF file"),
        ("sparse.pdf", "too-large", "sparse.pdf: file is 20480 MiB, over the limit of 200 MiB"),
        ("zero", "not-a-file", "zero: a character device, not a PDF file"),
    ]


# --- the same symbol from another file ---------------------------------------------------------------------


def test_a_pack_built_from_another_file_is_not_replaced_silently(tmp_path):
    out = tmp_path / "out"
    first = sample_copy(tmp_path, "first.pdf", "1")
    other = sample_copy(tmp_path, "other.pdf", "2")  # the same resolution, another file
    assert resbrief("build", first, "-o", out, "--formats", "json").returncode == 0
    kept = (out / "A_RES_65_232" / "resolution.json").read_bytes()
    run = resbrief("build", other, "-o", out, "--formats", "json")
    assert run.returncode == 0, run.stderr
    said = (
        "A_RES_65_232 holds the pack built from first.pdf, another file with the symbol A/RES/65/232: written to "
        "A_RES_65_232-2 (--force replaces it)"
    )
    assert printable_lines(run.stderr)[0] == f"ok   other.pdf -> A_RES_65_232-2: {SAMPLE_COUNTS}; warning: {said}"
    (entry,) = json.loads((out / "report.json").read_text())["inputs"]
    assert entry["output"] == "A_RES_65_232-2" and entry["warnings"] == [said] and said in entry["message"]
    assert (out / "A_RES_65_232" / "resolution.json").read_bytes() == kept
    data = json.loads((out / "A_RES_65_232-2" / "resolution.json").read_text())
    assert data["source"]["file"] == "other.pdf" and data["warnings"] == [said]
    # run again: other.pdf's own pack is up to date, first.pdf's is still there
    again = resbrief("build", other, "-o", out, "--formats", "json")
    assert "other.pdf -> A_RES_65_232-2: up to date" in again.stderr
    # --force: rebuilt where its symbol says, and the line says whose pack it replaces
    forced = resbrief("build", other, "-o", out, "--formats", "json", "--force")
    assert forced.returncode == 0, forced.stderr
    assert printable_lines(forced.stderr)[0] == (
        f"ok   other.pdf -> A_RES_65_232: {SAMPLE_COUNTS}; warning: replaces the pack in A_RES_65_232 built from "
        "first.pdf, another file (--force)"
    )
    assert json.loads((out / "A_RES_65_232" / "resolution.json").read_text())["source"]["file"] == "other.pdf"


# --- --jobs and --in-process -------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_below_one_are_refused(jobs, tmp_path):
    run = resbrief("build", SAMPLE, "-o", tmp_path / "out", "--jobs", jobs)
    assert run.returncode == 1 and run.stderr == "resbrief: --jobs must be 1 or more\n"
    assert not (tmp_path / "out").exists()


def test_jobs_are_bounded_by_the_machine_and_it_says_so(tmp_path):
    run = resbrief("build", SAMPLE, "-o", tmp_path / "out", "--jobs", "1000", "--formats", "json")
    assert run.returncode == 0, run.stderr
    most = machine_jobs()
    assert most == len(os.sched_getaffinity(0))
    assert run.stderr.splitlines()[0] == f"resbrief: --jobs 1000 lowered to {most}, the processors this machine has"
    args = cli._parser().parse_args(["build", "x.pdf", "--jobs", str(most)])
    assert cli._config(args).jobs == most  # within the bound: as given, no line


def test_in_process_time_limit_is_a_time_limit_not_a_damaged_file(tmp_path):
    run = resbrief("build", SAMPLE, "-o", tmp_path, "--formats", "json", "--in-process", "--timeout", "0.2")
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == "FAIL A_RES_65_232.pdf: took longer than the time limit of 0.2 s (--timeout)"
    assert [e["kind"] for e in json.loads((tmp_path / "report.json").read_text())["inputs"]] == ["timeout"]


# --- output that cannot be written ----------------------------------------------------------------------


def _read_only(folder: Path):
    """Makes ``folder`` read-only the strongest way this test can: a read-only tmpfs as root, else chmod."""
    folder.mkdir()
    if ROOTED:
        made = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True)
        if made.returncode == 0:
            return lambda: subprocess.run(["umount", str(folder)], check=True)
        return None
    folder.chmod(0o555)
    return lambda: folder.chmod(0o755)


@pytest.mark.parametrize(
    "where, message",
    [
        ("a-file", "the output folder {out} is a file, not a folder"),
        ("a-file/out", "the output folder {out} cannot be made: part of its path is a file, not a folder"),
        ("read-only", "the output folder {out} cannot be written to ({why})"),
    ],
)
def test_an_output_folder_that_cannot_be_written_is_one_line(where, message, tmp_path):
    (tmp_path / "a-file").write_text("in the way\n")
    out = tmp_path / where
    why = "Read-only file system" if ROOTED else "Permission denied"
    undo = None
    if where == "read-only":
        undo = _read_only(out)
        if undo is None:  # root without mount: a file size limit of 0 makes the folder unwritable instead
            why = "File too large"
    limit = (lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))) if why == "File too large" else None
    try:
        run = resbrief("build", SAMPLE, "-o", out, "--formats", "json", preexec_fn=limit)
        assert run.returncode == 1
        assert run.stderr == "resbrief: " + message.format(out=out, why=why) + "\n"
        assert not out.is_dir() or list(out.iterdir()) == []
    finally:
        if undo:
            undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"a-file", where.split("/")[0]})


@pytest.mark.parametrize(
    "report, message",
    [
        ("a-file/report.json", "the folder of the report {parent} is a file, not a folder"),
        ("a-folder", "the report {report} is a folder, not a file"),
        ("a-pipe", "the report {report} is a named pipe (FIFO), not a file"),
        ("a-device", "the report {report} is a character device, not a file"),
    ],
)
def test_a_report_path_that_cannot_be_written_is_one_line_before_any_work(report, message, tmp_path):
    """A device (``--report /dev/null``) or a pipe is refused: the report's rename would put a file in its place."""
    (tmp_path / "a-file").write_text("in the way\n")
    (tmp_path / "a-folder").mkdir()
    os.mkfifo(tmp_path / "a-pipe")
    target = tmp_path / report
    if report == "a-device":
        if ROOTED:  # a twin of /dev/null: root could replace /dev/null itself if the check failed
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        else:  # another user cannot replace /dev/null, whatever the batch does
            target = Path("/dev/null")
    run = resbrief("build", SAMPLE, "-o", tmp_path / "out", "--report", target, "--formats", "json")
    assert run.returncode == 1
    assert run.stderr == "resbrief: " + message.format(parent=target.parent, report=target) + "\n"
    assert list((tmp_path / "out").iterdir()) == []  # nothing converted
    if report in ("a-pipe", "a-device"):
        merged = resbrief("report", "-o", target)  # the merge writes its report the same way
        assert merged.returncode == 1 and merged.stderr == run.stderr
        assert (tmp_path / "a-pipe").is_fifo() and (report != "a-device" or target.is_char_device())


def test_a_full_disk_keeps_the_previous_report_whole_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out"
    assert resbrief("build", SAMPLE, "-o", out, "--formats", "json").returncode == 0
    report = (out / "report.json").read_bytes()
    pack = (out / "A_RES_65_232" / "resolution.json").read_bytes()

    def full_disk():  # every file the batch writes may hold 200 bytes: the pack and the report do not fit
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    run = resbrief("build", SAMPLE, "-o", out, "--formats", "json", "--force", preexec_fn=full_disk)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert printable_lines(run.stderr) == [
        "FAIL A_RES_65_232.pdf: could not write its pack (File too large)",
        f"resbrief: cannot write the report {out / 'report.json'} (File too large); the previous one is kept",
    ]
    assert (out / "report.json").read_bytes() == report
    assert (out / "A_RES_65_232" / "resolution.json").read_bytes() == pack
    assert sorted(p.name for p in out.iterdir()) == sorted(["A_RES_65_232", "report.json", *COLLECTION])


# --- interruptions and a parent that dies -----------------------------------------------------------------


def _three_copies(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for tag in "abc":
        sample_copy(inputs, f"{tag}.pdf", tag)
    return inputs


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_closed_terminal_or_a_stop_stops_the_batch_cleanly(sig, tmp_path):
    """SIGHUP (the terminal closed) and SIGTERM (kill, a service manager) to the batch alone."""
    inputs, out = _three_copies(tmp_path), tmp_path / "out"
    proc = start("build", inputs, "-o", out, "--formats", "json,html")
    wait_for(lambda: (out / "A_RES_65_232").exists(), proc)
    proc.send_signal(sig)  # the second document is being converted now
    stderr = proc.communicate(timeout=60)[1]
    assert proc.returncode == 128 + sig, stderr
    assert "Traceback" not in stderr and "resbrief: interrupted; finished packs are complete" in stderr
    kinds = [e["kind"] for e in json.loads((out / "report.json").read_text())["inputs"]]
    assert kinds[0] == "ok" and "interrupted" in kinds and set(kinds) <= {"ok", "interrupted"}
    assert scratch(out) == []
    assert gone(alive_with(str(out)), 5)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_the_process_group_records_the_running_file_as_interrupted(sig, tmp_path):
    """Ctrl-C (SIGINT) and ``kill -TERM -PGID`` reach the parent and its children at once."""
    inputs, out = _three_copies(tmp_path), tmp_path / "out"
    proc = start("build", inputs, "-o", out, "--formats", "json,html", start_new_session=True)
    wait_for(lambda: (out / "A_RES_65_232").exists() and children_of(proc.pid), proc)
    os.killpg(proc.pid, sig)  # the parent and its children
    stderr = proc.communicate(timeout=60)[1]
    assert proc.returncode == 128 + sig, stderr
    entries = json.loads((out / "report.json").read_text())["inputs"]
    assert [e["kind"] for e in entries] == ["ok", "interrupted", "interrupted"], entries
    assert entries[1]["message"] == "b.pdf: not converted, the batch was interrupted"
    assert "crash" not in stderr and scratch(out) == []


def test_a_killed_parent_takes_its_children_with_it_and_the_next_run_tidies_up(tmp_path):
    inputs, out = _three_copies(tmp_path), tmp_path / "out"
    proc = start("build", inputs, "-o", out, "--formats", "json,pdf")  # the PDF keeps the child busy a while
    wait_for(lambda: scratch(out) and children_of(proc.pid), proc)
    children = children_of(proc.pid)
    proc.kill()  # SIGKILL: the parent can do nothing about it
    proc.communicate(timeout=60)
    assert gone(children), f"children {children} outlived their parent"
    assert scratch(out)  # what only the next run can tidy up: the dead parent's temporary folder
    rerun = resbrief("build", inputs, "-o", out, "--formats", "json")
    assert rerun.returncode == 0, rerun.stderr
    assert scratch(out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["A_RES_65_232", "A_RES_65_232-2", "A_RES_65_232-3", "report.json", *COLLECTION]
    )


def test_text_printed_sideways_is_not_lost_silently(hostile):
    out = hostile["out"]
    entries = {one_name(e["input"]): e for e in json.loads((out / "report.json").read_text())["inputs"]}
    entry = entries["sideways-page.pdf"]
    data = json.loads((out / entry["output"] / "resolution.json").read_text())
    # page 8 (paragraphs 34 to 37, as pdftotext reads the sample) is drawn turned a quarter: left out, and said so
    assert [p["number"] for p in data["operative"]] == [str(n) for n in range(1, 34)]
    warning = "page 8: text turned on its side or upside down (a table printed sideways?) was left out"
    assert warning in data["warnings"] and warning in entry["warnings"]


# --- a reading that went wrong says so ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_reading():
    from pipeline.clean import clean
    from pipeline.extract import extract
    from pipeline.segment import segment

    extracted = extract(SAMPLE)
    cleaned = clean(extracted)
    return extracted, cleaned, segment(cleaned)


def test_an_intact_reading_gives_no_warning(sample_reading):
    from pipeline.batch.document import reading_warnings

    assert reading_warnings(*sample_reading) == []


def test_notes_read_into_the_preamble_are_detected(sample_reading):
    """The sample's pages as the extract stage read them before it framed an empty MediaBox (a page 0 pt high,
    every top counted from it): the clean stage finds no page foot, the 26 notes run into the paragraphs."""
    import copy

    from pipeline.batch.document import reading_warnings
    from pipeline.clean import clean
    from pipeline.segment import segment

    extracted = copy.deepcopy(sample_reading[0])
    for page in extracted.pages:
        height, page.height, page.width = page.height, 0.0, 0.0
        for c in page.chars:
            c.top, c.bottom = round(c.top - height, 2), round(c.bottom - height, 2)
        for r in page.rules:
            r.top = round(r.top - height, 2)
    cleaned = clean(extracted)
    res = segment(cleaned)
    # the damage: no note is found, and the first note's words are read into a paragraph of the text
    first_note = sample_reading[2].footnotes[0].text
    assert res.footnotes == []
    assert any(first_note[:40] in p.text for p in res.preamble + res.operative)
    assert reading_warnings(extracted, cleaned, res) == [
        "footnotes 1-26 called in the text but not found at any page foot (read into the paragraphs?)"
    ]


def test_a_page_whose_text_gave_nothing_is_detected(sample_reading):
    import copy

    from pipeline.batch.document import reading_warnings

    extracted, cleaned, res = sample_reading
    lost = copy.deepcopy(cleaned)  # what reached the segment stage had nothing of page 5
    lost.blocks = [b for b in lost.blocks if b.page != 5]
    lost.footnotes = [n for n in lost.footnotes if n.page != 5]
    assert reading_warnings(extracted, lost, res) == ["page 5: printed text but no paragraph or footnote read from it"]


def test_a_write_probe_of_a_dead_run_is_swept_too(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".tmp-999999999-probe-abc").write_bytes(b"\n")  # left by a run killed while it checked the folder
    build([SAMPLE], out, Config(formats=("json",)))
    assert sorted(p.name for p in out.iterdir()) == ["A_RES_65_232", "report.json"]


# --- everything at once ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One batch over every hostile input there is: the bad-input files, the entries that are not files or
    have hostile names, and inputs named on the command line (a device, a sparse 20 GiB file, names that are
    missing or broken links)."""
    base = tmp_path_factory.mktemp("hostile")
    inputs = base / "in"
    cases = [c for c in CASES if not c.slow] + REBOXED  # five hundred paragraphs are a size, not a hostility
    badfiles.generate(inputs, cases=cases)
    badfiles.make_entries(inputs)
    sparse = base / "sparse.pdf"
    with open(sparse, "wb") as f:
        f.truncate(20 * 2**30)
    (base / "gone.pdf").symlink_to("nothing-here.pdf")
    named = [inputs, Path("/dev/zero"), sparse, base / "missing.pdf", base / "gone.pdf"]
    expected = {c.name: (c.kind, c.message, c.name) for c in cases}
    expected.update({e.shown: (e.kind, e.message, e.shown) for e in ENTRIES})
    expected["zero"] = ("not-a-file", "zero: a character device, not a PDF file", "zero")
    expected["sparse.pdf"] = ("too-large", "sparse.pdf: file is 20480 MiB, over the limit of 200 MiB", "sparse.pdf")
    expected["missing.pdf"] = ("missing", f"{base / 'missing.pdf'}: no such file or folder", str(base / "missing.pdf"))
    expected["gone.pdf"] = (
        "missing",
        f"{base / 'gone.pdf'}: broken symbolic link (what it points to does not exist)",
        str(base / "gone.pdf"),
    )
    around = sorted(os.listdir(base))
    out = base / "out"
    run = resbrief("build", *named, "-o", out, "--formats", "json", "--jobs", "2")
    return {"run": run, "out": out, "base": base, "around": around, "expected": expected}


def test_a_batch_over_every_hostile_input_reports_each_and_leaves_nothing_behind(hostile):
    run, out, expected = hostile["run"], hostile["out"], hostile["expected"]
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = [l for l in printable_lines(run.stderr) if l.startswith(("ok   ", "FAIL "))]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    entries = report["inputs"]
    assert len(entries) == len(lines) == len(expected)
    failed = sum(1 for kind, _, _ in expected.values() if kind != "ok")
    assert report["summary"] == {"inputs": len(expected), "converted": len(expected) - failed, "failed": failed}
    for key, (kind, message, shown) in expected.items():
        mine = [l for l in lines if l.startswith((f"ok   {shown} -> ", f"FAIL {shown}: "))]
        assert len(mine) == 1, (key, mine)
        assert message in mine[0], (key, mine[0])
        (entry,) = [e for e in entries if one_name(e["input"]) == shown or e["input"] == shown]
        assert (entry["status"], entry["kind"]) == ("ok" if kind == "ok" else "error", kind), (key, entry)
        assert message in entry["message"]
    # nothing half-written in the output folder or beside it, nothing still running
    assert scratch(out) == []
    for folder in (p for p in out.iterdir() if p.is_dir()):
        assert [p.name for p in folder.iterdir()] == ["resolution.json"], folder
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(e["output"] for e in entries if e["output"])
    assert sorted(os.listdir(hostile["base"])) == sorted(hostile["around"] + ["out"])
    assert not list(hostile["base"].rglob("*.tmp"))
    assert alive_with(str(out)) == []


def one_name(path: str) -> str:
    """Gives the last part of a report's input path, as the line shows it (escaped)."""
    from pipeline.errors import one_line

    return one_line(path.rsplit("/", 1)[-1])


@pytest.mark.parametrize("name", sorted(badfiles.BOX_WARNINGS))
def test_broken_boxes_and_turns_are_read_by_their_content_with_a_warning(name, hostile):
    out = hostile["out"]
    entries = {one_name(e["input"]): e for e in json.loads((out / "report.json").read_text())["inputs"]}
    clean = json.loads((out / entries["with space.pdf"]["output"] / "resolution.json").read_text())
    data = json.loads((out / entries[name]["output"] / "resolution.json").read_text())
    warnings = data.pop("warnings")
    for key in ("source", "warnings"):
        clean.pop(key)
    data.pop("source")
    assert data == clean  # every paragraph, footnote and anchor as in the intact sample
    want = badfiles.BOX_WARNINGS[name]
    assert [w for w in warnings if not w.startswith("another input has the symbol")] == ([want] if want else [])
