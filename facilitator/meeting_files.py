"""Meetings in and out of JSON files: the json export, ``facilitator import`` and the shipped demo meetings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.checks import parse_int
from facilitator.document_schema import SchemaError, from_document, to_document
from facilitator.errors import ImportRefused
from facilitator.model import Meeting, ValidationError
from facilitator.resources import demo_files

if TYPE_CHECKING:
    from facilitator.exporters.formats import MeetingExport


def meeting_json(meeting: Meeting) -> str:
    """One meeting as the JSON ``facilitator import`` takes back: an object with ``id`` and ``schema``.

    ASCII-only, so control characters and C1 codes are escaped, never written raw.
    """
    return json.dumps(to_document(meeting), indent=2, ensure_ascii=True) + "\n"


def meeting_file(what: MeetingExport) -> str:
    """The exporter table's renderer (``facilitator.exporters.formats``): ``meeting_json``."""
    return meeting_json(what.meeting)


def read_meetings_file(path: Path) -> list[Meeting]:
    """Meetings from an exported JSON file: one meeting object, or a list of them."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportRefused(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise ImportRefused(f"cannot read {path}: {reason}.") from None
    try:
        data = json.loads(text, parse_int=parse_int)  # a 5,000-digit number is refused by its field's name
    except json.JSONDecodeError as error:
        raise ImportRefused(f"{path} is not JSON (line {error.lineno}, column {error.colno}: {error.msg}).") from None
    except RecursionError:
        raise ImportRefused(f"{path} is not a file Facilitator can import: it is nested too deeply to read.") from None

    items = data if isinstance(data, list) else [data]
    if not items:
        raise ImportRefused(f"{path} holds an empty list, no meeting. Nothing was imported.")
    meetings = []
    for index, item in enumerate(items):
        where = f"{path}" if len(items) == 1 else f"{path}, meeting {index + 1}"
        try:
            meetings.append(from_document(item))
        except (ValidationError, SchemaError) as error:
            raise ImportRefused(
                f"{where} is not a meeting Facilitator can import: {error}. Nothing was imported."
            ) from None
    return meetings


def demo_meetings() -> list[Meeting]:
    """The demo meetings shipped in data/demo, oldest first."""
    meetings = []
    for path in demo_files():
        meetings.extend(read_meetings_file(path))
    if not meetings:
        raise ImportRefused("the demo meetings are missing from this installation; reinstall Facilitator.")
    return meetings
