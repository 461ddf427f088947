"""The names of the store's files beside the archive, and whether a path is one of them.

Apart from the store itself so that the exports (which must never write over the minutes) and
the command line can ask without opening, or importing, the TinyDB store.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def live_path_for(path: Path) -> Path:
    """``minutes.json`` → ``minutes.live.json``."""
    if path.suffix:
        return path.with_name(f"{path.stem}.live{path.suffix}")
    return path.with_name(path.name + ".live")


def parts_folder_for(path: Path) -> Path:
    """``minutes.json`` → ``minutes.archive/``, the folder of the archive's parts (one TinyDB file a week)."""
    return path.with_name(f"{path.stem if path.suffix else path.name}.archive")


def index_path_for(path: Path) -> Path:
    """``minutes.json`` → ``minutes.index.json``, the saved overview of the archive's parts."""
    if path.suffix:
        return path.with_name(f"{path.stem}.index{path.suffix}")
    return path.with_name(path.name + ".index")


def split_backup_prefix(path: Path) -> str:
    """The copy of a one-file archive kept when it is split: ``minutes.json.split-backup-<time>``."""
    return f"{path.name}.split-backup"


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def backup_prefix(path: Path) -> str:
    """Backups made before an upgrade are named ``minutes.json.schema1-backup-<time>``."""
    return f"{path.name}.schema"


def real_db_path(path: str | Path) -> Path:
    """The file the store reads and writes: a link named as the database is followed to its file.

    Otherwise every save would replace the link with a plain file, and the lock would guard
    the link's folder, not the real file another copy may open by its own name.
    """
    path = Path(path).expanduser()
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def belongs_to_store(db_path: Path, target: Path) -> bool:
    """Whether writing ``target`` would overwrite a file of the store at ``db_path``.

    Its archive, live file, lock, index, backups, temporary files and anything in the folder of
    the archive's parts, compared by real path (so a link or '../' spelling does not get through)
    and by inode (a hard link).
    """
    archive = Path(os.path.realpath(real_db_path(db_path)))
    real = Path(os.path.realpath(target))
    own = [archive, live_path_for(archive), lock_path_for(archive), index_path_for(archive)]
    parts = parts_folder_for(archive)
    if real == parts or parts in real.parents:
        return True
    if real.parent == archive.parent:
        if real in own or real.name.startswith((backup_prefix(archive), split_backup_prefix(archive))):
            return True
        names = (archive, live_path_for(archive), index_path_for(archive))
        if real.name.startswith(tuple(f".{name.name}." for name in names)):
            return True  # a save's temporary file
    for path in own:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, real):
                return True
    return False
