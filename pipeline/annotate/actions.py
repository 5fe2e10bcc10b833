"""Actions: one per verb of an operative paragraph, with its class of force and addressees.

"Notes ..., and requests the Secretary-General to ..." is two actions, each
with its own addressees; a verb inside quoted words is not an action.
"""

from __future__ import annotations

import re
from typing import Optional

from pipeline.annotate.actors import addressees
from pipeline.annotate.verbs import CHAPTER_VII, SCALE, first_person_lexicon, lead_action, verb_lexicon


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”", text)]


def find_actions(text: str, me: Optional[str] = None, binding: bool = False) -> list[dict]:
    """Gives one action per verb in an operative text: verb, class, force, span and addressees."""
    verbs, _, later = verb_lexicon()
    found = []
    first = lead_action(text)
    if first:
        found.append(first)
    else:
        word = re.match(r"\S+(?:\s\S+)?", text)
        found.append((0, 0, word.group(0) if word else "", "unknown"))
    quotes = _quoted(text)
    for m in sorted(
        [*later.finditer(text, found[0][1]), *first_person_lexicon().finditer(text, found[0][1])],
        key=lambda m: m.start("verb"),
    ):
        if any(a <= m.start() < b for a, b in quotes) or m.start("verb") < found[-1][1]:
            continue
        s = m.start("mods") if m.group("mods") else m.start("verb")
        found.append((s, m.end("verb"), text[s : m.end("verb")], verbs[m.group("verb").lower()]))
    actions = []
    for i, (s, e, printed, cls) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        chapter_vii = binding or bool(CHAPTER_VII.match(text))
        actions.append(
            {
                "verb": printed,
                "class": cls,
                "force": SCALE.get(cls),
                "binding": cls == "decide" and me == "Security Council" and chapter_vii,
                "span": [s, e],
                "clause": [s, end],
                "addressees": addressees(text[e:end], printed.lower(), cls, me, e),
            }
        )
    return actions
