"""The overview index beside a split archive: what the lists and counts need, per part file.

The archive's parts (``minutes.archive/2026-W48.json``, ...) are the truth; this file is a
cache of their listings (``readmodels.Listing``: the summary, the revision, the open actions'
due dates) so that opening a store of 100,000 meetings reads one small file instead of every
part. Each part's entry carries the part's stamp (its size and modification time in
nanoseconds) when the listings were taken; a part whose stamp differs, or that the index does
not name, is read again, and a part the index names but the disk does not is dropped. An index
that is missing, unreadable, of another version or of another schema is ignored whole, and the
listings are rebuilt from the parts. The index is never trusted over the parts.

Written atomically (as the TinyDB files are) when a writer opens a store whose index was stale
and when it closes the store; a kill in between leaves an older index, whose stale stamps send
the next open back to the parts that changed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.model import SCHEMA_VERSION
from facilitator.readmodels import Listing, MeetingActions
from facilitator.tinydb_file import atomic_write

# 1: one JSON object; 2: a header line, then a line a part; 3: two lines a part, its listings and its actions
INDEX_VERSION = 3
Stamp = tuple[int, int]  # (size, mtime_ns)


def stamp_of(path: Path) -> Stamp | None:
    """The part's size and modification time, or None when it is gone."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


@dataclass
class PartEntry:
    stamp: Stamp
    listings: dict[str, Listing] = field(default_factory=dict)
    # The part's meetings' actions (None for a meeting that cannot be read), for the actions list: once
    # changed, held here; until then read from the saved index when asked (``actions_at``), so that opening
    # the store neither decodes nor holds them (127 MB of text at 100,000 meetings).
    actions: dict[str, MeetingActions | None] | None = None
    actions_at: SavedLine | None = None


@dataclass(frozen=True)
class SavedLine:
    """Where a part's actions line is in the saved index: good only while the index file's stamp is the same."""

    path: Path
    stamp: Stamp
    offset: int
    length: int

    def read(self) -> bytes | None:
        if stamp_of(self.path) != self.stamp:
            return None  # the index was rewritten since (by another writer): the part is read instead
        try:
            with self.path.open("rb") as file:
                file.seek(self.offset)
                line = file.read(self.length)
        except OSError:
            return None
        return line if stamp_of(self.path) == self.stamp and len(line) == self.length else None


def load(path: Path) -> dict[str, PartEntry]:
    """The entries of a saved index, or none at all when it cannot be trusted to be ours and whole.

    Read a line (a part) at a time: one ``json.loads`` of the whole file (20 MB at 100,000
    meetings) is one C call that would hold the interpreter lock, and the app's event loop, for
    most of a second.
    """
    try:
        stamp = stamp_of(path)
        data = path.read_bytes()
        if stamp is None or stamp_of(path) != stamp:
            return {}  # replaced while read: the parts are the truth
        lines = _lines(data)
        header = json.loads(data[slice(*lines[0])])
        if header != {"app": "facilitator", "index": INDEX_VERSION, "schema": SCHEMA_VERSION}:
            return {}  # another program's, another version's, or listings read from documents of another schema
        entries = {}
        if len(lines) % 2 != 1:
            return {}  # a line lost: every part has two
        for (start, end), (actions_start, actions_end) in zip(lines[1::2], lines[2::2], strict=True):
            name, size, mtime_ns, rows = json.loads(data[start:end])
            if not (isinstance(name, str) and isinstance(size, int) and isinstance(mtime_ns, int)) or name in entries:
                return {}
            listings = [Listing.from_row(row) for row in rows]
            entries[name] = PartEntry((size, mtime_ns), {listing.id: listing for listing in listings})
            entries[name].actions_at = SavedLine(path, stamp, actions_start, actions_end - actions_start)
        return entries
    except (OSError, IndexError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return {}  # missing, broken, or of another shape: rebuilt from the parts


def save(path: Path, entries: dict[str, PartEntry]) -> None:
    """Write the index atomically: a header line, then two lines a part: ``[name, size, mtime_ns, rows]`` and
    its actions (``actions_line``)."""
    encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
    header = encode({"app": "facilitator", "index": INDEX_VERSION, "schema": SCHEMA_VERSION})
    lines = [header]
    for name, entry in sorted(entries.items()):
        lines.append(encode([name, *entry.stamp, [listing.to_row() for listing in entry.listings.values()]]))
        lines.append(actions_line(name, entry, encode))
    text = "\n".join(lines) + "\n"
    atomic_write(path, text)
    # The actions lines not held decoded are read from the new file from now on.
    stamp = stamp_of(path)
    offset = len(lines[0]) + 1
    for index, (_name, entry) in enumerate(sorted(entries.items())):
        offset += len(lines[1 + 2 * index]) + 1
        length = len(lines[2 + 2 * index])
        if entry.actions is None:
            entry.actions_at = None if stamp is None else SavedLine(path, stamp, offset, length)
        offset += length + 1


def _lines(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each line, without copying the lines."""
    found = []
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        found.append((start, end))
        start = end + 1
    return found


# -- the actions' rows (the actions list across meetings) ------------------------------------------


def actions_line(name: str, entry: PartEntry, encode: Any) -> str:
    """A part's actions as a line: ``[name, [[meeting_id, row or null], ...]]``; as read if never decoded."""
    if entry.actions is None and entry.actions_at is not None:
        saved = entry.actions_at.read()
        if saved is not None:
            return saved.decode("ascii")
        return str(encode([name, "unreadable"]))  # read from the part when next asked
    rows = [
        [meeting_id, None if found is None else found.to_row()] for meeting_id, found in (entry.actions or {}).items()
    ]
    return str(encode([name, rows]))


def decoded_actions(name: str, entry: PartEntry) -> dict[str, MeetingActions | None] | None:
    """The part's actions, decoded from its saved line (each time: 300,000 actions held decoded would take
    hundreds of megabytes); None when it has none or cannot be read (then the caller reads them from the
    part). Not trusted over the listings: a meeting the part's listings do not name, or one missing, fails
    the whole line."""
    if entry.actions is not None:
        return entry.actions
    saved = None if entry.actions_at is None else entry.actions_at.read()
    if saved is None:
        return None
    try:
        line_name, rows = json.loads(saved)
        if line_name != name:
            return None
        found = {
            meeting_id: None if row is None else MeetingActions.from_row(row)
            for meeting_id, row in rows
            if type(meeting_id) is str
        }
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    if set(found) != set(entry.listings) or any(v is not None and v.meeting_id != k for k, v in found.items()):
        return None
    return found
