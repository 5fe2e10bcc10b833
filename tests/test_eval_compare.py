"""The comparison scorer: the gold rule, the undifferent-style baseline, the counts, and the series pairs."""

from __future__ import annotations

from conftest import SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.evaluate.comparisons import (
    evaluate_series,
    figures,
    gold_alignment,
    levenshtein,
    score,
    undifferent_alignment,
)


def _doc(preamble: list[str], operative: list[str]) -> dict:
    return {
        "preamble": [{"id": f"pp{i}", "text": t} for i, t in enumerate(preamble, start=1)],
        "operative": [{"id": f"op{i}", "text": t, "subparagraphs": []} for i, t in enumerate(operative, start=1)],
    }


A = "Welcomes the report of the Secretary-General on the implementation of the present resolution;"
B = "Encourages Member States to ratify the United Nations Convention against Corruption;"
C = "Requests the Secretary-General to submit a report to the General Assembly at its eightieth session;"
D = "Decides to include in the provisional agenda of its eightieth session the item entitled “Crime prevention”;"


def _naive(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc d“”", max_size=70), st.text(alphabet="abc d“”", max_size=70))
def test_bit_parallel_levenshtein_is_the_edit_distance(a, b):
    assert levenshtein(a, b) == _naive(a, b)


def test_gold_rule_pairs_identical_then_similar_same_kind_paragraphs():
    old = _doc(["Recalling its resolution 78/1,"], [A, B, C, D])
    new = _doc(
        ["Recalling its resolution 78/1,"],
        [C.replace("eightieth", "eighty-first"), A, "Notes with concern the situation;", D],
    )
    assert gold_alignment(old, new) == [
        ("unchanged", "pp1", "pp1"),
        ("modified", "op3", "op1"),
        ("unchanged", "op1", "op2"),
        ("added", None, "op3"),
        ("unchanged", "op4", "op4"),
        ("removed", "op2", None),
    ]


def test_undifferent_walk_loses_a_paragraph_moved_back():
    old = _doc([], [A, B, C, D])
    new = _doc([], [C, A, B, D])  # C moved to the front
    walked = undifferent_alignment(old, new)
    assert walked == [
        ("unchanged", "op3", "op1"),
        ("added", None, "op2"),  # A and B lie behind the old line it took: it sees them as new ...
        ("added", None, "op3"),
        ("unchanged", "op4", "op4"),
        ("removed", "op1", None),  # ... and the old ones as deleted
        ("removed", "op2", None),
    ]
    counts = score(walked, gold_alignment(old, new))
    assert counts["right"] == 2 and counts["new_paragraphs"] == 4
    assert counts["moved"] == 1 and counts["moved_right"] == 1  # the gold keeps A, B, D in order; C is the one moved
    f = figures(counts)
    assert (f["status_and_counterpart"], f["unchanged_precision"], f["unchanged_recall"]) == (50.0, 100.0, 50.0)
    assert (f["added_precision"], f["removed_precision"]) == (0.0, 0.0)


def test_series_pairs_score_against_the_xml(tmp_path):
    """One series pair end to end from its PDFs: A/RES/78/191 -> A/RES/79/162 changes 3 of 32 paragraphs."""
    import shutil

    series = SHARED / "corpus" / "series"
    if not series.is_dir():
        import pytest

        pytest.skip(f"shared series not found at {series}")
    folder = tmp_path / "series"
    (folder / "pdfs").mkdir(parents=True)
    (folder / "truth").mkdir()
    rows = [
        l
        for l in (series / "manifest.tsv").read_text(encoding="utf-8").splitlines()
        if "A_RES_79_162" in l or l.startswith("old\t")
    ]
    (folder / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for name in ("A_RES_78_191", "A_RES_79_162"):
        (folder / "pdfs" / f"{name}-EN.pdf").symlink_to(series / "pdfs" / f"{name}-EN.pdf")
        (folder / "truth" / f"{name}.xml").symlink_to(series / "truth" / f"{name}.xml")
    report = evaluate_series(folder)
    (pair,) = report["pairs"]
    assert pair["pair"] == "A_RES_78_191 -> A_RES_79_162"
    assert pair["ours"]["new_paragraphs"] == 32 and pair["ours"]["right"] == 32
    assert pair["ours"]["modified"] == (3, 3, 3) and pair["ours"]["unchanged"] == (29, 29, 29)
    assert report["ours"]["status_and_counterpart"] == 100.0
    shutil.rmtree(folder)
