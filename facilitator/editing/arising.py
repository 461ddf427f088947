"""Matters arising: what the meeting decided about earlier actions, and the last minutes' approval."""

from __future__ import annotations

import datetime as dt

from facilitator.editing.base import Part, checked
from facilitator.model import Approval, ArisingAction, Outcome, PreviousMinutes, ValidationError
from facilitator.people import attendee_named


class Arising(Part):
    def decide(
        self,
        action_id: str,
        outcome: Outcome | str,
        *,
        new_owner: str = "",
        new_due: dt.date | None = None,
        reason: str = "",
        new_due_text: str = "",
    ) -> ArisingAction:
        """Record what the meeting decided about an action from an earlier meeting.

        Dropping needs a reason; re-planning a new owner or date (the model refuses otherwise).
        ``new_due_text``: the new due date's words when they were a phrase, ``new_due`` its latest day.
        """
        with self.session.edit("decide on an earlier action") as change:
            meeting = change.meeting
            item = next((a for a in meeting.arising if a.action_id == action_id), None)
            if item is None:
                raise KeyError(f"no earlier action with id {action_id!r}")
            change.item(item)
            item.outcome = outcome  # type: ignore[assignment]  # checked just below
            item.new_owner = attendee_named(meeting, new_owner) if new_owner else ""
            item.new_due = new_due
            item.new_due_text = new_due_text
            item.reason = reason
            checked(item)
        return item

    def approve_previous(self, corrections: list[str] | None = None) -> PreviousMinutes:
        """Approve the last meeting's minutes, as they stand or with corrections (kept, not applied)."""
        with self.session.edit("approve the last minutes") as change:
            meeting = change.meeting
            if meeting.previous_minutes is None:
                raise ValidationError("previous_minutes", "there are no earlier minutes to approve")
            kept = [text.strip() for text in corrections or [] if text.strip()]
            previous = change.item(meeting.previous_minutes)
            previous.corrections = kept
            previous.approval = Approval.CORRECTED if kept else Approval.APPROVED
            try:
                checked(previous)
            except ValidationError as error:
                raise error.within("previous_minutes") from None
        return previous

    def reopen_previous(self) -> None:
        """Take back an approval given by mistake: the minutes stay to be considered."""
        with self.session.edit("take back the approval") as change:
            meeting = change.meeting
            if meeting.previous_minutes is not None:
                previous = change.item(meeting.previous_minutes)
                previous.approval = Approval.PENDING
                previous.corrections = []
