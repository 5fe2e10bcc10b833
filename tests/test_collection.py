"""The collection outputs of a batch, read as their users read them.

A batch of five real documents (a resolution of the 78th session, the
successor pair 78/241 -> 79/62 on lethal autonomous weapons systems, and the
Sixth Committee draft A/C.6/80/L.11 with the resolution 80/170 adopted from
it) is built once.  Every expectation below was read off the PDFs
(``pdftotext -layout``): 78/241 has 9 preambular and 4 operative paragraphs,
was adopted on 22 December 2023 on the report of the First Committee under
agenda item 99, asks the Secretary-General in op2 for a report to the
Assembly at its seventy-ninth session and puts "Lethal autonomous weapons
systems" on that session's agenda in op4; 79/62 (16 and 12 paragraphs, agenda
item "98 (ss)", 2 December 2024) recalls 78/241 and puts the item on the
eightieth session's agenda in op12; 78/100 (9 and 8, agenda item 58, 7
December 2023, Fourth Committee) asks the Special Committee in op8 to report
to the Assembly at its seventy-ninth session.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SHARED
from lxml import etree
from test_readers import _RUNNER, axe_js, lo_convert, pa11y_summary, run_chromium, run_pa11y

from pipeline.collection import FILES, OUTPUTS, write_collection
from pipeline.config import Config
from pipeline.schema import validate_collection

INPUTS = [
    "session78/pdfs/A_RES_78_100-EN.pdf",
    "series/pdfs/A_RES_78_241-EN.pdf",
    "series/pdfs/A_RES_79_62-EN.pdf",
    "pdfs/A_C.6_80_L.11-EN.pdf",
    "series/pdfs/A_RES_80_170-EN.pdf",
]


def resbrief(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    paths = [SHARED / "corpus" / p for p in INPUTS]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        pytest.skip(f"shared corpus not found ({missing[0]}); the collection tests need it")
    out = tmp_path_factory.mktemp("collection") / "out"
    run = resbrief("build", *paths, "-o", out, "--formats", "json,html,ics", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    return out


def _collection(batch: Path) -> dict:
    return json.loads((batch / "collection.json").read_text(encoding="utf-8"))


def _document(batch: Path, name: str) -> dict:
    return next(d for d in _collection(batch)["documents"] if d["name"] == name)


def test_every_collection_output_is_beside_the_packs(batch):
    assert sorted(p.name for p in batch.iterdir() if p.is_file()) == sorted([*FILES, "report.json"])
    assert not [p.name for p in batch.iterdir() if p.name.endswith(".tmp")]


def test_collection_json_follows_its_schema_and_links_the_versions(batch):
    data = _collection(batch)
    assert validate_collection(data) == []
    assert [d["name"] for d in data["documents"]] == [
        "A_C.6_80_L.11",
        "A_RES_78_100",
        "A_RES_78_241",
        "A_RES_79_62",
        "A_RES_80_170",
    ]
    assert data["links"] == [
        {"from": "A_RES_79_62", "to": "A_RES_78_241", "relation": "succeeds"},
        {"from": "A_RES_79_62", "to": "A_RES_78_241", "relation": "cites"},  # "Recalling its resolution 78/241"
        {"from": "A_RES_80_170", "to": "A_C.6_80_L.11", "relation": "adopted from"},
    ]


def test_collection_json_says_what_the_covers_print(batch):
    old = _document(batch, "A_RES_78_241")
    assert (old["symbol"], old["title"], old["body"]) == (
        "A/RES/78/241",
        "Lethal autonomous weapons systems",
        "General Assembly",
    )
    assert (old["committee"], old["date_adopted"], old["paragraphs"]) == (
        "First Committee",
        "2023-12-22",
        {"preamble": 9, "operative": 4},
    )
    assert old["agenda_items"] == [{"number": "99", "title": "General and complete disarmament"}]
    new = _document(batch, "A_RES_79_62")
    assert new["agenda_items"] == [
        {"number": "98 (ss)", "title": "General and complete disarmament: lethal autonomous weapons systems"}
    ]
    assert (new["date_adopted"], new["paragraphs"]) == ("2024-12-02", {"preamble": 16, "operative": 12})
    assert new["files"] == {
        "pack": {
            "json": "A_RES_79_62/resolution.json",
            "html": "A_RES_79_62/brief.html",
            "ics": "A_RES_79_62/calendar.ics",
        },
        "comparisons": [
            {
                "with": "A_RES_78_241",
                "html": "A_RES_79_62/comparison-A_RES_78_241.html",
                "json": "A_RES_79_62/comparison-A_RES_78_241.json",
            }
        ],
    }
    decolonization = _document(batch, "A_RES_78_100")
    assert decolonization["committee"] == "Special Political and Decolonization Committee (Fourth Committee)"
    assert (decolonization["date_adopted"], decolonization["paragraphs"]) == (
        "2023-12-07",
        {"preamble": 9, "operative": 8},
    )
    # the reports first, in the text's order: op5 (f) "To report to the Special Committee" by both departments
    # op5 asks, op8 by the Special Committee (op3 puts the seminars' reports on a website: cited, not asked for)
    assert [(a["paragraph"], a["actor"]) for a in decolonization["asks"]] == [
        ("op5.f", "Department of Global Communications"),
        ("op5.f", "Department of Political and Peacebuilding Affairs"),
        ("op8", "Special Committee"),
    ]
    assert decolonization["asks"][2]["task"] == (
        "report to the General Assembly at its seventy-ninth session on the implementation of the present resolution"
    )


# --- the index in a browser -------------------------------------------------------------

_SCRIPTED = """
<script>
window.addEventListener('load', function () {
  function symbols() {
    return Array.prototype.filter.call(document.querySelectorAll('#documents tbody tr'), function (r) {
      return !r.hidden; }).map(function (r) { return r.cells[0].textContent.trim(); });
  }
  function heading(text) {
    return Array.prototype.find.call(document.querySelectorAll('#documents th button'), function (b) {
      return b.textContent.trim() === text; });
  }
  var result = {all: symbols()};
  var search = document.getElementById('search');
  search.value = 'Autonomous  weapons';
  search.dispatchEvent(new Event('input'));
  result.found = symbols();
  result.count = document.getElementById('count').textContent;
  search.value = '';
  search.dispatchEvent(new Event('input'));
  heading('Adopted').click();
  heading('Adopted').click();
  result.latest_first = symbols();
  result.sorted = heading('Adopted').parentNode.getAttribute('aria-sort');
  heading('Operative paragraphs').click();
  result.fewest_operative_first = symbols();
  var out = document.createElement('pre');
  out.id = 'scripted-result';
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
</script>
"""


def _dom_result(page: Path, script: str, tmp_path: Path, element: str, width: int = 1280) -> dict:
    target = page.parent / f"scripted-{tmp_path.name}.html"  # beside the index, so that its links resolve
    target.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    try:
        run = run_chromium(
            [f"--window-size={width},900", "--virtual-time-budget=60000", "--dump-dom", target.as_uri()], timeout=180
        )
    finally:
        target.unlink()
    m = re.search(rf'<pre id="{element}">(.*?)</pre>', run.stdout, re.S)
    assert m, "the page gave no result: " + run.stderr[-2000:]
    return json.loads(etree.fromstring(m.group(0).encode(), etree.HTMLParser()).xpath("string(//pre)"))


def test_index_searches_and_sorts_offline_in_chromium(batch, tmp_path):
    result = _dom_result(batch / "index.html", _SCRIPTED, tmp_path, "scripted-result")
    assert result["all"] == ["A/C.6/80/L.11", "A/RES/78/100", "A/RES/78/241", "A/RES/79/62", "A/RES/80/170"]
    assert result["found"] == ["A/RES/78/241", "A/RES/79/62"]  # every word of the search, in any case
    assert result["count"] == "2 of 5 documents shown"
    # adopted 15 December 2025, 2 December 2024, 22 and 7 December 2023; the draft has no adoption date
    assert result["latest_first"] == ["A/RES/80/170", "A/RES/79/62", "A/RES/78/241", "A/RES/78/100", "A/C.6/80/L.11"]
    assert result["sorted"] == "descending"
    assert result["fewest_operative_first"][:3] == ["A/RES/78/241", "A/RES/78/100", "A/RES/79/62"]  # 4, 8, 12


def test_index_passes_axe(batch, tmp_path):
    runner = _RUNNER % {"axe": axe_js().read_text(encoding="utf-8").replace("</script", "<\\/script")}
    result = _dom_result(batch / "index.html", runner, tmp_path, "reader-result")
    assert "error" not in result, result
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical", "moderate")]
    assert not bad, json.dumps(bad, indent=1)
    assert result["scrollWidth"] <= result["clientWidth"]  # the table scrolls in its own box


@pytest.mark.parametrize("width", [1280, 390])
def test_index_passes_pa11y(batch, tmp_path, width):
    """WCAG 2 AA by HTML_CodeSniffer and axe: at 1280 px the table fits (its last column was clipped by
    its scrolling box, which axe cannot check); on a phone each document is a block of labelled lines."""
    issues = run_pa11y(batch / "index.html", width, tmp_path)
    assert not issues, "\n".join(pa11y_summary(issues))


def test_index_is_self_contained(batch):
    html = (batch / "index.html").read_text(encoding="utf-8")
    assert "<link" not in html and " src=" not in html and "@import" not in html and "url(" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(not re.match(r"[a-z]+:", h) for h in hrefs), hrefs  # only links into the folder
    assert 'href="A_RES_79_62/comparison-A_RES_78_241.html"' in html
    assert 'succeeds <a href="#doc-A_RES_78_241">A/RES/78/241</a>' in html


# --- the mandate registry ------------------------------------------------------------------


def _csv_rows(batch: Path) -> list[list[str]]:
    data = (batch / "mandates.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, as spreadsheets want it
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _by_heading(rows: list[list[str]]) -> list[dict]:
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_mandate_registry_holds_the_asks_reports_and_agenda_items(batch):
    rows = _by_heading(_csv_rows(batch))
    old = [r for r in rows if r["Document"] == "A/RES/78/241"]
    report = next(r for r in old if r["Paragraph"] == "op2" and r["Type"] == "report")
    assert (report["Actor"], report["Actor as printed"], report["Action"], report["Class of action"]) == (
        "Secretary-General",
        "the Secretary-General",
        "Requests",
        "request",
    )
    assert (report["Reports to"], report["Due session"], report["Due as printed"]) == (
        "General Assembly",
        "79",
        "at its seventy-ninth session",
    )
    assert report["Words as printed"] == (
        "submit a substantive report reflecting the full range of views received with an annex containing these "
        "views, to the General Assembly at its seventy-ninth session for further discussion by Member States"
    )
    # the words whole, however long (op3 of A/RES/78/100 asks 453 characters of the Secretary-General before
    # "and stresses that the Department ..."); the briefs shorten them, the registry does not
    decolonization = [r for r in rows if r["Document"] == "A/RES/78/100"]
    website = next(
        r for r in decolonization if (r["Paragraph"], r["Type"], r["Actor"]) == ("op3", "task", "Secretary-General")
    )
    assert website["Words as printed"] == (
        "further enhance the information provided on the United Nations decolonization website and to continue to "
        "include the full series of reports of the regional seminars on decolonization, the statements and scholarly "
        "papers presented at those seminars and links to the full series of reports of the Special Committee on the "
        "Situation with regard to the Implementation of the Declaration on the Granting of Independence to Colonial "
        "Countries and Peoples"
    )
    agenda = [
        (r["Document"], r["Paragraph"], r["Words as printed"], r["Due session"])
        for r in rows
        if r["Type"] == "agenda item"
    ]
    assert ("A/RES/78/241", "op4", "Lethal autonomous weapons systems", "79") in agenda
    assert ("A/RES/79/62", "op12", "Lethal autonomous weapons systems", "80") in agenda
    decolonization = [r for r in rows if r["Document"] == "A/RES/78/100" and r["Type"] == "report"]
    assert ("op8", "Special Committee", "General Assembly", "79") in [
        (r["Paragraph"], r["Actor"], r["Reports to"], r["Due session"]) for r in decolonization
    ]


def test_mandate_workbook_opens_in_calc_with_the_rows_of_the_csv(batch, tmp_path):
    converted = lo_convert(batch / "mandates.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path)  # UTF-8
    calc = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    assert calc == _csv_rows(batch)


def test_mandate_workbook_is_deterministic(batch, tmp_path):
    with zipfile.ZipFile(batch / "mandates.xlsx") as z:
        core = z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "2000-01-01T00:00:00Z" in core and core.count("2000-01-01T00:00:00Z") == 2  # created, modified


# --- the calendar ------------------------------------------------------------------------


def _events(ics: bytes) -> list[dict]:
    """Reads an iCalendar file as RFC 5545 says: CRLF lines, folded lines unfolded, escapes undone."""
    text = ics.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.replace("\r\n ", "").split("\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
    return events


def test_calendar_lists_the_dated_reports_and_agenda_items(batch):
    ics = (batch / "calendar.ics").read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and ics.endswith(b"END:VCALENDAR\r\n")
    events = _events(ics)
    assert len({e["UID"] for e in events}) == len(events)
    summaries = [e["SUMMARY"] for e in events]
    assert "Report due: Secretary-General to General Assembly (A/RES/78/241, OP2)" in summaries
    assert "On the agenda of: General Assembly (A/RES/78/241, OP4)" in summaries
    assert "On the agenda of: General Assembly (A/RES/79/62, OP12)" in summaries
    assert "Report due: Special Committee to General Assembly (A/RES/78/100, OP8)" in summaries
    due = next(e for e in events if e["SUMMARY"] == "Deadline: Group of Governmental Experts (A/RES/79/62, OP4)")
    assert due["DTSTART;VALUE=DATE"] == "20251231"  # "preferably by the end of 2025"
    assert "As printed: “by the end of 2025”" in due["DESCRIPTION"]
    dates = [e["DTSTART;VALUE=DATE"] for e in events]
    assert dates == sorted(dates)
    one = (batch / "A_RES_78_241" / "calendar.ics").read_bytes()  # the pack's own: the same events
    assert {e["UID"] for e in _events(one)} <= {e["UID"] for e in events}


# --- incremental, deterministic, escaped --------------------------------------------------


def test_collection_is_not_rebuilt_when_nothing_changed(batch, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(batch, out)
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    stamps = {name: (out / name).stat().st_mtime_ns for name in OUTPUTS}
    assert write_collection(out, Config(formats=("json", "html", "ics"))) == []
    assert {name: (out / name).stat().st_mtime_ns for name in OUTPUTS} == stamps
    (out / "collection-cache.json").unlink()  # without the cache: read again from the packs, the same bytes
    for name in OUTPUTS:
        (out / name).unlink()
    assert write_collection(out, Config(formats=("json", "html", "ics"))) == []
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before


def test_collection_escapes_the_documents_words(batch, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(batch / "A_RES_78_241", out / "A_RES_78_241")
    path = out / "A_RES_78_241" / "resolution.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = "Weapons <script>alert(1)</script> & more"
    data["annotations"]["mandates"][0]["task"] = '=HYPERLINK("http://example.invalid","x")'
    path.write_text(json.dumps(data), encoding="utf-8")
    assert write_collection(out, Config()) == []
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "Weapons &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    rows = list(csv.reader(io.StringIO((out / "mandates.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][8] == '\'=HYPERLINK("http://example.invalid","x")'  # a spreadsheet shows it, never runs it
    with zipfile.ZipFile(out / "mandates.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet


def test_a_pack_that_cannot_be_read_is_one_line_and_the_others_are_listed(batch, tmp_path):
    out = tmp_path / "out"
    for name in ("A_RES_78_100", "A_RES_78_241"):
        shutil.copytree(batch / name, out / name)
    (out / "A_RES_78_100" / "resolution.json").write_text("{not json", encoding="utf-8")
    problems = write_collection(out, Config())
    assert len(problems) == 1 and problems[0].startswith("A_RES_78_100: its resolution.json cannot be read")
    assert "\n" not in problems[0]
    assert [d["name"] for d in json.loads((out / "collection.json").read_text())["documents"]] == ["A_RES_78_241"]


def test_resbrief_collection_makes_the_outputs_of_a_folder_of_packs(batch, tmp_path):
    out = tmp_path / "out"
    for name in ("A_RES_78_241", "A_RES_79_62"):
        shutil.copytree(batch / name, out / name)
    run = resbrief("collection", out)
    assert run.returncode == 0, run.stderr
    assert sorted(d["name"] for d in json.loads((out / "collection.json").read_text())["documents"]) == [
        "A_RES_78_241",
        "A_RES_79_62",
    ]
    assert (out / "index.html").is_file() and (out / "mandates.xlsx").is_file()
    missing = resbrief("collection", tmp_path / "nothing")
    assert missing.returncode == 1 and missing.stderr.strip().endswith("is not a folder of packs")


def test_a_build_that_converted_nothing_writes_no_collection(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    run = resbrief("build", empty, "-o", tmp_path / "out", "--formats", "json")
    assert run.returncode == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json"]
