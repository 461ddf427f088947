"""What the home screen shows: meetings to resume, recent meetings, action counts, known partnerships."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from facilitator.partnerships import PartnershipProfile, profiles
from facilitator.store import MeetingSummary, Store

RECENT = 8


@dataclass(frozen=True)
class Overview:
    in_progress: list[MeetingSummary] = field(default_factory=list)
    recent: list[MeetingSummary] = field(default_factory=list)  # closed meetings, newest first
    open_actions: int = 0
    overdue_actions: int = 0
    partnerships: list[PartnershipProfile] = field(default_factory=list)
    total_meetings: int = 0


def overview(store: Store, today: dt.date) -> Overview:
    """Read once from the store; slow with a long history, so the app calls it from a worker."""
    summaries = store.list_meetings()
    meetings = store.meetings()
    open_actions = [action for meeting in meetings for action in meeting.actions if action.is_open]
    return Overview(
        in_progress=[s for s in summaries if s.status != "closed"],
        recent=[s for s in summaries if s.status == "closed"][:RECENT],
        open_actions=len(open_actions),
        overdue_actions=sum(1 for action in open_actions if action.is_overdue(today)),
        partnerships=profiles(meetings),
        total_meetings=len(summaries),
    )
