"""The Denise and Paul review run from start to Finish by key presses alone, then read back from disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator.model import ConflictState, ConflictStyle, MeetingStatus, NoteKind, PartnershipLevel
from facilitator.tinydb_store import Store
from screens.home import HomeScreen
from screens.meeting import MeetingScreen
from tests.apphelpers import NOW, finish, make_app, type_keys, wait_for_store, wait_for_workers

PARTNERSHIP = "Youth Resource Centre & Youth Offending Team"


async def add_attendee(pilot, name: str, organisation: str, role: str) -> None:  # type: ignore[no-untyped-def]
    for value in (name, organisation, role):
        await type_keys(pilot, value)
        await pilot.press("enter")


async def pick(pilot, downs: int) -> None:  # type: ignore[no-untyped-def]
    """Open the focused Select, move down ``downs`` options past its blank prompt, choose, move on."""
    await pilot.press("enter", *["down"] * downs, "enter", "tab")


async def test_the_denise_and_paul_review_from_set_up_to_finish(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)

        # Set up: the partnership, both attendees, where and why.
        await pilot.press("n")
        await type_keys(pilot, PARTNERSHIP)
        await pilot.press("enter")
        await add_attendee(pilot, "Denise Godfrey", "Youth Service", "youth officer")
        await add_attendee(pilot, "Paul Howard", "Youth Offending Team", "YOT worker")
        await pilot.press("tab", "tab", "tab", "tab", "enter", "enter")  # past the table; date and time as given
        await type_keys(pilot, "Youth Resource Centre")
        await pilot.press("enter")
        await type_keys(pilot, "Review 18 months of joint projects")
        await pilot.press("enter")
        await wait_for_workers(pilot)  # the partnership's history is read in a worker, then the meeting opens
        assert isinstance(app.screen, MeetingScreen)

        # Agenda: one item per joint project, then start the first.
        for title in ("Poster project", "Bike project", "Cooking programme"):
            await type_keys(pilot, title)
            await pilot.press("enter")
        await pilot.press("ctrl+o")

        # What worked, and what did not, each under the project being discussed.
        await pilot.press("f3", "ctrl+t")
        await type_keys(pilot, "Open session too distracting for the poster work")
        await pilot.press("enter", "ctrl+t", "ctrl+o", "ctrl+r")  # bike project; Paul speaks
        await type_keys(pilot, "Bike group arrive early and use the computers")
        await pilot.press("enter", "ctrl+o", "ctrl+r", "ctrl+r")  # cooking; past "nobody in particular" to Denise
        await type_keys(pilot, "A young woman now comes to the centre on her own")
        await pilot.press("enter")
        await type_keys(pilot, "The cooking group want to cook for others")
        await pilot.press("enter")

        # The room-use conflict, settled by compromise.
        await pilot.press("f4")
        await type_keys(pilot, "Room use during opening hours")
        await pilot.press("enter")
        await type_keys(pilot, "Youth Service, Youth Offending Team")
        await pilot.press("enter")
        await type_keys(pilot, "Run the poster work outside opening hours")
        await pilot.press("enter", "4")

        # Next actions, each with an owner and a due date.
        await pilot.press("f6")
        await type_keys(pilot, "Find a slot outside opening hours for the poster work")
        await pilot.press("enter", "ctrl+r", "enter")
        await type_keys(pilot, "+3w")
        await pilot.press("enter")
        await type_keys(pilot, "Share the workshop programme with YOT workers")
        await pilot.press("enter", "ctrl+r", "ctrl+r", "enter")
        await type_keys(pilot, "2027-01-08")
        await pilot.press("enter")

        # Close: the health check, the next review, Finish.
        await pilot.press("f7")
        await pick(pilot, 3)  # cooperation
        await pick(pilot, 3)  # time: 3 fair
        await pick(pilot, 4)  # trust: 4 good
        await pick(pilot, 3)  # turf: 3 fair
        await type_keys(pilot, "Better than in the spring")
        await pilot.press("enter")  # on to the next review
        await type_keys(pilot, "2027-05-17")
        # Finish keeps a date typed but not yet entered; the review lists only what was left loose.
        assert await finish(pilot) == ["no-summary"]
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)

    with Store(db_path, readonly=True) as store:
        [meeting] = store.meetings()
    assert meeting.status is MeetingStatus.CLOSED
    assert (meeting.partnership, meeting.date, meeting.venue) == (PARTNERSHIP, NOW.date(), "Youth Resource Centre")
    assert meeting.purpose == "Review 18 months of joint projects"
    assert [(a.name, a.organisation, a.role, a.chair) for a in meeting.attendees] == [
        ("Denise Godfrey", "Youth Service", "youth officer", True),
        ("Paul Howard", "Youth Offending Team", "YOT worker", False),
    ]
    poster, bike, cooking = meeting.agenda
    assert [item.title for item in meeting.agenda] == ["Poster project", "Bike project", "Cooking programme"]
    notes = [(n.text, n.kind, n.raised_by, n.agenda_item) for n in meeting.notes]
    assert notes == [
        ("Open session too distracting for the poster work", NoteKind.DID_NOT_WORK, "Denise Godfrey", poster.id),
        ("Bike group arrive early and use the computers", NoteKind.WORKED, "Paul Howard", bike.id),
        ("A young woman now comes to the centre on her own", NoteKind.WORKED, "Denise Godfrey", cooking.id),
        ("The cooking group want to cook for others", NoteKind.WORKED, "Denise Godfrey", cooking.id),
    ]
    [conflict] = meeting.conflicts
    assert conflict.issue == "Room use during opening hours"
    assert conflict.parties == ["Youth Service", "Youth Offending Team"]
    assert conflict.style is ConflictStyle.COMPROMISING
    assert conflict.state is ConflictState.WAY_FORWARD_AGREED
    assert conflict.way_forward == "Run the poster work outside opening hours"
    assert [(a.text, a.owner, a.due) for a in meeting.actions] == [
        ("Find a slot outside opening hours for the poster work", "Denise Godfrey", dt.date(2026, 12, 7)),
        ("Share the workshop programme with YOT workers", "Paul Howard", dt.date(2027, 1, 8)),
    ]
    health = meeting.health
    assert (health.level, health.time, health.trust, health.turf) == (PartnershipLevel.COOPERATION, 3, 4, 3)
    assert health.comment == "Better than in the spring"
    assert meeting.next_review == dt.date(2027, 5, 17)
