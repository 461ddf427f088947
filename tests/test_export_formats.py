"""The exporter table: every format's bytes pinned, and a format added from a test reaches the CLI and the writer.

The pins are sha256 digests of what each format wrote for the demo meetings before the table
existed (DTSTAMP, the one clock reading in a calendar, masked), so moving a format into the
table, or changing the writer, cannot change a byte of any export unnoticed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.cli import main
from facilitator.exporters.formats import (
    FORMATS,
    ActionsExport,
    ExportFormat,
    MeetingExport,
    Renderer,
    app_prompt,
)
from facilitator.exporters.writer import write_meeting
from facilitator.meeting_files import demo_meetings

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 20, 9, 30, 15, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 20)
MEETING_FORMATS = ("md", "txt", "json", "csv", "ics")  # the formats there were before the table
ACTIONS_FORMATS = ("txt", "csv", "json", "ics")
_STAMP = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z")

# (command, format, where) -> the first 16 hex digits of the sha256 of the bytes written.
# The JSON pins changed once, with schema 6 (what each step captured is kept under its step); every
# format people read (md, txt, csv, ics) kept its bytes through that change. They changed on purpose with
# issue 15: minutes item by item with a summary, empty sections left out, a note's kind following its step,
# actions keeping their agenda item (the demo data's actions gained theirs, and the demo meetings a summary);
# the CSV gained a last column, "Due as agreed" (the words of an approximate date), and the JSON is schema 7.
PINS: dict[str, str] = {
    "actions csv file": "c89e0650baba5388",
    "actions csv stdout": "bccfc8487e006223",
    "actions ics file": "0b314c813035c58b",
    "actions ics stdout": "0b314c813035c58b",
    "actions json file": "6d59ba1f67ef32db",
    "actions json stdout": "6d59ba1f67ef32db",
    "actions txt file": "014bd1909b3ae1d2",
    "actions txt stdout": "014bd1909b3ae1d2",
    "export csv file": "0b3f3b33213897f4",
    "export csv stdout": "a9889e5532053059",
    "export ics file": "4f3f175649d0cbfe",
    "export ics stdout": "4f3f175649d0cbfe",
    "export json file": "2d16a051725b0d06",
    "export json stdout": "2d16a051725b0d06",
    "export md file": "7ae101559ac0d4cf",
    "export md stdout": "7ae101559ac0d4cf",
    "export txt file": "5cbc7e7c1da5ea2b",
    "export txt stdout": "5cbc7e7c1da5ea2b",
    "show csv stdout": "a9889e5532053059",
    "show ics stdout": "4f3f175649d0cbfe",
    "show json stdout": "2d16a051725b0d06",
    "show md stdout": "7ae101559ac0d4cf",
    "show txt stdout": "5cbc7e7c1da5ea2b",
    "writer .csv file": "0b3f3b33213897f4",
    "writer .ics file": "4f3f175649d0cbfe",
    "writer .json file": "6d9af85d35e5bcd1",
    "writer .md file": "7ae101559ac0d4cf",
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


# --- a format added from a test: one table entry plus its renderer ---------------------------------


def tsv_meeting(what: MeetingExport) -> str:
    """The extra format's renderer: one line per action, tab-separated, CRLF line endings."""
    return "".join(f"{action.owner}\t{action.text}\r\n" for action in what.meeting.actions)


def tsv_actions(what: ActionsExport) -> str:
    return "".join(f"{row.action.owner}\t{row.action.text}\r\n" for row in what.rows)


TSV = ExportFormat(
    "tsv",
    (".tsv",),
    "the owners",
    meeting=Renderer("who does what, for a test", tsv_meeting),
    actions=Renderer("who does what, for a test", "tests.test_export_formats:tsv_actions"),  # imported when used
    prompt="owners",
    encoding="utf-8-sig",
    newline="\r\n",
)


@pytest.fixture
def with_tsv(monkeypatch: pytest.MonkeyPatch) -> ExportFormat:
    monkeypatch.setitem(FORMATS, TSV.name, TSV)
    return TSV


def test_a_format_added_to_the_table_is_exported_by_the_command_and_the_writer(
    with_tsv: ExportFormat, demo_db: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    db = ["--db", str(demo_db)]
    meeting = max(demo_meetings(), key=lambda m: m.date)
    expected = tsv_meeting(MeetingExport(meeting, now=NOW)).encode("utf-8")
    assert expected.count(b"\r\n") == len(meeting.actions) > 0

    # --format NEW to standard output: byte for byte (its own CRLF), no byte order mark on a pipe
    assert run_binary(capsysbinary, "export", "demo-nov", "--format", "tsv", *db) == expected
    assert run_binary(capsysbinary, "show", "demo-nov", "--format", "tsv", *db) == expected
    # -o FILE.TSV: the ending chooses it; the file gets the table's encoding (a byte order mark)
    target = tmp_path / "owners.TSV"
    main(["export", "demo-nov", "-o", str(target), *db])
    assert "Wrote the owners of 2026-11-16" in capsysbinary.readouterr().err.decode()
    assert target.read_bytes() == b"\xef\xbb\xbf" + expected
    # the actions list through the lazily imported renderer
    listed = run_binary(capsysbinary, "actions", "--format", "tsv", *db)
    assert listed.endswith(b"\r\n") and meeting.actions[0].text.encode("utf-8") in listed
    # the app's writer (the minutes screen's x) takes the new ending too
    written = tmp_path / "from-the-app.tsv"
    assert write_meeting(meeting, written, now=NOW, db_path=demo_db) == "tsv"
    assert written.read_bytes() == b"\xef\xbb\xbf" + expected


def test_the_table_drives_the_help_the_choices_and_the_app_prompt(
    with_tsv: ExportFormat, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("export", "actions"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        shown = " ".join(capsys.readouterr().out.split())
        assert "tsv: who does what, for a test" in shown and ",tsv}" in shown, shown
    assert app_prompt().endswith(".tsv owners")
    assert main(["export", "demo-nov", "-o", "minutes.doc"]) == 1  # an ending no format takes: refused before any read
    assert ".tsv, .txt, or give --format" in capsys.readouterr().err


def test_the_table_and_its_users_import_no_renderer_until_one_is_used() -> None:
    """The app reads the table for its prompt: that must not import the store (TinyDB) or any renderer,
    so a format with a heavy optional library (a Word file) costs nothing at start-up."""
    probe = (
        "import sys, facilitator.exporters.formats as f; f.app_prompt(); f.format_help('meeting'); "
        "loaded = [m for m in sys.modules if m.startswith(('tinydb', 'facilitator.tinydb_store', "
        "'facilitator.minutes', 'facilitator.exporters.'))]; print(sorted(loaded))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "['facilitator.exporters.formats']"
