"""Whose meetings to list: everyone, one facilitator of those present, or the meetings with no chair marked.

A meeting's facilitator is the attendee marked as chairing it (``facilitator.organisation``). The
history and actions screens open this picker with the names their store holds (read in a worker),
each with how many meetings that person chaired. Up and down (or a click) choose, Enter takes
the highlighted line, Esc goes back and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitator.organisation import NO_CHAIR, Facilitator
from facilitator.text import clean_line
from screens.frames import PacedModalScreen
from screens.keybar import KeyBar
from screens.lists import Options

EVERYONE = "everyone"
LIST_HEIGHT = 16


@dataclass(frozen=True)
class Picked:
    """What was taken: a facilitator, or None for every meeting."""

    facilitator: Facilitator | None


def option_text(name: str, meetings: int) -> Text:
    """'Paul Howard  (12 meetings)', as plain text: a name is the user's and may hold '[red]'."""
    text = Text(clean_line(name) if name != NO_CHAIR else "No chair marked", style="bold")
    text.append(f"  ({meetings} meeting{'s' if meetings != 1 else ''})", style="dim")
    return text


class FacilitatorPicker(PacedModalScreen[Picked | None]):
    """Answers ``Picked`` (its facilitator None for everyone), or None when nothing was taken."""

    DEFAULT_CSS = """
    FacilitatorPicker { align: center middle; }
    #facilitator-picker { width: 90%; max-width: 70; height: auto; max-height: 90%; border: round $accent;
                          padding: 0 1; background: $surface; }
    #facilitator-names { height: auto; max-height: 16; } /* LIST_HEIGHT */
    """
    BINDINGS = [
        # priority: Enter takes the highlighted line, as the list itself would, and the key bar can show it.
        Binding("enter", "take_highlighted", "Take it", priority=True, id="facilitator_picker.take"),
        Binding("escape", "cancel", "Back", id="facilitator_picker.cancel"),
    ]

    def __init__(self, names: list[tuple[str, int]], current: Facilitator | None) -> None:
        super().__init__()
        self.names = names
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="facilitator-picker"):
            yield Static("Whose meetings? (the facilitator: the attendee marked as chair)", markup=False)
            yield Options(*self._options(), id="facilitator-names")
            hint = "↑↓ choose · Enter or a click takes it · Esc back"
            if not any(name for name, _ in self.names):
                hint = "No meeting here has a chair marked yet (mark one in the attendees when setting up). " + hint
            yield Static(hint, classes="hint", markup=False)
        yield KeyBar()

    def _options(self) -> list[Option]:
        total = sum(count for _, count in self.names)
        options = [Option(Text.assemble(("Everyone", "bold"), (f"  ({total} meetings)", "dim")), id=EVERYONE)]
        options += [
            Option(option_text(name, count), id=f"name-{index}") for index, (name, count) in enumerate(self.names)
        ]
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = self._current_index()

    def _current_index(self) -> int:
        if self.current is None:
            return 0
        wanted = self.current.name.casefold()
        return next((index + 1 for index, (name, _) in enumerate(self.names) if name.casefold() == wanted), 0)

    def on_resize(self, event: events.Resize) -> None:
        # The list takes what the box has left, so that the hint stays in view on a short terminal.
        room = int(event.size.height * 0.9) - 8
        self.query_one(OptionList).styles.max_height = max(3, min(LIST_HEIGHT, room))

    @on(OptionList.OptionSelected, "#facilitator-names")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self._take(event.option_index)

    def action_take_highlighted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self._take(highlighted)

    def _take(self, index: int) -> None:
        if index == 0:
            self.dismiss(Picked(None))
        else:
            self.dismiss(Picked(Facilitator(self.names[index - 1][0], whole=True)))

    def action_cancel(self) -> None:
        self.dismiss(None)
