"""A seeded randomised test: three laptops make random edits (notes, actions, matters arising written back,
deletions, new meetings) and sync with one bare remote in random orders. At the end every laptop holds the
same minutes, and every edit is either there, shown as a clash, or was knowingly replaced by a later edit."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from facilitator import sync
from facilitator.model import Action, ArisingAction, Meeting, MeetingStatus, Note, Outcome
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting
from tests.test_sync import Laptop

GONE = "<gone>"


@dataclass
class Edit:
    """One field (or an item's being there) changed: what the laptop saw there, and what it wrote."""

    place: tuple[str, ...]
    seen: str
    wrote: str


class World:
    def __init__(self, root: Path, seed: int) -> None:
        self.random = random.Random(seed)
        self.remote = root / "remote.git"
        self.laptops = [Laptop(root, name) for name in ("ana", "ben", "cat")]
        self.edits: list[Edit] = []
        self.counter = 0
        start = [review_meeting(status=MeetingStatus.CLOSED, date=dt.date(2026, 9 + n, 7)) for n in range(2)]
        self.laptops[0].add(*start)
        for laptop in self.laptops:
            laptop.set_up(self.remote)
            laptop.sync()

    def token(self, laptop: Laptop) -> str:
        self.counter += 1
        return f"{laptop.name}-{self.counter}"

    def step(self) -> None:
        laptop = self.random.choice(self.laptops)
        if self.random.random() < 0.35:
            laptop.sync()
            return
        with Store(laptop.db) as store:
            closed = [m for m in store.meetings() if m.is_closed]
            meeting = self.random.choice(closed)
            operation = self.random.choice(
                ["note", "action", "summary", "owner", "note_text", "drop_note", "drop_action", "arising", "meeting"]
            )
            if operation == "meeting":
                new = review_meeting(status=MeetingStatus.CLOSED, summary=self.token(laptop))
                store.add(new)
                self.edits.append(Edit((new.id,), GONE, new.id))
                return
            if operation == "arising":
                self._write_back(store, laptop, meeting)
                return
            getattr(self, f"_{operation}")(laptop, meeting)
            store.put_merged([(meeting, meeting.revision)])

    def _note(self, laptop: Laptop, meeting: Meeting) -> None:
        note = Note(self.token(laptop), step="worked")
        meeting.add_note(note)
        self.edits.append(Edit((meeting.id, note.id), GONE, note.id))

    def _action(self, laptop: Laptop, meeting: Meeting) -> None:
        action = Action(self.token(laptop), owner=laptop.name)
        meeting.actions.append(action)
        self.edits.append(Edit((meeting.id, action.id), GONE, action.id))

    def _summary(self, laptop: Laptop, meeting: Meeting) -> None:
        value = self.token(laptop)
        self.edits.append(Edit((meeting.id, "summary"), meeting.summary, value))
        meeting.summary = value

    def _owner(self, laptop: Laptop, meeting: Meeting) -> None:
        if meeting.actions:
            action = self.random.choice(meeting.actions)
            value = self.token(laptop)
            self.edits.append(Edit((meeting.id, action.id, "owner"), action.owner, value))
            action.owner = value

    def _note_text(self, laptop: Laptop, meeting: Meeting) -> None:
        notes = meeting.notes_of("worked")
        if notes:
            note = self.random.choice(notes)
            value = self.token(laptop)
            self.edits.append(Edit((meeting.id, note.id, "text"), note.text, value))
            note.text = value

    def _drop_note(self, laptop: Laptop, meeting: Meeting) -> None:
        notes = meeting.notes_of("worked")
        if notes:
            note = self.random.choice(notes)
            meeting.remove_note(note.id)
            self._gone(meeting.id, note.id, note.text)

    def _drop_action(self, laptop: Laptop, meeting: Meeting) -> None:
        if meeting.actions:
            action = self.random.choice(meeting.actions)
            meeting.actions = [a for a in meeting.actions if a.id != action.id]
            self._gone(meeting.id, action.id, action.owner)

    def _gone(self, meeting_id: str, item_id: str, value: str) -> None:
        self.edits.append(Edit((meeting_id, item_id), item_id, GONE))
        for field in ("text", "owner"):
            self.edits.append(Edit((meeting_id, item_id, field), value, GONE))

    def _write_back(self, store: Store, laptop: Laptop, earlier: Meeting) -> None:
        """A later meeting on this laptop reviews an open action of an earlier one, and closes."""
        open_actions = [a for a in earlier.actions if a.is_open]
        if not open_actions:
            return
        action = self.random.choice(open_actions)
        later = Meeting(partnership=earlier.partnership, date=dt.date(2027, 1, 1 + self.counter % 27))
        later.arising = [
            ArisingAction(
                action.id,
                earlier.id,
                action.text,
                earlier.date,
                action.owner,
                action.due,
                outcome=self.random.choice([Outcome.DONE, Outcome.CARRIED]),
            )
        ]
        later.status = MeetingStatus.CLOSED
        store.save(later)  # the close writes the outcome back to the earlier meeting
        self.edits.append(Edit((later.id,), GONE, later.id))

    # -- the end ------------------------------------------------------------------------------------

    def settle_down(self) -> None:
        for _round in range(3):
            for laptop in self.laptops:
                laptop.sync()

    def check(self) -> None:
        documents = [laptop.documents() for laptop in self.laptops]
        assert documents[0] == documents[1] == documents[2], "the laptops hold different minutes"
        clash_sets = [sorted(c.id for c in sync.clashes(laptop.db)) for laptop in self.laptops]
        assert clash_sets[0] == clash_sets[1] == clash_sets[2]
        clashes = json.dumps([c.record for c in sync.clashes(self.laptops[0].db)])
        final = documents[0]
        replaced = {(edit.place, edit.seen) for edit in self.edits}
        for edit in self.edits:
            if edit.wrote == GONE:
                continue
            now = _value_at(final, edit.place)
            shown = json.dumps(edit.wrote) in clashes
            assert now == edit.wrote or shown or (edit.place, edit.wrote) in replaced, f"lost: {edit} (now {now!r})"


def _value_at(documents: dict[str, Any], place: tuple[str, ...]) -> str:
    meeting = documents.get(place[0])
    if meeting is None:
        return GONE
    if len(place) == 1:
        return place[0]
    if len(place) == 2 and place[1] == "summary":
        return str(meeting["summary"])
    items = [
        *(note for step in meeting["captures"].values() for note in step.get("notes", [])),
        *(action for step in meeting["captures"].values() for action in step.get("actions", [])),
    ]
    item = next((item for item in items if item["id"] == place[1]), None)
    if item is None:
        return GONE
    return str(item["id"]) if len(place) == 2 else str(item[place[2]])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_and_syncs_end_with_the_same_minutes_and_nothing_lost(tmp_path: Path, seed: int) -> None:
    world = World(tmp_path, seed)
    for _step in range(45):
        world.step()
    world.settle_down()
    world.check()
    assert len(world.edits) > 15  # the run did edit
