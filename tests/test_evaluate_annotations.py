"""The annotation scorer (pipeline/evaluate/annotations.py): hand-made cases for each matching rule.

The reference folders' own checks (the shared set and tests/reference/annotations are well formed,
and ``resbrief eval`` scores a build against them) are at the end.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.evaluate.annotations as A

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "tests" / "reference" / "annotations"
SHARED = ROOT.parent / "shared" / "annotations"


# --- actors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ours, ref",
    [
        ("Secretary-General", "the Secretary-General"),  # article dropped
        ("States", "all States"),  # quantifier dropped
        ("Member States", "All the Member States"),
        ("donors", "other donors"),
        ("Government of Libya’s focal point", "the Government of Libya's focal point"),  # quotes unified
        ("non-governmental organizations", "non\u2011governmental organizations"),  # dashes unified
        ("the Panel of Experts;", "the Panel of Experts"),  # end punctuation
    ],
)
def test_actor_key_equal(ours, ref):
    assert A.actor_key(ours) == A.actor_key(ref)


@pytest.mark.parametrize(
    "ours, ref",
    [
        ("United Nations entities", "relevant United Nations entities"),  # adjectives are kept
        ("Member States", "the Member States of the Asia-Pacific region"),  # post-modifiers are kept
        ("Member States that have not yet done so", "Member States"),
        ("UNODC", "the United Nations Office on Drugs and Crime"),  # no alias resolution
        ("Government", "the Government of the Islamic Republic of Iran"),
    ],
)
def test_actor_key_different(ours, ref):
    assert A.actor_key(ours) != A.actor_key(ref)


def test_loose_match_tolerates_boundaries_only():
    assert A.loose_actor_match("stakeholders", "relevant stakeholders")
    assert A.loose_actor_match("Member States that have not yet done so", "Member States")
    assert A.loose_actor_match("participants", "participants in the regional preparatory meetings")
    assert not A.loose_actor_match("Committee", "the Counterterrorism Committee Executive Directorate")
    assert not A.loose_actor_match("UNODC", "the GFRS")


def test_addressees_pair_one_to_one():
    ref = {"op": "op1", "addressees": ["Member States", "all Member States"]}
    counts, errs = A.score_row({"op": "op1", "addressees": ["Member States"]}, ref, "D")
    assert (counts["addr_tp"], counts["addr_fp"], counts["addr_fn"]) == (1, 0, 1)
    assert [e["expected"] for e in errs if e["field"] == "addressees"] == ["all Member States"]


# --- bodies, recurrences, dates --------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("Committee", "Security Council Committee established pursuant to resolution 1591 (2005) concerning the Sudan"),
        ("Committee", "Committee pursuant to resolution 2713 (2023) concerning Al-Shabaab"),
        ("the General Assembly", "General Assembly"),
        ("Assembly", "General Assembly"),
    ],
)
def test_body_key_equal(a, b):
    assert A.body_key(a) == A.body_key(b)


def test_body_key_different():
    assert A.body_key("Human Rights Council") != A.body_key("General Assembly")
    assert A.body_key("Security Council") != A.body_key("Committee")


@pytest.mark.parametrize(
    "a, b",
    [
        ("three months", {"n": 3, "unit": "month"}),
        ("year", "annually"),
        ("year", "on an annual basis"),
        ("90 days", "every 90 days"),
        ("month", {"n": 1, "unit": "months"}),
    ],
)
def test_every_key_equal(a, b):
    assert A.every_key(a) == A.every_key(b) is not None


def test_every_key_unknown_is_none():
    assert A.every_key("regularly") is None
    assert A.every_key(None) is None


def test_date_match():
    assert A.date_match("2025-08-12", "2025-08-12")
    assert A.date_match("2026", "2026-12-31")  # "by the end of 2026"
    assert not A.date_match("2026", "2026-06-15")
    assert not A.date_match("2026-01", "2026-01-31")
    assert not A.date_match(None, "2026")


@pytest.mark.parametrize(
    "symbol, key",
    [
        ("S/RES/2768 (2025)", "S_RES_2768"),
        ("S_RES_2768_2025", "S_RES_2768"),
        ("A/RES/78/229", "A_RES_78_229"),
        ("A_RES_79_30-EN.pdf", "A_RES_79_30"),
        ("S/2024/302", "S_2024_302"),
    ],
)
def test_doc_key(symbol, key):
    assert A.doc_key(symbol) == key


# --- alignment -------------------------------------------------------------------------------

REF = [
    {"op": "op1", "number": "1", "text": "Takes note of the report of the Secretary-General;"},
    {
        "op": "op2",
        "number": "2",
        "text": "Requests the Secretary-General to report to the General Assembly "
        "at its eighty-first session on the implementation;",
    },
    {
        "op": "op3",
        "number": "3",
        "text": "Decides to include in the provisional agenda of its eighty-first "
        "session the item entitled “Mongolia’s status”.\n  (a) sub-item one;",
    },
]


def test_align_identical():
    ours = [{"id": f"op{i + 1}", "number": r["number"], "text": r["text"]} for i, r in enumerate(REF)]
    assert A.align_paragraphs(ours, REF) == {"op1": "op1", "op2": "op2", "op3": "op3"}


def test_align_skips_a_lost_paragraph_and_ignores_wrong_numbers():
    ours = [
        {"id": "op1", "number": "1", "text": REF[0]["text"]},
        {
            "id": "op2",
            "number": "2",
            "text": REF[2]["text"].split("\n")[0],
            "subparagraphs": [{"label": "(a)", "text": "sub-item one;"}],
        },
    ]
    assert A.align_paragraphs(ours, REF) == {"op1": "op1", "op2": "op3"}


def test_align_refuses_unrelated_text():
    ours = [{"id": "op1", "number": "1", "text": "Welcomes the efforts of the Special Envoy;"}]
    assert A.align_paragraphs(ours, REF[1:2]) == {}


# --- conversion --------------------------------------------------------------------------------


def _resolution():
    return {
        "symbol": "A/RES/79/30",
        "operative": [{"id": "op1", "number": "1", "verb": "Requests", "text": "x"}],
        "annotations": {
            "actions": [
                {
                    "paragraph": "op1",
                    "verb": "Requests",
                    "addressees": [
                        {"name": "Secretary-General", "text": "Secretary-General"},
                        {"name": "General Assembly", "text": None, "self": True},
                    ],
                    "due": [
                        {"kind": "session", "text": "at its seventy-ninth and eightieth sessions", "session": 79},
                        {"kind": "session", "text": "at its seventy-ninth and eightieth sessions", "session": 80},
                    ],
                },
                {
                    "paragraph": "op1.a",
                    "verb": "encourages",
                    "addressees": [{"name": "United Nations entities", "text": "United Nations bodies"}],
                    "due": [{"kind": "recurrence", "text": "every year", "every": {"n": 1, "unit": "year"}}],
                },
            ],
            "mandates": [
                {
                    "paragraph": "op1",
                    "actor": "Secretary-General",
                    "type": "report",
                    "to": "General Assembly",
                    "due": [
                        {"kind": "session", "session": 79, "text": "at its seventy-ninth and eightieth sessions"},
                        {"kind": "session", "session": 80, "text": "at its seventy-ninth and eightieth sessions"},
                    ],
                },
                {
                    "paragraph": "op1",
                    "actor": "General Assembly",
                    "type": "agenda item",
                    "session": 81,
                    "item": "Mongolia’s status",
                    "under": "General and complete disarmament",
                },
            ],
        },
    }


def _convert(res, id_map):
    return A.convert(res["operative"], res["annotations"], id_map)


def test_convert_shapes_a_paragraph():
    rows, extra = _convert(_resolution(), {"op1": "op7"})
    row = rows["op7"]
    assert extra == {}
    assert row["verb"] == "Requests"
    assert row["addressees"] == ["Secretary-General", "United Nations bodies"]  # self left out, sub counted
    assert [(r["session"], r["to"]) for r in row["report"]] == [(79, "General Assembly"), (80, "General Assembly")]
    assert [(d["session"], d["date"]) for d in row["due"]] == [(79, None), (80, None)]  # recurrence is no deadline
    assert row["agenda"]["session"] == 81
    assert row["own"] is False


def test_convert_unaligned_goes_to_extra():
    rows, extra = _convert(_resolution(), {})
    assert rows == {} and set(extra) == {"op1"}


# --- reports ---------------------------------------------------------------------------------------


def test_report_by_null_matches_any_and_when_is_checked():
    ours = {
        "op": "op1",
        "report": [{"by": "Secretary-General", "to": "Security Council", "sessions": [], "dates": ["2026-01-15"]}],
    }
    ref = {"op": "op1", "report": {"by": None, "to": None, "session": None, "date": "2026-01-15"}}
    c, _ = A.score_row(ours, ref, "D")
    assert (c["rep_tp"], c["when_hit"], c["when_n"]) == (1, 1, 1)


def test_report_to_and_when_count_unmatched_as_wrong():
    ref = {
        "op": "op1",
        "report": [
            {"by": "the Panel", "to": "Security Council", "session": None, "date": "2025-09-15"},
            {"by": "the Panel", "to": "Security Council", "session": None, "date": "2026-03-15"},
        ],
    }
    ours = {
        "op": "op1",
        "report": [
            {
                "by": "Panel",
                "by_name": "Panel of Experts",
                "to": "Security Council",
                "sessions": [],
                "dates": ["2026-03-15"],
            }
        ],
    }
    c, errs = A.score_row(ours, ref, "D")
    assert (c["rep_tp"], c["rep_fn"], c["to_hit"], c["to_n"], c["when_hit"], c["when_n"]) == (1, 1, 1, 2, 1, 2)
    assert [e["expected"]["date"] for e in errs if e["field"] == "report"] == ["2025-09-15"]


def test_report_wrong_author_is_a_miss_and_a_false_positive():
    ref = {
        "op": "op1",
        "report": {
            "by": "the Special Committee",
            "to": "Secretary-General",
            "session": None,
            "date": None,
            "every": "year",
        },
    }
    ours = {"op": "op1", "report": [{"by": "Secretary-General", "to": "General Assembly", "sessions": [], "dates": []}]}
    c, _ = A.score_row(ours, ref, "D")
    assert (c["rep_tp"], c["rep_fp"], c["rep_fn"], c["every_n"]) == (0, 1, 1, 1)


# --- deadlines and agenda ------------------------------------------------------------------------------


def test_due_session_date_and_text_rules():
    ref = {
        "op": "op1",
        "due": [
            {"session": 81, "date": None, "text": "at its eighty-first session"},
            {"session": None, "date": "2026", "text": "by the end of 2026"},
            {"session": None, "date": None, "text": "within five working days of receiving a notification"},
        ],
    }
    ours = {
        "op": "op1",
        "due": [
            {"session": 81, "date": None, "text": "of its eighty-first session"},
            {"session": None, "date": "2026-12-31", "text": "before the end of 2026"},
            {"session": None, "date": None, "text": "within five working days of receiving a notification"},
            {"session": 32, "date": None, "text": "at the thirty-second special session"},
        ],
    }
    c, errs = A.score_row(ours, ref, "D")
    assert (c["due_tp"], c["due_fp"], c["due_fn"]) == (2, 1, 0)
    assert (c["frame_tp"], c["frame_fp"], c["frame_fn"]) == (1, 0, 0)
    assert [e["ours"]["session"] for e in errs if e["field"] == "due"] == [32]


def test_dated_due_matched_to_undated_reference_is_neither_hit_nor_false_positive():
    ref = {
        "op": "op1",
        "due": [{"session": None, "date": None, "text": "within five months of the adoption of this resolution"}],
    }
    ours = {
        "op": "op1",
        "due": [
            {"session": None, "date": "2025-10-14", "text": "within five months of the adoption of this resolution"}
        ],
    }
    c, _ = A.score_row(ours, ref, "D")
    assert (c["due_tp"], c["due_fp"], c["due_fn"], c["frame_tp"]) == (0, 0, 0, 1)


def test_agenda_session_and_title():
    ref = {
        "op": "op1",
        "agenda": {"session": 81, "item": "Mongolia’s international security and nuclear-weapon-free status"},
    }
    c, _ = A.score_row(
        {
            "op": "op1",
            "agenda": {"session": 81, "item": "Mongolia's international security and nuclear-weapon-free status"},
        },
        ref,
        "D",
    )
    assert (c["ag_tp"], c["title_ok"]) == (1, 1)
    c, _ = A.score_row({"op": "op1", "agenda": {"session": 80, "item": "x"}}, ref, "D")
    assert (c["ag_tp"], c["ag_fp"], c["ag_fn"]) == (0, 1, 1)


def test_verb_and_own():
    ref = {"op": "op1", "verb": "Takes note", "own": True}
    c, _ = A.score_row({"op": "op1", "verb": "Takes note of", "own": True}, ref, "D")
    assert (c["verb_hit"], c["own_hit"]) == (0, 1)


# --- folders ---------------------------------------------------------------------------------------------


def _one_request(tmp_path, truth_extra: dict, printed: str, addressee_text: str, with_text: bool):
    """Gives (ref, pred) folders of one operative paragraph asking the Secretary-General, as the reference and as
    resolution.json; ``with_text`` adds the reference's texts/ file."""
    ref, pred = tmp_path / "ref", tmp_path / "pred"
    (ref / "truth").mkdir(parents=True)
    if with_text:
        (ref / "texts").mkdir()
        text = {
            "id": "A_RES_79_30",
            "symbol": "A/RES/79/30",
            "operative": [{"op": "op1", "number": "1", "text": printed}],
        }
        (ref / "texts" / "A_RES_79_30.json").write_text(json.dumps(text))
    truth = {
        "doc": "A_RES_79_30",
        "op": "op1",
        **truth_extra,
        "verb": "Requests",
        "addressees": ["the Secretary-General"],
        "report": None,
        "due": [],
        "agenda": None,
        "own": False,
    }
    (ref / "truth" / "A_RES_79_30.jsonl").write_text(json.dumps(truth) + "\n")
    (pred / "A_RES_79_30").mkdir(parents=True)
    operative = {"id": "op1", "number": "1", "text": printed}
    if with_text:
        operative["verb"] = "Requests"
    res = {
        "symbol": "A/RES/79/30",
        "operative": [operative],
        "annotations": {
            "actions": [
                {
                    "paragraph": "op1",
                    "verb": "Requests",
                    "due": [],
                    "addressees": [{"name": "Secretary-General", "text": addressee_text}],
                }
            ],
            "mandates": [],
        },
    }
    (pred / "A_RES_79_30" / "resolution.json").write_text(json.dumps(res))
    return ref, pred


def test_evaluate_folder(tmp_path):
    ref, pred = _one_request(tmp_path, {}, "x y z", "Secretary-General", with_text=True)
    report = A.evaluate(pred, ref)
    m = report["pooled"]["metrics"]
    assert m["addressees"] == (1.0, 1.0) and m["verb"] == 1.0 and m["own"] == 1.0
    assert "POOLED" in A.format_table(report)


def test_a_question_to_consider_is_not_an_agenda_item():
    res = _resolution()
    res["annotations"]["mandates"][1]["type"] = "consideration"
    rows, _ = _convert(res, {"op1": "op1"})
    assert rows["op1"]["agenda"] is None


def test_report_by_printed_actor_and_session_with_its_date():
    mandate = {
        "paragraph": "op3",
        "type": "report",
        "actor": "SBSTA",
        "actor_text": "the Subsidiary Body for Scientific and Technological Advice",
        "to": "Conference of the Parties serving as the meeting of the Parties to the Paris Agreement",
        "due": [{"kind": "session", "session": 4, "date": "2022-11", "text": "at its fourth session (November 2022)"}],
    }
    (rep,) = A._reports(mandate)
    assert (rep["by"], rep["by_name"], rep["sessions"], rep["dates"]) == (
        mandate["actor_text"],
        "SBSTA",
        [4],
        ["2022-11"],
    )
    ref = {"by": "the Subsidiary Body for Scientific and Technological Advice", "session": 4, "date": "2022-11"}
    assert A.by_matches(rep, ref) and A.when_matches(rep, ref)


# --- references without texts: number, start and part ------------------------------------------------


def _start_only(tmp_path, lines):
    (tmp_path / "truth").mkdir()
    (tmp_path / "truth" / "FCCC_PA_CMA_2021_10_Add.1.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8"
    )
    return A.load_reference(tmp_path)


def test_start_only_reference_aligns_by_number_and_first_words(tmp_path):
    line = {
        "op": "op1",
        "number": "1",
        "start": "Requests the Secretary-General to report to the",
        "part": "1/CMA.3",
        "verb": "Requests",
        "addressees": ["the Secretary-General"],
        "report": None,
        "due": [],
        "agenda": None,
        "own": False,
    }
    ref = _start_only(tmp_path, [line, {**line, "op": "op2", "number": "2", "start": "Decides to remain seized of it"}])
    doc = ref["FCCC_PA_CMA_2021_10_Add.1"]
    assert doc["text"]["start_only"] and [p["part"] for p in doc["text"]["operative"]] == ["1/CMA.3", "1/CMA.3"]
    ours = [
        {"id": "op1", "number": "1", "text": "Requests the Secretary-General to report to the Conference at length;"},
        {"id": "op2", "number": "2", "text": "Decides to remain seized of it."},
    ]
    assert A.align_paragraphs(ours, doc["text"]["operative"], start_only=True) == {"op1": "op1", "op2": "op2"}
    # the same words further into a paragraph are not its start
    late = [
        {
            "id": "op1",
            "number": "9",
            "text": "Notes the work done so far in many places and years, and requests "
            "the Secretary-General to report to the Conference;",
        }
    ]
    assert A.align_paragraphs(late, doc["text"]["operative"][:1], start_only=True) == {}


def test_part_lines_are_scored_against_our_part_of_that_number(tmp_path):
    line = {
        "op": "op1",
        "number": "1",
        "start": "Urges developed country Parties to double their",
        "part": "1/CMA.3",
        "verb": "Urges",
        "addressees": ["developed country Parties"],
        "report": None,
        "due": [],
        "agenda": None,
        "own": False,
    }
    ref = _start_only(tmp_path, [line])["FCCC_PA_CMA_2021_10_Add.1"]
    op = {"id": "op1", "number": "1", "text": "Urges developed country Parties to double their finance;"}
    act = {
        "paragraph": "op1",
        "verb": "Urges",
        "due": [],
        "addressees": [{"name": "Developed country Parties", "text": "developed country Parties"}],
    }
    res = {
        "symbol": "FCCC/PA/CMA/2021/10/Add.1",
        "operative": [],
        "parts": [{"number": "2/CMA.3", "operative": [dict(op)]}, {"number": "1/CMA.3", "operative": [dict(op)]}],
        "annotations": {
            "actions": [],
            "mandates": [],
            "parts": [{"actions": [], "mandates": []}, {"actions": [act], "mandates": []}],
        },
    }
    counts, _ = A.score_document(res, ref, "FCCC_PA_CMA_2021_10_Add.1")
    assert (counts["aligned"], counts["addr_tp"], counts["addr_fn"], counts["verb_hit"]) == (1, 1, 0, 1)


# --- the reference folders --------------------------------------------------------------------------------

REQUIRED = {"doc", "op", "verb", "addressees", "report", "due", "agenda", "own"}


def _lines(folder):
    for f in sorted((folder / "truth").glob("*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            yield f, n, json.loads(line)


@pytest.mark.parametrize("folder", [OURS, SHARED], ids=["ours", "shared"])
def test_reference_lines_are_well_formed(folder):
    if not folder.is_dir():
        pytest.skip(f"annotation reference not found at {folder}")
    seen = 0
    for f, n, row in _lines(folder):
        seen += 1
        assert REQUIRED <= set(row), f"{f.name}:{n} lacks {REQUIRED - set(row)}"
        assert row["doc"] == f.stem and row["own"] == (not row["addressees"]), f"{f.name}:{n}"
        for rep in A.reference_reports(row):
            assert {"by", "to", "session", "date"} <= set(rep), f"{f.name}:{n}"
        for d in row["due"]:
            assert {"session", "date", "text"} <= set(d), f"{f.name}:{n}"
        if folder == OURS:
            assert row["number"] and len(row["start"].split()) <= 8, f"{f.name}:{n}"
    assert seen


def test_our_reference_stores_no_document_text():
    assert not (OURS / "texts").exists()
    assert {f.stem for f in (OURS / "truth").glob("*.jsonl")} >= {"A_HRC_RES_59_25", "FCCC_PA_CMA_2021_10_Add.1"}


def test_eval_command_scores_a_folder(tmp_path):
    start = {"number": "1", "start": "Requests the Secretary-General to act"}
    ref, pred = _one_request(tmp_path, start, "Requests the Secretary-General to act;", "the Secretary-General", False)
    out = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", str(pred), str(ref), "--json", str(tmp_path / "o.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert "POOLED" in out and "A_RES_79_30" in out
    assert json.loads((tmp_path / "o.json").read_text())["pooled"]["metrics"]["addressees"] == [1.0, 1.0]
