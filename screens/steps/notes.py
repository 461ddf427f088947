"""Notes steps: type, Enter. One key says who raised it, one sets its tag (or worked / did not).

Who is speaking is the meeting's (``session.notes.speaker``), the same on every notes step:
ctrl+r and ctrl+shift+r step through those present both ways, with nobody in particular
between the last and the first, and the Who box takes initials or the start of a name
(shift+tab from the note, type, Enter). A tag is optional: ctrl+t and ctrl+shift+t step
through the step's tags and none; a new note starts untagged, and the tag goes back to none
once a note is added, so no note is tagged by accident.

Every template step that gathers what people say is one of these: "What worked" in a review,
"Who brings what" in a planning meeting, "What happened" in an after-action review. Each note
is tied to its step, and to the agenda item under discussion when it is typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Static

from facilitator import people
from facilitator.editing.notes import item_title
from facilitator.model import Meeting, Note, NoteKind, StepKind
from facilitator.text import clean_line
from screens.entry import Entry
from screens.steps.base import Row, StepPane, block, cell, lines, mark_box, show
from screens.steps.confidential import confidential_binding, marked

KIND_MARK = {NoteKind.WORKED: ("✓ worked", "green"), NoteKind.DID_NOT_WORK: ("✗ did not", "red")}


def move_binding(pane: str, what: str) -> Binding:
    """``m`` on a highlighted row: put it under the next agenda item ('General' after the last)."""
    return Binding(
        "m",
        "move_item",
        "Move to item",
        id=f"{pane}.move",
        tooltip=f"Put the highlighted {what} under the next agenda item, or General",
    )


def move_to_next_item(pane: StepPane, cycle: Callable[[str], Any]) -> None:
    """Move the highlighted row's note, decision or action on to the next agenda item, and say where."""
    selected = pane.selected_id()
    if selected is None:
        pane.show_error("Nothing to move yet: add something first.")
        return
    moved = pane.attempt(cycle, selected)
    if moved is not None:
        pane.notify(f"Now under: {item_title(pane.session.meeting, moved.agenda_item)}", markup=False)


class WhoEntry(Entry):
    """The Who box: it shows the speaker, and the first key typed into it starts a new name.

    Decided as the text arrives, not when the box sees its focus: keys typed straight after
    shift+tab reach the box before its Focus event, and must replace the name shown, not follow it.
    """

    shown = ""  # the speaker as last put in the box; the box still showing it is untouched

    def show(self, name: str) -> None:
        self.text = self.shown = name

    def replace(self, text: str, start: int, end: int) -> None:
        # What is typed or pasted replaces the whole name shown, wherever the cursor was.
        if self.shown and self.value == self.shown:
            start, end = 0, len(self.value)
        super().replace(text, start, end)


class NotesPane(StepPane):
    """Notes under the step's own prompt, each optionally tagged with one of the step's tags."""

    kind = StepKind.NOTES
    BINDINGS = [
        Binding("ctrl+r", "cycle_speaker", "Who said it", id="notes.speaker", tooltip="Next attendee, then nobody"),
        Binding(
            "ctrl+shift+r",
            "cycle_speaker(-1)",
            "Who: back",
            show=False,
            id="notes.speaker_back",
            tooltip="The attendee before, then nobody",
        ),
        Binding("ctrl+t", "toggle_kind", "Tag", id="notes.tag", tooltip="The next of this step's tags, then none"),
        Binding(
            "ctrl+shift+t",
            "toggle_kind(-1)",
            "Tag: back",
            show=False,
            id="notes.tag_back",
            tooltip="The tag before, then none",
        ),
        Binding("down", "speaker_key(1)", "Next speaker", show=False, id="notes.who_down"),
        Binding("up", "speaker_key(-1)", "Speaker before", show=False, id="notes.who_up"),
        Binding("e", "edit", "Edit", id="notes.edit", tooltip="Load the highlighted note into the form"),
        move_binding("notes", "note"),
        Binding("delete", "remove", "Remove", id="notes.remove"),
        confidential_binding("notes"),
    ]
    TABLE_ACTIONS = frozenset({"edit", "remove", "move_item", "toggle_confidential"})
    WHO_ACTIONS = frozenset({"speaker_key"})  # ↑ ↓ step through the speakers only in the Who box

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.tag = ""  # tags are optional: a new note has none until one is chosen
        # Long text last: it takes the room left and wraps. A step without tags needs no tag column.
        self.COLUMNS = ("Tag", "Who · item", "Note") if self.step.tags else ("Who · item", "Note")

    def compose_form(self) -> ComposeResult:
        yield Static("", classes="hint note-context", markup=False)
        with Horizontal(classes="form-row"):
            yield mark_box("note-mark", self.capture_marks())
            # Who is speaking, typed as initials or the start of a name; before the note in the
            # form, so that shift+tab reaches it from the note and Enter comes back.
            yield WhoEntry(
                placeholder="Who",
                classes="note-speaker",
                suggester=SuggestFromList(people.speakers(self.session.meeting), case_sensitive=False),
            )
            yield Entry(
                placeholder="Type it, Enter adds it", classes="wide note-text", multiline=True, form=self.id, takes=True
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_kind" and not self.has_tags:
            return False
        if action in self.WHO_ACTIONS:
            return self.query_one(".note-speaker", Entry).has_focus
        return super().check_action(action, parameters)

    @property
    def has_tags(self) -> bool:
        return bool(self.step.tags)

    @property
    def speaker(self) -> str:
        """Who the next note is credited to: the meeting's speaker, the same on every step."""
        return self.session.notes.speaker

    def focus_entry(self) -> Widget:
        return self.query_one(".note-text", Entry).focus()

    # -- what a note looks like on this step (WorkedPane marks worked / did not instead) --

    def mark(self, note: Note) -> Text:
        return cell(note.tag or "—", "cyan")

    def capture_mark(self) -> Text:
        if not self.has_tags:
            return Text("")
        return Text(self.tag, style="cyan") if self.tag else Text("no tag", style="dim")

    def capture_marks(self) -> list[str]:
        """Every mark ``capture_mark`` can show (the mark's box is as wide as the widest)."""
        return ["no tag", *self.step.tags] if self.has_tags else [""]

    def question(self) -> str:
        return f"{self.tag.capitalize()}:" if self.tag else "Note:"

    def add(self, text: str) -> Note:
        return self.session.notes.add(text, raised_by=self.speaker, step=self.step.key, tag=self.tag)

    def flip(self, note_id: str, offset: int = 1) -> object:
        return self.session.notes.cycle_tag(note_id, offset)

    def next_capture_mark(self, offset: int = 1) -> None:
        self.tag = self.session.notes.next_tag(self.step.key, self.tag, offset)

    def after_add(self) -> None:
        """Once a note is added the tag goes back to none: each tag is chosen for its note."""
        self.tag = ""

    # -- drawing ----------------------------------------------------------------------------

    def rows(self) -> Iterable[Row]:
        meeting = self.session.meeting
        titles = {item.id: item.title for item in meeting.agenda}
        for note in self.session.notes.on(self.step.key):
            title = titles.get(note.agenda_item, "General") if note.agenda_item else "General"
            shown = (note.id, note.text, note.raised_by, title, note.tag, note.kind, note.confidential)
            yield self.cached_row(shown, partial(self._note_row, note, title))

    def _note_row(self, note: Note, title: str) -> Row:
        who = lines(cell(note.raised_by or "—"), cell(title, "dim"))
        mark = (self.mark(note),) if self.has_tags or self.kind is StepKind.WORKED else ()
        return note.id, (*mark, who, marked(block(note.text), note.confidential))

    def refresh_view(self, most: int | None = None) -> None:
        super().refresh_view(most)
        self._show_capture_state()

    def _show_capture_state(self) -> None:
        show(self.query_one(".note-mark", Static), self.capture_mark())
        who = self.query_one(".note-speaker", WhoEntry)
        if not who.has_focus:  # never over what is being typed there
            who.show(self.speaker)
        who.placeholder = "nobody" if people.speakers(self.session.meeting) else "Who"
        current = self.session.agenda.current()
        where = f"On: {current.title}" if current else "No agenda item started: notes go under General"
        keys = "ctrl+r who" + ("  ·  ctrl+t " + self.toggle_hint() if self.has_tags else "")
        show(self.query_one(".note-context", Static), f"{clean_line(where)}  ·  {keys}")
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
        if not self.editing:
            self.after_add()
        self.editing = None
        self.table.move_cursor(row=self.table.row_count - 1)
        self._show_capture_state()

    @on(Input.Submitted, ".note-speaker")
    def speaker_typed(self, event: Input.Submitted) -> None:
        """Enter in the Who box: the speaker it names, then back to the note."""
        event.stop()
        if self.take_speaker(event.value):
            self.query_one(".note-text", Entry).focus()

    @on(Input.Blurred, ".note-speaker")
    def speaker_left(self, event: Input.Blurred) -> None:
        # Tab away counts as Enter: what was typed there is not dropped.
        if event.value.strip() != self.speaker:
            self.take_speaker(event.value)

    def take_speaker(self, typed: str) -> bool:
        """Make the one meant by ``typed`` the speaker; False (and why) when it could be several people."""
        name, problem = speaker_meant(self.session.meeting, typed)
        if problem:
            self.show_error(problem)
            return False
        if self.attempt(self.session.notes.set_speaker, name) is None:
            return False
        self.query_one(".note-speaker", WhoEntry).show(self.speaker)
        return True

    def action_cycle_speaker(self, offset: int = 1) -> None:
        selected = self.selected_id() if self.table.has_focus else None
        if selected:
            self.attempt(self.session.notes.credit_next, selected, offset)
            return
        self.attempt(self.session.notes.cycle_speaker, offset)
        self.query_one(".note-speaker", WhoEntry).show(self.speaker)
        self._show_capture_state()

    def action_speaker_key(self, offset: int) -> None:
        self.action_cycle_speaker(offset)

    def action_toggle_kind(self, offset: int = 1) -> None:
        if self.table.has_focus and self.selected_id():
            self.with_selected(lambda note_id: self.flip(note_id, offset))
            return
        self.next_capture_mark(offset)
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

    def action_move_item(self) -> None:
        move_to_next_item(self, self.session.notes.cycle_item)

    def action_toggle_confidential(self) -> None:
        self.with_selected(self.session.confidential.toggle)


class WorkedPane(NotesPane):
    """What worked (and what did not): each note marked one or the other."""

    kind = StepKind.WORKED
    BINDINGS = [
        Binding("ctrl+r", "cycle_speaker", "Who said it", id="worked.speaker", tooltip="Next attendee, then nobody"),
        Binding(
            "ctrl+shift+r",
            "cycle_speaker(-1)",
            "Who: back",
            show=False,
            id="worked.speaker_back",
            tooltip="The attendee before, then nobody",
        ),
        Binding("ctrl+t", "toggle_kind", "Worked/did not", id="worked.kind", tooltip="Worked, or did not work"),
        Binding("down", "speaker_key(1)", "Next speaker", show=False, id="worked.who_down"),
        Binding("up", "speaker_key(-1)", "Speaker before", show=False, id="worked.who_up"),
        Binding("e", "edit", "Edit", id="worked.edit", tooltip="Load the highlighted note into the form"),
        move_binding("worked", "note"),
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

    def capture_marks(self) -> list[str]:
        return [mark for mark, _ in KIND_MARK.values()]

    def question(self) -> str:
        return "What worked?" if self.note_kind is NoteKind.WORKED else "What did not work?"

    def toggle_hint(self) -> str:
        return "worked/did not"

    def add(self, text: str) -> Note:
        return self.session.notes.add(text, kind=self.note_kind, raised_by=self.speaker, step=self.step.key)

    def flip(self, note_id: str, offset: int = 1) -> object:
        return self.session.notes.toggle_kind(note_id)  # two choices: either way is the other one

    def next_capture_mark(self, offset: int = 1) -> None:
        self.note_kind = NoteKind.DID_NOT_WORK if self.note_kind is NoteKind.WORKED else NoteKind.WORKED

    def after_add(self) -> None:
        pass  # worked / did not is not a tag: it stays as it is for the next note


def speaker_meant(meeting: Meeting, typed: str) -> tuple[str, str]:
    """(the speaker meant by what was typed in the Who box, a problem to show or '').

    Nothing typed is nobody in particular; initials or the start of a name pick one of those
    present; a name that is nobody present is taken as typed (a guest may speak); a start that
    fits several people is a problem, so that the wrong person is never credited.
    """
    if not typed.strip():
        return "", ""
    meant = people.speakers_meant(meeting, typed)
    if len(meant) == 1:
        return meant[0], ""
    if meant:
        shown = ", ".join(meant[:3]) + (" …" if len(meant) > 3 else "")
        return "", f"'{clean_line(typed.strip())}' could be {shown}: type more of the name."
    return " ".join(typed.split()), ""
