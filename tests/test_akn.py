"""Akoma Ntoso out and in: resolution.akn.xml validates, reads back, follows the UN's markup; the UN's XML makes packs.

Every corpus document (../shared/corpus/pdfs, sectioned, series) is built once per session as JSON and AKN
only; each AKN file is validated against the OASIS Akoma Ntoso 3.0 schema (pipeline/xsd) with lxml and read
back with pipeline/akn.py.  The expectations on A/RES/78/229 and S/RES/2768 (2025) were read off their PDFs
and the UN's own XML of them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.akn import NS, read_akn, read_resolution
from pipeline.errors import ConversionError
from pipeline.evaluate.documents import FIELDS, evaluate_dirs, evaluate_pair
from pipeline.model import resolution_from_dict
from pipeline.render.akn import akn_bytes

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = [CORPUS / "pdfs", CORPUS / "sectioned" / "pdfs", CORPUS / "series" / "pdfs"]
TRUTH = CORPUS / "truth"
UN_XML_229 = TRUTH / "unxml_ga" / "A_RES_78_229" / "A_RES_78_229-2325976E.xml"
UN_XML_2768 = TRUTH / "unxml_sc" / "S_RES_2768" / "S_RES_2768-2500616E.xml"
SCHEMA_PATH = ROOT / "pipeline" / "xsd" / "akomantoso30.xsd"
A = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def _need_corpus() -> None:
    if not all(d.is_dir() for d in SOURCES + [TRUTH]):
        pytest.skip(f"shared corpus not found at {CORPUS} (tests that need it are skipped)")


@pytest.fixture(scope="session")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Every corpus document built once as resolution.json and resolution.akn.xml."""
    _need_corpus()
    from pipeline.cli import main

    out = tmp_path_factory.mktemp("akn")
    assert main(["build", *map(str, SOURCES), "-o", str(out), "--formats", "json,akn", "--jobs", "2"]) == 0
    return out


def _packs(built: Path) -> list[Path]:
    return sorted(p.parent for p in built.glob("*/resolution.json"))


def _offsets(d: dict) -> dict:
    found = {}

    def walk(items):
        for p in items:
            found[p["id"]] = [list(x) for x in p.get("marker_offsets") or []]
            walk(p.get("subparagraphs") or [])

    for h in [d] + (d.get("parts") or []):
        walk(h.get("preamble") or [])
        walk(h.get("operative") or [])
        for annex in h.get("annexes") or []:
            walk(annex["paragraphs"])
    return {k: v for k, v in found.items() if v}


def _italics(d: dict) -> dict:
    """Gives the italic runs of every paragraph, heading, footnote and enacting formula that has any."""
    found = {}

    def walk(items, where):
        for i, p in enumerate(items):
            found[(where, p.get("id") or i, p["text"])] = [list(x) for x in p.get("italic") or []]
            walk(p.get("subparagraphs") or [], where)

    for k, h in enumerate([d] + (d.get("parts") or [])):
        found[(k, "enacting", h.get("enacting_formula"))] = [list(x) for x in h.get("enacting_italic") or []]
        for key in ("preamble", "operative", "headings", "footnotes"):
            walk(h.get(key) or [], (k, key))
        for annex in h.get("annexes") or []:
            walk(annex["paragraphs"], (k, annex["id"]))
    return {k: v for k, v in found.items() if v}


def _links(d: dict) -> list[tuple]:
    """Gives every linked citation as (part, url, paragraph, footnote), sorted."""
    refs = [r for r in d.get("references") or [] if r.get("url")]
    return sorted((str(r.get("part")), r["url"], str(r["paragraph"]), str(r.get("footnote"))) for r in refs)


# --- out: every corpus document --------------------------------------------------------------------------------


def test_every_corpus_document_gives_an_akn_file_that_the_oasis_schema_accepts(built, schema):
    inputs = [p for d in SOURCES for p in d.iterdir() if p.name.lower().endswith(".pdf")]
    packs = _packs(built)
    assert len(packs) == len(inputs) == 127
    invalid = []
    for pack in packs:
        doc = etree.parse(str(pack / "resolution.akn.xml"))
        if not schema.validate(doc):
            invalid.append(f"{pack.name}: {schema.error_log.last_error}")
    assert invalid == []


def test_every_corpus_document_reads_back_from_its_akn_at_100_percent_on_every_field(built):
    below = {}
    for pack in _packs(built):
        ours = json.loads((pack / "resolution.json").read_text(encoding="utf-8"))
        back = read_akn(pack / "resolution.akn.xml")
        scores = evaluate_pair(ours, back, FIELDS)
        low = {f: v for f, v in scores.items() if v is not None and v < 1}
        if low or _offsets(ours) != _offsets(back) or _links(ours) != _links(back):
            below[pack.name] = low or "footnote call offsets or links"
        elif _italics(ours) != _italics(back):
            below[pack.name] = "italic runs"
    assert below == {}


def test_our_akn_scored_against_the_un_xml_gives_the_figures_of_our_json(built):
    from_json = evaluate_dirs(built, TRUTH)
    from_akn = evaluate_dirs(built, TRUTH, akn=True)
    assert len(from_json["documents"]) == 38 and from_json["missing"] == []
    assert [r["scores"] for r in from_akn["documents"]] == [r["scores"] for r in from_json["documents"]]
    assert from_akn["aggregate"] == from_json["aggregate"]


def test_the_akn_bytes_depend_only_on_the_resolution(built):
    for name in ("A_RES_78_229", "S_RES_2768_2025", "FCCC_PA_CMA_2021_10_Add.1", "A_RES_80_173"):
        res = resolution_from_dict(json.loads((built / name / "resolution.json").read_text(encoding="utf-8")))
        assert akn_bytes(res) == akn_bytes(res) == (built / name / "resolution.akn.xml").read_bytes(), name


# --- out: the UN's conventions, on A/RES/78/229 ----------------------------------------------------------------


@pytest.fixture(scope="session")
def akn_229(built):
    return etree.parse(str(built / "A_RES_78_229" / "resolution.akn.xml")).getroot()


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def test_78_229_is_identified_and_covered_as_the_un_marks_it_up(akn_229):
    st = akn_229.find(A + "statement")
    assert st.get("name") == "resolution"
    work = st.find(f"{A}meta/{A}identification/{A}FRBRWork")
    assert work.find(A + "FRBRthis").get("value") == "/akn/un/statement/deliberation/unga/2023-12-19/78-229/!main/"
    assert work.find(A + "FRBRdate").get("date") == "2023-12-19"
    expr = st.find(f"{A}meta/{A}identification/{A}FRBRExpression")
    assert expr.find(A + "FRBRlanguage").get("language") == "eng"
    assert expr.find(A + "FRBRdate").get("date") == "2023-12-22"  # issued, as printed on the cover
    cover = st.find(A + "coverPage")
    assert _text(cover.find(f".//{A}docNumber")) == "A/RES/78/229"
    assert cover.find(f".//{A}session").get("value") == "78"
    assert _text(cover.find(f".//{A}session")) == "Seventy-eighth session"  # as the PDF's cover prints it
    items = [(x.get("name"), x.get("title"), _text(x)) for x in cover.iter(A + "inline")]
    assert ("agenda item name", None, "Crime prevention and criminal justice") in items
    assert ("agenda item", "107", "Agenda item 107") in items
    assert _text(st.find(f"{A}preface//{A}docNumber")) == "78/229."
    assert _text(st.find(f"{A}preface//{A}docTitle")).startswith("Strengthening the United Nations crime prevention")
    event = st.find(f"{A}conclusions//{A}event")
    assert _text(event.find(A + "location")) == "50th plenary meeting"
    assert event.find(A + "docDate").get("date") == "2023-12-19"


def test_78_229_preamble_containers_are_named_by_the_opening_words_the_un_gives_them(akn_229):
    un = etree.parse(str(UN_XML_229)).getroot()
    theirs = [c.get("name").strip() for c in un.iter(A + "container")]
    ours = [c.get("name") for c in akn_229.iter(A + "container")]
    assert len(ours) == len(theirs) == 84
    assert ours[:3] == ["Reaffirming", "Reaffirming also", "Welcoming"]
    assert ours == theirs


def test_78_229_footnote_calls_stand_where_the_pdf_prints_them(akn_229):
    pp2 = akn_229.find(f".//{A}container[@eId='pp2']/{A}p")
    notes = pp2.findall(A + "authorialNote")
    assert [n.get("marker") for n in notes] == ["1", "2", "3", "4", "5"]
    assert _text(notes[0]) == "United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574."
    before_first = (pp2.find(A + "span").tail or "") if len(pp2) else ""
    assert before_first.rstrip().endswith("and the Protocols thereto,")  # the PDF: "...thereto,1 the Single ..."
    assert notes[0].tail.startswith(" the Single Convention on Narcotic Drugs of 1961")
    assert notes[4].tail.startswith(" and all the international conventions")  # after "...against Corruption5"


def test_78_229_verbs_numbers_and_citations_are_marked(akn_229):
    op1 = akn_229.find(f".//{A}paragraph[@eId='op1']")
    assert _text(op1.find(A + "num")) == "1."
    p = op1.find(f"{A}content/{A}p")
    assert _text(p.find(A + "span")) == "Takes note with appreciation"
    assert p.find(A + "span").get("class") == "italic"
    assert p.find(A + "authorialNote").get("marker") == "48"  # "... pursuant to resolution 77/237;48"
    links = [(r.get("href"), _text(r)) for r in akn_229.find(f".//{A}container[@eId='pp1']").iter(A + "ref")]
    assert links[0] == ("https://undocs.org/en/A/RES/46/152", "resolutions 46/152")
    assert ("https://undocs.org/en/A/RES/77/237", "77/237") in links


def test_78_220_sub_paragraphs_are_lists_of_points(built):
    root = etree.parse(str(built / "A_RES_78_220" / "resolution.akn.xml")).getroot()
    op30 = root.find(f".//{A}paragraph[@eId='op30']")
    lst = op30.find(A + "list")
    assert _text(lst.find(A + "intro")).startswith("Calls upon the Islamic Republic of Iran to deepen its engagement")
    labels = [_text(p.find(A + "num")) for p in lst.findall(A + "point")]
    assert labels == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)"]  # the PDF: (a) Cooperating ... (g) Following


def test_a_document_of_four_decisions_is_a_collection_of_four_statements(built):
    root = etree.parse(str(built / "FCCC_PA_CMA_2021_10_Add.1" / "resolution.akn.xml")).getroot()
    coll = root.find(A + "documentCollection")
    assert _text(coll.find(f"{A}coverPage//{A}docNumber")) == "FCCC/PA/CMA/2021/10/Add.1"
    statements = coll.findall(f"{A}collectionBody/{A}component/{A}statement")
    numbers = [_text(s.find(f"{A}preface//{A}docNumber")) for s in statements]
    assert numbers == ["1/CMA.3.", "2/CMA.3.", "3/CMA.3.", "4/CMA.3."]  # "Decision 1/CMA.3" ... "4/CMA.3" in the PDF
    assert _text(statements[0].find(f"{A}preface//{A}docTitle")) == "Glasgow Climate Pact"


def test_annexes_are_attachments(built):
    root = etree.parse(str(built / "A_RES_79_1" / "resolution.akn.xml")).getroot()
    docs = root.findall(f".//{A}attachments/{A}attachment/{A}doc")
    assert [d.get("name") for d in docs] == ["annex", "annex"]  # Annex I, the Global Digital Compact; Annex II
    heads = [_text(d.find(f"{A}mainBody/{A}paragraph/{A}subheading")) for d in docs]
    assert heads == ["Annex I", "Annex II"]


# --- in: the UN's XML ------------------------------------------------------------------------------------------


def test_every_un_xml_of_the_truth_and_session_78_reads_into_a_resolution_json(schema):
    _need_corpus()
    from pipeline.batch import convert
    from pipeline.model import to_json
    from pipeline.schema import validate

    files = sorted(TRUTH.rglob("*.xml")) + sorted((CORPUS / "session78" / "truth").rglob("*.xml"))
    assert len(files) >= 314
    failed = []
    for f in files:
        try:
            res = convert(f)
            problems = validate(json.loads(to_json(res)))
            if problems or not res.operative:
                failed.append(f"{f.name}: {problems[:1] or 'no operative paragraph'}")
            elif not schema.validate(etree.fromstring(akn_bytes(res))):
                failed.append(f"{f.name}: {schema.error_log.last_error}")
        except ConversionError as exc:
            failed.append(str(exc))
    assert failed == []


def _paragraphs(d: dict) -> list[tuple[str, str]]:
    """Gives (id, text) of every paragraph, sub-paragraph, annex paragraph and footnote, the Word file's
    non-breaking hyphen read as the hyphen the PDF prints."""
    out = []

    def walk(items):
        for p in items:
            out.append((p["id"], p["text"].replace("\u2011", "-")))
            walk(p.get("subparagraphs") or [])

    walk(d["preamble"])
    walk(d["operative"])
    for annex in d["annexes"]:
        walk(annex["paragraphs"])
    out += [(f"fn{f['marker']}@{f['paragraph']}", f["text"].replace("\u2011", "-")) for f in d["footnotes"]]
    return out


def _pack_paragraphs(html: str) -> list[str]:
    return re.findall(r'id="((?:ann-)?d-[^"]+)"', html)


@pytest.mark.parametrize(
    "xml, pack, count",
    [(UN_XML_229, "A_RES_78_229", 84 + 93 + 53), (UN_XML_2768, "S_RES_2768_2025", 5 + 6)],
    ids=["A_RES_78_229", "S_RES_2768_2025"],
)
def test_packs_from_the_un_xml_match_the_packs_from_the_pdf_paragraph_for_paragraph(built, tmp_path, xml, pack, count):
    """78/229: 84 preambular and 93 operative paragraphs, 53 footnotes; 2768: 5 and 6, none (read off the PDFs).
    The only difference in the texts is the Word file's non-breaking hyphen (U+2011, "anti‑corruption" in 78/229
    pp15, op14 ...), which the PDF prints as a hyphen."""
    from pipeline.cli import main

    assert main(["render", str(xml), "-o", str(tmp_path / "xml"), "--formats", "html,pdf,docx,akn"]) == 0
    for name in ("resolution.json", "brief.html", "brief.pdf", "brief.docx", "resolution.akn.xml"):
        assert (tmp_path / "xml" / name).stat().st_size > 0, name
    from_xml = json.loads((tmp_path / "xml" / "resolution.json").read_text(encoding="utf-8"))
    from_pdf = json.loads((built / pack / "resolution.json").read_text(encoding="utf-8"))
    assert len(_paragraphs(from_pdf)) == count
    assert _paragraphs(from_xml) == _paragraphs(from_pdf)
    assert from_xml["annotations"]["summary"] == from_pdf["annotations"]["summary"]
    assert (
        main(["render", str(built / pack / "resolution.json"), "-o", str(tmp_path / "pdf"), "--formats", "html"]) == 0
    )
    html_xml = (tmp_path / "xml" / "brief.html").read_text(encoding="utf-8")
    html_pdf = (tmp_path / "pdf" / "brief.html").read_text(encoding="utf-8")
    assert _pack_paragraphs(html_xml) == _pack_paragraphs(html_pdf)
    assert len([i for i in _pack_paragraphs(html_pdf) if re.fullmatch(r"d-(pp|op)\d+", i)]) == count - (
        len(from_pdf["footnotes"])
    )


# --- in: bad XML ----------------------------------------------------------------------------------------------

BAD = {
    "truncated.xml": (
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement',
        "not well-formed",
    ),
    "empty.xml": (b"", "not well-formed"),
    "laughs.xml": (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;&l;&l;&l;&l;&l;&l;">]>'
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&l2;</akomaNtoso>',
        "DOCTYPE",
    ),
    "external.xml": (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&x;</akomaNtoso>',
        "DOCTYPE",
    ),
    "html.xml": (b"<html><body>not a resolution</body></html>", "not Akoma Ntoso"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_xml_is_one_line_and_nothing_is_expanded_or_fetched(tmp_path, name):
    data, why = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ConversionError) as err:
        read_resolution(path)
    assert why in str(err.value) and "\n" not in str(err.value) and "root:" not in str(err.value)
    assert err.value.kind == "bad-xml"


def test_a_batch_with_bad_xml_converts_the_good_xml_and_says_one_line_for_the_bad(tmp_path, capsys):
    _need_corpus()
    from pipeline.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.xml").write_bytes(BAD["laughs.xml"][0])
    (folder / "S_RES_2768.xml").write_bytes(UN_XML_2768.read_bytes())
    rc = main(["build", str(folder), "-o", str(tmp_path / "out"), "--formats", "json,akn", "--in-process"])
    assert rc == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    status = {Path(i["input"]).name: i["status"] for i in report["inputs"]}
    assert status == {"bad.xml": "error", "S_RES_2768.xml": "ok"}
    said = capsys.readouterr()
    lines = [line for line in (said.out + said.err).splitlines() if "bad.xml" in line]
    assert len(lines) == 1 and "DOCTYPE" in lines[0]
    back = read_akn(tmp_path / "out" / "S_RES_2768_2025" / "resolution.akn.xml")
    assert back["symbol"] == "S/RES/2768 (2025)" and len(back["operative"]) == 6
    assert back["meeting"] == "9836th meeting" and back["date_adopted"] == "2025-01-15"


def test_the_reader_finds_the_akn_namespace_it_writes():
    assert NS == A


def test_text_that_xml_cannot_hold_is_left_out_and_the_file_still_validates(schema):
    from pipeline.model import Footnote, OperativeParagraph, PreambularParagraph, Resolution

    res = Resolution(
        symbol="A/RES/1/1",
        body="General Assembly",
        document_type="resolution",
        language="en",
        title="Bell\x07 and \u202eoverride",
        enacting_formula="The General Assembly,",
        preamble=[PreambularParagraph("pp1", "Recalling\x01", "Recalling\x01 <b>&amp; \x1b[31m", ["1"], [["1", 14]])],
        operative=[OperativeParagraph("op1", "1", "Decides", "Decides to remain seized\x00;", [])],
        footnotes=[Footnote("1", "Note \x0c one.", "pp1")],
    )
    data = akn_bytes(res)
    assert schema.validate(etree.fromstring(data))
    back = read_akn("x.xml", data)
    assert back["title"] == "Bell and override"
    assert back["preamble"][0]["text"] == "Recalling <b>&amp; [31m"
    assert back["preamble"][0]["footnotes"] == ["1"] and back["footnotes"][0]["text"] == "Note one."
    assert back["operative"][0]["text"] == "Decides to remain seized;"
