"""The home screen's overview narrowed to the meetings one facilitator chaired (``facilitator.organisation``).

The recent meetings, the meeting count and the open and overdue actions are those of the meetings
``who`` chaired, counted from the listings (no meeting is read). Meetings in progress are left as
they are: one left in progress on this laptop is always offered to resume, whoever chaired it.
The partnerships known (for setting up a meeting) are everyone's too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from itertools import islice

from facilitator.organisation import Facilitator, chairs
from facilitator.overview import RECENT, Overview
from facilitator.readmodels import listing_counts
from facilitator.repository import Repository


def chaired_overview(found: Overview, store: Repository, today: dt.date, who: Facilitator) -> Overview:
    """``found`` (the whole store's overview) with its lists and counts kept to the meetings ``who`` chaired."""
    listings = store.listings()  # newest first, as the overview lists them
    wanted = chairs(listings).of(who)
    kept = [entry for entry in listings if entry.id in wanted]
    open_actions, overdue_actions = listing_counts(kept, today)
    closed = islice((entry for entry in kept if entry.status == "closed"), RECENT)
    return dataclasses.replace(
        found,
        recent=[entry.summary for entry in closed],
        open_actions=open_actions,
        overdue_actions=overdue_actions,
        total_meetings=len(kept),
    )
