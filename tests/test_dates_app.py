"""Date phrases typed in the app: an action due 'before Easter', the next review 'in the summer holidays',
an action 'by the next meeting' that the review date then resolves; the minutes and a real .ics file read
back with icalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
from textual.widgets import DataTable, Input, Static

from facilitator.date_phrases import FLAG
from facilitator.exporters.writer import write_meeting
from facilitator.minutes import render_markdown
from facilitator.model import Attendee, Meeting, MeetingStatus
from facilitator.session import Session
from facilitator.tinydb_store import Store
from tests.apphelpers import finish, make_app, store_demo, type_text, wait_for_store, wait_for_workers, wait_until
from tests.test_meeting_screen import Host, pane_error

NOW = dt.datetime(2026, 12, 1, 14, 5)  # a Tuesday; the next Easter is Sunday 28 March 2027


def planning_session() -> Session:
    meeting = Meeting(
        "Youth Service & Riverside Community Project",
        NOW.date(),
        start=dt.time(14, 0),
        attendees=[
            Attendee("Denise Godfrey", "Youth Service", "youth officer", chair=True),
            Attendee("Paul Howard", "Riverside Community Project", "project worker"),
        ],
    )
    return Session(meeting, now=lambda: NOW)


def hint(pilot: object, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_phrases_typed_for_a_due_date_and_the_next_review_reach_the_minutes_and_the_calendar(
    tmp_path: Path,
) -> None:
    session = planning_session()
    host = Host(session)
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await type_text(pilot, "Print the leaflet")
        await pilot.press("enter")
        await type_text(pilot, "Paul Howard")
        await pilot.press("enter")
        await type_text(pilot, "before Easter")
        assert "Due before Easter: " in hint(pilot, "#action-due-hint")
        assert "Sat 27 Mar 2027" in hint(pilot, "#action-due-hint")  # said before Enter is pressed
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(session.meeting.actions) == 1, "the first action")
        await type_text(pilot, "Send the names")
        await pilot.press("enter", "enter")
        await type_text(pilot, "by the next meeting")
        assert FLAG in hint(pilot, "#action-due-hint") and "not set yet" in hint(pilot, "#action-due-hint")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(session.meeting.actions) == 2, "the second action")
        assert pane_error(pilot.app, "actions") == ""  # kept and flagged, never refused
        leaflet, names = session.meeting.actions
        assert (leaflet.due, leaflet.due_text) == (dt.date(2027, 3, 27), "before Easter")
        assert (names.due, names.due_text) == (None, "by the next meeting")

        await pilot.press("f7")
        pilot.app.screen.query_one("#next-review", Input).focus()
        await type_text(pilot, "in the summer holidays")
        # Read as it is typed, before Enter.
        assert "in the summer holidays: Fri 23 Jul 2027 to Tue 31 Aug 2027" in hint(pilot, "#next-review-hint")
        await pilot.press("enter")
        await wait_until(pilot, lambda: session.meeting.next_review is not None, "the next review")
        shown = "Next review: in the summer holidays (by Tue 31 Aug 2027)"
        await wait_until(pilot, lambda: shown in hint(pilot, "#next-review-hint"), "the review as set")
        await finish(pilot)
        await wait_until(pilot, lambda: host.left == [True], "the meeting to finish")

    meeting = session.meeting
    assert meeting.status is MeetingStatus.CLOSED
    assert (meeting.next_review, meeting.next_review_text) == (dt.date(2027, 8, 31), "in the summer holidays")
    assert names.due == dt.date(2027, 8, 31)  # 'by the next meeting' took the review's date when it was set

    minutes = render_markdown(meeting)
    assert "| Print the leaflet | Paul Howard | before Easter (by Sat 27 Mar 2027) | open |" in minutes
    assert "| Send the names | (no owner) | by the next meeting (by Tue 31 Aug 2027) | open |" in minutes
    assert "## Next review\n\nin the summer holidays (by Tue 31 Aug 2027)" in minutes

    path = tmp_path / "minutes.ics"
    write_meeting(meeting, path, now=NOW.replace(tzinfo=dt.UTC), db_path=None)
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    todos = {str(todo["SUMMARY"]): todo["DUE"].dt for todo in calendar.walk("VTODO")}
    assert todos == {"Print the leaflet": dt.date(2027, 3, 27), "Send the names": dt.date(2027, 8, 31)}
    (review,) = calendar.walk("VEVENT")
    assert review["DTSTART"].dt == dt.date(2027, 8, 31)
    assert "in the summer holidays" in str(review["DESCRIPTION"])


async def test_an_unresolved_next_review_is_kept_flagged_and_left_out_of_the_calendar(tmp_path: Path) -> None:
    session = planning_session()
    host = Host(session)
    async with host.run_test(size=(60, 20)) as pilot:
        await pilot.press("f7")
        pilot.app.screen.query_one("#next-review", Input).focus()
        await type_text(pilot, "when the new worker starts")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(session.meeting.next_review_text), "the next review's words")
        assert pane_error(pilot.app, "close") == ""
        shown = f"Next review: when the new worker starts {FLAG}"
        await wait_until(pilot, lambda: shown in hint(pilot, "#next-review-hint"), "the review as set")
    meeting = session.meeting
    assert (meeting.next_review, meeting.next_review_text) == (None, "when the new worker starts")
    assert f"## Next review\n\nwhen the new worker starts {FLAG}" in render_markdown(meeting)


async def test_the_actions_list_takes_a_phrase_and_by_the_next_meeting_reads_that_meetings_review(
    db_path: Path,
) -> None:
    store_demo(db_path)
    with Store(db_path, readonly=True) as store:
        may = store.get("demo-may")
    app = make_app(db_path)  # today is 20 Nov 2026
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("a")
        await wait_for_workers(pilot)
        await pilot.press("u", "ctrl+u")
        await type_text(pilot, "end of [b]March[/b]")  # markup-like words are words
        await pilot.press("enter")
        await wait_for_workers(pilot)
        assert "⚑" not in str(app.screen.query_one("#actions-message", Static).render())
        table = app.screen.query_one("#actions-table", DataTable)
        cells = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
        # No such month: kept and flagged, and sorted with the undated actions, last.
        assert cells[-1] == f"end of [b]March[/b] {FLAG}\nopen, carried 1×"
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("u", "ctrl+u")
        await type_text(pilot, "by the next meeting")
        await pilot.press("enter")
        await wait_for_workers(pilot)
        assert any("by the next meeting (by" in told for told in app.told)
    with Store(db_path, readonly=True) as store:
        sheet = next(a for a in store.get("demo-may").actions if a.id == "demo-a2")
    assert (sheet.due, sheet.due_text) == (may.next_review, "by the next meeting")
    assert [edit.field for edit in sheet.edits] == ["due"]
