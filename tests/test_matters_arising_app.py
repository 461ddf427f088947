"""The next review of the Denise and Paul partnership: last time's actions come back, are decided, and stay decided."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable

from facilitator.minutes import render_markdown
from facilitator.model import ActionStatus, Approval, Outcome
from facilitator.session import Session
from facilitator.tinydb_store import Store
from screens.home import HomeScreen
from screens.meeting import MeetingScreen
from tests.apphelpers import finish, make_app, store_demo, type_text, wait_for_store, wait_for_workers

PARTNERSHIP = "Youth Resource Centre & Youth Offending Team"
SPRING = dt.datetime(2027, 5, 17, 14, 5)  # the next review the November meeting set


async def start_next_review(pilot) -> Session:  # type: ignore[no-untyped-def]
    """Set up the partnership's next meeting from the home screen; its session once it is open."""
    await wait_for_store(pilot)
    await pilot.press("n")
    await type_text(pilot, PARTNERSHIP)
    await pilot.press("enter", "ctrl+s")  # known partnership: attendees from last time
    await wait_for_workers(pilot)  # its earlier meetings are read in a worker
    assert isinstance(pilot.app.screen, MeetingScreen)
    return pilot.app.screen.session


def arising_rows(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#arising-table", DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def test_the_next_meeting_reviews_last_times_actions_and_the_minutes_say_what_happened(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path, now=SPRING)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = (await start_next_review(pilot)).meeting
        # The November minutes to approve, then May's carried action, then November's four.
        assert arising_rows(app) == ["to approve", *["not yet reviewed"] * 5]
        assert app.screen.query_one("#arising-table", DataTable).has_focus  # the first business

        await pilot.press("a", "down")  # approve the November minutes; on to the first action
        await pilot.press("c")  # the sign-in sheet from May: carried again
        await pilot.press("d")  # the poster slot: done
        await pilot.press("x")
        await type_text(pilot, "The workshops programme has been cut")
        await pilot.press("enter")  # dropped, with the reason
        await pilot.press("p")  # the restart plan: re-planned
        await type_text(pilot, "den +3w")
        await pilot.press("enter")
        # The last one (asking the community project) is left: it counts as carried.
        assert arising_rows(app) == ["approved", "carried", "done", "dropped", "re-planned", "not yet reviewed"]

        await pilot.press("f7")
        assert "no-summary" in await finish(pilot)
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)

    with Store(db_path, readonly=True) as store:
        may, november = store.get("demo-may"), store.get("demo-nov")
        spring = store.get(meeting.id)
    sheet = next(a for a in may.actions if a.id == "demo-a2")
    assert (sheet.status, sheet.carried) == (ActionStatus.OPEN, 2)
    by_id = {action.id: action for action in november.actions}
    assert by_id["demo-a4"].status is ActionStatus.DONE
    assert (by_id["demo-a5"].status, by_id["demo-a5"].reason) == (
        ActionStatus.DROPPED,
        "The workshops programme has been cut",
    )
    replanned = by_id["demo-a6"]
    assert (replanned.status, replanned.owner, replanned.due) == (
        ActionStatus.OPEN,
        "Denise Godfrey",
        dt.date(2027, 6, 7),
    )
    assert (by_id["demo-a7"].status, by_id["demo-a7"].carried) == (ActionStatus.OPEN, 1)
    assert november.approved_in == spring.id and not november.is_draft

    assert spring.previous_minutes is not None and spring.previous_minutes.approval is Approval.APPROVED
    assert [item.outcome for item in spring.arising] == [
        Outcome.CARRIED,
        Outcome.DONE,
        Outcome.DROPPED,
        Outcome.REPLANNED,
        Outcome.PENDING,
    ]
    minutes = render_markdown(spring)
    assert "**Minutes of Monday 16 November 2026:** approved" in minutes
    assert "| carried forward (2nd time) |" in minutes
    assert "| dropped: The workshops programme has been cut |" in minutes
    assert "| re-planned, now Denise Godfrey, due 7 Jun 2027 |" in minutes
    assert "| not reviewed; still open |" in minutes


async def test_a_correction_approves_the_minutes_with_it_and_an_empty_answer_changes_nothing(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path, now=SPRING)
    async with app.run_test(size=(100, 30)) as pilot:
        session = await start_next_review(pilot)
        await pilot.press("k")
        await type_text(pilot, "Janet sent apologies")
        await pilot.press("enter")
        previous = session.meeting.previous_minutes
        assert previous is not None and previous.approval is Approval.CORRECTED
        assert previous.corrections == ["Janet sent apologies"]
        await pilot.press("down", "x", "enter")  # asked why, answered nothing: not dropped
        assert session.meeting.arising[0].outcome is Outcome.PENDING
        await pilot.press("ctrl+z")  # undo takes back the correction
        assert session.meeting.previous_minutes.approval is Approval.PENDING
