"""The meeting's clocks: time on the meeting, on the current step and on the agenda item.

An agenda item's time is kept in the meeting (``AgendaItem.spent``) so that a resumed meeting
keeps its timers; the running stretch since the item was started is added to it ("banked")
when the item stops being current. The step and meeting clocks are not saved.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable

from facilitator.model import AgendaItem, ItemStatus, Meeting


def current_item(agenda: Iterable[AgendaItem]) -> AgendaItem | None:
    return next((item for item in agenda if item.status is ItemStatus.CURRENT), None)


class MeetingClock:
    """Reads ``clock`` (seconds, monotonic) for the timers and ``now`` for the day and the start time."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self._clock = clock
        self._now = now
        self._opened = self._step_started = self._item_started = clock()

    def now(self) -> dt.datetime:
        return self._now()

    def today(self) -> dt.date:
        """The day relative dates ('+2w', 'fri') are counted from."""
        return self._now().date()

    def restart_step(self) -> None:
        self._step_started = self._clock()

    def step_elapsed(self) -> float:
        return self._clock() - self._step_started

    def step_overrun(self, time_box: int) -> bool:
        """Over the step's time box (minutes; 0 is none)."""
        return time_box > 0 and self.step_elapsed() > time_box * 60

    def meeting_elapsed(self, meeting: Meeting) -> float:
        """Seconds since the meeting's start time today, else since the session opened."""
        now = self._now()
        if meeting.start and meeting.date == now.date():
            started = dt.datetime.combine(meeting.date, meeting.start)
            if now >= started:
                return (now - started).total_seconds()
        return self._clock() - self._opened

    def running(self) -> int:
        """Whole seconds the current item has run since it was started or last banked."""
        return int(self._clock() - self._item_started)

    def item_elapsed(self, item: AgendaItem) -> float:
        running = self._clock() - self._item_started if item.status is ItemStatus.CURRENT else 0
        return item.spent + running

    def item_overrun(self, item: AgendaItem) -> bool:
        return item.time_box > 0 and self.item_elapsed(item) > item.time_box * 60

    def bank(self) -> int:
        """The current item's running seconds, to add to its ``spent``; its count starts again."""
        now = self._clock()
        seconds = int(now - self._item_started)
        self._item_started = now
        return seconds
