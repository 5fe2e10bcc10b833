"""Due times in a paragraph's words: sessions, dates, deadlines, periods, recurrences.

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

from pipeline.lexicon.dates import MONTHS, iso_date
from pipeline.lexicon.numbers import cardinal, ordinal

SESSION_NOTE = (
    "General Assembly session N opens in September of 1945+N; the opening date is "
    "approximated as the second Tuesday of September"
)
ORDINAL_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth)"
)
_NUMBER = r"(?:\d+|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-?)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|twenty|thirty|forty|fifty|sixty|ninety)"
_MONTH = "|".join(MONTHS)
_DAY_DATE = rf"\d{{1,2}}\s(?:{_MONTH})\s\d{{4}}|(?:{_MONTH})\s\d{{1,2}},\s\d{{4}}"
_SESSIONS = re.compile(
    rf"\b(?:at|during|to|before|by|for|in|until|of|(?:no|not) later than)\s+(?:its|the|their)\s+(?P<ords>{ORDINAL_WORD}(?:(?:,\s|\s?,?\sand\s){ORDINAL_WORD})*)"
    r"\s+(?:and\s+subsequent\s+)?(?:regular\s+|special\s+|resumed\s+)?sessions?\b"
)
_DATED = re.compile(
    rf"\b(?P<prep>by|before|no later than|not later than|until|till|through|from|on|as of|starting|beginning|effective|in|during)\s+"
    rf"(?:the\s+(?P<edge>end|beginning|first half|second half|first quarter|second quarter|third quarter|fourth quarter)\s+of\s+)?"
    rf"(?P<date>{_DAY_DATE}|(?:{_MONTH})\s\d{{4}}|(?:19|20)\d\d(?![\d/]))"
)
_RELATIVE = re.compile(
    rf"\bwithin\s+(?P<n>{_NUMBER})\s+(?P<unit>days?|weeks?|months?|years?)"
    r"(?:\s+(?:of|after|from|following)\s+the\s+(?:date\s+of\s+)?(?:the\s+)?adoption\s+of\s+(?:this|the\s+present)\s+resolution)?"
)
_PERIOD = re.compile(
    rf"\bfor\s+(?:a|an\s+additional|a\s+further)?\s*(?:period\s+of\s+)?(?P<n>{_NUMBER}|one)\s+(?P<unit>days?|weeks?|months?|years?)\b"
)
_EVERY = re.compile(
    rf"\b(?:every\s+(?P<n>{_NUMBER}\s+)?(?P<unit>days?|weeks?|months?|years?)|(?P<word>annually|biennially|on an annual basis|on a biennial basis|each year|every year|on a regular basis|regularly|periodically|on a quarterly basis|quarterly))\b"
)


def ga_session(n: int) -> dict:
    """Gives the calendar of General Assembly session ``n``: approximate opening date and year range."""
    year = 1945 + n
    first = dt.date(year, 9, 1)
    tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)
    return {
        "opens": tuesday.isoformat(),
        "period": f"{year}-09/{year + 1}-09",
        "approximate": True,
        "note": SESSION_NOTE,
    }


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
    names = re.findall(
        r"(General Assembly|Human Rights Council|Security Council|Economic and Social Council|"
        r"Commission on [A-Z][\w ]+?|Conference of the (?:States )?Parties[\w ]*?|Assembly|Council|"
        r"(?:Ad Hoc |Special |Preparatory |Intergovernmental )?(?:Committee|Working Group|Conference|Forum|Board|Commission))"
        r"(?=[\s,])",
        before[-160:],
    )
    if not names:
        return default
    name = names[-1]
    return {"Assembly": "General Assembly"}.get(name, name if name != "Council" else default)


def find_due(text: str, adopted: Optional[str] = None, body: Optional[str] = None, offset: int = 0) -> list[dict]:
    """Gives every due time in ``text``: sessions, dates, deadlines, relative and recurring times, with spans."""
    out: list[dict] = []
    for m in _SESSIONS.finditer(text):
        owner = _session_owner(text[: m.start()], body)
        for word in re.findall(ORDINAL_WORD, m.group("ords")):
            n = ordinal(word)
            entry = {
                "kind": "session",
                "text": m.group(0),
                "span": [offset + m.start(), offset + m.end()],
                "session": n,
                "body": owner,
            }
            if owner == "General Assembly" and n:
                entry.update(ga_session(n))
            out.append(entry)
    for m in re.finditer(r"\bat its ((?:19|20)\d\d) (?:[a-z-]+ )?session\b", text):
        out.append(
            {
                "kind": "session",
                "text": m.group(0),
                "span": [offset + m.start(), offset + m.end()],
                "year": int(m.group(1)),
                "body": _session_owner(text[: m.start()], body),
            }
        )
    for m in _DATED.finditer(text):
        if re.match(r"\s(?:[a-z-]+ )?session", text[m.end() :]):
            continue
        prep, edge, date = m.group("prep"), m.group("edge"), m.group("date")
        iso = iso_date(date) or _month_date(date) or date
        kind = {
            "until": "until",
            "till": "until",
            "through": "until",
            "from": "start",
            "as of": "start",
            "starting": "start",
            "beginning": "start",
            "effective": "start",
            "on": "date",
            "in": "year" if len(iso) == 4 else "date",
            "during": "year" if len(iso) == 4 else "date",
        }.get(prep, "deadline")
        entry = {"kind": kind, "text": m.group(0), "span": [offset + m.start(), offset + m.end()], "date": iso}
        if edge:
            entry["edge"] = edge
            if edge == "end" and len(iso) == 4:
                entry["date"] = f"{iso}-12-31"
        out.append(entry)
    for m in _RELATIVE.finditer(text):
        n = cardinal(m.group("n"))
        entry = {
            "kind": "relative",
            "text": m.group(0),
            "span": [offset + m.start(), offset + m.end()],
            "within": {"n": n, "unit": m.group("unit").rstrip("s")},
        }
        if adopted and n and "adoption" in m.group(0):
            entry["date"] = add_period(adopted, n, m.group("unit"))
            entry["from"] = adopted
        out.append(entry)
    for m in _PERIOD.finditer(text):
        n = cardinal(m.group("n"))
        entry = {
            "kind": "period",
            "text": m.group(0),
            "span": [offset + m.start(), offset + m.end()],
            "period": {"n": n, "unit": m.group("unit").rstrip("s")},
        }
        out.append(entry)
    for m in _EVERY.finditer(text):
        entry = {"kind": "recurrence", "text": m.group(0), "span": [offset + m.start(), offset + m.end()]}
        if m.group("unit"):
            entry["every"] = {"n": cardinal(m.group("n") or "1") or 1, "unit": m.group("unit").rstrip("s")}
        out.append(entry)
    return sorted(out, key=lambda e: e["span"][0])
