"""When quitting goes ahead although the meeting in progress could not be saved.

Quitting then would lose what was typed since the last save, so the first ctrl+q only says so;
asking again within ``window`` seconds is the facilitator's choice to go anyway. A second ask
after the window has passed is a first ask again: an old refusal must not turn a stray key into
a loss.
"""

from __future__ import annotations

import time
from collections.abc import Callable

QUIT_ANYWAY_WINDOW = 10.0  # seconds


class QuitGuard:
    def __init__(self, window: float = QUIT_ANYWAY_WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._anyway_until = float("-inf")

    def quit_unsaved(self) -> bool:
        """Asked to quit with the meeting unsaved: True to go anyway (asked twice within the window).

        False arms the window: the caller says that nothing is saved and how to quit anyway.
        """
        now = self._clock()
        if now < self._anyway_until:
            return True
        self._anyway_until = now + self.window
        return False
