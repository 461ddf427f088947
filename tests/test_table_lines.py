"""A step table and the step list draw again only the lines that changed (issue 18, typing).

Textual keys a table's drawn lines on a counter every edit bumps and on its focus state: after a
note added or ctrl+l, every line in sight was drawn again, cells and all. The step table keeps
each line under what it is drawn from; these tests count what is drawn, and check that what is
kept is always what a table drawn from nothing shows.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

from screens.lists import Options
from screens.steps.table import StepTable
from tests.apphelpers import type_text
from tests.test_meeting_screen import Host
from tests.test_typing_path import LONG, session_with_notes, worked_table, worked_table_after_a_note


def count_row_lines(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each line of a row built afresh (Textual's own cache missed, or ours did)."""
    built: list[int] = []
    original = DataTable._render_line_in_row

    def counted(self: DataTable[Any], *args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DataTable, "_render_line_in_row", counted)
    return built


def drawn(table: StepTable) -> list[list[tuple[str, object]]]:
    lines: list[Strip] = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return [[(segment.text, segment.style) for segment in strip] for strip in lines]


def drawn_afresh(table: StepTable) -> list[list[tuple[str, object]]]:
    table._clear_caches()  # Textual's caches and ours: every line drawn from its cells again
    return drawn(table)


async def test_ctrl_l_to_the_table_and_back_draws_only_the_cursor_rows_lines_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = session_with_notes(60)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        table = await worked_table_after_a_note(pilot)
        assert table.size.height >= 15
        built = count_row_lines(monkeypatch)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert table.has_focus
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not table.has_focus
        cursor_row = table.ordered_rows[table.cursor_row]
        # The cursor row shows focus, twice; and the header. Not every line in sight, twice.
        assert len(built) <= 2 * (cursor_row.height + 1) < table.size.height


async def test_a_note_added_draws_only_its_own_lines_and_the_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    session = session_with_notes(60)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        table = await worked_table_after_a_note(pilot)
        built = count_row_lines(monkeypatch)
        await type_text(pilot, "The poster went up on time")
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_count == 64
        assert 0 < len(built) <= 6 < table.size.height  # the new row, the row the cursor left, the header


async def test_what_the_table_keeps_is_what_a_table_drawn_afresh_shows() -> None:
    session = session_with_notes(40)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        table = await worked_table(pilot)

        async def same_as_afresh(what: str) -> None:
            await pilot.pause()
            kept = drawn(table)
            assert kept == drawn_afresh(table), what

        await same_as_afresh("first shown")
        await type_text(pilot, "A note [/b] with [red]markup-like[/red] text")
        await pilot.press("enter")
        await same_as_afresh("a note added")
        note = session.meeting.notes[-1]
        session.notes.edit(note.id, text=LONG)
        await same_as_afresh("a note made longer, so taller")
        session.notes.toggle_kind(note.id)
        await same_as_afresh("a note's mark changed in place")
        await pilot.press("ctrl+l")
        await same_as_afresh("the table focused")
        await pilot.press("up", "up")
        await same_as_afresh("the cursor moved up")
        await pilot.press("home")
        await same_as_afresh("scrolled to the top")
        await pilot.press("ctrl+l")
        await same_as_afresh("focus back in the form")
        pilot.app.theme = "textual-light"
        await same_as_afresh("another theme")
        await pilot.resize_terminal(70, 24)
        await same_as_afresh("a narrower window")


async def test_a_step_move_redraws_only_the_step_lists_two_changed_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    session = session_with_notes(20)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        steps = pilot.app.screen.query_one("#step-list", Options)
        assert steps.size.height >= 10
        drawn_lines: list[int] = []
        original = Options.render_line

        def counted(self: Options, y: int) -> Strip:
            if self is steps:
                drawn_lines.append(y)
            return original(self, y)

        monkeypatch.setattr(Options, "render_line", counted)
        highlighted = steps.highlighted
        await pilot.press("f4")
        await pilot.pause()
        assert steps.highlighted != highlighted
        assert 0 < len(drawn_lines) <= 4 < steps.size.height  # the line left, the line reached
        monkeypatch.undo()
        assert [list(strip) for strip in steps.render_lines(steps.size.region)] == [
            list(strip) for strip in _afresh(steps)
        ]


def _afresh(options: Options) -> list[Strip]:
    options._clear_caches()
    options._styles_cache.clear()
    return options.render_lines(options.size.region)


async def test_a_note_added_at_the_end_is_drawn_in_one_frame_already_scrolled_into_sight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual scrolls a table to a row it has not measured yet only after the next frame: every
    note added drew the table twice, the second frame holding up the next key."""
    from textual.screen import Screen

    session = session_with_notes(60)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        table = await worked_table_after_a_note(pilot)
        assert table.scroll_y == table.max_scroll_y > 0
        frames: list[tuple[int, float, float]] = []  # (lines drawn so far, scroll, furthest scroll)
        original = Screen._compositor_refresh

        def frame(screen: Screen[object]) -> None:
            original(screen)
            frames.append((table.lines_rendered, table.scroll_y, table.max_scroll_y))

        monkeypatch.setattr(Screen, "_compositor_refresh", frame)
        await type_text(pilot, "The room was free")
        before = table.lines_rendered
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        drawing_the_table = [scroll for lines, scroll, _ in frames if lines > before]
        assert drawing_the_table == [table.max_scroll_y]  # once, already at its end
        assert table.cursor_row == table.row_count - 1
