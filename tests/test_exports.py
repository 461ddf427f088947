"""Exports read back by the programs they are for: icalendar for .ics, csv for spreadsheets,
markdown-it for the Markdown minutes."""

from __future__ import annotations

import csv
import datetime as dt
import io

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.exporters.ics import actions_ics, fold, ics_text, meeting_ics
from facilitator.exporters.rows import meeting_rows
from facilitator.exporters.spreadsheet import CSV_HEADERS, actions_csv, csv_cell
from facilitator.meeting_files import demo_meetings
from facilitator.minutes import render_markdown
from facilitator.model import Action, ActionStatus, Meeting
from facilitator.readmodels import ActionRow
from facilitator.text import clean_block, clean_line
from tests.conftest import review_meeting

NOW = dt.datetime(2026, 11, 20, 9, 30, 15, tzinfo=dt.UTC)
TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "dropped": "CANCELLED"}


def demo_review() -> Meeting:
    """The latest demo review: several dated actions and a next review date."""
    meeting = max(demo_meetings(), key=lambda m: m.date)
    assert meeting.next_review is not None and any(a.due for a in meeting.actions)
    return meeting


def all_demo_rows() -> list[ActionRow]:
    return [row for meeting in demo_meetings() for row in meeting_rows(meeting)]


def row_for(action: Action, partnership: str = "Riverside Trust & Food Bank") -> ActionRow:
    return ActionRow(action, "m-1", dt.date(2026, 3, 2), partnership, "Riverside Trust")


def physical_lines(ics: str) -> list[bytes]:
    raw = ics.encode("utf-8")
    assert raw.endswith(b"\r\n")
    return raw[:-2].split(b"\r\n")


def assert_well_formed(ics: str) -> None:
    """CRLF only, at most 75 octets a line, no line split inside a character, no control codes."""
    for line in physical_lines(ics):
        assert b"\n" not in line and b"\r" not in line, line
        assert len(line) <= 75, line
        text = line.decode("utf-8")  # strict: a character cut in two would fail here
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text), line


# --- iCalendar ------------------------------------------------------------------------------


def test_the_meeting_calendar_holds_each_dated_action_and_the_next_review() -> None:
    meeting = demo_review()
    ics = meeting_ics(meeting, now=NOW)
    assert_well_formed(ics)
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["VERSION"]) == "2.0" and "Facilitator" in str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"

    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == meeting.next_review and type(event["DTSTART"].dt) is dt.date
    assert event["DTEND"].dt == meeting.next_review + dt.timedelta(days=1)
    assert str(event["SUMMARY"]) == f"Next partnership review: {meeting.partnership}"

    todos = calendar.walk("VTODO")
    dated = [action for action in meeting.actions if action.due]
    assert len(todos) == len(dated)
    by_summary = {str(todo["SUMMARY"]): todo for todo in todos}
    for action in dated:
        todo = by_summary[clean_line(action.text)]
        assert todo["DUE"].dt == action.due and type(todo["DUE"].dt) is dt.date
        assert str(todo["STATUS"]) == TODO_STATUS[action.status]
        assert todo["DTSTAMP"].dt == NOW
        description = str(todo["DESCRIPTION"])
        assert action.owner in description and meeting.partnership in description
        assert meeting.date.isoformat() in description
    uids = [str(c["UID"]) for c in (*todos, event)]
    assert len(set(uids)) == len(uids)


def test_uids_are_stable_so_a_new_export_updates_the_calendar_instead_of_duplicating() -> None:
    meeting = demo_review()
    first = icalendar.Calendar.from_ical(meeting_ics(meeting, now=NOW))
    later = icalendar.Calendar.from_ical(meeting_ics(meeting, now=NOW + dt.timedelta(days=30)))
    uids = [str(c["UID"]) for c in first.walk() if "UID" in c]
    assert uids == [str(c["UID"]) for c in later.walk() if "UID" in c]
    assert all(action.id in uid for action, uid in zip([a for a in meeting.actions if a.due], uids[1:], strict=True))


def test_the_actions_calendar_maps_statuses_and_leaves_out_undated_actions() -> None:
    rows = [
        row_for(Action("Open one", "Ann", dt.date(2026, 4, 1))),
        row_for(Action("Done one", "Ann", dt.date(2026, 4, 2), ActionStatus.DONE)),
        row_for(Action("Dropped one", "Ann", dt.date(2026, 4, 3), ActionStatus.DROPPED)),
        row_for(Action("No date", "Ann")),
    ]
    calendar = icalendar.Calendar.from_ical(actions_ics(rows, now=NOW))
    assert not calendar.walk("VEVENT")
    todos = {str(todo["SUMMARY"]): todo for todo in calendar.walk("VTODO")}
    assert set(todos) == {"Open one", "Done one", "Dropped one"}
    assert [str(todos[name]["STATUS"]) for name in ("Open one", "Done one", "Dropped one")] == [
        "NEEDS-ACTION",
        "COMPLETED",
        "CANCELLED",
    ]
    assert todos["Dropped one"]["DUE"].dt == dt.date(2026, 4, 3)


def test_a_meeting_without_dates_gives_an_empty_calendar_that_still_parses() -> None:
    meeting = review_meeting(next_review=None, actions=[Action("Think about it", "Ann")])
    calendar = icalendar.Calendar.from_ical(meeting_ics(meeting, now=NOW))
    assert not calendar.walk("VTODO") and not calendar.walk("VEVENT")


def test_text_is_escaped_and_control_characters_neutralised() -> None:
    assert ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d e"  # one line: the line break becomes a space
    assert ics_text("a,b\n\nc", multiline=True) == "a\\,b\\n\\nc"
    action = Action("Wipe\x1b[3J the screen\x07, then \x9b31m\u202eleave", "Paul\x1b[5m", dt.date(2026, 5, 1))
    ics = actions_ics([row_for(action)], now=NOW)
    assert_well_formed(ics)
    assert "\x1b" not in ics and "\x07" not in ics and "\x9b" not in ics and "\u202e" not in ics
    (todo,) = icalendar.Calendar.from_ical(ics).walk("VTODO")
    assert str(todo["SUMMARY"]) == clean_line(action.text) == "Wipe␛[3J the screen␇, then �31mleave"
    assert "Paul␛[5m" in str(todo["DESCRIPTION"])


def test_folding_never_splits_a_character_and_unfolds_to_the_line() -> None:
    for line in ("SUMMARY:" + "€" * 100, "SUMMARY:" + "a" * 67, "SUMMARY:" + "a" * 66 + "🙂" * 30, "X:" + "b" * 300):
        folded = fold(line)
        assert folded.replace("\r\n ", "") == line
        for physical in folded.encode("utf-8").split(b"\r\n"):
            assert len(physical) <= 75
            physical.decode("utf-8")
    assert fold("SUMMARY:" + "a" * 67) == "SUMMARY:" + "a" * 67  # exactly 75 octets: not folded
    assert fold("SUMMARY:" + "a" * 68).split("\r\n") == ["SUMMARY:" + "a" * 67, " a"]


# Text as people paste it: iCalendar's special characters, line breaks, emoji, accents,
# control codes, and sometimes a lot of it.
_awkward = st.sampled_from(
    [
        ",",
        ";",
        "\\",
        "\\n",
        "\\,",
        ":",
        '"',
        "\n",
        "\r\n",
        "\t",
        "🙂",
        "👩‍👩‍👧",
        "é",
        "共同",
        "\x1b[2J",
        "\x00",
        " ",
        "a",
    ]
)
awkward_text = st.one_of(
    st.lists(st.one_of(_awkward, st.text(max_size=8)), min_size=1, max_size=40).map("".join),
    st.builds(lambda word, n: word * n, _awkward, st.integers(1, 120)),
    st.text(min_size=1, max_size=300),
).filter(lambda text: text.strip())


@settings(max_examples=300, deadline=None)
@given(text=awkward_text, owner=st.text(max_size=80), partnership=awkward_text)
def test_any_action_text_round_trips_through_escaping_and_folding(text: str, owner: str, partnership: str) -> None:
    action = Action(text, owner, dt.date(2026, 6, 1))
    ics = actions_ics([row_for(action, partnership)], now=NOW)
    assert_well_formed(ics)
    (todo,) = icalendar.Calendar.from_ical(ics).walk("VTODO")
    assert str(todo["SUMMARY"]) == clean_block(action.text)  # the model strips the ends first
    assert f"Partnership: {clean_line(partnership)}\n" in str(todo["DESCRIPTION"])
    assert todo["DUE"].dt == dt.date(2026, 6, 1)


# --- CSV ------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_reads_back_into_the_same_actions() -> None:
    rows = all_demo_rows()
    text = actions_csv(rows)
    assert text.startswith(",".join(CSV_HEADERS) + "\r\n") and not text.startswith("\ufeff")
    read = read_csv(text)
    assert len(read) == len(rows)
    for row, record in zip(rows, read, strict=True):
        action = row.action
        assert record == {
            "What": action.text,
            "Owner": action.owner,
            "Organisation": row.organisation,
            "Due": action.due.isoformat() if action.due else "",
            "Status": str(action.status),
            "Partnership": row.partnership,
            "Raised on": row.meeting_date.isoformat(),
            "Meeting id": row.meeting_id,
            "Carried": str(action.carried),
            "Due as agreed": action.due_text,  # the demo's due dates are all plain dates
        }
    assert any(record["Organisation"] for record in read)


def test_commas_quotes_and_line_breaks_stay_inside_their_cell() -> None:
    texts = ['Buy "good" paint, brushes; and card', "Ring the centre\nthen e-mail\r\nthe team", "Say 'hi',\rthen go"]
    rows = [row_for(Action(text, 'O\'Neill, "Ann"')) for text in texts]
    text = actions_csv(rows)
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert len(read) == len(rows) + 1  # a header, then one record per action
    # An action's line breaks stay inside its (quoted) cell, as a spreadsheet shows them.
    assert [record[0] for record in read[1:]] == [
        'Buy "good" paint, brushes; and card',
        "Ring the centre\nthen e-mail\nthe team",
        "Say 'hi',\nthen go",
    ]
    assert all(record[1] == 'O\'Neill, "Ann"' and len(record) == len(CSV_HEADERS) for record in read[1:])


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        ('=HYPERLINK("http://evil","click")', '\'=HYPERLINK("http://evil","click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("  =1+1", "'=1+1"),  # leading spaces are cleaned away first, so they cannot hide it
        ("\t=1+1", "'=1+1"),
        ("\r\n=1+1", "'=1+1"),
        ("Check a=b and 1+1", "Check a=b and 1+1"),
        ("Zoë's café", "Zoë's café"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_made_text(typed: str, cell: str) -> None:
    assert csv_cell(typed) == cell
    (record,) = read_csv(actions_csv([row_for(Action(typed, typed), partnership=typed)]))
    assert record["What"] == record["Owner"] == record["Partnership"] == cell


@settings(max_examples=200, deadline=None)
@given(text=awkward_text, owner=st.text(max_size=60))
def test_any_text_survives_the_csv_as_one_clean_cell(text: str, owner: str) -> None:
    action = Action(text, owner, dt.date(2026, 1, 2))
    csv_text = actions_csv([row_for(action)])
    (record,) = read_csv(csv_text)
    # The action keeps its line breaks inside its cell; the owner is one line.
    for cleaned, got in ((clean_block(action.text), record["What"]), (clean_line(action.owner), record["Owner"])):
        assert got == ("'" + cleaned if cleaned[:1] in ("=", "+", "-", "@") else cleaned)
    assert record["Due"] == "2026-01-02"


# --- Markdown minutes ------------------------------------------------------------------------


def md_tokens(meeting: Meeting) -> list:
    return MarkdownIt("commonmark").enable("table").parse(render_markdown(meeting))


def actions_table(tokens: list) -> list:
    """The tokens of the one table in the 'Actions' section of the minutes."""
    start = next(
        i
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2" and tokens[i + 1].content == "Actions"
    )
    end = next(i for i in range(start + 1, len(tokens)) if tokens[i].type == "heading_open" and tokens[i].tag == "h2")
    section = tokens[start:end]
    assert [t.type for t in section].count("table_open") == 1
    return section


def cell_texts(tokens: list, opener: str) -> list[list[str]]:
    """The text each table row's cells show (th_open or td_open), Markdown escapes decoded."""
    rows: list[list[str]] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == opener:
            rows[-1].append("".join(child.content for child in tokens[index + 1].children or ()))
    return [row for row in rows if row]


def test_the_markdown_minutes_have_headings_and_a_table_of_the_actions() -> None:
    meeting = demo_review()
    tokens = md_tokens(meeting)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [text for tag, text in headings if tag == "h1"] == [f"Minutes: {meeting.partnership}"]
    items = {f"Item {number}: {item.title}" for number, item in enumerate(meeting.agenda, 1)}  # item by item
    assert {*items, "Actions", "Next review"} <= {text for tag, text in headings if tag == "h2"}
    assert "table_open" in [t.type for t in tokens]
    table = actions_table(tokens)
    header, *body = cell_texts(table, "th_open") + cell_texts(table, "td_open")
    assert header[:4] == ["What", "Who", "Due", "Status"]
    assert len(body) == len(meeting.actions)
    assert [cells[0] for cells in body] == [action.text for action in meeting.actions]
    assert [cells[1] for cells in body] == [action.owner or "(no owner)" for action in meeting.actions]


def test_markdown_characters_in_an_action_stay_inside_its_cell() -> None:
    meeting = review_meeting()
    meeting.actions[0].text = "Split | the | cells # and *shout* <b>"
    meeting.actions[1].text = "- a bullet\n| --- |"
    table = actions_table(md_tokens(meeting))
    header, *body = cell_texts(table, "th_open") + cell_texts(table, "td_open")
    assert len(body) == 2 and all(len(cells) == len(header) for cells in body)
    assert body[0][0] == "Split | the | cells # and *shout* <b>"  # one cell, read back as typed
    assert body[1][0] == "- a bullet ⏎ | --- |"  # a cell holds one line: the break is marked
    rendered = MarkdownIt("commonmark").enable("table").render(render_markdown(meeting))
    assert "<b>" not in rendered and "<em>shout</em>" not in rendered
    assert "Split | the | cells # and *shout* &lt;b&gt;" in rendered
