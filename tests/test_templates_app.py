"""Every shipped template run end to end by key presses, a broken template of the user's, and a tip.

Each template is chosen in set up, every one of its steps is visited and given something (an
agenda item, a tagged note, a conflict, a decision with a partner's reservation, an action),
the meeting is finished, and what is on disk is read back: the template's steps, and every
capture under the step it was made on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select, Static

from facilitator.minutes import render_markdown
from facilitator.model import MeetingStatus, Position, StepKind
from facilitator.templates import load_catalogue
from facilitator.tinydb_store import Store
from screens.home import HomeScreen
from screens.meeting import STEP_KEYS, MeetingScreen
from screens.setup import SetupScreen
from tests.apphelpers import finish, make_app, type_text, wait_for_store, wait_for_workers

TEMPLATES = list(load_catalogue(None).templates)


async def set_up(pilot, template_index: int) -> None:  # type: ignore[no-untyped-def]
    """Choose the template, name the partnership and two partners, start."""
    await pilot.press("n")
    assert isinstance(pilot.app.screen, SetupScreen)
    await pilot.press("shift+tab", "enter", *["down"] * template_index, "enter")
    await pilot.press("tab")  # back to the partnership
    await type_text(pilot, "Gill & Jun")
    await pilot.press("enter")
    for name, organisation in (("Gill", "Youth Service"), ("Jun", "Arts Trust")):
        await type_text(pilot, name)
        await pilot.press("enter")
        await type_text(pilot, organisation)
        await pilot.press("enter", "enter")  # no role
    await pilot.press("ctrl+s")
    await wait_for_workers(pilot)
    assert isinstance(pilot.app.screen, MeetingScreen)


async def capture(pilot, kind: StepKind, tags: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Give the step in sight one thing of its kind, as a facilitator would."""
    if kind is StepKind.AGENDA:
        await type_text(pilot, "Plan")
        await pilot.press("enter", "enter")
    elif kind in (StepKind.WORKED, StepKind.NOTES):
        # The speaker is the meeting's, carried from the step before: Gill is picked in the Who box.
        await pilot.press("shift+tab")
        await type_text(pilot, "gi")
        await pilot.press("enter")  # back in the note
        if tags:  # tags are optional: the first note is given the step's first tag
            await pilot.press("ctrl+t")
        await type_text(pilot, "one")
        await pilot.press("enter")
        if tags:  # the second note under the step's second tag (the tag went back to none), said by Jun
            await pilot.press("ctrl+t", "ctrl+t", "ctrl+r")
            await type_text(pilot, "two")
            await pilot.press("enter")
    elif kind is StepKind.CONFLICTS:
        await type_text(pilot, "Room")
        await pilot.press("enter", "enter", "enter", "5")  # no parties or way forward yet; collaborating
    elif kind is StepKind.DECISIONS:
        await type_text(pilot, "Go")
        await pilot.press("enter")
        await type_text(pilot, "Cheap")
        await pilot.press("enter", "2")  # the second partner agrees with a reservation
    elif kind is StepKind.ACTIONS:
        await type_text(pilot, "Book")
        await pilot.press("enter", "ctrl+r", "enter")
        await type_text(pilot, "+2w")
        await pilot.press("enter")
    elif kind == "contributions":  # an offer of the second partner's, by its initials
        await type_text(pilot, "at")
        await pilot.press("enter")
        await type_text(pilot, "Studio")
        await pilot.press("enter")
    elif kind == "risks":  # an open question, its owner typed by the first letters of a name
        await type_text(pilot, "Insured?")
        await pilot.press("enter")
        await type_text(pilot, "ju")
        await pilot.press("enter")


@pytest.mark.parametrize("template_id", TEMPLATES)
async def test_each_template_runs_from_set_up_to_finish(db_path: Path, template_id: str) -> None:
    template = load_catalogue(None).templates[template_id]
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await set_up(pilot, TEMPLATES.index(template_id))
        assert app.session is not None
        assert [step.key for step in app.session.steps] == [step.key for step in template.steps]
        for number, step in enumerate(template.steps):
            await pilot.press(STEP_KEYS[number])
            assert app.session.step.key == step.key
            prompt = app.screen.query_one(f"#pane-{step.key} .step-prompt", Static)
            assert str(prompt.render()) == step.prompt
            await capture(pilot, step.kind, step.tags)
        await finish(pilot)
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)

    with Store(db_path, readonly=True) as store:
        [meeting] = store.meetings()
    assert meeting.status is MeetingStatus.CLOSED
    assert meeting.template == template_id
    assert meeting.steps == template.new_steps()
    for step in template.steps:
        notes = [(n.text, n.tag, n.raised_by) for n in meeting.notes if n.step == step.key]
        if step.kind is StepKind.NOTES and step.tags:
            assert notes == [("one", step.tags[0], "Gill"), ("two", step.tags[1], "Jun")]
        elif step.kind in (StepKind.NOTES, StepKind.WORKED):
            assert notes[0][0] == "one"
    kinds = {step.kind for step in template.steps}
    assert bool(meeting.agenda) == (StepKind.AGENDA in kinds)
    assert bool(meeting.conflicts) == (StepKind.CONFLICTS in kinds)
    if StepKind.DECISIONS in kinds:
        [decision] = meeting.decisions
        assert (decision.text, decision.why) == ("Go", "Cheap")
        assert [(s.partner, s.position) for s in decision.positions] == [
            ("Youth Service", Position.AGREED),
            ("Arts Trust", Position.RESERVATION),
        ]
    [action] = meeting.actions
    assert (action.text, action.owner) == ("Book", "Gill")
    for step in template.steps:
        if step.kind == "contributions":
            assert [(o.text, o.partner) for o in meeting.captured(step.key).contributions] == [("Studio", "Arts Trust")]
        elif step.kind == "risks":
            assert [(r.text, r.owner) for r in meeting.captured(step.key).risks] == [("Insured?", "Jun")]
    assert [check.benefit for check in meeting.health.benefits] == list(template.benefits)
    minutes = render_markdown(meeting)
    for step in template.steps:
        if step.kind is StepKind.NOTES:
            assert f"## {step.title}" in minutes


async def test_a_broken_template_of_the_users_is_named_and_the_others_still_run(db_path: Path) -> None:
    folder = db_path.parent / "config" / "templates"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('name = "Broken"\n[[steps]]\nkey = "a"\nkind = "note"\ntitle = "A"\n')
    (folder / "standup.toml").write_text(
        'name = "Stand-up"\n'
        '[[steps]]\nkey = "yesterday"\nkind = "notes"\ntitle = "Since last time"\nprompt = "What got done?"\n'
        '[[steps]]\nkey = "close"\nkind = "close"\ntitle = "Close"\n'
    )
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        said = app.told
        assert any("broken.toml: steps[0].kind: 'note' is not one of" in message for message in said)
        await pilot.press("n")
        offered = [str(label) for label, _ in app.screen.query_one("#setup-template", Select)._options]
        assert offered == [
            "Partnership review",
            "Planning a joint project",
            "Partnership agreement",
            "After-action review",
            "Stand-up",
        ]
        await pilot.press("escape")
        await set_up(pilot, 4)
        assert app.session is not None
        assert [step.title for step in app.session.steps] == ["Since last time", "Close"]
