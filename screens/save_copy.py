"""Save a copy of the meeting in progress somewhere else: the way out when its own file cannot be written.

When the disk is full or the minutes' folder cannot be written, the meeting stays in memory
and the autosaver keeps retrying; this asks where else to put it. The file's ending chooses
the format: ``.json`` (the default) is what ``facilitator import`` takes back, ``.md`` the
minutes as they stand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from facilitator.errors import StoreError
from facilitator.text import clean_line
from screens.entry import Entry
from screens.frames import PacedModalScreen

KEPT = "{} was kept as it was; nothing was written. Give another name to save there."


def why_not_written(path: Path, error: Exception) -> str:
    """Why an export or a copy was not written, in a line: the refusal as it is, an OS error with its path."""
    if isinstance(error, (ValueError, StoreError)):
        return str(error)
    if isinstance(error, OSError):
        return f"could not write {path}: {error.strerror or error}"
    return f"could not write {path}: {type(error).__name__}: {error}"  # a fault of ours, said rather than hidden


def ask_replace(app: App[Any], path: Path, replace: Callable[[], object], keep: Callable[[], object]) -> None:
    """'Replace FILE?': yes writes again over it, no leaves it as it is."""

    def answered(yes: bool | None) -> None:
        (replace if yes else keep)()

    app.push_screen(ReplaceScreen(path), answered)


class SaveCopyScreen(PacedModalScreen[Path | None]):
    DEFAULT_CSS = """
    SaveCopyScreen { align: center middle; }
    #save-copy { width: 80%; max-width: 100; height: auto; border: round $accent; padding: 0 1; background: $surface; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save_copy.cancel")]

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="save-copy"):
            yield Static("Save a copy of this meeting", classes="section-title")
            yield Static(
                "Where? A .json file comes back with 'facilitator import FILE'; .md is the minutes so far. "
                "Enter saves, Esc goes back.",
                classes="hint",
                markup=False,
            )
            yield Entry(value=str(self.suggested), id="save-copy-path", select_on_focus=True)

    @on(Input.Submitted, "#save-copy-path")
    def chosen(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if typed:
            self.dismiss(Path(typed).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReplaceScreen(PacedModalScreen[bool]):
    """'Replace FILE?' before an export or a copy goes over a file that is already there."""

    DEFAULT_CSS = """
    ReplaceScreen { align: center middle; }
    #replace { width: 80%; max-width: 100; height: auto; border: round $warning; padding: 0 1; background: $surface; }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Replace", id="replace.yes"),
        Binding("n,escape", "answer(False)", "Keep it", id="replace.no"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="replace"):
            yield Static(clean_line(f"Replace {self.path}?"), classes="section-title", markup=False)
            yield Static(
                "A file of that name is there already. y or Enter replaces it; n or Esc keeps it and "
                "lets you choose another name.",
                classes="hint",
                markup=False,
            )

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)
