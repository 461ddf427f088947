"""A process that saves one meeting over and over, printing the number of each save that returned.

Run by tests/test_crash.py, which kills it with SIGKILL at a random moment and then checks
that the store opens and holds at least the last save this process reported. Every fifth
save closes or reopens the meeting, so kills also land while it moves between the live
file and the archive.
"""

from __future__ import annotations

import datetime as dt
import sys

from facilitator.model import MeetingStatus, Note
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting

MEETING_ID = "crash-test-meeting"


def save_count(purpose: str) -> int:
    return int(purpose.split()[-1]) if purpose.startswith("save ") else 0


def main(path: str) -> None:
    with Store(path) as store:
        try:
            meeting = store.get(MEETING_ID)
        except Exception:
            meeting = review_meeting(id=MEETING_ID)
            # Some history beside it, over several weeks, so the archive has several parts.
            store.add_many(
                [
                    review_meeting(
                        id=f"past-{n}", status=MeetingStatus.CLOSED, date=dt.date(2026, 11, 20) - dt.timedelta(days=n)
                    )
                    for n in range(50)
                ]
            )
        count = save_count(meeting.purpose)
        while True:
            count += 1
            meeting.purpose = f"save {count}"
            meeting.notes.append(Note(f"note {count}"))
            if count % 5 == 0:
                closing = meeting.status is MeetingStatus.IN_PROGRESS
                meeting.status = MeetingStatus.CLOSED if closing else MeetingStatus.IN_PROGRESS
            store.save(meeting)
            print(count, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
