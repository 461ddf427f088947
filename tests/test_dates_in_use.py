"""Date phrases where due dates and review dates live: the model, the editors, matters arising and
its write-back, every export, and a sweep of the code for a place that shows a date without its words."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import icalendar
import pytest

from facilitator import followup
from facilitator.date_phrases import FLAG, read_when
from facilitator.exporters.formats import FORMATS, ActionsExport, MeetingExport
from facilitator.exporters.rows import meeting_rows
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Action, ArisingAction, Meeting, Outcome
from facilitator.session import Session
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting
from tests.test_followup import autumn_session, spring_meeting

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
EASTER_EVE = dt.date(2027, 3, 27)


def session_of(meeting: Meeting) -> Session:
    return Session(meeting, now=lambda: dt.datetime(2026, 12, 1, 10, 0))


def phrased_meeting() -> Meeting:
    """A review on 1 Dec 2026 with an action due 'before Easter', one 'by the next meeting' (no review date
    yet: unresolved), one plain, and the next review 'in the summer holidays'."""
    meeting = review_meeting(date=TODAY)
    meeting.actions = [
        Action("Print the leaflet", "Paul Howard", EASTER_EVE, due_text="before Easter", id="leaflet"),
        Action("Send the names", "Denise Godfrey", None, due_text="by the next meeting", id="names"),
        Action("Book the hall", "Denise Godfrey", dt.date(2026, 12, 11), id="hall"),
    ]
    for action in meeting.actions:
        action.raised_in = meeting.id
    meeting.next_review, meeting.next_review_text = dt.date(2027, 8, 31), "in the summer holidays"
    return meeting


# --- the model ---------------------------------------------------------------------------------------


def test_a_schema_6_document_without_the_words_still_reads_and_the_words_round_trip() -> None:
    meeting = phrased_meeting()
    data = meeting.to_dict()
    assert Meeting.from_dict(data) == meeting
    old = json.loads(json.dumps(data))
    del old["next_review_text"]
    for action in old["captures"]["actions"]["actions"]:
        del action["due_text"]
    read = Meeting.from_dict(old)
    assert read.next_review_text == "" and [a.due_text for a in read.actions] == ["", "", ""]
    assert ArisingAction("a", "m", "Text").due_text == ArisingAction("a", "m", "Text").new_due_text == ""


def test_an_unresolved_phrase_is_no_date_for_overdue_and_sorting_but_keeps_its_words() -> None:
    meeting = phrased_meeting()
    names = meeting.actions[1]
    assert names.due is None and not names.is_overdue(dt.date.max)
    assert session_of(meeting).actions.flags(names) == ["no date found in its words"]


# --- the editors -------------------------------------------------------------------------------------


def test_an_action_keeps_its_words_and_a_plain_date_typed_later_clears_them() -> None:
    session = session_of(review_meeting(date=TODAY))
    when = read_when("before Easter", TODAY)
    action = session.actions.add("Print the leaflet", "Paul Howard", when.due, when.text)
    assert (action.due, action.due_text) == (EASTER_EVE, "before Easter")
    session.actions.edit(action.id, due=dt.date(2027, 1, 8))
    assert (action.due, action.due_text) == (dt.date(2027, 1, 8), "")
    session.undo()
    assert (action.due, action.due_text) == (EASTER_EVE, "before Easter")


def test_setting_the_next_review_resolves_the_actions_due_by_the_next_meeting_and_undo_takes_it_back() -> None:
    meeting = phrased_meeting()
    meeting.next_review, meeting.next_review_text = None, ""
    session = session_of(meeting)
    when = read_when("in the summer holidays", TODAY)
    session.close.set_next_review(when.due, when.text)
    assert (meeting.next_review, meeting.next_review_text) == (dt.date(2027, 8, 31), "in the summer holidays")
    names, leaflet = meeting.actions[1], meeting.actions[0]
    assert (names.due, names.due_text) == (dt.date(2027, 8, 31), "by the next meeting")
    assert leaflet.due == EASTER_EVE  # other phrases keep their own date
    session.undo()
    assert (meeting.next_review, meeting.next_review_text, names.due) == (None, "", None)


def test_a_replanned_earlier_action_keeps_its_words_and_they_go_back_to_its_meeting() -> None:
    spring = spring_meeting()
    session = autumn_session(spring)
    when = read_when("end of March", session.meeting.date)
    item = session.arising.decide("evening", Outcome.REPLANNED, new_due=when.due, new_due_text=when.text)
    assert (item.new_due, item.new_due_text) == (dt.date(2027, 3, 31), "end of March")
    unresolved = session.arising.decide("sheet", Outcome.REPLANNED, new_due_text="when the grant comes")
    assert unresolved.new_due is None  # words alone are a re-plan: kept and flagged, never refused
    assert followup.apply_follow_up(session.meeting, spring, today=dt.date(2026, 11, 16))
    evening = next(a for a in spring.actions if a.id == "evening")
    sheet = next(a for a in spring.actions if a.id == "sheet")
    assert (evening.due, evening.due_text) == (dt.date(2027, 3, 31), "end of March")
    assert (sheet.due, sheet.due_text) == (None, "when the grant comes")
    assert "due" in [edit.field for edit in evening.edits]
    minutes = render_markdown(session.meeting)
    assert "due end of March (by Wed 31 Mar 2027)" in minutes and f"due when the grant comes {FLAG}" in minutes


def test_words_changed_in_the_actions_list_since_are_kept_at_the_close(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add(spring_meeting())
        session = autumn_session(store.get("spring"))
        session.arising.decide("sheet", Outcome.REPLANNED, new_due=dt.date(2027, 1, 15))
        store.update_action("spring", "sheet", due=None, due_text="after Easter")
        session.finish()
        store.save(session.meeting)
        sheet = next(a for a in store.get("spring").actions if a.id == "sheet")
        autumn = store.get("autumn")
    assert (sheet.due, sheet.due_text) == (None, "after Easter")  # the later change stands
    (note,) = next(item for item in autumn.arising if item.action_id == "sheet").later_edits
    assert f"due date changed to after Easter {FLAG}" in note and "this meeting said 15 Jan 2027" in note


# --- every export ---------------------------------------------------------------------------------


def test_the_minutes_show_the_words_with_the_date_and_flag_the_one_with_none() -> None:
    meeting = phrased_meeting()
    markdown = render_markdown(meeting)
    assert "| Print the leaflet | Paul Howard | before Easter (by Sat 27 Mar 2027) | open |" in markdown
    assert f"| Send the names | Denise Godfrey | by the next meeting {FLAG} | open |" in markdown
    assert "| Book the hall | Denise Godfrey | 11 Dec 2026 | open |" in markdown  # a plain date as always
    assert "## Next review\n\nin the summer holidays (by Tue 31 Aug 2027)" in markdown
    text = render_text(meeting)  # its table wraps a long cell onto the next line
    assert re.search(r"before Easter \(by +open\n +Sat 27 Mar 2027\)", text)
    assert re.search(f"by the next meeting +open\n +{FLAG}", text)
    assert "in the summer holidays (by Tue 31 Aug 2027)" in text


def test_the_calendar_uses_the_latest_day_and_leaves_out_the_unresolved_saying_so() -> None:
    meeting = phrased_meeting()
    what = MeetingExport(meeting, NOW)
    ics = FORMATS["ics"].renderer("meeting")
    assert ics is not None
    calendar = icalendar.Calendar.from_ical(ics(what))
    todos = {str(todo["SUMMARY"]): todo for todo in calendar.walk("VTODO")}
    assert set(todos) == {"Print the leaflet", "Book the hall"}
    assert todos["Print the leaflet"]["DUE"].dt == EASTER_EVE
    assert "before Easter (by Sat 27 Mar 2027)" in str(todos["Print the leaflet"]["DESCRIPTION"])
    (review,) = calendar.walk("VEVENT")
    assert review["DTSTART"].dt == dt.date(2027, 8, 31)
    assert "in the summer holidays" in str(review["DESCRIPTION"])
    note = ics.note_for(what)
    assert "Left out 1 action(s) whose due date names no day ('by the next meeting')" in note


def test_the_calendar_says_when_the_next_review_names_no_day() -> None:
    meeting = phrased_meeting()
    meeting.next_review, meeting.next_review_text = None, "when the new worker starts"
    ics = FORMATS["ics"].renderer("meeting")
    assert ics is not None
    assert "Left out the next review: 'when the new worker starts' names no day" in ics.note_for(
        MeetingExport(meeting, NOW)
    )


def test_the_spreadsheet_keeps_the_date_for_sorting_and_the_words_beside_it() -> None:
    meeting = phrased_meeting()
    csv_renderer = FORMATS["csv"].renderer("meeting")
    assert csv_renderer is not None
    rendered = csv_renderer(MeetingExport(meeting, NOW))
    assert isinstance(rendered, str)
    rows = {row["What"]: row for row in csv.DictReader(io.StringIO(rendered))}
    assert (rows["Print the leaflet"]["Due"], rows["Print the leaflet"]["Due as agreed"]) == (
        "2027-03-27",
        "before Easter (by Sat 27 Mar 2027)",
    )
    assert (rows["Send the names"]["Due"], rows["Send the names"]["Due as agreed"]) == (
        "",
        f"by the next meeting {FLAG}",
    )
    assert (rows["Book the hall"]["Due"], rows["Book the hall"]["Due as agreed"]) == ("2026-12-11", "")


def test_the_actions_list_shows_the_words_and_its_json_keeps_them() -> None:
    meeting = phrased_meeting()
    what = ActionsExport(meeting_rows(meeting), NOW, TODAY)
    table = FORMATS["txt"].renderer("actions")
    data = FORMATS["json"].renderer("actions")
    assert table is not None and data is not None
    text = table(what)
    assert isinstance(text, str)
    assert "2027-03-27 before Easter" in text and f"by the next meeting {FLAG}" in text
    meeting.actions[0].due_text = "before the end of the long and winding summer holidays"
    narrow = table(ActionsExport(meeting_rows(meeting), NOW, TODAY, width=80))
    assert isinstance(narrow, str) and all(len(line) <= 80 for line in narrow.splitlines())
    assert "2027-03-27 before the end…" in narrow  # cut after its date, never before
    rendered = data(what)
    assert isinstance(rendered, str)
    whole = ["before the end of the long and winding summer holidays", "by the next meeting", ""]
    assert [row["due_text"] for row in json.loads(rendered)] == whole  # the JSON keeps the words whole


def test_every_text_format_of_a_meeting_carries_the_words_of_every_due_date() -> None:
    """The sweep of the formats: a new one that shows due dates without their words fails here."""
    meeting = phrased_meeting()
    for name, export in FORMATS.items():
        renderer = export.renderer("meeting")
        if renderer is None:
            continue
        rendered = renderer(MeetingExport(meeting, NOW))
        if isinstance(rendered, bytes) and rendered.startswith(b"PK"):  # a Word file: the text of its body
            with zipfile.ZipFile(io.BytesIO(rendered)) as archive:
                rendered = re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))
        text = rendered.decode("utf-8", "replace") if isinstance(rendered, bytes) else rendered
        text = re.sub(r"\r\n ", "", text)  # a calendar folds its long lines
        assert "before Easter" in text, name
        if name != "ics":  # a calendar leaves the one with no day out, and says so (above)
            assert "by the next meeting" in text, name


# --- the sweep of the code ------------------------------------------------------------------------

# Where a due date or review date is read as a date and needs no words: the model, sorting and counting.
_NO_WORDS_NEEDED = {
    "facilitator/model.py",  # is_overdue
    "facilitator/readmodels.py",  # sorting and counting overdue
    "facilitator/guidance.py",  # tips about a missing date (its own engineer's)
    "facilitator/date_phrases.py",
    "facilitator/dates.py",
    "facilitator/records.py",  # the change itself
}
_READS_A_DUE = re.compile(r"\.(due|new_due|next_review)\b(?!_text)")
_KNOWS_THE_WORDS = re.compile(r"due_text|next_review_text|due_words|due_shown|due_cell|is_unresolved")


def test_every_module_that_reads_a_due_or_review_date_also_knows_its_words() -> None:
    """Found by grep for '.due', '.new_due' and '.next_review': each such module shows the words too."""
    missing = []
    for path in sorted([*(ROOT / "facilitator").rglob("*.py"), *(ROOT / "screens").rglob("*.py")]):
        name = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if name in _NO_WORDS_NEEDED or not _READS_A_DUE.search(text):
            continue
        if not _KNOWS_THE_WORDS.search(text):
            missing.append(name)
    assert missing == []


def test_no_box_for_a_due_or_review_date_reads_it_with_parse_date_alone() -> None:
    """parse_date refuses phrases: only the meeting's own date (set up) and the phrase reader may call it."""
    callers = sorted(
        path.relative_to(ROOT).as_posix()
        for path in [*(ROOT / "facilitator").rglob("*.py"), *(ROOT / "screens").rglob("*.py")]
        if re.search(r"\bparse_date\(", path.read_text(encoding="utf-8"))
    )
    assert callers == ["facilitator/date_phrases.py", "facilitator/dates.py", "screens/setup.py"]


@pytest.mark.parametrize("typed", ["before Easter", "by the next meeting", "+2w"])
def test_the_phrase_given_to_a_box_is_what_the_action_keeps(typed: str) -> None:
    session = session_of(review_meeting(date=TODAY))
    when = read_when(typed, TODAY, next_meeting=session.meeting.next_review)
    action = session.actions.add("Something", due=when.due, due_text=when.text)
    assert action.due_text == ("" if typed == "+2w" else typed)
    assert action.due == when.due


@pytest.mark.parametrize(
    ("typed", "owner", "due", "words"),
    [
        ("Paul +2w", "Paul", dt.date(2026, 12, 15), ""),
        ("den 2027-01-15", "den", dt.date(2027, 1, 15), ""),
        ("Paul", "Paul", None, ""),
        ("Paul Howard before Easter", "Paul Howard", EASTER_EVE, "before Easter"),
        ("Paul Howard end of March", "Paul Howard", dt.date(2027, 3, 31), "end of March"),
        ("by the next meeting", "", None, "by the next meeting"),
        ("Denise by when the grant comes", "Denise", None, "by when the grant comes"),
        ("May Smith", "May Smith", None, ""),  # a known name is never read as a month
    ],
)
def test_a_replan_is_split_into_the_new_owner_and_the_due_date_as_said(
    typed: str, owner: str, due: dt.date | None, words: str
) -> None:
    from screens.steps.arising import owner_and_date

    found, when = owner_and_date(typed, TODAY, ["Paul Howard", "Denise Godfrey", "May Smith"])
    assert (found, when.due, when.text) == (owner, due, words)
