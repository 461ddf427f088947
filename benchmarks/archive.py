"""The archive at size: closing a meeting into it, and the actions list across every meeting.

For each history size (10, then the long ones): a store built by ``benchmarks.history``, opened
as the app opens it, then

* closing a meeting: the live meeting (dated in the newest, fullest week of the archive) is
  closed with ``Store.save`` (moved from the live file into its week's part, fsync included),
  then reopened, ``--closes`` times; the median and longest close are reported. Target: within
  250 ms with 100,000 meetings.
* the actions list: what the app's actions screen waits for before it shows its first rows,
  ``Store.newest_actions(FIRST_MEETINGS)`` (the newest meetings' actions, from the overview
  index); target within 200 ms with 100,000. Then, for context, ``Store.actions()``, every action
  of every meeting, which the screen reads in a worker after its first rows are shown.

Usage: python -m benchmarks.archive [--sizes 10,10000,100000] [--closes 9]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.history import build_store, live_meeting
from facilitator.model import MeetingStatus
from facilitator.tinydb_store import Store
from screens.actions import FIRST_MEETINGS  # as many meetings' actions as the screen shows first

CLOSE_TARGET_MS = 250.0
ACTIONS_TARGET_MS = 200.0
ACTIONS_WAIT = 60.0  # seconds: a longer wait is reported as "over a minute", not waited out


@dataclass(frozen=True)
class ArchiveRow:
    meetings: int
    parts: int  # files of the archive
    open_ms: float
    close_ms: float  # median
    close_max_ms: float
    actions_ms: float | None  # the first rows: Store.newest_actions (None: not finished within ACTIONS_WAIT)
    actions: int
    all_ms: float | None = None  # Store.actions(), every row, read after the first are shown
    all_rows: int = 0


def measure(path: Path, size: int, closes: int) -> ArchiveRow:
    build_store(path, size)
    started = time.perf_counter()
    store = Store(path)
    open_ms = (time.perf_counter() - started) * 1000
    try:
        meeting = live_meeting()
        meeting.date = dt.date(2025, 12, 31)  # the newest week of the generated history: its fullest part
        store.save(meeting)
        timings = []
        for _ in range(closes):
            meeting.status = MeetingStatus.CLOSED
            started = time.perf_counter()
            store.save(meeting)
            timings.append((time.perf_counter() - started) * 1000)
            meeting.status = MeetingStatus.IN_PROGRESS
            store.save(meeting)
        actions_ms, actions = timed(lambda: len(store.newest_actions(FIRST_MEETINGS)))
        all_ms, all_rows = timed(lambda: len(store.actions()))
        parts = len(list(store.backend.parts_folder.glob("*.json")))
    finally:
        store.close()
    median, longest = statistics.median(timings), max(timings)
    return ArchiveRow(size, parts, open_ms, median, longest, actions_ms, actions, all_ms, all_rows)


def timed(rows: Callable[[], int]) -> tuple[float | None, int]:
    """(ms, rows) for a list of actions; (None, 0) if it had not finished after ``ACTIONS_WAIT`` seconds."""
    done: list[int] = []
    started = time.perf_counter()
    worker = threading.Thread(target=lambda: done.append(rows()), daemon=True)
    worker.start()
    worker.join(ACTIONS_WAIT)
    if not done:
        return None, 0  # still reading: the process ends with it
    return (time.perf_counter() - started) * 1000, done[0]


def run(sizes: list[int], closes: int = 9) -> list[ArchiveRow]:
    with tempfile.TemporaryDirectory() as folder:
        return [measure(Path(folder) / f"h{size}" / "minutes.json", size, closes) for size in sizes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,10000,100000", help="history sizes, comma-separated, smallest first")
    parser.add_argument("--closes", type=int, default=9, help="closes timed per size")
    args = parser.parse_args()
    report(run([int(size) for size in args.sizes.split(",")], args.closes))


def actions_text(row: ArchiveRow) -> str:
    return ms_text(row.actions_ms)


def ms_text(ms: float | None) -> str:
    return f"> {ACTIONS_WAIT:.0f} s" if ms is None else f"{ms:,.0f} ms"


def report(rows: list[ArchiveRow]) -> None:
    base = rows[0]
    print("Closing a meeting into the archive, and the actions list across all meetings (ms)")
    print(f"{'meetings':>9} {'parts':>6} {'open':>7} {'close median':>13} {'longest':>8} {'ratio':>6}", end="")
    print(f" {'first rows':>10} {'rows':>6} {'all rows':>9} {'rows':>8}")
    for row in rows:
        print(
            f"{row.meetings:>9,} {row.parts:>6,} {row.open_ms:>7.0f} {row.close_ms:>13.1f} {row.close_max_ms:>8.1f}"
            f" {row.close_ms / base.close_ms:>5.1f}x {actions_text(row):>10} {row.actions:>6,}"
            f" {ms_text(row.all_ms):>9} {row.all_rows:>8,}"
        )
    last = rows[-1]
    close = "met" if last.close_max_ms <= CLOSE_TARGET_MS else "NOT met"
    actions = "met" if last.actions_ms is not None and last.actions_ms <= ACTIONS_TARGET_MS else "NOT met"
    print(f"target: a close within {CLOSE_TARGET_MS:.0f} ms with {last.meetings:,} meetings: {close}")
    print(
        f"target: the actions list's first rows within {ACTIONS_TARGET_MS:.0f} ms "
        f"with {last.meetings:,} meetings: {actions}"
    )


if __name__ == "__main__":
    main()
