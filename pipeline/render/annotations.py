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
ASK_TYPES = ("task", "report")  # what a mandate asks of an actor; the body's own acts go to the calendar
MAX_KEY_ASKS = 15
MAX_TASK_CHARS = 170


# --- view types --------------------------------------------------------------


@dataclass
class AnnotationView:
    """One action a paragraph takes: its printed verb with its class and force, who is asked, by when."""

    key: str
    cls: str
    label: str  # wording of the class ("Request", "Concern")
    force: Optional[int]
    verb: str  # the verb as printed ("Also requests", "Notes with deep regret")
    actors: list[str]
    due: list[str]
    binding: bool = False
    budget: Optional[str] = None
    span: Optional[tuple[int, int]] = None  # the verb's characters in the paragraph text
    line: str = ""  # the whole annotation as one line (a Word comment)
    speaker: Optional[str] = None  # who says "we" ("Heads of State and Government")


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
    """One row of the key-asks table: actor, the verb that asks (with its class), what, by when, where."""

    actor: str
    action: str
    due: list[str]
    where: Optional[RefLink]
    verb: str = ""  # "Requests (Request)"
    budget: Optional[str] = None


@dataclass
class ReportView:
    """One row of the reports table: who reports, what, to whom, when due, the verb that asks, where."""

    actor: str
    action: str
    to: Optional[str]
    due: list[str]
    where: Optional[RefLink]
    verb: str = ""


@dataclass
class CalendarRow:
    """One dated entry of the calendar: when, what kind of date, who, what, where."""

    date: str  # "13 November 2025", "session 81 (opens 8 September 2026)"
    kind: str  # "Report due", "Mandate runs until"
    actor: str
    action: str
    where: Optional[RefLink]
    verb: str = ""


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
    calendar: list[CalendarRow] = field(default_factory=list)
    further_asks: list[AskView] = field(default_factory=list)  # the key asks after those the brief shows


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


def verb_with_class(verb: Optional[str], cls: Optional[str], labels: dict) -> str:
    """Gives the printed verb with its class beside it: "Notes with deep regret (Concern)"."""
    cls = _str(cls) or "unknown"
    verb = _str(verb)
    label = class_label(cls, labels)
    return labels["formats"]["verb_class"].format(verb=verb, cls=label) if verb else label


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
        speaker=_str(action.get("speaker")),
    )
    view.line = annotation_line(view, labels)
    return view


def annotation_line(a: AnnotationView, labels: dict) -> str:
    """'Also requests: Request → Secretary-General. By: at its eightieth session. Within existing resources.' (the
    force of each class is in the appendix's table, not beside every paragraph)"""
    f = labels["formats"]
    text = f["margin_verb"].format(verb=a.verb, cls=a.label) if a.verb else a.label
    if a.binding:
        text += ", " + labels["binding"]
    if a.actors:
        text += " → " + "; ".join(a.actors)
    if a.speaker:
        text += ". " + f["speaker"].format(who=a.speaker)
    if a.due:
        text += ". " + f["due"].format(due="; ".join(a.due))
    if a.budget:
        text += ". " + f["budget"].format(budget=a.budget[:1].upper() + a.budget[1:])
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


def _is_ask(m: dict) -> bool:
    """True for a mandate that asks an actor (a task or a report), not one of the body's own acts."""
    return (_str(m.get("type")) or "task") in ASK_TYPES and not m.get("self") and bool(_str(m.get("actor")))


def actor_name(m: dict, labels: dict) -> str:
    """The actor of a mandate as the pack names it; a reporter the text does not print is marked so."""
    actor = _str(m.get("actor")) or labels["unknown_actor"]
    if m.get("inferred"):
        actor = labels["formats"]["inferred_actor"].format(actor=actor)
    return actor


def key_asks(
    mandates: Iterable[tuple[dict, Optional[RefLink]]], actions: Iterable[tuple[dict, Optional[RefLink]]], labels: dict
) -> tuple[list[AskView], int]:
    """Gives (the asks worth a minister's attention, how many more there are).

    The rows are the mandates that ask an actor something (tasks and reports; the adopting
    body's own acts are no asks, they are in the calendar): the reports and the dated asks come
    first, then requests and decisions, then encouragements, in the order of the text.  Without
    mandates, the actions with addressees stand in for them.
    """
    rows: list[tuple[int, int, AskView]] = []
    order = 0
    for m, where in mandates:
        if not _is_ask(m):
            continue
        kind = _str(m.get("type")) or "task"
        task = _str(m.get("task")) or ""
        if kind == "report" and m.get("to") and not task:
            task = labels["formats"]["report_to"].format(to=m["to"])
        due = due_texts(m.get("due"), labels)
        cls = _str(m.get("class")) or "request"
        rank = 0 if (due or kind == "report") else (1 if cls != "encourage" else 2)
        view = AskView(
            actor=actor_name(m, labels),
            action=shorten(task),
            due=due,
            where=where,
            verb=verb_with_class(m.get("verb"), m.get("class"), labels) if m.get("verb") else "",
            budget=_str(m.get("budget")),
        )
        rows.append((rank, order, view))
        order += 1
    if not rows and not any(isinstance(m, dict) and m.get("type") for m, _ in mandates):
        for a, where in actions:
            cls = _str(a.get("class")) or "unknown"
            if cls not in ASK_CLASSES:
                continue
            due = due_texts(a.get("due"), labels)
            rank = 0 if due else (1 if cls != "encourage" else 2)
            verb = verb_with_class(a.get("verb"), cls, labels)
            task = _str(a.get("task")) or _str(a.get("text")) or (_str(a.get("verb")) or "")
            for actor in _actors(a):
                rows.append((rank, order, AskView(actor=actor, action=shorten(task), due=due, where=where, verb=verb)))
                order += 1
    rows.sort(key=lambda r: (r[0], r[1]))
    kept = [r[2] for r in rows[:MAX_KEY_ASKS]]
    return kept, max(0, len(rows) - len(kept))


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


def _every(value: Any, labels: dict) -> Optional[str]:
    """Gives how often a report is due: "every 90 days", "every year" (a {"n", "unit"} dict or words)."""
    if isinstance(value, dict) and value.get("unit"):
        n = value.get("n") or 1
        unit = str(value["unit"]).rstrip("s")
        return labels["formats"]["every"].format(n="" if n == 1 else f"{n} ", unit=unit + ("" if n == 1 else "s"))
    text = _str(value)
    if not text:
        return None
    return text if text.startswith(("every", "each")) else labels["formats"]["every"].format(n="", unit=text)


def report_rows(
    mandates: Iterable[tuple[dict, Optional[RefLink]]], fallback: Iterable[tuple[dict, Optional[RefLink]]], labels: dict
) -> list[ReportView]:
    """Gives every report asked for, in the order of the text: who reports, what, to whom, when, the verb.

    The rows come from the mandates (of the document and of its parts) whose type is "report";
    when there are none, from ``summary.reports``.  A request to the Secretary-General that is no
    report (to provide resources, to facilitate a meeting) is a key ask, not a row here.
    """
    rows: list[ReportView] = []
    seen: set = set()
    for source in (mandates, fallback):
        for m, where in source:
            if not isinstance(m, dict) or (_str(m.get("type")) or "").casefold() != "report":
                continue
            actor = actor_name(m, labels)
            to = _str(m.get("to"))
            task = _str(m.get("task")) or ""
            if not task and to:
                task = labels["formats"]["report_to"].format(to=to)
            due = due_detailed(m.get("due"), labels)
            if not due and m.get("session") is not None:
                due = [labels["formats"]["due_session"].format(n=m["session"])]
            every = _every(m.get("every"), labels)
            if every and every not in due:
                due.append(every)
            key = (where.anchor if where else _str(m.get("paragraph")), actor, task, tuple(due))
            if key in seen:
                continue
            seen.add(key)
            verb = verb_with_class(m.get("verb"), m.get("class"), labels) if m.get("verb") else ""
            rows.append(ReportView(actor=actor, action=shorten(task), to=to, due=due, where=where, verb=verb))
        if rows:
            break
    return rows


def _when(entry: dict, labels: dict) -> Optional[str]:
    """The date of a calendar entry as a reader writes it; a session is named with its opening day."""
    date = _str(entry.get("date"))
    if not date:
        return None
    if entry.get("opens") and entry.get("session") is not None:
        return labels["formats"]["session_opens"].format(n=entry["session"], date=_month(date, labels))
    return _month(date, labels)


def calendar_rows(entries: Iterable[tuple[dict, Optional[RefLink]]], labels: dict) -> list[CalendarRow]:
    """Gives the dated list: every report due, deadline and dated act of the body, earliest first.

    ``entries`` are the annotator's ``summary.calendar`` (already in date order) with the
    paragraph each points at.  A session's date is its opening day.
    """
    kinds = _dict(labels.get("calendar_types"))
    out = []
    for e, where in entries:
        if not isinstance(e, dict):
            continue
        when = _when(e, labels)
        if not when:
            continue
        kind = _str(e.get("type")) or "task"
        actor = actor_name(e, labels)
        if kind == "report" and e.get("to"):
            actor = labels["formats"]["report_by_to"].format(actor=actor, to=e["to"])
        verb = verb_with_class(e.get("verb"), e.get("class"), labels) if e.get("verb") else ""
        action = shorten(_str(e.get("task")) or "")
        out.append(CalendarRow(when, kinds.get(kind, kind), actor, action, where, verb))
    return out


def force_rows(annotations: dict, all_actions: list[dict], labels: dict) -> list[ForceRow]:
    """Gives the actions counted by class, strongest first; none when no class has a force."""
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
    return rows if any(r.force is not None for r in rows) else []  # no scale to show: amendments, unread verbs
