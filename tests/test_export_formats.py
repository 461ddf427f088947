"""The exporter table: every format's bytes pinned, and a format added from a test reaches the CLI and the writer.

The pins are sha256 digests of what each format wrote for the demo meetings before the table
existed (DTSTAMP, the one clock reading in a calendar, masked), so moving a format into the
table, or changing the writer, cannot change a byte of any export unnoticed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.cli import main
from facilitator.exporters.writer import write_meeting
from facilitator.meeting_files import demo_meetings

NOW = dt.datetime(2026, 11, 20, 9, 30, 15, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 20)
MEETING_FORMATS = ("md", "txt", "json", "csv", "ics")  # the formats there were before the table
ACTIONS_FORMATS = ("txt", "csv", "json", "ics")
_STAMP = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z")

# (command, format, where) -> the first 16 hex digits of the sha256 of the bytes written.
PINS: dict[str, str] = {
    "actions csv file": "d78a490499ed22c7",
    "actions csv stdout": "4ca4c22b7eae4260",
    "actions ics file": "0b314c813035c58b",
    "actions ics stdout": "0b314c813035c58b",
    "actions json file": "33fc7d1a0058f232",
    "actions json stdout": "33fc7d1a0058f232",
    "actions txt file": "014bd1909b3ae1d2",
    "actions txt stdout": "014bd1909b3ae1d2",
    "export csv file": "8176872ca28271e7",
    "export csv stdout": "8f455cdb0133ae19",
    "export ics file": "4f3f175649d0cbfe",
    "export ics stdout": "4f3f175649d0cbfe",
    "export json file": "0b759f1bbc8f7a07",
    "export json stdout": "0b759f1bbc8f7a07",
    "export md file": "ba59cf97a76903f8",
    "export md stdout": "ba59cf97a76903f8",
    "export txt file": "255b2f1b60093859",
    "export txt stdout": "255b2f1b60093859",
    "show csv stdout": "8f455cdb0133ae19",
    "show ics stdout": "4f3f175649d0cbfe",
    "show json stdout": "0b759f1bbc8f7a07",
    "show md stdout": "ba59cf97a76903f8",
    "show txt stdout": "255b2f1b60093859",
    "writer .csv file": "8176872ca28271e7",
    "writer .ics file": "4f3f175649d0cbfe",
    "writer .json file": "717c9791a56e0e7b",
    "writer .md file": "ba59cf97a76903f8",
}


def digest(data: bytes) -> str:
    return hashlib.sha256(_STAMP.sub(b"DTSTAMP:MASKED", data)).hexdigest()[:16]


def run_binary(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> bytes:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def demo_db(db_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> Path:
    run_binary(capsysbinary, "import", "--demo", "--db", str(db_path))
    monkeypatch.setattr(cli, "current_date", lambda: TODAY)
    return db_path


def cli_outputs(db: Path, folder: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> dict[str, str]:
    """What show, export and actions write, to standard output and to a file, in every format they take."""
    got: dict[str, str] = {}
    for command, formats in (("export", MEETING_FORMATS), ("actions", ACTIONS_FORMATS)):
        target = ["demo-nov"] if command == "export" else []
        for output_format in formats:
            base = [command, *target, "--format", output_format, "--db", str(db)]
            got[f"{command} {output_format} stdout"] = digest(run_binary(capsysbinary, *base))
            path = folder / f"{command}-{output_format}.out"
            run_binary(capsysbinary, *base, "-o", str(path))
            got[f"{command} {output_format} file"] = digest(path.read_bytes())
    for output_format in MEETING_FORMATS:
        shown = run_binary(capsysbinary, "show", "demo-nov", "--format", output_format, "--no-pager", "--db", str(db))
        got[f"show {output_format} stdout"] = digest(shown)
    return got


def writer_outputs(folder: Path) -> dict[str, str]:
    """What the app's writer (the minutes screen's x, save a copy) writes for each ending it takes."""
    meetings = demo_meetings()
    meeting = max(meetings, key=lambda m: m.date)
    history = [m for m in meetings if m.partnership == meeting.partnership]
    got: dict[str, str] = {}
    for ending in (".md", ".json", ".csv", ".ics"):
        path = folder / f"writer{ending}"
        write_meeting(meeting, path, now=NOW, history=history, db_path=None)
        got[f"writer {ending} file"] = digest(path.read_bytes())
    return got


def test_every_format_writes_the_bytes_it_always_has(
    demo_db: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    got = {**cli_outputs(demo_db, tmp_path, capsysbinary), **writer_outputs(tmp_path)}
    assert got == PINS
