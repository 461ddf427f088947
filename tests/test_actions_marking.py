"""`facilitator actions`: each action carries its meeting's protective marking, and confidential
actions stay out unless --full-copy is given, in every format the command writes."""

from __future__ import annotations

import csv
import datetime as dt
import email
import io
import json
from email.policy import default
from pathlib import Path

import icalendar
import pytest

from facilitator.cli import main
from facilitator.exporters.formats import FORMATS, MeetingExport, format_names
from facilitator.model import Action
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting

SECRET = "Call J. Smith's social worker about the referral"
SENSITIVE = "OFFICIAL-SENSITIVE"
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def two_partnerships(db_path: Path) -> Path:
    """A meeting marked OFFICIAL-SENSITIVE with one confidential action, and one of another partnership
    with no marking."""
    marked = review_meeting(marking=SENSITIVE)
    marked.actions.append(Action(SECRET, "Paul Howard", dt.date(2026, 12, 18), confidential=True))
    plain = review_meeting(partnership="Riverside Trust & Police", date=dt.date(2026, 10, 5))
    with Store(db_path) as store:
        store.add(marked)
        store.add(plain)
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    assert main(list(argv)) == 0
    out, err = capsys.readouterr()
    return out, err


def sheet(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:  # as a spreadsheet reads it: BOM, CRLF
        return list(csv.DictReader(file))


def test_the_csv_has_each_rows_marking_and_leaves_confidential_actions_out(
    two_partnerships: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "actions.csv"
    _, err = run(capsys, "actions", "-o", str(target), "--db", str(two_partnerships))
    assert "Left out 1 confidential action(s): --full-copy includes them." in err
    rows = sheet(target)
    assert len(rows) == 4 and SECRET not in target.read_text(encoding="utf-8-sig")
    # A column, not a first line: csv readers and spreadsheets take the first line as the header.
    marking = {row["Partnership"]: row["Marking"] for row in rows}
    assert marking == {"Youth Resource Centre & Youth Offending Team": SENSITIVE, "Riverside Trust & Police": ""}
    assert "Confidential" not in rows[0]  # nothing confidential in this copy: no such column

    run(capsys, "actions", "-o", str(target), "--force", "--full-copy", "--db", str(two_partnerships))
    rows = sheet(target)
    (secret,) = [row for row in rows if row["What"] == SECRET]
    assert (secret["Confidential"], secret["Marking"]) == ("yes", SENSITIVE)
    assert {row["Confidential"] for row in rows if row["What"] != SECRET} == {""}
    assert list(rows[0])[-2:] == ["Confidential", "Marking"]  # the marking stays the last column


def test_the_calendar_marks_each_to_do_and_a_full_copy_classes_the_confidential_one(
    two_partnerships: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "actions.ics"
    _, err = run(capsys, "actions", "-o", str(target), "--db", str(two_partnerships))
    assert "Left out 1 confidential action(s)" in err
    todos = icalendar.Calendar.from_ical(target.read_bytes()).walk("VTODO")
    assert len(todos) == 4 and SECRET not in target.read_text(encoding="utf-8")
    for todo in todos:
        described = str(todo["DESCRIPTION"])
        sensitive = "Youth Resource Centre" in described
        assert described.startswith(f"{SENSITIVE}\n") == sensitive
        assert "CLASS" not in todo

    run(capsys, "actions", "-o", str(target), "--force", "--full-copy", "--db", str(two_partnerships))
    todos = icalendar.Calendar.from_ical(target.read_bytes()).walk("VTODO")
    (secret,) = [todo for todo in todos if str(todo["SUMMARY"]) == SECRET]
    assert str(secret["CLASS"]) == "CONFIDENTIAL"
    assert str(secret["DESCRIPTION"]).startswith(f"{SENSITIVE}\nConfidential: not for circulation\n")
    assert all("CLASS" not in todo for todo in todos if todo is not secret)


@pytest.mark.parametrize("name", format_names("actions"))
def test_no_format_of_the_actions_command_lets_a_confidential_action_out_without_full_copy(
    name: str, two_partnerships: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sweep: a format added to the table for the actions list is checked here too."""
    out, err = run(capsys, "actions", "--format", name, "--wide", "--db", str(two_partnerships))
    assert SECRET not in out and "Left out 1 confidential action(s)" in err
    out, err = run(capsys, "actions", "--format", name, "--wide", "--full-copy", "--db", str(two_partnerships))
    assert SECRET in out and "confidential" not in err


def test_the_json_rows_carry_their_marking(two_partnerships: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run(capsys, "actions", "--json", "--full-copy", "--db", str(two_partnerships))[0])
    assert {(row["partnership"], row["marking"]) for row in rows} == {
        ("Youth Resource Centre & Youth Offending Team", SENSITIVE),
        ("Riverside Trust & Police", ""),
    }
    assert [row["confidential"] for row in rows if row["text"] == SECRET] == [True]


def test_the_help_says_what_is_marked_and_what_is_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["actions", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "--full-copy" in said and "confidential" in said and "Marking" in said and "CLASS:CONFIDENTIAL" in said


def test_a_meetings_own_calendar_and_the_email_drafts_sheet_carry_the_marking_and_the_class() -> None:
    """The same class of fault in the meeting's exports: a full copy's calendar classes the confidential
    to-do; the spreadsheet attached to an e-mail draft has the marking column even with no actions."""
    meeting = review_meeting(marking=SENSITIVE)
    meeting.actions.append(Action(SECRET, "Paul Howard", dt.date(2026, 12, 18), confidential=True))
    calendar = icalendar.Calendar.from_ical(FORMATS["ics"].meeting(MeetingExport(meeting, now=NOW)))  # type: ignore[misc]
    classes = {str(todo["SUMMARY"]): str(todo.get("CLASS", "")) for todo in calendar.walk("VTODO")}
    assert classes[SECRET] == "CONFIDENTIAL" and list(classes.values()).count("CONFIDENTIAL") == 1

    meeting.actions.clear()
    draft = FORMATS["eml"].meeting(MeetingExport(meeting, now=NOW))  # type: ignore[misc]
    message = email.message_from_bytes(FORMATS["eml"].file_bytes(draft), policy=default)
    (attached,) = [part for part in message.iter_attachments() if part.get_filename().endswith(".csv")]
    header = next(csv.reader(io.StringIO(attached.get_content().lstrip("\ufeff"))))
    assert header[-1] == "Marking"
