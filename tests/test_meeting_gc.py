"""The meeting screen freezes what has lived a second out of the collector's walks (no stalled keystroke
for a full collection); rubbish in cycles frozen that way is freed in the next pause in typing, and when
the meeting is left, so it never piles up over a whole meeting."""

from __future__ import annotations

import gc
import time
import weakref

from screens.meeting import MeetingScreen
from tests.test_meeting_screen import Host, review_session


class Cycle:
    def __init__(self) -> None:
        self.me = self


def frozen_rubbish() -> weakref.ref[Cycle]:
    """A cycle that nobody holds, frozen out of the collector's walks as the screen's tick does."""
    rubbish = Cycle()
    gone = weakref.ref(rubbish)
    del rubbish
    gc.freeze()
    return gone


async def test_frozen_rubbish_is_freed_in_a_pause_in_typing_not_while_typing() -> None:
    app = Host(review_session())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("f3", "a", "enter")  # typing: the last key was just now
        gone = frozen_rubbish()
        screen._tick()
        gc.collect()
        assert gone() is not None, "while typing, what is frozen stays frozen: a collection walks none of it"
        app.last_key_at = time.monotonic() - MeetingScreen.IDLE_AFTER - 1  # a pause
        screen._tick()
        assert gone() is None, "in a pause, frozen rubbish is collected"


async def test_frozen_rubbish_is_freed_when_the_meeting_is_left() -> None:
    app = Host(review_session())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3", "a", "enter")
        gone = frozen_rubbish()
        await pilot.press("escape")
        assert app.left, "the meeting screen asked to be left"
        await app.pop_screen()  # as the app does on Leave: the screen is unmounted
        await pilot.pause()
        assert not isinstance(app.screen, MeetingScreen)
        assert gone() is None
