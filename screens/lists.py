"""An option list that Page Up and Page Down cannot crash.

Textual's ``OptionList`` pages by its laid-out lines. Before it has any (new options not yet
laid out, a list of no height, a screen being taken down) Page Up or Page Down raised a
KeyError that stopped the app; the random-key test found it on the home list and the step
list. Until then paging does nothing, as there is nothing on screen to page through.
"""

from __future__ import annotations

from textual.widgets import OptionList


def can_page(options: OptionList) -> bool:
    # ``_index_to_line`` lays the lines out if the list has room; Textual's paging reads it unchecked.
    return options.highlighted is None or options.highlighted in options._index_to_line


class Options(OptionList):
    def action_page_up(self) -> None:
        if can_page(self):
            super().action_page_up()

    def action_page_down(self) -> None:
        if can_page(self):
            super().action_page_down()
