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
  ``screens.keyorder``).

A form is the entries sharing a ``form`` name. Enter in its last field (no ``then``) takes the
whole form: the values of every field go with the ``Submitted`` message (``event.form``, by
id), and each field made with ``takes=True`` is emptied for the next entry straight away. A pane
that refuses the values puts them back with ``restore``, so nothing typed is lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from inspect import iscoroutinefunction
from typing import Any

from textual import events
from textual.actions import ActionError, parse
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input

from facilitator.text import LINE_MARK
from screens.keyorder import KeysInOrder


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

    def _watch_value(self, value: str) -> None:
        # Textual's Input sets its virtual size (the text's width, for its own scrolling) at every
        # change, and the virtual size asks for a layout of the whole screen: on the meeting screen
        # that was most of a key's cost (the bare Input app has one widget to lay out). The box's
        # place never depends on its text (no Entry is sized "auto"), so the size is set without.
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

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
