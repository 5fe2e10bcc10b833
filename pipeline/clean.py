"""Stage 2: body paragraphs and footnotes from pages of characters.

Page furniture (running headers, page numbers, job numbers, barcodes,
"Please recycle") is recognised by position and pattern, kept as metadata
and dropped from the text.  The footnote block under the short rule at each
page foot is separated from the body; lines, paragraphs and footnotes that
run across lines and pages are joined again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pipeline.model import Block, Char, Cleaned, Extracted, Furniture, Line, Note, Page, Span
from pipeline.ocr import ocr_note

JOB_NUMBER = re.compile(r"^(?:GE\.)?(\d{2}-\d{5})\*?\s*(\([A-Z]\))?(\s+\d{6})?(\s+\d{6})?\s*$")
PAGE_NUMBER = re.compile(r"^(\d{1,4}\s*/\s*\d{1,4}|-?\s*\d{1,4}\s*-?|page \d+(?: of \d+)?)$", re.I)
BARCODE_TEXT = re.compile(r"^\*\d{6,}\*$")
RECYCLE = re.compile(r"please\s+recycle", re.I)
MARKER_CHARS = re.compile(r"^[0-9*†‡§]+$")  # superscript letters are ordinals ("8th"), not notes
UNDERSCORES = re.compile(r"^_{5,}$")
LABEL_ONLY = re.compile(r"^(?:\d{1,3}\.|\((?:[a-z]{1,4}|[A-Z]|\d{1,2})\)|[a-z]\)|[IVXL]{1,6}\.|[A-Z]\.)$")
NUMBERED = re.compile(r"^(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivx]{1,5})\))(?:\s+[A-Z]|$)")  # "39. We", "(a) Draw", "5."

LIGATURES = {
    "ﬀ": "ff",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "ﬅ": "st",
    "ﬆ": "st",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u2010": "-",
    "\u2011": "-",
    "\uf0b7": "•",
}
_LIGATURE_RE = re.compile("|".join(map(re.escape, LIGATURES)))


def plain(spans: list[Span]) -> str:
    """Gives the text of spans without footnote markers, whitespace collapsed."""
    return re.sub(r"\s+", " ", "".join(s.text for s in spans if not s.marker)).strip()


def normalise_text(text: str) -> str:
    """Gives text in NFC with ligatures, odd spaces, soft and non-breaking hyphens made plain."""
    return _LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], unicodedata.normalize("NFC", text))


# --- characters to lines -----------------------------------------------------


@dataclass
class _Band:
    top: float
    bottom: float
    chars: list[Char] = field(default_factory=list)


def _bands(chars: list[Char]) -> list[_Band]:
    """Groups characters into printed lines by vertical overlap (superscripts join their line)."""
    bands: list[_Band] = []
    for c in sorted(chars, key=lambda c: (c.top, c.x0)):
        mid = (c.top + c.bottom) / 2
        home = None
        for band in reversed(bands[-6:]):
            if band.top - 0.5 <= mid <= band.bottom + 0.5:
                home = band
                break
        if home is None:
            bands.append(_Band(c.top, c.bottom, [c]))
        else:
            home.chars.append(c)
            if not c.text.isspace():
                home.top, home.bottom = min(home.top, c.top), max(home.bottom, c.bottom)
    return bands


def _dominant(chars: list[Char]) -> Char:
    sizes = Counter(round(c.size, 1) for c in chars if not c.text.isspace())
    size = sizes.most_common(1)[0][0]
    return next(c for c in chars if round(c.size, 1) == size and not c.text.isspace())


def _is_marker(c: Char, ref: Char) -> bool:
    return c.size <= ref.size * 0.8 and c.bottom < ref.bottom - ref.size * 0.15 and bool(MARKER_CHARS.match(c.text))


def _split_runs(chars: list[Char]) -> list[list[Char]]:
    """Splits a line's characters where a wide gap separates columns (cover block, running header)."""
    runs: list[list[Char]] = [[]]
    last = None
    for c in chars:
        if c.text.isspace():
            if runs[-1]:
                runs[-1].append(c)
            continue
        if last is not None:
            gap = c.x0 - last.x1
            jump = max(c.size, last.size) / max(min(c.size, last.size), 0.1) > 1.6
            if gap > max(24.0, 2.5 * last.size) or (jump and gap > 1.5 * min(c.size, last.size)):
                runs.append([])
        runs[-1].append(c)
        last = c
    return [r for r in runs if any(not c.text.isspace() for c in r)]


def _spans(chars: list[Char], ref: Char) -> list[Span]:
    """Gives the styled spans of one printed line, with spaces where the gaps are."""
    spans: list[Span] = []
    prev = None
    pending = False  # a space character was printed since the last glyph
    for c in chars:
        if c.text.isspace():
            pending = True
            continue
        marker = _is_marker(c, ref)
        if prev is not None and spans and not spans[-1].text.endswith(" "):
            gap, size = c.x0 - prev.x1, min(prev.size, c.size)
            # a printed space counts unless it has next to no width ("3– 14" in A/RES/79/1)
            if (pending and gap > 0.1 * size) or (gap > 0.22 * size and not (marker or spans[-1].marker)):
                _append(spans, " ", prev.italic, prev.bold, False)
        _append(spans, c.text, c.italic, c.bold, marker)
        prev, pending = c, False
    while spans and spans[-1].text.endswith(" "):
        spans[-1].text = spans[-1].text.rstrip()
        if not spans[-1].text:
            spans.pop()
    for s in spans:
        s.text = normalise_text(s.text)
    return [s for s in spans if s.text]


def _append(spans: list[Span], text: str, italic: bool, bold: bool, marker: bool) -> None:
    if text == " " and spans and not spans[-1].marker:
        spans[-1].text += " "  # a space takes the style of the word before it
        return
    if spans and spans[-1].italic == italic and spans[-1].bold == bold and spans[-1].marker == marker:
        spans[-1].text += text
    else:
        spans.append(Span(text, italic, bold, marker))


def page_lines(page: Page) -> list[Line]:
    """Gives a page's printed lines, top to bottom, with styled spans and footnote markers."""
    lines = []
    for band in _bands(page.chars):
        runs = _split_runs(sorted(band.chars, key=lambda c: c.x0))
        for run in runs:
            ink = [c for c in run if not c.text.isspace()]
            ref = _dominant(ink)
            spans = _spans(run, ref)
            if spans:
                lines.append(
                    Line(
                        page=page.number,
                        top=round(ref.top, 2),
                        x0=round(ink[0].x0, 2),
                        x1=round(max(c.x1 for c in ink), 2),
                        size=round(ref.size, 1),
                        spans=spans,
                        font=ref.font,
                        cells=len(runs),
                    )
                )
    return lines


# --- furniture -----------------------------------------------------------------


def body_size(pages: list[Page]) -> float:
    """Gives the commonest font size of the document: the size of its body text."""
    sizes = Counter(
        round(c.size, 1) for p in pages for c in p.chars if not c.text.isspace() and not c.bold
    )  # titles and sponsor lists are bold
    return sizes.most_common(1)[0][0] if sizes else 10.0


def furniture_kind(line: Line, page: Page, size: float, repeated: frozenset = frozenset()) -> str | None:
    """Gives what piece of page furniture a line is (job number, page number, ...), or None."""
    text = line.text.strip()
    in_head = line.top < page.height * 0.1
    in_foot = line.top > page.height * 0.88
    if RECYCLE.search(text):
        return "recycle"
    if BARCODE_TEXT.match(text.replace(" ", "")) or "barcode" in line.font.lower():
        return "barcode"
    if (in_foot or in_head) and JOB_NUMBER.match(text):
        return "job_number"
    if (in_foot or in_head) and PAGE_NUMBER.match(text) and _page_count_ok(text):
        return "page_number"
    if in_head and page.number > 1 and (line.size < size * 0.95 or _shape(text) in repeated):
        return "running_header"
    return None


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def repeated_heads(pages: list[Page], lines: list[list[Line]]) -> frozenset:
    """Gives the shapes (digits as #) of lines heading many pages: body-size running headers ("Page 10")."""
    counts: Counter = Counter()
    for page, page_lines_ in zip(pages, lines):
        counts.update({_shape(l.text) for l in page_lines_ if l.top < page.height * 0.1 and l.text.strip()})
    least = max(3, 0.3 * len(pages))
    # a bare number ("2025/8" heading a decision) is left to the page-number rule
    return frozenset(shape for shape, n in counts.items() if n >= least and re.search(r"[^\W\d_]", shape))


# --- footnote block ----------------------------------------------------------


def _page_count_ok(text: str) -> bool:
    """Tells "3/28" (page 3 of 28) from "2025/11" (a decision number) by n <= N."""
    m = re.match(r"^(\d+)\s*/\s*(\d+)$", text)
    return not m or int(m.group(1)) <= int(m.group(2))


def footnote_top(lines: list[Line], page: Page, size: float) -> float | None:
    """Gives the top of the rule that opens the page's footnote block, or None."""
    for line in lines:
        if UNDERSCORES.match(line.text.strip()) and line.top > page.height * 0.3:
            return line.top
    for rule in page.rules:
        short = rule.x1 - rule.x0 < page.width * 0.4 and rule.x0 < page.width * 0.3
        if short and rule.top > page.height * 0.3:
            below = [l for l in lines if l.top > rule.top]
            if below and all(l.size < size * 0.95 for l in below) and _starts_note(below[0], below[0].x0 + 3):
                return rule.top
    return None


def _starts_note(line: Line, hang: float) -> bool:
    first = line.spans[0]
    if first.marker:
        return True
    if re.match(r"^\*{1,3}\s", line.text):
        return True  # "* Reissued for technical reasons ..."
    return bool(re.match(r"^(\d{1,3}|[a-z])\s", line.text)) and line.x0 < hang - 2


def notes_of(lines: list[Line], notes: list[Note]) -> None:
    """Adds the footnotes printed in these footnote-block lines to ``notes``, joining continuations."""
    if not lines:
        return
    hang = Counter(round(l.x0) for l in lines).most_common(1)[0][0]
    styles: list[list] = [[] for _ in notes]  # per note: each character's style (see ``italic_offsets``)
    for line in lines:
        if _starts_note(line, hang):
            if line.spans[0].marker:
                marker, (text, style) = line.spans[0].text.strip(), _styled(line.spans[1:], True)
            else:
                text, style = _styled(line.spans, False)
                marker = text.split(None, 1)[0]
                text, style = _stripped(text[len(marker) :], style[len(marker) :])
            notes.append(Note(marker=marker, text=text, page=line.page))
            styles.append(style)
        elif notes:
            text, style = _styled(line.spans, False)
            notes[-1].text, styles[-1] = _joined(notes[-1].text, styles[-1], text, style)
        else:
            text, style = _styled(line.spans, False)
            notes.append(Note(marker="", text=text, page=line.page))
            styles.append(style)
    for note, style in zip(notes, styles):
        if style:
            note.italic = italic_offsets(style, note.text)


def _styled(spans: list[Span], with_markers: bool) -> tuple[str, list]:
    """Gives the stripped text of a note line's spans and each character's style (markers kept if asked)."""
    kept = [s for s in spans if with_markers or not s.marker]
    text = "".join(s.text for s in kept)
    style = [None if ch.isspace() else (s.italic and not s.marker) for s in kept for ch in s.text]
    return _stripped(text, style)


def _stripped(text: str, style: list) -> tuple[str, list]:
    """Gives a text and its per-character styles without the whitespace at either end."""
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return text[start:end], style[start:end]


def _joined(left: str, lstyle: list, right: str, rstyle: list) -> tuple[str, list]:
    """Gives two note lines joined as ``join_text`` joins them, with their characters' styles."""
    text = join_text(left, right)
    if not left or not right:
        return text, lstyle or rstyle
    if len(text) == len(left) + len(right) - 1:
        return text, lstyle[:-1] + rstyle  # the line-end hyphen went
    return text, lstyle + [None] * (len(text) - len(left) - len(right)) + rstyle


def italic_offsets(style: list, text: str) -> list[list[int]]:
    """Gives the [start, end] offsets of the italic runs of a text whose characters carry True (italic), False
    (roman) or None (a space, which takes the style of its neighbours).

    Two runs that only spaces part are one; spaces and a closing ",", ";" or ":" at a run's edges are left out."""
    if len(style) != len(text):
        return []
    out: list[list[int]] = []
    start = None
    for i, flag in enumerate(list(style) + [False]):
        if flag and start is None:
            start = i
        elif flag is False and start is not None:
            end = i
            while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
                end -= 1
            if start < end:
                out.append([start, end])
            start = None
    return out


# --- paragraphs --------------------------------------------------------------

HYPHENATED = re.compile(r"[A-Za-zА-Яа-яЁё]-$|\d[–-]$")  # "follow-" + "up"; "3–" + "14 June"; "чле-" + "ны"


SUSPENDED = re.compile(r"^(and|or|nor|to)\b")


def line_joint(left: str, right: str, vocabulary: frozenset[str] | set[str] = frozenset()) -> str:
    """Gives how two printed lines meet: " " (a space), "" (straight on after a real hyphen or a dash
    between numbers) or "-" (the line-end hyphen goes: "recom-" + "mendation")."""
    if HYPHENATED.search(left) and not SUSPENDED.match(right):
        return "" if _keep_hyphen(left, right, vocabulary) else "-"
    return " "


def join_text(left: str, right: str) -> str:
    """Gives two line texts joined as the printed lines meet (see ``line_joint``)."""
    if not left or not right:
        return left or right
    joint = line_joint(left, right)
    return left[:-1] + right if joint == "-" else left + joint + right


def _keep_hyphen(left: str, right: str, vocabulary: set[str]) -> bool:
    """Tells whether a line-end hyphen is a real one ("Secretary-" + "General")."""
    if not left.endswith("-"):
        return True  # a dash between numbers
    head = re.search(r"([A-Za-zА-Яа-яЁё]+)-$", left)
    tail = re.match(r"([A-Za-zА-Яа-яЁё]+)", right)
    if not head or not tail:
        return True
    if tail.group(1)[0].isupper():
        return True
    joined = (head.group(1) + tail.group(1)).lower()
    hyphened = (head.group(1) + "-" + tail.group(1)).lower()
    if re.match(r"[А-Яа-яЁё]", tail.group(1)):  # Russian print breaks words at a line end: "чле-" + "ны"
        return hyphened in vocabulary and joined not in vocabulary
    return not (joined in vocabulary and hyphened not in vocabulary)


def _vocabulary(lines: list[Line]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        words.update(w.lower() for w in re.findall(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*", line.text[:-1]))
    return words


@dataclass
class _Layout:
    margin: float
    pitch: float
    column: tuple[float, float]


def _layout(lines: list[Line], size: float) -> _Layout:
    body = [l for l in lines if abs(l.size - size) < 0.6]
    if not body:
        body = lines
    gaps = Counter(
        round(b.top - a.top)
        for a, b in zip(body, body[1:])
        if a.page == b.page and size * 0.95 <= b.top - a.top <= size * 1.4
    )
    pitch = gaps.most_common(1)[0][0] if gaps else size * 1.2
    # the left margin is where a paragraph's second and later lines start
    following = Counter(
        round(b.x0) for a, b in zip(body, body[1:]) if a.page == b.page and 0 < b.top - a.top <= pitch * 1.2
    )
    margin = (following or Counter(round(l.x0) for l in body)).most_common(1)[0][0]
    right = Counter(round(l.x1) for l in body).most_common(1)[0][0]
    return _Layout(margin=margin, pitch=pitch, column=(margin, max(right, margin + 100)))


def _all_bold(line: Line) -> bool:
    return all(s.bold for s in line.spans if s.text.strip() and not s.marker)


def _starts_block(group: list[Line], line: Line, layout: _Layout) -> bool:
    prev = group[-1]
    same_line = line.page == prev.page and abs(line.top - prev.top) < 2 and line.x0 > prev.x1
    if line.cells >= 3 or prev.cells >= 3:  # a table row is a block of its own, its cells in order
        return not same_line
    if same_line and LABEL_ONLY.match(prev.text.strip()):
        return False  # "8." and its text, set apart by a tab (the number a point smaller)
    if abs(prev.size - line.size) > 1.0 or _all_bold(prev) != _all_bold(line):
        return True
    ended = prev.text.rstrip().endswith((".", ":", ";"))
    if ended and NUMBERED.match(line.text):
        return True  # flush-left paragraphs: "38. ... data." | "39. We commit" (79/1's annexes)
    if line.page != prev.page:
        if line.text[:1].islower():
            return False  # no paragraph opens in lower case
        if ended and prev.x1 < layout.column[1] - 40:
            return True  # the page ended a paragraph
        if len(group) > 1 and abs(line.x0 - prev.x0) < 2:
            return False  # same hanging indent as the line before the page break
        return line.x0 > layout.margin + 4
    gap = line.top - prev.top
    if gap > max(layout.pitch * 1.3, line.size * 1.5) or gap < 0:
        return True
    indented = line.x0 > layout.margin + 4 and prev.x0 <= layout.margin + 4
    return indented and prev.x1 < layout.column[1] - 40


def _is_centred(block_lines: list[Line], layout: _Layout) -> bool:
    left, right = layout.column
    centre = (left + right) / 2
    first = block_lines[0]
    return (
        all(abs((l.x0 + l.x1) / 2 - centre) < 12 and l.x0 > left + 20 for l in block_lines)
        and first.x1 - first.x0 < (right - left) * 0.85
    )


def blocks_of(lines: list[Line], size: float) -> list[Block]:
    """Gives the paragraphs of the body lines, joined across lines and pages."""
    if not lines:
        return []
    layout = _layout(lines, size)
    vocabulary = _vocabulary(lines)
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or _starts_block(groups[-1], line, layout):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [_block(group, layout, vocabulary) for group in groups]


def _block(group: list[Line], layout: _Layout, vocabulary: set[str]) -> Block:
    spans: list[Span] = []
    starts: list[int] = []
    text = ""  # the text of spans so far, markers left out
    for line in group:
        if spans:
            joint = " " if spans[-1].marker else line_joint(text, line.text.lstrip(), vocabulary)
            if joint == "-":
                spans[-1].text = spans[-1].text[:-1]
                text = text[:-1]
            elif joint == " " and not spans[-1].text.endswith(" "):
                _glue_space(spans)
                text += " "
        starts.append(len(text))
        for s in line.spans:
            _append(spans, s.text, s.italic, s.bold, s.marker)
        text += line.text
    return Block(
        page=group[0].page,
        x0=group[0].x0,
        size=group[0].size,
        spans=spans,
        centred=_is_centred(group, layout),
        x1=group[-1].x1,
        line_starts=starts,
    )


def _glue_space(spans: list[Span]) -> None:
    if spans[-1].marker:
        spans.append(Span(" ", spans[-1].italic, spans[-1].bold, False))
    else:
        spans[-1].text += " "


# --- the stage ---------------------------------------------------------------


def clean(doc: Extracted) -> Cleaned:
    """Gives the body paragraphs, footnotes and page furniture of an extracted document."""
    size = body_size(doc.pages)
    furniture = Furniture()
    body: list[Line] = []
    notes: list[Note] = []
    all_lines = [page_lines(page) for page in doc.pages]
    repeated = repeated_heads(doc.pages, all_lines)
    for page, lines in zip(doc.pages, all_lines):
        kept = []
        for line in lines:
            kind = furniture_kind(line, page, size, repeated)
            if kind is None:
                kept.append(line)
                continue
            furniture.removed_lines += 1
            text = line.text.strip()
            if kind == "job_number" and furniture.job_number is None:
                furniture.job_number = text
            elif kind == "barcode" and furniture.barcode is None:
                furniture.barcode = text
            elif kind == "running_header" and text not in furniture.running_headers:
                furniture.running_headers.append(text)
            elif kind == "page_number":
                furniture.page_numbers.append(text)
        rule = footnote_top(kept, page, size)
        if rule is None:
            body.extend(kept)
        else:
            body.extend(l for l in kept if l.top < rule - 1)
            notes_of([l for l in kept if l.top > rule + 1 and not UNDERSCORES.match(l.text.strip())], notes)
    warnings = [ocr_note(doc.source.ocr)] if doc.source.ocr else []
    if not any(p.chars for p in doc.pages):
        warnings.append("no text layer")
    return Cleaned(
        source=doc.source, blocks=blocks_of(body, size), footnotes=notes, furniture=furniture, warnings=warnings
    )
