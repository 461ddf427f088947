"""The overview index beside a split archive: what the lists and counts need, per part file.

The archive's parts (``minutes.archive/2026-W48.json``, ...) are the truth; this file is a
cache of their listings (``readmodels.Listing``: the summary, the revision, the open actions'
due dates) so that opening a store of 100,000 meetings reads one small file instead of every
part. Each part's entry carries the part's stamp (its size and modification time in
nanoseconds) when the listings were taken; a part whose stamp differs, or that the index does
not name, is read again, and a part the index names but the disk does not is dropped. An index
that is missing, unreadable, of another version or of another schema is ignored whole, and the
listings are rebuilt from the parts. The index is never trusted over the parts.

The actions of every meeting (what the actions list shows, ``MeetingActions``) are kept in a
file of their own, ``minutes.archive/actions.rows`` (``actions_path_for``): a line a part, with
the part's stamp. Opening the store never reads it; the index says where each part's line is.

Written atomically (as the TinyDB files are), the actions file first, when a writer opens a
store whose index was stale and when it closes the store; a kill in between leaves an older
index, whose stale stamps send the next open back to the parts that changed.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from sys import intern
from typing import Any

from facilitator.model import SCHEMA_VERSION
from facilitator.readmodels import Listing, ListingsDigest, MeetingActions, digest_of
from facilitator.tinydb_file import atomic_write, read_slice

# 1: one JSON object; 2: a header line, then a line a part; 3: two lines a part, its listings and its actions;
# 4: a line a part, its listings as columns, the actions in a file of their own (ACTIONS_FILE);
# 5: a listing's chair; 6: the header holds the home screen's digest and the lines' checksum (DIGEST)
INDEX_VERSION = 6
ACTIONS_VERSION = 1
ACTIONS_FILE = "actions.rows"  # in the parts' folder: not a part (``*.json``), swept and guarded with them
Stamp = tuple[int, int]  # (size, mtime_ns)
ActionsOf = Callable[[str], dict[str, MeetingActions | None]]  # a part's actions, read from the part itself


def stamp_of(path: Path) -> Stamp | None:
    """The part's size and modification time, or None when it is gone."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def actions_path_for(parts_folder: Path) -> Path:
    return parts_folder / ACTIONS_FILE


@dataclass
class PartEntry:
    stamp: Stamp
    listings: dict[str, Listing] = field(default_factory=dict)
    # The part's meetings' actions (None for a meeting that cannot be read), for the actions list: once
    # changed and until the index is saved, held here; otherwise read from the actions file when asked
    # (``actions_at``), so that opening the store neither reads, decodes nor holds them.
    actions: dict[str, MeetingActions | None] | None = None
    actions_at: SavedLine | None = None
    # The listings still to be decoded from the saved index (``listings`` is empty meanwhile): an index whose
    # lines are whole (their checksum) is decoded a part at a time, when first needed (``decode``).
    pending: Pending | None = None

    def decode(self) -> None:
        """The listings of a pending entry decoded (``ValueError`` for a line of another shape: read the part)."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self.listings = pending.listings(self.stamp)


@dataclass(frozen=True)
class Pending:
    """A part's line in the saved index's bytes, not yet decoded."""

    data: bytes
    start: int
    end: int
    shared: dict[Any, Any]  # the index's one copy of each repeated value

    def listings(self, stamp: Stamp) -> dict[str, Listing]:
        try:
            _name, size, mtime_ns, columns, _offset, _length = json.loads(self.data[self.start : self.end])
        except (ValueError, TypeError, RecursionError):
            raise ValueError("not a part's line") from None
        if (size, mtime_ns) != stamp:
            raise ValueError("a line of another stamp")
        return _decode_listings(columns, self.shared)


@dataclass
class SavedIndex:
    """What ``load`` found: the parts' entries, and the home screen's digest when the index holds a whole one."""

    entries: dict[str, PartEntry] = field(default_factory=dict)
    digest: ListingsDigest | None = None
    places: dict[str, str] = field(default_factory=dict)  # the part of each of the digest's listings
    body: bytes = b""  # the parts' lines, while the digest is trusted (``mentions``)

    def mentions(self, meeting_id: str) -> bool:
        """Whether the parts' lines may name this meeting (a meeting in the live file and in a part too, after a
        kill: then the digest cannot be used). A false yes only costs decoding every line."""
        return json.dumps(meeting_id).encode("ascii") in self.body


@dataclass(frozen=True)
class SavedLine:
    """Where a part's actions line is in the actions file: good only while that file's stamp is the same."""

    path: Path
    stamp: Stamp
    offset: int
    length: int

    def read(self) -> bytes | None:
        if stamp_of(self.path) != self.stamp:
            return None  # the file was rewritten since (by another writer): the part is read instead
        line = read_slice(self.path, self.offset, self.length)
        return line if stamp_of(self.path) == self.stamp else None


def _header() -> dict[str, Any]:
    return {"app": "facilitator", "index": INDEX_VERSION, "schema": SCHEMA_VERSION}


def _actions_header() -> dict[str, Any]:
    return {"app": "facilitator", "actions": ACTIONS_VERSION, "schema": SCHEMA_VERSION}


def load(path: Path, actions_path: Path) -> SavedIndex:
    """The entries of a saved index, or none at all when it cannot be trusted to be ours and whole.

    Read a line (a part) at a time: one ``json.loads`` of the whole file is one C call that would
    hold the interpreter lock, and the app's event loop, for most of a second. The actions file is
    not read: each entry notes where its part's line is (found by a scan of that file, without
    decoding it, when the index was saved beside another actions file than the one on disk).

    When the header's digest is whole and its checksum is the parts' lines' own (the lines are
    as the writer that made the digest wrote them), the lines are not decoded here: each entry is
    left ``pending`` (its name and stamps read from the line's ends), and the digest answers the
    home screen. Otherwise every line is decoded and checked now, and any line of another shape
    refuses the whole index.
    """
    try:
        stamp = stamp_of(path)
        data = path.read_bytes()
        if stamp is None or stamp_of(path) != stamp:
            return SavedIndex()  # replaced while read: the parts are the truth
        lines = _lines(data)
        header = json.loads(data[slice(*lines[0])])
        if type(header) is not dict or set(header) != {*_header(), "actions", "digest"}:
            return SavedIndex()
        if {key: header[key] for key in _header()} != _header():
            return SavedIndex()  # another program's, another version's, or listings read from another schema
        actions_stamp = stamp_of(actions_path)
        trusted = actions_stamp is not None and header["actions"] == list(actions_stamp)
        shared: dict[Any, Any] = {}  # one copy of each repeated value (a partnership, a list of attendees)
        body = data[lines[1][0] :] if len(lines) > 1 else b""
        digest, places = _read_digest(header["digest"], body, shared)
        entries = (_pending_entries if digest is not None else _decoded_entries)(data, lines[1:], shared)
        if entries is None and digest is not None:
            digest, entries = None, _decoded_entries(data, lines[1:], shared)
        if entries is None:
            return SavedIndex()
        for entry, (offset, length) in entries.values():
            if trusted and type(offset) is int and type(length) is int and offset >= 0 and length >= 0:
                entry.actions_at = SavedLine(actions_path, actions_stamp, offset, length)  # type: ignore[arg-type]
    except (OSError, IndexError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return SavedIndex()  # missing, broken, or of another shape: rebuilt from the parts
    found = SavedIndex({name: entry for name, (entry, _) in entries.items()}, digest, places, body if digest else b"")
    if not trusted:
        for name, line in scan_actions(actions_path).items():
            if name in found.entries:
                found.entries[name].actions_at = line  # each line's own stamp is checked when it is decoded
    return found


Located = dict[str, tuple[PartEntry, tuple[Any, Any]]]  # each part's entry, and where its actions line is


def _decoded_entries(data: bytes, lines: list[tuple[int, int]], shared: dict[Any, Any]) -> Located | None:
    """Every line decoded and checked; None when one is not a part's line."""
    entries: Located = {}
    for start, end in lines:
        name, size, mtime_ns, columns, offset, length = json.loads(data[start:end])
        if not (type(name) is str and type(size) is int and type(mtime_ns) is int) or name in entries:
            return None
        entries[name] = PartEntry((size, mtime_ns), _decode_listings(columns, shared)), (offset, length)
    return entries


_HEAD = re.compile(rb'\["([^"\\]{1,200})",(\d{1,20}),(\d{1,25}),')
_TAIL = re.compile(rb",(\d{1,20}|null),(\d{1,20}|null)\]$")  # the line's end: its actions line's place


def _pending_entries(data: bytes, lines: list[tuple[int, int]], shared: dict[Any, Any]) -> Located | None:
    """Every line left to decode when first needed: its name and stamp from its start, where its actions line
    is from its end; None when a line does not read so (every line is then decoded)."""
    entries: Located = {}
    for start, end in lines:
        head = _HEAD.match(data, start, end)
        tail = _TAIL.search(data, max(start, end - 48), end)
        if head is None or tail is None:
            return None
        name = head.group(1).decode("ascii")
        if name in entries:
            return None
        offset, length = (None if value == b"null" else int(value) for value in tail.groups())
        entry = PartEntry((int(head.group(2)), int(head.group(3))), pending=Pending(data, start, end, shared))
        entries[name] = entry, (offset, length)
    return entries


NO_DIGEST: tuple[None, dict[str, str]] = (None, {})


def _read_digest(saved: Any, body: bytes, shared: dict[Any, Any]) -> tuple[ListingsDigest | None, dict[str, str]]:
    """The header's digest and the part of each of its listings, if it is whole and was written with these
    very lines; else none."""
    if type(saved) is not dict or set(saved) != {"body", "meetings", "dues", "listings", "parts"}:
        return NO_DIGEST
    if saved["body"] != zlib.crc32(body) or type(saved["meetings"]) is not int or type(saved["dues"]) is not list:
        return NO_DIGEST
    dues: dict[str, int] = {}
    for due, count in saved["dues"]:
        if type(due) is not str or type(count) is not int or due in dues:
            return NO_DIGEST
        dues[due] = count
    listings = list(_decode_listings(saved["listings"], shared).values())
    parts = saved["parts"]
    if type(parts) is not list or len(parts) != len(listings) or not all(type(name) is str for name in parts):
        return NO_DIGEST
    places = {entry.id: name for entry, name in zip(listings, parts, strict=True)}
    return ListingsDigest(listings, saved["meetings"], dues), places


def save(
    path: Path, actions_path: Path, entries: dict[str, PartEntry], actions_of: ActionsOf, *, digest: bool = True
) -> None:
    """Write the actions file (when a part's actions changed), then the index, each atomically.

    The index: a header line (with the actions file's stamp and the digest), then a line a part:
    ``[name, size, mtime_ns, columns, actions_offset, actions_length]``. A part whose actions line
    cannot be copied from the actions file is read again (``actions_of``). Afterwards no part's
    actions are held decoded: they are read from the new file when asked.

    The digest (``readmodels.ListingsDigest`` of every part's listings, in the order a store opening
    the parts places them) is saved with the checksum of the parts' lines; ``digest=False`` (a meeting
    found in two parts) saves none, and the next open decodes every line.
    """
    encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
    ordered = sorted(entries.items())
    current = stamp_of(actions_path)
    if ordered and any(_line_lost(entry, current) for _, entry in ordered):
        current = _save_actions(actions_path, ordered, actions_of, encode)
    lines = []
    for name, entry in ordered:
        at = entry.actions_at
        where = [at.offset, at.length] if at is not None and at.stamp == current else [None, None]
        lines.append(encode([name, *entry.stamp, _encode_listings(entry.listings.values()), *where]))
    body = "".join(line + "\n" for line in lines)
    saved = None
    if digest:
        found = digest_of(listing for _, entry in ordered for listing in entry.listings.values())
        kept = {listing.id for listing in found.listings}
        places = {row.id: name for name, entry in ordered for row in entry.listings.values() if row.id in kept}
        saved = {
            "body": zlib.crc32(body.encode("ascii")),
            "meetings": found.meetings,
            "dues": [[due, count] for due, count in found.open_dues.items()],
            "listings": _encode_listings(found.listings),
            "parts": [places[listing.id] for listing in found.listings],  # where each is, to read it undecoded
        }
    header = {**_header(), "actions": None if current is None or not ordered else list(current), "digest": saved}
    atomic_write(path, encode(header) + "\n" + body)


def _line_lost(entry: PartEntry, current: Stamp | None) -> bool:
    """Whether a part's actions must be written again: changed, or not (or no longer) in the actions file."""
    return entry.actions is not None or entry.actions_at is None or entry.actions_at.stamp != current


def _save_actions(
    actions_path: Path, ordered: list[tuple[str, PartEntry]], actions_of: ActionsOf, encode: Any
) -> Stamp | None:
    lines = [encode(_actions_header())]
    for name, entry in ordered:
        lines.append(_actions_line(name, entry, actions_of, encode))
    atomic_write(actions_path, "\n".join(lines) + "\n")
    stamp = stamp_of(actions_path)
    offset = len(lines[0]) + 1
    for (_name, entry), line in zip(ordered, lines[1:], strict=True):
        entry.actions = None
        entry.actions_at = None if stamp is None else SavedLine(actions_path, stamp, offset, len(line))
        offset += len(line) + 1
    return stamp


def _actions_line(name: str, entry: PartEntry, actions_of: ActionsOf, encode: Any) -> str:
    """A part's actions as a line: ``[name, size, mtime_ns, [[meeting_id, row or null], ...]]``; copied as it
    is from the actions file when it was never decoded and is still the part's."""
    found = entry.actions
    if found is None:
        saved = None if entry.actions_at is None else entry.actions_at.read()
        prefix = encode([name, *entry.stamp])[:-1] + ","
        if saved is not None and saved.startswith(prefix.encode("ascii")):
            return saved.decode("ascii")
        found = actions_of(name)
    rows = [[meeting_id, None if row is None else row.to_row()] for meeting_id, row in found.items()]
    return str(encode([name, *entry.stamp, rows]))


_NAME = re.compile(rb'\["([^"\\]{1,200})",')


def scan_actions(actions_path: Path) -> dict[str, SavedLine]:
    """Where each part's line is in an actions file the index does not describe (a kill between the two
    writes of a save, or a file replaced by hand); nothing when it is missing or not ours."""
    found: dict[str, SavedLine] = {}
    try:
        stamp = stamp_of(actions_path)
        with actions_path.open("rb") as file:
            first = file.readline()
            if stamp is None or json.loads(first) != _actions_header():
                return {}
            offset = len(first)
            for line in file:
                length = len(line) - line.endswith(b"\n")
                match = _NAME.match(line, 0, 210)
                if match is not None:
                    found.setdefault(match.group(1).decode("ascii"), SavedLine(actions_path, stamp, offset, length))
                offset += len(line)
        return found if stamp_of(actions_path) == stamp else {}
    except (OSError, ValueError, RecursionError):
        return {}


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


# -- a part's listings as columns ---------------------------------------------------------------
#
# ``[ids, [values, indices], ...]``: the meetings' ids, then for each other field of ``Listing`` its
# distinct values and, per meeting, which of them. A week's meetings share a few partnerships,
# templates, dates and lists of attendees, so the line is short, decoding it makes each value once,
# and the checks run on the distinct values and on whole columns (C loops), not on 100,000 rows.


def _encode_listings(listings: Any) -> list[Any]:
    rows = list(listings)
    columns: list[Any] = [[row.id for row in rows]]
    for position in range(1, len(Listing._fields)):
        table: dict[Any, int] = {}
        indices = [table.setdefault(row[position], len(table)) for row in rows]
        columns.append([[list(value) if type(value) is tuple else value for value in table], indices])
    return columns


def _is_str(value: Any) -> bool:
    return type(value) is str


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_texts(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


# What each field's values must be, in ``Listing``'s order after the id.
_VALID: tuple[Callable[[Any], bool], ...] = (
    _is_int,  # revision
    _is_str,  # date
    _is_str,  # start ("" for none)
    _is_str,  # partnership
    _is_str,  # status
    _is_str,  # template
    _is_texts,  # attendees
    _is_int,  # open_actions
    lambda value: type(value) is bool,  # approved
    _is_texts,  # open_dues
    _is_str,  # chair ("" for none)
)


def _shared(value: Any, shared: dict[Any, Any]) -> Any:
    """One copy of each value across the whole index (lists become tuples of interned strings)."""
    if type(value) is str:
        return intern(value)
    if type(value) is not list:
        return value  # a number, a flag or None (never shared by key: True == 1)
    items = tuple(intern(item) for item in value)
    return shared.setdefault(items, items)


def _decode_listings(columns: Any, shared: dict[Any, Any]) -> dict[str, Listing]:
    """A part's listings from its columns; ``ValueError`` for columns of another shape (the index is rebuilt)."""
    if type(columns) is not list or len(columns) != len(Listing._fields):
        raise ValueError("not a part's listings")
    ids = columns[0]
    if type(ids) is not list or not set(map(type, ids)) <= {str} or len(set(ids)) != len(ids):
        raise ValueError("not a part's meeting ids")
    decoded: list[list[Any]] = [ids]
    for valid, (table, indices) in zip(_VALID, columns[1:], strict=True):
        if type(table) is not list or type(indices) is not list or len(indices) != len(ids):
            raise ValueError("not a column")
        if not all(map(valid, table)) or not set(map(type, indices)) <= {int}:
            raise ValueError("not a column's values")
        if indices and (min(indices) < 0 or max(indices) >= len(table)):
            raise ValueError("a column's index out of range")
        values = [_shared(value, shared) for value in table]
        decoded.append(list(map(values.__getitem__, indices)))
    # ``tuple.__new__`` rather than ``Listing._make`` (a Python function per meeting): the columns have just been
    # checked to be of one length each.
    return dict(zip(ids, map(partial(tuple.__new__, Listing), zip(*decoded, strict=True)), strict=True))


# -- the actions' rows (the actions list across meetings) ------------------------------------------


def decoded_actions(name: str, entry: PartEntry) -> dict[str, MeetingActions | None] | None:
    """The part's actions, decoded from its saved line (each time: 300,000 actions held decoded would take
    hundreds of megabytes); None when it has none or cannot be read (then the caller reads them from the
    part). Not trusted over the listings: a line of another stamp than the part's, a meeting the part's
    listings do not name, or one missing, fails the whole line."""
    if entry.actions is not None:
        return entry.actions
    saved = None if entry.actions_at is None else entry.actions_at.read()
    if saved is None:
        return None
    try:
        line_name, size, mtime_ns, rows = json.loads(saved)
        if line_name != name or (size, mtime_ns) != entry.stamp:
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
