"""The packs of an output folder as records, each read from its resolution.json only when it changed.

The records of the last run are kept in ``OUT/collection-cache.json`` (not a hidden file: names
starting with a dot in ``OUT`` are a batch's temporary files) under
the sha256 of the resolution.json they were read from and of the collection's
own code; a pack whose resolution.json has the same digest is taken from there
without being parsed.  The cache only saves time: the outputs are the same
with or without it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pipeline.batch.document import JSON_NAME, sha256_file
from pipeline.collection.files import write_atomic
from pipeline.collection.records import record_of

CACHE_NAME = "collection-cache.json"
PACKAGE = Path(__file__).resolve().parent


def code_key() -> str:
    """Gives the digest of the code the collection is made with: its own, the model and series rules it reads
    with, and the packs' calendar writer."""
    digest = hashlib.sha256()
    for path in (
        sorted(PACKAGE.glob("*.py"))
        + [PACKAGE.parent / "model.py", PACKAGE.parent / "compare" / "series.py"]
        + [
            PACKAGE.parent / "render" / name
            for name in ("ical.py", "annotations.py", "view.py")  # calendar.ics
        ]
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def natural_key(name: str) -> list:
    """Gives a sort key that puts A_RES_78_9 before A_RES_78_10."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", name) if p]


def pack_folders(out: Path) -> list[Path]:
    """Gives the pack folders of ``out`` (those holding a resolution.json), in natural order of their names."""
    folders = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / JSON_NAME).is_file()]
    return sorted(folders, key=lambda p: natural_key(p.name))


def _cache(out: Path, key: str) -> dict:
    try:
        data = json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))
        return data["records"] if data.get("code") == key else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def last_outputs(out: Path) -> str:
    """Gives the digest of what the collection outputs were last made from ("" when not known)."""
    try:
        return str(json.loads((out / CACHE_NAME).read_text(encoding="utf-8")).get("outputs", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def save_records(out: Path, records: list[dict], outputs: str) -> None:
    """Keeps the records (and the digest of what the outputs were made from) for the next run."""
    data = {"code": code_key(), "outputs": outputs, "records": {r["name"]: r for r in records}}
    try:
        write_atomic(out / CACHE_NAME, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # the cache only saves time


def read_records(out: Path) -> tuple[list[dict], list[str]]:
    """Gives (the record of every pack in ``out``, the packs that could not be read, one line each), each taken
    from the cache when its resolution.json is unchanged."""
    cached = _cache(out, code_key())
    records, problems = [], []
    for folder in pack_folders(out):
        path = folder / JSON_NAME
        try:
            sha = sha256_file(path)
            record = cached.get(folder.name)
            if not record or record.get("sha256") != sha:
                record = record_of(folder.name, sha, json.loads(path.read_text(encoding="utf-8")))
        except Exception as exc:  # a damaged or hand-edited pack is said in one line; the others go on
            problems.append(
                f"{folder.name}: its {JSON_NAME} cannot be read for the collection ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})"
            )
            continue
        records.append(record)
    return records, problems
