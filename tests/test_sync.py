"""Sync through real git repositories in temporary folders: a bare remote and two or three laptops, each
with its own store; one test over HTTP on 127.0.0.1 (dulwich's own server). No mock of git anywhere."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import make_server

import pytest
from dulwich.repo import Repo
from dulwich.server import DictBackend
from dulwich.web import WSGIRequestHandlerLogger, WSGIServerLogger, make_wsgi_chain

from facilitator import sync
from facilitator.cli import main
from facilitator.model import Action, Meeting, MeetingStatus, Note
from facilitator.storepaths import index_path_for, live_path_for, parts_folder_for
from facilitator.sync import canonical
from facilitator.sync.replica import Replica
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting


def _one_error(stderr: str) -> bool:
    """Exactly one line of error, and it names no exception."""
    errors = [line for line in stderr.splitlines() if line.startswith("facilitator: ")]
    return len(errors) == 1 and "Error(" not in errors[0]


class Laptop:
    """One facilitator's machine: a store of its own and its sync folder beside it."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.db = root / name / "minutes.json"
        self.db.parent.mkdir(parents=True)

    def add(self, *meetings: Meeting) -> None:
        with Store(self.db) as store:
            store.add_many(meetings)

    def get(self, meeting_id: str) -> Meeting:
        with Store(self.db, readonly=True) as store:
            return store.get(meeting_id)

    def edit(self, meeting_id: str, change: object) -> None:
        """An edit of a closed meeting (as the minutes or actions screens make one)."""
        with Store(self.db) as store:
            meeting = store.get(meeting_id)
            change(meeting)  # type: ignore[operator]
            store.put_merged([(meeting, meeting.revision)])

    def set_up(self, remote: Path | str, **options: object) -> None:
        sync.set_up(self.db, str(remote), name=self.name, **options)  # type: ignore[arg-type]

    def sync(self) -> list[sync.Outcome]:
        with Store(self.db) as store:
            return sync.sync(store, self.db)

    def documents(self) -> dict[str, dict[str, object]]:
        """Every meeting as it is shared (without the store's own revision counter)."""
        with Store(self.db, readonly=True) as store:
            from facilitator.document_schema import to_document

            return {m.id: canonical.shared_document(to_document(m)) for m in store.meetings()}


def closed(**changes: object) -> Meeting:
    return review_meeting(status=MeetingStatus.CLOSED, **changes)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    return tmp_path / "shared-drive" / "minutes.git"


def test_two_laptops_share_minutes_both_ways_and_a_clash_is_shown_and_settled(
    tmp_path: Path, remote: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    denise, paul = Laptop(tmp_path, "Denise"), Laptop(tmp_path, "Paul")
    first = closed()
    denise.add(first)
    assert main(["--db", str(denise.db), "sync", "--remote", str(remote), "--name", "Denise Godfrey"]) == 0
    assert "sent 1 meeting(s)" in capsys.readouterr().err
    assert (remote / "HEAD").exists()  # the empty folder was made a shared repository

    # Paul's laptop has history of its own; setting up brings Denise's meeting in (clone semantics).
    own = closed(partnership="Bike Project", date=dt.date(2026, 10, 1))
    paul.add(own)
    assert main(["--db", str(paul.db), "sync", "--remote", str(remote), "--name", "Paul Howard"]) == 0
    assert paul.get(first.id) == denise.get(first.id)
    assert main(["--db", str(denise.db), "sync"]) == 0
    assert denise.get(own.id).partnership == "Bike Project"

    # Both change the same action's status: a clash, both values kept; different fields merge quietly.
    action = first.actions[0].id
    denise.edit(first.id, lambda m: setattr(m.actions[0], "status", "done"))
    paul.edit(
        first.id, lambda m: (setattr(m.actions[0], "status", "dropped"), setattr(m.actions[0], "reason", "no room"))
    )
    paul.edit(first.id, lambda m: setattr(m, "summary", "Paul's summary"))
    capsys.readouterr()
    assert main(["--db", str(denise.db), "sync"]) == 0
    assert main(["--db", str(paul.db), "sync"]) == 0
    assert "1 new clash(es)" in capsys.readouterr().err
    assert main(["--db", str(denise.db), "sync"]) == 0
    for laptop in (denise, paul):
        meeting = laptop.get(first.id)
        assert meeting.summary == "Paul's summary" and meeting.actions[0].reason == "no room"
    assert denise.documents() == paul.documents()

    capsys.readouterr()
    assert main(["--db", str(denise.db), "sync", "--clashes"]) == 0
    shown = capsys.readouterr().out
    assert "action 'Book the art room for a closed session': status" in shown
    assert "dropped (Paul Howard, in the minutes now)" in shown and "done (Denise Godfrey)" in shown
    (clash,) = sync.clashes(denise.db)
    assert clash.record["path"][-2] == {"id": action}

    # Denise settles it for "done"; the next syncs carry that to Paul, and the clash is gone everywhere.
    assert main(["--db", str(denise.db), "sync", "--settle", clash.id[:6], "2"]) == 0
    assert denise.get(first.id).actions[0].status == "done"
    assert sync.clashes(denise.db) == []
    assert main(["--db", str(denise.db), "sync"]) == 0
    assert main(["--db", str(paul.db), "sync"]) == 0
    assert paul.get(first.id).actions[0].status == "done"
    assert sync.clashes(paul.db) == [] and sync.clashes(denise.db) == []
    assert denise.documents() == paul.documents()

    # The replica is a plain git repository that git itself reads: one file per meeting, history by author.
    log = subprocess.run(
        ["git", "-C", str(remote), "log", "--format=%an", "main"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert {"Denise Godfrey", "Paul Howard"} <= set(log)
    replica = sync.sync_folder(denise.db) / "shared"
    assert (replica / "meetings" / f"{first.id}.json").is_file()
    status = subprocess.run(["git", "-C", str(replica), "status", "--porcelain"], capture_output=True, text=True)
    assert status.returncode == 0 and status.stdout == ""
    fsck = subprocess.run(["git", "-C", str(remote), "fsck", "--no-progress"], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr


def test_a_third_laptop_with_no_minutes_gets_them_all(tmp_path: Path, remote: Path) -> None:
    laptops = [Laptop(tmp_path, name) for name in ("one", "two", "three")]
    meetings = [closed(date=dt.date(2026, 1 + n, 5)) for n in range(3)]
    for laptop, meeting in zip(laptops[:2], meetings, strict=False):
        laptop.add(meeting)
        laptop.set_up(remote)
        laptop.sync()
    laptops[0].sync()
    laptops[2].set_up(remote)
    (outcome,) = laptops[2].sync()
    assert outcome.received == 2 and outcome.sent == 0
    assert laptops[0].documents() == laptops[1].documents() == laptops[2].documents()


def test_only_closed_meetings_are_shared_unless_asked(tmp_path: Path, remote: Path) -> None:
    mine, theirs = Laptop(tmp_path, "mine"), Laptop(tmp_path, "theirs")
    live = review_meeting()  # in progress
    mine.add(live, closed())
    mine.set_up(remote)
    mine.sync()
    theirs.set_up(remote)
    theirs.sync()
    assert live.id not in theirs.documents() and len(theirs.documents()) == 1


def test_a_partnership_can_go_to_its_own_remote(tmp_path: Path) -> None:
    service, partner = tmp_path / "service.git", tmp_path / "partner.git"
    manager, facilitator, other_org = (Laptop(tmp_path, name) for name in ("manager", "facilitator", "other"))
    bikes = closed(partnership="Bike Project")
    posters = closed(partnership="Poster Project")
    facilitator.add(bikes, posters)
    facilitator.set_up(service)  # the whole service
    facilitator.set_up(partner, remote_name="bikes", partnerships=["bike project"])  # one partnership, any case
    facilitator.sync()
    manager.set_up(service)
    manager.sync()
    other_org.set_up(partner, remote_name="bikes")
    other_org.sync()
    assert set(manager.documents()) == {bikes.id, posters.id}
    assert set(other_org.documents()) == {bikes.id}


def test_someone_pushing_first_is_fetched_merged_and_pushed_again(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = Laptop(tmp_path, "one"), Laptop(tmp_path, "two")
    shared = closed()
    one.add(shared)
    one.set_up(remote)
    one.sync()
    two.set_up(remote)
    two.sync()
    one.edit(shared.id, lambda m: setattr(m, "summary", "from one"))
    two.edit(shared.id, lambda m: setattr(m, "venue", "from two"))

    fetch = Replica.fetch
    pushed_between: list[bool] = []

    def fetch_then_two_pushes(self: Replica, url: str) -> bytes | None:
        head = fetch(self, url)
        if not pushed_between and self.folder.parent == sync.sync_folder(one.db):
            pushed_between.append(True)
            two.sync()  # a real sync by the other laptop, between one's fetch and its push
        return head

    monkeypatch.setattr(Replica, "fetch", fetch_then_two_pushes)
    (outcome,) = one.sync()
    assert pushed_between and outcome.pushed
    monkeypatch.undo()
    two.sync()
    for laptop in (one, two):
        meeting = laptop.get(shared.id)
        assert (meeting.summary, meeting.venue) == ("from one", "from two")


def test_an_unreachable_remote_is_one_line_and_nothing_is_lost(
    tmp_path: Path, remote: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = Laptop(tmp_path, "laptop")
    laptop.add(closed())
    laptop.set_up(remote)
    laptop.sync()
    before = laptop.documents()
    remote.rename(remote.with_name("unplugged"))  # the shared drive is not there
    capsys.readouterr()
    assert main(["--db", str(laptop.db), "sync"]) == 1
    error = capsys.readouterr().err
    assert _one_error(error) and "Traceback" not in error
    assert str(remote) in error
    assert laptop.documents() == before
    assert not remote.exists()  # a later sync never makes a missing remote afresh
    assert main(["--db", str(laptop.db), "sync", "--remote", "http://127.0.0.1:9/nothing.git"]) == 1
    error = capsys.readouterr().err
    assert "could not reach http://127.0.0.1:9/nothing.git: the connection was refused" in error and _one_error(error)


def test_a_git_repository_that_is_not_facilitator_minutes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "code"
    subprocess.run(["git", "init", "-q", "-b", "main", str(other)], check=True)
    (other / "README").write_text("someone's code\n")
    subprocess.run(["git", "-C", str(other), "add", "README"], check=True)
    subprocess.run(
        ["git", "-C", str(other), "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-qm", "code"], check=True
    )
    laptop = Laptop(tmp_path, "laptop")
    meeting = closed()
    laptop.add(meeting)
    assert main(["--db", str(laptop.db), "sync", "--remote", str(other)]) == 1
    error = capsys.readouterr().err
    assert "not Facilitator minutes" in error and _one_error(error)
    assert laptop.documents()[meeting.id] and not (other / "meetings").exists()
    log = subprocess.run(["git", "-C", str(other), "log", "--oneline"], capture_output=True, text=True).stdout
    assert log.count("\n") == 1  # nothing was pushed to it
    assert sync.configured(laptop.db).remotes == []  # nor is it kept as a remote to sync with


@pytest.mark.parametrize("what", ["format", "schema"])
def test_a_remote_written_by_a_newer_version_is_refused(
    tmp_path: Path, remote: Path, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    newer, older = Laptop(tmp_path, "newer"), Laptop(tmp_path, "older")
    meeting = closed()
    newer.add(meeting)
    newer.set_up(remote)
    newer.sync()
    # The newer version's own commit on the remote, made here with the replica's parts.
    replica = Replica(sync.sync_folder(newer.db) / "shared")
    head = replica.ref(b"refs/heads/main")
    files = replica.files(head)
    if what == "format":
        files[canonical.MARKER] = replica.blob(canonical.dumps({"app": "facilitator", "format": 99}))
    else:
        document = canonical.loads(replica.read(files[canonical.meeting_path(meeting.id)]))
        files[canonical.meeting_path(meeting.id)] = replica.blob(
            canonical.dumps({**document, "schema": 99, "summary": "x"})
        )
    assert head is not None
    commit = replica.commit(files, [head], "from a newer Facilitator", "Newer")
    assert replica.push(str(remote), head, commit)
    replica.close()
    older.add(closed(date=dt.date(2026, 3, 3)))
    before = older.documents()
    capsys.readouterr()
    assert main(["--db", str(older.db), "sync", "--remote", str(remote)]) == 1
    error = capsys.readouterr().err
    assert "newer Facilitator" in error and _one_error(error)
    assert older.documents() == before


def test_a_damaged_sync_configuration_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laptop = Laptop(tmp_path, "laptop")
    folder = sync.sync_folder(laptop.db)
    folder.mkdir()
    (folder / "config.json").write_text("{not json")
    assert main(["--db", str(laptop.db), "sync"]) == 1
    error = capsys.readouterr().err
    assert "config.json" in error and _one_error(error)
    assert main(["--db", str(Laptop(tmp_path, "fresh").db), "sync"]) == 1
    assert "no remote is set up yet" in capsys.readouterr().err


def test_sync_help_says_what_it_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["sync", "--help"])
    shown = capsys.readouterr().out
    for words in ("--remote URL|PATH", "--partnership", "--clashes", "--settle", "credential helper"):
        assert words in shown


# --- over a real network transport ---------------------------------------------------------------


@pytest.fixture
def http_remote(tmp_path: Path) -> Iterator[str]:
    """A bare repository served by dulwich's own smart-HTTP server on 127.0.0.1, in a thread."""
    bare = tmp_path / "served.git"
    Repo.init_bare(str(bare), mkdir=True).close()
    served = Repo(str(bare))
    server = make_server(
        "127.0.0.1",
        0,
        make_wsgi_chain(DictBackend({"/": served})),  # type: ignore[dict-item]
        handler_class=WSGIRequestHandlerLogger,
        server_class=WSGIServerLogger,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        served.close()


def test_two_laptops_sync_over_http_on_localhost(tmp_path: Path, http_remote: str) -> None:
    one, two = Laptop(tmp_path, "one"), Laptop(tmp_path, "two")
    first, second = closed(), closed(date=dt.date(2026, 12, 1))
    one.add(first)
    two.add(second)
    one.set_up(http_remote)
    two.set_up(http_remote)
    one.sync()
    two.sync()
    one.sync()
    one.edit(first.id, lambda m: m.add_note(Note("Said over the network", step="worked")))
    two.edit(first.id, lambda m: m.actions.append(Action("Follow up over HTTP", "Paul Howard")))
    one.sync()
    two.sync()
    one.sync()
    assert one.documents() == two.documents()
    merged = one.get(first.id)
    assert "Said over the network" in [note.text for note in merged.notes]
    assert "Follow up over HTTP" in [action.text for action in merged.actions]


def test_the_state_file_and_config_stay_beside_the_store(tmp_path: Path, remote: Path) -> None:
    laptop = Laptop(tmp_path, "laptop")
    laptop.add(closed())
    laptop.set_up(remote, partnerships=["Youth Resource Centre & Youth Offending Team"])
    laptop.sync()
    folder = sync.sync_folder(laptop.db)
    assert folder.parent == laptop.db.parent and folder.name == "minutes.sync"
    config = json.loads((folder / "config.json").read_text())
    assert config["remotes"][0]["partnerships"] == ["Youth Resource Centre & Youth Offending Team"]
    store_files = {live_path_for(laptop.db), parts_folder_for(laptop.db), index_path_for(laptop.db)}
    beside = [p.name for p in laptop.db.parent.iterdir() if p not in store_files]
    beside = [name for name in beside if not name.startswith("minutes.json")]
    assert beside == ["minutes.sync"]
    assert oct((folder / "config.json").stat().st_mode & 0o777) == "0o600"


def test_minutes_open_in_the_app_are_synced_there(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laptop = Laptop(tmp_path, "laptop")
    laptop.add(closed())
    laptop.set_up(tmp_path / "remote.git")
    with Store(laptop.db):  # as the app holds them
        assert main(["--db", str(laptop.db), "sync"]) == 1
    error = capsys.readouterr().err
    assert "in use by another copy" in error and "press s on its home screen" in error and _one_error(error)


def test_lock_files_left_by_a_killed_git_write_do_not_stop_the_next_sync(tmp_path: Path, remote: Path) -> None:
    laptop = Laptop(tmp_path, "laptop")
    meeting = closed()
    laptop.add(meeting)
    laptop.set_up(remote)
    laptop.sync()
    git = sync.sync_folder(laptop.db) / "shared" / ".git"
    for stale in (git / "refs" / "heads" / "main.lock", git / "index.lock", git / "HEAD.lock"):
        stale.write_text("left by a killed sync")
    laptop.edit(meeting.id, lambda m: setattr(m, "summary", "after the kill"))
    (outcome,) = laptop.sync()
    assert outcome.sent == 1 and outcome.pushed
    assert not list(git.rglob("*.lock"))
