"""The collection as data: every document with its files, and the links between them (collection.json).

Links are read from the documents themselves: a document *cites* another of
the batch when one of its references names that document's symbol; it
*succeeds* its predecessor, is *adopted from* its draft and *amends* a draft
as :mod:`pipeline.compare.series` finds them (the rules that choose which
versions ``build`` compares).
"""

from __future__ import annotations

from pipeline.batch.versions import PREFIX
from pipeline.compare.series import Text, find_links

RELATIONS = {"successor": "succeeds", "draft->adopted": "adopted from", "amendment": "amends"}
FORMATS = {
    "json": "resolution.json",
    "html": "brief.html",
    "pdf": "brief.pdf",
    "docx": "brief.docx",
    "ics": "calendar.ics",
}


def document_files(name: str, files: list[str]) -> dict:
    """Gives the links to a pack's files, relative to the output folder: its pack by format and its comparisons."""
    present = set(files)
    pack = {fmt: f"{name}/{file}" for fmt, file in FORMATS.items() if file in present}
    comparisons: dict[str, dict] = {}
    for file in files:
        if file.startswith(PREFIX) and "." in file:
            stem, ext = file.rsplit(".", 1)
            comparisons.setdefault(stem[len(PREFIX) :], {})[ext] = f"{name}/{file}"
    return {"pack": pack, "comparisons": [{"with": k, **v} for k, v in sorted(comparisons.items())]}


def _text(facts: dict) -> Text:
    return Text(**{**facts, "cites": set(facts.get("cites") or [])})


def collection_links(records: list[dict]) -> list[dict]:
    """Gives the links between the documents of the records: cites, succeeds, adopted from, amends."""
    by_symbol: dict[str, str] = {}
    for r in records:
        symbol = r["series"].get("symbol")
        if symbol and symbol not in by_symbol:
            by_symbol[symbol] = r["name"]
    links = []
    for r in records:
        cited = {by_symbol[s] for s in r["series"].get("cites") or [] if s in by_symbol and by_symbol[s] != r["name"]}
        links += [{"from": r["name"], "to": other, "relation": "cites"} for other in sorted(cited)]
    for link in find_links([_text(r["series"]) for r in records]):
        links.append({"from": link.new, "to": link.old, "relation": RELATIONS.get(link.relation, link.relation)})
    order = {r["name"]: i for i, r in enumerate(records)}
    kinds = ["succeeds", "adopted from", "amends", "cites"]
    return sorted(links, key=lambda l: (order[l["from"]], kinds.index(l["relation"]), order[l["to"]]))


def collection_dict(records: list[dict], files: dict[str, list[str]]) -> dict:
    """Gives collection.json: the documents of the batch (with their packs and comparisons) and their links."""
    documents = []
    for r in records:
        doc = dict(r["document"])
        doc["files"] = document_files(r["name"], files.get(r["name"], []))
        documents.append(doc)
    return {"documents": documents, "links": collection_links(records)}
