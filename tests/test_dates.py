"""Dates and times as a facilitator types them while the meeting is running.

Every test fixes "today" to Monday 23 November 2026, so "+2w" and "fri" always mean
the same day whatever the calendar on the machine says.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.dates import WEEKDAYS, parse_date, parse_iso_date, parse_time

MONDAY = dt.date(2026, 11, 23)


def test_the_review_day_is_a_monday() -> None:
    assert MONDAY.weekday() == 0


# --- what can be typed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("  2027-01-15 ", dt.date(2027, 1, 15)),
        ("2028-02-29", dt.date(2028, 2, 29)),
        ("today", MONDAY),
        ("Today", MONDAY),
        ("tomorrow", dt.date(2026, 11, 24)),
        (" TOMORROW ", dt.date(2026, 11, 24)),
        ("+0d", MONDAY),
        ("+3d", dt.date(2026, 11, 26)),
        ("+10d", dt.date(2026, 12, 3)),
        ("+2w", dt.date(2026, 12, 7)),
        ("+1m", dt.date(2026, 12, 23)),
        ("+2m", dt.date(2027, 1, 23)),
        ("+12m", dt.date(2027, 11, 23)),
        ("+3 d", dt.date(2026, 11, 26)),
        ("+2W", dt.date(2026, 12, 7)),
    ],
)
def test_a_due_date_can_be_typed_the_way_people_say_it(typed: str, meant: dt.date) -> None:
    assert parse_date(typed, today=MONDAY) == meant


@pytest.mark.parametrize(
    ("today", "meant"),
    [
        (dt.date(2027, 1, 31), dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (dt.date(2026, 12, 31), dt.date(2027, 1, 31)),
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_a_month_from_the_end_of_a_long_month_lands_on_the_last_day_of_the_next(today: dt.date, meant: dt.date) -> None:
    assert parse_date("+1m", today=today) == meant


def test_a_year_from_a_leap_day_is_the_last_day_of_february() -> None:
    assert parse_date("+12m", today=dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert parse_date("+48m", today=dt.date(2028, 2, 29)) == dt.date(2032, 2, 29)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tue", dt.date(2026, 11, 24)),
        ("wed", dt.date(2026, 11, 25)),
        ("thurs", dt.date(2026, 11, 26)),
        ("fri", dt.date(2026, 11, 27)),
        ("Fri", dt.date(2026, 11, 27)),
        ("FRIDAY", dt.date(2026, 11, 27)),
        ("friday", dt.date(2026, 11, 27)),
        ("frid", dt.date(2026, 11, 27)),
        (" sat ", dt.date(2026, 11, 28)),
        ("sunday", dt.date(2026, 11, 29)),
    ],
)
def test_a_weekday_means_the_next_one_after_today(typed: str, meant: dt.date) -> None:
    assert parse_date(typed, today=MONDAY) == meant


@pytest.mark.parametrize("typed", ["mon", "Monday", "MONDAY"])
def test_naming_todays_weekday_means_next_week_never_today(typed: str) -> None:
    assert parse_date(typed, today=MONDAY) == dt.date(2026, 11, 30)


@settings(max_examples=100, deadline=None)
@given(
    today=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    weekday=st.sampled_from(WEEKDAYS),
    length=st.integers(3, 9),
)
def test_a_weekday_is_always_one_to_seven_days_ahead_and_on_that_day(today: dt.date, weekday: str, length: int) -> None:
    day = parse_date(weekday[:length], today=today)
    assert 1 <= (day - today).days <= 7
    assert day.weekday() == WEEKDAYS.index(weekday)


@settings(max_examples=200, deadline=None)
@given(st.dates())
def test_any_date_written_out_in_iso_form_reads_back_as_itself(day: dt.date) -> None:
    assert parse_date(day.isoformat(), today=MONDAY) == day
    assert parse_iso_date(day.isoformat()) == day


def test_without_a_today_the_real_today_is_used() -> None:
    before = dt.date.today()
    typed = parse_date("today")
    assert typed in {before, dt.date.today()}  # the clock may pass midnight in between


# --- what is refused, and what the person is told ----------------------------------------


@pytest.mark.parametrize("typed", ["2026-13-01", "2026-02-30", "2027-02-29", "2026-04-31", "2026-00-10"])
def test_a_date_that_is_not_on_the_calendar_is_refused(typed: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(typed, today=MONDAY)
    assert str(caught.value) == f"'{typed}' is not a real date on the calendar"


@pytest.mark.parametrize("typed", ["soon", "+2x", "next week", "01/12/2026", "2026-12-1", "fr", "+d", "-2d", "+12345d"])
def test_words_that_are_not_a_date_are_refused_with_the_forms_that_work(typed: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(typed, today=MONDAY)
    message = str(caught.value)
    assert message.startswith(f"'{typed}' is not a date")
    for example in ("YYYY-MM-DD", "+2w", "today", "fri"):
        assert example in message


@pytest.mark.parametrize("typed", ["", "   ", "\t\n"])
def test_no_date_at_all_is_refused_as_no_date_given(typed: str) -> None:
    with pytest.raises(ValueError, match=r"^no date given$"):
        parse_date(typed, today=MONDAY)


def test_a_refusal_does_not_echo_control_characters_or_a_whole_paste() -> None:
    with pytest.raises(ValueError) as caught:
        parse_date("\x1b[31msoon\x07" + "x" * 500, today=MONDAY)
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message
    assert "…" in message
    assert len(message) < 200


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_anything_typed_is_either_a_date_or_a_plain_refusal(typed: str) -> None:
    try:
        parse_date(typed, today=MONDAY)
    except ValueError as error:
        assert str(error)
        assert all(char.isprintable() for char in str(error))


# --- times of day ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("14:30", dt.time(14, 30)),
        ("9:05", dt.time(9, 5)),
        ("09:05", dt.time(9, 5)),
        ("00:00", dt.time(0, 0)),
        ("23:59", dt.time(23, 59)),
        (" 10:00 ", dt.time(10, 0)),
        ("10.15", dt.time(10, 15)),
    ],
)
def test_a_time_of_day_is_typed_as_hours_and_minutes(typed: str, meant: dt.time) -> None:
    assert parse_time(typed) == meant


@pytest.mark.parametrize("typed", ["25:00", "24:00", "14:60", "99:99"])
def test_a_time_that_is_not_on_the_clock_is_refused(typed: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_time(typed)
    assert str(caught.value) == f"'{typed}' is not a time of day"


@pytest.mark.parametrize("typed", ["noon", "", "1430", "2pm", "14:3", "14:30:00", "-1:00"])
def test_a_time_in_words_is_refused_with_the_form_that_works(typed: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_time(typed)
    assert str(caught.value) == f"'{typed}' is not a time: use HH:MM (e.g. 14:30)"


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 23), st.integers(0, 59))
def test_any_time_written_as_hh_mm_reads_back_as_itself(hour: int, minute: int) -> None:
    moment = dt.time(hour, minute)
    assert parse_time(moment.strftime("%H:%M")) == moment


def test_full_width_digits_are_refused_as_not_a_date_rather_than_misread() -> None:
    with pytest.raises(ValueError, match="use YYYY-MM-DD"):
        parse_date("２０２６-１２-０１", today=MONDAY)
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time("１４:３０")


def test_a_relative_date_past_the_end_of_the_calendar_is_a_clear_refusal() -> None:
    with pytest.raises(ValueError, match="end of the calendar"):
        parse_date("+9999w", today=dt.date(9990, 1, 1))
