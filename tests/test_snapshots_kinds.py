"""Snapshots of the who-brings-what and open-questions panes of a planning meeting, at 100×30 and 60×20.

After a deliberate change: ``python -m pytest tests/test_snapshots_kinds.py --snapshot-update``, then
look at the new SVGs in tests/__snapshots__ before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from facilitator.model import Attendee, Meeting
from facilitator.session import Session
from facilitator.templates import load_catalogue
from facilitator.tinydb_store import Store
from screens.app import FacilitatorApp
from tests.apphelpers import NOW, make_app, steady_cursors, wait_for_store

SIZES = [(100, 30), (60, 20)]


def planning_meeting() -> Meeting:
    """A planning meeting part-way through: three offers from two partners, a question and a risk."""
    template = load_catalogue(None).templates["planning"]
    meeting = Meeting(
        "Youth Service & Arts Trust",
        NOW.date(),
        template="planning",
        steps=template.new_steps(),
        attendees=[Attendee("Gill Reed", "Youth Service", chair=True), Attendee("Jun Park", "Arts Trust")],
        id="planning-snapshot",
    )
    session = Session(meeting, clock=lambda: 0.0, now=lambda: NOW)
    session.contributions.add("resources", "Two youth workers on Tuesday evenings", partner="ys", raised_by="Gill")
    session.contributions.add("resources", "The studio after six", partner="at", kind="premises", raised_by="Jun")
    session.contributions.add("resources", "£500 for materials from the arts grant", partner="at", kind="money")
    question = session.risks.add("risks", "Can we use the hall in the August holidays?", owner="jun")
    session.risks.add("risks", "The youth worker is often away in the school holidays", kind="risk")
    session.risks.toggle_settled(session.risks.add("risks", "Is our insurance enough?", owner="gill").id)
    assert question.owner == "Jun Park"
    return meeting


def app_with_planning(db: Path) -> FacilitatorApp:
    with Store(db) as store:
        store.save(planning_meeting())
    return make_app(db, autosave_delay=60)  # no "Saved hh:mm:ss" halfway through a snapshot


def open_step(kind: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, FacilitatorApp)
        await wait_for_store(pilot)
        assert app.store is not None
        app.run_meeting(app.store.get("planning-snapshot"), fresh=False)
        await pilot.pause()
        assert app.session is not None
        number = next(n for n, step in enumerate(app.session.steps) if step.kind == kind)
        await pilot.press(f"f{number + 2}")
        steady_cursors(pilot)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("kind", ["contributions", "risks"])
def test_the_pane_of_each_new_kind(snap_compare, db_path: Path, kind: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_with_planning(db_path), terminal_size=size, run_before=open_step(kind))
