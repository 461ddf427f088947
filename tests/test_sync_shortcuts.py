"""The shortcuts that make a sync with 10,000 meetings quick never cost an edit: a sync with nothing to do
reads no meeting, yet an edit made after it is always shared; a missing, older or damaged record of what was
written is rebuilt from the store; the replica's git index, patched entry by entry, reads clean to git; and
only the new objects are sent, in a remote git itself checks whole."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from facilitator import sync
from facilitator.sync import canonical
from tests.test_sync import Laptop, closed


def _state(laptop: Laptop) -> dict[str, object]:
    return json.loads((sync.sync_folder(laptop.db) / "shared.state.json").read_text())  # type: ignore[no-any-return]


def _written(laptop: Laptop) -> Path:
    return sync.sync_folder(laptop.db) / "shared.written.json"


def _remote_summary(remote: Path, meeting_id: str) -> object:
    """The summary the remote's main holds, read by git itself."""
    shown = _git("-C", str(remote), "show", f"main:{canonical.meeting_path(meeting_id)}")
    return json.loads(shown)["summary"]


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _two_meetings_synced(tmp_path: Path) -> tuple[Laptop, Path, list[str]]:
    laptop, remote = Laptop(tmp_path, "laptop"), tmp_path / "remote.git"
    meetings = [closed(), closed()]
    laptop.add(*meetings)
    laptop.set_up(remote)
    laptop.sync()
    laptop.sync()
    return laptop, remote, [meeting.id for meeting in meetings]


def test_an_edit_after_a_sync_with_nothing_to_do_is_still_shared(tmp_path: Path) -> None:
    laptop, remote, ids = _two_meetings_synced(tmp_path)
    state = _state(laptop)
    assert state["in_step"] and state["in_step"][0] == state["store_commit"]  # type: ignore[index]
    (nothing,) = laptop.sync()  # the shortcut: nothing read, nothing sent
    assert nothing.sent == 0 and nothing.pushed

    laptop.edit(ids[1], lambda m: setattr(m, "summary", "edited between two syncs"))
    (outcome,) = laptop.sync()
    assert outcome.sent == 1 and outcome.pushed
    assert _remote_summary(remote, ids[1]) == "edited between two syncs"
    assert _state(laptop)["in_step"][0] == _state(laptop)["store_commit"]  # type: ignore[index]


def test_a_meeting_closed_after_a_sync_with_nothing_to_do_is_shared(tmp_path: Path) -> None:
    laptop, remote, _ids = _two_meetings_synced(tmp_path)
    later = closed(summary="closed later")
    laptop.add(later)
    (outcome,) = laptop.sync()
    assert outcome.sent == 1 and _remote_summary(remote, later.id) == "closed later"


def test_a_missing_older_or_damaged_record_of_what_was_written_is_rebuilt(tmp_path: Path) -> None:
    laptop, remote, ids = _two_meetings_synced(tmp_path)
    older = _written(laptop).read_bytes()
    for turn, spoil in enumerate(("missing", "older", "damaged")):
        laptop.edit(ids[0], lambda m, t=turn: setattr(m, "summary", f"edit {t}"))
        if spoil == "missing":
            _written(laptop).unlink()
        elif spoil == "older":
            _written(laptop).write_bytes(older)  # records revisions the store has moved past
        else:
            _written(laptop).write_text("{not json")
        (outcome,) = laptop.sync()
        assert outcome.sent == 1 and outcome.pushed, spoil
        assert _remote_summary(remote, ids[0]) == f"edit {turn}", spoil
        record = json.loads(_written(laptop).read_text())["exported"]
        assert set(record) == set(ids), spoil  # rebuilt whole
    (nothing,) = laptop.sync()
    assert nothing.sent == 0


def test_a_stale_in_step_mark_is_never_trusted_past_an_edit(tmp_path: Path) -> None:
    """The mark names a commit and the revisions it held: an edit since (a new revision) goes the long way."""
    laptop, remote, ids = _two_meetings_synced(tmp_path)
    state_path = sync.sync_folder(laptop.db) / "shared.state.json"
    kept = state_path.read_bytes()
    laptop.edit(ids[0], lambda m: setattr(m, "summary", "first"))
    laptop.sync()
    state_path.write_bytes(kept)  # as if the sync had been killed before its state was written
    laptop.edit(ids[0], lambda m: setattr(m, "summary", "second"))
    laptop.sync()
    assert _remote_summary(remote, ids[0]) == "second"


def test_the_replica_index_patched_entry_by_entry_reads_clean_to_git(tmp_path: Path) -> None:
    laptop, remote, ids = _two_meetings_synced(tmp_path)
    other = Laptop(tmp_path, "other")
    other.set_up(remote)
    other.sync()
    replica = sync.sync_folder(laptop.db) / "shared"
    _git("-C", str(replica), "read-tree", "HEAD")  # git's own index, with its tree cache extension
    for turn in range(2):
        other.edit(ids[turn], lambda m, t=turn: setattr(m, "summary", f"from other {t}"))
        other.sync()
        laptop.sync()
        assert _git("-C", str(replica), "status", "--porcelain") == ""
        assert _git("-C", str(replica), "diff", "--stat", "HEAD") == ""
        shown = json.loads((replica / "meetings" / f"{ids[turn]}.json").read_text())
        assert shown["summary"] == f"from other {turn}"


def test_a_sync_sends_only_new_objects_and_git_checks_the_remote_whole(tmp_path: Path) -> None:
    laptop, remote, ids = _two_meetings_synced(tmp_path)
    before = int(_git("-C", str(remote), "count-objects", "-v").split("in-pack: ")[1].split()[0])
    laptop.edit(ids[0], lambda m: setattr(m, "summary", "one change"))
    laptop.sync()
    after = int(_git("-C", str(remote), "count-objects", "-v").split("in-pack: ")[1].split()[0])
    assert after - before == 4  # the meeting's blob, the meetings folder, the root tree, the commit
    _git("-C", str(remote), "fsck", "--no-progress", "--strict")
    clone = tmp_path / "clone"
    _git("clone", "-q", str(remote), str(clone))
    assert json.loads((clone / "meetings" / f"{ids[0]}.json").read_text())["summary"] == "one change"
