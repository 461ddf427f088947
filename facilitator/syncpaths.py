"""Where sync keeps its things beside a store, and whether it is set up: without importing git.

``facilitator.sync`` brings in dulwich (a fifth of a second); the app, ``facilitator show`` and
the minutes ask first whether sync is set up at all, and import it only then.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.storepaths import real_db_path

CONFIG_FILE = "config.json"


def sync_folder(db_path: Path) -> Path:
    """``<store folder>/<store name>.sync``: beside the store, one per store."""
    real = real_db_path(db_path)
    return real.parent / f"{real.stem}.sync"


def is_set_up(db_path: Path) -> bool:
    """Whether sync has been set up beside this store (its ``config.json`` exists); reads nothing else."""
    try:
        return (sync_folder(db_path) / CONFIG_FILE).is_file()
    except OSError:
        return False
