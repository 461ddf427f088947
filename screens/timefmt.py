"""Durations and dates as the screens show them: one form each, everywhere."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from facilitator.text import clean_line

# The date phrases (their table of holidays and patterns) and the date reader are imported where
# first used: the home screen shows dates only once the minutes are read, after its first paint.
if TYPE_CHECKING:
    from facilitator.date_phrases import When


def minutes_seconds(seconds: float) -> str:
    """'12:03' for minutes and seconds; '1:02:03' past the hour."""
    total = int(max(0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def day_text(day: dt.date, *, weekday: bool = False) -> str:
    """'8 Jan 2027' (or 'Fri 8 Jan 2027'): every date the screens show is in this one form.

    The minutes' own table cells use the same (``short_date``), whatever the system's locale.
    The weekday is for confirming a date just typed ('fri', '+2w') or naming a meeting's day.
    """
    # Imported here: the outline brings in the model, which the home screen leaves until after its first paint.
    from facilitator.outline import WEEKDAYS, short_date

    shown = short_date(day)
    return f"{WEEKDAYS[day.weekday()][:3].capitalize()} {shown}" if weekday else shown


def stored_day_text(text: str) -> str:
    """A date as stored ('2027-01-08') in the same form; anything unreadable shown as it is."""
    from facilitator.dates import parse_iso_date

    try:
        return day_text(parse_iso_date(text))
    except ValueError:
        return clean_line(text)


def due_shown(day: dt.date | None, text: str = "", none: str = "—") -> str:
    """A due date in a table: '8 Jan 2027', 'before Easter (by Sat 27 Mar 2027)', 'by the next meeting ⚑'."""
    from facilitator.date_phrases import due_words

    return due_words(day, text, none)


def due_hint(when: When, lead: str = "Due") -> str:
    """What a date box says under it as one types: 'Due Fri 8 Jan 2027', 'Due before Easter: by Sat 27 Mar 2027'."""
    if not when.text:
        return f"{lead} {when.hint()}" if when.end else ""
    if not when.resolved:
        return f"{lead}: {when.hint()}"
    return f"{lead} {clean_line(when.text)}: {when.hint()}"
