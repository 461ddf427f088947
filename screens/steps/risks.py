"""Open questions and risks: each with an optional owner, open until answered or settled.

ctrl+t makes the next one a question or a risk; Enter moves from the text to the owner (typed
as the first letters of a name, or ctrl+r for the next attendee), Enter again adds it. In the
table, space marks the highlighted one answered (or settled) and ctrl+t turns it over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Static

from facilitator import people
from facilitator.kinds.risks import Risk, RiskKind
from screens.entry import Entry
from screens.steps.base import Row, StepPane, block, cell, lines, mark_box, show

MARK = {RiskKind.QUESTION: ("? question", "cyan"), RiskKind.RISK: ("! risk", "magenta")}


class RisksPane(StepPane):
    kind = "risks"
    COLUMNS = ("Type · state · owner", "Question or risk")  # long text last: it takes the room left and wraps
    BINDINGS = [
        Binding("ctrl+t", "toggle_kind", "Question/risk", id="risks.kind", tooltip="A question, or a risk"),
        Binding("ctrl+r", "cycle_owner", "Next owner", id="risks.owner", tooltip="Cycle the owner among attendees"),
        Binding("space", "toggle_settled", "Settled", id="risks.settled", tooltip="Answered or settled, or open again"),
        Binding("e", "edit", "Edit", id="risks.edit", tooltip="Load the highlighted item into the form"),
        Binding("delete", "remove", "Remove", id="risks.remove"),
    ]
    TABLE_ACTIONS = frozenset({"toggle_settled", "edit", "remove"})

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.risk_kind = RiskKind.QUESTION

    @property
    def text_id(self) -> str:
        return f"{self.step_key}-risk"

    @property
    def owner_id(self) -> str:
        return f"{self.step_key}-owner"

    def compose_form(self) -> ComposeResult:
        yield Static("Enter moves on to the owner; in the table, space: settled", classes="hint", markup=False)
        field = partial(Entry, form=self.id, takes=True)
        with Horizontal(classes="form-row"):
            yield mark_box("risk-kind", [mark for mark, _ in MARK.values()])
            yield field(
                placeholder="Question or risk (Enter: owner)",
                id=self.text_id,
                classes="risk-text",
                multiline=True,
                then=f"#{self.owner_id}",
            )
            owner = field(
                placeholder="Owner (ctrl+r)",
                id=self.owner_id,
                classes="risk-owner",
                suggester=SuggestFromList(people.speakers(self.session.meeting), case_sensitive=False),
                after=f"#{self.text_id}",
            )
            owner.styles.width = 20  # inline: the form row gives every box 1fr
            yield owner

    # -- drawing ----------------------------------------------------------------------------

    def rows(self) -> Iterable[Row]:
        for risk in self.session.risks.on(self.step_key):
            mark, colour = MARK[risk.kind]
            state = cell(risk.state, "green" if risk.settled else "yellow")
            owner = cell(risk.owner, "dim") if risk.owner else Text()
            yield risk.id, (lines(cell(mark, colour), state, owner), block(risk.text))

    def refresh_view(self, most: int | None = None) -> None:
        super().refresh_view(most)
        mark, colour = MARK[self.risk_kind]
        show(self.query_one(".risk-kind", Static), Text(mark, style=colour))

    # -- editing ----------------------------------------------------------------------------

    @on(Entry.Submitted)
    def submit(self, event: Entry.Submitted) -> None:
        if event.input.id != self.owner_id:
            return  # Enter in the text moves on to the owner
        event.stop()
        form = event.form
        text, owner = form.get(self.text_id, ""), form.get(self.owner_id, event.value)
        if self.editing:
            done = self.attempt(self.session.risks.edit, self.editing, text=text, owner=owner)
        else:
            done = self.attempt(self.session.risks.add, self.step_key, text, kind=self.risk_kind, owner=owner)
        if done is None:
            self.refused(form)
            return
        self.editing = None
        self.table.move_cursor(row=self.table.row_count - 1)

    def refused(self, form: Mapping[str, str]) -> None:
        """Put the refused item back in the form, the reason shown, to be put right."""
        self.restore_form(form)

    def _on_row(self) -> str | None:
        return self.selected_id() if self.table.has_focus else None

    def action_toggle_kind(self) -> None:
        selected = self._on_row()
        if selected:
            self.attempt(self.session.risks.toggle_kind, selected)
            return
        self.risk_kind = RiskKind.RISK if self.risk_kind is RiskKind.QUESTION else RiskKind.QUESTION
        self.refresh_view()

    def action_cycle_owner(self) -> None:
        owner = self.entry(f"#{self.owner_id}")
        owner.text = people.next_speaker(self.session.meeting, people.attendee_named(self.session.meeting, owner.text))

    def action_toggle_settled(self) -> None:
        self.with_selected(self.session.risks.toggle_settled)

    def action_edit(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        risk: Risk = next(r for r in self.session.risks.on(self.step_key) if r.id == selected)
        self.editing = risk.id
        self.entry(f"#{self.owner_id}").text = risk.owner
        text = self.entry(f"#{self.text_id}")
        text.text = risk.text
        text.focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.risks.remove)
