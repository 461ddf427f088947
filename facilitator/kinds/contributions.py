"""The contributions step: who brings what. Each offer is credited to the partner who provides it.

A partner is an organisation, or a person who has none (as ``Meeting.partners`` names them).
The minutes show the offers in a table by partner; who said it is kept for search and shown
only where someone spoke for another partner.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from facilitator import kinds, outline
from facilitator.checks import choice, identifier, new_id, plain_text, required_text
from facilitator.model import Meeting
from facilitator.steps import StepSpec


class ContributionKind(StrEnum):
    """What sort of thing is offered, in the order the pane cycles through them."""

    STAFF = "staff"
    PREMISES = "premises"
    EQUIPMENT = "equipment"
    MONEY = "money"
    CONTACTS = "contacts"
    OTHER = "other"


CONTRIBUTION_KINDS = tuple(ContributionKind)


@dataclass
class Contribution:
    """One thing a partner brings: 'two youth workers on Tuesdays', from the Youth Service."""

    text: str
    partner: str = ""  # the organisation (or the person without one) who provides it; '' if not said
    kind: ContributionKind = ContributionKind.OTHER
    raised_by: str = ""  # who said it in the meeting; '' when nobody in particular
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")
        self.partner = plain_text(self.partner, "partner")
        self.kind = choice(self.kind, ContributionKind, "kind")
        self.raised_by = plain_text(self.raised_by, "raised_by")
        self.id = identifier(self.id, "id")


@dataclass
class ContributionsData:
    contributions: list[Contribution] = field(default_factory=list)


def contributions_of(meeting: Meeting, key: str) -> list[Contribution]:
    """The live list of what the step of this key captured."""
    return meeting.captured(key).contributions  # type: ignore[no-any-return]


def _section(meeting: Meeting, step: StepSpec, _history: Sequence[Meeting]) -> list[outline.Section]:
    return [outline.contributions_section(meeting, step, contributions_of(meeting, step.key))]


def _count(meeting: Meeting, step: StepSpec) -> str:
    return str(len(contributions_of(meeting, step.key)))


def _text(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("text"), item.get("partner"), item.get("kind"), item.get("raised_by"))


def _raised_by(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("raised_by"),)


CONTRIBUTIONS = kinds.register(
    kinds.Kind(
        "contributions",
        ContributionsData,
        "contributions",
        section=_section,
        count=_count,
        search_text=_text,
        people=_raised_by,
        default_title="Who brings what",
    )
)
