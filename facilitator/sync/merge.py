"""Three-way merge of one meeting's documents, per item id and per field, with every clash kept.

``merge_documents(base, ours, theirs)`` takes the meeting as it stood at git's merge base and as
each side has it now. A field one side changed takes that side's value; a field both changed to the
same value takes it; a field both changed to different values is a clash: the merged meeting keeps
our value (or, when we deleted the item, their edited item: nothing is lost), and the clash keeps
both until someone settles it. An item deleted on one side and edited on the other is a clash too.

Lists of items are merged by each item's id (``id``; ``action_id`` for matters arising; ``name`` for
attendees, ``partner`` for positions and ratings, ``benefit`` for the checklist, ``key`` for steps);
lists only ever appended to (corrections, the circulation record) take both sides' additions.
Anything else changed on both sides is a clash as a whole.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class _Deleted:
    """Not there: a field or item one side deleted (or never had)."""

    def __repr__(self) -> str:
        return "DELETED"


DELETED: Any = _Deleted()

# The fields that identify an item in a list, tried in order; the first every item has (and no two share) wins.
ITEM_KEYS = ("id", "action_id", "key", "name", "partner", "benefit")

PathStep = str | dict[str, Any]  # a field's name, or {key field: value} for an item of a list


@dataclass
class Conflict:
    """Both sides changed one place to different values. ``kept`` is the side the merged meeting holds."""

    path: tuple[PathStep, ...]
    ours: Any  # DELETED when our side deleted the item
    theirs: Any
    kept: int  # 0: ours, 1: theirs


def merge_documents(
    base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[Any, list[Conflict]]:
    """The merged document and its clashes (``base`` None: the meeting was new on both sides)."""
    conflicts: list[Conflict] = []
    merged = _merge(DELETED if base is None else base, ours, theirs, (), conflicts)
    return merged, conflicts


def _merge(base: Any, ours: Any, theirs: Any, path: tuple[PathStep, ...], conflicts: list[Conflict]) -> Any:
    if ours == theirs:
        return ours
    if base == ours:
        return theirs
    if base == theirs:
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return _merge_dicts(base if isinstance(base, dict) else {}, ours, theirs, path, conflicts)
    if isinstance(ours, list) and isinstance(theirs, list):
        merged = _merge_lists(base if isinstance(base, list) else [], ours, theirs, path, conflicts)
        if merged is not None:
            return merged
    kept = 1 if ours is DELETED else 0  # a deletion never wins a clash by default: the edit is kept
    conflicts.append(Conflict(path, ours, theirs, kept))
    return theirs if kept else ours


def _merge_dicts(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    path: tuple[PathStep, ...],
    conflicts: list[Conflict],
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        value = _merge(
            base.get(key, DELETED), ours.get(key, DELETED), theirs.get(key, DELETED), (*path, key), conflicts
        )
        if value is not DELETED:
            merged[key] = value
    return merged


def item_key(*lists: Sequence[Any]) -> str | None:
    """The field that identifies the items of these lists, or None when they are not lists of items."""
    items = [item for found in lists for item in found]
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in ITEM_KEYS:
        if all(key in item and isinstance(item[key], (str, int)) for item in items) and all(
            len({_hashable(item[key]) for item in found}) == len(found) for found in lists
        ):
            return key
    return None


def _hashable(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _merge_lists(
    base: list[Any], ours: list[Any], theirs: list[Any], path: tuple[PathStep, ...], conflicts: list[Conflict]
) -> list[Any] | None:
    """Merged by item, or by appending both sides' additions; None when neither fits (a clash as a whole)."""
    key = item_key(base, ours, theirs)
    if key is not None:
        return _merge_items(key, base, ours, theirs, path, conflicts)
    if ours[: len(base)] == base and theirs[: len(base)] == base:  # both only appended
        added = [item for item in theirs[len(base) :] if item not in ours[len(base) :]]
        return [*ours, *added]
    return None


def _merge_items(
    key: str, base: list[Any], ours: list[Any], theirs: list[Any], path: tuple[PathStep, ...], conflicts: list[Conflict]
) -> list[Any]:
    def index(found: list[Any]) -> dict[Any, Any]:
        return {_hashable(item[key]): item for item in found}

    base_by, ours_by, theirs_by = index(base), index(ours), index(theirs)
    # The order: ours, unless only their side moved items about.
    common = [k for k in (_hashable(item[key]) for item in base) if k in ours_by and k in theirs_by]
    ours_order = [k for k in ours_by if k in base_by and k in theirs_by]
    skeleton, other = (theirs, ours) if ours_order == common else (ours, theirs)
    order = [_hashable(item[key]) for item in skeleton]
    for position, item in enumerate(other):  # items only the other side has go after their neighbour there
        k = _hashable(item[key])
        if k in order:
            continue
        before = next((_hashable(o[key]) for o in reversed(other[:position]) if _hashable(o[key]) in order), None)
        order.insert(0 if before is None else order.index(before) + 1, k)
    merged: list[Any] = []
    for k in order:
        selector = {key: (ours_by.get(k) or theirs_by[k])[key]}
        value = _merge(
            base_by.get(k, DELETED), ours_by.get(k, DELETED), theirs_by.get(k, DELETED), (*path, selector), conflicts
        )
        if value is not DELETED:
            merged.append(value)
    return merged


# --- clash records, as the replica keeps them -------------------------------------------------


def clash_record(
    meeting: dict[str, Any], conflict: Conflict, *, ours_by: str, theirs_by: str, found_on: str
) -> dict[str, Any]:
    """What a replica keeps of one clash: where, both values and who wrote each, which one the minutes hold."""
    values = [_side(conflict.ours, ours_by), _side(conflict.theirs, theirs_by)]
    path = list(conflict.path)
    identity = json.dumps([meeting.get("id"), path, sorted(json.dumps(v.get("value"), sort_keys=True) for v in values)])
    return {
        "id": hashlib.sha1(identity.encode("utf-8")).hexdigest()[:16],
        "meeting": meeting.get("id"),
        "meeting_label": f"{meeting.get('date', '')} {meeting.get('partnership', '')}".strip(),
        "path": path,
        "where": describe(meeting, conflict.path),
        "values": values,
        "kept": conflict.kept,
        "found_on": found_on,
    }


def _side(value: Any, by: str) -> dict[str, Any]:
    return {"by": by, "deleted": True} if value is DELETED else {"by": by, "value": value}


_ITEM_WORDS = {
    "attendees": "person",
    "items": "agenda item",
    "notes": "note",
    "other_notes": "note",
    "conflicts": "conflict",
    "decisions": "decision",
    "actions": "action",
    "arising": "matter arising",
    "contributions": "contribution",
    "risks": "risk",
    "steps": "step",
}


def describe(document: Any, path: Sequence[PathStep]) -> str:
    """Where a clash is, in words: "action 'Book the hall': status", "the meeting's summary"."""
    if not path:
        return "the whole meeting"
    words: list[str] = []
    here: Any = document
    parent = ""
    for step in path:
        if isinstance(step, dict):
            here = find_item(here, step)
            title = _title_of(here)
            noun = _ITEM_WORDS.get(parent, "item")
            words.append(f"{noun} '{title}'" if title else noun)
        else:
            if step != "captures" and not _is_step_key(document, step, parent) and step not in _ITEM_WORDS:
                words.append(step.replace("_", " "))
            parent = step
            here = here.get(step) if isinstance(here, dict) else None
    return ": ".join(words) if words else "the meeting"


def _is_step_key(document: Any, name: str, parent: str) -> bool:
    return parent == "captures" and isinstance(document, dict) and name in (document.get("captures") or {})


def _title_of(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    for field in ("text", "title", "issue", "name", "partner", "benefit"):
        value = item.get(field)
        if isinstance(value, str) and value:
            return value if len(value) <= 40 else value[:39] + "…"
    return ""


def find_item(found: Any, selector: dict[str, Any]) -> Any:
    """The item of a list that a path step selects (ids compared as stored; names in any case)."""
    ((key, wanted),) = selector.items()
    if not isinstance(found, list):
        return None
    return next(
        (item for item in found if isinstance(item, dict) and _hashable(item.get(key)) == _hashable(wanted)), None
    )


def merge_clash_lists(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Clash records kept by both sides: a clash settled (removed) on either side stays settled."""
    base_ids = {record["id"] for record in base}
    ours_ids, theirs_ids = {r["id"] for r in ours}, {r["id"] for r in theirs}
    merged: dict[str, Any] = {}
    for record in [*ours, *theirs]:
        rid = record["id"]
        settled = rid in base_ids and (rid not in ours_ids or rid not in theirs_ids)
        if not settled:
            merged.setdefault(rid, record)
    return sorted(merged.values(), key=lambda record: record["id"])
