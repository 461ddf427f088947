"""The minutes in TinyDB: open, check, migrate, save, find, list, search, follow actions.

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
atomically (see storage.py).

All methods are thread-safe (one re-entrant lock), so the app can save from a worker.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import errno
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from facilitator import followup
from facilitator.checks import ID_PATTERN
from facilitator.documents import (
    MAX_SCHEMA,
    SchemaError,
    from_document,
    items_of_kind,
    schema_of,
    to_document,
    upgrade,
)
from facilitator.errors import (
    DuplicateMeeting,
    MeetingNotFound,
    NewerSchema,
    ReadOnlyStore,
    StoreError,
    StoreInUse,
    UnreadableFile,
)
from facilitator.files import PRIVATE_FILE, fill_new_file, make_private_folders, read_regular
from facilitator.model import SCHEMA_VERSION, Action, Meeting, ValidationError, to_dict
from facilitator.search import SearchIndex, parse_query
from facilitator.storage import AtomicJSONStorage, Unreadable, remove_orphan_temps
from facilitator.text import clean_line

APP_MARK = "facilitator"
MEETINGS = "meetings"
# What to do about a file we cannot read, said after every such refusal.
DAMAGED_WAY_OUT = (
    "Facilitator has left it untouched; restore a backup over it, or use --db to start afresh with another file."
)
META = "meta"
_OUR_TABLES = {MEETINGS, META}


def live_path_for(path: Path) -> Path:
    """``minutes.json`` → ``minutes.live.json``."""
    if path.suffix:
        return path.with_name(f"{path.stem}.live{path.suffix}")
    return path.with_name(path.name + ".live")


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def backup_prefix(path: Path) -> str:
    """Backups made before an upgrade are named ``minutes.json.schema1-backup-<time>``."""
    return f"{path.name}.schema"


def real_db_path(path: str | Path) -> Path:
    """The file the store reads and writes: a link named as the database is followed to its file.

    Otherwise every save would replace the link with a plain file, and the lock would guard
    the link's folder, not the real file another copy may open by its own name.
    """
    path = Path(path).expanduser()
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def belongs_to_store(db_path: Path, target: Path) -> bool:
    """Whether writing ``target`` would overwrite a file of the store at ``db_path``.

    Its archive, live file, lock, backups and temporary files, compared by real path (so a
    link or '../' spelling does not get through) and by inode (a hard link).
    """
    archive = Path(os.path.realpath(real_db_path(db_path)))
    real = Path(os.path.realpath(target))
    own = [archive, live_path_for(archive), lock_path_for(archive)]
    if real.parent == archive.parent:
        if real in own or real.name.startswith(backup_prefix(archive)):
            return True
        if real.name.startswith((f".{archive.name}.", f".{live_path_for(archive).name}.")):
            return True  # a save's temporary file
    for path in own:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, real):
                return True
    return False


@dataclass(frozen=True)
class MeetingSummary:
    """What a list of meetings shows, read straight from the stored document."""

    id: str
    date: str
    partnership: str
    status: str
    attendees: tuple[str, ...]
    open_actions: int
    template: str
    start: str | None = None
    approved: bool = False  # a later meeting approved these minutes; a closed meeting's are a draft until then

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "start": self.start,
            "partnership": self.partnership,
            "status": self.status,
            "template": self.template,
            "attendees": list(self.attendees),
            "open_actions": self.open_actions,
        }


@dataclass(frozen=True)
class ActionRow:
    """An action with the meeting that raised it, for lists across meetings."""

    action: Action
    meeting_id: str
    meeting_date: dt.date
    partnership: str
    organisation: str  # the owner's organisation, from that meeting's attendees

    def to_json(self) -> dict[str, Any]:
        return {
            **to_dict(self.action),
            "meeting_id": self.meeting_id,
            "meeting_date": self.meeting_date.isoformat(),
            "partnership": self.partnership,
            "organisation": self.organisation,
        }


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

    def documents(self) -> Iterator[dict[str, Any]]:
        raw = self.raw_meetings()
        for doc_id in self.doc_ids.values():
            yield raw[str(doc_id)]

    def get(self, meeting_id: str) -> dict[str, Any] | None:
        doc_id = self.doc_ids.get(meeting_id)
        return None if doc_id is None else self.raw_meetings()[str(doc_id)]

    def put(self, document: dict[str, Any]) -> None:
        meeting_id = document["id"]
        doc_id = self.doc_ids.get(meeting_id)
        if doc_id is None:
            self.doc_ids[meeting_id] = self.meetings.insert(document)
            return

        def replace(stored: dict[str, Any]) -> None:
            stored.clear()
            stored.update(document)

        # One write that swaps the whole document (TinyDB's plain update would merge fields).
        self.meetings.update(replace, doc_ids=[doc_id])

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


class Store:
    """The minutes database at ``path`` (and its live file beside it)."""

    def __init__(
        self, path: str | Path, *, readonly: bool = False, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.path = real_db_path(path)
        self.today = today  # dates the changes recorded on actions (``Action.edits``)
        self.live_path = live_path_for(self.path)
        self.readonly = readonly
        self._mutex = threading.RLock()
        self._lock: FileLock | None = None
        self._files: list[_MinutesFile] = []
        self._index: SearchIndex | None = None  # built at the first search, then kept up to date
        self.migrated_from: int | None = None
        self.backups: list[Path] = []
        self.damaged: list[str] = []  # why each meeting left out of a list could not be read
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
        versions = [metas[0].get("schema")]
        if not isinstance(versions[0], int) or isinstance(versions[0], bool) or not 1 <= versions[0] <= MAX_SCHEMA:
            raise UnreadableFile(
                f"{path} is damaged: the schema version in its header is not a number from 1 to {MAX_SCHEMA}. "
                f"{DAMAGED_WAY_OUT}"
            )
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
            stale = self._archive if _revision(live) >= _revision(archived) else self._live
            if self.readonly:
                continue  # _locate prefers the higher revision
            self._write(stale, lambda stale=stale, meeting_id=meeting_id: stale.remove(meeting_id))

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        with self._mutex:
            for minutes in self._files:
                minutes.close()
            self._files.clear()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    def save(self, meeting: Meeting) -> int:
        """Save one meeting (in progress → live file, closed → archive); returns its new revision.

        When this returns, the meeting is on disk (fsynced).
        """
        meeting.validate()
        with self._mutex:
            if not meeting.is_closed:
                return self._put(meeting)
            # What is written adds what the store knows (the close's findings, changes made since) to
            # the caller's copy; that copy takes it on only once it is on disk, so a failed save leaves
            # it exactly as it was.
            written = copy.deepcopy(meeting)
            archived = self._archive.get(meeting.id)
            if archived is None:
                # Closing now (it was in progress, or is new): its decisions go to earlier meetings.
                # Not when an archived meeting is edited later: that would undo changes made since.
                self._follow_up(written)
            else:
                self._keep_changes_made_since(written, archived)
            self._put(written)
            vars(meeting).update(vars(written))
            return meeting.revision

    def _keep_changes_made_since(self, meeting: Meeting, archived: dict[str, Any]) -> None:
        """A closed meeting saved again (a late autosave after Finish, an edit) from a copy read
        earlier keeps what only other paths write: its approval, its close's findings, and action
        fields changed since in the actions list or by a later meeting."""
        try:
            stored = self._to_meeting(archived)
        except StoreError:
            return  # the stored copy cannot be read: the copy being saved is all there is
        followup.keep_changes_made_since(meeting, stored)

    def _follow_up(self, meeting: Meeting) -> None:
        """A closing meeting's decisions about earlier actions and minutes, written to those meetings.

        Applied against each earlier meeting as stored now, under the lock: a field changed since
        the closing meeting read it (in the actions list, or by another meeting that closed first)
        is kept, and the closing meeting's matters arising say so (``followup.apply_follow_up``).

        Written before the meeting itself: if the process dies in between, the meeting is still
        open in the live file, and closing it again writes the same decisions again (harmless).
        """
        followup.forget_later_edits(meeting)
        today = self.today()
        for earlier_id in sorted(followup.referenced(meeting)):
            document = self._locate(earlier_id)
            if document is None:
                continue  # that meeting has been removed since; nothing to update
            # A damaged earlier meeting cannot take the decisions, but must not stop this meeting
            # closing (every retry would fail the same way): it is left as it is and named in
            # ``damaged``, and the decisions stay in this meeting's own minutes.
            readable = self._readable([document])
            if readable and followup.apply_follow_up(meeting, readable[0], today=today, date_of=self._date_of):
                self._put(readable[0])

    def later_edits(self, meeting: Meeting) -> list[str]:
        """What closing ``meeting`` now would keep from edits made elsewhere since it read them, one line each.

        Nothing is written: the meeting can be told before Finish what its close will find.
        """
        with self._mutex:
            documents = [self._locate(earlier_id) for earlier_id in sorted(followup.referenced(meeting))]
            earlier = self._readable(filter(None, documents))
            return followup.later_edits(meeting, earlier, self.today(), date_of=self._date_of)

    def _date_of(self, meeting_id: str) -> dt.date | None:
        document = self._locate(meeting_id)
        try:
            return dt.date.fromisoformat(str(document.get("date"))) if document is not None else None
        except ValueError:
            return None

    def _put(self, meeting: Meeting) -> int:
        document = to_document(meeting)
        document["revision"] = meeting.revision + 1
        with self._mutex:
            target, other = (self._archive, self._live) if meeting.is_closed else (self._live, self._archive)
            self._write(target, lambda: target.put(document))
            if meeting.id in other.doc_ids:
                self._write(other, lambda: other.remove(meeting.id))
            self._indexed(document)
        meeting.revision = document["revision"]
        return meeting.revision

    def update_action(self, meeting_id: str, action_id: str, **changes: Any) -> ActionRow:
        """Change an action of a closed meeting (its status or due date, from the actions table).

        A meeting in progress is refused: its actions are edited in the meeting, whose autosave
        would otherwise overwrite the change.
        """
        with self._mutex:
            meeting = self.get(meeting_id)
            if not meeting.is_closed:
                raise StoreError(
                    f"the meeting of {meeting.date} is still in progress: change its actions in the meeting."
                )
            action = next((a for a in meeting.actions if a.id == action_id), None)
            if action is None:
                raise StoreError(f"the meeting of {meeting.date} has no such action (it may have been removed).")
            unknown = set(changes) - {"status", "due", "owner", "reason"}
            if unknown:
                raise ValidationError(", ".join(sorted(unknown)), "cannot be changed from the actions table")
            for name, value in changes.items():
                if getattr(action, name) != value:
                    setattr(action, name, value)
                    # Remembered so that a meeting reviewing this action keeps the change at its close.
                    action.record_edit(name, self.today())
            action.__post_init__()
            self._put(meeting)
            return _action_row(meeting, action)

    def add(self, meeting: Meeting) -> None:
        """Add a meeting that must be new to this store (an import)."""
        self.add_many([meeting])

    def add_many(self, meetings: Iterable[Meeting], *, skip_existing: bool = False) -> list[Meeting]:
        """Add meetings with one write per file; returns those added.

        Safe to run again after it failed half way (a full disk or a kill between the archive's
        write and the live file's): a meeting already stored exactly as offered is skipped, so
        re-running the same import completes it. A different meeting under a stored id is refused
        (``DuplicateMeeting``), or skipped when ``skip_existing``.
        """
        added: list[Meeting] = []
        with self._mutex:
            live_docs: list[dict[str, Any]] = []
            archive_docs: list[dict[str, Any]] = []
            seen: set[str] = set()
            for meeting in meetings:
                stored = self._locate(meeting.id)
                if stored is not None or meeting.id in seen:
                    if skip_existing or (stored is not None and _same_meeting(stored, meeting)):
                        continue
                    raise DuplicateMeeting(
                        f"a different meeting with id {meeting.id} ({meeting.date}, {clean_line(meeting.partnership)}) "
                        f"is already in {self.path}; nothing was imported."
                    )
                meeting.validate()
                seen.add(meeting.id)
                document = to_document(meeting)
                document["revision"] = max(meeting.revision, 1)
                (archive_docs if meeting.is_closed else live_docs).append(document)
                added.append(meeting)
            self._write(self._archive, lambda: self._archive.put_many(archive_docs))
            for document in archive_docs:
                self._indexed(document)
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
            for document in live_docs:
                self._indexed(document)
        return added

    # -- reading ---------------------------------------------------------------------------

    def _locate(self, meeting_id: str) -> dict[str, Any] | None:
        live, archived = self._live.get(meeting_id), self._archive.get(meeting_id)
        if live is not None and archived is not None:
            return live if _revision(live) >= _revision(archived) else archived
        return live if live is not None else archived

    def _documents(self) -> Iterator[dict[str, Any]]:
        with self._mutex:
            for meeting_id in self.ids():
                document = self._locate(meeting_id)
                if document is not None:
                    yield document

    def ids(self) -> list[str]:
        with self._mutex:
            return list(dict.fromkeys([*self._live.doc_ids, *self._archive.doc_ids]))

    def __len__(self) -> int:
        return len(self.ids())

    def resolve(self, reference: str) -> str:
        """The full id of the meeting whose id is, or starts with, ``reference``."""
        reference = reference.strip()
        ids = self.ids()
        if reference in ids:
            return reference
        matches = [meeting_id for meeting_id in ids if reference and meeting_id.startswith(reference)]
        if not matches:
            raise MeetingNotFound(
                f"no meeting in {self.path} has an id starting {reference!r}; see 'facilitator list'."
            )
        if len(matches) > 1:
            shown = ", ".join(sorted(matches)[:5])
            raise MeetingNotFound(f"{reference!r} matches {len(matches)} meetings ({shown}); give more of the id.")
        return matches[0]

    def get(self, reference: str) -> Meeting:
        """The meeting with this id or unique id prefix."""
        with self._mutex:
            meeting_id = self.resolve(reference)
            document = self._locate(meeting_id)
            assert document is not None
            return self._to_meeting(document)

    def _to_meeting(self, document: dict[str, Any]) -> Meeting:
        if isinstance(document, Unreadable):
            problem = document.problem
        else:
            try:
                return from_document(document)
            except (ValidationError, SchemaError) as error:
                problem = _first_clause(str(error))
        raise StoreError(
            f"meeting {_name_of(document)} in {self.path} is damaged ({problem}). The other "
            "meetings can still be read; restore a backup of the file to get this one back."
        )

    def _readable(self, documents: Iterable[dict[str, Any]]) -> list[Meeting]:
        """The meetings these documents hold, leaving out (and noting in ``damaged``) any that cannot be read.

        One meeting damaged by hand or by a disk must not hide the rest: the list, the actions and
        the health trend go on with the others, and whoever asked can say what was left out.
        """
        meetings = []
        for document in documents:
            try:
                meetings.append(self._to_meeting(document))
            except StoreError as error:
                if str(error) not in self.damaged:
                    self.damaged.append(str(error))
        return meetings

    def meetings(self) -> list[Meeting]:
        """Every readable meeting, newest first (see ``damaged`` for any left out)."""
        return self._readable(_by_newest(self._documents()))

    def in_progress(self) -> list[Meeting]:
        with self._mutex:
            documents = [self._locate(meeting_id) for meeting_id in list(self._live.doc_ids)]
        return self._readable(d for d in _by_newest(filter(None, documents)) if _is_open(d))

    def list_meetings(self) -> list[MeetingSummary]:
        """Every meeting, newest first, summarised without building the full model."""
        return [_summary(document) for document in _by_newest(self._documents())]

    def search(self, query: str) -> list[MeetingSummary]:
        """Meetings matching ``query`` (see ``facilitator.search``), newest first.

        Raises ValueError, with a message for the user, for a filter that cannot be read.
        """
        return self.find(query)[0]

    def find(self, query: str, limit: int | None = None) -> tuple[list[MeetingSummary], int]:
        """The newest ``limit`` meetings matching ``query``, and how many match in all.

        The history screen asks for a screenful or two: building a row for each of 10,000
        matches took most of a search's time (docs/performance.md).
        """
        parsed = parse_query(query)
        with self._mutex:
            if self._index is None:
                self._index = SearchIndex.build(self._documents())
            ids = self._index.search(parsed)
            shown = ids if limit is None else ids[:limit]
            summaries = [_summary(document) for document in map(self._locate, shown) if document is not None]
            return summaries, len(ids)

    def _indexed(self, document: dict[str, Any]) -> None:
        if self._index is not None:
            self._index.add_or_replace(document)

    def action_counts(self, today: dt.date) -> tuple[int, int]:
        """(open, overdue) actions across all meetings, counted from the stored documents."""
        cutoff = today.isoformat()  # ISO dates compare correctly as text
        open_count = overdue = 0
        for document in self._documents():
            for action in items_of_kind(document, "actions"):
                if action.get("status") == "open":
                    open_count += 1
                    due = action.get("due")
                    overdue += isinstance(due, str) and due < cutoff
        return open_count, overdue

    def meetings_of(self, partnership: str) -> list[Meeting]:
        """Every meeting of one partnership (by name, any case), newest first; only those are parsed."""
        wanted = partnership.casefold()
        documents = (d for d in self._documents() if _text(d.get("partnership")).casefold() == wanted)
        return self._readable(_by_newest(documents))

    def latest_by_partnership(self) -> list[Meeting]:
        """The most recent meeting of each partnership (by name, any case), newest first."""
        latest: dict[str, dict[str, Any]] = {}
        for document in _by_newest(self._documents()):
            latest.setdefault(_text(document.get("partnership")).casefold(), document)
        return self._readable(latest.values())

    def actions(self, *, open_only: bool = False, owner: str | None = None) -> list[ActionRow]:
        """Actions across all meetings, earliest due first (undated last)."""
        wanted_owner = owner.casefold().strip() if owner else None
        rows = []
        for meeting in self.meetings():
            for action in meeting.actions:
                if open_only and not action.is_open:
                    continue
                if wanted_owner and wanted_owner not in action.owner.casefold():
                    continue
                rows.append(_action_row(meeting, action))
        rows.sort(key=lambda row: (row.action.due is None, row.action.due or dt.date.max, row.meeting_date))
        return rows


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


def _same_meeting(document: dict[str, Any], meeting: Meeting) -> bool:
    """Is the stored document this meeting, as offered again? (The revision may differ: saving bumps it.)"""
    offered = {key: value for key, value in to_document(meeting).items() if key != "revision"}
    return offered == {key: value for key, value in document.items() if key != "revision"}


def _first_clause(problem: str) -> str:
    # A date's problem ends with the typing hint meant for forms ('use YYYY-MM-DD, +2w, ...'):
    # the field and what is wrong with it are what a damaged file's reader needs.
    return problem.split(": use ", 1)[0]


def _action_row(meeting: Meeting, action: Action) -> ActionRow:
    return ActionRow(
        action=action,
        meeting_id=meeting.id,
        meeting_date=meeting.date,
        partnership=meeting.partnership,
        organisation=meeting.organisation_of(action.owner),
    )


def _meta() -> dict[str, Any]:
    return {"app": APP_MARK, "schema": SCHEMA_VERSION}


def _is_open(document: dict[str, Any]) -> bool:
    return document.get("status") != "closed"


# The summaries, the ordering and the counts read stored documents as they are, before the model
# checks them: a damaged one may hold anything anywhere (null, a list, a 5,000-digit number), so
# every raw value goes through one of these and what is not the expected type reads as empty.
def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _revision(document: dict[str, Any]) -> int:
    revision = document.get("revision", 0)
    return revision if isinstance(revision, int) and not isinstance(revision, bool) else -1


def _upgraded(document: dict[str, Any]) -> dict[str, Any]:
    return document if isinstance(document, Unreadable) else upgrade(document)


def _name_of(document: dict[str, Any]) -> str:
    """The meeting's id for a message, or a description when the id itself is damaged."""
    meeting_id = document.get("id")
    if isinstance(meeting_id, str) and ID_PATTERN.fullmatch(meeting_id):
        return meeting_id
    return "with a damaged id"


def _by_newest(documents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    # ISO dates and HH:MM times sort correctly as text.
    return sorted(documents, key=lambda d: (_text(d.get("date")), _text(d.get("start"))), reverse=True)


def _summary(document: dict[str, Any]) -> MeetingSummary:
    attendees = _list(document.get("attendees"))
    actions = items_of_kind(document, "actions")
    return MeetingSummary(
        id=document["id"],
        date=_text(document.get("date")),
        start=_text(document.get("start")) or None,
        partnership=_text(document.get("partnership")),
        status=_text(document.get("status")),
        template=_text(document.get("template")),
        attendees=tuple(_text(a.get("name")) for a in attendees if isinstance(a, dict)),
        open_actions=sum(1 for a in actions if a.get("status") == "open"),
        approved=bool(document.get("approved_in")),
    )
