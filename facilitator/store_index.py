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

from facilitator.model import SCHEMA_VERSION
from facilitator.readmodels import Listing
from facilitator.tinydb_file import atomic_write

INDEX_VERSION = 2  # 1: one JSON object; 2: a header line, then a line a part
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


def load(path: Path) -> dict[str, PartEntry]:
    """The entries of a saved index, or none at all when it cannot be trusted to be ours and whole.

    Read a line (a part) at a time: one ``json.loads`` of the whole file (20 MB at 100,000
    meetings) is one C call that would hold the interpreter lock, and the app's event loop, for
    most of a second.
    """
    try:
        lines = path.read_bytes().splitlines()
        header = json.loads(lines[0])
        if header != {"app": "facilitator", "index": INDEX_VERSION, "schema": SCHEMA_VERSION}:
            return {}  # another program's, another version's, or listings read from documents of another schema
        entries = {}
        for line in lines[1:]:
            name, size, mtime_ns, rows = json.loads(line)
            if not (isinstance(name, str) and isinstance(size, int) and isinstance(mtime_ns, int)) or name in entries:
                return {}
            listings = [Listing.from_row(row) for row in rows]
            entries[name] = PartEntry((size, mtime_ns), {listing.id: listing for listing in listings})
        return entries
    except (OSError, IndexError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return {}  # missing, broken, or of another shape: rebuilt from the parts


def save(path: Path, entries: dict[str, PartEntry]) -> None:
    """Write the index atomically: a header line, then one line a part (``[name, size, mtime_ns, rows]``)."""
    encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
    header = encode({"app": "facilitator", "index": INDEX_VERSION, "schema": SCHEMA_VERSION})
    lines = [
        encode([name, *entry.stamp, [listing.to_row() for listing in entry.listings.values()]])
        for name, entry in sorted(entries.items())
    ]
    atomic_write(path, "\n".join([header, *lines]) + "\n")
