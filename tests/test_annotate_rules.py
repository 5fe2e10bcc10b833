"""The annotator's rules, one table each: verb labels and classes, who is asked, reports, due times, follow-up.

The sentences are written in the manner of UN resolutions (most are shortened from corpus
paragraphs); the expected values follow the annotation guide (``../shared/annotations/GUIDE.md``)
and the rules in the modules' docstrings.
"""

from __future__ import annotations

import pytest

from pipeline.annotate import annotate
from pipeline.annotate.actions import find_actions
from pipeline.annotate.due import find_due, future_only
from pipeline.annotate.mandates import find_budget, find_follow_up
from pipeline.annotate.reports import find_reports
from pipeline.annotate.verbs import lead_action
from pipeline.model import OperativeParagraph, Resolution, Subparagraph

GA = "General Assembly"
SC = "Security Council"

# --- verb labels and classes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, label, lemma, cls",
    [
        ("Takes note of the report of the Secretary-General;", "Takes note", "takes note of", "acknowledge"),
        ("Also calls upon Member States to act;", "Also calls upon", "calls upon", "request"),
        ("Appeals to the Member States of the region to act;", "Appeals to", "appeals to", "request"),
        ("Emphasizes again the need to address the root causes;", "Emphasizes again", "emphasizes", "emphasize"),
        ("Emphasizes with concern the grave consequences;", "Emphasizes with concern", "emphasizes", "emphasize"),
        (
            "Reaffirms its commitment to working with Somalia;",
            "Reaffirms its commitment",
            "reaffirms its commitment",
            "emphasize",
        ),
        ("Reaffirms its resolution 70/1;", "Reaffirms", "reaffirms", "emphasize"),
        (
            "Reiterates, for the twentieth consecutive year, its deep concern at the situation;",
            "Reiterates its deep concern",
            "reiterates its deep concern",
            "concern",
        ),
        (
            "Endorses and supports Mongolia’s relationship with its neighbours;",
            "Endorses and supports",
            "endorses and supports",
            "decide",
        ),
        ("Expresses concern regarding the financial situation;", "Expresses concern", "expresses concern", "concern"),
        (
            "Notes with deep regret that the goal has not been met;",
            "Notes with deep regret",
            "notes with deep regret",
            "concern",
        ),
        (
            "Condemns in the strongest terms all attacks;",
            "Condemns in the strongest terms",
            "condemns in the strongest terms",
            "condemn",
        ),
        ("Recalls its request to the Secretary-General;", "Recalls its request", "recalls its request", "acknowledge"),
        (
            "Reiterates its request to the Secretary-General to act;",
            "Reiterates its request",
            "reiterates its request",
            "request",
        ),
        (
            "Expresses its intention to review the mandate;",
            "Expresses its intention",
            "expresses its intention",
            "emphasize",
        ),
    ],
)
def test_verb_label_as_printed_and_lemma_for_the_class(text, label, lemma, cls):
    v = lead_action(text)
    assert (v.label, v.lemma, v.cls) == (label, lemma, cls)


# --- who is asked -----------------------------------------------------------------------------------


def _asked(text: str, me: str = GA) -> list[list[str]]:
    return [[x["text"] for x in a["addressees"]] for a in find_actions(text, me)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # each member of a coordinated list, with its determiner; a lone modifier shares the next head
        (
            "Invites Member States, intergovernmental and non-governmental organizations and other relevant entities to provide support;",
            [["Member States", "intergovernmental and non-governmental organizations", "other relevant entities"]],
        ),
        # an insertion does not end the list; a restriction is cut
        (
            "Calls upon States and, where appropriate, other relevant international organizations to act;",
            [["States", "other relevant international organizations"]],
        ),
        ("Urges Member States that have not yet done so to ratify the Convention;", [["Member States"]]),
        ("Urges States parties to those conventions and protocols to implement them;", [["States parties"]]),
        # a named body after "especially" is asked too; a category after "in particular" is not
        (
            "Calls upon the United Nations, especially the United Nations Office on Drugs and Crime, to support Member States;",
            [["the United Nations", "the United Nations Office on Drugs and Crime"]],
        ),
        ("Calls upon all States, in particular those in the region, to cooperate;", [["all States"]]),
        (
            "Encourages the participation of all States, in particular developing countries, as well as of the "
            "United Nations system and regional organizations, in the Conference;",
            [["all States", "the United Nations system", "regional organizations"]],
        ),  # the list goes on after the inclusion, "as well as of" joins the participants
        # the subject of a that-clause; an obligation stated of an actor under any verb
        ("Requests that AUSSOM, within its existing mandate, support Somalia;", [["AUSSOM"]]),
        ("Reaffirms that all States shall prevent the supply of such items;", [["all States"]]),
        ("Affirms the obligation of all States Parties to fully comply with the Treaty;", [["all States Parties"]]),
        ("Recognizes that the multilateral system must be strengthened;", [[]]),  # said of it, not asked
        ("Emphasizes the need for all Member States to promote cooperation;", [[]]),  # a soft call, no ask
        # "for X to", "..., and B to", efforts by X, a pronoun
        (
            "Calls upon Member States to consider ratifying the Protocol, and for States parties, in accordance with their obligations, to implement it;",
            [["Member States", "States parties"]],
        ),
        (
            "Invites the Office of the High Commissioner to share information, and the Working Group on Children and Armed Conflict to communicate to the Committee;",
            [["the Office of the High Commissioner", "the Working Group on Children and Armed Conflict"]],
        ),
        ("Encourages enhanced diplomatic efforts by all parties to that end;", [["all parties"]]),
        ("Urges caution and restraint to avoid further escalation;", [[]]),
        (
            "Notes the readiness of the Iranian High Council for Human Rights and other Iranian officials to engage, and calls upon them to resume dialogues;",
            [[], ["the Iranian High Council for Human Rights", "other Iranian officials"]],
        ),
        # the body itself is never asked, nor is an actor only welcomed or commended
        ("Decides to remain actively seized of the matter;", [[]]),
        ("Welcomes the work of the Secretary-General and commends the Special Envoy;", [[], []]),
        # an ask inside a decision; observer status is granted, not asked
        ("Decides to request the Secretary-General to report;", [["the Secretary-General"]]),
        (
            "Decides to invite the Organization to participate in the work of the Assembly in the capacity of observer;",
            [[]],
        ),
    ],
)
def test_who_is_asked_by_grammar(text, expected):
    assert _asked(text) == expected


def test_demands_with_a_bare_verb_and_the_councils_own_extension():
    assert _asked("Demands Member States stop providing arms to the Houthis;", SC) == [["Member States"]]
    assert _asked("Decides to extend the mandate of UNMISS until 30 April 2026;", SC) == [[]]


def _op(text, subs=()):
    return OperativeParagraph(
        id="op1",
        number="1",
        verb=None,
        text=text,
        subparagraphs=[Subparagraph(id=f"op1.{c}", label=f"({c})", text=t) for c, t in subs],
    )


def _res(ops, body=GA, adopted="2025-03-03"):
    symbol = "A/RES/79/1" if body == GA else "S/RES/2800 (2025)"
    formula = "The General Assembly," if body == GA else "The Security Council,"
    return Resolution(symbol=symbol, body=body, enacting_formula=formula, date_adopted=adopted, operative=list(ops))


def test_items_of_a_list_of_actors_and_of_a_mandate():
    ann = annotate(
        _res(
            [
                _op(
                    "Recalls its decision, and requests:",
                    [
                        ("a", "the Panel and UNODC to continue to monitor the stockpiles;"),
                        ("b", "the GFRS to engage with the Committee;"),
                    ],
                )
            ],
            SC,
        )
    )["annotations"]
    assert [[x["text"] for x in a["addressees"]] for a in ann["actions"]] == [
        [],
        [],
        ["the Panel", "UNODC"],
        ["the GFRS"],
    ]
    ann = annotate(
        _res(
            [
                _op(
                    "Decides to renew, until 13 January 2026, the Panel, with the following mandate:",
                    [
                        ("a", "to conduct the tasks referred to in paragraph 11;"),
                        ("b", "to assist the Committee, including by reporting any information on violations;"),
                    ],
                )
            ],
            SC,
        )
    )["annotations"]
    assert [(m["type"], m["actor"]) for m in ann["mandates"]] == [
        ("extension", "Security Council"),
        ("task", "Panel of Experts"),
        ("report", "Panel of Experts"),
        ("task", "Panel of Experts"),
    ]


# --- reports ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("to report thereon to the General Assembly at its eighty-first session", [("report", "General Assembly")]),
        ("to continue to keep the Council informed every 90 days", [("keep the Council informed", SC)]),
        ("to provide the Committee with regular updates on ports", [("updates", "Committee")]),
        (
            "to prepare a summary of the discussion for transmission to the Commission on Crime Prevention and Criminal Justice",
            [("summary", "Commission on Crime Prevention and Criminal Justice")],
        ),
        (
            "to make its recommendations to the General Assembly through the Economic and Social Council",
            [("recommendations", "General Assembly")],
        ),
        ("to include in his report information on the implementation", [("in his report", None)]),
        (
            "to report to the General Assembly at its seventy-ninth session and to submit an interim report to the Human Rights Council at its fifty-sixth session",
            [("report", "General Assembly"), ("report", "Human Rights Council")],
        ),
        (
            "to provide to the Council a mid-term report no later than 30 December 2025, and a final report no later than 15 June 2026",
            [("report", SC), ("report", SC)],
        ),
        (
            "to prepare a synthesis report on financing, and to submit the report to the Council at its sixty-third session",
            [("report", SC)],  # "the Council" of a Security Council text
        ),
        # not reports: information shared, a notification, someone else's report, help to another's reporting
        ("to share relevant information with the Committee", []),
        ("to notify the Committee of any delivery", []),
        ("to address the concerns highlighted in the reports of the Secretary-General", []),
        ("to support the GFRS with analysis and reporting on online platforms", []),
        ("to strengthen national statistical systems and suspicious transaction reporting", []),
        (
            "to provide to the Security Council, and to the CMD and the Office of National Security, an update",
            [("update", SC)],
        ),  # the first of the bodies it is handed to
        ("to provide to the Committee and to the Security Council a report on its work", [("report", "Committee")]),
        (
            "to report in its annual reports to the Human Rights Council on its activities",
            [("report in its annual reports", "Human Rights Council")],
        ),  # one report, not a verb and a noun
    ],
)
def test_report_triggers_and_recipients(text, expected):
    found = find_reports(text, SC)
    assert [(r["trigger"], r["to"]) for r in found] == expected


def test_the_items_of_to_provide_are_reports_and_including_keeps_the_recipient():
    assert [
        (r["trigger"], r["to"])
        for r in find_reports(
            "regular updates to the Committee, including a minimum of two thematic reports by 31 August 2025",
            SC,
            items_follow=True,
        )
    ] == [("updates", "Committee"), ("reports", "Committee")]


def test_a_report_that_is_the_whole_ask_is_told_without_its_verb_and_actor():
    ann = annotate(
        _res(
            [_op("Requests the Secretary-General to continue to update Member States on new technologies;")],
            GA,
            "2024-09-22",
        )
    )["annotations"]
    assert [(m["type"], m["actor"], m["task"], m["to"]) for m in ann["mandates"]] == [
        ("report", "Secretary-General", "continue to update Member States on new technologies", "Member States")
    ]


def test_an_insertion_between_commas_is_not_the_task():
    text = (
        "Requests the Government, following consultation with the Panel and its partners, and in accordance with "
        "paragraph 9 of resolution 2182 (2014), to provide to the Council, by 1 May 2025, a report on storage;"
    )
    ann = annotate(_res([_op(text)], SC, "2025-03-03"))["annotations"]
    assert [(m["type"], m["task"]) for m in ann["mandates"]] == [
        ("report", "provide to the Council, by 1 May 2025, a report on storage")
    ]


def test_an_extended_reporting_request_is_the_secretary_generals_report():
    ann = annotate(
        _res(
            [_op("Extends the reporting request in paragraph 10 of resolution 2722 (2024) until July 15, 2025;")],
            SC,
            "2025-01-15",
        )
    )["annotations"]
    [report] = ann["mandates"]
    assert (report["type"], report["actor"], report["inferred"], report["due"][0]["date"]) == (
        "report",
        "Secretary-General",
        True,
        "2025-07-15",
    )
    assert ann["actions"][0]["addressees"] == [] and ann["actions"][0]["own"] is True


# --- due times ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, adopted, expected",
    [
        (
            "adopted at the thirty-second special session of the General Assembly, held from 2 to 4 June 2021",
            "2023-12-19",
            [],
        ),
        ("in line with the road map approved at its first session", "2023-12-19", []),
        ("to double their provision of finance from 2019 levels by 2025", "2021-11-13", [(None, "2025")]),
        ("to implement the Mobile Money Regulations (2019) and the “Strategy for 2030”", "2025-03-03", []),
        (
            "for the period from 1 July 2023 to 30 June 2024",
            "2023-12-22",
            [(None, "2024-06-30")],
        ),  # first bound to come
        ("to hold the Congress from 25 to 30 April 2026", "2024-12-17", [(None, "2026-04-25")]),
        ("shall be held from 30 June to 3 July 2025", "2024-04-11", [(None, "2025-06-30")]),
        ("Decides to extend, to 31 January 2026, the mandate", "2025-07-14", [(None, "2026-01-31")]),
        ("to contribute to the 2030 Agenda", "2025-03-03", []),
        (
            "by 31 August 2025 and 13 January 2026 respectively",
            "2025-03-03",
            [(None, "2025-08-31"), (None, "2026-01-13")],
        ),
        ("by 1 May 2025 and then by 1 October 2025", "2025-03-03", [(None, "2025-05-01"), (None, "2025-10-01")]),
        ("at the fourth session of the Conference of the Parties (November 2022)", "2021-11-13", [(4, "2022-11")]),
        ("at its seventy-seventh session", "2023-12-19", []),  # a past session of the Assembly
        ("during the seventy-eighth session", "2023-12-19", [(78, None)]),  # the current one goes on
        ("to transmit the records of the seventy-eighth session", "2023-11-08", []),  # no time for the act
        ("since 2015 and in 2026", "2025-01-01", [(None, "2026")]),
        ("to consider how we will advance sustainable development by 2030 and beyond", "2024-09-22", []),
        # A/RES/78/150 OP6 and OP5 (PDF page 3): the year is in what the paragraph bears in mind, not a deadline
        (
            "to support efforts to enable all women to have leadership and decision-making roles at all levels, "
            "bearing in mind that, at the current pace, women’s share of workplace management positions will reach "
            "only 30 per cent by 2050;",
            "2023-12-19",
            [],
        ),
        (
            "and considering that, on the current trajectory, the gap between the time spent by women and men on "
            "unpaid care will narrow slightly, but by 2050, women globally will still be spending 9.5 per cent more "
            "time",
            "2023-12-19",
            [],
        ),
        ("to achieve the target by 2030, bearing in mind that progress is slow", "2023-12-19", [(None, "2030")]),
        # S/RES/2789 OP1 (PDF page 1): what the Council notes must be done by a date is a deadline
        (
            "noting that references to midterm and final reports of the Panel of Experts should be updated to "
            "31 January 2026 and 15 June 2026",
            "2025-07-29",
            [(None, "2026-01-31"), (None, "2026-06-15")],
        ),
    ],
)
def test_future_due_times_only(text, adopted, expected):
    due = future_only(find_due(text, adopted, GA), adopted, text, 0, {GA: 78 if adopted < "2024-09" else 79})
    assert [(d.get("session"), d.get("date")) for d in due if d["kind"] not in ("recurrence", "frame")] == expected


def test_regular_sessions_of_the_assembly_carry_their_opening_day():
    [due] = find_due("to report at its eighty-first session", body=GA)
    assert (due["session"], due["opens"], due["period"]) == (81, "2026-09-08", "2026-09/2027-09")
    [special] = find_due("at its thirty-second special session", body=GA)
    assert special["session_kind"] == "special" and "opens" not in special


@pytest.mark.parametrize(
    "text, printed",
    [
        ("to carry out the study by the end of the eightieth session", "by the end of the eightieth session"),
        (
            "to report before the beginning of its eighty-first session",
            "before the beginning of its eighty-first session",
        ),
        ("in the provisional agenda of its eightieth session", "of its eightieth session"),  # an agenda, no edge
    ],
)
def test_a_session_due_time_prints_its_edge(text, printed):
    assert [d["text"] for d in find_due(text, body=GA) if d["kind"] == "session"] == [printed]


# --- follow-up and budgets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, session, item",
    [
        (
            "Decides to include in the provisional agenda of its eighty-first session, under the item entitled “General and complete disarmament”, the sub-item entitled “Mongolia’s status”.",
            "agenda item",
            81,
            "Mongolia’s status",
        ),
        (
            "Decides to continue its examination of the situation at its seventy-ninth session under the item entitled “Promotion and protection of human rights”.",
            "agenda item",
            79,
            "Promotion and protection of human rights",
        ),
        (
            "Further decides to keep under review during its seventy-eighth session, the item entitled “Financing of the Mission”.",
            "agenda item",
            78,
            "Financing of the Mission",
        ),
        (
            "Decides to consider the question of crime prevention at its eightieth session.",
            "consideration",
            80,
            "the question of crime prevention",
        ),
    ],
)
def test_follow_up_phrases(text, kind, session, item):
    [f] = find_follow_up(text, GA)
    assert (f["type"], f["session"], f["item"]) == (kind, session, item)


@pytest.mark.parametrize(
    "text, note",
    [
        ("to continue, within existing resources, its work", "within existing resources"),
        (
            "subject to the availability of extrabudgetary resources",
            "subject to the availability of extrabudgetary resources",
        ),
        ("Takes note of the estimated budgetary implications of the activities", "programme budget implications"),
        ("should be met from voluntary contributions", "voluntary contributions"),
        ("to continue its work", None),
    ],
)
def test_budget_notes(text, note):
    assert find_budget(text) == note
