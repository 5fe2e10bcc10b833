"""Preambular paragraphs: the kind of each opening phrase, from ``lexicon/preamble.tsv``."""

from __future__ import annotations

import functools
import re
from typing import Optional

from pipeline.lexicon import read_lexicon


@functools.lru_cache(maxsize=None)
def preamble_lexicon() -> tuple[dict[str, str], re.Pattern]:
    """Gives ({opening phrase: kind}, pattern) from ``lexicon/preamble.tsv``."""
    kinds = {r[0]: r[1] for r in read_lexicon("preamble.tsv")}
    alt = "|".join(re.escape(k) for k in sorted(kinds, key=len, reverse=True))
    return kinds, re.compile(rf"(?:(?:Also|Further|Further also|Once again|Again)\s+)?(?P<lead>{alt})(?![\w-])", re.I)


def preamble_kind(text: str, lead: Optional[str] = None) -> tuple[Optional[str], str]:
    """Gives (opening phrase, kind) of a preambular paragraph; kind "unknown" when the lexicon lacks it."""
    kinds, pat = preamble_lexicon()
    m = pat.match(text)
    if not m:
        return lead, "unknown"
    key = next(k for k in kinds if k.lower() == m.group("lead").lower())
    return lead or m.group(0), kinds[key]
