"""Aligned columns of text that fit a terminal's width: the tables of list, templates and actions.

Every cell is cleaned (``facilitator.text.clean_line``), so a table never carries an escape
sequence or a line break, and widths are counted in terminal columns (a CJK character takes
two, a combining accent none).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from facilitator.text import clean_line


def table_lines(
    headers: list[str],
    rows: list[list[str]],
    *,
    width: int | None = None,
    flexible: Sequence[int] = (),
    keep_end: Sequence[int] = (),
) -> list[str]:
    """Aligned columns of cleaned text, each row on one line (the header first).

    With a ``width``, the ``flexible`` columns (free text) give way, the widest first, until the
    table fits; a cell cut short ends with an ellipsis after a whole word (or starts with one
    before a whole path part, for the ``keep_end`` columns).
    """
    cells = [[clean_line(cell) for cell in row] for row in rows]
    natural = [max(cell_width(headers[i]), *(cell_width(row[i]) for row in cells)) for i in range(len(headers))]
    widths = natural if width is None else fit_columns(natural, headers, flexible, width)
    cells = [
        [
            cut(cell, widths[i], keep_end=i in keep_end) if cell_width(cell) > widths[i] else cell
            for i, cell in enumerate(row)
        ]
        for row in cells
    ]
    return ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [headers, *cells]]


def fit_columns(natural: list[int], headers: list[str], flexible: Sequence[int], width: int) -> list[int]:
    """Column widths within ``width``: the widest flexible column loses a character at a time, down to
    its header's width (at least 8). A table that still does not fit is left to the terminal to wrap."""
    widths = list(natural)
    floor = {i: min(natural[i], max(cell_width(headers[i]), 8)) for i in flexible}
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0:
        shrinkable = [i for i in flexible if widths[i] > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Columns the text takes on a terminal: a wide (CJK) character takes two, a combining accent none."""
    return sum(_char_width(char) for char in text)


def _take(text: str, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` columns."""
    used = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > width:
            return text[:index]
    return text


def cut(text: str, width: int, *, keep_end: bool = False) -> str:
    """``text`` in ``width`` columns: cut after a whole word with '…' (before a path's part, with keep_end).

    Only a single word longer than the whole column is cut inside itself: there is nothing else to do.
    """
    if cell_width(text) <= width:
        return text
    if keep_end:
        tail = _take(text[::-1], width - 1)[::-1]
        at = tail.find("/")
        return "…" + (tail[at:] if 0 < at < len(tail) - 1 else tail)
    start = _take(text, width - 1)
    if not text[len(start)].isspace():  # the cut falls inside a word: go back to the end of the one before
        words = start.rsplit(None, 1)
        if len(words) == 2:
            start = words[0]
    return start.rstrip(" ,;:-") + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))
