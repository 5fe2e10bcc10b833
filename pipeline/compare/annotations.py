"""The one place the comparison reads the annotator's output (``references`` and ``annotations``).

Everything the comparison needs from :mod:`pipeline.annotate` comes through
:func:`reading_of` as small plain records keyed by the unit a paragraph
belongs to (a sub-paragraph "op3.a" belongs to "op3"; a part's paragraph gets
the part's prefix, "part2/op3"): the verbs with their class and force, the
asks with their actors, reports with their due sessions and dates, the
documents cited, and the predecessor a resolution names.  When the
annotations change shape, only this module changes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from pipeline.annotate import annotated
from pipeline.compare.units import paragraph_of
from pipeline.model import Resolution

INTENSIFIERS = ("strongly", "urgently", "firmly", "deeply", "fully")  # modifiers that make a verb weigh more


@dataclass(frozen=True)
class Verb:
    """An operative verb as printed, its core (modifiers such as "also" removed), class and force."""

    paragraph: str
    printed: str
    core: str
    cls: str
    force: Optional[int]
    intensified: bool = False
    clause: str = ""  # the words it governs: from the verb to the next verb of the paragraph
    actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Due:
    """When something is due: the words as printed, the session and the date they give."""

    text: str
    session: Optional[int] = None
    date: Optional[str] = None


@dataclass(frozen=True)
class Ask:
    """What a paragraph asks of one actor: kind ("task", "report", ...), the task in words, and when it is due."""

    paragraph: str
    actor: str
    kind: str
    task: str
    due: tuple[Due, ...] = ()
    to: Optional[str] = None


@dataclass
class Reading:
    """What the annotations say of one text, by unit id."""

    verbs: dict[str, list[Verb]] = field(default_factory=dict)
    asks: dict[str, list[Ask]] = field(default_factory=dict)
    references: dict[str, list[str]] = field(default_factory=dict)  # unit id -> symbols it cites
    cited: list[str] = field(default_factory=list)  # every symbol cited, in order, once
    predecessor: Optional[str] = None  # the earlier resolution of the series it names


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _prefix(index: Optional[int]) -> str:
    return f"part{index + 1}/" if isinstance(index, int) else ""


def _dues(value: Any) -> tuple[Due, ...]:
    out = []
    for d in [value] if isinstance(value, dict) else _list(value):
        if isinstance(d, dict):
            session = d.get("session") if isinstance(d.get("session"), int) else None
            date = d.get("date") if isinstance(d.get("date"), str) else None
            out.append(Due(str(d.get("text") or ""), session, date))
    return tuple(out)


def _core(printed: str) -> tuple[str, bool]:
    words = printed.lower().split()
    intensified = any(w in INTENSIFIERS for w in words)
    skip = {"also", "further", "again", "once", "more", "therefore", "accordingly", "moreover", "furthermore"}
    skip |= set(INTENSIFIERS)
    core = " ".join(w for w in words if w not in skip) or printed.lower()
    return core, intensified


def _at(span: Any, index: int, default: int) -> int:
    if isinstance(span, (list, tuple)) and len(span) == 2 and isinstance(span[index], int):
        return span[index]
    return default


def _texts(res: Resolution) -> dict[str, str]:
    """Gives the text of every paragraph, sub-paragraph and annex paragraph an action can point at, by id."""
    out: dict[str, str] = {}

    def subs(items, prefix: str) -> None:
        for s in items:
            out[prefix + s.id] = s.text
            subs(s.subparagraphs, prefix)

    for prefix, part in [("", res)] + [(_prefix(i), p) for i, p in enumerate(res.parts)]:
        out.update({prefix + p.id: p.text for p in part.preamble})
        for o in part.operative:
            out[prefix + o.id] = o.text
            subs(o.subparagraphs, prefix)
        for a in part.annexes:
            out.update({prefix + p.id: p.text for p in a.paragraphs})
    return out


def _groups(annotations: dict) -> list[tuple[str, dict]]:
    groups = [("", annotations)]
    groups += [(_prefix(i), p) for i, p in enumerate(_list(annotations.get("parts"))) if isinstance(p, dict)]
    return groups


def reading_of(res: Resolution) -> Reading:
    """Gives what the annotations say of a resolution (annotating it first when it has no annotations)."""
    if not isinstance(res.annotations, dict):
        res = annotated(copy.deepcopy(res))
    ann = res.annotations or {}
    texts = _texts(res)
    out = Reading()
    for prefix, group in _groups(ann):
        actions = [a for a in _list(group.get("actions")) if isinstance(a, dict)]
        for k, a in enumerate(actions):
            printed = str(a.get("verb") or "")
            core, strong = _core(printed)
            where = str(a.get("paragraph") or "")
            nxt = next((b for b in actions[k + 1 :] if b.get("paragraph") == where), None)
            text = texts.get(prefix + where, "")
            start = _at(a.get("span"), 1, 0)
            clause = text[start : _at(nxt.get("span"), 0, len(text)) if nxt else len(text)]
            names = tuple(
                str(x.get("name")) for x in _list(a.get("addressees")) if isinstance(x, dict) and x.get("name")
            )
            pid = paragraph_of(prefix + where)
            verb = Verb(
                pid, printed, core, str(a.get("class") or "unknown"), a.get("force"), strong, clause.strip(), names
            )
            out.verbs.setdefault(pid, []).append(verb)
        for m in _list(group.get("mandates")):
            pid = paragraph_of(prefix + str(m.get("paragraph") or ""))
            due = _dues(m.get("due"))
            if not due and isinstance(m.get("session"), int):
                due = (Due("", m["session"], None),)
            ask = Ask(
                pid,
                str(m.get("actor") or ""),
                str(m.get("type") or "task"),
                re.sub(r"\s+", " ", str(m.get("task") or m.get("item") or "")).strip(),
                due,
                m.get("to") if isinstance(m.get("to"), str) else None,
            )
            out.asks.setdefault(pid, []).append(ask)
    for r in _list(res.references):
        symbol = r.get("symbol") if isinstance(r, dict) else None
        if not symbol:
            continue
        prefix = _prefix(r.get("part"))
        marker = re.sub(r"\W", "", str(r.get("footnote") or ""))
        pid = f"{prefix}fn{marker}" if marker else paragraph_of(prefix + str(r.get("paragraph") or ""))
        out.references.setdefault(pid, [])
        if symbol not in out.references[pid]:
            out.references[pid].append(symbol)
        if symbol not in out.cited:
            out.cited.append(symbol)
    summary = ann.get("summary") if isinstance(ann.get("summary"), dict) else {}
    out.predecessor = summary.get("latest_predecessor") if isinstance(summary.get("latest_predecessor"), str) else None
    return out
