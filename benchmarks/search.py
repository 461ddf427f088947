"""The history screen's search with 10 and with 10,000 meetings stored, side by side in one run.

For each size: a store built with ``benchmarks.history.build_store``; its first search ever
(every part read and indexed, the word index saved beside the archive), timed; a later
session's first search (the index read from the saved word index), timed, and the memory the
index holds; then each query timed straight on the index (median and longest of ``--repeat`` runs), with the ratio of
the medians. Target: with 10,000 meetings every query answers within 100 ms (longest run).
For contrast, on the same 10,000: the search as ``Store.search`` first did it (every document
turned into JSON text and scanned, per query), and ``Store.search`` as it is now, end to end
(``Store.find`` as the history screen calls it: parse, search, the newest rows and the count).

The synthetic history repeats the two demo reviews with new dates, so most words are in every
meeting or in half of them: "a rare word" is one in no meeting, the worst case (every meeting
is read to the end).

Usage: python -m benchmarks.search [--sizes 10,10000] [--repeat 21]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.history import CACHED_FROM, build_store, cached_history
from facilitator import search_index
from facilitator.search import SearchIndex, parse_query
from facilitator.storepaths import parts_folder_for
from facilitator.tinydb_store import Store
from screens.history import HISTORY_ROWS

QUERIES = [
    ("a common word", "centre"),
    ("a word in a third", "cooking"),
    ("a rare word", "trampoline"),
    ("partnership", 'partnership:"offending team (7)"'),
    ("a person", "who:paul"),
    ("a project", "project:cooking"),
    ("a date range", "from:2020-01 to:2020-06"),
    ("three words", "bike workshop room"),
    ("a phrase", '"poster project"'),
    ("typing", "b"),
    ("typing", "bi"),
    ("typing", "bik"),
    ("typing", "bike"),
    ("all meetings", ""),
]
TARGET_MS = 100.0


def timed(index: SearchIndex, query: str, repeat: int) -> tuple[float, float, int]:
    """(median ms, longest ms, meetings found); the query is parsed each time, as the screen does.

    Timed as the history screen asks (``SearchIndex.find``: the newest ``HISTORY_ROWS`` ids and
    how many match), not a list of every match.
    """
    times, found = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = index.find(query, HISTORY_ROWS)[1]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), found


def old_store_search(documents: list[dict[str, Any]], query: str) -> int:
    """What ``Store.search`` did before the index: JSON text of every document, per query."""
    words = query.casefold().split()
    return sum(1 for d in documents if all(w in json.dumps(d, ensure_ascii=False).casefold() for w in words))


def measure(folder: Path, size: int, repeat: int, *, contrast: bool) -> dict[str, Any]:
    path = folder / f"h{size}" / "minutes.json"
    build_store(path, size)
    words = search_index.words_path(parts_folder_for(path))
    # The stored documents as the store hands them over, held in a list only for the contrast
    # (10,000 meetings at most: 100,000 would not fit in memory).
    documents = None
    if contrast:
        with Store(path, readonly=True) as store:
            documents = list(store.backend.documents())
    # The first search ever: every part read and indexed, and the word index saved beside them.
    words.unlink(missing_ok=True)  # a link to the cached one, if any: that one stays
    with Store(path) as store:
        started = time.perf_counter()
        store.find("", limit=HISTORY_ROWS)
        cold_ms = (time.perf_counter() - started) * 1000
    share_with_cache(words, size)
    # A later session's first search: the index read from the saved word index.
    with Store(path) as store:
        started = time.perf_counter()
        store.find("", limit=HISTORY_ROWS)
        open_ms = (time.perf_counter() - started) * 1000
    with Store(path) as store:
        tracemalloc.start()
        store.find("", limit=HISTORY_ROWS)
        held_mb = tracemalloc.get_traced_memory()[0] / 1e6
        tracemalloc.stop()
        index = store._search.index
        assert index is not None
        result = {
            "build_ms": cold_ms,
            "open_ms": open_ms,
            "held_mb": held_mb,
            "text_mb": index.text_size() / 1e6,
            "postings_mb": index.posting_bytes() / 1e6,
            "words_mb": words.stat().st_size / 1e6,
            "queries": [timed(index, query, repeat) for _, query in QUERIES],
        }
        if documents is not None:
            old = []
            for _ in range(3):
                started = time.perf_counter()
                old_found = old_store_search(documents, "bike")
                old.append((time.perf_counter() - started) * 1000)
            now = []
            for _ in range(repeat):
                started = time.perf_counter()
                now_found = store.find("bike", limit=HISTORY_ROWS)[1]  # what the history screen asks
                now.append((time.perf_counter() - started) * 1000)
            result["old"] = (statistics.median(old), old_found)
            result["store"] = (statistics.median(now), max(now), now_found)
    return result


def share_with_cache(words: Path, size: int) -> None:
    """Keep the saved word index with the cached history, so later runs (and the memory benchmark) find it.

    The run's parts are links to the cached ones (same size and time), so its stamps hold there.
    """
    if size < CACHED_FROM:
        return
    cached = search_index.words_path(parts_folder_for(cached_history(size)))
    if not cached.exists() or cached.read_bytes() != words.read_bytes():
        shutil.copy2(words, cached)


def ensure_words(path: Path, size: int) -> None:
    """The store at ``path`` with its word index saved (the first search of a session), shared with the cache."""
    with Store(path) as store:
        store.find("", limit=HISTORY_ROWS)  # saves the word index again if it was missing or stale
    share_with_cache(search_index.words_path(parts_folder_for(path)), size)


@dataclass(frozen=True)
class Search:
    small: int
    large: int
    repeat: int
    results: dict[int, dict[str, Any]]  # by size: build_ms, held_mb, text_mb, queries (and the contrast)

    @property
    def longest(self) -> tuple[float, str]:
        """(ms, query): the longest single run of any query with the larger history."""
        return max(
            (many[1], query) for (_, query), many in zip(QUERIES, self.results[self.large]["queries"], strict=True)
        )


def run(small: int = 10, large: int = 10_000, repeat: int = 21, *, contrast: bool = True) -> Search:
    for _, query in QUERIES:
        parse_query(query)  # a typo here should fail before minutes of building
    with tempfile.TemporaryDirectory() as folder:
        results = {
            size: measure(Path(folder), size, repeat, contrast=contrast and size == large) for size in (small, large)
        }
    return Search(small, large, repeat, results)


def run_without_contrast(small: int, large: int, repeat: int = 21) -> Search:
    """``run`` without the contrast (which holds every document at once: not at 100,000 meetings)."""
    return run(small, large, repeat, contrast=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,10000", help="two history sizes, small then large")
    parser.add_argument("--repeat", type=int, default=21, help="runs per query")
    args = parser.parse_args()
    small, large = (int(size) for size in args.sizes.split(","))
    report(run(small, large, args.repeat))


def report(search: Search) -> None:
    small, large, results = search.small, search.large, search.results
    print(f"Search with {small:,} and {large:,} meetings (ms; median and longest of {search.repeat} runs)")
    for size in (small, large):
        r = results[size]
        print(
            f"  {size:>6,} meetings: index built reading every part in {r['build_ms']:.0f} ms (first search ever), "
            f"read from the saved word index ({r['words_mb']:.1f} MB) in {r['open_ms']:.0f} ms; "
            f"holds {r['held_mb']:.1f} MB (terms {r['text_mb']:.1f} M characters, postings {r['postings_mb']:.1f} MB)"
        )
    head = f"{'query':<17} {'typed':<33} {small:>6,}: median   max  {large:>6,}: median   max   ratio  found"
    print(head)
    for (label, query), few, many in zip(QUERIES, results[small]["queries"], results[large]["queries"], strict=True):
        ratio = many[0] / few[0] if few[0] else float("inf")
        print(
            f"{label:<17} {query or '(empty)':<33} {few[0]:>14.3f} {few[1]:>5.2f} {many[0]:>14.2f} {many[1]:>5.1f}"
            f" {ratio:>6.0f}x {many[2]:>6,}"
        )
    worst = max(many[1] for many in results[large]["queries"])
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"target: every query within {TARGET_MS:.0f} ms with {large:,} meetings: longest {worst:.1f} ms, {verdict}")
    if "old" in results[large]:
        old_ms, old_found = results[large]["old"]
        store_median, store_max, store_found = results[large]["store"]
        print(f"for contrast, 'bike' with {large:,} meetings:")
        print(f"  the old Store.search (JSON of every document per query): {old_ms:.0f} ms, {old_found:,} found")
        print(
            f"  the history screen's search, end to end (Store.find: {HISTORY_ROWS} rows and the count): "
            f"median {store_median:.1f} ms, "
            f"max {store_max:.1f} ms, {store_found:,} found"
        )


if __name__ == "__main__":
    main()
