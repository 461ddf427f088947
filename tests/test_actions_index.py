"""The actions list across meetings answered from the overview index (issue 18): no meeting read,
kept current on every write, rebuilt from the parts when the index is missing, stale or of another version.

docs/storage.md, "The overview index"; docs/performance.md, the actions-list rows.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tinydb import TinyDB

from facilitator import readmodels, store_index
from facilitator.document_schema import items_of_kind
from facilitator.model import ActionStatus, MeetingStatus
from facilitator.storepaths import index_path_for, parts_folder_for
from facilitator.tinydb_store import Store
from screens.actions import ActionsScreen
from tests.apphelpers import make_app, wait_for_store, wait_for_workers
from tests.conftest import review_meeting
from tests.test_archive_split import MONDAY, index_lines, weeks_of_history


def from_meetings(store: Store, **filters: object) -> list[dict[str, object]]:
    """The rows as the store made them before the index: every meeting read in full."""
    return [row.to_json() for row in readmodels.action_rows(store.meetings(), **filters)]  # type: ignore[arg-type]


def listed(store: Store, **filters: object) -> list[dict[str, object]]:
    return [row.to_json() for row in store.actions(**filters)]  # type: ignore[arg-type]


def test_the_actions_list_is_answered_from_the_index_without_reading_a_meeting(db_path: Path) -> None:
    weeks_of_history(db_path)
    with Store(db_path) as store:
        rows = store.actions()
        assert store.backend._parts == {}, "the actions came from the index, not the parts"
        assert len(rows) == 12 * len(review_meeting().actions)
        assert all(row.marking == store.get(row.meeting_id).marking for row in rows)
        for filters in ({}, {"open_only": True}, {"owner": "paul"}, {"open_only": True, "owner": "DENISE"}):
            assert listed(store, **filters) == from_meetings(store, **filters), filters


def test_the_index_follows_every_save_close_move_and_action_change(db_path: Path) -> None:
    weeks_of_history(db_path)
    with Store(db_path) as store:
        meeting = review_meeting(id="new-one", date=MONDAY)
        store.save(meeting)  # in progress: the live file
        assert listed(store) == from_meetings(store)
        meeting.status = MeetingStatus.CLOSED
        store.save(meeting)  # closed: into its week's part
        assert listed(store) == from_meetings(store)
        meeting.date = MONDAY - dt.timedelta(weeks=30)  # moved out of one part into another
        store.save(meeting)
        assert listed(store) == from_meetings(store)
        action = meeting.actions[0]
        store.update_action("new-one", action.id, status=ActionStatus.DONE, due=dt.date(2027, 1, 4))
        expected = from_meetings(store)
        assert listed(store) == expected
        assert any(row["id"] == action.id and row["status"] == "done" for row in expected)
    with Store(db_path, readonly=True) as reader:  # the index saved at close says the same, reading no part
        assert listed(reader) == expected
        assert reader.backend._parts == {}


def test_a_part_changed_behind_the_index_is_followed_by_the_actions_list(db_path: Path) -> None:
    weeks_of_history(db_path)
    with Store(db_path) as store:
        store.actions()
    part = parts_folder_for(db_path) / "2026-W46.json"
    with TinyDB(part) as db:  # another program rewords an action; the index still holds the old words
        table = db.table("meetings")
        document = table.get(doc_id=1)
        assert isinstance(document, dict)
        copied = json.loads(json.dumps(document))
        items_of_kind(copied, "actions")[0]["text"] = "Reworded by hand"
        table.update({"captures": copied["captures"]}, doc_ids=[1])
    with Store(db_path, readonly=True) as reader:
        assert "Reworded by hand" in {row.action.text for row in reader.actions()}
        assert listed(reader) == from_meetings(reader)


@pytest.mark.parametrize("version", [2, 3, 4, 5])
def test_an_index_of_a_previous_version_is_rebuilt_not_misread(db_path: Path, version: int) -> None:
    weeks_of_history(db_path)
    index = index_path_for(db_path)
    header, parts, actions = index_lines(db_path)
    # Version 2: a line a part, no actions; version 3: each part's listings line, then its actions line;
    # version 4: a line a part, its listings as columns, without the chair; version 5: no digest in the header.
    lines = parts if version != 3 else [line for pair in zip(parts, actions, strict=True) for line in pair]
    older = {key: value for key, value in header.items() if key != "digest"} | {"index": version}
    index.write_text("\n".join(json.dumps(line) for line in [older, *lines]) + "\n")
    with Store(db_path) as store:
        assert listed(store) == from_meetings(store)
    assert index_lines(db_path)[0]["index"] == store_index.INDEX_VERSION == 6


def actions_file(db_path: Path) -> Path:
    return store_index.actions_path_for(parts_folder_for(db_path))


def write_actions(db_path: Path, lines: list[object]) -> None:
    """The actions file rewritten by hand: its header line as saved, then these lines."""
    header = actions_file(db_path).read_text().splitlines()[0]
    actions_file(db_path).write_text("\n".join([header, *(json.dumps(line) for line in lines)]) + "\n")


def test_an_actions_line_that_cannot_be_used_is_read_from_its_part(db_path: Path) -> None:
    weeks_of_history(db_path)
    *_, actions = index_lines(db_path)
    actions[0] = [*actions[0][:3], [["not-a-meeting-of-this-part", None]]]
    actions[1] = [*actions[1][:3], "garbage"]
    actions[2] = [actions[2][0], actions[2][1] + 1, *actions[2][2:]]  # taken from the part at another size
    write_actions(db_path, actions)  # the index's stamp of it differs now: its lines are found by a scan
    with Store(db_path, readonly=True) as reader:
        rows = listed(reader)
        assert len(reader.backend._parts) == 3, "the three spoilt lines' parts were read, the fourth was not"
        assert rows == from_meetings(reader)


@pytest.mark.parametrize("spoil", ["deleted", "another-version", "emptied"])
def test_a_missing_or_unreadable_actions_file_is_rebuilt_by_a_writer(db_path: Path, spoil: str) -> None:
    weeks_of_history(db_path)
    saved = actions_file(db_path).read_text()
    if spoil == "deleted":
        actions_file(db_path).unlink()
    elif spoil == "another-version":
        actions_file(db_path).write_text(saved.replace('"actions":1', '"actions":99', 1))
    else:
        actions_file(db_path).write_text("")
    with Store(db_path, readonly=True) as reader:  # a reader reads the parts and writes nothing
        expected = from_meetings(reader)
        assert listed(reader) == expected
    with Store(db_path) as writer:  # a writer writes the actions file again on open
        assert actions_file(db_path).read_text() == saved
        assert listed(writer) == expected
    with Store(db_path, readonly=True) as reader:
        assert listed(reader) == expected and reader.backend._parts == {}


def test_an_index_saved_beside_another_actions_file_finds_its_lines_by_their_stamps(db_path: Path) -> None:
    # As a kill between the two writes of a save leaves it: the actions file new, the index the one before.
    weeks_of_history(db_path)
    old_index = index_path_for(db_path).read_bytes()
    with Store(db_path) as store:
        store.update_action("m-0-0", store.get("m-0-0").actions[0].id, status=ActionStatus.DONE)
        expected = from_meetings(store)
    index_path_for(db_path).write_bytes(old_index)
    with Store(db_path, readonly=True) as reader:
        rows = listed(reader)
        assert list(reader.backend._parts) == ["2026-W47.json"], "the changed part alone was read"
        assert rows == expected
    with Store(db_path) as writer:
        assert listed(writer) == expected
    with Store(db_path, readonly=True) as reader:
        assert listed(reader) == expected and reader.backend._parts == {}


def test_the_first_page_is_the_newest_meetings_actions(db_path: Path) -> None:
    ids = weeks_of_history(db_path)
    with Store(db_path) as store:
        newest = {listing.id for listing in store.listings()[:4]}
        rows = store.newest_actions(4)
        assert {row.meeting_id for row in rows} == newest and len(newest) < len(ids)
        assert [row.to_json() for row in rows] == [
            row.to_json() for row in readmodels.action_rows(store.get(i) for i in store.ids() if i in newest)
        ]


async def test_the_actions_screen_opens_on_the_newest_meetings_then_lists_every_action(
    db_path: Path, monkeypatch: object
) -> None:
    weeks_of_history(db_path)
    monkeypatch.setattr("screens.actions.FIRST_MEETINGS", 2)  # type: ignore[attr-defined]
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("a")
        await wait_for_workers(pilot)
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        await wait_for_workers(pilot)  # the screen's own reading of the rest
        assert screen.complete
        assert len(screen.rows) == 12 * len(review_meeting().actions)


def test_actions_are_read_from_the_parts_when_the_index_changed_after_it_was_loaded(db_path: Path) -> None:
    weeks_of_history(db_path)
    with Store(db_path, readonly=True) as reader:
        actions_file(db_path).write_text("another program's file, longer than it was before\n" * 5000)
        assert listed(reader) == from_meetings(reader)
        assert reader.backend._parts != {}, "the index changed since it was read: the parts answered"


def test_the_index_holds_no_actions_line_in_memory_until_a_part_changes(db_path: Path) -> None:
    weeks_of_history(db_path)
    with Store(db_path) as store:
        assert all(entry.actions is None for entry in store.backend._index.values())
        store.actions()
        assert all(entry.actions is None for entry in store.backend._index.values()), "decoded for the answer only"
        store.update_action("m-0-0", store.get("m-0-0").actions[0].id, status=ActionStatus.DONE)
        assert store.backend._index["2026-W47.json"].actions is not None
        expected = from_meetings(store)
    with Store(db_path, readonly=True) as reader:
        assert listed(reader) == expected
