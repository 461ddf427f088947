"""The one text box of the app: every field a person types into is an ``Entry``.

Two things Textual's ``Input`` does not do, and a meeting needs:

* **Nothing pasted is cut.** ``Input`` keeps only the first line of a multi-line paste,
  silently. In a long-text field (a note, an issue, a decision and why, an action, a
  correction, a reason) an ``Entry`` keeps every line: the one-line box shows each line break
  as ``⏎`` and ``text`` hands over real ``\\n``. In a one-line field (a name, a date, a path) the
  lines are joined with spaces and the user is told so.
* **Keys typed ahead go where they were meant to.** ``Input`` inserts a key when its own
  message queue reaches it, but runs Enter through the app's bindings after the key has
  bubbled back up to the app; keys typed quickly after Enter were already in the box by then,
  so "first Enter second Enter" became one note "firstsecond" and an empty one. An ``Entry``
  takes each key as the app routes it to the focused widget, in the order typed: the key
  lands at once, and Enter hands over exactly the text typed before it. When Enter moves on
  to the next field of a form (``then``), focus moves at that same moment, so the keys after
  it land in the next field.
* **Nothing typed after Enter overtakes it.** The box's ``Submitted`` message is handled in
  the screens' own message queues, a moment later; a key typed straight after Enter (a
  priority binding such as ``ctrl+s``, or the next field's text when the form's handler is
  what moves focus) would otherwise be acted on before the form it follows was taken. An app
  that mixes in ``KeysInOrder`` holds each key until every ``Submitted`` posted before it has
  been handled, up to the screen, and until what earlier keys set going is done (see
  ``KeysInOrder``).

A form is the entries sharing a ``form`` name. Enter in its last field (no ``then``) takes the
whole form: the values of every field go with the ``Submitted`` message (``event.form``, by
id), and each field made with ``takes=True`` is emptied for the next entry straight away. A pane
that refuses the values puts them back with ``restore``, so nothing typed is lost.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from inspect import iscoroutinefunction
from typing import Any

from textual import events
from textual.actions import ActionError, parse
from textual.app import App
from textual.css.query import NoMatches
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import Input

from facilitator.text import LINE_MARK


def to_box(text: str) -> str:
    """Text with line breaks as the box shows it: each break (CRLF, CR, LF) one mark."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", LINE_MARK)


def from_box(shown: str) -> str:
    return shown.replace(LINE_MARK, "\n")


def line_count(text: str) -> int:
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


class Entry(Input):
    """A one-line text box that never drops what is typed or pasted (see the module's doc)."""

    @dataclass
    class Submitted(Input.Submitted, bubble=None):
        """Enter was pressed. ``value`` is the text then, with real line breaks; ``form`` holds
        every field of the form by id when this Enter takes the form (empty otherwise)."""

        form: Mapping[str, str] = field(default_factory=dict)

        def __post_init__(self) -> None:
            super().__post_init__()
            self._hops = 0  # the message queues left to handle it, the box's up to the screen's
            self._handled: asyncio.Event | None = None

        @property
        def bubble(self) -> bool:  # type: ignore[override]
            # Textual reads this once in each queue, after that queue's handlers have run: the
            # one moment to tell that a queue is done with the message.
            self._hops -= 1
            if self._handled is not None and (self._hops <= 0 or self._stop_propagation):
                self._handled.set()
            return True

        def track(self, hops: int) -> asyncio.Event:
            self._hops = hops
            self._handled = asyncio.Event()
            return self._handled

    def __init__(
        self,
        value: str | None = None,
        placeholder: str = "",
        *,
        multiline: bool = False,
        form: str | None = None,
        then: str | None = None,
        after: str | None = None,
        takes: bool = False,
        **kwargs: Any,
    ) -> None:
        # Not selecting everything on focus: focus moves as Enter is pressed, before the box has
        # seen its Focus event, and keys typed ahead would otherwise be selected and overwritten.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(to_box(value) if value and multiline else value, placeholder, **kwargs)
        self.multiline = multiline  # keeps pasted line breaks; otherwise they are joined
        self.form = form
        self.then = then  # Enter moves to this field (a selector) rather than taking the form
        self.after = after  # where focus goes once Enter has taken the form
        self.takes = takes  # when its form is taken, this box empties, ready for the next entry

    # -- the text, with real line breaks -----------------------------------------------------

    @property
    def text(self) -> str:
        """What the box holds, line breaks as ``\\n`` (a one-line field has none)."""
        return from_box(self.value) if self.multiline else self.value

    @text.setter
    def text(self, text: str) -> None:
        self.value = to_box(text) if self.multiline else " ".join(text.splitlines())
        self.cursor_position = len(self.value)

    def restore(self, text: str) -> None:
        """Put back refused text, ahead of anything typed since, so it can be put right."""
        typed = self.text
        self.text = f"{text} {typed}" if text and typed else text or typed

    # -- keys and pastes, taken in the order they were typed ---------------------------------

    def _forward_event(self, event: events.Event) -> None:
        # Called by the app, in the order keys arrive, as it routes each to the focused widget.
        if isinstance(event, events.Paste):
            self.paste(event.text)
            self._took_in_place()
            return
        if isinstance(event, events.Key) and self._take_key(event):
            if event.key not in ("enter", "tab", "shift+tab"):
                self._took_in_place()
            return
        super()._forward_event(event)

    def _took_in_place(self) -> None:
        # The key changed this box's text and nothing else: the next key need not wait for it.
        app = self.app
        if isinstance(app, KeysInOrder):
            app.took_in_place()

    def _on_paste(self, event: events.Paste) -> None:
        # A paste posted straight to the box (not routed by the app). prevent_default keeps
        # Input's own handler, which would insert the first line again, from running.
        event.stop()
        event.prevent_default()
        self.paste(event.text)

    def action_paste(self) -> None:
        self.paste(self.app.clipboard)

    def paste(self, pasted: str) -> None:
        """Insert pasted text: every line of it, or in a one-line field, its lines joined."""
        if not pasted:
            return
        lines = line_count(pasted)
        if self.multiline:
            shown = to_box(pasted)
        else:
            shown = " ".join(part.strip() for part in pasted.splitlines() if part.strip())
            if lines > 1:
                self.app.notify(
                    f"The pasted text had {lines} lines; this box takes one line, so they were joined with spaces.",
                    title="Pasted as one line",
                    markup=False,
                )
        start, end = self.selection
        self.replace(shown, start, end)

    def _take_key(self, event: events.Key) -> bool:
        """Act on a key now if it is one the box handles itself; False to route it as usual."""
        if event.key == "enter":
            self._enter()
            return True
        if event.key in ("tab", "shift+tab"):  # on to the next field now: the keys after it go there
            self.screen.focus_next() if event.key == "tab" else self.screen.focus_previous()
            return True
        if event.is_printable and event.character is not None:
            self._restart_blink()
            start, end = self.selection
            self.replace(event.character, start, end)
            return True
        return self._run_own_binding(event.key)

    def _run_own_binding(self, key: str) -> bool:
        """Editing keys (backspace, arrows, …) run now too, so a burst is edited in order."""
        for binding in self._bindings.key_to_bindings.get(key, ()):
            if binding.priority:
                continue
            try:
                _, name, arguments = parse(binding.action)
            except ActionError:
                return False
            method = getattr(self, f"action_{name}", None)
            if method is None or iscoroutinefunction(method) or not self.check_action(name, arguments):
                return False
            try:
                method(*arguments)
            except Exception:  # SkipAction (copy with nothing selected): let the app try the key
                return False
            return True
        return False

    # -- Enter -------------------------------------------------------------------------------

    async def action_submit(self) -> None:
        # Input's own submit (a remapped key, an alias of Enter, run_action) takes the same path as
        # Enter, so a form's handler always gets the whole form, never a message without it.
        self._enter()

    def _enter(self) -> None:
        value = self.text
        validation = self.validate(self.value) if "submitted" in self.validate_on else None
        following = self._near(self.then) if self.then else None
        if following is not None:
            self._post_submitted(self.Submitted(self, value, validation))
            self._focus(following)
            return
        form = self._take_form() if self.form else {}
        self._post_submitted(self.Submitted(self, value, validation, form))
        if self.after:
            self._focus(self._near(self.after))

    def _post_submitted(self, message: Entry.Submitted) -> None:
        app = self.app
        if isinstance(app, KeysInOrder):
            chain = [self, *self.ancestors]
            hops = next((index + 1 for index, node in enumerate(chain) if node is self.screen), len(chain))
            app.hold_keys_until(message.track(hops))
        self.post_message(message)

    def form_fields(self) -> list[Entry]:
        return [entry for entry in self.screen.query(Entry) if entry.form == self.form]

    def _take_form(self) -> dict[str, str]:
        fields = self.form_fields()
        values = {entry.id or "": entry.text for entry in fields}
        for entry in fields:
            if entry.takes:
                entry.value = ""
        return values

    def _near(self, selector: str) -> Widget | None:
        """The nearest widget matching ``selector``: in this box's pane before the whole screen."""
        for node in self.ancestors:
            try:
                return node.query(selector).first(Widget)
            except NoMatches:
                continue
        return None

    def _focus(self, widget: Widget | None) -> None:
        # At once, not later as ``focus()`` does: the keys the app routes next must go there.
        if widget is not None and widget.focusable:
            self.screen.set_focus(widget)


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
