"""Autosave: every edit of the live meeting reaches disk within a second, off the event loop.

One saver, one thread. An edit only records that the meeting changed (microseconds, on the
caller's thread). The saver's thread waits until typing pauses for ``delay`` seconds, but
never more than ``max_wait`` after the first unsaved edit, then takes a snapshot of the
meeting and saves it. Only this thread writes, so saves never race each other (a
thread per save did, and corrupted files: see docs/design.md, known traps).

A failed save (disk full, folder gone read-only, or anything else that goes wrong while
saving) is reported through ``on_error`` as a ``StoreError``; the meeting stays in memory,
still marked unsaved, and the saver tries again after ``retry_after`` seconds or at the next
``flush``. No failure of a save, nor of a callback, ends the saver's thread: a thread that died
would leave the bar saying Saved while nothing reached the disk.

Tests (and the app's own test helpers) wait on ``wait_idle`` rather than polling ``dirty``,
which clears when a save starts, not when it ends.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator.errors import StoreError
from facilitator.repository import Repository
from facilitator.session import Session


@dataclass(frozen=True)
class SaveReport:
    revision: int
    saved_at: float  # the saver's clock
    waited: float  # seconds from the first unsaved edit to durable on disk


class Autosaver:
    def __init__(
        self,
        store: Repository,
        session: Session,
        *,
        delay: float = 0.3,
        max_wait: float = 0.6,  # leaves 0.4 s for the save itself within the 1 s promise
        retry_after: float = 5.0,
        on_saved: Callable[[SaveReport], object] | None = None,
        on_error: Callable[[StoreError], object] | None = None,
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
        self._in_flight = False
        self.saves = 0  # saves that reached the disk
        self.failures = 0  # saves that did not
        self.last_report: SaveReport | None = None
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
            self._wake.notify_all()

    @property
    def idle(self) -> bool:
        """Nothing unsaved and no save under way."""
        return self._first_unsaved is None and not self._in_flight

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every edit so far is on disk (or ``timeout`` passes); True if it is."""
        with self._wake:
            return self._wake.wait_for(lambda: self.idle, timeout)

    def wait_for_attempts(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` saves have been tried in all (saved or failed); True if they have."""
        return self.wait_for(lambda: self.saves + self.failures >= count, timeout)

    def wait_for(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Wait until ``condition`` (of ``saves``, ``failures``, ``idle``...) holds; checked after every save."""
        with self._wake:
            return self._wake.wait_for(condition, timeout)

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
            self._wake.notify_all()

    def _save(self) -> None:
        with self._save_lock:
            with self._wake:
                first = self._first_unsaved
                if first is None:
                    return
                self._first_unsaved = None
                self._in_flight = True
            try:
                revision = self.store.save(self.session.snapshot())
            except Exception as error:  # any failure: the edits stay unsaved and are tried again
                self._failed(first, as_store_error(error))
                return
            self.session.saved(revision)
            now = self._clock()
            self.last_error = None
            self._not_before = 0.0
            # Told before the save counts as done, so whoever waits on ``wait_idle`` finds the news sent.
            self.last_report = SaveReport(revision=revision, saved_at=now, waited=now - first)
            self._tell(self.on_saved, self.last_report)
            self._done(saved=True)

    def _failed(self, first: float, error: StoreError) -> None:
        with self._wake:
            # Still unsaved: keep the oldest edit time, and wait before trying again.
            if self._first_unsaved is None or first < self._first_unsaved:
                self._first_unsaved = first
            self._not_before = self._clock() + self.retry_after
            self.last_error = error
        self._tell(self.on_error, error)
        self._done(saved=False)

    def _done(self, *, saved: bool) -> None:
        with self._wake:
            self._in_flight = False
            if saved:
                self.saves += 1
            else:
                self.failures += 1
            self._wake.notify_all()

    @staticmethod
    def _tell(callback: Callable[[Any], object] | None, news: object) -> None:
        # A callback that fails (the app closing under it, say) must not end the saver.
        if callback is not None:
            with contextlib.suppress(Exception):
                callback(news)


def as_store_error(error: Exception) -> StoreError:
    """Any failure of a save as a message for the user: the store's own say what to do already."""
    if isinstance(error, StoreError):
        return error
    detail = " ".join(str(error).split())[:300] or type(error).__name__
    return StoreError(
        f"could not save the meeting: {detail}. What was on disk before is intact; "
        "if this goes on, save a copy elsewhere and report the problem."
    )
