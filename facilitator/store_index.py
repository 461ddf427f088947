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
from facilitator.readmodels import Listing
from facilitator.tinydb_file import atomic_write

INDEX_VERSION = 1
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
    """The entries of a saved index, or none at all when it cannot be trusted to be ours and whole."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("app") != "facilitator" or data.get("index") != INDEX_VERSION:
            return {}
        if data.get("schema") != SCHEMA_VERSION:
            return {}  # the listings were read from documents of another schema
        entries = {}
        for name, entry in data["parts"].items():
            size, mtime_ns = entry["stamp"]
            if not (isinstance(name, str) and isinstance(size, int) and isinstance(mtime_ns, int)):
                return {}
            listings = (Listing.from_row(row) for row in entry["meetings"])
            entries[name] = PartEntry((size, mtime_ns), {listing.id: listing for listing in listings})
        return entries
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return {}  # missing, broken, or of another shape: rebuilt from the parts


def save(path: Path, entries: dict[str, PartEntry]) -> None:
    """Write the index atomically, one part a line."""
    encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
    parts = ",\n".join(
        f'{encode(name)}:{{"stamp":{encode(list(entry.stamp))},"meetings":'
        f"{encode([listing.to_row() for listing in entry.listings.values()])}}}"
        for name, entry in sorted(entries.items())
    )
    header: dict[str, Any] = {"app": "facilitator", "index": INDEX_VERSION, "schema": SCHEMA_VERSION}
    atomic_write(path, encode(header)[:-1] + ',"parts":{\n' + parts + "\n}}")
