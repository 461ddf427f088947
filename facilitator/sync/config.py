"""Where sync keeps its things, and what it was told: the facilitator's name and the remotes.

Everything sync writes locally is in one folder beside the store, ``<store folder>/<name>.sync/``
(``minutes.sync/`` for ``minutes.json``), never inside the store's own files:

* ``config.json``: the name commits are signed with, and each remote (its name, URL or path,
  which partnerships go to it, whether meetings in progress go too), and whether a whole sync
  runs after every close (``after_close``);
* ``<remote>/``: that remote's replica, a git repository whose work tree holds the shared files;
* ``<remote>.state.json``: what the store last took from the replica, so that the next sync can
  tell an edit made here from a change it has not yet brought in;
* ``<remote>.lock``: held while a sync or a settling of a clash runs.

No credentials: git over ssh or https asks the user's own ssh keys or credential helper.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from facilitator.files import make_private_folders, write_private_file
from facilitator.syncpaths import CONFIG_FILE as CONFIG_FILE
from facilitator.syncpaths import sync_folder as sync_folder  # the folder's rule, importable without git


class SyncError(Exception):
    """A sync could not be done as asked; ``str()`` is one line for the user, and nothing was lost."""


DEFAULT_REMOTE = "shared"
_REMOTE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


@dataclass
class Remote:
    name: str
    url: str
    # The partnerships whose meetings go to this remote, by name in any case; empty: every partnership.
    partnerships: list[str] = field(default_factory=list)
    in_progress: bool = False  # meetings in progress are shared too (by default only closed ones)

    def shares(self, partnership: str, status: str) -> bool:
        if status != "closed" and not self.in_progress:
            return False
        wanted = {name.casefold().strip() for name in self.partnerships}
        return not wanted or partnership.casefold().strip() in wanted


@dataclass
class SyncConfig:
    name: str = ""
    remotes: list[Remote] = field(default_factory=list)
    after_close: bool = False  # a whole sync in the background after every Finish (sync --after-close on)

    def remote(self, name: str) -> Remote | None:
        return next((remote for remote in self.remotes if remote.name == name), None)

    @property
    def author(self) -> str:
        """Who commits are signed by: the name set, else the name this computer knows the user by."""
        return self.name.strip() or _os_user()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "facilitator"


def check_remote_name(name: str) -> str:
    if not _REMOTE_NAME.match(name):
        raise SyncError(
            f"{name!r} cannot name a remote: use up to 40 letters, digits, '-' or '_', starting with a letter or digit."
        )
    return name


def load_config(folder: Path) -> SyncConfig:
    path = folder / CONFIG_FILE
    try:
        raw: Any = json.loads(path.read_bytes())
    except FileNotFoundError:
        return SyncConfig()
    except (OSError, ValueError) as error:
        raise SyncError(f"could not read {path} ({error}); fix or remove it, then sync again.") from None
    try:
        remotes = [
            Remote(
                name=check_remote_name(str(item["name"])),
                url=str(item["url"]),
                partnerships=[str(p) for p in item.get("partnerships", [])],
                in_progress=bool(item.get("in_progress", False)),
            )
            for item in raw.get("remotes", [])
        ]
        after_close = raw.get("after_close", False) is True
        return SyncConfig(name=str(raw.get("name", "")), remotes=remotes, after_close=after_close)
    except (AttributeError, KeyError, TypeError) as error:
        raise SyncError(f"{path} is not a sync configuration ({error}); fix or remove it.") from None


def save_config(folder: Path, config: SyncConfig) -> None:
    make_private_folders(folder)
    data = json.dumps(asdict(config), indent=2, ensure_ascii=False) + "\n"
    write_private_file(folder / CONFIG_FILE, data.encode("utf-8"), overwrite=True)


def looks_like_path(url: str) -> bool:
    """A remote given as a folder (a shared drive) rather than a URL (ssh, https, git)."""
    return "://" not in url and not re.match(r"^[\w.-]+@[\w.-]+:", url)


def normalise_url(url: str) -> str:
    """A folder is kept as its absolute path, so that a sync run from elsewhere finds it."""
    url = url.strip()
    if not url:
        raise SyncError("--remote was given nothing: name a folder on a shared drive, or a git URL.")
    if looks_like_path(url):
        return os.path.abspath(os.path.expanduser(url))
    return url
