"""Footnote calls: where each marker is printed, and which call each note at a page foot answers.

A document may number its notes afresh (each UNFCCC annex starts again at 1;
Spanish decisions star several annex headings), so a marker alone does not
name a paragraph.  A note answers the nearest call with its marker printed on
its own page or before it that no earlier note took.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from pipeline.model import Cleaned, Footnote


@dataclass
class Calls:
    """Footnote calls in reading order: marker -> [(paragraph id, page the paragraph starts on)]."""

    by_marker: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    _taken: set = field(default_factory=set)

    def add(self, marker: str, paragraph: str, page: int) -> None:
        """Records that ``paragraph`` (starting on ``page``) carries the call ``marker``."""
        self.by_marker.setdefault(marker, []).append((paragraph, page))

    def __contains__(self, marker: str) -> bool:
        return marker in self.by_marker

    def answer(self, marker: str, page: int) -> Optional[str]:
        """Gives the paragraph whose call a note (marker, page) answers, and marks that call taken."""
        found = self.by_marker.get(marker) or []
        free = [i for i in range(len(found)) if (marker, i) not in self._taken]
        before = [i for i in free if found[i][1] <= page]
        if before:
            best = max(before, key=lambda i: (found[i][1], -i))  # nearest page, first call on it
        elif free:
            best = free[0]
        else:
            return found[0][0] if found else None  # the same note called again
        self._taken.add((marker, best))
        return found[best][0]


def notes_of(doc: Cleaned, where: Calls, pages: tuple[int, int] = (0, 10**6)) -> list[Footnote]:
    """Gives the document's footnotes on pages in ``pages``, each tied to the paragraph whose call it answers."""
    return [
        Footnote(marker=n.marker, text=n.text, paragraph=where.answer(n.marker, n.page), italic=list(n.italic))
        for n in doc.footnotes
        if pages[0] <= n.page <= pages[1] and not is_publication_note(n, where)
    ]


def is_publication_note(note, where: Calls) -> bool:
    """Tells a note on the symbol or a sponsor ("* Reissued for technical reasons") from a footnote of the text."""
    return note.page == 1 and set(note.marker) <= {"*"} and note.marker not in where


def publication_notes(doc: Cleaned, where: Calls) -> list[str]:
    """Gives the publication notes ("* Reissued for technical reasons") as printed."""
    return [(n.marker + " " + n.text).strip() for n in doc.footnotes if is_publication_note(n, where)]
