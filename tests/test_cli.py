"""The ``facilitator`` command, run as a person would from a shell (in-process for speed)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import icalendar
import pytest

from facilitator import __version__, cli
from facilitator.cli import main
from facilitator.model import Meeting, MeetingStatus
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, _ = run(capsys, "import", "--demo", "--db", str(db_path))
    assert code == 0 and out.count("Imported") >= 2
    return db_path


def test_version_and_help_on_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and __version__ in capsys.readouterr().out
    commands = ["demo", "list", "show", "export", "import", "actions"]
    for command in [None, *commands]:
        with pytest.raises(SystemExit) as done:
            main([command, "--help"] if command else ["--help"])
        assert done.value.code == 0
        assert "--db" in capsys.readouterr().out


def test_list_shows_the_demo_meetings_newest_first(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--db", str(demo_db))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["ID", "Date", "Status"]
    dates = [line.split()[1] for line in lines[1:]]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 2
    assert "Denise Godfrey" in out


def test_list_json_is_an_array_of_meetings(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "list", "--json")
    meetings = json.loads(out)
    assert code == 0 and isinstance(meetings, list) and len(meetings) >= 2
    assert {"id", "date", "partnership", "status"} <= set(meetings[0])
    assert meetings[0]["date"] >= meetings[-1]["date"]


def test_the_database_comes_from_the_environment_when_no_flag_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = tmp_path / "from-env.json"
    monkeypatch.setenv("FACILITATOR_DB", str(chosen))
    assert run(capsys, "import", "--demo")[0] == 0
    assert chosen.exists()
    assert len(json.loads(run(capsys, "list", "--json")[1])) >= 2


def test_show_and_export_give_the_minutes_the_partnerships_health_trend(
    demo_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, text, _ = run(capsys, "show", "demo-nov", "--db", str(demo_db))
    assert code == 0 and "Health over time" in text and "2 → 2 → 4" in text
    target = tmp_path / "nov.md"
    code, _, _ = run(capsys, "export", "demo-nov", "--format", "md", "-o", str(target), "--db", str(demo_db))
    assert code == 0 and "Meetings of 10 Nov 2025, 11 May 2026, 16 Nov 2026" in target.read_text(encoding="utf-8")
    # The first review has nothing earlier to compare with.
    assert "Health over time" not in run(capsys, "show", "demo-first", "--db", str(demo_db))[1]


def test_show_finds_a_meeting_by_the_start_of_its_id_in_each_format(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newest = json.loads(run(capsys, "list", "--json", "--db", str(demo_db))[1])[0]
    prefix = newest["id"][:6]
    code, markdown, _ = run(capsys, "show", prefix, "--format", "md", "--db", str(demo_db))
    assert code == 0 and markdown.startswith("# ") and "| " in markdown
    code, text, _ = run(capsys, "show", prefix, "--db", str(demo_db))
    assert code == 0 and "Paul Howard" in text and "# " not in text
    code, raw, _ = run(capsys, "show", prefix, "--format", "json", "--db", str(demo_db))
    assert code == 0 and json.loads(raw)["id"] == newest["id"]


def test_an_exported_meeting_imports_into_another_database_unchanged(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newest = json.loads(run(capsys, "list", "--json", "--db", str(demo_db))[1])[0]["id"]
    exported = tmp_path / "meeting.json"
    code, _, err = run(capsys, "export", newest, "--format", "json", "-o", str(exported), "--db", str(demo_db))
    assert code == 0 and str(exported) in err
    assert json.loads(exported.read_text())["id"] == newest
    other = tmp_path / "other.json"
    assert run(capsys, "import", str(exported), "--db", str(other))[0] == 0
    with Store(demo_db, readonly=True) as first, Store(other, readonly=True) as second:
        assert second.get(newest) == first.get(newest)
    code, out, err = run(capsys, "import", str(exported), "--db", str(other))  # again: already there, as it is
    assert code == 0 and "Skipped 1 meeting(s)" in err and out == ""
    code, markdown, _ = run(capsys, "export", newest[:8], "--format", "md", "--db", str(demo_db))
    assert code == 0 and markdown.startswith("# ")


def test_importing_the_demo_twice_skips_what_is_there(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import", "--demo", "--db", str(demo_db))
    assert code == 0 and "Skipped" in err and "Imported" not in out + err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ('{"schema": 2, "id": "x", "partnership": "P"}', "date: is missing"),
        ('{"schema": 2, "id": "x", "partnership": "P", "date": "2026-02-30"}', "not a real date"),
        ('{"schema": 9, "id": "x", "partnership": "P", "date": "2026-02-03"}', "newer Facilitator"),
        ('{"id": "x", "partnership": "P", "date": "2026-02-03"}', "no valid schema version"),
        ('[{"schema": 2, "id": "x", "partnership": "P", "date": "2026-02-03", "colour": 1}]', "unknown field"),
    ],
)
def test_a_bad_import_file_is_refused_with_its_path_and_nothing_is_added(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    offered = tmp_path / "offered.json"
    offered.write_text(content)
    code, _, err = run(capsys, "import", str(offered), "--db", str(db_path))
    assert code == 1 and str(offered) in err and message in err
    assert "Traceback" not in err
    assert not db_path.exists(), "a refused import made a database"


def test_import_of_a_missing_file_says_so(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "nowhere.json", "--db", str(db_path))
    assert code == 1 and "does not exist" in err


def test_actions_filters_by_open_and_owner(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    everything = json.loads(run(capsys, "actions", "--json", "--db", str(demo_db))[1])
    pauls_open = json.loads(run(capsys, "actions", "--open", "--owner", "paul", "--json", "--db", str(demo_db))[1])
    assert len(everything) > len(pauls_open) > 0
    assert all(a["status"] == "open" and "Paul" in a["owner"] for a in pauls_open)
    assert {"text", "owner", "due", "status", "meeting_id", "partnership", "overdue"} <= set(pauls_open[0])
    code, table, _ = run(capsys, "actions", "--open", "--db", str(demo_db))
    assert code == 0 and table.startswith("Due") and "Paul Howard" in table


def test_unknown_meeting_and_unreadable_database_give_one_line_not_a_traceback(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(db_path) as store:
        store.add(review_meeting())
    code, _, err = run(capsys, "show", "nope", "--db", str(db_path))
    assert code == 1 and err.startswith("facilitator: no meeting")
    db_path.write_text("{half a file")
    for command in (["list"], ["actions"], ["import", "--demo"]):
        code, _, err = run(capsys, *command, "--db", str(db_path))
        assert code == 1 and str(db_path) in err and err.count("\n") == 1
    assert db_path.read_text() == "{half a file"


def test_import_while_the_app_holds_the_database_is_told_it_is_in_use(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(db_path) as held:
        held.save(review_meeting())
        code, _, err = run(capsys, "import", "--demo", "--db", str(db_path))
        assert code == 1 and "in use" in err
        code, out, _ = run(capsys, "list", "--db", str(db_path))  # reading still works meanwhile
        assert code == 0 and "in progress" in out


def test_escape_sequences_in_minutes_never_reach_the_terminal(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = review_meeting(partnership="Evil\x1b[2J\x1b]0;pwned\x07 partners\x9b31m", status=MeetingStatus.CLOSED)
    meeting.actions[0].text = "Wipe\x1b[3J the screen"
    meeting.actions[0].owner = "Paul\x1b[5m"
    with Store(db_path) as store:
        store.add(meeting)
    outputs = [
        run(capsys, "list", "--db", str(db_path))[1],
        run(capsys, "list", "--json", "--db", str(db_path))[1],
        run(capsys, "actions", "--db", str(db_path))[1],
        run(capsys, "actions", "--json", "--db", str(db_path))[1],
        *(run(capsys, "show", meeting.id, "--format", f, "--db", str(db_path))[1] for f in ("md", "txt", "json")),
    ]
    for output in outputs:
        assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert json.loads(outputs[1])[0]["partnership"].startswith("Evil\x1b")  # JSON keeps the text, escaped


def test_the_app_opens_on_the_chosen_database_and_the_demo_on_a_throwaway_copy(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[Path, int]] = []

    def fake_open_app(path: Path, *, demo: bool = False) -> int:  # the real one: tests/test_app_*.py
        with Store(path, readonly=True) as store:
            opened.append((path, len(store)))
        return 0

    monkeypatch.setattr(cli, "open_app", fake_open_app)
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)  # the real check: tests/test_cli_terminal.py
    assert run(capsys, "--db", str(db_path))[0] == 0
    assert run(capsys, "demo")[0] == 0
    (app_path, app_count), (demo_path, demo_count) = opened
    assert app_path == db_path and app_count == 0
    assert demo_path != db_path and demo_count >= 2
    assert not demo_path.parent.exists(), "the throwaway demo copy was left behind"


def test_printing_commands_do_not_import_textual(demo_db: Path) -> None:
    probe = (
        "import sys; from facilitator.cli import main; "
        f"main(['list', '--db', {str(demo_db)!r}]); main(['actions', '--db', {str(demo_db)!r}]); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_python_dash_m_runs_the_same_command(demo_db: Path) -> None:
    db_path = demo_db
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "list", "--json", "--db", str(db_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 3


def test_export_to_standard_output_requires_a_format(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "demo-nov", "--db", str(demo_db))
    assert code == 1 and out == "" and "--format" in err and err.count("\n") == 1


def test_output_piped_into_head_stops_quietly_without_a_traceback(db_path: Path) -> None:
    # `facilitator actions | head -1`: the reader closes the pipe after one line, while the
    # command still has far more than a pipe buffer (64 KiB) left to write.
    with Store(db_path) as store:
        store.add_many([review_meeting(id=f"m{n:03}", status=MeetingStatus.CLOSED) for n in range(400)])
    for command in (["actions"], ["list"]):
        reader = subprocess.Popen(
            [sys.executable, "-m", "facilitator", *command, "--db", str(db_path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.readline()
        reader.stdout.close()
        error = reader.stderr.read()
        reader.stderr.close()
        assert reader.wait() == 0, error
        assert "Traceback" not in error


# --- spreadsheet and calendar exports; filters and formats of 'actions' ---------------------

FIXED_TODAY = date(2026, 11, 20)  # after the demo's June actions, before its December ones


def newest_meeting(db: Path) -> Meeting:
    with Store(db, readonly=True) as store:
        return max(store.meetings(), key=lambda meeting: meeting.date)


def read_ics(text: str) -> icalendar.Calendar:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return icalendar.Calendar.from_ical(text)


@pytest.fixture
def two_partnerships(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo meetings, another partnership's review, and a fixed today."""
    riverside = review_meeting(id="riverside", partnership="Riverside Trust & Food Bank", status=MeetingStatus.CLOSED)
    riverside.actions[0].due = date(2026, 10, 1)  # overdue on FIXED_TODAY
    riverside.actions[1].due = None
    with Store(demo_db) as store:
        store.add(riverside)
    monkeypatch.setattr(cli, "current_date", lambda: FIXED_TODAY)
    return demo_db


def test_export_csv_to_a_file_has_a_bom_and_reads_back_as_the_meetings_actions(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = newest_meeting(demo_db)
    target = tmp_path / "actions.csv"
    code, out, err = run(capsys, "export", meeting.id[:8], "--format", "csv", "-o", str(target), "--db", str(demo_db))
    assert code == 0 and out == "" and str(target) in err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfWhat,Owner,") and b"\r\n" in raw and b"\r\r\n" not in raw
    with target.open(encoding="utf-8-sig", newline="") as file:
        records = list(csv.DictReader(file))
    assert [(r["What"], r["Owner"], r["Due"], r["Status"]) for r in records] == [
        (a.text, a.owner, a.due.isoformat() if a.due else "", str(a.status)) for a in meeting.actions
    ]
    assert {r["Meeting id"] for r in records} == {meeting.id}
    assert {r["Raised on"] for r in records} == {meeting.date.isoformat()}


def test_export_csv_to_stdout_has_no_bom(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = newest_meeting(demo_db)
    code, out, _ = run(capsys, "export", meeting.id, "--format", "csv", "--db", str(demo_db))
    assert code == 0 and out.startswith("What,Owner,Organisation,Due,Status,")
    assert len(list(csv.DictReader(io.StringIO(out, newline="")))) == len(meeting.actions)


def test_export_ics_holds_the_dated_actions_and_the_next_review(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = newest_meeting(demo_db)
    target = tmp_path / "review.ics"
    code, _, err = run(capsys, "export", meeting.id, "--format", "ics", "-o", str(target), "--db", str(demo_db))
    assert code == 0 and str(target) in err
    code, out, _ = run(capsys, "export", meeting.id, "--format", "ics", "--db", str(demo_db))
    assert code == 0
    for text in (target.read_bytes().decode("utf-8"), out):
        calendar = read_ics(text)
        (event,) = calendar.walk("VEVENT")
        assert event["DTSTART"].dt == meeting.next_review
        dues = sorted(todo["DUE"].dt for todo in calendar.walk("VTODO"))
        assert dues == sorted(a.due for a in meeting.actions if a.due) and dues


def test_export_ics_with_nothing_dated_is_refused(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = review_meeting(next_review=None)
    for action in meeting.actions:
        action.due = None
    with Store(db_path) as store:
        store.add(meeting)
    code, out, err = run(capsys, "export", meeting.id, "--format", "ics", "--db", str(db_path))
    assert code == 1 and out == "" and "nothing to put in a calendar" in err and err.count("\n") == 1


def test_actions_overdue_and_partnership_filters(two_partnerships: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(two_partnerships)
    with Store(two_partnerships, readonly=True) as store:
        everything = store.actions()
    expected = {row.action.id for row in everything if row.action.is_overdue(FIXED_TODAY)}
    overdue = json.loads(run(capsys, "actions", "--overdue", "--json", "--db", db)[1])
    assert {a["id"] for a in overdue} == expected and len(expected) >= 2
    assert all(a["overdue"] and a["status"] == "open" and a["due"] < FIXED_TODAY.isoformat() for a in overdue)

    riverside = json.loads(run(capsys, "actions", "--partnership", "  riVERside ", "--json", "--db", db)[1])
    assert len(riverside) == 2 and {a["partnership"] for a in riverside} == {"Riverside Trust & Food Bank"}
    both = json.loads(run(capsys, "actions", "--overdue", "--partnership", "RIVERSIDE", "--json", "--db", db)[1])
    assert [a["text"] for a in both] == ["Book the art room for a closed session"]
    youth = json.loads(run(capsys, "actions", "--partnership", "offending", "--format", "json", "--db", db)[1])
    assert len(youth) == len(everything) - 2

    code, table, _ = run(capsys, "actions", "--overdue", "--db", db)
    assert code == 0 and table.startswith("Due") and table.count("OVERDUE") == len(expected)
    assert len(table.splitlines()) == len(expected) + 1
    code, table, _ = run(capsys, "actions", "--partnership", "nobody", "--db", db)
    assert code == 0 and table == ""  # data on stdout (none), talk on stderr: tests/test_cli_streams.py


def test_actions_in_each_format_list_the_same_actions(
    two_partnerships: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(two_partnerships)
    as_json = run(capsys, "actions", "--open", "--json", "--db", db)[1]
    assert run(capsys, "actions", "--open", "--format", "json", "--db", db)[1] == as_json
    listed = json.loads(as_json)
    code, as_csv, _ = run(capsys, "actions", "--open", "--format", "csv", "--db", db)
    records = list(csv.DictReader(io.StringIO(as_csv, newline="")))
    assert code == 0 and not as_csv.startswith("\ufeff")
    assert [(r["What"], r["Owner"], r["Due"], r["Partnership"]) for r in records] == [
        (a["text"], a["owner"], a["due"] or "", a["partnership"]) for a in listed
    ]
    code, as_ics, err = run(capsys, "actions", "--open", "--format", "ics", "--db", db)
    todos = read_ics(as_ics).walk("VTODO")
    assert code == 0 and "Left out 1 action(s) with no due date" in err
    assert sorted(todo["DUE"].dt.isoformat() for todo in todos) == sorted(a["due"] for a in listed if a["due"])
    assert {str(todo["STATUS"]) for todo in todos} == {"NEEDS-ACTION"}

    target = tmp_path / "open.csv"
    code, out, err = run(capsys, "actions", "--open", "--format", "csv", "-o", str(target), "--db", db)
    assert code == 0 and out == "" and f"Wrote {len(listed)} action(s)" in err
    assert target.read_bytes() == b"\xef\xbb\xbf" + as_csv.encode("utf-8")
    table = tmp_path / "open.txt"
    assert run(capsys, "actions", "--open", "-o", str(table), "--db", db)[0] == 0
    assert table.read_text(encoding="utf-8") == run(capsys, "actions", "--open", "--db", db)[1]


def test_actions_ics_with_no_match_is_refused(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "actions", "--partnership", "nobody", "--format", "ics", "--db", str(demo_db))
    assert code == 1 and out == "" and err == "facilitator: no actions match: nothing to put in a calendar.\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "demo", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["actions", "--format", "xlsx"], "invalid choice: 'xlsx'"),
        (["actions", "--json", "--format", "csv"], "not allowed with argument --json"),
    ],
)
def test_a_bad_format_is_refused_with_the_choices(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    err = capsys.readouterr().err
    assert done.value.code == 2 and message in err


def test_help_describes_the_new_formats_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    for command, words in (
        ("export", ["{md,txt,json,csv,ics,html,docx,eml}", "spreadsheet", "calendar", "-o FILE"]),
        ("actions", ["--overdue", "--partnership TEXT", "{txt,json,csv,ics}", "--json", "-o FILE"]),
    ):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        shown = " ".join(capsys.readouterr().out.split())
        assert all(word in shown for word in words), (command, shown)


def test_escape_sequences_never_reach_a_spreadsheet_or_calendar(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = review_meeting(partnership="Evil\x1b[2J partners\x9b31m", status=MeetingStatus.CLOSED)
    meeting.actions[0].text = "=cmd|' /C calc'!A0\x1b[3J"
    meeting.actions[0].owner = "Paul\x1b[5m"
    with Store(db_path) as store:
        store.add(meeting)
    db = str(db_path)
    outputs = [
        run(capsys, "export", meeting.id, "--format", "csv", "--db", db)[1],
        run(capsys, "export", meeting.id, "--format", "ics", "--db", db)[1],
        run(capsys, "actions", "--format", "csv", "--db", db)[1],
        run(capsys, "actions", "--format", "ics", "--db", db)[1],
    ]
    for output in outputs:
        assert "\x1b" not in output and "\x9b" not in output
    assert "\n'=cmd|" in outputs[0].replace('"', "")


def test_exporting_commands_do_not_import_textual(demo_db: Path) -> None:
    db = str(demo_db)
    probe = (
        "import sys; from facilitator.cli import main; "
        f"main(['export', 'demo-nov', '--format', 'ics', '--db', {db!r}]); "
        f"main(['export', 'demo-nov', '--format', 'csv', '--db', {db!r}]); "
        f"main(['actions', '--overdue', '--format', 'ics', '--db', {db!r}]); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
