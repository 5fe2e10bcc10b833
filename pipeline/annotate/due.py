"""Due times in a paragraph's words: sessions, dates, deadlines, periods, recurrences, and which are past.

:func:`find_due` gives every time a clause prints; :func:`future_only` keeps those still to come.
A time is past when its date precedes the document's date (adoption, else issue), when it is a
session of the General Assembly (or of the adopting body) earlier than the current one, or when
the words before it say it happened ("adopted at the thirty-second special session", "approved at
its first session", "held in Kyoto ... from 7 to 12 March 2021", "since 2015").  A year that is a
baseline ("from 2019 levels", "relative to 2010") and a year inside a quoted title are never due
times.  A range gives its first bound still to come ("for the period from 1 July 2023 to 30 June
2024" adopted in December 2023 gives 30 June 2024; "from 25 to 30 April 2026" gives 25 April).

A regular session N of the General Assembly opens in the year 1945 + N on a Tuesday of September,
counting weeks from the first week that contains at least one working day (weeks run from Monday to
Sunday, working days from Monday to Friday): the third week under rule 1 of its rules of procedure,
as sessions opened until 2022, and the second week since the seventy-eighth session (5 September
2023, 10 September 2024, 9 September 2025): :func:`session_opening` computes that date.  Dates relative to the adoption ("within 90 days of
the adoption of this resolution") are counted from ``date_adopted`` when the document gives it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Optional

from pipeline.lexicon.dates import MONTHS, iso_date
from pipeline.lexicon.numbers import cardinal, ordinal

ORDINAL_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\u2010\u2011\u2013])?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth)"
)
_NUMBER = (
    r"(?:\d+|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-?)?(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|twenty|thirty|"
    r"forty|fifty|sixty|ninety|a|an)"
)
_MONTH = "|".join(MONTHS)
_DAY_DATE = rf"\d{{1,2}}\s(?:{_MONTH})\s\d{{4}}|(?:{_MONTH})\s\d{{1,2}},\s\d{{4}}"
_ANY_DATE = rf"(?:{_DAY_DATE}|(?:{_MONTH})\s\d{{4}}|(?:19|20)\d\d(?![\d/]))"
_SESSION_PREP = (
    r"(?:at|during|to|before|by|for|in|until|following|after|prior to|ahead of|(?:no|not) later than|"
    r"(?<=agenda )of|(?<=beginning )of|(?<=end )of|(?<=start )of|(?<=opening )of|(?<=close )of|(?<=part )of|"
    r"(?<=course )of|(?<=margins )of|(?<=sidelines )of|(?<=segment )of|(?<=advance )of|(?<=eve )of)"
)
_SESSIONS = re.compile(
    rf"\b{_SESSION_PREP}\s+(?:the\s+(?:regular|resumed|first|second|substantive|high-level)\s+(?:part|segment)\s+of\s+)?"
    rf"(?:its|the|their)\s+(?P<ords>{ORDINAL_WORD}(?:(?:,\s|\s?,?\s(?:and|or)\s){ORDINAL_WORD})*)"
    r"\s+(?:and\s+subsequent\s+)?(?P<kind>regular\s+|special\s+|emergency\s+special\s+|resumed\s+|organizational\s+)?"
    r"(?:negotiating\s+)?sessions?\b(?P<of>\s+of\s+the\s+(?P<owner>General Assembly|Human Rights Council|"
    r"Economic and Social Council|Security Council|Conference of the Parties[\w ]*?|[A-Z][\w-]*(?: [A-Z][\w-]*)*))?"
)
_SESSION_EDGE = re.compile(
    r"(?:\b(?:by|before|at|until|from|after|towards|prior to|in|during|no later than|not later than)\s+)?"
    r"\b(?:the\s+)?(?:very\s+)?(?:beginning|end|start|opening|close|course|advance|eve)\s+$"
)
_YEAR_SESSION = re.compile(r"\b(?:at|during|for|to|before|by|until)\s+its\s+((?:19|20)\d\d)\s+(?:[a-z-]+\s+)?session\b")
_PREP = (
    r"by|before|no later than|not later than|until|till|through to|through|from|on|as of|starting|beginning|"
    r"effective|in|during|between|to"
)
_DATED = re.compile(
    rf"\b(?P<prep>{_PREP})\s+"
    rf"(?:the\s+(?P<edge>end|beginning|first half|second half|middle|first quarter|second quarter|third quarter|"
    rf"fourth quarter)\s+of\s+)?(?P<date>{_ANY_DATE})"
)
_DAY_RANGE = re.compile(
    rf"\b(?:from\s+|between\s+)?(?P<d1>\d{{1,2}})\s+(?:(?P<month1>{_MONTH})\s+)?(?:to|and|-|–)\s+(?P<d2>\d{{1,2}})\s+"
    rf"(?P<month>{_MONTH})\s+(?P<year>\d{{4}})"
)
_TO_DATE = re.compile(
    r"\b(?:extend|extends|extended|renew|renews|renewed|update|updated|postpone|postponed|prolong|prolonged|defer|"
    r"deferred|change|changed)\b[^;.]{0,100}$"
)
_MORE_DATES = re.compile(
    rf"(?:,\s*|\s+)(?:and|or)\s+(?:then\s+)?(?:(?:by|on|to|until|before)\s+)?(?P<date>{_DAY_DATE}|(?:{_MONTH})\s\d{{4}})"
)
_RELATIVE = re.compile(
    rf"\bwithin\s+(?P<n>{_NUMBER})\s+(?P<working>working\s+)?(?P<unit>days?|weeks?|months?|years?)"
    r"(?P<from>\s+(?:of|after|from|following)\s+the\s+(?:date\s+of\s+)?(?:the\s+)?adoption\s+of\s+(?:this|the\s+present)"
    r"\s+(?:resolution|decision))?(?P<event>\s+(?:of|after|from|following)\s+[^,;:]{3,80})?"
)
_FRAME = re.compile(
    r"\b(?:(?:no\s+(?:more|later)\s+than|at\s+least)\s+" + _NUMBER + r"\s+(?:working\s+)?(?:days?|weeks?|months?)\s+"
    r"(?:after|before|in\s+advance|prior\s+to)[^,;:]{0,80}"
    r"|(?:prior\s+to|well\s+in\s+advance\s+of|in\s+advance\s+of|ahead\s+of|before|upon|following|after)\s+(?:the\s+)?"
    r"(?:commencement|start|opening|beginning|end|conclusion|completion|receipt|expiry|expiration|holding|"
    r"submission|finalization|launch)\s+of\s+[^,;:]{3,80}"
    r"|during\s+the\s+intersessional\s+period|during\s+the\s+first\s+" + _NUMBER + r"\s+days\s+of\s+[^,;:]{3,60})"
)
_PERIOD = re.compile(
    rf"\bfor\s+(?:a|an\s+additional|a\s+further)?\s*(?:period\s+of\s+)?(?P<n>{_NUMBER}|one)\s+(?P<unit>days?|weeks?|months?|years?)\b"
)
_EVERY = re.compile(
    rf"\b(?:every\s+(?P<n>{_NUMBER}\s+)?(?P<unit>days?|weeks?|months?|years?)|(?P<word>annually|biennially|"
    r"on an annual basis|on a biennial basis|on a yearly basis|each year|every year|on a regular basis|regularly|"
    r"periodically|on a quarterly basis|quarterly|monthly|on a monthly basis|twice a year|once a year))\b"
)
_EVERY_WORDS = {
    "annually": (1, "year"),
    "on an annual basis": (1, "year"),
    "on a yearly basis": (1, "year"),
    "each year": (1, "year"),
    "every year": (1, "year"),
    "once a year": (1, "year"),
    "biennially": (2, "year"),
    "on a biennial basis": (2, "year"),
    "quarterly": (3, "month"),
    "on a quarterly basis": (3, "month"),
    "monthly": (1, "month"),
    "on a monthly basis": (1, "month"),
    "twice a year": (6, "month"),
}
# The words before a time that say it is past: "adopted at ...", "held in Vienna from ...", "since 2015".
_PAST_BEFORE = re.compile(
    r"(?<!to be )(?<!will be )(?<!shall be )(?<!would be )(?<!be )(?<!is )(?<!are )\b(?:adopted|held|approved|convened|endorsed|"
    r"launched|took place|taken place|established|agreed|decided|concluded|organized|organised|hosted|issued|"
    r"made|created|set up|reached|signed|completed|elected|presented|began|started|entered into force|"
    r"proclaimed|commemorated|submitted|previously|already|earlier)\b(?:(?!\bto\s+[a-z]+\b)[^;:]){0,90}$"
)
_SINCE = re.compile(r"\b(?:since|as at)\s+(?:the\s+)?$")
# The words before a time that make it part of a consideration, a state of the world the paragraph points to, not
# a time anyone is asked to meet: "bearing in mind that, at the current pace, women's share ... will reach only
# 30 per cent by 2050", "considering that ... by 2050, women globally will still be spending ...".  Not "noting
# that", and not a consideration that says what must be done: "noting that references to midterm and final
# reports of the Panel of Experts should be updated to 31 January 2026" (S/RES/2789 OP1) sets two deadlines.
_CONSIDERATION_BEFORE = re.compile(
    r"\b(?:(?:bearing|keeping)\s+in\s+mind|considering|in\s+view\s+of\s+the\s+fact)\s+that\b"
    r"(?![^;:]*\b(?:should|shall|must|is\s+to|are\s+to)\b)"
)
_BASELINE_AFTER = re.compile(r"\s*(?:levels?|baselines?|base\s+year|figures?)\b")


SECOND_WEEK_SINCE = 2023  # the seventy-eighth session opened on 5 September 2023, a week earlier than rule 1 gave


def session_opening(year: int) -> dt.date:
    """Gives the day a regular session of the General Assembly opens in ``year``.

    The Tuesday of the third week of September (rule 1 of its rules of procedure), or of the second
    week from 2023, counting from the first week (Monday to Sunday) that contains at least one
    September working day (Monday to Friday).
    """
    first = dt.date(year, 9, 1)
    monday = first - dt.timedelta(days=first.weekday())
    if first.weekday() >= 5:  # 1 September is a Saturday or a Sunday: that week has no September working day
        monday += dt.timedelta(days=7)
    weeks_after_the_first = 1 if year >= SECOND_WEEK_SINCE else 2
    return monday + dt.timedelta(days=7 * weeks_after_the_first + 1)


def ga_session(n: int) -> dict:
    """Gives the calendar of regular session ``n`` of the General Assembly: its opening day and its year."""
    year = 1945 + n
    return {"opens": session_opening(year).isoformat(), "period": f"{year}-09/{year + 1}-09"}


def current_ga_session(date: Optional[str]) -> Optional[int]:
    """Gives the regular session of the General Assembly under way on an ISO date (a session runs September to September)."""
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", date or "")
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3) or 1)
    opened = dt.date(year, month, day) >= session_opening(year)
    return year - 1945 if opened else year - 1946


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


def _iso(text: str) -> str:
    """ISO form of a printed date, month or year ("31 May 2026", "November 2022", "2030")."""
    m = re.fullmatch(rf"({_MONTH})\s(\d{{4}})", text)
    if m:
        return f"{m.group(2)}-{MONTHS[m.group(1)]:02d}"
    return iso_date(text) or text


_BODY_NAMES = re.compile(
    r"(General Assembly|Human Rights Council|Security Council|Economic and Social Council|Commission on [A-Z][\w ]+?|"
    r"Conference of the (?:States )?Parties[\w ]*?|Assembly|Council|Subsidiary Body for [A-Z][\w ]+?|"
    r"(?:Ad Hoc |Special |Preparatory |Intergovernmental |Open-ended )?(?:Committee|Working Group|Conference|Forum|"
    r"Board|Commission|Congress|Meeting|Summit|Panel)|SBSTA|SBI|CMA|CMP|COP)(?=[\s,’'])"
)


def _session_owner(before: str, default: Optional[str]) -> Optional[str]:
    """The body whose session is meant: the last body named before "at its", else the default."""
    names = _BODY_NAMES.findall(before[-200:])
    if not names:
        return default
    name = names[-1]
    if name == "Assembly":
        return "General Assembly"
    if name == "Council":
        return default if (default or "").endswith("Council") else name
    return name


def _in_quotes(text: str, pos: int) -> bool:
    return text.count("“", 0, pos) > text.count("”", 0, pos)


def find_due(text: str, adopted: Optional[str] = None, body: Optional[str] = None, offset: int = 0) -> list[dict]:
    """Gives every due time in ``text``: sessions, dates, deadlines, relative and recurring times, with spans.

    Past times are included (see :func:`future_only`); baselines and years in quoted titles are not.
    """
    out: list[dict] = []
    taken: list[tuple[int, int]] = []
    for m in _SESSIONS.finditer(text):
        if _in_quotes(text, m.start()) or re.search(r"\b(?:each|every)\s+year\s*$", text[: m.start()]):
            continue  # "each year at the first session of the Subsidiary Body": which one in the year, no number
        owner = m.group("owner") or _session_owner(text[: m.start()], body)
        owner = "General Assembly" if owner == "Assembly" else owner
        kind = (m.group("kind") or "").strip()
        dated = re.match(
            rf"\s*(?:\((?P<p>{_DAY_DATE}|(?:{_MONTH})\s\d{{4}})\)|in\s+(?P<i>(?:{_MONTH})\s\d{{4}})\b|"
            rf",?\s+to\s+be\s+held\s+(?:in|on|from)\s+"
            rf"(?P<h>(?:\d{{1,2}}\s+(?:to|and)\s+)?(?:{_DAY_DATE}|(?:{_MONTH})\s\d{{4}}|(?:19|20)\d\d)))",
            text[m.end() :],
        )
        end = m.end() + (dated.end() if dated else 0)
        when = None
        if dated:
            printed = (
                dated.group("p") or dated.group("i") or re.sub(r"^\d{1,2}\s+(?:to|and)\s+(?=\d)", "", dated.group("h"))
            )
            first_day = re.match(r"(\d{1,2})\s+(?:to|and)\s+\d{1,2}\s+(\w+\s+\d{4})", dated.group("h") or "")
            when = _iso(f"{first_day.group(1)} {first_day.group(2)}" if first_day else printed)
            taken.append((m.end(), end))
        # "by the end of the eightieth session": the printed time is the whole phrase, not "of the ..."
        edge = _SESSION_EDGE.search(text[: m.start()]) if text[m.start() : m.start() + 2] == "of" else None
        start = edge.start() if edge else m.start()
        for word in re.findall(ORDINAL_WORD, m.group("ords")):
            n = ordinal(word)
            entry = {
                "kind": "session",
                "text": text[start : m.end()],
                "span": [offset + start, offset + m.end()],
                "session": n,
                "body": owner,
            }
            if kind:
                entry["session_kind"] = kind
            if when:
                entry["date"] = when
            if owner == "General Assembly" and n and not kind:
                entry.update(ga_session(n))
            out.append(entry)
    for m in _YEAR_SESSION.finditer(text):
        year = int(m.group(1))
        out.append(
            {
                "kind": "session",
                "text": m.group(0),
                "span": [offset + m.start(), offset + m.end()],
                "session": year,
                "year": year,
                "body": _session_owner(text[: m.start()], body),
            }
        )
        taken.append((m.start(), m.end()))
    for m in _DAY_RANGE.finditer(text):
        if _in_quotes(text, m.start()) or any(a <= m.start() < b for a, b in taken):
            continue
        d1 = iso_date(f"{m.group('d1')} {m.group('month1') or m.group('month')} {m.group('year')}")
        d2 = iso_date(f"{m.group('d2')} {m.group('month')} {m.group('year')}")
        if d1 and d2:
            span = [offset + m.start(), offset + m.end()]
            out.append({"kind": "start", "text": m.group(0), "span": span, "date": d1, "range": span[0]})
            out.append({"kind": "end", "text": m.group(0), "span": span, "date": d2, "range": span[0]})
            taken.append((m.start(), m.end()))
    ranges: dict[int, int] = {}
    continued: set[int] = set()
    for m in _DATED.finditer(text):
        if _in_quotes(text, m.start()) or any(a <= m.start() < b for a, b in taken) or m.start("date") in continued:
            continue
        if re.match(r"\s(?:[a-z-]+\s)?session", text[m.end() :]):
            continue
        prep, edge, date = m.group("prep"), m.group("edge"), m.group("date")
        year_only = bool(re.fullmatch(r"\d{4}", date))
        if year_only and (_BASELINE_AFTER.match(text[m.end() :]) or prep in ("on", "of")):
            continue  # "from 2019 levels": a baseline, not a time
        if year_only and re.match(r"\s+and\s+beyond\b", text[m.end() :]):
            continue  # "sustainable development by 2030 and beyond": a horizon, not a deadline
        if year_only and re.match(
            r"\s*(?:Agenda|Convention|Protocol|Declaration|Summit|Conference)\b", text[m.end() :]
        ):
            continue  # "to the 2030 Agenda"
        if (
            prep == "to"
            and m.start() not in ranges
            and not (re.fullmatch(_DAY_DATE, date) and _TO_DATE.search(text[: m.start()]))
        ):
            continue  # "extend, to 31 January 2026", "updated to 15 June 2026"; a bare "to 2030" is no time
        iso = _iso(date)
        kind = {
            "until": "until",
            "till": "until",
            "through": "until",
            "through to": "until",
            "to": "until",
            "from": "start",
            "between": "start",
            "as of": "start",
            "starting": "start",
            "beginning": "start",
            "effective": "start",
            "on": "date",
            "in": "year" if year_only else "date",
            "during": "year" if year_only else "date",
        }.get(prep, "deadline")
        entry = {"kind": kind, "text": m.group(0), "span": [offset + m.start(), offset + m.end()], "date": iso}
        if edge:
            entry["edge"] = edge
            if edge == "end" and year_only:
                entry["date"] = f"{iso}-12-31"
        if prep in ("from", "between"):
            to = re.match(rf"\s+(?:to|and|until)\s+(?P<date>{_ANY_DATE})", text[m.end() :])
            if to:
                ranges[m.end() + to.start() + 1] = m.start()
                entry["range"] = offset + m.start()
        if m.start() in ranges:
            entry["kind"] = "end"
            entry["range"] = offset + ranges[m.start()]
        out.append(entry)
        pos = m.end()
        while more := _MORE_DATES.match(text, pos):
            continued.add(more.start("date"))
            printed = re.sub(r"^(?:,\s*|\s+)(?:and|or)\s+(?:then\s+)?", "", more.group(0))
            out.append(
                {
                    "kind": kind if kind != "start" else "date",
                    "text": printed,
                    "span": [offset + more.end() - len(printed), offset + more.end()],
                    "date": _iso(more.group("date")),
                }
            )
            pos = more.end()
    for m in _RELATIVE.finditer(text):
        n = cardinal(m.group("n")) if m.group("n") not in ("a", "an") else 1
        entry = {
            "kind": "relative",
            "text": m.group(0).rstrip(),
            "span": [offset + m.start(), offset + m.start() + len(m.group(0).rstrip())],
            "within": {"n": n, "unit": m.group("unit").rstrip("s")},
        }
        if m.group("working"):
            entry["within"]["working"] = True
        if adopted and n and m.group("from") and not m.group("working"):
            entry["date"] = add_period(adopted, n, m.group("unit"))
            entry["from"] = adopted
        out.append(entry)
    for m in _FRAME.finditer(text):
        if any(e["span"][0] <= offset + m.start() < e["span"][1] for e in out if e["kind"] == "relative"):
            continue
        words = m.group(0).strip().split()
        printed = " ".join(words[:14])
        out.append({"kind": "frame", "text": printed, "span": [offset + m.start(), offset + m.start() + len(printed)]})
    for m in _PERIOD.finditer(text):
        n = cardinal(m.group("n")) if m.group("n") not in ("a", "an") else 1
        out.append(
            {
                "kind": "period",
                "text": m.group(0),
                "span": [offset + m.start(), offset + m.end()],
                "period": {"n": n, "unit": m.group("unit").rstrip("s")},
            }
        )
    for m in _EVERY.finditer(text):
        entry = {"kind": "recurrence", "text": m.group(0), "span": [offset + m.start(), offset + m.end()]}
        if m.group("unit"):
            n = m.group("n")
            count = (cardinal(n.strip()) if n and n.strip() not in ("a", "an") else 1) or 1
            entry["every"] = {"n": count, "unit": m.group("unit").rstrip("s")}
        elif m.group("word") in _EVERY_WORDS:
            count, unit = _EVERY_WORDS[m.group("word")]
            entry["every"] = {"n": count, "unit": unit}
        out.append(entry)
    return sorted(out, key=lambda e: (e["span"][0], e["kind"] == "end"))


def _clause_before(entry: dict, text: str, offset: int, reach: int) -> str:
    """Gives the words of ``text`` before a due time, at most ``reach`` characters, back to its clause's start."""
    start = entry["span"][0] - offset
    return re.split(r"[;:]|\.\s", text[max(0, start - reach) : start])[-1]


def _before_date(date: str, reference: str) -> bool:
    """True when an ISO date, month or year ends before the reference day."""
    n = min(len(date), len(reference))
    return date[:n] < reference[:n]


def is_past(entry: dict, text: str, reference: Optional[str], offset: int = 0, sessions: Optional[dict] = None) -> bool:
    """True when a due time of ``text`` (at ``offset`` in the paragraph) is past at the document's date.

    ``sessions`` gives the current session of bodies whose sessions are numbered ({"General Assembly": 78}).
    """
    before = _clause_before(entry, text, offset, 160)
    if _PAST_BEFORE.search(before) or _SINCE.search(before):
        return True
    date = entry.get("date")
    if date and reference and _before_date(str(date), reference) and entry["kind"] != "session":
        return True
    if entry["kind"] == "session" and entry.get("session") and not entry.get("year"):
        current = (sessions or {}).get(entry.get("body"))
        if current and not entry.get("session_kind") and entry["session"] < current:
            return True
        if date and reference and _before_date(str(date), reference):
            return True
    if entry["kind"] == "session" and entry.get("year") and reference and entry["year"] < int(reference[:4]):
        return True
    return False


def in_consideration(entry: dict, text: str, offset: int = 0) -> bool:
    """True when a time of ``text`` sits in a clause that describes the world ("bearing in mind that ... will
    reach only 30 per cent by 2050"), so it is no time an ask is due by."""
    return bool(_CONSIDERATION_BEFORE.search(_clause_before(entry, text, offset, 200)))


def future_only(
    due: list[dict], adopted: Optional[str], text: str = "", offset: int = 0, sessions: Optional[dict] = None
) -> list[dict]:
    """Leaves out past times (see :func:`is_past`) and times in a consideration (see :func:`in_consideration`);
    of a range, keeps only its first bound still to come."""
    if text or adopted:
        due = [d for d in due if not (is_past(d, text, adopted, offset, sessions) or in_consideration(d, text, offset))]
    out, seen = [], set()
    for d in due:
        if "range" in d:
            if d["range"] in seen:
                continue
            seen.add(d["range"])
        out.append(d)
    return out
