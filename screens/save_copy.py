"""Save a copy of the meeting in progress somewhere else: the way out when its own file cannot be written.

When the disk is full or the minutes' folder cannot be written, the meeting stays in memory
and the autosaver keeps retrying; this asks where else to put it. The file's ending chooses
the format: ``.json`` (the default) is what ``facilitator import`` takes back, ``.md`` the
minutes as they stand.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from screens.entry import Entry


class SaveCopyScreen(ModalScreen[Path | None]):
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
            yield Entry(value=str(self.suggested), id="save-copy-path")

    @on(Input.Submitted, "#save-copy-path")
    def chosen(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if typed:
            self.dismiss(Path(typed).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
