"""Actions: one per operative verb, with its printed label, class and the actors it asks.

"Notes ..., and requests the Secretary-General to ..." is two actions, each with its own
addressees.  Who is asked comes from the clause's grammar (:func:`asked`):

- the object of an ask ("Requests X, Y and Z to ...", "Calls upon them to ...": a pronoun is
  resolved to the actors named before it in the paragraph), with the named bodies after
  "including"/"especially" ("the United Nations, especially UNODC");
- the subject of a that-clause ("Decides that all States shall ...", "Requests that AUSSOM
  support ..."), and, under any verb, an obligation stated of an actor ("Reaffirms that all States
  shall ...", "affirms that the GFRS has the primary responsibility to ...", "Affirms the
  obligation of all States Parties to ...");
- the actor of an infinitive further on ("..., and for States parties to implement",
  "invites A to ..., and B to ..."), and the actor of an effort asked for ("encourages enhanced
  diplomatic efforts by all parties");
- an ask inside a decision ("Decides to request X to ...").

The adopting body is never its own addressee: "Decides to ..." asks nobody (``own``).  An actor
merely welcomed, noted, thanked, commended or condemned is not asked.
"""

from __future__ import annotations

import re
from typing import Optional

from pipeline.annotate.actors import (
    actor,
    actor_list_at,
    antecedents,
    infinitive,
    is_actor,
    named_inclusions,
    object_of,
    strip_determiner,
)
from pipeline.annotate.verbs import CHAPTER_VII, SCALE, Verb, verbs_in

_THAT = re.compile(r"\s*(?:(?:to|upon|on)\s+)?that[\s,]+")
# A fronted phrase before the subject of a that-clause: "Decides that, prior to delivering ..., the State shall".
_FRONTED = re.compile(
    r"(?:prior to|in|on|where|when|if|pending|following|after|before|upon|for|with|without|as|to|under|until|"
    r"while|notwithstanding|during|subject to|in order|unless|once|at)\b[^;]{0,300}?,\s+(?=(?:the|all|each|any|[A-Z]))"
)
_MODAL = re.compile(
    r"(?:\s+(?:of|for|in|on|from)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?(?=\s+(?:shall|should|must|will)\b))?"
    r"(?:,\s+[^,;]{1,160},)?\s+(?:(?P<modal>shall|should|must|will|is to|are to|has to|have to)\b|"
    r"(?P<duty>(?:has|have|bears?|bear)\s+(?:an?|the)\s+(?:primary\s+|main\s+|particular\s+)?"
    r"(?:obligation|responsibility|duty)\s+to)\b)"
)
_OBLIGATION_OF = re.compile(r"\b(?:the\s+)?(?:obligations?|responsibility|duty)\s+of\s+")
_ASK_INSIDE = re.compile(
    r"\s*to\s+(?:request|invite|urge|call upon|call on|encourage|authorize|authorise|mandate|entrust|direct|"
    r"instruct|task|ask|appeal to)\s+"
)
_OBSERVER = re.compile(r"\bin the capacity of (?:an )?observer|\bas (?:an )?observer\b")
_FOR_TO = re.compile(r"(?:\band\s+|,\s+|\b)for\s+(?=\S)")
_AND_TO = re.compile(r"(?:,\s+and|;\s+and|,\s+as well as|\s+and\s+for)\s+(?=(?:the|all|other|[A-Z]))")
_EFFORT = re.compile(
    r"\b(?:efforts?|participation|cooperation|co-operation|coordination|engagement|contributions?|involvement|"
    r"collaboration|dialogue|action|initiatives?|work|submissions?|views|inputs?|proposals?|nominations?)\b[^;:]{0,80}?"
    r"\b(?:by|of|among|between|from)\s+"
)
_PRONOUN = re.compile(r"\s*(?:(?:to|upon|on|for)\s+)?(?P<p>them|it|they)\b")
_FOR_PARTICLE = ("calls for", "call for", "request for", "requests for", "call for", "calls for action")


def that_subject(after: str, offset: int, me: Optional[str], need_modal: bool, will: bool = True) -> list[dict]:
    """Gives the actors a that-clause speaks of ("that all States shall", "that AUSSOM ... support")."""
    m = _THAT.match(after)
    if not m:
        return []
    pos = m.end()
    fronted = _FRONTED.match(after, pos)
    if fronted:
        pos = fronted.end()
    found = actor_list_at(after, pos)
    if not found:
        return []
    rest = after[found[-1][2] :]
    modal = _MODAL.match(rest)
    if need_modal and (not modal or (not will and modal.group("modal") == "will")):
        return []
    if modal and re.match(
        r"\s+(?:not\s+)?be\s+(?:[a-z]+(?:ed|en)|held|made|kept|put|set|built|sent|brought|paid|met)\b",
        rest[modal.end() :],
    ):
        return []  # "X must be strengthened": said of X, not asked of it
    return [actor(t, offset + s, me) for t, s, _ in found if is_actor(t)]


def _obligations(text: str, offset: int, me: Optional[str], will: bool = False) -> list[dict]:
    """Actors an obligation is stated of, anywhere in a clause: "that X shall ...", "the obligation of X to ...".

    "will" makes an obligation only in a decision ("Decides that the Commission will ..."); elsewhere
    it foretells ("Recalls the commitment that the United Nations will ...").
    """
    out = []
    for m in re.finditer(r"\bthat[\s,]+", text):
        out += that_subject(text[m.start() :], offset + m.start(), me, need_modal=True, will=will)
    for m in _OBLIGATION_OF.finditer(text):
        found = actor_list_at(text, m.end())
        if found and re.match(r"(?:,\s+[^;]{1,120}?,)?\s+(?:not\s+)?to\s+[a-z]", text[found[-1][2] :]):
            out += [actor(t, offset + s, me) for t, s, _ in found if is_actor(t)]
    return out


def _later_infinitives(text: str, offset: int, me: Optional[str]) -> list[dict]:
    """Actors of an infinitive further on: "..., and for States parties to implement", "..., and B to communicate"."""
    out = []
    for m in _AND_TO.finditer(text):
        found = actor_list_at(text, m.end())
        if found and re.match(r"(?:,\s+[^,;]{1,80},)?\s+(?:not\s+)?to\s+[a-z]", text[found[-1][2] :]):
            out += [actor(t, offset + s, me) for t, s, _ in found if is_actor(t)]
    for m in _FOR_TO.finditer(text):
        if re.search(r"\b(?:need|importance|access|assistance|support|funding|resources)\s*$", text[: m.start()]):
            continue
        found = actor_list_at(text, m.end())
        if found and re.match(r"(?:,\s+[^,;]{1,80},)?\s+(?:not\s+)?to\s+[a-z]", text[found[-1][2] :]):
            out += [actor(t, offset + s, me) for t, s, _ in found if is_actor(t)]
    return out


def _efforts(region: str, offset: int, me: Optional[str]) -> list[dict]:
    """Actors of an effort asked for: "encourages enhanced diplomatic efforts by all parties"."""
    m = _EFFORT.search(region)
    if not m:
        return []
    out = []
    pos = m.end()
    while True:
        found = actor_list_at(region, pos)
        out += [actor(t, offset + s, me) for t, s, _ in found if is_actor(t)]
        more = re.match(r"\s+and\s+(?:with|by|of|among)\s+", region[found[-1][2] :]) if found else None
        if not more:
            break
        pos = found[-1][2] + more.end()
    return out


def asked(text: str, verb: Verb, end: int, me: Optional[str], context: str = "") -> list[dict]:
    """Gives the actors the clause of ``verb`` (its words run to ``end``) asks to act, with spans in ``text``.

    ``context`` is the paragraph's text before ``text`` (for pronouns).
    """
    after = text[verb.end : end]
    off = verb.end
    cls, lemma = verb.cls, verb.lemma
    out: list[dict] = []
    if cls in ("request", "encourage"):
        if _THAT.match(after):
            out = that_subject(after, off, me, need_modal=False)
        else:
            lead = after
            for_x = lemma.endswith(_FOR_PARTICLE) or (
                re.match(r"\s*for\s+", after) and lemma.endswith(("request", "requests", "call", "calls"))
            )
            if for_x:
                lead = re.sub(r"^\s*for\s+", lambda m: " " * len(m.group(0)), after)
            pronoun = _PRONOUN.match(lead)
            if pronoun and re.match(r"\s+(?:not\s+)?to\s+[a-z]", lead[pronoun.end() :]):
                found = antecedents(context + text[: verb.start], me)
                out = [dict(actor(t, s - len(context), me), anaphora=True) for t, s, _ in found]
                for a in out:
                    if a["span"][0] < 0:
                        a["span"] = None
            elif for_x:
                # "Calls for X to ...": X is asked; "Calls for greater coordination among X and with Y": X and Y
                start = len(lead) - len(lead.lstrip())
                found = actor_list_at(lead, start)
                if found and re.match(r"(?:,\s+[^,;]{1,80},)?\s+(?:not\s+)?to\s+[a-z]", lead[found[-1][2] :]):
                    out = [actor(t, off + s, me) for t, s, _ in found if is_actor(t)]
                else:
                    out = _efforts(lead, off, me)
            else:
                end_obj = infinitive(lead)
                with_inf = bool(end_obj and end_obj.group(0) not in (";", ":"))
                if lemma.endswith(_FOR_PARTICLE) and not with_inf:
                    out = _efforts(lead, off, me)
                else:
                    out = object_of(lead, off, me, need_actor=not with_inf)
                    if not out and not with_inf:
                        out = _efforts(lead, off, me)
                region = lead[: end_obj.start()] if end_obj else lead[:300]
                out += named_inclusions(region, off, me)
        out += _later_infinitives(after, off, me)
    elif cls == "decide":
        inner = _ASK_INSIDE.match(after)
        if lemma in ("demands", "demand", "reiterates its demand", "reiterates its demands", "renews its demand"):
            out = that_subject(after, off, me, need_modal=False) if _THAT.match(after) else []
            if not out and not _THAT.match(after):
                found = actor_list_at(after, len(after) - len(after.lstrip()))
                out = [actor(t, off + s, me) for t, s, _ in found if is_actor(t)]
        elif inner and not _OBSERVER.search(after):
            out = object_of(after[inner.end() :], off + inner.end(), me)
        elif _THAT.match(after):
            out = that_subject(after, off, me, need_modal=True)
        elif lemma in ("requires", "authorizes", "authorises", "mandates"):
            out = object_of(after, off, me)
        out += _obligations(after, off, me, will=True) if not out else []
    else:
        out = _obligations(after, off, me)
    return _unique([a for a in out if not a.get("self") and strip_determiner(a["text"])])


def _unique(actors: list[dict]) -> list[dict]:
    """Each printed phrase once, in the order of the text."""
    seen, out = set(), []
    for a in sorted(actors, key=lambda a: a["span"][0]):
        key = a["text"].casefold()
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def find_actions(text: str, me: Optional[str] = None, binding: bool = False, context: str = "") -> list[dict]:
    """Gives one action per verb in an operative text: printed verb, lemma, class, force, spans and addressees.

    ``context`` is the text of the paragraph before ``text`` (a sub-paragraph's chapeau), read for pronouns.
    """
    verbs = verbs_in(text)
    chapter_vii = binding or bool(CHAPTER_VII.match(text))
    actions = []
    for i, v in enumerate(verbs):
        end = verbs[i + 1].start if i + 1 < len(verbs) else len(text)
        addressees = asked(text, v, end, me, context) if v.cls != "unknown" else []
        actions.append(
            {
                "verb": v.label,
                "lemma": v.lemma or None,
                "class": v.cls,
                "force": SCALE.get(v.cls),
                "binding": v.cls == "decide" and me == "Security Council" and chapter_vii,
                "span": [v.start, v.end],
                "clause": [v.start, end],
                "addressees": addressees,
                "own": not addressees,
                "future": v.future,
            }
        )
    return actions
