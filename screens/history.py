"""Every meeting, newest first, narrowed as you type; Enter opens the top match, Down goes to the list.

The screen searches the store it is given in a worker (``search``), so typing never waits for
it, and shows what comes back (``show_results``). Under the list, the health of the
highlighted meeting's partnership over its meetings: a sparkline per measure, together and
as each partner saw it (``read_trend`` reads it, ``show_trend`` draws it). Opening a meeting's
minutes is the app's (``Open``): it changes the screen.

Ctrl+T narrows the list to one facilitator's meetings (the attendee marked as chair), chosen
from the names the store holds (``FacilitatorPicker``); the search box still narrows within them.
The names and the filter are read in workers too (``facilitator.organisation``): at 100,000
meetings a pass over the listings is too long for the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Static

from facilitator import organisation
from facilitator.organisation import Facilitator
from facilitator.text import clean_line
from screens.entry import Entry
from screens.frames import PacedScreen
from screens.keybar import KeyBar, hide_keys_panel
from screens.steps.base import last_column_width, lines, set_column_width
from screens.timefmt import stored_day_text

if TYPE_CHECKING:
    from facilitator.health import HealthTrend
    from facilitator.readmodels import MeetingSummary
    from facilitator.repository import Repository
    from screens.facilitator_picker import Picked

HISTORY_ROWS = 200  # the newest matches the history lists; the count covers them all
COLUMNS = ("Date · status", "Open actions", "Partnership · attendees")
HINT = 'Any words of the minutes; or partnership:youth  who:paul  project:bike  from:2026-05  to:2026-12  "a phrase"'


def status_text(summary: MeetingSummary) -> str:
    """In progress, draft (closed, its minutes not yet approved by a later meeting), approved, or closed."""
    if summary.status == "in_progress":
        return "in progress"
    if summary.status == "closed":
        return "approved" if summary.approved else "draft"
    return clean_line(summary.status) or "closed"


def row_cells(summary: MeetingSummary) -> tuple[Text, ...]:
    status = status_text(summary)
    return (
        lines(Text(stored_day_text(summary.date)), Text(status, style="yellow" if status == "in progress" else "dim")),
        Text(str(summary.open_actions) if summary.open_actions else ""),
        lines(Text(clean_line(summary.partnership), style="bold"), Text(clean_line(", ".join(summary.attendees)))),
    )


class HistoryScreen(PacedScreen[None]):
    DEFAULT_CSS = """
    #history-body { padding: 0 1; }
    #history-table { height: 1fr; }
    #history-trend { height: auto; max-height: 25vh; padding: 0 1; background: $boost; }
    #history-circulated { height: auto; max-height: 4; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", id="history.close"),
        # The search box does not use Down itself: from there it goes into the list (the table keeps its own Down).
        Binding("down", "to_list", "To the list", show=False, id="history.to_list"),
        Binding("ctrl+f", "focus_search", "Search", id="history.search", tooltip="Type to narrow the meetings"),
        Binding(
            "ctrl+t",
            "pick_facilitator",
            "Facilitator",
            id="history.facilitator",
            tooltip="Only the meetings one facilitator chaired (or everyone's)",
        ),
    ]

    @dataclass
    class Open(Message):
        """Open this meeting's minutes."""

        meeting_id: str

    @dataclass
    class _Found(Message):
        query: str
        facilitator: Facilitator | None
        found: list[MeetingSummary]
        matching: int
        total: int

    @dataclass
    class _Unreadable(Message):
        query: str
        problem: str

    @dataclass
    class _NamesRead(Message):
        names: list[tuple[str, int]]

    @dataclass
    class _TrendRead(Message):
        partnership: str
        trend: HealthTrend

    @dataclass
    class _CirculatedRead(Message):
        meeting_id: str
        lines: list[str]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history-body"):
            yield Entry(placeholder="Search the minutes…", id="history-search", then="#history-table")
            yield Static(HINT, id="history-hint", classes="hint", markup=False)
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="history-table")
            # The partnership and its attendees last, wrapped there: the longest, they get what width is left.
            self._who = table.add_columns(*COLUMNS)[-1]
            yield table
            yield Static("", id="history-trend", markup=False)
            circulated = Static("", id="history-circulated", markup=False)
            circulated.display = False  # shown for a meeting whose minutes have been circulated
            yield circulated
        yield KeyBar()

    def __init__(self, store: Repository) -> None:
        super().__init__()
        self.store = store
        self.partnerships: dict[str, str] = {}  # meeting id -> partnership, for the rows listed
        self.trend_of: str | None = None  # the partnership whose trend is shown (or asked for)
        self.found: list[MeetingSummary] = []
        self.highlighted_id: str | None = None  # the meeting whose circulation record is shown (or asked for)
        self.facilitator: Facilitator | None = None  # only the meetings this person chaired; None: everyone's

    def on_mount(self) -> None:
        self.title = "Past meetings"
        self.search("")
        self.query_one("#history-search", Input).focus()

    @on(Input.Changed, "#history-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#history-search")
    def open_top_match(self) -> None:
        """Enter in the search box opens the first meeting listed: type, Enter, read."""
        table = self.query_one("#history-table", DataTable)
        if table.row_count:
            self.post_message(self.Open(str(table.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value)))
        else:
            self.notify("No meeting matches the search to open.", timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            return self.query_one("#history-search", Input).has_focus
        return True

    def action_to_list(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.focus()
        if table.row_count:
            table.move_cursor(row=0)

    def action_focus_search(self) -> None:
        self.query_one("#history-search", Input).focus()

    def action_pick_facilitator(self) -> None:
        self.read_names()

    def facilitator_picked(self, picked: Picked | None) -> None:
        if picked is None or picked.facilitator == self.facilitator:
            return  # Esc, or the same one again
        self.facilitator = picked.facilitator
        self.sub_title = clean_line(self.facilitator.describe()) if self.facilitator else None
        self.search(self.query_one("#history-search", Input).value)

    @on(DataTable.RowHighlighted, "#history-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None:  # Up or Down in a table that nothing matched
            return
        self.highlighted_id = str(event.row_key.value)
        self.read_circulated(self.highlighted_id)
        partnership = self.partnerships.get(str(event.row_key.value))
        if partnership is not None and partnership != self.trend_of:
            self.trend_of = partnership
            self.read_trend(partnership)

    @on(DataTable.RowSelected, "#history-table")
    def open_minutes(self, event: DataTable.RowSelected) -> None:
        self.post_message(self.Open(str(event.row_key.value)))

    def action_close(self) -> None:
        if not hide_keys_panel(self):
            self.dismiss(None)

    # -- read from the store, in workers: answers come back as messages, dropped if the screen has gone

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, query: str) -> None:
        facilitator = self.facilitator
        try:
            found, matching = organisation.find(self.store, query, facilitator=facilitator, limit=HISTORY_ROWS)
        except ValueError as error:
            self.post_message(self._Unreadable(query, str(error)))
            return
        self.post_message(self._Found(query, facilitator, found, matching, len(self.store)))

    @work(thread=True, exclusive=True, group="names", exit_on_error=False)
    def read_names(self) -> None:
        """The names that chair meetings here, for the picker."""
        self.post_message(self._NamesRead(organisation.facilitators(self.store.listings())))

    @on(_NamesRead)
    def _names_read(self, message: _NamesRead) -> None:
        from screens.facilitator_picker import FacilitatorPicker

        self.app.push_screen(FacilitatorPicker(message.names, self.facilitator), self.facilitator_picked)

    @work(thread=True, exclusive=True, group="trend", exit_on_error=False)
    def read_trend(self, partnership: str) -> None:
        from facilitator.health import health_trend

        self.post_message(self._TrendRead(partnership, health_trend(self.store.meetings_of(partnership))))

    @work(thread=True, exclusive=True, group="circulated", exit_on_error=False)
    def read_circulated(self, meeting_id: str) -> None:
        """Where the highlighted meeting's minutes went ('Circulated on 3 Dec 2026 to …'), newest last."""
        from facilitator.circulation import circulation_lines
        from facilitator.errors import StoreError

        try:
            lines = circulation_lines(self.store.get(meeting_id))
        except StoreError:
            lines = []  # a meeting that cannot be read says so when it is opened
        self.post_message(self._CirculatedRead(meeting_id, lines))

    @on(_CirculatedRead)
    def _circulated_read(self, message: _CirculatedRead) -> None:
        if message.meeting_id != self.highlighted_id:
            return  # the cursor has moved on
        panel = self.query_one("#history-circulated", Static)
        panel.update("\n".join(clean_line(line) for line in message.lines))
        panel.display = bool(message.lines)

    @on(_Found)
    def _found(self, message: _Found) -> None:
        if message.facilitator != self.facilitator:
            return  # the filter has changed since; its answer is coming
        self.show_results(message.query, message.found, message.matching, message.total)

    @on(_Unreadable)
    def _unreadable(self, message: _Unreadable) -> None:
        self.show_problem(message.query, message.problem)

    @on(_TrendRead)
    def _trend_read(self, message: _TrendRead) -> None:
        self.show_trend(message.partnership, message.trend)

    # -- drawing what was read ---------------------------------------------------------------

    def show_results(self, query: str, found: list[MeetingSummary], matching: int, total: int) -> None:
        if query != self.query_one("#history-search", Input).value:
            return  # typing has moved on; a newer answer is coming
        self.found = found
        self.partnerships = {summary.id: summary.partnership for summary in found}
        self.draw()
        hint = self.query_one("#history-hint", Static)
        more = f" The newest {len(found)} are listed." if matching > len(found) else ""
        whose = f" {self.facilitator.describe()}" if self.facilitator else ""
        if query.strip() or self.facilitator:
            hint.update(f"{matching} of {total} meetings{whose}{' match' if query.strip() else ''}.{more}")
        else:
            hint.update(HINT + more)
        hint.remove_class("error")

    def draw(self) -> None:
        table = self.query_one("#history-table", DataTable)
        cells = [row_cells(summary) for summary in self.found]
        set_column_width(table, self._who, last_column_width(table, COLUMNS, cells, 20))
        table.clear()
        for summary, row in zip(self.found, cells, strict=True):
            table.add_row(*row, key=summary.id, height=None)

    def on_resize(self) -> None:
        self.call_after_refresh(self.draw)

    def show_trend(self, partnership: str, trend: HealthTrend) -> None:
        from facilitator.health import MEASURES, value_text

        if partnership != self.trend_of:
            return  # the cursor has moved on
        panel = self.query_one("#history-trend", Static)
        if len(trend.dates) < 2:
            panel.update(f"Health of {clean_line(partnership)}: fewer than two health checks to compare yet.")
            return
        shown = Text.assemble(
            ("Health of ", "dim"),
            (clean_line(partnership), "bold"),
            (f" over {len(trend.dates)} meetings, {trend.dates[0]:%b %Y} to {trend.dates[-1]:%b %Y}", "dim"),
        )
        for _, measure in MEASURES:
            rows = trend.rows_for(measure)
            if not rows:
                continue
            shown.append(f"\n{measure:<6}", style="bold")
            for row in rows:
                shown.append(f" {row.spark} ", style="cyan")
                shown.append(clean_line(row.who.lower() if row.who == "Together" else row.who), style="dim")
                # Levels are long words: the latest one says enough beside its sparkline.
                said = row.text() if measure != "Level" else value_text("level", row.last)
                shown.append(f" {said}  ")
        panel.update(shown)

    def show_problem(self, query: str, message: str) -> None:
        """A search that cannot be read (an unknown qualifier, a bad date): say why under the box."""
        if query != self.query_one("#history-search", Input).value:
            return
        hint = self.query_one("#history-hint", Static)
        hint.update(clean_line(message))
        hint.add_class("error")
