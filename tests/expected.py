"""What a pack must contain, read from a resolution dict: every paragraph and footnote text."""

from __future__ import annotations


def subparagraph_texts(subs: list[dict]) -> list[str]:
    """Gives the texts of nested sub-paragraphs, depth first."""
    out = []
    for s in subs:
        out.append(s["text"])
        out.extend(subparagraph_texts(s.get("subparagraphs", [])))
    return out


def texts_of(d: dict) -> tuple[list[str], list[str]]:
    """Gives (paragraph texts in reading order, footnote texts) of a resolution dict, parts included."""
    paragraphs, notes = [], []
    for holder in [d, *d.get("parts", [])]:
        paragraphs += [p["text"] for p in holder.get("preamble", [])]
        for o in holder.get("operative", []):
            paragraphs.append(o["text"])
            paragraphs += subparagraph_texts(o.get("subparagraphs", []))
        notes += [f["text"] for f in holder.get("footnotes", [])]
    return paragraphs, notes


def squash(text: str) -> str:
    """Gives text with whitespace, hyphens and compatibility forms removed: layout cannot matter."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def needle(text: str, length: int = 40) -> str:
    """Gives a distinctive middle slice of a paragraph, for searching laid-out text."""
    squashed = squash(text)
    if len(squashed) <= length:
        return squashed
    start = (len(squashed) - length) // 2
    return squashed[start : start + length]
