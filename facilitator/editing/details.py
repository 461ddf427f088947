"""The meeting's set-up details: partnership, date, times, venue, purpose, template."""

from __future__ import annotations

import datetime as dt

from facilitator.editing.base import KEEP, Keep, Part, kept


class Details(Part):
    def edit(
        self,
        *,
        partnership: str | Keep = KEEP,
        date: dt.date | Keep = KEEP,
        start: dt.time | Keep | None = KEEP,
        end: dt.time | Keep | None = KEEP,
        venue: str | Keep = KEEP,
        purpose: str | Keep = KEEP,
        template: str | Keep = KEEP,
    ) -> None:
        """Any of the set-up details; the meeting checks them together (an end before the start is refused)."""
        with self.session.edit("edit meeting details") as change:
            meeting = change.meeting
            for name in ("partnership", "date", "start", "end", "venue", "purpose", "template"):
                change.field(name)
            meeting.partnership = kept(partnership, meeting.partnership)
            meeting.date = kept(date, meeting.date)
            meeting.start = kept(start, meeting.start)
            meeting.end = kept(end, meeting.end)
            meeting.venue = kept(venue, meeting.venue)
            meeting.purpose = kept(purpose, meeting.purpose)
            meeting.template = kept(template, meeting.template)
