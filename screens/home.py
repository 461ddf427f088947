"""Home: resume a meeting in progress, start a new one, open recent minutes, see what actions are due.

The screen shows at once with "Opening your minutes…". It is bound to the app's store: once
the store is open (``store``), and each time the app says the minutes may have changed
(``changes``: a meeting left, actions changed), it reads its overview in a worker and shows it
(``overview``), so a long history never keeps the facilitator
waiting. Why the minutes could not be opened comes down the same way (``error``). A meeting
left in progress (the app was closed, or the process died) is listed first and named in a
banner: one key resumes it where it stood.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.overview import Overview
from facilitator.overview import overview as overview_of
from facilitator.text import clean_line
from screens.frames import PacedScreen
from screens.keybar import KeyBar, hide_keys_panel
from screens.lists import Options
from screens.timefmt import stored_day_text

if TYPE_CHECKING:
    from facilitator.organisation import Facilitator
    from facilitator.readmodels import MeetingSummary
    from facilitator.repository import Repository
    from screens.facilitator_picker import Picked

RESUME, MINUTES = "resume", "minutes"


def _when(summary: MeetingSummary) -> str:
    day = stored_day_text(summary.date)
    return f"{day} {summary.start}" if summary.start else day


def _meeting_line(summary: MeetingSummary) -> Text:
    line = Text()
    line.append(f"{_when(summary):<22}", style="bold")
    line.append(clean_line(summary.partnership))
    people = ", ".join(clean_line(name) for name in summary.attendees[:3])
    if len(summary.attendees) > 3:
        people += f" +{len(summary.attendees) - 3}"
    if people:
        line.append(f"  ·  {people}", style="dim")
    if summary.open_actions:
        line.append(f"  ·  {summary.open_actions} open action{'s' if summary.open_actions != 1 else ''}", style="dim")
    return line


class HomeScreen(PacedScreen[None]):
    BINDINGS = [
        Binding("n", "new_meeting", "New meeting", id="home.new", tooltip="Set up a new meeting"),
        Binding("r", "resume", "Resume", id="home.resume", tooltip="Carry on with the meeting left in progress"),
        Binding("h", "history", "History", id="home.history", tooltip="Every meeting, searchable"),
        Binding("a", "actions", "Actions", id="home.actions", tooltip="Every action across meetings"),
        Binding("s", "sync", "Sync", id="home.sync", tooltip="Share the minutes: commit, fetch, merge, push"),
        Binding("c", "clashes", "Clashes", id="home.clashes", tooltip="Settle the clashes a sync found"),
        Binding(
            "ctrl+t",
            "pick_facilitator",
            "Facilitator",
            id="home.facilitator",
            tooltip="Only the meetings one facilitator chaired (or everyone's), here as in history and actions",
        ),
        Binding(
            "enter",
            "open_highlighted",
            "Open the highlighted meeting",
            show=False,
            id="home.open",
            tooltip="Resume the highlighted meeting, or read its minutes",
        ),
        Binding("escape", "hide_keys_panel", show=False, id="home.hide_keys"),
    ]

    class NewMeeting(Message):
        """The facilitator wants to set up a new meeting."""

    class OpenHistory(Message):
        """The facilitator wants every past meeting, to search."""

    class OpenActions(Message):
        """The facilitator wants the actions across meetings."""

    @dataclass
    class Resume(Message):
        meeting_id: str

    @dataclass
    class OpenMinutes(Message):
        meeting_id: str

    @dataclass
    class Unreadable(Message):
        """The store opened, but what the home screen shows could not be read from it."""

        error: Exception

    @dataclass
    class _Read(Message):
        found: Overview

    class OpenClashes(Message):
        """The facilitator wants to settle the clashes a sync found."""

    @dataclass
    class _NamesRead(Message):
        names: list[tuple[str, int]]

    @dataclass
    class _SyncRead(Message):
        set_up: bool
        clashes: int

    @dataclass
    class _Synced(Message):
        said: str
        ok: bool

    store: var[Repository | None] = var(None)  # bound to the app's: None until the minutes are open
    error: var[str] = var("")  # bound to the app's: why the minutes could not be opened
    changes: var[int] = var(0)  # bound to the app's: goes up when the minutes may have changed
    overview: var[Overview | None] = var(None, bindings=True)  # what was last read
    # Sync (facilitator.sync): whether a remote is set up, how many clashes wait, whether one runs now.
    sync_state: var[tuple[bool, int]] = var((False, 0), bindings=True)
    syncing: var[bool] = var(False, bindings=True)

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.today = today
        self.facilitator: Facilitator | None = None  # the lists and counts keep this person's meetings; None: all

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static("Opening your minutes…", id="home-status", classes="hint", markup=False)
            yield Static("", id="home-banner", markup=False)
            yield Static("", id="home-sync", markup=False)
            yield Static("", id="home-error", classes="error", markup=False)
            yield Options(id="home-meetings")
            yield Static("", id="home-hint", classes="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#home-banner").display = False
        self.query_one("#home-sync").display = False
        self.query_one("#home-error").display = False
        self.query_one("#home-meetings", OptionList).focus()
        # The store may have answered before the screen was mounted.
        self.watch_overview(self.overview)
        self.watch_error(self.error)
        self.show_hint()

    def _composed(self) -> bool:
        # Not is_mounted: that turns true only after on_mount, and an answer from the store
        # can land in between; on_mount shows whatever arrived before the widgets existed.
        return bool(self.query("#home-error"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return bool(self.overview and self.overview.in_progress)
        if action in ("new_meeting", "history", "actions", "pick_facilitator"):
            return self.overview is not None
        if action == "sync":
            return self.overview is not None and not self.syncing
        if action == "clashes":
            return self.sync_state[1] > 0
        if action == "open_highlighted":
            return self._highlighted_id() is not None
        if action == "hide_keys_panel":
            return bool(self.query("HelpPanel"))
        return True

    def hint(self) -> str:
        """The keys that do something now, as remapped in keymap.toml: 'n new meeting  ·  enter open  ·  …'."""
        app = self.app
        parts = []
        seen: set[str] = set()
        for node in (self, app):
            bindings = node._bindings.copy()  # a copy: applying the keymap must not change the live map
            bindings.apply_keymap(app._keymap)
            for binding in (b for group in bindings.key_to_bindings.values() for b in group):
                _target, name, parameters = parse(binding.action)
                ours = (binding.id or "").startswith("home.") if node is self else name == "help"
                if not ours or not binding.description:
                    continue
                if node.check_action(name, parameters) and binding.action not in seen:
                    seen.add(binding.action)
                    parts.append(f"{app.get_key_display(binding)} {binding.description.lower()}")
        return "  ·  ".join(parts)

    def show_hint(self) -> None:
        if self._composed():
            self.query_one("#home-hint", Static).update(self.hint())

    # -- read from the store ------------------------------------------------------------------

    def watch_store(self, store: Repository | None) -> None:
        if store is not None:
            self.read_overview(store)
            self.read_sync_state(store)

    def watch_changes(self) -> None:
        if self.store is not None:
            self.read_overview(self.store)
            self.read_sync_state(self.store)

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def read_overview(self, store: Repository) -> None:
        try:
            found = overview_of(store, self.today())
            if self.facilitator is not None:  # ctrl+t: one facilitator's meetings (facilitator.overview_chaired)
                found = _chaired(found, store, self.today(), self.facilitator)
        except Exception as error:  # any failure must reach the screen, never leave it hanging
            self.post_message(self.Unreadable(error))
            return
        self.post_message(self._Read(found))
        # The listings the store's digest stood in for, decoded here, after the screen has its answer, rather
        # than by the first save or list that needs them.
        store.prepare()

    @on(_Read)
    def _read(self, message: _Read) -> None:
        self.overview = message.found

    def watch_overview(self, found: Overview | None) -> None:
        if found is None or not self._composed():
            return
        self.query_one("#home-status", Static).update(self._counts(found))
        banner = self.query_one("#home-banner", Static)
        if found.in_progress:
            left = found.in_progress[0]
            banner.update(
                Text.assemble(
                    ("A meeting is still in progress: ", "bold"),
                    f"{clean_line(left.partnership)}, {_when(left)}.  Press r to resume it where it stood.",
                )
            )
        banner.display = bool(found.in_progress)
        self._list_meetings(found)
        self.show_hint()

    def watch_error(self, message: str) -> None:
        """The store could not be opened: say why and what to do; nothing can be started."""
        if not message or not self._composed():
            return
        self.query_one("#home-status", Static).update("Your minutes could not be opened.")
        error = self.query_one("#home-error", Static)
        error.update(clean_line(message))
        error.display = True

    def _counts(self, found: Overview) -> Text:
        text = Text()
        text.append(f"{found.total_meetings} meeting{'s' if found.total_meetings != 1 else ''}")
        # The filter in effect, as plain text (a name is the user's and may hold '[red]').
        text.append(f" {clean_line(self.facilitator.describe())}" if self.facilitator else " in your minutes")
        text.append(f"  ·  {found.open_actions} open action{'s' if found.open_actions != 1 else ''}")
        if found.overdue_actions:
            text.append(f"  ·  {found.overdue_actions} overdue", style="bold red")
        else:
            text.append("  ·  none overdue")
        return text

    def _list_meetings(self, found: Overview) -> None:
        meetings = self.query_one("#home-meetings", OptionList)
        options: list[Option] = []
        if found.in_progress:
            options.append(Option(Text("In progress", style="bold"), disabled=True))
            options += [Option(_meeting_line(s), id=f"{RESUME}:{s.id}") for s in found.in_progress]
        whose = f" {clean_line(self.facilitator.describe())}" if self.facilitator else ""
        options.append(Option(Text(f"Recent meetings{whose}", style="bold"), disabled=True))
        if found.recent:
            options += [Option(_meeting_line(s), id=f"{MINUTES}:{s.id}") for s in found.recent]
        elif self.facilitator:
            options.append(
                Option(Text("None: press ctrl+t and choose Everyone to list them all.", style="dim"), disabled=True)
            )
        else:
            options.append(Option(Text("None yet: press n to set up your first meeting.", style="dim"), disabled=True))
        meetings.set_options(options)
        first = next((index for index, option in enumerate(options) if not option.disabled), None)
        meetings.highlighted = first

    # -- sync (facilitator.sync) ---------------------------------------------------------------

    def _db_path(self, store: Repository) -> Path:
        return getattr(self.app, "db_path", None) or store.path

    @work(thread=True, exclusive=True, group="sync-state", exit_on_error=False)
    def read_sync_state(self, store: Repository) -> None:
        from facilitator.sync import SyncError, clashes, configured

        try:
            path = self._db_path(store)
            self.post_message(self._SyncRead(bool(configured(path).remotes), len(clashes(path))))
        except (SyncError, OSError):
            self.post_message(self._SyncRead(False, 0))  # a damaged sync folder: 'facilitator sync' says why

    @on(_SyncRead)
    def _sync_read(self, message: _SyncRead) -> None:
        self.sync_state = (message.set_up, message.clashes)

    def watch_sync_state(self, state: tuple[bool, int]) -> None:
        if not self._composed():
            return
        count = state[1]
        line = self.query_one("#home-sync", Static)
        line.update(
            Text.assemble(
                (f"{count} clash{'es' if count != 1 else ''} to settle", "bold"),
                ": two machines changed the same thing. Press c to choose which to keep.",
            )
        )
        line.display = count > 0
        self.show_hint()

    def action_sync(self) -> None:
        if not self.sync_state[0]:
            # Shown and answered even before sharing is set up: a key that does nothing says nothing.
            self.notify(
                "Sharing is not set up on this computer. To share the minutes through a git repository, run: "
                "facilitator sync --remote PATH-OR-URL (docs/sharing.md says how).",
                title="Sync",
                severity="warning",
            )
            return
        if self.store is not None and not self.syncing:
            self.syncing = True
            self.notify("Syncing the minutes…", title="Sync")
            self.run_sync(self.store)

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def run_sync(self, store: Repository) -> None:
        from facilitator.errors import StoreError
        from facilitator.sync import SyncError, sync

        try:
            outcomes = sync(store, self._db_path(store))
        except (SyncError, StoreError, OSError) as error:
            self.post_message(self._Synced(f"Not synced: {error}", False))
            return
        except Exception as error:  # any failure must reach the screen; nothing was lost locally
            self.post_message(self._Synced(f"Not synced: {type(error).__name__}: {error}", False))
            return
        said = " ".join(outcome.line(in_app=True) for outcome in outcomes)
        notes = " ".join(note for outcome in outcomes for note in outcome.notes)
        self.post_message(self._Synced(f"{said} {notes}".strip(), True))

    @on(_Synced)
    def _synced(self, message: _Synced) -> None:
        self.syncing = False
        self.notify(clean_line(message.said), title="Sync", severity="information" if message.ok else "error")
        if self.store is not None:
            self.read_overview(self.store)
            self.read_sync_state(self.store)

    def show_sync_outcome(self, said: str, ok: bool) -> None:
        """A sync run elsewhere (after a close) says how it went, as the s key's does."""
        self.post_message(self._Synced(said, ok))

    def action_clashes(self) -> None:
        self.post_message(self.OpenClashes())

    # -- what the facilitator does -----------------------------------------------------------

    def action_new_meeting(self) -> None:
        self.post_message(self.NewMeeting())

    def action_history(self) -> None:
        self.post_message(self.OpenHistory())

    def action_actions(self) -> None:
        self.post_message(self.OpenActions())

    # -- one facilitator's meetings (ctrl+t, as in the history and actions screens) ----------

    def action_pick_facilitator(self) -> None:
        if self.store is not None:
            self.read_names(self.store)

    @work(thread=True, exclusive=True, group="names", exit_on_error=False)
    def read_names(self, store: Repository) -> None:
        """The names that chair meetings here, for the picker."""
        from facilitator import organisation

        self.post_message(self._NamesRead(organisation.facilitators(store.listings())))

    @on(_NamesRead)
    def _names_read(self, message: _NamesRead) -> None:
        from screens.facilitator_picker import FacilitatorPicker

        self.app.push_screen(FacilitatorPicker(message.names, self.facilitator), self.facilitator_picked)

    def facilitator_picked(self, picked: Picked | None) -> None:
        if picked is None or picked.facilitator == self.facilitator:
            return  # Esc, or the same one again
        self.facilitator = picked.facilitator
        self.sub_title = clean_line(self.facilitator.describe()) if self.facilitator else None
        if self.store is not None:
            # Forgotten first: an overview read equal to the last (a filter that keeps every meeting) would
            # redraw nothing, and the counts and heading would not name the filter.
            self.overview = None
            self.read_overview(self.store)

    def _highlighted_id(self) -> str | None:
        meetings = self.query_one("#home-meetings", OptionList)
        option = meetings.highlighted_option
        return option.id if option is not None and not option.disabled else None

    def action_open_highlighted(self) -> None:
        self.query_one("#home-meetings", OptionList).action_select()

    def action_hide_keys_panel(self) -> None:
        hide_keys_panel(self)

    def action_resume(self) -> None:
        if self.overview and self.overview.in_progress:
            self.post_message(self.Resume(self.overview.in_progress[0].id))

    @on(OptionList.OptionSelected, "#home-meetings")
    def open_meeting(self, event: OptionList.OptionSelected) -> None:
        kind, _, meeting_id = (event.option.id or "").partition(":")
        if kind == RESUME:
            self.post_message(self.Resume(meeting_id))
        elif kind == MINUTES:
            self.post_message(self.OpenMinutes(meeting_id))


def _chaired(found: Overview, store: Repository, today: dt.date, who: Facilitator) -> Overview:
    from facilitator.overview_chaired import chaired_overview

    return chaired_overview(found, store, today, who)
