"""The archive split into one plain TinyDB file a week, its overview index, and the upgrade of a one-file store.

docs/storage.md, "The archive, split by week". Every file is opened here with plain ``tinydb``
(tests/storefiles.py), as another program would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tinydb import TinyDB

from facilitator import readmodels, store_index
from facilitator.document_schema import to_document
from facilitator.model import SCHEMA_VERSION, MeetingStatus
from facilitator.storepaths import belongs_to_store, index_path_for, parts_folder_for
from facilitator.tinydb_store import Store
from tests import storefiles
from tests.conftest import review_meeting
from tests.test_upgrade import as_schema_4

ROOT = Path(__file__).resolve().parent.parent
MONDAY = dt.date(2026, 11, 16)  # ISO week 2026-W47


def closed_on(day: dt.date, meeting_id: str) -> object:
    return review_meeting(id=meeting_id, status=MeetingStatus.CLOSED, date=day)


def weeks_of_history(db_path: Path, weeks: int = 4, per_week: int = 3) -> list[str]:
    ids = [f"m-{week}-{n}" for week in range(weeks) for n in range(per_week)]
    with Store(db_path) as store:
        store.add_many(
            [
                closed_on(MONDAY - dt.timedelta(weeks=week) + dt.timedelta(days=n), f"m-{week}-{n}")
                for week in range(weeks)
                for n in range(per_week)
            ]  # type: ignore[misc]
        )
    return ids


def part_names(db_path: Path) -> list[str]:
    return sorted(path.name for path in parts_folder_for(db_path).glob("*.json"))


# --- the layout -------------------------------------------------------------------------------


def test_closed_meetings_are_kept_one_plain_tinydb_file_a_week(db_path: Path) -> None:
    ids = weeks_of_history(db_path)
    assert part_names(db_path) == ["2026-W44.json", "2026-W45.json", "2026-W46.json", "2026-W47.json"]
    for part in parts_folder_for(db_path).glob("*.json"):
        with TinyDB(part) as db:  # another program's tinydb opens each
            assert db.table("meta").all() == [{"app": "facilitator", "schema": SCHEMA_VERSION, "layout": 2}]
            assert len(db.table("meetings")) == 3
    assert sorted(doc["id"] for doc in storefiles.archived(db_path)) == sorted(ids)
    with TinyDB(db_path) as db:
        assert db.table("meetings").all() == []


def test_closing_a_meeting_rewrites_its_week_alone(db_path: Path) -> None:
    weeks_of_history(db_path)
    before = {name: (parts_folder_for(db_path) / name).read_bytes() for name in part_names(db_path)}
    with Store(db_path) as store:
        meeting = review_meeting(id="this-week", date=MONDAY + dt.timedelta(days=2))
        store.save(meeting)
        meeting.status = MeetingStatus.CLOSED
        store.save(meeting)
    after = {name: (parts_folder_for(db_path) / name).read_bytes() for name in part_names(db_path)}
    assert [name for name in after if after[name] != before.get(name)] == ["2026-W47.json"]


def test_a_meeting_whose_date_changes_moves_to_its_new_week(db_path: Path) -> None:
    weeks_of_history(db_path, weeks=2, per_week=1)
    with Store(db_path) as store:
        meeting = store.get("m-0-0")
        meeting.date = dt.date(2025, 1, 6)
        store.save(meeting)
    with TinyDB(parts_folder_for(db_path) / "2026-W47.json") as db:
        assert db.table("meetings").all() == []
    with TinyDB(parts_folder_for(db_path) / "2025-W02.json") as db:
        assert [doc["id"] for doc in db.table("meetings").all()] == ["m-0-0"]
    with Store(db_path, readonly=True) as reader:
        assert reader.get("m-0-0").date == dt.date(2025, 1, 6) and len(reader) == 2


def test_a_meeting_found_in_two_parts_after_a_kill_keeps_the_higher_revision(db_path: Path) -> None:
    weeks_of_history(db_path, weeks=2, per_week=1)
    with Store(db_path) as store:
        old = store.get("m-0-0")
    # As a kill between the two writes of a move leaves it: the new copy in its new week, the old one still there.
    newer = to_document(old)
    newer.update(date="2025-01-06", revision=old.revision + 1, purpose="moved")
    with TinyDB(parts_folder_for(db_path) / "2025-W02.json") as db:
        db.table("meta").insert({"app": "facilitator", "schema": SCHEMA_VERSION, "layout": 2})
        db.table("meetings").insert(newer)
    with Store(db_path, readonly=True) as reader:  # a reader prefers the newer copy, writes nothing
        assert reader.get("m-0-0").purpose == "moved" and len(reader) == 2
    with Store(db_path) as writer:
        assert writer.get("m-0-0").purpose == "moved" and len(writer) == 2
    assert [doc["id"] for doc in storefiles.archived(db_path)].count("m-0-0") == 1


def test_the_files_of_the_split_archive_are_the_stores_own(db_path: Path) -> None:
    weeks_of_history(db_path, weeks=1, per_week=1)
    folder = parts_folder_for(db_path)
    assert belongs_to_store(db_path, folder / "2026-W47.json")
    assert belongs_to_store(db_path, folder / "notes.pdf"), "nothing may be exported into the parts' folder"
    assert belongs_to_store(db_path, index_path_for(db_path))
    assert not belongs_to_store(db_path, db_path.with_name("minutes.pdf"))


def test_each_backend_reads_its_meetings_on_demand_with_a_bounded_cache(db_path: Path) -> None:
    ids = weeks_of_history(db_path, weeks=6, per_week=2)
    with Store(db_path, cached_parts=2) as store:
        assert {meeting.id for meeting in store.meetings()} == set(ids)
        assert len(store.backend._parts) <= 2
        assert store.get("m-5-1").id == "m-5-1"


# --- the overview index -----------------------------------------------------------------------


def index_lines(db_path: Path) -> tuple[dict[str, object], list[list[object]], list[list[object]]]:
    """The overview index as saved: its header line and each part's listings line (name, size, mtime_ns,
    columns, where its actions line is), in order; and each part's line of the actions file beside it (name,
    size, mtime_ns, rows)."""
    header, *lines = (json.loads(line) for line in index_path_for(db_path).read_text().splitlines())
    actions_path = store_index.actions_path_for(parts_folder_for(db_path))
    actions = [json.loads(line) for line in actions_path.read_text().splitlines()[1:]] if actions_path.exists() else []
    return header, lines, actions


def saved_index(db_path: Path) -> tuple[dict[str, object], dict[str, list[object]]]:
    """The overview index as saved: its header line (without the actions file's stamp, which changes whenever
    that file is written again, nor the digest, which holds the lines' checksum), and each part's listings line
    by name."""
    header, parts, _ = index_lines(db_path)
    kept = {key: value for key, value in header.items() if key not in ("actions", "digest")}
    return kept, {part[0]: part for part in parts}  # type: ignore[misc]


def listing_rows(part: list[object]) -> list[list[object]]:
    """A part's listings, a row a meeting (``Listing``'s fields in order), from its columns."""
    ids, *columns = part[3]  # type: ignore[misc]
    return [[meeting_id, *(values[indices[n]] for values, indices in columns)] for n, meeting_id in enumerate(ids)]


def write_index(db_path: Path, header: dict[str, object], parts: dict[str, list[object]]) -> None:
    """The index written by hand (beside the actions file as saved)."""
    stamp = store_index.stamp_of(store_index.actions_path_for(parts_folder_for(db_path)))
    lines = [json.dumps({**header, "actions": None if stamp is None else list(stamp)})]
    lines += [json.dumps(part) for part in parts.values()]
    index_path_for(db_path).write_text("\n".join(lines) + "\n")


def listed(db_path: Path) -> list[tuple[str, str, int]]:
    with Store(db_path, readonly=True) as reader:
        return [(s.id, s.partnership, s.open_actions) for s in reader.list_meetings()]


def test_the_overview_index_is_saved_and_answers_the_lists(db_path: Path) -> None:
    weeks_of_history(db_path)
    header, parts = saved_index(db_path)
    assert header == {"app": "facilitator", "index": store_index.INDEX_VERSION, "schema": SCHEMA_VERSION}
    assert sorted(parts) == part_names(db_path)
    with Store(db_path) as store:
        assert store.backend._parts == {}, "the lists and counts came from the index, not the parts"
        assert len(store.list_meetings()) == 12
        assert store.action_counts(MONDAY) == store_counts_from_meetings(store)


def store_counts_from_meetings(store: Store) -> tuple[int, int]:
    actions = [action for meeting in store.meetings() for action in meeting.actions if action.is_open]
    return len(actions), sum(1 for action in actions if action.due is not None and action.due < MONDAY)


@pytest.mark.parametrize(
    "spoil",
    ["deleted", "not-json", "another-shape", "a-row-of-another-shape", "a-value-out-of-its-column", "another-schema"],
)
def test_a_missing_or_unreadable_index_is_rebuilt_from_the_parts(db_path: Path, spoil: str) -> None:
    weeks_of_history(db_path)
    expected = listed(db_path)
    index = index_path_for(db_path)
    header, parts = saved_index(db_path)
    if spoil == "deleted":
        index.unlink()
    elif spoil == "not-json":
        index.write_text("{ not json")
    elif spoil == "another-shape":
        index.write_text(json.dumps([1, 2, 3]))
    elif spoil == "a-row-of-another-shape":
        first = json.loads(json.dumps(next(iter(parts.values()))))
        first[3][0] = ["only an id"]
        write_index(db_path, header, {**parts, first[0]: first})
    elif spoil == "a-value-out-of-its-column":
        first = json.loads(json.dumps(next(iter(parts.values()))))
        first[3][4][1][0] = len(first[3][4][0])  # the first meeting's partnership: past the column's values
        write_index(db_path, header, {**parts, first[0]: first})
    else:
        write_index(db_path, {**header, "schema": SCHEMA_VERSION - 1}, parts)
    assert listed(db_path) == expected
    with Store(db_path):
        pass  # a writer saves a good index again
    assert saved_index(db_path) == (header, parts)
    assert listed(db_path) == expected


def test_listings_read_from_the_index_share_each_repeated_value(db_path: Path) -> None:
    weeks_of_history(db_path)
    with Store(db_path, readonly=True) as reader:
        listings = reader.listings()
        assert reader.backend._parts == {}
        first, *others = listings
        for other in others:  # the same review each week: one tuple of attendees, one partnership, across parts
            assert other.attendees is first.attendees and other.partnership is first.partnership
        assert first.start == "14:00" and first.summary.start == "14:00"
    # No start time is kept as "" (one sort key for newest first) and shown as none.
    assert readmodels.listing({"id": "no-start"}).summary.start is None


def test_a_part_changed_behind_the_index_is_read_again(db_path: Path) -> None:
    weeks_of_history(db_path)
    part = parts_folder_for(db_path) / "2026-W46.json"
    with TinyDB(part) as db:  # another program renames a partnership; the index still says the old name
        db.table("meetings").update({"partnership": "Renamed by hand"}, doc_ids=[1])
    with Store(db_path, readonly=True) as reader:
        assert "Renamed by hand" in {s.partnership for s in reader.list_meetings()}
    with TinyDB(part) as db:  # and takes a meeting out
        db.table("meetings").remove(doc_ids=[2])
    with Store(db_path) as writer:
        assert len(writer.list_meetings()) == 11
    rows = listing_rows(saved_index(db_path)[1]["2026-W46.json"])
    assert len(rows) == 2 and "Renamed by hand" in {row[4] for row in rows}


def test_a_part_the_index_does_not_name_is_read_and_one_it_names_but_the_disk_lacks_is_dropped(db_path: Path) -> None:
    weeks_of_history(db_path)
    (parts_folder_for(db_path) / "2026-W44.json").unlink()
    with TinyDB(parts_folder_for(db_path) / "2020-W01.json") as db:
        db.table("meta").insert({"app": "facilitator", "schema": SCHEMA_VERSION, "layout": 2})
        db.table("meetings").insert(to_document(closed_on(dt.date(2020, 1, 1), "copied-in")))  # type: ignore[arg-type]
    ids = {summary[0] for summary in listed(db_path)}
    assert "copied-in" in ids and len(ids) == 10


# --- the upgrade of a one-file store ---------------------------------------------------------


def one_file_store(db_path: Path, schema: int = SCHEMA_VERSION, weeks: int = 3) -> bytes:
    """A store as Facilitator wrote it before the split: every closed meeting in ``minutes.json``."""
    documents = [to_document(closed_on(MONDAY - dt.timedelta(weeks=w), f"old-{w}")) for w in range(weeks)]  # type: ignore[arg-type]
    if schema == 4:
        documents = [as_schema_4(document) for document in documents]
    data = {
        "meta": {"1": {"app": "facilitator", "schema": schema}},
        "meetings": {str(n): document for n, document in enumerate(documents, 1)},
    }
    db_path.write_text(json.dumps(data))
    db_path.chmod(0o600)
    return db_path.read_bytes()


@pytest.mark.parametrize("schema", [4, SCHEMA_VERSION])
def test_a_one_file_store_is_backed_up_then_split_on_first_open_by_a_writer(db_path: Path, schema: int) -> None:
    original = one_file_store(db_path, schema)
    with Store(db_path, readonly=True) as reader:  # a reader upgrades in memory only
        assert len(reader) == 3
    assert db_path.read_bytes() == original and not parts_folder_for(db_path).exists()
    with Store(db_path) as store:
        assert [backup.read_bytes() for backup in store.backups] == [original]
        assert oct(os.stat(store.backups[0]).st_mode & 0o777) == "0o600"
        assert store.migrated_from == (4 if schema == 4 else None)
        meetings = {meeting.id: meeting for meeting in store.meetings()}
    assert sorted(meetings) == ["old-0", "old-1", "old-2"]
    assert part_names(db_path) == ["2026-W45.json", "2026-W46.json", "2026-W47.json"]
    assert all(doc["schema"] == SCHEMA_VERSION for doc in storefiles.archived(db_path))
    with TinyDB(db_path) as db:
        assert db.table("meetings").all() == []
        assert db.table("meta").all() == [{"app": "facilitator", "schema": SCHEMA_VERSION, "layout": 2}]
    with Store(db_path) as again:  # split once, for good: no second backup
        assert again.backups == [] and {m.id: m for m in again.meetings()} == meetings


def test_a_split_cut_short_by_a_kill_is_finished_by_the_next_writer(db_path: Path) -> None:
    one_file_store(db_path, weeks=3)
    # As a kill after the first part was written and before the header was emptied leaves it.
    data = json.loads(db_path.read_text())
    first = data["meetings"]["1"]
    folder = parts_folder_for(db_path)
    folder.mkdir()
    with TinyDB(folder / "2026-W47.json") as db:
        db.table("meta").insert({"app": "facilitator", "schema": SCHEMA_VERSION, "layout": 2})
        db.table("meetings").insert(first)
    with Store(db_path) as store:
        assert sorted(store.ids()) == ["old-0", "old-1", "old-2"]
    assert sorted(doc["id"] for doc in storefiles.archived(db_path)) == ["old-0", "old-1", "old-2"]


SPLITTER = (
    "import sys; from facilitator.tinydb_store import Store; Store(sys.argv[1]).close(); print('done', flush=True)"
)


def test_sigkill_during_the_split_never_loses_or_doubles_a_meeting(tmp_path: Path) -> None:
    rng = random.Random(18)
    for trial in range(8):
        db_path = tmp_path / f"trial-{trial}" / "minutes.json"
        db_path.parent.mkdir()
        one_file_store(db_path, weeks=40)
        splitter = subprocess.Popen([sys.executable, "-c", SPLITTER, str(db_path)], cwd=ROOT, stdout=subprocess.PIPE)
        time.sleep(rng.uniform(0.05, 0.6))
        splitter.send_signal(signal.SIGKILL)
        splitter.communicate()
        with Store(db_path) as store:
            assert len(store) == 40, f"trial {trial}"
            rows = [row.to_json() for row in store.actions()]  # from the index and the actions file, if whole
            assert rows == [row.to_json() for row in readmodels.action_rows(store.meetings())], f"trial {trial}"
        ids = [doc["id"] for doc in storefiles.archived(db_path)]
        assert sorted(ids) == sorted(f"old-{w}" for w in range(40)), f"trial {trial}"
        assert not list(db_path.parent.rglob("*.tmp"))


def test_a_temporary_file_of_a_part_never_written_is_swept_by_the_next_writer(db_path: Path) -> None:
    # Found by the kill test above: a kill during the first write of a new week's part left a temporary
    # file beside no part, and only temporary files of existing parts were swept.
    one_file_store(db_path, weeks=3)
    with Store(db_path):
        pass
    orphan = parts_folder_for(db_path) / ".2026-W34.json.hcy51nio.tmp"
    orphan.write_text('{"meetings": {"1": {"id": "half-writ')
    with Store(db_path, readonly=True):
        assert orphan.exists(), "a reader holds no lock and leaves it"
    with Store(db_path) as store:
        assert sorted(store.ids()) == ["old-0", "old-1", "old-2"]
    assert not orphan.exists()
