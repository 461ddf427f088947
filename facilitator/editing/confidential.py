"""Marking a note, conflict, decision or action confidential (or not): kept out of the circulation copy."""

from __future__ import annotations

from facilitator.editing.base import Part, checked
from facilitator.model import Action, Conflict, Decision, Meeting, Note

Confidentiable = Note | Conflict | Decision | Action


def confidentiable(meeting: Meeting, item_id: str) -> Confidentiable:
    """The note, conflict, decision or action of this id; KeyError when the meeting has none."""
    for part in (meeting.notes, meeting.conflicts, meeting.decisions, meeting.actions):
        for item in part:
            if item.id == item_id:
                return item
    raise KeyError(f"nothing with id {item_id!r} can be marked confidential")


class Confidential(Part):
    def toggle(self, item_id: str) -> Confidentiable:
        """Mark the item confidential, or no longer; undoable like any edit."""
        with self.session.edit("mark confidential") as change:
            item = change.item(confidentiable(change.meeting, item_id))
            item.confidential = not item.confidential
            checked(item)
        return item
