"""The files of a store as another program sees them: every part of the archive read with plain ``tinydb``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB

from facilitator.storepaths import parts_folder_for


def archive_files(db_path: Path) -> list[Path]:
    """The header (``minutes.json``) and every part of the archive, in name order."""
    folder = parts_folder_for(db_path)
    return [db_path, *(sorted(folder.glob("*.json")) if folder.is_dir() else [])]


def archived(db_path: Path) -> list[dict[str, Any]]:
    """Every closed meeting stored, read by TinyDB itself from each file (and each file closed again)."""
    documents: list[dict[str, Any]] = []
    for path in archive_files(db_path):
        with TinyDB(path) as db:
            documents += db.table("meetings").all()
    return documents


def metas(db_path: Path) -> list[dict[str, Any]]:
    """The ``meta`` document of every file of the archive."""
    found = []
    for path in archive_files(db_path):
        with TinyDB(path) as db:
            found += db.table("meta").all()
    return found
