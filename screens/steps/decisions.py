"""Decisions: what was decided, why, and where each partner stands on it.

A decision starts with every partner present agreeing, since that is what a meeting usually
records; in the table, 1–9 cycle one partner's position (agreed, agreed with reservation,
disagreed), so a reservation is one key away and never lost in the wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from facilitator.model import Decision, Position, StepKind
from facilitator.text import clean_line
from screens.entry import Entry
from screens.steps.base import Row, StepPane, block, cell, lines, show
from screens.steps.confidential import confidential_binding, marked
from screens.steps.notes import move_binding, move_to_next_item

POSITION_MARK = {
    Position.AGREED: ("✓", "green"),
    Position.RESERVATION: ("~", "yellow"),
    Position.DISAGREED: ("✗", "red"),
}
MAX_PARTNER_KEYS = 9


def stance_line(partner: str, position: Position) -> Text:
    mark, colour = POSITION_MARK[position]
    return Text(f"{mark} ", style=colour).append_text(cell(partner))


def decision_and_why(decision: Decision) -> Text:
    shown = block(decision.text)
    if decision.why:
        shown.append("\nwhy: ", style="dim").append_text(block(decision.why, "dim"))
    return shown


class DecisionsPane(StepPane):
    kind = StepKind.DECISIONS
    COLUMNS = ("Partners", "Decision · why")  # long text last, wrapped
    BINDINGS = [
        *(
            Binding(
                str(number),
                f"cycle_position({number - 1})",
                f"Partner {number}",
                show=False,
                id=f"decisions.partner_{number}",
                tooltip=f"Cycle partner {number}'s position: agreed, with reservation, disagreed",
            )
            for number in range(1, MAX_PARTNER_KEYS + 1)
        ),
        Binding("e", "edit", "Edit", id="decisions.edit", tooltip="Load the highlighted decision into the form"),
        move_binding("decisions", "decision"),
        Binding("delete", "remove", "Remove", id="decisions.remove"),
        confidential_binding("decisions"),
    ]
    TABLE_ACTIONS = frozenset({"cycle_position", "edit", "remove", "move_item", "toggle_confidential"})

    def compose_form(self) -> ComposeResult:
        yield Static("", classes="hint partner-keys", markup=False)
        # Enter moves from what to why; Enter in why takes both (in what too, when editing).
        field = partial(Entry, form=self.id, takes=True, multiline=True, after=".step-table")
        yield field(placeholder="What was decided (Enter, then why)", id="decision-text", then="#decision-why")
        yield field(placeholder="Why (Enter saves the decision)", id="decision-why")

    def partners(self) -> list[str]:
        """The partners the number keys stand for: those present, then any named only on a decision."""
        shown = list(self.session.meeting.partners)
        known = {partner.casefold() for partner in shown}
        for decision in self.session.meeting.decisions:
            for stance in decision.positions:
                if stance.partner.casefold() not in known:
                    known.add(stance.partner.casefold())
                    shown.append(stance.partner)
        return shown[:MAX_PARTNER_KEYS]

    def rows(self) -> Iterable[Row]:
        for decision in self.session.meeting.decisions:
            stances = [stance_line(s.partner, s.position) for s in decision.positions]
            yield (
                decision.id,
                (
                    lines(*stances) if stances else cell("—"),
                    marked(decision_and_why(decision), decision.confidential),
                ),
            )

    def refresh_view(self, most: int | None = None) -> None:
        super().refresh_view(most)
        keys = "  ".join(f"{n} {clean_line(p)}" for n, p in enumerate(self.partners(), start=1))
        show(
            self.query_one(".partner-keys", Static),
            f"In the table, a partner's number cycles agreed → with reservation → disagreed:  {keys}"
            if keys
            else "Add the attendees present to record each partner's position (their organisation, or the person).",
        )

    @on(Entry.Submitted, "#decision-text, #decision-why")
    def submit(self, event: Entry.Submitted) -> None:
        if not event.form:
            return  # Enter in what moved on to why
        # As it stood when Enter was pressed; the boxes are empty, and the table has the
        # focus: next, anyone with a reservation, or against?
        text, why = event.form["decision-text"], event.form["decision-why"]
        if self.editing:
            done = self.attempt(self.session.decisions.edit, self.editing, text=text, why=why)
        else:
            done = self.attempt(self.session.decisions.add, text, why)
        if done is None:
            self.restore_form(event.form)
            self.entry("#decision-text").focus()
            return
        self.editing = None
        self.entry("#decision-text").then = "#decision-why"
        self.table.move_cursor(row=self.table.row_count - 1)

    def action_cycle_position(self, index: int) -> None:
        partners = self.partners()
        if index >= len(partners):
            self.show_error(f"There is no partner {index + 1}: {len(partners)} are present.")
            return
        self.with_selected(lambda decision_id: self.session.decisions.cycle_position(decision_id, partners[index]))

    def action_edit(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        decision = next(d for d in self.session.meeting.decisions if d.id == selected)
        self.editing = decision.id
        self.entry("#decision-text").text = decision.text
        self.entry("#decision-text").then = None  # editing: Enter in either field saves
        self.entry("#decision-why").text = decision.why
        self.entry("#decision-why").focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.decisions.remove)

    def action_move_item(self) -> None:
        move_to_next_item(self, self.session.decisions.cycle_item)

    def action_toggle_confidential(self) -> None:
        self.with_selected(self.session.confidential.toggle)
