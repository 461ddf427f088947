"""In the app: a note marked confidential by one key is left out of the circulation copy written from the minutes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Markdown

from facilitator.model import Note
from facilitator.tinydb_store import Store
from screens.export_picker import choice_for
from screens.help import HelpScreen
from screens.minutes import MinutesScreen
from tests.apphelpers import (
    NOW,
    in_progress_meeting,
    make_app,
    type_text,
    wait_for_store,
    wait_for_workers,
    wait_until,
    wait_until_saved,
)

SECRET = "J. Smith, 15, is known to the YOT"
PUBLIC = "The bike group arrive early"


async def test_a_note_marked_confidential_by_key_stays_out_of_the_circulation_copy(
    db_path: Path, tmp_path: Path
) -> None:
    meeting = in_progress_meeting()
    meeting.add_note(Note(PUBLIC, raised_by="Paul Howard"))
    meeting.add_note(Note(SECRET, raised_by="Paul Howard"))
    with Store(db_path) as store:
        store.save(meeting)
    app = make_app(db_path)
    target = tmp_path / "circulated.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3", "ctrl+l")  # resume, what worked, the table
        table = app.screen.query_one("#pane-worked .step-table", DataTable)
        await wait_until(pilot, lambda: table.has_focus and table.row_count == 2, "the notes in the table")
        await pilot.press("down")
        await wait_until(pilot, lambda: table.cursor_row == 1, "the cursor on the second note")
        await pilot.press("c")
        assert app.session is not None
        assert [note.confidential for note in app.session.meeting.notes] == [False, True]
        assert str(table.get_row_at(1)[-1]).startswith("🔒 confidential\n")  # a word, not a colour alone
        await pilot.press("ctrl+z")
        assert not app.session.meeting.notes[1].confidential
        await pilot.press("ctrl+y", "f1")
        assert isinstance(app.screen, HelpScreen)
        assert any(row[2] == "Confidential" and row[3] == "worked.confidential" for row in app.screen.rows)
        await pilot.press("escape", "escape")  # help, then the meeting (left in progress, saved)
        await wait_until_saved(pilot)
        await wait_for_store(pilot)

        await pilot.press("h")
        await wait_for_workers(pilot)
        await pilot.press("enter")  # the top match: this meeting's minutes
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesScreen), "the minutes opened")
        minutes = app.screen.query_one("#minutes-view", Markdown)
        assert "Full copy: includes confidential items." in minutes.source
        await pilot.press("x", choice_for("md", circulation=True).key)  # the circulation copy, in Markdown
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesScreen), "the format picked")
        assert "1 confidential item was withheld from this copy" in str(app.screen.query_one("#export-hint").render())
        assert app.screen.query_one("#export-path").value.endswith("-circulation.md")
        await pilot.press("ctrl+u")
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await wait_for_workers(pilot)
        await wait_until(pilot, lambda: "Circulated on" in minutes.source, "the record shown in the minutes")
        assert any("Wrote the circulation copy of the minutes" in told for told in app.told)

    written = target.read_text(encoding="utf-8")
    assert PUBLIC in written and "J. Smith" not in written
    assert "**1 confidential item was withheld from this copy.**" in written
    with Store(db_path, readonly=True) as store:
        (record,) = store.get(meeting.id).circulated
    assert record.text() == (
        f"Circulated on {NOW.day} Nov {NOW.year} to Denise Godfrey, Paul Howard (circulation copy)"
    )
    assert record.format == "md"


# --- set up: the marking is chosen, and a known partnership's is brought forward ----------------


async def test_set_up_brings_forward_the_partnerships_own_marking_and_refuses_one_that_is_not_plain() -> None:
    from textual.widgets import Select, Static

    from facilitator.partnerships import profiles
    from tests.conftest import review_meeting
    from tests.test_setup_screen import Host

    host = Host(profiles([review_meeting(marking="Board only")]))
    async with host.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "youth resource centre & youth offending team")
        await pilot.press("enter")
        screen = host.screen
        assert screen.query_one("#setup-marking", Select).value == "own"
        own = screen.query_one("#setup-marking-own")
        assert own.display and own.value == "Board only"
        own.value = "[red]Secret[/red]"
        await pilot.press("ctrl+s")
        assert host.results == []
        assert "may hold only letters" in str(screen.query_one("#marking-error", Static).render())
        assert own.has_focus  # where it is put right
        screen.query_one("#setup-marking", Select).value = "OFFICIAL-SENSITIVE"
        await pilot.pause()
        assert not own.display
        await pilot.press("ctrl+s")
        [meeting] = host.results
        assert meeting is not None and meeting.marking == "OFFICIAL-SENSITIVE"


# --- the history: where the highlighted meeting's minutes went ----------------------------------


async def test_the_history_shows_where_the_highlighted_meetings_minutes_went(db_path: Path) -> None:
    import datetime as dt

    from textual.widgets import Static

    from facilitator.circulation import record_circulation
    from tests.apphelpers import store_demo

    store_demo(db_path)
    with Store(db_path) as store:
        newest = max(store.meetings(), key=lambda meeting: meeting.date)
        record_circulation(store, newest.id, to=["Denise Hall", "Paul Green"], format="md", on=dt.date(2026, 12, 3))
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h", "down")  # the list, its cursor on the newest meeting
        await wait_for_workers(pilot)
        panel = app.screen.query_one("#history-circulated", Static)
        await wait_until(pilot, lambda: panel.display, "the record shown")
        assert str(panel.render()) == "Circulated on 3 Dec 2026 to Denise Hall, Paul Green (circulation copy)"
        await pilot.press("down")  # an earlier meeting, never circulated
        await wait_for_workers(pilot)
        await wait_until(pilot, lambda: not panel.display, "the record put away")
