"""The annotations' summary: actions by force, addressees ranked, reports, the calendar, predecessors."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from pipeline.annotate.references import acting_body
from pipeline.model import Resolution

CALENDAR_TYPES = ("task", "report", "extension", "decision", "intention", "commitment", "agenda item", "consideration")


def _when(d: dict) -> Optional[str]:
    """The ISO day, month or year a due time falls on: its date, or the opening day of its session."""
    if d.get("kind") in ("recurrence", "period", "frame"):
        return None
    return d.get("date") or d.get("opens")


def calendar(groups: list[tuple[Optional[int], list[dict]]]) -> list[dict]:
    """Gives every dated mandate once per date, earliest first: reports due, deadlines, the body's own dated acts.

    ``groups`` pairs each text's index in ``parts`` (None for the document's own text) with its
    mandates; a session's date is its opening day (``opens``: true).
    """
    out = []
    order = 0
    for part, mandates in groups:
        for m in mandates:
            order += 1
            if m.get("type") not in CALENDAR_TYPES:
                continue
            due = list(m.get("due") or [])
            if not due and m.get("opens"):
                due = [{"kind": "session", "session": m.get("session"), "opens": m["opens"], "text": None}]
            seen = set()
            for d in due:
                when = _when(d)
                if not when or when in seen:
                    continue
                seen.add(when)
                entry = {
                    "date": when,
                    "opens": not d.get("date") and bool(d.get("opens")),
                    "text": d.get("text"),
                    "session": d.get("session"),
                    "body": d.get("body"),
                    "type": m.get("type"),
                    "actor": m.get("actor"),
                    "task": m.get("task") or m.get("item"),
                    "paragraph": m.get("paragraph"),
                    "order": order,
                }
                if part is not None:
                    entry["part"] = part
                for key in ("label", "to", "self", "verb", "class", "inferred"):
                    if m.get(key) is not None:
                        entry[key] = m[key]
                out.append(entry)
    out.sort(key=lambda e: (e["date"], e["order"]))
    for e in out:
        e.pop("order")
    return out


def summary(res: Resolution, ann: dict, references: list[dict], parts: Optional[list[dict]] = None) -> dict:
    """Gives counts by class, addressees ranked by what is asked of them, reports, the calendar and predecessors."""
    groups = [(None, ann)] + [(p.number, a) for p, a in zip(res.parts, parts or [])]
    by_class: dict[str, int] = defaultdict(int)
    asked: dict[str, dict] = {}
    for _, text in groups:
        for a in text["actions"]:
            by_class[a["class"]] += 1
            for who in a["addressees"]:
                row = asked.setdefault(
                    who["name"],
                    {"name": who["name"], "kind": who["kind"], "actions": 0, "weight": 0, "classes": defaultdict(int)},
                )
                row["actions"] += 1
                row["weight"] += a["force"] or 0
                row["classes"][a["class"]] += 1
    ranked = sorted(asked.values(), key=lambda r: (-r["weight"], -r["actions"], r["name"] or ""))
    for r in ranked:
        r["classes"] = dict(r["classes"])
    mandates = [m for _, text in groups for m in text["mandates"]]
    preds = [
        r
        for r in references
        if r["kind"] == "resolution"
        and r.get("symbol")
        and r["paragraph"]
        and r["paragraph"].startswith("pp")
        and "footnote" not in r
    ]
    latest = series_predecessor(res, preds)
    return {
        "paragraphs": {"preamble": len(res.preamble), "operative": len(res.operative)},
        "actions": sum(len(text["actions"]) for _, text in groups),
        "by_class": dict(by_class),
        "addressees": ranked,
        "mandates_with_due": [m for m in mandates if m.get("due") or m.get("session")],
        "reports": [m for m in mandates if m.get("type") == "report"],
        "calendar": calendar([(i - 1 if i else None, text["mandates"]) for i, (_, text) in enumerate(groups)]),
        "predecessors": _dedupe([r["symbol"] for r in preds]),
        "latest_predecessor": latest,
    }


def series_predecessor(res: Resolution, preds: list[dict]) -> Optional[str]:
    """The most recent earlier resolution of the same body in the first preambular paragraph that cites one."""
    me = acting_body(res)
    own = _num_key(res.number) if "/RES/" in (res.symbol or "") else ()
    same = [r for r in preds if r.get("body") == me and (not own or _num_key(r.get("number")) < own)]
    if not same:
        return None
    first = same[0]["paragraph"]
    series = [r for r in same if r["paragraph"] == first]
    return max(series, key=lambda r: (r.get("date") or "", _num_key(r.get("number"))))["symbol"]


def _num_key(number: Optional[str]) -> tuple:
    return tuple(int(x) for x in re.findall(r"\d+", number or ""))


def _dedupe(items: list) -> list:
    seen, out = set(), []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out
