"""What earlier meetings bring to a new one (facilitator.arising): decided in the core, without Textual."""

from __future__ import annotations

import datetime as dt

from facilitator.arising import bring_forward, earlier_than, has_matters_arising
from facilitator.meeting_files import demo_meetings
from facilitator.model import Meeting, StepKind
from facilitator.steps import StepSpec
from tests.apphelpers import in_progress_meeting

AGENDA = StepSpec("agenda", StepKind.AGENDA, "Agenda")
CLOSE = StepSpec("close", StepKind.CLOSE, "Close")


def review(*steps: StepSpec) -> Meeting:
    meeting = in_progress_meeting()
    meeting.steps = list(steps)
    return meeting


def test_a_new_review_brings_forward_the_open_actions_and_the_draft_minutes() -> None:
    earlier = demo_meetings()
    meeting = review(AGENDA, CLOSE)
    assert has_matters_arising(meeting)
    kept = bring_forward(meeting, earlier)
    assert kept == earlier  # every earlier meeting, for the health trend
    open_ids = {a.id for m in earlier if m.is_closed for a in m.actions if a.is_open}
    assert open_ids and {item.action_id for item in meeting.arising} == open_ids
    latest = max((m for m in earlier if m.is_closed), key=lambda m: m.date)
    assert meeting.previous_minutes is not None and meeting.previous_minutes.meeting_id == latest.id


def test_a_meeting_without_an_agenda_brings_nothing_forward_but_keeps_the_earlier_meetings() -> None:
    earlier = demo_meetings()
    meeting = review(CLOSE)
    assert not has_matters_arising(meeting)
    assert bring_forward(meeting, earlier) == earlier
    assert meeting.arising == [] and meeting.previous_minutes is None


def test_the_meeting_itself_is_never_among_its_earlier_meetings() -> None:
    meeting = review(AGENDA, CLOSE)
    other = Meeting(meeting.partnership, dt.date(2026, 5, 11))
    assert earlier_than(meeting, [meeting, other]) == [other]
    assert bring_forward(meeting, [meeting, other]) == [other]
