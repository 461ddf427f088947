"""The cost of one autosave as history grows: 10, 1,000 and 10,000 past meetings, in one run.

Each row saves the live meeting (one small edit, then ``Store.save``, fsync included) many
times and reports the median; the ratio column compares each with the 10-meeting store
(target: within 2x at 10,000 and at 100,000). For contrast, up to 10,000 meetings, the same edit
through TinyDB's stock JSONStorage on the same history kept as one file (re-parsed and
rewritten in place).

Usage: python -m benchmarks.save_cost [--saves N] [--sizes 10,1000,10000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tinydb import Query, TinyDB

from benchmarks.history import build_store, live_meeting, one_file_copy, store_mb
from facilitator.document_schema import to_document
from facilitator.model import Note
from facilitator.tinydb_store import Store


def median_save_ms(path: Path, saves: int) -> tuple[float, float]:
    """(median ms per save, ms to open the store) for the live meeting in the store at ``path``."""
    started = time.perf_counter()
    store = Store(path)
    opened_ms = (time.perf_counter() - started) * 1000
    meeting = live_meeting()
    store.save(meeting)
    timings = []
    for index in range(saves):
        meeting.notes.append(Note(f"typed note {index}"))
        started = time.perf_counter()
        store.save(meeting)
        timings.append(time.perf_counter() - started)
    store.close()
    return statistics.median(timings) * 1000, opened_ms


def plain_tinydb_save_ms(path: Path, saves: int) -> float:
    """The same edit through TinyDB's default JSONStorage on a copy of the same history."""
    plain = path.parent.parent / f"plain-{path.parent.name}.json"
    one_file_copy(path, plain)
    db = TinyDB(plain)
    table = db.table("meetings")
    document = to_document(live_meeting())
    table.insert(document)
    timings = []
    for index in range(saves):
        document["captures"]["worked"]["notes"].append({"text": f"typed note {index}"})
        started = time.perf_counter()
        table.update({"captures": document["captures"]}, Query().id == document["id"])
        timings.append(time.perf_counter() - started)
    db.close()
    return statistics.median(timings) * 1000


@dataclass(frozen=True)
class SaveRow:
    meetings: int
    archive_mb: float
    open_ms: float
    save_ms: float  # median of the saves timed
    stock_ms: float | None  # the same edit through TinyDB's stock JSONStorage, if measured


def run(sizes: list[int], saves: int = 40, *, contrast: bool = True) -> list[SaveRow]:
    """One row per history size, in the order given; the first is the one the others are compared with."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"h{size}" / "minutes.json"
            build_store(path, size)
            ours, opened = median_save_ms(path, saves)
            plain = None
            if contrast and size <= 10_000:  # a one-file copy of 100,000 meetings would not fit in memory
                plain = plain_tinydb_save_ms(path, max(3, saves // 10 if size >= 10_000 else saves // 4))
            rows.append(SaveRow(size, store_mb(path), opened, ours, plain))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=40, help="saves timed per history size")
    parser.add_argument("--sizes", default="10,1000,10000", help="history sizes, comma-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    report(run(sizes, args.saves), args.saves)


def report(rows: list[SaveRow], saves: int) -> None:
    base_ours, base_plain = rows[0].save_ms, rows[0].stock_ms
    print(f"One autosave of the live meeting (median of {saves}; fsync included)")
    header = f"{'meetings':>9} {'archive MB':>10} {'open ms':>8} {'save ms':>8} {'ratio':>6}"
    print(f"{header}   {'stock TinyDB ms':>15} {'ratio':>7}")
    for row in rows:
        stock = (
            ""
            if row.stock_ms is None or not base_plain
            else f"{row.stock_ms:>15.1f} {row.stock_ms / base_plain:>6.1f}x"
        )
        print(
            f"{row.meetings:>9,} {row.archive_mb:>10.1f} {row.open_ms:>8.0f} {row.save_ms:>8.2f}"
            f" {row.save_ms / base_ours:>5.2f}x   {stock}"
        )
    worst = max(row.save_ms for row in rows) / base_ours
    verdict = "met" if worst <= 2 else "NOT met"
    print(f"target: save with {rows[-1].meetings:,} meetings within 2x of {rows[0].meetings:,}: {verdict}")


if __name__ == "__main__":
    main()
