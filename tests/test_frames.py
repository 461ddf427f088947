"""Frames: drawn as soon as one is in hand and the app has finished reacting, and only where they changed."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType
from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Input, Static

from screens import frames
from screens.frames import PacedScreen, PacedTimer
from screens.keyorder import KeysInOrder
from tests.apphelpers import type_text

BEAT = 0.1
LONG_FRAME = 0.25  # two and a half beats


async def gap_after_a_long_tick(timer_class: type[Timer]) -> float:
    """Seconds from the end of a long first tick to the start of the next."""
    ticks: list[float] = []

    def tick() -> None:
        ticks.append(time.perf_counter())
        if len(ticks) == 1:
            time.sleep(LONG_FRAME)  # the work of a long frame, holding the loop as drawing does
            ticks.append(time.perf_counter())

    app = App[None]()
    async with app.run_test():
        timer = timer_class(app, BEAT, callback=tick)
        timer._start()
        while len(ticks) < 3:
            await asyncio.sleep(0.005)
        timer.stop()
    return ticks[2] - ticks[1]


async def test_the_tick_after_a_long_one_comes_at_once_when_its_beat_has_passed() -> None:
    assert await gap_after_a_long_tick(PacedTimer) < 0.6 * BEAT


async def test_textuals_own_timer_waits_beyond_the_next_beat_which_is_why_ours_exists() -> None:
    # Should Textual's timer change to pace as ours does, this fails and PacedTimer can go.
    assert await gap_after_a_long_tick(Timer) > BEAT


async def ticks_while_asked(seconds: float) -> list[float]:
    """When a timer asked for a tick all the time ticks, over ``seconds``."""
    ticks: list[float] = []
    app = App[None]()
    async with app.run_test():
        timer = PacedTimer(app, BEAT, callback=lambda: ticks.append(time.perf_counter()))
        timer._start()
        await asyncio.sleep(seconds)
        timer.stop()
    return ticks


async def test_a_tick_asked_for_just_after_a_quick_one_comes_at_once_but_a_run_keeps_to_the_beat() -> None:
    """The screen drew the clock's second; a key typed a moment later is drawn without waiting for a
    beat. A run of frames still comes no faster than the beat."""
    ticks = await ticks_while_asked(8.5 * BEAT)
    assert ticks[1] - ticks[0] < 0.5 * BEAT  # the tick in hand
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks[1:])]
    assert min(gaps) > 0.8 * BEAT
    assert len(ticks) <= 2 + 8


class Relay(Static):
    """Passes what it is told on to the next one after showing it, as a pane passes on a note added."""

    class Told(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, after: Relay | None, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.after = after

    def on_relay_told(self, message: Relay.Told) -> None:
        self.update(message.text)
        if self.after is not None:
            self.after.post_message(Relay.Told(message.text))


class RelayScreen(PacedScreen[None]):
    def compose(self) -> ComposeResult:
        last = None
        relays = []
        for number in range(6):
            last = Relay(last, id=f"relay-{number}")
            relays.append(last)
        yield from reversed(relays)

    def key_x(self) -> None:
        self.query_one("#relay-5", Relay).post_message(Relay.Told("told"))


class RelayApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(RelayScreen())


async def test_a_key_is_drawn_once_the_app_has_finished_reacting_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key whose change passes through several widgets' messages (Enter: the box, the pane, the
    table, the step list) is drawn in one frame showing all of it, not a frame at each hop."""
    async with RelayApp().run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        shown: list[list[str]] = []
        original = Screen._compositor_refresh

        def frame(screen: Screen[object]) -> None:
            original(screen)
            shown.append([str(relay.render()) for relay in screen.query(Relay)])

        monkeypatch.setattr(Screen, "_compositor_refresh", frame)
        await pilot.press("x")
        await pilot.pause(0.1)
        assert shown == [["told"] * 6]


def test_every_screen_of_the_app_paces_its_frames() -> None:
    """A screen made from Textual's own ``Screen`` draws to its beat again: the next screen added is caught."""
    import importlib
    import inspect
    import pkgutil

    import screens
    from screens.frames import PacedFrames

    unpaced = []
    for module_info in pkgutil.walk_packages(screens.__path__, "screens."):
        module = importlib.import_module(module_info.name)
        for name, thing in inspect.getmembers(module, inspect.isclass):
            ours = thing.__module__ == module.__name__ and issubclass(thing, Screen)
            if ours and not issubclass(thing, PacedFrames):
                unpaced.append(f"{module.__name__}.{name}")
    assert unpaced == []


class Terminal:
    """What a terminal shows after the app's updates: each cell's character and style."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells: list[list[tuple[str, object]]] = [[(" ", None)] * width for _ in range(height)]
        self.updates = 0

    def apply(self, update: object, console: Console) -> None:
        self.updates += 1
        x = y = 0
        for segment in update.__rich_console__(console, console.options):  # type: ignore[attr-defined]
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = control[1], control[2]  # type: ignore[misc]
                continue
            if segment.text == "\n":
                continue
            for character in segment.text:
                if 0 <= y < self.height and 0 <= x < self.width:
                    self.cells[y][x] = (character, segment.style)
                x += cell_len(character)


def terminal_kept(monkeypatch: pytest.MonkeyPatch, width: int, height: int) -> Terminal:
    """A copy of the terminal that every update the app writes for its top screen is applied to."""
    terminal = Terminal(width, height)
    original = App._display

    def display(app: App[object], screen: Screen[object], update: object) -> None:
        if isinstance(update, CompositorUpdate) and screen is app.screen:
            terminal.apply(update, app.console)
        original(app, screen, update)

    monkeypatch.setattr(App, "_display", display)
    return terminal


def drawn_whole(screen: Screen[object]) -> list[list[tuple[str, object]]]:
    lines = []
    for strip in screen._compositor.render_strips():
        line = []
        for segment in strip:
            if not segment.control:
                line.extend((character, segment.style) for character in segment.text)
        lines.append(line)
    return lines


async def test_the_terminal_after_a_meetings_updates_is_the_screen_drawn_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every frame of a stretch of a meeting is drawn as a partial update (only the changed places):
    applied one after another to a copy of the terminal, they leave what the screen drawn whole shows."""
    from tests.test_meeting_screen import Host
    from tests.test_typing_path import session_with_notes

    terminal = terminal_kept(monkeypatch, 100, 30)
    async with Host(session_with_notes(40)).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        for number in range(3):
            await type_text(pilot, f"note {number} [/b] markup-like")
            await pilot.press("enter")
        await pilot.press("ctrl+t")
        await type_text(pilot, "did not work")
        await pilot.press("enter", "ctrl+l", "up", "up", "ctrl+t", "ctrl+l")
        await pilot.press("f6")
        await type_text(pilot, "Book the room")
        await pilot.press("enter")
        await type_text(pilot, "den")
        await pilot.press("enter", "f4", "f3")
        await pilot.pause()
        await pilot.pause()
        assert terminal.updates > 20
        whole = drawn_whole(pilot.app.screen)
        for y, line in enumerate(whole):
            assert terminal.cells[y] == line, f"line {y}: {''.join(c for c, _ in terminal.cells[y])!r}"


async def test_a_character_typed_asks_only_the_widgets_where_it_shows_for_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual.widget import Widget

    from tests.test_meeting_screen import Host
    from tests.test_typing_path import session_with_notes

    async with Host(session_with_notes(40)).run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await type_text(pilot, "a note")
        await pilot.pause()
        asked: list[Widget] = []
        original = Widget.render_lines

        def counted(self: Widget, crop: Region) -> list[Strip]:
            asked.append(self)
            return original(self, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        await type_text(pilot, "x")
        await pilot.pause()
        box = pilot.app.focused
        assert box is not None and box in asked
        # The text box and what lies under it (its row, the pane, the screen): not the header, the
        # step list, the table and the key bar too (about twenty widgets on Textual's own).
        assert len(set(asked)) <= 8
        assert all(box in widget.walk_children() or widget is box or widget in box.ancestors for widget in asked)


LINE_COST = 0.001  # seconds a slow widget's line takes to render, as a long table's lines do


class Slow(Static):
    """A widget whose every line takes a millisecond to render."""

    DEFAULT_CSS = "Slow { height: 1fr; }"

    def render_line(self, y: int) -> Strip:
        time.sleep(LINE_COST)
        return super().render_line(y)


class SlowScreen(PacedScreen[None]):
    """Forty slow lines under a one-line tip: a frame of it takes forty milliseconds to render."""

    BINDINGS = [("x", "change")]

    def __init__(self, remove_tip_in_second_turn: bool = False) -> None:
        super().__init__()
        self.events: list[str] = []
        self.remove_tip_in_second_turn = remove_tip_in_second_turn

    def compose(self) -> ComposeResult:
        yield Static("a tip", id="tip")
        yield Slow("before")

    def action_change(self) -> None:
        self.query_one(Slow).update("after")

    def _draw_now(self) -> None:
        super()._draw_now()
        self.events.append("drawn: " + str(self.query_one(Slow).render()))

    def _draw_a_turn(self, laid_out: bool = False) -> None:
        if self.remove_tip_in_second_turn and self._frame_turns == 1 and not laid_out:
            self.query_one("#tip").remove()  # gone from the screen before the frame is drawn
        super()._draw_a_turn(laid_out)


class SlowApp(KeysInOrder):
    def __init__(self, screen: SlowScreen) -> None:
        super().__init__()
        self.slow_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.slow_screen)


async def longest_wait_while_drawn(screen: SlowScreen, key: str = "x") -> float:
    """Press ``key`` (a frame of forty slow lines); how late a 1 ms ticker on the loop ever woke until it was drawn."""
    async with SlowApp(screen).run_test(size=(30, 41)) as pilot:
        await pilot.pause()
        screen.events.clear()
        late = 0.0
        await pilot.press(key)
        deadline = time.perf_counter() + 5
        while not any(event.startswith("drawn: after") for event in screen.events):
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            late = max(late, time.perf_counter() - started - 0.001)
            assert time.perf_counter() < deadline, screen.events
        await pilot.pause()
    return late


async def test_a_frame_with_much_to_draw_is_drawn_over_turns_of_the_loop_not_in_one() -> None:
    screen = SlowScreen()
    late = await longest_wait_while_drawn(screen)
    # Forty milliseconds of lines, drawn in one turn, would keep the ticker waiting forty.
    assert late < 20 * LINE_COST
    drawn = [event for event in screen.events if event.startswith("drawn")]
    assert drawn[0] == "drawn: after"  # one frame, with all of it


async def test_a_widget_removed_while_a_frame_is_under_way_is_drawn_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The frame under way goes on after the screen is laid out again, and the terminal ends as the screen."""
    terminal = terminal_kept(monkeypatch, 30, 41)
    screen = SlowScreen(remove_tip_in_second_turn=True)
    await longest_wait_while_drawn(screen)
    assert not screen.query("#tip")
    shown = ["".join(character for character, _ in line) for line in terminal.cells]
    assert shown[0].startswith("after") and not any("a tip" in line for line in shown)


class TypingSlowScreen(SlowScreen):
    """A text box above the slow lines; "a" is typed into it as f2's frame begins."""

    BINDINGS = [("f2", "change")]  # x would be typed into the box

    def __init__(self) -> None:
        super().__init__()
        self.turns = 0  # turns of frames taken, all told
        self.typed = False
        self.in_box_at_turn = 0  # the first turn that found the key in the box

    def compose(self) -> ComposeResult:
        yield Input(id="box")
        yield Slow("before")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _draw_now(self) -> None:
        self.events.append(f"turn {self.turns}, box {self.query_one(Input).value!r}")
        super()._draw_now()

    def _draw_a_turn(self, laid_out: bool = False) -> None:
        self.turns += 1
        if self.typed and not self.in_box_at_turn and self.query_one(Input).value:
            self.in_box_at_turn = self.turns
        if str(self.query_one(Slow).render()) == "after" and not self.typed:
            self.typed = True
            self.app.post_message(events.Key("a", "a"))  # as the terminal sends it
        super()._draw_a_turn(laid_out)


async def test_a_key_typed_while_a_frame_is_under_way_is_drawn_at_its_next_turn_not_its_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(frames, "DRAW_TURNS", 20)  # forty lines at four milliseconds a turn: about ten turns
    screen = TypingSlowScreen()
    await longest_wait_while_drawn(screen, "f2")
    drawn = screen.events.index("drawn: after")
    assert screen.events[drawn - 1].endswith("box 'a'")  # the frame with all of the change shows the key too
    drawn_in_turn = int(screen.events[drawn - 1].split(",")[0].removeprefix("turn "))
    # Drawn in the turn after the key reached the box, not spread on over the turns the rest would take.
    assert screen.in_box_at_turn and drawn_in_turn - screen.in_box_at_turn <= 1


class Boxes(PacedScreen[None]):
    """A container its two children fill, and one whose padding shows around its child."""

    CSS = """
    #full { height: 1fr; background: red; }
    #full Static { height: 1fr; }
    #padded { height: 1fr; padding: 1; background: blue; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="full"):
            yield Static("top", id="top")
            yield Static("bottom", id="bottom")
        with Vertical(id="padded"):
            yield Static("inside", id="inside")


async def test_a_container_its_children_cover_is_not_asked_for_lines_one_with_a_gap_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its lines would be thrown away under its children's; the terminal still ends as the screen drawn whole."""
    from textual.widget import Widget

    terminal = terminal_kept(monkeypatch, 20, 12)

    class BoxesApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Boxes())

    async with BoxesApp().run_test(size=(20, 12)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        asked: list[str] = []
        original = Widget.render_lines

        def counted(self: Widget, crop: Region) -> list[Strip]:
            asked.append(self.id or type(self).__name__)
            return original(self, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        for name in ("top", "bottom", "inside"):
            screen.query_one(f"#{name}", Static).update(f"{name} changed")
        await pilot.pause()
        await pilot.pause()
        assert {"top", "bottom", "inside", "padded"} <= set(asked)
        assert "full" not in asked and "Boxes" not in asked  # wholly under their children
        for y, line in enumerate(drawn_whole(screen)):
            assert terminal.cells[y] == line, f"line {y}: {''.join(c for c, _ in terminal.cells[y])!r}"
