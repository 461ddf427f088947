"""The decisions step: what the meeting decided, why, and where each partner stands."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator import kinds, outline
from facilitator.model import Decision, Meeting
from facilitator.steps import StepSpec


@dataclass
class DecisionsData:
    decisions: list[Decision] = field(default_factory=list)


def _section(meeting: Meeting, _step: StepSpec, _history: Sequence[Meeting]) -> list[outline.Section]:
    if outline.by_item(meeting):
        return []  # each decision is under its agenda item (or 'General')
    return [outline.decisions_section(meeting.decisions)]


def _count(meeting: Meeting, _step: StepSpec) -> str:
    return str(len(meeting.decisions))


def _text(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("text"), item.get("why"))


DECISIONS = kinds.register(
    kinds.Kind(
        "decisions",
        DecisionsData,
        "decisions",
        section=_section,
        count=_count,
        search_text=_text,
        single=True,
        default_title="Decisions",
    )
)
