"""A crash-safe TinyDB storage: parse the file once, replace it atomically on every write.

TinyDB's own ``JSONStorage`` re-reads and re-parses the whole file on every operation and
rewrites it in place, so a process killed mid-write can leave half a file behind. This
storage keeps the parsed data in memory (safe because the store holds a lock: nobody else
writes the file) and writes each new version to a temporary file in the same folder,
flushes and fsyncs it, then ``os.replace``-s it over the old one and fsyncs the folder. A
kill at any moment leaves either the old file or the new one, both complete.

The file stays plain TinyDB JSON, ASCII-only so that any program's ``tinydb`` opens it
whatever its locale. Files are created readable by their owner alone (0600).

It is read and written one stored meeting at a time (``parse_tables``, ``dump_tables``): one
``json.loads`` or ``json.dumps`` of a 60 MB history is a single C call that holds the
interpreter lock for most of a second, and the app's event loop, waiting for the lock, froze
that long while a long history was opened or a meeting was closed into it. A call per meeting
takes a fraction of a millisecond, so the loop gets its turn every few milliseconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from facilitator.document_schema import Unreadable
from facilitator.errors import ReadOnlyStore, UnreadableFile
from facilitator.files import PRIVATE_FILE, NotAFile, read_regular

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file, never a mix."""
    # A link is followed, so the file it names is replaced and the link stays (see store.real_db_path).
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=TEMP_SUFFIX)
    try:
        # 0600 whatever the umask (mkstemp's mode is cut by it); os.replace keeps it for the final file.
        os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename durable: the new directory entry must reach the disk too."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def remove_orphan_temps(path: Path) -> list[Path]:
    """Delete temporary files left by a process killed mid-save. Only the lock holder may call this."""
    removed = []
    for orphan in path.parent.glob(f"{temp_prefix(path)}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            orphan.unlink()
            removed.append(orphan)
    return removed


def read_slice(path: Path, offset: int, length: int) -> bytes | None:
    """``length`` bytes of ``path`` from ``offset`` (a saved line of an index); ``None`` if unreadable or short."""
    try:
        with path.open("rb") as file:
            file.seek(offset)
            found = file.read(length)
    except OSError:
        return None
    return found if len(found) == length else None


def remove_orphan_temps_in(folder: Path) -> list[Path]:
    """Delete every temporary file a killed save left in ``folder``. Only the lock holder may call this."""
    removed = []
    for orphan in folder.glob(f".*{TEMP_SUFFIX}") if folder.is_dir() else ():
        with contextlib.suppress(OSError):
            orphan.unlink()
            removed.append(orphan)
    return removed


def read_tinydb_file(path: Path) -> dict[str, dict[str, Any]] | None:
    """Parse a TinyDB JSON file; ``None`` when it does not exist or is empty.

    Refuses (``UnreadableFile``) anything that is not a TinyDB file: broken JSON, a truncated
    file, JSON of another shape. It never changes the file.
    """
    try:
        raw = read_regular(path)  # a FIFO, device or folder is refused, never read
    except FileNotFoundError:
        return None
    except NotAFile as error:
        raise UnreadableFile(
            f"{path} is {error.kind}, not a database file. Give the path of a file with --db."
        ) from None
    except OSError as error:  # permission denied, not a directory, a name too long, a loop of links
        raise UnreadableFile(f"{path} cannot be read: {error.strerror or error}.") from None
    if not raw.strip():
        return None
    try:
        data = parse_tables(raw.decode("utf-8"))
    except RepeatedKey as repeated:
        raise UnreadableFile(
            f"{path} is damaged: {repeated}, so one meeting would hide the other. Facilitator has left it "
            "untouched. Restore a backup over it, or open it in a text editor and renumber one of the two."
        ) from None
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise UnreadableFile(
            f"{path} is not a readable database ({_reason(error)}). Facilitator has left it untouched. "
            "If it was damaged, restore a backup over it; or start afresh with --db pointing at a new file."
        ) from None
    if not _looks_like_tinydb(data):
        raise UnreadableFile(
            f"{path} is JSON but not a TinyDB database, so it is not Facilitator's minutes. "
            "Facilitator has left it untouched; use --db to choose another file."
        )
    return data


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class RepeatedKey(ValueError):
    """Two tables, or two documents of one table, under one key: read as JSON, the first would vanish unseen."""

    def __init__(self, table: str | None, key: str) -> None:
        self.table, self.key = table, key
        super().__init__(
            f"two stored documents are numbered {key} in table {table!r}"
            if table is not None
            else f"two tables are named {key!r}"
        )


class _NotTables(ValueError):
    """The text is not an object of objects: ``json.loads`` is left to read it, or say what is wrong."""


def parse_tables(text: str) -> Any:
    """``json.loads(text)``, one stored document at a time when the text is TinyDB's shape.

    A TinyDB file is an object of tables, each an object of documents. Each document is
    decoded by its own C call, so the interpreter lock is released between documents. Any
    other text, broken JSON included, goes to ``json.loads``, which gives the same result or
    the same error as before.
    """
    try:
        return _parse_tables(text)
    except (_NotTables, json.JSONDecodeError, IndexError):
        return json.loads(text)
    # RepeatedKey goes to the caller: json.loads would quietly keep only the last of the two.


def _parse_tables(text: str) -> dict[str, Any]:
    tables, pos = _object(text, _skip(text, 0), _table, None)
    if _skip(text, pos) != len(text):
        raise _NotTables
    return tables


def _table(text: str, pos: int, name: str) -> tuple[Any, int]:
    if text[pos] != "{":
        return _DECODER.raw_decode(text, pos)  # not a table: the shape check refuses it
    return _object(text, pos, _document, name)


def _document(text: str, pos: int, key: str) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, pos)  # one stored document: one C call
    except json.JSONDecodeError:
        raise
    except (RecursionError, ValueError) as error:
        end = _end_of_value(text, pos)
        raw = text[pos:end]
        problem = "nested too deeply to read" if isinstance(error, RecursionError) else _number_problem(raw)
        return Unreadable(raw, problem, _meeting_id_in(raw) or f"unreadable-{key}"), end


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_MARK = re.compile(r'[\[\]{}"]')
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LONG_DIGITS = re.compile(r"[0-9]{4301,}")
_ID_MEMBER = re.compile(r'"id"\s*:\s*"([A-Za-z0-9._-]{1,100})"')


def _end_of_value(text: str, pos: int) -> int:
    """Where the JSON value at ``pos`` ends, found without recursion (brackets counted, strings skipped)."""
    if text[pos] not in "[{":
        number = _NUMBER.match(text, pos)
        if number is None:
            raise _NotTables
        return number.end()
    depth = 0
    while True:
        mark = _MARK.search(text, pos)
        if mark is None:
            raise _NotTables  # unbalanced: json.loads will say where
        if mark.group() == '"':
            string = _STRING.match(text, mark.start())
            if string is None:
                raise _NotTables
            pos = string.end()
            continue
        depth += 1 if mark.group() in "[{" else -1
        pos = mark.end()
        if depth == 0:
            return pos


def _number_problem(raw: str) -> str:
    longest = max((len(digits) for digits in _LONG_DIGITS.findall(raw)), default=0)
    return f"holds a number of {longest:,} digits" if longest else "holds a value that cannot be read"


def _meeting_id_in(raw: str) -> str | None:
    # A meeting's own id is written after its parts (their ids come first), so the last one is it.
    found = _ID_MEMBER.findall(raw)
    return found[-1] if found else None


ReadValue = Callable[[str, int, str], tuple[Any, int]]


def _object(text: str, pos: int, read_value: ReadValue, table: str | None) -> tuple[dict[str, Any], int]:
    """The JSON object at ``text[pos]``, each member's value read by ``read_value``; the position after it."""
    members: dict[str, Any] = {}
    pos = _expect(text, pos, "{")
    if text[pos] == "}":
        return members, pos + 1
    while True:
        key, pos = _DECODER.raw_decode(text, pos)
        if not isinstance(key, str):
            raise _NotTables
        pos = _expect(text, pos, ":")
        if key in members:
            raise RepeatedKey(table, key)
        members[key], pos = read_value(text, pos, key)
        pos, more = _next(text, pos)
        if not more:
            return members, pos


def _skip(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string at worst


def _expect(text: str, pos: int, mark: str) -> int:
    """Past ``mark`` (and the spaces around it), or _NotTables."""
    pos = _skip(text, pos)
    if text[pos] != mark:
        raise _NotTables
    return _skip(text, pos + 1)


def _next(text: str, pos: int) -> tuple[int, bool]:
    """After a member: past a comma (True: another follows) or the closing brace (False)."""
    pos = _skip(text, pos)
    if text[pos] == ",":
        return _skip(text, pos + 1), True
    if text[pos] == "}":
        return pos + 1, False
    raise _NotTables


def dump_tables(data: dict[str, dict[str, Any]]) -> str:
    """The tables as compact ASCII JSON, one document a line, each encoded by its own call."""
    encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
    tables = []
    for name, table in data.items():
        documents = ",\n".join(f"{encode(str(key))}:{_encoded(encode, document)}" for key, document in table.items())
        tables.append(f"{encode(name)}:{{\n{documents}\n}}" if documents else f"{encode(name)}:{{}}")
    return "{" + ",\n".join(tables) + "}"


def _encoded(encode: Callable[[Any], str], document: Any) -> str:
    if isinstance(document, Unreadable) and document.untouched:
        return document.raw  # kept as it was read: a damaged meeting is never written away
    return encode(document)


def _reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"broken JSON at line {error.lineno}, column {error.colno}: {error.msg}"
    if isinstance(error, RecursionError):
        return "nested too deeply to read"
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return "it holds a number too long to read"


def _looks_like_tinydb(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    for table in data.values():
        if not isinstance(table, dict):
            return False
        # Keys as TinyDB writes them ('1', never '01'): the store finds a document again by its number.
        if not all(key.isdigit() and str(int(key)) == key and isinstance(doc, dict) for key, doc in table.items()):
            return False
    return True


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file: cached reads, atomic write-through."""

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._data: dict[str, dict[str, Any]] | None = None
        self._loaded = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if not self._loaded:
            self._data = read_tinydb_file(self.path)
            self._loaded = True
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise ReadOnlyStore(f"{self.path} is open read-only; nothing was written.")
        try:
            atomic_write(self.path, dump_tables(data))
        except BaseException:
            # TinyDB changed the cached tables in place before calling us; forget them so the
            # next read comes from the file, which still holds the last good version.
            self._loaded = False
            self._data = None
            raise
        self._data = data
        self._loaded = True

    def close(self) -> None:
        self._data = None
        self._loaded = False
