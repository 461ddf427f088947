"""A frame asked for after a long one is drawn a beat after the long one began, not two beats on."""

from __future__ import annotations

import asyncio
import time

from textual.app import App
from textual.screen import Screen
from textual.timer import Timer

from screens.frames import PacedTimer

BEAT = 0.1
LONG_FRAME = 0.25  # two and a half beats


async def gap_after_a_long_tick(timer_class: type[Timer]) -> float:
    """Seconds from the end of a long first tick to the start of the next."""
    ticks: list[float] = []

    def tick() -> None:
        ticks.append(time.perf_counter())
        if len(ticks) == 1:
            time.sleep(LONG_FRAME)  # the work of a long frame, holding the loop as drawing does
            ticks.append(time.perf_counter())

    app = App[None]()
    async with app.run_test():
        timer = timer_class(app, BEAT, callback=tick)
        timer._start()
        while len(ticks) < 3:
            await asyncio.sleep(0.005)
        timer.stop()
    return ticks[2] - ticks[1]


async def test_the_tick_after_a_long_one_comes_at_once_when_its_beat_has_passed() -> None:
    assert await gap_after_a_long_tick(PacedTimer) < 0.6 * BEAT


async def test_textuals_own_timer_waits_beyond_the_next_beat_which_is_why_ours_exists() -> None:
    # Should Textual's timer change to pace as ours does, this fails and PacedTimer can go.
    assert await gap_after_a_long_tick(Timer) > BEAT


def test_every_screen_of_the_app_paces_its_frames() -> None:
    """A screen made from Textual's own ``Screen`` draws to its beat again: the next screen added is caught."""
    import importlib
    import inspect
    import pkgutil

    import screens
    from screens.frames import PacedFrames

    unpaced = []
    for module_info in pkgutil.walk_packages(screens.__path__, "screens."):
        module = importlib.import_module(module_info.name)
        for name, thing in inspect.getmembers(module, inspect.isclass):
            ours = thing.__module__ == module.__name__ and issubclass(thing, Screen)
            if ours and not issubclass(thing, PacedFrames):
                unpaced.append(f"{module.__name__}.{name}")
    assert unpaced == []
