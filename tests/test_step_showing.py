"""Showing a step costs little on the event loop: a hidden step's rows, and the cells of those in
sight, are laid out ahead in slices; a step shown before that adds the rows in sight at once and the
rest in slices; the Close step's minutes preview is one widget, drawn in a thread only while the
step is in sight and only when the minutes changed.

Textual's ``Markdown`` widget, which the preview was, mounted a widget a paragraph or bullet
(about 440 for a meeting of 200 notes), in batches that each laid the screen out, and went on
after the step was left.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.pilot import Pilot

from facilitator.session import Session
from screens.keybar import KeyBar
from screens.steps.base import SHOWN_AT_ONCE, StepPane
from screens.steps.preview import MinutesPreview
from screens.steps.table import StepTable
from tests.apphelpers import wait_for_workers, wait_until
from tests.test_meeting_screen import Host, review_session

MARKUP = "[red]alarm[/red] and [/b] stay as typed"


def with_worked_notes(count: int, *, long: bool = False) -> Session:
    """A review with ``count`` notes on What worked (``long``: notes that wrap to two lines in its table)."""
    session = review_session()
    more = " and used the computers" if long else ""
    for number in range(count):
        session.notes.add(f"Note {number}: the bike group came early{more}", step="worked")
    return session


def preview_of(pilot: Pilot) -> MinutesPreview:
    return pilot.app.screen.query_one("#pane-close #minutes-preview", MinutesPreview)


def shown_text(preview: MinutesPreview) -> str:
    """The preview's lines as drawn on screen."""
    return "\n".join(preview.render_line(y).text.rstrip() for y in range(preview.size.height))


async def test_the_close_preview_is_one_widget_whatever_the_meeting_holds() -> None:
    session = with_worked_notes(60)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f7")
        preview = preview_of(pilot)
        await wait_until(pilot, lambda: "Note 59" in preview.source, "the preview drawn")
        await pilot.pause()
        assert not preview.children  # one widget: nothing mounted per paragraph or bullet
        assert "Note 59: the bike group came early" in "\n".join(line.text for line in preview._lines)


async def test_user_text_in_the_preview_is_never_read_as_markup() -> None:
    session = review_session()
    session.notes.add(MARKUP, step="worked")
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f7")
        preview = preview_of(pilot)
        await wait_until(pilot, lambda: "alarm" in preview.source, "the preview drawn")
        await pilot.pause()
        preview.scroll_visible(animate=False)
        assert MARKUP in "\n".join(line.text for line in preview._lines)
        assert MARKUP in shown_text(preview)


async def test_the_preview_is_drawn_only_while_in_sight_and_only_when_the_minutes_changed() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        preview = preview_of(pilot)
        await pilot.press("f3")
        await pilot.press(*"the art room is free on Fridays", "enter")
        await wait_for_workers(pilot)
        assert preview.draws == 0  # typed on another step: the hidden preview is left alone

        await pilot.press("f7")
        await wait_until(pilot, lambda: "art room" in preview.source, "the preview drawn on showing the step")
        await wait_for_workers(pilot)  # drawn again if a scroll bar came and took two columns
        drawn = preview.draws
        assert 1 <= drawn <= 2

        await pilot.press("f3", "f7")  # away and back, nothing changed: the lines shown stand
        await wait_for_workers(pilot)
        assert preview.draws == drawn

        session.notes.add("a second note, added while the step is in sight", step="worked")
        await wait_until(pilot, lambda: preview.draws > drawn, "the preview drawn again after an edit")
        assert "a second note, added while the step is in sight" in preview.source


async def test_hidden_steps_are_laid_out_ahead_and_showing_one_builds_no_rows() -> None:
    session = with_worked_notes(80, long=True)
    # Wide enough that the clock line names either step on one line and the key bar fits either
    # step's keys on one row: a second line of either is a layout more.
    async with Host(session).run_test(size=(200, 30)) as pilot:
        screen = pilot.app.screen
        hidden = len(session.steps) - 1
        await wait_until(pilot, lambda: len(screen._laid_out_ahead) == hidden, "the hidden panes laid out ahead")
        pane = screen.query_one("#pane-worked", StepPane)
        table = pane.table
        assert table.row_count == 80
        added: list[object] = []
        layouts: list[object] = []
        table.add_row = lambda *cells, **how: added.append(cells)  # type: ignore[method-assign]
        table.clear = lambda *args, **kwargs: added.append("cleared")  # type: ignore[method-assign]
        lay_out = screen._refresh_layout
        screen._refresh_layout = lambda *args, **kwargs: (layouts.append(args), lay_out(*args, **kwargs))  # type: ignore[method-assign]
        await pilot.press("f3")
        await pilot.pause(0.3)
        assert session.step.key == "worked"
        assert added == []  # the rows were in place, wrapped at the width the table has
        # The pane made visible, Textual's own pass for the sizes that changed, and one for the scroll
        # bars of a table and a box shown for the first time; before, the clock line's new words asked
        # for one more (a line of the same height only repaints now).
        # One more was seen once in CI on a loaded machine (the 0.3 s can take in the clock's tick or a
        # slice of laying out ahead); before, a move built every row and laid out far more.
        assert len(layouts) <= 4
        assert table.row_count == 80


async def test_minutes_that_cannot_be_written_are_said_so_in_the_preview() -> None:
    def broken() -> str:
        raise ValueError("year 10000 is out of range [red]")

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield MinutesPreview(broken)

    async with One().run_test(size=(80, 10)) as pilot:
        preview = pilot.app.query_one(MinutesPreview)
        preview.update_minutes()
        await wait_until(pilot, lambda: preview.draws == 1, "the preview drawn")
        assert shown_text(preview).startswith("The minutes so far could not be drawn: year 10000 is out of range [red]")


async def test_a_step_laid_out_ahead_in_many_slices_builds_its_rows_once() -> None:
    session = with_worked_notes(300)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        pane = screen.query_one("#pane-worked", StepPane)
        builds: list[int] = []
        build = pane._build_rows
        pane._build_rows = lambda: (builds.append(1), build())[1]  # type: ignore[method-assign]
        hidden = len(session.steps) - 1
        await wait_until(pilot, lambda: len(screen._laid_out_ahead) == hidden, "the hidden panes laid out ahead")
        assert pane.table.row_count == 300  # twelve slices of 25 rows
        # Built at every slice, the rows of a step of n notes were built n/25 times over (quadratic).
        assert len(builds) <= 2

        await pilot.press("f3")
        await pilot.press(*"one more", "enter")
        await wait_until(pilot, lambda: pane.table.row_count == 301, "the note added")
        assert [key for key, _ in pane._shown] == [key for key, _ in pane._build_rows()]


async def test_a_step_shown_after_it_was_laid_out_ahead_renders_no_cell_in_its_first_frame() -> None:
    """The cells in sight are rendered ahead with the rows: about half of a step's first frame was
    rendering every cell in sight."""
    session = with_worked_notes(120, long=True)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        hidden = len(session.steps) - 1
        await wait_until(pilot, lambda: len(screen._laid_out_ahead) == hidden, "the hidden panes laid out ahead")
        table = screen.query_one("#pane-worked", StepPane).table
        assert isinstance(table, StepTable)
        rendered = table.cells_rendered
        assert rendered > 0  # rendered ahead, while hidden
        await pilot.press("f3")
        await pilot.pause()
        await pilot.pause()
        assert table.size.height > 10 and table.lines_rendered > 0  # shown and drawn
        assert table.cells_rendered == rendered


async def test_a_step_shown_before_it_was_laid_out_ahead_shows_the_rows_in_sight_then_fills_in() -> None:
    """Shown early (F3 at once after opening), the step added every row at once, measured them all
    and drew twice; it adds a window's worth, and the rest in slices behind."""
    session = with_worked_notes(200)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        screen._ahead.stop()  # nothing laid out ahead: as if F3 came first
        pane = screen.query_one("#pane-worked", StepPane)
        assert pane.table.row_count + SHOWN_AT_ONCE < 200  # a slice or so laid out, at most
        batches: list[int] = []
        add_rows = pane._add_rows
        pane._add_rows = lambda rows, **how: (batches.append(len(rows)), add_rows(rows, **how))  # type: ignore[method-assign]
        await pilot.press("f3")
        await wait_until(pilot, lambda: pane.table.row_count == 200, "the rest of the rows filled in")
        assert batches[0] == SHOWN_AT_ONCE and len(batches) > 1
        assert max(batches) <= SHOWN_AT_ONCE
        assert [key for key, _ in pane._shown] == [key for key, _ in pane._build_rows()]


async def test_a_note_added_while_a_step_fills_in_lands_after_every_earlier_row() -> None:
    session = with_worked_notes(200)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        screen._ahead.stop()
        pane = screen.query_one("#pane-worked", StepPane)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*"one more", "enter")
        await wait_until(pilot, lambda: len(session.meeting.notes) == 201, "the note added")
        await pilot.pause()
        assert pane.table.row_count == 201
        keys = [key for key, _ in pane._shown]
        assert keys == [key for key, _ in pane._build_rows()]
        assert pane.table.cursor_row == 200  # on the note just added, at the end


async def test_a_move_to_a_step_whose_keys_take_other_rows_lays_the_key_bar_out_with_the_step() -> None:
    """The key bar fitted the new step's keys only once the move was drawn: its change of height laid
    the screen out a second time, every widget above it had moved, and all of the step was drawn again."""
    async with Host(review_session()).run_test(size=(60, 30)) as pilot:
        screen = pilot.app.screen
        bar = screen.query_one(KeyBar)
        rows_laid_out: list[int] = []
        lay_out = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            rows_laid_out.append(bar._rows)
            lay_out(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        await pilot.press("f3")
        await pilot.pause(0.2)
        for key in ("f6", "f3"):
            rows_before = bar._rows
            rows_laid_out.clear()
            await pilot.press(key)
            await pilot.pause(0.2)
            assert bar._rows != rows_before  # at this width the two steps' keys take other rows
            assert rows_laid_out and set(rows_laid_out) == {bar._rows}, key
