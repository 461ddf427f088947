"""Actions as CSV, for a spreadsheet.

Written by our own code on the light core. Every piece of user text is neutralised on the way
out (``facilitator.text``), as in the minutes, so a control character or escape sequence
pasted into an action never reaches a spreadsheet raw. A file of it starts with a byte order
mark (the table's encoding, ``facilitator.exporters.formats``); the text here has none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from facilitator.date_phrases import due_words
from facilitator.exporters.formats import ActionsExport, MeetingExport
from facilitator.exporters.rows import meeting_rows
from facilitator.readmodels import ActionRow
from facilitator.text import clean_block, clean_line

# "Due" is the date (the latest day of a phrase such as 'before Easter'), for sorting and formulas;
# "Due as agreed" has a phrase's words with that date, or the words and ⚑ when they name no day
# (empty for a plain date).
CSV_HEADERS = (
    "What",
    "Owner",
    "Organisation",
    "Due",
    "Status",
    "Partnership",
    "Raised on",
    "Meeting id",
    "Carried",
    "Due as agreed",
)

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


def actions_csv(rows: Iterable[ActionRow], *, marking: str = "") -> str:
    """A header row, then one action per row, CRLF line endings (RFC 4180), no BOM.

    Each row's protective marking (its meeting's) is in a last "Marking" column, so that it stays
    with the row however the sheet is sorted, filtered or copied, and rows from meetings marked
    differently each keep their own; there is no such column when no row has a marking.
    ``marking``: the column is there even with no rows (a meeting without actions).
    A full copy with confidential actions has a "Confidential" column before it, "yes" on those rows.
    """
    rows = list(rows)
    marked = bool(marking) or any(row.marking for row in rows)
    confidential = any(row.action.confidential for row in rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*CSV_HEADERS, *(["Confidential"] if confidential else []), *(["Marking"] if marked else [])])
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
                csv_cell(due_words(action.due, action.due_text)) if action.due_text else "",
                *(["yes" if action.confidential else ""] if confidential else []),
                *([csv_cell(row.marking or marking)] if marked else []),
            ]
        )
    return buffer.getvalue()


def meeting_csv(what: MeetingExport) -> str:
    return actions_csv(meeting_rows(what.meeting), marking=what.meeting.marking)


def rows_csv(what: ActionsExport) -> str:
    return actions_csv(what.rows)
