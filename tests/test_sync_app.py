"""Sync in the app: a key on the home screen syncs in a worker and says how it went; "N clashes to settle"
on the home screen, and a screen where one key per clash keeps value 1 or 2. Real git, real stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from facilitator import sync
from screens.clashes import ClashesScreen
from screens.home import HomeScreen
from tests.apphelpers import make_app, wait_for_store, wait_for_workers, wait_until
from tests.test_fit_screens import assert_every_key_in_view
from tests.test_sync import Laptop, closed


def a_clash_waiting(
    tmp_path: Path, *, ours: str = "Denise's venue", theirs: str = "Paul's venue"
) -> tuple[Laptop, Laptop, str]:
    """Denise's laptop, about to sync a venue that clashes with one Paul has pushed; Paul's; the meeting's id."""
    remote = tmp_path / "remote.git"
    denise, paul = Laptop(tmp_path, "Denise"), Laptop(tmp_path, "Paul")
    meeting = closed()
    denise.add(meeting)
    denise.set_up(remote)
    denise.sync()
    paul.set_up(remote)
    paul.sync()
    paul.edit(meeting.id, lambda m: setattr(m, "venue", theirs))
    paul.sync()
    denise.edit(meeting.id, lambda m: setattr(m, "venue", ours))
    return denise, paul, meeting.id


def _a_clash_waiting_for(tmp_path: Path) -> tuple[Laptop, str]:
    denise, _paul, meeting_id = a_clash_waiting(tmp_path)
    return denise, meeting_id


async def test_s_syncs_off_the_loop_and_c_settles_the_clash_it_found(tmp_path: Path) -> None:
    denise, meeting_id = _a_clash_waiting_for(tmp_path)
    app = make_app(denise.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home.sync_state[0], "the home screen to know a remote is set up")
        assert "s sync" in str(home.query_one("#home-hint", Static).render())
        await pilot.press("s")
        await wait_until(pilot, lambda: any("Synced with shared" in told for told in app.told), "the sync's outcome")
        await wait_for_workers(pilot)
        assert any("1 new clash(es)" in told for told in app.told)
        await wait_until(pilot, lambda: home.sync_state[1] == 1, "the clash to be counted")
        line = home.query_one("#home-sync", Static)
        assert line.display and "1 clash to settle" in str(line.render())

        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ClashesScreen), "the clashes screen")
        screen = app.screen
        assert isinstance(screen, ClashesScreen)
        await wait_until(pilot, lambda: len(screen.found) == 1, "the clash to be listed")
        (clash,) = screen.found
        assert [value for _who, value in clash.choices()] == ["Denise's venue", "Paul's venue"]
        await pilot.press("2")
        await wait_until(pilot, lambda: any("Kept Paul's venue" in told for told in app.told), "the clash settled")
        await wait_until(pilot, lambda: screen.found == [], "the list to empty")
        assert app.store is not None and app.store.get(meeting_id).venue == "Paul's venue"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
        await wait_until(pilot, lambda: home.sync_state[1] == 0, "no clash left")
        assert not home.query_one("#home-sync", Static).display
    assert sync.clashes(denise.db) == []


async def test_a_sync_that_fails_says_why_and_the_app_goes_on(tmp_path: Path) -> None:
    laptop = Laptop(tmp_path, "laptop")
    laptop.add(closed())
    remote = tmp_path / "remote.git"
    laptop.set_up(remote)
    laptop.sync()
    remote.rename(tmp_path / "elsewhere")
    app = make_app(laptop.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home.sync_state[0], "the remote to be known")
        await pilot.press("s")
        await wait_until(pilot, lambda: any(told.startswith("Not synced:") for told in app.told), "the failure")
        assert any(str(remote) in told for told in app.told)
        assert not home.syncing and app.is_running


async def test_without_a_remote_s_says_how_to_set_sharing_up_and_offers_no_clashes(tmp_path: Path) -> None:
    laptop = Laptop(tmp_path, "laptop")
    laptop.add(closed())
    app = make_app(laptop.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await wait_for_workers(pilot)
        hint = str(app.screen.query_one("#home-hint", Static).render())
        assert "clashes" not in hint
        await pilot.press("s")
        await wait_until(pilot, lambda: any("Sharing is not set up" in told for told in app.told), "a word on s")
        assert any("facilitator sync --remote" in told for told in app.told)
        assert not (laptop.db.parent / "minutes.sync").exists(), "nothing written for a key that could not sync"


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_clash_keys_fit_the_terminal(tmp_path: Path, size: tuple[int, int]) -> None:
    denise, _meeting_id = _a_clash_waiting_for(tmp_path)
    denise.sync()
    app = make_app(denise.db)
    async with app.run_test(size=size) as pilot:
        await wait_for_store(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home.sync_state[1] == 1, "the clash to be counted")
        await pilot.pause()
        assert_every_key_in_view(app)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ClashesScreen), "the clashes screen")
        await wait_until(pilot, lambda: len(app.screen.found) == 1, "the clash to be listed")  # type: ignore[attr-defined]
        await pilot.pause()
        assert_every_key_in_view(app)
