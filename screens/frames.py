"""Frames drawn when a key has been handled, as soon as one is in hand; and only where they changed.

Textual draws a screen's changes on a timer of 60 beats a second. When a frame takes longer
than a beat (a step shown, a row added to a long table), its timer skips the beats it missed
and one more: the next change then waits 17 to 33 ms for its beat even though nothing is being
drawn. A key typed just after a long frame showed up to two beats late, every time; one typed
just after the screen drew the clock's second waited up to a beat.

A ``PacedScreen`` draws at most 60 frames a second over any stretch just the same, but a frame
is drawn as soon as it is asked for while one is in hand (one comes back each beat, two can be
held). It is drawn once the app has finished reacting to what asked for it (no widget has a
message waiting, a beat at most): Enter drew three frames, the box emptied, the note's row, the
step's count, and the last of them held up the next key.

A frame that changes a few places far apart (after Enter: the text box, the table's new row,
the step's count in the step list) was drawn over the rectangle around them all: every widget
in it handed over every line it has, and the compositor cut every line of the rectangle into
pieces, 8-11 ms for six changed lines. A ``SpanCompositor`` asks only the widgets that show in a
changed place, and only for the lines the rectangle crosses; what it writes to the terminal is
the same (tests/test_frames.py keeps a copy of the terminal from the updates of a whole meeting
and checks it against the screen drawn whole).

Both lean on Textual internals (the screen's ``_compositor`` and its name-mangled update timer,
``Timer._run``, ``Compositor._get_renders``, the app's ``_registry`` of widgets and each one's
``_message_queue``), stable through Textual 8 (pinned ``>=8.2,<9``); the
tests in tests/test_frames.py fail if a Textual change breaks what they rely on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, cast

from textual import _time
from textual._compositor import ChopsUpdate, Compositor
from textual._context import active_app
from textual.geometry import Region
from textual.screen import UPDATE_PERIOD, ModalScreen, Screen, ScreenResultType
from textual.strip import Strip
from textual.timer import EventTargetGone, Timer

SETTLE_ROUNDS = 32  # rounds of the loop given to a reaction at full speed before it is looked at each ms


class PacedTimer(Timer):
    """A repeating timer that ticks at most once a beat on average, with one tick in hand.

    A tick owes nothing to a fixed grid of beats: it comes as soon as it is asked for, if a tick
    is in hand. One comes back each beat, and at most two are held: a frame asked for a
    moment after a small one the screen drew by itself (the clock, the save state) is drawn at
    once, while a run of frames still comes no faster than one a beat.
    """

    IN_HAND = 2.0  # ticks that can be held; the second is the one spent early

    async def _run(self) -> None:
        interval = self._interval
        await self._active.wait()
        held, counted_at = self.IN_HAND, _time.get_time()
        count = 0
        while self._repeat is None or count <= self._repeat:
            await self._active.wait()  # paused until a widget asks for a frame
            now = _time.get_time()
            held = min(self.IN_HAND, held + (now - counted_at) / interval)
            counted_at = now
            if held < 1:
                await _time.sleep((1 - held) * interval)
                await self._active.wait()
                now = _time.get_time()
                held, counted_at = held + (now - counted_at) / interval, now
            await _settle(now + interval)
            held -= 1
            self._reset = False  # a screen's update timer is never reset; nothing to start again from
            count += 1
            try:
                await self._tick(next_timer=now, count=count)
            except EventTargetGone:
                break


async def _settle(deadline: float) -> None:
    """Wait, until ``deadline`` at most, for the app to finish reacting to what asked for the frame.

    Drawn at the first request, a key's frame showed its first change only: Enter drew the box
    emptied, then the note's row (the table measured and scrolled by messages that followed), then
    the step's count, three frames where one does, the last of them delaying the next key. A few
    rounds of the loop are enough for a key (six at most for a character); a handler that awaits
    something slow keeps its messages waiting, so after those rounds it is looked at each
    millisecond, not in a spin.
    """
    rounds = 0
    while _reacting() and _time.get_time() < deadline:
        await asyncio.sleep(0 if rounds < SETTLE_ROUNDS else 0.001)
        rounds += 1


def _reacting() -> bool:
    """Whether the app or any widget still has messages waiting: the key being handled is still
    changing things (Enter: the box emptied, then the note's row, then the step's count)."""
    app = active_app.get()
    return not app._message_queue.empty() or any(not node._message_queue.empty() for node in list(app._registry))


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
