"""PDF brief: the paged variant of the HTML brief, laid out by WeasyPrint.

Nothing is fetched from the network: a restrictive URL fetcher serves only
``data:`` URLs and files inside the templates folder.  The output bytes are
fixed for a given input: dates come from the document, the file identifier
is a hash of the content, and resolution.json is attached with fixed dates.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import mimetypes
import sys
import threading
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname
from xml.etree import ElementTree

import pydyf
import weasyprint
from weasyprint.layout import LayoutContext
from weasyprint.layout import block as weasyprint_block
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pipeline.config import Config
from pipeline.model import Resolution, to_json
from pipeline.render.html import brief_stylesheet, html_from_view
from pipeline.render.view import build_view, fixed_datetime, load_labels

ATTACHMENT_NAME = "resolution.json"


class BlockedURL(ValueError):
    """Raised for any URL the brief may not fetch."""


class TemplatesOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files under one folder."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.root = Path(root).resolve()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Gives the resource for an allowed URL; raises BlockedURL for any other."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._file(url)
        raise BlockedURL(f"refusing to fetch {url!r}: only data: and template files")

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise BlockedURL(f"refusing to fetch {url!r}: remote file URL")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise BlockedURL(f"refusing to fetch {url!r}: outside the templates folder")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime})


PDF_VARIANT = "pdf/a-3b"  # archival, with resolution.json embedded (PDF/A-3 allows it)
PDFUA_PART = "1"  # also claimed: tagged for accessibility (PDF/UA-1)


def _claim_pdfua(metadata) -> None:
    """Adds ``pdfuaid:part`` to the XMP packet WeasyPrint writes for PDF/A.

    WeasyPrint writes one identification schema per variant; a PDF can claim
    PDF/A-3b and PDF/UA-1 together, so the UA claim is added to the same
    rdf:Description (one rdf:RDF per packet, as XMP requires).
    """
    original = metadata.generate_rdf_metadata

    def generate(variant, version, conformance):
        xml = original(variant, version, conformance)
        ns = "http://www.aiim.org/pdfua/ns/id/"
        if ns.encode() in xml:
            return xml
        root = ElementTree.fromstring(xml)
        first = root.find("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description")
        if first is None:
            return xml
        first.set(f"{{{ns}}}part", PDFUA_PART)
        return ElementTree.tostring(root, encoding="utf-8")

    metadata.generate_rdf_metadata = generate


def keep_notes_with_their_calls() -> None:
    """Stops WeasyPrint moving a page's earlier footnotes to the next page to make room for one more line.

    WeasyPrint 70 (its pull request 2437, for issue 2432) reports footnotes already placed on a page when a later
    paragraph's line would otherwise break against ``orphans``/``widows``, so a note lands a page after its call
    (7 of 53 in A/RES/78/229).  It decides this in ``_linebox_layout`` only, and only where ``in_column`` is false;
    this makes ``in_column`` read true there, so the line breaks as orphans and widows say and every note stays on
    the page of its call.  Everywhere else (the footnote area's height, real columns) ``in_column`` is unchanged.
    Installed once; a no-op for a WeasyPrint without that code.
    """
    if isinstance(getattr(LayoutContext, "in_column", None), property):
        return
    lines = getattr(weasyprint_block, "_linebox_layout", None)
    if lines is None:
        return
    code = lines.__code__

    def get(context) -> bool:
        return context.__dict__.get("_in_column", False) or sys._getframe(1).f_code is code

    def put(context, value: bool) -> None:
        context.__dict__["_in_column"] = value

    LayoutContext.in_column = property(get, put)


def cache_page_references() -> None:
    """Makes pydyf build a PDF's tuple of page references once per page count, not once per lookup.

    pydyf 0.13's ``PDF.page_references`` is a property that rebuilds the tuple of every page's reference each time
    it is read, and WeasyPrint's tagging reads it once per tagged element: on A/RES/78/229 (28 pages) 8,248 tuples
    of 28 references, 0.4 s of the 6.6 s its PDF takes; the work grows with pages times elements.  The cached
    tuple is rebuilt whenever a page is added, so every lookup gives what the property gave and the PDF's bytes
    are unchanged.  Installed once; a no-op for a pydyf without that property.
    """
    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property) or getattr(original.fget, "cached", False):
        return

    def page_references(pdf) -> tuple:
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_resbrief_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(pdf))
            pdf.__dict__["_resbrief_page_references"] = cached
        return cached[1]

    page_references.cached = True
    pydyf.PDF.page_references = property(page_references)


_WRITING = threading.local()  # the serialised objects of the PDF being written, by id, while pydyf writes it


def serialise_objects_once() -> None:
    """Makes pydyf serialise (and compress) each object of a PDF once while it writes the file, not twice.

    Given a file identifier, which PDF/A asks for, pydyf 0.13's ``PDF.write`` serialises every object a second time
    to hash them for the identifier's second half: every page's content compressed again.  While a PDF is written,
    each object's serialised bytes are kept and given back on the second reading; outside ``write`` nothing is
    kept, since objects change while pages are drawn.  Same bytes.  Installed once; a no-op for a pydyf without
    these classes.
    """
    if getattr(pydyf.PDF.write, "serialises_once", False):
        return
    for cls in (pydyf.Stream, pydyf.Dictionary, pydyf.Array):
        original = cls.__dict__.get("data")
        if not isinstance(original, property):
            return

        def data(obj, _serialise=original.fget):
            kept = getattr(_WRITING, "kept", None)
            if kept is None:
                return _serialise(obj)
            hit = kept.get(id(obj))
            if hit is None or hit[0] is not obj:
                hit = kept[id(obj)] = (obj, _serialise(obj))
            return hit[1]

        cls.data = property(data)
    write = pydyf.PDF.write

    def write_once(pdf, *args, **kwargs):
        _WRITING.kept = {}
        try:
            return write(pdf, *args, **kwargs)
        finally:
            _WRITING.kept = None

    write_once.serialises_once = True
    pydyf.PDF.write = write_once


class _Zlib:
    """pydyf's view of zlib: the same module, but its content streams compressed at level 6 instead of 9."""

    compress = staticmethod(zlib.compress)

    @staticmethod
    def compressobj(level: int = -1, *args, **kwargs):
        """Gives zlib's compressor at level 6 whatever level is asked (pydyf asks for 9)."""
        return zlib.compressobj(min(level, 6) if level >= 0 else level, *args, **kwargs)


def compress_streams_faster() -> None:
    """Makes pydyf compress page content at zlib's level 6, not 9: on A/RES/78/229 (6.1 MB of drawing operators)
    level 9 takes 0.46 s and gives 851 KB, level 6 takes 0.11 s and gives 883 KB.  Same input, same bytes still.
    Installed once; a no-op for a pydyf that does not compress through its module's ``zlib``."""
    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _Zlib


def pdf_bytes(
    resolution: Resolution, config: Config, json_bytes: bytes | None = None, extras: dict | None = None
) -> bytes:
    """Gives the PDF bytes of the brief (same input, same bytes): PDF/A-3b, tagged, PDF/UA-1."""
    view = build_view(resolution, load_labels(Path(config.templates)), extras)
    html = html_from_view(view, config, paged=True, css="")
    if json_bytes is None:
        json_bytes = to_json(resolution).encode("utf-8")
    return archival_pdf(
        html,
        brief_stylesheet(view, config, paged=True),
        config,
        json_bytes,
        fixed_datetime(view.date),
        name=ATTACHMENT_NAME,
        description="Structured text of the resolution (resbrief JSON)",
        relationship="Source",
    )


def archival_pdf(
    html: str, css: str, config: Config, data: bytes, stamp, name: str, description: str, relationship: str
) -> bytes:
    """Gives the PDF bytes of a paged HTML page laid out with the stylesheet ``css`` (same input, same bytes):
    PDF/A-3b, tagged, PDF/UA-1, with ``data`` attached as ``name`` and every date fixed at ``stamp``.

    The page carries no ``<style>`` of its own: the stylesheet is the same for every brief but for its labels and
    margin-note switch, so it is parsed once per process (:func:`parsed_stylesheet`), not once per document (0.09 s
    of the 1.0 s a two-page resolution's PDF takes).  WeasyPrint gives a stylesheet passed to ``render`` the user
    origin, not the author's; ours is the only one besides WeasyPrint's own, none of whose rules is important, so
    every computed style is the same as with the stylesheet inlined (the PDFs were byte-identical but for their
    identifier)."""
    root = Path(config.templates).resolve()
    fetcher = TemplatesOnlyFetcher(root)
    attachment = weasyprint.Attachment(
        string=data,
        url_fetcher=fetcher,
        name=name,
        description=description,
        created=stamp,
        modified=stamp,
        relationship=relationship,
    )
    identifier = hashlib.md5(html.encode("utf-8") + css.encode("utf-8") + data).hexdigest().encode()
    document = weasyprint.HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher, media_type="print")
    keep_notes_with_their_calls()
    cache_page_references()
    compress_streams_faster()
    serialise_objects_once()
    with _quiet_weasyprint():
        rendered = document.render(
            stylesheets=[parsed_stylesheet(str(css), root)], pdf_variant=PDF_VARIANT, pdf_tags=True
        )
        _claim_pdfua(rendered.metadata)
        return rendered.write_pdf(
            attachments=[attachment],
            pdf_identifier=identifier,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            uncompressed_pdf=False,
        )


@functools.lru_cache(maxsize=8)
def parsed_stylesheet(css: str, root: Path) -> weasyprint.CSS:
    """Gives WeasyPrint's parsed form of a stylesheet, parsed once per process for each text and folder."""
    return weasyprint.CSS(string=css, base_url=root.as_uri() + "/", url_fetcher=TemplatesOnlyFetcher(root))


@contextlib.contextmanager
def _quiet_weasyprint():
    """WeasyPrint warns about the screen-only media queries; keep errors only, then restore."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def write_pdf(
    resolution: Resolution, path: Path, config: Config, json_bytes: bytes | None = None, extras: dict | None = None
) -> Path:
    """Gives the path of the written ``brief.pdf``."""
    path.write_bytes(pdf_bytes(resolution, config, json_bytes, extras))
    return path
