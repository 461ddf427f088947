"""The live meeting: who may change it, how changes are announced and undone, where the facilitator is.

Widgets never change a ``Meeting`` themselves: they call one of the session's editors
(``session.notes.add``, ``session.actions.edit``…), which edits inside ``Session.edit``: under
a lock (the autosave thread reads under the same lock), checked afterwards, recorded for
undo, and announced to the listeners (the autosaver, the screen). An edit that would leave
the meeting invalid is rolled back and its ``ValidationError`` raised for the screen to show.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from facilitator.clock import MeetingClock, current_item
from facilitator.cycle import following
from facilitator.editing import (
    Actions,
    Agenda,
    Arising,
    Close,
    Confidential,
    Conflicts,
    Contributions,
    Decisions,
    Details,
    Notes,
    People,
    Risks,
    Tips,
)
from facilitator.fastcopy import deep_copy
from facilitator.model import Meeting, MeetingStatus, StepKind, StepSpec
from facilitator.undo import UNDO_LIMIT, Change, UndoLog

__all__ = ["UNDO_LIMIT", "Session"]


class Session:
    """One meeting being run. Thread-safe: edits and snapshots share ``lock``."""

    def __init__(
        self,
        meeting: Meeting,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.meeting = meeting
        # The partnership's other meetings, read by the app in a worker: the health trend in the
        # minutes compares with them. Not part of the meeting, never saved with it.
        self.earlier: list[Meeting] = []
        self.lock = threading.RLock()
        self.clock = MeetingClock(clock, now)
        self.history = UndoLog()
        self._listeners: list[Callable[[str], None]] = []
        self.agenda = Agenda(self)
        self.notes = Notes(self)
        self.conflicts = Conflicts(self)
        self.decisions = Decisions(self)
        self.actions = Actions(self)
        self.arising = Arising(self)
        self.close = Close(self)
        self.details = Details(self)
        self.tips = Tips(self)
        # The end time typed at Close since the meeting was opened: Finish keeps it rather than the time it closed.
        self.end_kept = False
        self.people = People(self)  # someone named mid-meeting, added as also involved
        self.contributions = Contributions(self)
        self.risks = Risks(self)
        self.confidential = Confidential(self)
        if meeting.current_step not in {step.key for step in meeting.steps}:
            meeting.current_step = meeting.steps[0].key
        if meeting.current_step not in meeting.visited_steps:
            meeting.visited_steps.append(meeting.current_step)

    # -- editing, change notification and undo ---------------------------------------------

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """``listener(label)`` is called after every change, on the thread that made it."""
        self._listeners.append(listener)

    def _changed(self, label: str) -> None:
        for listener in self._listeners:
            listener(label)

    @contextmanager
    def edit(self, label: str, *, undoable: bool = True) -> Iterator[Change]:
        """Where an editor changes the meeting: it records in the ``Change`` what it is about to touch."""
        with self.lock:
            change = Change(self.meeting)
            try:
                yield change
                # Each new item was checked as it was built; what is left is the meeting's own
                # rules (its fields, unique ids, list sizes, one chair).
                self.meeting.__post_init__()
            except BaseException:
                change.swap()
                raise
            if undoable:
                self.history.record(label, change)
        self._changed(label)

    @property
    def can_undo(self) -> bool:
        return self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    def undo(self) -> str | None:
        """Put back what the last edit changed; the edit's label, or None.

        Where the facilitator is (step, timers) is not an edit, nor is putting a tip away:
        they stay as they are.
        """
        with self.lock:
            label = self.history.undo()
        if label is not None:
            self._changed(label)
        return label

    def redo(self) -> str | None:
        with self.lock:
            label = self.history.redo()
        if label is not None:
            self._changed(label)
        return label

    # -- steps -------------------------------------------------------------------------------

    @property
    def steps(self) -> list[StepSpec]:
        """The meeting's steps, as its template set them (fixed once the meeting has begun)."""
        return self.meeting.steps

    @property
    def step(self) -> StepSpec:
        return next(step for step in self.steps if step.key == self.meeting.current_step)

    def step_of_kind(self, kind: StepKind) -> StepSpec | None:
        return next((step for step in self.steps if step.kind is kind), None)

    def go_to(self, key: str) -> None:
        if key not in {step.key for step in self.steps}:
            raise ValueError(f"no step called {key!r}")
        with self.edit("move to a step", undoable=False) as change:
            change.meeting.current_step = key
            if key not in change.meeting.visited_steps:
                change.meeting.visited_steps.append(key)
        self.clock.restart_step()

    def go_to_next_step(self, offset: int = 1) -> None:
        self.go_to(following([step.key for step in self.steps], self.meeting.current_step, offset))

    # -- opening and closing -----------------------------------------------------------------

    def finish(self) -> None:
        """Close the meeting: the current item is covered, the end time noted."""
        with self.edit("finish the meeting") as change:
            meeting = change.meeting
            self.agenda.close_current(change)
            # The end is when the meeting closed: its latest close, whatever was planned at set up,
            # unless it was typed at Close since the meeting was opened (``close.set_end``).
            end = self.clock.now().time().replace(second=0, microsecond=0)
            if not self.end_kept and (meeting.start is None or end >= meeting.start):
                change.field("end")
                meeting.end = end
            change.field("status")
            meeting.status = MeetingStatus.CLOSED
            close = self.step_of_kind(StepKind.CLOSE)
            if close is not None:  # where the facilitator is: not undone
                meeting.current_step = close.key
                if close.key not in meeting.visited_steps:
                    meeting.visited_steps.append(close.key)

    def reopen(self) -> None:
        with self.edit("reopen the meeting") as change:
            change.field("status")
            change.meeting.status = MeetingStatus.IN_PROGRESS
        self.end_kept = False  # closing again sets the end to that latest close

    # -- for the autosaver -------------------------------------------------------------------

    def snapshot(self) -> Meeting:
        """A private copy to save, with the running item timer banked into it.

        Made under the lock, so it is the meeting between two edits; an edit typed meanwhile waits
        for it, so it is made by ``deep_copy`` (a third of ``copy.deepcopy``'s time)."""
        with self.lock:
            copied = deep_copy(self.meeting)
            current = current_item(copied.agenda)
            if current is not None:
                current.spent += self.clock.running()
            return copied

    def saved(self, revision: int) -> None:
        """The store saved a snapshot as ``revision``: keep ours in step so the next save follows it."""
        with self.lock:
            self.meeting.revision = max(self.meeting.revision, revision)
