"""Property-based tests of clean and segment: any page of characters gives a valid Resolution or a ConversionError.

Two sources of input: text laid out from generated lines (UN-flavoured
words, numbers, markers and arbitrary Unicode), and the sample's real pages
with characters deleted, retyped, moved, resized, restyled, duplicated or
swapped.  Whatever comes in, ``annotated(segment(clean(doc)))`` must either return a
Resolution whose ``to_dict`` passes the schema, or raise ConversionError;
any other exception is a bug.  The runs here are short; ``make fuzz``
(tools/fuzz.py) runs the same properties for much longer.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from conftest import SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.annotate import annotated
from pipeline.clean import clean
from pipeline.errors import ConversionError
from pipeline.model import Char, Extracted, Page, Rule, Source, to_dict
from pipeline.schema import validate
from pipeline.segment import segment

SHORT = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check(doc: Extracted) -> None:
    """The property: a valid Resolution, or a ConversionError; nothing else."""
    try:
        res = annotated(segment(clean(doc)))
    except ConversionError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    problems = validate(to_dict(res))
    assert problems == [], problems


# --- generated text --------------------------------------------------------------

WORDS = [
    "United",
    "Nations",
    "General",
    "Assembly",
    "Security",
    "Council",
    "The General Assembly,",
    "A/RES/78/229",
    "S/RES/2768 (2025)",
    "Distr.: General",
    "Seventy-eighth session",
    "Agenda item 107",
    "Resolution adopted by the General Assembly on 19 December 2023",
    "Recalling",
    "Decides",
    "Requests",
    "Annex",
    "1.",
    "2.",
    "10.",
    "(a)",
    "(b)",
    "(i)",
    "*",
    "†",
    "1",
    "23",
    "–",
    "—",
    ";",
    ",",
    ".",
    "",
    " ",
    "\t",
    "50th plenary meeting",
    "19 December 2023",
    "Letter dated",
    "Report of the",
    "23-25678 (E)",
    "*2325678*",
    "Please recycle",
    "2/5",
    "_______",
]

word = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))


@st.composite
def generated_line(draw):
    text = " ".join(draw(st.lists(word, max_size=12)))
    return (
        text,
        draw(st.sampled_from([7.0, 9.0, 10.0, 12.0, 14.0, 0.0, 0.5, 60.0])),
        draw(st.floats(0, 600)),
        draw(st.booleans()),
        draw(st.booleans()),
        draw(st.sampled_from(["TimesNewRoman", "TimesNewRoman,Italic", "Arial-BoldMT", "", "F1"])),
    )


@st.composite
def generated_doc(draw):
    pages = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        chars, top = [], draw(st.floats(0, 100))
        for text, size, left, italic, bold, font in draw(st.lists(generated_line(), max_size=40)):
            x = left
            width = max(size, 1) * 0.5
            for ch in text:
                chars.append(
                    Char(
                        ch,
                        round(x, 2),
                        round(x + width, 2),
                        round(top, 2),
                        round(top + size, 2),
                        size,
                        font,
                        italic,
                        bold,
                    )
                )
                x += width
            top += draw(st.sampled_from([0.0, 3.0, size * 1.15, size * 2, 40.0]))
        rules = [
            Rule(x0, x0 + w, t)
            for x0, w, t in draw(
                st.lists(st.tuples(st.floats(0, 500), st.floats(0, 500), st.floats(0, 792)), max_size=3)
            )
        ]
        pages.append(Page(number, 612.0, 792.0, chars, rules, draw(st.integers(0, 2))))
    return Extracted(Source("generated.pdf", "0" * 64, len(pages)), pages)


@SHORT
@given(generated_doc())
def test_generated_text_gives_a_resolution_or_a_clear_error(doc):
    check(doc)


# --- a UN-shaped skeleton with generated pieces -------------------------------------------

piece = st.one_of(st.text(max_size=30), st.sampled_from(WORDS))


@st.composite
def structured_doc(draw):
    """Cover, enacting formula, preambular and numbered paragraphs, sub-paragraphs, footnotes, closing."""
    lines: list[tuple[str, float, float, bool, bool]] = []  # text, size, left, italic, bold

    def add(text, size=10.0, left=72.0, italic=False, bold=False):
        lines.append((text, size, left, italic, bold))

    add("United Nations", 10, 72)
    add(
        draw(st.sampled_from(["A/RES/78/229", "S/RES/2768 (2025)", "A/C.3/80/L.24", "E/2025/L.9", ""])) + draw(piece),
        17,
        400,
    )
    add(
        draw(st.sampled_from(["General Assembly", "Security Council", "Economic and Social Council"])),
        20,
        72,
        bold=True,
    )
    add("Distr.: General " + draw(piece), 9, 400)
    add(draw(piece), 9, 400)
    add(draw(st.sampled_from(["Seventy-eighth session", "Agenda item 107", ""])) + draw(piece), 10, 72)
    add("Resolution adopted by the General Assembly on " + draw(piece), 12, 72, bold=True)
    add(draw(piece) + " " + draw(piece), 12, 100, bold=True)
    add(
        draw(
            st.sampled_from(
                ["The General Assembly,", "The Security Council,", "The Conference of the Parties,", "Decides"]
            )
        )
        + draw(st.sampled_from(["", " ", "x"])),
        10,
        108,
        italic=True,
    )
    for _ in range(draw(st.integers(0, 4))):
        add(
            draw(st.sampled_from(["Recalling", "Noting", "Reaffirming", ""])) + " " + draw(piece) + ",",
            10,
            108,
            italic=draw(st.booleans()),
        )
    for n in range(1, draw(st.integers(0, 6)) + 1):
        add(f"{draw(st.sampled_from([n, n, n + 1, 0, 99]))}. " + draw(piece) + " " + draw(piece) + ";", 10, 72)
        for label in draw(st.lists(st.sampled_from(["(a)", "(b)", "(i)", "(ii)", "(z)"]), max_size=3)):
            add(f"{label} {draw(piece)};", 10, 108)
    add(draw(st.sampled_from(["50th plenary meeting", "8000th meeting", ""])) + draw(piece), 10, 400, italic=True)
    chars, top, pages = [], 60.0, []
    marker_at = draw(st.integers(0, max(0, len(lines) - 1)))
    for k, (text, size, left, italic, bold) in enumerate(lines):
        x = left
        for ch in text:
            chars.append(
                Char(
                    ch,
                    round(x, 2),
                    round(x + size * 0.5, 2),
                    round(top, 2),
                    round(top + size, 2),
                    size,
                    "TimesNewRoman",
                    italic,
                    bold,
                )
            )
            x += size * 0.5
        if k == marker_at:
            chars.append(Char("1", x, x + 3, top - 2, top + 5, 6.5, "TimesNewRoman"))
        top += size * draw(st.sampled_from([2.2, 2.2, 2.2, 1.2, 0.0]))
        if top > 700:
            pages.append(chars)
            chars, top = [], 60.0
    pages.append(chars)
    result = []
    for n, page_chars in enumerate(pages, 1):
        rules = []
        if draw(st.booleans()):
            rules = [Rule(72.0, 144.0, 720.0)]
            for i, ch in enumerate("1 " + draw(piece)):
                page_chars.append(Char(ch, 72 + i * 4.0, 76 + i * 4.0, 725.0, 733.0, 8.0, "TimesNewRoman"))
        result.append(Page(n, 612.0, 792.0, page_chars, rules))
    return Extracted(Source("structured.pdf", "0" * 64, len(result)), result)


@SHORT
@given(structured_doc())
def test_un_shaped_documents_give_a_resolution_or_a_clear_error(doc):
    check(doc)


# --- the sample's pages, mutated ------------------------------------------------------------


@lru_cache(maxsize=1)
def sample_pages() -> Extracted:
    """The sample's cover page, a text page and its last page (enough structure, quick to run)."""
    from pipeline.extract import extract

    doc = extract(SAMPLE)
    pages = [doc.pages[0], doc.pages[1], doc.pages[-1]]
    return Extracted(dataclasses.replace(doc.source, pages=len(pages)), pages, doc.metadata)


index = st.integers(0, 10**6)
offset = st.floats(-400, 400, allow_nan=False)
mutation = st.one_of(
    st.tuples(st.just("delete"), index, index, st.integers(1, 200)),
    st.tuples(st.just("text"), index, index, st.text(max_size=3)),
    st.tuples(st.just("move"), index, index, offset, offset),
    st.tuples(st.just("size"), index, index, st.floats(0, 100)),
    st.tuples(
        st.just("font"),
        index,
        index,
        st.sampled_from(["TimesNewRoman,Italic", "Arial-BoldMT", "", "Symbol", "X-Oblique"]),
    ),
    st.tuples(st.just("style"), index, index, st.booleans(), st.booleans()),
    st.tuples(st.just("duplicate"), index, index, st.integers(1, 50)),
    st.tuples(st.just("swap"), index, index, index),
    st.tuples(st.just("drop-page"), index),
    st.tuples(st.just("repeat-page"), index),
    st.tuples(st.just("rules"), index, st.lists(st.floats(0, 792), max_size=3)),
    st.tuples(st.just("reverse"), index),
    st.tuples(st.just("images"), index, st.integers(0, 3)),
)


def mutate(doc: Extracted, mutations: list[tuple]) -> Extracted:
    """Gives a copy of doc with the mutations applied (indices taken modulo the lengths)."""
    pages = [dataclasses.replace(p, chars=list(p.chars), rules=list(p.rules)) for p in doc.pages]
    for m in mutations:
        if not pages:
            break
        op, page = m[0], pages[m[1] % len(pages)]
        chars = page.chars
        if op == "drop-page":
            pages.remove(page)
            continue
        if op == "repeat-page":
            pages.append(dataclasses.replace(page, number=len(pages) + 1, chars=list(chars)))
            continue
        if op == "rules":
            page.rules = [Rule(270.0, 342.0, t) for t in m[2]]
            continue
        if op == "reverse":
            chars.reverse()
            continue
        if op == "images":
            page.images = m[2]
            continue
        if not chars:
            continue
        i = m[2] % len(chars)
        c = chars[i]
        if op == "delete":
            del chars[i : i + m[3]]
        elif op == "text":
            chars[i] = dataclasses.replace(c, text=m[3])
        elif op == "move":
            chars[i] = dataclasses.replace(c, x0=c.x0 + m[3], x1=c.x1 + m[3], top=c.top + m[4], bottom=c.bottom + m[4])
        elif op == "size":
            chars[i] = dataclasses.replace(c, size=m[3], bottom=c.top + m[3])
        elif op == "font":
            chars[i] = dataclasses.replace(c, font=m[3])
        elif op == "style":
            chars[i] = dataclasses.replace(c, italic=m[3], bold=m[4])
        elif op == "duplicate":
            chars[i:i] = chars[i : i + m[3]]
        elif op == "swap":
            j = m[3] % len(chars)
            chars[i], chars[j] = chars[j], chars[i]
    for n, page in enumerate(pages, 1):
        page.number = n
    return Extracted(dataclasses.replace(doc.source, pages=len(pages)), pages, doc.metadata)


@SHORT
@given(st.lists(mutation, max_size=25))
def test_mutated_real_pages_give_a_resolution_or_a_clear_error(mutations):
    check(mutate(sample_pages(), mutations))


def test_the_unmutated_sample_pages_convert():
    res = annotated(segment(clean(sample_pages())))
    assert res.symbol == "A/RES/65/232" and validate(to_dict(res)) == []
