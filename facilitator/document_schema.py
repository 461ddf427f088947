"""Stored and exported meetings: the model's JSON plus a schema version, and how old ones upgrade.

Every meeting document carries ``schema``. Documents from an older layout are upgraded step
by step (``UPGRADES``); a document from a newer one is refused, never downgraded.

Schema history:
1. The first layout: agenda items, notes, conflicts and actions had no ids of their own,
   an attendee's apologies were a flag (``apologies: true``), and actions did not record
   the meeting that raised them or how often they were carried.
2. Stable ids on every item (so an action can be followed across meetings),
   ``attendance`` instead of the flag, ``raised_in`` and ``carried`` on actions.
3. Matters arising (``arising``: open actions of earlier meetings and what was decided),
   approval of the previous minutes (``previous_minutes``; ``approved_in`` and
   ``corrections`` on the approved meeting) and ``reason`` on a dropped action.
4. Templates, decisions and health over time: the meeting keeps its template's ``steps``;
   notes record the ``step`` they were captured on and a ``tag``; ``decisions`` with each
   partner's position; the health check gains ``by_partner`` ratings and a ``benefits``
   checklist; ``dismissed`` facilitation nudges.
5. Write-back that keeps later edits: an action records the last change of each field since
   it was agreed (``edits``: when, and which later meeting or the actions list), and a
   meeting's matters arising record the later edits kept instead of its decisions
   (``later_edits`` on each arising item and on ``previous_minutes``).
6. What was captured is kept per step: ``captures`` maps each step's key to what its kind
   captured (``{"items": [...]}`` for the agenda, ``{"notes": [...]}`` for a notes or worked
   step, ``{"conflicts"|"decisions"|"actions": [...]}``, ``{}`` for the close step), in place of
   the meeting-wide ``agenda``, ``notes``, ``conflicts``, ``decisions`` and ``actions`` lists.
   Notes of a step the meeting does not have move to ``other_notes``. A meeting without a close
   step is given one when it is read (``Meeting``), not by the upgrade.
7. Minutes worth sending: the meeting's ``summary``, end time and current ``speaker``; an
   action's ``agenda_item``; approximate dates (``due_text`` on actions, ``due_text`` and
   ``new_due_text`` on matters arising, ``next_review_text``); people ``also involved`` and an
   ``email`` on each person; a note's kind follows its step (``note`` off a "what worked" step);
   ``confidential`` on notes, conflicts, decisions and actions, the protective ``marking``, the
   ``withheld`` count of a circulation copy and the ``circulated`` record; two step kinds,
   ``contributions`` and ``risks``. Every new field has a default, so the upgrade only renames
   the kind of notes captured off a "what worked" step.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from facilitator import kinds
from facilitator.model import SCHEMA_VERSION, Meeting, ValidationError, new_id


class Unreadable(dict[str, Any]):
    """A stored document the JSON reader cannot take in: nested too deeply, or holding a number too
    long to read (Python turns no more than 4,300 digits into an int).

    One such meeting must not stop the others being read, nor be lost when the file is written
    again: it is kept as its text (``raw``), written back byte for byte, and readers leave it out,
    saying why (``problem``). As a dict it holds only the meeting's id, when one can be found.
    """

    def __init__(self, raw: str, problem: str, meeting_id: str) -> None:
        super().__init__(id=meeting_id)
        self.raw = raw
        self.problem = problem

    @property
    def untouched(self) -> bool:
        return dict(self) == {"id": self["id"]}


class SchemaError(ValueError):
    """A document this version cannot read; the message says what to do."""


def to_document(meeting: Meeting) -> dict[str, Any]:
    """The stored/exported form: the meeting's fields with ``schema`` first."""
    return {"schema": SCHEMA_VERSION, **meeting.to_dict()}


def from_document(document: Any) -> Meeting:
    """Read a stored or exported meeting of any schema up to ours; refuse newer or broken ones."""
    if not isinstance(document, dict):
        raise ValidationError("meeting", f"expected a JSON object, found {type(document).__name__}")
    try:
        upgraded = upgrade(document)
        body = {key: value for key, value in upgraded.items() if key != "schema"}
        return Meeting.from_dict(body)
    except RecursionError:  # a value nested thousands deep where the model looks (an upgrade copies it all)
        raise ValidationError("meeting", "is nested too deeply to read") from None


MAX_SCHEMA = 1000  # far beyond any real version: a larger number is damage, not a newer Facilitator


def schema_of(document: dict[str, Any]) -> int:
    version = document.get("schema")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_SCHEMA:
        raise SchemaError(f"the meeting has no valid schema version (found {_shown(version)})")
    return version


def _shown(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_SCHEMA:
        return "a number too large to be one"
    text = repr(value) if isinstance(value, (int, float, bool, type(None))) else type(value).__name__
    return text[:40]


def _items(document: dict[str, Any], key: str) -> list[Any]:
    """The list stored under ``key``, or none: an older document may be damaged anywhere."""
    value = document.get(key)
    return value if isinstance(value, list) else []


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """Bring a document up to ``SCHEMA_VERSION``; never changes the given one (a current one is returned as it is)."""
    version = schema_of(document)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"the meeting was written by a newer Facilitator (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}). Upgrade Facilitator to open it."
        )
    if version == SCHEMA_VERSION:
        return document
    upgraded = copy.deepcopy(document)
    while version < SCHEMA_VERSION:
        upgraded = UPGRADES[version](upgraded)
        version += 1
        upgraded["schema"] = version
    return upgraded


def _from_2_to_3(document: dict[str, Any]) -> dict[str, Any]:
    # Schema 3: matters arising, approval of minutes, and a reason for a dropped action. Earlier
    # meetings have no recorded approval, so their minutes read as drafts until a meeting approves them.
    for action in _items(document, "actions"):
        if isinstance(action, dict):
            action.setdefault("reason", "")
    document.setdefault("arising", [])
    document.setdefault("previous_minutes", None)
    document.setdefault("approved_in", "")
    document.setdefault("corrections", [])
    return document


# The steps every meeting had before templates (schema 3 and earlier): a partnership review.
# A frozen record of that layout, so an upgraded meeting reads as it was run, whatever the
# shipped review template becomes later.
SCHEMA_3_STEPS = (
    ("agenda", "agenda", "Agenda", "What will we cover, and for how long? Mark the item you are on."),
    ("worked", "worked", "What worked", "What went well, and what did not? Who said so?"),
    ("conflicts", "conflicts", "Conflicts", "Where did we pull in different directions, and how was it handled?"),
    ("actions", "actions", "Next actions", "Who will do what, by when?"),
    ("close", "close", "Close", "How healthy is the partnership? When do we meet again?"),
)


def _from_3_to_4(document: dict[str, Any]) -> dict[str, Any]:
    # Schema 4: every earlier meeting was a partnership review, its notes all on 'What worked'.
    document.setdefault(
        "steps",
        [
            {"key": key, "kind": kind, "title": title, "prompt": prompt, "time_box": 0, "tags": []}
            for key, kind, title, prompt in SCHEMA_3_STEPS
        ],
    )
    for note in _items(document, "notes"):
        if isinstance(note, dict):
            note.setdefault("step", "worked")
            note.setdefault("tag", "")
    health = document.get("health")
    if isinstance(health, dict):
        health.setdefault("by_partner", [])
        health.setdefault("benefits", [])
    document.setdefault("decisions", [])
    document.setdefault("dismissed", [])
    return document


def _from_4_to_5(document: dict[str, Any]) -> dict[str, Any]:
    # Schema 5: no change was recorded before, and no meeting had a later edit kept over its decision.
    for action in document.get("actions", []):
        if isinstance(action, dict):
            action.setdefault("edits", [])
    for item in document.get("arising", []):
        if isinstance(item, dict):
            item.setdefault("later_edits", [])
    previous = document.get("previous_minutes")
    if isinstance(previous, dict):
        previous.setdefault("later_edits", [])
    return document


def _from_1_to_2(document: dict[str, Any]) -> dict[str, Any]:
    for part in ("agenda", "notes", "conflicts", "actions"):
        for item in _items(document, part):
            if isinstance(item, dict):
                item.setdefault("id", new_id())
    for attendee in _items(document, "attendees"):
        if isinstance(attendee, dict) and "apologies" in attendee:
            attendee["attendance"] = "apologies" if attendee.pop("apologies") else "present"
    for action in _items(document, "actions"):
        if isinstance(action, dict):
            action.setdefault("raised_in", document.get("id", ""))
            action.setdefault("carried", 0)
    return document


# How schema 5 kept what was captured: the meeting-wide list of each single kind, and the field of
# the step's data that holds it in schema 6. Frozen: this is the layout of those documents, not the
# registry's (which may change later).
_SCHEMA_5_LISTS = (
    ("agenda", "agenda", "items", "Agenda"),
    ("conflicts", "conflicts", "conflicts", "Conflicts"),
    ("decisions", "decisions", "decisions", "Decisions"),
    ("actions", "actions", "actions", "Next actions"),
)
_SCHEMA_5_NOTE_KINDS = ("worked", "notes")


def _from_5_to_6(document: dict[str, Any]) -> dict[str, Any]:
    # Schema 6: each step keeps what it captured. A list with no step of its kind gets one, so
    # nothing is lost; a note of a step the meeting lacks goes to the other notes.
    steps = document.get("steps", [])
    if isinstance(steps, list) and not steps:  # schema 5 read none (or no list at all) as the review's
        from facilitator.templates import review_steps

        steps = document["steps"] = [_step_dict(step) for step in review_steps()]
    if not isinstance(steps, list):
        return document  # damaged: reading it says so
    # Key → kind of each step; a step without a text key is damage that reading the steps reports.
    keys: dict[str, Any] = {
        step["key"]: step.get("kind") for step in steps if isinstance(step, dict) and isinstance(step.get("key"), str)
    }
    captures: dict[str, Any] = {}
    for list_key, kind, field, title in _SCHEMA_5_LISTS:
        items = document.pop(list_key, [])
        key = next((k for k, found in keys.items() if found == kind), None)
        if key is None:
            if items == []:
                continue
            key = _unused(kind, keys)
            keys[key] = kind
            steps.append({"key": key, "kind": kind, "title": title, "prompt": "", "time_box": 0, "tags": []})
        captures[key] = {field: items}
    others: list[Any] = []
    for note in _items(document, "notes"):
        step = note.get("step") if isinstance(note, dict) else None
        if isinstance(step, str) and keys.get(step) in _SCHEMA_5_NOTE_KINDS:
            captures.setdefault(step, {"notes": []})["notes"].append(note)
        else:
            others.append(note)
    document.pop("notes", None)
    document["other_notes"] = others
    for key, step_kind in keys.items():  # every step has its capture, as a meeting writes it
        if step_kind == "close":
            captures.setdefault(key, {})
        elif step_kind in _SCHEMA_5_NOTE_KINDS:
            captures.setdefault(key, {"notes": []})
    document["captures"] = {key: captures[key] for key in keys if key in captures}
    return document


def _step_dict(step: Any) -> dict[str, Any]:
    return {
        "key": step.key,
        "kind": str(step.kind),
        "title": step.title,
        "prompt": step.prompt,
        "time_box": step.time_box,
        "tags": list(step.tags),
    }


def _unused(key: str, taken: dict[Any, Any]) -> str:
    return next(k for k in (key, *(f"{key}-{n}" for n in range(2, 100))) if k not in taken)


def items_of_kind(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The items every step of this kind captured, from a stored (current schema) document, in step order.

    For code that reads raw documents without building a ``Meeting`` (summaries, counts, the
    search index); it skips what is damaged rather than fail, as the store's readers do.
    """
    try:
        field = kinds.kind_of(kind).items
    except KeyError:
        return []
    steps, captures = document.get("steps"), document.get("captures")
    if field is None or not isinstance(steps, list) or not isinstance(captures, dict):
        return []
    found: list[dict[str, Any]] = []
    for step in steps:
        # A damaged step's key may be any JSON value: only text can name a capture (a dict cannot even be looked up).
        key = step.get("key") if isinstance(step, dict) else None
        if isinstance(step, dict) and step.get("kind") == kind and isinstance(key, str):
            captured = captures.get(key)
            if isinstance(captured, dict):
                found.extend(item for item in _items(captured, field) if isinstance(item, dict))
    return found


def other_notes_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The notes of steps a stored document does not have (``items_of_kind`` does not see them)."""
    return [note for note in _items(document, "other_notes") if isinstance(note, dict)]


# What schema 7 added, with the value an older meeting has: nothing typed, nothing marked.
_NEW_IN_7: dict[str, dict[str, Any]] = {
    "meeting": {
        "summary": "",
        "next_review_text": "",
        "speaker": "",
        "marking": "",
        "withheld": 0,
        "circulated": [],
    },
    "attendees": {"email": ""},
    "arising": {"due_text": "", "new_due_text": ""},
    "notes": {"confidential": False},
    "conflicts": {"confidential": False},
    "decisions": {"confidential": False},
    "actions": {"confidential": False, "agenda_item": None, "due_text": ""},
}


def _from_6_to_7(document: dict[str, Any]) -> dict[str, Any]:
    # Schema 7: every new field takes its empty value, and a note's kind follows its step (schema 6
    # gave every note 'worked', whatever its step).
    for name, value in _NEW_IN_7["meeting"].items():
        document.setdefault(name, copy.deepcopy(value))
    for part in ("attendees", "arising"):
        for item in _items(document, part):
            if isinstance(item, dict):
                for name, value in _NEW_IN_7[part].items():
                    item.setdefault(name, value)
    steps = document.get("steps")
    captures = document.get("captures")
    if not isinstance(steps, list) or not isinstance(captures, dict):
        return document
    for captured in captures.values():
        for part in ("notes", "conflicts", "decisions", "actions"):
            for item in _items(captured, part) if isinstance(captured, dict) else []:
                if isinstance(item, dict):
                    for name, value in _NEW_IN_7[part].items():
                        item.setdefault(name, value)
    for note in _items(document, "other_notes"):
        if isinstance(note, dict):
            note.setdefault("confidential", False)
    for step in steps:
        if not isinstance(step, dict) or step.get("kind") == "worked" or not isinstance(step.get("key"), str):
            continue
        captured = captures.get(step["key"])
        for note in _items(captured, "notes") if isinstance(captured, dict) else []:
            if isinstance(note, dict) and note.get("kind") == "worked":
                note["kind"] = "note"
    return document


# UPGRADES[n] turns a schema-n document into a schema-(n+1) one.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _from_1_to_2,
    2: _from_2_to_3,
    3: _from_3_to_4,
    4: _from_4_to_5,
    5: _from_5_to_6,
    6: _from_6_to_7,
}
