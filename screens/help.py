"""Help (F1 or ?): every key of the screen underneath, grouped by where it works, as remapped.

Keys come from the bindings themselves (the screen's, each of its widgets', the app's), so the
help can never drift from what the keys do: a key whose action cannot run on this screen (a
step the meeting's template does not have) is left out, and two keys for one thing share a row.
Only our own widgets are listed: Textual's Input and DataTable keys (cursor movement and so
on) work as they do everywhere.
"""

from __future__ import annotations

from rich.text import Text
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Static

from facilitator.text import clean_line
from screens.frames import PacedModalScreen
from screens.steps import builtin_panes
from screens.steps.base import StepPane, last_column_width, lines, set_column_width
from screens.steps.table import StepTable

OUR_PACKAGES = ("screens", "facilitator")
COLUMNS = ("Key · id", "What it does")

ABOUT = (
    "Every key is also in the command palette (ctrl+p), searchable by name. Keys can be remapped in "
    'keymap.toml in your config folder, e.g.  "meeting.next_step" = "ctrl+j"  (the id is under each key).'
)

SCREEN_MODULES = (
    "screens.app",
    "screens.actions",
    "screens.clashes",
    "screens.closing_review",
    "screens.export_picker",
    "screens.facilitator_picker",
    "screens.history",
    "screens.involved",
    "screens.meeting",
    "screens.minutes",
    "screens.save_copy",
    "screens.setup",
)

Row = tuple[str, str, str, str, str]  # where, keys, what it does, binding id, more


def _is_ours(node: DOMNode) -> bool:
    # The step panes' table is Textual's DataTable drawn faster: its keys are Textual's, as everywhere.
    return type(node).__module__.split(".")[0] in OUR_PACKAGES and not isinstance(node, StepTable)


def _where(node: DOMNode, screen: Screen) -> str:
    if node is screen.app:
        return "Anywhere"
    if node is screen:
        return "This screen"
    if isinstance(node, StepPane):
        step = node.step_key
        title = next((s.title for s in node.session.steps if s.key == step), step)
        return f"{title} step"
    return type(node).__name__


def _can_run(node: DOMNode, binding: Binding) -> bool:
    """False for a key whose action is switched off here (check_action says no), e.g. F8 for a 6-step meeting."""
    _target, name, parameters = parse(binding.action)
    return node.check_action(name, parameters) is not False


def _description(node: DOMNode, screen: Screen, binding: Binding) -> str:
    """The binding's own words; a step key also names its step."""
    _target, name, parameters = parse(binding.action)
    session = getattr(screen, "session", None)
    if name == "step_number" and parameters and session is not None:
        number = int(str(parameters[0]))
        if number <= len(session.steps):
            return f"{binding.description}: {session.steps[number - 1].title}"
    return binding.description


def _shown_key(shown: str, key: str) -> str:
    """alt+digit as alt+digit, not as the character Textual reads it as (alt+3 arrives as "£")."""
    from screens.meeting import STEP_ALT_KEYS, STEP_ALT_SENT

    return dict(zip(STEP_ALT_SENT, STEP_ALT_KEYS, strict=True)).get(key, shown)


def key_rows(screen: Screen) -> list[Row]:
    """(where, keys, what, binding id, more) for every described binding that can run, keymap applied."""
    app = screen.app
    nodes: list[DOMNode] = [node for node in (screen, *screen.walk_children()) if _is_ours(node)]
    nodes.append(app)
    rows: dict[tuple[str, str], list[str]] = {}  # (where, id or action) -> [keys, what, id, more]
    for node in nodes:
        bindings = node._bindings.copy()  # a copy: applying the keymap must not change the live map
        bindings.apply_keymap(app._keymap)
        for binding in (b for group in bindings.key_to_bindings.values() for b in group):
            if not binding.description or binding.system or not _can_run(node, binding):
                continue
            where = _where(node, screen)
            key = _shown_key(app.get_key_display(binding), binding.key)
            row = rows.setdefault(
                (where, binding.id or binding.action),
                ["", _description(node, screen, binding), binding.id or "", binding.tooltip],
            )
            if key not in row[0].split(", "):
                row[0] = f"{row[0]}, {key}" if row[0] else key
    return [(where, keys, what, binding_id, more) for (where, _), (keys, what, binding_id, more) in rows.items()]


class HelpScreen(PacedModalScreen[None]):
    """The keys, grouped by where they work: a heading row for each place, then its keys.

    Two columns only, the second wrapping, so a narrow terminal still shows every description whole.
    """

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 90%; max-width: 120; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    #help-keys { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,f1,q,question_mark", "close", "Close help", id="help.close"),
    ]

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self.about = about
        self.rows = key_rows(about)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            table: DataTable[Text] = DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            self._what = table.add_columns(*COLUMNS)[-1]
            yield table
            yield Static(ABOUT, classes="hint", markup=False)
            yield Static("Escape closes this help.", classes="hint", markup=False)

    def on_mount(self) -> None:
        self._drawn_for = -1  # the table width the rows were last laid out for
        self.call_after_refresh(self.draw)

    def on_resize(self, _event: Resize) -> None:
        self.call_after_refresh(self.draw)

    def cells(self) -> list[tuple[str, tuple[Text, Text]]]:
        """(row key, cells): a heading for each place, then a row per key."""
        shown: list[tuple[str, tuple[Text, Text]]] = []
        where_before = ""
        for where, keys, what, binding_id, more in self.rows:
            if where != where_before:
                shown.append((f"where:{where}", (Text(where, style="bold underline"), Text(""))))
                where_before = where
            # Plain, cleaned text: a step's title is the user's (their template), and so is a remapped key.
            key_cell = lines(Text(clean_line(keys), style="bold"), Text(clean_line(binding_id), style="dim"))
            what_cell = lines(Text(clean_line(what)), Text(clean_line(more), style="dim"))
            shown.append((f"{where}/{binding_id or what}", (key_cell, what_cell)))
        return shown

    def draw(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        if table.size.width == self._drawn_for:
            return  # laid out for this width already: drawing again would only move the cursor back
        self._drawn_for = table.size.width
        shown = self.cells()
        set_column_width(table, self._what, last_column_width(table, COLUMNS, [cells for _, cells in shown], 20))
        table.clear()
        for key, cells in shown:
            table.add_row(*cells, key=key, height=None)

    def action_close(self) -> None:
        self.dismiss(None)


def known_binding_ids() -> set[str]:
    """Every binding id keymap.toml can name: those of all our screens, panes and the app."""
    import importlib

    # The app imports most screens only when first used; here every one is needed.
    for module in SCREEN_MODULES:
        importlib.import_module(module)
    builtin_panes()  # the step panes too, imported only when a meeting first needs one
    found: set[str] = set()
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in OUR_PACKAGES:
            found.update(b.id for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding) and b.id)
    return found
