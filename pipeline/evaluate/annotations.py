"""Scores the ``annotations`` of resolution.json files against a hand-made annotation reference set.

A reference folder holds ``truth/<id>.jsonl`` (one line per operative paragraph, in the shape of
``../shared/annotations/GUIDE.md``) and, optionally, ``texts/<id>.json`` (the paragraphs' text).
Each line gives the printed verb, the actors asked, the reports asked for, the future deadlines, a
follow-up agenda item and whether the paragraph is the body's own act.  This module (1) aligns our
operative paragraphs with the reference's ``op`` ids, (2) converts our ``annotations`` (actions,
addressees, reports, mandates, due times, follow-up) into the reference's shape, one row per
paragraph, and (3) counts hits, misses and false positives, pooled over all paragraphs and per
document.  ``resbrief eval PRED REFERENCE`` prints the table (:func:`main`).

Matching rules (each has a test in tests/test_evaluate_annotations.py):

- Paragraphs: a monotonic alignment (dynamic programming) on word overlap of the full text
  (chapeau + sub-paragraphs), with a bonus when the printed numbers agree; a pair needs a
  similarity of at least ``MIN_SIMILARITY``.  A reference without ``texts/`` gives each line's
  printed ``number`` and its first eight words (``start``): those are compared with the start of
  our paragraph, and a line with a ``part`` ("1/CMA.3") is looked for in our part of that number.
  Sub-paragraph ids (``op3.a``) count for ``op3``; annex paragraphs are ignored and unaligned
  paragraphs of ours are scored as extra predictions.
- Actors (addressees, report ``by``): the printed phrase, case-folded, with quotes, dashes and
  spaces unified, trailing punctuation dropped and leading determiners dropped: articles (the, a,
  an), quantifiers (all, each, every, any, both, other, all other, such) and demonstratives or
  possessives (this, these, those, its, their).  Adjectives are kept: "relevant United Nations
  entities" is not "United Nations entities", and no alias is resolved ("the UNODC" is not
  "the United Nations Office on Drugs and Crime").  The adopting body's own entries
  (``self: true``) are not addressees.  One-to-one within a paragraph.
- Reports: our mandates of type ``report`` in the paragraph, one per due session or date ("at
  its seventy-ninth and eightieth sessions" is two reports, as in the reference); a hit when
  ``by`` matches (the printed actor or our normalised name); a reference report with ``by: null``
  matches any of ours.  Among reference reports that name a recipient, ``to`` is right
  when the body keys agree (a committee is keyed by its head, "Committee").  Among reference
  reports that state a session or date, ``when`` is right when the matched report of ours has that
  session and that date.  Both accuracies count unmatched reference reports as wrong (the
  target); the figure among matched reports only is printed as well.
- Deadlines: a hit when sessions agree, or dates agree (an end-of-year date equals its year),
  or, for a reference deadline that has neither, the printed phrases overlap.  The headline
  precision/recall counts only deadlines with a session or a date; undated time frames
  ("within five working days of ...") are counted apart.
- Agenda: our mandates of type ``agenda item`` (an item placed on, or kept on, the agenda of a
  session); a question the body decides to consider with no item printed (type ``consideration``)
  is not one.  A hit when the session agrees; the item title is scored by word overlap.
- Verb: exact printed match (after space/quote normalisation) of the paragraph's first action.
- Own: true for ours when the paragraph has no addressee other than the adopting body; a
  reference paragraph without an aligned paragraph of ours scores wrong on every field.

Lines of ``../shared/annotations`` that the annotator's rules read otherwise (they are scored as
they stand, and count as errors; none is special-cased):

- S_RES_2769 op10 "Reiterates that all States shall take the necessary measures": no addressee
  in the reference, although the same set lists the States of "Reaffirms that all States shall
  prevent" (S_RES_2776 op18) and "reiterates that all Member States must adhere" (S_RES_2768 op4).
  One rule for every verb lists them.
- S_RES_2769 op11 ("the use of the focal point for de-listing for requests from petitioners"),
  A_RES_78_220 op3, op4, op16 and op19 ("calls for its full implementation", "while encouraging
  enhanced ... cooperation"): the reference infers an addressee that the text does not print as
  asked; the annotator lists only printed actors.
- S_RES_2789 op1 "noting that references to midterm and final reports of the Panel of Experts
  should be updated to ...": the reference lists the Panel as asked; the annotator records the two
  reports and their dates, but a note of the Council is no ask of the Panel.
- S_RES_2776 op24 (e) "in its next briefing to the Committee in 2024", in a resolution of March
  2025: the reference keeps 2024 as the report's date; a past year is never a due time here.
- A_RES_78_250 op4 "approved for the Mission for the period from 1 July 2023 to 30 June 2024": the
  reference keeps the period as a deadline (its note says it could be a reference); "approved"
  makes it a past act here.
- A_RES_78_229 op93 "Decides to consider the question ... at its eightieth session" (agenda null)
  and A_RES_78_220 op35 "continue its examination ... under the item entitled ..." (an agenda
  item) are read by one rule: an agenda item needs the item printed; otherwise the paragraph is a
  ``consideration``, which this scorer does not count as an agenda item.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Optional

from pipeline.evaluate.scoring import TYPOGRAPHY
from pipeline.lexicon.numbers import cardinal

MIN_SIMILARITY = 0.35
NUMBER_BONUS = 0.25
TITLE_OK = 0.5
TARGETS = {
    "addressees": (0.95, 0.92),
    "reports": (0.97, 0.95),
    "report_when": 0.95,
    "deadlines": (0.95, 0.92),
    "agenda": (0.98, 0.95),
}
DETERMINERS = (
    "all the",
    "all other",
    "all",
    "the",
    "a",
    "an",
    "each",
    "every",
    "any",
    "both",
    "other",
    "such",
    "this",
    "these",
    "those",
    "its",
    "their",
)
MODIFIERS = (
    "relevant",
    "other relevant",
    "other",
    "concerned",
    "interested",
    "appropriate",
    "competent",
    "respective",
    "thematic",
)
DATED_KINDS = ("deadline", "until", "date", "year", "start", "relative")
_TRANS = {**TYPOGRAPHY, ord("`"): "'"}  # the scorer's quote, dash and space variants, and a backtick for a quote
_DET = re.compile(r"^(?:(?:%s)\s+)+" % "|".join(re.escape(d) for d in DETERMINERS))
_MOD = re.compile(r"^(?:(?:%s)\s+)+" % "|".join(re.escape(d) for d in DETERMINERS + MODIFIERS))
_EVERY_WORDS = {
    "annually": (1, "year"),
    "annual": (1, "year"),
    "yearly": (1, "year"),
    "each year": (1, "year"),
    "biennially": (2, "year"),
    "biennial": (2, "year"),
    "quarterly": (3, "month"),
    "monthly": (1, "month"),
    "month": (1, "month"),
    "year": (1, "year"),
    "week": (1, "week"),
    "day": (1, "day"),
}
_STOP = frozenset("the of and a an in on to for its at by with".split())


# --- normalising -------------------------------------------------------------------------


def clean(text: Optional[str]) -> str:
    """Gives ``text`` with Unicode compatibility forms, quotes, dashes and spaces unified."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text.translate(_TRANS)).translate(_TRANS)
    return re.sub(r"\s+", " ", text).strip()


def words(text: Optional[str]) -> list[str]:
    """Gives the lower-case words and numbers of ``text``."""
    return re.findall(r"[a-z0-9]+", clean(text).casefold())


def actor_key(phrase: Optional[str]) -> str:
    """Gives the matching key of a printed actor: case-folded, leading determiners and end punctuation dropped."""
    key = clean(phrase).casefold().strip(" ,;:.\"'()")
    return _DET.sub("", key).strip()


def loose_actor_match(pred: Optional[str], ref: Optional[str]) -> bool:
    """True when two actors match once leading modifiers ("relevant", "other") go and one may extend the other."""
    a = _MOD.sub("", actor_key(pred)).strip()
    b = _MOD.sub("", actor_key(ref)).strip()
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return long_ == short or long_.startswith(short + " ") or long_.endswith(" " + short)


def body_key(name: Optional[str]) -> str:
    """Gives the matching key of a body reported to ("Security Council Committee established ..." -> "committee")."""
    key = actor_key(name)
    key = re.split(r"\s+(?:established|pursuant|concerning|set up|created)\b", key)[0]
    key = re.sub(r"^(?:security council|council)\s+(?=committee\b)", "", key)
    return {"assembly": "general assembly"}.get(key, key)


def every_key(value) -> Optional[tuple[int, str]]:
    """Gives (n, unit) of a recurrence: "90 days", "three months", "year", "annually", {"n": 3, "unit": "month"}."""
    if not value:
        return None
    if isinstance(value, dict):
        n, unit = value.get("n") or 1, str(value.get("unit") or "").rstrip("s")
        return (int(n), unit) if unit else None
    text = clean(str(value)).casefold()
    text = re.sub(r"^(?:every|each|once every|on an?)\s+", "", text)
    text = re.sub(r"\s+basis$", "", text)
    if text in _EVERY_WORDS:
        return _EVERY_WORDS[text]
    m = re.fullmatch(r"(\d+|[a-z]+)\s+(day|week|month|year)s?", text)
    if m:
        n = 1 if m.group(1) in ("a", "an") else cardinal(m.group(1))
        return (n, m.group(2)) if n else None
    return None


def date_match(a: Optional[str], b: Optional[str]) -> bool:
    """True when two ISO dates (yyyy, yyyy-mm, yyyy-mm-dd) are the same; a year equals its 31 December."""
    if not a or not b:
        return False
    a, b = str(a), str(b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) == 4 and long_ == f"{short}-12-31"


def phrase_overlap(a: Optional[str], b: Optional[str]) -> float:
    """Gives the share of the shorter phrase's words found in the longer (1.0 when one contains the other)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    if " ".join(wa) in " ".join(wb) or " ".join(wb) in " ".join(wa):
        return 1.0
    short, long_ = sorted((wa, wb), key=len)
    return sum(1 for w in short if w in set(long_)) / len(short)


def title_overlap(a: Optional[str], b: Optional[str]) -> float:
    """Gives the Jaccard overlap of the content words of two agenda item titles."""
    wa, wb = set(words(a)) - _STOP, set(words(b)) - _STOP
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def doc_key(symbol: Optional[str]) -> str:
    """Gives a document's key: ``S/RES/2768 (2025)`` -> ``S_RES_2768``; ``A/RES/78/229`` -> ``A_RES_78_229``."""
    s = clean(symbol).upper()
    s = re.sub(r"-(?:EN|FR|ES|RU|AR|ZH)(?:\.PDF)?$", "", s)
    s = re.sub(r"^(S[/_]RES[/_]\d+)[\s_]*\(?\d{4}\)?$", r"\1", s)
    return re.sub(r"[^0-9A-Z.]+", "_", s).strip("_")


# --- paragraphs and alignment -------------------------------------------------------------


def full_text(paragraph: dict) -> str:
    """Gives an operative paragraph's chapeau and all its sub-paragraphs, one per line."""
    parts = [paragraph.get("text") or ""]
    stack = list(paragraph.get("subparagraphs") or [])
    while stack:
        sub = stack.pop(0)
        parts.append(" ".join(x for x in (sub.get("label"), sub.get("text")) if x))
        stack[0:0] = sub.get("subparagraphs") or []
    if paragraph.get("wrap_up"):
        parts.append(paragraph["wrap_up"])
    return "\n".join(p for p in parts if p)


def similarity(a: str, b: str, same_number: bool = False, start_only: bool = False) -> float:
    """Gives the word-set Jaccard similarity of two paragraph texts, plus a bonus when their numbers agree.

    With ``start_only``, ``b`` is a paragraph's first words: the share of them found among the first
    words of ``a`` is given instead.
    """
    if start_only:
        wb = words(b)
        wa = set(words(a)[: len(wb) + 4])
        sim = sum(1 for w in wb if w in wa) / len(wb) if wb else 0.0
    else:
        wa, wb = set(words(a)), set(words(b))
        sim = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    return sim + (NUMBER_BONUS if same_number else 0.0)


def align_paragraphs(ours: list[dict], ref: list[dict], start_only: bool = False) -> dict[str, str]:
    """Gives {our op id: reference op id} from a monotonic best-similarity alignment of the two lists."""
    n, m = len(ours), len(ref)
    texts = [full_text(p) for p in ours]
    sim = [
        [
            similarity(
                texts[i],
                ref[j].get("text") or "",
                bool(ours[i].get("number")) and str(ours[i].get("number")) == str(ref[j].get("number")),
                start_only,
            )
            for j in range(m)
        ]
        for i in range(n)
    ]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= MIN_SIMILARITY else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    out, i, j = {}, 0, 0
    while i < n and j < m:
        if sim[i][j] >= MIN_SIMILARITY and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            out[ours[i].get("id") or f"op{i + 1}"] = ref[j]["op"]
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return out


def part_key(number: Optional[str]) -> str:
    """Gives the matching key of a decision's number: "1/CMA.3" and "Decision 1/CMA.3" give "1/cma.3"."""
    return re.sub(r"^decision\s+", "", clean(number).casefold()).replace(" ", "")


def texts_of(resolution: dict, part: Optional[str]) -> tuple[list[dict], dict]:
    """Gives (operative paragraphs, annotations) of a resolution, or of its part numbered ``part``."""
    ann = resolution.get("annotations") or {}
    if part is None:
        return resolution.get("operative") or [], ann
    parts = resolution.get("parts") or []
    ann_parts = ann.get("parts") or []
    for i, p in enumerate(parts):
        if part_key(p.get("number")) == part_key(part):
            return p.get("operative") or [], (ann_parts[i] if i < len(ann_parts) else {}) or {}
    return [], {}


def head_id(paragraph_id: Optional[str]) -> str:
    """Gives the operative paragraph a (sub-)paragraph id belongs to: ``op3.a.i`` -> ``op3``."""
    return (paragraph_id or "").split(".")[0]


# --- converting our annotations ------------------------------------------------------------


def empty_row(op: str) -> dict:
    """Gives a reference-shaped row with nothing asked."""
    return {
        "op": op,
        "verb": None,
        "addressees": [],
        "report": [],
        "due": [],
        "agenda": None,
        "own": True,
        "operative_verb": None,
    }


def _due_entry(d: dict) -> Optional[dict]:
    """Converts one of our due times to {session, date, text}; recurrences are not deadlines."""
    kind = d.get("kind")
    if kind == "recurrence":
        return None
    session = d.get("session") if kind == "session" else None
    date = d.get("date") or (str(d["year"]) if d.get("year") and session is None else None)
    return {"session": session, "date": date, "text": d.get("text"), "kind": kind}


def _dedupe_due(entries: Iterable[dict]) -> list[dict]:
    """Drops repeated due times (the same session, date and printed phrase)."""
    seen, out = set(), []
    for e in entries:
        key = (e["session"], e["date"], clean(e["text"]).casefold())
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _reports(mandate: dict) -> list[dict]:
    """Converts one report mandate into reports {by, by_name, to, session, date, every}: one per due session or date."""
    due = mandate.get("due") or []
    whens = [(e["session"], e["date"]) for e in filter(None, map(_due_entry, due)) if e["session"] or e["date"]]
    every = mandate.get("every") or next(
        (d.get("every") or d.get("text") for d in due if d.get("kind") == "recurrence"), None
    )
    base = {
        "by": mandate.get("actor_text") or mandate.get("actor"),
        "by_name": mandate.get("actor"),
        "to": mandate.get("to"),
        "every": every,
        "task": mandate.get("task"),
    }
    return [
        {**base, "session": s, "date": d, "sessions": [s] if s else [], "dates": [d] if d else []}
        for s, d in whens or [(None, None)]
    ]


def convert(operative: list[dict], ann: dict, id_map: dict[str, str]) -> tuple[dict[str, dict], dict[str, dict]]:
    """Gives ({reference op: our row}, {unaligned id: our row}) of one text's annotations in the reference shape.

    ``operative`` and ``ann`` are the operative paragraphs and the annotations of the document, or of
    one of its ``parts``.
    """
    rows: dict[str, dict] = {}
    extra: dict[str, dict] = {}

    def row_for(pid: str) -> dict:
        """Gives the row of the reference paragraph ``pid`` belongs to (an extra row when unaligned)."""
        head = head_id(pid)
        if head in id_map:
            return rows.setdefault(id_map[head], empty_row(id_map[head]))
        return extra.setdefault(head, empty_row(head))

    for op in operative or []:
        if op.get("id") in id_map:
            row_for(op["id"])["operative_verb"] = op.get("verb")
    for a in ann.get("actions") or []:
        row = row_for(a.get("paragraph"))
        if row["verb"] is None and head_id(a.get("paragraph")) == a.get("paragraph"):
            row["verb"] = a.get("verb")
        for who in a.get("addressees") or []:
            if who.get("self") or not (who.get("text") or who.get("name")):
                continue
            row["addressees"].append(who.get("text") or who.get("name"))
        row["due"].extend(filter(None, map(_due_entry, a.get("due") or [])))
    for mnd in ann.get("mandates") or []:
        row = row_for(mnd.get("paragraph"))
        row["due"].extend(filter(None, map(_due_entry, mnd.get("due") or [])))
        kind = mnd.get("type")
        if kind == "report":
            row["report"].extend(_reports(mnd))
        elif kind == "agenda item" and row["agenda"] is None:
            row["agenda"] = {"session": mnd.get("session"), "item": mnd.get("item"), "under": mnd.get("under")}
    for row in list(rows.values()) + list(extra.values()):
        row["addressees"] = list(dict.fromkeys(row["addressees"]))
        row["due"] = _dedupe_due(row["due"])
        row["own"] = not row["addressees"]
    return rows, extra


# --- the reference --------------------------------------------------------------------------


def reference_reports(row: dict) -> list[dict]:
    """Gives a reference row's reports as a list (the field may be null, one object or a list)."""
    rep = row.get("report")
    return [] if rep is None else (list(rep) if isinstance(rep, list) else [rep])


def load_reference(folder: Path) -> dict[str, dict]:
    """Gives {document id: {"text": {...}, "truth": {op: row}}} of a reference folder.

    The text is ``texts/<id>.json`` when the folder has it; otherwise each line's ``number``,
    ``part`` and ``start`` stand in for its paragraph (``"start_only": true``).
    """
    out = {}
    for truth_file in sorted((Path(folder) / "truth").glob("*.jsonl")):
        lines = truth_file.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        text_file = Path(folder) / "texts" / f"{truth_file.stem}.json"
        if text_file.exists():
            text = json.loads(text_file.read_text(encoding="utf-8"))
        else:
            ops = [
                {"op": r["op"], "number": r.get("number"), "part": r.get("part"), "text": r.get("start") or ""}
                for r in rows
            ]
            text = {"id": truth_file.stem, "symbol": None, "operative": ops, "start_only": True}
        out[truth_file.stem] = {"text": text, "truth": {r["op"]: r for r in rows}}
    return out


def load_predictions(folder: Path) -> dict[str, tuple[Path, dict]]:
    """Gives {document key: (path, resolution dict)} of every resolution.json under ``folder``."""
    out: dict[str, tuple[Path, dict]] = {}
    for f in sorted(Path(folder).rglob("resolution.json")):
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for key in (doc_key(d.get("symbol")), doc_key(f.parent.name)):
            if key:
                out.setdefault(key, (f, d))
    return out


# --- matching ---------------------------------------------------------------------------------


def pair_up(pred: list, ref: list, score) -> list[tuple[int, int]]:
    """Gives one-to-one (pred index, ref index) pairs, best ``score`` first; a score <= 0 never pairs."""
    cands = sorted(
        ((score(p, r), i, j) for i, p in enumerate(pred) for j, r in enumerate(ref)), key=lambda t: (-t[0], t[1], t[2])
    )
    used_p, used_r, out = set(), set(), []
    for s, i, j in cands:
        if s > 0 and i not in used_p and j not in used_r:
            used_p.add(i)
            used_r.add(j)
            out.append((i, j))
    return sorted(out, key=lambda t: t[1])


def actor_score(pred: str, ref: str) -> float:
    """1 when two printed actors match under :func:`actor_key`, else 0."""
    return 1.0 if actor_key(pred) and actor_key(pred) == actor_key(ref) else 0.0


def loose_actor_score(pred: str, ref: str) -> float:
    """1 when two printed actors match under :func:`loose_actor_match`, else 0 (a sensitivity figure only)."""
    return 1.0 if loose_actor_match(pred, ref) else 0.0


def by_matches(pred: dict, ref: dict) -> bool:
    """True when a predicted report's author matches the reference's (a null reference author matches any)."""
    if ref.get("by") is None:
        return True
    return any(actor_key(x) == actor_key(ref["by"]) for x in (pred.get("by"), pred.get("by_name")) if x)


def when_matches(pred: dict, ref: dict) -> bool:
    """True when a predicted report has the reference's session and date among its due times."""
    if ref.get("session") is not None and ref["session"] not in (pred.get("sessions") or [pred.get("session")]):
        return False
    if ref.get("date") and not any(date_match(d, ref["date"]) for d in pred.get("dates") or [pred.get("date")]):
        return False
    return True


def report_score(pred: dict, ref: dict) -> float:
    """Pairing score of two reports: author first, then session/date, recipient and recurrence."""
    if not by_matches(pred, ref):
        return 0.0
    s = 1.0 + (0.5 if ref.get("by") is not None else 0.0)
    if ref.get("session") is not None or ref.get("date"):
        s += 0.3 if when_matches(pred, ref) else 0.0
    if ref.get("to") and body_key(pred.get("to")) == body_key(ref["to"]):
        s += 0.2
    if ref.get("every") and every_key(pred.get("every")) == every_key(ref["every"]):
        s += 0.1
    return s


def due_score(pred: dict, ref: dict) -> float:
    """Pairing score of two deadlines: same session or date (2), else overlapping printed words (<= 1)."""
    if ref.get("session") is not None and pred.get("session") == ref["session"]:
        return 2.0
    if ref.get("date") and date_match(pred.get("date"), ref["date"]):
        return 2.0
    if ref.get("session") is None and not ref.get("date"):
        ov = phrase_overlap(pred.get("text"), ref.get("text"))
        return ov if ov >= 0.6 else 0.0
    return 0.0


def is_dated(due: dict) -> bool:
    """True when a deadline has a session or a date."""
    return due.get("session") is not None or bool(due.get("date"))


# --- scoring --------------------------------------------------------------------------------------

COUNTERS = (
    "addr_tp",
    "addr_fp",
    "addr_fn",
    "loose_tp",
    "rep_tp",
    "rep_fp",
    "rep_fn",
    "to_hit",
    "to_n",
    "to_matched",
    "when_hit",
    "when_n",
    "when_matched",
    "every_hit",
    "every_n",
    "due_tp",
    "due_fp",
    "due_fn",
    "frame_tp",
    "frame_fp",
    "frame_fn",
    "ag_tp",
    "ag_fp",
    "ag_fn",
    "title_sum",
    "title_ok",
    "verb_hit",
    "opverb_hit",
    "own_hit",
    "paras",
    "aligned",
    "extra_rows",
)


def score_row(pred: dict, ref: dict, doc: str, text: str = "") -> tuple[dict, list[dict]]:
    """Gives (counts, error records) of one paragraph: our row against the reference row."""
    c = dict.fromkeys(COUNTERS, 0)
    errs: list[dict] = []

    def err(field: str, kind: str, expected=None, ours=None, **more) -> None:
        """Records one error of this paragraph."""
        errs.append(
            {
                "doc": doc,
                "op": ref.get("op") or pred.get("op"),
                "field": field,
                "kind": kind,
                "expected": expected,
                "ours": ours,
                "text": text,
                **more,
            }
        )

    pa, ra = pred.get("addressees") or [], ref.get("addressees") or []
    pairs = pair_up(pa, ra, actor_score)
    c["addr_tp"] = len(pairs)
    c["loose_tp"] = len(pair_up(pa, ra, loose_actor_score))
    for i in sorted(set(range(len(pa))) - {i for i, _ in pairs}):
        c["addr_fp"] += 1
        err("addressees", "fp", ours=pa[i], ref_all=ra, ours_all=pa)
    for j in sorted(set(range(len(ra))) - {j for _, j in pairs}):
        c["addr_fn"] += 1
        err("addressees", "fn", expected=ra[j], ref_all=ra, ours_all=pa)

    pr, rr = pred.get("report") or [], reference_reports(ref)
    pairs = pair_up(pr, rr, report_score)
    c["rep_tp"] = len(pairs)
    matched = {j: pr[i] for i, j in pairs}
    for i in sorted(set(range(len(pr))) - {i for i, _ in pairs}):
        c["rep_fp"] += 1
        err("report", "fp", ours=_show_report(pr[i]), ref_all=rr)
    for j, r in enumerate(rr):
        p = matched.get(j)
        if p is None:
            c["rep_fn"] += 1
            err("report", "fn", expected=r, ours_all=[_show_report(x) for x in pr])
        if r.get("to"):
            c["to_n"] += 1
            c["to_matched"] += p is not None
            if p is not None and body_key(p.get("to")) == body_key(r["to"]):
                c["to_hit"] += 1
            elif p is not None:
                err("report.to", "wrong", expected=r["to"], ours=p.get("to"))
        if r.get("session") is not None or r.get("date"):
            c["when_n"] += 1
            c["when_matched"] += p is not None
            if p is not None and when_matches(p, r):
                c["when_hit"] += 1
            elif p is not None:
                err(
                    "report.when",
                    "wrong",
                    expected={"session": r.get("session"), "date": r.get("date")},
                    ours={"sessions": p.get("sessions"), "dates": p.get("dates")},
                )
        if r.get("every"):
            c["every_n"] += 1
            if p is not None and every_key(p.get("every")) == every_key(r["every"]):
                c["every_hit"] += 1
            elif p is not None:
                err("report.every", "wrong", expected=r["every"], ours=p.get("every"))

    pd, rd = pred.get("due") or [], ref.get("due") or []
    pairs = pair_up(pd, rd, due_score)
    for _i, j in pairs:
        if is_dated(rd[j]):
            c["due_tp"] += 1
        else:
            c["frame_tp"] += 1
    for i in sorted(set(range(len(pd))) - {i for i, _ in pairs}):
        c["due_fp" if is_dated(pd[i]) else "frame_fp"] += 1
        err("due" if is_dated(pd[i]) else "frame", "fp", ours=_show_due(pd[i]), ref_all=rd)
    for j in sorted(set(range(len(rd))) - {j for _, j in pairs}):
        c["due_fn" if is_dated(rd[j]) else "frame_fn"] += 1
        err("due" if is_dated(rd[j]) else "frame", "fn", expected=rd[j], ours_all=[_show_due(x) for x in pd])

    pg, rg = pred.get("agenda"), ref.get("agenda")
    if pg and rg and pg.get("session") == rg.get("session"):
        c["ag_tp"] += 1
        ov = max(title_overlap(pg.get("item"), rg.get("item")), title_overlap(pg.get("under"), rg.get("item")))
        c["title_sum"] += ov
        c["title_ok"] += ov >= TITLE_OK
        if ov < TITLE_OK:
            err("agenda.item", "wrong", expected=rg.get("item"), ours=pg.get("item"))
    else:
        if pg:
            c["ag_fp"] += 1
            err("agenda", "fp", expected=rg, ours=pg)
        if rg:
            c["ag_fn"] += 1
            err("agenda", "fn", expected=rg, ours=pg)

    if "verb" in ref:
        c["verb_hit"] = int(clean(pred.get("verb")) == clean(ref.get("verb")))
        c["opverb_hit"] = int(clean(pred.get("operative_verb")) == clean(ref.get("verb")))
        if not c["verb_hit"]:
            err("verb", "wrong", expected=ref.get("verb"), ours=pred.get("verb"))
    if "own" in ref:
        c["own_hit"] = int(bool(pred.get("own")) == bool(ref.get("own")))
        if not c["own_hit"]:
            err("own", "wrong", expected=ref.get("own"), ours=pred.get("own"))
    return c, errs


def _show_report(r: dict) -> dict:
    """Gives the fields of a predicted report worth showing in an error record."""
    return {k: r.get(k) for k in ("by", "by_name", "to", "sessions", "dates", "every", "task")}


def _show_due(d: dict) -> dict:
    """Gives the fields of a predicted deadline worth showing in an error record."""
    return {k: d.get(k) for k in ("session", "date", "text", "kind")}


def add(total: dict, counts: dict) -> dict:
    """Adds ``counts`` into ``total`` and gives ``total``."""
    for k, v in counts.items():
        total[k] = total.get(k, 0) + v
    return total


def score_document(resolution: Optional[dict], reference: dict, doc: str) -> tuple[dict, list[dict]]:
    """Gives (counts, error records) of one document; a missing prediction scores as all misses."""
    ref_ops = reference["text"]["operative"]
    start_only = bool(reference["text"].get("start_only"))
    texts = {p["op"]: p.get("text") or "" for p in ref_ops}
    total = dict.fromkeys(COUNTERS, 0)
    errs: list[dict] = []
    for part in dict.fromkeys(p.get("part") for p in ref_ops):
        group = [p for p in ref_ops if p.get("part") == part]
        ours, ann = texts_of(resolution, part) if resolution else ([], {})
        id_map = align_paragraphs(ours, group, start_only)
        rows, extra = convert(ours, ann, id_map)
        aligned = set(id_map.values())
        for p in group:
            ref = reference["truth"].get(p["op"])
            if ref is None:
                continue
            total["paras"] += 1
            total["aligned"] += p["op"] in aligned
            if p["op"] not in aligned:
                errs.append(
                    {"doc": doc, "op": p["op"], "field": "paragraph", "kind": "unaligned", "text": texts[p["op"]]}
                )
            c, e = score_row(rows.get(p["op"], empty_row(p["op"])), ref, doc, texts[p["op"]])
            if p["op"] not in aligned:
                c["own_hit"] = 0  # a paragraph we lack is not "our own act"
            add(total, c)
            errs.extend(e)
        for pid, row in extra.items():
            if pid.startswith("annex") or not (row["addressees"] or row["report"] or row["due"] or row["agenda"]):
                continue
            total["extra_rows"] += 1
            blank = {"op": pid, "addressees": [], "report": None, "due": [], "agenda": None}
            c, e = score_row(row, blank, doc, "(our paragraph without a reference match)")
            add(total, c)
            errs.extend(e)
    return total, errs


def ratio(hit: float, n: float) -> Optional[float]:
    """Gives hit / n, or None when n is 0."""
    return hit / n if n else None


def metrics(c: dict) -> dict:
    """Gives precision, recall and accuracies (fractions or None) from pooled counts."""

    def pr(tp: str, fp: str, fn: str) -> tuple[Optional[float], Optional[float]]:
        """Gives (precision, recall) of three counters."""
        return ratio(c[tp], c[tp] + c[fp]), ratio(c[tp], c[tp] + c[fn])

    m = {}
    m["addressees"] = pr("addr_tp", "addr_fp", "addr_fn")
    n_pred, n_ref = c["addr_tp"] + c["addr_fp"], c["addr_tp"] + c["addr_fn"]
    m["addressees_loose"] = (ratio(c["loose_tp"], n_pred), ratio(c["loose_tp"], n_ref))
    m["reports"] = pr("rep_tp", "rep_fp", "rep_fn")
    m["report_to"] = ratio(c["to_hit"], c["to_n"])
    m["report_to_matched"] = ratio(c["to_hit"], c["to_matched"])
    m["report_when"] = ratio(c["when_hit"], c["when_n"])
    m["report_when_matched"] = ratio(c["when_hit"], c["when_matched"])
    m["report_every"] = ratio(c["every_hit"], c["every_n"])
    m["deadlines"] = pr("due_tp", "due_fp", "due_fn")
    m["time_frames"] = pr("frame_tp", "frame_fp", "frame_fn")
    m["agenda"] = pr("ag_tp", "ag_fp", "ag_fn")
    m["agenda_title"] = ratio(c["title_sum"], c["ag_tp"])
    m["verb"] = ratio(c["verb_hit"], c["paras"])
    m["operative_verb"] = ratio(c["opverb_hit"], c["paras"])
    m["own"] = ratio(c["own_hit"], c["paras"])
    m["aligned"] = ratio(c["aligned"], c["paras"])
    return m


def evaluate(pred_dir: Path, ref_dir: Path) -> dict:
    """Gives {"documents": [...], "pooled": {...}, "errors": [...]} of a prediction folder against the reference."""
    reference = load_reference(Path(ref_dir))
    preds = load_predictions(Path(pred_dir))
    docs, errors, pooled = [], [], dict.fromkeys(COUNTERS, 0)
    for doc, ref in reference.items():
        found = preds.get(doc_key(ref["text"].get("symbol"))) or preds.get(doc_key(doc))
        counts, errs = score_document(found[1] if found else None, ref, doc)
        docs.append(
            {
                "document": doc,
                "prediction": str(found[0]) if found else None,
                "counts": counts,
                "metrics": metrics(counts),
            }
        )
        errors.extend(errs)
        add(pooled, counts)
    return {
        "documents": docs,
        "pooled": {"counts": pooled, "metrics": metrics(pooled)},
        "targets": TARGETS,
        "errors": errors,
    }


# --- output ----------------------------------------------------------------------------------------

COLUMNS = (
    ("ops", None),
    ("addr P", ("addressees", 0)),
    ("addr R", ("addressees", 1)),
    ("rep P", ("reports", 0)),
    ("rep R", ("reports", 1)),
    ("rep to", ("report_to", None)),
    ("rep when", ("report_when", None)),
    ("due P", ("deadlines", 0)),
    ("due R", ("deadlines", 1)),
    ("agd P", ("agenda", 0)),
    ("agd R", ("agenda", 1)),
    ("agd title", ("agenda_title", None)),
    ("verb", ("verb", None)),
    ("own", ("own", None)),
)


def _pct(v: Optional[float]) -> str:
    """Gives a fraction as a whole percentage, "-" for None."""
    return "-" if v is None else f"{100 * v:.1f}"


def _cells(m: dict, c: dict) -> list[str]:
    """Gives one table row's cells from metrics ``m`` and counts ``c``."""
    out = []
    for _, spec in COLUMNS:
        if spec is None:
            out.append(f"{c['aligned']}/{c['paras']}")
        else:
            v = m[spec[0]]
            out.append(_pct(v[spec[1]] if spec[1] is not None else v))
    return out


def format_table(report: dict) -> str:
    """Gives the plain-text table: one row per document, the pooled row, the targets and the raw counts."""
    head = ["document"] + [name for name, _ in COLUMNS]
    body = [
        [d["document"] + ("" if d["prediction"] else " (missing)")] + _cells(d["metrics"], d["counts"])
        for d in report["documents"]
    ]
    pooled = ["POOLED"] + _cells(report["pooled"]["metrics"], report["pooled"]["counts"])
    t = report["targets"]
    target = [
        "TARGET",
        "",
        f"{100 * t['addressees'][0]:.0f}",
        f"{100 * t['addressees'][1]:.0f}",
        f"{100 * t['reports'][0]:.0f}",
        f"{100 * t['reports'][1]:.0f}",
        "",
        f"{100 * t['report_when']:.0f}",
        f"{100 * t['deadlines'][0]:.0f}",
        f"{100 * t['deadlines'][1]:.0f}",
        f"{100 * t['agenda'][0]:.0f}",
        f"{100 * t['agenda'][1]:.0f}",
        "",
        "",
        "",
    ]
    rows = [head] + body + [pooled, target]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]

    def line(r: list[str]) -> str:
        """Gives one padded table line."""
        return "  ".join(x.ljust(w) if i == 0 else x.rjust(w) for i, (x, w) in enumerate(zip(r, widths)))

    rule = "-" * len(line(head))
    c, m = report["pooled"]["counts"], report["pooled"]["metrics"]
    counts = (
        f"counts: addressees tp {c['addr_tp']} fp {c['addr_fp']} fn {c['addr_fn']}; reports tp {c['rep_tp']} "
        f"fp {c['rep_fp']} fn {c['rep_fn']}; to {c['to_hit']}/{c['to_n']}; when {c['when_hit']}/{c['when_n']}; "
        f"every {c['every_hit']}/{c['every_n']}; deadlines tp {c['due_tp']} fp {c['due_fp']} fn {c['due_fn']}; "
        f"undated time frames tp {c['frame_tp']} fp {c['frame_fp']} fn {c['frame_fn']}; agenda tp {c['ag_tp']} "
        f"fp {c['ag_fp']} fn {c['ag_fn']}; verb {c['verb_hit']}/{c['paras']} (operative.verb "
        f"{c['opverb_hit']}/{c['paras']}); own {c['own_hit']}/{c['paras']}; unmatched paragraphs of ours "
        f"with asks {c['extra_rows']}"
    )
    frames, loose = m["time_frames"], m["addressees_loose"]
    extra = (
        f"addressees, loose phrase boundaries (sensitivity only): P {_pct(loose[0])} R {_pct(loose[1])}; "
        f"report to among matched reports {_pct(m['report_to_matched'])} ({c['to_hit']}/{c['to_matched']}); "
        f"report when among matched reports {_pct(m['report_when_matched'])} ({c['when_hit']}/{c['when_matched']}); "
        f"report every {_pct(m['report_every'])}; undated time frames P {_pct(frames[0])} R {_pct(frames[1])}"
    )
    return "\n".join(
        [line(head), rule] + [line(r) for r in body] + [rule, line(pooled), line(target), "", counts, extra]
    )


def is_reference(folder: Path) -> bool:
    """True when ``folder`` is an annotation reference set (it holds ``truth/*.jsonl``)."""
    return Path(folder).is_dir() and any((Path(folder) / "truth").glob("*.jsonl"))


def main(pred: Path, reference: Path, json_out: Optional[Path] = None) -> int:
    """Scores the annotations under ``pred`` against ``reference``; prints the table and returns 0."""
    report = evaluate(pred, reference)
    print(f"Annotations against {reference}: {len(report['documents'])} documents")
    print(format_table(report))
    if json_out:
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0
