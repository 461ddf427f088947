"""Where the minutes live: ``--db PATH``, else ``FACILITATOR_DB``, else the user data directory.

Where the user's own settings and templates live: ``FACILITATOR_CONFIG``, else the user config
directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "facilitator"
DB_ENV = "FACILITATOR_DB"
DB_FILE = "minutes.json"
CONFIG_ENV = "FACILITATOR_CONFIG"


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE


def resolve_db_path(given: str | os.PathLike[str] | None = None) -> Path:
    """The database the user asked for: the flag wins over the environment over the default."""
    if given:
        return Path(given).expanduser()
    from_env = os.environ.get(DB_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def config_dir() -> Path:
    """The user's config folder (their own templates go in its ``templates``); tests point it elsewhere."""
    from_env = os.environ.get(CONFIG_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_export_folder() -> Path:
    """Where an export or a saved copy is suggested: Documents, else home, else the current folder.

    Whichever exists as a folder first: a suggestion in a folder that is not there fails when
    the user presses Enter on it (many servers and fresh accounts have no Documents).
    """
    candidates = [lambda: Path(platformdirs.user_documents_dir()), Path.home, Path.cwd]
    for candidate in candidates:
        try:
            folder = candidate()
            if folder.is_dir():
                return folder
        except (OSError, RuntimeError):  # no home to find, or the current folder was removed
            continue
    return Path(".")
