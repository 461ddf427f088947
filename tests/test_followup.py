"""Matters arising and approving the last minutes: from the earlier meetings, decided, written back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator import followup
from facilitator.errors import StoreError
from facilitator.model import (
    Action,
    ActionStatus,
    Approval,
    Attendee,
    Meeting,
    MeetingStatus,
    Outcome,
    ValidationError,
)
from facilitator.session import Session
from facilitator.tinydb_store import Store

PARTNERSHIP = "Youth Resource Centre & Youth Offending Team"


def spring_meeting() -> Meeting:
    return Meeting(
        PARTNERSHIP,
        dt.date(2026, 5, 11),
        status=MeetingStatus.CLOSED,
        attendees=[Attendee("Denise Godfrey", "Youth Service", chair=True), Attendee("Paul Howard", "YOT")],
        actions=[
            Action("Keep the workshop room for the bike group", "Denise Godfrey", dt.date(2026, 6, 5), id="room"),
            Action("Draft a shared sign-in sheet", "Paul Howard", dt.date(2026, 6, 26), id="sheet"),
            Action("Open a second evening for the poster group", "Denise Godfrey", id="evening"),
            Action("Already finished", "Paul Howard", status=ActionStatus.DONE, id="finished"),
        ],
        id="spring",
    )


def autumn_session(*earlier: Meeting) -> Session:
    meeting = Meeting(
        PARTNERSHIP.upper(),  # the same partnership, typed in another case
        dt.date(2026, 11, 16),
        attendees=[Attendee("Denise Godfrey", "Youth Service", chair=True), Attendee("Paul Howard", "YOT")],
        id="autumn",
    )
    followup.prepare(meeting, earlier)
    return Session(meeting, now=lambda: dt.datetime(2026, 11, 16, 14, 30))


def test_a_new_meeting_brings_the_open_actions_of_its_partnership_and_the_last_minutes() -> None:
    other = Meeting("Another partnership", dt.date(2026, 6, 1), status=MeetingStatus.CLOSED, actions=[Action("No")])
    session = autumn_session(spring_meeting(), other)
    arising = session.meeting.arising
    assert [item.action_id for item in arising] == ["room", "sheet", "evening"]  # not the done one, not the other
    assert all(item.raised_in == "spring" and item.raised_on == dt.date(2026, 5, 11) for item in arising)
    assert all(item.outcome is Outcome.PENDING for item in arising)
    previous = session.meeting.previous_minutes
    assert previous is not None and (previous.meeting_id, previous.approval) == ("spring", Approval.PENDING)


def test_approved_minutes_are_not_offered_again_and_a_first_meeting_has_nothing_arising() -> None:
    spring = spring_meeting()
    spring.approved_in = "summer"
    assert autumn_session(spring).meeting.previous_minutes is None
    first = autumn_session()
    assert first.meeting.arising == [] and first.meeting.previous_minutes is None


def test_dropping_needs_a_reason_and_replanning_a_new_owner_or_date() -> None:
    session = autumn_session(spring_meeting())
    with pytest.raises(ValidationError, match="say why"):
        session.arising.decide("evening", Outcome.DROPPED)
    with pytest.raises(ValidationError, match="new owner or a new due date"):
        session.arising.decide("sheet", Outcome.REPLANNED)
    assert all(item.outcome is Outcome.PENDING for item in session.meeting.arising)  # refused edits leave nothing
    item = session.arising.decide("sheet", Outcome.REPLANNED, new_owner="den", new_due=dt.date(2027, 1, 15))
    assert (item.new_owner, item.new_due) == ("Denise Godfrey", dt.date(2027, 1, 15))
    session.undo()
    assert session.meeting.arising[1].outcome is Outcome.PENDING


def test_corrections_are_kept_beside_the_approval() -> None:
    session = autumn_session(spring_meeting())
    session.arising.approve_previous(["The bike group meets on Thursdays", "  "])
    previous = session.meeting.previous_minutes
    assert previous is not None and previous.approval is Approval.CORRECTED
    assert previous.corrections == ["The bike group meets on Thursdays"]
    session.arising.reopen_previous()
    assert previous.approval is Approval.PENDING and previous.corrections == []


def decided_autumn(spring: Meeting) -> Session:
    session = autumn_session(spring)
    session.arising.decide("room", Outcome.DONE)
    session.arising.decide("sheet", Outcome.CARRIED)
    session.arising.decide("evening", Outcome.DROPPED, reason="No budget for a second paid worker")
    session.arising.approve_previous(["The bike group meets on Thursdays"])
    return session


def test_closing_writes_each_decision_to_the_earlier_meeting_in_the_store(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add(spring_meeting())
        session = decided_autumn(store.get("spring"))
        session.finish()
        store.save(session.meeting)
    with Store(db_path, readonly=True) as store:
        spring = store.get("spring")
        autumn = store.get("autumn")
    statuses = {a.id: (a.status, a.carried, a.reason) for a in spring.actions}
    assert statuses["room"] == (ActionStatus.DONE, 0, "")
    assert statuses["sheet"] == (ActionStatus.OPEN, 1, "")
    assert statuses["evening"] == (ActionStatus.DROPPED, 0, "No budget for a second paid worker")
    assert statuses["finished"] == (ActionStatus.DONE, 0, "")
    assert spring.approved_in == "autumn" and not spring.is_draft
    assert spring.corrections == ["The bike group meets on Thursdays"]
    assert autumn.is_draft and autumn.is_closed


def test_writing_the_decisions_twice_changes_nothing_more() -> None:
    spring = spring_meeting()
    session = decided_autumn(spring)
    assert followup.apply_follow_up(session.meeting, spring)
    once = spring.to_dict()
    assert not followup.apply_follow_up(session.meeting, spring)  # a second save after a crash, say
    assert spring.to_dict() == once


def test_a_changed_mind_is_followed_on_the_next_save() -> None:
    spring = spring_meeting()
    session = decided_autumn(spring)
    followup.apply_follow_up(session.meeting, spring)
    session.arising.decide("room", Outcome.REPLANNED, new_owner="Paul Howard")
    followup.apply_follow_up(session.meeting, spring)
    room = next(a for a in spring.actions if a.id == "room")
    assert (room.status, room.owner, room.due, room.carried) == (
        ActionStatus.OPEN,
        "Paul Howard",
        dt.date(2026, 6, 5),
        1,
    )


def test_an_action_not_reviewed_counts_as_carried_and_keeps_counting() -> None:
    spring = spring_meeting()
    spring.actions[1].carried = 2
    session = autumn_session(spring)
    followup.apply_follow_up(session.meeting, spring)
    sheet = next(a for a in spring.actions if a.id == "sheet")
    assert (sheet.status, sheet.carried) == (ActionStatus.OPEN, 3)


def test_a_meeting_in_progress_writes_nothing_back(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add(spring_meeting())
        session = decided_autumn(store.get("spring"))
        store.save(session.meeting)  # an autosave mid-meeting
        spring = store.get("spring")
    assert all(a.status is not ActionStatus.DROPPED for a in spring.actions) and spring.is_draft


def test_an_earlier_meeting_removed_meanwhile_does_not_stop_the_close(db_path: Path) -> None:
    session = decided_autumn(spring_meeting())
    session.finish()
    with Store(db_path) as store:
        store.save(session.meeting)
        assert store.get("autumn").is_closed


def test_an_action_changed_later_is_not_undone_by_saving_the_meeting_that_reviewed_it(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add(spring_meeting())
        session = decided_autumn(store.get("spring"))
        session.finish()
        store.save(session.meeting)  # the sheet was carried
        row = store.update_action("spring", "sheet", status=ActionStatus.DONE)  # later: done, from the actions table
        assert row.action.status is ActionStatus.DONE and row.meeting_id == "spring"
        autumn = store.get("autumn")
        autumn.venue = "Corrected venue"
        store.save(autumn)  # an archived meeting edited again
        sheet = next(a for a in store.get("spring").actions if a.id == "sheet")
    assert sheet.status is ActionStatus.DONE


def test_actions_of_a_meeting_in_progress_are_changed_in_the_meeting_not_the_table(db_path: Path) -> None:
    session = autumn_session()
    session.actions.add("Book the hall", "Paul Howard")
    with Store(db_path) as store:
        store.save(session.meeting)
        with pytest.raises(StoreError, match="still in progress"):
            store.update_action("autumn", session.meeting.actions[0].id, status=ActionStatus.DONE)
        store.add(spring_meeting())
        with pytest.raises(ValidationError, match="text"):
            store.update_action("spring", "sheet", text="Renamed")
        due = store.update_action("spring", "sheet", due=dt.date(2027, 1, 8))
    assert due.action.due == dt.date(2027, 1, 8)
    with Store(db_path, readonly=True) as store:
        assert next(a for a in store.get("spring").actions if a.id == "sheet").due == dt.date(2027, 1, 8)
