"""A re-run finds packs up to date from each input's stamp (pipeline.batch.stamps) without reading the input, and
reads every input whose stamp changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from badfiles import SAMPLE

from pipeline.batch import build, runner, stamps
from pipeline.config import Config

JSON = Config(formats=("json",), isolate=False)


def _no_reading(monkeypatch) -> list[Path]:
    read: list[Path] = []
    monkeypatch.setattr(runner, "input_sha256", lambda path, config: read.append(Path(path)) or "0" * 64)
    return read


def test_an_unchanged_input_is_not_read_again(tmp_path, monkeypatch):
    pdf = tmp_path / "A_RES_65_232.pdf"
    shutil.copyfile(SAMPLE, pdf)
    out = tmp_path / "out"
    first = build([pdf], out, JSON)
    assert [o.kind for o in first] == ["ok"]
    if stamps.read_stamps(out, ["A_RES_65_232"]) == {}:
        pytest.skip("this file system keeps no extended attributes: every input is hashed")
    read = _no_reading(monkeypatch)
    again = build([pdf], out, JSON)
    assert [o.kind for o in again] == ["up-to-date"] and read == []
    assert again[0].sha256 == first[0].sha256


def test_an_input_rewritten_in_place_with_its_size_and_time_is_read_again(tmp_path):
    data = SAMPLE.read_bytes()
    pdf = tmp_path / "A_RES_65_232.pdf"
    pdf.write_bytes(data + b"%aaaa\n")
    out = tmp_path / "out"
    first = build([pdf], out, JSON)
    before = os.stat(pdf)
    pdf.write_bytes(data + b"%bbbb\n")  # other bytes, the same size, and its old modification time put back
    os.utime(pdf, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert stamps.stamp_of(pdf)[:2] == [before.st_size, before.st_mtime_ns]
    again = build([pdf], out, JSON)
    assert [o.kind for o in again] == ["ok"]  # converted again: its change time told
    assert again[0].sha256 != first[0].sha256


def test_a_stamp_is_only_for_a_regular_file(tmp_path):
    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    assert stamps.stamp_of(fifo) is None and stamps.stamp_of(tmp_path) is None
    assert stamps.stamp_of(tmp_path / "missing.pdf") is None
