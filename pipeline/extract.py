"""Stage 1: read every character of a PDF with its font, size and position."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import logging
import os
import re
import stat
import unicodedata
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect
from pdfminer.pdfdocument import (
    PDFDocument,
    PDFEncryptionError,
    PDFNoValidXRef,
    PDFPasswordIncorrect,
    PDFXRef,
    PDFXRefStream,
)
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import PDFObjRef, int_value
from pdfminer.psparser import PSEOF
from pdfplumber.utils.exceptions import PdfminerException

from pipeline import content
from pipeline.chars import layout as layout_of
from pipeline.config import Config
from pipeline.errors import ConversionError, path_text
from pipeline.model import Char, Extracted, Page, Rule, Source
from pipeline.ocr import read_scans

# --- two things pdfminer does not survive: reference loops and long chains of updates -------------------


class ReferenceLoop(PDFSyntaxError):
    """An object that is only a reference to another, in a loop that leads back to itself."""


_getobj = PDFDocument.getobj


def _getobj_without_loops(self, objid: int) -> object:
    """Gives an object, following an object that is only a reference to the end of the chain (pdfminer's
    ``resolve1`` would follow a chain that loops back to itself for ever)."""
    obj = _getobj(self, objid)
    seen = {objid}
    while isinstance(obj, PDFObjRef) and obj.doc is self:
        if obj.objid in seen:
            raise ReferenceLoop(f"objects {sorted(seen)} refer to each other in a loop")
        seen.add(obj.objid)
        obj = _getobj(self, obj.objid)
    return obj


def _read_xrefs(self, parser, start: int, xrefs: list) -> None:
    """Reads the cross-reference sections from ``start`` and each one before it (``/XRefStm``, ``/Prev``), in
    pdfminer's order but without one level of recursion per section: a file updated 5,000 times is valid."""
    todo, seen = [start], set()
    while todo:
        start = todo.pop()
        if start in seen:  # a /Prev that points back: each section is read once
            continue
        seen.add(start)
        parser.seek(start)
        parser.reset()
        try:
            (pos, token) = parser.nexttoken()
        except PSEOF as err:
            raise PDFNoValidXRef("Unexpected EOF") from err
        if isinstance(token, int):  # a cross-reference stream (PDF 1.5)
            parser.seek(pos)
            parser.reset()
            xref = PDFXRefStream()
        else:
            if token is parser.KEYWORD_XREF:
                parser.nextline()
            xref = PDFXRef()
        xref.load(parser)
        xrefs.append(xref)
        trailer = xref.get_trailer()
        earlier = [int_value(trailer[key]) for key in ("XRefStm", "Prev") if key in trailer]
        todo.extend(reversed(earlier))  # /XRefStm and all it leads to first, then /Prev, as pdfminer does


PDFDocument.getobj = _getobj_without_loops
PDFDocument.read_xref_from = _read_xrefs
content.install()  # pdfminer reads content streams in one pass: the same objects, faster (pipeline.content)

_ITALIC = re.compile(r"italic|oblique|-it\b|,it\b", re.I)
_BOLD = re.compile(r"bold|black|heavy|semibold", re.I)


def font_style(fontname: str) -> tuple[bool, bool]:
    """Gives (italic, bold) as told by a PDF font name such as ``ABCDEF+TimesNewRomanPS-BoldItalicMT``."""
    name = fontname.split("+", 1)[-1]
    return bool(_ITALIC.search(name)), bool(_BOLD.search(name))


def _walk(items):
    for obj in items:
        if isinstance(obj, LTFigure):
            yield from _walk(obj)
        else:
            yield obj


def _reads_forward(char) -> bool:
    """Tells whether a character is drawn the right way up, reading left to right (not turned, not mirrored)."""
    a, b, c, d = char.matrix[:4]
    return a > 0 and d > 0 and abs(b) <= 0.01 * a


TURNED_TEXT = 100  # characters not upright on one page: more than a margin note or a watermark says

# Paper a UN document is printed on, upright and landscape: a page whose box is broken is framed by the first one
# that holds its text where it is drawn.
PAPER = [(612.0, 792.0), (595.0, 842.0), (792.0, 612.0), (842.0, 595.0)]


def _frame(chars, width: float, height: float, origin: tuple[float, float]):
    """Gives (x0, y0, width, height) of the box to read a page in when its own box does not hold its text (an empty
    or off-page MediaBox), in the coordinates of ``chars``; None when the page's box holds its text."""
    if not chars:
        return None
    inside = sum(1 for c in chars if -1 <= c.x0 and c.x1 <= width + 1 and -1 <= c.y0 and c.y1 <= height + 1)
    if width >= 1 and height >= 1 and inside * 2 >= len(chars):
        return None
    ox, oy = origin  # where the page's own (user-space) origin lies in these coordinates
    x0, y0 = min(c.x0 for c in chars) - ox, min(c.y0 for c in chars) - oy
    x1, y1 = max(c.x1 for c in chars) - ox, max(c.y1 for c in chars) - oy
    for w, h in PAPER:
        if x0 >= -1 and y0 >= -1 and x1 <= w + 1 and y1 <= h + 1:
            return ox, oy, w, h
    margin = 36.0
    return x0 + ox - margin, y0 + oy - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin


def number_ranges(numbers) -> str:
    """Gives "1-3, 7" for [1, 2, 3, 7]."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def page_list(numbers) -> str:
    """Gives "pages 1-3, 7" for [1, 2, 3, 7] ("page 4" for one)."""
    return f"page{'s' if len(set(numbers)) > 1 else ''} {number_ranges(numbers)}"


def page_warnings(repairs: list[tuple[int, str]]) -> list[str]:
    """Gives one warning per kind of repair, with the pages it was made on ("pages 1-8: ...")."""
    pages: dict[str, list[int]] = {}
    for number, what in repairs:
        pages.setdefault(what, []).append(number)
    return [f"{page_list(numbers)}: {what}" for what, numbers in pages.items()]


def _read_page(page, number: int, repairs: list[tuple[int, str]] | None = None) -> Page:
    """Gives one page's characters, rules, image and shape counts from pdfminer's layout objects.

    A page is read by its content when its boxes are broken: a /Rotate that turns upright text on its side or
    upside down is left out, and a MediaBox that is empty or lies off the text is replaced by the paper the text
    is drawn on; each such repair is noted in ``repairs`` as (page number, what was done), and so is text that
    is drawn turned and left out (beyond a margin note or a watermark).
    """
    repairs = repairs if repairs is not None else []
    layout = layout_of(page)
    width, height = float(page.width), float(page.height)
    items = list(_walk(layout))
    rotation = page.page_obj.rotate  # what pdfminer turns the page by: 90, 180 or 270 (any other /Rotate: none)
    turned = rotation in (90, 180, 270)
    if turned:
        letters = [o for o in items if isinstance(o, LTChar) and o.get_text().strip()]
        forward = sum(1 for o in letters if _reads_forward(o))
        if letters and forward * 2 < len(letters):
            unturned = list(_walk(layout_of(page, rotate=0)))  # read without the turn
            letters_unturned = [o for o in unturned if isinstance(o, LTChar) and o.get_text().strip()]
            if sum(1 for o in letters_unturned if _reads_forward(o)) > forward:
                items, layout = unturned, None
                box = page.page_obj.mediabox
                width, height = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
                repairs.append((number, f"/Rotate {rotation} turns the upright text; read as drawn, without the turn"))
    chars_drawn = [o for o in items if isinstance(o, LTChar) and o.upright]
    sideways = sum(1 for o in items if isinstance(o, LTChar) and not o.upright and o.get_text().strip())
    if sideways >= TURNED_TEXT:
        repairs.append((number, "text turned on its side or upside down (a table printed sideways?) was left out"))
    origin = (0.0, 0.0)
    if layout is None or not turned:  # unturned, pdfminer counts from the MediaBox's first corner
        box = page.page_obj.mediabox
        origin = (-float(box[0]), -float(box[1]))
    frame = _frame(chars_drawn, width, height, origin)
    dx = dy = 0.0
    if frame is not None:
        dx, dy, width, height = frame
        box = ", ".join(f"{float(v):g}" for v in page.page_obj.mediabox)
        repairs.append(
            (number, f"the MediaBox [{box}] does not hold the text; read on a {width:g} x {height:g} pt page around it")
        )
    chars, rules, images, shapes = [], [], 0, 0
    fonts: dict[str, tuple[str, bool, bool]] = {}  # PDF font name -> (name without subset tag, italic, bold)
    for obj in items:
        if isinstance(obj, LTChar):
            if not obj.upright:
                continue  # rotated text: margin notes and watermarks, not body text
            fontname = obj.fontname or ""
            font = fonts.get(fontname)
            if font is None:
                font = fonts[fontname] = (fontname.split("+", 1)[-1], *font_style(fontname))
            chars.append(
                Char(
                    obj.get_text(),
                    round(obj.x0 - dx, 2),
                    round(obj.x1 - dx, 2),
                    round(height - (obj.y1 - dy), 2),
                    round(height - (obj.y0 - dy), 2),
                    round(obj.size, 2),
                    *font,
                )
            )
        elif isinstance(obj, (LTLine, LTRect)) and abs(obj.y1 - obj.y0) <= 2 and obj.x1 - obj.x0 >= 20:
            rules.append(Rule(round(obj.x0 - dx, 2), round(obj.x1 - dx, 2), round(height - (obj.y1 - dy), 2)))
        elif isinstance(obj, LTCurve):
            shapes += 1
        elif isinstance(obj, LTImage):
            images += 1
    rules.sort(key=lambda r: (r.top, r.x0))
    return Page(number=number, width=width, height=height, chars=chars, rules=rules, images=images, shapes=shapes)


_MAGIC = [
    ((b"<!doctype html", b"<html", b"<head", b"<body"), "an HTML page, not a PDF"),
    ((b"<?xml",), "an XML file, not a PDF"),
    ((b"pk\x03\x04",), "a ZIP archive (a Word or OpenDocument file?), not a PDF"),
    ((b"\xd0\xcf\x11\xe0",), "an old Microsoft Office file, not a PDF"),
    ((b"\x89png", b"\xff\xd8\xff", b"gif8", b"ii*\x00", b"mm\x00*"), "an image file, not a PDF"),
    ((b"{\\rtf",), "an RTF file, not a PDF"),
]


def _what_instead(data: bytes) -> str:
    """Gives what a file that is not a PDF seems to be, for the message."""
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magics, what in _MAGIC:
        if head.startswith(magics):
            return what
    return "not a PDF"


def unreadable_pdf(exc: BaseException, name: str, where: str = "") -> ConversionError:
    """Gives the ConversionError for an exception pdfminer or pdfplumber raised reading a PDF."""
    inner = exc
    while isinstance(inner, PdfminerException) and inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    if isinstance(inner, MemoryError):
        raise inner
    text = str(inner).lower()
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in text or "encrypt" in text:
        return ConversionError(f"{name}: encrypted PDF that needs a password", "encrypted")
    if isinstance(inner, ReferenceLoop):
        return ConversionError(f"{name}: damaged PDF{where}: {inner}", "damaged")
    detail = " ".join(str(inner).split())[:60]
    detail = f"{type(inner).__name__}: {detail}" if detail else type(inner).__name__
    return ConversionError(f"{name}: damaged or truncated PDF{where} ({detail})", "damaged")


def open_pdf(data: bytes, name: str):
    """Gives an open pdfplumber document, or raises ConversionError saying why it cannot be read."""
    if not data:
        raise ConversionError(f"{name}: empty file (0 bytes)", "empty")
    if b"%PDF-" not in data[:1024]:
        raise ConversionError(f"{name}: {_what_instead(data)} (no %PDF header)", "not-pdf")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # forces the page tree to be read
    except Exception as exc:  # pdfminer raises many kinds on broken files; pdfplumber wraps them
        raise unreadable_pdf(exc, name) from None
    return pdf


@contextlib.contextmanager
def _quiet_pdfminer(debug: bool):
    """pdfminer logs a warning per broken operator of a damaged file; the user gets one line instead."""
    loggers = [logging.getLogger(n) for n in ("pdfminer", "pdfplumber")]
    levels = [lg.level for lg in loggers]
    if not debug:
        for lg in loggers:
            lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def extract_bytes(data: bytes, name: str, config: Config = Config()) -> Extracted:
    """Gives every page's characters and rules from PDF bytes."""
    with _quiet_pdfminer(config.debug):
        return _extract_bytes(data, name, config)


def _extract_bytes(data: bytes, name: str, config: Config) -> Extracted:
    if len(data) > config.max_bytes:
        raise _too_large(name, len(data), config.max_bytes)
    pdf = open_pdf(data, name)
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise unreadable_pdf(exc, name) from None
        if count == 0:
            raise ConversionError(f"{name}: PDF has no pages", "damaged")
        if count > config.max_pages:
            raise ConversionError(
                f"{name}: {count} pages, over the limit of {config.max_pages} pages", "too-many-pages"
            )
        source = Source(file=name, sha256=hashlib.sha256(data).hexdigest(), pages=count)
        try:
            metadata = {
                k: str(v)[:1000]
                for k, v in (pdf.metadata or {}).items()
                if k in ("Title", "Subject", "Producer", "Creator", "Author")
            }
        except Exception:  # a broken Info dictionary is no reason to give up on the text
            metadata = {}
        pages, repairs = [], []
        for i, page in enumerate(pdf.pages):
            try:
                pages.append(_read_page(page, i + 1, repairs))
            except Exception as exc:
                raise unreadable_pdf(exc, name, f", page {i + 1} unreadable") from None
            finally:
                page.close()
    return read_scans(
        data, Extracted(source=source, pages=pages, metadata=metadata, warnings=page_warnings(repairs)), config
    )


_CID = re.compile(r"^\(cid:\d+\)$")
UNREADABLE_SHARE = 0.25  # above this share of unreadable characters, the text layer is not text


def unreadable(text: str) -> bool:
    """Tells whether one extracted character is a glyph without a Unicode meaning.

    pdfminer gives ``(cid:12)`` for a glyph of a font without a ToUnicode map;
    private-use, unassigned and control code points and U+FFFD are no better.
    """
    if _CID.match(text):
        return True
    for ch in text:
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs") and not ch.isspace()):
            return True
    return False


def check_text_layer(doc: Extracted) -> None:
    """Raises ConversionError when a document has no text layer, or one that is not readable text."""
    name = doc.source.file
    chars = [c for page in doc.pages for c in page.chars if c.text.strip()]
    if not chars:
        if any(page.images for page in doc.pages):
            raise ConversionError(f"{name}: image-only PDF: no text layer (run OCR first)", "no-text")
        pages = len(doc.pages)
        shapes = sum(page.shapes for page in doc.pages)
        if shapes:
            raise ConversionError(
                f"{name}: no text layer: {'its page holds' if pages == 1 else f'its {pages} pages hold'} {shapes} "
                f"vector shapes and no characters (text drawn as outlines?); run OCR first",
                "no-text",
            )
        raise ConversionError(
            f"{name}: no text: {'its page is' if pages == 1 else f'its {pages} pages are'} blank", "no-text"
        )
    bad = sum(1 for c in chars if unreadable(c.text))
    if bad >= 10 and bad > UNREADABLE_SHARE * len(chars):
        raise ConversionError(
            f"{name}: text layer is unreadable ({round(100 * bad / len(chars))}% of its characters are "
            f"glyphs without a Unicode meaning: fonts without a ToUnicode map); run OCR first",
            "unreadable-text",
        )


def _open_error(path: Path, exc: OSError) -> ConversionError:
    """Gives the ConversionError for a file that could not be opened."""
    name = path_text(path.name or path)
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return ConversionError(f"{name}: broken symbolic link (what it points to does not exist)", "missing")
        return ConversionError(f"{name}: no such file or folder", "missing")
    if exc.errno == errno.ELOOP:
        return ConversionError(f"{name}: symbolic links in a loop", "unreadable")
    return ConversionError(f"{name}: cannot read file ({exc.strerror})", "unreadable")


_NOT_A_FILE = [
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
]


def not_a_file(path: Path) -> str | None:
    """Gives what ``path`` is when it exists and is no regular file ("a character device", ...), else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _NOT_A_FILE if test(mode)), "not a regular file")


def read_pdf_file(path: Path, max_bytes: int) -> bytes:
    """Gives the bytes of a PDF file (see ``read_regular_file``)."""
    return read_regular_file(path, max_bytes, "a PDF file")


def read_regular_file(path: Path, max_bytes: int, kind: str) -> bytes:
    """Gives the bytes of a file, reading at most ``max_bytes``; raises ConversionError for anything that is not
    a regular file of at most ``max_bytes`` (a folder, a FIFO, a device: "not ``kind``"), before reading any of it.

    The file is opened without blocking (a FIFO with no writer does not hang), checked with ``fstat`` on the
    open descriptor (no race with a file swapped in between), and its size checked before it is read.
    """
    path = Path(path)
    name = path_text(path.name or path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _open_error(path, exc) from None
    try:
        info = os.fstat(fd)
        for test, what in _NOT_A_FILE:
            if test(info.st_mode):
                raise ConversionError(f"{name}: {what}, not {kind}", "not-a-file")
        if not stat.S_ISREG(info.st_mode):
            raise ConversionError(f"{name}: not a regular file, not {kind}", "not-a-file")
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:  # it grew while being read
                raise _too_large(name, size, max_bytes)
    except OSError as exc:
        raise ConversionError(f"{name}: cannot read file ({exc.strerror})", "unreadable") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _too_large(name: str, size: int, max_bytes: int) -> ConversionError:
    return ConversionError(
        f"{name}: file is {size // 2**20} MiB, over the limit of {max_bytes // 2**20} MiB", "too-large"
    )


def extract(path: Path, config: Config = Config()) -> Extracted:
    """Gives every page's characters and rules from a PDF file."""
    path = Path(path)
    return extract_bytes(read_pdf_file(path, config.max_bytes), path_text(path.name), config)
