"""The actions table across meetings: overdue ones stand out; closing one is saved to its meeting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from facilitator.model import ActionStatus
from facilitator.tinydb_store import Store
from screens.actions import ActionsScreen
from screens.home import HomeScreen
from tests.apphelpers import make_app, store_demo, type_text, wait_for_store, wait_for_workers


def table_texts(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#actions-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def open_actions(pilot) -> None:  # type: ignore[no-untyped-def]
    """From the home screen to the actions table, once the app has read the store and the actions."""
    await wait_for_store(pilot)
    await pilot.press("a")
    await wait_for_workers(pilot)
    assert isinstance(pilot.app.screen, ActionsScreen)


async def test_closing_an_action_from_the_actions_table_is_saved_to_its_meeting(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_actions(pilot)
        rows = table_texts(app)
        assert len(rows) == 5  # open ones first: four from November, one still open from May
        assert rows[0][0] == "26 Jun 2026 overdue\nopen, carried 1×"
        assert rows[0][1] == "Paul Howard\nYouth Offending Team"
        assert rows[0][3].startswith("Draft a shared sign-in sheet")
        assert "1 overdue" in str(app.screen.query_one("#actions-summary", Static).render())

        await pilot.press("ctrl+f")
        await type_text(pilot, "sign-in")
        await pilot.press("enter")
        assert len(table_texts(app)) == 1
        await pilot.press("space")  # open → done
        await wait_for_workers(pilot)
        assert table_texts(app)[0][0].endswith("\ndone, carried 1×")  # in view until the list is refreshed
        await pilot.press("r")
        assert table_texts(app) == []  # done: no longer among the open ones
        await pilot.press("o")  # show every status
        assert table_texts(app)[0][0].endswith("\ndone, carried 1×")
        await pilot.press("escape")
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.overview.overdue_actions == 0

    with Store(db_path, readonly=True) as store:
        may = store.get("demo-may")
    assert next(a for a in may.actions if a.id == "demo-a2").status is ActionStatus.DONE


async def test_a_new_due_date_is_typed_in_place_and_a_bad_one_is_explained(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_actions(pilot)
        await pilot.press("u", "ctrl+u")
        await type_text(pilot, "2026-02-30")
        await pilot.press("enter")
        assert "not a real date" in str(app.screen.query_one("#actions-message", Static).render())
        await pilot.press("ctrl+u")
        await type_text(pilot, "+2w")
        await pilot.press("enter")
        await wait_for_workers(pilot)
        assert table_texts(app)[0][0].startswith("30 Nov 2026\nopen")  # not overdue now; the row stays put
    with Store(db_path, readonly=True) as store:
        sheet = next(a for a in store.get("demo-may").actions if a.id == "demo-a2")
    assert str(sheet.due) == "2026-11-30"


async def test_space_goes_round_every_status_under_the_open_only_filter(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_actions(pilot)
        seen = []
        for _ in range(3):
            await pilot.press("space")
            await wait_for_workers(pilot)
            seen.append(table_texts(app)[0][0].split("\n")[1].split(",")[0])
        assert seen == ["done", "dropped", "open"]  # the row stayed in view, under the cursor, all the way round
        told = app.told
        assert told[0] == 'Paul Howard\'s "Draft a shared sign-in sheet so YOT sessions show…": open → done'
    with Store(db_path, readonly=True) as store:
        sheet = next(a for a in store.get("demo-may").actions if a.id == "demo-a2")
    assert sheet.status is ActionStatus.OPEN


async def test_the_list_is_sorted_again_after_a_due_date_changes(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_actions(pilot)
        assert table_texts(app)[0][3].startswith("Draft a shared sign-in sheet")
        await pilot.press("u", "ctrl+u")
        await type_text(pilot, "2027-03-01")
        await pilot.press("enter")
        await wait_for_workers(pilot)
        rows = table_texts(app)
        assert rows[-1][0].startswith("1 Mar 2027\n") and rows[-1][3].startswith("Draft a shared sign-in sheet")
        assert [row[0].split("\n")[0] for row in rows[:-1]] == [
            "11 Dec 2026",
            "8 Jan 2027",
            "22 Jan 2027",
            "12 Feb 2027",
        ]
        told = " ".join(app.told)
        assert "due 1 Mar 2027 (was 26 Jun 2026)" in told
