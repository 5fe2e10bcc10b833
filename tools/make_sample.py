"""Make the project's sample input PDF: General Assembly resolution 65/232.

The project turns UN resolution PDFs into structured data, and needs a sample
input of its own that it may commit and test against. This script typesets the
repaired source text ``tools/seed_65_232.txt`` (format described at its top)
into ``input/A_RES_65_232.pdf`` in the layout of a real UN General Assembly
resolution: US Letter pages; a cover block with the symbol, distribution date,
session and agenda item; a bold title; preambular paragraphs with italic
opening words; numbered operative paragraphs with italic verbs; superscript
footnote markers with the notes at the foot of the page on which they are
referenced (a note that does not fit continues at the foot of the next page);
running headers and "n/N" footers; a job number and a Code 39 barcode on
page 1. The geometry (points, measured from the top of the page) imitates
real UN resolution PDFs such as A/RES/78/229.

Text is laid out by a small line breaker of our own (justified lines, words
never split) drawn on a reportlab canvas, with Liberation Serif (metrically
compatible with Times New Roman) embedded. The output is deterministic:
running the script twice gives byte-identical files.

Usage:  .venv/bin/python tools/make_sample.py [--seed PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics.barcode.code39 import Standard39
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

TOOLS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TOOLS_DIR.parent
DEFAULT_SEED = TOOLS_DIR / "seed_65_232.txt"
DEFAULT_OUT = PROJECT_DIR / "input" / "A_RES_65_232.pdf"

# Production data printed on the page but not part of the resolution's text.
# Invented, in the style of the period: job number 10-52609, processed
# 23 March 2011 (ddmmyy).
JOB_NUMBER = "10-52609"
JOB_DATE = "230311"

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONTS = {
    "r": ("LiberationSerif", "LiberationSerif-Regular.ttf"),
    "i": ("LiberationSerif-Italic", "LiberationSerif-Italic.ttf"),
    "b": ("LiberationSerif-Bold", "LiberationSerif-Bold.ttf"),
}
REGULAR, ITALIC, BOLD = (FONTS[k][0] for k in "rib")

# --- geometry (points; "top" is the distance from the top edge of the page to
# the top of a line's text box, as pdfplumber reports it) -------------------
PAGE_W, PAGE_H = 612.0, 792.0
DESCENT = 0.216  # font descent as a fraction of the font size

MARGIN_L, MARGIN_R = 60.0, 552.0  # header/footer rules and texts
TEXT_L, TEXT_R = 123.4, 487.8  # the text column
INDENT = 147.1  # first line of a paragraph
TAB = 170.9  # text after "1." or "(a)"

BODY_SIZE, LINE, PARA_GAP = 10.0, 12.0, 6.0
SUP_SCALE, SUP_RISE = 0.65, 0.35  # footnote marker: 6.5 pt raised 3.5 pt

NOTE_SIZE, NOTE_PITCH = 8.5, 10.35
NOTE_MARK_SIZE, NOTE_MARK_RIGHT, NOTE_MARK_RISE = 5.5, 119.8, 3.4  # right-aligned
RULE_TO_NOTE = 14.0  # footnote rule top -> first note top
BODY_TO_RULE = 25.0  # last body line top -> footnote rule top
NOTE_RULE = "_" * 18  # the short rule above the notes, as Word prints it

BODY_TOP = 74.5  # first body line on pages 2+
BODY_LAST_TOP = 723.0  # last possible body line, pages 2+
NOTE_LAST_TOP = 726.0  # last note line, pages 2+
P1_BODY_LAST_TOP = 697.0  # page 1 keeps room for job number and barcode
P1_NOTE_LAST_TOP = 697.0
TITLE_TOP, TITLE_PITCH = 334.0, 14.0  # "65/232. Title ..." on page 1


def baseline(top: float, size: float) -> float:
    """PDF y coordinate of the baseline of text whose box top is ``top``."""
    return PAGE_H - (top + size * (1 - DESCENT))


# --- the source text ---------------------------------------------------------


@dataclass
class Run:
    """A stretch of text in one style: r(egular), i(talic), b(old), sup."""

    text: str
    style: str


Word = list[Run]  # what lies between two spaces


@dataclass
class Block:
    """One paragraph of the body."""

    kind: str  # formula | preamble | operative | sub | closing
    words: list
    label: str = ""  # "1." or "(a)"


@dataclass
class Source:
    fields: dict
    blocks: list
    notes: dict  # footnote number -> list of words


INLINE = re.compile(r"\[\^(\d+)\]|(\*)|(\s+)|([^*\s\[]+|\[)")


def parse_inline(text: str, base: str = "r") -> list:
    """Split marked-up text into words of styled runs (``*italic*``, ``[^n]``)."""
    words, word, italic = [], [], False
    for m in INLINE.finditer(text):
        marker, star, space, chunk = m.groups()
        if marker:
            word.append(Run(marker, "sup"))
        elif star:
            italic = not italic
        elif space:
            if word:
                words.append(word)
            word = []
        else:
            style = "i" if italic else base
            if word and word[-1].style == style:
                word[-1].text += chunk
            else:
                word.append(Run(chunk, style))
    if word:
        words.append(word)
    return words


def plain(text: str) -> str:
    return re.sub(r"\[\^\d+\]|\*", "", text)


def read_source(path: Path) -> Source:
    fields, blocks, notes = {}, [], {}
    section = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("== "):
            section = line[3:].strip()
        elif section is None:
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        elif section == "footnotes":
            m = re.fullmatch(r"\[\^(\d+)\]:\s*(.+)", line)
            if not m:
                raise ValueError(f"bad footnote line: {line!r}")
            notes[int(m.group(1))] = parse_inline(m.group(2))
        elif section == "operative":
            m = re.fullmatch(r"(\d+\.|\([a-z]+\))\s+(.+)", line)
            if not m:
                raise ValueError(f"bad operative line: {line!r}")
            kind = "operative" if m.group(1)[0].isdigit() else "sub"
            blocks.append(Block(kind, parse_inline(m.group(2)), m.group(1)))
        elif section in ("formula", "preamble", "closing"):
            kind = "formula" if section == "formula" else section
            blocks.append(Block(kind, parse_inline(line)))
        else:
            raise ValueError(f"unknown section {section!r}")
    return Source(fields, blocks, notes)


# --- measuring and breaking lines --------------------------------------------


def run_font(run: Run, size: float) -> tuple:
    if run.style == "sup":
        return REGULAR, size * SUP_SCALE
    return FONTS[run.style][0], size


def width_of(word: Word, size: float) -> float:
    return sum(pdfmetrics.stringWidth(r.text, *run_font(r, size)) for r in word)


def space_width(size: float) -> float:
    return pdfmetrics.stringWidth(" ", REGULAR, size)


def break_lines(words: list, first_width: float, width: float, size: float) -> list:
    """Greedy line breaking; returns a list of lists of words."""
    lines, current, used = [], [], 0.0
    space = space_width(size)
    for word in words:
        w = width_of(word, size)
        limit = first_width if not lines else width
        if current and used + space + w > limit + 0.01:
            lines.append(current)
            current, used = [], 0.0
        used += (space if current else 0.0) + w
        current.append(word)
    if current:
        lines.append(current)
    return lines


@dataclass
class Line:
    """One typeset line: where it goes and what it says."""

    words: list
    x: float  # left edge (right edge when align == "right")
    width: float
    size: float = BODY_SIZE
    align: str = "justify"  # justify | left | right
    label: str = ""  # paragraph number or note number
    label_x: float = 0.0  # left edge of a number; right edge of a note mark
    refs: list = field(default_factory=list)  # footnote numbers in the line


def refs_in(words: list) -> list:
    return [int(r.text) for w in words for r in w if r.style == "sup"]


def block_lines(block: Block) -> list:
    """Break one paragraph into positioned lines."""
    if block.kind == "formula":
        return [Line(block.words, INDENT, TEXT_R - INDENT, align="left")]
    if block.kind == "closing":
        return [Line(block.words, TEXT_R, 0, align="right")]
    first_x = TAB if block.label else INDENT
    broken = break_lines(block.words, TEXT_R - first_x, TEXT_R - TEXT_L, BODY_SIZE)
    lines = []
    for n, words in enumerate(broken):
        last = n == len(broken) - 1
        line = Line(
            words,
            first_x if n == 0 else TEXT_L,
            TEXT_R - (first_x if n == 0 else TEXT_L),
            align="left" if last else "justify",
            refs=refs_in(words),
        )
        if n == 0 and block.label:
            line.label, line.label_x = block.label, INDENT
        lines.append(line)
    return lines


def note_lines(number: int, words: list) -> list:
    broken = break_lines(words, TEXT_R - TEXT_L, TEXT_R - TEXT_L, NOTE_SIZE)
    lines = []
    for n, ws in enumerate(broken):
        lines.append(
            Line(
                ws,
                TEXT_L,
                TEXT_R - TEXT_L,
                NOTE_SIZE,
                "left" if n == len(broken) - 1 else "justify",
                label=str(number) if n == 0 else "",
                label_x=NOTE_MARK_RIGHT,
            )
        )
    return lines


# --- pages -------------------------------------------------------------------


@dataclass
class Page:
    number: int
    body: list = field(default_factory=list)  # (top, Line)
    notes: list = field(default_factory=list)  # Line, in order
    cursor: float = BODY_TOP  # top of the next body line
    end_rule: float | None = None  # top of the closing rule
    full: bool = False  # a footnote was split here

    @property
    def body_last_top(self) -> float:
        return P1_BODY_LAST_TOP if self.number == 1 else BODY_LAST_TOP

    @property
    def note_last_top(self) -> float:
        return P1_NOTE_LAST_TOP if self.number == 1 else NOTE_LAST_TOP

    def limit(self, note_count: int) -> float:
        """Lowest top a body line may have when ``note_count`` note lines
        must fit below it."""
        if note_count == 0:
            return self.body_last_top
        first_note = self.note_last_top - (note_count - 1) * NOTE_PITCH
        return min(self.body_last_top, first_note - RULE_TO_NOTE - BODY_TO_RULE)


class Paginator:
    """Flows body lines over pages, keeping each footnote with its marker."""

    def __init__(self, notes: dict, first_top: float):
        self.notes = {n: note_lines(n, ws) for n, ws in notes.items()}
        self.seen: set = set()
        self.pages = [Page(1, cursor=first_top)]
        self.carry: list = []

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1, notes=self.carry))
        self.carry = []

    def first_refs(self, line: Line, seen: set) -> list:
        new = []
        for n in line.refs:
            if n not in seen and n not in new:
                if n not in self.notes:
                    raise ValueError(f"footnote {n} is referenced but has no text")
                new.append(n)
        return new

    def fit(self, lines: list, top: float) -> tuple:
        """How many of ``lines`` fit on the current page from ``top``; and,
        if the last of them fits only by splitting its footnote, how many
        lines of that note stay on this page."""
        page, seen = self.page, set(self.seen)
        count = len(page.notes)
        for j, line in enumerate(lines):
            t = top + j * LINE
            new = self.first_refs(line, seen)
            need = sum(len(self.notes[n]) for n in new)
            if t <= page.limit(count + need):
                count += need
                seen.update(new)
                continue
            if new:  # split the last new note over this page and the next
                last = len(self.notes[new[-1]])
                for keep in range(last - 1, 0, -1):
                    if t <= page.limit(count + need - last + keep):
                        return j + 1, keep
            return j, None
        return len(lines), None

    def place(self, lines: list, top: float, split: int | None) -> None:
        """Put ``lines`` on the current page from ``top``, with their notes."""
        if not lines:
            return
        page = self.page
        for j, line in enumerate(lines):
            page.body.append((top + j * LINE, line))
            new = self.first_refs(line, self.seen)
            for n in new:
                note = self.notes[n]
                if split is not None and j == len(lines) - 1 and n == new[-1]:
                    page.notes.extend(note[:split])
                    self.carry = note[split:]
                else:
                    page.notes.extend(note)
            self.seen.update(new)
        page.cursor = top + len(lines) * LINE
        page.full = split is not None

    def add(self, lines: list, gap: float = PARA_GAP, keep_together: bool = False) -> None:
        """Add one paragraph, splitting it over pages where needed; a page
        never ends with a paragraph's first line alone (orphan) nor starts
        with its last line alone (widow)."""
        i = 0
        while i < len(lines):
            page = self.page
            top = page.cursor + (gap if page.body and i == 0 else 0.0)
            k, split = (0, None) if page.full else self.fit(lines[i:], top)
            rest = len(lines) - i
            if k < rest and page.body:
                if keep_together or (rest - k == 1 and k > 0):
                    k, split = (0 if keep_together else k - 1), None
                if i == 0 and k == 1:
                    k, split = 0, None
            if k == 0 and not page.body:
                k, split = 1, None  # an empty page takes at least one line
            self.place(lines[i : i + k], top, split)
            i += k
            if i < len(lines):
                self.new_page()


def layout(source: Source, first_top: float) -> list:
    """Flow the body, then the closing lines, over pages; returns the pages."""
    pager = Paginator(source.notes, first_top)
    for block in source.blocks:
        if block.kind == "closing":
            continue
        pager.add(block_lines(block))
    closing = [line for b in source.blocks if b.kind == "closing" for line in block_lines(b)]
    if closing:
        pager.add(closing, gap=LINE, keep_together=True)
    page = pager.page
    page.end_rule = page.cursor + 27.5
    if pager.carry:  # a note continued after the last line
        pager.new_page()
    missing = set(source.notes) - pager.seen
    if missing:
        raise ValueError(f"footnotes never referenced: {sorted(missing)}")
    return pager.pages


# --- drawing -------------------------------------------------------------------


def draw_text(c: canvas.Canvas, x: float, top: float, text: str, font: str, size: float, align: str = "left") -> None:
    if align == "right":
        x -= pdfmetrics.stringWidth(text, font, size)
    c.setFont(font, size)
    c.drawString(x, baseline(top, size), text)


def draw_word(c: canvas.Canvas, x: float, top: float, word: Word, size: float) -> float:
    for run in word:
        font, fsize = run_font(run, size)
        rise = size * SUP_RISE if run.style == "sup" else 0.0
        c.setFont(font, fsize)
        c.drawString(x, baseline(top, size) + rise, run.text)
        x += pdfmetrics.stringWidth(run.text, font, fsize)
    return x


def draw_line(c: canvas.Canvas, top: float, line: Line) -> None:
    size, space = line.size, space_width(line.size)
    widths = [width_of(w, size) for w in line.words]
    natural = sum(widths) + space * (len(widths) - 1)
    extra = 0.0
    if line.align == "justify" and len(widths) > 1:
        extra = max(0.0, (line.width - natural) / (len(widths) - 1))
    x = line.x - natural if line.align == "right" else line.x
    if line.label:
        if size == NOTE_SIZE:
            c.setFont(REGULAR, NOTE_MARK_SIZE)
            c.drawRightString(line.label_x, baseline(top, size) + NOTE_MARK_RISE, line.label)
        else:
            draw_text(c, line.label_x, top, line.label, REGULAR, size)
    for n, word in enumerate(line.words):
        x = draw_word(c, x, top, word, size)
        if n < len(line.words) - 1:
            c.setFont(REGULAR, size)
            c.drawString(x, baseline(top, size), " ")
            x += space + extra


def wrap(text: str, font: str, size: float, width: float) -> list:
    """Break plain text into lines no wider than ``width``."""
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and pdfmetrics.stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current] if current else lines


def hrule(c: canvas.Canvas, x0: float, x1: float, top: float, weight: float) -> None:
    c.setLineWidth(weight)
    y = PAGE_H - top - weight / 2
    c.line(x0, y, x1, y)


def draw_emblem(c: canvas.Canvas) -> None:
    """A plain globe in the place of the UN emblem (not a copy of it)."""
    cx, cy, r = 93.0, PAGE_H - 94.5, 19.0
    c.setLineWidth(0.6)
    c.circle(cx, cy, r)
    for k in (0.35, 0.7):
        c.circle(cx, cy, r * k)
    for dx, dy in ((1, 0), (0, 1), (0.71, 0.71), (0.71, -0.71)):
        c.line(cx - r * dx, cy - r * dy, cx + r * dx, cy + r * dy)
    c.setLineWidth(1.2)  # two sprays of the wreath, left and right
    box = (cx - r - 5, cy - r - 5, cx + r + 5, cy + r + 5)
    c.arc(*box, startAng=115, extent=125)
    c.arc(*box, startAng=300, extent=125)


def draw_cover(c: canvas.Canvas, f: dict) -> None:
    """Page 1: masthead, cover block and title."""
    draw_text(c, TEXT_L, 46.8, "United Nations", REGULAR, 14)
    symbol_rest = f["symbol"][1:]
    rest_w = pdfmetrics.stringWidth(symbol_rest, REGULAR, 10)
    a_w = pdfmetrics.stringWidth(f["symbol"][0], REGULAR, 20)
    draw_text(c, MARGIN_R - rest_w - a_w, 40.8, f["symbol"][0], REGULAR, 20)
    draw_text(c, MARGIN_R, 48.7, symbol_rest, REGULAR, 10, align="right")
    hrule(c, MARGIN_L, MARGIN_R, 64.8, 0.5)
    draw_emblem(c)
    draw_text(c, TEXT_L, 70.7, "General Assembly", BOLD, 20)
    draw_text(c, 397.0, 78.9, f"Distr.: {f['distribution']}", REGULAR, 10)
    draw_text(c, 397.0, 90.6, f["date"], REGULAR, 10)
    hrule(c, MARGIN_L, MARGIN_R, 208.9, 1.5)

    draw_text(c, MARGIN_L, 214.0, f["session"], BOLD, 10)
    draw_text(c, MARGIN_L, 226.0, f["agenda_item"], REGULAR, 10)
    if f.get("agenda_title"):
        draw_text(c, MARGIN_L, 238.0, f["agenda_title"], BOLD, 10)

    head, _, date = f["adopted"].rpartition(" on ")
    draw_text(c, TEXT_L, 268.0, head, BOLD, 14)
    draw_text(c, TEXT_L, 283.0, f"on {date}", BOLD, 14)
    draw_line(c, 310.0, Line(parse_inline(f["report"]), TEXT_L, 0, align="left"))

    draw_text(c, 72.4, TITLE_TOP, f["number"], BOLD, 12)
    for n, text in enumerate(title_lines(f)):
        draw_text(c, TEXT_L, TITLE_TOP + TITLE_PITCH * n, text, BOLD, 12)


def title_lines(f: dict) -> list:
    return wrap(f["title"], BOLD, 12, TEXT_R - TEXT_L)


def formula_top(f: dict) -> float:
    """Top of "The General Assembly," on page 1, below the title."""
    return TITLE_TOP + TITLE_PITCH * (len(title_lines(f)) - 1) + 26.0


def draw_cover_footer(c: canvas.Canvas) -> None:
    draw_text(c, 65.4, 739.8, f"{JOB_NUMBER} (E)", REGULAR, 10)
    draw_text(c, 133.9, 739.8, JOB_DATE, REGULAR, 10)
    code = JOB_NUMBER.replace("-", "")
    bars = Standard39(code, barWidth=0.82, barHeight=11, ratio=2.2, quiet=0, checksum=0)
    bars.drawOn(c, 65.4, PAGE_H - 763.0)
    draw_text(c, 420.0, 744.0, "Please recycle", BOLD, 8)
    # the recycling sign: three chasing arrows round a triangle
    cx, cy, r = 487.0, PAGE_H - 746.0, 7.0
    corners = [(cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a))) for a in (90, 210, 330)]
    c.setLineWidth(0.9)
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]):
        ax, ay = x0 + (x1 - x0) * 0.15, y0 + (y1 - y0) * 0.15
        bx, by = x0 + (x1 - x0) * 0.75, y0 + (y1 - y0) * 0.75
        c.line(ax, ay, bx, by)
        dx, dy = (x1 - x0) / (2 * r), (y1 - y0) / (2 * r)  # unit-ish direction
        head = c.beginPath()
        head.moveTo(bx + 2.2 * dx, by + 2.2 * dy)
        head.lineTo(bx - 1.6 * dy, by + 1.6 * dx)
        head.lineTo(bx + 1.6 * dy, by - 1.6 * dx)
        head.close()
        c.drawPath(head, stroke=0, fill=1)


def draw_running_header(c: canvas.Canvas, page: int, pages: int, f: dict) -> None:
    title = wrap(f["title"], BOLD, 8.5, 245.0)
    tops = [52.4 - 9.9 * (len(title) - 1 - n) for n in range(len(title))]
    even = page % 2 == 0
    for text, top in zip(title, tops):
        if even:
            draw_text(c, MARGIN_R, top, text, BOLD, 8.5, align="right")
        else:
            draw_text(c, MARGIN_L, top, text, BOLD, 8.5)
    if even:
        draw_text(c, MARGIN_L, 52.4, f["symbol"], BOLD, 8.5)
    else:
        draw_text(c, MARGIN_R, 52.4, f["symbol"], BOLD, 8.5, align="right")
    hrule(c, MARGIN_L, MARGIN_R, 64.8, 0.5)
    folio = f"{page}/{pages}"
    if even:
        draw_text(c, MARGIN_L, 748.6, folio, BOLD, 8.5)
        draw_text(c, MARGIN_R, 748.4, JOB_NUMBER, REGULAR, 7, align="right")
    else:
        draw_text(c, MARGIN_R, 748.6, folio, BOLD, 8.5, align="right")
        draw_text(c, MARGIN_L, 748.4, JOB_NUMBER, REGULAR, 7)


def draw_notes(c: canvas.Canvas, page: Page) -> None:
    if not page.notes:
        return
    first = page.note_last_top - (len(page.notes) - 1) * NOTE_PITCH
    draw_text(c, 99.6, first - RULE_TO_NOTE, NOTE_RULE, BOLD, 8)
    for n, line in enumerate(page.notes):
        draw_line(c, first + n * NOTE_PITCH, line)


def render(source: Source, out: Path) -> int:
    for name, filename in FONTS.values():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    f = source.fields
    out.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(f["symbol"])
    c.setSubject(plain(f["title"]))
    c.setAuthor("United Nations General Assembly (sample typeset by resbrief)")
    c.setCreator("resbrief tools/make_sample.py")

    pages = layout(source, formula_top(f))

    for page in pages:
        if page.number == 1:
            draw_cover(c, f)
            draw_cover_footer(c)
        else:
            draw_running_header(c, page.number, len(pages), f)
        for top, line in page.body:
            draw_line(c, top, line)
        draw_notes(c, page)
        if page.end_rule is not None:
            hrule(c, 270.0, 342.0, page.end_rule, 0.75)
        c.showPage()
    c.save()
    return len(pages)


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="source text")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PDF to write")
    args = parser.parse_args(argv)
    n = render(read_source(args.seed), args.out)
    print(f"wrote {args.out} ({n} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
