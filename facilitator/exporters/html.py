"""The minutes as one self-contained web page, to read, to attach to an e-mail and to print (the PDF path).

Built from the same outline as the Markdown and the text (``facilitator.outline``): each section
becomes a ``<section>`` under an ``<h2>``, each block its HTML element (a table with header
cells, a list, a definition list for labelled fields), so a screen reader can move by heading
and read a table by its headers. Nothing in the page is fetched or run: the style is inline,
there is no script, no link and no image, so the file reads the same offline and in any mail
client. Every piece of user text is cleaned (``facilitator.text``) and then escaped.

Printing: the protective marking (and DRAFT, until a later meeting approves the minutes) runs
at the top and bottom of every printed page. Browsers repeat a ``position: fixed`` element on
each printed page; the space it needs is kept free on every page by a frame whose header and
footer rows the browser also repeats (a table marked as layout only, so a screen reader skips
it). A ``@page`` rule with margin boxes would be simpler, but not every browser prints them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from facilitator.model import Meeting
from facilitator.outline import (
    Block,
    Fields,
    Item,
    ItemList,
    Lead,
    Outline,
    Paragraph,
    Section,
    Subheading,
    Table,
    Unsettled,
    long_date,
    outline,
)
from facilitator.text import clean_block, clean_line

if TYPE_CHECKING:
    from facilitator.exporters.formats import MeetingExport

DRAFT = "DRAFT"
DRAFT_NOTE = "These minutes are a draft until a later meeting approves them."

# Black on white, with weight and rules for structure: nothing is told by colour alone, and a
# page prints the same on a black-and-white printer.
STYLE = """
:root { color: #111; background: #fff; }
body { font: 11pt/1.45 "Segoe UI", Arial, Helvetica, sans-serif; margin: 0; overflow-wrap: break-word; }
.page { max-width: 48em; margin: 0 auto; padding: 1em 1.5em; }
.frame { width: 100%; table-layout: fixed; border-collapse: collapse; border: 0; }
.frame > thead > tr > td, .frame > tfoot > tr > td, .frame > tbody > tr > td { padding: 0; border: 0; }
.running { text-align: center; font-weight: bold; letter-spacing: 0.08em; padding: 0.3em 0; }
.running-top { border-bottom: 2px solid #111; }
.running-bottom { border-top: 2px solid #111; }
.draft { border: 2px solid #111; padding: 0.4em 0.8em; font-weight: bold; }
h1 { font-size: 1.6em; margin: 0.6em 0 0.3em; }
h2 { font-size: 1.25em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #555; }
h3 { font-size: 1.05em; margin: 1em 0 0.3em; }
p { margin: 0.4em 0; }
dl.fields { margin: 0.4em 0; }
dl.fields > div { display: flex; gap: 1em; }
dl.fields dt { font-weight: bold; flex: 0 0 9em; }
dl.fields dd { margin: 0; flex: 1 1 auto; min-width: 0; }
.lead { font-weight: bold; margin-bottom: 0.1em; }
li { margin: 0.15em 0; }
.detail { display: block; color: #333; }
table.data { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
table.data th, table.data td { border: 1px solid #555; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
table.data th { font-weight: bold; background: #eee; }
.colophon { font-style: italic; margin-top: 2em; }
.space { height: 0; }
@page { size: A4; margin: 12mm 15mm; }
@media print {
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  .running { position: fixed; left: 0; right: 0; height: 7mm; padding: 0; line-height: 7mm; }
  .running-top { top: 0; }
  .running-bottom { bottom: 0; }
  .space { height: 11mm; }
  h1, h2, h3, .lead { break-after: avoid; page-break-after: avoid; }
  table.data thead { display: table-header-group; }
  table.data tr, li, dl.fields { break-inside: avoid; page-break-inside: avoid; }
  table.data th { background: none; border-bottom: 2px solid #111; }
}
"""


def marking_of(meeting: Meeting) -> str:
    """The meeting's protective marking ('OFFICIAL-SENSITIVE'), or '' for none.

    ``Meeting.marking`` comes with the circulation work; until it is merged, a meeting has none.
    """
    return safe_line(str(getattr(meeting, "marking", "") or ""))


def running_text(meeting: Meeting) -> str:
    """What runs at the top and bottom of every page: the marking and, until approved, DRAFT."""
    return " · ".join(part for part in (marking_of(meeting), DRAFT if meeting.is_draft else "") if part)


def title_of(meeting: Meeting) -> str:
    """'Minutes: Youth Centre and YOT, Monday 16 November 2026 (draft)'."""
    draft = " (draft)" if meeting.is_draft else ""
    return safe_line(f"Minutes: {meeting.partnership}, {long_date(meeting.date)}{draft}")


def render_html(meeting: Meeting, history: Sequence[Meeting] = (), unsettled: Sequence[Unsettled] = ()) -> str:
    """The minutes as a complete HTML5 document (UTF-8), self-contained and print-ready."""
    minutes = outline(meeting, history, unsettled)
    running = running_text(meeting)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No referrer and nothing loaded from anywhere, whatever a mail client or browser allows.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{_text(title_of(meeting))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
    ]
    if running:
        parts.append(f'<div class="running running-top" role="note">{_text(running)}</div>')
    parts += [
        '<table class="frame" role="presentation">',
        '<thead><tr><td><div class="space"></div></td></tr></thead>',
        '<tfoot><tr><td><div class="space"></div></td></tr></tfoot>',
        '<tbody><tr><td><main class="page">',
        *_body(meeting, minutes),
        "</main></td></tr></tbody>",
        "</table>",
    ]
    if running:
        parts.append(f'<div class="running running-bottom" role="note">{_text(running)}</div>')
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _body(meeting: Meeting, minutes: Outline) -> Iterator[str]:
    if meeting.is_draft:
        yield f'<p class="draft"><strong>{DRAFT}</strong>: {_text(DRAFT_NOTE)}</p>'
    yield f"<h1>{_line(minutes.title)}</h1>"
    for number, section in enumerate(minutes.sections, 1):
        yield from _section(section, number)
    yield f'<p class="colophon">{_line(minutes.footer)}</p>'


def _section(section: Section, number: int) -> Iterator[str]:
    if section.title is None:  # the opening details, under the main heading
        yield '<section class="details">'
    else:
        yield f'<section aria-labelledby="s{number}">'
        yield f'<h2 id="s{number}">{_line(section.title)}</h2>'
    yield from (html_block(block) for block in section.blocks)
    yield "</section>"


def html_block(block: Block) -> str:
    """One block of the outline as HTML; a kind of block this module does not know yet is drawn from
    its Markdown (``facilitator.minutes``), so a new kind of block is never lost from the page."""
    match block:
        case Paragraph(text, strong):
            return f"<p><strong>{_lines(text)}</strong></p>" if strong else f"<p>{_lines(text)}</p>"
        case Fields(rows):
            pairs = "".join(f"<div><dt>{_line(name)}</dt><dd>{_lines(value)}</dd></div>" for name, value in rows)
            return f'<dl class="fields">{pairs}</dl>'
        case Lead(text):
            return f'<p class="lead">{_line(text)}</p>'
        case Subheading(text):
            return f"<h3>{_line(text)}</h3>"
        case ItemList(items, numbered):
            tag = "ol" if numbered else "ul"
            return f"<{tag}>" + "".join(_item(item) for item in items) + f"</{tag}>"
        case Table(headers, rows):
            return _table(headers, rows)
    return _from_markdown(block)


def _item(item: Item) -> str:
    detail = f'<span class="detail">{_lines(item.detail)}</span>' if safe_block(item.detail) else ""
    return f"<li>{_lines(item.text)}{detail}</li>"


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    head = "".join(f'<th scope="col">{_line(header)}</th>' for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{_lines(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _from_markdown(block: Block) -> str:
    """A block through its Markdown (escaped there) and markdown-it with raw HTML off: text stays text."""
    from markdown_it import MarkdownIt

    from facilitator import minutes

    source = _NONCHARACTERS.sub("\ufffd", minutes._md_block(block))  # the Markdown renderer knows every block
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").render(source)


# Unicode's noncharacters (U+FDD0-U+FDEF, and the last two code points of every plane): XML cannot hold
# U+FFFE and U+FFFF, so a Word file would fail to be written, and an HTML parser reports each one as an
# error. ``facilitator.text`` leaves them (a terminal shows them harmlessly); here they become U+FFFD.
_NONCHARACTERS = re.compile(
    "[\ufdd0-\ufdef" + "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)) + "]"
)


def safe_line(text: str) -> str:
    """``facilitator.text.clean_line``, and no noncharacter: for one line of HTML or XML."""
    return _NONCHARACTERS.sub("\ufffd", clean_line(text))


def safe_block(text: str) -> str:
    """``facilitator.text.clean_block``, and no noncharacter: for lines of HTML or XML."""
    return _NONCHARACTERS.sub("\ufffd", clean_block(text))


def _text(text: str) -> str:
    """Text of ours, escaped."""
    return html.escape(text, quote=True)


def _line(text: str) -> str:
    """User text on one line: cleaned, then escaped."""
    return html.escape(safe_line(text), quote=True)


def _lines(text: str) -> str:
    """User text over several lines: cleaned, escaped, its line breaks kept as <br>."""
    return "<br>".join(html.escape(line, quote=True) for line in safe_block(text).split("\n"))


# --- the exporter table's renderer (facilitator.exporters.formats) ----------------------------


def html_minutes(what: MeetingExport) -> str:
    return render_html(what.meeting, what.history, what.unsettled)
