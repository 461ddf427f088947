"""What worked (and what did not): type, Enter. One key says who raised it, one flips worked/did not.

Each note is tied to the agenda item under discussion when it is typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from facilitator.model import NoteKind
from facilitator.text import clean_line
from screens.steps.base import Row, StepPane, cell, lines

KIND_MARK = {NoteKind.WORKED: ("✓ worked", "green"), NoteKind.DID_NOT_WORK: ("✗ did not", "red")}


class WorkedPane(StepPane):
    step_key = "worked"
    COLUMNS = ("", "Who · item", "Note")  # long text last: it takes the room left and wraps
    BINDINGS = [
        Binding("ctrl+r", "cycle_speaker", "Who said it", id="worked.speaker", tooltip="Next attendee, then nobody"),
        Binding("ctrl+t", "toggle_kind", "Worked/did not", id="worked.kind", tooltip="Worked, or did not work"),
        Binding("e", "edit", "Edit", id="worked.edit", tooltip="Load the highlighted note into the form"),
        Binding("delete", "remove", "Remove", id="worked.remove"),
    ]
    TABLE_ACTIONS = frozenset({"edit", "remove"})

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        speakers = self.session.speakers()
        self.speaker = speakers[0] if speakers else ""
        self.kind = NoteKind.WORKED

    def compose_form(self) -> ComposeResult:
        yield Static("", id="note-context", classes="hint", markup=False)
        with Horizontal(classes="form-row"):
            yield Static("", id="note-kind", classes="tag", markup=False)
            yield Static("", id="note-speaker", classes="tag", markup=False)
            yield Input(placeholder="What worked? Type it, Enter adds it", id="note-text", classes="wide")

    def rows(self) -> Iterable[Row]:
        meeting = self.session.meeting
        for note in meeting.notes:
            item = meeting.agenda_item(note.agenda_item)
            mark, colour = KIND_MARK[note.kind]
            yield (
                note.id,
                (
                    cell(mark, colour),
                    lines(cell(note.raised_by or "—"), cell(item.title if item else "General", "dim")),
                    cell(note.text),
                ),
            )

    def refresh_view(self) -> None:
        super().refresh_view()
        self._show_capture_state()

    def _show_capture_state(self) -> None:
        mark, colour = KIND_MARK[self.kind]
        self.query_one("#note-kind", Static).update(Text(mark, style=colour))
        self.query_one("#note-speaker", Static).update(clean_line(self.speaker or "nobody in particular"))
        current = self.session.current_item()
        where = f"On: {current.title}" if current else "No agenda item started: notes go under General"
        self.query_one("#note-context", Static).update(clean_line(where) + "  ·  ctrl+r who  ·  ctrl+t worked/did not")
        verb = "What worked?" if self.kind is NoteKind.WORKED else "What did not work?"
        self.query_one("#note-text", Input).placeholder = f"{verb} Type it, Enter adds it"

    @on(Input.Submitted, "#note-text")
    def submit(self) -> None:
        text = self.value("#note-text")
        if self.editing:
            done = self.attempt(self.session.update_note, self.editing, text=text)
        else:
            done = self.attempt(self.session.add_note, text, kind=self.kind, raised_by=self.speaker)
        if done is not None:
            self.editing = None
            self.clear_inputs("#note-text")
            self.table.move_cursor(row=self.table.row_count - 1)

    def action_cycle_speaker(self) -> None:
        if self.table.has_focus and self.selected_id():
            note = next(n for n in self.session.meeting.notes if n.id == self.selected_id())
            self.attempt(self.session.update_note, note.id, raised_by=self.session.next_speaker(note.raised_by))
            return
        self.speaker = self.session.next_speaker(self.speaker)
        self._show_capture_state()

    def action_toggle_kind(self) -> None:
        if self.table.has_focus and self.selected_id():
            self.with_selected(self.session.toggle_note_kind)
            return
        self.kind = NoteKind.DID_NOT_WORK if self.kind is NoteKind.WORKED else NoteKind.WORKED
        self._show_capture_state()

    def action_edit(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        note = next(n for n in self.session.meeting.notes if n.id == selected)
        self.editing = note.id
        entry = self.query_one("#note-text", Input)
        entry.value = note.text
        entry.focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.remove_note)
