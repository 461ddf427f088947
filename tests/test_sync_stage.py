"""The sync replica written as the minutes change (``facilitator.sync.stage``): a close, and every edit of a
closed meeting, committed locally under the facilitator's name, no network; a failure said in one line and
left for the next sync; an optional whole sync after every close. Real git repositories, real stores."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from dulwich.repo import Repo

from facilitator import sync
from facilitator.circulation import record_circulation
from facilitator.cli import main
from facilitator.model import ActionStatus, Meeting, MeetingStatus, Outcome
from facilitator.sync import canonical
from facilitator.sync.replica import MAIN, Replica
from facilitator.sync.stage import SaveWatcher, Stager, stage
from facilitator.tinydb_store import Store
from screens.home import HomeScreen
from tests.apphelpers import in_progress_meeting, make_app, wait_for_workers, wait_until
from tests.test_send_after_finish import finish_to_the_picker
from tests.test_sync import Laptop, closed
from tests.test_writeback import DECEMBER_1, close, opened, spring_meeting


def replica_of(laptop: Laptop, remote_name: str = "shared") -> Path:
    return sync.sync_folder(laptop.db) / remote_name


def committed(place: Path, meeting_id: str) -> dict[str, Any] | None:
    """The meeting as the replica's branch holds it (None when it is not there), read with git's own objects."""
    replica = Replica(place)
    try:
        files = replica.files(replica.ref(MAIN))
        blob = files.get(canonical.meeting_path(meeting_id))
        return None if blob is None else canonical.loads(replica.read(blob))
    finally:
        replica.close()


def actions_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = document["captures"]["actions"]["actions"]
    return actions


def head_of(place: Path) -> tuple[bytes | None, str]:
    """The branch's commit and its author, of a replica or of the bare remote."""
    repo = Repo(str(place))
    try:
        head = repo.refs.as_dict().get(MAIN)
        author = "" if head is None else repo[head].author.decode()  # type: ignore[attr-defined]
        return head, author
    finally:
        repo.close()


def synced_laptop(tmp_path: Path, *meetings: Meeting, **options: object) -> tuple[Laptop, Path]:
    """Denise's laptop, its meetings shared with a bare remote on a 'shared drive' by a first sync."""
    remote = tmp_path / "shared-drive" / "minutes.git"
    laptop = Laptop(tmp_path, "Denise")
    laptop.add(*(meetings or (closed(),)))
    laptop.set_up(remote, **options)
    laptop.sync()
    return laptop, remote


def in_progress_in(laptop: Laptop) -> str:
    meeting = in_progress_meeting()
    with Store(laptop.db) as store:
        store.save(meeting)
    return meeting.id


# --- in the app ---------------------------------------------------------------------------------


async def finish_and_go_home(pilot: Any) -> None:
    """Finish, Esc past "Send the minutes?", and wait for the stage the close started."""
    await finish_to_the_picker(pilot)
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), "home after Finish")
    await wait_for_workers(pilot)


async def test_finish_commits_the_meeting_to_the_replica_under_the_facilitators_name_and_sends_nothing(
    tmp_path: Path,
) -> None:
    laptop, remote = synced_laptop(tmp_path)
    meeting_id = in_progress_in(laptop)
    assert committed(replica_of(laptop), meeting_id) is None  # in progress: not shared
    remote_before = head_of(remote)[0]
    app = make_app(laptop.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await finish_and_go_home(pilot)
        shared = committed(replica_of(laptop), meeting_id)
        assert shared is not None and shared["status"] == "closed"
        assert "revision" not in shared  # the store's own counter stays in the store
        head, author = head_of(replica_of(laptop))
        assert author.startswith("Denise")
        assert head_of(remote)[0] == remote_before  # committed locally: nothing sent
        assert not any("not yet in the shared copy" in told for told in app.told)
        await pilot.press("ctrl+q")  # the store let go of, for the sync below
    # The next sync sends it as it stands, and has nothing more to commit.
    (outcome,) = laptop.sync()
    assert outcome.sent == 0 and outcome.pushed
    assert head_of(remote)[0] == head


@pytest.mark.parametrize("fault", ["not-a-repository", "read-only"])
async def test_a_commit_that_fails_keeps_the_save_says_so_and_the_next_sync_takes_it(
    tmp_path: Path, fault: str
) -> None:
    import os

    if fault == "read-only" and os.geteuid() == 0:
        pytest.skip("root writes whatever the permissions")
    laptop, _remote = synced_laptop(tmp_path)
    meeting_id = in_progress_in(laptop)
    git = replica_of(laptop) / ".git"
    objects, aside = git / "objects", git / "objects-aside"
    if fault == "not-a-repository":  # git's object folder replaced by a file: the replica cannot be opened
        objects.rename(aside)
        objects.write_bytes(b"")
    else:
        for folder in [objects, *objects.iterdir()]:
            folder.chmod(0o500)
    app = make_app(laptop.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await finish_and_go_home(pilot)
        said = [told for told in app.told if "not yet in the shared copy" in told]
        assert len(said) >= 1 and "\n" not in said[0] and "Traceback" not in said[0]
        assert "next sync" in said[0]
        await pilot.press("ctrl+q")
    assert laptop.get(meeting_id).status is MeetingStatus.CLOSED  # the save is on disk
    if fault == "not-a-repository":
        objects.unlink()
        aside.rename(objects)
    else:
        for folder in [objects, *objects.iterdir()]:
            folder.chmod(0o700)
    (outcome,) = laptop.sync()
    assert outcome.sent == 1 and outcome.pushed
    shared = committed(replica_of(laptop), meeting_id)
    assert shared is not None and shared["status"] == "closed"


async def test_without_sync_set_up_finish_touches_no_replica_and_creates_nothing(tmp_path: Path) -> None:
    laptop = Laptop(tmp_path, "Denise")
    meeting_id = in_progress_in(laptop)
    app = make_app(laptop.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await finish_to_the_picker(pilot)
        await pilot.press("escape")
        await wait_for_workers(pilot)
        assert app.stager is None
        await pilot.press("ctrl+q")
    assert laptop.get(meeting_id).status is MeetingStatus.CLOSED
    assert not sync.sync_folder(laptop.db).exists()


async def test_sync_after_close_pushes_the_meeting_and_the_home_screen_says_so(tmp_path: Path) -> None:
    laptop, remote = synced_laptop(tmp_path)
    assert main(["sync", "--db", str(laptop.db), "--after-close", "on"]) == 0
    assert sync.configured(laptop.db).after_close
    meeting_id = in_progress_in(laptop)
    app = make_app(laptop.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await finish_to_the_picker(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: any("After the close: Synced with shared" in t for t in app.told), "the sync")
        await wait_for_workers(pilot)
        await pilot.press("ctrl+q")
    head, _author = head_of(remote)
    assert head == head_of(replica_of(laptop))[0]
    other = Laptop(tmp_path, "Paul")
    other.set_up(remote)
    other.sync()
    assert other.get(meeting_id).status is MeetingStatus.CLOSED


def test_after_close_is_off_by_default_and_is_said_when_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laptop, _remote = synced_laptop(tmp_path)
    assert not sync.configured(laptop.db).after_close
    assert main(["sync", "--db", str(laptop.db), "--after-close", "on"]) == 0
    assert "after every close: on" in capsys.readouterr().err
    assert json.loads((sync.sync_folder(laptop.db) / "config.json").read_text())["after_close"] is True
    assert main(["sync", "--db", str(laptop.db), "--after-close", "off"]) == 0
    assert not sync.configured(laptop.db).after_close
    with pytest.raises(SystemExit):
        main(["sync", "--db", str(laptop.db), "--after-close", "maybe"])


# --- every path that writes a closed meeting (the sweep) -----------------------------------------


def test_every_edit_of_a_closed_meeting_is_committed_whichever_path_made_it(tmp_path: Path) -> None:
    """The watcher listens to the store's writes, so no path can be forgotten: a close that writes its
    matters arising and approval back to the earlier meeting, an action marked done in the actions list,
    a circulation recorded, a clash settled. Each is committed, with the facilitator's name."""
    laptop, _remote = synced_laptop(tmp_path, spring_meeting())
    place = replica_of(laptop)
    with Store(laptop.db, today=lambda: DECEMBER_1) as store:
        stager = Stager(store, laptop.db)
        asked: list[int] = []
        store.subscribe(SaveWatcher(lambda: asked.append(1)))

        def commits() -> None:
            assert asked, "the watcher was not told of the write"
            asked.clear()
            assert stager.want()
            (round_,) = stager.run()
            assert [staged.problem for staged in round_.staged] == [""]

        # A meeting in progress is not shared, nor asked for.
        session = opened(store, "autumn", DECEMBER_1)
        assert not asked
        # Its close: matters arising written back (carried, done) and the minutes approved.
        session.arising.decide("room", Outcome.DONE)
        session.arising.approve_previous()
        close(store, session)
        commits()
        spring, autumn = committed(place, "spring"), committed(place, "autumn")
        assert autumn is not None and autumn["status"] == "closed"
        assert spring is not None and spring["approved_in"] == "autumn"
        room = next(a for a in actions_of(spring) if a["id"] == "room")
        assert room["status"] == ActionStatus.DONE.value
        # An action marked done in the actions list.
        store.update_action("spring", "sheet", status=ActionStatus.DONE)
        commits()
        spring = committed(place, "spring")
        assert spring is not None
        sheet = next(a for a in actions_of(spring) if a["id"] == "sheet")
        assert sheet["status"] == ActionStatus.DONE.value
        # A circulation recorded.
        record_circulation(store, "autumn", on=dt.date(2026, 12, 2))
        commits()
        autumn = committed(place, "autumn")
        assert autumn is not None and autumn["circulated"]
    assert head_of(place)[1].startswith("Denise")


def test_in_progress_meetings_are_committed_only_to_a_remote_that_shares_them(tmp_path: Path) -> None:
    laptop, _remote = synced_laptop(tmp_path, closed(), in_progress=True)
    meeting_id = in_progress_in(laptop)
    with Store(laptop.db) as store:
        (staged,) = stage(store, laptop.db)
    assert staged.committed == 1
    shared = committed(replica_of(laptop), meeting_id)
    assert shared is not None and shared["status"] != "closed"

    other, _ = synced_laptop(tmp_path / "b", closed())
    other_id = in_progress_in(other)
    with Store(other.db) as store:
        (staged,) = stage(store, other.db)
    assert staged.committed == 0 and not staged.problem
    assert committed(replica_of(other), other_id) is None


def test_a_replica_a_sync_left_half_done_is_left_for_the_next_sync(tmp_path: Path) -> None:
    """The branch moved past what the store holds (a sync brought in a change the store has not taken):
    committing over it could undo that change, so the stage says so and the sync finishes it."""
    meeting = closed()
    laptop, _remote = synced_laptop(tmp_path, meeting)
    state_file = sync.sync_folder(laptop.db) / "shared.state.json"
    state = json.loads(state_file.read_text())
    head = state["store_commit"]
    state["store_commit"] = None  # as if the store had not taken the branch in full
    state_file.write_text(json.dumps(state))
    laptop.edit(meeting.id, lambda m: setattr(m, "venue", "The new venue"))
    with Store(laptop.db) as store:
        (staged,) = stage(store, laptop.db)
    assert staged.committed == 0 and "left work to finish" in staged.problem
    assert head_of(replica_of(laptop))[0] == head.encode()
    (_outcome,) = laptop.sync()
    shared = committed(replica_of(laptop), meeting.id)
    assert shared is not None and shared["venue"] == "The new venue"


def test_without_sync_set_up_a_stage_reads_and_creates_nothing(tmp_path: Path) -> None:
    laptop = Laptop(tmp_path, "Denise")
    laptop.add(closed())
    with Store(laptop.db) as store:
        assert stage(store, laptop.db) == []
    assert not sync.sync_folder(laptop.db).exists()


def test_requests_made_while_a_stage_runs_are_taken_by_it(tmp_path: Path) -> None:
    laptop, _remote = synced_laptop(tmp_path)
    with Store(laptop.db) as store:
        stager = Stager(store, laptop.db)
        assert stager.want()
        assert not stager.want()  # one is running (about to): it takes this one too
        rounds = stager.run()
        assert len(rounds) == 1
        assert stager.want()  # none running now: the caller starts one
        stager.run()


def test_edits_made_on_the_command_line_are_committed_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """export --circulation records the circulation on the closed meeting; import adds closed meetings."""
    meeting = closed()
    laptop, remote = synced_laptop(tmp_path, meeting)
    remote_before = head_of(remote)[0]
    target = tmp_path / "out.md"
    assert main(["export", "--db", str(laptop.db), meeting.id, "--circulation", "-o", str(target)]) == 0
    shared = committed(replica_of(laptop), meeting.id)
    assert shared is not None and shared["circulated"]
    imported = closed(venue="Imported")
    source = tmp_path / "import.json"
    with Store(tmp_path / "other.json") as other:
        other.add(imported)
    assert (
        main(["export", "--db", str(tmp_path / "other.json"), imported.id, "--format", "json", "-o", str(source)]) == 0
    )
    assert main(["import", "--db", str(laptop.db), str(source)]) == 0
    shared = committed(replica_of(laptop), imported.id)
    assert shared is not None and shared["venue"] == "Imported"
    assert head_of(remote)[0] == remote_before  # nothing sent
    assert "not yet in the shared copy" not in capsys.readouterr().err


async def test_an_action_marked_done_in_the_actions_list_is_committed_while_the_list_stays_open(
    tmp_path: Path,
) -> None:
    from facilitator.meeting_files import demo_meetings
    from tests.test_actions_screen import open_actions, table_texts

    laptop, remote = synced_laptop(tmp_path, *demo_meetings())
    remote_before = head_of(remote)[0]
    app = make_app(laptop.db)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_actions(pilot)
        assert table_texts(app)[0][3].startswith("Draft a shared sign-in sheet")  # demo-a2, of the May meeting
        await pilot.press("space")  # open → done
        await wait_for_workers(pilot)
        may = committed(replica_of(laptop), "demo-may-2026")
        assert may is not None
        assert next(a for a in actions_of(may) if a["id"] == "demo-a2")["status"] == ActionStatus.DONE.value
        assert head_of(remote)[0] == remote_before
        await pilot.press("ctrl+q")
