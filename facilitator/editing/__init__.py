"""Typed editors, one per part of a live meeting, reached from the ``Session`` (``session.notes.add``…)."""

from facilitator.editing.actions import Actions
from facilitator.editing.agenda import Agenda
from facilitator.editing.arising import Arising
from facilitator.editing.base import KEEP, Keep
from facilitator.editing.close import Close
from facilitator.editing.confidential import Confidential
from facilitator.editing.conflicts import Conflicts
from facilitator.editing.contributions import Contributions
from facilitator.editing.decisions import Decisions
from facilitator.editing.details import Details
from facilitator.editing.notes import Notes, note_list
from facilitator.editing.people import People
from facilitator.editing.risks import Risks
from facilitator.editing.tips import Tips

__all__ = [
    "KEEP",
    "Actions",
    "Agenda",
    "Arising",
    "Close",
    "Confidential",
    "Conflicts",
    "Contributions",
    "Decisions",
    "Details",
    "Keep",
    "Notes",
    "People",
    "Risks",
    "Tips",
    "note_list",
]
