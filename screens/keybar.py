"""The keys a screen offers, shown so that none is cut off, whatever the terminal's width.

Textual's footer is one line: on a screen with many keys, those past the right edge were
simply not there (the meeting screen lost "Dismiss tip", "Undo" and "Home" at 100 columns).
``KeyBar`` is that footer laid out over as many lines as the keys need, a row at a time.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.text import Text
from textual.binding import Binding
from textual.dom import DOMNode
from textual.events import Leave, MouseDown, MouseMove, Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

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
    """The columns a key takes on the bar, the space after it included (as Textual's footer drew it)."""
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


class DrawnKey(NamedTuple):
    """One key as the bar draws it: where (relative to the bar) and what a click on it does."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    row: int
    start: int  # first column, relative to the bar
    end: int  # one past the last column


class KeyBar(Widget, can_focus=False):
    """The keys a screen offers, wrapped onto more lines instead of cut off at the right edge.

    One widget draws every key (text, not a widget a key): when the keys change (a move of focus,
    another step) it is repainted, and laid out again only if it needs more rows than it has
    (or the width changed): it keeps a row the keys no longer fill rather than lay the screen out. Textual's
    footer mounted a widget a key, each styled afresh: about 0.1-0.3 s of the loop for a move to
    another step. A click on a key presses it; the mouse over a key highlights it and shows its tip.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description", "keybar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        max-height: 4;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._room = 0
        self._drawn: tuple[object, ...] | None = None  # the keys as last drawn, and the width
        self.keys: list[DrawnKey] = []  # every key shown, in order, with its place
        self._rows = 0
        self._rows_needed = 0  # the rows the keys shown take (the bar may keep one more: update_keys)
        self._hover: int | None = None  # the index of the key under the mouse
        self._bindings_ready = False
        self._catching_up = False  # a catch-up with the bindings is due after the next refresh
        self._fit_next = False  # that catch-up gives back a row the keys no longer need (fit_soon)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        # Drawn now, so the screen's first layout gives the bar its rows (catching up later laid
        # the screen out a second time, and a screen pushed meanwhile covered a bar of no height).
        self._bindings_ready = True
        self.update_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        # The bindings are announced as changed at every move of focus, most often to the same keys,
        # and several times over for one move to another step (focus lost, then found): the bar
        # catches up once, after the next refresh, with the keys as they are then.
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or self._catching_up:
            return
        self._catching_up = True
        self.call_after_refresh(self._catch_up)

    def _catch_up(self) -> None:
        self._catching_up = False
        if self.is_attached:
            fit = self._fit_next and self.screen.focused is not None  # not while focus is between widgets
            self.update_keys(fit=fit)
            self._fit_next = self._fit_next and not fit

    def fit_soon(self) -> None:
        """Take as many rows as the keys need (fewer too): a move to another step. Now if a widget has
        the focus, so that the screen's next layout places the bar and the step at once; and again
        once the focus has settled, in case the keys changed with it."""
        self._fit_next = True
        if self.is_attached and self._bindings_ready and self.screen.focused is not None:
            self.update_keys(fit=True)

    def update_keys(self, *, fit: bool = False) -> None:
        """Lay the screen's keys out in rows; repaint only if they changed, lay out only if it needs more rows.

        ``fit``: take as many rows as the keys need, fewer too (when the screen is being laid out anyway).
        """
        room = self.size.width or self.app.size.width
        shown = self._shown()
        wanted = (room, *((b.key, self.app.get_key_display(b), b.description, on, tip) for b, on, tip in shown))
        if wanted == self._drawn and not (fit and self._rows != self._rows_needed):
            return
        self._drawn = wanted
        drawn_room = self._room
        self._room = room
        compact = room < NARROW
        widths = [key_width(self.app.get_key_display(b), b.description, compact=compact) for b, _, _ in shown]
        keys: list[DrawnKey] = []
        rows = pack(widths, room) if shown else []
        for number, row in enumerate(rows):
            column = 0
            for index in row:
                binding, enabled, tooltip = shown[index]
                shown_key = self.app.get_key_display(binding)
                width = widths[index] - (1 if compact else 0)  # the margin after a compact key is not the key's
                keys.append(
                    DrawnKey(
                        binding.key,
                        shown_key,
                        binding.description,
                        binding.action,
                        not enabled,
                        tooltip or "",
                        number,
                        column,
                        column + width,
                    )
                )
                column += widths[index]
        self.keys = keys
        self._hover = None
        self.set_class(compact, "-compact")
        # The bar keeps the most rows it has needed at this width: the table's keys and the form's
        # took one row more or less, and each move between them (ctrl+l, Enter from field to field)
        # laid the whole screen out and redrew all of it, a stalled key. A row left blank costs no
        # layout; it is given back when the screen is laid out anyway (a move to another step).
        self._rows_needed = len(rows)
        rows_kept = len(rows) if fit or room != drawn_room else max(len(rows), self._rows)
        self.refresh(layout=rows_kept != self._rows)
        self._rows = rows_kept

    def _shown(self) -> list[tuple[Binding, bool, str]]:
        if not self._bindings_ready:
            return []
        shown = shown_bindings(self.screen)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, _tooltip = palette
            shown.append((binding, enabled, binding.tooltip or binding.description))
        return shown

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._rows

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        words_style = self.get_component_rich_style("keybar--description")
        hover_style = self.get_component_rich_style("keybar--hover", partial=True)
        compact = self._room < NARROW
        lines = [Text(no_wrap=True, end="") for _ in range(self._rows)]
        for index, key in enumerate(self.keys):
            line = lines[key.row]
            line.append(" " * (key.start - line.cell_len))
            start = line.cell_len
            line.append(key.key_display if compact else f" {key.key_display} ", key_style)
            if key.description:
                line.append(f" {key.description}" if compact else f"{key.description} ", words_style)
            if key.disabled:
                line.stylize("dim", start)
            if index == self._hover:
                line.stylize(hover_style, start)
        return Text("\n").join(lines)

    def key_at(self, x: int, y: int) -> DrawnKey | None:
        """The key drawn at (x, y), relative to the bar."""
        return next((key for key in self.keys if key.row == y and key.start <= x < key.end), None)

    def on_mouse_down(self, event: MouseDown) -> None:
        key = self.key_at(event.x, event.y)
        if key is None:
            return
        if key.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(key.key)

    def on_mouse_move(self, event: MouseMove) -> None:
        key = self.key_at(event.x, event.y)
        hover = None if key is None else self.keys.index(key)
        if hover != self._hover:
            self._hover = hover
            self.tooltip = (key.tooltip or None) if key is not None else None
            self.refresh()

    def on_leave(self, _: Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._room:
            self.update_keys()


def hide_keys_panel(node: DOMNode) -> bool:
    """Close Textual's Keys panel (from the command palette) if it is open: Escape's first job."""
    panels = node.screen.query("HelpPanel") if node.is_attached else None
    if not panels:
        return False
    panels.remove()
    return True
