"""Stage 1: read every character of a PDF with its font, size and position."""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTFigure, LTImage, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .config import Config
from .errors import ConversionError
from .model import Char, Extracted, Page, Rule, Source

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
                continue   # rotated text: margin notes and watermarks, not body text
            fontname = obj.fontname or ""
            if fontname not in styles:
                styles[fontname] = font_style(fontname)
            italic, bold = styles[fontname]
            chars.append(Char(
                text=obj.get_text(), x0=round(obj.x0, 2), x1=round(obj.x1, 2),
                top=round(height - obj.y1, 2), bottom=round(height - obj.y0, 2),
                size=round(obj.size, 2), font=fontname.split("+", 1)[-1],
                italic=italic, bold=bold))
        elif isinstance(obj, (LTLine, LTRect)):
            if abs(obj.y1 - obj.y0) <= 2 and obj.x1 - obj.x0 >= 20:
                rules.append(Rule(round(obj.x0, 2), round(obj.x1, 2), round(height - obj.y1, 2)))
        elif isinstance(obj, LTImage):
            images += 1
    rules.sort(key=lambda r: (r.top, r.x0))
    return Page(number=number, width=float(page.width), height=height,
                chars=chars, rules=rules, images=images)


def open_pdf(data: bytes, name: str):
    """Gives an open pdfplumber document, or raises ConversionError saying why it cannot be read."""
    if not data:
        raise ConversionError(f"{name}: empty file (0 bytes)", "empty")
    if b"%PDF-" not in data[:1024]:
        head = data[:200].lstrip().lower()
        what = "an HTML page" if head.startswith((b"<!doctype html", b"<html")) else "not a PDF"
        raise ConversionError(f"{name}: {what}, not a PDF (no %PDF header)", "not-pdf")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages   # forces the page tree to be read
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ConversionError(f"{name}: encrypted PDF that needs a password", "encrypted")
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConversionError(f"{name}: damaged or truncated PDF ({type(exc).__name__})", "damaged")
    except Exception as exc:  # pdfminer raises many kinds on broken files
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise ConversionError(f"{name}: encrypted PDF that needs a password", "encrypted")
        raise ConversionError(f"{name}: damaged or truncated PDF ({type(exc).__name__})", "damaged")
    return pdf


def extract_bytes(data: bytes, name: str, config: Config = Config()) -> Extracted:
    """Gives every page's characters and rules from PDF bytes."""
    if len(data) > config.max_bytes:
        raise ConversionError(
            f"{name}: file is {len(data) // 2**20} MiB, over the limit of "
            f"{config.max_bytes // 2**20} MiB", "too-large")
    pdf = open_pdf(data, name)
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise ConversionError(f"{name}: damaged or truncated PDF ({type(exc).__name__})", "damaged")
        if count == 0:
            raise ConversionError(f"{name}: PDF has no pages", "damaged")
        if count > config.max_pages:
            raise ConversionError(
                f"{name}: {count} pages, over the limit of {config.max_pages} pages", "too-many-pages")
        source = Source(file=name, sha256=hashlib.sha256(data).hexdigest(), pages=count)
        metadata = {k: str(v) for k, v in (pdf.metadata or {}).items()
                    if k in ("Title", "Subject", "Producer", "Creator", "Author")}
        pages = []
        for i, page in enumerate(pdf.pages):
            try:
                pages.append(_read_page(page, i + 1))
            except Exception as exc:
                raise ConversionError(
                    f"{name}: damaged or truncated PDF, page {i + 1} unreadable ({type(exc).__name__})",
                    "damaged")
            finally:
                page.close()
    return Extracted(source=source, pages=pages, metadata=metadata)


def extract(path: Path, config: Config = Config()) -> Extracted:
    """Gives every page's characters and rules from a PDF file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConversionError(f"{path.name}: cannot read file ({exc.strerror})", "unreadable")
    return extract_bytes(data, path.name, config)
