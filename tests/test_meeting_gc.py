"""The meeting screen freezes what has lived a second out of the collector's walks, and never lets it
go while the screen is up (a full walk held the loop 0.3-1.6 s, and a key arriving then waited): not
while typing, not in a short pause. Rubbish in cycles frozen that way is freed when the meeting is left,
and in a pause of typing once the frozen set has grown large, so it never piles up over a long meeting."""

from __future__ import annotations

import gc
import time
import weakref
from typing import Any

from screens.collector import NEVER
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


def pause(app: Host) -> None:
    app.last_key_at = time.monotonic() - MeetingScreen.IDLE_AFTER - 1


async def test_no_collection_walks_the_frozen_objects_while_a_meeting_is_up_even_in_a_pause() -> None:
    app = Host(review_session())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("f3", "a", "enter")
        screen._tick()
        frozen = gc.get_freeze_count()
        walked_with_frozen: list[int] = []

        def seen(phase: str, _info: dict[str, Any]) -> None:
            if phase == "start":
                walked_with_frozen.append(gc.get_freeze_count())

        gc.callbacks.append(seen)
        try:
            gone = frozen_rubbish()
            await pilot.press("b", "enter")
            screen._tick()
            gc.collect()  # as the collector's own full collections do: only what is not frozen
            pause(app)
            screen._tick()
            screen._tick()
            await pilot.pause()
        finally:
            gc.callbacks.remove(seen)
        assert walked_with_frozen, "collections ran"
        # Frozen objects freed by their counts leave the frozen set; an unfreeze empties it.
        assert min(walked_with_frozen) > frozen // 2, "a collection walked what the meeting screen froze"
        assert gone() is not None, "a short meeting's frozen rubbish waits for the meeting to be left"
        assert screen.collector.full_walks == 0


async def test_frozen_rubbish_is_freed_in_a_pause_once_it_could_have_grown_large() -> None:
    app = Host(review_session())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        screen.collector.walk_after_growth = 0  # as if a long meeting had frozen a great deal
        await pilot.press("f3", "a", "enter")
        gone = frozen_rubbish()
        screen._tick()
        assert gone() is not None, "while typing, what is frozen stays frozen, however much"
        pause(app)
        screen._tick()
        assert gone() is None, "in a pause, frozen rubbish past the limit is collected"
        assert screen.collector.full_walks == 1
        screen._tick()
        assert screen.collector.full_walks == 1, "and the count starts again: one walk, not one a second"


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


async def test_the_collector_runs_no_full_collection_of_its_own_while_a_meeting_is_up() -> None:
    """Its own full collections walk everything not yet frozen: all a step's first showing made in that
    second (124 ms once). Put off while the meeting is up; the app's thresholds are back once it is left."""
    before = gc.get_threshold()
    app = Host(review_session())
    async with app.run_test(size=(100, 30)) as pilot:
        generations: list[int] = []

        def seen(phase: str, info: dict[str, Any]) -> None:
            if phase == "start":
                generations.append(info["generation"])

        gc.callbacks.append(seen)
        try:
            kept = []
            for number in range(20):
                await pilot.press("f3" if number == 0 else "a", "enter")
                kept.append([[number] for _ in range(20_000)])  # long-lived objects: what sets off a full one
        finally:
            gc.callbacks.remove(seen)
        assert gc.get_threshold()[2] == NEVER
        assert 1 in generations and 2 not in generations
        await pilot.press("escape")
        await app.pop_screen()
        await pilot.pause()
        assert gc.get_threshold() == before


async def test_what_outlives_a_young_collection_never_piles_up_in_the_middle_generation() -> None:
    """The middle generation's walk is part of a young collection's cost: with Python's own thresholds
    it gathered ten young collections' survivors (a frame's drawing leaves thousands) and took 6.5 ms.
    While the meeting is up it holds a few collections' survivors at most (the app's own allocations
    land in the same batches, so a few, not one)."""
    young = gc.get_threshold()[0]
    app = Host(review_session())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        largest = 0
        kept = []
        for _ in range(400):
            kept.append([[number] for number in range(100)])  # survivors: each round outlives collections
            largest = max(largest, len(gc.get_objects(generation=1)))
        assert 0 < largest <= 5 * young  # ten and more of them before
