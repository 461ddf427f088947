"""Past meetings: found by typing, opened, read."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from textual.widgets import DataTable, Markdown, Static

from facilitator.model import Attendee, Meeting, MeetingStatus
from facilitator.tinydb_store import Store
from screens.export_picker import choice_for
from screens.history import HistoryScreen
from screens.minutes import MinutesScreen
from tests.apphelpers import make_app, store_demo, type_text, wait_for_store, wait_for_workers

FULL_MINUTES = choice_for("md", circulation=False).key  # the picker's key for the full Markdown minutes


def other_partnership() -> Meeting:
    return Meeting(
        "Library & Reading Scheme",
        dt.date(2026, 10, 1),
        status=MeetingStatus.CLOSED,
        attendees=[Attendee("Grace Obi", "Library")],
        purpose="Reading groups for the winter",
    )


def listed(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(date, partnership) of each meeting listed: the first line of the first and last cells."""
    table = app.screen.query_one("#history-table", DataTable)
    rows = [table.get_row_at(i) for i in range(table.row_count)]
    return [(str(row[0]).split("\n")[0], str(row[-1]).split("\n")[0]) for row in rows]


async def test_typing_bike_finds_the_review_and_enter_opens_its_minutes(db_path: Path) -> None:
    store_demo(db_path)
    with Store(db_path) as store:
        store.add(other_partnership())
    app = make_app(db_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert [when for when, _ in listed(app)] == [
            "16 Nov 2026",
            "1 Oct 2026",
            "11 May 2026",
            "10 Nov 2025",
        ]
        await type_text(pilot, "bike")
        await wait_for_workers(pilot)
        assert listed(app) == [
            ("16 Nov 2026", "Youth Resource Centre & Youth Offending Team"),
            ("11 May 2026", "Youth Resource Centre & Youth Offending Team"),
            ("10 Nov 2025", "Youth Resource Centre & Youth Offending Team"),
        ]
        assert "3 of 4 meetings match" in str(app.screen.query_one("#history-hint", Static).render())
        await pilot.press("enter")  # Enter in the search box opens the top match
        await wait_for_workers(pilot)
        assert isinstance(app.screen, MinutesScreen)
        minutes = app.screen.query_one("#minutes-view", Markdown)
        assert "Bike project" in minutes.source and "Matters arising" in minutes.source
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_a_search_for_nothing_known_says_so(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await type_text(pilot, "zebra")
        await wait_for_workers(pilot)
        assert listed(app) == []
        assert "0 of 3 meetings match" in str(app.screen.query_one("#history-hint", Static).render())


async def test_the_minutes_are_exported_from_where_they_are_read(db_path: Path, tmp_path: Path) -> None:
    import icalendar

    store_demo(db_path)
    (Path(os.environ["HOME"]) / "Documents").mkdir(parents=True)  # where it is suggested when there is one
    app = make_app(db_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("enter")  # the newest meeting on the home screen: the November review
        await wait_for_workers(pilot)
        assert isinstance(app.screen, MinutesScreen)
        await pilot.press("x", FULL_MINUTES)  # the full copy of the Markdown minutes, by its number
        suggested = app.screen.query_one("#export-path").value
        assert suggested.endswith("/Documents/2026-11-16-youth-resource-centre-youth-offending.md")
        for name in ("review.txt", "review.ics"):
            await pilot.press("ctrl+u")
            await type_text(pilot, str(tmp_path / name))
            await pilot.press("enter")
            await wait_for_workers(pilot)
        assert not (tmp_path / "review.txt").exists()  # an unknown ending is refused, not guessed
    calendar = icalendar.Calendar.from_ical((tmp_path / "review.ics").read_bytes())
    reviews = [event for event in calendar.walk("VEVENT")]
    assert [event.decoded("DTSTART") for event in reviews] == [dt.date(2027, 5, 17)]
    assert len(calendar.walk("VTODO")) == 4


async def test_the_highlighted_partnerships_health_shows_as_a_sparkline_per_measure(db_path: Path) -> None:
    store_demo(db_path)
    with Store(db_path) as store:
        store.add(other_partnership())
    app = make_app(db_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h", "down")  # into the list, its cursor on the newest meeting
        await wait_for_workers(pilot)
        trend = str(app.screen.query_one("#history-trend", Static).render())
        assert "Youth Resource Centre & Youth Offending Team over 3 meetings, Nov 2025 to Nov 2026" in trend
        trust = next(line for line in trend.splitlines() if line.startswith("Trust"))
        assert "▃▃▆ together 2 → 2 → 4" in trust
        assert "Youth Service 3 → 2 → 4" in trust and "Youth Offending Team 2 → 3 → 4" in trust
        await pilot.press("down")  # the other partnership: one meeting, nothing to compare
        await wait_for_workers(pilot)
        trend = str(app.screen.query_one("#history-trend", Static).render())
        assert "fewer than two health checks" in trend


async def test_down_from_the_search_box_goes_into_the_list_and_each_status_is_named(db_path: Path) -> None:
    store_demo(db_path)
    with Store(db_path) as store:
        store.add(other_partnership())
        in_progress = other_partnership()
        in_progress.status = MeetingStatus.IN_PROGRESS
        in_progress.date = dt.date(2026, 11, 20)
        store.add(in_progress)
    app = make_app(db_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await wait_for_workers(pilot)
        table = app.screen.query_one("#history-table", DataTable)
        statuses = [str(table.get_row_at(i)[0]).split("\n")[1] for i in range(table.row_count)]
        # Nov 2026 in progress; 16 Nov draft (nothing approved it yet); 1 Oct draft; May and Nov 2025 approved.
        assert statuses == ["in progress", "draft", "draft", "approved", "approved"]
        await pilot.press("down")
        assert table.has_focus and table.cursor_row == 0
        await pilot.press("down")
        assert table.cursor_row == 1  # in the list, Down is the list's own again


async def test_enter_with_nothing_found_says_so_and_stays(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await type_text(pilot, "zebra")
        await wait_for_workers(pilot)
        await pilot.press("enter")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "No meeting matches" in " ".join(app.told)
