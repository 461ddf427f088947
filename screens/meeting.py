"""The live meeting: the step list, the clocks, and the pane of the current step.

The steps are the meeting's template's: one pane per step, made for its kind. They can be
visited in any order and revisited (ctrl+n / ctrl+b, or F2 onwards, or alt+1 onwards, to
jump: many terminals keep an F-key or two for themselves). The clocks tick once a second:
the meeting clock, and the current agenda item (or the step) against its time box, which
turns red when overrun but never interrupts. Under the clocks, one facilitation tip at a time
(``facilitator.guidance``), with its reason; ctrl+g puts it away. Every edit goes
through the ``Session``; the screen redraws from it after each change, and the app's
autosaver puts it on disk. Whether it is on disk comes down from the app (``save_state``, bound
to the app's); saving a copy elsewhere and asking the store what changed since the meeting
read it are this screen's own, in its workers.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.keys import _character_to_key
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import Reactive, var
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, OptionList, Static
from textual.widgets.option_list import Option

from facilitator import closing_review
from facilitator.errors import StoreError
from facilitator.guidance import Tip
from facilitator.kinds import kind_of
from facilitator.model import Meeting, StepKind, step_of_kind
from facilitator.session import Session
from facilitator.text import clean_line
from screens import SCREENS_DIR
from screens.collector import Collector
from screens.frames import PacedScreen
from screens.keybar import KeyBar, hide_keys_panel
from screens.keyorder import KeysInOrder
from screens.lists import Options
from screens.save_copy import KEPT, ask_replace, why_not_written
from screens.savestate import NOT_SAVED_YET, ON_DISK, SaveState
from screens.steps import pane_for
from screens.steps.agenda import AgendaPane
from screens.steps.base import StepPane
from screens.steps.close import ClosePane
from screens.timefmt import day_text, minutes_seconds

if TYPE_CHECKING:
    from facilitator.repository import Repository
    from screens.closing_review import Closing

# One pair of keys per step (a template has at most 9). Many terminals keep some F-keys for
# themselves (F10 opens a menu, F11 goes full screen), so each step has an alt+digit key too.
DIGIT = re.compile(r"\d")
STEP_KEYS = tuple(f"f{number}" for number in range(2, 11))
STEP_ALT_KEYS = tuple(f"alt+{number}" for number in range(1, 10))
# A terminal sends alt+3 as ESC then 3, which Textual reads as the character a Mac's option key
# makes with that digit ("£"), not as alt+3: each step is bound to that key too. Help shows it as alt+3.
# In a text field that character is typing (it is how a Mac types £), so there alt+digit stays text.
STEP_ALT_SENT = tuple(_character_to_key(str(ANSI_SEQUENCES_KEYS[f"\x1b{number}"])) for number in range(1, 10))


class MeetingScreen(PacedScreen):
    CSS_PATH = SCREENS_DIR / "meeting.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    IDLE_AFTER = 5.0  # seconds without a key: typing has paused
    AHEAD_EVERY = 0.01  # seconds between slices of laying out the hidden panes ahead
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]
    # priority: these work while typing in a form, so moving on never costs more than one key.
    BINDINGS = [
        Binding("ctrl+n", "next_step", "Next step", priority=True, id="meeting.next_step"),
        Binding("ctrl+b", "previous_step", "Back a step", priority=True, id="meeting.previous_step"),
        *(
            Binding(
                f"{key},{alt},{sent}",
                f"step_number({number})",
                f"Go to step {number}",
                show=False,
                priority=True,
                id=f"meeting.step_{number}",
            )
            for number, (key, alt, sent) in enumerate(
                zip(STEP_KEYS, STEP_ALT_KEYS, STEP_ALT_SENT, strict=True), start=1
            )
        ),
        Binding(
            "ctrl+o",
            "next_item",
            "Next item",
            priority=True,
            id="meeting.next_item",
            tooltip="Start the next agenda item",
        ),
        Binding(
            "ctrl+g",
            "dismiss_tip",
            "Dismiss tip",
            priority=True,
            id="meeting.dismiss_tip",
            tooltip="Put this kind of facilitation tip away for this meeting (ctrl+z brings it back)",
        ),
        Binding(
            "ctrl+e",
            "save_copy",
            "Save a copy",
            show=False,
            priority=True,
            id="meeting.save_copy",
            tooltip="Write the meeting to another file: the way out when its own cannot be saved",
        ),
        Binding("ctrl+z", "undo", "Undo", priority=True, id="meeting.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, priority=True, id="meeting.redo"),
        Binding(
            "ctrl+l",
            "focus_list",
            "Table/form",
            id="meeting.focus_list",
            tooltip="Move between the step's table and its form",
        ),
        Binding(
            "escape", "leave", "Home", id="meeting.leave", tooltip="Back to the home screen; the meeting stays open"
        ),
    ]

    @dataclass
    class Leave(Message):
        """Back to the home screen; ``finished`` when the meeting was just closed."""

        finished: bool = False

    @dataclass
    class _LaterEditsFound(Message):
        pane: ClosePane
        found: list[str]

    @dataclass
    class _CopyExists(Message):
        meeting: Meeting
        path: Path

    save_state: var[SaveState] = var(NOT_SAVED_YET)  # the app binds it to its own
    # Textual's Screen repaints itself whole at every move of focus: every line of the screen and of
    # the step list redrawn for ctrl+l, Enter from field to field, a step move (a third of a frame).
    # The widgets that gain and lose the focus repaint themselves (their :focus styles), so the
    # screen need not: the same reactive, without the repaint.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(
        self,
        session: Session,
        *,
        on_close: Callable[[], None] | None = None,
        on_disk: bool = False,
        copy_folder: Path | None = None,
        store: Repository | None = None,
        db_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.copy_folder = copy_folder  # where "save a copy" suggests (default: the documents folder)
        self.on_close = on_close
        self.store = store  # asked what has changed elsewhere since the meeting read it
        self.db_path = db_path  # the minutes' own file, which a copy must never overwrite
        # A resumed meeting is on disk as it stands; a new one is not until its first save.
        self.set_reactive(MeetingScreen.save_state, ON_DISK if on_disk else NOT_SAVED_YET)
        self.nudge: Tip | None = None  # the tip in sight
        self._nudge_drawn: tuple[object, ...] | None = None  # what the tip bar was last drawn from
        self._steps_drawn: list[Text] = []  # the step list's lines as last drawn
        self.collector = Collector()  # no walk of everything while typing (screens/collector.py)
        session.subscribe(self._on_session_change)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="meeting-body"):
            yield Options(id="step-list")
            with Vertical(id="step-area"):
                # The save state sits apart on the right, so a long item title can never push it out of sight.
                with Horizontal(id="clock-bar"):
                    yield Static("", id="clock-text", markup=False)
                    yield Static(self.saved_line, id="save-state", markup=False)
                yield Static("", id="nudge", markup=False)
                with ContentSwitcher(initial=f"pane-{self.session.step.key}", id="panes"):
                    for step in self.session.steps:
                        yield pane_for(step.kind)(self.session, step)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = clean_line(self.session.meeting.partnership)
        self.sub_title = day_text(self.session.meeting.date, weekday=True)
        self._draw_steps()
        self._tick()
        self.set_interval(1.0, self._tick)
        self.call_after_refresh(self._focus_current_entry, "")
        self._changes = 0  # edits so far, for the rows laid out ahead
        self._laid_out_ahead: set[str] = set()  # the hidden panes whose tables are built (lay_out_ahead)
        self._ahead = self.set_interval(self.AHEAD_EVERY, self._lay_out_a_hidden_pane)
        self.collector.start()

    def _typing_paused(self) -> bool:
        """No key for ``IDLE_AFTER`` seconds: the one time a walk of everything may hold the loop."""
        app = self.app
        return isinstance(app, KeysInOrder) and time.monotonic() - app.last_key_at > self.IDLE_AFTER

    def on_unmount(self) -> None:
        # However the screen goes (home, quit, the app shut down), the saver finishes what is left.
        if self.on_close is not None:
            self.on_close()
        # What _tick froze is let go: rubbish in cycles made while the meeting ran (widgets
        # replaced, rows redrawn) is freed now, once, at a change of screen rather than while typing.
        self.collector.stop()

    # -- drawing -----------------------------------------------------------------------------

    @property
    def current_pane(self) -> StepPane:
        return self.query_one(f"#pane-{self.session.step.key}", StepPane)

    def _on_session_change(self, _label: str) -> None:
        if not self.is_mounted:
            return
        self._changes += 1  # the rows laid out ahead are built again (StepPane.lay_out_ahead)
        # Only the pane in sight is redrawn; the others redraw when shown (_show_step). Redrawing
        # all five after every edit made each keystroke that edits several times slower.
        self.current_pane.refresh_view()
        self._draw_steps()
        self._tick()

    def _step_counts(self) -> dict[str, str]:
        """What the step list shows beside each step, as its kind counts it."""
        meeting = self.session.meeting
        return {step.key: kind_of(step.kind).count(meeting, step) for step in self.session.steps}

    def _draw_steps(self) -> None:
        """The step list, redrawn only where a line changed: its counts change with nearly every edit."""
        steps = self.query_one("#step-list", Options)
        lines = self._step_lines((steps.content_region.width or 24) - 1)  # one column spare for the scrollbar gutter
        highlighted = [step.key for step in self.session.steps].index(self.session.step.key)
        drawn = self._steps_drawn
        with steps.prevent(OptionList.OptionHighlighted):
            if len(drawn) != len(lines):
                options = zip(self.session.steps, lines, strict=True)
                steps.set_options([Option(line, id=step.key) for step, line in options])
            else:
                for index, (line, before) in enumerate(zip(lines, drawn, strict=True)):
                    if line != before:
                        replace_line(steps, index, line)
            if steps.highlighted != highlighted:
                steps.highlighted = highlighted  # an ``Options`` redraws the two lines that change
        self._steps_drawn = lines

    def _step_lines(self, room: int) -> list[Text]:
        counts = self._step_counts()
        visited = set(self.session.meeting.visited_steps)
        lines = []
        for number, step in enumerate(self.session.steps, start=1):
            count = counts.get(step.key, "")
            count = "" if count == "0" else count
            # A template's titles can be long: cut the title, never the count, to keep one line a step.
            title = f"{number} {step.title}"
            width = room - 2 - (len(count) + 2 if count else 0)
            if len(title) > width:
                title = title[: max(width - 1, 3)] + "…"
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append("✓ " if step.key in visited else "  ", style="green")
            line.append(title, style="bold" if step.key == self.session.step.key else "")
            if count:
                line.append(f"  {count}", style="dim")
            lines.append(line)
        return lines

    def _tick(self) -> None:
        # What has lived a second (the history read, the home screen, this screen's widgets, the
        # drawing caches) is frozen out of the collector's walks: a full collection walked every
        # one of them (0.3 s with a fresh store, over a second with a long history), a stalled
        # keystroke. Rubbish in cycles that lived a second is freed when the meeting is left
        # (on_unmount), or in a pause of typing once it could have grown large (screens/collector.py).
        self.collector.tick(paused=self._typing_paused())
        session = self.session
        number = [step.key for step in session.steps].index(session.step.key) + 1
        parts = [
            f"{number}/{len(session.steps)} {session.step.title}",
            f"Meeting {minutes_seconds(session.clock.meeting_elapsed(session.meeting))}",
        ]
        item = session.agenda.current()
        if item is not None:
            spent = minutes_seconds(session.clock.item_elapsed(item))
            over = "  OVER TIME" if session.clock.item_overrun(item) else ""
            parts.append(f"{clean_line(item.title)} {spent} of {item.time_box}:00{over}")
        else:
            box = f" of {session.step.time_box}:00" if session.step.time_box else ""
            over = "  OVER TIME" if session.clock.step_overrun(session.step.time_box) else ""
            parts.append(f"on this step {minutes_seconds(session.clock.step_elapsed())}{box}{over}")
        overrun = (
            session.clock.item_overrun(item) if item is not None else session.clock.step_overrun(session.step.time_box)
        )
        show_ticking(self.query_one("#clock-text", Static), "  ·  ".join(parts))
        self.query_one("#clock-bar").set_class(overrun, "overrun")
        self._show_nudge()
        if isinstance(self.current_pane, AgendaPane):
            self.current_pane.refresh_view()  # the Spent column runs with the clock

    @property
    def saved_line(self) -> str:
        return self.save_state.line

    def watch_save_state(self, state: SaveState) -> None:
        # Bound to the app's, so this can run while the screen is being taken down: no bar, nothing to tell.
        # query_one stops at the bar, near the top; a query walked every widget of every pane (20 ms a save).
        try:
            bar = self.query_one("#clock-bar")
            shown = self.query_one("#save-state", Static)
        except NoMatches:
            return
        bar.set_class(state.kind == "failed", "unsaved")
        show_ticking(shown, state.line)

    # -- facilitation tips ------------------------------------------------------------------

    def _show_nudge(self) -> None:
        shown = self.session.tips.shown()
        self.nudge = shown[0] if shown else None
        bar = self.query_one("#nudge", Static)
        bar.display = self.nudge is not None
        if self.nudge is None:
            return
        width = bar.content_region.width or max(self.size.width - 30, 20)
        lines = 2 if self.has_class("-short") or self.has_class("-narrow") else 3
        drawn = (self.nudge, len(shown), width, lines)
        if drawn != self._nudge_drawn:  # fitting the words is worth doing only when something changed
            self._nudge_drawn = drawn
            line = tip_line(self.nudge, len(shown), width, lines)
            show_in_place(bar, line, width)

    def action_dismiss_tip(self) -> None:
        if self.nudge is None:
            self.notify("No tip to dismiss.", timeout=2)
            return
        count = self.nudge.count
        self.session.tips.dismiss(self.nudge.key)
        if count > 1:
            self.notify(f"Put away all {count} tips of this kind; ctrl+z brings them back.", timeout=3)

    def on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.widget is not None and event.widget.id == "nudge":
            self.action_dismiss_tip()

    # -- moving between steps ----------------------------------------------------------------

    def _show_step(self, key: str) -> None:
        self.session.go_to(key)
        self.query_one("#panes", ContentSwitcher).current = f"pane-{key}"
        self.current_pane.refresh_view()
        entry = self.current_pane.focus_entry()
        # The key bar keeps a row its keys no longer fill between moves of focus in a step (no layout
        # for ctrl+l); at a move to another step it takes just the rows the step's keys need. The
        # focus is moved at once (Textual moves it once the app's queue gets to it) so that the bar
        # takes them before the screen is laid out: taken after, it laid the screen out again, and
        # every widget above it had moved and was drawn again.
        if entry is not None and entry.focusable:
            self.set_focus(entry)
        self.query_one(KeyBar).fit_soon()
        # Again once the switch is drawn: the pane just hidden may still hold the focus until then,
        # and Textual then moves it away (to nothing), which left the step's keys out of the key bar.
        self.call_after_refresh(self._focus_current_entry, key)

    def _lay_out_a_hidden_pane(self) -> None:
        """One slice (a few rows of one hidden pane's table, built at the width it will have), so that the
        first move to a step finds its rows in place: a move then lays out and draws, and builds nothing."""
        width = self._pane_table_width()
        if not width:
            return  # not laid out yet
        current = self.current_pane
        for pane in self.query_one("#panes", ContentSwitcher).query_children(StepPane):
            if pane is current or pane.id in self._laid_out_ahead:
                continue
            if not pane.lay_out_ahead(width, version=self._changes):
                return  # more of it at the next slice
            self._laid_out_ahead.add(pane.id or "")
        self._ahead.stop()

    def _pane_table_width(self) -> int:
        """How wide a step's table is when shown: the pane in sight's, or the room the panes have."""
        current = self.current_pane
        if current.WRAP_LAST and current.table.size.width:
            return current.table.size.width
        return self.query_one("#panes", ContentSwitcher).content_region.width

    def _focus_current_entry(self, key: str) -> None:
        """Focus the form of the step in sight (``key``: only if still on that step), unless focus is already in it.

        Looked up now, not when asked: a step key pressed before the screen's first paint moves on to
        another step, and focusing the first step's form then put the focus on a hidden widget.
        """
        if key and self.session.step.key != key:
            return
        pane = self.current_pane
        if self.focused is None or pane not in self.focused.ancestors_with_self:
            pane.focus_entry()

    def action_step(self, key: str) -> None:
        self._show_step(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # No key for a step the meeting's template does not have: help and the palette offer only real steps.
        if action == "step_number" and parameters:
            return int(str(parameters[0])) <= len(self.session.steps)
        return True

    def action_step_number(self, number: int) -> None:
        steps = self.session.steps
        if number > len(steps):
            self.notify(f"This meeting has {len(steps)} steps.", timeout=2)
            return
        self._show_step(steps[number - 1].key)

    def action_next_step(self) -> None:
        self.session.go_to_next_step(1)
        self._show_step(self.session.step.key)

    def action_previous_step(self) -> None:
        self.session.go_to_next_step(-1)
        self._show_step(self.session.step.key)

    @on(OptionList.OptionSelected, "#step-list")
    def pick_step(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._show_step(event.option.id)

    # -- editing -----------------------------------------------------------------------------

    def action_next_item(self) -> None:
        agenda = self.session.meeting.agenda
        current = self.session.agenda.current()
        start = agenda.index(current) + 1 if current else 0
        following = next((item for item in agenda[start:] if item.status.value == "pending"), None)
        if following is None:
            self.notify("No agenda item left to start.", severity="warning")
            return
        self.session.agenda.start(following.id)
        self.notify(f"Now on: {clean_line(following.title)}", timeout=2)

    def action_save_copy(self) -> None:
        from screens.minutes import default_export_path
        from screens.save_copy import SaveCopyScreen

        suggested = default_export_path(self.session.meeting, self.copy_folder).with_suffix(".json")
        self.app.push_screen(SaveCopyScreen(suggested), self._copy_chosen)

    def _copy_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.write_copy(self.app, self.session.snapshot(), path)

    @work(thread=True, group="copy", exit_on_error=False)
    def write_copy(self, app: App[Any], meeting: Meeting, path: Path, overwrite: bool = False) -> None:
        """The meeting in progress written elsewhere, in the format its name ends with.

        What happened is told through ``app``, not this screen: a copy written is news even if the
        meeting has been left meanwhile (and a screen that has gone cannot find its app from a thread).
        """

        def tell(message: str, *, title: str, severity: SeverityLevel = "information") -> None:
            app.call_from_thread(app.notify, clean_line(message), title=title, severity=severity)

        from facilitator.exporters.formats import format_of_suffix
        from facilitator.exporters.writer import write_meeting
        from facilitator.files import TargetExists

        try:
            write_meeting(
                meeting,
                path,
                now=dt.datetime.now(dt.UTC),
                history=self.session.earlier,
                db_path=self.db_path,
                overwrite=overwrite,
            )
        except TargetExists:
            self.post_message(self._CopyExists(meeting, path))
        except Exception as error:  # whatever went wrong, the user is told why
            tell(why_not_written(path, error), title="No copy saved", severity="error")
        else:
            written = format_of_suffix(path.suffix, "meeting")
            back = f" 'facilitator import {path}' brings it back." if written and written.importable else ""
            tell(f"Saved a copy to {path}.{back}", title="Copy saved")

    @on(_CopyExists)
    def _copy_exists(self, message: _CopyExists) -> None:
        path = message.path
        keep = partial(self.app.notify, clean_line(KEPT.format(path)), title="No copy saved", severity="warning")
        ask_replace(self.app, path, partial(self.write_copy, self.app, message.meeting, path, True), keep)

    # -- what has changed elsewhere ----------------------------------------------------------

    @on(ClosePane.LaterEdits)
    def _later_edits_asked(self, message: ClosePane.LaterEdits) -> None:
        message.stop()
        if self.store is not None:
            self.find_later_edits(self.store, message.pane)

    @work(thread=True, exclusive=True, group="later-edits", exit_on_error=False)
    def find_later_edits(self, store: Repository, pane: ClosePane) -> None:
        """What has been changed elsewhere since the meeting read it, read from the store in a worker."""
        try:
            found = store.later_edits(self.session.snapshot())
        except StoreError:
            return  # the close still keeps every later edit; this notice is only a warning ahead of it
        self.post_message(self._LaterEditsFound(pane, found))

    @on(_LaterEditsFound)
    def _later_edits_found(self, message: _LaterEditsFound) -> None:
        message.pane.show_later_edits(message.found)

    def action_undo(self) -> None:
        label = self.session.undo()
        self.notify(f"Undone: {label}" if label else "Nothing to undo.", timeout=2)

    def action_redo(self) -> None:
        label = self.session.redo()
        self.notify(f"Redone: {label}" if label else "Nothing to redo.", timeout=2)

    def action_focus_list(self) -> None:
        pane = self.current_pane
        if pane.query(".step-table") and not pane.table.has_focus:
            pane.table.focus()
        else:
            pane.focus_entry()

    def action_leave(self) -> None:
        if hide_keys_panel(self):
            return
        # Whatever can be kept of the close step's typing goes with the meeting; a review date that is
        # not a date stays out (the meeting is still open, so it can be entered on return).
        close = self._close_pane()
        if close is not None:
            close.keep_typed()
        self.post_message(self.Leave(finished=False))

    def action_finish(self) -> None:
        close = self._close_pane()
        if close is not None and not close.keep_typed():  # a review date that is not a date: say so there
            self._show_step(close.step_key)
            return
        found = closing_review.findings(self.session.meeting)
        if not found:  # nothing left loose: it closes at once
            self._finish_now()
            return
        from screens.closing_review import ClosingReviewScreen

        self.app.push_screen(ClosingReviewScreen(found), self._closing_chosen)

    def _closing_chosen(self, choice: Closing | None) -> None:
        """The closing review's answer: finish anyway, go to the step of a loose end, or stay (None)."""
        if choice is None:
            return
        if choice.finish:
            self._finish_now()
        elif choice.step is not None:
            self._show_step(choice.step)

    def _finish_now(self) -> None:
        self.session.finish()
        self.post_message(self.Leave(finished=True))

    def _close_pane(self) -> ClosePane | None:
        """The pane of the meeting's close step, found by its kind (its key is the template's to choose)."""
        step = step_of_kind(self.session.steps, StepKind.CLOSE)
        if step is None:
            return None
        return self.query_one(f"#pane-{step.key}", ClosePane)


# -- the step list ------------------------------------------------------------------------------


def show_ticking(static: Static, text: str) -> None:
    """Show ``text``, a line that changes with the clock (the meeting's time, "Saved 14:02").

    Updating a ``Static`` lays the whole screen out (its size may have changed): once a second,
    a stalled key now and then. Text of the same shape as before (the same but for its digits)
    takes the same room, so only the line itself is repainted; so does text that wraps to as many
    lines at the line's width (a move to another step names the step: one more layout a move).
    """
    before = static.content
    if before == text:
        return
    same_shape = isinstance(before, str) and DIGIT.sub("0", before) == DIGIT.sub("0", text)
    static.update(text, layout=not (same_shape or same_room(static, before, text)))


def same_room(static: Static, before: object, text: str) -> bool:
    """Whether ``text`` takes as many lines as ``before`` at the width ``static`` has (False before it has one)."""
    width = static.content_region.width
    if not width or not isinstance(before, str) or static.styles.width is None or static.styles.width.is_auto:
        return False  # sized by its text: a longer text is a wider line
    return lines_needed(before, width) == lines_needed(text, width)


def show_in_place(static: Static, text: Text, width: int) -> None:
    """Show ``text`` in ``static``, laying the screen out only if it takes another number of lines.

    A new tip came after many notes (its words depend on the counts), and updating a ``Static``
    lays the whole screen out: 20-40 ms of an Enter under load. A tip of as many lines as the one
    shown takes the same room, so only its lines are repainted.
    """
    before = static.content
    same_room = (
        static.display
        and static.content_region.width == width > 0
        and isinstance(before, Text | str)
        and lines_needed(str(before) if isinstance(before, str) else before.plain, width)
        == lines_needed(text.plain, width)
        == static.content_region.height
    )
    static.update(text, layout=not same_room)


def replace_line(options: Options, index: int, prompt: Text) -> None:
    """Put ``prompt`` in the one-line option at ``index``, redrawing that line alone.

    ``replace_option_prompt_at_index`` redraws the whole list (every line of its height, a
    quarter of a frame), and a step's count changes with every note added. This reaches into
    the list as that method does (Textual 8: ``Option._set_prompt``, ``_option_render_cache``);
    tests/test_typing_path.py checks that the line shown is the new one.
    """
    option = options.get_option_at_index(index)
    option._set_prompt(prompt)
    cache = options._option_render_cache
    kept = cache.keys()  # an LRUCache: no iterating over it directly
    for key in [key for key in kept if key[0] is option]:
        cache.discard(key)
    options.repaint_option(index)


# -- the tip bar --------------------------------------------------------------------------------


def lines_needed(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at ``width``, wrapped as Textual wraps it on screen."""
    return len(Content(text).wrap(max(width, 1)))


def cut_to_words(words: list[str], count: int) -> str:
    """The first ``count`` words, with an ellipsis when some were left out: never a word cut in two."""
    kept = " ".join(words[:count]).rstrip(",;:—-")
    return kept + ("…" if count < len(words) else "")


def tip_line(tip: Tip, shown: int, width: int, lines: int) -> Text:
    """The tip as the bar shows it, fitted to ``lines`` lines of ``width``: whole words only.

    The count of tips comes first, so a short screen still shows that more are waiting. When
    it is all too long, the reason is shortened word by word (ending "…"), then left out, and
    only then the message itself; the key that puts it away always shows.
    """
    head = f"Tip 1 of {shown}: " if shown > 1 else "Tip: "
    message_words = clean_line(tip.message).split()
    reason_words = clean_line(tip.reason).split()
    tail = "  ctrl+g put away"

    def assemble(message: int, reason: int) -> Text:
        parts: list[tuple[str, str] | str] = [(head, "bold"), cut_to_words(message_words, message)]
        if reason:
            parts.append((f"  Why: {cut_to_words(reason_words, reason)}", "dim"))
        parts.append((tail, "italic"))
        return Text.assemble(*parts)

    for reason in range(len(reason_words), 2, -1):
        text = assemble(len(message_words), reason)
        if lines_needed(text.plain, width) <= lines:
            return text
    for message in range(len(message_words), 0, -1):
        text = assemble(message, 0)
        if lines_needed(text.plain, width) <= lines:
            return text
    return assemble(1, 0)
