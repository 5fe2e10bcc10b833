"""Due times, budgets and follow-up in a paragraph's words: sessions, dates, deadlines, periods.

A General Assembly session N opens in September of 1945 + N; the opening
date given here is the second Tuesday of that September, an approximation
that every session entry says in its ``note``.  Dates relative to the
adoption ("within 90 days of the adoption of this resolution") are counted
from ``date_adopted`` when the document gives it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Optional

from .dates import MONTHS, iso_date
from .numbers import cardinal, ordinal

SESSION_NOTE = ("General Assembly session N opens in September of 1945+N; the opening date is "
                "approximated as the second Tuesday of September")
_ORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?"
        r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
        r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
        r"twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth)")
_NUMBER = r"(?:\d+|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-?)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|twenty|thirty|forty|fifty|sixty|ninety)"
_MONTH = "|".join(MONTHS)
_DAY_DATE = rf"\d{{1,2}}\s(?:{_MONTH})\s\d{{4}}|(?:{_MONTH})\s\d{{1,2}},\s\d{{4}}"
_SESSIONS = re.compile(rf"\b(?:at|during|to|before|by|for|in|until|of|(?:no|not) later than)\s+(?:its|the|their)\s+(?P<ords>{_ORD}(?:(?:,\s|\s?,?\sand\s){_ORD})*)"
                       r"\s+(?:and\s+subsequent\s+)?(?:regular\s+|special\s+|resumed\s+)?sessions?\b")
_DATED = re.compile(rf"\b(?P<prep>by|before|no later than|not later than|until|till|through|from|on|as of|starting|beginning|effective|in|during)\s+"
                    rf"(?:the\s+(?P<edge>end|beginning|first half|second half|first quarter|second quarter|third quarter|fourth quarter)\s+of\s+)?"
                    rf"(?P<date>{_DAY_DATE}|(?:{_MONTH})\s\d{{4}}|(?:19|20)\d\d(?![\d/]))")
_RELATIVE = re.compile(rf"\bwithin\s+(?P<n>{_NUMBER})\s+(?P<unit>days?|weeks?|months?|years?)"
                       r"(?:\s+(?:of|after|from|following)\s+the\s+(?:date\s+of\s+)?(?:the\s+)?adoption\s+of\s+(?:this|the\s+present)\s+resolution)?")
_PERIOD = re.compile(rf"\bfor\s+(?:a|an\s+additional|a\s+further)?\s*(?:period\s+of\s+)?(?P<n>{_NUMBER}|one)\s+(?P<unit>days?|weeks?|months?|years?)\b")
_EVERY = re.compile(rf"\b(?:every\s+(?P<n>{_NUMBER}\s+)?(?P<unit>days?|weeks?|months?|years?)|(?P<word>annually|biennially|on an annual basis|on a biennial basis|each year|every year|on a regular basis|regularly|periodically|on a quarterly basis|quarterly))\b")
BUDGETS = (("within existing resources", r"within (?:the )?existing resources"),
           ("within available resources", r"within (?:the )?available resources"),
           ("subject to the availability of extrabudgetary resources",
            r"subject to the availability of extrabudgetary resources"),
           ("extrabudgetary resources", r"(?:from|through|using) extrabudgetary (?:resources|contributions)"),
           ("voluntary contributions", r"(?:from|through) voluntary contributions"),
           ("regular budget", r"(?:from|under|within) the (?:proposed )?(?:programme )?(?:regular )?budget"))
_AGENDA = re.compile(rf"\binclude in the provisional agenda of its (?P<ord>{_ORD}) session\b(?P<rest>[^;]*)")
_CONSIDER = re.compile(rf"\b(?:to )?(?P<verb>consider|continue (?:its )?consideration of|review|keep under review)\b(?P<what>[^;]{{0,200}}?)\bat its (?P<ord>{_ORD}) session")
_SEIZED = re.compile(r"\bremain\s+(?:actively\s+)?seized\s+of\s+(?:the|this)\s+(?:matter|question|situation|issue)")


def ga_session(n: int) -> dict:
    """Gives the calendar of General Assembly session ``n``: approximate opening date and year range."""
    year = 1945 + n
    first = dt.date(year, 9, 1)
    tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)
    return {"opens": tuesday.isoformat(), "period": f"{year}-09/{year + 1}-09", "approximate": True,
            "note": SESSION_NOTE}


def add_period(start: str, n: int, unit: str) -> Optional[str]:
    """Gives the ISO date ``n`` days/weeks/months/years after ISO date ``start``."""
    try:
        d = dt.date.fromisoformat(start)
    except (TypeError, ValueError):
        return None
    unit = unit.rstrip("s")
    if unit == "day":
        return (d + dt.timedelta(days=n)).isoformat()
    if unit == "week":
        return (d + dt.timedelta(weeks=n)).isoformat()
    months = n * (12 if unit == "year" else 1)
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    day = min(d.day, calendar.monthrange(y, m + 1)[1])
    return dt.date(y, m + 1, day).isoformat()


def _month_date(text: str) -> Optional[str]:
    m = re.fullmatch(rf"({_MONTH})\s(\d{{4}})", text)
    return f"{m.group(2)}-{MONTHS[m.group(1)]:02d}" if m else None


def _session_owner(before: str, default: Optional[str]) -> Optional[str]:
    """The body whose session is meant: the last body named before "at its", else the default."""
    names = re.findall(r"(General Assembly|Human Rights Council|Security Council|Economic and Social Council|"
                       r"Commission on [A-Z][\w ]+?|Conference of the (?:States )?Parties[\w ]*?|Assembly|Council|"
                       r"(?:Ad Hoc |Special |Preparatory |Intergovernmental )?(?:Committee|Working Group|Conference|Forum|Board|Commission))"
                       r"(?=[\s,])", before[-160:])
    if not names:
        return default
    name = names[-1]
    return {"Assembly": "General Assembly"}.get(name, name if name != "Council" else default)


def find_due(text: str, adopted: Optional[str] = None, body: Optional[str] = None,
             offset: int = 0) -> list[dict]:
    """Gives every due time in ``text``: sessions, dates, deadlines, relative and recurring times, with spans."""
    out: list[dict] = []
    for m in _SESSIONS.finditer(text):
        owner = _session_owner(text[:m.start()], body)
        for word in re.findall(_ORD, m.group("ords")):
            n = ordinal(word)
            entry = {"kind": "session", "text": m.group(0), "span": [offset + m.start(), offset + m.end()],
                     "session": n, "body": owner}
            if owner == "General Assembly" and n:
                entry.update(ga_session(n))
            out.append(entry)
    for m in re.finditer(r"\bat its ((?:19|20)\d\d) (?:[a-z-]+ )?session\b", text):
        out.append({"kind": "session", "text": m.group(0), "span": [offset + m.start(), offset + m.end()],
                    "year": int(m.group(1)), "body": _session_owner(text[:m.start()], body)})
    for m in _DATED.finditer(text):
        if re.match(r"\s(?:[a-z-]+ )?session", text[m.end():]):
            continue
        prep, edge, date = m.group("prep"), m.group("edge"), m.group("date")
        iso = iso_date(date) or _month_date(date) or date
        kind = {"until": "until", "till": "until", "through": "until", "from": "start", "as of": "start",
                "starting": "start", "beginning": "start", "effective": "start", "on": "date",
                "in": "year" if len(iso) == 4 else "date", "during": "year" if len(iso) == 4 else "date"
                }.get(prep, "deadline")
        entry = {"kind": kind, "text": m.group(0), "span": [offset + m.start(), offset + m.end()], "date": iso}
        if edge:
            entry["edge"] = edge
            if edge == "end" and len(iso) == 4:
                entry["date"] = f"{iso}-12-31"
        out.append(entry)
    for m in _RELATIVE.finditer(text):
        n = cardinal(m.group("n"))
        entry = {"kind": "relative", "text": m.group(0), "span": [offset + m.start(), offset + m.end()],
                 "within": {"n": n, "unit": m.group("unit").rstrip("s")}}
        if adopted and n and "adoption" in m.group(0):
            entry["date"] = add_period(adopted, n, m.group("unit"))
            entry["from"] = adopted
        out.append(entry)
    for m in _PERIOD.finditer(text):
        n = cardinal(m.group("n"))
        entry = {"kind": "period", "text": m.group(0), "span": [offset + m.start(), offset + m.end()],
                 "period": {"n": n, "unit": m.group("unit").rstrip("s")}}
        out.append(entry)
    for m in _EVERY.finditer(text):
        entry = {"kind": "recurrence", "text": m.group(0), "span": [offset + m.start(), offset + m.end()]}
        if m.group("unit"):
            entry["every"] = {"n": cardinal(m.group("n") or "1") or 1, "unit": m.group("unit").rstrip("s")}
        out.append(entry)
    return sorted(out, key=lambda e: e["span"][0])


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
        entry = {"type": "agenda item", "session": n, "body": body,
                 "item": titles[-1] if titles else None,
                 "under": titles[0] if len(titles) > 1 else None,
                 "span": [offset + m.start(), offset + m.end()]}
        if body == "General Assembly" and n:
            entry.update(ga_session(n))
        out.append(entry)
    for m in _CONSIDER.finditer(text):
        n = ordinal(m.group("ord"))
        entry = {"type": "consideration", "session": n, "body": body,
                 "item": m.group("what").strip(" ,") or None, "span": [offset + m.start(), offset + m.end()]}
        if body == "General Assembly" and n:
            entry.update(ga_session(n))
        out.append(entry)
    for m in _SEIZED.finditer(text):
        out.append({"type": "seized", "body": body, "active": "actively" in m.group(0),
                    "span": [offset + m.start(), offset + m.end()]})
    return out


_REPORT = re.compile(r"\b(?:report(?:s|ing)?|brief(?:ing|ings)?|update|updates|present|submit)\b")
_TO = re.compile(r"\b(?:to|before)\s+(?:the\s+)?(General Assembly|Security Council|Human Rights Council|"
                 r"Economic and Social Council|Commission on [A-Z][\w ]+?(?= at|,|;| on|$)|Council|Assembly|"
                 r"Committee|Conference of the (?:States )?Parties[\w ]*?(?= at|,|;| on|$)|Member States)")


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
