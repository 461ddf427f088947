"""Keys taken in the order typed, each once the work of the keys before it is done.

``KeysInOrder`` is the app's base: the app and every test host are one. ``screens.entry``'s text
boxes tell it when a key did all its work at once (a character typed) and when an Enter posted a
form whose handling the next key must wait for. ``KEYS_WAIT_FOR`` names the workers whose end the
next key waits for too.
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
from textual.worker import Worker

# Every worker in screens/ is in one of these two, by its group (tests/test_keys_wait_for_workers.py
# fails on one that is in neither, so the next worker added is decided too).
#
# The next key waits for these: what each finds moves the facilitator to another screen, opens a
# dialog, or changes what the next key acts on. A key typed meanwhile (Enter on a meeting, then x
# for its export) was taken where it was typed from, by that screen's bindings.
KEYS_WAIT_FOR: frozenset[str] = frozenset(
    {
        "store",  # app: opens the store, starts a meeting, opens the minutes or the actions screen
        "export",  # minutes: the copy written, or "replace it?" asked
        "copy",  # meeting: ctrl+e's copy written, or "replace it?" asked
        "change-action",  # actions: the row changed, or the refusal and the table focused
        "clashes",  # clashes: the list read (1 and 2 act on its highlighted clash), or a clash settled
        "names",  # history: the facilitator picker opens
        "actions-names",  # actions: the facilitator picker opens
    }
)
# These never hold a key: they read in the background what a screen shows, or run for long (a
# meeting's autosaver runs as long as the meeting, a sync waits on the network); typing must not
# wait on them.
KEYS_GO_ON: frozenset[str] = frozenset(
    {
        "autosave",  # app: the meeting's saver, for as long as the meeting is open
        "earlier",  # app: a resumed meeting's earlier meetings, for its health trend
        "sync-stage",  # app: closed meetings committed to the sync replica, a sync after a close
        "overview",  # home: counts and lists
        "sync-state",  # home: whether sync is set up, the clashes to settle
        "sync",  # home: s; it says how it went in a line, and can wait on the network
        "later-edits",  # meeting: a warning on the close step
        "minutes-preview",  # meeting: the Close step's minutes, drawn in a thread while the step is in sight
        "search",  # history: search as you type
        "trend",  # history: the highlighted partnership's health trend
        "circulated",  # history: where the highlighted minutes went
        "actions-read",  # actions: the rest of the actions, after the first page
    }
)


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

    A worker of a group in ``KEYS_WAIT_FOR`` is work under way too (no queue shows it): while one
    runs, a key is held until it ends, then until what it opened is mounted.

    Nothing is dropped: a key that waits at the front longer than ``HOLD_AT_MOST`` seconds (a
    handler waiting on a dialog) is taken anyway, late; one that waits on such a worker and what it
    opens, longer than ``HOLD_FOR_WORKER_AT_MOST`` (a long history read from a slow disk, then the
    meeting screen laid out on a loaded machine). The keys behind it do not wait on that worker again.
    """

    HOLD_AT_MOST = 5.0
    HOLD_FOR_WORKER_AT_MOST = 30.0
    LOOK_AGAIN_AFTER = 0.001  # seconds; the app's own queue runs meanwhile
    LOOK_AGAIN_WHILE_WORKING = 0.01  # seconds; a worker is not hurried by a busy loop beside it

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._submissions: list[tuple[asyncio.Event, float]] = []
        self._held: deque[events.Event] = deque()
        self._waiting_since = 0.0  # when the first held key began to wait at the front
        self._worker_seen = 0.0  # when a worker the next key waits for was last seen running
        self._gave_up_on: Worker[Any] | None = None  # a worker that outran HOLD_FOR_WORKER_AT_MOST
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
        while self._held and (not self._unsure or self._may_take()):
            await self._take(self._held.popleft())
        if not self._held:
            return
        if self._working() is not None:
            self._looking = True
            asyncio.get_running_loop().call_later(self.LOOK_AGAIN_WHILE_WORKING, self.post_message, HeldKeys())
        else:
            self._look_again()

    def _may_take(self) -> bool:
        """The work of the keys before is done, or the key at the front has waited as long as it may."""
        now = time.monotonic()
        worker = self._working()
        if worker is not None:
            self._worker_seen = now
            if now - self._waiting_since <= self.HOLD_FOR_WORKER_AT_MOST:
                return False
            self._gave_up_on = worker  # the keys behind this one are not held for it again
            return True
        if self._settled():
            return True
        # A key that waited on a worker waits as long for what it opened (a meeting's screen mounting on
        # a loaded machine): the worker ending is no sign that the rest is near.
        waited_on_worker = self._worker_seen >= self._waiting_since
        return now - self._waiting_since > (self.HOLD_FOR_WORKER_AT_MOST if waited_on_worker else self.HOLD_AT_MOST)

    def _working(self) -> Worker[Any] | None:
        """A worker running (or about to) whose end the next key waits for (``KEYS_WAIT_FOR``)."""
        for worker in self.workers:
            if worker.group in KEYS_WAIT_FOR and not worker.is_finished and worker is not self._gave_up_on:
                return worker
        return None

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
