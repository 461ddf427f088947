"""The search behind the history screen (facilitator/search.py): what a query means and what it finds.

Meetings are the shipped demo reviews and small hand-made ones, indexed as the store keeps them
(``to_document``). The reference for "which meetings hold these words" is worked out here
independently of the index, from the meetings' own fields.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from hypothesis import HealthCheck as Health
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.document_schema import to_document
from facilitator.meeting_files import demo_meetings as all_demo_meetings
from facilitator.model import (
    Action,
    AgendaItem,
    ArisingAction,
    Attendee,
    Conflict,
    ConflictStyle,
    HealthCheck,
    Meeting,
    MeetingStatus,
    Note,
    Outcome,
)
from facilitator.search import Query, SearchIndex, fold, parse_query
from tests import strategies

MAY, NOV = "demo-may-2026", "demo-nov-2026"


def demo_meetings() -> list[Meeting]:
    """The two 2026 reviews of the demo, which these tests' expectations are written against.

    The demo's first review (November 2025) is left out: it adds a third bike-project meeting
    to every answer without testing anything new about searching.
    """
    return [meeting for meeting in all_demo_meetings() if meeting.date.year == 2026]


def demo_index(*extra: Meeting) -> SearchIndex:
    return SearchIndex.build(to_document(meeting) for meeting in [*demo_meetings(), *extra])


def meeting(
    meeting_id: str,
    date: dt.date = dt.date(2026, 3, 2),
    partnership: str = "Library & Reading Scheme",
    start: dt.time | None = None,
    **fields: Any,
) -> Meeting:
    return Meeting(partnership, date, start=start, id=meeting_id, status=MeetingStatus.CLOSED, **fields)


def marked() -> Meeting:
    """A meeting with one made-up word in each field a person types (the word names the field)."""
    item = AgendaItem("Agendatitleword session", notes="Line one of the item\nagendanotesword here")
    return meeting(
        "marked",
        partnership="Partnershipword Trust",
        venue="Venueword hall",
        purpose="Purposeword for the day",
        attendees=[Attendee("Attendeename Smith", "Orgword Council", "Roleword lead")],
        agenda=[item],
        notes=[Note("Notebodyword said", raised_by="Raiserword Jones", agenda_item=item.id)],
        conflicts=[
            Conflict("Issueword arose", ["Partyword Brown"], ConflictStyle.COMPROMISING, way_forward="Wayforwardword")
        ],
        actions=[Action("Actionbodyword to do", "Ownerword Green", status="dropped", reason="Reasonword given")],
        health=HealthCheck(comment="Healthcommentword noted"),
        corrections=["Correctionword made"],
        arising=[
            ArisingAction(
                "a1", "earlier", "Arisingbodyword", owner="Arisingownerword", outcome=Outcome.DONE, new_owner=""
            )
        ],
    )


# --- words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        "partnershipword",
        "venueword",
        "purposeword",
        "attendeename",
        "orgword",
        "roleword",
        "agendatitleword",
        "agendanotesword",
        "notebodyword",
        "raiserword",
        "issueword",
        "partyword",
        "wayforwardword",
        "actionbodyword",
        "ownerword",
        "reasonword",
        "healthcommentword",
        "correctionword",
        "arisingbodyword",
        "arisingownerword",
    ],
)
def test_a_word_typed_in_any_field_of_the_minutes_is_found(word: str) -> None:
    index = demo_index(marked())
    assert index.search(word) == ["marked"]


@pytest.mark.parametrize("word", ["compromising", "dropped", "closed", "raised_by", "text", "marked", "2026-03-02"])
def test_field_names_ids_dates_and_choices_are_not_text_of_the_minutes(word: str) -> None:
    # The old search looked through the JSON, so "text" matched every meeting.
    assert SearchIndex.build([to_document(marked())]).search(word) == []


def test_every_plain_word_must_appear_somewhere_not_necessarily_together() -> None:
    index = demo_index()
    assert index.search("cooking") == [NOV]
    assert index.search("bike budget") == [NOV, MAY]  # budget: May's dropped action, reviewed again in November
    assert index.search("cooking bikes") == []  # each is somewhere, never in the same meeting
    assert index.search("donated bikes") == [MAY]
    assert index.search("bike thursdays") == [NOV, MAY]  # May's correction, also in November's approval of it
    assert index.search("bike zebra") == []


def test_a_word_is_found_inside_longer_words_as_it_is_being_typed() -> None:
    index = demo_index()
    assert index.search("bikes") == [MAY]
    assert [index.search(typed) for typed in ("b", "bi", "bik", "bike")] == [[NOV, MAY]] * 4


def test_case_accents_and_typographic_punctuation_do_not_matter() -> None:
    cafe = meeting(
        "cafe",
        venue="Le Café Noël",
        purpose="The centre’s “open door” policy",
        notes=[Note("STRASSE party — in İstanbul")],
    )
    index = SearchIndex.build([to_document(cafe)])
    for typed in ("cafe", "CAFÉ", "noel", "centre's", "centre’s", "straße", "istanbul", '"open door"', "party -"):
        assert index.search(typed) == ["cafe"], typed
    assert fold("Ωμέγα ÅNGSTRÖM ﬁne") == "ωμεγα angstrom fine"


def test_words_are_found_by_the_reference_reading_of_the_minutes() -> None:
    meetings = [*demo_meetings(), marked()]
    index = SearchIndex.build(to_document(m) for m in meetings)
    text = {m.id: fold(" ".join(user_text(m))) for m in meetings}
    for words in (["youth"], ["poster", "room"], ["hall", "paul"], ["summer"], ["magic"], ["fine"], ["e"]):
        expected = sorted((m for m in meetings if all(w in text[m.id] for w in words)), key=lambda m: m.date)
        assert index.search(" ".join(words)) == [m.id for m in reversed(expected)], words


def user_text(m: Meeting) -> list[str]:
    """Every piece a person typed, read from the model (not the stored document)."""
    pieces = [m.partnership, m.venue, m.purpose, m.health.comment, *m.corrections]
    for a in m.attendees:
        pieces += [a.name, a.organisation, a.role]
    for i in m.agenda:
        pieces += [i.title, i.notes]
    for n in m.notes:
        pieces += [n.text, n.raised_by]
    for c in m.conflicts:
        pieces += [c.issue, *c.parties, c.way_forward]
    for x in m.actions:
        pieces += [x.text, x.owner, x.reason]
    for r in m.arising:
        pieces += [r.text, r.owner, r.new_owner, r.reason]
    if m.previous_minutes:
        pieces += m.previous_minutes.corrections
    return pieces


# --- phrases ------------------------------------------------------------------------------


def test_a_quoted_phrase_must_appear_with_its_words_in_that_order() -> None:
    index = demo_index()
    assert index.search('"poster project"') == [NOV, MAY]
    assert index.search('"project poster"') == []
    assert index.search('"cooking programme"') == [NOV]
    assert index.search('"  Poster    PROJECT "') == [NOV, MAY]  # spaces typed do not matter
    assert index.search('"poster pro') == [NOV, MAY]  # a quote still being typed


def test_a_phrase_may_run_over_a_line_break_but_never_from_one_field_into_the_next() -> None:
    index = SearchIndex.build([to_document(marked())])
    assert index.search('"the item agendanotesword"') == ["marked"]  # "item\nagendanotesword"
    assert index.search('"session line one"') == []  # the title, then the item's notes
    assert index.search('"hall purposeword"') == []  # the venue, then the purpose


# --- qualifiers ---------------------------------------------------------------------------


def people_meetings() -> list[Meeting]:
    return [
        meeting("attends", dt.date(2026, 3, 4), attendees=[Attendee("Paul Howard", "Youth Offending Team")]),
        meeting("raises", dt.date(2026, 3, 3), notes=[Note("A note", raised_by="Paula Reid")]),
        meeting("owns", dt.date(2026, 3, 2), actions=[Action("An action", "Grace O'Brien-Smith")]),
        meeting("mentions", dt.date(2026, 3, 1), purpose="Paul sends his apologies", venue="Howard Street"),
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("who:paul", ["attends", "raises"]),  # Paula starts with paul
        ("who:pau", ["attends", "raises"]),
        ("who:howard", ["attends"]),  # any word of the name
        ("who:reid", ["raises"]),  # a note's raiser
        ("who:brien", ["owns"]),  # an action's owner, punctuation in names is a break between words
        ("who:o'brien-smith", ["owns"]),
        ('who:"paul how"', ["attends"]),
        ('who:"paul  HOWARD"', ["attends"]),
        ("who:aul", []),  # the start of a word, not its middle
        ("who:youth", []),  # an organisation is not a person
        ("who:paul who:reid", ["raises"]),  # all of them
        ("paul", ["attends", "raises", "mentions"]),  # a plain word looks everywhere
    ],
)
def test_who_finds_attendees_note_raisers_and_action_owners_by_the_start_of_a_name(
    typed: str, expected: list[str]
) -> None:
    assert SearchIndex.build(map(to_document, people_meetings())).search(typed) == expected


def test_project_is_an_agenda_item_title_and_partnership_its_name() -> None:
    index = demo_index(meeting("library", dt.date(2026, 10, 1), agenda=[AgendaItem("Winter reading", notes="bike")]))
    assert index.search("project:cooking") == [NOV]
    assert index.search("project:bike") == [NOV, MAY]  # not the library's, where bike is only in the notes
    assert index.search('project:"poster project"') == [NOV, MAY]
    assert index.search("project:roject") == []
    assert index.search("project:win") == ["library"]
    assert index.search("partnership:library") == ["library"]
    assert index.search("partnership:offend") == [NOV, MAY]
    assert index.search('partnership:"youth offending team"') == [NOV, MAY]
    assert index.search("partnership:yot") == [NOV, MAY]  # the initials of its words
    assert index.search("partnership:rs") == ["library"]  # Reading Scheme
    assert index.search("partnership:service") == []  # an organisation, not the partnership


def test_qualifier_names_are_read_in_any_case_and_a_qualifier_still_being_typed_is_ignored() -> None:
    index = demo_index()
    assert index.search("WHO:Paul Project:Cooking") == [NOV]
    for typed in ("who:", "project:", "from:", "to:", "partnership:", 'who:""', "who:&"):
        assert index.search(typed) == [NOV, MAY], typed
    assert parse_query("who: paul").words == ("paul",)


# --- dates ----------------------------------------------------------------------------------


def dated_index() -> SearchIndex:
    days = ["2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-12-31"]
    days += ["2027-01-01", "2024-02-29"]
    return SearchIndex.build(to_document(meeting(day, dt.date.fromisoformat(day))) for day in days)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("from:2026-02-01 to:2026-02-01", ["2026-02-01"]),
        ("from:2026-02 to:2026-02", ["2026-02-28", "2026-02-01"]),
        ("from:2026-2 to:2026-2", ["2026-02-28", "2026-02-01"]),
        ("from:2026 to:2026", ["2026-12-31", "2026-03-01", "2026-02-28", "2026-02-01", "2026-01-31", "2026-01-01"]),
        ("from:2026-12-31", ["2027-01-01", "2026-12-31"]),
        ("to:2026-01", ["2026-01-31", "2026-01-01", "2025-12-31", "2024-02-29"]),
        ("to:2025", ["2025-12-31", "2024-02-29"]),
        ("from:2024-02 to:2024-02", ["2024-02-29"]),  # the last day of February in a leap year
        ("from:2027-01-02", []),
        ("from:2026-01 to:2026-03 from:2026-02", ["2026-03-01", "2026-02-28", "2026-02-01"]),  # all bounds hold
    ],
)
def test_dates_are_a_day_a_month_or_a_year_and_both_ends_are_included(typed: str, expected: list[str]) -> None:
    assert dated_index().search(typed) == expected


def test_a_date_range_combines_with_words() -> None:
    index = demo_index()
    assert index.search("bike from:2026-06") == [NOV]
    assert index.search("bike to:2026-06") == [MAY]
    assert parse_query("from:2026-05 to:2026").date_from == dt.date(2026, 5, 1)
    assert parse_query("from:2026-05 to:2026").date_to == dt.date(2026, 12, 31)


# --- what cannot be read -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("colour:red", ["'colour:' is not a filter", "partnership:, who:, project:, from: or to:"]),
        ("http://example.org", ["'http:' is not a filter", 'in quotes ("http://example.org")']),
        ("from:2026-13", ["from:2026-13 is not a date", "a month (2026-05)"]),
        ("to:2026-02-30", ["to:2026-02-30 is not a date on the calendar"]),
        ("from:soon", ["from:soon is not a date", "a day (2026-05-11)"]),
        ("to:26", ["to:26 is not a date"]),
        ("from:0000", ["from:0000 is not a date"]),
        ("from:2026-06 to:2026-05", ["from:2026-06-01 is after to:2026-05-31"]),
    ],
)
def test_a_search_that_cannot_be_read_says_why_in_words_a_user_understands(typed: str, says: list[str]) -> None:
    with pytest.raises(ValueError) as raised:
        parse_query(typed)
    for part in says:
        assert part in str(raised.value)
    with pytest.raises(ValueError):
        demo_index().search(typed)  # a str is parsed by search too


def test_text_with_a_colon_is_a_word_unless_it_looks_like_a_qualifier() -> None:
    assert parse_query("14:00 :)").words == ("14:00", ":)")
    assert parse_query('"http://example.org"').phrases == ("http://example.org",)
    assert parse_query("") == Query(text="") and parse_query("  ").is_empty
    assert not parse_query("from:2026").is_empty


@given(st.text(max_size=80))
def test_any_typing_either_parses_or_raises_value_error_with_a_message(typed: str) -> None:
    try:
        query = parse_query(typed)
    except ValueError as error:
        assert str(error).strip()
        assert "\n" not in str(error) and "\x1b" not in str(error)  # shown on one line under the box
    else:
        assert isinstance(query, Query)


_query_pieces = st.sampled_from(
    ["who:", "project:", "partnership:", "from:", "to:", '"', " ", "2026", "-05", "-1", "paul", "bike", ":", "é"]
)


@given(st.lists(_query_pieces | st.text(max_size=4), max_size=8).map("".join))
def test_any_query_built_from_search_syntax_parses_or_raises_value_error_and_search_never_fails(typed: str) -> None:
    try:
        query = parse_query(typed)
    except ValueError:
        return
    DEMO_INDEX.search(query)


DEMO_INDEX = demo_index()


# --- order and changes -------------------------------------------------------------------------


def test_results_are_newest_first_by_date_then_start_time() -> None:
    index = SearchIndex.build(
        to_document(m)
        for m in [
            meeting("morning", dt.date(2026, 3, 2), start=dt.time(9, 30)),
            meeting("older", dt.date(2026, 3, 1), start=dt.time(18, 0)),
            meeting("afternoon", dt.date(2026, 3, 2), start=dt.time(14, 0)),
            meeting("untimed", dt.date(2026, 3, 2)),
            meeting("newest", dt.date(2026, 3, 3)),
        ]
    )
    assert index.search("") == ["newest", "afternoon", "morning", "untimed", "older"]
    assert index.search("library") == index.search("")


def test_add_or_replace_and_remove_keep_the_results_right() -> None:
    index = demo_index()
    changed = demo_meetings()[0]  # May
    changed.venue = "Town hall annexe"
    changed.date = dt.date(2027, 1, 5)  # now the newest
    index.add_or_replace(to_document(changed))
    assert index.search("annexe") == [MAY]
    assert index.search("") == [MAY, NOV]  # moved by its new date
    assert index.search("from:2026-05 to:2026-05") == []
    assert index.search('"meeting room"') == [NOV]  # its old venue is gone from the index
    assert len(index) == 2

    index.add_or_replace(to_document(meeting("new", dt.date(2026, 12, 1), venue="Annexe")))
    assert index.search("annexe") == [MAY, "new"] and "new" in index
    index.remove(MAY)
    assert index.search("annexe") == ["new"] and index.search("") == ["new", NOV]
    index.remove(MAY)  # already gone: nothing happens
    index.remove("new")
    assert index.search("") == [NOV] and len(index) == 1 and "new" not in index


def test_building_twice_with_one_id_keeps_the_last_version() -> None:
    first, second = meeting("same", venue="First"), meeting("same", venue="Second")
    index = SearchIndex.build([to_document(first), to_document(second)])
    assert index.search("") == ["same"] and index.search("second") == ["same"] and index.search("first") == []


def test_searches_while_another_thread_saves_see_a_whole_index() -> None:
    index = demo_index()
    extra = [to_document(meeting(f"m{n}", dt.date(2026, 1, 1) + dt.timedelta(days=n))) for n in range(200)]
    failures: list[BaseException] = []

    def save() -> None:
        try:
            for document in extra:
                index.add_or_replace(document)
            for document in extra[::2]:
                index.remove(document["id"])
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    writer = threading.Thread(target=save)
    writer.start()
    while writer.is_alive():
        found = index.search("youth")
        assert found[-1] == MAY and len(found) == len(set(found))
    writer.join()
    assert not failures
    assert len(index.search("library")) == 100


# --- odd documents -----------------------------------------------------------------------------

ODD: list[Any] = [
    {"id": "bare"},
    {"id": "nones", "date": None, "start": None, "partnership": None, "attendees": None, "notes": None},
    {"id": "numbers", "date": 20260511, "start": 1400, "partnership": 3, "venue": 4.5, "purpose": True},
    {
        "id": "wrong-shapes",
        "attendees": "Paul",
        "steps": [{"key": "agenda", "kind": "agenda"}, {"key": "worked", "kind": "worked"}, "x", {"kind": 5}],
        "captures": {"agenda": {"items": {"title": "x"}}, "worked": {"notes": [None, 3, "text", ["a"]]}, "x": 1},
        "other_notes": "Paul",
    },
    {
        "id": "odd-items",
        "attendees": [{"name": None}, {"name": ["Paul"]}, {}],
        "steps": [{"key": "actions", "kind": "actions"}, {"key": "gone", "kind": "no-such-kind"}],
        "captures": {"actions": {"actions": [{"owner": 5}]}, "gone": {"notes": [{"text": "Paul"}]}},
    },
    {
        "id": "odd-parts",
        "steps": [{"key": "conflicts", "kind": "conflicts"}],
        "captures": {"conflicts": {"conflicts": [{"parties": "Paul"}, {"parties": [None, 1, "Paul Smith"]}]}},
        "health": "fine",
    },
    {"id": "odd-layout", "steps": "agenda", "captures": [{"items": [{"title": "Paul"}]}], "other_notes": [5]},
    {"id": "bad-date", "date": "next tuesday", "start": "14:00", "partnership": "Odd Partnership"},
    {"id": "controls", "partnership": "\x1b[31mRed\x00 Team\u202e", "venue": "\ud800 lone"},
    {"id": "previous", "previous_minutes": {"corrections": "not a list"}, "corrections": [1, None, "Fixed typo"]},
    {"id": 7, "partnership": "a number for an id"},
    {"partnership": "no id at all"},
    {"id": "", "partnership": "an empty id"},
    None,
    "a string",
    ["a", "list"],
]


@pytest.mark.parametrize(
    "typed", ["", "paul", '"paul smith"', "who:paul", "project:x", "partnership:odd", "from:2026", "to:2026 fixed"]
)
def test_odd_documents_never_break_building_saving_or_searching(typed: str) -> None:
    index = SearchIndex.build([*ODD, *map(to_document, demo_meetings())])
    for document in ODD:
        index.add_or_replace(document)
    index.search(typed)
    ids = index.search("")
    assert ids[:2] == [NOV, MAY]  # a meeting without a usable date sorts as the oldest
    assert set(ids) == {NOV, MAY} | {d["id"] for d in ODD[:10]}  # those without an id are skipped


def test_odd_documents_keep_what_text_they_have() -> None:
    index = SearchIndex.build(ODD)
    assert index.search("who:paul") == []  # a name that is not text is no name
    assert index.search("paul") == ["odd-parts"]  # "Paul Smith", the one party that is text
    assert index.search("partnership:odd") == ["bad-date"]
    assert index.search("fixed typo") == ["previous"]
    assert index.search("red") == ["controls"]  # control characters are kept: display neutralises them
    assert index.search("from:2000") == []  # no meeting with a readable date


# --- properties over any valid meeting -----------------------------------------------------------


def _searchable(word: str) -> bool:
    folded = fold(word)
    return bool(folded.split()) and not any(mark in folded for mark in ':"')


@settings(max_examples=60, suppress_health_check=[Health.too_slow])
@given(strategies.meetings(), st.data())
def test_any_word_or_phrase_of_any_meeting_finds_it(m: Meeting, data: st.DataObject) -> None:
    index = SearchIndex.build([to_document(m), *map(to_document, demo_meetings())])
    pieces = [piece for piece in user_text(m) if _searchable(piece)]
    if not pieces:
        return
    piece = data.draw(st.sampled_from(pieces))
    word = data.draw(st.sampled_from([w for w in piece.split() if _searchable(w)] or [piece.strip()]))
    assert m.id in index.search(word)
    assert m.id in index.search(f'"{piece}"')
    people = [a.name for a in m.attendees if _searchable(a.name)]
    if people:
        assert m.id in index.search(f'who:"{data.draw(st.sampled_from(people))}"')


def test_decisions_and_note_tags_are_searched() -> None:
    meeting = demo_meetings()[-1]
    meeting.decisions[0].why = "A quiet room keeps the group on task"
    meeting.notes[0].tag = "premises"
    index = SearchIndex.build([to_document(meeting)])
    assert index.search("quiet room") == [meeting.id]
    assert index.search("premises") == [meeting.id]
