"""The minutes store: saving, finding, and refusing to harm files it should not touch."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
from pathlib import Path

import pytest
from tinydb import TinyDB

from facilitator import tinydb_file as storage
from facilitator.document_schema import to_document
from facilitator.errors import (
    DuplicateMeeting,
    MeetingNotFound,
    NewerSchema,
    ReadOnlyStore,
    StoreError,
    StoreInUse,
    UnreadableFile,
)
from facilitator.model import SCHEMA_VERSION, Action, ActionStatus, Attendance, Meeting, MeetingStatus
from facilitator.tinydb_store import Store, live_path_for, lock_path_for
from tests import storefiles
from tests.conftest import review_meeting
from tests.strategies import as_schema_5


def stored_meetings(path: Path) -> list[dict[str, object]]:
    """The meetings in one TinyDB file, read by TinyDB itself (and the file closed again)."""
    with TinyDB(path) as db:
        return db.table("meetings").all()


def closed(meeting: Meeting) -> Meeting:
    meeting.status = MeetingStatus.CLOSED
    return meeting


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- saving and reading back ---------------------------------------------------------------


def test_a_saved_meeting_comes_back_whole_after_reopening(db_path: Path) -> None:
    meeting = review_meeting()
    with Store(db_path) as store:
        assert store.save(meeting) == 1
        assert store.save(meeting) == 2
    with Store(db_path) as store:
        assert store.get(meeting.id) == meeting


def test_autosaving_a_live_meeting_never_rewrites_the_archive(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add(closed(review_meeting(id="old-review")))
        archive_before = db_path.read_bytes()
        live = review_meeting(id="live-review")
        for text in ("first", "second", "third"):
            live.purpose = text
            store.save(live)
        assert db_path.read_bytes() == archive_before
        stored = stored_meetings(live_path_for(db_path))
        assert [doc["purpose"] for doc in stored] == ["third"]


def test_closing_a_meeting_moves_it_from_the_live_file_to_the_archive(db_path: Path) -> None:
    meeting = review_meeting()
    with Store(db_path) as store:
        store.save(meeting)
        store.save(closed(meeting))
        assert store.in_progress() == []
    assert stored_meetings(live_path_for(db_path)) == []
    assert stored_meetings(db_path) == [], "the header keeps no meetings: they are in the parts"
    [archived] = storefiles.archived(db_path)
    assert archived["id"] == meeting.id and archived["status"] == "closed"
    assert archived["schema"] == SCHEMA_VERSION


def test_every_stored_document_carries_the_schema_version(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(review_meeting())
        store.add(closed(review_meeting(id="closed-one")))
    for path in [*storefiles.archive_files(db_path), live_path_for(db_path)]:
        data = json.loads(path.read_text())
        assert data["meta"]["1"] == {"app": "facilitator", "schema": SCHEMA_VERSION, "layout": 2}
        assert all(doc["schema"] == SCHEMA_VERSION for doc in data.get("meetings", {}).values())


def test_list_is_newest_first_and_counts_open_actions(db_path: Path) -> None:
    older = closed(review_meeting(id="may", date=dt.date(2026, 5, 11)))
    older.actions[0].status = ActionStatus.DONE
    newer = review_meeting(id="nov")
    with Store(db_path) as store:
        store.add_many([older, newer])
        summaries = store.list_meetings()
    assert [s.id for s in summaries] == ["nov", "may"]
    assert [s.open_actions for s in summaries] == [2, 1]
    assert summaries[0].attendees == ("Denise Godfrey", "Paul Howard")
    assert summaries[0].to_json()["status"] == "in_progress"


def test_search_finds_every_word_in_any_case(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_many([review_meeting(id="a"), closed(review_meeting(id="b", venue="Town hall"))])
        assert {s.id for s in store.search("BIKE computers")} == {"a", "b"}
        assert [s.id for s in store.search("town bike")] == ["b"]
        assert store.search("skateboard") == []


def test_actions_across_meetings_filter_by_open_and_owner(db_path: Path) -> None:
    first = closed(review_meeting(id="first", date=dt.date(2026, 5, 11)))
    first.actions[0].status = ActionStatus.DONE
    second = review_meeting(id="second")
    second.actions.append(Action("Find funding", owner="", due=None))
    with Store(db_path) as store:
        store.add_many([first, second])
        everything = store.actions()
        open_for_paul = store.actions(open_only=True, owner="paul")
    assert len(everything) == 5
    assert everything[-1].action.text == "Find funding"  # undated actions come last
    assert [row.action.owner for row in open_for_paul] == ["Paul Howard", "Paul Howard"]
    assert open_for_paul[0].organisation == "Youth Offending Team"
    assert open_for_paul[0].to_json()["meeting_id"] in {"first", "second"}


def test_a_meeting_is_found_by_a_unique_start_of_its_id(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_many([review_meeting(id="abc123"), review_meeting(id="abd456"), review_meeting(id="xyz")])
        assert store.get("abc").id == "abc123"
        with pytest.raises(MeetingNotFound, match="matches 2 meetings"):
            store.get("ab")
        with pytest.raises(MeetingNotFound, match="no meeting"):
            store.get("nope")


def test_importing_a_meeting_twice_is_refused(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add(review_meeting(id="once"))
        with pytest.raises(DuplicateMeeting, match="already in"):
            store.add(review_meeting(id="once"))
        assert store.add_many([review_meeting(id="once"), review_meeting(id="new")], skip_existing=True)[0].id == "new"
        assert len(store) == 2


# --- privacy ---------------------------------------------------------------------------------


def test_files_are_readable_by_their_owner_alone(tmp_path: Path) -> None:
    db_path = tmp_path / "new-folder" / "minutes.json"
    with Store(db_path) as store:
        store.save(review_meeting())
        store.add(closed(review_meeting(id="closed")))
        assert mode_of(lock_path_for(db_path)) == 0o600
    assert mode_of(db_path) == 0o600
    assert mode_of(live_path_for(db_path)) == 0o600
    assert mode_of(db_path.parent) == 0o700


# --- files it must refuse, and leave untouched ------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"meta": {"1": {"app": "facilitator", "sch', "broken JSON"),
        (b"\x00\xff\xfe garbage", "not UTF-8"),
        (b'["a", "list"]', "not a TinyDB database"),
        (b'{"users": {"1": {"name": "x"}}}', "another program"),
        (b'{"_default": {"1": {"name": "x"}}}', "another program"),
    ],
    ids=["truncated", "binary", "foreign-json", "foreign-tinydb", "default-table"],
)
@pytest.mark.parametrize("readonly", [False, True])
def test_a_file_that_is_not_our_minutes_is_refused_and_left_untouched(
    db_path: Path, content: bytes, expected: str, readonly: bool
) -> None:
    db_path.write_bytes(content)
    with pytest.raises(UnreadableFile) as refused:
        Store(db_path, readonly=readonly)
    assert str(db_path) in str(refused.value)
    assert expected in str(refused.value)
    assert db_path.read_bytes() == content
    if not readonly:  # the refused writer let go of the lock
        Store(db_path.with_name("other.json")).close()
        with pytest.raises(UnreadableFile):
            Store(db_path)


def test_a_truncated_copy_of_real_minutes_is_refused(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add(closed(review_meeting()))
    whole = db_path.read_bytes()
    db_path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(UnreadableFile, match="broken JSON"):
        Store(db_path)
    assert db_path.read_bytes() == whole[: len(whole) // 2]


@pytest.mark.parametrize("where", ["header", "document"])
def test_a_file_from_a_newer_facilitator_is_refused_not_downgraded(db_path: Path, where: str) -> None:
    with Store(db_path) as store:
        store.add(closed(review_meeting()))
    [_, part] = storefiles.archive_files(db_path)
    changed = db_path if where == "header" else part
    data = json.loads(changed.read_text())
    if where == "header":
        data["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    else:
        data["meetings"]["1"]["schema"] = SCHEMA_VERSION + 1
    changed.write_text(json.dumps(data))
    before = changed.read_bytes()
    with pytest.raises(NewerSchema, match="newer Facilitator"):
        Store(db_path)
    with pytest.raises(NewerSchema):
        Store(db_path, readonly=True)
    assert changed.read_bytes() == before


def test_an_empty_file_is_a_new_database(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with Store(db_path) as store:
        assert store.list_meetings() == []
        store.save(review_meeting())


# --- migration -----------------------------------------------------------------------------


def schema_1_file(path: Path) -> dict:
    """Minutes as the first layout stored them: no item ids, apologies as a flag."""
    meeting = as_schema_5(to_document(review_meeting(id="v1-meeting")))  # one list per kind, as then
    del meeting["schema"]
    for part in ("agenda", "notes", "conflicts", "actions"):
        for item in meeting[part]:
            item.pop("id")
    for action in meeting["actions"]:
        action.pop("raised_in")
        action.pop("carried")
    for attendee in meeting["attendees"]:
        attendee["apologies"] = attendee.pop("attendance") == "apologies"
    meeting["attendees"][1]["apologies"] = True
    meeting["notes"][0]["agenda_item"] = None
    meeting["notes"][1]["agenda_item"] = None
    meeting["status"] = "closed"
    data = {"meta": {"1": {"app": "facilitator", "schema": 1}}, "meetings": {"1": {"schema": 1, **meeting}}}
    path.write_text(json.dumps(data))
    path.chmod(0o600)
    return data


def test_an_older_file_is_backed_up_then_migrated(db_path: Path) -> None:
    schema_1_file(db_path)
    original = db_path.read_bytes()
    with Store(db_path) as store:
        assert store.migrated_from == 1
        [backup] = store.backups
        meeting = store.get("v1-meeting")
    assert backup.read_bytes() == original
    assert mode_of(backup) == 0o600
    assert meeting.attendees[1].attendance is Attendance.APOLOGIES
    assert all(action.id and action.raised_in == "v1-meeting" for action in meeting.actions)
    assert len({note.id for note in meeting.notes}) == 2
    [upgraded] = storefiles.archived(db_path)
    assert all(meta["schema"] == SCHEMA_VERSION for meta in storefiles.metas(db_path))
    assert upgraded["schema"] == SCHEMA_VERSION
    with Store(db_path) as store:  # once migrated, it stays migrated: no second backup
        assert store.migrated_from is None and store.get("v1-meeting") == meeting


def test_a_reader_migrates_in_memory_and_writes_nothing(db_path: Path) -> None:
    schema_1_file(db_path)
    original = db_path.read_bytes()
    with Store(db_path, readonly=True) as store:
        assert store.get("v1").attendees[1].attendance is Attendance.APOLOGIES
    assert db_path.read_bytes() == original
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["minutes.json"]


# --- one writer at a time ------------------------------------------------------------------


def test_a_second_writer_is_told_the_file_is_in_use_and_readers_still_work(db_path: Path) -> None:
    meeting = review_meeting()
    with Store(db_path) as first:
        first.save(meeting)
        with pytest.raises(StoreInUse, match="in use by another copy"):
            Store(db_path)
        with Store(db_path, readonly=True) as reader:
            assert reader.get(meeting.id) == meeting
            with pytest.raises(ReadOnlyStore):
                reader.save(meeting)
        first.save(meeting)  # the first writer carries on unharmed
    with Store(db_path) as second:
        assert second.get(meeting.id).revision == 2


def test_leftover_temporary_files_are_cleaned_up_by_the_next_writer(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(review_meeting())
    orphan = db_path.with_name(f".{db_path.name}.abc123.tmp")
    orphan.write_text("half a save")
    stranger = db_path.with_name("notes.txt")
    stranger.write_text("not ours")
    with Store(db_path):
        pass
    assert not orphan.exists() and stranger.exists()


def test_a_meeting_left_in_both_files_by_a_crash_keeps_the_newer_copy(db_path: Path) -> None:
    meeting = review_meeting()
    with Store(db_path) as store:
        store.save(meeting)  # revision 1, live
    live_data = json.loads(live_path_for(db_path).read_text())
    # Simulate a crash after the archive write of a close but before the live removal.
    stale = json.loads(json.dumps(live_data["meetings"]["1"]))
    newer = {**stale, "status": "closed", "revision": 2, "purpose": "closed copy"}
    db_path.write_text(json.dumps({"meta": live_data["meta"], "meetings": {"1": newer}}))
    with Store(db_path) as store:
        assert store.get(meeting.id).purpose == "closed copy"
        assert len(store) == 1
    assert stored_meetings(live_path_for(db_path)) == []


# --- when the disk says no -------------------------------------------------------------------


def test_a_failed_write_is_reported_and_nothing_on_disk_is_lost(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = review_meeting()
    with Store(db_path) as store:
        store.save(meeting)
        good = live_path_for(db_path).read_bytes()

        def disk_full(*args: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(storage.os, "replace", disk_full)
        meeting.purpose = "said while the disk was full"
        with pytest.raises(StoreError, match="No space left on device"):
            store.save(meeting)
        assert live_path_for(db_path).read_bytes() == good
        assert store.get(meeting.id).purpose == ""  # the store still shows what is on disk
        assert not list(db_path.parent.glob("*.tmp"))
        monkeypatch.undo()
        store.save(meeting)  # space freed: the same meeting, still in memory, now saves
    with Store(db_path) as store:
        assert store.get(meeting.id).purpose == "said while the disk was full"


def test_an_invalid_meeting_is_refused_before_anything_is_written(db_path: Path) -> None:
    meeting = review_meeting()
    meeting.attendees[0].name = "   "
    with Store(db_path) as store, pytest.raises(ValueError, match=r"attendees\[0\]\.name"):
        store.save(meeting)
    assert stored_meetings(live_path_for(db_path)) == []
