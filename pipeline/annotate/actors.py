"""Who is asked to act: actors named in a paragraph, and the addressees of a verb.

Actors come from ``lexicon/actors.tsv`` and ``lexicon/states.tsv``
("the Government of Somalia", "Somali authorities" are formed from a State's
name); a lower-case body asked by name ("the working group") is kept as
printed.  The addressees of "Requests X, Y and Z to ..." are the actors
listed at the head of the words after the verb, up to its infinitive.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from pipeline.annotate.verbs import ASKS
from pipeline.lexicon import read_lexicon

_CUT = re.compile(
    r",\s+(?:in\s|within\b|where\b|when\b|as appropriate|as a matter|as soon|as necessary|through\b|"
    r"with\b|including\b|inter alia|drawing\b|taking\b|upon\b|on\b|consistent\b|bearing\b|particularly\b|"
    r"in accordance\b|while\b|acting\b|pursuant\b|subject\b|at\b|by\b|for\b|among\b|inter\b|if\b|"
    r"without\b|building\b|under\b|also\b|to the extent)"
)
_INFINITIVE = re.compile(
    r"(?<!pursuant)(?<!according)(?<!addition)(?<!prior)(?<!due)(?<!related)(?<!relating)"
    r"(?<!regard)(?<!respect)(?<!access)(?<!suspected)(?<!appear)(?<!likely)(?<!seem)"
    r"\s+(?P<neg>not\s+)?to\s+(?!the\b|a\b|an\b|this\b|that\b|these\b|those\b|its\b|their\b|"
    r"all\b|date\b|paragraphs?\b|resolutions?\b|which\b|whom\b|it\b|them\b|[A-Z])(?=[a-z])|[;:]"
)
_SUBJECT_END = re.compile(
    r"\s(?:shall|should|will|must|may|are|is|be|have|has|immediately|urgently|fully|continue|"
    r"cease|refrain|take|comply|ensure|provide|allow|facilitate|stop|release|withdraw|respect|"
    r"abide|implement|remain|establish|engage|redouble|make|do|not)\b|[,;:]"
)
# A lower-case body asked by name: "the working group", "the expert panel".
_INSTITUTION = re.compile(
    r"(?:the\s+)(?:[\w-]+\s+){0,3}?(?:group|panel|committee|forum|secretariat|office|mechanism|"
    r"board|team|network|task force|bureau|envoy|facility|commission|council)"
)


@functools.lru_cache(maxsize=None)
def actor_lexicon() -> tuple[dict[str, tuple[str, str]], re.Pattern]:
    """Gives ({alias: (name, kind)}, pattern) from ``lexicon/actors.tsv`` and ``lexicon/states.tsv``."""
    rows = read_lexicon("actors.tsv") + read_lexicon("states.tsv")
    aliases = {r[0]: (r[1], r[2]) for r in rows}
    states = "|".join(re.escape(r[0]) for r in sorted(read_lexicon("states.tsv"), key=lambda r: -len(r[0])))
    alt = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    pat = re.compile(
        rf"(?<![\w-])(?P<pre>(?:(?:the|all|all the|all other|other|those|both|also|relevant|concerned)\s+)*)"
        rf"(?:(?P<gov>(?:Government|authorities|Governments) of (?:the )?(?P<state>{states}))"
        rf"|(?P<adj>[A-Z][a-z]+(?:ian|ese|ish|i|an|ic)) authorities"
        rf"|(?P<alias>{alt}))(?![\w-])"
    )
    return aliases, pat


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
    entry = {
        "name": name,
        "kind": kind,
        "text": m.group(0)[len(m.group("pre")) :] if not m.group("pre").strip().startswith("all") else m.group(0),
        "span": [offset + start, offset + m.end()],
    }
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


def infinitive(text: str) -> Optional[re.Match]:
    """The " to <verb>" that ends the addressee ("Requests X, within existing resources, to submit")."""
    end = _INFINITIVE.search(text)
    if end is None:
        return None
    cut = _CUT.search(text[: end.start()])
    if cut:
        comma = re.compile(r",\s+(?P<neg>not\s+)?to\s+(?=[a-z])").search(text, cut.end())
        if comma and comma.start() < 400:
            return comma
    return end


def _noun_phrase(text: str) -> str:
    """The words right after a verb up to its infinitive ("... to submit"), a ";" or an insertion."""
    end = infinitive(text)
    np = text[: end.start()] if end else text[:300]
    cut = _CUT.search(np)
    return np[: cut.start()] if cut else np


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
        subject = subject[: end.start()] if end else subject[:200]
        proper = re.fullmatch(r"(?:the\s)?[A-Z][\w’'-]*(?:\s(?:of\s)?[A-Z][\w’'-]*){0,3}\s*", subject)
        found = _chain(subject, me, offset + pos, head=bool(proper))
        return found or ([_self(me)] if cls == "decide" else [])
    if cls == "decide" and re.match(r"we\b", verb):
        return [_self(me)]  # "We will ...", "We commit to ...", "We decide to ..."
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
        gap = np[last_end : m.start()]
        if not out and len(gap.split()) > 3:
            break
        if out and not re.search(r"(?:,|\band|\bas well as|\bor)\s*$", gap):
            continue
        if re.match(r"[’']s\b", np[m.end() :]):
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
            return [
                {
                    "name": name[:1].upper() + name[1:],
                    "kind": "other",
                    "text": head,
                    "span": [offset + start, offset + start + len(head)],
                }
            ]
        if (
            head
            and len(head.split()) <= 8
            and (
                re.match(r"(?:the\s|all\s)?[A-Z]", head)
                or (len(head.split()) <= 6 and re.search(r"[a-z]s$", head) and not re.match(r"(?:the|a|an)\s", head))
            )
        ):
            start = np.find(head)
            name = re.sub(r"^(?:the|all)\s+", "", head)
            out.append(
                {"name": name, "kind": "other", "text": head, "span": [offset + start, offset + start + len(head)]}
            )
    return out


def remember_actors(actors: list[dict], history: dict[str, str]) -> None:
    """Notes, for each capitalised word of an actor's printed name, the actor last named with it."""
    for a in actors:
        for word in re.findall(r"[A-Z][a-z]+", a.get("text") or ""):
            history[word] = a["name"]


def resolve_anaphora(found: list[dict], history: dict[str, str]) -> None:
    """ "the Office", "the Entity", "the Programme": the actor last named with that word."""
    for a in found:
        if a["kind"] == "other" and re.fullmatch(r"[A-Z][a-z]+", a["name"]) and a["name"] in history:
            a["name"] = history[a["name"]]
            a["kind"] = "entity"
            a["anaphora"] = True
