"""The organisation's view: every meeting in the store (one's own and those a sync brought in), by facilitator.

A meeting's facilitator is the attendee marked as chairing it (``Meeting.chair``; ``Listing.chair``
in the lists). The meeting schema has no other field for it, and the chair is who the minutes
themselves name as running the meeting. The name a sync commits under (the sync configuration's)
says which laptop shared the minutes, not who ran the meeting: one facilitator's laptop may share
a meeting a colleague chaired, so it is not used. A meeting with no chair marked has no
facilitator, and no filter by name finds it (``NO_CHAIR`` finds those).

Everything here reads the listings the store keeps in memory (no meeting is read), so a filter
across 100,000 meetings costs a pass over them: the screens still call it from a worker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from facilitator.readmodels import ActionRow, Listing, MeetingSummary
from facilitator.repository import Repository
from facilitator.search import parse_query

NO_CHAIR = ""  # the facilitator of a meeting with no chair marked, as ``facilitators`` lists it


def name_key(name: str) -> str:
    """A name as the filter compares it: any case, any spacing."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Facilitator:
    """Who to keep: a name, matched in any case, as part of the chair's name or (``whole``) all of it.

    The command line takes part of a name (``--facilitator paul``), as ``--owner`` does; the app
    offers the names present and keeps exactly the one chosen. ``NO_CHAIR`` with ``whole`` keeps
    the meetings with no chair marked.
    """

    name: str
    whole: bool = False

    def matches(self, chair: str) -> bool:
        wanted, have = name_key(self.name), name_key(chair)
        return have == wanted if self.whole else bool(have) and wanted in have

    def describe(self) -> str:
        """How a list says it is filtered: 'chaired by Paul Howard', 'with no chair marked'."""
        if self.whole and not self.name.strip():
            return "with no chair marked"
        return f"chaired by {' '.join(self.name.split())}" if self.whole else f"chaired by '{self.name.strip()}'"


@dataclass(frozen=True)
class Chairs:
    """Who chaired which meeting, read from the listings in one pass; then each filter is a look-up.

    Built in a worker (100,000 listings take a pass); asking it for one facilitator's meetings on
    the event loop then costs a dictionary look-up, never a pass over the meetings or their rows.
    """

    names: list[tuple[str, int]]  # see ``facilitators``
    meetings: dict[str, frozenset[str]]  # name_key(chair) -> the ids of the meetings chaired ("" for none)

    def of(self, who: Facilitator) -> frozenset[str]:
        """The ids of the meetings ``who`` chaired."""
        if who.whole:
            return self.meetings.get(name_key(who.name), frozenset())
        return frozenset().union(*(ids for key, ids in self.meetings.items() if who.matches(key)))


def chairs(listings: Iterable[Listing]) -> Chairs:
    """Who chaired which of these meetings. Names that differ only in case or spacing are one person,
    named as most of their meetings spell it."""
    by_chair: dict[str, list[str]] = {}
    for entry in listings:
        by_chair.setdefault(entry.chair, []).append(entry.id)  # the few distinct spellings are worked on below
    spellings: dict[str, Counter[str]] = {}
    meetings: dict[str, set[str]] = {}
    for chair, ids in by_chair.items():
        key = name_key(chair)
        spellings.setdefault(key, Counter())[" ".join(chair.split())] += len(ids)
        meetings.setdefault(key, set()).update(ids)
    named = [(spelled.most_common(1)[0][0], spelled.total()) for key, spelled in spellings.items() if key]
    named.sort(key=lambda pair: pair[0].casefold())
    unchaired = spellings.get(NO_CHAIR)
    names = named + ([(NO_CHAIR, unchaired.total())] if unchaired else [])
    return Chairs(names, {key: frozenset(ids) for key, ids in meetings.items()})


def facilitators(listings: Iterable[Listing]) -> list[tuple[str, int]]:
    """Each name that chairs a meeting, with how many it chaired, by name (any case); ``NO_CHAIR`` last if any."""
    return chairs(listings).names


def find(
    store: Repository, query: str, *, facilitator: Facilitator | None = None, limit: int | None = None
) -> tuple[list[MeetingSummary], int]:
    """The newest ``limit`` meetings matching the search ``query`` (the history screen's language) and chaired
    by ``facilitator``, with how many match in all. ``ValueError`` for a query that cannot be read.

    Without a facilitator this is the store's own search. With one, the meetings chaired come from the
    listings; a query then keeps those among the store's matches (ids only: no meeting is read).
    """
    parsed = parse_query(query)
    if facilitator is None:
        return store.find(query, limit)
    listings = store.listings()  # newest first
    wanted = chairs(listings).of(facilitator)
    kept = [entry for entry in listings if entry.id in wanted]
    if not parsed.is_empty:
        by_id = {entry.id: entry for entry in kept}
        kept = [by_id[meeting_id] for meeting_id in store.search_ids(query) if meeting_id in by_id]
    shown = kept if limit is None else kept[:limit]
    return [entry.summary for entry in shown], len(kept)


def actions_chaired_by(rows: Iterable[ActionRow], who: Facilitator, chaired: Chairs) -> list[ActionRow]:
    """The rows raised in meetings ``who`` chaired."""
    wanted = chaired.of(who)
    return [row for row in rows if row.meeting_id in wanted]
