"""Next actions: what, who (from the attendees), by when. A missing owner or date is flagged, not refused."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from facilitator import people
from facilitator.date_phrases import When, read_when
from facilitator.model import Action, ActionStatus, StepKind, label
from screens.entry import Entry
from screens.involved import offer_to_list
from screens.steps.base import Row, StepPane, block, cell, lines, show
from screens.steps.confidential import confidential_binding, marked
from screens.steps.notes import move_binding, move_to_next_item
from screens.timefmt import due_hint, due_shown


class ActionsPane(StepPane):
    kind = StepKind.ACTIONS
    COLUMNS = ("Who", "Due · status", "What")  # long text last: it takes the room left and wraps
    BINDINGS = [
        Binding(
            "ctrl+r",
            "cycle_owner",
            "Next owner",
            id="actions.owner",
            tooltip="Cycle the owner: those present, then those also involved",
        ),
        Binding("space", "cycle_status", "Status", id="actions.status", tooltip="Open, done, dropped"),
        Binding("e", "edit", "Edit", id="actions.edit", tooltip="Load the highlighted action into the form"),
        move_binding("actions", "action"),
        Binding("delete", "remove", "Remove", id="actions.remove"),
        confidential_binding("actions"),
    ]
    TABLE_ACTIONS = frozenset({"cycle_status", "edit", "remove", "move_item", "toggle_confidential"})

    def compose_form(self) -> ComposeResult:
        # Enter moves what → who → due; Enter in due takes the three, ready for the next action.
        field = partial(Entry, form=self.id, takes=True)
        yield field(placeholder="What will be done?", id="action-text", multiline=True, then="#action-owner")
        with Horizontal(classes="form-row"):
            names = people.owners(self.session.meeting)  # those present, then those also involved
            yield field(
                placeholder="Who (ctrl+r picks)",
                id="action-owner",
                suggester=SuggestFromList(names, case_sensitive=False),
                then="#action-due",
            )
            yield field(placeholder="Due: 2026-12-01, +2w, fri", id="action-due", after="#action-text")
        yield Static("", id="action-due-hint", classes="hint", markup=False)

    def rows(self) -> Iterable[Row]:
        for action in self.session.meeting.actions:
            flags = tuple(self.session.actions.flags(action))
            shown = (action.id, action.owner, action.due, action.due_text, action.status, flags, action.text)
            yield self.cached_row((*shown, action.confidential), partial(action_row, action, flags))

    @on(Input.Changed, "#action-due")
    def show_due(self, event: Input.Changed) -> None:
        # Repainted in place while it fits the lines it has: a layout a key typed was a stalled key.
        hint = self.query_one("#action-due-hint", Static)
        if not event.value.strip():
            show(hint, "", shrink=False)
            return
        try:
            show(hint, due_hint(self._read_due(event.value)), shrink=False)
        except ValueError as error:
            show(hint, str(error), shrink=False)

    def _read_due(self, typed: str) -> When:
        meeting = self.session.meeting
        return read_when(typed, self.session.clock.today(), next_meeting=meeting.next_review)

    @on(Entry.Submitted, "#action-due")
    def submit(self, event: Entry.Submitted) -> None:
        # The form as it stood when Enter was pressed; its boxes are already empty for the next.
        form = event.form
        text, owner, due_text = form["action-text"], form["action-owner"], form["action-due"]
        try:
            when = self._read_due(due_text) if due_text.strip() else When()
        except ValueError as error:
            self.refused(form, f"due: {error}")
            return
        owner = people.attendee_named(self.session.meeting, owner)
        due, words = when.due, when.text
        if self.editing:
            done = self.attempt(
                self.session.actions.edit, self.editing, text=text, owner=owner, due=due, due_text=words
            )
        else:
            done = self.attempt(self.session.actions.add, text, owner, due, words)
        if done is None:
            self.refused(form)
            return
        self.editing = None
        self.table.move_cursor(row=self.table.row_count - 1)
        offer_to_list(self, self.session, owner, self._suggest_owners)  # someone not listed yet: add them?

    def _suggest_owners(self) -> None:
        """The owner box suggests everyone who can own an action, the newly listed too."""
        names = people.owners(self.session.meeting)
        self.entry("#action-owner").suggester = SuggestFromList(names, case_sensitive=False)

    def refused(self, form: Mapping[str, str], message: str | None = None) -> None:
        """Put the refused action back in the form, the reason shown, to be put right."""
        if message is not None:
            self.show_error(message)
        self.restore_form(form)

    def action_cycle_owner(self) -> None:
        owner = self.entry("#action-owner")
        owner.text = people.next_owner(self.session.meeting, people.attendee_named(self.session.meeting, owner.text))

    def action_cycle_status(self) -> None:
        self.with_selected(self.session.actions.cycle_status)

    def action_edit(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        action = next(a for a in self.session.meeting.actions if a.id == selected)
        self.editing = action.id
        self.entry("#action-text").text = action.text
        self.entry("#action-owner").text = action.owner
        self.entry("#action-due").text = action.due_text or (action.due.isoformat() if action.due else "")
        self.entry("#action-text").focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.actions.remove)

    def action_move_item(self) -> None:
        move_to_next_item(self, self.session.actions.cycle_item)

    def action_toggle_confidential(self) -> None:
        self.with_selected(self.session.confidential.toggle)


def action_row(action: Action, flags: tuple[str, ...]) -> Row:
    return (
        action.id,
        (
            cell(action.owner or "—"),
            lines(
                cell(due_shown(action.due, action.due_text)),
                cell(label(action.status), "dim" if action.status is not ActionStatus.OPEN else ""),
                *(cell(f"⚑ {flag}", "yellow") for flag in flags),
            ),
            marked(block(action.text), action.confidential),
        ),
    )
