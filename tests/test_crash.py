"""Kill a saving process with SIGKILL at random moments: the minutes must always open and keep
every save that had returned. FACILITATOR_CRASH_TRIALS raises the count for a longer soak
(benchmarks/crash_soak.py runs 1,000)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tinydb import TinyDB

from facilitator.tinydb_store import Store, live_path_for
from tests import storefiles
from tests.crash_writer import MEETING_ID, save_count

TRIALS = int(os.environ.get("FACILITATOR_CRASH_TRIALS", "50"))
ROOT = Path(__file__).resolve().parent.parent


def kill_while_saving(db_path: Path, rng: random.Random) -> int:
    """Start the writer, let it run a random while after its first save, kill it; the last save it reported."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_writer", str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    first = writer.stdout.readline()  # blocks until one save has returned
    assert first.strip(), "the writer died before its first save"
    time.sleep(rng.uniform(0, 0.03))
    writer.send_signal(signal.SIGKILL)
    rest, _ = writer.communicate()  # reads what is left, waits, and closes the pipe
    return int((first + rest).split()[-1])


def test_sigkill_at_random_moments_never_loses_a_returned_save(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("FACILITATOR_CRASH_SEED", "2026")))
    db_path = tmp_path / "minutes.json"
    for trial in range(TRIALS):
        last_reported = kill_while_saving(db_path, rng)
        with Store(db_path) as store:  # opens: no half-written file, lock freed by the kill
            meeting = store.get(MEETING_ID)
            on_disk = save_count(meeting.purpose)
            # Every reported save is there; at most one more (it returned, then the kill came before the print).
            assert last_reported <= on_disk <= last_reported + 1, f"trial {trial}"
            assert len(meeting.notes) == 2 + on_disk
            assert len(store) == 51
        # The writer that opened it left one copy of each meeting on disk, wherever the kill fell.
        assert copies_on_disk(db_path, MEETING_ID) == 1, f"trial {trial}"
        assert not list(tmp_path.rglob("*.tmp")), "temporary files were not cleaned up"


def copies_on_disk(db_path: Path, meeting_id: str) -> int:
    """How many files of the store hold this meeting, each read with plain tinydb."""
    in_live = [doc for doc in stored_meetings(live_path_for(db_path)) if doc["id"] == meeting_id]
    return len(in_live) + sum(1 for doc in storefiles.archived(db_path) if doc["id"] == meeting_id)


def stored_meetings(path: Path) -> list[dict[str, object]]:
    with TinyDB(path) as db:
        return db.table("meetings").all()
