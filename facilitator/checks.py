"""The checks every part of a meeting makes of its values, and the error they raise.

A refusal is a ``ValidationError`` whose message names the field and says what is wrong, fit to
show a person as it is. The model (``facilitator.model``) and the template loader use them.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
import uuid
from enum import StrEnum
from typing import Any

# Far longer than anything said in a meeting; keeps a stray 1 MB paste out of the minutes.
MAX_TEXT = 10_000
MAX_TIME_BOX = 600  # minutes
RATING_RANGE = range(1, 6)

# Bounds no one running meetings could reach, which keep numbers and lists from a damaged or
# forged file out of the minutes (an int of over 4,300 digits cannot even be written as text).
MAX_REVISION = 10**9  # a save every second for thirty years
MAX_SPENT = 366 * 24 * 3600  # seconds on one agenda item: a year
MAX_CARRIED = 10_000  # meetings an action has been carried through
MAX_ITEMS = 10_000  # entries in any one list of a meeting (notes, actions, attendees, ...)
# Ids are made by the app (uuid4 hex) or shipped ('demo-may-2026'); a step key is an identifier
# as templates write them. Neither may carry spaces, markup or control characters.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
KEY_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


class ValidationError(ValueError):
    """A value the meeting cannot hold; ``str()`` is a message for the user."""

    def __init__(self, field_path: str, message: str) -> None:
        self.field_path = field_path
        self.problem = message
        super().__init__(f"{field_path}: {message}")

    def within(self, parent: str) -> ValidationError:
        """The same problem, located inside ``parent`` (e.g. 'actions[2]')."""
        return ValidationError(f"{parent}.{self.field_path}", self.problem)


class TooLongNumber(str):
    """A number in a file from outside with more digits than Python turns into an int (4,300):
    read as its digits, so that the check of its field refuses it by name."""

    def __repr__(self) -> str:
        return f"a number of {len(self.lstrip('-')):,} digits"


def parse_int(digits: str) -> int | TooLongNumber:
    """``json.loads``'s ``parse_int``: an int, or a ``TooLongNumber`` the model refuses."""
    return TooLongNumber(digits) if len(digits) > 4000 else int(digits)


def new_id() -> str:
    return uuid.uuid4().hex


def required_text(value: str, name: str) -> str:
    text = plain_text(value, name)
    if not text:
        raise ValidationError(name, "must not be empty")
    return text


def plain_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(name, f"must be text, not {type(value).__name__}")
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(name, f"is {len(text):,} characters long; the limit is {MAX_TEXT:,}")
    return text


def choice(value: Any, kind: type[StrEnum], name: str) -> Any:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ValidationError(name, f"{_shown(value)} is not one of: {allowed}") from None


def optional_choice(value: Any, kind: type[StrEnum], name: str) -> Any:
    return None if value is None else choice(value, kind, name)


def optional_date(value: Any, name: str) -> dt.date | None:
    # A datetime is a date to isinstance, but would be stored with its time and refused on reading.
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise ValidationError(name, f"{_shown(value)} is not a date")
    # Any date Python holds is accepted: every date sum in the renderers, exports and date phrases
    # is guarded at the calendar's ends instead (tests/test_far_dates.py).
    return value


def whole_number(value: Any, name: str, limit: int, unit: str) -> int:
    """An int from 0 to ``limit``; the message names the unit ('seconds', 'meetings')."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(name, f"{_shown(value)} is not a number of {unit}")
    if not 0 <= value <= limit:
        if abs(value) >= 10**15:
            raise ValidationError(name, f"{_shown(value)} is far beyond the limit of {limit:,} {unit}")
        raise ValidationError(name, f"{_shown(value)} {unit} is outside 0 to {limit:,}")
    return value


def identifier(value: Any, name: str, *, optional: bool = False) -> str:
    """An id: letters, digits, '.', '_' and '-', at most 100; '' too when ``optional``."""
    if not isinstance(value, str):
        raise ValidationError(name, f"must be text, not {type(value).__name__}")
    if optional and value == "":
        return value
    if not ID_PATTERN.fullmatch(value):
        raise ValidationError(name, f"{_shown(value)} is not an id (letters, digits, '.', '_' and '-', at most 100)")
    return value


def step_key(value: Any, name: str) -> str:
    """A step's key: a letter, then letters, digits, '_' and '-', at most 64."""
    if not isinstance(value, str):
        raise ValidationError(name, f"must be text, not {type(value).__name__}")
    if not KEY_PATTERN.fullmatch(value):
        raise ValidationError(name, f"{_shown(value)} is not a step key (a letter, then letters, digits, '_' or '-')")
    return value


def bounded_list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationError(name, f"expected a list, found {type(value).__name__}")
    if len(value) > MAX_ITEMS:
        raise ValidationError(name, f"has {len(value):,} entries; the limit is {MAX_ITEMS:,}")
    return value


def _shown(value: Any) -> str:
    """A value quoted in a message: short, one line, no control characters, no huge number spelt out."""
    if isinstance(value, TooLongNumber):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1:,} digits"
    text = _SHORT.repr(value)  # reprlib: bounded however long or deeply nested the value
    return "".join(ch if ch.isprintable() else "?" for ch in text)


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxdict = 2, 40, 40, 3, 3


def optional_time(value: Any, name: str) -> dt.time | None:
    if value is not None and not isinstance(value, dt.time):
        raise ValidationError(name, f"{_shown(value)} is not a time of day")
    return value


def rating_value(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATING_RANGE:
        raise ValidationError(name, f"{_shown(value)} is not a rating from 1 (a worry) to 5 (strong)")
    return value


MAX_EMAIL = 254  # the longest address mail can carry (RFC 5321's path limit, less its brackets)


def email_address(value: Any, name: str) -> str:
    """An optional email address, checked loosely: '' or one '@' with something either side,
    no spaces and no control characters. Mail systems accept far more than a strict pattern
    would, so this only catches what is plainly not an address ('sam at yot', 'sam@@yot')."""
    text = plain_text(value, name)
    if not text:
        return text
    shown = _shown(text)
    if any(ch.isspace() for ch in text):
        raise ValidationError(name, f"{shown} has a space in it; an email address has none")
    if any(not ch.isprintable() for ch in text):
        raise ValidationError(name, f"{shown} has a control character in it")
    local, at, domain = text.partition("@")
    if not at or "@" in domain or not local or not domain:
        raise ValidationError(name, f"{shown} is not an email address (one @, as in sam@example.org)")
    if len(text) > MAX_EMAIL:
        raise ValidationError(name, f"is {len(text)} characters long; an email address is at most {MAX_EMAIL}")
    return text
