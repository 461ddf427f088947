"""The live session: edits as a facilitator makes them, undo, steps and timers."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator import people
from facilitator.model import (
    ActionStatus,
    Attendance,
    Attendee,
    ConflictState,
    ConflictStyle,
    ItemStatus,
    Meeting,
    MeetingStatus,
    NoteKind,
    ValidationError,
)
from facilitator.session import UNDO_LIMIT, Session


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


NOW = dt.datetime(2026, 11, 16, 14, 20)


def new_session(clock: FakeClock | None = None) -> Session:
    meeting = Meeting(
        "Youth Resource Centre & Youth Offending Team",
        dt.date(2026, 11, 16),
        start=dt.time(14, 0),
        attendees=[
            Attendee("Denise Godfrey", "Youth Service", chair=True),
            Attendee("Paul Howard", "Youth Offending Team"),
            Attendee("Janet Ellis", "Youth Offending Team", attendance=Attendance.APOLOGIES),
        ],
    )
    return Session(meeting, clock=clock or FakeClock(), now=lambda: NOW)


def test_notes_are_tied_to_the_agenda_item_under_discussion() -> None:
    session = new_session()
    poster = session.agenda.add("Poster project", 15)
    bike = session.agenda.add("Bike project", 15)
    session.agenda.start(poster.id)
    first = session.notes.add("Good equipment here", raised_by="Paul Howard")
    session.agenda.start(bike.id)
    second = session.notes.add("Arrive early, use the computers")
    assert first.agenda_item == poster.id and second.agenda_item == bike.id
    assert [item.status for item in session.meeting.agenda] == [ItemStatus.DONE, ItemStatus.CURRENT]


def test_who_raised_it_cycles_through_those_present_then_nobody() -> None:
    session = new_session()
    cycle = ["Denise Godfrey"]
    for _ in range(3):
        cycle.append(people.next_speaker(session.meeting, cycle[-1]))
    assert cycle == ["Denise Godfrey", "Paul Howard", "", "Denise Godfrey"]  # Janet sent apologies
    assert people.next_speaker(session.meeting, "someone who left") == "Denise Godfrey"


def test_a_note_can_be_marked_as_did_not_work_and_back() -> None:
    session = new_session()
    note = session.notes.add("Open session too distracting")
    assert session.notes.toggle_kind(note.id).kind is NoteKind.DID_NOT_WORK
    assert session.notes.toggle_kind(note.id).kind is NoteKind.WORKED


def test_an_invalid_edit_is_refused_and_leaves_the_meeting_as_it_was() -> None:
    session = new_session()
    note = session.notes.add("Bike project works well")
    with pytest.raises(ValidationError, match="text"):
        session.notes.edit(note.id, text="   ")
    assert session.meeting.notes[0].text == "Bike project works well"
    with pytest.raises(ValidationError, match="style"):
        session.conflicts.add("Room use", style="shouting")
    assert session.meeting.conflicts == []
    added = session.actions.add("x")
    with pytest.raises(TypeError, match="raised_in"):  # not a field an edit can reach
        session.actions.edit(added.id, raised_in="elsewhere")  # type: ignore[call-arg]
    assert session.meeting.actions == [added] and added.raised_in == session.meeting.id


def test_undo_and_redo_walk_back_and_forth_through_edits() -> None:
    session = new_session()
    note = session.notes.add("First")
    session.notes.edit(note.id, text="First, edited")
    session.notes.remove(note.id)
    assert session.meeting.notes == []
    assert session.undo() == "remove note"
    assert session.meeting.notes[0].text == "First, edited"
    assert session.undo() == "edit note"
    assert session.meeting.notes[0].text == "First"
    assert session.redo() == "edit note"
    assert session.meeting.notes[0].text == "First, edited"
    session.notes.add("Second")  # a new edit forgets what could be redone
    assert not session.can_redo


def test_undo_keeps_at_least_the_last_twenty_edits_and_not_the_step() -> None:
    session = new_session()
    for index in range(UNDO_LIMIT + 5):
        session.notes.add(f"note {index}")
    session.go_to("actions")
    undone = 0
    while session.undo():
        undone += 1
    assert undone == UNDO_LIMIT >= 20
    assert len(session.meeting.notes) == 5
    assert session.meeting.current_step == "actions"


def test_steps_can_be_visited_in_any_order_and_are_ticked_once_visited() -> None:
    session = new_session()
    session.go_to("conflicts")
    session.go_to("agenda")
    session.go_to_next_step(-1)
    assert session.step.key == "close"
    assert session.meeting.visited_steps == ["agenda", "conflicts", "close"]
    with pytest.raises(ValueError, match="no step"):
        session.go_to("lunch")


def test_the_item_timer_shows_an_overrun_and_survives_a_snapshot() -> None:
    clock = FakeClock()
    session = new_session(clock)
    item = session.agenda.add("Bike project", time_box=1)
    session.agenda.start(item.id)
    clock.now += 45
    assert session.clock.item_elapsed(item) == 45 and not session.clock.item_overrun(item)
    clock.now += 30
    assert session.clock.item_overrun(item)
    saved = session.snapshot()
    assert saved.agenda[0].spent == 75  # a resumed meeting keeps the time spent
    assert session.meeting.agenda[0].spent == 0  # the live copy still counts from the start
    clock.now += 5
    session.finish()
    assert session.meeting.agenda[0].spent == 80
    assert session.meeting.agenda[0].status is ItemStatus.DONE


def test_the_meeting_clock_runs_from_the_start_time_today() -> None:
    session = new_session()
    assert session.clock.meeting_elapsed(session.meeting) == 20 * 60


def test_actions_without_owner_or_date_are_flagged_not_refused() -> None:
    session = new_session()
    vague = session.actions.add("Look into funding")
    late = session.actions.add("Book the room", "Denise Godfrey", dt.date(2026, 11, 1))
    fine = session.actions.add("Share programme", "Paul Howard", dt.date(2026, 12, 1))
    assert session.actions.flags(vague) == ["no owner", "no due date"]
    assert session.actions.flags(late) == ["due date has passed"]
    assert session.actions.flags(fine) == []
    assert vague.raised_in == session.meeting.id
    assert session.actions.cycle_status(fine.id).status is ActionStatus.DONE


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("paul", "Paul Howard"),  # a first name
        ("How", "Paul Howard"),  # a surname's start
        ("  denise   godfrey ", "Denise Godfrey"),  # spacing and case
        ("Janet Ellis", "Janet Ellis"),  # someone not at the meeting is kept as typed
        ("", ""),
    ],
)
def test_an_owner_typed_in_part_is_the_attendee_meant(typed: str, meant: str) -> None:
    assert people.attendee_named(new_session().meeting, typed) == meant


def test_an_owner_who_could_be_two_attendees_is_kept_as_typed() -> None:
    session = new_session()
    session.meeting.attendees.append(Attendee("Paula Reid", "Youth Service"))
    assert people.attendee_named(session.meeting, "Paul") == "Paul"
    assert people.attendee_named(session.meeting, "Paul H") == "Paul Howard"


def test_a_conflict_is_settled_by_compromise() -> None:
    session = new_session()
    conflict = session.conflicts.add("Room use in opening hours", ["Youth Service", "Youth Offending Team"])
    session.conflicts.edit(
        conflict.id,
        style="compromising",
        state="way_forward_agreed",
        way_forward="Poster work outside opening hours",
    )
    stored = session.meeting.conflicts[0]
    assert stored.style is ConflictStyle.COMPROMISING and stored.state is ConflictState.WAY_FORWARD_AGREED


def test_agenda_items_can_be_reordered_and_removed_without_losing_their_notes() -> None:
    session = new_session()
    first, second, third = (session.agenda.add(title) for title in ("Poster", "Bike", "Cooking"))
    session.agenda.move(third.id, -5)
    assert [item.title for item in session.meeting.agenda] == ["Cooking", "Poster", "Bike"]
    session.agenda.start(second.id)
    note = session.notes.add("Workshop room works")
    session.agenda.remove(second.id)
    assert session.meeting.notes[0].id == note.id and session.meeting.notes[0].agenda_item is None
    session.agenda.edit(first.id, title="Poster project", time_box=20)
    assert session.meeting.agenda[1].time_box == 20


def test_finishing_closes_the_meeting_with_an_end_time() -> None:
    session = new_session()
    session.close.rate_together(level="cooperation", time=3, trust=4, turf=3)
    session.close.set_next_review(dt.date(2027, 5, 17))
    session.finish()
    meeting = session.meeting
    assert meeting.status is MeetingStatus.CLOSED and meeting.end == dt.time(14, 20)
    assert meeting.health.trust == 4 and meeting.next_review == dt.date(2027, 5, 17)


def test_listeners_hear_every_change() -> None:
    session = new_session()
    heard: list[str] = []
    session.subscribe(heard.append)
    session.notes.add("x")
    session.go_to("close")
    session.undo()
    assert heard == ["add note", "move to a step", "add note"]
