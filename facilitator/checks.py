"""The checks every part of a meeting makes of its values, and the error they raise.

A refusal is a ``ValidationError`` whose message names the field and says what is wrong, fit to
show a person as it is. The model (``facilitator.model``) and the template loader use them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

# Far longer than anything said in a meeting; keeps a stray 1 MB paste out of the minutes.
MAX_TEXT = 10_000
MAX_TIME_BOX = 600  # minutes
RATING_RANGE = range(1, 6)


class ValidationError(ValueError):
    """A value the meeting cannot hold; ``str()`` is a message for the user."""

    def __init__(self, field_path: str, message: str) -> None:
        self.field_path = field_path
        self.problem = message
        super().__init__(f"{field_path}: {message}")

    def within(self, parent: str) -> ValidationError:
        """The same problem, located inside ``parent`` (e.g. 'actions[2]')."""
        return ValidationError(f"{parent}.{self.field_path}", self.problem)


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
        raise ValidationError(name, f"{value!r} is not one of: {allowed}") from None


def optional_choice(value: Any, kind: type[StrEnum], name: str) -> Any:
    return None if value is None else choice(value, kind, name)


def optional_date(value: Any, name: str) -> dt.date | None:
    # A datetime is a date to isinstance, but would be stored with its time and refused on reading.
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise ValidationError(name, f"{value!r} is not a date")
    return value


def optional_time(value: Any, name: str) -> dt.time | None:
    if value is not None and not isinstance(value, dt.time):
        raise ValidationError(name, f"{value!r} is not a time of day")
    return value


def rating_value(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATING_RANGE:
        raise ValidationError(name, f"{value!r} is not a rating from 1 (a worry) to 5 (strong)")
    return value
