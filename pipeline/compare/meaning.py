"""What the changes mean: verbs whose force changed, actions and asks added and dropped, deadlines, references, footnotes.

Everything here is read from the annotations of both texts (through
:mod:`pipeline.compare.annotations`) and the paragraph alignment; nothing is
guessed from words the annotator did not classify.  A verb is *stronger* when
its force on the annotator's scale rises ("encourages" 3 to "urges" 4) or when
an intensifier ("strongly") is added, *weaker* the other way round, and
*reworded* when another verb of the same force is used; the verbs compared are
those of the same action in a paired paragraph (the one whose governed words
agree), so a verb put in front of a paragraph ("Invites ..., and takes note
of") is an action added, not a change of the verb that was there.  Asks of the same actor
and kind in paragraphs the alignment paired are the same ask when at least
half their words agree or their first four words do ("submit a report to");
its deadline has *moved* when the sessions or dates it is due at differ.
"""

from __future__ import annotations

from typing import Optional

from pipeline.compare.align import Pair, similarity
from pipeline.compare.annotations import Ask, Due, Reading, Verb

SAME_ASK = 0.5  # share of agreeing words that makes two tasks of one actor the same ask
OPENING = 4  # or this many first words in common ("submit a report to", "take into consideration the")
SAME_VERB_CLAUSE = 0.25  # the same verb governing words that agree this much is the same action
SAME_VERB_BONUS = 0.25  # how much the same verb counts when pairing actions, best first
VERB_KINDS = ("operative", "annex")


def _due_dict(d: Due) -> dict:
    return {"text": d.text, "session": d.session, "date": d.date}


def _ask_dict(a: Ask, where: str) -> dict:
    return {
        "paragraph": where,
        "actor": a.actor,
        "kind": a.kind,
        "task": a.task,
        "to": a.to,
        "due": [_due_dict(d) for d in a.due],
    }


def _when(due: tuple[Due, ...]) -> tuple:
    """Gives the comparable deadline of an ask: its latest session, then its latest date."""
    sessions = sorted(d.session for d in due if d.session is not None)
    dates = sorted(d.date for d in due if d.date)
    return (sessions[-1] if sessions else None, dates[-1] if dates else None)


def _due_change(old: tuple[Due, ...], new: tuple[Due, ...]) -> Optional[str]:
    """Gives how a deadline changed: "set", "dropped", "later", "earlier", "changed", or None when it did not."""
    before = {(d.session, d.date) for d in old if d.session is not None or d.date}
    after = {(d.session, d.date) for d in new if d.session is not None or d.date}
    if before == after:
        return None
    if not before:
        return "set"
    if not after:
        return "dropped"
    (s0, d0), (s1, d1) = _when(old), _when(new)
    if s0 is not None and s1 is not None and s0 != s1:
        return "later" if s1 > s0 else "earlier"
    if d0 and d1 and d0 != d1:
        return "later" if d1[: len(d0)] > d0[: len(d1)] else "earlier"
    return "changed"


def _opening(task: str) -> str:
    """Gives the first words of a task ("take into consideration the"): the same opening is the same ask reworded."""
    return " ".join(task.lower().split()[:OPENING])


def _match_asks(old: list[Ask], new: list[Ask]) -> tuple[list[tuple[Ask, Ask]], list[Ask], list[Ask]]:
    """Gives (the same asks in both, asks only in the new, asks only in the old), best matches first."""
    candidates = []
    for j, b in enumerate(new):
        for i, a in enumerate(old):
            if a.actor != b.actor or a.kind != b.kind:
                continue
            r = similarity(a.task.split(), b.task.split())
            if r >= SAME_ASK or _opening(a.task) == _opening(b.task) != "":
                candidates.append((-r, j, i))
    pairs, used_old, used_new = [], set(), set()
    for _, j, i in sorted(candidates):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old[i], new[j]))
    pairs.sort(key=lambda p: new.index(p[1]))
    return (
        pairs,
        [b for j, b in enumerate(new) if j not in used_new],
        [a for i, a in enumerate(old) if i not in used_old],
    )


def _match_verbs(old: list[Verb], new: list[Verb]) -> tuple[list[tuple[Verb, Verb]], list[Verb], list[Verb]]:
    """Gives (the same actions in both, actions only in the new, only in the old).

    Two actions are the same when the words they govern agree by half or more, or by a quarter when the verb
    is the same; the best pairs go first, the same verb before another.  A paragraph with one action on each
    side keeps it, whatever its words became.
    """
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])], [], []
    candidates = []
    for j, b in enumerate(new):
        for i, a in enumerate(old):
            r = similarity(a.clause.split(), b.clause.split())
            same_verb = a.core == b.core
            if r >= SAME_ASK or (same_verb and r >= SAME_VERB_CLAUSE):
                candidates.append((-(r + (SAME_VERB_BONUS if same_verb else 0)), j, i))
    pairs, used_old, used_new = [], set(), set()
    for _, j, i in sorted(candidates):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old[i], new[j]))
    return (
        sorted(pairs, key=lambda p: new.index(p[1])),
        [b for j, b in enumerate(new) if j not in used_new],
        [a for i, a in enumerate(old) if i not in used_old],
    )


def _action_dict(v: Verb, where: str) -> dict:
    return {"paragraph": where, "verb": v.printed, "class": v.cls, "force": v.force, "addressees": list(v.actors)}


def _verb_change(a: Verb, b: Verb) -> Optional[str]:
    if a.force is not None and b.force is not None and a.force != b.force:
        return "stronger" if b.force > a.force else "weaker"
    if a.intensified != b.intensified and a.cls == b.cls:
        return "stronger" if b.intensified else "weaker"
    if a.core != b.core:
        return "reworded"
    return None


def _verb_dict(p: Pair, a: Verb, b: Verb, change: str) -> dict:
    return {
        "old": p.old.id,
        "new": p.new.id,
        "old_verb": a.printed,
        "new_verb": b.printed,
        "old_class": a.cls,
        "new_class": b.cls,
        "old_force": a.force,
        "new_force": b.force,
        "change": change,
    }


def _old_ids(p: Pair) -> list[str]:
    return [u.id for u in (p.merged or ([p.old] if p.old else []))]


def meaning(pairs: list[Pair], old: Reading, new: Reading) -> dict:
    """Gives what changed in substance between two aligned texts, paragraph by paragraph."""
    verbs, added, dropped, deadlines = [], [], [], []
    actions_added: list[dict] = []
    actions_dropped: list[dict] = []
    for p in pairs:
        if p.merged_into is not None:
            continue  # its asks are read with the paragraph it merged into
        old_asks = [a for pid in _old_ids(p) for a in old.asks.get(pid, [])]
        new_asks = list(new.asks.get(p.new.id, [])) if p.new else []
        same, only_new, only_old = _match_asks(old_asks, new_asks)
        added += [_ask_dict(a, p.new.id) for a in only_new]
        dropped += [_ask_dict(a, a.paragraph) for a in only_old]
        for a, b in same:
            change = _due_change(a.due, b.due)
            if change:
                deadlines.append(
                    {
                        "old": a.paragraph,
                        "new": p.new.id,
                        "actor": b.actor,
                        "kind": b.kind,
                        "task": b.task,
                        "old_due": [_due_dict(d) for d in a.due],
                        "new_due": [_due_dict(d) for d in b.due],
                        "change": change,
                    }
                )
        if p.old and p.new and p.new.kind in VERB_KINDS:
            before = [v for pid in _old_ids(p) for v in old.verbs.get(pid, [])]
            same, only_new, only_old = _match_verbs(before, new.verbs.get(p.new.id, []))
            for a, b in same:
                change = _verb_change(a, b)
                if change:
                    verbs.append(_verb_dict(p, a, b, change))
            actions_added += [_action_dict(v, p.new.id) for v in only_new]
            actions_dropped += [_action_dict(v, v.paragraph) for v in only_old]
    return {
        "verbs": verbs,
        "actions": {"added": actions_added, "dropped": actions_dropped},
        "asks": {"added": added, "dropped": dropped},
        "deadlines": deadlines,
        "reports": {
            "added": [a for a in added if a["kind"] == "report"],
            "dropped": [a for a in dropped if a["kind"] == "report"],
        },
        "references": _references(old, new),
        "footnotes": _footnotes(pairs),
    }


def _references(old: Reading, new: Reading) -> dict:
    """Gives the documents the new text cites and the old did not, and those it no longer cites, with where."""

    def where(reading: Reading, symbol: str) -> list[str]:
        return [pid for pid, symbols in reading.references.items() if symbol in symbols]

    return {
        "added": [{"symbol": s, "paragraphs": where(new, s)} for s in new.cited if s not in old.cited],
        "removed": [{"symbol": s, "paragraphs": where(old, s)} for s in old.cited if s not in new.cited],
    }


def _footnotes(pairs: list[Pair]) -> dict:
    notes = [p for p in pairs if (p.new or p.old).kind == "footnote"]
    return {
        "modified": [{"old": p.old.id, "new": p.new.id} for p in notes if p.status == "modified"],
        "added": [p.new.id for p in notes if p.status == "added"],
        "removed": [p.old.id for p in notes if p.status == "removed"],
    }


def headline(m: dict) -> dict:
    """Gives the counts a summary page leads with: asks new and dropped, verbs stronger and weaker, deadlines."""
    verbs = m.get("verbs") or []
    deadlines = m.get("deadlines") or []
    added = (m.get("asks") or {}).get("added") or []
    return {
        "new_asks": len(added),
        "dropped_asks": len((m.get("asks") or {}).get("dropped") or []),
        "stronger_verbs": sum(1 for v in verbs if v["change"] == "stronger"),
        "weaker_verbs": sum(1 for v in verbs if v["change"] == "weaker"),
        "new_deadlines": sum(1 for a in added if a["due"]) + sum(1 for d in deadlines if d["change"] != "dropped"),
        "references_added": len((m.get("references") or {}).get("added") or []),
        "references_removed": len((m.get("references") or {}).get("removed") or []),
    }
