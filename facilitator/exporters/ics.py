"""Actions and the next review for a calendar or to-do app: iCalendar (RFC 5545).

Written by our own code on the light core (no calendar library at run time). Every piece of
user text is neutralised on the way out (``facilitator.text``), as in the minutes, so a
control character or escape sequence pasted into an action never reaches a calendar raw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from facilitator import __version__
from facilitator.date_phrases import FLAG, due_words, is_unresolved
from facilitator.exporters.formats import ActionsExport, MeetingExport
from facilitator.exporters.rows import meeting_rows
from facilitator.model import ActionStatus, Meeting
from facilitator.readmodels import ActionRow
from facilitator.text import clean_block, clean_line

PRODID = f"-//Facilitator//Facilitator {__version__}//EN"
UID_DOMAIN = "facilitator"
LINE_LIMIT = 75  # octets per physical line, CRLF not counted (RFC 5545, 3.1)

_TODO_STATUS = {
    ActionStatus.OPEN: "NEEDS-ACTION",
    ActionStatus.DONE: "COMPLETED",
    ActionStatus.DROPPED: "CANCELLED",
}
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def ics_text(text: str, *, multiline: bool = False) -> str:
    """User text as an iCalendar TEXT value: neutralised, then escaped (RFC 5545, 3.3.11)."""
    cleaned = clean_block(text) if multiline else clean_line(text)
    return cleaned.translate(_TEXT_ESCAPES)


def fold(line: str) -> str:
    """One content line folded into physical lines of at most 75 octets.

    Each continuation line starts with a space, which counts towards its 75. A line is only
    ever broken between characters, never inside a character's UTF-8 bytes.
    """
    if len(line.encode("utf-8")) <= LINE_LIMIT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_LIMIT - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _stamp(now: dt.datetime) -> str:
    """DTSTAMP in UTC. A naive ``now`` is taken as local time."""
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _uid(key: str) -> str:
    return ics_text(f"{key}@{UID_DOMAIN}")


def _todo(row: ActionRow, stamp: str) -> Iterator[str]:
    action = row.action
    assert action.due is not None
    owner = action.owner.strip() or "(no owner)"
    if row.organisation.strip():
        owner = f"{owner} ({row.organisation})"
    description = [
        *([clean_line(row.marking)] if row.marking else []),  # a protective marking comes first, as on paper
        *(["Confidential: not for circulation"] if action.confidential else []),
        f"Owner: {clean_line(owner)}",
        f"Partnership: {clean_line(row.partnership)}",
        f"Agreed at the meeting of {row.meeting_date.isoformat()}",
    ]
    if action.due_text:  # the words agreed; the calendar has the latest day they mean
        description.append(f"Due: {clean_line(due_words(action.due, action.due_text))}")
    if action.carried:
        description.append(f"Carried through {action.carried} later meeting(s)")
    yield "BEGIN:VTODO"
    yield f"UID:{_uid(f'action-{action.id}')}"
    yield f"DTSTAMP:{stamp}"
    yield f"SUMMARY:{ics_text(action.text, multiline=True)}"
    yield f"DESCRIPTION:{ics_text(chr(10).join(description), multiline=True)}"
    yield f"DUE;VALUE=DATE:{_date(action.due)}"
    yield f"STATUS:{_TODO_STATUS[action.status]}"
    if action.confidential:  # a calendar shared with others shows it as busy, not what it is (RFC 5545, 3.8.1.3)
        yield "CLASS:CONFIDENTIAL"
    yield "END:VTODO"


def _review_event(meeting: Meeting, stamp: str) -> Iterator[str]:
    day = meeting.next_review
    assert day is not None
    yield "BEGIN:VEVENT"
    yield f"UID:{_uid(f'next-review-{meeting.id}')}"
    yield f"DTSTAMP:{stamp}"
    yield f"DTSTART;VALUE=DATE:{_date(day)}"
    if day < dt.date.max:  # all day: DTEND is exclusive. With none, a date event lasts its one day (RFC 5545)
        yield f"DTEND;VALUE=DATE:{_date(day + dt.timedelta(days=1))}"
    yield f"SUMMARY:{ics_text('Next partnership review: ' + meeting.partnership)}"
    agreed = f"Agreed at the review of {meeting.date.isoformat()}"
    if meeting.next_review_text:  # 'in the summer holidays': the event sits on the latest day they mean
        agreed += f" as {due_words(day, meeting.next_review_text)}"
    agreed += "."
    description = f"{meeting.marking}\n{agreed}" if meeting.marking else agreed
    yield f"DESCRIPTION:{ics_text(description, multiline=True)}"
    yield "END:VEVENT"


def _calendar(components: Iterable[str]) -> str:
    lines = ["BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN", *components, "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def _todos(rows: Iterable[ActionRow], stamp: str) -> Iterator[str]:
    for row in rows:
        if row.action.due is not None:
            yield from _todo(row, stamp)


def actions_ics(rows: Iterable[ActionRow], *, now: dt.datetime) -> str:
    """A calendar with one to-do per action that has a due date (undated actions are left out)."""
    return _calendar(_todos(rows, _stamp(now)))


def meeting_ics(meeting: Meeting, *, now: dt.datetime) -> str:
    """The meeting's dated actions as to-dos, and its next review (if set) as an all-day event."""
    stamp = _stamp(now)
    event = _review_event(meeting, stamp) if meeting.next_review else iter(())
    return _calendar([*event, *_todos(meeting_rows(meeting), stamp)])


def calendar_entries(meeting: Meeting | None, rows: Iterable[ActionRow]) -> int:
    """How many components ``meeting_ics`` / ``actions_ics`` would write (0: an empty calendar)."""
    dated = sum(1 for row in rows if row.action.due is not None)
    return dated + (1 if meeting is not None and meeting.next_review else 0)


# --- the table's renderers (facilitator.exporters.formats) -----------------------------------


def meeting_calendar(what: MeetingExport) -> str:
    meeting = what.meeting
    if not calendar_entries(meeting, meeting_rows(meeting)):
        raise ValueError(
            f"the meeting of {meeting.date} has no action with a due date and no next review: "
            "nothing to put in a calendar."
        )
    return meeting_ics(meeting, now=what.now)


def rows_calendar(what: ActionsExport) -> str:
    if not calendar_entries(None, what.rows):
        found = "no matching action has a due date" if what.rows else "no actions match"
        raise ValueError(f"{found}: nothing to put in a calendar.")
    return actions_ics(what.rows, now=what.now)


def _undated(rows: Iterable[ActionRow]) -> str:
    rows = list(rows)
    undated = sum(1 for row in rows if row.action.due is None and not row.action.due_text)
    unresolved = [row.action.due_text for row in rows if is_unresolved(row.action.due, row.action.due_text)]
    said = []
    if undated:
        said.append(f"Left out {undated} action(s) with no due date: a calendar needs a date.")
    if unresolved:
        words = ", ".join(repr(clean_line(text)) for text in unresolved[:3]) + (", …" if len(unresolved) > 3 else "")
        said.append(f"Left out {len(unresolved)} action(s) whose due date names no day ({words}) {FLAG}.")
    return " ".join(said)


def undated_in_meeting(what: MeetingExport) -> str:
    said = _undated(meeting_rows(what.meeting))
    meeting = what.meeting
    if is_unresolved(meeting.next_review, meeting.next_review_text):
        words = clean_line(meeting.next_review_text)
        said = f"{said} Left out the next review: {words!r} names no day {FLAG}.".strip()
    return said


def undated_in_rows(what: ActionsExport) -> str:
    return _undated(what.rows)
