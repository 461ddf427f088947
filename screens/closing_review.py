"""Before Finish closes the meeting: the loose ends (``facilitator.closing_review``), and a choice.

Enter finishes anyway, Esc goes back to the meeting, and a finding's number (or a click on it)
goes back to the step where it is put right. It never refuses: a meeting may well end with an
action still to be given a date, and the facilitator knows best.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from facilitator.closing_review import Finding
from facilitator.text import clean_line
from screens.keybar import KeyBar

MAX_FINDINGS = 9  # one digit key each; the core lists at most six kinds of loose end


@dataclass(frozen=True)
class Closing:
    """What the facilitator chose: finish now, or go to a step (``step``) to put something right."""

    finish: bool
    step: str | None = None


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


class ClosingReviewScreen(ModalScreen[Closing | None]):
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
