"""Memory with a long history loaded: what the app holds once 10,000 meetings are open.

A fresh process (``python -m benchmarks.memory_probe``, so nothing measured earlier is still
in memory) imports the app's modules, notes its resident set size (RSS), then builds what the
app builds with a history: the store, the home screen's overview and the search index (the
first search, ``store.find("")``, reading the word index an earlier session saved beside the
archive), and notes it again. Reported: resident before and after,
the growth per meeting, and the peak while the archive was read.

No target in docs/design.md; the one printed (at most 500 MB resident at the peak, with 10,000
meetings) is argued in docs/performance.md, section "All figures in one run".

Usage: python -m benchmarks.memory [--meetings N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.history import build_store, store_mb
from benchmarks.search import ensure_words

TARGET_MB = 500.0


@dataclass(frozen=True)
class Memory:
    meetings: int
    archive_mb: float  # the archive on disk
    before_mb: float  # resident, the app's modules imported, no store open
    after_mb: float  # resident with the store, the overview and the search index held
    peak_mb: float  # the most resident at any moment (reading the archive's JSON included)

    @property
    def growth_mb(self) -> float:
        return self.after_mb - self.before_mb

    @property
    def per_meeting_kb(self) -> float:
        return self.growth_mb * 1000 / self.meetings if self.meetings else 0.0


def probe(db: Path) -> dict[str, int]:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory_probe", str(db)], capture_output=True, text=True, check=True
    )
    return {key: int(value) for key, value in (word.split("=", 1) for word in result.stdout.split() if "=" in word)}


def run(meetings: int = 10_000) -> Memory:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "minutes.json"
        build_store(db, meetings)
        archive_mb = store_mb(db)
        ensure_words(db, meetings)  # as after the first search of an earlier session: the word index is saved
        marks = probe(db)
    assert marks["meetings"] == meetings, marks
    # /proc reports kB of 1,024 bytes; MB here are 10^6 bytes, as elsewhere in these figures.
    return Memory(
        meetings=meetings,
        archive_mb=archive_mb,
        before_mb=marks["before"] * 1024 / 1e6,
        after_mb=marks["after"] * 1024 / 1e6,
        peak_mb=marks["peak"] * 1024 / 1e6,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    args = parser.parse_args()
    report(run(args.meetings))


def report(m: Memory) -> None:
    print(f"Resident memory, {m.meetings:,} meetings stored ({m.archive_mb:.1f} MB archive on disk)")
    print(f"  the app's modules imported, no store open:        {m.before_mb:>7.0f} MB")
    print(f"  store, overview and search index built and held:  {m.after_mb:>7.0f} MB")
    print(f"  growth: {m.growth_mb:.0f} MB, {m.per_meeting_kb:.1f} kB a meeting; peak while reading {m.peak_mb:.0f} MB")
    verdict = "met" if m.peak_mb <= TARGET_MB else "NOT met"
    print(f"target: at most {TARGET_MB:.0f} MB resident at the peak, with {m.meetings:,} meetings: {verdict}")


if __name__ == "__main__":
    main()
