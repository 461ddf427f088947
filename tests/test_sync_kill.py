"""A sync killed (SIGKILL, a real subprocess) at random moments, 20 times: the store and the replica always
open, nothing edited here is lost, and the next sync finishes the work."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from facilitator import sync
from facilitator.model import MeetingStatus, Note
from facilitator.sync.replica import MAIN, Replica
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting
from tests.test_sync import Laptop

ROOT = Path(__file__).resolve().parent.parent
KILLS = 20


def _start_sync(laptop: Laptop, *, stderr: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "facilitator", "--db", str(laptop.db), "sync"],
        cwd=ROOT,  # this checkout's code
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _check_opens(laptop: Laptop, edits: dict[tuple[str, str], str]) -> None:
    """The store opens for writing, holds every edit made on it, and the replica reads whole."""
    with Store(laptop.db) as store:
        for (meeting_id, field), value in edits.items():
            assert getattr(store.get(meeting_id), field) == value, f"{field} of {meeting_id[:8]} lost"
    replica = Replica(sync.sync_folder(laptop.db) / "shared")
    try:
        head = replica.ref(MAIN)
        for blob in replica.files(head).values():
            replica.read(blob)  # every file of the branch is there
    finally:
        replica.close()
    sync.clashes(laptop.db)


def test_a_sync_killed_at_any_moment_loses_nothing_and_the_next_one_finishes(tmp_path: Path) -> None:
    rng = random.Random(17)
    here, there = Laptop(tmp_path, "here"), Laptop(tmp_path, "there")
    remote = tmp_path / "remote.git"
    mine = [review_meeting(status=MeetingStatus.CLOSED, date=dt.date(2025, 1, 1) + dt.timedelta(n)) for n in range(120)]
    theirs = [
        review_meeting(status=MeetingStatus.CLOSED, date=dt.date(2024, 1, 1) + dt.timedelta(n)) for n in range(30)
    ]
    here.add(*mine)
    there.add(*theirs)
    there.set_up(remote)
    there.sync()
    here.set_up(remote)
    edits_here: dict[tuple[str, str], str] = {}
    edits_there: dict[tuple[str, str], str] = {}
    notes_there: list[str] = []
    kills = runs = 0
    whole = 3.0  # seconds a sync takes, start to end, as last measured
    while kills < KILLS and runs < 80:
        runs += 1
        for n in range(rng.randint(1, 4)):  # edits here, to meetings of its own
            meeting = rng.choice(mine)
            value = f"here {runs}.{n}"
            here.edit(meeting.id, lambda m, v=value: setattr(m, "summary", v))
            edits_here[(meeting.id, "summary")] = value
        if runs % 3 == 0:  # the other laptop edits its own meetings and one of ours, and pushes
            meeting = rng.choice(theirs)
            value = f"there {runs}"
            there.edit(meeting.id, lambda m, v=value: setattr(m, "venue", v))
            edits_there[(meeting.id, "venue")] = value
            if mine[0].id in there.documents():  # a note on a meeting of ours: a merge inside one file
                there.edit(mine[0].id, lambda m, v=value: m.add_note(Note(v, step="worked")))
                notes_there.append(value)
            there.sync()
        process = _start_sync(here)
        started = time.monotonic()
        try:  # a moment anywhere in a whole sync, as long as the last one that finished took
            process.wait(timeout=rng.uniform(0.2, 1.0) * whole)
            whole = time.monotonic() - started
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
        _check_opens(here, edits_here)
    assert kills == KILLS, f"{kills} kills in {runs} runs"

    finished = _start_sync(here, stderr=subprocess.PIPE)
    _out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err.decode()
    there.sync()
    # A note from there on a meeting of ours, merged inside one file, whatever the kills let through before
    # (on a loaded machine every sync here may have been killed before it pushed that meeting).
    there.edit(mine[0].id, lambda m: m.add_note(Note("there, after the kills", step="worked")))
    notes_there.append("there, after the kills")
    there.sync()
    here.sync()
    assert here.documents() == there.documents()
    _check_opens(there, {**edits_here, **edits_there})
    _check_opens(here, {**edits_here, **edits_there})
    assert notes_there and set(notes_there) <= {note.text for note in here.get(mine[0].id).notes}
    fsck = subprocess.run(["git", "-C", str(remote), "fsck", "--no-progress"], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr
