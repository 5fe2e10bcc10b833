"""Which texts of a batch are versions of one another: successors, drafts and what was adopted, amendments.

The rules are those a secretariat officer would state:

* a resolution's *predecessor* is the resolution of the same body, adopted at
  an earlier session under the same title; when several are in the batch, the
  one it cites ("Recalling its resolution 78/229") or else the latest;
* a draft is the draft of the resolution adopted at the same session under
  the same title, by the committee whose symbol it bears (A/C.3/... for the
  Third Committee) when the resolution names the committee it was adopted on;
  of several drafts, the latest revision;
* an amendment amends the draft its cover names (A/C.3/80/L.3/Rev.1), or that
  draft's original or latest revision in the batch, or else the draft of the
  same session and title.

Titles are compared with whitespace, quotes, dashes and case made plain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from pipeline.compare.units import text_key
from pipeline.model import Resolution

COMMITTEES = {
    "1": "First Committee",
    "2": "Second Committee",
    "3": "Third Committee",
    "4": "Special Political and Decolonization Committee (Fourth Committee)",
    "5": "Fifth Committee",
    "6": "Sixth Committee",
}
DRAFTS = ("draft resolution", "draft decision")
ADOPTED = ("resolution", "decision")


@dataclass
class Text:
    """What the series rules read of one text of the batch."""

    name: str  # the pack's folder name
    symbol: Optional[str]
    title: str  # normalised
    session: Optional[int]
    document_type: Optional[str]
    body: Optional[str]
    committee: Optional[str] = None  # the committee it was adopted on, or whose draft it is
    cites: set[str] = field(default_factory=set)
    amends: Optional[str] = None
    date: str = ""


@dataclass(frozen=True)
class Link:
    """Two texts of the batch that are versions of one text: the older, the newer, and how they relate."""

    old: str
    new: str
    relation: str  # "successor", "draft->adopted", "amendment"


def _title(title: Optional[str]) -> str:
    return text_key(title or "").lower().rstrip(" .")


def _committee_of(symbol: Optional[str]) -> Optional[str]:
    m = re.match(r"A/C\.(\d)/", symbol or "")
    return COMMITTEES.get(m.group(1)) if m else None


def _revision(symbol: Optional[str]) -> int:
    m = re.search(r"/Rev\.(\d+)", symbol or "")
    return int(m.group(1)) if m else 0


def _base(symbol: Optional[str]) -> str:
    return re.sub(r"/Rev\.\d+$", "", symbol or "")


def text_of(name: str, res: Resolution) -> Text:
    """Gives what the series rules need of a resolution, from its metadata and references."""
    adopted_on = res.adopted_on.body if res.adopted_on else None
    return Text(
        name=name,
        symbol=res.symbol,
        title=_title(res.title),
        session=res.session_number,
        document_type=res.document_type,
        body=res.body,
        committee=_committee_of(res.symbol)
        if res.document_type in DRAFTS or res.document_type == "amendment"
        else adopted_on,
        cites={r.get("symbol") for r in res.references or [] if isinstance(r, dict) and r.get("symbol")},
        amends=res.amends,
        date=res.date_adopted or res.date_issued or "",
    )


def _same_committee(draft: Text, adopted: Text) -> bool:
    if not adopted.committee or not draft.committee:
        return True
    return draft.committee.split(" (")[0] in adopted.committee or adopted.committee in draft.committee


def predecessor(new: Text, texts: list[Text]) -> Optional[Text]:
    """Gives the predecessor of a resolution among the texts, or None."""
    if new.document_type not in ADOPTED or not new.title or new.session is None:
        return None
    earlier = [
        t
        for t in texts
        if t.name != new.name
        and t.document_type == new.document_type
        and t.body == new.body
        and t.title == new.title
        and t.session is not None
        and t.session < new.session
    ]
    if not earlier:
        return None
    cited = [t for t in earlier if t.symbol in new.cites]
    return max(cited or earlier, key=lambda t: (t.session, t.date, t.name))


def draft_of(adopted: Text, texts: list[Text]) -> Optional[Text]:
    """Gives the draft a resolution was adopted from among the texts (its latest revision), or None."""
    if adopted.document_type not in ADOPTED or not adopted.title:
        return None
    drafts = [
        t
        for t in texts
        if t.document_type in DRAFTS
        and t.title == adopted.title
        and t.session == adopted.session
        and _same_committee(t, adopted)
    ]
    return max(drafts, key=lambda t: (_revision(t.symbol), t.date, t.name)) if drafts else None


def amended_draft(amendment: Text, texts: list[Text]) -> Optional[Text]:
    """Gives the draft an amendment amends among the texts, or None."""
    if amendment.document_type != "amendment":
        return None
    drafts = [t for t in texts if t.document_type in DRAFTS]
    named = [t for t in drafts if amendment.amends and t.symbol == amendment.amends]
    named = named or [t for t in drafts if amendment.amends and _base(t.symbol) == _base(amendment.amends)]
    named = named or [
        t
        for t in drafts
        if t.title and t.title == amendment.title and t.session == amendment.session and _same_committee(t, amendment)
    ]
    return max(named, key=lambda t: (_revision(t.symbol), t.date, t.name)) if named else None


def find_links(texts: list[Text]) -> list[Link]:
    """Gives every link between the texts: each resolution's predecessor and draft, each amendment's draft."""
    links = []
    for t in texts:
        before = predecessor(t, texts)
        if before:
            links.append(Link(before.name, t.name, "successor"))
        draft = draft_of(t, texts)
        if draft:
            links.append(Link(draft.name, t.name, "draft->adopted"))
        target = amended_draft(t, texts)
        if target:
            links.append(Link(target.name, t.name, "amendment"))
    return links
