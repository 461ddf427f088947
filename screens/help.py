"""Help (F1 or ?): every key of the screen underneath, grouped by where it works, as remapped.

Keys come from the bindings themselves (the screen's, each of its widgets', the app's), so the
help can never drift from what the keys do. Only our own widgets are listed: Textual's
Input and DataTable keys (cursor movement and so on) work as they do everywhere.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from facilitator.text import clean_line

OUR_PACKAGES = ("screens", "facilitator")

ABOUT = (
    "Every key is also in the command palette (ctrl+p), searchable by name. Keys can be remapped in "
    'keymap.toml in your config folder, e.g.  "meeting.next_step" = "ctrl+j"  (ids in the Id column).'
)


def _is_ours(node: DOMNode) -> bool:
    return type(node).__module__.split(".")[0] in OUR_PACKAGES


def _where(node: DOMNode, screen: Screen) -> str:
    if node is screen.app:
        return "Anywhere"
    if node is screen:
        return "This screen"
    step = getattr(node, "step_key", "")
    if step:
        title = next((s.title for s in screen.session.steps if s.key == step), step)
        return f"{title} step"
    return type(node).__name__


def key_rows(screen: Screen) -> list[tuple[str, str, str, str, str]]:
    """(where, key, what, binding id, more) for every described binding, keymap applied."""
    app = screen.app
    nodes: list[DOMNode] = [node for node in (screen, *screen.walk_children()) if _is_ours(node)]
    nodes.append(app)
    rows = []
    seen: set[tuple[str, str]] = set()
    for node in nodes:
        bindings = node._bindings.copy()  # a copy: applying the keymap must not change the live map
        bindings.apply_keymap(app._keymap)
        for binding in (b for group in bindings.key_to_bindings.values() for b in group):
            if not binding.description or binding.system:
                continue
            where = _where(node, screen)
            key = app.get_key_display(binding)
            if (where, binding.description + key) in seen:
                continue
            seen.add((where, binding.description + key))
            rows.append((where, key, binding.description, binding.id or "", binding.tooltip))
    return rows


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 90%; max-width: 110; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    #help-keys { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,f1,q,question_mark", "close", "Close help", id="help.close"),
    ]

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            table: DataTable[Text] = DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            # The id is what keymap.toml needs, so it comes before the longer text that may run off the edge.
            table.add_columns("Where", "Key", "What it does", "Id", "More")
            for row in key_rows(self.about):
                # Plain text: a step's title is the user's (their template), and so is a remapped key.
                table.add_row(*(Text(clean_line(value)) for value in row))
            yield table
            yield Static(ABOUT, classes="hint", markup=False)
            yield Static("Escape closes this help.", classes="hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
