"""Citations in a resolution: resolutions, decisions, documents and treaties, with symbols and links.

:func:`find_references` gives one entry per citation (every number of a list
its own entry) with the UN document symbol where one can be formed and an
``https://undocs.org/en/<symbol>`` link.  Which body issued a cited
resolution comes from the words before it ("Security Council resolution",
"its resolution") and the number's shape: ``2216 (2015)`` is the Security
Council's, ``2017/19`` the Economic and Social Council's, ``77/237`` the
General Assembly's (the Human Rights Council's in its own texts).
Lexicons: ``lexicon/documents.tsv`` (symbol prefixes) and
``lexicon/bodies.tsv`` (issuing bodies); :mod:`pipeline.evaluate.references`
scores the links against those in the UN's AKN4UN XML.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from typing import Iterable, Optional

from pipeline.lexicon import read_lexicon
from pipeline.lexicon.dates import iso_date
from pipeline.model import Resolution

UNDOCS = "https://undocs.org/en/"
SELF_NAMES = {"Security Council", "General Assembly", "Economic and Social Council", "Human Rights Council"}


# --- lexicons --------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _prefixes() -> tuple[dict[str, str], re.Pattern]:
    kinds = {r[0]: r[1] for r in read_lexicon("documents.tsv")}
    heads = sorted({p.split("/")[0] for p in kinds}, key=len, reverse=True)
    pat = re.compile(
        r"(?<![\w/.\-])(?:%s)(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+"
        r"(?:\s?\((?:Part\s?[IVX]+|Introduction|Sect\.\s?\d+[A-Z]?|Supp\.?|Vol\.\s?[IVX]+)\))?"
        % "|".join(map(re.escape, heads))
    )
    return kinds, pat


@functools.lru_cache(maxsize=None)
def _bodies() -> tuple[dict[str, tuple[str, str, str]], re.Pattern]:
    rows = {r[0]: (r[1], (r + ("", ""))[2], (r + ("", "", ""))[3]) for r in read_lexicon("bodies.tsv")}
    names = sorted(rows, key=len, reverse=True)
    # the body's name (with any "to the ... Convention" tail) right before "resolution(s)"
    pat = re.compile(
        r"(?:\b(%s)(?: [a-z][\w ,.\-]{0,120}?(?:Convention|Protocol|Agreement)[\w ]{0,40}?)?"
        r"|\b(its|their|this|that|the|present))\s+$" % "|".join(map(re.escape, names))
    )
    return rows, pat


# --- numbers of cited resolutions -----------------------------------------------------

_NUM = (
    r"(?P<num>(?:(?:ES|S)-\d{1,2}/\d{1,3}|\d{1,4}/\d{1,4})(?:\s?[A-Z](?:\s?(?:-|–|and)\s?[A-Z])?(?![\w/]))?"
    r"|\d{1,4}\s?(?:[A-H]\s?)?\((?:[IVXL]+|ES-[IVX]+|S-[IVX]+|(?:19|20)\d\d)\)"
    r"|\d{1,3}/(?:CP|CMA|CMP)\.\d{1,2}"
    r"|\d{3,4}(?![\w/(]))"
)
_DATE = r"(?:,\s(?:section|sect\.|part|annex|paragraph)\s[\w.]+,)?(?:\s*,?\s*(?:of|adopted on|adopted|on)\s+(?P<date>\d{1,2}\s[A-Z][a-z]+\s\d{4}|[A-Z][a-z]+\s\d{1,2},\s\d{4}))?"
_ITEM = re.compile(_NUM + _DATE)
_SEP = re.compile(
    r"(?:\s+on\s[^\d,;()]{1,80}?)?"
    r"(?:\s*,\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+|\s*;\s*(?:and\s+)?)(?=\d|ES-|S-)"
)
_AFTER = re.compile(
    r"(?P<title>\s+on\s[^;]{0,200}?)?(?:,?\s+adopted by|\s+of) the (?P<body>Conference of the (?:States )?Parties|Commission on [A-Z][\w ]+?|United Nations Environment Assembly"
    r"|Human Rights Council|Economic and Social Council|World Health Assembly|Security Council)\b"
)
_BY = re.compile(
    r"\b(?:by|of) the (Conference of the (?:States )?Parties|Commission on [A-Z][\w ]+?|United Nations Environment Assembly"
    r"|Human Rights Council|Economic and Social Council|World Health Assembly|Security Council)\b"
    r"[^.;]{0,120}?\bin (?:paragraph \d+ of )?its\s+$"
)
_SC_BARE = re.compile(r"(?<![\w/])(?P<num>\d{3,4}\s\((?:19|20)\d\d\))")
_KEYWORD = re.compile(r"\b(?P<kw>[Rr]esolutions?|[Dd]ecisions?)\s+(?=\d|ES-|S-)")
_TREATY = re.compile(r"(?:Treaty Series|Ibid\.?),?\s+vols?\.\s+(?P<vols>[\d, and]+?),\s+No\.\s+(?P<no>\d+)")


def _url(symbol: Optional[str]) -> Optional[str]:
    if not symbol:
        return None
    return UNDOCS + urllib.parse.quote(re.sub(r"\s+", "", symbol), safe="/().-")


def _lettered(num: str) -> str:
    """``72/266 A`` -> ``72/266 A``; ``217 A (III)`` -> ``217 (III)`` (the undocs form)."""
    num = re.sub(r"\s+", " ", num.replace("–", "-")).strip()
    num = re.sub(r"\s?-\s?", "-", num)
    m = re.fullmatch(r"(\d+) ?(?:[A-H] ?)?\((\w+(?:-\w+)?)\)", num)
    if m:
        return f"{m.group(1)} ({m.group(2)})"
    m = re.fullmatch(r"((?:ES-|S-)?\d+/\d+) ?([A-Z])(?: ?(?:-|and) ?([A-Z]))?", num)
    if m:
        return f"{m.group(1)} {m.group(2)}" + (f"-{m.group(3)}" if m.group(3) else "")
    return num


def _body_pattern(body: Optional[str]) -> str:
    rows, _ = _bodies()
    return rows.get(body or "", (body, "", ""))[1]


def _issuer(before: str, num: str, ctx: dict) -> Optional[str]:
    """Gives the body that issued resolution ``num``, cited after the words ``before``."""
    rows, pat = _bodies()
    m = pat.search(before[-200:])
    name = m.group(1) if m else None
    if re.fullmatch(r"\d+ ?(?:[A-H] ?)?\((?:19|20)\d\d\)", num):
        return "Security Council"
    if re.match(r"\d+/(?:CP|CMA|CMP)\.", num):
        return "Conference of the Parties"
    year_shape = re.fullmatch(r"(?:19|20)\d\d/\d+.*", num) is not None
    if name == "Council":
        if year_shape:
            return "Economic and Social Council"
        me = ctx["self"]
        if me in SELF_NAMES and me.endswith("Council") and me != "Security Council":
            return me
        return ctx.get("last_council") or "Human Rights Council"
    if name:
        return rows[name][0]
    by = _BY.search(before[-300:])
    if by:
        return by.group(1)
    if year_shape:
        return "Economic and Social Council"
    if re.fullmatch(r"\d+ ?(?:[A-H] ?)?\([IVXL]+\)", num) and ctx["self"] == "Economic and Social Council":
        return "Economic and Social Council"
    own = (m and m.group(2) in ("its", "this", "present")) or ctx["in_text"]
    body = ctx["self"] if own else ctx["default"]
    if body == "Security Council" or body not in SELF_NAMES:
        body = "General Assembly"
    return body


def _decision_symbol(body: Optional[str], n: str) -> Optional[str]:
    rows, _ = _bodies()
    pat = rows.get(body or "", ("", "", ""))[2]
    return pat.format(n=n) if pat else None


def _symbol(body: Optional[str], num: str, decision: bool) -> Optional[str]:
    if decision:
        return _decision_symbol(body, num)
    pattern = _body_pattern(body)
    if not pattern:
        return None
    session, _, number = num.partition("/")
    return pattern.format(n=num, s=session, k=number)


def _bare_sc(num: str, before: str, ctx: dict) -> Optional[tuple[str, bool]]:
    """A Security Council number printed without its year ("resolution 2216"): (number, year inferred)."""
    if ctx["self"] != "Security Council" and not re.search(r"Security Council\s+$", before):
        return None
    year = ctx["sc_years"].get(num)
    return (f"{num} ({year})", True) if year else (num, False)


def _resolution_refs(text: str, ctx: dict) -> list[dict]:
    """Gives the cited resolutions and decisions in ``text``, one entry per number of a list."""
    out: list[dict] = []
    for kw in _KEYWORD.finditer(text):
        if out and kw.start() < out[-1]["_end"]:
            continue
        decision = kw.group("kw").lower().startswith("decision")
        before = text[: kw.start()]
        pos, listed, first_body = kw.end(), [], None
        while m := _ITEM.match(text, pos):
            num, inferred = _lettered(m.group("num")), False
            if re.fullmatch(r"\d{3,4}", num):
                bare = _bare_sc(num, before, ctx)
                if bare is None:
                    break
                (num, inferred), body = bare, "Security Council"
            elif first_body is None or "(" in num or "/" not in num or re.search(r"/(?:CP|CMA|CMP)", num):
                body = _issuer(before, num, ctx)
            elif re.fullmatch(r"(?:19|20)\d\d/\d+.*", num):
                body = "Economic and Social Council"
            else:
                body = first_body
            first_body = first_body or body
            if body in SELF_NAMES and body.endswith("Council") and body != "Security Council":
                ctx["last_council"] = body
            start = kw.start() if pos == kw.end() else m.start()
            entry = {
                "symbol": _symbol(body, num, decision) if "(" in num or "/" in num else None,
                "kind": "decision" if decision else "resolution",
                "text": text[start : m.start() + len(m.group("num"))],
                "date": None,
                "body": body,
                "number": num,
                "_start": m.start(),
                "_end": m.end(),
            }
            if inferred:
                entry["year_inferred"] = True
            if pos == kw.end() and not _bodies()[1].search(before[-200:]) and not _BY.search(before[-300:]):
                entry["_bare"] = True
            listed.append(entry)
            if m.group("date"):
                for e in listed:
                    e["date"] = e["date"] or iso_date(m.group("date"))
            sep = _SEP.match(text, m.end())
            if not sep:
                break
            pos = sep.end()
        _body_after(text, listed, decision)
        out.extend(listed)
    taken = [(e["_start"], e["_end"]) for e in out]
    for m in _SC_BARE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken) and int(m.group("num").split()[0]) >= 100:
            num = _lettered(m.group("num"))
            out.append(
                {
                    "symbol": f"S/RES/{num}",
                    "kind": "resolution",
                    "text": m.group("num"),
                    "date": None,
                    "body": "Security Council",
                    "number": num,
                    "_start": m.start(),
                    "_end": m.end(),
                }
            )
    return sorted(out, key=lambda e: e["_start"])


def _body_after(text: str, listed: list[dict], decision: bool) -> None:
    """Re-assigns a list to the body named after it ("resolutions 10/6 and 11/3 of the Conference of the Parties")."""
    if not listed:
        return
    m = _AFTER.match(text, listed[-1]["_end"])
    if not m or any(e["body"] == "Security Council" for e in listed):
        return
    if m.group("title") and not listed[0].get("_bare"):
        return
    body = m.group("body")
    for e in listed:
        e["body"] = body
        e["symbol"] = _symbol(body, e["number"], decision)


def _document_refs(text: str, taken: list[tuple[int, int]]) -> list[dict]:
    """Gives the document symbols printed in ``text`` (A/78/264, S/PRST/2014/16, E/CN.15/2023/13)."""
    kinds, pat = _prefixes()
    out = []
    for m in pat.finditer(text):
        whole = m.group(0).rstrip(".,;:")
        if not re.search(r"\d", whole) or any(a <= m.start() < b for a, b in taken):
            continue
        parts = re.split(r"-(?=[A-Z]+/)", whole)  # a joint symbol (A/55/530-S/2000/1052) is one document
        sym = parts[0]
        sym = re.sub(r"\s?\((.+)\)$", lambda x: " (" + x.group(1) + ")", sym)
        sym = re.sub(r"(\d)\((\d{4})\)$", r"\1 (\2)", sym)
        heads = [p for p in kinds if sym == p or sym.startswith(p + "/")]
        entry = {
            "symbol": sym,
            "kind": kinds[max(heads, key=len)] if heads else "document",
            "text": whole,
            "date": None,
            "_start": m.start(),
            "_end": m.start() + len(whole),
        }
        if len(parts) > 1:
            entry["joint_symbols"] = parts[1:]
        out.append(entry)
    return out


def _treaty_refs(text: str, ctx: dict) -> list[dict]:
    out = []
    for m in _TREATY.finditer(text):
        if m.group(0).startswith("Ibid") and not ctx.get("last_treaty"):
            continue
        vols = re.findall(r"\d+", m.group("vols"))
        out.append(
            {
                "symbol": None,
                "kind": "treaty",
                "text": m.group(0),
                "date": None,
                "treaty_series": {"volumes": vols, "number": m.group("no")},
                "_start": m.start(),
                "_end": m.end(),
            }
        )
    ctx["last_treaty"] = bool(out) or (ctx.get("last_treaty") and text.startswith("Ibid"))
    return out


def references_in(text: str, ctx: dict) -> list[dict]:
    """Gives the citations in one paragraph's text, in reading order (``ctx`` carries document context)."""
    res = _resolution_refs(text, ctx)
    docs = _document_refs(text, [(r["_start"], r["_end"]) for r in res])
    treaties = _treaty_refs(text, ctx) if ctx.get("footnote") else []
    refs = sorted(res + docs + treaties, key=lambda r: r["_start"])
    out = []
    for r in refs:
        r["url"] = _url(r["symbol"])
        out.append({k: v for k, v in r.items() if not k.startswith("_")})
    return out


def acting_body(res) -> Optional[str]:
    """Gives the body that speaks in the text, from the enacting formula ("The Human Rights Council,") or ``body``."""
    formula = (getattr(res, "enacting_formula", None) or "").strip()
    m = re.match(r"(?:The\s+)?(.+?)[,.]?$", formula)
    if m and m.group(1):
        name = m.group(1).strip()
        for body in SELF_NAMES:
            if name.startswith(body):
                return body
        return name
    return getattr(res, "body", None)


def _walk_subs(subs) -> Iterable:
    for s in subs:
        yield s
        yield from _walk_subs(s.subparagraphs)


def text_units(part) -> list[tuple[str, str]]:
    """Gives (paragraph id, text) of every preambular, operative and sub-paragraph, in order."""
    units = [(p.id, p.text) for p in part.preamble]
    for op in part.operative:
        units.append((op.id, op.text))
        units.extend((s.id, s.text) for s in _walk_subs(op.subparagraphs))
    return units


def annex_units(part) -> list[tuple[str, str]]:
    """Gives (id, text) of every annex title, heading and paragraph, in order."""
    units = []
    for annex in part.annexes:
        if annex.title:
            units.append((annex.id, annex.title))
        units.extend((p.id, p.text) for p in annex.paragraphs)
    return units


def _sc_years(texts: Iterable[str]) -> dict[str, str]:
    years: dict[str, str] = {}
    for t in texts:
        for m in re.finditer(r"\b(\d{3,4}) \(((?:19|20)\d\d)\)", t):
            years.setdefault(m.group(1), m.group(2))
    return years


def find_references(res: Resolution) -> list[dict]:
    """Gives one entry per citation in the resolution (and its parts): symbol, kind, paragraph, text, date, url."""
    out: list[dict] = []
    parts = [(None, res)] + list(enumerate(res.parts))  # "part": index into ``parts``, as in annotations
    me = acting_body(res)
    for index, part in parts:
        units = text_units(part)
        ctx = {
            "self": me,
            "default": "General Assembly" if me not in ("Human Rights Council",) else me,
            "sc_years": _sc_years([t for _, t in units] + [f.text for f in part.footnotes]),
            "last_council": None,
            "in_text": True,
        }
        for pid, text in units:
            for r in references_in(text, ctx):
                out.append(_placed(r, pid, None, index))
        for pid, text in annex_units(part):
            for r in references_in(text, ctx):
                out.append(_placed(r, pid, None, index))
        ctx.update(in_text=False, footnote=True, last_treaty=False)
        if me == "Human Rights Council":
            ctx["default"] = "General Assembly"
        for f in part.footnotes:
            for r in references_in(f.text, ctx):
                out.append(_placed(r, f.paragraph, f.marker, index))
    return out


def _placed(ref: dict, paragraph: Optional[str], footnote: Optional[str], part: Optional[int]) -> dict:
    entry = {"symbol": ref["symbol"], "kind": ref["kind"], "paragraph": paragraph}
    if footnote is not None:
        entry["footnote"] = footnote
    if part is not None:
        entry["part"] = part
    entry.update({k: v for k, v in ref.items() if k not in ("symbol", "kind")})
    if not entry.get("date"):
        entry.pop("date", None)
    return entry
