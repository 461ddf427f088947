"""The step panes' table: a ``DataTable`` that redraws only the rows that changed.

Textual's ``DataTable`` keys its rendered cells on a counter that every change bumps (a row
added, a cell updated), so adding one note re-rendered every row in sight: about two thirds
of the time a frame took while typing into a meeting with a couple of hundred notes. Here a
rendered cell is also kept under what it was rendered from (the cell's own object, where it
is, its width and height, the styles that apply), so a frame after an edit renders only the
rows that edit touched. A pane never changes a cell's object in place: a changed row comes
as new cells (``replace_row``), which misses the cache as it must.

A row added makes the table taller inside (its virtual size), and Textual lays the whole
screen out for any change of a widget's virtual size: after Enter, the layout and the redraw of
every widget it touched were most of the frame. The table's own place never depends on its rows
(it is sized by the pane), so a taller inside only lays the screen out when it changes whether
the table scrolls (its scrollbar appears or goes) or its width changes; otherwise the scrollbar is
brought up to date and the table repainted.

``replace_row`` is the other half: a row edited in place (a note retagged, an action marked
done) has its cells swapped and its height measured again, where a rebuild of the whole
table measured every wrapped row.

``move_cursor`` measures rows waiting to be measured before it scrolls (Textual scrolls after the next
frame, so a note added drew the table twice), and ``render_ahead`` renders a hidden table's cells in
sight before it is first shown.

These lean on ``DataTable`` internals (``_render_cell``'s arguments, ``_render_line_in_row``,
``_row_render_cache``, ``_y_offsets``, ``_new_rows``, ``_require_update_dimensions``,
``_update_dimensions``), stable through Textual 8 (pinned ``>=8.2,<9``); ``tests/test_typing_path.py``,
``tests/test_table_lines.py`` and ``tests/test_step_showing.py`` check what they must do, so a Textual
change that broke them fails there.
"""

from __future__ import annotations

from typing import Any, Self, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.css.styles import RenderStyles
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

SegmentLines = list[list[Segment]]
CACHED_CELLS = 4000  # a few screens' worth of cells, several times over
CACHED_LINES = 2000  # the same for whole lines


class StepTable(DataTable[Text]):
    """A ``DataTable`` of Rich ``Text`` cells whose rendered cells survive edits to other rows."""

    # Focus shows in the cursor row's colours; Textual also tints the whole table, which changes every
    # line's style and so re-rendered every line in sight at each change of focus (ctrl+l and back).
    DEFAULT_CSS = """
    StepTable:focus {
        background-tint: $foreground 0%;
        & > .datatable--header { background-tint: $foreground 0%; }
    }
    """

    # As Widget's, but without a layout of the screen at each change: see watch_virtual_size.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, **kwargs: Any) -> None:
        # (id of the cell object, where, how) -> (the cell object, its lines). The object is kept
        # with its lines so that its id cannot be reused by another cell while the entry lives.
        # Set first: DataTable's own __init__ already clears caches.
        self._stable_cells: dict[tuple[object, ...], tuple[object, SegmentLines]] = {}
        # The same for whole lines of a row: (the row, which line, what it is drawn from) -> (its cells, the line).
        self._stable_lines: dict[tuple[object, ...], tuple[tuple[object, ...], Strip]] = {}
        self.lines_rendered = 0  # lines of rows drawn afresh (a test reads it)
        self.cells_rendered = 0  # cells rendered afresh (a test reads it)
        self.layouts_saved = 0  # changes of its inside that laid nothing out (a test reads it)
        # While a frame is drawn, the table's styles cannot change: each is worked out once per frame
        # (Textual works one out by walking every ancestor, two or three times for every line drawn).
        self._frame_styles: dict[tuple[str, ...], Any] | None = None
        self._relaid = False  # the screen is to be laid out for a change of the table's inside
        super().__init__(**kwargs)

    def watch_virtual_size(self, before: Size, after: Size) -> None:
        if self._moves_things(before, after):
            self._relaid = True
            self.refresh(layout=True)
        else:
            self._scroll_update(after)  # the scrollbar's length and the furthest scroll, as a layout would set them
            self.layouts_saved += 1

    def _moves_things(self, before: Size, after: Size) -> bool:
        """Whether a change of the table's inside changes anything's place: its own size, or its scrollbars."""
        if not self.is_mounted or self.styles.auto_dimensions or before.width != after.width:
            return True
        if self.styles.overflow_y != "auto":
            return False
        room = self.container_size.height - self.scrollbar_size_horizontal
        return room <= 0 or (after.height > room) != self.show_vertical_scrollbar

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = None

    @property
    def rich_style(self) -> Style:
        frame = self._frame_styles
        if frame is None:
            return super().rich_style
        if () not in frame:
            frame[()] = super().rich_style
        return cast(Style, frame[()])

    def get_component_styles(self, *names: str) -> RenderStyles:
        frame = self._frame_styles
        if frame is None:
            return super().get_component_styles(*names)
        if names not in frame:
            frame[names] = _FrameStyles(super().get_component_styles(*names))
        return cast(RenderStyles, frame[names])

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        if row_index < 0 or column_index < 0:  # the header and row labels: few, and as Textual does them
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        content = self._data[row_key][column_key]
        row = self.rows[row_key]
        key = (
            id(content),
            row_index,
            column_index,
            base_style,
            width,
            row.height,
            cursor,
            hover,
            self._show_hover_cursor,
            self.show_cursor,
            self._pseudo_class_state,
        )
        kept = self._stable_cells.get(key)
        if kept is not None and kept[0] is content:
            return kept[1]
        lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self.cells_rendered += 1
        if len(self._stable_cells) >= CACHED_CELLS:
            self._stable_cells.clear()
        self._stable_cells[key] = (content, lines)
        return lines

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """A line of a row, kept under what it is drawn from, so that an edit elsewhere, a row added
        or a change of focus (which only the cursor row shows) draws only the lines it changed.

        Textual keys its lines on the table's update counter and focus state, which every edit and
        every ctrl+l bump: each frame after one drew every line in sight again, cells and all."""
        kind = self._line_kind(y)
        if kind is None:  # the header, or a table laid out in ways the steps never use
            return super()._render_line(y, x1, x2, base_style)
        row_key, line_no, row_index = kind
        cells = self._data[row_key]
        columns = self.ordered_columns
        contents = tuple(cells.get(column.key) for column in columns)
        cursor = self.show_cursor and self.cursor_coordinate.row == row_index
        hover = self.show_cursor and self._show_hover_cursor and self.hover_coordinate.row == row_index
        key = (
            row_key,
            line_no,
            row_index,
            tuple(map(id, contents)),
            self.rows[row_key].height,
            tuple(column.get_render_width(self) for column in columns),
            x1,
            x2,
            self.size.width,
            base_style,
            self._get_row_style(row_index, base_style),
            cursor and self.get_component_rich_style("datatable--cursor"),
            hover and self.get_component_rich_style("datatable--hover"),
            self.cursor_foreground_priority,
            self.cursor_background_priority,
            self.cell_padding,
        )
        kept = self._stable_lines.get(key)
        if kept is not None and all(a is b for a, b in zip(kept[0], contents, strict=True)):
            return kept[1]
        strip = super()._render_line(y, x1, x2, base_style)
        self.lines_rendered += 1
        if len(self._stable_lines) >= CACHED_LINES:
            self._stable_lines.clear()
        self._stable_lines[key] = (contents, strip)
        return strip

    def _line_kind(self, y: int) -> tuple[RowKey, int, int] | None:
        """(the row, its line, its index) for line ``y`` of a row the line cache can keep, else None."""
        if self.cursor_type not in ("row", "none") or self.fixed_columns or self.fixed_rows:
            return None
        if self._labelled_row_exists and self.show_row_labels:
            return None
        try:
            row_key, line_no = self._get_offsets(y)
        except LookupError:
            return None
        row_index = self._row_locations.get(row_key)
        if row_index is None:  # the header
            return None
        return row_key, line_no, row_index

    def _forget_cells(self) -> None:
        self._stable_cells.clear()

    def _forget_lines(self) -> None:
        self._stable_lines.clear()

    def notify_style_update(self) -> None:
        self._forget_cells()  # a theme or CSS change: every cell looks different
        super().notify_style_update()

    def _clear_caches(self) -> None:
        self._forget_cells()
        self._forget_lines()  # Textual's own reasons (cursor shown or not, zebra, padding) are rare
        super()._clear_caches()

    def clear(self, columns: bool = False) -> Self:
        self._forget_cells()  # row indexes start again: nothing kept would be found, so let it go
        self._forget_lines()
        return super().clear(columns)

    def move_cursor(
        self, *, row: int | None = None, column: int | None = None, animate: bool = False, scroll: bool = True
    ) -> None:
        """As ``DataTable.move_cursor``, but rows waiting to be measured are measured first, so the
        cursor is scrolled into view at once. Textual measures them when the table is next idle and
        scrolls after the next frame: every note added drew the table twice, before and after the scroll.
        Only when the rows just measured change the table's layout (its scrollbar comes or goes) is the
        cursor scrolled into view again after that layout, as Textual does."""
        if scroll:
            self._relaid = False
            self.settle_dimensions()
            if self._relaid:
                self.call_after_refresh(self._scroll_cursor_into_view, animate=animate)
        super().move_cursor(row=row, column=column, animate=animate, scroll=scroll)

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        if self.show_cursor and self.row_count:
            # The table grew shorter (a tip or a hint took room below it) after the cursor was scrolled
            # to a new row: the row stays in sight.
            self._scroll_cursor_into_view()

    def render_ahead(self, lines: int) -> None:
        """Render the cells of the rows a hidden table shows first (``lines`` of them from where it is
        scrolled), as they will be drawn: its first showing then finds them kept (``_render_cell``).

        A step's first showing rendered every cell in sight, about half of that frame."""
        self.settle_dimensions()  # the columns' widths, which the cells are rendered at
        self._pseudo_class_state = self.get_pseudo_class_state()
        base_style = self.rich_style
        cursor, hover = self.cursor_coordinate, self.hover_coordinate
        top = int(self.scroll_y)  # the first line of rows in sight, under the header
        if top >= len(self._y_offsets):
            return
        first = self._row_locations.get(self._y_offsets[top][0])
        if first is None:
            return
        for index in range(first, self.row_count):
            row_key = self._row_locations.get_key(index)
            if row_key is None or lines <= 0:
                break
            height = self.rows[row_key].height
            for line_no in range(height):
                self._render_line_in_row(row_key, line_no, base_style, cursor, hover)
            lines -= height
        # Textual keeps the rows it put together without the table's width, which pads them: put together
        # while hidden (no width), they would be drawn unpadded. The cells are what is kept (``_render_cell``).
        self._row_render_cache.clear()

    def settle_dimensions(self) -> None:
        """Measure the rows added or replaced since the table was last idle (as its idle handler would)."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def replace_row(self, key: str, cells: tuple[Text, ...], *, wrap: bool, height: int | None = None) -> None:
        """Put ``cells`` in the row ``key``, in place; a wrapped row takes ``height``, or is measured again."""
        row_key = RowKey(key)
        for column, content in zip(self.ordered_columns, cells, strict=False):
            self._data[row_key][column.key] = content
        if wrap:
            # As add_row leaves a new row: its columns (and, with no height given, its height)
            # measured once the table is next idle.
            row = self.rows[row_key]
            row.height = height or 0
            row.auto_height = height is None
            self._offset_cache.clear()
            self._new_rows.add(row_key)
            self._require_update_dimensions = True
            self.check_idle()
        self._update_count += 1
        self.refresh()


class _FrameStyles:
    """A component's styles with its Rich style worked out once, for the frame being drawn."""

    def __init__(self, styles: RenderStyles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self._styles, name)
