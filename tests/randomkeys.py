"""Random keys through the whole app: the driver behind tests/test_random_keys.py and the benchmark.

Each round starts the app afresh on a copy of the same minutes (the demo meetings, one of
them still in progress), goes to one screen (home, set up, each step of the meeting in
progress, history, actions, minutes, help), then presses keys drawn from a seeded random
generator: printable characters, the editing and moving keys, and every key the app binds
(ctrl+ chords and F-keys), never ctrl+q or ctrl+c. Wherever the keys lead (another screen,
a modal, the command palette, even a quit by the palette) the round follows; a quit ends
the round early. A crash is any exception that reached Textual: the app stopped with an
error. What is kept of it is the seed, the round and the last keys, so it can be replayed.
"""

from __future__ import annotations

import random
import shutil
import string
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot

from facilitator.meeting_files import demo_meetings
from facilitator.model import MeetingStatus
from facilitator.tinydb_store import Store
from screens.app import FacilitatorApp
from tests.apphelpers import make_app, running, send, wait_for_store, wait_for_workers

RUNNING = "random-keys-running"  # the meeting in progress the meeting screen opens on
BATCH = 8  # keys pressed between two looks at whether the app still runs

MOVING = ["enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "home", "end"]
MOVING += ["pageup", "pagedown", "delete", "backspace", "space", "shift+up", "shift+down"]
CHORDS = ["ctrl+n", "ctrl+b", "ctrl+o", "ctrl+g", "ctrl+e", "ctrl+z", "ctrl+y", "ctrl+l", "ctrl+r", "ctrl+t"]
CHORDS += ["ctrl+f", "ctrl+s", "ctrl+p", "ctrl+a", "ctrl+k", "ctrl+u", "ctrl+w", "ctrl+x", "ctrl+v"]
CHORDS += [f"f{number}" for number in range(1, 11)]
PRINTABLE = list(string.ascii_letters + string.digits + string.punctuation)
NEVER = {"ctrl+q", "ctrl+c"}  # quitting is not a crash, and ctrl+c would stop the test run


def draw_key(chance: random.Random) -> str:
    """Printable characters half the time (most screens are forms), keys that move or act the rest."""
    pool = PRINTABLE if chance.random() < 0.5 else (MOVING if chance.random() < 0.6 else CHORDS)
    return chance.choice(pool)


async def _go_home_then(pilot: Pilot[None], keys: tuple[str, ...]) -> None:
    await pilot.press(*keys)
    await wait_for_workers(pilot)


async def _to_minutes(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, FacilitatorApp)
    closed = next(summary.id for summary in app.overview.recent)
    app.load_minutes(closed)
    await wait_for_workers(pilot)


def _to(keys: tuple[str, ...]) -> Callable[[Pilot[None]], object]:
    return lambda pilot: _go_home_then(pilot, keys)


# Where each round starts: a screen, reached from home as a facilitator would (the minutes by the app's own
# message, as Enter on the home list sends it).
STARTS: dict[str, Callable[[Pilot[None]], object]] = {
    "home": _to(()),
    "set up": _to(("n",)),
    **{f"meeting step {n}": _to(("r", f"f{n + 1}")) for n in range(1, 7)},
    "history": _to(("h",)),
    "actions": _to(("a",)),
    "minutes": _to_minutes,
    "help": _to(("f1",)),
}


@dataclass
class Crash:
    seed: int
    round: int
    start: str
    last_keys: list[str]
    error: str

    def __str__(self) -> str:
        return (
            f"seed {self.seed}, round {self.round} (from {self.start}): the app stopped with\n{self.error}\n"
            f"last keys: {' '.join(self.last_keys)}"
        )


@dataclass
class Outcome:
    seed: int
    keys: int = 0
    rounds: int = 0
    crashes: list[Crash] = field(default_factory=list)


def minutes_for_random_keys(folder: Path) -> Path:
    """The demo meetings, and the November review again as a meeting still in progress."""
    meetings = demo_meetings()
    in_progress = demo_meetings()[-1]
    in_progress.id, in_progress.status, in_progress.approved_in = RUNNING, MeetingStatus.IN_PROGRESS, ""
    for action in in_progress.actions:
        action.raised_in = RUNNING
        action.id = f"{action.id}-running"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "minutes.json"
    with Store(db) as store:
        store.add_many([*meetings, in_progress])
    return db


async def back_home(pilot: Pilot[None]) -> None:
    """Back to home as a user goes: Esc until home is on top (a meeting is left, saved, to resume)."""
    app = pilot.app
    await wait_for_workers(pilot)
    for _ in range(20):
        if len(app.screen_stack) <= 1 or not running(app):
            return
        await pilot.press("escape")
        await wait_for_workers(pilot)
    raise AssertionError(f"Esc did not bring the app back home: {app.screen_stack}")


class Run:
    """One seeded run: rounds of keys, each from its start screen, in as few app starts as it takes."""

    def __init__(self, folder: Path, seed: int, total: int, per_round: int) -> None:
        self.original = minutes_for_random_keys(folder / "original")
        self.folder = folder / "copy"
        self.rounds = [min(per_round, total - first) for first in range(0, total, per_round)]
        self.outcome = Outcome(seed)
        self.number = 0  # the round under way
        self.pressed: list[str] = []  # its keys so far

    def crashed(self, error: str) -> None:
        start = list(STARTS)[self.number % len(STARTS)]
        self.outcome.crashes.append(Crash(self.outcome.seed, self.number, start, self.pressed[-24:], error))

    async def keys(self, pilot: Pilot[None]) -> None:
        """The rounds, one after another, until they are done or the app stops (a quit, a crash)."""
        app = pilot.app
        while self.number < len(self.rounds) and running(app):
            await back_home(pilot)
            await STARTS[list(STARTS)[self.number % len(STARTS)]](pilot)  # type: ignore[misc]
            chance = random.Random(f"{self.outcome.seed}/{self.number}")
            self.pressed = []
            wanted = self.rounds[self.number]
            while len(self.pressed) < wanted and running(app):
                batch = [draw_key(chance) for _ in range(min(BATCH, wanted - len(self.pressed)))]
                assert not NEVER & set(batch)
                self.pressed += batch
                self.outcome.keys += len(batch)
                await send(pilot, batch)
            self.number += 1
            self.outcome.rounds += 1

    async def app_run(self) -> None:
        """The app started on a fresh copy of the minutes, running rounds until it stops."""
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.copytree(self.original.parent, self.folder)
        app = make_app(self.folder / self.original.name)
        try:
            async with app.run_test(size=(100, 32)) as pilot:
                await wait_for_store(pilot)
                await self.keys(pilot)
                if running(app):
                    await back_home(pilot)
        except Exception:  # whatever reached Textual is the finding
            self.crashed(traceback.format_exc(limit=-6))
            return
        if app.return_code:  # an exception is raised by run_test above; this is an exit with an error
            self.crashed(f"the app exited with {app.return_code}")


async def random_keys(folder: Path, *, total: int, seed: int, per_round: int = 120) -> Outcome:
    """``total`` random keys in rounds of ``per_round``, each round from the next start screen."""
    run = Run(folder, seed, total, per_round)
    while run.number < len(run.rounds):
        await run.app_run()  # a round that ends in a quit or a crash is not made up for
    return run.outcome
