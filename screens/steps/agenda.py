"""Agenda: the items to cover with their time boxes; mark the one under discussion."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import DataTable

from facilitator.model import ItemStatus, StepKind
from screens.entry import Entry
from screens.steps.arising import ArisingPanel
from screens.steps.base import Row, StepPane, cell
from screens.timefmt import minutes_seconds

STATUS_MARK = {ItemStatus.CURRENT: "▶ now", ItemStatus.DONE: "✓ done", ItemStatus.PENDING: ""}


class AgendaPane(StepPane):
    kind = StepKind.AGENDA
    COLUMNS = ("#", "Item", "Box", "Spent", "Status")
    WRAP_LAST = False  # titles are short, and the status column is last
    BINDINGS = [
        Binding("space", "start_item", "Start item", id="agenda.start", tooltip="Discuss the highlighted item now"),
        Binding("d", "toggle_done", "Done", id="agenda.done", tooltip="Mark the highlighted item covered, or not"),
        Binding("shift+up", "move(-1)", "Move up", id="agenda.up", show=False),
        Binding("shift+down", "move(1)", "Move down", id="agenda.down", show=False),
        Binding("e", "edit", "Edit", id="agenda.edit", tooltip="Load the highlighted item into the form"),
        Binding("delete", "remove", "Remove", id="agenda.remove"),
    ]
    TABLE_ACTIONS = frozenset({"start_item", "toggle_done", "move", "edit", "remove"})

    def compose(self) -> ComposeResult:
        # A meeting of a known partnership starts with its matters arising, above the agenda.
        yield ArisingPanel(self.session, self)
        yield from super().compose()

    def refresh_view(self, most: int | None = None) -> None:
        super().refresh_view(most)
        self.query_one(ArisingPanel).refresh_view()

    def focus_entry(self) -> Widget:
        arising = self.query_one(ArisingPanel)
        if arising.has_matters and arising.undecided:
            return arising.table.focus()  # the first business: what became of last time's actions
        return self.entry("#item-title").focus()

    def compose_form(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            # Enter in either field takes both: the title box empties for the next item at once,
            # and the time box keeps its minutes for the next one.
            field = partial(Entry, form=self.id, after="#item-title")
            yield field(placeholder="New agenda item, e.g. Bike project", id="item-title", classes="wide", takes=True)
            yield field(placeholder="min", value="10", id="item-minutes", classes="narrow", restrict=r"[0-9]*")

    def rows(self) -> Iterable[Row]:
        for number, item in enumerate(self.session.meeting.agenda, start=1):
            over = self.session.clock.item_overrun(item)
            spent = minutes_seconds(self.session.clock.item_elapsed(item))
            yield (
                item.id,
                (
                    cell(str(number)),
                    cell(item.title, "bold" if item.status is ItemStatus.CURRENT else ""),
                    cell(f"{item.time_box}m"),
                    cell(spent + (" over" if over else ""), "bold red" if over else ""),
                    cell(STATUS_MARK[item.status]),
                ),
            )

    @on(Entry.Submitted, "#item-title, #item-minutes")
    def submit(self, event: Entry.Submitted) -> None:
        title = event.form["item-title"]
        minutes = int(event.form["item-minutes"] or 0)
        if self.editing:
            done = self.attempt(self.session.agenda.edit, self.editing, title=title, time_box=minutes)
        else:
            done = self.attempt(self.session.agenda.add, title, minutes)
        if done is None:
            self.restore_form(event.form)
            return
        self.editing = None

    @on(DataTable.RowSelected)
    def start_selected(self) -> None:
        self.action_start_item()

    def action_start_item(self) -> None:
        self.with_selected(self.session.agenda.start)

    def action_toggle_done(self) -> None:
        self.with_selected(self.session.agenda.toggle_done)

    def action_move(self, offset: int) -> None:
        self.with_selected(lambda item_id: self.session.agenda.move(item_id, offset))
        selected = self.selected_id()
        if selected is not None:
            index = [item.id for item in self.session.meeting.agenda].index(selected)
            self.table.move_cursor(row=max(0, min(self.table.row_count - 1, index + offset)))

    def action_edit(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        item = next(item for item in self.session.meeting.agenda if item.id == selected)
        self.editing = item.id
        self.entry("#item-title").text = item.title
        self.entry("#item-minutes").text = str(item.time_box)
        self.entry("#item-title").focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.agenda.remove)
