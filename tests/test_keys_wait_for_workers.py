"""A key typed while a worker set going by the key before it still runs lands where it was meant.

A worker shows in no queue, so ``KeysInOrder`` took the next key at once, on the screen still
there: the keys meant for a meeting just set up landed on the home screen, x meant for minutes
being opened did too, and y meant for "Replace it?" went into the box the path was typed in.
Each test here slows the worker by holding it at a gate the test opens (a seam on our own
store or writer, the worker itself untouched), types the next key in the same burst, and
looks where it landed. The sweep at the end makes every worker in screens/ decided.
"""

from __future__ import annotations

import ast
import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

import facilitator.exporters.writer
import facilitator.sync
from benchmarks import keystrokes as review
from facilitator.model import ActionStatus
from facilitator.tinydb_store import Store
from screens.actions import ActionsScreen
from screens.clashes import ClashesScreen
from screens.export_picker import ExportPicker, choice_for
from screens.history import HistoryScreen
from screens.home import HomeScreen
from screens.keyorder import KEYS_GO_ON, KEYS_WAIT_FOR
from screens.meeting import MeetingScreen
from screens.minutes import MinutesScreen
from screens.save_copy import ReplaceScreen, SaveCopyScreen
from tests.apphelpers import (
    in_progress_meeting,
    key_event,
    keys_taken,
    make_app,
    store_demo,
    type_text,
    wait_for_store,
    wait_for_workers,
    wait_until,
)
from tests.test_sync_app import a_clash_waiting

SCREENS = Path(__file__).resolve().parent.parent / "screens"
SET_UP = tuple(step for step in review.SCRIPT if step.section == review.SET_UP)

Call = TypeVar("Call", bound=Callable[..., Any])


class Gate:
    """Holds whatever passes through it until the test opens it: a worker as slow as the test needs."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.reached = threading.Event()

    def around(self, call: Call) -> Call:
        def held(*args: Any, **kwargs: Any) -> Any:
            self.reached.set()
            assert self.opened.wait(30), "the test never opened the gate"
            return call(*args, **kwargs)

        return held  # type: ignore[return-value]

    async def held_until_keys_are_looked_at(self, pilot: Pilot[Any]) -> None:
        """Wait until the worker is at the gate and the app has done what it would with the keys
        meanwhile (taken them, before the fix; held them, now), then open it."""
        deadline = asyncio.get_running_loop().time() + 60  # a whole set-up form comes first
        while not self.reached.is_set():  # not pilot.pause: the worker may block the app's loop
            assert asyncio.get_running_loop().time() < deadline, "the worker never reached the gate"
            await asyncio.sleep(0.01)
        for _ in range(5):
            await pilot.pause()
        self.opened.set()


def type_burst(app: App[Any], keys: list[str]) -> None:
    """The keys handed over at once, as a terminal does with a burst (``send`` without its wait)."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)


async def burst_behind(pilot: Pilot[Any], obj: object, name: str, keys: list[str]) -> None:
    """``keys`` typed as one burst while ``obj.name`` is held at a gate, opened once the keys behind the
    first have been looked at; back when every key is taken and every worker done."""
    gate = Gate()
    with gated(obj, name, gate):
        type_burst(pilot.app, keys)
        await gate.held_until_keys_are_looked_at(pilot)
        await keys_taken(pilot)
        await wait_for_workers(pilot)


@contextmanager
def gated(obj: object, name: str, gate: Gate) -> Iterator[None]:
    real = getattr(obj, name)
    setattr(obj, name, gate.around(real))
    try:
        yield
    finally:
        setattr(obj, name, real)


async def test_keys_typed_after_ctrl_s_in_set_up_go_to_the_meeting_it_starts(db_path: Path) -> None:
    # start_meeting reads the partnership's history in a worker before the meeting screen opens.
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert app.store is not None
        await burst_behind(pilot, app.store, "meetings_of", [*review.key_names(SET_UP), *"Bike project", "enter"])
        assert isinstance(app.screen, MeetingScreen)
        assert app.session is not None
        assert [item.title for item in app.session.meeting.agenda] == ["Bike project"]


async def test_x_typed_after_enter_on_a_meeting_exports_its_minutes(db_path: Path) -> None:
    # load_minutes reads the meeting and its partnership's others in a worker, then opens the minutes.
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert app.store is not None
        await burst_behind(pilot, app.store, "meetings_of", ["enter", "x"])
        assert isinstance(app.screen, ExportPicker)
        assert isinstance(app.screen_stack[-2], MinutesScreen)


async def test_y_typed_after_enter_on_an_export_path_replaces_the_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # write_export finds the file there in a worker, then asks "Replace it?".
    store_demo(db_path)
    target = tmp_path / "minutes.md"
    target.write_text("an older copy\n", encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesScreen), "the minutes open")
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportPicker), "the export picker")
        await pilot.press(choice_for("md", circulation=False).key)
        path = app.screen.query_one("#export-path", Input)
        await wait_until(pilot, lambda: path.has_focus, "asked where")
        await pilot.press("ctrl+u")
        await type_text(pilot, str(target))
        await burst_behind(pilot, facilitator.exporters.writer, "write_meeting", ["enter", "y"])
        assert not isinstance(app.screen, ReplaceScreen)
        assert path.value == str(target)  # not a y more
        assert target.read_text(encoding="utf-8").startswith("# Minutes: ")


async def test_y_typed_after_enter_on_a_copy_path_in_a_meeting_replaces_the_file(db_path: Path, tmp_path: Path) -> None:
    # write_copy (ctrl+e) finds the file there in a worker, then asks "Replace it?".
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    target = tmp_path / "copy.json"
    target.write_text("an older copy\n", encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting resumed")
        await wait_for_workers(pilot)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveCopyScreen), "asked where")
        await pilot.press("ctrl+u")
        await type_text(pilot, str(target))
        await burst_behind(pilot, facilitator.exporters.writer, "write_meeting", ["enter", "y"])
        assert isinstance(app.screen, MeetingScreen)
        assert json.loads(target.read_text(encoding="utf-8"))["partnership"] == in_progress_meeting().partnership


async def test_space_typed_twice_on_an_action_moves_it_on_twice(db_path: Path) -> None:
    # change_action writes the status in a worker; the row shows it once written. The second space
    # acted on the row as it was: open to done twice, where open, done, dropped was meant.
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionsScreen), "the actions")
        await wait_for_workers(pilot)
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        row = screen._selected()
        assert row is not None and row.action.status is ActionStatus.OPEN
        assert app.store is not None
        await burst_behind(pilot, app.store, "update_action", ["space", "space"])
        stored = app.store.get(row.meeting_id)
        assert next(a for a in stored.actions if a.id == row.action.id).status is ActionStatus.DROPPED


@pytest.mark.parametrize("screen", [ActionsScreen, HistoryScreen], ids=["actions", "history"])
async def test_escape_typed_after_ctrl_t_closes_the_facilitator_picker(
    db_path: Path, screen: type[Screen[Any]]
) -> None:
    # Both screens read the names that chair meetings in a worker, then open the picker; a typed
    # Esc left the actions or history screen instead, and the picker opened over the home screen.
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("a" if screen is ActionsScreen else "h")
        await wait_until(pilot, lambda: isinstance(app.screen, screen), "the screen open")
        await wait_for_workers(pilot)
        assert app.store is not None
        await burst_behind(pilot, app.store, "listings", ["ctrl+t", "escape"])
        assert isinstance(app.screen, screen)


async def test_a_key_typed_after_a_on_the_home_screen_goes_to_the_actions_screen(db_path: Path) -> None:
    # The actions screen is opened once its first page is read, in a worker; o typed meanwhile went to
    # the home screen (where it does nothing) instead of showing every status.
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert app.store is not None
        await burst_behind(pilot, app.store, "newest_actions", ["a", "o"])
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        assert not screen.open_only


async def test_a_key_typed_as_the_clashes_screen_opens_keeps_that_value(tmp_path: Path) -> None:
    # The clashes screen reads them in a worker; 2 typed meanwhile found no clash to keep.
    denise, _paul, meeting_id = a_clash_waiting(tmp_path)
    denise.sync()
    app = make_app(denise.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home.sync_state[1] == 1, "the clash to be counted")
        await burst_behind(pilot, facilitator.sync, "clashes", ["c", "2"])
        assert isinstance(app.screen, ClashesScreen)
        assert app.store is not None and app.store.get(meeting_id).venue == "Paul's venue"


# -- every worker decided ------------------------------------------------------------------------


def worker_groups() -> Iterator[tuple[str, int, str | None]]:
    """Every worker in screens/: (file, line, group), from ``@work(...)`` and ``run_worker(...)``."""
    for path in sorted(SCREENS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in ("work", "run_worker"):
                continue
            group = next((kw.value for kw in node.keywords if kw.arg == "group"), None)
            named = group.value if isinstance(group, ast.Constant) and isinstance(group.value, str) else None
            yield path.relative_to(SCREENS.parent).as_posix(), node.lineno, named


def test_every_worker_in_screens_is_decided_for_the_keys_behind_it() -> None:
    found = list(worker_groups())
    assert len(found) >= 20  # the sweep still finds the workers (21 when written)
    undecided = [
        f"{file}:{line} group={group!r}"
        for file, line, group in found
        if group is None or (group in KEYS_WAIT_FOR) == (group in KEYS_GO_ON)
    ]
    assert not undecided, (
        "Each worker needs a group of its own, in screens.keyorder's KEYS_WAIT_FOR (the next key waits "
        f"for it: it moves screens, opens a dialog, changes what the next key acts on) or KEYS_GO_ON: {undecided}"
    )
    used = {group for _, _, group in found}
    unused = (KEYS_WAIT_FOR | KEYS_GO_ON) - used
    assert not unused, f"no worker has these groups any more: {unused}"
