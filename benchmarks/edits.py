"""Time per edit on a large live meeting (300 notes, 100 actions, 20 items, 30 decisions), undo included.

Each edit records for undo only what it touches (``facilitator/undo.py``); before the session
was split, every edit deep-copied the whole meeting (about 25-35 ms at this size).

Usage: python -m benchmarks.edits
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from facilitator.model import Attendee, Meeting
from facilitator.session import Session


def large_session(notes: int = 300, actions: int = 100) -> Session:
    meeting = Meeting(
        "Youth Partnership", dt.date(2026, 11, 16), attendees=[Attendee("Denise Godfrey"), Attendee("Paul Howard")]
    )
    session = Session(meeting, clock=lambda: 0.0, now=lambda: dt.datetime(2026, 11, 16, 14))
    for index in range(20):
        session.agenda.add(f"Item {index}")
    for index in range(notes):
        session.notes.add(f"Note {index}: the bike group arrived early and used the computers")
    for index in range(actions):
        session.actions.add(f"Action {index}", "Paul Howard", dt.date(2026, 12, 1))
    for index in range(30):
        session.decisions.add(f"Decision {index}")
    return session


def run(repeat: int = 200) -> dict[str, tuple[float, float]]:
    """Median and longest seconds per edit, by kind of edit."""
    session = large_session()
    note, action = session.meeting.notes[5].id, session.meeting.actions[5].id
    edits: dict[str, Callable[[int], object]] = {
        "add note": lambda i: session.notes.add(f"More {i}"),
        "edit note text": lambda i: session.notes.edit(note, text=f"Edited {i}"),
        "cycle action status": lambda i: session.actions.cycle_status(action),
        "undo": lambda i: session.undo(),
        "redo": lambda i: session.redo(),
    }
    figures = {}
    for name, edit in edits.items():
        times = []
        for index in range(repeat if name not in ("undo", "redo") else 50):
            started = time.perf_counter()
            edit(index)
            times.append(time.perf_counter() - started)
        figures[name] = (statistics.median(times), max(times))
    return figures


def main() -> None:
    for name, (median, longest) in run().items():
        print(f"{name:22s} median {median * 1000:7.3f} ms   longest {longest * 1000:7.3f} ms")


if __name__ == "__main__":
    main()
