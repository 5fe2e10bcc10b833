"""Operative verbs: the lexicon of verbs and their class of force, and the verb that opens a paragraph.

Verbs are classed on a scale of force (:data:`SCALE`) from the lexicon
``lexicon/verbs.tsv``; a verb not in it is classed ``unknown``, never guessed.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from pipeline.lexicon import read_lexicon

SCALE = {"decide": 5, "request": 4, "encourage": 3, "condemn": 2, "emphasize": 2, "acknowledge": 1}
ASKS = ("decide", "request", "encourage")
SCALE_NOTE = (
    "force of an operative verb: decide 5 (decides, demands) > request 4 (requests, calls upon, "
    "urges, authorizes) > encourage 3 (encourages, invites, recommends) > condemn 2 = emphasize 2 "
    "> acknowledge 1 (welcomes, notes, recalls); binding = a Security Council decision under Chapter VII"
)
_NOUN_AFTER = r"(?!\s+(?:of|for|from|by|received|made|submitted|verbales|to\s+the\s+effect|and\b|or\b))"
CHAPTER_VII = re.compile(r"Acting under Chapter VII of the Charter(?: of the United Nations)?")
# "To this end, we request ...", "Today, we ...": a short opening phrase before a first-person verb.
_INTRO_WE = re.compile(r"[A-Z][^,.;:“”]{0,60},\s+(?=we\s)")


@functools.lru_cache(maxsize=None)
def verb_lexicon() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """Gives ({verb phrase: class}, lead-verb pattern, later-verb pattern) from ``lexicon/verbs.tsv``."""
    rows = read_lexicon("verbs.tsv")
    verbs = {r[0]: r[1] for r in rows if r[1] != "modifier"}
    mods = sorted((r[0] for r in rows if r[1] == "modifier"), key=len, reverse=True)
    alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    third = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True) if v.split()[0].endswith("s"))
    mod = "|".join(map(re.escape, mods))
    lead = re.compile(rf"(?P<mods>(?:(?:{mod}),?\s+)*)(?P<verb>{alt})(?![\w-])", re.I)
    later = re.compile(
        rf"(?:,\s+(?:and\s+)?|;\s+(?:and\s+)?|\s+and\s+)(?P<mods>(?:(?:{mod}),?\s+)*)"
        rf"(?P<verb>{third})(?![\w-]){_NOUN_AFTER}"
    )
    return verbs, lead, later


@functools.lru_cache(maxsize=None)
def first_person_lexicon() -> re.Pattern:
    """Gives the pattern of a first-person verb after the start of a paragraph ("... . In this context, we request")."""
    rows = read_lexicon("verbs.tsv")
    verbs = sorted((r[0] for r in rows if r[1] != "modifier"), key=len, reverse=True)
    mods = sorted((r[0] for r in rows if r[1] == "modifier" and r[0] != "we"), key=len, reverse=True)
    alt, mod = "|".join(map(re.escape, verbs)), "|".join(map(re.escape, mods))
    return re.compile(
        rf"(?:(?<=[.;:])\s+|,\s+(?:and\s+)?|\s+and\s+)(?:[A-Z][^,.;:“”]{{0,60}},\s+)?"
        rf"(?P<mods>[Ww]e\s+(?:(?:{mod}),?\s+)*)(?P<verb>{alt})(?![\w-])"
    )


def lead_action(text: str) -> Optional[tuple[int, int, str, str]]:
    """(start, end, printed verb, class) of the verb opening ``text`` ("Also requests", "Acting under ..., decides")."""
    verbs, lead, _ = verb_lexicon()
    start = 0
    ch7 = CHAPTER_VII.match(text)
    if ch7:
        start = re.match(r"[^,]*,\s*", text[ch7.start() :]).end() if "," in text[: ch7.end() + 60] else ch7.end()
    intro = _INTRO_WE.match(text, start)
    m = lead.match(text, intro.end() if intro else start)
    if not m:
        return None
    return m.start(), m.end(), text[m.start() : m.end()], verbs[m.group("verb").lower()]
