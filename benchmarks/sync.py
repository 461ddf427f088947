"""facilitator sync with N meetings in the remote, each figure beside the same operation with the git command line.

Three operations, on real repositories in a temporary folder (a bare remote on the same disk):

* **first sync**: a laptop with an empty store syncs with a remote holding N meetings (clone
  semantics: every meeting brought into its store). Beside it: ``git clone`` of the same remote.
* **nothing to do**: a second sync straight after (median of several). Beside it: ``git fetch`` and
  ``git push`` of the same branch in that laptop's replica.
* **one changed meeting each way**: another laptop has pushed one edited meeting, and this one has
  edited another: the sync fetches, merges, brings one in and pushes one (median of several).
  Beside it: in a ``git clone``, one file changed, ``git commit``, ``git pull`` (a merge) and
  ``git push``, with one file pushed by another clone first.

Targets (issue 17): nothing to do ≤ 300 ms, one each way ≤ 1 s, first sync of 10,000 ≤ 60 s.

``--kills N`` runs the SIGKILL soak instead (the machinery of tests/test_sync_kill.py, which does 20):
a laptop's ``facilitator sync`` killed at random moments N times while another laptop pushes
edits, the store and the replica opened and checked after every run, then a last sync and both
laptops compared. It prints the kills, the store opens, the replica checks and what was lost.

Usage: python -m benchmarks.sync [--meetings 10000] [--repeat 5] | --kills 200
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.history import build_store
from facilitator import sync
from facilitator.model import Meeting
from facilitator.tinydb_store import Store

TARGET_NOTHING_MS = 300
TARGET_ONE_EACH_WAY_MS = 1000
TARGET_FIRST_S = 60
SOAK_KILLS = 200  # issue 17: at least 200 kills in the benchmark (the suite has 20)
GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", "-c", "advice.detachedHead=false"]


@dataclass(frozen=True)
class SyncFigures:
    meetings: int
    first_s: float
    git_clone_s: float
    nothing_ms: float
    git_nothing_ms: float
    one_each_way_ms: float
    git_one_each_way_ms: float
    first_cpu_s: float = 0.0  # CPU time of the first sync (this process), and of git clone (its processes)
    git_clone_cpu_s: float = 0.0


def _git(*args: str, cwd: Path | None = None) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def _cpu() -> float:
    """CPU seconds spent so far by this process and the git commands it ran (on a shared machine the
    wall-clock figure counts the time other work held the cores)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed_cpu(action: object) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one action."""
    cpu = _cpu()
    wall = _timed(action)
    return wall, _cpu() - cpu


def _sync(db: Path) -> None:
    with Store(db) as store:
        sync.sync(store, db)


def _edit(db: Path, meeting_id: str, summary: str) -> None:
    with Store(db) as store:
        meeting: Meeting = store.get(meeting_id)
        meeting.summary = summary
        store.put_merged([(meeting, meeting.revision)])


def run(meetings: int, repeat: int = 5) -> SyncFigures:
    with tempfile.TemporaryDirectory(prefix="facilitator-sync-bench-") as folder:
        root = Path(folder)
        remote = root / "remote.git"
        source, laptop, other = (root / name / "minutes.json" for name in ("source", "laptop", "other"))
        for db in (source, laptop, other):
            db.parent.mkdir()
        build_store(source, meetings)
        sync.set_up(source, str(remote), name="Source")
        _sync(source)  # the remote now holds N meetings

        sync.set_up(laptop, str(remote), name="Laptop")
        first, first_cpu = _timed_cpu(lambda: _sync(laptop))
        git_clone, git_clone_cpu = _timed_cpu(lambda: _git("clone", "-q", str(remote), str(root / "clone")))

        with Store(laptop) as store:  # the store open, as the app has it ('facilitator sync' also opens it)
            nothing = [_timed(lambda: sync.sync(store, laptop)) for _ in range(repeat)]
        replica = sync.sync_folder(laptop) / "shared"

        def git_nothing_to_do() -> None:
            _git("fetch", "-q", str(remote), "main", cwd=replica)
            _git("push", "-q", str(remote), "main", cwd=replica)

        git_nothing = [_timed(git_nothing_to_do) for _ in range(repeat)]

        sync.set_up(other, str(remote), name="Other")
        _sync(other)
        with Store(laptop, readonly=True) as store:
            ids = sorted(store.ids())
        each_way = []
        for turn in range(repeat):
            _edit(other, ids[2 * turn], f"from other {turn}")
            _sync(other)
            _edit(laptop, ids[2 * turn + 1], f"from laptop {turn}")
            with Store(laptop) as store:
                each_way.append(_timed(lambda: sync.sync(store, laptop)))

        clone, second = root / "clone", root / "clone2"
        _git("clone", "-q", str(remote), str(second))
        files = sorted((clone / "meetings").iterdir())
        git_each_way = []
        for turn in range(repeat):
            theirs = second / "meetings" / files[2 * turn].name
            theirs.write_text(theirs.read_text() + " ", encoding="utf-8")
            _git("commit", "-qam", "theirs", cwd=second)
            _git("pull", "-q", "--no-rebase", "--no-edit", cwd=second)
            _git("push", "-q", "origin", "HEAD:main", cwd=second)
            mine = files[2 * turn + 1]
            mine.write_text(mine.read_text() + " ", encoding="utf-8")

            def git_round() -> None:
                _git("commit", "-qam", "mine", cwd=clone)
                _git("pull", "-q", "--no-rebase", "--no-edit", cwd=clone)
                _git("push", "-q", "origin", "HEAD:main", cwd=clone)

            git_each_way.append(_timed(git_round))
    return SyncFigures(
        meetings=meetings,
        first_s=first,
        git_clone_s=git_clone,
        nothing_ms=statistics.median(nothing) * 1000,
        git_nothing_ms=statistics.median(git_nothing) * 1000,
        one_each_way_ms=statistics.median(each_way) * 1000,
        git_one_each_way_ms=statistics.median(git_each_way) * 1000,
        first_cpu_s=first_cpu,
        git_clone_cpu_s=git_clone_cpu,
    )


def report(figures: SyncFigures) -> None:
    n = f"{figures.meetings:,}"
    print(f"Sync with {n} meetings in the remote (median of the repeats; git beside it on the same repository)")
    print(f"  first sync:              {figures.first_s:8.1f} s    git clone:        {figures.git_clone_s:8.1f} s")
    print(
        f"    of which CPU time:     {figures.first_cpu_s:8.1f} s                      {figures.git_clone_cpu_s:8.1f} s"
    )
    print(
        f"  nothing to do:           {figures.nothing_ms:8.0f} ms   git fetch + push: {figures.git_nothing_ms:8.0f} ms"
    )
    print(
        f"  one meeting each way:    {figures.one_each_way_ms:8.0f} ms   git commit + pull + push: "
        f"{figures.git_one_each_way_ms:.0f} ms"
    )


def run_soak(kills: int, progress: bool = False) -> SoakFigures:
    from tests.test_sync_kill import soak

    with tempfile.TemporaryDirectory(prefix="facilitator-sync-soak-") as folder:
        started = time.perf_counter()
        result = soak(Path(folder), kills, progress=progress)
        return SoakFigures(
            kills=result.kills,
            runs=result.runs,
            store_opens=result.store_opens,
            replica_whole=result.replica_whole,
            lost=result.lost,
            problems=tuple(result.problems),
            seconds=time.perf_counter() - started,
        )


@dataclass(frozen=True)
class SoakFigures:
    kills: int
    runs: int
    store_opens: int  # checks after a run (and at the end) where the store opened with every edit in it
    replica_whole: int  # ... and the replica opened and read whole
    lost: int  # edits lost
    problems: tuple[str, ...]
    seconds: float

    @property
    def checks(self) -> int:
        return self.runs + 2  # after every run, and both laptops at the end


def report_soak(figures: SoakFigures) -> None:
    print(f"Sync SIGKILL soak: {figures.kills} kills in {figures.runs} syncs ({figures.seconds:.0f} s)")
    print(f"  store opened with every edit in it: {figures.store_opens} of {figures.checks} checks")
    print(f"  replica opened and read whole:      {figures.replica_whole} of {figures.checks} checks")
    print(f"  edits lost: {figures.lost}; problems: {len(figures.problems)}")
    for problem in figures.problems[:10]:
        print(f"    {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync", description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--kills", type=int, default=0, help="run the SIGKILL soak with this many kills instead")
    args = parser.parse_args()
    if args.kills:
        report_soak(run_soak(args.kills, progress=True))
        return
    report(run(args.meetings, args.repeat))


if __name__ == "__main__":
    main()
