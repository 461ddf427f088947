"""What every step pane shares: a prompt, a table of what has been captured, a form to capture more.

A pane never edits the meeting itself: it calls the ``Session``, which validates; a refusal
comes back as a ``ValidationError`` (or ``ValueError`` from date parsing) and is shown in
the pane's error line, never as a traceback. The meeting screen calls ``refresh_view`` on
every pane after each change, so panes only ever draw ``session.meeting`` as it is now.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from facilitator.model import StepSpec
from facilitator.session import Session
from facilitator.text import clean_block, clean_line
from screens.entry import Entry
from screens.steps.table import StepTable

T = TypeVar("T")

Row = tuple[str, tuple[Text, ...]]  # (id of the thing shown, cells)


def cell(text: str, style: str = "") -> Text:
    """User text for a table cell: neutralised, and never read as markup."""
    return Text(clean_line(text), style=style)


def block(text: str, style: str = "") -> Text:
    """Long user text (a note, an action, an issue) for a table cell: as ``cell``, line breaks kept."""
    return Text(clean_block(text), style=style)


def lines(*parts: Text) -> Text:
    """Short facts stacked in one cell, so narrow columns leave the width to the long text."""
    return Text("\n").join(part for part in parts if part.plain)


def show(static: Static, content: str | Text, *, shrink: bool = True) -> None:
    """Put ``content`` in ``static`` unless it is there already; lay out only if its size can change.

    Updating a ``Static`` lays the whole screen out again (its size may change): done after
    every edit for lines that had not changed, it cost a layout pass a keystroke. A line of a
    fixed width that wraps to as many lines as before (ctrl+t's mark, the due date's hint as
    it is typed) takes the same room: only the line itself is repainted.

    ``shrink=False``: text that needs fewer lines than ``static`` has keeps its room (a blank line
    under it) until the screen is next laid out for something else: a hint that changes at each
    key typed (one line for a date, two for a word it does not know) laid the screen out twice a date.
    """
    before = static.content
    if before != content:
        static.update(content, layout=not keeps_room(static, before, content, shrink=shrink))


def mark_box(classes: str, marks: Iterable[str]) -> Static:
    """A ``.tag`` box for the mark the next entry gets (ctrl+t's), as wide as the widest of ``marks``.

    Sized by its text, the box changed width with the mark ("✓ worked", "✗ did not"), and each
    ctrl+t laid the whole screen out; as wide as the widest, a new mark is only repainted.
    """
    box = Static("", classes=f"tag {classes}", markup=False)
    box.styles.width = max((cell_len(mark) for mark in marks), default=0) + 1  # + the tag's right padding
    return box


def keeps_room(static: Static, before: object, after: str | Text, *, shrink: bool = True) -> bool:
    """Whether ``after`` takes the room ``before`` takes in ``static`` (False while it has no size).

    Its width must not follow its text (not ``width: auto``; no width fills the room it is given),
    and its height is as many lines as ``after`` wraps to, now that ``before`` is shown in as many
    (``shrink=False``: no more lines than it has).
    """
    width = static.content_region.width
    styles = static.styles
    if not static.display or not width or (styles.width is not None and styles.width.is_auto):
        return False
    if not isinstance(before, str | Text):
        return False
    if styles.height is not None and not styles.height.is_auto:
        return True  # a fixed height: its text never changes its size
    shown = static.content_region.height
    if not shrink:
        return wrapped_lines(after, width) <= shown
    return wrapped_lines(before, width) == shown == wrapped_lines(after, width)


def wrapped_lines(text: str | Text, width: int) -> int:
    """How many lines ``text`` takes wrapped at ``width``, as Textual wraps a ``Static``'s text."""
    return len(Content(text if isinstance(text, str) else text.plain).wrap(max(width, 1)))


def widest_line(text: Text) -> int:
    return max(cell_len(line) for line in text.plain.split("\n"))


def space_left(
    table: DataTable[Any], labels: tuple[str, ...], widths: list[int], minimum: int, whole: int | None = None
) -> int | None:
    """The width the other columns leave to a table's last one, given how wide each of them is (its widest line).

    ``whole``: the table's width (while hidden, the width it will have); else its own. None until it has a size.
    """
    whole = whole or table.size.width
    if not whole or not labels:
        return None
    padding = 2 * table.cell_padding
    used = sum(padding + max(len(label), width) for label, width in zip(labels[:-1], widths, strict=False))
    return max(whole - used - padding - table.styles.scrollbar_size_vertical, minimum)


def last_column_width(
    table: DataTable[Any], labels: tuple[str, ...], rows: list[tuple[Text, ...]], minimum: int
) -> int | None:
    """The width the other columns leave to a table's last one (the long text, wrapped there).

    None until the table has a size. The other columns are as wide as their widest line.
    """
    if not table.size.width or not labels:
        return None
    padding = 2 * table.cell_padding
    used = sum(
        padding + max([len(label), *(widest_line(row[index]) for row in rows)])
        for index, label in enumerate(labels[:-1])
    )
    return max(table.size.width - used - padding - table.styles.scrollbar_size_vertical, minimum)


def row_height(cells: tuple[Text, ...], width: int, console: Console) -> int:
    """The lines a row takes: its last cell wrapped at ``width``, the others as wide as their widest line."""
    others = max((len(text.plain.split("\n")) for text in cells[:-1]), default=1)
    last = len(cells[-1].wrap(console, width)) if cells else 1
    return max(others, last, 1)


def column_widths(cells: tuple[Text, ...]) -> tuple[int, ...]:
    """How wide each of a row's cells is but the last (its widest line)."""
    return tuple(widest_line(text) for text in cells[:-1])


def highlighted_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the table's cursor; None for an empty table."""
    if not table.row_count:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return str(row_key.value)


def set_column_width(table: DataTable[Any], key: ColumnKey, width: int | None) -> None:
    if width is not None:
        column = table.columns[key]
        column.auto_width = False
        column.width = width


SHOWN_AT_ONCE = 60  # rows added at once to a step shown before its rows were laid out ahead: a tall window's worth
FILL_SLICE = 25  # and then in slices of so many rows
FILL_EVERY = 0.02  # seconds apart


class StepPane(Vertical):
    """Base for the step panes: one per step of the meeting's template, made for its kind."""

    kind: ClassVar[str]  # the step kind it edits (screens.steps.register_pane ties the two)
    COLUMNS: tuple[str, ...] = ()  # not a ClassVar: the notes panes choose theirs per step
    # Actions on the highlighted row: offered (footer, palette) only while the table has focus,
    # since the same keys type text in the form.
    TABLE_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    # The last column holds the long text (a note, an issue, an action): it takes the width the
    # other columns leave and wraps, so the whole text can be read without scrolling sideways.
    WRAP_LAST: ClassVar[bool] = True

    def __init__(self, session: Session, step: StepSpec) -> None:
        super().__init__(id=f"pane-{step.key}", classes="step-pane")
        self.session = session
        self.step = step
        self.step_key = step.key
        self.editing: str | None = None  # id of the row loaded into the form for editing
        self._column_keys: list[ColumnKey] = []
        self._shown: list[Row] = []  # the rows the table holds, as last drawn
        self._shown_width: int | None = None  # the last column's width then (None: not wrapped)
        # Rows built since the last redraw, under what they were built from (``cached_row``), and
        # each row's column widths by the id of its cells: an edit builds and measures only its own rows.
        self._built: dict[Hashable, Row] = {}
        self._used: dict[Hashable, Row] = {}
        self._widths: dict[int, tuple[int, ...]] = {}
        # The rows being laid out ahead and their wrap width, under (the meeting's version, the width):
        # built once for all the slices, not again at each (``lay_out_ahead``).
        self._ahead: tuple[tuple[int, int], list[Row], int | None] | None = None
        self._behind = 0  # rows the table still lacks, shown before they were all laid out ahead
        self._rendered_ahead: tuple[int, int] | None = None  # the cells in sight rendered ahead, for (version, width)

    def compose(self) -> ComposeResult:
        yield Static(self.prompt(), classes="hint step-prompt", markup=False)
        table = StepTable(cursor_type="row", zebra_stripes=True, classes="step-table")
        self._column_keys = table.add_columns(*self.COLUMNS)
        yield table
        yield from self.compose_form()
        yield Static("", classes="error pane-error", markup=False)

    def prompt(self) -> str:
        return self.step.prompt

    def compose_form(self) -> ComposeResult:
        yield from ()

    def rows(self) -> Iterable[Row]:
        return ()

    def on_mount(self) -> None:
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in self.TABLE_ACTIONS or self.table.has_focus

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_resize(self) -> None:
        if self.WRAP_LAST:
            self.refresh_view(most=SHOWN_AT_ONCE)
            if self._behind:
                self.set_timer(FILL_EVERY, self._fill_in)

    def _fill_in(self) -> None:
        """A slice more of the rows a step shown early still lacks (``refresh_view(most=...)``)."""
        if self._behind and self.table.size.width:
            self.refresh_view(most=FILL_SLICE)
            if self._behind:
                self.set_timer(FILL_EVERY, self._fill_in)

    # -- drawing -----------------------------------------------------------------------------

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(".step-table", DataTable)

    def refresh_view(self, most: int | None = None) -> None:
        """Redraw the table from the meeting, keeping the cursor on the same row where possible.

        Only what changed is redrawn. Rows are built through ``cached_row``, so an unchanged
        note or action is not built again. When the rows shown are unchanged and new ones only
        follow them (a note, an action added: nearly every edit during a meeting), only the new
        rows are added; when the same rows are shown in the same order and some changed (a note
        retagged, an action marked done), only those are replaced. Anything else (a row removed,
        the width changed) rebuilds the table, which measures every wrapped row again.

        ``most``: when rows are only to be added, add that many at most and leave the rest for
        later slices (``_behind``): a step shown before its rows were all laid out ahead shows the
        rows in sight at once, not after measuring every other.
        """
        table = self.table
        if self.WRAP_LAST and not table.size.width:
            # Hidden (another step is in sight, or nothing laid out yet): built ahead in slices
            # (lay_out_ahead) or when shown, at its width (on_resize). Built now, unwrapped, every row
            # was measured again at that width.
            return
        self._ahead = None  # the rows laid out ahead may be older than these
        rows = self._build_rows()
        width = self._last_column_width([cells for _, cells in rows])
        shown = self._shown
        wrap = width is not None
        self._behind = 0
        if width == self._shown_width and rows[: len(shown)] == shown:
            more = rows[len(shown) :] if most is None else rows[len(shown) : len(shown) + most]
            self._add_rows(more, wrap=wrap)
            self._behind = len(rows) - len(shown) - len(more)
            rows = [*shown, *more]
        elif width == self._shown_width and [key for key, _ in rows] == [key for key, _ in shown]:
            for (key, cells), before in zip(rows, shown, strict=True):
                if (key, cells) != before:
                    self._replace_row(table, key, cells, wrap=wrap)
        else:
            keep = self.selected_id()
            table.clear()
            if self._column_keys:
                set_column_width(table, self._column_keys[-1], width)
            self._add_rows(rows, wrap=wrap)
            if keep is not None and keep in self.row_ids():
                table.move_cursor(row=table.get_row_index(keep))
        self._shown, self._shown_width = rows, width

    # -- laid out ahead, while hidden (the meeting screen calls this in idle slices) ----------------

    def lay_out_ahead(self, width: int, count: int = 25, version: int = 0) -> bool:
        """Add up to ``count`` more rows to the hidden table, wrapped as they will be at ``width`` (the
        table's width once shown); True once every row is in. ``version``: the meeting's, which any edit
        changes (the rows are built again only then).

        Showing a step first built its whole table (200 notes: every row's cells and height, then the
        table's measure of them), a block of the loop at the move. Built ahead, a few rows a slice,
        the move finds the rows in place at the width it has and adds none (``refresh_view``, which
        also puts right any row that changed since).
        """
        if not self.WRAP_LAST or self.table.size.width:
            return True  # not wrapped (built whole in on_mount), or in sight: refresh_view keeps it
        if self._ahead is None or self._ahead[0] != (version, width):
            # Built once for all the slices: built at every slice, the whole step's rows were built and
            # compared n/25 times (3,000 notes: 2.1 s of the loop's time in all).
            rows = self._build_rows()
            wrap_at = self._last_column_width([cells for _, cells in rows], width)
            self._ahead = ((version, width), rows, wrap_at)
            shown = self._shown
            if wrap_at != self._shown_width or rows[: len(shown)] != shown:
                self.table.clear()
                if self._column_keys:
                    set_column_width(self.table, self._column_keys[-1], wrap_at)
                shown = []
            self._shown, self._shown_width = list(shown), wrap_at  # extended in place by the slices
        _, rows, wrap_at = self._ahead
        table = self.table
        if self._rendered_ahead != self._ahead[0] and isinstance(table, StepTable):
            in_sight = self.app.size.height  # lines of rows the table can show, at most
            if len(self._shown) == len(rows) or table.virtual_size.height >= in_sight:
                # A slice of its own, as soon as the rows in sight are in: the cells of those rows
                # rendered as they will be drawn, about half of the step's first frame.
                table.render_ahead(in_sight)
                self._rendered_ahead = self._ahead[0]
                return False
        more = rows[len(self._shown) : len(self._shown) + count]
        self._add_rows(more, wrap=wrap_at is not None)
        self._shown.extend(more)
        return len(self._shown) == len(rows) and self._rendered_ahead == self._ahead[0]

    def _build_rows(self) -> list[Row]:
        self._used = {}
        rows = list(self.rows())
        self._built = self._used  # rows no longer shown are let go
        self._widths = {id(cells): self._widths.get(id(cells)) or column_widths(cells) for _, cells in rows}
        return rows

    def cached_row(self, key: Hashable, build: Callable[[], Row]) -> Row:
        """The row ``build`` makes, built again only when ``key`` (what it is built from) has changed.

        ``key`` must hold everything the row shows: a row is never rebuilt while its key is the same.
        """
        row = self._built.get(key)
        if row is None:
            row = build()
        self._used[key] = row
        return row

    def _replace_row(self, table: DataTable[Text], key: str, cells: tuple[Text, ...], *, wrap: bool) -> None:
        if isinstance(table, StepTable):
            width = table.columns[self._column_keys[-1]].width if wrap and self._column_keys else 0
            height = row_height(cells, width, self.app.console) if width > 0 else None
            table.replace_row(key, cells, wrap=wrap, height=height)
            return
        for column, content in zip(table.ordered_columns, cells, strict=False):
            table.update_cell(key, column.key, content)

    def _add_rows(self, rows: list[Row], *, wrap: bool) -> None:
        table = self.table
        width = table.columns[self._column_keys[-1]].width if wrap and self._column_keys else 0
        console = self.app.console
        for row_id, cells in rows:
            # A wrapped row's height is worked out here, from its text: left to the table ("auto"), every
            # cell of every new row was rendered to measure it, about 0.3 s for 200 notes the first time a
            # step was shown.
            height = row_height(cells, width, console) if wrap and width > 0 else None if wrap else 1
            table.add_row(*cells, key=row_id, height=height)

    def _last_column_width(self, rows: list[tuple[Text, ...]], width: int | None = None) -> int | None:
        """The width the other columns leave to the last (the table ``width`` wide, else as wide as it
        is). None: no wrapping (or no size yet)."""
        if not self.WRAP_LAST:
            return None
        measured = [self._widths.get(id(cells)) or column_widths(cells) for cells in rows]
        widest = [max((widths[index] for widths in measured), default=0) for index in range(len(self.COLUMNS) - 1)]
        return space_left(self.table, self.COLUMNS, widest, 16, width)

    def row_ids(self) -> list[str]:
        return [str(key.value) for key in self.table.rows]

    def selected_id(self) -> str | None:
        return highlighted_key(self.table)

    # -- editing -----------------------------------------------------------------------------

    def attempt(self, edit: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a session edit; show its refusal instead of raising. None when refused."""
        try:
            result = edit(*args, **kwargs)
        except (ValueError, KeyError) as error:
            message = error.args[0] if isinstance(error, KeyError) else str(error)
            self.show_error(str(message))
            return None
        self.show_error("")
        return result

    def show_error(self, message: str) -> None:
        show(self.query_one(".pane-error", Static), clean_line(message))

    def value(self, selector: str) -> str:
        return self.query_one(selector, Entry).text

    def entry(self, selector: str) -> Entry:
        return self.query_one(selector, Entry)

    def clear_inputs(self, *selectors: str) -> None:
        for selector in selectors:
            self.query_one(selector, Entry).value = ""

    def restore_form(self, form: Mapping[str, str]) -> None:
        """Put a refused form's values back in its boxes (ahead of anything typed since)."""
        for field_id, text in form.items():
            entry = self.entry(f"#{field_id}")
            if entry.takes:  # a box that kept its value still shows it
                entry.restore(text)

    def focus_entry(self) -> Widget | None:
        """Put the cursor where the next thing will be typed; the widget it goes to."""
        inputs = self.query(Entry)
        return inputs.first().focus() if inputs else None

    def with_selected(self, action: Callable[[str], Any]) -> None:
        """Apply ``action`` to the highlighted row, or say there is none."""
        selected = self.selected_id()
        if selected is None:
            self.show_error("Nothing to act on yet: add something first.")
            return
        self.attempt(action, selected)
