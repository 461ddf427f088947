"""Searching past minutes: words, phrases, people, projects, partnerships and dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.document_schema import to_document
from facilitator.meeting_files import demo_meetings as all_demo_meetings
from facilitator.model import Action, AgendaItem, Attendee, Meeting, MeetingStatus, Note
from facilitator.search import SearchIndex, parse_query
from facilitator.tinydb_store import Store


def demo_meetings() -> list[Meeting]:
    """The two 2026 reviews of the demo, which these tests' expectations are written against.

    The demo's first review (November 2025) is left out: it adds a third bike-project meeting
    to every answer without testing anything new about searching.
    """
    return [meeting for meeting in all_demo_meetings() if meeting.date.year == 2026]


def library_meeting() -> Meeting:
    return Meeting(
        "Library & Reading Scheme",
        dt.date(2026, 10, 1),
        status=MeetingStatus.CLOSED,
        venue="Café on the square",
        attendees=[Attendee("Grace Obi", "Library"), Attendee("Paula Reid", "Reading Scheme")],
        agenda=[AgendaItem("Winter reading groups")],
        notes=[Note("Teenagers came back for the graphic novels", raised_by="Grace Obi")],
        actions=[Action("Order more graphic novels", "Tomasz Nowak")],
        id="library",
    )


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex.build(to_document(m) for m in [*demo_meetings(), library_meeting()])


def test_every_word_must_appear_somewhere_in_the_minutes(index: SearchIndex) -> None:
    assert index.search("bike") == ["demo-nov-2026", "demo-may-2026"]
    assert index.search("graphic novels") == ["library"]
    assert index.search("bike novels") == []
    assert index.search("") == ["demo-nov-2026", "library", "demo-may-2026"]  # newest first


def test_case_and_accents_do_not_matter(index: SearchIndex) -> None:
    assert index.search("CAFE") == ["library"]
    assert index.search("café") == ["library"]


def test_a_quoted_phrase_keeps_its_spaces(index: SearchIndex) -> None:
    assert index.search('"graphic novels"') == ["library"]
    assert index.search('"novels graphic"') == []


def test_people_projects_and_partnerships_by_the_start_of_a_name(index: SearchIndex) -> None:
    assert index.search("who:pau") == ["demo-nov-2026", "library", "demo-may-2026"]  # Paul Howard, Paula Reid
    assert index.search("who:howard") == ["demo-nov-2026", "demo-may-2026"]
    assert index.search("who:tomasz") == ["library"]  # an action's owner counts
    assert index.search("project:winter") == ["library"]
    assert index.search("project:cooking") == ["demo-nov-2026"]
    assert index.search("partnership:library") == ["library"]
    assert index.search('partnership:"youth offending"') == ["demo-nov-2026", "demo-may-2026"]
    assert index.search("who:reading") == []  # an organisation is not a person


def test_date_ranges_take_days_months_and_years_both_ends_included(index: SearchIndex) -> None:
    assert index.search("from:2026-10-01") == ["demo-nov-2026", "library"]
    assert index.search("to:2026-10") == ["library", "demo-may-2026"]
    assert index.search("from:2026-05-11 to:2026-05-11") == ["demo-may-2026"]
    assert index.search("from:2027") == []
    assert index.search("from:2026 to:2026 bike") == ["demo-nov-2026", "demo-may-2026"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [("colour:red", "'colour:' is not a filter"), ("from:2026-13", "is not a date"), ("to:soon", "is not a date")],
)
def test_a_filter_that_cannot_be_read_says_why(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_query(typed)


def test_a_filter_still_being_typed_and_a_time_are_not_errors(index: SearchIndex) -> None:
    assert index.search("who:") == index.search("")
    assert parse_query("14:00").words == ("14:00",)


def test_the_index_follows_saves_and_odd_documents_do_not_break_it(index: SearchIndex) -> None:
    changed = library_meeting()
    changed.venue = "Town hall"
    index.add_or_replace(to_document(changed))
    assert index.search("cafe") == [] and index.search("town hall") == ["library"]
    index.remove("library")
    assert index.search("town") == []
    index.add_or_replace({"id": "odd", "date": None, "partnership": 3, "attendees": [None, {"name": 4}], "notes": "x"})
    assert "odd" in index.search("")


def test_the_store_searches_and_sees_a_meeting_saved_after_the_first_search(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_many(demo_meetings())
        assert [s.id for s in store.search("bike")] == ["demo-nov-2026", "demo-may-2026"]
        store.add(library_meeting())
        assert [s.id for s in store.search("novels")] == ["library"]
        with pytest.raises(ValueError, match="not a filter"):
            store.search("colour:red")


@given(st.text(max_size=60))
def test_any_typing_either_parses_or_says_why(text: str) -> None:
    try:
        parse_query(text)
    except ValueError as error:
        assert str(error)
