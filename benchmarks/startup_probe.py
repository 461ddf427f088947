"""One launch for benchmarks/startup.py: run an app headless, print when its first screen is usable.

``usable=<epoch seconds>`` is printed once the first screen has been painted (after the
first refresh following mount); for Facilitator, ``loaded=`` follows when the history has
been read in the background. Then the app exits.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


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
    from facilitator.app import FacilitatorApp
    from facilitator.overview import Overview

    class Probe(FacilitatorApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(lambda: print(f"usable={time.time()}", flush=True))

        def _show_overview(self, found: Overview) -> None:
            super()._show_overview(found)
            print(f"loaded={time.time()}", flush=True)
            self.exit()

    Probe(db).run(headless=True)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        facilitator(Path(sys.argv[2]))
