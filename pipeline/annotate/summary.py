"""The annotations' summary: actions by force, addressees ranked, dated mandates, predecessors."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from pipeline.annotate.references import acting_body
from pipeline.model import Resolution


def summary(res: Resolution, ann: dict, references: list[dict]) -> dict:
    """Gives counts by force class, addressees ranked by what is asked of them, dated mandates and predecessors."""
    by_class: dict[str, int] = defaultdict(int)
    asked: dict[str, dict] = {}
    for a in ann["actions"]:
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
    dated = [m for m in ann["mandates"] if m.get("due") or m.get("session")]
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
        "actions": len(ann["actions"]),
        "by_class": dict(by_class),
        "addressees": ranked,
        "mandates_with_due": dated,
        "reports": [m for m in ann["mandates"] if m.get("type") == "report"],
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
