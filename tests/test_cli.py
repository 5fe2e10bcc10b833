"""The ``resbrief`` command as ``make`` and a user drive it: ``--report``, ``report``, ``bench``, ``render``
on bad JSON, unknown ``--formats``, ``--in-process`` and ``--timeout 0``.

Reports are checked whole: every artifact digest is recomputed from the file
on disk, the input's digest from the input's bytes, and the counts of a
converted sample come from its seed text (tools/seed_65_232.txt), never from
the converter.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE
from lxml import etree

from pipeline import cli
from pipeline.batch import merge_reports, runner

SEED = ROOT / "tools" / "seed_65_232.txt"
FORMATS = "json,html,docx"
PACK = ["brief.docx", "brief.html", "resolution.json"]
UP_TO_DATE = "up to date (already built from this file; --force rebuilds it)"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def resbrief(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digests(folder: Path) -> dict[str, str]:
    """Gives {file name: sha256 of its bytes} for the files in a pack folder, read back from disk."""
    return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


def seed_counts() -> tuple[int, int, int]:
    """Gives the preambular, operative and footnote counts of the sample's seed text."""
    counts, section = {"preamble": 0, "operative": 0, "footnotes": 0}, None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^== (\w+)", line)
        if m:
            section = m.group(1)
        elif section in counts and line.strip() and not line.startswith("#"):
            counts[section] += 1
    return counts["preamble"], counts["operative"], counts["footnotes"]


def sample_message() -> str:
    pre, ops, notes = seed_counts()
    return f"{pre} preambular, {ops} operative, {notes} footnotes"


def pages_of(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def test_the_seed_counts_are_the_sample_s():
    # the figures the report's message must give, as a reader of the sample PDF counts them
    assert seed_counts() == (24, 37, 26)
    assert pages_of(SAMPLE) == 8


# --- build --report, as each make target runs it ------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``resbrief build input/A_RES_65_232.pdf -o OUT --report DONE/A_RES_65_232.json --no-collection`` (the
    Makefile's rule)."""
    base = tmp_path_factory.mktemp("make")
    out, report = base / "output", base / "output" / ".done" / "A_RES_65_232.json"
    run = resbrief(
        "build", str(SAMPLE), "-o", str(out), "--report", str(report), "--formats", FORMATS, "--no-collection"
    )
    assert run.returncode == 0, run.stderr
    return {"out": out, "report": report, "run": run}


def test_build_report_goes_where_report_says_and_holds_exactly_the_outcome(built):
    out, report = built["out"], built["report"]
    assert sorted(p.name for p in out.iterdir()) == [".done", "A_RES_65_232"]  # no out/report.json
    folder = out / "A_RES_65_232"
    assert sorted(p.name for p in folder.iterdir()) == PACK
    assert json.loads(report.read_text(encoding="utf-8")) == {
        "summary": {"inputs": 1, "converted": 1, "failed": 0},
        "inputs": [
            {
                "input": str(SAMPLE),
                "status": "ok",
                "kind": "ok",
                "message": sample_message(),
                "output": "A_RES_65_232",
                "artifacts": digests(folder),
                "sha256": sha256(SAMPLE),
            }
        ],
    }
    assert built["run"].stderr.splitlines()[-1] == f"resbrief: 1 converted, 0 failed, report in {report}"


def test_report_digests_are_those_of_the_files_not_of_their_names(built):
    entry = json.loads(built["report"].read_text())["inputs"][0]
    folder = built["out"] / entry["output"]
    for name, digest in entry["artifacts"].items():
        assert digest == sha256(folder / name), name
        assert digest != hashlib.sha256(name.encode()).hexdigest()
    data = json.loads((folder / "resolution.json").read_text())
    assert data["source"]["sha256"] == entry["sha256"] == sha256(SAMPLE)


def test_a_rebuild_that_is_up_to_date_reports_the_digests_of_the_files_on_disk(built, tmp_path):
    report = tmp_path / "again.json"
    before = digests(built["out"] / "A_RES_65_232")
    run = resbrief("build", str(SAMPLE), "-o", str(built["out"]), "--report", str(report), "--formats", FORMATS)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == f"resbrief: 1 converted (1 already up to date), 0 failed, report in {report}"
    assert digests(built["out"] / "A_RES_65_232") == before  # left alone
    assert json.loads(report.read_text()) == {
        "summary": {"inputs": 1, "converted": 1, "failed": 0},
        "inputs": [
            {
                "input": str(SAMPLE),
                "status": "ok",
                "kind": "up-to-date",
                "message": UP_TO_DATE,
                "output": "A_RES_65_232",
                "artifacts": before,
                "sha256": sha256(SAMPLE),
            }
        ],
    }


def test_a_failed_input_s_report(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    report = tmp_path / "done" / "empty.json"
    run = resbrief("build", str(empty), "-o", str(tmp_path / "out"), "--report", str(report))
    assert run.returncode == 1
    assert json.loads(report.read_text()) == {
        "summary": {"inputs": 1, "converted": 0, "failed": 1},
        "inputs": [
            {
                "input": str(empty),
                "status": "error",
                "kind": "empty",
                "message": "empty.pdf: empty file (0 bytes)",
                "output": None,
                "artifacts": {},
                "sha256": None,
            }
        ],
    }
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []


# --- resbrief report: merging the per-target reports -----------------------------------------


def _entry(name: str, status: str, kind: str) -> dict:
    return {
        "input": f"input/{name}.pdf",
        "status": status,
        "kind": kind,
        "message": f"{name}: {kind}",
        "output": name if status == "ok" else None,
        "artifacts": {},
        "sha256": None,
    }


def _report(*entries: dict) -> dict:
    ok = sum(e["status"] == "ok" for e in entries)
    return {"summary": {"inputs": len(entries), "converted": ok, "failed": len(entries) - ok}, "inputs": list(entries)}


OK_C, OK_A = _entry("c", "ok", "ok"), _entry("a", "ok", "up-to-date")
BAD_B, BAD_D, BAD_E = _entry("b", "error", "damaged"), _entry("d", "error", "timeout"), _entry("e", "error", "empty")

MERGE_CASES = [
    pytest.param([], {"inputs": 0, "converted": 0, "failed": 0}, [], id="no reports"),
    pytest.param([[OK_C]], {"inputs": 1, "converted": 1, "failed": 0}, [OK_C], id="one converted"),
    pytest.param([[BAD_B]], {"inputs": 1, "converted": 0, "failed": 1}, [BAD_B], id="one failed"),
    pytest.param(
        [[OK_C], [BAD_B], [OK_A]],
        {"inputs": 3, "converted": 2, "failed": 1},
        [OK_A, BAD_B, OK_C],
        id="up to date counts as converted, sorted by input",
    ),
    pytest.param(
        [[BAD_D, BAD_E], [BAD_B]], {"inputs": 3, "converted": 0, "failed": 3}, [BAD_B, BAD_D, BAD_E], id="all failed"
    ),
    pytest.param(
        [[OK_C, BAD_E], [BAD_D], [OK_A, BAD_B]],
        {"inputs": 5, "converted": 2, "failed": 3},
        [OK_A, BAD_B, OK_C, BAD_D, BAD_E],
        id="reports of several inputs each",
    ),
]


@pytest.mark.parametrize("reports, summary, inputs", MERGE_CASES)
def test_merge_reports_counts_exactly(reports, summary, inputs, tmp_path):
    paths = []
    for i, entries in enumerate(reports):
        paths.append(tmp_path / f"r{i}.json")
        paths[-1].write_text(json.dumps(_report(*entries)))
    target = tmp_path / "report.json"
    merged = merge_reports(paths, target)
    assert merged == {"summary": summary, "inputs": inputs}
    assert json.loads(target.read_text()) == merged
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_resbrief_report_merges_what_make_built(built, tmp_path):
    """``resbrief report $(DONE) -o output/report.json``: one converted sample and two failed inputs."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "page.pdf").write_text("<!DOCTYPE html><html><body>not a pdf</body></html>")
    failed = tmp_path / "failed.json"
    run = resbrief("build", str(bad), "-o", str(tmp_path / "out"), "--report", str(failed))
    assert run.returncode == 1
    target = tmp_path / "report.json"
    run = resbrief("report", str(built["report"]), str(failed), "-o", str(target))
    assert run.returncode == 0, run.stderr
    assert run.stderr == f"resbrief: 1 converted, 2 failed, report in {target}\n"
    good = json.loads(built["report"].read_text())["inputs"]
    bad_entries = json.loads(failed.read_text())["inputs"]
    assert [e["kind"] for e in bad_entries] == ["empty", "not-pdf"]
    assert json.loads(target.read_text()) == {
        "summary": {"inputs": 3, "converted": 1, "failed": 2},
        "inputs": sorted(good + bad_entries, key=lambda e: e["input"]),
    }


def test_the_installed_command_runs_the_makefile_s_two_steps(tmp_path):
    """The ``resbrief`` script that ``make`` calls: build one input with --report, then merge."""
    script = Path(sys.executable).parent / "resbrief"
    if not script.exists():
        pytest.skip(f"no resbrief script beside {sys.executable} (make install puts it there)")
    done = tmp_path / "output" / ".done" / "A_RES_65_232.json"
    run = subprocess.run(
        [str(script), "build", str(SAMPLE), "-o", str(tmp_path / "output"), "--report", str(done), "--formats", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    merged = tmp_path / "output" / "report.json"
    run = subprocess.run(
        [str(script), "report", str(done), "-o", str(merged)], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(merged.read_text())
    assert report["summary"] == {"inputs": 1, "converted": 1, "failed": 0}
    assert report["inputs"][0]["artifacts"] == digests(tmp_path / "output" / "A_RES_65_232")


# --- bench --------------------------------------------------------------------------------------


def test_bench_times_each_stage_of_each_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "A_RES_65_232.pdf").write_bytes(SAMPLE.read_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    figures = tmp_path / "bench.json"
    run = resbrief("bench", str(folder), "--formats", "json,html,akn", "--json", str(figures))
    assert run.returncode == 0, run.stderr
    pages = pages_of(SAMPLE)
    stages = ["extract", "clean", "segment", "json", "html", "akn"]  # every format asked for is counted
    lines = run.stdout.splitlines()
    assert re.fullmatch(rf"1 of 2 files converted, {pages} pages; peak memory \d+(\.\d)? MiB", lines[0])
    assert lines[1].split() == ["stage", "seconds", "s/page", "slowest", "file", "s"]
    blank = lines.index("")
    assert [l.split()[0] for l in lines[2:blank]] == stages + ["total"]
    # side by side, same run: pdfplumber's bare parse, resbrief's JSON and full pack, and their ratios
    assert lines[blank + 1].split()[-4:] == ["seconds", "ms/page", "x", "pdfplumber"]
    assert [l[:46].strip() for l in lines[blank + 2 :]] == [
        "pdfplumber (open every page, read its chars)",
        "resbrief resolution.json",
        "resbrief full pack (json and every format)",
    ]
    data = json.loads(figures.read_text())
    assert data["files"][0] == {
        "file": "A_RES_65_232.pdf",
        "pages": pages,
        "status": "ok",
        **{s: data["files"][0][s] for s in stages + ["pdfplumber"]},
    }
    assert data["files"][0]["pdfplumber"] > 0
    assert data["files"][1] == {"file": "empty.pdf", "pages": 0, "status": "empty", "pdfplumber": 0.0}
    base = data["summary"]["baseline"]
    assert base["pack_ratio"] == round(base["pack_seconds"] / base["pdfplumber_seconds"], 2)
    summary = data["summary"]
    assert (summary["files"], summary["converted"], summary["pages"]) == (2, 1, pages)
    assert list(summary["stages"]) == stages
    for stage in stages:
        seconds = data["files"][0][stage]
        assert seconds >= 0
        assert summary["stages"][stage] == {
            "seconds": round(seconds, 3),
            "seconds_per_page": round(seconds / pages, 4),
            "slowest_file_seconds": round(seconds, 3),
        }
    total = sum(summary["stages"][s]["seconds"] for s in stages)
    assert lines[blank - 1].split() == ["total", f"{total:.2f}", f"{total / pages:.4f}"]


# --- render on JSON that is not a resolution ---------------------------------------------------


@pytest.mark.parametrize(
    "content, says",
    [
        ("{not json", "cannot read JSON"),
        ("", "cannot read JSON"),
        ("[1, 2", "cannot read JSON"),
        (None, "cannot read JSON"),  # no such file
        ('{"preamble": [{"id": "x"}]}', "does not follow the schema"),
        ("[]", "does not follow the schema"),
    ],
)
def test_render_refuses_bad_json_in_one_line(content, says, tmp_path):
    source = tmp_path / "resolution.json"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    out = tmp_path / "pack"
    run = resbrief("render", str(source), "-o", str(out))
    assert run.returncode == 1
    assert run.stderr.startswith(f"resbrief: {source}: {says}")
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert not out.exists()


# --- unknown formats --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command, unknown",
    [
        (["build", str(SAMPLE), "--formats", "json,epub"], "epub"),
        (["build", str(SAMPLE), "--formats", "JSON"], "JSON"),
        (["build", str(SAMPLE), "--formats", "json,rtf,odt"], "rtf, odt"),
        (["bench", str(SAMPLE), "--formats", "html,txt"], "txt"),
        (["render", "resolution.json", "--formats", "pdf,epub"], "epub"),
    ],
)
def test_an_unknown_format_is_refused_before_any_work(command, unknown, tmp_path):
    out = tmp_path / "out"
    args = [a if a != "resolution.json" else str(tmp_path / a) for a in command]
    if command[0] != "bench":
        args += ["-o", str(out)]
    run = resbrief(*args)
    assert run.returncode == 1  # not 2: the arguments parse, the value is refused
    assert run.stderr == f"resbrief: unknown format {unknown} (choose from json, html, pdf, docx, akn, ics)\n"
    assert run.stdout == ""
    assert not out.exists()


# --- --in-process and --timeout 0 -----------------------------------------------------------


def _no_children(*args, **kwargs):
    raise AssertionError("a child process was started")


def _no_in_process(*args, **kwargs):
    raise AssertionError("converted in the parent process")


@pytest.mark.parametrize(
    "flags, forbidden",
    [
        (["--in-process"], "_Batch"),
        ([], "convert_one"),
    ],
)
def test_in_process_converts_in_this_process_and_gives_the_same_pack(
    flags, forbidden, built, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(runner, forbidden, _no_children if forbidden == "_Batch" else _no_in_process)
    out = tmp_path / "out"
    status = cli.main(["build", str(SAMPLE), "-o", str(out), "--formats", FORMATS, *flags])
    assert status == 0, capsys.readouterr().err
    report = json.loads((out / "report.json").read_text())
    assert report["summary"] == {"inputs": 1, "converted": 1, "failed": 0}
    assert report["inputs"][0]["artifacts"] == digests(out / "A_RES_65_232")
    for name in ("resolution.json", "brief.html"):  # the same bytes as the child-process build
        assert (out / "A_RES_65_232" / name).read_bytes() == (built["out"] / "A_RES_65_232" / name).read_bytes()


@pytest.mark.parametrize("flags", [["--timeout", "0"], ["--timeout", "0", "--in-process"]])
def test_timeout_zero_means_no_time_limit(flags, tmp_path):
    run = resbrief("build", str(SAMPLE), "-o", str(tmp_path), "--formats", "json", *flags)
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert [(e["status"], e["kind"]) for e in report["inputs"]] == [("ok", "ok")]


@pytest.mark.parametrize(
    "seconds, timer",
    [
        ("0", []),  # no alarm at all
        ("7.5", [(signal.ITIMER_REAL, 7.5), (signal.ITIMER_REAL, 0)]),  # set, then cleared
    ],
)
def test_in_process_time_limit_sets_an_alarm_only_when_there_is_a_limit(seconds, timer, tmp_path, monkeypatch):
    calls = []
    real = signal.setitimer
    monkeypatch.setattr(
        signal, "setitimer", lambda which, value, *rest: (calls.append((which, value)), real(which, value, *rest))[1]
    )
    status = cli.main(
        ["build", str(SAMPLE), "-o", str(tmp_path), "--formats", "json", "--in-process", "--timeout", seconds]
    )
    assert status == 0
    assert calls == timer


def test_child_jobs_get_a_deadline_only_when_there_is_a_limit():
    job = runner._Job(0, SAMPLE)
    job.started, job.waited = 100.0, 2.0
    assert job.deadline(0) is None
    assert job.deadline(30) == 132.0
    job.asking_since = 101.0  # waiting for the parent to name it: the clock is stopped
    assert job.deadline(30) is None


def test_timeout_is_passed_through_as_given():
    args = cli._parser().parse_args(["build", "x.pdf", "--timeout", "0", "--in-process"])
    config = cli._config(args)
    assert (config.timeout_seconds, config.isolate) == (0.0, False)
    config = cli._config(cli._parser().parse_args(["build", "x.pdf"]))
    assert (config.timeout_seconds, config.isolate, config.formats) == (
        300.0,
        True,
        ("json", "html", "pdf", "docx", "akn", "ics"),
    )


# --- Word documents from text with control characters -------------------------------------------


def test_render_of_text_with_control_characters_gives_a_valid_word_file(built, tmp_path):
    """A hand-corrected resolution.json may carry characters XML 1.0 cannot hold; Word gets the rest."""
    data = json.loads((built["out"] / "A_RES_65_232" / "resolution.json").read_text())
    data["title"] = "Strengthening\x0b the United Nations\x00 programme"
    data["preamble"][0]["text"] = "Reaffirming\x01 its commitment\x1f to the\x0c rule of law,"
    data["operative"][0]["text"] = "Takes note\x08 with appreciation of the\ufffe report;"
    data["footnotes"][0]["text"] = "See\x02 resolution 64/179\x07."
    source = tmp_path / "resolution.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "pack"
    run = resbrief("render", str(source), "-o", str(out), "--formats", "docx")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["brief.docx"]
    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    with zipfile.ZipFile(out / "brief.docx") as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}
    for name, xml in parts.items():
        assert not bad.search(xml), name
        etree.fromstring(xml.encode("utf-8"))
    body = parts["word/document.xml"]
    text = "".join(t.text or "" for t in etree.fromstring(body.encode()).iter(f"{W_NS}t"))
    assert "Reaffirming its commitment to the rule of law," in text
    assert "Takes note with appreciation of the report;" in text
    assert "Strengthening the United Nations programme" in text
    notes = "".join(t.text or "" for t in etree.fromstring(parts["word/footnotes.xml"].encode()).iter(f"{W_NS}t"))
    assert "See resolution 64/179." in notes


# --- render and report when the output or an input is not what it should be -------------------------------


def test_render_into_a_file_is_one_line(built, tmp_path):
    in_the_way = tmp_path / "pack"
    in_the_way.write_text("a file, not a folder\n")
    run = resbrief("render", str(built["out"] / "A_RES_65_232" / "resolution.json"), "-o", str(in_the_way))
    assert run.returncode == 1
    assert run.stderr == f"resbrief: the output folder {in_the_way} is a file, not a folder\n"
    assert in_the_way.read_text() == "a file, not a folder\n"


@pytest.mark.parametrize("command", ["render", "report"])
@pytest.mark.parametrize("what", ["fifo", "device"])
def test_render_and_report_refuse_what_is_not_a_file_before_reading_it(command, what, tmp_path):
    """A FIFO with no writer would block a plain read for ever, /dev/zero would fill the memory."""
    if what == "fifo":
        source = tmp_path / "resolution.json"
        os.mkfifo(source)
        says = "a named pipe (FIFO)"
    else:
        source, says = Path("/dev/zero"), "a character device"
    target = tmp_path / ("pack" if command == "render" else "report.json")
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", command, str(source), "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,  # a hang fails the test instead of the suite
    )
    assert run.returncode == 1
    lead = "cannot read JSON" if command == "render" else "not a report resbrief can read"
    kind = "a JSON file" if command == "render" else "a report"
    assert run.stderr == f"resbrief: {source}: {lead} ({says}, not {kind})\n"
    assert not target.exists()


def test_report_of_something_that_is_not_a_report_is_one_line(tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text("[1, 2]\n")
    target = tmp_path / "report.json"
    run = resbrief("report", str(bogus), "-o", str(target))
    assert run.returncode == 1
    assert (
        run.stderr.startswith(f"resbrief: {bogus}: not a report resbrief can read (") and "Traceback" not in run.stderr
    )
    assert run.stderr.count("\n") == 1 and not target.exists()


def test_bench_json_ratio_of_text_layer_files_leaves_scans_out_of_both_sides():
    from pipeline.bench import format_table, summarise

    text = {"file": "a.pdf", "pages": 2, "status": "ok", "pdfplumber": 4.0, "extract": 1.0, "clean": 0.5, "json": 0.5}
    scan = {"file": "scan.pdf", "pages": 1, "status": "ok", "pdfplumber": 0.1, "extract": 0.1, "ocr": 5.0}
    base = summarise([text, scan])["baseline"]
    assert (base["json_ratio"], base["text_layer_json_ratio"], base["text_layer_files"]) == (
        1.73,
        0.5,
        1,
    )  # (2.0 + 5.1) / 4.1 and 2.0 / 4.0
    assert format_table(summarise([text, scan])).splitlines()[-1] == (
        "resolution.json of the 1 files read from their text layer (scans read by OCR left out of both): "
        "2.00 s against pdfplumber's 4.00 s, 0.50 x"
    )
    assert "text layer" not in format_table(summarise([text]))  # nothing left out: no second line
