"""What the briefing pack shows beyond the text: annotations, references, summary.

The annotator (:mod:`pipeline.annotate`) gives ``{"references": [...],
"annotations": {...}}``; :func:`pipeline.render.render` takes that dict as its
``extras`` keyword.  Everything here is tolerant: any key may be missing or
shaped a little differently (``due`` as a dict, a list or a string; an action
with ``actor`` or with ``addressees``), and a pack without extras still gets a
summary of counts and warnings.  Only structure is decided here; the words come
from ``labels.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

SAFE_URL = re.compile(r"^https://[^\s\"'<>]+$")
ASK_CLASSES = ("decide", "request", "encourage")
SPECIAL_MANDATES = ("report", "extension", "decision", "consideration")
MAX_KEY_ASKS = 15
MAX_TASK_CHARS = 170


# --- view types --------------------------------------------------------------


@dataclass
class AnnotationView:
    """One action a paragraph takes: its verb, class and force, who is asked, by when."""

    key: str
    cls: str
    label: str  # wording of the class ("Requests")
    force: Optional[int]
    verb: str
    actors: list[str]
    due: list[str]
    binding: bool = False
    budget: Optional[str] = None
    span: Optional[tuple[int, int]] = None  # the verb's characters in the paragraph text
    line: str = ""  # the whole annotation as one line (a Word comment)


@dataclass
class RefLink:
    """A paragraph that a reference or actor points back to."""

    label: str  # "OP3 (a)"
    anchor: str  # element id of the paragraph


@dataclass
class RefView:
    """A cited document, once, with every paragraph that cites it."""

    key: str
    symbol: str
    kind: str
    text: str
    url: Optional[str]
    date: Optional[str]
    cited_in: list[RefLink] = field(default_factory=list)


@dataclass
class AskView:
    """One row of the key-asks table: actor, what is asked, by when, where."""

    actor: str
    action: str
    due: list[str]
    where: Optional[RefLink]


@dataclass
class ReportView:
    """One row of the reports table: who reports or acts, what, to whom, when due, where."""

    actor: str
    action: str
    to: Optional[str]
    due: list[str]
    where: Optional[RefLink]


@dataclass
class ForceRow:
    """One row of the actions-by-force table: a class, its label and force, how many actions."""

    cls: str
    label: str
    force: Optional[int]
    count: int


@dataclass
class ActorEntry:
    """One actor of the index: its name and the paragraphs that ask something of it."""

    name: str
    cited_in: list[RefLink]


@dataclass
class CountRow:
    """One row of the "at a glance" counts: a key, its label and the count."""

    key: str
    label: str
    value: int


@dataclass
class SummaryView:
    """The summary page: counts, key asks, actions by force, references, warnings."""

    counts: list[CountRow]
    key_asks: list[AskView]
    more_asks: int
    by_force: list[ForceRow]
    binding: int
    latest_predecessor: Optional[RefView]
    has_annotations: bool
    has_references: bool
    warnings: list[str]
    reports: list[ReportView] = field(default_factory=list)


# --- tolerant readers ----------------------------------------------------------


def _list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    return [value]


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def due_texts(value: Any, labels: dict) -> list[str]:
    """Gives the printed due times of a ``due`` value (dict, list of dicts, string)."""
    out: list[str] = []
    for d in _list(value):
        if isinstance(d, dict):
            text = _str(d.get("text"))
            if not text and d.get("session") is not None:
                text = labels["formats"]["due_session"].format(n=d["session"])
            if not text:
                text = _str(d.get("date"))
        else:
            text = _str(d)
        if text and text not in out:
            out.append(text)
    return out


def _actors(action: dict) -> list[str]:
    names = []
    for a in _list(action.get("addressees")):
        name = _str(a.get("name") if isinstance(a, dict) else a)
        if name and name not in names:
            names.append(name)
    actor = action.get("actor")
    for a in _list(actor):
        name = _str(a.get("name") if isinstance(a, dict) else a)
        if name and name not in names:
            names.append(name)
    return names


def _span(value: Any) -> Optional[tuple[int, int]]:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        try:
            s, e = int(value[0]), int(value[1])
        except (TypeError, ValueError):
            return None
        if 0 <= s < e:
            return s, e
    return None


def class_label(cls: str, labels: dict) -> str:
    """Gives the printed label of a verb class ("request" gives "Request")."""
    return labels["classes"].get(cls) or (cls[:1].upper() + cls[1:] if cls else labels["classes"]["unknown"])


def safe_url(url: Any) -> Optional[str]:
    """Gives the URL when it is a plain https link (nothing else is ever linked)."""
    text = _str(url)
    return text if text and SAFE_URL.match(text) else None


def shorten(text: str, limit: int = MAX_TASK_CHARS) -> str:
    """Gives text on one line, cut at a word before ``limit`` characters with an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


# --- annotations of paragraphs ---------------------------------------------------


def action_view(action: dict, key: str, labels: dict) -> AnnotationView:
    """Gives the view of one action dict of the annotator."""
    cls = _str(action.get("class")) or "unknown"
    force = action.get("force") if isinstance(action.get("force"), int) else None
    verb = _str(action.get("verb")) or ""
    actors = _actors(action)
    due = due_texts(action.get("due"), labels)
    view = AnnotationView(
        key=key,
        cls=cls,
        label=class_label(cls, labels),
        force=force,
        verb=verb,
        actors=actors,
        due=due,
        binding=bool(action.get("binding")),
        budget=_str(action.get("budget")),
        span=_span(action.get("span")),
    )
    view.line = annotation_line(view, labels)
    return view


def annotation_line(a: AnnotationView, labels: dict) -> str:
    """'Requests (force 4/5) → Secretary-General. By: at its eightieth session.'"""
    f = labels["formats"]
    text = a.label
    if a.force is not None:
        text += " " + f["force"].format(n=a.force)
    if a.binding:
        text += ", " + labels["binding"]
    if a.actors:
        text += " → " + "; ".join(a.actors)
    if a.due:
        text += ". " + f["due"].format(due="; ".join(a.due))
    if a.budget:
        text += ". " + a.budget[:1].upper() + a.budget[1:]
    return text + "."


def _by_part(annotations: dict, key: str) -> list[tuple[int, list[dict]]]:
    """Gives [(part index, items)] of one annotation list: -1 for the document's own text, 0.. for ``parts``."""
    out = [(-1, [a for a in _list(annotations.get(key)) if isinstance(a, dict)])]
    for i, p in enumerate(_list(annotations.get("parts"))):
        if isinstance(p, dict):
            out.append((i, [a for a in _list(p.get(key)) if isinstance(a, dict)]))
    return out


def actions_by_part(annotations: dict) -> list[tuple[int, list[dict]]]:
    """Gives [(part index, actions)]: -1 for the document's own text, 0.. for ``parts``."""
    return _by_part(annotations, "actions")


def mandates_by_part(annotations: dict) -> list[tuple[int, list[dict]]]:
    """Gives [(part index, mandates)]: -1 for the document's own text, 0.. for ``parts``."""
    return _by_part(annotations, "mandates")


# --- summary ----------------------------------------------------------------------


def key_asks(
    mandates: Iterable[tuple[dict, Optional[RefLink]]], actions: Iterable[tuple[dict, Optional[RefLink]]], labels: dict
) -> tuple[list[AskView], int]:
    """Gives (the asks worth a minister's attention, how many more there are).

    Mandates (actor, task, due) come first when the annotator gave them: those
    with a due time or a report, extension, decision or consideration, then
    the other requests and decisions, in the order of the text.  Without
    mandates, the actions with addressees stand in for them.
    """
    rows: list[tuple[int, int, AskView]] = []
    order = 0
    for m, where in mandates:
        actor = _str(m.get("actor")) or labels["unknown_actor"]
        kind = _str(m.get("type")) or "task"
        task = _str(m.get("task")) or _str(m.get("item")) or ""
        if kind == "consideration" and task:
            task = labels["formats"]["consider"].format(item=task)
        elif kind == "report" and m.get("to"):
            task = task or labels["formats"]["report_to"].format(to=m["to"])
        due = due_texts(m.get("due"), labels)
        if not due and m.get("session") is not None:
            due = [labels["formats"]["due_session"].format(n=m["session"])]
        rank = 0 if (due or kind in SPECIAL_MANDATES) else 1
        rows.append((rank, order, AskView(actor=actor, action=shorten(task), due=due, where=where)))
        order += 1
    if not rows:
        for a, where in actions:
            cls = _str(a.get("class")) or "unknown"
            if cls not in ASK_CLASSES:
                continue
            due = due_texts(a.get("due"), labels)
            rank = 0 if due else (1 if cls != "encourage" else 2)
            verb = _str(a.get("verb")) or class_label(cls, labels)
            task = _str(a.get("task")) or _str(a.get("text")) or verb
            for actor in _actors(a) or [labels["unknown_actor"]]:
                rows.append((rank, order, AskView(actor=actor, action=shorten(task), due=due, where=where)))
                order += 1
    rows.sort(key=lambda r: (r[0], r[1]))
    kept = [r[2] for r in rows[:MAX_KEY_ASKS]]
    return kept, max(0, len(rows) - len(kept))


SG_NAMES = ("secretary-general", "the secretary-general")


def _month(value: str, labels: dict) -> str:
    """'2024-09' -> 'September 2024'; '2025-06-30' -> '30 June 2025'; anything else as given."""
    months = _list(labels.get("months"))
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value.strip())
    if not m or len(months) != 12 or not 1 <= int(m.group(2)) <= 12:
        return value.strip()
    month = str(months[int(m.group(2)) - 1])
    if m.group(3):
        return f"{int(m.group(3))} {month} {m.group(1)}"
    return f"{month} {m.group(1)}"


def due_detailed(value: Any, labels: dict) -> list[str]:
    """Gives the due times of a ``due`` value with, when the annotator gave them, the
    session's period or the date: 'at its seventy-ninth and eightieth sessions
    (session 79: September 2024 to September 2025; session 80: ...)'."""
    f = _dict(labels.get("formats"))
    order: list[str] = []
    details: dict[str, list[str]] = {}
    for d in _list(value):
        if isinstance(d, dict):
            text = _str(d.get("text"))
            session = d.get("session")
            if not text and session is not None:
                text = f.get("due_session", "session {n}").format(n=session)
            period = _str(d.get("period"))
            date = _str(d.get("date"))
            when = None
            if period:
                ends = [_month(x, labels) for x in period.split("/", 1)]
                when = (
                    f.get("period", "{start} to {end}").format(start=ends[0], end=ends[-1])
                    if len(ends) == 2
                    else ends[0]
                )
            elif date:
                when = _month(date, labels)
            if not text:
                text, when = when, None
            detail = None
            if when:
                detail = (
                    f.get("due_session_period", "session {n}: {period}").format(n=session, period=when)
                    if session is not None and period
                    else when
                )
        else:
            text, detail = _str(d), None
        if not text:
            continue
        if text not in details:
            order.append(text)
            details[text] = []
        if detail and detail not in details[text] and detail not in text:
            details[text].append(detail)
    return [t + (" (" + "; ".join(details[t]) + ")" if details[t] else "") for t in order]


def _is_report_mandate(m: dict) -> bool:
    kind = (_str(m.get("type")) or "").casefold()
    actor = (_str(m.get("actor")) or "").casefold()
    return kind == "report" or actor in SG_NAMES


def report_rows(
    mandates: Iterable[tuple[dict, Optional[RefLink]]], fallback: Iterable[tuple[dict, Optional[RefLink]]], labels: dict
) -> list[ReportView]:
    """Gives every report or request to the Secretary-General, in the order of the text.

    The rows come from the mandates (of the document and of its parts) whose type
    is "report" or whose actor is the Secretary-General; when there are none, from
    ``summary.reports``.  Nothing is left out: each mandate is a row.
    """
    rows: list[ReportView] = []
    seen: set = set()
    for source in (mandates, fallback):
        for m, where in source:
            if not isinstance(m, dict) or not _is_report_mandate(m):
                continue
            actor = _str(m.get("actor")) or labels["unknown_actor"]
            kind = _str(m.get("type")) or "task"
            to = _str(m.get("to"))
            task = _str(m.get("task")) or _str(m.get("item")) or ""
            if kind == "consideration" and task:
                task = labels["formats"]["consider"].format(item=task)
            elif kind == "report" and not task and to:
                task = labels["formats"]["report_to"].format(to=to)
            due = due_detailed(m.get("due"), labels)
            if not due and m.get("session") is not None:
                due = [labels["formats"]["due_session"].format(n=m["session"])]
            key = (where.anchor if where else _str(m.get("paragraph")), actor, task)
            if key in seen:
                continue
            seen.add(key)
            rows.append(ReportView(actor=actor, action=shorten(task), to=to, due=due, where=where))
        if rows:
            break
    return rows


def force_rows(annotations: dict, all_actions: list[dict], labels: dict) -> list[ForceRow]:
    """Gives the actions counted by class, strongest first."""
    summary = _dict(annotations.get("summary"))
    counts = _dict(summary.get("by_class"))
    if not counts:
        tally: dict[str, int] = {}
        for a in all_actions:
            cls = _str(a.get("class")) or "unknown"
            tally[cls] = tally.get(cls, 0) + 1
        counts = tally
    scale = _dict(annotations.get("scale"))
    forces = {a.get("class"): a.get("force") for a in all_actions if isinstance(a.get("force"), int)}
    rows = []
    for cls, n in counts.items():
        force = scale.get(cls) if isinstance(scale.get(cls), int) else forces.get(cls)
        if isinstance(n, int) and n > 0:
            rows.append(ForceRow(cls=str(cls), label=class_label(str(cls), labels), force=force, count=n))
    rows.sort(key=lambda r: (-(r.force if r.force is not None else -1), r.label))
    return rows
