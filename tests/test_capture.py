"""Capturing quickly: optional tags, one speaker for the meeting, tips that count, and the closing review.

Issue 15, items 7 to 9: a tag cycle that reaches none both ways; the speaker picked by initials
or cycled both ways, carried from step to step and kept on resume; one tip per rule with its
cases counted, never cut off mid-word, put away a rule at a time; and Finish looking back
before it closes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.widgets import Static

from facilitator import guidance, people
from facilitator.closing_review import findings
from facilitator.guidance import Moment, Nudge, Tip, tips
from facilitator.model import (
    Action,
    Attendee,
    Conflict,
    HealthCheck,
    Meeting,
    MeetingStatus,
    PartnershipLevel,
    StepKind,
)
from facilitator.session import Session
from facilitator.templates import load_catalogue
from facilitator.tinydb_store import Store
from screens.closing_review import ClosingReviewScreen
from screens.meeting import MeetingScreen, lines_needed, tip_line
from screens.steps.notes import WhoEntry
from tests.apphelpers import type_text
from tests.planning import tagged_planning_steps
from tests.test_meeting_screen import NOW, Host

DENISE, PAUL, DAVE = "Denise Godfrey", "Paul Howard", "Dave Ross"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def planning(**changes: object) -> Meeting:
    """A planning meeting as set up: its two tagged notes steps are 'resources' and 'young-people'."""
    template = load_catalogue(None).templates["planning"]
    meeting = Meeting(
        "Youth Service & Arts Trust",
        dt.date(2026, 11, 16),
        start=dt.time(14, 0),
        template=template.id,
        steps=tagged_planning_steps(),
        attendees=[
            Attendee(DENISE, "Youth Service", chair=True),
            Attendee(PAUL, "Arts Trust"),
            Attendee(DAVE, "Arts Trust"),
        ],
    )
    for name, value in changes.items():
        setattr(meeting, name, value)
    return meeting


def session_on(meeting: Meeting, clock: FakeClock | None = None) -> Session:
    return Session(meeting, clock=clock or FakeClock(), now=lambda: NOW)


# --- tags and the speaker, in the core ------------------------------------------------------------


def test_the_tag_cycle_reaches_none_and_runs_both_ways() -> None:
    session = session_on(planning())
    tags = ["staff", "equipment", "premises", "money", "other"]
    forward = [""]
    for _ in range(len(tags) + 1):
        forward.append(session.notes.next_tag("resources", forward[-1]))
    assert forward == ["", *tags, ""]
    backward = [""]
    for _ in range(len(tags) + 1):
        backward.append(session.notes.next_tag("resources", backward[-1], -1))
    assert backward == ["", *reversed(tags), ""]
    assert session.notes.next_tag("evaluation", "") == ""  # a step without tags has none to give


def test_a_note_s_tag_cycles_to_none_and_back() -> None:
    session = session_on(planning())
    note = session.notes.add("Two youth workers", step="resources", tag="other")
    assert session.notes.cycle_tag(note.id).tag == ""
    assert session.notes.cycle_tag(note.id, -1).tag == "other"


def test_who_is_meant_by_initials_or_the_start_of_a_name() -> None:
    meeting = planning()
    assert people.speakers_meant(meeting, "dg") == [DENISE]
    assert people.speakers_meant(meeting, "P.H") == [PAUL]
    assert people.speakers_meant(meeting, "how") == [PAUL]
    assert people.speakers_meant(meeting, "paul howard") == [PAUL]
    assert people.speakers_meant(meeting, "d") == [DENISE, DAVE]  # ambiguous: both offered
    assert people.speakers_meant(meeting, "zz") == []


def test_the_speaker_is_one_for_the_meeting_and_cycles_both_ways_through_nobody() -> None:
    session = session_on(planning())
    assert session.notes.speaker == DENISE  # a new meeting starts with the first person present, as before
    assert [session.notes.cycle_speaker() for _ in range(4)] == [PAUL, DAVE, "", DENISE]
    assert [session.notes.cycle_speaker(-1) for _ in range(2)] == ["", DAVE]
    first = session.notes.add("Two youth workers", raised_by=session.notes.speaker, step="resources")
    second = session.notes.add("Term dates", raised_by=session.notes.speaker, step="young-people")
    assert first.raised_by == second.raised_by == DAVE
    session.notes.credit_next(second.id, -1)
    assert second.raised_by == PAUL


def test_choosing_the_speaker_is_saved_but_not_undone() -> None:
    session = session_on(planning())
    heard: list[str] = []
    session.subscribe(heard.append)
    session.notes.add("Two youth workers", step="resources")
    session.notes.set_speaker(PAUL)
    assert heard == ["add note", "choose who is speaking"]  # the autosaver hears of it
    assert session.undo() == "add note"  # ctrl+z undoes what was captured, not who holds the floor
    assert session.notes.speaker == PAUL


def test_a_resumed_meeting_keeps_its_speaker_even_nobody(db_path: Path) -> None:
    for speaker in (PAUL, ""):
        session = session_on(planning())
        session.notes.set_speaker(speaker)
        with Store(db_path) as store:
            store.save(session.snapshot())
            resumed = session_on(store.get(session.meeting.id))
        assert resumed.notes.speaker == speaker  # nobody stays nobody: not the first person again


def test_a_schema_6_meeting_without_a_speaker_reads() -> None:
    from facilitator.document_schema import from_document, to_document

    document = to_document(planning())
    del document["speaker"]
    assert from_document(document).speaker == ""


# --- the notes pane -------------------------------------------------------------------------------


def who_box(app: App[None], step: str) -> WhoEntry:
    return app.screen.query_one(f"#pane-{step} .note-speaker", WhoEntry)


async def test_the_speaker_is_typed_as_initials_and_carried_to_the_next_step() -> None:
    session = session_on(planning())
    async with Host(session).run_test(size=(100, 30)) as pilot:
        session.go_to("resources")
        pilot.app.screen.action_step("resources")
        await pilot.pause()
        assert who_box(pilot.app, "resources").value == DENISE
        await pilot.press("shift+tab")  # from the note to the Who box
        await type_text(pilot, "ph")
        await pilot.press("enter")  # back in the note
        await type_text(pilot, "Two youth workers")
        await pilot.press("enter")
        await pilot.press("f5")  # Young people and dates
        assert who_box(pilot.app, "young-people").value == PAUL
        await type_text(pilot, "Term dates")
        await pilot.press("enter")
        assert [(n.text, n.raised_by) for n in session.meeting.notes] == [
            ("Two youth workers", PAUL),
            ("Term dates", PAUL),
        ]
        assert session.meeting.speaker == PAUL
        # An ambiguous start is said, and nobody is credited by guesswork.
        await pilot.press("shift+tab")
        await type_text(pilot, "d")
        await pilot.press("enter")
        error = str(pilot.app.screen.query_one("#pane-young-people .pane-error", Static).render())
        assert "could be Denise Godfrey, Dave Ross" in error
        assert session.meeting.speaker == PAUL
        await pilot.press("down")  # ↓ in the Who box: the next person
        assert session.meeting.speaker == DAVE
        await pilot.press("up", "up")  # ↑ twice: back past Paul to Denise
        assert session.meeting.speaker == DENISE


async def test_ctrl_r_and_ctrl_shift_r_cycle_the_speaker_through_nobody_in_particular() -> None:
    session = session_on(planning())
    async with Host(session).run_test(size=(100, 30)) as pilot:
        pilot.app.screen.action_step("resources")
        await pilot.pause()
        await pilot.press("ctrl+shift+r")  # back from Denise: nobody in particular
        assert session.meeting.speaker == ""
        assert who_box(pilot.app, "resources").placeholder == "nobody"
        await type_text(pilot, "Said in passing")
        await pilot.press("enter")
        await pilot.press("ctrl+r", "ctrl+r")
        await type_text(pilot, "A room on Tuesdays")
        await pilot.press("enter")
        assert [n.raised_by for n in session.meeting.notes] == ["", PAUL]


async def test_a_new_note_has_no_tag_and_the_tag_cycles_to_none_both_ways() -> None:
    session = session_on(planning())
    async with Host(session).run_test(size=(100, 30)) as pilot:
        pilot.app.screen.action_step("resources")
        await pilot.pause()
        mark = pilot.app.screen.query_one("#pane-resources .note-mark", Static)
        assert str(mark.render()) == "no tag"
        await type_text(pilot, "Two youth workers")
        await pilot.press("enter")
        await pilot.press("ctrl+shift+t")  # back from none: the last tag
        assert str(mark.render()) == "other"
        await pilot.press("ctrl+t")  # on from the last: none again
        assert str(mark.render()) == "no tag"
        await pilot.press("ctrl+t", "ctrl+t")
        await type_text(pilot, "The minibus")
        await pilot.press("enter")
        assert str(mark.render()) == "no tag"  # the tag was for that note only
        assert [n.tag for n in session.meeting.notes] == ["", "equipment"]


# --- tips -----------------------------------------------------------------------------------------


def test_one_tip_per_rule_counts_its_cases() -> None:
    meeting = planning(actions=[Action("Book the hall", DENISE), Action("Ask the school", PAUL), Action("Leaflet")])
    actions_step = next(step for step in meeting.steps if step.kind is StepKind.ACTIONS)
    moment = Moment(actions_step)
    assert len(guidance.nudges(meeting, moment)) == 3  # three cases…
    [tip] = tips(meeting, moment)  # …one tip
    assert tip == Tip(
        "action-incomplete",
        "3 actions have no due date; 1 action has no owner",
        tip.reason,
        actions_step.key,
        3,
    )


def test_a_rule_put_away_takes_all_its_cases_and_old_dismissals_still_hold() -> None:
    meeting = planning(actions=[Action("Book the hall"), Action("Ask the school")])
    moment = Moment(next(step for step in meeting.steps if step.kind is StepKind.ACTIONS))
    meeting.dismissed = [f"action-incomplete:{meeting.actions[0].id}"]  # one case, as stored before
    [tip] = tips(meeting, moment)
    assert tip.count == 1 and "‘Ask the school’" in tip.message
    meeting.dismissed.append("action-incomplete")
    assert tips(meeting, moment) == []


def test_the_tips_are_worked_out_again_only_when_their_inputs_change() -> None:
    clock = FakeClock()
    session = session_on(planning(), clock)
    session.go_to("actions")
    session.tips.shown()
    runs = session.tips.worked_out
    session.tips.shown()
    clock.now += 5  # the clocks moved less than a quarter of a minute
    session.tips.shown()
    assert session.tips.worked_out == runs
    session.actions.add("Leaflet", "", None)  # an edit
    assert [tip.key for tip in session.tips.shown()] == ["action-incomplete"]
    assert session.tips.worked_out == runs + 1
    clock.now += 15  # the step's clock has moved on enough to matter
    session.tips.shown()
    assert session.tips.worked_out == runs + 2


LONG = Nudge(
    "balance:x",
    "Youth Offending Team raised 9 of the 10 notes so far, and the other partners hardly spoke",
    "A partnership works when each partner's view is heard; inviting the others in, by name, helps the "
    "review reflect everyone's experience and not one organisation's.",
)


def shown_words_are_whole(shown: Text, tip: Tip) -> None:
    source = set(f"{tip.message} {tip.reason}".split())
    for word in shown.plain.replace("Why:", " ").split():
        word = word.rstrip("…")
        assert not word or word in source or word in {"Tip", "Tip:", "1", "of", "2:", "ctrl+g", "put", "away"}, word


def test_a_tip_is_fitted_on_word_boundaries_at_any_width() -> None:
    tip = Tip("balance", LONG.message, LONG.reason)
    for width, lines in ((68, 3), (40, 2), (24, 2), (10, 2)):
        shown = tip_line(tip, 2, width, lines)
        assert lines_needed(shown.plain, width) <= lines or width < 24, width
        assert shown.plain.startswith("Tip 1 of 2: ")
        shown_words_are_whole(shown, tip)
        assert shown.plain.endswith("ctrl+g put away")


async def test_the_tip_bar_is_never_cut_mid_word_at_100_by_30_or_60_by_20() -> None:
    for size in ((100, 30), (60, 20)):
        meeting = planning(
            actions=[
                Action("Write to every school in the district about the summer programme and its dates"),
                Action("Ask the housing officer for the names of the young people"),
            ]
        )
        session = session_on(meeting)
        async with Host(session).run_test(size=size) as pilot:
            pilot.app.screen.action_step("actions")
            await pilot.pause()
            bar = pilot.app.screen.query_one("#nudge", Static)
            assert bar.display
            [tip] = session.tips.shown()
            shown = bar.render()
            plain = shown.plain if isinstance(shown, Text) else str(shown)
            budget = 2 if size == (60, 20) else 3
            assert lines_needed(plain, bar.content_region.width) <= budget, size
            assert bar.content_region.height <= budget
            shown_words_are_whole(Text(plain), tip)
            assert "ctrl+g put away" in plain


# --- the closing review ---------------------------------------------------------------------------


def rated() -> HealthCheck:
    return HealthCheck(level=PartnershipLevel.COOPERATION, time=3, trust=4, turf=3)


def test_the_closing_review_lists_the_loose_ends_counted_and_named() -> None:
    meeting = Meeting(  # a partnership review: it has a conflicts step
        "Youth Service & Arts Trust",
        dt.date(2026, 11, 16),
        actions=[Action(f"Task {n}", DENISE) for n in range(1, 5)] + [Action("Leaflet", due=dt.date(2026, 12, 1))],
        conflicts=[Conflict("Room use")],
    )
    found = {finding.key: finding for finding in findings(meeting)}
    assert list(found) == [
        "actions-no-owner",
        "actions-no-date",
        "open-conflicts",
        "no-next-review",
        "no-summary",
        "health-not-rated",
    ]
    assert found["actions-no-owner"].message == "1 action with no owner: ‘Leaflet’"
    assert found["actions-no-date"].message == "4 actions with no date: ‘Task 1’, ‘Task 2’, ‘Task 3’ and 1 more"
    assert found["actions-no-date"].step == "actions"
    assert found["open-conflicts"].message == "1 conflict still open: ‘Room use’"
    assert found["no-summary"].step == next(s.key for s in meeting.steps if s.kind is StepKind.CLOSE)


def test_words_agreed_for_a_date_are_a_date_to_the_closing_review_and_the_tips() -> None:
    # 'by the next meeting' with no next review set yet names no day (due None) but was agreed: the
    # review and the tips must not call it undated, nor a next review typed as words unset.
    meeting = planning(
        actions=[Action("Book the hall", DENISE, due=None, due_text="by the next meeting")],
        next_review_text="in the autumn term",
        summary="We agreed to run the summer programme together.",
        health=rated(),
    )
    assert findings(meeting) == []
    shown = {tip.key for step in meeting.steps for tip in tips(meeting, Moment(step))}
    assert not shown & {"action-incomplete", "no-next-review"}
    meeting.actions[0].due_text = ""
    meeting.next_review_text = ""  # and without the words, both are told
    shown = {tip.key for step in meeting.steps for tip in tips(meeting, Moment(step))}
    assert shown >= {"action-incomplete", "no-next-review"}


def test_a_meeting_with_nothing_loose_has_no_findings() -> None:
    meeting = planning(
        actions=[Action("Book the hall", DENISE, dt.date(2026, 12, 1))],
        next_review=dt.date(2027, 5, 17),
        summary="We agreed to run the summer programme together.",
        health=rated(),
    )
    assert findings(meeting) == []
    meeting.health = HealthCheck(level=PartnershipLevel.COOPERATION, trust=4)
    [finding] = findings(meeting)
    assert finding.message == "The health check has no rating for time, turf"


async def test_finish_shows_the_review_and_esc_goes_back_a_number_jumps_enter_finishes() -> None:
    session = session_on(planning(actions=[Action("Leaflet", DENISE)]))
    host = Host(session)
    async with host.run_test(size=(100, 30)) as pilot:
        pilot.app.screen.action_step("close")
        await pilot.pause()
        await pilot.press("ctrl+f")
        review = pilot.app.screen
        assert isinstance(review, ClosingReviewScreen)
        assert [f.key for f in review.found] == ["actions-no-date", "no-next-review", "no-summary", "health-not-rated"]
        await pilot.press("escape")  # go back: the meeting is still open, where it was
        assert isinstance(pilot.app.screen, MeetingScreen) and host.left == []
        assert session.meeting.status is MeetingStatus.IN_PROGRESS and session.step.key == "close"
        await pilot.press("ctrl+f", "1")  # the first finding's step: the actions
        assert isinstance(pilot.app.screen, MeetingScreen) and session.step.key == "actions"
        assert host.left == []
        await pilot.press("f10", "ctrl+f")  # Finish is on the close step, the ninth
        assert isinstance(pilot.app.screen, ClosingReviewScreen)
        await pilot.press("enter")  # finish anyway: never a refusal
        assert host.left == [True] and session.meeting.status is MeetingStatus.CLOSED


async def test_finish_closes_at_once_when_nothing_is_loose() -> None:
    meeting = planning(
        actions=[Action("Book the hall", DENISE, dt.date(2026, 12, 1))],
        next_review=dt.date(2027, 5, 17),
        summary="We agreed to run the summer programme together.",
        health=rated(),
    )
    session = session_on(meeting)
    host = Host(session)
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("f10", "ctrl+f")
        assert host.left == [True] and session.meeting.status is MeetingStatus.CLOSED
        assert not isinstance(pilot.app.screen, ClosingReviewScreen)


def test_a_quoted_text_is_shortened_between_words() -> None:
    # "Ask the school about the summer program…" once showed in a tip and the closing review.
    long = "Ask the school about the summer programme and its dates"
    short = guidance.shorten(long)
    assert short == "Ask the school about the summer…"
    assert guidance.shorten("y" * 50) == "y" * 39 + "…"  # one long word: cut, as there is no better place
