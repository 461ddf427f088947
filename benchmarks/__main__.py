"""Every figure beside its target, in one run.

Runs the benchmarks of this package one after another, each in a fresh process (so what
one leaves in memory, or the garbage collector's state, does not fall on the next), then
prints one table: each figure, its target, and whether it is met. The figures are the
ratios and limits of docs/design.md ("Figures it holds itself to"), measured side by side in
this run, plus one that has no target there (memory with a long history); its target is
argued in docs/performance.md.

Usage: python -m benchmarks [--quick] [--skip-soak] [--details]

--quick runs smaller histories and fewer repeats (a smoke check, about 30 s; its figures
are not at the targets' sizes). The full run took 6.5 minutes on two cores, two thirds of
it the 1,000-kill soak (--skip-soak leaves it out). --details prints each benchmark's own
report (as ``python -m benchmarks.X`` would) before the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import platform
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from benchmarks import (
    archive,
    crash_soak,
    keystrokes,
    keystrokes_planning,
    memory,
    random_keys,
    save_cost,
    search,
    startup,
    sync,
    typing,
)


@dataclass(frozen=True)
class Plan:
    large: int  # the long history: 10,000 meetings in the first targets
    huge: int  # an organisation's archive: 100,000 meetings in issue 18's targets
    small: int  # the short one the save and the search are compared with
    startup_runs: int
    saves: int
    notes: int
    search_repeat: int
    closes: int
    soak_trials: int
    random_keys: int


FULL = Plan(
    large=10_000,
    huge=100_000,
    small=10,
    startup_runs=9,
    saves=40,
    notes=200,
    search_repeat=21,
    closes=9,
    soak_trials=1000,
    random_keys=6000,
)
QUICK = Plan(
    large=1_000,
    huge=2_000,
    small=10,
    startup_runs=3,
    saves=10,
    notes=50,
    search_repeat=5,
    closes=3,
    soak_trials=20,
    random_keys=400,
)


QUICK_NOTE = "quick run (smaller histories and fewer runs than the targets ask for)"


@dataclass(frozen=True)
class Row:
    figure: str
    measured: str
    target: str
    verdict: str  # "met", "NOT met" or "for context"


def in_fresh_process(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in a new interpreter (spawned, not forked), its result handed back."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def count(n: int) -> str:
    return f"{n:,}"


STORAGE = {"start-up", "save cost", "search", "search, huge", "memory", "memory, huge", "archive"}


def measure(plan: Plan, *, soak: bool, details: bool, only_storage: bool = False) -> list[Row]:
    steps: list[tuple[str, Callable[..., Any], tuple[Any, ...], Callable[[Any], None]]] = [
        (
            "start-up",
            startup.run,
            ([0, plan.large, plan.huge], plan.startup_runs),
            lambda rows: startup.report(rows, plan.startup_runs),
        ),
        (
            "save cost",
            save_cost.run,
            (
                [plan.small, 1_000, plan.large, plan.huge]
                if plan.large > 1_000
                else [plan.small, plan.large, plan.huge],
                plan.saves,
            ),
            lambda rows: save_cost.report(rows, plan.saves),
        ),
        ("typing", typing.run, (plan.large, plan.notes), typing.report),
        ("typing, huge", typing.run, (plan.huge, plan.notes), typing.report),
        ("search", search.run, (plan.small, plan.large, plan.search_repeat), search.report),
        ("search, huge", search.run_without_contrast, (plan.small, plan.huge, plan.search_repeat), search.report),
        ("memory", memory.run, (plan.large,), memory.report),
        ("memory, huge", memory.run, (plan.huge,), memory.report),
        ("archive", archive.run, ([plan.small, plan.large, plan.huge], plan.closes), archive.report),
        ("keystrokes", keystrokes.run, (), keystrokes.report),
        (
            "keystrokes, planning",
            keystrokes_planning.run,
            (),
            lambda result: keystrokes.report(result, title="The first planning meeting"),
        ),
        ("random keys", random_keys.run, (plan.random_keys,), random_keys.report),
        ("sync", sync.run, (plan.large, 5), sync.report),
    ]
    if soak:
        steps.append(("SIGKILL soak", crash_soak.run, (plan.soak_trials, 1), crash_soak.report))
        sync_kills = sync.SOAK_KILLS if plan.large >= 10_000 else 5  # the quick run: a smoke check
        steps.append(("sync SIGKILL soak", sync.run_soak, (sync_kills,), sync.report_soak))
    if only_storage:
        steps = [step for step in steps if step[0] in STORAGE]
    results: dict[str, Any] = {}
    for number, (name, function, args, report) in enumerate(steps, start=1):
        print(f"[{number}/{len(steps)}] {name} ...", end="", file=sys.stderr, flush=True)
        started = time.perf_counter()
        results[name] = in_fresh_process(function, *args)
        print(f" {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        if details:
            report(results[name])
            print()
    return rows_from(plan, results)


def storage_rows(plan: Plan, results: dict[str, Any]) -> list[Row]:
    """The rows of the storage benchmarks: start-up, saves, search, memory, closes and the actions list."""
    rows = []

    for row in results["start-up"]:
        rows.append(
            Row(
                f"start to first usable screen vs a bare Textual app, {count(row.meetings)} meetings",
                f"{row.ratio:.2f}× ({row.ours_ms:.0f} ms vs {row.bare_ms:.0f} ms)",
                "≤ 1.3×",
                verdict(row.ratio <= 1.3),
            )
        )
    for loading in results["start-up"][1:]:
        rows.append(
            Row(
                f"longest event-loop stall while the {count(loading.meetings)}-meeting history loads after start",
                f"{loading.stall_ms:.0f} ms (history shown at {loading.loaded_ms:,.0f} ms)",
                "none (for context)",
                "for context",
            )
        )

    for row in results["start-up"][1:]:
        rows.append(
            Row(
                f"history and counts on the home screen after start, {count(row.meetings)} meetings",
                f"{row.loaded_ms / 1000:.2f} s",
                "≤ 2 s",
                verdict(row.loaded_ms <= 2000),
            )
        )

    saves = results["save cost"]
    few = saves[0]
    for many in saves[1:]:
        if many.meetings < plan.large:
            continue
        save_ratio = many.save_ms / few.save_ms
        rows.append(
            Row(
                f"one save, {count(many.meetings)} vs {count(few.meetings)} meetings stored (fsync included)",
                f"{save_ratio:.2f}× ({many.save_ms:.2f} ms vs {few.save_ms:.2f} ms)",
                "≤ 2×",
                verdict(save_ratio <= 2),
            )
        )

    for name in ("search", "search, huge"):
        s = results[name]
        longest_ms, longest_query = s.longest
        rows.append(
            Row(
                f"search over {count(s.large)} meetings: the longest query",
                f"{longest_ms:.1f} ms (`{longest_query}`); index built in {s.results[s.large]['build_ms']:,.0f} ms",
                f"≤ {search.TARGET_MS:.0f} ms",
                verdict(longest_ms <= search.TARGET_MS),
            )
        )

    for name in ("memory", "memory, huge"):
        m = results[name]
        rows.append(
            Row(
                f"memory with {count(m.meetings)} meetings loaded (store, overview, search index): resident",
                f"{m.peak_mb:.0f} MB peak, {m.after_mb:.0f} MB held; {m.before_mb:.0f} MB before "
                f"(+{m.growth_mb:.0f} MB, {m.per_meeting_kb:.1f} kB a meeting)",
                "peak ≤ 200 MB, held ≤ 150 MB",
                verdict(m.peak_mb <= 200 and m.after_mb <= 150),
            )
        )

    closes = results["archive"]
    base = closes[0]
    for row in closes[1:]:
        rows.append(
            Row(
                f"closing a meeting (moved into the archive, durable), {count(row.meetings)} meetings",
                f"{row.close_max_ms:.0f} ms longest, {row.close_ms:.0f} ms median "
                f"(vs {base.close_ms:.0f} ms with {count(base.meetings)})",
                f"≤ {archive.CLOSE_TARGET_MS:.0f} ms",
                verdict(row.close_max_ms <= archive.CLOSE_TARGET_MS),
            )
        )
    for row in closes[1:]:
        rows.append(
            Row(
                f"actions list across all meetings, first rows shown, {count(row.meetings)} meetings",
                f"{archive.actions_text(row)} ({row.actions:,} rows; vs {archive.actions_text(base)} "
                f"with {count(base.meetings)})",
                f"≤ {archive.ACTIONS_TARGET_MS:.0f} ms",
                verdict(row.actions_ms is not None and row.actions_ms <= archive.ACTIONS_TARGET_MS),
            )
        )
    return rows


def typing_rows(t: typing.Typing) -> list[Row]:
    """The typing figures with ``t.meetings`` stored (issue 18 asks for each at 10,000 and 100,000)."""
    stored = f"{count(t.meetings)} meetings stored"
    return [
        Row(
            f"typing, {stored}: storage work on the event loop per edit, median",
            f"{t.storage_median_ms:.3f} ms",
            "≤ 1 ms",
            verdict(t.storage_median_ms <= 1),
        ),
        Row(
            f"typing, {stored}: storage work on the event loop per edit, longest",
            f"{t.storage_max_ms:.3f} ms",
            "≤ 16 ms",
            verdict(t.storage_max_ms <= 16),
        ),
        Row(
            f"typing into a meeting, {stored}: longest event-loop block of any kind, fresh store / history",
            f"{t.fresh_longest_block_ms:.0f} / {t.longest_block_ms:.0f} ms "
            f"(bare Input app {t.bare_longest_block_ms:.0f} ms; longest collection {t.collection_ms:.0f} ms of CPU)",
            "≤ 33 ms",
            verdict(t.worst_block_ms <= 33),
        ),
        Row(
            f"typing, {stored}: key press to the character on screen, 99th percentile, vs a bare Textual Input",
            f"{t.key_ratio:.2f}× ({max(t.key_p99_ms, t.fresh_key_p99_ms):.0f} ms vs {t.bare_key_p99_ms:.0f} ms)",
            "≤ 1.5×",
            verdict(t.key_ratio <= 1.5),
        ),
        Row(
            f"typing, {stored}: edit to durable on disk, longest",
            f"{t.durable_max_ms:.0f} ms ({t.saves} saves)",
            "≤ 1 s",
            verdict(t.durable_max_ms <= 1000),
        ),
    ]


def rows_from(plan: Plan, results: dict[str, Any]) -> list[Row]:
    large = count(plan.large)
    rows = storage_rows(plan, results)
    if "typing" not in results:
        return rows  # --storage

    for name in ("typing", "typing, huge"):
        if name in results:
            rows += typing_rows(results[name])

    k = results["keystrokes"]
    rows.append(
        Row(
            "keystrokes to capture the Denise and Paul review vs a plain text file",
            f"{k.ratio:.2f}× ({k.app_keys:,} keys vs {k.plain_keys:,})",
            "≤ 1.0×",
            verdict(k.ratio <= 1.0),
        )
    )
    k = results["keystrokes, planning"]
    rows.append(
        Row(
            "keystrokes to capture the first planning meeting vs a plain text file",
            f"{k.ratio:.2f}× ({k.app_keys:,} keys vs {k.plain_keys:,})",
            "≤ 1.0×",
            verdict(k.ratio <= 1.0),
        )
    )

    r = results["random keys"]
    rows.append(
        Row(
            f"random keys through every screen (seed {r.seed}): keys sent, crashes",
            f"{r.keys:,} keys, {len(r.crashes)} crashes",
            "0 crashes",
            verdict(not r.crashes),
        )
    )

    f = results["sync"]
    rows += [
        Row(
            f"sync with {large} meetings in the remote, nothing to do (git fetch + push beside it)",
            f"{f.nothing_ms:.0f} ms (git {f.git_nothing_ms:.0f} ms)",
            f"≤ {sync.TARGET_NOTHING_MS} ms",
            verdict(f.nothing_ms <= sync.TARGET_NOTHING_MS),
        ),
        Row(
            "sync, one changed meeting each way (git commit + pull + push beside it)",
            f"{f.one_each_way_ms:.0f} ms (git {f.git_one_each_way_ms:.0f} ms)",
            f"≤ {sync.TARGET_ONE_EACH_WAY_MS / 1000:.0f} s",
            verdict(f.one_each_way_ms <= sync.TARGET_ONE_EACH_WAY_MS),
        ),
        Row(
            f"first sync of {large} meetings into an empty store (git clone beside it)",
            f"{f.first_s:.1f} s (git {f.git_clone_s:.1f} s)",
            f"≤ {sync.TARGET_FIRST_S} s",
            verdict(f.first_s <= sync.TARGET_FIRST_S),
        ),
    ]

    if "SIGKILL soak" in results:
        soak = results["SIGKILL soak"]
        rows.append(
            Row(
                f"SIGKILL during saves, {count(soak.trials)} kills: files that would not open, returned saves lost",
                f"{soak.unreadable}, {soak.lost}",
                "0, 0",
                verdict(soak.unreadable == 0 and soak.lost == 0),
            )
        )
    if "sync SIGKILL soak" in results:
        kills = results["sync SIGKILL soak"]
        rows.append(
            Row(
                f"SIGKILL during sync, {count(kills.kills)} kills: store opens, replica whole, edits lost",
                f"{kills.store_opens}/{kills.checks}, {kills.replica_whole}/{kills.checks}, {kills.lost}",
                "all, all, 0",
                verdict(not kills.problems and kills.store_opens == kills.replica_whole == kills.checks),
            )
        )
    return rows


def table(rows: list[Row]) -> list[str]:
    """A Markdown table, padded so it also reads as columns in a terminal."""
    cells = [("figure", "measured", "target", "verdict"), *((r.figure, r.measured, r.target, r.verdict) for r in rows)]
    widths = [max(len(line[column]) for line in cells) for column in range(4)]

    def line(values: tuple[str, ...]) -> str:
        return "| " + " | ".join(value.ljust(width) for value, width in zip(values, widths, strict=True)) + " |"

    return [line(cells[0]), "| " + " | ".join("-" * width for width in widths) + " |", *map(line, cells[1:])]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller histories, fewer runs: a smoke check")
    parser.add_argument("--skip-soak", action="store_true", help="leave out the SIGKILL soak")
    parser.add_argument("--details", action="store_true", help="print each benchmark's own report too")
    parser.add_argument(
        "--storage", action="store_true", help="only the storage figures (start-up, saves, search, memory, closes)"
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    header = (
        f"Facilitator figures, {dt.date.today().isoformat()}, {os.cpu_count()} cores, "
        f"{QUICK_NOTE if args.quick else 'full run'}; "
        f"Python {platform.python_version()}, Textual {version('textual')}, TinyDB {version('tinydb')}"
    )
    print(header, flush=True)
    rows = measure(plan, soak=not args.skip_soak, details=args.details, only_storage=args.storage)
    print()
    print("\n".join(table(rows)))
    missed = [row.figure for row in rows if row.verdict == "NOT met"]
    print()
    missed_text = "; ".join(missed) or "none"
    print(f"NOT met: {missed_text}. Took {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
