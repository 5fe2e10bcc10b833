"""Paragraphs of two versions aligned by their words, never by their numbers.

The rule, kind by kind (preamble with preamble, operative with operative,
annex with annex, footnote with footnote):

1. paragraphs whose words are the same (:func:`~pipeline.compare.units.text_key`)
   are unchanged, paired in printed order when a text is repeated;
2. of the rest, the most similar pairs, best first, are modified when at least
   half their word sequences agree (:func:`similarity`); on equal similarity the
   pair nearer in place goes first;
3. the rest are added (new text only) or removed (old text only).

Footnotes left over are paired, as modified, when the paragraphs that call
them are paired ("A/78/535." become "A/79/305." in the note of the same
paragraph).  Then: a pair out of the order the others keep (not on the
longest run of pairs in the same order) is *moved*; an added paragraph next to a modified one
that holds words of the same old paragraph is *split* from it; a removed
paragraph whose words went into the modified paragraph next to it is *merged*
into it.
"""

from __future__ import annotations

import bisect
from collections import defaultdict, deque
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Optional

from pipeline.compare.units import Unit

THRESHOLD = 0.5  # share of agreeing words that makes two paragraphs versions of one
JOIN_GAIN = 0.1  # how much closer a split or merge must bring the texts to be reported as one


def similarity(a: list, b: list) -> float:
    """Gives how much two word sequences agree: 2 x matched words / all words (difflib's ratio), 1.0 for two empties."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Pair:
    """An aligned paragraph: old and new units (one may be None), status, similarity, and how it moved."""

    status: str
    old: Optional[Unit]
    new: Optional[Unit]
    similarity: Optional[float] = None
    moved: bool = False
    split_from: Optional[Unit] = None
    merged_into: Optional[Unit] = None
    merged: list[Unit] = field(default_factory=list)  # the old units a merged new one is compared with


class _Words:
    """Word sequences as small integers, so that similarities are cheap to compute."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def of(self, unit: Unit) -> list[int]:
        return [self.ids.setdefault(w, len(self.ids)) for w in unit.words]


def _similar_pairs(old: list[Unit], new: list[Unit], free_old: list[int], free_new: list[int], words) -> list:
    """Gives (similarity, -closeness, new index, old index) of every free pair at or above the threshold."""
    out = []
    n_old, n_new = max(len(old), 1), max(len(new), 1)
    bags_old = {i: _bag(words[0][i]) for i in free_old}
    for j in free_new:
        b = words[1][j]
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(b)
        bag_b = _bag(b)
        for i in free_old:
            a = words[0][i]
            total = len(a) + len(b)
            if total == 0:
                continue
            if 2 * min(len(a), len(b)) < THRESHOLD * total:
                continue
            if 2 * _overlap(bags_old[i], bag_b) < THRESHOLD * total:
                continue
            matcher.set_seq1(a)
            r = matcher.ratio()
            if r >= THRESHOLD:
                out.append((r, -abs(i / n_old - j / n_new), j, i))
    out.sort(key=lambda t: (-t[0], -t[1], t[2], t[3]))
    return out


def _bag(seq: list[int]) -> dict[int, int]:
    bag: dict[int, int] = defaultdict(int)
    for w in seq:
        bag[w] += 1
    return bag


def _overlap(a: dict[int, int], b: dict[int, int]) -> int:
    if len(a) > len(b):
        a, b = b, a
    return sum(min(n, b.get(w, 0)) for w, n in a.items())


def _align_kind(old: list[Unit], new: list[Unit]) -> tuple[dict[int, tuple[int, str, float]], set[int]]:
    """Gives {new index: (old index, status, similarity)} and the old indices taken, for units of one kind."""
    pairs: dict[int, tuple[int, str, float]] = {}
    same: dict[str, deque] = defaultdict(deque)
    for i, u in enumerate(old):
        same[u.key].append(i)
    taken: set[int] = set()
    for j, u in enumerate(new):
        if same[u.key]:
            i = same[u.key].popleft()
            pairs[j] = (i, "unchanged", 1.0)
            taken.add(i)
    table = _Words()
    words = ([table.of(u) for u in old], [table.of(u) for u in new])
    free_old = [i for i in range(len(old)) if i not in taken]
    free_new = [j for j in range(len(new)) if j not in pairs]
    for r, _, j, i in _similar_pairs(old, new, free_old, free_new, words):
        if j in pairs or i in taken:
            continue
        pairs[j] = (i, "modified", r)
        taken.add(i)
    return pairs, taken


def _moved(pairs: dict[int, tuple[int, str, float]]) -> set[int]:
    """Gives the new indices of the pairs that are off the longest run of pairs kept in the same order."""
    order = sorted(pairs)
    tails: list[int] = []  # old index ending the best run of each length
    tail_at: list[int] = []  # position in ``order`` of that pair
    back = [-1] * len(order)
    for k, j in enumerate(order):
        i = pairs[j][0]
        n = bisect.bisect_left(tails, i)
        if n == len(tails):
            tails.append(i)
            tail_at.append(k)
        else:
            tails[n] = i
            tail_at[n] = k
        back[k] = tail_at[n - 1] if n else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(order[k])
        k = back[k]
    return {j for j in order if j not in keep}


def _joined(a: Unit, b: Unit) -> list[str]:
    return a.words + b.words


def align(old: list[Unit], new: list[Unit]) -> list[Pair]:
    """Gives every unit of both texts in a pair, in the new text's order, removed ones where they stood."""
    result: list[Pair] = []
    kinds = list(dict.fromkeys([u.kind for u in new] + [u.kind for u in old]))
    kinds.sort(key=lambda k: k == "footnote")  # footnotes last: they follow the paragraphs that call them
    counterpart: dict[str, str] = {}  # old unit id -> new unit id
    for kind in kinds:
        o = [u for u in old if u.kind == kind]
        n = [u for u in new if u.kind == kind]
        pairs, taken = _align_kind(o, n)
        if kind == "footnote":
            _notes_by_call(o, n, pairs, taken, counterpart)
        counterpart.update({o[i].id: n[j].id for j, (i, _, _) in pairs.items()})
        moved = _moved(pairs)
        by_new: dict[int, Pair] = {}
        for j, u in enumerate(n):
            if j in pairs:
                i, status, r = pairs[j]
                by_new[j] = Pair(status, o[i], u, round(r, 4), moved=j in moved)
            else:
                by_new[j] = Pair("added", None, u)
        removed = {i: Pair("removed", u, None) for i, u in enumerate(o) if i not in taken}
        _splits(n, by_new)
        _merges(o, pairs, by_new, removed)
        result.extend(_in_reading_order(o, n, pairs, by_new, removed))
    return result


def _notes_by_call(old: list[Unit], new: list[Unit], pairs, taken: set[int], counterpart: dict[str, str]) -> None:
    """Pairs, as modified, the footnotes left over that are called from paragraphs paired with each other, in order."""
    for j, note in enumerate(new):
        if j in pairs or not note.anchor:
            continue
        for i, before in enumerate(old):
            if i not in taken and before.anchor and counterpart.get(before.anchor) == note.anchor:
                pairs[j] = (i, "modified", similarity(before.words, note.words))
                taken.add(i)
                break


def _splits(new: list[Unit], by_new: dict[int, Pair]) -> None:
    """Marks an added paragraph whose words come from the old paragraph of the modified one next to it."""
    for j, p in by_new.items():
        if p.status != "added":
            continue
        for k in (j - 1, j + 1):
            q = by_new.get(k)
            if q is None or q.status != "modified":
                continue
            first, second = (q.new, p.new) if k < j else (p.new, q.new)
            if similarity(q.old.words, _joined(first, second)) >= (q.similarity or 0) + JOIN_GAIN:
                p.split_from = q.old
                break


def _merges(old: list[Unit], pairs, by_new: dict[int, Pair], removed: dict[int, Pair]) -> None:
    """Marks a removed paragraph whose words went into the new paragraph of the modified one next to it."""
    new_of = {i: j for j, (i, status, _) in pairs.items() if status == "modified"}
    for i, p in sorted(removed.items()):
        for k in (i - 1, i + 1):
            if k not in new_of:
                continue
            q = by_new[new_of[k]]
            parts = q.merged or [q.old]
            combined = sorted([*parts, p.old], key=lambda u: next(n for n, x in enumerate(old) if x is u))
            words = [w for u in combined for w in u.words]
            if similarity(words, q.new.words) >= (q.similarity or 0) + JOIN_GAIN:
                p.merged_into = q.new
                q.merged = combined
                q.similarity = round(similarity(words, q.new.words), 4)
                break


def _in_reading_order(old, new, pairs, by_new, removed) -> list[Pair]:
    """Gives the new text's pairs in order, each removed paragraph after the new place of the old one before it."""
    place = {i: j for j, (i, _, _) in pairs.items()}
    keyed = [((j, 0, 0), by_new[j]) for j in range(len(new))]
    for i, p in removed.items():
        before = [place[k] for k in range(i - 1, -1, -1) if k in place][:1]
        keyed.append(((before[0] if before else -1, 1, i), p))
    return [p for _, p in sorted(keyed, key=lambda kv: kv[0])]
