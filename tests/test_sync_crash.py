"""A sync stopped dead (as by a kill) just after it wrote merged meetings into the store, before it
recorded that the store holds them: the next sync must not take those meetings for edits made here.

The 20-kill soak (test_sync_kill.py) lost, about one run in ten, an edit the other laptop made twice
to a meeting of its own: a kill between the store write and the branch moving left the store holding
the first edit while the state and the branch still named the commit before it; the next sync
committed the first edit as if made here and merged it against that older commit, so the second
edit met it as a clash, and lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitator import sync
from facilitator.records import Records
from facilitator.sync import engine
from facilitator.sync.stage import stage
from facilitator.tinydb_store import Store
from tests.test_sync import Laptop, closed


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no ``except Exception`` catches it."""


def _killed_after_the_store_write(monkeypatch: pytest.MonkeyPatch) -> None:
    put_merged = Records.put_merged

    def then_killed(self: Records, meetings: Any) -> dict[str, int]:
        put_merged(self, meetings)
        raise Killed

    monkeypatch.setattr(Records, "put_merged", then_killed)


def _killed_before_the_state_is_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(self: engine._State) -> None:
        raise Killed

    monkeypatch.setattr(engine._State, "save", killed)


KILLS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "after the store write": _killed_after_the_store_write,
    "before the state is saved": _killed_before_the_state_is_saved,
}


@pytest.mark.parametrize("staged", [False, True], ids=["then a sync", "then a stage and a sync"])
@pytest.mark.parametrize("kill", list(KILLS))
def test_a_sync_killed_after_writing_the_store_neither_loses_a_newer_edit_nor_shows_a_clash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill: str, staged: bool
) -> None:
    here, there, remote = Laptop(tmp_path, "here"), Laptop(tmp_path, "there"), tmp_path / "remote.git"
    theirs, mine, other = closed(), closed(), closed()
    there.add(theirs)
    here.add(mine, other)
    there.set_up(remote)
    there.sync()
    here.set_up(remote)
    here.sync()  # here holds their meeting

    there.edit(theirs.id, lambda m: setattr(m, "venue", "first"))
    there.sync()
    here.edit(mine.id, lambda m: setattr(m, "summary", "edited here"))  # a real edit in the same sync
    KILLS[kill](monkeypatch)
    with pytest.raises(Killed):
        here.sync()
    monkeypatch.undo()
    assert here.get(theirs.id).venue == "first"  # in the store; the state still names the commit before it
    if staged:  # the app saves a meeting next: its stage commits what moved here, unless a sync left work to do
        here.edit(other.id, lambda m: setattr(m, "summary", "edited here after the kill"))
        with Store(here.db) as store:
            stage(store, here.db)

    there.edit(theirs.id, lambda m: setattr(m, "venue", "second"))
    there.sync()
    here.sync()
    there.sync()
    for laptop in (here, there):
        assert laptop.get(theirs.id).venue == "second"
        assert laptop.get(mine.id).summary == "edited here"
        assert laptop.get(other.id).summary == ("edited here after the kill" if staged else other.summary)
        assert sync.clashes(laptop.db) == []  # here never edited the venue: nothing to settle


def _stage_killed_after_the_branch_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage stopped just after it moved ``main`` to the commit of this laptop's edit."""
    from facilitator.sync.replica import Replica

    def killed(self: Replica, old: bytes | None, new: bytes) -> None:
        raise Killed

    monkeypatch.setattr(Replica, "check_out", killed)


@pytest.mark.parametrize("by", ["a sync", "a stage"])
def test_a_meeting_edited_here_again_after_a_killed_sync_is_no_clash_with_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by: str
) -> None:
    """The branch moved to the commit of this laptop's edit, then the sync (or the stage) was killed
    before its state named that commit: the next edit of the same meeting here was committed on the
    older commit, and the two edits met as a clash of this laptop with itself."""
    here, remote = Laptop(tmp_path, "here"), tmp_path / "remote.git"
    mine = closed()
    here.add(mine)
    here.set_up(remote)
    here.sync()
    here.edit(mine.id, lambda m: setattr(m, "summary", "edited here"))
    with pytest.raises(Killed):
        if by == "a sync":
            _killed_before_the_state_is_saved(monkeypatch)
            here.sync()
        else:
            _stage_killed_after_the_branch_moved(monkeypatch)
            with Store(here.db) as store:
                stage(store, here.db)
    monkeypatch.undo()
    here.edit(mine.id, lambda m: setattr(m, "summary", "edited here again"))
    here.sync()
    assert here.get(mine.id).summary == "edited here again"
    assert sync.clashes(here.db) == []


@pytest.mark.parametrize("kill", list(KILLS))
def test_a_first_sync_killed_after_writing_the_store_loses_none_of_the_edits_made_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill: str
) -> None:
    """The first sync has no store commit yet: what the next one commits is a commit of its own, with no
    history shared with the remote, so every meeting the killed sync wrote differed from the remote's next
    edit with no base to tell whose edit it was: each became a clash that kept the stale value (the soak's
    run with five of the other laptop's edits missing)."""
    here, there, remote = Laptop(tmp_path, "here"), Laptop(tmp_path, "there"), tmp_path / "remote.git"
    theirs = [closed(venue=f"venue {n}") for n in range(5)]
    mine = closed()
    there.add(*theirs)
    here.add(mine)
    there.set_up(remote)
    there.sync()
    here.set_up(remote)
    KILLS[kill](monkeypatch)
    with pytest.raises(Killed):
        here.sync()
    monkeypatch.undo()
    assert {here.get(meeting.id).venue for meeting in theirs} == {f"venue {n}" for n in range(5)}

    for meeting in theirs:
        there.edit(meeting.id, lambda m: setattr(m, "venue", f"{m.venue}, moved"))
    there.sync()
    here.sync()
    there.sync()
    for laptop in (here, there):
        assert [laptop.get(meeting.id).venue for meeting in theirs] == [f"venue {n}, moved" for n in range(5)]
        assert sync.clashes(laptop.db) == []
