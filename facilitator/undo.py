"""Undo and redo that keep only what each edit touched.

An edit records, before it changes anything, the parts it is about to change: a list of the
meeting (``Change.list``: a shallow copy, a pointer per item, for adding, removing or
reordering), one item it changes in place (``Change.item``: a copy of that item), or one of
the meeting's own fields (``Change.field``: the old value). An edit so costs a copy of what
it touches rather than of the whole meeting.

Undoing swaps each recorded part with the meeting's present one, keeping the present one
for redo; swapping back is redo. An item is put back in place (the same object, its old
contents), so that a list recorded earlier, which points at that object, sees it as it was;
and whoever holds an item keeps the live one. Anything an edit did not record (where the
facilitator is, the tips put away, the revision the store gave) is left as it is.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, TypeVar

from facilitator.model import Meeting

UNDO_LIMIT = 50

T = TypeVar("T")


class _ListPart:
    """A live list of the meeting and its contents as they were."""

    def __init__(self, live: list[Any]) -> None:
        self.live = live
        self.kept = list(live)

    def swap(self) -> None:
        present = list(self.live)
        self.live[:] = self.kept
        self.kept = present


class _ItemPart:
    """An item (a note, an action, the health check…) and a copy of its contents as they were."""

    def __init__(self, item: object) -> None:
        self.item = item
        self.kept = copy.deepcopy(item)

    def swap(self) -> None:
        # Contents, not identity: the lists and the screens that point at the item keep pointing at it.
        self.item.__dict__, self.kept.__dict__ = self.kept.__dict__, self.item.__dict__


class _FieldPart:
    """One field of the meeting (its health, the review date, the venue…) and its value as it was."""

    def __init__(self, meeting: Meeting, name: str) -> None:
        self.meeting = meeting
        self.name = name
        self.kept = getattr(meeting, name)
        if isinstance(self.kept, list):
            self.kept = list(self.kept)

    def swap(self) -> None:
        present = getattr(self.meeting, self.name)
        setattr(self.meeting, self.name, self.kept)
        self.kept = present


@dataclass
class Change:
    """What one edit touched, recorded before it touched it."""

    meeting: Meeting
    _lists: dict[int, _ListPart] = field(default_factory=dict)
    _items: dict[int, _ItemPart] = field(default_factory=dict)
    _fields: dict[str, _FieldPart] = field(default_factory=dict)

    def list(self, live: list[T]) -> list[T]:
        """Record ``live`` (a list of the meeting) before the edit changes it; ``live`` itself back."""
        if id(live) not in self._lists:
            self._lists[id(live)] = _ListPart(live)
        return live

    def item(self, item: T) -> T:
        """Record ``item`` before the edit changes it in place; ``item`` itself back."""
        if id(item) not in self._items:
            self._items[id(item)] = _ItemPart(item)
        return item

    def field(self, name: str) -> None:
        """Record the meeting's field ``name`` before the edit replaces its value."""
        if name not in self._fields:
            self._fields[name] = _FieldPart(self.meeting, name)

    def swap(self) -> None:
        """Put back what was recorded, keeping what was there for the way back."""
        parts: list[_ListPart | _ItemPart | _FieldPart] = [*self._lists.values(), *self._items.values()]
        for part in [*parts, *self._fields.values()]:
            part.swap()


class UndoLog:
    """The last ``limit`` edits, each with its label, and the edits undone since the last new one."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self.limit = limit
        self._undo: list[tuple[str, Change]] = []
        self._redo: list[tuple[str, Change]] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, label: str, change: Change) -> None:
        """A new edit: kept for undo, and what was undone can no longer be redone."""
        self._undo.append((label, change))
        del self._undo[: -self.limit]
        self._redo.clear()

    def undo(self) -> str | None:
        """Take back the last edit; its label, or None when there is none."""
        return _swap(self._undo, self._redo)

    def redo(self) -> str | None:
        return _swap(self._redo, self._undo)


def _swap(source: list[tuple[str, Change]], target: list[tuple[str, Change]]) -> str | None:
    if not source:
        return None
    label, change = source.pop()
    change.swap()
    target.append((label, change))
    return label
