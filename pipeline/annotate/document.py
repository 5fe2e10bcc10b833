"""What a resolution asks of whom, and by when, as data.

:func:`annotate` gives ``{"references": [...], "annotations": {...}}`` for a
:class:`~pipeline.model.Resolution`.  Every operative paragraph (and every
sub-paragraph with a verb of its own) gives one action per verb: "Notes ...,
and requests the Secretary-General to ..." is two actions, each with its own
addressees.  Verbs are classed on a scale of force (:data:`SCALE`) from the
lexicon ``lexicon/verbs.tsv``; a verb not in it is classed ``unknown`` and
listed in ``warnings``, never guessed.  Addressees come from
``lexicon/actors.tsv`` and ``lexicon/states.tsv``; due times, budgets and
follow-up from :mod:`pipeline.annotate.due` and :mod:`pipeline.annotate.mandates`; citations
from :mod:`pipeline.annotate.references`.
"""

from __future__ import annotations

import re
from typing import Optional

from pipeline.annotate.actions import find_actions
from pipeline.annotate.actors import find_actors, remember_actors, resolve_anaphora
from pipeline.annotate.due import find_due
from pipeline.annotate.mandates import attach_subparagraph, find_budget, future_only, mandates_of
from pipeline.annotate.preamble import preamble_kind
from pipeline.annotate.references import acting_body, find_references
from pipeline.annotate.summary import summary
from pipeline.annotate.verbs import ASKS, CHAPTER_VII, SCALE, SCALE_NOTE, lead_action
from pipeline.model import Resolution

_SUB_LABEL = re.compile(r"\(?(?:[a-z]{1,2}|[ivxl]+)\)")


def _subs(subs, parent_actions):
    for s in subs:
        yield s, parent_actions
        yield from _subs(s.subparagraphs, parent_actions)


def _annotate_part(part, me: Optional[str], adopted: Optional[str], warnings: list[str]) -> dict:
    chapter_vii = next(
        (
            {"paragraph": p.id, "text": CHAPTER_VII.search(p.text).group(0)}
            for p in part.preamble
            if CHAPTER_VII.search(p.text)
        ),
        None,
    )
    preamble = []
    for p in part.preamble:
        lead, kind = preamble_kind(p.text, p.lead)
        preamble.append({"paragraph": p.id, "lead": lead, "kind": kind})
        if kind == "unknown":
            warnings.append(f"{p.id}: unknown preambular opening {(lead or p.text[:30])!r}")
    actions, mandates = [], []
    history: dict[str, str] = {}
    for p in part.preamble:
        remember_actors(find_actors(p.text, me), history)
    for op in part.operative:
        remember_actors(find_actors(op.text, me), history)
        units = [(op.id, op.text, True)] + [(s.id, s.text, False) for s, _ in _subs(op.subparagraphs, None)]
        parent: list[dict] = []
        for pid, text, is_op in units:
            if not is_op and not lead_action(text):
                attach_subparagraph(pid, text, parent, me, adopted, mandates)
                continue
            for a in find_actions(text, me, chapter_vii is not None):
                resolve_anaphora(a["addressees"], history)
                if a["class"] == "unknown":
                    warnings.append(f"{pid}: unknown verb {a['verb']!r}")
                mandates.extend(mandates_of(a, text, pid, me, adopted))
                a = {"paragraph": pid, **a}
                a["due"] = (
                    future_only(find_due(text[a["clause"][0] : a["clause"][1]], adopted, me, a["clause"][0]), adopted)
                    if a["class"] in ASKS
                    else []
                )
                a["budget"] = find_budget(text[a["clause"][0] : a["clause"][1]])
                actions.append(a)
                if is_op:
                    parent.append(a)
    for annex in getattr(part, "annexes", None) or []:
        annex_actions, annex_mandates = annotate_annex(annex, me, adopted, history)
        actions.extend(annex_actions)
        mandates.extend(annex_mandates)
    return {"chapter_vii": chapter_vii, "preamble": preamble, "actions": actions, "mandates": mandates}


def annotate_annex(
    annex, me: Optional[str], adopted: Optional[str], history: Optional[dict[str, str]] = None
) -> tuple[list[dict], list[dict]]:
    """Gives (actions, mandates) of an annex's paragraphs, read like operative ones ("We request X to ...").

    Only paragraphs with a verb from the lexicon give actions (an annex's narrative and its
    rules give none and no warning); a paragraph opening with a preambular phrase
    ("Recognizing ...") gives none; a lettered item without a verb of its own ("(a) ...")
    continues the last numbered paragraph, as a sub-paragraph does in the body.
    """
    history = {} if history is None else history
    actions, mandates = [], []
    parent: list[dict] = []
    for p in annex.paragraphs:
        if p.kind == "heading":
            parent = []
            continue
        remember_actors(find_actors(p.text, me), history)
        is_sub = bool(_SUB_LABEL.fullmatch(p.label or ""))
        if is_sub and not lead_action(p.text):
            attach_subparagraph(p.id, p.text, parent, me, adopted, mandates)
            continue
        if not is_sub:
            parent = []
            if p.lead and preamble_kind(p.text, p.lead)[1] != "unknown":
                continue
        for a in find_actions(p.text, me):
            if a["class"] == "unknown":
                continue
            resolve_anaphora(a["addressees"], history)
            mandates.extend(mandates_of(a, p.text, p.id, me, adopted))
            clause = p.text[a["clause"][0] : a["clause"][1]]
            a = {"paragraph": p.id, **a}
            a["due"] = future_only(find_due(clause, adopted, me, a["clause"][0]), adopted) if a["class"] in ASKS else []
            a["budget"] = find_budget(clause)
            actions.append(a)
            if not is_sub:
                parent.append(a)
    return actions, mandates


def annotate(res: Resolution) -> dict:
    """Gives {"references": [...], "annotations": {...}} for a resolution: citations, actions, addressees, mandates, summary."""
    me = acting_body(res)
    warnings: list[str] = []
    ann = _annotate_part(res, me, res.date_adopted, warnings)
    parts = [_annotate_part(p, me, res.date_adopted, warnings) for p in res.parts]
    for a in ann["actions"] + [a for p in parts for a in p["actions"]]:
        a.pop("clause", None)
    references = find_references(res)
    out = {
        "body": me,
        "scale": dict(SCALE),
        "scale_note": SCALE_NOTE,
        **ann,
        "summary": summary(res, ann, references),
        "warnings": warnings,
    }
    if parts:
        out["parts"] = parts
    return {"references": references, "annotations": out}


def annotated(res: Resolution) -> Resolution:
    """Gives the resolution with its references and annotations (what is asked of whom, by when) filled in."""
    extra = annotate(res)
    res.references = extra["references"]
    res.annotations = extra["annotations"]
    return res
