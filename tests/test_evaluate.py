"""Tests of the AKN4UN reader and the evaluator, against the shared ground truth.

Expected counts were read from the XML and the paired PDFs by hand (grep of
``<container``/``<num>``/``authorialNote`` and the printed text), not taken from
the reader's output.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.akn import read_akn
from pipeline.evaluate import main
from pipeline.evaluate.documents import FIELDS, evaluate_dirs, evaluate_pair, format_table
from pipeline.evaluate.scoring import align, normalise, symbol_key
from pipeline.evaluate.unbench import unbench_truth

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TRUTH = SHARED / "corpus" / "truth"
needs_shared = pytest.mark.skipif(not TRUTH.is_dir(), reason=f"shared ground truth not found at {TRUTH}")


def _akn(folder: str, name: str) -> Path:
    hits = sorted((TRUTH / folder).glob(f"{name}/*E.xml"))
    assert hits, f"no English AKN file for {name}"
    return hits[0]


@pytest.fixture(scope="module")
def res_78_229() -> dict:
    return read_akn(_akn("unxml_ga", "A_RES_78_229"))


@pytest.fixture(scope="module")
def res_2768() -> dict:
    return read_akn(_akn("unxml_sc", "S_RES_2768"))


# --- read_akn ---------------------------------------------------------------------


@needs_shared
def test_78_229_metadata(res_78_229):
    d = res_78_229
    assert d["symbol"] == "A/RES/78/229"
    assert d["body"] == "General Assembly"
    assert d["session_number"] == 78
    assert [a["number"] for a in d["agenda_items"]] == ["107"]
    assert d["date_adopted"] == "2023-12-19"
    assert d["date_issued"] == "2023-12-22"
    assert d["meeting"] == "50th plenary meeting"
    assert d["title"].startswith("Strengthening the United Nations crime prevention")
    assert d["enacting_formula"] == "The General Assembly,"
    assert d["language"] == "en"


@needs_shared
def test_78_229_paragraphs_and_footnote_48(res_78_229):
    d = res_78_229
    assert len(d["preamble"]) == 84  # 84 <container> in the preamble
    assert len(d["operative"]) == 93  # PDF numbers 1. .. 93.
    assert len(d["footnotes"]) == 53  # markers 1 .. 53
    assert d["preamble"][1]["lead"] == "Reaffirming also"
    op1 = d["operative"][0]
    assert (op1["number"], op1["verb"]) == ("1", "Takes note with appreciation")
    assert op1["text"] == (
        "Takes note with appreciation of the report of the Secretary-General prepared pursuant to resolution 77/237;"
    )
    assert op1["footnotes"] == ["48"]
    fn48 = next(f for f in d["footnotes"] if f["marker"] == "48")
    assert fn48 == {"marker": "48", "text": "A/78/264.", "paragraph": "op1", "italic": []}  # printed in roman
    assert {
        "symbol": "A/RES/77/237",
        "url": "https://undocs.org/en/A/RES/77/237",
        "paragraph": "op1",
        "footnote": None,
    } in d["references"]


@needs_shared
def test_s_res_2768(res_2768):
    d = res_2768
    assert d["symbol"] == "S/RES/2768 (2025)"
    assert d["body"] == "Security Council"
    assert d["date_adopted"] == "2025-01-15"
    assert d["meeting"] == "9836th meeting"
    assert d["enacting_formula"] == "The Security Council,"
    assert len(d["preamble"]) == 5 and len(d["operative"]) == 6
    assert d["footnotes"] == []
    assert [p["lead"] for p in d["preamble"]] == ["Recalling", "Condemning", "Reaffirming", "Recalling", "Recalling"]
    assert d["operative"][0]["verb"] == "Extends"
    assert d["operative"][5]["text"] == "Decides to remain actively seized of this matter."


@needs_shared
def test_subparagraphs_headings_and_wrap_up():
    d = read_akn(_akn("unxml_sc", "S_RES_2776"))
    assert [o["number"] for o in d["operative"]][-3:] == ["48", "49", "50"]
    op48 = d["operative"][47]
    assert [s["label"] for s in op48["subparagraphs"]] == ["(a)", "(b)"]  # marked up as paragraphs
    op32 = d["operative"][31]
    assert [s["id"] for s in op32["subparagraphs"]] == ["op32.a", "op32.b", "op32.c"]
    assert op32["wrap_up"].startswith("and urges the Panel")
    # the bold line over the fifth preambular paragraph is a heading, not a paragraph (as printed)
    assert d["headings"][:2] == [
        {
            "text": "Degrading the threat posed by Al-Shabaab, and the Arms Embargo targeting Al-Shabaab",
            "before": "pp5",
            "italic": [],  # bold, not italic
        },
        {"text": "A. Targeted sanctions", "before": "op1", "italic": []},
    ]
    # one attachment holding two annexes, each opened by an "Annex X – title" heading
    assert [(a["id"], a["heading"], a["number"], a["title"]) for a in d["annexes"]] == [
        ("annex1", "Annex A", "A", "Items subject to a no-objection process"),
        ("annex2", "Annex B", "B", "Improvised Explosive Devices (IED) Components"),
    ]
    a = d["annexes"][0]["paragraphs"]
    assert [(p["label"], p["text"][:22]) for p in a[:3]] == [
        ("1.", "Surface to air missile"),
        ("2.", "Weapons with a calibre"),
        ("(a)", "Note: (This does not i"),
    ]
    b = d["annexes"][1]["paragraphs"]
    assert [(p["kind"], p["text"]) for p in b[1:2]] == [("heading", "Part I")]


@needs_shared
def test_attachment_split_at_its_second_annex_heading():
    d = read_akn(_akn("unxml_ga", "A_RES_79_1"))
    assert [(a["heading"], a["title"]) for a in d["annexes"]] == [
        ("Annex I", "Global Digital Compact"),
        ("Annex II", "Declaration on Future Generations"),
    ]
    notes = {f["marker"]: f["paragraph"] for f in d["footnotes"]}
    assert notes["17"] == "annex1.p5" and notes["23"] == "annex2.p3"
    assert d["annexes"][1]["paragraphs"][2]["text"].startswith("Reaffirming our commitments to the purposes")


@needs_shared
def test_pact_for_the_future_headings():
    d = read_akn(_akn("unxml_ga", "A_RES_79_1"))
    assert d["preamble"] == [] and d["operative"][0]["number"] is None
    texts = [h["text"] for h in d["headings"]]
    assert "II. International peace and security" in texts  # mis-nested as a list point
    assert sum(t.startswith("Action ") for t in texts) == 56


# --- evaluate ---------------------------------------------------------------------


def test_normalise_and_symbol_key():
    assert normalise("“Quoted”\u00a0text – here ‑ok’s", ()) == '"Quoted" text - here -ok\'s'
    assert normalise("resolution 77/237;48", ["48"]) == "resolution 77/237;"
    assert symbol_key("S/RES/2768 (2025)") == "S_RES_2768_2025"
    assert symbol_key("A/RES/78/229") == "A_RES_78_229"


def test_align_one_split():
    exact, pairs = align(["a", "b1", "b2", "c", "d"], ["a", "b", "c", "d"])
    assert exact == 3 and (3, 2) in pairs and (4, 3) in pairs


@needs_shared
def test_truth_against_itself_is_perfect(res_78_229, res_2768):
    for d in (res_78_229, res_2768):
        scores = evaluate_pair(copy.deepcopy(d), d)
        assert all(v in (None, 1.0) for v in scores.values()), scores
    assert all(
        evaluate_pair(res_78_229, res_78_229)[f] == 1.0
        for f in FIELDS
        if f not in ("subparagraph_labels", "subparagraph_text", "annex_text", "annex_labels")
        and f not in ("section_count", "section_paragraphs")  # 78/229 has no sections: those are not scored
    )


def _split(d: dict, index: int) -> dict:
    """The prediction a segmenter makes when it cuts operative paragraph ``index`` in two."""
    pred = copy.deepcopy(d)
    ops = pred["operative"]
    words = ops[index]["text"].split(" ")
    half = len(words) // 2
    first = dict(ops[index], text=" ".join(words[:half]), footnotes=[])
    second = dict(ops[index], text=" ".join(words[half:]), number=None, verb=None, footnotes=[])
    ops[index : index + 1] = [first, second]
    old_to_new = {}
    for i, op in enumerate(ops, 1):
        old_to_new.setdefault(op["id"], f"op{i}")
        op["id"] = f"op{i}"
    for f in pred["footnotes"]:
        head, dot, rest = (f["paragraph"] or "").partition(".")
        f["paragraph"] = old_to_new.get(head, head) + dot + rest
    return pred


@needs_shared
def test_split_paragraph_costs_one_paragraph(res_78_229):
    truth = res_78_229
    pred = _split(truth, 4)  # op5 has no footnote
    scores = evaluate_pair(pred, truth)
    assert scores["operative_count"] == 0.0
    assert scores["operative_text"] == pytest.approx(92 / 94)
    assert scores["operative_verb"] == pytest.approx(93 / 94)
    assert scores["preamble_text"] == 1.0
    assert scores["footnote_paragraph"] == 1.0  # later anchors follow the alignment


@needs_shared
def test_evaluate_dirs_and_cli(tmp_path, res_78_229, res_2768, capsys):
    for d in (res_78_229, res_2768):
        out = tmp_path / "pred" / symbol_key(d["symbol"])
        out.mkdir(parents=True)
        (out / "resolution.json").write_text(json.dumps(d), encoding="utf-8")
    report = evaluate_dirs(tmp_path / "pred", TRUTH / "unxml_sc")
    rows = {r["document"]: r for r in report["documents"]}
    assert rows["S/RES/2768 (2025)"]["scores"]["overall"] == 1.0
    assert rows["S/RES/2769 (2025)"]["missing"] and rows["S/RES/2769 (2025)"]["scores"]["overall"] == 0.0
    assert "MACRO AVG" in format_table(report).splitlines()[-1]
    out_json = tmp_path / "report.json"
    assert main([str(tmp_path / "pred"), str(TRUTH / "unxml_ga" / "A_RES_78_229"), "--json", str(out_json)]) == 0
    assert "A/RES/78/229" in capsys.readouterr().out
    saved = json.loads(out_json.read_text(encoding="utf-8"))
    assert len(saved["documents"]) == 1 and saved["aggregate"]["overall"] == 1.0


def test_unbench_truth_rebuilds_wrapped_paragraphs():
    content = (
        "The Security Council,\nRecalling its resolutions 1 (2000) and\n2 (2001),\n"
        "Noting the report,\n1. Decides that:\n(a) the first;\n(b) the\nsecond;\n"
        "2. Decides to remain seized.\n1. Annex paragraph."
    )
    t = unbench_truth(content)
    assert t["enacting_formula"] == "The Security Council,"
    assert [p["text"] for p in t["preamble"]] == [
        "Recalling its resolutions 1 (2000) and 2 (2001),",
        "Noting the report,",
    ]
    assert [o["number"] for o in t["operative"]] == ["1", "2"]
    assert [s["text"] for s in t["operative"][0]["subparagraphs"]] == ["the first;", "the second;"]


@needs_shared
def test_annex_scores_cost_one_item_per_lost_paragraph():
    truth = read_akn(_akn("unxml_ga", "A_RES_79_1"))
    assert evaluate_pair(copy.deepcopy(truth), truth)["annex_text"] == 1.0
    pred = copy.deepcopy(truth)
    del pred["annexes"][1]["paragraphs"][5]  # one paragraph of Annex II lost
    n = 2 + sum(len(a["paragraphs"]) for a in truth["annexes"])  # each annex's heading line counts once
    scores = evaluate_pair(pred, truth)
    assert scores["annex_text"] == pytest.approx((n - 1) / n)
    assert scores["footnote_paragraph"] == 1.0  # notes 23-26 sit before the lost paragraph and still match
