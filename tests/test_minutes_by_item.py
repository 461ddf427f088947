"""Minutes worth sending (issue 15, items 1, 6 and 10): item by item, a summary at the top, and only
what happened: no empty section, no placeholder, a note's kind following its step, the end time
the time the meeting closed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.widgets import Input, Static

from facilitator.document_schema import from_document, to_document
from facilitator.exporters.formats import MeetingExport
from facilitator.meeting_files import meeting_file
from facilitator.minutes import render_markdown, render_text
from facilitator.model import (
    Achieved,
    Attendee,
    BenefitCheck,
    HealthCheck,
    Meeting,
    NoteKind,
    ValidationError,
)
from facilitator.session import Session
from facilitator.templates import load_catalogue
from screens.steps.preview import MinutesPreview
from tests.apphelpers import finish, type_text, wait_until
from tests.planning import tagged_planning_steps
from tests.test_meeting_screen import Host

MD = MarkdownIt("commonmark").enable("table")
NOW = dt.datetime(2026, 11, 16, 15, 10)
FOOTER = "*Minutes produced by Facilitator.*"


def headings(markdown: str, tag: str) -> list[str]:
    tokens = MD.parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == tag]


def section(markdown: str, title: str) -> str:
    """The Markdown of the h2 section ``title``, up to the next h2 or the footer."""
    body = markdown.split(f"\n## {title}\n", 1)[1]
    return body.split("\n## ", 1)[0].split(FOOTER, 1)[0]


def planning_session(now: dt.datetime = NOW) -> Session:
    meeting = Meeting(
        "Summer scheme",
        dt.date(2026, 11, 16),
        template="planning",
        start=dt.time(14, 0),
        end=dt.time(16, 0),  # the end planned at set up
        steps=tagged_planning_steps(),
        attendees=[Attendee("Gillian", "Youth Service", chair=True), Attendee("Junior", "Community Centre")],
    )
    return Session(meeting, now=lambda: now)


def captured_item_by_item(session: Session) -> Session:
    """Two items run in turn, and something captured before either started (General)."""
    session.notes.add("Start small this year", step="purpose")
    leaflet = session.agenda.add("Leaflet", 10)
    hall = session.agenda.add("Hall", 15)
    session.agenda.add("Any other business", 5)
    session.agenda.start(leaflet.id)
    session.notes.add("Junior knows a printer", step="resources", tag="other", raised_by="Junior")
    session.decisions.add("One leaflet for both partners", why="Fewer costs")
    session.actions.add("Ask the printer for a quote", "Junior", dt.date(2026, 12, 4))
    session.agenda.start(hall.id)
    session.notes.add("The hall on Tuesdays", step="resources", tag="premises", raised_by="Junior")
    session.actions.add("Book the hall", "Gillian")
    return session


# --- item by item ------------------------------------------------------------------------------


def test_each_item_holds_what_was_said_decided_and_agreed_under_it() -> None:
    session = captured_item_by_item(planning_session())
    session.finish()
    markdown = render_markdown(session.meeting)
    assert headings(markdown, "h2") == [
        "Item 1: Leaflet",
        "Item 2: Hall",
        "Item 3: Any other business",
        "General",
        "Actions",
    ]
    leaflet = section(markdown, "Item 1: Leaflet")
    assert headings(leaflet, "h3") == ["Who brings what", "Decided", "Actions agreed"]
    assert "**Other:**\n\n- Junior knows a printer — raised by Junior" in leaflet  # by step, with its tag
    assert "- One leaflet for both partners\\\n  Why: Fewer costs" in leaflet
    assert "- Ask the printer for a quote\\\n  Junior, by 4 Dec 2026" in leaflet
    hall = section(markdown, "Item 2: Hall")
    assert "**Premises:**\n\n- The hall on Tuesdays — raised by Junior" in hall
    assert "- Book the hall\\\n  Gillian, no date yet" in hall
    assert "One leaflet" not in hall
    general = section(markdown, "General")
    assert headings(general, "h3") == ["Purpose"]
    assert "- Start small this year" in general


def test_an_item_with_nothing_under_it_still_says_its_outcome_and_time() -> None:
    session = captured_item_by_item(planning_session())
    session.finish()
    text = render_text(session.meeting)
    aob = text.split("Item 3: Any other business\n", 1)[1].split("\n\nGeneral\n", 1)[0]
    assert "Outcome: not reached" in aob
    assert "Time:    5 min planned" in aob
    hall = render_markdown(session.meeting).split("## Item 2: Hall", 1)[1]
    assert hall.startswith("\n\n**Outcome:** done\\\n**Time:** 15 min planned")  # closed by Finish


def test_the_full_action_table_follows_the_items_with_owner_due_and_status() -> None:
    session = captured_item_by_item(planning_session())
    session.actions.cycle_status(session.meeting.actions[0].id)
    markdown = render_markdown(session.meeting)
    table = section(markdown, "Actions")
    assert "| What | Who | Due | Status |" in table
    assert "| Ask the printer for a quote | Junior | 4 Dec 2026 | done |" in table
    assert "| Book the hall | Gillian | (no date) | open |" in table
    assert markdown.index("## Item 3") < markdown.index("## General") < markdown.index("\n## Actions\n")


def test_an_action_is_tied_to_the_running_item_as_notes_and_decisions_are() -> None:
    session = captured_item_by_item(planning_session())
    leaflet, hall, _ = session.meeting.agenda
    assert [a.agenda_item for a in session.meeting.actions] == [leaflet.id, hall.id]
    assert [d.agenda_item for d in session.meeting.decisions] == [leaflet.id]
    session.agenda.toggle_done(hall.id)  # no item running now
    assert session.actions.add("Tell the youth club").agenda_item is None


@pytest.mark.parametrize("part", ["notes", "decisions", "actions"])
def test_anything_can_be_moved_to_another_item_and_back_to_general_and_the_move_undone(part: str) -> None:
    session = captured_item_by_item(planning_session())
    leaflet, hall, aob = session.meeting.agenda
    editor = getattr(session, part)
    moved = next(item for item in getattr(session.meeting, part) if item.agenda_item == leaflet.id)
    assert editor.cycle_item(moved.id).agenda_item == hall.id
    assert editor.cycle_item(moved.id).agenda_item == aob.id
    assert editor.cycle_item(moved.id).agenda_item is None  # 'General' comes after the last item
    assert editor.cycle_item(moved.id).agenda_item == leaflet.id
    editor.move(moved.id, hall.id)
    assert session.undo() is not None
    assert next(i for i in getattr(session.meeting, part) if i.id == moved.id).agenda_item == leaflet.id
    with pytest.raises(ValidationError, match="not an item on this meeting's agenda"):
        editor.move(moved.id, "no-such-item")


def test_a_moved_note_shows_under_its_new_item_in_the_minutes() -> None:
    session = captured_item_by_item(planning_session())
    _, hall, _ = session.meeting.agenda
    printer = next(note for note in session.meeting.notes if note.text.startswith("Junior knows"))
    session.notes.move(printer.id, hall.id)
    markdown = render_markdown(session.meeting)
    assert "Junior knows a printer" in section(markdown, "Item 2: Hall")
    assert "Junior knows a printer" not in section(markdown, "Item 1: Leaflet")


def test_without_an_agenda_the_minutes_follow_the_steps() -> None:
    session = planning_session()
    session.notes.add("Start small", step="purpose")
    session.decisions.add("Go ahead")
    session.actions.add("Book it", "Gillian")
    assert headings(render_markdown(session.meeting), "h2") == ["Purpose", "Decisions", "Actions"]


# --- the summary ----------------------------------------------------------------------------------


def test_the_summary_opens_the_minutes_line_by_line() -> None:
    session = captured_item_by_item(planning_session())
    session.close.set_summary("  We agreed a leaflet.\nThe hall is booked on Tuesdays.\nMoney is still open.  ")
    assert session.meeting.summary == "We agreed a leaflet.\nThe hall is booked on Tuesdays.\nMoney is still open."
    markdown = render_markdown(session.meeting)
    assert headings(markdown, "h2")[0] == "Summary"
    assert "## Summary\n\nWe agreed a leaflet.\\\nThe hall is booked on Tuesdays.\\\nMoney is still open.\n" in markdown
    assert render_text(session.meeting).index("Summary\n-------") < render_text(session.meeting).index("Item 1")
    session.undo()
    assert "## Summary" not in render_markdown(session.meeting)


def test_a_summary_survives_a_save_and_a_schema_6_document_reads_without_one() -> None:
    session = planning_session()
    session.close.set_summary("Short and sweet")
    document = to_document(session.meeting)
    assert from_document(document).summary == "Short and sweet"
    del document["summary"]
    assert from_document(document).summary == ""


# --- only what happened -----------------------------------------------------------------------------

PLACEHOLDERS = (
    "No agenda items",
    "No notes recorded",
    "Nothing recorded",
    "No conflicts recorded",
    "No decisions recorded",
    "No actions agreed",
    "Not recorded",
    "not recorded",
    "not rated",
    "Not set",
    "not discussed",
    "Nobody recorded",
    "Apologies: none",
    "(nobody named)",
    "not yet settled",
    "(none agreed yet)",
)


def empty_headings(markdown: str) -> list[str]:
    """Headings followed straight away by another heading of the same or a higher level, or the footer."""
    tokens: list[Token] = MD.parse(markdown)
    opened = [i for i, t in enumerate(tokens) if t.type == "heading_open"]
    found = []
    for index in opened:
        level = int(tokens[index].tag[1])
        after = index + 3  # heading_open, inline, heading_close
        following = tokens[after] if after < len(tokens) else None
        ends = following is None or (following.type == "paragraph_open" and tokens[after + 1].content == FOOTER)
        if ends or (following is not None and following.type == "heading_open" and int(following.tag[1]) <= level):
            found.append(tokens[index + 1].content)
    return found


@pytest.mark.parametrize("template_id", sorted(load_catalogue(None).templates))
def test_an_empty_meeting_of_every_template_has_no_placeholder_and_no_empty_heading(template_id: str) -> None:
    template = load_catalogue(None).templates[template_id]
    benefits = [BenefitCheck("Together we achieved more")]  # on the checklist, never talked about
    for meeting in (
        Meeting("Empty", dt.date(2026, 11, 16), template=template_id, steps=template.new_steps()),
        Meeting(
            "Empty",
            dt.date(2026, 11, 16),
            template=template_id,
            steps=tagged_planning_steps(),
            health=HealthCheck(benefits=benefits),
        ),
    ):
        markdown, text = render_markdown(meeting), render_text(meeting)
        assert headings(markdown, "h2") == []
        assert empty_headings(markdown) == []
        for output in (markdown, text):
            for placeholder in PLACEHOLDERS:
                assert placeholder not in output, (template_id, placeholder)


def test_the_demo_meetings_have_no_placeholder_and_no_empty_heading() -> None:
    from facilitator.meeting_files import demo_meetings

    for meeting in demo_meetings():
        markdown = render_markdown(meeting)
        assert empty_headings(markdown) == []
        for placeholder in PLACEHOLDERS:
            assert placeholder not in markdown, (meeting.date, placeholder)


def test_only_the_benefits_talked_about_are_listed_and_an_unrated_health_check_is_left_out() -> None:
    checks = [BenefitCheck("Shared skills", Achieved.PARTLY), BenefitCheck("Young people had a say")]
    meeting = Meeting("P", dt.date(2026, 11, 16), health=HealthCheck(benefits=checks))
    markdown = render_markdown(meeting)
    assert "| Shared skills | partly |" in markdown
    assert "Young people had a say" not in markdown
    assert "Ratings run from" not in markdown  # nothing rated: no scale to read ratings by
    unrated = Meeting("P", dt.date(2026, 11, 16), health=HealthCheck(benefits=[checks[1]]))
    assert "Health check" not in render_markdown(unrated)


def test_a_notes_kind_follows_its_step_in_every_export() -> None:
    session = captured_item_by_item(planning_session())
    review = Session(Meeting("R", dt.date(2026, 11, 16)), now=lambda: NOW)
    review.notes.add("Good turnout", step="worked")
    review.notes.add("Bad room", kind=NoteKind.DID_NOT_WORK, step="worked")
    for meeting, expected in ((session.meeting, {"note"}), (review.meeting, {"worked", "did_not_work"})):
        exported = json.loads(meeting_file(MeetingExport(meeting, NOW)))
        kinds = {note["kind"] for step in exported["captures"].values() for note in step.get("notes", [])}
        assert kinds == expected


def test_a_schema_6_note_on_a_notes_step_reads_as_a_plain_note() -> None:
    session = planning_session()
    session.notes.add("Two youth workers", step="resources", tag="staff")
    document = to_document(session.meeting)
    document["captures"]["resources"]["notes"][0]["kind"] = "worked"  # as schema 6 wrote every note
    [note] = from_document(document).notes
    assert note.kind is NoteKind.NOTE
    assert json.loads(json.dumps(to_document(from_document(document))))["captures"]["resources"]["notes"][0][
        "kind"
    ] == ("note")


# --- the end time -----------------------------------------------------------------------------------


def test_the_end_is_when_the_meeting_closed_not_when_it_was_planned_to() -> None:
    clock = {"now": dt.datetime(2026, 11, 16, 15, 10)}
    session = planning_session()
    session.clock.now = lambda: clock["now"]  # type: ignore[method-assign]
    assert session.meeting.end == dt.time(16, 0)
    session.finish()
    assert session.meeting.end == dt.time(15, 10)
    session.reopen()
    clock["now"] = dt.datetime(2026, 11, 16, 15, 40)
    session.finish()
    assert session.meeting.end == dt.time(15, 40)  # the latest close


def test_an_end_typed_at_close_is_kept_by_finish_and_one_before_the_start_is_refused() -> None:
    session = planning_session()
    session.close.set_end(dt.time(15, 0))
    session.finish()
    assert session.meeting.end == dt.time(15, 0)
    with pytest.raises(ValidationError, match="before it starts"):
        session.close.set_end(dt.time(13, 0))
    assert session.meeting.end == dt.time(15, 0)
    assert "**Time:** 14:00–15:00" in render_markdown(session.meeting)


# --- in the app -------------------------------------------------------------------------------------


def review_session() -> Session:
    session = Session(
        Meeting(
            "Youth Resource Centre & Youth Offending Team",
            dt.date(2026, 11, 16),
            start=dt.time(14, 0),
            attendees=[Attendee("Denise Godfrey", "Youth Service", chair=True), Attendee("Paul Howard")],
        ),
        now=lambda: NOW,
    )
    poster = session.agenda.add("Poster project")
    session.agenda.add("Bike project")
    session.agenda.start(poster.id)
    session.notes.add("Too noisy", kind=NoteKind.DID_NOT_WORK, step="worked")
    return session


async def test_m_on_a_highlighted_note_moves_it_to_the_next_item_and_says_where() -> None:
    session = review_session()
    _, bike = session.meeting.agenda
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3", "ctrl+l")
        await pilot.pause()  # the table has focus before m is read as a key of the table
        await pilot.press("m")
        assert session.meeting.notes[0].agenda_item == bike.id
        assert pilot.app.told[-1] == "Now under: Bike project"
        await pilot.press("m")
        assert session.meeting.notes[0].agenda_item is None
        assert pilot.app.told[-1] == "Now under: General"
        await pilot.press("ctrl+z")
        assert session.meeting.notes[0].agenda_item == bike.id
        screen = pilot.app.screen
        note_box = screen.query_one("#pane-worked .note-text", Input)
        note_box.focus()
        await pilot.press("m")  # in the box, m is a letter
        assert note_box.value == "m"
        assert session.meeting.notes[0].agenda_item == bike.id


async def test_close_takes_a_summary_and_an_end_time_and_says_what_is_wrong_with_a_bad_one() -> None:
    session = review_session()
    async with Host(session).run_test(size=(100, 30)) as pilot:
        await pilot.press("f7")
        screen = pilot.app.screen
        preview = screen.query_one("#pane-close #minutes-preview", MinutesPreview)
        await wait_until(pilot, lambda: "The summary typed above goes here" in preview.source, "the preview drawn")
        screen.query_one("#pane-close #summary", Input).focus()
        await type_text(pilot, "Poster work moves out of opening hours.")
        await pilot.press("enter")  # on to the end time
        assert session.meeting.summary == "Poster work moves out of opening hours."
        await type_text(pilot, "25:99")
        await pilot.press("enter")
        error = str(screen.query_one("#pane-close .pane-error", Static).render())
        assert error == "end time: '25:99' is not a time of day"
        assert screen.query_one("#pane-close #meeting-end", Input).value == "25:99"  # kept to put right
        await pilot.press("ctrl+u")
        await type_text(pilot, "15:20")
        await pilot.press("enter")
        assert session.meeting.end == dt.time(15, 20)
        summary = "## Summary\n\nPoster work moves out of opening hours."
        await wait_until(pilot, lambda: summary in preview.source, "the preview drawn again with the summary")
        await finish(pilot)  # through the closing review, which lists the health check nobody rated
        await pilot.pause()
        assert session.meeting.is_closed
        assert session.meeting.end == dt.time(15, 20)  # typed at Close: Finish keeps it
