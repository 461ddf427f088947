"""The whole Denise and Paul review typed as bursts: keys arrive faster than the app handles them.

A terminal hands over keys as they come; a fast typist, a paste or a slow machine means the
app meets many at once. Whatever the pace, the minutes must be the ones typed: this runs the
keystroke script of ``benchmarks.keystrokes`` (the same review as test_whole_review.py) with
the set-up form as one burst and the whole meeting, from the agenda to Finish, as another.
(test_planning_meeting.py does the same with the planning meeting.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from benchmarks import keystrokes as review
from facilitator.model import ConflictStyle, MeetingStatus, NoteKind
from facilitator.tinydb_store import Store
from screens.home import HomeScreen
from screens.meeting import MeetingScreen
from tests.apphelpers import make_app, send, skip_sending, wait_for_store, wait_for_workers, wait_until

SET_UP = tuple(step for step in review.SCRIPT if step.section == review.SET_UP)
MEETING = tuple(step for step in review.SCRIPT if step.section != review.SET_UP)


async def test_the_review_typed_in_two_bursts_gives_the_same_minutes(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await send(pilot, review.key_names(SET_UP))  # waits until every key is taken
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting never opened")
        await wait_for_workers(pilot)
        await send(pilot, review.key_names(MEETING))
        await skip_sending(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Finish never reached home")
        await wait_for_store(pilot)

    with Store(db_path, readonly=True) as store:
        [meeting] = store.meetings()
    assert meeting.status is MeetingStatus.CLOSED
    assert (meeting.partnership, meeting.venue, meeting.purpose) == (review.PARTNERSHIP, review.VENUE, review.PURPOSE)
    assert [(a.name, a.organisation, a.role) for a in meeting.attendees] == [review.DENISE, review.PAUL]
    assert [item.title for item in meeting.agenda] == list(review.AGENDA)
    poster, bike, cooking = (item.id for item in meeting.agenda)
    assert [(n.text, n.kind, n.raised_by, n.agenda_item) for n in meeting.notes] == [
        (review.DID_NOT_WORK, NoteKind.DID_NOT_WORK, "Denise Godfrey", poster),
        (review.BIKE, NoteKind.WORKED, "Paul Howard", bike),
        (review.YOUNG_WOMAN, NoteKind.WORKED, "Denise Godfrey", cooking),
        (review.COOK_FOR_OTHERS, NoteKind.WORKED, "Denise Godfrey", cooking),
    ]
    [conflict] = meeting.conflicts
    assert (conflict.issue, conflict.way_forward, conflict.style) == (
        review.CONFLICT,
        review.WAY_FORWARD,
        ConflictStyle.COMPROMISING,
    )
    assert [(a.text, a.owner, a.due) for a in meeting.actions] == [
        (review.SLOT, "Denise Godfrey", review.SLOT_DUE),
        (review.SHARE, "Paul Howard", dt.date.fromisoformat(review.SHARE_DUE)),
    ]
    assert (meeting.health.time, meeting.health.trust, meeting.health.turf) == (3, 4, 3)
    assert meeting.health.comment == review.COMMENT
    assert meeting.next_review == dt.date.fromisoformat(review.NEXT_REVIEW)
