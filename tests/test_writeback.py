"""A meeting's write-back never overwrites a later edit with the copy it read at the start.

Each test keeps a meeting of the partnership open while the same action (or the same minutes)
is changed elsewhere: in the actions list, or by another meeting that closes first. At the
close the later change stands, and the closing meeting's minutes say so.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

from facilitator import followup
from facilitator.document_schema import from_document, to_document, upgrade
from facilitator.meeting_files import read_meetings_file
from facilitator.minutes import render_markdown, render_text
from facilitator.model import SCHEMA_VERSION, ActionStatus, Approval, Attendee, Meeting, Outcome
from facilitator.session import Session
from facilitator.tinydb_store import Store
from tests import storefiles
from tests.strategies import as_schema_5
from tests.test_followup import PARTNERSHIP, spring_meeting

DECEMBER_1 = dt.date(2026, 12, 1)
DECEMBER_3 = dt.date(2026, 12, 3)


def opened(store: Store, meeting_id: str, day: dt.date) -> Session:
    """A meeting of the partnership started now: it reads the open actions and the minutes to approve."""
    meeting = Meeting(
        PARTNERSHIP,
        day,
        attendees=[Attendee("Denise Godfrey", "Youth Service", chair=True), Attendee("Paul Howard", "YOT")],
        id=meeting_id,
    )
    followup.prepare(meeting, store.meetings_of(PARTNERSHIP))
    session = Session(meeting, now=lambda: dt.datetime.combine(day, dt.time(15)))
    store.save(session.snapshot())  # the first autosave: it is now in progress on disk
    return session


def close(store: Store, session: Session) -> Meeting:
    session.finish()
    store.save(session.snapshot())
    return store.get(session.meeting.id)


def action(store: Store, action_id: str, meeting_id: str = "spring") -> object:
    return next(a for a in store.get(meeting_id).actions if a.id == action_id)


def new_store(db_path: Path, day: dt.date = DECEMBER_1) -> Store:
    return Store(db_path, today=lambda: day)


def test_done_in_the_actions_list_stays_done_when_a_meeting_that_said_carried_closes(db_path: Path) -> None:
    with new_store(db_path) as store:
        store.add(spring_meeting())
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("room", Outcome.CARRIED)
        store.update_action("spring", "room", status=ActionStatus.DONE)  # 1 Dec, while the meeting is open
        closed = close(store, winter)
        room = action(store, "room")
    assert (room.status, room.carried) == (ActionStatus.DONE, 0)  # not reopened, not counted as carried
    item = next(i for i in closed.arising if i.action_id == "room")
    assert item.later_edits == ["marked done on 1 Dec 2026 in the actions list; this meeting said carried"]
    minutes = render_markdown(closed)
    assert "marked done on 1 Dec 2026 in the actions list; this meeting said carried" in minutes
    assert "changed elsewhere (below)" in minutes
    assert "marked done on 1 Dec 2026 in the actions list" in render_text(closed)


def test_an_action_not_reviewed_is_not_counted_as_carried_once_done_elsewhere(db_path: Path) -> None:
    with new_store(db_path) as store:
        store.add(spring_meeting())
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        store.update_action("spring", "sheet", status=ActionStatus.DROPPED, reason="Sign-in moved online")
        closed = close(store, winter)
        sheet = action(store, "sheet")
        evening = action(store, "evening")
    assert (sheet.status, sheet.carried, sheet.reason) == (ActionStatus.DROPPED, 0, "Sign-in moved online")
    assert (evening.status, evening.carried) == (ActionStatus.OPEN, 1)  # untouched elsewhere: carried as before
    item = next(i for i in closed.arising if i.action_id == "sheet")
    assert item.later_edits == ["dropped on 1 Dec 2026 in the actions list; this meeting did not review it"]


def test_owner_and_due_changed_in_the_actions_list_are_kept(db_path: Path) -> None:
    with new_store(db_path) as store:
        store.add(spring_meeting())
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("room", Outcome.REPLANNED, new_owner="Paul Howard")  # a new owner, the same date
        winter.arising.decide("sheet", Outcome.REPLANNED, new_due=dt.date(2027, 1, 15))
        store.update_action("spring", "room", owner="Sam Ellis", due=dt.date(2026, 12, 18))
        store.update_action("spring", "sheet", due=dt.date(2027, 2, 1))
        closed = close(store, winter)
        room, sheet = action(store, "room"), action(store, "sheet")
    assert (room.owner, room.due, room.status, room.carried) == ("Sam Ellis", dt.date(2026, 12, 18), "open", 1)
    assert (sheet.owner, sheet.due, sheet.carried) == ("Paul Howard", dt.date(2027, 2, 1), 1)
    notes = {item.action_id: item.later_edits for item in closed.arising}
    # The room's date was not this meeting's to decide: the later date is kept without comment.
    assert notes["room"] == [
        "owner changed to Sam Ellis on 1 Dec 2026 in the actions list; this meeting said Paul Howard"
    ]
    assert notes["sheet"] == [
        "due date changed to 1 Feb 2027 on 1 Dec 2026 in the actions list; this meeting said 15 Jan 2027"
    ]


def test_what_the_meeting_decided_still_applies_where_nothing_changed_since(db_path: Path) -> None:
    with new_store(db_path) as store:
        store.add(spring_meeting())
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("room", Outcome.REPLANNED, new_owner="Paul Howard")
        store.update_action("spring", "room", due=dt.date(2026, 12, 18))  # only the date, elsewhere
        close(store, winter)
        room = action(store, "room")
    assert (room.owner, room.due, room.carried) == ("Paul Howard", dt.date(2026, 12, 18), 1)
    assert {edit.field: (edit.on, edit.meeting_id) for edit in room.edits} == {
        "due": (DECEMBER_1, ""),
        "owner": (DECEMBER_1, "winter"),
        "carried": (DECEMBER_1, "winter"),
    }


def test_two_meetings_in_progress_the_one_closing_last_does_not_undo_the_first(db_path: Path) -> None:
    with new_store(db_path) as store:
        store.add(spring_meeting())
        first = opened(store, "first", dt.date(2026, 11, 30))  # A: opened first, closes last
        second = opened(store, "second", dt.date(2026, 12, 1))  # B
        second.arising.decide("room", Outcome.DONE)
        second.arising.decide("evening", Outcome.REPLANNED, new_owner="Paul Howard", new_due=dt.date(2026, 12, 18))
        second.arising.approve_previous(["The bike group meets on Thursdays"])
        first.arising.decide("room", Outcome.CARRIED)
        first.arising.decide("evening", Outcome.REPLANNED, new_due=DECEMBER_3)
        first.arising.approve_previous()
        close(store, second)
        closed = close(store, first)
        spring = store.get("spring")
    room, sheet, evening = (next(a for a in spring.actions if a.id == i) for i in ("room", "sheet", "evening"))
    assert (room.status, room.carried) == (ActionStatus.DONE, 0)
    assert (evening.owner, evening.due) == ("Paul Howard", dt.date(2026, 12, 18))  # both B's
    assert sheet.carried == 1  # carried through B; A's close does not count it again over B's count
    assert spring.approved_in == "second" and spring.corrections == ["The bike group meets on Thursdays"]
    notes = {item.action_id: item.later_edits for item in closed.arising}
    assert notes["room"] == ["marked done in the meeting of 1 Dec 2026; this meeting said carried"]
    # The owner was not A's to decide (kept quietly); the date was, and B's stands.
    assert notes["evening"] == [
        "due date changed to 18 Dec 2026 in the meeting of 1 Dec 2026; this meeting said 3 Dec 2026"
    ]
    assert notes["sheet"] == []
    assert closed.previous_minutes is not None and closed.previous_minutes.approval is Approval.APPROVED
    assert closed.previous_minutes.later_edits == [
        "already approved with corrections in the meeting of 1 Dec 2026, and that approval stands; "
        "its approval is recorded here only"
    ]
    minutes = render_markdown(closed)
    assert "already approved with corrections in the meeting of 1 Dec 2026" in minutes


def test_a_retried_close_gives_the_same_result(db_path: Path, tmp_path: Path) -> None:
    """A crash after the decisions were written but before the meeting was: closing again changes nothing more."""
    results = []
    for name, attempts in (("once", 1), ("twice", 2)):
        with new_store(tmp_path / name / "minutes.json") as store:
            store.add(spring_meeting())
            winter = opened(store, "winter", dt.date(2026, 11, 30))
            winter.arising.decide("room", Outcome.CARRIED)
            winter.arising.decide("sheet", Outcome.DONE)
            winter.arising.decide("evening", Outcome.REPLANNED, new_owner="Paul Howard")
            winter.arising.approve_previous()
            store.update_action("spring", "room", status=ActionStatus.DONE)
            winter.finish()
            for _ in range(attempts - 1):
                store.follow_up(winter.snapshot())  # the decisions reached disk; the meeting did not
            store.save(winter.snapshot())
            results.append((store.get("spring").to_dict(), store.get("winter").arising))
    assert results[0] == results[1]
    spring, arising = results[1]
    assert {a["id"]: (a["status"], a["carried"]) for a in spring["captures"]["actions"]["actions"]} == {
        "room": ("done", 0),
        "sheet": ("done", 0),
        "evening": ("open", 1),
        "finished": ("done", 0),
    }
    assert [item.later_edits for item in arising] == [
        ["marked done on 1 Dec 2026 in the actions list; this meeting said carried"],
        [],
        [],
    ]


def test_a_close_that_failed_after_writing_still_follows_a_changed_mind(db_path: Path) -> None:
    with new_store(db_path) as store:
        store.add(spring_meeting())
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("room", Outcome.DONE)
        winter.finish()
        store.follow_up(winter.snapshot())  # written back, then the meeting itself failed to save
        winter.reopen()
        winter.arising.decide("room", Outcome.CARRIED)  # its own earlier write is not a later edit
        closed = close(store, winter)
        room = action(store, "room")
    assert (room.status, room.carried) == (ActionStatus.OPEN, 1)
    assert all(item.later_edits == [] for item in closed.arising)


def test_the_meeting_can_hear_of_later_edits_before_it_closes(db_path: Path) -> None:
    with new_store(db_path) as store:
        store.add(spring_meeting())
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("room", Outcome.CARRIED)
        before = followup.later_edits(winter.meeting, store.meetings_of(PARTNERSHIP), DECEMBER_1)
        store.update_action("spring", "room", status=ActionStatus.DONE)
        earlier = store.meetings_of(PARTNERSHIP)
        kept = copy.deepcopy(earlier)
        found = followup.later_edits(winter.meeting, earlier, DECEMBER_1)
    assert before == []
    assert found == [
        "Keep the workshop room for the bike group: marked done on 1 Dec 2026 in the actions list; "
        "this meeting said carried"
    ]
    assert earlier == kept and all(item.later_edits == [] for item in winter.meeting.arising)  # a trial only


def test_a_schema_4_file_and_export_read_with_no_edits_recorded(db_path: Path, tmp_path: Path) -> None:
    current = to_document(spring_meeting())
    old = as_schema_5(current)
    for a in old["actions"]:
        del a["edits"]
    old["schema"] = 4
    assert upgrade(old) == {**current, "schema": SCHEMA_VERSION} and SCHEMA_VERSION == 7
    exported = tmp_path / "spring.json"
    exported.write_text(json.dumps(old), encoding="utf-8")
    assert [m.to_dict() for m in read_meetings_file(exported)] == [from_document(current).to_dict()]
    data = {"meta": {"1": {"app": "facilitator", "schema": 4}}, "meetings": {"1": old}}
    db_path.write_text(json.dumps(data), encoding="utf-8")
    with Store(db_path) as store:
        assert store.migrated_from == 4 and store.backups and store.backups[0].exists()
        assert store.get("spring").actions[0].edits == []
    assert json.loads(store.backups[0].read_text(encoding="utf-8")) == data


def test_a_closed_meeting_saved_again_from_an_earlier_copy_keeps_what_was_written_since(db_path: Path) -> None:
    """The other path: a closed meeting's own copy (read before later changes) saved over the stored one."""
    with new_store(db_path) as store:
        store.add(spring_meeting())
        stale = store.get("spring")  # read now, saved again later (an edit, a late autosave)
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("room", Outcome.DONE)
        winter.arising.approve_previous(["The bike group meets on Thursdays"])
        close(store, winter)
        store.update_action("spring", "sheet", owner="Sam Ellis", due=DECEMBER_3)
        stale.venue = "The youth centre, upstairs"
        store.save(stale)
        spring = store.get("spring")
    assert spring.venue == "The youth centre, upstairs"
    assert (spring.approved_in, spring.corrections) == ("winter", ["The bike group meets on Thursdays"])
    by_id = {a.id: a for a in spring.actions}
    assert (by_id["room"].status, by_id["room"].carried) == (ActionStatus.DONE, 0)
    assert (by_id["sheet"].owner, by_id["sheet"].due, by_id["sheet"].carried) == ("Sam Ellis", DECEMBER_3, 1)
    assert (by_id["evening"].status, by_id["evening"].carried) == (ActionStatus.OPEN, 1)


def test_saving_a_closed_meeting_again_keeps_what_its_close_found(db_path: Path) -> None:
    """A late autosave after Finish saves the session's own copy, which never held the close's findings."""
    with new_store(db_path) as store:
        store.add(spring_meeting())
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("room", Outcome.CARRIED)
        winter.arising.approve_previous()
        store.update_action("spring", "room", status=ActionStatus.DONE)
        winter.finish()
        first = winter.snapshot()
        store.save(first)
        winter.saved(first.revision)
        winter.close.rate_together(comment="typed just after Finish")  # then saved again by the autosaver
        store.save(winter.snapshot())
        closed = store.get("winter")
    assert closed.health.comment == "typed just after Finish"
    item = next(i for i in closed.arising if i.action_id == "room")
    assert item.later_edits == ["marked done on 1 Dec 2026 in the actions list; this meeting said carried"]


def test_a_reason_left_on_an_action_reopened_in_the_actions_list_gives_way_to_the_meetings(db_path: Path) -> None:
    with new_store(db_path) as store:
        store.add(spring_meeting())
        store.update_action("spring", "evening", status=ActionStatus.DROPPED, reason="No budget")
        store.update_action("spring", "evening", status=ActionStatus.OPEN)  # reopened; the reason stays
        store.update_action("spring", "sheet", status=ActionStatus.DROPPED, reason="Moved online")
        store.update_action("spring", "sheet", status=ActionStatus.OPEN)
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("evening", Outcome.DROPPED, reason="A second paid worker is needed")
        winter.arising.decide("sheet", Outcome.CARRIED)
        closed = close(store, winter)
        evening, sheet = action(store, "evening"), action(store, "sheet")
    assert (evening.status, evening.reason) == (ActionStatus.DROPPED, "A second paid worker is needed")
    assert (sheet.status, sheet.reason, sheet.carried) == (ActionStatus.OPEN, "", 1)
    assert all(item.later_edits == [] for item in closed.arising)


def test_a_damaged_earlier_meeting_does_not_stop_a_meeting_closing(db_path: Path) -> None:
    """Its decisions cannot be written there, so they stay in the closing meeting's minutes, and the damage is named;
    before, every save of the close failed on the damaged meeting, so the meeting could never be closed."""
    with new_store(db_path) as store:
        store.add(spring_meeting())
        winter = opened(store, "winter", dt.date(2026, 11, 30))
        winter.arising.decide("room", Outcome.DONE)
    for part in storefiles.archive_files(db_path):
        data = json.loads(part.read_text())
        for document in data.get("meetings", {}).values():
            if document["id"] == "spring":
                document["date"] = "the week after next"  # damaged by hand
        part.write_text(json.dumps(data))
    with new_store(db_path) as store:
        closed = close(store, winter)
        assert closed.is_closed and any("spring" in problem for problem in store.damaged)
    assert "room" in {item.action_id for item in closed.arising}  # the decision is kept in the minutes
