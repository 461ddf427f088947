"""Soak: SIGKILL a saving process N times (default 1,000) and count what was lost.

The same trial as tests/test_crash.py (which runs 50 in CI), with figures: how many kills
landed in the middle of a write (a temporary file was left behind), how many left a file
that would not open (target 0) and how many lost a save that had returned (target 0).

Usage: python -m benchmarks.crash_soak [--trials N] [--seed S]
"""

from __future__ import annotations

import argparse
import collections
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from facilitator.errors import StoreError
from facilitator.tinydb_store import Store
from tests.crash_writer import MEETING_ID, save_count
from tests.test_crash import kill_while_saving


@dataclass(frozen=True)
class Soak:
    trials: int
    seed: int
    seconds: float
    mid_write: int  # kills that landed in the middle of a write (a temporary file was left)
    one_ahead: int  # saves on disk that returned just before the kill, unreported
    unreadable: int  # files that would not open (target 0)
    lost: int  # saves that had returned and were lost (target 0)
    refusals: list[tuple[str, int]]  # why files would not open, most common first


def run(trials: int = 1000, seed: int = 1) -> Soak:
    rng = random.Random(seed)
    mid_write = unreadable = lost = one_ahead = 0
    refusals: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "minutes.json"
        for _ in range(trials):
            last_reported = kill_while_saving(db_path, rng)
            mid_write += bool(list(db_path.parent.glob(".*.tmp")))
            try:
                with Store(db_path) as store:
                    on_disk = save_count(store.get(MEETING_ID).purpose)
            except StoreError as error:
                unreadable += 1
                refusals[f"{type(error).__name__}: {error}"] += 1
                continue
            lost += on_disk < last_reported
            one_ahead += on_disk == last_reported + 1
    seconds = time.perf_counter() - started
    return Soak(trials, seed, seconds, mid_write, one_ahead, unreadable, lost, refusals.most_common(5))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    report(run(args.trials, args.seed))


def report(soak: Soak) -> None:
    print(f"SIGKILL soak: {soak.trials} kills in {soak.seconds:.0f} s (seed {soak.seed})")
    print(f"  kills that landed mid-write (temp file left, cleaned on open): {soak.mid_write}")
    print(f"  saves on disk that returned just before the kill, unreported: {soak.one_ahead}")
    print(f"  files that would not open:   {soak.unreadable}   (target 0)")
    print(f"  returned saves lost:         {soak.lost}   (target 0)")
    for message, count in soak.refusals:
        print(f"  {count} x {message}")


if __name__ == "__main__":
    main()
