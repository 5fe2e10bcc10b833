"""Hostile text stays text: markup, template code and URLs in a resolution are escaped, never run, never fetched.

The input is a resolution typeset in the UN layout (tests/badfiles.py) whose
paragraphs and footnote carry ``<script>``, ``</style>``, ``{{ }}``, ``{% %}``,
``file:///etc/passwd`` and ``http://169.254.169.254/``; it goes through the
whole pipeline, and each artifact is checked.  User templates run sandboxed.
"""

from __future__ import annotations

import json
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

ARTIFACTS = ["brief.docx", "brief.html", "brief.pdf", "resolution.json"]


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
    assert sorted(p.name for p in written.values()) == ["brief.docx", "brief.html", "brief.pdf"]
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
