"""Frames paced from the last one drawn, not from a fixed beat.

Textual draws a screen's changes on a timer of 60 beats a second. When a frame takes longer
than a beat (a step shown, a row added to a long table), its timer skips the beats it missed
and one more: the next change then waits 17 to 33 ms for its beat even though nothing is being
drawn. A key typed just after a long frame showed up to two beats late, every time.

A ``PacedScreen`` draws at most 60 frames a second just the same, but a frame asked for after a
long one is drawn as soon as a beat has passed since the last one began.
"""

from __future__ import annotations

from typing import Any, cast

from textual import _time
from textual.screen import UPDATE_PERIOD, ModalScreen, Screen, ScreenResultType
from textual.timer import EventTargetGone, Timer


class PacedTimer(Timer):
    """A repeating timer whose next tick is a beat after the last tick began, never later."""

    async def _run(self) -> None:
        interval = self._interval
        await self._active.wait()
        began = _time.get_time()
        count = 0
        while self._repeat is None or count <= self._repeat:
            wait = began + interval - _time.get_time()
            if wait > 0:
                await _time.sleep(wait)
            await self._active.wait()  # paused until a widget asks for a frame
            self._reset = False  # a screen's update timer is never reset; nothing to start again from
            began = _time.get_time()
            count += 1
            try:
                await self._tick(next_timer=began, count=count)
            except EventTargetGone:
                break


def _paced_update_timer(screen: Screen[Any]) -> Timer:
    timer: Timer | None = screen._Screen__update_timer  # type: ignore[attr-defined]
    if timer is None:
        timer = PacedTimer(screen, UPDATE_PERIOD, name="screen_update", callback=screen._on_timer_update, pause=True)
        timer._start()
        screen._timers.add(timer)
        screen._Screen__update_timer = timer  # type: ignore[attr-defined]
    return timer


class PacedFrames:
    """Mixed in before a Textual screen class: the screen's frames follow ``PacedTimer``."""

    @property
    def _update_timer(self) -> Timer:
        return _paced_update_timer(cast(Screen[Any], self))


class PacedScreen(PacedFrames, Screen[ScreenResultType]):
    """A screen whose frames follow ``PacedTimer`` (see the module's doc)."""


class PacedModalScreen(PacedFrames, ModalScreen[ScreenResultType]):
    """A dialog whose frames follow ``PacedTimer``."""
