"""Annotations: actions and their force, addressees, mandates with due times, references.

Synthetic Resolution objects test the rules without the corpus; the corpus
tests check expectations read off the PDFs (``resbrief segment``) and skip,
saying why, when ``../shared`` is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import corpus_pdf, segmented

from pipeline.annotate import annotate
from pipeline.annotate.actions import find_actions
from pipeline.annotate.actors import find_actors
from pipeline.annotate.due import find_due, ga_session
from pipeline.annotate.mandates import find_follow_up
from pipeline.annotate.preamble import preamble_kind
from pipeline.annotate.references import find_references
from pipeline.annotate.verbs import SCALE
from pipeline.evaluate.references import score_references, symbol_norm
from pipeline.lexicon.numbers import ordinal
from pipeline.model import Footnote, OperativeParagraph, PreambularParagraph, Resolution, Subparagraph

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TRUTH = SHARED / "corpus" / "truth"


def ga(ops, pre=(), notes=(), **kw) -> Resolution:
    return Resolution(
        symbol=kw.get("symbol", "A/RES/80/1"),
        body="General Assembly",
        enacting_formula=kw.get("formula", "The General Assembly,"),
        date_adopted=kw.get("adopted", "2025-12-01"),
        number="80/1",
        preamble=[PreambularParagraph(id=f"pp{i}", lead=None, text=t) for i, t in enumerate(pre, 1)],
        operative=[
            o
            if isinstance(o, OperativeParagraph)
            else OperativeParagraph(id=f"op{i}", number=str(i), verb=None, text=o)
            for i, o in enumerate(ops, 1)
        ],
        footnotes=list(notes),
    )


def sc(ops, pre=()) -> Resolution:
    res = ga(ops, pre, symbol="S/RES/2800 (2025)", formula="The Security Council,")
    res.body = "Security Council"
    return res


def names(action) -> list[str]:
    return [a["name"] for a in action["addressees"]]


# --- synthetic: actions and addressees -------------------------------------------------


def test_two_actions_in_one_paragraph_each_with_its_addressee():
    text = "Notes the report, and requests the Secretary-General to submit a report at its eighty-first session;"
    acts = find_actions(text, "General Assembly")
    assert [(a["verb"], a["class"]) for a in acts] == [("Notes", "acknowledge"), ("requests", "request")]
    assert names(acts[0]) == [] and names(acts[1]) == ["Secretary-General"]
    sg = acts[1]["addressees"][0]
    assert text[sg["span"][0] : sg["span"][1]] == sg["text"] == "the Secretary-General"  # printed, with its article


def test_force_scale_is_ordered():
    assert SCALE["decide"] > SCALE["request"] > SCALE["encourage"] > SCALE["emphasize"] > SCALE["acknowledge"]
    assert SCALE["condemn"] == SCALE["concern"] == SCALE["emphasize"]


def test_modifiers_and_multiword_verbs():
    for text, verb, cls in [
        ("Also requests the Secretary-General to act;", "Also requests", "request"),
        ("Calls upon all Member States to act;", "Calls upon", "request"),
        ("Takes note with appreciation of the report;", "Takes note with appreciation", "acknowledge"),
        ("Expresses grave concern at the situation;", "Expresses grave concern", "concern"),
        ("Condemns in the strongest terms the attacks;", "Condemns in the strongest terms", "condemn"),
        ("Strongly encourages States to act;", "Strongly encourages", "encourage"),
    ]:
        act = find_actions(text, "General Assembly")[0]
        assert (act["verb"], act["class"]) == (verb, cls)


def test_unknown_verb_is_reported_not_guessed():
    out = annotate(ga(["Frobnicates the Secretariat;"]))["annotations"]
    assert out["actions"][0]["class"] == "unknown" and out["actions"][0]["force"] is None
    assert any("unknown verb" in w for w in out["warnings"])


def test_decides_to_is_the_body_itself_and_decides_that_names_the_subject():
    acts = find_actions("Decides to remain seized of the matter.", "General Assembly")
    assert acts[0]["addressees"] == [] and acts[0]["own"] is True  # the body is never its own addressee
    acts = find_actions("Decides that all Member States shall freeze the funds;", "Security Council", True)
    assert names(acts[0]) == ["Member States"] and acts[0]["binding"] is True
    assert acts[0]["addressees"][0]["text"] == "all Member States"


def test_addressee_with_qualifier_and_lists():
    act = find_actions("Urges Member States that have not yet done so to ratify the Convention;")[0]
    assert names(act) == ["Member States"]
    act = find_actions(
        "Calls upon States and the international community, with developed countries taking the lead, to act;"
    )[0]
    assert names(act) == ["States", "International community"]
    act = find_actions(
        "Requests the United Nations Office on Drugs and Crime, within existing resources, to continue its work;"
    )[0]
    assert names(act) == ["UNODC"]


def test_countries_and_governments():
    found = find_actors("Calls upon the Government of Libya and Ukraine to cooperate")
    assert [(a["name"], a["kind"]) for a in found] == [("Government of Libya", "Government"), ("Ukraine", "State")]


def test_chapter_vii_makes_security_council_decisions_binding():
    res = sc(
        ["Decides that all States shall prevent the supply of arms;", "Requests the Secretary-General to report;"],
        pre=["Acting under Chapter VII of the Charter of the United Nations,"],
    )
    ann = annotate(res)["annotations"]
    assert ann["chapter_vii"]["paragraph"] == "pp1"
    assert [a["binding"] for a in ann["actions"]] == [True, False]


def test_preamble_kinds_and_unknown_opening():
    assert preamble_kind("Recalling also its resolution 77/237,")[1] == "recalling"
    assert preamble_kind("Deeply concerned about the crisis,")[1] == "concern"
    assert preamble_kind("Acting under Chapter VII of the Charter,")[1] == "acting"
    ann = annotate(ga(["Decides to act;"], pre=["Zorbing the matter,"]))["annotations"]
    assert ann["preamble"][0]["kind"] == "unknown" and ann["warnings"]


def test_subparagraph_without_verb_continues_its_paragraph():
    op = OperativeParagraph(
        id="op1",
        number="1",
        verb="Requests",
        text="Requests the Secretary-General:",
        subparagraphs=[Subparagraph(id="op1.a", label="(a)", text="To submit a report by 31 March 2026;")],
    )
    ann = annotate(ga([op]))["annotations"]
    m = next(x for x in ann["mandates"] if x["paragraph"] == "op1.a")
    assert m["actor"] == "Secretary-General" and m["type"] == "report"
    assert m["due"][0]["date"] == "2026-03-31"


# --- synthetic: mandates and due times ---------------------------------------------------


def test_sessions_dates_and_relative_times():
    assert ordinal("eighty-first") == 81 and ordinal("eightieth") == 80
    assert ga_session(80) == {"opens": "2025-09-09", "period": "2025-09/2026-09"}  # as it opened
    due = find_due("to submit a report at its seventy-ninth and eightieth sessions", body="General Assembly")
    assert [(d["session"], d["body"]) for d in due] == [(79, "General Assembly"), (80, "General Assembly")]
    assert "note" not in due[0] and "approximate" not in due[0]
    assert find_due("until July 15, 2025")[0]["date"] == "2025-07-15"
    assert find_due("by the end of 2025")[0]["date"] == "2025-12-31"
    rel = find_due("within 90 days of the adoption of this resolution", adopted="2025-01-15")[0]
    assert rel["date"] == "2025-04-15" and rel["within"] == {"n": 90, "unit": "day"}
    assert find_due("report every six months")[0]["every"] == {"n": 6, "unit": "month"}


def test_budget_follow_up_and_seized():
    ann = annotate(
        ga(
            [
                "Requests the Secretary-General, within existing resources, to submit a report "
                "to the General Assembly at its eighty-first session;",
                "Decides to include in the provisional agenda of its eighty-first session the item "
                "entitled “Crime prevention and criminal justice”.",
            ]
        )
    )["annotations"]
    report = ann["mandates"][0]
    assert report["type"] == "report" and report["budget"] == "within existing resources"
    assert report["to"] == "General Assembly" and report["due"][0]["session"] == 81
    item = ann["mandates"][1]
    assert item["type"] == "agenda item" and item["session"] == 81
    assert item["item"] == "Crime prevention and criminal justice"
    assert find_follow_up("Decides to remain actively seized of the matter.", "Security Council")[0]["type"] == "seized"


def test_extension_until_a_date():
    ann = annotate(sc(["Decides to extend the mandate of UNMISS until 30 April 2026;"]))["annotations"]
    m = ann["mandates"][0]
    assert m["type"] == "extension" and m["due"][0]["date"] == "2026-04-30" and m["concerns"] == ["UNMISS"]


# --- synthetic: references ------------------------------------------------------------------


def test_every_number_of_a_list_is_its_own_reference_with_its_date():
    res = ga(
        ["Takes note of the report;"],
        pre=[
            "Reaffirming its resolutions 46/152 of 18 December 1991, 69/193 and 69/196 of 18 December 2014 "
            "and 77/237 of 15 December 2022, and Economic and Social Council resolution 2007/12 of 25 July 2007,"
        ],
    )
    refs = find_references(res)
    assert [r["symbol"] for r in refs] == [
        "A/RES/46/152",
        "A/RES/69/193",
        "A/RES/69/196",
        "A/RES/77/237",
        "E/RES/2007/12",
    ]
    assert refs[1]["date"] == refs[2]["date"] == "2014-12-18"
    assert refs[0]["text"] == "resolutions 46/152" and refs[0]["url"] == "https://undocs.org/en/A/RES/46/152"


def test_body_context_decides_the_symbol():
    res = sc(
        [
            "Recalls resolutions 2216 (2015), 2722 (2024), and 2739 (2024) and General Assembly "
            "resolution 77/237, and its presidential statement S/PRST/2014/16;"
        ]
    )
    assert [r["symbol"] for r in find_references(res)] == [
        "S/RES/2216 (2015)",
        "S/RES/2722 (2024)",
        "S/RES/2739 (2024)",
        "A/RES/77/237",
        "S/PRST/2014/16",
    ]
    hrc = ga(
        ["Recalls its resolution 53/6 and General Assembly resolution 60/251;"], formula="The Human Rights Council,"
    )
    assert [r["symbol"] for r in find_references(hrc)] == ["A/HRC/RES/53/6", "A/RES/60/251"]


def test_footnote_references_documents_and_treaties():
    res = ga(
        ["Takes note of the report;"],
        notes=[
            Footnote(marker="1", text="A/78/264.", paragraph="op1"),
            Footnote(marker="2", text="United Nations, Treaty Series, vol. 2225, No. 39574.", paragraph="op1"),
            Footnote(marker="3", text="Ibid., vol. 976, No. 14152.", paragraph="op1"),
            Footnote(marker="4", text="See A/57/759-S/2003/332, annex I.", paragraph="op1"),
        ],
    )
    refs = find_references(res)
    assert (refs[0]["symbol"], refs[0]["kind"], refs[0]["footnote"]) == ("A/78/264", "document", "1")
    assert [r["treaty_series"] for r in refs[1:3]] == [
        {"volumes": ["2225"], "number": "39574"},
        {"volumes": ["976"], "number": "14152"},
    ]
    assert refs[1]["url"] is None
    assert refs[3]["symbol"] == "A/57/759" and refs[3]["joint_symbols"] == ["S/2003/332"]


def test_score_references_normalises_links():
    assert symbol_norm("https://docs.un.org/en/S/RES/2216(2015)") == symbol_norm("S/RES/2216 (2015)")
    pred = [
        {"symbol": "A/RES/77/237", "paragraph": "op1", "url": "u"},
        {"symbol": "A/RES/53/77 D", "paragraph": "pp1", "url": "u"},
    ]
    truth = [
        {"symbol": "A/RES/77/237", "url": "https://undocs.org/en/A/RES/77/237", "paragraph": "op1"},
        {"symbol": "A/RES/53/77", "url": "https://undocs.org/en/A/RES/53/77", "paragraph": "pp1"},
        {"symbol": "A/78/264", "url": "https://undocs.org/en/A/78/264", "paragraph": "op1"},
    ]
    s = score_references(pred, truth)
    assert (s["matched"], s["precision"], s["truth"]) == (2, 1.0, 3)


def test_annotate_is_json_ready():
    out = annotate(ga(["Requests the Secretary-General to report in 2026;"], pre=["Recalling its resolution 79/1,"]))
    assert set(out) == {"references", "annotations"}
    json.dumps(out)
    assert out["annotations"]["summary"]["addressees"][0]["name"] == "Secretary-General"
    assert out["annotations"]["summary"]["latest_predecessor"] == "A/RES/79/1"


# --- corpus documents (expectations read off the PDFs) -----------------------------------------


def _action(ann, paragraph, verb_start):
    return next(a for a in ann["actions"] if a["paragraph"] == paragraph and a["verb"].startswith(verb_start))


def test_78_229_report_request_and_references():
    res = segmented(corpus_pdf("A_RES_78_229-EN.pdf"))
    out = annotate(res)
    ann = out["annotations"]
    op92 = _action(ann, "op92", "Requests")
    assert (op92["class"], names(op92)) == ("request", ["Secretary-General"])
    assert [d["session"] for d in op92["due"]] == [79, 80]
    assert op92["due"][1]["period"] == "2025-09/2026-09"
    report = next(m for m in ann["mandates"] if m["paragraph"] == "op92")
    assert report["type"] == "report" and report["to"] == "General Assembly"
    assert ("A/RES/77/237", "op1") in [(r["symbol"], r["paragraph"]) for r in out["references"]]
    assert ("A/78/264", "op1", "48") in [(r["symbol"], r["paragraph"], r.get("footnote")) for r in out["references"]]
    pp1 = [r["symbol"] for r in out["references"] if r["paragraph"] == "pp1"]
    assert len(pp1) == 14 and pp1[-1] == "A/RES/77/237"
    assert ann["summary"]["latest_predecessor"] == "A/RES/77/237"
    op89 = _action(ann, "op89", "Requests")
    assert names(op89) == ["UNODC"] and op89["budget"] == "within existing resources"
    op93 = next(m for m in ann["mandates"] if m["paragraph"] == "op93")
    assert (op93["type"], op93["session"]) == ("consideration", 80)


def test_2768_demand_on_the_houthis_and_reporting_extension():
    ann = annotate(segmented(corpus_pdf("S_RES_2768_2025-EN.pdf")))["annotations"]
    op2 = _action(ann, "op2", "Reiterates its demand")
    assert (op2["class"], names(op2), op2["binding"]) == ("decide", ["Houthis"], False)
    assert ann["chapter_vii"] is None
    op1 = _action(ann, "op1", "Extends")
    assert op1["due"][0]["date"] == "2025-07-15"
    op4 = [a for a in ann["actions"] if a["paragraph"] == "op4"]
    assert [a["class"] for a in op4] == ["acknowledge", "emphasize", "decide"]
    assert names(op4[2]) == ["Member States"]
    assert any(m["type"] == "seized" for m in ann["mandates"] if m["paragraph"] == "op6")


def test_s_2016_1061_chapter_vii_extension():
    ann = annotate(segmented(corpus_pdf("S_2016_1061-EN.pdf")))["annotations"]
    assert ann["chapter_vii"] is not None
    op1 = ann["actions"][0]
    assert (op1["class"], op1["binding"]) == ("decide", True)
    ext = next(m for m in ann["mandates"] if m["paragraph"] == "op1")
    assert ext["type"] == "extension" and ext["due"][0]["date"] == "2016-12-16"
    op2 = _action(ann, "op2", "Authorizes")
    assert (op2["class"], names(op2)) == ("request", ["UNMISS"])


def test_hrc_59_25_report_to_the_council():
    out = annotate(segmented(corpus_pdf("A_HRC_RES_59_25-EN.pdf")))
    ann = out["annotations"]
    assert ann["body"] == "Human Rights Council"
    op23 = next(m for m in ann["mandates"] if m["paragraph"] == "op23")
    assert op23["actor"] == "United Nations High Commissioner for Human Rights" and op23["type"] == "report"
    assert op23["to"] == "Human Rights Council" and 64 in [d.get("session") for d in op23["due"]]
    assert "A/RES/77/276" in [r["symbol"] for r in out["references"] if r["paragraph"] == "pp13"]
    assert "A/HRC/RES/56/8" in [r["symbol"] for r in out["references"]]


def test_ecosoc_draft_report_at_2027_session():
    ann = annotate(segmented(corpus_pdf("E_2025_L.14-EN.pdf")))["annotations"]
    op17 = next(m for m in ann["mandates"] if m["paragraph"] == "op17")
    assert (op17["actor"], op17["type"], op17["to"]) == ("Secretary-General", "report", "Economic and Social Council")
    assert op17["due"][0]["year"] == 2027


def test_references_against_akn_truth():
    if not TRUTH.is_dir():
        pytest.skip(f"shared corpus not found at {TRUTH}")
    from pipeline.akn import read_akn
    from pipeline.evaluate.references import collapse_split_links
    from pipeline.evaluate.scoring import paragraph_id_map
    from pipeline.model import to_dict

    res = segmented(corpus_pdf("A_RES_78_229-EN.pdf"))
    truth = read_akn(next((TRUTH / "unxml_ga" / "A_RES_78_229").glob("*E.xml")))
    s = score_references(find_references(res), collapse_split_links(truth), paragraph_id_map(to_dict(res), truth))
    assert s["recall"] >= 0.98 and s["precision"] >= 0.98


def test_first_person_asks_later_in_a_paragraph():
    acts = find_actions(
        "We will promote data frameworks. In this context, we request the Commission on Science "
        "and Technology for Development to establish a working group. We encourage the working "
        "group to report on its progress by no later than the eighty-first session.",
        "General Assembly",
    )
    assert [(a["verb"], a["class"]) for a in acts] == [
        ("We will", "decide"),
        ("we request", "request"),
        ("We encourage", "encourage"),
    ]
    assert [x["name"] for x in acts[1]["addressees"]] == ["Commission on Science and Technology for Development"]
    assert [x["name"] for x in acts[2]["addressees"]] == ["Working group"]


def test_79_1_annex_i_paragraph_48_asks_and_report():
    res = segmented(corpus_pdf("A_RES_79_1-EN.pdf"))
    ann = annotate(res)["annotations"]
    p48 = next(p.id for a in res.annexes if a.heading == "Annex I" for p in a.paragraphs if p.label == "48.")
    acts = [a for a in ann["actions"] if a["paragraph"] == p48]
    assert [(a["class"], [x["name"] for x in a["addressees"]]) for a in acts if a["class"] != "decide"] == [
        ("request", ["Commission on Science and Technology for Development"]),
        ("encourage", ["Working group"]),
    ]
    mands = {m["actor"]: m for m in ann["mandates"] if m["paragraph"] == p48}
    assert mands["Commission on Science and Technology for Development"]["task"].startswith(
        "establish a dedicated working group"
    )
    report = mands["Working group"]
    assert report["type"] == "report" and report["to"] == "General Assembly"
    assert [(d["kind"], d["session"]) for d in report["due"]] == [("session", 81)]
    assert report in ann["summary"]["reports"]
    # Paragraph 72: the Secretary-General to submit a proposal during the seventy-ninth session.
    p72 = next(p.id for a in res.annexes if a.heading == "Annex I" for p in a.paragraphs if p.label == "72.")
    sg = [m for m in ann["mandates"] if m["paragraph"] == p72 and m["actor"] == "Secretary-General"]
    assert sg and sg[0]["task"].startswith("submit a proposal to the General Assembly")
    assert [d["session"] for d in sg[0]["due"]] == [79]


def test_78_100_cited_seminar_reports_are_not_asked_for_and_a_lettered_to_report_is():
    # op3 asks the Secretary-General "to continue to include the full series of reports of the regional seminars":
    # reports that exist, put on a website, not a report asked for; op5 (f) "To report to the Special Committee on
    # measures taken" is one, by both departments op5 addresses; op8 asks the Special Committee to report to the
    # Assembly at its seventy-ninth session
    path = SHARED / "corpus" / "session78" / "pdfs" / "A_RES_78_100-EN.pdf"
    if not path.parent.is_dir():
        pytest.skip(f"shared corpus folder not found at {path.parent}")
    ann = annotate(segmented(path))["annotations"]
    reports = [(m["paragraph"], m["actor"], m["to"]) for m in ann["mandates"] if m["type"] == "report"]
    assert reports == [
        ("op5.f", "Department of Global Communications", "Special Committee"),
        ("op5.f", "Department of Political and Peacebuilding Affairs", "Special Committee"),
        ("op8", "Special Committee", "General Assembly"),
    ]
