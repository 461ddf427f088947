"""Text over several lines (a pasted note, action, decision, conflict, comment) through every output.

Each line must reach every output in its own right, never run into the next line and never
cut: the Markdown and text minutes (a multi-line list item stays one item), the CSV (the cell
holds the lines), the calendar (RFC 5545 escapes them as ``\\n``), JSON, and the search index
(words on two lines are still a phrase).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.exporters import ics, spreadsheet
from facilitator.exporters.rows import meeting_rows
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Action, Conflict, Decision, HealthCheck, Meeting, Note
from facilitator.search import SearchIndex
from facilitator.text import LINE_MARK, clean_block, clean_marked

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
MD = MarkdownIt("commonmark").enable("table")

words = st.from_regex(r"[A-Za-z]{3,9}( [A-Za-z]{3,9}){0,3}", fullmatch=True)
breaks = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])


@st.composite
def multi_line(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Text of two to four lines, as pasted (any line ending), and its lines."""
    lines = draw(st.lists(words, min_size=2, max_size=4, unique_by=str.casefold))
    text = lines[0]
    for line in lines[1:]:
        text += draw(breaks) + line
    return text, lines


def meeting_with(text: str) -> Meeting:
    return Meeting(
        "Youth Centre & YOT",
        dt.date(2026, 11, 16),
        notes=[Note(text)],
        actions=[Action(text, "Paul", dt.date(2026, 12, 1))],
        decisions=[Decision(text, why=text)],
        conflicts=[Conflict(text, ["Paul"], way_forward=text)],
        health=HealthCheck(comment=text),
    )


@settings(max_examples=60, deadline=None)
@given(multi_line())
def test_every_line_of_multi_line_text_reaches_every_output_on_its_own(pasted: tuple[str, list[str]]) -> None:
    text, lines = pasted
    meeting = meeting_with(text)

    markdown = render_markdown(meeting)
    minutes = render_text(meeting)
    for line in lines:
        # The note, the decision and its why, the issue and its way forward, the comment: each
        # line on a Markdown line of its own; the action's table cell holds them all, marked.
        assert sum(1 for shown in markdown.split("\n") if line in shown) >= 7, (line, markdown)
        assert line in minutes
    for first, second in itertools.pairwise(lines):
        if not any(f"{first} {second}" in line for line in lines):
            assert f"{first} {second}" not in markdown.replace("\\", "")  # never run together
            assert f"{first} {second}" not in minutes
    # In Markdown a multi-line note (and a decision with its why) stays one list item.
    assert [token.type for token in MD.parse(markdown)].count("list_item_open") == 2

    (row,) = list(csv.reader(io.StringIO(spreadsheet.actions_csv(meeting_rows(meeting)), newline="")))[1:]
    assert row[0] == clean_block(text)
    assert [line for line in row[0].split("\n") if line] == lines

    calendar = ics.meeting_ics(meeting, now=NOW)
    (todo,) = icalendar.Calendar.from_ical(calendar).walk("VTODO")
    assert [line for line in str(todo["SUMMARY"]).split("\n") if line] == lines

    assert Meeting.from_dict(json.loads(json.dumps(meeting.to_dict()))) == meeting

    index = SearchIndex.build([meeting.to_dict()])
    phrase = f'"{lines[0].split()[-1]} {lines[1].split()[0]}"'
    assert index.search(phrase) == [meeting.id], phrase


def test_a_table_cell_marks_each_line_break() -> None:
    marked = clean_marked("Book the room\r\nTell Paul\n\nRing Ann")
    assert marked == f"Book the room {LINE_MARK} Tell Paul {LINE_MARK} Ring Ann"
