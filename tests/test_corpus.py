"""A named test per corpus document that once broke or that the issues single out.

Every expectation here was read off the PDF itself (pdfplumber word dumps and
the page images), not copied from the converter's output.
"""

from __future__ import annotations

import json

import pytest
from conftest import OTHER, PDFS, corpus_pdf, segmented, segmented_all

from pipeline.batch import convert
from pipeline.config import Config
from pipeline.errors import ConversionError
from pipeline.model import to_json
from pipeline.render import own_extras
from pipeline.render.html import render_html
from pipeline.schema import validate


def test_A_RES_78_229_cover_and_counts():
    res = segmented(corpus_pdf("A_RES_78_229-EN.pdf"))
    assert res.symbol == "A/RES/78/229"
    assert res.body == "General Assembly" and res.document_type == "resolution"
    assert res.session_number == 78
    assert [(a.number, a.title) for a in res.agenda_items] == [("107", "Crime prevention and criminal justice")]
    assert (res.distribution, res.date_issued, res.date_adopted) == ("General", "2023-12-22", "2023-12-19")
    assert res.meeting == "50th plenary meeting"
    assert (res.adopted_on.body, res.adopted_on.document, res.adopted_on.paragraph) == (
        "Third Committee",
        "A/78/482",
        "29",
    )
    assert res.number == "78/229"
    assert res.title == (
        "Strengthening the United Nations crime prevention and criminal justice "
        "programme, in particular its technical cooperation capacity"
    )
    assert res.enacting_formula == "The General Assembly,"
    assert (len(res.preamble), len(res.operative), len(res.footnotes)) == (84, 93, 53)
    assert [o.number for o in res.operative] == [str(i) for i in range(1, 94)]


def test_A_RES_78_229_paragraph_text_leads_and_footnotes():
    res = segmented(corpus_pdf("A_RES_78_229-EN.pdf"))
    assert res.preamble[1].lead == "Reaffirming also"
    assert res.preamble[1].footnotes == ["1", "2", "3", "4", "5"]
    assert res.preamble[7].lead == "Expressing its grave concern"
    op1 = res.operative[0]
    assert (op1.verb, op1.footnotes) == ("Takes note with appreciation", ["48"])
    assert op1.text == (
        "Takes note with appreciation of the report of the Secretary-General prepared pursuant to resolution 77/237;"
    )
    note48 = next(f for f in res.footnotes if f.marker == "48")
    assert (note48.text, note48.paragraph) == ("A/78/264.", "op1")
    assert res.operative[92].text == (
        "Decides to consider the question of strengthening the United Nations crime prevention and "
        "criminal justice programme, in particular its technical cooperation capacity, at its "
        "eightieth session."
    )
    # footnote 49 sits in operative paragraph 7, which runs on after its marker
    assert next(f.paragraph for f in res.footnotes if f.marker == "49") == "op7"


def test_A_RES_78_229_page_furniture_is_kept_out_of_the_text():
    res = segmented(corpus_pdf("A_RES_78_229-EN.pdf"))
    assert res.furniture.job_number == "23-25976 (E) 100124"
    assert res.furniture.barcode == "*2325976*"
    assert "28/28" in res.furniture.page_numbers
    text = " ".join(p.text for p in res.preamble + res.operative)
    for leak in ("23-25976", "A/RES/78/229", "28/28", "*2325976*"):
        assert leak not in text
    # a preambular paragraph that runs from page 1 onto page 2 is one paragraph
    assert res.preamble[2].text.endswith("the Achievement of the 2030 Agenda for Sustainable Development,")


def test_S_RES_2768_2025_security_council_cover_and_text():
    res = segmented(corpus_pdf("S_RES_2768_2025-EN.pdf"))
    assert res.symbol == "S/RES/2768 (2025)" and res.number == "2768 (2025)"
    assert res.body == "Security Council" and res.document_type == "resolution"
    assert (res.meeting, res.date_adopted, res.date_issued) == ("9836th meeting", "2025-01-15", "2025-01-15")
    assert res.enacting_formula == "The Security Council,"
    assert (len(res.preamble), len(res.operative)) == (5, 6)
    assert res.preamble[0].text == (
        "Recalling all its relevant resolutions on the situation in Yemen and "
        "the Red Sea, including resolutions 2216 (2015), 2722 (2024), and 2739 (2024),"
    )
    assert res.operative[0].verb == "Extends"
    assert res.operative[0].text == (
        "Extends the reporting request in paragraph 10 of resolution 2722 (2024) until July 15, 2025;"
    )
    assert res.operative[3].verb == "Takes note"


def test_S_RES_2780_2025_short_paragraphs_are_not_merged():
    # once broke: with mostly one-line paragraphs the line pitch was taken for the paragraph gap
    res = segmented(corpus_pdf("S_RES_2780_2025-EN.pdf"))
    assert [p.lead for p in res.preamble] == ["Recalling", "Recalling", "Reaffirming", "Acting"]
    assert res.preamble[2].text == "Reaffirming its resolution 2755 (2024),"
    assert [o.number for o in res.operative] == ["1", "2", "3"]
    assert res.operative[2].text == "Decides to remain actively seized of the matter."


def test_A_RES_80_5_enacting_formula_without_comma_and_unnumbered_operative():
    # once broke: "The General Assembly" without a comma, then a single unnumbered "Adopts"
    res = segmented(corpus_pdf("A_RES_80_5-EN.pdf"))
    assert res.enacting_formula == "The General Assembly"
    assert len(res.preamble) == 0 and len(res.operative) == 1
    assert res.operative[0].number is None and res.operative[0].verb == "Adopts"
    assert res.meeting == "28th plenary meeting" and res.date_adopted == "2025-11-04"
    annex = res.annexes[0]
    assert (annex.heading, annex.number) == ("Annex", None)
    assert annex.title == (
        "Doha Political Declaration of the “World Social Summit” under the title "
        "“the Second World Summit for Social Development”"
    )
    first = annex.paragraphs[0]
    assert first.label == "1." and first.text.startswith("We, Heads of State and Government and high")
    assert first.footnotes == ["1", "2"]
    assert [p.text for p in annex.paragraphs if p.kind == "heading"] == ["A call to action", "Follow-up"]


def test_A_C_3_80_L_57_amendment_has_numbered_instructions():
    # once broke: an amendment has no enacting formula
    res = segmented(corpus_pdf("A_C.3_80_L.57-EN.pdf"))
    assert res.document_type == "amendment" and res.sponsors == ["United States of America"]
    assert res.title == (
        "Strengthening the United Nations crime prevention and criminal justice "
        "programme, in particular its technical cooperation capacity"
    )
    assert [o.number for o in res.operative] == ["1", "2"]
    assert res.operative[0].text == (
        "In operative paragraph 64, after “to strengthen their efforts in "
        "preventing” insert “and combating child pornography”."
    )


def test_S_2025_114_amendment_keeps_quoted_words_in_one_instruction():
    res = segmented(corpus_pdf("S_2025_114-EN.pdf"))
    assert res.sponsors == [
        "Denmark",
        "France",
        "Greece",
        "Slovenia",
        "United Kingdom of Great Britain and Northern Ireland",
    ]
    assert [o.text for o in res.operative] == [
        "In preambular paragraph 1, replace: “the Russian Federation-Ukraine conflict” with "
        "“the full-scale invasion of Ukraine by the Russian Federation”."
    ]


@pytest.mark.parametrize(
    "name, message",
    [
        ("pdfs/A_RES_2758_XXVI-RU.pdf", "image-only PDF: no text layer (run OCR first)"),
        ("other/A_45_696_Add.1-EN.pdf", "image-only PDF: no text layer (run OCR first)"),
        ("other/A_79_PV.64-EN.pdf", "A/79/PV.64 is a meeting record, not a resolution"),
        ("other/S_2025_380-EN.pdf", "S/2025/380 is a letter, not a resolution"),
        ("other/A_HRC_59_60-EN.pdf", "A/HRC/59/60 is a report, not a resolution"),
        ("other/A_52_621-EN.pdf", "A/52/621 is a committee report that recommends draft resolutions"),
        ("other/ODS_not_found_placeholder_named_A_78_1.pdf", 'a "document not found" page'),
        ("other/A_C.4_80_L.1-EN.pdf", "A/C.4/80/L.1 is a note, not a resolution"),
    ],
)
def test_documents_that_are_not_resolutions_say_what_they_are(name, message):
    folder, file = name.split("/")
    path = (PDFS if folder == "pdfs" else OTHER) / file
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path.parent}")
    with pytest.raises(ConversionError) as info:
        convert(path, Config(ocr="never"))  # a scan read without OCR keeps its clear message
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_every_text_layer_resolution_in_the_corpus_converts():
    if not PDFS.is_dir():
        pytest.skip(f"shared corpus not found at {PDFS}")
    failures = []
    paths = [p for p in sorted(PDFS.glob("*.pdf")) if p.name != "A_RES_2758_XXVI-RU.pdf"]  # a 1971 scan, no text
    segmented_all(paths)
    for path in paths:
        try:
            res = segmented(path)
        except ConversionError as exc:
            failures.append(str(exc))
            continue
        if not (res.preamble or res.operative or any(p.operative for p in res.parts)):
            failures.append(f"{path.name}: no paragraphs")
        problems = validate(json.loads(to_json(res)))
        if problems:
            failures.append(f"{path.name}: resolution.json breaks the schema: {problems[0]}")
    assert failures == []


def _brief_html(res) -> str:
    """The HTML brief as a build writes it: with the resolution's own references and annotations."""
    return render_html(res, Config(), extras=own_extras(res))


def test_every_text_layer_resolution_in_the_corpus_renders_its_html_brief():
    # the brief's view is built from every annotation a document has (one that broke: FCCC/CP/2007/6/Add.1)
    if not PDFS.is_dir():
        pytest.skip(f"shared corpus not found at {PDFS}")
    failures = []
    for path in sorted(PDFS.glob("*.pdf")):
        try:
            res = segmented(path)
        except ConversionError:
            continue  # the sweep above says which do not convert
        try:
            _brief_html(res)
        except Exception as exc:  # noqa: BLE001 - any failure is reported with its file
            failures.append(f"{path.name}: {exc!r}")
    assert failures == []


def test_FCCC_CP_2007_6_Add_1_document_cited_in_an_annex_lists_its_paragraph():
    # annex I of decision 3/CP.13, paragraphs 8 and 10, cite "the main part of document FCCC/SBSTA/2006/INF.4";
    # a cited document whose only citations are in an annex once broke the brief
    html = _brief_html(segmented(corpus_pdf("FCCC_CP_2007_6_Add.1-EN.pdf")))
    entry = html[html.index(">FCCC/SBSTA/2006/INF.4<") :]
    entry = entry[: entry.index("</li>")]
    assert "ANNEX I, para. 8" in entry and "ANNEX I, para. 10" in entry


def test_FCCC_PA_CMA_2016_3_Add_1_decisions_are_parts():
    # a UNFCCC decision document: two decisions and a resolution, each with its own formula
    res = segmented(corpus_pdf("FCCC_PA_CMA_2016_3_Add.1-EN.pdf"))
    assert res.symbol == "FCCC/PA/CMA/2016/3/Add.1"
    assert (res.distribution, res.date_issued) == ("General", "2017-01-31")
    assert res.preamble == [] and res.operative == []
    assert [p.number for p in res.parts] == ["1/CMA.1", "2/CMA.1", "1/CMA.1"]
    first, second, third = res.parts
    assert first.title == "Matters relating to the implementation of the Paris Agreement"
    # "7. Further invites" opens page 3 flush with the lines above; it was once merged into 6
    assert (len(first.preamble), len(first.operative)) == (5, 11)
    assert [o.number for o in first.operative] == [str(n) for n in range(1, 12)]
    assert first.operative[6].text.startswith("Further invites the Conference of the Parties to continue")
    assert [h.text for h in first.headings][:2] == [
        "I. Entry into force and signature of the Paris Agreement",
        "II. Completion of the work programme under the Paris Agreement",
    ]
    assert (first.meeting, first.date_adopted) == ("8th plenary meeting", "2016-11-18")
    # "Decides that, ... Parties,¹ pursuant to ..." is one unnumbered operative paragraph
    decides = second.operative[0]
    assert decides.number is None and decides.verb == "Decides"
    assert decides.text == (
        "Decides that, when applying the draft rules of procedure of the Conference "
        "of the Parties, pursuant to Article 16, paragraph 5, of the Paris Agreement, "
        "it should be understood that:"
    )
    assert [(s.label, [c.label for c in s.subparagraphs]) for s in decides.subparagraphs] == [
        ("(a)", []),
        ("(b)", ["(i)", "(ii)"]),
        ("(c)", ["(i)", "(ii)"]),
    ]
    assert [(f.marker, f.paragraph, f.text) for f in second.footnotes] == [("1", "op1", "See document FCCC/CP/1996/2.")]
    assert third.title.startswith("Expression of gratitude to the Government of the Kingdom of Morocco")


def test_S_RES_2779_2025_bullets_and_bold_headings():
    # once broke: bullet points were glued to their paragraph, "Reporting:" to the paragraph before
    res = segmented(corpus_pdf("S_RES_2779_2025-EN.pdf"))
    op9 = res.operative[8]
    assert op9.text.endswith("to take action to fulfil the following priority measures:")
    assert [s.label for s in op9.subparagraphs] == ["•"] * 6
    assert op9.subparagraphs[0].text.startswith("Utilize robust conflict-sensitive analysis")
    assert res.operative[21].text == "Reaffirms paragraphs 21-27 of resolution 2677 (2023);"
    assert "Reporting:" in [h.text for h in res.headings]


def test_S_RES_2782_2025_suspended_hyphen_before_and():
    # "troop-" at a line end, "and police-contributing" on the next: the space stays
    res = segmented(corpus_pdf("S_RES_2782_2025-EN.pdf"))
    text = " ".join(o.text for o in res.operative)
    assert "troop- and police-contributing countries" in text
    assert "troop-and" not in text


def test_A_RES_79_1_zero_width_space_and_bold_action_headings():
    res = segmented(corpus_pdf("A_RES_79_1-EN.pdf"))
    note6 = next(f for f in res.footnotes if f.marker == "6")
    assert "Rio de Janeiro, 3–14 June 1992" in note6.text
    headings = [h.text for h in res.headings]
    assert (
        "Action 2. We will place the eradication of poverty at the centre of our efforts to "
        "achieve the 2030 Agenda." in headings
    )
    assert not any("Action 2." in s.text for o in res.operative for s in o.subparagraphs)


def test_S_RES_2776_2025_reissue_footnote_and_heading_in_preamble():
    res = segmented(corpus_pdf("S_RES_2776_2025-EN.pdf"))
    assert res.symbol == "S/RES/2776 (2025)"
    assert res.furniture.job_number == "25-03579* (E)"
    assert "Degrading the threat posed by Al-Shabaab, and the Arms Embargo targeting Al-Shabaab" in [
        h.text for h in res.headings
    ]
    assert not any("Reissued for technical reasons" in p.text for p in res.preamble)
    # the note on the symbol is about the publication, not a footnote of the text
    assert res.furniture.publication_notes == ["* Reissued for technical reasons on 12 March 2025."]
    assert not any(f.marker == "*" for f in res.footnotes)
    # the PDF prints "paragraphs 37, 38, 39 and 40" (the UN's XML drops 37)
    assert "in accordance with paragraphs 37, 38, 39 and 40 of this resolution" in res.operative[42].text


def test_S_2023_970_paragraph_at_the_top_of_page_2():
    # once broke: the bold sponsor list made 12 pt look like the body size, so the 10 pt
    # operative paragraph 3 at the top of page 2 was taken for a running header
    res = segmented(corpus_pdf("S_2023_970-EN.pdf"))
    assert len(res.sponsors) > 90 and res.document_type == "draft resolution"
    assert [o.number for o in res.operative] == ["1", "2", "3", "4", "5"]
    assert res.operative[2].text == (
        "Demands the immediate and unconditional release of all hostages, as well as ensuring humanitarian access;"
    )


def test_E_2025_L_14_cover_columns_apart():
    # "Economic and Social Council" (20 pt) and "Distr.: Limited" share a baseline
    res = segmented(corpus_pdf("E_2025_L.14-EN.pdf"))
    assert (res.body, res.distribution, res.date_issued) == ("Economic and Social Council", "Limited", "2025-06-04")
    assert res.agenda_items[0].number == "13 (c)"
    assert res.agenda_items[0].title == (
        "Coordination, programme and other questions: mainstreaming a gender "
        "perspective into all policies and programmes in the United Nations system"
    )


def test_E_ICEF_2025_26_compendium_of_decisions_is_split_into_decisions():
    # once broke: "2025/11" at a page top was taken for a page number ("n/N" with n > N)
    path = OTHER / "E_ICEF_2025_26-EN.pdf"
    if not path.exists():
        pytest.skip(f"shared corpus not found at {OTHER}")
    res = segmented(path)
    assert res.document_type == "decision"
    assert [p.number for p in res.parts] == [f"2025/{n}" for n in range(8, 19)]
    assert res.parts[3].title == "Update on protection from sexual exploitation and abuse"
    assert [o.verb for o in res.parts[3].operative][:3] == ["Welcomes", "Urges", "Requests"]
    assert (
        res.parts[1].operative[0].text
        == "Takes note of the annual report on UNICEF humanitarian action (E/ICEF/2025/19)."
    )


def test_A_RES_79_1_annexes_are_segmented_and_paragraphs_opening_a_page_stay_apart():
    # once broke: the annexes were loose text, and "39. We commit, by 2030, to:", which opens
    # page 47 flush with the lines of paragraph 38 above it, was run into paragraph 38
    res = segmented(corpus_pdf("A_RES_79_1-EN.pdf"))
    assert [(a.id, a.heading, a.number, a.title) for a in res.annexes] == [
        ("annex1", "Annex I", "I", "Global Digital Compact"),
        ("annex2", "Annex II", "II", "Declaration on Future Generations"),
    ]
    compact = {p.label: p for p in res.annexes[0].paragraphs if p.label}
    assert compact["38."].text.endswith("for responsible and interoperable data governance.")
    assert compact["39."].text == "We commit, by 2030, to:"
    declaration = res.annexes[1].paragraphs
    assert (declaration[0].kind, declaration[0].text) == ("heading", "Preamble")
    notes = {f.marker: f.paragraph for f in res.footnotes}
    assert notes["23"] == declaration[2].id == "annex2.p3"
    assert declaration[2].text.startswith("Reaffirming our commitments to the purposes and principles")
    assert [notes[m] for m in ("24", "25", "26")] == ["annex2.p4"] * 3


def test_S_RES_2776_2025_notes_on_annex_headings():
    # "Annex A – Items subject to a no-objection process¹" and "Part I²" under Annex B
    res = segmented(corpus_pdf("S_RES_2776_2025-EN.pdf"))
    assert [(a.heading, a.number, a.title, a.footnotes) for a in res.annexes] == [
        ("Annex A", "A", "Items subject to a no-objection process", ["1"]),
        ("Annex B", "B", "Improvised Explosive Devices (IED) Components", []),
    ]
    part_one = res.annexes[1].paragraphs[1]
    assert (part_one.kind, part_one.text, part_one.footnotes) == ("heading", "Part I", ["2"])
    assert {f.marker: f.paragraph for f in res.footnotes} == {"1": "annex1", "2": part_one.id}
    items = res.annexes[0].paragraphs
    assert [p.label for p in items] == ["1.", "2.", "(a)", "3.", "4.", "5.", "6.", "7.", "8.", "(a)", "9."]


def test_FCCC_CP_1995_7_Add_1_body_size_running_header_is_furniture():
    # "FCCC/CP/1995/7/Add.1" / "English" / "Page 10" head every page at body size
    res = segmented(corpus_pdf("FCCC_CP_1995_7_Add.1-EN.pdf"))
    assert res.furniture.running_headers[:2] == ["FCCC/CP/1995/7/Add.1", "English"]
    assert "Page 10" in res.furniture.page_numbers
    texts = [p.text for part in res.parts for p in part.preamble + part.operative] + [
        p.text for part in res.parts for a in part.annexes for p in a.paragraphs
    ]
    assert not [t for t in texts if "English Page" in t or t.endswith("Add.1")]


def test_S_2018_693_subparagraph_opening_a_page_is_not_merged():
    # op 7 (iv) "the removal of bureaucratic hindrances ..." opens page 7
    res = segmented(corpus_pdf("S_2018_693-EN.pdf"))
    op7 = res.operative[6]
    assert op7.number == "7"
    assert [s.label for s in op7.subparagraphs] == ["(i)", "(ii)", "(iii)", "(iv)", "(v)", "(vi)"]
    assert op7.subparagraphs[3].text == (
        "the removal of bureaucratic hindrances to UNAMID, including with "
        "regard to customs clearances, flight clearances, and visas;"
    )


@pytest.mark.parametrize("name, before", [("S_2017_142-EN.pdf", ("3", "5")), ("S_2022_158-EN.pdf", ("10", "15"))])
def test_italic_headings_are_headings_not_the_end_of_a_paragraph(name, before):
    # "Designation Criteria" and "Reporting" are printed alone on a line, in italics, flush left;
    # they were once run into the operative paragraph above them
    res = segmented(corpus_pdf(name))
    number = {o.id: o.number for o in res.operative}
    assert [(h.text, number[h.before]) for h in res.headings] == [
        ("Designation Criteria", before[0]),
        ("Reporting", before[1]),
    ]
    assert not [o for o in res.operative if o.text.endswith(("Designation Criteria", "Reporting"))]


def test_S_2018_1021_numbered_list_inside_an_operative_paragraph():
    # op 7 ends "... on the steps taken towards the following:" and lists indented items 1 to 3;
    # op 8 "Urges continued progress ..." follows
    res = segmented(corpus_pdf("S_2018_1021-EN.pdf"))
    assert [o.number for o in res.operative] == [str(n) for n in range(1, 36)]
    op7 = res.operative[6]
    assert op7.text.endswith("to update it by 15 April 2019 on the steps taken towards the following:")
    assert [(s.label, s.id) for s in op7.subparagraphs] == [("1.", "op7.1"), ("2.", "op7.2"), ("3.", "op7.3")]
    assert op7.subparagraphs[2].text.startswith("Steps the AU Commission has taken to submit to the AUPSC")
    assert res.operative[7].text.startswith("Urges continued progress toward the establishment of the Abyei")


def test_FCCC_PA_CMA_2021_10_Add_1_meeting_after_an_annex_closes_the_decision():
    # decisions 2 to 4 end with an annex, then "12th plenary meeting / 13 November 2021"
    res = segmented(corpus_pdf("FCCC_PA_CMA_2021_10_Add.1-EN.pdf"))
    assert [(p.meeting, p.date_adopted) for p in res.parts[1:]] == [("12th plenary meeting", "2021-11-13")] * 3
    assert not [p for part in res.parts for a in part.annexes for p in a.paragraphs if "plenary meeting" in p.text]


def test_A_RES_78_252_staffing_table_rows_keep_their_cells_in_order():
    # the annex is a table: "Deputy Secretary-General  1  –  1", "Under-Secretary-General  37  17  54";
    # its cells were once read out of order and run into the next row
    res = segmented(corpus_pdf("A_RES_78_252-EN.pdf"))
    annex = res.annexes[0]
    assert (annex.heading, annex.title) == ("Annex", "Staffing table for 2024")
    rows = [p.text for p in annex.paragraphs]
    assert "Deputy Secretary-General 1 – 1" in rows
    assert "Under-Secretary-General 37 17 54" in rows
    assert "P-4 1 661 398 2 059" in rows


def test_FCCC_PA_CMA_2021_10_Add_1_notes_numbered_afresh_and_a_note_on_a_heading():
    # decision 1/CMA.3 prints "VI. Loss and damage⁷" above paragraph 61; decision 2/CMA.3 calls
    # note 1 in its paragraph 1 (page 11) and its annex starts again at 1: "(d) From a cooperative
    # approach referred to in Article¹ 6, paragraph 2" (page 15). Both notes 1 were once tied to op1
    res = segmented(corpus_pdf("FCCC_PA_CMA_2021_10_Add.1-EN.pdf"))
    first, second = res.parts[0], res.parts[1]
    heading = next(h for h in first.headings if h.text == "VI. Loss and damage")
    assert heading.footnotes == ["7"]
    op61 = next(o for o in first.operative if o.number == "61")
    assert heading.before == op61.id
    assert {f.marker: f.paragraph for f in first.footnotes}["7"] == op61.id
    assert res.footnotes == []
    d = next(p for p in second.annexes[0].paragraphs if p.label == "(d)")
    assert d.text.startswith("From a cooperative approach referred to in Article 6, paragraph 2")
    assert [(f.marker, f.paragraph) for f in second.footnotes] == [("1", "op1"), ("2", "op4"), ("1", d.id)]


def test_FCCC_PA_CMA_2022_10_Add_2_ES_starred_annexes_after_the_decision():
    # decision 6/CMA.4 has 40 paragraphs, then "Anexo I*" to "Anexo VII*", each printed alone on
    # its line and each with its own "* La lista de las abreviaciones ..." note on that page;
    # the annexes were once read as more operative paragraphs and the notes left without a call
    res = segmented(corpus_pdf("FCCC_PA_CMA_2022_10_Add.2-ES.pdf"))
    six = res.parts[0]
    assert six.number == "6/CMA.4" and len(six.operative) == 40
    assert six.operative[-1].text.startswith("Pide que las medidas solicitadas a la secretaría")
    anexos = [a for a in six.annexes if a.heading.startswith("Anexo")]
    assert [a.heading for a in anexos] == [f"Anexo {n}" for n in ("I", "II", "III", "IV", "V", "VI", "VII")]
    starred = [f.paragraph for f in six.footnotes if f.marker == "*"][:7]
    assert starred == [a.id for a in anexos]
    assert not res.warnings


def test_FCCC_CP_2007_6_Add_1_annex_printed_alone_after_a_decision():
    # "ANNEX" alone on a line (not bold, a little off centre) heads page 11 after decision 2/CP.13's
    # paragraph 12; its "Indicative guidance" was once run into paragraph 12 as more paragraphs
    res = segmented(corpus_pdf("FCCC_CP_2007_6_Add.1-EN.pdf"))
    second = res.parts[1]
    assert second.number == "2/CP.13" and len(second.operative) == 12
    assert second.operative[-1].text.endswith("the efforts described in paragraph 3 above should be considered.")
    annex = second.annexes[0]
    assert (annex.heading, annex.title) == ("ANNEX", "Indicative guidance")
    assert (
        annex.paragraphs[0].label == "1."
        and annex.paragraphs[0].text
        == "Demonstration activities should be undertaken with the approval of the host Party."
    )


def test_S_2024_400_paragraph_number_printed_without_its_point():
    # page 3 prints "11 Condemns disinformation, information manipulation, ..." with no point
    res = segmented(corpus_pdf("S_2024_400-EN.pdf"))
    assert [o.number for o in res.operative][9:12] == ["10", "11", "12"]
    assert res.operative[10].verb == "Condemns"
    assert res.operative[9].text.endswith("post-conflict reconstruction activities;")


def test_FCCC_CP_2007_6_Add_1_paragraph_number_a_point_smaller_than_its_text():
    # decision 13/CP.13 sets "8." in 10 pt and its text in 11 pt; 8 was once run into 7
    res = segmented(corpus_pdf("FCCC_CP_2007_6_Add.1-EN.pdf"))
    budget = next(p for p in res.parts if p.number == "13/CP.13")
    assert [o.number for o in budget.operative][6:9] == ["7", "8", "9"]
    assert budget.operative[7].text.startswith("Approves a contingency budget for conference services")
    assert budget.operative[6].text.endswith("as it applies to the Kyoto Protocol;")


def test_FCCC_CP_2015_10_Add_1_paris_agreement_preamble_keeps_its_italic_openings():
    # the annex (the Paris Agreement) opens "The Parties to this Agreement," then italic
    # "Being Parties to the United Nations Framework Convention ...", "Pursuant to the Durban Platform ..."
    res = segmented(corpus_pdf("FCCC_CP_2015_10_Add.1-EN.pdf"))
    annex = next(a for p in res.parts for a in p.annexes if a.title == "Paris Agreement")
    leads = [p.lead for p in annex.paragraphs if p.lead][:3]
    assert leads == ["The Parties to this Agreement", "Being", "Pursuant"]


def test_A_L_632_old_cover_title_in_capitals():
    # a 1971 scan with an OCR text layer: "UNITED / GENERAL / ASSEMBLY" stacked in large type, a
    # library stamp, then "Agenda item 93" and the title in capitals, not bold
    res = segmented(corpus_pdf("A_L.632-EN.pdf"))
    assert res.symbol == "A/L.632"
    assert res.title == "RESTORATION OF THE LAWFUL RIGHTS OF THE PEOPLE'S REPUBLIC OF CHINA IN THE UNITED NATIONS"
