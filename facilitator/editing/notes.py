"""Notes taken on a step: what was said, who said it, what kind and tag, which agenda item.

Who is speaking is one for the meeting (``Meeting.speaker``), not one per step: the person
talking does not change because the facilitator moved on to another step. A tag is optional:
the cycle of a step's tags ends in none, and runs both ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.clock import current_item
from facilitator.cycle import following
from facilitator.editing.base import KEEP, Keep, Part, checked, find, index_of, kept
from facilitator.model import Meeting, Note, NoteKind, ValidationError, note_kind_on
from facilitator.people import next_speaker, speakers

if TYPE_CHECKING:
    from facilitator.session import Session


def next_agenda_item(meeting: Meeting, current: str | None, offset: int = 1) -> str | None:
    """The agenda item after ``current`` (an id; None is 'General'), 'General' coming after the last item.

    Notes, decisions and actions are moved between items with it: an item no longer on the
    agenda, like None, starts the round again.
    """
    choices: list[str | None] = [None, *(item.id for item in meeting.agenda)]
    if current not in choices:
        current = None
    return following(choices, current, offset)


def item_title(meeting: Meeting, item_id: str | None) -> str:
    """What the minutes call the agenda item of this id: its title, or 'General'."""
    item = meeting.agenda_item(item_id)
    return item.title if item else "General"


def note_list(meeting: Meeting, step: str) -> list[Note]:
    """The live list that holds the notes taken on ``step``: every change to notes goes through it."""
    return meeting.notes_home(step)


class Notes(Part):
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        start_speaker(session.meeting)

    def on(self, step: str) -> list[Note]:
        """The notes taken on ``step``, in the order they were taken."""
        return [note for note in self.session.meeting.notes if note.step == step]

    def add(
        self,
        text: str,
        *,
        kind: NoteKind = NoteKind.WORKED,
        raised_by: str = "",
        step: str = "worked",
        tag: str = "",
    ) -> Note:
        """A note on ``step``, tied to the agenda item under discussion (if any)."""
        with self.session.edit("add note") as change:
            meeting = change.meeting
            current = current_item(meeting.agenda)
            spec = meeting.step_spec(step)
            kind = note_kind_on(str(spec.kind), kind) if spec else kind  # a note's kind follows its step
            note = Note(
                text, kind=kind, raised_by=raised_by, agenda_item=current.id if current else None, step=step, tag=tag
            )
            change.list(note_list(meeting, step)).append(note)
        return note

    def edit(
        self,
        note_id: str,
        *,
        text: str | Keep = KEEP,
        kind: NoteKind | Keep = KEEP,
        raised_by: str | Keep = KEEP,
        agenda_item: str | Keep | None = KEEP,
        tag: str | Keep = KEEP,
    ) -> Note:
        with self.session.edit("edit note") as change:
            note = change.item(find(change.meeting.notes, note_id))
            note.text = kept(text, note.text)
            note.kind = kept(kind, note.kind)
            note.raised_by = kept(raised_by, note.raised_by)
            note.agenda_item = kept(agenda_item, note.agenda_item)
            note.tag = kept(tag, note.tag)
            checked(note)
        return note

    def remove(self, note_id: str) -> None:
        with self.session.edit("remove note") as change:
            step = find(change.meeting.notes, note_id).step
            notes = change.list(note_list(change.meeting, step))
            notes.pop(index_of(notes, note_id))

    def move(self, note_id: str, agenda_item: str | None) -> Note:
        """Put the note under another agenda item (None: 'General'), after the fact; undoable."""
        with self.session.edit("move note") as change:
            note = change.item(find(change.meeting.notes, note_id))
            note.agenda_item = known_item(change.meeting, agenda_item)
            checked(note)
        return note

    def cycle_item(self, note_id: str, offset: int = 1) -> Note:
        """Move the note to the next agenda item, 'General' after the last."""
        note = find(self.session.meeting.notes, note_id)
        return self.move(note_id, next_agenda_item(self.session.meeting, note.agenda_item, offset))

    def next_tag(self, step: str, current: str, offset: int = 1) -> str:
        """The step's tag ``offset`` places from ``current``, none ('') between the last and the first."""
        return tag_after(self.session.meeting, step, current, offset)

    def cycle_tag(self, note_id: str, offset: int = 1) -> Note:
        note = find(self.session.meeting.notes, note_id)
        return self.edit(note_id, tag=self.next_tag(note.step, note.tag, offset))

    def toggle_kind(self, note_id: str) -> Note:
        note = find(self.session.meeting.notes, note_id)
        flipped = NoteKind.WORKED if note.kind is NoteKind.DID_NOT_WORK else NoteKind.DID_NOT_WORK
        return self.edit(note_id, kind=flipped)

    def credit_next(self, note_id: str, offset: int = 1) -> Note:
        """Credit the note to the next (or, offset -1, the previous) person present; nobody in particular between."""
        note = find(self.session.meeting.notes, note_id)
        return self.edit(note_id, raised_by=speaker_after(self.session.meeting, note.raised_by, offset))

    # -- who is speaking: one for the meeting, carried from step to step -----------------------

    @property
    def speaker(self) -> str:
        """Who the next note is credited to ('' : nobody in particular)."""
        return self.session.meeting.speaker

    def set_speaker(self, name: str) -> str:
        """Say who is speaking now. Not undoable: ctrl+z undoes what was captured, not who holds the floor."""
        with self.session.edit("choose who is speaking", undoable=False) as change:
            change.field("speaker")
            change.meeting.speaker = name
        return self.session.meeting.speaker

    def cycle_speaker(self, offset: int = 1) -> str:
        """The next (offset 1) or previous (-1) person present becomes the speaker; nobody in particular between."""
        return self.set_speaker(speaker_after(self.session.meeting, self.session.meeting.speaker, offset))


def speaker_after(meeting: Meeting, current: str, offset: int = 1) -> str:
    """Who comes ``offset`` places from ``current`` among those present, with nobody ('') after the last."""
    if offset == 1:
        return next_speaker(meeting, current)
    return following([*speakers(meeting), ""], current, offset)


def tag_after(meeting: Meeting, step: str, current: str, offset: int = 1) -> str:
    """The step's tag ``offset`` places from ``current``: its tags, then none (''), round again."""
    spec = meeting.step_spec(step)
    return following([*spec.tags, ""], current, offset) if spec and spec.tags else ""


def start_speaker(meeting: Meeting) -> None:
    """A meeting opened for the first time starts with the first person present speaking.

    As notes always began: the review's first note is most often the chair's. Only a meeting
    never opened (no step visited yet) is given one; after that "" means nobody in particular,
    chosen, and is kept.
    """
    if not meeting.visited_steps and not meeting.speaker:
        present = speakers(meeting)
        meeting.speaker = present[0] if present else ""


def known_item(meeting: Meeting, agenda_item: str | None) -> str | None:
    """``agenda_item`` if it is on the agenda (None for 'General'); refused otherwise, never kept dangling."""
    if agenda_item is not None and meeting.agenda_item(agenda_item) is None:
        raise ValidationError("agenda_item", "is not an item on this meeting's agenda")
    return agenda_item
