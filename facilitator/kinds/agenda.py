"""The agenda step: the items to cover, each with its time box (matters arising sit at its top)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator import kinds, outline
from facilitator.model import AgendaItem, Meeting
from facilitator.steps import StepSpec


@dataclass
class AgendaData:
    items: list[AgendaItem] = field(default_factory=list)


def _section(meeting: Meeting, _step: StepSpec, _history: Sequence[Meeting]) -> list[outline.Section]:
    # Each item is a section with what was said, decided and agreed under it, then 'General'.
    return outline.agenda_sections(meeting)


def _count(meeting: Meeting, _step: StepSpec) -> str:
    return str(len(meeting.agenda))


def _text(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("title"), item.get("notes"))


AGENDA = kinds.register(
    kinds.Kind(
        "agenda",
        AgendaData,
        "items",
        section=_section,
        count=_count,
        search_text=_text,
        single=True,
        default_title="Agenda",
    )
)
