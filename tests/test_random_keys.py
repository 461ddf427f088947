"""Every screen survives random keys: a seeded run through the whole app, and one small test per crash it found.

``FACILITATOR_RANDOM_KEYS`` sets how many keys the run sends (default 360: one round of 30 from each
of the twelve start screens);
``FACILITATOR_RANDOM_SEED`` replays a run. On a crash the test prints the seed, the round,
the screen it started from and the last keys pressed.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList

from screens.history import HistoryScreen
from screens.lists import Options
from screens.meeting import MeetingScreen
from tests.apphelpers import make_app, running, send, type_text, wait_for_store, wait_for_workers
from tests.randomkeys import minutes_for_random_keys, random_keys

KEYS = int(os.environ.get("FACILITATOR_RANDOM_KEYS", "360"))
SEED = int(os.environ.get("FACILITATOR_RANDOM_SEED", "2026"))


async def test_no_screen_crashes_on_random_keys(tmp_path: Path) -> None:
    outcome = await random_keys(tmp_path, total=KEYS, seed=SEED, per_round=30)
    assert not outcome.crashes, "\n\n".join(str(crash) for crash in outcome.crashes)
    assert outcome.keys >= KEYS // 2, f"only {outcome.keys} of {KEYS} keys were sent: rounds ended early"


# --- what the random keys found, one test each ------------------------------------------------


@pytest.mark.parametrize("key", ["up", "pagedown"])
async def test_moving_in_an_empty_history_result_does_not_crash(tmp_path: Path, key: str) -> None:
    app = make_app(minutes_for_random_keys(tmp_path))
    async with app.run_test() as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await wait_for_workers(pilot)
        await type_text(pilot, "zzzqqq")  # nothing matches
        await pilot.pause()
        await wait_for_workers(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#history-table", DataTable).row_count == 0
        await pilot.press("enter", key)  # Enter in the box moves to the empty table
        await wait_for_workers(pilot)
        assert running(app)
        assert isinstance(app.screen, HistoryScreen)


@pytest.mark.parametrize("key", ["pageup", "pagedown"])
async def test_paging_the_command_palette_before_it_is_drawn_does_not_crash(tmp_path: Path, key: str) -> None:
    app = make_app(minutes_for_random_keys(tmp_path))
    async with app.run_test() as pilot:
        await wait_for_store(pilot)
        await send(pilot, ["ctrl+p", key])  # as fast as a typist: the list has no lines yet
        await pilot.pause()
        assert running(app)
        assert CommandPalette.is_open(app)
        await pilot.press("escape")
        assert not CommandPalette.is_open(app)


@pytest.mark.parametrize("keys", [["escape", "escape"], ["escape", "f1"], ["escape", "ctrl+p"]])
async def test_keys_pressed_while_a_meeting_is_being_left_do_not_crash(tmp_path: Path, keys: list[str]) -> None:
    """Esc saves before it leaves; the keys typed meanwhile must neither crash nor strand the meeting screen."""
    app = make_app(minutes_for_random_keys(tmp_path))
    async with app.run_test() as pilot:
        await wait_for_store(pilot)
        await pilot.press("r")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, MeetingScreen)
        await send(pilot, keys)
        await wait_for_workers(pilot)
        await pilot.pause()
        assert running(app)
        # Left, or (help or the palette came first) still there, saving: never a meeting screen without
        # its session, nor a session without its screen.
        on_screen = any(isinstance(screen, MeetingScreen) for screen in app.screen_stack)
        assert on_screen == (app.session is not None) == (app.autosaver is not None), app.screen_stack
        if keys[1] == "escape":
            assert not on_screen


class ListWithNoRoom(App[None]):
    """One option list, given no height: it has options but no laid-out lines to page through."""

    CSS = "OptionList { height: 0; }"

    def __init__(self, kind: type[OptionList]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield self.kind(*(f"option {n}" for n in range(8)))


@pytest.mark.parametrize("key", ["pageup", "pagedown"])
async def test_paging_a_list_before_it_is_laid_out_does_nothing(key: str) -> None:
    app = ListWithNoRoom(Options)
    async with app.run_test() as pilot:
        options = app.query_one(Options)
        options.focus()
        options.highlighted = 4
        await pilot.press(key)
        assert running(app) and options.highlighted == 4


async def test_keys_typed_after_a_quit_do_not_keep_the_run_waiting(tmp_path: Path) -> None:
    """The command palette's Quit, then more keys in the same burst: the app stops and holds the keys
    behind it for good, and the helper that waits for held keys must stop waiting too (it waited its
    full two minutes, and a long random-keys run spent most of its time there)."""
    app = make_app(minutes_for_random_keys(tmp_path))
    async with app.run_test() as pilot:
        await wait_for_store(pilot)
        await asyncio.wait_for(send(pilot, ["ctrl+p", "q", "u", "i", "t", "enter", "f5", "tab", "5"]), 10)
        assert not running(app)
