"""Keys taken in the order typed, each once the work of the keys before it is done.

``KeysInOrder`` is the app's base: the app and every test host are one. ``screens.entry``'s text
boxes tell it when a key did all its work at once (a character typed) and when an Enter posted a
form whose handling the next key must wait for.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump


class HeldKeys(Message, bubble=False):
    """Time to look again at the keys ``KeysInOrder`` holds."""


class KeysInOrder(App[Any]):
    """An app that takes each key and paste only once what the keys before it set going is done.

    A key's work often goes on after the key: an ``Entry.Submitted`` is handled in the screens'
    queues, a binding posts a message that the app handles later, a new screen mounts and
    takes focus a moment after it is pushed. A key typed meanwhile (a burst, a paste, a slow
    machine) would be acted on before that work, in the wrong place: typed into the old
    screen, taken by its bindings, or run before the form it follows. So a key that arrives
    while that work is under way is held, in order, and let go when the work is done; a key
    typed at a human pace finds nothing under way and is taken at once.

    Nothing is dropped: a key that waits at the front longer than ``HOLD_AT_MOST`` seconds (a
    handler waiting on a dialog) is taken anyway, late.
    """

    HOLD_AT_MOST = 5.0
    LOOK_AGAIN_AFTER = 0.001  # seconds; the app's own queue runs meanwhile

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._submissions: list[tuple[asyncio.Event, float]] = []
        self._held: deque[events.Event] = deque()
        self._waiting_since = 0.0  # when the first held key began to wait at the front
        self._looking = False
        self._unsure = False  # the last key taken may have set work going
        self._walked: list[MessagePump] = []  # the key path as it was when last looked at
        self.last_key_at = time.monotonic()  # when a key or paste was last taken

    @property
    def holding_keys(self) -> bool:
        return bool(self._held)

    def hold_keys_until(self, handled: asyncio.Event) -> None:
        self._submissions.append((handled, time.monotonic() + self.HOLD_AT_MOST))

    def took_in_place(self) -> None:
        """The key being taken did all its work at once (a character into a text box)."""
        self._unsure = False

    async def on_event(self, event: events.Event) -> None:
        if not (isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded):
            await super().on_event(event)
        elif self._held or self._unsure:
            # Not taken at once even if every queue looks empty: a queue shows no sign of the message
            # it has in hand, and the key before may still be passing up the widgets.
            if not self._held:
                self._waiting_since = time.monotonic()
            self._held.append(event)
            self._look_again()
        else:
            await self._take(event)

    async def on_held_keys(self, _: HeldKeys) -> None:
        self._looking = False
        if not self._screen_stack:  # closing down: nothing left to type into
            self._held.clear()
            return
        while self._held and (
            not self._unsure or self._settled() or time.monotonic() - self._waiting_since > self.HOLD_AT_MOST
        ):
            await self._take(self._held.popleft())
        if self._held:
            self._look_again()

    async def _take(self, event: events.Event) -> None:
        self.last_key_at = time.monotonic()
        self._unsure = True  # until the key is known to have done all its work at once
        self._waiting_since = time.monotonic()
        await super().on_event(event)

    def _look_again(self) -> None:
        """Look again once the queues where the next key would go have done the work in hand.

        A callback goes to the back of the focused widget's queue; when it runs, one goes to its
        parent's, and so on up to the screen, then the app looks again: a key or message a widget
        passes up to its parent is then ahead of the callback there. (A queue shows no sign of a
        message in hand, only of those waiting.) With no widget to pass through, look again a
        moment later rather than at once, so that the other queues run meanwhile.
        """
        if self._looking:
            return
        self._looking = True
        path = self._walked = self._key_path()
        if path:
            self._pass_up(path)
        else:
            asyncio.get_running_loop().call_later(self.LOOK_AGAIN_AFTER, self.post_message, HeldKeys())

    def _pass_up(self, path: list[MessagePump]) -> None:
        while path:
            node, path = path[0], path[1:]
            if node.call_later(self._pass_up, path):
                return
        self.post_message(HeldKeys())

    def _key_path(self) -> list[MessagePump]:
        """The focused widget and its ancestors up to the screen: where a key goes and bubbles."""
        if not self._screen_stack:
            return []
        nodes: list[MessagePump] = []
        node: MessagePump | None = self.focused or self.screen
        while node is not None and node is not self:
            nodes.append(node)
            node = node._parent
        return nodes

    def _settled(self) -> bool:
        """Nothing that an earlier key set going is still under way where the next key would go."""
        if not self._screen_stack:
            return True  # closing down
        now = time.monotonic()
        self._submissions = [(done, by) for done, by in self._submissions if not done.is_set() and by > now]
        if self._submissions:
            return False
        if _waiting(self):
            return False  # the app's own work first: a message a binding posted, a focus to move
        screen = self.screen
        if not screen.is_mounted or screen._callbacks:
            return False  # still mounting, or work waiting for the next repaint (``call_after_refresh``)
        path = self._key_path()
        # Focus or screen changed since the last look: what mounts or moves there may not be done.
        return path == self._walked and not any(_waiting(node) for node in path)


def _waiting(node: MessagePump) -> bool:
    """Messages or callbacks wait in the node's queue. Textual says so nowhere public: a message it
    has looked ahead at is kept aside from the queue, and ``call_next`` callbacks in a list."""
    return bool(node._message_queue.qsize() or node._pending_message is not None or node._next_callbacks)
