"""The extract stage's fast reading of content streams (pipeline.content) and of characters (pipeline.chars) gives
what pdfminer and pdfplumber as shipped give: pdfminer's own parser and pdfplumber's own layout are the oracle."""

from __future__ import annotations

import pdfplumber
import pytest
from conftest import SAMPLE, corpus_pdf
from pdfminer.layout import LTChar, LTFigure
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import KWD, LIT, PSEOF

from pipeline import content
from pipeline.chars import layout


def _stream(data: bytes, objid: int = 1) -> PDFStream:
    s = PDFStream({}, data)
    s.objid = objid
    return s


def _all(parser) -> list:
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def _same(a, b) -> bool:
    """Equal and of the same types all the way down (1 is not 1.0, True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, PDFStream):  # an inline image
        return _same(a.attrs, b.attrs) and a.get_data() == b.get_data()
    return a is b or a == b


def _both(*datas: bytes) -> tuple[list, list]:
    streams = [_stream(d, i + 1) for i, d in enumerate(datas)]
    return _all(content.FastContentParser(streams)), _all(PDFContentParser(streams))


TRICKY = [
    b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET",  # the last operator runs to the end of the data
    b"[(A) -250 (B\\(c\\)) 3.5 <0041 42>] TJ <414> Tj <> Tj",  # escapes, spaced and odd hex digits
    b"(a (nested) b) Tj (oct \\101\\0502 \\q skip\\\nline) Tj",  # nesting, octal, unknown escape, continuation
    b"+5 -3 .5 -.25 1. 1.2.3 - + . 007 Td",  # numbers as pdfminer reads them (a sign or point alone is dropped)
    b"/N#41me /A#4 /#20 /caf\xc3\xa9 /\xff x true false null",  # names with escapes, utf-8 and not
    b"/Span << /ActualText (x) /MCID 3 >> BDC EMC ] } >> T* ' \" % a comment\n q Q",  # dict, stray closers
    b"[1 [2 3] 4] << /K [1 2] >> \x00 d0 <41>> Tj",  # nesting, a null byte, a hex string before >>
]


@pytest.mark.parametrize("data", TRICKY)
def test_tricky_streams_read_as_pdfminer_reads_them(data):
    fast, shipped = _both(data)
    assert _same(fast, shipped)


def test_what_the_fast_reader_gives_for_plain_text():
    fast, _ = _both(b"BT /F1 12 Tf [<0041> -3 (b)] TJ ET")
    assert _same(fast, [KWD(b"BT"), LIT("F1"), 12, KWD(b"Tf"), [b"\x00A", -3, b"b"], KWD(b"TJ"), KWD(b"ET")])


def test_a_token_across_two_streams_is_left_to_pdfminer():
    fast, shipped = _both(b"BT /F1 1", b"2 Tf ET\n")  # pdfminer ends "1" at the stream's end
    assert _same(fast, shipped) and 12 not in fast


@pytest.mark.parametrize(
    "data",
    [
        b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",  # an inline image
        b"(a\\\r\nb) Tj",  # pdfminer reads a backslash before \r\n by its 4 KiB buffer
        b"(\\777) Tj",  # an octal escape over 255: pdfminer fails
        b"<< /A 1 /B >> BDC",  # a dictionary with a key and no value: pdfminer fails
    ],
)
def test_what_the_fast_reader_cannot_match_is_left_to_pdfminer(data):
    with pytest.raises(content.NotPlain):
        content.objects([t for t in content.tokens(data, last=True)])
    fast = content.FastContentParser([_stream(data)])
    assert fast._fast is None  # pdfminer's parser reads it, with whatever it does
    try:
        shipped = _all(PDFContentParser([_stream(data)]))
    except Exception as exc:
        with pytest.raises(type(exc)):
            _all(content.FastContentParser([_stream(data)]))
    else:
        assert _same(_all(content.FastContentParser([_stream(data)])), shipped)


def _walk(items):
    for o in items:
        if isinstance(o, LTFigure):
            yield ("figure", o.bbox)
            yield from _walk(o)
        elif isinstance(o, LTChar):
            yield ("char", o.get_text(), o.fontname, o.upright, o.matrix, o.bbox, o.size, o.adv, o.width, o.height)
        else:
            yield (type(o).__name__, o.bbox)


@pytest.mark.parametrize("name", ["A_C.3_80_L.3-EN.pdf", "A_HRC_RES_59_25-EN.pdf", "A_AC.109_2025_L.9-EN.pdf"])
def test_every_object_of_corpus_pages_is_pdfplumbers(name):
    with pdfplumber.open(corpus_pdf(name)) as pdf:
        for page in pdf.pages[:4]:
            with content.as_shipped():
                shipped = list(_walk(page.layout))
            assert list(_walk(layout(page))) == shipped, f"page {page.page_number}"
            assert any(item[0] == "char" for item in shipped)


def test_the_sample_reads_the_same_turned_and_unturned():
    with pdfplumber.open(SAMPLE) as pdf:
        page = pdf.pages[0]
        with content.as_shipped():
            shipped = list(_walk(page.layout))
        assert list(_walk(layout(page))) == shipped
        assert list(_walk(layout(page, rotate=0))) == shipped  # its /Rotate is 0 already


def test_the_benchmark_baseline_is_pdfplumber_as_shipped(monkeypatch):
    """make bench's and bench-session's pdfplumber time is pdfminer's own content reading, not ours (importing the
    pipeline installs ours), and the pipeline reads with ours again afterwards."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    from pipeline.bench import bare_parse

    seen = []
    shipped = content._SHIPPED
    monkeypatch.setattr(content, "_SHIPPED", lambda self, streams: seen.append(1) or shipped(self, streams))
    assert PDFPageInterpreter.execute is content.execute
    assert bare_parse(SAMPLE) == 8  # the sample prints eight pages
    assert len(seen) == 8  # every page read by pdfminer's own execute
    assert PDFPageInterpreter.execute is content.execute
