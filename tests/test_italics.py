"""Italics as printed: every italic run of the source, in resolution.json, the HTML, the DOCX and the AKN.

The expectations were read off page images of the PDFs (``pdftoppm -r 100``): S/RES/2776 (2025) page 1
(the enacting formula, PP3 and PP6) and page 8 (OP27, OP29 and the end of OP25), and A/RES/78/229 page 1
(footnote 1) and page 4 (PP24, footnotes 10 and 11), and A/RES/79/1 page 39 (the Global Digital Compact's
italic heading "Connectivity" over its roman paragraph 10).  The UN's own XML of both marks the same words
``<span class="italic">``.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from conftest import SHARED, corpus_pdf, segmented
from lxml import etree

from pipeline.akn import read_akn
from pipeline.config import Config
from pipeline.model import Resolution, resolution_from_dict, to_dict
from pipeline.render.akn import akn_bytes
from pipeline.render.docx import docx_bytes
from pipeline.render.html import render_html

TRUTH = SHARED / "corpus" / "truth"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def words(item) -> list[str]:
    """Gives the words of each italic run of a paragraph, note or heading (a dict or a model object)."""
    text = item["text"] if isinstance(item, dict) else item.text
    runs = item.get("italic", []) if isinstance(item, dict) else item.italic
    return [text[a:b] for a, b in runs]


def by_id(items, pid):
    return next(p for p in items if (p["id"] if isinstance(p, dict) else p.id) == pid)


@pytest.fixture(scope="module")
def sc():
    return segmented(corpus_pdf("S_RES_2776_2025-EN.pdf"))


@pytest.fixture(scope="module")
def ga():
    return segmented(corpus_pdf("A_RES_78_229-EN.pdf"))


# --- the model ---------------------------------------------------------------------------------------------------


def test_s_res_2776_keeps_the_verbs_printed_in_italics_inside_a_paragraph(sc):
    assert words(by_id(sc.preamble, "pp6")) == ["Condemning", "expressing", "further condemning", "reiterating"]
    assert words(by_id(sc.operative, "op27")) == ["Emphasises", "stresses", "encourages"]
    op29 = by_id(sc.operative, "op29")
    assert words(by_id(op29.subparagraphs, "op29.a")) == ["requests"]
    assert words(by_id(op29.subparagraphs, "op29.d")) == ["encourages", "further encourages"]
    assert sc.enacting_formula[slice(*sc.enacting_italic[0])] == "The Security Council"


def test_s_res_2776_has_no_italics_beyond_what_is_printed(sc):
    assert words(by_id(sc.preamble, "pp3")) == ["Commending"]  # the rest of PP3 is roman
    op25 = by_id(sc.operative, "op25")
    assert words(by_id(op25.subparagraphs, "op25.c")) == []  # "(c) to assist the Committee ..."
    assert all(h.italic == [] for h in sc.headings)  # bold headings ("Degrading the threat ...")


def test_the_opening_run_is_the_lead_or_verb(sc, ga):
    for res in (sc, ga):
        for p in res.preamble:
            assert p.italic[0] == [0, len(p.lead)], p.id
        for o in res.operative:
            assert o.italic[0] == [0, len(o.verb)], o.id


def test_a_res_78_229_keeps_italic_titles_in_paragraphs_and_footnotes(ga):
    assert words(by_id(ga.preamble, "pp24")) == ["Taking note", "Manual on Corruption Surveys"]
    notes = {f.marker: f for f in ga.footnotes}
    assert words(notes["1"]) == ["Treaty Series"]
    assert words(notes["10"]) == ["Official Records of the Economic and Social Council, 2016, Supplement No. 10"]
    assert words(notes["11"]) == []  # "Resolution 67/187, annex."


def test_a_res_79_1_keeps_an_italic_heading_of_an_annex_and_no_italics_in_its_paragraph():
    compact = segmented(corpus_pdf("A_RES_79_1-EN.pdf")).annexes[0]
    at = next(i for i, p in enumerate(compact.paragraphs) if p.text == "Connectivity")
    heading, paragraph = compact.paragraphs[at], compact.paragraphs[at + 1]
    assert (heading.kind, words(heading)) == ("heading", ["Connectivity"])
    assert paragraph.label == "10." and words(paragraph) == []
    akn = akn_bytes(Resolution(symbol="A/RES/79/1", annexes=[compact])).decode()
    assert '<span class="italic">Connectivity</span>' in akn


def test_italic_runs_survive_json(sc):
    back = resolution_from_dict(to_dict(sc))
    assert back.preamble[5].italic == sc.preamble[5].italic and back.enacting_italic == sc.enacting_italic
    assert [f.italic for f in back.footnotes] == [f.italic for f in sc.footnotes]


# --- HTML and DOCX -----------------------------------------------------------------------------------------------


def test_html_prints_every_italic_run_and_no_other(sc, ga):
    html = render_html(sc, Config())
    assert (
        '<em class="lead">Condemning</em> in the strongest possible terms Al-Shabaab’s terrorist attacks, '
        "<em>expressing</em> deep concern at the loss of life from these attacks, <em>further condemning</em> " in html
    )
    pp3 = re.search(r'<p class="pp" id="d-pp3">(.*?)</p>', html).group(1)
    assert pp3 == (
        '<em class="lead">Commending</em> the progress made in Somalia over the past ten years, and especially '
        "over the past three years in the fight against Al-Shabaab,"
    )
    assert '<p class="enacting"><em>The Security Council</em>,</p>' in html
    notes = render_html(ga, Config())
    assert "United Nations, <em>Treaty Series</em>, vols. 2225, 2237, 2241 and 2326, No. 39574." in notes


def test_docx_runs_are_italic_where_the_source_is(sc, ga):
    doc = docx.Document(io.BytesIO(docx_bytes(sc, Config())))
    pp6 = next(p for p in doc.paragraphs if p.text.startswith("Condemning in the strongest"))
    assert [r.text for r in pp6.runs if r.italic] == ["Condemning", "expressing", "further condemning", "reiterating"]
    pp3 = next(p for p in doc.paragraphs if p.text.startswith("Commending the progress"))
    assert [r.text for r in pp3.runs if r.italic] == ["Commending"]
    notes = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes(ga, Config()))).read("word/footnotes.xml"))
    first = next(n for n in notes.iter(W + "footnote") if "vols. 2225" in "".join(n.itertext()))
    italic = [r.findtext(W + "t") for r in first.iter(W + "r") if r.find(f"{W}rPr/{W}i") is not None]
    assert italic == ["Treaty Series"]


# --- AKN ---------------------------------------------------------------------------------------------------------


def test_our_akn_reads_back_to_the_same_italic_runs(sc, ga):
    for res in (sc, ga):
        back = read_akn("resolution.akn.xml", akn_bytes(res))
        assert back["enacting_italic"] == res.enacting_italic
        assert [p["italic"] for p in back["preamble"]] == [p.italic for p in res.preamble]
        assert [o["italic"] for o in back["operative"]] == [o.italic for o in res.operative]
        assert [f["italic"] for f in back["footnotes"]] == [f.italic for f in res.footnotes]
    assert '<span class="italic">expressing</span>' in akn_bytes(sc).decode()


def test_the_un_xml_marks_the_italics_we_read_from_the_pdf(sc, ga):
    if not TRUTH.is_dir():
        pytest.skip(f"UN XML not found at {TRUTH}")
    un = read_akn(TRUTH / "unxml_sc" / "S_RES_2776" / "S_RES_2776-2503579E.xml")
    assert [words(p) for p in un["preamble"]] == [words(p) for p in sc.preamble]
    assert [words(o) for o in un["operative"]] == [words(o) for o in sc.operative]
    un = read_akn(TRUTH / "unxml_ga" / "A_RES_78_229" / "A_RES_78_229-2325976E.xml")
    assert [words(f) for f in un["footnotes"]] == [words(f) for f in ga.footnotes]
