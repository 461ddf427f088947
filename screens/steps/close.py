"""Close: the health check (Himmelman's level, the three Ts), the next review date, the minutes, Finish."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Markdown, Select, Static

from facilitator.dates import parse_date
from facilitator.minutes import render_markdown
from facilitator.model import PartnershipLevel
from screens.steps.base import StepPane

RATINGS = [(f"{n} {word}", n) for n, word in ((1, "a worry"), (2, "weak"), (3, "fair"), (4, "good"), (5, "strong"))]
MEASURES = (("time", "Time"), ("trust", "Trust"), ("turf", "Turf"))


class ClosePane(StepPane):
    step_key = "close"
    WRAP_LAST = False  # no table here: a form and the minutes preview
    BINDINGS = [
        Binding("ctrl+f", "finish", "Finish", id="close.finish", tooltip="Close the meeting and save its minutes"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(self.prompt(), classes="hint step-prompt", markup=False)
        with VerticalScroll(id="close-body"):
            with Horizontal(classes="form-row"):
                yield Static("Level", classes="field-label")
                yield Select(
                    [(level.value.capitalize(), level) for level in PartnershipLevel],
                    prompt="Himmelman level",
                    id="health-level",
                )
            for key, title in MEASURES:
                with Horizontal(classes="form-row"):
                    yield Static(title, classes="field-label")
                    yield Select(RATINGS, prompt=f"{title}: 1 (a worry) to 5 (strong)", id=f"health-{key}")
            yield Input(placeholder="A word on the partnership's health", id="health-comment")
            yield Input(placeholder="Next review: 2027-05-17, +6m, fri", id="next-review")
            yield Static("", id="next-review-hint", classes="hint", markup=False)
            yield Static("", classes="error pane-error", markup=False)
            yield Button("Finish meeting (ctrl+f)", id="finish", variant="primary")
            yield Static("Minutes so far", classes="section-title")
            yield Markdown(id="minutes-preview")

    def refresh_view(self) -> None:
        meeting = self.session.meeting
        health = meeting.health
        self._set_select("#health-level", health.level)
        for key, _ in MEASURES:
            self._set_select(f"#health-{key}", getattr(health, key))
        comment = self.query_one("#health-comment", Input)
        if not comment.has_focus:
            comment.value = health.comment
        hint = self.query_one("#next-review-hint", Static)
        hint.update(
            meeting.next_review.strftime("Next review: %A %d %B %Y")
            if meeting.next_review
            else "No next review date yet."
        )
        if self.is_on_screen:
            self.query_one("#minutes-preview", Markdown).update(render_markdown(meeting))

    def on_show(self) -> None:
        self.query_one("#minutes-preview", Markdown).update(render_markdown(self.session.meeting))

    def _set_select(self, selector: str, value: object) -> None:
        select = self.query_one(selector, Select)
        wanted = Select.NULL if value is None else value
        if select.value != wanted:
            with select.prevent(Select.Changed):
                select.value = wanted

    @on(Select.Changed)
    def rate(self, event: Select.Changed) -> None:
        field = (event.select.id or "").removeprefix("health-")
        value = None if event.value is Select.NULL else event.value
        self.attempt(self.session.set_health, **{field: value})

    @on(Input.Submitted, "#health-comment")
    def keep_comment(self, event: Input.Submitted) -> None:
        if self._keep_comment():
            self.query_one("#next-review", Input).focus()

    @on(Input.Blurred, "#health-comment")
    def keep_comment_on_leaving(self) -> None:
        # Tab or a click elsewhere keeps the words too: nothing typed is lost for want of Enter.
        self._keep_comment()

    def _keep_comment(self) -> bool:
        typed = self.value("#health-comment")
        if typed.strip() == self.session.meeting.health.comment:
            return True
        return self.attempt(self.session.set_health, comment=typed) is not None

    @on(Input.Submitted, "#next-review")
    def set_review(self) -> None:
        if self._set_review():
            self.query_one("#finish", Button).focus()

    def _set_review(self) -> bool:
        typed = self.value("#next-review")
        if not typed.strip():
            return True
        try:
            day = parse_date(typed, self.session.today())
        except ValueError as error:
            self.show_error(f"next review: {error}")
            return False
        if self.attempt(self.session.set_next_review, day) is None:  # refused: the message is shown
            return False
        self.query_one("#next-review", Input).value = ""
        return True

    def keep_typed(self) -> bool:
        """Before Finish: keep a comment or review date typed but not yet entered. False if refused."""
        return self._keep_comment() and self._set_review()

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        self.screen.action_finish()  # type: ignore[attr-defined]

    def focus_entry(self) -> None:
        self.query_one("#health-level", Select).focus()

    # The close pane has no table.
    def row_ids(self) -> list[str]:
        return []

    def selected_id(self) -> str | None:
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True

    def on_mount(self) -> None:
        self.refresh_view()
