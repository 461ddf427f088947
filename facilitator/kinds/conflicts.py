"""The conflicts step: where the partners pulled in different directions, and how it was handled."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator import kinds, outline
from facilitator.model import Conflict, ConflictState, Meeting
from facilitator.steps import StepSpec


@dataclass
class ConflictsData:
    conflicts: list[Conflict] = field(default_factory=list)


def _section(meeting: Meeting, _step: StepSpec, _history: Sequence[Meeting]) -> list[outline.Section]:
    return [outline.conflicts_section(meeting.conflicts)]


def _count(meeting: Meeting, _step: StepSpec) -> str:
    unsettled = sum(1 for c in meeting.conflicts if c.state is ConflictState.OPEN)
    return f"{len(meeting.conflicts)}" + (f" ({unsettled} open)" if unsettled else "")


def _text(item: dict[str, Any]) -> Iterable[Any]:
    parties = item.get("parties")
    return (item.get("issue"), *(parties if isinstance(parties, list) else ()), item.get("way_forward"))


CONFLICTS = kinds.register(
    kinds.Kind(
        "conflicts",
        ConflictsData,
        "conflicts",
        section=_section,
        count=_count,
        search_text=_text,
        single=True,
        default_title="Conflicts",
    )
)
