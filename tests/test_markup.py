"""Text that looks like Textual markup is shown as typed on every screen, and never crashes the app.

Every text field of the demo meetings and of a user's template is given markup-like text (an
unbalanced closing tag, a style, an action link, a file link, an escaped bracket), then the
whole app is walked by key presses: home, history, minutes, actions with a status change,
help, the command palette, set up with that template and partnership, each step of a meeting
in progress, close and finish. At each stop the rendered screen is read back as plain text, and
``[draft]`` (a word markup would swallow) must be on it.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Select
from textual.widgets._toast import Toast

from facilitator.meeting_files import demo_meetings
from facilitator.model import ItemStatus, Meeting, MeetingStatus, new_id
from facilitator.templates import load_catalogue
from facilitator.tinydb_store import Store
from screens.actions import ActionsScreen
from screens.help import HelpScreen
from screens.history import HistoryScreen
from screens.meeting import STEP_KEYS, MeetingScreen
from screens.minutes import MinutesScreen
from screens.setup import SetupScreen
from tests.apphelpers import finish, make_app, running, type_text, wait_for_store, wait_for_workers

SEEN = "[draft]"  # markup reads it as a style and drops it: seeing it proves the text went through as typed
MARKUP = r"[/b] [/] [bold red]x [@click=app.quit]q[/] [link=file:///etc/passwd]l[/link] \["
# What the user never types: ids and the keys that refer to other parts.
NOT_TYPED = {"id", "action_id", "raised_in", "meeting_id", "agenda_item", "step", "template", "current_step"}
NOT_TYPED |= {"visited_steps", "dismissed", "approved_in", "key"}


def marked(value: str) -> str:
    """The same value for the same text, so that the names that refer to each other still match."""
    return f"{SEEN} {value} {MARKUP}" if value else value


def mark_every_field(part: Any) -> int:
    """Put markup-like text into every typed str field of ``part`` and the parts inside it; how many."""
    count = 0
    for spec in dataclasses.fields(part):
        if spec.name in NOT_TYPED:
            continue
        value = getattr(part, spec.name)
        if type(value) is str:  # not the StrEnums: those are choices, not typed text
            setattr(part, spec.name, marked(value))
            count += 1
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if type(item) is str:
                    value[index] = marked(item)
                    count += 1
                elif dataclasses.is_dataclass(item):
                    count += mark_every_field(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            count += mark_every_field(value)
    for captured in getattr(part, "captures", {}).values():  # a meeting's steps keep what they captured
        count += mark_every_field(captured)
    return count


def marked_meetings() -> list[Meeting]:
    """The demo meetings, closed, and the November review again as a meeting still running."""
    meetings = copy.deepcopy(demo_meetings())
    running = copy.deepcopy(meetings[-1])
    running.id, running.status, running.approved_in, running.revision = "running", MeetingStatus.IN_PROGRESS, "", 0
    running.date = running.date.replace(day=running.date.day + 1)
    for action in running.actions:
        action.id, action.raised_in = new_id(), running.id
    for item in running.agenda:
        item.status = ItemStatus.PENDING  # so that ctrl+o has one to start, and names it
    meetings.append(running)
    for meeting in meetings:
        assert mark_every_field(meeting) > 20
        meeting.validate()
    return meetings


PARTNERSHIP = marked(demo_meetings()[0].partnership)

TEMPLATE = f"""
name = '''{marked("Markup review")}'''
description = '''{marked("Checks every place a template's words are shown")}'''
benefits = ['''{marked("Young people heard")}''']

[[steps]]
key = "agenda"
kind = "agenda"
title = '''{marked("Agenda")}'''
prompt = '''{marked("What do we cover?")}'''

[[steps]]
key = "since"
kind = "notes"
title = '''{marked("Since last time")}'''
prompt = '''{marked("What got done?")}'''
tags = ['''{marked("done")}''', '''{marked("stuck")}''']

[[steps]]
key = "close"
kind = "close"
title = '''{marked("Close")}'''
prompt = '''{marked("When do we meet again?")}'''
"""


def screen_text(app: App[Any]) -> str:
    """What the terminal shows, as plain text: the screen and everything under it, toasts included."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


async def look(pilot: Pilot[Any], where: str, *, seen: str = SEEN) -> str:
    """Wait for the screen to settle; it must still run, and show ``seen`` as typed."""
    await pilot.pause()  # a message handled may start a worker: let it start, then wait for it
    await wait_for_workers(pilot)
    app = pilot.app
    assert running(app), f"{where}: the app stopped (run_test raises why)"
    shown = screen_text(app)
    assert seen in shown, f"{where}: {seen!r} is not on the screen:\n{shown}"
    return shown


async def toast(pilot: Pilot[Any], starting: str, containing: str = "") -> str:
    """Wait (bounded) for a notification starting with ``starting`` (and holding ``containing``) on the screen;
    its text as shown."""
    for _ in range(250):
        await pilot.pause(0.02)
        app = pilot.app
        assert running(app), "the app stopped (run_test raises why)"
        for shown in app.screen.query(Toast):
            message = shown._notification.message
            if message.startswith(starting) and containing in message:
                return shown.render().plain  # what a toast draws; markup in it would crash right here
    raise AssertionError(f"no notification starting {starting!r} within 5 s")


def stored(tmp_path: Path) -> Path:
    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add_many(marked_meetings())
    return db


async def test_markup_in_every_field_of_the_minutes_shows_as_typed_on_every_screen(tmp_path: Path) -> None:
    app = make_app(stored(tmp_path))
    app.keep_toasts = True  # the toasts are read below, however slow the machine
    async with app.run_test(size=(120, 40), notifications=True, tooltips=True) as pilot:
        await wait_for_store(pilot)
        await look(pilot, "home")

        await pilot.press("h")
        await look(pilot, "history")
        assert isinstance(app.screen, HistoryScreen)
        await type_text(pilot, "[/b] draft")  # a search with markup in it, said back under the box
        await look(pilot, "history, searching")
        await pilot.press(*["backspace"] * len("[/b] draft"), "enter", "down")
        await look(pilot, "history, the trend")
        await pilot.press("enter")
        await look(pilot, "minutes")
        assert isinstance(app.screen, MinutesScreen)
        await pilot.press("escape", "escape")

        await pilot.press("a")
        await look(pilot, "actions")
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("space")  # a status change, and its toast naming the action
        said = await toast(pilot, "", containing=" → ")
        assert "[draft]" in said, said
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "escape")

        await pilot.press("r")  # the meeting in progress, every step of it
        assert isinstance(app.screen, MeetingScreen)
        for number, key in enumerate(STEP_KEYS[: len(app.screen.session.steps)], start=1):
            await pilot.press(key)
            await look(pilot, f"step {number}")
        await pilot.press("f2", "ctrl+o")  # "Now on: <the next item's title>"
        said = await toast(pilot, "Now on:")
        assert said.startswith("Now on: [draft]") and said.endswith(MARKUP), said
        await pilot.press("ctrl+p")
        await type_text(pilot, "step")
        await look(pilot, "command palette", seen="Go to step")
        await pilot.press("escape")
        await pilot.press(STEP_KEYS[len(app.screen.session.steps) - 1])
        await finish(pilot)
        said = await toast(pilot, "Minutes saved:")
        assert said.endswith(f"Minutes saved: {PARTNERSHIP}"), said


async def test_markup_in_every_field_of_a_template_shows_as_typed_from_set_up_to_finish(tmp_path: Path) -> None:
    db = stored(tmp_path)
    templates = tmp_path / "config" / "templates"
    templates.mkdir(parents=True)
    (templates / "markup-review.toml").write_text(TEMPLATE, encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "config")
    assert not catalogue.problems, catalogue.problems
    app = make_app(db)
    app.keep_toasts = True  # the toasts are read below, however slow the machine
    async with app.run_test(size=(120, 40), notifications=True, tooltips=True) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("shift+tab", "enter")  # the template list, open
        await look(pilot, "set up, the templates")
        index = list(catalogue.templates).index("markup-review")
        await pilot.press("home", *["down"] * index, "enter", "tab")
        assert app.screen.query_one("#setup-template", Select).value == "markup-review"
        await look(pilot, "set up, the template chosen")
        await type_text(pilot, PARTNERSHIP)
        await pilot.press("enter")  # a known partnership: its attendees come forward
        await look(pilot, "set up, the partnership known")
        await pilot.press("ctrl+s")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, MeetingScreen)
        for number, key in enumerate(STEP_KEYS[:3], start=1):
            await pilot.press(key)
            await look(pilot, f"step {number}")
        await pilot.press("f3", "ctrl+t")  # a tag of the template's
        await look(pilot, "a tag")
        await pilot.press("f1")
        await look(pilot, "help")
        await pilot.press("escape", "f4")
        await finish(pilot)
        said = await toast(pilot, "Minutes saved:")
        assert said.endswith(f"Minutes saved: {PARTNERSHIP}"), said
