"""Before Finish closes the meeting: the loose ends (``facilitator.closing_review``), and a choice.

Enter finishes anyway, Esc goes back to the meeting, and a finding's number (or a click on it)
goes back to the step where it is put right. Its key bar shows these keys, and covers the
meeting's, whose keys do nothing here. It never refuses: a meeting may well end with an
action still to be given a date, and the facilitator knows best.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from facilitator.closing_review import Finding
from facilitator.text import clean_line
from screens.frames import PacedModalScreen
from screens.keybar import NARROW, KeyBar, key_width, pack, shown_bindings

KEY_ROWS_AT_MOST = 4  # KeyBar's max-height
MAX_FINDINGS = 9  # one digit key each; the core lists at most six kinds of loose end


@dataclass(frozen=True)
class Closing:
    """What the facilitator chose: finish now, or go to a step (``step``) to put something right."""

    finish: bool
    step: str | None = None


def key_rows(screen: Screen, width: int) -> int:
    """How many rows ``screen``'s key bar takes at ``width`` columns (``screens.keybar.KeyBar``)."""
    if not screen.query(KeyBar):
        return 1 if screen.query(Footer) else 0
    compact = width < NARROW
    shown = [(binding.description, binding) for binding, _enabled, _tooltip in shown_bindings(screen)]
    palette = screen.active_bindings.get(screen.app.COMMAND_PALETTE_BINDING)
    if palette is not None and screen.app.ENABLE_COMMAND_PALETTE:
        shown.append((palette.binding.description, palette.binding))
    widths = [key_width(screen.app.get_key_display(b), words, compact=compact) for words, b in shown]
    return min(len(pack(widths, width)), KEY_ROWS_AT_MOST) if widths else 0


class FindingLine(Static):
    """One loose end; a click goes to its step."""

    def __init__(self, number: int, finding: Finding) -> None:
        go = f"  ({number} goes there)" if finding.step else ""
        super().__init__(
            Text.assemble(("• ", "bold"), clean_line(finding.message), (go, "dim")),
            classes="finding",
            markup=False,
        )
        self.finding = finding

    def on_click(self, event: events.Click) -> None:
        event.stop()
        screen = self.screen
        if isinstance(screen, ClosingReviewScreen) and self.finding.step:
            screen.dismiss(Closing(finish=False, step=self.finding.step))


class ClosingReviewScreen(PacedModalScreen[Closing | None]):
    """The closing review: what is left loose, with finish anyway (Enter) and go back (Esc)."""

    DEFAULT_CSS = """
    ClosingReviewScreen { align: center middle; }
    #closing-review {
        width: 90%; max-width: 96; height: auto; max-height: 90%;
        border: round $warning; padding: 0 1; background: $surface;
    }
    #closing-review .finding { height: auto; }
    #closing-review .finding:hover { background: $boost; }
    #closing-review .hint { margin-top: 1; }
    #closing-buttons { height: auto; margin-top: 1; }
    #closing-buttons Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("enter", "finish", "Finish anyway", priority=True, id="closing_review.finish"),
        Binding("escape", "back", "Go back", id="closing_review.back"),
        *(
            Binding(
                str(number),
                f"go({number})",
                f"Go to the step of finding {number}",
                show=False,
                id=f"closing_review.go_{number}",
            )
            for number in range(1, MAX_FINDINGS + 1)
        ),
    ]

    def __init__(self, found: list[Finding]) -> None:
        super().__init__()
        self.found = found[:MAX_FINDINGS]
        self._show_go_key()

    def _show_go_key(self) -> None:
        """One entry in the key bar for the number keys: '1–3 Go to its step' (each key has its own binding,
        hidden, so that the bar does not list nine of them)."""
        numbers = [number for number, finding in enumerate(self.found, start=1) if finding.step]
        if not numbers:
            return
        first, last = numbers[0], numbers[-1]
        shown = f"{first}–{last}" if last > first else str(first)
        wanted = f"closing_review.go_{first}"
        bindings = self._bindings.key_to_bindings
        for key, listed in bindings.items():
            bindings[key] = [
                replace(binding, show=True, description="Go to its step", key_display=shown)
                if binding.id == wanted
                else binding
                for binding in listed
            ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="closing-review"):
            yield Static("Before you finish", classes="section-title", markup=False)
            for number, finding in enumerate(self.found, start=1):
                yield FindingLine(number, finding)
            yield Static(
                "Enter finishes anyway; Esc goes back to the meeting; a number goes to where it is put right.",
                classes="hint",
                markup=False,
            )
            with Horizontal(id="closing-buttons"):
                # Not focusable: Enter always means finish anyway, whatever a button would say.
                finish = Button("Finish anyway", id="closing-finish", variant="warning", compact=True)
                back = Button("Go back", id="closing-back", compact=True)
                finish.can_focus = back.can_focus = False
                yield finish
                yield back
        yield KeyBar()  # this review's own keys, over the meeting's

    def on_mount(self) -> None:
        self._cover_keys_below()

    def on_resize(self) -> None:
        self._cover_keys_below()

    def _cover_keys_below(self) -> None:
        """The key bar is as tall as the one of the screen underneath, so that only this review's keys show:
        the meeting's keys (ctrl+f, ctrl+n, ...) showing through would say what the keys do not do here.
        Worked out from the keys, as that bar packs them, not from its size: it may not be laid out yet."""
        stack = self.app.screen_stack
        index = stack.index(self) if self in stack else 0
        if index == 0:
            return
        self.query_one(KeyBar).styles.min_height = key_rows(stack[index - 1], self.app.size.width)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go" and parameters:
            number = int(str(parameters[0]))
            return number <= len(self.found) and self.found[number - 1].step is not None
        return True

    @on(Button.Pressed, "#closing-finish")
    def action_finish(self) -> None:
        self.dismiss(Closing(finish=True))

    @on(Button.Pressed, "#closing-back")
    def action_back(self) -> None:
        self.dismiss(None)

    def action_go(self, number: int) -> None:
        finding = self.found[number - 1]
        self.dismiss(Closing(finish=False, step=finding.step))
