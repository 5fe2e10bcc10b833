"""Makes the bad-input suite: PDFs (and non-PDFs) that must each fail with their own clear message, or convert.

Nothing here is committed as a binary: every file is generated into a folder
the caller names, from raw PDF bytes, reportlab, pikepdf and the project's own
sample (``input/A_RES_65_232.pdf``).  ``CASES`` says what each file should
give; ``generate(folder)`` writes them all.

    python tests/badfiles.py OUT_DIR      # writes every case into OUT_DIR
"""

from __future__ import annotations

import importlib.util
import random
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

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
) -> bytes:
    """Typesets a resolution in the UN layout (tools/make_sample.py); gives the PDF bytes."""
    import tempfile

    ms = _make_sample()
    seed = COVER.format(title=title) + "\n== preamble\n" + "\n".join(preamble)
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
]


def generate(folder: Path, names: Optional[list[str]] = None) -> dict[str, Path]:
    """Writes the cases (all, or those named) into folder; gives {name: path}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for case in CASES:
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
