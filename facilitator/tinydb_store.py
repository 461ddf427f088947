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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from facilitator.document_schema import MAX_SCHEMA, SchemaError, Unreadable, schema_of, upgrade
from facilitator.errors import NewerSchema, ReadOnlyStore, StoreError, StoreInUse, UnreadableFile
from facilitator.files import PRIVATE_FILE, fill_new_file, make_private_folders, read_regular
from facilitator.model import SCHEMA_VERSION
from facilitator.readmodels import is_open, revision_of
from facilitator.records import Records
from facilitator.repository import MeetingsListener
from facilitator.storepaths import backup_prefix, live_path_for, lock_path_for, real_db_path
from facilitator.storepaths import belongs_to_store as belongs_to_store  # the command line asks the store
from facilitator.tinydb_file import AtomicJSONStorage, remove_orphan_temps

APP_MARK = "facilitator"
MEETINGS = "meetings"
# What to do about a file we cannot read, said after every such refusal.
DAMAGED_WAY_OUT = (
    "Facilitator has left it untouched; restore a backup over it, or use --db to start afresh with another file."
)
META = "meta"
_OUR_TABLES = {MEETINGS, META}


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
    """The TinyDB backend (a ``MeetingDocuments``): the archive at ``path`` and the live file beside it."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = real_db_path(path)
        self.live_path = live_path_for(self.path)
        self.readonly = readonly
        self.lock = threading.RLock()  # every method holds it; ``Records`` holds it across a close
        self._lock: FileLock | None = None
        self._files: list[_MinutesFile] = []
        self._listeners: list[MeetingsListener] = []
        self.migrated_from: int | None = None
        self.backups: list[Path] = []
        if not readonly:
            self._take_lock()
        try:
            self._archive = self._open_file(self.path)
            self._live = self._open_file(self.live_path)
            self._reconcile()
        except BaseException:
            self.close()
            raise

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

    def _open_file(self, path: Path) -> _MinutesFile:
        minutes = _MinutesFile(path, self.readonly)
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
            backup = _back_up(minutes.path, oldest)
        except OSError as error:
            raise StoreError(
                f"{minutes.path} needs upgrading from schema {oldest}, but its backup could not be written "
                f"({error.strerror}); nothing was changed."
            ) from None
        self.backups.append(backup)
        self._write(minutes, lambda: minutes.storage.write(upgraded))

    def _reconcile(self) -> None:
        """A crash between the two writes of a move can leave a meeting in both files: keep the newer."""
        for meeting_id in set(self._live.doc_ids) & set(self._archive.doc_ids):
            live, archived = self._live.get(meeting_id), self._archive.get(meeting_id)
            assert live is not None and archived is not None
            stale = self._archive if revision_of(live) >= revision_of(archived) else self._live
            if self.readonly:
                continue  # _locate prefers the higher revision
            self._write(stale, lambda stale=stale, meeting_id=meeting_id: stale.remove(meeting_id))

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        with self.lock:
            for minutes in self._files:
                minutes.close()
            self._files.clear()
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

    def write(self, document: dict[str, Any]) -> None:
        """In progress → live file, closed → archive; then out of the other file if it was there."""
        meeting_id = document["id"]
        with self.lock:
            target, other = (self._live, self._archive) if is_open(document) else (self._archive, self._live)
            self._write(target, lambda: target.put(document))
            if meeting_id in other.doc_ids:
                self._write(other, lambda: other.remove(meeting_id))
            self._tell_saved([document])

    def write_many(self, documents: list[dict[str, Any]]) -> None:
        """New meetings with one write per file: the archive's first, then the live file's.

        A kill or a full disk between the two leaves the closed meetings added and those in
        progress not; the same import run again adds the rest (``Records.add_many`` skips the others).
        """
        archive_docs = [document for document in documents if not is_open(document)]
        live_docs = [document for document in documents if is_open(document)]
        with self.lock:
            self._write(self._archive, lambda: self._archive.put_many(archive_docs))
            self._tell_saved(archive_docs)
            try:
                self._write(self._live, lambda: self._live.put_many(live_docs))
            except StoreError as error:
                if not archive_docs:
                    raise
                raise StoreError(
                    f"{error} Of this import, the {len(archive_docs)} closed meeting(s) were added and the "
                    f"{len(live_docs)} in progress were not; run the same import again to finish it "
                    "(meetings already added are skipped)."
                ) from None
            self._tell_saved(live_docs)

    def subscribe(self, listener: MeetingsListener) -> None:
        self._listeners.append(listener)

    def _tell_saved(self, documents: list[dict[str, Any]]) -> None:
        for listener in self._listeners:
            for document in documents:
                listener.saved(document)

    # -- reading ---------------------------------------------------------------------------

    def _locate(self, meeting_id: str) -> dict[str, Any] | None:
        live, archived = self._live.get(meeting_id), self._archive.get(meeting_id)
        if live is not None and archived is not None:
            return live if revision_of(live) >= revision_of(archived) else archived
        return live if live is not None else archived

    def document(self, meeting_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self._locate(meeting_id)

    def closed_document(self, meeting_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self._archive.get(meeting_id)

    def documents(self) -> list[dict[str, Any]]:
        with self.lock:
            return [document for meeting_id in self.ids() if (document := self._locate(meeting_id)) is not None]

    def open_documents(self) -> list[dict[str, Any]]:
        with self.lock:
            return [document for meeting_id in self._live.doc_ids if (document := self._locate(meeting_id)) is not None]

    def ids(self) -> list[str]:
        with self.lock:
            return list(dict.fromkeys([*self._live.doc_ids, *self._archive.doc_ids]))


class Store(Records):
    """The minutes database at ``path`` (and its live file beside it), with every rule of ``Records``."""

    backend: TinyDBMeetings

    def __init__(
        self, path: str | Path, *, readonly: bool = False, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(TinyDBMeetings(path, readonly=readonly), today=today)

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


def _back_up(path: Path, schema: int) -> Path:
    """A copy of ``path`` beside it before an upgrade: a new file (never one already there, nor
    through a link planted under its name), 0600, fsynced; removed again if the copy fails."""
    data = read_regular(path)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    for attempt in range(100):
        name = f"{backup_prefix(path)}{schema}-backup-{stamp}" + (f"-{attempt}" if attempt else "")
        backup = path.with_name(name)
        try:
            fd = os.open(backup, _BACKUP_FLAGS, PRIVATE_FILE)
        except FileExistsError:
            continue  # two upgrades in one second: the next name
        fill_new_file(fd, backup, data)
        return backup
    raise FileExistsError(errno.EEXIST, f"too many backups named {backup_prefix(path)}{schema}-backup-{stamp}")


def _meta() -> dict[str, Any]:
    return {"app": APP_MARK, "schema": SCHEMA_VERSION}


def _upgraded(document: dict[str, Any]) -> dict[str, Any]:
    return document if isinstance(document, Unreadable) else upgrade(document)
