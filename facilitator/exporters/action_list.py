"""The actions list for a person (an aligned table) and for a program (a JSON array)."""

from __future__ import annotations

import json
from typing import Any

from facilitator.columns import table_lines
from facilitator.exporters.formats import ActionsExport
from facilitator.model import label
from facilitator.text import clean_output

TABLE_HEADERS = ["Due", "Status", "Owner", "Action", "Raised", "Partnership"]


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
            row.action.due.isoformat() if row.action.due else "(no date)",
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


def no_match(what: ActionsExport) -> str:
    return "" if what.rows else "No actions match."
