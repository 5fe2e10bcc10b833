"""What a resolution asks of whom, and by when, as data.

:func:`annotate` gives ``{"references": [...], "annotations": {...}}`` for a
:class:`~pipeline.model.Resolution`.  Every operative paragraph is read as one construction, its
chapeau and its lettered items together: "Requests the Secretary-General: (a) To submit ..."
asks the Secretary-General in each item, "Recalls ... and requests: (a) the Panel and UNODC to
...; (b) the GFRS to ..." asks the actors each item names, "Decides that: (a) ... the supplying
State shall notify ..." asks the subject of each item, "Decides to renew ... the Panel, with the
following mandate: (a) to conduct ..." gives the Panel its tasks, and "Requests the Panel to
provide: (a) regular updates ...; (c) ... a final report by ..." asks for a report in each item.

Each verb gives one action (:mod:`pipeline.annotate.actions`): its printed label, the lexicon
phrase (``lemma``) and class on the scale of force, and the actors it asks.  Each action gives its
mandates (:mod:`pipeline.annotate.mandates`): a task per actor, a report per report asked for
(:mod:`pipeline.annotate.reports`), the body's own dated acts, follow-up agenda items, each with
its future due times (:mod:`pipeline.annotate.due`) and budget note.  In a document of several
decisions every action and mandate carries a ``label`` naming its decision ("1/CMA.3 op18").
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from pipeline.annotate.actions import find_actions, that_subject
from pipeline.annotate.actors import (
    actor,
    actor_phrase_at,
    find_actors,
    is_actor,
    normalise,
    object_of,
    remember_actors,
    resolve_anaphora,
)
from pipeline.annotate.due import current_ga_session, find_due, future_only
from pipeline.annotate.mandates import find_budget, find_follow_up, reporting_extension, task_text
from pipeline.annotate.preamble import preamble_kind
from pipeline.annotate.references import acting_body, find_references
from pipeline.annotate.reports import find_reports
from pipeline.annotate.summary import summary
from pipeline.annotate.verbs import ASKS, CHAPTER_VII, SCALE, SCALE_NOTE, lead_action
from pipeline.model import Resolution

_SUB_LABEL = re.compile(r"\(?(?:[a-z]{1,2}|[ivxl]+)\)")
_HOLDER = re.compile(
    r"\b(?:renew|renews|extend|extends|establish|establishes|create|creates)\b[^;]{0,200}?,?\s+"
    r"(?P<holder>(?:the\s+)?[A-Z][^,;:]{1,120}?),?\s+(?:with|to\s+carry\s+out|to\s+perform)\s+the\s+following\s+"
    r"(?:mandate|tasks|functions|responsibilities)\s*:\s*$"
)
_CONTENT = re.compile(
    r"(?:\b(?:which|that)\s+(?:shall\s+|should\s+)?(?:include|contain|cover|address)s?|\bincluding|\bon|\bof)\s*:\s*$"
)
_ITEMS_HANDED = re.compile(r"\b(?:provide|submit|present|transmit|include|prepare)\s*:\s*$")
_REPORT_TASK = re.compile(
    r"(?:(?:continue|also|further|regularly)\s+(?:to\s+)?)*(?:report|brief|submit|present|provide|transmit|update|keep|"
    r"prepare|include)\b"
)
_FIRST_PERSON = re.compile(r"(?:^|[.;:,]\s+|\band\s+)(?:[A-Z][^,.;:“”]{0,60},\s+)?[Ww]e\s+[a-z]")
_EXTENSION = re.compile(r"\b(?:extends?|extend|renews?|renew|prolongs?|prolong)\b")


class Context:
    """What every paragraph of one text needs: the adopting body, the document's date, current sessions,
    the label of its decision, and who "we" are in a declaration ("We, the Heads of State and Government")."""

    def __init__(self, me: Optional[str], date: Optional[str], sessions: dict, label: Optional[str], speaker=None):
        self.me, self.date, self.sessions, self.label = me, date, sessions, label
        self.speaker = speaker


_WE_ARE = re.compile(r"\bWe,\s+(?P<who>the\s+[A-Z][^,;:]{3,80}?),")


def speaker_of(res) -> Optional[str]:
    """Who speaks in the first person in a text ("We, the Heads of State and Government, ..."), or None."""
    texts = [p.text for p in res.operative] + [p.text for a in res.annexes for p in a.paragraphs]
    for t in texts:
        m = _WE_ARE.search(t)
        if m:
            return re.sub(r"^the\s+", "", m.group("who"))
    return None


def _subs(subs) -> Iterator:
    for s in subs:
        yield s
        yield from _subs(s.subparagraphs)


def _sessions(res: Resolution, me: Optional[str], date: Optional[str]) -> dict:
    """The current session of the General Assembly and, when its symbol says it, of the adopting body."""
    out = {}
    ga = current_ga_session(date)
    if res.symbol and re.match(r"A/(?:RES/|C\.\d/)?(\d+)/", res.symbol):
        ga = int(re.match(r"A/(?:RES/|C\.\d/)?(\d+)/", res.symbol).group(1))
    if ga:
        out["General Assembly"] = ga
    hrc = re.match(r"A/HRC/(?:RES/)?(\d+)/", res.symbol or "")
    if hrc:
        out["Human Rights Council"] = int(hrc.group(1))
    return out


class Annotator:
    """Reads the operative paragraphs of one text into actions and mandates."""

    def __init__(self, ctx: Context, binding: bool, history: dict, skip_unknown: bool = False):
        self.ctx, self.binding, self.history = ctx, binding, history
        self.skip_unknown = skip_unknown  # annexes: a paragraph without a known verb is narrative, not an act
        self.actions: list[dict] = []
        self.mandates: list[dict] = []
        self.warnings: list[str] = []

    # --- one clause --------------------------------------------------------------------

    def _due(self, text: str, start: int, end: int) -> list[dict]:
        found = find_due(text[start:end], self.ctx.date, self.ctx.me, start)
        return future_only(found, self.ctx.date, text, 0, self.ctx.sessions)

    def _mandate(self, pid: str, fields: Optional[dict] = None, **more) -> dict:
        entry = {"paragraph": pid, **(fields or {}), **more}
        if self.ctx.label:
            entry["label"] = f"{self.ctx.label} {pid}"
        return entry

    def clause(
        self,
        pid: str,
        text: str,
        a: dict,
        items_follow: bool = False,
        content: bool = False,
    ) -> None:
        """Adds one action and its mandates: ``a`` comes from :func:`find_actions` on ``text``.

        ``items_follow``: the clause is an item of "to provide:"; ``content``: an item says what a
        report or a task contains ("reports which include: (a) ..."), and asks nothing of its own.
        """
        me = self.ctx.me
        s, e = a["clause"]
        clause = text[s:e]
        resolve_anaphora(a["addressees"], self.history)
        if re.match(r"[Ww]e\b", a["verb"] or "") and a["class"] != "unknown":
            # "We will ...", "We commit to ...": the speakers' own commitment, not the adopting body's
            a["speaker"] = self.ctx.speaker or "signatories"
        if a["class"] == "amend":  # an instruction to change another text: it asks no one, reports nothing
            a.update(own=True, due=[], budget=None)
            self._record(pid, a)
            return
        if a["class"] == "unknown":
            if self.skip_unknown:
                return
            self.warnings.append(f"{pid}: unknown verb {a['verb']!r}")
        due = self._due(text, s, e)
        budget = find_budget(clause)
        reports = find_reports(clause, me, items_follow) if a["class"] != "unknown" and not content else []
        briefers = False
        for r in reports:
            if r["by"] and not a["addressees"] and is_actor(r["by"][0]):
                a["addressees"].append(actor(r["by"][0], s + r["by"][1], me))
                briefers = True  # "Decides that briefings from the Chair ... shall take place": a report, no other task
        asks = a["addressees"]
        a["own"] = not asks
        a["due"] = due if (a["class"] in ASKS or a.get("future") or asks) else []
        a["budget"] = budget
        follow = find_follow_up(clause, me, s)
        for f in follow:
            self.mandates.append(self._mandate(pid, {"actor": me, "self": True, **f, "due": a["due"]}))
        extension = reporting_extension(clause, me) if a["class"] != "unknown" else None
        if extension and not a["due"]:
            a["due"] = due
        if extension:
            by_text = extension.get("actor_text")
            name = extension.get("actor") or normalise(by_text or "", me)[0]
            rep = {"actor": name, "actor_text": by_text, "type": "report", "to": None, "due": due, "every": None}
            rep["task"] = re.sub(r"\s+", " ", clause).strip().rstrip(";,.")
            if extension.get("inferred"):
                rep["inferred"] = True
            self.mandates.append(self._mandate(pid, {**rep, "verb": a["verb"], "class": a["class"]}))
        kept: list[dict] = []
        for r in reports:
            ws, we = r["words"]
            rdue = self._due(clause, ws, we)
            r["due"] = [dict(d, span=[d["span"][0] + s, d["span"][1] + s]) for d in rdue]
            r["every"] = r["every"] or next((d["every"] for d in rdue if d.get("every")), None)
            ends = [x["span"][1] - s for x in asks if x.get("span") and s <= x["span"][0] < e]
            if a["span"] and ws < a["span"][1] - s and ends and max(ends) < we:
                ws = max(ends)  # the report is the whole ask: what is asked follows its actors, not its verb
            words = re.sub(r"\s+", " ", clause[ws:we]).strip(" ,;.")
            r["text"] = re.sub(r",?\s+(?:and|or|as well as)$", "", re.sub(r"^to\s+", "", words))
            undated = not r["due"] and not r["every"]
            same = next((k for k in kept if k["to"] == r["to"] and undated and not k["due"] and not k["every"]), None)
            if same is not None:
                # one request, one report: "to provide the Committee with updates ..., and to inform the Committee about ..."
                same["text"] = f"{same['text']}; {r['text']}"
                continue
            kept.append(r)
        for r in kept:
            for who in asks:
                self.mandates.append(
                    self._mandate(
                        pid,
                        actor=who["name"],
                        actor_text=who.get("text"),
                        type="report",
                        task=r["text"],
                        to=r["to"],
                        due=r["due"],
                        every=r["every"],
                        verb=a["verb"],
                        **{"class": a["class"]},
                        **({"budget": budget} if budget else {}),
                    )
                )
        if asks and not content:
            start = a["span"][1] - s if a["span"] else 0
            spans = [x["span"] for x in asks if x.get("span") and s <= x["span"][0] < e]
            # the actors are the verb's object ("Requests X, Y to ..."), not words inside it ("efforts by X")
            direct = spans and min(sp[0] for sp in spans) - s - start <= 16
            if a["span"] is None:  # a lettered item: its words are the task
                task = re.sub(r"\s+", " ", clause).strip().rstrip(";,.")
            else:
                task = task_text(clause, start, max(sp[1] for sp in spans) - s if direct else None)
            only_items = re.fullmatch(r"(?:[\w-]+\s+){0,3}[\w-]+\s*:", task)  # "provide:": its items say what
            if not (reports and (_REPORT_TASK.match(task) or items_follow or briefers)) and not only_items:
                for who in asks:
                    entry = {
                        "actor": who["name"],
                        "actor_text": who.get("text"),
                        "type": "task",
                        "task": task,
                        "due": a["due"],
                        "verb": a["verb"],
                        "class": a["class"],
                    }
                    if budget:
                        entry["budget"] = budget
                    self.mandates.append(self._mandate(pid, entry))
        elif a["due"] and not extension and not follow and (a["class"] == "decide" or a.get("future")):
            kind = "intention" if a.get("future") and a["class"] != "decide" else "decision"
            if kind == "decision" and _EXTENSION.search(clause):
                kind = "extension"
            body = clause[a["span"][1] - s :] if a["span"] else clause
            entry = {"actor": me, "self": True, "type": kind, "task": re.sub(r"\s+", " ", body).strip(" ,;.")}
            if a.get("speaker"):
                entry.update(actor=a["speaker"], self=False, type="commitment")
            concerns = [x["name"] for x in find_actors(body, me) if not x.get("self")]
            if concerns:
                entry["concerns"] = list(dict.fromkeys(concerns))[:3]
            entry.update(due=a["due"], verb=a["verb"], **{"class": a["class"]})
            if budget:
                entry["budget"] = budget
            self.mandates.append(self._mandate(pid, entry))
        self._record(pid, a)

    def _record(self, pid: str, a: dict) -> None:
        record = {"paragraph": pid, **{k: v for k, v in a.items() if k != "clause"}}
        if self.ctx.label:
            record["label"] = f"{self.ctx.label} {pid}"
        self.actions.append(record)

    # --- one paragraph -------------------------------------------------------------------

    def paragraph(self, pid: str, text: str, subs: list) -> None:
        """Reads an operative (or annex) paragraph with its lettered items as one construction."""
        me = self.ctx.me
        named = find_actors(text, me)
        acts = find_actions(text, me, self.binding)
        for a in acts:
            # "the Office" names the body printed before it ("... by UNODC, ... and requests the Office to ..."),
            # not one named later in the paragraph
            remember_actors([x for x in named if x["span"][0] < a["clause"][0]], self.history)
            self.clause(pid, text, a)
        remember_actors(named, self.history)
        parent = acts[-1] if acts else None
        chapeau_tail = text[parent["clause"][0] : parent["clause"][1]] if parent else text
        for s in subs:
            remember_actors(find_actors(s.text, me), self.history)
            own = lead_action(s.text)
            if own:
                for a in find_actions(s.text, me, self.binding, context=text):
                    self.clause(s.id, s.text, a)
                continue
            later = find_actions(s.text, me, self.binding, context=text)
            head_end = later[1]["clause"][0] if len(later) > 1 else len(s.text)
            if parent is not None:
                self._item(s.id, s.text[:head_end], parent, chapeau_tail)
            for a in later[1:]:
                self.clause(s.id, s.text, a)

    def _item(self, pid: str, text: str, parent: dict, chapeau: str) -> None:
        """A lettered item without a verb of its own: it goes on with the chapeau's last verb."""
        me = self.ctx.me
        cls = parent["class"]
        item = {
            "verb": parent["verb"],
            "lemma": parent.get("lemma"),
            "class": cls,
            "force": SCALE.get(cls),
            "binding": parent.get("binding", False),
            "span": None,
            "clause": [0, len(text)],
            "addressees": [],
            "future": parent.get("future", False),
        }
        holder = _HOLDER.search(chapeau)
        content = _CONTENT.search(chapeau)
        if re.search(r"\bthat\s*:\s*$", chapeau):
            item["addressees"] = that_subject("that " + text, -5, me, need_modal=cls != "request")
        elif holder:
            found = actor_phrase_at(holder.group("holder"), 0)
            if found:
                item["addressees"] = [dict(actor(found[0], 0, me), span=None)]  # asked in the items only
        elif (
            cls in ("request", "encourage")
            and not parent["addressees"]
            and parent.get("span")
            and re.fullmatch(r"\s*:\s*", chapeau[parent["span"][1] - parent["clause"][0] :])
        ):
            item["addressees"] = object_of(text, 0, me)  # "requests: (a) the Panel and UNODC to ..."
        elif parent["addressees"]:
            item["addressees"] = [dict(x, span=None, inherited=True) for x in parent["addressees"]]
        items_follow = bool(_ITEMS_HANDED.search(chapeau))
        if item["addressees"] or items_follow or cls in ASKS or parent.get("future"):
            count = len(self.actions)
            self.clause(pid, text, item, items_follow=items_follow, content=bool(content))
            inherited = all(x.get("inherited") for x in item["addressees"])
            if (
                len(self.actions) > count
                and inherited
                and not self.actions[-1]["due"]
                and not self.actions[-1]["budget"]
            ):
                # the margin already shows the chapeau's verb: an item only restating it is no action of its own
                self.actions.pop()


def _annotate_part(part, ctx: Context, warnings: list[str]) -> dict:
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
    history: dict[str, str] = {}
    for p in part.preamble:
        remember_actors(find_actors(p.text, ctx.me), history)
    reader = Annotator(ctx, chapter_vii is not None, history)
    for op in part.operative:
        reader.paragraph(op.id, op.text, list(_subs(op.subparagraphs)))
    warnings.extend(reader.warnings)
    for annex in getattr(part, "annexes", None) or []:
        annex_actions, annex_mandates = annotate_annex(annex, ctx, history)
        reader.actions.extend(annex_actions)
        reader.mandates.extend(annex_mandates)
    return {"chapter_vii": chapter_vii, "preamble": preamble, "actions": reader.actions, "mandates": reader.mandates}


def annotate_annex(annex, ctx: Context, history: Optional[dict[str, str]] = None) -> tuple[list[dict], list[dict]]:
    """Gives (actions, mandates) of an annex's paragraphs, read like operative ones ("We request X to ...").

    Only paragraphs with a verb from the lexicon give actions (an annex's narrative and its rules
    give none and no warning); a paragraph opening with a preambular phrase ("Recognizing ...")
    gives none; a lettered item without a verb of its own ("(a) ...") continues the last numbered
    paragraph, as a sub-paragraph does in the body.
    """
    reader = Annotator(ctx, False, {} if history is None else history, skip_unknown=True)
    paragraphs = list(annex.paragraphs)
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        i += 1
        if p.kind == "heading" or (p.lead and preamble_kind(p.text, p.lead)[1] != "unknown"):
            continue
        items = []
        while (
            i < len(paragraphs)
            and paragraphs[i].kind != "heading"
            and _SUB_LABEL.fullmatch(paragraphs[i].label or "")
            and lead_action(paragraphs[i].text) is None
        ):
            items.append(paragraphs[i])
            i += 1
        if lead_action(p.text) is None and not _FIRST_PERSON.search(p.text):
            continue  # narrative, rules or a table: no act, and its items are not either
        reader.paragraph(p.id, p.text, items)
    return reader.actions, reader.mandates


def annotate(res: Resolution) -> dict:
    """Gives {"references": [...], "annotations": {...}} for a resolution: citations, actions, addressees, mandates, summary."""
    me = acting_body(res)
    warnings: list[str] = []
    date = res.date_adopted or res.date_issued
    speaker = speaker_of(res)
    ann = _annotate_part(res, Context(me, date, _sessions(res, me, date), None, speaker), warnings)
    parts = []
    for p in res.parts:
        pdate = p.date_adopted or date
        ctx = Context(me, pdate, _sessions(res, me, pdate), p.number, speaker_of(p) or speaker)
        parts.append(_annotate_part(p, ctx, warnings))
    references = find_references(res)
    out = {
        "body": me,
        "scale": dict(SCALE),
        "scale_note": SCALE_NOTE,
        **ann,
        "summary": summary(res, ann, references, parts),
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
