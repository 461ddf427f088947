"""Setting up a meeting by keys: bad input is shown beside its field; a known partnership is brought forward."""

from __future__ import annotations

import datetime as dt

from textual.app import App
from textual.widgets import DataTable, Input, Static

from facilitator.model import Attendance, ItemStatus, Meeting
from facilitator.partnerships import PartnershipProfile, profiles
from facilitator.templates import load_catalogue
from screens import SCREENS_DIR
from screens.keyorder import KeysInOrder
from screens.setup import SetupScreen
from tests.apphelpers import send, type_text, wait_until
from tests.conftest import review_meeting


class Host(KeysInOrder):
    CSS_PATH = SCREENS_DIR / "app.tcss"

    def __init__(self, partnerships: list[PartnershipProfile] | None = None) -> None:
        super().__init__()
        self.partnerships = partnerships or []
        self.results: list[Meeting | None] = []

    def on_mount(self) -> None:
        templates = list(load_catalogue(None).templates.values())
        screen = SetupScreen(
            self.partnerships, templates, today=dt.date(2026, 11, 23), now=dt.datetime(2026, 11, 23, 14, 0)
        )
        self.push_screen(screen, callback=self.results.append)


def error(app: App[None], name: str) -> str:
    return str(app.screen.query_one(f"#{name}-error", Static).render())


def typed(app: App[None], name: str) -> str:
    return app.screen.query_one(f"#{name}", Input).value


async def test_starting_with_nothing_filled_in_says_what_is_missing_beside_each_field() -> None:
    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+s")
        assert host.results == []
        assert "Give the partnership a name" in error(host, "partnership")
        assert "Add at least one attendee" in error(host, "attendees")
        assert host.screen.query_one("#setup-partnership", Input).has_focus  # the first field in error


async def test_an_empty_attendee_name_is_refused_and_nothing_is_added() -> None:
    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # from the partnership to the attendee's name
        await pilot.press("space", "space", "enter")
        await type_text(pilot, "Youth Service")
        await pilot.press("enter", "enter")
        assert "name: must not be empty" in error(host, "attendees")
        assert host.screen.query_one("#attendees", DataTable).row_count == 0
        assert typed(host, "attendee-organisation") == "Youth Service"  # nothing typed is lost


async def test_an_impossible_date_is_shown_beside_the_date_and_the_meeting_waits() -> None:
    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Youth Centre & YOT")
        await pilot.press("enter")
        await type_text(pilot, "Denise Godfrey")
        await pilot.press("enter", "enter", "enter", "tab", "tab", "tab", "tab")
        await pilot.press("end", *["backspace"] * 10)  # clear today's date
        await type_text(pilot, "2026-02-30")
        await pilot.press("ctrl+s")
        assert host.results == []
        assert "not a real date" in error(host, "date")
        assert typed(host, "setup-date") == "2026-02-30"
        assert typed(host, "setup-partnership") == "Youth Centre & YOT"


async def test_a_name_typed_but_not_added_is_kept_when_the_meeting_starts() -> None:
    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Youth Centre & YOT")
        await pilot.press("enter")
        await type_text(pilot, "Gillian")
        await pilot.press("ctrl+s")
        [meeting] = host.results
        assert meeting is not None
        assert [(a.name, a.chair) for a in meeting.attendees] == [("Gillian", True)]
        assert meeting.date == dt.date(2026, 11, 23) and meeting.start == dt.time(14, 0)


async def test_a_known_partnership_brings_forward_its_people_venue_and_agenda() -> None:
    known = profiles([review_meeting()])
    host = Host(known)
    async with host.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "youth resource centre & youth offending team")  # any case
        await pilot.press("enter")
        assert "Known partnership" in str(host.screen.query_one("#partnership-hint", Static).render())
        await pilot.press("tab", "tab", "tab")  # to the attendees table
        await pilot.press("down", "c", "up", "a")  # Paul chairs; Denise sends apologies
        await pilot.press("ctrl+s")
        [meeting] = host.results
        assert meeting is not None
        assert meeting.partnership == "Youth Resource Centre & Youth Offending Team"
        assert meeting.venue == "Youth Resource Centre"
        assert [(a.name, a.chair, a.attendance) for a in meeting.attendees] == [
            ("Denise Godfrey", False, Attendance.APOLOGIES),
            ("Paul Howard", True, Attendance.PRESENT),
        ]
        assert [(item.title, item.status) for item in meeting.agenda] == [
            ("Poster project", ItemStatus.PENDING),
            ("Bike project", ItemStatus.PENDING),
        ]


async def test_delete_removes_the_highlighted_attendee() -> None:
    host = Host(profiles([review_meeting()]))
    async with host.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Youth Resource Centre & Youth Offending Team")
        await pilot.press("enter", "tab", "tab", "tab", "delete")
        await pilot.press("ctrl+s")
        [meeting] = host.results
        assert meeting is not None
        assert [a.name for a in meeting.attendees] == ["Paul Howard"]


async def test_escape_cancels_without_a_meeting() -> None:
    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")
        assert host.results == [None]


async def test_at_60_by_20_a_meeting_is_still_set_up_by_keys_and_start_is_reachable() -> None:
    host = Host()
    async with host.run_test(size=(60, 20)) as pilot:
        await type_text(pilot, "Youth Centre & YOT")
        await pilot.press("enter")
        await type_text(pilot, "Denise Godfrey")
        await pilot.press("enter", "enter", "enter", "tab", "tab", "tab", "tab", "enter", "enter")
        await type_text(pilot, "Youth Resource Centre")
        # Past the purpose, the also-involved boxes (name, organisation, role, email) and their table, to the button.
        await pilot.press("enter", *["tab"] * 6)
        button = host.screen.query_one("#setup-start-button")
        assert button.has_focus
        assert button.region.bottom <= 20  # scrolled into view
        await pilot.press("enter")
        [meeting] = host.results
        assert meeting is not None and meeting.venue == "Youth Resource Centre"


async def test_ctrl_s_typed_straight_after_enter_adds_that_person_and_starts_the_meeting() -> None:
    # Found in tmux (60x20): keys sent in one burst, ctrl+s just after Enter in the role box, and the
    # meeting did not start, with nothing said.
    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        await send(pilot, [*"Burst", "tab", *"Ann", "tab", "tab", "enter", *"Bo", "tab", "tab", "enter", "ctrl+s"])
        await wait_until(pilot, lambda: bool(host.results), "the meeting never started")
        meeting = host.results[0]
        assert meeting is not None
        assert [person.name for person in meeting.attendees] == ["Ann", "Bo"]
