"""Files the user names: read without ever blocking, written without ever losing what was there.

A path typed by a person (``--db``, an import file, an export target, a template in the
config folder) can name a FIFO, a device or a folder. Opening a FIFO for reading waits
forever for a writer; reading ``/dev/zero`` never ends; writing over ``/dev/full`` fails half
way. So every such file is opened without blocking, looked at (``fstat``) and refused unless
it is a regular file.

Exports and copies are written the way the store writes its own files: to a temporary file
beside the target, flushed and fsynced, then renamed into place, so a crash leaves the old
file or the new one. They hold the same personal data as the minutes, so they are created
0600 whatever the umask, and an existing file is replaced only when the caller says so.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from facilitator.errors import StoreError, UnreadableFile

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
# Not the store's '.tmp': the store sweeps '.minutes.json.*.tmp' from its folder when it opens,
# and an export named 'minutes.json.md' beside it must not lose its temporary file to that.
EXPORT_TEMP_SUFFIX = ".part"


class NotAFile(UnreadableFile):
    """A path that names a folder, a FIFO, a device or a socket where a regular file was wanted."""

    def __init__(self, path: Path, kind: str, doing: str = "read") -> None:
        self.path, self.kind = path, kind
        super().__init__(f"{path} is {kind}, not a file; Facilitator did not {doing} it. Give the path of a file.")


class WriteRefused(StoreError):
    """A file that must not be written (one of the store's own); ``str()`` is for the user."""


class TargetExists(WriteRefused):
    """The file is there already: replaced only when the user confirms (the app) or passes --force."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists; nothing was written. Choose another name, or --force to replace it.")


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit + 1`` of them when a limit is given).

    Raises NotAFile for a folder, FIFO, device or socket (a FIFO is opened without waiting for a
    writer, and never read), FileNotFoundError and other OSErrors as they come.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotAFile(path, kind)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            fd = -1  # the file object closes it now
            return handle.read() if limit is None else handle.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)


def refuse_special(path: Path, doing: str = "read") -> None:
    """NotAFile when ``path`` exists (links followed) and is not a regular file; nothing when it is absent."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    kind = kind_of(mode)
    if kind is not None:
        raise NotAFile(path, kind, doing)


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and every missing parent 0700, whatever the umask; existing ones are left alone.

    ``mkdir(parents=True, mode=0o700)`` gives only the last folder that mode: the parents get
    the umask's, and a loose umask would leave them open to everyone.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue  # made meanwhile by another process: theirs to set
        path.chmod(PRIVATE_FOLDER)  # mkdir's mode is cut by the umask


def write_private_file(
    target: Path, data: bytes, *, overwrite: bool = False, protected: Callable[[Path], bool] | None = None
) -> Path:
    """Write ``data`` to ``target`` atomically, 0600; returns the file written (links followed).

    A link is followed: the file it points to is written, and the link stays a link. Refuses
    (WriteRefused) a file ``protected`` says must not be touched, whatever ``overwrite`` says;
    (NotAFile) a folder, FIFO or device; (TargetExists) any existing file unless ``overwrite``.
    OSErrors (no such folder, a full disk, permission denied) reach the caller as they are.
    """
    real = Path(os.path.realpath(target))
    if protected is not None and protected(real):
        raise WriteRefused(
            f"{target} is one of the minutes' own files; writing there would destroy them. Nothing was written: "
            "choose another name."
        )
    try:
        kind = kind_of(os.stat(real).st_mode)
        exists = True
    except FileNotFoundError:
        kind, exists = None, False
    if kind is not None:
        raise NotAFile(target, kind, "write")
    if exists and not overwrite:
        raise TargetExists(target)
    temp = _write_temp(real, data)
    try:
        if overwrite:
            os.replace(temp, real)
        else:
            _place_new(temp, real, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(real.parent)
    return real


def _write_temp(real: Path, data: bytes) -> str:
    fd, temp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=EXPORT_TEMP_SUFFIX)
    fill_new_file(fd, temp, data)
    return temp


def fill_new_file(fd: int, path: str | Path, data: bytes) -> None:
    """Write ``data`` to the file just created at ``path`` (open as ``fd``), 0600 and fsynced; if that
    fails, the file is removed, so no half-written copy is left behind."""
    try:
        os.fchmod(fd, PRIVATE_FILE)  # the mode given at creation is cut by the umask; this is not
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _place_new(temp: str, real: Path, target: Path) -> None:
    """Rename ``temp`` to ``real`` only if nothing is there: a file made since the check is not replaced."""
    try:
        os.link(temp, real)  # fails if ``real`` exists, unlike a rename
    except FileExistsError:
        raise TargetExists(target) from None
    except OSError:
        # A filesystem without hard links (FAT, some network shares): check again, then rename.
        if os.path.lexists(real):
            raise TargetExists(target) from None
        os.replace(temp, real)
        return
    os.unlink(temp)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
