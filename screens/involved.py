"""The offer to list an owner nobody listed has: "Add Sam Reed as also involved? y/n".

An action's owner may be someone named in the meeting but not in the room. When the owner typed
is not one of the meeting's people, the pane that took it asks, once, whether to add them as
"also involved" (``offer_to_list``). Yes lists them (they can then be cycled to, and the minutes
name them apart); no leaves everything as it is: the owner stays as typed, nothing is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from facilitator import people
from facilitator.model import ValidationError
from facilitator.session import Session
from facilitator.text import clean_line
from screens.frames import PacedModalScreen


class AddInvolvedScreen(PacedModalScreen[bool]):
    """A one-line question; y adds, n or Escape does not. Other keys wait for the answer."""

    DEFAULT_CSS = """
    AddInvolvedScreen {
        align: center middle;
    }
    AddInvolvedScreen > Vertical {
        width: 64;
        max-width: 95%;
        height: auto;
        padding: 0 2;
        border: round $accent;
        background: $surface;
    }
    AddInvolvedScreen .hint {
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, add them", id="involved.yes"),
        Binding("n", "answer(False)", "No", id="involved.no"),
        Binding("escape", "answer(False)", "No", show=False, id="involved.cancel"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.person = name

    def compose(self) -> ComposeResult:
        with Vertical():
            # Text, not str: a name is the user's and may hold markup-like text.
            yield Static(Text(f"Add {clean_line(self.person)} as also involved? y/n"), id="involved-question")
            yield Static("Named, not in the room: they can own actions.", classes="hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def offer_to_list(widget: Widget, session: Session, owner: str, added: Callable[[], None] | None = None) -> None:
    """Ask whether to list ``owner`` as also involved, if nobody listed has that name; ``added`` after a yes."""
    name = people.unknown_owner(session.meeting, owner)
    if not name:
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            session.people.add_involved(name)
        except ValidationError as refused:  # listed meanwhile, say: told, nothing else changes
            widget.app.notify(f"{name} was not added: {refused.problem}", severity="warning", markup=False)
            return
        widget.app.notify(f"{name} added as also involved.", markup=False, timeout=3)
        if added is not None:
            added()

    widget.app.push_screen(AddInvolvedScreen(name), callback=answered)
