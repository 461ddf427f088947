"""The app and `show` where a terminal matters, run as real processes: with no terminal, in a pty, ended
by SIGTERM or by the terminal closing (SIGHUP)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.tinydb_store import Store
from tests.conftest import review_meeting

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "facilitator"]


def facilitator(*argv: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60, **options)  # type: ignore[call-overload, no-any-return]


# --- 1. the app refuses at once without a terminal -------------------------------------------


@pytest.mark.parametrize("argv", [[], ["demo"]], ids=["app", "demo"])
def test_the_app_without_a_terminal_refuses_in_one_line_at_once(argv: list[str], db_path: Path) -> None:
    # Before: stdin at /dev/null made the app spin one core for ever (this timed out).
    db = ["--db", str(db_path)] if not argv else []
    started = time.monotonic()
    done = facilitator(*argv, *db, stdin=subprocess.DEVNULL)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "needs a terminal" in done.stderr
    # Every command on the minutes that works without a terminal is named (`search` and `sync` were missing):
    # all of them but the demo, and `completion`, which prints a script for the shell.
    from facilitator.cli import NO_TERMINAL_COMMANDS, build_parser

    commands = set(build_parser()._subparsers._group_actions[0].choices) - {"demo", "completion"}  # type: ignore[union-attr, arg-type]
    assert commands == {word.strip(",") for word in NO_TERMINAL_COMMANDS.split() if word != "and"}
    assert NO_TERMINAL_COMMANDS in done.stderr
    assert time.monotonic() - started < 30
    assert not db_path.exists(), "no database made for an app that never opened"


def test_the_app_with_output_into_a_pipe_refuses_too(db_path: Path) -> None:
    primary, secondary = pty.openpty()
    try:
        done = facilitator("--db", str(db_path), stdin=secondary)  # a terminal to read, but output to a pipe
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 1 and "standard output is not one" in done.stderr


# --- 4. the demo in a real terminal: marked, and its folder removed however it ends ----------


class Terminal:
    """A process in a pty of its own (its controlling terminal), with everything it draws collected."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes the command
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "facilitator", *argv], env)
        self.screen = b""
        self.closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self.closed:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.1)
                if ready:
                    chunk = os.read(self.fd, 65536)
                    if not chunk:
                        return
                    self.screen += chunk
            except OSError:
                return

    def wait_for(self, text: bytes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            assert time.monotonic() < deadline, f"{text!r} never appeared: {self.screen[-500:]!r}"
            time.sleep(0.05)

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: the kernel sends SIGHUP."""
        self.closed = True
        os.close(self.fd)

    def exit_code(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("the process did not end")

    def stop(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self.fd)


@pytest.fixture
def demo_env(tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    yield env, temp


def _demo_folder(temp: Path) -> Path:
    deadline = time.monotonic() + 30
    while True:
        found = [p for p in temp.glob("facilitator-demo-*") if (p / "minutes.json").exists()]
        if found:
            return found[0]
        assert time.monotonic() < deadline, "the demo made no folder"
        time.sleep(0.05)


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGHUP", "the terminal closed"])
def test_the_demo_removes_its_folder_when_ended_by_a_signal(demo_env: tuple[dict[str, str], Path], ending: str) -> None:
    # Before: SIGTERM and SIGHUP killed the process at once and the demo's copy stayed in the temp folder.
    env, temp = demo_env
    terminal = Terminal(["demo"], env)
    try:
        folder = _demo_folder(temp)
        terminal.wait_for(b"DEMO")  # drawn, with its mark in the header
        if ending == "the terminal closed":
            terminal.hang_up()
        else:
            os.kill(terminal.pid, getattr(signal, ending))
        terminal.exit_code()
    finally:
        terminal.stop()
    assert not folder.exists(), f"the demo's folder was left behind after {ending}"


def test_the_demo_says_on_quitting_that_nothing_was_kept(demo_env: tuple[dict[str, str], Path]) -> None:
    env, temp = demo_env
    terminal = Terminal(["demo"], env)
    try:
        folder = _demo_folder(temp)
        terminal.wait_for(b"DEMO")
        terminal.wait_for(b"Quit")  # the footer: the app is ready for keys
        os.write(terminal.fd, b"\x11")  # ctrl+q
        terminal.wait_for(b"were not kept")
        assert terminal.exit_code() == 0
    finally:
        terminal.stop()
    assert not folder.exists()


# --- 9. show pages through $PAGER on a terminal, and never into a pipe ------------------------


def test_show_pages_through_the_pager_on_a_terminal_only(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as store:
        store.add(review_meeting(id="paged-meeting"))
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "PAGER": f"tee {paged}", "TERM": "dumb"}
    terminal = Terminal(["show", "paged", "--db", str(db_path)], env)
    try:
        assert terminal.exit_code() == 0
    finally:
        terminal.stop()
    assert "Youth Resource Centre" in paged.read_text(encoding="utf-8")

    paged.unlink()
    done = facilitator("show", "paged", "--db", str(db_path), env=env)  # into a pipe: printed, not paged
    assert done.returncode == 0 and "Youth Resource Centre" in done.stdout and not paged.exists()
