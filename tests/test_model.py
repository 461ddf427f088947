"""The meeting model, checked the way a facilitator would meet it.

Each test reads as something that happens in or around a meeting: who may be listed,
what may be noted, what an imported file may and may not contain, and what the person
at the keyboard is told when something is refused.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import time
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from facilitator.document_schema import from_document, to_document
from facilitator.model import (
    MAX_TEXT,
    MAX_TIME_BOX,
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Attendee,
    Conflict,
    ConflictState,
    ConflictStyle,
    HealthCheck,
    Meeting,
    Note,
    NoteKind,
    PartnershipLevel,
    ValidationError,
)
from tests.strategies import (
    actions,
    agenda_items,
    as_schema_5,
    attendees,
    conflicts,
    health_checks,
    meetings,
    notes,
)

REVIEW_DAY = dt.date(2026, 11, 23)
WHITESPACE = ("", " ", "   ", "\t", "\n", " \r\n\t ", "\u00a0", "\u2003\u3000")


def review_meeting() -> Meeting:
    """A small but complete partnership review, the kind every test below starts from."""
    agenda = [
        AgendaItem("Holiday food programme", time_box=20),
        AgendaItem("Shared volunteer training", time_box=15),
    ]
    return Meeting(
        partnership="Riverside Partnership",
        date=REVIEW_DAY,
        start=dt.time(10, 0),
        end=dt.time(11, 30),
        venue="Community Hall",
        purpose="Six-monthly review of joint projects",
        attendees=[
            Attendee("Ann Lee", organisation="Riverside Trust", role="Director", chair=True),
            Attendee("Bob Osei", organisation="Food Bank"),
            Attendee("Chloé Martin", organisation="Youth Club", attendance=Attendance.APOLOGIES),
        ],
        agenda=agenda,
        notes=[
            Note("Volunteers came from both sides", raised_by="Bob Osei", agenda_item=agenda[0].id),
            Note("Referrals arrived late", kind=NoteKind.DID_NOT_WORK, raised_by="Ann Lee"),
        ],
        conflicts=[Conflict("Who owns the referral list", parties=["Ann Lee", "Bob Osei"])],
        actions=[
            Action("Share the referral list", owner="Bob Osei", due=dt.date(2026, 12, 4)),
            Action("Book the hall for spring"),
        ],
        health=HealthCheck(level=PartnershipLevel.COOPERATION, time=3, trust=4, turf=2),
        next_review=dt.date(2027, 5, 24),
    )


def review_data() -> dict[str, Any]:
    """The same meeting as it would arrive in an imported JSON file (of schema 5, one list per kind)."""
    return as_schema_5(json.loads(json.dumps(to_document(review_meeting()))))


def refusal(data: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        from_document(data) if isinstance(data, dict) and "schema" in data else Meeting.from_dict(data)
    return caught.value


# --- minutes survive being written down and read back ------------------------------------


@settings(max_examples=60, deadline=None)
@given(meetings())
def test_a_meeting_read_back_from_its_own_record_is_the_same_meeting(meeting: Meeting) -> None:
    assert Meeting.from_dict(meeting.to_dict()) == meeting


@settings(max_examples=60, deadline=None)
@given(meetings())
def test_a_meeting_record_is_plain_json_and_survives_a_trip_through_a_file(meeting: Meeting) -> None:
    record = meeting.to_dict()
    on_disk = json.dumps(record, ensure_ascii=False, allow_nan=False)  # no default=: only JSON types pass
    assert json.loads(on_disk) == record
    assert Meeting.from_dict(json.loads(on_disk)) == meeting


@settings(max_examples=40, deadline=None)
@given(meetings())
def test_a_generated_meeting_passes_its_own_checks_again(meeting: Meeting) -> None:
    before = copy.deepcopy(meeting)
    meeting.validate()
    assert meeting == before


@settings(max_examples=30, deadline=None)
@given(attendees(), agenda_items(), notes(), conflicts(), actions(), health_checks())
def test_every_part_of_a_meeting_can_be_made_from_its_own_record(
    attendee: Attendee,
    item: AgendaItem,
    note: Note,
    conflict: Conflict,
    action: Action,
    health: HealthCheck,
) -> None:
    meeting = Meeting(
        "Riverside Partnership",
        REVIEW_DAY,
        attendees=[attendee],
        agenda=[item],
        notes=[note],
        conflicts=[conflict],
        actions=[action],
        health=health,
    )
    assert Meeting.from_dict(json.loads(json.dumps(meeting.to_dict()))) == meeting


def test_the_example_review_reads_back_in_full() -> None:
    meeting = review_meeting()
    record = meeting.to_dict()
    assert record["date"] == "2026-11-23"
    assert record["start"] == "10:00"
    assert record["end"] == "11:30"
    assert record["captures"]["actions"]["actions"][0]["due"] == "2026-12-04"
    assert record["captures"]["actions"]["actions"][1]["due"] is None
    assert record["captures"]["conflicts"]["conflicts"][0]["style"] is None
    assert record["health"]["level"] == "cooperation"
    assert Meeting.from_dict(record) == meeting


def test_a_file_may_leave_out_everything_that_has_a_default() -> None:
    meeting = Meeting.from_dict({"partnership": "Riverside Partnership", "date": "2026-11-23"})
    assert meeting.attendees == []
    assert meeting.health.is_empty
    assert meeting.start is None


# --- people in the room ------------------------------------------------------------------


@pytest.mark.parametrize("blank", WHITESPACE)
def test_an_attendee_with_a_blank_name_is_refused_and_the_message_names_the_field(blank: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Attendee(blank)
    assert caught.value.field_path == "name"
    assert str(caught.value) == "name: must not be empty"


def test_whitespace_is_stripped_from_names_and_other_text() -> None:
    person = Attendee("  Ann Lee \n", organisation="\tRiverside Trust ", role=" Chair ")
    assert (person.name, person.organisation, person.role) == ("Ann Lee", "Riverside Trust", "Chair")
    meeting = Meeting("  Riverside Partnership  ", REVIEW_DAY, venue=" Hall ", attendees=[person])
    assert meeting.partnership == "Riverside Partnership"
    assert meeting.venue == "Hall"
    assert Conflict(" Referrals ", parties=[" Ann "]).parties == ["Ann"]


def test_names_read_from_a_file_are_stripped_too() -> None:
    data = review_data()
    data["attendees"][1]["name"] = "   Bob Osei\t"
    assert from_document(data).attendees[1].name == "Bob Osei"


def test_the_same_person_listed_twice_is_refused_whatever_the_case() -> None:
    with pytest.raises(ValidationError) as caught:
        Meeting(
            "Riverside Partnership",
            REVIEW_DAY,
            attendees=[Attendee("Ann Lee"), Attendee("Bob Osei"), Attendee("  ANN lee ")],
        )
    assert caught.value.field_path == "attendees[2].name"
    assert "listed twice" in str(caught.value)
    assert "ANN lee" in str(caught.value)


def test_a_meeting_has_at_most_one_chair() -> None:
    with pytest.raises(ValidationError) as caught:
        Meeting(
            "Riverside Partnership",
            REVIEW_DAY,
            attendees=[Attendee("Ann Lee", chair=True), Attendee("Bob Osei", chair=True)],
        )
    assert caught.value.field_path == "attendees"
    assert "only one person chairs" in str(caught.value)
    assert "Ann Lee" in str(caught.value) and "Bob Osei" in str(caught.value)


def test_the_chair_and_apologies_are_read_from_the_attendance_list() -> None:
    meeting = review_meeting()
    assert meeting.chair is not None and meeting.chair.name == "Ann Lee"
    assert [a.name for a in meeting.present] == ["Ann Lee", "Bob Osei"]
    assert [a.name for a in meeting.apologies] == ["Chloé Martin"]
    assert meeting.organisation_of("bob osei") == "Food Bank"
    assert meeting.organisation_of("Someone Else") == ""


# --- required text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field_path"),
    [
        (lambda blank: Meeting(blank, REVIEW_DAY), "partnership"),
        (lambda blank: AgendaItem(blank), "title"),
        (lambda blank: Note(blank), "text"),
        (lambda blank: Action(blank), "text"),
        (lambda blank: Conflict(blank), "issue"),
        (lambda blank: Conflict("Referrals", parties=["Ann", blank]), "parties[1]"),
    ],
    ids=["partnership", "agenda title", "note text", "action text", "conflict issue", "conflict party"],
)
@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_something_that_must_be_said_cannot_be_left_blank(make: Any, field_path: str, blank: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make(blank)
    assert caught.value.field_path == field_path
    assert str(caught.value) == f"{field_path}: must not be empty"


@pytest.mark.parametrize(
    ("path", "field_path"),
    [
        (("partnership",), "partnership"),
        (("agenda", 1, "title"), "agenda[1].title"),
        (("notes", 0, "text"), "notes[0].text"),
        (("actions", 1, "text"), "actions[1].text"),
        (("conflicts", 0, "issue"), "conflicts[0].issue"),
        (("attendees", 2, "name"), "attendees[2].name"),
    ],
)
def test_a_blank_required_field_in_a_file_is_refused_with_its_path(path: tuple[Any, ...], field_path: str) -> None:
    data = review_data()
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = "  "
    error = refusal(data)
    assert error.field_path == field_path
    assert "must not be empty" in str(error)


def test_a_1mb_paste_is_refused_quickly_with_the_limit_in_the_message() -> None:
    paste = "x" * 1_000_000
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        Note(paste)
    data = review_data()
    data["notes"][0]["text"] = paste
    from_file = refusal(data)
    assert time.perf_counter() - started < 1.0
    assert caught.value.field_path == "text"
    assert f"{MAX_TEXT:,}" in str(caught.value)
    assert "1,000,000" in str(caught.value)
    assert len(str(caught.value)) < 200  # the paste itself is not echoed back
    assert from_file.field_path == "notes[0].text"
    assert f"{MAX_TEXT:,}" in str(from_file)


def test_text_up_to_the_limit_is_kept_and_one_more_character_is_refused() -> None:
    assert len(Note("y" * MAX_TEXT).text) == MAX_TEXT
    assert Note("  " + "y" * MAX_TEXT + "  ").text == "y" * MAX_TEXT  # surrounding spaces do not count
    with pytest.raises(ValidationError, match="the limit is"):
        Note("y" * (MAX_TEXT + 1))
    with pytest.raises(ValidationError) as caught:
        Attendee("Ann", organisation="z" * (MAX_TEXT + 1))
    assert caught.value.field_path == "organisation"


def test_control_characters_are_kept_as_said_for_the_outputs_to_neutralise() -> None:
    note = Note("red \x1b[31malert\x1b[0m\x07")
    assert note.text == "red \x1b[31malert\x1b[0m\x07"


@pytest.mark.parametrize("not_text", [None, 42, 4.2, ["Ann"], b"Ann"])
def test_a_name_that_is_not_text_is_refused(not_text: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Attendee(not_text)
    assert caught.value.field_path == "name"
    assert "must be text" in str(caught.value)


# --- conflicts ---------------------------------------------------------------------------


def test_an_unknown_conflict_style_is_refused_and_the_five_thomas_styles_are_listed() -> None:
    with pytest.raises(ValidationError) as caught:
        Conflict("Who owns the referral list", style="shouting")
    message = str(caught.value)
    assert caught.value.field_path == "style"
    assert "'shouting'" in message
    for style in ("competing", "accommodating", "avoiding", "compromising", "collaborating"):
        assert style in message
    assert len(ConflictStyle) == 5


def test_an_unknown_conflict_style_in_a_file_is_refused_with_its_path() -> None:
    data = review_data()
    data["conflicts"][0]["style"] = "Collaborating"  # values are exact, lower case
    error = refusal(data)
    assert error.field_path == "conflicts[0].style"
    assert "collaborating" in str(error)


def test_an_unknown_conflict_state_is_refused_and_the_states_are_listed() -> None:
    with pytest.raises(ValidationError) as caught:
        Conflict("Who owns the referral list", state="resolved")
    assert caught.value.field_path == "state"
    for state in ConflictState:
        assert state.value in str(caught.value)


def test_a_conflict_takes_its_style_and_state_by_name() -> None:
    conflict = Conflict("Referrals", style="collaborating", state="way_forward_agreed", way_forward="Share weekly")
    assert conflict.style is ConflictStyle.COLLABORATING
    assert conflict.state is ConflictState.WAY_FORWARD_AGREED


# --- actions -----------------------------------------------------------------------------


def test_an_action_with_no_owner_and_no_date_is_accepted() -> None:
    action = Action("Book the hall for spring")
    assert (action.owner, action.due, action.status) == ("", None, ActionStatus.OPEN)
    meeting = Meeting("Riverside Partnership", REVIEW_DAY, actions=[action])
    meeting.validate()
    assert Meeting.from_dict(meeting.to_dict()).actions == [action]


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (REVIEW_DAY - dt.timedelta(days=1), ActionStatus.OPEN, True),
        (REVIEW_DAY, ActionStatus.OPEN, False),
        (REVIEW_DAY + dt.timedelta(days=1), ActionStatus.OPEN, False),
        (REVIEW_DAY - dt.timedelta(days=30), ActionStatus.DONE, False),
        (REVIEW_DAY - dt.timedelta(days=30), ActionStatus.DROPPED, False),
        (None, ActionStatus.OPEN, False),
    ],
    ids=["due yesterday", "due today", "due tomorrow", "done late", "dropped", "no date"],
)
def test_an_action_is_overdue_only_when_open_and_past_its_date(
    due: dt.date | None, status: ActionStatus, overdue: bool
) -> None:
    action = Action("Share the referral list", due=due, status=status)
    assert action.is_overdue(REVIEW_DAY) is overdue
    assert action.is_open is (status is ActionStatus.OPEN)


@pytest.mark.parametrize("carried", [-1, 1.5, True, "2"])
def test_an_action_cannot_be_carried_a_negative_or_odd_number_of_times(carried: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Action("Share the referral list", carried=carried)
    assert caught.value.field_path == "carried"


def test_an_action_due_must_be_a_date_not_text() -> None:
    with pytest.raises(ValidationError) as caught:
        Action("Share the referral list", due="next friday")
    assert caught.value.field_path == "due"
    assert "is not a date" in str(caught.value)


# --- dates and times in a file -----------------------------------------------------------


def test_an_impossible_due_date_in_a_file_is_refused_with_its_path() -> None:
    data = review_data()
    data["actions"][0]["due"] = "2026-02-30"
    error = refusal(data)
    assert error.field_path == "actions[0].due"
    assert str(error).startswith("actions[0].due: ")
    assert "not a real date" in str(error)


@pytest.mark.parametrize("not_a_date", ["next friday", "04/12/2026", "2026-12-4", "+2w", "today", ""])
def test_words_where_a_date_belongs_in_a_file_are_refused_with_the_expected_form(not_a_date: str) -> None:
    data = review_data()
    data["actions"][1]["due"] = not_a_date
    error = refusal(data)
    assert error.field_path == "actions[1].due"
    assert "YYYY-MM-DD" in str(error)


@pytest.mark.parametrize("wrong", [20261204, 2026.12, True, ["2026-12-04"], {"year": 2026}])
def test_a_date_that_is_not_text_in_a_file_is_refused(wrong: Any) -> None:
    data = review_data()
    data["actions"][0]["due"] = wrong
    error = refusal(data)
    assert error.field_path == "actions[0].due"
    assert "expected text" in str(error)


@pytest.mark.parametrize(("key", "value"), [("date", "2026-13-01"), ("date", None), ("next_review", "soon")])
def test_the_meeting_dates_in_a_file_are_checked_too(key: str, value: Any) -> None:
    data = review_data()
    data[key] = value
    assert refusal(data).field_path == key


@pytest.mark.parametrize(("value", "problem"), [("25:00", "not a time of day"), ("noon", "HH:MM"), (1030, "text")])
def test_a_start_time_that_is_not_a_time_is_refused(value: Any, problem: str) -> None:
    data = review_data()
    data["start"] = value
    error = refusal(data)
    assert error.field_path == "start"
    assert problem in str(error)


def test_a_meeting_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as caught:
        Meeting("Riverside Partnership", REVIEW_DAY, start=dt.time(14, 0), end=dt.time(13, 30))
    assert caught.value.field_path == "end"
    assert "ends (13:30) before it starts (14:00)" in str(caught.value)


def test_a_meeting_may_end_when_it_starts_or_have_only_one_time() -> None:
    Meeting("Riverside Partnership", REVIEW_DAY, start=dt.time(14, 0), end=dt.time(14, 0))
    Meeting("Riverside Partnership", REVIEW_DAY, start=dt.time(0, 0), end=dt.time(23, 59))
    Meeting("Riverside Partnership", REVIEW_DAY, end=dt.time(9, 0))
    Meeting("Riverside Partnership", REVIEW_DAY, start=dt.time(9, 0))


def test_a_file_where_the_meeting_ends_before_it_starts_is_refused() -> None:
    data = review_data()
    data["start"], data["end"] = "11:30", "10:00"
    assert refusal(data).field_path == "end"


def test_a_meeting_date_must_be_a_date() -> None:
    with pytest.raises(ValidationError) as caught:
        Meeting("Riverside Partnership", "2026-11-23")  # type: ignore[arg-type]
    assert caught.value.field_path == "date"


# --- the health check --------------------------------------------------------------------


@pytest.mark.parametrize("rating", [1, 2, 3, 4, 5, None])
def test_ratings_from_1_to_5_or_none_are_accepted(rating: int | None) -> None:
    health = HealthCheck(time=rating, trust=rating, turf=rating)
    assert (health.time, health.trust, health.turf) == (rating, rating, rating)


@pytest.mark.parametrize("rating", [0, 6, -1, 100, 3.0, "3", True, False])
@pytest.mark.parametrize("which", ["time", "trust", "turf"])
def test_ratings_outside_1_to_5_and_yes_no_answers_are_refused(which: str, rating: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        HealthCheck(**{which: rating})
    assert caught.value.field_path == which
    assert "is not a rating from 1 (a worry) to 5 (strong)" in str(caught.value)


@pytest.mark.parametrize("rating", [0, 6, True, "4", 4.0])
def test_a_rating_out_of_range_in_a_file_is_refused_with_its_path(rating: Any) -> None:
    data = review_data()
    data["health"]["trust"] = rating
    error = refusal(data)
    assert error.field_path == "health.trust"


def test_an_unknown_partnership_level_lists_himmelmans_levels() -> None:
    with pytest.raises(ValidationError) as caught:
        HealthCheck(level="partnership")
    for level in ("networking", "coordination", "cooperation", "collaboration"):
        assert level in str(caught.value)


def test_a_health_check_with_no_ratings_is_empty() -> None:
    assert HealthCheck(comment="Ran out of time").is_empty
    assert not HealthCheck(turf=2).is_empty


# --- agenda time boxes -------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, 1, 10, MAX_TIME_BOX])
def test_a_time_box_from_0_to_the_limit_is_accepted(minutes: int) -> None:
    assert AgendaItem("Holiday food programme", time_box=minutes).time_box == minutes


@pytest.mark.parametrize(
    ("minutes", "problem"),
    [
        (-1, "outside 0 to 600"),
        (MAX_TIME_BOX + 1, "outside 0 to 600"),
        (10_000, "outside 0 to 600"),
        (10.5, "is not a number of minutes"),
        ("10", "is not a number of minutes"),
        (True, "is not a number of minutes"),
        (None, "is not a number of minutes"),
    ],
)
def test_a_time_box_that_is_negative_too_long_or_not_minutes_is_refused(minutes: Any, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        AgendaItem("Holiday food programme", time_box=minutes)
    assert caught.value.field_path == "time_box"
    assert problem in str(caught.value)


def test_a_time_box_out_of_range_in_a_file_is_refused_with_its_path() -> None:
    data = review_data()
    data["agenda"][1]["time_box"] = 601
    error = refusal(data)
    assert error.field_path == "agenda[1].time_box"
    assert "600" in str(error)


# --- what an imported file may contain ---------------------------------------------------


def test_an_unknown_field_in_a_file_is_refused_rather_than_dropped() -> None:
    data = review_data()
    data["colour"] = "blue"
    data["budget"] = 100
    error = refusal(data)
    assert error.field_path == "meeting"
    assert "unknown field(s): budget, colour" in str(error)


def test_an_unknown_field_inside_an_attendee_is_refused_with_its_path() -> None:
    data = review_data()
    data["attendees"][1]["phone"] = "01234 567890"
    error = refusal(data)
    assert error.field_path == "attendees[1]"
    assert "phone" in str(error)


def test_an_unknown_field_inside_the_health_check_is_refused() -> None:
    data = review_data()
    data["health"]["mood"] = 3
    assert refusal(data).field_path == "health"


def test_a_missing_partnership_is_reported_as_missing() -> None:
    data = review_data()
    del data["partnership"]
    error = refusal(data)
    assert str(error) == "partnership: is missing"


def test_a_missing_action_text_is_reported_with_its_path() -> None:
    data = review_data()
    del data["actions"][0]["text"]
    assert str(refusal(data)) == "actions[0].text: is missing"


@pytest.mark.parametrize(
    ("change", "field_path", "problem"),
    [
        (lambda d: d.__setitem__("attendees", "Ann Lee"), "attendees", "expected a list, found str"),
        (lambda d: d.__setitem__("actions", {"text": "x"}), "actions", "expected a list, found dict"),
        (lambda d: d["attendees"].__setitem__(0, ["Ann Lee"]), "attendees[0]", "expected an object, found list"),
        (lambda d: d["attendees"].__setitem__(0, "Ann Lee"), "attendees[0]", "expected an object, found str"),
        (lambda d: d.__setitem__("health", None), "health", "expected an object, found NoneType"),
        (lambda d: d.__setitem__("health", [3, 4, 2]), "health", "expected an object, found list"),
        (lambda d: d["attendees"][0].__setitem__("chair", 1), "attendees[0].chair", "expected bool, found int"),
        (lambda d: d["attendees"][1].__setitem__("chair", "no"), "attendees[1].chair", "expected bool, found str"),
        (lambda d: d["attendees"][0].__setitem__("name", 7), "attendees[0].name", "expected str, found int"),
        (lambda d: d.__setitem__("partnership", None), "partnership", "expected str, found NoneType"),
        (lambda d: d["agenda"][0].__setitem__("time_box", "20"), "agenda[0].time_box", "expected int, found str"),
        (lambda d: d["agenda"][0].__setitem__("time_box", 20.0), "agenda[0].time_box", "expected int, found float"),
        (lambda d: d.__setitem__("revision", True), "revision", "expected int, found bool"),
        (lambda d: d["conflicts"][0].__setitem__("parties", "Ann Lee"), "conflicts[0].parties", "expected a list"),
        (lambda d: d["conflicts"][0]["parties"].append(3), "conflicts[0].parties[2]", "expected str, found int"),
        (lambda d: d["actions"][0].__setitem__("carried", "1"), "actions[0].carried", "expected int, found str"),
        (lambda d: d["notes"][0].__setitem__("kind", 1), "notes[0].kind", "is not one of: worked, did_not_work"),
        (lambda d: d["notes"][0].__setitem__("agenda_item", 5), "notes[0].agenda_item", "expected str, found int"),
        (lambda d: d.__setitem__("status", ["closed"]), "status", "is not one of"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." not in value and " " not in value else None,
)
def test_wrong_json_types_are_refused_with_the_path_and_what_was_found(
    change: Any, field_path: str, problem: str
) -> None:
    data = review_data()
    change(data)
    error = refusal(data)
    assert error.field_path == field_path
    assert problem in str(error)


@pytest.mark.parametrize("not_an_object", [[], "meeting", 3, None, True])
def test_a_file_that_is_not_an_object_at_all_is_refused(not_an_object: Any) -> None:
    error = refusal(not_an_object)
    assert error.field_path == "meeting"
    assert "expected an object" in str(error)


def test_an_empty_object_is_refused_for_want_of_a_partnership() -> None:
    assert refusal({}).field_path == "partnership"


# --- edits made during the live meeting --------------------------------------------------


def test_validate_catches_an_action_blanked_after_it_was_agreed() -> None:
    meeting = review_meeting()
    meeting.actions[0].text = "  "
    with pytest.raises(ValidationError) as caught:
        meeting.validate()
    assert caught.value.field_path == "actions[0].text"
    assert str(caught.value) == "actions[0].text: must not be empty"


@pytest.mark.parametrize(
    ("edit", "field_path"),
    [
        (lambda m: setattr(m.agenda[1], "time_box", -5), "agenda[1].time_box"),
        (lambda m: setattr(m.notes[1], "kind", "meh"), "notes[1].kind"),
        (lambda m: setattr(m.conflicts[0], "style", "yelling"), "conflicts[0].style"),
        (lambda m: m.conflicts[0].parties.append(""), "conflicts[0].parties[2]"),
        (lambda m: setattr(m.attendees[2], "name", "\t"), "attendees[2].name"),
        (lambda m: setattr(m.health, "trust", 9), "health.trust"),
        (lambda m: setattr(m, "partnership", ""), "partnership"),
        (lambda m: setattr(m, "end", dt.time(9, 0)), "end"),
        (lambda m: m.attendees.append(Attendee("bob osei")), "attendees[3].name"),
        (lambda m: setattr(m.attendees[1], "chair", True), "attendees"),
    ],
)
def test_validate_catches_other_edits_made_during_the_meeting(edit: Any, field_path: str) -> None:
    meeting = review_meeting()
    edit(meeting)
    with pytest.raises(ValidationError) as caught:
        meeting.validate()
    assert caught.value.field_path == field_path


def test_validate_tidies_an_edit_that_is_fine_apart_from_spaces() -> None:
    meeting = review_meeting()
    meeting.attendees[1].name = "  Bob Osei  "
    meeting.actions[1].owner = " Ann Lee "
    meeting.conflicts[0].style = "collaborating"
    meeting.validate()
    assert meeting.attendees[1].name == "Bob Osei"
    assert meeting.actions[1].owner == "Ann Lee"
    assert meeting.conflicts[0].style is ConflictStyle.COLLABORATING


@settings(max_examples=30, deadline=None)
@given(meetings(), st.data())
def test_validate_names_the_exact_action_whose_text_was_blanked(meeting: Meeting, data: st.DataObject) -> None:
    assume(meeting.step_spec("actions") is not None or any(step.kind == "actions" for step in meeting.steps))
    meeting.actions.append(Action("Book the hall for spring"))
    index = data.draw(st.integers(0, len(meeting.actions) - 1))
    meeting.actions[index].text = data.draw(st.sampled_from(WHITESPACE))
    with pytest.raises(ValidationError) as caught:
        meeting.validate()
    assert caught.value.field_path == f"actions[{index}].text"


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\u00a0\u2003\u3000"))
def test_any_run_of_whitespace_counts_as_a_blank_name(blank: str) -> None:
    with pytest.raises(ValidationError, match="must not be empty"):
        Attendee(blank)


def test_a_datetime_set_as_a_due_date_is_refused_before_it_could_be_stored() -> None:
    with pytest.raises(ValidationError, match="due"):
        Action("Book the room", due=dt.datetime(2026, 12, 1, 10, 0))


def test_times_and_review_dates_set_by_code_are_type_checked_on_validate() -> None:
    meeting = Meeting("Partners", dt.date(2026, 11, 23))
    meeting.next_review = "2027-05-17"  # type: ignore[assignment]
    with pytest.raises(ValidationError, match="next_review"):
        meeting.validate()
