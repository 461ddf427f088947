"""The steps of a meeting, as a template defines them: what each captures, its question, its time box.

A meeting keeps a copy of its template's steps, so that its minutes stand on their own whatever
becomes of the template file. The rules a list of steps keeps (``check_steps``) are the same for
a meeting and for a template file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from facilitator.checks import (
    MAX_TIME_BOX,
    ValidationError,
    bounded_list,
    choice,
    plain_text,
    required_text,
    step_key,
    whole_number,
)

if TYPE_CHECKING:
    from facilitator.model import Meeting


class StepKind(StrEnum):
    """What a step of a meeting captures; a template's steps are made of these."""

    AGENDA = "agenda"  # the items to cover, with matters arising at the top
    WORKED = "worked"  # notes marked worked / did not work
    NOTES = "notes"  # notes under the step's own prompt, optionally tagged
    CONFLICTS = "conflicts"
    DECISIONS = "decisions"
    ACTIONS = "actions"
    CLOSE = "close"  # the health check, the next review, Finish


# Kinds whose data is the meeting's own list: a meeting has at most one step of each.
SINGLE_STEP_KINDS = frozenset(
    {StepKind.AGENDA, StepKind.CONFLICTS, StepKind.DECISIONS, StepKind.ACTIONS, StepKind.CLOSE}
)
MAX_STEPS = 9  # F2 to F10 go straight to a step


@dataclass
class StepSpec:
    """One step of a meeting, as its template defined it; kept in the meeting so its minutes stand alone."""

    key: str
    kind: StepKind
    title: str
    prompt: str = ""
    time_box: int = 0  # minutes; 0 for none
    tags: list[str] = field(default_factory=list)  # for a notes step: what ctrl+t cycles through

    def __post_init__(self) -> None:
        self.key = step_key(self.key, "key")
        self.kind = choice(self.kind, StepKind, "kind")
        self.title = required_text(self.title, "title")
        self.prompt = plain_text(self.prompt, "prompt")
        self.time_box = whole_number(self.time_box, "time_box", MAX_TIME_BOX, "minutes")
        self.tags = [required_text(tag, f"tags[{i}]") for i, tag in enumerate(bounded_list(self.tags, "tags"))]


# The partnership review's steps, each keyed by its kind: how a meeting made in code without
# steps of its own is read (the app always gives a meeting its template's steps).
REVIEW_LAYOUT: tuple[tuple[StepKind, str], ...] = (
    (StepKind.AGENDA, "Agenda"),
    (StepKind.WORKED, "What worked"),
    (StepKind.CONFLICTS, "Conflicts"),
    (StepKind.DECISIONS, "Decisions"),
    (StepKind.ACTIONS, "Next actions"),
    (StepKind.CLOSE, "Close"),
)


def steps_of(meeting: Meeting) -> list[StepSpec]:
    """The meeting's steps; for a meeting without any, the partnership review's."""
    return list(meeting.steps) or [StepSpec(kind.value, kind, title) for kind, title in REVIEW_LAYOUT]


def check_steps(steps: list[StepSpec], where: str) -> None:
    """The rules a list of steps keeps, for a meeting and for a template file alike."""
    if len(steps) > MAX_STEPS:
        raise ValidationError(where, f"has {len(steps)} steps; at most {MAX_STEPS} fit the F2–F10 keys")
    keys: set[str] = set()
    kinds: set[StepKind] = set()
    for index, step in enumerate(steps):
        if step.key in keys:
            raise ValidationError(f"{where}[{index}].key", f"{step.key!r} is used by an earlier step")
        keys.add(step.key)
        if step.kind in SINGLE_STEP_KINDS and step.kind in kinds:
            raise ValidationError(f"{where}[{index}].kind", f"only one step may be of kind {step.kind.value!r}")
        kinds.add(step.kind)
        if step.tags and step.kind is not StepKind.NOTES:
            raise ValidationError(f"{where}[{index}].tags", "only a step of kind 'notes' has tags")
