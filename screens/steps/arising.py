"""Matters arising, at the top of the agenda step: the last minutes to approve, and each action
still open from the partnership's earlier meetings, to mark done, carried, re-planned or dropped.

Nothing here changes an earlier meeting: decisions are kept in this meeting and written back
when it closes (``facilitator.followup``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from facilitator.date_phrases import When, read_when
from facilitator.minutes import outcome_text
from facilitator.model import Approval, Outcome
from facilitator.session import Session
from screens.entry import Entry
from screens.involved import offer_to_list
from screens.steps.base import StepPane, block, cell, highlighted_key, last_column_width, lines, set_column_width
from screens.timefmt import day_text

MINUTES_ROW = "previous-minutes"
HINT = "Matters arising. In the table: d done, c carried, p re-plan, x drop; on the minutes: a approve, k correction"
PROMPTS = {
    "drop": "Why is it dropped? Enter records it",
    "replan": "New owner and/or due date, e.g. 'Paul +2w' or 'den end of March'; Enter records it",
    "correct": "A correction to the last minutes; Enter records it (they are kept, not rewritten)",
}
COLUMNS = ("Decided", "Who · agreed", "Earlier action")  # short: a narrow screen shows it whole
DONE_COLOUR = {Outcome.DONE: "green", Outcome.DROPPED: "dim", Outcome.PENDING: "yellow"}


def owner_and_date(text: str, today: dt.date, names: Iterable[str] = ()) -> tuple[str, When]:
    """'Paul +2w' → ('Paul', the date); '+2w' → ('', date); 'Paul' → ('Paul', no date).

    The date may be a phrase ('Paul before Easter', 'end of March'): the owner is the words before
    it. ``names`` are the attendees: a phrase is never taken from inside a known name.
    """
    words = text.split()
    if not words:
        return "", When()
    known = {name.casefold() for name in names}
    for split in range(len(words)):  # the longest date first: 'Paul end of March', not 'Paul end of' + 'March'
        owner, typed = " ".join(words[:split]), " ".join(words[split:])
        if typed.casefold() in known:
            break
        when = _read(typed, today)
        if when is not None and (when.resolved or _is_date_like(typed)):
            return owner, when
    return " ".join(words), When()


def _read(typed: str, today: dt.date) -> When | None:
    try:
        return read_when(typed, today)
    except ValueError:
        return None


def _is_date_like(typed: str) -> bool:
    """Words that begin as a date does ('by …', 'before …'): kept as an unresolved date, flagged."""
    return typed.casefold().split()[0] in ("by", "before", "after", "until", "w/c", "in", "end", "early", "mid", "late")


class ArisingPanel(Vertical):
    BINDINGS = [
        Binding("d", "decide('done')", "Done", id="arising.done", tooltip="The highlighted earlier action is done"),
        Binding("c", "decide('carried')", "Carried", id="arising.carried", tooltip="Still open: carry it forward"),
        Binding("p", "ask('replan')", "Re-plan", id="arising.replan", tooltip="A new owner or due date"),
        Binding("x", "ask('drop')", "Drop", id="arising.drop", tooltip="Drop it, saying why"),
        Binding("a", "approve", "Approve minutes", id="arising.approve", tooltip="The last minutes, as they stand"),
        Binding("k", "ask('correct')", "Correction", id="arising.correct", tooltip="Approve with a correction"),
    ]

    def __init__(self, session: Session, pane: StepPane) -> None:
        super().__init__(id="arising")
        self.session = session
        self.pane = pane  # the agenda pane: its error line and its way of attempting an edit
        self.asking: str | None = None  # what the input is for: drop, replan, correct

    def compose(self) -> ComposeResult:
        yield Static(HINT, classes="hint", markup=False)
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="arising-table")
        self._last_key = table.add_columns(*COLUMNS)[-1]
        yield table
        answer = Entry(placeholder="", id="arising-answer", multiline=True)
        answer.display = False
        yield answer

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#arising-table", DataTable)

    @property
    def has_matters(self) -> bool:
        meeting = self.session.meeting
        return bool(meeting.arising) or meeting.previous_minutes is not None

    @property
    def undecided(self) -> bool:
        meeting = self.session.meeting
        minutes = meeting.previous_minutes
        pending_minutes = minutes is not None and minutes.approval is Approval.PENDING
        return pending_minutes or any(item.outcome is Outcome.PENDING for item in meeting.arising)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The letters act only while the table has focus: in the answer box they are typing.
        return self.table.has_focus

    def refresh_view(self) -> None:
        self.display = self.has_matters
        table, meeting = self.table, self.session.meeting
        keep = table.cursor_row
        rows: list[tuple[str, tuple[Text, ...]]] = []
        minutes = meeting.previous_minutes
        if minutes is not None:
            when = f"Minutes of {day_text(minutes.date)}" if minutes.date else "The last minutes"
            colour = "yellow" if minutes.approval is Approval.PENDING else "green"
            about = lines(cell(when, "bold"), *(block(f"correction: {text}", "cyan") for text in minutes.corrections))
            decided = "to approve" if minutes.approval is Approval.PENDING else "approved"
            rows.append((MINUTES_ROW, (cell(decided, colour), cell(""), about)))
        for item in meeting.arising:
            agreed = f"agreed {day_text(item.raised_on)}" if item.raised_on else ""
            about = block(item.text)
            if item.outcome in (Outcome.DROPPED, Outcome.REPLANNED):
                about.append("\n→ ").append_text(block(outcome_text(item), "cyan"))
            outcome = cell(item.outcome.value, DONE_COLOUR.get(item.outcome, "cyan"))
            rows.append((item.action_id, (outcome, lines(cell(item.owner), cell(agreed, "dim")), about)))
        table.clear()
        width = last_column_width(table, COLUMNS, [cells for _, cells in rows], 16)
        set_column_width(table, self._last_key, width)
        for key, cells in rows:
            table.add_row(*cells, key=key, height=None)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def on_resize(self) -> None:
        self.refresh_view()

    def _selected(self) -> str | None:
        return highlighted_key(self.table)

    def _attempt(self, edit: Callable[..., object], *args: Any, **kwargs: Any) -> bool:
        return self.pane.attempt(edit, *args, **kwargs) is not None

    def action_decide(self, outcome: str) -> None:
        selected = self._selected()
        if selected in (None, MINUTES_ROW):
            self.pane.show_error("Highlight an earlier action first (the rows under the minutes).")
            return
        if self._attempt(self.session.arising.decide, selected, Outcome(outcome)):
            self.table.move_cursor(row=self.table.cursor_row + 1)  # on to the next one

    def action_approve(self) -> None:
        if self.session.meeting.previous_minutes is None:
            self.pane.show_error("There are no earlier minutes to approve.")
            return
        self._attempt(self.session.arising.approve_previous, [])

    def action_ask(self, what: str) -> None:
        selected = self._selected()
        if what == "correct" and self.session.meeting.previous_minutes is None:
            self.pane.show_error("There are no earlier minutes to correct.")
            return
        if what != "correct" and selected in (None, MINUTES_ROW):
            self.pane.show_error("Highlight an earlier action first (the rows under the minutes).")
            return
        self.asking = what
        answer = self.query_one("#arising-answer", Entry)
        answer.multiline = what != "replan"  # a reason or a correction may run over several lines
        answer.placeholder = PROMPTS[what]
        answer.value = ""
        answer.display = True
        answer.focus()

    @on(DataTable.RowSelected, "#arising-table")
    def keep_enter_here(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter on an earlier action must not start an agenda item below

    @on(Input.Submitted, "#arising-answer")
    def answered(self, event: Input.Submitted) -> None:
        event.stop()
        text, what, selected = event.value.strip(), self.asking, self._selected()
        done = True
        if not text:
            pass  # an empty answer cancels
        elif what == "drop" and selected:
            done = self._attempt(self.session.arising.decide, selected, Outcome.DROPPED, reason=text)
        elif what == "replan" and selected:
            names = [person.name for person in self.session.meeting.attendees]
            owner, when = owner_and_date(text, self.session.clock.today(), names)
            done = self._attempt(
                self.session.arising.decide,
                selected,
                Outcome.REPLANNED,
                new_owner=owner,
                new_due=when.due,
                new_due_text=when.text,
            )
            if done and owner:  # a new owner nobody listed has: add them as also involved?
                item = next(a for a in self.session.meeting.arising if a.action_id == selected)
                offer_to_list(self, self.session, item.new_owner)
        elif what == "correct":
            minutes = self.session.meeting.previous_minutes
            earlier = list(minutes.corrections) if minutes else []
            done = self._attempt(self.session.arising.approve_previous, [*earlier, text])
        if done:  # refused: the answer stays, with the reason shown, to be put right
            self.asking = None
            event.input.display = False
            self.table.focus()
            if text and what != "correct":
                self.table.move_cursor(row=self.table.cursor_row + 1)  # on to the next one
