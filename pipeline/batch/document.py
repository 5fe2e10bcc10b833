"""One document: a PDF through every stage to a Resolution, and the Resolution to its pack of artifacts."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.annotate import annotated
from pipeline.clean import clean
from pipeline.config import Config
from pipeline.errors import ConversionError
from pipeline.extract import check_text_layer, extract
from pipeline.model import Resolution, to_json
from pipeline.segment import segment

JSON_NAME = "resolution.json"
ARTIFACT_NAMES = {"json": JSON_NAME, "html": "brief.html", "pdf": "brief.pdf", "docx": "brief.docx"}


def sha256_file(path: Path) -> str:
    """Gives the sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def convert(path: Path, config: Config = Config()) -> Resolution:
    """Gives the Resolution a PDF holds (extract, clean, segment, annotate), or raises ConversionError."""
    extracted = extract(path, config)
    check_text_layer(extracted)
    return annotated(segment(clean(extracted)))


def write_pack(res: Resolution, folder: Path, config: Config) -> dict[str, str]:
    """Writes resolution.json and the briefing pack into folder; gives each file's sha256."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / JSON_NAME).write_text(to_json(res), encoding="utf-8")
    rendered = [f for f in config.formats if f != "json"]
    if rendered:
        from pipeline.render import render  # imported late: WeasyPrint is slow to load

        try:
            render(res, folder, config)
        except ConversionError:
            raise
        except Exception as exc:
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
    """Gives the one-line count of what a converted document holds, for the progress line."""
    holders = [res, *res.parts]
    counts = (
        f"{sum(len(h.preamble) for h in holders)} preambular, "
        f"{sum(len(h.operative) for h in holders)} operative, "
        f"{sum(len(h.footnotes) for h in holders)} footnotes"
    )
    return f"{len(res.parts)} parts: {counts}" if res.parts else counts
