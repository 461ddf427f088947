"""The clashes of one meeting, read for its minutes: until they are settled, the minutes show both values.

A clash lives in the replica's ``clashes/<meeting>.json`` (``facilitator.sync``), not in the
meeting; the minutes screen, ``facilitator show`` and every export read it here and pass it to
the outline (``facilitator.outline.Unsettled``), which prints each clashed place with both
values, who wrote each, and how to settle it. Only that one meeting's file is read from each
replica; a clash settled here but not yet synced is left out, as the clashes screen leaves it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facilitator.outline import Unsettled
from facilitator.sync import Clash, canonical
from facilitator.sync.canonical import clashes_path
from facilitator.sync.config import SyncError, load_config, sync_folder
from facilitator.sync.engine import _State, replica_folder
from facilitator.sync.replica import MAIN, Replica
from facilitator.syncpaths import is_set_up


def clashes_of(db_path: Path, meeting_id: str) -> list[Clash]:
    """The clashes waiting to be settled in one meeting, across the remotes (none when sync is not set up).

    A replica that cannot be read gives none: the minutes still open, and ``facilitator sync`` says why.
    """
    if not is_set_up(db_path):
        return []
    folder = sync_folder(db_path)
    try:
        remotes = load_config(folder).remotes
    except SyncError:
        return []
    found: list[Clash] = []
    for remote in remotes:
        place = replica_folder(folder, remote)
        if not (place / ".git").is_dir():
            continue
        settled = {clash_id for _meeting, clash_id in _State(folder / f"{remote.name}.state.json").settled}
        try:
            found += [
                Clash(remote.name, record) for record in _records(place, meeting_id) if record["id"] not in settled
            ]
        except (SyncError, OSError, ValueError, KeyError):
            continue
    return found


def _records(place: Path, meeting_id: str) -> list[dict[str, Any]]:
    replica = Replica(place)
    try:
        blob = replica.files(replica.ref(MAIN)).get(clashes_path(meeting_id))
        if blob is None:
            return []
        records = canonical.loads(replica.read(blob))
    finally:
        replica.close()
    return [r for r in records if isinstance(r, dict) and "id" in r and isinstance(r.get("values"), list)]


def unsettled(clashes: list[Clash]) -> tuple[Unsettled, ...]:
    """The clashes as the minutes' outline shows them."""
    return tuple(Unsettled(clash.where or "the meeting", tuple(clash.choices()), clash.kept) for clash in clashes)


def unsettled_in(db_path: Path, meeting_id: str) -> tuple[Unsettled, ...]:
    return unsettled(clashes_of(db_path, meeting_id))


_SEEN: dict[tuple[str, str], tuple[tuple[int, ...], tuple[Unsettled, ...]]] = {}  # (store, meeting) → (key, clashes)


def unsettled_for_preview(db_path: Path, meeting_id: str) -> tuple[Unsettled, ...]:
    """``unsettled_in``, for a preview redrawn as the user types (the Close step's minutes of a meeting in
    progress shared with ``--in-progress``): read again only when a sync or a settled clash could have
    changed them (the replicas' branch files and sync states), else a few ``stat`` calls."""
    key = _changed_when(db_path)
    seen = _SEEN.get((str(db_path), meeting_id))
    if seen is not None and seen[0] == key:
        return seen[1]
    found = unsettled_in(db_path, meeting_id)
    _SEEN[(str(db_path), meeting_id)] = (key, found)
    return found


def _changed_when(db_path: Path) -> tuple[int, ...]:
    """The modification times of what a sync or a settle writes: each replica's branch and state, the config."""
    if not is_set_up(db_path):
        return ()
    folder = sync_folder(db_path)
    paths = [folder / "config.json"]
    for entry in sorted(folder.iterdir()):
        if entry.name.endswith(".state.json"):
            paths.append(entry)
        elif (entry / ".git").is_dir():
            paths += [entry / ".git" / "refs" / "heads" / "main", entry / ".git" / "packed-refs"]
    stamps: list[int] = []
    for path in paths:
        try:
            stamps.append(path.stat().st_mtime_ns)
        except OSError:
            stamps.append(0)
    return tuple(stamps)
