"""A past meeting's minutes, rendered and scrollable; read-only."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from facilitator.minutes import render_markdown
from facilitator.model import Meeting
from facilitator.text import clean_line


class MinutesScreen(Screen[None]):
    DEFAULT_CSS = """
    #minutes-scroll { padding: 0 2; }
    """
    BINDINGS = [Binding("escape", "close", "Back", id="minutes.close")]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="minutes-scroll"):
            yield Markdown(render_markdown(self.meeting), id="minutes-view")
        yield Footer()

    def on_mount(self) -> None:
        self.title = clean_line(self.meeting.partnership)
        self.sub_title = f"Minutes of {self.meeting.date:%a %d %b %Y}"
        self.query_one("#minutes-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
