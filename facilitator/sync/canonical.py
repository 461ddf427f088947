"""The files a sync replica holds: one canonical JSON file per meeting, and one per meeting's clashes.

Canonical means the same meeting always gives the same bytes: keys sorted, the meeting's own fields
one per line, and every list of items (notes, actions, attendees, matters arising…) one item per
line, so that git's diffs and history read by item. The ``revision`` counter is left out: it
counts saves in one store and means nothing in another.
"""

from __future__ import annotations

import json
from typing import Any

MARKER = "facilitator.json"  # at the root of every Facilitator replica: what says a remote is one
MARKER_APP = "facilitator"
SYNC_FORMAT = 1  # the layout of the replica's files; a remote written with a higher one is refused
MEETINGS_DIR = "meetings"
CLASHES_DIR = "clashes"
LOCAL_ONLY = frozenset({"revision"})  # fields of a stored meeting that stay in their own store

# Dicts this deep are written one key per line: the meeting (0), its captures (1), a step's capture (2).
_OPEN_DEPTH = 3


def meeting_path(meeting_id: str) -> str:
    return f"{MEETINGS_DIR}/{meeting_id}.json"


def clashes_path(meeting_id: str) -> str:
    return f"{CLASHES_DIR}/{meeting_id}.json"


def shared_document(document: dict[str, Any]) -> dict[str, Any]:
    """A stored meeting document as it is shared: without what only its own store means."""
    return {key: value for key, value in document.items() if key not in LOCAL_ONLY}


def dumps(value: Any) -> bytes:
    """Canonical bytes of a JSON value (a meeting document or a list of clashes)."""
    return (_emit(value, 0) + "\n").encode("utf-8")


def loads(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _emit(value: Any, depth: int) -> str:
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, dict) and value and depth < _OPEN_DEPTH:
        lines = [f"{inner}{_compact(key)}: {_emit(value[key], depth + 1)}" for key in sorted(value)]
        return "{\n" + ",\n".join(lines) + f"\n{pad}}}"
    if isinstance(value, list) and value and any(isinstance(item, dict) for item in value):
        return "[\n" + ",\n".join(f"{inner}{_compact(item)}" for item in value) + f"\n{pad}]"
    return _compact(value)


def marker() -> bytes:
    return dumps({"app": MARKER_APP, "format": SYNC_FORMAT})
