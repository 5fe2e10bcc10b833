"""The resbrief command and batch builds: outputs, report, exit status, bad files, determinism, schema."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, corpus_pdf

from pipeline.batch import output_name
from pipeline.collection import FILES as COLLECTION
from pipeline.schema import validate

ARTIFACTS = ["brief.docx", "brief.html", "brief.pdf", "calendar.ics", "resolution.akn.xml", "resolution.json"]


def resbrief(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_output_names_come_from_symbols_and_stay_inside_the_folder():
    assert output_name("A/RES/78/229", "x") == "A_RES_78_229"
    assert output_name("S/RES/2768 (2025)", "x") == "S_RES_2768_2025"
    assert output_name("../../etc/passwd", "x") == "etc_passwd"
    assert output_name(None, "my file") == "my_file"
    assert output_name("..", "..") == "document"


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    run = resbrief("build", str(SAMPLE), "-o", str(out))
    assert run.returncode == 0, run.stderr
    return out


def test_build_writes_every_artifact_and_a_report(sample_build):
    folder = sample_build / "A_RES_65_232"
    assert sorted(p.name for p in folder.iterdir()) == ARTIFACTS
    report = json.loads((sample_build / "report.json").read_text())
    assert report["summary"] == {"inputs": 1, "converted": 1, "failed": 0}
    entry = report["inputs"][0]
    assert entry["status"] == "ok" and entry["output"] == "A_RES_65_232"
    assert sorted(entry["artifacts"]) == ARTIFACTS
    assert all(len(v) == 64 for v in entry["artifacts"].values())
    assert not [p for p in sample_build.iterdir() if p.name.startswith(".")]


def test_emitted_json_validates_against_the_schema(sample_build):
    data = json.loads((sample_build / "A_RES_65_232" / "resolution.json").read_text())
    assert validate(data) == []
    broken = dict(data, preamble=[{"id": "x"}])
    assert validate(broken)  # the check can fail


def test_two_builds_are_byte_identical(sample_build, tmp_path):
    run = resbrief("build", str(SAMPLE), "-o", str(tmp_path))
    assert run.returncode == 0, run.stderr
    for name in ARTIFACTS:
        first = (sample_build / "A_RES_65_232" / name).read_bytes()
        second = (tmp_path / "A_RES_65_232" / name).read_bytes()
        assert first == second, f"{name} differs between two runs"


def test_render_from_json_alone(sample_build, tmp_path):
    data = json.loads((sample_build / "A_RES_65_232" / "resolution.json").read_text())
    data["operative"][0]["text"] = "Takes note with appreciation of a hand-corrected text;"
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(data))
    run = resbrief("render", str(fixed), "-o", str(tmp_path / "pack"))
    assert run.returncode == 0, run.stderr
    shown = re.sub(r"<[^>]+>", "", (tmp_path / "pack" / "brief.html").read_text())  # as a reader sees it
    assert "Takes note with appreciation of a hand-corrected text;" in shown


def test_stage_commands_print_json():
    for stage, key in (("extract", "pages"), ("clean", "blocks"), ("segment", "operative")):
        run = resbrief(stage, str(SAMPLE))
        assert run.returncode == 0, run.stderr
        assert key in json.loads(run.stdout)


def test_bad_files_fail_alone_with_one_line_each(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.pdf").write_bytes(b"")
    (inputs / "page.pdf").write_text("<!DOCTYPE html><html><body>not a pdf</body></html>")
    (inputs / "noise.pdf").write_bytes(bytes(range(256)) * 40)
    (inputs / "truncated.pdf").write_bytes(SAMPLE.read_bytes()[: SAMPLE.stat().st_size // 2])
    (inputs / "good.pdf").write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    run = resbrief("build", str(inputs), "-o", str(out), "--formats", "json")
    assert run.returncode == 1
    fails = [l for l in run.stderr.splitlines() if l.startswith("FAIL")]
    assert len(fails) == 4
    assert "Traceback" not in run.stderr
    assert any("empty.pdf: empty file (0 bytes)" in l for l in fails)
    assert any("page.pdf: an HTML page, not a PDF" in l for l in fails)
    assert any("noise.pdf:" in l and "not a PDF" in l for l in fails)
    assert any("truncated.pdf:" in l and "truncated" in l for l in fails)
    assert sorted(p.name for p in out.iterdir()) == sorted(["A_RES_65_232", "report.json", *COLLECTION])
    report = json.loads((out / "report.json").read_text())
    assert report["summary"] == {"inputs": 5, "converted": 1, "failed": 4}
    assert "1 converted, 4 failed" in run.stderr.splitlines()[-1]


def test_two_inputs_with_one_symbol_do_not_overwrite_each_other(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (inputs / name).write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    run = resbrief("build", str(inputs), "-o", str(out), "--formats", "json")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["A_RES_65_232", "A_RES_65_232-2", "report.json", *COLLECTION]
    )


def _visible_text(html: str) -> str:
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("style", "script")

        def handle_endtag(self, tag):
            self.skip -= tag in ("style", "script")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    c = Collect()
    c.feed(html)
    return " ".join(" ".join(c.parts).split())


def _pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())


def _docx_text(path: Path) -> str:
    import docx

    return " ".join(" ".join(p.text for p in docx.Document(str(path)).paragraphs).split())


def _in_order(text: str, paragraphs: list[dict]) -> list[str]:
    """Gives the ids of paragraphs whose words are missing or out of order in text."""
    bad, position = [], -1
    for para in paragraphs:
        words = para["text"].split()
        spots = [text.find(" ".join(chunk), position + 1) for chunk in (words[-6:], words[:6])]
        spots = [s for s in spots if s > position]
        if not spots:
            bad.append(para["id"])
            continue
        position = min(spots)
    return bad


def test_corpus_packs_hold_every_paragraph_in_order(tmp_path):
    paths = [corpus_pdf("A_RES_78_229-EN.pdf"), corpus_pdf("S_RES_2768_2025-EN.pdf")]
    run = resbrief("build", *map(str, paths), "-o", str(tmp_path), "--jobs", "2")
    assert run.returncode == 0, run.stderr
    for name in ("A_RES_78_229", "S_RES_2768_2025"):
        folder = tmp_path / name
        data = json.loads((folder / "resolution.json").read_text())
        assert validate(data) == []
        paragraphs = data["preamble"] + data["operative"]
        texts = {
            "html": _visible_text((folder / "brief.html").read_text()),
            "pdf": _pdf_text(folder / "brief.pdf"),
            "docx": _docx_text(folder / "brief.docx"),
        }
        for fmt, text in texts.items():
            assert _in_order(text, paragraphs) == [], f"{name}: paragraphs missing in {fmt}"
