"""The live meeting screen, driven by key presses as a facilitator would (host app, no store)."""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.app import App
from textual.widgets import ContentSwitcher, Input, OptionList, Static

from facilitator.model import (
    ActionStatus,
    Attendee,
    ConflictState,
    ConflictStyle,
    ItemStatus,
    Meeting,
    MeetingStatus,
    NoteKind,
)
from facilitator.session import Session
from screens import SCREENS_DIR
from screens.meeting import MeetingScreen
from screens.savestate import SaveState
from tests.apphelpers import KeepsNotices, finish, type_text

NOW = dt.datetime(2026, 11, 16, 14, 5)


class Host(KeepsNotices):
    CSS_PATH = SCREENS_DIR / "app.tcss"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.left: list[bool] = []

    def on_mount(self) -> None:
        self.push_screen(MeetingScreen(self.session))

    def on_meeting_screen_leave(self, message: MeetingScreen.Leave) -> None:
        self.left.append(message.finished)


def review_session() -> Session:
    meeting = Meeting(
        "Youth Resource Centre & Youth Offending Team",
        dt.date(2026, 11, 16),
        start=dt.time(14, 0),
        attendees=[
            Attendee("Denise Godfrey", "Youth Service", "youth officer", chair=True),
            Attendee("Paul Howard", "Youth Offending Team", "YOT worker"),
        ],
    )
    return Session(meeting, now=lambda: NOW)


def pane_error(app: App[None], step: str) -> str:
    return str(app.screen.query_one(f"#pane-{step} .pane-error", Static).render())


async def test_agenda_items_are_added_and_the_current_one_marked() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        for title in ("Poster project", "Bike project"):
            await type_text(pilot, title)
            await pilot.press("enter")
        await pilot.press("ctrl+l", "down", "space")  # to the table, second row, start it
        assert [item.title for item in session.meeting.agenda] == ["Poster project", "Bike project"]
        assert session.meeting.agenda[1].status is ItemStatus.CURRENT
        await pilot.press("f3")
        await type_text(pilot, "Bikes keep them on task")
        await pilot.press("enter")
        assert session.meeting.notes[0].agenda_item == session.meeting.agenda[1].id


async def test_what_worked_is_type_and_enter_with_one_key_for_who_and_one_for_did_not() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await type_text(pilot, "Good equipment")
        await pilot.press("enter", "ctrl+r")
        await type_text(pilot, "Young people arrive early")
        await pilot.press("enter", "ctrl+t")
        await type_text(pilot, "Too distracting in the open session")
        await pilot.press("enter")
        notes = session.meeting.notes
        assert [(n.raised_by, n.kind) for n in notes] == [
            ("Denise Godfrey", NoteKind.WORKED),
            ("Paul Howard", NoteKind.WORKED),
            ("Paul Howard", NoteKind.DID_NOT_WORK),
        ]
        assert pilot.app.screen.query_one("#pane-worked .note-text", Input).value == ""


async def test_a_conflict_is_recorded_and_settled_by_compromise() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        await type_text(pilot, "Room use in opening hours")
        await pilot.press("enter")
        await type_text(pilot, "Youth Service, Youth Offending Team")
        await pilot.press("enter")
        await type_text(pilot, "Poster work outside opening hours")
        await pilot.press("enter", "4")  # the table has focus: 4 is compromising
        [conflict] = session.meeting.conflicts
        assert conflict.parties == ["Youth Service", "Youth Offending Team"]
        assert conflict.style is ConflictStyle.COMPROMISING
        assert conflict.state is ConflictState.WAY_FORWARD_AGREED
        await pilot.press("x")
        assert conflict.state is ConflictState.CLOSED


async def test_actions_take_an_owner_from_the_attendees_and_a_relative_due_date() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await type_text(pilot, "Book the art room")
        await pilot.press("enter", "ctrl+r", "ctrl+r", "enter")  # Denise, then Paul
        await type_text(pilot, "+2w")
        await pilot.press("enter")
        await type_text(pilot, "Look into funding")
        await pilot.press("enter", "enter", "enter")  # no owner, no date: flagged, not refused
        await type_text(pilot, "Write up the bike project")
        await pilot.press("enter")
        await type_text(pilot, "den")  # the first letters of an attendee are enough
        await pilot.press("tab")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        first, second, third = session.meeting.actions
        assert (first.owner, first.due) == ("Paul Howard", dt.date(2026, 11, 30))
        assert session.actions.flags(second) == ["no owner", "no due date"]
        assert (third.owner, third.due) == ("Denise Godfrey", dt.date(2026, 11, 20))
        await pilot.press("ctrl+l", "up", "space")  # second action highlighted: open → done
        assert second.status is ActionStatus.DONE


async def test_an_impossible_due_date_is_shown_beside_the_form_and_nothing_is_added() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await type_text(pilot, "Book the room")
        await pilot.press("enter", "enter")
        await type_text(pilot, "2026-02-30")
        await pilot.press("enter")
        assert session.meeting.actions == []
        assert "not a real date" in pane_error(pilot.app, "actions")
        assert pilot.app.screen.query_one("#action-text", Input).value == "Book the room"  # nothing typed is lost


async def test_undo_takes_back_the_last_edit_and_redo_puts_it_back() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        for text in ("first", "second"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("ctrl+z")
        assert [n.text for n in session.meeting.notes] == ["first"]
        await pilot.press("ctrl+y")
        assert [n.text for n in session.meeting.notes] == ["first", "second"]
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        assert session.meeting.notes == []


async def test_steps_move_with_one_key_in_any_order_and_are_ticked() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        switcher = pilot.app.screen.query_one("#panes", ContentSwitcher)
        await pilot.press("ctrl+n")
        assert switcher.current == "pane-worked"
        await pilot.press("f7")
        assert switcher.current == "pane-close"
        await pilot.press("ctrl+b", "ctrl+b")
        assert switcher.current == "pane-decisions"
        assert session.meeting.visited_steps == ["agenda", "worked", "close", "actions", "decisions"]
        steps = pilot.app.screen.query_one("#step-list", OptionList)
        assert str(steps.get_option_at_index(1).prompt).startswith("✓")


async def test_at_60_by_20_the_step_list_folds_away_and_capture_still_works() -> None:
    session = review_session()
    async with Host(session).run_test(size=(60, 20)) as pilot:
        screen = pilot.app.screen
        assert not screen.query_one("#step-list").display
        await pilot.press("f3")
        await type_text(pilot, "Still works when small")
        await pilot.press("enter")
        assert session.meeting.notes[0].text == "Still works when small"
        assert "2/6 What worked" in str(screen.query_one("#clock-text", Static).render())
        assert screen.query_one("#pane-worked .note-text", Input).region.bottom <= 20


async def test_close_keeps_what_was_typed_without_enter_and_refuses_a_review_date_that_is_not_one() -> None:
    session = review_session()
    host = Host(session)
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("f7")
        pilot.app.screen.query_one("#health-comment", Input).focus()
        await type_text(pilot, "Trust has grown")
        await pilot.press("tab")  # leaving the field keeps the words
        assert session.meeting.health.comment == "Trust has grown"
        await type_text(pilot, "2027-02-30")
        await pilot.press("ctrl+f")  # not a real date: Finish waits and says why
        assert host.left == [] and session.meeting.status is MeetingStatus.IN_PROGRESS
        assert "not a real date" in pane_error(pilot.app, "close")
        review = pilot.app.screen.query_one("#next-review", Input)
        assert review.value == "2027-02-30"  # kept to be corrected
        review.value = "+6m"
        assert "no-next-review" not in await finish(pilot)  # the date typed counts
        assert host.left == [True] and session.meeting.status is MeetingStatus.CLOSED
        assert session.meeting.next_review == dt.date(2027, 5, 16)


async def test_a_health_comment_typed_without_enter_goes_home_with_the_meeting() -> None:
    session = review_session()
    host = Host(session)
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("f7")
        pilot.app.screen.query_one("#health-comment", Input).focus()
        await type_text(pilot, "Trust has grown")
        await pilot.press("escape")
        assert host.left == [False]
        assert session.meeting.health.comment == "Trust has grown"


async def test_escape_leaves_for_home_without_finishing() -> None:
    session = review_session()
    host = Host(session)
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")
        assert host.left == [False]
        assert not session.meeting.is_closed


async def test_the_save_state_stays_in_sight_beside_a_long_item_title_at_60_columns() -> None:
    session = review_session()
    session.agenda.add("Review of the reparation scheme with the neighbourhood watch and the council", 20)
    session.agenda.start(session.meeting.agenda[0].id)
    async with Host(session).run_test(size=(60, 20)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        state = screen.query_one("#save-state", Static)
        assert str(state.render()) == "Not saved yet"
        screen.save_state = SaveState("saved", at=NOW)
        await pilot.pause()
        assert str(state.render()) == "Saved 14:05:00"
        assert state.region.right <= 60 and state.region.width >= len("Saved 14:05:00")
        screen.save_state = SaveState("failed", error="disk full")
        await pilot.pause()
        assert str(state.render()) == "NOT SAVED: retrying"
        assert state.region.right <= 60


def table_notes(app: App[None]) -> list[str]:
    from textual.widgets import DataTable

    table = app.screen.query_one("#pane-worked .step-table", DataTable)
    return [str(table.get_row_at(index)[-1]) for index in range(table.row_count)]


async def test_the_notes_table_follows_every_kind_of_edit_not_only_additions() -> None:
    # The table adds only new rows when the rest is unchanged; an edit, a removal, an undo, a
    # change made on another step, must still show as the meeting now stands.
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        for text in ("Bike group arrive early", "Cooking brought a girl back"):
            await type_text(pilot, text)
            await pilot.press("enter")
        assert table_notes(pilot.app) == ["Bike group arrive early", "Cooking brought a girl back"]
        await pilot.press("ctrl+l", "up", "e")  # edit the first note
        await pilot.press("ctrl+u")
        await type_text(pilot, "Bike group arrive early, every week")
        await pilot.press("enter")
        assert table_notes(pilot.app) == ["Bike group arrive early, every week", "Cooking brought a girl back"]
        await pilot.press("ctrl+l", "delete")
        assert len(table_notes(pilot.app)) == 1
        await pilot.press("ctrl+z")
        assert len(table_notes(pilot.app)) == 2
        await pilot.press("f2")
        session.notes.remove(session.meeting.notes[0].id)  # while another step is in sight
        await pilot.press("f3")
        assert table_notes(pilot.app) == [note.text for note in session.meeting.notes]


async def test_a_tip_appears_with_its_reason_and_ctrl_g_puts_it_away_for_the_meeting() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        tip = pilot.app.screen.query_one("#nudge", Static)
        assert not tip.display  # nothing to say about an empty meeting on its agenda
        await pilot.press("f6")
        await type_text(pilot, "Book the room")
        await pilot.press("enter", "enter", "enter")  # no owner, no due date: flagged, not refused
        assert tip.display
        shown = str(tip.render())
        assert "‘Book the room’ has no owner or due date" in shown
        assert "Why: " in shown and "ctrl+g put away" in shown
        # A second action with the same gaps: still one tip, which counts them.
        await type_text(pilot, "Ring Paul")
        await pilot.press("enter", "enter", "enter")
        shown = str(tip.render())
        assert shown.startswith("Tip: 2 actions have no due date; 2 actions have no owner")
        await pilot.press("ctrl+g")
        assert session.meeting.dismissed == ["action-incomplete"]
        assert not tip.display
        await pilot.press("ctrl+z")  # put away by mistake: it comes back
        assert session.meeting.dismissed == [] and len(session.meeting.actions) == 2
        assert tip.display
        await pilot.press("ctrl+g")
        # The rule is put away, not one action: a third action with the same gap brings no tip.
        await type_text(pilot, "Ask the school")
        await pilot.press("enter", "enter", "enter")
        assert len(session.meeting.actions) == 3 and not tip.display


async def test_a_one_megabyte_paste_is_refused_with_a_reason_and_kept_in_the_box() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        entry = pilot.app.screen.query_one("#pane-worked .note-text", Input)
        pasted = "Bike group " + "x" * 1_000_000
        entry.post_message(events.Paste(pasted))
        await pilot.pause()
        assert entry.value == pasted
        await pilot.press("enter")
        assert session.meeting.notes == []
        assert "1,000,011 characters long; the limit is 10,000" in pane_error(pilot.app, "worked")
        assert entry.value == pasted  # nothing typed is thrown away: it can be cut down and entered
