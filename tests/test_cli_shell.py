"""The command as a shell user meets it: database paths, data on stdout and talk on stderr, formats
chosen by a file's ending, tables that fit the terminal, every option on every command, completion."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.cli import build_parser, main, print_table
from facilitator.columns import cut
from facilitator.exporters.formats import format_names
from facilitator.paths import default_export_folder
from tests.conftest import review_meeting


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as done:  # argparse: --help, --version, a refused argument
        code = int(done.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(capsys, "import", "--demo", "--db", str(db_path))[0] == 0
    return db_path


# --- 2. paths: said what is wrong, a database made only where asked -------------------------


def test_a_folder_or_an_empty_name_as_db_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: --db . gave a traceback (ValueError: empty name); --db '' read the default database.
    default = Path(os.environ["FACILITATOR_DB"])
    for command in (["list"], ["actions"], ["show", "x"], ["export", "x", "--format", "md"], ["import", "--demo"]):
        for bad, words in ((".", "is a folder"), (str(tmp_path), "is a folder"), ("", "empty path")):
            code, out, err = run(capsys, *command, "--db", bad)
            assert code == 1 and out == "" and words in err and err.count("\n") == 1, (command, bad, err)
    assert not default.exists(), "--db '' fell back to the default database"


def test_the_app_on_a_folder_or_a_missing_folder_is_refused_before_it_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: `facilitator --db .` sat on "Opening your minutes…" for ever.
    opened: list[Path] = []
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(cli, "open_app", lambda path, demo=False: opened.append(path) or 0)
    for bad, words in ((".", "is a folder"), ("", "empty path"), (str(tmp_path / "no" / "m.json"), "does not exist")):
        code, _, err = run(capsys, "--db", bad)
        assert code == 1 and words in err and err.count("\n") == 1, (bad, err)
    assert opened == []
    code, _, err = run(capsys, "--db", str(tmp_path / "new.json"))  # a new file in a folder that is there
    assert code == 0 and opened == [tmp_path / "new.json"]


def test_a_named_database_that_is_not_there_is_said_not_shown_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: `list --db mistyped.json` said "No meetings yet", as if the minutes were gone.
    missing = tmp_path / "mistyped.json"
    for command in (["list"], ["list", "--json"], ["actions"], ["show", "x"], ["export", "x", "--format", "md"]):
        code, out, err = run(capsys, *command, "--db", str(missing))
        assert code == 1 and out == "" and f"no minutes database at {missing}" in err, (command, err)
    assert not missing.exists()


def test_the_default_database_not_made_yet_is_simply_empty(capsys: pytest.CaptureFixture[str]) -> None:
    default = Path(os.environ["FACILITATOR_DB"])  # the tests' default (conftest)
    code, out, err = run(capsys, "list")
    assert code == 0 and out == "" and err.strip() == f"No meetings yet in {default}. Try 'facilitator import --demo'."
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0 and json.loads(out) == []
    assert not default.exists(), "reading made a database"


def test_import_makes_a_new_database_only_in_a_folder_that_exists_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: import --db /no/such/dir/x.json made every missing folder, silently.
    deep = tmp_path / "no" / "such" / "minutes.json"
    code, out, err = run(capsys, "import", "--demo", "--db", str(deep))
    assert code == 1 and out == "" and f"the folder {deep.parent} does not exist" in err
    assert not (tmp_path / "no").exists()
    new = tmp_path / "new.json"
    code, out, err = run(capsys, "import", "--demo", "--db", str(new))
    assert code == 0 and f"Created a new minutes database at {new}." in err and out.count("Imported") == 3
    code, _, err = run(capsys, "import", "--demo", "--db", str(new))
    assert code == 0 and "Created" not in err


def test_a_file_where_the_folder_should_be_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, _, err = run(capsys, "import", "--demo", "--db", str(blocker / "minutes.json"))
    assert code == 1 and f"{blocker} is not a folder" in err and err.count("\n") == 1


# --- 3. the default export folder exists -------------------------------------------------------


def test_the_export_folder_falls_back_to_one_that_exists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: ~/Documents, whether or not it was there; an export to it then failed.
    from screens.minutes import default_export_path

    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))  # no user-dirs.dirs to read
    monkeypatch.chdir(tmp_path)
    assert default_export_folder() == tmp_path  # no home at all: the current folder
    home.mkdir()
    assert default_export_folder() == home  # a home without Documents
    (home / "Documents").mkdir()
    assert default_export_folder() == home / "Documents"
    assert default_export_path(review_meeting()).parent == home / "Documents"


# --- 10. data on stdout, talk on stderr ----------------------------------------------------------


def test_pipes_see_only_data(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: "No actions match.", "Add your own in …" and "Skipped …" went to stdout, into pipes and wc -l.
    db = ["--db", str(demo_db)]
    quiet = [
        ["actions", "--owner", "nobody", *db],
        ["actions", "--owner", "nobody", "--format", "csv", *db],
        ["import", "--demo", *db],  # every demo meeting is there: only "Skipped" to say
        ["export", "demo-nov", "-o", str(tmp_path / "m.md"), *db],
        ["actions", "-o", str(tmp_path / "a.csv"), *db],
    ]
    for argv in quiet:
        code, out, err = run(capsys, *argv)
        assert code == 0 and (err or "csv" in argv), argv
        assert out in ("", "\ufeff") or (out.startswith("What,") and out.count("\n") == 1), (argv, out)
    code, out, err = run(capsys, "templates", *db)
    assert code == 0 and "Add your own" in err and "Add your own" not in out
    assert len(out.splitlines()) == 5  # a header and the four built-in templates: nothing else
    code, out, _ = run(capsys, "list", *db)
    assert len(out.splitlines()) == 4  # a header and three meetings


DATA_LINES = {
    # import's report names each meeting added, one a line: what a script would read (like `cp -v`)
    'say(f"Imported {clean_line(meeting.id[:8])}  {meeting.date}  {clean_line(meeting.partnership)}")',
    'say("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip(), out=out)',  # a table
}


def test_every_line_printed_to_stdout_is_data() -> None:
    """A sweep of the source: say() of a literal is data only; a sentence for the user goes through _tell or warn."""
    source = Path(cli.__file__).read_text(encoding="utf-8")
    literal = [line.strip() for line in source.splitlines() if 'say(f"' in line or 'say("' in line]
    assert set(literal) - DATA_LINES == set()


# --- 11. formats ---------------------------------------------------------------------------------


def test_export_takes_its_format_from_the_files_ending(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(demo_db)]
    for ending, starts in ((".md", "# "), (".JSON", "{"), (".txt", "Minutes:"), (".csv", "\ufeff"), (".ics", "BEGIN")):
        target = tmp_path / f"out{ending}"  # not minutes.json: that is the database itself
        code, _, err = run(capsys, "export", "demo-nov", "-o", str(target), *db)
        assert code == 0 and target.read_text(encoding="utf-8").startswith(starts), (ending, err)
    code, _, err = run(capsys, "export", "demo-nov", "-o", str(tmp_path / "m2.md"), "--format", "json", *db)
    assert code == 1 and "does not match" in err and not (tmp_path / "m2.md").exists()
    code, _, err = run(capsys, "export", "demo-nov", "-o", str(tmp_path / "minutes.doc"), *db)
    assert code == 1 and "--format" in err and not (tmp_path / "minutes.doc").exists()
    code, _, err = run(capsys, "export", "demo-nov", "-o", str(tmp_path / "data.json"), *db)
    assert "the meeting's data" in err and "the minutes" not in err and "facilitator import" in err
    code, _, err = run(capsys, "actions", "--json", "-o", str(tmp_path / "actions.csv"), *db)
    assert code == 1 and "does not match" in err and not (tmp_path / "actions.csv").exists()
    code, _, err = run(capsys, "actions", "-o", str(tmp_path / "actions.ics"), *db)
    assert code == 0 and (tmp_path / "actions.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_show_and_export_take_the_same_formats(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def output(*argv: str) -> tuple[int, bytes]:
        """What the command writes to standard output, as bytes (a Word file is binary)."""
        stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        monkeypatch.setattr(sys, "stdout", stdout)
        code = main(list(argv))
        stdout.flush()
        return code, stdout.buffer.getvalue()  # type: ignore[attr-defined]

    class Frozen(datetime):  # one clock reading for both (a calendar's DTSTAMP, also in the e-mail's .ics)
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Frozen:
            return cls(2026, 11, 20, 9, 30, tzinfo=UTC)

    monkeypatch.setattr(cli, "datetime", Frozen)
    for output_format in format_names("meeting"):
        shown = output("show", "demo-nov", "--format", output_format, "--db", str(demo_db))
        exported = output("export", "demo-nov", "--format", output_format, "--db", str(demo_db))
        assert shown[0] == exported[0] == 0 and shown[1] == exported[1] and shown[1], output_format


# --- 9. tables fit the terminal --------------------------------------------------------------------


def test_tables_fit_the_terminal_and_wide_gives_everything(
    demo_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)  # a terminal 70 columns wide
    for command in (["list"], ["actions"], ["templates"]):
        code, out, _ = run(capsys, *command, "--db", str(demo_db))
        assert code == 0 and max(len(line) for line in out.splitlines()) <= 70, (command, out)
        assert "…" in out or command == ["templates"]  # the templates fit 70 columns already
        code, wide, _ = run(capsys, *command, "--wide", "--db", str(demo_db))
        assert "…" not in wide and (max(len(line) for line in wide.splitlines()) > 70 or command == ["templates"])
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: False)  # COLUMNS still 70: a pipe gets all the same
    code, piped, _ = run(capsys, "actions", "--db", str(demo_db))  # not a terminal: every cell in full
    assert "…" not in piped


def test_a_cut_falls_between_words_and_keeps_a_paths_end() -> None:
    assert cut("Ask the youth forum about opening hours", 16) == "Ask the youth…"
    assert cut("Confirm, then book", 10) == "Confirm…"
    assert cut("Supercalifragilistic", 8) == "Superca…"  # one word longer than the column: no other way
    path = "/home/denise/.config/facilitator/templates/youth-forum.toml"
    assert cut(path, 30, keep_end=True) == "…/templates/youth-forum.toml"
    assert cut("名前名前名前名前", 7) == "名前名…"  # wide characters count two columns each


def test_a_table_with_wide_characters_stays_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    print_table(["A", "B"], [["名前", "x"], ["ab", "y"]])
    first, second, third = capsys.readouterr().out.splitlines()
    assert first == "A     B" and second == "名前  x" and third == "ab    y"  # 名前 takes 4 columns


# --- 12. every command: --db, --help; -V; completion -------------------------------------------------


def test_every_command_takes_db_and_help(capsys: pytest.CaptureFixture[str], demo_db: Path) -> None:
    # Before: templates --db was refused.
    commands = [name for name in build_parser()._subparsers._group_actions[0].choices]  # type: ignore[union-attr]
    assert {"demo", "list", "show", "export", "import", "actions", "templates", "completion"} <= set(commands)
    for command in commands:
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and "--db" in out, command
    code, out, _ = run(capsys, "templates", "--db", str(demo_db))
    assert code == 0 and "partnership-review" in out
    for flag in ("-V", "--version"):
        code, out, _ = run(capsys, flag)
        assert code == 0 and out.startswith("facilitator ")


def test_completion_scripts_name_every_command_and_option(capsys: pytest.CaptureFixture[str]) -> None:
    for shell in ("bash", "zsh", "fish"):
        code, script, _ = run(capsys, "completion", shell)
        assert code == 0
        for word in ("list", "show", "export", "import", "actions", "templates", "db", "wide", "csv"):
            assert word in script, (shell, word)
    code, _, err = run(capsys, "completion", "tcsh")
    assert code == 2 and "invalid choice" in err


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("facilitator ", {"list", "show", "export", "templates", "completion", "--db"}),
        ("facilitator ex", {"export"}),
        ("facilitator export demo --format ", {"md", "txt", "json", "csv", "ics"}),
        ("facilitator actions --o", {"--open", "--output", "--overdue", "--owner"}),
        ("facilitator completion ", {"bash", "zsh", "fish"}),
    ],
)
def test_bash_completion_completes(line: str, expected: set[str], capsys: pytest.CaptureFixture[str]) -> None:
    script = run(capsys, "completion", "bash")[1]
    words = line.split(" ")
    probe = (
        f"{script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; "
        '_facilitator; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(["bash", "--norc", "-c", probe], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert expected <= set(done.stdout.split()), done.stdout


def test_the_demo_marks_every_screens_header() -> None:
    from facilitator.tinydb_store import Store
    from screens.app import FacilitatorApp

    demo = FacilitatorApp(Path("unused.json"), open_repository=Store, demo=True)
    plain = FacilitatorApp(Path("unused.json"), open_repository=Store)
    assert demo.format_title("Minutes", "Mon").plain.startswith("DEMO")
    assert "DEMO" not in plain.format_title("Minutes", "Mon").plain
