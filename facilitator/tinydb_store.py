"""The minutes in TinyDB: the files, the lock, the checks, the upgrade and the crash repair.

``TinyDBMeetings`` is the storage backend (a ``repository.MeetingDocuments``); ``Store`` is
``records.Records`` over it, the repository the program opens. The rules (follow-up on close,
action updates) are in ``records``, the summaries and counts in ``readmodels``.

Design (why two files). The live meeting autosaves every second or so, and TinyDB writes
a whole file at a time. If every meeting lived in one file, each autosave would rewrite
all of history: with 10,000 past meetings that is tens of megabytes per keystroke. So the
store is two plain TinyDB files side by side:

* ``minutes.json``, the archive: closed meetings. Written when a meeting closes, is
  imported, or a past meeting is edited — rare, deliberate moments.
* ``minutes.live.json``, the live file: meetings in progress (usually one). Autosaves
  rewrite only this small file, so a save costs the same with 10 or 10,000 meetings.

Saving a meeting puts it in the file its status calls for and removes it from the other.
Each save bumps the meeting's ``revision``; if a crash leaves a meeting in both files, the
higher revision wins when the store next opens.

One writer at a time: a writable store holds ``minutes.json.lock`` (filelock) for as long
as it is open. A second writer is refused with ``StoreInUse``; readers (``readonly=True``:
list, show, export) take no lock, which is safe because every write replaces a file
atomically (see tinydb_file.py).

All methods are thread-safe (one re-entrant lock), so the app can save from a worker. A
stored document is never changed in place: a save stores a new one, so documents handed
to readers stay whole while a save runs.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from facilitator import store_index
from facilitator.document_schema import MAX_SCHEMA, SchemaError, Unreadable, schema_of, upgrade
from facilitator.errors import NewerSchema, ReadOnlyStore, StoreError, StoreInUse, UnreadableFile
from facilitator.files import PRIVATE_FILE, fill_new_file, make_private_folders, read_regular
from facilitator.model import SCHEMA_VERSION
from facilitator.readmodels import Listing, ListingsDigest, MeetingActions, date_of, is_open, listing, meeting_actions
from facilitator.records import Records
from facilitator.repository import MeetingsListener
from facilitator.storepaths import (
    backup_prefix,
    index_path_for,
    live_path_for,
    lock_path_for,
    parts_folder_for,
    real_db_path,
    split_backup_prefix,
)
from facilitator.storepaths import belongs_to_store as belongs_to_store  # the command line asks the store
from facilitator.tinydb_file import AtomicJSONStorage, remove_orphan_temps, remove_orphan_temps_in

APP_MARK = "facilitator"
MEETINGS = "meetings"
# What to do about a file we cannot read, said after every such refusal.
DAMAGED_WAY_OUT = (
    "Facilitator has left it untouched; restore a backup over it, or use --db to start afresh with another file."
)
META = "meta"
_OUR_TABLES = {MEETINGS, META}
# The store's layout, in every file's ``meta``: 1 (or none), one archive file; 2, the archive split into parts.
LAYOUT = 2
PART_SUFFIX = ".json"
CACHED_PARTS = 8  # parts held parsed at a time: a close touches two or three, a page of the history a few
LIVE = "live"  # the place of a meeting in the live file (a part's place is its file name)
HEADER = ""  # the place of a meeting still in ``minutes.json`` (a store not yet split)


class _MinutesFile:
    """One TinyDB file of the store with an index from meeting id to TinyDB document id."""

    def __init__(self, path: Path, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self.db = TinyDB(path, storage=AtomicJSONStorage, readonly=readonly)
        # Our own index answers look-ups; TinyDB's query cache would only hold stale copies.
        self.meetings: Table = self.db.table(MEETINGS, cache_size=0)
        self.doc_ids: dict[str, int] = {}

    @property
    def storage(self) -> AtomicJSONStorage:
        return self.db.storage  # type: ignore[return-value]

    def raw_meetings(self) -> dict[str, dict[str, Any]]:
        data = self.storage.read() or {}
        return data.get(MEETINGS, {})

    def get(self, meeting_id: str) -> dict[str, Any] | None:
        doc_id = self.doc_ids.get(meeting_id)
        return None if doc_id is None else self.raw_meetings()[str(doc_id)]

    def put(self, document: dict[str, Any]) -> None:
        meeting_id = document["id"]
        doc_id = self.doc_ids.get(meeting_id)
        if doc_id is None:
            self.doc_ids[meeting_id] = self.meetings.insert(document)
            return

        # A new table holding the new document: the stored one is never refilled in place, so a
        # reader still holding it (outside the lock) reads the meeting as it was, whole.
        data = self.storage.read() or {}
        table = dict(data.get(MEETINGS, {}))
        table[str(doc_id)] = document
        self.storage.write({**data, MEETINGS: table})

    def put_all(self, documents: list[dict[str, Any]]) -> None:
        """Store these documents in one write, each replacing any copy of the same meeting (a split resumed)."""
        data = self.storage.read() or {}
        table = dict(data.get(MEETINGS, {}))
        next_id = max(map(int, table), default=0) + 1
        placed: dict[str, int] = {}
        for document in documents:
            doc_id = self.doc_ids.get(document["id"]) or placed.get(document["id"])
            if doc_id is None:
                doc_id, next_id = next_id, next_id + 1
            table[str(doc_id)] = document
            placed[document["id"]] = doc_id
        self.storage.write({**data, META: data.get(META) or {"1": _meta()}, MEETINGS: table})
        self.meetings._next_id = None  # TinyDB counts on from what it last inserted: it must look again
        self.doc_ids.update(placed)

    def clear_meetings(self, meta: dict[str, Any]) -> None:
        """The file emptied of meetings, its header set to ``meta`` (one write)."""
        self.storage.write({META: {"1": meta}, MEETINGS: {}})
        self.meetings._next_id = None
        self.doc_ids.clear()

    def put_many(self, documents: list[dict[str, Any]]) -> None:
        if documents:
            new_ids = self.meetings.insert_multiple(documents)
            self.doc_ids.update(zip((d["id"] for d in documents), new_ids, strict=True))

    def remove(self, meeting_id: str) -> None:
        # Forgotten only once the file no longer holds it: if the write fails (a full disk), a
        # retried close must still find the old copy and take it out.
        self.meetings.remove(doc_ids=[self.doc_ids[meeting_id]])
        del self.doc_ids[meeting_id]

    def close(self) -> None:
        self.db.close()


class TinyDBMeetings:
    """The TinyDB backend (a ``MeetingDocuments``): the archive's parts, the live file, and ``path`` (the header).

    ``path`` (``minutes.json``) holds the store's ``meta`` (with the layout) and, in a store
    written before the split, every closed meeting; a writer moves those into the parts on
    open. Closed meetings live in ``minutes.archive/<ISO week>.json``, meetings in progress in
    the live file. Every meeting's ``Listing`` is kept in memory (from the saved overview
    index, or read from the parts whose stamp changed); the meetings themselves are read on
    demand, at most ``cached_parts`` parts held parsed at a time.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, cached_parts: int = CACHED_PARTS) -> None:
        self.path = real_db_path(path)
        self.live_path = live_path_for(self.path)
        self.parts_folder = parts_folder_for(self.path)
        self.index_path = index_path_for(self.path)
        self.actions_path = store_index.actions_path_for(self.parts_folder)
        self.readonly = readonly
        self.lock = threading.RLock()  # every method holds it; ``Records`` holds it across a close
        self._lock: FileLock | None = None
        self._files: list[_MinutesFile] = []
        self._listeners: list[MeetingsListener] = []
        self._cached_parts = max(1, cached_parts)
        self._parts: OrderedDict[str, _MinutesFile] = OrderedDict()  # parsed parts, least recently used first
        self._index_all: dict[str, store_index.PartEntry] = {}  # every part on disk: its stamp and listings
        self._index_dirty = False
        # Where each meeting is (LIVE, HEADER or a part's name), and its listing: two dicts filled by C loops
        # (100,000 meetings when a store opens), no tuple a meeting.
        self._where_all: dict[str, str] = {}
        self._listing_all: dict[str, Listing] = {}
        # Opened from a whole saved index with nothing changed since: the parts' listings are decoded when
        # first needed (``_undefer``, through ``_where``, ``_listing`` and ``_index``); meanwhile the saved
        # digest answers the home screen (``digest``).
        self._deferred = False
        self._digest: ListingsDigest | None = None
        self._digest_places: dict[str, str] = {}  # the part of each meeting of the digest, while deferred
        self._leftovers: dict[str, set[str]] = {}  # older copies a failed removal left behind, by meeting
        self._opened = False
        self.migrated_from: int | None = None
        self.backups: list[Path] = []
        if not readonly:
            self._take_lock()
        try:
            self._archive = self._open_file(self.path)
            self._live = self._open_file(self.live_path)
            self._stale = self._locate_all()
            if not readonly:
                self._split()
                self._reconcile()
                self._save_index()
        except BaseException:
            self.close()
            raise
        self._opened = True

    # -- the places and listings, decoded when first needed --------------------------------------

    @property
    def _where(self) -> dict[str, str]:
        if self._deferred:
            self._undefer()
        return self._where_all

    @property
    def _listing(self) -> dict[str, Listing]:
        if self._deferred:
            self._undefer()
        return self._listing_all

    @property
    def _index(self) -> dict[str, store_index.PartEntry]:
        if self._deferred:
            self._undefer()
        return self._index_all

    def _undefer(self) -> None:
        """Every part's listings decoded from the saved index, and every meeting placed (about a second at
        100,000 meetings, in whichever thread first needs them: ``prepare`` does it in the home screen's)."""
        with self.lock:
            if not self._deferred:
                return
            self._deferred, self._digest, self._digest_places = False, None, {}
            for name, entry in list(self._index_all.items()):
                try:
                    entry.decode()
                except ValueError:  # a line of another shape after all: the part is read
                    self._index_all[name] = self._entry_read_from(name)
            self._stale = self._place_all()
            if not self.readonly and self._stale:
                self._reconcile()

    def prepare(self) -> None:
        """Decode now whatever the store's opening left for later (the app calls it once the home screen shows)."""
        self._undefer()

    def digest(self) -> ListingsDigest | None:
        """The home screen's digest of every listing from the saved index, while the listings are not decoded;
        None once they are (``readmodels.digest_of`` of them is then as quick)."""
        with self.lock:
            if not self._deferred or self._digest is None:
                return None
            return self._digest.with_listings([listing(document) for _, document in _documents_of(self._live)])

    # -- opening ---------------------------------------------------------------------------

    def _take_lock(self) -> None:
        try:
            make_private_folders(self.path.parent)
        except OSError as error:
            raise StoreError(f"cannot create the folder for {self.path}: {error.strerror}") from None
        # thread_local=False: the app may open the store in one thread and close it in another.
        lock = FileLock(lock_path_for(self.path), timeout=0, mode=0o600, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise StoreInUse(
                f"{self.path} is in use by another copy of Facilitator. Finish or close that one first; "
                "meanwhile 'facilitator list', 'show' and 'export' can read it."
            ) from None
        except OSError as error:
            raise StoreError(
                f"cannot lock {self.path}: {error.strerror}. To change these minutes, copy them somewhere you can "
                "write and choose that copy with --db; 'list', 'show' and 'export' can read them where they are."
            ) from None
        self._lock = lock
        remove_orphan_temps(self.path)
        remove_orphan_temps(self.live_path)
        remove_orphan_temps(self.index_path)
        # Every temporary file in the parts folder, not only those of parts that exist: a kill during the
        # first write of a new week's part leaves a temporary file and no part.
        remove_orphan_temps_in(self.parts_folder)

    def _open_file(self, path: Path, *, track: bool = True) -> _MinutesFile:
        minutes = _MinutesFile(path, self.readonly)
        if track:
            self._files.append(minutes)
        data = minutes.storage.read()
        if data is None:
            if not self.readonly:
                self._write(minutes, lambda: minutes.db.table(META).insert(_meta()))
            return minutes
        oldest = self._check_file(path, data)
        if oldest < SCHEMA_VERSION:
            self._migrate(minutes, data, oldest)
        for doc_id, document in data.get(MEETINGS, {}).items():
            meeting_id = document.get("id")
            if not isinstance(meeting_id, str) or not meeting_id:
                raise UnreadableFile(f"{path} is damaged: stored meeting #{doc_id} has no id. {DAMAGED_WAY_OUT}")
            if meeting_id in minutes.doc_ids:
                # Indexed once, the other copy would be hidden from every reader, then edited around.
                raise UnreadableFile(
                    f"{path} is damaged: stored meetings #{minutes.doc_ids[meeting_id]} and #{doc_id} have the "
                    f"same id. {DAMAGED_WAY_OUT}"
                )
            minutes.doc_ids[meeting_id] = int(doc_id)
        return minutes

    def _locate_all(self) -> list[tuple[str, str]]:
        """Every meeting's place and listing; returns the stale copies (meeting id, file) a crash left behind.

        The parts' listings come from the saved index where a part's stamp still matches, else
        from the part itself.
        """
        saved = store_index.load(self.index_path, self.actions_path)
        names = sorted(p.name for p in self.parts_folder.glob(f"*{PART_SUFFIX}")) if self.parts_folder.is_dir() else []
        # Saved again by a writer when the digest is missing (an index of a store with no parts yet, or one
        # written while a meeting was in two parts): the next open can then defer the listings.
        self._index_dirty = set(saved.entries) != set(names) or saved.digest is None
        stamps = {name: store_index.stamp_of(self.parts_folder / name) for name in names}
        if self._can_defer(saved, stamps):
            self._index_all = {name: saved.entries[name] for name in names}
            self._deferred, self._digest, self._digest_places = True, saved.digest, saved.places
            return []  # nothing stale: no part changed since a writer saved the index, and no meeting is twice
        for name in names:
            stamp = stamps[name]
            entry = saved.entries.get(name)
            if stamp is not None and entry is not None and entry.stamp == stamp:
                try:
                    entry.decode()
                except ValueError:
                    entry = None
            if stamp is None or entry is None or entry.stamp != stamp:
                entry = self._entry_read_from(name)
            self._index_all[name] = entry
        return self._place_all()

    def _can_defer(self, saved: store_index.SavedIndex, stamps: dict[str, store_index.Stamp | None]) -> bool:
        """Whether the parts' listings can wait: the index has a digest and names every part, unchanged, with
        its actions line; the header holds no meeting (none to split); no meeting of the live file is named in
        a part's line (a kill during a move), so that no meeting can be in two places."""
        if saved.digest is None or self._index_dirty or self._archive.doc_ids:
            return False
        for name, stamp in stamps.items():
            entry = saved.entries[name]
            if stamp is None or entry.stamp != stamp or entry.actions_at is None:
                return False
        return not any(saved.mentions(meeting_id) for meeting_id in self._live.doc_ids)

    def _entry_read_from(self, name: str) -> store_index.PartEntry:
        """A part's entry read from the part itself (changed behind the index, or not in it)."""
        part = self._part(name)
        listings = {meeting_id: listing(document) for meeting_id, document in _documents_of(part)}
        entry = store_index.PartEntry(store_index.stamp_of(part.path) or (0, 0), listings)
        entry.actions = _actions_of(part)
        self._index_dirty = True
        return entry

    def _place_all(self) -> list[tuple[str, str]]:
        """Every meeting placed, from the header, the parts (in order) and the live file; returns the stale copies."""
        # A part whose actions line is missing (the actions file deleted, or of another version): a writer
        # saves the index again, which reads that part's actions from the part.
        entries = self._index_all.values()
        self._index_dirty |= any(entry.actions is None and entry.actions_at is None for entry in entries)
        where, listed = self._where_all, self._listing_all
        stale: list[tuple[str, str]] = []
        places: list[tuple[str, dict[str, Listing]]] = [
            (HEADER, {meeting_id: listing(document) for meeting_id, document in _documents_of(self._archive)}),
            *((name, entry.listings) for name, entry in self._index_all.items()),
            (LIVE, {meeting_id: listing(document) for meeting_id, document in _documents_of(self._live)}),
        ]
        for place, listings in places:
            if not listings.keys() & where.keys():
                # The usual case, no meeting in two places: placed in one C loop (100,000 meetings at a time).
                where.update(dict.fromkeys(listings, place))
                listed.update(listings)
                continue
            for meeting_id, found in listings.items():
                known = where.get(meeting_id)
                if known is None:
                    where[meeting_id], listed[meeting_id] = place, found
                    continue
                # Found twice (a kill between the two writes of a move): the higher revision wins; on a tie the
                # later place (the live file last), as before the split.
                if found.revision >= listed[meeting_id].revision:
                    where[meeting_id], listed[meeting_id] = place, found
                    stale.append((meeting_id, known))
                else:
                    stale.append((meeting_id, place))
        return stale

    def _split(self) -> None:
        """Move the closed meetings of a one-file archive (any layout before the split) into the parts.

        A copy of the file is kept first (unless an upgrade has just made one). Each part is
        written, then the header emptied: a kill in between leaves the meetings in both, and the
        next open (the revision rule) keeps one copy and finishes the move.
        """
        held = [meeting_id for meeting_id in self._archive.doc_ids if self._where[meeting_id] == HEADER]
        if not self._archive.doc_ids:
            self._set_layout()
            return
        if held and not any(backup.parent == self.path.parent for backup in self.backups):
            try:
                self.backups.append(_back_up(self.path, prefix=split_backup_prefix(self.path)))
            except OSError as error:
                raise StoreError(
                    f"{self.path} needs splitting into {self.parts_folder.name}, but its backup could not be "
                    f"written ({error.strerror}); nothing was changed."
                ) from None
        by_part: dict[str, list[dict[str, Any]]] = {}
        for meeting_id in held:
            document = self._archive.get(meeting_id)
            assert document is not None
            by_part.setdefault(part_name(document), []).append(document)
        try:
            make_private_folders(self.parts_folder)
        except OSError as error:
            raise StoreError(f"cannot create {self.parts_folder}: {error.strerror}") from None
        for name, documents in sorted(by_part.items()):
            part = self._part(name)
            self._write(part, lambda part=part, documents=documents: part.put_all(documents))
            for document in documents:
                self._placed(document, name)
            self._touched(name, documents)
        # Then the header loses every meeting (the copies moved, and any stale ones), in one write.
        self._stale = [(meeting_id, place) for meeting_id, place in self._stale if place != HEADER]
        self._write(self._archive, lambda: self._archive.clear_meetings(_meta()))

    def _set_layout(self) -> None:
        metas = list(((self._archive.storage.read() or {}).get(META) or {}).values())
        if metas and metas[0].get("layout") == LAYOUT:
            return
        self._write(self._archive, lambda: self._archive.clear_meetings(_meta()))

    def _check_file(self, path: Path, data: dict[str, dict[str, Any]]) -> int:
        """Refuse files that are not ours or are too new; return the oldest schema found."""
        tables = {name for name, table in data.items() if table or name != "_default"}
        metas = list(data.get(META, {}).values())
        if tables - _OUR_TABLES or not metas or metas[0].get("app") != APP_MARK:
            found = ", ".join(sorted(tables)) or "none"
            raise UnreadableFile(
                f"{path} is a TinyDB database of another program (tables: {found}), not Facilitator's minutes. "
                "It has been left untouched; use --db to choose another file."
            )
        header = metas[0].get("schema")
        if not isinstance(header, int) or isinstance(header, bool) or not 1 <= header <= MAX_SCHEMA:
            raise UnreadableFile(
                f"{path} is damaged: the schema version in its header is not a number from 1 to {MAX_SCHEMA}. "
                f"{DAMAGED_WAY_OUT}"
            )
        layout = metas[0].get("layout", 1)
        if isinstance(layout, int) and not isinstance(layout, bool) and layout > LAYOUT:
            raise NewerSchema(
                f"{path} was written by a newer Facilitator (store layout {layout}; this version reads up to "
                f"{LAYOUT}). Upgrade Facilitator to open it; the file has been left untouched."
            )
        versions = [header]
        try:
            # A meeting that could not be read at all is left out by the readers, not the file refused.
            versions += [
                schema_of(document)
                for document in data.get(MEETINGS, {}).values()
                if not isinstance(document, Unreadable)
            ]
        except SchemaError as error:
            raise UnreadableFile(f"{path} is damaged: {error}. {DAMAGED_WAY_OUT}") from None
        newest = max(versions)
        if newest > SCHEMA_VERSION:
            raise NewerSchema(
                f"{path} was written by a newer Facilitator (schema {newest}; this version reads up to "
                f"{SCHEMA_VERSION}). Upgrade Facilitator to open it; the file has been left untouched."
            )
        return min(versions)

    def _migrate(self, minutes: _MinutesFile, data: dict[str, dict[str, Any]], oldest: int) -> None:
        """Upgrade every document to our schema; a writer keeps a backup of the old file first."""
        self.migrated_from = oldest if self.migrated_from is None else min(oldest, self.migrated_from)
        upgraded = {
            META: {"1": _meta()},
            MEETINGS: {doc_id: _upgraded(doc) for doc_id, doc in data.get(MEETINGS, {}).items()},
        }
        if self.readonly:
            data.clear()
            data.update(upgraded)  # in memory only: a reader never writes
            return
        try:
            backup = _back_up(minutes.path, prefix=f"{backup_prefix(minutes.path)}{oldest}")
        except OSError as error:
            raise StoreError(
                f"{minutes.path} needs upgrading from schema {oldest}, but its backup could not be written "
                f"({error.strerror}); nothing was changed."
            ) from None
        self.backups.append(backup)
        self._write(minutes, lambda: minutes.storage.write(upgraded))

    def _reconcile(self) -> None:
        """A crash between the two writes of a move can leave a meeting in two files: the stale copy goes."""
        for meeting_id, place in self._stale:
            stale = self._file(place)
            if meeting_id in stale.doc_ids:
                self._write(stale, lambda stale=stale, meeting_id=meeting_id: stale.remove(meeting_id))
                self._touched(place, removed=[meeting_id])
        self._stale = []

    # -- the parts -------------------------------------------------------------------------

    def _part(self, name: str) -> _MinutesFile:
        """A part, parsed (and created by a writer if new), kept among the ``cached_parts`` most recent."""
        part = self._parts.get(name)
        if part is not None:
            self._parts.move_to_end(name)
            return part
        if not self.readonly:
            try:
                make_private_folders(self.parts_folder)
            except OSError as error:
                raise StoreError(f"cannot create {self.parts_folder}: {error.strerror}") from None
        part = self._open_file(self.parts_folder / name, track=False)
        self._parts[name] = part
        while len(self._parts) > self._cached_parts:
            _, oldest = self._parts.popitem(last=False)
            oldest.close()  # its documents stay whole for whoever holds them; the file is read again when asked
        return part

    def _file(self, place: str) -> _MinutesFile:
        if place == LIVE:
            return self._live
        if place == HEADER:
            return self._archive
        return self._part(place)

    def _touched(self, place: str, saved: Iterable[dict[str, Any]] = (), removed: Iterable[str] = ()) -> None:
        """A part was written: its stamp and the listings of what changed in it follow, in the index."""
        if place in (LIVE, HEADER):
            return
        stamp = store_index.stamp_of(self.parts_folder / place)
        entry = self._index.get(place)
        if stamp is None:
            self._index.pop(place, None)
        elif entry is None:
            part = self._part(place)
            self._index[place] = store_index.PartEntry(stamp, {i: listing(d) for i, d in _documents_of(part)})
            # The documents just saved, as given: a checked one carries its actions (a first sync's thousands).
            given = {document["id"]: document for document in saved}
            self._index[place].actions = {i: meeting_actions(given.get(i, d)) for i, d in _documents_of(part)}
        else:
            actions = self._part_actions(place, entry)  # before the listings change: checked against them
            entry.stamp = stamp
            for document in saved:
                entry.listings[document["id"]] = listing(document)
                actions[document["id"]] = meeting_actions(document)
            for meeting_id in removed:
                entry.listings.pop(meeting_id, None)
                actions.pop(meeting_id, None)
        self._index_dirty = True

    def _part_actions(
        self, place: str, entry: store_index.PartEntry, *, keep: bool = True
    ) -> dict[str, MeetingActions | None]:
        """A part's actions from the index, or read from the part when the index's line cannot be used.

        ``keep``: held decoded from now on (a part being changed); else decoded for this answer only.
        """
        actions = store_index.decoded_actions(place, entry)
        if actions is None:
            actions = _actions_of(self._part(place))
            keep = True  # the line could not be used: the part's rows replace it, saved with the index
            self._index_dirty = True
        if keep:
            entry.actions, entry.actions_at = actions, None
        return actions

    def action_entries(self, ids: Iterable[str] | None = None) -> list[tuple[str, MeetingActions | None]]:
        """The actions of these meetings (every meeting if None), None for one that cannot be read: from the
        index where a part's line is whole, the live file's (and a not yet split archive's) from its documents.

        Only the parts holding the meetings asked for are decoded (the actions screen's first page).
        """
        with self.lock:
            wanted: dict[str, set[str]] | None = None
            if ids is not None:
                wanted = {}
                for meeting_id in ids:
                    if meeting_id in self._where:
                        wanted.setdefault(self._where[meeting_id], set()).add(meeting_id)
            found: list[tuple[str, MeetingActions | None]] = []
            for name, entry in self._index.items():
                if wanted is not None and name not in wanted:
                    continue
                actions = self._part_actions(name, entry, keep=False)
                found += [(i, a) for i, a in actions.items() if self._where.get(i) == name]
            for place in (HEADER, LIVE):
                if wanted is not None and place not in wanted:
                    continue
                minutes = self._file(place)
                found += [(i, meeting_actions(d)) for i, d in _documents_of(minutes) if self._where.get(i) == place]
            if wanted is not None:
                asked = set().union(*wanted.values())
                found = [(i, a) for i, a in found if i in asked]
            return found

    def _actions_from_part(self, name: str) -> dict[str, MeetingActions | None]:
        return _actions_of(self._part(name))

    def _placed(self, document: dict[str, Any], place: str) -> None:
        self._where[document["id"]], self._listing[document["id"]] = place, listing(document)

    def _save_index(self) -> None:
        if self.readonly or not self._index_dirty:
            return
        try:
            entries = self._index
            # A digest only when no meeting is in two parts (a copy a failed removal left): the one saved
            # would count it twice.
            in_parts = sum(1 for place in self._where.values() if place not in (LIVE, HEADER))
            clean = in_parts == sum(len(entry.listings) for entry in entries.values())
            store_index.save(self.index_path, self.actions_path, entries, self._actions_from_part, digest=clean)
        except (OSError, StoreError):
            return  # only a cache: the next open reads the parts again
        self._index_dirty = False

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        with self.lock:
            if self._opened and self._lock is not None:
                self._save_index()
            for minutes in [*self._files, *self._parts.values()]:
                minutes.close()
            self._files.clear()
            self._parts.clear()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    # -- writing ---------------------------------------------------------------------------

    def _write(self, minutes: _MinutesFile, operation: Any) -> Any:
        if self.readonly:
            raise ReadOnlyStore(f"{self.path} is open read-only; nothing was written.")
        try:
            return operation()
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreError(
                f"could not save to {minutes.path}: {reason}. What was on disk before is intact; "
                "free some space or choose another place to save."
            ) from None

    def _place_for(self, document: dict[str, Any]) -> str:
        return LIVE if is_open(document) else part_name(document)

    def write(self, document: dict[str, Any]) -> None:
        """In progress → live file, closed → its week's part; then out of the file it was in, if another."""
        meeting_id = document["id"]
        with self.lock:
            if self.readonly:
                raise ReadOnlyStore(f"{self.path} is open read-only; nothing was written.")
            place = self._place_for(document)
            target = self._file(place)
            self._write(target, lambda: target.put(document))
            self._touched(place, [document])
            known = self._where.get(meeting_id)
            self._placed(document, place)
            # Out of the file it was in, and of any a failed removal left it in (a retried close).
            others = self._leftovers.pop(meeting_id, set()) | ({known} if known is not None else set())
            others |= {LIVE} if meeting_id in self._live.doc_ids else set()
            for old_place in sorted(others - {place}):
                other = self._file(old_place)
                if meeting_id in other.doc_ids:
                    try:
                        self._write(other, lambda other=other: other.remove(meeting_id))
                    except StoreError:
                        self._leftovers.setdefault(meeting_id, set()).add(old_place)
                        raise
                    self._touched(old_place, removed=[meeting_id])
            self._tell_saved([document])

    def write_many(self, documents: list[dict[str, Any]]) -> None:
        """New meetings with one write per file: the parts' first, then the live file's.

        A kill or a full disk between two leaves some meetings added and the rest not; the same
        import run again adds the rest (``Records.add_many`` skips the others).
        """
        by_place: dict[str, list[dict[str, Any]]] = {}
        for document in documents:
            by_place.setdefault(self._place_for(document), []).append(document)
        live_docs = by_place.pop(LIVE, [])
        with self.lock:
            if self.readonly:
                raise ReadOnlyStore(f"{self.path} is open read-only; nothing was written.")
            added = 0
            for place, group in sorted(by_place.items()):
                part = self._part(place)
                try:
                    self._write(part, lambda part=part, group=group: part.put_many(group))
                except StoreError as error:
                    if not added:
                        raise
                    raise StoreError(
                        f"{error} Of this import, {added} meeting(s) were added and {len(documents) - added} were "
                        "not; run the same import again to finish it (meetings already added are skipped)."
                    ) from None
                for document in group:
                    self._placed(document, place)
                self._touched(place, group)
                self._tell_saved(group)
                added += len(group)
            try:
                self._write(self._live, lambda: self._live.put_many(live_docs))
            except StoreError as error:
                if not added:
                    raise
                raise StoreError(
                    f"{error} Of this import, the {added} closed meeting(s) were added and the "
                    f"{len(live_docs)} in progress were not; run the same import again to finish it "
                    "(meetings already added are skipped)."
                ) from None
            for document in live_docs:
                self._placed(document, LIVE)
            self._tell_saved(live_docs)
            if len(by_place) > 1:
                self._save_index()  # a large import: the next open need not read every part again

    def subscribe(self, listener: MeetingsListener) -> None:
        self._listeners.append(listener)

    def _tell_saved(self, documents: list[dict[str, Any]]) -> None:
        for listener in self._listeners:
            for document in documents:
                listener.saved(document)

    # -- reading ---------------------------------------------------------------------------

    def _locate(self, meeting_id: str) -> dict[str, Any] | None:
        if self._deferred:
            # The meetings the home screen shows (the digest's, and the live file's) are read without decoding
            # every listing: a part's line never names a meeting of the live file while deferred.
            if meeting_id in self._live.doc_ids:
                return self._live.get(meeting_id)
            if meeting_id in self._digest_places:
                return self._part(self._digest_places[meeting_id]).get(meeting_id)
        known = self._where.get(meeting_id)
        return None if known is None else self._file(known).get(meeting_id)

    def document(self, meeting_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self._locate(meeting_id)

    def closed_document(self, meeting_id: str) -> dict[str, Any] | None:
        with self.lock:
            known = self._where.get(meeting_id)
            return None if known is None or known == LIVE else self._file(known).get(meeting_id)

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every stored document, read one file at a time (never all held at once)."""
        with self.lock:
            places: dict[str, list[str]] = {}
            for meeting_id, place in self._where.items():
                places.setdefault(place, []).append(meeting_id)
        for place, meeting_ids in places.items():
            with self.lock:
                minutes = self._file(place)
                found = [document for meeting_id in meeting_ids if (document := minutes.get(meeting_id)) is not None]
            yield from found

    def listings(self) -> list[Listing]:
        with self.lock:
            return list(self._listing.values())

    def open_documents(self) -> list[dict[str, Any]]:
        with self.lock:
            return [document for meeting_id in self._live.doc_ids if (document := self._locate(meeting_id)) is not None]

    def ids(self) -> list[str]:
        with self.lock:
            live = [meeting_id for meeting_id in self._live.doc_ids if self._where[meeting_id] == LIVE]
            return list(dict.fromkeys([*live, *self._where]))

    def search_parts(self) -> tuple[dict[str, tuple[store_index.Stamp, set[str]]], list[str]]:
        """Each part's stamp and the meetings kept in it, and the meetings kept elsewhere (live, unsplit).

        What the saved word index (``facilitator.search_index``) is checked against.
        """
        with self.lock:
            placed: dict[str, set[str]] = {}
            for meeting_id, place in self._where.items():
                placed.setdefault(place, set()).add(meeting_id)
            parts = {name: (entry.stamp, placed.pop(name, set())) for name, entry in self._index.items()}
            return parts, [meeting_id for ids in placed.values() for meeting_id in sorted(ids)]

    def part_of(self, meeting_id: str) -> Path | None:
        """The file holding this meeting now (for tests and benchmarks)."""
        with self.lock:
            known = self._where.get(meeting_id)
            return None if known is None else self._file(known).path


def part_name(document: dict[str, Any]) -> str:
    """The part a closed meeting is kept in: its date's ISO week (``2026-W48.json``), else ``undated.json``.

    A week keeps each part small (a close rewrites one week of meetings, a few hundred in an
    organisation holding 10,000 a year) and the name says what is in it.
    """
    day = date_of(document)
    if day is None:
        return f"undated{PART_SUFFIX}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}{PART_SUFFIX}"


def _actions_of(part: _MinutesFile) -> dict[str, MeetingActions | None]:
    return {meeting_id: meeting_actions(document) for meeting_id, document in _documents_of(part)}


def _documents_of(minutes: _MinutesFile) -> Iterator[tuple[str, dict[str, Any]]]:
    for meeting_id in minutes.doc_ids:
        document = minutes.get(meeting_id)
        if document is not None:
            yield meeting_id, document


class Store(Records):
    """The minutes database at ``path`` (and its live file beside it), with every rule of ``Records``."""

    backend: TinyDBMeetings

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        today: Callable[[], dt.date] = dt.date.today,
        cached_parts: int = CACHED_PARTS,
    ) -> None:
        super().__init__(TinyDBMeetings(path, readonly=readonly, cached_parts=cached_parts), today=today)

    @property
    def live_path(self) -> Path:
        return self.backend.live_path

    @property
    def migrated_from(self) -> int | None:
        """The oldest schema found when the store opened, if it needed upgrading."""
        return self.backend.migrated_from

    @property
    def backups(self) -> list[Path]:
        """The backups made before upgrading, this time the store opened."""
        return self.backend.backups

    def __enter__(self) -> Store:
        return self


_BACKUP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _back_up(path: Path, *, prefix: str) -> Path:
    """A copy of ``path`` beside it before an upgrade: a new file (never one already there, nor
    through a link planted under its name), 0600, fsynced; removed again if the copy fails."""
    data = read_regular(path)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    for attempt in range(100):
        name = f"{prefix}-backup-{stamp}" + (f"-{attempt}" if attempt else "")
        backup = path.with_name(name)
        try:
            fd = os.open(backup, _BACKUP_FLAGS, PRIVATE_FILE)
        except FileExistsError:
            continue  # two upgrades in one second: the next name
        fill_new_file(fd, backup, data)
        return backup
    raise FileExistsError(errno.EEXIST, f"too many backups named {prefix}-backup-{stamp}")


def _meta() -> dict[str, Any]:
    return {"app": APP_MARK, "schema": SCHEMA_VERSION, "layout": LAYOUT}


def _upgraded(document: dict[str, Any]) -> dict[str, Any]:
    return document if isinstance(document, Unreadable) else upgrade(document)
