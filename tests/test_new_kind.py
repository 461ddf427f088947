"""The proof of the step-kind seam: a kind made here, in the test, runs end to end without editing any module.

The test registers a 'hazards' kind (its data, a pane, a minutes section, its search text and
count), writes a user template that uses it, runs a meeting through it by key presses, finishes,
and reads back what is stored, the minutes in both forms and a search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from facilitator import kinds
from facilitator.checks import new_id, required_text
from facilitator.document_schema import from_document, items_of_kind, to_document
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Meeting, MeetingStatus
from facilitator.outline import Item, ItemList, Paragraph, Section
from facilitator.steps import StepSpec
from facilitator.tinydb_store import Store
from screens.entry import Entry
from screens.home import HomeScreen
from screens.meeting import STEP_KEYS, MeetingScreen
from screens.setup import SetupScreen
from screens.steps import register_pane, unregister_pane
from screens.steps.base import Row, StepPane, cell
from tests.apphelpers import finish, make_app, type_text, wait_for_store, wait_for_workers

# --- the new kind, as a plug-in would write it ---------------------------------------------------


@dataclass
class Hazard:
    text: str
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")


@dataclass
class HazardsData:
    hazards: list[Hazard] = field(default_factory=list)


def hazards_section(meeting: Meeting, step: StepSpec, _history: Sequence[Meeting]) -> list[Section]:
    hazards = meeting.captured(step.key).hazards
    if not hazards:
        return [Section(step.title, (Paragraph("No hazards recorded."),))]
    return [Section(step.title, (ItemList(tuple(Item(hazard.text) for hazard in hazards)),))]


def hazard_text(item: dict[str, Any]) -> Iterable[Any]:
    return (item.get("text"),)


HAZARDS = kinds.Kind(
    "hazards",
    HazardsData,
    "hazards",
    section=hazards_section,
    count=lambda meeting, step: str(len(meeting.captured(step.key).hazards)),
    search_text=hazard_text,
    default_title="Hazards",
)


class HazardsPane(StepPane):
    kind = "hazards"
    COLUMNS = ("Hazard",)

    def compose_form(self) -> ComposeResult:
        yield Entry(placeholder="A hazard, Enter adds it", classes="hazard-text")

    def rows(self) -> Iterable[Row]:
        return [(hazard.id, (cell(hazard.text),)) for hazard in self.session.meeting.captured(self.step_key).hazards]

    @on(Input.Submitted, ".hazard-text")
    def add(self) -> None:
        text = self.value(".hazard-text")
        if self.attempt(self._add, text) is not None:
            self.clear_inputs(".hazard-text")

    def _add(self, text: str) -> Hazard:
        hazard = Hazard(text)
        # The session's one way to edit: undo, validation and autosave come with it.
        with self.session.edit("add hazard") as change:
            change.list(change.meeting.captured(self.step_key).hazards).append(hazard)
        return hazard


TEMPLATE = """name = "Hazard review"
[[steps]]
key = "agenda"
kind = "agenda"
title = "Agenda"
[[steps]]
key = "hazards"
kind = "hazards"
title = "Hazards"
prompt = "What could go wrong?"
[[steps]]
key = "wrap-up"
kind = "close"
title = "Wrap up"
"""


@pytest.fixture
def hazards_kind() -> Iterator[None]:
    kinds.register(HAZARDS)
    register_pane("hazards", HazardsPane)
    yield
    unregister_pane("hazards")
    kinds.unregister("hazards")


async def start_from_user_template(pilot: Any, partnership: str) -> None:
    """Set up a meeting from the user's template (listed after the four shipped ones) with one partner."""
    await pilot.press("n")
    assert isinstance(pilot.app.screen, SetupScreen)
    await pilot.press("shift+tab", "enter", *["down"] * 4, "enter")
    await pilot.press("tab")
    await type_text(pilot, partnership)
    await pilot.press("enter")
    await type_text(pilot, "Gill")
    await pilot.press("enter")
    await type_text(pilot, "Youth Service")
    await pilot.press("enter", "enter")
    await pilot.press("ctrl+s")
    await wait_for_workers(pilot)
    assert isinstance(pilot.app.screen, MeetingScreen)


def user_template(db_path: Path, text: str = TEMPLATE) -> None:
    folder = db_path.parent / "config" / "templates"
    folder.mkdir(parents=True)
    (folder / "hazard-review.toml").write_text(text, encoding="utf-8")


async def test_a_kind_registered_from_outside_runs_end_to_end(db_path: Path, hazards_kind: None) -> None:
    user_template(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await start_from_user_template(pilot, "Gill & Jun")
        assert app.session is not None
        assert [step.kind for step in app.session.steps] == ["agenda", "hazards", "close"]
        await pilot.press(STEP_KEYS[1])
        assert app.session.step.key == "hazards"
        app.screen.query_one("#pane-hazards", HazardsPane).focus_entry()
        await type_text(pilot, "Hall flooded")
        await pilot.press("enter")
        await type_text(pilot, "Grant late")
        await pilot.press("enter")
        assert [hazard.text for hazard in app.session.meeting.captured("hazards").hazards] == [
            "Hall flooded",
            "Grant late",
        ]
        assert app.screen._step_counts()["hazards"] == "2"
        await pilot.press(STEP_KEYS[2])
        await finish(pilot)
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)

    with Store(db_path, readonly=True) as store:
        [meeting] = store.meetings()
        [found] = store.search("flooded")
    assert meeting.status is MeetingStatus.CLOSED and found.id == meeting.id
    assert from_document(to_document(meeting)) == meeting
    document = to_document(meeting)
    assert document["captures"]["hazards"]["hazards"][0]["text"] == "Hall flooded"
    assert [hazard["text"] for hazard in items_of_kind(document, "hazards")] == ["Hall flooded", "Grant late"]
    markdown = render_markdown(meeting)
    assert "## Hazards" in markdown and "- Hall flooded" in markdown and "- Grant late" in markdown
    # In step order; the empty agenda and the health check nobody rated are left out (issue 15, item 10).
    assert "## Agenda" not in markdown and "## Health check" not in markdown
    assert markdown.index("## Hazards") < markdown.index("*Minutes produced by Facilitator.*")
    text = render_text(meeting)
    assert "Hazards\n-------" in text and "Grant late" in text


def test_a_template_using_a_kind_nobody_registered_is_refused_by_name(tmp_path: Path) -> None:
    from facilitator.templates import TemplateError, load_template

    path = tmp_path / "hazard-review.toml"
    path.write_text(TEMPLATE, encoding="utf-8")
    with pytest.raises(TemplateError, match=re.escape("steps[1].kind: 'hazards' is not one of: agenda, worked")):
        load_template(path)
