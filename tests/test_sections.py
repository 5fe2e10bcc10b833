"""Sectioned resolutions, headings inside a preamble, and a resolution printed without its enacting formula.

Expectations read off the PDFs (``pdftotext -layout``) and the UN's XML of ``../shared/corpus/sectioned`` and
``../shared/corpus/session78``.
"""

from __future__ import annotations

import pytest
from conftest import SHARED, corpus_pdf, segmented

from pipeline.akn import read_akn
from pipeline.evaluate.scoring import paragraph_scores, section_scores, text_similarity

SECTIONED = SHARED / "corpus" / "sectioned"
SESSION78 = SHARED / "corpus" / "session78"


def shared_pdf(folder, name: str):
    """Gives a PDF of a shared folder, skipping the test when that folder is absent."""
    path = folder / "pdfs" / name
    if not path.parent.is_dir():
        pytest.skip(f"shared corpus folder not found at {path.parent}")
    assert path.exists(), f"{name} is not in {path.parent}"
    return path


def shared_truth(folder, name: str):
    path = folder / "truth" / name
    if not path.parent.is_dir():
        pytest.skip(f"shared corpus folder not found at {path.parent}")
    return path


def ids_in_reading_order(res) -> None:
    """Asserts that ids run pp1.. and op1.. across the sections, each paragraph in exactly one section."""
    assert [p.id for p in res.preamble] == [f"pp{i}" for i in range(1, len(res.preamble) + 1)]
    assert [o.id for o in res.operative] == [f"op{i}" for i in range(1, len(res.operative) + 1)]
    assert [i for s in res.sections for i in s.preamble] == [p.id for p in res.preamble]
    assert [i for s in res.sections for i in s.operative] == [o.id for o in res.operative]


def test_A_RES_78_253_budget_sections_each_with_its_own_preamble_and_operative_part():
    res = segmented(shared_pdf(SESSION78, "A_RES_78_253-EN.pdf"))
    assert len(res.sections) == 26
    assert [s.heading for s in res.sections[:3]] + [res.sections[-1].heading] == ["I", "II", "III", "XXVI"]
    first = res.sections[0]
    assert (first.id, first.title, first.preamble, first.operative) == (
        "s1",
        "Enterprise resource planning project, Umoja",
        ["pp1", "pp2"],
        ["op1", "op2"],
    )
    pp = {p.id: p for p in res.preamble}
    op = {o.id: o for o in res.operative}
    assert [pp[i].lead for i in first.preamble] == ["Recalling", "Having considered"]
    second = res.sections[1]  # its paragraphs are numbered from 1 again
    assert second.title == "Financial performance report on the programme budget for 2022"
    assert [op[i].number for i in second.operative] == ["1", "2", "3", "4", "5", "6"]
    assert op[second.operative[0]].text == "Takes note of the report of the Secretary-General;"
    # XX: a single unnumbered operative paragraph straight after the heading
    xx = next(s for s in res.sections if s.heading == "XX")
    assert (xx.title, xx.preamble, len(xx.operative)) == ("International Trade Centre", [], 1)
    assert op[xx.operative[0]].number is None and op[xx.operative[0]].text.startswith("Approves resources in the")
    # XXVI: "Recalls ...," is an operative verb, then 1. and 2.
    last = res.sections[-1]
    assert [op[i].number for i in last.operative] == [None, "1", "2"]
    assert op[last.operative[0]].verb == "Recalls"
    ids_in_reading_order(res)
    # the section's heading is printed in the text as well
    assert res.headings[0].text == "I Enterprise resource planning project, Umoja"
    assert res.headings[0].before == "pp1"


def test_A_RES_78_247_two_sections():
    res = segmented(shared_pdf(SESSION78, "A_RES_78_247-EN.pdf"))
    assert [(s.heading, len(s.preamble), len(s.operative)) for s in res.sections] == [("I", 2, 10), ("II", 2, 2)]
    assert res.sections[1].title == "Activities of the Independent Audit Advisory Committee"
    ids_in_reading_order(res)


def test_A_RES_80_173_outcome_document_is_a_part_with_its_own_preamble():
    res = segmented(shared_pdf(SECTIONED, "A_RES_80_173-EN.pdf"))
    own, outcome = res.sections
    assert (own.heading, own.title, own.preamble, own.operative) == (None, None, [], ["op1"])
    assert res.operative[0].text.startswith("Adopts the following outcome document")
    assert outcome.title.startswith("Outcome document of the high-level meeting of the General Assembly")
    assert (len(outcome.preamble), len(outcome.operative)) == (8, 127)
    pp = {p.id: p for p in res.preamble}
    assert pp[outcome.preamble[0]].text.startswith("We, the Ministers and heads of delegations")
    assert pp[outcome.preamble[-1]].lead == "Building on"
    ids_in_reading_order(res)


def test_A_RES_80_131_headings_inside_the_preamble_are_headings_and_no_sections():
    res = segmented(shared_pdf(SECTIONED, "A_RES_80_131-EN.pdf"))
    assert res.sections == []
    assert (len(res.preamble), len(res.operative)) == (17, 4)
    assert [(h.text, h.before) for h in res.headings] == [
        ("Countries in special situations", "pp10"),
        ("* * *", "pp13"),
    ]
    assert res.preamble[9].lead == "Underlining"


def test_S_RES_2776_2025_heading_in_the_preamble_is_a_heading():
    res = segmented(corpus_pdf("S_RES_2776_2025-EN.pdf"))
    heading = "Degrading the threat posed by Al-Shabaab, and the Arms Embargo targeting Al-Shabaab"
    assert heading not in [p.text for p in res.preamble]
    assert (heading, "pp5") in [(h.text, h.before) for h in res.headings]
    assert res.preamble[4].lead == "Expressing"
    assert len(res.preamble) == 25 and res.sections == []


def test_unsectioned_resolution_keeps_its_ids():
    res = segmented(corpus_pdf("A_RES_78_229-EN.pdf"))
    assert res.sections == []
    assert [p.id for p in res.preamble][:3] == ["pp1", "pp2", "pp3"]


def test_A_RES_78_225_resolution_printed_without_its_enacting_formula():
    res = segmented(shared_pdf(SESSION78, "A_RES_78_225-EN.pdf"))
    assert (res.symbol, res.number, res.document_type, res.enacting_formula) == (
        "A/RES/78/225",
        "78/225",
        "resolution",
        None,
    )
    assert res.title.startswith("Enhancing the contributions of the Commission on Crime")
    assert res.preamble[0].lead == "Reaffirming"
    assert res.preamble[0].text.startswith("Reaffirming its resolution 70/1 of 25 September 2015")
    assert (len(res.preamble), len(res.operative)) == (8, 15)
    assert any("the enacting formula is not printed" in w for w in res.warnings)


# --- the UN's XML and the scores --------------------------------------------------------------


def test_akn_reader_sees_sections_and_their_cross_headings():
    truth = read_akn(shared_truth(SESSION78, "A_RES_78_253.xml"))
    assert len(truth["sections"]) == 26
    first = truth["sections"][0]
    assert (first["heading"], first["title"], first["preamble"], first["operative"]) == (
        "I",
        "Enterprise resource planning project, Umoja",
        ["pp1", "pp2"],
        ["op1", "op2"],
    )
    assert [p["lead"] for p in truth["preamble"][:2]] == ["Recalling", "Having considered"]
    assert len(truth["preamble"]) == 35


def test_akn_reader_several_preambles_and_headings_among_them():
    truth = read_akn(shared_truth(SECTIONED, "A_RES_80_131.xml"))
    assert (len(truth["preamble"]), len(truth["operative"]), truth["sections"]) == (17, 4, [])
    assert [h["text"] for h in truth["headings"]] == ["Countries in special situations", "* * *"]


def test_section_scores_count_a_paragraph_in_the_wrong_section():
    truth = {"sections": [{"heading": "I", "preamble": ["pp1"], "operative": ["op1", "op2"]},
                          {"heading": "II", "preamble": ["pp2"], "operative": ["op3"]}]}  # fmt: skip
    right = {"sections": [dict(s) for s in truth["sections"]]}
    moved = {"sections": [{"heading": "I", "preamble": ["pp1"], "operative": ["op1"]},
                          {"heading": "II", "preamble": ["pp2"], "operative": ["op2", "op3"]}]}  # fmt: skip
    assert section_scores(right, truth) == {"section_count": 1.0, "section_paragraphs": 1.0}
    assert section_scores(moved, truth) == {"section_count": 1.0, "section_paragraphs": 0.0}
    assert section_scores({}, {}) == {"section_count": None, "section_paragraphs": None}
    assert section_scores({}, truth) == {"section_count": 0.0, "section_paragraphs": 0.0}


def test_text_similarity_counts_characters_of_aligned_paragraphs():
    assert text_similarity(["abcd"], ["abcd"], [(0, 0)]) == 1.0
    assert text_similarity(["abce"], ["abcd"], [(0, 0)]) == 0.75  # 2 x 3 shared / 8
    assert text_similarity(["abcd", "xy"], ["abcd"], [(0, 0)]) == 8 / 10  # an extra paragraph shares nothing
    pred = {"preamble": [{"text": "Recalling its resolution"}], "operative": []}
    truth = {"preamble": [{"text": "Recalling its resolutlon"}], "operative": []}
    assert paragraph_scores(pred, truth)[0]["text_similarity"] == pytest.approx(46 / 48)


def test_a_two_line_enacting_formula_stays_whole():
    # FCCC/PA/CMA/2016/3/Add.1, decision 1/CMA.1: "The Conference ... to the Paris" | "Agreement,"
    part = segmented(corpus_pdf("FCCC_PA_CMA_2016_3_Add.1-EN.pdf")).parts[0]
    assert part.enacting_formula == (
        "The Conference of the Parties serving as the meeting of the Parties to the Paris Agreement,"
    )
    assert [p.text for p in part.preamble[:2]] == [
        "Recalling the Paris Agreement, adopted under the Convention,",
        "Also recalling decision 1/CP.21,",
    ]


def test_a_session_heading_over_the_agenda_item_opens_no_part():
    # E/2025/L.14: "2025 session" (bold) over "Agenda item 13 (c)" is the cover, not a decision's number
    res = segmented(corpus_pdf("E_2025_L.14-EN.pdf"))
    assert res.parts == [] and res.document_type == "draft resolution"
    assert (
        res.title == "Mainstreaming a gender perspective into all policies and programmes in the United Nations system"
    )
    assert res.enacting_formula == "The Economic and Social Council,"
    assert res.preamble[0].text.startswith("Reaffirming its agreed conclusions 1997/2 of 18 July 1997")


def test_the_pack_prints_each_section_with_its_own_paragraphs():
    # A/RES/78/253: "I" / "Enterprise resource planning project, Umoja", two preambular, "1." and "2.", then "II"
    from conftest import ROOT

    from pipeline.render.view import HeadingView, build_view, load_labels

    res = segmented(shared_pdf(SESSION78, "A_RES_78_253-EN.pdf"))
    own = build_view(res, load_labels(ROOT / "templates")).parts[0]
    assert own.preamble == [] and own.operative == [] and own.enacting_formula == "The General Assembly,"
    order = [i.text if isinstance(i, HeadingView) else (i.id, i.number) for i in own.text[:7]]
    assert order == [
        "I Enterprise resource planning project, Umoja",
        ("pp1", ""),
        ("pp2", ""),
        ("op1", "1."),
        ("op2", "2."),
        "II Financial performance report on the programme budget for 2022",
        ("pp3", ""),
    ]
    assert len([i for i in own.items if not isinstance(i, HeadingView)]) == len(res.preamble) + len(res.operative)
