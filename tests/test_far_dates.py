"""Dates at the ends of the calendar (9999-12-31, 0001-01-01) through every date phrase and renderer.

A date a person can type or a file can hold may be the last the calendar has; a renderer
that adds a day to it (an all-day event's end, 'tomorrow', 'fri') overflows. Each one here
is tried at both ends: the phrases, every export, the minutes with their health trend, the
tips, the command line, and the app's export.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.cli import main
from facilitator.dates import parse_date
from facilitator.exporters import ics, spreadsheet, writer
from facilitator.exporters.rows import meeting_rows
from facilitator.guidance import Moment, nudges
from facilitator.health import health_trend
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Meeting, MeetingStatus
from facilitator.tinydb_store import Store
from screens.export_picker import choice_for
from screens.minutes import MinutesScreen
from tests.apphelpers import make_app, type_text, wait_for_store, wait_for_workers
from tests.conftest import review_meeting
from tests.strategies import meetings
from tests.test_safe_files import record_notifications, until

FULL_MINUTES = choice_for("md", circulation=False).key  # the picker's key for the full Markdown minutes

LAST, FIRST = dt.date.max, dt.date.min
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
EXAMPLES = int(os.environ.get("FACILITATOR_FUZZ_EXAMPLES", "80"))
PHRASES = ("today", "tomorrow", "+1d", "+2w", "+1m", "+12m", "+9999d", "mon", "fri", "sunday")


@pytest.mark.parametrize("phrase", PHRASES)
@pytest.mark.parametrize("today", [LAST - dt.timedelta(days=3), LAST, FIRST])
def test_every_date_phrase_near_the_ends_gives_a_date_or_says_why(phrase: str, today: dt.date) -> None:
    try:
        day = parse_date(phrase, today)
    except ValueError as error:  # never OverflowError: that would be a crash in the form
        assert "past the end of the calendar" in str(error)
    else:
        assert FIRST <= day <= LAST


def test_a_search_to_the_last_month_of_the_calendar_is_a_date() -> None:
    from facilitator.search import parse_query

    assert parse_query("to:9999-12") is not None  # was 'not a date on the calendar'


far_dates = st.one_of(
    st.sampled_from([LAST, FIRST]),  # the very ends, where adding or taking a day fails
    st.dates(min_value=LAST - dt.timedelta(days=40), max_value=LAST),
    st.dates(min_value=FIRST, max_value=FIRST + dt.timedelta(days=40)),
)


def at_far_dates(meeting: Meeting, draw: st.DrawFn) -> Meeting:
    meeting.date = draw(far_dates)
    meeting.next_review = draw(st.one_of(st.none(), far_dates))
    for action in meeting.actions:
        action.due = draw(st.one_of(st.none(), far_dates))
    return meeting


@st.composite
def far_meetings(draw: st.DrawFn) -> tuple[Meeting, Meeting]:
    """A meeting and an earlier one of the same partnership (for the trend), dated at the calendar's ends."""
    meeting = at_far_dates(draw(meetings()), draw)
    earlier = at_far_dates(copy.deepcopy(draw(meetings())), draw)
    earlier.partnership, earlier.id = meeting.partnership, meeting.id + "-earlier"
    return meeting, earlier


@settings(max_examples=EXAMPLES, deadline=None)
@given(far_meetings())
def test_every_renderer_takes_dates_at_the_ends_of_the_calendar(pair: tuple[Meeting, Meeting]) -> None:
    meeting, earlier = pair
    render_markdown(meeting, [earlier])
    render_text(meeting, [earlier])
    health_trend([earlier, meeting])
    for step in [None, *meeting.steps]:
        nudges(meeting, Moment(step=step, step_elapsed=1e9))
    rows = meeting_rows(meeting) + meeting_rows(earlier)
    spreadsheet.actions_csv(rows)
    ics.actions_ics(rows, now=NOW)
    for output_format in ("md", "json", "csv"):
        writer.meeting_export(meeting, output_format, now=NOW, history=[earlier])
    if ics.calendar_entries(meeting, meeting_rows(meeting)):
        calendar = icalendar.Calendar.from_ical(writer.meeting_export(meeting, "ics", now=NOW))
        if meeting.next_review:
            [event] = calendar.walk("VEVENT")
            assert event.decoded("DTSTART") == meeting.next_review


def test_a_review_on_the_last_day_of_the_calendar_is_a_one_day_event() -> None:
    meeting = review_meeting(next_review=LAST)
    text = writer.meeting_export(meeting, "ics", now=NOW)  # was OverflowError: DTEND = date + 1 day
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("DTSTART") == LAST and "DTEND" not in event


def test_every_command_prints_a_meeting_held_at_the_end_of_the_calendar(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = review_meeting(date=LAST, next_review=LAST, status=MeetingStatus.CLOSED)
    for action in meeting.actions:
        action.due = LAST
    with Store(db_path) as store:
        store.add(meeting)
    runs = [
        ["list"],
        ["list", "--json"],
        ["show", meeting.id],
        ["show", meeting.id, "--format", "md"],
        *(["export", meeting.id, "--format", f] for f in ("md", "json", "csv", "ics")),
        *(["actions", "--format", f] for f in ("txt", "csv", "json", "ics")),
        ["actions", "--overdue"],
    ]
    for argv in runs:
        assert main([*argv, "--db", str(db_path)]) == 0, argv
        out, err = capsys.readouterr()
        assert (out or "No actions match" in err) and "Traceback" not in err, argv  # that note is on stderr
    assert main(["export", meeting.id, "--format", "ics", "-o", str(tmp_path / "r.ics"), "--db", str(db_path)]) == 0


async def test_the_app_exports_a_review_on_the_last_day_or_says_why(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as store:
        store.add(review_meeting(next_review=LAST, status=MeetingStatus.CLOSED))
    app = make_app(db_path)
    told = record_notifications(app)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("enter")
        await wait_for_workers(pilot)
        await until(pilot, lambda: isinstance(app.screen, MinutesScreen))
        assert isinstance(app.screen, MinutesScreen)
        await pilot.press("x", FULL_MINUTES, "ctrl+u")  # the full Markdown minutes, then the name
        await type_text(pilot, str(tmp_path / "review.ics"))
        await pilot.press("enter")
        await wait_for_workers(pilot)
        await until(pilot, lambda: bool(told))
    assert (tmp_path / "review.ics").exists(), told  # before: nothing written, nothing said
    assert any("Wrote the calendar" in message for message in told)


@pytest.mark.parametrize("today", [LAST, FIRST + dt.timedelta(days=1)])
async def test_the_app_runs_on_the_last_and_first_days_with_meetings_dated_there(
    today: dt.date, db_path: Path, tmp_path: Path
) -> None:
    closed = review_meeting(date=LAST, next_review=LAST, status=MeetingStatus.CLOSED)
    closed.actions[0].due, closed.actions[1].due = LAST, FIRST
    earlier = review_meeting(date=FIRST, next_review=FIRST, status=MeetingStatus.CLOSED)
    with Store(db_path) as store:
        store.add_many([closed, earlier])
        store.save(review_meeting(date=today, next_review=None, actions=[]))  # in progress
    app = make_app(db_path, now=dt.datetime.combine(today, dt.time(14, 25)))
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")  # history, with the trend
        await wait_for_workers(pilot)
        await pilot.press("enter")  # the minutes
        await wait_for_workers(pilot)
        await pilot.press("escape", "escape", "a")  # every action
        await wait_for_workers(pilot)
        await pilot.press("u")  # a new due date a week on from the end of the calendar
        await type_text(pilot, "+1w")
        await pilot.press("enter")
        await wait_for_workers(pilot)
        await pilot.press("escape", "escape", "r", "f6")  # the meeting in progress: its actions
        await type_text(pilot, "Book the room")
        await pilot.press("tab")
        await type_text(pilot, "Denise")
        await pilot.press("tab")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await pilot.press("f7")  # close, with its preview and tips
        await wait_for_workers(pilot)
        assert app.is_running
