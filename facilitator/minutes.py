"""A meeting as readable minutes: Markdown for sharing, plain text for the terminal.

Both draw one outline (``facilitator.outline``): a title, sections made of a few kinds of
block, and a footer. The outline holds text exactly as the meeting has it; each renderer
cleans every piece on the way out (``facilitator.text``), so neither can forget to.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from facilitator.model import Meeting
from facilitator.outline import (
    Block,
    Fields,
    Item,
    ItemList,
    Lead,
    Paragraph,
    Subheading,
    Table,
    Unsettled,
    long_date,
    outcome_text,
    outline,
    short_date,
)
from facilitator.text import LINE_MARK, clean_block, clean_line, display_width, md_inline

if TYPE_CHECKING:
    from facilitator.exporters.formats import MeetingExport

__all__ = [
    "long_date",
    "markdown_minutes",
    "outcome_text",
    "outline",
    "render_markdown",
    "render_text",
    "short_date",
    "text_minutes",
]

# --- Markdown -------------------------------------------------------------------------------


def render_markdown(meeting: Meeting, history: Sequence[Meeting] = (), unsettled: Sequence[Unsettled] = ()) -> str:
    """The minutes as CommonMark (plus pipe tables). ``history``: the partnership's other meetings;
    ``unsettled``: its clashes not yet settled (``facilitator.sync.unsettled``)."""
    minutes = outline(meeting, history, unsettled)
    parts = [f"# {md_inline(minutes.title)}"]
    for section in minutes.sections:
        if section.title:
            parts.append(f"## {md_inline(section.title)}")
        parts.extend(_md_block(block) for block in section.blocks)
    parts.append(f"*{md_inline(minutes.footer)}*")
    return "\n\n".join(_marked(parts, f"**{md_inline(minutes.marking)}**" if minutes.marking else "")) + "\n"


def _marked(parts: list[str], marking: str) -> list[str]:
    """The protective marking first and last, as on every page of a marked paper."""
    return [marking, *parts, marking] if marking else parts


def _md_lines(text: str) -> list[str]:
    """Each non-empty line of possibly multi-line user text, escaped."""
    return [md_inline(line) for line in clean_block(text).split("\n") if line]


def _md_joined(text: str, indent: str = "") -> str:
    """Multi-line text kept in one paragraph, its lines split by hard breaks (a trailing '\\')."""
    return f"\\\n{indent}".join(_md_lines(text))


def _md_block(block: Block) -> str:
    match block:
        case Paragraph(text, strong):
            return f"**{md_inline(text)}**" if strong else _md_joined(text)
        case Fields(rows):
            return "\\\n".join(f"**{md_inline(name)}:** {_md_joined(value)}" for name, value in rows)
        case Lead(text):
            return f"**{md_inline(text)}**"
        case Subheading(text):
            return f"### {md_inline(text)}"
        case ItemList(items, numbered):
            return "\n".join(_md_item(item, number if numbered else None) for number, item in enumerate(items, 1))
        case Table(headers, rows):
            return "\n".join(_md_row(row) for row in (headers, ("---",) * len(headers), *rows))
    raise TypeError(f"no Markdown for {block!r}")  # pragma: no cover - a programming error


def _md_item(item: Item, number: int | None) -> str:
    marker = f"{number}. " if number is not None else "- "
    lines = _md_lines(item.text) + _md_lines(item.detail)
    return marker + f"\\\n{' ' * len(marker)}".join(lines)


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cell if cell == "---" else _md_cell(cell) for cell in cells) + " |"


def _md_cell(text: str) -> str:
    """A pipe table cell holds one line: its text's line breaks are shown as marks."""
    return f" {LINE_MARK} ".join(_md_lines(text))


# --- plain text -----------------------------------------------------------------------------

# Widest a column of the actions table may grow before its cells wrap onto more lines.
TEXT_COLUMN_LIMITS = {"What": 48, "Who": 24}
TEXT_COLUMN_DEFAULT_LIMIT = 20


def render_text(meeting: Meeting, history: Sequence[Meeting] = (), unsettled: Sequence[Unsettled] = ()) -> str:
    """The minutes for a terminal: no markup, headings underlined, tables in columns."""
    minutes = outline(meeting, history, unsettled)
    parts = [_underlined(minutes.title, "=")]
    for section in minutes.sections:
        if section.title:
            parts.append(_underlined(section.title, "-"))
        parts.extend(_text_block(block) for block in section.blocks)
    parts.append(clean_line(minutes.footer))
    return "\n\n".join(_marked(parts, clean_line(minutes.marking))) + "\n"


def _underlined(title: str, rule: str) -> str:
    shown = clean_line(title)
    return f"{shown}\n{rule * max(display_width(shown), 3)}"


def _text_lines(text: str) -> list[str]:
    return [line for line in clean_block(text).split("\n") if line]


def _hang(first: str, text: str) -> str:
    """``first`` then ``text``, its later lines indented to line up under the first."""
    lines = _text_lines(text) or [""]
    indent = " " * display_width(first)
    return "\n".join([(first + lines[0]).rstrip()] + [indent + line for line in lines[1:]])


def _text_block(block: Block) -> str:
    match block:
        case Paragraph(text, _):
            return "\n".join(_text_lines(text))
        case Fields(rows):
            names = [clean_line(name) + ":" for name, _ in rows]
            width = max(display_width(name) for name in names) + 1
            return "\n".join(_hang(_pad(name, width), value) for name, (_, value) in zip(names, rows, strict=True))
        case Lead(text) | Subheading(text):
            return clean_line(text)
        case ItemList(items, numbered):
            markers = [f"{number}. " if numbered else "- " for number in range(1, len(items) + 1)]
            width = max(len(marker) for marker in markers)
            return "\n".join(_text_item(item, marker.rjust(width)) for marker, item in zip(markers, items, strict=True))
        case Table(headers, rows):
            return _text_table(headers, rows)
    raise TypeError(f"no text for {block!r}")  # pragma: no cover - a programming error


def _text_item(item: Item, marker: str) -> str:
    lines = _text_lines(item.text) + _text_lines(item.detail)
    return _hang(marker, "\n".join(lines))


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _text_table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    """Columns padded to line up, long cells wrapped within their column, a rule under the headers."""
    limits = [TEXT_COLUMN_LIMITS.get(header, TEXT_COLUMN_DEFAULT_LIMIT) for header in headers]
    wrapped = [[_wrap(cell, limit) for cell, limit in zip(row, limits, strict=True)] for row in rows]
    heads = [[clean_line(header)] for header in headers]
    widths = [
        max(display_width(line) for cells in (heads, *wrapped) for line in cells[column])
        for column in range(len(headers))
    ]
    lines = [_table_line([cell[0] for cell in heads], widths)]
    lines.append(_table_line(["-" * width for width in widths], widths))
    # When a row takes several lines, a blank line between rows shows where each one ends.
    spaced = any(len(cell) > 1 for row in wrapped for cell in row)
    for number, row in enumerate(wrapped):
        if spaced and number:
            lines.append("")
        for index in range(max(len(cell) for cell in row)):
            lines.append(_table_line([cell[index] if index < len(cell) else "" for cell in row], widths))
    return "\n".join(lines)


def _table_line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(_pad(cell, width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _wrap(text: str, limit: int) -> list[str]:
    """A cell's lines within its column: each line of the text wrapped on its own."""
    wrapped = [part for line in _text_lines(text) for part in textwrap.wrap(line, limit, break_on_hyphens=False)]
    return wrapped or [""]


# --- the exporter table's renderers (facilitator.exporters.formats) --------------------------


def markdown_minutes(what: MeetingExport) -> str:
    return render_markdown(what.meeting, what.history, what.unsettled)


def text_minutes(what: MeetingExport) -> str:
    return render_text(what.meeting, what.history, what.unsettled)
