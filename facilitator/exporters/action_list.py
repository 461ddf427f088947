"""The actions list for a person (an aligned table) and for a program (a JSON array)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from facilitator.columns import table_lines
from facilitator.date_phrases import FLAG
from facilitator.exporters.formats import ActionsExport
from facilitator.model import label
from facilitator.text import clean_line, clean_output

TABLE_HEADERS = ["Due", "Status", "Owner", "Action", "Raised", "Partnership"]
DUE_WORDS = 16  # characters of a due date's words shown in the table


def json_text(data: Any) -> str:
    """JSON for a program: ASCII only, so control characters and C1 codes arrive escaped, never raw."""
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


def actions_json(what: ActionsExport) -> str:
    return json_text([{**row.to_json(), "overdue": row.action.is_overdue(what.today)} for row in what.rows])


def actions_table(what: ActionsExport) -> str:
    """The actions as an aligned table ('' when there are none: ``no_match`` says so on stderr)."""
    if not what.rows:
        return ""
    table = [
        [
            due_cell(row.action.due, row.action.due_text),
            "OVERDUE" if row.action.is_overdue(what.today) else label(row.action.status),
            row.action.owner or "(no owner)",
            row.action.text,
            row.meeting_date.isoformat(),
            row.partnership,
        ]
        for row in what.rows
    ]
    lines = table_lines(TABLE_HEADERS, table, width=what.width, flexible=(2, 3, 5))
    return "".join(clean_output(line + "\n") for line in lines)


def due_cell(day: dt.date | None, text: str) -> str:
    """'2027-03-27', or the date then the words ('2027-03-27 before Easter'), or 'by the next meeting ⚑'.

    The date comes first, and long words are cut after it (the JSON has them whole), so the column
    stays narrow enough for the action's own words beside it.
    """
    shown = day.isoformat() if day else "(no date)"
    if not text:
        return shown
    words = clean_line(text)
    room = DUE_WORDS if day else DUE_WORDS + len("2026-12-01 ")  # with no date, the words have its room too
    if len(words) > room:
        words = words[: room - 1].rstrip() + "…"
    return f"{shown} {words}" if day else f"{words} {FLAG}"


def no_match(what: ActionsExport) -> str:
    return "" if what.rows else "No actions match."
