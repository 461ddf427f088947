"""Which format to export the minutes in: a short list of the exporter table's formats, by name.

Up and down (or a click) choose, Enter takes the highlighted one, Esc goes back. The list is
read from the table (``facilitator.exporters.formats.app_formats``), so a new format appears
here by itself. A format whose optional library is missing (Word) says how to get it.

The folder of the last export is remembered for as long as the app runs, per app, so the next
export is suggested beside it.
"""

from __future__ import annotations

import importlib.util
import weakref
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitator.exporters.formats import ExportFormat, app_formats

# What each format is for, in a few words, where the table's prompt is not enough.
WHAT_FOR = {
    "html": "to read in a browser, attach, or print to PDF",
    "docx": "to edit and file in Word",
    "eml": "opened by your mail client as a draft to send; nothing is sent from here",
    "md": "plain text with light markup",
    "csv": "the actions, for a spreadsheet",
    "ics": "the dated actions and next review, for a calendar",
    "json": "the meeting's data, which 'facilitator import' takes back",
}
# A format that needs an optional library: (the module it imports, what to install).
NEEDS = {"docx": ("docx", "pip install 'facilitator[word]'")}

_folders: weakref.WeakKeyDictionary[App[Any], Path] = weakref.WeakKeyDictionary()


def remembered_folder(app: App[Any]) -> Path | None:
    """The folder of this app's last export, if any."""
    return _folders.get(app)


def remember_folder(app: App[Any], folder: Path) -> None:
    _folders[app] = folder


def missing_library(output_format: ExportFormat) -> str:
    """How to get the library a format needs ('' when it is there or none is needed). Nothing is imported."""
    needed = NEEDS.get(output_format.name)
    if needed is None:
        return ""
    module, install = needed
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    return "" if found else install


def option_text(output_format: ExportFormat) -> Text:
    """'Web page (.html): to read in a browser, …', as plain text (no markup is read from it)."""
    name = (output_format.prompt or output_format.name).split(" (")[0]
    text = Text(f"{name[:1].upper()}{name[1:]} ({output_format.suffixes[0]})", style="bold")
    what = WHAT_FOR.get(output_format.name, output_format.label)
    missing = missing_library(output_format)
    text.append(f": needs {missing}" if missing else f": {what}")
    return text


class ExportPicker(ModalScreen[str | None]):
    """Answers the chosen format's name, or None."""

    DEFAULT_CSS = """
    ExportPicker { align: center middle; }
    #export-picker { width: 90%; max-width: 100; height: auto; max-height: 90%; border: round $accent;
                     padding: 0 1; background: $surface; }
    #export-formats { height: auto; max-height: 14; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export_picker.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="export-picker"):
            yield Static("Export the minutes as…", classes="section-title", markup=False)
            yield OptionList(
                *(Option(option_text(f), id=f.name) for f in app_formats()),
                id="export-formats",
            )
            yield Static("↑↓ choose · Enter takes it (or click) · Esc back", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#export-formats")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
