"""Next actions: what, who (from the attendees), by when. A missing owner or date is flagged, not refused."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from facilitator.dates import parse_date
from facilitator.model import ActionStatus, StepKind, label
from screens.steps.base import Row, StepPane, cell, lines
from screens.timefmt import day_text


class ActionsPane(StepPane):
    kind = StepKind.ACTIONS
    COLUMNS = ("Who", "Due · status", "What")  # long text last: it takes the room left and wraps
    BINDINGS = [
        Binding("ctrl+r", "cycle_owner", "Next owner", id="actions.owner", tooltip="Cycle the owner among attendees"),
        Binding("space", "cycle_status", "Status", id="actions.status", tooltip="Open, done, dropped"),
        Binding("e", "edit", "Edit", id="actions.edit", tooltip="Load the highlighted action into the form"),
        Binding("delete", "remove", "Remove", id="actions.remove"),
    ]
    TABLE_ACTIONS = frozenset({"cycle_status", "edit", "remove"})

    def compose_form(self) -> ComposeResult:
        yield Input(placeholder="What will be done?", id="action-text")
        with Horizontal(classes="form-row"):
            names = self.session.speakers()
            yield Input(
                placeholder="Who (ctrl+r picks)",
                id="action-owner",
                suggester=SuggestFromList(names, case_sensitive=False),
            )
            yield Input(placeholder="Due: 2026-12-01, +2w, fri", id="action-due")
        yield Static("", id="action-due-hint", classes="hint", markup=False)

    def rows(self) -> Iterable[Row]:
        for action in self.session.meeting.actions:
            flags = self.session.action_flags(action)
            yield (
                action.id,
                (
                    cell(action.owner or "—"),
                    lines(
                        cell(day_text(action.due) if action.due else "—"),
                        cell(label(action.status), "dim" if action.status is not ActionStatus.OPEN else ""),
                        *(cell(f"⚑ {flag}", "yellow") for flag in flags),
                    ),
                    cell(action.text),
                ),
            )

    @on(Input.Changed, "#action-due")
    def show_due(self, event: Input.Changed) -> None:
        hint = self.query_one("#action-due-hint", Static)
        if not event.value.strip():
            hint.update("")
            return
        try:
            hint.update("Due " + day_text(parse_date(event.value, self.session.today()), weekday=True))
        except ValueError as error:
            hint.update(str(error))

    @on(Input.Submitted, "#action-text, #action-owner, #action-due")
    def submit(self, event: Input.Submitted) -> None:
        if event.input.id != "action-due":
            self.screen.focus_next()
            return
        text, owner, due_text = self.value("#action-text"), self.value("#action-owner"), self.value("#action-due")
        try:
            due = parse_date(due_text, self.session.today()) if due_text.strip() else None
        except ValueError as error:
            self.show_error(f"due: {error}")
            return
        owner = self.session.attendee_named(owner)
        if self.editing:
            done = self.attempt(self.session.update_action, self.editing, text=text, owner=owner, due=due)
        else:
            done = self.attempt(self.session.add_action, text, owner, due)
        if done is not None:
            self.editing = None
            self.clear_inputs("#action-text", "#action-owner", "#action-due")
            self.table.move_cursor(row=self.table.row_count - 1)
            self.query_one("#action-text", Input).focus()

    def action_cycle_owner(self) -> None:
        owner = self.query_one("#action-owner", Input)
        owner.value = self.session.next_speaker(self.session.attendee_named(owner.value))

    def action_cycle_status(self) -> None:
        self.with_selected(self.session.cycle_action_status)

    def action_edit(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        action = next(a for a in self.session.meeting.actions if a.id == selected)
        self.editing = action.id
        self.query_one("#action-text", Input).value = action.text
        self.query_one("#action-owner", Input).value = action.owner
        self.query_one("#action-due", Input).value = action.due.isoformat() if action.due else ""
        self.query_one("#action-text", Input).focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.remove_action)
