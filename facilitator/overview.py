"""What the home screen shows: meetings to resume, recent meetings, action counts, known partnerships."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app imports this before its first screen; the store comes later, in a worker
    from facilitator.partnerships import PartnershipProfile
    from facilitator.readmodels import MeetingSummary
    from facilitator.repository import Repository

RECENT = 8


@dataclass(frozen=True)
class Overview:
    in_progress: list[MeetingSummary] = field(default_factory=list)
    recent: list[MeetingSummary] = field(default_factory=list)  # closed meetings, newest first
    open_actions: int = 0
    overdue_actions: int = 0
    partnerships: list[PartnershipProfile] = field(default_factory=list)
    total_meetings: int = 0


def overview(store: Repository, today: dt.date) -> Overview:
    """Read once from the store; slow with a long history, so the app calls it from a worker."""
    # Only the latest meeting of each partnership is parsed in full: reading every meeting
    # of a long history into the model would keep the home screen waiting for seconds.
    from facilitator.partnerships import profiles
    from facilitator.readmodels import newest_listings

    # From the store's digest of its listings (the few that can be shown, and the counts): a store of 100,000
    # meetings answers it from its saved index without decoding every listing; a summary is made only for the
    # rows shown.
    digest = store.digest()
    listings = newest_listings(digest.listings)
    open_actions, overdue_actions = digest.counts(today)
    closed = (entry for entry in listings if entry.status == "closed")
    return Overview(
        in_progress=[entry.summary for entry in listings if entry.status != "closed"],
        recent=[entry.summary for entry, _ in zip(closed, range(RECENT), strict=False)],
        open_actions=open_actions,
        overdue_actions=overdue_actions,
        partnerships=profiles(store.latest_by_partnership(digest)),
        total_meetings=digest.meetings,
    )
