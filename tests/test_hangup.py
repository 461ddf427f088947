"""Closing the terminal (SIGHUP) or a SIGTERM saves what was typed before the app ends, as ctrl+q does.

A real process in a real pseudo-terminal: the app on a copy of the demo minutes, with an
autosave delay of a minute so that nothing typed reaches the disk by itself, a note typed into
the meeting in progress, then the signal. Before, the default action of either signal ended the
process at once and the note was lost.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from facilitator.tinydb_store import Store
from tests.test_faults import LIVE_ID, ROOT, place_minutes

# The app as `facilitator` runs it, but with autosave held back for a minute.
APP = (
    "import sys\n"
    "from pathlib import Path\n"
    "from facilitator.tinydb_store import Store\n"
    "from screens.app import FacilitatorApp\n"
    "FacilitatorApp(Path(sys.argv[1]), open_repository=Store, autosave_delay=60, autosave_max_wait=120,"
    " config_dir=Path(sys.argv[2])).run()\n"
)
F3 = b"\x1bOR"
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """The app running in a pseudo-terminal of 100 x 30; what it has drawn so far, as bytes."""

    def __init__(self, minutes: Path, config: Path) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the app, with the pseudo-terminal as its controlling terminal
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-c", APP, str(minutes), str(config)], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.seen = b""

    def read_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.seen += chunk

    def wait_for(self, pattern: bytes, seconds: float = 30) -> None:
        """Read until text matching ``pattern`` has been drawn since now (escape sequences left out), bounded."""
        mark = len(self.seen)
        end = time.monotonic() + seconds
        while not re.search(pattern, ESCAPES.sub(b"", self.seen[mark:])):
            assert time.monotonic() < end, f"{pattern!r} never appeared; last drawn: {self.seen[-400:]!r}"
            self.read_for(0.05)

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def ended(self, seconds: float = 30) -> int:
        """Wait for the app to end, reading what it draws meanwhile; its wait status."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return status
            self.read_for(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("the app did not end after the signal")

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_closing_the_terminal_saves_what_was_typed(tmp_path: Path, signum: int) -> None:
    minutes = place_minutes(tmp_path / "minutes")  # the demo history and a review in progress, on Close
    terminal = Terminal(minutes, tmp_path / "config")
    try:
        terminal.wait_for(b"resume it")  # the home screen has read the minutes
        terminal.type(b"r")
        # The step's clock has ticked: the meeting screen is up and has placed the focus. A key sent
        # sooner can land before that settles, and the typing then goes nowhere.
        terminal.wait_for(rb"Close[^\n]*on this step 0:(?!00)[0-9]{2}")
        terminal.type(F3)
        terminal.wait_for(rb"What worked[^\n]*on this step 0:(?!00)[0-9]{2}")
        terminal.type(b"Zanzibar\r")
        terminal.wait_for(rb"What worked\s*9")  # the step counts a ninth note: it is entered
        with Store(minutes, readonly=True) as reader:
            assert "Zanzibar" not in [note.text for note in reader.get(LIVE_ID).notes], "saved too soon to tell"
        os.kill(terminal.pid, signum)
        terminal.ended()
    finally:
        terminal.close()
    with Store(minutes, readonly=True) as reader:
        assert "Zanzibar" in [note.text for note in reader.get(LIVE_ID).notes]


def test_a_sigcont_without_a_suspend_leaves_the_terminal_driver_alone() -> None:
    # Closing the terminal sends SIGHUP and then SIGCONT. Textual's driver took the SIGCONT as a return
    # from ctrl+z and started a second output thread inside the signal handler; about one hang-up in
    # fifteen then deadlocked on the output queue, and the process never ended.
    from screens.app import _resume_only_after_a_suspend

    calls: list[str] = []
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTSTP, signal.SIGCONT)}
    signal.signal(signal.SIGTSTP, lambda *_: calls.append("suspend"))
    signal.signal(signal.SIGCONT, lambda *_: calls.append("resume"))
    try:
        _resume_only_after_a_suspend()
        signal.raise_signal(signal.SIGCONT)  # as after a hang-up
        assert calls == []
        signal.raise_signal(signal.SIGTSTP)  # ctrl+z: the driver's handler runs (here, without stopping)
        signal.raise_signal(signal.SIGCONT)  # fg
        signal.raise_signal(signal.SIGCONT)  # a second one is not a return from a suspend
        assert calls == ["suspend", "resume"]
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
