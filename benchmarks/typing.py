"""Typing into a live meeting: how long the event loop is ever kept busy, and how soon a key shows.

The real app (headless) resumes a meeting in progress that already holds ``notes`` notes, and
a realistic stretch of a meeting is typed into it key by key, one key every 30 ms (a fast
typist's burst) as a terminal would send them: notes ended with Enter, worked / did not
switched before some (ctrl+t), a note's mark changed in the table (ctrl+l, ctrl+t, ctrl+l),
actions with an owner and a due date, and moves between steps. It runs twice: with only the
live meeting stored (a fresh store) and with ``meetings`` past meetings beside it. Reported:

* the longest the event loop was kept from running at all (a 5 ms ticker: how late it woke),
  any cause: edits, redraws, the collector, the saver's lock — target: at most 33 ms (two frames);
* key press to the character on screen: from the key's arrival to the end of the first frame
  drawn with it in the box, 99th percentile, beside a bare Textual app with one ``Input`` typed
  the same way in the same run — target: at most 1.5 times the bare app's;
* storage work on the event-loop thread per edit: the autosaver's ``changed`` (the only storage
  call made on the loop; the save itself runs in the saver's thread) — target: median at most
  1 ms, none over 16 ms;
* how long an edit waited before it was durable on disk — target: at most 1 s;
* the longest garbage collection on the event loop, in the loop thread's CPU time (``gc.callbacks``):
  a full walk of everything held shows here whatever else the machine is doing.

"On screen" is the end of Textual's compositor pass for that frame (``Screen._compositor_refresh``):
headless, nothing is written to a terminal, so the bytes' trip to the terminal is left out of
both figures alike.

Usage: python -m benchmarks.typing [--meetings N] [--notes N]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from benchmarks.history import build_store, live_meeting
from facilitator.autosave import SaveReport
from facilitator.model import Meeting
from facilitator.session import Session
from facilitator.tinydb_store import Store
from screens.app import FacilitatorApp
from screens.collector import WalkTimer

KEY_GAP = 0.030  # seconds between keys
TYPED_NOTES = 12  # notes typed in each run, besides three actions
NOTE = "the bike group arrived early and used the computers"
ACTIONS = (("Book the art room for March", "den", "fri"), ("Ask the library about Saturdays", "pa", "+2w"))


@dataclass
class Figures:
    lag: list[float] = field(default_factory=list)  # how late the ticker woke, seconds
    blocks: list[tuple[float, str]] = field(default_factory=list)  # (how late, the last key sent then)
    last_key: str = "(before the first key)"
    keys: list[float] = field(default_factory=list)  # key press to on screen, seconds
    storage: list[float] = field(default_factory=list)
    waited: list[float] = field(default_factory=list)
    collections: list[tuple[int, float, str]] = field(default_factory=list)  # (generation, CPU s, thread)


class KeyClock:
    """Sends keys as a terminal would, and times each from its arrival to the first frame showing it."""

    def __init__(self, app: App[Any], figures: Figures) -> None:
        self.app = app
        self.figures = figures
        self.pending: list[tuple[float, Input, int]] = []  # (sent at, the box, its length once the key is in)

    def frame_drawn(self) -> None:
        now = time.perf_counter()
        waiting = []
        for sent, box, length in self.pending:
            if len(box.value) >= length:
                self.figures.keys.append(now - sent)
            else:
                waiting.append((sent, box, length))
        self.pending = waiting

    def send(self, key: str, character: str | None = None) -> None:
        self.figures.last_key = key
        event = events.Key(key, character)
        event.set_sender(self.app)
        driver = self.app._driver
        assert driver is not None
        driver.send_message(event)

    async def type(self, text: str) -> None:
        """Each character a key of its own; timed when it lands in a text box."""
        for character in text:
            box = self.app.focused
            if isinstance(box, Input):
                self.pending.append((time.perf_counter(), box, len(box.value) + 1))
            self.send("space" if character == " " else character, character)
            await asyncio.sleep(KEY_GAP)

    async def press(self, *keys: str) -> None:
        """Keys that are not characters (Enter, ctrl+t, F-keys), once what was typed before them is shown."""
        await self.settle()
        for key in keys:
            self.send(key)
            await asyncio.sleep(KEY_GAP)

    async def settle(self, timeout: float = 5.0) -> None:
        # Enter empties the box: a key still waiting for its frame would then never be seen in it.
        deadline = time.perf_counter() + timeout
        while self.pending and time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
        self.pending.clear()


@contextmanager
def frames_seen(clock: KeyClock) -> Iterator[None]:
    """Tell ``clock`` each time a frame has been drawn (measurement only: Textual's own frame pass)."""
    original = Screen._compositor_refresh

    def drawn(screen: Screen[Any]) -> None:
        original(screen)
        clock.frame_drawn()

    Screen._compositor_refresh = drawn  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Screen._compositor_refresh = original  # type: ignore[method-assign]


@contextmanager
def loop_lag(figures: Figures) -> Iterator[None]:
    """A ticker on the event loop: how late it wakes is how long the loop was kept busy."""
    stop = asyncio.Event()

    async def ticker() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            key = figures.last_key
            await asyncio.sleep(0.005)
            late = time.perf_counter() - started - 0.005
            figures.lag.append(late)
            figures.blocks.append((late, key))

    task = asyncio.get_running_loop().create_task(ticker())
    try:
        yield
    finally:
        stop.set()
        task.cancel()


async def a_meeting(clock: KeyClock) -> None:
    """A stretch of a review: notes on What worked, a mark changed, actions, and back."""
    await clock.press("f3")  # What worked
    for number in range(TYPED_NOTES):
        if number % 4 == 1:
            await clock.press("ctrl+t")  # the next note did not work
        await clock.type(f"{number} {NOTE}")
        await clock.press("enter")
        if number % 4 == 1:
            await clock.press("ctrl+t")  # back to worked
        if number % 5 == 4:
            await clock.press("ctrl+l", "ctrl+t", "ctrl+l")  # the note just added marked the other way
    await clock.press("f6")  # Actions
    for text, owner, due in ACTIONS:
        await clock.type(text)
        await clock.press("enter")
        await clock.type(owner)
        await clock.press("enter")
        await clock.type(due)
        await clock.press("enter")
    await clock.press("f3")
    await clock.type(f"last {NOTE}")
    await clock.press("enter")
    await clock.settle()


async def measure(db: Path) -> Figures:
    app = FacilitatorApp(db, open_repository=Store)
    figures = Figures()
    async with app.run_test(size=(100, 30)) as pilot:
        while app.store is None or not app.overview.in_progress:
            await pilot.pause(0.05)
        app.run_meeting(app.store.get(app.overview.in_progress[0].id), fresh=False)
        await pilot.pause()
        session, saver = app.session, app.autosaver
        assert session is not None and saver is not None

        def timed_changed(label: str = "", _changed: Callable[[str], None] = saver.changed) -> None:
            started = time.perf_counter()
            _changed(label)
            figures.storage.append(time.perf_counter() - started)

        session._listeners[session._listeners.index(saver.changed)] = timed_changed

        def saved(report: SaveReport, _report: Callable[[SaveReport], object] | None = saver.on_saved) -> None:
            figures.waited.append(report.waited)
            if _report:
                _report(report)

        saver.on_saved = saved
        clock = KeyClock(app, figures)
        with frames_seen(clock), loop_lag(figures), WalkTimer(time.thread_time) as walks:
            await a_meeting(clock)
            while saver.dirty:
                await asyncio.sleep(0.05)
        figures.collections = walks.walks
        typed = len(session.meeting.notes)
        await app.action_quit()
    assert typed > 0
    return figures


class Bare(App[None]):
    """The baseline: a bare Textual app with one text box."""

    def compose(self) -> ComposeResult:
        yield Input()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.input.value = ""  # as a note's box empties on Enter


async def measure_bare() -> Figures:
    app = Bare()
    figures = Figures()
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        clock = KeyClock(app, figures)
        with frames_seen(clock), loop_lag(figures):
            for number in range(TYPED_NOTES + 1):
                await clock.type(f"{number} {NOTE}")
                await clock.press("enter")
            for text, owner, due in ACTIONS:
                for part in (text, owner, due):
                    await clock.type(part)
                    await clock.press("enter")
            await clock.settle()
    return figures


def with_notes(count: int) -> Meeting:
    """The live meeting with ``count`` notes on What worked already: the table is a long one."""
    meeting = copy.deepcopy(live_meeting())
    session = Session(meeting)
    for number in range(count):
        session.notes.add(f"Earlier note {number}: {NOTE}", step="worked")
    return meeting


def run_one(meetings: int, notes: int) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "minutes.json"
        build_store(db, meetings)
        with Store(db) as store:
            store.save(with_notes(notes))
        return asyncio.run(measure(db))


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Typing:
    meetings: int
    notes: int  # notes in the meeting before typing began
    keys: int  # keys timed to the screen (ours, with the long history)
    storage_median_ms: float  # storage work on the event loop per edit
    storage_max_ms: float
    longest_block_ms: float  # the longest the loop was kept from running, long history
    fresh_longest_block_ms: float  # the same with only the live meeting stored
    key_p99_ms: float  # key press to on screen, 99th percentile, long history
    fresh_key_p99_ms: float
    bare_key_p99_ms: float  # a bare Textual app with one Input, the same keys
    bare_longest_block_ms: float
    durable_max_ms: float  # the longest an edit waited before it was on disk
    saves: int
    worst: tuple[tuple[float, str], ...] = ()  # the longest blocks (ms) and the key sent just before each
    collection_ms: float = 0.0  # the longest garbage collection on the loop, its thread's CPU time
    collection_generation: int = -1
    collections: int = 0  # collections on the loop while typing, both runs

    @property
    def key_ratio(self) -> float:
        return max(self.key_p99_ms, self.fresh_key_p99_ms) / self.bare_key_p99_ms

    @property
    def worst_block_ms(self) -> float:
        return max(self.longest_block_ms, self.fresh_longest_block_ms)


def run(meetings: int = 10_000, notes: int = 200) -> Typing:
    bare = asyncio.run(measure_bare())
    fresh = run_one(0, notes)
    long = run_one(meetings, notes)
    ms = 1000
    on_loop = [
        (seconds, generation)
        for generation, seconds, name in fresh.collections + long.collections
        if name == "MainThread"
    ]
    collection_s, generation = max(on_loop, default=(0.0, -1))
    return Typing(
        meetings=meetings,
        notes=notes,
        keys=len(long.keys),
        storage_median_ms=statistics.median(long.storage) * ms,
        storage_max_ms=max(long.storage) * ms,
        longest_block_ms=max(long.lag) * ms,
        fresh_longest_block_ms=max(fresh.lag) * ms,
        key_p99_ms=p99(long.keys) * ms,
        fresh_key_p99_ms=p99(fresh.keys) * ms,
        bare_key_p99_ms=p99(bare.keys) * ms,
        bare_longest_block_ms=max(bare.lag) * ms,
        durable_max_ms=max(long.waited + fresh.waited) * ms,
        saves=len(long.waited),
        worst=tuple((late * ms, key) for late, key in sorted(long.blocks + fresh.blocks, reverse=True)[:5]),
        collection_ms=collection_s * ms,
        collection_generation=generation,
        collections=len(on_loop),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000, help="past meetings in the long history")
    parser.add_argument("--notes", type=int, default=200, help="notes in the meeting before typing begins")
    args = parser.parse_args()
    report(run(args.meetings, args.notes))


def report(t: Typing) -> None:
    print(
        f"Typing into a live meeting of {t.notes} notes, {KEY_GAP * 1000:.0f} ms between keys: "
        f"{t.keys} keys timed; a fresh store, and {t.meetings:,} meetings stored"
    )
    print(
        f"  longest event-loop block:        {t.fresh_longest_block_ms:.1f} ms fresh, "
        f"{t.longest_block_ms:.1f} ms with the history   (target: <= 33 ms; bare Input app "
        f"{t.bare_longest_block_ms:.1f} ms)"
    )
    if t.worst:
        print("  the longest blocks, after key:   " + ", ".join(f"{late:.0f} ms ({key})" for late, key in t.worst))
    print(
        f"  key press to on screen, p99:     {t.fresh_key_p99_ms:.1f} ms fresh, {t.key_p99_ms:.1f} ms with "
        f"the history, bare Input app {t.bare_key_p99_ms:.1f} ms: {t.key_ratio:.2f}x   (target: <= 1.5x)"
    )
    print(
        f"  garbage collection on the loop:  longest {t.collection_ms:.1f} ms of CPU (generation "
        f"{t.collection_generation}) of {t.collections} collections"
    )
    print(
        f"  storage on the loop per edit:    median {t.storage_median_ms:.3f} ms, max {t.storage_max_ms:.3f} ms"
        "   (target: median <= 1 ms, none over 16 ms)"
    )
    print(
        f"  edit to durable on disk:         max {t.durable_max_ms:.0f} ms over {t.saves} saves   (target: <= 1000 ms)"
    )


if __name__ == "__main__":
    main()
