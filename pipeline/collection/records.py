"""One pack as the collection reads it: its document's row, its mandates, its dated entries, its series facts.

A record is plain data built from the pack's ``resolution.json`` alone, so it
can be kept between runs (``cache``) and a pack whose ``resolution.json`` has
not changed is not read again.
"""

from __future__ import annotations

from typing import Any, Optional

from pipeline.compare.series import text_of
from pipeline.model import resolution_from_dict

MAX_ASKS = 3  # the main asks an index row shows
ASK_TYPES = ("task", "report")


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value.strip() else None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _parts(data: dict, annotations: dict) -> list[tuple[Optional[str], dict]]:
    """Gives (the part's number as printed, its annotations) of the document's own text and of each of its parts
    (the annotator's ``parts`` follow the resolution's ``parts`` one for one)."""
    numbers = [_text(p.get("number")) for p in _dicts(data.get("parts"))]
    out = [(None, annotations)]
    for i, part in enumerate(_dicts(annotations.get("parts"))):
        out.append((numbers[i] if i < len(numbers) else None, part))
    return out


def paragraph_counts(data: dict) -> dict[str, int]:
    """Gives the preambular and operative paragraphs of a resolution.json, its parts' included."""
    holders = [data, *_dicts(data.get("parts"))]
    return {
        "preamble": sum(len(_list(h.get("preamble"))) for h in holders),
        "operative": sum(len(_list(h.get("operative"))) for h in holders),
    }


def due_sessions(due: Any) -> list[int]:
    """Gives the session numbers a mandate's ``due`` names, in order."""
    return [d["session"] for d in _dicts(due) if isinstance(d.get("session"), int)]


def due_dates(due: Any) -> list[str]:
    """Gives the dates (ISO, or a year) a mandate's ``due`` prints, in order (a session is a due session, not a
    date)."""
    return [d["date"] for d in _dicts(due) if _text(d.get("date"))]


def frequency(every: Any) -> Optional[str]:
    """Gives how often a report is due as words ("every 2 years"), or None."""
    if isinstance(every, dict) and _text(every.get("unit")):
        n = every.get("n") or 1
        unit = every["unit"].rstrip("s")
        return f"every {unit}" if n == 1 else f"every {n} {unit}s"
    text = _text(every)
    return text if not text or text.startswith(("every", "each")) else f"every {text}"


def mandate_row(symbol: Optional[str], label: Optional[str], m: dict) -> dict:
    """Gives one registry row of a mandate: who is asked what, by which words, reporting to whom, by when."""
    due = _dicts(m.get("due"))
    sessions = due_sessions(due)
    if not sessions and isinstance(m.get("session"), int):
        sessions = [m["session"]]
    dates = due_dates(due)
    paragraph = _text(m.get("label")) or _text(m.get("paragraph")) or ""
    return {
        "document": symbol or "",
        "part": label or "",
        "paragraph": paragraph,
        "type": _text(m.get("type")) or "task",
        "actor": _text(m.get("actor")) or "",
        "actor_as_printed": _text(m.get("actor_text")) or "",
        "action": _text(m.get("verb")) or "",
        "class": _text(m.get("class")) or "",
        "task": _text(m.get("task")) or _text(m.get("item")) or "",
        "reports_to": _text(m.get("to")) or "",
        "due_session": "; ".join(str(n) for n in dict.fromkeys(sessions)),
        "due_date": "; ".join(dict.fromkeys(dates)),
        "frequency": frequency(m.get("every")) or "",
        "due_as_printed": "; ".join(dict.fromkeys(d["text"] for d in due if _text(d.get("text")))),
        "budget": _text(m.get("budget")) or "",
    }


def main_asks(mandates: list[dict]) -> list[dict]:
    """Gives the asks an index row shows: the reports and dated asks first, then requests, then the rest, in
    the order of the text and one per paragraph and actor."""

    def rank(row: dict) -> int:
        if row["type"] == "report" or row["due_date"]:
            return 0
        return 1 if row["class"] != "encourage" else 2

    asks, seen = [], set()
    for row in sorted((r for r in mandates if r["type"] in ASK_TYPES and r["actor"]), key=rank):
        if (row["paragraph"], row["actor"]) not in seen:  # a report and the task around it: one ask
            seen.add((row["paragraph"], row["actor"]))
            asks.append(row)
    asks = asks[:MAX_ASKS]
    return [{"paragraph": r["paragraph"], "actor": r["actor"], "action": r["action"], "task": r["task"]} for r in asks]


def calendar_source(data: dict) -> dict:
    """Gives what the batch's calendar reads of a resolution.json (``render.ical.calendar_ics``): its symbol,
    title, dates and the annotator's dated entries."""
    annotations = data.get("annotations") if isinstance(data.get("annotations"), dict) else {}
    summary = annotations.get("summary") if isinstance(annotations.get("summary"), dict) else {}
    keep = {k: data.get(k) for k in ("symbol", "title", "date_adopted", "date_issued")}
    return {**keep, "annotations": {"summary": {"calendar": _dicts(summary.get("calendar"))}}}


def series_facts(name: str, data: dict) -> dict:
    """Gives what the series rules read of a document (``compare.series.Text``) as plain data."""
    text = text_of(name, resolution_from_dict(data))
    facts = dict(vars(text))
    facts["cites"] = sorted(text.cites)
    return facts


def record_of(name: str, sha256: str, data: dict) -> dict:
    """Gives the collection's record of one pack from its resolution.json (already parsed)."""
    symbol = _text(data.get("symbol"))
    annotations = data.get("annotations") if isinstance(data.get("annotations"), dict) else {}
    mandates = [
        mandate_row(symbol, label, m)
        for label, holder in _parts(data, annotations)
        for m in _dicts(holder.get("mandates"))
    ]
    adopted_on = data.get("adopted_on") if isinstance(data.get("adopted_on"), dict) else {}
    facts = series_facts(name, data)
    document = {
        "name": name,
        "symbol": symbol,
        "title": _text(data.get("title")),
        "body": _text(data.get("body")),
        "document_type": _text(data.get("document_type")),
        "session": data.get("session_number") if isinstance(data.get("session_number"), int) else None,
        "committee": _text(adopted_on.get("body")) or facts.get("committee"),
        "adopted_from": _text(adopted_on.get("document")),
        "agenda_items": [
            {"number": _text(a.get("number")), "title": _text(a.get("title"))} for a in _dicts(data.get("agenda_items"))
        ],
        "date_adopted": _text(data.get("date_adopted")),
        "date_issued": _text(data.get("date_issued")),
        "paragraphs": paragraph_counts(data),
        "asks": main_asks(mandates),
        "mandates": len(mandates),
        "source": _text((data.get("source") or {}).get("file")) if isinstance(data.get("source"), dict) else None,
    }
    return {
        "name": name,
        "sha256": sha256,
        "document": document,
        "mandates": mandates,
        "calendar": calendar_source(data),
        "series": facts,
    }
