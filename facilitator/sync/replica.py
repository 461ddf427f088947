"""One remote's replica: a git repository (through dulwich; no git program needed) holding the shared files.

Commits are made from objects, not by staging the work tree, so that a sync with 10,000 meetings
touches only what changed; the work tree and index are then brought up to the new commit for the
paths that changed, so that ``git log -p`` and ``git status`` in the folder read as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from dulwich.client import LocalGitClient, get_transport_and_path
from dulwich.errors import GitProtocolError, HangupException, NotGitRepository
from dulwich.file import FileLocked
from dulwich.graph import can_fast_forward, find_merge_base
from dulwich.index import index_entry_from_stat
from dulwich.objects import Blob, Commit, ObjectID, ShaFile, Tree, object_class, parse_tree
from dulwich.pack import UnpackedObject, generate_unpacked_objects, write_pack_data, write_pack_index
from dulwich.refs import Ref
from dulwich.repo import Repo

from facilitator.files import make_private_folders
from facilitator.sync import gitindex
from facilitator.sync.canonical import MARKER, marker
from facilitator.sync.config import SyncError

MAIN = Ref(b"refs/heads/main")
REMOTE_MAIN = Ref(b"refs/remotes/origin/main")
FILE_MODE = 0o100644
TREE_MODE = 0o040000

Files = dict[str, bytes]  # path in the replica → blob id (hex)
WRITTEN_HELD = 256 * 1024 * 1024  # bytes of checked-out blobs held for the store to take in (10,000 meetings: ~50 MB)


class Replica:
    """A non-bare git repository at ``folder`` whose branch ``main`` holds the shared minutes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[bytes, Files] = {}  # a commit's files, read once (commits never change)
        # Blobs the check-out just wrote, until read once more (the store takes in what was checked out).
        self._written: dict[bytes, bytes] = {}
        self._written_size = 0
        if not (folder / ".git").exists():
            make_private_folders(folder)
            self.repo = Repo.init(str(folder))
            self.repo.refs.set_symbolic_ref(Ref(b"HEAD"), MAIN)
        else:
            _remove_stale_locks(folder / ".git")
            try:
                self.repo = Repo(str(folder))
            except NotGitRepository as error:
                raise SyncError(f"{folder} is not a git repository ({error}); move it aside and sync again.") from None
        _quick_compression(self.repo)

    def close(self) -> None:
        self.repo.close()

    # -- reading ---------------------------------------------------------------------------------

    def ref(self, name: bytes) -> bytes | None:
        try:
            return self.repo.refs[Ref(name)]
        except KeyError:
            return None

    def files(self, commit: bytes | None) -> Files:
        """Every file of a commit's tree, by path (two levels: the marker, meetings/, clashes/)."""
        if commit is None:
            return {}
        known = self._files.get(commit)
        if known is not None:
            return dict(known)
        found = self._read_files(commit)
        self._files[commit] = found
        return dict(found)

    def files_in(self, commit: bytes | None, folder: str) -> Files:
        """The files of one folder of a commit (the clashes), without reading the others (10,000 meetings)."""
        if commit is None:
            return {}
        known = self._files.get(commit)
        if known is not None:
            return {path: blob for path, blob in known.items() if path.startswith(f"{folder}/")}
        store = self.repo.object_store
        mode, tree = tree_entries(store, store[ObjectID(commit)].tree).get(folder.encode("utf-8"), (0, b""))  # type: ignore[attr-defined]
        if mode != TREE_MODE:
            return {}
        return {f"{folder}/{name.decode('utf-8')}": blob for name, (_mode, blob) in tree_entries(store, tree).items()}

    def _read_files(self, commit: bytes) -> Files:
        store = self.repo.object_store
        found: Files = {}
        for name, (mode, sha) in tree_entries(store, store[ObjectID(commit)].tree).items():  # type: ignore[attr-defined]
            folder = name.decode("utf-8")
            if mode == TREE_MODE:
                for inner, (_mode, blob) in tree_entries(store, sha).items():
                    found[f"{folder}/{inner.decode('utf-8')}"] = blob
            else:
                found[folder] = sha
        return found

    def read(self, blob: bytes) -> bytes:
        held = self._written.pop(blob, None)
        if held is not None:
            self._written_size -= len(held)
            return held
        return self.repo.object_store[ObjectID(blob)].data  # type: ignore[attr-defined,no-any-return]

    def _read_to_write(self, blob: bytes) -> bytes:
        """A blob's bytes for the work tree, held for the one more read that follows (a blob never changes)."""
        data = self.read(blob)
        if self._written_size + len(data) <= WRITTEN_HELD:
            self._written[blob] = data
            self._written_size += len(data)
        return data

    def author_of(self, commit: bytes) -> str:
        author: bytes = self.repo.object_store[ObjectID(commit)].author  # type: ignore[attr-defined]
        return author.decode("utf-8", "replace").split(" <", 1)[0]

    def merge_base(self, one: bytes, other: bytes) -> bytes | None:
        bases = find_merge_base(self.repo, [ObjectID(one), ObjectID(other)])
        return bases[0] if bases else None

    def is_ancestor(self, ancestor: bytes, descendant: bytes) -> bool:
        return ancestor == descendant or can_fast_forward(self.repo, ObjectID(ancestor), ObjectID(descendant))

    # -- writing ---------------------------------------------------------------------------------

    def has(self, object_id: bytes) -> bool:
        return ObjectID(object_id) in self.repo.object_store

    def blob(self, data: bytes) -> bytes:
        """Store ``data`` as a blob (if new) and return its id."""
        blob = Blob.from_string(data)
        if blob.id not in self.repo.object_store:
            self.repo.object_store.add_object(blob)
        return blob.id

    def blob_id(self, data: bytes) -> bytes:
        return Blob.from_string(data).id

    def add_blobs(self, contents: Iterable[bytes]) -> list[bytes]:
        """Many blobs in one pack (a first sync of thousands of meetings), ids in order."""
        blobs = [Blob.from_string(data) for data in contents]
        new = [(blob, None) for blob in blobs if blob.id not in self.repo.object_store]
        if len(new) > 20:
            self.repo.object_store.add_objects(new)  # type: ignore[arg-type]
        else:
            for blob, _ in new:
                self.repo.object_store.add_object(blob)
        return [blob.id for blob in blobs]

    def commit(self, files: Files, parents: list[bytes], message: str, author: str) -> bytes:
        """A commit of exactly these files on these parents (not yet on any branch)."""
        if MARKER not in files:
            files = {**files, MARKER: self.blob(marker())}
        store = self.repo.object_store
        folders: dict[bytes, dict[bytes, tuple[int, bytes]]] = {}
        root: dict[bytes, tuple[int, bytes]] = {}
        for path, blob in files.items():
            folder, _, name = path.rpartition("/")
            entries = folders.setdefault(folder.encode("utf-8"), {}) if folder else root
            entries[name.encode("utf-8")] = (FILE_MODE, blob)
        for folder_name, entries in folders.items():
            root[folder_name] = (TREE_MODE, _store_tree(store, entries))
        commit = Commit()
        commit.tree = ObjectID(_store_tree(store, root))
        commit.parents = [ObjectID(parent) for parent in parents]
        signature = f"{_one_line(author)} <>".encode()
        commit.author = commit.committer = signature
        commit.author_time = commit.commit_time = int(time.time())
        commit.author_timezone = commit.commit_timezone = 0
        commit.encoding = b"UTF-8"
        commit.message = message.encode("utf-8")
        store.add_object(commit)
        self._files[commit.id] = dict(files)  # read back at once by the merge and the check-out
        return commit.id

    def set_ref(self, name: bytes, commit: bytes) -> None:
        self.repo.refs[Ref(name)] = ObjectID(commit)

    def check_out(self, old: bytes | None, new: bytes) -> None:
        """Bring the work tree and index from commit ``old`` to ``new``, touching only what changed."""
        before, after = self.files(old), self.files(new)
        changes: dict[str, tuple[bytes, int] | None] = {}
        for path, blob in after.items():
            if before.get(path) == blob:
                continue
            target = self.folder / path
            target.parent.mkdir(exist_ok=True)
            temp = target.with_name(f".{target.name}.tmp")
            temp.write_bytes(self._read_to_write(blob))
            os.replace(temp, target)
            changes[path] = (blob, FILE_MODE)
        for path in before.keys() - after.keys():
            with contextlib.suppress(FileNotFoundError):
                (self.folder / path).unlink()
            changes[path] = None
        if not changes or gitindex.update(Path(self.repo.index_path()), self.folder, changes):
            return
        index = self.repo.open_index()  # no index yet, or one the quick way cannot patch
        for path, change in changes.items():
            if change is None:
                with contextlib.suppress(KeyError):
                    del index[path.encode("utf-8")]
            else:
                stat_result = os.lstat(self.folder / path)
                index[path.encode("utf-8")] = index_entry_from_stat(stat_result, ObjectID(change[0]), change[1])
        index.write()

    # -- the remote ------------------------------------------------------------------------------

    def fetch(self, url: str) -> bytes | None:
        """The remote's ``main`` (fetched into ``refs/remotes/origin/main``), or None for an empty remote.

        Only the objects of commits this replica does not hold are brought, and nothing is fetched when
        the remote's ``main`` is a commit this replica holds already (a sync with nothing to do)."""
        client, path = _client(url)

        def wants(refs: Mapping[bytes, bytes], depth: Any = None) -> list[bytes]:
            head = refs.get(MAIN)
            return [head] if head is not None and not self.has(head) else []

        with _reaching(url):
            if isinstance(client, LocalGitClient):
                refs = self._fetch_local(path)
            else:
                refs = dict(client.fetch(path, self.repo, determine_wants=wants).refs or {})  # type: ignore[arg-type]
        head = refs.get(MAIN)
        if head is None:
            if any(name.startswith(b"refs/heads/") for name in refs):
                raise SyncError(f"{url} is a git repository, but not a Facilitator one (it has no 'main' minutes).")
            return None
        if self.ref(REMOTE_MAIN) != head:
            self.set_ref(REMOTE_MAIN, head)
        return head

    def _fetch_local(self, path: str) -> dict[bytes, bytes]:
        """A fetch from a folder (a shared drive): the new objects copied across, as git would."""
        with Repo(path) as source:
            refs: dict[bytes, bytes] = dict(source.get_refs().items())
            head = refs.get(MAIN)
            if head is not None and not self.has(head):
                if self.ref(MAIN) is None:  # a first sync: the remote's packs taken whole, as `git clone` does
                    _copy_packs(Path(source.object_store.pack_dir), Path(self.repo.object_store.pack_dir))
                _copy_new_objects(source.object_store, self.repo.object_store, [head])  # whatever they lack
        return refs

    def push(self, url: str, expected: bytes | None, new: bytes) -> bool:
        """Make the remote's ``main`` ``new`` if it is still ``expected``; False when someone pushed first.

        Only the objects made since ``expected`` are sent (no pass over the packs for deltas to reuse)."""
        client, path = _client(url)
        if isinstance(client, LocalGitClient):
            with _reaching(url):
                pushed = self._push_local(path, expected, new)
            if pushed:
                self.set_ref(REMOTE_MAIN, new)
            return pushed
        moved: list[bool] = []

        def update_refs(refs: dict[bytes, bytes]) -> dict[bytes, bytes]:
            if refs.get(MAIN) != expected:
                moved.append(True)
                return {}  # nothing sent: fetch and merge what they pushed, then try again
            return {MAIN: new}

        def pack(have: Any, want: Any, *, ofs_delta: bool = False, progress: Callable[..., None] | None = None) -> Any:
            return _new_objects(self.repo.object_store, have, want, ofs_delta=ofs_delta)

        with _reaching(url):
            result = client.send_pack(path, update_refs, generate_pack_data=pack)
        if moved or any(status is not None for status in (result.ref_status or {}).values()):
            return False
        self.set_ref(REMOTE_MAIN, new)
        return True

    def _push_local(self, path: str, expected: bytes | None, new: bytes) -> bool:
        """A push to a folder: the new objects written first, then ``main`` moved only if still ``expected``."""
        with Repo(path) as target:
            _quick_compression(target)
            refs = target.get_refs()
            if refs.get(MAIN) != expected:
                return False  # someone pushed first: fetch and merge what they pushed, then try again
            _copy_new_objects(self.repo.object_store, target.object_store, [new], loose=False)
            return _move_main(target, expected, new)


STALE_LOCK_S = 5.0  # a ref's lock is held for the moment of one small write; one this old was left by a kill


def _move_main(target: Repo, expected: bytes | None, new: bytes) -> bool:
    """Move the remote's ``main`` from ``expected`` to ``new`` under git's lock file ``main.lock``.

    A sync killed in the moment it held that lock leaves the file behind, and git (and dulwich) then
    refuse every later push. Nobody holds it for more than a moment, so one older than
    ``STALE_LOCK_S`` is removed; a younger one is waited for (another laptop's push finishing)."""
    lock = Path(target.controldir()) / "refs" / "heads" / "main.lock"
    waited_until = time.monotonic() + 3 * STALE_LOCK_S
    while True:
        try:
            if expected is None:
                return bool(target.refs.add_if_new(MAIN, ObjectID(new)))
            return bool(target.refs.set_if_equals(MAIN, ObjectID(expected), ObjectID(new)))
        except FileLocked:
            with contextlib.suppress(FileNotFoundError):
                if time.time() - lock.stat().st_mtime > STALE_LOCK_S:
                    lock.unlink()
                    continue
            if time.monotonic() > waited_until:
                raise SyncError(
                    f"the shared minutes' branch stayed locked ({lock}); if no sync is running anywhere, "
                    "delete that file and sync again. Nothing was lost."
                ) from None
            time.sleep(0.1)  # another laptop's push, finishing


_TREES: dict[bytes, dict[bytes, tuple[int, bytes]]] = {}  # tree id → its entries (a tree never changes)
_TREES_HELD = 64  # trees of 10,000 entries each: a few MB at most


def tree_entries(store: Any, tree_id: bytes) -> dict[bytes, tuple[int, bytes]]:
    """A tree's entries, name → (mode, id), read once per process: dulwich's own ``Tree.items()``
    makes an object per entry, a tenth of a second for a tree of 10,000 meetings."""
    found = _TREES.get(tree_id)
    if found is None:
        _type, raw = store.get_raw(ObjectID(tree_id))
        found = {name: (mode, sha) for name, mode, sha in parse_tree(raw, 20)}
        if len(_TREES) >= _TREES_HELD:
            _TREES.pop(next(iter(_TREES)))
        _TREES[tree_id] = found
    return found


def _store_tree(store: Any, entries: dict[bytes, tuple[int, bytes]]) -> bytes:
    """Store a tree of these entries (if new) and return its id; sorted as git sorts (folders as 'name/')."""
    ordered = sorted(entries.items(), key=lambda item: item[0] + b"/" if item[1][0] == TREE_MODE else item[0])
    raw = b"".join(b"%o %s\0%s" % (mode, name, bytes.fromhex(sha.decode("ascii"))) for name, (mode, sha) in ordered)
    tree_id = _object_id(Tree.type_num, raw)
    if tree_id not in store:
        store.add_object(_unparsed(Tree.type_num, raw, tree_id))
    _TREES.setdefault(tree_id, dict(entries))
    _MADE[tree_id] = raw  # pushed next: dulwich would read the loose file back into an object first
    if len(_MADE) > _TREES_HELD:
        _MADE.pop(next(iter(_MADE)))
    return tree_id


_MADE: dict[bytes, bytes] = {}  # tree id → its bytes, for the trees this process made (a tree never changes)


def _raw(store: Any, object_id: bytes) -> tuple[int, bytes]:
    made = _MADE.get(object_id)
    if made is not None:
        return Tree.type_num, made
    type_num, raw = store.get_raw(ObjectID(object_id))
    return type_num, raw


def _object_id(type_num: int, raw: bytes) -> bytes:
    """An object's id, as git names it (the hash of its header and bytes), without making the object."""
    header = b"%s %d\0" % (object_class(type_num).type_name, len(raw))  # type: ignore[union-attr]
    return hashlib.sha1(header + raw).hexdigest().encode("ascii")


def _unparsed(type_num: int, raw: bytes, object_id: bytes) -> ShaFile:
    """An object to write as it is: dulwich reads a tree of 10,000 entries into a dict on making it (a
    tenth of a second), for nothing when it is only written. Made the ordinary way if dulwich's object
    no longer takes its bytes so (its id then differs)."""
    obj = object_class(type_num)()  # type: ignore[misc]
    obj._chunked_text, obj._needs_serialization = [raw], False
    if obj.id != object_id:
        obj = ShaFile.from_raw_string(type_num, raw)
    return obj  # type: ignore[no-any-return]


LOOSE_LIMIT = 100  # fewer new objects than this are written one file each, as git's own unpackLimit does


def _new_objects(store: Any, have: Iterable[bytes], want: Iterable[bytes], *, ofs_delta: bool = False) -> Any:
    """(count, objects) of what ``want`` reaches and ``have`` does not, each object whole (a push over the
    network: ``have`` is what the remote's refs name)."""
    known = _ancestors(store, [commit for commit in have if commit in store])
    ids = _new_object_ids(store, want, lambda commit: commit in known, lambda _object: False)
    return len(ids), generate_unpacked_objects(
        store, [(ObjectID(i), None) for i in ids], reuse_deltas=False, ofs_delta=ofs_delta
    )


def _copy_new_objects(source: Any, target: Any, want: Iterable[bytes], *, loose: bool = True) -> None:
    """Copy into ``target`` what ``want`` reaches and ``target`` lacks; a few objects loose, else one pack.

    The remote always gets a pack (``loose`` False): it is written under a name of its own and
    renamed, so a push killed halfway leaves no lock file in the remote that would stop the next one."""
    present = target.__contains__
    missing = _new_object_ids(source, want, present, present)
    if not missing:
        return
    if loose and len(missing) < LOOSE_LIMIT:
        for object_id in missing:  # blobs, then trees, then commits: a commit is written after all it names
            type_num, raw = _raw(source, object_id)
            target.add_object(_unparsed(type_num, raw, object_id))
    else:
        _write_pack(target, [_raw_object(source, object_id) for object_id in missing])


def _write_pack(store: Any, records: list[UnpackedObject]) -> None:
    """One new pack of these objects, packed as read (raw) and indexed from what writing it gave.

    dulwich's own ``add_pack_data`` reads the pack back to index it, making each tree of 10,000
    meetings into an object again. Both files are written under temporary names and renamed, the pack
    first: it is seen only beside its index (by dulwich and by git), so a kill leaves no half pack."""
    folder = Path(store.pack_dir)
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f"{COPYING_PREFIX}{os.urandom(8).hex()}"  # two laptops may push to one shared drive
    with open(f"{temp}.pack", "wb") as file:
        entries, checksum = write_pack_data(
            file.write,
            iter(records),
            object_format=store.object_format,
            num_records=len(records),
            compression_level=store.pack_compression_level,
        )
    with open(f"{temp}.idx", "wb") as file:
        write_pack_index(file, sorted((sha, offset, crc) for sha, (offset, crc) in entries.items()), checksum)
    name = folder / f"pack-{checksum.hex()}"
    for suffix in (".pack", ".idx"):
        os.chmod(f"{temp}{suffix}", 0o444)
        os.replace(f"{temp}{suffix}", f"{name}{suffix}")


def _raw_object(store: Any, object_id: bytes) -> UnpackedObject:
    type_num, raw = _raw(store, object_id)
    return UnpackedObject(
        type_num, delta_base=None, crc32=None, decomp_chunks=[raw], sha=bytes.fromhex(object_id.decode("ascii"))
    )


def _copy_packs(source: Path, target: Path) -> None:
    """Copy each pack file of ``source`` (with its index) that ``target`` lacks, byte for byte.

    Reading every object of a pack and writing it into a new one took most of a first fetch of
    10,000 meetings. Each file is copied under a temporary name and renamed, the index before the
    pack: the pack is only seen (its ``.pack`` name beside its ``.idx``) once both are whole, so a
    copy killed halfway leaves nothing but a temporary file, removed by the next copy."""
    try:
        names = sorted(name[: -len(".pack")] for name in os.listdir(source) if name.endswith(".pack"))
    except OSError:
        return  # the object-by-object copy that follows reads what it needs, or says what is wrong
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob(f"{COPYING_PREFIX}*"):
        with contextlib.suppress(OSError):
            stale.unlink()
    for name in names:
        if (target / f"{name}.pack").exists() or not (source / f"{name}.idx").exists():
            continue
        for suffix in (".idx", ".pack"):
            temp = target / f"{COPYING_PREFIX}{name}{suffix}"
            shutil.copyfile(source / f"{name}{suffix}", temp)
            os.chmod(temp, 0o444)
            os.replace(temp, target / f"{name}{suffix}")


COPYING_PREFIX = "tmp-facilitator-copy-"


def _ancestors(store: Any, commits: list[bytes]) -> set[bytes]:
    seen: set[bytes] = set()
    stack = list(commits)
    while stack:
        commit = stack.pop()
        if commit not in seen:
            seen.add(commit)
            stack.extend(store[commit].parents)
    return seen


def _new_object_ids(
    store: Any, want: Iterable[bytes], known_commit: Callable[[bytes], bool], known_object: Callable[[bytes], bool]
) -> list[bytes]:
    """The objects of the commits ``want`` reaches that are not known, in an order safe to write one by one.

    dulwich's own pack generation lists every object of both sides' trees and reads every object of
    every pack for deltas to reuse: seconds with 10,000 meetings, for a sync of one. A commit the
    other side knows has all its objects there (git writes a commit after what it names), so each
    new commit's tree is compared with its parents' trees, and only entries that differ are sent."""
    commits: list[Any] = []
    seen: set[bytes] = set()
    stack = list(want)
    while stack:
        commit_id = stack.pop()
        if commit_id in seen or known_commit(commit_id):
            continue
        seen.add(commit_id)
        commit = store[commit_id]
        commits.append(commit)
        stack.extend(commit.parents)
    found: dict[bytes, None] = {}  # insertion-ordered: children before the trees that name them
    for commit in reversed(commits):  # oldest first
        parent_trees = [store[parent].tree for parent in commit.parents]
        _new_tree_objects(store, commit.tree, parent_trees, known_object, found)
    found.update((commit.id, None) for commit in reversed(commits))
    return list(found)


def _new_tree_objects(
    store: Any, tree_id: bytes, parent_ids: list[bytes], known: Callable[[bytes], bool], found: dict[bytes, None]
) -> None:
    if tree_id in found or tree_id in parent_ids or known(tree_id):
        return
    parents = [tree_entries(store, parent) for parent in parent_ids]
    entries = tree_entries(store, tree_id)
    differ = set(entries.items())
    for parent in parents:
        differ -= parent.items()  # the parent commit's: already there, or sent with that commit
    for name, (mode, sha) in sorted(differ):
        if mode == TREE_MODE:
            inner = [parent[name][1] for parent in parents if name in parent]
            _new_tree_objects(store, sha, inner, known, found)
        elif sha not in found and not known(sha):
            found[sha] = None
    found[tree_id] = None


def _quick_compression(repo: Repo) -> None:
    """zlib's quickest level for what this writes: a tree of 10,000 object ids hardly compresses,
    and the default level spent most of a sync's time on it."""
    store: Any = repo.object_store
    store.loose_compression_level = store.pack_compression_level = 1


def _client(url: str) -> tuple[Any, Any]:
    try:
        return get_transport_and_path(url)
    except ValueError as error:
        raise SyncError(f"{url} is not a remote git can reach ({error}).") from None


@contextlib.contextmanager
def _reaching(url: str) -> Any:
    """Any failure to reach the remote becomes one line saying so; nothing here has changed yet."""
    try:
        yield
    except SyncError:
        raise
    except NotGitRepository:
        raise SyncError(
            f"{url} is not a git repository: check the path or URL (sync --remote sets up a new one)."
        ) from None
    except (HangupException, GitProtocolError) as error:
        raise SyncError(f"could not reach {url}: {_first_line(error)}. Nothing was changed here.") from None
    except OSError as error:
        raise SyncError(f"could not reach {url}: {error.strerror or error}. Nothing was changed here.") from None
    except Exception as error:  # urllib3's and the HTTP client's own errors: an unreachable server
        if type(error).__module__.split(".")[0] in ("urllib3", "http", "dulwich", "socket", "ssl"):
            raise SyncError(f"could not reach {url}: {_first_line(error)}. Nothing was changed here.") from None
        raise


def _first_line(error: BaseException) -> str:
    reason = getattr(error, "reason", None)  # urllib3 wraps the socket's error
    if isinstance(reason, BaseException):
        error = reason
    text = str(error).strip() or type(error).__name__
    for found, said in _REASONS:
        if found in text:
            return said
    return text.splitlines()[0][:200]


_REASONS = (
    ("Connection refused", "the connection was refused (is the server running?)"),
    ("Name or service not known", "no such server"),
    ("nodename nor servname", "no such server"),
    ("timed out", "it did not answer in time"),
    ("Network is unreachable", "the network cannot be reached (are you online?)"),
)


def _one_line(text: str) -> str:
    return " ".join(text.replace("<", "").replace(">", "").split()) or "facilitator"


def _remove_stale_locks(git_dir: Path) -> None:
    """A sync killed while git wrote a ref, the index or an object leaves its ``.lock`` file; nobody else
    writes this repository (the caller holds the replica's own lock), so any such file is stale.

    Refs and the index are looked for everywhere they live; objects only in the fan-out folders."""
    places: list[Path] = [git_dir, *(Path(folder) for folder, _dirs, _names in os.walk(git_dir / "refs"))]
    objects = git_dir / "objects"
    with contextlib.suppress(OSError):
        places += [entry for entry in objects.iterdir() if len(entry.name) == 2 or entry.name == "pack"]
    for folder in places:
        with contextlib.suppress(OSError):
            for path in folder.glob("*.lock"):
                with contextlib.suppress(OSError):
                    if stat.S_ISREG(os.lstat(path).st_mode):
                        path.unlink()


def init_bare_remote(path: Path) -> None:
    """A new, empty bare repository on a shared drive (only when it is set up, never on a later sync)."""
    make_private_folders(path)
    remote = Repo.init_bare(str(path))
    remote.refs.set_symbolic_ref(Ref(b"HEAD"), MAIN)  # so that `git clone` of it checks out the minutes
    remote.close()


def is_empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())
