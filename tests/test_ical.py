"""calendar.ics: every dated report and deadline of a pack as iCalendar, read back by a real parser.

The dates were checked against the PDFs (``pdftotext -layout``): S/RES/2776 (2025), adopted
3 March 2025, asks for reports by 1 May, 31 August, 1 October, 1 November and 13 November 2025
(three), renews the maritime provisions until 13 December 2025 and the Panel until 13 January 2026,
and names 13 December 2025 twice more (briefings before it, the Panel's review no later than it)
and 13 January 2026 once more (the second thematic report).  S/RES/2768 (2025) extends a reporting
request "until July 15, 2025" (OP1).  A/RES/78/229 (19 December 2023) has OP91 "in 2026".
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import corpus_pdf, segmented

from pipeline.config import Config
from pipeline.model import to_dict
from pipeline.render import render
from pipeline.render.ical import calendar_ics, fold

icalendar = pytest.importorskip("icalendar", reason="icalendar (a test extra) is needed to read calendar.ics back")


def _data(name: str) -> dict:
    return json.loads(json.dumps(to_dict(segmented(corpus_pdf(name)))))


def _events(ics: bytes) -> list:
    cal = icalendar.Calendar.from_ical(ics)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_s_res_2776_every_dated_report_and_deadline():
    events = _events(calendar_ics([_data("S_RES_2776_2025-EN.pdf")]))
    days = [e.decoded("DTSTART") for e in events]
    assert days == [
        dt.date(2025, 5, 1),
        dt.date(2025, 8, 31),
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 1),
        dt.date(2025, 11, 13),
        dt.date(2025, 11, 13),
        dt.date(2025, 11, 13),
        dt.date(2025, 12, 13),
        dt.date(2025, 12, 13),
        dt.date(2025, 12, 13),
        dt.date(2026, 1, 13),
        dt.date(2026, 1, 13),
    ]
    for e in events:  # all-day events of one day, stamped with the adoption date, never the clock
        assert type(e.decoded("DTSTART")) is dt.date
        assert e.decoded("DTEND") - e.decoded("DTSTART") == dt.timedelta(days=1)
        assert e.decoded("DTSTAMP") == dt.datetime(2025, 3, 3, tzinfo=dt.timezone.utc)
    assert len({str(e["UID"]) for e in events}) == len(events)
    may = str(events[0]["SUMMARY"])
    assert may == "Report due: GFRS to Security Council (S/RES/2776 (2025), OP46)"
    assert "As printed: “by 1 May 2025”" in str(events[0]["DESCRIPTION"])
    nov = [str(e["SUMMARY"]) for e in events[4:7]]
    assert "Report due: UNODC to Committee (S/RES/2776 (2025), OP33)" in nov
    assert "Report due: Panel of Experts to Security Council (S/RES/2776 (2025), OP32 (c))" in nov


def test_s_res_2768_reporting_request_until_15_july_2025():
    events = _events(calendar_ics([_data("S_RES_2768_2025-EN.pdf")]))
    assert [e.decoded("DTSTART") for e in events] == [dt.date(2025, 7, 15)]
    assert "until July 15, 2025" in str(events[0]["DESCRIPTION"])  # the comma escaped and read back


def test_a_res_78_229_a_year_is_a_year_long_event():
    events = _events(calendar_ics([_data("A_RES_78_229-EN.pdf")]))
    (in_2026,) = [e for e in events if "OP91" in str(e["SUMMARY"])]
    assert in_2026.decoded("DTSTART") == dt.date(2026, 1, 1)
    assert in_2026.decoded("DTEND") == dt.date(2027, 1, 1)
    assert "As printed: “in 2026”" in str(in_2026["DESCRIPTION"])
    assert all(e.decoded("DTSTAMP") == dt.datetime(2023, 12, 19, tzinfo=dt.timezone.utc) for e in events)


def test_a_batch_calendar_merges_by_date_and_keeps_each_documents_uids():
    one, two = _data("S_RES_2776_2025-EN.pdf"), _data("S_RES_2768_2025-EN.pdf")
    both = _events(calendar_ics([one, two]))
    days = [e.decoded("DTSTART") for e in both]
    assert len(both) == 13 and days == sorted(days)
    assert days[1] == dt.date(2025, 7, 15)  # S/RES/2768's one date falls between 1 May and 31 August
    own = {str(e["UID"]) for e in _events(calendar_ics([one]))} | {str(e["UID"]) for e in _events(calendar_ics([two]))}
    assert {str(e["UID"]) for e in both} == own
    assert calendar_ics([one, two]) == calendar_ics([one, two])


def test_two_packs_of_one_symbol_give_a_batch_calendar_with_unique_uids():
    one = _data("S_RES_2768_2025-EN.pdf")  # a batch holding the same resolution twice (packs NAME and NAME-2)
    twice = _events(calendar_ics([one, one]))
    assert len(twice) == 2
    assert len({str(e["UID"]) for e in twice}) == 2


def test_file_is_crlf_folded_at_75_octets():
    ics = calendar_ics([_data("A_RES_78_229-EN.pdf")])
    assert ics.endswith(b"END:VCALENDAR\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long descriptions were folded
    for line in lines:
        line.decode("utf-8")  # never folded inside a character


def _hostile(task: str, date: str = "2025-06-30") -> dict:
    entry = {"date": date, "type": "report", "actor": "Secretary-General", "task": task, "paragraph": "op4.b"}
    return {"symbol": "A/RES/99/1", "date_adopted": "2025-01-02", "annotations": {"summary": {"calendar": [entry]}}}


def test_text_is_escaped_and_control_characters_left_out():
    task = "report; on A, B\\C\nand\x07 “D”: <b>&amp;</b> " + "é" * 80
    (event,) = _events(calendar_ics([_hostile(task)]))
    lines = str(event["DESCRIPTION"]).split("\n")  # the description's own line ends, read back
    assert lines == ["report; on A, B\\C and “D”: <b>&amp;</b> " + "é" * 80, "A/RES/99/1, OP4 (b)"]  # bell left out
    assert str(event["SUMMARY"]) == "Report due: Secretary-General (A/RES/99/1, OP4 (b))"
    assert max(len(line) for line in calendar_ics([_hostile(task)]).split(b"\r\n")) <= 75


@pytest.mark.parametrize("date", ["2025-02-30", "2025-13", "sometime", "", None, "0000-01-01"])
def test_a_date_that_is_no_date_gives_no_event(date):
    assert _events(calendar_ics([_hostile("report", date)])) == []


def test_fold_keeps_characters_whole():
    line = "DESCRIPTION:" + "“" * 40
    folded = fold(line)
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert folded.replace(b"\r\n ", b"").decode("utf-8") == line + "\r\n"


def test_pack_holds_calendar_ics(tmp_path):
    res = segmented(corpus_pdf("S_RES_2768_2025-EN.pdf"))
    written = render(res, tmp_path, Config(formats=("ics",)))
    assert written == {"ics": tmp_path / "calendar.ics"}
    assert Path(written["ics"]).read_bytes() == calendar_ics([_data("S_RES_2768_2025-EN.pdf")])
