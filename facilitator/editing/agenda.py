"""The agenda: its items, their order, which one is being discussed, and their time."""

from __future__ import annotations

from facilitator.clock import current_item
from facilitator.editing.base import KEEP, Keep, Part, checked, find, index_of, kept
from facilitator.model import AgendaItem, ItemStatus
from facilitator.undo import Change


class Agenda(Part):
    def current(self) -> AgendaItem | None:
        """The item being discussed, if any."""
        return current_item(self.session.meeting.agenda)

    def add(self, title: str, time_box: int = 10) -> AgendaItem:
        with self.session.edit("add agenda item") as change:
            item = AgendaItem(title, time_box=time_box)
            change.list(change.meeting.agenda).append(item)
        return item

    def edit(
        self, item_id: str, *, title: str | Keep = KEEP, time_box: int | Keep = KEEP, notes: str | Keep = KEEP
    ) -> AgendaItem:
        with self.session.edit("edit agenda item") as change:
            item = change.item(find(change.meeting.agenda, item_id))
            item.title = kept(title, item.title)
            item.time_box = kept(time_box, item.time_box)
            item.notes = kept(notes, item.notes)
            checked(item)
        return item

    def move(self, item_id: str, offset: int) -> None:
        with self.session.edit("reorder agenda") as change:
            agenda = change.list(change.meeting.agenda)
            index = index_of(agenda, item_id)
            target = max(0, min(len(agenda) - 1, index + offset))
            agenda.insert(target, agenda.pop(index))

    def remove(self, item_id: str) -> None:
        with self.session.edit("remove agenda item") as change:
            meeting = change.meeting
            change.list(meeting.agenda).pop(index_of(meeting.agenda, item_id))
            for note in meeting.notes:  # the notes stay, under 'General'
                if note.agenda_item == item_id:
                    change.item(note).agenda_item = None

    def start(self, item_id: str) -> AgendaItem:
        """Make this the item being discussed; the one before it counts as covered."""
        with self.session.edit("start agenda item") as change:
            self.close_current(change)
            item = change.item(find(change.meeting.agenda, item_id))
            item.status = ItemStatus.CURRENT
        return item

    def toggle_done(self, item_id: str) -> AgendaItem:
        with self.session.edit("mark agenda item") as change:
            item = change.item(find(change.meeting.agenda, item_id))
            if item.status is ItemStatus.CURRENT:
                self.bank(change)
            item.status = ItemStatus.PENDING if item.status is ItemStatus.DONE else ItemStatus.DONE
        return item

    def bank(self, change: Change) -> None:
        """Add the running time of the current item to its total, and restart the count."""
        seconds = self.session.clock.bank()
        current = current_item(change.meeting.agenda)
        if current is not None:
            change.item(current).spent += seconds
            checked(current)

    def close_current(self, change: Change) -> None:
        """The item being discussed counts as covered, with its time banked."""
        self.bank(change)
        for item in change.meeting.agenda:
            if item.status is ItemStatus.CURRENT:
                change.item(item).status = ItemStatus.DONE
