"""The render stage: HTML, PDF and DOCX briefs of a resolution with hostile text.

Expectations come from the JSON fixture, never from the renderer's output.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pdfplumber
import pytest
from lxml import etree

from expected import needle, squash, texts_of
from pipeline.config import Config
from pipeline.model import resolution_from_dict
from pipeline.render import render
from pipeline.render_pdf import BlockedURL, TemplatesOnlyFetcher

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "hostile_resolution.json"
PROJECT = Path(__file__).resolve().parent.parent
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- expectations from the fixture -------------------------------------------

_texts = texts_of


FIXTURE_DICT = json.loads(FIXTURE.read_text(encoding="utf-8"))
PARAGRAPHS, NOTES = _texts(FIXTURE_DICT)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_squash, _needle = squash, needle


# --- rendering -----------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("brief")
    resolution = resolution_from_dict(FIXTURE_DICT)
    return render(resolution, out, Config(formats=("json", "html", "pdf", "docx")))


@pytest.fixture(scope="module")
def rendered_again(tmp_path_factory) -> dict[str, Path]:
    """A second render in a fresh interpreter with a different hash seed."""
    out = tmp_path_factory.mktemp("again")
    code = ("import json,sys; from pathlib import Path;"
            "from pipeline.model import resolution_from_dict;"
            "from pipeline.config import Config; from pipeline.render import render;"
            "r = resolution_from_dict(json.loads(Path(sys.argv[1]).read_text()));"
            "render(r, Path(sys.argv[2]), Config())")
    subprocess.run([sys.executable, "-c", code, str(FIXTURE), str(out)], check=True,
                   cwd=PROJECT, env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"})
    return {k: out / f"brief.{k}" for k in ("html", "pdf", "docx")}


def test_writes_requested_formats_only(rendered):
    assert set(rendered) == {"html", "pdf", "docx"}
    for fmt, path in rendered.items():
        assert path.name == f"brief.{fmt}"
        assert path.stat().st_size > 0
    assert not (next(iter(rendered.values())).parent / "resolution.json").exists()


def test_respects_format_subset(tmp_path):
    resolution = resolution_from_dict(FIXTURE_DICT)
    written = render(resolution, tmp_path, Config(formats=("json", "html")))
    assert set(written) == {"html"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError):
        render(resolution_from_dict(FIXTURE_DICT), tmp_path, Config(formats=("epub",)))


# --- HTML ----------------------------------------------------------------------

class _TextOf(HTMLParser):
    """Collects the visible text of a page (head and style left out)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _html_text(path: Path) -> str:
    parser = _TextOf()
    parser.feed(path.read_text(encoding="utf-8"))
    return _norm("".join(parser.parts))


def test_html_escapes_markup_and_template_syntax(rendered):
    html = rendered["html"].read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "To report 49" not in html


def test_html_structure(rendered):
    html = rendered["html"].read_text(encoding="utf-8")
    assert f'<html lang="{FIXTURE_DICT["language"]}">' in html
    for landmark in ("<header", "<main", "<nav", "<footer"):
        assert landmark in html
    assert html.count("<h1") == 1
    assert 'role="doc-endnotes"' in html and 'role="doc-noteref"' in html
    assert 'role="doc-footnote"' in html
    assert not re.search(r"""src=["']?(https?:|//)""", html), "nothing may be fetched"
    assert not re.search(r"""href=["']?(http:|//|javascript:)""", html), "links are https only"
    assert "<link" not in html and "<script" not in html


def test_html_every_text_once(rendered):
    text = _html_text(rendered["html"])
    for t in PARAGRAPHS + NOTES:
        assert text.count(_norm(t)) == 1, t


def test_html_cover(rendered):
    text = _html_text(rendered["html"])
    d = FIXTURE_DICT
    for value in (d["symbol"], d["title"], d["body"], d["meeting"], d["source"]["file"],
                  d["source"]["sha256"], d["adopted_on"]["document"],
                  d["agenda_items"][0]["title"]):
        assert value in text, value
    from pipeline import __version__
    assert __version__ in text


def test_html_footnote_links_point_at_notes(rendered):
    html = rendered["html"].read_text(encoding="utf-8")
    refs = re.findall(r'role="doc-noteref" id="([^"]+)" href="#([^"]+)"', html)
    assert len(refs) == len(NOTES)
    for ref_id, target in refs:
        assert f'id="{target}"' in html
        assert f'href="#{ref_id}"' in html     # the note links back


def test_html_lead_and_verb_in_italics(rendered):
    html = rendered["html"].read_text(encoding="utf-8")
    for p in FIXTURE_DICT["preamble"]:
        if p["lead"]:
            assert f'<em class="lead">{p["lead"]}</em>' in html
    for o in FIXTURE_DICT["operative"]:
        if o["verb"]:
            assert f'<em class="verb">{o["verb"]}</em>' in html


def test_sandboxed_custom_templates(tmp_path):
    """User template folders run sandboxed: unsafe attribute access is refused."""
    import shutil
    from jinja2.exceptions import SecurityError
    custom = tmp_path / "tpl"
    shutil.copytree(PROJECT / "templates", custom)
    page = custom / "brief.html.j2"
    page.write_text(page.read_text() + "{{ v.__class__.__init__.__globals__ }}")
    config = Config(formats=("html",), templates=custom, custom_templates=True)
    with pytest.raises(SecurityError):
        render(resolution_from_dict(FIXTURE_DICT), tmp_path / "out", config)


# --- PDF -----------------------------------------------------------------------

def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_pdf_every_text_once(rendered):
    text = _squash(_pdf_text(rendered["pdf"]))
    for t in PARAGRAPHS + NOTES:
        assert text.count(_needle(t)) == 1, t


def test_pdf_page_furniture(rendered):
    with pdfplumber.open(rendered["pdf"]) as pdf:
        pages = len(pdf.pages)
        first = pdf.pages[0]
        assert round(first.width) == 595 and round(first.height) == 842   # A4
        last = pdf.pages[-1].extract_text()
        assert f"Page {pages} of {pages}" in last
        if pages > 1:
            assert FIXTURE_DICT["symbol"] in pdf.pages[1].extract_text()
        fonts = {c["fontname"] for c in first.chars}
    assert any("LiberationSerif" in f.replace("-", "") for f in fonts), fonts


def test_pdf_has_json_attachment(rendered):
    import pypdfium2
    pdf = pypdfium2.PdfDocument(str(rendered["pdf"]))
    try:
        assert pdf.count_attachments() == 1
        attachment = pdf.get_attachment(0)
        assert attachment.get_name() == "resolution.json"
        attached = json.loads(bytes(attachment.get_data()).decode("utf-8"))
    finally:
        pdf.close()
    assert attached["symbol"] == FIXTURE_DICT["symbol"]
    assert _texts(attached) == (PARAGRAPHS, NOTES)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://169.254.169.254/", "https://example.org/font.woff",
    "ftp://example.org/x", "file://otherhost/etc/passwd",
    (PROJECT / "templates").as_uri() + "/../pipeline/config.py"])
def test_url_fetcher_refuses(url):
    fetcher = TemplatesOnlyFetcher(PROJECT / "templates")
    with pytest.raises(BlockedURL):
        fetcher.fetch(url)


def test_url_fetcher_allows_data_and_templates():
    fetcher = TemplatesOnlyFetcher(PROJECT / "templates")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    css = (PROJECT / "templates" / "brief.css").as_uri()
    assert fetcher.fetch(css).read() == (PROJECT / "templates" / "brief.css").read_bytes()


# --- DOCX ----------------------------------------------------------------------

def _docx_texts(path: Path) -> tuple[str, list[str]]:
    """Gives (body text, footnote texts) of a DOCX."""
    document = docx.Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    body += "\n" + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    notes = ["".join(fn.itertext()) for fn in root.findall(f"{{{W_NS}}}footnote")
             if fn.get(f"{{{W_NS}}}type") is None]
    return body, notes


def test_docx_every_text_once(rendered):
    body, notes = _docx_texts(rendered["docx"])
    everything = _norm(body + "\n" + "\n".join(notes))
    for t in PARAGRAPHS + NOTES:
        assert everything.count(_norm(t)) == 1, t
    for t in NOTES:                       # real footnotes, not body text
        assert any(t in n for n in notes), t
        assert t not in body


def test_docx_footnotes_are_real(rendered):
    with zipfile.ZipFile(rendered["docx"]) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        document = z.read("word/document.xml").decode()
    assert "wordprocessingml.footnotes+xml" in types
    assert "relationships/footnotes" in rels
    assert document.count("<w:footnoteReference") == len(NOTES)


def test_docx_styles_and_properties(rendered):
    document = docx.Document(str(rendered["docx"]))
    used = {p.style.name for p in document.paragraphs}
    for name in ("Resolution Title", "Preambular Paragraph", "Operative Paragraph",
                 "Subparagraph", "Heading 1"):
        assert name in used, name
    props = document.core_properties
    assert props.subject == FIXTURE_DICT["symbol"]
    assert FIXTURE_DICT["title"] in props.title
    assert props.created.date().isoformat() == FIXTURE_DICT["date_adopted"]
    assert props.modified == props.created
    italic = {r.text for p in document.paragraphs for r in p.runs if r.italic}
    assert {p["lead"] for p in FIXTURE_DICT["preamble"]} <= italic
    assert {o["verb"] for o in FIXTURE_DICT["operative"]} <= italic


def test_docx_zip_is_normalised(rendered):
    with zipfile.ZipFile(rendered["docx"]) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


# --- determinism -----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_byte_identical_renders(rendered, rendered_again, fmt):
    assert rendered[fmt].read_bytes() == rendered_again[fmt].read_bytes()


# --- documents with several parts ------------------------------------------------

def _parts_fixture() -> dict:
    d = json.loads(FIXTURE.read_text(encoding="utf-8"))
    part_a = {"number": "78/501", "title": "First decision", "enacting_formula": "The Assembly,",
              "preamble": [{"id": "pp1", "lead": "Recalling", "text": "Recalling part A text,",
                            "footnotes": []}],
              "operative": [{"id": "op1", "number": "1", "verb": "Decides",
                             "text": "Decides to act in part A;", "subparagraphs": [],
                             "footnotes": ["1"]}],
              "footnotes": [{"marker": "1", "text": "Footnote of part A.", "paragraph": "op1"}],
              "headings": [{"text": "I. Heading in part A", "before": "op1"}], "annexes": []}
    part_b = {"number": "78/502", "title": "Second decision", "enacting_formula": None,
              "preamble": [],
              "operative": [{"id": "op1", "number": None, "verb": None,
                             "text": "Unnumbered text of part B.", "subparagraphs": [],
                             "footnotes": []}],
              "footnotes": [{"marker": "*", "text": "Unattached note of part B.",
                             "paragraph": None}],
              "headings": [], "annexes": []}
    for key in ("preamble", "operative", "footnotes"):
        d[key] = []
    d["enacting_formula"] = None
    d["parts"] = [part_a, part_b]
    d["warnings"] = ["Footnote * could not be tied to a paragraph."]
    return d


def test_parts_render_each_text_once(tmp_path):
    d = _parts_fixture()
    written = render(resolution_from_dict(d), tmp_path, Config())
    paragraphs, notes = _texts(d)
    html_text = _html_text(written["html"])
    pdf_text = _squash(_pdf_text(written["pdf"]))
    body, docx_notes = _docx_texts(written["docx"])
    docx_text = _norm(body + "\n" + "\n".join(docx_notes))
    for t in paragraphs + notes + d["warnings"] + ["I. Heading in part A"]:
        assert html_text.count(_norm(t)) == 1, t
        assert pdf_text.count(_needle(t)) == 1, t
        assert docx_text.count(_norm(t)) == 1, t
    for title in ("First decision", "Second decision"):
        assert title in html_text and title in body


def test_html_ids_unique_across_parts(tmp_path):
    written = render(resolution_from_dict(_parts_fixture()), tmp_path, Config(formats=("html",)))
    ids = re.findall(r'\sid="([^"]+)"', written["html"].read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids))


def test_notes_on_title_and_subparagraph(tmp_path):
    d = json.loads(FIXTURE.read_text(encoding="utf-8"))
    d["footnotes"] += [{"marker": "49", "text": "Note on the title.", "paragraph": "title"},
                       {"marker": "50", "text": "Note on sub-paragraph (a).", "paragraph": "op2.a"}]
    written = render(resolution_from_dict(d), tmp_path, Config())
    html = written["html"].read_text(encoding="utf-8")
    title_end = html.index("</h1>")
    assert 'role="doc-noteref"' in html[html.index("<h1"):title_end]
    sub = html[html.index("To report {{ 7*7 }}"):]
    assert sub.index('role="doc-noteref"') < sub.index("</p>")
    with zipfile.ZipFile(written["docx"]) as z:
        assert z.read("word/document.xml").decode().count("<w:footnoteReference") == 4
    pdf = _squash(_pdf_text(written["pdf"]))
    for t in ("Note on the title.", "Note on sub-paragraph (a)."):
        assert pdf.count(_squash(t)) == 1


def test_custom_template_folder_overrides_wording(tmp_path):
    """A user folder may change only labels.json; the rest comes from the defaults."""
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "labels.json").write_text(json.dumps({"sections": {"preamble": "Préambule"}}),
                                        encoding="utf-8")
    config = Config(formats=("html", "docx"), templates=custom, custom_templates=True)
    written = render(resolution_from_dict(FIXTURE_DICT), tmp_path / "out", config)
    assert "Préambule" in _html_text(written["html"])
    body, _ = _docx_texts(written["docx"])
    assert "Préambule" in body


# --- annotations, references, marker positions (extras) ----------------------------

EXTRAS = {
    "references": [
        {"symbol": "A/RES/77/237", "kind": "resolution", "paragraph": "op1",
         "text": "resolution 77/237", "url": "https://undocs.org/en/A/RES/77/237"},
        {"symbol": "A/78/264", "kind": "report", "paragraph": "pp2", "text": "A/78/264",
         "url": "javascript:alert(1)"},
        {"kind": "broken"}, "not a dict"],
    "annotations": {
        "actions": [
            {"paragraph": "op1", "verb": "Takes note", "class": "acknowledge", "force": 1,
             "span": [0, 10], "addressees": []},
            {"paragraph": "op2", "verb": "Requests", "class": "request", "force": 4,
             "actor": "Secretary-General", "due": {"session": 80, "text": "at its eightieth session"}},
            {"paragraph": "op2.a", "verb": "Urges", "class": "request", "force": 4,
             "addressees": [{"name": "Member States"}], "due": [{"text": "by 2030"}]},
            {"paragraph": "op99", "class": "decide"}, "garbage"],
        "summary": {"by_class": {"request": 2, "acknowledge": 1}},
        "warnings": ["op3: unknown verb 'Ponders'"],
    },
}


def _with_offsets() -> dict:
    d = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for holder in d["preamble"] + d["operative"]:
        if holder["footnotes"]:
            holder["marker_offsets"] = [[m, 5] for m in holder["footnotes"]]
    return d


@pytest.fixture(scope="module")
def with_extras(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("extras")
    return render(resolution_from_dict(_with_offsets()), out, Config(), extras=EXTRAS)


def test_summary_without_extras_shows_counts_and_warnings(rendered):
    text = _html_text(rendered["html"])
    labels = json.loads((PROJECT / "templates" / "labels.json").read_text(encoding="utf-8"))
    assert labels["no_annotations"] in text
    assert labels["counts"]["operative"] in text
    for w in FIXTURE_DICT["warnings"]:
        assert w in text


def test_summary_with_extras(with_extras):
    html = with_extras["html"].read_text(encoding="utf-8")
    text = _html_text(with_extras["html"])
    assert "Key asks" in text and "Secretary-General" in text and "at its eightieth session" in text
    assert 'href="https://undocs.org/en/A/RES/77/237"' in html
    assert "javascript:" not in html                       # unsafe URLs are not linked
    assert "op3: unknown verb" in text                     # annotator warnings are listed
    assert 'class="margin"' in html and "Member States" in text
    body, _ = _docx_texts(with_extras["docx"])
    assert "Secretary-General" in body
    with zipfile.ZipFile(with_extras["docx"]) as z:
        comments = z.read("word/comments.xml").decode()
        footnote_ids = re.findall(r'<w:footnoteReference w:id="(\d+)"', z.read("word/document.xml").decode())
    assert "Requests (force 4/5)" in comments and "Member States" in comments
    comment_ids = re.findall(r'<w:comment w:id="(\d+)"', comments)
    assert not set(comment_ids) & set(footnote_ids), "LibreOffice confuses shared ids"
    assert "Secretary-General" in _pdf_text(with_extras["pdf"])


def test_every_text_once_with_extras(with_extras):
    """Margin notes and the summary do not repeat the text of the resolution."""
    paragraphs, notes = PARAGRAPHS, NOTES
    html = with_extras["html"].read_text(encoding="utf-8")
    section = html[html.index('<section class="text"'):html.index('<section class="appendix"')]
    parser = _TextOf()
    section = re.sub(r"<aside.*?</aside>", "", section, flags=re.S)
    parser.feed(re.sub(r"<sup.*?</sup>", "", section, flags=re.S))
    text = _norm("".join(parser.parts))
    for t in paragraphs:
        assert _squash(text).count(_squash(t)) == 1, t


def test_footnote_call_at_marker_offset(with_extras):
    html = with_extras["html"].read_text(encoding="utf-8")
    d = _with_offsets()
    for holder in d["preamble"] + d["operative"]:
        if holder["footnotes"]:
            start = html.index(f'id="d-{holder["id"]}"')
            para = html[start:html.index("</p>", start)]
            call = para.index('<sup class="noteref"')
            words = re.sub(r"<[^>]+>", "", para[para.index(">") + 1:call])
            words = words.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            words = re.sub(r"^\d+\.\s*", "", words)
            assert _squash(words).endswith(_squash(holder["text"][:5])), (holder["id"], words)


def test_view_tolerates_odd_extras():
    from pipeline.render_view import build_view, load_labels
    labels = load_labels(PROJECT / "templates")
    res = resolution_from_dict(FIXTURE_DICT)
    for extras in (None, {}, {"annotations": None}, {"annotations": {"actions": None}},
                   {"references": None}, {"annotations": {"actions": [{"paragraph": None}]}},
                   {"annotations": {"parts": [{"actions": [{}]}], "summary": "x"}}):
        view = build_view(res, labels, extras)
        assert view.summary is not None


# --- reports and follow-up table -------------------------------------------------------

REPORT_EXTRAS = {
    "annotations": {
        "mandates": [
            {"paragraph": "op1", "actor": "Secretary-General", "type": "task",
             "task": "provide adequate resources to the Office", "due": []},
            {"paragraph": "op2", "actor": "Secretary-General", "type": "report",
             "task": "submit a report on the implementation of this resolution",
             "to": "General Assembly",
             "due": [{"kind": "session", "text": "at its seventy-ninth and eightieth sessions",
                      "session": 79, "period": "2024-09/2025-09"},
                     {"kind": "session", "text": "at its seventy-ninth and eightieth sessions",
                      "session": 80, "period": "2025-09/2026-09"}]},
            {"paragraph": "op2.a", "actor": "Commission on Narcotic Drugs", "type": "report",
             "due": {"kind": "date", "text": "by 30 June 2025", "date": "2025-06-30"},
             "to": "Economic and Social Council"},
            {"paragraph": "op1", "actor": "Member States", "type": "task", "task": "cooperate"},
            {"actor": "Secretary-General"}, "garbage"],
        "summary": {"reports": [{"paragraph": "op2", "actor": "Secretary-General", "type": "report"}]},
    },
}


def test_reports_table_in_html_and_docx(tmp_path):
    config = Config(formats=("html", "docx"))
    written = render(resolution_from_dict(_with_offsets()), tmp_path, config, extras=REPORT_EXTRAS)
    html = written["html"].read_text(encoding="utf-8")
    assert 'class="report-list"' in html
    table = html[html.index('class="report-list"'):]
    table = table[:table.index("</table>")]
    assert table.count('<th scope="row">') == 4            # the Member States task is no report
    text = _norm(re.sub(r"<[^>]+>", " ", table))
    assert "provide adequate resources to the Office" in text and "not stated" in text
    assert "submit a report on the implementation of this resolution" in text
    assert "General Assembly" in text
    assert ("at its seventy-ninth and eightieth sessions (session 79: September 2024 to September 2025;"
            " session 80: September 2025 to September 2026)") in text
    assert "Commission on Narcotic Drugs" in text and "by 30 June 2025" in text
    assert "Member States" not in text
    assert 'href="#op2"' in table or "OP2" in text
    summary = html[:html.index('class="report-list"')]
    assert "Key asks" in _html_text(written["html"])
    assert summary.index("Key asks") < summary.index("Reports and follow-up requested")
    document = docx.Document(str(written["docx"]))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    reports = next(t for t in tables if t[0][:4] == ["Who", "What", "To whom", "When due"])
    assert len(reports) == 5                               # the heading and four rows
    flat = " | ".join(" | ".join(r) for r in reports)
    assert "provide adequate resources to the Office" in flat and "not stated" in flat
    assert "session 80: September 2025 to September 2026" in flat
    assert "Economic and Social Council" in flat


def test_reports_table_tolerates_missing_keys():
    from pipeline.render_extras import report_rows
    labels = json.loads((PROJECT / "templates" / "labels.json").read_text(encoding="utf-8"))
    rows = report_rows([({"type": "report"}, None), ({"actor": "the Secretary-General", "due": "soon"}, None)],
                       [], labels)
    assert [(r.actor, r.due) for r in rows] == [("(not named)", []), ("the Secretary-General", ["soon"])]
    assert report_rows([], [({"paragraph": "op2", "actor": "Secretary-General", "type": "report",
                              "due": [{"session": 80}]}, None)], labels)[0].due == ["session 80"]
