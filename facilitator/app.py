"""The Textual app: thin wiring of the store, the live session and the screens.

The only module of the core that imports Textual. It opens the store in a thread worker
(so the first screen shows at once, whatever the history size), hands a ``Session`` to the
meeting screen, and runs the ``Autosaver`` loop in one long-lived thread worker. Screens
talk to it with messages; they never touch the store.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from facilitator.errors import StoreError
from facilitator.overview import Overview
from facilitator.paths import config_dir as config_dir_default
from facilitator.text import clean_line
from screens import SCREENS_DIR
from screens.home import HomeScreen

# Only what the home screen needs is imported before the first paint. The store, the session
# and the other screens are imported where first used (the store in its worker thread), which
# takes about a third off the time to a usable screen (docs/performance.md).
if TYPE_CHECKING:
    from facilitator.autosave import Autosaver, SaveReport
    from facilitator.model import Meeting
    from facilitator.session import Session
    from facilitator.store import Store
    from facilitator.templates import Catalogue
    from screens.actions import ActionsScreen
    from screens.history import HistoryScreen
    from screens.meeting import MeetingScreen
    from screens.minutes import MinutesScreen
    from screens.steps.close import ClosePane

KEYMAP_FILE = "keymap.toml"
QUIT_ANYWAY_WINDOW = 10.0  # seconds in which a second ctrl+q quits although the meeting is not saved
HISTORY_ROWS = 200  # the newest matches the history lists; the count covers them all


@dataclass
class Saved(Message):
    """The autosaver put the live meeting on disk (posted from its thread)."""

    report: SaveReport


@dataclass
class SaveFailed(Message):
    error: str


class FacilitatorApp(App[None]):
    TITLE = "Facilitator"
    SUB_TITLE = "partnership review meetings"
    # home.tcss is loaded here, not by HomeScreen: as the default screen, its own CSS_PATH would not be read.
    CSS_PATH = [SCREENS_DIR / "app.tcss", SCREENS_DIR / "home.tcss"]
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", tooltip="Every key on this screen"),
        Binding("question_mark", "help", "Help", show=False, id="app.help_question"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Save and quit"),
    ]

    def __init__(
        self,
        db_path: Path,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        clock: Callable[[], float] = time.monotonic,
        autosave_delay: float = 0.3,
        autosave_max_wait: float = 0.6,
        config_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.today = today
        self.now = now
        self.clock = clock  # the step and item timers; tests and snapshots fix it
        self.autosave_delay = autosave_delay
        self.autosave_max_wait = autosave_max_wait
        self.config_dir = config_dir or config_dir_default()
        self.store: Store | None = None
        self.templates: Catalogue | None = None
        self.overview = Overview()
        self.session: Session | None = None
        self.autosaver: Autosaver | None = None
        self._quit_anyway_until = float("-inf")  # a second ctrl+q before then quits without saving
        self.home = HomeScreen()

    # -- start up ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # Home is the bottom of the screen stack: one screen to lay out at start, not a blank one and home.
        return self.home

    def on_mount(self) -> None:
        self._load_keymap()
        # The store is opened once the home screen is painted: its worker would otherwise
        # compete with the first paint for the interpreter (a long history is parsed in C,
        # holding the GIL), and the facilitator would look at a blank terminal meanwhile.
        self.call_after_refresh(self.open_store)

    def _load_keymap(self) -> None:
        """Remapped keys from keymap.toml in the config folder: ``"meeting.next_step" = "ctrl+n"``."""
        path = self.config_dir / KEYMAP_FILE
        try:
            keymap = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            self.notify(f"{path} was not used: {error}", title="Key map", severity="warning")
            return
        self.set_keymap({str(key): str(value) for key, value in keymap.items() if isinstance(value, str)})
        # Checked once the first screen is up: naming every id means importing every screen.
        self.call_after_refresh(self._check_keymap, path, keymap)

    def _check_keymap(self, path: Path, keymap: dict[str, object]) -> None:
        """Name each entry of keymap.toml that does nothing: an id no key has, or a key that is not text."""
        from screens.help import known_binding_ids

        known = known_binding_ids()
        unknown = [name for name in keymap if name not in known]
        not_text = [name for name, keys in keymap.items() if name in known and not isinstance(keys, str)]
        problems = []
        if unknown:
            problems.append(f"no key has the id {', '.join(repr(clean_line(name)) for name in unknown)}")
        if not_text:
            problems.append(f"{', '.join(repr(clean_line(name)) for name in not_text)} should be keys in quotes")
        if problems:
            self.notify(
                f"{path}: {'; '.join(problems)}. Those lines were not used; F1 shows each key's id.",
                title="Key map",
                severity="warning",
                timeout=10,
                markup=False,
            )

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def open_store(self) -> None:
        from facilitator.overview import overview
        from facilitator.store import Store
        from facilitator.templates import TemplateError, load_catalogue

        try:
            templates = load_catalogue(self.config_dir)
        except TemplateError as error:  # the shipped review itself is broken: a damaged install
            self.call_from_thread(self.home.show_error, f"{error}. Reinstall Facilitator.")
            return
        # Reading a long history makes millions of objects; the collector, set off by so many new
        # objects, would walk them all again and again (0.2 s a time, holding the interpreter
        # lock, so the screen froze). It waits until they are read, then they are frozen out of
        # its walks for good: they live as long as the app, and with 10,000 meetings each full
        # collection was felt as a stalled keystroke every few dozen edits.
        gc.disable()
        try:
            store = Store(self.db_path, today=self.today)
            found = overview(store, self.today())
        except StoreError as error:
            self.call_from_thread(self.home.show_error, str(error))
            return
        finally:
            gc.freeze()
            gc.enable()
        self.call_from_thread(self._store_ready, store, found, templates)

    def _store_ready(self, store: Store, found: Overview, templates: Catalogue) -> None:
        self.store = store
        self.templates = templates
        # A broken template of the user's is skipped, and said so; the others are there to use.
        for problem in templates.problems:
            self.notify(f"Template skipped: {problem}", title="Templates", severity="warning", timeout=10)
        self._show_overview(found)

    def _show_overview(self, found: Overview) -> None:
        self.overview = found
        self.home.show(found)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def refresh_overview(self) -> None:
        from facilitator.overview import overview

        if self.store is not None:
            found = overview(self.store, self.today())
            self.call_from_thread(self._show_overview, found)

    # -- meetings ----------------------------------------------------------------------------

    @on(HomeScreen.NewMeeting)
    def new_meeting(self) -> None:
        if self.store is None or self.templates is None:
            self.notify("Still opening your minutes…", severity="warning")
            return
        from screens.setup import SetupScreen

        self.push_screen(
            SetupScreen(
                self.overview.partnerships,
                list(self.templates.templates.values()),
                today=self.today(),
                now=self.now(),
            ),
            callback=self._setup_done,
        )

    def _setup_done(self, meeting: Meeting | None) -> None:
        if meeting is not None and self.store is not None:
            self.start_meeting(meeting)

    @work(thread=True, group="store", exit_on_error=False)
    def start_meeting(self, meeting: Meeting) -> None:
        """The partnership's open actions and last draft minutes come into the new meeting.

        Read in a worker: a partnership with a long history means parsing its past meetings.
        """
        from facilitator import followup
        from facilitator.model import StepKind

        assert self.store is not None
        earlier = self.store.meetings_of(meeting.partnership)
        if any(step.kind is StepKind.AGENDA for step in meeting.steps):  # matters arising live on the agenda
            followup.prepare(meeting, earlier)
        self.call_from_thread(self.run_meeting, meeting, fresh=True, earlier=earlier)

    @on(HomeScreen.Resume)
    def resume(self, message: HomeScreen.Resume) -> None:
        if self.store is None:
            return
        try:
            meeting = self.store.get(message.meeting_id)
        except StoreError as error:
            self.notify(str(error), title="Cannot resume", severity="error")
            return
        self.run_meeting(meeting, fresh=False)

    @on(HomeScreen.OpenMinutes)
    def open_minutes(self, message: HomeScreen.OpenMinutes) -> None:
        self.load_minutes(message.meeting_id)

    @work(thread=True, group="store", exit_on_error=False)
    def load_minutes(self, meeting_id: str) -> None:
        if self.store is None:
            return
        try:
            meeting = self.store.get(meeting_id)
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), title="Cannot open the minutes", severity="error")
            return
        from screens.minutes import MinutesScreen

        history = self.store.meetings_of(meeting.partnership)  # for the health trend
        self.call_from_thread(self.push_screen, MinutesScreen(meeting, history))

    # -- history ----------------------------------------------------------------------------

    @on(HomeScreen.OpenHistory)
    def open_history(self) -> None:
        from screens.history import HistoryScreen

        if self.store is not None:
            self.push_screen(HistoryScreen(), self._back_home)

    def on_history_screen_search(self, message: HistoryScreen.Search) -> None:
        self.search_minutes(message.query)

    def on_history_screen_open(self, message: HistoryScreen.Open) -> None:
        self.load_minutes(message.meeting_id)

    @work(thread=True, exclusive=True, group="trend", exit_on_error=False)
    def on_history_screen_trend(self, message: HistoryScreen.Trend) -> None:
        from facilitator.health import health_trend
        from screens.history import HistoryScreen

        screen = self.screen
        if self.store is None or not isinstance(screen, HistoryScreen):
            return
        trend = health_trend(self.store.meetings_of(message.partnership))
        self.call_from_thread(screen.show_trend, message.partnership, trend)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_minutes(self, query: str) -> None:
        from screens.history import HistoryScreen

        screen = self.screen
        if self.store is None or not isinstance(screen, HistoryScreen):
            return
        try:
            found, matching = self.store.find(query, limit=HISTORY_ROWS)
        except ValueError as error:
            self.call_from_thread(screen.show_problem, query, str(error))
            return
        self.call_from_thread(screen.show_results, query, found, matching, len(self.store))

    def on_minutes_screen_export(self, message: MinutesScreen.Export) -> None:
        self.export_minutes(message.meeting, message.path)

    @work(thread=True, group="store", exit_on_error=False)
    def export_minutes(self, meeting: Meeting, path: Path) -> None:
        from facilitator.exports import write_meeting
        from screens.minutes import MinutesScreen

        screen = self.screen
        if not isinstance(screen, MinutesScreen):
            return
        history = self.store.meetings_of(meeting.partnership) if self.store is not None else []
        try:
            written = write_meeting(meeting, path, now=dt.datetime.now(dt.UTC), history=history)
        except ValueError as error:
            self.call_from_thread(screen.exported, str(error), ok=False)
        except OSError as error:
            self.call_from_thread(screen.exported, f"could not write {path}: {error.strerror}", ok=False)
        else:
            self.call_from_thread(screen.exported, f"Wrote {written} to {path}", ok=True)

    # -- actions across meetings --------------------------------------------------------------

    @on(HomeScreen.OpenActions)
    @work(thread=True, group="store", exit_on_error=False)
    def open_actions(self) -> None:
        from screens.actions import ActionsScreen

        if self.store is None:
            return
        rows = self.store.actions()
        self.call_from_thread(self.push_screen, ActionsScreen(rows, self.today()), self._back_home)

    def on_actions_screen_change(self, message: ActionsScreen.Change) -> None:
        self.change_action(message.meeting_id, message.action_id, message.changes)

    @work(thread=True, group="store", exit_on_error=False)
    def change_action(self, meeting_id: str, action_id: str, changes: dict[str, object]) -> None:
        from screens.actions import ActionsScreen

        assert self.store is not None
        screen = self.screen
        if not isinstance(screen, ActionsScreen):
            return
        try:
            row = self.store.update_action(meeting_id, action_id, **changes)
        except (StoreError, ValueError) as error:
            self.call_from_thread(screen.show_refused, str(error))
            return
        self.call_from_thread(screen.show_saved, row)

    def _back_home(self, _result: object = None) -> None:
        self.refresh_overview()  # counts and lists may have changed

    def run_meeting(self, meeting: Meeting, *, fresh: bool, earlier: list[Meeting] | None = None) -> None:
        from facilitator.autosave import Autosaver
        from facilitator.session import Session
        from screens.meeting import MeetingScreen

        assert self.store is not None
        self.session = Session(meeting, now=self.now, clock=self.clock)
        if earlier is None:
            self.read_earlier(self.session)
        else:
            self.session.earlier = [m for m in earlier if m.id != meeting.id]
        self.autosaver = Autosaver(
            self.store,
            self.session,
            delay=self.autosave_delay,
            max_wait=self.autosave_max_wait,
            on_saved=lambda report: self.post_message(Saved(report)),
            on_error=lambda error: self.post_message(SaveFailed(str(error))),
        )
        self.run_worker(self.autosaver.run, thread=True, group="autosave", exit_on_error=False)
        if fresh:
            self.autosaver.changed("new meeting")  # a new meeting is saved at once, before any edit
        self.push_screen(MeetingScreen(self.session, on_close=self.autosaver.stop, on_disk=not fresh))

    @work(thread=True, group="store", exit_on_error=False)
    def read_earlier(self, session: Session) -> None:
        """A resumed meeting's earlier meetings, for the health trend in its minutes."""
        assert self.store is not None
        meeting_id = session.meeting.id
        earlier = [m for m in self.store.meetings_of(session.meeting.partnership) if m.id != meeting_id]
        self.call_from_thread(setattr, session, "earlier", earlier)

    def on_close_pane_later_edits(self, message: ClosePane.LaterEdits) -> None:
        if self.session is not None:
            self.find_later_edits(self.session, message.pane)

    @work(thread=True, exclusive=True, group="later-edits", exit_on_error=False)
    def find_later_edits(self, session: Session, pane: ClosePane) -> None:
        """What has been changed elsewhere since the meeting read it, read from the store in a worker."""
        assert self.store is not None
        try:
            found = self.store.later_edits(session.snapshot())
        except StoreError:
            return  # the close still keeps every later edit; this notice is only a warning ahead of it
        self.call_from_thread(pane.show_later_edits, found)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        from screens.meeting import MeetingScreen

        if isinstance(self.screen, MeetingScreen):
            self.screen.show_saved(self.now(), message.report)

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        from screens.meeting import MeetingScreen

        self.notify(
            f"{message.error} Everything typed is kept here and saving is retried; ctrl+e saves a copy elsewhere.",
            title="Not saved yet",
            severity="error",
            timeout=10,
        )
        if isinstance(self.screen, MeetingScreen):
            self.screen.show_save_failed(message.error)

    def on_meeting_screen_save_copy(self, message: MeetingScreen.SaveCopy) -> None:
        if self.session is not None:
            self.save_copy(self.session.snapshot(), message.path)

    @work(thread=True, group="copy", exit_on_error=False)
    def save_copy(self, meeting: Meeting, path: Path) -> None:
        """The meeting in progress written elsewhere, in the format its name ends with."""
        from facilitator.exports import write_meeting

        try:
            write_meeting(
                meeting, path, now=dt.datetime.now(dt.UTC), history=self.session.earlier if self.session else ()
            )
        except ValueError as error:
            self.call_from_thread(self.notify, clean_line(str(error)), title="No copy saved", severity="error")
        except OSError as error:
            reason = error.strerror or str(error)
            self.call_from_thread(
                self.notify, clean_line(f"could not write {path}: {reason}"), title="No copy saved", severity="error"
            )
        else:
            back = f" 'facilitator import {path}' brings it back." if path.suffix.lower() == ".json" else ""
            self.call_from_thread(self.notify, clean_line(f"Saved a copy to {path}.{back}"), title="Copy saved")

    async def on_meeting_screen_leave(self, message: MeetingScreen.Leave) -> None:
        """Back to the home screen; everything typed is on disk first, or the meeting stays on screen."""
        if not await self._save_everything():
            self._not_saved("The meeting stays on screen, so nothing is lost, and saving is retried.")
            return
        session, self.session = self.session, None
        self.pop_screen()
        self.refresh_overview()
        if session is not None and (message.finished or session.meeting.is_closed):
            self.notify(f"Minutes saved: {clean_line(session.meeting.partnership)}", title="Meeting closed")
        else:
            self.notify("Everything is saved; press r to resume.", title="Meeting still open")

    async def _save_everything(self) -> bool:
        """Put the meeting in progress on disk, then stop its saver. False if it cannot be saved:
        the saver then keeps running, and retrying, and the meeting stays in memory."""
        saver = self.autosaver
        if saver is None:
            return True
        if not await asyncio.to_thread(saver.flush):
            return False
        saver.stop()
        self.autosaver = None
        return True

    def _not_saved(self, what_now: str) -> None:
        error = self.autosaver.last_error if self.autosaver is not None else None
        self.notify(
            f"{error or 'The meeting could not be saved.'} {what_now} ctrl+e saves a copy elsewhere.",
            title="Not saved",
            severity="error",
            timeout=10,
        )

    # -- app-wide ----------------------------------------------------------------------------

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        if not await self._save_everything():
            if time.monotonic() < self._quit_anyway_until:
                self.exit()  # asked twice: the facilitator has chosen to go without saving
                return
            self._quit_anyway_until = time.monotonic() + QUIT_ANYWAY_WINDOW
            self._not_saved(
                f"Nothing is lost while Facilitator stays open. ctrl+q again within {QUIT_ANYWAY_WINDOW:.0f} s "
                "quits without saving;"
            )
            return
        if self.store is not None:
            self.store.close()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every key binding of the screen, so the palette can do it all."""
        titles = set()
        for command in super().get_system_commands(screen):
            titles.add(command.title)
            yield command
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.description in titles or binding.system:
                continue
            titles.add(binding.description)
            shown = self.get_key_display(binding)
            hint = f"{binding.tooltip} ({shown})" if binding.tooltip else f"Key: {shown or key}"
            yield SystemCommand(binding.description, hint, partial(active.node.run_action, binding.action))
