"""The 'what worked' step: notes marked worked / did not work, under their agenda item in the minutes."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator import kinds, outline
from facilitator.kinds.notes import NotesData, count_notes, note_text, raised_by
from facilitator.model import Meeting
from facilitator.steps import StepSpec


def _section(meeting: Meeting, step: StepSpec, _history: Sequence[Meeting]) -> list[outline.Section]:
    return [outline.worked_section(meeting, meeting.notes_of(step.key))]


WORKED = kinds.register(
    kinds.Kind(
        "worked",
        NotesData,
        "notes",
        section=_section,
        count=count_notes,
        search_text=note_text,
        people=raised_by,
        default_title="What worked",
    )
)
