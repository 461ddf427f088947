"""The replica's git index brought up to a new commit by changing only the entries of files that changed.

dulwich reads every entry of the index into objects and writes them all back: close to a second
with 10,000 meetings, for a sync that changed one. Here the index file is cut into its entries as
raw bytes, the changed ones are replaced, and the file is written again (under git's own lock
file, renamed into place). Anything unexpected (another index version, entries of an unfinished
merge, an extension git requires to be understood, a damaged file) returns False, and the caller
goes the slow, general way.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from collections.abc import Mapping
from pathlib import Path

from dulwich.file import GitFile
from dulwich.index import Stage, index_entry_from_stat, write_cache_entry
from dulwich.objects import ObjectID

_HEADER = struct.Struct(">4sLL")
_ENTRY_FIXED = 62  # times, dev, ino, mode, uid, gid, size, object id, flags
_FLAGS_AT = 60
_NAME_MASK = 0x0FFF
_STAGE_OR_EXTENDED = 0x3000 | 0x4000
_VERSION = 2


def update(index_path: Path, work_tree: Path, changes: Mapping[str, tuple[bytes, int] | None]) -> bool:
    """Set each changed path's entry (blob id and mode, its file already written) or drop it (None).

    True when done; False when the index is not one this can patch (nothing was written then)."""
    try:
        raw = index_path.read_bytes()
    except OSError:
        return False
    entries = _entries(raw)
    if entries is None:
        return False
    for path, change in changes.items():
        name = path.encode("utf-8")
        if change is None:
            entries.pop(name, None)
        else:
            entries[name] = _entry(name, work_tree / path, *change)
    body = _HEADER.pack(b"DIRC", _VERSION, len(entries)) + b"".join(entries[name] for name in sorted(entries))
    with GitFile(str(index_path), "wb") as file:
        file.write(body + hashlib.sha1(body).digest())
    return True


def _entries(raw: bytes) -> dict[bytes, bytes] | None:
    """Each entry's raw bytes by path; None when the file is not a plain version 2 index."""
    if len(raw) < _HEADER.size + 20 or hashlib.sha1(raw[:-20]).digest() != raw[-20:]:
        return None
    signature, version, count = _HEADER.unpack_from(raw)
    if signature != b"DIRC" or version != _VERSION:
        return None
    entries: dict[bytes, bytes] = {}
    offset = _HEADER.size
    end = len(raw) - 20
    for _ in range(count):
        if offset + _ENTRY_FIXED > end:
            return None
        (flags,) = struct.unpack_from(">H", raw, offset + _FLAGS_AT)
        length = flags & _NAME_MASK
        if flags & _STAGE_OR_EXTENDED or length == _NAME_MASK:
            return None  # an unfinished merge, or a name too long to patch: the general way
        size = (_ENTRY_FIXED + length + 8) & ~7
        entries[raw[offset + _ENTRY_FIXED : offset + _ENTRY_FIXED + length]] = raw[offset : offset + size]
        offset += size
    while offset < end:  # extensions: caches git rebuilds (upper-case), dropped; any other, give up
        if offset + 8 > end or not raw[offset : offset + 1].isupper():
            return None
        (size,) = struct.unpack_from(">L", raw, offset + 4)
        offset += 8 + size
    return entries if offset == end else None


def _entry(name: bytes, file: Path, blob: bytes, mode: int) -> bytes:
    entry = index_entry_from_stat(os.lstat(file), ObjectID(blob), mode).serialize(name, Stage.NORMAL)
    buffer = io.BytesIO()
    write_cache_entry(buffer, entry, _VERSION)
    return buffer.getvalue()
