"""The words of UN resolutions, shared by every stage: lexicons, dates and number words.

The lexicons are tab-separated files in this folder, one entry a line, ``#``
comments allowed: ``verbs.tsv`` (operative verbs and their class of force),
``preamble.tsv`` (preambular opening phrases), ``actors.tsv`` and
``states.tsv`` (the names of actors), ``actor_heads.tsv`` (head nouns that make a
phrase an actor), ``followup.tsv`` (agenda and follow-up phrases), ``budgets.tsv``
(budget notes), ``bodies.tsv`` (issuing bodies), ``documents.tsv`` (symbol prefixes).  Add an entry to the file; no code
changes.  ``dates`` reads dates as printed, ``numbers`` ordinal and cardinal
number words.
"""

from __future__ import annotations

import functools
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def read_lexicon(name: str) -> tuple[tuple[str, ...], ...]:
    """Gives the rows (tab-separated fields) of ``lexicon/<name>``, without comments and blank lines."""
    rows = []
    for line in (FOLDER / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(f.strip() for f in line.split("\t")))
    return tuple(rows)
