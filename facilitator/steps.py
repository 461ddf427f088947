"""The steps of a meeting, as a template defines them: what each captures, its question, its time box.

A meeting keeps a copy of its template's steps, so that its minutes stand on their own whatever
becomes of the template file. The rules a list of steps keeps (``check_steps``) are the same for
a meeting and for a template file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from facilitator import kinds
from facilitator.checks import (
    MAX_TIME_BOX,
    ValidationError,
    bounded_list,
    plain_text,
    required_text,
    step_key,
    whole_number,
)
from facilitator.checks import _shown as shown

if TYPE_CHECKING:
    from facilitator.model import Meeting


class StepKind(StrEnum):
    """The kinds of step the core itself reads (``facilitator.kinds`` registers them, and more).

    The other shipped kinds, ``contributions`` (who brings what) and ``risks`` (open questions and
    risks), are registered by name only: nothing outside their own modules needs to know them, and
    the meeting checks their items as it checks any registered kind's.
    """

    AGENDA = "agenda"  # the items to cover, with matters arising at the top
    WORKED = "worked"  # notes marked worked / did not work
    NOTES = "notes"  # notes under the step's own prompt, optionally tagged
    CONFLICTS = "conflicts"
    DECISIONS = "decisions"
    ACTIONS = "actions"
    CLOSE = "close"  # the health check, the next review, Finish


MAX_STEPS = 9  # F2 to F10 go straight to a step


def step_kind(value: Any, name: str) -> str:
    """A registered kind's name; a built-in one as its ``StepKind``, so ``step.kind is StepKind.CLOSE`` holds."""
    if isinstance(value, str) and value in _BUILT_IN:
        return StepKind(value)
    if not kinds.is_kind(value):
        raise ValidationError(name, f"{shown(value)} is not one of: {', '.join(kinds.names())}")
    return str(value)


_BUILT_IN = frozenset(kind.value for kind in StepKind)


@dataclass
class StepSpec:
    """One step of a meeting, as its template defined it; kept in the meeting so its minutes stand alone."""

    key: str
    kind: str  # a registered kind's name (``facilitator.kinds``)
    title: str
    prompt: str = ""
    time_box: int = 0  # minutes; 0 for none
    tags: list[str] = field(default_factory=list)  # for a notes step: what ctrl+t cycles through

    def __post_init__(self) -> None:
        self.key = step_key(self.key, "key")
        self.kind = step_kind(self.kind, "kind")
        self.title = required_text(self.title, "title")
        self.prompt = plain_text(self.prompt, "prompt")
        self.time_box = whole_number(self.time_box, "time_box", MAX_TIME_BOX, "minutes")
        self.tags = [required_text(tag, f"tags[{i}]") for i, tag in enumerate(bounded_list(self.tags, "tags"))]


def steps_of(meeting: Meeting) -> list[StepSpec]:
    """The meeting's steps (a meeting always has them: it is given the review's when made without)."""
    return list(meeting.steps)


def step_of_kind(steps: list[StepSpec], kind: str) -> StepSpec | None:
    """The first step of this kind: how screens and the core find a step, never by its key."""
    return next((step for step in steps if step.kind == kind), None)


def check_steps(steps: list[StepSpec], where: str, *, what: str = "a template") -> None:
    """Every rule a list of steps keeps, for a meeting and for a template file alike.

    At most nine steps, unique keys, at most one step of each single kind (the ones whose
    data a meeting has once: agenda, conflicts, decisions, actions, close), tags only where the
    kind has them, and exactly one close step (Finish and the health check live there).
    """
    if len(steps) > MAX_STEPS:
        raise ValidationError(where, f"has {len(steps)} steps; at most {MAX_STEPS} fit the F2–F10 keys")
    keys: set[str] = set()
    seen: set[str] = set()
    for index, step in enumerate(steps):
        if step.key in keys:
            raise ValidationError(f"{where}[{index}].key", f"{step.key!r} is used by an earlier step")
        keys.add(step.key)
        kind = kinds.kind_of(step.kind)
        if kind.single and step.kind in seen:
            raise ValidationError(f"{where}[{index}].kind", f"only one step may be of kind {str(step.kind)!r}")
        seen.add(step.kind)
        if step.tags and not kind.tags:
            raise ValidationError(f"{where}[{index}].tags", "only a step of kind 'notes' has tags")
    if StepKind.CLOSE not in seen:
        raise ValidationError(where, f"{what} needs one step of kind 'close'")
