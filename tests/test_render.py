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
from expected import needle, squash, texts_of
from lxml import etree

from pipeline.config import Config
from pipeline.model import resolution_from_dict
from pipeline.render import render
from pipeline.render.pdf import BlockedURL, TemplatesOnlyFetcher

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
    code = (
        "import json,sys; from pathlib import Path;"
        "from pipeline.model import resolution_from_dict;"
        "from pipeline.config import Config; from pipeline.render import render;"
        "r = resolution_from_dict(json.loads(Path(sys.argv[1]).read_text()));"
        "render(r, Path(sys.argv[2]), Config())"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(FIXTURE), str(out)],
        check=True,
        cwd=PROJECT,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
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
    for landmark in ("<header", "<main", "<nav"):
        assert landmark in html
    # what the pack is not follows the details that name its source, inside the appendix (at the end it took a
    # page of its own in the PDF and the DOCX)
    details = html[html.index('id="details"') : html.index("</section>", html.index('id="details"'))]
    assert '<p class="colophon">' in details and "<footer" not in html
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
    for value in (
        d["symbol"],
        d["title"],
        d["body"],
        d["meeting"],
        d["source"]["file"],
        d["source"]["sha256"],
        d["adopted_on"]["document"],
        d["agenda_items"][0]["title"],
    ):
        assert value in text, value
    from pipeline import __version__

    assert __version__ in text


def test_html_footnote_links_point_at_notes(rendered):
    html = rendered["html"].read_text(encoding="utf-8")
    refs = re.findall(r'role="doc-noteref" id="([^"]+)" href="#([^"]+)"', html)
    assert len(refs) == len(NOTES)
    for ref_id, target in refs:
        assert f'id="{target}"' in html
        assert f'href="#{ref_id}"' in html  # the note links back


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
        assert round(first.width) == 595 and round(first.height) == 842  # A4
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


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/",
        "https://example.org/font.woff",
        "ftp://example.org/x",
        "file://otherhost/etc/passwd",
        (PROJECT / "templates").as_uri() + "/../pipeline/config.py",
    ],
)
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
    notes = ["".join(fn.itertext()) for fn in root.findall(f"{{{W_NS}}}footnote") if fn.get(f"{{{W_NS}}}type") is None]
    return body, notes


def test_docx_every_text_once(rendered):
    body, notes = _docx_texts(rendered["docx"])
    everything = _norm(body + "\n" + "\n".join(notes))
    for t in PARAGRAPHS + NOTES:
        assert everything.count(_norm(t)) == 1, t
    for t in NOTES:  # real footnotes, not body text
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
    for name in ("Resolution Title", "Preambular Paragraph", "Operative Paragraph", "Subparagraph", "Heading 1"):
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
    part_a = {
        "number": "78/501",
        "title": "First decision",
        "enacting_formula": "The Assembly,",
        "preamble": [{"id": "pp1", "lead": "Recalling", "text": "Recalling part A text,", "footnotes": []}],
        "operative": [
            {
                "id": "op1",
                "number": "1",
                "verb": "Decides",
                "text": "Decides to act in part A;",
                "subparagraphs": [],
                "footnotes": ["1"],
            }
        ],
        "footnotes": [{"marker": "1", "text": "Footnote of part A.", "paragraph": "op1"}],
        "headings": [{"text": "I. Heading in part A", "before": "op1"}],
        "annexes": [],
    }
    part_b = {
        "number": "78/502",
        "title": "Second decision",
        "enacting_formula": None,
        "preamble": [],
        "operative": [
            {
                "id": "op1",
                "number": None,
                "verb": None,
                "text": "Unnumbered text of part B.",
                "subparagraphs": [],
                "footnotes": [],
            }
        ],
        "footnotes": [{"marker": "*", "text": "Unattached note of part B.", "paragraph": None}],
        "headings": [],
        "annexes": [],
    }
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
    d["footnotes"] += [
        {"marker": "49", "text": "Note on the title.", "paragraph": "title"},
        {"marker": "50", "text": "Note on sub-paragraph (a).", "paragraph": "op2.a"},
    ]
    written = render(resolution_from_dict(d), tmp_path, Config())
    html = written["html"].read_text(encoding="utf-8")
    title_end = html.index("</h1>")
    assert 'role="doc-noteref"' in html[html.index("<h1") : title_end]
    sub = html[html.index("To report {{ 7*7 }}") :]
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
    (custom / "labels.json").write_text(json.dumps({"sections": {"preamble": "Préambule"}}), encoding="utf-8")
    config = Config(formats=("html", "docx"), templates=custom, custom_templates=True)
    written = render(resolution_from_dict(FIXTURE_DICT), tmp_path / "out", config)
    assert "Préambule" in _html_text(written["html"])
    body, _ = _docx_texts(written["docx"])
    assert "Préambule" in body


# --- annotations, references, marker positions (extras) ----------------------------

EXTRAS = {
    "references": [
        {
            "symbol": "A/RES/77/237",
            "kind": "resolution",
            "paragraph": "op1",
            "text": "resolution 77/237",
            "url": "https://undocs.org/en/A/RES/77/237",
        },
        {"symbol": "A/78/264", "kind": "report", "paragraph": "pp2", "text": "A/78/264", "url": "javascript:alert(1)"},
        {"kind": "broken"},
        "not a dict",
    ],
    "annotations": {
        "actions": [
            {
                "paragraph": "op1",
                "verb": "Takes note",
                "class": "acknowledge",
                "force": 1,
                "span": [0, 10],
                "addressees": [],
            },
            {
                "paragraph": "op2",
                "verb": "Requests",
                "class": "request",
                "force": 4,
                "actor": "Secretary-General",
                "due": {"session": 80, "text": "at its eightieth session"},
            },
            {
                "paragraph": "op2.a",
                "verb": "Urges",
                "class": "request",
                "force": 4,
                "addressees": [{"name": "Member States"}],
                "due": [{"text": "by 2030"}],
            },
            {"paragraph": "op99", "class": "decide"},
            {"paragraph": "op2.a", "verb": "We are", "class": "unknown", "addressees": []},
            "garbage",
        ],
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
    assert (
        "Main asks" in text and "Secretary-General" in text and "at its eightieth session" in text
    )  # the brief's asks
    assert 'href="https://undocs.org/en/A/RES/77/237"' in html
    assert "javascript:" not in html  # unsafe URLs are not linked
    assert "op3: unknown verb" in text  # annotator warnings are listed
    assert 'class="margin"' in html and "Member States" in text
    assert "Unclassified" not in text and "We are" not in text  # words not read as an act get no note
    body, _ = _docx_texts(with_extras["docx"])
    assert "Secretary-General" in body
    with zipfile.ZipFile(with_extras["docx"]) as z:
        comments = z.read("word/comments.xml").decode()
        footnote_ids = re.findall(r'<w:footnoteReference w:id="(\d+)"', z.read("word/document.xml").decode())
    # the printed verb, then its class: "Urges: Request → Member States"; the force is in the appendix's table
    assert "Requests: Request → Secretary-General" in comments and "Urges: Request → Member States" in comments
    assert "(force" not in comments
    comment_ids = re.findall(r'<w:comment w:id="(\d+)"', comments)
    assert not set(comment_ids) & set(footnote_ids), "LibreOffice confuses shared ids"
    assert "Secretary-General" in _pdf_text(with_extras["pdf"])


def test_every_text_once_with_extras(with_extras):
    """Margin notes and the summary do not repeat the text of the resolution."""
    paragraphs = PARAGRAPHS
    html = with_extras["html"].read_text(encoding="utf-8")
    section = html[html.index('<section class="text"') : html.index('<section class="appendix"')]
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
            para = html[start : html.index("</p>", start)]
            call = para.index('<sup class="noteref"')
            words = re.sub(r"<[^>]+>", "", para[para.index(">") + 1 : call])
            words = words.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            words = re.sub(r"^\d+\.\s*", "", words)
            assert _squash(words).endswith(_squash(holder["text"][:5])), (holder["id"], words)


def test_view_tolerates_odd_extras():
    from pipeline.render.view import build_view, load_labels

    labels = load_labels(PROJECT / "templates")
    res = resolution_from_dict(FIXTURE_DICT)
    for extras in (
        None,
        {},
        {"annotations": None},
        {"annotations": {"actions": None}},
        {"references": None},
        {"annotations": {"actions": [{"paragraph": None}]}},
        {"annotations": {"parts": [{"actions": [{}]}], "summary": "x"}},
    ):
        view = build_view(res, labels, extras)
        assert view.summary is not None


# --- reports and follow-up table -------------------------------------------------------

REPORT_EXTRAS = {
    "annotations": {
        "mandates": [
            {
                "paragraph": "op1",
                "actor": "Secretary-General",
                "type": "task",
                "task": "provide adequate resources to the Office",
                "due": [],
            },
            {
                "paragraph": "op2",
                "actor": "Secretary-General",
                "type": "report",
                "task": "submit a report on the implementation of this resolution",
                "to": "General Assembly",
                "due": [
                    {
                        "kind": "session",
                        "text": "at its seventy-ninth and eightieth sessions",
                        "session": 79,
                        "period": "2024-09/2025-09",
                    },
                    {
                        "kind": "session",
                        "text": "at its seventy-ninth and eightieth sessions",
                        "session": 80,
                        "period": "2025-09/2026-09",
                    },
                ],
            },
            {
                "paragraph": "op2.a",
                "actor": "Commission on Narcotic Drugs",
                "type": "report",
                "due": {"kind": "date", "text": "by 30 June 2025", "date": "2025-06-30"},
                "to": "Economic and Social Council",
            },
            {"paragraph": "op1", "actor": "Member States", "type": "task", "task": "cooperate"},
            {"actor": "Secretary-General"},
            "garbage",
        ],
        "summary": {"reports": [{"paragraph": "op2", "actor": "Secretary-General", "type": "report"}]},
    },
}


def test_reports_table_in_html_and_docx(tmp_path):
    config = Config(formats=("html", "docx"))
    written = render(resolution_from_dict(_with_offsets()), tmp_path, config, extras=REPORT_EXTRAS)
    html = written["html"].read_text(encoding="utf-8")
    assert 'class="report-list"' in html
    table = html[html.index('class="report-list"') :]
    table = table[: table.index("</table>")]
    # only reports: a request to the Secretary-General to provide resources is an ask, not a report
    assert table.count('<th scope="row">') == 2
    text = _norm(re.sub(r"<[^>]+>", " ", table))
    assert "provide adequate resources to the Office" not in text and "Member States" not in text
    assert "submit a report on the implementation of this resolution" in text
    assert "General Assembly" in text
    assert (
        "at its seventy-ninth and eightieth sessions (session 79: September 2024 to September 2025;"
        " session 80: September 2025 to September 2026)"
    ) in text
    assert "Commission on Narcotic Drugs" in text and "by 30 June 2025" in text
    assert 'href="#op2"' in table or "OP2" in text
    brief = html[html.index('class="brief-asks"') : html.index('class="report-list"')]  # the brief, page 1
    asks = _norm(re.sub(r"<[^>]+>", " ", brief[: brief.index("</table>")]))
    assert "provide adequate resources to the Office" in asks  # it is a main ask
    assert "Main asks" in _html_text(written["html"])
    assert html.index("Main asks") < html.index('id="text"') < html.index("Reports and follow-up requested")
    document = docx.Document(str(written["docx"]))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    reports = next(t for t in tables if t[0][:5] == ["Who", "Asked by", "What", "To whom", "When due"])
    assert len(reports) == 3  # the heading and two rows
    flat = " | ".join(" | ".join(r) for r in reports)
    assert "provide adequate resources to the Office" not in flat
    assert "session 80: September 2025 to September 2026" in flat
    assert "Economic and Social Council" in flat


def test_reports_table_tolerates_missing_keys():
    from pipeline.render.annotations import report_rows

    labels = json.loads((PROJECT / "templates" / "labels.json").read_text(encoding="utf-8"))
    rows = report_rows(
        [({"type": "report"}, None), ({"actor": "the Secretary-General", "type": "report", "due": "soon"}, None)],
        [],
        labels,
    )
    assert [(r.actor, r.due) for r in rows] == [("(not named)", []), ("the Secretary-General", ["soon"])]
    assert report_rows(
        [],
        [({"paragraph": "op2", "actor": "Secretary-General", "type": "report", "due": [{"session": 80}]}, None)],
        labels,
    )[0].due == ["session 80"]
    # a report the text asks for without naming its author, and how often it is due
    [row] = report_rows(
        [({"actor": "Secretary-General", "type": "report", "inferred": True, "every": {"n": 90, "unit": "day"}}, None)],
        [],
        labels,
    )
    assert (row.actor, row.due) == ("Secretary-General (not named in this text)", ["every 90 days"])


# --- annexes ------------------------------------------------------------------------


def _annex_fixture() -> dict:
    """The hostile fixture with two annexes: notes on a heading, a title and paragraphs."""
    d = json.loads(FIXTURE.read_text(encoding="utf-8"))
    d["annexes"] = [
        {
            "id": "annex1",
            "heading": "Annex I",
            "number": "I",
            "title": "Compact <b>bold</b> & {{ 7*7 }}",
            "footnotes": ["A1"],
            "paragraphs": [
                {
                    "id": "annex1.p1",
                    "kind": "heading",
                    "label": "I.",
                    "text": "Principles of the annex",
                    "footnotes": [],
                    "marker_offsets": [],
                },
                {
                    "id": "annex1.p2",
                    "kind": "paragraph",
                    "label": "1.",
                    "text": "First annex paragraph, cited here and ended.",
                    "footnotes": ["A2"],
                    "marker_offsets": [["A2", 33]],
                },
                {
                    "id": "annex1.p3",
                    "kind": "paragraph",
                    "label": "(a)",
                    "text": "Lettered item under the first paragraph;",
                    "footnotes": [],
                    "marker_offsets": [],
                },
                {
                    "id": "annex1.p4",
                    "kind": "paragraph",
                    "label": None,
                    "text": "Unnumbered annex paragraph <script>x</script>.",
                    "footnotes": [],
                    "marker_offsets": [],
                },
            ],
        },
        {
            "id": "annex2",
            "heading": "Annex II",
            "number": "II",
            "title": None,
            "footnotes": [],
            "paragraphs": [
                {
                    "id": "annex2.p1",
                    "kind": "paragraph",
                    "label": "1.",
                    "text": "Second annex, only paragraph.",
                    "footnotes": [],
                    "marker_offsets": [],
                }
            ],
        },
    ]
    d["footnotes"] = d["footnotes"] + [
        {"marker": "A1", "text": "Note on the heading of annex one.", "paragraph": "annex1"},
        {"marker": "A2", "text": "Note cited in the first annex paragraph.", "paragraph": "annex1.p2"},
    ]
    return d


@pytest.fixture(scope="module")
def annexed(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("annexed")
    return render(resolution_from_dict(_annex_fixture()), out, Config(formats=("html", "pdf", "docx")))


def test_annex_view_items_labels_and_anchored_notes():
    from pipeline.config import DEFAULT_TEMPLATES
    from pipeline.render.view import build_view, load_labels

    view = build_view(resolution_from_dict(_annex_fixture()), load_labels(DEFAULT_TEMPLATES))
    first, second = view.parts[0].annexes
    assert (first.anchor, first.heading, first.toc) == (
        "d-annex1",
        "Annex I",
        "Annex I — Compact <b>bold</b> & {{ 7*7 }}",
    )
    assert second.toc == "Annex II"
    assert [n.marker for n in first.notes] == ["A1"]
    assert [(i.kind, i.number, i.depth, i.anchor) for i in first.items] == [
        ("ah", "I.", 0, "d-annex1-p1"),
        ("ap", "1.", 0, "d-annex1-p2"),
        ("ap", "(a)", 1, "d-annex1-p3"),
        ("ap", "", 0, "d-annex1-p4"),
    ]
    para = first.items[1]
    assert [r.text for r in para.runs] == ["First annex paragraph, cited here", " and ended."]
    assert [n.marker for n in para.runs[0].notes] == ["A2"]
    assert not view.parts[0].loose_notes or all(n.marker not in ("A1", "A2") for n in view.parts[0].loose_notes)
    assert all(not i.annotations and not i.refs for i in first.items)


def test_annex_depths_follow_the_labels():
    from pipeline.model import AnnexParagraph
    from pipeline.render.view import annex_depths

    def items(*labels):
        return [
            AnnexParagraph(
                id=f"a.p{i}",
                kind="heading" if l == "H" else "paragraph",
                label=None if l in ("H", "-") else l,
                text="t",
            )
            for i, l in enumerate(labels)
        ]

    assert annex_depths(items("1.", "(a)", "(b)", "(i)", "(ii)", "2.")) == [0, 1, 1, 2, 2, 0]
    assert annex_depths(items("(a)", "(h)", "(i)", "(j)")) == [0, 0, 0, 0]  # (i) after (h) is a letter
    assert annex_depths(items("1.", "(a)", "H", "(a)", "-")) == [0, 1, 0, 0, 0]  # a heading starts afresh


def test_annex_html(annexed):
    html = annexed["html"].read_text(encoding="utf-8")
    tree = etree.HTML(html)
    section = tree.xpath("//section[@id='d-annexes']")[0]
    assert section.xpath("./h3[@class='section-label']/text()") == ["Annexes"]
    annexes = section.xpath("./section[@class='annex']")
    assert [a.get("id") for a in annexes] == ["d-annex1", "d-annex2"]
    title = annexes[0].xpath("./h4[@class='annex-title']")[0]
    assert title.xpath("./span[@class='annex-number']/text()") == ["Annex I"]
    assert title.xpath("./span[@class='annex-name']/text()") == ["Compact <b>bold</b> & {{ 7*7 }}"]
    assert "<b>bold</b>" not in html and "<script>x</script>" not in html
    assert title.xpath(".//a[@role='doc-noteref']/text()") == ["A1"]
    assert annexes[0].xpath("./h5[@class='annex-heading']/@id") == ["d-annex1-p1"]
    p2 = tree.xpath("//p[@id='d-annex1-p2']")[0]
    assert p2.get("class") == "ap depth-0 labelled"
    assert p2.xpath("./span[@class='label']/text()") == ["1. "]
    call = p2.xpath(".//a[@role='doc-noteref']")[0]
    assert call.text == "A2" and _squash("".join(call.getparent().xpath("preceding::text()"))).endswith("citedhere")
    note = tree.xpath(f"//*[@id='{call.get('href')[1:]}']")[0]
    assert "Note cited in the first annex paragraph." in "".join(note.itertext())
    assert note.xpath(".//a[@role='doc-backlink']/@href") == ["#" + call.get("id")]
    assert tree.xpath("//p[@id='d-annex1-p3']/@class") == ["ap depth-1 labelled"]
    assert tree.xpath("//p[@id='d-annex1-p4']/@class") == ["ap depth-0"]
    toc = [("".join(a.itertext()), a.get("href")) for a in tree.xpath("//nav[@class='toc']//a")]
    assert ("Annex I — Compact <b>bold</b> & {{ 7*7 }}", "#d-annex1") in toc
    assert ("Annex II", "#d-annex2") in toc
    assert not tree.xpath("//section[@id='d-annexes']//aside") and not tree.xpath("//section[@id='d-annexes']//ul")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def _outline_titles(path: Path) -> list[str]:
    """Gives the titles of every PDF bookmark, depth first."""
    pikepdf = pytest.importorskip("pikepdf")
    titles = []

    def walk(items):
        for item in items:
            titles.append(item.title)
            walk(item.children)

    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        walk(outline.root)
    return titles


def test_annex_pdf_bookmarks_and_page_foot_notes(annexed):
    titles = _outline_titles(annexed["pdf"])
    assert "Annexes" in titles
    assert "Annex I — Compact <b>bold</b> & {{ 7*7 }}" in titles and "Annex II" in titles
    with pdfplumber.open(annexed["pdf"]) as pdf:
        page = next(p for p in pdf.pages if "First annex paragraph" in (p.extract_text() or ""))
        words = page.extract_words()
        body_top = next(w["top"] for w in words if w["text"] == "First")
        note_top = next(w["top"] for w in words if w["text"] == "Note" and w["top"] > body_top)
        assert note_top > page.height * 0.6  # at the foot of the same page
        assert "Note cited in the first annex paragraph." in (page.extract_text() or "")


def test_annex_docx(annexed):
    document = docx.Document(str(annexed["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Annexes") in headings
    assert ("Heading 3", "Annex I\nCompact <b>bold</b> & {{ 7*7 }}A1") in headings
    assert ("Heading 3", "Annex II") in headings
    assert ("Heading 4", "I. Principles of the annex") in headings
    paras = {p.text: p.style.name for p in document.paragraphs}
    assert paras["1.\tFirst annex paragraph, cited hereA2 and ended."] == "Annex Paragraph"
    assert paras["(a)\tLettered item under the first paragraph;"] == "Annex Paragraph"
    assert paras["Unnumbered annex paragraph <script>x</script>."] == "Annex Text"
    _, notes = _docx_texts(annexed["docx"])
    assert any("Note on the heading of annex one." in n for n in notes)
    assert any("Note cited in the first annex paragraph." in n for n in notes)
    assert not [p for p in document.paragraphs if p.style.name == "List Bullet" and "annex" in p.text.lower()]


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_annex_renders_are_deterministic(annexed, tmp_path, fmt):
    again = render(resolution_from_dict(_annex_fixture()), tmp_path, Config(formats=(fmt,)))
    assert again[fmt].read_bytes() == annexed[fmt].read_bytes()


# --- the Pact for the Future (A/RES/79/1): expectations read in the printed PDF -------------

PACT = PROJECT.parent / "shared" / "corpus" / "pdfs" / "A_RES_79_1-EN.pdf"


@pytest.fixture(scope="module")
def pact(tmp_path_factory) -> dict[str, Path]:
    if not PACT.is_file():
        pytest.skip(f"shared corpus not found at {PACT.parent}")
    from pipeline.batch import convert

    out = tmp_path_factory.mktemp("pact")
    return render(convert(PACT), out, Config(formats=("html", "pdf", "docx")))


def test_pact_html_annexes(pact):
    tree = etree.HTML(pact["html"].read_text(encoding="utf-8"))
    annexes = tree.xpath("//section[@id='d-annexes']/section[@class='annex']")
    names = [
        (a.xpath("string(.//span[@class='annex-number'])"), a.xpath("string(.//span[@class='annex-name'])"))
        for a in annexes
    ]
    assert names == [("Annex I", "Global Digital Compact"), ("Annex II", "Declaration on Future Generations")]
    second = annexes[1]
    # PDF p. 52: "Preamble", then "We, the Heads of State ..."; p. 53: "1. The maintenance of international peace"
    assert second.xpath("string(./h5[1])") == "Preamble"
    first_numbered = second.xpath("(./p | ./div/p)[span[@class='label'] = '1. ']")[0]
    assert _norm("".join(first_numbered.itertext())).startswith(
        "1. The maintenance of international peace and security, and the full respect for international law"
    )
    # PDF p. 37: Annex I, paragraph 1
    assert _norm(annexes[0].xpath("string((./p | ./div/p)[1])")).startswith(
        "1. Digital technologies are dramatically transforming our world."
    )
    # PDF p. 52: note 23 is called after "Universal Declaration of Human Rights," in the second "Reaffirming"
    p = next(
        p
        for p in second.xpath("./p | ./div/p")
        if "".join(p.itertext()).startswith("Reaffirming our commitments to the purposes and principles of the Charter")
    )
    calls = p.xpath(".//a[@role='doc-noteref']")
    assert [c.text for c in calls] == ["23"]
    before = "".join(calls[0].getparent().xpath("preceding::text()"))
    assert before.endswith("the Universal Declaration of Human Rights,")
    note = tree.xpath(f"//*[@id='{calls[0].get('href')[1:]}']")[0]
    assert _norm("".join(note.itertext())).endswith("Resolution 217 A (III).")
    assert note.xpath(".//a[@role='doc-backlink']/@href") == ["#" + calls[0].get("id")]
    toc = [_norm("".join(a.itertext())) for a in tree.xpath("//nav[@class='toc']//a")]
    assert "Annex I — Global Digital Compact" in toc and "Annex II — Declaration on Future Generations" in toc


def test_pact_pdf_annex_bookmarks_and_notes(pact):
    titles = _outline_titles(pact["pdf"])
    assert {"Annexes", "Annex I — Global Digital Compact", "Annex II — Declaration on Future Generations"} <= set(
        titles
    )
    with pdfplumber.open(pact["pdf"]) as pdf:
        page = next(p for p in pdf.pages if "Reaffirming our commitments to the purposes" in (p.extract_text() or ""))
        text = page.extract_text()
        # note 23 is printed at the foot of the page that calls it, not in an appendix
        assert "23 Resolution 217 A (III)." in text
        assert "Appendix" not in text


def test_pact_docx_annexes(pact):
    document = docx.Document(str(pact["docx"]))
    headings = [p.text.split("\n")[0] for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Annex I" in headings and "Annex II" in headings
    assert headings.index("Annex I") < headings.index("Annex II")
    with zipfile.ZipFile(pact["docx"]) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    w = f"{{{W_NS}}}"
    notes = {
        fn.get(w + "id"): "".join(fn.itertext()) for fn in root.findall(w + "footnote") if fn.get(w + "type") is None
    }
    assert len(notes) == 26
    # Word numbers the notes 1..26 itself; the 26th is the Rio Declaration (PDF p. 52)
    assert "Report of the United Nations Conference on Environment and Development" in notes["26"]
    ref = body.xpath("//w:footnoteReference[@w:id='26']", namespaces={"w": W_NS})[0]
    paragraph = ref.xpath("ancestor::w:p[1]", namespaces={"w": W_NS})[0]
    text = "".join(paragraph.xpath(".//w:t/text()", namespaces={"w": W_NS}))
    assert text.startswith("Reaffirming also our commitments to the 2030 Agenda")
    assert text.rstrip().endswith("in the Rio Declaration on Environment and Development,")


def test_reference_in_a_later_decision_links_to_that_decision(tmp_path):
    # FCCC/PA/CMA/2016/3/Add.1: footnote 1 of decision 2/CMA.1 (the second part, key p2) reads
    # "See document FCCC/CP/1996/2." and is cited from its paragraph 1; the link once went to part 1
    pdf = PACT.parent / "FCCC_PA_CMA_2016_3_Add.1-EN.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not found at {pdf.parent}")
    from pipeline.batch import convert

    html = render(convert(pdf), tmp_path, Config(formats=("html",)))["html"].read_text(encoding="utf-8")
    tree = etree.HTML(html)
    row = tree.xpath("//tr[th/a[string()='FCCC/CP/1996/2']]")  # the symbol is in its no-break span
    assert [(a.get("href"), a.text) for a in row[0].xpath("td/a")] == [("#p2-op1", "OP1")]


def test_note_on_a_heading_is_called_from_the_heading(tmp_path):
    # FCCC/PA/CMA/2021/10/Add.1 prints "VI. Loss and damage⁷"; note 7 begins "It is noted that
    # discussions related to the governance of the Warsaw International Mechanism"
    pdf = PACT.parent / "FCCC_PA_CMA_2021_10_Add.1-EN.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not found at {pdf.parent}")
    from pipeline.batch import convert

    out = render(convert(pdf), tmp_path, Config(formats=("html", "docx")))
    tree = etree.HTML(out["html"].read_text(encoding="utf-8"))
    heading = tree.xpath("//*[@class='text-heading'][starts-with(., 'VI. Loss and damage')]")[0]
    target = heading.xpath(".//a[@role='doc-noteref']")[0].get("href").lstrip("#")
    assert "".join(tree.xpath(f"//*[@id='{target}']")[0].itertext()).strip().startswith(
        "7"
    ) and "Warsaw International Mechanism" in "".join(tree.xpath(f"//*[@id='{target}']")[0].itertext())
    document = docx.Document(str(out["docx"]))
    para = next(p for p in document.paragraphs if p.text.startswith("VI. Loss and damage"))
    assert para._p.xpath(".//w:footnoteReference")


# --- annotated annexes (corpus) -------------------------------------------------------


@pytest.fixture(scope="module")
def pact_annotated(tmp_path_factory):
    from conftest import corpus_pdf, segmented

    res = segmented(corpus_pdf("A_RES_79_1-EN.pdf"))
    out = tmp_path_factory.mktemp("pact")
    para = next(p for a in res.annexes if a.heading == "Annex I" for p in a.paragraphs if p.label == "48.")
    return res, render(res, out, Config(formats=("html", "docx"))), "d-" + para.id.replace(".", "-")


def test_annex_paragraph_has_margin_notes_and_summary_links(pact_annotated):
    """79/1 Annex I para. 48: 'we request the Commission on Science and Technology for Development
    to establish a dedicated working group'; 'We encourage the working group to report ... to the
    General Assembly, by no later than the eighty-first session'."""
    _, paths, anchor = pact_annotated
    html = paths["html"].read_text(encoding="utf-8")
    block = re.search(rf'<div class="para para-ap annotated">(?:(?!</div>).)*?id="{anchor}".*?</div>', html, re.S)
    assert block, "annex paragraph 48 is not wrapped with its margin notes"
    margin = re.search(r'<aside class="margin".*?</aside>', block.group(0), re.S).group(0)
    assert "Commission on Science and Technology for Development" in margin
    assert "Working group" in margin
    reports = re.search(r'<section class="reports".*?</section>', html, re.S).group(0)
    row = next(r for r in re.findall(r"<tr>.*?</tr>", reports, re.S) if f'href="#{anchor}"' in r)
    assert "Working group" in row and "General Assembly" in row and "eighty-first" in row
    assert f'<a href="#{anchor}">Annex I, para. 48</a>' in row
    actors = html[html.index('class="actor-index"') :]
    assert re.search(
        rf'Commission on Science and Technology for Development</dt>\s*<dd>.*?href="#{anchor}"', actors, re.S
    )


def test_annex_annotations_are_word_comments(pact_annotated):
    _, paths, _ = pact_annotated
    with zipfile.ZipFile(paths["docx"]) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "Commission on Science and Technology for Development" in comments


def test_79_1_lettered_annex_items_name_their_paragraph(pact_annotated):
    """Annex I (the Global Digital Compact), para. 13: "We commit, by 2030, to: (a) Establish and support national
    digital skills strategies ... (b) Increase the availability ...".  Every lettered item was labelled
    "Annex I, para. (a)", so margin notes, calendar rows and links to a dozen different items read the same."""
    from pipeline.render.view import build_view, load_labels

    res, _, _ = pact_annotated
    view = build_view(res, load_labels(Path(Config().templates)))
    (annex,) = [a for part in view.parts for a in part.annexes if a.heading == "Annex I"]
    labels = [i.label for i in annex.items]
    at = labels.index("Annex I, para. 13")
    assert labels[at + 1 : at + 3] == ["Annex I, para. 13 (a)", "Annex I, para. 13 (b)"]
    assert not [x for x in labels if re.fullmatch(r"Annex I, para\. \([a-z]+\)", x)]


def test_the_pdf_gives_weasyprint_the_brief_stylesheet_apart_from_the_page(rendered):
    """The PDF's page has no <style>: its stylesheet, the browser's and the paged media's, goes to WeasyPrint parsed
    once per process.  The browser's page keeps it inline; the PDF still has the paged stylesheet's A4 pages and
    'Page N of N' (test_pdf_page_furniture)."""
    from pipeline.render.html import brief_stylesheet, html_from_view
    from pipeline.render.view import build_view, load_labels

    config = Config()
    view = build_view(resolution_from_dict(FIXTURE_DICT), load_labels(Path(config.templates)), None)
    paged = html_from_view(view, config, paged=True, css="")
    assert "<style" not in paged and '<body class="paged">' in paged
    css = brief_stylesheet(view, config, paged=True)
    assert "@page" in css and "float: footnote" in css
    browser = rendered["html"].read_text(encoding="utf-8")
    assert "<style>" in browser and "@page" not in browser
