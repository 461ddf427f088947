"""What an edit does on the event loop stays small, however big the meeting (issue 18, typing).

An edit copies only what it touches (never the whole meeting), a table redraws only the rows an
edit touched, the step list only the line whose count changed, and the key bar is not rebuilt
when focus moves between fields that offer the same keys.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.data_table import RowKey

from facilitator.model import Meeting, NoteKind
from facilitator.session import Session
from screens.keybar import KeyBar
from screens.meeting import show_in_place
from screens.steps.base import StepPane
from screens.steps.table import StepTable
from tests.apphelpers import type_text
from tests.conftest import review_meeting
from tests.test_meeting_screen import NOW, Host

LONG = "The bike group arrived early, used the computers and stayed to tidy up afterwards " * 3


def session_with_notes(count: int) -> Session:
    session = Session(review_meeting(), now=lambda: NOW)
    for number in range(count):
        session.notes.add(f"Earlier note {number}", step="worked")
    return session


async def worked_table(pilot: Any) -> StepTable:
    """The What worked step shown (F3): its table, drawn."""
    await pilot.press("f3")
    await pilot.pause()
    return pilot.app.screen.query_one("#pane-worked .step-table", StepTable)


async def worked_table_after_a_note(pilot: Any) -> StepTable:
    """On the What worked step, one note typed and added: its table, drawn and scrolled to its end."""
    table = await worked_table(pilot)
    await type_text(pilot, "The poster went up late")
    await pilot.press("enter")
    await pilot.pause()
    return table


def typing_a_meeting(session: Session) -> None:
    """The edits of a stretch of typing, each undone and redone as a facilitator might."""
    note = session.notes.add("The poster went up on time", step="worked")
    session.notes.edit(note.id, text="The poster went up a day early")
    session.notes.toggle_kind(note.id)
    action = session.actions.add("Book the art room", "Denise Godfrey")
    session.actions.cycle_status(action.id)
    session.undo()
    session.redo()


def deep_copies(monkeypatch: pytest.MonkeyPatch, work: Callable[[], None]) -> list[object]:
    """Every object ``copy.deepcopy`` was asked to copy (at any depth) while ``work`` ran."""
    copied: list[object] = []
    original = copy.deepcopy

    def counting(thing: Any, memo: dict[int, Any] | None = None, _nil: list[Any] = []) -> Any:  # noqa: B006
        copied.append(thing)
        return original(thing, memo, _nil)

    monkeypatch.setattr(copy, "deepcopy", counting)
    work()
    monkeypatch.setattr(copy, "deepcopy", original)
    return copied


def test_an_edit_copies_no_meeting_and_no_more_for_a_bigger_meeting(monkeypatch: pytest.MonkeyPatch) -> None:
    small, big = session_with_notes(10), session_with_notes(400)
    copied_small = deep_copies(monkeypatch, lambda: typing_a_meeting(small))
    copied_big = deep_copies(monkeypatch, lambda: typing_a_meeting(big))
    assert not [thing for thing in copied_big if isinstance(thing, Meeting)]
    # What an edit copies for undo is what it touched: the same, with 10 notes or 400.
    assert len(copied_big) == len(copied_small)
    assert big.meeting.notes[-1].kind is NoteKind.DID_NOT_WORK  # the edits themselves took


def test_undo_keeps_a_list_as_pointers_not_copies_of_its_notes() -> None:
    """Adding a note keeps the list as it was (a pointer a note), never copies of the notes."""
    session = session_with_notes(300)
    before = list(session.meeting.notes)
    session.notes.add("One more", step="worked")
    [(_label, change)] = session.history._undo[-1:]
    [part] = change._lists.values()
    assert all(kept is live for kept, live in zip(part.kept, before, strict=True))


async def test_adding_a_note_renders_only_the_cells_it_touched() -> None:
    session = session_with_notes(60)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        table = await worked_table(pilot)
        shown_cells = table.size.height * len(table.columns)  # at least this many cells in sight
        await type_text(pilot, "The poster went up late")  # the table is drawn, scrolled to its end
        await pilot.press("enter")
        await pilot.pause()
        before = table.cells_rendered
        await type_text(pilot, "The poster went up on time")
        await pilot.press("enter")
        await pilot.pause()
        assert session.meeting.notes[-1].text == "The poster went up on time"
        assert table.row_count == len(session.notes.on("worked")) == 64  # the review's two, 60, two new
        # The new row, and the rows whose cursor highlight moved: not every row in sight again.
        assert table.cells_rendered - before <= 3 * len(table.columns) < shown_cells


async def test_a_note_changed_in_place_is_redrawn_in_place_at_its_new_height() -> None:
    session = session_with_notes(30)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        pane = pilot.app.screen.query_one("#pane-worked", StepPane)
        table = pane.table
        note = session.meeting.notes[3]
        rebuilt: list[bool] = []
        original_clear = table.clear

        def clear(columns: bool = False) -> StepTable:
            rebuilt.append(True)
            return original_clear(columns)

        table.clear = clear  # type: ignore[method-assign]
        height = table.rows[RowKey(note.id)].height
        session.notes.edit(note.id, text=LONG)
        await pilot.pause()
        assert table.rows[RowKey(note.id)].height > height  # measured again: the whole note can be read
        assert LONG.split()[0] in table.get_row(note.id)[-1].plain
        session.notes.toggle_kind(note.id)
        await pilot.pause()
        assert "did not" in table.get_row(note.id)[0].plain
        assert rebuilt == []  # neither edit rebuilt the table
        assert table.row_count == 32


async def test_the_step_list_shows_a_steps_new_count_after_a_note() -> None:
    session = session_with_notes(4)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        steps = pilot.app.screen.query_one("#step-list", OptionList)
        index = [step.key for step in session.steps].index("worked")
        await type_text(pilot, "A seventh")  # after the review's two and these four
        await pilot.press("enter")
        await pilot.pause()
        assert len(session.notes.on("worked")) == 7
        drawn = steps.render_line(index - int(steps.scroll_offset.y)).text
        assert drawn.rstrip().endswith("What worked  7"), drawn


async def test_the_key_bar_is_redrawn_only_when_its_keys_change() -> None:
    """Moves of focus along a form keep the same keys: the bar is not redrawn, and never mounts a widget a key."""
    session = session_with_notes(0)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")  # Actions: text, Enter, owner, Enter, due, Enter
        await pilot.pause()
        bar = pilot.app.screen.query_one(KeyBar)
        redrawn: list[int] = []
        original = bar.refresh

        def counted(*regions: Any, **flags: Any) -> KeyBar:
            redrawn.append(1)
            return original(*regions, **flags)

        bar.refresh = counted  # type: ignore[method-assign]
        drawn = bar.keys
        await type_text(pilot, "Book the art room")
        await pilot.press("enter")
        await type_text(pilot, "Denise")
        await pilot.press("enter")
        await pilot.pause()
        assert bar.keys is drawn and redrawn == []
        await pilot.press("ctrl+l")  # the table: keys of its own, drawn in the same one widget
        await pilot.pause()
        shown = [(key.key, key.description, key.disabled) for key in bar.keys]
        meant = [(binding.key, binding.description, not on) for binding, on, _ in bar._shown()]
        assert shown == meant
        assert "Edit" in [description for _, description, _ in shown]  # one of the table's keys
        assert redrawn and not bar.children


async def test_moving_to_a_step_and_back_does_not_rebuild_its_table() -> None:
    """A hidden step's table waits to be shown: it was rebuilt twice at each move, measuring every wrapped row."""
    session = session_with_notes(40)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        table = await worked_table(pilot)
        rebuilt: list[int] = []
        original_clear = table.clear

        def clear(columns: bool = False) -> StepTable:
            rebuilt.append(table.size.width)
            return original_clear(columns)

        table.clear = clear  # type: ignore[method-assign]
        await pilot.press("f6")
        session.notes.add("Typed while on another step", step="worked")
        await pilot.press("f3")
        await pilot.pause()
        assert rebuilt == []
        assert table.row_count == 43  # the review's two, forty, and the one added meanwhile
        assert table.get_row_at(42)[-1].plain == "Typed while on another step"


async def test_a_character_typed_into_a_box_does_not_lay_the_screen_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's Input asked for a layout of the whole screen at every change of its text (its
    virtual size): on the meeting screen, most of what a key cost. Only the box is repainted now."""
    session = session_with_notes(40)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.pause()
        laid_out = count_layouts(monkeypatch, pilot.app.screen)
        box = pilot.app.focused
        await type_text(pilot, "the bike group came early")
        await pilot.pause()
        assert box is pilot.app.focused and getattr(box, "value", "") == "the bike group came early"
        assert laid_out == []


async def test_a_click_on_a_key_in_the_bar_presses_it() -> None:
    session = session_with_notes(0)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = pilot.app.screen.query_one(KeyBar)
        key = next(key for key in bar.keys if key.action.endswith("next_step"))
        before = session.step.key
        await pilot.click(KeyBar, offset=(key.start + 1, key.row))
        await pilot.pause()
        assert session.step.key != before
        assert not bar.children  # one widget draws every key


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
async def test_a_wrapped_rows_height_is_what_the_table_draws(size: tuple[int, int]) -> None:
    """Rows are given their height from their text (not left for the table to render every cell to
    measure): each must be as tall as its last cell wraps to, so no line of a note is cut off."""
    session = session_with_notes(0)
    for number in range(12):
        words = " ".join(["the bike group arrived early and used the computers"] * (number % 4 + 1))
        session.notes.add(f"{number} {words}", step="worked")
    async with Host(session).run_test(size=size) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.pause()
        table = pilot.app.screen.query_one("#pane-worked .step-table", StepTable)
        console = pilot.app.console
        heights = []
        for row_key, row in table.rows.items():
            drawn = [
                console.render_lines(text, console.options.update_width(width), pad=False)
                for text, width in zip(
                    table.get_row(row_key),
                    [column.get_render_width(table) - 2 * table.cell_padding for column in table.ordered_columns],
                    strict=True,
                )
            ]
            assert row.height == max(len(lines) for lines in drawn), (table.get_row(row_key)[-1].plain, row.height)
            heights.append(row.height)
        assert max(heights) > 1  # some notes did wrap


async def test_showing_a_step_renders_only_the_rows_in_sight(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first move to a step of 120 notes rendered every cell of every row to measure its height
    (about 0.3 s of the loop with 200 notes): now only the rows drawn are rendered."""
    rendered: list[int] = []
    original = StepTable._render_cell

    def counted(self: StepTable, *args: Any, **kwargs: Any) -> Any:
        rendered.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(StepTable, "_render_cell", counted)
    session = session_with_notes(120)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        rendered.clear()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.pause()
        table = pilot.app.screen.query_one("#pane-worked .step-table", StepTable)
        assert table.row_count == 122
        assert len(rendered) < 3 * 40  # three columns, the rows in sight (not 122 rows)


def mutable_parts(value: object, seen: dict[int, object] | None = None) -> dict[int, object]:
    """Every list, dict and dataclass reachable from ``value``, by id."""
    seen = {} if seen is None else seen
    if id(value) in seen:
        return seen
    if isinstance(value, list | dict) or hasattr(value, "__dataclass_fields__"):
        seen[id(value)] = value
        inside = vars(value) if hasattr(value, "__dataclass_fields__") else value
        parts = inside.values() if isinstance(inside, dict) else inside
        for part in list(parts):
            mutable_parts(part, seen)
    return seen


def a_full_meeting() -> Session:
    session = session_with_notes(40)
    typing_a_meeting(session)
    session.decisions.add("Run the poster sessions after hours", "Everyone agreed")
    return session


def test_a_snapshot_is_the_meeting_and_shares_nothing_that_can_change_with_it() -> None:
    session = a_full_meeting()
    saved = session.snapshot()
    assert saved == session.meeting
    assert saved.notes == session.meeting.notes and saved.captures == session.meeting.captures
    live = mutable_parts(session.meeting)
    copied = mutable_parts(saved)
    assert len(copied) == len(live), "the copy has the meeting's shape"
    assert not live.keys() & copied.keys(), "a list, dict or item of the copy is the live meeting's own"
    session.notes.add("Typed after the save", step="worked")
    assert saved != session.meeting, "an edit after the snapshot does not reach it"


def test_a_snapshot_does_not_use_deepcopys_general_machinery(monkeypatch: pytest.MonkeyPatch) -> None:
    # The autosaver copies under the session's lock: an edit typed meanwhile waits for the copy.
    # copy.deepcopy took three times as long (10 ms for 400 notes, 22 ms for 1,000).
    session = a_full_meeting()
    assert deep_copies(monkeypatch, session.snapshot) == []


def count_layouts(monkeypatch: pytest.MonkeyPatch, screen: Any) -> list[int]:
    """A list that grows by one each time ``screen`` is laid out whole."""
    laid_out: list[int] = []
    original = type(screen)._refresh_layout

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        laid_out.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(type(screen), "_refresh_layout", counted)
    return laid_out


async def test_enter_lays_nothing_out_when_the_table_already_scrolls(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row added made the table taller inside, and Textual laid the whole screen out for it, then
    redrew every widget: most of an Enter's 40-80 ms. The table's place never depends on its rows."""
    session = session_with_notes(60)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        table = await worked_table_after_a_note(pilot)
        await pilot.pause()
        laid_out = count_layouts(monkeypatch, pilot.app.screen)
        for number in range(3):
            await type_text(pilot, f"The poster went up on time {number}")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
        assert session.meeting.notes[-1].text == "The poster went up on time 2"
        assert laid_out == []
        assert table.layouts_saved >= 3
        # What a layout would have set, set without one: the scrollbar's length, the new row in sight.
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == table.virtual_size.height
        assert table.scroll_y == table.max_scroll_y > 0
        last = table.rows[RowKey(session.meeting.notes[-1].id)]
        assert last.height >= 1


async def test_a_table_that_comes_to_scroll_is_laid_out_and_shows_its_last_row() -> None:
    session = session_with_notes(0)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        table = pilot.app.screen.query_one("#pane-worked .step-table", StepTable)
        number = 0
        while table.virtual_size.height <= table.size.height + 2:
            await type_text(pilot, f"A short note {number}")
            await pilot.press("enter")
            await pilot.pause()
            number += 1
            assert number < 40, "the table never filled"
        await pilot.pause()
        assert table.show_vertical_scrollbar, "the scrollbar came when the rows outgrew the table"
        assert table.scroll_y == table.max_scroll_y > 0


class Tips(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(Text("one line"), id="nudge")


async def test_a_tip_of_as_many_lines_repaints_only_its_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new tip after a note laid the whole screen out although it took the same room."""
    async with Tips().run_test(size=(40, 10)) as pilot:
        bar = pilot.app.query_one("#nudge", Static)
        await pilot.pause()
        laid_out = count_layouts(monkeypatch, pilot.app.screen)
        show_in_place(bar, Text("another line"), bar.content_region.width)
        await pilot.pause()
        assert laid_out == []
        assert bar.content_region.height == 1 and str(bar.content) == "another line"
        show_in_place(bar, Text("a tip long enough to need a second line here"), bar.content_region.width)
        await pilot.pause()
        assert laid_out, "a tip that takes more room lays the screen out"
        assert bar.content_region.height == 2
