"""Clashes to settle: a field two machines changed to different values, found by sync (``facilitator.sync``).

One clash a row: the meeting, where in it, and both values with who wrote each. ``1`` keeps the
first value, ``2`` the second, for the highlighted clash; the minutes take it at once and the next
sync shares the choice. Reading and settling run in the screen's workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.text import clean_line
from screens.frames import PacedScreen
from screens.keybar import KeyBar, hide_keys_panel
from screens.timefmt import stored_day_text

if TYPE_CHECKING:
    from facilitator.repository import Repository
    from facilitator.sync import Clash


def clash_text(clash: Clash) -> Text:
    """The meeting, where, then each value on its own line with who wrote it ('in the minutes now' on one)."""
    text = Text()
    date, _, partnership = clash.meeting_label.partition(" ")
    text.append(f"{stored_day_text(date)}  {clean_line(partnership)}", style="bold")
    text.append(f"\n{clean_line(clash.where)}")
    for number, (who, value) in enumerate(clash.choices(), start=1):
        text.append(f"\n  {number}. ", style="bold")
        text.append(clean_line(value))
        text.append(f"  ({clean_line(who)}{', in the minutes now' if number - 1 == clash.kept else ''})", style="dim")
    return text


class ClashesScreen(PacedScreen[None]):
    DEFAULT_CSS = """
    ClashesScreen #clashes-body { height: 1fr; padding: 0 1; }
    ClashesScreen #clashes-status { height: auto; margin: 1 0; }
    ClashesScreen #clashes-list { height: 1fr; border: none; }
    """
    BINDINGS = [
        Binding("1", "keep(0)", "Keep 1", id="clashes.keep_first", tooltip="Keep the first value of this clash"),
        Binding("2", "keep(1)", "Keep 2", id="clashes.keep_second", tooltip="Keep the second value of this clash"),
        Binding("escape", "back", "Back", id="clashes.back", tooltip="Back to the home screen"),
    ]

    @dataclass
    class _Read(Message):
        found: list[Clash]
        problem: str = ""

    @dataclass
    class _Settled(Message):
        said: str
        ok: bool

    def __init__(self, store: Repository, db_path: Path) -> None:
        super().__init__()
        self.store = store
        self.db_path = db_path
        self.found: list[Clash] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="clashes-body"):
            yield Static("Reading the clashes…", id="clashes-status", markup=False)
            yield OptionList(id="clashes-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#clashes-list", OptionList).focus()
        self.read_clashes()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "keep":
            return self._highlighted() is not None
        return True

    @work(thread=True, exclusive=True, group="clashes", exit_on_error=False)
    def read_clashes(self) -> None:
        from facilitator.sync import SyncError, clashes

        try:
            self.post_message(self._Read(clashes(self.db_path)))
        except (SyncError, OSError) as error:
            self.post_message(self._Read([], str(error)))

    @on(_Read)
    def _show(self, message: _Read) -> None:
        self.found = message.found
        count = len(self.found)
        status = message.problem or (
            f"{count} clash{'es' if count != 1 else ''} to settle: highlight one, then 1 or 2 keeps that value."
            if count
            else "No clashes to settle."
        )
        self.query_one("#clashes-status", Static).update(clean_line(status))
        options = self.query_one("#clashes-list", OptionList)
        options.set_options([Option(clash_text(clash), id=clash.id) for clash in self.found])
        options.highlighted = 0 if self.found else None
        self.refresh_bindings()

    def _highlighted(self) -> Clash | None:
        options = self.query("#clashes-list")
        if not options:
            return None
        index = options.first(OptionList).highlighted
        return self.found[index] if index is not None and index < len(self.found) else None

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_keep(self, choice: int) -> None:
        clash = self._highlighted()
        if clash is not None:
            self.settle(clash, choice)

    @work(thread=True, exclusive=True, group="clashes", exit_on_error=False)
    def settle(self, clash: Clash, choice: int) -> None:
        from facilitator.errors import StoreError
        from facilitator.sync import SyncError, settle

        try:
            settle(self.store, self.db_path, clash, choice)
        except (SyncError, StoreError, OSError) as error:
            self.post_message(self._Settled(f"Not settled: {error}", False))
            return
        who, value = clash.choices()[choice]
        self.post_message(self._Settled(f"Kept {value} ({who}). The next sync shares it.", True))

    @on(_Settled)
    def _settled(self, message: _Settled) -> None:
        self.notify(clean_line(message.said), title="Clash", severity="information" if message.ok else "error")
        self.read_clashes()

    def action_back(self) -> None:
        if self.query("HelpPanel"):
            hide_keys_panel(self)
            return
        self.dismiss()
