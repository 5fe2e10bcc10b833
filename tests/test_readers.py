"""The briefing packs as real readers see them.

- HTML: headless Chromium (screenshots at 1280 and 390 px, no console errors,
  nothing wider than a phone, the brief on a phone's first screen), axe-core (no
  serious or critical violation) and pa11y 9 (WCAG2AA with HTML_CodeSniffer and axe:
  no error at 1280 and at 390 px);
- DOCX: LibreOffice converts it to PDF; its text, comments and footnotes survive;
- PDF: pdfplumber reads the text in order, pikepdf the bookmarks, the attachment
  and the PDF/A-3b and PDF/UA-1 claims; ``qpdf --check`` finds nothing wrong.

Every paragraph and footnote of the source appears exactly once in the text of
each format.  Each test skips, saying why, when its reader is not installed
(``make test`` installs them: see tools/system-deps.sh).  The corpus packs are
skipped when ../shared is absent; the project's own sample always runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pdfplumber
import pytest
from expected import needle, squash, texts_of
from lxml import etree
from lxml import html as lxml_html

from pipeline.config import Config
from pipeline.model import to_json
from pipeline.render import render

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PDFS = SHARED / "corpus" / "pdfs"
SAMPLE = ROOT / "input" / "A_RES_65_232.pdf"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PACKS = [
    "sample",
    "A_RES_78_229-EN.pdf",
    "S_RES_2768_2025-EN.pdf",
    "A_C.3_80_L.20-EN.pdf",
    "FCCC_PA_CMA_2016_3_Add.1-EN.pdf",
    "A_RES_79_1-EN.pdf",  # two annexes, notes 17-26 called in them
    "S_RES_2776_2025-EN.pdf",
]  # Annex A/B lists, notes on an annex heading and an annex sub-heading
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--disable-extensions",
    "--mute-audio",
]


# --- readers -----------------------------------------------------------------------


def _which(*names: str) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium() -> str:
    path = _which("chromium", "chromium-browser", "google-chrome")
    if not path:
        pytest.skip("Chromium is not installed (Debian package: chromium)")
    return path


def soffice() -> str:
    path = _which("soffice", "libreoffice")
    if not path:
        pytest.skip("LibreOffice is not installed (Debian package: libreoffice-writer-nogui)")
    return path


def axe_js() -> Path:
    """Gives axe.min.js: $AXE_CORE_JS, ./node_modules, or the global npm folder."""
    candidates = []
    if os.environ.get("AXE_CORE_JS"):
        candidates.append(Path(os.environ["AXE_CORE_JS"]))
    candidates += [
        ROOT / "node_modules" / "axe-core" / "axe.min.js",
        Path("/usr/lib/node_modules/axe-core/axe.min.js"),
        Path("/usr/local/lib/node_modules/axe-core/axe.min.js"),
    ]
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=30).stdout.strip()
            if root:
                candidates.append(Path(root) / "axe-core" / "axe.min.js")
        except (OSError, subprocess.SubprocessError):
            pass
    for c in candidates:
        if c.is_file():
            return c
    pytest.skip("axe-core is not installed (npm install -g axe-core@4, or set AXE_CORE_JS)")


def pa11y() -> list[str]:
    """Gives the command that runs pa11y 9: ``pa11y`` on the PATH, or its script in the global npm folder."""
    path = shutil.which("pa11y")
    if path:
        return [path]
    for root in (Path("/usr/lib/node_modules"), Path("/usr/local/lib/node_modules")):
        script = root / "pa11y" / "bin" / "pa11y.js"
        if script.is_file() and shutil.which("node"):
            return [shutil.which("node"), str(script)]
    pytest.skip(
        "pa11y is not installed (PUPPETEER_SKIP_DOWNLOAD=1 npm install -g pa11y@9: tools/system-deps.sh --test)"
    )


def run_chromium(args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
        )


# --- packs -----------------------------------------------------------------------------


@dataclass
class Pack:
    name: str
    folder: Path
    data: dict  # resolution.json as written, with the annotator's keys
    paths: dict

    @property
    def html(self) -> Path:
        return self.paths["html"]

    @property
    def pdf(self) -> Path:
        return self.paths["pdf"]

    @property
    def docx(self) -> Path:
        return self.paths["docx"]


_packs: dict[str, Pack] = {}


def _source(name: str) -> Path:
    if name == "sample":
        return SAMPLE
    if not PDFS.is_dir():
        pytest.skip(f"shared corpus not found at {PDFS} (tests that need it are skipped)")
    path = PDFS / name
    assert path.exists(), f"{name} is not in the corpus"
    return path


def _extras(res) -> dict | None:
    try:
        from pipeline.annotate import annotate
    except ImportError:
        return None
    return annotate(res)


@pytest.fixture(scope="module", params=PACKS)
def pack(request, tmp_path_factory) -> Pack:
    name = request.param
    if name not in _packs:
        from pipeline.batch import convert

        res = convert(_source(name))
        extras = _extras(res)
        folder = tmp_path_factory.mktemp(re.sub(r"\W", "_", name))
        data = json.loads(to_json(res))
        data.update(extras or {})
        json_bytes = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        (folder / "resolution.json").write_bytes(json_bytes)
        paths = render(res, folder, Config(formats=("html", "pdf", "docx")), json_bytes=json_bytes, extras=extras)
        _packs[name] = Pack(name, folder, data, paths)
    return _packs[name]


# --- expected text ------------------------------------------------------------------------

_squash, _needle = squash, needle


ANNEX_MIN = 12  # shorter annex items ("Part I", "–") also occur inside labels and other items


def annex_items(holder: dict) -> list[dict]:
    """Gives every heading and paragraph of a holder's annexes, in printed order."""
    return [p for a in holder.get("annexes", []) for p in a.get("paragraphs", [])]


def expected(d: dict) -> tuple[list[str], list[str]]:
    """Gives (paragraph texts in reading order: each part's body, then its annexes; footnote texts)."""
    paragraphs, notes = [], []
    for holder in [d, *d.get("parts", [])]:
        body, _ = texts_of({k: v for k, v in holder.items() if k != "parts"})
        paragraphs += body
        paragraphs += [p["text"] for p in annex_items(holder) if len(_squash(p["text"])) >= ANNEX_MIN]
    _, notes = texts_of(d)
    return [p for p in paragraphs if _squash(p)], [n for n in notes if _squash(n)]


def other_texts(d: dict) -> list[str]:
    """Gives the other words printed among the paragraphs: titles, enacting formulas,
    headings, annex headings, titles and short items (a paragraph's slice may occur in them too)."""
    out = []
    for holder in [d, *d.get("parts", [])]:
        own_text = holder.get("preamble") or holder.get("operative")
        if holder is not d:  # the document's own title is on the cover
            out += [holder.get("title") or "", holder.get("number") or ""]
        if holder is not d or own_text:
            out.append(holder.get("enacting_formula") or "")
        out += [h.get("text", "") for h in holder.get("headings", [])]
        for a in holder.get("annexes", []):
            out += [a.get("heading") or "", a.get("title") or ""]
        out += [p["text"] for p in annex_items(holder) if len(_squash(p["text"])) < ANNEX_MIN]
    return [t for t in out if t]


def assert_each_once(haystack: str, texts: list[str], everything: list[str], where: str) -> None:
    """Each text's needle occurs as often as it occurs in the expected texts (usually once)."""
    squashed_all = [_squash(t) for t in everything]
    for t in texts:
        needle = _needle(t)
        want = sum(s.count(needle) for s in squashed_all)
        got = haystack.count(needle)
        assert got == want, f"{where}: {got} times instead of {want}: {t[:80]!r}"


def assert_in_order(haystack: str, texts: list[str], where: str) -> None:
    position = 0
    for t in texts:
        needle = _needle(t)
        found = haystack.find(needle, position)
        assert found >= 0, f"{where}: out of order or missing: {t[:80]!r}"
        position = found + 1


# --- HTML in Chromium ------------------------------------------------------------------------


def _html_scopes(path: Path) -> tuple[str, str]:
    """Gives (the annotated text without margin notes, the footnotes) of the page, squashed."""
    tree = lxml_html.parse(str(path))
    text = tree.xpath("//section[@id='text']")[0]
    for aside in text.xpath(".//aside"):
        aside.getparent().remove(aside)
    for sup in text.xpath(".//sup"):
        tail = sup.tail
        parent = sup.getparent()
        parent.remove(sup) if not tail else sup.drop_tree()
    notes = tree.xpath("//*[@role='doc-footnote']")
    return (_squash(text.text_content()), _squash("\n".join(n.text_content() for n in notes)))


def test_html_every_text_once(pack):
    paragraphs, notes = expected(pack.data)
    text, note_text = _html_scopes(pack.html)
    assert_each_once(text, paragraphs, paragraphs + other_texts(pack.data), "HTML text")
    assert_in_order(text, paragraphs, "HTML text")
    assert_each_once(note_text, notes, notes, "HTML footnotes")


def test_html_footnote_calls_at_marker_offsets(pack):
    """A call stands where the marker was printed: the words before it end the same,
    in the body's paragraphs and in the annexes' headings and paragraphs."""
    tree = lxml_html.parse(str(pack.html))
    for holder in [pack.data, *pack.data.get("parts", [])]:
        for p in holder.get("preamble", []) + holder.get("operative", []) + annex_items(holder):
            element_id = p["id"].replace(".", "-") if p["id"].startswith("annex") else p["id"]
            for marker, offset in p.get("marker_offsets", []):
                if not 0 < offset < len(p["text"]):
                    continue
                before = _squash(p["text"][:offset])[-12:]
                calls = tree.xpath(
                    f"//*[substring(@id, string-length(@id) - {len(element_id)})"
                    f" = '-{element_id}']//a[@role='doc-noteref'][normalize-space(.) = '{marker}']"
                )
                assert calls, (p["id"], marker)
                call = calls[0].getparent()  # the <sup>
                holder_element = next(e for e in call.iterancestors() if e.get("id"))
                preceding = "".join(
                    t
                    for t in call.xpath("preceding::text()")
                    if holder_element in t.getparent().iterancestors() or t.getparent() is holder_element
                )
                assert _squash(preceding).endswith(before), (p["id"], marker, before)


def test_html_in_chromium(pack, tmp_path):
    for width in (1280, 390):
        shot = tmp_path / f"shot-{width}.png"
        run = run_chromium([f"--screenshot={shot}", f"--window-size={width},2000", pack.html.as_uri()])
        assert shot.is_file() and shot.stat().st_size > 10_000, run.stderr[-2000:]
    run = run_chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", pack.html.as_uri()])
    assert run.returncode == 0, run.stderr[-2000:]
    assert 'id="text"' in run.stdout
    console = [
        line for line in run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line or "Refused to" in line
    ]
    assert not console, console


_RUNNER = """
<script>%(axe)s</script>
<script>
window.addEventListener('load', function () {
  var out = document.createElement('pre');
  out.id = 'reader-result';
  var overflow = [];
  document.querySelectorAll('main *, header *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > document.documentElement.clientWidth + 1) overflow.push(e.tagName + '.' + e.className);
  });
  axe.run(document, {resultTypes: ['violations']}).then(function (r) {
    out.textContent = JSON.stringify({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      overflow: overflow.slice(0, 10),
      violations: r.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(' '); })};
      })});
    document.body.appendChild(out);
    if (window.parent !== window) window.parent.postMessage(out.textContent, '*');
  }, function (e) { out.textContent = JSON.stringify({error: String(e)}); document.body.appendChild(out); });
});
</script>
"""


_FRAME = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>frame</title></head>
<body style="margin:0"><iframe title="page" src="%(src)s" style="border:0;width:%(width)spx;height:%(height)spx"></iframe>
<script>
window.addEventListener('message', function (e) {
  var out = document.createElement('pre');
  out.id = 'frame-result';
  out.textContent = e.data;
  document.body.appendChild(out);
});
</script></body></html>
"""


def run_in_frame(page: Path, width: int, height: int, timeout: int = 180) -> dict:
    """Gives what a script in ``page`` posts to its parent when the page is shown in a frame of
    width x height CSS px.  Headless Chromium's window is never narrower than 500 px, so a
    phone's 390 px is a frame's width; the page's media queries see the frame."""
    frame = page.parent / f"frame-{page.stem}.html"
    frame.write_text(_FRAME % {"src": page.name, "width": width, "height": height}, encoding="utf-8")
    run = run_chromium(
        ["--window-size=1280,1000", "--virtual-time-budget=60000", "--allow-file-access-from-files", "--dump-dom"]
        + [frame.as_uri()],
        timeout=timeout,
    )
    m = re.search(r'<pre id="frame-result">(.*?)</pre>', run.stdout, re.S)
    assert m, "the page gave no result: " + run.stderr[-2000:]
    return json.loads(lxml_html.fromstring(m.group(0)).text_content())


def _axe_page(pack: Pack, tmp_path: Path) -> Path:
    page = pack.html.read_text(encoding="utf-8")
    runner = _RUNNER % {"axe": axe_js().read_text(encoding="utf-8").replace("</script", "<\\/script")}
    target = tmp_path / "axe.html"
    target.write_text(page.replace("</body>", runner + "</body>"), encoding="utf-8")
    return target


@pytest.mark.parametrize("width", [1280, 390])
def test_html_axe_and_phone_layout(pack, tmp_path, width):
    result = run_in_frame(_axe_page(pack, tmp_path), width, 900)
    assert "error" not in result, result
    assert result["clientWidth"] == width, result
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(bad, indent=1)
    assert result["scrollWidth"] <= result["clientWidth"], result["overflow"]


# --- pa11y: WCAG 2 AA by HTML_CodeSniffer and by axe, at desktop and phone width -----------------

A11Y_BRIEFS = [
    "sample",
    "A_RES_78_229-EN.pdf",
    "S_RES_2768_2025-EN.pdf",
    "S_RES_2776_2025-EN.pdf",
    "A_C.3_80_L.57-EN.pdf",  # one page: a brief with no dates and no asks table
    "FCCC_CP_2015_10_Add.1-EN.pdf",  # a UNFCCC decision document: a part per decision, an annex
]
VIEWPORTS = {1280: 800, 390: 844}  # a desktop, and a phone's first screen (390 x 844 CSS px)

_briefs: dict[str, Path] = {}


@pytest.fixture(scope="module", params=A11Y_BRIEFS)
def html_brief(request, tmp_path_factory) -> Path:
    """Gives the HTML brief of one document, rendered with its annotations."""
    name = request.param
    if name not in _briefs:
        from pipeline.batch import convert

        res = convert(_source(name))
        folder = tmp_path_factory.mktemp("a11y-" + re.sub(r"\W", "_", name))
        _briefs[name] = render(res, folder, Config(formats=("html",)), extras=_extras(res))["html"]
    return _briefs[name]


def run_pa11y(page: Path, width: int, tmp_path: Path) -> list[dict]:
    """Gives the errors pa11y reports on a page at one viewport width, with both its runners."""
    config = {
        "chromeLaunchConfig": {"executablePath": chromium(), "args": ["--no-sandbox", "--disable-gpu"]},
        "viewport": {"width": width, "height": VIEWPORTS[width]},
        "standard": "WCAG2AA",
        "runners": ["htmlcs", "axe"],
        "timeout": 120_000,
    }
    path = tmp_path / f"pa11y-{width}.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_EXECUTABLE_PATH": chromium()}
    run = subprocess.run(
        [*pa11y(), "--config", str(path), "--reporter", "json", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert run.returncode in (0, 2), run.stderr[-2000:] or run.stdout[-2000:]  # 2: it found issues
    return json.loads(run.stdout or "[]")


def pa11y_summary(issues: list[dict]) -> list[str]:
    """Gives one line per issue: runner, rule, element."""
    return [f"{i['runner']} {i['code']} {i['selector']}: {i['context'][:80]}" for i in issues]


def test_pa11y_finds_what_it_is_asked_to_find(tmp_path):
    """The configuration runs both runners: a page with an image without alt text, grey on white
    text and an empty link gives errors from HTML_CodeSniffer and from axe."""
    page = tmp_path / "faulty.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><main>'
        '<img src="x.png"><p style="color:#bbb;background:#fff">grey</p><a href="#x"></a></main></body></html>',
        encoding="utf-8",
    )
    issues = run_pa11y(page, 390, tmp_path)
    found = {(i["runner"], i["code"]) for i in issues}
    assert ("axe", "image-alt") in found and ("axe", "color-contrast") in found and ("axe", "link-name") in found
    assert ("htmlcs", "WCAG2AA.Principle1.Guideline1_1.1_1_1.H37") in found  # img without alt
    assert ("htmlcs", "WCAG2AA.Principle1.Guideline1_4.1_4_3.G18.Fail") in found  # contrast below 4.5:1


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_html_brief_passes_pa11y(html_brief, tmp_path, width):
    issues = run_pa11y(html_brief, width, tmp_path)
    assert not issues, "\n".join(pa11y_summary(issues))


_FIRST_SCREEN = """
<script>
window.addEventListener('load', function () {
  function firstLine(e) {
    if (!e) return null;
    var range = document.createRange();
    range.selectNodeContents(e);
    var r = range.getClientRects()[0];
    return r ? {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY} : null;
  }
  function box(sel) {
    var e = document.querySelector(sel);
    if (!e) return null;
    var r = e.getBoundingClientRect();
    return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY};
  }
  var wide = [];
  document.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > document.documentElement.clientWidth + 1) wide.push(e.tagName + '.' + e.className);
  });
  var out = document.createElement('pre');
  out.id = 'first-screen';
  out.textContent = JSON.stringify({
    cover: Array.prototype.map.call(document.querySelectorAll('.cover > *'), function (e) {
      var r = e.getBoundingClientRect(); return {cls: e.className, top: r.top, bottom: r.bottom}; }),
    heading: box('#brief-h'), structure: firstLine(document.querySelector('#brief .structure')),
    does: firstLine(document.querySelector('#brief .does li')), details: box('#details'),
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
    wide: wide.slice(0, 10)});
  document.body.appendChild(out);
  if (window.parent !== window) window.parent.postMessage(out.textContent, '*');
});
</script>
"""


def test_html_brief_comes_first_on_a_phone(html_brief, tmp_path):
    """At 390 x 844 px the first screen holds the brief's heading, its first line and the first
    line of what the resolution does; the document's details come later; nothing is wider than
    the screen, so nothing scrolls sideways."""
    page = tmp_path / "first-screen.html"
    page.write_text(
        html_brief.read_text(encoding="utf-8").replace("</body>", _FIRST_SCREEN + "</body>"), encoding="utf-8"
    )
    got = run_in_frame(page, 390, 844)
    assert got["clientWidth"] == 390, got
    assert got["scrollWidth"] <= got["clientWidth"] and not got["wide"], got
    assert got["heading"]["bottom"] <= 844 and got["structure"]["bottom"] <= 844, got
    assert got["does"] is None or got["does"]["bottom"] <= 844, got
    assert got["details"]["top"] > 844, got  # metadata and the SHA-256 are in the appendix
    cover = got["cover"]  # kicker, symbol, title, subtitle: one under the other (S/RES/2768's subtitle overlapped)
    assert all(a["bottom"] <= b["top"] + 0.5 for a, b in zip(cover, cover[1:])), cover


_WORDS_IN_CELLS = """
<script>
window.addEventListener('load', function () {
  var broken = [], cells = 0;
  document.querySelectorAll('table th, table td').forEach(function (cell) {
    if (cell.closest('thead')) return;  /* a phone shows the column names beside each value instead */
    cells += 1;
    var walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node;
    while ((node = walk.nextNode())) {
      var word = /[^\\s-]+/g, m;  /* a break after a hyphen is a line break, not a broken word */
      while ((m = word.exec(node.data))) {
        var range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        var tops = {};
        Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) tops[Math.round(r.top)] = 1; });
        if (Object.keys(tops).length > 1) broken.push(cell.closest('table').className + ': ' + m[0]);
      }
    }
  });
  var text = JSON.stringify({cells: cells, broken: broken.slice(0, 20), count: broken.length,
                             clientWidth: document.documentElement.clientWidth});
  if (window.parent !== window) window.parent.postMessage(text, '*');
});
</script>
"""


def test_html_tables_keep_their_words_whole_on_a_phone(html_brief, tmp_path):
    """At 390 px every word of every table of the brief and its appendix is on one line: the six- and five-column
    tables broke "OP91" into "O/P/9/1" and "(Request)" into "(Reques/t)" (A/RES/78/229's further asks, FCCC's
    reports), seen in screenshots; on a phone a row is a block, each value under its column's name."""
    page = tmp_path / "cells.html"
    page.write_text(
        html_brief.read_text(encoding="utf-8").replace("</body>", _WORDS_IN_CELLS + "</body>"), encoding="utf-8"
    )
    got = run_in_frame(page, 390, 844)
    assert got["clientWidth"] == 390, got
    assert got["count"] == 0, got


# --- DOCX through LibreOffice -------------------------------------------------------------------


def lo_convert(source: Path, export: str, out: Path) -> Path:
    """Gives the file LibreOffice writes converting ``source`` (``export``: "odt", "pdf:writer_pdf_Export:...")."""
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                export,
                "--outdir",
                str(out),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=240,
        )
    result = out / f"{source.stem}.{export.split(':')[0]}"
    assert result.is_file(), run.stdout + run.stderr
    return result


def _lo_pdf(pack: Pack, tmp_path: Path) -> Path:
    out = tmp_path / "lo"
    out.mkdir()
    return lo_convert(pack.docx, 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}', out)


def _docx_counts(path: Path) -> tuple[int, int]:
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml").decode()
        comments = z.read("word/comments.xml").decode() if "word/comments.xml" in z.namelist() else ""
    return document.count("<w:footnoteReference"), comments.count("<w:comment ")


def _scoped(text: str, start_heading: str, end_heading: str) -> str:
    """The squashed text between the last occurrences of two headings."""
    start = text.rfind(_squash(start_heading))
    end = text.rfind(_squash(end_heading))
    assert 0 <= start < end, (start_heading, end_heading)
    return text[start:end]


def _text_annotations(path: Path) -> int:
    """Counts the /Text (sticky note) annotations of a PDF."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(path))
    count = 0
    try:
        for page in pdf:
            for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
                annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
                if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_TEXT:
                    count += 1
                pdfium_c.FPDFPage_CloseAnnot(annot)
            page.close()
    finally:
        pdf.close()
    return count


def test_docx_in_libreoffice(pack, tmp_path):
    labels = json.loads((ROOT / "templates" / "labels.json").read_text(encoding="utf-8"))
    paragraphs, notes = expected(pack.data)
    result = _lo_pdf(pack, tmp_path)
    text, small = pdf_layers(result)
    body = _scoped(text, labels["sections"]["text"], labels["sections"]["appendix"])
    assert_each_once(body, paragraphs, paragraphs + other_texts(pack.data), "DOCX via LibreOffice")
    assert_in_order(body, paragraphs, "DOCX via LibreOffice")
    assert_each_once(small, notes, notes, "DOCX footnotes via LibreOffice")
    references, comments = _docx_counts(pack.docx)
    assert references == len(notes)
    # Comments survive as PDF text annotations (their popups are counted apart).
    assert _text_annotations(result) == comments
    if pack.data.get("annotations", {}).get("actions"):
        assert comments > 0
    # Each footnote's mark is printed once in the note ("4848" was LibreOffice's double mark).
    for holder in [pack.data, *pack.data.get("parts", [])]:
        for f in holder.get("footnotes", []):
            assert _squash(f["marker"] * 2 + f["text"])[:30] not in small, f["marker"]


# --- DOCX as a package ------------------------------------------------------------------------------


def test_docx_every_text_once(pack):
    labels = json.loads((ROOT / "templates" / "labels.json").read_text(encoding="utf-8"))
    paragraphs, notes = expected(pack.data)
    document = docx.Document(str(pack.docx))
    inside, body = False, []
    for p in document.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == labels["sections"]["text"]
            continue
        if inside:  # the words, without repeated footnote calls
            body.append("".join(r.text for r in p.runs if r.style.name != "footnote reference"))
    text = _squash("\n".join(body))
    assert_each_once(text, paragraphs, paragraphs + other_texts(pack.data), "DOCX text")
    assert_in_order(text, paragraphs, "DOCX text")
    with zipfile.ZipFile(pack.docx) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
        settings = z.read("word/settings.xml").decode()
        xml = z.read("word/document.xml")
    # the contents are written out at build time, not left to a TOC field Word must update
    assert b"TOC \\o" not in xml and labels["toc_placeholder"].encode() not in xml
    contents = [p.text for p in document.paragraphs if p.style.name == "TOC Entry"]
    assert contents[:2] == [labels["onepage"]["heading"], labels["sections"]["text"]]
    assert contents[-1] == labels["sections"]["appendix"]
    real = ["".join(fn.itertext()) for fn in root.findall(f"{{{W_NS}}}footnote") if fn.get(f"{{{W_NS}}}type") is None]
    loose = [p.text for p in document.paragraphs if p.style.name == "Note List"]
    assert_each_once(_squash("\n".join(real + loose)), notes, notes, "DOCX footnotes")
    assert "w:footnotePr" in settings
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [p.text for p in headings if p.style.name == "Heading 1"] == [
        labels["onepage"]["heading"],  # the one-page brief comes first
        labels["sections"]["text"],
        labels["sections"]["appendix"],
    ]
    # Annexes are in the navigation pane: "Annex I" heading (its title on a second line).
    annex_headings = [p.text.split("\n")[0] for p in headings]
    for holder in [pack.data, *pack.data.get("parts", [])]:
        for a in holder.get("annexes", []):
            assert a["heading"] in annex_headings, a["heading"]


# --- PDF read back -----------------------------------------------------------------------------------

BODY_PT = 9.8  # body text is 10 pt as in the UN's print; the brief, tables, footnotes and margin notes are smaller
NOTE_PT = (7.8, 8.2)  # footnotes and running heads are 8 pt (tables 8.5 pt and up, margin notes and calls 6.5 pt)


def pdf_layers(path: Path) -> tuple[str, str]:
    """Gives the squashed (body text, small text) of a PDF.

    The body is the characters of body size, so a paragraph that runs onto the
    next page reads on without the footnotes and running heads between; the
    small text holds the 8 pt footnotes (and the running heads).  Footnote calls,
    margin notes and tables are in neither.
    """
    body, small = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            big = page.filter(lambda o: o.get("object_type") != "char" or o.get("size", 0) >= BODY_PT)
            little = page.filter(
                lambda o: o.get("object_type") != "char" or NOTE_PT[0] <= o.get("size", 0) <= NOTE_PT[1]
            )
            body.append(big.extract_text() or "")
            small.append(little.extract_text() or "")
    return _squash("\n".join(body)), _squash("\n".join(small))


def test_pdf_read_back(pack):
    labels = json.loads((ROOT / "templates" / "labels.json").read_text(encoding="utf-8"))
    paragraphs, notes = expected(pack.data)
    body, small = pdf_layers(pack.pdf)
    text = _scoped(body, labels["sections"]["text"], labels["sections"]["appendix"])
    assert_each_once(text, paragraphs, paragraphs + other_texts(pack.data), "PDF text")
    assert_in_order(text, paragraphs, "PDF text")
    assert_each_once(small, notes, notes, "PDF footnotes")
    with pdfplumber.open(pack.pdf) as pdf:
        n = len(pdf.pages)
        assert round(pdf.pages[0].width) == 595 and round(pdf.pages[0].height) == 842
        assert f"Page {n} of {n}" in (pdf.pages[-1].extract_text() or "")
        if pack.data.get("symbol") and n > 1:
            assert pack.data["symbol"] in (pdf.pages[1].extract_text() or "")


def test_pdf_outline_attachment_and_claims(pack):
    pikepdf = pytest.importorskip("pikepdf", reason="pikepdf is not installed (PyPI: pikepdf)")
    labels = json.loads((ROOT / "templates" / "labels.json").read_text(encoding="utf-8"))
    with pikepdf.open(pack.pdf) as pdf:
        with pdf.open_outline() as outline:
            titles = []

            def walk(items, depth=0):
                for item in items:
                    titles.append((depth, item.title))
                    walk(item.children, depth + 1)

            walk(outline.root)
        top = [t for d, t in titles]
        assert labels["onepage"]["heading"] in top, top  # the one-page brief
        for name in ("text", "appendix"):
            assert labels["sections"][name] in top, top
        if pack.data.get("operative"):
            assert labels["sections"]["operative"] in top
        annexes = [a for holder in [pack.data, *pack.data.get("parts", [])] for a in holder.get("annexes", [])]
        if annexes:
            assert labels["sections"]["annexes"] in top
        for a in annexes:  # each annex is a bookmark of its own: "Annex I — Global Digital Compact"
            name = (
                labels["formats"]["annex_toc"].format(heading=a["heading"], title=a["title"])
                if a.get("title")
                else a["heading"]
            )
            assert name in top, name
        attachments = pdf.attachments
        assert list(attachments) == ["resolution.json"]
        attached = json.loads(attachments["resolution.json"].get_file().read_bytes())
        assert expected(attached) == expected(pack.data)
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "3" and meta.get("pdfaid:conformance") == "B"
        assert meta.get("pdfuaid:part") == "1"
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        assert "/Lang" in pdf.Root and "/OutputIntents" in pdf.Root
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", {})
            for _, font in fonts.items():
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0] if descendants else font).get("/FontDescriptor")
                assert descriptor is not None and any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ), font.get("/BaseFont")


def test_pdf_qpdf_check(pack):
    qpdf = _which("qpdf")
    if not qpdf:
        pytest.skip("qpdf is not installed (Debian package: qpdf)")
    run = subprocess.run([qpdf, "--check", str(pack.pdf)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "No syntax or stream encoding errors" in run.stdout
