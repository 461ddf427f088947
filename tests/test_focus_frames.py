"""The keys typed after a "heavy" key stay quick: what such a key redraws is what it changed (issue 18, typing).

A move of focus (ctrl+l to the table and back, Enter from field to field, a step move), a mark
changed with ctrl+t, a due date's hint as it is typed: each one laid the whole meeting screen out,
or repainted every line of it and of the step list, a frame of 30-100 ms that the next key waited for.
These count what each of them lays out and redraws.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from rich.cells import cell_len
from textual._styles_cache import StylesCache
from textual.widget import Widget
from textual.widgets import Static

from facilitator.session import Session
from screens.entry import Entry
from screens.keybar import KeyBar
from screens.meeting import MeetingScreen
from screens.steps.base import StepPane
from tests.apphelpers import type_text
from tests.test_capture import planning
from tests.test_meeting_screen import NOW, Host
from tests.test_snapshots_kinds import planning_meeting
from tests.test_typing_path import count_layouts, session_with_notes


def count_lines(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Lines rendered afresh from now on, by widget (``MeetingScreen``, ``#step-list``, ``KeyBar``...)."""
    rendered: Counter[str] = Counter()
    drawing: list[Widget] = []
    render_widget, render_line = StylesCache.render_widget, StylesCache.render_line

    def widget_drawn(self: StylesCache, widget: Widget, *args: Any, **kwargs: Any) -> Any:
        drawing.append(widget)
        try:
            return render_widget(self, widget, *args, **kwargs)
        finally:
            drawing.pop()

    def line_drawn(self: StylesCache, *args: Any, **kwargs: Any) -> Any:
        if drawing:
            widget = drawing[-1]
            rendered[f"#{widget.id}" if widget.id else type(widget).__name__] += 1
        return render_line(self, *args, **kwargs)

    monkeypatch.setattr(StylesCache, "render_widget", widget_drawn)
    monkeypatch.setattr(StylesCache, "render_line", line_drawn)
    return rendered


async def test_a_move_of_focus_redraws_neither_the_screen_nor_the_step_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's screen repainted itself whole at each move of focus: its 30 lines and the step list's 27."""
    session = session_with_notes(40)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("ctrl+l", "ctrl+l")  # the key bar takes the rows both need
        await pilot.pause()
        await pilot.pause()
        rendered = count_lines(monkeypatch)
        form = pilot.app.focused
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert pilot.app.focused is pilot.app.screen.query_one("#pane-worked", StepPane).table
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.focused is form
        assert rendered["MeetingScreen"] == 0 and rendered["#step-list"] == 0, rendered
        assert rendered  # the table and the box did redraw, with and without the focus


async def test_moving_focus_between_the_table_and_the_form_lays_nothing_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table's keys took another row of the key bar than the form's: each ctrl+l laid the screen out."""
    session = session_with_notes(40)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        bar = pilot.app.screen.query_one(KeyBar)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        table_rows = bar._rows
        laid_out = count_layouts(monkeypatch, pilot.app.screen)
        for _ in range(2):
            await pilot.press("ctrl+l")
            await pilot.pause()
            await pilot.pause()
        assert laid_out == []
        assert bar.size.height == bar._rows >= table_rows  # every key still shows
        drawn_rows = {key.row for key in bar.keys}
        assert drawn_rows == set(range(len(drawn_rows)))


async def test_the_key_bar_gives_back_a_row_when_the_width_changes() -> None:
    """The rows kept are the most needed at one width: at another, the bar takes what its keys need."""
    session = session_with_notes(0)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("ctrl+l", "ctrl+l")
        await pilot.pause()
        await pilot.pause()
        bar = pilot.app.screen.query_one(KeyBar)
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        await pilot.pause()
        assert bar._rows == max(key.row for key in bar.keys) + 1


async def test_ctrl_t_repaints_the_mark_and_lays_nothing_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mark ("✓ worked", "✗ did not") was as wide as its text: each ctrl+t laid the screen out."""
    session = session_with_notes(40)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.pause()
        mark = pilot.app.screen.query_one("#pane-worked .note-mark", Static)
        laid_out = count_layouts(monkeypatch, pilot.app.screen)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert str(mark.render()).strip() == "✗ did not"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert str(mark.render()).strip() == "✓ worked"
        assert laid_out == []


def tagged_planning() -> Session:
    return Session(planning(), now=lambda: NOW)  # its "Who brings what" a notes step of five tags


def planning_part_way() -> Session:
    return Session(planning_meeting(), now=lambda: NOW)  # offers (kinds) and questions / risks


MEETINGS = [lambda: session_with_notes(3), tagged_planning, planning_part_way]
MEETING_IDS = ["review", "tagged-planning", "planning"]


@pytest.mark.parametrize("make", MEETINGS, ids=MEETING_IDS)
async def test_every_ctrl_t_mark_shows_whole_and_lays_nothing_out(
    monkeypatch: pytest.MonkeyPatch, make: Callable[[], Session]
) -> None:
    """Each pane's mark box (worked / did not, a tag, an offer's kind, question / risk) is as wide as
    its widest mark: going through them all with ctrl+t shows each whole, and lays nothing out."""
    session = make()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        boxes = 0
        for number, step in enumerate(session.steps, start=1):
            await pilot.press(f"f{number + 1}")
            await pilot.pause()
            await pilot.pause()
            mark = next(iter(screen.current_pane.query(".note-mark, .offer-kind, .risk-kind").results(Static)), None)
            if mark is None or not str(mark.render()):
                continue  # no mark on this step (a notes step without tags shows none)
            boxes += 1
            laid_out = count_layouts(monkeypatch, screen)
            seen = set()
            for _ in range(8):  # more than any pane has marks: round to the first again
                await pilot.press("ctrl+t")
                await pilot.pause()
                shown = str(mark.render())
                assert cell_len(shown) <= mark.content_region.width, (step.key, shown)
                seen.add(shown)
            assert laid_out == [], step.key
            assert len(seen) >= 2, (step.key, seen)
        assert boxes >= 1


async def test_a_due_dates_hint_of_as_many_lines_is_repainted_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hint under the due date changes as the date is typed, and each change laid the screen out;
    one that needs more lines still does, one that needs fewer keeps the room it has."""
    session = session_with_notes(0)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await type_text(pilot, "Book the art room")
        await pilot.press("enter")
        await type_text(pilot, "Denise")
        await pilot.press("enter")
        await type_text(pilot, "fri")
        await pilot.pause()
        hint = pilot.app.screen.query_one("#action-due-hint", Static)
        due = pilot.app.screen.query_one("#action-due", Entry)
        assert str(hint.render()).startswith("Due Fri")
        laid_out = count_layouts(monkeypatch, pilot.app.screen)
        due.text = "mon"
        await pilot.pause()
        await pilot.pause()
        assert str(hint.render()).startswith("Due Mon")
        assert laid_out == []
        due.text = "not a day at all"  # a longer hint, on two lines: laid out, and shown whole
        await pilot.pause()
        await pilot.pause()
        assert laid_out and hint.size.height == 2
        assert "kept as words" in str(hint.render())
        laid_out.clear()
        due.text = "tue"  # one line: it keeps its two until the next layout, rather than lay out again
        await pilot.pause()
        await pilot.pause()
        assert str(hint.render()).startswith("Due Tue")
        assert laid_out == []


@pytest.mark.parametrize("make", MEETINGS, ids=MEETING_IDS)
async def test_redrawing_a_pane_that_changed_nothing_lays_nothing_out(
    monkeypatch: pytest.MonkeyPatch, make: Callable[[], Session]
) -> None:
    """Every pane redraws after every edit: a hint or mark updated to the text it had laid the screen out."""
    session = make()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        for number, step in enumerate(session.steps, start=1):
            await pilot.press(f"f{number + 1}")
            await pilot.pause()
            await pilot.pause()
            laid_out = count_layouts(monkeypatch, screen)
            screen.current_pane.refresh_view()
            await pilot.pause()
            await pilot.pause()
            assert laid_out == [], step.key


async def test_a_step_move_redraws_only_the_step_lists_lines_that_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The step list's highlight moved by setting it, which repainted all its lines at every step move."""
    session: Session = session_with_notes(3)
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.pause()
        rendered = count_lines(monkeypatch)
        await pilot.press("f6")
        await pilot.pause()
        await pilot.pause()
        steps = pilot.app.screen.query_one("#step-list")
        assert session.step.key == "actions"
        assert steps.highlighted == [step.key for step in session.steps].index("actions")
        assert 2 <= rendered["#step-list"] <= 4, rendered  # the line left, the line reached, a count or two


async def test_a_move_to_another_step_gives_back_a_row_the_keys_no_longer_need() -> None:
    """The bar keeps a spare row between moves of focus, but not for good: a step move fits it to its keys."""
    session = session_with_notes(3)
    async with Host(session).run_test(size=(60, 20)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        bar = pilot.app.screen.query_one(KeyBar)
        form_rows = bar._rows_needed
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        table_rows = bar._rows_needed
        assert table_rows > form_rows  # the table's keys need a row more here
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        assert bar._rows == table_rows  # kept: no layout for the move back
        await pilot.press("f6")
        await pilot.pause()
        await pilot.pause()
        assert bar._rows == bar._rows_needed == max(key.row for key in bar.keys) + 1
        assert bar.size.height == bar._rows
