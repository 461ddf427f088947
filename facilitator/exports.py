"""Actions for other programs: CSV for a spreadsheet, iCalendar (RFC 5545) for a calendar or to-do app.

Both are written by our own code on the light core (no Textual, no calendar library at run
time). Every piece of user text is neutralised on the way out (``facilitator.text``), as in
the minutes, so a control character or escape sequence pasted into an action never reaches
a spreadsheet or a calendar raw.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

from facilitator import __version__
from facilitator.files import write_private_file
from facilitator.model import ActionStatus, Meeting
from facilitator.readmodels import ActionRow
from facilitator.storepaths import belongs_to_store
from facilitator.text import clean_block, clean_line

# --- CSV ------------------------------------------------------------------------------------

CSV_HEADERS = ("What", "Owner", "Organisation", "Due", "Status", "Partnership", "Raised on", "Meeting id", "Carried")

# A CSV file is written as UTF-8 with a byte order mark. Excel opens a CSV without one in
# the machine's legacy code page, so 'Zoë' or 'Łódź' arrive garbled; with the BOM it reads
# UTF-8, and LibreOffice, Google Sheets and Python's csv module (encoding='utf-8-sig') all
# accept it. Only files get the BOM: on standard output it would be a stray character at the
# start of a pipe, so ``actions_csv`` returns plain text and the caller chooses.
CSV_FILE_ENCODING = "utf-8-sig"

# A spreadsheet treats a cell starting with one of these as a formula ('=HYPERLINK(...)',
# '+cmd|...', '@SUM(...)'), so text pasted into an action could run when the minutes are
# opened (CSV or formula injection). A leading apostrophe makes the spreadsheet show the
# cell as text. Tab and carriage return, the other starters OWASP lists, never survive
# ``clean_line``. The cost: an action such as '-5 sites' reads back as "'-5 sites".
_FORMULA_STARTS = ("=", "+", "-", "@")


def csv_cell(text: str, *, multiline: bool = False) -> str:
    """User text for one spreadsheet cell, cleaned, that no spreadsheet runs as a formula.

    ``multiline``: the text's line breaks are kept (as ``\\n``; the csv writer quotes the cell),
    as a spreadsheet shows them inside one cell.
    """
    cleaned = clean_block(text) if multiline else clean_line(text)
    return "'" + cleaned if cleaned.startswith(_FORMULA_STARTS) else cleaned


def actions_csv(rows: Iterable[ActionRow]) -> str:
    """A header row, then one action per row, CRLF line endings (RFC 4180), no BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for row in rows:
        action = row.action
        writer.writerow(
            [
                csv_cell(action.text, multiline=True),
                csv_cell(action.owner),
                csv_cell(row.organisation),
                action.due.isoformat() if action.due else "",
                csv_cell(str(action.status)),
                csv_cell(row.partnership),
                row.meeting_date.isoformat(),
                csv_cell(row.meeting_id),
                action.carried,
            ]
        )
    return buffer.getvalue()


def meeting_rows(meeting: Meeting) -> list[ActionRow]:
    """A meeting's actions as rows, in the order the meeting has them."""
    return [
        ActionRow(
            action=action,
            meeting_id=meeting.id,
            meeting_date=meeting.date,
            partnership=meeting.partnership,
            organisation=meeting.organisation_of(action.owner),
        )
        for action in meeting.actions
    ]


# --- iCalendar ------------------------------------------------------------------------------

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
        f"Owner: {clean_line(owner)}",
        f"Partnership: {clean_line(row.partnership)}",
        f"Agreed at the meeting of {row.meeting_date.isoformat()}",
    ]
    if action.carried:
        description.append(f"Carried through {action.carried} later meeting(s)")
    yield "BEGIN:VTODO"
    yield f"UID:{_uid(f'action-{action.id}')}"
    yield f"DTSTAMP:{stamp}"
    yield f"SUMMARY:{ics_text(action.text, multiline=True)}"
    yield f"DESCRIPTION:{ics_text(chr(10).join(description), multiline=True)}"
    yield f"DUE;VALUE=DATE:{_date(action.due)}"
    yield f"STATUS:{_TODO_STATUS[action.status]}"
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
    yield f"DESCRIPTION:{ics_text(f'Agreed at the review of {meeting.date.isoformat()}.')}"
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


# --- one meeting to a file (the minutes screen; the command line's export) ------------------

FORMAT_OF_SUFFIX = {".md": "md", ".json": "json", ".csv": "csv", ".ics": "ics"}


def meeting_export(meeting: Meeting, output_format: str, *, now: dt.datetime, history: Sequence[Meeting] = ()) -> str:
    """A meeting as md (minutes), json (for import), csv (its actions) or ics (its calendar).

    ``history``, the partnership's other meetings, gives the minutes their health trend.
    """
    from facilitator.exchange import meeting_json
    from facilitator.minutes import render_markdown

    if output_format == "csv":
        return actions_csv(meeting_rows(meeting))
    if output_format == "ics":
        if not calendar_entries(meeting, meeting_rows(meeting)):
            raise ValueError(
                f"the meeting of {meeting.date} has no action with a due date and no next review: "
                "nothing to put in a calendar."
            )
        return meeting_ics(meeting, now=now)
    if output_format == "json":
        return meeting_json(meeting)
    if output_format == "md":
        return render_markdown(meeting, history)
    raise ValueError(f"unknown format {output_format!r}: md, json, csv or ics")


def export_bytes(text: str, output_format: str) -> bytes:
    """The bytes of an export file. CSV and iCalendar carry their own CRLF line endings, kept as
    they are; a CSV file starts with a byte order mark (see CSV_FILE_ENCODING)."""
    return text.encode(CSV_FILE_ENCODING if output_format == "csv" else "utf-8")


def write_export(path: Path, text: str, output_format: str, *, db_path: Path | None, overwrite: bool = False) -> Path:
    """Write an export safely (``facilitator.files.write_private_file``); returns the file written.

    Never over a file of the store at ``db_path``; over another existing file only with
    ``overwrite`` (raises TargetExists otherwise); never into a folder, FIFO or device.
    """
    protected = None if db_path is None else partial(belongs_to_store, db_path)
    return write_private_file(path, export_bytes(text, output_format), overwrite=overwrite, protected=protected)


def write_meeting(
    meeting: Meeting,
    path: Path,
    *,
    now: dt.datetime,
    history: Sequence[Meeting] = (),
    db_path: Path | None,
    overwrite: bool = False,
) -> str:
    """Write ``meeting`` to ``path`` in the format its name ends with; returns that format.

    Raises ValueError (an unknown ending, an empty calendar), StoreError (the store's own file,
    a folder or FIFO, an existing file without ``overwrite``: TargetExists) or OSError, each with
    a message to show as it is.
    """
    output_format = FORMAT_OF_SUFFIX.get(path.suffix.lower())
    if output_format is None:
        raise ValueError(f"{path.name}: end the name with .md, .csv, .ics or .json to choose the format")
    text = meeting_export(meeting, output_format, now=now, history=history)
    write_export(path, text, output_format, db_path=db_path, overwrite=overwrite)
    return output_format
