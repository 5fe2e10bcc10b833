"""Stage 1: read every character of a PDF with its font, size and position."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import unicodedata
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTFigure, LTImage, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.config import Config
from pipeline.errors import ConversionError
from pipeline.model import Char, Extracted, Page, Rule, Source
from pipeline.ocr import read_scans

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


def _read_page(page, number: int) -> Page:
    """Gives one page's characters, rules and image count from pdfminer's layout objects."""
    height = float(page.height)
    chars, rules, images = [], [], 0
    styles: dict[str, tuple[bool, bool]] = {}
    for obj in _walk(page.layout):
        if isinstance(obj, LTChar):
            if not obj.upright:
                continue  # rotated text: margin notes and watermarks, not body text
            fontname = obj.fontname or ""
            if fontname not in styles:
                styles[fontname] = font_style(fontname)
            italic, bold = styles[fontname]
            chars.append(
                Char(
                    text=obj.get_text(),
                    x0=round(obj.x0, 2),
                    x1=round(obj.x1, 2),
                    top=round(height - obj.y1, 2),
                    bottom=round(height - obj.y0, 2),
                    size=round(obj.size, 2),
                    font=fontname.split("+", 1)[-1],
                    italic=italic,
                    bold=bold,
                )
            )
        elif isinstance(obj, (LTLine, LTRect)):
            if abs(obj.y1 - obj.y0) <= 2 and obj.x1 - obj.x0 >= 20:
                rules.append(Rule(round(obj.x0, 2), round(obj.x1, 2), round(height - obj.y1, 2)))
        elif isinstance(obj, LTImage):
            images += 1
    rules.sort(key=lambda r: (r.top, r.x0))
    return Page(number=number, width=float(page.width), height=height, chars=chars, rules=rules, images=images)


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
        raise ConversionError(
            f"{name}: file is {len(data) // 2**20} MiB, over the limit of {config.max_bytes // 2**20} MiB", "too-large"
        )
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
        pages = []
        for i, page in enumerate(pdf.pages):
            try:
                pages.append(_read_page(page, i + 1))
            except Exception as exc:
                raise unreadable_pdf(exc, name, f", page {i + 1} unreadable") from None
            finally:
                page.close()
    return read_scans(data, Extracted(source=source, pages=pages, metadata=metadata), config)


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


def extract(path: Path, config: Config = Config()) -> Extracted:
    """Gives every page's characters and rules from a PDF file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConversionError(f"{path.name}: cannot read file ({exc.strerror})", "unreadable") from exc
    return extract_bytes(data, path.name, config)
