"""Launch to first usable screen: Facilitator next to a bare Textual app, started the same way.

Each run is a fresh process (``python -m benchmarks.startup_probe``) timed from just before
it is spawned until it reports its first screen painted and taking keys. The two apps
alternate, run after run, so machine noise falls on both alike; the figure is the ratio of
their medians (target: within 1.3x), with 0 and with 10,000 meetings in the store. The
time until the history is loaded in the background is shown beside it.

Both apps start from compiled bytecode, as an installed copy does (pip compiles what it
installs): Textual's is compiled in the virtual environment, and ours is compiled here first
(``compile_ours``). Run from a checkout where ``PYTHONDONTWRITEBYTECODE`` is set, nothing of ours
was ever compiled, and every launch compiled our modules afresh (about 45 ms of the start) where
the bare app's came ready.

Usage: python -m benchmarks.startup [--runs N] [--sizes 0,10000]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.history import build_store


def compile_ours() -> None:
    """Our packages' bytecode beside their sources, as installing them would leave it."""
    root = Path(__file__).resolve().parent.parent
    for package in ("facilitator", "screens"):
        compileall.compile_dir(root / package, quiet=1)


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


@dataclass(frozen=True)
class StartupRow:
    meetings: int
    bare_ms: float  # median, launch to first usable screen
    ours_ms: float
    loaded_ms: float  # median, launch to the history on the home screen
    stall_ms: float  # median over runs of the longest loop stall while the history loaded

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.bare_ms


def run(sizes: list[int], runs: int = 9) -> list[StartupRow]:
    rows = []
    compile_ours()
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            db = Path(folder) / f"h{size}" / "minutes.json"
            build_store(db, size)
            bare, ours, loaded, stalls = [], [], [], []
            launch("bare", db), launch("facilitator", db)  # warm the file cache for both
            for _ in range(runs):
                bare.append(launch("bare", db)[0])
                usable, history, stall = launch("facilitator", db)
                ours.append(usable)
                loaded.append(history)
                stalls.append(stall)
            rows.append(
                StartupRow(
                    meetings=size,
                    bare_ms=statistics.median(bare) * 1000,
                    ours_ms=statistics.median(ours) * 1000,
                    loaded_ms=statistics.median(loaded) * 1000,
                    stall_ms=statistics.median(stalls) * 1000,
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", default="0,10000")
    args = parser.parse_args()
    report(run([int(s) for s in args.sizes.split(",")], args.runs), args.runs)


def report(rows: list[StartupRow], runs: int) -> None:
    print(f"Launch to first usable screen, median of {runs} alternating runs each")
    print(
        f"{'meetings':>9} {'bare Textual':>13} {'Facilitator':>12} {'ratio':>6} {'history loaded':>15}"
        f" {'longest stall while loading':>28}"
    )
    for row in rows:
        print(
            f"{row.meetings:>9,} {row.bare_ms:>10.0f} ms {row.ours_ms:>9.0f} ms {row.ratio:>5.2f}x"
            f" {row.loaded_ms:>12.0f} ms {row.stall_ms:>25.0f} ms"
        )
    print("target: Facilitator within 1.3x of the bare app, whatever the history")
    print("(stall: median over runs of the longest gap in a 5 ms ticker between first screen and history loaded)")


if __name__ == "__main__":
    main()
