"""Notes steps: type, Enter. One key says who raised it, one sets its tag (or worked / did not).

Every template step that gathers what people say is one of these: "What worked" in a review,
"Who brings what" in a planning meeting, "What happened" in an after-action review. Each note
is tied to its step, and to the agenda item under discussion when it is typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from facilitator import people
from facilitator.model import Note, NoteKind, StepKind
from facilitator.text import clean_line
from screens.entry import Entry
from screens.steps.base import Row, StepPane, block, cell, lines
from screens.steps.confidential import confidential_binding, marked

KIND_MARK = {NoteKind.WORKED: ("✓ worked", "green"), NoteKind.DID_NOT_WORK: ("✗ did not", "red")}


class NotesPane(StepPane):
    """Notes under the step's own prompt, each optionally tagged with one of the step's tags."""

    kind = StepKind.NOTES
    BINDINGS = [
        Binding("ctrl+r", "cycle_speaker", "Who said it", id="notes.speaker", tooltip="Next attendee, then nobody"),
        Binding("ctrl+t", "toggle_kind", "Tag", id="notes.tag", tooltip="The next of this step's tags"),
        Binding("e", "edit", "Edit", id="notes.edit", tooltip="Load the highlighted note into the form"),
        Binding("delete", "remove", "Remove", id="notes.remove"),
        confidential_binding("notes"),
    ]
    TABLE_ACTIONS = frozenset({"edit", "remove", "toggle_confidential"})

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        speakers = people.speakers(self.session.meeting)
        self.speaker = speakers[0] if speakers else ""
        self.tag = self.step.tags[0] if self.step.tags else ""
        # Long text last: it takes the room left and wraps. A step without tags needs no tag column.
        self.COLUMNS = ("Tag", "Who · item", "Note") if self.step.tags else ("Who · item", "Note")

    def compose_form(self) -> ComposeResult:
        yield Static("", classes="hint note-context", markup=False)
        with Horizontal(classes="form-row"):
            yield Static("", classes="tag note-mark", markup=False)
            yield Static("", classes="tag note-speaker", markup=False)
            yield Entry(
                placeholder="Type it, Enter adds it", classes="wide note-text", multiline=True, form=self.id, takes=True
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_kind" and not self.has_tags:
            return False
        return super().check_action(action, parameters)

    @property
    def has_tags(self) -> bool:
        return bool(self.step.tags)

    # -- what a note looks like on this step (WorkedPane marks worked / did not instead) --

    def mark(self, note: Note) -> Text:
        return cell(note.tag or "—", "cyan")

    def capture_mark(self) -> Text:
        return Text(self.tag, style="cyan")

    def question(self) -> str:
        return f"{self.tag.capitalize()}:" if self.tag else "Note:"

    def add(self, text: str) -> Note:
        return self.session.notes.add(text, raised_by=self.speaker, step=self.step.key, tag=self.tag)

    def flip(self, note_id: str) -> object:
        return self.session.notes.cycle_tag(note_id)

    def next_capture_mark(self) -> None:
        self.tag = self.session.notes.next_tag(self.step.key, self.tag)

    # -- drawing ----------------------------------------------------------------------------

    def rows(self) -> Iterable[Row]:
        meeting = self.session.meeting
        for note in self.session.notes.on(self.step.key):
            item = meeting.agenda_item(note.agenda_item)
            who = lines(cell(note.raised_by or "—"), cell(item.title if item else "General", "dim"))
            mark = (self.mark(note),) if self.has_tags or self.kind is StepKind.WORKED else ()
            yield note.id, (*mark, who, marked(block(note.text), note.confidential))

    def refresh_view(self) -> None:
        super().refresh_view()
        self._show_capture_state()

    def _show_capture_state(self) -> None:
        self.query_one(".note-mark", Static).update(self.capture_mark())
        self.query_one(".note-speaker", Static).update(clean_line(self.speaker or "nobody in particular"))
        current = self.session.agenda.current()
        where = f"On: {current.title}" if current else "No agenda item started: notes go under General"
        keys = "ctrl+r who" + ("  ·  ctrl+t " + self.toggle_hint() if self.has_tags else "")
        self.query_one(".note-context", Static).update(f"{clean_line(where)}  ·  {keys}")
        self.query_one(".note-text", Entry).placeholder = f"{self.question()} Type it, Enter adds it"

    def toggle_hint(self) -> str:
        return "tag"

    # -- editing ----------------------------------------------------------------------------

    @on(Input.Submitted, ".note-text")
    def submit(self, event: Input.Submitted) -> None:
        # The box was emptied when Enter was pressed (keys typed after it are the next note).
        if self.editing:
            done = self.attempt(self.session.notes.edit, self.editing, text=event.value)
        else:
            done = self.attempt(self.add, event.value)
        if done is None:
            self.query_one(".note-text", Entry).restore(event.value)
            return
        self.editing = None
        self.table.move_cursor(row=self.table.row_count - 1)

    def action_cycle_speaker(self) -> None:
        selected = self.selected_id() if self.table.has_focus else None
        if selected:
            self.attempt(self.session.notes.credit_next, selected)
            return
        self.speaker = people.next_speaker(self.session.meeting, self.speaker)
        self._show_capture_state()

    def action_toggle_kind(self) -> None:
        if self.table.has_focus and self.selected_id():
            self.with_selected(self.flip)
            return
        self.next_capture_mark()
        self._show_capture_state()

    def action_edit(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        note = next(n for n in self.session.meeting.notes if n.id == selected)
        self.editing = note.id
        entry = self.query_one(".note-text", Entry)
        entry.text = note.text
        entry.focus()

    def action_remove(self) -> None:
        self.with_selected(self.session.notes.remove)

    def action_toggle_confidential(self) -> None:
        self.with_selected(self.session.confidential.toggle)


class WorkedPane(NotesPane):
    """What worked (and what did not): each note marked one or the other."""

    kind = StepKind.WORKED
    BINDINGS = [
        Binding("ctrl+r", "cycle_speaker", "Who said it", id="worked.speaker", tooltip="Next attendee, then nobody"),
        Binding("ctrl+t", "toggle_kind", "Worked/did not", id="worked.kind", tooltip="Worked, or did not work"),
        Binding("e", "edit", "Edit", id="worked.edit", tooltip="Load the highlighted note into the form"),
        Binding("delete", "remove", "Remove", id="worked.remove"),
        confidential_binding("worked"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.note_kind = NoteKind.WORKED
        self.COLUMNS = ("", "Who · item", "Note")

    @property
    def has_tags(self) -> bool:
        return True  # worked / did not work plays the part of the tag

    def mark(self, note: Note) -> Text:
        mark, colour = KIND_MARK[note.kind]
        return cell(mark, colour)

    def capture_mark(self) -> Text:
        mark, colour = KIND_MARK[self.note_kind]
        return Text(mark, style=colour)

    def question(self) -> str:
        return "What worked?" if self.note_kind is NoteKind.WORKED else "What did not work?"

    def toggle_hint(self) -> str:
        return "worked/did not"

    def add(self, text: str) -> Note:
        return self.session.notes.add(text, kind=self.note_kind, raised_by=self.speaker, step=self.step.key)

    def flip(self, note_id: str) -> object:
        return self.session.notes.toggle_kind(note_id)

    def next_capture_mark(self) -> None:
        self.note_kind = NoteKind.DID_NOT_WORK if self.note_kind is NoteKind.WORKED else NoteKind.WORKED
