"""Makes image-only copies of text-layer PDFs, to measure OCR on documents whose answer is known.

Each page is rendered at 300 dpi in grey by ``pdftoppm`` (poppler-utils) and the pages are put back together
as a PDF of images only, with the page size of the original: a scan without a text layer.  The copies keep
their file names, so ``resbrief eval`` pairs their conversions with the UN's XML as it does the originals.

    python tools/rasterise.py PDF_OR_DIR... -o build/ocr/pdfs [--max-pages 12]

Written to build/ by ``make ocr-eval``; never committed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

DPI = 300


def pages_of(pdf: Path) -> int:
    """Gives the page count of a PDF, as pdfinfo tells it."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def rasterise(pdf: Path, out: Path) -> None:
    """Writes ``out``: every page of ``pdf`` as a 300 dpi grey image, and nothing else."""
    with tempfile.TemporaryDirectory(prefix="rasterise-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p-*.png"))]
        first, rest = images[0], images[1:]
        tmp_out = out.with_suffix(".part")
        first.save(tmp_out, "PDF", resolution=DPI, save_all=True, append_images=rest)
        tmp_out.replace(out)


def main(argv: list[str] | None = None) -> int:
    """Rasterises the inputs into the output folder; gives 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--max-pages", type=int, default=0, help="skip documents longer than this (0: no limit)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pdfs = sorted(p for i in args.inputs for p in ([i] if i.is_file() else i.glob("*.pdf")))
    for pdf in pdfs:
        target = args.out / pdf.name
        if target.exists() and target.stat().st_mtime >= pdf.stat().st_mtime:
            continue
        if args.max_pages and pages_of(pdf) > args.max_pages:
            print(f"skip {pdf.name}: more than {args.max_pages} pages", file=sys.stderr)
            continue
        rasterise(pdf, target)
        print(f"image-only {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
