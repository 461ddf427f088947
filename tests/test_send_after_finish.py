"""At the end of Finish: "Send the minutes?", the export picker with the circulation copy first.

A choice opens the minutes asking where to write it; Esc lands on the home screen, as Finish did
before it offered anything.
"""

from __future__ import annotations

import email
from email.policy import default
from pathlib import Path

import html5lib
from textual.widgets import Input, OptionList, Static

from facilitator.model import Action, Attendee, CopyKind, MeetingStatus, Note
from facilitator.tinydb_store import Store
from screens.closing_review import ClosingReviewScreen
from screens.export_picker import ExportPicker, choice_for
from screens.home import HomeScreen
from screens.meeting import STEP_KEYS
from screens.minutes import MinutesScreen
from tests.apphelpers import (
    NOW,
    in_progress_meeting,
    make_app,
    skip_sending,
    type_text,
    wait_for_store,
    wait_for_workers,
    wait_until,
)

SECRET = "J. Smith, 15, is known to the YOT"
SECRET_ACTION = "Call J. Smith's social worker"
PUBLIC = "The bike group arrive early"


def stored_meeting(db_path: Path) -> str:
    """A meeting in progress with one confidential note and one confidential action; its id."""
    meeting = in_progress_meeting()
    meeting.attendees[0] = Attendee(
        "Denise Godfrey", "Youth Service", "youth officer", chair=True, email="denise@example.org"
    )
    meeting.add_note(Note(PUBLIC, raised_by="Paul Howard"))
    meeting.add_note(Note(SECRET, raised_by="Paul Howard", confidential=True))
    meeting.actions.append(Action(SECRET_ACTION, "Paul Howard", confidential=True))
    with Store(db_path) as store:
        store.save(meeting)
    return meeting.id


async def finish_to_the_picker(pilot) -> ExportPicker:  # type: ignore[no-untyped-def]
    """Resume the meeting, Finish past the closing review; the picker that follows."""
    await wait_for_store(pilot)
    await pilot.press("r")
    await wait_for_workers(pilot)
    session = pilot.app.session
    assert session is not None
    close = next(index for index, step in enumerate(session.steps) if step.key == "close")
    await pilot.press(STEP_KEYS[close], "ctrl+f")  # Finish is a key of the close step
    if isinstance(pilot.app.screen, ClosingReviewScreen):
        await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportPicker), "the picker after Finish")
    picker = pilot.app.screen
    assert isinstance(picker, ExportPicker)
    return picker


async def test_finish_offers_the_circulation_copy_first_and_writes_and_records_it(
    db_path: Path, tmp_path: Path
) -> None:
    meeting_id = stored_meeting(db_path)
    target = tmp_path / "to-send.eml"
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await finish_to_the_picker(pilot)
        assert str(picker.query_one(".section-title", Static).render()) == "Send the minutes?"
        options = picker.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == (
            "For circulation (2 confidential items left out); recorded as circulated"
        )
        with Store(db_path, readonly=True) as store:  # stored closed before anything is asked
            assert store.get(meeting_id).status is MeetingStatus.CLOSED
        await pilot.press("enter")  # the first line: the e-mail draft of the circulation copy
        await wait_for_workers(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesScreen), "the minutes open")
        path = app.screen.query_one("#export-path", Input)
        await wait_until(pilot, lambda: path.has_focus, "asked where")
        assert path.value.endswith("-circulation.eml")
        assert "2 confidential items were withheld" in str(app.screen.query_one("#export-hint").render())
        await pilot.press("ctrl+u")
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await wait_for_workers(pilot)
        await wait_until(pilot, lambda: any("Wrote the circulation copy" in m for m in app.told), "written")
        await pilot.press("escape")  # the minutes, then home
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")

    draft = email.message_from_bytes(target.read_bytes(), policy=default)
    assert draft["X-Unsent"] == "1"
    assert [address.addr_spec for address in draft["To"].addresses] == ["denise@example.org"]
    bodies = [part.get_content() for part in draft.walk() if part.get_content_maintype() == "text"]
    assert bodies and all(SECRET not in body and SECRET_ACTION not in body for body in bodies)
    assert any(PUBLIC in body for body in bodies)
    assert any("2 confidential items were withheld from this copy." in body for body in bodies)
    with Store(db_path, readonly=True) as store:
        (record,) = store.get(meeting_id).circulated
    assert (record.copy, record.format, record.on) == (CopyKind.CIRCULATION, "eml", NOW.date())


async def test_a_number_takes_the_circulation_web_page_and_esc_skips_sending(db_path: Path, tmp_path: Path) -> None:
    meeting_id = stored_meeting(db_path)
    target = tmp_path / "to-print.html"
    app = make_app(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await finish_to_the_picker(pilot)
        await pilot.press(choice_for("html", circulation=True).key)
        await wait_for_workers(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesScreen), "the minutes open")
        path = app.screen.query_one("#export-path", Input)
        await wait_until(pilot, lambda: path.has_focus, "asked where")
        await pilot.press("ctrl+u")
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await wait_for_workers(pilot)
        await wait_until(pilot, lambda: any("Circulated on" in m for m in app.told), "written and recorded")

    page = html5lib.parse(target.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    text = "".join(page.itertext())
    assert PUBLIC in text and SECRET not in text and SECRET_ACTION not in text
    assert "2 confidential items were withheld from this copy." in text
    assert not list(page.iter("script"))
    with Store(db_path, readonly=True) as store:
        (record,) = store.get(meeting_id).circulated
    assert (record.copy, record.format, record.to) == (CopyKind.CIRCULATION, "html", ["Denise Godfrey", "Paul Howard"])

    # Esc on the picker: home, with the toast Finish always gave, and nothing recorded.
    other = tmp_path / "other.json"
    stored_meeting(other)
    app = make_app(other)
    async with app.run_test(size=(100, 30)) as pilot:
        await finish_to_the_picker(pilot)
        await skip_sending(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        assert any(m.startswith("Minutes saved:") for m in app.told)
    with Store(other, readonly=True) as store:
        (meeting,) = store.meetings()
    assert meeting.status is MeetingStatus.CLOSED and meeting.circulated == []
