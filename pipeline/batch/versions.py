"""Versions in a batch: each pack compared with its predecessor, its draft or the draft it amends.

After a batch is built, :func:`link_versions` reads every pack in ``OUT``
(those just built and those already there), finds the texts that are versions
of one another (:mod:`pipeline.compare.series`), or compares every new pack
with the text given as ``--previous``, and writes into the newer text's pack
``comparison-<older pack>.json`` (and ``.html``, ``.pdf``, ``.docx`` as
configured); its briefing pack is rendered again so that its summary page
says what changed and its text marks the changed paragraphs.  Each pack is
rewritten in a temporary copy and swapped into place, as a new pack is.  A
comparison already made from the same two sources, newer than the code, is
left alone.  :func:`read_text` and :func:`write_comparison` serve
``resbrief compare``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from pipeline.batch.document import JSON_NAME, sha256_file
from pipeline.batch.folders import code_mtime, inside, output_name, place_pack
from pipeline.batch.report import Outcome
from pipeline.compare.comparison import Comparison
from pipeline.compare.series import Link, find_links, text_of
from pipeline.config import Config
from pipeline.errors import ConversionError
from pipeline.model import Resolution, resolution_from_dict

PREFIX = "comparison-"


def read_text(path: Path, config: Config = Config()) -> Resolution:
    """Gives the Resolution of a PDF (converted) or of a resolution.json (checked against the schema)."""
    from pipeline.batch.document import convert
    from pipeline.schema import validate

    path = Path(path)
    if not path.is_file():
        raise ConversionError(f"{path}: no such file", "missing")
    if path.suffix.lower() != ".json":
        return convert(path, config)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConversionError(f"{path}: cannot read JSON ({exc})", "bad-json") from exc
    problems = validate(data) if isinstance(data, dict) else ["(top): not an object"]
    if problems:
        raise ConversionError(f"{path}: does not follow the schema: {problems[0]}", "bad-json")
    return resolution_from_dict(data)


def _formats(config: Config) -> Config:
    from dataclasses import replace

    return replace(config, formats=tuple(config.formats) if "json" in config.formats else ("json", *config.formats))


def write_comparison(comparison: Comparison, out: Path, config: Config, stem: str = "comparison") -> dict[str, Path]:
    """Writes comparison.json (always) and the configured formats into ``out``, each file whole or not at all."""
    from pipeline.render import render_comparison

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-compare-", dir=out))
    try:
        written = render_comparison(comparison, tmp, _formats(config))
        placed = {}
        for fmt, path in written.items():
            final = out / path.name.replace("comparison", stem, 1)
            os.replace(path, final)
            placed[fmt] = final
        return placed
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _packs(out: Path) -> dict[str, Resolution]:
    """Gives every pack of ``out`` that holds a readable resolution.json, by folder name."""
    packs = {}
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            packs[folder.name] = resolution_from_dict(json.loads((folder / JSON_NAME).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return packs


def _current(folder: Path, stem: str, old: Resolution, new: Resolution, newest_code: float) -> bool:
    """Tells whether the pack already holds this comparison, made from the same two sources since the code changed."""
    path = folder / f"{stem}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        same = (data["old"]["sha256"], data["new"]["sha256"]) == (
            old.source.sha256 if old.source else None,
            new.source.sha256 if new.source else None,
        )
        return same and path.stat().st_mtime >= newest_code
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _rewrite_pack(
    folder: Path, res: Resolution, comparisons: list[Comparison], stems: list[str], config: Config
) -> None:
    """Writes the comparisons into a copy of the pack, renders its briefs again with them, and swaps it into place."""
    from pipeline.render import own_extras, render

    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-{folder.name[:40]}-", dir=folder.parent))
    try:
        shutil.rmtree(tmp)
        shutil.copytree(folder, tmp)
        for comparison, stem in zip(comparisons, stems):
            write_comparison(comparison, tmp, config, stem)
        if any(f != "json" for f in config.formats):
            extras = {**(own_extras(res) or {}), "comparisons": comparisons, "comparison_files": stems}
            render(res, tmp, config, extras=extras)
        place_pack(tmp, folder)
        tmp = None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def previous_name(previous: Resolution) -> str:
    """Gives the name the comparison files with a ``--previous`` text take after it ("A_RES_78_229")."""
    return output_name(previous.symbol, Path(previous.source.file).stem if previous.source else "previous")


def link_versions(
    out: Path, config: Config, outcomes: list[Outcome], previous: Optional[Resolution] = None
) -> tuple[list[Link], list[str]]:
    """Compares the versions among the packs of ``out`` (or each pack just built with ``previous``); gives
    (links, problems).  The outcomes of the packs rewritten get their new artifact digests.
    """
    from pipeline.compare import compare

    out = Path(out)
    packs = _packs(out) if out.is_dir() else {}
    built = {o.output for o in outcomes if o.status == "ok" and o.kind != "up-to-date" and o.output}
    if previous is not None:
        name = previous_name(previous)
        named = {o.output for o in outcomes if o.status == "ok" and o.output}
        links = [Link(name, new, "previous") for new in sorted(named) if new in packs]
        older = {name: previous}
    else:
        links = find_links([text_of(name, res) for name, res in packs.items()])
        older = packs
    newest_code = code_mtime(config)
    problems: list[str] = []
    by_new: dict[str, list[Link]] = {}
    for link in links:
        by_new.setdefault(link.new, []).append(link)
    for name, group in sorted(by_new.items()):
        folder = inside(out, name)
        stems = [PREFIX + link.old for link in group]
        fresh = name not in built and all(
            _current(folder, stem, older[link.old], packs[name], newest_code) for link, stem in zip(group, stems)
        )
        if fresh:
            continue
        try:
            comparisons = [compare(older[link.old], packs[name]) for link in group]
            for link, c in zip(group, comparisons):
                if link.relation != "previous":
                    c.relation = link.relation
            _rewrite_pack(folder, packs[name], comparisons, stems, config)
        except (OSError, ValueError, ConversionError) as exc:
            problems.append(f"{name}: could not compare with {', '.join(link.old for link in group)} ({exc})")
            continue
        except Exception as exc:  # a bug: said for this pack, the others go on
            if config.debug:
                raise
            text = " ".join(str(exc).split())[:200]
            problems.append(f"{name}: internal error comparing ({type(exc).__name__}: {text}); rerun with --debug")
            continue
        for o in outcomes:
            if o.output == name:
                o.artifacts = {f.name: sha256_file(f) for f in sorted(folder.iterdir()) if f.is_file()}
    return links, problems
