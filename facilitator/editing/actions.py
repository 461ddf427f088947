"""Actions agreed in the meeting: what, who, by when, and whether it is still open."""

from __future__ import annotations

import datetime as dt

from facilitator.clock import current_item
from facilitator.cycle import following
from facilitator.editing.base import KEEP, Keep, Part, checked, find, index_of, kept
from facilitator.editing.notes import known_item, next_agenda_item
from facilitator.model import Action, ActionStatus

STATUS_ORDER = (ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED)


class Actions(Part):
    def add(self, text: str, owner: str = "", due: dt.date | None = None, due_text: str = "") -> Action:
        """An action, tied to the agenda item under discussion (if any), as notes and decisions are.

        ``due_text``: the due date's words when they were a phrase ('before Easter'), ``due`` its latest day.
        """
        with self.session.edit("add action") as change:
            current = current_item(change.meeting.agenda)
            action = Action(
                text,
                owner=owner,
                due=due,
                due_text=due_text,
                raised_in=change.meeting.id,
                agenda_item=current.id if current else None,
            )
            change.list(change.meeting.actions).append(action)
        return action

    def edit(
        self,
        action_id: str,
        *,
        text: str | Keep = KEEP,
        owner: str | Keep = KEEP,
        due: dt.date | Keep | None = KEEP,
        status: ActionStatus | Keep = KEEP,
        due_text: str | Keep = KEEP,
    ) -> Action:
        """A new ``due`` without ``due_text`` is a plain date: the old words go with the old date."""
        with self.session.edit("edit action") as change:
            action = change.item(find(change.meeting.actions, action_id))
            action.text = kept(text, action.text)
            action.owner = kept(owner, action.owner)
            if not isinstance(due, Keep) and isinstance(due_text, Keep):
                due_text = ""
            action.due = kept(due, action.due)
            action.due_text = kept(due_text, action.due_text)
            action.status = kept(status, action.status)
            checked(action)
        return action

    def move(self, action_id: str, agenda_item: str | None) -> Action:
        """Put the action under another agenda item (None: 'General'), after the fact; undoable."""
        with self.session.edit("move action") as change:
            action = change.item(find(change.meeting.actions, action_id))
            action.agenda_item = known_item(change.meeting, agenda_item)
            checked(action)
        return action

    def cycle_item(self, action_id: str, offset: int = 1) -> Action:
        """Move the action to the next agenda item, 'General' after the last."""
        action = find(self.session.meeting.actions, action_id)
        return self.move(action_id, next_agenda_item(self.session.meeting, action.agenda_item, offset))

    def cycle_status(self, action_id: str) -> Action:
        """Open → done → dropped → open."""
        status = find(self.session.meeting.actions, action_id).status
        return self.edit(action_id, status=following(STATUS_ORDER, status))

    def remove(self, action_id: str) -> None:
        with self.session.edit("remove action") as change:
            actions = change.list(change.meeting.actions)
            actions.pop(index_of(actions, action_id))

    def flags(self, action: Action) -> list[str]:
        """What a facilitator should hear about an action: flagged, never refused."""
        flags = []
        if not action.owner:
            flags.append("no owner")
        if action.due is None and action.due_text:
            flags.append("no date found in its words")
        elif action.due is None:
            flags.append("no due date")
        elif action.is_open and action.due < self.session.clock.today():
            flags.append("due date has passed")
        return flags
