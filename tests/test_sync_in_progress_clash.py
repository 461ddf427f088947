"""A meeting in progress shared with ``--in-progress`` can clash too; every place its minutes are shown
before it closes shows the "Not settled" section, as the closed minutes do.

The places (found by a sweep of the callers of ``render_markdown``/``render_text``/``write_meeting``/
``MeetingExport``): ``facilitator show`` and ``facilitator export`` (given the clashes already), the
meeting screen's "write a copy" (``write_meeting`` with no clashes given: read beside the store now),
and the Close step's preview (``unsettled_for_preview``, read again only after a sync or a settle)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator import sync
from facilitator.cli import main
from facilitator.exporters.writer import write_meeting
from facilitator.minutes import render_markdown
from facilitator.outline import NOT_SETTLED
from facilitator.sync.unsettled import unsettled_for_preview
from facilitator.tinydb_store import Store
from screens.steps.preview import MinutesPreview
from tests.apphelpers import in_progress_meeting, make_app, wait_for_store, wait_until
from tests.test_sync import Laptop


def _clash_in_a_meeting_in_progress(tmp_path: Path) -> tuple[Laptop, str]:
    remote = tmp_path / "remote.git"
    denise, paul = Laptop(tmp_path, "Denise"), Laptop(tmp_path, "Paul")
    meeting = in_progress_meeting()
    denise.add(meeting)
    denise.set_up(remote, in_progress=True)
    denise.sync()
    paul.set_up(remote, in_progress=True)
    paul.sync()
    paul.edit(meeting.id, lambda m: setattr(m, "venue", "Paul's room"))
    paul.sync()
    denise.edit(meeting.id, lambda m: setattr(m, "venue", "Denise's room"))
    denise.sync()
    assert len(sync.clashes(denise.db)) == 1
    assert denise.get(meeting.id).status != "closed"
    return denise, meeting.id


def test_show_of_a_meeting_in_progress_shows_its_clash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    denise, meeting_id = _clash_in_a_meeting_in_progress(tmp_path)
    assert main(["--db", str(denise.db), "show", meeting_id, "--no-pager"]) == 0
    shown = capsys.readouterr().out
    assert NOT_SETTLED in shown and "Paul's room" in shown and "Denise's room" in shown


def test_a_copy_of_a_meeting_in_progress_written_from_its_screen_shows_its_clash(tmp_path: Path) -> None:
    denise, meeting_id = _clash_in_a_meeting_in_progress(tmp_path)
    target = tmp_path / "copy.md"
    write_meeting(denise.get(meeting_id), target, now=dt.datetime.now(dt.UTC), db_path=denise.db)  # as the screen
    written = target.read_text()
    assert NOT_SETTLED in written and "Paul's room" in written


def test_the_close_step_preview_shows_the_clash_until_it_is_settled(tmp_path: Path) -> None:
    denise, meeting_id = _clash_in_a_meeting_in_progress(tmp_path)
    meeting = denise.get(meeting_id)
    found = unsettled_for_preview(denise.db, meeting_id)
    assert len(found) == 1
    assert NOT_SETTLED in render_markdown(meeting, (), found)
    assert unsettled_for_preview(denise.db, meeting_id) is found  # read once: a redraw costs a few stat calls

    (clash,) = sync.clashes(denise.db)
    with Store(denise.db) as store:
        sync.settle(store, denise.db, clash, 1)
    assert unsettled_for_preview(denise.db, meeting_id) == ()  # the settle is seen at once
    assert NOT_SETTLED not in render_markdown(denise.get(meeting_id), (), ())


def test_no_sync_set_up_no_clashes_and_no_git(tmp_path: Path) -> None:
    laptop = Laptop(tmp_path, "alone")
    meeting = in_progress_meeting()
    laptop.add(meeting)
    assert unsettled_for_preview(laptop.db, meeting.id) == ()


async def test_the_close_step_of_the_meeting_on_screen_shows_its_clash(tmp_path: Path) -> None:
    denise, _ = _clash_in_a_meeting_in_progress(tmp_path)
    app = make_app(denise.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("r", "f7")
        preview = app.screen.query_one(MinutesPreview)
        await wait_until(pilot, lambda: NOT_SETTLED in preview.source, "the clash in the Close step's preview")
        assert "Paul's room" in preview.source and "Denise's room" in preview.source
