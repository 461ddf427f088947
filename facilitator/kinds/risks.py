"""The risks step: open questions and risks, each with an optional owner, until settled or answered."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from facilitator import kinds, outline
from facilitator.checks import ValidationError, choice, identifier, new_id, plain_text, required_text
from facilitator.model import Meeting
from facilitator.steps import StepSpec


class RiskKind(StrEnum):
    QUESTION = "question"  # something nobody could answer yet
    RISK = "risk"  # something that could go wrong


@dataclass
class Risk:
    """An open question ('can we use the hall in August?') or a risk ('new territory for us')."""

    text: str
    kind: RiskKind = RiskKind.QUESTION
    owner: str = ""  # who will follow it up; '' for nobody yet
    settled: bool = False  # a question answered, a risk dealt with
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")
        self.kind = choice(self.kind, RiskKind, "kind")
        self.owner = plain_text(self.owner, "owner")
        if not isinstance(self.settled, bool):
            raise ValidationError("settled", f"must be true or false, not {type(self.settled).__name__}")
        self.id = identifier(self.id, "id")

    @property
    def state(self) -> str:
        """'open', or 'answered' for a question and 'settled' for a risk."""
        if not self.settled:
            return "open"
        return "answered" if self.kind is RiskKind.QUESTION else "settled"


@dataclass
class RisksData:
    risks: list[Risk] = field(default_factory=list)


def risks_of(meeting: Meeting, key: str) -> list[Risk]:
    """The live list of what the step of this key captured."""
    return meeting.captured(key).risks  # type: ignore[no-any-return]


def _section(meeting: Meeting, step: StepSpec, _history: Sequence[Meeting]) -> list[outline.Section]:
    return [outline.risks_section(step, risks_of(meeting, step.key))]


def _count(meeting: Meeting, step: StepSpec) -> str:
    risks = risks_of(meeting, step.key)
    still_open = sum(1 for risk in risks if not risk.settled)
    return f"{len(risks)}" + (f" ({still_open} open)" if still_open else "")


def _text(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("text"), item.get("owner"), item.get("kind"))


def _owner(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("owner"),)


RISKS = kinds.register(
    kinds.Kind(
        "risks",
        RisksData,
        "risks",
        section=_section,
        count=_count,
        search_text=_text,
        people=_owner,
        default_title="Open questions and risks",
    )
)
