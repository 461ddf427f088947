"""What every part's editor shares: the session it edits through, finding by id, KEEP.

An editor changes one part of the meeting with explicit, typed operations. Each runs inside
``session.edit(label)``, which holds the lock, checks the meeting afterwards (rolling back
and raising ``ValidationError`` if it is not valid) and records the edit for undo. Before it
changes anything, an editor records what it is about to touch: the list it adds to, removes
from or reorders (``change.list``), the item it changes in place (``change.item``, then
``checked`` runs the item's own checks), or a field of the meeting (``change.field``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

if TYPE_CHECKING:
    from facilitator.session import Session


class Keep(enum.Enum):
    """An update's "leave this as it is", distinct from None (which clears a value that may be empty)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP

T = TypeVar("T")


def kept(value: T | Keep, current: T) -> T:
    """The new value of a field an update was given, or the current one when it was left at KEEP."""
    return current if isinstance(value, Keep) else value


class Checked(Protocol):
    def __post_init__(self) -> None: ...


C = TypeVar("C", bound=Checked)


def checked(item: C) -> C:
    """``item`` after its own checks (which also tidy it: a name trimmed, a level's name made a level)."""
    item.__post_init__()
    return item


class HasId(Protocol):
    id: str


H = TypeVar("H", bound=HasId)


def index_of(items: Sequence[HasId], item_id: str) -> int:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    raise KeyError(f"nothing with id {item_id!r}")


def find(items: Sequence[H], item_id: str) -> H:
    return items[index_of(items, item_id)]


class Part:
    """An editor for one part of the session's meeting."""

    def __init__(self, session: Session) -> None:
        self.session = session
