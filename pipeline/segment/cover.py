"""The cover block of a UN document: symbol, organ, distribution, dates, session, agenda items, title."""

from __future__ import annotations

import re
from typing import Optional

from pipeline.clean import plain
from pipeline.lexicon.dates import iso_date
from pipeline.lexicon.numbers import ordinal
from pipeline.model import AdoptedOn, AgendaItem, Block, Resolution, Span

BODIES = [
    ("Human Rights Council", "Human Rights Council"),
    ("Economic and Social Council", "Economic and Social Council"),
    ("Security Council", "Security Council"),
    ("General Assembly", "General Assembly"),
    (
        "Conference of the Parties serving as the meeting of the Parties to the Paris Agreement",
        "Conference of the Parties serving as the meeting of the Parties to the Paris Agreement",
    ),
    ("Conference of the Parties", "Conference of the Parties"),
    ("Conferencia de las Partes", "Conferencia de las Partes"),
]


def text_of(block: Block) -> str:
    """Gives a block's text without markers, whitespace collapsed."""
    return plain(block.spans)


def _lines(block: Block) -> list[str]:
    text = "".join(s.text for s in block.spans if not s.marker)
    cuts = block.line_starts + [len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


# --- reading the cover ---------------------------------------------------------


def read_cover(head: list[Block], res: Resolution) -> None:
    """Fills the resolution's cover metadata from the blocks before the enacting formula."""
    column = [(b.x0, line) for b in head if b.page == 1 for line in (_lines(b) or [text_of(b)])]
    for i, (x0, line) in enumerate(column):
        following = [l for x, l in column[i + 1 : i + 6] if abs(x - x0) < 2]
        _read_session(line, following, res)
        _read_masthead(line, following, res)
    previous = None
    for block in head:
        _read_line_facts(_joined_sponsors(previous, block), res)
        previous = block
    _read_title(head, res)
    res.language = res.language or language_of(head)


SYMBOL_AT = re.compile(r"^((?:A|S|E|FCCC|UNEP|TD|CRC|CEDAW|DP|ICCD|GC)(?:/[A-Za-z0-9.\-]+)+(?: \(\d{4}\))?)\**(?:\s|$)")


STOPWORDS = {
    "en": {"the", "of", "and", "to", "in"},
    "es": {"de", "la", "el", "los", "las", "y", "en"},
    "fr": {"le", "la", "les", "des", "et", "du"},
}


def language_of(blocks: list[Block]) -> str:
    """Gives the two-letter language of the text (en, es or fr) by its commonest short words."""
    words = re.findall(r"[a-záéíóúñçèêà]+", " ".join(text_of(b) for b in blocks).lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    return max(sorted(scores), key=lambda lang: scores[lang]) if any(scores.values()) else "en"


def _read_masthead(line: str, following: list[str], res: Resolution) -> None:
    """Reads the symbol, organ, distribution and issue date printed at the top of page 1."""
    m = SYMBOL_AT.match(line)
    if m and res.symbol is None:
        res.symbol = m.group(1)
        res.date_issued = res.date_issued or iso_date(line[m.end() :])
        return
    if res.body is None and len(line) < 100:
        for name, body in BODIES:
            if line.lower().startswith(name.lower()):
                res.body = body
                break
    m = re.match(r"^Distr\.?:?\s*([A-Za-z]+)?\s*(.*)$", line, re.I)
    if m and res.distribution is None:
        word = m.group(1) or (following[0].split()[0] if following else None)
        res.distribution = word.capitalize() if word and word.isalpha() else None
        res.date_issued = (
            res.date_issued or iso_date(m.group(2)) or next((iso_date(l) for l in following[:3] if iso_date(l)), None)
        )


def _joined_sponsors(previous: Optional[Block], block: Block) -> Block:
    """Gives the sponsors line whole when its first line was set apart ("France, ... and State of" / "Palestine: draft decision")."""
    if previous is None or not is_bold(previous) or abs(previous.x0 - block.x0) > 2:
        return block
    if not re.match(r"^[^:]{1,200}:[*\s]*(revised )?(draft|amendment)", text_of(block), re.I):
        return block
    if _is_cover_fact(text_of(previous)) or text_of(previous).endswith((":", ".")):
        return block
    return Block(
        page=block.page, x0=block.x0, size=block.size, spans=list(previous.spans) + [Span(" ")] + list(block.spans)
    )


# "amendment to revised draft resolution A/C.3/80/L.3/Rev.1": the draft an amendment amends.
_AMENDS = re.compile(r"\bto\s+(?:the\s+)?(?:revised\s+)?draft\s+(?:resolution|decision)\s+([A-Z]+/[\w./-]*\d[\w./-]*)")


def _read_line_facts(block: Block, res: Resolution) -> None:
    text = text_of(block)
    m = re.match(r"^Resolution adopted by the (.+?) on (.+)$", text)
    if m:
        res.document_type = "resolution"
        res.body = _body_name(m.group(1)) or res.body
        res.date_adopted = iso_date(m.group(2))
        return
    m = re.match(r"^Resolution (\d+ \(\d{4}\))$", text)
    if m:
        res.document_type = "resolution"
        res.number = m.group(1)
        return
    m = re.match(r"^Adopted by the (.+?) at its (\d+\w\w) meeting,? on (.+)$", text)
    if m:
        res.body = _body_name(m.group(1)) or res.body
        res.meeting = f"{m.group(2)} meeting"
        res.date_adopted = iso_date(m.group(3))
        return
    m = re.match(
        r"^\[(on the report of the (.+?)|without reference to a Main Committee)"
        r"\s*\(([^,)]+)(?:,\s*para\.\s*([\w.]+))?[^)]*\)\s*\]$",
        text,
    )
    if m:
        committee = m.group(2) or "without reference to a Main Committee"
        res.adopted_on = AdoptedOn(body=committee, document=m.group(3), paragraph=m.group(4))
        return
    m = re.match(r"^(.+?):[*\s]*(revised )?(draft resolution|draft decision|amendments?)\b", text, re.I)
    if m and len(text) < 4000:
        res.document_type = m.group(3).lower().rstrip("s")
        res.sponsors = sponsor_names(m.group(1))
        target = _AMENDS.search(text, m.end())
        if res.document_type == "amendment" and target:
            res.amends = target.group(1).rstrip(".,;")
        return
    m = re.match(r"^((?:Revised )?[Dd]raft (?:resolution|decision))(?: (submitted by .+))?$", text)
    if m:
        res.document_type = m.group(1).lower().replace("revised ", "")
        res.sponsors = [m.group(2)[len("submitted by ") :]] if m.group(2) else res.sponsors


COUNTRIES_WITH_AND = (
    "United Kingdom of Great Britain and Northern Ireland",
    "Bosnia and Herzegovina",
    "Trinidad and Tobago",
    "Antigua and Barbuda",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
)


def sponsor_names(text: str) -> list[str]:
    """Gives the sponsors named in "A, B and C: draft resolution", keeping "Bosnia and Herzegovina" whole."""
    for name in COUNTRIES_WITH_AND:
        text = text.replace(name, name.replace(" and ", "\0"))
    names = [s.strip(" *").replace("\0", " and ") for s in re.split(r",\s*|\s+and\s+", text)]
    return [n for n in names if n]


def _read_session(line: str, following: list[str], res: Resolution) -> None:
    m = re.match(r"^(\S+) (?:regular |special )?session$", line)
    if m and res.session_number is None:
        number = ordinal(m.group(1))
        if number is None and m.group(1).isdigit():
            number = int(m.group(1))
        res.session_number = number
    m = re.match(r"^Agenda items? (.+)$", line)
    if m and not res.agenda_items:
        numbers = [n.strip() for n in re.split(r",\s*|\s+and\s+", m.group(1)) if n.strip()]
        title_lines = []
        for next_line in following:
            if re.match(r"^(Agenda|Resolution|Draft|\[|\d|Distr|Original)", next_line):
                break
            title_lines.append(next_line)
        title = " ".join(title_lines) if len(numbers) == 1 and title_lines else None
        res.agenda_items = [AgendaItem(number=n, title=title) for n in numbers]


def _body_name(words: str) -> Optional[str]:
    for name, body in BODIES:
        if words.startswith(name):
            return body
    return None


NUMBERED_TITLE = re.compile(r"^(\d{1,3}/[\d…. ]+|[A-Z]+-\d+/\d+)\.\s+(.+)$")  # "78/229. Strengthening ..."


def _read_title(head: list[Block], res: Resolution) -> None:
    """Finds the numbered title ("78/229. Strengthening ...") or the bold title of a draft."""
    for block in head:
        text = text_of(block)
        m = NUMBERED_TITLE.match(text)
        if m and is_bold(block):
            res.number = res.number or m.group(1)
            res.title = m.group(2)
            return
    agenda = [i for i, b in enumerate(head) if re.search(r"\bAgenda items?\b", text_of(b))]
    if agenda:
        head = head[agenda[0] + 1 :] or head  # the title follows the agenda item
    candidates = [b for b in head if is_bold(b) and b.size >= 11 and not _is_cover_fact(text_of(b))]
    if candidates:
        res.title = text_of(candidates[-1])
        return
    capitals = [b for b in head if text_of(b).isupper() and len(text_of(b)) > 20 and not _is_cover_fact(text_of(b))]
    if capitals:  # an old cover without bold: "RESTORATION OF THE LAWFUL RIGHTS OF ..." (A/L.632, 1971)
        res.title = text_of(capitals[0])


def title_spans(head: list[Block]) -> list[Span]:
    """Gives the spans of the title block, so that a footnote marker on the title can be found."""
    spans: list[Span] = []
    for block in head:
        if is_bold(block) and block.size >= 11 and not _is_cover_fact(text_of(block)):
            spans = block.spans
    return spans


def is_bold(block: Block) -> bool:
    """Tells whether most of a block's ink is bold."""
    ink = [s for s in block.spans if s.text.strip() and not s.marker]
    return bool(ink) and sum(len(s.text) for s in ink if s.bold) >= 0.6 * sum(len(s.text) for s in ink)


def _is_cover_fact(text: str) -> bool:
    return (
        bool(
            re.match(
                r"^(Resolution|Adopted|United Nations$|Distr|Agenda|General Assembly$|"
                r"Security Council$|Economic and Social Council$|Human Rights Council$)",
                text,
            )
        )
        or bool(
            re.fullmatch(r"(UNITED|NATIONS|GENERAL|ASSEMBLY|SECURITY|COUNCIL|ECONOMIC AND SOCIAL|ORIGINAL: \w+)", text)
        )
        or bool(re.search(r"\bsession$", text))
        or bool(re.search(r":\s*(revised )?(draft (resolution|decision)|amendments?)\b", text))
    )


MEETING_END = re.compile(
    r"^(\d+(?:st|nd|rd|th) (?:\(resumed\) )?(?:plenary )?meeting|\d+-е (?:пленарное )?заседание),?\s*(.*)$"
)  # "50th plenary meeting", "1976-е пленарное заседание"
SESSION_END = re.compile(
    r"^[A-Z][a-z]+(?: [a-z]+)* session,? \d{1,2} [A-Z][a-z]+ \d{4}$"
)  # "Annual session 12 June 2025"


def is_closing(text: str) -> bool:
    """Tells the line printed after the last paragraph: "50th plenary meeting 19 December 2023"."""
    return bool(MEETING_END.match(text) or SESSION_END.match(text)) and len(text) < 80


def read_closing(closing: list[Block], res: Resolution) -> None:
    """Reads the adoption meeting and date printed after the last operative paragraph."""
    for block in closing:
        m = MEETING_END.match(text_of(block))
        if m:
            res.meeting = res.meeting or m.group(1)
        res.date_adopted = res.date_adopted or iso_date(text_of(block))


# --- telling what a document is when it is not a resolution -----------------


def not_a_resolution(res: Resolution, blocks: list[Block], name: str) -> str:
    """Gives the one-line message for a document that holds no resolution, saying what it is."""
    symbol = res.symbol or name
    first = " ".join(text_of(b) for b in blocks[:40])
    if re.search(r"does not exist in the Official Document System", first):
        return f'{name}: a "document not found" page from the UN Official Document System, not a resolution'
    if re.search(r"/PV\.\d+", symbol) or re.search(r"\bplenary meeting\b.*\bPresident\b", first):
        return f"{symbol} is a meeting record, not a resolution"
    kinds = [
        (r"\bLetter dated\b", "a letter"),
        (r"\bReport of the\b|\b[Rr]eport\b", "a report"),
        (r"\bNote by the\b", "a note"),
        (r"\bAgenda\b.*\bprovisional agenda\b", "an agenda"),
        (r"\bprogramme budget implications\b|\bStatement submitted\b", "a statement"),
    ]
    for pattern, what in kinds:
        if re.search(pattern, first[:2000]):
            return f"{symbol} is {what}, not a resolution (no enacting formula)"
    return f'{symbol}: not a resolution (no enacting formula such as "The General Assembly," found)'


def committee_report(head: list[Block]) -> Optional[str]:
    """Gives the title line when the cover is that of a committee's report ("Report of the Fourth Committee")."""
    for block in head:
        text = text_of(block)
        if re.match(r"^Report of the .*Committee\b", text, re.I) and len(text) < 200:
            return text
    return None
