"""Stage 5: a Resolution becomes brief.html, brief.pdf and brief.docx.

This module only dispatches.  ``view`` turns the Resolution into the one
view every writer walks (cover rows, paragraphs with their footnote calls,
annexes) and ``annotations`` the summary page and margin notes; then one
module per format: ``html`` (Jinja templates), ``pdf`` (the HTML laid out by
WeasyPrint) and ``docx`` (python-docx).  A new output format is a module
here with a ``write_<format>`` function, added to :data:`OUTPUT_NAMES` and
the writers below; ``akn`` writes resolution.akn.xml (Akoma Ntoso).  Wording and look live in the templates folder
(brief.html.j2, brief.css, labels.json).  A comparison of two texts is
written by :func:`render_comparison`: ``comparison`` (its view, HTML and
PDF) and ``tracked`` (the DOCX with tracked changes), from
comparison.html.j2 and comparison.css.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from pipeline.compare.comparison import Comparison, comparison_json
from pipeline.config import Config
from pipeline.errors import UNSAFE_ON_PAGE
from pipeline.model import Resolution, to_dict
from pipeline.render.akn import write_akn
from pipeline.render.comparison import OUTPUT_NAMES as COMPARISON_NAMES
from pipeline.render.comparison import write_comparison_html, write_comparison_pdf
from pipeline.render.docx import PROPERTY_LIMIT, write_docx
from pipeline.render.html import write_html
from pipeline.render.ical import write_calendar
from pipeline.render.pdf import TemplatesOnlyFetcher, write_pdf
from pipeline.render.view import load_labels, numbered_title

__all__ = [
    "render",
    "render_comparison",
    "extras_of",
    "metadata_warnings",
    "OUTPUT_NAMES",
    "COMPARISON_NAMES",
    "TemplatesOnlyFetcher",
]

EXTRA_KEYS = ("references", "annotations")


def extras_of(data: dict) -> dict | None:
    """Gives the annotator's keys of a resolution.json dict, or None when it has none."""
    found = {k: data[k] for k in EXTRA_KEYS if isinstance(data, dict) and data.get(k) is not None}
    return found or None


def own_extras(resolution: Resolution) -> dict | None:
    """Gives the annotator's references and annotations a Resolution carries itself, as a pack renders them."""
    return extras_of({"references": resolution.references or None, "annotations": resolution.annotations})


def _unsafe_places(data: object, where: str = "") -> list[str]:
    """Gives the ids (or keys) of the parts of a resolution's data whose text holds unsafe characters."""
    if isinstance(data, str):
        return [where or "text"] if UNSAFE_ON_PAGE.search(data) else []
    if isinstance(data, dict):
        here = data.get("id") if isinstance(data.get("id"), str) else None
        found = []
        for key, value in data.items():
            found += _unsafe_places(value, here or (where if where else key))
        return found
    if isinstance(data, list):
        return [w for item in data for w in _unsafe_places(item, where)]
    return []


def metadata_warnings(resolution: Resolution, config: Config) -> list[str]:
    """Gives the warnings for what the briefs cannot hold as the resolution has it: control or direction-override
    characters (left out of every brief; resolution.json keeps them) and a title or symbol longer than the
    Word file's properties hold (cut to their first 255 characters)."""
    warnings = []
    data = to_dict(resolution)
    places = list(dict.fromkeys(_unsafe_places({k: v for k, v in data.items() if k not in ("source",)})))
    if places:
        shown = ", ".join(places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else "")
        warnings.append(
            f"control or direction-override characters in {shown}: left out of the briefs (resolution.json keeps them)"
        )
    if "docx" in config.formats:
        title = numbered_title(resolution.number, resolution.title, load_labels(Path(config.templates)))
        for what, value in (("title", title or resolution.symbol), ("symbol", resolution.symbol)):
            if value and len(value) > PROPERTY_LIMIT:
                warnings.append(
                    f"the {what} is {len(value)} characters long: the Word file's properties hold its first "
                    f"{PROPERTY_LIMIT}"
                )
    return warnings


def _calendar_data(resolution: Resolution, extras: dict | None) -> dict:
    """Gives what calendar.ics is made of: the resolution's symbol, title, dates and the annotations rendered."""
    data = {k: getattr(resolution, k) for k in ("symbol", "title", "date_adopted", "date_issued")}
    data["annotations"] = (extras or {}).get("annotations")
    return data


OUTPUT_NAMES = {
    "html": "brief.html",
    "pdf": "brief.pdf",
    "docx": "brief.docx",
    "akn": "resolution.akn.xml",
    "ics": "calendar.ics",
}
NOT_RENDERED_HERE = {"json"}  # the caller writes resolution.json
PACK_ONLY = {"akn", "ics"}  # formats of a pack that a comparison has no file for


def render(
    resolution: Resolution,
    out_dir: Path,
    config: Config,
    *,
    json_bytes: bytes | None = None,
    extras: dict | None = None,
) -> dict[str, Path]:
    """Gives {format: path} for the briefs written into out_dir (html, pdf, docx as configured).

    ``extras`` is what the annotator adds, ``{"references": [...], "annotations": {...}}``
    (as stored at the top of resolution.json); either key may be missing.  By default
    they are the resolution's own ``references`` and ``annotations``; without them the
    summary page shows counts and warnings only and the text has no margin notes.
    """
    if extras is None:
        extras = own_extras(resolution)
    unknown = set(config.formats) - set(OUTPUT_NAMES) - NOT_RENDERED_HERE
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[Path], Path]] = {
        "html": lambda p: write_html(resolution, p, config, extras=extras),
        "pdf": lambda p: write_pdf(resolution, p, config, json_bytes=json_bytes, extras=extras),
        "docx": lambda p: write_docx(resolution, p, config, extras=extras),
        "akn": lambda p: write_akn(resolution, p, config),
        "ics": lambda p: write_calendar(_calendar_data(resolution, extras), p, Path(config.templates)),
    }
    written = {}
    for fmt in OUTPUT_NAMES:  # fixed order, whatever order config lists
        if fmt in config.formats:
            written[fmt] = writers[fmt](out_dir / OUTPUT_NAMES[fmt])
    return written


def render_comparison(comparison: Comparison, out_dir: Path, config: Config) -> dict[str, Path]:
    """Gives {format: path} for comparison.json, .html, .pdf and .docx written into out_dir (as configured)."""
    from pipeline.render.tracked import write_comparison_docx

    unknown = set(config.formats) - set(COMPARISON_NAMES) - PACK_ONLY
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[Path], Path]] = {
        "json": lambda p: p.write_text(comparison_json(comparison), encoding="utf-8", newline="\n") and p,
        "html": lambda p: write_comparison_html(comparison, p, config),
        "pdf": lambda p: write_comparison_pdf(comparison, p, config),
        "docx": lambda p: write_comparison_docx(comparison, p, config),
    }
    written = {}
    for fmt in COMPARISON_NAMES:
        if fmt in config.formats:
            written[fmt] = writers[fmt](out_dir / COMPARISON_NAMES[fmt])
    return written
