"""The notes step: notes under the step's own prompt, each optionally tagged with one of the step's tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator import kinds, outline
from facilitator.model import Meeting, Note
from facilitator.steps import StepSpec


@dataclass
class NotesData:
    """The notes captured on one step (a 'worked' step keeps the same)."""

    notes: list[Note] = field(default_factory=list)


def note_text(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("text"), item.get("raised_by"), item.get("tag"))


def raised_by(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("raised_by"),)


def count_notes(meeting: Meeting, step: StepSpec) -> str:
    return str(len(meeting.notes_of(step.key)))


def _section(meeting: Meeting, step: StepSpec, _history: Sequence[Meeting]) -> list[outline.Section]:
    if outline.by_item(meeting):
        return []  # the notes are under their agenda items (and 'General')
    return [outline.step_notes_section(step, meeting.notes_of(step.key))]


NOTES = kinds.register(
    kinds.Kind(
        "notes",
        NotesData,
        "notes",
        section=_section,
        count=count_notes,
        search_text=note_text,
        people=raised_by,
        tags=True,
        default_title="Notes",
    )
)
