"""The render stage: a Resolution becomes brief.html, brief.pdf and brief.docx.

This module only dispatches; the layouts live in render_html, render_pdf and
render_docx, which all walk the same view (render_view).  Wording and look
live in the templates folder (brief.html.j2, brief.css, labels.json).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from pipeline.config import Config
from pipeline.model import Resolution
from pipeline.render_docx import write_docx
from pipeline.render_html import write_html
from pipeline.render_pdf import TemplatesOnlyFetcher, write_pdf

__all__ = ["render", "OUTPUT_NAMES", "TemplatesOnlyFetcher"]

OUTPUT_NAMES = {"html": "brief.html", "pdf": "brief.pdf", "docx": "brief.docx"}
NOT_RENDERED_HERE = {"json"}    # the caller writes resolution.json


def render(resolution: Resolution, out_dir: Path, config: Config, *,
           json_bytes: bytes | None = None) -> dict[str, Path]:
    """Gives {format: path} for the briefs written into out_dir (html, pdf, docx as configured)."""
    unknown = set(config.formats) - set(OUTPUT_NAMES) - NOT_RENDERED_HERE
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[Path], Path]] = {
        "html": lambda p: write_html(resolution, p, config),
        "pdf": lambda p: write_pdf(resolution, p, config, json_bytes=json_bytes),
        "docx": lambda p: write_docx(resolution, p, config),
    }
    written = {}
    for fmt in OUTPUT_NAMES:          # fixed order, whatever order config lists
        if fmt in config.formats:
            written[fmt] = writers[fmt](out_dir / OUTPUT_NAMES[fmt])
    return written
