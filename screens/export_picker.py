"""Which copy of the minutes to write, and in which format: one list, the copy for circulation first.

The copy for circulation (the confidential items left out, recorded on the meeting as
circulated) comes first, as an e-mail draft, a web page, a Word file or Markdown; then the full
copy in every format the app offers. Up and down (or a click) choose, Enter takes the
highlighted one, its number takes it at once, Esc goes back. The list is read from the exporter
table (``facilitator.exporters.formats.app_choices``), so a new format appears here by itself.
A format whose optional library is missing (Word) says how to get it.

The minutes screen's ``x`` opens it, and so does the end of Finish ("Send the minutes?").

The folder of the last export is remembered for as long as the app runs, per app, so the next
export is suggested beside it.
"""

from __future__ import annotations

import importlib.util
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitator.exporters.formats import FORMATS, ExportFormat, app_choices
from screens.frames import PacedModalScreen
from screens.keybar import KeyBar

# What each format is for, in a few words, where the table's prompt is not enough.
WHAT_FOR = {
    "html": "to read in a browser, attach, or print to PDF",
    "docx": "to edit and file in Word",
    "eml": "a draft for your mail client; nothing is sent from here",
    "md": "plain text with light markup",
    "csv": "the actions, for a spreadsheet",
    "ics": "the dated actions and next review, for a calendar",
    "json": "the meeting's data, which 'facilitator import' takes back",
}
# A format that needs an optional library: (the module it imports, what to install).
NEEDS = {"docx": ("docx", "pip install 'facilitator[word]'")}

# The keys that take a choice at once, in the list's order (a choice past the tenth has none).
KEYS = "1234567890"
LIST_HEIGHT = 16  # the most rows the list takes: every choice at 100 columns

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


@dataclass(frozen=True)
class Choice:
    """One line of the picker: a format of the exporter table, the copy it writes and the key that takes it."""

    format: str  # the exporter table's name: 'eml', 'html', ...
    circulation: bool  # the copy for circulation (recorded as circulated), else the full copy
    key: str = ""  # the digit that takes it; '' past the tenth

    @property
    def id(self) -> str:
        return f"{'circulation' if self.circulation else 'full'}-{self.format}"


def choices() -> list[Choice]:
    """Every choice the picker offers, in its order: the copy for circulation first."""
    offered = app_choices()
    return [
        Choice(f.name, circulation, KEYS[index] if index < len(KEYS) else "")
        for index, (f, circulation) in enumerate(offered)
    ]


def choice_for(format_name: str, *, circulation: bool) -> Choice:
    """The picker's choice of ``format_name`` in that copy (a KeyError if it is not offered)."""
    wanted = Choice(format_name, circulation).id
    found = next((choice for choice in choices() if choice.id == wanted), None)
    if found is None:
        raise KeyError(wanted)
    return found


def circulation_heading(withheld: int | None) -> str:
    """The heading over the circulation copies: what it leaves out, and that it is recorded."""
    if withheld is None:
        left_out = "the confidential items left out"
    elif withheld == 0:
        left_out = "nothing is marked confidential"
    elif withheld == 1:
        left_out = "1 confidential item left out"
    else:
        left_out = f"{withheld} confidential items left out"
    return f"For circulation ({left_out}); recorded as circulated"


FULL_HEADING = "Full copy (everything, the confidential items included)"


def option_text(output_format: ExportFormat, key: str = "") -> Text:
    """'1  Web page (.html): to read in a browser, …', as plain text (no markup is read from it)."""
    name = (output_format.prompt or output_format.name).split(" (")[0]
    text = Text(f"{key}  " if key else "   ", style="bold")
    text.append(f"{name[:1].upper()}{name[1:]} ({output_format.suffixes[0]})", style="bold")
    what = WHAT_FOR.get(output_format.name, output_format.label)
    missing = missing_library(output_format)
    text.append(f": needs {missing}" if missing else f": {what}")
    return text


class ExportPicker(PacedModalScreen[Choice | None]):
    """Answers the ``Choice`` taken, or None.

    ``withheld``: how many items the circulation copy leaves out (None: not counted), said over it.
    """

    DEFAULT_CSS = """
    ExportPicker { align: center middle; }
    #export-picker { width: 90%; max-width: 100; height: auto; max-height: 90%; border: round $accent;
                     padding: 0 1; background: $surface; }
    #export-formats { height: auto; max-height: 16; } /* LIST_HEIGHT */
    /* The two headings are options that cannot be taken: shown as headings, not greyed out. */
    #export-formats > .option-list--option-disabled { color: $text; text-style: bold underline; }
    """
    BINDINGS = [
        # priority: Enter takes the highlighted line, as the list itself would, and the key bar can show it.
        Binding("enter", "take_highlighted", "Take it", priority=True, id="export_picker.take"),
        Binding("escape", "cancel", "Back", id="export_picker.cancel"),
        *(
            Binding(key, f"take({key!r})", f"Take choice {key}", show=False, id=f"export_picker.take_{key}")
            for key in KEYS
        ),
    ]

    def __init__(self, title: str = "Send or export the minutes", *, withheld: int | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.withheld = withheld
        self.choices = {choice.id: choice for choice in choices()}

    def compose(self) -> ComposeResult:
        with Vertical(id="export-picker"):
            yield Static(self.title_text, classes="section-title", markup=False)
            yield OptionList(*self._options(), id="export-formats")
            yield Static("↑↓ choose · Enter, its number or a click takes it · Esc back", classes="hint", markup=False)
        yield KeyBar()  # the picker's own keys, over the minutes'

    def _options(self) -> list[Option]:
        """The choices under their two headings (options that cannot be taken)."""
        options: list[Option] = []
        for circulation, heading in ((True, circulation_heading(self.withheld)), (False, FULL_HEADING)):
            group = [choice for choice in self.choices.values() if choice.circulation == circulation]
            if group:
                options.append(Option(Text(heading), id=f"heading-{circulation}", disabled=True))
            options += [Option(option_text(FORMATS[c.format], c.key), id=c.id) for c in group]
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.action_first()  # the first that can be taken: the e-mail draft for circulation

    def on_resize(self, event: events.Resize) -> None:
        # The list takes what the box has left, so that the hint under it stays in view on a short
        # terminal: the box's 90%, less its border, the title, the hint (two lines when narrow) and the key bar.
        room = int(event.size.height * 0.9) - 7
        self.query_one(OptionList).styles.max_height = max(3, min(LIST_HEIGHT, room))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take" and parameters:
            return any(choice.key == parameters[0] for choice in self.choices.values())
        return True

    @on(OptionList.OptionSelected, "#export-formats")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        choice = self.choices.get(event.option.id or "")
        if choice is not None:
            self.dismiss(choice)

    def action_take_highlighted(self) -> None:
        self.query_one(OptionList).action_select()

    def action_take(self, key: str) -> None:
        choice = next((choice for choice in self.choices.values() if choice.key == key), None)
        if choice is not None:
            self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
