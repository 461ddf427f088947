"""The whole story in the app: an action reviewed in a meeting is changed in the actions list while
the meeting is open; the close step says the later change will stand, and the minutes say so."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from facilitator.minutes import render_markdown
from facilitator.model import ActionStatus
from facilitator.tinydb_store import Store
from screens.actions import ActionsScreen
from screens.home import HomeScreen
from screens.meeting import MeetingScreen
from screens.steps.close import ClosePane
from tests.apphelpers import finish, make_app, store_demo, type_text, wait_for_store, wait_for_workers
from tests.test_matters_arising_app import SPRING, arising_rows, start_next_review

SAID = "marked done on 17 May 2027 in the actions list; this meeting said carried"


async def test_done_in_the_actions_list_while_the_meeting_is_open_is_kept_and_said(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path, now=SPRING)
    async with app.run_test(size=(110, 40)) as pilot:
        meeting = (await start_next_review(pilot)).meeting
        await pilot.press("down", "c")  # May's sign-in sheet: carried again
        assert arising_rows(app)[1] == "carried"
        await pilot.press("escape")  # home, the meeting kept open
        await wait_for_store(pilot)

        await pilot.press("a")  # the actions list
        await wait_for_workers(pilot)
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("ctrl+f")
        await type_text(pilot, "sign-in sheet")
        await pilot.press("enter", "space")  # to the table; open → done
        await wait_for_workers(pilot)
        assert app.store is not None
        changed = next(a for a in app.store.get("demo-may").actions if a.id == "demo-a2")
        assert changed.status is ActionStatus.DONE
        assert app.screen.query_one("#actions-table", DataTable).row_count == 1  # done, kept in view until refreshed
        await pilot.press("escape")
        await wait_for_store(pilot)

        await pilot.press("r")  # back to the meeting
        await wait_for_workers(pilot)
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("f7")  # the close step asks what changed elsewhere, in a worker
        await wait_for_workers(pilot)
        notice = app.screen.query_one(ClosePane).query_one("#later-edits", Static)
        assert notice.display
        shown = str(notice.render())
        assert "At Finish the later change is kept" in shown
        assert (
            f"Draft a shared sign-in sheet so YOT sessions show up in the centre's attendance returns: {SAID}" in shown
        )
        told = app.told
        assert any(m.startswith("Something decided here was changed elsewhere") for m in told)

        await finish(pilot)
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)

    with Store(db_path, readonly=True) as store:
        sheet = next(a for a in store.get("demo-may").actions if a.id == "demo-a2")
        closed = store.get(meeting.id)
    assert (sheet.status, sheet.carried) == (ActionStatus.DONE, 1)  # done, and not counted as carried again
    assert SAID in render_markdown(closed)


async def test_the_close_step_says_nothing_when_nothing_changed_elsewhere(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path, now=SPRING)
    async with app.run_test(size=(110, 40)) as pilot:
        await start_next_review(pilot)
        await pilot.press("down", "c", "f7")
        await wait_for_workers(pilot)
        assert not app.screen.query_one(ClosePane).query_one("#later-edits", Static).display
        assert not any("changed elsewhere" in n for n in app.told)
