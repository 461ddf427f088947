"""Running the whole app in tests: a real TinyDB file in the test's folder, a fixed day and clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.keys import KEY_NAME_REPLACEMENTS, key_to_character
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator.meeting_files import demo_meetings
from facilitator.model import Attendee, Meeting
from facilitator.tinydb_store import Store
from screens.app import FacilitatorApp
from screens.keyorder import KeysInOrder

# The Monday the demo review took place, a little after it started.
NOW = dt.datetime(2026, 11, 16, 14, 25)


class KeepsNotices(KeysInOrder):
    """An app that keeps every notification it shows: Textual keeps its own list private (and drops a
    notification once its toast times out), so a test reads ``told`` instead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.told: list[str] = []
        # A test that reads the toasts themselves sets this: a toast of 2 s is gone before a loaded machine looks.
        self.keep_toasts = False

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.told.append(message)  # notify is thread-safe in Textual; so is a list's append
        if self.keep_toasts:
            timeout = 600
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


class TestedApp(KeepsNotices, FacilitatorApp):
    """The app as the tests run it."""


def make_app(db: Path, *, now: dt.datetime = NOW, autosave_delay: float = 0.05, **options: object) -> TestedApp:
    return TestedApp(
        db,
        open_repository=Store,
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


def running(app: App[object]) -> bool:
    """The app still runs and nothing has crashed it: Textual sets the return code to 1 on an unhandled
    exception (and run_test raises it on the way out)."""
    return app.is_running and app.return_code is None


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded, 10 s however loaded the machine) until ``condition`` holds; ``what`` says what did not happen."""
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, f"not within 10 s: {what}"
        await pilot.pause(0.02)


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
    """Fill the focused text box with ``text`` at once, as the box takes a typed key (``replace`` over the
    selection: the same restrictions, the same Changed message). Typing a key at a time costs two idle
    waits per key; the key-by-key path has its own tests (test_whole_review.py, test_random_keys.py,
    test_entry.py). Where no text box has focus, the keys are pressed: they may be bindings."""
    box = pilot.app.focused
    if isinstance(box, Input):
        start, end = box.selection
        box.replace(text, start, end)
        await pilot.pause()
    else:
        await type_keys(pilot, text)


async def type_keys(pilot: Pilot, text: str) -> None:
    """Type ``text`` one key at a time, each key routed by the app to the focused widget as a terminal's
    key is (a binding that took a letter would take it here too), as fast as a quick typist: the keys
    go in together, then the app catches up. Pilot's ``press`` waits twice for the app to go idle after
    every key, which is most of a long test's time."""
    await send(pilot, list(text))


def key_event(key: str) -> events.Key:
    """The event a terminal sends for ``key`` (a key name, or one character), as Pilot makes it, from
    Textual's public key tables: a punctuation character is named by its Unicode name ("!" is
    "exclamation_mark")."""
    if len(key) != 1:
        return events.Key(key, key_to_character(key))
    if key.isalnum():
        return events.Key(key, key)
    name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    return events.Key(KEY_NAME_REPLACEMENTS.get(name, name), key)


async def send(pilot: Pilot[None], keys: list[str]) -> None:
    """Keys arriving as fast as a quick typist's (or a paste's): one batch, then the app catches up.

    Pilot's ``press`` waits for the app to go idle after every key, which costs some 40 ms a key.
    """
    app = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)  # in order, as the terminal driver hands them over
    await pilot.pause()
    await keys_taken(pilot)


async def keys_taken(pilot: Pilot[None], within: float = 120) -> None:
    """Wait (bounded) until the app holds back no key: a burst is taken only as fast as the work
    each key sets going is done (``screens.keyorder.KeysInOrder``)."""
    app = pilot.app
    if not isinstance(app, KeysInOrder):
        return
    deadline = time.monotonic() + within
    while app.holding_keys and running(app):  # an app that has stopped takes no more keys
        assert time.monotonic() < deadline, f"keys still held back after {within} s"
        await pilot.pause(0.02)
    await pilot.pause()


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


async def finish(pilot: Pilot) -> list[str]:
    """Finish the meeting (ctrl+f) as a facilitator who has looked: where the closing review lists
    loose ends, Enter finishes anyway; the minutes are not sent (Esc on "Send the minutes?", which
    shows once the meeting is stored closed). The keys of what it listed ([] when it closed at once)."""
    from screens.closing_review import ClosingReviewScreen

    await pilot.press("ctrl+f")
    review = pilot.app.screen
    found: list[str] = []
    if isinstance(review, ClosingReviewScreen):
        found = [finding.key for finding in review.found]
        await pilot.press("enter")
    if isinstance(pilot.app, FacilitatorApp):  # a test's own host of the meeting screen offers no picker
        await skip_sending(pilot)
    return found


async def skip_sending(pilot: Pilot) -> None:
    """Esc on the picker that Finish offers, once it shows: home, as Finish left it before it offered one."""
    from screens.export_picker import ExportPicker

    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportPicker), '"Send the minutes?" shown')
    await pilot.press("escape")
