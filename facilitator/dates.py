"""Dates as facilitators say them: '2026-12-01', 'today', '+2w', 'fri'.

Parsing is relative to a given day so that tests and the live meeting agree on what
'+2w' means. Every failure raises ``ValueError`` with a message fit to show a user.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# 'fri', 'frid', 'friday' (any prefix of three letters or more) name the same day.
_WEEKDAY_WORDS = {name[:length]: index for index, name in enumerate(WEEKDAYS) for length in range(3, len(name) + 1)}
_RELATIVE = re.compile(r"^\+(\d{1,4})\s*([dwm])$", re.ASCII)
_UNITS = {"d": "days", "w": "weeks", "m": "months"}


def parse_date(text: str, today: date | None = None) -> date:
    """Read a date typed by a person.

    Accepts ISO dates (2026-12-01), 'today', 'tomorrow', '+3d', '+2w', '+1m'
    and a weekday name ('fri', 'friday': the next one after today).
    """
    today = today or date.today()
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError("no date given")
    try:
        return _parse(text, cleaned, today)
    except OverflowError:  # 'tomorrow', '+2w' or 'fri' on a day near 9999-12-31
        raise ValueError(f"{_shown(cleaned)} goes past the end of the calendar (9999-12-31)") from None


def _parse(text: str, cleaned: str, today: date) -> date:
    if cleaned == "today":
        return today
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    relative = _RELATIVE.match(cleaned)
    if relative:
        count, unit = int(relative.group(1)), relative.group(2)
        if unit == "d":
            return today + timedelta(days=count)
        if unit == "w":
            return today + timedelta(weeks=count)
        return _add_months(today, count)
    weekday = _WEEKDAY_WORDS.get(cleaned)
    if weekday is not None:
        # 'fri' on a Friday means next Friday: a due date is never today by accident.
        ahead = (weekday - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    return parse_iso_date(text)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        raise OverflowError(f"{months} months after {day} is past the end of the calendar")
    # The 31st plus one month lands on the last day of a shorter month.
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {day}")  # pragma: no cover


def parse_iso_date(text: str) -> date:
    """Read a YYYY-MM-DD date, saying what is wrong when it is not one."""
    cleaned = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", cleaned):
        raise ValueError(
            f"{_shown(cleaned)} is not a date: use YYYY-MM-DD (e.g. 2026-12-01), "
            "+2w, +3d, +1m, today or a weekday such as fri"
        )
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"{_shown(cleaned)} is not a real date on the calendar") from None


def parse_time(text: str) -> time:
    """Read an HH:MM time of day."""
    cleaned = text.strip()
    match = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})", cleaned)
    if not match:
        raise ValueError(f"{_shown(cleaned)} is not a time: use HH:MM (e.g. 14:30)")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"{_shown(cleaned)} is not a time of day")
    return time(hour, minute)


def _shown(text: str) -> str:
    """Quote user text in a message without letting it run on or carry controls."""
    visible = "".join(ch if ch.isprintable() else "?" for ch in text[:40])
    return repr(visible + ("…" if len(text) > 40 else ""))
