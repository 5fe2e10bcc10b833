"""A reader comparing the HTML pack with the PDF finds no difference in wording or numbering.

The PDF side is read independently of the pipeline: pdfplumber's own words at
body size, running header and footer bands left out. The only differences
allowed are the ones a reader would not count as differences: a word broken
at a line end and joined again ("Counter-" + "Terrorism"), the non-breaking
hyphen printed as a plain one, and the closing meeting line, which the pack
shows on its cover.
"""

from __future__ import annotations

import subprocess
import sys

import pdfplumber
import pytest
from conftest import ROOT, corpus_pdf
from lxml import html


def pdf_body_words(path) -> list[str]:
    words = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for w in page.extract_words(extra_attrs=["size"]):
                if page.height * 0.09 < w["top"] < page.height * 0.93 and 9.5 <= w["size"] <= 10.5:
                    words.append(w["text"].replace("\u2011", "-"))
    start = next(i for i in range(len(words)) if words[i : i + 2] == ["The", "General"])
    joined: list[str] = []
    for word in words[start:]:
        if (
            joined
            and joined[-1].endswith("-")
            and joined[-1][-2:-1].isalpha()
            and word[:1].isalnum()
            and word not in ("and", "or")
        ):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def html_text_words(path) -> list[str]:
    text = html.fromstring(path.read_text(encoding="utf-8")).get_element_by_id("text")
    for el in text.xpath(".//aside|.//sup|.//h2|.//h3"):
        el.drop_tree()
    return text.text_content().split()


@pytest.mark.parametrize(
    "name, folder", [("A_RES_80_229-EN.pdf", "A_RES_80_229"), ("A_RES_78_229-EN.pdf", "A_RES_78_229")]
)
def test_html_pack_reads_word_for_word_like_the_pdf(name, folder, tmp_path):
    pdf = corpus_pdf(name)
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(pdf), "-o", str(tmp_path), "--formats", "json,html"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    printed = pdf_body_words(pdf)
    packed = html_text_words(tmp_path / folder / "brief.html")
    closing = printed[-6:]  # "69th plenary meeting 18 December 2025"
    assert closing[1:3] == ["plenary", "meeting"]
    assert packed == printed[:-6]
