"""Who brings what: each offer credited to the partner who provides it, with its kind and who said it.

The partner box takes initials or the start of a name ('ys' for Youth Service), or ctrl+s
cycles the partners present; it keeps its partner for the next offer. ctrl+t picks the kind,
ctrl+r who said it. In the table the same keys change the highlighted offer.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Static

from facilitator import people
from facilitator.cycle import following
from facilitator.editing.contributions import next_partner, partner_named, partners_known
from facilitator.kinds.contributions import CONTRIBUTION_KINDS, Contribution, ContributionKind
from facilitator.text import clean_line
from screens.entry import Entry
from screens.steps.base import Row, StepPane, block, cell, lines, mark_box, show

PARTNER_WIDTH = 20  # room for most names (a longer one scrolls in its box); the offer takes the rest


class ContributionsPane(StepPane):
    kind = "contributions"
    COLUMNS = ("Partner · kind · said by", "What")  # long text last: it takes the room left and wraps
    BINDINGS = [
        Binding("ctrl+s", "cycle_partner", "Partner", id="contributions.partner", tooltip="Next partner present"),
        Binding("ctrl+t", "cycle_kind", "Kind", id="contributions.kind", tooltip="Staff, premises, equipment, …"),
        Binding("ctrl+r", "cycle_speaker", "Who said it", id="contributions.speaker", tooltip="Next attendee"),
        Binding("e", "edit", "Edit", id="contributions.edit", tooltip="Load the highlighted offer into the form"),
        Binding("delete", "remove", "Remove", id="contributions.remove"),
    ]
    TABLE_ACTIONS = frozenset({"edit", "remove"})

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.offer_kind = ContributionKind.STAFF
        self.speaker = ""  # nobody in particular until ctrl+r names someone

    @property
    def partner_id(self) -> str:
        return f"{self.step_key}-partner"

    @property
    def text_id(self) -> str:
        return f"{self.step_key}-offer"

    def compose_form(self) -> ComposeResult:
        yield Static("", classes="hint offer-context", markup=False)
        with Horizontal(classes="form-row"):
            yield mark_box("offer-kind", [str(kind) for kind in ContributionKind])
            partner = Entry(
                placeholder="Partner (ctrl+s)",
                id=self.partner_id,
                classes="offer-partner",
                form=self.id,
                then=f"#{self.text_id}",
                suggester=SuggestFromList(partners_known(self.session.meeting), case_sensitive=False),
            )
            partner.styles.width = PARTNER_WIDTH  # inline: the form row gives every box 1fr
            yield partner
            yield Entry(
                placeholder="What they bring; Enter adds",
                id=self.text_id,
                classes="offer-text",
                multiline=True,
                form=self.id,
                takes=True,
            )

    def focus_entry(self) -> Widget:
        """The partner box while it is empty; then the offer, for the next thing the same partner brings."""
        partner = self.entry(f"#{self.partner_id}")
        return (self.entry(f"#{self.text_id}") if partner.text.strip() else partner).focus()

    # -- drawing ----------------------------------------------------------------------------

    def rows(self) -> Iterable[Row]:
        for offer in self.session.contributions.on(self.step_key):
            said = cell(f"said by {offer.raised_by}", "dim") if offer.raised_by else Text()
            facts = lines(cell(offer.partner or "— no partner"), cell(str(offer.kind), "cyan"), said)
            yield offer.id, (facts, block(offer.text))

    def refresh_view(self, most: int | None = None) -> None:
        super().refresh_view(most)
        self._show_capture_state()

    def _show_capture_state(self) -> None:
        show(self.query_one(".offer-kind", Static), Text(str(self.offer_kind), style="cyan"))
        who = clean_line(self.speaker or "nobody in particular")
        show(self.query_one(".offer-context", Static), f"Said by: {who}")

    # -- editing ----------------------------------------------------------------------------

    @on(Entry.Submitted)
    def submit(self, event: Entry.Submitted) -> None:
        if event.input.id != self.text_id:
            return  # Enter in the partner box moves on to the offer
        event.stop()
        form = event.form
        text, partner = form.get(self.text_id, event.value), form.get(self.partner_id, "")
        if self.editing:
            done = self.attempt(self.session.contributions.edit, self.editing, text=text, partner=partner)
        else:
            done = self.attempt(
                self.session.contributions.add,
                self.step_key,
                text,
                partner=partner,
                kind=self.offer_kind,
                raised_by=self.speaker,
            )
        if done is None:
            self.entry(f"#{self.text_id}").restore(text)
            return
        self.editing = None
        self.entry(f"#{self.partner_id}").text = done.partner  # as it was understood: 'ys' reads Youth Service
        self.table.move_cursor(row=self.table.row_count - 1)

    def _on_row(self) -> str | None:
        """The highlighted offer when the table has the focus (the keys then change it, not the form)."""
        return self.selected_id() if self.table.has_focus else None

    def action_cycle_partner(self) -> None:
        selected = self._on_row()
        if selected:
            self.attempt(self.session.contributions.cycle_partner, selected)
            return
        box = self.entry(f"#{self.partner_id}")
        box.text = next_partner(self.session.meeting, partner_named(self.session.meeting, box.text))

    def action_cycle_kind(self) -> None:
        selected = self._on_row()
        if selected:
            self.attempt(self.session.contributions.cycle_kind, selected)
            return
        self.offer_kind = following(CONTRIBUTION_KINDS, self.offer_kind)
        self._show_capture_state()

    def action_cycle_speaker(self) -> None:
        selected = self._on_row()
        if selected:
            self.attempt(self.session.contributions.credit_next, selected)
            return
        self.speaker = people.next_speaker(self.session.meeting, self.speaker)
        self._show_capture_state()

    def action_edit(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        offer: Contribution = next(o for o in self.session.contributions.on(self.step_key) if o.id == selected)
        self.editing = offer.id
        self.entry(f"#{self.partner_id}").text = offer.partner
        text = self.entry(f"#{self.text_id}")
        text.text = offer.text
        text.focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.contributions.remove)
