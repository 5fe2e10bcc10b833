"""Operative verbs: the lexicon and its scale of force, and the verb phrase as printed.

Every verb of ``lexicon/verbs.tsv`` has a class on the scale of force (:data:`SCALE`); a verb not
in it is classed ``unknown``, never guessed.  The label shown to a reader is the verb phrase as
printed, by the rule of the annotation guide: its modifiers ("Also requests", "Strongly urges"),
the lexicon phrase, the words that belong to the verb ("Emphasizes again", "Emphasizes with
concern", "Reaffirms its commitment", "Endorses and supports", "Reiterates, for the twentieth
consecutive year, its deep concern" gives "Reiterates its deep concern"), and never a trailing
"of" ("Takes note of" is "Takes note"; "Calls upon", "Appeals to" and "Looks forward to" keep
theirs).  The lexicon phrase is kept apart as ``lemma``: it is what decides the class.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from pipeline.lexicon import read_lexicon

SCALE = {
    "decide": 5,
    "request": 4,
    "encourage": 3,
    "condemn": 2,
    "concern": 2,
    "emphasize": 2,
    "acknowledge": 1,
}
ASKS = ("decide", "request", "encourage")
SCALE_NOTE = (
    "force of an operative verb, strongest first: decide 5 (decides, demands: the body acts or binds) > "
    "request 4 (requests, calls upon, urges, authorizes: it asks an actor to act) > encourage 3 (encourages, "
    "invites, recommends: it asks softly) > condemn 2 (condemns, deplores: it censures) = concern 2 "
    "(expresses concern, notes with deep regret: it is worried or sorry) = emphasize 2 (stresses, reaffirms, "
    "recognizes: it states a position) > acknowledge 1 (welcomes, notes, recalls: it takes note); only the "
    "first three ask anyone to act; binding = a Security Council decision under Chapter VII"
)
_NOUN_AFTER = r"(?!\s+(?:of|for|from|by|received|made|submitted|verbales|to\s+the\s+effect|and\b|or\b))"
CHAPTER_VII = re.compile(r"Acting under Chapter VII of the Charter(?: of the United Nations)?")
# "To this end, we request ...", "Today, we ...": a short opening phrase before a first-person verb.
_INTRO_WE = re.compile(r"[A-Z][^,.;:“”]{0,60},\s+(?=we\s)")
# Words after the lexicon phrase that belong to the verb.
_ACTION_NOUNS = (
    r"commitments?|decisions?|requests?|calls?(?:\s+(?:upon|on))?|invitations?|intention|readiness|determination|"
    r"willingness|support|concerns?|appreciation|gratitude|condemnation|demands?|appeals?|encouragement|"
    r"recognition|conviction|hope|position|resolve|recommendations?|alarm|regret|satisfaction|expectation|"
    r"belief|view|solidarity|sympathy|condolences|congratulations|thanks|welcome|call\s+to|request\s+to"
)
_ITS_NOUN = re.compile(
    rf"(?:,\s+[^,;:“”]{{1,80}},)?\s+(?P<its>(?:its|their|our)\s+(?:[a-z-]+\s+){{0,2}}?(?:{_ACTION_NOUNS}))(?![\w-])"
)
_WITH_FEELING = re.compile(
    r"\s+(?:with|in)\s+(?:(?:deep|grave|serious|great|particular|profound|utmost|strong)\s+)?"
    r"(?:concern|appreciation|satisfaction|regret|interest|alarm|gratitude|sorrow)(?![\w-])"
)
_AGAIN = re.compile(r"\s+(?:once\s+again|again|once\s+more|further|anew)(?![\w-])")


@dataclass
class Verb:
    """A verb phrase of an operative text: where it is, as printed, its lexicon phrase and class."""

    start: int
    end: int  # end of the printed label
    label: str
    lemma: str
    cls: str
    future: bool = False  # the body announces its own future act ("expresses its intention to review")


@functools.lru_cache(maxsize=None)
def verb_lexicon() -> tuple[dict[str, tuple[str, bool]], re.Pattern, re.Pattern]:
    """Gives ({verb phrase: (class, future)}, lead-verb pattern, later-verb pattern) from ``lexicon/verbs.tsv``."""
    rows = read_lexicon("verbs.tsv")
    verbs = {r[0]: (r[1], len(r) > 2 and r[2] == "future") for r in rows if r[1] != "modifier"}
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
def _verb_alternation() -> str:
    """The lexicon's verb phrases as one regular-expression alternation, longest first."""
    verbs = verb_lexicon()[0]
    return "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))


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


def verb_at(text: str, m: re.Match) -> Verb:
    """Gives the verb phrase a lexicon match starts, extended by the guide's rule (see the module's docstring)."""
    verbs, lead, _ = verb_lexicon()
    lemma = m.group("verb").lower()
    start = m.start("mods") if m.group("mods") else m.start("verb")
    end = m.end("verb")
    label = text[start:end]
    # "Endorses and supports": a second verb joined without a comma is part of the same act.
    both = re.match(rf"\s+and\s+(?P<verb>{_verb_alternation()})(?![\w-])", text[end:], re.I)
    if both and not re.match(r"\s+and\s+(?:to|that)\b", text[end:]):
        second = both.group("verb").lower()
        if verbs.get(second) and second.split()[0].endswith("s"):
            label, end = text[start : end + both.end()], end + both.end()
            joined = f"{lemma} and {second}"
            lemma = joined if joined in verbs else lemma
    more = _AGAIN.match(text, end) or _WITH_FEELING.match(text, end)
    if more and not lemma.endswith((" concern", " regret", " appreciation", " satisfaction", " interest")):
        label, end = label + text[end : more.end()], more.end()
    its = _ITS_NOUN.match(text, end)
    if its and not re.search(r"\b(?:its|their|our)\b", lemma):
        extended = f"{lemma} {its.group('its').lower()}"
        label, end = f"{label} {its.group('its')}", its.end()
        if extended in verbs:
            lemma = extended
    cls, future = verbs.get(lemma, ("unknown", False))
    if label.lower().endswith(" of"):
        label = label[:-3]
    return Verb(start, end, label, lemma, cls, future)


def lead_action(text: str) -> Optional[Verb]:
    """Gives the verb opening ``text`` ("Also requests", "Acting under Chapter VII ..., decides"), or None."""
    _, lead, _ = verb_lexicon()
    start = 0
    ch7 = CHAPTER_VII.match(text)
    if ch7:
        start = re.match(r"[^,]*,\s*", text[ch7.start() :]).end() if "," in text[: ch7.end() + 60] else ch7.end()
    intro = _INTRO_WE.match(text, start)
    m = lead.match(text, intro.end() if intro else start)
    return verb_at(text, m) if m else None


# An amendment's instruction: "In operative paragraph 64, after “...” insert “...”", "Replace the fifth
# preambular paragraph with ...", "After operative paragraph 3, add a new paragraph reading: ...".
_AMENDMENT = re.compile(
    r"(?:(?:In|After|Before|At\s+the\s+end\s+of)\s+(?:the\s+)?[^,;“]{0,80}?"
    r"\b(?:paragraphs?|subparagraphs?|title|preamble|annex)\b[^,;“]{0,30},\s+"
    r"(?:(?:after|before|at\s+the\s+end|at\s+the\s+beginning)\b[^“;]{0,40}?(?:“[^”]*”\s+)?,?\s*)?)?"
    r"(?P<verb>(?i:insert|replace|delete|add|renumber|amend|reword))(?![\w-])"
)


def amendment_at_start(text: str) -> Optional[Verb]:
    """Gives the instruction an amendment's paragraph opens with (class ``amend``, the operation as printed), or None."""
    m = _AMENDMENT.match(text)
    if not m:
        return None
    return Verb(m.start("verb"), m.end("verb"), m.group("verb"), "amend", "amend")


def verbs_in(text: str) -> list[Verb]:
    """Gives every operative verb of a text in order: the one it opens with, then each later one
    ("Notes ..., and requests ...", "...; encourages ..."); a verb inside quoted words is not one."""
    _, _, later = verb_lexicon()
    found: list[Verb] = []
    first = lead_action(text)
    if first is None:
        instruction = amendment_at_start(text)
        if instruction is not None:
            return [instruction]  # the words it inserts are the amended text's, not acts of this one
    if first:
        found.append(first)
    else:
        word = re.match(r"\S+(?:\s\S+)?", text)
        found.append(Verb(0, 0, word.group(0) if word else "", "", "unknown"))
    quotes = [(q.start(), q.end()) for q in re.finditer(r"“[^”]*”", text)]
    for m in sorted(
        [*later.finditer(text, found[0].end), *first_person_lexicon().finditer(text, found[0].end)],
        key=lambda m: m.start("verb"),
    ):
        if any(a <= m.start() < b for a, b in quotes) or m.start("verb") < found[-1].end:
            continue
        found.append(verb_at(text, m))
    return found
