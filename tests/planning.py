"""A planning meeting's steps as they were before "Who brings what" took contributions.

Tests of tags, speakers and the minutes' tagged notes use its notes step with five tags; the
shipped template's "resources" step is now of the ``contributions`` kind (tests/test_contributions_risks.py).
"""

from __future__ import annotations

from facilitator.steps import StepSpec
from facilitator.templates import load_catalogue

OLD_RESOURCES = StepSpec(
    "resources",
    "notes",
    "Who brings what",
    "What can each partner bring: people, kit, a place to meet, money?",
    15,
    ["staff", "equipment", "premises", "money", "other"],
)


def tagged_planning_steps() -> list[StepSpec]:
    """The planning template's steps, with "Who brings what" a notes step tagged by resource."""
    template = load_catalogue(None).templates["planning"]
    return [OLD_RESOURCES if step.key == "resources" else step for step in template.new_steps()]
