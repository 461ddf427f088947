"""The Textual app: the store, the meeting in progress and its autosaver, and which screen is shown.

It opens the store in a thread worker (so the first screen shows at once, whatever the history
size) and hands it down: to the home screen through a reactive it is bound to, to the other
screens when it opens them. Each screen reads and writes through it in its own workers and
shows what comes back; the app runs no screen's I/O. For a meeting it makes the ``Session``
and runs the ``Autosaver`` loop in one long-lived thread worker; the save state flows down to
the meeting screen through a reactive (``save_state``), and screens ask for a change of screen
with messages. Besides that it keeps the app-wide parts: the key map, the signals, the
notifications, the palette and help.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette
from textual.content import Content
from textual.markup import escape as escape_markup
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen

from facilitator.errors import StoreError
from facilitator.overview import Overview
from facilitator.paths import config_dir as config_dir_default
from facilitator.quitting import QUIT_ANYWAY_WINDOW, QuitGuard
from facilitator.text import clean_line
from screens import SCREENS_DIR
from screens.frames import PacedFrames
from screens.home import HomeScreen
from screens.keyorder import KeysInOrder
from screens.lists import can_page
from screens.savestate import NOT_SAVED_YET, ON_DISK, SaveState

# Only what the home screen needs is imported before the first paint. The store, the session
# and the other screens are imported where first used (the store in its worker thread), which
# takes about a third off the time to a usable screen (docs/performance.md).
if TYPE_CHECKING:
    from facilitator.autosave import Autosaver, SaveReport
    from facilitator.model import Meeting
    from facilitator.outline import Unsettled
    from facilitator.repository import OpenRepository, Repository
    from facilitator.session import Session
    from facilitator.sync.stage import Round, Stager
    from facilitator.templates import Catalogue
    from screens.export_picker import Choice
    from screens.history import HistoryScreen
    from screens.meeting import MeetingScreen

KEYMAP_FILE = "keymap.toml"


class CommandPalette(PacedFrames, TextualCommandPalette):
    """Textual's palette, except that paging its list before the list is laid out does nothing.

    A quick ctrl+p, Page Up found no lines yet: a KeyError that stopped the app (see screens/lists.py).
    """

    def _action_command_list(self, action: str) -> None:
        if action.startswith("page_") and not can_page(self.query_one(CommandList)):
            return
        super()._action_command_list(action)


@dataclass
class Saved(Message):
    """The autosaver put the live meeting on disk (posted from its thread)."""

    saver: Autosaver
    report: SaveReport


@dataclass
class SaveFailed(Message):
    saver: Autosaver
    error: str


class StageWanted(Message):
    """A closed meeting was written (or one left): commit it to the sync replica (posted from any thread)."""


@dataclass
class Staged(Message):
    """What committing to the sync replica (and a sync after a close) did."""

    rounds: list[Round]


def _refusal(error: Exception, path: Path) -> str:
    """What the home screen says when the minutes cannot be opened: the store's own message, or,
    for a failure it did not foresee, what happened and what to do."""
    if isinstance(error, StoreError):
        return str(error)
    detail = clean_line(" ".join(str(error).split())[:200]) or type(error).__name__
    return (
        f"{path} could not be read ({detail}). Facilitator has left it untouched; restore a backup over it, "
        "or use --db to start afresh with another file."
    )


class FacilitatorApp(KeysInOrder):
    TITLE = "Facilitator"
    SUB_TITLE = "partnership review meetings"
    # home.tcss is loaded here, not by HomeScreen: as the default screen, its own CSS_PATH would not be read.
    CSS_PATH = [SCREENS_DIR / "app.tcss", SCREENS_DIR / "home.tcss"]
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", tooltip="Every key on this screen"),
        Binding("question_mark", "help", "Help", show=False, id="app.help_question"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Save and quit"),
    ]

    # State the screens are bound to (data_bind): they redraw when it changes, whatever they show.
    store: var[Repository | None] = var(None)  # the minutes, once opened
    store_error: var[str] = var("")  # why they could not be opened
    save_state: var[SaveState] = var(ON_DISK)  # the meeting in progress: saved, not yet, or failing
    changes: var[int] = var(0)  # goes up when the minutes may have changed: the home screen reads them again

    def __init__(
        self,
        db_path: Path,
        *,
        open_repository: OpenRepository,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        clock: Callable[[], float] = time.monotonic,
        autosave_delay: float = 0.3,
        autosave_max_wait: float = 0.6,
        autosave_retry_after: float = 5.0,
        config_dir: Path | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.open_repository = open_repository  # the store, as the command line chose it
        self.demo = demo  # a throwaway copy of the demo meetings: every screen's header says so
        self.today = today
        self.now = now
        self.clock = clock  # the step and item timers; tests and snapshots fix it
        self.autosave_delay = autosave_delay
        self.autosave_max_wait = autosave_max_wait
        self.autosave_retry_after = autosave_retry_after
        self.last_save: SaveReport | None = None  # the last save the app was told of
        self.config_dir = config_dir or config_dir_default()
        self.templates: Catalogue | None = None
        self.session: Session | None = None
        self.autosaver: Autosaver | None = None
        self.quit_guard = QuitGuard()
        self.home = HomeScreen(today=today)
        self.stager: Stager | None = None  # with sync set up: commits closed meetings to the replica

    @property
    def overview(self) -> Overview:
        """What the home screen last read (empty until the store is open)."""
        return self.home.overview or Overview()

    def format_title(self, title: str, sub_title: str) -> Content:
        shown = super().format_title(title, sub_title)
        return Content.assemble(("DEMO", "reverse bold"), " (not kept) ", shown) if self.demo else shown

    # -- start up ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # Home is the bottom of the screen stack: one screen to lay out at start, not a blank one and home.
        return self.home.data_bind(
            store=FacilitatorApp.store, error=FacilitatorApp.store_error, changes=FacilitatorApp.changes
        )

    def on_mount(self) -> None:
        self._catch_hangup()
        self._load_keymap()
        # The store is opened once the home screen is painted: its worker would otherwise
        # compete with the first paint for the interpreter (a long history is parsed in C,
        # holding the GIL), and the facilitator would look at a blank terminal meanwhile.
        self.call_after_refresh(self.open_store)

    def _catch_hangup(self) -> None:
        """Closing the terminal (SIGHUP) or being told to stop (SIGTERM) saves what was typed, as ctrl+q does.

        Left to their default, either signal ended the process at once, and whatever was typed
        since the last autosave (up to ``autosave_max_wait``) was lost. Not in headless runs
        (tests): the loop there belongs to the test runner.
        """
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # no such signal here
                loop.add_signal_handler(signum, self._save_and_go, signum)
        with contextlib.suppress(AttributeError, ValueError):  # no job control here
            _resume_only_after_a_suspend()

    def _save_and_go(self, signum: int) -> None:
        # On the event loop, so nothing edits the meeting meanwhile. The save is synchronous: the
        # terminal may already be gone, and the process may not get another turn of the loop.
        saver = self.autosaver
        if saver is not None:
            saver.flush()  # a failure (full disk) cannot be asked about now: the terminal is closing
            saver.stop()
        if self.store is not None:
            self.store.close()
        self.exit(return_code=128 + signum)

    def _load_keymap(self) -> None:
        """Remapped keys from keymap.toml in the config folder: ``"meeting.next_step" = "ctrl+n"``."""
        path = self.config_dir / KEYMAP_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return  # the usual case: the TOML parser is not even imported before the first screen
        except (OSError, UnicodeDecodeError) as error:
            self.notify(f"{path} was not used: {error}", title="Key map", severity="warning")
            return
        import tomllib

        try:
            keymap = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
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
        from facilitator.templates import TemplateError, load_catalogue

        try:
            templates = load_catalogue(self.config_dir)
        except TemplateError as error:  # the shipped review itself is broken: a damaged install
            self.call_from_thread(setattr, self, "store_error", f"{error}. Reinstall Facilitator.")
            return
        # Reading a long history makes millions of objects; the collector, set off by so many new
        # objects, would walk them all again and again (0.2 s a time, holding the interpreter
        # lock, so the screen froze). It waits until they are read, then they are frozen out of
        # its walks for good: they live as long as the app, and with 10,000 meetings each full
        # collection was felt as a stalled keystroke every few dozen edits.
        gc.disable()
        try:
            store = self.open_repository(self.db_path, today=self.today)
        except Exception as error:  # any failure must reach the screen, never leave it hanging
            self.call_from_thread(setattr, self, "store_error", _refusal(error, self.db_path))
            return
        finally:
            gc.freeze()
            gc.enable()
        self._watch_saves(store)
        self.call_from_thread(self._store_ready, store, templates)

    def _store_ready(self, store: Repository, templates: Catalogue) -> None:
        self.templates = templates
        # A broken template of the user's is skipped, and said so; the others are there to use.
        for problem in templates.problems:
            self.notify(f"Template skipped: {problem}", title="Templates", severity="warning", timeout=10)
        self.store = store  # the home screen, bound to it, reads its overview

    # -- the sync replica, written as meetings close (facilitator.sync.stage) -------------------

    def _watch_saves(self, store: Repository) -> None:
        """With sync set up beside the store, every closed meeting written is committed to its replica.

        Looked at once, as the store opens: sync cannot be set up meanwhile (the command needs the
        store, which the app holds). Without it, nothing is imported, read or created.
        """
        from facilitator.syncpaths import is_set_up

        if not is_set_up(self.db_path):
            return
        from facilitator.sync.stage import SaveWatcher, Stager

        self.stager = Stager(store, self.db_path)
        store.subscribe(SaveWatcher(self.want_stage))

    def want_stage(self, *, sync: bool = False) -> None:
        """Commit what changed to the replica, in a worker (``sync``: then a whole sync, if asked for after
        a close). Safe from any thread: the store calls it inside a save."""
        stager = self.stager
        if stager is not None and stager.want(sync=sync):
            self.post_message(StageWanted())

    @on(StageWanted)
    def _stage_wanted(self) -> None:
        self.run_stage()

    @work(thread=True, group="sync-stage", exit_on_error=False)
    def run_stage(self) -> None:
        from textual.worker import get_current_worker

        stager, worker = self.stager, get_current_worker()
        if stager is not None:
            self.post_message(Staged(stager.run(stop=lambda: worker.is_cancelled)))

    @on(Staged)
    def _staged(self, message: Staged) -> None:
        """A failure to commit is said in one line (the save itself is on disk); a sync after a close,
        on the home screen as the s key's is."""
        for round_ in message.rounds:
            for staged in round_.staged:
                if staged.problem:
                    self.notify(staged.line(), title="Shared copy", severity="warning", timeout=10)
            if round_.sync_error:
                self.home.show_sync_outcome(f"Not synced after the close: {round_.sync_error}", False)
            elif round_.synced is not None:
                said = " ".join(outcome.line(in_app=True) for outcome in round_.synced)
                notes = " ".join(note for outcome in round_.synced for note in outcome.notes)
                self.home.show_sync_outcome(f"After the close: {said} {notes}".strip(), True)

    @on(HomeScreen.Unreadable)
    def _unreadable(self, message: HomeScreen.Unreadable) -> None:
        store, self.store = self.store, None
        if store is not None:
            store.close()  # releases the lock: nothing is left held by a home screen that cannot use it
        self.store_error = _refusal(message.error, self.db_path)

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
            self.start_meeting(self.store, meeting)

    @work(thread=True, group="store", exit_on_error=False)
    def start_meeting(self, store: Repository, meeting: Meeting) -> None:
        """The partnership's open actions and last draft minutes come into the new meeting.

        Read in a worker: a partnership with a long history means parsing its past meetings.
        """
        from facilitator.arising import bring_forward

        earlier = bring_forward(meeting, store.meetings_of(meeting.partnership))
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

    def run_meeting(self, meeting: Meeting, *, fresh: bool, earlier: list[Meeting] | None = None) -> None:
        from facilitator.autosave import Autosaver
        from facilitator.session import Session
        from screens.meeting import MeetingScreen

        assert self.store is not None
        self.session = Session(meeting, now=self.now, clock=self.clock)
        if earlier is None:
            self.read_earlier(self.store, self.session)
        else:
            self.session.earlier = earlier
        saver = Autosaver(
            self.store,
            self.session,
            delay=self.autosave_delay,
            max_wait=self.autosave_max_wait,
            retry_after=self.autosave_retry_after,
            on_saved=lambda report: self.post_message(Saved(saver, report)),
            on_error=lambda error: self.post_message(SaveFailed(saver, str(error))),
        )
        self.autosaver = saver
        self.save_state = NOT_SAVED_YET if fresh else ON_DISK
        self.run_worker(saver.run, thread=True, group="autosave", exit_on_error=False)
        if fresh:
            saver.changed("new meeting")  # a new meeting is saved at once, before any edit
        screen = MeetingScreen(self.session, on_close=saver.stop, store=self.store, db_path=self.db_path)
        self.push_screen(screen.data_bind(FacilitatorApp.save_state))

    @work(thread=True, group="earlier", exit_on_error=False)
    def read_earlier(self, store: Repository, session: Session) -> None:
        """A resumed meeting's earlier meetings, for the health trend in its minutes."""
        from facilitator.arising import earlier_than

        earlier = earlier_than(session.meeting, store.meetings_of(session.meeting.partnership))
        self.call_from_thread(setattr, session, "earlier", earlier)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.last_save = message.report
        # Only the meeting in progress has a bar to tell: a report from the saver of a meeting
        # already left (its last save landing late) must not mark the next meeting saved.
        if message.saver is self.autosaver:
            self.save_state = SaveState("saved", at=self.now())

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        self.notify(
            f"{message.error} Everything typed is kept here and saving is retried; ctrl+e saves a copy elsewhere.",
            title="Not saved yet",
            severity="error",
            timeout=10,
        )
        if message.saver is self.autosaver:
            self.save_state = SaveState("failed", error=message.error)

    async def on_meeting_screen_leave(self, message: MeetingScreen.Leave) -> None:
        """Back to the home screen; everything typed is on disk first, or the meeting stays on screen."""
        from screens.meeting import MeetingScreen

        if not isinstance(self.screen, MeetingScreen):
            # A second Esc pressed while the first was saving (the meeting is already left), or a key
            # that opened help or the palette over it meanwhile: the meeting stays, its saver running.
            return
        if not await self._save_everything():
            self._not_saved("The meeting stays on screen, so nothing is lost, and saving is retried.")
            return
        session, self.session = self.session, None
        self.pop_screen()
        self.changes += 1  # counts and lists on the home screen may have changed
        # Its close was committed to the sync replica as it was saved; a meeting left in progress goes
        # now to a remote sharing those; after Finish, a whole sync if this store asked for one.
        self.want_stage(sync=message.finished)
        if session is not None and (message.finished or session.meeting.is_closed):
            self.notify(f"Minutes saved: {clean_line(session.meeting.partnership)}", title="Meeting closed")
        else:
            self.notify("Everything is saved; press r to resume.", title="Meeting still open")
        if session is not None and message.finished:
            self._offer_sending(session)

    def _offer_sending(self, session: Session) -> None:
        """Just finished: the export picker at once, the circulation copy first. Esc leaves it at home;
        a choice opens the minutes, asking where to write it."""
        from facilitator.circulation import withheld_from
        from screens.export_picker import ExportPicker

        meeting = session.meeting
        picker = ExportPicker("Send the minutes?", withheld=withheld_from(meeting, session.earlier))
        self.push_screen(picker, partial(self._send_chosen, meeting.id))

    def _send_chosen(self, meeting_id: str, choice: Choice | None) -> None:
        if choice is not None:
            self.load_minutes(meeting_id, export=choice)

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

    # -- the other screens --------------------------------------------------------------------

    @on(HomeScreen.OpenMinutes)
    def open_minutes(self, message: HomeScreen.OpenMinutes) -> None:
        self.load_minutes(message.meeting_id)

    def on_history_screen_open(self, message: HistoryScreen.Open) -> None:
        self.load_minutes(message.meeting_id)

    @work(thread=True, group="store", exit_on_error=False)
    def load_minutes(self, meeting_id: str, export: Choice | None = None) -> None:
        """The minutes screen, once its meeting and the partnership's others (the health trend) are read;
        ``export``: a copy already chosen, to be asked where to write."""
        store = self.store
        if store is None:
            return
        try:
            meeting = store.get(meeting_id)
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), title="Cannot open the minutes", severity="error")
            return
        from screens.minutes import MinutesScreen

        history = store.meetings_of(meeting.partnership)
        minutes = MinutesScreen(
            meeting, history, db_path=self.db_path, export=export, unsettled=self._unsettled_in(meeting_id)
        )
        self.call_from_thread(self.push_screen, minutes)

    def _unsettled_in(self, meeting_id: str) -> tuple[Unsettled, ...]:
        """The meeting's clashes not yet settled, for its minutes (in a worker); none without sync set up."""
        from facilitator.syncpaths import is_set_up

        if self.stager is None and not is_set_up(self.db_path):
            return ()
        from facilitator.sync.unsettled import unsettled_in

        return unsettled_in(self.db_path, meeting_id)

    @on(HomeScreen.OpenHistory)
    def open_history(self) -> None:
        from screens.history import HistoryScreen

        if self.store is not None:
            self.push_screen(HistoryScreen(self.store), self._back_home)

    @on(HomeScreen.OpenActions)
    @work(thread=True, group="store", exit_on_error=False)
    def open_actions(self) -> None:
        """The actions screen, on the newest meetings' actions; it reads the rest itself."""
        from screens.actions import FIRST_MEETINGS, ActionsScreen

        store = self.store
        if store is None:
            return
        rows = store.newest_actions(FIRST_MEETINGS)
        screen = ActionsScreen(rows, self.today(), store=store, complete=False)
        self.call_from_thread(self.push_screen, screen, self._back_home)

    @on(HomeScreen.OpenClashes)
    def open_clashes(self) -> None:
        from screens.clashes import ClashesScreen

        if self.store is not None:
            self.push_screen(ClashesScreen(self.store, self.db_path), self._back_home)

    def _back_home(self, _result: object = None) -> None:
        self.changes += 1  # counts and lists may have changed

    # -- app-wide ----------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification as plain text, whoever asks (a widget's ``notify`` asks for markup).

        Notifications carry names, titles and paths typed by people or read from files: read as
        markup, ``[/b]`` in an action would crash the app and ``[draft]`` would vanish.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, TextualCommandPalette):
            self.push_screen(CommandPalette(id="--command-palette"))

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        if not await self._save_everything():
            if self.quit_guard.quit_unsaved():
                self.exit()  # asked twice: the facilitator has chosen to go without saving
                return
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
            # The palette reads both as markup; a key from keymap.toml is the user's text.
            run = partial(self.run_action, binding.action, active.node)  # the node's namespace, as a key would
            yield SystemCommand(escape_markup(binding.description), escape_markup(hint), run)


def _resume_only_after_a_suspend() -> None:
    """Let the terminal driver's SIGCONT handler redraw only when the app was suspended (ctrl+z).

    Closing the terminal sends SIGHUP and then SIGCONT. Textual's driver takes any SIGCONT as a
    return from ctrl+z and starts a second output thread from inside the signal handler, which can
    deadlock with the first one's queue; the app then never ended, and the demo's folder stayed.
    """
    suspend = signal.getsignal(signal.SIGTSTP)
    resume = signal.getsignal(signal.SIGCONT)
    if not (callable(suspend) and callable(resume)):
        return
    suspended = False

    def on_suspend(signum: int, frame: object) -> None:
        nonlocal suspended
        suspended = True
        suspend(signum, frame)  # type: ignore[arg-type]  # stops the process until SIGCONT

    def on_resume(signum: int, frame: object) -> None:
        nonlocal suspended
        if suspended:
            suspended = False
            resume(signum, frame)  # type: ignore[arg-type]

    signal.signal(signal.SIGTSTP, on_suspend)
    signal.signal(signal.SIGCONT, on_resume)
