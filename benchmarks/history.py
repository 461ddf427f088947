"""Build a store holding N past meetings, made from the demo meetings with new ids and dates.

Thirty meetings a day going back from 2026 (about 210 a week: an organisation's whole service
keeping its minutes in one store), so 10,000 meetings span eleven months and 100,000 nine years,
and each week's part of the archive holds about 210 meetings.

A history of ``CACHED_FROM`` meetings or more is generated once and kept in the user's cache
folder (outside the repository), named for ``GENERATOR`` (raise it when what is generated
changes); each benchmark gets a copy made of hard links, which is safe because the store never
writes a file in place (every write replaces the file, see facilitator/tinydb_file.py).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import platformdirs

from facilitator.meeting_files import demo_meetings
from facilitator.model import Meeting, MeetingStatus, new_id
from facilitator.tinydb_store import Store

GENERATOR = 2  # 1: one meeting a week; 2: thirty a day
PER_DAY = 30
CACHED_FROM = 10_000
BATCH = 2_000  # meetings added per write: the store never holds the whole history as documents at once


def past_meetings(count: int, start: int = 0) -> list[Meeting]:
    """``count`` closed meetings (numbered from ``start``), thirty a day going back from 2026, cycling the demos."""
    demos = demo_meetings()
    meetings = []
    for index in range(start, start + count):
        meeting = copy.deepcopy(demos[index % len(demos)])
        meeting.id = new_id()
        meeting.partnership = f"{meeting.partnership} ({index % 40})"
        meeting.date = dt.date(2026, 1, 1) - dt.timedelta(days=index // PER_DAY)
        meeting.status = MeetingStatus.CLOSED
        for action in meeting.actions:
            action.id = new_id()
            action.raised_in = meeting.id
        meetings.append(meeting)
    return meetings


def batches(count: int) -> Iterator[list[Meeting]]:
    for start in range(0, count, BATCH):
        yield past_meetings(min(BATCH, count - start), start)


def live_meeting() -> Meeting:
    """The November demo review, reopened as the meeting in progress."""
    meeting = copy.deepcopy(demo_meetings()[-1])
    meeting.id = new_id()
    meeting.status = MeetingStatus.IN_PROGRESS
    return meeting


def generate(path: Path, count: int) -> None:
    with Store(path) as store:
        for batch in batches(count):
            store.add_many(batch)


def cached_history(count: int) -> Path:
    """The store of ``count`` meetings in the user's cache folder, generated the first time it is asked for."""
    folder = Path(platformdirs.user_cache_dir("facilitator-benchmarks")) / f"history-g{GENERATOR}-{count}"
    done = folder / "complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder / "minutes.json", count)
        done.touch()
    else:
        # Opened once by a writer: an overview index saved by an older version is rebuilt here,
        # once, rather than by every benchmark that opens a copy.
        Store(folder / "minutes.json").close()
    (folder / "minutes.json.lock").unlink(missing_ok=True)
    return folder / "minutes.json"


def build_store(path: Path, count: int) -> None:
    """A store of ``count`` past meetings at ``path`` (a copy of the cached one from ``CACHED_FROM`` meetings)."""
    if count < CACHED_FROM:
        generate(path, count)
        return
    source = cached_history(count).parent
    for file in source.rglob("*"):
        if file.is_dir() or file.name == "complete":
            continue
        target = path.parent / file.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(file, target)
        except OSError:
            shutil.copy2(file, target)


def store_mb(path: Path) -> float:
    """The store's size on disk: the header, the live file, the index and every part of the archive."""
    files = [file for file in path.parent.rglob("*") if file.is_file() and not file.name.endswith(".lock")]
    return sum(file.stat().st_size for file in files) / 1e6


def one_file_copy(path: Path, target: Path) -> None:
    """The history at ``path`` as one TinyDB file, as the store kept it before the split (for contrasts)."""
    import json

    meetings: dict[str, object] = {}
    for part in sorted((path.parent / f"{path.stem}.archive").glob("*.json")):
        for document in json.loads(part.read_text())["meetings"].values():
            meetings[str(len(meetings) + 1)] = document
    target.write_text(json.dumps({"meta": {"1": {"app": "facilitator", "schema": 7}}, "meetings": meetings}))
