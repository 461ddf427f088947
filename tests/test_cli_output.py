"""Every line the command prints is neutralised, and every bad path is one line, never a traceback.

Two sweeps over every subcommand: one with hostile text in each place a user or a file can put
it (a meeting id, a partnership, a database path, a template's file name, an import file's
field, an argument argparse refuses); one with each way a path can be wrong (not a directory,
a name too long, a loop of links, permission denied, a full device for the output).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.meeting_files import meeting_json
from facilitator.model import MeetingStatus
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting

ROOT = Path(__file__).resolve().parent.parent

# A colour change, OSC 52 (set the clipboard), a one-byte CSI, a right-to-left override, an isolate,
# zero-width characters and tag characters that hide text.
HOSTILE = (
    "\x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 \x9b2J \u202eevil\u202c \u2066x\u2069 \x7f"
    " hid\u200bden\ufeff \u200dx \U000e0041\U000e0042"
)
BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
INVISIBLE = {0x180E, 0x200B, *range(0x2060, 0x2065), 0xFEFF, *range(0xE0000, 0xE0080)}


def raw_controls(text: str, *, crlf: bool = False) -> set[str]:
    """Characters a terminal would act on rather than show (C0 but line breaks, DEL, C1, bidi), and
    invisible ones that hide text (zero-width, tags)."""
    if crlf:
        text = text.replace("\r\n", "\n")  # CSV and iCalendar lines end in CRLF by their standards
    hidden = BIDI | INVISIBLE
    return {ch for ch in text if (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F or ord(ch) in hidden}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as done:  # argparse: --help, or a refused argument
        code = int(done.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile_db(tmp_path: Path) -> tuple[Path, str]:
    """A database in a folder named with escape sequences, holding a meeting whose names carry them."""
    folder = tmp_path / f"minutes{HOSTILE.replace('/', '')}"
    folder.mkdir()  # import makes a new database, not a missing folder
    db = folder / "minutes.json"
    meeting = review_meeting(partnership=f"Youth {HOSTILE} Team", status=MeetingStatus.CLOSED)
    # (An id with escapes in it is refused at import, so the hostile id goes in as a reference below.)
    meeting.venue = HOSTILE
    for action in meeting.actions:
        action.owner = f"Paul {HOSTILE}"
    meeting.attendees[1].name = f"Paul {HOSTILE}"
    source = tmp_path / "hostile.json"
    source.write_text(meeting_json(meeting), encoding="utf-8")
    assert main(["import", str(source), "--db", str(db)]) == 0
    return db, meeting.id


def test_no_raw_control_character_reaches_stdout_or_stderr_from_any_command(
    hostile_db: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, meeting_id = hostile_db
    config = tmp_path / "config"
    (config / "templates").mkdir(parents=True)
    (config / "templates" / f"bad{HOSTILE.replace('/', '')}.toml").write_text("x")
    (config / "templates" / "broken.toml").write_text(f'name = "{HOSTILE}"\nnonsense{HOSTILE} = 1\n')
    monkeypatch.setenv("FACILITATOR_CONFIG", str(config))
    monkeypatch.setenv("FACILITATOR_DB", str(tmp_path / f"default{HOSTILE.replace('/', '')}" / "minutes.json"))
    bad_field = tmp_path / "bad-field.json"
    bad_field.write_text(json.dumps({"id": "x", "schema": 4, f"field{HOSTILE}": 1, "partnership": HOSTILE}))
    empty = tmp_path / f"empty\nline{HOSTILE.replace('/', '')}" / "minutes.json"  # a line break too
    out_file = tmp_path / f"out{HOSTILE.replace('/', '')}.md"
    d = ["--db", str(db)]
    runs: list[list[str]] = [
        ["list", *d],
        ["list", "--json", *d],
        ["list", "--db", str(empty)],  # named and missing: an error, with its path
        ["list"],  # the default, not made yet: "No meetings yet in PATH", on stderr
        *(["show", meeting_id, "--format", f, *d] for f in ("txt", "md", "json")),
        ["show", meeting_id[:3], *d],  # a start of the id
        ["show", f"nothing{HOSTILE}", *d],  # no such meeting: the reference in the message
        *(["export", meeting_id, "--format", f, *d] for f in ("md", "json", "csv", "ics")),
        ["export", meeting_id, "--format", "md", "-o", str(out_file), *d],
        ["export", meeting_id, "--format", "md", "-o", str(out_file), *d],  # exists: refused, path in message
        *(["actions", "--format", f, *d] for f in ("txt", "csv", "json", "ics")),
        ["actions", "--owner", HOSTILE, *d],
        ["actions", "--partnership", f"zzz{HOSTILE}", "--format", "ics", *d],
        ["import", str(bad_field), *d],
        ["import", str(tmp_path / f"missing{HOSTILE.replace('/', '')}.json"), *d],
        ["import", "--demo", *d],
        ["templates"],
        ["templates", "--json"],
        ["show", meeting_id, "--format", HOSTILE, *d],  # argparse: invalid choice
        [HOSTILE],  # argparse: unknown command
        ["list", "--db"],  # argparse: a missing value
    ]
    for argv in runs:
        code, out, err = run(capsys, *argv)
        crlf = any(f in argv for f in ("csv", "ics"))
        assert not raw_controls(out, crlf=crlf), (argv, sorted(raw_controls(out, crlf=crlf)))
        assert not raw_controls(err), (argv, sorted(raw_controls(err)))
        assert "Traceback" not in err, argv
        if code == 1:
            assert len(err.strip().splitlines()) == 1 or argv[0] == "templates", (argv, err)
        if argv == ["list"]:
            assert out == "" and err.startswith("No meetings yet in ") and len(err.splitlines()) == 1, err


# --- bad paths, one line each ---------------------------------------------------------------


def bad_paths(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    return {
        "not a directory": a_file / "minutes.json",
        "name too long": tmp_path / ("x" * 300),
        "symlink loop": loop,
        "loop in a folder": loop / "minutes.json",
    }


def commands(db: str, meeting_id: str, good_db: str) -> dict[str, Callable[[str], list[str]]]:
    """Each subcommand, with the bad path put in each place a path goes."""
    return {
        "list --db": lambda bad: ["list", "--db", bad],
        "list --json --db": lambda bad: ["list", "--json", "--db", bad],
        "show --db": lambda bad: ["show", meeting_id, "--db", bad],
        "export --db": lambda bad: ["export", meeting_id, "--format", "md", "--db", bad],
        "export -o": lambda bad: ["export", meeting_id, "--format", "md", "-o", bad, "--db", good_db],
        "export -o --force": lambda bad: [
            "export",
            meeting_id,
            "--format",
            "csv",
            "-o",
            bad,
            "--force",
            "--db",
            good_db,
        ],
        "import --db": lambda bad: ["import", "--demo", "--db", bad],
        "import FILE": lambda bad: ["import", bad, "--db", db],
        "actions --db": lambda bad: ["actions", "--db", bad],
        "actions -o": lambda bad: ["actions", "--format", "ics", "-o", bad, "--db", good_db],
    }


def test_every_bad_path_in_every_command_is_one_line_and_exit_1(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = review_meeting(status=MeetingStatus.CLOSED)
    with Store(db_path) as store:
        store.add(meeting)
    for problem, bad in bad_paths(tmp_path).items():
        for name, argv in commands(str(tmp_path / "other.json"), meeting.id, str(db_path)).items():
            code, out, err = run(capsys, *argv(str(bad)))
            assert code == 1, (problem, name, out, err)
            assert "Traceback" not in err and len(err.strip().splitlines()) == 1, (problem, name, err)
            assert err.startswith("facilitator: "), (problem, name, err)


def test_a_bad_config_folder_for_templates_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for problem, bad in bad_paths(tmp_path).items():
        monkeypatch.setenv("FACILITATOR_CONFIG", str(bad))
        code, out, err = run(capsys, "templates")
        assert "Traceback" not in err, (problem, err)
        assert code in (0, 1) and "partnership-review" in out, problem  # the built-in ones still listed
        problems = [line for line in err.splitlines() if line.startswith("facilitator:")]  # not the advice
        assert len(problems) <= 1 and "Traceback" not in err, (problem, err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes whatever the permissions")
def test_permission_denied_is_one_line(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = review_meeting(status=MeetingStatus.CLOSED)
    with Store(db_path) as store:
        store.add(meeting)
    shut = tmp_path / "shut"
    shut.mkdir(mode=0o000)
    try:
        for name, argv in commands(str(db_path), meeting.id, str(db_path)).items():
            code, _, err = run(capsys, *argv(str(shut / "minutes.json")))
            assert code == 1 and len(err.strip().splitlines()) == 1 and "ermission denied" in err, (name, err)
    finally:
        shut.chmod(0o700)


@pytest.mark.parametrize(
    "argv",
    [["list"], ["show", "{id}"], ["export", "{id}", "--format", "csv"], ["actions"], ["templates"]],
    ids=lambda argv: argv[0],
)
def test_output_to_a_full_device_is_one_line_and_exit_1(argv: list[str], db_path: Path) -> None:
    meeting = review_meeting(status=MeetingStatus.CLOSED)
    with Store(db_path) as store:
        store.add(meeting)
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "facilitator", *(a.format(id=meeting.id) for a in argv)]
            + ([] if argv == ["templates"] else ["--db", str(db_path)]),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == "facilitator: could not write the output: No space left on device", done.stderr
