"""The one text box (screens/entry.py): nothing pasted is cut, keys typed ahead go where they were meant to.

Bursts are sent the way a terminal delivers fast typing: every key posted to the app at once,
with no wait between them (``pilot.press`` waits for each key to be handled, which hides the
fault), then one wait for the app to settle.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import json
from pathlib import Path

import icalendar
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator.exporters import ics, spreadsheet
from facilitator.exporters.rows import meeting_rows
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Meeting
from screens.entry import Entry
from screens.meeting import MeetingScreen
from tests.apphelpers import keys_taken
from tests.test_meeting_screen import Host, review_session

SCREENS = Path(__file__).resolve().parent.parent / "screens"
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def burst(pilot: Pilot, *keys: str) -> None:
    """Post every key to the app at once, as a terminal does when typing outpaces the app.

    A one-character string is that character; a longer one is a key name ("enter", "backspace").
    """
    app = pilot.app
    for key in keys:
        if len(key) == 1:
            name, char = (key if key.isalnum() else _character_to_key(key)), key
        else:
            name, char = key, "\r" if key == "enter" else None
        event = events.Key(name, char)
        event.set_sender(app)
        app.post_message(event)


def typed(text: str) -> list[str]:
    """Keys for ``text``, a line break standing for Enter."""
    return ["enter" if char == "\n" else char for char in text]


async def settle(pilot: Pilot, done) -> None:  # type: ignore[no-untyped-def]
    """Wait (bounded) until ``done()`` holds and the app holds back no key of the burst, then once
    more so that nothing is still in flight."""
    for _ in range(200):
        await pilot.pause()
        if done() and not getattr(pilot.app, "holding_keys", False):
            break
    await keys_taken(pilot)


def paste(pilot: Pilot, text: str) -> None:
    """A paste as the terminal delivers it: to the app, which routes it to the focused widget."""
    pilot.app.post_message(events.Paste(text))


def pane_error(pilot: Pilot, step: str) -> str:
    return str(pilot.app.screen.query_one(f"#pane-{step} .pane-error").render())


def box(pilot: Pilot, selector: str) -> Entry:
    return pilot.app.screen.query_one(selector, Entry)


# -- typing ahead ------------------------------------------------------------------------------


async def test_notes_typed_ahead_in_one_burst_are_one_note_per_enter() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        burst(pilot, *typed("first\nsecond\nthird\n"))
        await settle(pilot, lambda: len(session.meeting.notes) >= 3)
        assert [note.text for note in session.meeting.notes] == ["first", "second", "third"]
        assert pane_error(pilot, "worked") == ""
        assert box(pilot, "#pane-worked .note-text").value == ""


async def test_keys_typed_after_enter_start_the_next_note_and_editing_keys_keep_their_place() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        burst(pilot, *typed("bikes\nvans"), "backspace", *typed("e"))
        await settle(pilot, lambda: box(pilot, "#pane-worked .note-text").value == "vane")
        assert [note.text for note in session.meeting.notes] == ["bikes"]
        assert box(pilot, "#pane-worked .note-text").value == "vane"


async def test_an_action_typed_ahead_through_what_who_and_due_lands_in_each_field() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        burst(pilot, *typed("Paint the hall\nPaul Howard\n2026-12-01\nPosters\n\n\nFlyers\nDenise Godfrey\n"))
        await settle(pilot, lambda: len(session.meeting.actions) >= 2)
        actions = session.meeting.actions
        assert [(a.text, a.owner, a.due) for a in actions] == [
            ("Paint the hall", "Paul Howard", dt.date(2026, 12, 1)),
            ("Posters", "", None),
        ]
        assert pane_error(pilot, "actions") == ""
        # The third is under way: its what and who in their boxes, the cursor in due.
        assert (box(pilot, "#action-text").value, box(pilot, "#action-owner").value) == ("Flyers", "Denise Godfrey")
        assert box(pilot, "#action-due").has_focus


async def test_tab_typed_ahead_moves_on_before_the_keys_after_it() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        burst(pilot, *typed("Paint"), "tab", *typed("Paul"), "tab", *typed("fri\n"))
        await settle(pilot, lambda: bool(session.meeting.actions))
        (action,) = session.meeting.actions
        assert (action.text, action.owner, action.due) == ("Paint", "Paul Howard", dt.date(2026, 11, 20))


async def test_a_decision_and_a_conflict_typed_ahead_keep_each_field_apart() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        burst(pilot, *typed("Share the room\nIt is free on Tuesdays\n"))
        await settle(pilot, lambda: bool(session.meeting.decisions))
        await pilot.press("f4")
        burst(pilot, *typed("Room bookings\nDenise, Paul\nA shared calendar\n"))
        await settle(pilot, lambda: bool(session.meeting.conflicts))
        (decision,) = session.meeting.decisions
        assert (decision.text, decision.why) == ("Share the room", "It is free on Tuesdays")
        (conflict,) = session.meeting.conflicts
        assert (conflict.issue, conflict.parties, conflict.way_forward) == (
            "Room bookings",
            ["Denise", "Paul"],
            "A shared calendar",
        )


async def test_a_refused_action_comes_back_to_its_boxes_with_the_reason() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        # Words are kept as a date phrase now (docs/dates.md); a slip in a plain date is still refused.
        burst(pilot, *typed("Paint the hall\nPaul\n2026-02-30\n"))
        await settle(pilot, lambda: "due" in pane_error(pilot, "actions"))
        assert session.meeting.actions == []
        assert "due:" in pane_error(pilot, "actions")
        assert [box(pilot, f"#action-{part}").value for part in ("text", "owner", "due")] == [
            "Paint the hall",
            "Paul",
            "2026-02-30",
        ]


# -- pasting -----------------------------------------------------------------------------------

PASTED = "Bikes kept them on task\r\nVans were late twice\n\nThe new rota helped"
LINES = ["Bikes kept them on task", "Vans were late twice", "The new rota helped"]
STORED = "Bikes kept them on task\nVans were late twice\n\nThe new rota helped"


async def paste_into(pilot: Pilot, selector: str) -> None:
    entry = box(pilot, selector)
    assert entry.has_focus, selector
    paste(pilot, PASTED)
    await settle(pilot, lambda: entry.value != "")
    assert entry.text == STORED
    assert entry.value == STORED.replace("\n", "⏎")  # every line in sight, in the one-line box


async def test_a_multi_line_paste_keeps_every_line_in_every_long_text_field_and_every_export() -> None:
    session = review_session()
    async with Host(session).run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await paste_into(pilot, "#pane-worked .note-text")
        await pilot.press("enter")
        await pilot.press("f4")
        await paste_into(pilot, "#conflict-issue")
        await pilot.press("enter", *"Denise", "enter")
        await paste_into(pilot, "#conflict-way")
        await pilot.press("enter")
        await pilot.press("f5")
        await paste_into(pilot, "#decision-text")
        await pilot.press("enter")
        await paste_into(pilot, "#decision-why")
        await pilot.press("enter")
        await pilot.press("f6")
        await paste_into(pilot, "#action-text")
        await pilot.press("enter", "enter", *"2026-12-01", "enter")
        await pilot.press("f7")
        box(pilot, "#health-comment").focus()
        await pilot.pause()
        await paste_into(pilot, "#health-comment")
        await pilot.press("enter")

        meeting = session.meeting
        (note,), (conflict,), (decision,), (action,) = (
            meeting.notes,
            meeting.conflicts,
            meeting.decisions,
            meeting.actions,
        )
        stored = [note.text, conflict.issue, conflict.way_forward, decision.text, decision.why, action.text]
        assert [*stored, meeting.health.comment] == [STORED] * 7

        # Each line, in its own right, in every output; and the pane's table shows the lines too.
        table_text = pilot.app.screen.query_one("#pane-worked .step-table").get_row_at(0)[-1].plain
        assert table_text.split("\n") == [*LINES[:2], "", LINES[2]]
        assert_every_line_in_every_output(meeting, count=7)


def assert_every_line_in_every_output(meeting: Meeting, *, count: int) -> None:
    markdown = render_markdown(meeting)
    text = render_text(meeting)
    for line in LINES:
        assert markdown.count(line) >= count, line
        assert text.count(line) >= count - 1, line  # the action table's cell is wrapped at 48
    (row,) = list(csv.reader(io.StringIO(spreadsheet.actions_csv(meeting_rows(meeting)))))[1:]
    assert row[0] == STORED
    (todo,) = icalendar.Calendar.from_ical(ics.meeting_ics(meeting, now=NOW)).walk("VTODO")
    assert str(todo["SUMMARY"]) == STORED
    assert Meeting.from_dict(json.loads(json.dumps(meeting.to_dict()))) == meeting


async def test_editing_a_multi_line_note_shows_its_marks_and_gives_it_back_unchanged() -> None:
    session = review_session()
    session.notes.add(STORED, step="worked")
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3", "ctrl+l", "e")
        entry = box(pilot, "#pane-worked .note-text")
        assert entry.value == STORED.replace("\n", "⏎")
        await pilot.press("enter")
        assert [note.text for note in session.meeting.notes] == [STORED]


async def test_a_multi_line_paste_into_a_one_line_field_is_joined_and_the_user_told() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f6", "enter")  # to who
        paste(pilot, "Paul\nHoward")
        await settle(pilot, lambda: box(pilot, "#action-owner").value != "")
        assert box(pilot, "#action-owner").value == "Paul Howard"
        told = pilot.app.told
        assert any("2 lines" in message and "joined" in message for message in told), told


async def test_a_paste_posted_straight_to_a_box_is_inserted_once() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        entry = box(pilot, "#pane-worked .note-text")
        entry.post_message(events.Paste("one\ntwo"))
        await settle(pilot, lambda: entry.value != "")
        assert entry.text == "one\ntwo"


async def test_the_submit_action_by_any_route_takes_the_whole_form() -> None:
    # The random-key run found Input's own submit action posting a Submitted without the form,
    # which the agenda's handler read as a KeyError: every route to submit must take the form.
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        title = box(pilot, "#item-title")
        title.text = "Bike project"
        await pilot.app.run_action("submit", title)
        await settle(pilot, lambda: any(item.title == "Bike project" for item in session.meeting.agenda))
        assert pane_error(pilot, "agenda") == ""
        assert title.value == ""


# -- every text box is an Entry ----------------------------------------------------------------


def test_no_screen_makes_a_text_box_other_than_entry() -> None:
    """A bare Input (or TextArea) would cut pastes and merge typed-ahead keys again."""
    made = []
    for path in SCREENS.rglob("*.py"):
        if path.name == "entry.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ("Input", "TextArea", "MaskedInput"):
                    made.append(f"{path.name}:{node.lineno} {name}")
    assert made == []


async def test_every_box_of_the_meeting_screen_is_an_entry_and_the_long_text_ones_keep_lines() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        boxes = list(screen.query(Input))
        assert boxes and all(isinstance(entry, Entry) for entry in boxes)
        long_text = {entry.id or "note" for entry in boxes if isinstance(entry, Entry) and entry.multiline}
        assert long_text >= {
            "note",
            "conflict-issue",
            "conflict-way",
            "decision-text",
            "decision-why",
            "action-text",
            "health-comment",
            "arising-answer",
        }
