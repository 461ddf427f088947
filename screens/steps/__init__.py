"""One pane per step of the live meeting, chosen by the step's kind.

``register_pane`` ties a kind (``facilitator.kinds``) to the pane that edits it; the built-in
panes are registered the first time a pane is asked for. A kind registered from outside
registers its pane here too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screens.steps.base import StepPane

_PANES: dict[str, type[StepPane]] = {}
# (module, class) of each built-in pane, by kind: imported when first needed.
_BUILTIN = {
    "agenda": ("screens.steps.agenda", "AgendaPane"),
    "worked": ("screens.steps.notes", "WorkedPane"),
    "notes": ("screens.steps.notes", "NotesPane"),
    "conflicts": ("screens.steps.conflicts", "ConflictsPane"),
    "decisions": ("screens.steps.decisions", "DecisionsPane"),
    "actions": ("screens.steps.actions", "ActionsPane"),
    "close": ("screens.steps.close", "ClosePane"),
    "contributions": ("screens.steps.contributions", "ContributionsPane"),
    "risks": ("screens.steps.risks", "RisksPane"),
}


def register_pane(kind: str, pane: type[StepPane]) -> None:
    """Show a step of this kind with this pane (replacing any pane registered for it before)."""
    _PANES[kind] = pane


def unregister_pane(kind: str) -> None:
    """Forget a pane registered from outside (a built-in kind's pane comes back when next asked for)."""
    _PANES.pop(kind, None)


def pane_for(kind: str) -> type[StepPane]:
    """The pane for a step of this kind; KeyError for a kind without one."""
    if kind not in _PANES and kind in _BUILTIN:
        module, name = _BUILTIN[kind]
        _PANES[kind] = getattr(importlib.import_module(module), name)
    return _PANES[kind]


def builtin_panes() -> list[type[StepPane]]:
    """Every built-in kind's pane, imported now (the keymap check needs each one's key ids)."""
    return [pane_for(kind) for kind in _BUILTIN]
