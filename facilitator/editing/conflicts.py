"""Conflicts: the issue, who is party to it, how it was handled and where it stands."""

from __future__ import annotations

from facilitator.cycle import following
from facilitator.editing.base import KEEP, Keep, Part, checked, find, index_of, kept
from facilitator.model import Conflict, ConflictState, ConflictStyle

STYLES = list(ConflictStyle)  # the order 's' steps through Thomas's five styles
STATES = list(ConflictState)


class Conflicts(Part):
    def add(
        self,
        issue: str,
        parties: list[str] | None = None,
        style: ConflictStyle | str | None = None,
        state: ConflictState | str = ConflictState.OPEN,
        way_forward: str = "",
    ) -> Conflict:
        with self.session.edit("add conflict") as change:
            conflict = Conflict(issue, list(parties or []), style, state, way_forward)  # type: ignore[arg-type]
            change.list(change.meeting.conflicts).append(conflict)
        return conflict

    def edit(
        self,
        conflict_id: str,
        *,
        issue: str | Keep = KEEP,
        parties: list[str] | Keep = KEEP,
        style: ConflictStyle | str | Keep | None = KEEP,
        state: ConflictState | str | Keep = KEEP,
        way_forward: str | Keep = KEEP,
    ) -> Conflict:
        with self.session.edit("edit conflict") as change:
            conflict = change.item(find(change.meeting.conflicts, conflict_id))
            conflict.issue = kept(issue, conflict.issue)
            conflict.parties = list(kept(parties, conflict.parties))
            conflict.style = kept(style, conflict.style)  # type: ignore[assignment]  # checked just below
            conflict.state = kept(state, conflict.state)  # type: ignore[assignment]
            conflict.way_forward = kept(way_forward, conflict.way_forward)
            checked(conflict)
        return conflict

    def cycle_style(self, conflict_id: str) -> Conflict:
        """The next of the five styles; the first when none is set yet."""
        style = find(self.session.meeting.conflicts, conflict_id).style
        return self.edit(conflict_id, style=following(STYLES, style))

    def cycle_state(self, conflict_id: str) -> Conflict:
        """Open → way forward agreed → closed → open."""
        state = find(self.session.meeting.conflicts, conflict_id).state
        return self.edit(conflict_id, state=following(STATES, state))

    def remove(self, conflict_id: str) -> None:
        with self.session.edit("remove conflict") as change:
            conflicts = change.list(change.meeting.conflicts)
            conflicts.pop(index_of(conflicts, conflict_id))
