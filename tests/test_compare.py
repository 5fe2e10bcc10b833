"""What changed between two versions: alignment, redline, meaning, amendments, series, the comparison's JSON.

Small made-up texts test the rules one at a time; real pairs of the shared
corpus test them together, with expectations read off both PDFs
(``pdftotext -layout``): A/RES/78/191 and its successor A/RES/79/162 differ in
their first preambular paragraph (77/206 of 15 December 2022 became 78/191 of
19 December 2023; Human Rights Council resolution 54/3 of 11 October 2023
became 57/8 of 9 October 2024), in operative paragraphs 21 and 22
("seventy-ninth session" became "eightieth session") and in footnotes 1
(A/78/53/Add.1 became A/79/53/Add.1) and 4 (A/78/535. became A/79/305.);
every other paragraph is word for word the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, segmented
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.compare import compare, comparison_dict, comparison_from_dict, comparison_json
from pipeline.compare.align import align
from pipeline.compare.amendments import apply_amendment
from pipeline.compare.comparison import new_text, old_text
from pipeline.compare.redline import pieces_text, redline
from pipeline.compare.series import find_links, text_of
from pipeline.compare.units import Unit, units_of
from pipeline.model import OperativeParagraph, PreambularParagraph, Resolution, Subparagraph
from pipeline.schema import validate_comparison

SERIES = SHARED / "corpus" / "series"


def series_pdf(name: str) -> Path:
    """Gives a PDF of the series folder (or of the main corpus), skipping when the shared corpus is absent."""
    for folder in (SERIES / "pdfs", SHARED / "corpus" / "pdfs"):
        if (folder / name).is_file():
            return folder / name
    if not SERIES.is_dir():
        pytest.skip(f"shared series not found at {SERIES}")
    raise AssertionError(f"{name} is in neither the series nor the corpus")


def _res(symbol: str, preamble: list[str], operative: list, session: int = 79, **kw) -> Resolution:
    ops = []
    for i, o in enumerate(operative, start=1):
        text, subs = (o, []) if isinstance(o, str) else o
        ops.append(
            OperativeParagraph(
                id=f"op{i}",
                number=str(i),
                verb=None,
                text=text,
                subparagraphs=[
                    Subparagraph(id=f"op{i}.{chr(97 + k)}", label=f"({chr(97 + k)})", text=t)
                    for k, t in enumerate(subs)
                ],
            )
        )
    return Resolution(
        symbol=symbol,
        body="General Assembly",
        document_type=kw.pop("document_type", "resolution"),
        session_number=session,
        title=kw.pop("title", "Eradication of poverty"),
        preamble=[PreambularParagraph(id=f"pp{i}", lead=None, text=t) for i, t in enumerate(preamble, start=1)],
        operative=ops,
        **kw,
    )


def _text(changes) -> str:
    return "".join(
        ("[-%s-]" % c.text if c.op == "delete" else "{+%s+}" % c.text if c.op == "insert" else c.text) for c in changes
    )


# --- the redline -------------------------------------------------------------------------------


def test_redline_changes_whole_words_and_keeps_punctuation_with_its_word():
    old = [(None, "Requests the Secretary-General to continue to submit a report at its seventy-ninth session;")]
    new = [(None, "Requests the Secretary-General to submit a report at its eightieth session, and to brief States;")]
    changes = redline(old, new)
    assert _text(changes) == (
        "Requests the Secretary-General [-to continue -]to submit a report at its "
        "[-seventy-ninth session;-]{+eightieth session, and to brief States;+}"
    )
    assert old_text(changes) == old[0][1] and new_text(changes) == new[0][1]


def test_an_insertion_is_placed_where_it_reads_as_a_phrase():
    """The words allow "preventing {+and combating child pornography+} and combating" and "preventing and
    combating {+child pornography and combating+} all": the first opens with "and", as the amendment wrote it."""
    old = [(None, "to strengthen their efforts in preventing and combating all forms of child sexual exploitation")]
    new = [
        (
            None,
            "to strengthen their efforts in preventing and combating child pornography and combating all forms of child sexual exploitation",
        )
    ]
    assert [(c.op, c.text) for c in redline(old, new) if c.op != "equal"] == [
        ("insert", "and combating child pornography ")
    ]


def test_redline_sees_no_change_in_quote_dash_and_space_variants():
    old = [(None, "Decides to include the item entitled “Crime prevention – 2030”  in  its agenda;")]
    new = [(None, 'Decides to include the item entitled "Crime prevention - 2030" in its agenda;')]
    assert [c.op for c in redline(old, new)] == ["equal"]


def test_redline_keeps_relettering_apart_from_the_words():
    old = [(None, "Requests the Office:"), ("(a)", "To assist States;"), ("(b)", "To report.")]
    new = [
        (None, "Requests the Office:"),
        ("(a)", "To assist States;"),
        ("(b)", "To train judges;"),
        ("(c)", "To report."),
    ]
    changes = redline(old, new)
    inserted = "".join(c.text for c in changes if c.op == "insert" and not (c.label and c.text == "(c)"))
    assert inserted == "\n(b) To train judges;"  # the new sub-paragraph, whole
    assert [(c.op, c.text) for c in changes if c.label and c.op != "equal"] == [
        ("insert", "(b)"),
        ("delete", "(b)"),
        ("insert", "(c)"),
    ]
    assert _text(changes).endswith("\n[-(b)-]{+(c)+} To report.")  # the old (b) is relettered, its words unchanged
    assert old_text(changes) == pieces_text(old) and new_text(changes) == pieces_text(new)


words = st.lists(
    st.sampled_from(["the", "Council", "requests", "report;", "“session”", "(a)", "of", "2024,"]), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([None, "(a)", "(b)"]), words), min_size=1, max_size=3),
    st.lists(st.tuples(st.sampled_from([None, "(a)", "(c)"]), words), min_size=1, max_size=3),
)
def test_rejecting_every_insertion_gives_the_old_text_and_accepting_the_new(old, new):
    old = [(None, " ".join(old[0][1]))] + [(label or "(x)", " ".join(w)) for label, w in old[1:]]
    new = [(None, " ".join(new[0][1]))] + [(label or "(x)", " ".join(w)) for label, w in new[1:]]
    changes = redline(old, new)
    assert old_text(changes) == pieces_text(old)
    assert new_text(changes) == pieces_text(new)


# --- the alignment ----------------------------------------------------------------------------------


def _units(kind: str, texts: list[str]) -> list[Unit]:
    prefix = "pp" if kind == "preamble" else "op"
    return [Unit(kind, f"{prefix}{i}", str(i), [(None, t)], [0]) for i, t in enumerate(texts, start=1)]


A = "Welcomes the report of the Secretary-General on the implementation of the Third Decade for the Eradication of Poverty;"
B = "Stresses the importance of national social protection systems and measures for all, including floors;"
C = "Encourages Member States to support developing countries in their efforts to eradicate poverty in all its forms;"
D = "Decides to include in the provisional agenda of its seventy-ninth session the sub-item entitled Implementation;"


def test_alignment_by_words_not_numbers_finds_a_moved_paragraph():
    old = _units("operative", [A, B, C, D])
    new = _units("operative", [C, A, B, D.replace("seventy-ninth", "eightieth")])
    pairs = [(p.status, p.old and p.old.id, p.new and p.new.id, p.moved) for p in align(old, new)]
    assert pairs == [
        ("unchanged", "op3", "op1", True),
        ("unchanged", "op1", "op2", False),
        ("unchanged", "op2", "op3", False),
        ("modified", "op4", "op4", False),
    ]


def test_alignment_reports_added_removed_split_and_merged_paragraphs():
    split = "Encourages Member States to support developing countries in their efforts to eradicate poverty;"
    rest = "in all its forms and dimensions;"
    old = _units(
        "operative", [A, split + " " + rest, B, "Requests the Office to report on illicit trafficking in wildlife;"]
    )
    new = _units(
        "operative",
        [
            A,
            split,
            rest,
            B.replace("for all", "for all people")
            + " "
            + "Notes the first session of the forum held in Geneva in 2024;",
        ],
    )
    pairs = align(old, new)
    got = [(p.status, p.old and p.old.id, p.new and p.new.id, p.split_from and p.split_from.id) for p in pairs]
    assert got == [
        ("unchanged", "op1", "op1", None),
        ("modified", "op2", "op2", None),
        ("added", None, "op3", "op2"),
        ("modified", "op3", "op4", None),
        ("removed", "op4", None, None),
    ]
    merged = align(_units("operative", [A, split, rest]), _units("operative", [A, split + " " + rest]))
    assert [(p.status, p.merged_into and p.merged_into.id, [u.id for u in p.merged]) for p in merged] == [
        ("unchanged", None, []),
        ("modified", None, ["op2", "op3"]),
        ("removed", "op2", []),
    ]


def test_a_repeated_paragraph_pairs_in_printed_order():
    old = _units("operative", [A, B, A])
    new = _units("operative", [A, C, A])
    assert [(p.status, p.old and p.old.id, p.new and p.new.id) for p in align(old, new)] == [
        ("unchanged", "op1", "op1"),
        ("removed", "op2", None),  # a deletion is printed before the insertion in its place, as in a redline
        ("added", None, "op2"),
        ("unchanged", "op3", "op3"),
    ]


def test_preamble_is_aligned_with_preamble_only():
    old = _res("A/RES/78/1", [C], [B], session=78)
    new = _res("A/RES/79/1", [B], [C])
    c = comparison_dict(compare(old, new))
    assert [(p["status"], p["old"], p["new"]) for p in c["paragraphs"]] == [
        ("removed", "pp1", None),
        ("added", None, "pp1"),
        ("removed", "op1", None),
        ("added", None, "op1"),
    ]
    assert c["summary"] == {
        "unchanged": 0,
        "modified": 0,
        "added": 2,
        "removed": 2,
        "moved": 0,
        "split": 0,
        "merged": 0,
    }
    assert c["relation"] == "successor"


def test_comparison_json_follows_its_schema_and_reads_back():
    c = compare(
        _res("A/RES/78/1", [A], [B, (D, ["To report;", "To consider."])], session=78),
        _res("A/RES/79/1", [A], [(D.replace("seventy-ninth", "eightieth"), ["To report;"]), B]),
    )
    data = json.loads(comparison_json(c))
    assert validate_comparison(data) == []
    assert comparison_json(comparison_from_dict(data)) == comparison_json(c)
    bad = dict(data, paragraphs=[dict(data["paragraphs"][0], status="renamed")])
    assert validate_comparison(bad) != []


# --- what the changes mean ------------------------------------------------------------------------


def test_a_stronger_verb_a_new_ask_and_a_later_deadline():
    old = _res(
        "A/RES/78/9",
        [],
        [
            "Encourages Member States to ratify the Convention against Corruption;",
            "Requests the Secretary-General to submit to the General Assembly at its seventy-ninth session a report on the implementation of the present resolution;",
        ],
        session=78,
    )
    new = _res(
        "A/RES/79/9",
        [],
        [
            "Urges Member States to ratify the Convention against Corruption;",
            "Requests the Secretary-General to submit to the General Assembly at its eighty-first session a report on the implementation of the present resolution;",
            "Requests the United Nations Office on Drugs and Crime to assist Member States in drafting legislation;",
        ],
    )
    m = comparison_dict(compare(old, new))["meaning"]
    assert [(v["old_verb"], v["new_verb"], v["change"]) for v in m["verbs"]] == [("Encourages", "Urges", "stronger")]
    assert [
        (d["actor"], d["old_due"][0]["session"], d["new_due"][0]["session"], d["change"]) for d in m["deadlines"]
    ] == [("Secretary-General", 79, 81, "later")]
    # "Encourages Member States to ratify" already asked Member States (softly): the verb is stronger, the ask the
    # same; only UNODC is newly asked
    assert [(a["paragraph"], a["actor"]) for a in m["asks"]["added"]] == [("op3", "UNODC")]
    assert m["asks"]["dropped"] == []


# --- amendments -------------------------------------------------------------------------------------


def test_amendment_instructions_of_every_kind():
    draft = _res(
        "A/C.3/80/L.9",
        ["Recalling its resolution 79/1,", "Noting the report,"],
        [
            "Welcomes the work of the Office;",
            "Requests the Office to assist States;",
            "Decides to remain seized of the matter.",
        ],
        session=80,
        document_type="draft resolution",
    )
    amendment = _res(
        "A/C.3/80/L.90",
        [],
        [
            "In operative paragraph 2, after “to assist” insert “, upon request,”.",
            "In the second preambular paragraph, replace “the report” with “with appreciation the report”.",
            "Delete operative paragraph 1.",
            "Insert a new operative paragraph after operative paragraph 2, reading: “Invites donors to contribute;”.",
            "In operative paragraph 3, delete “of the matter”.",
            "In operative paragraph 2, after “to train judges” insert “and prosecutors”.",
            "Insert a new preambular paragraph after the first preambular paragraph, reading: “Bearing in mind the Charter,”.",
        ],
        session=80,
        document_type="amendment",
        amends="A/C.3/80/L.9",
    )
    amended, report = apply_amendment(draft, amendment)
    assert [(p.id, p.text) for p in amended.preamble] == [
        ("pp1", "Recalling its resolution 79/1,"),
        ("pp2", "Bearing in mind the Charter,"),
        ("pp3", "Noting with appreciation the report,"),
    ]
    assert [(o.id, o.number, o.text) for o in amended.operative] == [
        ("op1", "1", "Requests the Office to assist, upon request, States;"),
        ("op2", "2", "Invites donors to contribute;"),
        ("op3", "3", "Decides to remain seized."),
    ]
    assert [i["status"] for i in report["instructions"]] == ["applied"] * 5 + ["not applied", "applied"]
    assert "“to train judges” is not in operative paragraph 2" in report["instructions"][5]["note"]
    c = compare(draft, amendment)
    assert c.relation == "amendment" and c.amendment["symbol"] == "A/C.3/80/L.90"
    assert c.warnings == [report["instructions"][5]["note"]]


# --- real pairs ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mercenaries():
    old = segmented(series_pdf("A_RES_78_191-EN.pdf"))
    new = segmented(series_pdf("A_RES_79_162-EN.pdf"))
    return comparison_dict(compare(old, new))


def test_successor_pair_read_from_the_pdfs(mercenaries):
    c = mercenaries
    assert validate_comparison(c) == []
    assert (c["old"]["symbol"], c["new"]["symbol"], c["relation"]) == ("A/RES/78/191", "A/RES/79/162", "successor")
    assert c["summary"] == {
        "unchanged": 29,
        "modified": 3,
        "added": 0,
        "removed": 0,
        "moved": 0,
        "split": 0,
        "merged": 0,
    }
    changed = {p["new"]: p for p in c["paragraphs"] if p["status"] != "unchanged"}
    assert sorted(changed) == ["fn1", "fn4", "op21", "op22", "pp1"]
    pp1 = [(x["op"], x["text"]) for x in changed["pp1"]["changes"] if x["op"] != "equal"]
    assert pp1 == [
        ("delete", "77/206 of 15"),
        ("insert", "78/191 of 19"),
        ("delete", "2022,"),
        ("insert", "2023,"),
        ("delete", "54/3 of 11"),
        ("insert", "57/8 of 9"),
        ("delete", "2023,"),
        ("insert", "2024,"),
    ]
    for pid in ("op21", "op22"):
        assert [(x["op"], x["text"]) for x in changed[pid]["changes"] if x["op"] != "equal"] == [
            ("delete", "seventy-ninth"),
            ("insert", "eightieth"),
        ]
    assert [(x["op"], x["text"]) for x in changed["fn4"]["changes"]] == [
        ("delete", "A/78/535."),
        ("insert", "A/79/305."),
    ]
    later = {(d["new"], d["old_due"][0]["session"], d["new_due"][0]["session"]) for d in c["meaning"]["deadlines"]}
    assert later == {("op21", 79, 80), ("op22", 79, 80)}
    assert c["meaning"]["verbs"] == [] and c["meaning"]["asks"] == {"added": [], "dropped": []}


def test_amendment_l57_applied_to_draft_l3():
    """A/C.3/80/L.57 amends A/C.3/80/L.3/Rev.1, whose paragraphs 64 and 65 are 58 and 59 of A/C.3/80/L.3: the
    words of its first instruction are in L.3's operative paragraphs 57 and 58, and the adopted text
    (A/RES/80/229, op64) shows them in the second; the second instruction's words ("once in force") are
    in no paragraph of L.3 (they came with Rev.1)."""
    draft = segmented(series_pdf("A_C.3_80_L.3-EN.pdf"))
    amendment = segmented(series_pdf("A_C.3_80_L.57-EN.pdf"))
    assert amendment.amends == "A/C.3/80/L.3/Rev.1"
    c = comparison_dict(compare(draft, amendment))
    assert validate_comparison(c) == []
    first, second = c["amendment"]["instructions"]
    assert (first["status"], first["target"]) == ("applied", "operative paragraph 58")
    assert "nearest of 2; also in operative paragraph 57" in first["note"]
    assert second["status"] == "not applied" and "“once in force” is not in operative paragraph 65" in second["note"]
    assert c["summary"]["modified"] == 1 and c["summary"]["added"] == c["summary"]["removed"] == 0
    op58 = next(p for p in c["paragraphs"] if p["new"] == "op58")
    assert [(x["op"], x["text"]) for x in op58["changes"] if x["op"] != "equal"] == [
        ("insert", "and combating child pornography ")
    ]
    assert op58["text"].startswith(
        "Further encourages Member States to strengthen their efforts in preventing and combating child pornography"
        " and combating all forms of child sexual exploitation and abuse"
    )


# --- series in a batch ---------------------------------------------------------------------------------


def test_series_links_successor_draft_and_amendment():
    texts = [
        text_of("A_RES_78_9", _res("A/RES/78/9", [], [A], session=78)),
        text_of("A_RES_77_9", _res("A/RES/77/9", [], [A], session=77)),
        text_of("A_RES_79_9", _res("A/RES/79/9", [], [A], references=[{"symbol": "A/RES/77/9"}], adopted_on=None)),
        text_of("A_RES_79_10", _res("A/RES/79/10", [], [A], title="Another title")),
        text_of("A_C.2_79_L.5", _res("A/C.2/79/L.5", [], [A], document_type="draft resolution")),
        text_of("A_C.2_79_L.5_Rev.1", _res("A/C.2/79/L.5/Rev.1", [], [A], document_type="draft resolution")),
        text_of(
            "A_C.2_79_L.40", _res("A/C.2/79/L.40", [], [A], document_type="amendment", amends="A/C.2/79/L.5/Rev.1")
        ),
    ]
    links = {(link.old, link.new, link.relation) for link in find_links(texts)}
    assert links == {
        ("A_RES_77_9", "A_RES_78_9", "successor"),
        ("A_RES_77_9", "A_RES_79_9", "successor"),  # it cites 77/9, not 78/9
        ("A_C.2_79_L.5_Rev.1", "A_RES_79_9", "draft->adopted"),
        ("A_C.2_79_L.5_Rev.1", "A_C.2_79_L.40", "amendment"),
    }


def test_units_of_a_resolution_keep_numbers_apart_from_words():
    res = _res("A/RES/79/1", ["Recalling,"], [("Requests the Office:", ["To report;"])])
    units = units_of(res)
    assert [(u.kind, u.id, u.number, u.text) for u in units] == [
        ("preamble", "pp1", None, "Recalling,"),
        ("operative", "op1", "1", "Requests the Office:\n(a) To report;"),
    ]


def test_a_verb_put_in_front_of_a_paragraph_is_an_action_added_not_a_stronger_verb():
    """A/RES/78/229 op23 "Takes note of the launch of ..." became A/RES/80/229 op19 "Invites Member States to
    consider ..., and takes note of the implementation of ...": the paragraph took on an invitation."""
    old = _res(
        "A/RES/78/9",
        [],
        ["Takes note of the launch of the initiative for at-risk youth developed jointly by the Office;"],
        session=78,
    )
    new = _res(
        "A/RES/79/9",
        [],
        [
            "Invites Member States to consider the policy recommendations of the Global Report on Corruption in Sport,"
            " and takes note of the implementation of the initiative for at-risk youth developed jointly by the Office;"
        ],
    )
    m = comparison_dict(compare(old, new))["meaning"]
    assert m["verbs"] == []
    assert [(a["paragraph"], a["verb"], a["force"], a["addressees"]) for a in m["actions"]["added"]] == [
        ("op1", "Invites", 3, ["Member States"])
    ]
    assert m["actions"]["dropped"] == []


def test_78_229_and_80_229_agree_with_the_xml_and_show_moves_and_merges():
    """Two sessions apart, read from the PDFs: the counts are those of the gold alignment of the UN's XML of
    both (55 unchanged, 84 modified, 18 new, 38 deleted); 78/229's op43 ("Calls upon Member States to ensure
    equal access to justice for all ...;") and op44 ("Requests the United Nations Office on Drugs and Crime
    to continue to develop technical tools ...") are 80/229's op35 ("... for all, and requests the United
    Nations Office ..."), as are op90 and op91 its op77; op11 ("Welcomes the resolutions adopted by the
    Conference of the Parties ...") moved to op67."""
    from conftest import corpus_pdf

    from pipeline.akn import read_akn
    from pipeline.evaluate.comparisons import gold_alignment

    old = segmented(corpus_pdf("A_RES_78_229-EN.pdf"))
    new = segmented(corpus_pdf("A_RES_80_229-EN.pdf"))
    c = comparison_dict(compare(old, new))
    truth = SHARED / "corpus" / "truth" / "unxml_ga"
    gold = gold_alignment(
        read_akn(truth / "A_RES_78_229" / "A_RES_78_229-2325976E.xml"),
        read_akn(truth / "A_RES_80_229" / "A_RES_80_229-2520947E.xml"),
    )
    counts = {s: sum(1 for g in gold if g[0] == s) for s in ("unchanged", "modified", "added", "removed")}
    assert counts == {"unchanged": 55, "modified": 84, "added": 18, "removed": 38}
    assert {k: c["summary"][k] for k in counts} == counts
    by_new = {p["new"]: p for p in c["paragraphs"] if p["new"]}
    assert by_new["op35"]["merged"] == ["op43", "op44"] and by_new["op77"]["merged"] == ["op90", "op91"]
    assert {p["old"]: p["merged_into"] for p in c["paragraphs"] if p["merged_into"]} == {"op44": "op35", "op91": "op77"}
    assert (by_new["op67"]["old"], by_new["op67"]["moved"]) == ("op11", True)
    assert validate_comparison(c) == []


def test_actions_pair_by_the_words_they_govern_before_by_their_verb():
    """A/RES/78/262 op42 "Further welcomes the first part ..., and looks forward to the sixteenth meeting" became
    A/RES/79/263 op43 "Recalls the first part ..., and welcomes the sixteenth meeting": the welcome of the first
    part became a recall, and the looking forward a welcome; neither welcome is the other."""
    old = _res(
        "A/RES/78/9",
        [],
        [
            "Further welcomes the first part of the fifteenth meeting held in Kunming, China, and looks forward to the sixteenth meeting of the Conference of the Parties in Colombia;"
        ],
        session=78,
    )
    new = _res(
        "A/RES/79/9",
        [],
        [
            "Recalls the first part of the fifteenth meeting held in Kunming, China, and welcomes the sixteenth meeting of the Conference of the Parties held in Colombia;"
        ],
    )
    m = comparison_dict(compare(old, new))["meaning"]
    assert [(v["old_verb"], v["new_verb"]) for v in m["verbs"]] == [
        ("Further welcomes", "Recalls"),
        ("looks forward to", "welcomes"),
    ]
    assert m["actions"] == {"added": [], "dropped": []}
