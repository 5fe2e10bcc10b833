"""Rebuilding paragraphs from the UNBench silver texts (pipeline/evaluate/unbench.py).

Snippets were checked in the silver files; tests on the files themselves skip
when the shared corpus is absent.
"""

from __future__ import annotations

import json

import pytest
from conftest import SHARED

from pipeline.evaluate.unbench import unbench_truth

SILVER = SHARED / "corpus" / "truth" / "unbench_sc_drafts"


def silver(name: str) -> dict:
    """Gives the rebuilt truth of one silver file, skipping when the shared corpus is absent."""
    path = SILVER / f"{name}-EN.json"
    if not SILVER.is_dir():
        pytest.skip(f"UNBench silver texts not found at {SILVER}")
    return unbench_truth(json.loads(path.read_text(encoding="utf-8"))["Content"])


def texts(paras: list[dict]) -> list[str]:
    """Gives the texts of ``paras``."""
    return [p["text"] for p in paras]


# --- inline strings ------------------------------------------------------------------


def test_run_on_operative_paragraphs_are_split():
    t = unbench_truth(
        "The Security Council,\nNoting the report,\n1. Urges the parties;\n"
        "2. Urges them further; 3. Confirms its support; 4. Decides to remain seized of the matter."
    )
    assert [o["number"] for o in t["operative"]] == ["1", "2", "3", "4"]
    assert texts(t["operative"])[1:3] == ["Urges them further;", "Confirms its support;"]


def test_a_number_that_is_not_the_next_one_does_not_split():
    t = unbench_truth(
        "The Security Council,\n1. Recalls paragraphs 2 and 5; 7. of its resolution;\n"
        "2. Decides to remain seized of the matter."
    )
    assert texts(t["operative"])[0] == "Recalls paragraphs 2 and 5; 7. of its resolution;"


def test_preambular_opening_after_an_adverb():
    t = unbench_truth(
        "The Security Council,\nWelcoming the report,\nStrongly condemning the attacks,\n"
        "Deeply concerned by the violence,\n1. Decides to remain seized of the matter."
    )
    assert [p["text"].split()[0] for p in t["preamble"]] == ["Welcoming", "Strongly", "Deeply"]


def test_section_headings_are_dropped():
    t = unbench_truth(
        "The Security Council,\nNoting the report,\nArms embargo\n1. Decides that;\n"
        "AMISOM\nPriorities and tasks\n2. Decides to remain seized of the matter."
    )
    assert texts(t["operative"]) == ["Decides that;", "Decides to remain seized of the matter."]


def test_a_numbered_list_inside_a_paragraph_is_a_list_of_sub_paragraphs():
    t = unbench_truth(
        "The Security Council,\n7. Invites it to update on the following:\n1. Resolution,\n"
        "2. Implementation;\n8. Urges progress;\n1. Annex paragraph."
    )
    assert [o["number"] for o in t["operative"]] == ["7", "8"]
    assert [s["label"] for s in t["operative"][0]["subparagraphs"]] == ["1.", "2."]


def test_an_operative_paragraph_printed_without_its_number_gets_it():
    t = unbench_truth(
        "The Security Council,\n6. Decides to maintain the force;\n"
        "Decides that the mandate shall be as follows:\n(a) Protection of civilians:\n"
        "8. Requests the Secretary-General to report;"
    )
    assert [o["number"] for o in t["operative"]] == ["6", "7", "8"]
    assert t["operative"][1]["subparagraphs"][0]["text"] == "Protection of civilians:"


def test_furniture_footnotes_and_annex_are_left_out():
    t = unbench_truth(
        "The Security Council,\nTaking note of the Aide Memoire, 1\n__________________\n"
        "1 The initial Aide Memoire was adopted in 2002.\n22-09852 (E)      230622      Pleese recycle\n"
        "*2209852*\nS/2022/501\nActing under Chapter VII of the Charter of the United Nations,\n"
        "1. Decides to remain\nseized of the matter.\nAnnex I\nDelisting procedures"
    )
    assert texts(t["preamble"]) == [
        "Taking note of the Aide Memoire,",
        "Acting under Chapter VII of the Charter of the United Nations,",
    ]
    assert texts(t["operative"]) == ["Decides to remain seized of the matter."]


def test_line_end_hyphen_joins_straight_on_but_not_before_and():
    t = unbench_truth(
        "The Security Council,\nStressing the need for troop‑ and police‑\ncontributing countries\n"
        "and the Secretary-\nGeneral to act, and the troop-\nand police-contributing countries,"
    )
    assert texts(t["preamble"]) == [
        "Stressing the need for troop‑ and police‑contributing countries and the "
        "Secretary-General to act, and the troop- and police-contributing countries,"
    ]


def test_first_sub_paragraph_run_on_after_a_colon():
    t = unbench_truth(
        "The Security Council,\n1. Requests him to ensure: (a) continued monitoring;\n"
        "(b) reporting;\n2. Reaffirms its priority to: (a) protection; and (b) access;"
    )
    assert [s["text"] for s in t["operative"][0]["subparagraphs"]] == ["continued monitoring;", "reporting;"]
    assert t["operative"][1]["subparagraphs"] == []


# --- the silver files ------------------------------------------------------------------


def test_s_2016_1100_run_on_paragraphs_10_to_13():
    ops = silver("S_2016_1100")["operative"]
    assert [o["number"] for o in ops] == [str(n) for n in range(1, 14)]
    assert ops[9]["text"] == (
        "Confirms its determination to support the parties throughout the negotiations "
        "and in the implementation of an agreement;"
    )


def test_s_2017_77_headings_adverb_openings_and_line_end_hyphens():
    t = silver("S_2017_77")
    assert [o["number"] for o in t["operative"]] == [str(n) for n in range(1, 40)]
    assert any(p["text"].startswith("Strongly condemning the ongoing violence") for p in t["preamble"])
    assert t["preamble"][-1]["text"] == "Acting under Chapter VII of the Charter of the United Nations,"
    assert t["operative"][34]["text"].endswith(
        "paragraph 9 of resolution 1998 (2011);"
    )  # "Reporting and review" dropped
    assert any("troop‑ and police‑contributing countries" in p["text"] for p in t["preamble"])


def test_s_2018_1021_numbered_list_and_bullets():
    ops = silver("S_2018_1021")["operative"]
    assert len(ops) == 35
    assert [s["label"] for s in ops[6]["subparagraphs"]] == ["1.", "2.", "3."]
    assert [s["label"] for s in ops[32]["subparagraphs"]] == ["•"] * 8


def test_s_2018_221_paragraph_7_without_its_number():
    ops = silver("S_2018_221")["operative"]
    assert [o["number"] for o in ops] == [str(n) for n in range(1, 36)]
    assert ops[6]["text"].startswith("Decides that the mandate of UNMISS shall be as follows")


def test_s_2022_501_page_furniture():
    pre = silver("S_2022_501")["preamble"]
    assert pre[-1]["text"] == "Acting under Chapter VII of the Charter of the United Nations,"
    assert not any("recycle" in p["text"] for p in pre)


def test_s_2024_400_footnote_block_and_marker():
    pre = silver("S_2024_400")["preamble"]
    assert not any("initial Aide Memoire was adopted" in p["text"] for p in pre)
    assert any(p["text"].endswith("protection of civilians in armed conflict,") for p in pre)
    assert any(p["text"].startswith("Deeply concerned by continuous disregard") for p in pre)


def test_s_2022_158_annex_after_the_closing_paragraph():
    ops = silver("S_2022_158")["operative"]
    assert ops[-1]["text"].endswith("seized of the matter.")


def test_s_2020_445_two_line_heading():
    ops = silver("S_2020_445")["operative"]
    assert ops[7]["text"].endswith("the tasks set out in the updated Transition Plan;")


def test_paragraph_number_printed_without_its_point():
    # S/2024/400 prints "11 Condemns disinformation" (no point after 11) between 10 and 12
    content = (
        "The Security Council,\nRecalling its resolutions,\n10. Calls upon all States to act;\n"
        "11     Condemns disinformation against personnel;\n12. Encourages Member States to act;\n"
        "in 2024 10 States\n"
    )
    t = unbench_truth(content)
    assert [o["number"] for o in t["operative"]] == ["10", "11", "12"]
    assert t["operative"][1]["text"] == "Condemns disinformation against personnel;"
    assert t["operative"][2]["text"] == "Encourages Member States to act; in 2024 10 States"
