"""The closing review's key bar: its own keys (Enter, Esc, a finding's number), covering the meeting's,
whose keys do nothing while it is open."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.model import Action
from screens.app import FacilitatorApp
from screens.closing_review import ClosingReviewScreen
from screens.keybar import KeyBar
from screens.meeting import MeetingScreen
from tests.apphelpers import make_app, store_demo, wait_for_store, wait_until


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_closing_review_shows_its_own_keys_over_the_meetings(db_path: Path, size: tuple[int, int]) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        assert isinstance(app, FacilitatorApp)
        await wait_for_store(pilot)
        assert app.store is not None
        meeting = app.store.get("demo-nov")
        meeting.status = meeting.status.IN_PROGRESS
        meeting.next_review = None
        meeting.actions.append(Action("Ask the school about the summer programme", "Paul Howard"))
        app.run_meeting(meeting, fresh=False)
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting")
        meeting_screen = app.screen
        await pilot.press("f7", "ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, ClosingReviewScreen), "the closing review")
        review = app.screen
        await pilot.pause()
        await pilot.pause()  # the review's bar is sized after the meeting's is laid out

        keys = [(key.key_display, key.description) for key in review.query_one(KeyBar).keys]
        assert keys == [("⏎", "Finish anyway"), ("esc", "Go back"), ("1–2", "Go to its step")]
        # Every cell of the meeting's key bar is covered by the review's: none of its keys shows through.
        below = meeting_screen.query_one(KeyBar).region
        assert below.height >= 1
        for y in range(below.y, below.bottom):
            for x in (below.x, below.x + below.width // 2, below.right - 1):
                widget, _ = review.get_widget_at(x, y)
                assert widget is review.query_one(KeyBar) or review.query_one(KeyBar) in widget.ancestors, (x, y)

        await pilot.press("2")  # the key the bar names: the second finding's step
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "back to the meeting")
