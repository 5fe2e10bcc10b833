"""The comparison as a reader gets it: ``resbrief compare``, comparison.html/.pdf/.docx, the marks in a pack, batches.

The DOCX's tracked changes are checked twice: by transforming its XML as Word
does when all changes are accepted (``w:ins`` unwrapped, ``w:del`` dropped)
or rejected (the reverse, ``w:delText`` read back as text), and by opening it
in LibreOffice (converted to ODT), where every change must be listed with its
author and date and give, accepted or rejected, the later or the earlier text.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import corpus_pdf, segmented
from lxml import etree
from test_compare import _res, series_pdf
from test_readers import _RUNNER, axe_js, lo_convert, pa11y_summary, run_in_frame, run_pa11y

from pipeline.cli import main
from pipeline.compare import compare, comparison_dict
from pipeline.compare.redline import pieces_text
from pipeline.compare.units import units_of
from pipeline.config import Config
from pipeline.model import to_json
from pipeline.render import render, render_comparison
from pipeline.render.comparison import printed_number
from pipeline.schema import validate_comparison

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_STYLE = "ComparedText"
LABELS = json.loads((Path(__file__).resolve().parents[1] / "templates" / "labels.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pair():
    return segmented(series_pdf("A_RES_78_191-EN.pdf")), segmented(series_pdf("A_RES_79_162-EN.pdf"))


@pytest.fixture(scope="module")
def written(pair, tmp_path_factory):
    """The four files of ``resbrief compare OLD.json NEW.json -o OUT``, and a second run's."""
    root = tmp_path_factory.mktemp("compare")
    old, new = root / "old.json", root / "new.json"
    old.write_text(to_json(pair[0]), encoding="utf-8")
    new.write_text(to_json(pair[1]), encoding="utf-8")
    assert main(["compare", str(old), str(new), "-o", str(root / "out")]) == 0
    assert main(["compare", str(old), str(new), "-o", str(root / "again")]) == 0
    return root


def _expected(pair, side: str) -> list[str]:
    """The paragraphs of one text, as the comparison orders them, each with the number printed before it."""
    c = comparison_dict(compare(*pair))
    texts = {u.id: pieces_text(u.pieces) for u in units_of(pair[0 if side == "old" else 1])}
    out = []
    for p in c["paragraphs"]:
        pid = p[side]
        if pid is None:
            continue
        from pipeline.compare.comparison import ParagraphChange

        number = printed_number(
            ParagraphChange(**{k: p[k] for k in ("status", "kind", "old", "new", "old_number", "new_number")}), LABELS
        )
        out.append((number + "\t" if number else "") + texts[pid])
    return out


def test_compare_writes_four_files_that_are_the_same_bytes_every_time(written):
    names = sorted(p.name for p in (written / "out").iterdir())
    assert names == ["comparison.docx", "comparison.html", "comparison.json", "comparison.pdf"]
    for name in names:
        assert (written / "out" / name).read_bytes() == (written / "again" / name).read_bytes(), name
    data = json.loads((written / "out" / "comparison.json").read_text(encoding="utf-8"))
    assert validate_comparison(data) == []
    assert data["summary"]["modified"] == 3


def test_compare_refuses_a_bad_side_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"symbol": 3}', encoding="utf-8")
    assert main(["compare", str(bad), str(bad), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not follow the schema" in err[0]
    assert not (tmp_path / "out").exists()


def test_html_marks_changes_with_words_and_lines_not_colour_alone(written):
    html = (written / "out" / "comparison.html").read_text(encoding="utf-8")
    # pp1 (4), op21, op22, footnote 1 (Seventy-eighth Session, A/78/53/Add.1) and footnote 4
    assert html.count("<ins") == html.count("[inserted: ") == 9
    assert html.count("<del") == html.count("[deleted: ") == 9
    assert '<del class=""><span class="visually-hidden">[deleted: </span>77/206 of 15<span' in html
    css = (Path(__file__).resolve().parents[1] / "templates" / "comparison.css").read_text(encoding="utf-8")
    assert re.search(r"ins \{[^}]*text-decoration: underline", css) and re.search(r"del \{[^}]*line-through", css)


def test_html_inlines_comparison_css_as_written(written):
    """comparison.css reached the page HTML-escaped: '.cnote::before { content: " · "; }' became
    'content: &#34; · &#34;', which a browser drops, so the notes of a changed paragraph ran together."""
    html = (written / "out" / "comparison.html").read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    assert '.cnote::before { content: " · "; }' in style
    assert "&#34;" not in style and "&gt;" not in style


@pytest.mark.parametrize("width", [1280, 390])
def test_html_passes_pa11y(written, tmp_path, width):
    issues = run_pa11y(written / "out" / "comparison.html", width, tmp_path)
    assert not issues, "\n".join(pa11y_summary(issues))


def test_a_c3_80_l57_amendment_table_fits_a_phone(tmp_path):
    """The amendment's table (A/C.3/80/L.3 as amended by A/C.3/80/L.57) has notes quoting long symbols
    ("A/C.3/80/L.57:", "A/C.3/80/L.3;"): at 390 px they ran past the screen's edge, which pa11y's axe reported."""
    old, new = corpus_pdf("A_C.3_80_L.3-EN.pdf"), corpus_pdf("A_C.3_80_L.57-EN.pdf")
    assert main(["compare", str(old), str(new), "-o", str(tmp_path / "out"), "--formats", "html"]) == 0
    issues = run_pa11y(tmp_path / "out" / "comparison.html", 390, tmp_path)
    assert not issues, "\n".join(pa11y_summary(issues))


@pytest.mark.parametrize("width", [1280, 390])
def test_html_passes_axe_and_fits_a_phone(written, tmp_path, width):
    page = (written / "out" / "comparison.html").read_text(encoding="utf-8")
    runner = _RUNNER % {"axe": axe_js().read_text(encoding="utf-8").replace("</script", "<\\/script")}
    target = tmp_path / "axe.html"
    target.write_text(page.replace("</body>", runner + "</body>"), encoding="utf-8")
    result = run_in_frame(target, width, 900)  # a frame: headless Chromium's window is at least 500 px wide
    assert "error" not in result, result
    assert result["clientWidth"] == width, result
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(bad, indent=1)
    assert result["scrollWidth"] <= result["clientWidth"], result["overflow"]


def test_html_escapes_the_documents_words(tmp_path):
    old = _res("A/RES/78/1", ["Recalling <b>its</b> resolution,"], ["Decides to remain seized;"], session=78)
    new = _res("A/RES/79/1", ["Recalling <script>alert(1)</script> resolution,"], ["Decides to remain seized;"])
    render_comparison(compare(old, new), tmp_path, Config(formats=("html",)))
    html = (tmp_path / "comparison.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>its</b>" not in html


def test_pdf_holds_the_changed_words(written):
    text = subprocess.run(
        ["pdftotext", str(written / "out" / "comparison.pdf"), "-"], capture_output=True, text=True
    ).stdout
    squashed = re.sub(r"\s+", " ", text)
    assert "What changed in A/RES/79/162 since A/RES/78/191" in squashed
    assert "77/206 of 15" in squashed and "78/191 of 19" in squashed
    import pikepdf

    with pikepdf.open(written / "out" / "comparison.pdf") as pdf:
        attached = pdf.attachments["comparison.json"].get_file().read_bytes()
        assert "pdfaid" in str(pdf.open_metadata())
    assert attached == (written / "out" / "comparison.json").read_bytes()


# --- DOCX: tracked changes -----------------------------------------------------------------------


def _document(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _as_word_would(root: etree._Element, accept: bool) -> list[str]:
    """The compared paragraphs' texts once every change is accepted (or rejected), as Word does it."""
    root = etree.fromstring(etree.tostring(root))
    drop, keep = (W + "del", W + "ins") if accept else (W + "ins", W + "del")
    for node in list(root.iter(drop)):
        node.getparent().remove(node)
    for node in list(root.iter(keep)):
        parent, index = node.getparent(), node.getparent().index(node)
        for k, child in enumerate(list(node)):
            parent.insert(index + k, child)
        parent.remove(node)
    out = []
    for p in root.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or style.get(W + "val") != TEXT_STYLE:
            continue
        text = "".join(
            "\n" if n.tag == W + "br" else "\t" if n.tag == W + "tab" else (n.text or "")
            for n in p.iter(W + "t", W + "delText", W + "br", W + "tab")
        )
        if text:
            out.append(text)
    return out


def test_docx_changes_are_tracked_by_resbrief_with_the_documents_date(written):
    root = _document(written / "out" / "comparison.docx")
    marks = list(root.iter(W + "ins")) + list(root.iter(W + "del"))
    assert len(marks) == 18
    assert {(m.get(W + "author"), m.get(W + "date")) for m in marks} == {("resbrief", "2024-12-17T00:00:00Z")}
    assert len({m.get(W + "id") for m in marks}) == len(marks)


def test_docx_accepting_all_gives_the_new_text_and_rejecting_all_the_old(written, pair):
    root = _document(written / "out" / "comparison.docx")
    assert _as_word_would(root, accept=True) == _expected(pair, "new")
    assert _as_word_would(root, accept=False) == _expected(pair, "old")


def _odt_texts(content: bytes, accept: bool) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The compared paragraphs of LibreOffice's ODT with every change accepted (or rejected), and its change list."""
    ns = {
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "dc": "http://purl.org/dc/elements/1.1/",
    }
    T = "{%s}" % ns["text"]
    root = etree.fromstring(content)
    regions = {}
    listed = []
    for region in root.iter(T + "changed-region"):
        kind = region[0]
        creator = kind.find(".//dc:creator", ns).text
        date = kind.find(".//dc:date", ns).text
        listed.append((etree.QName(kind).localname, creator, date))
        regions[region.get(T + "id")] = kind

    def text_of(node, skipping: list) -> str:
        out = []
        if node.text and not skipping:
            out.append(node.text)
        for child in node:
            tag = etree.QName(child).localname
            if tag == "change-start":
                if not accept and etree.QName(regions[child.get(T + "change-id")]).localname == "insertion":
                    skipping.append(child.get(T + "change-id"))
            elif tag == "change-end":
                if skipping and skipping[-1] == child.get(T + "change-id"):
                    skipping.pop()
            elif tag == "change":
                deletion = regions[child.get(T + "change-id")]
                if not accept and not skipping:
                    out.append("\n".join(text_of(p, []) for p in deletion.iter(T + "p")))
            elif tag == "line-break":
                out.append("" if skipping else "\n")
            elif tag == "tab":
                out.append("" if skipping else "\t")
            elif tag == "s":
                out.append("" if skipping else " " * int(child.get(T + "c", "1")))
            else:
                out.append(text_of(child, skipping))
            if child.tail and not skipping:
                out.append(child.tail)
        return "".join(out)

    body = root.find(".//office:text", ns)
    paragraphs = [
        text_of(p, [])
        for p in body.iter(T + "p")
        if p.get(T + "style-name") == "Compared_20_Text" and next(p.iterancestors(T + "tracked-changes"), None) is None
    ]
    return [p for p in paragraphs if p], listed


def test_docx_in_libreoffice_lists_every_change_and_accepts_or_rejects_them(written, pair, tmp_path):
    odt = lo_convert(written / "out" / "comparison.docx", "odt", tmp_path)
    with zipfile.ZipFile(odt) as z:
        content = z.read("content.xml")
    accepted, listed = _odt_texts(content, accept=True)
    rejected, _ = _odt_texts(content, accept=False)
    assert sorted(listed) == sorted(
        [("deletion", "resbrief", "2024-12-17")] * 9 + [("insertion", "resbrief", "2024-12-17")] * 9
    )
    assert accepted == _expected(pair, "new")
    assert rejected == _expected(pair, "old")


# --- the briefing pack ------------------------------------------------------------------------------


def test_pack_says_what_changed_since_the_predecessor(pair, tmp_path):
    old, new = pair
    c = compare(old, new)
    config = Config(formats=("html", "docx"))
    render(
        new, tmp_path, config, extras={"references": new.references, "annotations": new.annotations, "comparisons": [c]}
    )
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "Changes since A/RES/78/191" in html
    assert "Compared with A/RES/78/191: 29 paragraphs unchanged, 3 modified, 0 new, 0 deleted." in html
    assert html.count('<p class="change-mark">Modified since A/RES/78/191</p>') == 3
    marked = re.findall(
        r'changed-modified">\s*<p class="change-mark">[^<]*</p>\s*<p class="(?:pp|op)" id="([^"]+)"', html
    )
    assert marked == ["d-pp1", "d-op21", "d-op22"]
    import docx

    document = docx.Document(str(tmp_path / "brief.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Changes since A/RES/78/191" in texts
    assert texts.count("Modified since A/RES/78/191") == 3


# --- batches ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A batch holding a successor pair and a draft with the resolution adopted from it (JSON and HTML only)."""
    out = tmp_path_factory.mktemp("batch")
    pdfs = [
        series_pdf(n)
        for n in ("A_RES_78_191-EN.pdf", "A_RES_79_162-EN.pdf", "A_C.3_80_L.24-EN.pdf", "A_RES_80_189-EN.pdf")
    ]
    args = ["build", *map(str, pdfs), "-o", str(out / "packs"), "--formats", "json,html", "--jobs", "2"]
    assert main(args) == 0
    first = {p.name: p.stat().st_mtime_ns for p in (out / "packs").rglob("comparison-*")}
    assert main(args) == 0
    second = {p.name: p.stat().st_mtime_ns for p in (out / "packs").rglob("comparison-*")}
    return out / "packs", first, second


def test_build_finds_successors_and_drafts_in_the_batch(batch):
    packs, first, second = batch
    assert sorted(first) == [
        "comparison-A_C.3_80_L.24.html",
        "comparison-A_C.3_80_L.24.json",
        "comparison-A_RES_78_191.html",
        "comparison-A_RES_78_191.json",
    ]
    assert sorted(p.name for p in (packs / "A_RES_79_162").glob("comparison-*")) == [
        "comparison-A_RES_78_191.html",
        "comparison-A_RES_78_191.json",
    ]
    data = json.loads((packs / "A_RES_80_189" / "comparison-A_C.3_80_L.24.json").read_text(encoding="utf-8"))
    assert (data["old"]["symbol"], data["new"]["symbol"], data["relation"]) == (
        "A/C.3/80/L.24",
        "A/RES/80/189",
        "draft->adopted",
    )
    brief = (packs / "A_RES_79_162" / "brief.html").read_text(encoding="utf-8")
    assert "Changes since A/RES/78/191" in brief and 'href="comparison-A_RES_78_191.html"' in brief
    assert "Changes from the draft A/C.3/80/L.24" in (packs / "A_RES_80_189" / "brief.html").read_text(encoding="utf-8")
    report = json.loads((packs / "report.json").read_text(encoding="utf-8"))
    entry = next(e for e in report["inputs"] if e["output"] == "A_RES_79_162")
    assert "comparison-A_RES_78_191.json" in entry["artifacts"]


def test_a_second_build_leaves_current_comparisons_alone(batch):
    _, first, second = batch
    assert first == second


def test_build_with_previous_compares_each_document_with_it(pair, tmp_path, capsys):
    previous = tmp_path / "old.json"
    previous.write_text(to_json(pair[0]), encoding="utf-8")
    pdf = series_pdf("A_RES_79_162-EN.pdf")
    assert (
        main(["build", str(pdf), "-o", str(tmp_path / "packs"), "--formats", "json", "--previous", str(previous)]) == 0
    )
    data = json.loads(
        (tmp_path / "packs" / "A_RES_79_162" / "comparison-A_RES_78_191.json").read_text(encoding="utf-8")
    )
    assert data["relation"] == "successor" and data["summary"]["modified"] == 3  # what the two texts are
    capsys.readouterr()
    assert main(["build", str(pdf), "-o", str(tmp_path / "more"), "--previous", str(tmp_path / "nothing.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"resbrief: --previous {tmp_path / 'nothing.pdf'}: no such file"]
    assert not (tmp_path / "more").exists()
