"""The seam between the minutes and where they are kept.

Two interfaces:

* ``Repository``: what the app, the command line, the autosaver, the overview and the exports
  use. ``facilitator.records.Records`` implements it over any ``MeetingDocuments``;
  ``facilitator.tinydb_store.Store`` is that over the two TinyDB files.
* ``MeetingDocuments``: what a storage backend provides, stored meeting documents in and out,
  nothing about follow-up or search, and each meeting's ``Listing`` (what the lists and counts
  show) so that they need not read every meeting. A second backend (a git replica)
  implements this one, and ``Records`` brings every rule with it.

Documents a backend hands out are never changed by it afterwards (a save stores a new document,
never refills the old one), so a reader may keep and read one outside the backend's lock; a
reader must not change one either.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from facilitator.model import Meeting
from facilitator.readmodels import ActionRow, Listing, ListingsDigest, MeetingSummary

Document = dict[str, Any]


class MeetingsListener(Protocol):
    """Told of every change a backend makes to the set of stored meetings (the search index listens)."""

    def saved(self, document: Document) -> None: ...

    def removed(self, meeting_id: str) -> None: ...


class MeetingDocuments(Protocol):
    """A storage backend: stored meeting documents (schema ``SCHEMA_VERSION``), one per meeting id."""

    path: Path  # where the minutes are, as messages name it
    readonly: bool
    # Held by ``Records`` across a read-modify-write (a close and its follow-up); re-entrant.
    lock: threading.RLock

    def ids(self) -> list[str]: ...

    def document(self, meeting_id: str) -> Document | None:
        """The stored document of this meeting (the newest copy), or None."""

    def closed_document(self, meeting_id: str) -> Document | None:
        """The stored document if the meeting is stored as closed (an edit of a closed meeting), else None."""

    def documents(self) -> Iterable[Document]:
        """Every stored document, in no particular order (a backend may read them one file at a time)."""

    def listings(self) -> list[Listing]:
        """Every stored meeting's listing (summary, revision, open actions' due dates), kept without its document."""

    def open_documents(self) -> list[Document]:
        """The documents of meetings in progress (a backend may keep them apart, as TinyDB's live file does)."""

    def write(self, document: Document) -> None:
        """Store this document (its ``revision`` already set), durably, replacing any copy of the meeting."""

    def write_many(self, documents: list[Document]) -> None:
        """Store new meetings' documents with as few writes as the backend can."""

    def subscribe(self, listener: MeetingsListener) -> None: ...

    def close(self) -> None: ...


class Repository(Protocol):
    """The minutes as the rest of the program sees them."""

    damaged: list[str]  # why each meeting left out of a list could not be read

    @property
    def path(self) -> Path: ...

    @property
    def readonly(self) -> bool: ...

    # -- one meeting
    def resolve(self, reference: str) -> str: ...

    def get(self, reference: str) -> Meeting: ...

    def ids(self) -> list[str]: ...

    def __len__(self) -> int: ...

    def save(self, meeting: Meeting) -> int: ...

    def add(self, meeting: Meeting) -> None: ...

    def add_many(self, meetings: Iterable[Meeting], *, skip_existing: bool = False) -> list[Meeting]: ...

    def update_action(self, meeting_id: str, action_id: str, **changes: Any) -> ActionRow: ...

    def later_edits(self, meeting: Meeting) -> list[str]: ...

    # -- sync (facilitator.sync)
    def stamps(self) -> dict[str, tuple[int, str, str]]: ...

    def documents_of(self, ids: Iterable[str]) -> dict[str, Document]: ...

    def put_merged(self, meetings: Iterable[tuple[Meeting | Document, int | None]]) -> dict[str, int]: ...

    def subscribe(self, listener: MeetingsListener) -> None:
        """Tell ``listener`` of every meeting written from now on (sync's replica, written as meetings close)."""

    # -- lists
    def list_meetings(self) -> list[MeetingSummary]: ...

    def listings(self) -> list[Listing]: ...

    def find(self, query: str, limit: int | None = None) -> tuple[list[MeetingSummary], int]: ...

    def search(self, query: str) -> list[MeetingSummary]: ...

    def search_ids(self, query: str) -> list[str]: ...

    def meetings(self) -> list[Meeting]: ...

    def meetings_of(self, partnership: str) -> list[Meeting]: ...

    def latest_by_partnership(self, digest: ListingsDigest | None = None) -> list[Meeting]: ...

    def digest(self) -> ListingsDigest:
        """What the home screen needs of every listing (``readmodels.ListingsDigest``), read quickly."""

    def prepare(self) -> None:
        """Finish, now, what opening the store left for later (called from a worker once the home screen shows)."""

    def in_progress(self) -> list[Meeting]: ...

    def actions(self, *, open_only: bool = False, owner: str | None = None) -> list[ActionRow]: ...

    def newest_actions(self, meetings: int) -> list[ActionRow]: ...

    def action_counts(self, today: dt.date) -> tuple[int, int]: ...

    # -- the end
    def close(self) -> None: ...

    def __enter__(self) -> Repository: ...

    def __exit__(self, *exc: object) -> None: ...


class OpenRepository(Protocol):
    """Opens the minutes kept at a path. The command line, where the parts are put together, passes
    the TinyDB store (``facilitator.tinydb_store.Store``), so that the interface never imports a backend."""

    def __call__(self, path: Path, *, today: Callable[[], dt.date]) -> Repository: ...
