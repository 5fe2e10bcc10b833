"""The pack's calendar.ics: every dated report, deadline and act of one or more resolutions as iCalendar.

Built from the annotator's ``annotations.summary.calendar`` entries of resolution.json (see
pipeline/annotate/summary.py).  Each entry is one all-day event (a month or a year when the text
gives no day: "in 2026").  The file is RFC 5545: CRLF line ends, lines folded at 75 octets, text
escaped; nothing in it comes from the clock, so the same resolutions give the same bytes.  UIDs are
derived from the symbol and the entry; DTSTAMP is the document's adoption (else issue) date.
"""

from __future__ import annotations

import calendar as _calendar
import hashlib
import re
from pathlib import Path
from typing import Any, Iterable, Optional

from pipeline.config import DEFAULT_TEMPLATES
from pipeline.errors import UNSAFE_ON_PAGE
from pipeline.render.annotations import actor_name, verb_with_class
from pipeline.render.view import FALLBACK_DATE, load_labels

__all__ = ["calendar_ics", "calendar_events", "write_calendar", "OUTPUT_NAME"]

OUTPUT_NAME = "calendar.ics"
PRODID = "-//resbrief//resbrief calendar//EN"
LINE_OCTETS = 75
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def _str(value: Any) -> str:
    """Gives a text value on one line, without characters unsafe on a page; "" for anything else."""
    return re.sub(r"\s+", " ", UNSAFE_ON_PAGE.sub("", value)).strip() if isinstance(value, str) else ""


def date_span(value: Any) -> Optional[tuple[str, str]]:
    """Gives (first day, day after the last) as YYYYMMDD for an ISO day, month or year; None for anything else."""
    text = _str(value)
    try:
        if m := _DAY.match(text):
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            if not 1 <= mo <= 12 or not 1 <= d <= _calendar.monthrange(y, mo)[1]:
                return None
            last = _calendar.monthrange(y, mo)[1]
            nxt = (y, mo, d + 1) if d < last else ((y, mo + 1, 1) if mo < 12 else (y + 1, 1, 1))
        elif m := _MONTH.match(text):
            y, mo, d = int(m[1]), int(m[2]), 1
            if not 1 <= mo <= 12:
                return None
            nxt = (y, mo + 1, 1) if mo < 12 else (y + 1, 1, 1)
        elif m := _YEAR.match(text):
            y, mo, d = int(m[1]), 1, 1
            nxt = (y + 1, 1, 1)
        else:
            return None
    except ValueError:
        return None
    if not 1 <= y <= 9998:
        return None
    return f"{y:04d}{mo:02d}{d:02d}", "{:04d}{:02d}{:02d}".format(*nxt)


def paragraph_name(pid: Any, labels: dict) -> str:
    """Gives a paragraph id's short name: "op32.a" gives "OP32 (a)", "pp3" gives "PP3"."""
    text = _str(pid)
    if not text:
        return ""
    head, *subs = text.split(".")
    refs = labels["paragraph_labels"]
    if head.startswith("op"):
        name = refs["op"].format(n=head[2:])
    elif head.startswith("pp"):
        name = refs["pp"].format(n=head[2:])
    else:
        name = head
    for s in subs:
        name = refs["sub"].format(parent=name, label=f"({s})")
    return name


def escape_text(value: str) -> str:
    """Gives an iCalendar TEXT value: backslash, semicolon and comma escaped, line ends as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", "\\\\n", value)


def fold(line: str) -> bytes:
    """Gives one content line as UTF-8, folded into lines of at most 75 octets, each ended by CRLF."""
    out, chunk, size = [], [], 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = LINE_OCTETS if not out else LINE_OCTETS - 1  # a continuation starts with a space
        if size + n > limit:
            out.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(ch)
        size += n
    out.append("".join(chunk))
    return ("\r\n ".join(out) + "\r\n").encode("utf-8")


def _stamp(data: dict) -> str:
    for key in ("date_adopted", "date_issued"):
        value = _str(data.get(key))
        if _DAY.match(value) and date_span(value):
            return value.replace("-", "") + "T000000Z"
    return FALLBACK_DATE.replace("-", "") + "T000000Z"


def _entries(data: dict) -> list[dict]:
    annotations = data.get("annotations") if isinstance(data.get("annotations"), dict) else {}
    summary = annotations.get("summary") if isinstance(annotations.get("summary"), dict) else {}
    found = summary.get("calendar")
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def calendar_events(data: dict, labels: dict, uids: Optional[set] = None) -> list[dict]:
    """Gives one resolution's dated entries as events: uid, start, end, summary, description (plain text).

    ``uids`` are the UIDs already given (by earlier resolutions of one calendar); each new one is added to it."""
    symbol = _str(data.get("symbol")) or labels["calendar_file"]["no_symbol"]
    title = _str(data.get("title"))
    words = labels["calendar_file"]
    kinds = labels.get("calendar_types") or {}
    events, uids = [], (set() if uids is None else uids)
    for e in _entries(data):
        span = date_span(e.get("date"))
        if span is None:
            continue
        kind = _str(e.get("type")) or "task"
        actor = actor_name(e, labels)
        if kind == "report" and _str(e.get("to")):
            actor = labels["formats"]["report_by_to"].format(actor=actor, to=_str(e.get("to")))
        where = paragraph_name(e.get("paragraph"), labels)
        if isinstance(e.get("part"), int):
            where = words["part"].format(n=e["part"] + 1, where=where) if where else ""
        place = words["where"].format(symbol=symbol, where=where) if where else symbol
        summary = words["summary"].format(kind=_str(kinds.get(kind)) or kind, actor=actor, place=place)
        lines = []
        if e.get("verb"):
            lines.append(verb_with_class(_str(e.get("verb")), _str(e.get("class")), labels))
        if _str(e.get("task")):
            lines.append(_str(e.get("task")))
        if _str(e.get("text")):
            lines.append(words["as_printed"].format(text=_str(e.get("text"))))
        if e.get("opens") and e.get("session") is not None:
            lines.append(words["session_opens"].format(n=e["session"]))
        lines.append(place + (f": {title}" if title else ""))
        key = "\x1f".join([symbol, str(e.get("part", "")), where, kind, span[0], actor, _str(e.get("task"))])
        base = uid = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        n = 1
        while uid in uids:  # the same entry twice (or a second pack of one symbol): numbered in order
            n += 1
            uid = f"{base}-{n}"
        uids.add(uid)
        events.append(
            {"uid": uid + "@resbrief", "start": span[0], "end": span[1], "summary": summary, "description": lines}
        )
    return events


def calendar_ics(resolutions_data: Iterable[dict], labels: Optional[dict] = None) -> bytes:
    """Gives the iCalendar file (bytes) of every dated entry of the given resolution.json dicts, earliest first."""
    labels = labels if labels is not None else load_labels(DEFAULT_TEMPLATES)
    docs = [d for d in resolutions_data if isinstance(d, dict)]
    words = labels["calendar_file"]
    rows, uids = [], set()
    for i, data in enumerate(docs):
        stamp = _stamp(data)
        for j, ev in enumerate(calendar_events(data, labels, uids)):
            rows.append(((ev["start"], i, j), stamp, ev))
    rows.sort(key=lambda r: r[0])
    if len(docs) == 1:
        name = words["name"].format(symbol=_str(docs[0].get("symbol")) or words["no_symbol"])
    else:
        name = words["name_many"].format(n=len(docs))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.append("X-WR-CALNAME:" + escape_text(name))
    for _, stamp, ev in rows:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ev['uid']}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{ev['start']}",
            f"DTEND;VALUE=DATE:{ev['end']}",
            "SUMMARY:" + escape_text(ev["summary"]),
            "DESCRIPTION:" + escape_text("\n".join(ev["description"])),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


def write_calendar(data: dict, path: Path, templates: Path) -> Path:
    """Gives the path of calendar.ics written for one resolution.json dict."""
    path = Path(path)
    path.write_bytes(calendar_ics([data], load_labels(Path(templates))))
    return path
