"""Snapshots of the main screens with the demo meetings loaded (pytest-textual-snapshot).

After a deliberate change to a screen: ``python -m pytest tests/test_snapshots.py --snapshot-update``,
then look at the new SVGs in tests/__snapshots__ before committing them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.pilot import Pilot

from facilitator.model import Action, Attendee, Meeting, Note
from screens.app import FacilitatorApp
from tests.apphelpers import make_app, steady_cursors, store_demo, wait_for_store, wait_for_workers
from tests.planning import tagged_planning_steps

SIZE = (100, 30)


def demo_app(db: Path) -> FacilitatorApp:
    store_demo(db)
    # A long autosave delay: no "Saved hh:mm:ss" can appear halfway through a snapshot.
    return make_app(db, autosave_delay=60)


async def settle(pilot: Pilot) -> None:
    await wait_for_store(pilot)
    steady_cursors(pilot)
    await pilot.pause()


def test_home(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app(db_path), terminal_size=SIZE, run_before=settle)


def test_set_up_a_known_partnership(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await wait_for_store(pilot)
        await pilot.press("n")
        await pilot.press(*"Youth Resource Centre & Youth Offending Team", "enter")
        await settle(pilot)

    assert snap_compare(demo_app(db_path), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize(
    "key, step", [("f2", "agenda"), ("f3", "worked"), ("f4", "conflicts"), ("f5", "decisions"), ("f6", "actions")]
)
def test_each_step_of_the_demo_review(snap_compare, db_path: Path, key: str, step: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await open_demo_review(pilot)
        await pilot.press(key)
        await settle(pilot)

    assert snap_compare(demo_app(db_path), terminal_size=SIZE, run_before=run_before)


def test_close_step_of_the_demo_review(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await open_demo_review(pilot)
        await pilot.press("f7")
        await settle(pilot)

    assert snap_compare(demo_app(db_path), terminal_size=SIZE, run_before=run_before)


def test_the_review_at_60_by_20(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await open_demo_review(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(demo_app(db_path), terminal_size=(60, 20), run_before=run_before)


async def open_demo_review(pilot: Pilot) -> None:
    """The November demo review on the meeting screen, as when it was being run."""
    app = pilot.app
    assert isinstance(app, FacilitatorApp)
    await wait_for_store(pilot)
    assert app.store is not None
    meeting = app.store.get("demo-nov")
    meeting.status = meeting.status.IN_PROGRESS  # reopened, as it stood before Finish
    app.run_meeting(meeting, fresh=False)
    await pilot.pause()


FIT_SIZES = [(100, 30), (60, 20)]


@pytest.mark.parametrize("size", FIT_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_help_on_the_meeting_screen(snap_compare, db_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Every description whole, wrapped if need be; only the six steps the review has."""

    async def run_before(pilot: Pilot) -> None:
        await open_demo_review(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(demo_app(db_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", FIT_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("key", ["a", "h"], ids=["actions", "history"])
def test_actions_and_history(snap_compare, db_path: Path, key: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await wait_for_store(pilot)
        await pilot.press(key)
        await settle(pilot)
        await wait_for_workers(pilot)  # the history's health trend
        await pilot.pause()

    assert snap_compare(demo_app(db_path), terminal_size=size, run_before=run_before)


def test_the_agenda_with_its_keys_at_60_by_20(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The matters arising and the agenda on a small terminal: every key in the key bar, the time box whole."""

    async def run_before(pilot: Pilot) -> None:
        await open_demo_review(pilot)
        await pilot.press("f2")
        await settle(pilot)

    assert snap_compare(demo_app(db_path), terminal_size=(60, 20), run_before=run_before)


def planning_meeting() -> Meeting:
    """A planning meeting under way: notes on 'Who brings what', some tagged, some said by nobody in particular."""
    from facilitator.templates import load_catalogue

    template = load_catalogue(None).templates["planning"]
    return Meeting(
        "Youth Service & Arts Trust",
        dt.date(2026, 11, 16),
        start=dt.time(14, 0),
        template=template.id,
        steps=tagged_planning_steps(),
        attendees=[Attendee("Denise Godfrey", "Youth Service", chair=True), Attendee("Paul Howard", "Arts Trust")],
        notes=[
            Note("Two youth workers on Tuesday evenings", raised_by="Denise Godfrey", step="resources", tag="staff"),
            Note("The hall, free of charge", raised_by="Paul Howard", step="resources", tag="premises"),
            Note("Someone from the council may help", step="resources"),
        ],
        current_step="resources",
        visited_steps=["agenda", "resources"],
        speaker="Paul Howard",
    )


@pytest.mark.parametrize("size", FIT_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_notes_step_with_tags_and_the_speaker(snap_compare, db_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The Who box holds the meeting's speaker; the tag is chosen for the note being typed ('no tag' until then)."""

    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, FacilitatorApp)
        await wait_for_store(pilot)
        app.run_meeting(planning_meeting(), fresh=False)
        await pilot.pause()
        await pilot.press("ctrl+t")  # staff, for the note about to be typed
        await settle(pilot)

    assert snap_compare(demo_app(db_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", FIT_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_closing_review(snap_compare, db_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Finish on the demo review with an action left undated and no next review: the loose ends, counted."""

    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, FacilitatorApp)
        await wait_for_store(pilot)
        assert app.store is not None
        meeting = app.store.get("demo-nov")
        meeting.status = meeting.status.IN_PROGRESS
        meeting.next_review = None
        meeting.actions.append(Action("Ask the school about the summer programme", "Paul Howard"))
        app.run_meeting(meeting, fresh=False)
        await pilot.pause()
        await pilot.press("f7", "ctrl+f")
        await settle(pilot)

    assert snap_compare(demo_app(db_path), terminal_size=size, run_before=run_before)
