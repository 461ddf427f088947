"""Finish on a meeting of thousands of notes (a pasted transcript): what "Send the minutes?" asks of the
meeting is counted, not copied, and the circulation copy drops confidential notes in one pass."""

from __future__ import annotations

import asyncio
import copy
import time
from pathlib import Path

import pytest

from facilitator import circulation
from facilitator.circulation import circulation_copy, withheld_from
from facilitator.model import Meeting, Note
from facilitator.tinydb_store import Store
from screens.closing_review import ClosingReviewScreen
from screens.export_picker import ExportPicker
from screens.home import HomeScreen
from screens.meeting import STEP_KEYS, MeetingScreen
from tests.apphelpers import in_progress_meeting, keys_taken, make_app, wait_for_store
from tests.conftest import review_meeting

NOTES = 3000


def big_meeting(confidential_every: int) -> Meeting:
    meeting = review_meeting()
    for number in range(NOTES):
        secret = number % confidential_every == 0
        meeting.add_note(Note(f"Note {number} about what worked in the open session", confidential=secret))
    return meeting


def test_withheld_from_counts_without_copying_the_meeting(monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = big_meeting(confidential_every=3)
    expected = circulation_copy(meeting).withheld - meeting.withheld
    copies: list[object] = []
    deepcopy = copy.deepcopy

    def counted_deepcopy(thing: object, memo: object = None) -> object:
        copies.append(thing)
        return deepcopy(thing, memo)  # type: ignore[arg-type]

    monkeypatch.setattr(circulation.copy, "deepcopy", counted_deepcopy)
    assert withheld_from(meeting) == expected == NOTES // 3
    assert copies == []  # Finish asks this on the event loop: a copy of 1 MB held the screen


def test_the_circulation_copy_drops_confidential_notes_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = big_meeting(confidential_every=1)
    removed: list[str] = []
    original = Meeting.remove_note

    def counted_remove(self: Meeting, note_id: str) -> Note:
        removed.append(note_id)
        return original(self, note_id)

    monkeypatch.setattr(Meeting, "remove_note", counted_remove)
    shared = circulation_copy(meeting)
    assert shared.notes == [note for note in meeting.notes if not note.confidential]
    assert shared.withheld == NOTES + sum(1 for note in review_meeting().notes if note.confidential)
    assert removed == []  # one by one by id walks every note each time: quadratic


async def test_finish_on_a_meeting_of_3000_notes_ends_at_home_and_the_loop_keeps_moving(db_path: Path) -> None:
    """The whole Finish, in the app: closing review, the save, "Send the minutes?", home. A watcher on the
    loop notes the longest time it went without a turn; the bound is generous (a loaded machine), a freeze
    (the save or a render done on the loop, seconds at this size) is far past it."""
    meeting = in_progress_meeting()
    for number in range(NOTES):
        meeting.add_note(Note(f"Note {number} " + "about the partnership and what worked in it " * 6))
    with Store(db_path) as store:
        store.save(meeting)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press(STEP_KEYS[len(app.screen.session.steps) - 1])
        longest = 0.0
        watching = True

        async def watch() -> None:
            nonlocal longest
            last = time.monotonic()
            while watching:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                longest, last = max(longest, now - last), now

        watcher = asyncio.create_task(watch())
        await pilot.press("ctrl+f")
        await keys_taken(pilot)
        assert isinstance(app.screen, ClosingReviewScreen)
        await pilot.press("enter")
        await keys_taken(pilot)
        for _ in range(60):  # the save of 1 MB is in a thread: wait for its picker, bounded
            if isinstance(app.screen, ExportPicker):
                break
            await pilot.pause(0.5)
        assert isinstance(app.screen, ExportPicker)
        await pilot.press("escape")
        watching = False
        await watcher
        assert isinstance(app.screen, HomeScreen)
        assert longest < 5, f"the loop went {longest:.1f} s without a turn"
        assert app.store is not None
        saved = app.store.get(meeting.id)  # on disk, closed, every note kept
        assert saved.is_closed and len(saved.notes) == NOTES
