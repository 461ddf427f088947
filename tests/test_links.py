"""A web or e-mail address in the minutes is text: no renderer makes a link of it, and no click opens one.

The minutes promise "no HTML, links or images" (docs/reliability.md). CommonMark alone makes
no link of a bare address, but GitHub's autolinks do, and so does markdown-it's ``linkify``,
which Textual's Markdown widget turns on ("gfm-like" with linkify-it installed, as Textual
installs it). Both are tried here with markdown-it-py and linkify-it-py: the Markdown minutes
parse to no link, and read back as the words typed.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from facilitator.minutes import render_markdown
from facilitator.model import Action, Note
from facilitator.text import md_inline
from facilitator.tinydb_store import Store
from screens.minutes import MinutesScreen
from tests.apphelpers import make_app, wait_for_store, wait_for_workers
from tests.conftest import review_meeting
from tests.test_markup import screen_text

ADDRESSES = [
    "https://example.org/report?year=2026&x=1",
    "the report is at http://example.org/r.",
    "see www.example.org for dates",
    "WWW.Example.ORG/Path",
    "mail a.person@example.org about it",
    "mailto:someone@example.org",
    "ftp://files.example.org/minutes",
    "//example.org/protocol-relative",
    "(https://example.org/in-brackets)",
    "<https://example.org/angle>",
    "the notes are in report.md and youth.org.uk",
]
ORDINARY = ["e.g. 1.5 hours, Mr. Smith, etc.", "ratio 3:2 at 14:30", "Centre & Team", "v2.0 of the plan"]


def gfm_with_linkify() -> MarkdownIt:
    md = MarkdownIt("gfm-like")  # what Textual's Markdown widget uses
    assert md.options["linkify"] and md.linkify is not None, "linkify-it-py is not installed: nothing is tried"
    return md


def links(md: MarkdownIt, source: str) -> list[str]:
    def walk(tokens: list[Any]) -> list[str]:
        found = []
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrs.get("href")))
            found += walk(token.children or [])
        return found

    return walk(md.parse(source))


@pytest.mark.parametrize("text", ADDRESSES)
def test_an_address_in_a_line_links_nowhere_and_reads_as_typed(text: str) -> None:
    escaped = md_inline(text)
    for md in (gfm_with_linkify(), MarkdownIt("commonmark")):
        assert links(md, escaped) == [], escaped
        assert html.unescape(md.renderInline(escaped)) == text, escaped


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_dots_and_colons_are_left_readable(text: str) -> None:
    assert md_inline(text) == text


def meeting_with_addresses() -> Any:
    meeting = review_meeting()
    meeting.notes.append(Note("Report at https://example.org/report and www.example.org", raised_by="Paul Howard"))
    meeting.actions.append(Action("Send it to a.person@example.org", owner="Denise Godfrey"))
    meeting.purpose = "Agree www.example.org/plan"
    return meeting


def test_the_markdown_minutes_hold_no_link_in_a_linkifying_renderer() -> None:
    minutes = render_markdown(meeting_with_addresses())
    assert links(gfm_with_linkify(), minutes) == []
    shown = html.unescape(gfm_with_linkify().render(minutes))
    assert "https://example.org/report" in shown and "a.person@example.org" in shown


async def test_the_minutes_screen_shows_an_address_as_text_and_a_click_opens_nothing(tmp_path: Path) -> None:
    meeting = meeting_with_addresses()
    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add(meeting)
    app = make_app(db)
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 60)) as pilot:
        await wait_for_store(pilot)
        app.load_minutes(meeting.id)
        await wait_for_workers(pilot)
        assert isinstance(app.screen, MinutesScreen)
        lines = screen_text(app).split("\n")
        clicked = 0
        for y, line in enumerate(lines):
            for address in ("https://example.org/report", "www.example.org", "a.person@example.org"):
                if address in line:
                    await pilot.click(offset=(line.index(address) + 3, y))
                    clicked += 1
        assert clicked >= 3, "\n".join(lines)
        await pilot.pause()
        assert opened == []
