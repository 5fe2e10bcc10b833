"""Mandates: what an action asks of each addressee, the reports it asks for, and the body's own dated acts.

A mandate is one row of the registry a delegate or a secretariat officer keeps: who (``actor``,
its printed words in ``actor_text``), what (``type`` and ``task``), to whom (``to``, for a report),
by when (``due``, ``every``) and how it is paid for (``budget``).  Types: ``task``, ``report``,
``extension`` and ``decision`` (the adopting body's own dated acts, ``self: true``), and the
follow-up a paragraph sets (``agenda item``, ``consideration``, ``seized``) read with the phrase
lexicon ``lexicon/followup.tsv``.  Budget notes come from ``lexicon/budgets.tsv``.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from pipeline.annotate.actors import infinitive
from pipeline.annotate.due import ORDINAL_WORD, ga_session
from pipeline.lexicon import read_lexicon
from pipeline.lexicon.numbers import ordinal

_SESSION = rf"(?:its|the)\s+(?P<ord>{ORDINAL_WORD})\s+(?:regular\s+)?session"
_EXTENDS_REPORTING = re.compile(
    r"\b(?:[Ee]xtends?|[Ee]xtend|[Rr]enews?|[Rr]enew|[Ee]xtending)\b[^;]{0,300}?\breporting\s+(?:request|requests|requirements?|"
    r"cycles?|period|obligations?)\b"
)
_UPDATED_REPORTS = re.compile(
    r"\breferences\s+to\s+(?P<kinds>[^;]{0,80}?)\breports?\s+of\s+(?P<by>the\s+[A-Z][\w ]+?)\s+(?:should|shall)\s+be\s+updated\b"
)


@functools.lru_cache(maxsize=None)
def follow_up_lexicon() -> tuple[tuple[str, re.Pattern], ...]:
    """Gives the (type, pattern) rows of ``lexicon/followup.tsv``."""
    rows = []
    for kind, pattern in read_lexicon("followup.tsv"):
        rows.append((kind, re.compile(pattern.replace("{session}", _SESSION))))
    return tuple(rows)


@functools.lru_cache(maxsize=None)
def budget_lexicon() -> tuple[tuple[str, re.Pattern], ...]:
    """Gives the (note, pattern) rows of ``lexicon/budgets.tsv``."""
    return tuple((note, re.compile(pattern)) for note, pattern in read_lexicon("budgets.tsv"))


def find_budget(text: str) -> Optional[str]:
    """Gives how a mandate is to be paid for ("within existing resources", ...) or None."""
    for note, pattern in budget_lexicon():
        if pattern.search(text):
            return note
    return None


def find_follow_up(text: str, body: Optional[str], offset: int = 0) -> list[dict]:
    """Gives agenda items to include, questions to consider at a session and "remains seized" in ``text``."""
    out: list[dict] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in follow_up_lexicon():
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            span = [offset + m.start(), offset + m.end()]
            if kind == "seized":
                out.append({"type": "seized", "body": body, "active": "actively" in m.group(0), "span": span})
                continue
            n = ordinal(m.group("ord"))
            rest = text[m.start() : m.end() + 400].split(";")[0]
            titles = re.findall(r"\bentitled\s+“([^”]+)”", rest)
            entry = {"type": kind, "session": n, "body": body, "span": span}
            if kind == "agenda item":
                entry["item"] = titles[-1] if titles else None
                entry["under"] = titles[0] if len(titles) > 1 else None
            else:
                what = re.sub(r"^\S+\s+", "", m.group(0))
                entry["item"] = re.split(r"\s+(?:at|during)\s+(?:its|the)\s", what)[0].strip(" ,") or None
            if body == "General Assembly" and n:
                entry.update(ga_session(n))
            out.append(entry)
    return sorted(out, key=lambda e: e["span"][0])


def task_text(clause: str, after_verb: int, after_actors: Optional[int] = None) -> str:
    """The words saying what is asked: the clause after its actors and their infinitive or modal.

    ``after_actors`` is where the last addressee's printed words end, when known: "Demands Member
    States stop providing arms" gives "stop providing arms", "Requests the Secretary-General, within
    existing resources, to submit a report" gives "submit a report".
    """
    start = after_actors if after_actors is not None and after_actors >= after_verb else after_verb
    after = clause[start:]
    modal = re.match(r"\s*(?:(?:to\s+)?that\b.{0,200}?)?\b(?:shall|should|will|must)\s+(?:not\s+)?", after)
    lead = None
    if after_actors is not None:
        end = infinitive(after)
        if end is not None and end.group(0) not in (";", ":"):
            between = re.sub(r",\s+[^,;]*(?:,|$)", " ", after[: end.start()])
            # the actors' own infinitive: right after them, after an insertion or a "that have not yet done so"
            # or after an insertion set off by commas: "Requests the GFRS, following consultation ..., to provide"
            inserted = re.fullmatch(r"\s*,[^;:]*,?\s*", after[: end.start()])
            if len(between.split()) <= 8 or re.match(r"\s*(?:that|which|who)\b", between) or inserted:
                lead = end
    if modal and (after_actors is None or modal.start() == 0) and modal.end() < 240:
        task = after[modal.end() :]
    elif lead:
        task = ("not " if lead.groupdict().get("neg") else "") + after[lead.end() :]
    elif after_actors is not None:
        task = after
    else:
        end = infinitive(after)
        task = after[end.end() :] if end and end.group(0) not in (";", ":") else after
        if end is not None and end.groupdict().get("neg"):
            task = "not " + task
    task = re.sub(r"\s+", " ", task).strip().strip(",").strip().rstrip(";,.")
    task = re.sub(r",?\s+(?:and|or)$", "", task)  # the conjunction before the paragraph's next clause
    return task  # whole: the registry gives the words as printed, the briefs shorten them for display


def reporting_extension(clause: str, me: Optional[str]) -> Optional[dict]:
    """A reporting request the body extends ("Extends the reporting request in paragraph 10 of resolution 2722
    (2024) until July 15, 2025"): the reporter it names, else the Secretary-General, who reports to the
    Council unless another reporter is named (``inferred``: the reporter is not printed)."""
    m = _EXTENDS_REPORTING.search(clause)
    if m:
        named = re.match(
            r"\s+(?:of|by)\s+(?P<by>the\s+[A-Z][\w -]+?)(?=[\s,;]+(?:in|until|to|for|as|and)\b|[,;]|$)",
            clause[m.end() :],
        )
        if named:
            return {"actor_text": named.group("by"), "inferred": False}
        return {"actor": "Secretary-General", "actor_text": None, "inferred": True}
    m = _UPDATED_REPORTS.search(clause)
    if m:
        return {"actor_text": m.group("by"), "inferred": False, "kinds": m.group("kinds")}
    return None
