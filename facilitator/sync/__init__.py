"""Sharing the minutes beyond one machine, through git (dulwich: no git program, no server of ours).

Each store keeps, beside it (``config.sync_folder``), one git replica per remote: one canonical
JSON file per shared meeting (``canonical``), committed with the facilitator's name. A sync commits
what changed here, fetches, merges per item and per field against git's merge base (``merge``),
brings the result into the store and pushes (``engine``). A field changed on both sides to
different values is a clash: the minutes keep one value, the clash keeps both, in the replica's
``clashes/`` files (committed, so every replica sees it and a clash settled on one laptop is settled
everywhere), until the user chooses one (``settle``).

Why clashes live in the replica and not on the meeting: a clash is a fact about the shared copy,
not about the meeting, and keeping it there leaves the meeting document (schema 7) and every
store, export and byte pin as they are; a user who never syncs never sees one.

This package is core: no Textual. The app and the command line call ``set_up``, ``sync``,
``clashes`` and ``settle``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import Timeout

from facilitator.checks import ValidationError
from facilitator.document_schema import SchemaError, from_document, to_document
from facilitator.repository import Repository
from facilitator.sync.config import (
    DEFAULT_REMOTE,
    Remote,
    SyncConfig,
    SyncError,
    check_remote_name,
    load_config,
    looks_like_path,
    normalise_url,
    save_config,
    sync_folder,
)
from facilitator.sync.engine import Outcome, Sync, _State, lock_for, pending_in, replica_folder
from facilitator.sync.merge import DELETED, find_item
from facilitator.sync.replica import MAIN, Replica, init_bare_remote, is_empty_folder

__all__ = [
    "DEFAULT_REMOTE",
    "Clash",
    "Outcome",
    "Remote",
    "SyncConfig",
    "SyncError",
    "clashes",
    "configured",
    "restore",
    "set_up",
    "settle",
    "sync",
    "sync_folder",
]


def configured(db_path: Path) -> SyncConfig:
    return load_config(sync_folder(db_path))


def set_up(
    db_path: Path,
    url: str,
    *,
    remote_name: str = DEFAULT_REMOTE,
    partnerships: list[str] | None = None,
    in_progress: bool = False,
    name: str | None = None,
) -> Remote:
    """Add (or change) a remote. A folder that is missing or empty becomes a new shared repository."""
    folder = sync_folder(db_path)
    config = load_config(folder)
    check_remote_name(remote_name)
    url = normalise_url(url)
    if looks_like_path(url):
        target = Path(url)
        if not target.exists() or is_empty_folder(target):
            try:
                init_bare_remote(target)
            except OSError as error:
                raise SyncError(f"could not make a shared repository at {target}: {error.strerror or error}.") from None
        elif not target.is_dir():
            raise SyncError(f"{target} is a file, not a folder: name a folder on the shared drive.")
    if name is not None:
        config.name = name.strip()
    remote = Remote(remote_name, url, list(partnerships or []), in_progress)
    config.remotes = [r for r in config.remotes if r.name != remote_name] + [remote]
    save_config(folder, config)
    return remote


def restore(db_path: Path, config: SyncConfig) -> None:
    """Put back the settings as they were (a remote set up whose first sync failed is not kept)."""
    save_config(sync_folder(db_path), config)


def set_after_close(db_path: Path, on: bool) -> None:
    """Whether the app runs a whole sync after every Finish (in the background; off unless asked)."""
    folder = sync_folder(db_path)
    config = load_config(folder)
    config.after_close = on
    save_config(folder, config)


def set_name(db_path: Path, name: str) -> None:
    folder = sync_folder(db_path)
    config = load_config(folder)
    config.name = name.strip()
    save_config(folder, config)


def sync(repository: Repository, db_path: Path, *, only: str | None = None) -> list[Outcome]:
    """Sync with every remote (or the one named); the first that fails stops it, said in one line."""
    folder = sync_folder(db_path)
    config = load_config(folder)
    remotes = [r for r in config.remotes if only is None or r.name == only]
    if not remotes:
        if only is not None:
            raise SyncError(f"there is no remote called {only!r}; see 'facilitator sync --help'.")
        raise SyncError("no remote is set up yet: run 'facilitator sync --remote PATH-OR-URL' first.")
    return [Sync(repository, folder, config, remote).run() for remote in remotes]


@dataclass(frozen=True)
class Clash:
    """One clash to settle: where, both values (and who wrote each), and which one the minutes hold now."""

    remote: str
    record: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def meeting_id(self) -> str:
        return str(self.record["meeting"])

    @property
    def meeting_label(self) -> str:
        return str(self.record.get("meeting_label", ""))

    @property
    def where(self) -> str:
        return str(self.record.get("where", ""))

    @property
    def kept(self) -> int:
        return int(self.record.get("kept", 0))

    def choices(self) -> list[tuple[str, str]]:
        """(who, the value in words) for each side."""
        return [(str(side.get("by", "")), value_text(side)) for side in self.record["values"]]


def value_text(side: dict[str, Any]) -> str:
    if side.get("deleted"):
        return "(deleted)"
    value = side.get("value")
    if isinstance(value, dict):
        for field in ("text", "title", "issue", "name"):
            if isinstance(value.get(field), str):
                return f"{value[field]} (the whole item)"
        return "(the whole meeting as they had it)" if "partnership" in value else str(value)
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value) or "(none)"
    return str(value)


def clashes(db_path: Path) -> list[Clash]:
    """Every clash waiting to be settled, across the remotes."""
    folder = sync_folder(db_path)
    if not folder.is_dir():
        return []
    found: list[Clash] = []
    for remote in load_config(folder).remotes:
        place = replica_folder(folder, remote)
        if not (place / ".git").is_dir():
            continue
        state = _State(folder / f"{remote.name}.state.json")
        replica = Replica(place)
        try:
            found += [Clash(remote.name, record) for record in pending_in(replica, replica.ref(MAIN), state.settled)]
        finally:
            replica.close()
    return found


def settle(repository: Repository, db_path: Path, clash: Clash, choice: int) -> None:
    """Keep ``choice`` (0 or 1) of a clash: the minutes take that value, the clash goes at the next sync."""
    folder = sync_folder(db_path)
    try:
        with lock_for(folder, clash.remote, timeout=10):
            meeting = repository.get(clash.meeting_id)
            if choice != clash.kept:
                document = to_document(meeting)
                chosen = apply_choice(document, clash.record["path"], clash.record["values"][choice])
                try:
                    settled = from_document(chosen)
                except (ValidationError, SchemaError) as error:
                    raise SyncError(
                        f"that choice would leave the meeting unreadable ({error}); keep the other."
                    ) from None
                if not repository.put_merged([(settled, meeting.revision)]):
                    raise SyncError("the meeting changed while the clash was settled; try again.")
            state = _State(folder / f"{clash.remote}.state.json")
            state.settled.append((clash.meeting_id, clash.id))
            state.save()
    except Timeout:
        raise SyncError("a sync is running: settle the clash once it has finished.") from None


def apply_choice(document: dict[str, Any], path: list[Any], side: dict[str, Any]) -> dict[str, Any]:
    """``document`` with the value one side of a clash holds put at ``path`` (or the item taken out)."""
    value = DELETED if side.get("deleted") else side.get("value")
    if not path:
        whole: dict[str, Any] = side["value"]
        return {**whole, "id": document["id"], "schema": document["schema"]}
    here: Any = document
    for step in path[:-1]:
        here = find_item(here, step) if isinstance(step, dict) else here.get(step) if isinstance(here, dict) else None
        if here is None:
            raise SyncError("the place of that clash has gone from the meeting since; nothing was changed.")
    last = path[-1]
    if isinstance(last, dict):
        if not isinstance(here, list):
            raise SyncError("the place of that clash has gone from the meeting since; nothing was changed.")
        item = find_item(here, last)
        if value is DELETED:
            if item is not None:
                here.remove(item)
        elif item is None:
            here.append(value)
        else:
            here[here.index(item)] = value
    elif isinstance(here, dict):
        if value is DELETED:
            here.pop(last, None)
        else:
            here[last] = value
    return document
