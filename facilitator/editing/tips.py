"""The facilitation tips shown now, and putting one away (the rules are in ``guidance``)."""

from __future__ import annotations

from facilitator import guidance
from facilitator.clock import current_item
from facilitator.editing.base import Part
from facilitator.guidance import Moment, Nudge


class Tips(Part):
    def moment(self) -> Moment:
        """Where the facilitator is and what the clocks say, for the rules."""
        session = self.session
        current = current_item(session.meeting.agenda)
        elapsed = {current.id: session.clock.item_elapsed(current)} if current else {}
        return Moment(step=session.step, step_elapsed=session.clock.step_elapsed(), item_elapsed=elapsed)

    def shown(self) -> list[Nudge]:
        """The tips that apply now, less those dismissed."""
        with self.session.lock:
            return guidance.nudges(self.session.meeting, self.moment())

    def dismiss(self, key: str) -> None:
        """Put a tip away for the rest of the meeting (kept when the meeting is resumed, and across undo)."""
        with self.session.edit("dismiss a tip", undoable=False) as change:
            if key not in change.meeting.dismissed:
                change.meeting.dismissed.append(key)
