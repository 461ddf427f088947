"""Every output of a meeting, fuzzed with whole generated meetings (``tests.strategies``).

Whatever a meeting holds (any unicode, terminal escapes, Markdown punctuation, long text,
templates' own steps), each output must still be read back by the program it is for:

* the Markdown minutes by markdown-it (CommonMark plus tables): one h1, exactly the outline's
  sections as h2, no raw HTML, no links or images;
* the plain-text minutes: no control character but the line break;
* the actions CSV by the csv module: a header and one row per action, each cell as ``csv_cell``
  wrote it;
* the calendar by icalendar: one VTODO per action with a due date, one VEVENT when the next
  review is set;
* the model's JSON: the same meeting back.

One meeting per example drives all the Markdown checks, one all the exports: drawing a meeting
is most of the cost, so the checks share it. ``max_examples`` is kept moderate for CI time;
``FACILITATOR_FUZZ_EXAMPLES=2000`` runs a longer hunt.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import unicodedata

import icalendar
from hypothesis import given, settings
from markdown_it import MarkdownIt
from markdown_it.token import Token

from facilitator.exporters import ics, spreadsheet, writer
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Meeting
from facilitator.outline import outline
from facilitator.text import clean_block, clean_line
from tests.strategies import meetings

MD = MarkdownIt("commonmark").enable("table")
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
EXAMPLES = int(os.environ.get("FACILITATOR_FUZZ_EXAMPLES", "80"))

# Characters that must never reach a terminal or a file raw (facilitator/text.py): bidi
# embeddings, overrides, isolates and marks, and the line and paragraph separators.
BIDI = {*map(chr, (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))}
SEPARATORS = {"\u2028", "\u2029"}


def unsafe_characters(text: str, *, allowed: str = "\n") -> set[str]:
    """Control characters (C0, DEL, C1), bidi controls, separators and surrogates in ``text``, bar ``allowed``."""
    return {
        char
        for char in text
        if char not in allowed and (unicodedata.category(char) in ("Cc", "Cs") or char in BIDI or char in SEPARATORS)
    }


def walk(tokens: list[Token]) -> list[Token]:
    """Every token, block and inline, depth first."""
    found = []
    for token in tokens:
        found.append(token)
        found += walk(token.children or [])
    return found


def heading_texts(tokens: list[Token], tag: str) -> list[str]:
    """The text a reader sees in each heading of level ``tag`` ('h1', 'h2'), in order."""
    texts = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == tag:
            inline = tokens[index + 1]
            assert inline.type == "inline"
            texts.append("".join(child.content for child in inline.children or []))
    return texts


@settings(max_examples=EXAMPLES, deadline=None)
@given(meetings())
def test_markdown_minutes_have_one_title_the_outlines_sections_and_no_html_or_links(meeting: Meeting) -> None:
    markdown = render_markdown(meeting)
    tokens = MD.parse(markdown)
    everything = walk(tokens)

    titles = heading_texts(tokens, "h1")
    assert len(titles) == 1, markdown
    assert titles[0] == clean_line(outline(meeting).title)

    expected = [clean_line(section.title) for section in outline(meeting).sections if section.title]
    assert heading_texts(tokens, "h2") == expected, markdown

    kinds = {token.type for token in everything}
    assert not kinds & {"html_block", "html_inline"}, markdown
    assert not kinds & {"link_open", "image"}, markdown
    assert not unsafe_characters(markdown)


@settings(max_examples=EXAMPLES, deadline=None)
@given(meetings())
def test_every_export_reads_back_in_the_program_it_is_for(meeting: Meeting) -> None:
    # Plain text for the terminal: nothing but printable text and line breaks.
    text = render_text(meeting)
    assert not unsafe_characters(text), sorted(unsafe_characters(text))

    # CSV, as the command line and the minutes screen make it: header + one row per action.
    table = writer.meeting_export(meeting, "csv", now=NOW)
    # Records end in CRLF; an action's own line breaks are a bare LF inside its quoted cell.
    assert not unsafe_characters(table.replace("\r\n", ""), allowed="\n")
    rows = list(csv.reader(io.StringIO(table, newline="")))
    assert rows[0] == list(spreadsheet.CSV_HEADERS)
    assert len(rows) == 1 + len(meeting.actions)
    for row, action in zip(rows[1:], meeting.actions, strict=True):
        assert len(row) == len(spreadsheet.CSV_HEADERS)
        assert row[0] == spreadsheet.csv_cell(action.text, multiline=True)
        assert row[3] == (action.due.isoformat() if action.due else "")

    # iCalendar: a to-do per dated action, an event for the next review when there is one.
    calendar_text = ics.meeting_ics(meeting, now=NOW)
    assert not unsafe_characters(calendar_text.replace("\r\n", ""), allowed="")
    calendar = icalendar.Calendar.from_ical(calendar_text)
    todos = calendar.walk("VTODO")
    dated = [action for action in meeting.actions if action.due is not None]
    assert len(todos) == len(dated)
    for todo, action in zip(todos, dated, strict=True):
        assert todo.decoded("DUE") == action.due
        assert str(todo["SUMMARY"]) == clean_block(action.text)
    events = calendar.walk("VEVENT")
    assert len(events) == (1 if meeting.next_review else 0)
    if meeting.next_review:
        assert events[0].decoded("DTSTART") == meeting.next_review

    # The model's own JSON gives the same meeting back.
    assert Meeting.from_dict(meeting.to_dict()) == meeting
