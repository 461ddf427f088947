"""Option lists that Page Up and Page Down cannot crash, and that redraw only the lines that change.

Textual's ``OptionList`` pages by its laid-out lines. Before it has any (new options not yet
laid out, a list of no height, a screen being taken down) Page Up or Page Down raised a
KeyError that stopped the app; the random-key test found it on the home list and the step
list. Until then paging does nothing, as there is nothing on screen to page through.

Its highlight repaints the whole list when it moves: every step move drew the step list's 27
lines again (a fifth of that frame). Here it repaints the line it left and the line it lands on.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import OptionList


def can_page(options: OptionList) -> bool:
    # ``_index_to_line`` lays the lines out if the list has room; Textual's paging reads it unchecked.
    return options.highlighted is None or options.highlighted in options._index_to_line


class Options(OptionList):
    highlighted: reactive[int | None] = reactive(None, repaint=False)

    # Textual passes the old value too when the watcher takes two.
    def watch_highlighted(self, before: int | None, after: int | None) -> None:  # type: ignore[override]
        super().watch_highlighted(after)
        for index in (before, after):
            self.repaint_option(index)

    def repaint_option(self, index: int | None) -> None:
        """Redraw the lines of the option at ``index`` alone (the whole list if it is not laid out yet)."""
        if index is None:
            return
        line = self._line_cache.index_to_line.get(index)  # as laid out: not laid out again here
        if line is None:
            self.refresh()  # not laid out yet: it is drawn whole when it is
        else:
            self.refresh_lines(line, self._line_cache.heights.get(index, 1))

    def action_page_up(self) -> None:
        if can_page(self):
            super().action_page_up()

    def action_page_down(self) -> None:
        if can_page(self):
            super().action_page_down()
