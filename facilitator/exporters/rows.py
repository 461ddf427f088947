"""A meeting's actions as the rows the actions list is made of, so one renderer serves both."""

from __future__ import annotations

from facilitator.model import Meeting
from facilitator.readmodels import ActionRow, action_row


def meeting_rows(meeting: Meeting) -> list[ActionRow]:
    """A meeting's actions as rows, in the order the meeting has them."""
    return [action_row(meeting, action) for action in meeting.actions]
