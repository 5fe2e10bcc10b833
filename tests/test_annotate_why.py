"""The examples of issue 11's "Why", one test each, with expectations read off the PDFs.

Each test converts the corpus PDF (once per session, ``conftest.segmented``), annotates it and
checks the annotation and, where the issue speaks of the pack, the pack's view.  The paragraph
texts quoted in the comments are as printed (``pdftotext -layout``).
"""

from __future__ import annotations

import pytest
from conftest import corpus_pdf, segmented

from pipeline.annotate import annotate
from pipeline.config import DEFAULT_TEMPLATES
from pipeline.render.view import build_view, load_labels


def _annotated(name: str):
    res = segmented(corpus_pdf(name))
    return res, annotate(res)


def _actions(ann: dict, paragraph: str) -> list[dict]:
    return [a for a in ann["actions"] if a["paragraph"].split(".")[0] == paragraph]


def _mandates(ann: dict, paragraph: str) -> list[dict]:
    return [m for m in ann["mandates"] if m["paragraph"].split(".")[0] == paragraph]


def _due(items: list[dict]) -> list[tuple]:
    return sorted({(d.get("session"), d.get("date")) for x in items for d in x.get("due") or []}, key=str)


def _view(res, extras):
    return build_view(res, load_labels(DEFAULT_TEMPLATES), extras)


@pytest.mark.parametrize("name, number", [("A_RES_78_229-EN.pdf", "12"), ("A_RES_80_229-EN.pdf", "9")])
def test_78_229_op12_and_80_229_op9_a_special_session_held_years_ago_is_no_deadline(name, number):
    # "Encourages Member States to implement the commitments made in the political declaration entitled “...”,
    #  adopted at the thirty-second special session of the General Assembly, held at United Nations
    #  Headquarters from 2 to 4 June 2021;"
    res, out = _annotated(name)
    op = next(o for o in res.operative if o.number == number)
    assert "adopted at the thirty-second special session" in op.text
    acts = _actions(out["annotations"], op.id)
    assert [x["text"] for a in acts for x in a["addressees"]] == ["Member States"]
    assert _due(acts + _mandates(out["annotations"], op.id)) == []  # not session 32, not 1977, not June 2021


def test_78_229_op77_a_session_that_approved_something_is_past():
    # "... the holding of the Ad Hoc Committee’s fourth, fifth and sixth negotiating sessions from 9 to 20
    #  January, from 11 to 21 April and from 21 August to 1 September 2023, respectively, encourages Member
    #  States to continue to engage ..., and further encourages the participation of relevant stakeholders,
    #  in line with the road map and mode of work of the Ad Hoc Committee approved at its first session;"
    res, out = _annotated("A_RES_78_229-EN.pdf")
    ann = out["annotations"]
    acts = _actions(ann, "op77")
    assert [(a["verb"], a["class"]) for a in acts] == [
        ("Notes with appreciation", "acknowledge"),
        ("encourages", "encourage"),
        ("further encourages", "encourage"),
    ]
    assert [x["text"] for a in acts for x in a["addressees"]] == ["Member States", "relevant stakeholders"]
    assert _due(acts + _mandates(ann, "op77")) == []


def test_78_229_op37_resources_for_unodc_are_a_task_not_a_report():
    # "Requests the Secretary-General to continue to provide the United Nations Office on Drugs and Crime with
    #  adequate resources ..." is asked of the Secretary-General; it is no report.
    res, out = _annotated("A_RES_78_229-EN.pdf")
    ann = out["annotations"]
    assert [m["type"] for m in _mandates(ann, "op37") if m["actor"] == "Secretary-General"] == ["task"]
    view = _view(res, out)
    assert all(r.where.label != "OP37" for r in view.summary.reports)
    assert any(a.where.label == "OP37" and a.actor == "Secretary-General" for a in view.summary.key_asks) or (
        view.summary.more_asks > 0
    )
    # the reports of this resolution: the two summaries for the Commission, the financial report, op92's
    assert [r.where.label for r in view.summary.reports] == ["OP27", "OP28", "OP39", "OP92"]


def test_2768_op1_extending_the_reporting_request_is_the_secretary_generals_report():
    # "1. Extends the reporting request in paragraph 10 of resolution 2722 (2024) until July 15, 2025;"
    res, out = _annotated("S_RES_2768_2025-EN.pdf")
    ann = out["annotations"]
    [act] = _actions(ann, "op1")
    assert (act["verb"], act["class"], act["addressees"], act["own"]) == ("Extends", "decide", [], True)
    [report] = [m for m in _mandates(ann, "op1") if m["type"] == "report"]
    assert (report["actor"], report["actor_text"], report["inferred"]) == ("Secretary-General", None, True)
    assert [d["date"] for d in report["due"]] == ["2025-07-15"]
    assert not [m for m in ann["mandates"] if m.get("actor") == "Security Council" and not m.get("self")]
    view = _view(res, out)
    [row] = view.summary.reports
    assert row.actor == "Secretary-General (not named in this text)" and row.where.label == "OP1"
    assert all(a.actor != "Security Council" for a in view.summary.key_asks)
    assert "Security Council" not in [a.name for a in view.actors]


def test_2776_op23_and_op25_renewals_are_the_councils_own_acts():
    # "23. Decides to renew, until 13 December 2025, ... the provisions set out in paragraphs 15 and 17 of
    #  resolution 2182 (2014) ...;"  "25. Decides to renew, with effect from the date of adoption of this
    #  resolution until 13 January 2026, the Panel, with the following mandate: (a) to conduct the tasks ..."
    res, out = _annotated("S_RES_2776_2025-EN.pdf")
    ann = out["annotations"]
    for pid, date in (("op23", "2025-12-13"), ("op25", "2026-01-13")):
        [act] = [a for a in _actions(ann, pid) if a["paragraph"] == pid]
        assert (act["class"], act["addressees"], act["own"]) == ("decide", [], True)
        ext = [m for m in _mandates(ann, pid) if m["type"] == "extension"]
        assert [(m["actor"], m["self"], m["due"][0]["date"]) for m in ext] == [("Security Council", True, date)]
    # the renewed Panel is asked the mandate's tasks, the Council nothing
    assert {m["actor"] for m in _mandates(ann, "op25") if not m.get("self")} == {"Panel of Experts"}
    view = _view(res, out)
    assert all(a.actor != "Security Council" for a in view.summary.key_asks)
    assert "Security Council" not in [a.name for a in view.actors]
    assert ("13 December 2025", "Mandate runs until", "Security Council") in [
        (c.date, c.kind, c.actor) for c in view.summary.calendar
    ]


def test_2776_op32_a_keeps_both_dates_of_the_thematic_reports():
    # "32. Requests the Panel to provide: (a) regular updates to the Committee, ..., including a minimum of
    #  two different thematic reports by 31 August 2025 and 13 January 2026 respectively; (b) a comprehensive
    #  mid-term update; and (c) for the Security Council’s consideration through the Committee, a final report
    #  by 13 November 2025;"
    res, out = _annotated("S_RES_2776_2025-EN.pdf")
    reports = [m for m in _mandates(out["annotations"], "op32") if m["type"] == "report"]
    assert [(m["paragraph"], m["to"], [d["date"] for d in m["due"]]) for m in reports] == [
        ("op32.a", "Committee", []),
        ("op32.a", "Committee", ["2025-08-31", "2026-01-13"]),
        ("op32.b", None, []),
        ("op32.c", "Security Council", ["2025-11-13"]),
    ]
    assert {m["actor_text"] for m in reports} == {"the Panel"}


def test_2776_reports_table_has_the_panels_final_report_and_the_somali_governments_reports():
    # "46. Requests the GFRS, ..., to provide to the Security Council, by 1 May 2025 and then by 1 October 2025,
    #  reports which include: ..."
    res, out = _annotated("S_RES_2776_2025-EN.pdf")
    rows = {(r.actor, r.to, tuple(r.due), r.where.label) for r in _view(res, out).summary.reports}
    assert ("Panel of Experts", "Security Council", ("by 13 November 2025",), "OP32 (c)") in rows
    assert ("GFRS", "Security Council", ("by 1 May 2025", "by 1 October 2025"), "OP46") in rows
    assert ("Secretary-General", "Security Council", ("by 1 November 2025",), "OP48 (a)") in rows
    # what the reports are to contain ("(d) the reports of the Joint Verification Team ...") is no report
    assert not [r for r in rows if r[3].startswith("OP46 (")]


def test_cma3_op2_the_ipcc_by_its_name_reports_to_sbsta():
    # "2. Welcomes the contribution of Working Group I to the Intergovernmental Panel on Climate Change Sixth
    #  Assessment Report ... and invites the Intergovernmental Panel on Climate Change to present its
    #  forthcoming reports to the Subsidiary Body for Scientific and Technological Advice in 2022;"
    res, out = _annotated("FCCC_PA_CMA_2021_10_Add.1-EN.pdf")
    assert res.parts[0].number == "1/CMA.3"
    ann = out["annotations"]["parts"][0]
    invites = [a for a in _actions(ann, "op2") if a["verb"] == "invites"][0]
    assert [(x["text"], x["name"]) for x in invites["addressees"]] == [
        ("the Intergovernmental Panel on Climate Change", "IPCC")
    ]
    [report] = [m for m in _mandates(ann, "op2") if m["type"] == "report"]
    assert report["to"] == "Subsidiary Body for Scientific and Technological Advice"
    assert [d["date"] for d in report["due"]] == ["2022"] and report["label"] == "1/CMA.3 op2"


def test_cma3_op18_developed_country_parties_and_the_2019_baseline():
    # "18. Urges developed country Parties to at least double their collective provision of climate finance
    #  for adaptation to developing country Parties from 2019 levels by 2025, ..."
    res, out = _annotated("FCCC_PA_CMA_2021_10_Add.1-EN.pdf")
    ann = out["annotations"]["parts"][0]
    [act] = _actions(ann, "op18")
    assert [x["text"] for x in act["addressees"]] == ["developed country Parties"]
    assert _due([act] + _mandates(ann, "op18")) == [(None, "2025")]  # 2019 is the baseline
    assert act["label"] == "1/CMA.3 op18"
    view = _view(res, out)
    assert "1/CMA.3 OP18" in [a.where.label for a in view.summary.key_asks]


def test_expresses_concern_and_notes_with_deep_regret_are_concern_not_condemnation():
    # A/RES/78/229 "39. Expresses concern regarding the overall financial situation of the United Nations
    # Office on Drugs and Crime, ..."; 1/CMA.3 "44. Notes with deep regret that the goal of developed country
    # Parties to mobilize jointly USD 100 billion per year by 2020 ... has not yet been met ..."
    labels = load_labels(DEFAULT_TEMPLATES)
    res, out = _annotated("A_RES_78_229-EN.pdf")
    first = _actions(out["annotations"], "op39")[0]
    assert (first["verb"], first["class"]) == ("Expresses concern", "concern")
    note = next(a for p in _view(res, out).parts[0].operative if p.label == "OP39" for a in p.annotations)
    assert (note.verb, note.label) == ("Expresses concern", "Concern") and "Condemn" not in note.line
    _, cma = _annotated("FCCC_PA_CMA_2021_10_Add.1-EN.pdf")
    first = _actions(cma["annotations"]["parts"][0], "op44")[0]
    assert (first["verb"], first["class"]) == ("Notes with deep regret", "concern")
    assert labels["classes"]["concern"] == "Concern" and labels["classes"]["condemn"] == "Condemnation"


def test_79_1_we_will_commitments_are_the_heads_of_states_not_the_assemblys():
    # "1. We, the Heads of State and Government, representing the peoples of the world, ..."; "17. We will
    #  advance implementation of these actions ... We will review the overall implementation of the Pact at
    #  the beginning of the eighty-third session of the General Assembly ..."
    res, out = _annotated("A_RES_79_1-EN.pdf")
    ann = out["annotations"]
    we = [a for a in ann["actions"] if a["verb"].lower().startswith("we will")]
    assert we and all(a["speaker"] == "Heads of State and Government" for a in we)
    assert all(x["name"] != "General Assembly" for a in ann["actions"] for x in a["addressees"])
    commitments = [m for m in ann["mandates"] if m["type"] == "commitment"]
    assert commitments and {m["actor"] for m in commitments} == {"Heads of State and Government"}
    assert not [m for m in ann["mandates"] if m.get("actor") == "General Assembly" and not m.get("self")]
    review = next(m for m in commitments if "review the overall implementation of the Pact" in m["task"])
    assert [(d["session"], d["opens"]) for d in review["due"]] == [
        (83, "2028-09-05")
    ]  # 1 Sep 2028 a Friday: Tue of week 2


def test_78_229_op32_the_office_is_the_office_named_before_it():
    # "... capacity-building activities, such as those provided by the United Nations Office on Drugs and Crime,
    #  ... and requests the Office to continue to provide technical assistance, upon request, in this regard in
    #  cooperation and coordination with the Office of Counter-Terrorism and ..."  (found in the hand check of
    #  the 78/229 -> 80/229 comparison: "the Office" was read as the Office of Counter-Terrorism, named after it)
    res, out = _annotated("A_RES_78_229-EN.pdf")
    acts = _actions(out["annotations"], "op32")
    assert [(x["text"], x["name"]) for a in acts for x in a["addressees"]] == [
        ("Member States", "Member States"),
        ("the Office", "UNODC"),
    ]
