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

from facilitator.tinydb_store import Store
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
        assert not list(tmp_path.glob("*.tmp")), "temporary files were not cleaned up"
