"""Autosave: every edit of the live meeting reaches disk within a second, off the event loop.

One saver, one thread. An edit only records that the meeting changed (microseconds, on the
caller's thread). The saver's thread waits until typing pauses for ``delay`` seconds, but
never more than ``max_wait`` after the first unsaved edit, then takes a snapshot of the
meeting and saves it. Only this thread writes, so saves never race each other (a
thread per save did, and corrupted files: see DESIGN.md, known traps).

A failed save (disk full, folder gone read-only) is reported through ``on_error``; the
meeting stays in memory, still marked unsaved, and the saver tries again after
``retry_after`` seconds or at the next ``flush``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from facilitator.errors import StoreError
from facilitator.session import Session
from facilitator.store import Store


@dataclass(frozen=True)
class SaveReport:
    revision: int
    saved_at: float  # the saver's clock
    waited: float  # seconds from the first unsaved edit to durable on disk


class Autosaver:
    def __init__(
        self,
        store: Store,
        session: Session,
        *,
        delay: float = 0.3,
        max_wait: float = 0.6,  # leaves 0.4 s for the save itself within the 1 s promise
        retry_after: float = 5.0,
        on_saved: Callable[[SaveReport], None] | None = None,
        on_error: Callable[[StoreError], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.session = session
        self.delay = delay
        self.max_wait = max_wait
        self.retry_after = retry_after
        self.on_saved = on_saved
        self.on_error = on_error
        self._clock = clock
        self._wake = threading.Condition()
        # Held for a whole save; re-entrant so that flush can hold it across its own save.
        self._save_lock = threading.RLock()
        self._first_unsaved: float | None = None
        self._last_edit = 0.0
        self._not_before = 0.0
        self._stopping = False
        self.last_error: StoreError | None = None
        session.subscribe(self.changed)

    @property
    def dirty(self) -> bool:
        return self._first_unsaved is not None

    def changed(self, _label: str = "") -> None:
        """Note an edit. Cheap: this runs on the event loop for every keystroke that edits."""
        with self._wake:
            now = self._clock()
            if self._first_unsaved is None:
                self._first_unsaved = now
            self._last_edit = now
            self._wake.notify()

    def run(self) -> None:
        """The saver's loop; run it in one background thread (the app uses a Textual thread worker)."""
        while True:
            with self._wake:
                while not self._stopping and not self._due():
                    self._wake.wait(self._seconds_to_due())
                if self._stopping:
                    break
            self._save()
        self.flush()

    def _due(self) -> bool:
        return self._first_unsaved is not None and self._clock() >= self._due_at()

    def _due_at(self) -> float:
        assert self._first_unsaved is not None
        debounced = min(self._last_edit + self.delay, self._first_unsaved + self.max_wait)
        return max(debounced, self._not_before)

    def _seconds_to_due(self) -> float | None:
        if self._first_unsaved is None:
            return None  # sleep until an edit or stop
        return max(0.0, self._due_at() - self._clock())

    def flush(self) -> bool:
        """Save now if anything is unsaved (finish, quit). True when everything is on disk.

        It waits for a save already under way: while one is in flight the meeting looks saved
        (the edits are marked unsaved again only if it fails), so answering without waiting
        once said "everything is on disk" just before the save failed.
        """
        with self._save_lock:
            if self.dirty:
                self._save()
            return not self.dirty

    def stop(self) -> None:
        """Ask ``run`` to save what is left and return."""
        with self._wake:
            self._stopping = True
            self._wake.notify()

    def _save(self) -> None:
        with self._save_lock:
            with self._wake:
                first = self._first_unsaved
                if first is None:
                    return
                self._first_unsaved = None
            snapshot = self.session.snapshot()
            try:
                revision = self.store.save(snapshot)
            except StoreError as error:
                with self._wake:
                    # Still unsaved: keep the oldest edit time, and wait before trying again.
                    if self._first_unsaved is None or first < self._first_unsaved:
                        self._first_unsaved = first
                    self._not_before = self._clock() + self.retry_after
                self.last_error = error
                if self.on_error:
                    self.on_error(error)
                return
            self.session.saved(revision)
            self.last_error = None
            self._not_before = 0.0
            now = self._clock()
            if self.on_saved:
                self.on_saved(SaveReport(revision=revision, saved_at=now, waited=now - first))
