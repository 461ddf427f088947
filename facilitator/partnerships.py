"""What is known of each partnership from its last meeting, to pre-fill the next one."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from facilitator.model import AgendaItem, Attendance, Attendee, ItemStatus, Meeting

# Standing items a review carries over even when the last agenda had others.
MATTERS_ARISING = "Actions from last time"


@dataclass(frozen=True)
class PartnershipProfile:
    name: str
    last_date: dt.date
    last_meeting_id: str
    attendees: tuple[Attendee, ...] = field(default_factory=tuple)
    agenda: tuple[tuple[str, int], ...] = field(default_factory=tuple)  # (title, time box)
    venue: str = ""
    marking: str = ""  # the protective marking its papers carry ('OFFICIAL'): set up offers it again


def profiles(meetings: list[Meeting]) -> list[PartnershipProfile]:
    """One profile per partnership (by name, any case), from its most recent meeting; newest first."""
    latest: dict[str, Meeting] = {}
    for meeting in meetings:
        key = meeting.partnership.casefold()
        if key not in latest or meeting.date > latest[key].date:
            latest[key] = meeting
    found = [
        PartnershipProfile(
            name=meeting.partnership,
            last_date=meeting.date,
            last_meeting_id=meeting.id,
            # Everyone comes back as expected to attend: apologies last time say nothing of this time.
            # Those also involved stay so: they were never in the room.
            attendees=tuple(
                Attendee(
                    a.name,
                    a.organisation,
                    a.role,
                    chair=a.chair and not a.involved,
                    attendance=Attendance.INVOLVED if a.involved else Attendance.PRESENT,
                    email=a.email,
                )
                for a in meeting.attendees
            ),
            agenda=tuple((item.title, item.time_box) for item in meeting.agenda),
            venue=meeting.venue,
            marking=meeting.marking,
        )
        for meeting in latest.values()
    ]
    return sorted(found, key=lambda profile: profile.last_date, reverse=True)


def find_profile(found: list[PartnershipProfile], name: str) -> PartnershipProfile | None:
    key = name.strip().casefold()
    return next((profile for profile in found if profile.name.casefold() == key), None)


def fresh_agenda(profile: PartnershipProfile) -> list[AgendaItem]:
    """Last meeting's agenda as new, not yet started items."""
    return [AgendaItem(title, time_box=time_box, status=ItemStatus.PENDING) for title, time_box in profile.agenda]


def fresh_attendees(profile: PartnershipProfile) -> list[Attendee]:
    return [copy.copy(attendee) for attendee in profile.attendees]
