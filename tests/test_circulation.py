"""Sharing the minutes: the protective marking, confidential items, the circulation copy and its record.

Every format of the exporter table is swept (``FORMATS``), so a format added later is checked
here too: each carries the marking, and none lets confidential text into a circulation copy.
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import io
import json
import zipfile
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.circulation import (
    FULL_COPY,
    circulation_copy,
    confidential_count,
    copy_notice,
    record_circulation,
    withheld_text,
)
from facilitator.document_schema import from_document
from facilitator.exporters.formats import FORMATS, MeetingExport, Rendered
from facilitator.marking import check_marking
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Circulation, CopyKind, Meeting, ValidationError, day_month_year
from facilitator.partnerships import find_profile, profiles
from facilitator.session import Session
from facilitator.tinydb_store import Store
from tests import strategies
from tests.conftest import review_meeting

NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
MEETING_FORMATS = [name for name, f in FORMATS.items() if f.meeting is not None]


def render(meeting: Meeting, name: str) -> Rendered:
    renderer = FORMATS[name].meeting
    assert renderer is not None
    return renderer(MeetingExport(meeting, now=NOW))


def readable_text(rendered: Rendered) -> str:
    """Every piece of text a person could read in an export, whatever its container: a zip's members
    (a Word file), a MIME message's decoded parts and attachments (an email draft), folded lines
    (iCalendar) joined again."""
    raw = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    pieces: list[str] = []
    if zipfile.is_zipfile(io.BytesIO(raw)):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            pieces += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    elif raw.lstrip()[:200].lower().find(b"mime-version") >= 0:
        for part in email.message_from_bytes(raw).walk():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                pieces.append(readable_text(payload))
        pieces.append(raw.decode("utf-8", "replace"))  # the headers (the subject) too
    else:
        pieces.append(raw.decode("utf-8", "replace"))
    text = "\n".join(pieces)
    return text.replace("\r\n ", "").replace("\n ", "").replace("\r\n\t", "")


def dated_review(**changes: object) -> Meeting:
    """The review with a next review and dated actions, so that every format has something to write."""
    meeting = review_meeting(next_review=dt.date(2027, 2, 1), **changes)
    return meeting


# --- the protective marking ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        ("none", ""),
        ("official", "OFFICIAL"),
        ("Official Sensitive", "OFFICIAL-SENSITIVE"),
        ("  OFFICIAL-SENSITIVE ", "OFFICIAL-SENSITIVE"),
        ("Board  only", "Board only"),
        ("HR/LEGAL", "HR/LEGAL"),
    ],
)
def test_a_marking_is_stored_in_one_spelling(typed: str, stored: str) -> None:
    assert check_marking(typed) == stored


@pytest.mark.parametrize("typed", ["[red]SECRET[/red]", "x" * 41, "OFFICIAL\x1b[2J", "<b>", "-OFFICIAL", "a__b"])
def test_a_marking_that_is_not_short_and_plain_is_refused_with_a_reason(typed: str) -> None:
    with pytest.raises(ValidationError, match="marking"):
        check_marking(typed)
    with pytest.raises(ValidationError, match="marking"):
        Meeting("P", dt.date(2026, 1, 1), marking=typed)


@pytest.mark.parametrize("name", MEETING_FORMATS)
def test_every_format_carries_the_marking(name: str) -> None:
    """The sweep: a format added to the table must carry the marking to pass."""
    rendered = render(dated_review(marking="OFFICIAL-SENSITIVE"), name)
    assert "OFFICIAL-SENSITIVE" in readable_text(rendered)
    assert "OFFICIAL-SENSITIVE" not in readable_text(render(dated_review(), name))


def test_the_minutes_carry_the_marking_first_and_last() -> None:
    meeting = dated_review(marking="OFFICIAL")
    for text, line in ((render_text(meeting), "OFFICIAL"), (render_markdown(meeting), "**OFFICIAL**")):
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines[0] == line and lines[-1] == line


def test_the_json_csv_and_calendar_carry_the_marking_where_a_field_fits() -> None:
    meeting = dated_review(marking="OFFICIAL-SENSITIVE")
    assert json.loads(render(meeting, "json"))["marking"] == "OFFICIAL-SENSITIVE"
    rows = list(csv.DictReader(io.StringIO(str(render(meeting, "csv")))))
    assert rows and all(row["Marking"] == "OFFICIAL-SENSITIVE" for row in rows)
    calendar = icalendar.Calendar.from_ical(render(meeting, "ics"))
    described = [str(part["DESCRIPTION"]) for part in (*calendar.walk("VEVENT"), *calendar.walk("VTODO"))]
    assert described and all(text.startswith("OFFICIAL-SENSITIVE\n") for text in described)


def test_an_unmarked_meetings_csv_keeps_its_columns() -> None:
    header = str(render(dated_review(), "csv")).splitlines()[0]
    assert "Marking" not in header


def test_a_partnership_remembers_its_marking_from_its_last_meeting(tmp_path: Path) -> None:
    earlier = review_meeting(marking="OFFICIAL", date=dt.date(2026, 5, 11))
    later = review_meeting(marking="Board only")
    with Store(tmp_path / "minutes.json") as store:
        store.add_many([earlier, later])
    with Store(tmp_path / "minutes.json", readonly=True) as store:
        found = find_profile(profiles(store.meetings()), later.partnership.upper())
    assert found is not None and found.marking == "Board only"


# --- confidential items and the circulation copy ------------------------------------------------


def test_the_toggle_is_undone_and_redone() -> None:
    session = Session(review_meeting())
    note = session.meeting.notes[0]
    session.confidential.toggle(note.id)
    assert note.confidential
    session.undo()
    assert not note.confidential
    session.redo()
    assert note.confidential
    with pytest.raises(KeyError):
        session.confidential.toggle("no-such-item")


def test_a_circulation_copy_leaves_out_each_kind_and_says_how_many() -> None:
    meeting = review_meeting()
    for item in (meeting.notes[0], meeting.conflicts[0], meeting.actions[1]):
        item.confidential = True
    shared = circulation_copy(meeting)
    assert shared.withheld == 3 and confidential_count(shared) == 0
    assert len(shared.notes) == len(meeting.notes) - 1 and not shared.conflicts and len(shared.actions) == 1
    assert len(meeting.notes) == 2 and meeting.withheld == 0  # the meeting itself is untouched
    assert copy_notice(shared) == "3 confidential items were withheld from this copy."
    assert copy_notice(meeting) == FULL_COPY
    assert copy_notice(review_meeting()) == ""  # nothing confidential: nothing said
    assert circulation_copy(shared).withheld == 3  # a copy of the copy keeps its count
    full = render_text(meeting)
    assert FULL_COPY in full and "(confidential) Room use during opening hours" in full
    assert withheld_text(1) == "1 confidential item was withheld from this copy."


def test_a_circulation_copy_read_back_from_json_still_says_what_was_withheld() -> None:
    meeting = review_meeting()
    meeting.actions[0].confidential = True
    meeting.notes[1].confidential = True
    shared = circulation_copy(meeting)
    again = from_document(json.loads(render(shared, "json")))
    assert again.withheld == shared.withheld and withheld_text(again.withheld) in render_markdown(again)


_flags = st.lists(st.booleans(), min_size=20, max_size=20)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting=strategies.meetings(), flags=_flags, marking=st.sampled_from(["", "OFFICIAL", "Board only"]))
def test_confidential_text_never_reaches_a_circulation_copy_in_any_format(
    meeting: Meeting, flags: list[bool], marking: str
) -> None:
    meeting.marking = marking
    secrets, public = [], []
    items = [*meeting.notes, *meeting.conflicts, *meeting.decisions, *meeting.actions]
    for number, item in enumerate(items):
        secret = flags[number % len(flags)]
        word = f"zq{'s' if secret else 'p'}{number}x"
        item.confidential = secret
        (secrets if secret else public).append(word)
        if hasattr(item, "issue"):  # a conflict: its issue and way forward
            item.issue = f"{item.issue} {word} "
            item.way_forward = f"{item.way_forward} {word}"
        else:
            item.text = f"{item.text} {word} "
        if hasattr(item, "why"):
            item.why = f"{item.why} {word}"
    meeting.validate()
    shared = circulation_copy(meeting)
    assert shared.withheld == len(secrets)
    for name in MEETING_FORMATS:
        try:
            text = readable_text(render(shared, name))
        except ValueError:
            continue  # nothing to write in this format (a calendar with no dates): nothing shared
        assert not [word for word in secrets if word in text], name
    minutes = readable_text(render(shared, "md"))
    assert all(word in minutes for word in public)  # the copy is not empty by mistake
    if secrets:
        assert withheld_text(len(secrets)) in minutes
        assert json.loads(render(shared, "json"))["withheld"] == len(secrets)


# --- the circulation record --------------------------------------------------------------------


def test_a_record_reads_as_a_sentence() -> None:
    record = Circulation(dt.date(2026, 12, 3), ["Denise Hall", "Paul Green"])
    assert record.text() == "Circulated on 3 Dec 2026 to Denise Hall, Paul Green (circulation copy)"
    with pytest.raises(ValidationError, match=r"to\[1\]"):
        Circulation(dt.date(2026, 12, 3), ["Denise Hall", "  "])


def test_one_call_records_a_circulation_on_the_stored_meeting_and_a_stale_copy_keeps_it(tmp_path: Path) -> None:
    meeting = review_meeting()
    meeting.status = meeting.status.CLOSED
    with Store(tmp_path / "minutes.json") as store:
        store.add(meeting)
        stale = store.get(meeting.id)
        saved = record_circulation(store, meeting.id, format="md", on=dt.date(2026, 12, 3))
        assert saved.circulated == [
            Circulation(dt.date(2026, 12, 3), ["Denise Godfrey", "Paul Howard"], CopyKind.CIRCULATION, "md")
        ]
        record_circulation(
            store, meeting.id, to=["Janet Ellis", ""], copy=CopyKind.FULL, format="eml", on=dt.date(2026, 12, 4)
        )
        stale.venue = "Town hall"  # an older copy saved again (a late autosave) does not lose the records
        store.save(stale)
    with Store(tmp_path / "minutes.json", readonly=True) as store:
        kept = store.get(meeting.id)
    assert [record.text() for record in kept.circulated] == [
        "Circulated on 3 Dec 2026 to Denise Godfrey, Paul Howard (circulation copy)",
        "Circulated on 4 Dec 2026 to Janet Ellis (full copy)",
    ]
    assert kept.venue == "Town hall"
    minutes = render_text(kept)
    assert "Circulation\n-----------\n\n- Circulated on 3 Dec 2026 to Denise Godfrey, Paul Howard" in minutes


# --- the command line ----------------------------------------------------------------------------


def test_export_circulation_writes_the_copy_records_it_and_show_prints_the_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.cli import main

    db = tmp_path / "minutes.json"
    meeting = review_meeting(marking="OFFICIAL")
    meeting.notes[0].confidential = True
    with Store(db) as store:
        store.add(meeting)
    target = tmp_path / "shared.md"
    assert main(["export", meeting.id, "--circulation", "-o", str(target), "--db", str(db)]) == 0
    _, err = capsys.readouterr()
    assert "1 confidential item was withheld from this copy." in err
    assert "Wrote the circulation copy of the minutes" in err and "Recorded: Circulated on" in err
    written = target.read_text(encoding="utf-8")
    assert meeting.notes[0].text not in written and meeting.notes[1].text in written
    assert written.startswith("**OFFICIAL**")
    assert main(["show", meeting.id, "--no-pager", "--db", str(db)]) == 0
    out, _ = capsys.readouterr()
    assert f"Circulated on {day_month_year(dt.date.today())} to Denise Godfrey, Paul Howard (circulation copy)" in out
    assert meeting.notes[0].text in out and FULL_COPY in out  # show gives the full copy
    assert main(["export", meeting.id, "--format", "md", "--db", str(db)]) == 0  # stdout: the full copy, unrecorded
    out, _ = capsys.readouterr()
    assert meeting.notes[0].text in out
    with Store(db, readonly=True) as store:
        assert len(store.get(meeting.id).circulated) == 1


def test_an_email_draft_from_the_command_line_is_the_circulation_copy_and_is_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 16: the e-mail draft uses the circulation copy unless the user chooses otherwise, and
    # making one records where the minutes went.
    from facilitator.cli import main

    db = tmp_path / "minutes.json"
    meeting = review_meeting()
    meeting.notes[0].confidential = True
    with Store(db) as store:
        store.add(meeting)
    draft, full = tmp_path / "draft.eml", tmp_path / "full.eml"
    assert main(["export", meeting.id, "-o", str(draft), "--db", str(db)]) == 0
    assert main(["export", meeting.id, "--full-copy", "-o", str(full), "--db", str(db)]) == 0
    capsys.readouterr()

    def body(path: Path) -> str:
        message = email.message_from_bytes(path.read_bytes())
        return " ".join(
            part.get_payload(decode=True).decode("utf-8")
            for part in message.walk()
            if part.get_content_type() in ("text/plain", "text/html")
        )

    assert meeting.notes[0].text not in body(draft) and meeting.notes[1].text in body(draft)
    assert meeting.notes[0].text in body(full)
    with Store(db, readonly=True) as store:
        copies = [record.copy for record in store.get(meeting.id).circulated]
    assert copies == [CopyKind.CIRCULATION, CopyKind.FULL]


def test_export_circulation_while_the_minutes_are_open_elsewhere_writes_and_says_it_was_not_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.cli import main

    db = tmp_path / "minutes.json"
    meeting = review_meeting()
    with Store(db) as store:
        store.add(meeting)
        target = tmp_path / "shared.txt"
        assert main(["export", meeting.id, "--circulation", "-o", str(target), "--db", str(db)]) == 0
    _, err = capsys.readouterr()
    assert target.exists() and "Not recorded as circulated:" in err and "Traceback" not in err


def test_an_earlier_meetings_confidential_action_is_left_out_of_the_matters_arising_of_the_copy() -> None:
    from facilitator.meeting_files import demo_meetings

    meetings = {meeting.id: meeting for meeting in demo_meetings()}
    november = meetings["demo-nov-2026"]
    reviewed = {item.action_id for item in november.arising}
    earlier = next(m for m in meetings.values() if any(a.id in reviewed for a in m.actions))
    secret = next(action for action in earlier.actions if action.id in reviewed)
    secret.confidential = True
    shared = circulation_copy(november, list(meetings.values()))
    assert secret.id not in {item.action_id for item in shared.arising} and shared.withheld == 1
    for name in MEETING_FORMATS:
        try:
            assert secret.text not in readable_text(render(shared, name)), name
        except ValueError:
            continue
    assert secret.text in render_markdown(circulation_copy(november))  # unknown without the earlier meetings
