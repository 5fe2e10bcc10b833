"""Hostile text stays text: markup, template code and URLs in a resolution are escaped, never run, never fetched.

The input is a resolution typeset in the UN layout (tests/badfiles.py) whose
paragraphs and footnote carry ``<script>``, ``</style>``, ``{{ }}``, ``{% %}``,
``file:///etc/passwd`` and ``http://169.254.169.254/``; it goes through the
whole pipeline, and each artifact is checked.  User templates run sandboxed.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import badfiles
import pytest
from badfiles import HOSTILE
from conftest import ROOT

from pipeline.config import DEFAULT_TEMPLATES, Config

ARTIFACTS = ["brief.docx", "brief.html", "brief.pdf", "calendar.ics", "resolution.akn.xml", "resolution.json"]


def resbrief(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "hostile.pdf"
    path.write_bytes(badfiles.hostile_resolution())
    return path


@pytest.fixture(scope="module")
def pack(hostile_pdf, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    run = resbrief("build", str(hostile_pdf), "-o", str(out))
    assert run.returncode == 0, run.stderr
    folder = out / "A_RES_99_1"
    assert sorted(p.name for p in folder.iterdir()) == ARTIFACTS
    return folder


class _Page(HTMLParser):
    """Collects an HTML page's tags, attributes, style text and visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.styles, self.text = [], [], [], []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(v or "" for _, v in attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_the_json_holds_the_hostile_text_exactly(pack):
    data = json.loads((pack / "resolution.json").read_text())
    texts = " ".join(p["text"] for p in data["preamble"] + data["operative"])
    for value in HOSTILE.values():
        assert value in texts
    assert HOSTILE["script"] in data["footnotes"][0]["text"]


def test_html_escapes_everything_and_runs_nothing(pack):
    html = (pack / "brief.html").read_text()
    page = _page(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert page.tags.count("style") == 1  # the template's own, not the text's
    assert not any("169.254" in a or "file:" in a or "passwd" in a for a in page.attrs)
    assert "display:none" not in "".join(page.styles)
    visible = "".join(page.text)
    for value in HOSTILE.values():
        assert value in visible, value  # shown as text, verbatim
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "{{ config.__class__ }}" in html  # not evaluated
    assert "<class" not in html and "loop" * 3 not in html


def test_docx_escapes_everything(pack):
    import docx

    with zipfile.ZipFile(pack / "brief.docx") as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                ElementTree.fromstring(z.read(name))  # every part is well-formed XML
        xml = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode() if "word/footnotes.xml" in z.namelist() else ""
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    text = " ".join(p.text for p in docx.Document(str(pack / "brief.docx")).paragraphs)
    for key in ("script", "jinja_expr", "jinja_stmt", "style", "file_url", "metadata_url"):
        assert HOSTILE[key] in text, key
    assert "169.254.169.254" in notes and "<script>" not in notes


def test_pdf_shows_urls_as_text_without_links(pack):
    import pdfplumber

    with pdfplumber.open(pack / "brief.pdf") as pdf:
        text = " ".join((p.extract_text() or "") for p in pdf.pages)
        links = [h.get("uri") or "" for p in pdf.pages for h in p.hyperlinks]
    text = " ".join(text.split())
    assert "file:///etc/passwd" in text and "169.254.169.254/latest/meta-data/" in text
    assert not any("169.254" in u or u.startswith("file:") for u in links), links


def test_rendering_fetches_nothing_outside_the_templates(pack, tmp_path, monkeypatch):
    from pipeline.model import resolution_from_dict
    from pipeline.render import pdf as render_pdf
    from pipeline.render import render

    fetched: list[str] = []
    original = render_pdf.TemplatesOnlyFetcher.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    def no_network(*args, **kwargs):
        raise AssertionError(f"network use: {args!r}")

    monkeypatch.setattr(render_pdf.TemplatesOnlyFetcher, "fetch", recording)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    res = resolution_from_dict(json.loads((pack / "resolution.json").read_text()))
    written = render(res, tmp_path, Config())
    assert sorted(p.name for p in written.values()) == [
        "brief.docx",
        "brief.html",
        "brief.pdf",
        "calendar.ics",
        "resolution.akn.xml",
    ]
    root = DEFAULT_TEMPLATES.resolve().as_uri()
    assert all(u.startswith("data:") or u.startswith(root + "/") for u in fetched), fetched
    assert not any("169.254" in u or "passwd" in u for u in fetched)
    # control: the hook is live, and markup that does ask for those URLs gets nothing
    import logging

    import weasyprint

    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # it logs each refused URL
    try:
        html = '<img src="http://169.254.169.254/x.png"><img src="file:///etc/passwd"><p>x</p>'
        weasyprint.HTML(string=html, url_fetcher=render_pdf.TemplatesOnlyFetcher(DEFAULT_TEMPLATES)).write_pdf()
    finally:
        logger.setLevel(level)
    assert fetched[-2:] == ["http://169.254.169.254/x.png", "file:///etc/passwd"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "file://remote-host/share/x.css",
    ],
)
def test_the_fetcher_refuses_everything_but_data_and_templates(url):
    from pipeline.render.pdf import BlockedURL, TemplatesOnlyFetcher

    fetcher = TemplatesOnlyFetcher(DEFAULT_TEMPLATES)
    with pytest.raises(BlockedURL):
        fetcher.fetch(url)
    outside = (DEFAULT_TEMPLATES / ".." / "pyproject.toml").resolve().as_uri()
    with pytest.raises(BlockedURL):
        fetcher.fetch(outside)


@pytest.mark.parametrize(
    "template, message",
    [
        ("{{ ''.__class__.__mro__ }}", "template refused by the sandbox (access to attribute '__class__'"),
        ("{{ v.__init__.__globals__ }}", "template refused by the sandbox"),
        ("{{ cycler.__init__.__globals__.os.system('id') }}", "template refused by the sandbox"),
        ("{% include '../../../../../../etc/passwd' %}", "template error (TemplateNotFound"),
        ("{% for %}", "template error (TemplateSyntaxError"),
    ],
)
def test_a_malicious_user_template_fails_in_one_line(template, message, hostile_pdf, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html.j2").write_text(template)
    out = tmp_path / "out"
    run = resbrief("build", str(hostile_pdf), "-o", str(out), "--templates", str(templates))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    fails = [l for l in run.stderr.splitlines() if l.startswith("FAIL")]
    assert len(fails) == 1 and fails[0].startswith("FAIL hostile.pdf: ") and message in fails[0], run.stderr
    entry = json.loads((out / "report.json").read_text())["inputs"][0]
    assert entry["kind"] == "template"
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]


# --- characters that are never text, and metadata longer than Word holds -----------------------------------

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL_WARNING = (
    "control or direction-override characters in title, pp1, op1: left out of the briefs (resolution.json keeps them)"
)


@pytest.fixture(scope="module")
def unsafe_pack(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """Every format of a resolution whose text layer reads ESC, BEL, NUL and U+202E, title included."""
    folder = tmp_path_factory.mktemp("unsafe")
    source = folder / "control-characters.pdf"
    source.write_bytes(badfiles.control_characters())
    run = resbrief("build", str(source), "-o", str(folder / "out"))
    assert run.returncode == 0, run.stderr
    return folder / "out" / "A_RES_99_1", run


def test_resolution_json_keeps_the_text_as_printed_and_says_what_the_briefs_leave_out(unsafe_pack):
    pack, run = unsafe_pack
    data = json.loads((pack / "resolution.json").read_text(encoding="utf-8"))
    assert data["title"] == "Title with an escape \x1b[31m and \u202egninrut text"
    assert (
        data["preamble"][0]["text"]
        == "Recalling the escape \x1b[2J and the bell \x07 and the null \x00 in its records,"
    )
    assert data["operative"][0]["text"] == "Decides that \u202etxet desrever\x1b]0;owned\x07 stays as printed."
    assert data["warnings"] == [CONTROL_WARNING]
    assert run.stderr.splitlines()[0] == (
        f"ok   control-characters.pdf -> A_RES_99_1: 1 preambular, 1 operative, 0 footnotes; warning: {CONTROL_WARNING}"
    )


def test_html_never_holds_control_or_direction_override_characters(unsafe_pack):
    pack, _ = unsafe_pack
    html = (pack / "brief.html").read_text(encoding="utf-8")
    assert not UNSAFE.search(html), UNSAFE.search(html)
    visible = " ".join("".join(_page(html).text).split())
    assert "Recalling the escape [2J and the bell and the null in its records," in visible
    assert "Decides that txet desrever]0;owned stays as printed." in visible
    assert "<title>A/RES/99/1 – 99/1. Title with an escape [31m and gninrut text</title>" in html


def test_the_pdf_s_archival_metadata_is_well_formed_and_holds_no_escape(unsafe_pack):
    import pikepdf

    pack, _ = unsafe_pack
    with pikepdf.open(pack / "brief.pdf") as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        title = str(pdf.docinfo.get("/Title"))
    assert not UNSAFE.search(xmp) and not UNSAFE.search(title)
    root = ElementTree.fromstring(xmp[xmp.index("<x:xmpmeta") : xmp.index("</x:xmpmeta>") + len("</x:xmpmeta>")])
    assert "A/RES/99/1 – 99/1. Title with an escape [31m and gninrut text" in [e.text for e in root.iter()]
    claims = [e.get("{http://www.aiim.org/pdfa/ns/id/}part") for e in root.iter()]
    assert "3" in claims  # still claims PDF/A-3
    assert title == "A/RES/99/1 – 99/1. Title with an escape [31m and gninrut text"


def test_the_pdf_s_text_holds_no_control_or_direction_override_character(unsafe_pack):
    import pdfplumber

    pack, _ = unsafe_pack
    with pdfplumber.open(pack / "brief.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert not UNSAFE.search(text), UNSAFE.search(text)
    flat = " ".join(text.split())
    assert "Recalling the escape [2J and the bell and the null in its records," in flat
    assert "Decides that txet desrever]0;owned stays as printed." in flat


def test_word_parts_hold_no_control_or_direction_override_characters(unsafe_pack):
    pack, _ = unsafe_pack
    with zipfile.ZipFile(pack / "brief.docx") as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}
    for name, xml in parts.items():
        assert not UNSAFE.search(xml), name
        ElementTree.fromstring(xml)
    assert "<dc:title>99/1. Title with an escape [31m and gninrut text</dc:title>" in parts["docProps/core.xml"]


def test_a_symbol_longer_than_word_properties_hold_is_cut_with_a_warning(tmp_path):
    source = tmp_path / "long-symbol.pdf"
    source.write_bytes(badfiles.long_symbol())
    run = resbrief("build", str(source), "-o", str(tmp_path / "out"), "--formats", "json,docx,pdf")
    assert run.returncode == 0, run.stderr
    (pack,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    data = json.loads((pack / "resolution.json").read_text())
    symbol = data["symbol"]
    assert symbol.startswith("A/RES/99/1/Add.1/") and len(symbol) > 255
    warning = f"the symbol is {len(symbol)} characters long: the Word file's properties hold its first 255"
    assert data["warnings"] == [warning]
    assert run.stderr.splitlines()[0].endswith(f"1 preambular, 1 operative, 0 footnotes; warning: {warning}")
    with zipfile.ZipFile(pack / "brief.docx") as z:
        core = ElementTree.fromstring(z.read("docProps/core.xml"))
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "cp": core.tag.split("}")[0][1:]}
    assert core.find("dc:subject", ns).text == symbol[:255]
    assert core.find("cp:keywords", ns).text == symbol[:255]
    assert (pack / "brief.pdf").stat().st_size > 0
