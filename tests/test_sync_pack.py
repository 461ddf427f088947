"""The remote on a shared drive, and each replica, kept to a few packs: every push added one pack and
nothing joined them, so a year of syncs left thousands of small packs for every fetch and clone to open.

Real repositories throughout; ``git`` itself checks what is left (``git fsck --strict``, ``git clone``)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dulwich.objects import Blob
from dulwich.repo import Repo

from facilitator import sync
from facilitator.sync import repack
from facilitator.sync.replica import MAIN, Replica
from tests.test_sync import Laptop, closed

ROOT = Path(__file__).resolve().parent.parent
PUSHES = 30


def _packs(git_dir: Path) -> list[str]:
    return sorted(name for name in os.listdir(git_dir / "objects" / "pack") if name.endswith(".idx"))


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def _fsck(git_dir: Path) -> None:
    checked = _git("--git-dir", str(git_dir), "fsck", "--strict", "--no-dangling")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_thirty_pushes_leave_few_packs_in_the_remote_and_a_clone_gets_every_meeting(tmp_path: Path) -> None:
    here, there, remote = Laptop(tmp_path, "here"), Laptop(tmp_path, "there"), tmp_path / "remote.git"
    meeting = closed()
    here.add(meeting)
    here.set_up(remote)
    here.sync()
    most = 0
    for push in range(PUSHES):
        here.edit(meeting.id, lambda m, n=push: setattr(m, "venue", f"room {n}"))
        here.sync()
        most = max(most, len(_packs(remote)))
    assert most <= repack.MAX_PACKS + 1  # the push that went over is followed at once by the tidy
    assert len(_packs(remote)) <= repack.MAX_PACKS
    _fsck(remote)
    _fsck(sync.sync_folder(here.db) / "shared" / ".git")

    clone = tmp_path / "clone"
    assert _git("clone", "-q", str(remote), str(clone)).returncode == 0
    assert _git("rev-list", "--count", "HEAD", cwd=clone).stdout.strip() == str(PUSHES + 1)
    assert f'"venue": "room {PUSHES - 1}"' in (clone / "meetings" / f"{meeting.id}.json").read_text()
    there.set_up(remote)  # a laptop joining later gets everything too
    there.sync()
    assert there.get(meeting.id).venue == f"room {PUSHES - 1}"


def _remote_with_packs(path: Path, packs: int, per_pack: int) -> tuple[Repo, set[bytes]]:
    remote = Repo.init_bare(str(path), mkdir=True)
    ids: set[bytes] = set()
    for n in range(packs):
        blobs = [Blob.from_string(f"pack {n} object {k}\n".encode() * 20) for k in range(per_pack)]
        remote.object_store.add_objects([(blob, None) for blob in blobs])
        ids.update(blob.id for blob in blobs)
    return remote, ids


def test_a_pack_pushed_during_the_repack_is_left_alone_and_every_object_stays(tmp_path: Path) -> None:
    remote, ids = _remote_with_packs(tmp_path / "remote.git", 12, 5)
    store = remote.object_store
    listed = list(store.packs)
    pushed = Blob.from_string(b"pushed by another laptop meanwhile")
    store.add_objects([(pushed, None)])  # after the repack listed its packs
    assert repack.join(store, listed) == 12
    assert len(_packs(tmp_path / "remote.git")) == 2  # the joined one, and the one pushed meanwhile
    fresh = Repo(str(tmp_path / "remote.git"))
    assert all(object_id in fresh.object_store for object_id in ids | {pushed.id})
    fresh.close()
    remote.close()


def test_the_largest_packs_stay_while_the_small_ones_are_joined() -> None:
    class Sized:
        def __init__(self, size: int) -> None:
            self.size = size

        def __len__(self) -> int:
            return self.size

    packs = [Sized(size) for size in (10_000, 40, 5, 3, 2, 2, 1, 1, 1, 1)]
    joined = repack._to_join(packs, repack.MAX_PACKS, len)  # type: ignore[arg-type]
    assert [len(pack) for pack in joined] == [5, 3, 2, 2, 1, 1, 1, 1]
    everything = [Sized(2**n) for n in range(10, 0, -1)]  # a long geometric row: one pack in all
    assert len(repack._to_join(everything, repack.MAX_PACKS, len)) == 10  # type: ignore[arg-type]


def test_the_replica_packs_its_loose_objects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repack, "MAX_LOOSE", 1)
    replica = Replica(tmp_path / "replica")
    blobs = [replica.blob(f"meeting {n}".encode()) for n in range(1000)]
    replica.set_ref(MAIN, replica.commit({f"meetings/{n}.json": blob for n, blob in enumerate(blobs)}, [], "m", "me"))
    assert any((tmp_path / "replica" / ".git" / "objects").glob("??/*"))
    repack.tidy(replica.repo)
    assert not any((tmp_path / "replica" / ".git" / "objects").glob("??/*"))  # all loose ones packed
    assert all(replica.read(blob) == f"meeting {n}".encode() for n, blob in enumerate(blobs))
    replica.close()
    _fsck(tmp_path / "replica" / ".git")


KILLER = "import sys; from facilitator.sync.repack import tidy_remote; tidy_remote(sys.argv[1])"


def test_a_repack_killed_at_any_moment_leaves_the_remote_readable_and_complete(tmp_path: Path) -> None:
    """SIGKILL at random moments of a repack (a real subprocess): every object still readable by git
    and dulwich each time; the next repack finishes the work."""
    rng = random.Random(17)
    path = tmp_path / "remote.git"
    remote, ids = _remote_with_packs(path, 24, 150)
    blob_ids = sorted(ids)
    remote.close()
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", KILLER, str(path)], cwd=ROOT, check=True)
    whole = time.monotonic() - started  # how long one repack takes here, to kill within it
    assert len(_packs(path)) <= repack.MAX_PACKS
    kills = 0
    for round_ in range(6):
        _remote_more_packs(path, round_)
        process = subprocess.Popen([sys.executable, "-c", KILLER, str(path)], cwd=ROOT)
        time.sleep(rng.uniform(0, whole))
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += process.returncode == -signal.SIGKILL
        (path / repack.LOCK_NAME).unlink(missing_ok=True)  # as if ten minutes had passed: the next round joins again
        with Repo(str(path)) as after:
            assert all(object_id in after.object_store for object_id in blob_ids)
        _fsck(path)
    assert kills >= 1  # at least one kill landed mid-repack
    assert repack.tidy_remote(str(path)) >= 0
    assert len(_packs(path)) <= repack.MAX_PACKS
    _fsck(path)


def _remote_more_packs(path: Path, round_: int) -> None:
    with Repo(str(path)) as remote:
        for n in range(repack.MAX_PACKS + 1):
            blob = Blob.from_string(f"round {round_} push {n}".encode())
            remote.object_store.add_objects([(blob, None)])
