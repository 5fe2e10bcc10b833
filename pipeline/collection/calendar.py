"""The batch's calendar (calendar.ics): every dated report, deadline and dated act of its documents.

An event is a whole day (``DTSTART;VALUE=DATE``): the date the annotator gave
the entry, a session by its opening day.  Its ``UID`` is a digest of what the
event says, and ``DTSTAMP`` is fixed, so the same documents give the same
bytes.  Text is escaped and lines folded as RFC 5545 asks.
"""

from __future__ import annotations

import hashlib

DTSTAMP = "20000101T000000Z"
FOLD = 75  # octets per line, before CRLF


def escape_text(value: str) -> str:
    """Gives a TEXT value escaped for iCalendar: backslash, semicolon, comma and line breaks."""
    value = "".join(ch if ch in "\n" or ord(ch) >= 32 else " " for ch in value.replace("\r\n", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Gives a content line folded at 75 octets, never inside a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > FOLD:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _summary(entry: dict, labels: dict) -> str:
    kind = labels["event_types"].get(entry["type"], entry["type"])
    form = labels["event_summary_to"] if entry.get("to") else labels["event_summary"]
    return form.format(
        document=entry["document"],
        paragraph=entry["paragraph"],
        type=kind,
        actor=entry["actor"],
        to=entry.get("to", ""),
    )


def event_lines(entry: dict, labels: dict) -> list[str]:
    """Gives the VEVENT of one dated entry."""
    date = entry["date"].replace("-", "")
    summary = _summary(entry, labels)
    description = "\n".join(x for x in (entry.get("task"), entry.get("text")) if x)
    uid = hashlib.sha256("\x1f".join([entry["document"], entry["paragraph"], date, summary, description]).encode())
    return [
        "BEGIN:VEVENT",
        f"UID:{uid.hexdigest()[:32]}@resbrief",
        f"DTSTAMP:{DTSTAMP}",
        f"DTSTART;VALUE=DATE:{date}",
        f"SUMMARY:{escape_text(summary)}",
        *([f"DESCRIPTION:{escape_text(description)}"] if description else []),
        "END:VEVENT",
    ]


def calendar_ics(entries: list[dict], labels: dict) -> bytes:
    """Gives calendar.ics: one all-day event per dated entry, earliest first (the same event once)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//resbrief//collection//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(labels['calendar_name'])}",
    ]
    seen = set()
    for entry in sorted(entries, key=lambda e: e["date"]):
        if len(entry["date"]) != 10:
            continue
        event = event_lines(entry, labels)
        if event[1] in seen:
            continue
        seen.add(event[1])
        lines += event
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
