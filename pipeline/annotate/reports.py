"""Requests for a report: every report, update, briefing or summary a clause asks for, to whom and when.

The detector reads the whole clause and its lettered items, not only the start of the task:

- a reporting verb: "to report (thereon) to ...", "and report", "including by reporting",
  "with a view to investigating and reporting on", "to brief the Council", "to update the
  Committee", "to keep the Council informed", "to inform the Committee";
- a report noun after a verb that hands it over: "to submit ... a report", "to provide the
  Committee with regular updates", "to present its forthcoming reports", "to prepare a summary of
  the discussion for transmission to ...", "to make its recommendations to the General Assembly",
  "to include in his report", "in their final report", and the items of "to provide: (a) regular
  updates ...; (b) a mid-term update; (c) ... a final report";
- a briefing decided as such: "briefings from the Chair ... to the Security Council shall take place".

Each report gets the words from its trigger to the next one: its recipient ("to the General
Assembly", "provide the Committee with", "for the Security Council's consideration", "for
transmission to"; a report listed after "including" keeps the recipient of the one it belongs
to), its due times and its frequency ("every 90 days", "on an annual basis", "annual reports").
Information shared or exchanged, notifications and data are not reports.
"""

from __future__ import annotations

import re
from typing import Optional

from pipeline.annotate.actors import actor_phrase_at, strip_determiner

_NOUN = (
    r"(?:reports?|updates?|briefings?|updated\s+information|summary|summaries|(?:technical\s+)?assessments?|"
    r"recommendations|findings|reporting)"
)
_HAND_OVER = re.compile(
    r"\b(?:submit|submitting|submits|present(?!\s+(?:resolution|decision|text|paragraph|report|document|session|"
    r"situation|case|context|circumstances|day|time|stage|level))|presenting|provide|providing|transmit|transmitting|"
    r"prepare|preparing|make|making|include|deliver|delivering|produce|producing|issue|issuing|give|giving|propose|"
    r"proposing)\b"
)
# Words after which a noun is no longer the object of the verb that hands a report over.
_GOVERNED_UNTIL = re.compile(
    r";|\b(?:which|where|when|that|except|unless|if|while|whereas|whose|for\s+(?:the\s+)?purposes?\s+of|in\s+order\s+to|"
    r"with\s+a\s+view\s+to|so\s+as\s+to)\b|(?:\bby|\bfor|\bof|\bin|\bon|\bafter|\bbefore|\bwithout|,)\s+"
    r"(?!including\b|providing\b|submitting\b|presenting\b|transmitting\b|preparing\b|making\b|delivering\b|"
    r"producing\b|issuing\b|giving\b|proposing\b|reporting\b)[a-z]+ing\b"
)
# "an update on the support provided to Somalia": the body after a participle is not the recipient
_MODIFIED = re.compile(r"\b(?:(?!entitled\b)[a-z]+ed|made|given|taken|held|done|seen|set|put|paid|sent)\s+$")
_WITHIN = re.compile(r"\bincluding\s+(?:a\s+minimum\s+of\s+|at\s+least\s+)?(?:[\w-]+\s+){0,4}$")
_REPORT_VERB = re.compile(
    r"(?:(?<=\bto )|(?<=\bTo )|(?<=\band )|(?<=\bor )|(?<=\bshall )|(?<=\bshould )|(?<=\bwill )|(?<=\bmust )|(?<=\balso )|"
    r"(?<=\bregularly )|(?<=\bannually )|(?<=\bperiodically )|(?<=\bjointly )|(?<=\bfurther ))"
    r"(?:report|brief)(?![\w-])(?!\s+(?:of|by)\b)"
    r"|(?:(?<=\bby )|(?<=\bin )|(?<=\band )|(?<=\bor ))(?:reporting|briefing)(?![\w-])"
    r"(?!\s+(?:period|obligations?|requirements?|mechanisms?|framework|cycles?|guidelines|system|procedures?|"
    r"templates?|format|burden|requests?|lines|standards|tools|entities|officers?)\b)"
    r"|(?:(?<=\bto )|(?<=\bTo )|(?<=\band ))(?:update|inform)(?=\s+(?:the\s+)?[A-Z])"
    r"|(?:(?<=\bto )|(?<=\band ))keep\s+(?:the\s+)?[A-Z][^;,]{0,60}?\s+(?:regularly\s+|fully\s+|closely\s+)?informed\b"
)
_NOUN_RE = re.compile(rf"(?<![\w-]){_NOUN}(?![\w-])")
_OWN_REPORT = re.compile(r"\bin\s+(?:his|her|its|their)\s+(?:[a-z-]+\s+){0,3}?(?:reports?|briefings?)\b")
_DECIDED_BRIEFING = re.compile(r"(?<=\bthat )(?:briefings?|reports?|updates?)\s+(?:from|by)\s+(?=(?:the\s+)?[A-Z])")
_INF = r"to\s+(?!the\b|a\b|an\b|all\b|its\b|his\b|her\b|their\b|this\b|that\b|these\b|those\b|[A-Z])[a-z]+\b"
_SEGMENT = re.compile(rf",\s+and\s+(?={_INF})|\s+and\s+(?={_INF})|;\s+|,\s+(?={_INF})|\s+as\s+well\s+as\s+(?={_INF})")
_TO = re.compile(
    r"\b(?:to|before|provide|providing|update|updating|brief|briefing|inform|informing|keep|keeping)\s+(?=(?:the\s+)?[A-Z])"
    r"|\bfor\s+(?:the\s+)?(?=[A-Z][^;,]{0,80}?[’']s\s+consideration)"
    r"|\bfor\s+(?:the\s+)?consideration\s+(?:of|by)\s+(?=(?:the\s+)?[A-Z])"
    r"|\bfor\s+transmission\s+to\s+(?=(?:the\s+)?[A-Z])"
)
_EVERY_ADJ = {"annual": "year", "monthly": "month", "quarterly": "3 months", "biennial": "2 years", "weekly": "week"}


def _un_body(text: str, pos: int) -> bool:
    """True when the phrase at ``pos`` names a body of the United Nations system (not a State or its mission)."""
    from pipeline.annotate.actors import normalise

    found = actor_phrase_at(text, len(text[:pos]) + len(text[pos:]) - len(text[pos:].lstrip()))
    if not found:
        return False
    kind = normalise(found[0])[1]
    return (
        kind in ("organ", "subsidiary", "treaty body", "official", "entity", "mission") and "Permanent" not in found[0]
    )


def _body(text: str, pos: int, me: Optional[str]) -> Optional[str]:
    """The body named at ``pos`` as printed without its determiner ("the General Assembly" gives "General Assembly")."""
    found = actor_phrase_at(text, pos)
    if not found:
        return None
    name = strip_determiner(re.sub(r"[’']s$", "", found[0]))
    if name in ("Council",) and me and me.endswith("Council"):
        return me
    if name == "Assembly":
        return "General Assembly"
    return name


def recipient(segment: str, trigger: int, me: Optional[str]) -> Optional[str]:
    """Gives the body a report goes to, read in its own words (the nearest after the trigger, else before it)."""
    hits = []
    for m in _TO.finditer(segment):
        body = _body(segment, m.end(), me)
        if body and not re.match(r"\s*through\b", segment[max(0, m.start() - 8) : m.start()]):
            hits.append((m.start(), body))
    # a body after the report belongs to it unless another hand-over begins in between ("..., and provide to")
    after = [
        b
        for s, b in hits
        if s >= trigger
        and not re.search(r",\s+and\b|;|\band\s+(?:to\s+)?" + _HAND_OVER.pattern, segment[trigger:s])
        and not _MODIFIED.search(segment[trigger:s])
    ]
    before = [(s, b) for s, b in hits if s < trigger]
    # before the report, the first body of the last hand-over ("provide to the Council, and to the CMD, ... an update")
    if before:
        last = [m.start() for m in _HAND_OVER.finditer(segment[:trigger]) if m.start() < before[-1][0]]
        chain = [b for s, b in before if s >= last[-1]] if last else []
        before = before if not chain else [(0, chain[0])]
    for b in after + [b for _, b in before[::-1]]:
        return b
    return None


def _segments(text: str) -> list[tuple[int, int]]:
    """Cuts a clause into its coordinated infinitive phrases ("to report ... and to submit ...")."""
    cuts = [0] + [m.end() for m in _SEGMENT.finditer(text)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _triggers(text: str, items_follow: bool) -> list[tuple[int, int, str]]:
    """Every report trigger of a clause as (start, end, kind): a reporting verb or a noun handed over."""
    out = []
    for m in _REPORT_VERB.finditer(text):
        if m.group(0).startswith("inform") and not _un_body(text, m.end()):
            continue  # informing a State's mission is not reporting
        if m.group(0) == "reporting" and re.search(
            r"\bwith\s+(?:[\w-]+\s+){0,3}$", text[max(0, m.start() - 50) : m.start()]
        ):
            continue  # "to support the GFRS with analysis and reporting": help to another's reporting
        out.append((m.start(), m.end(), "verb"))
    for m in _OWN_REPORT.finditer(text):
        out.append((m.start(), m.end(), "own"))
    for m in _DECIDED_BRIEFING.finditer(text):
        out.append((m.start(), m.end(), "decided"))
    for m in _NOUN_RE.finditer(text):
        if any(a <= m.start() < b for a, b, _ in out):
            continue
        if m.group(0) == "reporting":
            continue
        seg = next((a for a, b in _segments(text) if a <= m.start() < b), 0)
        before = text[max(seg, m.start() - 160) : m.start()]
        before = _GOVERNED_UNTIL.split(before)[-1]
        handed = _HAND_OVER.search(before) or items_follow
        # "regular updates to the Committee ..., including two thematic reports by ...": reports within a report
        handed = handed or (out and _WITHIN.search(text[max(0, m.start() - 60) : m.start()]))
        if not handed:
            continue
        of_someone = re.match(r"\s+(?:of|by)\s+(?:the\s+[a-z]|(?:the\s+)?[A-Z])", text[m.end() :])
        if of_someone and m.group(0).startswith("report"):
            # asked for when submitted, presented ... or provided close before ("to provide a report of the
            # Board"), not "to provide technical assistance ... as set out in the report of the Secretary-General"
            if not re.search(r"\b(?:submit|present|transmit|prepare)\w*\b", before) and not re.search(
                r"\bprovid\w*\s+(?:[\w-]+\s+){0,3}$", before
            ):
                continue  # "the reports of the Secretary-General", "reports of the regional seminars": cited, not asked
        if re.search(r"\bwith\s+(?:[a-z-]+\s+){0,2}$", before) and m.group(0) in ("recommendations", "findings"):
            continue  # "an assessment ... with specific recommendations": part of that report
        if m.group(0) in ("recommendations", "findings", "summary", "summaries") and not re.search(
            r"\b(?:to|for\s+transmission\s+to)\s+(?:the\s+|all\s+)?[A-Z]",
            re.split(
                r",\s+and\b|;|\bto\s+(?!the\b|all\b|its\b|his\b|her\b|their\b)[a-z]+\b", text[m.end() : m.end() + 100]
            )[0],
        ):
            continue  # recommendations to nobody in particular are not a report
        out.append((m.start(), m.end(), "noun"))
    out.sort()
    # One report per noun: "to submit a report", "to report ... and submit a report" keep each noun once.
    merged: list[tuple[int, int, str]] = []
    for t in out:
        between = text[merged[-1][1] : t[0]] if merged else ""
        if merged and merged[-1][2] == "noun" and t[2] == "noun" and re.fullmatch(r"\s+(?:[a-z-]+\s+)?", between):
            merged[-1] = (merged[-1][0], t[1], "noun")  # "a summary report", "an update report": one noun
            continue
        if (
            merged
            and t[2] == "noun"
            and re.search(
                r"\b(?:the|this|that|these|those|such|said)\s+(?:[a-z-]+\s+)?$", text[max(0, t[0] - 30) : t[0]]
            )
        ):
            t = (t[0], t[1], "again")  # "... a synthesis report, and to submit the report to the Council": the same one
        if merged and merged[-1][2] == "verb" and t[2] == "noun" and not re.search(r"[;,]|\band\b", between):
            continue
        if merged and merged[-1][2] == "verb" and t[2] == "own" and re.fullmatch(r"\s*", between):
            merged[-1] = (merged[-1][0], t[1], "own")  # "to report in its annual reports to ...": one report
            continue
        if merged and merged[-1][2] == "noun" and t[2] == "own" and not re.search(r"[;]|\band\s+to\b", between):
            continue  # "an updated assessment of the plan in their final report" is one report
        merged.append(t)
    return merged


def find_reports(text: str, me: Optional[str], items_follow: bool = False) -> list[dict]:
    """Gives the reports a clause asks for: trigger span, the words of the report, recipient, frequency.

    ``items_follow`` says the clause is an item of "to provide:" (its noun needs no verb of its own).
    """
    found = _triggers(text, items_follow)
    if not found:
        return []
    out = []
    segments = _segments(text)
    for i, (s, e, kind) in enumerate(found):
        seg_start, seg_end = next(((a, b) for a, b in segments if a <= s < b), (0, len(text)))
        prev_end = found[i - 1][1] if i and found[i - 1][0] >= seg_start else seg_start
        next_start = found[i + 1][0] if i + 1 < len(found) and found[i + 1][0] < seg_end else seg_end
        start = prev_end if prev_end > seg_start else seg_start
        verb = None
        if kind != "verb":
            # "..., as well as submit monthly updates": the report's words begin at the verb that hands it over;
            # "a mid-term report ... and a final report": at its article
            verb = list(_HAND_OVER.finditer(text, start, s))
            art = re.search(r"(?:\s+and\s+|,\s+)(?=(?:a|an|the|its|his|her|their)\s+[^,;]*$)", text[start:s])
            within = _WITHIN.search(text, max(start, s - 60), s)
            if verb:
                start = verb[-1].start()
            elif within:
                start = within.start()  # "..., including two thematic reports by ...": from "including"
            elif art and start != seg_start:
                start = start + art.end()
        if kind == "again":
            if out:
                first = out[-1]
                first["words"][1] = max(first["words"][1], next_start)
                if first["to"] is None:
                    first["to"] = recipient(text[s:next_start], 0, me)
            continue
        words = text[start:next_start]
        including = _WITHIN.search(text[max(0, s - 60) : s])
        to = recipient(words, s - start, me)
        if to is None and out and (including or (kind == "noun" and not verb and prev_end > seg_start)):
            to = out[-1]["to"]  # "including two thematic reports", "a mid-term report ..., and a final report"
        every = None
        adj = re.search(
            r"\b(annual|monthly|quarterly|biennial|weekly)\s+(?:[a-z-]+\s+){0,2}(?:reports?|updates?|briefings?)?$",
            text[max(0, s - 40) : e],
        )
        if adj:
            every = _EVERY_ADJ[adj.group(1)]
        out.append(
            {
                "trigger": text[s:e],
                "span": [s, e],
                "words": [start, next_start],
                "to": to,
                "every": every,
                "by": _by(text, e) if kind == "decided" else None,
            }
        )
    return out


def _by(text: str, pos: int) -> Optional[tuple[str, int]]:
    """The printed author of a report decided as such ("briefings from the Chair of the Committee ...")."""
    found = actor_phrase_at(text, pos)
    return (found[0], found[1]) if found else None
