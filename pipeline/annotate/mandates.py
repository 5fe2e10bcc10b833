"""Mandates: what an action asks of each addressee, with its due times, budget and report recipient.

Also the budget notes ("within existing resources") and the follow-up a
paragraph sets (an agenda item, a question to consider at a session, the
Council remaining seized).  Due times come from :mod:`pipeline.annotate.due`.
"""

from __future__ import annotations

import re
from typing import Optional

from pipeline.annotate.actors import find_actors, infinitive
from pipeline.annotate.due import ORDINAL_WORD, find_due, ga_session
from pipeline.annotate.verbs import ASKS
from pipeline.lexicon.numbers import ordinal

BUDGETS = (
    ("within existing resources", r"within (?:the )?existing resources"),
    ("within available resources", r"within (?:the )?available resources"),
    (
        "subject to the availability of extrabudgetary resources",
        r"subject to the availability of extrabudgetary resources",
    ),
    ("extrabudgetary resources", r"(?:from|through|using) extrabudgetary (?:resources|contributions)"),
    ("voluntary contributions", r"(?:from|through) voluntary contributions"),
    ("regular budget", r"(?:from|under|within) the (?:proposed )?(?:programme )?(?:regular )?budget"),
)
_AGENDA = re.compile(rf"\binclude in the provisional agenda of its (?P<ord>{ORDINAL_WORD}) session\b(?P<rest>[^;]*)")
_CONSIDER = re.compile(
    rf"\b(?:to )?(?P<verb>consider|continue (?:its )?consideration of|review|keep under review)\b(?P<what>[^;]{{0,200}}?)\bat its (?P<ord>{ORDINAL_WORD}) session"
)
_SEIZED = re.compile(r"\bremain\s+(?:actively\s+)?seized\s+of\s+(?:the|this)\s+(?:matter|question|situation|issue)")


def find_budget(text: str) -> Optional[str]:
    """Gives how a mandate is to be paid for ("within existing resources", ...) or None."""
    for name, pattern in BUDGETS:
        if re.search(pattern, text):
            return name
    return None


def find_follow_up(text: str, body: Optional[str], offset: int = 0) -> list[dict]:
    """Gives agenda items to include, questions to consider at a session and "remains seized" in ``text``."""
    out = []
    for m in _AGENDA.finditer(text):
        n = ordinal(m.group("ord"))
        titles = re.findall(r"“([^”]+)”", m.group("rest"))
        entry = {
            "type": "agenda item",
            "session": n,
            "body": body,
            "item": titles[-1] if titles else None,
            "under": titles[0] if len(titles) > 1 else None,
            "span": [offset + m.start(), offset + m.end()],
        }
        if body == "General Assembly" and n:
            entry.update(ga_session(n))
        out.append(entry)
    for m in _CONSIDER.finditer(text):
        n = ordinal(m.group("ord"))
        entry = {
            "type": "consideration",
            "session": n,
            "body": body,
            "item": m.group("what").strip(" ,") or None,
            "span": [offset + m.start(), offset + m.end()],
        }
        if body == "General Assembly" and n:
            entry.update(ga_session(n))
        out.append(entry)
    for m in _SEIZED.finditer(text):
        out.append(
            {
                "type": "seized",
                "body": body,
                "active": "actively" in m.group(0),
                "span": [offset + m.start(), offset + m.end()],
            }
        )
    return out


_REPORT = re.compile(r"\b(?:report(?:s|ing)?|brief(?:ing|ings)?|update|updates|present|submit)\b")
_TO = re.compile(
    r"\b(?:to|before)\s+(?:the\s+)?(General Assembly|Security Council|Human Rights Council|"
    r"Economic and Social Council|Commission on [A-Z][\w ]+?(?= at|,|;| on|$)|Council|Assembly|"
    r"Committee|Conference of the (?:States )?Parties[\w ]*?(?= at|,|;| on|$)|Member States)"
)


def report_recipient(task: str, body: Optional[str]) -> Optional[str]:
    """Gives to whom a report is due ("to the General Assembly"), or None when the task is not a report."""
    if not _REPORT.search(task):
        return None
    m = _TO.search(task)
    if not m:
        return body
    name = m.group(1)
    if name == "Council":
        return body if body and body.endswith("Council") else "Council"
    return {"Assembly": "General Assembly"}.get(name, name)


def future_only(due: list[dict], adopted: Optional[str]) -> list[dict]:
    """Leaves out dates of past events ("held on 15 June 2023") that precede the adoption."""
    if not adopted:
        return due
    return [
        d
        for d in due
        if not (
            d["kind"] in ("date", "year", "start")
            and d.get("date")
            and d["date"][: len(adopted)] < adopted[: len(d["date"])]
        )
    ]


def mandates_of(action: dict, text: str, paragraph: str, me: Optional[str], adopted: Optional[str]) -> list[dict]:
    """Gives the mandates of one action: a task for each addressee, with due times, budget and report recipient."""
    s, e = action["clause"]
    clause = text[s:e]
    due = future_only(find_due(clause, adopted, me, s), adopted)
    budget = find_budget(clause)
    out = []
    for f in find_follow_up(clause, me, s):
        out.append({"paragraph": paragraph, "actor": me, **f})
    if out:
        return out
    if action["class"] not in ASKS or not action["addressees"]:
        return out
    if all(a.get("self") for a in action["addressees"]):
        return out + _self_mandate(action, clause, paragraph, me, due, budget)
    after = clause[action["span"][1] - s :]
    end = infinitive(after)
    if end is not None and end.group(0) == ":" and not after[end.end() :].strip():
        return out  # "Requests the secretariat:" — its lettered items say what
    task = after[end.end() :] if end and after[end.start() : end.end()].strip() not in (";", ":") else after
    task = ("not " if end is not None and end.groupdict().get("neg") else "") + task.strip().rstrip(";,.")
    task = re.sub(r"^that\s.{0,120}?\b(?:shall|should|will|must)\s+", "", task)
    kind = "report" if is_report(task) else "task"
    if re.search(r"\bextend\b.*?\bmandate\b|\bmandate\b.*?\bextend", task) and any(d["kind"] == "until" for d in due):
        kind = "extension"
    if kind == "task" and not due and not budget and action["class"] != "request":
        return out
    for a in action["addressees"]:
        entry = {"paragraph": paragraph, "actor": a["name"], "type": kind, "task": task[:240], "due": due}
        if kind == "report":
            entry["to"] = report_recipient(task, me)
        if budget:
            entry["budget"] = budget
        out.append(entry)
    return out


def is_report(task: str) -> bool:
    """True when a task asks for a report, briefing or update ("submit a report to ...", "report on ...", "brief the Council")."""
    return bool(
        re.match(r"(?:(?:continue|also|further|regularly)\s+(?:to\s+)?)*(?:report|brief)\b", task)
        or re.match(
            r"(?:[\w-]+\s+){0,2}?(?:submit|present|transmit|prepare)\b[^;,]{0,120}?"
            r"\b(?:report|reports|briefing|briefings|update|updates)\b",
            task,
        )
        or re.match(
            r"(?:[\w-]+\s+){0,2}?(?:provide|include|keep)\s+(?:[\w-]+\s+){0,4}?"
            r"(?:report|reports|briefing|briefings|update|updates|informed)\b",
            task,
        )
    )


def _self_mandate(action: dict, clause: str, paragraph: str, me, due: list, budget) -> list[dict]:
    """What the body decides for itself: an extension or renewal with an end date, or a dated decision."""
    extension = re.search(r"\b(?:extends|renews|extend|renew)\b", clause) and any(
        d["kind"] in ("until", "period") for d in due
    )
    if not extension and not due:
        return []
    task = clause[len(action["verb"]) :].strip().rstrip(";,.")
    task = re.sub(r"^to\s+", "", task)
    if task.endswith(":") and len(re.sub(r"[\W\d]|\bby\b|\bto\b", "", task)) < 3:
        return []  # "We commit, by 2030, to:" — its lettered items say what
    entry = {
        "paragraph": paragraph,
        "actor": me,
        "type": "extension" if extension else "decision",
        "task": task[:240],
        "due": due,
    }
    concerns = [a["name"] for a in find_actors(task, me) if not a.get("self")]
    if concerns:
        entry["concerns"] = concerns[:3]
    if budget:
        entry["budget"] = budget
    return [entry]


def attach_subparagraph(pid: str, text: str, parent: list[dict], me, adopted, mandates: list[dict]) -> None:
    """A sub-paragraph without a verb of its own continues the last action of its paragraph."""
    if not parent:
        return
    last = parent[-1]
    due, budget = future_only(find_due(text, adopted, me), adopted), find_budget(text)
    follow = find_follow_up(text, me)
    mandates.extend({"paragraph": pid, "actor": me, **f} for f in follow)
    if last["class"] in ASKS and (due or budget):
        for a in last["addressees"]:
            task = re.sub(r"^To\s+", "", text)
            entry = {
                "paragraph": pid,
                "actor": a["name"],
                "type": "report" if is_report(task) else "task",
                "task": text[:240].rstrip(";,."),
                "due": due,
            }
            if budget:
                entry["budget"] = budget
            mandates.append(entry)
