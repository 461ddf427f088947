"""A first planning meeting captured by key presses alone, as a facilitator would, then its minutes read
item by item (issue 15).

The keys are benchmarks/keystrokes_planning.py's SCRIPT, run here step by step, so the benchmark
counts the keys this test presses. Gill (Youth Service) and Jun (Riverside Community Project)
plan a summer arts week; Sam, a housing officer, is named as also involved and owns an action.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from benchmarks.keystrokes import key_names
from benchmarks.keystrokes_planning import (
    AGENDA,
    AIM,
    BID,
    BID_DUE,
    CHOOSE,
    DECISION,
    GILL,
    HALL,
    JUN,
    LEAVING_CARE,
    MEETING_AT,
    MET,
    MINIBUS,
    NAMES,
    NAMES_DUE,
    NEXT_REVIEW,
    NEXT_REVIEW_BY,
    PARTNERSHIP,
    QUESTION,
    RISK,
    SAM,
    SCRIPT,
    SET_UP,
    STAFF,
    SUMMARY,
    WHY,
)
from facilitator.minutes import render_markdown
from facilitator.model import Attendance, MeetingStatus
from facilitator.tinydb_store import Store
from screens.home import HomeScreen
from screens.meeting import MeetingScreen
from tests.apphelpers import (
    finish,
    make_app,
    send,
    skip_sending,
    type_text,
    wait_for_store,
    wait_for_workers,
    wait_until,
)
from tests.test_contributions_risks_app import table_rows
from tests.test_minutes_by_item import headings, section


async def run_script(pilot: Pilot) -> list[str]:
    """Press every key of SCRIPT in order; the last step's ctrl+f, Enter is Finish past the closing review.
    Returns what the closing review listed."""
    *steps, last = SCRIPT
    assert [key for key, _ in last.keys] == ["ctrl+f", "enter"]
    for step in steps:
        if step.text:
            await type_text(pilot, step.text)
        for key, _why in step.keys:
            await pilot.press(key)
        await wait_for_workers(pilot)  # set up reads the partnership's history in a worker
    await type_text(pilot, last.text)
    return await finish(pilot)


async def run_script_in_bursts(pilot: Pilot) -> None:
    """The set-up form as one burst of keys, then the whole meeting, to Finish, as another: keys
    arriving faster than the app handles them (a fast typist, a loaded machine)."""
    app = pilot.app
    set_up = [step for step in SCRIPT if step.section == SET_UP]
    meeting = [step for step in SCRIPT if step.section != SET_UP]
    await send(pilot, key_names(set_up))
    await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting never opened")
    await wait_for_workers(pilot)
    await send(pilot, key_names(meeting))


async def test_a_first_planning_meeting_is_minuted_item_by_item(db_path: Path) -> None:
    app = make_app(db_path, now=MEETING_AT)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        found = await run_script(pilot)
        assert found == ["health-not-rated"], "the closing review listed only the health check left unrated"
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen), "the meeting finished"
    check_minutes(db_path)


async def test_the_planning_meeting_typed_in_two_bursts_gives_the_same_minutes(db_path: Path) -> None:
    app = make_app(db_path, now=MEETING_AT)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await run_script_in_bursts(pilot)
        await skip_sending(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Finish never reached home")
        await wait_for_store(pilot)
    check_minutes(db_path)


def check_minutes(db_path: Path) -> None:
    with Store(db_path, readonly=True) as store:
        [meeting] = store.meetings()
    assert meeting.status is MeetingStatus.CLOSED
    assert (meeting.partnership, meeting.date, meeting.template) == (PARTNERSHIP, MEETING_AT.date(), "planning")
    assert [(a.name, a.organisation, a.role, a.attendance) for a in meeting.attendees] == [
        (*GILL, Attendance.PRESENT),
        (*JUN, Attendance.PRESENT),
        (*SAM, Attendance.INVOLVED),
    ]
    gill, jun, sam = GILL[0], JUN[0], SAM[0]
    markdown = render_markdown(meeting)

    # The summary opens the minutes; then each item in turn, General, the action table, the next review.
    h2 = headings(markdown, "h2")
    assert h2[0] == "Summary" and f"## Summary\n\n{SUMMARY}\n" in markdown
    items = [f"Item {number}: {title}" for number, title in enumerate(AGENDA, 1)]
    assert h2[1 : 1 + len(items) + 1] == [*items, "General"]
    assert h2.index("General") < h2.index("Actions") < h2.index("Next review")

    # Who was there, and who was named but not in the room, listed apart.
    top = markdown.split("\n## ", 1)[0]
    assert "Also involved:" in top and sam in top.split("Also involved:", 1)[1]
    assert sam not in top.split("Also involved:", 1)[0]

    aims, venue, young, money = (section(markdown, item) for item in items)
    general = section(markdown, "General")
    # Item 1: the two purpose notes, each with who said it.
    assert f"### Purpose\n\n- {AIM} — raised by {gill}\n- {CHOOSE} — raised by {jun}\n" in aims
    # Item 2: the note said while it ran was moved on (m) to Young people, where it belongs.
    assert LEAVING_CARE not in venue and "###" not in venue
    # Item 3: the moved note and Sam's action, due before Easter (Saturday 27 March 2027).
    assert f"### Young people and dates\n\n- {LEAVING_CARE} — raised by {jun}\n" in young
    assert f"### Actions agreed\n\n- {NAMES}\\\n  {sam}, before Easter (by Sat 27 Mar 2027)\n" in young
    # Item 4: the decision with why, Jun's bid due at the end of March.
    assert f"- {DECISION}\\\n  Why: {WHY}\\\n" in money
    assert f"### Actions agreed\n\n- {BID}\\\n  {jun}, end of March (by Wed 31 Mar 2027)\n" in money
    # General: what was said before any item ran, and only that.
    assert f"### Purpose\n\n- {MET} — raised by {gill}\n" in general
    everything_else = (AIM, CHOOSE, STAFF, HALL, MINIBUS, LEAVING_CARE, NAMES, DECISION, BID, QUESTION, RISK)
    for text in everything_else:
        assert text not in general
    assert [text for text in everything_else if sum(text in part for part in (aims, venue, young, money)) > 1] == []

    # Who brings what, by partner and kind, for the whole meeting.
    assert table_rows(markdown, "Who brings what") == [
        ["Partner", "Kind", "What"],
        [GILL[1], "Staff", STAFF],
        [JUN[1], "Premises", HALL],
        [JUN[1], "Equipment", MINIBUS],
    ]
    risks = section(markdown, "Open questions and risks")
    assert f"**Questions:**\n\n- {QUESTION}\\\n  Open; owner: {gill}\n" in risks
    assert f"**Risks:**\n\n- {RISK}\\\n  Open\n" in risks

    # The action table: Sam (also involved) and Jun, the due words with the dates they mean.
    assert table_rows(markdown, "Actions")[1:] == [
        [NAMES, sam, f"{NAMES_DUE} (by Sat 27 Mar 2027)", "open"],
        [BID, jun, f"{BID_DUE} (by Wed 31 Mar 2027)", "open"],
    ]
    # The next review in words, with the latest day they mean: a week on from Easter Sunday.
    assert section(markdown, "Next review").strip() == f"{NEXT_REVIEW} (by Sun 4 Apr 2027)"
    assert (meeting.next_review, meeting.next_review_text) == (NEXT_REVIEW_BY, NEXT_REVIEW)
