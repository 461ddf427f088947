"""The Close step's minutes so far: one widget, its lines drawn in a thread.

Textual's ``Markdown`` widget mounts a widget for every paragraph and bullet (about 440 for a
meeting of 200 notes), in batches, each batch a layout of the whole screen, and they went on
arriving after the step was left: a note typed on the next step waited behind them. Here the
minutes are written (``render_markdown``, from a copy of the meeting made under the session's
lock), parsed and rendered by Rich at the widget's width in a worker thread, and the widget
shows the finished lines: the event loop only swaps them in.

It is drawn only when asked (the pane asks while the step is in sight), and drawn again only
when the minutes' text or the width changed. User text is never read as Rich markup: Rich's
Markdown makes text of the parsed words, and the minutes escape Markdown's own punctuation.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual import work
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import get_current_worker

from facilitator.text import clean_line

WAITING = "Writing the minutes so far…"


def minutes_lines(source: str, width: int) -> list[Strip]:
    """``source`` (CommonMark) drawn by Rich at ``width`` columns, a strip a line.

    Links are written out after their words rather than made live: a click never opens a browser.
    """
    console = Console(width=width, color_system="truecolor", force_terminal=True, legacy_windows=False)
    options = console.options.update_width(width)
    lines = console.render_lines(Markdown(source, hyperlinks=False), options, pad=False)
    return [Strip(Segment.simplify(line)) for line in lines]


class MinutesPreview(Widget):
    """The minutes as they stand, from ``write`` (called in a worker thread: it must read only a copy)."""

    DEFAULT_CSS = """
    MinutesPreview {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, write: Callable[[], str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._write = write
        self.source = ""  # the Markdown shown (empty until first drawn)
        self._lines: list[Strip] = []
        self._drawn_width = 0  # the width the lines were drawn at
        self._wanted = False  # asked for before it had a width
        self.draws = 0  # how many times new lines were swapped in (tests count them)

    # -- asking for it -------------------------------------------------------------------------

    def update_minutes(self) -> None:
        """Write and draw the minutes again, in a thread; shown only if they (or the width) changed."""
        width = self.size.width
        self._wanted = not width  # not laid out yet: drawn once it has a size (on_resize)
        if width:
            self._draw(width)

    def on_resize(self) -> None:
        width = self.size.width
        if width and (self._wanted or (self.source and width != self._drawn_width)):
            self._wanted = False
            self._draw(width)

    @work(thread=True, exclusive=True, group="minutes-preview", exit_on_error=False)
    def _draw(self, width: int) -> None:
        try:
            source = self._write()
            if source == self.source and width == self._drawn_width:
                return  # nothing changed: the lines shown are right
            lines = minutes_lines(source, width)
        except Exception as error:  # whatever went wrong, the step says so in the preview's place
            source = f"The minutes so far could not be drawn: {error}"
            lines = [Strip([Segment(clean_line(source))])]
        if not get_current_worker().is_cancelled:  # a later request has the newer minutes
            self.app.call_from_thread(self._show, source, width, lines)

    def _show(self, source: str, width: int, lines: list[Strip]) -> None:
        grew = len(lines) != len(self._lines)
        self.source, self._drawn_width, self._lines = source, width, lines
        self.draws += 1
        # Only a change of height needs the screen laid out again; else the lines are repainted.
        self.refresh(layout=grew)

    # -- drawing -------------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self._lines), 1)

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        width = self.size.width
        if not self._lines:
            line = Strip([Segment(WAITING)]) if y == 0 else Strip.blank(0)
            return line.crop_extend(0, width, style).apply_style(style)
        if y >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[y].crop_extend(0, width, style).apply_style(style)
