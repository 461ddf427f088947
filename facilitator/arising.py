"""What a partnership's earlier meetings bring to the meeting about to run.

A new meeting starts with the actions still open from its partnership's earlier meetings and
the last minutes to approve, if its template has an agenda to hold them (matters arising live
there); a meeting without one (an after-action review, say) starts empty. Either way the earlier
meetings come with it, for the health trend in its minutes.
"""

from __future__ import annotations

from collections.abc import Iterable

from facilitator import followup
from facilitator.model import Meeting, StepKind


def has_matters_arising(meeting: Meeting) -> bool:
    """Whether the meeting has a place for matters arising: an agenda step."""
    return any(step.kind is StepKind.AGENDA for step in meeting.steps)


def earlier_than(meeting: Meeting, meetings: Iterable[Meeting]) -> list[Meeting]:
    """The partnership's other meetings (``meetings`` are its meetings, as read from the store)."""
    return [other for other in meetings if other.id != meeting.id]


def bring_forward(meeting: Meeting, meetings: Iterable[Meeting]) -> list[Meeting]:
    """Fill a new meeting's matters arising from its partnership's ``meetings``; return the earlier ones."""
    earlier = earlier_than(meeting, meetings)
    if has_matters_arising(meeting):
        followup.prepare(meeting, earlier)
    return earlier
