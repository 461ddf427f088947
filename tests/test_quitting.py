"""Quitting with the meeting unsaved goes ahead only when asked twice within the window (facilitator.quitting)."""

from __future__ import annotations

from facilitator.quitting import QUIT_ANYWAY_WINDOW, QuitGuard


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_first_ask_only_warns_and_the_second_within_the_window_quits() -> None:
    clock = Clock()
    guard = QuitGuard(clock=clock)
    assert not guard.quit_unsaved()
    clock.now += QUIT_ANYWAY_WINDOW - 0.5
    assert guard.quit_unsaved()


def test_a_second_ask_after_the_window_is_a_first_ask_again() -> None:
    clock = Clock()
    guard = QuitGuard(window=10, clock=clock)
    assert not guard.quit_unsaved()
    clock.now += 10  # the window has closed: an old refusal does not make a stray key quit
    assert not guard.quit_unsaved()
    clock.now += 9.9
    assert guard.quit_unsaved()
