"""The screens fit the terminal a user has, and say only what is true about the keys (issue 19).

A sweep over every screen at three sizes: each key the screen offers is on screen, whole. Help
lists only keys that can run; home's hint follows keymap.toml; one date form everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import HelpPanel, Static

from facilitator.tinydb_store import Store
from screens.app import FacilitatorApp
from screens.help import HelpScreen, key_rows, known_binding_ids
from screens.keybar import KeyBar, pack, shown_bindings
from screens.meeting import STEP_ALT_KEYS, STEP_ALT_SENT, STEP_KEYS
from screens.timefmt import day_text, stored_day_text
from tests.apphelpers import in_progress_meeting, make_app, store_demo, wait_for_store, wait_for_workers

SIZES = [(100, 30), (60, 20), (200, 50)]
SCREENS_DIR = Path(__file__).resolve().parent.parent / "screens"


async def settle(pilot: Pilot) -> None:
    await wait_for_workers(pilot)
    for _ in range(3):
        await pilot.pause()


def assert_every_key_in_view(app: FacilitatorApp) -> None:
    """Each key the screen's footer should offer is drawn, whole, inside the terminal."""
    screen = app.screen
    bar = screen.query_one(KeyBar)
    drawn = {key.action: key for key in bar.keys}
    wanted = {binding.action for binding, _enabled, _tip in shown_bindings(screen)}
    assert wanted <= set(drawn), f"not drawn: {wanted - set(drawn)}"
    width, height = app.size
    for action, key in drawn.items():
        region = Region(bar.region.x + key.start, bar.region.y + key.row, key.end - key.start, 1)
        assert region.width > 0 and region.right <= width and region.bottom <= height, f"{action} cut: {region}"
        assert bar.region.contains_region(region), f"{action} is past the key bar's last line: {region}"


async def go_to(pilot: Pilot, where: str) -> None:
    await wait_for_store(pilot)
    if where == "meeting":
        await pilot.press("r")
    elif where in ("history", "actions"):
        await pilot.press(where[0])
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("where", ["home", "meeting", "history", "actions"])
async def test_no_key_the_screen_offers_is_cut_off(db_path: Path, size: tuple[int, int], where: str) -> None:
    store_demo(db_path)
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, where)
        assert_every_key_in_view(app)
        if where == "meeting":  # the step panes offer their own keys: every step, each in view
            for key in STEP_KEYS[:6]:
                await pilot.press(key)
                await settle(pilot)
                assert_every_key_in_view(app)


def test_the_terminal_s_alt_digit_is_read_as_textual_reads_it() -> None:
    from textual._xterm_parser import XTermParser

    keys = [event.key for event in XTermParser().feed("\x1b3") if hasattr(event, "key")]
    keys += [event.key for event in XTermParser().feed("") if hasattr(event, "key")]
    assert STEP_ALT_SENT[2] in keys


def test_keys_go_onto_as_few_rows_as_fit() -> None:
    assert pack([10, 10, 10], 25) == [[0, 1], [2]]
    assert pack([30], 20) == [[0]]  # one key wider than the bar still gets a row of its own
    assert pack([], 20) == [[]]


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_clock_line_keeps_the_time_box_in_view(db_path: Path, size: tuple[int, int]) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, "meeting")
        clock = app.screen.query_one("#clock-text", Static)
        text = str(clock.render())
        assert "of 5:00" in text.replace("\n", " ")  # the agenda step's time box
        assert clock.region.right <= size[0] and "…" not in text


async def test_help_offers_only_the_steps_the_meeting_has_each_with_its_second_key(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "meeting")
        assert app.session is not None and len(app.session.steps) == 6
        rows = key_rows(app.screen)
        steps = {binding_id: (keys, what) for _where, keys, what, binding_id, _more in rows if "step_" in binding_id}
        assert sorted(steps) == [f"meeting.step_{number}" for number in range(1, 7)]
        assert steps["meeting.step_1"] == ("f2, alt+1", "Go to step 1: Agenda")
        assert steps["meeting.step_6"][0] == "f7, alt+6"
        assert not any(row[1] in ("f8", "f9", "f10") for row in rows)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")


@pytest.mark.parametrize("number", [1, 3, 6])
@pytest.mark.parametrize("sent", ["alt", "terminal"])
async def test_alt_and_a_digit_goes_to_that_step(db_path: Path, number: int, sent: str) -> None:
    """A terminal sends alt+3 as ESC 3, which Textual reads as "£" (pound_sign): both go to step 3.

    Outside a text field only: in one, "£" is a character typed (a Mac's option+3), so it stays text.
    """
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "meeting")
        assert app.session is not None
        if sent == "terminal":
            await pilot.press("ctrl+l")  # from the form to the step's table
        await pilot.press((STEP_ALT_KEYS if sent == "alt" else STEP_ALT_SENT)[number - 1])
        assert app.session.step.key == app.session.steps[number - 1].key


async def test_home_hint_shows_only_keys_that_work_now_as_remapped(db_path: Path) -> None:
    store_demo(db_path)
    config = db_path.parent / "config"
    config.mkdir()
    (config / "keymap.toml").write_text('"home.new" = "ctrl+k"\n', encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        hint = str(app.screen.query_one("#home-hint", Static).render())
        assert "^k new meeting" in hint and "n new meeting" not in hint.replace("^k new meeting", "")
        assert "resume" not in hint  # nothing in progress: nothing to resume
        assert "open the highlighted meeting" in hint and "f1 help" in hint
        assert "home.open" in {row[3] for row in key_rows(app.screen)}  # help lists Enter too


async def test_home_hint_offers_resume_when_a_meeting_is_in_progress(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert "r resume" in str(app.screen.query_one("#home-hint", Static).render())


@pytest.mark.parametrize("where", ["home", "meeting", "history", "actions"])
async def test_escape_closes_the_keys_panel_and_nothing_else(db_path: Path, where: str) -> None:
    store_demo(db_path)
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, where)
        screen = app.screen
        app.action_show_help_panel()
        await pilot.pause()
        assert screen.query(HelpPanel)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.query(HelpPanel)


async def test_an_unknown_id_in_the_keymap_is_named(db_path: Path) -> None:
    config = db_path.parent / "config"
    config.mkdir()
    (config / "keymap.toml").write_text('"meeting.nxt_step" = "ctrl+j"\n"app.quit" = 3\n', encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.pause()
        told = " ".join(app.told)
        assert "'meeting.nxt_step'" in told and "'app.quit' should be keys in quotes" in told


def test_every_binding_id_is_known_to_the_keymap_check() -> None:
    known = known_binding_ids()
    assert {"home.new", "meeting.step_9", "agenda.start", "actions.refresh", "clashes.keep_first", "app.quit"} <= known


def test_one_date_form() -> None:
    assert day_text(dt.date(2027, 1, 8)) == "8 Jan 2027"
    assert day_text(dt.date(2027, 1, 8), weekday=True) == "Fri 8 Jan 2027"
    assert stored_day_text("2027-01-08") == "8 Jan 2027"
    assert stored_day_text("someday") == "someday"


def test_no_screen_formats_a_date_of_its_own() -> None:
    """Every date shown goes through screens.timefmt: a strftime or an f-string date format elsewhere is a new form."""
    own_format = re.compile(r"strftime\(|:%[aAdbBYy]")
    offenders = [
        f"{path.relative_to(SCREENS_DIR)}:{number}"
        for path in SCREENS_DIR.rglob("*.py")
        if path.name != "timefmt.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if own_format.search(line) and "%H:%M" not in line and "%b %Y}" not in line
    ]
    assert offenders == []


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_step_key_pressed_as_the_meeting_opens_leaves_the_cursor_in_that_step(
    db_path: Path, size: tuple[int, int]
) -> None:
    """The first paint focused the first step's form even after a key had moved on: the cursor was lost."""
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f3")
        await settle(pilot)
        assert app.session is not None and app.session.step.key == "worked"
        focused = app.focused
        assert focused is not None and app.screen.query_one("#pane-worked") in focused.ancestors_with_self
        shown = {key.action for key in app.screen.query_one(KeyBar).keys}
        assert "cycle_speaker" in shown  # the step's own keys are offered
