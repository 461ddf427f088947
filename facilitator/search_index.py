"""The word index saved beside the archive, so that the first search need not read every meeting.

One file in the archive's folder (``minutes.archive/search.words``): a header line, then a line
a part, ``name<TAB>size<TAB>mtime_ns<TAB>[ids, keys, terms]``, where ``terms`` is, per kind of
term (``facilitator.search.terms_of``), each term with the bit mask (hex, little-endian) of the part's meetings
holding it. The part's stamp is the one the store's overview index gives it (its size and
modification time when its listings were taken): an entry whose stamp differs, or a part with no
entry, is indexed again from the part's meetings. A file that is missing, unreadable, or of
another version or schema is ignored whole. The parts are the truth; this file is never trusted
over them.

The first search of a session opens the index: it reads this file, indexes again the parts that
changed (and the meetings in progress, which are never in it) and, in a writable store, saves the
file again if any part was indexed again. Saves after that keep the index in memory current
(``Records``' listener); the parts they touched are indexed again at the next session's first
search.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.model import SCHEMA_VERSION
from facilitator.search import Batch, SearchIndex, batch_of
from facilitator.tinydb_file import atomic_write, read_slice, remove_orphan_temps

WORDS_VERSION = 3  # 1: masks as numbers; 2: as little-endian bytes; 3: each part's meetings oldest first
FILE_NAME = "search.words"
Stamp = tuple[int, int]  # (size, mtime_ns), as ``store_index.stamp_of`` gives it
_HEADER = {"app": "facilitator", "words": WORDS_VERSION, "schema": SCHEMA_VERSION}


def _oldest_first(name: str) -> tuple[bool, str]:
    """Parts in date order: undated meetings (which sort as the oldest) first, then the weeks."""
    return (not name.startswith("undated"), name)


def words_path(parts_folder: Path) -> Path:
    return parts_folder / FILE_NAME


@dataclass(frozen=True)
class SavedLine:
    """Where a part's line is in the saved file, read when the part is used: the file (55.6 MB at 100,000
    meetings) is never held whole, so what the search holds afterwards is its index, not the file's bytes."""

    path: Path
    prefix: bytes  # ``name<TAB>size<TAB>mtime_ns<TAB>``: checked again when the line is read
    offset: int
    length: int

    def read(self) -> bytes | None:
        line = read_slice(self.path, self.offset, self.length)
        return line if line is not None and line.startswith(self.prefix) else None


def load(path: Path) -> dict[str, tuple[Stamp, SavedLine]]:
    """Each part's stamp and where its line is (a part is read and parsed only when used); nothing if not ours
    and whole. Read a line at a time."""
    try:
        entries: dict[str, tuple[Stamp, SavedLine]] = {}
        with path.open("rb") as file:
            first = file.readline()
            if not first or json.loads(first) != _HEADER:
                return {}
            offset = len(first)
            for line in file:
                name, size, mtime_ns, _ = line.split(b"\t", 3)
                prefix = b"\t".join([name, size, mtime_ns]) + b"\t"
                length = len(line) - line.endswith(b"\n")
                entries[name.decode("ascii")] = ((int(size), int(mtime_ns)), SavedLine(path, prefix, offset, length))
                offset += len(line)
        return entries
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return {}  # missing, broken, or another shape: every part is indexed again


def batch_from_line(line: bytes | None) -> Batch | None:
    """The part's index as saved, or None if the line cannot be read (the part is then indexed again)."""
    if line is None:
        return None
    try:
        ids, keys, terms = json.loads(line.split(b"\t", 3)[3])
        batch = Batch(list(ids), list(keys), tuple({t: bytes.fromhex(h) for t, h in kind.items()} for kind in terms))
        if len(batch.ids) != len(batch.keys) or len(batch.terms) != 6:
            return None
        if not all(isinstance(value, str) for value in [*batch.ids, *batch.keys, *(t for k in batch.terms for t in k)]):
            return None
        return batch
    except (ValueError, TypeError, AttributeError, IndexError, RecursionError):
        return None


def line_of(name: str, stamp: Stamp, batch: Batch) -> bytes:
    terms = [{term: mask.hex() for term, mask in kind.items()} for kind in batch.terms]
    encoded = json.dumps([batch.ids, batch.keys, terms], ensure_ascii=True, separators=(",", ":"))
    return f"{name}\t{stamp[0]}\t{stamp[1]}\t{encoded}".encode("ascii")


def save(path: Path, lines: dict[str, bytes | SavedLine]) -> None:
    """Each part's line (one not indexed again copied from the file as saved); a line that can no longer be
    read is left out, and its part indexed again by the next session."""
    header = json.dumps(_HEADER).encode("ascii")
    found = [line.read() if isinstance(line, SavedLine) else line for _, line in sorted(lines.items())]
    text = b"\n".join([header, *filter(None, found)]) + b"\n"
    atomic_write(path, text.decode("ascii"))


def open_index(
    parts: dict[str, tuple[Stamp, set[str]]],
    loose: list[str],
    read: Callable[[str], Any],
    path: Path,
    *,
    writable: bool,
) -> SearchIndex:
    """The word index of a store: its parts' from the saved file where their stamps match, the rest read.

    ``parts``: each part's stamp and the ids the store keeps in it; ``loose``: the ids kept
    elsewhere (meetings in progress, an archive not yet split); ``read``: a meeting's document.
    """
    saved = load(path)
    lines: dict[str, bytes | SavedLine] = {}
    changed = set(saved) != set(parts)

    def batches() -> Iterator[tuple[Batch, set[str] | None]]:
        nonlocal changed
        for name in sorted(parts, key=_oldest_first):
            stamp, ids = parts[name]
            entry = saved.pop(name, None)
            batch = batch_from_line(entry[1].read()) if entry is not None and entry[0] == stamp else None
            if batch is None or entry is None:
                batch = batch_of(filter(None, (read(meeting_id) for meeting_id in sorted(ids))))
                lines[name] = line_of(name, stamp, batch)
                changed = True
            else:
                lines[name] = entry[1]
            yield batch, ids
        yield batch_of(filter(None, (read(meeting_id) for meeting_id in loose))), None

    index = SearchIndex.from_batches(batches(), read)
    if writable and changed:
        with contextlib.suppress(OSError):  # only a cache: the next session indexes those parts again
            remove_orphan_temps(path)  # a writer holds the store's lock: a temporary file left is a killed save's
            save(path, lines)
    return index
