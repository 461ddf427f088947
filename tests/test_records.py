"""The repository's behaviour, checked against every implementation of ``facilitator.repository``.

Each test takes ``open_repository``, parametrised over the backends: a second backend is one
more entry in ``BACKENDS`` (and one adapter), and must pass all of these. Today there is one,
the TinyDB files of ``facilitator.tinydb_store`` (the live file and the archive split by week),
checked twice: as opened, and holding a single part of the archive parsed at a time.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from facilitator import followup
from facilitator.errors import DuplicateMeeting, MeetingNotFound, StoreError
from facilitator.model import Action, ActionStatus, Attendee, Meeting, MeetingStatus, Note, Outcome, ValidationError
from facilitator.readmodels import ActionRow, MeetingSummary
from facilitator.records import Records
from facilitator.repository import Repository
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting

DECEMBER_1 = dt.date(2026, 12, 1)
PARTNERSHIP = "Youth Resource Centre & Youth Offending Team"

OpenRepository = Callable[..., Records]
ROUNDS = 20


def _tinydb(folder: Path, *, readonly: bool = False) -> Records:
    return Store(folder / "minutes.json", readonly=readonly, today=lambda: DECEMBER_1)


def _tinydb_one_part_cached(folder: Path, *, readonly: bool = False) -> Records:
    """The split archive holding one part parsed at a time: every read past it goes back to the files."""
    return Store(folder / "minutes.json", readonly=readonly, today=lambda: DECEMBER_1, cached_parts=1)


BACKENDS: dict[str, Callable[..., Records]] = {"tinydb": _tinydb, "tinydb-one-part-cached": _tinydb_one_part_cached}


@pytest.fixture(params=sorted(BACKENDS))
def open_repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenRepository]:
    """Opens the repository of this backend over one folder; every one opened is closed at the end."""
    opened: list[Records] = []

    def open_one(*, readonly: bool = False) -> Records:
        repository = BACKENDS[request.param](tmp_path, readonly=readonly)
        opened.append(repository)
        return repository

    yield open_one
    for repository in opened:
        repository.close()


def closed(meeting: Meeting) -> Meeting:
    meeting.status = MeetingStatus.CLOSED
    return meeting


def earlier_meeting() -> Meeting:
    return closed(
        Meeting(
            PARTNERSHIP,
            dt.date(2026, 5, 11),
            attendees=[Attendee("Denise Godfrey", "Youth Service", chair=True), Attendee("Paul Howard", "YOT")],
            actions=[
                Action("Book the art room", "Denise Godfrey", dt.date(2026, 6, 1), id="room"),
                Action("Send the sign-in sheet", "Paul Howard", dt.date(2026, 12, 20), id="sheet"),
            ],
            id="spring",
        )
    )


# --- one meeting ------------------------------------------------------------------------------


def test_a_saved_meeting_comes_back_by_id_or_prefix_with_its_revision(open_repository: OpenRepository) -> None:
    repository = open_repository()
    meeting = review_meeting(id="review-1")
    assert repository.save(meeting) == 1
    assert repository.save(meeting) == 2
    assert repository.get("review-1") == meeting
    assert repository.get("review").id == "review-1"
    assert repository.resolve(" review-1 ") == "review-1"
    assert repository.ids() == ["review-1"] and len(repository) == 1


def test_an_unknown_or_ambiguous_reference_is_refused_with_what_to_do(open_repository: OpenRepository) -> None:
    repository = open_repository()
    repository.add_many([review_meeting(id="review-1"), review_meeting(id="review-2")])
    with pytest.raises(MeetingNotFound, match="see 'facilitator list'"):
        repository.get("other")
    with pytest.raises(MeetingNotFound, match="matches 2 meetings"):
        repository.get("review")


def test_saves_outlive_the_repository(open_repository: OpenRepository) -> None:
    first = open_repository()
    first.save(review_meeting(id="kept"))
    first.close()
    assert open_repository(readonly=True).get("kept").id == "kept"


def test_an_import_skips_what_it_holds_already_and_refuses_a_different_meeting_under_its_id(
    open_repository: OpenRepository,
) -> None:
    repository = open_repository()
    first = review_meeting(id="a")
    assert [m.id for m in repository.add_many([first, closed(review_meeting(id="b"))])] == ["a", "b"]
    assert repository.add_many([copy.deepcopy(first)]) == []  # offered again as it was
    different = copy.deepcopy(first)
    different.venue = "Elsewhere"
    with pytest.raises(DuplicateMeeting, match="nothing was imported"):
        repository.add_many([different])
    assert repository.add_many([different], skip_existing=True) == []
    assert repository.get("a").venue == first.venue


# --- lists ------------------------------------------------------------------------------------


def test_lists_are_newest_first_and_a_closed_meeting_leaves_the_ones_in_progress(
    open_repository: OpenRepository,
) -> None:
    repository = open_repository()
    older = review_meeting(id="older", date=dt.date(2026, 1, 5))
    newer = review_meeting(id="newer", date=dt.date(2026, 3, 2), partnership="Another Partnership")
    repository.add_many([older, newer])
    summaries = repository.list_meetings()
    assert [s.id for s in summaries] == ["newer", "older"]
    assert all(isinstance(s, MeetingSummary) for s in summaries)
    assert summaries[1].open_actions == 2 and summaries[1].attendees == ("Denise Godfrey", "Paul Howard")
    assert [m.id for m in repository.in_progress()] == ["newer", "older"]
    repository.save(closed(older))
    assert [m.id for m in repository.in_progress()] == ["newer"]
    assert [m.id for m in repository.meetings()] == ["newer", "older"]
    assert [m.id for m in repository.meetings_of(PARTNERSHIP.upper())] == ["older"]
    assert [m.id for m in repository.latest_by_partnership()] == ["newer", "older"]


def test_search_follows_every_save_after_the_first_search(open_repository: OpenRepository) -> None:
    repository = open_repository()
    repository.save(review_meeting(id="first"))
    assert repository.find("bicycle") == ([], 0)  # builds the index
    second = review_meeting(id="second", notes=[Note("The bicycle shed is open")])
    repository.save(second)
    assert [s.id for s in repository.search("bicycle")] == ["second"]
    for note in second.notes:
        second.remove_note(note.id)
    repository.save(second)
    assert repository.search("bicycle") == []
    found, matching = repository.find("bike", limit=1)
    assert len(found) == 1 and matching == 2


def test_actions_are_counted_listed_and_changed_with_a_record_of_the_change(open_repository: OpenRepository) -> None:
    repository = open_repository()
    repository.add(earlier_meeting())
    assert repository.action_counts(DECEMBER_1) == (2, 1)  # the room was due in June
    rows = repository.actions(open_only=True, owner="denise")
    assert [(row.action.id, row.meeting_id, row.organisation) for row in rows] == [("room", "spring", "Youth Service")]
    row = repository.update_action("spring", "room", status=ActionStatus.DONE)
    assert isinstance(row, ActionRow) and row.action.status is ActionStatus.DONE
    assert [(edit.field, edit.on) for edit in repository.get("spring").actions[0].edits] == [("status", DECEMBER_1)]
    assert repository.action_counts(DECEMBER_1) == (1, 0)
    with pytest.raises(ValidationError, match="cannot be changed from the actions table"):
        repository.update_action("spring", "sheet", text="Another text")
    with pytest.raises(StoreError, match="no such action"):
        repository.update_action("spring", "gone", status=ActionStatus.DONE)


def test_an_action_of_a_meeting_in_progress_is_changed_in_the_meeting_only(open_repository: OpenRepository) -> None:
    repository = open_repository()
    repository.save(review_meeting(id="live"))
    action_id = repository.get("live").actions[0].id
    with pytest.raises(StoreError, match="still in progress"):
        repository.update_action("live", action_id, status=ActionStatus.DONE)


# --- closing ----------------------------------------------------------------------------------


def winter_meeting(repository: Repository) -> Meeting:
    """A later meeting of the partnership, reading the open actions and the minutes to approve."""
    winter = Meeting(
        PARTNERSHIP,
        dt.date(2026, 11, 30),
        attendees=[Attendee("Denise Godfrey", "Youth Service", chair=True), Attendee("Paul Howard", "YOT")],
        id="winter",
    )
    followup.prepare(winter, repository.meetings_of(PARTNERSHIP))
    return winter


def test_closing_writes_the_decisions_to_the_earlier_meeting_and_keeps_a_later_edit(
    open_repository: OpenRepository,
) -> None:
    repository = open_repository()
    repository.add(earlier_meeting())
    winter = winter_meeting(repository)
    repository.save(winter)  # in progress: nothing written back yet
    outcomes = {"room": Outcome.DONE, "sheet": Outcome.CARRIED}
    for item in winter.arising:
        item.outcome = outcomes[item.action_id]
    repository.update_action("spring", "sheet", status=ActionStatus.DROPPED, reason="Moved online")
    assert repository.later_edits(winter) == [
        "Send the sign-in sheet: dropped on 1 Dec 2026 in the actions list; this meeting said carried"
    ]
    assert repository.get("spring").actions[0].status is ActionStatus.OPEN
    repository.save(closed(winter))
    spring = repository.get("spring")
    assert [(a.id, a.status) for a in spring.actions] == [("room", ActionStatus.DONE), ("sheet", ActionStatus.DROPPED)]
    assert [item.later_edits for item in repository.get("winter").arising] == [
        [],
        ["dropped on 1 Dec 2026 in the actions list; this meeting said carried"],
    ]


def test_a_closed_meeting_saved_again_from_an_old_copy_keeps_changes_made_since(
    open_repository: OpenRepository,
) -> None:
    repository = open_repository()
    repository.add(earlier_meeting())
    old_copy = repository.get("spring")
    repository.update_action("spring", "room", status=ActionStatus.DONE)
    old_copy.purpose = "Edited later"
    repository.save(old_copy)
    stored = repository.get("spring")
    assert stored.purpose == "Edited later" and stored.actions[0].status is ActionStatus.DONE


# --- readers while a save runs ----------------------------------------------------------------


def test_what_a_reader_holds_stays_whole_while_a_save_runs_on_another_thread(open_repository: OpenRepository) -> None:
    """A save once refilled the stored document in place, under readers that had been handed it
    (lists are built outside the lock): a reader could find the meeting changed, or empty, under it.

    In a loop: a reader thread takes every kind of result, the main thread saves while it holds
    them, then the reader checks they are as they were.
    """
    repository = open_repository()
    repository.add(closed(review_meeting(id="closed-one", date=dt.date(2026, 1, 5))))
    live = review_meeting(id="live-one")
    repository.save(live)
    held, saved = threading.Event(), threading.Event()
    problems: list[str] = []

    def results() -> list[object]:
        backend = repository.backend
        return [
            list(backend.documents()),
            backend.open_documents(),
            backend.document("live-one"),
            repository.list_meetings(),
            repository.in_progress(),
            repository.meetings_of(live.partnership),
            repository.get("live-one"),
        ]

    def read() -> None:
        for _ in range(ROUNDS):
            taken = results()
            before = copy.deepcopy(taken)
            held.set()
            saved.wait(timeout=30)
            saved.clear()
            if taken != before:
                problems.append("changed under a reader")

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for count in range(ROUNDS):
            assert held.wait(timeout=30)
            held.clear()
            live.purpose = f"Save number {count}"
            repository.save(live)
            saved.set()
    finally:
        reader.join(timeout=30)
    assert problems == [] and repository.damaged == []


def test_a_document_handed_out_never_changes_when_its_meeting_is_saved_again(tmp_path: Path) -> None:
    """The backend's contract (``repository.MeetingDocuments``): readers may keep what it hands out."""
    with Store(tmp_path / "minutes.json") as store:
        meeting = review_meeting(id="kept")
        store.save(meeting)
        store.add(closed(review_meeting(id="archived")))
        held = [store.backend.document("kept"), *store.backend.documents(), *store.backend.open_documents()]
        before = copy.deepcopy(held)
        meeting.purpose = "Changed"
        store.save(meeting)
        archived = store.get("archived")
        archived.purpose = "Changed too"
        store.save(archived)
        assert held == before
