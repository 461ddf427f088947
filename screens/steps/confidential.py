"""One key, on the notes, conflicts, decisions and actions steps: mark the highlighted row confidential.

A confidential item stays in the full minutes and is left out of the circulation copy
(``facilitator.circulation``). The table shows it with a word, not only a colour.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

MARK = "🔒 confidential"


def confidential_binding(pane: str) -> Binding:
    """The key, its id under the pane's name ('notes.confidential') so that it can be remapped."""
    return Binding(
        "c",
        "toggle_confidential",
        "Confidential",
        id=f"{pane}.confidential",
        tooltip="Mark the highlighted row confidential (left out of the circulation copy), or not",
    )


def marked(text: Text, confidential: bool) -> Text:
    """A row's long text, with the confidential mark on a line of its own above it."""
    if not confidential:
        return text
    return Text.assemble((MARK, "bold magenta"), "\n", text)
