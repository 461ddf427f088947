"""The keys a screen offers, shown so that none is cut off, whatever the terminal's width.

Textual's footer is one line: on a screen with many keys, those past the right edge were
simply not there (the meeting screen lost "Dismiss tip", "Undo" and "Home" at 100 columns).
``KeyBar`` is that footer laid out over as many lines as the keys need, a row at a time.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.dom import DOMNode
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 80  # below this many columns the keys are drawn compact (no padding round the key)


def shown_bindings(screen: Screen) -> list[tuple[Binding, bool, str]]:
    """(binding, enabled, tooltip) for each key the footer shows, one per action, in binding order."""
    seen: set[str] = set()
    shown = []
    for _node, binding, enabled, tooltip in screen.active_bindings.values():
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            shown.append((binding, enabled, tooltip))
    return shown


def key_width(key: str, description: str, *, compact: bool) -> int:
    """The columns a FooterKey takes, its margin included (see Textual's footer styles)."""
    if compact:
        return len(key) + 1 + len(description) + 1
    return 1 + len(key) + 1 + len(description) + 1


def pack(widths: list[int], room: int) -> list[list[int]]:
    """Indexes of the keys, in order, on as few rows of ``room`` columns as they fit."""
    rows: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        if rows[-1] and used + width > room:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += width
    return rows


class KeyBar(Footer):
    """A footer that wraps onto more lines instead of cutting keys off at the right edge."""

    DEFAULT_CSS = """
    KeyBar {
        layout: vertical;
        height: auto;
        max-height: 4;
    }
    KeyBar > HorizontalGroup.key-row {
        height: 1;
        width: 100%;
    }
    KeyBar.-compact FooterKey {
        margin-right: 1;
    }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._room = 0
        self._drawn: tuple[object, ...] | None = None  # the keys as last composed
        self._rows: list[int] = []  # how many keys each row then held
        self._catching_up = False  # a catch-up with the bindings is due after the next refresh

    def bindings_changed(self, screen: Screen) -> None:
        # The bindings are announced as changed at every move of focus (Enter to the next field of a
        # form), most often to the same keys; recomposing mounts a widget a key, tens of milliseconds.
        # A move to another step announces several changes in a row (focus lost, then found): the bar
        # catches up once, after the next refresh, with the keys as they are then.
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or self._catching_up:
            return
        self._catching_up = True
        self.call_after_refresh(self._catch_up)

    async def _catch_up(self) -> None:
        self._catching_up = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._drawn or (self._drawn is not None and self._relabel(keys)):
            return
        await self.recompose()

    def _relabel(self, keys: tuple[object, ...]) -> bool:
        """Show other keys in the widgets already there, when they fall into rows of the same lengths.

        Moving between a table and its form changes a key or two; recomposing for that mounted a
        widget a key (a stalled keystroke). False when the rows would differ: then it is recomposed.
        """
        compact = self._room < NARROW
        shown = self._shown()
        widths = [key_width(self.app.get_key_display(b), b.description, compact=compact) for b, _, _ in shown]
        widgets = list(self.query(FooterKey))
        if (
            self._room != keys[0]
            or [len(row) for row in pack(widths, self._room)] != self._rows
            or len(widgets) != len(shown)
        ):
            return False
        for widget, (binding, enabled, tooltip) in zip(widgets, shown, strict=True):
            widget.key, widget.key_display = binding.key, self.app.get_key_display(binding)
            widget.description, widget.action = binding.description, binding.action
            widget._disabled = not enabled
            widget.set_class(not enabled, "-disabled")
            widget.tooltip = tooltip or None
            widget.refresh(layout=True)
        self._drawn = keys
        return True

    def _keys(self) -> tuple[object, ...]:
        shown = tuple((b.key, self.app.get_key_display(b), b.description, on, tip) for b, on, tip in self._shown())
        return (self.size.width or self.app.size.width, *shown)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._room = self.size.width or self.app.size.width
        self._drawn = self._keys()
        compact = self._room < NARROW
        if self.has_class("-compact") != compact:  # restyling on every recompose slowed each key press
            self.set_class(compact, "-compact")
        keys: list[FooterKey] = []
        widths: list[int] = []
        for binding, enabled, tooltip in self._shown():
            shown = self.app.get_key_display(binding)
            key = FooterKey(
                binding.key, shown, binding.description, binding.action, disabled=not enabled, tooltip=tooltip
            )
            key.compact = compact
            keys.append(key)
            widths.append(key_width(shown, binding.description, compact=compact))
        rows = pack(widths, self._room)
        self._rows = [len(row) for row in rows]
        for row in rows:
            yield HorizontalGroup(*(keys[index] for index in row), classes="key-row")

    def _shown(self) -> list[tuple[Binding, bool, str]]:
        shown = shown_bindings(self.screen)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, _tooltip = palette
            shown.append((binding, enabled, binding.tooltip or binding.description))
        return shown

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._room:
            self.call_after_refresh(self.recompose)


def hide_keys_panel(node: DOMNode) -> bool:
    """Close Textual's Keys panel (from the command palette) if it is open: Escape's first job."""
    panels = node.screen.query("HelpPanel") if node.is_attached else None
    if not panels:
        return False
    panels.remove()
    return True
