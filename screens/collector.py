"""The garbage collector while a meeting is typed into: no walk of everything the app holds.

A full collection walks every object the interpreter tracks, holding the loop meanwhile: 0.3 s
with a fresh store, over a second with a long history held in memory. A key that arrives then
waits for it. So while a meeting screen is up, what has lived a second is frozen out of the
collector's walks (``gc.freeze``, once a second with the clock), and the collector's own full
collections are put off (their threshold raised out of reach): the young collections walk only
what was made since, a few thousand objects (a few ms), and what outlives one is let through to
the oldest generation after one more (``MIDDLE``), so the middle one never piles up. A full one,
even of what was not frozen yet, walked everything a step's first showing had made in that second (124 ms of CPU once).

The cost: rubbish in reference cycles that had lived a second when it became rubbish stays
frozen (the styles Textual makes afresh for a widget's parts at each change of focus, a table's
dropped render caches): about 50,000 objects, a few MB, for 760 keys typed. It is freed when the
meeting is left, and, so that a long meeting never piles it up, by one full walk in a pause of
typing once the frozen set has grown by ``WALK_AFTER_GROWTH`` objects since the last walk (every
few thousand keys; never while keys are arriving).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

# Objects frozen since the last full walk before the next pause in typing walks them all. About
# 40 MB at most; a meeting's typing grows the frozen set by 100-250 objects a key.
WALK_AFTER_GROWTH = 300_000
NEVER = 2**30  # a full collection's threshold (young collections of the middle generation) never reached
# What outlives a young collection moves on after one more, not ten: the middle generation's walk then
# covers a few hundred objects, not the thousands a frame's drawing leaves behind (6.5 ms once, 2 ms at
# most since). Nothing walks the oldest generation while a meeting is up, so moving there sooner costs
# no walk; it is frozen with the rest each second.
MIDDLE = 1


class Collector:
    """The collector's part in a meeting screen: freeze as the clock ticks, walk all only in a pause."""

    def __init__(self, *, walk_after_growth: int = WALK_AFTER_GROWTH) -> None:
        self.walk_after_growth = walk_after_growth
        self._frozen_after_walk = gc.get_freeze_count()
        self.full_walks = 0  # walks of everything made while the screen was up (counted for tests)
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        """The meeting screen is up: no full collection of the collector's own from now on."""
        if self._thresholds is None and gc.get_threshold()[2] != NEVER:  # not already put off
            self._thresholds = gc.get_threshold()
            young, _middle, _full = self._thresholds
            gc.set_threshold(young, MIDDLE, NEVER)
        gc.freeze()

    def stop(self) -> None:
        """The meeting screen is going: the collector's own thresholds back, and its rubbish freed."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
        self.walk_all()

    def tick(self, *, paused: bool) -> None:
        """Once a second: freeze what has lived that long, and walk all if the frozen set grew too much in a pause."""
        if paused and gc.get_freeze_count() - self._frozen_after_walk > self.walk_after_growth:
            self.walk_all()
        gc.freeze()

    def walk_all(self) -> None:
        """Let go of what was frozen, free the rubbish among it, and freeze the rest again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._frozen_after_walk = gc.get_freeze_count()
        self.full_walks += 1


class WalkTimer:
    """Times every collection (``gc.callbacks``) in the thread's CPU time: how long the loop was held by it."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.walks: list[tuple[int, float, str]] = []  # (generation, seconds, the thread's name)
        self._started: dict[int, float] = {}  # the saver's thread collects too

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        thread = threading.current_thread()
        if phase == "start":
            self._started[thread.ident or 0] = self.clock()
        else:
            started = self._started.pop(thread.ident or 0, self.clock())
            self.walks.append((info["generation"], self.clock() - started, thread.name))

    def longest(self, thread: str = "MainThread") -> tuple[int, float]:
        """The longest collection in ``thread`` (generation, seconds); (-1, 0.0) if none ran."""
        walks = [(seconds, generation) for generation, seconds, name in self.walks if name == thread]
        seconds, generation = max(walks, default=(0.0, -1))
        return generation, seconds

    def __enter__(self) -> WalkTimer:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self)
