"""The one-page brief that opens every pack: what the resolution does, its asks, dates, money and history.

Built from the resolution's structure and the annotator's findings only: the lines saying what it
does are the opening words of the operative paragraphs that renew, decide or ask for something
dated (cut at their first clause), never invented prose.  What the document cannot tell (the vote)
is said to be not stated.  Details, warnings and scores are left to the appendix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from pipeline.render.annotations import AskView, CalendarRow, RefLink, shorten

__all__ = ["OnePage", "Line", "one_page", "does_lines", "budget_lines", "MAX_ASKS", "MAX_DATES"]

MAX_DOES = 4  # operative paragraphs quoted in "what it does"
MAX_ASKS = 5
MAX_DATES = 6  # with five asks and four lines the brief keeps to one A4 page
DOES_CHARS = 190
# the mandates that say what a resolution does, strongest first
DOES_RANK = {"extension": 0, "decision": 1, "amendment": 1, "report": 2, "task": 3}


@dataclass
class Line:
    """One line of the brief with the paragraph it comes from."""

    text: str
    where: Optional[RefLink] = None


@dataclass
class OnePage:
    """The one-page brief: plain lines, Chapter VII (Security Council only), asks, dates, budget, history."""

    structure: str
    does: list[Line] = field(default_factory=list)
    chapter_vii: Optional[str] = None  # None: not a Security Council text
    asks: list[AskView] = field(default_factory=list)
    more_asks: int = 0
    dates: list[CalendarRow] = field(default_factory=list)
    more_dates: int = 0
    budget: list[Line] = field(default_factory=list)
    predecessor: Optional[str] = None
    changes: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    vote: str = ""


def _first_clause(text: str) -> str:
    """Gives a paragraph's text up to its first clause end (";" or ":"), shortened, without the end mark."""
    text = re.sub(r"\s+", " ", text).strip()
    cut = re.split(r"(?<=[;:])\s", text, maxsplit=1)[0]
    return shorten(cut.rstrip(";:,. "), DOES_CHARS)


def does_lines(mandates: Iterable[tuple[dict, Any, Optional[RefLink]]]) -> list[Line]:
    """Gives the operative paragraphs that say what the text does, in text order: mandates renewed first,
    then decisions, then dated reports and tasks (``mandates`` pairs each with its top paragraph view)."""
    best: dict[str, tuple[int, int, Any, Optional[RefLink]]] = {}
    for order, (m, para, where) in enumerate(mandates):
        kind = m.get("type")
        if para is None or kind not in DOES_RANK or m.get("class") == "encourage":
            continue
        if kind in ("report", "task") and not m.get("due"):
            continue
        rank = DOES_RANK[kind]
        key = para.anchor
        if key not in best or rank < best[key][0]:
            best[key] = (rank, best.get(key, (0, order))[1], para, where)
    chosen = sorted(best.values(), key=lambda b: (b[0], b[1]))[:MAX_DOES]
    chosen.sort(key=lambda b: b[1])
    return [Line(_first_clause(p.text), where) for _, _, p, where in chosen if p.text.strip()]


def budget_lines(items: Iterable[tuple[Optional[str], Optional[RefLink]]], labels: dict) -> list[Line]:
    """Gives one line per budget condition ("within existing resources") with the paragraphs that set it."""
    groups: dict[str, list[RefLink]] = {}
    for budget, where in items:
        if not budget:
            continue
        links = groups.setdefault(budget, [])
        if where is not None and all(w.anchor != where.anchor for w in links):
            links.append(where)
    fmt = labels["onepage"]["budget"]
    return [
        Line(fmt.format(budget=b, where=", ".join(w.label for w in links)) if links else b)
        for b, links in groups.items()
    ]


def one_page(
    *,
    structure: str,
    mandates: list[tuple[dict, Any, Optional[RefLink]]],
    actions: list[tuple[dict, Optional[RefLink]]],
    annotations: dict,
    asks: list[AskView],
    more_asks: int,
    calendar: list[CalendarRow],
    predecessor: Optional[str],
    changes: list[str],
    sponsors: list[str],
    security_council: bool,
    labels: dict,
) -> OnePage:
    """Gives the one-page brief from what the view already holds."""
    words = labels["onepage"]
    chapter = None
    if security_council:
        found = annotations.get("chapter_vii") if isinstance(annotations.get("chapter_vii"), dict) else None
        binding = sum(1 for a, _ in actions if a.get("binding"))
        if found:
            chapter = words["chapter_vii_yes"].format(text=found.get("text") or "", n=binding)
        elif annotations:
            chapter = words["chapter_vii_no"]
    budget = budget_lines(((a.get("budget"), w) for a, w in actions), labels)
    return OnePage(
        structure=structure,
        does=does_lines(mandates),
        chapter_vii=chapter,
        asks=asks[:MAX_ASKS],
        more_asks=max(0, len(asks) - MAX_ASKS) + more_asks,
        dates=calendar[:MAX_DATES],
        more_dates=max(0, len(calendar) - MAX_DATES),
        budget=budget,
        predecessor=predecessor,
        changes=changes,
        sponsors=list(sponsors),
        vote=words["vote_not_stated"],
    )
