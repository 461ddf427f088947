"""Every meeting, newest first, narrowed as you type; Enter opens the minutes.

The screen asks the app to search (``Search``) and shows what comes back (``show_results``);
searching runs in a worker, so typing never waits for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from facilitator.dates import parse_iso_date
from facilitator.text import clean_line

if TYPE_CHECKING:
    from facilitator.store import MeetingSummary

HINT = (
    "Any words of the minutes; or partnership:youth  who:paul  project:bike  from:2026-05  to:2026-12  "
    '"a phrase"'
)


class HistoryScreen(Screen[None]):
    DEFAULT_CSS = """
    #history-body { padding: 0 1; }
    #history-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", id="history.close"),
        Binding("ctrl+f", "focus_search", "Search", id="history.search", tooltip="Type to narrow the meetings"),
    ]

    @dataclass
    class Search(Message):
        query: str

    @dataclass
    class Open(Message):
        meeting_id: str

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history-body"):
            yield Input(placeholder="Search the minutes…", id="history-search")
            yield Static(HINT, id="history-hint", classes="hint", markup=False)
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="history-table")
            # Attendees last: the longest, it may run off a narrow screen without hiding the rest.
            table.add_columns("Date", "Partnership", "Open actions", "Status", "Attendees")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Past meetings"
        self.post_message(self.Search(""))
        self.query_one("#history-search", Input).focus()

    @on(Input.Changed, "#history-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.post_message(self.Search(event.value))

    @on(Input.Submitted, "#history-search")
    def to_results(self) -> None:
        self.query_one("#history-table", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#history-search", Input).focus()

    @on(DataTable.RowSelected, "#history-table")
    def open_minutes(self, event: DataTable.RowSelected) -> None:
        self.post_message(self.Open(str(event.row_key.value)))

    def action_close(self) -> None:
        self.dismiss(None)

    # -- answers from the app ----------------------------------------------------------------

    def show_results(self, query: str, found: list[MeetingSummary], matching: int, total: int) -> None:
        if query != self.query_one("#history-search", Input).value:
            return  # typing has moved on; a newer answer is coming
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for summary in found:
            try:
                when = parse_iso_date(summary.date).strftime("%a %d %b %Y")
            except ValueError:
                when = clean_line(summary.date)
            status = "in progress" if summary.status != "closed" else ""
            table.add_row(
                Text(when),
                Text(clean_line(summary.partnership)),
                Text(str(summary.open_actions) if summary.open_actions else ""),
                Text(status, style="yellow"),
                Text(clean_line(", ".join(summary.attendees))),
                key=summary.id,
            )
        hint = self.query_one("#history-hint", Static)
        more = f" The newest {len(found)} are listed." if matching > len(found) else ""
        if query.strip():
            hint.update(f"{matching} of {total} meetings match.{more}")
        else:
            hint.update(HINT + more)
        hint.remove_class("error")

    def show_problem(self, query: str, message: str) -> None:
        """A search that cannot be read (an unknown qualifier, a bad date): say why under the box."""
        if query != self.query_one("#history-search", Input).value:
            return
        hint = self.query_one("#history-hint", Static)
        hint.update(clean_line(message))
        hint.add_class("error")
