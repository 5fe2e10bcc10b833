"""Scanned pages read by Tesseract: its words, boxes and confidences become the extract stage's characters.

A page without a text layer (``--ocr auto``; every page with ``--ocr always``)
is rendered at 300 dpi and read by the ``tesseract`` command (hOCR output:
lines with their baseline and size, words with their boxes and confidence).
Each word becomes characters laid out across its box, so the clean stage sees
lines, indents, sizes and gaps as it does in a text layer.  What a scan does
not tell, the page is read for the way the UN prints it:

* italics: the opening words of a paragraph (a preambular opening such as
  "Recalling also", an operative verb such as "Also requests" after "3.") are
  set in italics when they are those of the lexicons (``preamble.tsv``,
  ``verbs.tsv``);
* bold: a word whose strokes are much thicker than the page's usual ones;
* footnote calls: a small figure raised above the baseline, read again alone
  with digits only, becomes a superscript marker;
* rules: a long flat box (the short rule above the footnotes) becomes a rule.

Without Tesseract nothing is read and a scan keeps its "no text layer"
message.  The languages come from the installed data packs of the six UN
languages, chosen by the script and the commonest short words of page 1.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.config import Config
from pipeline.errors import ConversionError
from pipeline.lexicon import read_lexicon
from pipeline.model import Char, Extracted, Page, Rule

DPI = 300
PT = 72 / DPI  # points per pixel
LEADING = 1.2  # UN body text is set with its lines 1.2 times the type size apart (10 on 12 points)
LANGUAGES = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara", "zh": "chi_sim"}
SCRIPTS = {"Cyrillic": "ru", "Arabic": "ar", "Han": "zh", "HanS": "zh", "HanT": "zh"}
STOPWORDS = {
    "en": {"the", "of", "and", "to", "in"},
    "fr": {"le", "la", "les", "des", "et", "du"},
    "es": {"de", "la", "el", "los", "las", "y", "en"},
}
TIMEOUT = 120  # seconds for Tesseract to read one page
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass
class _Word:
    text: str
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in pixels
    conf: float
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    glued: bool = False  # printed against the word before it, no space between


@dataclass
class _Line:
    box: tuple[int, int, int, int]
    baseline: tuple[float, float]  # slope, offset from the box's bottom-left corner
    row: float  # x_size: the row height in pixels
    words: list[_Word] = field(default_factory=list)
    height: float = 0.0  # the middle height of its words' boxes: the measure of its type size

    def baseline_at(self, x: float) -> float:
        """Gives the baseline's height (pixels, top-down) at ``x``."""
        slope, offset = self.baseline
        return self.box[3] + offset + slope * (x - self.box[0])


# --- Tesseract -------------------------------------------------------------------------------


def tesseract() -> Optional[str]:
    """Gives the path of the ``tesseract`` command, or None when it is not installed."""
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=None)
def tesseract_version(command: str) -> str:
    """Gives Tesseract's version as it prints it ("5.3.0")."""
    out = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=30)
    m = re.search(r"tesseract\s+v?([\d.]+)", out.stdout + out.stderr, re.I)
    return m.group(1) if m else "unknown"


@functools.lru_cache(maxsize=None)
def installed_languages(command: str) -> frozenset[str]:
    """Gives the data packs Tesseract has ("eng", "rus", ...)."""
    out = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30)
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def _run(command: str, image: Path, args: list[str]) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one page at a time; --jobs gives the parallelism
    try:
        out = subprocess.run(
            [command, str(image), "stdout", *args], capture_output=True, timeout=TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise ConversionError(f"{image.name}: Tesseract took over {TIMEOUT} s on one page", "timeout") from None
    return out.stdout.decode("utf-8", "replace")


def _script(command: str, image: Path) -> Optional[str]:
    """Gives the script Tesseract's orientation and script detection sees on a page ("Latin", "Cyrillic")."""
    if "osd" not in installed_languages(command):
        return None
    m = re.search(r"Script:\s*(\w+)", _run(command, image, ["--psm", "0", "-l", "osd"]))
    return m.group(1) if m else None


# --- reading one page ------------------------------------------------------------------------


def _title(el: ET.Element) -> dict[str, list[str]]:
    out = {}
    for part in (el.get("title") or "").split(";"):
        bits = part.split()
        if bits:
            out[bits[0]] = bits[1:]
    return out


def _lines(hocr: str) -> list[_Line]:
    """Gives the lines of an hOCR page with their words."""
    try:
        root = ET.fromstring(hocr)
    except ET.ParseError:
        return []
    lines: list[_Line] = []
    for par in root.iter(f"{_NS}p"):
        own = _par_lines(par)
        for line in own:
            heights = sorted(w.box[3] - w.box[1] for w in line.words)
            line.height = heights[len(heights) // 2]
        rows = sorted(line.row for line in own)
        heights = sorted(line.height for line in own)
        for line in own:  # Tesseract's row height wavers from line to line; a paragraph is set in one size
            line.row, line.height = rows[len(rows) // 2], heights[len(heights) // 2]
        lines.extend(own)
    return lines


def _par_lines(par: ET.Element) -> list[_Line]:
    """Gives the lines of one hOCR paragraph with their words."""
    lines = []
    for el in par.iter(f"{_NS}span"):
        if el.get("class") not in ("ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"):
            continue
        t = _title(el)
        box = tuple(int(v) for v in t.get("bbox", ["0"] * 4))
        base = [float(v) for v in t.get("baseline", ["0", "0"])]
        line = _Line(box=box, baseline=(base[0], base[1]), row=float(t.get("x_size", [box[3] - box[1]])[0]))
        for w in el.iter(f"{_NS}span"):
            if w.get("class") != "ocrx_word":
                continue
            text = "".join(w.itertext()).strip()
            wt = _title(w)
            if text:
                wbox = tuple(int(v) for v in wt["bbox"])
                line.words.append(_Word(text=text, box=wbox, conf=float(wt.get("x_wconf", ["0"])[0])))
        if line.words:
            lines.append(line)
    return lines


def _ink(image, box) -> float:
    """Gives the share of dark pixels in a box of a grey page image."""
    from PIL import ImageStat

    crop = image.crop(box).point(lambda v: 255 if v < 128 else 0)
    return ImageStat.Stat(crop).mean[0] / 255


def _stroke(image, box) -> float:
    """Gives how much of a word's ink survives thinning: thick (bold) strokes keep more of it."""
    from PIL import ImageFilter, ImageStat

    crop = image.crop(box).point(lambda v: 255 if v < 128 else 0)
    ink = ImageStat.Stat(crop).mean[0]
    if ink == 0:
        return 0.0
    thin = crop.filter(ImageFilter.MinFilter(5))
    return ImageStat.Stat(thin).mean[0] / ink


def _mark_bold(image, lines: list[_Line]) -> None:
    """Marks the words whose strokes are much thicker than the page's usual ones."""
    words = [w for line in lines for w in line.words if len(w.text) >= 3 and w.box[2] - w.box[0] > 8]
    if len(words) < 5:
        return
    strokes = {id(w): _stroke(image, w.box) for w in words}
    usual = sorted(strokes.values())[len(strokes) // 2]
    for line in lines:
        line_words = [w for w in line.words if id(w) in strokes]
        if not line_words:
            continue
        # a line is set in one weight more often than not: judge it whole, and single words within it
        mean = sum(strokes[id(w)] for w in line_words) / len(line_words)
        for w in line.words:
            s = strokes.get(id(w), mean)
            w.bold = s > usual * 1.6 + 0.05 and (mean > usual * 1.45 + 0.04 or s > usual * 2.2 + 0.1)


def _sharpness(image, box, shear: float) -> float:
    """Gives how sharply a word's ink stands in columns after shearing it (0: upright as printed)."""
    from PIL import Image, ImageStat

    crop = image.crop(box).point(lambda v: 255 - v)
    w, h = crop.size
    if shear:
        crop = crop.transform(
            (w + int(abs(shear) * h) + 2, h), Image.AFFINE, (1, shear, 0, 0, 1, 0), resample=Image.BILINEAR
        )
    profile = crop.resize((crop.width, 1), Image.BOX)
    return ImageStat.Stat(profile).var[0]


SLANT = -0.22  # the shear that sets italic type (about 12 degrees) upright


def _mark_italic(image, lines: list[_Line]) -> None:
    """Marks the words set in italics: their strokes stand sharper once sheared upright than as printed.

    A word of one or two letters is too short to tell; it takes the style of the words around it."""
    for line in lines:
        for w in line.words:
            if sum(ch.isalnum() for ch in w.text) >= 3 and w.box[3] - w.box[1] > 4:
                upright = _sharpness(image, w.box, 0)
                w.italic = upright > 0 and _sharpness(image, w.box, SLANT) > 1.1 * upright
        words = line.words
        for k, w in enumerate(words):
            if sum(ch.isalnum() for ch in w.text) < 3:
                before = words[k - 1].italic if k else None
                after = words[k + 1].italic if k + 1 < len(words) else None
                w.italic = bool(before if after is None else after if before is None else before and after)


def _raised(line: _Line, box) -> bool:
    """Tells whether a box sits above the line's baseline as a superscript does: small and lifted."""
    base = line.baseline_at((box[0] + box[2]) / 2)
    lift = base - box[3]
    height = box[3] - box[1]
    return lift > 0.25 * line.row and height < 0.7 * line.row


def _digits(command: str, image, box, workdir: Path) -> str:
    """Reads a small raised figure again, alone, enlarged three times in a white margin, with only digits allowed."""
    from PIL import Image, ImageOps

    pad = 3
    crop = image.crop((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))
    crop = ImageOps.expand(crop.resize((crop.width * 3, crop.height * 3), Image.LANCZOS), border=30, fill=255)
    path = workdir / "call.png"
    crop.save(path)
    text = _run(command, path, ["--psm", "7", "-c", "tessedit_char_whitelist=0123456789*", "--dpi", str(DPI)])
    return re.sub(r"\s+", "", text)


def _raised_run(image, line: _Line, word: _Word, from_right: bool, skip: bool) -> Optional[tuple[int, int, int, int]]:
    """Gives the box of raised ink at one end of a word (a footnote call printed against it), or None.

    Columns are read from the word's end inwards while their ink stays clear of the baseline, past a
    punctuation mark at that end first when ``skip``; the run must be as tall as a small figure (a closing
    quote or an apostrophe is shorter)."""
    x0, top, x1, bottom = word.box
    limit = line.baseline_at((x0 + x1) / 2) - 0.2 * line.row - top  # ink of a superscript ends above this
    grey = image.crop((x0, top, x1, bottom)).point(lambda v: 255 if v < 128 else 0)
    width, height = grey.size
    px = grey.load()
    reach = int(line.row * (2.4 if skip else 1.6))
    columns = range(width - 1, max(width - reach, 0) - 1, -1) if from_right else range(0, min(reach, width))
    inked: list[tuple[int, int, int]] = []  # column, highest and lowest ink row
    skipping, punctuation, blank, apart = skip, False, False, False
    for x in columns:
        rows = [y for y in range(height) if px[x, y]]
        if skipping:  # past the comma or full stop printed after the call
            if not rows:
                skipping = not punctuation
                continue
            if max(rows) >= limit:
                punctuation = True
                continue
            skipping = False
        if not rows:
            blank = bool(inked)
            continue
        if max(rows) >= limit:
            apart = blank  # a call is a glyph of its own: white between it and the word
            break
        if blank:  # a second raised glyph after a gap: "12", or the end of the search
            blank = False
        inked.append((x, min(rows), max(rows)))
    if not inked or not apart:
        return None
    high, low = min(r[1] for r in inked), max(r[2] for r in inked)
    if low - high + 1 < 0.33 * line.row or low - high + 1 > 0.75 * line.row:
        return None
    a, b = sorted((inked[0][0], inked[-1][0]))
    return (x0 + a, top + high, x0 + b + 1, top + low + 1)


_LOOKALIKE = "’'\"”“‘°®©™*¹²³⁴⁵⁶⁷⁸⁹⁰0123456789?^`>»"  # what Tesseract makes of a small raised figure
_PUNCT = re.compile(r"[,.;:]+$")


def _split_call(command: str, image, line: _Line, w: _Word, workdir: Path, at_start: bool) -> list[_Word]:
    """Gives a word as printed with its footnote call apart: the word, the raised figure, the punctuation."""
    punct = _PUNCT.search(w.text) if not at_start else None
    box = _raised_run(image, line, w, from_right=not at_start, skip=bool(punct))
    if box is None:
        return [w]
    digits = _digits(command, image, box, workdir)
    if not digits:
        return [w]
    call = _Word(text=digits, box=box, conf=w.conf, superscript=True)
    if at_start:
        rest = w.text.lstrip(_LOOKALIKE)
        if not rest:
            return [call]
        return [call, _Word(rest, (box[2] + 1, w.box[1], w.box[2], w.box[3]), w.conf, w.bold, w.italic, glued=True)]
    core = w.text[: punct.start()] if punct else w.text
    head = core.rstrip(_LOOKALIKE) if not core[-1:].isalpha() else core
    out = []
    if head:
        out.append(_Word(head, (w.box[0], w.box[1], max(box[0] - 1, w.box[0] + 1), w.box[3]), w.conf, w.bold, w.italic))
    out.append(call)
    if punct:
        out.append(
            _Word(punct.group(), (box[2] + 1, w.box[1], max(w.box[2], box[2] + 2), w.box[3]), w.conf, glued=True)
        )
    return out


def _mark_calls(command: str, image, lines: list[_Line], workdir: Path) -> None:
    """Finds the footnote calls of a page: small figures raised above the baseline, alone or against a word."""
    for line in lines:
        out: list[_Word] = []
        for k, w in enumerate(line.words):
            if _raised(line, w.box) and len(w.text) <= 3:
                digits = _digits(command, image, w.box, workdir)
                if digits:
                    w.text, w.superscript = digits, True
                out.append(w)
                continue
            if k == 0 and w.text[:1] in _LOOKALIKE:
                out.extend(_split_call(command, image, line, w, workdir, at_start=True))
            elif not w.text[-1:].isalpha():
                out.extend(_split_call(command, image, line, w, workdir, at_start=False))
            else:
                out.append(w)
        line.words = out


@functools.lru_cache(maxsize=None)
def _openings() -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """Gives the modifiers, preambular openings and operative verbs of the lexicons, as word tuples."""
    verbs = read_lexicon("verbs.tsv")
    modifiers = tuple(r[0].lower() for r in verbs if len(r) > 1 and r[1] == "modifier")
    ops = tuple(tuple(r[0].lower().split()) for r in verbs if len(r) > 1 and r[1] != "modifier")
    pre = tuple(tuple(r[0].lower().split()) for r in read_lexicon("preamble.tsv"))
    return modifiers, pre, ops


def _bare(word: str) -> str:
    return re.sub(r"[,;:]+$", "", word).lower()


def _opening_length(words: list[str]) -> int:
    """Gives how many of a paragraph's first words are its opening words as the lexicons know them (0: none)."""
    modifiers, pre, ops = _openings()
    bare = [_bare(w) for w in words[:10]]
    best = 0
    for start in range(0, 3):  # modifiers first: "Also requests", "Further decides"
        if start and not all(b in modifiers for b in bare[:start]):
            break
        for phrase in pre + ops:
            n = len(phrase)
            if tuple(bare[start : start + n]) == phrase and (start == 0 or phrase in ops):
                end = start + n
                while end < len(bare) and bare[end] in modifiers:  # "Recalling also", "Noting further"
                    end += 1
                best = max(best, end)
    return best


_LABEL = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\)|[a-z]\))$")


def _mark_openings(lines: list[_Line]) -> None:
    """Sets in italics the opening words of a paragraph (after its number) that the lexicons know, where the scan
    did not show them slanted."""
    for line in lines:
        words = line.words
        first = 1 if words and _LABEL.match(words[0].text) else 0
        texts = [w.text for w in words[first:]]
        if not texts or not texts[0][:1].isupper():
            continue
        if words[first].italic:
            continue  # the scan shows its italics: they say where the opening words end
        n = _opening_length(texts)
        for w in words[first : first + n]:
            w.italic = True


def _snap_rows(lines: list[_Line]) -> None:
    """Gives the lines of the body's type size one height: the measure wavers with the letters of the words."""
    if not lines:
        return
    rows = sorted(line.row for line in lines)
    row = rows[len(rows) // 2]
    body = sorted(line.height for line in lines if abs(line.row - row) < 0.1 * row)
    usual = body[len(body) // 2]
    for line in lines:  # Tesseract's row height tells sizes apart; the words' height measures the body's
        if abs(line.row - row) < 0.1 * row and abs(line.height - usual) < 0.3 * usual:
            line.height = usual


def _size_per_row(lines: list[_Line]) -> float:
    """Gives the type size (points) of a pixel of word height on this page, from the body's line spacing: word
    heights tell sizes apart, the baselines' spacing tells the body's size."""
    heights = sorted(line.height for line in lines)
    if not heights:
        return PT
    usual = heights[len(heights) // 2]
    body = [line for line in lines if line.height == usual]
    row = sorted(line.row for line in body)[len(body) // 2]
    bases = sorted(line.baseline_at(line.box[0]) for line in body)
    pitches = sorted(b - a for a, b in zip(bases, bases[1:]) if 0.9 * row < b - a < 1.8 * row)
    if len(pitches) < 3:
        return PT * 1.4
    return pitches[len(pitches) // 2] / LEADING / usual * PT


def _chars(lines: list[_Line], shift: int = 0, scale: float = PT * 1.4) -> list[Char]:
    """Gives the characters of a page's words, spread across each word's box, a space between words; ``shift``
    moves a column left onto the first column's margin, ``scale`` gives the type size of a pixel of word height."""
    chars: list[Char] = []
    for line in lines:
        size = round(line.height * scale * 2) / 2
        space = 0.3 * size / PT  # the least room a space between words takes, in pixels
        ends = [w.box[2] for w in line.words]
        for k in range(len(line.words) - 1):  # word boxes of slanted or tight type overlap: keep a space apart
            after = line.words[k + 1]
            if not (after.superscript or after.glued) and ends[k] > after.box[0] - space:
                ends[k] = max(after.box[0] - space, line.words[k].box[0] + 1)
        base = None
        for k, w in enumerate(line.words):
            x0, x1 = w.box[0], ends[k]
            wsize = round(size * 0.7, 1) if w.superscript else size
            if k and not w.superscript and not w.glued and base is not None:
                chars.append(_char(" ", base, x0, line, wsize, w))
            step = (x1 - x0) / max(len(w.text), 1)
            for i, ch in enumerate(w.text):
                chars.append(_char(ch, x0 + i * step, x0 + (i + 1) * step, line, wsize, w))
            base = x1
    for c in chars:
        c.x0, c.x1 = round(c.x0 - shift * PT, 2), round(c.x1 - shift * PT, 2)
    return chars


def _char(text: str, x0: float, x1: float, line: _Line, size: float, w: _Word) -> Char:
    base = line.baseline_at((line.box[0] + line.box[2]) / 2)  # one baseline for the line: a skewed scan is level
    bottom = base + line.row * 0.22
    top = bottom - line.row
    if w.superscript:  # raised, but within its line's band
        top, bottom = max(w.box[1], top + 1), min(w.box[3], base - 0.2 * line.row)
    return Char(
        text=text,
        x0=round(x0 * PT, 2),
        x1=round(x1 * PT, 2),
        top=round(top * PT, 2),
        bottom=round(bottom * PT, 2),
        size=size,
        font="OCR",
        italic=w.italic,
        bold=w.bold,
    )


def _rules(image, lines: list[_Line]) -> tuple[list[_Line], list[Rule]]:
    """Takes the long flat boxes (printed rules Tesseract reads as a word) out of the lines as rules."""
    rules, kept = [], []
    for line in lines:
        x0, top, x1, bottom = line.box
        flat = bottom - top < 0.25 * max(line.row, 1) or (x1 - x0) > 12 * (bottom - top)
        if flat and all(re.fullmatch(r"[_\-—–‒=\s.]*", w.text) for w in line.words) and x1 - x0 > 60:
            rules.append(Rule(round(x0 * PT, 2), round(x1 * PT, 2), round(top * PT, 2)))
        else:
            kept.append(line)
    return kept, rules


def _columns(lines: list[_Line], width: int) -> list[list[_Line]]:
    """Gives the lines of each column of a page printed in two columns (the Official Records), else one group.

    The gutter is the upright band near the middle that the fewest lines cross; lines that cross it (a running
    head, a title across the page) go with the first column."""
    if len(lines) < 10:
        return [lines]
    best, crossing = None, len(lines)
    for x in range(int(width * 0.35), int(width * 0.65), max(width // 100, 1)):
        n = sum(1 for line in lines if line.box[0] < x < line.box[2])
        if n < crossing:
            best, crossing = x, n
    left = [line for line in lines if line.box[2] <= best]
    right = [line for line in lines if line.box[0] >= best]
    if best is None or crossing > 0.1 * len(lines) or min(len(left), len(right)) < 0.25 * len(lines):
        return [lines]
    across = [line for line in lines if line.box[0] < best < line.box[2]]
    return [sorted(left + across, key=lambda line: line.box[1]), right]


def _notes_set_small(lines: list[_Line], rules: list[Rule], width: int, height: int) -> None:
    """Gives the lines under the short rule above a page's footnotes the footnotes' smaller size: the rule says
    where they start, better than Tesseract's sizes do."""
    short = [r for r in rules if r.x1 - r.x0 < 0.4 * width * PT and r.top > 0.3 * height * PT]
    if not short or not lines:
        return
    top = min(r.top for r in short) / PT
    body = sorted(line.height for line in lines if line.box[1] < top)
    if not body:
        return
    usual = body[len(body) // 2]
    for line in lines:
        if line.box[1] > top and line.box[1] < 0.92 * height:
            line.height = min(line.height, 0.85 * usual)


def _margin(lines: list[_Line]) -> int:
    """Gives a column's left margin: where most of its lines start."""
    starts = sorted(line.box[0] for line in lines)
    return starts[len(starts) // 4] if starts else 0


def _gap_rules(image, columns: list[list[_Line]]) -> list[Rule]:
    """Finds the short rules printed between two lines of a column (the one above its footnotes)."""
    rules = []
    for column in columns:
        x0, x1 = min(line.box[0] for line in column), max(line.box[2] for line in column)
        ordered = sorted(column, key=lambda line: line.box[1])
        for a, b in zip(ordered, ordered[1:]):
            for y in range(a.box[3] + 2, b.box[1] - 1):
                row = image.crop((x0, y, x1, y + 1)).point(lambda v: 1 if v < 128 else 0).tobytes()
                start, end, best, gap = None, 0, (0, 0), 0
                for i, v in enumerate(row):  # the longest stretch of ink with breaks of a few pixels (a worn rule)
                    if v:
                        start = i if start is None else start
                        end, gap = i, 0
                        if end - start > best[1] - best[0]:
                            best = (start, end)
                    elif start is not None:
                        gap += 1
                        if gap > 10:
                            start, gap = None, 0
                length = best[1] - best[0] + 1
                if length > 0.12 * (x1 - x0) and length > 60 and sum(row[best[0] : best[1] + 1]) > 0.6 * length:
                    rules.append(
                        Rule(round((x0 + best[0]) * PT, 2), round((x0 + best[1] + 1) * PT, 2), round(y * PT, 2))
                    )
                    break
    return rules


def _lone_calls(lines: list[_Line]) -> list[_Line]:
    """Puts back into its line a footnote call that Tesseract read as a line of its own (a figure raised at a
    line's end, a little above it)."""
    hosts = [line for line in lines if len(line.words) > 1]
    kept = []
    for line in lines:
        w = line.words[0]
        if len(line.words) != 1 or len(w.text) > 3 or not re.fullmatch(r"[\d*’'‘\"”°]+[,.;:]?", w.text):
            kept.append(line)
            continue
        home = next(
            (
                h
                for h in hosts
                if h.box[1] - 0.4 * h.row <= w.box[1]
                and w.box[3] < h.baseline_at(w.box[0]) - 0.15 * h.row
                and h.box[0] <= w.box[0] <= h.box[2] + h.row
            ),
            None,
        )
        if home is None:
            kept.append(line)
            continue
        home.words = sorted(home.words + [w], key=lambda x: x.box[0])
    return kept


_FURNITURE = re.compile(r"^(?:\([A-Z]\)|[\d*()/\-]*\d[\d*()/\-]*|\S*/\S*)$")  # "(E)", "25-20080", "2/4", "A/RES/80/80"


def _margins_cleared(lines: list[_Line], width: int, height: int) -> list[_Line]:
    """Drops what Tesseract makes of the emblem, the barcode and the recycling logo in the page's head and foot:
    words under the masthead's first line ("United Nations ... A/RES/78/117") and left of where it starts (the
    emblem), and words it has little confidence in (a symbol, with its slashes, stays)."""
    kept = []
    top = min(lines, key=lambda line: line.box[1], default=None)
    masthead = (  # page 1's top line: "United Nations" at the left, the symbol at the right
        top is not None
        and top.box[0] < width / 3
        and any(re.search(r"\w/\w", w.text) and w.box[0] > width / 2 for w in top.words)
    )
    margin = top.box[0] if masthead else 0  # the emblem stands under "United Nations", left of where it starts
    for line in lines:
        foot = line.box[1] >= height * 0.92  # under the text: job number and page number, barcode and logos
        head = line.box[1] <= height * 0.15
        if not head and not foot:
            kept.append(line)
            continue
        if foot:
            words = [w for w in line.words if _FURNITURE.match(w.text) and (w.conf >= 65 or "/" in w.text)]
        else:  # the masthead, beside the emblem
            words = [w for w in line.words if line is top or w.box[2] > margin]
            if line.box[1] <= height * 0.1 and not masthead:
                words = [w for w in words if w.conf >= 65 or "/" in w.text]
        if not (head and masthead) and len(words) < len(line.words):  # close the gap a dropped word leaves
            # ("23-26265 (E) 030124"); the masthead keeps its places
            for a, b in zip(words, words[1:]):
                if b.box[0] - a.box[2] > 2 * line.row:
                    wide = b.box[2] - b.box[0]
                    b.box = (a.box[2] + int(line.row / 2), b.box[1], a.box[2] + int(line.row / 2) + wide, b.box[3])
        line.words = words
        if line.words:
            kept.append(line)
    return kept


_BAR = re.compile(r"\|")


_RES = re.compile(r"^([ASE])[\s/vV]*[rR][eE]+[sS8]/")  # what OCR makes of "A/RES/", "S/RES/"
_ORDINAL = re.compile(r"^([\dSOIl]{1,4})(?:st|nd|rd|th)\b")
_FIGURE = str.maketrans({"S": "5", "O": "0", "I": "1", "l": "1"})


def _misreadings_mended(lines: list[_Line]) -> None:
    """Mends the misreadings that UN print makes plain: a vertical bar (never printed) is the "1" or "l" it stands
    for; an ordinal is figures ("SOth" is "50th"); a symbol's first slash read as a space ("A RES/78/250")."""
    for line in lines:
        words = []
        for w in line.words:
            if "|" in w.text:
                digits = w.text == "|" or re.search(r"\d\||\|\d", w.text)
                w.text = _BAR.sub("1" if digits else "l", w.text)
            m = _ORDINAL.match(w.text)
            if m:
                w.text = m.group(1).translate(_FIGURE) + w.text[m.end(1) :]
            w.text = _RES.sub(r"\1/RES/", w.text)  # the masthead's large type: "Avres/78/117", "S/RE8/2768"
            prev = words[-1] if words else None
            if prev and prev.text in ("A", "S", "E") and re.match(r"^/?[A-Z][A-Z.]*/", w.text):
                joined = f"{prev.text}/{w.text.lstrip('/')}"
                prev.text, prev.box = _RES.sub(r"\1/RES/", joined), (prev.box[0], prev.box[1], w.box[2], w.box[3])
                continue
            words.append(w)
        line.words = words


def read_page(command: str, image, number: int, language: str, workdir: Path) -> tuple[list[Page], list[float]]:
    """Gives one page image read by Tesseract as Pages of characters (one per printed column, numbered on from
    ``number``), with the confidence of each word."""
    path = workdir / f"page{number}.png"
    image.save(path)
    lines = _lines(_run(command, path, ["-l", language, "--dpi", str(DPI), "hocr"]))
    _misreadings_mended(lines)
    lines, rules = _rules(image, _lone_calls(_margins_cleared(lines, image.width, image.height)))
    if not lines:  # nothing Tesseract can read: the page stays without text
        return [Page(number=number, width=image.width * PT, height=image.height * PT, chars=[], rules=[])], []
    _mark_bold(image, lines)
    _mark_italic(image, lines)
    _mark_calls(command, image, lines, workdir)
    _mark_openings(lines)
    _snap_rows(lines)
    pages = []
    columns = _columns(lines, image.width)
    rules += _gap_rules(image, columns)
    first = _margin(columns[0])
    margins = [_margin(column) for column in columns]
    scale = min(_size_per_row(column) for column in columns)
    for k, column in enumerate(columns):
        shift = margins[k] - first
        home = [max(range(len(columns)), key=lambda j: (margins[j] <= r.x0 / PT + 10, margins[j])) for r in rules]
        own = [
            Rule(round(r.x0 - shift * PT, 2), round(r.x1 - shift * PT, 2), r.top) for r, h in zip(rules, home) if h == k
        ]
        _notes_set_small(column, own, image.width, image.height)
        chars = _chars(column, shift, scale)
        pages.append(Page(number=number + k, width=image.width * PT, height=image.height * PT, chars=chars, rules=own))
    return pages, [w.conf for line in lines for w in line.words if not w.superscript]


# --- the documents ---------------------------------------------------------------------------


def _language(command: str, image, workdir: Path) -> str:
    """Gives the Tesseract language of a page: by its script, then for Latin script by its commonest short words."""
    have = installed_languages(command)
    path = workdir / "probe.png"
    image.save(path)
    lang = SCRIPTS.get(_script(command, path) or "", "en")
    if lang == "en":
        words = re.findall(r"[a-záéíóúñçèêà]+", _run(command, path, ["-l", "eng", "--psm", "3"]).lower())
        scores = {k: sum(w in stop for w in words) for k, stop in STOPWORDS.items()}
        lang = max(sorted(scores), key=lambda k: scores[k]) if any(scores.values()) else "en"
    code = LANGUAGES[lang]
    if code not in have:
        return "eng"
    return code if lang in STOPWORDS else f"{code}+eng"  # symbols and Roman numerals are printed in Latin letters


def needs_ocr(page: Page) -> bool:
    """Tells whether a page has no text layer: no printed character, only images."""
    return not any(c.text.strip() for c in page.chars)


def read_scans(data: bytes, doc: Extracted, config: Config = Config()) -> Extracted:
    """Gives the document with its scanned pages read by Tesseract (``config.ocr``: auto, always or never).

    ``auto`` reads only the pages without a text layer; without Tesseract, or with ``never``, nothing changes."""
    mode = config.ocr
    wanted = [p for p in doc.pages if mode == "always" or (mode == "auto" and needs_ocr(p) and p.images)]
    chosen = {id(p) for p in wanted}
    command = tesseract()
    if not wanted or command is None or mode == "never":
        return doc
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    confidences: list[float] = []
    pages: list[Page] = []
    try:
        with tempfile.TemporaryDirectory(prefix="resbrief-ocr-") as tmp:
            workdir = Path(tmp)
            language = None
            for page in doc.pages:
                number = len(pages) + 1
                if id(page) not in chosen:
                    page.number = number
                    pages.append(page)
                    continue
                image = pdf[page.number - 1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
                language = language or _language(command, image, workdir)
                read, conf = read_page(command, image, number, language, workdir)
                pages.extend(read)
                confidences.extend(conf)
    finally:
        pdf.close()
    if not confidences:  # Tesseract read no word: the scan stays as it was, and says it has no text layer
        return doc
    doc.pages = pages
    doc.source.ocr = {
        "engine": f"Tesseract {tesseract_version(command)}",
        "language": language,
        "pages": [p.number for p in wanted],
        "confidence": round(sum(confidences) / len(confidences), 1) if confidences else 0.0,
    }
    return doc


def ocr_note(ocr: dict) -> str:
    """Gives the one line that says a document was read by OCR, with Tesseract's mean word confidence."""
    pages = ocr.get("pages") or []
    which = f"page {pages[0]}" if len(pages) == 1 else f"{len(pages)} pages"
    return (
        f"read by OCR ({ocr.get('engine')}, {ocr.get('language')}): {which} read from the page image; "
        f"mean word confidence {ocr.get('confidence')}%; check names, figures and footnote calls against the scan"
    )
