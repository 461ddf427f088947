"""Conflicts: the issue, who was involved, how it was handled (Thomas's styles), where it stands."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from facilitator.model import ConflictState, ConflictStyle, StepKind, label
from screens.steps.base import Row, StepPane, cell, lines

STYLES = list(ConflictStyle)
STATES = list(ConflictState)
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
    ]
    TABLE_ACTIONS = frozenset({"cycle_style", "set_style", "cycle_state", "edit", "remove"})

    def compose_form(self) -> ComposeResult:
        yield Static(f"In the table: s or {STYLE_KEYS}; x state", classes="hint", markup=False)
        yield Input(placeholder="The issue, e.g. use of the room in opening hours", id="conflict-issue")
        yield Input(placeholder="Between (comma-separated)", id="conflict-parties")
        yield Input(placeholder="Way forward agreed (Enter saves the conflict)", id="conflict-way")

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
                    issue_and_way(conflict.issue, conflict.way_forward),
                ),
            )

    @on(Input.Submitted, "#conflict-issue, #conflict-parties, #conflict-way")
    def submit(self, event: Input.Submitted) -> None:
        # Enter in the first two fields moves on; in the last it saves, as a form is filled in.
        if event.input.id != "conflict-way" and not self.editing:
            self.screen.focus_next()
            return
        issue = self.value("#conflict-issue")
        parties = [part.strip() for part in self.value("#conflict-parties").split(",") if part.strip()]
        way = self.value("#conflict-way")
        if self.editing:
            done = self.attempt(
                self.session.update_conflict, self.editing, issue=issue, parties=parties, way_forward=way
            )
        else:
            state = ConflictState.WAY_FORWARD_AGREED if way.strip() else ConflictState.OPEN
            done = self.attempt(self.session.add_conflict, issue, parties, None, state, way)
        if done is not None:
            self.editing = None
            self.clear_inputs("#conflict-issue", "#conflict-parties", "#conflict-way")
            self.table.move_cursor(row=self.table.row_count - 1)
            self.table.focus()  # next: say how it was handled (s, or 1–5)

    def _selected(self):  # type: ignore[no-untyped-def]
        return next(c for c in self.session.meeting.conflicts if c.id == self.selected_id())

    def action_cycle_style(self) -> None:
        if self.selected_id() is None:
            return
        current = self._selected().style
        following = STYLES[0] if current is None else STYLES[(STYLES.index(current) + 1) % len(STYLES)]
        self.with_selected(lambda conflict_id: self.session.update_conflict(conflict_id, style=following))

    def action_set_style(self, index: int) -> None:
        self.with_selected(lambda conflict_id: self.session.update_conflict(conflict_id, style=STYLES[index]))

    def action_cycle_state(self) -> None:
        if self.selected_id() is None:
            return
        following = STATES[(STATES.index(self._selected().state) + 1) % len(STATES)]
        self.with_selected(lambda conflict_id: self.session.update_conflict(conflict_id, state=following))

    def action_edit(self) -> None:
        if self.selected_id() is None:
            return
        conflict = self._selected()
        self.editing = conflict.id
        self.query_one("#conflict-issue", Input).value = conflict.issue
        self.query_one("#conflict-parties", Input).value = ", ".join(conflict.parties)
        self.query_one("#conflict-way", Input).value = conflict.way_forward
        self.query_one("#conflict-way", Input).focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.remove_conflict)


def issue_and_way(issue: str, way_forward: str) -> Text:
    """The issue, and under it the way forward agreed, if there is one yet."""
    shown = cell(issue)
    if way_forward:
        shown.append("\n→ ").append_text(cell(way_forward, "green"))
    return shown
