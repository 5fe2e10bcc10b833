"""HTML brief: one self-contained page rendered from ``brief.html.j2``.

The same template serves the PDF (``paged=True``): there the footnotes float
to the foot of the page instead of being gathered in a notes list.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from pipeline.config import DEFAULT_TEMPLATES, Config
from pipeline.errors import UNSAFE_ON_PAGE, without_unsafe
from pipeline.model import Resolution
from pipeline.render.view import BriefView, build_view, iter_paragraphs, load_labels

HTML_TEMPLATE = "brief.html.j2"
CSS_TEMPLATE = "brief.css"
PAGED_CSS_TEMPLATE = "brief-paged.css"  # the PDF's paged media, kept out of the browser's file


def css_string(value: object) -> str:
    """Gives the text escaped for use inside a double-quoted CSS string."""
    text = str(value)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return re.sub(r"[\x00-\x1f\x7f]", " ", text)


def css_content(pattern: object) -> str:
    """Gives CSS ``content`` for a pattern like 'Page {page} of {pages}'."""
    pieces = []
    for token in re.split(r"(\{page\}|\{pages\})", str(pattern)):
        if token == "{page}":
            pieces.append("counter(page)")
        elif token == "{pages}":
            pieces.append("counter(pages)")
        elif token:
            pieces.append(f'"{css_string(token)}"')
    return " ".join(pieces) or '""'


UN_SYMBOL = re.compile(r"(?:[A-Z][A-Za-z0-9.\-]*|\d+)(?:/[A-Za-z0-9.\-]*[A-Za-z0-9])+")  # A/RES/60/1, 78/229


NUMBERS_ONLY = re.compile(r"[\d/]+")  # "78/229": the line breaker keeps a number with its slashes whole (UAX #14 LB25)


def keep_symbols(value: object) -> Markup:
    """Gives text escaped, with every UN document symbol ("A/RES/60/1", "S/2025/12") kept on one line.

    A symbol of numbers only ("78/229") needs no span: Pango, like every UAX #14 line breaker, never breaks it
    (a span costs WeasyPrint as much as a line of text, and a General Assembly text cites dozens)."""
    text = str(escape(value))

    def glued(m: re.Match) -> str:
        return m.group() if NUMBERS_ONLY.fullmatch(m.group()) else f'<span class="nobr">{m.group()}</span>'

    return Markup(UN_SYMBOL.sub(glued, text))


SHORT_CITATION = 24  # characters: "A/CONF.192/15", "resolution 25/2" fit a margin note's line whole


def short_citation(value: object) -> bool:
    """Tells whether a citation is short enough to keep whole on one line (a long treaty citation breaks between
    words, its symbols still whole)."""
    return len(str(value)) <= SHORT_CITATION


def last_word(value: object) -> tuple[str, str]:
    """Gives (text before the last word, the last word): a footnote call is kept on the line of its word."""
    text = str(value)
    cut = len(text.rstrip())
    start = max(text.rfind(" ", 0, cut), text.rfind("\u00a0", 0, cut)) + 1
    return text[:start], text[start:]


def printed(value: object) -> object:
    """Gives a value as a template prints it: text without control or direction-override characters (NUL, ESC,
    BEL, U+202E never reach the page), escaped markup kept as markup."""
    if isinstance(value, str) and UNSAFE_ON_PAGE.search(value):
        return Markup(without_unsafe(value)) if isinstance(value, Markup) else without_unsafe(value)
    return value


@functools.lru_cache(maxsize=8)
def make_environment(templates: Path, sandboxed: bool) -> jinja2.Environment:
    """Gives the Jinja environment: autoescaping, strict undefined, every printed value without unsafe
    characters, sandboxed if asked; one per templates folder, so that a batch compiles each template once (a
    changed template file is read again, Jinja checks its time)."""
    cls = SandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        # A user folder may hold only the templates it changes; the rest come
        # from the project's own folder.
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(templates)), jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES))]
        ),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "j2", "htm"),
            disabled_extensions=("css",),
            default_for_string=True,
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=printed,
    )
    env.filters["css_string"] = css_string
    env.filters["css_content"] = css_content
    env.filters["keep_symbols"] = keep_symbols
    env.filters["last_word"] = last_word
    env.tests["short_citation"] = short_citation
    return env


def inline_css(css: str) -> Markup:
    """Gives CSS text safe to inline in a <style> element: the .css templates are rendered without HTML escaping
    ("a > b", 'content: " · "' must stay as they are), so only close-tag sequences are neutralised."""
    return Markup(re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE))


def _stylesheet(env: jinja2.Environment, labels: dict, paged: bool = False, has_notes: bool = True) -> Markup:
    """Gives the rendered CSS, safe to inline in a <style> element: the browser's, and for the PDF
    (``paged``) the paged-media stylesheet after it."""
    css = env.get_template(CSS_TEMPLATE).render(labels=labels)
    if paged:
        css += "\n" + env.get_template(PAGED_CSS_TEMPLATE).render(labels=labels, has_notes=has_notes)
    return inline_css(css)


def has_margin_notes(view: BriefView) -> bool:
    """Tells whether any paragraph of the text carries a margin note (annotations or references)."""
    items = [p for part in view.parts for p in iter_paragraphs(part.items)] + [
        i for part in view.parts for a in part.annexes for i in a.items
    ]
    return any(p.annotations or p.refs for p in items if hasattr(p, "annotations"))


def brief_stylesheet(view: BriefView, config: Config, paged: bool = False) -> Markup:
    """Gives the CSS of a brief view: the browser's, and for the PDF (``paged``) the paged-media stylesheet after it
    (its margin column only when the text has margin notes)."""
    env = make_environment(Path(config.templates), config.custom_templates)
    return _stylesheet(env, view.labels, paged, has_notes=has_margin_notes(view))


def html_from_view(view: BriefView, config: Config, paged: bool = False, css: str | None = None) -> str:
    """Gives the HTML text of a brief view (``paged`` for the PDF's layout) with ``css`` in its head: by default
    :func:`brief_stylesheet`, none for ``""`` (the PDF gives WeasyPrint the stylesheet parsed once)."""
    env = make_environment(Path(config.templates), config.custom_templates)
    if css is None:
        css = brief_stylesheet(view, config, paged)
    return env.get_template(HTML_TEMPLATE).render(v=view, labels=view.labels, css=css, paged=paged)


def render_html(resolution: Resolution, config: Config, paged: bool = False, extras: dict | None = None) -> str:
    """Gives the HTML text of the brief for a resolution."""
    view = build_view(resolution, load_labels(Path(config.templates)), extras)
    return html_from_view(view, config, paged=paged)


def write_html(resolution: Resolution, path: Path, config: Config, extras: dict | None = None) -> Path:
    """Gives the path of the written ``brief.html`` (UTF-8, LF line ends)."""
    path.write_text(render_html(resolution, config, extras=extras), encoding="utf-8", newline="\n")
    return path
