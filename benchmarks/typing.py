"""Typing into a live meeting while 10,000 past meetings sit in the store.

The real app (headless) resumes a meeting in progress and 200 notes are added through its
session, one every 30 ms (far faster than anyone types). Reported, side by side:

* storage work on the event-loop thread per edit: the autosaver's ``changed`` (the only
  storage call made on the loop; the save itself runs in the saver's thread) — target:
  median at most 1 ms, none over 16 ms;
* the whole edit on the loop (session edit with undo snapshot, plus screen redraw), for
  context;
* the longest the event loop was blocked at all while this ran (a 5 ms ticker);
* how long an edit waited before it was durable on disk — target: at most 1 s.

Usage: python -m benchmarks.typing [--meetings N] [--notes N]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.history import build_store, live_meeting
from facilitator.app import FacilitatorApp
from facilitator.autosave import SaveReport
from facilitator.store import Store


async def measure(db: Path, notes: int) -> dict[str, list[float]]:
    app = FacilitatorApp(db)
    figures: dict[str, list[float]] = {"storage": [], "edit": [], "waited": [], "lag": []}
    async with app.run_test(size=(100, 30)) as pilot:
        while app.store is None or not app.overview.in_progress:
            await pilot.pause(0.05)
        app.run_meeting(app.store.get(app.overview.in_progress[0].id), fresh=False)
        await pilot.pause()
        await pilot.press("f3")  # the What worked step, where notes are typed: its table redraws
        session, saver = app.session, app.autosaver
        assert session is not None and saver is not None

        def timed_changed(label: str = "", _changed=saver.changed) -> None:
            started = time.perf_counter()
            _changed(label)
            figures["storage"].append(time.perf_counter() - started)

        session._listeners[session._listeners.index(saver.changed)] = timed_changed

        def saved(report: SaveReport, _report=saver.on_saved) -> None:
            figures["waited"].append(report.waited)
            if _report:
                _report(report)

        saver.on_saved = saved
        stop = asyncio.Event()

        async def ticker() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                await asyncio.sleep(0.005)
                figures["lag"].append(time.perf_counter() - started - 0.005)

        watch = asyncio.create_task(ticker())
        for index in range(notes):
            started = time.perf_counter()
            session.add_note(f"Note {index}: the bike group arrived early and used the computers")
            figures["edit"].append(time.perf_counter() - started)
            await asyncio.sleep(0.03)
        while saver.dirty:
            await asyncio.sleep(0.05)
        stop.set()
        await watch
        await app.action_quit()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "minutes.json"
        build_store(db, args.meetings)
        with Store(db) as store:
            store.save(copy.deepcopy(live_meeting()))
        figures = asyncio.run(measure(db, args.notes))
    ms = {name: [value * 1000 for value in values] for name, values in figures.items()}
    print(f"{args.notes} notes typed into a live meeting, {args.meetings:,} meetings stored")
    print(
        f"  storage on the event loop per edit: median {statistics.median(ms['storage']):.3f} ms, "
        f"max {max(ms['storage']):.3f} ms   (target: median <= 1 ms, none over 16 ms)"
    )
    print(
        f"  whole edit on the event loop:       median {statistics.median(ms['edit']):.1f} ms, "
        f"max {max(ms['edit']):.1f} ms   (session + undo snapshot + redraw)"
    )
    print(f"  longest event-loop block:           {max(ms['lag']):.1f} ms")
    print(
        f"  edit to durable on disk:            max {max(ms['waited']):.0f} ms over {len(ms['waited'])} saves "
        f"  (target: <= 1000 ms)"
    )


if __name__ == "__main__":
    main()
