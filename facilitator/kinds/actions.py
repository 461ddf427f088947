"""The actions step: who will do what, by when."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator import kinds, outline
from facilitator.model import Action, Meeting
from facilitator.steps import StepSpec


@dataclass
class ActionsData:
    actions: list[Action] = field(default_factory=list)


def _section(meeting: Meeting, step: StepSpec, _history: Sequence[Meeting]) -> list[outline.Section]:
    # The full action table (owner, due, status), after the items each action also stands under.
    # The review's own step (keyed 'actions', titled 'Next actions') reads 'Actions' in its minutes,
    # as it always has; another template's actions step keeps its own title.
    return [outline.actions_section(meeting.actions, step.title if step.key != "actions" else "Actions")]


def _count(meeting: Meeting, _step: StepSpec) -> str:
    return str(len(meeting.actions))


def _text(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("text"), item.get("owner"), item.get("reason"))


def _owner(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("owner"),)


ACTIONS = kinds.register(
    kinds.Kind(
        "actions",
        ActionsData,
        "actions",
        section=_section,
        count=_count,
        search_text=_text,
        people=_owner,
        single=True,
        default_title="Next actions",
    )
)
