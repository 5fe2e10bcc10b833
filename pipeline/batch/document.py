"""One document: a PDF through every stage to a Resolution, and the Resolution to its pack of artifacts.

After the stages, ``reading_warnings`` checks the reading for what the
pipeline can tell went wrong (footnotes called but never found, a page whose
text gave nothing) and adds it to ``warnings``, with the pages the extract
stage had to read by their content (broken boxes, a /Rotate that turns the
text); a converted document never hides a reading it knows is damaged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.akn import read_resolution
from pipeline.annotate import annotated
from pipeline.clean import clean
from pipeline.config import Config
from pipeline.errors import ConversionError
from pipeline.extract import check_text_layer, extract, number_ranges, page_list, read_regular_file
from pipeline.model import Cleaned, Extracted, Resolution, to_json
from pipeline.segment import segment

JSON_NAME = "resolution.json"
ARTIFACT_NAMES = {
    "json": JSON_NAME,
    "html": "brief.html",
    "pdf": "brief.pdf",
    "docx": "brief.docx",
    "akn": "resolution.akn.xml",
    "ics": "calendar.ics",
}
MIN_PAGE_TEXT = 200  # printed characters that make a page's text worth a paragraph or a footnote


def sha256_file(path: Path) -> str:
    """Gives the sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _paragraphs(holder):
    """Gives every paragraph and sub-paragraph of a resolution or part, annex paragraphs included."""

    def walk(items):
        for item in items:
            yield item
            yield from walk(getattr(item, "subparagraphs", []))

    yield from holder.preamble
    yield from walk(holder.operative)
    for annex in getattr(holder, "annexes", []):
        yield from annex.paragraphs


def _printed(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _silent_pages(extracted: Extracted, cleaned: Cleaned) -> list[int]:
    """Gives the pages with printed text from which no paragraph or footnote was read: no paragraph starts there,
    no footnote is there, and the paragraph running on from an earlier page is too short to have filled it."""
    printed = {page.number: sum(_printed(c.text) for c in page.chars) for page in extracted.pages}
    starts = {b.page for b in cleaned.blocks} | {n.page for n in cleaned.footnotes}
    silent = []
    for number, count in printed.items():
        if count < MIN_PAGE_TEXT or number in starts:
            continue
        before = [b for b in cleaned.blocks if b.page < number]  # pages are read in order
        if before:
            running = before[-1]  # blocks are in reading order: the paragraph that runs on
            between = sum(printed.get(n, 0) for n in range(running.page + 1, number + 1))
            if _printed(running.text) * 2 >= between:
                continue
        silent.append(number)
    return silent


def _lost(holder, found: set[str]) -> list[str]:
    """Gives the footnote markers called in a resolution's or part's paragraphs that ``found`` does not hold."""
    called = {m for p in _paragraphs(holder) for m in (getattr(p, "footnotes", None) or [])}
    return sorted(called - found, key=lambda m: (not m.isdigit(), int(m) if m.isdigit() else 0, m))


def _markers(lost: list[str]) -> str:
    numbers = [int(m) for m in lost if m.isdigit()]
    return number_ranges(numbers) if len(numbers) == len(lost) else ", ".join(lost)


def reading_warnings(extracted: Extracted, cleaned: Cleaned, res: Resolution) -> list[str]:
    """Gives the warnings for a reading that detectably went wrong: footnotes called in the text whose notes were
    never found (read into the paragraphs?), and pages whose printed text gave no paragraph and no footnote."""
    warnings = []
    shared = {n.marker for n in res.footnotes}
    everywhere = shared | {n.marker for part in res.parts for n in part.footnotes}
    # Each resolution or decision of a document numbers its own notes: a part's call is answered by its own
    # notes (or the document's); a call outside the parts by any note.
    losses = [("", _lost(res, everywhere))]
    losses += [
        (part.number or f"part {i}", _lost(part, shared | {n.marker for n in part.footnotes}))
        for i, part in enumerate(res.parts, 1)
    ]
    losses = [(where, lost) for where, lost in losses if lost]
    if len(losses) == 1 and not losses[0][0]:  # a document of one resolution, or calls outside its parts only
        lost = losses[0][1]
        warnings.append(
            f"footnote{'s' if len(lost) > 1 else ''} {_markers(lost)} called in the text but not found at any page "
            "foot (read into the paragraphs?)"
        )
    elif losses:
        shown = "; ".join(
            f"{where or 'outside them'} note{'s' if len(lost) > 1 else ''} {_markers(lost)}" for where, lost in losses
        )
        warnings.append(
            f"footnotes called in the text but not found at any page foot (read into the paragraphs?): {shown}"
        )
    silent = _silent_pages(extracted, cleaned)
    if silent:
        warnings.append(f"{page_list(silent)}: printed text but no paragraph or footnote read from it")
    return warnings


def is_akn(path: Path) -> bool:
    """Tells whether an input is read as Akoma Ntoso XML (its name ends in ".xml") rather than as a PDF."""
    return Path(path).name.lower().endswith(".xml")


def convert(path: Path, config: Config = Config()) -> Resolution:
    """Gives the Resolution a PDF holds (extract, clean, segment, annotate), or an Akoma Ntoso file (read, then
    annotated), or raises ConversionError; its ``warnings`` say what the reading had to repair or could not."""
    if is_akn(path):
        data = read_regular_file(Path(path), config.max_bytes, "an Akoma Ntoso file")
        return annotated(read_resolution(path, data))
    extracted = extract(path, config)
    check_text_layer(extracted)
    cleaned = clean(extracted)
    res = segment(cleaned)
    res.warnings = extracted.warnings + res.warnings + reading_warnings(extracted, cleaned, res)
    return annotated(res)


def write_pack(res: Resolution, folder: Path, config: Config) -> dict[str, str]:
    """Writes resolution.json and the briefing pack into folder; gives each file's sha256."""
    rendered = [f for f in config.formats if f != "json"]
    if rendered:
        from pipeline.render import metadata_warnings  # imported late: WeasyPrint is slow to load

        res.warnings.extend(w for w in metadata_warnings(res, config) if w not in res.warnings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / JSON_NAME).write_text(to_json(res), encoding="utf-8")
    if rendered:
        from pipeline.render import render

        try:
            render(res, folder, config)
        except ConversionError:
            raise
        except Exception as exc:  # a template's error (jinja2's TemplateNotFound is also an OSError) is one line
            if type(exc).__name__ == "SecurityError":  # jinja2.sandbox: a user template did something unsafe
                raise ConversionError(
                    f"{res.source.file}: template refused by the sandbox ({exc})", "template"
                ) from exc
            if exc.__class__.__module__.startswith("jinja2"):
                raise ConversionError(
                    f"{res.source.file}: template error ({type(exc).__name__}: {exc})", "template"
                ) from exc
            raise
    return {f.name: sha256_file(f) for f in sorted(folder.iterdir()) if f.is_file()}


def summary_of(res: Resolution) -> str:
    """Gives the one-line count of what a converted document holds, for the progress line, with its warnings."""
    holders = [res, *res.parts]
    counts = (
        f"{sum(len(h.preamble) for h in holders)} preambular, "
        f"{sum(len(h.operative) for h in holders)} operative, "
        f"{sum(len(h.footnotes) for h in holders)} footnotes"
    )
    line = f"{len(res.parts)} parts: {counts}" if res.parts else counts
    if len(res.warnings) == 1:
        line += f"; warning: {res.warnings[0]}"
    elif res.warnings:
        line += f"; {len(res.warnings)} warnings, the first: {res.warnings[0]}"
    return line
