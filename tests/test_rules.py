"""The small rules, case by case: footnote calls, line-end hyphens, dates, periods, numbers, XML-safe text.

Each table row is one case whose expectation was worked out by hand (calendar
arithmetic, the printed page of a corpus PDF), not read off the code's output.
The one corpus case (S/RES/2780 (2025), paragraph 2: "within five months of the
adoption of this resolution", adopted 29 May 2025, checked with
``pdftotext -layout``) skips when ../shared is absent.
"""

from __future__ import annotations

import pytest
from conftest import corpus_pdf, segmented

from pipeline.annotate.due import add_period, current_ga_session, find_due, ga_session
from pipeline.clean import blocks_of, join_text, line_joint
from pipeline.lexicon.dates import iso_date
from pipeline.lexicon.numbers import cardinal, ordinal
from pipeline.model import Line, Span
from pipeline.render.docx import xml_safe
from pipeline.segment.footnotes import Calls

# --- footnote calls: which call a note at a page foot answers ---------------------------------


def _calls(*added: tuple[str, str, int]) -> Calls:
    calls = Calls()
    for marker, paragraph, page in added:
        calls.add(marker, paragraph, page)
    return calls


# (calls in reading order as (marker, paragraph, page), notes as (marker, page), paragraphs answered)
CALL_CASES = [
    pytest.param([("1", "pp1", 1)], [("1", 1)], ["pp1"], id="one call, note on its page"),
    pytest.param([("1", "pp1", 1)], [("1", 2)], ["pp1"], id="note printed a page after its call"),
    # note 1 on page 3 answers the call on page 3, not the earlier one on page 1 (numbered afresh)
    pytest.param(
        [("1", "pp1", 1), ("1", "annex1.p1", 3)],
        [("1", 3)],
        ["annex1.p1"],
        id="call on the note's own page wins over an earlier page",
    ),
    pytest.param(
        [("1", "pp1", 1), ("1", "annex1.p1", 3)],
        [("1", 1), ("1", 3)],
        ["pp1", "annex1.p1"],
        id="two notes 1, each on its call's page",
    ),
    pytest.param(
        [("1", "pp1", 1), ("1", "annex1.p1", 3)],
        [("1", 2)],
        ["pp1"],
        id="a later page's call is not answered from an earlier page",
    ),
    # two calls with one marker on one page: the first note takes the first call, the next the second
    pytest.param([("*", "op1", 2), ("*", "op2", 2)], [("*", 2)], ["op1"], id="first call on the page"),
    pytest.param(
        [("*", "op1", 2), ("*", "op2", 2)],
        [("*", 2), ("*", 2)],
        ["op1", "op2"],
        id="first then second call on the page",
    ),
    pytest.param(
        [("*", "op1", 2), ("*", "op2", 2), ("*", "op3", 4)],
        [("*", 4), ("*", 2)],
        ["op3", "op1"],
        id="nearest page, then first call on it",
    ),
    pytest.param([("2", "op5", 3)], [("2", 1)], ["op5"], id="note before any call takes the first free one"),
    pytest.param([("1", "pp1", 1)], [("1", 1), ("1", 1)], ["pp1", "pp1"], id="the same note called again"),
    pytest.param([("1", "pp1", 1)], [("9", 1)], [None], id="a marker nobody calls"),
    pytest.param([], [("1", 1)], [None], id="no calls at all"),
]


@pytest.mark.parametrize("added, notes, expected", CALL_CASES)
def test_footnote_call_answered(added, notes, expected):
    calls = _calls(*added)
    assert [calls.answer(marker, page) for marker, page in notes] == expected


def test_calls_know_their_markers():
    calls = _calls(("1", "pp1", 1), ("*", "title", 1))
    assert "1" in calls and "*" in calls and "2" not in calls
    assert calls.by_marker == {"1": [("pp1", 1)], "*": [("title", 1)]}


# --- line-end hyphens ------------------------------------------------------------------------

# (left line, right line, words of the document, how they meet)
JOINT_CASES = [
    ("the recom-", "mendation of the Committee", {"recommendation"}, "-"),  # a word broken by the typesetter
    ("non-", "governmental organizations", {"nongovernmental"}, "-"),
    ("the Secretary-", "General", {"secretarygeneral"}, ""),  # capital after it: a real hyphen
    ("follow-", "up", {"follow-up"}, ""),  # the document prints it hyphened
    ("follow-", "up", {"followup", "follow-up"}, ""),  # both spellings: keep the hyphen
    ("the recom-", "mendation", set(), ""),  # unknown word: keep what is printed
    ("self-", "determination", {"self-determination"}, ""),
    ("paragraphs 3–", "14 June", set(), ""),  # dash between numbers
    ("paragraphs 3-", "14", set(), ""),
    ("troop-", "and police-contributing", {"troopand"}, " "),  # suspended hyphen before "and"
    ("pre-", "or post-conflict", set(), " "),
    ("the Council", "decides", set(), " "),  # no hyphen
    ("end -", "of text", set(), " "),  # a dash set apart, not a hyphen
    ("1995-", "2005", set(), ""),
]


@pytest.mark.parametrize("left, right, vocabulary, joint", JOINT_CASES)
def test_line_joint(left, right, vocabulary, joint):
    assert line_joint(left, right, frozenset(vocabulary)) == joint


@pytest.mark.parametrize(
    "left, right, joined",
    [
        ("the recom-", "mendation", "the recom-mendation"),  # footnotes join without a vocabulary: kept
        ("Secretary-", "General", "Secretary-General"),
        ("troop-", "and police", "troop- and police"),
        ("See", "A/78/1.", "See A/78/1."),
        ("", "alone", "alone"),
        ("alone", "", "alone"),
    ],
)
def test_join_text(left, right, joined):
    assert join_text(left, right) == joined


def _line(top: float, text: str, x0: float = 72.0) -> Line:
    return Line(page=1, top=top, x0=x0, x1=520.0, size=10.0, spans=[Span(text)])


def test_a_word_broken_at_a_line_end_is_joined_when_the_document_prints_it_whole():
    lines = [
        _line(100, "Takes note of the recommendation of the Committee and welcomes the recom-"),
        _line(112, "mendation of the Board on the follow-"),
        _line(124, "up to the Conference, and of the Secretary-"),
        _line(136, "General on the matter."),
    ]
    [block] = blocks_of(lines, 10.0)
    assert block.text == (
        "Takes note of the recommendation of the Committee and welcomes the "
        "recommendation of the Board on the follow-up to the Conference, and of the "
        "Secretary-General on the matter."
    )


# --- periods after a date ---------------------------------------------------------------------

ADD_PERIOD_CASES = [
    ("2025-05-29", 5, "months", "2025-10-29"),  # S/RES/2780 (2025) op 2: five months from 29 May
    ("2025-05-29", 1, "month", "2025-06-29"),
    ("2025-05-29", 12, "months", "2026-05-29"),
    ("2025-05-29", 0, "months", "2025-05-29"),
    ("2025-01-31", 1, "month", "2025-02-28"),  # no 31 February: the month's last day
    ("2024-01-31", 1, "month", "2024-02-29"),  # leap year
    ("2025-03-31", 1, "month", "2025-04-30"),
    ("2025-08-31", 6, "months", "2026-02-28"),
    ("2023-08-31", 6, "months", "2024-02-29"),
    ("2025-11-30", 3, "months", "2026-02-28"),  # across the year end
    ("2025-12-15", 1, "month", "2026-01-15"),
    ("2025-10-01", 3, "months", "2026-01-01"),
    ("2025-01-15", 18, "months", "2026-07-15"),
    ("2025-06-30", 1, "year", "2026-06-30"),
    ("2024-02-29", 1, "year", "2025-02-28"),  # from a leap day
    ("2024-02-29", 4, "years", "2028-02-29"),
    ("2025-01-15", 90, "days", "2025-04-15"),  # 16 + 28 + 31 + 15
    ("2024-02-28", 1, "day", "2024-02-29"),
    ("2025-02-28", 1, "day", "2025-03-01"),
    ("2025-12-25", 2, "weeks", "2026-01-08"),
    ("2025-05-29", 30, "days", "2025-06-28"),
]


@pytest.mark.parametrize("start, n, unit, expected", ADD_PERIOD_CASES)
def test_add_period(start, n, unit, expected):
    assert add_period(start, n, unit) == expected


@pytest.mark.parametrize("start", ["29 May 2025", "2025-02-30", "", None])
def test_add_period_without_an_iso_start_gives_none(start):
    assert add_period(start, 1, "month") is None


RELATIVE_CASES = [
    ("within five months of the adoption of this resolution", "2025-05-29", {"n": 5, "unit": "month"}, "2025-10-29"),
    ("within 30 days of the adoption of the present resolution", "2025-05-29", {"n": 30, "unit": "day"}, "2025-06-28"),
    ("within one year of the adoption of this resolution", "2024-02-29", {"n": 1, "unit": "year"}, "2025-02-28"),
    ("within six months after the adoption of this resolution", "2025-08-31", {"n": 6, "unit": "month"}, "2026-02-28"),
    (
        "within twenty-four months from the date of adoption of the present resolution",
        "2025-01-31",
        {"n": 24, "unit": "month"},
        "2027-01-31",
    ),
    ("within six months", "2025-08-31", {"n": 6, "unit": "month"}, None),  # from when is not said
    ("within five months of the adoption of this resolution", None, {"n": 5, "unit": "month"}, None),
]


@pytest.mark.parametrize("text, adopted, within, date", RELATIVE_CASES)
def test_relative_due_dates(text, adopted, within, date):
    [due] = find_due(text, adopted=adopted)
    assert due["kind"] == "relative" and due["within"] == within
    assert due["span"] == [0, len(text)]
    assert due.get("date") == date
    assert due.get("from") == (adopted if date else None)


def test_S_RES_2780_2025_report_within_five_months_of_29_May():
    from pipeline.annotate import annotate

    res = segmented(corpus_pdf("S_RES_2780_2025-EN.pdf"))
    assert res.date_adopted == "2025-05-29"
    op2 = res.operative[1]
    assert op2.number == "2"
    assert "within five months of the adoption of this resolution" in op2.text
    report = next(m for m in annotate(res)["annotations"]["mandates"] if m["paragraph"] == "op2")
    assert report["type"] == "report" and report["actor"] == "Secretary-General"
    assert [(d["kind"], d.get("date"), d.get("from")) for d in report["due"]] == [
        ("relative", "2025-10-29", "2025-05-29")
    ]


# --- dates as printed ------------------------------------------------------------------------

ISO_DATE_CASES = [
    ("19 December 2023", "2023-12-19"),
    ("Adopted by the Security Council at its 9925th meeting, on 29 May 2025", "2025-05-29"),
    ("July 15, 2025", "2025-07-15"),
    ("until July 15, 2025 and 1 August 2025", "2025-07-15"),  # the first date
    ("17 de marzo de 2023", "2023-03-17"),
    ("1 septiembre 2021", "2021-09-01"),
    ("5 MAY 2025", "2025-05-05"),
    ("29 February 2024", "2024-02-29"),
    ("29 February 2025 or 1 March 2025", "2025-03-01"),  # no such day: the next date
    ("31 April 2025", None),
    ("12 Brumaire 2025", None),
    ("2025-05-29", None),  # not a printed date
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("text, expected", ISO_DATE_CASES)
def test_iso_date(text, expected):
    assert iso_date(text) == expected


DATED_CASES = [
    ("by 31 March 2026", "deadline", "2026-03-31"),
    ("no later than 15 January 2026", "deadline", "2026-01-15"),
    ("until 30 April 2026", "until", "2026-04-30"),
    ("until July 15, 2025", "until", "2025-07-15"),
    ("from 1 January 2026", "start", "2026-01-01"),
    ("by June 2026", "deadline", "2026-06"),
    ("by the end of 2025", "deadline", "2025-12-31"),
    ("in 2027", "year", "2027"),
]


@pytest.mark.parametrize("text, kind, date", DATED_CASES)
def test_dated_due_times(text, kind, date):
    [due] = find_due(text)
    assert (due["kind"], due["date"], due["span"]) == (kind, date, [0, len(text)])


# --- General Assembly sessions and number words ------------------------------------------------


# Rule 1 of the General Assembly's rules of procedure: a regular session opens on the Tuesday of the third
# week of September, counting from the first week (Monday to Sunday) that contains at least one September
# working day (Monday to Friday).  Worked by hand from the calendar of each September:
#   2018: 1 Sep a Saturday -> no working day in 27 Aug-2 Sep; week 1 = 3-9 Sep; week 3 = 17-23 Sep -> Tue 18
#   2019: 1 Sep a Sunday   -> week 1 = 2-8 Sep; week 3 = 16-22 Sep -> Tue 17
#   2020: 1 Sep a Tuesday  -> week 1 = 31 Aug-6 Sep; week 3 = 14-20 Sep -> Tue 15
#   2021: 1 Sep a Wednesday -> week 1 = 30 Aug-5 Sep; week 3 = 13-19 Sep -> Tue 14
#   2022: 1 Sep a Thursday -> week 1 = 29 Aug-4 Sep; week 3 = 12-18 Sep -> Tue 13
# From the seventy-eighth session the Assembly has opened on the Tuesday of the second such week, as it did on
# 5 Sep 2023, 10 Sep 2024 and 9 Sep 2025 (the UN's own calendar of those sessions):
#   2023: 1 Sep a Friday   -> week 1 = 28 Aug-3 Sep; week 2 = 4-10 Sep -> Tue 5
#   2024: 1 Sep a Sunday   -> week 1 = 2-8 Sep; week 2 = 9-15 Sep -> Tue 10
#   2025: 1 Sep a Monday   -> week 1 = 1-7 Sep; week 2 = 8-14 Sep -> Tue 9
#   2029: 1 Sep a Saturday -> week 1 = 3-9 Sep; week 2 = 10-16 Sep -> Tue 11
@pytest.mark.parametrize(
    "n, opens, period",
    [
        (73, "2018-09-18", "2018-09/2019-09"),
        (74, "2019-09-17", "2019-09/2020-09"),
        (75, "2020-09-15", "2020-09/2021-09"),
        (76, "2021-09-14", "2021-09/2022-09"),
        (77, "2022-09-13", "2022-09/2023-09"),
        (78, "2023-09-05", "2023-09/2024-09"),
        (79, "2024-09-10", "2024-09/2025-09"),
        (80, "2025-09-09", "2025-09/2026-09"),
        (84, "2029-09-11", "2029-09/2030-09"),
    ],
)
def test_ga_session(n, opens, period):
    assert ga_session(n) == {"opens": opens, "period": period}


@pytest.mark.parametrize(
    "date, session",
    [
        ("2023-09-04", 77),
        ("2023-09-05", 78),
        ("2023-12-19", 78),
        ("2024-09-09", 78),
        ("2024-09-10", 79),
        ("2025-11", 80),
    ],
)
def test_current_ga_session_turns_on_the_opening_day(date, session):
    assert current_ga_session(date) == session


@pytest.mark.parametrize(
    "word, n",
    [
        ("first", 1),
        ("twelfth", 12),
        ("nineteenth", 19),
        ("twentieth", 20),
        ("twenty-first", 21),
        ("Seventy-eighth", 78),
        ("eightieth", 80),
        ("eighty-first", 81),
        ("ninety-ninth", 99),
        ("seventy–ninth", 79),
        ("78th", 78),
        ("1st", 1),
        ("twenty", None),
        ("firstly", None),
        ("", None),
    ],
)
def test_ordinal(word, n):
    assert ordinal(word) == n


@pytest.mark.parametrize(
    "word, n",
    [
        ("five", 5),
        ("12", 12),
        ("nineteen", 19),
        ("twenty", 20),
        ("twenty-four", 24),
        ("Ninety", 90),
        ("thirty six", 36),
        ("fifth", None),
        ("a", None),
    ],
)
def test_cardinal(word, n):
    assert cardinal(word) == n


# --- text for Word: what XML 1.0 cannot hold goes --------------------------------------------


@pytest.mark.parametrize(
    "text, safe",
    [
        ("plain text", "plain text"),
        ("a\x00b", "ab"),
        ("\x01\x02\x03\x04\x05\x06\x07\x08", ""),
        ("vertical\x0btab and form\x0cfeed", "verticaltab and formfeed"),
        ("\x0e\x0f\x10\x1a\x1b\x1f", ""),
        ("tab\tnewline\ncarriage\rreturn", "tab\tnewline\ncarriage\rreturn"),  # allowed in XML
        ("non-characters \ufffe\uffff", "non-characters "),
        ("Résolution “78/229” — 19 déc.", "Résolution “78/229” — 19 déc."),
        ("", ""),
    ],
)
def test_xml_safe(text, safe):
    assert xml_safe(text) == safe
