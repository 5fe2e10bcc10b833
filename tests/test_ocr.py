"""Scans read by Tesseract: the 1971 Russian page, a text-layer resolution made into a scan, and the rules that
read the print back (opening words, section-free mending of misreadings), each checked against the page."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, corpus_pdf, segmented

from pipeline import ocr
from pipeline.batch import convert
from pipeline.config import Config
from pipeline.errors import ConversionError

sys.path.insert(0, str(ROOT / "tools"))


def need_tesseract(*languages: str) -> None:
    """Skips the test, saying why, when Tesseract or one of its language packs is missing."""
    command = ocr.tesseract()
    if command is None:
        pytest.skip("tesseract is not installed (make installs tesseract-ocr as root)")
    missing = [lang for lang in languages if lang not in ocr.installed_languages(command)]
    if missing:
        pytest.skip(f"Tesseract language data missing: {missing} (tesseract-ocr-{missing[0]})")


def test_the_1971_russian_scan_is_read_by_ocr():
    need_tesseract("rus", "eng", "osd")
    res = segmented(corpus_pdf("A_RES_2758_XXVI-RU.pdf"))
    # the page of the Official Records holds six resolutions in two columns (read left, then right)
    assert [p.number[:4] for p in res.parts] == ["2751", "2752", "2753", "2754", "2758", "2763"]
    restoration = res.parts[4]
    assert restoration.title.startswith("Восстановление законных прав")
    assert restoration.enacting_formula == "Генеральная Ассамблея,"
    assert [p.lead for p in restoration.preamble] == ["напоминая", "считая", "признавая"]
    assert restoration.operative[0].verb == "постановляет"
    assert restoration.operative[0].text.startswith("постановляет восстановить Китайскую Народную Республику")
    assert restoration.preamble[2].text.startswith(  # "един-" | "ственными", "Китай-" | "ская" on the scan
        "признавая, что представители правительства Китайской Народной Республики являются единственными "
        "законными представителями Китая в Организации Объединенных Наций и что Китайская Народная Республика"
    )
    assert (restoration.meeting, restoration.date_adopted) == ("1976-е пленарное заседание", "1971-10-25")
    bhutan = res.parts[0]
    assert [p.lead for p in bhutan.preamble] == ["получив", "рассмотрев"]
    assert bhutan.operative[0].text.startswith("постановляет принять")
    assert res.source.ocr["language"] == "rus+eng" and res.source.ocr["pages"] == [1]
    assert 50 < res.source.ocr["confidence"] <= 100
    assert res.warnings[0].startswith("read by OCR (Tesseract ")


def test_without_ocr_a_scan_keeps_its_clear_message(monkeypatch):
    path = corpus_pdf("A_RES_2758_XXVI-RU.pdf")
    with pytest.raises(ConversionError, match=r"image-only PDF: no text layer \(run OCR first\)"):
        convert(path, Config(ocr="never"))
    monkeypatch.setattr(ocr, "tesseract", lambda: None)  # a machine without Tesseract
    with pytest.raises(ConversionError, match=r"image-only PDF: no text layer \(run OCR first\)"):
        convert(path)


def test_a_rasterised_resolution_reads_as_its_text_layer(tmp_path):
    need_tesseract("eng")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from rasterise import rasterise

    original = corpus_pdf("S_RES_2770_2025-EN.pdf")
    scan = tmp_path / original.name
    rasterise(original, scan)
    fonts = subprocess.run(["pdffonts", str(scan)], capture_output=True, text=True).stdout
    assert len(fonts.splitlines()) == 2  # no font at all: an image-only PDF
    read = convert(scan)
    text = segmented(original)
    assert (read.symbol, read.date_adopted, read.meeting) == (text.symbol, text.date_adopted, text.meeting)
    assert [p.lead for p in read.preamble] == [p.lead for p in text.preamble]
    assert [(o.number, o.verb) for o in read.operative] == [(o.number, o.verb) for o in text.operative]
    for a, b in zip(read.preamble + read.operative, text.preamble + text.operative):
        assert difflib.SequenceMatcher(None, a.text, b.text).ratio() > 0.97, (a.text, b.text)
    assert read.source.ocr["pages"] == [1] and text.source.ocr is None


def test_opening_words_from_the_lexicons():
    assert ocr._opening_length(["Recalling", "also", "its", "resolution"]) == 2
    assert ocr._opening_length(["Also", "requests", "the", "Secretary-General"]) == 2
    assert ocr._opening_length(["Takes", "note", "of", "the", "report"]) == 3
    assert ocr._opening_length(["Bearing", "in", "mind", "that"]) == 3
    assert ocr._opening_length(["The", "report", "of"]) == 0


def _line(*texts: str) -> ocr._Line:
    words = [ocr._Word(text=t, box=(10 * i, 0, 10 * i + 8, 10), conf=90.0) for i, t in enumerate(texts)]
    return ocr._Line(box=(0, 0, 100, 10), baseline=(0.0, 0.0), row=10.0, words=words)


def test_misreadings_that_print_makes_plain_are_mended():
    lines = [_line("A", "RES/78/250"), _line("SOth", "(resumed)", "plenary"), _line("by", "|", "October"),
             _line("S/res/2773", "(2025)"), _line("United", "Nations", "Avres/78/117"), _line("S", "/RES/2768"),
             _line("S/RE8/2768"), _line("Ares", "and")]  # fmt: skip
    ocr._misreadings_mended(lines)
    assert [[w.text for w in line.words] for line in lines] == [
        ["A/RES/78/250"],
        ["50th", "(resumed)", "plenary"],
        ["by", "1", "October"],
        ["S/RES/2773", "(2025)"],
        ["United", "Nations", "A/RES/78/117"],
        ["S/RES/2768"],
        ["S/RES/2768"],
        ["Ares", "and"],
    ]


def test_russian_words_broken_at_a_line_end_are_joined():
    from pipeline.clean import line_joint

    assert line_joint("о приеме в чле-", "ны Организации", {"члены"}) == "-"
    assert line_joint("является необхо-", "димым", set()) == "-"  # a soft break, even where the word is not seen
    assert line_joint("представителей Чан Кай-", "ши", {"кай-ши"}) == ""  # a real hyphen printed elsewhere
    assert line_joint("the Secretary-", "General") == ""


def test_eval_present_scores_only_the_documents_converted(tmp_path, capsys):
    # the OCR set is a subset of the corpus: --present leaves out the rest and the UNBench drafts
    from pipeline.cli import main as resbrief

    truth = corpus_pdf("S_RES_2770_2025-EN.pdf").parents[1] / "truth"
    assert resbrief(["build", str(corpus_pdf("S_RES_2770_2025-EN.pdf")), "-o", str(tmp_path), "--formats", "json"]) == 0
    capsys.readouterr()
    assert resbrief(["eval", str(tmp_path), str(truth), "--present"]) == 0
    out = capsys.readouterr().out
    assert "AKN4UN truth: 1 documents, 0 without prediction" in out and "S/RES/2770 (2025)" in out
    assert "UNBench" not in out and "(missing)" not in out


def test_the_1971_english_draft_read_by_ocr_has_its_operative_paragraph():
    # A/L.632 carries the library's own invisible OCR layer; --ocr always reads the page image instead. Its one
    # operative paragraph, unnumbered, runs over three typewritten lines that are set apart by double spacing.
    need_tesseract("eng")
    res = convert(corpus_pdf("A_L.632-EN.pdf"), Config(ocr="always"))
    assert res.enacting_formula == "The General Assembly,"
    assert [p.text for p in res.preamble] == ["Recalling the provisions of the Charter of the United Nations,"]
    assert [(o.number, o.verb) for o in res.operative] == [(None, "Decides")]
    assert res.operative[0].text.startswith("Decides that any proposal in the General Assembly which would result in")
    assert res.operative[0].text.endswith("question under Article 18 of the Charter.")
