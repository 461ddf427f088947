"""The e-mail draft, read back with the standard library's e-mail parser, its calendar with icalendar."""

from __future__ import annotations

import csv
import datetime as dt
import email
import io
import os
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import html5lib
import icalendar
import pytest
from hypothesis import given, settings

from facilitator.cli import main
from facilitator.exporters.eml import email_draft, subject_of
from facilitator.exporters.formats import FORMATS, MeetingExport
from facilitator.model import Action, Attendance, Attendee, Meeting
from facilitator.text import clean_line
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting
from tests.strategies import meetings

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def with_emails(meeting: Meeting) -> Meeting:
    meeting.attendees[0].email = "denise@example.org"
    meeting.attendees[1].email = "paul.howard@yot.example.gov.uk"
    meeting.attendees.append(Attendee("Janet Ellis", "Youth Offending Team", attendance=Attendance.APOLOGIES))
    meeting.attendees[2].email = "janet@example.org"
    return meeting


def parse(meeting: Meeting) -> EmailMessage:
    text = email_draft(MeetingExport(meeting, now=NOW))
    assert text.isascii() and "\r\n" in text and "\n" not in text.replace("\r\n", "")  # CRLF throughout
    message = email.message_from_bytes(text.encode("ascii"), policy=default)
    assert isinstance(message, EmailMessage)
    return message


def attachments(message: EmailMessage) -> dict[str | None, bytes]:
    found = {}
    for part in message.iter_attachments():
        assert part.get_content_disposition() == "attachment"
        found[part.get_filename()] = part.get_payload(decode=True)
    return found


def test_the_draft_is_addressed_marked_unsent_with_both_bodies_and_both_attachments() -> None:
    meeting = with_emails(review_meeting())
    message = parse(meeting)
    assert message["X-Unsent"] == "1"
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Denise Godfrey", "denise@example.org"),
        ("Paul Howard", "paul.howard@yot.example.gov.uk"),
        ("Janet Ellis", "janet@example.org"),  # apologies get the minutes too
    ]
    assert message["Subject"] == "Minutes: Youth Resource Centre & Youth Offending Team, 16 Nov 2026 (draft)"
    assert message["From"] is None and message["Date"] is None  # the mail client fills them when it is sent
    assert message.get_content_type() == "multipart/mixed"
    body = next(message.iter_parts())
    assert body.get_content_type() == "multipart/alternative"
    plain, page = (message.get_body(("plain",)), message.get_body(("html",)))
    assert plain is not None and page is not None
    assert "Book the art room for a closed session" in plain.get_content()
    root = html5lib.parse(page.get_content(), namespaceHTMLElements=False)
    assert not list(root.iter("script")) and [h.text for h in root.iter("h1")] == [
        "Minutes: Youth Resource Centre & Youth Offending Team"
    ]

    files = attachments(message)
    assert sorted(files) == [
        "2026-11-16-youth-resource-centre-youth-offending-actions.csv",
        "2026-11-16-youth-resource-centre-youth-offending-calendar.ics",
    ]
    stem = "2026-11-16-youth-resource-centre-youth-offending"
    rows = list(csv.reader(io.StringIO(files[f"{stem}-actions.csv"].decode("utf-8-sig"))))
    assert rows[0][:2] == ["What", "Owner"] and [r[0] for r in rows[1:]] == [a.text for a in meeting.actions]
    calendar = icalendar.Calendar.from_ical(files[f"{stem}-calendar.ics"])
    assert sorted(str(todo["SUMMARY"]) for todo in calendar.walk("VTODO")) == sorted(a.text for a in meeting.actions)
    assert [event.decoded("DTSTART") for event in calendar.walk("VEVENT")] == [dt.date(2027, 5, 17)]


def test_approved_minutes_are_not_called_a_draft_and_nobody_without_an_address_is_guessed() -> None:
    meeting = review_meeting(approved_in="later-meeting")
    message = parse(meeting)
    assert message["Subject"] == "Minutes: Youth Resource Centre & Youth Offending Team, 16 Nov 2026"
    assert message["To"] is None  # nobody has an address: the user fills in To in the mail client
    note = FORMATS["eml"].meeting.note_for(MeetingExport(meeting, now=NOW))  # type: ignore[union-attr]
    assert note.startswith("Not addressed to Denise Godfrey, Paul Howard (no usable e-mail address).")
    assert "Nothing was sent" in note
    assert message["X-Protective-Marking"] is None
    meeting.marking = "OFFICIAL-SENSITIVE"  # type: ignore[attr-defined]  # Meeting.marking comes with circulation
    marked = parse(meeting)
    assert marked["X-Protective-Marking"] == "OFFICIAL-SENSITIVE"
    page = html5lib.parse(marked.get_body(("html",)).get_content(), namespaceHTMLElements=False)  # type: ignore[union-attr]
    assert [div.text for div in page.iter("div") if "running" in (div.get("class") or "")] == ["OFFICIAL-SENSITIVE"] * 2


def test_odd_names_and_addresses_reach_the_header_as_themselves_or_not_at_all() -> None:
    meeting = review_meeting(actions=[Action("Undated", "Denise Godfrey")], next_review=None)
    meeting.attendees[0].name = 'Tom "TJ" Jones, <script> & [/b]'
    meeting.attendees[0].email = "tj@example.org"
    meeting.attendees[1].email = "not an address"
    message = parse(meeting)
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ('Tom "TJ" Jones, <script> & [/b]', "tj@example.org")
    ]
    assert list(attachments(message)) == ["2026-11-16-youth-resource-centre-youth-offending-actions.csv"]


def test_export_eml_by_ending_says_who_is_left_out_and_that_nothing_was_sent(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = review_meeting()
    meeting.attendees[0].email = "denise@example.org"
    with Store(db_path) as store:
        store.save(meeting)
    target = tmp_path / "minutes.eml"
    assert main(["export", meeting.id[:8], "-o", str(target), "--db", str(db_path)]) == 0
    err = capsys.readouterr().err
    assert "Not addressed to Paul Howard (no usable e-mail address). Nothing was sent" in err
    # An e-mail draft takes the circulation copy, and is recorded as circulated.
    assert "Wrote the circulation copy of an e-mail draft of the minutes of 2026-11-16" in err
    assert "Recorded: Circulated on" in err
    message = email.message_from_bytes(target.read_bytes(), policy=default)
    assert message["X-Unsent"] == "1" and message["To"].addresses[0].addr_spec == "denise@example.org"


@settings(max_examples=int(os.environ.get("FACILITATOR_FUZZ_EXAMPLES", "25")), deadline=None)
@given(meetings())
def test_any_meeting_makes_a_draft_that_reads_back(meeting: Meeting) -> None:
    for number, person in enumerate(meeting.attendees):
        person.email = f"person{number}@example.org"
    message = parse(meeting)
    assert message["Subject"] == subject_of(meeting)
    to = message["To"].addresses if message["To"] is not None else ()  # a meeting may list nobody
    assert [a.addr_spec for a in to] == [p.email for p in meeting.attendees]
    assert [a.display_name for a in to] == [clean_line(p.name) for p in meeting.attendees]
    page = message.get_body(("html",))
    assert page is not None
    html5lib.HTMLParser(strict=True).parse(page.get_content())
    assert attachments(message)  # the actions at least
