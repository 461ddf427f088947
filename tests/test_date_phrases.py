"""Approximate dates as meetings agree them ('before Easter', 'w/c 29 March', 'in the summer holidays'):
read relative to the meeting's day, kept as words, resolved to a range when they can be, flagged when not.

"Today" is Tuesday 1 December 2026 unless a test says otherwise: the next Easter is Sunday 28 March 2027.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.date_phrases import (
    FLAG,
    MAX_PHRASE,
    Holidays,
    When,
    due_words,
    easter,
    load_holidays,
    read_phrase,
    read_when,
    refers_to_next_meeting,
)
from facilitator.dates import parse_date

TODAY = dt.date(2026, 12, 1)
D = dt.date


# --- the phrases ----------------------------------------------------------------------------------

PHRASES = [
    # (typed, first day, last day)
    ("before Easter", TODAY, D(2027, 3, 27)),
    ("Before Easter.", TODAY, D(2027, 3, 27)),
    ("by Easter", TODAY, D(2027, 3, 28)),
    ("after Easter", D(2027, 3, 29), D(2027, 4, 4)),
    ("Easter", D(2027, 3, 28), D(2027, 3, 28)),
    ("Good Friday", D(2027, 3, 26), D(2027, 3, 26)),
    ("Easter Monday", D(2027, 3, 29), D(2027, 3, 29)),
    ("Easter weekend", D(2027, 3, 26), D(2027, 3, 29)),
    ("w/c 29 March", D(2027, 3, 29), D(2027, 4, 4)),
    ("W/C 29th March", D(2027, 3, 29), D(2027, 4, 4)),
    ("week commencing 29 March", D(2027, 3, 29), D(2027, 4, 4)),
    ("wc 29/3", D(2027, 3, 29), D(2027, 4, 4)),
    ("end of March", D(2027, 3, 25), D(2027, 3, 31)),
    ("by the end of March", TODAY, D(2027, 3, 31)),
    ("beginning of March", D(2027, 3, 1), D(2027, 3, 7)),
    ("early March", D(2027, 3, 1), D(2027, 3, 10)),
    ("mid-March", D(2027, 3, 11), D(2027, 3, 20)),
    ("middle of March", D(2027, 3, 11), D(2027, 3, 20)),
    ("late March", D(2027, 3, 21), D(2027, 3, 31)),
    ("end of February", D(2027, 2, 22), D(2027, 2, 28)),
    ("end of February 2028", D(2028, 2, 23), D(2028, 2, 29)),
    ("March", D(2027, 3, 1), D(2027, 3, 31)),
    ("in March 2028", D(2028, 3, 1), D(2028, 3, 31)),
    ("December", D(2026, 12, 1), D(2026, 12, 31)),  # this month: its end is still to come
    ("November", D(2027, 11, 1), D(2027, 11, 30)),  # last month's gone: next year's
    ("end of the month", D(2026, 12, 25), D(2026, 12, 31)),
    ("end of next month", D(2027, 1, 25), D(2027, 1, 31)),
    ("next week", D(2026, 12, 7), D(2026, 12, 13)),
    ("this week", TODAY, D(2026, 12, 6)),
    ("next month", D(2027, 1, 1), D(2027, 1, 31)),
    ("the week after next", D(2026, 12, 14), D(2026, 12, 20)),
    ("no later than 12 Jan", TODAY, D(2027, 1, 12)),
    ("Christmas Eve", D(2026, 12, 24), D(2026, 12, 24)),
    ("Christmas", D(2026, 12, 25), D(2026, 12, 25)),
    ("before Christmas", TODAY, D(2026, 12, 24)),
    ("New Year", D(2027, 1, 1), D(2027, 1, 1)),
    ("after New Year", D(2027, 1, 2), D(2027, 1, 8)),
    ("in the summer holidays", D(2027, 7, 23), D(2027, 8, 31)),
    ("during the summer hols", D(2027, 7, 23), D(2027, 8, 31)),
    ("before the summer holidays", TODAY, D(2027, 7, 22)),
    ("by the summer holidays", TODAY, D(2027, 7, 22)),
    ("after the summer holidays", D(2027, 9, 1), D(2027, 9, 7)),
    ("Easter holidays", D(2027, 3, 29), D(2027, 4, 9)),
    ("Christmas holidays", D(2026, 12, 21), D(2027, 1, 1)),
    ("half term", D(2027, 2, 15), D(2027, 2, 19)),
    ("before half term", TODAY, D(2027, 2, 14)),
    ("October half term", D(2027, 10, 25), D(2027, 10, 29)),
    ("February half-term", D(2027, 2, 15), D(2027, 2, 19)),
    ("in 2 weeks", D(2026, 12, 15), D(2026, 12, 15)),
    ("by 12 January", TODAY, D(2027, 1, 12)),
]


@pytest.mark.parametrize(("typed", "first", "last"), PHRASES)
def test_a_phrase_is_kept_in_its_words_with_the_days_it_means(typed: str, first: dt.date, last: dt.date) -> None:
    when = read_when(typed, TODAY)
    assert (when.start, when.end, when.due) == (first, last, last)
    assert when.text == " ".join(typed.split()) and when.resolved and not when.problem


@pytest.mark.parametrize(
    "typed", ["2026-12-01", "today", "tomorrow", "+2w", "+3d", "+1m", "fri", "Friday", "mon", " 2027-01-15 "]
)
def test_what_was_accepted_before_is_a_plain_date_exactly_as_before(typed: str) -> None:
    when = read_when(typed, TODAY)
    assert when == When("", parse_date(typed, TODAY), parse_date(typed, TODAY))


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("29 March", D(2027, 3, 29)),
        ("March 29th", D(2027, 3, 29)),
        ("29/3/2028", D(2028, 3, 29)),
        ("3 Dec", D(2026, 12, 3)),
    ],
)
def test_a_day_and_month_is_a_plain_date_in_the_next_year_that_has_it(typed: str, day: dt.date) -> None:
    assert read_when(typed, TODAY) == When("", day, day)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("by the next meeting", "next review date is not set"),
        ("asap", "not a date or a phrase"),
        ("end of term", "not a month"),
        ("by 30 February", "not a day of the year"),
        ("before", "not a date or a phrase"),
    ],
)
def test_words_that_name_no_day_are_kept_and_flagged_never_refused(typed: str, why: str) -> None:
    when = read_when(typed, TODAY)
    assert (when.text, when.start, when.end) == (typed, None, None)
    assert why in when.problem and FLAG in when.hint()
    assert due_words(when.due, when.text) == f"{typed} {FLAG}"


def test_by_the_next_meeting_is_the_next_review_when_it_is_set() -> None:
    review = D(2027, 2, 10)
    assert read_when("by the next meeting", TODAY, next_meeting=review) == When(
        "by the next meeting", TODAY, review, deadline=True
    )
    assert read_when("next meeting", TODAY, next_meeting=review) == When("next meeting", review, review)
    assert read_when("before the next meeting", TODAY, next_meeting=review).end == D(2027, 2, 9)
    assert refers_to_next_meeting("By the next meeting.") and refers_to_next_meeting("next review")
    assert not refers_to_next_meeting("before Easter") and not refers_to_next_meeting("")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "no date given"),
        ("   ", "no date given"),
        ("x" * (MAX_PHRASE + 1), "too long"),
        ("before\x1b[31mEaster", "control characters"),
        ("end of\nMarch", "control characters"),
        ("2026-02-30", "not a real date"),  # a slip in a plain form is still put right, as before
        ("+5x", "is not a date"),
    ],
)
def test_only_empty_over_long_control_characters_or_a_plain_date_slip_are_refused(typed: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        read_when(typed, TODAY)


def test_a_year_is_the_next_occurrence_from_the_meetings_day() -> None:
    assert read_when("before Easter", D(2027, 3, 28)).end == D(2028, 4, 15)  # on Easter Sunday: next year's
    assert read_when("Easter", D(2027, 3, 28)).end == D(2027, 3, 28)  # today's Easter is still Easter
    assert read_when("end of March", D(2027, 3, 30)).end == D(2027, 3, 31)  # still in it
    assert read_when("end of March", D(2027, 4, 1)).end == D(2028, 3, 31)
    assert read_when("in the summer holidays", D(2027, 8, 1)).end == D(2027, 8, 31)  # during them: these
    assert read_when("before the summer holidays", D(2027, 8, 1)).end == D(2028, 7, 20)  # begun: next year's


def test_holidays_beyond_the_table_are_flagged_not_guessed() -> None:
    when = read_when("in the summer holidays", D(2031, 1, 1))
    assert when.end is None and "no summer holidays dates after 1 Jan 2031" in when.problem


@pytest.mark.parametrize("today", [dt.date.max, dt.date.max - dt.timedelta(days=3), dt.date.min])
@pytest.mark.parametrize("typed", [typed for typed, _, _ in PHRASES] + ["after Christmas", "w/c 31/12"])
def test_every_phrase_at_the_ends_of_the_calendar_gives_a_range_or_a_flag(typed: str, today: dt.date) -> None:
    when = read_when(typed, today)
    assert when.end is None or (when.start is not None and when.start <= when.end)


# --- never raises; the range is ordered; the latest day is the one used -------------------------

WORDS = st.sampled_from(
    ["before", "by", "after", "the", "end", "of", "mid", "w/c", "March", "Easter", "summer", "holidays", "half",
     "term", "next", "week", "month", "29", "3", "/", "2027", "Christmas", "meeting", "early", "late", "in", "+2w",
     "fri", "29th", "new", "year", "-", "."]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=60), st.lists(WORDS, max_size=6).map(" ".join))
DAYS = st.one_of(st.dates(), st.sampled_from([dt.date.max, dt.date.min, TODAY]))


@given(text=TEXTS, today=DAYS, review=st.none() | DAYS)
def test_reading_never_raises_but_a_value_error_and_every_range_is_in_order(
    text: str, today: dt.date, review: dt.date | None
) -> None:
    try:
        when = read_when(text, today, next_meeting=review)
    except ValueError as error:
        assert str(error)  # a refusal says why
        return
    if when.end is None:
        assert when.start is None and when.text and when.problem
    else:
        assert when.start is not None and when.start <= when.end and when.due == when.end
        assert due_words(when.due, when.text) != ""


@given(text=TEXTS, today=DAYS)
def test_a_phrase_is_read_without_raising_whatever_it_says(text: str, today: dt.date) -> None:
    when = read_phrase(text, today)
    assert when.end is None or (when.start is not None and when.start <= when.end)


# --- Easter by the computus ------------------------------------------------------------------------

KNOWN_EASTERS = [
    D(1818, 3, 22),  # the earliest it can be
    D(1886, 4, 25),  # the latest it can be
    D(1943, 4, 25),
    D(1961, 4, 2),
    D(2000, 4, 23),
    D(2008, 3, 23),
    D(2011, 4, 24),
    D(2019, 4, 21),
    D(2024, 3, 31),
    D(2025, 4, 20),
    D(2026, 4, 5),
    D(2027, 3, 28),
    D(2028, 4, 16),
    D(2029, 4, 1),
    D(2030, 4, 21),
    D(2038, 4, 25),
    D(2285, 3, 22),
]


@pytest.mark.parametrize("sunday", KNOWN_EASTERS)
def test_easter_is_worked_out_by_the_gregorian_computus(sunday: dt.date) -> None:
    assert easter(sunday.year) == sunday


@given(st.integers(min_value=1583, max_value=9999))
def test_easter_is_always_a_sunday_between_22_march_and_25_april(year: int) -> None:
    day = easter(year)
    assert day.weekday() == 6 and D(year, 3, 22) <= day <= D(year, 4, 25)


# --- the school holidays table and the user's own -------------------------------------------------


def test_the_shipped_table_travels_in_the_wheel() -> None:
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data" = "facilitator/data"' in pyproject  # the whole data folder, holidays.toml with it
    assert (Path(__file__).resolve().parent.parent / "data" / "holidays.toml").is_file()


def test_a_users_holidays_file_replaces_a_holiday_of_the_same_name_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "holidays.toml").write_text(
        '[[holiday]]\nname = "Summer holidays"\nalso = ["big break"]\ndates = [[2027-07-16, 2027-09-03]]\n',
        encoding="utf-8",
    )
    table = load_holidays(tmp_path)
    assert read_when("in the summer holidays", TODAY, holidays=table).end == D(2027, 9, 3)
    assert read_when("before the big break", TODAY, holidays=table).end == D(2027, 7, 15)
    assert read_when("summer hols", TODAY, holidays=table).end is None  # the shipped other names went with it
    assert read_when("Easter holidays", TODAY, holidays=table).end == D(2027, 4, 9)  # the rest still apply


def test_the_users_file_is_found_in_the_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACILITATOR_CONFIG", str(tmp_path))
    (tmp_path / "holidays.toml").write_text(
        '[[holiday]]\nname = "half term"\ndates = [[2027-02-08, 2027-02-12]]\n', encoding="utf-8"
    )
    assert read_when("by half term", TODAY).end == D(2027, 2, 7)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[[holiday]\n", "cannot be read"),
        ('[[holiday]]\nname = "x"\ndates = [[2027-02-08]]\n', "not a pair of dates"),
        ('[[holiday]]\nname = "x"\ndates = [[2027-02-08, 2027-02-01]]\n', "is before"),
        ("[[holiday]]\ndates = []\n", "has no name"),
    ],
)
def test_a_broken_holidays_file_flags_the_holiday_phrases_and_says_why(
    tmp_path: Path, content: str, problem: str
) -> None:
    (tmp_path / "holidays.toml").write_text(content, encoding="utf-8")
    table = load_holidays(tmp_path)
    when = read_when("in the summer holidays", TODAY, holidays=table)
    assert when.end is None and problem in when.problem and "holidays.toml" in when.problem
    assert read_when("before Easter", TODAY, holidays=table).end == D(2027, 3, 27)  # the rest still read


def test_a_holiday_with_no_dates_known_is_flagged() -> None:
    table = Holidays({"inset days": ()}, {"inset days": "inset days"})
    assert "no inset days dates" in read_when("inset days", TODAY, holidays=table).problem


# --- how it reads -------------------------------------------------------------------------------------


def test_the_words_are_shown_with_the_latest_day_they_mean() -> None:
    assert due_words(D(2027, 3, 27), "before Easter") == "before Easter (by Sat 27 Mar 2027)"
    assert due_words(D(2027, 3, 27)) == "27 Mar 2027"
    assert due_words(None, "by the next meeting") == "by the next meeting ⚑"
    assert due_words(None, "", "(no date)") == "(no date)"
