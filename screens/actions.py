"""Every action across meetings, in one table: filter it, and change status or due date in place.

A changed action stays where it is, in view, until the list is refreshed on purpose (a filter
changed, or r): so space can go round open, done, dropped even while only open ones are listed.

A change is written through the store the screen is given, in a worker of this screen
(``change_action``), and the answer comes back as a message to it (``show_saved`` /
``show_refused``), so a slow save never holds the keyboard.

With 100,000 meetings (300,000 actions) making every row takes seconds: the screen opens on the
actions of the newest meetings (``complete=False``) and reads the rest in a worker (``read_all``),
then lists them all; a change made meanwhile is kept over the copy read.

Ctrl+T keeps the actions of one facilitator's meetings (the attendee marked as chair), chosen
from the names present (``FacilitatorPicker``); v keeps the overdue ones. Which meeting each
facilitator chaired is read in a worker, from the listings (``facilitator.organisation``), so the
filter never reads a meeting or passes over the listings on the event loop; it is then a look-up per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Static

from facilitator import organisation
from facilitator.cycle import following
from facilitator.date_phrases import When, read_when, refers_to_next_meeting
from facilitator.errors import StoreError
from facilitator.model import ActionStatus
from facilitator.organisation import Chairs, Facilitator
from facilitator.readmodels import ActionRow
from facilitator.text import clean_block, clean_line
from screens.entry import Entry
from screens.frames import PacedScreen
from screens.keybar import KeyBar, hide_keys_panel
from screens.steps.base import highlighted_key, last_column_width, lines, set_column_width
from screens.timefmt import day_text, due_shown

if TYPE_CHECKING:
    from facilitator.repository import Repository
    from screens.facilitator_picker import Picked

COLUMNS = ("Due · status", "Owner", "Raised", "What")
NARROW_COLUMNS = ("Due · owner", "What · raised")  # under NARROW columns: the facts stacked in two columns
NARROW = 80
TOAST_TEXT = 50  # characters of an action's words in a toast, then an ellipsis
PARTNERSHIP_WIDTH = 20
STATUS_ORDER = [ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED]
FIRST_MEETINGS = 100  # the newest meetings whose actions are shown first, while the rest are read


def matches(row: ActionRow, words: list[str]) -> bool:
    """Every typed word appears in the action, its owner, organisation or partnership (any case)."""
    action = row.action
    haystack = " ".join((action.text, action.owner, row.organisation, row.partnership)).casefold()
    return all(word in haystack for word in words)


def row_key(row: ActionRow) -> str:
    return f"{row.meeting_id}/{row.action.id}"


def sort_key(row: ActionRow) -> tuple[bool, dt.date, dt.date]:
    """Earliest due first, those with no date last: the order the store lists them in."""
    return (row.action.due is None, row.action.due or dt.date.max, row.meeting_date)


def cut(text: str, limit: int = TOAST_TEXT) -> str:
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def change_text(before: ActionRow | None, after: ActionRow) -> str:
    """What changed, in words: 'Paul Howard's "Draft a shared…": open → done; due 8 Jan 2027 (was none)'."""
    action = after.action
    changes = []
    if before is None or before.action.status is not action.status:
        was = f"{before.action.status.value} → " if before is not None else ""
        changes.append(f"{was}{action.status.value}")
    if before is None or (before.action.due, before.action.due_text) != (action.due, action.due_text):
        due = due_shown(action.due, action.due_text, "no due date")
        was = due_shown(before.action.due, before.action.due_text, "none") if before is not None else "none"
        changes.append(f"due {cut(due, 60)} (was {cut(was, 60)})")
    owner = f"{cut(action.owner, 30)}'s " if action.owner else ""
    return f'{owner}"{cut(action.text)}": {"; ".join(changes) or "unchanged"}'


class ActionsScreen(PacedScreen[None]):
    DEFAULT_CSS = """
    #actions-body { padding: 0 1; }
    #actions-table { height: 1fr; }
    #actions-filter, #actions-due { margin: 0; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", id="actions.close"),
        Binding("ctrl+f", "focus_filter", "Filter", id="actions.filter", tooltip="Type words to narrow the list"),
        Binding("o", "toggle('open_only')", "Open only", id="actions.open", tooltip="Only actions still open"),
        Binding("v", "toggle('overdue_only')", "Overdue", id="actions.overdue", tooltip="Only overdue actions"),
        Binding("space", "cycle_status", "Status", id="actions.status", tooltip="Open, done, dropped"),
        Binding("u", "edit_due", "Due date", id="actions.due", tooltip="Change the highlighted action's due date"),
        Binding("r", "refresh_list", "Refresh", id="actions.refresh", tooltip="Filter again, actions just changed too"),
        Binding(
            "ctrl+t",
            "pick_facilitator",
            "Facilitator",
            id="actions.facilitator",
            tooltip="Only the actions of meetings one facilitator chaired (or everyone's)",
        ),
    ]
    TABLE_ACTIONS = frozenset({"toggle", "cycle_status", "edit_due", "refresh_list"})

    @dataclass
    class _Saved(Message):
        row: ActionRow

    @dataclass
    class _Refused(Message):
        problem: str

    @dataclass
    class _AllRead(Message):
        rows: list[ActionRow]
        chairs: Chairs

    @dataclass
    class _NamesRead(Message):
        chairs: Chairs

    def __init__(self, rows: list[ActionRow], today: dt.date, *, store: Repository, complete: bool = True) -> None:
        super().__init__()
        self.store = store
        self.rows = rows
        self.complete = complete  # False: ``rows`` are the newest meetings' actions; the rest are being read
        self.changed: dict[str, ActionRow] = {}  # rows saved here, kept over the copy the worker reads
        self.today = today
        self.open_only = True  # what a facilitator usually wants: what is still to do
        self.overdue_only = False
        self.facilitator: Facilitator | None = None  # only the actions of meetings this person chaired
        self.chairs: Chairs | None = None  # who chaired which meeting, read in a worker (``read_names``)
        self.facilitator_meetings: frozenset[str] = frozenset()  # the meetings ``facilitator`` chaired
        self.kept: set[str] = set()  # actions changed here, listed whatever the filters until a refresh
        self.columns: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="actions-body"):
            yield Entry(
                placeholder="Filter: any words of the action, owner, organisation, partnership",
                id="actions-filter",
                then="#actions-table",
            )
            yield Static("", id="actions-summary", classes="hint", markup=False)
            yield DataTable(cursor_type="row", zebra_stripes=True, id="actions-table")
            due = Entry(placeholder="New due date: 2026-12-01, +2w, fri; empty clears it", id="actions-due")
            due.display = False
            yield due
            yield Static("", id="actions-message", classes="error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Actions across meetings"
        self.draw()
        self.query_one("#actions-table", DataTable).focus()
        if not self.complete:
            self.read_all()

    @work(thread=True, group="actions-read", exit_on_error=False)
    def read_all(self) -> None:
        """Every action across meetings, read after the first page is on screen."""
        try:
            rows = self.store.actions()
            chairs = organisation.chairs(self.store.listings())  # the meetings a sync brought in meanwhile too
        except StoreError as error:
            self.post_message(self._Refused(f"{error} Only the newest meetings' actions are listed."))
            return
        self.post_message(self._AllRead(rows, chairs))

    @on(_AllRead)
    def _all_read(self, message: _AllRead) -> None:
        self.rows = sorted((self.changed.get(row_key(row), row) for row in message.rows), key=sort_key)
        self.set_chairs(message.chairs)
        self.complete = True
        self.draw()

    @work(thread=True, exclusive=True, group="actions-names", exit_on_error=False)
    def read_names(self) -> None:
        """The names that chair meetings here, for the picker, and which meeting each chaired."""
        self.post_message(self._NamesRead(organisation.chairs(self.store.listings())))

    @on(_NamesRead)
    def _names_read(self, message: _NamesRead) -> None:
        from screens.facilitator_picker import FacilitatorPicker

        self.set_chairs(message.chairs)
        self.app.push_screen(FacilitatorPicker(message.chairs.names, self.facilitator), self.facilitator_picked)

    def set_chairs(self, chairs: Chairs) -> None:
        self.chairs = chairs
        if self.facilitator is not None:
            self.facilitator_meetings = chairs.of(self.facilitator)

    def action_pick_facilitator(self) -> None:
        self.read_names()

    def facilitator_picked(self, picked: Picked | None) -> None:
        if picked is None:
            return  # Esc: nothing changes
        self.facilitator = picked.facilitator
        if self.chairs is not None and self.facilitator is not None:
            self.facilitator_meetings = self.chairs.of(self.facilitator)  # a look-up: the pass was in the worker
        self.sub_title = clean_line(self.facilitator.describe()) if self.facilitator else None
        self.kept.clear()  # a filter changed: a refresh on purpose
        self.draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.TABLE_ACTIONS:
            return self.query_one("#actions-table", DataTable).has_focus
        return True

    # -- drawing -----------------------------------------------------------------------------

    def shown(self) -> list[ActionRow]:
        words = self.query_one("#actions-filter", Input).value.casefold().split()
        return [
            row
            for row in self.rows
            if row_key(row) in self.kept
            or (
                (not self.open_only or row.action.is_open)
                and (not self.overdue_only or row.action.is_overdue(self.today))
                and (self.facilitator is None or row.meeting_id in self.facilitator_meetings)
                and matches(row, words)
            )
        ]

    def _set_columns(self, table: DataTable[Text]) -> None:
        """Four columns on a wide table; two, with the facts stacked, on a narrow one."""
        wanted = NARROW_COLUMNS if table.size.width and table.size.width < NARROW else COLUMNS
        if wanted != self.columns:
            table.clear(columns=True)
            self.columns = wanted
            self._what_key = table.add_columns(*wanted)[-1]

    def draw(self) -> None:
        table: DataTable[Text] = self.query_one("#actions-table", DataTable)
        keep = self._selected_key()
        self._set_columns(table)
        table.clear()
        rows = self.shown()
        cells = [self._cells(row) for row in rows]
        if self.columns == NARROW_COLUMNS:
            cells = [(lines(due, owner), lines(what, raised)) for due, owner, raised, what in cells]
        set_column_width(table, self._what_key, last_column_width(table, self.columns, cells, 20))
        for row, row_cells in zip(rows, cells, strict=True):
            table.add_row(*row_cells, key=row_key(row), height=None)
        if keep is not None and keep in [str(key.value) for key in table.rows]:
            table.move_cursor(row=table.get_row_index(keep))
        filters = ["open only" if self.open_only else "all statuses"]
        if self.overdue_only:
            filters.append("overdue only")
        if self.facilitator is not None:
            filters.append(f"meetings {self.facilitator.describe()}")
        overdue = sum(1 for row in rows if row.action.is_overdue(self.today))
        keys = ", ".join(
            self._key_for(action) for action in ("toggle('open_only')", "toggle('overdue_only')", "pick_facilitator")
        )
        kept = f"  ·  {len(self.kept)} just changed kept in view ({self._key_for('refresh_list')} refreshes)"
        self.query_one("#actions-summary", Static).update(
            f"{len(rows)} of {len(self.rows)} actions ({', '.join(filters)}; {keys} change it)"
            + (f"  ·  {overdue} overdue" if overdue else "")
            + (kept if self.kept else "")
            + ("" if self.complete else "  ·  the newest meetings' actions; reading the rest…")
        )

    def _key_for(self, action: str) -> str:
        """The key for an action of this screen as keymap.toml has it."""
        for _key, active in self.active_bindings.items():
            if active.binding.action == action:
                return self.app.get_key_display(active.binding)
        return "?"

    def _cells(self, row: ActionRow) -> tuple[Text, ...]:
        """Short facts stacked two to a cell, so the action's own words get the width and wrap."""
        action = row.action
        overdue = action.is_overdue(self.today)
        style = "bold red" if overdue else ("dim" if not action.is_open else "")
        due = due_shown(action.due, action.due_text, "no date")
        status = action.status.value + (f", carried {action.carried}×" if action.carried else "")
        partnership = clean_line(row.partnership)
        room = self.partnership_width()
        if len(partnership) > room:
            partnership = partnership[: room - 1] + "…"
        return (
            lines(Text(due + (" overdue" if overdue else ""), style=style), Text(status, style=style)),
            lines(
                Text(clean_line(action.owner) or "no owner", style="" if action.owner else "yellow"),
                Text(clean_line(row.organisation), style="dim"),
            ),
            lines(Text(day_text(row.meeting_date)), Text(partnership, style="dim")),
            Text(clean_block(action.text), style=style),
        )

    def partnership_width(self) -> int:
        """20 characters; more on a wide table, which has the room (the action's words still get most of it)."""
        width = self.query_one("#actions-table", DataTable).size.width
        return min(50, PARTNERSHIP_WIDTH + max(0, width - 140) // 2)

    def on_resize(self) -> None:
        self.call_after_refresh(self.draw)

    def _selected_key(self) -> str | None:
        return highlighted_key(self.query_one("#actions-table", DataTable))

    def _selected(self) -> ActionRow | None:
        key = self._selected_key()
        return next((r for r in self.rows if row_key(r) == key), None)

    # -- what the facilitator does -----------------------------------------------------------

    @on(Input.Changed, "#actions-filter")
    def filter_changed(self) -> None:
        self.kept.clear()  # typing a filter is a refresh on purpose
        self.draw()

    @on(Input.Submitted, "#actions-filter")
    def filter_done(self) -> None:
        self.query_one("#actions-table", DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#actions-filter", Input).focus()

    async def action_toggle(self, attribute_name: str) -> None:
        setattr(self, attribute_name, not getattr(self, attribute_name))
        self.kept.clear()
        self.draw()

    def action_refresh_list(self) -> None:
        self.kept.clear()
        self.draw()

    def action_cycle_status(self) -> None:
        row = self._selected()
        if row is None:
            return
        status = following(STATUS_ORDER, row.action.status)
        self.change_action(row.meeting_id, row.action.id, {"status": status})

    def action_edit_due(self) -> None:
        row = self._selected()
        if row is None:
            return
        due = self.query_one("#actions-due", Input)
        due.value = row.action.due_text or (row.action.due.isoformat() if row.action.due else "")
        due.display = True
        due.focus()

    @on(Input.Submitted, "#actions-due")
    def due_entered(self, event: Input.Submitted) -> None:
        row = self._selected()
        if row is None:
            return
        try:
            # A phrase ('end of March') is kept as words with the latest day it means; one that names
            # no day is kept too, flagged. 'By the next meeting' is read in the worker, from its meeting.
            when = read_when(event.value, self.today) if event.value.strip() else When()
        except ValueError as error:
            self.show_refused(f"due date: {error}")
            return
        event.input.display = False
        self.query_one("#actions-table", DataTable).focus()
        self.change_action(row.meeting_id, row.action.id, {"due": when.due, "due_text": when.text})

    def action_close(self) -> None:
        if not hide_keys_panel(self):
            self.dismiss(None)

    # -- written in a worker: the answer comes back as a message, dropped if the screen has gone

    @work(thread=True, group="change-action", exit_on_error=False)
    def change_action(self, meeting_id: str, action_id: str, changes: dict[str, object]) -> None:
        """Change an action (status, due) in the meeting that raised it."""
        try:
            if refers_to_next_meeting(str(changes.get("due_text", ""))):  # the next review of its own meeting
                changes = {**changes, "due": self.store.get(meeting_id).next_review}
            row = self.store.update_action(meeting_id, action_id, **changes)
        except (StoreError, ValueError) as error:
            self.post_message(self._Refused(str(error)))
            return
        self.post_message(self._Saved(row))

    @on(_Saved)
    def _saved(self, message: _Saved) -> None:
        self.show_saved(message.row)

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        self.show_refused(message.problem)

    # -- drawing the answer -------------------------------------------------------------------

    def show_saved(self, updated: ActionRow) -> None:
        key = row_key(updated)
        before = next((r for r in self.rows if row_key(r) == key), None)
        self.rows = sorted((updated if row_key(r) == key else r for r in self.rows), key=sort_key)
        self.changed[key] = updated
        self.kept.add(key)  # in view until a refresh, whatever the filters say
        self.query_one("#actions-message", Static).update("")
        self.draw()
        self.notify(change_text(before, updated), title="Saved", timeout=4, markup=False)

    def show_refused(self, message: str) -> None:
        self.query_one("#actions-message", Static).update(clean_line(message))
