"""Frames paced from the last one drawn, not from a fixed beat; and drawn only where they changed.

Textual draws a screen's changes on a timer of 60 beats a second. When a frame takes longer
than a beat (a step shown, a row added to a long table), its timer skips the beats it missed
and one more: the next change then waits 17 to 33 ms for its beat even though nothing is being
drawn. A key typed just after a long frame showed up to two beats late, every time.

A ``PacedScreen`` draws at most 60 frames a second just the same, but a frame asked for after a
long one is drawn as soon as a beat has passed since the last one began.

A frame that changes a few places far apart (after Enter: the text box, the table's new row,
the step's count in the step list) was drawn over the rectangle around them all: every widget
in it handed over every line it has, and the compositor cut every line of the rectangle into
pieces, 8-11 ms for six changed lines. A ``SpanCompositor`` asks only the widgets that show in a
changed place, and only for the lines the rectangle crosses; what it writes to the terminal is
the same (tests/test_frames.py keeps a copy of the terminal from the updates of a whole meeting
and checks it against the screen drawn whole).

Both lean on Textual internals (the screen's ``_compositor`` and its name-mangled update timer,
``Timer._run``, ``Compositor._get_renders``), stable through Textual 8 (pinned ``>=8.2,<9``); the
tests in tests/test_frames.py fail if a Textual change breaks what they rely on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from textual import _time
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import UPDATE_PERIOD, ModalScreen, Screen, ScreenResultType
from textual.strip import Strip
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


class SpanCompositor(Compositor):
    """Textual's compositor, but a partial update draws only the widgets in the places that changed."""

    _changed: list[Region] | None = None  # the places being drawn, during a partial update

    def render_partial_update(self) -> ChopsUpdate | None:
        self._changed = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._changed = None

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        changed = self._changed
        if crop is None or not changed:
            yield from super()._get_renders(crop)
            return
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not any(shown.overlaps(place) for place in changed):
                continue  # nothing of it is written: only the changed places reach the terminal
            # The rows of it the rectangle crosses, at its full width (the compositor cuts lines
            # where widgets begin and end, so a piece must start and end there too).
            top, bottom = max(shown.y, crop.y), min(shown.bottom, crop.bottom)
            if top >= bottom:
                continue
            part = Region(shown.x, top, shown.width, bottom - top)
            yield region, part, widget.render_lines(part.translate(-region.offset))


def _paced_update_timer(screen: Screen[Any]) -> Timer:
    timer: Timer | None = screen._Screen__update_timer  # type: ignore[attr-defined]
    if timer is None:
        timer = PacedTimer(screen, UPDATE_PERIOD, name="screen_update", callback=screen._on_timer_update, pause=True)
        timer._start()
        screen._timers.add(timer)
        screen._Screen__update_timer = timer  # type: ignore[attr-defined]
    return timer


class PacedFrames:
    """Mixed in before a Textual screen class: the screen's frames follow ``PacedTimer`` and are
    composed by a ``SpanCompositor``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Screen[Any], self)._compositor = SpanCompositor()

    @property
    def _update_timer(self) -> Timer:
        return _paced_update_timer(cast(Screen[Any], self))


class PacedScreen(PacedFrames, Screen[ScreenResultType]):
    """A screen whose frames follow ``PacedTimer`` (see the module's doc)."""


class PacedModalScreen(PacedFrames, ModalScreen[ScreenResultType]):
    """A dialog whose frames follow ``PacedTimer``."""
