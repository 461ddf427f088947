"""Launch to first usable screen: Facilitator next to a bare Textual app, started the same way.

Each run is a fresh process (``python -m benchmarks.startup_probe``) timed from just before
it is spawned until it reports its first screen painted and taking keys. The two apps
alternate, run after run, so machine noise falls on both alike; the figure is the ratio of
their medians (target: within 1.3x), with 0 and with 10,000 meetings in the store. The
time until the history is loaded in the background is shown beside it.

Usage: python -m benchmarks.startup [--runs N] [--sizes 0,10000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.history import build_store


def launch(kind: str, db: Path) -> tuple[float, float, float]:
    """(seconds to first usable screen, to history loaded, longest loop stall meanwhile) for one process."""
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.startup_probe", kind, str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    marks = dict(line.split("=", 1) for line in result.stdout.split() if "=" in line)
    usable = float(marks["usable"]) - started
    loaded = float(marks.get("loaded", marks["usable"])) - started
    return usable, loaded, float(marks.get("stall", 0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", default="0,10000")
    args = parser.parse_args()
    print(f"Launch to first usable screen, median of {args.runs} alternating runs each")
    print(
        f"{'meetings':>9} {'bare Textual':>13} {'Facilitator':>12} {'ratio':>6} {'history loaded':>15}"
        f" {'longest stall while loading':>28}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            db = Path(folder) / f"h{size}" / "minutes.json"
            build_store(db, size)
            bare, ours, loaded, stalls = [], [], [], []
            launch("bare", db), launch("facilitator", db)  # warm the file cache for both
            for _ in range(args.runs):
                bare.append(launch("bare", db)[0])
                usable, history, stall = launch("facilitator", db)
                ours.append(usable)
                loaded.append(history)
                stalls.append(stall)
            b, o = statistics.median(bare), statistics.median(ours)
            history_ms = statistics.median(loaded) * 1000
            stall_ms = statistics.median(stalls) * 1000
            print(
                f"{size:>9,} {b * 1000:>10.0f} ms {o * 1000:>9.0f} ms {o / b:>5.2f}x {history_ms:>12.0f} ms"
                f" {stall_ms:>25.0f} ms"
            )
    print("target: Facilitator within 1.3x of the bare app, whatever the history")
    print("(stall: median over runs of the longest gap in a 5 ms ticker between first screen and history loaded)")


if __name__ == "__main__":
    main()
