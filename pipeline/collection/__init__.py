"""The collection outputs of a batch, beside its packs: index.html, mandates.csv/.xlsx, calendar.ics, collection.json.

``records`` reads one pack's resolution.json into plain data, ``packs`` keeps
those records between runs (an unchanged pack is not read again), ``links``
gives collection.json (the documents and how they link), ``index`` the page,
``mandates`` the registry; the calendar is the packs' own iCalendar writer
(``render.ical``) given every pack's dated entries; ``files`` writes
each whole or not at all.  Every output is deterministic: the same packs give
the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.collection.files import pack_files, write_atomic
from pipeline.collection.index import index_html
from pipeline.collection.links import collection_dict
from pipeline.collection.mandates import mandates_csv, mandates_xlsx
from pipeline.collection.packs import CACHE_NAME, code_key, last_outputs, pack_folders, read_records, save_records
from pipeline.config import DEFAULT_TEMPLATES, Config

LABELS = "collection.json"
OUTPUTS = ("index.html", "mandates.csv", "mandates.xlsx", "calendar.ics", "collection.json")
FILES = (*OUTPUTS, CACHE_NAME)  # every file the collection puts beside the packs


def collection_labels(config: Config) -> dict:
    """Gives the collection's wording: the project's collection.json overlaid with the templates folder's own."""
    labels = json.loads((DEFAULT_TEMPLATES / LABELS).read_text(encoding="utf-8"))
    own = Path(config.templates) / LABELS
    if own.resolve() != (DEFAULT_TEMPLATES / LABELS).resolve() and own.is_file():
        for key, value in json.loads(own.read_text(encoding="utf-8")).items():
            labels[key] = (
                {**labels[key], **value} if isinstance(value, dict) and isinstance(labels.get(key), dict) else value
            )
    return labels


TEMPLATES = ("collection.html.j2", "collection.css", "collection.js", "labels.json")


def made_from(records: list[dict], files: dict[str, list[str]], config: Config) -> str:
    """Gives the digest of everything the outputs are made from: the records, the packs' files, the wording, the
    templates and the code."""
    digest = hashlib.sha256(code_key().encode())
    digest.update(json.dumps([[r["name"], r["sha256"]] for r in records]).encode())
    digest.update(json.dumps(files, sort_keys=True).encode())
    digest.update(json.dumps(collection_labels(config), sort_keys=True).encode())
    for name in TEMPLATES:
        own = Path(config.templates) / name
        digest.update((own if own.is_file() else DEFAULT_TEMPLATES / name).read_bytes())
    return digest.hexdigest()


def _calendar(records: list[dict], config: Config) -> bytes:
    """Gives calendar.ics of the batch, written as each pack's own (imported late: render loads WeasyPrint)."""
    from pipeline.render.ical import calendar_ics
    from pipeline.render.view import load_labels

    return calendar_ics([r["calendar"] for r in records], load_labels(Path(config.templates)))


def collection_outputs(records: list[dict], files: dict[str, list[str]], config: Config) -> dict[str, bytes]:
    """Gives each collection file's bytes by name, for the records of the packs and the files each pack holds."""
    labels = collection_labels(config)
    collection = collection_dict(records, files)
    rows = [row for r in records for row in r["mandates"]]
    return {
        "collection.json": (json.dumps(collection, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        "index.html": index_html(collection, config),
        "mandates.csv": mandates_csv(rows, labels),
        "mandates.xlsx": mandates_xlsx(rows, labels),
        "calendar.ics": _calendar(records, config),
    }


def has_packs(out: Path) -> bool:
    """Tells whether ``out`` holds a pack to make a collection of."""
    return bool(pack_folders(Path(out)))


def write_collection(out: Path, config: Config) -> list[str]:
    """Writes the collection outputs into ``out`` beside the packs, each atomically, only where its bytes changed;
    gives the problems (one line each)."""
    out = Path(out)
    records, problems = read_records(out)
    files = {r["name"]: pack_files(out / r["name"]) for r in records}
    key = made_from(records, files, config)
    if key == last_outputs(out) and all((out / name).is_file() for name in OUTPUTS):
        return problems  # nothing changed since the outputs were made
    for name, data in collection_outputs(records, files, config).items():
        path = out / name
        try:
            if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
                continue
            write_atomic(path, data)
        except OSError as exc:
            problems.append(f"{name}: could not be written ({exc.strerror or exc})")
            key = ""
    save_records(out, records, key)
    return problems
