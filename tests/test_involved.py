"""People "also involved": named in the meeting but not in the room.

They may own actions and are listed apart in the minutes; they are never partners present,
speakers, apologies or attendees in a list of meetings. The sweeps here go through every place
that reads a meeting's people, in the core and on the meeting screen's every step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.app import App

from facilitator import people
from facilitator.exporters.formats import FORMATS, MeetingExport
from facilitator.model import Action, Attendance, Attendee, Meeting, ValidationError
from facilitator.partnerships import profiles
from facilitator.readmodels import summary
from facilitator.search import SearchIndex
from facilitator.session import Session
from screens import SCREENS_DIR
from screens.meeting import MeetingScreen
from tests.apphelpers import KeepsNotices, type_text
from tests.conftest import review_meeting
from tests.test_markup import screen_text

SAM = "Sam Reed"
NOW = dt.datetime(2026, 11, 16, 14, 5)


def with_sam(**changes: Any) -> Meeting:
    """The review, with a housing officer named in it (not in the room) and one apology."""
    meeting = review_meeting(**changes)
    meeting.attendees += [
        Attendee("Jo Bell", "Housing Association", "manager", attendance=Attendance.APOLOGIES),
        Attendee(SAM, "Housing Association", "housing officer", attendance=Attendance.INVOLVED, email="sam@ha.org"),
    ]
    meeting.validate()
    return meeting


# --- the model ------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["", "sam@ha.org", "sam.reed+yot@council.gov.uk", "  sam@ha.org  "])
def test_an_email_address_is_optional_and_checked_loosely(address: str) -> None:
    assert Attendee(SAM, email=address).email == address.strip()


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("sam at ha.org", "has a space in it"),
        ("sam reed@ha.org", "has a space in it"),
        ("sam@@ha.org", "not an email address (one @"),
        ("sam@ha@org", "not an email address (one @"),
        ("samha.org", "not an email address (one @"),
        ("@ha.org", "not an email address (one @"),
        ("sam@", "not an email address (one @"),
        ("sam\x1b[31m@ha.org", "control character"),
        ("a" * 250 + "@ha.org", "at most 254"),
    ],
)
def test_a_bad_email_address_is_refused_with_a_clear_message(address: str, said: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Attendee(SAM, email=address)
    assert refused.value.field_path == "email"
    assert said in str(refused.value)
    assert "\x1b" not in str(refused.value)  # the message is fit to show as it is


def test_a_schema_6_attendee_without_an_email_still_reads_and_the_new_fields_round_trip() -> None:
    data = review_meeting().to_dict()
    for attendee in data["attendees"]:
        del attendee["email"]
    assert all(a.email == "" for a in Meeting.from_dict(data).attendees)
    meeting = with_sam()
    assert Meeting.from_dict(meeting.to_dict()) == meeting


def test_the_also_involved_are_not_present_not_apologies_and_not_partners() -> None:
    meeting = with_sam()
    assert [a.name for a in meeting.present] == ["Denise Godfrey", "Paul Howard"]
    assert [a.name for a in meeting.apologies] == ["Jo Bell"]
    assert [a.name for a in meeting.involved] == [SAM]
    assert meeting.partners == ["Youth Service", "Youth Offending Team"]  # not the Housing Association


# --- the core: every reader of a meeting's people ---------------------------------------------


def test_notes_are_credited_only_to_those_present() -> None:
    meeting = with_sam()
    assert SAM not in people.speakers(meeting)
    seen, current = [], ""
    for _ in range(6):
        current = people.next_speaker(meeting, current)
        seen.append(current)
    assert SAM not in seen and "Jo Bell" not in seen


def test_the_also_involved_can_own_actions_by_initials_and_by_the_owner_cycle() -> None:
    meeting = with_sam()
    assert people.attendee_named(meeting, "sam") == SAM
    assert people.attendee_named(meeting, "reed") == SAM
    assert people.owners(meeting) == ["Denise Godfrey", "Paul Howard", SAM]
    assert people.next_owner(meeting, "Paul Howard") == SAM
    assert people.next_owner(meeting, SAM) == ""


def test_an_owner_nobody_listed_has_is_offered_and_a_known_one_is_not() -> None:
    meeting = with_sam()
    assert people.unknown_owner(meeting, "  Kim   Lane ") == "Kim Lane"
    assert people.unknown_owner(meeting, "sam reed") == ""
    assert people.unknown_owner(meeting, "Jo Bell") == ""
    assert people.unknown_owner(meeting, "  ") == ""
    meeting.attendees.append(Attendee("Pat Reed"))
    assert people.attendee_named(meeting, "Reed") == "Reed"  # Sam Reed or Pat Reed: not settled
    assert people.unknown_owner(meeting, "Reed") == ""  # so not offered as somebody new


def test_a_decision_takes_positions_only_from_the_partners_present() -> None:
    session = Session(with_sam(), now=lambda: NOW)
    decision = session.decisions.add("Share the housing list")
    assert [stance.partner for stance in decision.positions] == ["Youth Service", "Youth Offending Team"]


def test_someone_named_during_the_meeting_is_added_as_also_involved_and_undone_in_one_step() -> None:
    session = Session(review_meeting(), now=lambda: NOW)
    session.people.add_involved("Kim Lane", email="kim@ha.org")
    kim = session.meeting.attendees[-1]
    assert (kim.name, kim.attendance, kim.email) == ("Kim Lane", Attendance.INVOLVED, "kim@ha.org")
    with pytest.raises(ValidationError, match="already listed"):
        session.people.add_involved("kim lane")
    assert session.undo() is not None
    assert [a.name for a in session.meeting.attendees] == ["Denise Godfrey", "Paul Howard"]


@pytest.mark.parametrize("name", ["md", "txt"])
def test_the_minutes_list_the_also_involved_apart_and_nowhere_else(name: str) -> None:
    """A sweep: Sam owns nothing and said nothing, so every section that names him wrongly shows up."""
    meeting = with_sam()
    meeting.health.by_partner = []
    rendered = FORMATS[name].meeting(MeetingExport(meeting, NOW))  # type: ignore[misc]
    assert isinstance(rendered, str)
    assert rendered.count(SAM) == 1, rendered
    assert "Also involved:" in rendered
    assert "Sam Reed (Housing Association, housing officer)" in rendered
    present = rendered.split("Present:")[1].split("Apologies:")[0]
    apologies = rendered.split("Apologies:")[1].split("Also involved:")[0]
    assert SAM not in present and SAM not in apologies and "Jo Bell" in apologies


def test_the_minutes_say_nothing_of_also_involved_when_there_is_nobody() -> None:
    rendered = FORMATS["md"].meeting(MeetingExport(review_meeting(), NOW))  # type: ignore[misc]
    assert "involved" not in str(rendered).casefold()


def test_an_action_owned_by_someone_also_involved_carries_their_organisation() -> None:
    from facilitator.readmodels import action_row

    meeting = with_sam()
    meeting.actions.append(Action("Send the names", SAM))
    assert action_row(meeting, meeting.actions[-1]).organisation == "Housing Association"


def test_lists_of_meetings_name_the_attendees_not_the_also_involved_but_search_finds_them() -> None:
    document = with_sam().to_dict()
    assert summary(document).attendees == ("Denise Godfrey", "Paul Howard", "Jo Bell")
    assert SearchIndex.build([document]).search(f'who:"{SAM}"') == [document["id"]]


def test_the_next_meeting_brings_the_also_involved_forward_as_also_involved() -> None:
    (profile,) = profiles([with_sam()])
    attendance = {a.name: a.attendance for a in profile.attendees}
    assert attendance == {
        "Denise Godfrey": Attendance.PRESENT,
        "Paul Howard": Attendance.PRESENT,
        "Jo Bell": Attendance.PRESENT,  # apologies last time say nothing of this time
        SAM: Attendance.INVOLVED,
    }
    assert next(a for a in profile.attendees if a.name == SAM).email == "sam@ha.org"


# --- the meeting screen: every step ----------------------------------------------------------


class Host(KeepsNotices):
    CSS_PATH = SCREENS_DIR / "app.tcss"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.push_screen(MeetingScreen(self.session))


async def test_no_step_of_the_meeting_screen_shows_the_also_involved_as_a_partner_or_speaker() -> None:
    """A sweep: every step of the review, and the health check's every partner view, without Sam."""
    meeting = with_sam()
    meeting.decisions.clear()
    session = Session(meeting, now=lambda: NOW)
    session.decisions.add("Share the housing list")
    app: App[None] = Host(session)
    async with app.run_test(size=(100, 30)) as pilot:
        for number in range(1, len(session.steps) + 1):
            app.screen.action_step_number(number)  # type: ignore[attr-defined]
            await pilot.pause()
            step = session.step
            assert SAM not in screen_text(app), f"{step.key} shows {SAM}"
            if step.kind == "close":
                for _ in range(4):  # together, then each partner's own view, then together again
                    await pilot.press("ctrl+r")
                    assert SAM not in screen_text(app), "the health check offers Sam a view"
                    assert "Housing Association" not in screen_text(app)


def test_a_stored_step_whose_key_is_not_text_is_skipped_by_the_raw_readers() -> None:
    """Found when the email field shifted tests/test_readers.py's sample: a dict key raised TypeError."""
    from facilitator.document_schema import items_of_kind

    document = review_meeting().to_dict()
    actions = next(step for step in document["steps"] if step["kind"] == "actions")
    actions["key"] = {}
    assert items_of_kind(document, "actions") == []


# --- set up ------------------------------------------------------------------------------------


def setup_host() -> Any:
    from tests.test_setup_screen import Host as SetupHost

    return SetupHost()


async def test_set_up_adds_someone_also_involved_apart_with_their_email() -> None:
    from textual.widgets import DataTable

    host = setup_host()
    async with host.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Youth Centre & Housing")
        await pilot.press("enter")
        await type_text(pilot, "Denise Godfrey")
        await pilot.press("enter", "enter", "enter")  # no organisation, no role: added
        host.screen.query_one("#involved-name").focus()
        await pilot.pause()
        await type_text(pilot, SAM)
        await pilot.press("enter")
        await type_text(pilot, "Housing Association")
        await pilot.press("enter", "enter")  # no role
        await type_text(pilot, "sam at ha.org")
        await pilot.press("enter")
        assert "has a space in it" in str(host.screen.query_one("#involved-error").render())
        assert host.screen.query_one("#involved-email").value == "sam at ha.org"  # nothing typed is lost
        assert host.screen.query_one("#involved-name").value == SAM
        host.screen.query_one("#involved-email").value = "sam@ha.org"
        host.screen.query_one("#involved-email").focus()
        await pilot.pause()
        await pilot.press("enter")
        assert host.screen.query_one("#involved", DataTable).row_count == 1
        assert host.screen.query_one("#attendees", DataTable).row_count == 1  # shown apart
        await pilot.press("ctrl+s")
        [meeting] = host.results
        sam = meeting.attendees[1]
        assert (sam.name, sam.organisation, sam.attendance, sam.email) == (
            SAM,
            "Housing Association",
            Attendance.INVOLVED,
            "sam@ha.org",
        )
        assert [a.name for a in meeting.present] == ["Denise Godfrey"] and meeting.chair is meeting.attendees[0]


async def test_set_up_cycles_attendance_to_also_involved_and_back_and_sets_anyones_email() -> None:
    from textual.widgets import DataTable

    host = setup_host()
    async with host.run_test(size=(60, 20)) as pilot:
        await type_text(pilot, "Youth Centre & Housing")
        await pilot.press("enter")
        for name in ("Denise Godfrey", "Paul Howard"):
            await type_text(pilot, name)
            await pilot.press("enter", "enter", "enter")
        table = host.screen.query_one("#attendees", DataTable)
        table.focus()
        await pilot.pause()
        await pilot.press("a")  # Denise, the chair: apologies
        assert "apologies" in str(table.get_row_at(0)[4])
        await pilot.press("a")  # also involved: off to the other table, and the chair passes to Paul
        involved = host.screen.query_one("#involved", DataTable)
        assert (table.row_count, involved.row_count) == (1, 1)
        assert "Denise Godfrey" in str(involved.get_row_at(0)[0])
        await pilot.press("e")  # Paul's email
        await type_text(pilot, "paul@yot.gov.uk")
        await pilot.press("enter")
        assert table.has_focus
        involved.focus()
        await pilot.pause()
        await pilot.press("e")
        await type_text(pilot, "denise@@ys")
        await pilot.press("enter")
        assert "not an email address" in str(host.screen.query_one("#involved-error").render())
        await pilot.press("escape")  # puts the box away; the set up stays
        assert host.results == [] and involved.has_focus
        await pilot.press("a")  # back to present
        assert involved.row_count == 0 and table.row_count == 2
        await pilot.press("ctrl+s")
        [meeting] = host.results
        denise, paul = meeting.attendees
        assert (paul.name, paul.email, paul.chair) == ("Paul Howard", "paul@yot.gov.uk", True)
        assert (denise.name, denise.attendance, denise.email, denise.chair) == ("Denise Godfrey", "present", "", False)


# --- an owner nobody listed has: offered, never refused ------------------------------------------


async def test_an_unknown_owner_is_offered_as_also_involved_yes_adds_them_and_no_changes_nothing() -> None:
    from screens.involved import AddInvolvedScreen

    session = Session(review_meeting(), now=lambda: NOW)
    app = Host(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await type_text(pilot, "Send the list of names")
        await pilot.press("enter")
        await type_text(pilot, SAM)
        await pilot.press("enter", "enter")  # no date
        assert isinstance(app.screen, AddInvolvedScreen)
        question = app.screen.query_one("#involved-question")
        assert str(question.render()) == f"Add {SAM} as also involved? y/n"
        await pilot.pause()
        assert f"Add {SAM} as also involved? y/n" in screen_text(app)  # drawn, not just made
        await pilot.press("x")  # not an answer: the question waits
        assert isinstance(app.screen, AddInvolvedScreen)
        await pilot.press("y")
        assert [(a.name, a.attendance) for a in session.meeting.involved] == [(SAM, Attendance.INVOLVED)]
        assert session.meeting.actions[-1].owner == SAM
        await type_text(pilot, "Design the leaflet")  # the form is ready for the next action
        await pilot.press("enter")
        await type_text(pilot, "Kim")
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, AddInvolvedScreen)
        await pilot.press("n")
        assert not isinstance(app.screen, AddInvolvedScreen)
        assert session.meeting.actions[-1].owner == "Kim"  # kept as typed, never refused
        assert [a.name for a in session.meeting.involved] == [SAM]
        await type_text(pilot, "Print it")
        await pilot.press("enter")
        await type_text(pilot, "sam")  # the first letters of someone also involved are enough now
        await pilot.press("enter", "enter")
        assert not isinstance(app.screen, AddInvolvedScreen)
        assert session.meeting.actions[-1].owner == SAM
        await type_text(pilot, "Tell the others")
        await pilot.press("enter", "ctrl+r", "ctrl+r", "ctrl+r")  # Denise, Paul, then Sam
        assert app.screen.query_one("#action-owner").value == SAM


async def test_a_new_owner_in_matters_arising_is_offered_as_also_involved() -> None:
    from facilitator.model import ArisingAction
    from screens.involved import AddInvolvedScreen

    meeting = review_meeting()
    meeting.arising = [ArisingAction("a1", "m0", "Ask the housing team for names", owner="Paul Howard")]
    meeting.validate()
    session = Session(meeting, now=lambda: NOW)
    app = Host(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        table = app.screen.query_one("#arising-table")
        table.focus()
        await pilot.pause()
        await pilot.press("p")
        await type_text(pilot, f"{SAM} +2w")
        await pilot.press("enter")
        assert isinstance(app.screen, AddInvolvedScreen)
        await pilot.press("escape")  # no: the re-plan stands, nobody is added
        assert session.meeting.arising[0].new_owner == SAM
        assert session.meeting.involved == []


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
async def test_the_offer_fits_the_screen_and_shows_a_name_with_markup_as_typed(size: tuple[int, int]) -> None:
    from screens.involved import AddInvolvedScreen

    name = "Samantha [b]Reed-Fotheringham[/b] of the Housing Association"
    app: App[None] = Host(Session(review_meeting(), now=lambda: NOW))
    async with app.run_test(size=size) as pilot:
        app.push_screen(AddInvolvedScreen(name))
        await pilot.pause()
        question = app.screen.query_one("#involved-question")
        assert str(question.render()) == f"Add {name} as also involved? y/n"
        region = question.region
        assert region.x >= 0 and region.right <= size[0] and region.bottom <= size[1]
        assert region.width >= 20  # wrapped inside the box, not cut to nothing


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
def test_snapshot_of_the_offer(snap_compare: Any, size: tuple[int, int]) -> None:
    from screens.involved import AddInvolvedScreen

    async def run_before(pilot: Any) -> None:
        pilot.app.push_screen(AddInvolvedScreen(SAM))
        await pilot.pause()

    session = Session(review_meeting(), clock=lambda: 1000.0, now=lambda: NOW)  # timers stand still
    assert snap_compare(Host(session), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
def test_snapshot_of_set_up_with_someone_also_involved(snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        screen = pilot.app.screen
        screen.attendees += [
            Attendee("Denise Godfrey", "Youth Service", "youth officer", chair=True, email="denise@ys.org"),
            Attendee(SAM, "Housing Association", "housing officer", attendance=Attendance.INVOLVED),
        ]
        screen._draw_attendees()
        screen.query_one("#involved").focus()
        await pilot.pause()
        for entry in screen.query("Input"):
            entry.cursor_blink = False
        await pilot.pause()

    assert snap_compare(setup_host(), terminal_size=size, run_before=run_before)
