"""Close: the health check, the next review date, the summary, the end time, the minutes so far, Finish.

The summary is the three or four lines the minutes open with (the preview below shows it in
place). The end time is set at Finish to the time the meeting closed; typed here (HH:MM) it
puts that right, and a Finish after it keeps the typed time.

The health check is Himmelman's level and the three Ts, agreed together; ctrl+r switches the
same fields to one partner's own view, so that partners who see the partnership differently
can say so (the differences show in a small table and in the minutes). The benefits
checklist asks whether each benefit of working together was achieved (space cycles it).

Each time the step is shown it asks the app (``LaterEdits``) whether an action this meeting
reviewed, or the minutes it approved, has been changed elsewhere since the meeting read it;
any found are listed above Finish, since at the close the later change is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Select, Static

from facilitator.cycle import following
from facilitator.date_phrases import read_when
from facilitator.dates import parse_time
from facilitator.health import achieved_mark, gaps_in
from facilitator.minutes import render_markdown
from facilitator.model import HealthCheck, PartnerHealth, PartnershipLevel, StepKind
from facilitator.outline import Unsettled
from facilitator.syncpaths import is_set_up
from facilitator.text import clean_line
from screens.entry import Entry
from screens.steps.base import StepPane, cell, set_column_width, show
from screens.steps.preview import MinutesPreview
from screens.timefmt import day_text, due_hint, due_shown

RATINGS = [(f"{n} {word}", n) for n, word in ((1, "a worry"), (2, "weak"), (3, "fair"), (4, "good"), (5, "strong"))]
MEASURES = (("time", "Time"), ("trust", "Trust"), ("turf", "Turf"))
TOGETHER = ""  # whose view the fields show: '' for the joint one, else a partner's name


LATER_EDITS_LEAD = (
    "Changed elsewhere since this meeting began. At Finish the later change is kept, and the minutes say so:"
)


SUMMARY_PLACE = "## Summary\n\n*The summary typed above goes here, at the top of the minutes.*\n\n"


def with_summary_place(minutes: str) -> str:
    """The preview's minutes with the place the summary will take marked (the minutes themselves leave it out)."""
    at = minutes.find("\n## ")
    if at < 0:
        at = minutes.rfind("\n*")  # no sections yet: just above the footer
    return minutes[: at + 1] + SUMMARY_PLACE + minutes[at + 1 :]


class ClosePane(StepPane):
    @dataclass
    class LaterEdits(Message):
        """Please find what has been changed elsewhere since this meeting read it (answered by ``show_later_edits``)."""

        pane: ClosePane

    kind = StepKind.CLOSE
    WRAP_LAST = False  # no table here: a form and the minutes preview
    BINDINGS = [
        Binding("ctrl+f", "finish", "Finish", id="close.finish", tooltip="Close the meeting and save its minutes"),
        Binding(
            "ctrl+r",
            "cycle_view",
            "Whose view",
            id="close.view",
            tooltip="Rate together, or as one partner sees it",
        ),
        Binding("space", "cycle_benefit", "Achieved?", id="close.benefit", tooltip="Yes, partly, no, not discussed"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.view = TOGETHER

    def compose(self) -> ComposeResult:
        yield Static(self.prompt(), classes="hint step-prompt", markup=False)
        with VerticalScroll(id="close-body"):
            yield Static("", id="later-edits", markup=False)  # first, so that it is seen before Finish
            yield Static("", id="health-view", classes="section-title", markup=False)
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
            yield Static("", id="partner-views", markup=False)
            yield Entry(
                placeholder="A word on the partnership's health",
                id="health-comment",
                multiline=True,
                then="#next-review",
            )
            yield Static(
                "Benefits of working together: was it achieved? (space)", id="benefits-title", classes="section-title"
            )
            benefits: DataTable[Text] = DataTable(id="benefits", cursor_type="row", zebra_stripes=True)
            benefits.add_columns("Achieved", "Benefit")
            yield benefits
            yield Entry(placeholder="Next review: 2027-05-17, +6m, fri", id="next-review")
            yield Static("", id="next-review-hint", classes="hint", markup=False)
            yield Static("Summary: the minutes open with it (see the preview below)", classes="section-title")
            yield Entry(
                placeholder="Three or four lines: what a reader who reads nothing else should know",
                id="summary",
                multiline=True,
                then="#meeting-end",
            )
            with Horizontal(classes="form-row"):
                yield Static("Ended", classes="field-label")
                yield Entry(placeholder="HH:MM, set at Finish", id="meeting-end")
            yield Static("", id="meeting-end-hint", classes="hint", markup=False)
            yield Static("", classes="error pane-error", markup=False)
            yield Button("Finish meeting (ctrl+f)", id="finish", variant="primary")
            yield Static("Minutes so far", classes="section-title")
            yield MinutesPreview(self._minutes_text, id="minutes-preview")  # one widget, drawn in a thread

    def refresh_view(self, most: int | None = None) -> None:
        meeting = self.session.meeting
        health = meeting.health
        if self.view and self.view not in meeting.partners:
            self.view = TOGETHER  # the partner is no longer present
        shown: HealthCheck | PartnerHealth = health
        if self.view:
            shown = health.rating_of(self.view) or PartnerHealth(self.view)
        show(
            self.query_one("#health-view", Static),
            f"{clean_line(self.view)}'s own view (ctrl+r: next)"
            if self.view
            else "Rated together" + ("  (ctrl+r: each partner's own view)" if len(meeting.partners) > 1 else ""),
        )
        self._set_select("#health-level", shown.level)
        for key, _ in MEASURES:
            self._set_select(f"#health-{key}", getattr(shown, key))
        self._draw_partner_views(health)
        self._draw_benefits(health)
        comment = self.query_one("#health-comment", Entry)
        if not comment.has_focus:
            comment.text = health.comment
        self._show_review(self.value("#next-review"))
        summary = self.query_one("#summary", Entry)
        if not summary.has_focus:
            summary.text = meeting.summary
        show(self.query_one("#meeting-end-hint", Static), self._end_hint())
        if self.is_on_screen:
            self._preview()

    def _end_hint(self) -> str:
        meeting = self.session.meeting
        if meeting.is_closed and meeting.end:
            return f"Ended at {meeting.end:%H:%M}. Type a time (HH:MM) to put it right."
        if self.session.end_kept and meeting.end:
            return f"Ends at {meeting.end:%H:%M}, as typed: Finish keeps it."
        return "The end time is set when you Finish; type HH:MM here to give another."

    def on_show(self) -> None:
        self._preview()
        if self.session.meeting.arising or self.session.meeting.previous_minutes is not None:
            self.post_message(self.LaterEdits(self))

    def show_later_edits(self, found: list[str]) -> None:
        """The later edits that will stand over this meeting's decisions; none hides the notice."""
        if not self.is_mounted:
            return  # the meeting was left while they were being read
        notice = self.query_one("#later-edits", Static)
        notice.display = bool(found)
        text = Text(LATER_EDITS_LEAD, style="bold yellow")
        for line in found:
            text.append("\n• ").append(clean_line(line), style="yellow")
        notice.update(text)
        if found:
            what = "Something decided here was" if len(found) == 1 else f"{len(found)} things decided here were"
            self.notify(
                f"{what} changed elsewhere since this meeting began; the later change will be kept "
                "(listed at the top of the Close step).",
                title="Changed elsewhere",
                severity="warning",
                timeout=8,
                markup=False,
            )

    def _preview(self) -> None:
        """The minutes preview brought up to date, in its thread (only while the step is in sight)."""
        self.query_one("#minutes-preview", MinutesPreview).update_minutes()

    def _minutes_text(self) -> str:
        """The preview's Markdown. Called in the preview's thread: written from a copy of the meeting
        made under the session's lock, so an edit on the loop meanwhile never shows half made."""
        meeting = self.session.snapshot()
        minutes = render_markdown(meeting, self.session.earlier, self._unsettled(meeting.id))
        return minutes if meeting.summary else with_summary_place(minutes)

    def _unsettled(self, meeting_id: str) -> tuple[Unsettled, ...]:
        """The meeting's clashes not yet settled (a meeting in progress shared with ``--in-progress``),
        for the preview's "Not settled" section; git is never imported where sync is not set up."""
        db_path = getattr(self.screen, "db_path", None)
        if db_path is None or not is_set_up(db_path):
            return ()
        from facilitator.sync.unsettled import unsettled_for_preview

        return unsettled_for_preview(db_path, meeting_id)

    def _draw_partner_views(self, health: HealthCheck) -> None:
        """Together and each partner's own view side by side, with the differences to talk about."""
        views = self.query_one("#partner-views", Static)
        rated = [rating for rating in health.by_partner if not rating.is_empty]
        views.display = bool(rated)
        if not rated:
            return
        table = Table("View", "Level", "Time", "Trust", "Turf", box=None, pad_edge=False)
        views_by: list[tuple[str, HealthCheck | PartnerHealth]] = [
            ("Together", health),
            *((r.partner, r) for r in rated),
        ]
        for name, ratings in views_by:
            level = ratings.level.value if ratings.level else "—"
            numbers = (str(v) if v is not None else "—" for v in (ratings.time, ratings.trust, ratings.turf))
            # Text, not str: a rich Table reads a str cell as markup, and a partner's name is typed.
            table.add_row(Text(clean_line(name)), level, *numbers)
        gaps = gaps_in(health)
        if gaps:
            said = "Seen differently: " + "; ".join(clean_line(gap.text()) for gap in gaps)
            table.caption = Text(said, style="yellow")
        views.update(table)

    def _draw_benefits(self, health: HealthCheck) -> None:
        table = self.query_one("#benefits", DataTable)
        table.display = bool(health.benefits)
        self.query_one("#benefits-title", Static).display = bool(health.benefits)
        row = table.cursor_row
        table.clear()
        if table.size.width:
            set_column_width(table, list(table.columns)[-1], max(table.size.width - 14, 16))
        for index, check in enumerate(health.benefits):
            answer = check.achieved.value if check.achieved else "—"
            table.add_row(
                Text(f"{achieved_mark(check.achieved)} {answer}"), cell(check.benefit), key=str(index), height=None
            )
        if health.benefits:
            table.move_cursor(row=min(row, len(health.benefits) - 1))

    def action_cycle_view(self) -> None:
        views = [TOGETHER, *self.session.meeting.partners]
        self.view = following(views, self.view)  # a partner since gone starts again from 'together'
        self.refresh_view()

    def action_cycle_benefit(self) -> None:
        table = self.query_one("#benefits", DataTable)
        if table.row_count:
            self.attempt(self.session.close.cycle_benefit, table.cursor_row)

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
        self.attempt(self.session.close.rate, field, value, self.view or None)

    @on(Input.Submitted, "#health-comment")
    def keep_comment(self, event: Input.Submitted) -> None:
        # Enter has already moved on to the next review date; a refused comment calls it back.
        if not self._keep_comment(event.value):
            self.query_one("#health-comment", Entry).focus()

    @on(Input.Blurred, "#health-comment")
    def keep_comment_on_leaving(self) -> None:
        # Tab or a click elsewhere keeps the words too: nothing typed is lost for want of Enter.
        self._keep_comment()

    def _keep_comment(self, typed: str | None = None) -> bool:
        typed = self.value("#health-comment") if typed is None else typed
        if typed.strip() == self.session.meeting.health.comment:
            return True
        return self.attempt(self.session.close.set_comment, typed) is not None

    @on(Input.Changed, "#next-review")
    def review_typed(self, event: Input.Changed) -> None:
        self._show_review(event.value)

    def _show_review(self, typed: str) -> None:
        """Under the box: what is being typed, as it will be read; else the next review as set."""
        hint = self.query_one("#next-review-hint", Static)
        meeting = self.session.meeting
        if typed.strip():
            try:
                show(hint, due_hint(read_when(typed, self.session.clock.today()), "Next review"), shrink=False)
            except ValueError as error:
                show(hint, str(error), shrink=False)
        elif meeting.next_review_text:
            show(hint, "Next review: " + due_shown(meeting.next_review, meeting.next_review_text))
        elif meeting.next_review:
            show(hint, "Next review: " + day_text(meeting.next_review, weekday=True))
        else:
            show(hint, "No next review date yet.")

    @on(Input.Submitted, "#next-review")
    def set_review(self) -> None:
        if self._set_review():
            self.query_one("#finish", Button).focus()

    def _set_review(self) -> bool:
        typed = self.value("#next-review")
        if not typed.strip():
            return True
        try:
            # 'in the summer holidays' is kept as words with the latest day they mean; words that name
            # no day are kept too, flagged (facilitator.date_phrases).
            when = read_when(typed, self.session.clock.today())
        except ValueError as error:
            self.show_error(f"next review: {error}")
            return False
        if self.attempt(self._keep_review, when.due, when.text) is None:  # refused: the message is shown
            return False
        self.query_one("#next-review", Input).value = ""
        return True

    @on(Input.Submitted, "#summary")
    def keep_summary(self, event: Input.Submitted) -> None:
        if not self._keep_summary(event.value):
            self.query_one("#summary", Entry).focus()

    @on(Input.Blurred, "#summary")
    def keep_summary_on_leaving(self) -> None:
        self._keep_summary()  # nothing typed is lost for want of Enter

    def _keep_summary(self, typed: str | None = None) -> bool:
        typed = self.value("#summary") if typed is None else typed
        if typed.strip() == self.session.meeting.summary:
            return True
        return self.attempt(self.session.close.set_summary, typed) is not None

    @on(Input.Submitted, "#meeting-end")
    def set_end(self) -> None:
        if self._set_end():
            self.query_one("#finish", Button).focus()

    def _set_end(self) -> bool:
        typed = self.value("#meeting-end")
        if not typed.strip():
            return True
        try:
            end = parse_time(typed)
        except ValueError as error:
            self.show_error(f"end time: {error}")
            return False
        if self.attempt(self.session.close.set_end, end) is None:  # an end before the start: the message is shown
            return False
        self.query_one("#meeting-end", Input).value = ""
        return True

    def _keep_review(self, day: dt.date | None, text: str) -> bool:
        """True once kept: words that name no day are kept with no date (None), which is no refusal."""
        self.session.close.set_next_review(day, text)
        return True

    def keep_typed(self) -> bool:
        """Before Finish: keep a comment, review date, summary or end time typed but not yet entered.
        False if refused (the message says why, and what was typed stays in its box)."""
        return self._keep_comment() and self._set_review() and self._keep_summary() and self._set_end()

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        self.screen.action_finish()  # type: ignore[attr-defined]

    def focus_entry(self) -> Widget:
        return self.query_one("#health-level", Select).focus()

    # The close pane has no table.
    def row_ids(self) -> list[str]:
        return []

    def selected_id(self) -> str | None:
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle_benefit":  # space types a space everywhere but on the checklist
            return self.query_one("#benefits", DataTable).has_focus
        if action == "cycle_view":
            return len(self.session.meeting.partners) > 1
        return True

    def on_mount(self) -> None:
        self.query_one("#later-edits", Static).display = False
        self.refresh_view()
