"""The people listed with a live meeting: someone named during it is added as also involved."""

from __future__ import annotations

from facilitator.editing.base import Part
from facilitator.model import Attendance, Attendee, ValidationError


class People(Part):
    def add_involved(self, name: str, organisation: str = "", role: str = "", email: str = "") -> Attendee:
        """List someone named in the meeting but not in the room, so that they can own actions.

        Refused (``ValidationError``, nothing changed) when the name is empty or already listed.
        """
        with self.session.edit("add someone also involved") as change:
            person = Attendee(name, organisation, role, attendance=Attendance.INVOLVED, email=email)
            attendees = change.list(change.meeting.attendees)
            if any(a.name.casefold() == person.name.casefold() for a in attendees):
                raise ValidationError("name", f"{person.name!r} is already listed")
            attendees.append(person)
        return person
