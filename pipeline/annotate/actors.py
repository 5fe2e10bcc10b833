"""Who is asked to act: the noun phrases that name actors, as printed, and their normalised names.

An actor is found by grammar, not by the lexicon: the object of "Requests X, Y and Z to ...", the
subject of "Decides that X shall ...", the "X" of "for X to ...".  :func:`noun_phrases` cuts such a
phrase into its coordinated members ("Member States, the United Nations system and civil society"
gives three), keeping each member's printed words with its determiner and its name-forming
modifiers ("the Special Representative of the Secretary-General for Children and Armed Conflict",
"relevant United Nations entities") and dropping what restricts or accompanies it ("that have not
yet done so", "in cooperation with ...", "in a position to do so").  The lexicons only normalise:
``lexicon/actors.tsv`` and ``lexicon/states.tsv`` give a member its ``name`` and ``kind``
("the United Nations Office on Drugs and Crime" is UNODC), ``lexicon/actor_heads.tsv`` says which
head nouns make a phrase an actor when the lexicon does not know it ("other Iranian officials").
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from pipeline.lexicon import read_lexicon

DETERMINERS = (
    "all the",
    "all other",
    "all relevant",
    "the",
    "all",
    "other",
    "each",
    "every",
    "any",
    "both",
    "those",
    "these",
    "this",
    "its",
    "their",
    "such",
    "a",
    "an",
)
_DET = re.compile(r"^(?:(?:" + "|".join(re.escape(d) for d in DETERMINERS) + r")\s+)+", re.I)
_QUALIFIERS = re.compile(r"^(?:(?:relevant|concerned|interested|appropriate|competent|respective)\s+)+")
# Words that end the actor part of a phrase: what follows restricts it or says how it is to act.
_CUT = re.compile(
    r",\s+(?:in\s|within\b|where\b|when\b|as appropriate|as a matter|as soon|as necessary|as well as\s(?=in\b)|"
    r"through\b|with\b|including\b|inter alia|drawing\b|taking\b|upon\b|on\b|consistent\b|bearing\b|"
    r"particularly\b|especially\b|notably\b|in accordance\b|while\b|acting\b|pursuant\b|subject\b|at\b|by\b|for\b|"
    r"among\b|if\b|without\b|building\b|under\b|also\b|to the extent|following\b|working\b|after\b|before\b|"
    r"prior\b|as requested|as previously|as called|as mandated|based\b|guided\b|mindful\b|recalling\b|"
    r"recognizing\b|noting\b|and in\b|and with\b|and within\b|and as\b|during\b|from\b|using\b|via\b|"
    r"supported\b|assisted\b|led\b|coordinated\b|pending\b|responsible\b)"
)
# The "to" of an infinitive that ends the object of "Requests X ... to submit".
_INFINITIVE = re.compile(
    r"(?<!pursuant)(?<!according)(?<!addition)(?<!prior)(?<!due)(?<!related)(?<!relating)(?<!view)"
    r"(?<!regard)(?<!respect)(?<!access)(?<!suspected)(?<!appear)(?<!likely)(?<!seem)(?<!referred)"
    r"(?<!contribute)(?<!contributing)(?<!contribution)(?<!support)(?<!assistance)(?<!commitment)"
    r"\s+(?P<neg>not\s+)?to\s+(?!the\b|a\b|an\b|this\b|that\b|these\b|those\b|its\b|their\b|his\b|her\b|"
    r"all\b|date\b|paragraphs?\b|resolutions?\b|which\b|whom\b|it\b|them\b|[A-Z])(?=[a-z])|\s+to\s*:|[;:]"
)
_PARTICLE = re.compile(r"\s*(?:(?:to|upon|on)\s+)?")
# A coordinated member ends at a restrictive clause, a participle or a phrase that is not part of its name.
_MEMBER_END = re.compile(
    r"\s+(?:that|which|who|whom|whose|where|in a position|in the position|at all levels|at the\b|"
    r"with(?:out)?\b|from\b|through\b|within\b|by\b|under\b|during\b|upon\b|via\b|as\b|when\b|if\b|"
    r"whether\b|so as\b|in order\b|in line\b|in accordance\b|in cooperation\b|in collaboration\b|"
    r"in close\b|in consultation\b|in coordination\b|in support\b|in particular\b|including\b|"
    r"to which\b|concerned\s+with\b|responsible\s+for\b|pending\b|(?:in|on|at|for|of|by|from|with)\s+(?:which|whom|whose)\b)"
    r"|\s+\(|[,;:]"
)
_PARAGRAPH_REF = re.compile(r"\s(?:listed|referred to|mentioned|identified|set out|named|designated)\s+in\s")
_INCLUSION = re.compile(
    r",\s+(?:in particular|particularly|especially|notably|including|inter alia)\s+[^,;:]*(?=,\s+(?:and\s+|or\s+)?[\w“])"
    r"|,?\s+(?:where|as|when|if)\s+(?:appropriate|applicable|necessary|possible|relevant|requested|needed)\s*(?=,)"
)
_PARTIES_TO = re.compile(
    r"(\b[Pp]arties)\s+to\s+(?:the|that|this|those|these|such|all|relevant)?\s*(?:(?:[A-Z][\w’'-]*|conventions|protocols|"
    r"treaties|instruments|thereto|of|and|in|against|on|the|for|its|their)(?:,\s*|\s+|$))+"
)
_PRONOUNS = {"them", "it", "they", "those", "others", "these", "all", "themselves", "itself"}
_SPLIT = re.compile(r",?\s+(?:and|or|as well as|and/or)\s+|,\s+")
_ING = re.compile(r"\s+(?!including\b|during\b|according\b|concerning\b|regarding\b)[a-z]+ing\b")
_TREATY = re.compile(
    r"\s+to\s+(?:the\s+|that\s+|this\s+|those\s+)?(?:[A-Z][\w-]*\s+)*?(?:Convention|Protocols?|Treaty|Covenant|Agreement|Charter|conventions|protocols|treaties|instruments)\b.*$"
)


@functools.lru_cache(maxsize=None)
def actor_lexicon() -> tuple[dict[str, tuple[str, str]], re.Pattern]:
    """Gives ({alias: (name, kind)}, pattern of every alias) from ``lexicon/actors.tsv`` and ``lexicon/states.tsv``."""
    rows = read_lexicon("actors.tsv") + read_lexicon("states.tsv")
    aliases = {r[0]: (r[1], r[2]) for r in rows}
    states = "|".join(re.escape(r[0]) for r in sorted(read_lexicon("states.tsv"), key=lambda r: -len(r[0])))
    alt = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    pat = re.compile(
        rf"(?<![\w-])(?:(?P<gov>(?:(?:the\s+)?(?:Federal\s+|Transitional\s+|Interim\s+)?(?:Government|authorities|Governments))"
        rf"\s+of\s+(?:the\s+)?(?P<state>{states}))"
        rf"|(?P<adj>[A-Z][a-z]+(?:ian|ese|ish|i|an|ic)) authorities"
        rf"|(?P<alias>{alt}))(?![\w-])"
    )
    return aliases, pat


@functools.lru_cache(maxsize=None)
def actor_heads() -> dict[str, str]:
    """Gives {head noun: kind} from ``lexicon/actor_heads.tsv``."""
    return {r[0]: r[1] for r in read_lexicon("actor_heads.tsv")}


def strip_determiner(phrase: str) -> str:
    """Gives a phrase without its leading determiners ("all the Member States" gives "Member States")."""
    return _DET.sub("", phrase.strip())


def _head(phrase: str) -> str:
    """The head noun of a phrase: its last word before an "of"/"for"/"on"/"in"/"to"/"against" phrase
    ("other entities concerned": "entities")."""
    core = re.split(r"\s+(?:of|for|on|in|to|against|from|at)\s+", phrase, maxsplit=1)[0]
    core = re.sub(r"\s*\([^)]*\)\s*$", "", core).strip()
    core = re.sub(r"\s+(?:concerned|involved|interested|responsible|present)$", "", core)
    words = core.split()
    return words[-1] if words else ""


def is_actor(phrase: str) -> bool:
    """True when a phrase names an actor: a lexicon name, a State, an acronym or a phrase whose head is an actor noun."""
    bare = strip_determiner(phrase)
    if not bare or bare.casefold() in _PRONOUNS:
        return False
    ref = _PARAGRAPH_REF.search(bare)
    if ref:  # "the organisations and states listed in paragraph 38 (c)": actors if one of them is
        return any(is_actor(p) for p in re.split(r",?\s+(?:and|or)\s+|,\s+", bare[: ref.start()]) if p)
    aliases, pat = actor_lexicon()
    m = pat.fullmatch(bare) or pat.fullmatch(_QUALIFIERS.sub("", bare))
    if m:
        return True
    if re.fullmatch(r"[A-Z][A-Z0-9-]{1,9}", bare):
        return True  # an acronym: "the GFRS", "AUSSOM"
    head = _head(bare)
    heads = actor_heads()
    if head in heads:
        return True
    two = " ".join(re.split(r"\s+(?:of|for|on|in|to|against)\s+", bare, maxsplit=1)[0].split()[-2:])
    if two in heads:
        return True
    lead = pat.match(bare)  # "executive heads of the funds and programmes": a name with its "of" phrase
    return bool(lead and (lead.end() == len(bare) or re.match(r"\s+(?:of|for|on|in)\s", bare[lead.end() :])))


def normalise(phrase: str, me: Optional[str] = None) -> tuple[str, str]:
    """Gives (name, kind) of a printed actor: the lexicon's name when it knows the phrase, else the phrase itself."""
    aliases, pat = actor_lexicon()
    bare = re.sub(r"\s*\([^)]*\)$", "", strip_determiner(phrase)).strip()
    for candidate in (bare, _QUALIFIERS.sub("", bare), re.sub(r"^(?:all\s+)?", "", bare)):
        m = pat.fullmatch(candidate)
        if m:
            return _lexicon_entry(m, me)
    # "States parties to the Convention" is "States parties"; "the Government of Libya's focal point" stays whole.
    m = pat.match(bare)
    if (
        m
        and re.fullmatch(r"\s+(?:to|of|in|for|on)\s+.*", bare[m.end() :])
        and not re.match(r"\s+of\b", bare[m.end() :])
    ):
        return _lexicon_entry(m, me)
    head = _head(bare)
    kind = actor_heads().get(head, "other")
    return (bare[:1].upper() + bare[1:], kind)


def _lexicon_entry(m: re.Match, me: Optional[str]) -> tuple[str, str]:
    aliases, _ = actor_lexicon()
    if m.group("gov"):
        return f"Government of {aliases[m.group('state')][0]}", "Government"
    if m.group("adj"):
        return f"{m.group('adj')} authorities", "Government"
    name, kind = aliases[m.group("alias")]
    if name == "@self":
        return (me if (me or "").endswith("Council") else "Council"), "organ"
    return name, kind


def actor(phrase: str, start: int, me: Optional[str]) -> dict:
    """Gives the addressee entry of a printed phrase at ``start``: name, kind, text and span (``self`` for the body itself)."""
    text = phrase.strip()
    lead = len(phrase) - len(phrase.lstrip())
    name, kind = normalise(text, me)
    entry = {"name": name, "kind": kind, "text": text, "span": [start + lead, start + lead + len(text)]}
    if me and (name == me or (name == "General Assembly" and me == "General Assembly")):
        entry["self"] = True
    return entry


def find_actors(text: str, me: Optional[str] = None, offset: int = 0) -> list[dict]:
    """Gives every lexicon actor named in ``text`` with its normalised name, kind and [start, end] span."""
    _, pat = actor_lexicon()
    out = []
    for m in pat.finditer(text):
        name, kind = _lexicon_entry(m, me)
        entry = {"name": name, "kind": kind, "text": m.group(0), "span": [offset + m.start(), offset + m.end()]}
        if me and name == me:
            entry["self"] = True
        out.append(entry)
    return out


def infinitive(text: str) -> Optional[re.Match]:
    """The " to <verb>" that ends an object ("Requests X, within existing resources, to submit"), or a ";"/":"."""
    end = _INFINITIVE.search(text)
    if end is None:
        return None
    cut = _CUT.search(text[: end.start()])
    if cut:
        comma = re.compile(r",\s+(?P<neg>not\s+)?to\s+(?=[a-z])").search(text, cut.end())
        if comma and comma.start() < 500 and not re.search(r"[;:]", text[end.end() : comma.start()]):
            return comma
    return end


def _masked(text: str) -> str:
    """``text`` with quoted words, parentheses and lexicon names holding "and" or "," blanked (same length)."""
    out = re.sub(r"“[^”]*”|\([^()]*\)", lambda m: "_" * len(m.group(0)), text)
    _, pat = actor_lexicon()
    for m in pat.finditer(out):
        if re.search(r",|\band\b|\bor\b", m.group(0)):
            out = out[: m.start()] + re.sub(r"[ ,]", "_", m.group(0)) + out[m.end() :]
    return out


def _is_modifier_word(word: str) -> bool:
    """True for a lone word that cannot name an actor: "intergovernmental" in "intergovernmental and ... organizations"."""
    if not re.fullmatch(r"[a-z][\w’'-]*", word):
        return False
    return word not in actor_heads() and not is_actor(word) and not word.endswith("s")


def _trim(member: str, head_from: int = 0) -> str:
    """Cuts a coordinated member at what restricts or accompanies it; drops a treaty after "parties".

    ``head_from``: where the member's last piece begins when modifiers were joined to it
    ("international, regional and subregional organizations"): only what follows it is cut.
    """
    m = _MEMBER_END.search(member, head_from)
    if m and m.start() > 0:
        member = member[: m.start()]
    ing = _ING.search(member)
    if ing and is_actor(member[: ing.start()]):
        member = member[: ing.start()]
    if re.search(r"\b[Pp]arties\s+to\s", member):
        member = _TREATY.sub("", member)
    return member.strip().rstrip(",;:.")


def noun_phrases(region: str, offset: int = 0) -> list[tuple[str, int]]:
    """Gives the coordinated members of a noun phrase as (printed words, start): "X, Y and Z" gives three.

    A lone modifier shares the next member's head ("intergovernmental and non-governmental
    organizations" is one), a name goes on across "and" ("for Children and Armed Conflict"), and a
    list that ends with a reference to other paragraphs ("the organisations and states listed in
    paragraph 38 (c)") is one phrase.
    """
    # "X, in particular Y, and Z": the inclusion is read apart (named_inclusions); the list goes on.
    region = _INCLUSION.sub(lambda m: " " * len(m.group(0)), region)
    # "States parties to those conventions and protocols", "States parties to the Protocol against ...,
    # Their Parts and Components and Ammunition": the treaty is not part of the name.
    region = _PARTIES_TO.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), region)
    cut = _CUT.search(region)
    if cut:
        region = region[: cut.start()]
    region = region.rstrip()
    masked = _masked(region)
    ref = _PARAGRAPH_REF.search(masked)
    if ref:
        comma = masked.find(",", ref.end())
        whole = (region[:comma] if comma >= 0 else region).strip().rstrip(",;:")
        return [(whole, offset + region.find(whole))] if whole else []
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _SPLIT.finditer(masked):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(region)))
    members: list[list[int]] = []
    for s, e in pieces:
        text = region[s:e].strip()
        if not text:
            continue
        if members:
            prev = region[members[-1][0] : members[-1][1]]
            joined = _is_modifier_word(prev.strip().split()[-1]) and len(prev.split()) <= 2 and not is_actor(prev)
            name_goes_on = re.search(
                r"\b(?:for|of|on|in|against)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*$", prev
            ) and re.fullmatch(r"[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|of|and|the|in|on|for))*", text)
            if (joined or name_goes_on) and not (name_goes_on and is_actor(text) and " " not in text):
                members[-1][1:] = [e, s - members[-1][0]] if joined else [e, members[-1][2]]
                continue
        members.append([s, e, 0])
    out = []
    for s, e, head_from in members:
        raw = region[s:e]
        lead = len(raw) - len(raw.lstrip())
        member = _trim(raw.strip(), max(0, head_from - lead))
        if not member or strip_determiner(member).casefold() in _PRONOUNS:
            continue
        out.append((member, offset + s + raw.find(member)))
    return out


def object_end(text: str) -> tuple[Optional[re.Match], bool]:
    """Gives (the end of an object, whether an infinitive follows the object directly).

    "Requests X, within existing resources, to submit" has its infinitive after an insertion;
    "Urges the promotion of X ..., including through renewed efforts to uphold" does not: there
    the infinitive belongs to "efforts", not to the object.
    """
    end = infinitive(text)
    if end is None or end.group(0) in (";", ":"):
        return end, False
    cut = _CUT.search(_INCLUSION.sub(lambda m: " " * len(m.group(0)), text[: end.start()]))
    return end, not cut or text[end.start()] == ","


def _proper(phrase: str) -> bool:
    """True when a phrase is a proper name (it starts with a capital after its determiner): "the Syrian regime"."""
    bare = strip_determiner(phrase)
    return bool(bare) and bare[0].isupper()


def object_of(after: str, offset: int, me: Optional[str], need_actor: bool = False) -> list[dict]:
    """Gives the actors a verb asks, from the words ``after`` it up to its infinitive ("X, Y and Z to ...").

    Before an infinitive, each member that names an actor or is a proper name counts ("the
    administering Power to ..."); without one (``need_actor``, or no infinitive follows the object
    directly), the object counts only when every member names an actor: "Urges caution and
    restraint" and "urges a lasting peace between Ukraine and the Russian Federation" ask nobody.
    """
    lead = _PARTICLE.match(after)
    pos = lead.end()
    end, direct = object_end(after[pos:])
    region = after[pos : pos + end.start()] if end is not None else after[pos : pos + 300]
    members = [(t, s) for t, s in noun_phrases(region, 0) if len(t.split()) <= 16]
    if need_actor or not direct:
        if not members or not all(is_actor(t) for t, _ in members):
            return []
        return [actor(t, offset + pos + s, me) for t, s in members]
    known = [(t, s) for t, s in members if is_actor(t)]
    kept = known if known else [(t, s) for t, s in members if _proper(t)]
    return [actor(t, offset + pos + s, me) for t, s in kept]


def named_inclusions(region: str, offset: int, me: Optional[str]) -> list[dict]:
    """Gives the named bodies listed after "including", "especially" or "in particular" in an object phrase.

    "the United Nations, especially the United Nations Office on Drugs and Crime" names UNODC too;
    a category ("in particular neighbouring States", "including civil society") adds nobody.
    """
    out = []
    for m in re.finditer(r",?\s+(?:including|especially|in particular|particularly|notably)\s+", region):
        rest = region[m.end() :]
        stop = re.search(r",\s+(?!and\b)|\s+to\s+[a-z]|;", rest)
        for text, start in noun_phrases(rest[: stop.start()] if stop else rest, offset + m.end()):
            name, kind = normalise(text, me)
            bare = strip_determiner(text)
            if kind in ("States", "stakeholders", "other", "parties") or not bare[:1].isupper():
                continue
            out.append(actor(text, start, me))
    return out


def remember_actors(actors: list[dict], history: dict[str, str]) -> None:
    """Notes, for each capitalised word of an actor's printed name, the actor last named with it."""
    for a in actors:
        for word in re.findall(r"[A-Z][a-z]+", a.get("text") or ""):
            history[word] = a["name"]


_SHORT_FORMS = frozenset(
    "Office Entity Programme Fund Committee Commission Panel Mission Agency Organization Board Forum Group Mechanism "
    "Institute Court Tribunal Centre Network Facility".split()
)


def resolve_anaphora(found: list[dict], history: dict[str, str]) -> None:
    """ "the Office", "the Entity", "the Programme": named after the body last named with that word.

    Only the short form of an institution is read so; "Parties" or "States" name themselves.
    """
    for a in found:
        text = a.get("text") or ""
        bare = strip_determiner(text)
        if not text.startswith("the ") or bare not in _SHORT_FORMS:
            continue
        if bare in history and a["name"] in (bare, text):
            if history[bare] != a["name"]:
                a["name"] = history[bare]
                a["kind"] = "entity" if a["kind"] == "other" else a["kind"]
                a["anaphora"] = True


_WORD = re.compile(r"[\w’'-]+")
_STOPS = frozenset(
    "of for on in to at by with from and or as that which who shall should must will may can is are has have "
    "be been not also to, its their his her including especially particularly notably such inter".split()
)


def actor_phrase_at(text: str, pos: int) -> Optional[tuple[str, int, int]]:
    """Gives (printed words, start, end) of the actor phrase that begins at ``pos``, or None.

    The phrase is an optional determiner, at most five modifiers and a head (a lexicon name or an
    actor noun), then a name-forming "of"/"for"/"on" phrase in capitals ("the Government of Libya",
    "the Iranian High Council for Human Rights", "the supplying Member State").
    """
    _, pat = actor_lexicon()
    heads = actor_heads()
    det = _DET.match(text[pos:])
    i = pos + (det.end() if det else 0)
    m = pat.match(text, i)
    end = None
    if m:
        end = m.end()
    else:
        for n, w in enumerate(_WORD.finditer(text, i)):
            if n > 5 or w.start() != i or w.group(0).lower() in _STOPS:
                break
            m = pat.match(text, w.start())
            if m:
                end = m.end()
                break
            if w.group(0) in heads or re.fullmatch(r"[A-Z][A-Z0-9-]{1,9}", w.group(0)):
                end = w.end()
                nxt = _WORD.match(text, w.end() + 1)
                if not (nxt and text[w.end()] == " " and nxt.group(0) in heads):
                    break
            i = w.end() + 1 if w.end() < len(text) and text[w.end()] == " " else len(text) + 1
    if end is None:
        return None
    pp = re.match(
        r"\s+(?:of|for|on)\s+(?:the\s+)?(?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|and|of|the|for|on|in|to)(?=\s|$|[,;.:]))*",
        text[end:],
    )
    if pp:
        tail = pp.group(0)
        tail = re.sub(r"\s+(?:and|of|the|for|on|in|to)$", "", tail)
        end += len(tail)
    words = text[pos:end]
    if strip_determiner(words).casefold() in _PRONOUNS or not strip_determiner(words):
        return None
    return words, pos, end


def actor_list_at(text: str, pos: int) -> list[tuple[str, int, int]]:
    """Gives the coordinated actor phrases that begin at ``pos`` ("the GFRS, Member States and AUSSOM").

    Phrases joined by commas alone name one actor twice: "Israel, the occupying Power," is Israel.
    """
    out = []
    joined_by_and = False
    while True:
        found = actor_phrase_at(text, pos)
        if not found:
            break
        out.append(found)
        sep = re.match(r",?\s+(?:and|or|as well as)\s+(?:of\s+)?|,\s+", text[found[2] :])
        if sep and re.match(
            r"(?:including|in particular|especially|particularly|notably|such as)\b", text[found[2] + sep.end() :]
        ):
            # "all States, in particular developing countries, as well as of the United Nations system": the
            # list goes on after the inclusion between commas
            sep = re.match(
                r",\s+[^,;:]*,\s+(?:and|or|as well as)\s+(?:of\s+)?(?=(?:the\s+|all\s+|relevant\s+)?[A-Za-z])",
                text[found[2] :],
            )
            if sep and actor_phrase_at(text, found[2] + sep.end()):
                joined_by_and = True
                pos = found[2] + sep.end()
                continue
            break
        if not sep:
            break
        joined_by_and = joined_by_and or sep.group(0).strip(" ,") != ""
        pos = found[2] + sep.end()
    return out if joined_by_and or len(out) < 2 else out[:1]


def antecedents(text: str, me: Optional[str] = None) -> list[tuple[str, int, int]]:
    """Gives the last group of coordinated actors named in ``text``: what "them" or "it" stands for next."""
    last: list[tuple[str, int, int]] = []
    pos = 0
    for m in re.finditer(r"(?<![\w’'-])(?=[A-Za-z])", text):
        if m.start() < pos:
            continue
        group = actor_list_at(text, m.start())
        group = [g for g in group if not normalise(g[0], me)[0] == me]
        if group:
            last = group
            pos = group[-1][2]
    return last
