"""Build a store holding N past meetings, made from the demo meetings with new ids and dates."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from facilitator.meeting_files import demo_meetings
from facilitator.model import Meeting, MeetingStatus, new_id
from facilitator.tinydb_store import Store


def past_meetings(count: int) -> list[Meeting]:
    """``count`` closed meetings, a week apart going back from 2026, cycling through the demos."""
    demos = demo_meetings()
    meetings = []
    for index in range(count):
        meeting = copy.deepcopy(demos[index % len(demos)])
        meeting.id = new_id()
        meeting.partnership = f"{meeting.partnership} ({index % 40})"
        meeting.date = dt.date(2026, 1, 1) - dt.timedelta(weeks=index)
        meeting.status = MeetingStatus.CLOSED
        for action in meeting.actions:
            action.id = new_id()
            action.raised_in = meeting.id
        meetings.append(meeting)
    return meetings


def live_meeting() -> Meeting:
    """The November demo review, reopened as the meeting in progress."""
    meeting = copy.deepcopy(demo_meetings()[-1])
    meeting.id = new_id()
    meeting.status = MeetingStatus.IN_PROGRESS
    return meeting


def build_store(path: Path, count: int) -> None:
    with Store(path) as store:
        store.add_many(past_meetings(count))
