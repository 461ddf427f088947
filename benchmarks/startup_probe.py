"""One launch for benchmarks/startup.py: run an app headless, print when its first screen is usable.

``usable=<epoch seconds>`` is printed once the first screen has been painted (after the
first refresh following mount); for Facilitator, ``loaded=`` follows when the history has
been read in the background, with ``stall=``, the longest the event loop was kept from
running meanwhile (how long a key pressed then could wait). Then the app exits.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.repository import Repository


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.report)

        def report(self) -> None:
            print(f"usable={time.time()}", flush=True)
            self.exit()

    Bare().run(headless=True)


def facilitator(db: Path) -> None:
    from facilitator.overview import Overview
    from screens.app import FacilitatorApp

    def open_store(path: Path, *, today: Callable[[], dt.date]) -> Repository:
        # Imported in the app's worker, after the first screen, as the app opens its store; the
        # command line has imported it by then anyway (its other commands use it).
        from facilitator.tinydb_store import Store

        return Store(path, today=today)

    class Probe(FacilitatorApp):
        last_tick = 0.0
        longest_stall = 0.0

        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self.usable)
            # The home screen reads the history in its own worker and shows it as its overview.
            self.watch(self.home, "overview", self.loaded, init=False)

        def usable(self) -> None:
            print(f"usable={time.time()}", flush=True)
            # While the history loads in the background, how long could a key press wait?
            self.last_tick = time.perf_counter()
            self.set_interval(0.005, self.tick)

        def tick(self) -> None:
            now = time.perf_counter()
            self.longest_stall = max(self.longest_stall, now - self.last_tick - 0.005)
            self.last_tick = now

        def loaded(self, found: Overview | None) -> None:
            if found is None:
                return
            self.tick()
            print(f"loaded={time.time()} stall={self.longest_stall}", flush=True)
            self.exit()

    Probe(db, open_repository=open_store).run(headless=True)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        facilitator(Path(sys.argv[2]))
