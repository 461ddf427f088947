"""The session's parts: one 'next in a cycle', and undo that records only what an edit touched."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable

import pytest

from facilitator.cycle import following
from facilitator.editing.base import Part
from facilitator.model import ArisingAction, Attendee, BenefitCheck, HealthCheck, Meeting, Outcome, PreviousMinutes
from facilitator.session import Session
from facilitator.steps import StepSpec
from facilitator.templates import review_steps

NOW = dt.datetime(2026, 11, 16, 14, 30)


def test_following_steps_round_and_starts_again_from_an_unknown_value() -> None:
    assert following("abc", "a") == "b"
    assert following("abc", "c") == "a"  # wraps at the end
    assert following("abc", "a", -1) == "c"  # and at the start, going back
    assert following("abc", "z") == "a"  # gone from the cycle: its first choice
    assert following([None, 1, 2], None) == 1  # None can be a choice ("not discussed")
    assert following(["x"], "x") == "x"
    with pytest.raises(ValueError):
        following([], "a")


def busy_session() -> Session:
    review = review_steps()
    meeting = Meeting(
        "Youth Partnership",
        dt.date(2026, 11, 16),
        attendees=[Attendee("Denise Godfrey", "Youth Service"), Attendee("Paul Howard", "Youth Offending Team")],
        arising=[ArisingAction("room", "spring", "Book the room", owner="Paul Howard")],
        previous_minutes=PreviousMinutes("spring", dt.date(2026, 5, 11)),
        health=HealthCheck(benefits=[BenefitCheck("Shared resources")]),
        steps=[
            *review[:-1],
            StepSpec("brings", "contributions", "Who brings what"),
            StepSpec("open", "risks", "Risks"),
            review[-1],
        ],
    )
    session = Session(meeting, clock=lambda: 0.0, now=lambda: NOW)
    session.agenda.add("Bike project")
    session.agenda.add("Drop-in")
    session.agenda.start(session.meeting.agenda[0].id)
    session.notes.add("The bike group arrive early", raised_by="Paul Howard")
    session.actions.add("Book the hall", "Paul Howard")
    session.conflicts.add("Room use", ["Youth Service"])
    session.decisions.add("Share the room")
    session.contributions.add("brings", "Two youth workers", partner="Youth Service", raised_by="Paul Howard")
    session.risks.add("open", "Can we use the hall in August?", owner="Denise Godfrey")
    return session


def first(items: list) -> str:  # type: ignore[type-arg]
    return items[0].id


EDITS: dict[str, Callable[[Session], object]] = {
    "agenda add": lambda s: s.agenda.add("Budget", 5),
    "agenda edit": lambda s: s.agenda.edit(first(s.meeting.agenda), title="Bikes", time_box=20),
    "agenda move": lambda s: s.agenda.move(first(s.meeting.agenda), 1),
    "agenda remove": lambda s: s.agenda.remove(first(s.meeting.agenda)),
    "agenda start": lambda s: s.agenda.start(s.meeting.agenda[1].id),
    "agenda done": lambda s: s.agenda.toggle_done(first(s.meeting.agenda)),
    "note add": lambda s: s.notes.add("More"),
    "note edit": lambda s: s.notes.edit(first(s.meeting.notes), text="Edited", raised_by=""),
    "note kind": lambda s: s.notes.toggle_kind(first(s.meeting.notes)),
    "note credit": lambda s: s.notes.credit_next(first(s.meeting.notes)),
    "note remove": lambda s: s.notes.remove(first(s.meeting.notes)),
    "conflict edit": lambda s: s.conflicts.edit(first(s.meeting.conflicts), parties=["A", "B"], way_forward="Talk"),
    "conflict style": lambda s: s.conflicts.cycle_style(first(s.meeting.conflicts)),
    "conflict state": lambda s: s.conflicts.cycle_state(first(s.meeting.conflicts)),
    "conflict remove": lambda s: s.conflicts.remove(first(s.meeting.conflicts)),
    "decision edit": lambda s: s.decisions.edit(first(s.meeting.decisions), why="Cheaper"),
    "decision position": lambda s: s.decisions.cycle_position(first(s.meeting.decisions), "Youth Service"),
    "decision new partner": lambda s: s.decisions.cycle_position(first(s.meeting.decisions), "Council"),
    "decision remove": lambda s: s.decisions.remove(first(s.meeting.decisions)),
    "action edit": lambda s: s.actions.edit(first(s.meeting.actions), owner="", due=dt.date(2026, 12, 1)),
    "action status": lambda s: s.actions.cycle_status(first(s.meeting.actions)),
    "action remove": lambda s: s.actions.remove(first(s.meeting.actions)),
    "arising": lambda s: s.arising.decide("room", Outcome.REPLANNED, new_owner="denise"),
    "approve": lambda s: s.arising.approve_previous(["Thursdays, not Tuesdays"]),
    "health": lambda s: s.close.rate_together(level="cooperation", trust=4, comment="Better"),
    "partner health": lambda s: s.close.rate_partner("Youth Service", time=2),
    "benefit": lambda s: s.close.cycle_benefit(0),
    "next review": lambda s: s.close.set_next_review(dt.date(2027, 2, 1)),
    "details": lambda s: s.details.edit(venue="Town hall", start=dt.time(14)),
    "dismiss tips": lambda s: s.tips.dismiss("action-incomplete:any"),
    "finish": lambda s: s.finish(),
    "note move": lambda s: s.notes.move(first(s.meeting.notes), None),
    "note next item": lambda s: s.notes.cycle_item(first(s.meeting.notes)),
    "decision move": lambda s: s.decisions.move(first(s.meeting.decisions), None),
    "decision next item": lambda s: s.decisions.cycle_item(first(s.meeting.decisions)),
    "action move": lambda s: s.actions.move(first(s.meeting.actions), None),
    "action next item": lambda s: s.actions.cycle_item(first(s.meeting.actions)),
    "summary": lambda s: s.close.set_summary("Went well"),
    "add involved": lambda s: s.people.add_involved("Sam Reed", "Housing", "housing officer", "sam@example.org"),
    "end time": lambda s: s.close.set_end(dt.time(23, 0)),
    "contribution add": lambda s: s.contributions.add("brings", "A minibus", partner="yot", kind="equipment"),
    "contribution edit": lambda s: s.contributions.edit(first(s.contributions.on("brings")), text="Three", partner=""),
    "contribution kind": lambda s: s.contributions.cycle_kind(first(s.contributions.on("brings"))),
    "contribution partner": lambda s: s.contributions.cycle_partner(first(s.contributions.on("brings"))),
    "contribution credit": lambda s: s.contributions.credit_next(first(s.contributions.on("brings"))),
    "contribution remove": lambda s: s.contributions.remove(first(s.contributions.on("brings"))),
    "risk add": lambda s: s.risks.add("open", "New territory", kind="risk"),
    "risk edit": lambda s: s.risks.edit(first(s.risks.on("open")), text="Hall in July?", owner=""),
    "risk kind": lambda s: s.risks.toggle_kind(first(s.risks.on("open"))),
    "risk settled": lambda s: s.risks.toggle_settled(first(s.risks.on("open"))),
    "risk remove": lambda s: s.risks.remove(first(s.risks.on("open"))),
    "note confidential": lambda s: s.confidential.toggle(first(s.meeting.notes)),
    "conflict confidential": lambda s: s.confidential.toggle(first(s.meeting.conflicts)),
    "decision confidential": lambda s: s.confidential.toggle(first(s.meeting.decisions)),
    "action confidential": lambda s: s.confidential.toggle(first(s.meeting.actions)),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_edit_is_undone_and_redone_exactly(edit: str) -> None:
    """The class of fault: an edit that changes a part it did not record, which undo then misses."""
    session = busy_session()
    session.notes.edit(first(session.meeting.notes), text="Arrive early")  # an earlier edit of the same item
    before = copy.deepcopy(session.meeting)
    EDITS[edit](session)
    after = copy.deepcopy(session.meeting)
    assert after != before, "the edit changed nothing"
    session.undo()
    assert _edited_parts(session.meeting) == _edited_parts(before)
    session.undo()  # and the earlier edit, through lists recorded before this one
    session.redo()
    session.redo()
    assert _edited_parts(session.meeting) == _edited_parts(after)


def _edited_parts(meeting: Meeting) -> Meeting:
    """The meeting less where the facilitator is, which undo leaves as it is."""
    kept = copy.deepcopy(meeting)
    kept.current_step, kept.visited_steps = "", []
    return kept


def test_an_item_held_by_a_screen_stays_the_live_one_through_undo() -> None:
    session = busy_session()
    note = session.meeting.notes[0]
    session.notes.edit(note.id, text="Edited")
    session.undo()
    assert session.meeting.notes[0] is note and note.text == "The bike group arrive early"


def test_an_edit_copies_only_what_it_touches() -> None:
    session = busy_session()
    notes = list(session.meeting.notes)
    actions = session.meeting.actions
    session.actions.cycle_status(first(actions))
    ((_, change),) = session.history._undo[-1:]
    assert not change._lists and not change._fields and [p.item for p in change._items.values()] == [actions[0]]
    assert session.meeting.notes == notes


# What the sweep above runs, by part and operation; the reads change nothing. A new operation
# must join one or the other, so that no edit escapes the undo check.
SWEPT = {
    "agenda": {"add", "edit", "move", "remove", "start", "toggle_done"},
    "notes": {"add", "edit", "toggle_kind", "credit_next", "remove", "move", "cycle_item"},
    "conflicts": {"edit", "cycle_style", "cycle_state", "remove"},
    "decisions": {"edit", "cycle_position", "remove", "move", "cycle_item"},
    "actions": {"edit", "cycle_status", "remove", "move", "cycle_item"},
    "arising": {"decide", "approve_previous"},
    "close": {"rate_together", "rate_partner", "cycle_benefit", "set_next_review", "set_summary", "set_end"},
    "details": {"edit"},
    "contributions": {"add", "edit", "cycle_kind", "cycle_partner", "credit_next", "remove"},
    "risks": {"add", "edit", "toggle_kind", "toggle_settled", "remove"},
    "tips": {"dismiss"},
    "confidential": {"toggle"},
    "people": {"add_involved"},
}
# Covered elsewhere: the adds below by busy_session itself, the rest by test_session*.py.
ELSEWHERE = {
    "conflicts": {"add"},
    "decisions": {"add"},
    "actions": {"add", "flags"},
    "agenda": {"current", "bank", "close_current"},
    # Who is speaking is not undone (test_capture.py): ctrl+z undoes what was captured.
    "notes": {"on", "next_tag", "cycle_tag", "set_speaker", "cycle_speaker"},
    "arising": {"reopen_previous"},
    "close": {"rate", "set_comment"},
    "tips": {"moment", "shown"},
    "contributions": {"on"},
    "risks": {"on"},
}


def test_the_undo_sweep_covers_every_operation_of_every_part() -> None:
    session = busy_session()
    for part in {*SWEPT, *ELSEWHERE}:
        editor = getattr(session, part)
        operations = {
            name for name in dir(type(editor)) if not name.startswith("_") and callable(getattr(editor, name))
        }
        assert operations == SWEPT.get(part, set()) | ELSEWHERE.get(part, set()), part


def test_every_part_of_the_session_is_in_the_sweep() -> None:
    """A new editor on the session (``session.contributions``…) must join the sweep, or its edits escape it."""
    session = busy_session()
    parts = {name for name, value in vars(session).items() if isinstance(value, Part)}
    assert parts == {*SWEPT, *ELSEWHERE}
