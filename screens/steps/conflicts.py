"""Conflicts: the issue, who was involved, how it was handled (Thomas's styles), where it stands."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from facilitator.editing.conflicts import STYLES
from facilitator.model import ConflictState, StepKind, label
from screens.entry import Entry
from screens.steps.base import Row, StepPane, block, cell, lines
from screens.steps.confidential import confidential_binding, marked

STYLE_KEYS = "  ".join(f"{number} {style.value}" for number, style in enumerate(STYLES, start=1))


class ConflictsPane(StepPane):
    kind = StepKind.CONFLICTS
    COLUMNS = ("Handled · state", "Between", "Issue → way forward")  # long text last, wrapped
    BINDINGS = [
        Binding("s", "cycle_style", "Style", id="conflicts.style", tooltip="Next of Thomas's five styles"),
        *(
            Binding(
                str(number), f"set_style({number - 1})", style.value.capitalize(), show=False, id=f"conflicts.{style}"
            )
            for number, style in enumerate(STYLES, start=1)
        ),
        Binding("x", "cycle_state", "State", id="conflicts.state", tooltip="Open, way forward agreed, closed"),
        Binding("e", "edit", "Edit", id="conflicts.edit", tooltip="Load the highlighted conflict into the form"),
        Binding("delete", "remove", "Remove", id="conflicts.remove"),
        confidential_binding("conflicts"),
    ]
    TABLE_ACTIONS = frozenset({"cycle_style", "set_style", "cycle_state", "edit", "remove", "toggle_confidential"})

    def compose_form(self) -> ComposeResult:
        yield Static(f"In the table: s or {STYLE_KEYS}; x state", classes="hint", markup=False)
        # Enter in the first two fields moves on; in the last it takes the form, as a form is filled in.
        field = partial(Entry, form=self.id, takes=True, after=".step-table")
        yield field(
            placeholder="The issue, e.g. use of the room in opening hours",
            id="conflict-issue",
            multiline=True,
            then="#conflict-parties",
        )
        yield field(placeholder="Between (comma-separated)", id="conflict-parties", then="#conflict-way")
        yield field(placeholder="Way forward agreed (Enter saves the conflict)", id="conflict-way", multiline=True)

    def rows(self) -> Iterable[Row]:
        for conflict in self.session.meeting.conflicts:
            yield (
                conflict.id,
                (
                    lines(
                        cell(conflict.style.value if conflict.style else "—"),
                        cell(label(conflict.state), "green" if conflict.state is not ConflictState.OPEN else "yellow"),
                    ),
                    lines(*(cell(party) for party in conflict.parties)) if conflict.parties else cell("—"),
                    marked(issue_and_way(conflict.issue, conflict.way_forward), conflict.confidential),
                ),
            )

    @on(Entry.Submitted, "#conflict-issue, #conflict-parties, #conflict-way")
    def submit(self, event: Entry.Submitted) -> None:
        if not event.form:
            return  # Enter moved on to the next field
        # As it stood when Enter was pressed; the boxes are empty and the table has the focus.
        form = event.form
        issue, way = form["conflict-issue"], form["conflict-way"]
        parties = [part.strip() for part in form["conflict-parties"].split(",") if part.strip()]
        if self.editing:
            done = self.attempt(
                self.session.conflicts.edit, self.editing, issue=issue, parties=parties, way_forward=way
            )
        else:
            state = ConflictState.WAY_FORWARD_AGREED if way.strip() else ConflictState.OPEN
            done = self.attempt(self.session.conflicts.add, issue, parties, None, state, way)
        if done is None:
            self.restore_form(form)
            self.entry("#conflict-issue").focus()
            return
        self.editing = None
        self.set_editing(False)
        self.table.move_cursor(row=self.table.row_count - 1)  # next: say how it was handled (s, or 1–5)

    def set_editing(self, editing: bool) -> None:
        """Editing: Enter in any field saves the conflict. Adding: Enter moves through the form."""
        self.entry("#conflict-issue").then = None if editing else "#conflict-parties"
        self.entry("#conflict-parties").then = None if editing else "#conflict-way"

    def _selected(self):  # type: ignore[no-untyped-def]
        return next(c for c in self.session.meeting.conflicts if c.id == self.selected_id())

    def action_cycle_style(self) -> None:
        if self.selected_id() is not None:  # quietly nothing when the table is empty
            self.with_selected(self.session.conflicts.cycle_style)

    def action_set_style(self, index: int) -> None:
        self.with_selected(lambda conflict_id: self.session.conflicts.edit(conflict_id, style=STYLES[index]))

    def action_cycle_state(self) -> None:
        if self.selected_id() is not None:
            self.with_selected(self.session.conflicts.cycle_state)

    def action_edit(self) -> None:
        if self.selected_id() is None:
            return
        conflict = self._selected()
        self.editing = conflict.id
        self.entry("#conflict-issue").text = conflict.issue
        self.entry("#conflict-parties").text = ", ".join(conflict.parties)
        self.entry("#conflict-way").text = conflict.way_forward
        self.set_editing(True)
        self.entry("#conflict-way").focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.conflicts.remove)

    def action_toggle_confidential(self) -> None:
        self.with_selected(self.session.confidential.toggle)


def issue_and_way(issue: str, way_forward: str) -> Text:
    """The issue, and under it the way forward agreed, if there is one yet."""
    shown = block(issue)
    if way_forward:
        shown.append("\n→ ").append_text(block(way_forward, "green"))
    return shown
