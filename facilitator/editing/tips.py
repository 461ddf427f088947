"""The facilitation tips shown now, and putting a rule's tips away (the rules are in ``guidance``).

The tips are worked out again only when what they read has changed: the meeting (any edit,
undo or redo, which the session announces), the step, or the clocks by a quarter of a minute,
the finest step the time box rules measure in. The screen asks every second and after every
edit; most of those asks are answered from the last answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator import guidance
from facilitator.clock import current_item
from facilitator.editing.base import Part
from facilitator.guidance import Moment, Tip

if TYPE_CHECKING:
    from facilitator.session import Session

CLOCK_STEP = 15  # seconds: the time box thresholds are whole quarters of a minute (5 min, a quarter of a box)


class Tips(Part):
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._edits = 0  # bumped on every change the session announces
        self._last: tuple[object, list[Tip]] | None = None
        self.worked_out = 0  # how many times the rules were run (a test reads it)
        session.subscribe(self._changed)

    def _changed(self, _label: str) -> None:
        self._edits += 1

    def moment(self) -> Moment:
        """Where the facilitator is and what the clocks say, for the rules."""
        session = self.session
        current = current_item(session.meeting.agenda)
        elapsed = {current.id: session.clock.item_elapsed(current)} if current else {}
        return Moment(step=session.step, step_elapsed=session.clock.step_elapsed(), item_elapsed=elapsed)

    def shown(self) -> list[Tip]:
        """One tip per rule that applies now, less the rules put away."""
        with self.session.lock:
            moment = self.moment()
            inputs = (
                id(self.session.meeting),
                self._edits,
                moment.step.key if moment.step else None,
                int(moment.step_elapsed // CLOCK_STEP),
                tuple((key, int(seconds // CLOCK_STEP)) for key, seconds in moment.item_elapsed.items()),
            )
            if self._last is not None and self._last[0] == inputs:
                return self._last[1]
            found = guidance.tips(self.session.meeting, moment)
            self.worked_out += 1
            self._last = (inputs, found)
            return found

    def dismiss(self, key: str) -> None:
        """Put away every tip of the rule of ``key`` for the rest of the meeting.

        Kept in ``Meeting.dismissed`` (so when the meeting is resumed too); ctrl+z brings them back.
        """
        rule = guidance.rule_of(key)
        if rule in self.session.meeting.dismissed:
            return  # already away: nothing to save, nothing for ctrl+z to undo
        with self.session.edit("dismiss a tip") as change:
            change.field("dismissed")  # the field, not the list: the meeting's checks build it anew
            change.meeting.dismissed.append(rule)
