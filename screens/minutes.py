"""A past meeting's minutes, rendered and scrollable; exported from here in the formats of the exporter table.

The export is written in a worker of this screen; what happened comes back as a message to it
(dropped if the screen has gone by then) and as a notification.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Footer, Header, Input, Markdown, Static

from facilitator.exporters.formats import FORMATS, MeetingExport, app_formats, app_prompt, either
from facilitator.exporters.writer import file_stem
from facilitator.minutes import render_markdown
from facilitator.model import Meeting
from facilitator.outline import counted_only
from facilitator.paths import default_export_folder
from facilitator.text import clean_line
from screens.entry import Entry
from screens.frames import PacedScreen
from screens.save_copy import KEPT, ask_replace, why_not_written
from screens.timefmt import day_text

if TYPE_CHECKING:
    from facilitator.outline import Unsettled
    from screens.export_picker import Choice


def default_export_path(meeting: Meeting, folder: Path | None = None, suffix: str = ".md") -> Path:
    """<folder>/<date>-<partnership><suffix>: a name a facilitator would give it, ready to edit.

    The folder is Documents, else home, else the current folder (the first that exists).
    """
    folder = folder or default_export_folder()
    return folder / f"{file_stem(meeting)}{suffix}"


class MinutesScreen(PacedScreen[None]):
    DEFAULT_CSS = """
    #minutes-scroll { padding: 0 2; }
    #export-path { margin: 0 1; }
    #export-hint { padding: 0 2; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", id="minutes.close"),
        Binding(
            "x",
            "export",
            "Send/export",
            id="minutes.export",
            tooltip="The copy for circulation (an e-mail draft, a web page, Word or Markdown) or the full copy, "
            f"as {either([f.suffixes[0] for f in app_formats()])}: picked by name",
        ),
    ]

    @dataclass
    class _Exported(Message):
        text: str
        ok: bool
        folder: Path | None = None  # where it was written: the next export is suggested there
        circulated: bool = False  # a circulation copy was written: the record shows in the minutes

    @dataclass
    class _Exists(Message):
        path: Path

    def __init__(
        self,
        meeting: Meeting,
        history: Sequence[Meeting] = (),
        *,
        export_folder: Path | None = None,
        db_path: Path | None = None,
        export: Choice | None = None,
        unsettled: Sequence[Unsettled] = (),
    ) -> None:
        super().__init__()
        self.meeting = meeting
        self.history = history  # the partnership's other meetings: the health trend
        # Its clashes not yet settled (facilitator.sync.unsettled): shown with both values, and in every export.
        self.unsettled = unsettled
        self.export_folder = export_folder
        self.db_path = db_path  # the minutes' own file, which an export must never overwrite
        self.circulation = False  # the export asked for is the circulation copy (facilitator.circulation)
        self.export_first = export  # chosen before the minutes opened (at the end of Finish): asked where at once

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="minutes-scroll"):
            # open_links=False: a click in the minutes never opens a browser, whatever the text holds.
            yield Markdown(
                render_markdown(self.meeting, self.history, self.unsettled), id="minutes-view", open_links=False
            )
        # A suggested name: typing replaces it (it is selected on focus), as in a file dialog.
        path = Entry(id="export-path", select_on_focus=True)
        path.display = False
        yield path
        hint = Static(
            f"Export: the file's ending chooses the format: {app_prompt()}. Enter saves.",
            id="export-hint",
            classes="hint",
            markup=False,
        )
        hint.display = False
        yield hint
        yield Footer()

    def on_mount(self) -> None:
        self.title = clean_line(self.meeting.partnership)
        draft = " (draft)" if self.meeting.is_draft else ""
        marking = f" · {self.meeting.marking}" if self.meeting.marking else ""
        self.sub_title = f"Minutes of {day_text(self.meeting.date, weekday=True)}{draft}{marking}"
        self.query_one("#minutes-scroll").focus()
        if self.export_first is not None:
            self.ask_where(self.export_first)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "export" or not self.query_one("#export-path", Input).has_focus

    def action_export(self) -> None:
        """Which copy in which format first (a picker, the circulation copy at its top), then where to write it."""
        from facilitator.circulation import withheld_from
        from screens.export_picker import ExportPicker

        picker = ExportPicker(withheld=withheld_from(self.meeting, self.history))
        self.app.push_screen(picker, self.ask_where)

    def ask_where(self, choice: Choice | None) -> None:
        """A name in the last export's folder with the chosen format's ending, ready to edit."""
        if choice is None:
            return
        from screens.export_picker import remembered_folder

        chosen = FORMATS[choice.format]
        self.circulation = choice.circulation
        folder = self.export_folder or remembered_folder(self.app)
        path = self.query_one("#export-path", Input)
        suggested = default_export_path(self.meeting, folder, chosen.suffixes[0])
        if self.circulation:  # named apart, so that it is never taken for the full copy
            suggested = suggested.with_stem(f"{suggested.stem}-circulation")
        path.value = str(suggested)
        path.cursor_position = len(path.value)
        hint = self.query_one("#export-hint", Static)
        said = f"Export {chosen.label} ({chosen.suffixes[0]}). Enter saves; the file's ending chooses the format."
        said = f"{self._circulation_said() if self.circulation else 'Full copy.'} {said}"
        hint.update(Text(said))
        for widget in (path, hint):
            widget.display = True
        path.focus()

    @on(Input.Submitted, "#export-path")
    def export(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.write_export(Path(event.value.strip()).expanduser())

    def _circulation_said(self) -> str:
        from facilitator.circulation import withheld_from, withheld_text

        count = withheld_from(self.meeting, self.history)
        left_out = withheld_text(count) if count else "Nothing is marked confidential."
        return f"Circulation copy ({left_out[:1].lower()}{left_out[1:-1]})."

    @work(thread=True, group="export", exit_on_error=False)
    def write_export(self, path: Path, overwrite: bool = False) -> None:
        from facilitator.circulation import circulation_copy
        from facilitator.exporters.formats import CIRCULATION_ONLY
        from facilitator.exporters.writer import write_meeting
        from facilitator.files import TargetExists

        # An e-mail draft goes to people: it is the circulation copy whichever line was taken.
        circulation = self.circulation or any(path.suffix.lower() in FORMATS[n].suffixes for n in CIRCULATION_ONLY)
        now = dt.datetime.now(dt.UTC)
        try:
            written = write_meeting(
                circulation_copy(self.meeting, self.history) if circulation else self.meeting,
                path,
                now=now,
                history=self.history,
                db_path=self.db_path,
                overwrite=overwrite,
                # Where a clash is and its values could name a confidential item: a circulation copy counts them.
                unsettled=counted_only(self.unsettled) if circulation else self.unsettled,
            )
        except TargetExists:
            self.post_message(self._Exists(path))
        except Exception as error:  # whatever went wrong (a date past the calendar, say), the user is told why
            self.post_message(self._Exported(why_not_written(path, error), ok=False))
        else:
            # Said as the command line says it: what was written, not the format's short name, and
            # what the format has to add (who an e-mail draft is not addressed to).
            renderer = FORMATS[written].meeting
            note = renderer.note_for(MeetingExport(self.meeting, now=now, history=self.history)) if renderer else ""
            which = "the circulation copy of " if circulation else ""
            said = f"Wrote {which}{FORMATS[written].label} to {path}" + (f". {note}" if note else "")
            if circulation:
                said += self._record_circulation(written)
            # The folder as the user sees it, tidied ('a/../b' is 'b'); links are left as they are.
            folder = Path(os.path.abspath(path)).parent
            self.post_message(self._Exported(said, ok=True, folder=folder, circulated=circulation))

    def _record_circulation(self, format_name: str) -> str:
        """In the export's worker: the circulation copy written is recorded on the stored meeting.
        What to add to the message; the file stays written whatever happens here."""
        from facilitator.circulation import record_circulation
        from facilitator.errors import StoreError

        # The app's store and day (screens.app.FacilitatorApp): a screen shown without them records nothing.
        store = getattr(self.app, "store", None)
        today = getattr(self.app, "today", dt.date.today)
        if store is None:
            return ". Not recorded as circulated: the minutes are not open."
        try:
            saved = record_circulation(store, self.meeting.id, format=format_name, on=today())
        except (StoreError, ValueError) as error:
            return f". Not recorded as circulated: {error}"
        self.meeting.circulated = saved.circulated
        return f". {saved.circulated[-1].text()}"

    @on(_Exists)
    def _exists(self, message: _Exists) -> None:
        path = message.path
        ask_replace(
            self.app, path, partial(self.write_export, path, True), partial(self.exported, KEPT.format(path), ok=False)
        )

    @on(_Exported)
    def _exported(self, message: _Exported) -> None:
        if message.folder is not None:
            from screens.export_picker import remember_folder

            remember_folder(self.app, message.folder)
        self.exported(message.text, ok=message.ok, circulated=message.circulated)

    def exported(self, message: str, *, ok: bool, circulated: bool = False) -> None:
        """Where it was written, or why not (the path stays to be corrected)."""
        title = "Exported" if ok else "Not exported"
        severity: SeverityLevel = "information" if ok else "error"
        self.notify(clean_line(message), title=title, severity=severity)
        if ok and circulated:  # the record shows in the minutes at once
            self.query_one("#minutes-view", Markdown).update(
                render_markdown(self.meeting, self.history, self.unsettled)
            )
        if ok:
            for widget in (self.query_one("#export-path"), self.query_one("#export-hint")):
                widget.display = False
            self.query_one("#minutes-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
