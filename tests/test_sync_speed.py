"""What makes a first sync of 10,000 meetings quick never costs a meeting: each meeting taken in is built
into a Meeting once (checked, and its actions indexed from that one build); a first fetch from a folder
takes the remote's packs whole and still gets what lies outside them; the store's index of actions is
the one reading every meeting afresh would give."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from facilitator import model, sync
from facilitator.model import Action, Meeting
from facilitator.readmodels import meeting_actions
from facilitator.sync import canonical, replica
from facilitator.tinydb_store import Store
from tests.test_sync import Laptop, closed


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _meetings(count: int) -> list[Meeting]:
    return [closed(date=dt.date(2026, 1, 5) + dt.timedelta(days=7 * n)) for n in range(count)]


def _packs(folder: Path) -> set[str]:
    return {path.name for path in folder.glob("*.pack")}


def test_a_first_sync_builds_each_meeting_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, laptop, remote = Laptop(tmp_path, "source"), Laptop(tmp_path, "laptop"), tmp_path / "remote.git"
    source.add(*_meetings(6))
    source.set_up(remote)
    source.sync()
    built: list[str] = []
    real = model.Meeting.from_dict.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Meeting], data: dict[str, object]) -> Meeting:
        built.append(str(data.get("id")))
        return real(cls, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(model.Meeting, "from_dict", classmethod(counted))
    laptop.set_up(remote)
    (outcome,) = laptop.sync()
    monkeypatch.undo()
    assert outcome.received == 6
    assert len(built) == len(set(built)) == 6  # checked once; the store's index took its actions from that build
    assert laptop.documents() == source.documents()


def test_the_index_of_actions_after_a_sync_is_what_reading_each_meeting_gives(tmp_path: Path) -> None:
    source, laptop, remote = Laptop(tmp_path, "source"), Laptop(tmp_path, "laptop"), tmp_path / "remote.git"
    meetings = _meetings(4)
    meetings[0].actions.append(Action(text="Ring the venue", owner="Paul Howard", due=dt.date(2026, 3, 1)))
    source.add(*meetings)
    source.set_up(remote)
    source.sync()
    laptop.set_up(remote)
    laptop.sync()  # new parts: their index built as they are written
    source.edit(meetings[1].id, lambda m: m.actions.append(Action(text="Send the minutes", owner="Denise")))
    source.sync()
    laptop.sync()  # a part already indexed: one meeting's row replaced
    with Store(laptop.db, readonly=True) as store:
        indexed = dict(store.backend.action_entries())  # type: ignore[attr-defined]
        afresh = {document["id"]: meeting_actions(dict(document)) for document in store.backend.documents()}  # type: ignore[attr-defined]
    assert indexed == afresh and indexed[meetings[1].id] is not None
    assert [a["text"] for _org, a in indexed[meetings[1].id].actions][-1] == "Send the minutes"
    with Store(laptop.db) as store:  # and as the next open reads it back from the saved index
        ours = [(row.meeting_id, row.action.text) for row in store.actions()]
    with Store(source.db, readonly=True) as store:
        assert ours == [(row.meeting_id, row.action.text) for row in store.actions()]


def test_a_first_sync_takes_the_remotes_packs_whole_and_what_lies_outside_them(tmp_path: Path) -> None:
    source, laptop, remote = Laptop(tmp_path, "source"), Laptop(tmp_path, "laptop"), tmp_path / "remote.git"
    meetings = _meetings(5)
    source.add(*meetings)
    source.set_up(remote)
    source.sync()
    # git itself pushes one more commit: a few objects, which git leaves loose in the remote (outside any pack).
    clone = tmp_path / "clone"
    _git("clone", "-q", str(remote), str(clone))
    path = clone / canonical.meeting_path(meetings[2].id)
    document = canonical.loads(path.read_bytes())
    path.write_bytes(canonical.dumps({**document, "summary": "from git"}))
    _git("-C", str(clone), "commit", "-qam", "an edit made with git")
    _git("-C", str(clone), "push", "-q", "origin", "HEAD:main")
    remote_packs = _packs(remote / "objects" / "pack")
    assert remote_packs and any(len(p.name) == 2 for p in (remote / "objects").iterdir())  # loose objects too

    laptop.set_up(remote)
    (outcome,) = laptop.sync()
    folder = sync.sync_folder(laptop.db) / "shared"
    assert remote_packs <= _packs(folder / ".git" / "objects" / "pack")  # copied, not rewritten object by object
    assert outcome.received == 5 and laptop.get(meetings[2].id).summary == "from git"
    _git("-C", str(folder), "fsck", "--no-progress")
    assert _git("-C", str(folder), "status", "--porcelain") == ""


def test_a_pack_copy_killed_halfway_leaves_nothing_seen_and_is_redone(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    (source / "pack-1.idx").write_bytes(b"index")
    (source / "pack-1.pack").write_bytes(b"pack")
    (source / "pack-2.pack").write_bytes(b"a pack still being written: no index yet")
    target.mkdir()
    (target / "pack-1.idx").write_bytes(b"index")  # a kill between the index and the pack
    (target / f"{replica.COPYING_PREFIX}pack-1.pack").write_bytes(b"pa")
    replica._copy_packs(source, target)
    assert sorted(p.name for p in target.iterdir()) == ["pack-1.idx", "pack-1.pack"]
    assert (target / "pack-1.pack").read_bytes() == b"pack"
