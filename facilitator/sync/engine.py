"""One sync with one remote: commit what changed here, fetch, merge, bring the result into the store, push.

The store is reached only through the ``Repository`` (``stamps``, ``get``, ``put_merged``); the
replica through ``Replica``. Three commits matter:

* the **store commit** (in ``<remote>.state.json``): the replica's commit that the store last held
  in full. What differs between the store and that commit was edited here since, and is committed
  on top of it; so a change brought from the remote but not yet into the store (the sync was
  killed) is never mistaken for an edit here that undoes it;
* ``main``: the replica's branch, the last merge made here;
* the remote's ``main``, fetched.

All three are merged (three-way, against git's merge base); ``main`` moves to the result; then the
result is written into the store meeting by meeting (a meeting edited meanwhile is skipped and
merged next time round), and only when the store holds all of it does the store commit move on. A
sync killed at any moment leaves either the old state or the new one for each of these, and the
next sync finishes the work. ``main`` moves before the store is written because a meeting written
into the store but not yet under the store commit reads, to the next sync, as an edit made here:
merged with ``main`` (the commit it came from) it changes nothing; merged against an older commit
it would meet a newer edit from the remote as a clash, and lose it.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from facilitator.checks import ValidationError
from facilitator.document_schema import SchemaError, from_document, upgrade
from facilitator.files import make_private_folders, write_private_file
from facilitator.repository import Repository
from facilitator.sync import canonical, repack
from facilitator.sync.canonical import CLASHES_DIR, MARKER, MEETINGS_DIR, clashes_path, meeting_path
from facilitator.sync.config import Remote, SyncConfig, SyncError
from facilitator.sync.merge import Conflict, clash_record, merge_clash_lists, merge_documents
from facilitator.sync.replica import MAIN, Files, Replica

MAX_ROUNDS = 6  # fetch, merge, push again when someone pushed first; give up (nothing lost) after this many


@dataclass
class Outcome:
    """What one sync with one remote did, said in one line."""

    remote: str
    sent: int = 0  # meetings committed from this store
    received: int = 0  # meetings changed in this store from the remote
    new_clashes: int = 0
    clashes: int = 0  # clashes waiting to be settled
    pushed: bool = False
    notes: list[str] = field(default_factory=list)  # meetings left out, and why

    def line(self, *, in_app: bool = False) -> str:
        parts = [f"sent {self.sent} meeting(s)", f"received {self.received}"]
        if self.new_clashes:
            parts.append(f"{self.new_clashes} new clash(es)")
        text = f"Synced with {self.remote}: " + ", ".join(parts) + "."
        if self.clashes:
            where = "on the home screen" if in_app else "facilitator sync --clashes, or in the app"
            text += f" {self.clashes} clash(es) to settle ({where})."
        return text


class _State:
    """``<remote>.state.json``: the store commit, the commit the store was last found in step with, settled clashes.

    Beside it, ``<remote>.written.json`` records what each meeting's revision was written as (its
    blob): a record of facts (a revision's canonical bytes never change), so a missing, older or
    damaged one is only slower, never wrong: what it lacks is read from the store again. It is read
    only when a sync has something to do."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written_path = path.with_name(path.name.replace(".state.json", ".written.json"))
        self.store_commit: bytes | None = None
        # (commit, fingerprint of the shared meetings' revisions) when, at the end of the last sync, every
        # shared meeting at those revisions was written in that commit just as the store holds it.
        self.in_step: tuple[bytes, str] | None = None
        self.settled: list[tuple[str, str]] = []  # (meeting id, clash id) settled here, not yet committed
        self._exported: dict[str, tuple[int, bytes]] | None = None
        self._exported_saved: dict[str, tuple[int, bytes]] = {}
        self._saved = b""
        raw = _read_json(path)
        if raw is None:
            return
        self._saved = path.read_bytes()
        commit = raw.get("store_commit")
        self.store_commit = commit.encode("ascii") if isinstance(commit, str) else None
        step = raw.get("in_step")
        if isinstance(step, list) and len(step) == 2 and all(isinstance(part, str) for part in step):
            self.in_step = (step[0].encode("ascii"), step[1])
        self.settled = [(str(m), str(c)) for m, c in raw.get("settled", [])]
        if "exported" in raw:  # written by the version before the record had a file of its own
            self._exported = _exported_from(raw["exported"])

    @property
    def exported(self) -> dict[str, tuple[int, bytes]]:
        if self._exported is None:
            raw = _read_json(self.written_path)
            self._exported = _exported_from(raw.get("exported", {}) if raw is not None else {})
            self._exported_saved = dict(self._exported)
        return self._exported

    def save(self) -> None:
        """The record of what was written first: the state never names more than the record could tell."""
        if self._exported is not None and self._exported != self._exported_saved:
            record = {key: [rev, blob.decode("ascii")] for key, (rev, blob) in sorted(self._exported.items())}
            write_private_file(self.written_path, json.dumps({"exported": record}).encode("utf-8"), overwrite=True)
            self._exported_saved = dict(self._exported)
        data = self._data()
        if data != self._saved:
            write_private_file(self.path, data, overwrite=True)
            self._saved = data

    def name_store_commit(self, commit: bytes, *, settled_in_it: bool) -> None:
        """Record at once a commit made from the store's own meetings (so the store holds it in full),
        before any branch moves to it or past it: a sync killed after the branch moved but before the
        end of the sync then commits a later edit here on top of it, not on the older store commit,
        where this laptop's two edits of one meeting would meet as a clash. Only the state file is
        written (the record of what was written is only ever slower when behind, never wrong)."""
        if commit == self.store_commit:
            return
        self.store_commit = commit
        if settled_in_it:
            self.settled = []  # the commit holds them settled (taken out of its clash files)
        data = self._data()
        write_private_file(self.path, data, overwrite=True)
        self._saved = data

    def _data(self) -> bytes:
        data = {
            "store_commit": None if self.store_commit is None else self.store_commit.decode("ascii"),
            "in_step": None if self.in_step is None else [self.in_step[0].decode("ascii"), self.in_step[1]],
            "settled": [list(pair) for pair in self.settled],
        }
        return json.dumps(data).encode("utf-8")


def _read_json(path: Path) -> Any:
    """A small file of sync's own, or None when missing or unreadable (start afresh: nothing is lost)."""
    try:
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def _exported_from(raw: Any) -> dict[str, tuple[int, bytes]]:
    try:
        return {key: (int(value[0]), str(value[1]).encode("ascii")) for key, value in raw.items()}
    except (AttributeError, TypeError, ValueError, IndexError):
        return {}


def fingerprint(shared: dict[str, int]) -> str:
    """One short text that changes when any shared meeting's revision changes, or one is shared or not."""
    text = "\n".join(f"{meeting_id} {revision}" for meeting_id, revision in sorted(shared.items()))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def replica_folder(folder: Path, remote: Remote) -> Path:
    return folder / remote.name


def lock_for(folder: Path, remote_name: str, timeout: float = 0) -> FileLock:
    make_private_folders(folder)
    return FileLock(str(folder / f"{remote_name}.lock"), timeout=timeout, mode=0o600)


class Sync:
    """One sync of ``repository`` with ``remote``; ``run()`` does it under the remote's lock."""

    def __init__(self, repository: Repository, folder: Path, config: SyncConfig, remote: Remote) -> None:
        self.repository = repository
        self.folder = folder
        self.config = config
        self.remote = remote
        self.author = config.author
        self.outcome = Outcome(remote.name)
        self.today = dt.date.today().isoformat()
        self.fingerprint = ""  # of the shared meetings' revisions as this round began

    def run(self) -> Outcome:
        try:
            with lock_for(self.folder, self.remote.name):
                self.replica = Replica(replica_folder(self.folder, self.remote))
                # What the process holds already (the store's listings, trees of 10,000 entries) lives on past
                # the sync: left out of the garbage collector's full passes, each of which walked it all.
                gc.freeze()
                try:
                    self._rounds()
                    self.outcome.notes += repack.after_sync(self.replica.repo, self.remote.url)  # few packs
                finally:
                    gc.unfreeze()
                    self.replica.close()
        except Timeout:
            raise SyncError(f"a sync with {self.remote.name} is already running; wait for it to finish.") from None
        return self.outcome

    def _rounds(self) -> None:
        self.state = _State(self.folder / f"{self.remote.name}.state.json")
        for _round in range(MAX_ROUNDS):
            local = self._commit_local()
            if local is not None and local != self.state.store_commit:
                self.state.name_store_commit(
                    local, settled_in_it=True
                )  # before main moves to it (a kill in between: no self-clash)
            remote_head = self.replica.fetch(self.remote.url)
            head = self.replica.ref(MAIN)
            if remote_head is not None and remote_head != head:  # what we made or took is known good
                self._check_remote(remote_head)
            result = self._merge_all([local, head, remote_head])
            if result is None:
                self.outcome.pushed = True  # nothing anywhere yet: nothing to do
                return
            # The branch before the store. A kill after meetings of ``result`` went into the store but
            # before the state names ``result`` leaves them differing from the store commit: the next
            # sync commits them as if edited here. With ``main`` at ``result`` that commit merges with
            # the very commit they came from (no change, no clash); with ``main`` behind, it would be
            # merged against an older base, and a newer edit from the remote taken for a clash with it
            # and lost (the soak's "venue lost").
            if head != result:  # the work tree first: a kill between the two leaves it to be redone next time
                self.replica.check_out(head, result)
                self.replica.set_ref(MAIN, result)
            complete = self._bring_in(result)
            if complete:
                if self.state.store_commit != result:
                    self.state.settled = []  # they are in the commits the store now holds
                self.state.store_commit = result
                if self.state.in_step != (result, self.fingerprint):  # else nothing moved: still in step
                    self.state.in_step = self._in_step(result)
            self.state.save()
            if remote_head != result:
                self.outcome.pushed = self.replica.push(self.remote.url, remote_head, result)
            else:
                self.outcome.pushed = True
            if self.outcome.pushed and complete:
                self.outcome.clashes = len(self._pending(result))
                return
        raise SyncError(
            f"{self.remote.name} kept changing while this sync ran (or meetings were edited here meanwhile); "
            "what was merged is kept here: sync again."
        )

    # -- commit what changed here -----------------------------------------------------------------

    def _commit_local(self) -> bytes | None:
        base = self.state.store_commit
        if base is not None and not self.replica.has(base):
            base = self.state.store_commit = None  # a replica made afresh: merge everything again
        shared = self._shared()
        self.fingerprint = fingerprint(shared)
        if base is not None and not self.state.settled and self.state.in_step == (base, self.fingerprint):
            return base  # no meeting shared here changed since the store was last in step with base
        base_files = self.replica.files(base)
        changed: Files = {}
        new_data: list[bytes] = []
        labels: list[str] = []
        exported = self.state.exported  # read once here: a look-up per meeting of 10,000 adds up
        moved = [
            meeting_id
            for meeting_id, revision in shared.items()
            if (cached := exported.get(meeting_id)) is None or cached[0] != revision
        ]
        for meeting_id, document in sorted(self.repository.documents_of(moved).items()):
            data = canonical.dumps(canonical.shared_document(document))
            blob = self.replica.blob_id(data)
            if base_files.get(meeting_path(meeting_id)) != blob:
                new_data.append(data)
                labels.append(f"{document.get('date')} {document.get('partnership')}")
            exported[meeting_id] = (shared[meeting_id], blob)
        for meeting_id, revision in shared.items():
            cached = exported.get(meeting_id)
            if cached is None or cached[0] != revision:
                continue  # could not be read: the store names it in its list of damaged meetings
            path = meeting_path(meeting_id)
            if base_files.get(path) != cached[1]:
                changed[path] = cached[1]
        self.replica.add_blobs(new_data)
        files = {**base_files, **changed}
        settled = self._drop_settled(files)
        if not changed and not settled:
            return base
        self.outcome.sent += len(changed)
        shown = "\n".join(f"- {label}" for label in labels[:10]) + (
            f"\n- and {len(labels) - 10} more" if len(labels) > 10 else ""
        )
        message = f"Minutes of {len(changed)} meeting(s) from {self.author}" + (f"\n\n{shown}" if labels else "")
        if settled:
            message += f"\n\nSettled {settled} clash(es)."
        return self.replica.commit(files, [base] if base else [], message, self.author)

    def _shared(self) -> dict[str, int]:
        """Each meeting this remote shares, by id, with its revision in the store."""
        return {
            meeting_id: revision
            for meeting_id, (revision, status, partnership) in self.repository.stamps().items()
            if self.remote.shares(partnership, status)
        }

    def _in_step(self, commit: bytes) -> tuple[bytes, str] | None:
        """(commit, fingerprint) if every shared meeting, at its revision now, is in ``commit`` as stored."""
        shared = self._shared()
        files = self.replica.files(commit)
        exported = self.state.exported
        for meeting_id, revision in shared.items():
            written = exported.get(meeting_id)
            if written is None or written[0] != revision or files.get(meeting_path(meeting_id)) != written[1]:
                return None  # the next sync compares every meeting again
        return commit, fingerprint(shared)

    def _drop_settled(self, files: Files) -> int:
        """Take the clashes settled here out of their files; how many were taken out."""
        dropped = 0
        by_meeting: dict[str, set[str]] = {}
        for meeting_id, clash_id in self.state.settled:
            by_meeting.setdefault(meeting_id, set()).add(clash_id)
        for meeting_id, ids in by_meeting.items():
            path = clashes_path(meeting_id)
            if path not in files:
                continue
            records = canonical.loads(self.replica.read(files[path]))
            kept = [record for record in records if record.get("id") not in ids]
            dropped += len(records) - len(kept)
            self._put_clashes(files, path, kept)
        return dropped

    def _put_clashes(self, files: Files, path: str, records: list[Any]) -> None:
        if records:
            files[path] = self.replica.blob(canonical.dumps(records))
        else:
            files.pop(path, None)

    # -- the remote -------------------------------------------------------------------------------

    def _check_remote(self, head: bytes) -> None:
        files = self.replica.files(head)
        url = self.remote.url
        if MARKER not in files:
            raise SyncError(f"{url} holds a git repository that is not Facilitator minutes; nothing was changed.")
        try:
            mark = canonical.loads(self.replica.read(files[MARKER]))
            app, version = mark.get("app"), mark.get("format")
        except (ValueError, AttributeError):
            raise SyncError(f"{url} holds a damaged {MARKER}; nothing was changed here.") from None
        if app != canonical.MARKER_APP:
            raise SyncError(f"{url} holds a git repository that is not Facilitator minutes; nothing was changed.")
        if not isinstance(version, int) or version > canonical.SYNC_FORMAT:
            raise SyncError(
                f"{url} was written by a newer Facilitator (sync format {version}); upgrade Facilitator to sync "
                "with it. Nothing was changed here."
            )

    # -- merging ----------------------------------------------------------------------------------

    def _merge_all(self, heads: Iterable[bytes | None]) -> bytes | None:
        result: bytes | None = None
        for head in heads:
            if head is None or head == result:
                continue
            result = head if result is None else self._merge(result, head)
        return result

    def _merge(self, ours: bytes, theirs: bytes) -> bytes:
        replica = self.replica
        if replica.is_ancestor(theirs, ours):
            return ours
        if replica.is_ancestor(ours, theirs):
            return theirs
        base = replica.merge_base(ours, theirs)
        base_files, our_files, their_files = replica.files(base), replica.files(ours), replica.files(theirs)
        their_author = replica.author_of(theirs)
        merged: Files = {}
        found: dict[str, list[Any]] = {}  # meeting id → new clash records
        clash_paths: set[str] = set()
        for path in sorted(our_files.keys() | their_files.keys()):
            b, o, t = base_files.get(path), our_files.get(path), their_files.get(path)
            if path.startswith(f"{CLASHES_DIR}/"):
                clash_paths.add(path)
                continue
            if o == t or b == t:
                value = o
            elif b == o:
                value = t
            elif path.startswith(f"{MEETINGS_DIR}/"):
                value, records = self._merge_meeting(b, o, t, their_author)
                if records:
                    found[path[len(MEETINGS_DIR) + 1 : -len(".json")]] = records
            else:
                value = o or t
            if value is not None:
                merged[path] = value
        for meeting_id in found:
            clash_paths.add(clashes_path(meeting_id))
        for path in clash_paths:
            meeting_id = path[len(CLASHES_DIR) + 1 : -len(".json")]
            b, o, t = base_files.get(path), our_files.get(path), their_files.get(path)
            if o == t or b == t:
                records = self._records(o)
            elif b == o:
                records = self._records(t)
            else:
                records = merge_clash_lists(self._records(b), self._records(o), self._records(t))
            known = {record["id"] for record in records}
            records += [record for record in found.get(meeting_id, []) if record["id"] not in known]
            self.outcome.new_clashes += sum(1 for record in found.get(meeting_id, []) if record["id"] not in known)
            self._put_clashes(merged, path, sorted(records, key=lambda record: record["id"]))
        message = f"Merged the minutes of {their_author} with {self.author}'s"
        return replica.commit(merged, [ours, theirs], message, self.author)

    def _records(self, blob: bytes | None) -> list[Any]:
        if blob is None:
            return []
        try:
            found = canonical.loads(self.replica.read(blob))
        except ValueError:
            return []
        return [record for record in found if isinstance(record, dict) and "id" in record]

    def _merge_meeting(
        self, base: bytes | None, ours: bytes | None, theirs: bytes | None, their_author: str
    ) -> tuple[bytes | None, list[Any]]:
        if ours is None or theirs is None:  # never happens (meetings are not removed); keep what is there
            return ours or theirs, []
        our_doc, their_doc = self._document(ours), self._document(theirs)
        base_doc = self._document(base) if base is not None else None
        merged, conflicts = merge_documents(base_doc, our_doc, their_doc)
        try:
            from_document(merged)
        except (ValidationError, SchemaError):
            # Merged field by field, the meeting breaks a rule (two chairs, say): ours stays whole, and
            # theirs is kept whole in the clash, for the user to choose between.
            merged, conflicts = our_doc, [Conflict((), our_doc, their_doc, 0)]
        records = [
            clash_record(merged, conflict, ours_by=self.author, theirs_by=their_author, found_on=self.today)
            for conflict in conflicts
        ]
        return self.replica.blob(canonical.dumps(merged)), records

    def _document(self, blob: bytes) -> dict[str, Any]:
        """A meeting file read and brought up to this version's schema; a newer one stops the sync."""
        try:
            document = canonical.loads(self.replica.read(blob))
            return canonical.shared_document(upgrade(document))
        except SchemaError as error:
            if "newer" in str(error):
                raise SyncError(
                    f"{self.remote.url} holds minutes written by a newer Facilitator; upgrade Facilitator to sync "
                    "with it. Nothing was changed here."
                ) from None
            raise SyncError(f"{self.remote.url} holds a damaged meeting file ({error}).") from None
        except ValueError as error:
            raise SyncError(f"{self.remote.url} holds a damaged meeting file ({error}).") from None

    # -- into the store ---------------------------------------------------------------------------

    def _bring_in(self, result: bytes) -> bool:
        """Write into the store every meeting the result changed; False if one was edited meanwhile."""
        if result == self.state.store_commit:
            return True  # the store holds it already
        result_files = self.replica.files(result)
        base_files = self.replica.files(self.state.store_commit)
        stamps = self.repository.stamps()
        wanted: list[tuple[dict[str, Any], int | None, bytes]] = []
        for path, blob in result_files.items():
            if not path.startswith(f"{MEETINGS_DIR}/"):
                continue
            meeting_id = path[len(MEETINGS_DIR) + 1 : -len(".json")]
            stamp = stamps.get(meeting_id)
            if stamp is not None and base_files.get(path) == blob:
                continue  # the store held this already
            if stamp is not None:
                if self._stored_blob(meeting_id, stamp[0]) == blob:
                    continue
                if stamp[1] != "closed" and not self.remote.in_progress:
                    self.outcome.notes.append(f"meeting {meeting_id[:8]} is in progress here; it was left as it is.")
                    continue
            wanted.append((self._document(blob), None if stamp is None else stamp[0], blob))
        if not wanted:
            return True
        written = self.repository.put_merged((document, expected) for document, expected, _ in wanted)
        complete = True
        for document, _expected, blob in wanted:
            meeting_id = document["id"]
            if meeting_id in written:
                self.state.exported[meeting_id] = (written[meeting_id], blob)
                self.outcome.received += 1
                continue
            try:
                from_document(document)
            except (ValidationError, SchemaError) as error:
                self.outcome.notes.append(
                    f"meeting {meeting_id[:8]} from {self.remote.name} cannot be read ({error}); left out."
                )
                continue
            complete = False  # edited here meanwhile: merged next round
        return complete

    def _stored_blob(self, meeting_id: str, revision: int) -> bytes | None:
        cached = self.state.exported.get(meeting_id)
        if cached is not None and cached[0] == revision:
            return cached[1]
        document = self.repository.documents_of([meeting_id]).get(meeting_id)
        if document is None:
            return None
        return self.replica.blob_id(canonical.dumps(canonical.shared_document(document)))

    # -- clashes ----------------------------------------------------------------------------------

    def _pending(self, commit: bytes) -> list[Any]:
        return pending_in(self.replica, commit, self.state.settled)


def pending_in(replica: Replica, commit: bytes | None, settled: list[tuple[str, str]]) -> list[Any]:
    """The clash records of a commit not yet settled here."""
    done = {clash_id for _meeting, clash_id in settled}
    found: list[Any] = []
    for path, blob in replica.files_in(commit, CLASHES_DIR).items():
        if path.startswith(f"{CLASHES_DIR}/"):
            try:
                records = canonical.loads(replica.read(blob))
            except ValueError:
                continue
            found += [r for r in records if isinstance(r, dict) and r.get("id") not in done]
    return found
