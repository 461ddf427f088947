"""The close step: the health check and the next review (kept on the meeting itself), and Finish."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facilitator import kinds, outline
from facilitator.model import Meeting
from facilitator.steps import StepSpec


@dataclass
class CloseData:
    """Nothing of its own: the health check and the next review belong to the whole meeting."""


def _section(meeting: Meeting, _step: StepSpec, history: Sequence[Meeting]) -> list[outline.Section]:
    return [
        outline.health_section(meeting, history),
        outline.next_review_section(meeting.next_review, meeting.next_review_text),
    ]


def _count(meeting: Meeting, _step: StepSpec) -> str:
    return "✓" if not meeting.health.is_empty else ""


CLOSE = kinds.register(
    kinds.Kind("close", CloseData, None, section=_section, count=_count, single=True, default_title="Close")
)
