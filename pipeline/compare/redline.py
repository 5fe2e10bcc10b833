"""Word-level changes that read like a lawyer's redline.

Whole words are compared, each with the punctuation printed against it
("Council;" is one word), so a change never cuts a word in two.  Words are
compared by their key (:func:`~pipeline.compare.units.text_key`): a quote or
dash variant or a line break is no change, and the new text's form is the one
shown.  A sub-paragraph starts a new line; its printed label is compared
apart from the words, so relettering ("(b)" become "(c)") shows as a label
change, never as changed words.  Short runs of common words caught between
two changes are taken into the change, and each change is one deletion
followed by one insertion, as a redline prints it.

Rejecting every insertion gives the old text and accepting every one the new
text, word for word (:func:`~pipeline.compare.comparison.old_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Optional

from pipeline.compare.comparison import Change
from pipeline.compare.units import Unit, text_key

ISLAND = 2  # equal runs of at most this many words between two changes join the change
SMALL_WORD = 4  # an island word of at most this many letters counts as common ("the", "and", "its")
PIECE = "\x00piece"  # the key of every label token: relettering is not a change of words
# Words that open a phrase: a change reads best starting with one ("and combating child pornography").
OPENERS = frozenset(
    "and or but nor including inter as with in on for of to by at from through while which that whose where "
    "within without under between among".split()
)


@dataclass
class Token:
    """One printed word with the space before it, or the label opening a sub-paragraph on a new line."""

    sep: str
    word: str
    key: str
    label: bool = False


def tokens_of(pieces: list[tuple[Optional[str], str]]) -> list[Token]:
    """Gives the words of a paragraph's pieces, each sub-paragraph opened by a label token on a new line."""
    out: list[Token] = []
    for n, (label, words) in enumerate(pieces):
        if n:
            out.append(Token("\n", label or "", PIECE, label=True))
        for m in re.finditer(r"\S+", words or ""):
            sep = " " if out and (not out[-1].label or out[-1].word) else ""
            out.append(Token(sep, m.group(0), text_key(m.group(0))))
    return out


def _is_small(tokens: list[Token]) -> bool:
    return all(not t.label and len(re.sub(r"\W", "", t.key)) <= SMALL_WORD for t in tokens)


def _flat(a: list[Token], b: list[Token]) -> list[list]:
    """Gives the alignment token by token: ["=", i, j], ["-", i, None] or ["+", None, j] in reading order."""
    matcher = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    out: list[list] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(["=", i, j] for i, j in zip(range(i1, i2), range(j1, j2)))
            continue
        out.extend(["-", i, None] for i in range(i1, i2))
        out.extend(["+", None, j] for j in range(j1, j2))
    return out


def _runs(flat: list[list]) -> list[tuple[int, int]]:
    """Gives (start, end) of each run of only deletions or only insertions between two equal tokens."""
    spans, k = [], 0
    while k < len(flat):
        end = k
        while end < len(flat) and flat[end][0] == flat[k][0]:
            end += 1
        if flat[k][0] != "=" and (end == len(flat) or flat[end][0] == "=") and (k == 0 or flat[k - 1][0] == "="):
            spans.append((k, end))
        k = end
    return spans


def _shift(flat: list[list], k: int, end: int, a: list[Token], b: list[Token], step: int) -> bool:
    """Slides the run flat[k:end] one token right (step 1) or left (-1) when the words allow; tells whether it did."""
    op = flat[k][0]
    side, seq = (1, a) if op == "-" else (2, b)
    if step > 0:
        if end >= len(flat) or flat[end][0] != "=":
            return False
        first, after = flat[k][side], flat[end][side]
        if seq[first].key != seq[after].key or seq[first].key == PIECE:
            return False
        eq = flat[end]
        eq[side] = first
        for x in flat[k:end]:
            x[side] += 1
        flat[k : end + 1] = [eq, *flat[k:end]]
        return True
    if k == 0 or flat[k - 1][0] != "=":
        return False
    last, before = flat[end - 1][side], flat[k - 1][side]
    if seq[last].key != seq[before].key:
        return False
    eq = flat[k - 1]
    eq[side] = last
    for x in flat[k:end]:
        x[side] -= 1
    flat[k - 1 : end] = [*flat[k:end], eq]
    return True


def _score(flat: list[list], k: int, end: int, a: list[Token], b: list[Token]) -> int:
    """Gives how well a run's place reads: it starts with a word that opens a phrase ("and combating ..."), ends
    at punctuation, and the word after it opens a phrase too."""
    seq, side = (a, 1) if flat[k][0] == "-" else (b, 2)
    first, last = seq[flat[k][side]], seq[flat[end - 1][side]]
    after = seq[flat[end][side]] if end < len(flat) and flat[end][0] == "=" else None
    return (
        (first.key.lower() in OPENERS)
        + bool(re.search(r"[,;:.]$", last.key))
        + (after is None or after.key.lower() in OPENERS or bool(re.match(r"[,;:.]", after.key)))
    )


def _slid(flat: list[list], a: list[Token], b: list[Token]) -> list[list]:
    """Puts each pure deletion or insertion where it reads best among the places the same words allow: starting
    with a word that opens a phrase ("preventing {+and combating child pornography+} and combating"), else as
    far left as it goes; one that holds a sub-paragraph's label starts at a label, so that a whole sub-paragraph
    is added or deleted ("(b) To train judges;")."""
    for k, end in _runs(flat):
        seq, side = (a, 1) if flat[k][0] == "-" else (b, 2)
        while _shift(flat, k, end, a, b, -1):
            k, end = k - 1, end - 1
        has_label = any(seq[x[side]].key == PIECE for x in flat[k:end])
        best, best_score, steps = 0, -1, 0
        while True:
            at_label = seq[flat[k][side]].key == PIECE
            score = (10 if at_label else 0) if has_label else _score(flat, k, end, a, b)
            if score > best_score:
                best, best_score = steps, score
            if not _shift(flat, k, end, a, b, 1):
                break
            k, end, steps = k + 1, end + 1, steps + 1
        for _ in range(steps - best):
            _shift(flat, k, end, a, b, -1)
            k, end = k - 1, end - 1
    return flat


def _opcodes(a: list[Token], b: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """Gives difflib-style opcodes of the token alignment, slid and with short islands of common words absorbed."""
    flat = _slid(_flat(a, b), a, b)
    codes: list[list] = []
    ia = jb = 0
    for op, _, _ in flat:
        tag = {"=": "equal", "-": "delete", "+": "insert"}[op]
        if codes and codes[-1][0] == tag:
            codes[-1][2], codes[-1][4] = codes[-1][2] + (op != "+"), codes[-1][4] + (op != "-")
        else:
            codes.append([tag, ia, ia + (op != "+"), jb, jb + (op != "-")])
        ia, jb = ia + (op != "+"), jb + (op != "-")
    # A short equal island of common words between two changes becomes part of one change.
    for k in range(1, len(codes) - 1):
        tag, i1, i2, j1, j2 = codes[k]
        if tag == "equal" and i2 - i1 <= ISLAND and codes[k - 1][0] != "equal" and codes[k + 1][0] != "equal":
            if _is_small(a[i1:i2]):
                codes[k][0] = "replace"
    merged: list[list] = []
    for c in codes:
        if merged and c[0] != "equal" and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], c[2], merged[-1][3], c[4]]
        else:
            merged.append(c)
    return [(c[0], c[1], c[2], c[3], c[4]) for c in merged]


def _add(out: list[Change], op: str, text: str, label: bool = False) -> None:
    """Appends a run, joined to the run before when it has the same op (labels stand alone)."""
    if not text:
        return
    if out and out[-1].op == op and not out[-1].label and not label:
        out[-1].text += text
    else:
        out.append(Change(op, text, label=label))


def _run(out: list[Change], op: str, tokens: list[Token]) -> None:
    for t in tokens:
        _add(out, op, t.sep)
        _add(out, op, t.word, label=t.label)


def redline(old: list[tuple[Optional[str], str]], new: list[tuple[Optional[str], str]]) -> list[Change]:
    """Gives the changes that turn the old pieces into the new: equal, delete and insert runs, in reading order."""
    a, b = tokens_of(old), tokens_of(new)
    out: list[Change] = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op != "equal":
            _run(out, "delete", a[i1:i2])
            _run(out, "insert", b[j1:j2])
            continue
        for ta, tb in zip(a[i1:i2], b[j1:j2]):
            if ta.sep == tb.sep:
                _add(out, "equal", tb.sep)
            else:  # a space before the first word: it goes with the change next to it
                _add(out, "delete", ta.sep)
                _add(out, "insert", tb.sep)
            if ta.label and ta.word != tb.word:  # relettered: the label changes, its words stay
                _add(out, "delete", ta.word, label=True)
                _add(out, "insert", tb.word, label=True)
            else:
                _add(out, "equal", tb.word, label=tb.label)
    return _spaces_outside(_ordered(out))


def _stretches(out: list[Change]) -> list[tuple[int, int]]:
    """Gives (start, end) of each run of equal words and of each stretch of changes between them, in order."""
    spans, k = [], 0
    while k < len(out):
        end = k + 1
        if out[k].op != "equal":
            while end < len(out) and out[end].op != "equal":
                end += 1
        spans.append((k, end))
        k = end
    return spans


def _ordered(out: list[Change]) -> list[Change]:
    """Puts each stretch of changes between equal words as one deletion, then one insertion (labels apart)."""
    result: list[Change] = []
    for k, end in _stretches(out):
        hunk = out[k:end]
        if hunk[0].op == "equal" or any(c.label for c in hunk):
            result.extend(hunk)
            continue
        for op in ("delete", "insert"):
            text = "".join(c.text for c in hunk if c.op == op)
            if text:
                result.append(Change(op, text))
    return result


def _spaces_outside(out: list[Change]) -> list[Change]:
    """A change whose words all start with a space gives that space to the words before it (a lone deletion or
    insertion takes the space after it instead), as a redline prints it."""
    for k, end in _stretches(out):
        hunk = out[k:end]
        if k == 0 or hunk[0].op == "equal" or not all(c.text.startswith(" ") for c in hunk):
            continue
        if {c.op for c in hunk} == {"delete", "insert"}:
            out[k - 1].text += " "
            for c in hunk:
                c.text = c.text[1:]
        elif len(hunk) == 1 and end < len(out) and out[end].text.startswith(" "):
            # a lone deletion or insertion between two spaced words: "to [-continue to -]submit"
            out[k - 1].text += " "
            hunk[0].text = hunk[0].text[1:] + " "
            out[end].text = out[end].text[1:]
    return [c for c in out if c.text]


def unit_redline(old: list[Unit], new: Unit) -> list[Change]:
    """Gives the changes from one or more old units (a merge: their words one after the other) to a new one."""
    pieces: list[tuple[Optional[str], str]] = []
    for u in old:
        if pieces:
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + " " + u.pieces[0][1])
            pieces.extend(u.pieces[1:])
        else:
            pieces.extend(u.pieces)
    return redline(pieces, new.pieces)


def pieces_text(pieces: list[tuple[Optional[str], str]]) -> str:
    """Gives the text a paragraph's pieces print, as the redline spells it (words one space apart)."""
    return "".join(t.sep + t.word for t in tokens_of(pieces))


def changed_words(changes: list[Change]) -> int:
    """Gives how many words the changes delete or insert (labels aside)."""
    return sum(len(c.text.split()) for c in changes if c.op != "equal" and not c.label)
