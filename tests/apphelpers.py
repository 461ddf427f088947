"""Running the whole app in tests: a real TinyDB file in the test's folder, a fixed day and clock."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from facilitator.exchange import demo_meetings
from facilitator.model import Attendee, Meeting
from facilitator.store import Store
from screens.app import FacilitatorApp

# The Monday the demo review took place, a little after it started.
NOW = dt.datetime(2026, 11, 16, 14, 25)


def make_app(db: Path, *, now: dt.datetime = NOW, autosave_delay: float = 0.05, **options: object) -> FacilitatorApp:
    return FacilitatorApp(
        db,
        today=lambda: now.date(),
        now=lambda: now,
        clock=lambda: 1000.0,  # timers stand still: what the screens show does not depend on the test's speed
        autosave_delay=autosave_delay,
        autosave_max_wait=max(0.2, autosave_delay),
        autosave_retry_after=0.1,
        config_dir=db.parent / "config",
        **options,  # type: ignore[arg-type]
    )


def store_demo(db: Path) -> None:
    with Store(db) as store:
        store.add_many(demo_meetings())


async def wait_for_store(pilot: Pilot) -> None:
    """The app reads the store in a worker; wait (bounded) until the home screen shows what it read
    or why it could not, then for any other worker started meanwhile (opening minutes, say)."""
    app = pilot.app
    assert isinstance(app, FacilitatorApp)
    for _ in range(500):
        await wait_for_workers(pilot)
        await pilot.pause()
        if app.home.overview is not None or app.home.error:
            break
    else:
        raise AssertionError("the store was not read within the time allowed")
    await wait_for_workers(pilot)


async def wait_for_workers(pilot: Pilot) -> None:
    """Wait for the app's short workers; the autosaver runs for as long as a meeting is open."""
    app = pilot.app
    short = [worker for worker in app.workers if worker.group != "autosave"]
    if short:  # an empty list would mean "every worker" to Textual, the autosaver too: a hang
        await app.workers.wait_for_complete(short)
    await pilot.pause()


async def wait_until_saved(pilot: Pilot) -> None:
    """Wait (bounded) until the autosaver has put every edit on disk and the app has shown it.

    It waits on the saver's own news (``wait_idle``: no edit unsaved, no save under way), then
    for the app to handle every Saved message posted, so the bar shows the last save.
    """
    app = pilot.app
    assert isinstance(app, FacilitatorApp)
    saver = app.autosaver
    if saver is None:
        return
    assert await asyncio.to_thread(saver.wait_idle, 10), "the autosaver did not save within 10 s"
    for _ in range(500):
        if app.autosaver is not saver or app.last_save is saver.last_report:
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never handled the autosaver's last Saved message")


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)


def steady_cursors(pilot: Pilot) -> None:
    """Stop input cursors blinking, so a snapshot does not depend on when it is taken."""
    for entry in pilot.app.screen.query(Input):
        entry.cursor_blink = False


def in_progress_meeting() -> Meeting:
    """A review of the demo partnership, started at NOW and not yet closed."""
    return Meeting(
        "Youth Resource Centre & Youth Offending Team",
        NOW.date(),
        start=dt.time(14, 0),
        attendees=[
            Attendee("Denise Godfrey", "Youth Service", "youth officer", chair=True),
            Attendee("Paul Howard", "Youth Offending Team", "YOT worker"),
        ],
    )
