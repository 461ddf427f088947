"""The whole app on a real TinyDB file: home, minutes, help, leaving and resuming a meeting."""

from __future__ import annotations

import ast
import asyncio
import datetime as dt
import errno
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Markdown, OptionList, Static

from facilitator import tinydb_file as storage
from facilitator.meeting_files import read_meetings_file
from facilitator.model import NoteKind
from facilitator.tinydb_store import Store, live_path_for
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.meeting import MeetingScreen
from screens.minutes import MinutesScreen
from screens.save_copy import SaveCopyScreen
from tests.apphelpers import (
    in_progress_meeting,
    make_app,
    store_demo,
    type_text,
    wait_for_store,
    wait_for_workers,
    wait_until,
    wait_until_saved,
)


def home_text(app) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(widget.render()) for widget in app.screen.query(Static) if widget.display)


async def test_home_counts_open_and_overdue_actions_and_lists_the_demo_reviews(db_path: Path) -> None:
    store_demo(db_path)
    # By mid-December the first November action (due 11 December) is overdue, and so is May's still open one.
    app = make_app(db_path, now=dt.datetime(2026, 12, 14, 9, 0))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)
        shown = home_text(app)
        assert "3 meetings in your minutes" in shown
        assert "5 open actions" in shown
        assert "2 overdue" in shown
        meetings = app.screen.query_one("#home-meetings", OptionList)
        lines = [str(meetings.get_option_at_index(i).prompt) for i in range(meetings.option_count)]
        assert lines[0] == "Recent meetings"
        assert lines[1].startswith("16 Nov 2026") and "Denise Godfrey" in lines[1]
        assert lines[2].startswith("11 May 2026")


async def test_enter_on_a_past_meeting_opens_its_minutes_and_escape_comes_back(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("enter")
        await wait_for_store(pilot)
        assert isinstance(app.screen, MinutesScreen)
        source = app.screen.query_one("#minutes-view", Markdown).source
        assert source.startswith("# Minutes: Youth Resource Centre & Youth Offending Team")
        assert "Bike project" in source
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_an_empty_database_says_how_to_start(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert "0 meetings in your minutes" in home_text(app)
        meetings = app.screen.query_one("#home-meetings", OptionList)
        assert "press n to set up your first meeting" in str(meetings.get_option_at_index(1).prompt)


async def test_a_damaged_database_is_named_on_the_home_screen_and_left_alone(db_path: Path) -> None:
    db_path.write_text("{ this is not json", encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        error = str(app.screen.query_one("#home-error", Static).render())
        assert str(db_path) in error.replace("\n", "")
        await pilot.press("n")  # nothing can be started on a file that could not be opened
        assert isinstance(app.screen, HomeScreen)
    assert db_path.read_text(encoding="utf-8") == "{ this is not json"


async def test_a_second_copy_of_the_app_is_told_the_file_is_in_use(db_path: Path) -> None:
    with Store(db_path):
        app = make_app(db_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_store(pilot)
            assert "in use" in str(app.screen.query_one("#home-error", Static).render())


async def test_help_lists_the_keys_of_the_screen_it_was_opened_from(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3", "f1")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        assert ("This screen", "^n", "Next step", "meeting.next_step", "") in rows
        table = app.screen.query_one("#help-keys", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0, "the help table was filled")  # once it has a size
        shown = [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
        assert ("^n\nmeeting.next_step", "Next step") in shown
        assert any(row[0] == "What worked step" and row[2] == "Who said it" for row in rows)
        assert any(row[0] == "Anywhere" and row[2] == "Quit" for row in rows)
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)


async def test_a_remapped_key_works_and_help_shows_it(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    config = db_path.parent / "config"
    config.mkdir()
    (config / "keymap.toml").write_text('"meeting.next_step" = "ctrl+j"\n', encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "ctrl+j")
        assert app.session is not None and app.session.step.key == "worked"
        await pilot.press("f1")
        keys = {what: key for _where, key, what, _id, _more in app.screen.rows}
        assert keys["Next step"] == "^j"


async def test_a_meeting_left_for_home_is_offered_for_resuming_with_everything_in_it(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert "A meeting is still in progress" in home_text(app)
        await pilot.press("r", "f3")
        await type_text(pilot, "Bike group arrive early")
        await pilot.press("enter", "escape")
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "A meeting is still in progress" in home_text(app)
        await pilot.press("r")
        assert isinstance(app.screen, MeetingScreen)
        assert app.session is not None
        assert [note.text for note in app.session.meeting.notes] == ["Bike group arrive early"]
        assert app.session.step.key == "worked"  # back where it stood


async def test_after_the_process_dies_mid_meeting_the_next_start_resumes_where_it_stood(
    db_path: Path, tmp_path: Path
) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    survivor = tmp_path / "after-the-crash" / "minutes.json"
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3")
        await type_text(pilot, "Young woman now comes on her own")
        await pilot.press("enter", "ctrl+t")
        await type_text(pilot, "Open session too distracting")
        await pilot.press("enter", "f6")  # the review's fifth step: next actions
        await wait_until_saved(pilot)
        # What a SIGKILL leaves: the files as they are on disk at this moment, and no goodbye.
        survivor.parent.mkdir()
        for path in (db_path, live_path_for(db_path)):
            shutil.copy2(path, survivor.parent / path.name)

    again = make_app(survivor)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert "A meeting is still in progress" in home_text(again)
        await pilot.press("r")
        assert isinstance(again.screen, MeetingScreen)
        assert again.session is not None
        notes = again.session.meeting.notes
        assert [(n.text, n.kind) for n in notes] == [
            ("Young woman now comes on her own", NoteKind.WORKED),
            ("Open session too distracting", NoteKind.DID_NOT_WORK),
        ]
        assert again.session.step.key == "actions"


async def test_quit_saves_what_was_typed_last(db_path: Path) -> None:
    with Store(db_path) as store:
        meeting = in_progress_meeting()
        store.save(meeting)
    app = make_app(db_path, autosave_delay=30)  # the debounce would not fire before quitting
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3")
        await type_text(pilot, "Typed a moment before quitting")
        await pilot.press("enter", "ctrl+q")
    with Store(db_path, readonly=True) as store:
        assert [n.text for n in store.get(meeting.id).notes] == ["Typed a moment before quitting"]


def test_the_app_module_leaves_the_model_store_and_templates_for_after_the_first_screen() -> None:
    # Each of these costs tens of milliseconds to import; brought in before the home screen is
    # painted, they pushed the start-up ratio from 1.03x to 1.2-1.3x (benchmarks.startup).
    later = ("facilitator.model", "facilitator.tinydb_store", "facilitator.session", "facilitator.templates")
    probe = f"import sys, screens.app; print([m for m in {later!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def disk_full(path: Path, text: str) -> None:
    """Stands in for storage.atomic_write while the disk is full."""
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_when_the_disk_is_full_the_meeting_stays_and_a_copy_can_be_saved_elsewhere(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)

        saver = app.autosaver
        assert saver is not None
        monkeypatch.setattr(storage, "atomic_write", disk_full)
        await type_text(pilot, "Bike group arrive early")
        await pilot.press("enter")
        # The saver's own news, then the bar: waiting on a clock was flaky on a loaded machine.
        assert await asyncio.to_thread(saver.wait_for, lambda: saver.failures > 0, 10), "no save was tried"
        for _ in range(500):
            if screen.saved_line.startswith("NOT SAVED"):
                break
            await pilot.pause(0.02)
        assert screen.saved_line == "NOT SAVED: retrying"
        told = " ".join(app.told)
        assert "No space left on device" in told and "ctrl+e saves a copy elsewhere" in told

        await pilot.press("ctrl+e")
        assert isinstance(app.screen, SaveCopyScreen)
        copy = tmp_path / "elsewhere" / "review.json"
        copy.parent.mkdir()
        app.screen.query_one("#save-copy-path", Input).value = str(copy)
        await pilot.press("enter")
        await wait_for_workers(pilot)
        [kept] = read_meetings_file(copy)  # what 'facilitator import' reads
        assert [note.text for note in kept.notes] == ["Bike group arrive early"]

        monkeypatch.undo()  # room on the disk again: the retry lands without anyone asking
        await wait_until_saved(pilot)
        assert screen.saved_line.startswith("Saved ")
    with Store(db_path, readonly=True) as store:
        [meeting] = store.meetings()
    assert [note.text for note in meeting.notes] == ["Bike group arrive early"]


async def test_quitting_on_a_full_disk_asks_again_before_going_without_saving(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3")

        monkeypatch.setattr(storage, "atomic_write", disk_full)
        await type_text(pilot, "Said on a full disk")
        await pilot.press("enter", "ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MeetingScreen)  # nothing typed is dropped unasked
        told = " ".join(app.told)
        assert "ctrl+q again within 10 s quits without saving" in told
        await pilot.press("ctrl+q")  # asked twice: the facilitator chooses to go
        await pilot.pause()
        assert not app.is_running


def test_the_core_imports_no_textual() -> None:
    # The app lives in screens/; every module of the core must load, and run the command line, without Textual.
    probe = (
        "import importlib, pkgutil, sys, facilitator\n"
        "for module in pkgutil.iter_modules(facilitator.__path__):\n"
        "    if module.name != '__main__':  # that one runs the command line\n"
        "        importlib.import_module(f'facilitator.{module.name}')\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'screens'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


async def test_a_save_report_landing_after_its_meeting_screen_has_closed_does_no_harm(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path, autosave_delay=30)  # nothing saves unless asked: the test says when
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3")
        screen, saver = app.screen, app.autosaver
        assert isinstance(screen, MeetingScreen) and saver is not None
        held: list[object] = []
        deliver, saver.on_saved = saver.on_saved, held.append  # the saver's news, held back until the test says
        await type_text(pilot, "Bike group arrive early")
        await pilot.press("enter")
        assert await asyncio.to_thread(saver.flush)  # on disk; its report not yet delivered
        [report] = held
        assert deliver is not None
        app.pop_screen()  # the meeting screen goes...
        deliver(report)  # ...its report lands while it is being taken down...
        await pilot.pause()
        deliver(report)  # ...and again once it has gone
        await wait_for_workers(pilot)
        assert app.is_running and app._exception is None
        assert app.screen is app.home and screen not in app.screen_stack
        assert app.last_save is report


async def test_a_late_save_report_of_a_meeting_left_does_not_mark_the_next_one_saved(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path, autosave_delay=30)  # the new meeting's first save would not come before the test ends
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3")
        saver = app.autosaver
        assert saver is not None
        held: list[object] = []
        deliver, saver.on_saved = saver.on_saved, held.append
        await type_text(pilot, "Bike group arrive early")
        await pilot.press("enter", "escape")  # leaving saves everything first; that report is held
        await wait_for_workers(pilot)
        assert isinstance(app.screen, HomeScreen)
        [report] = held

        app.run_meeting(in_progress_meeting(), fresh=True, earlier=[])  # another meeting, not yet saved
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.saved_line == "Not saved yet"
        assert deliver is not None
        deliver(report)  # the first meeting's save, told late
        await pilot.pause()
        assert str(screen.query_one("#save-state", Static).render()) == "Not saved yet"


def _workers(tree: ast.AST) -> list[ast.FunctionDef]:
    def is_work(decorator: ast.expr) -> bool:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        return isinstance(target, ast.Name) and target.id == "work"

    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and any(is_work(decorator) for decorator in node.decorator_list)
    ]


def test_no_worker_looks_at_which_screen_is_on_top() -> None:
    # A worker's answer belongs to the screen that started it: one that asked the app which screen
    # was on top (``self.screen``) answered whatever screen that was by the time it looked.
    root = Path(__file__).parent.parent / "screens"
    found = []
    for path in sorted(root.rglob("*.py")):
        for worker in _workers(ast.parse(path.read_text(encoding="utf-8"))):
            looks = [n for n in ast.walk(worker) if isinstance(n, ast.Attribute) and n.attr == "screen"]
            found += [f"{path.name}:{n.lineno} in {worker.name}" for n in looks]
    assert found == []
    assert len([w for p in root.rglob("*.py") for w in _workers(ast.parse(p.read_text(encoding="utf-8")))]) >= 8
