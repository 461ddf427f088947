"""One remote's replica: a git repository (through dulwich; no git program needed) holding the shared files.

Commits are made from objects, not by staging the work tree, so that a sync with 10,000 meetings
touches only what changed; the work tree and index are then brought up to the new commit for the
paths that changed, so that ``git log -p`` and ``git status`` in the folder read as usual.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from dulwich.client import get_transport_and_path
from dulwich.errors import GitProtocolError, HangupException, NotGitRepository
from dulwich.graph import can_fast_forward, find_merge_base
from dulwich.index import index_entry_from_stat
from dulwich.objects import Blob, Commit, ObjectID, Tree
from dulwich.refs import Ref
from dulwich.repo import Repo

from facilitator.files import make_private_folders
from facilitator.sync.canonical import MARKER, marker
from facilitator.sync.config import SyncError

MAIN = Ref(b"refs/heads/main")
REMOTE_MAIN = Ref(b"refs/remotes/origin/main")
FILE_MODE = 0o100644
TREE_MODE = 0o040000

Files = dict[str, bytes]  # path in the replica → blob id (hex)


class Replica:
    """A non-bare git repository at ``folder`` whose branch ``main`` holds the shared minutes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[bytes, Files] = {}  # a commit's files, read once (commits never change)
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

    def _read_files(self, commit: bytes) -> Files:
        store = self.repo.object_store
        tree = store[store[ObjectID(commit)].tree]  # type: ignore[attr-defined]
        found: Files = {}
        for entry in tree.items():  # type: ignore[attr-defined]
            name = entry.path.decode("utf-8")
            if entry.mode == TREE_MODE:
                for inner in store[entry.sha].items():  # type: ignore[attr-defined]
                    found[f"{name}/{inner.path.decode('utf-8')}"] = inner.sha
            else:
                found[name] = entry.sha
        return found

    def read(self, blob: bytes) -> bytes:
        return self.repo.object_store[ObjectID(blob)].data  # type: ignore[attr-defined,no-any-return]

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
        folders: dict[str, Tree] = {}
        root = Tree()
        for path, blob in sorted(files.items()):
            folder, _, name = path.rpartition("/")
            if folder:
                folders.setdefault(folder, Tree()).add(name.encode("utf-8"), FILE_MODE, ObjectID(blob))
            else:
                root.add(name.encode("utf-8"), FILE_MODE, ObjectID(blob))
        for folder, tree in folders.items():
            store.add_object(tree)
            root.add(folder.encode("utf-8"), TREE_MODE, tree.id)
        store.add_object(root)
        commit = Commit()
        commit.tree = root.id
        commit.parents = [ObjectID(parent) for parent in parents]
        signature = f"{_one_line(author)} <>".encode()
        commit.author = commit.committer = signature
        commit.author_time = commit.commit_time = int(time.time())
        commit.author_timezone = commit.commit_timezone = 0
        commit.encoding = b"UTF-8"
        commit.message = message.encode("utf-8")
        store.add_object(commit)
        return commit.id

    def set_ref(self, name: bytes, commit: bytes) -> None:
        self.repo.refs[Ref(name)] = ObjectID(commit)

    def check_out(self, old: bytes | None, new: bytes) -> None:
        """Bring the work tree and index from commit ``old`` to ``new``, touching only what changed."""
        before, after = self.files(old), self.files(new)
        index = self.repo.open_index()
        for path, blob in after.items():
            target = self.folder / path
            if before.get(path) == blob and target.exists():
                continue
            target.parent.mkdir(exist_ok=True)
            temp = target.with_name(f".{target.name}.tmp")
            temp.write_bytes(self.read(blob))
            os.replace(temp, target)
            index[path.encode("utf-8")] = index_entry_from_stat(os.lstat(target), blob, FILE_MODE)
        for path in before.keys() - after.keys():
            with contextlib.suppress(FileNotFoundError):
                (self.folder / path).unlink()
            with contextlib.suppress(KeyError):
                del index[path.encode("utf-8")]
        index.write()

    # -- the remote ------------------------------------------------------------------------------

    def fetch(self, url: str) -> bytes | None:
        """The remote's ``main`` (fetched into ``refs/remotes/origin/main``), or None for an empty remote."""
        client, path = _client(url)

        def wants(refs: Mapping[bytes, bytes], depth: Any = None) -> list[bytes]:
            head = refs.get(MAIN)
            return [head] if head is not None and not self.has(head) else []

        with _reaching(url):
            result = client.fetch(path, self.repo, determine_wants=wants)  # type: ignore[arg-type]
        head = (result.refs or {}).get(MAIN)
        if head is None:
            if result.refs and any(name.startswith(b"refs/heads/") for name in result.refs):
                raise SyncError(f"{url} is a git repository, but not a Facilitator one (it has no 'main' minutes).")
            return None
        self.set_ref(REMOTE_MAIN, head)
        return head

    def push(self, url: str, expected: bytes | None, new: bytes) -> bool:
        """Make the remote's ``main`` ``new`` if it is still ``expected``; False when someone pushed first."""
        client, path = _client(url)
        moved: list[bool] = []

        def update_refs(refs: dict[bytes, bytes]) -> dict[bytes, bytes]:
            if refs.get(MAIN) != expected:
                moved.append(True)
                return {}  # nothing sent: fetch and merge what they pushed, then try again
            return {MAIN: new}

        def pack(have: Any, want: Any, *, ofs_delta: bool = False, progress: Callable[..., None] | None = None) -> Any:
            return self.repo.generate_pack_data(set(have), set(want), progress=progress, ofs_delta=ofs_delta)

        with _reaching(url):
            result = client.send_pack(path, update_refs, generate_pack_data=pack)
        if moved or any(status is not None for status in (result.ref_status or {}).values()):
            return False
        self.set_ref(REMOTE_MAIN, new)
        return True


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
