"""Keep a git object store to a few packs: the remote on a shared drive, and each laptop's replica.

Each push to a folder remote adds one pack, and each sync here adds loose objects and packs to the
replica; nothing else ever joins them, so after a year of syncs every fetch and clone would open
thousands of files. After a sync, ``tidy`` joins them when there are more than ``MAX_PACKS`` packs
(or, in the replica, more than about ``MAX_LOOSE`` loose objects), the way ``git repack`` does it:

* **geometric**: the largest packs stay as they are while each is at least twice the size (in bytes)
  of all the smaller ones together; only the smaller ones are joined. A remote of 10,000 meetings thus
  rewrites a few dozen objects after ten pushes, not the whole archive;
* **write first, remove after**: the new pack (``.pack``, then its ``.idx``: dulwich's own
  ``add_pack_data``) holds every object of the packs it replaces before any of them is removed, and
  each old pack loses its ``.idx`` before its ``.pack``. A kill at any moment leaves every object
  readable (in an old pack, the new one, or both); what a kill leaves over (a half-written
  temporary pack, a ``.pack`` without its ``.idx``) is removed by a later tidy once an hour old;
* **only the packs it listed**: a pack another laptop pushes meanwhile is never touched, and the
  remote's own lock file ``facilitator-repack.lock`` keeps two laptops from joining the same packs.

Nothing is pruned: every object stays (a commit the sync state names may be on no branch yet).
A remote reached over SSH or HTTPS is the server's to pack (git servers do it themselves).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from dulwich.client import LocalGitClient, get_transport_and_path
from dulwich.objects import ShaFile, hex_to_sha
from dulwich.pack import Pack, UnpackedObject, full_unpacked_object
from dulwich.repo import Repo

MAX_PACKS = 8  # more than this after a sync, and the smaller packs are joined
MAX_JOINED = 50  # packs joined by one sync at most: a remote left with thousands is brought down over a few syncs
MAX_LOOSE = 2000  # about this many loose objects in the replica, and they are packed (git's own gc.auto is 6,700)
LEFTOVER_AGE_S = 3600.0  # a temporary or index-less pack this old was left by a kill, not being written now
LOCK_AGE_S = 600.0  # a repack lock this old was left by a kill
LOCK_NAME = "facilitator-repack.lock"


def tidy_remote(url: str) -> int:
    """Join the packs of a remote in a folder (a shared drive) if it holds too many; packs joined."""
    try:
        client, path = get_transport_and_path(url)
    except ValueError:
        return 0
    if not isinstance(client, LocalGitClient):
        return 0  # a git server packs its own repositories
    with Repo(path) as repo:
        return tidy(repo, locked=True)


def tidy(repo: Repo, *, locked: bool = False) -> int:
    """Join ``repo``'s packs (and loose objects) if there are too many; how many packs were joined.

    ``locked``: take the repository's own repack lock first (a remote other laptops write to); the
    replica needs none, its sync holds the replica's lock."""
    store: Any = repo.object_store
    pack_dir = Path(store.pack_dir)
    _remove_leftovers(pack_dir)
    packs = _complete_packs(store)
    loose = _loose_estimate(Path(store.path))
    if len(packs) <= MAX_PACKS and loose < MAX_LOOSE:
        return 0
    with _repack_lock(Path(repo.controldir()), locked) as got:
        if not got:
            return 0  # another laptop is joining them now
        return join(store, _to_join(packs, MAX_PACKS)[-MAX_JOINED:], with_loose=loose > 0)


def join(store: Any, packs: list[Pack], *, with_loose: bool = False) -> int:
    """Write one pack holding every object of ``packs`` (and the loose ones), then remove those.

    Returns the number of packs joined (0 when there was nothing to join)."""
    loose = list(store._iter_loose_objects()) if with_loose else []
    if len(packs) < 2 and not loose:
        return 0
    ids: set[bytes] = set(loose)
    for pack in packs:
        ids.update(iter(pack))

    def objects() -> Iterator[Any]:
        done: set[bytes] = set()
        for object_id in loose:
            found: ShaFile | None = store._get_loose_object(object_id)
            if found is not None and found.id not in done:
                done.add(found.id)
                yield full_unpacked_object(found)
        for pack in packs:
            for object_id in pack:  # copied as raw bytes: parsing a tree of 10,000 meetings per push is slow
                if object_id not in done:
                    done.add(object_id)
                    type_num, raw = pack.get_raw(object_id)
                    yield UnpackedObject(type_num, decomp_chunks=[raw], sha=hex_to_sha(object_id))

    store.pack_compression_level = 1  # quickest: a tree of object ids hardly compresses
    new = store.add_pack_data(len(ids), objects()) if ids else None
    new_name = None if new is None else new.name()
    for pack in packs:
        if pack.name() != new_name:
            _remove_pack(pack)
    for object_id in loose:
        with contextlib.suppress(OSError):
            store.delete_loose_object(object_id)
    store._update_pack_cache()  # forget the packs just removed
    return len(packs)


def _to_join(packs: list[Pack], limit: int, size: Callable[[Pack], int] | None = None) -> list[Pack]:
    """The packs to join: all but the largest ones that each are at least twice all smaller ones together.

    Sized in bytes, not objects: each push's pack holds a tree of every meeting, a few objects but
    most of a megabyte with 10,000 meetings."""
    measure = size or _pack_bytes
    ordered = sorted(packs, key=measure, reverse=True)
    sizes = [measure(pack) for pack in ordered]
    kept = 0
    while kept < len(ordered) - 1 and sizes[kept] >= 2 * sum(sizes[kept + 1 :]):
        kept += 1
    if kept >= limit // 2:  # a long geometric row: one pack in all
        kept = 0
    return ordered[kept:]


def _pack_bytes(pack: Pack) -> int:
    try:
        return os.path.getsize(pack._data_path)
    except OSError:
        return 0


def _complete_packs(store: Any) -> list[Pack]:
    store._update_pack_cache()
    return list(store.packs)


def _remove_pack(pack: Pack) -> None:
    """The index first: a pack without its index is read by nobody (git and dulwich look for the index)."""
    data_path, idx_path = pack._data_path, pack._idx_path
    pack.close()
    for path in (idx_path, data_path):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def _remove_leftovers(pack_dir: Path) -> None:
    """A temporary pack, or a pack without its index, an hour old: left by a kill mid-write."""
    try:
        names = set(os.listdir(pack_dir))
    except OSError:
        return
    now = time.time()
    for name in names:
        orphan = name.endswith(".pack") and (name.startswith("tmp") or name[: -len(".pack")] + ".idx" not in names)
        orphan_index = name.endswith(".idx") and name[: -len(".idx")] + ".pack" not in names
        if orphan or orphan_index:
            path = pack_dir / name
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > LEFTOVER_AGE_S:
                    path.unlink()


def _loose_estimate(objects: Path) -> int:
    """Loose objects, estimated from one of the 256 fan-out folders as git's ``gc --auto`` does."""
    try:
        return len(os.listdir(objects / "17")) * 256
    except OSError:
        return 0


@contextlib.contextmanager
def _repack_lock(git_dir: Path, wanted: bool) -> Iterator[bool]:
    """The repository's repack lock (a file made only if absent), or True at once when none is wanted."""
    if not wanted:
        yield True
        return
    lock = git_dir / LOCK_NAME
    with contextlib.suppress(OSError):
        if time.time() - lock.stat().st_mtime > LOCK_AGE_S:
            lock.unlink()  # left by a repack killed midway
    try:
        handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        yield False
        return
    os.close(handle)
    try:
        yield True
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def after_sync(replica: Repo, url: str) -> list[str]:
    """Tidy the replica and the remote after a sync; a failure is one line for the sync's notes, never
    a failed sync (every object is still where it was, or in the new pack too)."""
    notes: list[str] = []
    for what, step in (("this laptop's copy", lambda: tidy(replica)), ("the remote", lambda: tidy_remote(url))):
        try:
            step()
        except Exception as error:  # packing is housekeeping: the sync itself has succeeded
            notes.append(f"could not pack {what} ({type(error).__name__}: {error}); nothing was lost.")
    return notes
