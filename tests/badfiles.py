"""Makes the bad-input suite: PDFs (and non-PDFs) that must each fail with their own clear message, or convert.

Nothing here is committed as a binary: every file is generated into a folder
the caller names, from raw PDF bytes, reportlab, pikepdf and the project's own
sample (``input/A_RES_65_232.pdf``).  ``CASES`` says what each file should
give; ``generate(folder)`` writes them all.  ``ENTRIES`` are the inputs that
are not files of bytes (a FIFO, a folder named ``x.pdf``, broken and looping
links, names that are not UTF-8 or that carry a newline or a terminal escape);
``make_entries(folder)`` makes them.

    python tests/badfiles.py OUT_DIR      # writes every case into OUT_DIR
"""

from __future__ import annotations

import importlib.util
import io
import os
import random
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "input" / "A_RES_65_232.pdf"


# --- raw PDF bytes -------------------------------------------------------------


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """Gives a well-formed PDF whose objects 1..n are ``objects`` (bodies without ``n 0 obj``)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _pages(kids: list[int], count: int) -> bytes:
    return b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), count)


def blank_pages(n: int) -> bytes:
    """A PDF of ``n`` empty Letter pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", _pages(list(range(3, 3 + n)), n)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * n
    return raw_pdf(objects)


def image_only(pages: int = 3) -> bytes:
    """A 'scan': pages holding one image each and no text."""
    pixels = bytes((x * 7 + y * 13) % 256 for y in range(64) for x in range(64))
    image = stream(
        zlib.compress(pixels),
        b"/Type /XObject /Subtype /Image /Width 64 /Height 64 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode ",
    )
    content = stream(b"q 512 0 0 692 50 50 cm /Im1 Do Q")
    first_page = 5
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        _pages(list(range(first_page, first_page + pages)), pages),
        image,
        content,
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im1 3 0 R >> >> /Contents 4 0 R >>"
    ] * pages
    return raw_pdf(objects)


def _text_lines(lines: list[str], font: bytes = b"/F1", size: int = 12, left: int = 72, top: int = 720) -> bytes:
    ops = [b"BT %s %d Tf %d TL %d %d Td" % (font, size, size + 4, left, top)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(%s) Tj T*" % escaped.encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


def no_tounicode(pages: int = 2) -> bytes:
    """Text drawn with a composite (Identity-H) font that has no ToUnicode map: pdfminer reads (cid:N)."""
    rng = random.Random(12)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /QWERTY+Garbled /Encoding /Identity-H /DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /QWERTY+Garbled "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 5 0 R /DW 500 >>",
        b"<< /Type /FontDescriptor /FontName /QWERTY+Garbled /Flags 4 "
        b"/FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 "
        b"/CapHeight 700 /StemV 80 >>",
    ]
    kids = []
    for _ in range(pages):
        ops = [b"BT /F1 12 Tf 16 TL 72 720 Td"]
        for _line in range(30):
            glyphs = b"".join(b"%04X" % rng.randrange(3, 90) for _ in range(60))
            ops.append(b"<" + glyphs + b"> Tj T*")
        ops.append(b"ET")
        objects.append(stream(b"\n".join(ops)))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(len(objects))
    objects[1] = _pages(kids, pages)
    return raw_pdf(objects)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def huge_page() -> bytes:
    """One page of 14,400 x 14,400 pt (200 inches square, the largest PDF allows) with a few lines."""
    content = stream(
        _text_lines(["This page is two hundred inches square.", "It holds a short note and nothing else."], top=14000)
    )
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            _pages([3], 1),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            HELVETICA,
            content,
        ]
    )


def letter() -> bytes:
    """A UN letter (S/ document): not a resolution."""
    lines = [
        "United Nations                                        S/2025/999",
        "Security Council                                      Distr.: General",
        "                                                      3 March 2025",
        "",
        "Letter dated 3 March 2025 from the Permanent Representative of",
        "Ruritania to the United Nations addressed to the Secretary-General",
        "",
        "I have the honour to transmit herewith a note verbale concerning the",
        "situation in the region (see annex). I should be grateful if the present",
        "letter and its annex could be circulated as a document of the Security",
        "Council.",
        "",
        "(Signed) A. Diplomat",
        "Permanent Representative",
    ]
    content = stream(_text_lines(lines, size=11))
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            _pages([3], 1),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            HELVETICA,
            content,
        ]
    )


# --- the sample, damaged or locked -----------------------------------------------


def truncated(fraction: float) -> bytes:
    data = SAMPLE.read_bytes()
    return data[: int(len(data) * fraction)]


def encrypted(user: str, owner: str = "owner-secret", r: int = 6) -> bytes:
    import io

    import pikepdf

    buffer = io.BytesIO()
    with pikepdf.open(SAMPLE) as pdf:
        pdf.save(
            buffer, encryption=pikepdf.Encryption(user=user, owner=owner, R=r), static_id=True, deterministic_id=False
        )
    return buffer.getvalue()


def html_page() -> bytes:
    return (
        b"<!DOCTYPE html>\n<html><head><title>Document not found</title></head>"
        b"<body><h1>404</h1><p>The document A/RES/78/1 was not found.</p></body></html>\n"
    )


def random_bytes() -> bytes:
    return random.Random(6).randbytes(8192)


def pdf_header_then_noise() -> bytes:
    return b"%PDF-1.7\n" + random.Random(7).randbytes(8192)


# --- UN-layout resolutions typeset with the sample's own typesetter ----------------


def _make_sample():
    if "make_sample" in sys.modules:
        return sys.modules["make_sample"]
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "tools" / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sample"] = module
    spec.loader.exec_module(module)
    return module


COVER = """symbol: A/RES/99/1
distribution: General
date: 2 January 2100
session: Ninety-ninth session
agenda_item: Agenda item 1
adopted: Resolution adopted by the General Assembly on 1 January 2100
report: [*without reference to a Main Committee (A/99/L.1)*]
number: 99/1.
title: {title}

== formula
*The General Assembly*,
"""


def un_resolution(
    preamble: list[str],
    operative: list[str],
    footnotes: dict[int, str],
    title: str = "A resolution made up for testing",
    cover: str = COVER,
) -> bytes:
    """Typesets a resolution in the UN layout (tools/make_sample.py); gives the PDF bytes."""
    import tempfile

    ms = _make_sample()
    seed = cover.format(title=title) + "\n== preamble\n" + "\n".join(preamble)
    seed += "\n\n== operative\n" + "\n".join(f"{i}. {t}" for i, t in enumerate(operative, 1))
    seed += "\n\n== closing\n*1st plenary meeting*\n*1 January 2100*\n"
    if footnotes:
        seed += "\n== footnotes\n" + "\n".join(f"[^{n}]: {t}" for n, t in sorted(footnotes.items()))
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "seed.txt", Path(tmp) / "out.pdf"
        src.write_text(seed + "\n", encoding="utf-8")
        ms.render(ms.read_source(src), out)
        return out.read_bytes()


def many_paragraphs(n: int = 500) -> bytes:
    """A resolution with ``n`` numbered operative paragraphs."""
    verbs = ["Decides", "Requests", "Invites", "Encourages", "Urges", "Calls upon", "Welcomes", "Notes"]
    operative = [
        f"*{verbs[i % len(verbs)]}* Member States to consider item {i + 1} of the "
        f"programme of work, in accordance with the rules of procedure;"
        for i in range(n)
    ]
    return un_resolution(
        ["*Recalling* its previous resolutions on the matter,", "*Noting* the report of the Secretary-General,"],
        operative[:-1] + [operative[-1][:-1] + "."],
        {},
        title="Five hundred operative paragraphs",
    )


HOSTILE = {
    "script": "<script>alert('pwned')</script>",
    "jinja_expr": "{{ config.__class__ }}",
    "jinja_stmt": "{% for x in range(3) %}loop{% endfor %}",
    "style": "</style><style>body{display:none}</style>",
    "file_url": "file:///etc/passwd",
    "metadata_url": "http://169.254.169.254/latest/meta-data/",
    "img": '<img src="http://169.254.169.254/x.png">',
    "ampersand": "AT&T & <b>bold</b>",
}


def hostile_resolution() -> bytes:
    """A resolution whose paragraphs and footnotes carry markup, template code and URLs."""
    h = HOSTILE
    preamble = [
        f"*Recalling* the text {h['script']} and {h['style']} in its records,",
        f"*Noting* the expressions {h['jinja_expr']} and {h['jinja_stmt']},",
    ]
    operative = [
        f"*Decides* that the address {h['file_url']} shall be read as text;[^1]",
        f"*Requests* that {h['metadata_url']} and {h['img']} never be fetched;",
        f"*Welcomes* the firm {h['ampersand']}.",
    ]
    footnotes = {1: f"See {h['script']} and {h['metadata_url']} and {h['jinja_expr']}."}
    return un_resolution(preamble, operative, footnotes, title="Hostile text that must stay text")


# --- hostile PDFs: broken boxes, long chains of updates, loops, outlines, unsafe characters ----------------


def reboxed(mediabox=None, rotate: Optional[int] = None, inverted_cropbox: bool = False) -> bytes:
    """The sample with every page's MediaBox replaced, a /Rotate set, or its CropBox given corners reversed."""
    import pikepdf

    buffer = io.BytesIO()
    with pikepdf.open(SAMPLE) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
            if inverted_cropbox:
                page.obj.CropBox = pikepdf.Array([x1, y1, x0, y0])
            if rotate is not None:
                page.obj.Rotate = rotate
            if mediabox is not None:
                page.obj.MediaBox = pikepdf.Array(mediabox)
        pdf.save(buffer, static_id=True, deterministic_id=False)
    return buffer.getvalue()


def sideways_page(number: int = 8) -> bytes:
    """The sample with one page's content turned a quarter (a table printed sideways, without a /Rotate)."""
    import pikepdf

    buffer = io.BytesIO()
    with pikepdf.open(SAMPLE) as pdf:
        page = pdf.pages[number - 1]
        page.contents_coalesce()
        page.Contents.write(b"q 0 1 -1 0 612 0 cm\n" + page.Contents.read_bytes() + b"\nQ")
        pdf.save(buffer, static_id=True, deterministic_id=False)
    return buffer.getvalue()


def incremental_updates(n: int) -> bytes:
    """The sample saved again ``n`` times as incremental updates (each rewrites the Info dictionary): a valid
    file whose cross-reference sections form a chain ``n`` long."""
    data = SAMPLE.read_bytes()
    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    trailer = re.findall(rb"trailer\s*(<<.*?>>)\s*startxref", data, re.S)[-1]
    size = int(re.search(rb"/Size (\d+)", trailer).group(1))
    root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
    info = int(re.search(rb"/Info (\d+) 0 R", trailer).group(1))
    out, prev = bytearray(data), startxref
    for i in range(n):
        offset = len(out)
        out += b"%d 0 obj\n<< /Producer (update %d) >>\nendobj\n" % (info, i)
        xref = len(out)
        out += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (info, offset)
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            size,
            root,
            info,
            prev,
            xref,
        )
        prev = xref
    return bytes(out)


def reference_loop() -> bytes:
    """A small PDF whose page's /Contents is an object that is only a reference to another, which refers back."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>"
    )
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", _pages([3], 1), page, HELVETICA, b"6 0 R", b"5 0 R"])


def vector_outlines(lines: int = 30, letters: int = 50) -> bytes:
    """A page of 'text' drawn as filled vector shapes (what a PDF whose fonts were turned into outlines holds):
    no character at all."""
    rng = random.Random(5)
    ops = []
    for row in range(lines):
        y = 720 - row * 20
        for col in range(letters):
            x = 72 + col * 9
            h = rng.choice((7, 9, 11))
            ops.append(
                b"%d %d m %d %d l %d %d %d %d %d %d c h f" % (x, y, x + 6, y, x + 7, y + h, x + 3, y + h + 1, x, y + h)
            )
    content = stream(b"\n".join(ops))
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            _pages([3], 1),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            content,
        ]
    )


def retyped(pdf: bytes, mapping: dict[str, str]) -> bytes:
    """The PDF with its fonts' ToUnicode maps changed so that each character of ``mapping`` reads as another:
    the way a hostile file puts NUL, ESC, BEL or U+202E into a text layer."""
    import pikepdf

    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                cmap = font.get("/ToUnicode")
                if cmap is None:
                    continue
                text = cmap.read_bytes()
                for old, new in mapping.items():
                    text = text.replace(b"<%04X>" % ord(old), b"<%04X>" % ord(new))
                cmap.write(text)
        doc.save(buffer, static_id=True, deterministic_id=False)
    return buffer.getvalue()


# Characters that are never text: each is typeset as a stand-in, then the text layer is made to read them.
UNSAFE_TEXT = {"\u00a4": "\x1b", "\u00a6": "\x07", "\u00a7": "\x00", "\u00b6": "\u202e"}


def control_characters() -> bytes:
    """A resolution whose title and paragraphs read ESC, BEL, NUL and RIGHT-TO-LEFT OVERRIDE: terminal escapes,
    a bell, and text that would show reversed."""
    preamble = ["*Recalling* the escape \u00a4[2J and the bell \u00a6 and the null \u00a7 in its records,"]
    operative = ["*Decides* that \u00b6txet desrever\u00a4]0;owned\u00a6 stays as printed."]
    pdf = un_resolution(preamble, operative, {}, title="Title with an escape \u00a4[31m and \u00b6gninrut text")
    return retyped(pdf, UNSAFE_TEXT)


LONG_SYMBOL = "A/RES/99/1" + "/Add.1" * 50  # 310 characters, more than a Word property holds


def long_symbol() -> bytes:
    """A resolution whose printed symbol is 310 characters long."""
    return un_resolution(
        ["*Recalling* its earlier resolutions,"],
        ["*Decides* to remain seized of the matter."],
        {},
        cover=COVER.replace("symbol: A/RES/99/1", f"symbol: {LONG_SYMBOL}"),
    )


# --- the cases ----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One generated input and what building it must give."""

    name: str
    make: Callable[[], bytes]
    kind: str  # the outcome kind in report.json ("ok" when it converts)
    message: str  # a piece of the one-line message
    slow: bool = False


def _sample() -> bytes:
    return SAMPLE.read_bytes()


SAMPLE_COUNTS = "24 preambular, 37 operative, 26 footnotes"  # as tools/seed_65_232.txt holds them


CASES: list[Case] = [
    Case("empty.pdf", lambda: b"", "empty", "empty.pdf: empty file (0 bytes)"),
    Case("random.pdf", random_bytes, "not-pdf", "random.pdf: not a PDF (no %PDF header)"),
    Case("header-then-noise.pdf", pdf_header_then_noise, "damaged", "damaged or truncated PDF"),
    Case("page.pdf", html_page, "not-pdf", "page.pdf: an HTML page, not a PDF"),
    Case("truncated-10.pdf", lambda: truncated(0.1), "damaged", "damaged or truncated PDF"),
    Case("truncated-50.pdf", lambda: truncated(0.5), "damaged", "damaged or truncated PDF"),
    Case("truncated-90.pdf", lambda: truncated(0.9), "damaged", "damaged or truncated PDF"),
    Case(
        "encrypted-user-aes256.pdf",
        lambda: encrypted("user-secret", r=6),
        "encrypted",
        "encrypted PDF that needs a password",
    ),
    Case(
        "encrypted-user-aes128.pdf",
        lambda: encrypted("user-secret", r=4),
        "encrypted",
        "encrypted PDF that needs a password",
    ),
    Case("encrypted-owner-only.pdf", lambda: encrypted(""), "ok", "24 preambular, 37 operative"),
    Case(
        "blank-2000.pdf",
        lambda: blank_pages(2000),
        "too-many-pages",
        "blank-2000.pdf: 2000 pages, over the limit of 500 pages",
    ),
    Case("huge-page.pdf", huge_page, "not-resolution", "huge-page.pdf: not a resolution"),
    Case("no-tounicode.pdf", no_tounicode, "unreadable-text", "text layer is unreadable"),
    Case("scan.pdf", image_only, "no-text", "scan.pdf: image-only PDF: no text layer (run OCR first)"),
    Case("letter.pdf", letter, "not-resolution", "S/2025/999 is a letter, not a resolution"),
    Case("five-hundred.pdf", many_paragraphs, "ok", "500 operative", slow=True),
    Case("with space.pdf", _sample, "ok", "37 operative"),
    Case("Résolution ñ ü.pdf", _sample, "ok", "37 operative"),
    Case("..dots...pdf", _sample, "ok", "37 operative"),
    Case(
        "reference-loop.pdf",
        reference_loop,
        "damaged",
        "reference-loop.pdf: damaged PDF: objects [5, 6] refer to each other in a loop",
    ),
    Case(
        "outlines.pdf",
        vector_outlines,
        "no-text",
        "outlines.pdf: no text layer: its page holds 1500 vector shapes and no characters (text drawn as "
        "outlines?); run OCR first",
    ),
    # Text that must never reach a page or a terminal raw, and metadata longer than Word holds.
    Case("control-characters.pdf", control_characters, "ok", "1 preambular, 1 operative, 0 footnotes"),
    Case("long-symbol.pdf", long_symbol, "ok", "1 preambular, 1 operative, 0 footnotes"),
]

# The sample with broken boxes, turns and 5,000 updates: read by their content, each with the warning that says so
# (none when nothing needed repair).  Kept apart from CASES because they share the sample's symbol.
REBOXED: list[Case] = [
    Case("mediabox-zero.pdf", lambda: reboxed(mediabox=[0, 0, 0, 0]), "ok", SAMPLE_COUNTS),
    Case("mediabox-off-page.pdf", lambda: reboxed(mediabox=[5000, 5000, 5612, 5792]), "ok", SAMPLE_COUNTS),
    Case("rotate-90-inverted-cropbox.pdf", lambda: reboxed(rotate=90, inverted_cropbox=True), "ok", SAMPLE_COUNTS),
    Case("rotate-180.pdf", lambda: reboxed(rotate=180), "ok", SAMPLE_COUNTS),
    Case("rotate-45-inverted-cropbox.pdf", lambda: reboxed(rotate=45, inverted_cropbox=True), "ok", SAMPLE_COUNTS),
    Case("updated-5000-times.pdf", lambda: incremental_updates(5000), "ok", SAMPLE_COUNTS),
    Case("sideways-page.pdf", sideways_page, "ok", "text turned on its side or upside down"),
]

# The warning each broken-box case must carry (and nothing else about its pages).
BOX_WARNINGS = {
    "mediabox-zero.pdf": "pages 1-8: the MediaBox [0, 0, 0, 0] does not hold the text; read on a 612 x 792 pt "
    "page around it",
    "mediabox-off-page.pdf": "pages 1-8: the MediaBox [5000, 5000, 5612, 5792] does not hold the text; read on a "
    "612 x 792 pt page around it",
    "rotate-90-inverted-cropbox.pdf": "pages 1-8: /Rotate 90 turns the upright text; read as drawn, without the turn",
    "rotate-180.pdf": "pages 1-8: /Rotate 180 turns the upright text; read as drawn, without the turn",
    "rotate-45-inverted-cropbox.pdf": None,  # a /Rotate that is no quarter turn is no turn: read as it is
    "updated-5000-times.pdf": None,
}


# --- inputs that are not files of bytes, and names that are hostile -------------------------------------


@dataclass(frozen=True)
class Entry:
    """An input made in a folder that is not a plain file of bytes, or whose name is hostile, and what building
    it must give: its kind, a piece of its one-line message, and its name as the line shows it."""

    name: Union[str, bytes]  # bytes: a name that is not UTF-8
    make: Callable[[Path], None]
    kind: str
    message: str
    shown: str


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _loop(path: Path) -> None:
    other = path.with_name(path.stem + ".lnk")  # not a .pdf name: the loop is one input
    path.symlink_to(other.name)
    other.symlink_to(path.name)


FORGED = "forged.pdf\nok   forged.pdf -> A_RES_1_1: 9 preambular.pdf"
ANSI = "\x1b[2J\x1b[31mred.pdf"
REVERSED = "rtl-\u202efdp.exe.pdf"

ENTRIES: list[Entry] = [
    Entry("fifo.pdf", os.mkfifo, "not-a-file", "fifo.pdf: a named pipe (FIFO), not a PDF file", "fifo.pdf"),
    Entry("folder.pdf", lambda p: p.mkdir(), "not-a-file", "folder.pdf: a folder, not a PDF file", "folder.pdf"),
    Entry(
        "dangling.pdf",
        lambda p: p.symlink_to("no-such-target.pdf"),
        "missing",
        "dangling.pdf: broken symbolic link (what it points to does not exist)",
        "dangling.pdf",
    ),
    Entry("loop.pdf", _loop, "unreadable", "loop.pdf: symbolic links in a loop", "loop.pdf"),
    Entry(b"caf\xe9.pdf", _write(SAMPLE.read_bytes()), "ok", SAMPLE_COUNTS, "caf\\xe9.pdf"),
    Entry(
        FORGED,
        _write(b""),
        "empty",
        "forged.pdf\\nok   forged.pdf -> A_RES_1_1: 9 preambular.pdf: empty file (0 bytes)",
        "forged.pdf\\nok   forged.pdf -> A_RES_1_1: 9 preambular.pdf",
    ),
    Entry(ANSI, _write(b""), "empty", "\\x1b[2J\\x1b[31mred.pdf: empty file (0 bytes)", "\\x1b[2J\\x1b[31mred.pdf"),
    Entry(REVERSED, _write(SAMPLE.read_bytes()), "ok", SAMPLE_COUNTS, "rtl-\\u202efdp.exe.pdf"),
]


def make_entries(folder: Path, only: Optional[str] = None) -> dict[str, Path]:
    """Makes every entry (or the one shown as ``only``) in folder; gives {name as shown: path}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for entry in ENTRIES:
        if only is not None and entry.shown != only:
            continue
        name = os.fsdecode(entry.name) if isinstance(entry.name, bytes) else entry.name
        path = folder / name
        entry.make(path)
        made[entry.shown] = path
    return made


def generate(folder: Path, names: Optional[list[str]] = None, cases: Optional[list[Case]] = None) -> dict[str, Path]:
    """Writes the cases (all of CASES, those named, or those given) into folder; gives {name: path}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for case in CASES if cases is None else cases:
        if names is None or case.name in names:
            path = folder / case.name
            path.write_bytes(case.make())
            written[case.name] = path
    return written


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "badfiles")
    for _name, path in generate(target).items():
        print(f"{path} ({path.stat().st_size} bytes)")
