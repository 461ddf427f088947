"""Finish on a meeting of thousands of notes (a pasted transcript): what "Send the minutes?" asks of the
meeting is counted, not copied, and the circulation copy drops confidential notes in one pass."""

from __future__ import annotations

import copy

import pytest

from facilitator import circulation
from facilitator.circulation import circulation_copy, withheld_from
from facilitator.model import Meeting, Note
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
