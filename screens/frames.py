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

A frame with much to draw (a step shown: some twenty widgets, 15-25 ms) held the loop for all
of it, and a key or the clock waited behind it. Such a frame is drawn over a few turns of the
loop: the lines of the widgets it draws are rendered ahead, a few milliseconds' worth a turn
(each widget keeps them, as Textual does between frames), and the frame itself, now quick, in a
last turn. Whatever changes in between is drawn by the same frame: a widget that changes drops
the lines it kept. A small frame (a key typed) is drawn at once, as before. A key typed while a frame
is under way has it drawn at its next turn: the key shows with it, not six turns later.

These lean on Textual internals (the screen's ``_compositor``, ``_compositor_refresh``, layout
flags and name-mangled update timer, ``Timer._run``,
``Compositor._get_renders`` and ``_dirty_regions``, the app's ``_registry`` of widgets and each
one's ``_message_queue``), stable through Textual 8 (pinned ``>=8.2,<9``); the tests in
tests/test_frames.py fail if a Textual change breaks what they rely on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Iterator
from typing import Any, cast

from textual import _time
from textual._compositor import ChopsUpdate, Compositor
from textual._context import active_app
from textual.geometry import Region
from textual.screen import UPDATE_PERIOD, ModalScreen, Screen, ScreenResultType
from textual.strip import Strip
from textual.timer import EventTargetGone, Timer
from textual.widget import Widget

from screens.keyorder import KeysInOrder

SETTLE_ROUNDS = 32  # rounds of the loop given to a reaction at full speed before it is looked at each ms
DRAW_SLICE = 0.004  # seconds of a frame's lines rendered ahead in one turn of the loop
DRAW_TURNS = 6  # turns a frame is spread over at most; the last draws whatever is left
LINES_AHEAD = 3  # lines of a widget rendered ahead first, to learn its pace


class PacedTimer(Timer):
    """A repeating timer that ticks at most once a beat on average, with one tick in hand.

    A tick owes nothing to a fixed grid of beats: it comes as soon as it is asked for, if a tick
    is in hand. One comes back each beat, and at most two are held: a frame asked for a
    moment after a small one the screen drew by itself (the clock, the save state) is drawn at
    once, while a run of frames still comes no faster than one a beat.
    """

    IN_HAND = 2.0  # ticks that can be held; the second is the one spent early
    ticking = False  # in a tick: a frame asked for now may be drawn over a few turns (PacedFrames)

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
            self.ticking = True  # the tick's callback runs before the first await that waits
            try:
                await self._tick(next_timer=now, count=count)
            except EventTargetGone:
                break
            finally:
                self.ticking = False


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
    _covered_for: object = None  # the arrangement (``visible_widgets``) that ``_covered`` is for
    _covered: set[Widget] = set()

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
        for widget, region, part in self.parts_drawn(crop, changed):
            yield region, part, widget.render_lines(part.translate(-region.offset))

    def parts_drawn(self, crop: Region, changed: list[Region]) -> Iterator[tuple[Widget, Region, Region]]:
        """Each widget that shows in a changed place, its region, and the part of it on screen drawn."""
        covered = self.covered()
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not any(shown.overlaps(place) for place in changed) or widget in covered:
                continue  # nothing of it is written: only the changed places reach the terminal
            # The rows of it the rectangle crosses, at its full width (the compositor cuts lines
            # where widgets begin and end, so a piece must start and end there too).
            top, bottom = max(shown.y, crop.y), min(shown.bottom, crop.bottom)
            if top < bottom:
                yield widget, region, Region(shown.x, top, shown.width, bottom - top)

    def covered(self) -> set[Widget]:
        """The widgets whose every cell in sight lies under their own children in sight.

        The compositor paints front to back and the first line for a place wins, so a container's
        lines under its children are cut up and thrown away: the screen, the meeting's body, the
        step area, the panes, a quarter of a step move's drawing. Such a widget is not asked for
        them. (A child's colours are worked out from its ancestors' styles, not from their lines.)
        Worked out once for each arrangement of the screen."""
        visible = self.visible_widgets
        if self._covered_for is not visible:
            self._covered_for, self._covered = visible, _covered_by_children(visible)
        return self._covered

    def parts_to_draw(self) -> Iterator[tuple[Widget, Region]]:
        """What the next frame will draw, as it stands: each widget and the part of it (in its own
        coordinates) whose lines it will be asked for."""
        dirty = list(self._dirty_regions)
        if not dirty:
            return
        screen = self.size.region
        if screen in dirty:  # drawn whole: every widget, all of it in sight
            crop, dirty = screen, [screen]
        else:
            crop = Region.from_union(dirty).intersection(screen)
        for widget, region, part in self.parts_drawn(crop, dirty):
            yield widget, part.translate(-region.offset)


def _covered_by_children(visible: dict[Widget, tuple[Region, Region]]) -> set[Widget]:
    """Of ``visible`` (each widget's region and clip), those whose part in sight its children's cover."""
    shown = {widget: region.intersection(clip) for widget, (region, clip) in visible.items()}
    children: dict[Widget, list[Region]] = {}
    for widget, part in shown.items():
        parent = widget._parent
        if isinstance(parent, Widget) and parent in shown and part:
            children.setdefault(parent, []).append(part)
    return {parent for parent, parts in children.items() if _covers(parts, shown[parent])}


def _covers(parts: list[Region], area: Region) -> bool:
    """Whether ``parts`` together cover every cell of ``area``."""
    if not area:
        return False
    for y in range(area.y, area.bottom):
        reached = area.x
        for x, right in sorted((part.x, part.right) for part in parts if part.y <= y < part.bottom):
            if x > reached:
                return False  # a gap on this row
            reached = max(reached, right)
        if reached < area.right:
            return False
    return True


def _paced_update_timer(screen: Screen[Any]) -> Timer:
    timer: Timer | None = screen._Screen__update_timer  # type: ignore[attr-defined]
    if timer is None:
        timer = PacedTimer(screen, UPDATE_PERIOD, name="screen_update", callback=screen._on_timer_update, pause=True)
        timer._start()
        screen._timers.add(timer)
        screen._Screen__update_timer = timer  # type: ignore[attr-defined]
    return timer


class PacedFrames:
    """Mixed in before a Textual screen class: the screen's frames follow ``PacedTimer``, are
    composed by a ``SpanCompositor``, and a frame with much to draw is drawn over a few turns."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Screen[Any], self)._compositor = SpanCompositor()
        self._frame_turn: object | None = None  # while a frame is being drawn over turns: its next
        self._frame_turns = 0
        self._frame_began = 0.0  # when its first turn was taken (``time.monotonic``)
        # That frame's parts: of each widget, the part drawn, its lines rendered, seconds a line took.
        self._frame_ahead: dict[Widget, tuple[Region, int, float]] = {}

    @property
    def _update_timer(self) -> Timer:
        return _paced_update_timer(cast(Screen[Any], self))

    def _compositor_refresh(self) -> None:
        screen = cast(Screen[Any], self)
        timer = screen._Screen__update_timer  # type: ignore[attr-defined]
        if not (isinstance(timer, PacedTimer) and timer.ticking) or screen is not screen.app.screen:
            self._draw_now()  # outside a paced tick (a test's pause): now
        else:
            if self._frame_turns and self._typed_since_frame_began():
                # The frame under way draws this change too; but a key typed is waiting for it, so
                # it is drawn at its next turn, whatever of it is left, rather than spread out further.
                self._frame_turns = max(self._frame_turns, DRAW_TURNS - 1)
            if self._frame_turn is None:  # else the frame's next turn is on its way
                self._draw_a_turn(laid_out=True)

    def _draw_a_turn(self, laid_out: bool = False) -> None:
        """Render a slice of the frame's lines ahead; draw it once they are all in hand, in a turn
        with time to spare (at once for a small frame), or after ``DRAW_TURNS`` turns whatever is left.
        ``laid_out``: in a tick, the screen laid out just now."""
        self._frame_turn = None
        screen = cast(Screen[Any], self)
        if not screen.is_attached or screen.app._exit:
            self._frame_ahead.clear()
            return
        if not laid_out and self._laid_out_since():
            # What it would draw has moved or gone: lay the screen out now and go on with the frame
            # (its turns still counted, so it is drawn in the end).
            self._lay_out_again()
            return
        started = time.perf_counter()
        if not self._frame_turns:
            self._frame_began = time.monotonic()
        self._frame_turns += 1
        try:
            rendered = self._render_ahead(started + DRAW_SLICE)
            if self._frame_turns >= DRAW_TURNS or (rendered and time.perf_counter() - started < DRAW_SLICE):
                self._draw_now()
            else:
                self._next_turn_of_frame()
        except Exception as error:  # a loop callback: Textual would not see it otherwise
            screen.app._handle_exception(error)

    def _typed_since_frame_began(self) -> bool:
        """Whether a key taken since the frame under way began changed the widget with the focus (a
        character typed into a box). Not the key that began the frame: ctrl+l's moves the focus to the
        table, which is redrawn, and that frame is spread out as any other."""
        screen = cast(Screen[Any], self)
        focused = screen.focused
        if focused is None or focused not in screen._dirty_widgets:
            return False
        return isinstance(screen.app, KeysInOrder) and screen.app.last_key_at > self._frame_began

    def _lay_out_again(self) -> None:
        """Lay the screen out in this turn, as a tick would, and go on with the frame from there.

        A step shown is laid out two or three times: the first layout gives its widgets their sizes,
        and each widget whose scrollable size or scrollbars changed with them asks for another.
        Handed back to the next tick, each of those waited for a tick in hand and for the app to
        settle, and the frame, with any key typed meanwhile, waited with it."""
        screen = cast(Screen[Any], self)
        timer = screen._update_timer
        if not isinstance(timer, PacedTimer) or not screen.is_current or screen.app._batch_count:
            timer.resume()  # the next tick lays it out when it can
            return
        if not (screen._layout_required or screen._scroll_required):
            screen._layout_required = True  # only a widget drawn has gone: laid out all the same
        timer.ticking = True  # the layout's frame is this frame, going on over turns
        try:
            screen._on_timer_update()
        finally:
            timer.ticking = False

    def _laid_out_since(self) -> bool:
        """Whether the screen needs laying out again since the frame began: a widget moved or was removed."""
        screen = cast(Screen[Any], self)
        if screen._layout_required or screen._scroll_required:
            return True
        return not all(widget.is_attached for widget in screen._compositor.visible_widgets)

    def _next_turn_of_frame(self) -> None:
        """Go on after whatever is waiting now: a task a timer or a key wakes runs a turn after its
        callback, so the frame's next turn comes two turns later, not one, to let it run first."""
        loop = asyncio.get_running_loop()
        turn = self._frame_turn = object()

        def next_turn() -> None:
            if self._frame_turn is turn:  # else the frame was drawn meanwhile
                self._draw_a_turn()

        loop.call_later(0, loop.call_soon, next_turn)

    def _render_ahead(self, deadline: float) -> bool:
        """Render the lines the frame draws until ``deadline``; whether all are done.

        A tall widget is rendered a few lines first, then as many as its pace says fit before the
        deadline: a long table's lines after a note is added took 13 ms, more than a turn's worth,
        while asking a scrollbar or a list for three lines at a time cost it nearly as much as all."""
        compositor = cast(SpanCompositor, cast(Screen[Any], self)._compositor)
        ahead = self._frame_ahead
        for widget, part in compositor.parts_to_draw():
            if isinstance(widget, Screen):
                continue  # a dialog's shows the screen under it, known only while the frame is drawn
            kept = ahead.get(widget)
            done, pace = (kept[1], kept[2]) if kept is not None and kept[0] == part else (0, 0.0)
            while done < part.height:
                now = time.perf_counter()
                if now >= deadline:
                    return False
                left = part.height - done
                lines = min(left, max(1, int((deadline - now) / pace))) if pace else min(left, LINES_AHEAD)
                widget.render_lines(Region(part.x, part.y + done, part.width, lines))  # it keeps them
                pace = (time.perf_counter() - now) / lines
                done += lines
                ahead[widget] = (part, done, pace)
        return True

    def _draw_now(self) -> None:
        self._frame_turn = None
        self._frame_turns = 0
        self._frame_ahead.clear()
        super()._compositor_refresh()  # type: ignore[misc]


class PacedScreen(PacedFrames, Screen[ScreenResultType]):
    """A screen whose frames follow ``PacedTimer`` (see the module's doc)."""


class PacedModalScreen(PacedFrames, ModalScreen[ScreenResultType]):
    """A dialog whose frames follow ``PacedTimer``."""
