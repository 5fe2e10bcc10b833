"""What a resolution asks of whom, and by when, as data.

:func:`annotate` gives ``{"references": [...], "annotations": {...}}`` for a
:class:`~pipeline.model.Resolution`.  Every operative paragraph (and every
sub-paragraph with a verb of its own) gives one action per verb: "Notes ...,
and requests the Secretary-General to ..." is two actions, each with its own
addressees.  Verbs are classed on a scale of force (:data:`SCALE`) from the
lexicon ``lexicons/verbs.tsv``; a verb not in it is classed ``unknown`` and
listed in ``warnings``, never guessed.  Addressees come from
``lexicons/actors.tsv`` and ``lexicons/states.tsv``; due times, budgets and
follow-up from :mod:`pipeline.mandates`; citations from :mod:`pipeline.references`.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import Optional

from .mandates import find_budget, find_due, find_follow_up, report_recipient
from .model import Resolution
from .references import acting_body, find_references, read_lexicon

SCALE = {"decide": 5, "request": 4, "encourage": 3, "condemn": 2, "emphasize": 2, "acknowledge": 1}
ASKS = ("decide", "request", "encourage")
SCALE_NOTE = ("force of an operative verb: decide 5 (decides, demands) > request 4 (requests, calls upon, "
              "urges, authorizes) > encourage 3 (encourages, invites, recommends) > condemn 2 = emphasize 2 "
              "> acknowledge 1 (welcomes, notes, recalls); binding = a Security Council decision under Chapter VII")
_NOUN_AFTER = r"(?!\s+(?:of|for|from|by|received|made|submitted|verbales|to\s+the\s+effect|and\b|or\b))"
_CUT = re.compile(r",\s+(?:in\s|within\b|where\b|when\b|as appropriate|as a matter|as soon|as necessary|through\b|"
                  r"with\b|including\b|inter alia|drawing\b|taking\b|upon\b|on\b|consistent\b|bearing\b|particularly\b|"
                  r"in accordance\b|while\b|acting\b|pursuant\b|subject\b|at\b|by\b|for\b|among\b|inter\b|if\b|"
                  r"without\b|building\b|under\b|also\b|to the extent)")
_INFINITIVE = re.compile(r"(?<!pursuant)(?<!according)(?<!addition)(?<!prior)(?<!due)(?<!related)(?<!relating)"
                         r"(?<!regard)(?<!respect)(?<!access)(?<!suspected)(?<!appear)(?<!likely)(?<!seem)"
                         r"\s+(?P<neg>not\s+)?to\s+(?!the\b|a\b|an\b|this\b|that\b|these\b|those\b|its\b|their\b|"
                         r"all\b|date\b|paragraphs?\b|resolutions?\b|which\b|whom\b|it\b|them\b|[A-Z])(?=[a-z])|[;:]")
_SUBJECT_END = re.compile(r"\s(?:shall|should|will|must|may|are|is|be|have|has|immediately|urgently|fully|continue|"
                          r"cease|refrain|take|comply|ensure|provide|allow|facilitate|stop|release|withdraw|respect|"
                          r"abide|implement|remain|establish|engage|redouble|make|do|not)\b|[,;:]")
_CHAPTER_VII = re.compile(r"Acting under Chapter VII of the Charter(?: of the United Nations)?")
# "To this end, we request ...", "Today, we ...": a short opening phrase before a first-person verb.
_INTRO_WE = re.compile(r"[A-Z][^,.;:“”]{0,60},\s+(?=we\s)")
# A lower-case body asked by name: "the working group", "the expert panel".
_INSTITUTION = re.compile(r"(?:the\s+)(?:[\w-]+\s+){0,3}?(?:group|panel|committee|forum|secretariat|office|mechanism|"
                          r"board|team|network|task force|bureau|envoy|facility|commission|council)")
_SUB_LABEL = re.compile(r"\(?(?:[a-z]{1,2}|[ivxl]+)\)")


# --- lexicons --------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def verb_lexicon() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """Gives ({verb phrase: class}, lead-verb pattern, later-verb pattern) from ``lexicons/verbs.tsv``."""
    rows = read_lexicon("verbs.tsv")
    verbs = {r[0]: r[1] for r in rows if r[1] != "modifier"}
    mods = sorted((r[0] for r in rows if r[1] == "modifier"), key=len, reverse=True)
    alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    third = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True) if v.split()[0].endswith("s"))
    mod = "|".join(map(re.escape, mods))
    lead = re.compile(rf"(?P<mods>(?:(?:{mod}),?\s+)*)(?P<verb>{alt})(?![\w-])", re.I)
    later = re.compile(rf"(?:,\s+(?:and\s+)?|;\s+(?:and\s+)?|\s+and\s+)(?P<mods>(?:(?:{mod}),?\s+)*)"
                       rf"(?P<verb>{third})(?![\w-]){_NOUN_AFTER}")
    return verbs, lead, later


@functools.lru_cache(maxsize=None)
def first_person_lexicon() -> re.Pattern:
    """Gives the pattern of a first-person verb after the start of a paragraph ("... . In this context, we request")."""
    rows = read_lexicon("verbs.tsv")
    verbs = sorted((r[0] for r in rows if r[1] != "modifier"), key=len, reverse=True)
    mods = sorted((r[0] for r in rows if r[1] == "modifier" and r[0] != "we"), key=len, reverse=True)
    alt, mod = "|".join(map(re.escape, verbs)), "|".join(map(re.escape, mods))
    return re.compile(rf"(?:(?<=[.;:])\s+|,\s+(?:and\s+)?|\s+and\s+)(?:[A-Z][^,.;:“”]{{0,60}},\s+)?"
                      rf"(?P<mods>[Ww]e\s+(?:(?:{mod}),?\s+)*)(?P<verb>{alt})(?![\w-])")


@functools.lru_cache(maxsize=None)
def preamble_lexicon() -> tuple[dict[str, str], re.Pattern]:
    """Gives ({opening phrase: kind}, pattern) from ``lexicons/preamble.tsv``."""
    kinds = {r[0]: r[1] for r in read_lexicon("preamble.tsv")}
    alt = "|".join(re.escape(k) for k in sorted(kinds, key=len, reverse=True))
    return kinds, re.compile(rf"(?:(?:Also|Further|Further also|Once again|Again)\s+)?(?P<lead>{alt})(?![\w-])", re.I)


@functools.lru_cache(maxsize=None)
def actor_lexicon() -> tuple[dict[str, tuple[str, str]], re.Pattern]:
    """Gives ({alias: (name, kind)}, pattern) from ``lexicons/actors.tsv`` and ``lexicons/states.tsv``."""
    rows = read_lexicon("actors.tsv") + read_lexicon("states.tsv")
    aliases = {r[0]: (r[1], r[2]) for r in rows}
    states = "|".join(re.escape(r[0]) for r in sorted(read_lexicon("states.tsv"), key=lambda r: -len(r[0])))
    alt = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    pat = re.compile(rf"(?<![\w-])(?P<pre>(?:(?:the|all|all the|all other|other|those|both|also|relevant|concerned)\s+)*)"
                     rf"(?:(?P<gov>(?:Government|authorities|Governments) of (?:the )?(?P<state>{states}))"
                     rf"|(?P<adj>[A-Z][a-z]+(?:ian|ese|ish|i|an|ic)) authorities"
                     rf"|(?P<alias>{alt}))(?![\w-])")
    return aliases, pat


# --- actors ----------------------------------------------------------------------------

def _actor(m: re.Match, offset: int, me: Optional[str]) -> Optional[dict]:
    aliases, _ = actor_lexicon()
    start = m.start() + len(m.group("pre"))
    if m.group("gov"):
        name, kind = f"Government of {aliases[m.group('state')][0]}", "Government"
    elif m.group("adj"):
        name, kind = f"{m.group('adj')} authorities", "Government"
    else:
        name, kind = aliases[m.group("alias")]
    if name == "@self":
        if not (me or "").endswith("Council"):
            return None
        name = me
    entry = {"name": name, "kind": kind, "text": m.group(0)[len(m.group("pre")):] if not m.group("pre").strip()
             .startswith("all") else m.group(0), "span": [offset + start, offset + m.end()]}
    if m.group("pre").strip().startswith("all"):
        entry["span"][0] = offset + m.start()
    if name == me:
        entry["self"] = True
    return entry


def find_actors(text: str, me: Optional[str] = None, offset: int = 0) -> list[dict]:
    """Gives every actor named in ``text`` with its normalised name, kind and [start, end] span."""
    _, pat = actor_lexicon()
    out = []
    for m in pat.finditer(text):
        a = _actor(m, offset, me)
        if a:
            out.append(a)
    return out


def _self(me: Optional[str]) -> dict:
    return {"name": me, "kind": "organ", "text": None, "span": None, "self": True}


def _infinitive(text: str) -> Optional[re.Match]:
    """The " to <verb>" that ends the addressee ("Requests X, within existing resources, to submit")."""
    end = _INFINITIVE.search(text)
    if end is None:
        return None
    cut = _CUT.search(text[:end.start()])
    if cut:
        comma = re.compile(r",\s+(?P<neg>not\s+)?to\s+(?=[a-z])").search(text, cut.end())
        if comma and comma.start() < 400:
            return comma
    return end


def _noun_phrase(text: str) -> str:
    """The words right after a verb up to its infinitive ("... to submit"), a ";" or an insertion."""
    end = _infinitive(text)
    np = text[:end.start()] if end else text[:300]
    cut = _CUT.search(np)
    return np[:cut.start()] if cut else np


def addressees(after: str, verb: str, cls: str, me: Optional[str], offset: int) -> list[dict]:
    """Gives who is asked to act by ``verb``, from the words ``after`` it (offset = their place in the paragraph)."""
    if cls not in ASKS:
        return []
    lead = re.match(r"\s*(?:(?:to|upon|on|for)\s+)?", after)
    if verb.endswith(("calls for", "calls")) and not re.match(r"\s*(?:upon|on)\b", after):
        lead = re.match(r"\s*for\s+", after) or lead
    pos = lead.end()
    if re.match(r"that\s", after[pos:]):
        pos += 5
        subject = after[pos:]
        end = _SUBJECT_END.search(subject)
        subject = subject[:end.start()] if end else subject[:200]
        proper = re.fullmatch(r"(?:the\s)?[A-Z][\w’'-]*(?:\s(?:of\s)?[A-Z][\w’'-]*){0,3}\s*", subject)
        found = _chain(subject, me, offset + pos, head=bool(proper))
        return found or ([_self(me)] if cls == "decide" else [])
    if cls == "decide" and re.match(r"we\b", verb):
        return [_self(me)]          # "We will ...", "We commit to ...", "We decide to ..."
    if cls == "decide" and (re.match(r"to\s", after[pos:]) or verb.split()[-1] not in ("demands", "demand")):
        if re.match(r"to\s", after[pos:]) or not _chain(_noun_phrase(after[pos:]), me, offset + pos):
            return [_self(me)]
    return _chain(_noun_phrase(after[pos:]), me, offset + pos)


def _chain(np: str, me: Optional[str], offset: int, head: bool = True) -> list[dict]:
    """Actors listed at the head of a noun phrase: the first within three words, the rest joined by "and"/","."""
    _, pat = actor_lexicon()
    out: list[dict] = []
    last_end = 0
    for m in pat.finditer(np):
        gap = np[last_end:m.start()]
        if not out and len(gap.split()) > 3:
            break
        if out and not re.search(r"(?:,|\band|\bas well as|\bor)\s*$", gap):
            continue
        if re.match(r"[’']s\b", np[m.end():]):
            last_end = m.end()
            continue
        a = _actor(m, offset, me)
        if a and a["name"] not in {x["name"] for x in out}:
            out.append(a)
        last_end = m.end()
    if not out and head:
        by = re.search(r"\bby\s+", np[:200])
        m = pat.match(np, by.end()) if by else None
        a = _actor(m, offset, me) if m else None
        if a:
            return [a]
        head = re.split(r",|\sthat\s|\swho\s|\swhich\s|\sin\s|\sat\s", np, maxsplit=1)[0].strip()
        if _INSTITUTION.fullmatch(head):
            start = np.find(head)
            name = re.sub(r"^the\s+", "", head)
            return [{"name": name[:1].upper() + name[1:], "kind": "other", "text": head,
                     "span": [offset + start, offset + start + len(head)]}]
        if head and len(head.split()) <= 8 and (re.match(r"(?:the\s|all\s)?[A-Z]", head) or (
                len(head.split()) <= 6 and re.search(r"[a-z]s$", head) and not re.match(r"(?:the|a|an)\s", head))):
            start = np.find(head)
            name = re.sub(r"^(?:the|all)\s+", "", head)
            out.append({"name": name, "kind": "other", "text": head, "span": [offset + start, offset + start + len(head)]})
    return out


# --- actions ---------------------------------------------------------------------------

def _lead_action(text: str) -> Optional[tuple[int, int, str, str]]:
    """(start, end, printed verb, class) of the verb opening ``text`` ("Also requests", "Acting under ..., decides")."""
    verbs, lead, _ = verb_lexicon()
    start = 0
    ch7 = _CHAPTER_VII.match(text)
    if ch7:
        start = re.match(r"[^,]*,\s*", text[ch7.start():]).end() if "," in text[:ch7.end() + 60] else ch7.end()
    intro = _INTRO_WE.match(text, start)
    m = lead.match(text, intro.end() if intro else start)
    if not m:
        return None
    return m.start(), m.end(), text[m.start():m.end()], verbs[m.group("verb").lower()]


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”", text)]


def find_actions(text: str, me: Optional[str] = None, binding: bool = False) -> list[dict]:
    """Gives one action per verb in an operative text: verb, class, force, span and addressees."""
    verbs, _, later = verb_lexicon()
    found = []
    first = _lead_action(text)
    if first:
        found.append(first)
    else:
        word = re.match(r"\S+(?:\s\S+)?", text)
        found.append((0, 0, word.group(0) if word else "", "unknown"))
    quotes = _quoted(text)
    for m in sorted([*later.finditer(text, found[0][1]), *first_person_lexicon().finditer(text, found[0][1])],
                    key=lambda m: m.start("verb")):
        if any(a <= m.start() < b for a, b in quotes) or m.start("verb") < found[-1][1]:
            continue
        s = m.start("mods") if m.group("mods") else m.start("verb")
        found.append((s, m.end("verb"), text[s:m.end("verb")], verbs[m.group("verb").lower()]))
    actions = []
    for i, (s, e, printed, cls) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        chapter_vii = binding or bool(_CHAPTER_VII.match(text))
        actions.append({"verb": printed, "class": cls, "force": SCALE.get(cls),
                        "binding": cls == "decide" and me == "Security Council" and chapter_vii,
                        "span": [s, e], "clause": [s, end],
                        "addressees": addressees(text[e:end], printed.lower(), cls, me, e)})
    return actions


def _future(due: list[dict], adopted: Optional[str]) -> list[dict]:
    """Leaves out dates of past events ("held on 15 June 2023") that precede the adoption."""
    if not adopted:
        return due
    return [d for d in due if not (d["kind"] in ("date", "year", "start") and d.get("date")
                                   and d["date"][:len(adopted)] < adopted[:len(d["date"])])]


def _mandates(action: dict, text: str, paragraph: str, me: Optional[str], adopted: Optional[str]) -> list[dict]:
    """Gives the mandates of one action: a task for each addressee, with due times, budget and report recipient."""
    s, e = action["clause"]
    clause = text[s:e]
    due = _future(find_due(clause, adopted, me, s), adopted)
    budget = find_budget(clause)
    out = []
    for f in find_follow_up(clause, me, s):
        out.append({"paragraph": paragraph, "actor": me, **f})
    if out:
        return out
    if action["class"] not in ASKS or not action["addressees"]:
        return out
    if all(a.get("self") for a in action["addressees"]):
        return out + _self_mandate(action, clause, paragraph, me, due, budget)
    after = clause[action["span"][1] - s:]
    end = _infinitive(after)
    if end is not None and end.group(0) == ":" and not after[end.end():].strip():
        return out                  # "Requests the secretariat:" — its lettered items say what
    task = after[end.end():] if end and after[end.start():end.end()].strip() not in (";", ":") else after
    task = ("not " if end is not None and end.groupdict().get("neg") else "") + task.strip().rstrip(";,.")
    task = re.sub(r"^that\s.{0,120}?\b(?:shall|should|will|must)\s+", "", task)
    kind = "report" if is_report(task) else "task"
    if re.search(r"\bextend\b.*?\bmandate\b|\bmandate\b.*?\bextend", task) and any(d["kind"] == "until" for d in due):
        kind = "extension"
    if kind == "task" and not due and not budget and action["class"] != "request":
        return out
    for a in action["addressees"]:
        entry = {"paragraph": paragraph, "actor": a["name"], "type": kind, "task": task[:240], "due": due}
        if kind == "report":
            entry["to"] = report_recipient(task, me)
        if budget:
            entry["budget"] = budget
        out.append(entry)
    return out


def is_report(task: str) -> bool:
    """True when a task asks for a report, briefing or update ("submit a report to ...", "report on ...", "brief the Council")."""
    return bool(re.match(r"(?:(?:continue|also|further|regularly)\s+(?:to\s+)?)*(?:report|brief)\b", task)
                or re.match(r"(?:[\w-]+\s+){0,2}?(?:submit|present|transmit|prepare)\b[^;,]{0,120}?"
                            r"\b(?:report|reports|briefing|briefings|update|updates)\b", task)
                or re.match(r"(?:[\w-]+\s+){0,2}?(?:provide|include|keep)\s+(?:[\w-]+\s+){0,4}?"
                            r"(?:report|reports|briefing|briefings|update|updates|informed)\b", task))


def _self_mandate(action: dict, clause: str, paragraph: str, me, due: list, budget) -> list[dict]:
    """What the body decides for itself: an extension or renewal with an end date, or a dated decision."""
    extension = re.search(r"\b(?:extends|renews|extend|renew)\b", clause) and any(d["kind"] in ("until", "period") for d in due)
    if not extension and not due:
        return []
    task = clause[len(action["verb"]):].strip().rstrip(";,.")
    task = re.sub(r"^to\s+", "", task)
    if task.endswith(":") and len(re.sub(r"[\W\d]|\bby\b|\bto\b", "", task)) < 3:
        return []                   # "We commit, by 2030, to:" — its lettered items say what
    entry = {"paragraph": paragraph, "actor": me, "type": "extension" if extension else "decision",
             "task": task[:240], "due": due}
    concerns = [a["name"] for a in find_actors(task, me) if not a.get("self")]
    if concerns:
        entry["concerns"] = concerns[:3]
    if budget:
        entry["budget"] = budget
    return [entry]


# --- preamble ------------------------------------------------------------------------------

def preamble_kind(text: str, lead: Optional[str] = None) -> tuple[Optional[str], str]:
    """Gives (opening phrase, kind) of a preambular paragraph; kind "unknown" when the lexicon lacks it."""
    kinds, pat = preamble_lexicon()
    m = pat.match(text)
    if not m:
        return lead, "unknown"
    key = next(k for k in kinds if k.lower() == m.group("lead").lower())
    return lead or m.group(0), kinds[key]


# --- the whole document ---------------------------------------------------------------------

def _subs(subs, parent_actions):
    for s in subs:
        yield s, parent_actions
        yield from _subs(s.subparagraphs, parent_actions)


def _annotate_part(part, me: Optional[str], adopted: Optional[str], warnings: list[str]) -> dict:
    chapter_vii = next(({"paragraph": p.id, "text": _CHAPTER_VII.search(p.text).group(0)}
                        for p in part.preamble if _CHAPTER_VII.search(p.text)), None)
    preamble = []
    for p in part.preamble:
        lead, kind = preamble_kind(p.text, p.lead)
        preamble.append({"paragraph": p.id, "lead": lead, "kind": kind})
        if kind == "unknown":
            warnings.append(f"{p.id}: unknown preambular opening {(lead or p.text[:30])!r}")
    actions, mandates = [], []
    history: dict[str, str] = {}
    for p in part.preamble:
        _remember(find_actors(p.text, me), history)
    for op in part.operative:
        _remember(find_actors(op.text, me), history)
        units = [(op.id, op.text, True)] + [(s.id, s.text, False) for s, _ in _subs(op.subparagraphs, None)]
        parent: list[dict] = []
        for pid, text, is_op in units:
            if not is_op and not _lead_action(text):
                _attach_sub(pid, text, parent, me, adopted, mandates)
                continue
            for a in find_actions(text, me, chapter_vii is not None):
                _resolve_anaphora(a["addressees"], history)
                if a["class"] == "unknown":
                    warnings.append(f"{pid}: unknown verb {a['verb']!r}")
                mandates.extend(_mandates(a, text, pid, me, adopted))
                a = {"paragraph": pid, **a}
                a["due"] = _future(find_due(text[a["clause"][0]:a["clause"][1]], adopted, me, a["clause"][0]),
                                   adopted) if a["class"] in ASKS else []
                a["budget"] = find_budget(text[a["clause"][0]:a["clause"][1]])
                actions.append(a)
                if is_op:
                    parent.append(a)
    for annex in getattr(part, "annexes", None) or []:
        annex_actions, annex_mandates = annotate_annex(annex, me, adopted, history)
        actions.extend(annex_actions)
        mandates.extend(annex_mandates)
    return {"chapter_vii": chapter_vii, "preamble": preamble, "actions": actions, "mandates": mandates}


def annotate_annex(annex, me: Optional[str], adopted: Optional[str],
                   history: Optional[dict[str, str]] = None) -> tuple[list[dict], list[dict]]:
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
        _remember(find_actors(p.text, me), history)
        is_sub = bool(_SUB_LABEL.fullmatch(p.label or ""))
        if is_sub and not _lead_action(p.text):
            _attach_sub(p.id, p.text, parent, me, adopted, mandates)
            continue
        if not is_sub:
            parent = []
            if p.lead and preamble_kind(p.text, p.lead)[1] != "unknown":
                continue
        for a in find_actions(p.text, me):
            if a["class"] == "unknown":
                continue
            _resolve_anaphora(a["addressees"], history)
            mandates.extend(_mandates(a, p.text, p.id, me, adopted))
            clause = p.text[a["clause"][0]:a["clause"][1]]
            a = {"paragraph": p.id, **a}
            a["due"] = _future(find_due(clause, adopted, me, a["clause"][0]), adopted) if a["class"] in ASKS else []
            a["budget"] = find_budget(clause)
            actions.append(a)
            if not is_sub:
                parent.append(a)
    return actions, mandates


def _remember(actors: list[dict], history: dict[str, str]) -> None:
    """Notes, for each capitalised word of an actor's printed name, the actor last named with it."""
    for a in actors:
        for word in re.findall(r"[A-Z][a-z]+", a.get("text") or ""):
            history[word] = a["name"]


def _resolve_anaphora(found: list[dict], history: dict[str, str]) -> None:
    """"the Office", "the Entity", "the Programme": the actor last named with that word."""
    for a in found:
        if a["kind"] == "other" and re.fullmatch(r"[A-Z][a-z]+", a["name"]) and a["name"] in history:
            a["name"] = history[a["name"]]
            a["kind"] = "entity"
            a["anaphora"] = True


def _attach_sub(pid: str, text: str, parent: list[dict], me, adopted, mandates: list[dict]) -> None:
    """A sub-paragraph without a verb of its own continues the last action of its paragraph."""
    if not parent:
        return
    last = parent[-1]
    due, budget = _future(find_due(text, adopted, me), adopted), find_budget(text)
    follow = find_follow_up(text, me)
    mandates.extend({"paragraph": pid, "actor": me, **f} for f in follow)
    if last["class"] in ASKS and (due or budget):
        for a in last["addressees"]:
            task = re.sub(r"^To\s+", "", text)
            entry = {"paragraph": pid, "actor": a["name"], "type": "report" if is_report(task) else "task",
                     "task": text[:240].rstrip(";,."), "due": due}
            if budget:
                entry["budget"] = budget
            mandates.append(entry)


def summary(res: Resolution, ann: dict, references: list[dict]) -> dict:
    """Gives counts by force class, addressees ranked by what is asked of them, dated mandates and predecessors."""
    by_class: dict[str, int] = defaultdict(int)
    asked: dict[str, dict] = {}
    for a in ann["actions"]:
        by_class[a["class"]] += 1
        for who in a["addressees"]:
            row = asked.setdefault(who["name"], {"name": who["name"], "kind": who["kind"], "actions": 0,
                                                 "weight": 0, "classes": defaultdict(int)})
            row["actions"] += 1
            row["weight"] += a["force"] or 0
            row["classes"][a["class"]] += 1
    ranked = sorted(asked.values(), key=lambda r: (-r["weight"], -r["actions"], r["name"] or ""))
    for r in ranked:
        r["classes"] = dict(r["classes"])
    dated = [m for m in ann["mandates"] if m.get("due") or m.get("session")]
    preds = [r for r in references if r["kind"] == "resolution" and r.get("symbol")
             and r["paragraph"] and r["paragraph"].startswith("pp") and "footnote" not in r]
    latest = series_predecessor(res, preds)
    return {"paragraphs": {"preamble": len(res.preamble), "operative": len(res.operative)},
            "actions": len(ann["actions"]), "by_class": dict(by_class),
            "addressees": ranked, "mandates_with_due": dated,
            "reports": [m for m in ann["mandates"] if m.get("type") == "report"],
            "predecessors": _dedupe([r["symbol"] for r in preds]),
            "latest_predecessor": latest}


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


def annotate(res: Resolution) -> dict:
    """Gives {"references": [...], "annotations": {...}} for a resolution: citations, actions, addressees, mandates, summary."""
    me = acting_body(res)
    warnings: list[str] = []
    ann = _annotate_part(res, me, res.date_adopted, warnings)
    parts = [_annotate_part(p, me, res.date_adopted, warnings) for p in res.parts]
    for a in ann["actions"] + [a for p in parts for a in p["actions"]]:
        a.pop("clause", None)
    references = find_references(res)
    out = {"body": me, "scale": dict(SCALE), "scale_note": SCALE_NOTE, **ann,
           "summary": summary(res, ann, references), "warnings": warnings}
    if parts:
        out["parts"] = parts
    return {"references": references, "annotations": out}
