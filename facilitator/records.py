"""The rules of the minutes, over any storage backend: the ``Repository`` the program uses.

``Records`` turns stored documents into meetings and back, and keeps the rules that span
meetings: a meeting closing writes its decisions to the earlier meetings it reviewed
(``followup``), a closed meeting saved again keeps what other paths wrote since, an action
changed from the actions list records the change. It reads and writes through a
``MeetingDocuments`` backend (``facilitator.tinydb_store`` for TinyDB), holding the backend's lock
across each read-modify-write, so a second backend brings every rule with it.

Searching uses a word index opened at the first search (from the one saved beside the archive,
``facilitator.search_index``, where the backend keeps one) and kept up to date as a listener of
the backend's saves.
"""

from __future__ import annotations

import copy
import datetime as dt
import heapq
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from facilitator import followup, readmodels, search_index
from facilitator.checks import ValidationError
from facilitator.document_schema import SchemaError, Unreadable, from_document, to_document
from facilitator.errors import DuplicateMeeting, MeetingNotFound, StoreError
from facilitator.model import Meeting
from facilitator.readmodels import ActionRow, MeetingSummary
from facilitator.repository import Document, MeetingDocuments, MeetingsListener
from facilitator.search import SearchIndex, parse_query
from facilitator.text import clean_line

# What the actions table may change on an action of a closed meeting.
ACTION_FIELDS = frozenset({"status", "due", "owner", "reason", "due_text"})
# A change to a due date's words is recorded as a change of the due date (``Action.edits`` knows "due").
_RECORDED_AS = {"due_text": "due"}


class _IndexListener:
    """Keeps the search index in step with the backend once the first search has built it.

    Told of saves under the backend's lock; ``built`` is called under it too.
    """

    def __init__(self) -> None:
        self.index: SearchIndex | None = None

    def built(self, backend: MeetingDocuments) -> SearchIndex:
        """The index, opened at the first search: from the word index saved beside an archive split
        into parts where the backend has one (``search_index``), else from every document."""
        if self.index is None:
            parts = getattr(backend, "search_parts", None)
            folder = getattr(backend, "parts_folder", None)
            if parts is not None and isinstance(folder, Path):
                kept, loose = parts()
                self.index = search_index.open_index(
                    kept, loose, backend.document, search_index.words_path(folder), writable=not backend.readonly
                )
            else:
                self.index = SearchIndex.build(backend.documents(), read=backend.document)
        return self.index

    def saved(self, document: Document) -> None:
        if self.index is not None:
            self.index.add_or_replace(document)

    def removed(self, meeting_id: str) -> None:
        if self.index is not None:
            self.index.remove(meeting_id)


class Records:
    """The minutes held by ``backend``, with the rules that span meetings."""

    def __init__(self, backend: MeetingDocuments, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.backend = backend
        self.today = today  # dates the changes recorded on actions (``Action.edits``)
        self.damaged: list[str] = []  # why each meeting left out of a list could not be read
        self._search = _IndexListener()
        backend.subscribe(self._search)

    @property
    def path(self) -> Path:
        return self.backend.path

    @property
    def readonly(self) -> bool:
        return self.backend.readonly

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Records:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one meeting -----------------------------------------------------------------------

    def ids(self) -> list[str]:
        return self.backend.ids()

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
        with self.backend.lock:
            document = self.backend.document(self.resolve(reference))
        assert document is not None
        return self._to_meeting(document)

    def _to_meeting(self, document: Document) -> Meeting:
        if isinstance(document, Unreadable):
            problem = document.problem
        else:
            try:
                return from_document(document)
            except (ValidationError, SchemaError) as error:
                problem = _first_clause(str(error))
        raise StoreError(
            f"meeting {readmodels.name_of(document)} in {self.path} is damaged ({problem}). The other "
            "meetings can still be read; restore a backup of the file to get this one back."
        )

    def _readable(self, documents: Iterable[Document]) -> list[Meeting]:
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

    # -- saving ----------------------------------------------------------------------------

    def save(self, meeting: Meeting) -> int:
        """Save one meeting; returns its new revision. When this returns, the meeting is on disk.

        Closing it writes its decisions to the earlier meetings it reviewed; a closed meeting saved
        again keeps what was written to it since by other paths.
        """
        meeting.validate()
        with self.backend.lock:
            if not meeting.is_closed:
                return self._put(meeting)
            # What is written adds what the store knows (the close's findings, changes made since) to
            # the caller's copy; that copy takes it on only once it is on disk, so a failed save leaves
            # it exactly as it was.
            written = copy.deepcopy(meeting)
            archived = self.backend.closed_document(meeting.id)
            if archived is None:
                # Closing now (it was in progress, or is new): its decisions go to earlier meetings.
                # Not when an archived meeting is edited later: that would undo changes made since.
                self.follow_up(written)
            else:
                self._keep_changes_made_since(written, archived)
            self._put(written)
            vars(meeting).update(vars(written))
            return meeting.revision

    def _put(self, meeting: Meeting) -> int:
        document = to_document(meeting)
        document["revision"] = meeting.revision + 1
        self.backend.write(document)
        meeting.revision = document["revision"]
        return meeting.revision

    def _keep_changes_made_since(self, meeting: Meeting, archived: Document) -> None:
        """A closed meeting saved again (a late autosave after Finish, an edit) from a copy read
        earlier keeps what only other paths write: its approval, its close's findings, and action
        fields changed since in the actions list or by a later meeting."""
        try:
            stored = self._to_meeting(archived)
        except StoreError:
            return  # the stored copy cannot be read: the copy being saved is all there is
        followup.keep_changes_made_since(meeting, stored)

    def follow_up(self, meeting: Meeting) -> None:
        """A closing meeting's decisions about earlier actions and minutes, written to those meetings.

        Applied against each earlier meeting as stored now, under the lock: a field changed since
        the closing meeting read it (in the actions list, or by another meeting that closed first)
        is kept, and the closing meeting's matters arising say so (``followup.apply_follow_up``).

        Written before the meeting itself: if the process dies in between, the meeting is still
        open, and closing it again writes the same decisions again (harmless).
        """
        with self.backend.lock:
            followup.forget_later_edits(meeting)
            today = self.today()
            for earlier_id in sorted(followup.referenced(meeting)):
                document = self.backend.document(earlier_id)
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
        with self.backend.lock:
            documents = [self.backend.document(earlier_id) for earlier_id in sorted(followup.referenced(meeting))]
            earlier = self._readable(filter(None, documents))
            return followup.later_edits(meeting, earlier, self.today(), date_of=self._date_of)

    def _date_of(self, meeting_id: str) -> dt.date | None:
        return readmodels.date_of(self.backend.document(meeting_id))

    def update_action(self, meeting_id: str, action_id: str, **changes: Any) -> ActionRow:
        """Change an action of a closed meeting (its status or due date, from the actions table).

        A meeting in progress is refused: its actions are edited in the meeting, whose autosave
        would otherwise overwrite the change.
        """
        with self.backend.lock:
            meeting = self.get(meeting_id)
            if not meeting.is_closed:
                raise StoreError(
                    f"the meeting of {meeting.date} is still in progress: change its actions in the meeting."
                )
            action = next((a for a in meeting.actions if a.id == action_id), None)
            if action is None:
                raise StoreError(f"the meeting of {meeting.date} has no such action (it may have been removed).")
            unknown = set(changes) - ACTION_FIELDS
            if unknown:
                raise ValidationError(", ".join(sorted(unknown)), "cannot be changed from the actions table")
            for name, value in changes.items():
                if getattr(action, name) != value:
                    setattr(action, name, value)
                    # Remembered so that a meeting reviewing this action keeps the change at its close.
                    action.record_edit(_RECORDED_AS.get(name, name), self.today())
            action.__post_init__()
            self._put(meeting)
            return readmodels.action_row(meeting, action)

    def add(self, meeting: Meeting) -> None:
        """Add a meeting that must be new to this store (an import)."""
        self.add_many([meeting])

    def add_many(self, meetings: Iterable[Meeting], *, skip_existing: bool = False) -> list[Meeting]:
        """Add meetings with as few writes as the backend can; returns those added.

        Safe to run again after it failed half way: a meeting already stored exactly as offered is
        skipped, so re-running the same import completes it. A different meeting under a stored id
        is refused (``DuplicateMeeting``), or skipped when ``skip_existing``.
        """
        added: list[Meeting] = []
        with self.backend.lock:
            documents: list[Document] = []
            seen: set[str] = set()
            for meeting in meetings:
                stored = self.backend.document(meeting.id)
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
                documents.append(document)
                added.append(meeting)
            self.backend.write_many(documents)
        return added

    # -- sync (facilitator.sync) ----------------------------------------------------------------

    def stamps(self) -> dict[str, tuple[int, str, str]]:
        """Each readable meeting's (revision, status, partnership), from the listings: no meeting is read.

        How sync finds what changed since it last looked without reading 10,000 meetings.
        """
        return {
            listing.id: (listing.revision, listing.status, listing.partnership) for listing in self.backend.listings()
        }

    def documents_of(self, ids: Iterable[str]) -> dict[str, Document]:
        """The stored documents of these meetings as they are (readable ones only); never to be changed.

        What sync shares: reading 10,000 meetings as models to write them out again would take minutes.
        """
        with self.backend.lock:
            found = {meeting_id: self.backend.document(meeting_id) for meeting_id in ids}
        return {key: doc for key, doc in found.items() if doc is not None and not isinstance(doc, Unreadable)}

    def put_merged(self, meetings: Iterable[tuple[Meeting | Document, int | None]]) -> dict[str, int]:
        """Store meetings merged by sync exactly as given: no follow-up, nothing kept from the stored copy.

        Each (a meeting, or its document of this schema) is checked first: one that cannot be read
        as a meeting is not written. Each is written only if its stored revision is still the one
        given (None: not stored yet); one changed meanwhile (an edit in the app) is skipped, for the
        next sync to merge. Returns the new revision of each meeting written.
        """
        written: dict[str, int] = {}
        with self.backend.lock:
            new: list[Document] = []
            for given, expected in meetings:
                document = _checked_document(given)
                if document is None:
                    continue
                stored = self.backend.document(document["id"])
                revision = None if stored is None else readmodels.revision_of(stored)
                if revision != expected:
                    continue
                document["revision"] = (revision or 0) + 1
                if stored is None:
                    new.append(document)
                else:
                    self.backend.write(document)
                written[document["id"]] = document["revision"]
            self.backend.write_many(new)
        return written

    def subscribe(self, listener: MeetingsListener) -> None:
        """``listener`` is told of every write from now on, under the backend's lock (it must be quick)."""
        self.backend.subscribe(listener)

    # -- lists -----------------------------------------------------------------------------
    # The backend's documents are never refilled in place, so they are read here outside its lock.

    def meetings(self) -> list[Meeting]:
        """Every readable meeting, newest first (see ``damaged`` for any left out). Reads every meeting."""
        return self._readable(self._documents(readmodels.newest_listings(self.backend.listings())))

    def _documents(self, listings: Iterable[readmodels.Listing]) -> Iterator[Document]:
        """The stored documents of these listings, in their order, each read when it is reached."""
        for entry in listings:
            with self.backend.lock:
                document = self.backend.document(entry.id)
            if document is not None:
                yield document

    def in_progress(self) -> list[Meeting]:
        documents = self.backend.open_documents()
        return self._readable(d for d in readmodels.by_newest(documents) if readmodels.is_open(d))

    def list_meetings(self) -> list[MeetingSummary]:
        """Every meeting, newest first, summarised without building the full model."""
        return [entry.summary for entry in self.listings()]

    def listings(self) -> list[readmodels.Listing]:
        """Every meeting's listing, newest first: what a list or a count needs, without a summary for each."""
        return readmodels.newest_listings(self.backend.listings())

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
        with self.backend.lock:
            index = self._search.built(self.backend)
            if limit is None:
                shown = index.search(parsed)
                matching = len(shown)
            else:
                shown, matching = index.find(parsed, limit)
            documents = [self.backend.document(meeting_id) for meeting_id in shown]
        return [readmodels.summary(document) for document in documents if document is not None], matching

    def search_ids(self, query: str) -> list[str]:
        """Every meeting matching ``query``, by id, newest first; no meeting is read (``ValueError`` as ``find``)."""
        parsed = parse_query(query)
        with self.backend.lock:
            return self._search.built(self.backend).search(parsed)

    def action_counts(self, today: dt.date) -> tuple[int, int]:
        """(open, overdue) actions across all meetings, counted from the listings."""
        return readmodels.listing_counts(self.backend.listings(), today)

    def meetings_of(self, partnership: str) -> list[Meeting]:
        """Every meeting of one partnership (by name, any case), newest first; only those are read."""
        wanted = partnership.casefold()
        listings = [e for e in self.backend.listings() if e.partnership.casefold() == wanted]
        return self._readable(self._documents(readmodels.newest_listings(listings)))

    def latest_by_partnership(self, digest: readmodels.ListingsDigest | None = None) -> list[Meeting]:
        """The most recent meeting of each partnership (by name, any case), newest first; only those are read.

        Picked from ``digest`` when given (it keeps the latest of each), else from every listing.
        """
        if digest is not None:
            return self._readable(self._documents(digest.latest_of_each_partnership()))
        latest: dict[str, readmodels.Listing] = {}
        for entry in readmodels.newest_listings(self.backend.listings()):
            latest.setdefault(entry.partnership.casefold(), entry)
        return self._readable(self._documents(latest.values()))

    def digest(self) -> readmodels.ListingsDigest:
        """What the home screen needs of every listing: saved by a backend that keeps one (the overview index,
        answered without decoding 100,000 listings), else worked out from the listings."""
        saved = getattr(self.backend, "digest", None)
        found = saved() if saved is not None else None
        return found if found is not None else readmodels.digest_of(self.backend.listings())

    def prepare(self) -> None:
        """Let the backend finish what its opening left for later (the listings the digest stood in for)."""
        prepare = getattr(self.backend, "prepare", None)
        if prepare is not None:
            prepare()

    def actions(self, *, open_only: bool = False, owner: str | None = None) -> list[ActionRow]:
        """Actions across all meetings, earliest due first (undated last).

        Answered from the backend's rows of each meeting's actions (the overview index) where it keeps
        them, reading no meeting; a meeting that cannot be read is read again only to say why it is left out.
        """
        listings = readmodels.newest_listings(self.backend.listings())
        entries = getattr(self.backend, "action_entries", None)
        if entries is None:  # a backend without the rows: every meeting read, one at a time
            meetings = self._readable_each(self._documents(listings))
            return readmodels.action_rows(meetings, open_only=open_only, owner=owner)
        return self._rows_of(listings, dict(entries()), open_only=open_only, owner=owner)

    def newest_actions(self, meetings: int) -> list[ActionRow]:
        """The actions of the newest ``meetings`` meetings, earliest due first: what the actions screen shows
        while the rest are read (making 300,000 rows takes seconds; these, a few milliseconds)."""
        # By date alone (a C-level key: 100,000 listings); the page is sorted by due date after.
        listings = heapq.nlargest(meetings, self.backend.listings(), key=itemgetter(2))
        entries = getattr(self.backend, "action_entries", None)
        if entries is None:
            return readmodels.action_rows(self._readable_each(self._documents(listings)))
        return self._rows_of(listings, dict(entries([entry.id for entry in listings])))

    def _rows_of(
        self,
        listings: list[readmodels.Listing],
        by_id: dict[str, readmodels.MeetingActions | None],
        *,
        open_only: bool = False,
        owner: str | None = None,
    ) -> list[ActionRow]:
        kept: list[readmodels.MeetingActions] = []
        for entry in listings:
            found = by_id.get(entry.id)
            if found is None:
                self._readable(self._documents([entry]))  # notes why in ``damaged``
            else:
                kept.append(found)
        try:
            return readmodels.index_action_rows(kept, open_only=open_only, owner=owner)
        except ValueError:  # a row that no longer reads as an action (the index edited by hand): read the meetings
            meetings = self._readable_each(self._documents(listings))
            return readmodels.action_rows(meetings, open_only=open_only, owner=owner)

    def _readable_each(self, documents: Iterable[Document]) -> Iterator[Meeting]:
        """``_readable``, one meeting at a time: a list across 100,000 meetings never holds them all."""
        for document in documents:
            yield from self._readable([document])


def _checked_document(given: Meeting | Document) -> Document | None:
    """A new document to store for a meeting, or a document checked to read as one (None if it does not)."""
    if isinstance(given, Meeting):
        given.validate()
        return readmodels.CheckedDocument(to_document(given), given)
    try:
        meeting = from_document(given)
    except (ValidationError, SchemaError):
        return None
    return readmodels.CheckedDocument(given, meeting)  # the store's index takes its actions from this meeting


def _same_meeting(document: Document, meeting: Meeting) -> bool:
    """Is the stored document this meeting, as offered again? (The revision may differ: saving bumps it.)"""
    offered = {key: value for key, value in to_document(meeting).items() if key != "revision"}
    return offered == {key: value for key, value in document.items() if key != "revision"}


def _first_clause(problem: str) -> str:
    # A date's problem ends with the typing hint meant for forms ('use YYYY-MM-DD, +2w, ...'):
    # the field and what is wrong with it are what a damaged file's reader needs.
    return problem.split(": use ", 1)[0]
