"""Files the user names: exports never destroy the minutes or another file unasked, special files are refused.

Everything here is real: TinyDB files, FIFOs, symlinks, hard links, /dev/zero and /dev/full in
the test's folder. Anything that the old code would block on (reading or writing a FIFO) runs
in a child process with a time limit, so a regression fails the test instead of hanging it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator.cli import main
from facilitator.files import NotAFile, TargetExists, write_private_file
from facilitator.model import MeetingStatus
from facilitator.tinydb_store import Store, belongs_to_store, live_path_for, lock_path_for
from screens.app import FacilitatorApp
from screens.export_picker import choice_for
from screens.minutes import MinutesScreen
from screens.save_copy import ReplaceScreen, SaveCopyScreen
from tests.apphelpers import in_progress_meeting, make_app, type_text, wait_for_store, wait_for_workers
from tests.conftest import review_meeting
from tests.test_upgrade import schema_3_document, schema_3_file

FULL_MINUTES = choice_for("md", circulation=False).key  # the picker's key for the full Markdown minutes

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 20  # seconds: the old code waited for ever on a FIFO


def cli(*argv: str, timeout: float = LIMIT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a child process, with a time limit and at most 1 GB of memory (/dev/zero read whole)."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "facilitator", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        preexec_fn=limit_memory,
    )


def one_line_refusal(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.fixture
def stored(db_path: Path) -> str:
    """A store with one closed meeting; its id."""
    meeting = review_meeting(status=MeetingStatus.CLOSED)
    with Store(db_path) as store:
        store.add(meeting)
    return meeting.id


def store_bytes(db_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (db_path, live_path_for(db_path)) if p.exists()}


def record_notifications(app: FacilitatorApp) -> list[str]:
    """Every notification's text, kept (the app's own list drops them as they time out, on a slow machine too soon)."""
    told: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        told.append(str(message))
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]
    return told


async def until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Wait (bounded) for the app to get where the test expects; the assertion after says what did not happen."""
    for _ in range(250):
        if condition():
            return
        await pilot.pause(0.02)


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0)
    os.umask(old)
    yield
    os.umask(old)


# --- 4. exports never overwrite the minutes, and another file only when asked ------------------


def spellings_of_the_store(db_path: Path) -> dict[str, Path]:
    """Every way a person (or a slip) can name one of the store's own files."""
    folder = db_path.parent
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "link.json").symlink_to(db_path)
    os.link(db_path, folder / "hard.json")
    return {
        "archive": db_path,
        "live file": live_path_for(db_path),
        "lock": lock_path_for(db_path),
        "via ..": folder / "sub" / ".." / db_path.name,
        "symlink": folder / "link.json",
        "hard link": folder / "hard.json",
        "backup": folder / f"{db_path.name}.schema3-backup-20261120T093000",
        "temporary": folder / f".{db_path.name}.abc123.tmp",
    }


def test_no_export_ever_writes_over_the_minutes_own_files(
    db_path: Path, stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(db_path) as store:  # a live file and a lock beside the archive
        store.save(in_progress_meeting())
    before = store_bytes(db_path)
    for name, target in spellings_of_the_store(db_path).items():
        for argv in (
            ["export", stored, "--format", "json"],
            ["export", stored, "--format", "md"],
            ["actions", "--format", "csv"],
        ):
            for force in ([], ["--force"]):
                code = main([*argv, "-o", str(target), *force, "--db", str(db_path)])
                _, err = capsys.readouterr()
                assert code == 1, (name, argv, force)
                assert "one of the minutes' own files" in err and len(err.strip().splitlines()) == 1, err
    assert store_bytes(db_path) == before
    with Store(db_path, readonly=True) as store:
        assert len(store.meetings()) == 2


def test_the_store_knows_its_own_files_by_real_path_and_inode(db_path: Path, stored: str) -> None:
    for target in spellings_of_the_store(db_path).values():
        assert belongs_to_store(db_path, target), target
    for other in ("review.json", "minutes.json.md", "minutes.live.json.csv", "other.json"):
        assert not belongs_to_store(db_path, db_path.parent / other), other


def test_an_existing_file_is_replaced_only_with_force(
    db_path: Path, stored: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "review.md"
    target.write_text("my own notes\n")
    for argv in (["export", stored, "--format", "md"], ["actions", "--format", "csv"]):
        assert main([*argv, "-o", str(target), "--db", str(db_path)]) == 1
        err = capsys.readouterr().err
        assert "already exists" in err and "--force" in err
        assert target.read_text() == "my own notes\n"
    assert main(["export", stored, "--format", "md", "-o", str(target), "--force", "--db", str(db_path)]) == 0
    assert "Poster project" in target.read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]  # no temporary file left


@pytest.mark.parametrize("mask", [0, 0o077, 0o022])
def test_exports_are_readable_by_their_owner_alone_whatever_the_umask(
    mask: int, umask: None, db_path: Path, stored: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.umask(mask)
    loose = tmp_path / "loose.csv"
    loose.write_text("old")
    loose.chmod(0o644)
    for name, argv in (
        ("review.md", ["export", stored, "--format", "md"]),
        ("actions.csv", ["actions", "--format", "csv"]),
        ("loose.csv", ["actions", "--format", "csv", "--force"]),
    ):
        assert main([*argv, "-o", str(tmp_path / name), "--db", str(db_path)]) == 0
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def test_an_export_through_a_link_writes_the_file_it_points_to_and_keeps_the_link(tmp_path: Path) -> None:
    real, link = tmp_path / "real.md", tmp_path / "link.md"
    real.write_text("old")
    link.symlink_to(real)
    with pytest.raises(TargetExists):
        write_private_file(link, b"new")
    assert write_private_file(link, b"new", overwrite=True) == real
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_file_made_between_the_check_and_the_rename_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import facilitator.files as files

    target = tmp_path / "review.md"
    write_temp = files._write_temp

    def someone_else_writes_first(real: Path, data: bytes) -> str:
        target.write_text("theirs")
        return write_temp(real, data)

    monkeypatch.setattr(files, "_write_temp", someone_else_writes_first)
    with pytest.raises(TargetExists):
        write_private_file(target, b"ours")
    assert target.read_text() == "theirs" and [p.name for p in tmp_path.iterdir()] == ["review.md"]


def test_an_export_into_a_folder_that_cannot_be_written_says_so_in_one_line(
    db_path: Path, stored: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    code = main(["export", stored, "--format", "md", "-o", str(not_a_folder / "r.md"), "--db", str(db_path)])
    err = capsys.readouterr().err
    assert code == 1 and "Not a directory" in err and len(err.strip().splitlines()) == 1, err
    assert not_a_folder.read_text() == "a file, not a folder"


async def test_the_minutes_screen_asks_before_replacing_and_never_writes_over_the_minutes(
    db_path: Path, stored: str, tmp_path: Path
) -> None:
    target = tmp_path / "review.md"
    target.write_text("my own notes\n")
    before = store_bytes(db_path)
    app = make_app(db_path)
    told = record_notifications(app)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("enter")
        await wait_for_workers(pilot)
        await until(pilot, lambda: isinstance(app.screen, MinutesScreen))
        assert isinstance(app.screen, MinutesScreen)

        async def export_to(path: Path) -> None:
            await pilot.press("ctrl+u")
            await type_text(pilot, str(path))
            await pilot.press("enter")
            await wait_for_workers(pilot)

        await pilot.press("x", FULL_MINUTES)  # the full Markdown minutes; the ending chooses in the end
        await export_to(target)
        await until(pilot, lambda: isinstance(app.screen, ReplaceScreen))
        assert isinstance(app.screen, ReplaceScreen)
        await pilot.press("n")  # keep it
        await wait_for_workers(pilot)
        assert isinstance(app.screen, MinutesScreen) and target.read_text() == "my own notes\n"
        assert app.screen.query_one("#export-path", Input).display  # the name stays to be changed

        await export_to(target)
        await until(pilot, lambda: isinstance(app.screen, ReplaceScreen))
        await pilot.press("y")
        await wait_for_workers(pilot)
        await until(pilot, lambda: any(message.startswith("Wrote the minutes") for message in told))
        assert isinstance(app.screen, MinutesScreen)
        assert "Poster project" in target.read_text()

        await pilot.press("x", FULL_MINUTES)  # the full Markdown minutes; the ending chooses in the end
        await export_to(db_path.with_suffix(".json"))  # the archive itself: was written over
        await until(pilot, lambda: any("own files" in message for message in told))
        assert isinstance(app.screen, MinutesScreen)
    assert any("one of the minutes' own files" in message for message in told), told
    assert store_bytes(db_path) == before


async def test_save_a_copy_never_writes_over_the_minutes_and_asks_before_replacing(
    db_path: Path, tmp_path: Path
) -> None:
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    copy = tmp_path / "copy.json"
    copy.write_text("an older copy")
    app = make_app(db_path)
    told = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r")
        await wait_for_workers(pilot)
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingScreen")

        async def save_copy_to(path: Path) -> None:
            await pilot.press("ctrl+e")
            await until(pilot, lambda: isinstance(app.screen, SaveCopyScreen))
            assert isinstance(app.screen, SaveCopyScreen)
            app.screen.query_one("#save-copy-path", Input).value = str(path)
            await pilot.press("enter")
            await wait_for_workers(pilot)

        for own in (db_path, live_path_for(db_path)):
            before = own.read_bytes()
            await save_copy_to(own)
            await until(pilot, lambda own=own: any(str(own) in m and "own files" in m for m in told))  # type: ignore[misc]
            assert own.read_bytes() == before
        await save_copy_to(copy)
        await until(pilot, lambda: isinstance(app.screen, ReplaceScreen))
        assert isinstance(app.screen, ReplaceScreen)
        await pilot.press("escape")
        await wait_for_workers(pilot)
        assert copy.read_text() == "an older copy"
        await save_copy_to(copy)
        await until(pilot, lambda: isinstance(app.screen, ReplaceScreen))
        await pilot.press("enter")
        await wait_for_workers(pilot)
        await until(pilot, lambda: any(message.startswith("Saved a copy") for message in told))
    assert sum("one of the minutes' own files" in message for message in told) == 2, told
    assert json.loads(copy.read_text())["partnership"] == in_progress_meeting().partnership
    with Store(db_path, readonly=True) as store:
        assert len(store.in_progress()) == 1


# --- 10. FIFOs, devices, folders and links --------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [["list"], ["import", "--demo"], ["actions"]])
def test_a_fifo_device_or_folder_as_the_database_is_refused_without_waiting(
    command: list[str], fifo: Path, tmp_path: Path
) -> None:
    for db, kind in ((fifo, "named pipe"), (Path("/dev/zero"), "device"), (tmp_path, "folder")):
        one_line_refusal(cli(*command, "--db", str(db)), str(db), kind)


def test_a_fifo_as_the_live_file_is_refused_without_waiting(db_path: Path, stored: str) -> None:
    live = live_path_for(db_path)
    live.unlink(missing_ok=True)
    os.mkfifo(live)
    for command in (["list"], ["import", "--demo"]):
        one_line_refusal(cli(*command, "--db", str(db_path)), str(live), "named pipe")
    assert stat.S_ISFIFO(live.lstat().st_mode)  # left as it was


def test_a_fifo_device_or_folder_as_the_import_file_is_refused(db_path: Path, fifo: Path, tmp_path: Path) -> None:
    for source, kind in ((fifo, "named pipe"), (Path("/dev/zero"), "device"), (tmp_path, "folder")):
        one_line_refusal(cli("import", str(source), "--db", str(db_path)), str(source), kind)
    assert not db_path.exists() or Store(db_path, readonly=True).meetings() == []


def test_a_fifo_or_folder_among_the_templates_is_skipped_with_the_reason(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / "templates").mkdir(parents=True)
    os.mkfifo(config / "templates" / "piped.toml")
    (config / "templates" / "folder.toml").mkdir()
    done = cli("templates", env={"FACILITATOR_CONFIG": str(config)})
    assert done.returncode == 1 and "partnership-review" in done.stdout
    assert "piped.toml: could not be read: it is a named pipe" in done.stderr
    assert "folder.toml" in done.stderr and "folder" in done.stderr


def test_an_export_target_that_is_a_fifo_device_or_folder_is_refused(
    db_path: Path, stored: str, fifo: Path, tmp_path: Path
) -> None:
    for target, kind in ((fifo, "named pipe"), (Path("/dev/full"), "device"), (tmp_path, "folder")):
        for force in ([], ["--force"]):
            done = cli("export", stored, "--format", "md", "-o", str(target), *force, "--db", str(db_path))
            one_line_refusal(done, str(target), kind)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    with pytest.raises(NotAFile):
        write_private_file(tmp_path, b"x", overwrite=True)


def test_a_linked_database_is_locked_and_written_at_its_real_file(tmp_path: Path) -> None:
    real = tmp_path / "real" / "minutes.json"
    real.parent.mkdir()
    link = tmp_path / "minutes.json"
    link.symlink_to(real)
    with Store(link) as store:
        store.add(review_meeting(status=MeetingStatus.CLOSED))
        assert lock_path_for(real).exists()
        with pytest.raises(Exception, match="in use"):
            Store(real)  # the same file by its own name: the same lock
    assert link.is_symlink() and real.is_file()  # was: the link replaced by a plain file
    with Store(real, readonly=True) as store:
        assert len(store.meetings()) == 1


def test_writing_a_linked_live_file_keeps_the_link(db_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    live_path_for(db_path).symlink_to(elsewhere)
    with Store(db_path) as store:
        store.save(in_progress_meeting())
    assert live_path_for(db_path).is_symlink() and elsewhere.is_file()


def test_the_backup_before_an_upgrade_is_a_new_private_file_never_a_planted_link(
    db_path: Path, tmp_path: Path, umask: None
) -> None:
    os.umask(0)
    schema_3_file(db_path, schema_3_document())
    original = db_path.read_bytes()
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    # A link under every name the backup could take in the next few seconds.
    now = dt.datetime.now()
    for second in range(5):
        stamp = (now + dt.timedelta(seconds=second)).strftime("%Y%m%dT%H%M%S")
        db_path.with_name(f"{db_path.name}.schema3-backup-{stamp}").symlink_to(victim)
    with Store(db_path) as store:
        [backup] = store.backups
    assert victim.read_text() == "not yours"
    assert not backup.is_symlink() and backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_a_backup_that_cannot_be_completed_is_removed_and_nothing_is_upgraded(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema_3_file(db_path, schema_3_document())
    original = db_path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(Exception, match="backup could not be written"):
        Store(db_path)
    monkeypatch.undo()
    assert db_path.read_bytes() == original
    assert [p.name for p in db_path.parent.iterdir() if "backup" in p.name] == []


# --- 14. private folders and files whatever the umask ------------------------------------------


@pytest.mark.parametrize("mask", [0, 0o077, 0o022])
def test_the_store_makes_every_folder_0700_and_every_file_0600_whatever_the_umask(
    mask: int, umask: None, tmp_path: Path
) -> None:
    os.umask(mask)
    db = tmp_path / "a" / "b" / "c" / "minutes.json"
    with Store(db) as store:
        store.save(in_progress_meeting())
        store.add(review_meeting(status=MeetingStatus.CLOSED))
        lock = lock_path_for(db)
        assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    for folder in (tmp_path / "a", tmp_path / "a" / "b", db.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for file in (db, live_path_for(db)):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_an_existing_parent_folder_is_left_as_it_was(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    with Store(shared / "mine" / "minutes.json"):
        pass
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "mine").stat().st_mode) == 0o700
