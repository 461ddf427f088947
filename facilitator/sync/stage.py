"""The replica written as the minutes change: a closed meeting's canonical file committed locally, no network.

A sync commits whatever changed since the last one; this commits it sooner, when a meeting closes
or a closed meeting is edited (matters arising written back, an action marked done, minutes
approved, a circulation recorded), so that the replica's history records each edit under the
facilitator's name even before the next ``facilitator sync``.

``stage`` commits, into each remote's replica, every meeting that remote shares whose revision
moved since the replica last had it (found from the store's stamps, as sync finds them: no
meeting is read that did not change). It commits on top of ``main`` only when the store holds
``main`` in full (``store_commit``): otherwise a sync left work to finish (a change brought from
the remote that the store has not taken yet), and committing over it could undo that change; the
next sync commits it instead, after merging. Nothing here ever fails a save: every failure comes
back as one line, for the next sync to finish.

``SaveWatcher`` is the trigger: a listener of the store's writes (``Repository.subscribe``),
cheap enough to run under the store's lock, that asks for a stage when a closed meeting is
written. ``Stager`` runs the stages one at a time, coalescing requests made meanwhile.

Sync not set up (no ``config.json`` beside the store): nothing is read, nothing is created.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import Timeout

from facilitator.errors import StoreError
from facilitator.readmodels import revision_of
from facilitator.repository import Document, Repository
from facilitator.sync import canonical
from facilitator.sync.canonical import meeting_path
from facilitator.sync.config import Remote, SyncConfig, SyncError, load_config, sync_folder
from facilitator.sync.engine import Outcome, _State, lock_for, replica_folder
from facilitator.sync.replica import MAIN, Files, Replica
from facilitator.syncpaths import is_set_up

LOCK_WAIT = 60.0  # seconds a stage waits for a sync holding the replica, before leaving it to the next sync


@dataclass
class Staged:
    """What one stage did with one remote."""

    remote: str
    committed: int = 0  # meetings committed
    problem: str = ""  # why nothing was committed though something changed, one line; '' when all is well

    def line(self) -> str:
        if self.problem:
            return (
                f"Saved here, but not yet in the shared copy for {self.remote}: {self.problem} "
                "The next sync (s on the home screen, or facilitator sync) takes it."
            )
        return f"Committed {self.committed} meeting(s) to the shared copy for {self.remote}; the next sync sends them."


def stage(
    repository: Repository, db_path: Path, *, wait: float = LOCK_WAIT, stop: Callable[[], bool] = lambda: False
) -> list[Staged]:
    """Commit, into each remote's replica, the shared meetings changed here since it last had them.

    Never raises for a failure of the replica: each remote's outcome says it (``Staged.problem``).
    ``stop``: asked while waiting for a running sync to let go of a replica (the app is closing).
    """
    if not is_set_up(db_path):
        return []
    folder = sync_folder(db_path)
    try:
        config = load_config(folder)
    except SyncError as error:
        return [Staged("sync", problem=str(error))]
    return [_stage_remote(repository, folder, config, remote, wait, stop) for remote in config.remotes]


def _stage_remote(
    repository: Repository, folder: Path, config: SyncConfig, remote: Remote, wait: float, stop: Callable[[], bool]
) -> Staged:
    try:
        lock = _acquired(folder, remote.name, wait, stop)
        if lock is None:
            return Staged(remote.name, problem="a sync was using the shared copy.")
        try:
            return _commit(repository, folder, config, remote)
        finally:
            lock.release()
    except (SyncError, StoreError) as error:
        return Staged(remote.name, problem=_one_line(str(error)))
    except OSError as error:
        return Staged(remote.name, problem=f"the shared copy could not be written ({error.strerror or error}).")
    except Exception as error:  # dulwich's own errors on a damaged replica: said, never a lost save
        return Staged(remote.name, problem=f"the shared copy could not be written ({type(error).__name__}: {error}).")


def _acquired(folder: Path, remote_name: str, wait: float, stop: Callable[[], bool]) -> Any:
    """The replica's lock, waited for in short steps (so that a closing app need not wait); None if not got."""
    lock = lock_for(folder, remote_name)
    deadline = time.monotonic() + wait
    while True:
        try:
            lock.acquire(timeout=0.2)
            return lock
        except Timeout:
            if stop() or time.monotonic() >= deadline:
                return None


def _commit(repository: Repository, folder: Path, config: SyncConfig, remote: Remote) -> Staged:
    state = _State(folder / f"{remote.name}.state.json")
    stamps = repository.stamps()
    moved = [
        meeting_id
        for meeting_id, (revision, status, partnership) in stamps.items()
        if remote.shares(partnership, status)
        and ((cached := state.exported.get(meeting_id)) is None or cached[0] != revision)
    ]
    if not moved:
        return Staged(remote.name)  # the usual case for a meeting this remote does not share: git is not opened
    replica = Replica(replica_folder(folder, remote))
    try:
        return _commit_moved(repository, replica, state, config, remote, moved)
    finally:
        replica.close()


def _commit_moved(
    repository: Repository, replica: Replica, state: _State, config: SyncConfig, remote: Remote, moved: list[str]
) -> Staged:
    head = replica.ref(MAIN)
    if state.store_commit != head:
        # The last sync brought in changes the store has not all taken (a meeting was being edited):
        # only a sync, merging first, can commit without undoing them.
        return Staged(remote.name, problem="the last sync left work to finish.")
    files = replica.files(head)
    changed, labels = _changed_files(replica, state, files, repository.documents_of(moved))
    if changed:
        commit = replica.commit({**files, **changed}, [head] if head else [], _message(config, labels), config.author)
        # The state names the commit first, then the branch moves: a kill between leaves the state ahead
        # of main (the next sync finishes it); the other way round, a later edit here of the same
        # meeting would be committed on the older commit and meet this one as a clash.
        state.name_store_commit(commit, settled_in_it=False)  # a stage leaves settled clashes to the sync
        replica.set_ref(MAIN, commit)
        replica.check_out(head, commit)
    state.save()
    return Staged(remote.name, committed=len(changed))


def _changed_files(
    replica: Replica, state: _State, files: Files, documents: dict[str, Document]
) -> tuple[Files, list[str]]:
    """The meeting files whose canonical bytes differ from ``files``; each noted in the state as exported."""
    changed: Files = {}
    labels: list[str] = []
    for meeting_id, document in sorted(documents.items()):
        data = canonical.dumps(canonical.shared_document(document))
        blob = replica.blob_id(data)
        path = meeting_path(meeting_id)
        if files.get(path) != blob:
            changed[path] = replica.blob(data)
            labels.append(f"{document.get('date')} {document.get('partnership')}")
        state.exported[meeting_id] = (revision_of(document), blob)
    return changed, labels


def _message(config: SyncConfig, labels: list[str]) -> str:
    shown = "\n".join(f"- {label}" for label in labels[:10])
    more = f"\n- and {len(labels) - 10} more" if len(labels) > 10 else ""
    return f"Minutes of {len(labels)} meeting(s) from {config.author}\n\n{shown}{more}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- after every close: a whole sync (``SyncConfig.after_close``) -----------------------------


def sync_after_close(db_path: Path) -> bool:
    """Whether this store asked for a whole sync after every close (``facilitator sync --after-close on``)."""
    if not is_set_up(db_path):
        return False
    try:
        return load_config(sync_folder(db_path)).after_close
    except SyncError:
        return False  # a damaged configuration: the next sync says why


def sync_all(repository: Repository, db_path: Path) -> list[Outcome]:
    """A whole sync with every remote (commit, fetch, merge, push); raises SyncError as ``sync.sync`` does."""
    from facilitator.sync import sync

    return sync(repository, db_path)


# --- the trigger and the runner ---------------------------------------------------------------


class SaveWatcher:
    """Listens to the store's writes (under its lock: it only notes and asks, never reads or writes).

    A closed meeting written (a close, or any edit of a closed meeting, whichever path made it)
    asks ``wanted`` for a stage; a meeting in progress does not (its autosaves would make a
    commit a second): a remote sharing meetings in progress takes them at the next stage or sync.
    """

    def __init__(self, wanted: Callable[[], object]) -> None:
        self.wanted = wanted

    def saved(self, document: Document) -> None:
        try:
            if document.get("status") == "closed":
                self.wanted()
        except Exception:  # told inside a save: nothing here may ever fail one (the stage is only sooner)
            pass

    def removed(self, meeting_id: str) -> None:
        pass


@dataclass
class Round:
    """What one run of the stager did: the stages, or a whole sync's outcomes (or why it failed)."""

    staged: list[Staged] = field(default_factory=list)
    synced: list[Outcome] | None = None  # a whole sync ran (after a close, when asked for)
    sync_error: str = ""


class Stager:
    """Runs stages (and syncs after a close) one at a time; requests made while one runs are coalesced.

    ``want()`` is cheap and thread-safe; it returns True when the caller must start ``run()`` (in a
    worker: nothing else is running one), False when a running one will take the request.
    """

    def __init__(self, repository: Repository, db_path: Path) -> None:
        self.repository = repository
        self.db_path = db_path
        self._lock = threading.Lock()
        self._stage_wanted = False
        self._sync_wanted = False
        self._running = False

    def want(self, *, sync: bool = False) -> bool:
        with self._lock:
            self._stage_wanted = True
            self._sync_wanted = self._sync_wanted or sync
            if self._running:
                return False
            self._running = True
            return True

    def run(self, stop: Callable[[], bool] = lambda: False) -> list[Round]:
        """Every round wanted, until none is; each says what it did (a worker reports them)."""
        rounds: list[Round] = []
        try:
            while True:
                with self._lock:  # deciding to end and saying so at once: a request meanwhile starts a new run
                    if not self._stage_wanted or stop():
                        self._running = False
                        return rounds
                    whole = self._sync_wanted
                    self._stage_wanted = self._sync_wanted = False
                rounds.append(self._one(whole, stop))
        except BaseException:
            with self._lock:
                self._running = False  # whatever went wrong, the next request starts a run again
            raise

    def _one(self, whole: bool, stop: Callable[[], bool]) -> Round:
        staged = stage(self.repository, self.db_path, stop=stop)  # first committed here, whatever follows
        if not whole or not sync_after_close(self.db_path):
            return Round(staged)
        try:
            return Round(staged, synced=sync_all(self.repository, self.db_path))
        except (SyncError, StoreError, OSError) as error:
            return Round(staged, sync_error=_one_line(str(error)))
        except Exception as error:  # any failure must be said; nothing was lost locally
            return Round(staged, sync_error=f"{type(error).__name__}: {error}")
