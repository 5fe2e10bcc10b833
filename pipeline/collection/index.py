"""index.html: one self-contained page listing every document of the batch, searchable and sortable offline.

The rows are written in HTML (every text escaped by the template engine), so
the page reads without scripts; an inline script only filters and sorts the
rows already there.  Styles and script are inline, nothing is fetched.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from pipeline.config import DEFAULT_TEMPLATES, Config
from pipeline.errors import UNSAFE_ON_PAGE, without_unsafe

TEMPLATE = "collection.html.j2"
STYLE = "collection.css"
SCRIPT = "collection.js"
MAX_ASK = 160  # characters of an ask's words in a row; the registry has them all


def _template_file(config: Config, name: str) -> Path:
    """Gives a template file from the templates folder, or the project's own when that folder has none."""
    own = Path(config.templates) / name
    return own if own.is_file() else DEFAULT_TEMPLATES / name


def _printed(value: object) -> object:
    """A value as the page prints it: text without control or direction-override characters."""
    if isinstance(value, str) and not isinstance(value, Markup) and UNSAFE_ON_PAGE.search(value):
        return without_unsafe(value)
    return value


def environment(config: Config) -> jinja2.Environment:
    """Gives the Jinja environment of the index: autoescaping, strict undefined, sandboxed for a user's templates
    (the briefs' own environment lives in ``render``, whose import loads WeasyPrint)."""
    cls = SandboxedEnvironment if config.custom_templates else jinja2.Environment
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(str(config.templates)), jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES))]
    )
    return cls(
        loader=loader,
        autoescape=jinja2.select_autoescape(enabled_extensions=("j2",), disabled_extensions=("css",), default=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=_printed,
    )


def inline(text: str, element: str) -> Markup:
    """Gives CSS or script text safe inside its element: no sequence that would close it."""
    return Markup(re.sub(rf"</({element})", r"<\\/\1", text, flags=re.IGNORECASE).replace("<!--", "<\\!--"))


def shortened(text: str, limit: int = MAX_ASK) -> str:
    """Gives the text cut at a word before ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def row_view(doc: dict) -> dict:
    """Gives what one row of the index shows of a document of collection.json."""
    paragraphs = doc.get("paragraphs") or {}
    files = doc.get("files") or {}
    pack = files.get("pack") or {}
    return {
        "name": doc["name"],
        "symbol": doc.get("symbol") or doc["name"],
        "href": pack.get("html") or pack.get("pdf") or pack.get("json"),
        "title": doc.get("title") or "",
        "body": doc.get("body") or "",
        "committee": doc.get("committee") or "",
        "agenda_items": doc.get("agenda_items") or [],
        "date": doc.get("date_adopted") or "",
        "preamble": paragraphs.get("preamble", 0),
        "operative": paragraphs.get("operative", 0),
        "asks": [{**a, "task": shortened(a.get("task") or "")} for a in doc.get("asks") or []],
        "mandates": doc.get("mandates", 0),
        "pack": pack,
        "comparisons": files.get("comparisons") or [],
    }


def index_html(collection: dict, config: Config) -> bytes:
    """Gives index.html for a collection (``links.collection_dict``)."""
    env = environment(config)
    css = env.get_template(STYLE).render()
    script = _template_file(config, SCRIPT).read_text(encoding="utf-8")
    rows = [row_view(d) for d in collection["documents"]]
    names = {d["name"]: d.get("symbol") or d["name"] for d in collection["documents"]}
    links: dict[str, list[dict]] = {}
    for link in collection["links"]:
        if link["relation"] != "cites":
            links.setdefault(link["from"], []).append({**link, "symbol": names.get(link["to"], link["to"])})
    html = env.get_template(TEMPLATE).render(
        rows=rows, links=links, css=inline(css, "style"), script=inline(script, "script")
    )
    return html.encode("utf-8")
